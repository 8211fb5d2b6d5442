//! The daily aggregate downstream of the dimensions, stored in both models: per day, the
//! accounts with many followers (1000+ at the default size) and the mutual follows. It is
//! what a broken `dim_relationships` silently gets wrong, and what a fix must recompute.
//!
//! - `agg_daily` is datestamped: one partition per day, read from that day's dimension
//!   partitions. Fixing some days of a dimension means rerunning exactly those days here.
//! - `agg_daily_scd2` is one table with a row per day, read from the SCD2 tables as of the
//!   day. After an SCD2 replay every day since the replay's start must be recomputed:
//!   nothing says which days the rewritten history actually changed.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use playground_protocol::EngineError;
use playground_queries::Thresholds;

use crate::parquet_io::write_parquet;
use crate::Warehouse;

use super::range::{days_between, materialize_range};
use super::{materialize, ROW_GROUP_ROWS};
use crate::error::bad_input;

pub use playground_backfill::{DATESTAMP_AGGREGATE as DATESTAMP_TABLE, SCD2_AGGREGATE as SCD2_TABLE};
/// The datestamped tables `agg_daily` reads: a day stored again in either is a day to
/// recompute.
pub const DATESTAMP_INPUTS: [&str; 2] = ["dim_users", "dim_relationships"];
/// The placeholder for "many followers".
const MANY: &str = "{{ many_followers }}";

/// Datestamp version: one partition of each dimension, counted by `ds` so the same text
/// serves one day or a range of them.
pub const DATESTAMP_SQL: &str = "WITH users AS (
  SELECT ds, count(*) FILTER (WHERE followers >= {{ many_followers }}) AS big_accounts
  FROM dim_users
  WHERE ds = '{{ ds }}'
  GROUP BY ds
),
mutuals AS (
  SELECT ds, count(*) FILTER (WHERE is_mutual) AS mutual_follows
  FROM dim_relationships
  WHERE ds = '{{ ds }}'
  GROUP BY ds
)
SELECT u.big_accounts, coalesce(m.mutual_follows, 0) AS mutual_follows, u.ds
FROM users u
LEFT JOIN mutuals m ON m.ds = u.ds";

/// SCD2 version: every other day's row kept, the day's row computed from the versions
/// valid on the day.
pub const SCD2_SQL: &str = "SELECT day, big_accounts, mutual_follows
FROM agg_daily_scd2
WHERE day <> DATE '{{ ds }}'
UNION ALL
SELECT DATE '{{ ds }}' AS day,
  (SELECT count(*) FROM dim_users_scd2
   WHERE valid_from <= DATE '{{ ds }}' AND (valid_to > DATE '{{ ds }}' OR valid_to IS NULL)
     AND followers >= {{ many_followers }}) AS big_accounts,
  (SELECT count(*) FROM dim_relationships_scd2
   WHERE valid_from <= DATE '{{ ds }}' AND (valid_to > DATE '{{ ds }}' OR valid_to IS NULL)
     AND is_mutual) AS mutual_follows
ORDER BY day";

/// `agg_daily_scd2(day, big_accounts, mutual_follows)`.
pub fn scd2_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("day", DataType::Date32, false),
        Field::new("big_accounts", DataType::Int64, false),
        Field::new("mutual_follows", DataType::Int64, false),
    ]))
}

/// A template with this network's "many followers" filled in (`{{ ds }}` stays).
///
/// ```
/// use playground_engine::pipelines::aggregate::{with_thresholds, DATESTAMP_SQL};
/// let sql = with_thresholds(DATESTAMP_SQL, playground_queries::Thresholds::for_users(300));
/// assert!(sql.contains("followers >= 30"));
/// ```
pub fn with_thresholds(template: &str, thresholds: Thresholds) -> String {
    template.replace(MANY, &thresholds.many.to_string())
}

