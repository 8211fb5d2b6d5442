//! The as-of control: pick the day both queries ask about, or jump to three months
//! before the last snapshot. Days outside the warehouse are refused with its range.

use playground_queries::Thresholds;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`AsOf`].
#[derive(Properties, PartialEq)]
pub struct AsOfProps {
    /// The day asked about, `YYYY-MM-DD`.
    pub date: AttrValue,
    /// First snapshot.
    pub first: AttrValue,
    /// Last snapshot ("today").
    pub last: AttrValue,
    /// Three calendar months before `last` (or `first` if that is later).
    pub three_months_ago: AttrValue,
    /// What "many" and "few" followers mean on this network.
    pub thresholds: Thresholds,
    /// Why the last date typed was refused.
    pub problem: Option<AttrValue>,
    /// A date was chosen (not yet checked).
    pub on_date: Callback<String>,
}

/// A date picker with the "three months ago" shortcut.
#[component]
pub fn AsOf(props: &AsOfProps) -> Html {
    let onchange = {
        let on_date = props.on_date.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_date.emit(input.value());
        })
    };
    let jump = {
        let on_date = props.on_date.clone();
        let target = props.three_months_ago.to_string();
        Callback::from(move |_: MouseEvent| on_date.emit(target.clone()))
    };
    html! {
        <div class="as-of">
            <label>
                { "As of " }
                <input type="date" id="as-of" value={props.date.clone()}
                    min={props.first.clone()} max={props.last.clone()} {onchange} />
            </label>
            <button id="three-months" onclick={jump}>{ "Three months before today" }</button>
            <span class="muted">{ format!(
                "{{{{ date }}}} and {{{{ past }}}} = {}, {{{{ today }}}} = {} · snapshots {} to {}",
                props.date, props.last, props.first, props.last
            ) }</span>
            <span class="muted" id="thresholds">{ format!(
                " · {{{{ many_followers }}}} = {}, {{{{ few_followers }}}} = {}{}",
                props.thresholds.many, props.thresholds.few,
                if props.thresholds.are_the_articles() { String::new() } else {
                    format!(" (the article's 1000 and 200, scaled to this network: {})", props.thresholds.describe())
                }
            ) }</span>
            if let Some(problem) = &props.problem {
                <div class="as-of-problem" id="as-of-problem" role="alert">{ problem }</div>
            }
        </div>
    }
}
