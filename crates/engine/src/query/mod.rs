//! Running and explaining read-only SQL, keeping the first rows and the metrics.

use std::collections::BTreeSet;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::common::instant::Instant;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::context::SQLOptions;
use datafusion::execution::memory_pool::MemoryConsumer;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::logical_expr::{create_udf, ColumnarValue, LogicalPlan, Volatility};
use datafusion::physical_plan::{displayable, execute_stream, ExecutionPlan};
use datafusion::prelude::{DataFrame, SessionContext};
use futures::StreamExt;
use playground_protocol::{EngineError, QueryResult};

use crate::columns::to_columns;
use crate::error::to_engine_error;
use crate::metrics::scan_metrics;
use crate::Warehouse;

mod days;
pub mod shape;

/// The name of the SQL function that panics inside the engine on purpose, so the
/// crash path (report, restart, reload) can be exercised from the editor.
pub const PANIC_FUNCTION: &str = "engine_panic";

/// Whether [`PANIC_FUNCTION`] exists: natively (tests) and in the test site, which
/// `scripts/build-site.sh` builds with `PLAYGROUND_CRASH_HOOKS` set. The shipped site
/// has no way for a person to crash the engine on purpose.
pub const CRASH_HOOKS: bool = cfg!(not(target_arch = "wasm32")) || option_env!("PLAYGROUND_CRASH_HOOKS").is_some();

/// Registers the playground's own SQL functions.
pub(crate) fn register_functions(ctx: &SessionContext) {
    if !CRASH_HOOKS {
        return;
    }
    ctx.register_udf(create_udf(
        PANIC_FUNCTION,
        vec![DataType::Utf8],
        DataType::Utf8,
        Volatility::Volatile,
        Arc::new(|args: &[ColumnarValue]| -> Result<ColumnarValue> {
            let message = match args.first() {
                Some(ColumnarValue::Scalar(s)) => s.to_string(),
                _ => "engine_panic() called".to_string(),
            };
            panic!("{message}")
        }),
    ));
}

/// The playground's editor reads; it never creates, changes or drops.
fn read_only() -> SQLOptions {
    SQLOptions::new().with_allow_ddl(false).with_allow_dml(false).with_allow_statements(false)
}

impl Warehouse {
    /// Runs one read-only SQL statement. Keeps the first `max_rows` rows and counts the
    /// rest without holding them, so a huge result costs time, not memory.
    pub async fn run(&self, sql: &str, max_rows: usize) -> Result<QueryResult, EngineError> {
        self.run_with(sql, max_rows, |_| Ok(())).await
    }

