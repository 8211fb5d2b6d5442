//! The datestamp pipelines a daily run executes, in order, and the raw tables each reads.
//! The engine holds their SQL; the DAG, the pool and the page name them from here.

use playground_protocol::TaskPipeline;

/// One datestamped output table and the raw snapshots it is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyTable {
    /// Output table, partitioned by `ds`.
    pub table: &'static str,
    /// The raw tables it reads, the same day's partition of each.
    pub sources: &'static [&'static str],
}

/// The four datestamp pipelines, in the order a daily run executes them.
pub const DATESTAMP_TABLES: [DailyTable; 4] = [
    DailyTable { table: "dim_users", sources: &["users", "relationships", "devices"] },
    DailyTable { table: "dim_devices", sources: &["users", "devices"] },
    DailyTable { table: "dim_relationships", sources: &["users", "relationships"] },
    DailyTable { table: "fct_post_views", sources: &["post_views"] },
];

/// The built-in datestamp pipelines as a real backfill runs them.
///
/// ```
/// let p = playground_backfill::daily::datestamp_pipelines();
/// assert_eq!((p[2].table.as_str(), p[2].sources.len(), p[2].sql.is_none()), ("dim_relationships", 2, true));
/// ```
pub fn datestamp_pipelines() -> Vec<TaskPipeline> {
    DATESTAMP_TABLES
        .iter()
        .map(|d| TaskPipeline {
            table: d.table.into(),
            sources: d.sources.iter().map(|s| s.to_string()).collect(),
            sql: None,
        })
        .collect()
}

/// The daily aggregate downstream of the datestamped dimensions (one `ds` partition a day).
pub const DATESTAMP_AGGREGATE: &str = "agg_daily";
/// The daily aggregate kept beside the SCD2 tables (one table, a row a day).
pub const SCD2_AGGREGATE: &str = "agg_daily_scd2";
