//! The engine's Web Worker: receives protocol requests from the page, answers them with
//! the warehouse, and reports a panic before the wasm instance dies.
//!
//! DataFusion runs its plans with tokio tasks. The browser has no multi-threaded runtime,
//! so each request runs to completion on a current-thread runtime (`block_on`). That
//! blocks only this worker, never the page; cancelling means terminating the worker.

use std::cell::{Cell, RefCell};

use playground_engine::protocol::{EngineError, Envelope, ErrorKind, Request, Response};
use playground_engine::Warehouse;
use playground_protocol::transfer::collect_buffers;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The request being answered, so a panic can be reported against it.
    static CURRENT: Cell<u64> = const { Cell::new(0) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn error(message: String) -> Response {
    Response::Error(EngineError::new(ErrorKind::Execution, message))
}

fn post(id: u64, body: Response) {
    let carries_files = body.carries_files();
    // i64 values beyond 2^53 must not be rounded, so every integer crosses as BigInt.
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
    let sent = match (Envelope { id, body }).serialize(&serializer) {
        Ok(value) => {
            // Parquet bytes move to the page instead of being copied once more.
            let transfer = js_sys::Array::new();
            if carries_files {
                collect_buffers(&value, &transfer);
            }
            scope().post_message_with_transfer(&value, &transfer)
        }
        // The request failed, not the engine: its warehouse is intact.
        Err(e) => (Envelope { id, body: error(format!("could not encode the engine's answer: {e}")) })
            .serialize(&serializer)
            .map_err(|e| JsValue::from_str(&e.to_string()))
            .and_then(|v| scope().post_message(&v)),
    };
    if let Err(e) = sent {
        web_sys::console::error_1(&e);
    }
}

/// The id of a message that could not be read whole, when it has a readable one.
fn id_of(data: &JsValue) -> u64 {
    js_sys::Reflect::get(data, &JsValue::from_str("id")).ok().and_then(|v| v.as_f64()).map_or(0, |n| n as u64)
}

fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        post(CURRENT.with(Cell::get), Response::Crashed(info.to_string()));
    }));

    // Without an engine the worker takes no request: the page must hear it, not wait.
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(rt) => rt,
        Err(e) => return post(0, Response::Unavailable(format!("no async runtime: {e}"))),
    };
    let warehouse = match Warehouse::new() {
        Ok(wh) => RefCell::new(wh),
        Err(e) => return post(0, Response::Unavailable(format!("could not create the warehouse: {}", e.message))),
    };

    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let request: Envelope<Request> = match serde_wasm_bindgen::from_value(data.clone()) {
            Ok(r) => r,
            Err(e) => return post(id_of(&data), error(format!("the engine could not read the request: {e}"))),
        };
        CURRENT.with(|c| c.set(request.id));
        let mut wh = warehouse.borrow_mut();
        let id = request.id;
        let response = runtime.block_on(wh.answer(request.body, |p| post(id, p)));
        post(id, response);
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(0, Response::Ready);
}
