//! The playground's warehouse engine: Hive-partitioned Parquet held in memory and
//! queried by Apache DataFusion. It knows nothing of the browser; the worker crate
//! wraps it for wasm, and `cargo test` exercises it natively.
//!
//! Tables are stored as `<table>/ds=YYYY-MM-DD/part-0.parquet` objects in an in-memory
//! object store and registered as DataFusion listing tables partitioned by `ds`, so a
//! filter on `ds` prunes partitions inside DataFusion's own planner.
//!
//! ```
//! # futures::executor::block_on(async {
//! use playground_engine::Warehouse;
//! let mut wh = Warehouse::new().unwrap();
//! wh.load_demo().await.unwrap();
//! let r = wh
//!     .run("SELECT count(*) AS n FROM demo_events WHERE ds = '2024-10-02'", 10)
//!     .await
//!     .unwrap();
//! assert_eq!(r.columns[0].values.display(0).as_deref(), Some("800"));
//! # });
//! ```

mod arrow_tables;
pub mod backfill;
mod columns;
pub mod compare;
pub mod demo;
mod error;
pub mod export;
pub mod fixtures;
mod history_cost;
pub mod import;
pub mod layout;
mod metrics;
pub mod parquet_io;
pub mod pipelines;
mod query;
pub mod social;
mod warehouse;

pub use error::to_engine_error;
pub use metrics::wasm_memory_bytes;
pub use playground_protocol as protocol;
pub use query::shape as query_shape;
pub use warehouse::{Warehouse, MEMORY_BUDGET};

/// Milliseconds since `t`, for the timings the engine reports.
pub(crate) fn ms_since(t: datafusion::common::instant::Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
