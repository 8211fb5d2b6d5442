//! The simulated backfill: both models at any scale, scheduled on a pool of workers with
//! task times measured in this warehouse, drawn side by side.

use playground_protocol::{EngineError, FailurePlan, Scd2Policy, Simulation, SimulationRequest};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::client::now_ms;
use crate::components::error_panel::ErrorPanel;
use crate::components::simulation_view::SimulationView;
use crate::format::millis;
use crate::typing;

/// Props of [`SimulatePanel`].
#[derive(Properties, PartialEq)]
pub struct SimulatePanelProps {
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
}

/// The simulation's form and results.
#[component]
pub fn SimulatePanel(props: &SimulatePanelProps) -> Html {
    let days = use_state(|| "1826".to_string());
    let concurrency = use_state(|| "32".to_string());
    let seed = use_state(|| "1".to_string());
    let failure = use_state(|| "none".to_string());
    let fail_day = use_state(|| "100".to_string());
    let p = use_state(|| "0.001".to_string());
    let policy = use_state(|| "resume".to_string());
    let problem = use_state(|| None::<String>);
    let asked_at = use_mut_ref(|| None::<f64>);
    let drawn_ms = use_state(|| None::<f64>);
    {
        let (asked_at, drawn_ms) = (asked_at.clone(), drawn_ms.clone());
        use_effect_with(props.answered, move |_| {
            if let Some(t) = asked_at.borrow_mut().take() {
                drawn_ms.set(Some(now_ms() - t));
            }
        });
    }
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
    html! {
        <>
            <p class="explanation">{ "Fixing a pipeline means rebuilding the days it got wrong. An SCD2 table can only be rebuilt one day after another, because each day's merge starts from the state the day before left. Datestamped partitions are independent, so every day can run at once. This simulation schedules both backfills on a pool of workers, drawing each task's time from real daily runs of this warehouse's pipelines." }</p>
            <div class="sim-form">
                <label>{ "days" }<input id="sim-days" value={(*days).clone()} oninput={typing::to_state(&days)} /></label>
                <label>{ "workers" }<input id="sim-concurrency" value={(*concurrency).clone()} oninput={typing::to_state(&concurrency)} /></label>
                <label>{ "seed" }<input id="sim-seed" value={(*seed).clone()} oninput={typing::to_state(&seed)} /></label>
                <label>{ "failures" }
                    <select id="sim-failure" onchange={select(&failure)}>
                        <option value="none" selected={*failure == "none"}>{ "none" }</option>
                        <option value="day" selected={*failure == "day"}>{ "one day fails once" }</option>
                        <option value="random" selected={*failure == "random"}>{ "at random" }</option>
                    </select>
                </label>
                if *failure == "day" {
                    <label>{ "failing day (from 0)" }<input id="sim-fail-day" value={(*fail_day).clone()} oninput={typing::to_state(&fail_day)} /></label>
                }
                if *failure == "random" {
                    <label>{ "probability per attempt" }<input id="sim-p" value={(*p).clone()} oninput={typing::to_state(&p)} /></label>
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
            if let Some(simulation) = &props.simulation {
                <SimulationView simulation={simulation.clone()} />
                if let Some(ms) = *drawn_ms {
                    <p class="muted" id="sim-time">{ format!("Simulated and drawn in {}.", millis(ms)) }</p>
                }
            }
        </>
    }
}
