//! The physical plan, with metrics when the query ran.

use yew::prelude::*;

/// Props of [`PlanView`].
#[derive(Properties, PartialEq)]
pub struct PlanViewProps {
    /// Heading, e.g. "Physical plan with metrics".
    pub title: AttrValue,
    /// The indented plan text.
    pub plan: AttrValue,
    /// Prefix of the element id, so two panes on one page keep theirs apart.
    #[prop_or_default]
    pub id_prefix: AttrValue,
}

/// An indented physical plan.
#[component]
pub fn PlanView(props: &PlanViewProps) -> Html {
    html! {
        <section class="plan" id={format!("{}plan", props.id_prefix)}>
            <h3>{ &props.title }</h3>
            <pre>{ &props.plan }</pre>
        </section>
    }
}
