//! Datestamp pipelines: each output partition is a pure function of the same day's input
//! partitions. The text below is what runs for a daily run and for a backfill alike; only
//! `{{ ds }}` changes. The full `ORDER BY` makes the output rows, and so the Parquet
//! bytes, identical on every rerun.

use playground_backfill::DATESTAMP_TABLES;
use playground_protocol::EngineError;

use crate::Warehouse;

use super::{materialize, range, transforms};

/// One datestamped output table and the statement that builds one day of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatestampPipeline {
    /// Output table, partitioned by `ds`.
    pub table: &'static str,
    /// The raw tables it reads, the same day's partition of each.
    pub sources: &'static [&'static str],
    /// What one day of the table holds ([`super::transforms`]), with `{{ ds }}`.
    pub transform: &'static str,
    /// The full sort that makes reruns byte-identical.
    pub order_by: &'static str,
}

/// The four datestamp pipelines, in the order a daily run executes them; their names
/// and sources are [`DATESTAMP_TABLES`].
pub const PIPELINES: [DatestampPipeline; 4] = [
    DatestampPipeline {
        table: DATESTAMP_TABLES[0].table,
        sources: DATESTAMP_TABLES[0].sources,
        transform: transforms::USERS,
        order_by: "user_id",
    },
    DatestampPipeline {
        table: DATESTAMP_TABLES[1].table,
        sources: DATESTAMP_TABLES[1].sources,
        transform: transforms::DEVICES,
        order_by: "user_id",
    },
    DatestampPipeline {
        table: DATESTAMP_TABLES[2].table,
        sources: DATESTAMP_TABLES[2].sources,
        transform: transforms::RELATIONSHIPS,
        order_by: "user_id, friend_id",
    },
    DatestampPipeline {
        table: DATESTAMP_TABLES[3].table,
        sources: DATESTAMP_TABLES[3].sources,
        transform: transforms::POST_VIEWS,
        order_by: "viewer_id, post_id, poster_id",
    },
];

impl DatestampPipeline {
    /// The daily statement, with `{{ ds }}`: the transform in a full order, without its
    /// `ds` column (the partition's directory says the day).
    ///
    /// ```
    /// use playground_engine::pipelines::datestamp::PIPELINES;
    /// assert!(PIPELINES[2].sql().ends_with("ORDER BY user_id, friend_id"));
    /// ```
    pub fn sql(&self) -> String {
        format!("SELECT * EXCLUDE (ds) FROM (\n{}\n) day\nORDER BY {}", self.transform, self.order_by)
    }

    /// Runs the pipeline for one day and swaps the output partition in whole.
    /// Returns the rows written.
    pub async fn run(&self, wh: &mut Warehouse, ds: &str) -> Result<u64, EngineError> {
        materialize(wh, &self.sql(), ds, self.table, true, None).await
    }

    /// Runs the pipeline for every day from `first` to `last` in one statement (the
    /// same transform, its day widened to the range) and swaps in each day's partition.
    /// Returns the rows written.
    pub async fn run_range(&self, wh: &mut Warehouse, first: &str, last: &str) -> Result<u64, EngineError> {
        range::materialize_range(wh, self.transform, self.order_by, first, last, self.table).await
    }
}
