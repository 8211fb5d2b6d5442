//! What the backfill lab holds: the last simulation, the real backfills so far, the SCD2
//! backfill and the planted bug, each as its own request's answer left it.

use std::rc::Rc;

use playground_backfill::{LiveRun, RealReport};
use playground_protocol::{BugReport, EngineError, Scd2Backfill, Simulation};
use yew::Reducible;

use crate::backfill_runner::RunnerEvent;

/// What happened in the lab.
pub enum BackfillAction {
    /// A simulation was asked for.
    Simulating,
    /// Its answer.
    Simulated(Simulation),
    /// Why it was refused.
    SimulationFailed(EngineError),
    /// The real backfill's pool moved on.
    Runner(RunnerEvent),
    /// Its outputs were stored: partitions, and how many are byte-identical.
    Stored(u32, u32),
    /// It stopped before storing anything (a lost request, a refused export).
    RealFailed(Option<String>),
    /// An SCD2 backfill was asked for.
    Scd2Asked,
    /// Its report.
    Scd2Done(Scd2Backfill),
    /// Why it was refused.
    Scd2Failed(String),
    /// Where the metric is wrong.
    Bug(BugReport),
}

/// The lab's state.
#[derive(Clone, PartialEq, Default)]
pub struct BackfillState {
    pub simulation: Option<Simulation>,
    /// Simulations answered so far (a rerun with the same result is still news).
    pub simulations: u64,
    pub simulation_error: Option<EngineError>,
    /// A real backfill is under way (from the export to the stored outputs).
    pub real_running: bool,
    pub real_progress: Option<(u32, u32)>,
    /// The real backfill as it goes, kept after a failure to show what led to it.
    pub real_live: Option<LiveRun>,
    pub real_reports: Vec<RealReport>,
    /// Partitions stored and byte-identical, for the last real backfill.
    pub real_stored: Option<(u32, u32)>,
    pub real_error: Option<String>,
    pub scd2_backfill: Option<Scd2Backfill>,
    pub scd2_error: Option<String>,
    pub bug: Option<BugReport>,
}

impl Reducible for BackfillState {
    type Action = BackfillAction;

    fn reduce(self: Rc<Self>, action: BackfillAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            BackfillAction::Simulating => s.simulation_error = None,
            BackfillAction::Simulated(simulation) => {
                s.simulation = Some(simulation);
                s.simulations += 1;
            }
            BackfillAction::SimulationFailed(e) => s.simulation_error = Some(e),
            BackfillAction::Runner(RunnerEvent::Started) => {
                s.real_running = true;
                s.real_error = None;
                s.real_stored = None;
                s.real_progress = None;
                s.real_live = None;
            }
            BackfillAction::Runner(RunnerEvent::Progress(live)) => {
                s.real_progress = Some((live.done, live.total));
                s.real_live = Some(live);
            }
            BackfillAction::Runner(RunnerEvent::Finished(report, _)) => {
                let tasks = report.tasks();
                s.real_progress = Some((tasks, tasks));
                s.real_live = None;
                s.real_reports.push(report);
            }
            BackfillAction::Runner(RunnerEvent::Failed(message)) => {
                s.real_running = false;
                s.real_error = Some(message);
            }
            BackfillAction::Stored(partitions, identical) => {
                s.real_running = false;
                s.real_stored = Some((partitions, identical));
            }
            BackfillAction::RealFailed(message) => {
                s.real_running = false;
                if message.is_some() {
                    s.real_error = message;
                }
            }
            BackfillAction::Scd2Asked => s.scd2_error = None,
            BackfillAction::Scd2Done(report) => s.scd2_backfill = Some(report),
            BackfillAction::Scd2Failed(message) => s.scd2_error = Some(message),
            BackfillAction::Bug(report) => s.bug = Some(report),
        }
        Rc::new(s)
    }
}
