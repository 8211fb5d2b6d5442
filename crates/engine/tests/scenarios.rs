//! Every scenario of the compare gallery reaches the verdict it claims, on the fixtures'
//! network: honest pairs agree, pitfalls differ, on several dates.

use playground_engine::compare::{multiset_diff, rows};
use playground_engine::protocol::SocialParams;
use playground_engine::social::build_social;
use playground_engine::Warehouse;
use playground_queries::scenarios::{all, Expect};
use playground_queries::{render, QuestionParams, Thresholds};

#[tokio::test]
async fn every_scenario_reaches_its_claimed_verdict() {
    let params = SocialParams::small();
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &params, |_| {}).await.unwrap();
    let start = chrono::NaiveDate::parse_from_str(&params.start, "%Y-%m-%d").unwrap();
    let generator = playground_engine::social::Generator::new(&params, start);
    // A fast grower: their follower count changes every day of the growth.
    let grower = (1..=i64::from(params.users))
        .find(|&u| generator.cohort(u) == Some(playground_engine::social::Cohort::FastGrower))
        .unwrap();
    // The botched day is 2024-12-19 (see `botched_day`); ask twice after it.
    for date in ["2025-01-03", "2025-01-10"] {
        // As the compare view asks: the as-of day is also the question's past day.
        let mut p =
            QuestionParams::as_of("2024-12-18", "2025-01-16", date, Thresholds::for_users(params.users)).unwrap();
        p.user_id = grower;
        for s in all() {
            let left = wh.run(&render(s.left_sql, &p).unwrap(), 1_000_000).await.unwrap();
            let right = wh.run(&render(s.right_sql, &p).unwrap(), 1_000_000).await.unwrap();
            let diff = multiset_diff(&rows(&left), &rows(&right));
            match s.expect {
                Expect::Identical => assert!(diff.is_identical(), "{} on {date}: {diff:?}", s.id),
                Expect::Differ => assert!(!diff.is_identical(), "{} on {date} should differ", s.id),
            }
        }
    }
}

#[tokio::test]
async fn the_validity_check_is_silent_on_the_healthy_table_and_names_the_damage() {
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &SocialParams::small(), |_| {}).await.unwrap();
    let s = playground_queries::scenarios::by_id("validity_check").unwrap();
    let p = QuestionParams::for_range("2024-12-18", "2025-01-16", Thresholds::for_users(200));
    let healthy = wh.run(&render(s.left_sql, &p).unwrap(), 1000).await.unwrap();
    let botched = wh.run(&render(s.right_sql, &p).unwrap(), 1000).await.unwrap();
    assert_eq!(healthy.total_rows, 0);
    // Exactly the users whose followers changed on the botched day.
    let changed = wh.run("SELECT count(*) FROM dim_users_scd2 WHERE valid_to = DATE '2024-12-19'", 10).await.unwrap();
    let changed: u64 = changed.columns[0].values.display(0).unwrap().parse().unwrap();
    assert!(changed > 0);
    assert_eq!(botched.total_rows, changed);
}
