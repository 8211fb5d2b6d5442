//! Typed messages between the playground UI (main thread) and the engine (Web Worker).
//!
//! Both sides depend on this crate and nothing heavier, so the UI bundle stays free of
//! DataFusion. Results travel as typed columns ([`ColumnValues`]), not as strings per cell,
//! and Parquet uploads travel as one byte buffer (a `Uint8Array` in the browser).
//!
//! ```
//! use playground_protocol::{Envelope, Request};
//! let msg = Envelope { id: 7, body: Request::Catalog };
//! assert_eq!(msg.id, 7);
//! ```

use serde::{Deserialize, Serialize};

mod backfill;
mod catalog;
mod compare;
mod error;
mod history;
mod image;
mod import;
mod lifecycle;
mod numbers;
mod request;
mod response;
mod result;
mod social;
pub mod stored;
mod time_limit;
#[cfg(feature = "transfer")]
pub mod transfer;
pub use backfill::{
    Attempt, AttemptStatus, BackfillPlan, BugReport, DagTask, FailurePlan, Model, NewPipeline, PartitionBytes,
    RetentionReport, Scd2Backfill, Scd2Policy, Scd2RebuildCheck, Scd2TableCheck, SimulatedRun, Simulation,
    SimulationRequest, TaskPipeline,
};
pub use catalog::{CatalogInfo, ColumnInfo, HistoryModel, PartitionInfo, Storage, TableInfo, RAW_TABLES};
pub use compare::{
    CompareRequest, Comparison, DiffRow, SideOutcome, SideResult, Verdict, COMPARE_ROW_LIMIT, DEFAULT_RUNS,
};
pub use error::{EngineError, ErrorKind, SqlPosition};
pub use history::{FollowerSeries, HistoryCost, LookupCost, StoragePoint};
pub use image::{FileKey, LabMemory, StoredFile, WarehouseChanges, WarehouseImage};
pub use import::{ExportFormat, ExportedFile, ImportColumn, ImportFile, ImportPreview, MAX_IMPORT_BYTES};
pub use lifecycle::{Lifecycle, Restarted, Step, MAX_CRASHES_IN_A_ROW};
pub use numbers::{median, thousands};
pub use request::Request;
pub use response::Response;
pub use result::{Column, ColumnValues, QueryMetrics, QueryResult};
pub use social::SocialParams;
pub use time_limit::TimeLimit;

/// A message with the id that pairs a request with its response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// Chosen by the UI; echoed back unchanged by the worker.
    pub id: u64,
    /// The request or response itself.
    pub body: T,
}
