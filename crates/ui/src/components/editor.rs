//! The SQL editor: a text area that keeps its text, Ctrl/Cmd+Enter to run.

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The SQL text.
    pub sql: AttrValue,
    /// Whether a request is in flight (Run is disabled, Cancel enabled).
    pub busy: bool,
    /// Whether the engine can take requests at all.
    pub ready: bool,
    /// What Run waits for, while it cannot run.
    #[prop_or_default]
    pub waiting: Option<String>,
    /// The text changed.
    pub on_change: Callback<String>,
    /// Run this text: the text on screen, which the last render may not have seen yet.
    pub on_run: Callback<String>,
    /// Show the plan of this text without running it.
    pub on_explain: Callback<String>,
    /// Stop the running query.
    pub on_cancel: Callback<()>,
}

/// A button's click that hands `cb` the text on screen in `area`, which the last render
/// may not have seen yet.
pub fn on_screen(area: &NodeRef, cb: &Callback<String>) -> Callback<MouseEvent> {
    let (cb, area) = (cb.clone(), area.clone());
    Callback::from(move |_: MouseEvent| {
        cb.emit(area.cast::<HtmlTextAreaElement>().map(|a| a.value()).unwrap_or_default())
    })
}

/// SQL text area with Run, Explain and Cancel.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_change.emit(area.value());
        })
    };
    let area = use_node_ref();
    let onkeydown = {
        let on_run = props.on_run.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                on_run.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            }
        })
    };
    let run = on_screen(&area, &props.on_run);
    let explain = on_screen(&area, &props.on_explain);
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let idle = props.ready && !props.busy;
    html! {
        <section class="editor">
            <textarea id="sql" ref={area} spellcheck="false" aria-label="SQL query"
                value={props.sql.clone()} {oninput} {onkeydown} />
            <div class="editor-actions">
                <button id="run" onclick={run} disabled={!idle} title="Ctrl/Cmd+Enter">{ "Run" }</button>
                <button id="explain" onclick={explain} disabled={!idle}>{ "Explain" }</button>
                <button id="cancel" onclick={cancel} disabled={!props.busy}>{ "Cancel" }</button>
                if let Some(waiting) = &props.waiting {
                    <span class="hint waiting" id="run-waiting" role="status">{ waiting }</span>
                } else {
                    <span class="hint">{ "Ctrl/Cmd+Enter runs the query" }</span>
                }
            </div>
        </section>
    }
}
