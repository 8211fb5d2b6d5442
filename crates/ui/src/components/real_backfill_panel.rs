//! The real datestamp backfill: a range of days rerun on a pool of Web Workers, with
//! injected crashes, drawn live and reported against a clean run.

use playground_backfill::{CrashPlan, LiveRun, RandomCrashes, RealReport, TaskBar, DATESTAMP_AGGREGATE, MAX_ATTEMPTS};
use playground_protocol::{Attempt, Model, SimulatedRun};
use yew::prelude::*;

use crate::components::gantt::Gantt;
use crate::components::real_ask::RealAsk;
use crate::format::millis;
use crate::tabs::backfill_state::Stored;
use crate::typing;

/// Props of [`RealBackfillPanel`].
#[derive(Properties, PartialEq)]
pub struct RealBackfillPanelProps {
    /// The engine is ready and not busy.
    pub idle: bool,
    /// Days the warehouse has snapshots for (0 before the social network is built).
    pub days_built: u32,
    /// Real backfills run so far, oldest first.
    pub real_reports: Vec<RealReport>,
    /// Tasks done of the real backfill under way.
    pub real_progress: Option<(u32, u32)>,
    /// The real backfill under way (or the one that just failed), drawn live.
    pub real_live: Option<LiveRun>,
    /// What the last real backfill stored.
    pub real_stored: Option<Stored>,
    /// Why the last real backfill stopped.
    pub real_error: Option<String>,
    /// Backfill as asked.
    pub on_real: Callback<RealAsk>,
}

/// Pool workers a real backfill may start: each holds its own engine.
const MAX_POOL: u32 = 8;

/// A real backfill's attempts as a run the Gantt chart draws.
fn as_run(pipelines: &[String], bars: &[TaskBar], wall_ms: f64, tasks: u32) -> SimulatedRun {
    let attempts = bars
        .iter()
        .map(|b| Attempt {
            worker: b.worker,
            day: b.day,
            pipeline: b.pipeline,
            start_ms: b.start_ms,
            end_ms: b.end_ms,
            status: b.status,
        })
        .collect();
    SimulatedRun {
        model: Model::Datestamp,
        pipelines: pipelines.to_vec(),
        attempts,
        makespan_ms: wall_ms,
        critical_path_ms: 0.0,
        work_ms: bars.iter().map(|b| b.end_ms - b.start_ms).sum(),
        wasted_ms: 0.0,
        utilisation: 0.0,
        tasks,
        restarts: 0,
        gave_up: None,
        dag_preview: Vec::new(),
    }
}

/// The real Gantt chart's legend; `waiting` counts the tasks not started yet.
fn real_legend(waiting: Option<u32>) -> Html {
    html! {
        <p class="legend" id="real-legend">
            <span class="key datestamp done" />{ "done " }
            <span class="key running" />{ "running " }
            <span class="key failed" />{ "crashed its worker " }
            <span class="key retried" />{ "done after a crash " }
            if let Some(waiting) = waiting {
                <span class="key waiting" /><span id="real-waiting">{ format!("{waiting} waiting") }</span>
            }
        </p>
    }
}

/// The backfill under way, drawn as it goes.
fn live_chart(live: &LiveRun) -> Html {
    html! {
        <div class="real-report" id="real-live">
            <Gantt id="gantt-real" run={as_run(&live.pipelines, &live.bars, live.elapsed_ms, live.total)} workers={live.workers}
                until_ms={live.elapsed_ms} />
            { real_legend(Some(live.waiting)) }
        </div>
    }
}

