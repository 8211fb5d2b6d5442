//! Raw data does not live forever: keep only the last days of the raw tables, as
//! production would, and see what each model can still do about the first day.

use playground_protocol::RetentionReport;
use yew::prelude::*;

use crate::typing;

/// Props of [`RetentionPanel`].
#[derive(Properties, PartialEq)]
pub struct RetentionPanelProps {
    /// The engine is ready and not busy.
    pub idle: bool,
    /// Days of raw snapshots the warehouse holds.
    pub days_built: u32,
    /// The last window applied.
    pub report: Option<RetentionReport>,
    /// Why the last one was refused.
    pub error: Option<String>,
    /// Keep this many days of raw snapshots.
    pub on_apply: Callback<u32>,
}

fn report(r: &RetentionReport) -> Html {
    html! {
        <div class="real-report" id="retention-report">
            <p>{ format!(
                "Kept the last {} days of raw snapshots (from {}): {} raw partitions dropped.",
                r.keep_days, r.kept_from, r.dropped
            ) }</p>
            <p id="retention-datestamp" class="ok">{ format!(
                "Datestamps: dim_users still answers {} with {} users, from the partition stored that day. Any past day stays one WHERE ds = … away.",
                r.oldest_day, r.datestamped_rows_then
            ) }</p>
            if let Some(why) = &r.scd2_rebuild_refused {
                <p id="retention-scd2" class="bad">{ format!("SCD2: a rebuild from {} was refused: {why}", r.oldest_day) }</p>
            } else {
                <p id="retention-scd2">{ format!("SCD2: a rebuild from {} still ran: every raw day was kept.", r.oldest_day) }</p>
            }
        </div>
    }
}

/// The retention window's form and what it left.
#[component]
pub fn RetentionPanel(props: &RetentionPanelProps) -> Html {
    let keep = use_state(|| "30".to_string());
    let problem = use_state(|| None::<String>);
    let on_apply = {
        let (keep, problem, on_apply, built) =
            (keep.clone(), problem.clone(), props.on_apply.clone(), props.days_built);
        Callback::from(move |_: MouseEvent| match keep.trim().parse::<u32>() {
            Ok(days) if (1..=built).contains(&days) => {
                problem.set(None);
                on_apply.emit(days);
            }
            _ if built == 0 => problem.set(Some("build the social network first".into())),
            _ => problem.set(Some(format!("keep 1 to {built} days of raw snapshots, not {:?}", keep.trim()))),
        })
    };
    html! {
        <>
            <h3>{ "Raw data does not live forever" }</h3>
            <p class="explanation">{ "Production copies are often kept for a limited time, say the last 30 days. Apply that window to the raw tables: their older partitions are dropped. The datestamped tables stored every day as it was built, so they still answer any past day; the SCD2 tables cannot be rebuilt from a day past the window, because each merge needs that day's raw snapshot. Build the network again to get the raw days back." }</p>
            <div class="sim-form">
                <label>{ "keep the last (days)" }<input id="retention-days" value={(*keep).clone()} oninput={typing::to_state(&keep)} /></label>
                <button id="retention-apply" class="primary" disabled={!props.idle} onclick={on_apply}>{ "Apply the retention window" }</button>
            </div>
            if let Some(message) = &*problem {
                <div class="as-of-problem" id="retention-problem" role="alert">{ message }</div>
            }
            if let Some(message) = &props.error {
                <div class="as-of-problem" id="retention-error" role="alert">{ message }</div>
            }
            { for props.report.as_ref().map(report) }
        </>
    }
}
