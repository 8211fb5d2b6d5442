//! The browser's local storage, for what the page remembers between visits (history,
//! lesson progress, the theme). A browser that refuses storage (private mode, a policy,
//! a full quota) remembers nothing: reads find nothing and writes are dropped.

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text stored under `key`, if any.
pub fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; a refusal is ignored (see the module docs).
pub fn write(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}
