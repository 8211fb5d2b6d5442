//! What the page asks of the engine.

use serde::{Deserialize, Serialize};

use crate::{
    CompareRequest, ExportFormat, ImportFile, NewPipeline, PartitionBytes, SimulationRequest, SocialParams,
    TaskPipeline, WarehouseImage,
};

/// What the UI asks of the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Build the small built-in demo table (`demo_events`, one partition per day).
    LoadDemo,
    /// Add or replace one `ds` partition of a table with the given Parquet file.
    LoadPartition {
        /// Table name, e.g. `dim_users`.
        table: String,
        /// Partition date, `YYYY-MM-DD`.
        ds: String,
        /// The whole Parquet file.
        #[serde(with = "serde_bytes")]
        parquet: Vec<u8>,
    },
    /// Add or replace a whole unpartitioned table (an SCD2 or SCD1 table) with the given
    /// Parquet file.
    LoadTable {
        /// Table name, e.g. `dim_users_scd2`.
        table: String,
        /// The whole Parquet file.
        #[serde(with = "serde_bytes")]
        parquet: Vec<u8>,
    },
    /// Generate the social network and build every table of both history models with
    /// the daily pipelines. Replaces the social tables; on bad parameters nothing changes.
    LoadSocial {
        /// Generator parameters.
        params: SocialParams,
    },
    /// List tables, columns and partitions.
    Catalog,
    /// Run a read-only SQL query and return its first `max_rows` rows plus metrics.
    Run {
        /// The SQL text as typed.
        sql: String,
        /// How many rows to send back; the rest are counted, not kept.
        max_rows: usize,
    },
    /// Plan a query without running it and return the physical plan.
    Explain {
        /// The SQL text as typed.
        sql: String,
    },
    /// Run two queries side by side, several times each, and compare their results.
    Compare(CompareRequest),
    /// Storage growth of each model and the cost of one point-in-time lookup in each.
    HistoryCost {
        /// The day looked up.
        date: String,
        /// Timed runs per lookup (1 to 20).
        runs: u32,
    },
    /// Simulate a backfill of both models with task costs measured in this warehouse.
    Simulate(SimulationRequest),
    /// Plan a real backfill of these days: the built-in datestamp pipelines, or a
    /// learner's new pipeline (checked first), with every input partition they read.
    PlanBackfill {
        /// Days, `YYYY-MM-DD`.
        days: Vec<String>,
        /// A learner's pipeline instead of the built-in ones.
        new_pipeline: Option<NewPipeline>,
    },
    /// Run one datestamp pipeline for one day on these inputs (in a pool worker's own
    /// warehouse) and send back the partition it wrote.
    RunTask {
        /// The pipeline.
        pipeline: TaskPipeline,
        /// The day.
        ds: String,
        /// The raw partitions it reads.
        inputs: Vec<PartitionBytes>,
        /// Crash the worker instead, as an injected failure.
        crash: bool,
    },
    /// Plant the bug: two weeks of `dim_relationships` built with `is_mutual` inverted, in
    /// both models, as a broken pipeline would have left them.
    PlantBug,
    /// Check the daily mutual-follows metric of both models against the raw snapshots.
    CheckMetric,
    /// Backfill the SCD2 tables from this day: rewind, then replay every later day.
    BackfillScd2 {
        /// First day to replay.
        from: String,
    },
    /// Rebuild the SCD2 tables with the chain of daily merges in a scratch warehouse and
    /// check them against the one-pass tables the build made.
    CheckScd2Rebuild,
    /// Keep only the last `keep_days` days of the raw tables, as production would, and
    /// report what each model can still do.
    ApplyRetention {
        /// Days of raw snapshots to keep.
        keep_days: u32,
    },
    /// Swap these partitions in, each whole, saying which are byte-identical to the ones
    /// they replace.
    StoreOutputs(Vec<PartitionBytes>),
    /// Register an in-memory table holding the rows of an Arrow IPC stream (the
    /// benchmark's like-for-like mode against engines that load Arrow).
    LoadArrowIpc {
        /// Table name; must not be a Parquet table of the warehouse.
        table: String,
        /// The whole IPC stream.
        #[serde(with = "serde_bytes")]
        ipc: Vec<u8>,
    },
    /// The engine's WebAssembly memory, for the benchmark.
    MemoryUsage,
    /// Load this image into an empty warehouse: how a restarted worker gets back the
    /// warehouse as it stood.
    Restore(WarehouseImage),
    /// Read files the person picked, check them, and say what importing them would load.
    /// The checked files are kept aside for [`Request::Import`]; nothing changes yet.
    PreviewImport {
        /// The files, with their paths in the folder picked.
        files: Vec<ImportFile>,
    },
    /// Load the files of the last preview as a new table of this name.
    Import {
        /// Table name; must not exist yet.
        table: String,
    },
    /// Forget the files of the last preview.
    CancelImport,
    /// Remove a table the person imported (the built tables stay).
    DropTable {
        /// Table name.
        table: String,
    },
    /// Run a query and write its whole result as a file.
    ExportResult {
        /// The SQL text as typed.
        sql: String,
        /// CSV or Parquet.
        format: ExportFormat,
    },
    /// The whole warehouse as a zip: Hive-partitioned Parquet, the SQL of every pipeline
    /// and question, set-up SQL for other engines, the playground's answers, a README.
    ExportWarehouse,
    /// Replace the warehouse with the one a zip from [`Request::ExportWarehouse`] holds.
    ImportWarehouse {
        /// The whole zip.
        #[serde(with = "serde_bytes")]
        zip: Vec<u8>,
    },
    /// Follower counts over time of the users who had under 200 followers on `past` and
    /// 1000+ on `today`.
    CohortGrowth {
        /// "Now".
        today: String,
        /// "Three months ago".
        past: String,
    },
}

impl Request {
    /// Whether the request carries Parquet bytes, which move across `postMessage` instead
    /// of being copied.
    pub fn carries_files(&self) -> bool {
        matches!(
            self,
            Request::LoadPartition { .. }
                | Request::LoadTable { .. }
                | Request::LoadArrowIpc { .. }
                | Request::RunTask { .. }
                | Request::StoreOutputs(_)
                | Request::Restore(_)
                | Request::PreviewImport { .. }
                | Request::ImportWarehouse { .. }
        )
    }

    /// Whether the engine reports what this request changed ([`crate::Response::Changed`]).
    /// A pool task's warehouse is scratch space, and a restore changes nothing the page
    /// does not already hold.
    pub fn reports_changes(&self) -> bool {
        !matches!(self, Request::RunTask { .. } | Request::Restore(_))
    }
}
