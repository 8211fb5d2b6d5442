//! A real datestamp backfill, task by task: the main warehouse hands out each day's raw
//! partitions, any warehouse (a pool worker's own) runs one pipeline for one day on them,
//! and the main warehouse swaps the outputs in whole, checking each against the bytes
//! it replaces. Because a datestamp task is a pure function of its day's input, the
//! outputs of a rerun must be byte-identical to the daily build's.

use bytes::Bytes;
use datafusion::common::instant::Instant;
use playground_protocol::{EngineError, PartitionBytes};

use crate::error::bad_input;
use crate::pipelines::datestamp::PIPELINES;
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
            let same = self.file_bytes(&o.table, Some(&o.ds)).await.is_some_and(|b| b[..] == o.parquet[..]);
            self.load_partition(&o.table, &o.ds, Bytes::from(o.parquet)).await?;
            stored += 1;
            identical += u32::from(same);
        }
        Ok((stored, identical))
    }
}
