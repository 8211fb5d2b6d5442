//! The compare view: pick a scenario, pick a day, run both queries, and read whether
//! they agree, what each cost, and how much date logic each needs.

use playground_protocol::{
    CompareRequest, Comparison, EngineError, FollowerSeries, HistoryCost, Request, DEFAULT_RUNS,
};
use playground_queries::scenarios::{self, Scenario};
use playground_queries::{render, QuestionParams, Thresholds};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::as_of::AsOf;
use crate::components::compare_pane::ComparePane;
use crate::components::cost_chart::CostChart;
use crate::components::error_panel::ErrorPanel;
use crate::components::growth_chart::GrowthChart;
use crate::components::scenario_gallery::ScenarioGallery;
use crate::components::verdict::VerdictView;
use crate::link::{self, CompareLink};

/// Rows of each side sent back for display.
const SHOWN_ROWS: usize = 200;

/// A finished comparison and what was asked.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareAnswer {
    /// Scenario it was run for.
    pub scenario: String,
    /// The request, texts filled in.
    pub request: CompareRequest,
    /// The engine's answer.
    pub comparison: Comparison,
}

/// Props of [`CompareView`].
#[derive(Properties, PartialEq)]
pub struct CompareViewProps {
    /// First and last snapshot day of the social network, once it is built.
    pub range: Option<(String, String)>,
    /// What "many" and "few" followers mean on this network.
    pub thresholds: Thresholds,
    /// The last comparison.
    pub answer: Option<CompareAnswer>,
    /// A request-level failure.
    pub error: Option<EngineError>,
    /// The engine is ready and not busy.
    pub idle: bool,
    /// The view is on screen (it owns the URL's compare state while it is).
    pub active: bool,
    /// State from the page's URL.
    pub initial: Option<CompareLink>,
    /// Run both sides of a scenario.
    pub on_compare: Callback<(String, CompareRequest)>,
    /// The fast growers' series, for the retention scenario's chart.
    pub cohort: Option<Vec<FollowerSeries>>,
    /// Storage growth and lookup costs, for the cost-of-history charts.
    pub history_cost: Option<HistoryCost>,
    /// Ask for a chart's data.
    pub on_chart: Callback<Request>,
}

/// The scenario drawn with the cohort's growth chart.
const GROWTH_SCENARIO: &str = "retention";
/// The scenario drawn with the storage and lookup charts.
const COST_SCENARIO: &str = "cost_of_history";

/// The chart data a scenario needs beside its comparison, if any.
fn chart_request(scenario: &str, p: &QuestionParams, runs: u32) -> Option<Request> {
    match scenario {
        GROWTH_SCENARIO => Some(Request::CohortGrowth { today: p.today.clone(), past: p.past.clone() }),
        COST_SCENARIO => Some(Request::HistoryCost { date: p.date.clone(), runs }),
        _ => None,
    }
}

/// What the user has chosen: scenario, texts and day.
#[derive(Clone, PartialEq)]
struct Choice {
    scenario: Scenario,
    left: String,
    right: String,
    /// `None` until picked: three months before the last snapshot.
    date: Option<String>,
}

impl Choice {
    fn open(scenario: Scenario) -> Self {
        Self { left: scenario.left_sql.into(), right: scenario.right_sql.into(), scenario, date: None }
    }

    fn from_link(link: &CompareLink) -> Option<Self> {
        let mut c = Self::open(scenarios::by_id(&link.scenario)?);
        c.left = link.left.clone().unwrap_or(c.left);
        c.right = link.right.clone().unwrap_or(c.right);
        c.date = link.date.clone();
        Some(c)
    }

    fn link(&self) -> CompareLink {
        let edited = |text: &str, original: &str| (text != original).then(|| text.to_string());
        CompareLink {
            scenario: self.scenario.id.into(),
            date: self.date.clone(),
            left: edited(&self.left, self.scenario.left_sql),
            right: edited(&self.right, self.scenario.right_sql),
        }
    }

