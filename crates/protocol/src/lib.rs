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
mod compare;
mod history;
#[cfg(feature = "transfer")]
pub mod transfer;
pub use backfill::{
    Attempt, AttemptStatus, BugReport, DagTask, FailurePlan, Model, PartitionBytes, Scd2Backfill, Scd2Policy,
    SimulatedRun, Simulation, SimulationRequest,
};
pub use compare::{
    CompareRequest, Comparison, DiffRow, SideOutcome, SideResult, Verdict, COMPARE_ROW_LIMIT, DEFAULT_RUNS,
};
pub use history::{FollowerSeries, HistoryCost, LookupCost, StoragePoint};

/// A message with the id that pairs a request with its response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// Chosen by the UI; echoed back unchanged by the worker.
    pub id: u64,
    /// The request or response itself.
    pub body: T,
}

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
    /// The raw partitions the datestamp pipelines read for these days.
    ExportInputs {
        /// Days, `YYYY-MM-DD`.
        days: Vec<String>,
    },
    /// Run one datestamp pipeline for one day on these inputs (in a pool worker's own
    /// warehouse) and send back the partition it wrote.
    RunTask {
        /// Output table of the pipeline, e.g. `dim_users`.
        pipeline: String,
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
    /// Follower counts over time of the users who had under 200 followers on `past` and
    /// 1000+ on `today`.
    CohortGrowth {
        /// "Now".
        today: String,
        /// "Three months ago".
        past: String,
    },
}

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
    /// Raw partitions, as asked.
    Exported(Vec<PartitionBytes>),
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
    },
    /// The size of the engine's WebAssembly memory.
    MemoryUsage {
        /// Bytes of linear memory (its high-water mark); `None` when not running as wasm.
        wasm_bytes: Option<u64>,
    },
    /// The request failed; the warehouse is unchanged.
    Error(EngineError),
    /// The engine panicked; the worker is about to die and must be restarted.
    Crashed(String),
}

/// An error the user should read, with the SQL position when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineError {
    /// Which stage failed.
    pub kind: ErrorKind,
    /// The message, as DataFusion (or our validation) wrote it.
    pub message: String,
    /// 1-based line and column in the SQL text, when known.
    pub position: Option<SqlPosition>,
}

/// The stage an [`EngineError`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// The SQL did not parse.
    Syntax,
    /// The SQL parsed but could not be planned (unknown table or column, type errors).
    Plan,
    /// Planning worked but running failed (out of memory, bad data).
    Execution,
    /// A statement the playground does not allow (DDL, DML, SET).
    NotAllowed,
    /// A bad load: table name, date, file or schema.
    BadInput,
}

/// A 1-based position in the SQL text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlPosition {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// Tables, their columns and partitions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogInfo {
    /// Sorted by name.
    pub tables: Vec<TableInfo>,
}

/// One table of the warehouse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableInfo {
    /// Table name as used in SQL.
    pub name: String,
    /// Columns in schema order, the `ds` partition column last.
    pub columns: Vec<ColumnInfo>,
    /// Partitioned by `ds` (one file per day), or a single file for the whole table.
    pub partitioned: bool,
    /// Partitions sorted by date; an unpartitioned table has one entry with an empty `ds`.
    pub partitions: Vec<PartitionInfo>,
}

/// How a table keeps history, told by the warehouse's naming convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HistoryModel {
    /// Raw daily snapshots as they land from production (`users`, `devices`, ...).
    Raw,
    /// Datestamped tables built from them: a full snapshot per `ds` (`dim_*`, `fct_*`).
    Datestamped,
    /// One row per version with `valid_from`, `valid_to`, `is_current` (`*_scd2`).
    Scd2,
    /// Overwritten daily, no history (`*_current`).
    Scd1,
    /// Anything else, such as the demo table.
    Other,
}

impl HistoryModel {
    /// Every model, in the order the catalog lists them.
    pub const ALL: [HistoryModel; 5] =
        [HistoryModel::Raw, HistoryModel::Datestamped, HistoryModel::Scd2, HistoryModel::Scd1, HistoryModel::Other];

