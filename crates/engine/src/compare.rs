//! Comparing two query results as multisets of rows, ignoring row order: the proof that
//! the datestamp and SCD2 versions of a question agree, or the diff when they do not.

use std::collections::BTreeMap;

use playground_protocol::QueryResult;

/// A row as display text per cell (`None` for NULL), comparable across column types.
pub type Row = Vec<Option<String>>;

/// Rows found on one side only, with how many more times they occur there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MultisetDiff {
    /// Rows in the left result beyond their count in the right one.
    pub only_left: Vec<(Row, u64)>,
    /// Rows in the right result beyond their count in the left one.
    pub only_right: Vec<(Row, u64)>,
}

impl MultisetDiff {
    /// Whether both sides hold the same rows the same number of times.
    pub fn is_identical(&self) -> bool {
        self.only_left.is_empty() && self.only_right.is_empty()
    }
}

/// The rows of a result, as text.
pub fn rows(r: &QueryResult) -> Vec<Row> {
    (0..r.kept_rows)
        .map(|i| r.columns.iter().map(|c| c.values.display(i)).collect())
        .collect()
}

/// Compares two row lists as multisets.
///
/// ```
/// use playground_engine::compare::multiset_diff;
/// let a = vec![vec![Some("1".to_string())], vec![Some("1".to_string())]];
/// let b = vec![vec![Some("1".to_string())]];
/// let d = multiset_diff(&a, &b);
/// assert_eq!(d.only_left, vec![(vec![Some("1".to_string())], 1)]);
/// assert!(d.only_right.is_empty());
/// ```
pub fn multiset_diff(left: &[Row], right: &[Row]) -> MultisetDiff {
    let mut counts: BTreeMap<&Row, i64> = BTreeMap::new();
    for r in left {
        *counts.entry(r).or_default() += 1;
    }
    for r in right {
        *counts.entry(r).or_default() -= 1;
    }
    let mut diff = MultisetDiff::default();
    for (row, n) in counts {
        if n > 0 {
            diff.only_left.push((row.clone(), n as u64));
        } else if n < 0 {
            diff.only_right.push((row.clone(), n.unsigned_abs()));
        }
    }
    diff
}
