//! The backfill lab: backfill a range of days in both models, simulated at any scale from
//! task times measured in this warehouse and for real on a pool of workers, then the
//! bug-fix scenario. The tab asks for each and keeps the answers ([`BackfillState`]);
//! each panel owns its form.

use playground_backfill::CrashPlan;
use playground_protocol::{NewPipeline, Request, Response, SimulationRequest};
use yew::prelude::*;

use crate::backfill_runner::RunnerEvent;
use crate::client::Reply;
use crate::components::bug_fix_panel::BugFixPanel;
use crate::components::pipeline_panel::PipelinePanel;
use crate::components::real_ask::RealAsk;
use crate::components::real_backfill_panel::RealBackfillPanel;
use crate::components::retention_panel::RetentionPanel;
use crate::components::scd2_panel::Scd2Panel;
use crate::components::scd2_rebuild_panel::Scd2RebuildPanel;
use crate::components::simulate_panel::SimulatePanel;
use crate::page::PageContext;
use crate::real_backfill;
use crate::tabs::backfill_state::{BackfillAction, BackfillState};

/// Props of [`BackfillTab`].
#[derive(Properties, PartialEq)]
pub struct BackfillTabProps {
    /// The engine is ready and not busy.
    pub idle: bool,
    /// First and last day of the social network, once it is built.
    pub range: Option<(String, String)>,
    /// Days of raw snapshots the warehouse holds, in order.
    pub days_built: Vec<String>,
    /// Days the datestamped tables hold, in order (raw days may have expired).
    pub days_datestamped: Vec<String>,
}

