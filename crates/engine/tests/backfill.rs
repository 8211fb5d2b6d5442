//! Invariants of the backfill simulator: dependencies and the concurrency limit hold,
//! SCD2 is a chain and datestamps spread over the workers, failures follow the chosen
//! policy, and a seed gives the same schedule every time.

use playground_engine::backfill::{simulate, Dag};
use playground_engine::protocol::{AttemptStatus, FailurePlan, Model, Scd2Policy, SimulatedRun};

const C: f64 = 10.0;

fn equal_costs() -> Vec<Vec<f64>> {
    vec![vec![C]; 5]
}

fn varied_costs() -> Vec<Vec<f64>> {
    vec![vec![8.0, 12.0, 30.0], vec![5.0, 9.0], vec![20.0, 25.0, 60.0], vec![3.0, 4.0], vec![2.0, 7.0]]
}

fn run(model: Model, days: u32, k: u32, costs: &[Vec<f64>], f: FailurePlan, policy: Scd2Policy) -> SimulatedRun {
    simulate(&Dag::daily(model, days), costs, k, 7, &f, policy)
}

fn finished(a: &playground_engine::protocol::Attempt) -> bool {
    matches!(a.status, AttemptStatus::Done | AttemptStatus::Retried)
}

fn check_schedule(dag: &Dag, run: &SimulatedRun, k: u32) {
    // Every task finished once, after every task it depends on.
    let per_day = dag.pipelines.len();
    let mut end = vec![None; dag.tasks.len()];
    let mut start = vec![None; dag.tasks.len()];
    for a in run.attempts.iter().filter(|a| finished(a)) {
        let i = a.day as usize * per_day + a.pipeline as usize;
        assert!(end[i].is_none(), "task {i} finished twice");
        end[i] = Some(a.end_ms);
        start[i] = Some(a.start_ms);
    }
    for (i, t) in dag.tasks.iter().enumerate() {
        let s = start[i].expect("every task finishes");
        for &d in &t.deps {
            assert!(s >= end[d].unwrap(), "task {i} started before its dependency {d} ended");
        }
    }
    // Never more than k attempts at once, and never two on one worker.
    let mut edges: Vec<(f64, i32)> = run.attempts.iter().flat_map(|a| [(a.start_ms, 1), (a.end_ms, -1)]).collect();
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut live = 0;
    for (_, delta) in edges {
        live += delta;
        assert!(live <= k as i32, "more than {k} tasks at once");
    }
    for w in 0..k {
        let mut mine: Vec<_> = run.attempts.iter().filter(|a| a.worker == w).collect();
        mine.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
        assert!(mine.windows(2).all(|p| p[1].start_ms >= p[0].end_ms), "worker {w} overlaps");
    }
}

#[test]
fn schedules_respect_dependencies_and_the_concurrency_limit() {
    for model in [Model::Datestamp, Model::Scd2] {
        for k in [1, 2, 3, 8, 32] {
            let dag = Dag::daily(model, 40);
            let r = simulate(&dag, &varied_costs(), k, 11, &FailurePlan::None, Scd2Policy::Resume);
            check_schedule(&dag, &r, k);
            assert!(r.gave_up.is_none());
            assert!(r.utilisation > 0.0 && r.utilisation <= 1.0 + 1e-9);
            assert!(r.makespan_ms >= r.critical_path_ms - 1e-9);
        }
    }
}

#[test]
fn scd2_is_a_chain_and_datestamps_spread_over_the_workers() {
    let days = 90;
    for k in [1u32, 2, 4, 32] {
        // SCD2: each merge waits for yesterday's, so once there are workers enough for a
        // day's five tasks, more of them sit idle and the chain sets the time.
        let scd2 = run(Model::Scd2, days, k.max(5) * 2, &equal_costs(), FailurePlan::None, Scd2Policy::Resume);
        assert_eq!(scd2.makespan_ms, f64::from(days) * C + C, "k={k}");
        assert_eq!(scd2.critical_path_ms, scd2.makespan_ms);
        // Datestamps: about ceil(tasks / k) task lengths.
        let ds = run(Model::Datestamp, days, k, &equal_costs(), FailurePlan::None, Scd2Policy::Resume);
        let ideal = (f64::from(days * 5) / f64::from(k)).ceil() * C;
        assert!(ds.makespan_ms >= ideal && ds.makespan_ms <= ideal + C, "k={k}: {} vs {ideal}", ds.makespan_ms);
    }
}

