//! The bug-fix scenario: a broken `dim_relationships` pipeline inverted `is_mutual` for
//! two weeks, in both models, and the daily mutual-follows metric went wrong. Repairing
//! it is a backfill: in datestamps, rerun the bad days (in parallel); in SCD2, rewind to
//! the first bad day and replay every day since. The clean bytes are kept, so each repair
//! is checked against the clean build.

use std::collections::BTreeMap;

use playground_protocol::{BugReport, EngineError};
use playground_queries::QuestionParams;

use crate::error::bad_input;
use crate::fixtures::to_csv;
use crate::pipelines::{aggregate, datestamp, materialize, scd2, transforms};
use crate::Warehouse;

/// Days the bug lasted.
pub const BUG_DAYS: usize = 14;

/// The broken `is_mutual`: inverted.
const BUGGY_MUTUAL: &str = "back.user_id IS NULL AS is_mutual";

/// The daily mutual-follows count straight from the raw snapshots: follows between active
/// accounts whose reverse exists the same day.
const TRUTH_SQL: &str = "WITH active AS (
  SELECT ds, user_id FROM users WHERE status = 'active'
),
follows AS (
  SELECT r.ds, r.user_id, r.friend_id
  FROM relationships r
  JOIN active a ON a.ds = r.ds AND a.user_id = r.user_id
  JOIN active b ON b.ds = r.ds AND b.user_id = r.friend_id
),
mutual AS (
  SELECT f.ds, count(*) AS n
  FROM follows f
  JOIN follows back ON back.ds = f.ds AND back.user_id = f.friend_id AND back.friend_id = f.user_id
  GROUP BY f.ds
)
SELECT d.ds, coalesce(m.n, 0) AS n
FROM (SELECT DISTINCT ds FROM users) d
LEFT JOIN mutual m ON m.ds = d.ds";

/// A buggy version of an SQL text that holds the relationships transform.
fn buggy(sql: &str) -> Result<String, EngineError> {
    let broken = sql.replacen(transforms::MUTUAL, BUGGY_MUTUAL, 1);
    if broken == sql {
        return Err(bad_input("the relationships transform changed shape; the bug has nowhere to go"));
    }
    Ok(broken)
}

/// Two weeks from 1 November when the warehouse has them, else the two weeks ending a
/// week before its last day.
///
/// ```
/// use playground_engine::backfill::bad_days;
/// let days: Vec<String> = (1..=30).map(|d| format!("2024-11-{d:02}")).collect();
/// assert_eq!(bad_days(&days).first().map(String::as_str), Some("2024-11-01"));
/// assert_eq!(bad_days(&days).len(), 14);
/// ```
pub fn bad_days(days: &[String]) -> Vec<String> {
    let start = match days.iter().position(|d| d.ends_with("-11-01")) {
        Some(i) if i + BUG_DAYS <= days.len() => i,
        _ => days.len().saturating_sub(BUG_DAYS + 7),
    };
    days[start..(start + BUG_DAYS).min(days.len())].to_vec()
}

impl Warehouse {
    /// Plants the bug in both models, as the broken pipeline and everything downstream of
    /// it would have left them, and reports where the metric went wrong.
    pub async fn plant_bug(&mut self) -> Result<BugReport, EngineError> {
        let days: Vec<String> = self.storage_growth().iter().map(|p| p.ds.clone()).collect();
        let bad = bad_days(&days);
        let Some(first_bad) = bad.first().cloned() else {
            return Err(bad_input("build the social network first: there is nothing to break"));
        };
        let relationships = &scd2::PIPELINES[2];
        if self.clean.is_empty() {
            for ds in &bad {
                for table in ["dim_relationships", aggregate::DATESTAMP_TABLE] {
                    if let Some(b) = self.file_bytes(table, Some(ds)).await {
                        self.clean.insert((table.into(), Some(ds.clone())), b);
                    }
                }
            }
            for table in [relationships.table, aggregate::SCD2_TABLE] {
                if let Some(b) = self.file_bytes(table, None).await {
                    self.clean.insert((table.into(), None), b);
                }
            }
            self.clean_answer = Some(self.retention_answer(false).await?);
        }
        let broken = buggy(&datestamp::PIPELINES[2].sql())?;
        for ds in &bad {
            materialize(self, &broken, ds, "dim_relationships", true, None).await?;
            aggregate::run_datestamp(self, ds).await?;
        }
        let broken_transform = buggy(relationships.transform)?;
        relationships.rewind(self, &first_bad).await?;
        for ds in days.iter().filter(|d| **d >= first_bad) {
            if bad.contains(ds) {
                relationships.run_with(self, ds, &broken_transform).await?;
            } else {
                relationships.run(self, ds).await?;
            }
            aggregate::run_scd2(self, ds).await?;
        }
        self.bad_days = bad;
        self.note_lab_changed();
        self.check_metric().await
    }

