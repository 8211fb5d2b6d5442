//! Both versions of every catalog question return the same rows on the small network,
//! on several dates; the retention question finds the fast growers.

use playground_engine::compare::{multiset_diff, rows};
use playground_engine::protocol::SocialParams;
use playground_engine::social::{build_social, Cohort, Generator};
use playground_engine::Warehouse;
use playground_queries::{self as questions, render, QuestionParams, Thresholds};

#[tokio::test]
async fn every_question_agrees_across_models_on_every_tested_date() {
    let params = SocialParams::small();
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &params, |_| {}).await.unwrap();
    let dates = ["2024-12-18", "2024-12-25", "2025-01-01", "2025-01-16"];
    // Users on the network every day, for the single-user question.
    let always = wh
        .run("SELECT user_id FROM dim_users GROUP BY user_id HAVING count(*) = 30 ORDER BY user_id", 1000)
        .await
        .unwrap();
    let always: Vec<i64> = rows(&always).iter().map(|r| r[0].as_deref().unwrap().parse().unwrap()).collect();
    for (i, date) in dates.iter().enumerate() {
        let p = QuestionParams {
            today: "2025-01-16".into(),
            past: "2024-12-18".into(),
            date: date.to_string(),
            user_id: always[37 * i % always.len()],
            thresholds: Thresholds::for_users(params.users),
        };
        for q in questions::all() {
            let a = wh.run(&render(q.datestamp_sql, &p).unwrap(), 100_000).await.unwrap();
            let b = wh.run(&render(q.scd2_sql, &p).unwrap(), 100_000).await.unwrap();
            assert!(a.total_rows > 0, "{} on {date} is empty", q.id);
            let diff = multiset_diff(&rows(&a), &rows(&b));
            assert!(diff.is_identical(), "{} on {date}: {diff:?}", q.id);
        }
    }
}

#[tokio::test]
async fn retention_finds_the_fast_growers() {
    let params = SocialParams::small();
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &params, |_| {}).await.unwrap();
    let p = QuestionParams::for_range("2024-12-18", "2025-01-16", Thresholds::for_users(params.users));
    let q = questions::by_id("retention").unwrap();
    let r = wh.run(&render(q.datestamp_sql, &p).unwrap(), 1000).await.unwrap();
    let start = chrono::NaiveDate::parse_from_str(&params.start, "%Y-%m-%d").unwrap();
    let generator = Generator::new(&params, start);
    let growers: Vec<i64> =
        (1..=params.users as i64).filter(|&u| generator.cohort(u) == Some(Cohort::FastGrower)).collect();
    let found: Vec<i64> = rows(&r).iter().map(|row| row[0].as_deref().unwrap().parse().unwrap()).collect();
    assert!(!growers.is_empty());
    assert!(growers.iter().all(|g| found.contains(g)), "fast growers {growers:?}, found {found:?}");
    let posts: i64 = rows(&r).iter().map(|row| row[4].as_deref().unwrap().parse::<i64>().unwrap()).sum();
    assert!(posts > 0, "growers viewed posts from mutuals");
}
