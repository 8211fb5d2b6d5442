//! "No such day": a `ds` compared with text that is not a calendar day.
//!
//! `ds` is text, so `WHERE ds = '2024-02-30'` or `WHERE ds = 'yesterday'` is valid SQL that
//! quietly matches nothing. A person learning datestamps reads that as "no data that day";
//! the engine says instead that no such day exists, and which days the warehouse holds.

use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{BinaryExpr, Expr, LogicalPlan, Operator};
use playground_protocol::{EngineError, ErrorKind};

use crate::layout::{parse_ds, PARTITION_COLUMN};

/// Finds the first `ds` compared with text that cannot be a day. `=`, `<>` and `IN` need
/// a calendar day; `<`, `>` and friends accept any text (`ds >= '2024-12'` is a known
/// idiom) unless it is shaped like a day that does not exist. `is_day_column` says whether
/// a `ds` of the given table (`None` when unqualified) is a partition column.
pub(crate) fn no_such_day(plan: &LogicalPlan, is_day_column: impl Fn(Option<&str>) -> bool) -> Option<String> {
    let mut found = None;
    let _ = plan.apply_with_subqueries(|node| {
        node.apply_expressions(|expr| {
            expr.apply(|e| {
                found = found.take().or_else(|| bad_day_in(e, &is_day_column));
                Ok(if found.is_some() { TreeNodeRecursion::Stop } else { TreeNodeRecursion::Continue })
            })
        })
    });
    found
}

/// The error for `text`, with the days the warehouse holds (`first`, `last`) when known.
pub(crate) fn error(text: &str, held: Option<(String, String)>) -> EngineError {
    let why = if looks_like_day(text) {
        format!("there is no day '{text}' in the calendar")
    } else {
        format!("'{text}' is not a day")
    };
    let held = match held {
        Some((first, last)) => format!(" This warehouse holds {first} to {last}."),
        None => String::new(),
    };
    EngineError::new(
        ErrorKind::Plan,
        format!("{why}: `{PARTITION_COLUMN}` holds days written YYYY-MM-DD, such as '2025-01-16'.{held}"),
    )
}

fn bad_day_in(e: &Expr, is_day_column: &impl Fn(Option<&str>) -> bool) -> Option<String> {
    let is_ds = |e: &Expr| match strip_casts(e) {
        Expr::Column(c) => c.name == PARTITION_COLUMN && is_day_column(c.relation.as_ref().map(|r| r.table())),
        _ => false,
    };
    match e {
        Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
            let (text, exact) = match (is_ds(left), is_ds(right)) {
                (true, false) => (text_of(right)?, exact_match(*op)?),
                (false, true) => (text_of(left)?, exact_match(*op)?),
                _ => return None,
            };
            refused(text, exact)
        }
        Expr::InList(list) if is_ds(&list.expr) => list.list.iter().filter_map(text_of).find_map(|t| refused(t, true)),
        Expr::Between(b) if is_ds(&b.expr) => {
            [&b.low, &b.high].into_iter().filter_map(|e| text_of(e)).find_map(|t| refused(t, false))
        }
        _ => None,
    }
}

/// Whether `op` compares for an exact day (`Some(true)`), a range (`Some(false)`), or
/// something else.
fn exact_match(op: Operator) -> Option<bool> {
    match op {
        Operator::Eq | Operator::NotEq | Operator::IsDistinctFrom | Operator::IsNotDistinctFrom => Some(true),
        Operator::Lt | Operator::LtEq | Operator::Gt | Operator::GtEq => Some(false),
        _ => None,
    }
}

fn refused(text: &str, exact: bool) -> Option<String> {
    let bad = parse_ds(text).is_err() && (exact || looks_like_day(text));
    bad.then(|| text.to_string())
}

/// Digits and dashes in the places of YYYY-MM-DD.
fn looks_like_day(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

fn text_of(e: &Expr) -> Option<&str> {
    match strip_casts(e) {
        Expr::Literal(
            ScalarValue::Utf8(Some(s)) | ScalarValue::Utf8View(Some(s)) | ScalarValue::LargeUtf8(Some(s)),
            _,
        ) => Some(s.as_str()),
        _ => None,
    }
}

fn strip_casts(e: &Expr) -> &Expr {
    match e {
        Expr::Cast(c) => strip_casts(&c.expr),
        Expr::TryCast(c) => strip_casts(&c.expr),
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_comparisons_need_a_calendar_day() {
        assert_eq!(refused("2024-02-30", true), Some("2024-02-30".into()));
        assert_eq!(refused("yesterday", true), Some("yesterday".into()));
        assert_eq!(refused("2024-02-29", true), None);
    }

    #[test]
    fn ranges_accept_prefixes_but_not_impossible_days() {
        assert_eq!(refused("2024-12", false), None);
        assert_eq!(refused("2024-13-01", false), Some("2024-13-01".into()));
    }

    #[test]
    fn the_message_says_why_and_what_is_held() {
        let e = error("2024-02-30", Some(("2024-01-01".into(), "2024-03-01".into())));
        assert!(e.message.starts_with("there is no day '2024-02-30' in the calendar"), "{}", e.message);
        assert!(e.message.ends_with("This warehouse holds 2024-01-01 to 2024-03-01."), "{}", e.message);
        assert!(error("yesterday", None).message.starts_with("'yesterday' is not a day"));
    }
}