    /// The retention question's answer in one model, as CSV.
    async fn retention_answer(&self, scd2: bool) -> Result<String, EngineError> {
        let (Some(first), Some(last)) = (self.storage_growth().first(), self.storage_growth().last()) else {
            return Err(bad_input("build the social network first: there is no question to ask"));
        };
        let q = playground_queries::by_id("retention").ok_or_else(|| bad_input("no retention question"))?;
        let p = QuestionParams::for_range(&first.ds, &last.ds, self.thresholds());
        let sql = playground_queries::render(if scd2 { q.scd2_sql } else { q.datestamp_sql }, &p).map_err(bad_input)?;
        Ok(to_csv(&self.run(&sql, 1_000_000).await?))
    }

    /// Compares the daily mutual-follows count of both models, and of both stored daily
    /// aggregates, with the raw snapshots, and the retention answer with the clean one.
    pub async fn check_metric(&self) -> Result<BugReport, EngineError> {
        let per_day = |sql: String| async move {
            let r = self.run(&sql, 100_000).await?;
            let mut out = BTreeMap::new();
            for i in 0..r.kept_rows {
                let (Some(ds), n) = (r.columns[0].values.display(i), r.columns[1].values.display(i)) else { continue };
                out.insert(ds, n.unwrap_or_default());
            }
            Ok::<_, EngineError>(out)
        };
        let truth = per_day(TRUTH_SQL.into()).await?;
        let datestamp =
            per_day("SELECT ds, count(*) FILTER (WHERE is_mutual) AS n FROM dim_relationships GROUP BY ds".into())
                .await?;
        let scd2 = per_day(
            "SELECT d.ds, count(r.user_id) AS n
FROM (SELECT DISTINCT ds FROM dim_relationships) d
LEFT JOIN dim_relationships_scd2 r
  ON r.valid_from <= CAST(d.ds AS DATE)
 AND (r.valid_to > CAST(d.ds AS DATE) OR r.valid_to IS NULL)
 AND r.is_mutual
GROUP BY d.ds"
                .into(),
        )
        .await?;
        let stored_datestamp =
            per_day(format!("SELECT ds, mutual_follows FROM {}", aggregate::DATESTAMP_TABLE)).await?;
        let stored_scd2 =
            per_day(format!("SELECT CAST(day AS VARCHAR), mutual_follows FROM {}", aggregate::SCD2_TABLE)).await?;
        let wrong = |model: &BTreeMap<String, String>| {
            truth.iter().filter(|(ds, n)| model.get(*ds) != Some(n)).map(|(ds, _)| ds.clone()).collect()
        };
        let retention_right = match &self.clean_answer {
            Some(clean) => {
                (self.retention_answer(false).await? == *clean, self.retention_answer(true).await? == *clean)
            }
            None => (true, true),
        };
        Ok(BugReport {
            bad_days: self.bad_days.clone(),
            wrong_datestamp: wrong(&datestamp),
            wrong_scd2: wrong(&scd2),
            wrong_aggregate_datestamp: wrong(&stored_datestamp),
            wrong_aggregate_scd2: wrong(&stored_scd2),
            retention_right,
        })
    }

    /// The bytes a file had in the clean build, when a planted bug has changed it since.
    pub(crate) fn clean_bytes(&self, table: &str, ds: Option<&str>) -> Option<&bytes::Bytes> {
        self.clean.get(&(table.to_string(), ds.map(str::to_string)))
    }
}
