//! The backfill lab: backfill a range of days in both models, simulated at any scale from
//! task times measured in this warehouse, and see the schedules side by side.

use playground_protocol::{
    Attempt, BugReport, EngineError, FailurePlan, Model, Scd2Backfill, Scd2Policy, SimulatedRun, Simulation,
    SimulationRequest,
};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::backfill_runner::{LiveRun, RealReport, TaskBar, PIPELINES};
use crate::bridge::now_ms;
use crate::components::dag_view::DagView;
use crate::components::error_panel::ErrorPanel;
use crate::components::gantt::Gantt;
use crate::crash_plan::{CrashPlan, RandomCrashes, MAX_ATTEMPTS};
use crate::format::millis;

/// Props of [`BackfillLab`].
#[derive(Properties, PartialEq)]
pub struct BackfillLabProps {
    /// The last simulation.
    pub simulation: Option<Simulation>,
    /// Simulations answered so far (a rerun with the same result is still news).
    pub answered: u64,
    /// Why the last one was refused.
    pub error: Option<EngineError>,
    /// The engine is ready and not busy.
    pub idle: bool,
    /// Simulate this.
    pub on_simulate: Callback<SimulationRequest>,
    /// Days the warehouse has snapshots for (0 before the social network is built).
    pub days_built: u32,
    /// Real backfills run so far, oldest first.
    pub real_reports: Vec<RealReport>,
    /// Tasks done of the real backfill under way.
    pub real_progress: Option<(u32, u32)>,
    /// The real backfill under way (or the one that just failed), drawn live.
    pub real_live: Option<LiveRun>,
    /// Partitions stored and byte-identical, for the last real backfill.
    pub real_stored: Option<(u32, u32)>,
    /// Why the last real backfill stopped.
    pub real_error: Option<String>,
    /// Backfill `days` days for real on `workers` workers, from a first day (or the last
    /// days when `None`), crashing the workers of the attempts asked for.
    pub on_real: Callback<RealAsk>,
    /// First and last day of the social network.
    pub range: Option<(String, String)>,
    /// The last real SCD2 backfill.
    pub scd2_backfill: Option<Scd2Backfill>,
    /// Why it was refused.
    pub scd2_error: Option<String>,
    /// Backfill SCD2 from this day.
    pub on_scd2: Callback<String>,
    /// Where the daily metric is wrong, once the bug was planted.
    pub bug: Option<BugReport>,
    /// Plant the bug (`true`) or check the metric (`false`).
    pub on_bug: Callback<bool>,
    /// Rerun these days' datestamp pipelines on this many workers.
    pub on_real_days: Callback<(Vec<String>, u32)>,
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
    html! {
        <div class="real-report" id="bug-report">
            <p>{ format!("dim_relationships was built with is_mutual inverted from {range}.") }</p>
            <p>{ "Daily mutual follows, against the raw snapshots: datestamps " }
                <strong id="bug-datestamp">{ wrong(&b.wrong_datestamp) }</strong>{ ", SCD2 " }
                <strong id="bug-scd2">{ wrong(&b.wrong_scd2) }</strong>{ "." }</p>
        </div>
    }
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
                "{} of {} SCD2 tables are byte-identical to the clean daily build.", r.identical, r.tables
            ) }</p>
            <details>
                <summary>{ "The extra statement an SCD2 backfill needs (per table)" }</summary>
                <pre id="scd2-rewind-sql">{ &r.rewind_sql }</pre>
            </details>
        </div>
    }
}

/// Pool workers a real backfill may start: each holds its own engine.
const MAX_POOL: u32 = 8;

/// A real backfill as asked on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct RealAsk {
    /// How many days.
    pub days: u32,
    /// The first of them; `None` for the last days of the warehouse.
    pub from: Option<String>,
    /// Pool size.
    pub workers: u32,
    /// The attempts that crash their worker.
    pub crashes: CrashPlan,
}

