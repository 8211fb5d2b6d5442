//! Tables held as Arrow batches in memory (DataFusion `MemTable`s), loaded from Arrow IPC
//! streams. The benchmark uses them to compare like with like with engines that load
//! Arrow into their own tables instead of reading Parquet.

use std::io::Cursor;
use std::sync::Arc;

use bytes::Bytes;
use datafusion::arrow::ipc::reader::StreamReader;
use datafusion::datasource::MemTable;
use playground_protocol::EngineError;

use crate::error::{bad_input, to_engine_error};
use crate::layout::validate_table_name;
use crate::Warehouse;

/// Size of the batches a loaded table is cut into, so scans stream as they do over Parquet.
const BATCH_ROWS: usize = 8192;

impl Warehouse {
    /// Registers `table` as an in-memory table holding the rows of an Arrow IPC stream,
    /// replacing an earlier in-memory table of that name. Returns the rows loaded.
    ///
    /// A Parquet table of the same name is never replaced, and an unreadable stream
    /// leaves the warehouse unchanged.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// use std::sync::Arc;
    /// use datafusion::arrow::array::{Int64Array, RecordBatch};
    /// use datafusion::arrow::datatypes::{DataType, Field, Schema};
    /// use datafusion::arrow::ipc::writer::StreamWriter;
    /// use playground_engine::Warehouse;
    ///
    /// let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, false)]));
    /// let batch = RecordBatch::try_new(schema.clone(), vec![Arc::new(Int64Array::from(vec![1, 2, 3]))]).unwrap();
    /// let mut w = StreamWriter::try_new(Vec::new(), &schema).unwrap();
    /// w.write(&batch).unwrap();
    /// let ipc = w.into_inner().unwrap();
    ///
    /// let mut wh = Warehouse::new().unwrap();
    /// assert_eq!(wh.load_arrow_ipc("numbers", ipc.into()).await.unwrap(), 3);
    /// let r = wh.run("SELECT sum(x) AS s FROM numbers", 10).await.unwrap();
    /// assert_eq!(r.columns[0].values.display(0).as_deref(), Some("6"));
    /// assert!(wh.load_arrow_ipc("numbers", vec![1, 2, 3].into()).await.is_err());
    /// # });
    /// ```
    pub async fn load_arrow_ipc(&mut self, table: &str, ipc: Bytes) -> Result<u64, EngineError> {
        validate_table_name(table).map_err(bad_input)?;
        if self.catalog().tables.iter().any(|t| t.name == table) {
            return Err(bad_input(format!(
                "{table} is a Parquet table of this warehouse; load the Arrow rows under another name"
            )));
        }
        let unreadable = |e: &dyn std::fmt::Display| {
            bad_input(format!("the rows for {table} are not a readable Arrow IPC stream: {e}"))
        };
        let reader = StreamReader::try_new(Cursor::new(ipc), None).map_err(|e| unreadable(&e))?;
        let schema = reader.schema();
        let mut batches = Vec::new();
        let mut rows = 0u64;
        for batch in reader {
            let batch = batch.map_err(|e| unreadable(&e))?;
            rows += batch.num_rows() as u64;
            let mut offset = 0;
            while offset < batch.num_rows() {
                let len = BATCH_ROWS.min(batch.num_rows() - offset);
                batches.push(batch.slice(offset, len));
                offset += len;
            }
        }
        let provider = MemTable::try_new(schema, vec![batches]).map_err(|e| to_engine_error(&e))?;
        let ctx = self.context();
        ctx.deregister_table(table).map_err(|e| to_engine_error(&e))?;
        ctx.register_table(table, Arc::new(provider)).map_err(|e| to_engine_error(&e))?;
        Ok(rows)
    }
}
