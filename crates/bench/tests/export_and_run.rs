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
