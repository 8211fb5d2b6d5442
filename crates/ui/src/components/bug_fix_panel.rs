//! The bug-fix scenario: plant two weeks of a broken pipeline in both models, then repair
//! each with its own backfill and check the metric.

use playground_protocol::BugReport;
use yew::prelude::*;

/// Props of [`BugFixPanel`].
#[derive(Properties, PartialEq)]
pub struct BugFixPanelProps {
    /// The engine is ready and not busy.
    pub idle: bool,
    /// Where the daily metric is wrong, once the bug was planted.
    pub bug: Option<BugReport>,
    /// Plant the bug (`true`) or check the metric (`false`).
    pub on_bug: Callback<bool>,
    /// Rerun these days' datestamp pipelines on this many workers.
    pub on_real_days: Callback<(Vec<String>, u32)>,
    /// Backfill SCD2 from this day.
    pub on_scd2: Callback<String>,
}

fn bug_report(b: &BugReport) -> Html {
    let range = match (b.bad_days.first(), b.bad_days.last()) {
        (Some(f), Some(l)) => format!("{f} to {l}"),
        _ => "no days".into(),
    };
    let wrong = |days: &[String]| {
        if days.is_empty() {
            "right on every day".to_string()
        } else {
            format!("wrong on {} day{}", days.len(), if days.len() == 1 { "" } else { "s" })
        }
    };
    let right = |ok: bool| if ok { "the clean build's answer" } else { "a different answer from the clean build's" };
    html! {
        <div class="real-report" id="bug-report">
            <p>{ format!("dim_relationships was built with is_mutual inverted from {range}.") }</p>
            <p>{ "Daily mutual follows, against the raw snapshots: datestamps " }
                <strong id="bug-datestamp">{ wrong(&b.wrong_datestamp) }</strong>{ ", SCD2 " }
                <strong id="bug-scd2">{ wrong(&b.wrong_scd2) }</strong>{ "." }</p>
            <p>{ "Downstream, the stored daily aggregate: agg_daily " }
                <strong id="bug-agg-datestamp">{ wrong(&b.wrong_aggregate_datestamp) }</strong>{ ", agg_daily_scd2 " }
                <strong id="bug-agg-scd2">{ wrong(&b.wrong_aggregate_scd2) }</strong>{ "." }</p>
            <p>{ "The retention question (posts the fast growers viewed from mutuals): datestamps " }
                <strong id="bug-retention-datestamp">{ right(b.retention_right.0) }</strong>{ ", SCD2 " }
                <strong id="bug-retention-scd2">{ right(b.retention_right.1) }</strong>{ "." }</p>
        </div>
    }
}

/// The scenario's buttons and report.
#[component]
pub fn BugFixPanel(props: &BugFixPanelProps) -> Html {
    html! {
        <>
            <h3>{ "The bug-fix scenario" }</h3>
            <p class="explanation">{ "Break the relationships pipeline for two weeks (is_mutual inverted), in both models, and the daily mutual-follows metric goes wrong. Then fix it: in datestamps, rerun just the bad days, in parallel; in SCD2, rewind to the first bad day and replay every day since. Each repair is checked against the clean build." }</p>
            <p class="explanation">{ "Fixes cascade. The daily aggregate (big accounts and mutual follows per day) is stored downstream of the dimensions in both models. In datestamps it is rerun for exactly the days whose dimension partitions were written again. In SCD2 the rewritten history does not say which days changed, so the aggregate is recomputed for every day of the replay." }</p>
            <div class="sim-form">
                <button id="plant-bug" disabled={!props.idle} onclick={{ let on = props.on_bug.clone(); Callback::from(move |_: MouseEvent| on.emit(true)) }}>{ "Plant the bug" }</button>
                if let Some(b) = &props.bug {
                    <button id="fix-datestamp" disabled={!props.idle} onclick={{
                        let (on, days) = (props.on_real_days.clone(), b.bad_days.clone());
                        Callback::from(move |_: MouseEvent| on.emit((days.clone(), 2)))
                    }}>{ format!("Fix datestamps: rerun {} days on 2 workers", b.bad_days.len()) }</button>
                    <button id="fix-scd2" disabled={!props.idle} onclick={{
                        let (on, from) = (props.on_scd2.clone(), b.bad_days.first().cloned().unwrap_or_default());
                        Callback::from(move |_: MouseEvent| on.emit(from.clone()))
                    }}>{ "Fix SCD2: rewind and replay" }</button>
                    <button id="check-metric" disabled={!props.idle} onclick={{ let on = props.on_bug.clone(); Callback::from(move |_: MouseEvent| on.emit(false)) }}>{ "Check the metric" }</button>
                }
            </div>
            { for props.bug.as_ref().map(bug_report) }
        </>
    }
}
