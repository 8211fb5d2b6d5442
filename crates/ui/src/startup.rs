//! What the page opens with: the social network the URL asks for, and the editor's first
//! query.

use playground_protocol::SocialParams;

/// The editor's first query over the demo table.
pub const DEMO_STARTER_SQL: &str = "SELECT ds, count(*) AS events, round(sum(amount), 2) AS amount
FROM demo_events
WHERE ds = '2024-10-04'
GROUP BY ds";

/// The editor's first query over the social network. `editor.js` opens the Explore editor
/// with the same file before the app starts, so typing can begin early.
pub const SOCIAL_STARTER_SQL: &str = include_str!("../../../www/editor/starter.sql");

/// The social network the page builds at start, from the URL: `?data=demo` builds none
/// (the demo table only); `users`, `days`, `start` and `seed` override the defaults.
pub fn startup_network() -> Option<SocialParams> {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok());
    let get = |key: &str| query.as_ref().and_then(|q| q.get(key));
    if get("data").as_deref() == Some("demo") {
        return None;
    }
    let mut params = SocialParams::default();
    // Unparseable numbers become 0, which the engine refuses with a message.
    if let Some(v) = get("users") {
        params.users = v.parse().unwrap_or(0);
    }
    if let Some(v) = get("days") {
        params.days = v.parse().unwrap_or(0);
    }
    if let Some(v) = get("seed") {
        params.seed = v.parse().unwrap_or(0);
    }
    if let Some(v) = get("start") {
        params.start = v;
    }
    Some(params)
}
