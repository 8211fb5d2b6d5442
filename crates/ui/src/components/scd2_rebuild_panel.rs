//! SCD2 rebuilt from the snapshots in one pass, checked against the daily merge chain:
//! the same tables, and what each way costs.

use playground_protocol::Scd2RebuildCheck;
use yew::prelude::*;

use crate::format::millis;

/// Props of [`Scd2RebuildPanel`].
#[derive(Properties, PartialEq)]
pub struct Scd2RebuildPanelProps {
    /// The engine is ready and not busy.
    pub idle: bool,
    /// Days merged so far, of all, while the check runs.
    pub progress: Option<(u32, u32)>,
    /// The last check.
    pub report: Option<Scd2RebuildCheck>,
    /// Why it failed.
    pub error: Option<String>,
    /// Run the check.
    pub on_check: Callback<()>,
}

fn report(r: &Scd2RebuildCheck) -> Html {
    let agree = r.tables.iter().filter(|t| t.identical).count();
    html! {
        <div class="real-report" id="rebuild-report">
            <p id="rebuild-verdict" class={if agree == r.tables.len() { "ok" } else { "bad" }}>{ format!(
                "{agree} of {} SCD2 tables are the same both ways, row for row.", r.tables.len()
            ) }</p>
            <table class="rebuild-table">
                <thead><tr>
                    <th>{ "table" }</th><th>{ "versions" }</th>
                    <th>{ format!("{} daily merges", r.days) }</th><th>{ "one pass" }</th><th>{ "same" }</th>
                </tr></thead>
                <tbody>
                    { for r.tables.iter().map(|t| html! {
                        <tr>
                            <td>{ &t.table }</td>
                            <td>{ if t.chain_rows == t.one_pass_rows { t.chain_rows.to_string() }
                                  else { format!("{} vs {}", t.chain_rows, t.one_pass_rows) } }</td>
                            <td>{ millis(t.chain_ms) }</td>
                            <td>{ millis(t.one_pass_ms) }</td>
                            <td>{ if t.identical { "yes" } else { "no" } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The check's button and report.
#[component]
pub fn Scd2RebuildPanel(props: &Scd2RebuildPanelProps) -> Html {
    let check = props.on_check.reform(|_: MouseEvent| ());
    html! {
        <>
            <h3>{ "SCD2 from the snapshots, in one pass" }</h3>
            <p class="explanation">{ "With a full snapshot for every day, an SCD2 table is a function of the snapshots: a version is a run of days on which a key kept the same values. One window-function statement computes them all, and this playground builds its SCD2 tables that way. The check below merges every day one after another instead, as a daily SCD2 pipeline does, and compares. The reverse is impossible: an SCD2 table cannot give back the snapshots once the raw data is gone." }</p>
            <div class="sim-form">
                <button id="rebuild-check" class="primary" disabled={!props.idle} onclick={check}>
                    { "Check against the daily merges" }
                </button>
                if let Some((done, total)) = props.progress {
                    <span id="rebuild-progress">{ format!("merged {done} of {total} days") }</span>
                }
            </div>
            if let Some(message) = &props.error {
                <div class="as-of-problem" id="rebuild-error" role="alert">{ message }</div>
            }
            { for props.report.as_ref().map(report) }
        </>
    }
}
