//! Taking things out of the playground: a query's whole result as CSV or Parquet, and the
//! whole warehouse as a zip that DuckDB, DataFusion and Spark can run (and the playground
//! can load again).
//!
//! - [`sql`]: the SQL an export carries, set up for each engine.
//! - `archive`: the zip, written and read back.

mod archive;
pub mod sql;

use datafusion::arrow::csv::WriterBuilder;
use playground_protocol::{thousands, EngineError, ExportFormat, ExportedFile};

use crate::error::bad_input;
use crate::parquet_io::write_parquet;
use crate::pipelines::ROW_GROUP_ROWS;
use crate::Warehouse;

/// The largest result a download holds, in bytes of Arrow memory: past it the person is
/// asked to narrow the query instead of the tab running out of memory.
pub const MAX_EXPORT_BYTES: usize = 500_000_000;

impl Warehouse {
    /// Runs `sql` and writes all its rows as one file.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// use playground_engine::{protocol::ExportFormat, Warehouse};
    /// let mut wh = Warehouse::new().unwrap();
    /// wh.load_demo().await.unwrap();
    /// let file = wh.export_result("SELECT 1 AS one, 'a,b' AS text", ExportFormat::Csv).await.unwrap();
    /// assert_eq!(String::from_utf8(file.bytes).unwrap(), "one,text\n1,\"a,b\"\n");
    /// # });
    /// ```
    pub async fn export_result(&self, sql: &str, format: ExportFormat) -> Result<ExportedFile, EngineError> {
        let batches = self.collect(sql).await?;
        let size: usize = batches.iter().map(|b| b.get_array_memory_size()).sum();
        if size > MAX_EXPORT_BYTES {
            return Err(bad_input(format!(
                "the result holds {} MB, more than the {} MB a download may: narrow the query (a WHERE or a LIMIT)",
                size / 1_000_000,
                MAX_EXPORT_BYTES / 1_000_000
            )));
        }
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        let (name, mime, bytes) = match format {
            ExportFormat::Csv => {
                let mut out = Vec::new();
                let mut writer = WriterBuilder::new().with_header(true).build(&mut out);
                for batch in &batches {
                    writer.write(batch).map_err(|e| bad_input(format!("could not write the CSV: {e}")))?;
                }
                drop(writer);
                ("result.csv", "text/csv", out)
            }
            ExportFormat::Parquet => {
                let bytes = write_parquet(&batches, ROW_GROUP_ROWS).map_err(|e| crate::to_engine_error(&e))?;
                ("result.parquet", "application/vnd.apache.parquet", bytes.to_vec())
            }
        };
        Ok(ExportedFile {
            name: name.into(),
            mime: mime.into(),
            summary: format!("{} rows", thousands(rows as u64)),
            bytes,
        })
    }
}
