//! The real datestamp backfill's scheduler over a pool of engine workers. Each worker is
//! its own engine; each task gets its day's raw partitions, runs one pipeline and sends
//! back the partition it wrote. A worker that dies has its attempt drawn as crashed and
//! the task put back at the front of the queue, up to [`MAX_ATTEMPTS`] attempts.
//!
//! [`Pool`] decides; it never touches a worker. The page feeds it what its workers did
//! ([`PoolEvent`]) with the time, and carries out the [`Command`]s it returns.
//!
//! ```
//! use playground_backfill::{Command, CrashPlan, Pool, PoolEvent};
//! use playground_protocol::PartitionBytes;
//! use playground_backfill::datestamp_pipelines;
//! let days = vec!["2025-01-01".to_string()];
//! let mut pool = Pool::new(days, datestamp_pipelines(), Vec::new(), 2, CrashPlan::default(), 0.0);
//! assert!(pool.on(PoolEvent::Up(0), 5.0).is_empty(), "dispatch waits for the whole pool");
//! let commands = pool.on(PoolEvent::Up(1), 9.0);
//! let runs: Vec<_> = commands.iter().filter_map(|c| match c {
//!     Command::Run { worker, pipeline, .. } => Some((*worker, pipeline.table.as_str())),
//!     _ => None,
//! }).collect();
//! assert_eq!(runs, vec![(0, "dim_users"), (1, "dim_devices")]);
//! ```

use std::collections::VecDeque;

use playground_protocol::{AttemptStatus, PartitionBytes, TaskPipeline};

use crate::report::{LiveRun, RealReport, TaskBar};
use crate::{CrashPlan, MAX_ATTEMPTS};

/// Least time between two progress reports, in ms: re-rendering the page for every task
/// would take the main thread from the workers.
pub const PROGRESS_EVERY_MS: f64 = 250.0;

/// What one pool worker did.
#[derive(Debug, Clone, PartialEq)]
pub enum PoolEvent {
    /// It answered its first request: it is up.
    Up(usize),
    /// Its task finished with this output, `ms` inside its engine.
    Done {
        /// The worker.
        worker: usize,
        /// The partition written.
        output: PartitionBytes,
        /// Engine time.
        ms: f64,
    },
    /// Its task failed without crashing it (a bad input, say).
    TaskError {
        /// The worker.
        worker: usize,
        /// The engine's message.
        message: String,
    },
    /// It died; a new worker is starting in its place.
    Died(usize),
    /// The new worker takes requests.
    Back(usize),
    /// It cannot be started.
    Stopped {
        /// The worker.
        worker: usize,
        /// Why.
        message: String,
    },
    /// Not every worker was up in time.
    StartTimedOut {
        /// How long the pool waited, in seconds.
        seconds: u32,
    },
}

/// What the page must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Run one pipeline for one day on `worker`.
    Run {
        /// The worker.
        worker: usize,
        /// The pipeline.
        pipeline: TaskPipeline,
        /// The day.
        ds: String,
        /// The partitions it reads.
        inputs: Vec<PartitionBytes>,
        /// Crash the worker instead, as an injected failure.
        crash: bool,
    },
    /// Ask `worker` anything, to hear when it is up (its first request died with it).
    Ping(usize),
    /// The backfill so far.
    Progress(LiveRun),
    /// Every task finished: the report, and the outputs to store.
    Finished(RealReport, Vec<PartitionBytes>),
    /// The backfill stopped; nothing is to be stored. The pool does nothing more.
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Task {
    day: u32,
    pipeline: u32,
    /// Attempts before this one, all crashed.
    attempt: u32,
}

#[derive(Debug, Default)]
struct Slot {
    started: bool,
    running: Option<(Task, f64)>,
    /// When its worker died, until it is back.
    restarting: Option<f64>,
}

/// A real backfill's schedule: who runs what, what came back, what it cost.
#[derive(Debug)]
pub struct Pool {
    crashes: CrashPlan,
    days: Vec<String>,
    pipelines: Vec<TaskPipeline>,
    inputs: Vec<PartitionBytes>,
    queue: VecDeque<Task>,
    slots: Vec<Slot>,
    created: f64,
    began: Option<f64>,
    startup_ms: f64,
    bars: Vec<TaskBar>,
    outputs: Vec<PartitionBytes>,
    done: u32,
    retries: u32,
    restart_ms: f64,
    total: u32,
    over: bool,
    reported: Option<f64>,
}

