//! A new table gets its history for free: the learner writes a datestamp pipeline, names
//! the table, backfills it over a chosen range on the pool and sees it answer; the panel
//! says what the same new table would take in SCD2.

use playground_backfill::RealReport;
use playground_protocol::NewPipeline;
use yew::prelude::*;

use crate::components::code_editor::{CodeEditor, EditorRef};
use crate::components::real_ask::RealAsk;
use crate::components::result_grid::{ResultGrid, SharedResult};
use crate::format::millis;
use crate::tabs::backfill_state::LearnerRun;
use crate::typing;

/// The example the editor starts with: each account's mutual follows on the day.
pub const EXAMPLE_SQL: &str = "SELECT user_id, count(*) AS mutual_follows
FROM dim_relationships
WHERE ds = '{{ ds }}' AND is_mutual
GROUP BY user_id";

/// Props of [`PipelinePanel`].
#[derive(Properties, PartialEq)]
pub struct PipelinePanelProps {
    /// The engine is ready and not busy.
    pub idle: bool,
    /// Days the datestamped tables hold, in order.
    pub days: Vec<String>,
    /// The last run.
    pub run: Option<LearnerRun>,
    /// Backfill this pipeline over these days on this many workers.
    pub on_backfill: Callback<(NewPipeline, Vec<String>, u32)>,
}

fn scd2_cost(run: &LearnerRun, r: &RealReport) -> Html {
    let Some(merge) = run.scd2_merge_ms.filter(|m| *m > 0.0) else { return html! {} };
    let days = r.days.len() as f64;
    html! {
        <p id="pipeline-scd2">{ format!(
            "In SCD2 the same table would need more than this SELECT: a merge written for it (its key, the columns it tracks, closing out changed and vanished keys, reopening returning ones), and its history filled by {} runs of that merge one after another, each day waiting for the one before and rewriting the whole table. At the {} one dim_users_scd2 merge took in this warehouse's build, that is about {} with no parallelism, against {} on {} worker{} here.",
            r.days.len(), millis(merge), millis(merge * days), millis(r.wall_ms), r.workers, if r.workers == 1 { "" } else { "s" }
        ) }</p>
    }
}

fn outcome(run: &LearnerRun) -> Html {
    html! {
        <div class="real-report" id="pipeline-report">
            if let Some((done, total)) = run.progress.filter(|_| run.report.is_none()) {
                <p class="muted" id="pipeline-progress">{ format!("{done} of {total} days") }</p>
            }
            if let Some(message) = &run.error {
                <div class="as-of-problem" id="pipeline-error" role="alert">{ message }</div>
            }
            if let (Some(r), Some(s)) = (&run.report, &run.stored) {
                <p id="pipeline-stored" class="ok">{ format!(
                    "{} now has {} daily partitions ({} to {}), written by the same SELECT run once per day on {} worker{} in {}.",
                    run.table, s.partitions, r.days.first().map_or("", String::as_str),
                    r.days.last().map_or("", String::as_str), r.workers, if r.workers == 1 { "" } else { "s" },
                    millis(r.wall_ms)
                ) }</p>
                { scd2_cost(run, r) }
            }
            if let Some(result) = &run.preview {
                <p class="muted">{ format!("SELECT ds, count(*) AS rows FROM {} GROUP BY ds ORDER BY ds", run.table) }</p>
                <ResultGrid result={SharedResult::from(result.clone())} id_prefix="pipeline-" />
            }
        </div>
    }
}

/// The pipeline editor.
#[component]
pub fn PipelinePanel(props: &PipelinePanelProps) -> Html {
    let name = use_state(|| "agg_user_mutuals".to_string());
    let sql = use_state(|| EXAMPLE_SQL.to_string());
    let count = use_state(|| "30".to_string());
    let from = use_state(String::new);
    let workers = use_state(|| "2".to_string());
    let problem = use_state(|| None::<String>);
    let editor = use_memo((), |_| EditorRef::default());
    let on_sql = {
        let sql = sql.clone();
        Callback::from(move |text: String| sql.set(text))
    };
    let on_run = {
        let (name, sql, count, from, workers, problem) =
            (name.clone(), sql.clone(), count.clone(), from.clone(), workers.clone(), problem.clone());
        let editor = (*editor).clone();
        let (on_backfill, days) = (props.on_backfill.clone(), props.days.clone());
        Callback::from(move |_: MouseEvent| {
            let parse = |t: &str| t.trim().parse::<u32>().ok().filter(|n| *n > 0);
            let asked = match (parse(&count), parse(&workers)) {
                (Some(d), Some(w)) => {
                    let from = Some(from.trim().to_string()).filter(|f| !f.is_empty());
                    RealAsk { days: d, from, workers: w, crashes: Default::default() }.days_in(&days).map(|ds| (ds, w))
                }
                _ => Err("days and workers must be whole numbers from 1".to_string()),
            };
            match asked {
                Ok((ds, w)) => {
                    problem.set(None);
                    // The text on screen, which the last render may not have seen yet.
                    let sql = editor.text().unwrap_or_else(|| (*sql).clone());
                    let pipeline = NewPipeline { table: name.trim().to_string(), sql };
                    on_backfill.emit((pipeline, ds, w));
                }
                Err(message) => problem.set(Some(message)),
            }
        })
    };
    html! {
        <>
            <h3>{ "A new table gets its history for free" }</h3>
            <p class="explanation">{ "Write a datestamp pipeline: one SELECT that computes a day of a new table from that day's partitions, with {{ ds }} where the day goes. Name the table, pick a range, and backfill it on the pool: every day is the same SELECT with another ds, so the new table has a past from the moment it exists." }</p>
            <div class="sim-form">
                <label>{ "new table" }<input id="pipeline-name" value={(*name).clone()} oninput={typing::to_state(&name)} /></label>
                <label>{ "days" }<input id="pipeline-days" value={(*count).clone()} oninput={typing::to_state(&count)} /></label>
                <label>{ "from (empty: the last days)" }<input type="date" id="pipeline-from" value={(*from).clone()} oninput={typing::to_state(&from)} /></label>
                <label>{ "workers" }<input id="pipeline-workers" value={(*workers).clone()} oninput={typing::to_state(&workers)} /></label>
            </div>
            <div class="pipeline-sql">
                <CodeEditor id="pipeline-sql" label="The new table's daily SELECT" text={(*sql).clone()}
                    editor={(*editor).clone()} on_change={on_sql} />
            </div>
            <div class="sim-form">
                <button id="pipeline-run" class="primary" disabled={!props.idle} onclick={on_run}>{ "Backfill the new table" }</button>
            </div>
            if let Some(message) = &*problem {
                <div class="as-of-problem" id="pipeline-problem" role="alert">{ message }</div>
            }
            { for props.run.as_ref().map(outcome) }
        </>
    }
}
