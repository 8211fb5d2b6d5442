//! The app: holds the session state, starts the engine, and wires components to it.

use std::rc::Rc;

use playground_protocol::{
    BugReport, CatalogInfo, CompareRequest, EngineError, FollowerSeries, HistoryCost, QueryResult, Request, Response,
    Scd2Backfill, Simulation, SimulationRequest, SocialParams,
};
use playground_queries::QuestionParams;
use yew::prelude::*;

use crate::backfill_runner::{LiveRun, RealReport, Runner, RunnerEvent};
use crate::bridge::{Engine, EngineEvent};
use crate::components::backfill_lab::{BackfillLab, RealAsk};
use crate::components::build_form::{BuildForm, Progress};
use crate::components::catalog::Catalog;
use crate::components::compare_view::{CompareAnswer, CompareView};
use crate::components::editor::Editor;
use crate::components::error_panel::ErrorPanel;
use crate::components::metrics_strip::MetricsStrip;
use crate::components::plan_view::PlanView;
use crate::components::question_menu::QuestionMenu;
use crate::components::result_grid::ResultGrid;
use crate::crash_plan::CrashPlan;
use crate::format::millis;
use crate::link;

/// Rows of a result sent back to the page; the rest are counted by the engine.
const MAX_ROWS: usize = 1000;

const DEMO_STARTER_SQL: &str = "SELECT ds, count(*) AS events, round(sum(amount), 2) AS amount
FROM demo_events
WHERE ds = '2024-10-04'
GROUP BY ds";

const SOCIAL_STARTER_SQL: &str = "-- One partition per day: the latest five snapshots of dim_users.
SELECT ds, count(*) AS users, max(followers) AS most_followers
FROM dim_users
GROUP BY ds
ORDER BY ds DESC
LIMIT 5";

/// What the page knows about the engine and the last request.
#[derive(Clone, PartialEq, Default)]
struct Session {
    catalog: CatalogInfo,
    ready: bool,
    /// Requests sent and not yet answered.
    pending: u32,
    result: Option<QueryResult>,
    explained: Option<String>,
    error: Option<(EngineError, String)>,
    /// SQL of the request in flight, so its error can point into it.
    sent_sql: String,
    status: String,
    /// Answers shown so far (results, plans, errors, restarts): lets tests and screen
    /// readers know something new arrived even when it looks the same.
    answers: u64,
    notice: Option<String>,
    fatal: Option<String>,
    progress: Option<Progress>,
    /// The comparison in flight: its scenario and request.
    comparing: Option<(String, CompareRequest)>,
    comparison: Option<CompareAnswer>,
    compare_error: Option<EngineError>,
    /// Chart requests in flight.
    charting: u32,
    cohort: Option<Vec<FollowerSeries>>,
    history_cost: Option<HistoryCost>,
    simulating: bool,
    simulation: Option<Simulation>,
    simulations: u64,
    simulation_error: Option<EngineError>,
    /// A real backfill is under way (from the export to the stored outputs).
    real_running: bool,
    real_progress: Option<(u32, u32)>,
    /// The real backfill as it goes, kept after a failure to show what led to it.
    real_live: Option<LiveRun>,
    real_reports: Vec<RealReport>,
    /// Partitions stored and byte-identical, for the last real backfill.
    real_stored: Option<(u32, u32)>,
    real_error: Option<String>,
    scd2_running: bool,
    scd2_backfill: Option<Scd2Backfill>,
    scd2_error: Option<String>,
    bug: Option<BugReport>,
}

impl Session {
    fn busy(&self) -> bool {
        self.pending > 0 || self.real_running
    }

    /// First and last snapshot of the social network, once it is built.
    fn social_range(&self) -> Option<(String, String)> {
        let t = self.catalog.tables.iter().find(|t| t.name == "dim_users")?;
        Some((t.partitions.first()?.ds.clone(), t.partitions.last()?.ds.clone()))
    }

