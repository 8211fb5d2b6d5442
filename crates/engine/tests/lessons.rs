//! Every lesson step runs on a real warehouse and teaches what its text says: queries
//! run, compared pairs agree, every exercise's starter is wrong and its solution right
//! (checked by the same comparison the page makes), the article's retention query as
//! printed overcounts while its fix equals the catalog's retention question, and every
//! simulated backfill ends the way the step's text tells it.

use playground_engine::protocol::{CompareRequest, SocialParams, Verdict};
use playground_engine::social::build_social;
use playground_engine::Warehouse;
use playground_queries::lessons::{all, check::explain, Activity};
use playground_queries::{render, QuestionParams, Thresholds};

async fn built() -> (Warehouse, QuestionParams) {
    let params = SocialParams::small();
    let mut wh = Warehouse::new().unwrap();
    build_social(&mut wh, &params, |_| {}).await.unwrap();
    // As the page does: today is the last day, the as-of day three months back (here
    // clamped to the first day), and a user who exists.
    let mut p = QuestionParams::for_range("2024-12-18", "2025-01-16", Thresholds::for_users(params.users));
    p.date = "2025-01-03".into();
    p.past = "2024-12-20".into();
    (wh, p)
}

async fn compare(wh: &Warehouse, left: &str, right: &str, p: &QuestionParams) -> Verdict {
    let request = CompareRequest {
        left_sql: render(left, p).unwrap(),
        right_sql: render(right, p).unwrap(),
        runs: 1,
        max_rows: 10,
    };
    wh.compare(&request).await.unwrap().verdict
}

