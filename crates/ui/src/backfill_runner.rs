//! A real datestamp backfill on a pool of Web Workers: each worker is its own engine
//! with its own DataFusion, each task gets its day's raw partitions as Parquet bytes,
//! runs one pipeline, and sends back the partition it wrote. A worker that dies has its
//! task put back in the queue. The outputs go back to the main engine when all are in.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use playground_protocol::{PartitionBytes, Request, Response};
use yew::Callback;

use crate::bridge::{now_ms, Engine, EngineEvent};

/// The datestamp pipelines a backfill runs per day (output table, raw source).
pub const PIPELINES: [(&str, &str); 4] = [
    ("dim_users", "users"),
    ("dim_devices", "devices"),
    ("dim_relationships", "relationships"),
    ("fct_post_views", "post_views"),
];

/// One finished task, timed on the page.
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
    /// End, in ms.
    pub end_ms: f64,
    /// Time inside the worker's engine.
    pub engine_ms: f64,
    /// It ran again after its worker died.
    pub retried: bool,
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
    /// Sum of the tasks' times as the page saw them (dispatch to answer).
    pub task_sum_ms: f64,
    /// Sum of the tasks' times inside the engines.
    pub engine_sum_ms: f64,
    /// One bar per task.
    pub bars: Vec<TaskBar>,
    /// Tasks put back after a worker died.
    pub retries: u32,
}

/// What the runner tells the page.
#[derive(Debug, Clone, PartialEq)]
pub enum RunnerEvent {
    /// Tasks finished so far.
    Progress {
        /// Done.
        done: u32,
        /// In all.
        total: u32,
    },
    /// Every task finished: the report, and the outputs to store.
    Finished(RealReport, Vec<PartitionBytes>),
    /// The backfill stopped; nothing was stored.
    Failed(String),
}

struct Task {
    day: u32,
    pipeline: u32,
    retried: bool,
}

struct Slot {
    engine: Engine,
    started: bool,
    running: Option<(Task, f64)>,
}

struct State {
    /// Day (index) whose relationships task crashes its worker on the first attempt.
    crash_day: Option<u32>,
    days: Vec<String>,
    inputs: Vec<PartitionBytes>,
    queue: VecDeque<Task>,
    slots: Vec<Slot>,
    created: f64,
    began: Option<f64>,
    startup_ms: f64,
    bars: Vec<TaskBar>,
    outputs: Vec<PartitionBytes>,
    retries: u32,
    total: u32,
    over: bool,
    /// When progress was last reported: re-rendering the page for every task would
    /// take the main thread from the workers.
    reported: f64,
    events: Callback<RunnerEvent>,
}

/// Least time between two progress reports, in ms.
const PROGRESS_EVERY_MS: f64 = 250.0;

/// A running backfill; dropping it stops its workers.
pub struct Runner(Rc<RefCell<State>>);


impl Runner {
    /// Starts `workers` engines and backfills `days` with the raw `inputs`.
    pub fn start(
        days: Vec<String>,
        inputs: Vec<PartitionBytes>,
        workers: u32,
        crash_day: Option<u32>,
        events: Callback<RunnerEvent>,
    ) -> Self {
        let queue: VecDeque<Task> = (0..days.len() as u32)
            .flat_map(|day| (0..PIPELINES.len() as u32).map(move |pipeline| Task { day, pipeline, retried: false }))
            .collect();
        let total = queue.len() as u32;
        let state = Rc::new(RefCell::new(State {
            crash_day,
            days, inputs, queue, slots: Vec::new(), created: now_ms(), began: None, startup_ms: 0.0,
            bars: Vec::new(), outputs: Vec::new(), retries: 0, total, over: false, reported: 0.0, events,
        }));
        let weak = Rc::downgrade(&state);
        let slots = (0..workers)
            .map(|i| {
                let weak = weak.clone();
                let engine = Engine::start(Callback::from(move |e| on_event(&weak, i as usize, e)));
                // The first answer says the worker is up.
                engine.send(Request::Catalog);
                Slot { engine, started: false, running: None }
            })
            .collect();
        state.borrow_mut().slots = slots;
        Runner(state)
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        if let Ok(mut s) = self.0.try_borrow_mut() {
            s.over = true;
            for slot in s.slots.drain(..) {
                slot.engine.stop();
            }
        }
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
                if s.slots.iter().all(|slot| slot.started) {
                    s.startup_ms = now - s.created;
                    s.began = Some(now);
                    for i in 0..s.slots.len() {
                        dispatch(&mut s, i, now);
                    }
                }
            }
            EngineEvent::Answer(Response::TaskDone { output, ms }) => {
                let began = s.began.unwrap_or(now);
                if let Some((task, sent)) = s.slots[worker].running.take() {
                    s.bars.push(TaskBar {
                        worker: worker as u32, day: task.day, pipeline: task.pipeline,
                        start_ms: sent - began, end_ms: now - began, engine_ms: ms, retried: task.retried,
                    });
                }
                s.outputs.push(output);
                let done = s.bars.len() as u32;
                if now - s.reported >= PROGRESS_EVERY_MS {
                    s.reported = now;
                    emit.push(RunnerEvent::Progress { done, total: s.total });
                }
                if done == s.total {
                    s.over = true;
                    let report = RealReport {
                        days: s.days.clone(),
                        workers: s.slots.len() as u32,
                        startup_ms: s.startup_ms,
                        wall_ms: now - began,
                        task_sum_ms: s.bars.iter().map(|b| b.end_ms - b.start_ms).sum(),
                        engine_sum_ms: s.bars.iter().map(|b| b.engine_ms).sum(),
                        bars: s.bars.clone(),
                        retries: s.retries,
                    };
                    emit.push(RunnerEvent::Finished(report, std::mem::take(&mut s.outputs)));
                } else {
                    dispatch(&mut s, worker, now);
                }
            }
            EngineEvent::Answer(Response::Error(e)) => {
                s.over = true;
                emit.push(RunnerEvent::Failed(format!("a backfill task failed: {}", e.message)));
            }
            // The worker died: its task goes back to the front of the queue.
            EngineEvent::Restarting { .. } => {
                if let Some((mut task, _)) = s.slots[worker].running.take() {
                    task.retried = true;
                    s.retries += 1;
                    s.queue.push_front(task);
                }
            }
            EngineEvent::Reloaded { .. } => dispatch(&mut s, worker, now),
            EngineEvent::Fatal(message) => {
                s.over = true;
                emit.push(RunnerEvent::Failed(format!("a pool worker could not run: {message}")));
            }
            EngineEvent::Answer(_) => {}
        }
    }
    let events = rc.borrow().events.clone();
    for e in emit {
        events.emit(e);
    }
}

/// Gives `worker` the next task, with its day's input partitions.
fn dispatch(s: &mut State, worker: usize, now: f64) {
    if s.slots[worker].running.is_some() {
        return;
    }
    let Some(task) = s.queue.pop_front() else { return };
    let (pipeline, source) = PIPELINES[task.pipeline as usize];
    let ds = s.days[task.day as usize].clone();
    let inputs = s.inputs.iter().filter(|i| i.ds == ds && i.table == source).cloned().collect();
    let crash = s.crash_day == Some(task.day) && pipeline == "dim_relationships" && !task.retried;
    s.slots[worker].engine.send(Request::RunTask { pipeline: pipeline.into(), ds, inputs, crash });
    s.slots[worker].running = Some((task, now));
}
