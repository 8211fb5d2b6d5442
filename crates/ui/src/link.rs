//! The URL as shareable state: the open scenario, its as-of date, and the query texts
//! when they were edited, so a link reopens the same comparison. Other parameters
//! (`users`, `days`, `data`, …) are kept as they are.

use web_sys::UrlSearchParams;

/// What a compare link holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareLink {
    /// Scenario id from the gallery.
    pub scenario: String,
    /// As-of date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Left query text, when it differs from the scenario's.
    pub left: Option<String>,
    /// Right query text, when it differs from the scenario's.
    pub right: Option<String>,
}

const KEYS: [&str; 4] = ["scenario", "date", "left", "right"];

fn current() -> Option<UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()
}

/// The compare state in the page's URL, if a scenario is named.
pub fn read() -> Option<CompareLink> {
    let q = current()?;
    Some(CompareLink { scenario: q.get("scenario")?, date: q.get("date"), left: q.get("left"), right: q.get("right") })
}

/// Writes the compare state into the URL without reloading or adding history entries;
/// `None` removes it.
pub fn write(link: Option<&CompareLink>) {
    let Some(q) = current() else { return };
    for key in KEYS {
        q.delete(key);
    }
    if let Some(link) = link {
        q.set("scenario", &link.scenario);
        for (key, value) in [("date", &link.date), ("left", &link.left), ("right", &link.right)] {
            if let Some(v) = value {
                q.set(key, v);
            }
        }
    }
    let Some(window) = web_sys::window() else { return };
    let Ok(path) = window.location().pathname() else { return };
    let search = String::from(q.to_string());
    let url = if search.is_empty() { path } else { format!("{path}?{search}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
