//! Tells the parent page the embed's height whenever its content changes size, so the
//! iframe fits its content: no inner scroll bar, no blank space.

use wasm_bindgen::prelude::*;
use web_sys::{Element, ResizeObserver};

/// What `www/embed.js` looks for in a message.
const SOURCE: &str = "datestamp-playground";

fn post_height(element: &Element) {
    let Some(window) = web_sys::window() else { return };
    // Not in a frame: nobody to tell.
    let Ok(Some(parent)) = window.parent() else { return };
    if parent == window {
        return;
    }
    let message = js_sys::Object::new();
    let height = element.get_bounding_client_rect().height().ceil();
    for (key, value) in [("source", JsValue::from_str(SOURCE)), ("type", "size".into()), ("height", height.into())] {
        let _ = js_sys::Reflect::set(&message, &key.into(), &value);
    }
    // Only a height, nothing private: any embedding origin may read it.
    let _ = parent.post_message(&message, "*");
}

/// Watches `element`; the returned guard stops watching when dropped.
pub struct SizeReporter {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl SizeReporter {
    /// Reports `element`'s height now and on every change.
    pub fn watch(element: Element) -> Option<Self> {
        let watched = element.clone();
        let callback = Closure::<dyn FnMut()>::new(move || post_height(&watched));
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(&element);
        post_height(&element);
        Some(Self { observer, _callback: callback })
    }
}

impl Drop for SizeReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