    /// Partitions of a table (0 if it is not there).
    fn partitions_of(&self, table: &str) -> u32 {
        self.catalog.tables.iter().find(|t| t.name == table).map_or(0, |t| t.partitions.len() as u32)
    }

    /// Dates for the query catalog, from the range of `dim_users` snapshots.
    fn question_params(&self) -> Option<QuestionParams> {
        let (first, last) = self.social_range()?;
        Some(QuestionParams::for_range(&first, &last))
    }
}

/// The social network the page builds at start, from the URL: `?data=demo` builds none
/// (the demo table only); `users`, `days`, `start` and `seed` override the defaults.
fn startup_network() -> Option<SocialParams> {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok());
    let get = |key: &str| query.as_ref().and_then(|q| q.get(key));
    if get("data").as_deref() == Some("demo") {
        return None;
    }
    let mut params = SocialParams::default();
    // Unparseable numbers become 0, which the engine refuses with a message.
    if let Some(v) = get("users") {
        params.users = v.parse().unwrap_or(0);
    }
    if let Some(v) = get("days") {
        params.days = v.parse().unwrap_or(0);
    }
    if let Some(v) = get("seed") {
        params.seed = v.parse().unwrap_or(0);
    }
    if let Some(v) = get("start") {
        params.start = v;
    }
    Some(params)
}

/// The page's three views.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Explore,
    Compare,
    Backfill,
}

enum Action {
    Sent(String),
    SentCompare(String, CompareRequest),
    SentChart,
    SentSimulation,
    SentRealBackfill,
    SentScd2Backfill,
    Runner(RunnerEvent),
    Engine(EngineEvent),
}

