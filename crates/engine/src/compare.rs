//! Comparing two query results as multisets of rows, ignoring row order: the proof that
//! the datestamp and SCD2 versions of a question agree, or the diff when they do not.

use std::collections::BTreeMap;

use datafusion::arrow::array::RecordBatch;
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::error::DataFusionError;
use datafusion::execution::memory_pool::{MemoryConsumer, MemoryReservation};
use datafusion::logical_expr::{Expr, LogicalPlan, Operator};
use playground_protocol::{
    CompareRequest, Comparison, DiffRow, EngineError, QueryResult, SideOutcome, SideResult, Verdict, COMPARE_ROW_LIMIT,
};

pub use playground_protocol::median;

use crate::columns::to_columns;
use crate::error::bad_input;
use crate::Warehouse;

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
    (0..r.kept_rows).map(|i| r.columns.iter().map(|c| c.values.display(i)).collect()).collect()
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

/// Diff rows sent to the page per side; the totals count them all.
const DIFF_ROWS_SHOWN: usize = 100;

/// Columns whose comparisons are date logic: the partition date and the SCD2 range.
const DATE_COLUMNS: [&str; 3] = ["ds", "valid_from", "valid_to"];

/// Counts the comparisons a plan makes on date columns (`=`, `<`, `<=`, `>`, `>=`, `<>`,
/// `BETWEEN`, `IS [NOT] NULL`), across joins, filters and subqueries.
pub fn date_predicates(plan: &LogicalPlan) -> u32 {
    fn is_date_column(e: &Expr) -> bool {
        match e {
            Expr::Column(c) => DATE_COLUMNS.contains(&c.name.as_str()),
            Expr::Cast(c) => is_date_column(&c.expr),
            Expr::TryCast(c) => is_date_column(&c.expr),
            _ => false,
        }
    }
    let mut count = 0;
    let _ = plan.apply_with_subqueries(|node| {
        for expr in node.expressions() {
            let _ = expr.apply(|e| {
                let hit = match e {
                    Expr::BinaryExpr(b) => {
                        matches!(
                            b.op,
                            Operator::Eq
                                | Operator::NotEq
                                | Operator::Lt
                                | Operator::LtEq
                                | Operator::Gt
                                | Operator::GtEq
                        ) && (is_date_column(&b.left) || is_date_column(&b.right))
                    }
                    Expr::Between(b) => is_date_column(&b.expr),
                    Expr::IsNull(inner) | Expr::IsNotNull(inner) => is_date_column(inner),
                    _ => false,
                };
                count += u32::from(hit);
                Ok(TreeNodeRecursion::Continue)
            });
        }
        Ok(TreeNodeRecursion::Continue)
    });
    count
}

/// One side's run: the result shown, and every row as text unless there were too many.
struct Side {
    result: SideResult,
    rows: Option<Vec<Row>>,
    /// Holds the rows' share of the memory budget while they are held.
    _memory: MemoryReservation,
}

impl Warehouse {
    /// Runs both queries of a comparison `runs` times each and compares their results as
    /// multisets. A failing side is reported in its own pane; the other still runs.
    /// Results over [`COMPARE_ROW_LIMIT`] rows are shown but not compared.
    pub async fn compare(&self, request: &CompareRequest) -> Result<Comparison, EngineError> {
        if !(1..=20).contains(&request.runs) {
            return Err(bad_input(format!("runs must be between 1 and 20, not {}", request.runs)));
        }
        let left = self.run_side(&request.left_sql, request).await;
        let right = self.run_side(&request.right_sql, request).await;
        let verdict = match (&left, &right) {
            (Err(_), _) | (_, Err(_)) => {
                Verdict::NotCompared("one side failed; fix its query and run both again".into())
            }
            (Ok(l), Ok(r)) => verdict(l, r),
        };
        let outcome = |side: Result<Side, EngineError>| match side {
            Ok(s) => SideOutcome::Ran(s.result),
            Err(e) => SideOutcome::Failed(e),
        };
        Ok(Comparison { left: outcome(left), right: outcome(right), verdict })
    }

    async fn run_side(&self, sql: &str, request: &CompareRequest) -> Result<Side, EngineError> {
        let date_predicates = date_predicates(self.plan(sql).await?.logical_plan());
        let mut all_rows = Some(Vec::new());
        // The rows held for the verdict count against the engine's memory budget.
        let mut memory =
            MemoryConsumer::new("rows held for the comparison").register(&self.context().runtime_env().memory_pool);
        let first = self
            .run_with(sql, request.max_rows, |batch: &RecordBatch| collect_rows(&mut all_rows, &mut memory, batch))
            .await?;
        let mut run_ms = vec![first.metrics.elapsed_ms];
        let mut last = first;
        for _ in 1..request.runs {
            last = self.run(sql, request.max_rows).await?;
            run_ms.push(last.metrics.elapsed_ms);
        }
        Ok(Side {
            result: SideResult { result: last, median_ms: median(&run_ms), run_ms, date_predicates },
            rows: all_rows,
            _memory: memory,
        })
    }
}

/// Adds a batch's rows as text, or gives up on holding them past the limit.
fn collect_rows(
    rows: &mut Option<Vec<Row>>,
    memory: &mut MemoryReservation,
    batch: &RecordBatch,
) -> datafusion::error::Result<()> {
    let Some(held) = rows else { return Ok(()) };
    if held.len() as u64 + batch.num_rows() as u64 > COMPARE_ROW_LIMIT {
        *rows = None;
        memory.free();
        return Ok(());
    }
    let columns = to_columns(&batch.schema(), std::slice::from_ref(batch))?;
    let added: Vec<Row> =
        (0..batch.num_rows()).map(|i| columns.iter().map(|c| c.values.display(i)).collect()).collect();
    memory.try_grow(added.iter().map(row_bytes).sum())?;
    held.extend(added);
    Ok::<(), DataFusionError>(())
}

/// What a row held as text costs: each cell's characters and its `Option<String>`.
fn row_bytes(row: &Row) -> usize {
    std::mem::size_of::<Row>()
        + row.iter().map(|c| std::mem::size_of_val(c) + c.as_ref().map_or(0, String::len)).sum::<usize>()
}

fn verdict(left: &Side, right: &Side) -> Verdict {
    let (Some(l), Some(r)) = (&left.rows, &right.rows) else {
        let big = |s: &Side| s.result.result.total_rows;
        return Verdict::NotCompared(format!(
            "too large to compare in the browser: {} and {} rows (the limit is {} rows a side); \
             add a filter or an aggregate",
            playground_protocol::thousands(big(left)),
            playground_protocol::thousands(big(right)),
            playground_protocol::thousands(COMPARE_ROW_LIMIT)
        ));
    };
    let diff = multiset_diff(l, r);
    if diff.is_identical() {
        return Verdict::Identical { rows: l.len() as u64 };
    }
    let shown = |rows: &[(Row, u64)]| {
        rows.iter()
            .take(DIFF_ROWS_SHOWN)
            .map(|(cells, count)| DiffRow { cells: cells.clone(), count: *count })
            .collect()
    };
    let total = |rows: &[(Row, u64)]| rows.iter().map(|(_, n)| n).sum();
    Verdict::Different {
        columns: left.result.result.columns.iter().map(|c| c.name.clone()).collect(),
        only_left: shown(&diff.only_left),
        only_right: shown(&diff.only_right),
        only_left_rows: total(&diff.only_left),
        only_right_rows: total(&diff.only_right),
    }
}
