//! The social warehouse natively, on the small network (200 users over 30 days): SCD2
//! as of any day equals that day's snapshot (keys leave and come back), SCD2 ranges are
//! well formed, the build is deterministic, datestamp reruns change no byte, and SCD1 has
//! lost the past.

use playground_engine::pipelines::datestamp::PIPELINES as DATESTAMP;
use playground_engine::pipelines::scd2::PIPELINES as SCD2;
use playground_engine::protocol::{ErrorKind, SocialParams};
use playground_engine::social::build_social;
use playground_engine::Warehouse;

async fn small() -> (Warehouse, SocialParams) {
    let params = SocialParams::small();
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &params, |_| {}).await.expect("small build");
    (wh, params)
}

fn days(params: &SocialParams) -> Vec<String> {
    let start = chrono::NaiveDate::parse_from_str(&params.start, "%Y-%m-%d").unwrap();
    (0..params.days).map(|d| (start + chrono::Days::new(d.into())).format("%Y-%m-%d").to_string()).collect()
}

async fn count(wh: &Warehouse, sql: &str) -> i64 {
    let r = wh.run(sql, 1).await.unwrap_or_else(|e| panic!("{sql}\n{e:?}"));
    r.columns[0].values.display(0).unwrap().parse().unwrap()
}

#[tokio::test]
async fn scd2_as_of_every_day_equals_that_days_snapshot() {
    let (wh, params) = small().await;
    for ds in days(&params) {
        for (scd2, snapshot) in SCD2.iter().zip(["dim_users", "dim_devices", "dim_relationships"]) {
            let cols: Vec<&str> = scd2.keys.iter().chain(scd2.attributes).map(|c| c.0).collect();
            let cols = cols.join(", ");
            let as_of = format!(
                "SELECT {cols} FROM {t} WHERE valid_from <= DATE '{ds}' AND (valid_to > DATE '{ds}' OR valid_to IS NULL)",
                t = scd2.table
            );
            let snap = format!("SELECT {cols} FROM {snapshot} WHERE ds = '{ds}'");
            let rows = count(&wh, &format!("SELECT count(*) FROM ({snap})")).await;
            assert!(rows > 0);
            let current = count(&wh, &format!("SELECT count(*) FROM {} WHERE is_current", scd2.table)).await;
            if ds == days(&params)[29] {
                assert_eq!(current, rows, "{}: the open versions are the last snapshot", scd2.table);
            }
            let missing = count(&wh, &format!("SELECT count(*) FROM ({snap} EXCEPT ALL {as_of})")).await;
            let extra = count(&wh, &format!("SELECT count(*) FROM ({as_of} EXCEPT ALL {snap})")).await;
            assert_eq!((missing, extra), (0, 0), "{} as of {ds}", scd2.table);
        }
    }
}

#[tokio::test]
async fn scd2_ranges_never_overlap_and_keys_that_leave_are_closed_out_and_come_back() {
    let (wh, _) = small().await;
    for scd2 in &SCD2 {
        let keys: Vec<&str> = scd2.keys.iter().map(|k| k.0).collect();
        let keys = keys.join(", ");
        let t = scd2.table;
        let ranges = |condition: &str| {
            format!(
                "SELECT count(*) FROM (
                   SELECT valid_from, valid_to, is_current,
                          lead(valid_from) OVER (PARTITION BY {keys} ORDER BY valid_from) AS next_from
                   FROM {t})
                 WHERE {condition}"
            )
        };
        let overlapping =
            count(&wh, &ranges("next_from IS NOT NULL AND (valid_to IS NULL OR valid_to > next_from)")).await;
        assert_eq!(overlapping, 0, "{t} has overlaps");
        let flag_wrong = count(&wh, &ranges("is_current <> (valid_to IS NULL) OR valid_to <= valid_from")).await;
        assert_eq!(flag_wrong, 0, "{t}: is_current is exactly the open version");
        // A key gone for a while (a deactivated account, an unfollow) has a gap and then
        // a new version; a key gone for good has no open version.
        let returned = count(&wh, &ranges("next_from IS NOT NULL AND valid_to < next_from")).await;
        assert!(returned > 0, "{t}: no key left and came back");
        let closed_for_good = count(
            &wh,
            &format!(
                "SELECT count(*) FROM (SELECT {keys} FROM {t} GROUP BY {keys} HAVING bool_or(is_current) = false)"
            ),
        )
        .await;
        assert!(closed_for_good > 0, "{t}: no key disappeared");
        // Sparse change: far fewer versions than snapshot rows.
        let versions = count(&wh, &format!("SELECT count(*) FROM {t}")).await;
        let keys_n = count(&wh, &format!("SELECT count(*) FROM (SELECT DISTINCT {keys} FROM {t})")).await;
        assert!(versions > keys_n, "{t}: some keys change");
        assert!(versions < keys_n * 5, "{t}: changes are sparse ({versions} versions of {keys_n} keys)");
    }
}

