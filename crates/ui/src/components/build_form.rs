//! The social-network form: generator parameters, a Build button, and progress.

use playground_protocol::SocialParams;
use yew::prelude::*;

use crate::typing;

/// Progress of a running build.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Steps done.
    pub done: u32,
    /// Steps in all.
    pub total: u32,
    /// The step just done.
    pub step: String,
}

/// Props of [`BuildForm`].
#[derive(Properties, PartialEq)]
pub struct BuildFormProps {
    /// Settings the form starts with.
    pub initial: SocialParams,
    /// Whether the engine takes requests.
    pub idle: bool,
    /// The build under way, if any.
    pub progress: Option<Progress>,
    /// Build with these parameters.
    pub on_build: Callback<SocialParams>,
}

/// Users, days, first day and seed of the generated network. The fields are the form's
/// own state, updated at each keystroke: a value written from props would put the initial
/// settings back over what a person typed whenever the page re-rendered.
#[component]
pub fn BuildForm(props: &BuildFormProps) -> Html {
    let defaults = &props.initial;
    let users = use_state(|| defaults.users.to_string());
    let days = use_state(|| defaults.days.to_string());
    let start = use_state(|| defaults.start.clone());
    let seed = use_state(|| defaults.seed.to_string());
    let onsubmit = {
        let (users, days, start, seed) = ((*users).clone(), (*days).clone(), (*start).clone(), (*seed).clone());
        let on_build = props.on_build.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // Unparseable numbers become 0 so the engine names the problem.
            let params = SocialParams {
                users: users.trim().parse().unwrap_or(0),
                days: days.trim().parse().unwrap_or(0),
                start: start.trim().to_string(),
                seed: seed.trim().parse().unwrap_or(0),
                ..SocialParams::default()
            };
            on_build.emit(params);
        })
    };
    html! {
        <form class="build-form" id="build-form" {onsubmit}>
            <h2>{ "Social network" }</h2>
            <label>{ "users" }<input id="build-users" type="text" inputmode="numeric" value={(*users).clone()} oninput={typing::to_state(&users)} /></label>
            <label>{ "days" }<input id="build-days" type="text" inputmode="numeric" value={(*days).clone()} oninput={typing::to_state(&days)} /></label>
            <label>{ "first day" }<input id="build-start" type="text" value={(*start).clone()} oninput={typing::to_state(&start)} /></label>
            <label>{ "seed" }<input id="build-seed" type="text" inputmode="numeric" value={(*seed).clone()} oninput={typing::to_state(&seed)} /></label>
            <button id="build" type="submit" disabled={!props.idle}>{ "Build" }</button>
            if let Some(p) = &props.progress {
                <div class="progress" id="build-progress">
                    <progress max={p.total.to_string()} value={p.done.to_string()} />
                    <span>{ format!("step {} of {}: {}", p.done, p.total, p.step) }</span>
                </div>
            }
        </form>
    }
}