#[test]
fn a_failed_day_costs_one_retry_or_a_replay_depending_on_the_policy() {
    let days = 30;
    let clean = run(Model::Scd2, days, 8, &equal_costs(), FailurePlan::None, Scd2Policy::Resume);
    // Resume: retry that day's merge; the chain is one task longer.
    let resume = run(Model::Scd2, days, 8, &equal_costs(), FailurePlan::OnDay(20), Scd2Policy::Resume);
    assert_eq!(resume.makespan_ms, clean.makespan_ms + C);
    assert_eq!(resume.wasted_ms, C);
    let statuses = |r: &SimulatedRun, s| r.attempts.iter().filter(|a| a.status == s).count();
    assert_eq!((statuses(&resume, AttemptStatus::Failed), statuses(&resume, AttemptStatus::Retried)), (1, 1));
    // Start over: everything done before the failure is thrown away and replayed.
    let over = run(Model::Scd2, days, 8, &equal_costs(), FailurePlan::OnDay(20), Scd2Policy::StartOver);
    assert_eq!(over.restarts, 1);
    assert_eq!(over.makespan_ms, 21.0 * C + clean.makespan_ms);
    assert!(over.wasted_ms > 20.0 * 3.0 * C, "{}", over.wasted_ms);
    assert!(statuses(&over, AttemptStatus::Discarded) > 60);
    check_schedule(&Dag::daily(Model::Scd2, days), &over, 8);
    // Datestamps retry just that day's task.
    let ds_clean = run(Model::Datestamp, days, 8, &equal_costs(), FailurePlan::None, Scd2Policy::StartOver);
    let ds = run(Model::Datestamp, days, 8, &equal_costs(), FailurePlan::OnDay(20), Scd2Policy::StartOver);
    assert_eq!(ds.wasted_ms, C);
    assert!(ds.makespan_ms <= ds_clean.makespan_ms + C);
    assert_eq!(ds.restarts, 0);
}

#[test]
fn random_failures_are_deterministic_for_a_seed_and_can_defeat_starting_over() {
    let f = FailurePlan::Random { p: 0.05 };
    let dag = Dag::daily(Model::Datestamp, 200);
    let a = simulate(&dag, &varied_costs(), 16, 3, &f, Scd2Policy::Resume);
    let b = simulate(&dag, &varied_costs(), 16, 3, &f, Scd2Policy::Resume);
    let c = simulate(&dag, &varied_costs(), 16, 4, &f, Scd2Policy::Resume);
    assert_eq!(a, b);
    assert_ne!(a.attempts, c.attempts);
    assert!(a.wasted_ms > 0.0);
    check_schedule(&dag, &a, 16);
    // A long SCD2 chain that starts over on every failure rarely gets to the end.
    let over = simulate(&Dag::daily(Model::Scd2, 1826), &varied_costs(), 32, 3, &f, Scd2Policy::StartOver);
    assert_eq!(over.restarts, 11);
    assert!(over.gave_up.unwrap().contains("starting over 10 times"));
}

#[test]
fn five_years_at_concurrency_32_is_cheap_to_simulate() {
    let dag = Dag::daily(Model::Datestamp, 1826);
    let r = simulate(&dag, &varied_costs(), 32, 1, &FailurePlan::None, Scd2Policy::Resume);
    assert_eq!(r.tasks, 9130);
    assert_eq!(r.attempts.len(), 9130);
    check_schedule(&dag, &r, 32);
}

mod on_the_warehouse {
    use playground_engine::compare::{multiset_diff, rows};
    use playground_engine::pipelines::{aggregate, render};
    use playground_engine::protocol::{ErrorKind, FailurePlan, Scd2Policy, SimulationRequest, SocialParams};
    use playground_engine::Warehouse;

    async fn small() -> Warehouse {
        let mut wh = Warehouse::new().unwrap();
        wh.load_social(&SocialParams::small(), |_| {}).await.unwrap();
        wh
    }

    fn request(days: u32, concurrency: u32, failures: FailurePlan) -> SimulationRequest {
        SimulationRequest { days, concurrency, seed: 1, failures, policy: Scd2Policy::Resume }
    }