    /// A heading for people.
    pub fn label(self) -> &'static str {
        match self {
            HistoryModel::Raw => "Raw daily snapshots",
            HistoryModel::Datestamped => "Datestamped (ds partitions)",
            HistoryModel::Scd2 => "SCD2 (valid_from / valid_to)",
            HistoryModel::Scd1 => "SCD1 (overwritten daily)",
            HistoryModel::Other => "Other",
        }
    }
}

/// The raw snapshot tables, as they land from production each day.
pub const RAW_TABLES: [&str; 4] = ["users", "devices", "relationships", "post_views"];

impl TableInfo {
    /// The history model this table belongs to.
    ///
    /// ```
    /// use playground_protocol::{HistoryModel, TableInfo};
    /// let t = |name: &str| TableInfo { name: name.into(), columns: vec![], partitioned: true, partitions: vec![] };
    /// assert_eq!(t("dim_users").model(), HistoryModel::Datestamped);
    /// assert_eq!(t("dim_users_scd2").model(), HistoryModel::Scd2);
    /// assert_eq!(t("dim_users_current").model(), HistoryModel::Scd1);
    /// assert_eq!(t("users").model(), HistoryModel::Raw);
    /// ```
    pub fn model(&self) -> HistoryModel {
        let n = self.name.as_str();
        if n.ends_with("_scd2") {
            HistoryModel::Scd2
        } else if n.ends_with("_current") {
            HistoryModel::Scd1
        } else if RAW_TABLES.contains(&n) {
            HistoryModel::Raw
        } else if self.partitioned && (n.starts_with("dim_") || n.starts_with("fct_")) {
            HistoryModel::Datestamped
        } else {
            HistoryModel::Other
        }
    }

    /// Rows over all partitions.
    pub fn rows(&self) -> u64 {
        self.partitions.iter().map(|p| p.rows).sum()
    }
    /// Parquet bytes over all partitions.
    pub fn bytes(&self) -> u64 {
        self.partitions.iter().map(|p| p.bytes).sum()
    }
}

/// A column name and its Arrow type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnInfo {
    /// Column name.
    pub name: String,
    /// Arrow data type, as Arrow prints it (e.g. `Int64`, `Utf8`).
    pub data_type: String,
}

/// One `ds=YYYY-MM-DD` partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionInfo {
    /// The partition date.
    pub ds: String,
    /// Rows in its Parquet file.
    pub rows: u64,
    /// Size of its Parquet file.
    pub bytes: u64,
}

/// A query's kept rows, total row count and metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryResult {
    /// Result columns holding the first `kept_rows` rows.
    pub columns: Vec<Column>,
    /// Rows held in `columns`.
    pub kept_rows: usize,
    /// Rows the query produced in all.
    pub total_rows: u64,
    /// What the execution cost.
    pub metrics: QueryMetrics,
    /// The executed physical plan, annotated with its metrics.
    pub plan_with_metrics: String,
}

/// One result column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Arrow data type as Arrow prints it.
    pub data_type: String,
    /// The values, typed.
    pub values: ColumnValues,
}

/// Column values in the smallest faithful form. Types with no variant of their own
/// (dates, timestamps, decimals, lists) travel as text formatted by Arrow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ColumnValues {
    /// Signed and unsigned integers that fit in `i64`.
    Int(Vec<Option<i64>>),
    /// Floating point numbers.
    Float(Vec<Option<f64>>),
    /// Booleans.
    Bool(Vec<Option<bool>>),
    /// Strings, and every other type as Arrow formats it.
    Text(Vec<Option<String>>),
}

impl ColumnValues {
    /// Whether the column holds numbers (the grid right-aligns those).
    pub fn is_numeric(&self) -> bool {
        matches!(self, ColumnValues::Int(_) | ColumnValues::Float(_))
    }

