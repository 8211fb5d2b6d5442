//! The benchmark's native side end to end on a small warehouse: the export writes every
//! file its manifest names, and the suite gives the same answers over the Parquet files
//! as over the same rows loaded from Arrow IPC.

use std::path::PathBuf;

use playground_bench::export::export;
use playground_bench::native::{bench, Mode};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("playground-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[tokio::test]
async fn parquet_and_arrow_answer_alike() {
    let dir = scratch("alike");
    let manifest = export(200, 20, &dir).await.unwrap();
    assert_eq!(manifest.tables.len(), 9);
    for t in &manifest.tables {
        for f in t.parquet.iter().chain([&t.arrow]) {
            assert_eq!(std::fs::metadata(dir.join(&f.path)).unwrap().len(), f.bytes, "{}", f.path);
        }
    }
    for name in ["users", "relationships"] {
        let raw = manifest.tables.iter().find(|t| t.name == name).unwrap();
        assert_eq!(raw.parquet.len(), 1, "only the last day of the raw {name} table is exported");
    }

    let parquet = bench(&dir, Mode::Parquet, 1).await.unwrap();
    let arrow = bench(&dir, Mode::Arrow, 1).await.unwrap();
    assert_eq!(parquet.queries.len(), 8);
    for (p, a) in parquet.queries.iter().zip(&arrow.queries) {
        assert_eq!(p.error, None, "{}", p.id);
        assert_eq!(a.error, None, "{}", a.id);
        assert!(p.rows > 0, "{} answered nothing", p.id);
        assert_eq!((p.rows, &p.result), (a.rows, &a.result), "{}", p.id);
        assert_eq!(p.ms.len(), 1);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_missing_export_is_a_clear_error() {
    let dir = scratch("missing");
    let e = bench(&dir, Mode::Parquet, 1).await.unwrap_err();
    assert!(e.contains("cannot read") && e.contains("manifest.json"), "{e}");
}

#[tokio::test]
async fn every_lever_runs_and_answers_like_the_shipped_settings() {
    let dir = scratch("levers");
    export(200, 20, &dir).await.unwrap();
    let runs = playground_bench::levers::run(&dir, 1, None).await.unwrap();
    assert_eq!(runs.len(), playground_bench::levers::levers().len());
    let shipped = &runs[0];
    assert_eq!(shipped.lever.name, "shipped");
    for r in &runs {
        for (q, s) in r.queries.iter().zip(&shipped.queries) {
            assert_eq!(q.error, None, "{} under {}", q.id, r.lever.name);
            assert_eq!((q.rows, &q.result), (s.rows, &s.result), "{} under {}", q.id, r.lever.name);
            assert_eq!(q.ms.len(), 1);
        }
    }
    let bytes = |name: &str| runs.iter().find(|r| r.lever.name == name).unwrap().bytes;
    // zstd stores the same rows in fewer bytes than Snappy, no compression in more.
    assert!(bytes("zstd-1") < bytes("shipped") && bytes("shipped") < bytes("uncompressed"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn recoding_applies_the_storage_settings() {
    use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
    use playground_bench::levers::{recode, Storage};
    let batch = datafusion::arrow::record_batch::RecordBatch::try_from_iter([(
        "x",
        std::sync::Arc::new(datafusion::arrow::array::Int64Array::from_iter_values(0..100_000)) as _,
    )])
    .unwrap();
    let shipped = playground_engine::parquet_io::write_parquet(&[batch], 64 * 1024).unwrap();
    let small = Storage { row_group_rows: 16 * 1024, compression: "zstd", ..Storage::SHIPPED };
    let recoded = recode(shipped, &small).unwrap();
    let meta = SerializedFileReader::new(recoded).unwrap().metadata().clone();
    assert_eq!(meta.file_metadata().num_rows(), 100_000);
    assert_eq!(meta.num_row_groups(), 7, "100,000 rows in groups of 16,384");
    assert!(meta.row_group(0).column(0).compression().to_string().starts_with("ZSTD"));
}
