//! The datestamp pipelines a daily run executes, in order, and the raw table each reads.
//! The engine holds their SQL; the DAG, the pool and the page name them from here.

/// One datestamped output table and the raw snapshot it is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyTable {
    /// Output table, partitioned by `ds`.
    pub table: &'static str,
    /// The raw table it reads, the same day's partition.
    pub source: &'static str,
}

/// The four datestamp pipelines, in the order a daily run executes them.
pub const DATESTAMP_TABLES: [DailyTable; 4] = [
    DailyTable { table: "dim_users", source: "users" },
    DailyTable { table: "dim_devices", source: "devices" },
    DailyTable { table: "dim_relationships", source: "relationships" },
    DailyTable { table: "fct_post_views", source: "post_views" },
];
