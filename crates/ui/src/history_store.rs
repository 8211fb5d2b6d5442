//! The query history in the browser's local storage, so it survives a reload. A browser
//! that refuses storage keeps it for the visit only.

use crate::workbench::history::History;

const KEY: &str = "datestamp-playground.history";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored history; none stored, or unreadable, is an empty one.
pub fn load() -> History {
    storage().and_then(|s| s.get_item(KEY).ok().flatten()).map(|t| History::parse(&t)).unwrap_or_default()
}

/// Stores the history; a refusal (quota, private mode) is ignored.
pub fn save(history: &History) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &history.to_text());
    }
}
