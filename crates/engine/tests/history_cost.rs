//! The measurements behind the cost-of-history charts: storage per model recorded day by
//! day during the build, a lookup timed in each model, and the fast growers' series.

use playground_engine::pipelines::{datestamp, scd2};
use playground_engine::protocol::{ErrorKind, SocialParams};
use playground_engine::social::build_social;
use playground_engine::Warehouse;

#[tokio::test]
async fn storage_growth_lookups_and_the_cohort_are_measured_from_the_warehouse() {
    let params = SocialParams::small();
    let mut wh = Warehouse::new().unwrap();
    wh.load_social(&params, |_| {}).await.unwrap();

    let cost = wh.history_cost("2025-01-05", 3).await.unwrap();
    let growth = &cost.growth;
    assert_eq!(growth.len(), 30);
    assert_eq!((growth[0].ds.as_str(), growth[29].ds.as_str()), ("2024-12-18", "2025-01-16"));
    assert!(growth.windows(2).all(|w| w[1].datestamped_bytes > w[0].datestamped_bytes));
    let last = &growth[29];
    let datestamped: u64 = datestamp::PIPELINES.iter().map(|p| wh.stored_bytes(p.table)).sum();
    let scd2: u64 = scd2::PIPELINES.iter().map(|p| wh.stored_bytes(p.table)).sum();
    assert_eq!((last.datestamped_bytes, last.scd2_bytes), (datestamped, scd2));
    // Snapshots repeat every unchanged row; SCD2 stores each version once.
    assert!(last.datestamped_bytes > 5 * last.scd2_bytes, "{last:?}");

    let models: Vec<&str> = cost.lookups.iter().map(|l| l.model.as_str()).collect();
    assert_eq!(models, ["Datestamps", "SCD2", "SCD1 (today only)"]);
    // One partition of the day's users against every version in the SCD2 table.
    let users = wh.run("SELECT count(*) FROM dim_users WHERE ds = '2025-01-05'", 1).await.unwrap();
    let users: u64 = users.columns[0].values.display(0).unwrap().parse().unwrap();
    assert!(users > 150);
    assert_eq!(cost.lookups[0].rows_scanned, users);
    assert!(cost.lookups[1].rows_scanned > users);
    assert!(cost.lookups.iter().all(|l| l.median_ms > 0.0));

    let cohort = wh.cohort_growth("2025-01-16", "2024-12-18").await.unwrap();
    assert!(!cohort.is_empty());
    for s in &cohort {
        assert_eq!(s.points.len(), 30);
        // This network's thresholds: a tenth of 200 users now, a fifth of that then.
        assert!(s.points[0].1 < 4 && s.points[29].1 >= 20, "{s:?}");
    }
}

#[tokio::test]
async fn bad_dates_and_run_counts_are_refused() {
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &SocialParams::small(), |_| {}).await.unwrap();
    assert_eq!(wh.history_cost("2025-13-01", 1).await.unwrap_err().kind, ErrorKind::BadInput);
    assert_eq!(wh.history_cost("2025-01-01", 0).await.unwrap_err().kind, ErrorKind::BadInput);
    assert_eq!(wh.cohort_growth("today", "2024-12-18").await.unwrap_err().kind, ErrorKind::BadInput);
}
