//! Messages of the backfill lab: a simulated backfill of either history model at any
//! scale, scheduled from task costs measured in this warehouse.

use serde::{Deserialize, Serialize};

/// Which way of keeping history a backfill rebuilds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Model {
    /// Daily snapshots: every day's tasks stand alone.
    Datestamp,
    /// SCD2: each day's merge needs the previous day's state (`depends_on_past`).
    Scd2,
}

/// What an SCD2 backfill does when a day fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scd2Policy {
    /// Rewind to the first day and replay the whole range: nothing done so far is trusted.
    StartOver,
    /// Retry the failed day and carry on from there.
    Resume,
}

/// Failures to inject into a simulated backfill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FailurePlan {
    /// Every task succeeds.
    None,
    /// The relationships task of this day (0-based) fails on its first attempt.
    OnDay(u32),
    /// Every attempt fails with probability `p`, drawn from the simulation's seed.
    Random {
        /// Failure probability per attempt, 0 to 0.5.
        p: f64,
    },
}

/// A simulated backfill of both models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulationRequest {
    /// Days in the backfill, 1 to 1826 (five years).
    pub days: u32,
    /// Tasks that may run at once, 1 to 256.
    pub concurrency: u32,
    /// Seed for task durations and random failures.
    pub seed: u64,
    /// Failures to inject.
    pub failures: FailurePlan,
    /// What SCD2 does on a failure.
    pub policy: Scd2Policy,
}

/// How one attempt of a task ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttemptStatus {
    /// Finished, first time.
    Done,
    /// Failed.
    Failed,
    /// Finished after an earlier attempt failed.
    Retried,
    /// Finished, then thrown away when an SCD2 backfill started over.
    Discarded,
    /// Still running: a live chart's bar, from its start to now.
    Running,
}

/// One attempt of one task on one worker: a bar of the Gantt chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Worker slot, from 0.
    pub worker: u32,
    /// Day of the backfill, from 0.
    pub day: u32,
    /// Index into [`SimulatedRun::pipelines`].
    pub pipeline: u32,
    /// Start, in milliseconds from the backfill's start.
    pub start_ms: f64,
    /// End.
    pub end_ms: f64,
    /// How it ended.
    pub status: AttemptStatus,
}

/// One model's simulated backfill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulatedRun {
    /// The model.
    pub model: Model,
    /// Pipeline names, as [`Attempt::pipeline`] indexes them.
    pub pipelines: Vec<String>,
    /// Every attempt, in start order.
    pub attempts: Vec<Attempt>,
    /// Wall-clock time from start to the last task's end.
    pub makespan_ms: f64,
    /// The longest chain of dependent tasks (with their final durations).
    pub critical_path_ms: f64,
    /// Time spent on all attempts, wasted ones included.
    pub work_ms: f64,
    /// Time of attempts that failed or were thrown away.
    pub wasted_ms: f64,
    /// Busy time over `concurrency × makespan`.
    pub utilisation: f64,
    /// Tasks in the backfill.
    pub tasks: u32,
    /// Times an SCD2 backfill started over.
    pub restarts: u32,
    /// Why the backfill did not finish, if it did not.
    pub gave_up: Option<String>,
    /// The DAG of the first days, for drawing: each task and the tasks it waits for.
    pub dag_preview: Vec<DagTask>,
}

/// One task of the DAG as drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DagTask {
    /// Day, from 0.
    pub day: u32,
    /// Index into [`SimulatedRun::pipelines`].
    pub pipeline: u32,
    /// Indexes (into the preview) of the tasks it waits for.
    pub deps: Vec<u32>,
}

/// Both models' simulated backfills of the same range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Simulation {
    /// The datestamp backfill.
    pub datestamp: SimulatedRun,
    /// The SCD2 backfill.
    pub scd2: SimulatedRun,
    /// Per-pipeline mean task time the simulation drew from, in ms, as measured.
    pub mean_task_ms: Vec<(String, f64)>,
    /// Days the task times were measured on.
    pub measured_days: u32,
}

/// One Parquet file of a `ds` partition, as it travels between workers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionBytes {
    /// Table name.
    pub table: String,
    /// Partition date.
    pub ds: String,
    /// The whole file.
    #[serde(with = "serde_bytes")]
    pub parquet: Vec<u8>,
}

