//! Backfills in this warehouse. The scheduling itself (the DAG, the simulator, the real
//! pool's state machine) is `playground_backfill`, with no engine; here is what needs
//! the warehouse:
//!
//! - [`lab`](self): a simulation with task times measured in this warehouse.
//! - `daily_costs`: those task times, from the daily statements rerun on sample days.
//! - `real`: a real datestamp backfill's tasks and outputs; the SCD2 rewind and replay.
//! - `new_table`: a learner's new pipeline, checked, and every backfill's inputs.
//! - `bugfix`: the planted bug, the metric and the aggregate it breaks downstream.
//! - `retention`: a retention window on the raw tables, and what each model can still do.
//! - `scd2_check`: the one-pass SCD2 rebuild checked against the daily merge chain.

mod bugfix;
mod daily_costs;
mod lab;
mod new_table;
mod real;
mod retention;
mod scd2_check;

pub use bugfix::{bad_days, BUG_DAYS};
pub use daily_costs::{sample_days, SAMPLE_DAYS};
pub use lab::{MAX_CONCURRENCY, MAX_DAYS};
pub use playground_backfill::{dag, simulate, Dag, TaskSpec};
