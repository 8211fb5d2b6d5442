//! The social network against an independent computation: Rust over the generator's own
//! daily snapshots (no SQL) says what every dimension row and the retention answer must
//! be, and the warehouse's pipelines must agree. Also the graph's invariants, and the
//! retention cohort at every size the form's edges allow.

use std::collections::{BTreeMap, BTreeSet};

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Date32Type, Int64Type};
use playground_engine::compare::rows;
use playground_engine::protocol::SocialParams;
use playground_engine::social::{build_social, DaySnapshot, Generator};
use playground_engine::Warehouse;
use playground_queries::{render, QuestionParams, Thresholds};

fn ints(b: &RecordBatch, col: &str) -> Vec<i64> {
    b.column_by_name(col).unwrap().as_primitive::<Int64Type>().values().to_vec()
}

fn strings(b: &RecordBatch, col: &str) -> Vec<String> {
    let a = b.column_by_name(col).unwrap();
    let a = a.as_string::<i32>();
    (0..a.len()).map(|i| a.value(i).to_string()).collect()
}

/// One day of the network as the pipelines should see it, worked out in plain Rust.
struct Day {
    ds: String,
    /// user -> (signed_up, followers, following, primary device), active users only.
    users: BTreeMap<i64, (i32, i64, i64, String)>,
    /// (user, friend) -> mutual, follows between active users only.
    follows: BTreeMap<(i64, i64), bool>,
    /// (post, viewer, poster) views of the day.
    views: Vec<(i64, i64, i64)>,
}

fn oracle(s: &DaySnapshot) -> Day {
    let ids = ints(&s.users, "user_id");
    let status = strings(&s.users, "status");
    let signed = s.users.column_by_name("signed_up").unwrap().as_primitive::<Date32Type>().values().to_vec();
    let active: BTreeMap<i64, i32> = ids
        .iter()
        .zip(&status)
        .zip(&signed)
        .filter(|((_, st), _)| *st == "active")
        .map(|((u, _), d)| (*u, *d))
        .collect();
    let edges: BTreeSet<(i64, i64)> = ints(&s.relationships, "user_id")
        .into_iter()
        .zip(ints(&s.relationships, "friend_id"))
        .filter(|(u, f)| active.contains_key(u) && active.contains_key(f))
        .collect();
    let follows = edges.iter().map(|&(u, f)| ((u, f), edges.contains(&(f, u)))).collect();
    let mut device: BTreeMap<i64, (i64, String)> = BTreeMap::new();
    for ((u, d), n) in
        ints(&s.devices, "user_id").into_iter().zip(strings(&s.devices, "device")).zip(ints(&s.devices, "sessions"))
    {
        let better = device.get(&u).is_none_or(|(best, name)| n > *best || (n == *best && d < *name));
        if better {
            device.insert(u, (n, d));
        }
    }
    let (mut inbound, mut outbound) = (BTreeMap::<i64, i64>::new(), BTreeMap::<i64, i64>::new());
    for &(u, f) in &edges {
        *outbound.entry(u).or_default() += 1;
        *inbound.entry(f).or_default() += 1;
    }
    let degree = |m: &BTreeMap<i64, i64>, u: i64| m.get(&u).copied().unwrap_or(0);
    let users = active
        .iter()
        .map(|(&u, &signed_up)| (u, (signed_up, degree(&inbound, u), degree(&outbound, u), device[&u].1.clone())))
        .collect();
    let views = ints(&s.post_views, "post_id")
        .into_iter()
        .zip(ints(&s.post_views, "viewer_id"))
        .zip(ints(&s.post_views, "poster_id"))
        .map(|((p, v), q)| (p, v, q))
        .collect();
    Day { ds: s.ds.clone(), users, follows, views }
}

fn days_of(params: &SocialParams) -> Vec<Day> {
    let start = chrono::NaiveDate::parse_from_str(&params.start, "%Y-%m-%d").unwrap();
    let mut g = Generator::new(params, start);
    (0..params.days).map(|_| oracle(&g.next_day().unwrap())).collect()
}

