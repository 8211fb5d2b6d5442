//! The page's side of the engine worker: starts it, queues requests until it is ready,
//! pairs answers with requests, and restarts it (replaying every load) after a cancel
//! or a crash. Components only see [`EngineEvent`]s.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use playground_protocol::transfer::collect_buffers;
use playground_protocol::{EngineError, Envelope, Request, Response};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};
use yew::Callback;

/// The worker's loader script, written by Trunk next to the page.
const WORKER_SCRIPT: &str = "./engine-worker_loader.js";
/// Failed starts in a row after which we stop retrying and say so.
const MAX_FAILED_STARTS: u32 = 3;

/// What the engine told the page.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    /// An answer to a request: a load, progress, a result, a plan or an error.
    Answer(Response),
    /// The worker was replaced: `reason` says why, the loads are being replayed.
    Restarting {
        /// Why the engine restarted.
        reason: String,
    },
    /// Every load was replayed into the new worker.
    Reloaded {
        /// Why the engine restarted.
        reason: String,
        /// Loads replayed.
        loads: usize,
        /// From restart to the last replayed load, in milliseconds.
        ms: f64,
    },
    /// The engine could not be started.
    Fatal(String),
}

/// Handle to the engine worker. Cloning shares the same worker.
#[derive(Clone)]
pub struct Engine(Rc<RefCell<Inner>>);

impl PartialEq for Engine {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

struct Inner {
    worker: Option<Worker>,
    ready: bool,
    /// Requests posted before the worker said Ready.
    queue: Vec<Envelope<Request>>,
    next_id: u64,
    /// Every load that succeeded, in order: what a new worker gets replayed.
    loads: Vec<Request>,
    /// Loads sent and not yet answered, by request id.
    loads_in_flight: Vec<(u64, Request)>,
    /// Ids of replayed loads still outstanding, with the restart's reason and start time.
    replay: Option<Replay>,
    failed_starts: u32,
    events: Callback<EngineEvent>,
    // Kept alive as long as the worker they are attached to.
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(Event)>>,
}

struct Replay {
    reason: String,
    started: f64,
    last_id: u64,
    loads: usize,
}

/// Milliseconds since the page started, for timings shown to the user.
pub(crate) fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl Engine {
    /// Starts a worker; every answer reaches `events`.
    pub fn start(events: Callback<EngineEvent>) -> Self {
        let engine = Engine(Rc::new(RefCell::new(Inner {
            worker: None,
            ready: false,
            queue: Vec::new(),
            next_id: 1,
            loads: Vec::new(),
            loads_in_flight: Vec::new(),
            replay: None,
            failed_starts: 0,
            events,
            _on_message: None,
            _on_error: None,
        })));
        engine.spawn();
        engine
    }

    /// Sends a request. Loads that succeed are remembered so a restarted worker gets
    /// them again.
    pub fn send(&self, request: Request) {
        let mut inner = self.0.borrow_mut();
        let is_load = matches!(request, Request::LoadDemo | Request::LoadPartition { .. } | Request::LoadSocial { .. });
        let id = inner.post(request.clone());
        if is_load {
            inner.loads_in_flight.push((id, request));
        }
    }

    /// Terminates the worker for good; later requests are dropped.
    pub fn stop(&self) {
        let mut inner = self.0.borrow_mut();
        inner.terminate();
        inner.loads.clear();
        inner.loads_in_flight.clear();
    }

    /// Stops whatever the engine is doing by replacing the worker, then reloads the data.
    pub fn restart(&self, reason: &str) {
        let events = {
            let mut inner = self.0.borrow_mut();
            inner.terminate();
            // A load cut short by the restart is dropped, not retried: cancel means stop.
            inner.loads_in_flight.clear();
            let loads = inner.loads.clone();
            let count = loads.len();
            for load in loads {
                inner.post(load);
            }
            inner.replay = Some(Replay {
                reason: reason.to_string(),
                started: now_ms(),
                last_id: inner.next_id - 1,
                loads: count,
            });
            inner.events.clone()
        };
        events.emit(EngineEvent::Restarting { reason: reason.to_string() });
        self.spawn();
    }

    fn spawn(&self) {
        let weak = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
            let weak = weak.clone();
            move |e: MessageEvent| Engine::on_message(&weak, e)
        });
        // A script that fails to load fires a plain Event, not an ErrorEvent: it has no
        // message to read.
        let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            e.prevent_default();
            let message = e
                .dyn_ref::<ErrorEvent>()
                .map_or_else(|| "its script could not be loaded".to_string(), ErrorEvent::message);
            Engine::on_worker_error(&weak, message);
        });
        let worker = Worker::new(WORKER_SCRIPT);
        let mut inner = self.0.borrow_mut();
        match worker {
            Ok(worker) => {
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                inner.worker = Some(worker);
                inner._on_message = Some(on_message);
                inner._on_error = Some(on_error);
            }
            Err(e) => {
                let events = inner.events.clone();
                drop(inner);
                events.emit(EngineEvent::Fatal(format!("this browser could not start the engine worker: {e:?}")));
            }
        }
    }

    fn on_message(weak: &Weak<RefCell<Inner>>, e: MessageEvent) {
        let Some(rc) = weak.upgrade() else { return };
        let message: Envelope<Response> = match serde_wasm_bindgen::from_value(e.data()) {
            Ok(m) => m,
            Err(err) => {
                let events = rc.borrow().events.clone();
                events.emit(EngineEvent::Answer(Response::Error(EngineError {
                    kind: playground_protocol::ErrorKind::Execution,
                    message: format!("unreadable answer from the engine: {err}"),
                    position: None,
                })));
                return;
            }
        };
        let mut emitted = Vec::new();
        let mut restart_reason = None;
        {
            let mut inner = rc.borrow_mut();
            let finished = !matches!(message.body, Response::Progress { .. } | Response::Ready);
            if finished {
                if let Some(i) = inner.loads_in_flight.iter().position(|(id, _)| *id == message.id) {
                    let (_, load) = inner.loads_in_flight.remove(i);
                    if matches!(message.body, Response::Loaded { .. }) {
                        inner.loads.push(load);
                    }
                }
                let replay_done = inner.replay.as_ref().is_some_and(|r| message.id >= r.last_id);
                if replay_done && !matches!(message.body, Response::Crashed(_)) {
                    if let Some(r) = inner.replay.take() {
                        emitted.push(EngineEvent::Reloaded {
                            reason: r.reason,
                            loads: r.loads,
                            ms: now_ms() - r.started,
                        });
                    }
                }
            }
            match message.body {
                Response::Ready => {
                    inner.ready = true;
                    inner.failed_starts = 0;
                    // Nothing to replay: the restart is complete as soon as the worker is up.
                    if inner.replay.as_ref().is_some_and(|r| r.loads == 0) {
                        if let Some(r) = inner.replay.take() {
                            emitted.push(EngineEvent::Reloaded {
                                reason: r.reason,
                                loads: 0,
                                ms: now_ms() - r.started,
                            });
                        }
                    }
                    let queue = std::mem::take(&mut inner.queue);
                    for envelope in queue {
                        inner.post_now(envelope);
                    }
                }
                Response::Crashed(why) => {
                    restart_reason = Some(format!("the engine crashed ({why})"));
                }
                // The answer goes before a Reloaded it completes.
                answer => emitted.insert(0, EngineEvent::Answer(answer)),
            }
        }
        let events = rc.borrow().events.clone();
        for event in emitted {
            events.emit(event);
        }
        if let Some(reason) = restart_reason {
            Engine(rc).restart(&reason);
        }
    }

    fn on_worker_error(weak: &Weak<RefCell<Inner>>, message: String) {
        let Some(rc) = weak.upgrade() else { return };
        let (give_up, events) = {
            let mut inner = rc.borrow_mut();
            inner.failed_starts += 1;
            (inner.failed_starts >= MAX_FAILED_STARTS, inner.events.clone())
        };
        if give_up {
            rc.borrow_mut().terminate();
            events.emit(EngineEvent::Fatal(format!(
                "the engine failed {MAX_FAILED_STARTS} times in a row and was stopped: {message}"
            )));
        } else {
            Engine(rc).restart(&format!("the engine stopped with an error ({message})"));
        }
    }
}

