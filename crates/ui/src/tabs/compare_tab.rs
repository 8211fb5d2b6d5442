//! Compare the models: the compare view, with the comparisons and chart data it asked for.

use playground_protocol::{CompareRequest, EngineError, FollowerSeries, HistoryCost, Request, Response};
use yew::prelude::*;

use crate::client::Reply;
use crate::components::compare_view::{CompareAnswer, CompareView};
use crate::link::CompareLink;
use crate::page::PageContext;

/// Props of [`CompareTab`].
#[derive(Properties, PartialEq)]
pub struct CompareTabProps {
    /// First and last snapshot day, once the social network is built.
    pub range: Option<(String, String)>,
    /// What "many" and "few" followers mean on this network.
    pub thresholds: playground_queries::Thresholds,
    /// The engine is ready and not busy.
    pub idle: bool,
    /// The tab is on screen.
    pub active: bool,
    /// State from the page's URL.
    pub initial: Option<CompareLink>,
}

/// The tab.
#[component]
pub fn CompareTab(props: &CompareTabProps) -> Html {
    let page = use_context::<PageContext>().expect("the page provides its context");
    let answer = use_state(|| None::<CompareAnswer>);
    let error = use_state(|| None::<EngineError>);
    let cohort = use_state(|| None::<Vec<FollowerSeries>>);
    let history_cost = use_state(|| None::<HistoryCost>);
    let on_compare = {
        let (page, answer, error) = (page.clone(), answer.clone(), error.clone());
        Callback::from(move |(scenario, request): (String, CompareRequest)| {
            error.set(None);
            page.status(format!("Running both sides, {} times each…", request.runs));
            let (to, answer, error) = (page.clone(), answer.clone(), error.clone());
            let asked = request.clone();
            page.ask(Request::Compare(request), move |reply| {
                match reply {
                    Reply::Answer(Response::Compared(comparison)) => {
                        to.status("Comparison finished");
                        answer.set(Some(CompareAnswer {
                            scenario: scenario.clone(),
                            request: asked.clone(),
                            comparison,
                        }));
                    }
                    Reply::Answer(Response::Error(e)) => {
                        to.status("The last request failed");
                        error.set(Some(e));
                    }
                    _ => return,
                }
                to.answered();
            });
        })
    };
    let on_chart = {
        let (page, error, cohort, history_cost) = (page.clone(), error.clone(), cohort.clone(), history_cost.clone());
        Callback::from(move |request: Request| {
            let (to, error, cohort, history_cost) = (page.clone(), error.clone(), cohort.clone(), history_cost.clone());
            page.ask(request, move |reply| match reply {
                Reply::Answer(Response::CohortGrowth(series)) => cohort.set(Some(series)),
                Reply::Answer(Response::HistoryCost(cost)) => history_cost.set(Some(cost)),
                Reply::Answer(Response::Error(e)) => {
                    to.status("The last request failed");
                    error.set(Some(e));
                    to.answered();
                }
                _ => {}
            });
        })
    };
    html! {
        <CompareView range={props.range.clone()} thresholds={props.thresholds} answer={(*answer).clone()} error={(*error).clone()}
            idle={props.idle} active={props.active} initial={props.initial.clone()} {on_compare}
            cohort={(*cohort).clone()} history_cost={(*history_cost).clone()} {on_chart} />
    }
}
