//! The scenario gallery: every comparison the playground teaches, as a list to pick from.

use playground_queries::scenarios::Scenario;
use yew::prelude::*;

/// Props of [`ScenarioGallery`].
#[derive(Properties, PartialEq)]
pub struct ScenarioGalleryProps {
    /// Every scenario, in gallery order.
    pub scenarios: Vec<Scenario>,
    /// Id of the open one.
    pub selected: AttrValue,
    /// A scenario was picked (its id).
    pub on_pick: Callback<String>,
}

/// Scenario titles as buttons; the open one is marked.
#[component]
pub fn ScenarioGallery(props: &ScenarioGalleryProps) -> Html {
    let items = props.scenarios.iter().map(|s| {
        let on_pick = props.on_pick.clone();
        let id = s.id.to_string();
        let onclick = Callback::from(move |_: MouseEvent| on_pick.emit(id.clone()));
        let open = props.selected == s.id;
        html! {
            <li>
                <button class={classes!("scenario", open.then_some("open"))} data-scenario={s.id}
                    aria-pressed={open.to_string()} {onclick}>{ s.title }</button>
            </li>
        }
    });
    html! {
        <nav class="gallery" aria-label="scenarios">
            <h2>{ "Scenarios" }</h2>
            <ul>{ for items }</ul>
        </nav>
    }
}
