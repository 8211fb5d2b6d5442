//! The engine's Web Worker: receives protocol requests from the page, answers them with
//! the warehouse, and reports a panic before the wasm instance dies.
//!
//! DataFusion runs its plans with tokio tasks. The browser has no multi-threaded runtime,
//! so each request runs to completion on a current-thread runtime (`block_on`). That
//! blocks only this worker, never the page; cancelling means terminating the worker.

use std::cell::{Cell, RefCell};

use playground_engine::protocol::{Envelope, Request, Response};
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

fn post(id: u64, body: Response) {
    // Parquet bytes move to the page instead of being copied once more.
    let carries_files = matches!(body, Response::TaskDone { .. } | Response::Exported(_));
    // i64 values beyond 2^53 must not be rounded, so every integer crosses as BigInt.
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
    let message = Envelope { id, body }.serialize(&serializer);
    let sent = match message {
        Ok(value) => {
            let transfer = js_sys::Array::new();
            if carries_files {
                collect_buffers(&value, &transfer);
            }
            scope().post_message_with_transfer(&value, &transfer)
        }
        Err(e) => {
            let fallback =
                Envelope { id, body: Response::Crashed(format!("could not encode the engine's answer: {e}")) };
            fallback
                .serialize(&serializer)
                .map_err(|e| JsValue::from_str(&e.to_string()))
                .and_then(|v| scope().post_message(&v))
        }
    };
    if let Err(e) = sent {
        web_sys::console::error_1(&e);
    }
}

fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        post(CURRENT.with(Cell::get), Response::Crashed(info.to_string()));
    }));

    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(rt) => rt,
        Err(e) => return post(0, Response::Crashed(format!("no async runtime: {e}"))),
    };
    let warehouse = match Warehouse::new() {
        Ok(wh) => RefCell::new(wh),
        Err(e) => return post(0, Response::Error(e)),
    };

    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let request: Envelope<Request> = match serde_wasm_bindgen::from_value(event.data()) {
            Ok(r) => r,
            Err(e) => {
                return post(0, Response::Crashed(format!("unreadable request: {e}")));
            }
        };
        CURRENT.with(|c| c.set(request.id));
        let mut wh = warehouse.borrow_mut();
        let id = request.id;
        let response = runtime.block_on(wh.handle_with_progress(request.body, |p| post(id, p)));
        post(request.id, response);
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(0, Response::Ready);
}
