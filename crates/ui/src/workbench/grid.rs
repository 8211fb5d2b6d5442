//! What the result grid shows, decided without a browser: the order of the rows when
//! sorted by a column, the width each column needs, cells formatted for reading, and the
//! text a copy puts on the clipboard.

use playground_protocol::{thousands, Column, ColumnValues, QueryResult};

/// Rows sampled to size a column: enough to be representative, few enough to be instant
/// on a 100,000-row result.
const WIDTH_SAMPLE: usize = 2_000;
/// Narrowest and widest column, in characters.
const WIDTH_RANGE: (usize, usize) = (6, 48);

/// Which way a sorted column runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Smallest first, NULLs last.
    Ascending,
    /// Largest first, NULLs last.
    Descending,
}

/// Row indexes of `result` ordered by `column` (stable; NULLs last either way).
pub fn sort_order(result: &QueryResult, column: usize, direction: Direction) -> Vec<usize> {
    let mut order: Vec<usize> = (0..result.kept_rows).collect();
    let Some(c) = result.columns.get(column) else { return order };
    let by = |a: &usize, b: &usize| -> std::cmp::Ordering {
        let ord = match &c.values {
            ColumnValues::Int(v) => cmp_nulls_last(v[*a], v[*b], |x, y| x.cmp(&y)),
            ColumnValues::Float(v) => cmp_nulls_last(v[*a], v[*b], |x, y| x.total_cmp(&y)),
            ColumnValues::Bool(v) => cmp_nulls_last(v[*a], v[*b], |x, y| x.cmp(&y)),
            ColumnValues::Text(v) => cmp_nulls_last(v[*a].as_deref(), v[*b].as_deref(), |x, y| x.cmp(y)),
        };
        ord.apply(direction)
    };
    order.sort_by(by);
    order
}

/// An ordering whose NULL side stays last whichever way the values run.
enum NullsLast {
    Values(std::cmp::Ordering),
    Nulls(std::cmp::Ordering),
}

impl NullsLast {
    fn apply(self, direction: Direction) -> std::cmp::Ordering {
        match (self, direction) {
            (NullsLast::Values(o), Direction::Ascending) => o,
            (NullsLast::Values(o), Direction::Descending) => o.reverse(),
            (NullsLast::Nulls(o), _) => o,
        }
    }
}

fn cmp_nulls_last<T>(a: Option<T>, b: Option<T>, cmp: impl Fn(T, T) -> std::cmp::Ordering) -> NullsLast {
    use std::cmp::Ordering::*;
    match (a, b) {
        (Some(x), Some(y)) => NullsLast::Values(cmp(x, y)),
        (Some(_), None) => NullsLast::Nulls(Less),
        (None, Some(_)) => NullsLast::Nulls(Greater),
        (None, None) => NullsLast::Nulls(Equal),
    }
}

/// The cell at `row` formatted for reading: thousands separators, floats to at most
/// three decimals, timestamps with a space for the `T`; `None` for NULL.
pub fn cell_text(column: &Column, row: usize) -> Option<String> {
    match &column.values {
        ColumnValues::Int(v) => v.get(row).copied().flatten().map(signed_thousands),
        ColumnValues::Float(v) => v.get(row).copied().flatten().map(float_text),
        ColumnValues::Bool(v) => v.get(row).copied().flatten().map(|b| b.to_string()),
        ColumnValues::Text(v) => {
            let text = v.get(row).cloned().flatten()?;
            Some(if column.data_type.starts_with("Timestamp") { text.replacen('T', " ", 1) } else { text })
        }
    }
}

fn signed_thousands(n: i64) -> String {
    let digits = thousands(n.unsigned_abs());
    if n < 0 {
        format!("-{digits}")
    } else {
        digits
    }
}

