//! A new table gets its history for free: a learner writes a datestamp pipeline (one
//! `SELECT` with `{{ ds }}` over raw or datestamped tables), and a backfill runs it for
//! every chosen day on the pool. Everything that can be checked is checked here, before
//! any work: the name, the statement's kind, the placeholder, the tables it reads and
//! the days they hold, and that the first day plans. A day that fails while it runs
//! stops the backfill on the pool, and nothing is stored.

use datafusion::sql::parser::Statement as DfStatement;
use datafusion::sql::sqlparser::ast::Statement;
use playground_protocol::{BackfillPlan, EngineError, NewPipeline, PartitionBytes, TaskPipeline};

use crate::error::{bad_input, to_engine_error};
use crate::layout::{validate_table_name, PARTITION_COLUMN};
use crate::pipelines::{render, DS_PLACEHOLDER};
use crate::Warehouse;

impl Warehouse {
    /// What a real backfill of `days` runs: the built-in datestamp pipelines, or the
    /// learner's `new` pipeline once checked, and every input partition they read.
    pub async fn plan_backfill(
        &mut self,
        days: &[String],
        new: Option<&NewPipeline>,
    ) -> Result<BackfillPlan, EngineError> {
        let pipelines = match new {
            None => playground_backfill::datestamp_pipelines(),
            Some(p) => vec![self.check_pipeline(p, days).await?],
        };
        let mut sources: Vec<&str> = pipelines.iter().flat_map(|p| p.sources.iter().map(String::as_str)).collect();
        sources.sort_unstable();
        sources.dedup();
        let mut inputs = Vec::new();
        for ds in days {
            for source in &sources {
                let Some(bytes) = self.file_bytes(source, Some(ds)).await else {
                    return Err(bad_input(format!(
                        "no {source} partition for {ds}: backfill days the warehouse has {source} for"
                    )));
                };
                inputs.push(PartitionBytes { table: source.to_string(), ds: ds.clone(), parquet: bytes.to_vec() });
            }
        }
        // Without a social network there are no merges to compare with.
        if !self.storage_growth().is_empty() {
            self.ensure_task_costs().await?;
        }
        let merges = self.task_ms().get("dim_users_scd2").cloned().unwrap_or_default();
        let scd2_merge_ms = merges.iter().sum::<f64>() / merges.len().max(1) as f64;
        Ok(BackfillPlan { pipelines, inputs, scd2_merge_ms })
    }

    /// Checks a learner's pipeline and names the tables it reads.
    async fn check_pipeline(&self, p: &NewPipeline, days: &[String]) -> Result<TaskPipeline, EngineError> {
        validate_table_name(&p.table).map_err(bad_input)?;
        if self.has_table(&p.table) {
            return Err(bad_input(format!(
                "a table named {} already exists: give the new table a name of its own",
                p.table
            )));
        }
        let sql = p.sql.trim().trim_end_matches(';').trim();
        let Some(first) = days.first() else { return Err(bad_input("choose at least one day to backfill")) };
        let rendered = render(sql, first).map_err(bad_input)?;
        let state = self.context().state();
        let dialect = state.config().options().sql_parser.dialect;
        let statement = state.sql_to_statement(&rendered, &dialect).map_err(|e| to_engine_error(&e))?;
        if !matches!(&statement, DfStatement::Statement(s) if matches!(**s, Statement::Query(_))) {
            return Err(bad_input(
                "a pipeline is one SELECT (or WITH … SELECT): it computes a day's rows, it does not change tables",
            ));
        }
        if !sql.contains(DS_PLACEHOLDER) {
            return Err(bad_input(format!(
                "the pipeline must use {DS_PLACEHOLDER}: each day's run reads that day's partitions, \
                 as in WHERE ds = '{DS_PLACEHOLDER}'"
            )));
        }
        let mut sources = Vec::new();
        for reference in state.resolve_table_references(&statement).map_err(|e| to_engine_error(&e))? {
            let table = reference.table().to_string();
            if !self.has_table(&table) {
                return Err(bad_input(format!("the pipeline reads {table}, which the warehouse does not hold")));
            }
            if self.partition_days(&table).is_empty() {
                return Err(bad_input(format!(
                    "the pipeline reads {table}, which has no ds partitions: a datestamp pipeline reads one day's \
                     partition of raw or datestamped tables"
                )));
            }
            if !sources.contains(&table) {
                sources.push(table);
            }
        }
        let planned = self.plan(&rendered).await?;
        if planned.schema().fields().iter().any(|f| f.name() == PARTITION_COLUMN) {
            return Err(bad_input(format!(
                "the pipeline's rows have a {PARTITION_COLUMN} column: leave it out (each day's rows land in that \
                 day's partition, which supplies {PARTITION_COLUMN})"
            )));
        }
        Ok(TaskPipeline { table: p.table.clone(), sources, sql: Some(sql.to_string()) })
    }
}
