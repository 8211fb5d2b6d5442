//! Backfills in this warehouse. The scheduling itself (the DAG, the simulator, the real
//! pool's state machine) is `playground_backfill`, with no engine; here is what needs
//! the warehouse:
//!
//! - [`lab`](self): a simulation with task times measured in this warehouse.
//! - `real`: a real datestamp backfill's tasks and outputs; the SCD2 rewind and replay.
//! - `new_table`: a learner's new pipeline, checked, and every backfill's inputs.
//! - `bugfix`: the planted bug, the metric and the aggregate it breaks downstream.
//! - `retention`: a retention window on the raw tables, and what each model can still do.

mod bugfix;
mod lab;
mod new_table;
mod real;
mod retention;

pub use bugfix::{bad_days, BUG_DAYS};
pub use lab::{MAX_CONCURRENCY, MAX_DAYS};
pub use playground_backfill::{dag, simulate, Dag, TaskSpec};
