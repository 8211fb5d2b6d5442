//! The small built-in demo table, `demo_events`: a week of made-up events, one
//! partition per day, several row groups per file so row-group pruning has work to do.

use std::sync::Arc;

use bytes::Bytes;
use datafusion::arrow::array::{Float64Array, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::error::Result;

use crate::parquet_io::write_parquet;

/// Name of the demo table.
pub const DEMO_TABLE: &str = "demo_events";
/// First day of the demo table.
pub const DEMO_FIRST_DAY: &str = "2024-10-01";
/// Number of daily partitions.
pub const DEMO_DAYS: u32 = 7;
/// Rows in every partition.
pub const DEMO_ROWS_PER_DAY: i64 = 800;
/// Rows per Parquet row group (so each file has four).
pub const DEMO_ROW_GROUP: usize = 200;

const EVENT_TYPES: [&str; 4] = ["view", "like", "share", "comment"];

/// `(ds, parquet bytes)` for every demo partition. Deterministic: the same bytes on
/// every call and every platform.
///
/// ```
/// let parts = playground_engine::demo::demo_partitions().unwrap();
/// assert_eq!(parts.len(), 7);
/// assert_eq!(parts[0].0, "2024-10-01");
/// ```
pub fn demo_partitions() -> Result<Vec<(String, Bytes)>> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("event_id", DataType::Int64, false),
        Field::new("user_id", DataType::Int64, false),
        Field::new("event_type", DataType::Utf8, false),
        Field::new("amount", DataType::Float64, true),
    ]));
    let first = crate::layout::parse_ds(DEMO_FIRST_DAY).map_err(datafusion::error::DataFusionError::Internal)?;
    (0..DEMO_DAYS)
        .map(|day| {
            let ds = (first + chrono::Days::new(day.into())).format("%Y-%m-%d").to_string();
            let ids: Vec<i64> = (0..DEMO_ROWS_PER_DAY).map(|i| i64::from(day) * DEMO_ROWS_PER_DAY + i).collect();
            // A fixed integer hash keeps the data varied but reproducible.
            let mix = |id: i64| (id.wrapping_mul(2_654_435_761) >> 7).rem_euclid(1_000_003);
            let users: Vec<i64> = ids.iter().map(|&id| 1 + mix(id) % 50).collect();
            let types: Vec<&str> = ids.iter().map(|&id| EVENT_TYPES[(mix(id) % 4) as usize]).collect();
            let amounts: Vec<Option<f64>> =
                ids.iter().map(|&id| (mix(id) % 10 != 0).then(|| (mix(id) % 10_000) as f64 / 100.0)).collect();
            let batch = RecordBatch::try_new(
                schema.clone(),
                vec![
                    Arc::new(Int64Array::from(ids)),
                    Arc::new(Int64Array::from(users)),
                    Arc::new(StringArray::from(types)),
                    Arc::new(Float64Array::from(amounts)),
                ],
            )?;
            Ok((ds, write_parquet(&[batch], DEMO_ROW_GROUP)?))
        })
        .collect()
}