/// The retention answer in Rust: (user, device then, followers then, followers now,
/// posts viewed from accounts that were mutuals on the day of the view).
fn retention(days: &[Day], p: &QuestionParams) -> Vec<Vec<Option<String>>> {
    let (Some(past), Some(today)) = (days.iter().find(|d| d.ds == p.past), days.iter().find(|d| d.ds == p.today))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (u, now) in &today.users {
        let Some(then) = past.users.get(u) else { continue };
        if now.1 < p.thresholds.many || then.1 >= p.thresholds.few {
            continue;
        }
        let mut posts = BTreeSet::new();
        for d in days.iter().filter(|d| d.ds >= p.past && d.ds <= p.today) {
            for &(post, viewer, poster) in &d.views {
                if viewer == *u && d.follows.get(&(viewer, poster)) == Some(&true) {
                    posts.insert(post);
                }
            }
        }
        let row = [u.to_string(), then.3.clone(), then.1.to_string(), now.1.to_string(), posts.len().to_string()];
        out.push(row.into_iter().map(Some).collect());
    }
    out
}

#[tokio::test]
async fn the_pipelines_agree_with_rust_over_the_generators_own_snapshots() {
    let params = SocialParams::small();
    let days = days_of(&params);
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &params, |_| {}).await.unwrap();
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    for d in &days {
        let got = wh
            .run(&format!("SELECT user_id, signed_up, followers, following, device FROM dim_users WHERE ds = '{}' ORDER BY user_id", d.ds), 1_000_000)
            .await
            .unwrap();
        let expected: Vec<Vec<Option<String>>> = d
            .users
            .iter()
            .map(|(u, (signed, followers, following, device))| {
                let signed = (epoch + chrono::Days::new(*signed as u64)).format("%Y-%m-%d").to_string();
                [u.to_string(), signed, followers.to_string(), following.to_string(), device.clone()]
                    .into_iter()
                    .map(Some)
                    .collect()
            })
            .collect();
        assert_eq!(rows(&got), expected, "dim_users on {}", d.ds);
        let got = wh
            .run(&format!("SELECT user_id, friend_id, is_mutual FROM dim_relationships WHERE ds = '{}' ORDER BY user_id, friend_id", d.ds), 1_000_000)
            .await
            .unwrap();
        let expected: Vec<Vec<Option<String>>> = d
            .follows
            .iter()
            .map(|((u, f), m)| [u.to_string(), f.to_string(), m.to_string()].into_iter().map(Some).collect())
            .collect();
        assert_eq!(rows(&got), expected, "dim_relationships on {}", d.ds);
    }
    let (first, last) = (&days[0].ds, &days[days.len() - 1].ds);
    let q = playground_queries::by_id("retention").unwrap();
    for past in [first.as_str(), "2024-12-25", "2025-01-02"] {
        let p = QuestionParams::as_of(first, last, past, Thresholds::for_users(params.users)).unwrap();
        let expected = retention(&days, &p);
        for sql in [q.datestamp_sql, q.scd2_sql] {
            let got = wh.run(&render(sql, &p).unwrap(), 10_000).await.unwrap();
            assert_eq!(rows(&got), expected, "retention as of {past}");
        }
        if past == first {
            assert!(!expected.is_empty(), "the cohort is empty on the small network");
            assert!(expected.iter().any(|r| r[4].as_deref() != Some("0")), "growers viewed posts from mutuals");
        }
    }
}

