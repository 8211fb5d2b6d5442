//! Whether a result is a series over dates, and its lines: the grid offers a chart when
//! one column holds days (`ds`, a `Date` type, or text that reads `YYYY-MM-DD`) and others
//! hold numbers.

use std::collections::BTreeMap;

use playground_protocol::{Column, ColumnValues, QueryResult};

/// Lines drawn at most; more would be unreadable.
const MAX_LINES: usize = 8;

/// A result read as dated values: one line per numeric column, or one line per value of
/// a category column (`ds, device, users` gives a line per device).
#[derive(Debug, Clone, PartialEq)]
pub struct DateSeries {
    /// The date column's name.
    pub x: String,
    /// Every date, ascending.
    pub dates: Vec<String>,
    /// The numbers the lines show, e.g. `users`.
    pub y: String,
    /// (line name, value per date) for each line.
    pub lines: Vec<(String, Vec<Option<f64>>)>,
}

fn is_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn date_texts(c: &Column, rows: usize) -> Option<Vec<String>> {
    let ColumnValues::Text(v) = &c.values else { return None };
    let named = c.name == "ds" || c.data_type.starts_with("Date");
    let texts: Option<Vec<String>> = v.iter().take(rows).map(|s| s.clone().filter(|s| is_day(s))).collect();
    texts.filter(|_| named || v.iter().take(rows).all(|s| s.as_deref().is_some_and(is_day)))
}

fn number(c: &Column, row: usize) -> Option<f64> {
    match &c.values {
        ColumnValues::Int(v) => v[row].map(|x| x as f64),
        ColumnValues::Float(v) => v[row],
        _ => None,
    }
}

/// The series in `result`, if it is one: at least two distinct dates and a number.
pub fn date_series(result: &QueryResult) -> Option<DateSeries> {
    let rows = result.kept_rows;
    let (x_index, dates) = result.columns.iter().enumerate().find_map(|(i, c)| Some((i, date_texts(c, rows)?)))?;
    let numeric: Vec<&Column> = result
        .columns
        .iter()
        .enumerate()
        .filter(|&(i, c)| i != x_index && c.values.is_numeric())
        .map(|(_, c)| c)
        .collect();
    let first_numeric = numeric.first()?;
    let others: Vec<&Column> = result
        .columns
        .iter()
        .enumerate()
        .filter(|&(i, c)| i != x_index && !c.values.is_numeric())
        .map(|(_, c)| c)
        .collect();
    let distinct: Vec<String> = dates.iter().cloned().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    if distinct.len() < 2 {
        return None;
    }
    let slot: BTreeMap<&str, usize> = distinct.iter().enumerate().map(|(i, d)| (d.as_str(), i)).collect();
    let mut lines: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    let y;
    if distinct.len() == dates.len() {
        // One row per date: each numeric column is a line.
        y = numeric.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
        for c in numeric.iter().take(MAX_LINES) {
            let mut values = vec![None; distinct.len()];
            for (row, d) in dates.iter().enumerate() {
                values[slot[d.as_str()]] = number(c, row);
            }
            lines.push((c.name.clone(), values));
        }
    } else {
        // Several rows per date: a single category column splits them into lines.
        let [category] = others.as_slice() else { return None };
        y = first_numeric.name.clone();
        let mut by_name: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
        for (row, d) in dates.iter().enumerate() {
            let name = category.values.display(row).unwrap_or_else(|| "NULL".into());
            let values = by_name.entry(name).or_insert_with(|| vec![None; distinct.len()]);
            if values[slot[d.as_str()]].replace(number(first_numeric, row).unwrap_or(f64::NAN)).is_some() {
                // Two rows for one date and category: not a series.
                return None;
            }
        }
        if by_name.len() > MAX_LINES {
            return None;
        }
        lines =
            by_name.into_iter().map(|(k, v)| (k, v.into_iter().map(|x| x.filter(|x| !x.is_nan())).collect())).collect();
    }
    Some(DateSeries { x: result.columns[x_index].name.clone(), dates: distinct, y, lines })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbench::grid::tests::result;

    fn text(v: &[&str]) -> ColumnValues {
        ColumnValues::Text(v.iter().map(|s| Some(s.to_string())).collect())
    }

    #[test]
    fn a_count_per_day_is_one_line_in_date_order() {
        let r = result(vec![
            ("ds", "Utf8", text(&["2024-10-02", "2024-10-01", "2024-10-03"])),
            ("users", "Int64", ColumnValues::Int(vec![Some(20), Some(10), None])),
        ]);
        let s = date_series(&r).unwrap();
        assert_eq!(s.dates, ["2024-10-01", "2024-10-02", "2024-10-03"]);
        assert_eq!(s.lines, vec![("users".to_string(), vec![Some(10.0), Some(20.0), None])]);
    }

    #[test]
    fn a_category_column_makes_a_line_per_value() {
        let r = result(vec![
            ("ds", "Utf8", text(&["2024-10-01", "2024-10-01", "2024-10-02", "2024-10-02"])),
            ("device", "Utf8", text(&["ios", "web", "ios", "web"])),
            ("users", "Int64", ColumnValues::Int(vec![Some(1), Some(2), Some(3), Some(4)])),
        ]);
        let s = date_series(&r).unwrap();
        assert_eq!(s.y, "users");
        assert_eq!(
            s.lines,
            vec![("ios".to_string(), vec![Some(1.0), Some(3.0)]), ("web".to_string(), vec![Some(2.0), Some(4.0)])]
        );
    }

    #[test]
    fn other_results_are_not_series() {
        // No numbers.
        assert!(date_series(&result(vec![("ds", "Utf8", text(&["2024-10-01", "2024-10-02"]))])).is_none());
        // One date only.
        let one = result(vec![("ds", "Utf8", text(&["2024-10-01"])), ("n", "Int64", ColumnValues::Int(vec![Some(1)]))]);
        assert!(date_series(&one).is_none());
        // Not dates.
        let names = result(vec![
            ("name", "Utf8", text(&["a", "b"])),
            ("n", "Int64", ColumnValues::Int(vec![Some(1), Some(2)])),
        ]);
        assert!(date_series(&names).is_none());
        // Repeated dates with no category to split them.
        let repeated = result(vec![
            ("ds", "Utf8", text(&["2024-10-01", "2024-10-01", "2024-10-02"])),
            ("n", "Int64", ColumnValues::Int(vec![Some(1), Some(2), Some(3)])),
        ]);
        assert!(date_series(&repeated).is_none());
        // A date column under another name is recognised by its values.
        let day = result(vec![
            ("day", "Date32", text(&["2024-10-01", "2024-10-02"])),
            ("n", "Float64", ColumnValues::Float(vec![Some(1.5), Some(2.5)])),
        ]);
        assert_eq!(date_series(&day).unwrap().x, "day");
    }
}
