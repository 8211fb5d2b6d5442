//! The warehouse: an in-memory object store of Parquet partitions and the DataFusion
//! session that reads them, with what the lab remembers beside them.
//!
//! - [`store`]: files in and out of the object store, checked and registered.
//! - [`dispatch`]: one protocol request in, its answer out.
//! - [`image`]: the warehouse as stored bytes, for the page to restore a new worker.
//! - [`memory`]: one memory budget for queries and what the warehouse holds.

mod dispatch;
mod image;
mod memory;
mod store;

pub use memory::MEMORY_BUDGET;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use bytes::Bytes;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::datasource::MemTable;
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};
use object_store::memory::InMemory;
use playground_protocol::{CatalogInfo, ColumnInfo, EngineError, PartitionInfo, SocialParams, StoragePoint, TableInfo};

use crate::error::{bad_input, to_engine_error};
use crate::layout::PARTITION_COLUMN;
use crate::social::{build_social, BuildProgress};

/// Memory DataFusion may use for one query's joins, sorts and aggregates. Past it the
/// query fails with a message instead of growing until the browser kills the tab.
const QUERY_MEMORY_LIMIT: usize = 1 << 30;

/// The URL the in-memory object store is registered under.
const STORE_URL: &str = "memory://";

/// A set of `ds`-partitioned tables held as Parquet bytes, queryable with SQL.
///
/// ```
/// # futures::executor::block_on(async {
/// use playground_engine::Warehouse;
/// let mut wh = Warehouse::new().unwrap();
/// wh.load_demo().await.unwrap();
/// let demo = &wh.catalog().tables[0];
/// assert_eq!(demo.name, "demo_events");
/// assert_eq!(demo.partitions.len(), 7);
/// # });
/// ```
pub struct Warehouse {
    ctx: SessionContext,
    store: Arc<InMemory>,
    tables: BTreeMap<String, StoredTable>,
    /// Storage of each history model after each day of the last social build.
    storage_growth: Vec<StoragePoint>,
    /// Daily run times of each pipeline on sample days, by output table.
    task_ms: BTreeMap<String, Vec<f64>>,
    /// The social network the warehouse was built from.
    pub(crate) network: Option<SocialParams>,
    /// Clean-build bytes of the files the bug-fix scenario broke, by table and `ds`.
    pub(crate) clean: BTreeMap<(String, Option<String>), Bytes>,
    /// The days the planted bug broke.
    pub(crate) bad_days: Vec<String>,
    /// The retention question's clean answer (CSV), kept when the bug was planted.
    pub(crate) clean_answer: Option<String>,
    /// The tables the person imported.
    pub(crate) imported: BTreeSet<String>,
    /// Files an import preview checked, waiting for the go-ahead.
    pub(crate) staged: Option<crate::import::Staged>,
    /// Changes not yet reported to the page.
    pending: image::Pending,
    /// Bytes held outside DataFusion's pool, which its pool counts against the budget.
    held: memory::Held,
    pool: Arc<memory::BudgetPool>,
}

pub(crate) struct StoredTable {
    /// Schema of the Parquet files, without the `ds` partition column.
    file_schema: SchemaRef,
    /// Partitioned by `ds`, or one file for the whole table.
    partitioned: bool,
    partitions: BTreeMap<String, PartitionInfo>,
}

impl Warehouse {
    /// An empty warehouse with a single-partition DataFusion session (the browser has
    /// one thread per worker), a query memory limit, no spilling to disk and no listing
    /// cache, so a newly loaded partition is visible to the next query.
    pub fn new() -> Result<Self, EngineError> {
        Self::with_memory_limit(QUERY_MEMORY_LIMIT)
    }

    /// Like [`Warehouse::new`] with another per-query memory limit, in bytes.
    pub fn with_memory_limit(bytes: usize) -> Result<Self, EngineError> {
        Self::with_memory(bytes, memory::MEMORY_BUDGET)
    }

