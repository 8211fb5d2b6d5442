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
    async fn the_daily_aggregate_agrees_across_models_every_day() {
        let wh = small().await;
        for p in wh.storage_growth() {
            let a = wh.run(&render(aggregate::DATESTAMP_SQL, &p.ds).unwrap(), 10).await.unwrap();
            let b = wh.run(&render(aggregate::SCD2_SQL, &p.ds).unwrap(), 10).await.unwrap();
            assert!(multiset_diff(&rows(&a), &rows(&b)).is_identical(), "{}", p.ds);
        }
    }

    #[tokio::test]
    async fn a_simulation_draws_on_the_builds_real_task_times() {
        let mut wh = small().await;
        let sim = wh.simulate(&request(1826, 32, FailurePlan::None)).await.unwrap();
        assert_eq!(sim.measured_days, 30);
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

/// Reruns every datestamp pipeline for `days`, each task in a fresh warehouse fed the
/// raw partitions `main` exports, as a pool worker would.
async fn rerun_in_fresh_warehouses(
    main: &playground_engine::Warehouse,
    days: &[String],
) -> Vec<playground_engine::protocol::PartitionBytes> {
    use playground_engine::pipelines::datestamp::PIPELINES;
    let inputs = main.export_inputs(days).await.unwrap();
    assert_eq!(inputs.len(), days.len() * PIPELINES.len());
    let mut outputs = Vec::new();
    for ds in days {
        for p in &PIPELINES {
            let mine = inputs.iter().filter(|i| &i.ds == ds && i.table == p.source).cloned().collect();
            let mut worker = playground_engine::Warehouse::new().unwrap();
            let (output, ms) = worker.run_task(p.table, ds, mine).await.unwrap();
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
        let outputs = super::rerun_in_fresh_warehouses(&main, &days).await;
        for o in &outputs {
            let clean = main.file_bytes(&o.table, Some(&o.ds)).await.unwrap();
            assert_eq!(o.parquet, clean.to_vec(), "{} {}", o.table, o.ds);
        }
        let n = outputs.len() as u32;
        assert_eq!(main.store_outputs(outputs).await.unwrap(), (n, n));
    }

    #[tokio::test]
    async fn days_outside_the_warehouse_and_unknown_pipelines_are_refused() {
        let mut main = Warehouse::new().unwrap();
        main.load_social(&SocialParams::small(), |_| {}).await.unwrap();
        let e = main.export_inputs(&["2020-01-01".to_string()]).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadInput);
        assert!(e.message.contains("no users partition for 2020-01-01"), "{}", e.message);
        let e = main.run_task("dim_nothing", "2024-12-20", Vec::new()).await.unwrap_err();
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

        // Datestamps: rerun the bad days, each task in its own warehouse as in a pool.
        let outputs = super::rerun_in_fresh_warehouses(&wh, &broken.bad_days).await;
        let n = outputs.len() as u32;
        assert_eq!(wh.store_outputs(outputs).await.unwrap(), (n, n));
        let half = wh.check_metric().await.unwrap();
        assert!(half.wrong_datestamp.is_empty());
        assert_eq!(half.wrong_scd2, broken.bad_days);

        // SCD2: rewind to the first bad day and replay every day since.
        let s = wh.backfill_scd2(&broken.bad_days[0]).await.unwrap();
        assert_eq!((s.days, s.identical), (21, 3));
        assert!(wh.check_metric().await.unwrap().wrong_scd2.is_empty());
    }
}
