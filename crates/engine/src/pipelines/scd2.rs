//! SCD2 pipelines: the daily close-out-and-insert merge.
//!
//! Warehouses usually do this as two statements, an `UPDATE` that closes changed rows
//! and an `INSERT` of their new versions. Our engine only reads, and so does a pure
//! function, so the merge is written as **one statement that computes the next state
//! from the previous state and today's snapshot**, and the whole table is replaced with
//! its output. That shape is honest about what SCD2 costs:
//!
//! - day N cannot run before day N-1 has finished, because its input is day N-1's output
//!   (`depends_on_past`);
//! - every run reads and rewrites the table's whole history, even the closed rows it
//!   passes through unchanged;
//! - the statement differs from a backfill: rebuilding one past day means first
//!   rewinding the table to that day, then replaying every later day in order.
//!
//! The statement has three parts, glued with `UNION ALL`:
//! 1. closed rows (`NOT is_current`) pass through: history is never edited;
//! 2. open rows are kept open if today's snapshot has the same values, and closed
//!    (`valid_to = ds`, exclusive) if the values changed or the key disappeared;
//! 3. a new open version (`valid_from = ds`) for every key that is new or changed.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use playground_protocol::EngineError;

use crate::parquet_io::write_parquet;
use crate::Warehouse;

use super::{materialize, render, transforms, ROW_GROUP_ROWS};
use crate::error::bad_input;

/// One SCD2 table: what a day of it holds, its key and the attributes whose changes it
/// tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scd2Pipeline {
    /// Output table, e.g. `dim_users_scd2`.
    pub table: &'static str,
    /// The datestamped table with the same rows day by day, e.g. `dim_users`: what a
    /// one-pass rebuild ([`super::scd2_rebuild`]) reads.
    pub snapshots: &'static str,
    /// The day's rows, the same transform the datestamp pipeline stores
    /// ([`super::transforms`]), with `{{ ds }}`.
    pub transform: &'static str,
    /// Key columns with their types.
    pub keys: &'static [(&'static str, DataType)],
    /// Tracked columns with their types.
    pub attributes: &'static [(&'static str, DataType)],
}

/// The three SCD2 tables.
pub const PIPELINES: [Scd2Pipeline; 3] = [
    Scd2Pipeline {
        table: "dim_users_scd2",
        snapshots: "dim_users",
        transform: transforms::USERS,
        keys: &[("user_id", DataType::Int64)],
        attributes: &[
            ("signed_up", DataType::Date32),
            ("followers", DataType::Int64),
            ("following", DataType::Int64),
            ("device", DataType::Utf8),
        ],
    },
    Scd2Pipeline {
        table: "dim_devices_scd2",
        snapshots: "dim_devices",
        transform: transforms::DEVICES,
        keys: &[("user_id", DataType::Int64)],
        attributes: &[("device", DataType::Utf8)],
    },
    Scd2Pipeline {
        table: "dim_relationships_scd2",
        snapshots: "dim_relationships",
        transform: transforms::RELATIONSHIPS,
        keys: &[("user_id", DataType::Int64), ("friend_id", DataType::Int64)],
        attributes: &[("is_mutual", DataType::Boolean)],
    },
];

impl Scd2Pipeline {
    /// Schema of the SCD2 table: keys, attributes, `valid_from`, `valid_to` (exclusive,
    /// NULL while current) and `is_current`.
    pub fn schema(&self) -> SchemaRef {
        let mut fields: Vec<Field> =
            self.keys.iter().chain(self.attributes).map(|(name, t)| Field::new(*name, t.clone(), false)).collect();
        fields.push(Field::new("valid_from", DataType::Date32, false));
        fields.push(Field::new("valid_to", DataType::Date32, true));
        fields.push(Field::new("is_current", DataType::Boolean, false));
        Arc::new(Schema::new(fields))
    }

