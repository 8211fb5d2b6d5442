//! A real datestamp backfill, task by task: the main warehouse hands out each day's input
//! partitions (its plan, `new_table`), any engine (a pool worker's) runs one pipeline for
//! one day on them,
//! and the main warehouse swaps the outputs in whole, checking each against the bytes
//! it replaces. Because a datestamp task is a pure function of its day's input, the
//! outputs of a rerun must be byte-identical to the daily build's.

use bytes::Bytes;
use datafusion::common::instant::Instant;
use playground_protocol::{EngineError, PartitionBytes, Scd2Backfill, TaskPipeline, RAW_TABLES};

use crate::error::bad_input;
use crate::pipelines::datestamp::PIPELINES;
use crate::pipelines::{aggregate, materialize, scd2};
use crate::Warehouse;

impl Warehouse {
    /// Runs `pipeline` for `ds` (a built-in datestamp pipeline, or a learner's statement)
    /// in a scratch warehouse holding exactly `inputs`, and returns the partition written
    /// with the time it all took. A task sees its own day's partitions and nothing a
    /// previous task on the same worker loaded, so its output cannot depend on the
    /// schedule.
    pub async fn run_task(
        pipeline: &TaskPipeline,
        ds: &str,
        inputs: Vec<PartitionBytes>,
    ) -> Result<(PartitionBytes, f64), EngineError> {
        let started = Instant::now();
        let table = pipeline.table.as_str();
        let sql = match (&pipeline.sql, PIPELINES.iter().find(|p| p.table == table)) {
            (Some(sql), _) => sql.clone(),
            (None, Some(p)) => p.sql(),
            (None, None) => return Err(bad_input(format!("no datestamp pipeline writes {table:?}"))),
        };
        let mut scratch = Warehouse::new()?;
        for input in inputs {
            scratch.store_partition(&input.table, &input.ds, Bytes::from(input.parquet)).await?;
        }
        materialize(&mut scratch, &sql, ds, table, true, None)
            .await
            .map_err(|e| EngineError { message: format!("{table} failed on {ds}: {}", e.message), ..e })?;
        let parquet = scratch
            .file_bytes(table, Some(ds))
            .await
            .ok_or_else(|| bad_input(format!("{table} wrote no partition for {ds}")))?;
        let output = PartitionBytes { table: table.into(), ds: ds.into(), parquet: parquet.to_vec() };
        Ok((output, started.elapsed().as_secs_f64() * 1000.0))
    }

    /// Swaps each output in whole and counts those byte-identical to what they replace,
    /// then reruns the daily aggregate for exactly the days whose dimensions were stored:
    /// the fix cascades downstream. Returns `(stored, identical, days recomputed downstream)`.
    pub async fn store_outputs(
        &mut self,
        outputs: Vec<PartitionBytes>,
    ) -> Result<(u32, u32, Vec<String>), EngineError> {
        let (mut stored, mut identical) = (0, 0);
        // Each file's bytes once, shared by the check and the store.
        let files: Vec<(String, String, Bytes)> =
            outputs.into_iter().map(|o| (o.table, o.ds, Bytes::from(o.parquet))).collect();
        self.check_outputs(&files)?;
        let mut downstream: Vec<String> = files
            .iter()
            .filter(|(table, _, _)| aggregate::DATESTAMP_INPUTS.contains(&table.as_str()))
            .map(|(_, ds, _)| ds.clone())
            .collect();
        downstream.sort();
        downstream.dedup();
        for (table, ds, bytes) in files {
            let reference = match self.clean_bytes(&table, Some(&ds)) {
                Some(clean) => Some(clean.clone()),
                None => self.file_bytes(&table, Some(&ds)).await,
            };
            let same = reference.is_some_and(|b| b == bytes);
            self.store_partition(&table, &ds, bytes).await?;
            stored += 1;
            identical += u32::from(same);
        }
        if self.has_table(aggregate::DATESTAMP_TABLE) {
            for ds in &downstream {
                aggregate::run_datestamp(self, ds).await?;
            }
        } else {
            downstream.clear();
        }
        Ok((stored, identical, downstream))
    }
}

