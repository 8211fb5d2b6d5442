//! Explore with SQL: the query catalog and the history, the editor, and the last answer
//! (rows with metrics, a plan, or an error marked in the SQL).

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use playground_protocol::{EngineError, ExportFormat, Request, Response, SqlPosition, TimeLimit};
use playground_queries::QuestionParams;
use yew::prelude::*;

use crate::client::Reply;
use crate::components::code_editor::EditorRef;
use crate::components::editor::Editor;
use crate::components::error_panel::ErrorPanel;
use crate::components::history_panel::HistoryPanel;
use crate::components::metrics_strip::MetricsStrip;
use crate::components::plan_view::PlanView;
use crate::components::question_list::QuestionList;
use crate::components::result_grid::{ResultGrid, SharedResult};
use crate::format::millis;
use crate::history_store;
use crate::link;
use crate::local_store;
use crate::page::PageContext;
use crate::workbench::history::Entry;
use crate::workbench::statement::position_in;

/// Rows of a result sent back to the page, all of them in the grid; the rest are counted
/// by the engine. A 200,000-row result of ten columns is tens of MB in the page.
pub const MAX_ROWS: usize = 200_000;

/// Where the time limit a person chose is remembered.
const TIME_LIMIT_KEY: &str = "datestamp-playground.time-limit";

/// Props of [`ExploreTab`].
#[derive(Properties, PartialEq)]
pub struct ExploreTabProps {
    /// The editor's text (the warehouse catalog beside the tabs can replace it).
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
    /// The result and the SQL that ran (a download runs it again, whole).
    Rows(SharedResult, String),
    Plan(String),
    /// The error and the SQL that ran (the caret points into it).
    Failed(EngineError, String),
}

