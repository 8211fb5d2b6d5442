//! The URL as shareable state: the open scenario, its as-of date, and the query texts
//! when they were edited, so a link reopens the same comparison; or the open lesson and
//! step, so a workshop leader can put everyone on the same one. Other parameters
//! (`users`, `days`, `seed`, `data`, …) are kept as they are: they name the network.

use playground_protocol::SocialParams;
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
    replace(&q);
}

/// A lesson link: the lesson's id, the step as written (counted from 1, unchecked), and
/// the learner's query when they had edited it.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonLink {
    /// Lesson id.
    pub lesson: String,
    /// Step number as written in the URL.
    pub step: Option<String>,
    /// The editor's text, when it was edited.
    pub sql: Option<String>,
}

/// The lesson named in the page's URL, if any.
pub fn read_lesson() -> Option<LessonLink> {
    let q = current()?;
    Some(LessonLink { lesson: q.get("lesson")?, step: q.get("step"), sql: q.get("sql") })
}

fn with_lesson(q: &UrlSearchParams, lesson: &str, step: usize, edited_sql: Option<&str>) {
    q.set("lesson", lesson);
    q.set("step", &(step + 1).to_string());
    match edited_sql {
        Some(sql) => q.set("sql", sql),
        None => q.delete("sql"),
    }
}

/// The URL's query naming this lesson step (from 0) and, when edited, its query text.
pub fn lesson_search(lesson: &str, step: usize, edited_sql: Option<&str>) -> String {
    let q = current().unwrap_or_else(|| UrlSearchParams::new().expect("an empty query string parses"));
    with_lesson(&q, lesson, step, edited_sql);
    format!("?{}", String::from(q.to_string()))
}

/// Writes the open lesson step into the URL, as [`write`] does for a comparison.
pub fn write_lesson(lesson: &str, step: usize, edited_sql: Option<&str>) {
    let Some(q) = current() else { return };
    with_lesson(&q, lesson, step, edited_sql);
    replace(&q);
}

/// Names the network in the URL: only the settings that differ from the default, so a
/// link stays short and still rebuilds the same warehouse.
pub fn write_network(params: &SocialParams) {
    let Some(q) = current() else { return };
    let default = SocialParams::default();
    q.delete("data");
    let settings = [
        ("users", params.users != default.users, params.users.to_string()),
        ("days", params.days != default.days, params.days.to_string()),
        ("start", params.start != default.start, params.start.clone()),
        ("seed", params.seed != default.seed, params.seed.to_string()),
    ];
    for (key, differs, value) in settings {
        if differs {
            q.set(key, &value);
        } else {
            q.delete(key);
        }
    }
    replace(&q);
}

fn replace(q: &UrlSearchParams) {
    let Some(window) = web_sys::window() else { return };
    let Ok(path) = window.location().pathname() else { return };
    let search = String::from(q.to_string());
    let url = if search.is_empty() { path } else { format!("{path}?{search}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The Explore tab's query carried by a link (`?query=…`); a lesson link's `sql` is the
/// lesson's own.
pub fn read_query() -> Option<String> {
    current()?.get("query")
}

/// Writes the Explore tab's query into the URL, so the address is a link to it.
pub fn write_query(sql: &str) {
    let Some(q) = current() else { return };
    q.set("query", sql);
    replace(&q);
}
