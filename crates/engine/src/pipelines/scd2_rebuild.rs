//! SCD2 rebuilt from daily snapshots in one pass.
//!
//! With a full snapshot of a dimension for every day, its SCD2 table is a function of
//! the snapshots: a version is a run of consecutive days on which a key had the same
//! values. `valid_from` is the run's first day; `valid_to` is the day after its last day
//! (the day the values changed or the key disappeared), NULL while the run reaches the
//! last day. One window-function statement computes every version of every key, so
//! there is no chain of daily merges to replay. The converse does not hold: an SCD2
//! table alone cannot give back the snapshots it was merged from once the raw data is
//! gone, which is the argument for keeping them.
//!
//! `tests/scd2_rebuild.rs` checks the rebuilt tables against the daily merge chain, day
//! by day.

use playground_protocol::EngineError;

use crate::error::bad_input;
use crate::layout::parse_ds;
use crate::Warehouse;

use super::scd2::Scd2Pipeline;
use super::{materialize, range::days_between};

impl Scd2Pipeline {
    /// The one-pass statement: every version of every key over the snapshots of `first`
    /// to `last`, with the columns and order the daily merge writes.
    ///
    /// ```
    /// use playground_engine::pipelines::scd2::PIPELINES;
    /// let sql = PIPELINES[1].rebuild_sql("2024-10-01", "2024-10-31").unwrap();
    /// assert!(sql.contains("FROM dim_devices\n  WHERE ds BETWEEN '2024-10-01' AND '2024-10-31'"));
    /// assert!(PIPELINES[1].rebuild_sql("2024-10-31", "2024-10-01").is_err());
    /// ```
    pub fn rebuild_sql(&self, first: &str, last: &str) -> Result<String, String> {
        if parse_ds(first)? > parse_ds(last)? {
            return Err(format!("the range {first} to {last} ends before it starts"));
        }
        let keys: Vec<&str> = self.keys.iter().map(|k| k.0).collect();
        let attrs: Vec<&str> = self.attributes.iter().map(|a| a.0).collect();
        let cols = keys.iter().chain(&attrs).copied().collect::<Vec<_>>().join(", ");
        let by_key = format!("PARTITION BY {} ORDER BY day", keys.join(", "));
        // Parenthesised: IS NOT DISTINCT FROM binds looser than AND in the parser.
        let same_as_before =
            attrs.iter().map(|a| format!("(lag({a}) OVER ({by_key}) IS NOT DISTINCT FROM {a})")).collect::<Vec<_>>();
        Ok(format!(
            "-- {t} rebuilt in one pass from the daily snapshots in {src}.
WITH days AS (
  SELECT {cols}, CAST(ds AS DATE) AS day
  FROM {src}
  WHERE ds BETWEEN '{first}' AND '{last}'
),
-- A version starts where the key was missing the day before or its values changed.
starts AS (
  SELECT *,
    CASE WHEN (lag(day) OVER ({by_key}) = day - INTERVAL '1 day')
          AND {same}
         THEN 0 ELSE 1 END AS starts_version
  FROM days
),
versions AS (
  SELECT *, sum(starts_version) OVER ({by_key} ROWS UNBOUNDED PRECEDING) AS version
  FROM starts
)
-- One row per version: open while it reaches the last day, else closed the day after.
SELECT {cols},
       min(day) AS valid_from,
       CASE WHEN max(day) = DATE '{last}' THEN CAST(NULL AS DATE)
            ELSE CAST(max(day) + INTERVAL '1 day' AS DATE) END AS valid_to,
       max(day) = DATE '{last}' AS is_current
FROM versions
GROUP BY {keys}, version, {attrs}
ORDER BY {keys}, valid_from",
            t = self.table,
            src = self.snapshots,
            same = same_as_before.join("\n          AND "),
            keys = keys.join(", "),
            attrs = attrs.join(", "),
        ))
    }

    /// Replaces the table with its one-pass rebuild from the snapshots of every day from
    /// `first` to `last`, which must all be in the warehouse. Returns the rows written.
    pub async fn rebuild(&self, wh: &mut Warehouse, first: &str, last: &str) -> Result<u64, EngineError> {
        let days = days_between(first, last).map_err(bad_input)?;
        if let Some(missing) = days.iter().find(|d| wh.partition_bytes(self.snapshots, d) == 0) {
            return Err(bad_input(format!(
                "{} has no snapshot for {missing}: a one-pass rebuild needs every day from {first} to {last}",
                self.snapshots
            )));
        }
        let sql = self.rebuild_sql(first, last).map_err(bad_input)?;
        // The statement names its days itself: `{{ ds }}` is not in it.
        materialize(wh, &sql, last, self.table, false, Some(self.schema())).await
    }
}