/// The tab.
#[component]
pub fn ExploreTab(props: &ExploreTabProps) -> Html {
    let page = use_context::<PageContext>().expect("the page provides its context");
    let answer = use_state(|| Answer::None);
    let show_plan = use_state(|| false);
    let history = use_state(history_store::load);
    let editor = use_memo((), |_| EditorRef::default());
    let time_limit =
        use_state(|| local_store::read(TIME_LIMIT_KEY).map_or(TimeLimit::DEFAULT, |t| TimeLimit::parse_or_default(&t)));
    // The running request's alarm: dropped with its answer, it never fires.
    let alarm = use_mut_ref(|| None::<Timeout>);
    let idle = props.ready && !props.busy;
    let send = {
        let (page, answer, history) = (page.clone(), answer.clone(), history.clone());
        let (limit, alarm) = (*time_limit, alarm.clone());
        move |request: Request, sql: String| {
            if !idle {
                return;
            }
            let engine = page.engine.clone();
            *alarm.borrow_mut() = Some(Timeout::new(limit.millis(), move || engine.cancel(&limit.reason())));
            // A new answer replaces the old one; a stale grid under an error misleads.
            answer.set(Answer::None);
            page.status("Running…");
            let is_run = matches!(request, Request::Run { .. });
            if is_run {
                link::write_query(&sql);
            }
            let (page_for_reply, answer, history, alarm) =
                (page.clone(), answer.clone(), history.clone(), alarm.clone());
            page.ask(request, move |reply| {
                if !matches!(reply, Reply::Progress { .. }) {
                    alarm.borrow_mut().take();
                }
                let (shown, rows) = match reply {
                    Reply::Answer(Response::Query(result)) => {
                        page_for_reply.status(format!("Query finished in {}", millis(result.metrics.elapsed_ms)));
                        let rows = result.total_rows;
                        (Answer::Rows(SharedResult(Rc::new(result)), sql.clone()), Some(rows))
                    }
                    Reply::Answer(Response::Plan(plan)) => {
                        page_for_reply.status("Plan ready (not run)");
                        (Answer::Plan(plan), None)
                    }
                    Reply::Answer(Response::Error(e)) => {
                        page_for_reply.status("The last request failed");
                        (Answer::Failed(e, sql.clone()), None)
                    }
                    // Lost: the restart notice says why.
                    _ => return,
                };
                if is_run {
                    let mut kept = (*history).clone();
                    kept.record(Entry { sql: sql.clone(), at_ms: js_sys::Date::now(), rows });
                    history_store::save(&kept);
                    history.set(kept);
                }
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
    let on_time_limit = {
        let (page, time_limit) = (page.clone(), time_limit.clone());
        Callback::from(move |text: String| match TimeLimit::parse(&text) {
            Ok(limit) => {
                local_store::write(TIME_LIMIT_KEY, &limit.seconds().to_string());
                page.status(format!("Queries now stop after {} s", limit.seconds()));
                time_limit.set(limit);
            }
            Err(why) => page.status(format!("Time limit unchanged: {why}")),
        })
    };
    // The whole result of the query shown, written by the engine and saved.
    let download = |format: ExportFormat, sql: &str| {
        let (page, sql) = (page.clone(), sql.to_string());
        Callback::from(move |_: MouseEvent| {
            page.status("Writing the whole result…");
            let status = page.clone();
            page.ask(Request::ExportResult { sql: sql.clone(), format }, move |reply| match reply {
                Reply::Answer(Response::Exported(file)) => {
                    status.status(match crate::files::save(&file.name, &file.mime, &file.bytes) {
                        Ok(()) => format!("Saved {} ({})", file.name, file.summary),
                        Err(why) => why,
                    })
                }
                Reply::Answer(Response::Error(e)) => status.status(format!("The download failed: {}", e.message)),
                _ => {}
            });
        })
    };
    let toggle_plan = {
        let show_plan = show_plan.clone();
        Callback::from(move |_: MouseEvent| show_plan.set(!*show_plan))
    };
    let questions_drawer = use_node_ref();
    let history_drawer = use_node_ref();
    // A pick puts the text in the editor, closes the list it came from, and moves the
    // focus to the editor, ready to run.
    let on_pick = {
        let (on_change, editor) = (props.on_change.clone(), editor.clone());
        let drawers = [questions_drawer.clone(), history_drawer.clone()];
        Callback::from(move |sql: String| {
            on_change.emit(sql);
            for drawer in &drawers {
                if let Some(d) = drawer.cast::<web_sys::Element>() {
                    let _ = d.remove_attribute("open");
                }
            }
            editor.focus();
        })
    };
    // The error marked in the editor, where the SQL that failed sits in today's text.
    let error_mark: Option<(SqlPosition, String)> = match &*answer {
        Answer::Failed(e, ran) => {
            e.position.and_then(|p| position_in(&props.sql, ran, p)).map(|p| (p, e.message.clone()))
        }
        _ => None,
    };
    html! {
        <>
            <div class="explore-tools">
                if let Some(params) = props.params.clone() {
                    <details class="drawer" id="questions-drawer" ref={questions_drawer}>
                        <summary>{ "Query catalog" }</summary>
                        <div class="drawer-panel"><QuestionList {params} on_pick={on_pick.clone()} /></div>
                    </details>
                }
                <details class="drawer" id="history-drawer" ref={history_drawer}>
                    <summary>{ format!("History ({})", history.len()) }</summary>
                    <div class="drawer-panel"><HistoryPanel history={(*history).clone()} {on_pick} /></div>
                </details>
            </div>
            <Editor sql={props.sql.clone()} busy={props.busy} ready={props.ready} waiting={props.waiting.clone()}
                error={error_mark} editor={(*editor).clone()}
                on_change={props.on_change.clone()} {on_run} {on_explain} {on_cancel}
                time_limit={time_limit.seconds()} {on_time_limit} />
            if let Some(notice) = &props.notice {
                <div class="notice" id="notice">{ notice }</div>
            }
            if let Answer::Failed(error, sql) = &*answer {
                <ErrorPanel error={error.clone()} sql={sql.clone()} />
            }
            if let Answer::Plan(plan) = &*answer {
                <PlanView title="Physical plan (not run)" plan={plan.clone()} />
            }
            if let Answer::Rows(result, ran) = &*answer {
                <MetricsStrip metrics={result.0.metrics.clone()} />
                <div class="plan-toggle">
                    <button id="toggle-plan" onclick={toggle_plan}>
                        { if *show_plan { "Hide plan" } else { "Show plan with metrics" } }
                    </button>
                    <button id="download-csv" onclick={download(ExportFormat::Csv, ran)} disabled={!idle}>{ "Download CSV" }</button>
                    <button id="download-parquet" onclick={download(ExportFormat::Parquet, ran)} disabled={!idle}>{ "Download Parquet" }</button>
                </div>
                if *show_plan {
                    <PlanView title="Physical plan with metrics" plan={result.0.plan_with_metrics.clone()} />
                }
                <ResultGrid result={result.clone()} />
            }
        </>
    }
}