    /// Like [`Warehouse::run`], handing every result batch to `each_batch` as it comes.
    pub(crate) async fn run_with(
        &self,
        sql: &str,
        max_rows: usize,
        mut each_batch: impl FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<QueryResult, EngineError> {
        let err = |e: DataFusionError| self.query_error(&e);
        let start = Instant::now();
        let df = self.plan(sql).await?;
        self.take_memory_peak();
        // The rows kept for the page count against the same budget as the query.
        let kept_memory =
            MemoryConsumer::new("result rows kept for the page").register(&self.context().runtime_env().memory_pool);
        let partitions_total = self.partitions_read_by(df.logical_plan());
        let plan = df.create_physical_plan().await.map_err(err)?;
        let schema = plan.schema();
        let mut stream: SendableRecordBatchStream =
            execute_stream(plan.clone(), self.context().task_ctx()).map_err(err)?;
        let mut kept = Vec::new();
        let mut kept_rows = 0usize;
        let mut total_rows = 0u64;
        while let Some(batch) = stream.next().await {
            let batch = batch.map_err(err)?;
            each_batch(&batch).map_err(err)?;
            total_rows += batch.num_rows() as u64;
            let take = batch.num_rows().min(max_rows - kept_rows);
            if take > 0 {
                let slice = batch.slice(0, take);
                kept_memory.try_grow(slice.get_array_memory_size()).map_err(err)?;
                kept.push(slice);
                kept_rows += take;
            }
        }
        let elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
        let mut metrics = scan_metrics(&plan, partitions_total);
        metrics.elapsed_ms = elapsed_ms;
        metrics.output_rows = total_rows;
        metrics.memory_peak_bytes = self.take_memory_peak();
        metrics.memory_held_bytes = self.count_held();
        Ok(QueryResult {
            columns: to_columns(&schema, &kept).map_err(err)?,
            kept_rows,
            total_rows,
            metrics,
            plan_with_metrics: plan_text(&plan, true),
        })
    }

    /// Runs one read-only statement and returns all its rows; never an empty list, so the
    /// schema survives an empty result. Pipelines use this, then write the batches out.
    pub async fn collect(&self, sql: &str) -> Result<Vec<RecordBatch>, EngineError> {
        let df = self.plan(sql).await?;
        let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
        let mut batches = df.collect().await.map_err(|e| to_engine_error(&e))?;
        if batches.is_empty() {
            batches.push(RecordBatch::new_empty(schema));
        }
        Ok(batches)
    }

    /// Plans one read-only SQL statement and returns its physical plan, without running it.
    pub async fn explain(&self, sql: &str) -> Result<String, EngineError> {
        let df = self.plan(sql).await?;
        let plan = df.create_physical_plan().await.map_err(|e| to_engine_error(&e))?;
        Ok(plan_text(&plan, false))
    }

    pub(crate) async fn plan(&self, sql: &str) -> Result<DataFrame, EngineError> {
        if sql.trim().trim_end_matches(';').trim().is_empty() {
            return Err(crate::error::bad_input("the editor is empty: type a query first"));
        }
        shape::check(sql)?;
        self.count_held();
        let df = self.context().sql_with_options(sql, read_only()).await.map_err(|e| to_engine_error(&e))?;
        if let Some(text) = days::no_such_day(df.logical_plan(), |table| self.is_day_column(table)) {
            return Err(days::error(&text, self.days_held(df.logical_plan())));
        }
        Ok(df)
    }

    /// Whether `ds` of `table` is a partition column; an unqualified or aliased `ds` is
    /// taken to be one when any table is partitioned.
    fn is_day_column(&self, table: Option<&str>) -> bool {
        match table.and_then(|t| self.table_layout(t)) {
            Some((_, partitioned)) => partitioned,
            None => self.table_names().iter().any(|t| self.table_layout(t).is_some_and(|(_, p)| p)),
        }
    }

    /// The first and last day of the tables the plan reads, for messages.
    fn days_held(&self, plan: &LogicalPlan) -> Option<(String, String)> {
        let days: BTreeSet<String> = scanned(plan).iter().flat_map(|t| self.partition_days(t)).collect();
        Some((days.first()?.clone(), days.last()?.clone()))
    }

    /// Partitions of every warehouse table the plan reads (subqueries included).
    fn partitions_read_by(&self, plan: &LogicalPlan) -> u64 {
        scanned(plan).iter().map(|t| self.partition_count(t)).sum()
    }
}

/// The tables a plan reads, subqueries included.
fn scanned(plan: &LogicalPlan) -> BTreeSet<String> {
    let mut tables = BTreeSet::new();
    let _ = plan.apply_with_subqueries(|node| {
        if let LogicalPlan::TableScan(scan) = node {
            tables.insert(scan.table_name.table().to_string());
        }
        Ok(TreeNodeRecursion::Continue)
    });
    tables
}

fn plan_text(plan: &Arc<dyn ExecutionPlan>, with_metrics: bool) -> String {
    let shown = if with_metrics {
        datafusion::physical_plan::display::DisplayableExecutionPlan::with_metrics(plan.as_ref())
    } else {
        displayable(plan.as_ref())
    };
    shown.indent(true).to_string()
}
