//! The verdict: both results compared as multisets, ignoring row order. Either
//! "identical (N rows)", or the rows each side has that the other lacks, with counts.

use playground_protocol::{DiffRow, Verdict};
use yew::prelude::*;

use crate::format::thousands;

/// Props of [`VerdictView`].
#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    /// The verdict of the last comparison.
    pub verdict: Verdict,
    /// Label of the left pane.
    pub left_label: AttrValue,
    /// Label of the right pane.
    pub right_label: AttrValue,
    /// Prefix of the element ids, so a lesson's verdict and the compare tab's keep theirs apart.
    #[prop_or_default]
    pub id_prefix: AttrValue,
}

/// Distinct rows the engine lists per side.
pub const LISTED: usize = 100;

/// The rows found on one side only, with how many extra times each occurs.
pub fn diff_table(id: String, title: String, columns: &[String], rows: &[DiffRow]) -> Html {
    html! {
        <div class="diff-side" {id}>
            <h4>{ title }</h4>
            if rows.is_empty() {
                <p class="muted">{ "none" }</p>
            } else {
                <table class="result-grid">
                    <thead><tr>
                        { for columns.iter().map(|c| html! { <th>{ c }</th> }) }
                        <th class="num">{ "× times" }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|r| html! {
                            <tr>
                                { for r.cells.iter().map(|c| match c {
                                    Some(v) => html! { <td>{ v }</td> },
                                    None => html! { <td class="null">{ "NULL" }</td> },
                                }) }
                                <td class="num">{ r.count }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

/// Shows whether the two sides agree.
#[component]
pub fn VerdictView(props: &VerdictProps) -> Html {
    let id = |name: &str| format!("{}{name}", props.id_prefix);
    match &props.verdict {
        Verdict::Identical { rows } => html! {
            <section class="verdict identical" id={id("verdict")} role="status">
                { format!(
                    "✓ Identical ({} row{}): same rows, same counts, order ignored.",
                    thousands(*rows),
                    if *rows == 1 { "" } else { "s" }
                ) }
            </section>
        },
        Verdict::Different { columns, only_left, only_right, only_left_rows, only_right_rows } => html! {
            <section class="verdict different" id={id("verdict")} role="status">
                <p class="headline">{ format!(
                    "✗ Different: {} row{} only in {}, {} only in {}.",
                    thousands(*only_left_rows),
                    if *only_left_rows == 1 { "" } else { "s" },
                    props.left_label,
                    thousands(*only_right_rows),
                    props.right_label
                ) }</p>
                <div class="diff">
                    { diff_table(id("only-left"), format!("Only in {}", props.left_label), columns, only_left) }
                    { diff_table(id("only-right"), format!("Only in {}", props.right_label), columns, only_right) }
                </div>
                if only_left.len() >= LISTED || only_right.len() >= LISTED {
                    <p class="muted">{ format!("The first {LISTED} distinct rows of each side are listed.") }</p>
                }
            </section>
        },
        Verdict::NotCompared(reason) => html! {
            <section class="verdict not-compared" id={id("verdict")} role="status">
                { format!("Not compared: {reason}.") }
            </section>
        },
    }
}
