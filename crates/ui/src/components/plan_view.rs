//! The physical plan, with metrics when the query ran.

use yew::prelude::*;

/// Props of [`PlanView`].
#[derive(Properties, PartialEq)]
pub struct PlanViewProps {
    /// Heading, e.g. "Physical plan with metrics".
    pub title: AttrValue,
    /// The indented plan text.
    pub plan: AttrValue,
}

/// An indented physical plan.
#[component]
pub fn PlanView(props: &PlanViewProps) -> Html {
    html! {
        <section class="plan" id="plan">
            <h3>{ &props.title }</h3>
            <pre>{ &props.plan }</pre>
        </section>
    }
}
