//! The set-based build (each datestamp pipeline run once over a range of days) writes
//! the same partitions as the daily statements: every day of every datestamped table,
//! byte for byte, against the daily path a backfill task takes (`Warehouse::run_task`
//! on that day's raw partitions alone), on three seeds and two sizes.

use playground_engine::pipelines::datestamp::PIPELINES as DATESTAMP;
use playground_engine::protocol::{PartitionBytes, SocialParams, TaskPipeline, RAW_TABLES};
use playground_engine::social::{build_social, DAYS_PER_STATEMENT};
use playground_engine::Warehouse;

fn networks() -> Vec<SocialParams> {
    let mut out = Vec::new();
    for seed in [3, 11, 99] {
        out.push(SocialParams { seed, users: 60, days: 24, fast_growers: 0.05, ..SocialParams::small() });
        // Past one statement's days: two ranges meet.
        out.push(SocialParams { seed, users: 300, days: DAYS_PER_STATEMENT + 10, ..SocialParams::small() });
    }
    out
}

#[tokio::test]
async fn every_partition_of_the_set_based_build_equals_its_daily_statement() {
    for params in networks() {
        let mut wh = Warehouse::new().unwrap();
        let report = build_social(&mut wh, &params, |_| {}).await.unwrap();
        let days: Vec<String> = report.storage_growth.iter().map(|p| p.ds.clone()).collect();
        assert_eq!(days.len(), params.days as usize);
        for ds in &days {
            let mut inputs = Vec::new();
            for table in RAW_TABLES {
                let parquet = wh.file_bytes(table, Some(ds)).await.unwrap().to_vec();
                inputs.push(PartitionBytes { table: table.into(), ds: ds.clone(), parquet });
            }
            for p in &DATESTAMP {
                let task = TaskPipeline { table: p.table.into(), sql: None, sources: vec![] };
                let (daily, _) = Warehouse::run_task(&task, ds, inputs.clone()).await.unwrap();
                let stored = wh.file_bytes(p.table, Some(ds)).await.unwrap();
                assert!(stored[..] == daily.parquet[..], "{} on {ds}, seed {}", p.table, params.seed);
            }
        }
        let follows = wh.catalog().tables.into_iter().find(|t| t.name == "dim_relationships").unwrap().rows();
        assert!(follows > u64::from(params.users), "the network has follows to compare");
    }
}