/// A real backfill's attempts as a run the Gantt chart draws.
fn as_run(bars: &[TaskBar], wall_ms: f64, tasks: u32) -> SimulatedRun {
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
        pipelines: PIPELINES.iter().map(|p| p.0.to_string()).collect(),
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
            <Gantt id="gantt-real" run={as_run(&live.bars, live.elapsed_ms, live.total)} workers={live.workers}
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

fn real_report(reports: &[RealReport], stored: Option<(u32, u32)>) -> Html {
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
                r.days.len(), PIPELINES.len(), r.tasks(), r.workers, if r.workers == 1 { "" } else { "s" },
                millis(r.wall_ms), millis(r.task_sum_ms), millis(r.engine_sum_ms), millis(r.startup_ms),
                if r.retries > 0 { format!(", {} task(s) retried after a worker died", r.retries) } else { String::new() }
            ) }</p>
            { failure_cost(reports, r) }
            <p id="real-speedup"><strong>{ speedup }</strong></p>
            if let Some((partitions, identical)) = stored {
                <p id="real-identical" class={if identical == partitions { "ok" } else { "bad" }}>{ format!(
                    "{identical} of {partitions} partitions written back are byte-identical to the clean daily build."
                ) }</p>
            }
            <Gantt id="gantt-real" run={as_run(&r.bars, r.wall_ms, r.tasks())} workers={r.workers} until_ms={r.wall_ms} />
            { real_legend(None) }
        </div>
    }
}

fn summary(id: &'static str, title: &'static str, r: &SimulatedRun) -> Html {
    let row = |label: &'static str, value: String| html! { <tr><th>{ label }</th><td class="num">{ value }</td></tr> };
    html! {
        <table class="sim-summary" {id}>
            <caption>{ title }</caption>
            { row("wall-clock (makespan)", millis(r.makespan_ms)) }
            { row("critical path", millis(r.critical_path_ms)) }
            { row("sum of task times", millis(r.work_ms)) }
            { row("wasted (failed or thrown away)", millis(r.wasted_ms)) }
            { row("worker utilisation", format!("{:.0}%", r.utilisation * 100.0)) }
            { row("tasks / attempts", format!("{} / {}", r.tasks, r.attempts.len())) }
            { row("started over", r.restarts.to_string()) }
            if let Some(why) = &r.gave_up {
                <tr class="gave-up"><th>{ "did not finish" }</th><td>{ why }</td></tr>
            }
        </table>
    }
}

