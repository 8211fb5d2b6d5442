//! A retention window on the raw tables: production's copies are kept for the last N
//! days only. The datestamped tables still answer every past day, because each day's
//! partition was stored when it was built; the SCD2 tables can no longer be rebuilt from
//! a day past the window, because their merge needs that day's raw snapshot.

use playground_protocol::{EngineError, RetentionReport, RAW_TABLES};

use crate::error::bad_input;
use crate::Warehouse;

impl Warehouse {
    /// Drops every raw partition older than the last `keep_days` days, then shows what
    /// each model can still do on the first day of the warehouse.
    pub async fn apply_retention(&mut self, keep_days: u32) -> Result<RetentionReport, EngineError> {
        let days: Vec<String> = self.storage_growth().iter().map(|p| p.ds.clone()).collect();
        let Some(oldest) = days.first().cloned() else {
            return Err(bad_input("build the social network first: there are no raw snapshots to expire"));
        };
        if keep_days == 0 || keep_days as usize > days.len() {
            return Err(bad_input(format!(
                "keep between 1 and {} days of raw snapshots (the warehouse holds {}), not {keep_days}",
                days.len(),
                days.len()
            )));
        }
        let kept_from = days[days.len() - keep_days as usize].clone();
        let mut dropped = 0;
        for table in RAW_TABLES {
            for ds in self.partition_days(table).into_iter().filter(|ds| *ds < kept_from) {
                self.drop_partition(table, &ds).await?;
                dropped += 1;
            }
        }
        let then = self.run(&format!("SELECT count(*) FROM dim_users WHERE ds = '{oldest}'"), 1).await?;
        let datestamped_rows_then = then.columns[0].values.display(0).and_then(|n| n.parse().ok()).unwrap_or(0);
        let scd2_rebuild_refused = match self.backfill_scd2(&oldest).await {
            Ok(_) => None,
            Err(e) => Some(e.message),
        };
        Ok(RetentionReport {
            keep_days,
            kept_from,
            dropped,
            oldest_day: oldest,
            datestamped_rows_then,
            scd2_rebuild_refused,
        })
    }
}
