//! A seeded discrete-event simulation of a backfill: a list scheduler that starts a
//! ready task whenever a worker is free, with task times drawn from measured samples,
//! injected failures, and the SCD2 recovery policies.
//!
//! Among ready tasks, the one with the longest chain of work still behind it goes first
//! (then the earliest day), much as Airflow's default `downstream` priority weight does:
//! without it, an SCD2 merge would queue behind independent fact loads and the chain,
//! which decides when the backfill ends, would stall.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use playground_protocol::{Attempt, AttemptStatus, DagTask, FailurePlan, Model, Scd2Policy, SimulatedRun};

use crate::dag::{Dag, RELATIONSHIPS};
use crate::rng::Rng;

/// Attempts per task before a backfill gives up on it.
pub const MAX_ATTEMPTS: u32 = 5;
/// Times an SCD2 backfill may start over before it gives up.
pub const MAX_RESTARTS: u32 = 10;
/// Days of the DAG sent along for drawing.
const PREVIEW_DAYS: u32 = 3;

/// A running attempt, ordered by end time (then start order, for determinism).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Running {
    end: f64,
    seq: u64,
    task: usize,
    worker: u32,
    start: f64,
    fails: bool,
    generation: u32,
}

impl Eq for Running {}
impl PartialOrd for Running {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Running {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.end.total_cmp(&other.end).then(self.seq.cmp(&other.seq))
    }
}

/// For every task, the mean time of the longest chain from its start to the end of the
/// backfill, in microseconds: its scheduling priority.
fn chain_behind(dag: &Dag, dependents: &[Vec<usize>], costs: &[Vec<f64>]) -> Vec<u64> {
    let mean = |p: u32| {
        let c = &costs[p as usize];
        if c.is_empty() {
            1.0
        } else {
            c.iter().sum::<f64>() / c.len() as f64
        }
    };
    let mut behind = vec![0.0f64; dag.tasks.len()];
    for i in (0..dag.tasks.len()).rev() {
        let after = dependents[i].iter().map(|&d| behind[d]).fold(0.0, f64::max);
        behind[i] = mean(dag.tasks[i].pipeline) + after;
    }
    behind.iter().map(|b| (b * 1000.0) as u64).collect()
}