#[tokio::test]
async fn same_seed_gives_identical_bytes_and_reruns_change_nothing() {
    let (mut a, params) = small().await;
    let (b, _) = small().await;
    let catalog = a.catalog();
    let mut files = 0;
    for t in &catalog.tables {
        for p in &t.partitions {
            let ds = t.partitioned.then_some(p.ds.as_str());
            let (x, y) = (a.file_bytes(&t.name, ds).await, b.file_bytes(&t.name, ds).await);
            assert!(x.is_some() && x == y, "{} {:?} differs between two builds", t.name, ds);
            files += 1;
        }
    }
    // raw + datestamped partitions and the daily aggregate's, three SCD2 tables and
    // their aggregate, SCD1, and the botched SCD2 copy.
    assert_eq!(files, 4 * 30 + 4 * 30 + 30 + 3 + 1 + 1 + 1);

    // Rerun one day of every datestamp pipeline: every partition keeps its bytes.
    let day = &days(&params)[12];
    for pipeline in &DATESTAMP {
        let before = a.file_bytes(pipeline.table, Some(day)).await;
        pipeline.run(&mut a, day).await.unwrap();
        assert_eq!(a.file_bytes(pipeline.table, Some(day)).await, before, "{} {day}", pipeline.table);
    }
    assert_eq!(a.catalog(), catalog);
}

#[tokio::test]
async fn scd1_has_lost_the_past() {
    let (wh, params) = small().await;
    let first = &days(&params)[0];
    // Followers per user on the first day: the truth from the snapshot, and what the
    // overwritten table says (it only knows today).
    let wrong = count(
        &wh,
        &format!(
            "SELECT count(*) FROM dim_users d JOIN dim_users_current c ON d.user_id = c.user_id
             WHERE d.ds = '{first}' AND d.followers <> c.followers"
        ),
    )
    .await;
    assert!(wrong > 10, "SCD1 should disagree with the past for many users, got {wrong}");
}

#[tokio::test]
async fn bad_parameters_are_refused_before_any_work() {
    let mut wh = Warehouse::new().unwrap();
    wh.load_demo().await.unwrap();
    let before = wh.catalog();
    let base = SocialParams::small();
    let cases = [
        (SocialParams { users: 0, ..base.clone() }, "users must be at least"),
        (SocialParams { days: 0, ..base.clone() }, "days must be between"),
        (SocialParams { days: 1, ..base.clone() }, "days must be between 2 and"),
        (SocialParams { days: 5000, ..base.clone() }, "days must be between"),
        (SocialParams { start: "2024-13-01".into(), ..base.clone() }, "start date"),
        (SocialParams { users: 5_000_000, days: 365, ..base.clone() }, "fit in browser memory"),
        (SocialParams { fast_growers: 1.5, ..base.clone() }, "share between 0 and 1"),
    ];
    for (params, expect) in cases {
        let e = build_social(&mut wh, &params, |_| {}).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadInput);
        assert!(e.message.contains(expect), "{params:?}: {}", e.message);
        assert_eq!(wh.catalog(), before);
    }
}

#[tokio::test]
async fn the_protocol_builds_with_progress_and_keeps_the_old_warehouse_on_bad_input() {
    use playground_engine::protocol::{Request, Response};
    let mut wh = Warehouse::new().unwrap();
    wh.load_demo().await.unwrap();
    let before = wh.catalog();
    let bad = SocialParams { start: "someday".into(), ..SocialParams::small() };
    let mut steps = 0;
    match wh.handle_with_progress(Request::LoadSocial { params: bad }, |_| steps += 1).await {
        Response::Error(e) => assert!(e.message.contains("start date"), "{}", e.message),
        other => panic!("{other:?}"),
    }
    assert_eq!((wh.catalog(), steps), (before, 0));

    let params = SocialParams { users: 40, days: 4, ..SocialParams::small() };
    let mut progress = Vec::new();
    match wh.handle_with_progress(Request::LoadSocial { params }, |p| progress.push(p)).await {
        Response::Loaded { catalog, summary } => {
            assert!(summary.contains("40 users, 4 days"), "{summary}");
            assert!(catalog.tables.iter().any(|t| t.name == "demo_events"));
            assert!(catalog.tables.iter().any(|t| t.name == "dim_relationships_scd2"));
        }
        other => panic!("{other:?}"),
    }
    // A step a day of raw snapshots, then one per statement: each datestamp pipeline and
    // its aggregate over all four days, three SCD2 tables in one pass, their aggregate,
    // the SCD1 overwrite and the botched copy.
    let steps: Vec<(u32, u32, String)> = progress
        .into_iter()
        .map(|p| match p {
            Response::Progress { done, total, step } => (done, total, step),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(steps.len(), 4 + 5 + 3 + 3);
    assert!(steps.iter().enumerate().all(|(i, (done, total, _))| *done == i as u32 + 1 && *total == 15));
    assert_eq!(steps[3].2, "raw snapshots of 2024-12-21");
    assert_eq!(steps[4].2, "dim_users from 2024-12-18 to 2024-12-21");
    assert_eq!(steps[9].2, "dim_users_scd2 in one pass");
}