    #[tokio::test]
    async fn the_stored_daily_aggregates_agree_across_models_every_day() {
        let wh = small().await;
        let a = wh.run("SELECT ds, big_accounts, mutual_follows FROM agg_daily", 100).await.unwrap();
        let b =
            wh.run("SELECT CAST(day AS VARCHAR), big_accounts, mutual_follows FROM agg_daily_scd2", 100).await.unwrap();
        assert_eq!((a.total_rows, b.total_rows), (30, 30));
        assert!(multiset_diff(&rows(&a), &rows(&b)).is_identical());
        // Each day's row is its template run on that day.
        let template = aggregate::with_thresholds(aggregate::DATESTAMP_SQL, wh.thresholds());
        let sql = format!("SELECT big_accounts, mutual_follows FROM ({}) t", render(&template, "2025-01-16").unwrap());
        let last = wh.run(&sql, 1).await.unwrap();
        let stored =
            wh.run("SELECT big_accounts, mutual_follows FROM agg_daily WHERE ds = '2025-01-16'", 1).await.unwrap();
        assert_eq!(rows(&last), rows(&stored));
        let big: i64 = rows(&stored)[0][0].as_deref().unwrap().parse().unwrap();
        assert!(big > 0, "the fast growers are big accounts by the end");
    }

    #[tokio::test]
    async fn a_simulation_draws_on_real_daily_runs_measured_on_sample_days() {
        let mut wh = small().await;
        assert!(wh.task_ms().is_empty(), "the set-based build runs no daily task");
        let sim = wh.simulate(&request(1826, 32, FailurePlan::None)).await.unwrap();
        assert_eq!(sim.measured_days, playground_engine::backfill::SAMPLE_DAYS as u32);
        let measured: Vec<&str> = wh.task_ms().keys().map(String::as_str).collect();
        assert_eq!(measured.len(), 9, "every daily pipeline of both models: {measured:?}");
        assert_eq!(sim.datestamp.tasks, 1826 * 5);
        assert!(sim.mean_task_ms.iter().any(|(p, ms)| p == "dim_users_scd2" && *ms > 0.0));
        // Five years of a chain against five years spread over 32 workers.
        assert!(
            sim.scd2.makespan_ms > 5.0 * sim.datestamp.makespan_ms,
            "{} vs {}",
            sim.scd2.makespan_ms,
            sim.datestamp.makespan_ms
        );
    }

    #[tokio::test]
    async fn bad_simulation_settings_are_refused_with_a_message() {
        let mut wh = small().await;
        for (r, needle) in [
            (request(0, 4, FailurePlan::None), "days must be between 1 and 1826"),
            (request(1827, 4, FailurePlan::None), "days must be between 1 and 1826"),
            (request(30, 0, FailurePlan::None), "concurrency must be between 1 and 256"),
            (request(30, 4, FailurePlan::OnDay(30)), "inside the backfill"),
            (request(30, 4, FailurePlan::Random { p: 0.9 }), "between 0 and 0.5"),
        ] {
            let e = wh.simulate(&r).await.unwrap_err();
            assert_eq!(e.kind, ErrorKind::BadInput);
            assert!(e.message.contains(needle), "{}", e.message);
        }
        let mut empty = Warehouse::new().unwrap();
        let e = empty.simulate(&request(30, 4, FailurePlan::None)).await.unwrap_err();
        assert!(e.message.contains("build the social network first"), "{}", e.message);
    }
}

/// Reruns every datestamp pipeline for `days`, each task fed the raw partitions `main`
/// exports, as a pool worker would.
async fn rerun_in_fresh_warehouses(
    main: &mut playground_engine::Warehouse,
    days: &[String],
) -> Vec<playground_engine::protocol::PartitionBytes> {
    let plan = main.plan_backfill(days, None).await.unwrap();
    // Each raw table once a day, however many pipelines read it.
    assert_eq!(plan.inputs.len(), days.len() * 4);
    let mut outputs = Vec::new();
    for ds in days {
        for p in &plan.pipelines {
            let mine = plan.inputs.iter().filter(|i| &i.ds == ds && p.sources.contains(&i.table)).cloned().collect();
            let (output, ms) = playground_engine::Warehouse::run_task(p, ds, mine).await.unwrap();
            assert!(ms > 0.0);
            outputs.push(output);
        }
    }
    outputs
}

mod real_backfill {
    use playground_engine::protocol::{ErrorKind, SocialParams};
    use playground_engine::Warehouse;

