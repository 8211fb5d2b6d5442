//! What a real backfill on the pool reports: one bar per attempt, the run so far for the
//! live chart, and the finished run's totals.

use playground_protocol::AttemptStatus;

/// One attempt of a task, timed on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskBar {
    /// Pool worker, from 0.
    pub worker: u32,
    /// Day index in the backfill.
    pub day: u32,
    /// Index into the backfill's pipelines.
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
    pub(crate) fn ms(&self) -> f64 {
        self.end_ms - self.start_ms
    }
}

/// What a finished backfill reports.
#[derive(Debug, Clone, PartialEq)]
pub struct RealReport {
    /// Days backfilled.
    pub days: Vec<String>,
    /// The pipelines each day ran, by output table.
    pub pipelines: Vec<String>,
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
        (self.days.len() * self.pipelines.len()) as u32
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
    /// The pipelines each day runs, by output table.
    pub pipelines: Vec<String>,
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
