//! Shown when the engine was stopped instead of restarted again: what happened, and the
//! ways out.

use yew::prelude::*;

/// Props of [`StoppedPanel`].
#[derive(Properties, PartialEq)]
pub struct StoppedPanelProps {
    /// Why the engine was stopped.
    pub message: String,
    /// Start again with the default warehouse (`false`) or the demo table only (`true`).
    pub on_reset: Callback<bool>,
}

/// The stop message with its two ways out.
#[component]
pub fn StoppedPanel(props: &StoppedPanelProps) -> Html {
    let reset = |demo_only: bool| {
        let on_reset = props.on_reset.clone();
        Callback::from(move |_: MouseEvent| on_reset.emit(demo_only))
    };
    html! {
        <div class="fatal" id="stopped" role="alert">
            <p id="stopped-message">{ format!("The engine was stopped: {}.", props.message) }</p>
            <p>
                <button id="reset-default" class="primary" onclick={reset(false)}>{ "Reset to the default warehouse" }</button>
                { " " }
                <button id="reset-demo" onclick={reset(true)}>{ "Load the demo table only" }</button>
            </p>
        </div>
    }
}
