//! What a person trying to break the playground gets back, case by case: a day that does
//! not exist is named as such, a chain too long for the planner's stack is refused with
//! advice before it is parsed, and a network that would run past the year 9999 is refused
//! before it is built.

use playground_engine::protocol::{ErrorKind, SocialParams};
use playground_engine::query_shape::MAX_CHAIN;
use playground_engine::Warehouse;

fn params() -> SocialParams {
    SocialParams { users: 30, days: 4, start: "2024-01-01".into(), ..SocialParams::default() }
}

async fn network() -> Warehouse {
    let mut wh = Warehouse::new().unwrap();
    wh.load_social(&params(), |_| {}).await.unwrap();
    wh
}

async fn count(wh: &Warehouse, sql: &str) -> Result<String, playground_engine::protocol::EngineError> {
    wh.run(sql, 1).await.map(|r| format!("{:?}", r.columns[0].values))
}

#[tokio::test]
async fn a_day_that_does_not_exist_is_named_with_the_days_held() {
    let wh = network().await;
    for (sql, said) in [
        ("SELECT count(*) FROM dim_users WHERE ds = '2024-02-30'", "there is no day '2024-02-30' in the calendar"),
        ("SELECT count(*) FROM dim_users WHERE ds = 'yesterday'", "'yesterday' is not a day"),
        ("SELECT count(*) FROM dim_users u WHERE u.ds IN ('2024-01-02', '2024-13-01')", "no day '2024-13-01'"),
        ("SELECT count(*) FROM dim_users WHERE '2023-02-29' <= ds", "no day '2023-02-29'"),
        (
            "SELECT count(*) FROM dim_users WHERE user_id IN (SELECT user_id FROM dim_devices WHERE ds = 'today')",
            "'today' is not a day",
        ),
    ] {
        let e = count(&wh, sql).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Plan, "{sql}");
        assert!(e.message.contains(said), "{sql}: {}", e.message);
        assert!(e.message.ends_with("This warehouse holds 2024-01-01 to 2024-01-04."), "{}", e.message);
    }
}

#[tokio::test]
async fn real_days_and_prefix_ranges_still_run() {
    let wh = network().await;
    for sql in [
        "SELECT count(*) FROM dim_users WHERE ds = '2024-01-01'",
        "SELECT count(*) FROM dim_users WHERE ds >= '2024-01'",
        "SELECT count(*) FROM dim_users WHERE ds BETWEEN '2024-01-01' AND '2024-01-03'",
        "SELECT count(*) FROM dim_users WHERE CAST(user_id AS VARCHAR) = 'yesterday'",
    ] {
        count(&wh, sql).await.unwrap_or_else(|e| panic!("{sql}: {}", e.message));
    }
    // A real day the warehouse does not hold is an empty answer, not an error.
    let absent = count(&wh, "SELECT count(*) FROM dim_users WHERE ds = '2030-01-01'").await.unwrap();
    assert_eq!(absent, count(&wh, "SELECT count(*) FROM dim_users WHERE false").await.unwrap());
}

/// `x = 0 OR x = 1 OR …` with `terms` terms.
fn or_chain(terms: usize) -> String {
    let terms: Vec<String> = (0..terms).map(|i| format!("user_id = {i}")).collect();
    format!("SELECT count(*) FROM dim_users WHERE {}", terms.join(" OR "))
}

#[tokio::test]
async fn the_chains_that_crashed_the_browser_are_refused_before_parsing() {
    let wh = network().await;
    let union: Vec<String> = (0..6_000).map(|i| format!("SELECT {i} AS x")).collect();
    for sql in [union.join(" UNION ALL "), or_chain(5_000)] {
        let e = count(&wh, &sql).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadInput);
        assert!(e.message.contains(&format!("plans chains up to {MAX_CHAIN} long")), "{}", e.message);
    }
}

#[test]
fn a_chain_at_the_budget_runs() {
    // Native debug frames are several times wasm's: a big thread stack stands in for the
    // 4 MiB wasm stack the budget was measured on (the browser test runs it there).
    let answer = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
            rt.block_on(async {
                let wh = network().await;
                // n terms are n - 1 ORs: the deepest chain allowed.
                let n = MAX_CHAIN + 1;
                let chained = count(&wh, &or_chain(n)).await.map_err(|e| e.message);
                let ranged = format!("SELECT count(*) FROM dim_users WHERE user_id BETWEEN 0 AND {}", n - 1);
                (chained, count(&wh, &ranged).await.map_err(|e| e.message))
            })
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(answer.0, answer.1);
    assert!(answer.0.is_ok());
}

#[tokio::test]
async fn a_network_running_past_the_year_9999_is_refused_before_it_is_built() {
    let mut wh = Warehouse::new().unwrap();
    let late = SocialParams { start: "9999-12-20".into(), days: 20, ..params() };
    let e = wh.load_social(&late, |_| {}).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::BadInput);
    assert!(e.message.contains("run past 9999-12-31"), "{}", e.message);
    let last_fit = SocialParams { start: "9999-12-28".into(), days: 4, ..params() };
    wh.load_social(&last_fit, |_| {}).await.unwrap();
    assert_eq!(wh.partition_days("dim_users").last().map(String::as_str), Some("9999-12-31"));
}

#[tokio::test]
async fn what_the_warehouse_holds_leaves_less_memory_for_a_query_and_the_message_says_so() {
    let small = network().await;
    let held: u64 = small.catalog().tables.iter().flat_map(|t| &t.partitions).map(|p| p.bytes).sum();
    // Room for the network's own pipelines, not for a sort of 360,000 rows of a kilobyte.
    let budget = usize::try_from(held).unwrap() + (8 << 20);
    let mut tight = Warehouse::with_memory(1 << 30, budget).unwrap();
    tight.load_social(&params(), |_| {}).await.unwrap();
    let wide = "SELECT repeat('x', 1000) || a.user_id AS s FROM dim_relationships a, dim_relationships b ORDER BY s";
    let e = tight.run(wide, 10).await.unwrap_err();
    assert!(
        e.message.contains(&format!("{} held by the warehouse", kb(held))) && e.message.contains("the engine's budget"),
        "{}",
        e.message
    );
    // A query that fits runs, and says what it used and what was held.
    let sorted = "SELECT a.user_id, b.friend_id FROM dim_relationships a, dim_relationships b ORDER BY 1, 2";
    let r = tight.run(sorted, 10).await.unwrap();
    assert!(r.metrics.memory_peak_bytes > (64 << 10), "{:?}", r.metrics);
    assert_eq!(r.metrics.memory_held_bytes, held);
}

/// Bytes as the engine's messages write them below a megabyte.
fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}
