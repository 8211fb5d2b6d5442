//! The fast growers' follower counts over time, drawn as SVG: one faint line per user,
//! the cohort's median in bold, and the thresholds the question uses (200 and 1000 at
//! the default size).

use playground_protocol::{median, FollowerSeries};
use playground_queries::Thresholds;
use yew::prelude::*;

use crate::charts::{points, short, ticks, Scale};

const W: f64 = 720.0;
const H: f64 = 300.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

/// Props of [`GrowthChart`].
#[derive(Properties, PartialEq)]
pub struct GrowthChartProps {
    /// One series per user of the cohort.
    pub series: Vec<FollowerSeries>,
    /// "Three months ago".
    pub past: AttrValue,
    /// "Now".
    pub today: AttrValue,
    /// What "many" and "few" followers mean on this network.
    pub thresholds: Thresholds,
}

/// The cohort's growth chart.
#[component]
pub fn GrowthChart(props: &GrowthChartProps) -> Html {
    let Some(first) = props.series.first() else {
        return html! {
            <section class="chart" id="growth-chart">
                <p class="muted">{ format!(
                    "No user had under {} followers on {} and {}+ on {}.",
                    props.thresholds.few, props.past, props.thresholds.many, props.today
                ) }</p>
            </section>
        };
    };
    let days: Vec<&str> = first.points.iter().map(|(ds, _)| ds.as_str()).collect();
    let top = props.series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).max().unwrap_or(0);
    let (many, few) = (props.thresholds.many, props.thresholds.few);
    let y_ticks = ticks(top.max(many) as f64);
    let x = Scale { domain: (0.0, days.len().saturating_sub(1) as f64), range: (LEFT, W - RIGHT) };
    let y = Scale { domain: (0.0, *y_ticks.last().unwrap_or(&1.0)), range: (H - BOTTOM, TOP) };
    let index_of = |ds: &str| days.iter().position(|d| *d == ds);
    let lines = props.series.iter().map(|s| {
        let pts = s.points.iter().filter_map(|(ds, f)| Some((index_of(ds)? as f64, *f as f64)));
        html! { <polyline class="cohort-line" points={points(pts, x, y)}><title>{ format!("user {}", s.user_id) }</title></polyline> }
    });
    let medians = (0..days.len()).map(|i| {
        let at: Vec<f64> = props.series.iter().filter_map(|s| s.points.get(i).map(|p| p.1 as f64)).collect();
        (i as f64, median(&at))
    });
    let threshold = |v: f64, label: String| {
        html! {
            <>
                <line class="threshold" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()}
                    y1={y.map(v).to_string()} y2={y.map(v).to_string()} />
                <text class="threshold-label" x={(W - RIGHT - 4.0).to_string()} y={(y.map(v) - 4.0).to_string()} text-anchor="end">{ label }</text>
            </>
        }
    };
    let past_x = index_of(&props.past).map(|i| x.map(i as f64));
    let x_labels = [(0, "start"), (days.len().saturating_sub(1), "end")]
        .into_iter()
        .map(|(i, anchor)| (x.map(i as f64), anchor, days.get(i).copied().unwrap_or_default().to_string()));
    html! {
        <section class="chart" id="growth-chart">
            <h3>{ format!(
                "Followers of the fast growers ({} user{}), day by day",
                props.series.len(),
                if props.series.len() == 1 { "" } else { "s" }
            ) }</h3>
            <svg viewBox={format!("0 0 {W} {H}")} role="img"
                aria-label={format!("followers of {} users from {} to {}", props.series.len(), days[0], days[days.len() - 1])}>
                { for y_ticks.iter().map(|t| html! {
                    <>
                        <line class="grid" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={y.map(*t).to_string()} y2={y.map(*t).to_string()} />
                        <text class="tick" x={(LEFT - 6.0).to_string()} y={(y.map(*t) + 4.0).to_string()} text-anchor="end">{ short(*t) }</text>
                    </>
                }) }
                { for lines }
                <polyline class="median-line" points={points(medians, x, y)} />
                { threshold(many as f64, format!("{many}: the bar for 'now'")) }
                { threshold(few as f64, format!("{few}: the bar for 'back then'")) }
                if let Some(px) = past_x {
                    <line class="marker" x1={px.to_string()} x2={px.to_string()} y1={TOP.to_string()} y2={(H - BOTTOM).to_string()} />
                    <text class="tick" x={(px + 4.0).to_string()} y={(TOP + 10.0).to_string()}>{ format!("{} (as of)", props.past) }</text>
                }
                { for x_labels.map(|(px, anchor, label)| html! {
                    <text class="tick" x={px.to_string()} y={(H - BOTTOM + 18.0).to_string()} text-anchor={anchor}>{ label }</text>
                }) }
            </svg>
            <p class="muted">{ "Thin lines: one user each. Bold line: the cohort's median." }</p>
        </section>
    }
}
