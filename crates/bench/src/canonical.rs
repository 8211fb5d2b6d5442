//! A query result written so that two engines' answers compare as text: one line per
//! row, values tab-separated, floats to six decimals, NULL as `NULL`, lines sorted.
//! `tests/bench/pages/canonical.js` writes the browser engines' results the same way.

use playground_engine::protocol::{ColumnValues, QueryResult};

/// Rows kept for comparison; past this only the row count is compared.
pub const MAX_ROWS: usize = 2000;

/// A float as the comparison writes it: six decimals, trailing zeros dropped.
///
/// ```
/// assert_eq!(playground_bench::canonical::float(2.5), "2.5");
/// assert_eq!(playground_bench::canonical::float(3.0), "3");
/// ```
pub fn float(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// The kept rows of `result`, canonical and sorted.
pub fn rows(result: &QueryResult) -> Vec<String> {
    let mut rows: Vec<String> = (0..result.kept_rows)
        .map(|i| {
            result
                .columns
                .iter()
                .map(|c| {
                    match &c.values {
                        ColumnValues::Float(v) => v.get(i).copied().flatten().map(float),
                        other => other.display(i),
                    }
                    .unwrap_or_else(|| "NULL".to_string())
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect();
    rows.sort();
    rows
}
