//! The daily pipelines that build both history models from the same raw snapshots.
//!
//! - [`datestamp`]: one statement per output table, the same text for every day; each
//!   reads the `ds` partition of its input and replaces the `ds` partition of its output.
//! - [`scd2`]: the close-out-and-insert merge; day N reads the SCD2 table as of day N-1
//!   plus day N's snapshot and replaces the whole table with the next state.
//! - [`scd1`]: the naive overwrite that keeps only today.
//!
//! Every statement is plain SQL run by DataFusion; this module only substitutes the
//! date and writes the result as Parquet.

pub mod datestamp;
pub mod scd1;
pub mod scd2;

use crate::layout::parse_ds;

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
