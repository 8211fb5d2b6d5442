//! The one-pass SCD2 rebuild checked against the chain of daily merges, in a scratch
//! warehouse: the raw snapshots merged one day after another, as a daily SCD2 pipeline
//! would have, then the one statement over the datestamped snapshots of the same raw
//! days, each timed. The warehouse's own tables are not touched.

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::concat_batches;
use datafusion::common::instant::Instant;
use playground_protocol::{EngineError, Scd2RebuildCheck, Scd2TableCheck, RAW_TABLES};

use crate::error::{bad_input, to_engine_error};
use crate::pipelines::datestamp;
use crate::pipelines::scd2::{Scd2Pipeline, PIPELINES};
use crate::social::DAYS_PER_STATEMENT;
use crate::{ms_since, Warehouse};

/// The table's rows in its full order, as one batch.
async fn rows_of(wh: &Warehouse, p: &Scd2Pipeline) -> Result<RecordBatch, EngineError> {
    let keys: Vec<&str> = p.keys.iter().map(|k| k.0).collect();
    let batches = wh.collect(&format!("SELECT * FROM {} ORDER BY {}, valid_from", p.table, keys.join(", "))).await?;
    concat_batches(&p.schema(), &batches).map_err(|e| to_engine_error(&e.into()))
}

impl Warehouse {
    /// Merges every built day into each SCD2 table one day after another, rebuilds the
    /// same tables in one pass, and compares them row by row. `progress` hears each day
    /// merged.
    pub async fn check_scd2_rebuild(
        &self,
        mut progress: impl FnMut(u32, u32),
    ) -> Result<Scd2RebuildCheck, EngineError> {
        let days: Vec<String> = self.storage_growth().iter().map(|p| p.ds.clone()).collect();
        let (Some(first), Some(last)) = (days.first(), days.last()) else {
            return Err(bad_input("build the social network first: there is nothing to rebuild"));
        };
        let mut scratch = Warehouse::new()?;
        scratch.network = self.network.clone();
        for ds in &days {
            for table in RAW_TABLES {
                let Some(bytes) = self.file_bytes(table, Some(ds)).await else {
                    return Err(bad_input(format!(
                        "no {table} partition for {ds}: the check merges every day from the raw snapshots"
                    )));
                };
                scratch.store_partition(table, ds, bytes).await?;
            }
        }
        // The snapshots the one pass reads, from the same raw data the merges read.
        for chunk in days.chunks(DAYS_PER_STATEMENT as usize) {
            for p in datestamp::PIPELINES.iter().filter(|d| PIPELINES.iter().any(|p| p.snapshots == d.table)) {
                p.run_range(&mut scratch, &chunk[0], &chunk[chunk.len() - 1]).await?;
            }
        }
        let mut chain_ms = vec![0.0; PIPELINES.len()];
        for (i, ds) in days.iter().enumerate() {
            for (p, ms) in PIPELINES.iter().zip(&mut chain_ms) {
                let t = Instant::now();
                p.run(&mut scratch, ds).await?;
                *ms += ms_since(t);
            }
            progress(i as u32 + 1, days.len() as u32);
        }
        let mut tables = Vec::new();
        for (p, chain_ms) in PIPELINES.iter().zip(chain_ms) {
            let chain = rows_of(&scratch, p).await?;
            let t = Instant::now();
            p.rebuild(&mut scratch, first, last).await?;
            let one_pass_ms = ms_since(t);
            let one_pass = rows_of(&scratch, p).await?;
            tables.push(Scd2TableCheck {
                table: p.table.to_string(),
                chain_rows: chain.num_rows() as u64,
                one_pass_rows: one_pass.num_rows() as u64,
                identical: chain == one_pass,
                chain_ms,
                one_pass_ms,
            });
        }
        Ok(Scd2RebuildCheck { days: days.len() as u32, tables })
    }
}
