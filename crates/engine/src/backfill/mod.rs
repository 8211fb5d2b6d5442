//! Backfills in this warehouse. The scheduling itself (the DAG, the simulator, the real
//! pool's state machine) is `playground_backfill`, with no engine; here is what needs
//! the warehouse:
//!
//! - [`lab`](self): a simulation with task times measured in this warehouse.
//! - `real`: a real datestamp backfill's inputs, tasks and outputs; the SCD2 rewind and
//!   replay.
//! - `bugfix`: the planted bug and the metric it breaks.

mod bugfix;
mod lab;
mod real;

pub use bugfix::{bad_days, BUG_DAYS};
pub use lab::{MAX_CONCURRENCY, MAX_DAYS};
pub use playground_backfill::{dag, simulate, Dag, TaskSpec};
