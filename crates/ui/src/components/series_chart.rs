//! A result that is a series over dates, drawn as SVG lines or bars, one colour per line.

use yew::prelude::*;

use crate::charts::{points, short, ticks, Scale};
use crate::workbench::series::DateSeries;

const W: f64 = 720.0;
const H: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// Props of [`SeriesChart`].
#[derive(Properties, PartialEq)]
pub struct SeriesChartProps {
    /// The dated values.
    pub series: DateSeries,
    /// Bars instead of lines.
    pub bars: bool,
}

/// The chart.
#[component]
pub fn SeriesChart(props: &SeriesChartProps) -> Html {
    let s = &props.series;
    let n = s.dates.len();
    let values = || s.lines.iter().flat_map(|(_, v)| v.iter().flatten().copied());
    let low = values().fold(0.0, f64::min);
    let high = values().fold(0.0, f64::max);
    // Below zero too: ticks count up from zero, so a negative range is drawn mirrored.
    let y_ticks = ticks(high.max(-low));
    let top = *y_ticks.last().unwrap_or(&1.0);
    let y = Scale { domain: (if low < 0.0 { -top } else { 0.0 }, top), range: (H - BOTTOM, TOP) };
    let slot = (W - LEFT - RIGHT) / n.max(1) as f64;
    // Lines join slot centres; bars share each slot.
    let x = Scale { domain: (0.0, n.saturating_sub(1) as f64), range: (LEFT + slot / 2.0, W - RIGHT - slot / 2.0) };
    let marks = s.lines.iter().enumerate().map(|(k, (name, v))| {
        let class = format!("series s{}", k % 8);
        if props.bars {
            let width = (slot * 0.8 / s.lines.len() as f64).max(1.0);
            let bars = v.iter().enumerate().filter_map(|(i, value)| {
                let value = (*value)?;
                let left = LEFT + slot * i as f64 + slot * 0.1 + width * k as f64;
                let (y0, y1) = (y.map(0.0), y.map(value));
                Some(html! {
                    <rect x={format!("{left:.1}")} y={format!("{:.1}", y0.min(y1))} width={format!("{width:.1}")}
                        height={format!("{:.1}", (y0 - y1).abs())}>
                        <title>{ format!("{name} on {}: {value}", s.dates[i]) }</title>
                    </rect>
                })
            });
            html! { <g class={class}>{ for bars }</g> }
        } else {
            let pts = v.iter().enumerate().filter_map(|(i, value)| Some((i as f64, (*value)?)));
            html! { <polyline class={class} points={points(pts, x, y)}><title>{ name.clone() }</title></polyline> }
        }
    });
    let last = n.saturating_sub(1);
    let mut x_labels = vec![(0, "start"), (last / 2, "middle"), (last, "end")];
    x_labels.dedup_by_key(|(i, _)| *i);
    let legend = s.lines.iter().enumerate().map(|(k, (name, _))| {
        html! { <li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class={format!("series s{}", k % 8)} width="10" height="10" /></svg>{ name }</li> }
    });
    html! {
        <figure class="chart series-chart" id="series-chart">
            <svg viewBox={format!("0 0 {W} {H}")} role="img"
                aria-label={format!("{} of {} by {} from {} to {}", if props.bars { "bars" } else { "lines" }, s.y, s.x, s.dates[0], s.dates[last])}>
                { for y_ticks.iter().map(|t| html! {
                    <>
                        <line class="grid" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={y.map(*t).to_string()} y2={y.map(*t).to_string()} />
                        <text class="tick" x={(LEFT - 6.0).to_string()} y={(y.map(*t) + 4.0).to_string()} text-anchor="end">{ short(*t) }</text>
                    </>
                }) }
                { for marks }
                { for x_labels.iter().map(|(i, anchor)| html! {
                    <text class="tick" x={format!("{:.1}", x.map(*i as f64))} y={(H - BOTTOM + 18.0).to_string()} text-anchor={*anchor}>{ &s.dates[*i] }</text>
                }) }
            </svg>
            <figcaption><ul class="legend">{ for legend }</ul></figcaption>
        </figure>
    }
}
