//! The cost of history, drawn as SVG: storage of each model as days accumulate, and the
//! time and bytes of one point-in-time lookup in each model.

use playground_protocol::HistoryCost;
use yew::prelude::*;

use crate::charts::{points, short, ticks, Scale};
use crate::format::{bytes, millis};

const W: f64 = 720.0;
const H: f64 = 280.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 120.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// Props of [`CostChart`].
#[derive(Properties, PartialEq)]
pub struct CostChartProps {
    /// Storage growth and lookup costs, measured.
    pub cost: HistoryCost,
}

/// Both charts of the cost-of-history scenario.
#[component]
pub fn CostChart(props: &CostChartProps) -> Html {
    let growth = &props.cost.growth;
    let storage = if growth.is_empty() {
        html! { <p class="muted">{ "No build has recorded storage yet." }</p> }
    } else {
        let last = &growth[growth.len() - 1];
        let top = growth.iter().map(|p| p.datestamped_bytes.max(p.scd2_bytes).max(p.scd1_bytes)).max().unwrap_or(1);
        let y_ticks = ticks(top as f64);
        let x = Scale { domain: (1.0, growth.len().max(2) as f64), range: (LEFT, W - RIGHT) };
        let y = Scale { domain: (0.0, *y_ticks.last().unwrap_or(&1.0)), range: (H - BOTTOM, TOP) };
        let series = [
            (
                "datestamped",
                "Snapshots",
                last.datestamped_bytes,
                growth.iter().map(|p| p.datestamped_bytes).collect::<Vec<_>>(),
            ),
            ("scd2", "SCD2", last.scd2_bytes, growth.iter().map(|p| p.scd2_bytes).collect()),
            ("scd1", "SCD1", last.scd1_bytes, growth.iter().map(|p| p.scd1_bytes).collect()),
        ];
        let end_labels = series.iter().enumerate().map(|(i, (class, name, end, _))| {
            // Small series end near zero together; keep their labels apart.
            let py = (y.map(*end as f64) + 4.0).min(H - BOTTOM - 14.0 * (2 - i.min(2)) as f64 + 4.0);
            html! { <text class={classes!("end-label", *class)} x={(W - RIGHT + 6.0).to_string()} y={py.to_string()}>{ format!("{name} {}", bytes(*end)) }</text> }
        });
        html! {
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label="storage of each model by day">
                { for y_ticks.iter().map(|t| html! {
                    <>
                        <line class="grid" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={y.map(*t).to_string()} y2={y.map(*t).to_string()} />
                        <text class="tick" x={(LEFT - 6.0).to_string()} y={(y.map(*t) + 4.0).to_string()} text-anchor="end">{ format!("{}B", short(*t)) }</text>
                    </>
                }) }
                { for series.iter().map(|(class, _, _, values)| {
                    let pts = values.iter().enumerate().map(|(i, b)| ((i + 1) as f64, *b as f64));
                    html! { <polyline class={classes!("series", *class)} points={points(pts, x, y)} /> }
                }) }
                { for end_labels }
                <text class="tick" x={LEFT.to_string()} y={(H - BOTTOM + 18.0).to_string()}>{ format!("day 1 ({})", growth[0].ds) }</text>
                <text class="tick" x={(W - RIGHT).to_string()} y={(H - BOTTOM + 18.0).to_string()} text-anchor="end">{ format!("day {} ({})", growth.len(), last.ds) }</text>
            </svg>
        }
    };
    let lookups = &props.cost.lookups;
    let slowest = lookups.iter().map(|l| l.median_ms).fold(0.0, f64::max).max(0.001);
    let bar_w = W - 200.0 - 220.0;
    let bars = lookups.iter().enumerate().map(|(i, l)| {
        let y0 = 8.0 + i as f64 * 30.0;
        let w = (l.median_ms / slowest * bar_w).max(1.0);
        html! {
            <g>
                <text class="tick" x="190" y={(y0 + 15.0).to_string()} text-anchor="end">{ &l.model }</text>
                <rect class={classes!("bar", format!("bar-{i}"))} x="200" y={y0.to_string()} width={w.to_string()} height="20" />
                <text class="tick" x={(206.0 + w).to_string()} y={(y0 + 15.0).to_string()}>
                    { format!("{} · {} scanned · {} rows", millis(l.median_ms), bytes(l.bytes_scanned), short(l.rows_scanned as f64)) }
                </text>
                <title>{ &l.sql }</title>
            </g>
        }
    });
    html! {
        <section class="chart" id="cost-chart">
            <h3>{ "Storage of each model as days accumulate" }</h3>
            <div id="storage-chart">{ storage }</div>
            <h3>{ "One point-in-time lookup in each model (median)" }</h3>
            <svg id="lookup-chart" viewBox={format!("0 0 {W} {}", 16.0 + lookups.len() as f64 * 30.0)} role="img" aria-label="lookup time per model">
                { for bars }
            </svg>
            <p class="muted">{ "Storage is recorded after each day of the build. The lookup counts users and sums their followers on the as-of day; SCD1 can only answer for today." }</p>
        </section>
    }
}
