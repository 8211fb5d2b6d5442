//! Embed mode: one scenario or one lesson step, compact, in someone else's page. The
//! engine is downloaded and the small network built only when the reader first presses
//! Run; the frame tells its parent page how tall it is (`www/embed.js` listens).

mod app;
mod lesson;
mod scenario;
mod size;

pub use app::{EmbedApp, EmbedAppProps};

/// The page's URL query as (key, value) pairs, decoded, in order.
pub fn url_pairs() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        js_sys::decode_uri_component(&s).map(String::from).unwrap_or(s)
    };
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect()
}
