//! Parquet checked the whole way through: the footer says what a file holds, but only
//! decoding every page shows that it really holds it. A file that fails here is refused
//! before anything is stored.

use std::sync::Arc;

use bytes::Bytes;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{Schema, SchemaRef};
use datafusion::parquet::arrow::arrow_reader::{ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use datafusion::parquet::file::metadata::PageIndexPolicy;

/// Decodes every page of a Parquet file, handing each batch to `each`; returns the schema
/// and the rows. `what` names the file in errors.
fn decode(what: &str, bytes: Bytes, mut each: impl FnMut(RecordBatch)) -> Result<(SchemaRef, u64), String> {
    // The page index too: DataFusion reads it to skip pages, so a damaged one fails
    // every query of the file even when its pages decode.
    let options = ArrowReaderOptions::new().with_page_index_policy(PageIndexPolicy::Optional);
    let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(bytes.clone(), options).map_err(|e| {
        // The footer alone may read: then the file is damaged, not something else.
        match ParquetRecordBatchReaderBuilder::try_new(bytes) {
            Ok(_) => format!("{what} is damaged: its page index could not be read ({e})"),
            Err(_) => format!("{what} is not a readable Parquet file ({e})"),
        }
    })?;
    let declared = builder.metadata().file_metadata().num_rows();
    let schema = Arc::new(Schema::new(builder.schema().fields().clone()));
    let reader = builder
        .with_batch_size(64 * 1024)
        .build()
        .map_err(|e| format!("{what} is damaged: its data could not be read ({e})"))?;
    let mut rows = 0u64;
    for batch in reader {
        let batch = batch.map_err(|e| format!("{what} is damaged: its data could not be decoded ({e})"))?;
        rows += batch.num_rows() as u64;
        each(batch);
    }
    if i64::try_from(rows).ok() != Some(declared) {
        return Err(format!("{what} is damaged: its footer says {declared} rows but its pages hold {rows}"));
    }
    Ok((schema, rows))
}

/// Checks a file by decoding it; its schema and rows.
pub(crate) fn check(what: &str, bytes: Bytes) -> Result<(SchemaRef, u64), String> {
    decode(what, bytes, drop)
}

/// Decodes a file into batches, for files that are joined into one.
pub(crate) fn read(what: &str, bytes: Bytes) -> Result<(SchemaRef, Vec<RecordBatch>), String> {
    let mut batches = Vec::new();
    let (schema, _) = decode(what, bytes, |b| batches.push(b))?;
    Ok((schema, batches))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parquet_io::write_parquet;
    use datafusion::arrow::array::Int64Array;
    use datafusion::arrow::datatypes::{DataType, Field};

    fn file(rows: i64) -> Bytes {
        let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, false)]));
        let batch = RecordBatch::try_new(schema, vec![Arc::new(Int64Array::from_iter_values(0..rows))]).unwrap();
        write_parquet(&[batch], 1024).unwrap()
    }

    #[test]
    fn a_good_file_is_read_whole() {
        let (schema, rows) = check("good.parquet", file(5000)).unwrap();
        assert_eq!((schema.field(0).name().as_str(), rows), ("x", 5000));
    }

    #[test]
    fn a_truncated_file_is_refused_by_name() {
        let bytes = file(100);
        let e = check("cut.parquet", bytes.slice(..bytes.len() / 2)).unwrap_err();
        assert!(e.starts_with("cut.parquet is not a readable Parquet file"), "{e}");
    }

    #[test]
    fn corrupt_pages_behind_a_good_footer_are_found() {
        let bytes = file(5000).to_vec();
        // The footer and its length are at the end; the pages start after the 4-byte magic.
        let mut broken = bytes.clone();
        for b in &mut broken[8..bytes.len() / 2] {
            *b = 0xFF;
        }
        assert!(
            ParquetRecordBatchReaderBuilder::try_new(Bytes::from(broken.clone())).is_ok(),
            "the footer still reads"
        );
        let e = check("pages.parquet", Bytes::from(broken)).unwrap_err();
        assert!(e.starts_with("pages.parquet is damaged"), "{e}");
    }
}