    /// Like [`Warehouse::new`] with another per-query memory limit and another budget for
    /// everything the engine holds (see [`MEMORY_BUDGET`](crate::MEMORY_BUDGET)), in bytes.
    pub fn with_memory(query_limit: usize, budget: usize) -> Result<Self, EngineError> {
        let held = memory::Held::default();
        let pool = Arc::new(memory::BudgetPool::new(query_limit, budget, held.clone()));
        let runtime = RuntimeEnvBuilder::new()
            .with_memory_pool(pool.clone())
            .with_object_list_cache_limit(0)
            .with_disk_manager_builder(DiskManagerBuilder::default().with_mode(DiskManagerMode::Disabled))
            .build_arc()
            .map_err(|e| to_engine_error(&e))?;
        let mut config = SessionConfig::new().with_target_partitions(1).with_information_schema(true);
        // Spans let plan errors (unknown column, ...) point at a line and column.
        config.options_mut().sql_parser.collect_spans = true;
        // A hash join's build keys pushed into the probe side's scan cost more than they
        // save here: partitions are not sorted by the join keys, so the filter prunes no
        // row group and only adds a check per probe row. Off, the SCD2-style retention
        // query takes 50 ms natively instead of 64 (`playground-bench levers`, README
        // "Engine speed: what was tried").
        config.options_mut().optimizer.enable_join_dynamic_filter_pushdown = false;
        let ctx = SessionContext::new_with_config_rt(config, runtime);
        let store = Arc::new(InMemory::new());
        let url = ObjectStoreUrl::parse(STORE_URL).map_err(|e| to_engine_error(&e))?;
        ctx.register_object_store(url.as_ref(), store.clone());
        crate::query::register_functions(&ctx);
        Ok(Self {
            ctx,
            store,
            tables: BTreeMap::new(),
            storage_growth: Vec::new(),
            task_ms: BTreeMap::new(),
            network: None,
            clean: BTreeMap::new(),
            bad_days: Vec::new(),
            clean_answer: None,
            imported: BTreeSet::new(),
            staged: None,
            pending: image::Pending::default(),
            held,
            pool,
        })
    }

    /// An empty warehouse with this one's memory limits: the one that replaces it.
    pub(crate) fn empty_like(&self) -> Result<Warehouse, EngineError> {
        let (query_limit, budget) = self.pool.limits();
        Warehouse::with_memory(query_limit, budget)
    }

    /// The DataFusion session, for callers that need more than [`Warehouse::run`].
    pub fn context(&self) -> &SessionContext {
        &self.ctx
    }

    /// Builds the small built-in demo table, `demo_events`, one partition per day.
    pub async fn load_demo(&mut self) -> Result<String, EngineError> {
        let days = crate::demo::demo_partitions().map_err(|e| to_engine_error(&e))?;
        let count = days.len();
        for (ds, bytes) in days {
            self.store_partition(crate::demo::DEMO_TABLE, &ds, bytes).await?;
        }
        Ok(format!("loaded {} with {count} daily partitions", crate::demo::DEMO_TABLE))
    }

    /// Replaces this warehouse with the demo table plus a freshly built social network.
    /// The new warehouse is built aside and swapped in only when complete, so bad
    /// parameters or a failure part-way leave the current one as it was.
    pub async fn load_social(
        &mut self,
        params: &SocialParams,
        progress: impl FnMut(BuildProgress),
    ) -> Result<String, EngineError> {
        crate::social::validate(params).map_err(bad_input)?;
        let mut next = self.empty_like()?;
        next.load_demo().await?;
        let report = build_social(&mut next, params, progress).await?;
        self.copy_imported_into(&mut next).await?;
        next.storage_growth = report.storage_growth.clone();
        next.pending.replaced = true;
        *self = next;
        Ok(format!(
            "built the social network ({} users, {} days from {}) in {:.1} s",
            params.users,
            params.days,
            params.start,
            report.total_ms / 1000.0
        ))
    }

    /// What "many" and "few" followers mean on this warehouse's network (the article's
    /// 1000 and 200 when no network was built).
    pub fn thresholds(&self) -> playground_queries::Thresholds {
        self.network.as_ref().map(|p| playground_queries::Thresholds::for_users(p.users)).unwrap_or_default()
    }

    /// The parameters the social network was built with, if one was.
    pub fn network(&self) -> Option<&SocialParams> {
        self.network.as_ref()
    }

    /// Says which network this warehouse holds, for one whose tables are loaded by hand:
    /// its size sets the thresholds the aggregates use.
    pub fn set_network(&mut self, params: &SocialParams) {
        self.network = Some(params.clone());
    }

    /// Bytes of every file of `table` (0 for an unknown table).
    pub fn stored_bytes(&self, table: &str) -> u64 {
        self.tables.get(table).map_or(0, |t| t.partitions.values().map(|p| p.bytes).sum())
    }

    /// Bytes of one `ds` partition of `table` (0 if it has none).
    pub fn partition_bytes(&self, table: &str, ds: &str) -> u64 {
        self.tables.get(table).and_then(|t| t.partitions.get(ds)).map_or(0, |p| p.bytes)
    }

    /// Storage of each history model after each day of the last social build.
    pub fn storage_growth(&self) -> &[StoragePoint] {
        &self.storage_growth
    }

    /// Daily run times of each pipeline (ms), by output table, measured on sample days
    /// (empty until something needed them).
    pub fn task_ms(&self) -> &BTreeMap<String, Vec<f64>> {
        &self.task_ms
    }

    /// Keeps measured daily run times; the page's image hears of them.
    pub(crate) fn set_task_ms(&mut self, task_ms: BTreeMap<String, Vec<f64>>) {
        self.task_ms = task_ms;
        self.pending.lab = true;
    }