    /// The value at `row` as display text; `None` for SQL NULL.
    ///
    /// ```
    /// use playground_protocol::ColumnValues;
    /// let v = ColumnValues::Int(vec![Some(3), None]);
    /// assert_eq!(v.display(0).as_deref(), Some("3"));
    /// assert_eq!(v.display(1), None);
    /// ```
    pub fn display(&self, row: usize) -> Option<String> {
        match self {
            ColumnValues::Int(v) => v.get(row).copied().flatten().map(|x| x.to_string()),
            ColumnValues::Float(v) => v.get(row).copied().flatten().map(|x| x.to_string()),
            ColumnValues::Bool(v) => v.get(row).copied().flatten().map(|x| x.to_string()),
            ColumnValues::Text(v) => v.get(row).cloned().flatten(),
        }
    }
}

/// Execution metrics of one query, read from DataFusion's plan metrics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryMetrics {
    /// Wall-clock time from SQL text to last batch, in milliseconds.
    pub elapsed_ms: f64,
    /// Rows in the result.
    pub output_rows: u64,
    /// Rows produced by the table scans.
    pub rows_scanned: u64,
    /// Bytes the Parquet readers fetched.
    pub bytes_scanned: u64,
    /// Partitions of the scanned tables, all of them.
    pub partitions_total: u64,
    /// Partitions the scans actually read.
    pub partitions_scanned: u64,
    /// Partitions listed for a scan but skipped whole from their Parquet statistics
    /// (counted in [`QueryMetrics::partitions_pruned`] too).
    pub files_pruned: u64,
    /// Row groups skipped from Parquet statistics.
    pub row_groups_pruned: u64,
    /// The query read tables but no file: DataFusion answered it (a `count(*)`, `min`,
    /// `max`) from the Parquet statistics it keeps per file.
    pub answered_from_statistics: bool,
    /// Row groups that had to be read.
    pub row_groups_matched: u64,
}

impl CatalogInfo {
    /// Bytes, rows and files of every table of one model.
    pub fn storage_of(&self, model: HistoryModel) -> Storage {
        self.tables.iter().filter(|t| t.model() == model).fold(Storage::default(), |s, t| Storage {
            tables: s.tables + 1,
            bytes: s.bytes + t.bytes(),
            rows: s.rows + t.rows(),
            files: s.files + t.partitions.len() as u64,
        })
    }
}

/// What a set of tables occupies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Storage {
    /// Tables counted.
    pub tables: u64,
    /// Parquet bytes.
    pub bytes: u64,
    /// Rows.
    pub rows: u64,
    /// Parquet files (partitions).
    pub files: u64,
}

impl QueryMetrics {
    /// Partitions skipped by pruning.
    pub fn partitions_pruned(&self) -> u64 {
        self.partitions_total.saturating_sub(self.partitions_scanned)
    }
}

/// Parameters of the generator. Same parameters, same bytes.
///
/// ```
/// use playground_protocol::SocialParams;
/// let p = SocialParams::default();
/// assert_eq!((p.users, p.days), (10_000, 120));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SocialParams {
    /// Seed of every random choice.
    pub seed: u64,
    /// Number of users.
    pub users: u32,
    /// First snapshot day, `YYYY-MM-DD`.
    pub start: String,
    /// Number of daily snapshots.
    pub days: u32,
    /// Share of users who grow from under 200 to 1000+ followers in the last three months.
    pub fast_growers: f64,
    /// Share of users whose follower count creeps up.
    pub steady_growers: f64,
    /// Share of users who slowly lose followers.
    pub decliners: f64,
}

impl Default for SocialParams {
    /// 10,000 users over 120 days ending 2025-01-16. At about 3% of users changing per
    /// day, the SCD2 tables stay near 50k rows while the daily snapshots hold 1.2M user
    /// rows: sparse change, as in a real product, and the tradeoff the playground shows.
    fn default() -> Self {
        Self {
            seed: 42,
            users: 10_000,
            start: "2024-09-19".into(),
            days: 120,
            fast_growers: 0.006,
            steady_growers: 0.12,
            decliners: 0.05,
        }
    }
}

impl SocialParams {
    /// A small network for tests and fixtures: 200 users over 30 days.
    pub fn small() -> Self {
        Self { users: 200, days: 30, start: "2024-12-18".into(), fast_growers: 0.05, ..Self::default() }
    }
}
