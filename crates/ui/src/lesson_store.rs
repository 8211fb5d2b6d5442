//! The learner's lesson progress in the browser's local storage, so it survives a
//! reload. A browser that refuses storage (private mode, a policy) keeps progress for
//! the visit only.

use crate::local_store;
use playground_queries::lessons::progress::Progress;

const KEY: &str = "datestamp-playground.lessons";

/// The stored progress; none stored, or unreadable, is a fresh start.
pub fn load() -> Progress {
    local_store::read(KEY).map(|t| Progress::parse(&t)).unwrap_or_default()
}

/// Stores the progress; a refusal is ignored (see the module docs).
pub fn save(progress: &Progress) {
    local_store::write(KEY, &progress.to_text());
}
