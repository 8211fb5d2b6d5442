//! Backfills, scheduled: everything about running the daily pipelines over many days
//! that can be decided without an engine or a browser, so all of it is tested natively.
//!
//! - [`daily`]: the datestamp pipelines a day runs, and the table each reads.
//! - [`dag`]: which task waits for which. SCD2 merges wait for their own previous day
//!   (`depends_on_past`); datestamp tasks wait for nothing but their inputs.
//! - [`simulate`]: a seeded list scheduler over that DAG, with injected failures and the
//!   SCD2 recovery policies.
//! - [`pool`]: the real backfill's scheduler over a pool of engine workers: dispatch,
//!   retries after a crash, the attempt cap. The page only runs the workers it names.
//! - [`report`]: what a real backfill reports, attempt by attempt and in total.
//! - [`crash_plan`]: which attempts of a real backfill crash their worker.
//! - [`rng`]: the seeded hash both draw from.

pub mod crash_plan;
pub mod dag;
pub mod daily;
pub mod pool;
pub mod report;
pub mod rng;
pub mod simulate;

pub use crash_plan::{CrashPlan, RandomCrashes};
pub use dag::{Dag, TaskSpec};
pub use daily::{datestamp_pipelines, DailyTable, DATESTAMP_AGGREGATE, DATESTAMP_TABLES, SCD2_AGGREGATE};
pub use pool::{Command, Pool, PoolEvent, PROGRESS_EVERY_MS};
pub use report::{LiveRun, RealReport, TaskBar};
pub use simulate::{simulate, MAX_ATTEMPTS, MAX_RESTARTS};
