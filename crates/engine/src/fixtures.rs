//! The small warehouse kept in `fixtures/`: its files on disk, and the expected answer of
//! every catalog question as CSV. The `export_fixtures` example writes them; tests read
//! them back and fail when the generator or the pipelines drift from them.
//!
//! Files are compared by what they hold ([`parquet_layout`], [`parquet_rows`]), not byte
//! for byte: the bytes also record the writer's version, which changes with every
//! `parquet` crate upgrade though no data does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::concat_batches;
use datafusion::error::Result;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use playground_protocol::QueryResult;

use crate::compare::rows;
use crate::layout;
use crate::Warehouse;

/// The network the browser tests build (`?users=300&days=40&start=2024-12-08`): its
/// fingerprint, computed natively, is kept in `fixtures/expected/` and the browser's own
/// build must give the same, so the generator and pipelines agree across platforms.
pub fn browser_network() -> playground_protocol::SocialParams {
    playground_protocol::SocialParams { users: 300, days: 40, start: "2024-12-08".into(), ..Default::default() }
}

/// Counts and checksums over every table the build writes: one row that any change to
/// the generator's choices or the pipelines' logic moves.
pub const FINGERPRINT_SQL: &str = "SELECT
  (SELECT count(*) FROM users) AS user_rows,
  (SELECT count(*) FROM users WHERE status = 'active') AS active_rows,
  (SELECT sum(sessions) FROM devices) AS sessions,
  (SELECT count(*) FROM relationships) AS follows,
  (SELECT sum(user_id * 7919 + friend_id) FROM dim_relationships) AS follow_checksum,
  (SELECT count(*) FROM dim_relationships WHERE is_mutual) AS mutual,
  (SELECT sum(followers) FROM dim_users) AS followers,
  (SELECT sum(user_id * length(device)) FROM dim_devices) AS device_checksum,
  (SELECT count(*) FROM dim_users_scd2) AS user_versions,
  (SELECT count(*) FROM dim_relationships_scd2) AS follow_versions,
  (SELECT sum(mutual_follows) FROM agg_daily) AS aggregated_mutual,
  (SELECT count(*) FROM post_views) AS views";

/// Where a table file lives under a fixtures folder (same layout as the object store).
pub fn file_path(root: &Path, table: &str, ds: Option<&str>) -> PathBuf {
    root.join(layout::file_path(table, ds))
}

/// Every file of the warehouse: `(table, ds, bytes)`, in catalog order.
pub async fn files(wh: &Warehouse) -> Vec<(String, Option<String>, bytes::Bytes)> {
    let mut out = Vec::new();
    for t in wh.catalog().tables {
        for p in &t.partitions {
            let ds = t.partitioned.then(|| p.ds.clone());
            if let Some(bytes) = wh.file_bytes(&t.name, ds.as_deref()).await {
                out.push((t.name.clone(), ds, bytes));
            }
        }
    }
    out
}

