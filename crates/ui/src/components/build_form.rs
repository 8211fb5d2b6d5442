//! The social-network form: generator parameters, a Build button, and progress.

use playground_protocol::SocialParams;
use web_sys::HtmlInputElement;
use yew::prelude::*;

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

/// Users, days, first day and seed of the generated network.
#[component]
pub fn BuildForm(props: &BuildFormProps) -> Html {
    let defaults = &props.initial;
    let users = use_node_ref();
    let days = use_node_ref();
    let start = use_node_ref();
    let seed = use_node_ref();
    let onsubmit = {
        let (users, days, start, seed) = (users.clone(), days.clone(), start.clone(), seed.clone());
        let on_build = props.on_build.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            // Unparseable numbers become 0 so the engine names the problem.
            let params = SocialParams {
                users: value(&users).trim().parse().unwrap_or(0),
                days: value(&days).trim().parse().unwrap_or(0),
                start: value(&start).trim().to_string(),
                seed: value(&seed).trim().parse().unwrap_or(0),
                ..SocialParams::default()
            };
            on_build.emit(params);
        })
    };
    html! {
        <form class="build-form" id="build-form" {onsubmit}>
            <h2>{ "Social network" }</h2>
            <label>{ "users" }<input ref={users} id="build-users" type="text" inputmode="numeric" value={defaults.users.to_string()} /></label>
            <label>{ "days" }<input ref={days} id="build-days" type="text" inputmode="numeric" value={defaults.days.to_string()} /></label>
            <label>{ "first day" }<input ref={start} id="build-start" type="text" value={defaults.start.clone()} /></label>
            <label>{ "seed" }<input ref={seed} id="build-seed" type="text" inputmode="numeric" value={defaults.seed.to_string()} /></label>
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
