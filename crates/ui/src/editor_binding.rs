//! The wasm-bindgen side of the SQL editor: CodeMirror 6, bundled from npm into
//! `editor.js` (source `www/editor/editor.js`), which sets `globalThis.playgroundEditor`
//! before the UI starts.

use js_sys::{Array, Function, Object, Reflect};
use playground_protocol::CatalogInfo;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// One editor on the page.
    pub type EditorHandle;

    #[wasm_bindgen(catch, js_namespace = playgroundEditor, js_name = create)]
    fn create(parent: &web_sys::Element, options: &Object) -> Result<EditorHandle, JsValue>;

    /// The document's text.
    #[wasm_bindgen(method)]
    pub fn text(this: &EditorHandle) -> String;

    /// Replaces the document when it differs.
    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &EditorHandle, text: &str);

    #[wasm_bindgen(method, js_name = setSchema)]
    fn set_schema_js(this: &EditorHandle, schema: &Object);

    /// Marks the word at a 1-based line and column, with `message` as its title.
    #[wasm_bindgen(method, js_name = markError)]
    pub fn mark_error(this: &EditorHandle, line: u32, column: u32, message: &str);

    /// Removes the error mark.
    #[wasm_bindgen(method, js_name = clearError)]
    pub fn clear_error(this: &EditorHandle);

    /// Moves the keyboard focus into the editor.
    #[wasm_bindgen(method)]
    pub fn focus(this: &EditorHandle);

    /// Removes the editor from the page.
    #[wasm_bindgen(method)]
    pub fn destroy(this: &EditorHandle);
}

/// What the editor calls back: the text changed, Ctrl/Cmd+Enter, and Shift+Enter with
/// the cursor's offset in UTF-16 units.
pub struct EditorEvents {
    /// Every edit, with the whole text.
    pub on_change: Closure<dyn Fn(String)>,
    /// Run the whole text.
    pub on_run: Closure<dyn Fn(String)>,
    /// Run the statement under the cursor.
    pub on_run_statement: Closure<dyn Fn(String, u32)>,
}

fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

impl EditorHandle {
    /// Creates an editor in `parent`; the error says why it could not (the editor's
    /// script did not load).
    pub fn open(
        parent: &web_sys::Element,
        id: &str,
        label: &str,
        text: &str,
        events: &EditorEvents,
    ) -> Result<Self, String> {
        let options = Object::new();
        set(&options, "id", &id.into());
        set(&options, "label", &label.into());
        set(&options, "text", &text.into());
        set(&options, "onChange", events.on_change.as_ref().unchecked_ref::<Function>());
        set(&options, "onRun", events.on_run.as_ref().unchecked_ref::<Function>());
        set(&options, "onRunStatement", events.on_run_statement.as_ref().unchecked_ref::<Function>());
        create(parent, &options).map_err(|e| {
            let why = e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default();
            format!("The SQL editor did not load ({why}). Reload the page to try again.")
        })
    }

    /// Tables, their columns and the engine's functions, for completion.
    pub fn set_schema(&self, catalog: &CatalogInfo) {
        let tables = Object::new();
        for t in &catalog.tables {
            let columns: Array = t.columns.iter().map(|c| JsValue::from_str(&c.name)).collect();
            set(&tables, &t.name, &columns);
        }
        let functions: Array = catalog.functions.iter().map(|f| JsValue::from_str(f)).collect();
        let schema = Object::new();
        set(&schema, "tables", &tables);
        set(&schema, "functions", &functions);
        self.set_schema_js(&schema);
    }
}
