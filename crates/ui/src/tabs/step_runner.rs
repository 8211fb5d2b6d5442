//! Running one lesson step against the engine: its editor text, its last answer, and the
//! requests its buttons make. A hook, so the Lessons tab and an embedded step share it.

use playground_protocol::{CompareRequest, Request, Response};
use playground_queries::lessons::{check::explain, Activity, Step};
use playground_queries::QuestionParams;
use yew::prelude::*;

use crate::client::Reply;
use crate::components::lesson_step::StepAnswer;
use crate::page::PageContext;

/// Rows of a learner's result sent back to the page; the rest are counted.
const MAX_ROWS: usize = 200;

/// A step's state and actions.
pub struct StepRunner {
    /// The editor's text.
    pub sql: String,
    /// The learner changed it from the step's own.
    pub edited: bool,
    /// The last answer.
    pub answer: StepAnswer,
    /// The editor's text changed.
    pub on_change: Callback<String>,
    /// Run this query (the editor's text on screen).
    pub on_run: Callback<String>,
    /// Run the step's two queries.
    pub on_compare: Callback<()>,
    /// Check this query (the editor's text on screen).
    pub on_check: Callback<String>,
    /// Simulate the step's backfill.
    pub on_simulate: Callback<()>,
}

/// The editor's starting text for a step.
fn starting_sql(activity: &Activity, params: &QuestionParams) -> String {
    let sql = match activity {
        Activity::Query(sql) => sql,
        Activity::Exercise(ex) => ex.starter_sql,
        _ => return String::new(),
    };
    params.fill(sql)
}

/// State and actions for `step`; `on_done` hears when the learner has done it (ran it,
/// or passed its check). A new step or new parameters start the editor afresh, from the
/// step's own text, or once from `shared` (a link's edited text for a step id).
#[hook]
pub fn use_step_runner(
    step: &Step,
    params: Option<QuestionParams>,
    idle: bool,
    on_done: Callback<()>,
    shared: Option<(&'static str, String)>,
) -> StepRunner {
    let page = use_context::<PageContext>().expect("the page provides its context");
    let sql = use_state(String::new);
    let answer = use_state(|| StepAnswer::None);
    let shared = use_mut_ref(|| shared);
    {
        let (sql, answer, activity) = (sql.clone(), answer.clone(), step.activity.clone());
        use_effect_with((step.id, params.clone()), move |(id, params)| {
            if let Some(params) = params {
                let linked = shared.borrow_mut().take_if(|(for_step, _)| for_step == id).map(|(_, text)| text);
                sql.set(linked.unwrap_or_else(|| starting_sql(&activity, params)));
            }
            answer.set(StepAnswer::None);
        });
    }
    let edited = params.as_ref().is_some_and(|p| !sql.is_empty() && *sql != starting_sql(&step.activity, p));
    // Asks the engine about `text` (what an error's caret points into); `shown` turns the
    // answer into what the step shows, and says whether the step is done.
    let ask = {
        let (page, answer) = (page.clone(), answer.clone());
        move |request: Request, text: String, shown: fn(Response) -> Option<(StepAnswer, bool)>| {
            if !idle {
                return;
            }
            answer.set(StepAnswer::None);
            page.status("Running…");
            let (to, answer, text, on_done) = (page.clone(), answer.clone(), text.clone(), on_done.clone());
            page.ask(request, move |reply| {
                let Reply::Answer(response) = reply else { return };
                match response {
                    Response::Error(e) => {
                        to.status("The last request failed");
                        answer.set(StepAnswer::Failed(e, text.clone()));
                    }
                    other => {
                        let Some((a, done)) = shown(other) else { return };
                        to.status("Step answered");
                        if done {
                            on_done.emit(());
                        }
                        answer.set(a);
                    }
                }
                to.answered();
            });
        }
    };
    let filled = |s: &str| params.as_ref().map_or_else(|| s.to_string(), |p| p.fill(s));
    let on_run = {
        let ask = ask.clone();
        let exercise = matches!(step.activity, Activity::Exercise(_));
        Callback::from(move |text: String| {
            let request = Request::Run { sql: text.clone(), max_rows: MAX_ROWS };
            // Running an exercise is trying it; only its check says it is done.
            let shown: fn(Response) -> Option<(StepAnswer, bool)> = if exercise {
                |r| if let Response::Query(result) = r { Some((StepAnswer::Rows(result), false)) } else { None }
            } else {
                |r| if let Response::Query(result) = r { Some((StepAnswer::Rows(result), true)) } else { None }
            };
            ask(request, text, shown);
        })
    };
    let on_compare = {
        let ask = ask.clone();
        let pair = match &step.activity {
            Activity::Compare { left_sql, right_sql, .. } => Some((filled(left_sql), filled(right_sql))),
            _ => None,
        };
        Callback::from(move |()| {
            let Some((left_sql, right_sql)) = pair.clone() else { return };
            let request = CompareRequest { left_sql, right_sql, runs: 1, max_rows: 50 };
            ask(Request::Compare(request), String::new(), |r| match r {
                Response::Compared(c) => Some((StepAnswer::Compared(c), true)),
                _ => None,
            });
        })
    };
    let on_check = {
        let ask = ask.clone();
        let expected = match &step.activity {
            Activity::Exercise(ex) => Some(filled(ex.expected_sql)),
            _ => None,
        };
        Callback::from(move |text: String| {
            let Some(right_sql) = expected.clone() else { return };
            let request = CompareRequest { left_sql: text.clone(), right_sql, runs: 1, max_rows: 1 };
            ask(Request::Compare(request), text, |r| match r {
                Response::Compared(c) => {
                    let passed = explain(&c.verdict).passed;
                    Some((StepAnswer::Checked(c), passed))
                }
                _ => None,
            });
        })
    };
    let on_simulate = {
        let preset = match step.activity {
            Activity::Backfill(preset) => Some(preset),
            _ => None,
        };
        Callback::from(move |()| {
            let Some(preset) = preset else { return };
            ask(Request::Simulate(preset.request()), String::new(), |r| match r {
                Response::Simulated(sim) => Some((StepAnswer::Simulated(sim), true)),
                _ => None,
            });
        })
    };
    let on_change = {
        let sql = sql.clone();
        Callback::from(move |text: String| sql.set(text))
    };
    StepRunner {
        sql: (*sql).clone(),
        edited,
        answer: (*answer).clone(),
        on_change,
        on_run,
        on_compare,
        on_check,
        on_simulate,
    }
}
