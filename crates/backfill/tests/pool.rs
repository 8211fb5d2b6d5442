//! The real backfill's scheduler, driven by a fake pool whose workers answer at once: a
//! `crash` task kills its worker, which comes back a moment later. The oracle is the
//! task list itself: every (day, pipeline) exactly once in the outputs, in day order.

use playground_backfill::{datestamp_pipelines, Command, CrashPlan, Pool, PoolEvent, RandomCrashes, MAX_ATTEMPTS};
use playground_protocol::{AttemptStatus, PartitionBytes, TaskPipeline};

fn days(n: u32) -> Vec<String> {
    (1..=n).map(|d| format!("2025-01-{d:02}")).collect()
}

fn inputs(days: &[String]) -> Vec<PartitionBytes> {
    let raw = ["users", "devices", "relationships", "post_views"];
    days.iter()
        .flat_map(|ds| {
            raw.iter().map(move |t| PartitionBytes { table: t.to_string(), ds: ds.clone(), parquet: vec![1] })
        })
        .collect()
}

/// Runs the pool to its end; returns every command it gave, in order.
fn drive(pool: &mut Pool, workers: usize) -> Vec<Command> {
    let mut log = Vec::new();
    let mut now = 0.0;
    let mut pending: Vec<PoolEvent> = (0..workers).map(PoolEvent::Up).collect();
    while let Some(event) = (!pending.is_empty()).then(|| pending.remove(0)) {
        now += 1.0;
        for command in pool.on(event, now) {
            match &command {
                Command::Run { worker, crash: true, .. } => {
                    pending.push(PoolEvent::Died(*worker));
                    pending.push(PoolEvent::Back(*worker));
                }
                Command::Run { worker, pipeline, ds, .. } => pending.push(PoolEvent::Done {
                    worker: *worker,
                    output: PartitionBytes { table: pipeline.table.clone(), ds: ds.clone(), parquet: vec![2] },
                    ms: 0.5,
                }),
                Command::Ping(worker) => pending.push(PoolEvent::Up(*worker)),
                _ => {}
            }
            log.push(command);
        }
    }
    log
}