impl Pool {
    /// A backfill of `pipelines` over `days` from the `inputs` on `workers` workers,
    /// crashing the attempts `crashes` picks, created at `now`. Tasks go day by day,
    /// pipelines in order.
    pub fn new(
        days: Vec<String>,
        pipelines: Vec<TaskPipeline>,
        inputs: Vec<PartitionBytes>,
        workers: u32,
        crashes: CrashPlan,
        now: f64,
    ) -> Self {
        let per_day = pipelines.len() as u32;
        let queue: VecDeque<Task> = (0..days.len() as u32)
            .flat_map(|day| (0..per_day).map(move |pipeline| Task { day, pipeline, attempt: 0 }))
            .collect();
        let total = queue.len() as u32;
        Self {
            crashes,
            days,
            pipelines,
            inputs,
            queue,
            slots: (0..workers).map(|_| Slot::default()).collect(),
            created: now,
            began: None,
            startup_ms: 0.0,
            bars: Vec::new(),
            outputs: Vec::new(),
            done: 0,
            retries: 0,
            restart_ms: 0.0,
            total,
            over: false,
            reported: None,
        }
    }

    /// Whether the backfill finished or failed.
    pub fn is_over(&self) -> bool {
        self.over
    }

    /// Takes in what a worker did at `now`; returns what to do.
    pub fn on(&mut self, event: PoolEvent, now: f64) -> Vec<Command> {
        let mut out = Vec::new();
        if self.over {
            return out;
        }
        match event {
            PoolEvent::Up(worker) => {
                self.slots[worker].started = true;
                if self.began.is_none() && self.slots.iter().all(|slot| slot.started) {
                    self.startup_ms = now - self.created;
                    self.began = Some(now);
                    for i in 0..self.slots.len() {
                        self.dispatch(i, now, &mut out);
                    }
                    self.progress(now, &mut out);
                }
            }
            PoolEvent::Done { worker, output, ms } => {
                let began = self.began.unwrap_or(now);
                if let Some((task, sent)) = self.slots[worker].running.take() {
                    let status = if task.attempt > 0 { AttemptStatus::Retried } else { AttemptStatus::Done };
                    self.bars.push(self.bar(worker, task, sent - began, now - began, ms, status));
                }
                self.outputs.push(output);
                self.done += 1;
                if self.done == self.total {
                    self.over = true;
                    out.push(Command::Finished(self.report(now - began), std::mem::take(&mut self.outputs)));
                } else {
                    self.dispatch(worker, now, &mut out);
                    self.progress(now, &mut out);
                }
            }
            PoolEvent::TaskError { message, .. } => {
                self.fail(now, format!("a backfill task failed: {message}"), &mut out)
            }
            // The attempt it ran is a crashed bar, and its task goes back to the front of
            // the queue unless it has had all its attempts.
            PoolEvent::Died(worker) => {
                if self.began.is_some() {
                    self.slots[worker].restarting = Some(now);
                }
                if let Some((task, sent)) = self.slots[worker].running.take() {
                    let began = self.began.unwrap_or(now);
                    self.bars.push(self.bar(worker, task, sent - began, now - began, 0.0, AttemptStatus::Failed));
                    self.retries += 1;
                    if task.attempt + 1 >= MAX_ATTEMPTS {
                        let message = format!(
                            "{} for {} crashed its worker {MAX_ATTEMPTS} times: the backfill gave up and stored nothing",
                            self.pipelines[task.pipeline as usize].table, self.days[task.day as usize]
                        );
                        self.fail(now, message, &mut out);
                    } else {
                        self.queue.push_front(Task { attempt: task.attempt + 1, ..task });
                        self.progress(now, &mut out);
                    }
                }
            }
            PoolEvent::Back(worker) => {
                if let Some(t) = self.slots[worker].restarting.take() {
                    self.restart_ms += now - t;
                }
                if self.slots[worker].started {
                    self.dispatch(worker, now, &mut out);
                } else {
                    out.push(Command::Ping(worker));
                }
            }
            PoolEvent::Stopped { worker, message } => {
                let message = if self.slots[worker].started {
                    format!("a pool worker could not run: {message}")
                } else {
                    self.start_failure(&message)
                };
                self.fail(now, message, &mut out);
            }
            PoolEvent::StartTimedOut { seconds } => {
                if self.began.is_none() {
                    let message = self.start_failure(&format!("no answer within {seconds} s"));
                    self.fail(now, message, &mut out);
                }
            }
        }
        out
    }

