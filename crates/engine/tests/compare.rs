//! The compare request behind the side-by-side view: verdicts, diffs, timings, date
//! predicates, and a failing or oversized side.

use playground_engine::protocol::{
    CompareRequest, Comparison, ErrorKind, SideOutcome, SideResult, SocialParams, Verdict,
};
use playground_engine::social::build_social;
use playground_engine::Warehouse;
use playground_queries::scenarios::by_id;
use playground_queries::{render, QuestionParams, Thresholds};

async fn small_network() -> Warehouse {
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &SocialParams::small(), |_| {}).await.unwrap();
    wh
}

fn request(left: &str, right: &str, runs: u32) -> CompareRequest {
    CompareRequest { left_sql: left.into(), right_sql: right.into(), runs, max_rows: 1000 }
}

async fn scenario(wh: &Warehouse, id: &str, date: &str) -> Comparison {
    let s = by_id(id).unwrap();
    let mut p = QuestionParams::for_range("2024-12-18", "2025-01-16", Thresholds::for_users(200));
    p.date = date.into();
    p.past = date.into();
    let req = request(&render(s.left_sql, &p).unwrap(), &render(s.right_sql, &p).unwrap(), 3);
    wh.compare(&req).await.unwrap()
}

fn ran(side: &SideOutcome) -> &SideResult {
    match side {
        SideOutcome::Ran(r) => r,
        SideOutcome::Failed(e) => panic!("side failed: {}", e.message),
    }
}

#[tokio::test]
async fn an_honest_pair_is_identical_and_counts_its_date_logic() {
    let wh = small_network().await;
    let c = scenario(&wh, "followers_on_date", "2025-01-05").await;
    let Verdict::Identical { rows } = c.verdict else { panic!("{:?}", c.verdict) };
    assert_eq!(rows, 1);
    let (left, right) = (ran(&c.left), ran(&c.right));
    assert_eq!(left.run_ms.len(), 3);
    assert!(left.median_ms > 0.0 && left.median_ms <= left.run_ms.iter().cloned().fold(0.0, f64::max));
    // One `ds = …` against the three comparisons of an SCD2 as-of test
    // (`valid_from <=`, `valid_to >`, `valid_to IS NULL`).
    assert_eq!(left.date_predicates, 1);
    assert_eq!(right.date_predicates, 3);
}

#[tokio::test]
async fn a_pitfall_shows_the_rows_only_one_side_has() {
    let wh = small_network().await;
    let c = scenario(&wh, "pitfall_inclusive_between", "2025-01-05").await;
    let Verdict::Different { columns, only_left, only_right, only_left_rows, only_right_rows } = c.verdict else {
        panic!("{:?}", c.verdict)
    };
    assert_eq!(columns, ["user_id", "followers"]);
    // The inclusive bound adds the closed-that-day versions; it loses nothing.
    assert!(only_left.is_empty() && only_left_rows == 0);
    assert!(!only_right.is_empty());
    assert_eq!(only_right_rows, only_right.iter().map(|r| r.count).sum::<u64>());
}

#[tokio::test]
async fn a_failing_side_leaves_the_other_side_working() {
    let wh = small_network().await;
    let c = wh.compare(&request("SELEC 1", "SELECT count(*) AS n FROM dim_users", 1)).await.unwrap();
    let SideOutcome::Failed(e) = &c.left else { panic!("{:?}", c.left) };
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!(ran(&c.right).result.total_rows, 1);
    assert!(matches!(c.verdict, Verdict::NotCompared(_)));
}

#[tokio::test]
async fn results_too_large_to_compare_are_refused_with_a_message() {
    let wh = small_network().await;
    // Every user with every follow of the day, twice: over the 200,000-row limit.
    let big = "SELECT u.user_id, r.user_id AS follower, r.friend_id, t.k
FROM dim_users u, dim_relationships r, (VALUES (1), (2)) AS t(k)
WHERE u.ds = '2025-01-01' AND r.ds = '2025-01-01'";
    let wh = &wh;
    let count = |sql: &'static str| async move {
        let r = wh.run(sql, 1).await.unwrap();
        r.columns[0].values.display(0).unwrap().parse::<u64>().unwrap()
    };
    let users = count("SELECT count(*) FROM dim_users WHERE ds = '2025-01-01'").await;
    let follows = count("SELECT count(*) FROM dim_relationships WHERE ds = '2025-01-01'").await;
    assert!(2 * users * follows > 200_000);
    let c = wh.compare(&request("SELECT 1 AS one", big, 1)).await.unwrap();
    let right = ran(&c.right);
    assert_eq!(right.result.total_rows, 2 * users * follows);
    // The shown rows still arrive.
    assert_eq!(right.result.kept_rows, 1000);
    let Verdict::NotCompared(message) = c.verdict else { panic!("{:?}", c.verdict) };
    assert!(message.contains("too large to compare"), "{message}");
}

#[tokio::test]
async fn runs_out_of_range_are_refused() {
    let wh = small_network().await;
    let e = wh.compare(&request("SELECT 1", "SELECT 1", 0)).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::BadInput);
}