#[tokio::test]
async fn every_query_step_runs_and_every_compared_pair_agrees() {
    let (wh, p) = built().await;
    for lesson in all() {
        for step in &lesson.steps {
            let text = render(step.text, &p).unwrap();
            assert!(!text.contains("{{"), "{}/{}: unfilled placeholder", lesson.id, step.id);
            match &step.activity {
                Activity::Query(sql) => {
                    let r = wh.run(&render(sql, &p).unwrap(), 10).await.unwrap();
                    assert!(r.total_rows > 0, "{}/{} returns nothing", lesson.id, step.id);
                }
                Activity::Compare { left_sql, right_sql, left_label, .. } => {
                    let verdict = compare(&wh, left_sql, right_sql, &p).await;
                    // The SCD2 step lists every version on the left: those differ by design.
                    if left_label.starts_with("Every version") {
                        assert!(matches!(verdict, Verdict::Different { .. }), "{}/{}", lesson.id, step.id);
                    } else {
                        assert!(
                            matches!(verdict, Verdict::Identical { rows } if rows > 0),
                            "{}/{}: {verdict:?}",
                            lesson.id,
                            step.id
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

#[tokio::test]
async fn every_exercise_starts_wrong_and_its_solution_passes_the_check() {
    let (wh, p) = built().await;
    let mut exercises = 0;
    for lesson in all() {
        for step in &lesson.steps {
            let Activity::Exercise(ex) = &step.activity else { continue };
            exercises += 1;
            let starter = explain(&compare(&wh, ex.starter_sql, ex.expected_sql, &p).await);
            assert!(!starter.passed, "{}/{}: the starter already passes", lesson.id, step.id);
            assert!(starter.summary.starts_with("Not yet: your result"), "{}", starter.summary);
            let solved = explain(&compare(&wh, ex.solution_sql, ex.expected_sql, &p).await);
            assert!(solved.passed, "{}/{}: {}", lesson.id, step.id, solved.summary);
            // Passing on an empty answer would teach nothing.
            let expected = wh.run(&render(ex.expected_sql, &p).unwrap(), 1).await.unwrap();
            assert!(expected.total_rows > 0, "{}/{}: the expected answer is empty", lesson.id, step.id);
        }
    }
    assert_eq!(exercises, 2);
}

#[tokio::test]
async fn the_printed_retention_query_counts_every_view_and_its_fix_is_the_catalogs_answer() {
    let (wh, p) = built().await;
    let step = playground_queries::lessons::by_id("retention").unwrap().steps[1].clone();
    let Activity::Exercise(ex) = step.activity else { panic!("the printed query is an exercise") };
    // Independent oracle: the catalog's retention question, its columns cut to the three
    // the article's query returns.
    let catalog = playground_queries::by_id("retention").unwrap().datestamp_sql;
    let oracle = format!(
        "SELECT user_id, device_then AS device_during_growth, posts_from_mutuals FROM ({})",
        catalog.trim_end().trim_end_matches(';').split("\nORDER BY").next().unwrap()
    );
    assert!(matches!(compare(&wh, ex.solution_sql, &oracle, &p).await, Verdict::Identical { rows } if rows > 0));
    // As printed, the count is every distinct post the grower viewed, mutual or not.
    let all_views = "SELECT g.user_id, g.device_during_growth, count(DISTINCT v.post_id) AS posts_from_mutuals
FROM (ORACLE) g
LEFT JOIN fct_post_views v ON v.viewer_id = g.user_id AND v.ds BETWEEN '{{ past }}' AND '{{ today }}'
GROUP BY 1, 2";
    let all_views = all_views.replace("ORACLE", &oracle);
    assert!(matches!(compare(&wh, ex.starter_sql, &all_views, &p).await, Verdict::Identical { .. }));
    let Verdict::Different { only_left_rows, only_right_rows, .. } =
        compare(&wh, ex.starter_sql, ex.expected_sql, &p).await
    else {
        panic!("the printed query should differ")
    };
    // Same growers, other counts: each wrong row replaces one right row.
    assert!(only_left_rows > 0);
    assert_eq!(only_left_rows, only_right_rows);
}

#[tokio::test]
async fn every_simulated_backfill_ends_as_its_step_says() {
    let mut wh = Warehouse::new().unwrap();
    // As the page asks: the load keeps the days the task times are measured on.
    wh.load_social(&SocialParams::small(), |_| {}).await.unwrap();
    let lesson = playground_queries::lessons::by_id("backfills").unwrap();
    let mut sims = Vec::new();
    for step in &lesson.steps {
        if let Activity::Backfill(preset) = step.activity {
            let sim = wh.simulate(&preset.request()).await.unwrap();
            let (d, s) = (&sim.datestamp, &sim.scd2);
            assert!(d.gave_up.is_none() && s.gave_up.is_none(), "{}", step.id);
            // Parallel days finish far sooner than a chain of the same tasks.
            assert!(s.makespan_ms > 3.0 * d.makespan_ms, "{}: {} vs {}", step.id, s.makespan_ms, d.makespan_ms);
            sims.push((step.id, preset, sim));
        }
    }
    let ids: Vec<&str> = sims.iter().map(|(id, ..)| *id).collect();
    assert_eq!(ids, ["thirty_days", "day_18", "december", "five_years"]);
    let (_, _, month) = &sims[0];
    let (_, _, failed) = &sims[1];
    // Day 18 fails: SCD2 starts over and throws work away; datestamps retry one day.
    assert_eq!(failed.scd2.restarts, 1);
    assert!(failed.scd2.wasted_ms > 0.0 && failed.scd2.makespan_ms > month.scd2.makespan_ms);
    assert_eq!(failed.datestamp.restarts, 0);
    // December: twice the chain, about the same parallel time.
    let (_, _, two_months) = &sims[2];
    assert!(two_months.scd2.makespan_ms > 1.8 * month.scd2.makespan_ms);
    // Five years: the SCD2 backfill is its chain, whatever the pool; the datestamp one
    // keeps the 32 workers busy, so the pool is what limits it. (Structure, not timing:
    // the task times are measured live.)
    let (_, _, years) = &sims[3];
    let chain = years.scd2.critical_path_ms;
    assert!((years.scd2.makespan_ms - chain).abs() <= 0.01 * chain, "{} vs {chain}", years.scd2.makespan_ms);
    assert!(years.datestamp.utilisation > 0.8, "{}", years.datestamp.utilisation);
    assert!(years.datestamp.makespan_ms < 1.3 * years.datestamp.work_ms / 32.0 + years.datestamp.critical_path_ms);
}