/// What the crashes cost: the work they threw away, the restarts, and the wall-clock,
/// measured against a clean run of the same days on as many workers when there is one.
fn failure_cost(reports: &[RealReport], r: &RealReport) -> Html {
    if r.retries == 0 {
        return html! {};
    }
    let clean = reports.iter().rev().find(|o| o.retries == 0 && o.workers == r.workers && o.days == r.days);
    let measured = match clean {
        Some(c) => format!(
            "; measured against the clean run of the same days: {}{}",
            if r.wall_ms >= c.wall_ms { "+" } else { "−" },
            millis((r.wall_ms - c.wall_ms).abs())
        ),
        None => String::new(),
    };
    html! {
        <p id="real-failures">{ format!(
            "{} attempt{} crashed: {} of work thrown away, {} restarting workers; about {} extra wall-clock (lost worker time over {} worker{}){measured}.",
            r.retries, if r.retries == 1 { "" } else { "s" }, millis(r.wasted_ms), millis(r.restart_ms),
            millis(r.lost_wall_ms()), r.workers, if r.workers == 1 { "" } else { "s" }
        ) }</p>
    }
}

fn real_report(reports: &[RealReport], stored: Option<&Stored>) -> Html {
    let Some(r) = reports.last() else { return html! {} };
    // The baseline is a clean run: crashes would make any speedup look better.
    let same_days_alone = reports.iter().rev().find(|o| o.workers == 1 && o.retries == 0 && o.days == r.days);
    let speedup = match same_days_alone {
        Some(alone) if r.workers > 1 => format!(
            "speedup over one worker: {:.2}× ({} alone)",
            alone.wall_ms / r.wall_ms.max(f64::MIN_POSITIVE),
            millis(alone.wall_ms)
        ),
        _ if r.workers == 1 => "one worker: the sequential baseline".to_string(),
        _ => "run the same days on 1 worker for the speedup".to_string(),
    };
    html! {
        <div class="real-report" id="real-report">
            <p>{ format!(
                "{} days × {} pipelines = {} tasks on {} worker{}: wall-clock {}, sum of task times {} (inside the engines {}), workers started in {}{}.",
                r.days.len(), r.pipelines.len(), r.tasks(), r.workers, if r.workers == 1 { "" } else { "s" },
                millis(r.wall_ms), millis(r.task_sum_ms), millis(r.engine_sum_ms), millis(r.startup_ms),
                if r.retries > 0 { format!(", {} task(s) retried after a worker died", r.retries) } else { String::new() }
            ) }</p>
            { failure_cost(reports, r) }
            <p id="real-speedup"><strong>{ speedup }</strong></p>
            if let Some(s) = stored {
                <p id="real-identical" class={if s.identical == s.partitions { "ok" } else { "bad" }}>{ format!(
                    "{} of {} partitions written back are byte-identical to the ones the build wrote.",
                    s.identical, s.partitions
                ) }</p>
                { downstream(&s.downstream) }
            }
            <Gantt id="gantt-real" run={as_run(&r.pipelines, &r.bars, r.wall_ms, r.tasks())} workers={r.workers} until_ms={r.wall_ms} />
            { real_legend(None) }
        </div>
    }
}

/// The cascade: the aggregate recomputed for exactly the days whose dimensions changed.
fn downstream(days: &[String]) -> Html {
    let (Some(first), Some(last)) = (days.first(), days.last()) else { return html! {} };
    html! {
        <p id="real-downstream">{ format!(
            "Downstream, {DATESTAMP_AGGREGATE} was rerun for exactly those {} day{} ({first} to {last}), from the stored dimension partitions; no other day was touched.",
            days.len(), if days.len() == 1 { "" } else { "s" }
        ) }</p>
    }
}

