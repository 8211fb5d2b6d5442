//! The bug-fix scenario: a broken `dim_relationships` pipeline inverted `is_mutual` for
//! two weeks, in both models, and the daily mutual-follows metric went wrong. Repairing
//! it is a backfill: in datestamps, rerun the bad days (in parallel); in SCD2, rewind to
//! the first bad day and replay every day since. The clean bytes are kept, so each repair
//! is checked against the clean build.

use std::collections::BTreeMap;

use playground_protocol::{BugReport, EngineError};

use crate::error::bad_input;
use crate::pipelines::{materialize, scd2};
use crate::Warehouse;

/// Days the bug lasted.
pub const BUG_DAYS: usize = 14;

/// The broken datestamp statement: `is_mutual` inverted.
const BUGGY_DATESTAMP_SQL: &str = "SELECT user_id, friend_id, NOT is_mutual AS is_mutual
FROM relationships
WHERE ds = '{{ ds }}'
ORDER BY user_id, friend_id";

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
    /// Plants the bug in both models and reports where the metric went wrong.
    pub async fn plant_bug(&mut self) -> Result<BugReport, EngineError> {
        let days: Vec<String> = self.storage_growth().iter().map(|p| p.ds.clone()).collect();
        let bad = bad_days(&days);
        let Some(first_bad) = bad.first().cloned() else {
            return Err(bad_input("build the social network first: there is nothing to break"));
        };
        let relationships = &scd2::PIPELINES[2];
        if self.clean.is_empty() {
            for ds in &bad {
                if let Some(b) = self.file_bytes("dim_relationships", Some(ds)).await {
                    self.clean.insert(("dim_relationships".into(), Some(ds.clone())), b);
                }
            }
            if let Some(b) = self.file_bytes(relationships.table, None).await {
                self.clean.insert((relationships.table.into(), None), b);
            }
        }
        for ds in &bad {
            materialize(self, BUGGY_DATESTAMP_SQL, ds, "dim_relationships", true, None).await?;
        }
        let merge = relationships.merge_sql();
        let buggy_merge = merge.replacen(
            "SELECT user_id, friend_id, is_mutual\n  FROM relationships",
            "SELECT user_id, friend_id, NOT is_mutual AS is_mutual\n  FROM relationships",
            1,
        );
        if buggy_merge == merge {
            return Err(bad_input("the relationships merge changed shape; the bug has nowhere to go"));
        }
        relationships.rewind(self, &first_bad).await?;
        for ds in days.iter().filter(|d| **d >= first_bad) {
            if bad.contains(ds) {
                materialize(self, &buggy_merge, ds, relationships.table, false, Some(relationships.schema())).await?;
            } else {
                relationships.run(self, ds).await?;
            }
        }
        self.bad_days = bad;
        self.note_lab_changed();
        self.check_metric().await
    }

    /// Compares the daily mutual-follows count of both models with the raw snapshots.
    pub async fn check_metric(&self) -> Result<BugReport, EngineError> {
        let per_day = |sql: &'static str| async move {
            let r = self.run(sql, 100_000).await?;
            let mut out = BTreeMap::new();
            for i in 0..r.kept_rows {
                let (Some(ds), n) = (r.columns[0].values.display(i), r.columns[1].values.display(i)) else { continue };
                out.insert(ds, n.unwrap_or_default());
            }
            Ok::<_, EngineError>(out)
        };
        let truth = per_day("SELECT ds, count(*) FILTER (WHERE is_mutual) AS n FROM relationships GROUP BY ds").await?;
        let datestamp =
            per_day("SELECT ds, count(*) FILTER (WHERE is_mutual) AS n FROM dim_relationships GROUP BY ds").await?;
        let scd2 = per_day(
            "SELECT d.ds, count(r.user_id) AS n
FROM (SELECT DISTINCT ds FROM relationships) d
LEFT JOIN dim_relationships_scd2 r
  ON r.valid_from <= CAST(d.ds AS DATE)
 AND (r.valid_to > CAST(d.ds AS DATE) OR r.valid_to IS NULL)
 AND r.is_mutual
GROUP BY d.ds",
        )
        .await?;
        let wrong = |model: &BTreeMap<String, String>| {
            truth.iter().filter(|(ds, n)| model.get(*ds) != Some(n)).map(|(ds, _)| ds.clone()).collect()
        };
        Ok(BugReport { bad_days: self.bad_days.clone(), wrong_datestamp: wrong(&datestamp), wrong_scd2: wrong(&scd2) })
    }

    /// The bytes a file had in the clean build, when a planted bug has changed it since.
    pub(crate) fn clean_bytes(&self, table: &str, ds: Option<&str>) -> Option<&bytes::Bytes> {
        self.clean.get(&(table.to_string(), ds.map(str::to_string)))
    }
}