    /// The merge statement, with `{{ ds }}` for the run date.
    ///
    /// ```
    /// use playground_engine::pipelines::scd2::PIPELINES;
    /// let sql = PIPELINES[0].merge_sql();
    /// assert!(sql.contains("SELECT * FROM stg_dim_users_scd2"));
    /// assert!(sql.contains("IS DISTINCT FROM"));
    /// ```
    pub fn merge_sql(&self) -> String {
        self.merge_sql_over(&format!("SELECT * FROM {}", self.staging_table()))
    }

    /// Where [`Scd2Pipeline::run`] stages the day's rows before the merge: the merge reads
    /// them twice, and a staged result is computed once.
    pub fn staging_table(&self) -> String {
        format!("stg_{}", self.table)
    }

    /// The merge statement with `source` as the day's rows: the staging table, or the
    /// transform itself for one self-contained statement (the benchmark's).
    ///
    /// ```
    /// use playground_engine::pipelines::{scd2::PIPELINES, transforms};
    /// assert!(PIPELINES[0].merge_sql_over(transforms::USERS).contains(transforms::USERS));
    /// ```
    pub fn merge_sql_over(&self, source: &str) -> String {
        let t = self.table;
        let keys: Vec<&str> = self.keys.iter().map(|k| k.0).collect();
        let attrs: Vec<&str> = self.attributes.iter().map(|a| a.0).collect();
        let cols =
            |prefix: &str| keys.iter().chain(&attrs).map(|c| format!("{prefix}{c}")).collect::<Vec<_>>().join(", ");
        let key_join = keys.iter().map(|k| format!("o.{k} = s.{k}")).collect::<Vec<_>>().join(" AND ");
        // Parenthesised: IS [NOT] DISTINCT FROM binds looser than AND in the parser.
        let unchanged =
            attrs.iter().map(|a| format!("(o.{a} IS NOT DISTINCT FROM s.{a})")).collect::<Vec<_>>().join(" AND ");
        let changed = attrs.iter().map(|a| format!("(o.{a} IS DISTINCT FROM s.{a})")).collect::<Vec<_>>().join(" OR ");
        let first_key = keys[0];
        let order = keys.join(", ");
        format!(
            "-- Next state of {t} after the day '{{{{ ds }}}}'.
-- The day's rows: the same transform the datestamp pipeline stores.
WITH source AS (
{source}
),
open_rows AS (
  SELECT * FROM {t} WHERE is_current
),
-- An open row stays open only if today's snapshot still has it with the same values.
still_current AS (
  SELECT o.*, s.{first_key} IS NOT NULL AND {unchanged} AS unchanged
  FROM open_rows o LEFT JOIN source s ON {key_join}
)
-- 1. Closed history passes through untouched.
SELECT {all_cols}, valid_from, valid_to, is_current
FROM {t} WHERE NOT is_current
UNION ALL
-- 2. Open rows: kept open, or closed out as of today (valid_to is exclusive): a changed
--    key, and a key that is gone (a deleted or deactivated account, an unfollow).
SELECT {all_cols}, valid_from,
       CASE WHEN unchanged THEN CAST(NULL AS DATE) ELSE DATE '{{{{ ds }}}}' END AS valid_to,
       unchanged AS is_current
FROM still_current
UNION ALL
-- 3. A new open version for every new or changed key, and for a key that came back.
SELECT {s_cols}, DATE '{{{{ ds }}}}' AS valid_from, CAST(NULL AS DATE) AS valid_to, true AS is_current
FROM source s LEFT JOIN open_rows o ON {key_join}
WHERE o.{first_key} IS NULL OR {changed}
ORDER BY {order}, valid_from",
            all_cols = cols(""),
            s_cols = cols("s."),
        )
    }

