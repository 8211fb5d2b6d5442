//! The SQL editor every tab uses: CodeMirror with SQL highlighting, completion from the
//! live catalog, bracket matching, Ctrl/Cmd+Enter to run the text, Shift+Enter to run
//! the statement under the cursor, and the engine's error marked where it points.

use std::cell::RefCell;
use std::rc::Rc;

use playground_protocol::{CatalogInfo, SqlPosition};
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::editor_binding::{EditorEvents, EditorHandle};
use crate::workbench::statement::statement_at;

/// The catalog the editor completes from, shared by the page as context.
#[derive(Clone, PartialEq, Default)]
pub struct Completions(pub Rc<CatalogInfo>);

/// A way for the editor's owner to read the text on screen (a button's click may come
/// before the last edit's render).
#[derive(Clone, Default)]
pub struct EditorRef(Rc<RefCell<Option<EditorHandle>>>);

impl PartialEq for EditorRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl EditorRef {
    /// The text on screen, if the editor is open.
    pub fn text(&self) -> Option<String> {
        self.0.borrow().as_ref().map(|h| h.text())
    }

    /// Moves the keyboard focus into the editor.
    pub fn focus(&self) {
        if let Some(h) = self.0.borrow().as_ref() {
            h.focus();
        }
    }
}

/// Props of [`CodeEditor`].
#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    /// Id of the editable element (tests and labels find it by this).
    pub id: AttrValue,
    /// What screen readers call it.
    pub label: AttrValue,
    /// The text; a change from outside (a picked question, a link) replaces the document.
    pub text: AttrValue,
    /// An error to mark: where, and the message shown on hover.
    #[prop_or_default]
    pub error: Option<(SqlPosition, String)>,
    /// Lets the owner read the text on screen.
    #[prop_or_default]
    pub editor: EditorRef,
    /// Every edit.
    pub on_change: Callback<String>,
    /// Ctrl/Cmd+Enter: the whole text.
    #[prop_or_default]
    pub on_run: Callback<String>,
    /// Shift+Enter: the statement under the cursor (the whole text when there is only one).
    #[prop_or_default]
    pub on_run_statement: Callback<String>,
}

/// The callbacks of the latest render, read by the editor's long-lived closures.
struct Latest {
    on_change: Callback<String>,
    on_run: Callback<String>,
    on_run_statement: Callback<String>,
}

/// A CodeMirror editor in a `div`.
#[component]
pub fn CodeEditor(props: &CodeEditorProps) -> Html {
    let host = use_node_ref();
    let failed = use_state(|| None::<String>);
    let latest = use_mut_ref(|| Latest {
        on_change: props.on_change.clone(),
        on_run: props.on_run.clone(),
        on_run_statement: props.on_run_statement.clone(),
    });
    {
        let mut l = latest.borrow_mut();
        l.on_change = props.on_change.clone();
        l.on_run = props.on_run.clone();
        l.on_run_statement = props.on_run_statement.clone();
    }
    let completions = use_context::<Completions>().unwrap_or_default();

    // Open once; close when the component goes.
    {
        let (host, editor, failed, latest) = (host.clone(), props.editor.clone(), failed.clone(), latest.clone());
        let (id, label, text) = (props.id.clone(), props.label.clone(), props.text.clone());
        use_effect_with((), move |_| {
            let events = events(latest);
            if let Some(parent) = host.cast::<web_sys::Element>() {
                match EditorHandle::open(&parent, &id, &label, &text, &events) {
                    Ok(handle) => *editor.0.borrow_mut() = Some(handle),
                    Err(why) => failed.set(Some(why)),
                }
            }
            move || {
                if let Some(handle) = editor.0.borrow_mut().take() {
                    handle.destroy();
                }
                // The closures live until the editor that calls them is gone.
                drop(events);
            }
        });
    }
    // Text from outside: a change after the editor opened. Not the first text, which it
    // opened with; an editor `editor.js` opened before the app may hold what was typed
    // since, which it reports as a change instead.
    {
        let editor = props.editor.clone();
        let opening = use_mut_ref(|| true);
        use_effect_with(props.text.clone(), move |text| {
            if std::mem::replace(&mut *opening.borrow_mut(), false) {
                return;
            }
            if let Some(h) = editor.0.borrow().as_ref() {
                h.set_text(text);
            }
        });
    }
    {
        let editor = props.editor.clone();
        use_effect_with(completions, move |c| {
            if let Some(h) = editor.0.borrow().as_ref() {
                h.set_schema(&c.0);
            }
        });
    }
    {
        let editor = props.editor.clone();
        use_effect_with(props.error.clone(), move |error| {
            if let Some(h) = editor.0.borrow().as_ref() {
                match error {
                    Some((p, message)) => h.mark_error(p.line, p.column, message),
                    None => h.clear_error(),
                }
            }
        });
    }
    html! {
        <div class="code-editor" ref={host}>
            if let Some(why) = &*failed {
                <p class="error-panel" role="alert">{ why }</p>
            }
        </div>
    }
}

fn events(latest: Rc<RefCell<Latest>>) -> EditorEvents {
    let on_change = {
        let latest = latest.clone();
        Closure::<dyn Fn(String)>::new(move |text: String| {
            // Cloned out first: the emit may render this component, which updates `latest`.
            let cb = latest.borrow().on_change.clone();
            cb.emit(text)
        })
    };
    let on_run = {
        let latest = latest.clone();
        Closure::<dyn Fn(String)>::new(move |text: String| {
            let cb = latest.borrow().on_run.clone();
            cb.emit(text)
        })
    };
    let on_run_statement = Closure::<dyn Fn(String, u32)>::new(move |text: String, offset: u32| {
        let statement = statement_at(&text, offset as usize).map(str::to_string);
        if let Some(statement) = statement {
            let cb = latest.borrow().on_run_statement.clone();
            cb.emit(statement);
        }
    });
    EditorEvents { on_change, on_run, on_run_statement }
}
