//! Messages of the compare view: two queries run side by side, timed over several runs,
//! and their results compared as multisets of rows.

use serde::{Deserialize, Serialize};

use crate::{EngineError, QueryResult};

/// Runs per side when the UI does not say: enough for a stable median, few enough that
/// "Run both" answers at once on the default warehouse.
pub const DEFAULT_RUNS: u32 = 5;

/// Rows per side beyond which results are not compared: the engine refuses rather than
/// hold millions of rows in the tab's memory.
pub const COMPARE_ROW_LIMIT: u64 = 200_000;

/// Two queries to run and compare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareRequest {
    /// Left pane's SQL, placeholders already filled.
    pub left_sql: String,
    /// Right pane's SQL.
    pub right_sql: String,
    /// Timed runs per side (1 to 20); the median is reported.
    pub runs: u32,
    /// Rows of each result sent back for display.
    pub max_rows: usize,
}

/// One pane's outcome: its result, or its own error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SideOutcome {
    /// The query ran.
    Ran(SideResult),
    /// The query failed; the other pane is unaffected.
    Failed(EngineError),
}

/// What one pane's query returned and cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideResult {
    /// Rows and metrics of the last run.
    pub result: QueryResult,
    /// Wall time of every run, in milliseconds, in run order.
    pub run_ms: Vec<f64>,
    /// Median of `run_ms`.
    pub median_ms: f64,
    /// Comparisons the query makes on `ds`, `valid_from` or `valid_to`: the date logic
    /// a reader has to get right.
    pub date_predicates: u32,
}

/// A row found on one side only, with how many more times it occurs there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffRow {
    /// Cells as display text, `None` for NULL.
    pub cells: Vec<Option<String>>,
    /// Extra occurrences on this side.
    pub count: u64,
}

/// The verdict of comparing both results as multisets, ignoring row order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Verdict {
    /// Same rows, same number of times.
    Identical {
        /// Rows on each side.
        rows: u64,
    },
    /// The results differ.
    Different {
        /// Column names of the left result (the diff's header).
        columns: Vec<String>,
        /// Rows only in the left result (at most 100 shown).
        only_left: Vec<DiffRow>,
        /// Rows only in the right result (at most 100 shown).
        only_right: Vec<DiffRow>,
        /// Extra rows on the left, counting repeats.
        only_left_rows: u64,
        /// Extra rows on the right, counting repeats.
        only_right_rows: u64,
    },
    /// Nothing to compare, and why (a side failed, or a result is too large).
    NotCompared(String),
}

/// Both panes and the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Left pane.
    pub left: SideOutcome,
    /// Right pane.
    pub right: SideOutcome,
    /// Whether they agree.
    pub verdict: Verdict,
}
