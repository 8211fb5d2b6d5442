//! The queries run before, newest first, filtered as you type; picking one puts it back
//! in the editor.

use yew::prelude::*;

use crate::format::thousands;
use crate::typing;
use crate::workbench::history::History;

/// Props of [`HistoryPanel`].
#[derive(Properties, PartialEq)]
pub struct HistoryPanelProps {
    /// Every query kept.
    pub history: History,
    /// A query was picked.
    pub on_pick: Callback<String>,
}

/// How long ago, in words.
fn ago(at_ms: f64) -> String {
    let seconds = ((js_sys::Date::now() - at_ms) / 1000.0).max(0.0) as u64;
    match seconds {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", seconds / 60),
        3600..=86_399 => format!("{} h ago", seconds / 3600),
        _ => format!("{} days ago", seconds / 86_400),
    }
}

/// The list with its search box.
#[component]
pub fn HistoryPanel(props: &HistoryPanelProps) -> Html {
    let filter = use_state(String::new);
    let oninput = typing::to_state(&filter);
    let found = props.history.search(&filter);
    let items = found.iter().enumerate().map(|(i, e)| {
        let sql = e.sql.clone();
        let onclick = props.on_pick.reform(move |_: MouseEvent| sql.clone());
        let outcome = match e.rows {
            Some(n) => format!("{} row{}", thousands(n), if n == 1 { "" } else { "s" }),
            None => "failed".into(),
        };
        html! {
            <li>
                <button class="history-entry" id={format!("history-{i}")} {onclick}>
                    <code class="history-sql">{ &e.sql }</code>
                    <span class="history-meta">{ format!("{} · {outcome}", ago(e.at_ms)) }</span>
                </button>
            </li>
        }
    });
    html! {
        <div class="history">
            <input id="history-search" type="search" placeholder="Search the history"
                aria-label="Search the queries run before" value={(*filter).clone()} {oninput} />
            // One container whatever the filter finds, so the search box keeps its node
            // (and the focus): Yew matches unkeyed children from the end.
            <div class="history-found">
                if props.history.is_empty() {
                    <p class="empty" id="history-empty">{ "Queries you run appear here, and stay after a reload." }</p>
                } else if found.is_empty() {
                    <p class="empty">{ "No query matches." }</p>
                }
                <ul class="history-list">{ for items }</ul>
            </div>
        </div>
    }
}
