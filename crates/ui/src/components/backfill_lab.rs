//! The backfill lab: backfill a range of days in both models, simulated at any scale from
//! task times measured in this warehouse and for real on a pool of workers, then the
//! bug-fix scenario. Each panel owns its form; answers come down from the page.

use playground_backfill::{LiveRun, RealReport};
use playground_protocol::{BugReport, EngineError, Scd2Backfill, Simulation, SimulationRequest};
use yew::prelude::*;

use crate::components::bug_fix_panel::BugFixPanel;
use crate::components::real_ask::RealAsk;
use crate::components::real_backfill_panel::RealBackfillPanel;
use crate::components::scd2_panel::Scd2Panel;
use crate::components::simulate_panel::SimulatePanel;

/// Props of [`BackfillLab`].
#[derive(Properties, PartialEq)]
pub struct BackfillLabProps {
    /// The last simulation.
    pub simulation: Option<Simulation>,
    /// Simulations answered so far (a rerun with the same result is still news).
    pub answered: u64,
    /// Why the last one was refused.
    pub error: Option<EngineError>,
    /// The engine is ready and not busy.
    pub idle: bool,
    /// Simulate this.
    pub on_simulate: Callback<SimulationRequest>,
    /// Days the warehouse has snapshots for (0 before the social network is built).
    pub days_built: u32,
    /// Real backfills run so far, oldest first.
    pub real_reports: Vec<RealReport>,
    /// Tasks done of the real backfill under way.
    pub real_progress: Option<(u32, u32)>,
    /// The real backfill under way (or the one that just failed), drawn live.
    pub real_live: Option<LiveRun>,
    /// Partitions stored and byte-identical, for the last real backfill.
    pub real_stored: Option<(u32, u32)>,
    /// Why the last real backfill stopped.
    pub real_error: Option<String>,
    /// Backfill `days` days for real on `workers` workers, from a first day (or the last
    /// days when `None`), crashing the workers of the attempts asked for.
    pub on_real: Callback<RealAsk>,
    /// First and last day of the social network.
    pub range: Option<(String, String)>,
    /// The last real SCD2 backfill.
    pub scd2_backfill: Option<Scd2Backfill>,
    /// Why it was refused.
    pub scd2_error: Option<String>,
    /// Backfill SCD2 from this day.
    pub on_scd2: Callback<String>,
    /// Where the daily metric is wrong, once the bug was planted.
    pub bug: Option<BugReport>,
    /// Plant the bug (`true`) or check the metric (`false`).
    pub on_bug: Callback<bool>,
    /// Rerun these days' datestamp pipelines on this many workers.
    pub on_real_days: Callback<(Vec<String>, u32)>,
}

/// The lab's four panels.
#[component]
pub fn BackfillLab(props: &BackfillLabProps) -> Html {
    let p = props;
    html! {
        <div class="backfill-lab">
            <SimulatePanel simulation={p.simulation.clone()} answered={p.answered} error={p.error.clone()}
                idle={p.idle} on_simulate={p.on_simulate.clone()} />
            <RealBackfillPanel idle={p.idle} days_built={p.days_built} real_reports={p.real_reports.clone()}
                real_progress={p.real_progress} real_live={p.real_live.clone()} real_stored={p.real_stored}
                real_error={p.real_error.clone()} on_real={p.on_real.clone()} />
            <Scd2Panel idle={p.idle} range={p.range.clone()} scd2_backfill={p.scd2_backfill.clone()}
                scd2_error={p.scd2_error.clone()} on_scd2={p.on_scd2.clone()} />
            <BugFixPanel idle={p.idle} bug={p.bug.clone()} on_bug={p.on_bug.clone()}
                on_real_days={p.on_real_days.clone()} on_scd2={p.on_scd2.clone()} />
        </div>
    }
}
