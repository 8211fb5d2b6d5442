//! Text a person types into a field, held in component state. The state follows every
//! keystroke: Yew writes a field's `value` again at each re-render, over anything typed
//! since the state last changed.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// An `oninput` handler that keeps `state` equal to the field's text.
pub fn to_state(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(value(&e)))
}

/// The text in the input field an event came from.
pub fn value(e: &impl TargetCast) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}
