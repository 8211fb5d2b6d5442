//! A Gantt chart of a backfill, drawn as SVG: one row per worker, one bar per task
//! attempt, coloured by model and status. Bars closer than a pixel with the same colour
//! merge into one, so five years of tasks stay a few hundred rectangles.

use playground_protocol::{AttemptStatus, Model, SimulatedRun};
use yew::prelude::*;

use crate::charts::Scale;
use crate::format::millis;

const W: f64 = 720.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 4.0;
const AXIS: f64 = 22.0;
const PLOT_H: f64 = 240.0;

/// Props of [`Gantt`].
#[derive(Properties, PartialEq)]
pub struct GanttProps {
    /// The backfill to draw.
    pub run: SimulatedRun,
    /// Worker rows.
    pub workers: u32,
    /// The time axis' end, so both models share one scale.
    pub until_ms: f64,
    /// Element id.
    pub id: AttrValue,
}

fn status_class(s: AttemptStatus) -> &'static str {
    match s {
        AttemptStatus::Done => "done",
        AttemptStatus::Failed => "failed",
        AttemptStatus::Retried => "retried",
        AttemptStatus::Discarded => "discarded",
        AttemptStatus::Running => "running",
    }
}

/// One rectangle: worker row, pixel span, status.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bar {
    worker: u32,
    x0: f64,
    x1: f64,
    status: AttemptStatus,
}

/// Attempts as pixel bars per worker, neighbours of one status merged.
fn bars(run: &SimulatedRun, x: Scale) -> Vec<Bar> {
    let mut sorted: Vec<_> = run.attempts.iter().collect();
    sorted.sort_by(|a, b| a.worker.cmp(&b.worker).then(a.start_ms.total_cmp(&b.start_ms)));
    let mut out: Vec<Bar> = Vec::new();
    for a in sorted {
        let (x0, x1) = (x.map(a.start_ms), x.map(a.end_ms));
        match out.last_mut() {
            Some(b) if b.worker == a.worker && b.status == a.status && x0 - b.x1 < 1.0 => b.x1 = x1,
            _ => out.push(Bar { worker: a.worker, x0, x1, status: a.status }),
        }
    }
    out
}

/// The Gantt chart of one model's backfill.
#[component]
pub fn Gantt(props: &GanttProps) -> Html {
    let workers = props.workers.max(1);
    let row = (PLOT_H / f64::from(workers)).clamp(1.0, 16.0);
    let height = TOP + row * f64::from(workers) + AXIS;
    let x = Scale { domain: (0.0, props.until_ms.max(1.0)), range: (LEFT, W - RIGHT) };
    let model = match props.run.model {
        Model::Datestamp => "datestamp",
        Model::Scd2 => "scd2",
    };
    let drawn = bars(&props.run, x);
    let rects = drawn.iter().map(|b| {
        let y = TOP + row * f64::from(b.worker);
        html! {
            <rect class={classes!("bar", model, status_class(b.status))}
                x={format!("{:.1}", b.x0)} y={format!("{y:.1}")}
                width={format!("{:.2}", (b.x1 - b.x0).max(0.6))} height={format!("{:.1}", (row - 0.5).max(0.8))} />
        }
    });
    let labels = (0..workers).filter(|w| workers <= 16 || w % (workers / 8).max(1) == 0).map(|w| html! {
        <text class="tick" x={(LEFT - 4.0).to_string()} y={(TOP + row * (f64::from(w) + 0.5) + 3.0).to_string()} text-anchor="end">{ format!("w{w}") }</text>
    });
    let axis_y = TOP + row * f64::from(workers) + 14.0;
    html! {
        <svg class="gantt" id={props.id.clone()} viewBox={format!("0 0 {W} {height:.0}")} role="img"
            data-bars={drawn.len().to_string()}
            aria-label={format!("{} attempts on {workers} workers", props.run.attempts.len())}>
            { for labels }
            { for rects }
            <text class="tick" x={LEFT.to_string()} y={axis_y.to_string()}>{ "0" }</text>
            <text class="tick" x={(W - RIGHT).to_string()} y={axis_y.to_string()} text-anchor="end">{ millis(props.until_ms) }</text>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_protocol::Attempt;

    fn attempt(worker: u32, start_ms: f64, end_ms: f64, status: AttemptStatus) -> Attempt {
        Attempt { worker, day: 0, pipeline: 0, start_ms, end_ms, status }
    }

    #[test]
    fn touching_bars_merge_only_with_their_own_status() {
        let run = SimulatedRun {
            model: Model::Datestamp,
            pipelines: vec!["dim_users".into()],
            attempts: vec![
                attempt(0, 0.0, 10.0, AttemptStatus::Done),
                attempt(0, 10.0, 20.0, AttemptStatus::Done),
                attempt(0, 20.0, 25.0, AttemptStatus::Failed),
                attempt(0, 25.0, 40.0, AttemptStatus::Running),
                attempt(1, 0.0, 40.0, AttemptStatus::Running),
            ],
            makespan_ms: 40.0,
            critical_path_ms: 0.0,
            work_ms: 0.0,
            wasted_ms: 0.0,
            utilisation: 0.0,
            tasks: 4,
            restarts: 0,
            gave_up: None,
            dag_preview: Vec::new(),
        };
        let x = Scale { domain: (0.0, 40.0), range: (0.0, 400.0) };
        let drawn: Vec<_> = bars(&run, x).iter().map(|b| (b.worker, b.status, b.x0, b.x1)).collect();
        assert_eq!(
            drawn,
            vec![
                (0, AttemptStatus::Done, 0.0, 200.0),
                (0, AttemptStatus::Failed, 200.0, 250.0),
                (0, AttemptStatus::Running, 250.0, 400.0),
                (1, AttemptStatus::Running, 0.0, 400.0),
            ]
        );
        assert_eq!(status_class(AttemptStatus::Running), "running");
    }
}
