//! The query catalog menu: puts a question, in the chosen style, into the editor.

use playground_queries::{all, render, QuestionParams};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`QuestionMenu`].
#[derive(Properties, PartialEq)]
pub struct QuestionMenuProps {
    /// Dates (and user) the questions are asked about.
    pub params: QuestionParams,
    /// SQL chosen from the menu.
    pub on_pick: Callback<String>,
}

/// A select of every question in every style it is written in.
#[component]
pub fn QuestionMenu(props: &QuestionMenuProps) -> Html {
    let questions = all();
    let onchange = {
        let on_pick = props.on_pick.clone();
        let params = props.params.clone();
        let questions = questions.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            select.set_value("");
            let Some((id, style)) = value.split_once(':') else { return };
            let Some(q) = questions.iter().find(|q| q.id == id) else { return };
            let sql = match style {
                "datestamp" => Some(q.datestamp_sql),
                "scd2" => Some(q.scd2_sql),
                _ => q.scd1_sql,
            };
            if let Some(Ok(sql)) = sql.map(|s| render(s, &params)) {
                on_pick.emit(sql);
            }
        })
    };
    let options = questions.iter().map(|q| {
        let mut styles = vec![("datestamp", "datestamps"), ("scd2", "SCD2")];
        if q.scd1_sql.is_some() {
            styles.push(("scd1", "SCD1 (no history)"));
        }
        html! {
            <optgroup label={q.title}>
                { for styles.into_iter().map(|(style, label)| html! {
                    <option value={format!("{}:{style}", q.id)}>{ format!("{} — {label}", q.title) }</option>
                }) }
            </optgroup>
        }
    });
    html! {
        <label class="question-menu">
            { "Query catalog " }
            <select id="question-menu" {onchange}>
                <option value="" selected=true>{ format!("Load a question (today {}, three months ago {})", props.params.today, props.params.past) }</option>
                { for options }
            </select>
        </label>
    }
}
