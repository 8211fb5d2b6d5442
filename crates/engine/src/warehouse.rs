//! The warehouse: an in-memory object store of Parquet partitions and the DataFusion
//! session that reads them.

use std::collections::BTreeMap;
use std::sync::Arc;

use bytes::Bytes;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl};
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{ObjectStoreExt, PutPayload};
use playground_protocol::{
    CatalogInfo, ColumnInfo, EngineError, PartitionInfo, Request, Response, SocialParams, StoragePoint, TableInfo,
};

use crate::social::{build_social, BuildProgress};

use crate::error::{bad_input, to_engine_error};
use crate::layout::{parse_ds, partition_path, table_path, validate_table_name, PARTITION_COLUMN};

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
    /// Pipeline run times of the last social build, by output table.
    task_ms: BTreeMap<&'static str, Vec<f64>>,
    /// Daily aggregate run times (datestamp, SCD2), timed by the first simulation.
    pub(crate) aggregate_ms: Option<[Vec<f64>; 2]>,
    /// Clean-build bytes of the files the bug-fix scenario broke, by table and `ds`.
    pub(crate) clean: BTreeMap<(String, Option<String>), Bytes>,
    /// The days the planted bug broke.
    pub(crate) bad_days: Vec<String>,
}

struct StoredTable {
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
        let runtime = RuntimeEnvBuilder::new()
            .with_memory_limit(bytes, 1.0)
            .with_object_list_cache_limit(0)
            .with_disk_manager_builder(DiskManagerBuilder::default().with_mode(DiskManagerMode::Disabled))
            .build_arc()
            .map_err(|e| to_engine_error(&e))?;
        let mut config = SessionConfig::new().with_target_partitions(1).with_information_schema(true);
        // Spans let plan errors (unknown column, ...) point at a line and column.
        config.options_mut().sql_parser.collect_spans = true;
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
            aggregate_ms: None,
            clean: BTreeMap::new(),
            bad_days: Vec::new(),
        })
    }

    /// The DataFusion session, for callers that need more than [`Warehouse::run`].
    pub fn context(&self) -> &SessionContext {
        &self.ctx
    }

    /// Adds or replaces the `ds` partition of `table` with one Parquet file.
    ///
    /// The file is checked before anything changes: a valid table name, a real calendar
    /// date, readable Parquet, no `ds` column of its own, and the same columns as the
    /// table's other partitions. On error the warehouse is unchanged. The object store
    /// swaps the file in whole, so a query never sees half a partition.
    pub async fn load_partition(
        &mut self,
        table: &str,
        ds: &str,
        parquet: Bytes,
    ) -> Result<PartitionInfo, EngineError> {
        parse_ds(ds).map_err(bad_input)?;
        self.store_file(table, Some(ds), parquet).await
    }

    /// Replaces the whole of an unpartitioned table (an SCD2 or SCD1 table) with one
    /// Parquet file. Checked like [`Warehouse::load_partition`].
    pub async fn load_table(&mut self, table: &str, parquet: Bytes) -> Result<PartitionInfo, EngineError> {
        self.store_file(table, None, parquet).await
    }

    /// The stored Parquet bytes of one file: a partition, or the whole table when `ds`
    /// is `None`.
    pub async fn file_bytes(&self, table: &str, ds: Option<&str>) -> Option<Bytes> {
        let path = Path::from(match ds {
            Some(ds) => partition_path(table, ds),
            None => table_path(table),
        });
        self.store.get(&path).await.ok()?.bytes().await.ok()
    }

    async fn store_file(
        &mut self,
        table: &str,
        ds: Option<&str>,
        parquet: Bytes,
    ) -> Result<PartitionInfo, EngineError> {
        validate_table_name(table).map_err(bad_input)?;
        let what = match ds {
            Some(ds) => format!("{table} ds={ds}"),
            None => table.to_string(),
        };
        let size = parquet.len() as u64;
        let reader = ParquetRecordBatchReaderBuilder::try_new(parquet.clone())
            .map_err(|e| bad_input(format!("the file for {what} is not a readable Parquet file: {e}")))?;
        let rows = reader.metadata().file_metadata().num_rows().max(0) as u64;
        let file_schema = Arc::new(Schema::new(reader.schema().fields().clone()));
        if ds.is_some() && file_schema.field_with_name(PARTITION_COLUMN).is_ok() {
            return Err(bad_input(format!(
                "the file for {what} has its own `{PARTITION_COLUMN}` column; \
                 the partition directory supplies it, so drop it from the file"
            )));
        }
        if let Some(existing) = self.tables.get(table) {
            if existing.partitioned != ds.is_some() {
                return Err(bad_input(format!(
                    "{table} is {}partitioned by {PARTITION_COLUMN}; load it as a {}",
                    if existing.partitioned { "" } else { "not " },
                    if existing.partitioned { "partition" } else { "whole table" }
                )));
            }
            if !same_columns(&existing.file_schema, &file_schema) {
                return Err(bad_input(format!(
                    "the file for {what} has columns ({}) but {table} has ({})",
                    describe(&file_schema),
                    describe(&existing.file_schema)
                )));
            }
        }

        let path = Path::from(match ds {
            Some(ds) => partition_path(table, ds),
            None => table_path(table),
        });
        self.store
            .put(&path, PutPayload::from_bytes(parquet))
            .await
            .map_err(|e| bad_input(format!("could not store {path}: {e}")))?;
        if !self.tables.contains_key(table) {
            self.register(table, file_schema.clone(), ds.is_some()).await?;
            self.tables.insert(
                table.to_string(),
                StoredTable { file_schema, partitioned: ds.is_some(), partitions: BTreeMap::new() },
            );
        }
        let info = PartitionInfo { ds: ds.unwrap_or_default().to_string(), rows, bytes: size };
        if let Some(t) = self.tables.get_mut(table) {
            t.partitions.insert(info.ds.clone(), info.clone());
        }
        Ok(info)
    }

    /// Builds the small built-in demo table, `demo_events`, one partition per day.
    pub async fn load_demo(&mut self) -> Result<String, EngineError> {
        let days = crate::demo::demo_partitions().map_err(|e| to_engine_error(&e))?;
        let count = days.len();
        for (ds, bytes) in days {
            self.load_partition(crate::demo::DEMO_TABLE, &ds, bytes).await?;
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
        let mut next = Warehouse::new()?;
        next.load_demo().await?;
        let report = build_social(&mut next, params, progress).await?;
        next.storage_growth = report.storage_growth.clone();
        next.task_ms = report.task_ms;
        *self = next;
        Ok(format!(
            "built the social network ({} users, {} days from {}) in {:.1} s",
            params.users,
            params.days,
            params.start,
            report.total_ms / 1000.0
        ))
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

    /// Pipeline run times of the last social build (ms), by output table.
    pub fn task_ms(&self) -> &BTreeMap<&'static str, Vec<f64>> {
        &self.task_ms
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
                }
            })
            .collect();
        CatalogInfo { tables }
    }

    /// How many `ds` partitions `table` has; 0 for an unpartitioned table or one we do
    /// not hold.
    pub fn partition_count(&self, table: &str) -> u64 {
        self.tables.get(table).filter(|t| t.partitioned).map_or(0, |t| t.partitions.len() as u64)
    }

    /// Answers one protocol request. Errors come back as [`Response::Error`].
    pub async fn handle(&mut self, request: Request) -> Response {
        self.handle_with_progress(request, |_| {}).await
    }

    /// Like [`Warehouse::handle`], reporting [`Response::Progress`] during long loads.
    pub async fn handle_with_progress(&mut self, request: Request, mut progress: impl FnMut(Response)) -> Response {
        let result = match request {
            Request::LoadSocial { params } => self
                .load_social(&params, |p| progress(Response::Progress { done: p.done, total: p.days, step: p.ds }))
                .await
                .map(|summary| Response::Loaded { summary, catalog: self.catalog() }),
            Request::LoadDemo => {
                self.load_demo().await.map(|summary| Response::Loaded { summary, catalog: self.catalog() })
            }
            Request::LoadPartition { table, ds, parquet } => {
                self.load_partition(&table, &ds, Bytes::from(parquet)).await.map(|p| Response::Loaded {
                    summary: format!("loaded {table} ds={ds} ({} rows)", p.rows),
                    catalog: self.catalog(),
                })
            }
            Request::LoadTable { table, parquet } => self.load_table(&table, Bytes::from(parquet)).await.map(|p| {
                Response::Loaded { summary: format!("loaded {table} ({} rows)", p.rows), catalog: self.catalog() }
            }),
            Request::Catalog => Ok(Response::Catalog(self.catalog())),
            Request::Run { sql, max_rows } => self.run(&sql, max_rows).await.map(Response::Query),
            Request::Explain { sql } => self.explain(&sql).await.map(Response::Plan),
            Request::Compare(request) => self.compare(&request).await.map(Response::Compared),
            Request::HistoryCost { date, runs } => self.history_cost(&date, runs).await.map(Response::HistoryCost),
            Request::Simulate(request) => self.simulate(&request).await.map(Response::Simulated),
            Request::ExportInputs { days } => self.export_inputs(&days).await.map(Response::Exported),
            Request::RunTask { pipeline, ds, crash: true, .. } => {
                panic!("injected failure: the {pipeline} task for {ds} crashed its worker")
            }
            Request::RunTask { pipeline, ds, inputs, crash: false } => {
                self.run_task(&pipeline, &ds, inputs).await.map(|(output, ms)| Response::TaskDone { output, ms })
            }
            Request::PlantBug => self.plant_bug().await.map(Response::Bug),
            Request::CheckMetric => self.check_metric().await.map(Response::Bug),
            Request::BackfillScd2 { from } => self.backfill_scd2(&from).await.map(Response::Scd2Backfilled),
            Request::StoreOutputs(outputs) => self
                .store_outputs(outputs)
                .await
                .map(|(partitions, identical)| Response::Stored { partitions, identical }),
            Request::LoadArrowIpc { table, ipc } => {
                self.load_arrow_ipc(&table, Bytes::from(ipc)).await.map(|rows| Response::Loaded {
                    summary: format!("loaded {rows} rows into the in-memory table {table}"),
                    catalog: self.catalog(),
                })
            }
            Request::MemoryUsage => Ok(Response::MemoryUsage { wasm_bytes: crate::wasm_memory_bytes() }),
            Request::CohortGrowth { today, past } => {
                self.cohort_growth(&today, &past).await.map(Response::CohortGrowth)
            }
        };
        result.unwrap_or_else(Response::Error)
    }

    async fn register(&self, table: &str, file_schema: SchemaRef, partitioned: bool) -> Result<(), EngineError> {
        let df = |e: datafusion::error::DataFusionError| to_engine_error(&e);
        let table_url = ListingTableUrl::parse(format!("{STORE_URL}/{table}/")).map_err(df)?;
        let mut options = ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension(".parquet");
        if partitioned {
            options = options.with_table_partition_cols(vec![(PARTITION_COLUMN.to_string(), DataType::Utf8)]);
        }
        let config = ListingTableConfig::new(table_url).with_listing_options(options).with_schema(file_schema);
        let provider = ListingTable::try_new(config).map_err(df)?;
        self.ctx.register_table(table, Arc::new(provider)).map_err(df)?;
        Ok(())
    }
}

fn same_columns(a: &Schema, b: &Schema) -> bool {
    a.fields().len() == b.fields().len()
        && a.fields().iter().zip(b.fields().iter()).all(|(x, y)| x.name() == y.name() && x.data_type() == y.data_type())
}

fn describe(schema: &Schema) -> String {
    schema
        .fields()
        .iter()
        .map(|f: &Arc<Field>| format!("{} {}", f.name(), f.data_type()))
        .collect::<Vec<_>>()
        .join(", ")
}
