//! A backfill as one statement: a daily template run over a range of days at once.
//!
//! A datestamp pipeline is a pure function of one day, so building many days is the
//! same `{{ ds }}` statement with the day's filter widened to a range: one plan, one
//! pass over the inputs, and an output whose `ds` column says which partition each row
//! belongs to. The rows of each day are exactly what the daily statement writes for that
//! day, so the partitions are the same too (`tests/set_based.rs` checks it).

use datafusion::arrow::array::{Array, RecordBatch, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use playground_protocol::EngineError;

use crate::error::{bad_input, to_engine_error};
use crate::layout::{parse_ds, PARTITION_COLUMN};
use crate::parquet_io::write_parquet;
use crate::Warehouse;

use super::{DS_PLACEHOLDER, ROW_GROUP_ROWS};

/// The filter that makes a template a function of one day.
const DAY_FILTER: &str = "ds = '{{ ds }}'";

/// Widens a daily template to the days `first` to `last`: every `ds = '{{ ds }}'`
/// becomes `ds BETWEEN 'first' AND 'last'`. A template that uses `{{ ds }}` any other
/// way is a function of one day only and is refused.
///
/// ```
/// use playground_engine::pipelines::render_range;
/// let sql = render_range("SELECT * FROM t WHERE t.ds = '{{ ds }}'", "2024-10-01", "2024-10-07").unwrap();
/// assert_eq!(sql, "SELECT * FROM t WHERE t.ds BETWEEN '2024-10-01' AND '2024-10-07'");
/// assert!(render_range("SELECT DATE '{{ ds }}'", "2024-10-01", "2024-10-07").is_err());
/// assert!(render_range("SELECT 1 WHERE ds = '{{ ds }}'", "2024-10-07", "2024-10-01").is_err());
/// ```
pub fn render_range(template: &str, first: &str, last: &str) -> Result<String, String> {
    if parse_ds(first)? > parse_ds(last)? {
        return Err(format!("the range {first} to {last} ends before it starts"));
    }
    let sql = template.replace(DAY_FILTER, &format!("ds BETWEEN '{first}' AND '{last}'"));
    if sql.contains(DS_PLACEHOLDER) {
        return Err(format!(
            "the template uses {DS_PLACEHOLDER} other than as {DAY_FILTER}, so it can only run one day at a time"
        ));
    }
    Ok(sql)
}

/// The days from `first` to `last`, both included.
pub(crate) fn days_between(first: &str, last: &str) -> Result<Vec<String>, String> {
    let (first, last) = (parse_ds(first)?, parse_ds(last)?);
    Ok(first.iter_days().take_while(|d| *d <= last).map(|d| d.format("%Y-%m-%d").to_string()).collect())
}

/// Runs `template` (a daily template whose output ends with `ds`) over `first` to `last`
/// in one statement, sorted by `ds` then `order_by`, and stores each day's rows as that
/// day's partition of `table`, `ds` dropped. A day with no rows gets an empty partition,
/// as its daily run would. Returns the rows written.
pub(crate) async fn materialize_range(
    wh: &mut Warehouse,
    template: &str,
    order_by: &str,
    first: &str,
    last: &str,
    table: &str,
) -> Result<u64, EngineError> {
    let body = render_range(template, first, last).map_err(bad_input)?;
    let sql = format!("SELECT * FROM (\n{body}\n) days\nORDER BY {PARTITION_COLUMN}, {order_by}");
    let batches = wh.collect(&sql).await?;
    let days = days_between(first, last).map_err(bad_input)?;
    let mut rows = 0;
    for (ds, day) in split_by_day(&batches, &days)? {
        let bytes = write_parquet(&day, ROW_GROUP_ROWS).map_err(|e| to_engine_error(&e))?;
        rows += wh.store_partition(table, &ds, bytes).await?.rows;
    }
    Ok(rows)
}

/// Splits batches sorted by `ds` into each day's batches without the `ds` column, for
/// every one of `days` (an empty batch for a day with no rows). A row outside `days`
/// is an error: the statement read more than the range.
fn split_by_day(batches: &[RecordBatch], days: &[String]) -> Result<Vec<(String, Vec<RecordBatch>)>, EngineError> {
    let schema = batches.first().map(RecordBatch::schema).ok_or_else(|| bad_input("the statement returned nothing"))?;
    let ds_index = schema
        .index_of(PARTITION_COLUMN)
        .map_err(|_| bad_input(format!("a range build needs the output to end with `{PARTITION_COLUMN}`")))?;
    let keep: Vec<usize> = (0..schema.fields().len()).filter(|i| *i != ds_index).collect();
    let day_schema = std::sync::Arc::new(schema.project(&keep).map_err(|e| to_engine_error(&e.into()))?);
    let mut out: Vec<(String, Vec<RecordBatch>)> = days.iter().map(|d| (d.clone(), Vec::new())).collect();
    let mut at = 0;
    for batch in batches {
        let ds = cast(batch.column(ds_index), &DataType::Utf8).map_err(|e| to_engine_error(&e.into()))?;
        let ds = ds.as_any().downcast_ref::<StringArray>().ok_or_else(|| bad_input("`ds` is not text"))?;
        let rest = batch.project(&keep).map_err(|e| to_engine_error(&e.into()))?;
        let mut start = 0;
        while start < batch.num_rows() {
            let day = ds.value(start);
            let mut end = start + 1;
            while end < batch.num_rows() && ds.value(end) == day {
                end += 1;
            }
            while at < out.len() && out[at].0.as_str() != day {
                at += 1;
            }
            let Some((_, slot)) = out.get_mut(at) else {
                return Err(bad_input(format!("a row for {day} is outside the range or out of order")));
            };
            slot.push(rest.slice(start, end - start));
            start = end;
        }
    }
    for (_, day) in &mut out {
        if day.is_empty() {
            day.push(RecordBatch::new_empty(day_schema.clone()));
        }
    }
    Ok(out)
}
