//! The learner's lesson progress in the browser's local storage, so it survives a
//! reload. A browser that refuses storage (private mode, a policy) keeps progress for
//! the visit only.

use playground_queries::lessons::progress::Progress;

const KEY: &str = "datestamp-playground.lessons";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored progress; none stored, or unreadable, is a fresh start.
pub fn load() -> Progress {
    storage().and_then(|s| s.get_item(KEY).ok().flatten()).map(|t| Progress::parse(&t)).unwrap_or_default()
}

/// Stores the progress; a refusal is ignored (see the module docs).
pub fn save(progress: &Progress) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &progress.to_text());
    }
}
