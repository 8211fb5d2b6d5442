//! A simulated backfill of both models drawn side by side: the verdict, each model's DAG,
//! figures and Gantt chart on one time scale, and where the task times came from.

use playground_protocol::{SimulatedRun, Simulation};
use yew::prelude::*;

use crate::components::dag_view::DagView;
use crate::components::gantt::Gantt;
use crate::format::millis;

/// Props of [`SimulationView`].
#[derive(Properties, PartialEq)]
pub struct SimulationViewProps {
    /// The simulation to draw.
    pub simulation: Simulation,
    /// Prefix of the element ids, so the lab and a lesson keep theirs apart.
    #[prop_or_default]
    pub id_prefix: AttrValue,
}

fn summary(id: String, title: &'static str, r: &SimulatedRun) -> Html {
    let row = |label: &'static str, value: String| html! { <tr><th>{ label }</th><td class="num">{ value }</td></tr> };
    html! {
        <table class="sim-summary" {id}>
            <caption>{ title }</caption>
            { row("wall-clock (makespan)", millis(r.makespan_ms)) }
            { row("critical path", millis(r.critical_path_ms)) }
            { row("sum of task times", millis(r.work_ms)) }
            { row("wasted (failed or thrown away)", millis(r.wasted_ms)) }
            { row("worker utilisation", format!("{:.0}%", r.utilisation * 100.0)) }
            { row("tasks / attempts", format!("{} / {}", r.tasks, r.attempts.len())) }
            { row("started over", r.restarts.to_string()) }
            if let Some(why) = &r.gave_up {
                <tr class="gave-up"><th>{ "did not finish" }</th><td>{ why }</td></tr>
            }
        </table>
    }
}

/// Both models' backfills.
#[component]
pub fn SimulationView(props: &SimulationViewProps) -> Html {
    let sim = &props.simulation;
    let id = |name: &str| format!("{}{name}", props.id_prefix);
    let until = sim.datestamp.makespan_ms.max(sim.scd2.makespan_ms);
    let workers = sim.datestamp.attempts.iter().chain(&sim.scd2.attempts).map(|a| a.worker + 1).max().unwrap_or(1);
    let ratio = sim.scd2.makespan_ms / sim.datestamp.makespan_ms.max(f64::MIN_POSITIVE);
    html! {
        <>
            <p class="sim-verdict" id={id("sim-verdict")}>{ format!(
                "SCD2 takes {ratio:.1}× as long as datestamps: {} against {} for {} days.",
                millis(sim.scd2.makespan_ms), millis(sim.datestamp.makespan_ms), sim.datestamp.tasks / 5
            ) }</p>
            <div class="sim-models">
                <div>
                    <DagView id={id("dag-datestamp")} run={sim.datestamp.clone()} />
                    { summary(id("sim-datestamp"), "Datestamps: every day on its own", &sim.datestamp) }
                    <Gantt id={id("gantt-datestamp")} run={sim.datestamp.clone()} {workers} until_ms={until} />
                </div>
                <div>
                    <DagView id={id("dag-scd2")} run={sim.scd2.clone()} />
                    { summary(id("sim-scd2"), "SCD2: each day after the one before", &sim.scd2) }
                    <Gantt id={id("gantt-scd2")} run={sim.scd2.clone()} {workers} until_ms={until} />
                </div>
            </div>
            <p class="legend">
                <span class="key datestamp done" />{ "datestamp task " }
                <span class="key scd2 done" />{ "SCD2 task " }
                <span class="key retried" />{ "retried " }
                <span class="key failed" />{ "failed " }
                <span class="key discarded" />{ "thrown away when starting over" }
            </p>
            <p class="muted" id={id("sim-costs")}>{ format!(
                "Task times drawn from real daily runs on {} days spread over the build (mean): {}.",
                sim.measured_days,
                sim.mean_task_ms.iter().map(|(p, ms)| format!("{p} {}", millis(*ms))).collect::<Vec<_>>().join(", ")
            ) }</p>
        </>
    }
}