    /// The extra statement an SCD2 backfill needs before replaying from `{{ ds }}`: the
    /// table as it stood after the day before. Versions created on or after the day go;
    /// versions closed on or after it are open again. A datestamp backfill needs nothing
    /// of the kind: it just reruns the daily statement.
    ///
    /// ```
    /// use playground_engine::pipelines::scd2::PIPELINES;
    /// assert!(PIPELINES[0].rewind_sql().contains("WHERE valid_from < DATE '{{ ds }}'"));
    /// ```
    pub fn rewind_sql(&self) -> String {
        let cols: Vec<&str> = self.keys.iter().chain(self.attributes).map(|c| c.0).collect();
        let order: Vec<&str> = self.keys.iter().map(|k| k.0).collect();
        format!(
            "-- {t} as it stood after the day before '{{{{ ds }}}}'.
SELECT {cols}, valid_from,
       CASE WHEN valid_to < DATE '{{{{ ds }}}}' THEN valid_to ELSE CAST(NULL AS DATE) END AS valid_to,
       (valid_to IS NULL OR valid_to >= DATE '{{{{ ds }}}}') AS is_current
FROM {t}
WHERE valid_from < DATE '{{{{ ds }}}}'
ORDER BY {order}, valid_from",
            t = self.table,
            cols = cols.join(", "),
            order = order.join(", "),
        )
    }

    /// Rewinds the table to the state after the day before `ds`.
    pub async fn rewind(&self, wh: &mut Warehouse, ds: &str) -> Result<u64, EngineError> {
        materialize(wh, &self.rewind_sql(), ds, self.table, false, Some(self.schema())).await
    }

    /// Creates the table empty, the state before the first day.
    pub async fn create_empty(&self, wh: &mut Warehouse) -> Result<(), EngineError> {
        let bytes = write_parquet(&[RecordBatch::new_empty(self.schema())], ROW_GROUP_ROWS)
            .map_err(|e| crate::to_engine_error(&e))?;
        wh.store_table(self.table, bytes).await.map(|_| ())
    }

    /// Runs the merge for `ds` and replaces the table with the next state. The table must
    /// hold the state as of the day before. Returns the rows of the new state.
    pub async fn run(&self, wh: &mut Warehouse, ds: &str) -> Result<u64, EngineError> {
        self.run_with(wh, ds, self.transform).await
    }

    /// Like [`Scd2Pipeline::run`], with the day's rows computed by `transform` (a broken
    /// pipeline's, say): staged first, then merged.
    pub async fn run_with(&self, wh: &mut Warehouse, ds: &str, transform: &str) -> Result<u64, EngineError> {
        if !wh.has_table(self.table) {
            self.create_empty(wh).await?;
        }
        let rows = wh.collect(&render(transform, ds).map_err(bad_input)?).await?;
        let staging = self.staging_table();
        wh.stage(&staging, rows)?;
        let merged = materialize(wh, &self.merge_sql(), ds, self.table, false, Some(self.schema())).await;
        wh.unstage(&staging);
        merged
    }
}

/// Name of the damaged copy of `dim_users_scd2` the pitfall gallery uses.
pub const BOTCHED_TABLE: &str = "dim_users_scd2_botched";

/// A botched backfill of one day of `dim_users_scd2`, as SQL: the versions it should have
/// closed on `{{ ds }}` were written back open (`valid_to` NULL, `is_current` true) next to
/// their successors. Every user who changed that day now has overlapping ranges and two
/// current rows.
///
/// ```
/// let sql = playground_engine::pipelines::scd2::botched_sql();
/// assert!(sql.contains("WHERE valid_to = DATE '{{ ds }}'"));
/// ```
pub fn botched_sql() -> String {
    let p = &PIPELINES[0];
    let cols: Vec<&str> = p.keys.iter().chain(p.attributes).map(|c| c.0).collect();
    let cols = cols.join(", ");
    format!(
        "SELECT {cols}, valid_from, valid_to, is_current
FROM dim_users_scd2
WHERE valid_to IS NULL OR valid_to <> DATE '{{{{ ds }}}}'
UNION ALL
SELECT {cols}, valid_from, CAST(NULL AS DATE) AS valid_to, true AS is_current
FROM dim_users_scd2
WHERE valid_to = DATE '{{{{ ds }}}}'
ORDER BY user_id, valid_from"
    )
}

/// Writes [`BOTCHED_TABLE`]: `dim_users_scd2` as a botched backfill of `ds` leaves it.
pub async fn write_botched_copy(wh: &mut Warehouse, ds: &str) -> Result<u64, EngineError> {
    materialize(wh, &botched_sql(), ds, BOTCHED_TABLE, false, Some(PIPELINES[0].schema())).await
}
