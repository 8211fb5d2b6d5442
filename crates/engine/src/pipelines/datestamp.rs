//! Datestamp pipelines: each output partition is a pure function of the same day's input
//! partition. The text below is what runs for a daily run and for a backfill alike; only
//! `{{ ds }}` changes. The full `ORDER BY` makes the output rows, and so the Parquet
//! bytes, identical on every rerun.

use playground_backfill::DATESTAMP_TABLES;
use playground_protocol::EngineError;

use crate::Warehouse;

use super::materialize;

/// One datestamped output table and the statement that builds one day of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatestampPipeline {
    /// Output table, partitioned by `ds`.
    pub table: &'static str,
    /// The raw table it reads.
    pub source: &'static str,
    /// The statement, with `{{ ds }}` for the run date.
    pub sql: &'static str,
}

/// The four datestamp pipelines, in the order a daily run executes them; their names
/// are [`DATESTAMP_TABLES`].
pub const PIPELINES: [DatestampPipeline; 4] = [
    DatestampPipeline {
        table: DATESTAMP_TABLES[0].table,
        source: DATESTAMP_TABLES[0].source,
        sql: "SELECT user_id, followers
FROM users
WHERE ds = '{{ ds }}'
ORDER BY user_id",
    },
    DatestampPipeline {
        table: DATESTAMP_TABLES[1].table,
        source: DATESTAMP_TABLES[1].source,
        sql: "SELECT user_id, device
FROM devices
WHERE ds = '{{ ds }}'
ORDER BY user_id",
    },
    DatestampPipeline {
        table: DATESTAMP_TABLES[2].table,
        source: DATESTAMP_TABLES[2].source,
        sql: "SELECT user_id, friend_id, is_mutual
FROM relationships
WHERE ds = '{{ ds }}'
ORDER BY user_id, friend_id",
    },
    DatestampPipeline {
        table: DATESTAMP_TABLES[3].table,
        source: DATESTAMP_TABLES[3].source,
        sql: "SELECT post_id, viewer_id, poster_id
FROM post_views
WHERE ds = '{{ ds }}'
ORDER BY viewer_id, post_id, poster_id",
    },
];

impl DatestampPipeline {
    /// Runs the pipeline for one day and swaps the output partition in whole.
    /// Returns the rows written.
    pub async fn run(&self, wh: &mut Warehouse, ds: &str) -> Result<u64, EngineError> {
        materialize(wh, self.sql, ds, self.table, true, None).await
    }
}
