//! The backfill lab: the daily pipelines as a DAG of tasks, and a discrete-event
//! simulation of backfilling either history model at any scale and concurrency.
//!
//! - [`dag`]: which task waits for which. SCD2 merges wait for their own previous day
//!   (`depends_on_past`); datestamp tasks wait for nothing but their inputs.
//! - [`simulate`]: a seeded list scheduler over that DAG, with injected failures and
//!   the SCD2 recovery policies.

mod bugfix;
pub mod dag;
mod lab;
mod real;
pub mod simulate;

pub use bugfix::{bad_days, BUG_DAYS};
pub use dag::{Dag, TaskSpec};
pub use lab::{MAX_CONCURRENCY, MAX_DAYS};
pub use simulate::simulate;
