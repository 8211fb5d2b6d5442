//! The files in `fixtures/` hold what the generator and pipelines produce today (same
//! schema, rows, row groups and statistics; the writer's version string may differ), and
//! the catalog questions answered over those files give the expected CSVs.
//! When this fails after an intended change, rerun
//! `cargo run -p playground-engine --example export_fixtures` and review the diff.

use std::path::PathBuf;

use bytes::Bytes;
use playground_engine::fixtures::{
    browser_network, file_path, files, parquet_layout, parquet_rows, to_csv, FINGERPRINT_SQL,
};
use playground_engine::protocol::SocialParams;
use playground_engine::social::build_social;
use playground_engine::Warehouse;
use playground_queries::{all, render, QuestionParams, Thresholds};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn parquet_files_on_disk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            parquet_files_on_disk(&path, out);
        } else if path.extension().is_some_and(|e| e == "parquet") {
            out.push(path);
        }
    }
}

#[tokio::test]
async fn the_browser_networks_fingerprint_has_not_drifted() {
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &browser_network(), |_| {}).await.unwrap();
    let expected = root().join("expected");
    assert_eq!(std::fs::read_to_string(expected.join("network-300x40.sql")).unwrap(), FINGERPRINT_SQL);
    let got = to_csv(&wh.run(FINGERPRINT_SQL, 1).await.unwrap());
    assert_eq!(got, std::fs::read_to_string(expected.join("network-300x40.csv")).unwrap());
}

#[tokio::test]
async fn generator_and_fixtures_have_not_drifted() {
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &SocialParams::small(), |_| {}).await.unwrap();
    let warehouse = root().join("warehouse");
    let built = files(&wh).await;
    for (table, ds, bytes) in &built {
        let path = file_path(&warehouse, table, ds.as_deref());
        let on_disk = Bytes::from(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        let what = format!("{} differs from what the generator builds now", path.display());
        assert_eq!(parquet_layout(&on_disk).unwrap(), parquet_layout(bytes).unwrap(), "{what}");
        assert!(parquet_rows(&on_disk).unwrap() == parquet_rows(bytes).unwrap(), "{what}: rows");
    }
    let mut on_disk = Vec::new();
    parquet_files_on_disk(&warehouse, &mut on_disk);
    assert_eq!(on_disk.len(), built.len(), "fixtures hold files the build no longer makes");
}

#[tokio::test]
async fn catalog_questions_over_the_fixture_files_give_the_expected_answers() {
    // Load the warehouse from the files on disk, not from the generator.
    let mut wh = Warehouse::new().unwrap();
    let mut paths = Vec::new();
    let warehouse = root().join("warehouse");
    parquet_files_on_disk(&warehouse, &mut paths);
    paths.sort();
    for path in &paths {
        let rel = path.strip_prefix(&warehouse).unwrap().to_str().unwrap().to_string();
        let bytes = Bytes::from(std::fs::read(path).unwrap());
        match playground_engine::layout::split_partition_path(&rel) {
            Some((table, ds)) => wh.load_partition(table, ds, bytes).await.unwrap(),
            None => wh.load_table(rel.split('/').next().unwrap(), bytes).await.unwrap(),
        };
    }
    let qp = QuestionParams::for_range("2024-12-18", "2025-01-16", Thresholds::for_users(200));
    let mut checked = 0;
    for q in all() {
        for (style, sql) in [("datestamp", Some(q.datestamp_sql)), ("scd2", Some(q.scd2_sql)), ("scd1", q.scd1_sql)] {
            let Some(sql) = sql else { continue };
            let r = wh.run(&render(sql, &qp).unwrap(), 1_000_000).await.unwrap();
            let path = root().join("expected").join(format!("{}.{style}.csv", q.id));
            let expected = std::fs::read_to_string(&path).unwrap();
            assert_eq!(to_csv(&r), expected, "{}", path.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 9);
}
