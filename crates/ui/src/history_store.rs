//! The query history in the browser's local storage, so it survives a reload. A browser
//! that refuses storage keeps it for the visit only.

use crate::local_store;
use crate::workbench::history::History;

const KEY: &str = "datestamp-playground.history";

/// The stored history; none stored, or unreadable, is an empty one.
pub fn load() -> History {
    local_store::read(KEY).map(|t| History::parse(&t)).unwrap_or_default()
}

/// Stores the history; a refusal (quota, private mode) is ignored.
pub fn save(history: &History) {
    local_store::write(KEY, &history.to_text());
}