fn runs(log: &[Command]) -> Vec<(usize, &str, String, bool)> {
    log.iter()
        .filter_map(|c| match c {
            Command::Run { worker, pipeline, ds, crash, .. } => {
                Some((*worker, pipeline.table.as_str(), ds.clone(), *crash))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn tasks_go_day_by_day_with_their_own_days_inputs_and_every_output_comes_back_once() {
    let days = days(3);
    let mut pool = Pool::new(days.clone(), datestamp_pipelines(), inputs(&days), 2, CrashPlan::default(), 0.0);
    let first = pool.on(PoolEvent::Up(1), 1.0);
    assert!(first.is_empty(), "nothing runs until the whole pool is up");
    let start = pool.on(PoolEvent::Up(0), 2.0);
    let Command::Run { worker: 0, pipeline, ds, inputs: given, crash: false } = &start[0] else { panic!("{start:?}") };
    assert_eq!((pipeline.table.as_str(), ds.as_str()), ("dim_users", "2025-01-01"));
    // Each task gets the day's partition of exactly the tables its pipeline reads.
    let mut given: Vec<(&str, &str)> = given.iter().map(|i| (i.table.as_str(), i.ds.as_str())).collect();
    given.sort();
    assert_eq!(given, [("devices", "2025-01-01"), ("relationships", "2025-01-01"), ("users", "2025-01-01")]);
    assert!(matches!(&start[1], Command::Run { worker: 1, pipeline, .. } if pipeline.table == "dim_devices"));

    let mut pool = Pool::new(days.clone(), datestamp_pipelines(), inputs(&days), 2, CrashPlan::default(), 0.0);
    let log = drive(&mut pool, 2);
    let order: Vec<(&str, String)> = runs(&log).into_iter().map(|(_, p, ds, _)| (p, ds)).collect();
    let expected: Vec<(&str, String)> = days
        .iter()
        .flat_map(|d| ["dim_users", "dim_devices", "dim_relationships", "fct_post_views"].map(|p| (p, d.clone())))
        .collect();
    assert_eq!(order, expected);
    let Some(Command::Finished(report, outputs)) = log.last() else { panic!("{:?}", log.last()) };
    assert_eq!(report.pipelines, ["dim_users", "dim_devices", "dim_relationships", "fct_post_views"]);
    assert_eq!(outputs.len(), 12);
    assert_eq!((report.tasks(), report.retries, report.bars.len()), (12, 0, 12));
    assert!(report.bars.iter().all(|b| b.status == AttemptStatus::Done));
    assert!(pool.is_over());
    assert!(pool.on(PoolEvent::Up(0), 99.0).is_empty(), "a finished pool does nothing more");
}

#[test]
fn a_crashed_attempt_is_drawn_and_its_task_retried_first_on_the_worker_that_comes_back() {
    let days = days(2);
    let plan = CrashPlan { day: Some(1), random: None };
    let mut pool = Pool::new(days.clone(), datestamp_pipelines(), inputs(&days), 1, plan, 0.0);
    let log = drive(&mut pool, 1);
    let runs = runs(&log);
    let crashed = runs.iter().position(|r| r.3).expect("one attempt crashes");
    assert_eq!((runs[crashed].1, runs[crashed].2.as_str()), ("dim_relationships", "2025-01-02"));
    // The same task again, next, without the crash: only the first attempt crashes.
    assert_eq!(runs[crashed + 1], (0, "dim_relationships", "2025-01-02".to_string(), false));
    let Some(Command::Finished(report, outputs)) = log.last() else { panic!() };
    assert_eq!((outputs.len(), report.retries), (8, 1));
    let statuses: Vec<AttemptStatus> = report.bars.iter().map(|b| b.status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == AttemptStatus::Failed).count(), 1);
    assert_eq!(statuses.iter().filter(|s| **s == AttemptStatus::Retried).count(), 1);
    assert!(report.restart_ms > 0.0 && report.wasted_ms > 0.0);
}

#[test]
fn a_task_that_crashes_on_every_attempt_stops_the_backfill_at_the_cap_and_nothing_is_stored() {
    let days = days(1);
    let plan = CrashPlan { day: None, random: Some(RandomCrashes { p: 1.0, seed: 1 }) };
    let mut pool = Pool::new(days.clone(), datestamp_pipelines(), inputs(&days), 1, plan, 0.0);
    let log = drive(&mut pool, 1);
    assert_eq!(runs(&log).len() as u32, MAX_ATTEMPTS);
    assert!(runs(&log).iter().all(|r| r.1 == "dim_users"));
    let n = log.len();
    let Command::Progress(live) = &log[n - 2] else { panic!("a last snapshot before the failure") };
    assert_eq!(live.bars.len() as u32, MAX_ATTEMPTS);
    assert_eq!(
        log[n - 1],
        Command::Failed(
            "dim_users for 2025-01-01 crashed its worker 5 times: the backfill gave up and stored nothing".into()
        )
    );
    assert!(!log.iter().any(|c| matches!(c, Command::Finished(..))));
}

#[test]
fn workers_that_cannot_start_fail_the_backfill_with_how_many_did() {
    let days = days(1);
    let mut pool = Pool::new(days.clone(), datestamp_pipelines(), inputs(&days), 2, CrashPlan::default(), 0.0);
    pool.on(PoolEvent::Up(0), 1.0);
    let out = pool.on(PoolEvent::Stopped { worker: 1, message: "no script".into() }, 2.0);
    assert_eq!(out, vec![Command::Failed("could start only 1 of 2 workers: no script".into())]);

    let mut pool = Pool::new(days.clone(), datestamp_pipelines(), inputs(&days), 2, CrashPlan::default(), 0.0);
    assert_eq!(
        pool.on(PoolEvent::StartTimedOut { seconds: 20 }, 20_000.0),
        vec![Command::Failed("could start only 0 of 2 workers: no answer within 20 s".into())]
    );
    // A worker that died before it was up lost its first request: ask it again.
    let mut pool = Pool::new(days.clone(), datestamp_pipelines(), inputs(&days), 2, CrashPlan::default(), 0.0);
    pool.on(PoolEvent::Died(0), 1.0);
    assert_eq!(pool.on(PoolEvent::Back(0), 2.0), vec![Command::Ping(0)]);
}

#[test]
fn a_task_error_fails_the_backfill_with_the_engines_message() {
    let days = days(1);
    let mut pool = Pool::new(days.clone(), datestamp_pipelines(), inputs(&days), 1, CrashPlan::default(), 0.0);
    pool.on(PoolEvent::Up(0), 1.0);
    let out = pool.on(PoolEvent::TaskError { worker: 0, message: "bad parquet".into() }, 2.0);
    assert!(matches!(&out[0], Command::Progress(_)));
    assert_eq!(out[1], Command::Failed("a backfill task failed: bad parquet".into()));
}

#[test]
fn a_learners_pipeline_runs_alone_with_its_statement_and_its_own_sources() {
    let days = days(2);
    let mine = TaskPipeline {
        table: "my_mutuals".into(),
        sources: vec!["dim_relationships".into()],
        sql: Some("SELECT user_id FROM dim_relationships WHERE ds = '{{ ds }}' AND is_mutual".into()),
    };
    let inputs: Vec<PartitionBytes> = days
        .iter()
        .flat_map(|ds| {
            ["dim_relationships", "users"].map(|t| PartitionBytes { table: t.into(), ds: ds.clone(), parquet: vec![1] })
        })
        .collect();
    let mut pool = Pool::new(days.clone(), vec![mine.clone()], inputs, 2, CrashPlan::default(), 0.0);
    let log = drive(&mut pool, 2);
    for c in &log {
        if let Command::Run { pipeline, inputs, ds, .. } = c {
            assert_eq!(pipeline, &mine);
            assert_eq!(
                inputs.iter().map(|i| (i.table.as_str(), &i.ds)).collect::<Vec<_>>(),
                [("dim_relationships", ds)]
            );
        }
    }
    let Some(Command::Finished(report, outputs)) = log.last() else { panic!() };
    assert_eq!((report.tasks(), outputs.len(), report.pipelines.clone()), (2, 2, vec!["my_mutuals".to_string()]));
}
