//! Light or dark: the page follows `prefers-color-scheme` until the person picks one with
//! the toggle, which is remembered. The choice is `data-theme` on `<html>`, which
//! style.css reads.

use crate::local_store;

const KEY: &str = "datestamp-playground.theme";

/// Whether the page is dark now: the remembered choice, else the system's.
pub fn is_dark() -> bool {
    match local_store::read(KEY).as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => system_dark(),
    }
}

fn system_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Applies the remembered choice, if any (at start-up).
pub fn apply_stored() {
    if let Some(choice) = local_store::read(KEY) {
        set_attribute(&choice);
    }
}

/// Picks dark or light and remembers it.
pub fn choose(dark: bool) {
    let choice = if dark { "dark" } else { "light" };
    set_attribute(choice);
    local_store::write(KEY, choice);
}

fn set_attribute(choice: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", choice);
    }
}
