//! What an exercise's check tells the learner: the engine compares their result with the
//! expected one as multisets of rows, and this says what differs in words, never just
//! "wrong".

use playground_protocol::{thousands, Verdict};

/// The check's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOutcome {
    /// The learner's result is the expected one.
    pub passed: bool,
    /// One sentence saying so, or what differs.
    pub summary: String,
}

fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{} rows", thousands(n))
    }
}

/// Reads a comparison whose left side is the learner's query and right side the
/// expected answer.
///
/// ```
/// use playground_protocol::Verdict;
/// use playground_queries::lessons::check::explain;
/// let v = Verdict::Different { columns: vec![], only_left: vec![], only_right: vec![],
///     only_left_rows: 3, only_right_rows: 1 };
/// let out = explain(&v);
/// assert!(!out.passed);
/// assert_eq!(out.summary, "Not yet: your result is missing 1 row the answer has, and has 3 rows too many.");
/// assert!(explain(&Verdict::Identical { rows: 12 }).passed);
/// ```
pub fn explain(verdict: &Verdict) -> CheckOutcome {
    match verdict {
        Verdict::Identical { rows: n } => {
            CheckOutcome { passed: true, summary: format!("Right: your {} are exactly the expected ones.", rows(*n)) }
        }
        Verdict::Different { only_left_rows: extra, only_right_rows: missing, .. } => {
            let parts: Vec<String> = [
                (*missing > 0).then(|| format!("is missing {} the answer has", rows(*missing))),
                (*extra > 0).then(|| format!("has {} too many", rows(*extra))),
            ]
            .into_iter()
            .flatten()
            .collect();
            CheckOutcome { passed: false, summary: format!("Not yet: your result {}.", parts.join(", and ")) }
        }
        Verdict::NotCompared(why) => CheckOutcome { passed: false, summary: format!("Could not check: {why}") },
    }
}
