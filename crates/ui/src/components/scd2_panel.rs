//! The real SCD2 backfill: rewind to the day before, then replay every later day's merges
//! in order.

use playground_protocol::Scd2Backfill;
use yew::prelude::*;

use crate::format::millis;
use crate::typing;

/// Props of [`Scd2Panel`].
#[derive(Properties, PartialEq)]
pub struct Scd2PanelProps {
    /// The engine is ready and not busy.
    pub idle: bool,
    /// First and last day of the social network.
    pub range: Option<(String, String)>,
    /// The last real SCD2 backfill.
    pub scd2_backfill: Option<Scd2Backfill>,
    /// Why it was refused.
    pub scd2_error: Option<String>,
    /// Backfill SCD2 from this day.
    pub on_scd2: Callback<String>,
}

fn scd2_report(r: &Scd2Backfill) -> Html {
    let merges: f64 = r.merge_ms.iter().sum();
    html! {
        <div class="real-report" id="scd2-report">
            <p>{ format!(
                "Rewound {} tables to the day before {} in {}, then replayed {} days × {} merges one after another in {}: wall-clock {}.",
                r.tables, r.from, millis(r.rewind_ms), r.days, r.tables, millis(merges), millis(r.wall_ms)
            ) }</p>
            <p id="scd2-identical" class={if r.identical == r.tables { "ok" } else { "bad" }}>{ format!(
                "{} of {} SCD2 tables are byte-identical to the ones the build derived in one pass.", r.identical, r.tables
            ) }</p>
            <p id="scd2-downstream">{ format!(
                "Downstream, agg_daily_scd2 was recomputed for all {} replayed days: the rewritten history does not say which of them changed.",
                r.downstream_days
            ) }</p>
            <details>
                <summary>{ "The extra statement an SCD2 backfill needs (per table)" }</summary>
                <pre id="scd2-rewind-sql">{ &r.rewind_sql }</pre>
            </details>
        </div>
    }
}

/// The SCD2 backfill's form and report.
#[component]
pub fn Scd2Panel(props: &Scd2PanelProps) -> Html {
    let scd2_from = use_state(|| None::<String>);
    let default_from = props
        .range
        .as_ref()
        .and_then(|(first, last)| playground_queries::months_before(last, 1).filter(|d| d >= first))
        .unwrap_or_default();
    let from = (*scd2_from).clone().unwrap_or(default_from);
    let on_scd2 = {
        let (on_scd2, from) = (props.on_scd2.clone(), from.clone());
        Callback::from(move |_: MouseEvent| on_scd2.emit(from.clone()))
    };
    let on_from = {
        let scd2_from = scd2_from.clone();
        Callback::from(move |e: InputEvent| scd2_from.set(Some(typing::value(&e))))
    };
    html! {
        <>
            <h3>{ "Backfill SCD2 for real" }</h3>
            <p class="explanation">{ "An SCD2 backfill cannot rerun one day alone: the table must first be rewound to how it stood the day before (an extra statement per table that the daily run never needs), then every later day's merge replays in order, one at a time." }</p>
            <div class="sim-form">
                <label>{ "from day" }<input type="date" id="scd2-from" value={from.clone()} oninput={on_from} /></label>
                <button id="scd2-run" class="primary" disabled={!props.idle} onclick={on_scd2}>{ "Rewind and replay" }</button>
            </div>
            if let Some(message) = &props.scd2_error {
                <div class="as-of-problem" id="scd2-error" role="alert">{ message }</div>
            }
            { for props.scd2_backfill.as_ref().map(scd2_report) }
        </>
    }
}
