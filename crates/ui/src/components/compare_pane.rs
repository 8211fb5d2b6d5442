//! One side of the compare view: an editable query, what it cost over several runs, how
//! much date logic it carries, and its result or its own error.

use std::rc::Rc;

use playground_protocol::{SideOutcome, SideResult};
use yew::prelude::*;

use crate::components::code_editor::CodeEditor;
use crate::components::error_panel::ErrorPanel;
use crate::components::metrics_strip::MetricsStrip;
use crate::components::plan_view::PlanView;
use crate::components::result_grid::{ResultGrid, SharedResult};
use crate::format::millis;

/// Props of [`ComparePane`].
#[derive(Properties, PartialEq)]
pub struct ComparePaneProps {
    /// `left` or `right`: prefixes the pane's element ids.
    pub side: AttrValue,
    /// What this side is, e.g. "Datestamps".
    pub label: AttrValue,
    /// The query text, with its `{{ … }}` placeholders.
    pub sql: AttrValue,
    /// The text that ran, placeholders filled (errors point into it).
    pub rendered: AttrValue,
    /// The last outcome for this side, if any.
    pub outcome: Option<SideOutcome>,
    /// The text was edited.
    pub on_change: Callback<String>,
}

fn timing(r: &SideResult) -> String {
    let runs = r.run_ms.len();
    let fastest = r.run_ms.iter().cloned().fold(f64::INFINITY, f64::min);
    let worst = r.run_ms.iter().cloned().fold(0.0, f64::max);
    format!(
        "median {} over {runs} run{} (fastest {}, slowest {})",
        millis(r.median_ms),
        if runs == 1 { "" } else { "s" },
        millis(fastest),
        millis(worst)
    )
}

/// One pane of the comparison.
#[component]
pub fn ComparePane(props: &ComparePaneProps) -> Html {
    let show_plan = use_state(|| false);
    let side = props.side.as_str();
    let toggle = {
        let show_plan = show_plan.clone();
        Callback::from(move |_: MouseEvent| show_plan.set(!*show_plan))
    };
    let prefix = format!("{side}-");
    // One shared copy per outcome, so the grid is not handed a new result at every render.
    let result = use_memo(props.outcome.clone(), |outcome| match outcome {
        Some(SideOutcome::Ran(r)) => Some(SharedResult(Rc::new(r.result.clone()))),
        _ => None,
    });
    // Errors point into the text that ran; mark them only where it is the text on screen.
    let error = match &props.outcome {
        Some(SideOutcome::Failed(e)) if props.rendered == props.sql => e.position.map(|p| (p, e.message.clone())),
        _ => None,
    };
    let body = match &props.outcome {
        None => html! { <p class="muted">{ "Not run yet." }</p> },
        Some(SideOutcome::Failed(error)) => html! {
            <ErrorPanel error={error.clone()} sql={props.rendered.clone()} id_prefix={prefix.clone()} />
        },
        Some(SideOutcome::Ran(r)) => html! {
            <>
                <div class="timing" id={format!("{side}-timing")}>{ timing(r) }</div>
                <MetricsStrip metrics={r.result.metrics.clone()} id_prefix={prefix.clone()} />
                <div class="plan-toggle">
                    <button id={format!("{side}-toggle-plan")} onclick={toggle}>
                        { if *show_plan { "Hide plan" } else { "EXPLAIN with metrics" } }
                    </button>
                </div>
                if *show_plan {
                    <PlanView title="Physical plan with metrics (last run)" plan={r.result.plan_with_metrics.clone()} id_prefix={prefix.clone()} />
                }
                if let Some(result) = (*result).clone() {
                    <ResultGrid {result} id_prefix={prefix.clone()} />
                }
            </>
        },
    };
    let predicates = match &props.outcome {
        Some(SideOutcome::Ran(r)) => html! {
            <span class="badge" id={format!("{side}-date-predicates")}
                title="comparisons on ds, valid_from or valid_to">
                { format!("{} date predicate{}", r.date_predicates, if r.date_predicates == 1 { "" } else { "s" }) }
            </span>
        },
        _ => html! {},
    };
    html! {
        <section class={classes!("pane", side.to_string())} aria-label={props.label.clone()}>
            <h3>{ &props.label }{ predicates }</h3>
            <CodeEditor id={format!("{side}-sql")} label={format!("{} query", props.label)} text={props.sql.clone()}
                {error} on_change={props.on_change.clone()} />
            { body }
        </section>
    }
}