impl Reducible for Session {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        if let Action::Engine(
            EngineEvent::Answer(
                Response::Query(_)
                | Response::Plan(_)
                | Response::Compared(_)
                | Response::Simulated(_)
                | Response::Error(_),
            )
            | EngineEvent::Restarting { .. },
        ) = &action
        {
            s.answers += 1;
        }
        match action {
            Action::Sent(sql) => {
                s.pending += 1;
                s.sent_sql = sql;
                s.error = None;
                s.notice = None;
                // A new answer replaces the old one; a stale grid under an error misleads.
                s.result = None;
                s.explained = None;
                s.status = "Running…".into();
            }
            Action::SentCompare(scenario, request) => {
                s.pending += 1;
                s.compare_error = None;
                s.notice = None;
                s.status = format!("Running both sides, {} times each…", request.runs);
                s.comparing = Some((scenario, request));
            }
            Action::SentChart => {
                s.pending += 1;
                s.charting += 1;
            }
            Action::SentScd2Backfill => {
                s.pending += 1;
                s.scd2_running = true;
                s.scd2_error = None;
                s.status = "Backfilling SCD2: rewinding, then replaying day after day…".into();
            }
            Action::SentRealBackfill => {
                s.pending += 1;
                s.real_running = true;
                s.real_error = None;
                s.real_stored = None;
                s.real_progress = None;
                s.real_live = None;
                s.status = "Backfilling for real: exporting the raw partitions…".into();
            }
            Action::Runner(event) => match event {
                RunnerEvent::Progress(live) => {
                    s.status = format!("Backfilling for real: {} of {} tasks", live.done, live.total);
                    s.real_progress = Some((live.done, live.total));
                    s.real_live = Some(live);
                }
                RunnerEvent::Finished(report, _) => {
                    s.status = "Backfill finished; storing the partitions…".into();
                    let tasks = report.tasks();
                    s.real_progress = Some((tasks, tasks));
                    s.real_live = None;
                    s.real_reports.push(report);
                }
                RunnerEvent::Failed(message) => {
                    s.real_running = false;
                    s.status = "The backfill failed".into();
                    s.real_error = Some(message);
                }
            },
            Action::SentSimulation => {
                s.pending += 1;
                s.simulating = true;
                s.simulation_error = None;
                s.status = "Simulating both backfills…".into();
            }
            Action::Engine(event) => match event {
                EngineEvent::Answer(Response::Progress { done, total, step }) => {
                    s.status = format!("Building the social network: day {done} of {total}");
                    s.progress = Some(Progress { done, total, step });
                }
                EngineEvent::Answer(Response::Loaded { summary, catalog }) => {
                    s.catalog = catalog;
                    s.ready = true;
                    s.pending = s.pending.saturating_sub(1);
                    s.progress = None;
                    if !summary.is_empty() {
                        s.status = format!("Ready: {summary}");
                    }
                }
                EngineEvent::Answer(Response::Catalog(catalog)) => s.catalog = catalog,
                EngineEvent::Answer(Response::Query(result)) => {
                    s.status = format!("Query finished in {}", millis(result.metrics.elapsed_ms));
                    s.result = Some(result);
                    s.explained = None;
                    s.pending = s.pending.saturating_sub(1);
                }
                EngineEvent::Answer(Response::Plan(plan)) => {
                    s.status = "Plan ready (not run)".into();
                    s.explained = Some(plan);
                    s.pending = s.pending.saturating_sub(1);
                }
                EngineEvent::Answer(Response::Compared(comparison)) => {
                    s.status = "Comparison finished".into();
                    s.pending = s.pending.saturating_sub(1);
                    if let Some((scenario, request)) = s.comparing.take() {
                        s.comparison = Some(CompareAnswer { scenario, request, comparison });
                    }
                }
                EngineEvent::Answer(Response::CohortGrowth(series)) => {
                    s.pending = s.pending.saturating_sub(1);
                    s.charting = s.charting.saturating_sub(1);
                    s.cohort = Some(series);
                }
                // The pool takes over; the page starts it (see `App`).
                EngineEvent::Answer(Response::Exported(_)) => {
                    s.pending = s.pending.saturating_sub(1);
                    s.status = "Backfilling for real: starting the workers…".into();
                }
                EngineEvent::Answer(Response::Stored { partitions, identical }) => {
                    s.pending = s.pending.saturating_sub(1);
                    s.real_running = false;
                    s.real_stored = Some((partitions, identical));
                    s.status = "Backfill stored".into();
                }
                // Pool workers' and the benchmark's answers; the page's engine never sends them.
                EngineEvent::Answer(Response::TaskDone { .. } | Response::MemoryUsage { .. }) => {}
                EngineEvent::Answer(Response::Bug(report)) => {
                    s.pending = s.pending.saturating_sub(1);
                    s.status = "Metric checked".into();
                    s.bug = Some(report);
                }
                EngineEvent::Answer(Response::Scd2Backfilled(report)) => {
                    s.pending = s.pending.saturating_sub(1);
                    s.scd2_running = false;
                    s.status = "SCD2 backfill finished".into();
                    s.scd2_backfill = Some(report);
                }
                EngineEvent::Answer(Response::Simulated(simulation)) => {
                    s.pending = s.pending.saturating_sub(1);
                    s.simulating = false;
                    s.status = "Simulation finished".into();
                    s.simulation = Some(simulation);
                    s.simulations += 1;
                }
                EngineEvent::Answer(Response::HistoryCost(cost)) => {
                    s.pending = s.pending.saturating_sub(1);
                    s.charting = s.charting.saturating_sub(1);
                    s.history_cost = Some(cost);
                }
                EngineEvent::Answer(Response::Error(e)) => {
                    s.status = "The last request failed".into();
                    s.progress = None;
                    // Answers come in request order: the comparison, then its chart.
                    if std::mem::take(&mut s.scd2_running) {
                        s.scd2_error = Some(e.message.clone());
                    } else if std::mem::take(&mut s.real_running) {
                        s.real_error = Some(e.message.clone());
                    } else if std::mem::take(&mut s.simulating) {
                        s.simulation_error = Some(e);
                    } else if s.comparing.take().is_some() {
                        s.compare_error = Some(e);
                    } else if s.charting > 0 {
                        s.charting -= 1;
                        s.compare_error = Some(e);
                    } else {
                        s.error = Some((e, s.sent_sql.clone()));
                    }
                    s.pending = s.pending.saturating_sub(1);
                }
                EngineEvent::Restarting { reason } => {
                    s.ready = false;
                    // Every unanswered request died with the worker; replayed loads are
                    // the bridge's business and end in Reloaded.
                    s.pending = 0;
                    s.progress = None;
                    s.comparing = None;
                    s.charting = 0;
                    s.simulating = false;
                    s.real_running = false;
                    s.scd2_running = false;
                    s.status = "Restarting the engine…".into();
                    s.notice = Some(format!("{reason}. Restarting the engine and reloading the warehouse…"));
                }
                EngineEvent::Reloaded { reason, loads, ms } => {
                    s.ready = true;
                    s.status = "Ready".into();
                    s.notice = Some(format!(
                        "{reason}. Engine restarted; warehouse reloaded ({loads} load{}) in {}.",
                        if loads == 1 { "" } else { "s" },
                        millis(ms)
                    ));
                }
                EngineEvent::Fatal(message) => {
                    s.ready = false;
                    s.pending = 0;
                    s.fatal = Some(message);
                }
                // The bridge keeps these to itself.
                EngineEvent::Answer(Response::Ready | Response::Crashed(_)) => {}
            },
        }
        Rc::new(s)
    }
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let session = use_reducer(Session::default);
    let startup = use_memo((), |_| startup_network());
    let initial_network = use_memo((), |_| startup_network().unwrap_or_default());
    let sql = use_state(|| if startup.is_some() { SOCIAL_STARTER_SQL } else { DEMO_STARTER_SQL }.to_string());
    let show_plan = use_state(|| false);
    let compare_link = use_memo((), |_| link::read());
    let tab_state = use_state(|| if compare_link.is_some() { Tab::Compare } else { Tab::Explore });
    let engine = use_mut_ref(|| None::<Engine>);

    // The real backfill's pool and what it was asked to do (days, workers).
    let runner = use_mut_ref(|| None::<Runner>);
    let real_request = use_mut_ref(|| None::<(Vec<String>, u32, CrashPlan)>);
    {
        let engine = engine.clone();
        let dispatcher = session.dispatcher();
        let startup = startup.clone();
        let (runner, real_request) = (runner.clone(), real_request.clone());
        use_effect_with((), move |_| {
            let events = dispatcher.clone();
            let engine_for_pool = engine.clone();
            let started = Engine::start(Callback::from(move |e: EngineEvent| {
                if let EngineEvent::Answer(Response::Exported(inputs)) = &e {
                    if let Some((days, workers, crashes)) = real_request.borrow_mut().take() {
                        let pool_events = {
                            let (dispatcher, engine, runner) =
                                (events.clone(), engine_for_pool.clone(), runner.clone());
                            Callback::from(move |event: RunnerEvent| {
                                let finished = match &event {
                                    RunnerEvent::Finished(_, outputs) => Some(outputs.clone()),
                                    RunnerEvent::Failed(_) => Some(Vec::new()),
                                    RunnerEvent::Progress { .. } => None,
                                };
                                let failed = matches!(event, RunnerEvent::Failed(_));
                                dispatcher.dispatch(Action::Runner(event));
                                let Some(outputs) = finished else { return };
                                if !failed {
                                    if let Some(engine) = engine.borrow().as_ref() {
                                        engine.send(Request::StoreOutputs(outputs));
                                    }
                                }
                                // Stop the pool once this event has unwound.
                                let runner = runner.clone();
                                gloo::timers::callback::Timeout::new(0, move || {
                                    runner.borrow_mut().take();
                                })
                                .forget();
                            })
                        };
                        *runner.borrow_mut() = Some(Runner::start(days, inputs.clone(), workers, crashes, pool_events));
                    }
                }
                events.dispatch(Action::Engine(e))
            }));
            dispatcher.dispatch(Action::Sent(String::new()));
            started.send(Request::LoadDemo);
            if let Some(params) = (*startup).clone() {
                dispatcher.dispatch(Action::Sent(String::new()));
                started.send(Request::LoadSocial { params });
            }
            *engine.borrow_mut() = Some(started);
        });
    }

    // Records what was asked (so its answer lands in the right place), then asks.
    let send_as = {
        let engine = engine.clone();
        let dispatcher = session.dispatcher();
        move |action: Action, request: Request| {
            if let Some(engine) = engine.borrow().as_ref() {
                dispatcher.dispatch(action);
                engine.send(request);
            }
        }
    };
    let send = {
        let send_as = send_as.clone();
        move |request: Request, sql: String| send_as(Action::Sent(sql), request)
    };
    let idle = session.ready && !session.busy();
    let on_run = {
        let (sql, send) = (sql.clone(), send.clone());
        Callback::from(move |()| {
            if idle {
                send(Request::Run { sql: (*sql).clone(), max_rows: MAX_ROWS }, (*sql).clone());
            }
        })
    };
    let on_explain = {
        let (sql, send) = (sql.clone(), send.clone());
        Callback::from(move |()| {
            if idle {
                send(Request::Explain { sql: (*sql).clone() }, (*sql).clone());
            }
        })
    };
    let on_cancel = {
        let engine = engine.clone();
        Callback::from(move |()| {
            if let Some(engine) = engine.borrow().as_ref() {
                engine.restart("Query cancelled");
            }
        })
    };
    let on_change = {
        let sql = sql.clone();
        Callback::from(move |text: String| sql.set(text))
    };
    let on_pick = {
        let sql = sql.clone();
        Callback::from(move |table: String| sql.set(format!("SELECT *\nFROM {table}\nLIMIT 100")))
    };
    let on_build = {
        let send = send.clone();
        Callback::from(move |params: SocialParams| {
            if idle {
                send(Request::LoadSocial { params }, String::new());
            }
        })
    };
    let on_question = {
        let sql = sql.clone();
        Callback::from(move |text: String| sql.set(text))
    };
    let on_compare = {
        let send_as = send_as.clone();
        Callback::from(move |(scenario, request): (String, CompareRequest)| {
            send_as(Action::SentCompare(scenario, request.clone()), Request::Compare(request))
        })
    };
    let on_chart = {
        let send_as = send_as.clone();
        Callback::from(move |request: Request| send_as(Action::SentChart, request))
    };
    let on_simulate = {
        let send_as = send_as.clone();
        Callback::from(move |request: SimulationRequest| send_as(Action::SentSimulation, Request::Simulate(request)))
    };
    let start_real = {
        let send_as = send_as.clone();
        let real_request = real_request.clone();
        move |days: Vec<String>, workers: u32, crashes: CrashPlan| {
            *real_request.borrow_mut() = Some((days.clone(), workers, crashes));
            send_as(Action::SentRealBackfill, Request::ExportInputs { days });
        }
    };
    let on_real_days = {
        let start_real = start_real.clone();
        Callback::from(move |(days, workers): (Vec<String>, u32)| start_real(days, workers, CrashPlan::default()))
    };
    let on_bug = {
        let send = send.clone();
        Callback::from(move |plant: bool| {
            send(if plant { Request::PlantBug } else { Request::CheckMetric }, String::new())
        })
    };
    let on_real = {
        let start_real = start_real.clone();
        let days_built: Vec<String> = session
            .catalog
            .tables
            .iter()
            .find(|t| t.name == "users")
            .map(|t| t.partitions.iter().map(|p| p.ds.clone()).collect())
            .unwrap_or_default();
        let dispatcher = session.dispatcher();
        Callback::from(move |ask: RealAsk| {
            let count = ask.days as usize;
            let start = match &ask.from {
                None => Some(days_built.len().saturating_sub(count)),
                Some(from) => days_built.iter().position(|d| d == from),
            };
            match start.filter(|s| s + count <= days_built.len()) {
                Some(s) => start_real(days_built[s..s + count].to_vec(), ask.workers, ask.crashes),
                None => dispatcher.dispatch(Action::Runner(RunnerEvent::Failed(format!(
                    "{count} days from {} are not all in the warehouse ({} to {})",
                    ask.from.as_deref().unwrap_or("the end"),
                    days_built.first().map_or("", String::as_str),
                    days_built.last().map_or("", String::as_str)
                )))),
            }
        })
    };
    let on_scd2 = {
        let send_as = send_as.clone();
        Callback::from(move |from: String| send_as(Action::SentScd2Backfill, Request::BackfillScd2 { from }))
    };
    let tab = |to: Tab| {
        let tab_state = tab_state.clone();
        Callback::from(move |_: MouseEvent| tab_state.set(to))
    };
    let shown = *tab_state;
    let toggle_plan = {
        let show_plan = show_plan.clone();
        Callback::from(move |_: MouseEvent| show_plan.set(!*show_plan))
    };

    let s = &*session;
    html! {
        <div class="app" data-answers={s.answers.to_string()}>
            <header>
                <h1>{ "Datestamps vs SCD2 — warehouse playground" }</h1>
                <span class="status" id="status" role="status">{ &s.status }</span>
            </header>
            if let Some(message) = &s.fatal {
                <div class="fatal" role="alert">{ message }{ " Reload the page to try again." }</div>
            }
            <div class="body">
                <aside class="sidebar">
                    <BuildForm initial={(*initial_network).clone()} {idle} progress={s.progress.clone()} {on_build} />
                    <Catalog catalog={s.catalog.clone()} {on_pick} />
                </aside>
                <main>
                    <nav class="tabs" role="tablist">
                        <button id="tab-explore" role="tab" aria-selected={(shown == Tab::Explore).to_string()}
                            onclick={tab(Tab::Explore)}>{ "Explore with SQL" }</button>
                        <button id="tab-compare" role="tab" aria-selected={(shown == Tab::Compare).to_string()}
                            onclick={tab(Tab::Compare)}>{ "Compare the models" }</button>
                        <button id="tab-backfill" role="tab" aria-selected={(shown == Tab::Backfill).to_string()}
                            onclick={tab(Tab::Backfill)}>{ "Backfill lab" }</button>
                    </nav>
                    <div class="backfill-tab" hidden={shown != Tab::Backfill}>
                        <BackfillLab simulation={s.simulation.clone()} answered={s.simulations} error={s.simulation_error.clone()}
                            {idle} {on_simulate} days_built={s.social_range().map_or(0, |_| s.partitions_of("users"))}
                            real_reports={s.real_reports.clone()} real_progress={s.real_progress} real_live={s.real_live.clone()}
                            real_stored={s.real_stored} real_error={s.real_error.clone()} {on_real}
                            range={s.social_range()} scd2_backfill={s.scd2_backfill.clone()}
                            scd2_error={s.scd2_error.clone()} {on_scd2}
                            bug={s.bug.clone()} {on_bug} {on_real_days} />
                    </div>
                    <div class="compare-tab" hidden={shown != Tab::Compare}>
                        <CompareView range={s.social_range()} answer={s.comparison.clone()}
                            error={s.compare_error.clone()} {idle} active={shown == Tab::Compare}
                            initial={(*compare_link).clone()} {on_compare}
                            cohort={s.cohort.clone()} history_cost={s.history_cost.clone()} {on_chart} />
                    </div>
                    <div class="explore-tab" hidden={shown != Tab::Explore}>
                    if let Some(params) = s.question_params() {
                        <QuestionMenu {params} on_pick={on_question} />
                    }
                    <Editor sql={(*sql).clone()} busy={s.busy()} ready={s.ready}
                        {on_change} {on_run} {on_explain} {on_cancel} />
                    if let Some(notice) = &s.notice {
                        <div class="notice" id="notice">{ notice }</div>
                    }
                    if let Some((error, sql)) = &s.error {
                        <ErrorPanel error={error.clone()} sql={sql.clone()} />
                    }
                    if let Some(plan) = &s.explained {
                        <PlanView title="Physical plan (not run)" plan={plan.clone()} />
                    }
                    if let Some(result) = &s.result {
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
                    </div>
                </main>
            </div>
        </div>
    }
}
