//! What one day's run of each pipeline costs in this warehouse. The start-up build runs
//! every table as one statement over all days, so no daily task was timed; the simulator
//! and the backfill plan need per-day times, so a few sample days are rerun the daily way
//! in a scratch warehouse (the real tables are not touched) the first time they are
//! asked for. An SCD2 merge costs more as history grows, so the samples are spread over
//! the whole range, the last day included.

use datafusion::common::instant::Instant;
use playground_protocol::{EngineError, RAW_TABLES};

use crate::error::bad_input;
use crate::pipelines::{aggregate, datestamp, scd2};
use crate::{ms_since, Warehouse};

/// Days sampled.
pub const SAMPLE_DAYS: usize = 5;

/// `SAMPLE_DAYS` days spread evenly over `days`, the last one included.
///
/// ```
/// use playground_engine::backfill::sample_days;
/// let days: Vec<String> = (1..=30).map(|d| format!("2024-11-{d:02}")).collect();
/// assert_eq!(sample_days(&days), ["2024-11-06", "2024-11-12", "2024-11-18", "2024-11-24", "2024-11-30"]);
/// assert_eq!(sample_days(&days[..2]), ["2024-11-01", "2024-11-02"]);
/// ```
pub fn sample_days(days: &[String]) -> Vec<String> {
    let n = SAMPLE_DAYS.min(days.len());
    let mut picked: Vec<String> = (1..=n).map(|k| days[k * days.len() / n - 1].clone()).collect();
    picked.dedup();
    picked
}

impl Warehouse {
    /// Measures each pipeline's daily run on the sample days, once per build.
    pub(crate) async fn ensure_task_costs(&mut self) -> Result<(), EngineError> {
        if !self.task_ms().is_empty() {
            return Ok(());
        }
        let mut days: Vec<String> = self.storage_growth().iter().map(|p| p.ds.clone()).collect();
        // Past a retention window only the kept days can be rerun.
        days.retain(|d| self.partition_bytes(RAW_TABLES[0], d) > 0);
        if days.is_empty() {
            return Err(bad_input("build the social network first: task times are measured on its days"));
        }
        let mut costs = std::collections::BTreeMap::<String, Vec<f64>>::new();
        for ds in sample_days(&days) {
            let mut scratch = Warehouse::new()?;
            scratch.network = self.network.clone();
            for table in RAW_TABLES {
                let Some(bytes) = self.file_bytes(table, Some(&ds)).await else {
                    return Err(bad_input(format!("no {table} partition for {ds}: task times need the raw snapshots")));
                };
                scratch.store_partition(table, &ds, bytes).await?;
            }
            for p in &datestamp::PIPELINES {
                let t = Instant::now();
                p.run(&mut scratch, &ds).await?;
                costs.entry(p.table.into()).or_default().push(ms_since(t));
            }
            let t = Instant::now();
            aggregate::run_datestamp(&mut scratch, &ds).await?;
            costs.entry(aggregate::DATESTAMP_TABLE.into()).or_default().push(ms_since(t));
            // Each SCD2 table as it stood the day before, then that day's merge.
            for p in &scd2::PIPELINES {
                if let Some(bytes) = self.file_bytes(p.table, None).await {
                    scratch.store_table(p.table, bytes).await?;
                }
                p.rewind(&mut scratch, &ds).await?;
                let t = Instant::now();
                p.run(&mut scratch, &ds).await?;
                costs.entry(p.table.into()).or_default().push(ms_since(t));
            }
            if let Some(bytes) = self.file_bytes(aggregate::SCD2_TABLE, None).await {
                scratch.store_table(aggregate::SCD2_TABLE, bytes).await?;
            }
            let t = Instant::now();
            aggregate::run_scd2(&mut scratch, &ds).await?;
            costs.entry(aggregate::SCD2_TABLE.into()).or_default().push(ms_since(t));
        }
        self.set_task_ms(costs);
        Ok(())
    }
}