fn float_text(x: f64) -> String {
    if !x.is_finite() || x.abs() >= 1e15 {
        return x.to_string();
    }
    let fixed = format!("{:.3}", x.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let fraction = fraction.trim_end_matches('0');
    let whole = thousands(whole.parse().unwrap_or(0));
    let sign = if x < 0.0 && fixed.bytes().any(|b| b.is_ascii_digit() && b != b'0') { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// Width of each column in characters: its widest formatted cell among rows sampled
/// across the whole result (the widest numbers are often last), or its header (name,
/// type and sort arrow), within [`WIDTH_RANGE`]. Room for the cell padding included.
pub fn column_widths(result: &QueryResult) -> Vec<usize> {
    let rows = result.kept_rows;
    let stride = rows.div_ceil(WIDTH_SAMPLE).max(1);
    let sample: Vec<usize> = (0..rows).step_by(stride).chain(rows.checked_sub(1)).collect();
    result
        .columns
        .iter()
        .map(|c| {
            let cells = sample.iter().map(|&row| cell_text(c, row).map_or(4, |t| t.chars().count()) + 3);
            let header = c.name.chars().count() + c.data_type.chars().count() + 4;
            cells.chain([header]).max().unwrap_or(0).clamp(WIDTH_RANGE.0, WIDTH_RANGE.1)
        })
        .collect()
}

/// Tab-separated text of `rows` (indexes into `result`), with a header line when asked:
/// what a spreadsheet pastes as cells. Values are raw (no separators); NULL is empty;
/// tabs and newlines inside a value become spaces so the cells stay in place.
pub fn copy_text(result: &QueryResult, rows: impl IntoIterator<Item = usize>, header: bool) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut lines = Vec::new();
    if header {
        lines.push(result.columns.iter().map(|c| clean(&c.name)).collect::<Vec<_>>().join("\t"));
    }
    for row in rows {
        let cells = result.columns.iter().map(|c| c.values.display(row).map(|v| clean(&v)).unwrap_or_default());
        lines.push(cells.collect::<Vec<_>>().join("\t"));
    }
    lines.join("\n")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use playground_protocol::QueryMetrics;

    pub(crate) fn result(columns: Vec<(&str, &str, ColumnValues)>) -> QueryResult {
        let rows = columns.first().map_or(0, |(_, _, v)| match v {
            ColumnValues::Int(v) => v.len(),
            ColumnValues::Float(v) => v.len(),
            ColumnValues::Bool(v) => v.len(),
            ColumnValues::Text(v) => v.len(),
        });
        QueryResult {
            columns: columns
                .into_iter()
                .map(|(name, data_type, values)| Column { name: name.into(), data_type: data_type.into(), values })
                .collect(),
            kept_rows: rows,
            total_rows: rows as u64,
            metrics: QueryMetrics::default(),
            plan_with_metrics: String::new(),
        }
    }

    fn text(v: &[Option<&str>]) -> ColumnValues {
        ColumnValues::Text(v.iter().map(|s| s.map(String::from)).collect())
    }

    #[test]
    fn sorts_by_value_not_by_text_with_nulls_last() {
        let r = result(vec![
            ("n", "Int64", ColumnValues::Int(vec![Some(10), None, Some(9), Some(-1)])),
            ("s", "Utf8", text(&[Some("b"), Some("a"), None, Some("c")])),
        ]);
        // Numerically 9 < 10, where as text "10" < "9".
        assert_eq!(sort_order(&r, 0, Direction::Ascending), vec![3, 2, 0, 1]);
        assert_eq!(sort_order(&r, 0, Direction::Descending), vec![0, 2, 3, 1]);
        assert_eq!(sort_order(&r, 1, Direction::Ascending), vec![1, 0, 3, 2]);
        assert_eq!(sort_order(&r, 1, Direction::Descending), vec![3, 0, 1, 2]);
        let f = result(vec![("f", "Float64", ColumnValues::Float(vec![Some(2.5), Some(-0.5), None]))]);
        assert_eq!(sort_order(&f, 0, Direction::Descending), vec![0, 1, 2]);
    }

    #[test]
    fn formats_for_reading() {
        let c = |data_type: &str, values| Column { name: "c".into(), data_type: data_type.into(), values };
        let ints = c("Int64", ColumnValues::Int(vec![Some(1_234_567), Some(-9_876), None]));
        assert_eq!(cell_text(&ints, 0).as_deref(), Some("1,234,567"));
        assert_eq!(cell_text(&ints, 1).as_deref(), Some("-9,876"));
        assert_eq!(cell_text(&ints, 2), None);
        let floats = c("Float64", ColumnValues::Float(vec![Some(12345.6789), Some(0.5), Some(-0.0001), Some(3.0)]));
        let shown: Vec<_> = (0..4).map(|i| cell_text(&floats, i).unwrap()).collect();
        assert_eq!(shown, ["12,345.679", "0.5", "0", "3"]);
        let ts = c("Timestamp(Nanosecond, None)", text(&[Some("2024-10-04T12:00:00")]));
        assert_eq!(cell_text(&ts, 0).as_deref(), Some("2024-10-04 12:00:00"));
        let date = c("Date32", text(&[Some("2024-10-04")]));
        assert_eq!(cell_text(&date, 0).as_deref(), Some("2024-10-04"));
    }

    #[test]
    fn widths_fit_the_widest_of_name_type_and_cells() {
        let r = result(vec![
            ("user_id", "Int64", ColumnValues::Int(vec![Some(1), Some(1_000_000)])),
            ("x", "Utf8", text(&[Some(&"w".repeat(100)), None])),
            ("b", "Boolean", ColumnValues::Bool(vec![Some(true), None])),
        ]);
        // Headers: name + type + 4 ("user_id Int64" is 16, "b Boolean" 12); cells: text + 3
        // ("1,000,000" is 12); the long text is capped.
        assert_eq!(column_widths(&r), vec![16, 48, 12]);
    }

    #[test]
    fn the_widest_cell_is_found_anywhere_in_a_long_result() {
        let mut values: Vec<Option<i64>> = (0..100_000).map(|i| Some(i % 10)).collect();
        values[77_777] = Some(123_456_789_012);
        let r = result(vec![("n", "Int64", ColumnValues::Int(values.clone()))]);
        // The sample misses row 77,777 but takes the last row, also wide.
        values[99_999] = Some(1_000_000_000_000);
        let last = result(vec![("n", "Int64", ColumnValues::Int(values))]);
        assert_eq!(column_widths(&last), vec!["1,000,000,000,000".len() + 3]);
        // Sampled evenly: every 50th row of 100,000.
        let stride = result(vec![(
            "n",
            "Int64",
            ColumnValues::Int((0..100_000).map(|i| Some(if i == 50_000 { 10_i64.pow(12) } else { 1 })).collect()),
        )]);
        assert_eq!(column_widths(&stride), vec!["1,000,000,000,000".len() + 3]);
        assert_eq!(column_widths(&r), vec![10]);
    }

    #[test]
    fn copies_raw_values_as_tab_separated_text() {
        let r = result(vec![
            ("n", "Int64", ColumnValues::Int(vec![Some(1234), None])),
            ("s", "Utf8", text(&[Some("a\tb"), Some("line\nbreak")])),
        ]);
        assert_eq!(copy_text(&r, [0, 1], true), "n\ts\n1234\ta b\n\tline break");
        assert_eq!(copy_text(&r, [1], false), "\tline break");
    }
}
