//! Writing Arrow batches as one Parquet file, the same bytes every time.

use bytes::Bytes;
use datafusion::arrow::array::RecordBatch;
use datafusion::error::{DataFusionError, Result};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::Compression;
use datafusion::parquet::file::properties::WriterProperties;

/// Encodes `batches` (one schema) as a Snappy-compressed Parquet file with row groups of
/// at most `row_group_size` rows and column statistics for pruning. The bytes depend on
/// the rows only, not on how they were cut into batches.
///
/// ```
/// use std::sync::Arc;
/// use datafusion::arrow::array::{Int64Array, RecordBatch};
/// use datafusion::arrow::datatypes::{DataType, Field, Schema};
/// let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, false)]));
/// let batch = RecordBatch::try_new(schema, vec![Arc::new(Int64Array::from(vec![1, 2]))]).unwrap();
/// let bytes = playground_engine::parquet_io::write_parquet(&[batch], 1024).unwrap();
/// assert_eq!(&bytes[..4], b"PAR1");
/// ```
pub fn write_parquet(batches: &[RecordBatch], row_group_size: usize) -> Result<Bytes> {
    let schema =
        batches.first().map(|b| b.schema()).ok_or_else(|| DataFusionError::Internal("no batches to write".into()))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(row_group_size.max(1)))
        .build();
    // One batch: the writer cuts pages where the batches it is given start, so the same
    // rows in other batches (a day sliced out of a range, say) would give other bytes.
    let rows = datafusion::arrow::compute::concat_batches(&schema, batches)?;
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, schema, Some(props))?;
    writer.write(&rows)?;
    writer.close()?;
    Ok(Bytes::from(out))
}