    /// Tables, columns (the `ds` partition column last) and partitions.
    pub fn catalog(&self) -> CatalogInfo {
        let tables = self
            .tables
            .iter()
            .map(|(name, t)| {
                let mut columns: Vec<ColumnInfo> = t
                    .file_schema
                    .fields()
                    .iter()
                    .map(|f| ColumnInfo { name: f.name().clone(), data_type: f.data_type().to_string() })
                    .collect();
                if t.partitioned {
                    columns
                        .push(ColumnInfo { name: PARTITION_COLUMN.to_string(), data_type: DataType::Utf8.to_string() });
                }
                TableInfo {
                    name: name.clone(),
                    partitioned: t.partitioned,
                    columns,
                    partitions: t.partitions.values().cloned().collect(),
                    imported: self.imported.contains(name),
                }
            })
            .collect();
        CatalogInfo { tables, network: self.network.clone(), functions: self.function_names() }
    }

    /// Names of the scalar, aggregate and window functions the session knows, sorted.
    fn function_names(&self) -> Vec<String> {
        let state = self.context().state();
        let names: BTreeSet<String> = state
            .scalar_functions()
            .keys()
            .chain(state.aggregate_functions().keys())
            .chain(state.window_functions().keys())
            .cloned()
            .collect();
        names.into_iter().collect()
    }

    /// The days `table` has a partition for, in order (none for an unknown table).
    pub fn partition_days(&self, table: &str) -> Vec<String> {
        self.tables
            .get(table)
            .filter(|t| t.partitioned)
            .map(|t| t.partitions.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Counts what the warehouse holds outside the query pool (every stored file and a
    /// waiting import) for the pool's budget; returns it.
    pub(crate) fn count_held(&self) -> u64 {
        let stored: u64 = self.tables.values().flat_map(|t| t.partitions.values()).map(|p| p.bytes).sum();
        let staged: u64 = self.staged.iter().flat_map(|s| s.files.iter()).map(|(_, b)| b.len() as u64).sum();
        self.held.set(usize::try_from(stored + staged).unwrap_or(usize::MAX));
        stored + staged
    }

    /// The most query memory used since the last call.
    pub(crate) fn take_memory_peak(&self) -> u64 {
        self.pool.take_peak() as u64
    }

    /// Registers `batches` as an in-memory table for the statements that follow: a
    /// pipeline's staging step. Not part of the catalog; [`Warehouse::unstage`] drops it.
    pub(crate) fn stage(&self, name: &str, batches: Vec<RecordBatch>) -> Result<(), EngineError> {
        let df = |e: datafusion::error::DataFusionError| to_engine_error(&e);
        let schema = batches.first().map(RecordBatch::schema).ok_or_else(|| bad_input("nothing to stage"))?;
        let table = MemTable::try_new(schema, vec![batches]).map_err(df)?;
        self.ctx.register_table(name, Arc::new(table)).map_err(df)?;
        Ok(())
    }

    /// Drops a staged table.
    pub(crate) fn unstage(&self, name: &str) {
        let _ = self.ctx.deregister_table(name);
    }

    /// Copies the imported tables into `next`, a warehouse about to replace this one, so
    /// a new social network keeps what the person brought.
    async fn copy_imported_into(&self, next: &mut Warehouse) -> Result<(), EngineError> {
        for table in &self.imported {
            let Some(t) = self.tables.get(table) else { continue };
            if next.tables.contains_key(table) {
                return Err(bad_input(format!(
                    "the new network has a table named {table}, like one you imported: remove or rename yours first"
                )));
            }
            for ds in t.partitions.keys() {
                let ds = t.partitioned.then_some(ds.as_str());
                if let Some(bytes) = self.file_bytes(table, ds).await {
                    next.store_file(table, ds, bytes).await?;
                }
            }
            next.imported.insert(table.clone());
        }
        Ok(())
    }

    /// The schema of a table's files (without `ds`) and whether it is partitioned.
    pub(crate) fn table_layout(&self, table: &str) -> Option<(SchemaRef, bool)> {
        self.tables.get(table).map(|t| (t.file_schema.clone(), t.partitioned))
    }

    /// Every table's name, sorted.
    pub(crate) fn table_names(&self) -> Vec<String> {
        self.tables.keys().cloned().collect()
    }

    /// Whether the warehouse holds `table`.
    pub fn has_table(&self, table: &str) -> bool {
        self.tables.contains_key(table)
    }

    /// How many `ds` partitions `table` has; 0 for an unpartitioned table or one we do
    /// not hold.
    pub fn partition_count(&self, table: &str) -> u64 {
        self.tables.get(table).filter(|t| t.partitioned).map_or(0, |t| t.partitions.len() as u64)
    }
}
