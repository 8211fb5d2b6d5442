//! The Explore tab's editor: the SQL editor with Run, Explain, Cancel and the time limit.

use playground_protocol::SqlPosition;
use yew::prelude::*;

use crate::components::code_editor::{CodeEditor, EditorRef};
use crate::typing;

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
    /// The last error's place in the text, and its message.
    #[prop_or_default]
    pub error: Option<(SqlPosition, String)>,
    /// Lets the tab read and focus the editor.
    pub editor: EditorRef,
    /// The text changed.
    pub on_change: Callback<String>,
    /// Run this text: the whole text, or the statement under the cursor.
    pub on_run: Callback<String>,
    /// Show the plan of this text without running it.
    pub on_explain: Callback<String>,
    /// Stop the running query.
    pub on_cancel: Callback<()>,
    /// Seconds a query may run before the engine is restarted.
    pub time_limit: u32,
    /// The time limit's field changed to this text.
    pub on_time_limit: Callback<String>,
}

/// The editor with its buttons.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    // Buttons hand over the text on screen, which the last render may not have seen yet.
    let on_screen = |cb: &Callback<String>| {
        let (cb, editor, sql) = (cb.clone(), props.editor.clone(), props.sql.clone());
        Callback::from(move |_: MouseEvent| cb.emit(editor.text().unwrap_or_else(|| sql.to_string())))
    };
    let run = on_screen(&props.on_run);
    let explain = on_screen(&props.on_explain);
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let idle = props.ready && !props.busy;
    // What is typed stays in the field until it is committed (a re-render in between would
    // put the limit in force back over it); then the field shows the limit in force, the
    // new one if the tab accepted it.
    let draft = use_state(|| None::<String>);
    let on_time_typed = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(Some(typing::value(&e))))
    };
    let on_time_limit = {
        let (cb, draft) = (props.on_time_limit.clone(), draft.clone());
        Callback::from(move |e: Event| {
            draft.set(None);
            cb.emit(typing::value(&e));
        })
    };
    let time_shown = (*draft).clone().unwrap_or_else(|| props.time_limit.to_string());
    html! {
        <section class="editor">
            <CodeEditor id="sql" label="SQL query" text={props.sql.clone()} error={props.error.clone()}
                editor={props.editor.clone()} on_change={props.on_change.clone()}
                on_run={props.on_run.clone()} on_run_statement={props.on_run.clone()} />
            <div class="editor-actions">
                <button id="run" onclick={run} disabled={!idle} title="Ctrl/Cmd+Enter">{ "Run" }</button>
                <button id="explain" onclick={explain} disabled={!idle}>{ "Explain" }</button>
                <button id="cancel" onclick={cancel} disabled={!props.busy}>{ "Cancel" }</button>
                <label class="time-limit" title="A query still running after this long is stopped by restarting the engine; the warehouse comes back as it stood">
                    { "Time limit " }
                    <input id="time-limit" type="number" min="1" max="3600" step="1" inputmode="numeric"
                        value={time_shown} oninput={on_time_typed} onchange={on_time_limit} />
                    { " s" }
                </label>
                if let Some(waiting) = &props.waiting {
                    <span class="hint waiting" id="run-waiting" role="status">{ waiting }</span>
                } else {
                    <span class="hint" id="editor-keys">{ "Ctrl/Cmd+Enter runs the query · Shift+Enter runs the statement under the cursor" }</span>
                }
            </div>
        </section>
    }
}
