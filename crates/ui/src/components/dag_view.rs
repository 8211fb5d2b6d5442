//! The first days of a backfill's DAG, drawn as SVG: one column per day, one row per
//! pipeline, an arrow from each task to the tasks that wait for it. SCD2's arrows run
//! from day to day (`depends_on_past`); datestamp arrows stay inside their day.

use playground_protocol::SimulatedRun;
use yew::prelude::*;

const COL: f64 = 165.0;
const ROW: f64 = 26.0;
const BOX_W: f64 = 138.0;
const BOX_H: f64 = 18.0;
const PAD: f64 = 6.0;

/// Props of [`DagView`].
#[derive(Properties, PartialEq)]
pub struct DagViewProps {
    /// The run whose DAG preview to draw.
    pub run: SimulatedRun,
    /// Element id.
    pub id: AttrValue,
}

/// The DAG of the first days.
#[component]
pub fn DagView(props: &DagViewProps) -> Html {
    let tasks = &props.run.dag_preview;
    let days = tasks.iter().map(|t| t.day + 1).max().unwrap_or(0);
    let rows = props.run.pipelines.len() as f64;
    let at = |day: u32, pipeline: u32| (PAD + f64::from(day) * COL, PAD + 14.0 + f64::from(pipeline) * ROW);
    let edges =
        tasks.iter().flat_map(|t| t.deps.iter().filter_map(move |&d| tasks.get(d as usize).map(|from| (from, t))));
    let arrows = edges.map(|(from, to)| {
        let (x0, y0) = at(from.day, from.pipeline);
        let (x1, y1) = at(to.day, to.pipeline);
        let (x0, y0, x1, y1) = if from.day == to.day {
            // Inside a day: from the box's right edge back into the aggregate's.
            (x0 + BOX_W, y0 + BOX_H / 2.0, x1 + BOX_W - 10.0, y1)
        } else {
            (x0 + BOX_W, y0 + BOX_H / 2.0, x1, y1 + BOX_H / 2.0)
        };
        let path = if from.day == to.day {
            format!("M{x0:.0},{y0:.0} C{:.0},{y0:.0} {:.0},{:.0} {x1:.0},{y1:.0}", x0 + 18.0, x1 + 8.0, y1 - 10.0)
        } else {
            format!("M{x0:.0},{y0:.0} L{x1:.0},{y1:.0}")
        };
        html! { <path class="dag-edge" d={path} marker-end="url(#arrow)" /> }
    });
    let nodes = tasks.iter().map(|t| {
        let (x, y) = at(t.day, t.pipeline);
        let name = props.run.pipelines.get(t.pipeline as usize).cloned().unwrap_or_default();
        html! {
            <g class="dag-node">
                <rect x={x.to_string()} y={y.to_string()} width={BOX_W.to_string()} height={BOX_H.to_string()} rx="3" />
                <text x={(x + 4.0).to_string()} y={(y + 13.0).to_string()}>{ name }</text>
            </g>
        }
    });
    let headers = (0..days).map(|d| {
        let (x, _) = at(d, 0);
        html! { <text class="tick" x={x.to_string()} y="12">{ format!("day {}", d + 1) }</text> }
    });
    let width = PAD * 2.0 + f64::from(days) * COL;
    let height = PAD * 2.0 + 14.0 + rows * ROW;
    html! {
        <svg class="dag" id={props.id.clone()} viewBox={format!("0 0 {width:.0} {height:.0}")} role="img"
            aria-label={format!("the first {days} days of the DAG, {} tasks", tasks.len())}>
            <defs>
                <marker id="arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M0,0 L6,3 L0,6 z" />
                </marker>
            </defs>
            { for headers }
            { for arrows }
            { for nodes }
        </svg>
    }
}
