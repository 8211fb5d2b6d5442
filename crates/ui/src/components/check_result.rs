//! An exercise's check: the learner's rows against the expected ones as multisets, said
//! in words, with the rows missing from theirs and the rows they have too many of.

use playground_protocol::Verdict;
use playground_queries::lessons::check::explain;
use yew::prelude::*;

use crate::components::verdict::{diff_table, LISTED};

/// Props of [`CheckResult`].
#[derive(Properties, PartialEq)]
pub struct CheckResultProps {
    /// The learner's query (left) against the expected answer (right).
    pub verdict: Verdict,
}

/// The check's outcome.
#[component]
pub fn CheckResult(props: &CheckResultProps) -> Html {
    let outcome = explain(&props.verdict);
    let class = if outcome.passed { "verdict identical" } else { "verdict different" };
    html! {
        <section {class} id="lesson-check" role="status">
            <p class="headline" id="lesson-check-summary">{ outcome.summary }</p>
            if let Verdict::Different { columns, only_left, only_right, .. } = &props.verdict {
                <div class="diff">
                    { diff_table("lesson-missing".into(), "Missing from your result".into(), columns, only_right) }
                    { diff_table("lesson-extra".into(), "Extra in your result".into(), columns, only_left) }
                </div>
                if only_left.len() >= LISTED || only_right.len() >= LISTED {
                    <p class="muted">{ format!("The first {LISTED} distinct rows of each side are listed.") }</p>
                }
            }
        </section>
    }
}