    #[tokio::test]
    async fn tasks_rerun_in_a_fresh_warehouse_write_the_same_bytes_as_the_daily_build() {
        let mut main = Warehouse::new().unwrap();
        main.load_social(&SocialParams::small(), |_| {}).await.unwrap();
        let days: Vec<String> = ["2024-12-20", "2025-01-02", "2025-01-16"].map(String::from).to_vec();
        let outputs = super::rerun_in_fresh_warehouses(&mut main, &days).await;
        for o in &outputs {
            let clean = main.file_bytes(&o.table, Some(&o.ds)).await.unwrap();
            assert_eq!(o.parquet, clean.to_vec(), "{} {}", o.table, o.ds);
        }
        let n = outputs.len() as u32;
        assert_eq!(main.store_outputs(outputs).await.unwrap(), (n, n, days));
    }

    #[tokio::test]
    async fn days_outside_the_warehouse_and_unknown_pipelines_are_refused() {
        let mut main = Warehouse::new().unwrap();
        main.load_social(&SocialParams::small(), |_| {}).await.unwrap();
        let e = main.plan_backfill(&["2020-01-01".to_string()], None).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadInput);
        assert!(e.message.contains("no devices partition for 2020-01-01"), "{}", e.message);
        let nothing =
            playground_engine::protocol::TaskPipeline { table: "dim_nothing".into(), sources: vec![], sql: None };
        let e = Warehouse::run_task(&nothing, "2024-12-20", Vec::new()).await.unwrap_err();
        assert!(e.message.contains("no datestamp pipeline"), "{}", e.message);
    }
}

mod scd2_backfill {
    use playground_engine::protocol::{ErrorKind, SocialParams};
    use playground_engine::Warehouse;

    #[tokio::test]
    async fn rewinding_and_replaying_gives_back_the_clean_build_byte_for_byte() {
        let mut wh = Warehouse::new().unwrap();
        wh.load_social(&SocialParams::small(), |_| {}).await.unwrap();
        for from in ["2024-12-18", "2025-01-02", "2025-01-16"] {
            let r = wh.backfill_scd2(from).await.unwrap();
            assert_eq!((r.tables, r.identical), (3, 3), "from {from}");
            assert_eq!(r.merge_ms.len() as u32, r.days * 3);
        }
        let r = wh.backfill_scd2("2025-01-02").await.unwrap();
        assert_eq!(r.days, 15);
        let e = wh.backfill_scd2("2020-01-01").await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadInput);
        assert!(e.message.contains("the warehouse holds 2024-12-18 to 2025-01-16"), "{}", e.message);
    }
}

mod bug_fix {
    use playground_engine::protocol::SocialParams;
    use playground_engine::Warehouse;

    #[tokio::test]
    async fn the_planted_bug_breaks_both_models_and_each_backfill_repairs_its_own() {
        let mut wh = Warehouse::new().unwrap();
        wh.load_social(&SocialParams::small(), |_| {}).await.unwrap();
        assert!(wh.check_metric().await.unwrap().wrong_datestamp.is_empty());
        let broken = wh.plant_bug().await.unwrap();
        // No November in this network: the two weeks ending a week before its last day.
        assert_eq!(broken.bad_days.first().map(String::as_str), Some("2024-12-27"));
        assert_eq!(broken.bad_days.len(), 14);
        assert_eq!(broken.wrong_datestamp, broken.bad_days);
        assert_eq!(broken.wrong_scd2, broken.bad_days);
        // Downstream too: both stored aggregates, and the retention answer.
        assert_eq!(broken.wrong_aggregate_datestamp, broken.bad_days);
        assert_eq!(broken.wrong_aggregate_scd2, broken.bad_days);
        assert_eq!(broken.retention_right, (false, false));

        // Datestamps: rerun the bad days, each task in its own warehouse as in a pool; the
        // aggregate is rerun for exactly those days and no other.
        let before: Vec<_> =
            futures::future::join_all(["2024-12-18", "2025-01-16"].map(|d| wh.file_bytes("agg_daily", Some(d)))).await;
        let outputs = super::rerun_in_fresh_warehouses(&mut wh, &broken.bad_days).await;
        let n = outputs.len() as u32;
        assert_eq!(wh.store_outputs(outputs).await.unwrap(), (n, n, broken.bad_days.clone()));
        let after: Vec<_> =
            futures::future::join_all(["2024-12-18", "2025-01-16"].map(|d| wh.file_bytes("agg_daily", Some(d)))).await;
        assert_eq!(before, after, "days outside the fix keep their aggregate");
        let half = wh.check_metric().await.unwrap();
        assert!(half.wrong_datestamp.is_empty() && half.wrong_aggregate_datestamp.is_empty());
        assert_eq!(half.wrong_scd2, broken.bad_days);
        assert_eq!(half.wrong_aggregate_scd2, broken.bad_days);
        assert_eq!(half.retention_right, (true, false));

        // SCD2: rewind to the first bad day and replay every day since, and recompute the
        // aggregate for every one of those days.
        let s = wh.backfill_scd2(&broken.bad_days[0]).await.unwrap();
        assert_eq!((s.days, s.identical, s.downstream_days), (21, 3, 21));
        let fixed = wh.check_metric().await.unwrap();
        assert!(fixed.wrong_scd2.is_empty() && fixed.wrong_aggregate_scd2.is_empty());
        assert_eq!(fixed.retention_right, (true, true));
    }
}

