//! The daily pipelines that build both history models from the same raw snapshots.
//!
//! - [`transforms`]: what each dimension holds on one day, computed from that day's raw
//!   snapshots; shared by all three models.
//! - [`datestamp`]: one statement per output table, the same text for every day; each
//!   reads the `ds` partitions of its inputs and replaces the `ds` partition of its output.
//!   Widened to a range of days ([`render_range`]), the same text builds many days in one
//!   statement: a backfill is one statement, not one per day.
//! - [`scd2`]: the close-out-and-insert merge; day N reads the SCD2 table as of day N-1
//!   plus day N's snapshot and replaces the whole table with the next state.
//! - [`scd2_rebuild`]: the SCD2 tables derived in one pass from the datestamped
//!   snapshots, equal to the chain of daily merges; the start-up build uses it.
//! - [`scd1`]: the naive overwrite that keeps only today.
//!
//! Every statement is plain SQL run by DataFusion; this module only substitutes the
//! date and writes the result as Parquet.

pub mod aggregate;
pub mod datestamp;
mod range;
pub mod scd1;
pub mod scd2;
pub mod scd2_rebuild;
pub mod transforms;

pub use range::render_range;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use playground_protocol::EngineError;

use crate::error::{bad_input, to_engine_error};
use crate::layout::parse_ds;
use crate::parquet_io::write_parquet;
use crate::Warehouse;

/// Rows per Parquet row group in pipeline outputs.
pub const ROW_GROUP_ROWS: usize = 64 * 1024;

/// The placeholder every pipeline template uses for the day it runs for, in the style of
/// an orchestrator's template (`{{ ds }}` in Airflow).
pub const DS_PLACEHOLDER: &str = "{{ ds }}";

/// Puts the run date into a template. The date is checked first, so nothing but a real
/// `YYYY-MM-DD` ever reaches the SQL text.
///
/// ```
/// use playground_engine::pipelines::render;
/// assert_eq!(render("WHERE ds = '{{ ds }}'", "2024-10-01").unwrap(), "WHERE ds = '2024-10-01'");
/// assert!(render("WHERE ds = '{{ ds }}'", "1' OR '1'='1").is_err());
/// ```
pub fn render(template: &str, ds: &str) -> Result<String, String> {
    parse_ds(ds)?;
    Ok(template.replace(DS_PLACEHOLDER, ds))
}

/// Runs a pipeline template for `ds` and stores its rows as `table`: the `ds` partition
/// when `partitioned`, else the whole table. With `schema`, the rows are stamped with that
/// exact schema first (a `UNION` loses the nullability the table declares). Returns the
/// rows written.
pub(crate) async fn materialize(
    wh: &mut Warehouse,
    template: &str,
    ds: &str,
    table: &str,
    partitioned: bool,
    schema: Option<SchemaRef>,
) -> Result<u64, EngineError> {
    let sql = render(template, ds).map_err(bad_input)?;
    let mut batches = wh.collect(&sql).await?;
    if let Some(schema) = schema {
        batches = batches
            .into_iter()
            .map(|b| RecordBatch::try_new(schema.clone(), b.columns().to_vec()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| to_engine_error(&e.into()))?;
    }
    let bytes = write_parquet(&batches, ROW_GROUP_ROWS).map_err(|e| to_engine_error(&e))?;
    let stored =
        if partitioned { wh.store_partition(table, ds, bytes).await? } else { wh.store_table(table, bytes).await? };
    Ok(stored.rows)
}
