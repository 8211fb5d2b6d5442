//! Writes `fixtures/`: the small social warehouse (200 users over 30 days) as
//! Hive-partitioned Parquet, the expected answer of every catalog question, and the
//! fingerprint of the network the browser tests build (with the SQL that computes it).
//!
//! `cargo run -p playground-engine --example export_fixtures`

use std::path::PathBuf;

use playground_engine::fixtures::{browser_network, file_path, files, to_csv, FINGERPRINT_SQL};
use playground_engine::protocol::SocialParams;
use playground_engine::social::build_social;
use playground_engine::Warehouse;
use playground_queries::{all, render, QuestionParams, Thresholds};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(async {
        let params = SocialParams::small();
        let mut wh = Warehouse::new().map_err(|e| e.message)?;
        build_social(&mut wh, &params, |_| {}).await.map_err(|e| e.message)?;
        let warehouse = root.join("warehouse");
        if warehouse.exists() {
            std::fs::remove_dir_all(&warehouse)?;
        }
        let written = files(&wh).await;
        for (table, ds, bytes) in &written {
            let path = file_path(&warehouse, table, ds.as_deref());
            std::fs::create_dir_all(path.parent().ok_or("no parent")?)?;
            std::fs::write(path, bytes)?;
        }
        let expected = root.join("expected");
        std::fs::create_dir_all(&expected)?;
        let qp = QuestionParams::for_range("2024-12-18", "2025-01-16", Thresholds::for_users(params.users));
        for q in all() {
            let styles = [("datestamp", Some(q.datestamp_sql)), ("scd2", Some(q.scd2_sql)), ("scd1", q.scd1_sql)];
            for (style, sql) in styles {
                let Some(sql) = sql else { continue };
                let r = wh.run(&render(sql, &qp)?, 1_000_000).await.map_err(|e| e.message)?;
                std::fs::write(expected.join(format!("{}.{style}.csv", q.id)), to_csv(&r))?;
            }
        }
        let mut browser = Warehouse::new().map_err(|e| e.message)?;
        build_social(&mut browser, &browser_network(), |_| {}).await.map_err(|e| e.message)?;
        let fingerprint = browser.run(FINGERPRINT_SQL, 1).await.map_err(|e| e.message)?;
        std::fs::write(expected.join("network-300x40.csv"), to_csv(&fingerprint))?;
        std::fs::write(expected.join("network-300x40.sql"), FINGERPRINT_SQL)?;
        println!("wrote {} Parquet files and the expected answers under {}", written.len(), root.display());
        Ok::<_, Box<dyn std::error::Error>>(())
    })
}