/// The lab's form and results.
#[component]
pub fn BackfillLab(props: &BackfillLabProps) -> Html {
    let days = use_state(|| "1826".to_string());
    let concurrency = use_state(|| "32".to_string());
    let seed = use_state(|| "1".to_string());
    let failure = use_state(|| "none".to_string());
    let fail_day = use_state(|| "100".to_string());
    let p = use_state(|| "0.001".to_string());
    let policy = use_state(|| "resume".to_string());
    let problem = use_state(|| None::<String>);
    let asked_at = use_mut_ref(|| None::<f64>);
    let real_days = use_state(|| "10".to_string());
    let real_workers = use_state(|| "2".to_string());
    let real_crash = use_state(String::new);
    let real_p = use_state(String::new);
    let real_seed = use_state(|| "1".to_string());
    let real_from = use_state(String::new);
    let real_problem = use_state(|| None::<String>);
    let scd2_from = use_state(|| None::<String>);
    let drawn_ms = use_state(|| None::<f64>);
    {
        let (asked_at, drawn_ms) = (asked_at.clone(), drawn_ms.clone());
        use_effect_with(props.answered, move |_| {
            if let Some(t) = asked_at.borrow_mut().take() {
                drawn_ms.set(Some(now_ms() - t));
            }
        });
    }
    let input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let select = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| state.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_run = {
        let (days, concurrency, seed, failure, fail_day, p, policy) = (
            days.clone(),
            concurrency.clone(),
            seed.clone(),
            failure.clone(),
            fail_day.clone(),
            p.clone(),
            policy.clone(),
        );
        let (problem, on_simulate, asked_at) = (problem.clone(), props.on_simulate.clone(), asked_at.clone());
        Callback::from(move |_: MouseEvent| {
            let number = |label: &str, text: &str| {
                text.trim().parse::<u64>().map_err(|_| format!("{label} must be a whole number, not {text:?}"))
            };
            let request = (|| -> Result<SimulationRequest, String> {
                let failures = match failure.as_str() {
                    "day" => FailurePlan::OnDay(number("the failing day", &fail_day)? as u32),
                    "random" => FailurePlan::Random {
                        p: p.trim().parse().map_err(|_| format!("the probability must be a number, not {:?}", *p))?,
                    },
                    _ => FailurePlan::None,
                };
                Ok(SimulationRequest {
                    days: number("days", &days)?.min(u64::from(u32::MAX)) as u32,
                    concurrency: number("concurrency", &concurrency)?.min(u64::from(u32::MAX)) as u32,
                    seed: number("seed", &seed)?,
                    failures,
                    policy: if policy.as_str() == "start_over" { Scd2Policy::StartOver } else { Scd2Policy::Resume },
                })
            })();
            match request {
                Ok(r) => {
                    problem.set(None);
                    *asked_at.borrow_mut() = Some(now_ms());
                    on_simulate.emit(r);
                }
                Err(message) => problem.set(Some(message)),
            }
        })
    };
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
        Callback::from(move |e: Event| scd2_from.set(Some(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let results = props.simulation.as_ref().map(|sim| {
        let until = sim.datestamp.makespan_ms.max(sim.scd2.makespan_ms);
        let workers = sim.datestamp.attempts.iter().chain(&sim.scd2.attempts).map(|a| a.worker + 1).max().unwrap_or(1);
        let ratio = sim.scd2.makespan_ms / sim.datestamp.makespan_ms.max(f64::MIN_POSITIVE);
        html! {
            <>
                <p class="sim-verdict" id="sim-verdict">{ format!(
                    "SCD2 takes {ratio:.1}× as long as datestamps: {} against {} for {} days.",
                    millis(sim.scd2.makespan_ms), millis(sim.datestamp.makespan_ms), sim.datestamp.tasks / 5
                ) }</p>
                if let Some(ms) = *drawn_ms {
                    <p class="muted" id="sim-time">{ format!("Simulated and drawn in {}.", millis(ms)) }</p>
                }
                <div class="sim-models">
                    <div>
                        <DagView id="dag-datestamp" run={sim.datestamp.clone()} />
                        { summary("sim-datestamp", "Datestamps: every day on its own", &sim.datestamp) }
                        <Gantt id="gantt-datestamp" run={sim.datestamp.clone()} {workers} until_ms={until} />
                    </div>
                    <div>
                        <DagView id="dag-scd2" run={sim.scd2.clone()} />
                        { summary("sim-scd2", "SCD2: each day after the one before", &sim.scd2) }
                        <Gantt id="gantt-scd2" run={sim.scd2.clone()} {workers} until_ms={until} />
                    </div>
                </div>
                <p class="legend">
                    <span class="key datestamp done" />{ "datestamp task " }
                    <span class="key scd2 done" />{ "SCD2 task " }
                    <span class="key retried" />{ "retried " }
                    <span class="key failed" />{ "failed " }
                    <span class="key discarded" />{ "thrown away when starting over" }
                </p>
                <p class="muted" id="sim-costs">{ format!(
                    "Task times drawn from the build's {} real days (mean): {}.",
                    sim.measured_days,
                    sim.mean_task_ms.iter().map(|(p, ms)| format!("{p} {}", millis(*ms))).collect::<Vec<_>>().join(", ")
                ) }</p>
            </>
        }
    });
    html! {
        <div class="backfill-lab">
            <p class="explanation">{ "Fixing a pipeline means rebuilding the days it got wrong. An SCD2 table can only be rebuilt one day after another, because each day's merge starts from the state the day before left. Datestamped partitions are independent, so every day can run at once. This simulation schedules both backfills on a pool of workers, drawing each task's time from the real pipeline runs of this warehouse's build." }</p>
            <div class="sim-form">
                <label>{ "days" }<input id="sim-days" value={(*days).clone()} onchange={input(&days)} /></label>
                <label>{ "workers" }<input id="sim-concurrency" value={(*concurrency).clone()} onchange={input(&concurrency)} /></label>
                <label>{ "seed" }<input id="sim-seed" value={(*seed).clone()} onchange={input(&seed)} /></label>
                <label>{ "failures" }
                    <select id="sim-failure" onchange={select(&failure)}>
                        <option value="none" selected={*failure == "none"}>{ "none" }</option>
                        <option value="day" selected={*failure == "day"}>{ "one day fails once" }</option>
                        <option value="random" selected={*failure == "random"}>{ "at random" }</option>
                    </select>
                </label>
                if *failure == "day" {
                    <label>{ "failing day (from 0)" }<input id="sim-fail-day" value={(*fail_day).clone()} onchange={input(&fail_day)} /></label>
                }
                if *failure == "random" {
                    <label>{ "probability per attempt" }<input id="sim-p" value={(*p).clone()} onchange={input(&p)} /></label>
                }
                <label>{ "SCD2 on failure" }
                    <select id="sim-policy" onchange={select(&policy)}>
                        <option value="resume" selected={*policy == "resume"}>{ "resume from the failed day" }</option>
                        <option value="start_over" selected={*policy == "start_over"}>{ "start over" }</option>
                    </select>
                </label>
                <button id="simulate" class="primary" disabled={!props.idle} onclick={on_run}>{ "Simulate both" }</button>
            </div>
            if let Some(message) = &*problem {
                <div class="as-of-problem" id="sim-problem" role="alert">{ message }</div>
            }
            if let Some(e) = &props.error {
                <ErrorPanel error={e.clone()} sql="" id_prefix="sim-" />
            }
            { for results }
            <h3>{ "Backfill for real" }</h3>
            <p class="explanation">{ "Rerun the datestamp pipelines for a range of days of this warehouse on a pool of Web Workers. Each worker starts its own DataFusion; each task receives its day's raw partition as Parquet bytes and sends back the partition it wrote, the same statement as the daily run with another ds. The partitions are swapped in whole and checked against the bytes the daily build wrote. Run it on 1 worker, then on 2, for the speedup." }</p>
            <p class="explanation">{ format!("Inject failures: crash a worker on one day's relationships task, or crash any attempt with probability p, drawn from the seed (the same seed crashes the same attempts). A crashed worker is restarted and its task goes back in the queue; a task that crashes {MAX_ATTEMPTS} times stops the backfill, and nothing is stored.") }</p>
            <div class="sim-form">
                <label>{ "days" }<input id="real-days" value={(*real_days).clone()} onchange={input(&real_days)} /></label>
                <label>{ "from (empty: the last days)" }<input type="date" id="real-from" value={(*real_from).clone()} onchange={input(&real_from)} /></label>
                <label>{ "workers" }<input id="real-workers" value={(*real_workers).clone()} onchange={input(&real_workers)} /></label>
                <label>{ "crash a worker on day (from 0)" }<input id="real-crash" placeholder="none" value={(*real_crash).clone()} onchange={input(&real_crash)} /></label>
                <label>{ "crash attempts at random, p" }<input id="real-p" placeholder="none" value={(*real_p).clone()} onchange={input(&real_p)} /></label>
                <label>{ "seed" }<input id="real-seed" value={(*real_seed).clone()} onchange={input(&real_seed)} /></label>
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
                { real_report(&props.real_reports, props.real_stored) }
            }
            <p class="muted">{ "Every task above ran the datestamp pipeline's daily statement, unchanged, with its own ds: a backfill is the daily run, more times." }</p>
            <h3>{ "Backfill SCD2 for real" }</h3>
            <p class="explanation">{ "An SCD2 backfill cannot rerun one day alone: the table must first be rewound to how it stood the day before (an extra statement per table that the daily run never needs), then every later day's merge replays in order, one at a time." }</p>
            <div class="sim-form">
                <label>{ "from day" }<input type="date" id="scd2-from" value={from.clone()} onchange={on_from} /></label>
                <button id="scd2-run" class="primary" disabled={!props.idle} onclick={on_scd2}>{ "Rewind and replay" }</button>
            </div>
            if let Some(message) = &props.scd2_error {
                <div class="as-of-problem" id="scd2-error" role="alert">{ message }</div>
            }
            { for props.scd2_backfill.as_ref().map(scd2_report) }
            <h3>{ "The bug-fix scenario" }</h3>
            <p class="explanation">{ "Break the relationships pipeline for two weeks (is_mutual inverted), in both models, and the daily mutual-follows metric goes wrong. Then fix it: in datestamps, rerun just the bad days, in parallel; in SCD2, rewind to the first bad day and replay every day since. Each repair is checked against the clean build." }</p>
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
        </div>
    }
}
