//! A real datestamp backfill on a pool of Web Workers: each worker is its own engine
//! with its own DataFusion, each task gets its day's raw partitions as Parquet bytes,
//! runs one pipeline, and sends back the partition it wrote. A worker that dies has its
//! task put back in the queue, up to [`MAX_ATTEMPTS`] attempts. The outputs go back to
//! the main engine when all are in.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;
use playground_protocol::{AttemptStatus, PartitionBytes, Request, Response};
use yew::Callback;

use crate::bridge::{now_ms, Engine, EngineEvent};
use crate::crash_plan::{CrashPlan, MAX_ATTEMPTS};

/// The datestamp pipelines a backfill runs per day (output table, raw source).
pub const PIPELINES: [(&str, &str); 4] = [
    ("dim_users", "users"),
    ("dim_devices", "devices"),
    ("dim_relationships", "relationships"),
    ("fct_post_views", "post_views"),
];

/// One attempt of a task, timed on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskBar {
    /// Pool worker, from 0.
    pub worker: u32,
    /// Day index in the backfill.
    pub day: u32,
    /// Index into [`PIPELINES`].
    pub pipeline: u32,
    /// From the first task's dispatch, in ms.
    pub start_ms: f64,
    /// End (the answer, the crash, or now for a running one), in ms.
    pub end_ms: f64,
    /// Time inside the worker's engine (0 for an attempt that crashed or still runs).
    pub engine_ms: f64,
    /// Done, done after crashes (retried), crashed (failed) or running.
    pub status: AttemptStatus,
}

impl TaskBar {
    fn ms(&self) -> f64 {
        self.end_ms - self.start_ms
    }
}

/// What a finished backfill reports.
#[derive(Debug, Clone, PartialEq)]
pub struct RealReport {
    /// Days backfilled.
    pub days: Vec<String>,
    /// Pool size.
    pub workers: u32,
    /// Starting the pool's workers, until every one answered.
    pub startup_ms: f64,
    /// From the first dispatch to the last output.
    pub wall_ms: f64,
    /// Sum of the finished tasks' times as the page saw them (dispatch to answer).
    pub task_sum_ms: f64,
    /// Sum of the finished tasks' times inside the engines.
    pub engine_sum_ms: f64,
    /// One bar per attempt, the crashed ones included.
    pub bars: Vec<TaskBar>,
    /// Attempts that crashed their worker and were run again.
    pub retries: u32,
    /// Time of the attempts that crashed, from dispatch to crash: work thrown away.
    pub wasted_ms: f64,
    /// Time workers spent restarting after a crash, before they took a task again.
    pub restart_ms: f64,
}

impl RealReport {
    /// Tasks in the backfill: every pipeline for every day.
    pub fn tasks(&self) -> u32 {
        (self.days.len() * PIPELINES.len()) as u32
    }

    /// Wall-clock time the crashes cost, estimated: the worker time they took (failed
    /// attempts and restarts) spread over the pool.
    pub fn lost_wall_ms(&self) -> f64 {
        (self.wasted_ms + self.restart_ms) / f64::from(self.workers.max(1))
    }
}

/// A backfill under way, as the page draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveRun {
    /// Pool size.
    pub workers: u32,
    /// From the first dispatch to this snapshot, in ms.
    pub elapsed_ms: f64,
    /// Every attempt so far: finished, crashed, and running until now.
    pub bars: Vec<TaskBar>,
    /// Tasks finished.
    pub done: u32,
    /// Tasks in all.
    pub total: u32,
    /// Tasks in the queue, not started (or put back after a crash).
    pub waiting: u32,
    /// Attempts that crashed so far.
    pub retries: u32,
}

/// What the runner tells the page.
#[derive(Debug, Clone, PartialEq)]
pub enum RunnerEvent {
    /// The backfill so far, at most every [`PROGRESS_EVERY_MS`].
    Progress(LiveRun),
    /// Every task finished: the report, and the outputs to store.
    Finished(RealReport, Vec<PartitionBytes>),
    /// The backfill stopped; nothing was stored.
    Failed(String),
}

struct Task {
    day: u32,
    pipeline: u32,
    /// Attempts before this one, all crashed.
    attempt: u32,
}

struct Slot {
    engine: Engine,
    started: bool,
    running: Option<(Task, f64)>,
    /// When its worker crashed, until it is back.
    restarting: Option<f64>,
}

struct State {
    crashes: CrashPlan,
    days: Vec<String>,
    inputs: Vec<PartitionBytes>,
    queue: VecDeque<Task>,
    slots: Vec<Slot>,
    created: f64,
    began: Option<f64>,
    startup_ms: f64,
    /// Gives up on workers that never answer; dropped once all have.
    start_timer: Option<Timeout>,
    bars: Vec<TaskBar>,
    outputs: Vec<PartitionBytes>,
    done: u32,
    retries: u32,
    restart_ms: f64,
    total: u32,
    over: bool,
    /// When progress was last reported: re-rendering the page for every task would
    /// take the main thread from the workers.
    reported: f64,
    events: Callback<RunnerEvent>,
}