mod retention_window {
    use playground_engine::protocol::{ErrorKind, SocialParams};
    use playground_engine::Warehouse;

    #[tokio::test]
    async fn past_the_window_datestamps_still_answer_and_scd2_cannot_be_rebuilt() {
        let mut wh = Warehouse::new().unwrap();
        wh.load_social(&SocialParams::small(), |_| {}).await.unwrap();
        async fn rows_then(wh: &Warehouse) -> u64 {
            let r = wh.run("SELECT count(*) FROM dim_users WHERE ds = '2024-12-18'", 1).await.unwrap();
            r.columns[0].values.display(0).unwrap().parse::<u64>().unwrap()
        }
        let before = rows_then(&wh).await;
        let scd2_before = wh.file_bytes("dim_users_scd2", None).await;
        for bad in [0, 31] {
            let e = wh.apply_retention(bad).await.unwrap_err();
            assert_eq!(e.kind, ErrorKind::BadInput);
            assert!(e.message.contains("keep between 1 and 30 days"), "{}", e.message);
        }
        let r = wh.apply_retention(10).await.unwrap();
        assert_eq!((r.keep_days, r.kept_from.as_str(), r.dropped), (10, "2025-01-07", 4 * 20));
        assert_eq!(r.oldest_day, "2024-12-18");
        assert_eq!(wh.partition_days("users").first().map(String::as_str), Some("2025-01-07"));
        // The datestamped tables still answer the first day, as before.
        assert_eq!(r.datestamped_rows_then, before);
        assert_eq!(rows_then(&wh).await, before);
        // SCD2 cannot be rebuilt from a day past the window, and is left as it was.
        let why = r.scd2_rebuild_refused.expect("refused");
        assert!(why.contains("before 2025-01-07 are gone") && why.contains("rebuilt from 2024-12-18"), "{why}");
        assert_eq!(wh.file_bytes("dim_users_scd2", None).await, scd2_before);
        let e = wh.backfill_scd2("2025-01-06").await.unwrap_err();
        assert!(e.message.contains("retention window"), "{}", e.message);
        // Inside the window both still work.
        assert_eq!(wh.backfill_scd2("2025-01-07").await.unwrap().identical, 3);
        let e = wh.plan_backfill(&["2025-01-06".to_string()], None).await.unwrap_err();
        assert!(e.message.contains("no devices partition for 2025-01-06"), "{}", e.message);
        assert_eq!(wh.plan_backfill(&["2025-01-07".to_string()], None).await.unwrap().inputs.len(), 4);
    }
}

mod new_table {
    use playground_engine::protocol::{ErrorKind, NewPipeline, PartitionBytes, SocialParams};
    use playground_engine::Warehouse;

    fn pipeline(table: &str, sql: &str) -> NewPipeline {
        NewPipeline { table: table.into(), sql: sql.into() }
    }

    /// Runs every task of the plan in a fresh warehouse, as the pool would.
    async fn run(main: &mut Warehouse, days: &[String], new: &NewPipeline) -> Result<Vec<PartitionBytes>, String> {
        let plan = main.plan_backfill(days, Some(new)).await.map_err(|e| e.message)?;
        let mut outputs = Vec::new();
        for ds in days {
            for p in &plan.pipelines {
                let mine =
                    plan.inputs.iter().filter(|i| &i.ds == ds && p.sources.contains(&i.table)).cloned().collect();
                outputs.push(Warehouse::run_task(p, ds, mine).await.map_err(|e| e.message)?.0);
            }
        }
        Ok(outputs)
    }