    /// The request for this choice on a warehouse spanning `first..=last`.
    fn params(&self, first: &str, last: &str, thresholds: Thresholds) -> Result<QuestionParams, String> {
        let date = self.date.clone().unwrap_or_else(|| default_date(first, last));
        QuestionParams::as_of(first, last, &date, thresholds)
    }

    /// The request, and the parameters it was rendered with.
    fn request(
        &self,
        first: &str,
        last: &str,
        thresholds: Thresholds,
        runs: u32,
    ) -> Result<(CompareRequest, QuestionParams), String> {
        let p = self.params(first, last, thresholds)?;
        let request = CompareRequest {
            left_sql: render(&self.left, &p)?,
            right_sql: render(&self.right, &p)?,
            runs,
            max_rows: SHOWN_ROWS,
        };
        Ok((request, p))
    }
}

fn default_date(first: &str, last: &str) -> String {
    QuestionParams::for_range(first, last, Thresholds::default()).past
}

/// The whole compare view.
#[component]
pub fn CompareView(props: &CompareViewProps) -> Html {
    let all = use_memo((), |_| scenarios::all());
    let choice = {
        let initial = props.initial.clone();
        let all = all.clone();
        use_state(move || initial.as_ref().and_then(Choice::from_link).unwrap_or_else(|| Choice::open(all[0].clone())))
    };
    let runs = use_state(|| DEFAULT_RUNS);
    // Why the last date was refused; the queries keep the last good one.
    let problem = use_state(|| None::<String>);
    // A run asked for while the engine was busy; it starts once the engine is free.
    let deferred = use_state(|| false);

    {
        let link = choice.link();
        use_effect_with((link, props.active), |(link, active)| {
            link::write(active.then_some(link));
        });
    }

    let range = props.range.clone();
    let send = {
        let (on_compare, range, idle, thresholds) =
            (props.on_compare.clone(), range.clone(), props.idle, props.thresholds);
        let (on_chart, problem, deferred) = (props.on_chart.clone(), problem.clone(), deferred.clone());
        move |c: &Choice, runs: u32| {
            let Some((first, last)) = &range else { return };
            let asked = c.request(first, last, thresholds, runs);
            match asked {
                Ok((request, p)) if idle => {
                    on_compare.emit((c.scenario.id.to_string(), request));
                    if let Some(chart) = chart_request(c.scenario.id, &p, runs) {
                        on_chart.emit(chart);
                    }
                }
                Ok(_) => deferred.set(true),
                Err(message) => problem.set(Some(message)),
            }
        }
    };

    {
        let (send, choice, deferred, runs) = (send.clone(), choice.clone(), deferred.clone(), *runs);
        use_effect_with((props.idle, *deferred), move |(idle, wanted)| {
            if *idle && *wanted {
                deferred.set(false);
                send(&choice, runs);
            }
        });
    }

    let Some((first, last)) = range.clone() else {
        return html! {
            <div class="compare empty">
                <p>{ "The compare view asks questions of the social network. Build it in the sidebar first." }</p>
            </div>
        };
    };
    let date = choice.date.clone().unwrap_or_else(|| default_date(&first, &last));
    let three_months_ago = default_date(&first, &last);
    let rendered = choice.request(&first, &last, props.thresholds, *runs).map(|(request, _)| request);

    let on_pick = {
        let (choice, problem, send, runs) = (choice.clone(), problem.clone(), send.clone(), *runs);
        let all = all.clone();
        Callback::from(move |id: String| {
            let Some(s) = all.iter().find(|s| s.id == id) else { return };
            let mut next = Choice::open(s.clone());
            next.date = choice.date.clone();
            problem.set(None);
            send(&next, runs);
            choice.set(next);
        })
    };
    let on_date = {
        let (choice, problem, send, runs) = (choice.clone(), problem.clone(), send.clone(), *runs);
        let (first, last) = (first.clone(), last.clone());
        Callback::from(move |date: String| {
            if let Err(message) = QuestionParams::as_of(&first, &last, &date, Thresholds::default()) {
                problem.set(Some(message));
                return;
            }
            problem.set(None);
            let next = Choice { date: Some(date), ..(*choice).clone() };
            send(&next, runs);
            choice.set(next);
        })
    };
    let on_left = {
        let choice = choice.clone();
        Callback::from(move |text: String| choice.set(Choice { left: text, ..(*choice).clone() }))
    };
    let on_right = {
        let choice = choice.clone();
        Callback::from(move |text: String| choice.set(Choice { right: text, ..(*choice).clone() }))
    };
    let on_run = {
        let (choice, send, runs) = (choice.clone(), send.clone(), *runs);
        Callback::from(move |_: MouseEvent| send(&choice, runs))
    };
    let on_runs = {
        let runs = runs.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            runs.set(select.value().parse().unwrap_or(DEFAULT_RUNS));
        })
    };

    let s = &choice.scenario;
    let answer = props.answer.as_ref().filter(|a| a.scenario == s.id);
    let stale = answer.is_some_and(|a| {
        rendered.as_ref().map_or(true, |r| r.left_sql != a.request.left_sql || r.right_sql != a.request.right_sql)
    });
    let (left_rendered, right_rendered) =
        answer.map(|a| (a.request.left_sql.clone(), a.request.right_sql.clone())).unwrap_or_default();
    html! {
        <div class="compare">
            <ScenarioGallery scenarios={(*all).clone()} selected={s.id} {on_pick} />
            <div class="compare-main">
                <h2 id="scenario-title">{ s.title }</h2>
                <p class="explanation" id="scenario-explanation">{ s.explanation }</p>
                <AsOf date={date.clone()} first={first.clone()} last={last.clone()}
                    three_months_ago={three_months_ago} thresholds={props.thresholds} problem={(*problem).clone().map(AttrValue::from)} {on_date} />
                <div class="compare-actions">
                    <button id="run-both" class="primary" disabled={!props.idle} onclick={on_run}>{ "Run both" }</button>
                    <label class="muted">{ "Runs per side " }
                        <select id="runs" onchange={on_runs}>
                            { for [1u32, 3, 5, 9].into_iter().map(|n| html! {
                                <option value={n.to_string()} selected={n == *runs}>{ n }</option>
                            }) }
                        </select>
                    </label>
                    <span class="muted">{ "Each side runs that many times; the median is shown." }</span>
                </div>
                if let Some(e) = &props.error {
                    <ErrorPanel error={e.clone()} sql="" id_prefix="compare-" />
                }
                if let Some(a) = answer {
                    <VerdictView verdict={a.comparison.verdict.clone()} left_label={s.left_label} right_label={s.right_label} />
                    if stale {
                        <p class="muted stale" id="stale">{ "The texts or the date changed since this run: press Run both." }</p>
                    }
                }
                if s.id == GROWTH_SCENARIO {
                    if let Some(series) = &props.cohort {
                        <GrowthChart series={series.clone()} past={date.clone()} today={last.clone()} thresholds={props.thresholds} />
                    }
                }
                if s.id == COST_SCENARIO {
                    if let Some(cost) = &props.history_cost {
                        <CostChart cost={cost.clone()} />
                    }
                }
                <div class="panes">
                    <ComparePane side="left" label={s.left_label} sql={choice.left.clone()}
                        rendered={left_rendered} outcome={answer.map(|a| a.comparison.left.clone())} on_change={on_left} />
                    <ComparePane side="right" label={s.right_label} sql={choice.right.clone()}
                        rendered={right_rendered} outcome={answer.map(|a| a.comparison.right.clone())} on_change={on_right} />
                </div>
            </div>
        </div>
    }
}
