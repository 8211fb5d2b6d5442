//! Every scenario of the compare gallery reaches the verdict it claims, on the fixtures'
//! network: honest pairs agree, pitfalls differ, on several dates.

use playground_engine::compare::{multiset_diff, rows};
use playground_engine::protocol::SocialParams;
use playground_engine::social::build_social;
use playground_engine::Warehouse;
use playground_queries::scenarios::{all, Expect};
use playground_queries::{render, QuestionParams};

#[tokio::test]
async fn every_scenario_reaches_its_claimed_verdict() {
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &SocialParams::small(), |_| {}).await.unwrap();
    for date in ["2024-12-20", "2025-01-05"] {
        let mut p = QuestionParams::for_range("2024-12-18", "2025-01-16");
        p.date = date.to_string();
        // A fast grower: their follower count changes every day.
        p.user_id = 19;
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