impl Warehouse {
    /// Backfills the SCD2 tables from `from` to the last day built: rewinds each table to
    /// the day before, then replays every day's merges in order (`depends_on_past`), and
    /// counts the tables that come out byte-identical to the clean daily build. On a
    /// failure the tables are put back as they were.
    pub async fn backfill_scd2(&mut self, from: &str) -> Result<Scd2Backfill, EngineError> {
        let days: Vec<String> =
            self.storage_growth().iter().map(|p| p.ds.clone()).filter(|ds| ds.as_str() >= from).collect();
        let (Some(first), Some(last)) = (self.storage_growth().first(), self.storage_growth().last()) else {
            return Err(bad_input("build the social network first: there is no SCD2 history to backfill"));
        };
        if days.is_empty() || from < first.ds.as_str() {
            return Err(bad_input(format!(
                "no day {from} to backfill from: the warehouse holds {} to {}",
                first.ds, last.ds
            )));
        }
        self.raw_snapshots_for(&days)?;
        let mut before = Vec::new();
        let mut reference = Vec::new();
        for p in &scd2::PIPELINES {
            let bytes =
                self.file_bytes(p.table, None).await.ok_or_else(|| bad_input(format!("{} is missing", p.table)))?;
            reference.push(self.clean_bytes(p.table, None).cloned().unwrap_or_else(|| bytes.clone()));
            before.push(bytes);
        }
        let had_aggregate = self.file_bytes(aggregate::SCD2_TABLE, None).await;
        let outcome = self.replay_scd2(from, &days).await;
        let (rewind_ms, merge_ms, wall_ms) = match outcome {
            Ok(times) => times,
            Err(e) => {
                for (p, bytes) in scd2::PIPELINES.iter().zip(before) {
                    self.store_table(p.table, bytes).await?;
                }
                if let Some(bytes) = had_aggregate {
                    self.store_table(aggregate::SCD2_TABLE, bytes).await?;
                }
                return Err(e);
            }
        };
        let mut identical = 0;
        for (p, bytes) in scd2::PIPELINES.iter().zip(&reference) {
            identical += u32::from(self.file_bytes(p.table, None).await.as_ref() == Some(bytes));
        }
        Ok(Scd2Backfill {
            from: from.into(),
            days: days.len() as u32,
            rewind_ms,
            merge_ms,
            wall_ms,
            tables: scd2::PIPELINES.len() as u32,
            identical,
            downstream_days: days.len() as u32,
            rewind_sql: scd2::PIPELINES[0].rewind_sql(),
        })
    }

    /// Refuses a rebuild that needs raw snapshots the warehouse no longer holds.
    fn raw_snapshots_for(&self, days: &[String]) -> Result<(), EngineError> {
        let raw = self.partition_days(RAW_TABLES[0]);
        let missing = days.iter().find(|ds| raw.binary_search(ds).is_err());
        match (missing, raw.first()) {
            (None, _) => Ok(()),
            (Some(ds), Some(kept)) => Err(bad_input(format!(
                "the raw snapshots before {kept} are gone (past the retention window), so the SCD2 tables cannot be \
                 rebuilt from {ds}: its merge needs that day's raw snapshot. The datestamped tables still hold every day."
            ))),
            (Some(ds), None) => Err(bad_input(format!("no raw snapshot for {ds}: the SCD2 tables cannot be rebuilt"))),
        }
    }

    async fn replay_scd2(&mut self, from: &str, days: &[String]) -> Result<(f64, Vec<f64>, f64), EngineError> {
        let began = Instant::now();
        for p in &scd2::PIPELINES {
            p.rewind(self, from).await?;
        }
        let rewind_ms = began.elapsed().as_secs_f64() * 1000.0;
        let mut merge_ms = Vec::new();
        for ds in days {
            for p in &scd2::PIPELINES {
                let t = Instant::now();
                p.run(self, ds).await?;
                merge_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            aggregate::run_scd2(self, ds).await?;
        }
        Ok((rewind_ms, merge_ms, began.elapsed().as_secs_f64() * 1000.0))
    }
}
