//! A real datestamp backfill, task by task: the main warehouse hands out each day's raw
//! partitions, any warehouse (a pool worker's own) runs one pipeline for one day on them,
//! and the main warehouse swaps the outputs in whole, checking each against the bytes
//! it replaces. Because a datestamp task is a pure function of its day's input, the
//! outputs of a rerun must be byte-identical to the daily build's.

use bytes::Bytes;
use datafusion::common::instant::Instant;
use playground_protocol::{EngineError, PartitionBytes, Scd2Backfill};

use crate::error::bad_input;
use crate::pipelines::datestamp::PIPELINES;
use crate::pipelines::scd2;
use crate::Warehouse;

impl Warehouse {
    /// The raw partitions every datestamp pipeline reads, for each of `days`.
    pub async fn export_inputs(&self, days: &[String]) -> Result<Vec<PartitionBytes>, EngineError> {
        let mut out = Vec::new();
        for ds in days {
            for p in &PIPELINES {
                let Some(bytes) = self.file_bytes(p.source, Some(ds)).await else {
                    return Err(bad_input(format!(
                        "no {} partition for {ds}: backfill a day the warehouse has snapshots for",
                        p.source
                    )));
                };
                out.push(PartitionBytes { table: p.source.into(), ds: ds.clone(), parquet: bytes.to_vec() });
            }
        }
        Ok(out)
    }

    /// Loads `inputs`, runs the datestamp pipeline writing `pipeline` for `ds`, and
    /// returns the partition written with the time it all took.
    pub async fn run_task(
        &mut self,
        pipeline: &str,
        ds: &str,
        inputs: Vec<PartitionBytes>,
    ) -> Result<(PartitionBytes, f64), EngineError> {
        let started = Instant::now();
        let Some(p) = PIPELINES.iter().find(|p| p.table == pipeline) else {
            return Err(bad_input(format!("no datestamp pipeline writes {pipeline:?}")));
        };
        for input in inputs {
            self.load_partition(&input.table, &input.ds, Bytes::from(input.parquet)).await?;
        }
        p.run(self, ds).await?;
        let parquet = self
            .file_bytes(p.table, Some(ds))
            .await
            .ok_or_else(|| bad_input(format!("{pipeline} wrote no partition for {ds}")))?;
        let output = PartitionBytes { table: p.table.into(), ds: ds.into(), parquet: parquet.to_vec() };
        Ok((output, started.elapsed().as_secs_f64() * 1000.0))
    }

    /// Swaps each output in whole and counts those byte-identical to what they replace.
    /// Returns `(stored, identical)`.
    pub async fn store_outputs(&mut self, outputs: Vec<PartitionBytes>) -> Result<(u32, u32), EngineError> {
        let (mut stored, mut identical) = (0, 0);
        for o in outputs {
            let reference = match self.clean_bytes(&o.table, Some(&o.ds)) {
                Some(clean) => Some(clean.clone()),
                None => self.file_bytes(&o.table, Some(&o.ds)).await,
            };
            let same = reference.is_some_and(|b| b[..] == o.parquet[..]);
            self.load_partition(&o.table, &o.ds, Bytes::from(o.parquet)).await?;
            stored += 1;
            identical += u32::from(same);
        }
        Ok((stored, identical))
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
        let mut before = Vec::new();
        let mut reference = Vec::new();
        for p in &scd2::PIPELINES {
            let bytes =
                self.file_bytes(p.table, None).await.ok_or_else(|| bad_input(format!("{} is missing", p.table)))?;
            reference.push(self.clean_bytes(p.table, None).cloned().unwrap_or_else(|| bytes.clone()));
            before.push(bytes);
        }
        let outcome = self.replay_scd2(from, &days).await;
        let (rewind_ms, merge_ms, wall_ms) = match outcome {
            Ok(times) => times,
            Err(e) => {
                for (p, bytes) in scd2::PIPELINES.iter().zip(before) {
                    self.load_table(p.table, bytes).await?;
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
            rewind_sql: scd2::PIPELINES[0].rewind_sql(),
        })
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
        }
        Ok((rewind_ms, merge_ms, began.elapsed().as_secs_f64() * 1000.0))
    }
}
