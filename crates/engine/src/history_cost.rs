//! The cost of history, measured: each model's storage as days accumulate (recorded by
//! the build), one point-in-time lookup timed in each model, and the fast growers'
//! follower counts for the growth chart.

use std::collections::BTreeMap;

use playground_protocol::{EngineError, FollowerSeries, HistoryCost, LookupCost};
use playground_queries::history_cost::{COHORT_GROWTH_SQL, POINT_IN_TIME};
use playground_queries::{render, QuestionParams};

use crate::compare::median;
use crate::error::bad_input;
use crate::Warehouse;

/// Rows the cohort query may return: dozens of users × days, with room to spare.
const COHORT_ROWS: usize = 200_000;

impl Warehouse {
    fn question_params(&self, today: &str, past: &str, date: &str) -> QuestionParams {
        let (today, past, date) = (today.into(), past.into(), date.into());
        QuestionParams { today, past, date, user_id: 0, thresholds: self.thresholds() }
    }

    /// Storage growth of every model and the lookup of `date` timed `runs` times in each.
    pub async fn history_cost(&self, date: &str, runs: u32) -> Result<HistoryCost, EngineError> {
        if !(1..=20).contains(&runs) {
            return Err(bad_input(format!("runs must be between 1 and 20, not {runs}")));
        }
        // The dates are checked where they are used: `render` refuses anything but a real day.
        let p = self.question_params(date, date, date);
        let mut lookups = Vec::new();
        for lookup in POINT_IN_TIME {
            let sql = render(lookup.sql, &p).map_err(bad_input)?;
            let mut times = Vec::new();
            let mut last = None;
            for _ in 0..runs {
                let r = self.run(&sql, 10).await?;
                times.push(r.metrics.elapsed_ms);
                last = Some(r.metrics);
            }
            let m = last.unwrap_or_default();
            lookups.push(LookupCost {
                model: lookup.model.into(),
                sql,
                median_ms: median(&times),
                bytes_scanned: m.bytes_scanned,
                rows_scanned: m.rows_scanned,
            });
        }
        Ok(HistoryCost { growth: self.storage_growth().to_vec(), lookups })
    }

    /// Daily follower counts of the users with few followers on `past` and many on
    /// `today` (this network's thresholds), one series per user.
    pub async fn cohort_growth(&self, today: &str, past: &str) -> Result<Vec<FollowerSeries>, EngineError> {
        let sql = render(COHORT_GROWTH_SQL, &self.question_params(today, past, today)).map_err(bad_input)?;
        let r = self.run(&sql, COHORT_ROWS).await?;
        let mut series: BTreeMap<i64, Vec<(String, i64)>> = BTreeMap::new();
        let cell = |c: usize, i: usize| r.columns.get(c).and_then(|col| col.values.display(i));
        for i in 0..r.kept_rows {
            let (Some(user), Some(ds), Some(followers)) = (cell(0, i), cell(1, i), cell(2, i)) else {
                continue;
            };
            let (Ok(user), Ok(followers)) = (user.parse(), followers.parse()) else { continue };
            series.entry(user).or_default().push((ds, followers));
        }
        Ok(series.into_iter().map(|(user_id, points)| FollowerSeries { user_id, points }).collect())
    }
}