/// A result as CSV: a header of column names, then one line per row; NULL is empty.
/// Values never contain commas in our data, so no quoting is needed.
///
/// ```
/// use playground_engine::fixtures::to_csv;
/// # futures::executor::block_on(async {
/// let wh = playground_engine::Warehouse::new().unwrap();
/// let r = wh.run("SELECT 1 AS a, NULL AS b", 10).await.unwrap();
/// assert_eq!(to_csv(&r), "a,b\n1,\n");
/// # });
/// ```
pub fn to_csv(r: &QueryResult) -> String {
    let mut out = r.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(",");
    out.push('\n');
    for row in rows(r) {
        out.push_str(&row.into_iter().map(Option::unwrap_or_default).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// What a Parquet file holds apart from its rows, as text for a readable diff: the Arrow
/// schema, then per row group its row count and each column's physical type, codec and
/// statistics (min and max as hex of their plain encoding, null count). The writer's
/// `created_by` and page layout are left out: they change with the `parquet` crate.
///
/// ```
/// use std::sync::Arc;
/// use datafusion::arrow::array::{Int64Array, RecordBatch};
/// use datafusion::arrow::datatypes::{DataType, Field, Schema};
/// use playground_engine::fixtures::parquet_layout;
/// let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, true)]));
/// let batch = RecordBatch::try_new(schema, vec![Arc::new(Int64Array::from(vec![Some(3), None]))]).unwrap();
/// let bytes = playground_engine::parquet_io::write_parquet(&[batch], 1024).unwrap();
/// let layout = parquet_layout(&bytes).unwrap();
/// assert!(layout.contains("row group 0: 2 rows"), "{layout}");
/// assert!(layout.contains("x INT64 SNAPPY min 0300000000000000 max 0300000000000000 nulls 1"), "{layout}");
/// ```
pub fn parquet_layout(bytes: &Bytes) -> Result<String> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes.clone())?;
    let mut out = String::new();
    for field in reader.schema().fields() {
        let _ = writeln!(out, "field {} {} nullable={}", field.name(), field.data_type(), field.is_nullable());
    }
    let hex = |b: Option<&[u8]>| b.map_or("-".to_string(), |b| b.iter().map(|x| format!("{x:02x}")).collect());
    for (i, rg) in reader.metadata().row_groups().iter().enumerate() {
        let _ = writeln!(out, "row group {i}: {} rows", rg.num_rows());
        for col in rg.columns() {
            let stats = col.statistics();
            let _ = writeln!(
                out,
                "  {} {} {} min {} max {} nulls {}",
                col.column_path().string(),
                col.column_type(),
                col.compression(),
                hex(stats.and_then(|s| s.min_bytes_opt())),
                hex(stats.and_then(|s| s.max_bytes_opt())),
                stats.and_then(|s| s.null_count_opt()).map_or("-".to_string(), |n| n.to_string()),
            );
        }
    }
    Ok(out)
}

/// Every row of a Parquet file, in file order, as one batch.
pub fn parquet_rows(bytes: &Bytes) -> Result<RecordBatch> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes.clone())?;
    let schema = builder.schema().clone();
    let batches = builder.build()?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(concat_batches(&schema, &batches)?)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Int64Array, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::parquet::arrow::ArrowWriter;
    use datafusion::parquet::basic::Compression;
    use datafusion::parquet::file::properties::WriterProperties;

    use super::*;
    use crate::parquet_io::write_parquet;

    fn batch(names: &[&str]) -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new("name", DataType::Utf8, true),
        ]));
        let ids = Int64Array::from_iter_values(0..names.len() as i64);
        RecordBatch::try_new(schema, vec![Arc::new(ids), Arc::new(StringArray::from(names.to_vec()))]).unwrap()
    }

    /// The same rows written as another `parquet` version would: only `created_by` differs.
    fn written_by(b: &RecordBatch, created_by: &str) -> Bytes {
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(2))
            .set_created_by(created_by.to_string())
            .build();
        let mut out = Vec::new();
        let mut w = ArrowWriter::try_new(&mut out, b.schema(), Some(props)).unwrap();
        w.write(b).unwrap();
        w.close().unwrap();
        Bytes::from(out)
    }

    #[test]
    fn another_writer_version_of_the_same_rows_compares_equal() {
        let b = batch(&["ann", "bo", "cy"]);
        let (old, new) = (written_by(&b, "parquet-rs version 59.3.2"), written_by(&b, "parquet-rs version 60.0.0"));
        assert_ne!(old, new);
        assert_eq!(parquet_layout(&old).unwrap(), parquet_layout(&new).unwrap());
        assert_eq!(parquet_rows(&old).unwrap(), parquet_rows(&new).unwrap());
        assert_eq!(parquet_rows(&old).unwrap(), b);
    }

    #[test]
    fn a_changed_value_or_row_group_split_is_a_difference() {
        let b = batch(&["ann", "bo", "cy"]);
        let base = written_by(&b, "x");
        let renamed = written_by(&batch(&["ann", "bo", "cyd"]), "x");
        assert_ne!(parquet_rows(&base).unwrap(), parquet_rows(&renamed).unwrap());
        assert_ne!(parquet_layout(&base).unwrap(), parquet_layout(&renamed).unwrap(), "max statistics differ");
        let one_group = write_parquet(&[b], 1024).unwrap();
        assert_ne!(parquet_layout(&base).unwrap(), parquet_layout(&one_group).unwrap());
    }
}
