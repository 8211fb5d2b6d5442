//! What the backfill lab holds: the last simulation, the real backfills so far, the SCD2
//! backfill and the planted bug, each as its own request's answer left it.

use std::rc::Rc;

use playground_backfill::{LiveRun, RealReport};
use playground_protocol::{
    BugReport, EngineError, QueryResult, RetentionReport, Scd2Backfill, Scd2RebuildCheck, Simulation,
};
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
    /// A learner's pipeline is about to be backfilled into this table.
    LearnerAsked(String),
    /// The backfill was planned; one SCD2 merge's measured time, for comparison.
    Planned(f64),
    /// The learner's new table, queried.
    LearnerPreview(QueryResult),
    /// The real backfill's pool moved on.
    Runner(RunnerEvent),
    /// Its outputs were stored.
    Stored(u32, u32, Vec<String>),
    /// It stopped before storing anything (a lost request, a refused export).
    RealFailed(Option<String>),
    /// An SCD2 backfill was asked for.
    Scd2Asked,
    /// Its report.
    Scd2Done(Scd2Backfill),
    /// Why it was refused.
    Scd2Failed(String),
    /// The one-pass check moved on: days merged, of all.
    CheckProgress(u32, u32),
    /// The one-pass SCD2 tables checked against the daily merges.
    Checked(Scd2RebuildCheck),
    /// Why the check failed.
    CheckFailed(String),
    /// Where the metric is wrong.
    Bug(BugReport),
    /// A retention window was applied.
    Retention(RetentionReport),
    /// Why it was refused.
    RetentionFailed(String),
}

/// What a real backfill stored.
#[derive(Clone, PartialEq, Debug)]
pub struct Stored {
    /// Partitions swapped in.
    pub partitions: u32,
    /// Of those, byte-identical to the ones the build wrote.
    pub identical: u32,
    /// Days of the daily aggregate recomputed downstream of the stored dimensions.
    pub downstream: Vec<String>,
}

/// A learner's pipeline run, as far as it got.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct LearnerRun {
    /// The new table.
    pub table: String,
    /// Tasks done and in all, while it runs.
    pub progress: Option<(u32, u32)>,
    /// One SCD2 merge, as measured in the build (ms).
    pub scd2_merge_ms: Option<f64>,
    /// The pool's report.
    pub report: Option<RealReport>,
    /// What was stored.
    pub stored: Option<Stored>,
    /// The new table, queried.
    pub preview: Option<QueryResult>,
    /// Why it stopped.
    pub error: Option<String>,
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
    /// What the last real backfill stored.
    pub real_stored: Option<Stored>,
    pub real_error: Option<String>,
    pub scd2_backfill: Option<Scd2Backfill>,
    pub scd2_error: Option<String>,
    /// The one-pass check: under way (days merged, of all), its report, or why it failed.
    pub check_progress: Option<(u32, u32)>,
    pub check: Option<Scd2RebuildCheck>,
    pub check_error: Option<String>,
    pub bug: Option<BugReport>,
    pub retention: Option<RetentionReport>,
    pub retention_error: Option<String>,
    /// The learner's last pipeline run.
    pub learner: Option<LearnerRun>,
    /// The real backfill under way is the learner's.
    pub learner_active: bool,
}

impl Reducible for BackfillState {
    type Action = BackfillAction;

    fn reduce(self: Rc<Self>, action: BackfillAction) -> Rc<Self> {
        let mut s = (*self).clone();
        if s.learner_active {
            if let Some(run) = s.learner.as_mut() {
                if run.learn(&action) {
                    let ended = matches!(
                        action,
                        BackfillAction::Stored(..)
                            | BackfillAction::RealFailed(_)
                            | BackfillAction::Runner(RunnerEvent::Failed(_))
                    );
                    s.real_running = !ended;
                    s.learner_active = !ended;
                    return Rc::new(s);
                }
            }
        }
        match action {
            BackfillAction::LearnerAsked(table) => {
                s.learner = Some(LearnerRun { table, ..LearnerRun::default() });
                s.learner_active = true;
            }
            BackfillAction::Planned(_) => {}
            BackfillAction::LearnerPreview(result) => {
                if let Some(run) = s.learner.as_mut() {
                    run.preview = Some(result);
                }
            }
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
            BackfillAction::Stored(partitions, identical, downstream) => {
                s.real_running = false;
                s.real_stored = Some(Stored { partitions, identical, downstream });
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
            BackfillAction::CheckProgress(done, total) => {
                s.check_progress = Some((done, total));
                s.check_error = None;
            }
            BackfillAction::Checked(report) => {
                s.check_progress = None;
                s.check = Some(report);
            }
            BackfillAction::CheckFailed(message) => {
                s.check_progress = None;
                s.check_error = Some(message);
            }
            BackfillAction::Bug(report) => s.bug = Some(report),
            BackfillAction::Retention(report) => {
                s.retention = Some(report);
                s.retention_error = None;
            }
            BackfillAction::RetentionFailed(message) => s.retention_error = Some(message),
        }
        Rc::new(s)
    }
}

impl LearnerRun {
    /// Takes in what the learner's backfill did; `false` for actions that are not its.
    fn learn(&mut self, action: &BackfillAction) -> bool {
        match action {
            BackfillAction::Planned(merge_ms) => self.scd2_merge_ms = Some(*merge_ms),
            BackfillAction::Runner(RunnerEvent::Started) => {}
            BackfillAction::Runner(RunnerEvent::Progress(live)) => self.progress = Some((live.done, live.total)),
            BackfillAction::Runner(RunnerEvent::Finished(report, _)) => self.report = Some(report.clone()),
            BackfillAction::Runner(RunnerEvent::Failed(message)) => self.error = Some(message.clone()),
            BackfillAction::Stored(partitions, identical, downstream) => {
                self.stored =
                    Some(Stored { partitions: *partitions, identical: *identical, downstream: downstream.clone() })
            }
            BackfillAction::RealFailed(message) => {
                self.error = Some(message.clone().unwrap_or_else(|| "the backfill stopped; nothing was stored".into()))
            }
            _ => return false,
        }
        true
    }
}