/// A real SCD2 backfill: rewind to the day before, then replay every later day in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scd2Backfill {
    /// First day replayed.
    pub from: String,
    /// Days replayed (the first day to the last).
    pub days: u32,
    /// Rewinding the three tables, in ms.
    pub rewind_ms: f64,
    /// Every merge, in order, in ms.
    pub merge_ms: Vec<f64>,
    /// From the rewind to the last merge, in ms.
    pub wall_ms: f64,
    /// SCD2 tables rebuilt.
    pub tables: u32,
    /// Of those, byte-identical to the ones the build wrote.
    pub identical: u32,
    /// Days of `agg_daily_scd2` recomputed downstream: every day replayed, since nothing
    /// says which days the rewritten history changed.
    pub downstream_days: u32,
    /// The rewind statement of `dim_users_scd2`, as a template.
    pub rewind_sql: String,
}

/// The bug-fix scenario's state: which days were broken, and where the daily
/// mutual-follows metric is wrong now, per model (checked against the raw snapshots).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BugReport {
    /// The days `dim_relationships` was built with `is_mutual` inverted.
    pub bad_days: Vec<String>,
    /// Days whose metric is wrong in the datestamp model.
    pub wrong_datestamp: Vec<String>,
    /// Days whose metric is wrong in the SCD2 model.
    pub wrong_scd2: Vec<String>,
    /// Days whose stored daily aggregate (`agg_daily`) is wrong.
    pub wrong_aggregate_datestamp: Vec<String>,
    /// Days whose stored daily aggregate (`agg_daily_scd2`) is wrong.
    pub wrong_aggregate_scd2: Vec<String>,
    /// Whether the retention question's answer is the clean build's, per model.
    pub retention_right: (bool, bool),
}

/// A retention window applied to the raw tables: production keeps only the last days,
/// and what each model can still do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionReport {
    /// Days of raw snapshots kept.
    pub keep_days: u32,
    /// The first day still held raw.
    pub kept_from: String,
    /// Raw partitions dropped.
    pub dropped: u32,
    /// The first day of the warehouse, now outside the window.
    pub oldest_day: String,
    /// `dim_users` rows on the oldest day: the datestamped tables still answer it.
    pub datestamped_rows_then: u64,
    /// Why an SCD2 rebuild from the oldest day is refused (`None` if it was not).
    pub scd2_rebuild_refused: Option<String>,
}

/// One pipeline of a real backfill on the pool: the table it writes a `ds` partition of,
/// the tables whose same-day partitions it reads, and its statement when it is a
/// learner's (a built-in pipeline's statement lives in the engine).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskPipeline {
    /// Output table.
    pub table: String,
    /// Tables it reads, one `ds` partition of each.
    pub sources: Vec<String>,
    /// A learner's statement, with `{{ ds }}`; `None` for a built-in pipeline.
    pub sql: Option<String>,
}

/// A learner's datestamp pipeline: a new table and the `SELECT` that builds one day of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPipeline {
    /// The new table's name.
    pub table: String,
    /// A `SELECT` with `{{ ds }}` over raw or datestamped tables.
    pub sql: String,
}

/// What a real backfill runs: its pipelines, every input partition, and what the same
/// backfill would cost in SCD2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackfillPlan {
    /// The pipelines each day runs, in order.
    pub pipelines: Vec<TaskPipeline>,
    /// Every day's input partitions.
    pub inputs: Vec<PartitionBytes>,
    /// One SCD2 merge of `dim_users_scd2`, as measured in the build (mean, ms): what each
    /// day of a sequential SCD2 backfill of a new table would cost at least.
    pub scd2_merge_ms: f64,
}

/// One SCD2 table rebuilt both ways from the same snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scd2TableCheck {
    /// The SCD2 table.
    pub table: String,
    /// Versions in the daily-merge table.
    pub chain_rows: u64,
    /// Versions in the one-pass table.
    pub one_pass_rows: u64,
    /// Every row the same, in the same order.
    pub identical: bool,
    /// All the daily merges, in milliseconds.
    pub chain_ms: f64,
    /// The one statement, in milliseconds.
    pub one_pass_ms: f64,
}

/// The one-pass SCD2 rebuild checked against the chain of daily merges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scd2RebuildCheck {
    /// Days merged one after another.
    pub days: u32,
    /// Each SCD2 table.
    pub tables: Vec<Scd2TableCheck>,
}