#[tokio::test]
async fn the_graph_holds_its_invariants_on_every_day() {
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &SocialParams::small(), |_| {}).await.unwrap();
    let count = |sql: &'static str| {
        let wh = &wh;
        async move {
            let r = wh.run(sql, 1).await.unwrap_or_else(|e| panic!("{sql}\n{e:?}"));
            r.columns[0].values.display(0).unwrap().parse::<i64>().unwrap()
        }
    };
    // Mutual is symmetric: a mutual follow's reverse exists and is mutual too.
    let asymmetric = count(
        "SELECT count(*) FROM dim_relationships a LEFT JOIN dim_relationships b
           ON b.ds = a.ds AND b.user_id = a.friend_id AND b.friend_id = a.user_id
         WHERE (a.is_mutual AND (b.user_id IS NULL OR NOT b.is_mutual)) OR (NOT a.is_mutual AND b.user_id IS NOT NULL)",
    )
    .await;
    assert_eq!(asymmetric, 0);
    // Followers and following are the in- and out-degree of the day's follows.
    let off = count(
        "SELECT count(*) FROM dim_users u
         LEFT JOIN (SELECT ds, friend_id, count(*) AS n FROM dim_relationships GROUP BY ds, friend_id) i
           ON i.ds = u.ds AND i.friend_id = u.user_id
         LEFT JOIN (SELECT ds, user_id, count(*) AS n FROM dim_relationships GROUP BY ds, user_id) o
           ON o.ds = u.ds AND o.user_id = u.user_id
         WHERE u.followers <> coalesce(i.n, 0) OR u.following <> coalesce(o.n, 0)",
    )
    .await;
    assert_eq!(off, 0);
    // Accounts that are gone (deleted or deactivated) have no follows either way.
    let dangling = count(
        "SELECT count(*) FROM dim_relationships r
         LEFT JOIN dim_users a ON a.ds = r.ds AND a.user_id = r.user_id
         LEFT JOIN dim_users b ON b.ds = r.ds AND b.user_id = r.friend_id
         WHERE a.user_id IS NULL OR b.user_id IS NULL",
    )
    .await;
    assert_eq!(dangling, 0);
    // The network lives: accounts sign up, leave, and some come back.
    let leavers = count("SELECT count(*) FROM (SELECT DISTINCT user_id FROM users WHERE status = 'deactivated')").await;
    let joiners =
        count("SELECT count(*) FROM (SELECT user_id FROM dim_users GROUP BY user_id HAVING min(ds) > '2024-12-18')")
            .await;
    let deleted =
        count("SELECT count(*) FROM (SELECT user_id FROM users GROUP BY user_id HAVING max(ds) < '2025-01-16')").await;
    assert!(leavers > 0 && joiners > 0 && deleted > 0, "leavers {leavers}, joiners {joiners}, deleted {deleted}");
}

/// The cohort's size in Rust: users with few followers three months before the last
/// day and many on it. Only those two days are kept.
fn cohort(params: &SocialParams) -> (usize, Thresholds) {
    let start = chrono::NaiveDate::parse_from_str(&params.start, "%Y-%m-%d").unwrap();
    let day = |d: u32| (start + chrono::Days::new(d.into())).format("%Y-%m-%d").to_string();
    let t = Thresholds::for_users(params.users);
    let p = QuestionParams::for_range(&day(0), &day(params.days - 1), t);
    let mut g = Generator::new(params, start);
    let mut kept = Vec::new();
    for d in 0..params.days {
        let snapshot = g.next_day().unwrap();
        if day(d) == p.past || day(d) == p.today {
            kept.push(oracle(&snapshot));
        }
    }
    let (past, today) = (&kept[0], &kept[kept.len() - 1]);
    let n = today
        .users
        .iter()
        .filter(|(u, now)| now.1 >= t.many && past.users.get(u).is_some_and(|then| then.1 < t.few))
        .count();
    (n, t)
}

#[test]
fn the_cohort_is_there_at_the_edges_of_the_form() {
    for (users, days) in [(20, 2), (20, 730), (300, 40), (1000, 100)] {
        let params = SocialParams { users, days, ..SocialParams::default() };
        let (n, t) = cohort(&params);
        assert!(n > 0, "{users} users over {days} days: no one with {}", t.describe());
    }
}

#[test]
fn at_the_default_size_fast_growers_are_followed_by_a_tenth_of_the_network() {
    let params = SocialParams::default();
    let (n, t) = cohort(&params);
    assert_eq!(t, Thresholds { many: 1000, few: 200 });
    assert!(n >= 10, "only {n} users went from under 200 followers to 1000+");
}
