//! A query's answer: typed result columns and what the execution cost.

use serde::{Deserialize, Serialize};

use crate::numbers::thousands;

/// A query's kept rows, total row count and metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryResult {
    /// Result columns holding the first `kept_rows` rows.
    pub columns: Vec<Column>,
    /// Rows held in `columns`.
    pub kept_rows: usize,
    /// Rows the query produced in all.
    pub total_rows: u64,
    /// What the execution cost.
    pub metrics: QueryMetrics,
    /// The executed physical plan, annotated with its metrics.
    pub plan_with_metrics: String,
}

/// One result column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Arrow data type as Arrow prints it.
    pub data_type: String,
    /// The values, typed.
    pub values: ColumnValues,
}

/// Column values in the smallest faithful form. Types with no variant of their own
/// (dates, timestamps, decimals, lists) travel as text formatted by Arrow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ColumnValues {
    /// Signed and unsigned integers that fit in `i64`.
    Int(Vec<Option<i64>>),
    /// Floating point numbers.
    Float(Vec<Option<f64>>),
    /// Booleans.
    Bool(Vec<Option<bool>>),
    /// Strings, and every other type as Arrow formats it.
    Text(Vec<Option<String>>),
}

impl ColumnValues {
    /// Whether the column holds numbers (the grid right-aligns those).
    pub fn is_numeric(&self) -> bool {
        matches!(self, ColumnValues::Int(_) | ColumnValues::Float(_))
    }

    /// The value at `row` as display text; `None` for SQL NULL.
    ///
    /// ```
    /// use playground_protocol::ColumnValues;
    /// let v = ColumnValues::Int(vec![Some(3), None]);
    /// assert_eq!(v.display(0).as_deref(), Some("3"));
    /// assert_eq!(v.display(1), None);
    /// ```
    pub fn display(&self, row: usize) -> Option<String> {
        match self {
            ColumnValues::Int(v) => v.get(row).copied().flatten().map(|x| x.to_string()),
            ColumnValues::Float(v) => v.get(row).copied().flatten().map(|x| x.to_string()),
            ColumnValues::Bool(v) => v.get(row).copied().flatten().map(|x| x.to_string()),
            ColumnValues::Text(v) => v.get(row).cloned().flatten(),
        }
    }
}

/// Execution metrics of one query, read from DataFusion's plan metrics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryMetrics {
    /// Wall-clock time from SQL text to last batch, in milliseconds.
    pub elapsed_ms: f64,
    /// Rows in the result.
    pub output_rows: u64,
    /// Rows produced by the table scans.
    pub rows_scanned: u64,
    /// Bytes the Parquet readers fetched.
    pub bytes_scanned: u64,
    /// Partitions of the scanned tables, all of them.
    pub partitions_total: u64,
    /// Partitions the scans actually read.
    pub partitions_scanned: u64,
    /// Partitions listed for a scan but skipped whole from their Parquet statistics
    /// (counted in [`QueryMetrics::partitions_pruned`] too).
    pub files_pruned: u64,
    /// Row groups skipped from Parquet statistics.
    pub row_groups_pruned: u64,
    /// The query read tables but no file: DataFusion answered it (a `count(*)`, `min`,
    /// `max`) from the Parquet statistics it keeps per file.
    pub answered_from_statistics: bool,
    /// Row groups that had to be read.
    pub row_groups_matched: u64,
    /// Most of the engine's query memory (DataFusion's pool and the rows kept for the
    /// page) this query used at once.
    #[serde(default)]
    pub memory_peak_bytes: u64,
    /// What the engine held outside the query meanwhile: stored files and a waiting import.
    #[serde(default)]
    pub memory_held_bytes: u64,
}

impl QueryMetrics {
    /// Partitions skipped by pruning. None when the query was answered from statistics:
    /// those partitions were not ruled out by a filter, only not needed.
    pub fn partitions_pruned(&self) -> u64 {
        if self.answered_from_statistics {
            return 0;
        }
        self.partitions_total.saturating_sub(self.partitions_scanned)
    }

    /// What the query did with partitions, for people.
    ///
    /// ```
    /// use playground_protocol::QueryMetrics;
    /// let m = QueryMetrics { partitions_total: 120, answered_from_statistics: true, ..Default::default() };
    /// assert_eq!(m.partitions_summary(), "none of 120 read: answered from file statistics");
    /// let m = QueryMetrics { partitions_total: 120, partitions_scanned: 1, ..Default::default() };
    /// assert_eq!(m.partitions_summary(), "1 of 120 scanned, 119 pruned");
    /// assert_eq!(QueryMetrics::default().partitions_summary(), "none: the tables read are not partitioned");
    /// ```
    pub fn partitions_summary(&self) -> String {
        if self.answered_from_statistics {
            format!("none of {} read: answered from file statistics", thousands(self.partitions_total))
        } else if self.partitions_total == 0 {
            "none: the tables read are not partitioned".to_string()
        } else {
            format!(
                "{} of {} scanned, {} pruned",
                thousands(self.partitions_scanned),
                thousands(self.partitions_total),
                thousands(self.partitions_pruned())
            )
        }
    }
}
