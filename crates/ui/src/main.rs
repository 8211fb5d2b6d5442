//! The playground's front end: a Yew app talking to the engine worker.

mod app;
mod backfill_runner;
mod charts;
mod client;
mod components;
mod editor_binding;
mod embed;
mod files;
mod format;
mod history_store;
mod lesson_store;
mod link;
mod local_store;
mod page;
mod real_backfill;
mod session;
mod startup;
mod storage;
mod tabs;
mod theme;
mod typing;
mod warehouse_start;
mod workbench;

use wasm_bindgen::prelude::*;

/// A panic in the page leaves Yew unable to render: say so on the page itself.
fn show_page_crash(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Ok(banner), Some(body)) = (document.create_element("div"), document.body()) else { return };
    banner.set_id("page-crashed");
    banner.set_class_name("fatal");
    let _ = banner.set_attribute("role", "alert");
    banner.set_text_content(Some(&format!(
        "The page hit a bug and stopped responding ({message}). Reload the page to start again."
    )));
    let _ = body.prepend_with_node_1(&banner);
}

/// Panics on purpose: the browser tests call it to check that a panic in the page is
/// shown to the user instead of dying silently.
#[wasm_bindgen]
pub fn panic_for_test(message: &str) {
    panic!("{message}");
}

fn main() {
    // Through Yew, which otherwise installs its own hook over ours when it renders.
    yew::set_custom_panic_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        show_page_crash(&info.to_string());
    }));
    // Into the page's own root, not the body, which Yew would empty: the body may hold the
    // editor `editor.js` opened before the app, which the app adopts.
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("root").or_else(|| d.body().map(Into::into)));
    let Some(root) = root else { return };
    match playground_queries::embed::parse(&embed::url_pairs()) {
        Some(spec) => {
            yew::Renderer::<embed::EmbedApp>::with_root_and_props(root, embed::EmbedAppProps { spec }).render();
        }
        None => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
    }
}