    #[tokio::test]
    async fn a_learners_pipeline_backfills_a_new_table_that_answers_like_its_source() {
        let mut wh = Warehouse::new().unwrap();
        wh.load_social(&SocialParams::small(), |_| {}).await.unwrap();
        let days: Vec<String> = (7..=16).map(|d| format!("2025-01-{d:02}")).collect();
        let new = pipeline(
            "my_mutuals",
            "SELECT user_id, count(*) AS mutual_follows
             FROM dim_relationships WHERE ds = '{{ ds }}' AND is_mutual GROUP BY user_id;",
        );
        let plan = wh.plan_backfill(&days, Some(&new)).await.unwrap();
        assert_eq!(plan.pipelines[0].sources, ["dim_relationships"]);
        assert_eq!(plan.inputs.len(), days.len(), "one partition a day, of the one table it reads");
        assert!(plan.scd2_merge_ms > 0.0);
        let outputs = run(&mut wh, &days, &new).await.unwrap();
        let (stored, _, downstream) = wh.store_outputs(outputs).await.unwrap();
        assert_eq!((stored, downstream.len()), (10, 0));
        assert_eq!(wh.partition_days("my_mutuals"), days);
        let check = "SELECT (SELECT sum(mutual_follows) FROM my_mutuals WHERE ds = '2025-01-12')
                          = (SELECT count(*) FROM dim_relationships WHERE ds = '2025-01-12' AND is_mutual)";
        assert_eq!(wh.run(check, 1).await.unwrap().columns[0].values.display(0).as_deref(), Some("true"));
    }

    #[tokio::test]
    async fn bad_pipelines_are_refused_with_a_message_and_nothing_is_stored() {
        let mut wh = Warehouse::new().unwrap();
        wh.load_social(&SocialParams::small(), |_| {}).await.unwrap();
        let before = wh.catalog();
        let days: Vec<String> = (7..=16).map(|d| format!("2025-01-{d:02}")).collect();
        let refused = [
            ("not_a_select", "DROP TABLE users", "a pipeline is one SELECT"),
            ("not_a_select", "INSERT INTO users SELECT * FROM users WHERE ds = '{{ ds }}'", "a pipeline is one SELECT"),
            ("no_ds", "SELECT user_id FROM dim_users", "must use {{ ds }}"),
            (
                "dim_users",
                "SELECT user_id FROM dim_users WHERE ds = '{{ ds }}'",
                "a table named dim_users already exists",
            ),
            ("Bad Name", "SELECT 1 AS x WHERE '{{ ds }}' <> ''", "is not allowed"),
            ("with_ds", "SELECT * FROM dim_users WHERE ds = '{{ ds }}'", "leave it out"),
            ("unknown", "SELECT * FROM nowhere WHERE ds = '{{ ds }}'", "does not hold"),
            ("whole", "SELECT user_id FROM dim_users_scd2 WHERE valid_from <= DATE '{{ ds }}'", "has no ds partitions"),
            ("typo", "SELECT user_idd FROM dim_users WHERE ds = '{{ ds }}'", "user_idd"),
        ];
        for (table, sql, needle) in refused {
            let e = wh.plan_backfill(&days, Some(&pipeline(table, sql))).await.unwrap_err();
            let expected = if table == "typo" { ErrorKind::Plan } else { ErrorKind::BadInput };
            assert_eq!(e.kind, expected, "{table}: {}", e.message);
            assert!(e.message.contains(needle), "{table}: {}", e.message);
        }
        // Past the raw snapshots it reads: refused with the day.
        let e = wh
            .plan_backfill(
                &["2020-01-01".to_string()],
                Some(&pipeline("old", "SELECT user_id FROM users WHERE ds = '{{ ds }}'")),
            )
            .await
            .unwrap_err();
        assert!(e.message.contains("no users partition for 2020-01-01"), "{}", e.message);
        // Fails on one day while it runs: the day is named.
        let one_bad =
            pipeline("bad_day", "SELECT CAST(CASE WHEN '{{ ds }}' = '2025-01-12' THEN 'x' ELSE '1' END AS INT) AS v");
        let e = run(&mut wh, &days, &one_bad).await.unwrap_err();
        assert!(e.contains("bad_day failed on 2025-01-12"), "{e}");
        // Columns that change with the day: refused whole when stored.
        let drifting = pipeline("drifting", "SELECT user_id AS \"c_{{ ds }}\" FROM dim_users WHERE ds = '{{ ds }}'");
        let outputs = run(&mut wh, &days, &drifting).await.unwrap();
        let e = wh.store_outputs(outputs).await.unwrap_err();
        assert!(e.message.contains("every day of a table needs the same columns; nothing was stored"), "{}", e.message);
        assert_eq!(wh.catalog(), before, "nothing was stored");
    }
}