/// Least time between two progress reports, in ms.
pub const PROGRESS_EVERY_MS: f64 = 250.0;

/// How long a pool worker may take to answer its first request before the backfill
/// says it could not be started.
const START_TIMEOUT_MS: u32 = 20_000;

/// A running backfill; dropping it stops its workers.
pub struct Runner(Rc<RefCell<State>>);

impl Runner {
    /// Starts `workers` engines and backfills `days` with the raw `inputs`, crashing the
    /// attempts `crashes` picks.
    pub fn start(
        days: Vec<String>,
        inputs: Vec<PartitionBytes>,
        workers: u32,
        crashes: CrashPlan,
        events: Callback<RunnerEvent>,
    ) -> Self {
        let queue: VecDeque<Task> = (0..days.len() as u32)
            .flat_map(|day| (0..PIPELINES.len() as u32).map(move |pipeline| Task { day, pipeline, attempt: 0 }))
            .collect();
        let total = queue.len() as u32;
        let state = Rc::new(RefCell::new(State {
            crashes,
            days,
            inputs,
            queue,
            slots: Vec::new(),
            created: now_ms(),
            began: None,
            startup_ms: 0.0,
            start_timer: None,
            bars: Vec::new(),
            outputs: Vec::new(),
            done: 0,
            retries: 0,
            restart_ms: 0.0,
            total,
            over: false,
            reported: 0.0,
            events,
        }));
        let weak = Rc::downgrade(&state);
        let slots = (0..workers)
            .map(|i| {
                let weak = weak.clone();
                let engine = Engine::start(Callback::from(move |e| on_event(&weak, i as usize, e)));
                // The first answer says the worker is up.
                engine.send(Request::Catalog);
                Slot { engine, started: false, running: None, restarting: None }
            })
            .collect();
        let timer = Timeout::new(START_TIMEOUT_MS, move || {
            let seconds = START_TIMEOUT_MS / 1000;
            stop_with(&weak, |s| start_failure(s, &format!("no answer within {seconds} s")));
        });
        let mut s = state.borrow_mut();
        s.slots = slots;
        s.start_timer = Some(timer);
        drop(s);
        Runner(state)
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        if let Ok(mut s) = self.0.try_borrow_mut() {
            s.over = true;
            s.start_timer = None;
            for slot in s.slots.drain(..) {
                slot.engine.stop();
            }
        }
    }
}

/// Why the pool could not be started, with how many of its workers were.
fn start_failure(s: &State, reason: &str) -> String {
    let started = s.slots.iter().filter(|slot| slot.started).count();
    format!("could start only {started} of {} workers: {reason}", s.slots.len())
}

/// Ends the backfill (if still under way) with the failure `why` writes, after a last
/// snapshot so the page keeps the bars that led to it.
fn stop_with(weak: &Weak<RefCell<State>>, why: impl FnOnce(&State) -> String) {
    let Some(rc) = weak.upgrade() else { return };
    let emit = {
        let Ok(mut s) = rc.try_borrow_mut() else { return };
        if s.over {
            return;
        }
        let mut emit = Vec::new();
        let message = why(&s);
        fail(&mut s, now_ms(), message, &mut emit);
        emit
    };
    let events = rc.borrow().events.clone();
    for e in emit {
        events.emit(e);
    }
}

fn fail(s: &mut State, now: f64, message: String, emit: &mut Vec<RunnerEvent>) {
    s.over = true;
    s.start_timer = None;
    if s.began.is_some() {
        emit.push(RunnerEvent::Progress(snapshot(s, now)));
    }
    emit.push(RunnerEvent::Failed(message));
}

/// The backfill so far: finished and crashed attempts, and the running ones until `now`.
fn snapshot(s: &State, now: f64) -> LiveRun {
    let began = s.began.unwrap_or(now);
    let running = s.slots.iter().enumerate().filter_map(|(worker, slot)| {
        let (task, sent) = slot.running.as_ref()?;
        Some(TaskBar {
            worker: worker as u32,
            day: task.day,
            pipeline: task.pipeline,
            start_ms: sent - began,
            end_ms: now - began,
            engine_ms: 0.0,
            status: AttemptStatus::Running,
        })
    });
    LiveRun {
        workers: s.slots.len() as u32,
        elapsed_ms: now - began,
        bars: s.bars.iter().cloned().chain(running).collect(),
        done: s.done,
        total: s.total,
        waiting: s.queue.len() as u32,
        retries: s.retries,
    }
}

/// Reports the backfill so far, unless the last report was less than
/// [`PROGRESS_EVERY_MS`] ago.
fn progress(s: &mut State, now: f64, emit: &mut Vec<RunnerEvent>) {
    if now - s.reported >= PROGRESS_EVERY_MS {
        s.reported = now;
        emit.push(RunnerEvent::Progress(snapshot(s, now)));
    }
}