/// The real backfill's form and results.
#[component]
pub fn RealBackfillPanel(props: &RealBackfillPanelProps) -> Html {
    let real_days = use_state(|| "10".to_string());
    let real_workers = use_state(|| "2".to_string());
    let real_crash = use_state(String::new);
    let real_p = use_state(String::new);
    let real_seed = use_state(|| "1".to_string());
    let real_from = use_state(String::new);
    let real_problem = use_state(|| None::<String>);
    let on_real = {
        let (days, workers, problem) = (real_days.clone(), real_workers.clone(), real_problem.clone());
        let (crash, p, seed) = (real_crash.clone(), real_p.clone(), real_seed.clone());
        let from = real_from.clone();
        let (on_real, built) = (props.on_real.clone(), props.days_built);
        Callback::from(move |_: MouseEvent| {
            let parse = |t: &str| t.trim().parse::<u32>().ok();
            let checked = match (parse(&days), parse(&workers)) {
                (Some(d), _) if built == 0 => Err(format!("build the social network first (asked for {d} days)")),
                (Some(d), _) if d == 0 || d > built => {
                    Err(format!("the warehouse has {built} days of snapshots: backfill 1 to {built}, not {d}"))
                }
                (Some(_), Some(w)) if w == 0 || w > MAX_POOL => {
                    Err(format!("use 1 to {MAX_POOL} workers, not {w}: each starts its own engine with its own memory"))
                }
                (Some(d), Some(w)) => {
                    let from = Some(from.trim().to_string()).filter(|f| !f.is_empty());
                    let day = match crash.trim() {
                        "" => Ok(None),
                        c => match c.parse::<u32>() {
                            Ok(day) if day < d => Ok(Some(day)),
                            _ => Err(format!(
                                "the crashing day must be a day of the backfill, 0 to {}, not {c:?}",
                                d - 1
                            )),
                        },
                    };
                    day.and_then(|day| {
                        let random = RandomCrashes::parse(&p, &seed)?;
                        Ok(RealAsk { days: d, from, workers: w, crashes: CrashPlan { day, random } })
                    })
                }
                _ => Err("days and workers must be whole numbers".to_string()),
            };
            match checked {
                Ok(asked) => {
                    problem.set(None);
                    on_real.emit(asked);
                }
                Err(message) => problem.set(Some(message)),
            }
        })
    };
    html! {
        <>
            <h3>{ "Backfill for real" }</h3>
            <p class="explanation">{ "Rerun the datestamp pipelines for a range of days of this warehouse on a pool of Web Workers. Each worker starts its own DataFusion; each task receives its day's raw partition as Parquet bytes and sends back the partition it wrote, the same statement as the daily run with another ds. The partitions are swapped in whole and checked against the bytes the start-up build wrote, all days in one statement per table. Run it on 1 worker, then on 2, for the speedup." }</p>
            <p class="explanation">{ format!("Inject failures: crash a worker on one day's relationships task, or crash any attempt with probability p, drawn from the seed (the same seed crashes the same attempts). A crashed worker is restarted and its task goes back in the queue; a task that crashes {MAX_ATTEMPTS} times stops the backfill, and nothing is stored.") }</p>
            <div class="sim-form">
                <label>{ "days" }<input id="real-days" value={(*real_days).clone()} oninput={typing::to_state(&real_days)} /></label>
                <label>{ "from (empty: the last days)" }<input type="date" id="real-from" value={(*real_from).clone()} oninput={typing::to_state(&real_from)} /></label>
                <label>{ "workers" }<input id="real-workers" value={(*real_workers).clone()} oninput={typing::to_state(&real_workers)} /></label>
                <label>{ "crash a worker on day (from 0)" }<input id="real-crash" placeholder="none" value={(*real_crash).clone()} oninput={typing::to_state(&real_crash)} /></label>
                <label>{ "crash attempts at random, p" }<input id="real-p" placeholder="none" value={(*real_p).clone()} oninput={typing::to_state(&real_p)} /></label>
                <label>{ "seed" }<input id="real-seed" value={(*real_seed).clone()} oninput={typing::to_state(&real_seed)} /></label>
                <button id="real-run" class="primary" disabled={!props.idle} onclick={on_real}>{ "Backfill for real" }</button>
                if let Some((done, total)) = props.real_progress {
                    <span class="muted" id="real-progress">{ format!("{done} of {total} tasks") }</span>
                }
            </div>
            if let Some(message) = &*real_problem {
                <div class="as-of-problem" id="real-problem" role="alert">{ message }</div>
            }
            if let Some(message) = &props.real_error {
                <div class="as-of-problem" id="real-error" role="alert">{ message }</div>
            }
            if let Some(live) = &props.real_live {
                { live_chart(live) }
            } else {
                { real_report(&props.real_reports, props.real_stored.as_ref()) }
            }
            <p class="muted">{ "Every task above ran the datestamp pipeline's daily statement, unchanged, with its own ds: a backfill is the daily run, more times." }</p>
        </>
    }
}