/// Simulates backfilling `dag` on `concurrency` workers. `costs[p]` holds measured task
/// times (ms) of pipeline `p`; each attempt draws one of them.
///
/// ```
/// use playground_backfill::{simulate, Dag};
/// use playground_protocol::{FailurePlan, Model, Scd2Policy};
/// let costs = vec![vec![10.0]; 5];
/// let scd2 = simulate(&Dag::daily(Model::Scd2, 30), &costs, 8, 1, &FailurePlan::None, Scd2Policy::Resume);
/// // 30 merges in a row, then the last day's aggregate.
/// assert_eq!(scd2.makespan_ms, 310.0);
/// ```
pub fn simulate(
    dag: &Dag,
    costs: &[Vec<f64>],
    concurrency: u32,
    seed: u64,
    failures: &FailurePlan,
    policy: Scd2Policy,
) -> SimulatedRun {
    let n = dag.tasks.len();
    let dependents = dag.dependents();
    let initial: Vec<usize> = dag.tasks.iter().map(|t| t.deps.len()).collect();
    let mut rng = Rng::new(seed ^ if dag.model == Model::Scd2 { 0x5CD2 } else { 0xD5 });
    let mut waiting_for = initial.clone();
    let rank = chain_behind(dag, &dependents, costs);
    let key = |i: usize| (Reverse(rank[i]), i);
    let mut ready: BTreeSet<(Reverse<u64>, usize)> = (0..n).filter(|&i| initial[i] == 0).map(key).collect();
    let mut free: BinaryHeap<Reverse<u32>> = (0..concurrency.max(1)).map(Reverse).collect();
    let mut running: BinaryHeap<Reverse<Running>> = BinaryHeap::new();
    let mut tried = vec![0u32; n];
    let mut failed_before = vec![false; n];
    let mut final_ms = vec![0.0; n];
    let mut attempts: Vec<Attempt> = Vec::new();
    let (mut generation, mut generation_start) = (0u32, 0usize);
    let (mut restarts, mut wasted, mut done) = (0u32, 0.0, 0usize);
    let mut gave_up = None;
    let (mut now, mut seq) = (0.0f64, 0u64);
    let start_over = dag.model == Model::Scd2 && policy == Scd2Policy::StartOver;

    loop {
        while !ready.is_empty() && !free.is_empty() {
            let (Some((_, task)), Some(Reverse(worker))) = (ready.pop_first(), free.pop()) else {
                break;
            };
            let spec = &dag.tasks[task];
            let samples = &costs[spec.pipeline as usize];
            let ms = if samples.is_empty() { 1.0 } else { samples[(rng.next_u64() % samples.len() as u64) as usize] };
            let fails = match failures {
                FailurePlan::None => false,
                FailurePlan::OnDay(day) => spec.day == *day && spec.pipeline == RELATIONSHIPS && tried[task] == 0,
                FailurePlan::Random { p } => rng.unit() < *p,
            };
            tried[task] += 1;
            seq += 1;
            running.push(Reverse(Running { end: now + ms, seq, task, worker, start: now, fails, generation }));
        }
        let Some(Reverse(r)) = running.pop() else { break };
        now = r.end;
        free.push(Reverse(r.worker));
        let spec = &dag.tasks[r.task];
        let mut record = |status| {
            attempts.push(Attempt {
                worker: r.worker,
                day: spec.day,
                pipeline: spec.pipeline,
                start_ms: r.start,
                end_ms: r.end,
                status,
            })
        };
        if r.generation != generation {
            // Running when the backfill started over: its work is thrown away.
            record(AttemptStatus::Discarded);
            wasted += r.end - r.start;
            continue;
        }
        if !r.fails {
            record(if failed_before[r.task] { AttemptStatus::Retried } else { AttemptStatus::Done });
            final_ms[r.task] = r.end - r.start;
            done += 1;
            for &d in &dependents[r.task] {
                waiting_for[d] -= 1;
                if waiting_for[d] == 0 {
                    ready.insert(key(d));
                }
            }
            continue;
        }
        record(AttemptStatus::Failed);
        wasted += r.end - r.start;
        failed_before[r.task] = true;
        if start_over {
            restarts += 1;
            if restarts > MAX_RESTARTS {
                gave_up = Some(format!("gave up after starting over {MAX_RESTARTS} times"));
                break;
            }
            // Rewind: everything finished since the last start is untrusted.
            for a in &mut attempts[generation_start..] {
                if matches!(a.status, AttemptStatus::Done | AttemptStatus::Retried) {
                    a.status = AttemptStatus::Discarded;
                    wasted += a.end_ms - a.start_ms;
                }
            }
            generation += 1;
            generation_start = attempts.len();
            done = 0;
            waiting_for.clone_from(&initial);
            ready = (0..n).filter(|&i| initial[i] == 0).map(key).collect();
        } else if tried[r.task] >= MAX_ATTEMPTS {
            let name = dag.pipelines[spec.pipeline as usize];
            gave_up =
                Some(format!("{name} for day {} failed {MAX_ATTEMPTS} times; the tasks after it never ran", spec.day));
        } else {
            ready.insert(key(r.task));
        }
    }
    if done < n && gave_up.is_none() {
        gave_up = Some(format!("{} of {n} tasks never ran", n - done));
    }
    attempts.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms).then(a.worker.cmp(&b.worker)));
    let makespan_ms = attempts.iter().map(|a| a.end_ms).fold(0.0, f64::max);
    let work_ms: f64 = attempts.iter().map(|a| a.end_ms - a.start_ms).sum();
    // Longest chain, with the durations the tasks finally took.
    let mut chain = vec![0.0f64; n];
    for (i, t) in dag.tasks.iter().enumerate() {
        chain[i] = final_ms[i] + t.deps.iter().map(|&d| chain[d]).fold(0.0, f64::max);
    }
    SimulatedRun {
        model: dag.model,
        pipelines: dag.pipelines.iter().map(|p| p.to_string()).collect(),
        attempts,
        makespan_ms,
        critical_path_ms: chain.iter().cloned().fold(0.0, f64::max),
        work_ms,
        wasted_ms: wasted,
        utilisation: if makespan_ms > 0.0 { work_ms / (f64::from(concurrency.max(1)) * makespan_ms) } else { 0.0 },
        tasks: n as u32,
        restarts,
        gave_up,
        dag_preview: dag
            .tasks
            .iter()
            .take_while(|t| t.day < PREVIEW_DAYS)
            .map(|t| DagTask { day: t.day, pipeline: t.pipeline, deps: t.deps.iter().map(|&d| d as u32).collect() })
            .collect(),
    }
}