/// The tab.
#[component]
pub fn BackfillTab(props: &BackfillTabProps) -> Html {
    let page = use_context::<PageContext>().expect("the page provides its context");
    let state = use_reducer(BackfillState::default);
    let on_simulate = {
        let (page, state) = (page.clone(), state.dispatcher());
        Callback::from(move |request: SimulationRequest| {
            state.dispatch(BackfillAction::Simulating);
            page.status("Simulating both backfills…");
            let (to, state) = (page.clone(), state.clone());
            page.ask(Request::Simulate(request), move |reply| {
                match reply {
                    Reply::Answer(Response::Simulated(simulation)) => {
                        to.status("Simulation finished");
                        state.dispatch(BackfillAction::Simulated(simulation));
                    }
                    Reply::Answer(Response::Error(e)) => {
                        to.status("The last request failed");
                        state.dispatch(BackfillAction::SimulationFailed(e));
                    }
                    _ => return,
                }
                to.answered();
            });
        })
    };
    let start_real = {
        let (page, state) = (page.clone(), state.dispatcher());
        move |days: Vec<String>, workers: u32, crashes: CrashPlan| {
            let state = state.clone();
            real_backfill::start(&page, days, None, workers, crashes, Callback::from(move |a| state.dispatch(a)));
        }
    };
    let on_pipeline = {
        let (page, state) = (page.clone(), state.dispatcher());
        Callback::from(move |(pipeline, days, workers): (NewPipeline, Vec<String>, u32)| {
            let table = pipeline.table.clone();
            state.dispatch(BackfillAction::LearnerAsked(table.clone()));
            let (to, state) = (page.clone(), state.clone());
            let report = Callback::from(move |action: BackfillAction| {
                let stored = matches!(action, BackfillAction::Stored(..));
                state.dispatch(action);
                if stored {
                    // The new table answers like any other: ask it for its days.
                    let sql = format!("SELECT ds, count(*) AS rows FROM {table} GROUP BY ds ORDER BY ds");
                    let state = state.clone();
                    to.ask(Request::Run { sql, max_rows: 1000 }, move |reply| {
                        if let Reply::Answer(Response::Query(result)) = reply {
                            state.dispatch(BackfillAction::LearnerPreview(result));
                        }
                    });
                }
            });
            real_backfill::start(&page, days, Some(pipeline), workers, CrashPlan::default(), report);
        })
    };
    let on_real = {
        let (start_real, page, state) = (start_real.clone(), page.clone(), state.dispatcher());
        let days_built = props.days_built.clone();
        Callback::from(move |ask: RealAsk| match ask.days_in(&days_built) {
            Ok(days) => start_real(days, ask.workers, ask.crashes),
            Err(message) => {
                page.status("The backfill failed");
                state.dispatch(BackfillAction::Runner(RunnerEvent::Failed(message)));
            }
        })
    };
    let on_real_days =
        Callback::from(move |(days, workers): (Vec<String>, u32)| start_real(days, workers, CrashPlan::default()));
    let on_scd2 = {
        let (page, state) = (page.clone(), state.dispatcher());
        Callback::from(move |from: String| {
            state.dispatch(BackfillAction::Scd2Asked);
            page.status("Backfilling SCD2: rewinding, then replaying day after day…");
            let (to, state) = (page.clone(), state.clone());
            page.ask(Request::BackfillScd2 { from }, move |reply| match reply {
                Reply::Answer(Response::Scd2Backfilled(report)) => {
                    to.status("SCD2 backfill finished");
                    state.dispatch(BackfillAction::Scd2Done(report));
                }
                Reply::Answer(Response::Error(e)) => {
                    to.status("The last request failed");
                    state.dispatch(BackfillAction::Scd2Failed(e.message));
                    to.answered();
                }
                _ => {}
            });
        })
    };
    let on_check = {
        let (page, state) = (page.clone(), state.dispatcher());
        Callback::from(move |()| {
            state.dispatch(BackfillAction::CheckProgress(0, 0));
            page.status("Merging every day into the SCD2 tables, one after another…");
            let (to, state) = (page.clone(), state.clone());
            page.ask(Request::CheckScd2Rebuild, move |reply| match reply {
                Reply::Progress { done, total, .. } => state.dispatch(BackfillAction::CheckProgress(done, total)),
                Reply::Answer(Response::Scd2Checked(report)) => {
                    to.status("SCD2 rebuild checked");
                    state.dispatch(BackfillAction::Checked(report));
                    to.answered();
                }
                Reply::Answer(Response::Error(e)) => {
                    to.status("The last request failed");
                    state.dispatch(BackfillAction::CheckFailed(e.message));
                    to.answered();
                }
                Reply::Lost(why) => state.dispatch(BackfillAction::CheckFailed(why)),
                _ => {}
            });
        })
    };
    let on_bug = {
        let (page, state) = (page.clone(), state.dispatcher());
        Callback::from(move |plant: bool| {
            page.status("Checking the metric…");
            let (to, state) = (page.clone(), state.clone());
            page.ask(if plant { Request::PlantBug } else { Request::CheckMetric }, move |reply| match reply {
                Reply::Answer(Response::Bug(report)) => {
                    to.status("Metric checked");
                    state.dispatch(BackfillAction::Bug(report));
                }
                Reply::Answer(Response::Error(e)) => {
                    to.status(format!("The metric could not be checked: {}", e.message));
                    to.answered();
                }
                _ => {}
            });
        })
    };
    let on_retention = {
        let (page, state) = (page.clone(), state.dispatcher());
        Callback::from(move |keep_days: u32| {
            page.status("Dropping the raw partitions past the window…");
            let (to, state) = (page.clone(), state.clone());
            page.ask(Request::ApplyRetention { keep_days }, move |reply| match reply {
                Reply::Answer(Response::Retention(report)) => {
                    to.status("Retention window applied");
                    state.dispatch(BackfillAction::Retention(report));
                    to.answered();
                }
                Reply::Answer(Response::Error(e)) => {
                    to.status("The last request failed");
                    state.dispatch(BackfillAction::RetentionFailed(e.message));
                    to.answered();
                }
                _ => {}
            });
        })
    };
    let s = &*state;
    let idle = props.idle && !s.real_running;
    html! {
        <div class="backfill-lab">
            <SimulatePanel simulation={s.simulation.clone()} answered={s.simulations}
                error={s.simulation_error.clone()} {idle} {on_simulate} />
            <RealBackfillPanel {idle} days_built={props.days_built.len() as u32} real_reports={s.real_reports.clone()}
                real_progress={s.real_progress} real_live={s.real_live.clone()} real_stored={s.real_stored.clone()}
                real_error={s.real_error.clone()} {on_real} />
            <Scd2Panel {idle} range={props.range.clone()} scd2_backfill={s.scd2_backfill.clone()}
                scd2_error={s.scd2_error.clone()} on_scd2={on_scd2.clone()} />
            <Scd2RebuildPanel {idle} progress={s.check_progress} report={s.check.clone()}
                error={s.check_error.clone()} {on_check} />
            <BugFixPanel {idle} bug={s.bug.clone()} {on_bug} {on_real_days} {on_scd2} />
            <PipelinePanel {idle} days={props.days_datestamped.clone()} run={s.learner.clone()} on_backfill={on_pipeline} />
            <RetentionPanel {idle} days_built={props.days_built.len() as u32} report={s.retention.clone()}
                error={s.retention_error.clone()} on_apply={on_retention} />
        </div>
    }
}