impl Inner {
    /// Sends now, or queues until the worker is ready. Returns the request id.
    fn post(&mut self, body: Request) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let envelope = Envelope { id, body };
        if self.ready {
            self.post_now(envelope);
        } else {
            self.queue.push(envelope);
        }
        id
    }

    fn post_now(&mut self, envelope: Envelope<Request>) {
        let Some(worker) = &self.worker else { return };
        let carries_files =
            matches!(envelope.body, Request::RunTask { .. } | Request::LoadPartition { .. } | Request::StoreOutputs(_));
        let sent = serde_wasm_bindgen::to_value(&envelope).and_then(|v| {
            // Parquet bytes move to the worker instead of being copied once more.
            let transfer = js_sys::Array::new();
            if carries_files {
                collect_buffers(&v, &transfer);
            }
            worker
                .post_message_with_transfer(&v, &transfer)
                .map_err(|e| serde_wasm_bindgen::Error::new(format!("{e:?}")))
        });
        if let Err(e) = sent {
            self.events.emit(EngineEvent::Answer(Response::Error(EngineError {
                kind: playground_protocol::ErrorKind::Execution,
                message: format!("could not send the request to the engine: {e}"),
                position: None,
            })));
        }
    }

    fn terminate(&mut self) {
        if let Some(worker) = self.worker.take() {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
        self.ready = false;
        // Requests not yet answered died with the worker; only the loads come back.
        self.queue.clear();
    }
}
