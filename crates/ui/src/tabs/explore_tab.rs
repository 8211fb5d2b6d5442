//! Explore with SQL: the query catalog menu, the editor, and the last answer (rows with
//! metrics, a plan, or an error pointing into the SQL).

use playground_protocol::{EngineError, QueryResult, Request, Response};
use playground_queries::QuestionParams;
use yew::prelude::*;

use crate::client::Reply;
use crate::components::editor::Editor;
use crate::components::error_panel::ErrorPanel;
use crate::components::metrics_strip::MetricsStrip;
use crate::components::plan_view::PlanView;
use crate::components::question_menu::QuestionMenu;
use crate::components::result_grid::ResultGrid;
use crate::format::millis;
use crate::page::PageContext;

/// Rows of a result sent back to the page; the rest are counted by the engine.
const MAX_ROWS: usize = 1000;

/// Props of [`ExploreTab`].
#[derive(Properties, PartialEq)]
pub struct ExploreTabProps {
    /// The editor's text (the catalog beside the tabs can replace it).
    pub sql: AttrValue,
    /// The text changed.
    pub on_change: Callback<String>,
    /// Dates for the query catalog, once the social network is built.
    pub params: Option<QuestionParams>,
    /// The engine takes requests.
    pub ready: bool,
    /// Something keeps the engine busy.
    pub busy: bool,
    /// What the last restart did, if anything.
    pub notice: Option<String>,
    /// What Run waits for, while it cannot run.
    pub waiting: Option<String>,
}

/// The last answer to the editor's SQL.
#[derive(Clone, PartialEq)]
enum Answer {
    None,
    Rows(QueryResult),
    Plan(String),
    Failed(EngineError, String),
}

/// The tab.
#[component]
pub fn ExploreTab(props: &ExploreTabProps) -> Html {
    let page = use_context::<PageContext>().expect("the page provides its context");
    let answer = use_state(|| Answer::None);
    let show_plan = use_state(|| false);
    let idle = props.ready && !props.busy;
    // `sql` is the text on screen, which the caret of an error points into.
    let send = {
        let (page, answer) = (page.clone(), answer.clone());
        move |request: Request, sql: String| {
            if !idle {
                return;
            }
            // A new answer replaces the old one; a stale grid under an error misleads.
            answer.set(Answer::None);
            page.status("Running…");
            let (page_for_reply, answer, sql) = (page.clone(), answer.clone(), sql.clone());
            page.ask(request, move |reply| {
                let shown = match reply {
                    Reply::Answer(Response::Query(result)) => {
                        page_for_reply.status(format!("Query finished in {}", millis(result.metrics.elapsed_ms)));
                        Answer::Rows(result)
                    }
                    Reply::Answer(Response::Plan(plan)) => {
                        page_for_reply.status("Plan ready (not run)");
                        Answer::Plan(plan)
                    }
                    Reply::Answer(Response::Error(e)) => {
                        page_for_reply.status("The last request failed");
                        Answer::Failed(e, sql.clone())
                    }
                    // Lost: the restart notice says why.
                    _ => return,
                };
                answer.set(shown);
                page_for_reply.answered();
            });
        }
    };
    let on_run = {
        let send = send.clone();
        Callback::from(move |sql: String| send(Request::Run { sql: sql.clone(), max_rows: MAX_ROWS }, sql))
    };
    let on_explain = Callback::from(move |sql: String| send(Request::Explain { sql: sql.clone() }, sql));
    let on_cancel = {
        let page = page.clone();
        Callback::from(move |()| page.engine.cancel("Query cancelled"))
    };
    let toggle_plan = {
        let show_plan = show_plan.clone();
        Callback::from(move |_: MouseEvent| show_plan.set(!*show_plan))
    };
    html! {
        <>
            if let Some(params) = props.params.clone() {
                <QuestionMenu {params} on_pick={props.on_change.clone()} />
            }
            <Editor sql={props.sql.clone()} busy={props.busy} ready={props.ready} waiting={props.waiting.clone()}
                on_change={props.on_change.clone()} {on_run} {on_explain} {on_cancel} />
            if let Some(notice) = &props.notice {
                <div class="notice" id="notice">{ notice }</div>
            }
            if let Answer::Failed(error, sql) = &*answer {
                <ErrorPanel error={error.clone()} sql={sql.clone()} />
            }
            if let Answer::Plan(plan) = &*answer {
                <PlanView title="Physical plan (not run)" plan={plan.clone()} />
            }
            if let Answer::Rows(result) = &*answer {
                <MetricsStrip metrics={result.metrics.clone()} />
                <div class="plan-toggle">
                    <button id="toggle-plan" onclick={toggle_plan}>
                        { if *show_plan { "Hide plan" } else { "Show plan with metrics" } }
                    </button>
                </div>
                if *show_plan {
                    <PlanView title="Physical plan with metrics" plan={result.plan_with_metrics.clone()} />
                }
                <ResultGrid result={result.clone()} />
            }
        </>
    }
}
