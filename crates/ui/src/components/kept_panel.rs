//! What this browser keeps of the warehouse, with a button to remove it.

use yew::prelude::*;

use crate::session::Kept;

/// Props of [`KeptPanel`].
#[derive(Properties, PartialEq)]
pub struct KeptPanelProps {
    /// What is kept.
    pub kept: Kept,
    /// Remove every kept copy.
    pub on_clear: Callback<()>,
}

/// One line on what is kept, and Clear.
#[component]
pub fn KeptPanel(props: &KeptPanelProps) -> Html {
    if props.kept == Kept::Unknown {
        return html! {};
    }
    let clear = props.on_clear.reform(|_: MouseEvent| ());
    html! {
        <section class="kept" id="kept">
            <p id="kept-status" role="status">{ props.kept.describe() }</p>
            if props.kept.clearable() {
                <button id="kept-clear" onclick={clear}>{ "Clear the kept warehouse" }</button>
            }
        </section>
    }
}