    fn bar(
        &self,
        worker: usize,
        task: Task,
        start_ms: f64,
        end_ms: f64,
        engine_ms: f64,
        status: AttemptStatus,
    ) -> TaskBar {
        TaskBar { worker: worker as u32, day: task.day, pipeline: task.pipeline, start_ms, end_ms, engine_ms, status }
    }

    /// Gives `worker` the next task, with its day's input partitions, once the pool is up.
    fn dispatch(&mut self, worker: usize, now: f64, out: &mut Vec<Command>) {
        if self.began.is_none() || self.slots[worker].running.is_some() {
            return;
        }
        let Some(task) = self.queue.pop_front() else { return };
        let pipeline = self.pipelines[task.pipeline as usize].clone();
        let ds = self.days[task.day as usize].clone();
        let inputs =
            self.inputs.iter().filter(|i| i.ds == ds && pipeline.sources.contains(&i.table)).cloned().collect();
        let crash = self.crashes.crashes(task.day, task.pipeline, task.attempt);
        out.push(Command::Run { worker, pipeline, ds, inputs, crash });
        self.slots[worker].running = Some((task, now));
    }

    /// Why the pool could not be started, with how many of its workers were.
    fn start_failure(&self, reason: &str) -> String {
        let started = self.slots.iter().filter(|slot| slot.started).count();
        format!("could start only {started} of {} workers: {reason}", self.slots.len())
    }

    /// Ends the backfill after a last snapshot, so the page keeps the bars that led to it.
    fn fail(&mut self, now: f64, message: String, out: &mut Vec<Command>) {
        self.over = true;
        if self.began.is_some() {
            out.push(Command::Progress(self.snapshot(now)));
        }
        out.push(Command::Failed(message));
    }

    /// Reports the backfill so far, unless the last report was less than
    /// [`PROGRESS_EVERY_MS`] ago.
    fn progress(&mut self, now: f64, out: &mut Vec<Command>) {
        if self.reported.is_none_or(|t| now - t >= PROGRESS_EVERY_MS) {
            self.reported = Some(now);
            out.push(Command::Progress(self.snapshot(now)));
        }
    }

    /// The backfill so far: finished and crashed attempts, and the running ones until `now`.
    fn snapshot(&self, now: f64) -> LiveRun {
        let began = self.began.unwrap_or(now);
        let running = self.slots.iter().enumerate().filter_map(|(worker, slot)| {
            let (task, sent) = slot.running?;
            Some(self.bar(worker, task, sent - began, now - began, 0.0, AttemptStatus::Running))
        });
        LiveRun {
            pipelines: self.pipeline_names(),
            workers: self.slots.len() as u32,
            elapsed_ms: now - began,
            bars: self.bars.iter().cloned().chain(running).collect(),
            done: self.done,
            total: self.total,
            waiting: self.queue.len() as u32,
            retries: self.retries,
        }
    }

    fn pipeline_names(&self) -> Vec<String> {
        self.pipelines.iter().map(|p| p.table.clone()).collect()
    }

    fn report(&self, wall_ms: f64) -> RealReport {
        let finished = |b: &&TaskBar| b.status != AttemptStatus::Failed;
        RealReport {
            days: self.days.clone(),
            pipelines: self.pipeline_names(),
            workers: self.slots.len() as u32,
            startup_ms: self.startup_ms,
            wall_ms,
            task_sum_ms: self.bars.iter().filter(finished).map(TaskBar::ms).sum(),
            engine_sum_ms: self.bars.iter().filter(finished).map(|b| b.engine_ms).sum(),
            bars: self.bars.clone(),
            retries: self.retries,
            wasted_ms: self.bars.iter().filter(|b| b.status == AttemptStatus::Failed).map(TaskBar::ms).sum(),
            restart_ms: self.restart_ms,
        }
    }
}
