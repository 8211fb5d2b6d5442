//! The query catalog: every question in every style it is written in, grouped by history
//! model, filtered as you type. Picking one puts its SQL, dates filled in, in the editor.

use playground_queries::{all, render, Question, QuestionParams};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::typing;

/// Props of [`QuestionList`].
#[derive(Properties, PartialEq)]
pub struct QuestionListProps {
    /// Dates (and user) the questions are asked about.
    pub params: QuestionParams,
    /// SQL chosen from the list.
    pub on_pick: Callback<String>,
}

/// The history models a question is written for: (style id, heading, its SQL).
fn styles(q: &Question) -> [(&'static str, &'static str, Option<&'static str>); 3] {
    [
        ("datestamp", "Datestamps (ds partitions)", Some(q.datestamp_sql)),
        ("scd2", "SCD2 (valid_from / valid_to)", Some(q.scd2_sql)),
        ("scd1", "SCD1 (overwritten, no history)", q.scd1_sql),
    ]
}

fn matches(q: &Question, words: &[String]) -> bool {
    let text = format!("{} {} {}", q.id, q.title, q.explanation).to_lowercase();
    words.iter().all(|w| text.contains(w))
}

/// Arrow keys move between the questions; Tab leaves the list.
fn move_focus(e: &KeyboardEvent, list: &NodeRef) {
    let step: i32 = match e.key().as_str() {
        "ArrowDown" => 1,
        "ArrowUp" => -1,
        _ => return,
    };
    let Some(list) = list.cast::<HtmlElement>() else { return };
    let Ok(buttons) = list.query_selector_all("input, button.question") else { return };
    let items: Vec<HtmlElement> = (0..buttons.length()).filter_map(|i| buttons.get(i)?.dyn_into().ok()).collect();
    let focused = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let at = items.iter().position(|b| focused.as_ref().is_some_and(|f| f == b.as_ref() as &web_sys::Element));
    let next = match at {
        Some(i) => (i as i32 + step).clamp(0, items.len() as i32 - 1) as usize,
        None => 0,
    };
    if let Some(b) = items.get(next) {
        e.prevent_default();
        let _ = b.focus();
    }
}

/// The searchable, grouped list.
#[component]
pub fn QuestionList(props: &QuestionListProps) -> Html {
    let filter = use_state(String::new);
    let list = use_node_ref();
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    let catalog = all();
    let questions: Vec<&Question> = catalog.iter().filter(|q| matches(q, &words)).collect();
    let oninput = typing::to_state(&filter);
    let onkeydown = {
        let list = list.clone();
        Callback::from(move |e: KeyboardEvent| move_focus(&e, &list))
    };
    let groups = (0..3).filter_map(|k| {
        let items: Vec<Html> = questions
            .iter()
            .filter_map(|q| {
                let (style, _, sql) = styles(q)[k];
                let sql = render(sql?, &props.params).ok()?;
                let onclick = props.on_pick.reform(move |_: MouseEvent| sql.clone());
                Some(html! {
                    <li>
                        <button class="question" id={format!("q-{}-{style}", q.id)} {onclick} title={q.explanation}>
                            { q.title }
                        </button>
                    </li>
                })
            })
            .collect();
        if items.is_empty() {
            return None;
        }
        let (style, heading, _) = styles(questions[0])[k];
        Some(html! {
            <section key={style} class="question-group" data-style={style} aria-label={heading}>
                <h4>{ heading }</h4>
                <ul>{ for items }</ul>
            </section>
        })
    });
    let groups: Vec<Html> = groups.collect();
    html! {
        <div class="question-list" ref={list} {onkeydown}>
            <input id="question-search" type="search" placeholder="Search the questions"
                aria-label="Search the query catalog" value={(*filter).clone()} {oninput} />
            <p class="muted">{ format!("Today is {}; three months ago is {}.", props.params.today, props.params.past) }</p>
            // One container whatever the filter leaves, so the search box keeps its node
            // (and the focus) while the groups come and go: Yew matches unkeyed children
            // from the end.
            <div class="question-groups">
                if groups.is_empty() {
                    <p class="muted" id="question-none">{ "No question matches." }</p>
                }
                { for groups }
            </div>
        </div>
    }
}
