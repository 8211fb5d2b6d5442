//! Moving Parquet bytes across `postMessage` instead of copying them: the buffers of a
//! serialised message go in its transfer list. Used by the page's bridge and by the
//! engine worker (feature `transfer`).

use wasm_bindgen::{JsCast, JsValue};

/// Adds the buffer of every byte array inside `value` to `out`. Each was made fresh by
/// the serialiser, so nothing else holds it and moving it is safe.
pub fn collect_buffers(value: &JsValue, out: &js_sys::Array) {
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        out.push(&bytes.buffer());
    } else if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        array.for_each(&mut |item, _, _| collect_buffers(&item, out));
    } else if value.is_object() {
        let values = js_sys::Object::values(value.unchecked_ref());
        values.for_each(&mut |item, _, _| collect_buffers(&item, out));
    }
}
