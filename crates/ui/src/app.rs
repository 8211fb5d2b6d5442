//! The page: starts the engine, composes the sidebar and the three tabs, and hands each
//! request's answer back to the part of the page that asked.

use playground_protocol::{CompareRequest, Request, SimulationRequest, SocialParams};
use yew::prelude::*;

use crate::client::{Engine, EngineEvent};
use crate::components::backfill_lab::BackfillLab;
use crate::components::build_form::BuildForm;
use crate::components::catalog::Catalog;
use crate::components::compare_view::CompareView;
use crate::components::editor::Editor;
use crate::components::error_panel::ErrorPanel;
use crate::components::metrics_strip::MetricsStrip;
use crate::components::plan_view::PlanView;
use crate::components::question_menu::QuestionMenu;
use crate::components::real_ask::RealAsk;
use crate::components::result_grid::ResultGrid;
use crate::components::stopped_panel::StoppedPanel;
use crate::session::{Action, Ask, Session};
use crate::startup::{startup_network, DEMO_STARTER_SQL, SOCIAL_STARTER_SQL};
use crate::{link, real_backfill};
use playground_backfill::CrashPlan;

/// Rows of a result sent back to the page; the rest are counted by the engine.
const MAX_ROWS: usize = 1000;

/// The page's three views.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Explore,
    Compare,
    Backfill,
}

/// Sends `request` for `ask`; its answer comes back to the reducer as that ask's.
fn ask_as(engine: &Engine, dispatcher: &UseReducerDispatcher<Session>, ask: Ask, request: Request) {
    dispatcher.dispatch(Action::Asked(ask.clone()));
    let dispatcher = dispatcher.clone();
    engine.ask(request, Callback::from(move |reply| dispatcher.dispatch(Action::Replied(ask.clone(), reply))));
}

/// The loads that build the warehouse the page opens with.
fn load_startup(engine: &Engine, dispatcher: &UseReducerDispatcher<Session>, network: Option<SocialParams>) {
    ask_as(engine, dispatcher, Ask::Load, Request::LoadDemo);
    if let Some(params) = network {
        ask_as(engine, dispatcher, Ask::Load, Request::LoadSocial { params });
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
    let engine = use_memo((), {
        let dispatcher = session.dispatcher();
        move |_| {
            let on_life = dispatcher.clone();
            let engine = Engine::start(Callback::from(move |event: EngineEvent| {
                on_life.dispatch(Action::Life(event));
            }));
            load_startup(&engine, &dispatcher, (*startup).clone());
            engine
        }
    });
    let send = {
        let (engine, dispatcher) = (engine.clone(), session.dispatcher());
        move |ask: Ask, request: Request| ask_as(&engine, &dispatcher, ask, request)
    };
    let idle = session.ready && !session.busy();
    let on_run = {
        let (sql, send) = (sql.clone(), send.clone());
        Callback::from(move |()| {
            if idle {
                send(Ask::Query { sql: (*sql).clone() }, Request::Run { sql: (*sql).clone(), max_rows: MAX_ROWS });
            }
        })
    };
    let on_explain = {
        let (sql, send) = (sql.clone(), send.clone());
        Callback::from(move |()| {
            if idle {
                send(Ask::Query { sql: (*sql).clone() }, Request::Explain { sql: (*sql).clone() });
            }
        })
    };
    let on_cancel = {
        let engine = engine.clone();
        Callback::from(move |()| engine.cancel("Query cancelled"))
    };
    let on_reset = {
        let (engine, dispatcher) = (engine.clone(), session.dispatcher());
        let network = (*initial_network).clone();
        Callback::from(move |demo_only: bool| {
            engine.reset(if demo_only { "Reset to the demo table" } else { "Reset to the default warehouse" });
            load_startup(&engine, &dispatcher, (!demo_only).then(|| network.clone()));
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
                send(Ask::Load, Request::LoadSocial { params });
            }
        })
    };
    let on_question = {
        let sql = sql.clone();
        Callback::from(move |text: String| sql.set(text))
    };
    let on_compare = {
        let send = send.clone();
        Callback::from(move |(scenario, request): (String, CompareRequest)| {
            send(Ask::Compare { scenario, request: request.clone() }, Request::Compare(request))
        })
    };
    let on_chart = {
        let send = send.clone();
        Callback::from(move |request: Request| send(Ask::Chart, request))
    };
    let on_simulate = {
        let send = send.clone();
        Callback::from(move |request: SimulationRequest| send(Ask::Simulate, Request::Simulate(request)))
    };
    let start_real = {
        let (engine, dispatcher) = (engine.clone(), session.dispatcher());
        move |days: Vec<String>, workers: u32, crashes: CrashPlan| {
            let report = dispatcher.clone();
            real_backfill::start(&engine, days, workers, crashes, Callback::from(move |a| report.dispatch(a)));
        }
    };
    let on_real_days = {
        let start_real = start_real.clone();
        Callback::from(move |(days, workers): (Vec<String>, u32)| start_real(days, workers, CrashPlan::default()))
    };
    let on_bug = {
        let send = send.clone();
        Callback::from(move |plant: bool| send(Ask::Bug, if plant { Request::PlantBug } else { Request::CheckMetric }))
    };
    let on_real = {
        let start_real = start_real.clone();
        let days_built = session.days_built();
        let dispatcher = session.dispatcher();
        Callback::from(move |ask: RealAsk| match ask.days_in(&days_built) {
            Ok(days) => start_real(days, ask.workers, ask.crashes),
            Err(message) => dispatcher.dispatch(Action::Runner(crate::backfill_runner::RunnerEvent::Failed(message))),
        })
    };
    let on_scd2 = {
        let send = send.clone();
        Callback::from(move |from: String| send(Ask::Scd2Backfill, Request::BackfillScd2 { from }))
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
            if let Some(message) = &s.stopped {
                <StoppedPanel message={message.clone()} {on_reset} />
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
