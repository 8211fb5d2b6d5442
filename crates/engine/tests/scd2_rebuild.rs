//! The SCD2 tables rebuilt in one pass from the daily snapshots equal the chain of daily
//! merges, as of every day, for every SCD2 table and the SCD2 aggregate, on three seeds
//! and two sizes. The oracle is the daily merge itself, run one day after another on the
//! same raw snapshots in a second warehouse.

use datafusion::arrow::array::{ArrayRef, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use playground_engine::pipelines::scd2::PIPELINES as SCD2;
use playground_engine::pipelines::{aggregate, scd2::Scd2Pipeline};
use playground_engine::protocol::{SocialParams, RAW_TABLES};
use playground_engine::social::build_social;
use playground_engine::Warehouse;

fn networks() -> Vec<SocialParams> {
    let mut out = Vec::new();
    for seed in [1, 7, 2024] {
        out.push(SocialParams { seed, users: 60, days: 24, fast_growers: 0.05, ..SocialParams::small() });
        out.push(SocialParams { seed, ..SocialParams::small() });
    }
    out
}

fn days(params: &SocialParams) -> Vec<String> {
    let start = chrono::NaiveDate::parse_from_str(&params.start, "%Y-%m-%d").unwrap();
    (0..params.days).map(|d| (start + chrono::Days::new(d.into())).format("%Y-%m-%d").to_string()).collect()
}

/// The columns of a result, as one array each.
fn columns(batches: &[RecordBatch]) -> Vec<ArrayRef> {
    let batch = concat_batches(&batches[0].schema(), batches).unwrap();
    batch.columns().to_vec()
}

fn order(p: &Scd2Pipeline) -> String {
    let keys: Vec<&str> = p.keys.iter().map(|k| k.0).collect();
    format!("{}, valid_from", keys.join(", "))
}

#[tokio::test]
async fn one_pass_scd2_equals_the_daily_merge_chain_on_every_day() {
    for params in networks() {
        let mut built = Warehouse::new().unwrap();
        build_social(&mut built, &params, |_| {}).await.unwrap();
        let days = days(&params);
        let mut chain = Warehouse::new().unwrap();
        for ds in &days {
            for table in RAW_TABLES {
                chain.load_partition(table, ds, built.file_bytes(table, Some(ds)).await.unwrap()).await.unwrap();
            }
        }
        let mut changed = 0;
        for ds in &days {
            for p in &SCD2 {
                p.run(&mut chain, ds).await.unwrap();
                let merged = chain.collect(&format!("SELECT * FROM {} ORDER BY {}", p.table, order(p))).await.unwrap();
                let sql = format!("SELECT * FROM ({}) t ORDER BY {}", p.rebuild_sql(&days[0], ds).unwrap(), order(p));
                let one_pass = built.collect(&sql).await.unwrap();
                assert_eq!(
                    columns(&merged),
                    columns(&one_pass),
                    "{} as of {ds}, seed {}, {} users",
                    p.table,
                    params.seed,
                    params.users
                );
                changed += usize::from(merged.iter().map(RecordBatch::num_rows).sum::<usize>() > params.users as usize);
            }
        }
        assert!(changed > 0, "the chain must close versions, or the check proves little");
        // The one-pass table the build stored is the chain's last state.
        for p in &SCD2 {
            let stored = built.collect(&format!("SELECT * FROM {} ORDER BY {}", p.table, order(p))).await.unwrap();
            let merged = chain.collect(&format!("SELECT * FROM {} ORDER BY {}", p.table, order(p))).await.unwrap();
            assert_eq!(columns(&stored), columns(&merged), "{} stored, seed {}", p.table, params.seed);
        }
    }
}

#[tokio::test]
async fn the_one_pass_scd2_aggregate_equals_the_daily_runs() {
    for params in networks().into_iter().take(2) {
        let mut built = Warehouse::new().unwrap();
        build_social(&mut built, &params, |_| {}).await.unwrap();
        let days = days(&params);
        let mut chain = Warehouse::new().unwrap();
        chain.set_network(&params);
        for ds in &days {
            for table in RAW_TABLES {
                chain.load_partition(table, ds, built.file_bytes(table, Some(ds)).await.unwrap()).await.unwrap();
            }
            for p in &SCD2 {
                p.run(&mut chain, ds).await.unwrap();
            }
            aggregate::run_scd2(&mut chain, ds).await.unwrap();
        }
        let sql = format!("SELECT * FROM {} ORDER BY day", aggregate::SCD2_TABLE);
        let (stored, daily) = (built.collect(&sql).await.unwrap(), chain.collect(&sql).await.unwrap());
        assert_eq!(columns(&stored), columns(&daily), "seed {}", params.seed);
        assert_eq!(daily.iter().map(RecordBatch::num_rows).sum::<usize>(), days.len());
    }
}

#[tokio::test]
async fn the_page_check_finds_both_ways_equal_and_needs_every_raw_day() {
    let params = SocialParams { users: 60, days: 35, fast_growers: 0.05, ..SocialParams::small() };
    let mut wh = Warehouse::new().unwrap();
    wh.load_social(&params, |_| {}).await.unwrap();
    let mut merged = Vec::new();
    let check = wh.check_scd2_rebuild(|done, total| merged.push((done, total))).await.unwrap();
    assert_eq!(merged.last(), Some(&(35, 35)));
    assert_eq!(check.days, 35);
    let tables: Vec<&str> = check.tables.iter().map(|t| t.table.as_str()).collect();
    assert_eq!(tables, ["dim_users_scd2", "dim_devices_scd2", "dim_relationships_scd2"]);
    for t in &check.tables {
        assert!(t.identical && t.chain_rows == t.one_pass_rows && t.chain_rows > 60, "{t:?}");
        assert!(t.chain_ms > 0.0 && t.one_pass_ms > 0.0);
    }
    // Past a retention window the merges have no raw days to start from.
    wh.apply_retention(10).await.unwrap();
    let e = wh.check_scd2_rebuild(|_, _| {}).await.unwrap_err();
    assert!(e.message.contains("no users partition"), "{}", e.message);
}
