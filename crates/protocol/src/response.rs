//! What the engine answers.

use serde::{Deserialize, Serialize};

use crate::{
    BackfillPlan, BugReport, CatalogInfo, Comparison, EngineError, ExportedFile, FollowerSeries, HistoryCost,
    ImportPreview, PartitionBytes, QueryResult, RetentionReport, Scd2Backfill, Scd2RebuildCheck, Simulation,
    WarehouseChanges,
};

/// What the engine answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// Sent once by a freshly started worker, before any request.
    Ready,
    /// A load finished; carries the catalog after it.
    Loaded {
        /// What the load added.
        summary: String,
        /// The catalog after the load.
        catalog: CatalogInfo,
    },
    /// A long load moved on; more messages follow for the same request.
    Progress {
        /// Steps done.
        done: u32,
        /// Steps in all.
        total: u32,
        /// What the last step was, e.g. the day just built.
        step: String,
    },
    /// What the request changed in the warehouse, sent before its answer so the page can
    /// restore a new worker to the same state.
    Changed(WarehouseChanges),
    /// The catalog, as asked.
    Catalog(CatalogInfo),
    /// A query's rows and metrics.
    Query(QueryResult),
    /// A physical plan as indented text.
    Plan(String),
    /// Both sides of a comparison and the verdict.
    Compared(Comparison),
    /// The cost of history, as asked.
    HistoryCost(HistoryCost),
    /// The fast growers' follower counts, as asked.
    CohortGrowth(Vec<FollowerSeries>),
    /// A simulated backfill of both models.
    Simulated(Simulation),
    /// A real backfill's pipelines and inputs, as asked.
    BackfillPlanned(BackfillPlan),
    /// A pool worker's task finished.
    TaskDone {
        /// The partition it wrote.
        output: PartitionBytes,
        /// Time inside the engine: loading the inputs, running, encoding.
        ms: f64,
    },
    /// Where the daily metric is wrong, after planting the bug or after a check.
    Bug(BugReport),
    /// An SCD2 backfill finished.
    Scd2Backfilled(Scd2Backfill),
    /// Outputs swapped in.
    Stored {
        /// Partitions stored.
        partitions: u32,
        /// Of those, byte-identical to the partitions they replaced.
        identical: u32,
        /// Days of the downstream aggregate recomputed from the stored dimensions.
        downstream: Vec<String>,
    },
    /// A retention window was applied to the raw tables.
    Retention(RetentionReport),
    /// The one-pass SCD2 tables checked against the daily merges.
    Scd2Checked(Scd2RebuildCheck),
    /// What an import would load; the files wait in the engine for the go-ahead.
    ImportPreview(ImportPreview),
    /// A file made for the person to save.
    Exported(ExportedFile),
    /// The size of the engine's WebAssembly memory.
    MemoryUsage {
        /// Bytes of linear memory (its high-water mark); `None` when not running as wasm.
        wasm_bytes: Option<u64>,
    },
    /// The request failed; the warehouse is unchanged.
    Error(EngineError),
    /// The worker could not start its engine and takes no requests.
    Unavailable(String),
    /// The engine panicked; the worker is about to die and must be restarted.
    Crashed(String),
}

impl Response {
    /// Whether the answer carries Parquet bytes, which move across `postMessage` instead
    /// of being copied.
    pub fn carries_files(&self) -> bool {
        matches!(
            self,
            Response::TaskDone { .. } | Response::BackfillPlanned(_) | Response::Changed(_) | Response::Exported(_)
        )
    }

    /// Whether more messages follow for the same request.
    pub fn is_interim(&self) -> bool {
        matches!(self, Response::Progress { .. } | Response::Changed(_))
    }
}
