//! An embedded compare scenario: its two queries, Run, and the verdict.

use playground_protocol::{CompareRequest, Comparison, EngineError, Request, Response, SideOutcome};
use playground_queries::scenarios::Scenario;
use playground_queries::QuestionParams;
use yew::prelude::*;

use crate::client::Reply;
use crate::components::error_panel::ErrorPanel;
use crate::components::verdict::VerdictView;
use crate::format::millis;
use crate::page::PageContext;

/// Props of [`EmbedScenario`].
#[derive(Properties, PartialEq)]
pub struct EmbedScenarioProps {
    /// The scenario.
    pub scenario: Scenario,
    /// Values for its placeholders.
    pub params: QuestionParams,
    /// The engine may be asked now.
    pub idle: bool,
    /// Called before the first request: builds the network.
    pub prepare: Callback<()>,
}

/// The scenario.
#[component]
pub fn EmbedScenario(props: &EmbedScenarioProps) -> Html {
    let page = use_context::<PageContext>().expect("the embed provides its context");
    let answer = use_state(|| None::<Result<Comparison, EngineError>>);
    let s = &props.scenario;
    let fill = |sql: &str| props.params.fill(sql);
    let (left_sql, right_sql) = (fill(s.left_sql), fill(s.right_sql));
    let on_run = {
        let (page, answer, prepare, idle) = (page.clone(), answer.clone(), props.prepare.clone(), props.idle);
        let request = CompareRequest { left_sql: left_sql.clone(), right_sql: right_sql.clone(), runs: 1, max_rows: 1 };
        Callback::from(move |_: MouseEvent| {
            if !idle {
                return;
            }
            prepare.emit(());
            answer.set(None);
            let (to, answer) = (page.clone(), answer.clone());
            page.ask(Request::Compare(request.clone()), move |reply| {
                match reply {
                    Reply::Answer(Response::Compared(c)) => answer.set(Some(Ok(c))),
                    Reply::Answer(Response::Error(e)) => answer.set(Some(Err(e))),
                    _ => return,
                }
                to.answered();
            });
        })
    };
    let side = |label: &str, outcome: &SideOutcome, prefix: &'static str| match outcome {
        SideOutcome::Ran(r) => html! {
            <span class="muted">{ format!("{label}: {} rows in {}, {} date predicate{}. ",
                r.result.total_rows, millis(r.median_ms), r.date_predicates, if r.date_predicates == 1 { "" } else { "s" }) }</span>
        },
        SideOutcome::Failed(e) => html! { <ErrorPanel error={e.clone()} sql="" id_prefix={prefix} /> },
    };
    html! {
        <section class="embed-scenario">
            <h2 id="embed-title">{ s.title }</h2>
            <p class="explanation">{ s.explanation }</p>
            <div class="lesson-pair">
                <figure><figcaption>{ s.left_label }</figcaption><pre id="embed-left-sql">{ left_sql }</pre></figure>
                <figure><figcaption>{ s.right_label }</figcaption><pre id="embed-right-sql">{ right_sql }</pre></figure>
            </div>
            <button id="embed-run" class="primary" disabled={!props.idle} onclick={on_run}>{ "Run both" }</button>
            { match &*answer {
                None => html! {},
                Some(Ok(c)) => html! {
                    <>
                        <VerdictView verdict={c.verdict.clone()} left_label={s.left_label} right_label={s.right_label} id_prefix="embed-" />
                        <p id="embed-sides">{ side(s.left_label, &c.left, "embed-left-") }{ side(s.right_label, &c.right, "embed-right-") }</p>
                    </>
                },
                Some(Err(e)) => html! { <ErrorPanel error={e.clone()} sql="" id_prefix="embed-" /> },
            } }
        </section>
    }
}