/// Recomputes `agg_daily`'s partition for `ds`. Returns the rows written.
pub async fn run_datestamp(wh: &mut Warehouse, ds: &str) -> Result<u64, EngineError> {
    let sql = format!("SELECT * EXCLUDE (ds) FROM (\n{}\n) day", with_thresholds(DATESTAMP_SQL, wh.thresholds()));
    materialize(wh, &sql, ds, DATESTAMP_TABLE, true, None).await
}

/// Computes `agg_daily` for every day from `first` to `last` in one statement.
pub async fn run_datestamp_range(wh: &mut Warehouse, first: &str, last: &str) -> Result<u64, EngineError> {
    let sql = with_thresholds(DATESTAMP_SQL, wh.thresholds());
    materialize_range(wh, &sql, "big_accounts", first, last, DATESTAMP_TABLE).await
}

/// `agg_daily_scd2` for every day from `first` to `last` in one statement, from the SCD2
/// tables: the versions valid on a day are those opened on or before it and not closed
/// on or before it, so a running sum of openings (+1) and closings (-1) counts them.
pub fn scd2_rebuild_sql(first: &str, last: &str, thresholds: Thresholds) -> Result<String, String> {
    let days = days_between(first, last)?;
    let days = days.iter().map(|d| format!("(DATE '{d}')")).collect::<Vec<_>>().join(", ");
    Ok(with_thresholds(
        &format!(
            "WITH days AS (
  SELECT column1 AS day FROM (VALUES {days})
),
users AS (
  SELECT valid_from AS day, 1 AS delta FROM dim_users_scd2 WHERE followers >= {MANY}
  UNION ALL
  SELECT valid_to, -1 FROM dim_users_scd2 WHERE followers >= {MANY} AND valid_to IS NOT NULL
),
mutuals AS (
  SELECT valid_from AS day, 1 AS delta FROM dim_relationships_scd2 WHERE is_mutual
  UNION ALL
  SELECT valid_to, -1 FROM dim_relationships_scd2 WHERE is_mutual AND valid_to IS NOT NULL
),
users_change AS (
  SELECT day, sum(delta) AS change FROM users GROUP BY day
),
mutuals_change AS (
  SELECT day, sum(delta) AS change FROM mutuals GROUP BY day
)
SELECT d.day,
  sum(coalesce(u.change, 0)) OVER (ORDER BY d.day ROWS UNBOUNDED PRECEDING) AS big_accounts,
  sum(coalesce(m.change, 0)) OVER (ORDER BY d.day ROWS UNBOUNDED PRECEDING) AS mutual_follows
FROM days d
LEFT JOIN users_change u ON u.day = d.day
LEFT JOIN mutuals_change m ON m.day = d.day
ORDER BY d.day"
        ),
        thresholds,
    ))
}

/// Replaces `agg_daily_scd2` with every day from `first` to `last`, computed in one
/// statement from SCD2 tables that cover those days.
pub async fn rebuild_scd2(wh: &mut Warehouse, first: &str, last: &str) -> Result<u64, EngineError> {
    let sql = scd2_rebuild_sql(first, last, wh.thresholds()).map_err(bad_input)?;
    materialize(wh, &sql, last, SCD2_TABLE, false, Some(scd2_schema())).await
}

/// Recomputes `agg_daily_scd2`'s row for `ds`, creating the table when it is missing.
pub async fn run_scd2(wh: &mut Warehouse, ds: &str) -> Result<u64, EngineError> {
    if wh.catalog().tables.iter().all(|t| t.name != SCD2_TABLE) {
        let empty = write_parquet(&[RecordBatch::new_empty(scd2_schema())], ROW_GROUP_ROWS)
            .map_err(|e| crate::to_engine_error(&e))?;
        wh.store_table(SCD2_TABLE, empty).await?;
    }
    let sql = with_thresholds(SCD2_SQL, wh.thresholds());
    materialize(wh, &sql, ds, SCD2_TABLE, false, Some(scd2_schema())).await
}