fn on_event(weak: &Weak<RefCell<State>>, worker: usize, event: EngineEvent) {
    let Some(rc) = weak.upgrade() else { return };
    let mut emit = Vec::new();
    {
        let Ok(mut s) = rc.try_borrow_mut() else { return };
        if s.over {
            return;
        }
        let now = now_ms();
        match event {
            EngineEvent::Answer(Response::Catalog(_)) => {
                s.slots[worker].started = true;
                if s.began.is_none() && s.slots.iter().all(|slot| slot.started) {
                    s.start_timer = None;
                    s.startup_ms = now - s.created;
                    s.began = Some(now);
                    for i in 0..s.slots.len() {
                        dispatch(&mut s, i, now);
                    }
                    progress(&mut s, now, &mut emit);
                }
            }
            EngineEvent::Answer(Response::TaskDone { output, ms }) => {
                let began = s.began.unwrap_or(now);
                if let Some((task, sent)) = s.slots[worker].running.take() {
                    let status = if task.attempt > 0 { AttemptStatus::Retried } else { AttemptStatus::Done };
                    s.bars.push(TaskBar {
                        worker: worker as u32,
                        day: task.day,
                        pipeline: task.pipeline,
                        start_ms: sent - began,
                        end_ms: now - began,
                        engine_ms: ms,
                        status,
                    });
                }
                s.outputs.push(output);
                s.done += 1;
                if s.done == s.total {
                    s.over = true;
                    let finished = |b: &&TaskBar| b.status != AttemptStatus::Failed;
                    let report = RealReport {
                        days: s.days.clone(),
                        workers: s.slots.len() as u32,
                        startup_ms: s.startup_ms,
                        wall_ms: now - began,
                        task_sum_ms: s.bars.iter().filter(finished).map(TaskBar::ms).sum(),
                        engine_sum_ms: s.bars.iter().filter(finished).map(|b| b.engine_ms).sum(),
                        bars: s.bars.clone(),
                        retries: s.retries,
                        wasted_ms: s.bars.iter().filter(|b| b.status == AttemptStatus::Failed).map(TaskBar::ms).sum(),
                        restart_ms: s.restart_ms,
                    };
                    emit.push(RunnerEvent::Finished(report, std::mem::take(&mut s.outputs)));
                } else {
                    dispatch(&mut s, worker, now);
                    progress(&mut s, now, &mut emit);
                }
            }
            EngineEvent::Answer(Response::Error(e)) => {
                fail(&mut s, now, format!("a backfill task failed: {}", e.message), &mut emit);
            }
            // The worker died: its attempt is a failed bar, and the task goes back to the
            // front of the queue unless it has had all its attempts.
            EngineEvent::Restarting { .. } => {
                if s.began.is_some() {
                    s.slots[worker].restarting = Some(now);
                }
                if let Some((task, sent)) = s.slots[worker].running.take() {
                    let began = s.began.unwrap_or(now);
                    s.bars.push(TaskBar {
                        worker: worker as u32,
                        day: task.day,
                        pipeline: task.pipeline,
                        start_ms: sent - began,
                        end_ms: now - began,
                        engine_ms: 0.0,
                        status: AttemptStatus::Failed,
                    });
                    s.retries += 1;
                    if task.attempt + 1 >= MAX_ATTEMPTS {
                        let message = format!(
                            "{} for {} crashed its worker {MAX_ATTEMPTS} times: the backfill gave up and stored nothing",
                            PIPELINES[task.pipeline as usize].0, s.days[task.day as usize]
                        );
                        fail(&mut s, now, message, &mut emit);
                    } else {
                        s.queue.push_front(Task { attempt: task.attempt + 1, ..task });
                        progress(&mut s, now, &mut emit);
                    }
                }
            }
            EngineEvent::Reloaded { .. } => {
                if let Some(t) = s.slots[worker].restarting.take() {
                    s.restart_ms += now - t;
                }
                if s.slots[worker].started {
                    dispatch(&mut s, worker, now);
                } else {
                    // A worker that failed to start lost its first request with it.
                    s.slots[worker].engine.send(Request::Catalog);
                }
            }
            EngineEvent::Fatal(message) => {
                let message = if s.slots[worker].started {
                    format!("a pool worker could not run: {message}")
                } else {
                    start_failure(&s, &message)
                };
                fail(&mut s, now, message, &mut emit);
            }
            EngineEvent::Answer(_) => {}
        }
    }
    let events = rc.borrow().events.clone();
    for e in emit {
        events.emit(e);
    }
}

/// Gives `worker` the next task, with its day's input partitions, once the pool is up.
fn dispatch(s: &mut State, worker: usize, now: f64) {
    if s.began.is_none() || s.slots[worker].running.is_some() {
        return;
    }
    let Some(task) = s.queue.pop_front() else { return };
    let (pipeline, source) = PIPELINES[task.pipeline as usize];
    let ds = s.days[task.day as usize].clone();
    let inputs = s.inputs.iter().filter(|i| i.ds == ds && i.table == source).cloned().collect();
    let crash = s.crashes.crashes(task.day, task.pipeline, task.attempt);
    s.slots[worker].engine.send(Request::RunTask { pipeline: pipeline.into(), ds, inputs, crash });
    s.slots[worker].running = Some((task, now));
}
