//! The page's one client of an engine worker. [`Engine::ask`] sends a request with a
//! fresh id, and every message answering that id (progress, then the answer) goes to the
//! callback that asked. The client keeps the warehouse's image from the changes the
//! engine reports, so a restarted worker (after Cancel, a crash or a worker error) is
//! given back the warehouse as it stood. The restart rules are
//! [`playground_protocol::Lifecycle`]'s; this file is only the Web Worker glue.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

use playground_protocol::transfer::collect_buffers;
use playground_protocol::{
    CatalogInfo, EngineError, Envelope, ErrorKind, Lifecycle, Request, Response, Restarted, Step, WarehouseImage,
};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};
use yew::Callback;

/// The worker's loader script, written by Trunk next to the page.
const WORKER_SCRIPT: &str = "./engine-worker_loader.js";

/// What the asker of one request hears.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A long request moved on.
    Progress {
        /// Steps done.
        done: u32,
        /// Steps in all.
        total: u32,
        /// What the last step was.
        step: String,
    },
    /// The answer: a result, or `Response::Error`.
    Answer(Response),
    /// The worker died or was replaced before answering; `reason` says why.
    Lost(String),
}

/// What the engine's life tells the page.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    /// The worker is being replaced: `reason` says why. Unanswered requests were lost.
    Restarting {
        /// Why the engine restarts.
        reason: String,
    },
    /// A new worker takes requests, with the warehouse loaded back; `catalog` is what it
    /// holds (`None` when there was nothing to restore).
    Restarted {
        /// Why and how long.
        restarted: Restarted,
        /// The restored engine's catalog.
        catalog: Option<CatalogInfo>,
    },
    /// The engine was stopped for good; the page offers a way out.
    Stopped(String),
    /// A request changed the warehouse; this is its catalog now.
    Catalog(CatalogInfo),
    /// The first worker takes requests.
    Started,
}

/// Handle to one engine worker. Cloning shares it.
#[derive(Clone)]
pub struct Engine(Rc<RefCell<Inner>>);

impl PartialEq for Engine {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

struct Inner {
    worker: Option<Worker>,
    /// A worker was started: an engine made [`Engine::on_demand`] starts at its first ask.
    spawned: bool,
    life: Lifecycle,
    /// Requests waiting for the worker to take them.
    queue: Vec<Envelope<Request>>,
    /// Who asked each request not yet answered.
    askers: BTreeMap<u64, Callback<Reply>>,
    next_id: u64,
    /// The warehouse as stored bytes, as the engine's changes left it.
    image: WarehouseImage,
    /// A kept warehouse being loaded by request `id`: the image once it has loaded.
    loading: Option<(u64, WarehouseImage)>,
    /// The catalog the restore answered with.
    restored_catalog: Option<CatalogInfo>,
    events: Callback<EngineEvent>,
    // Kept alive as long as the worker they are attached to.
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(Event)>>,
}

fn send_error(why: &str) -> Response {
    Response::Error(EngineError::new(ErrorKind::Execution, format!("could not send the request to the engine: {why}")))
}

/// Milliseconds since the page started, for timings shown to the user.
pub(crate) fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl Engine {
    /// Starts the page's engine; its life's events reach `events`.
    pub fn start(events: Callback<EngineEvent>) -> Self {
        let engine = Self::new(Lifecycle::new(), events);
        engine.spawn();
        engine
    }

    /// An engine that downloads and starts its worker only when first asked: an embed
    /// costs its reader nothing until they press Run.
    pub fn on_demand(events: Callback<EngineEvent>) -> Self {
        Self::new(Lifecycle::new(), events)
    }

    /// Starts a backfill pool worker: restarted after every crash, stopped only when it
    /// cannot start.
    pub fn start_pool_worker(events: Callback<EngineEvent>) -> Self {
        let engine = Self::new(Lifecycle::for_pool(), events);
        engine.spawn();
        engine
    }

    fn new(life: Lifecycle, events: Callback<EngineEvent>) -> Self {
        Engine(Rc::new(RefCell::new(Inner {
            worker: None,
            spawned: false,
            life,
            queue: Vec::new(),
            askers: BTreeMap::new(),
            next_id: 1,
            image: WarehouseImage::default(),
            loading: None,
            restored_catalog: None,
            events,
            _on_message: None,
            _on_error: None,
        })))
    }

    /// Sends `request`; its progress and answer go to `reply`, and only there. A restore
    /// (a kept warehouse loaded) becomes the image a restarted worker is given once it
    /// has loaded.
    pub fn ask(&self, request: Request, reply: Callback<Reply>) {
        let failed = {
            let mut inner = self.0.borrow_mut();
            let loading = match &request {
                Request::Restore(image) => Some(image.clone()),
                _ => None,
            };
            if inner.life.is_stopped() {
                Some(Reply::Lost("the engine is stopped".into()))
            } else {
                let (id, failed) = inner.post(request);
                match failed {
                    None => {
                        inner.askers.insert(id, reply.clone());
                        if let Some(image) = loading {
                            inner.loading = Some((id, image));
                        }
                        None
                    }
                    Some(why) => Some(Reply::Answer(send_error(&why))),
                }
            }
        };
        if let Some(answer) = failed {
            reply.emit(answer);
        }
        let spawned = self.0.borrow().spawned;
        if !spawned {
            self.spawn();
        }
    }

    /// The warehouse as stored bytes, as the engine's changes left it.
    pub fn image(&self) -> WarehouseImage {
        self.0.borrow().image.clone()
    }

    /// Stops whatever the engine is doing by replacing its worker; the warehouse comes
    /// back as it stood.
    pub fn cancel(&self, reason: &str) {
        let step = self.0.borrow_mut().life.cancel(reason, now_ms());
        self.follow(step);
    }

    /// The way out after a stop: forget the warehouse and start a new worker with none.
    pub fn reset(&self, reason: &str) {
        let step = {
            let mut inner = self.0.borrow_mut();
            inner.image = WarehouseImage::default();
            inner.life.reset(reason, now_ms())
        };
        self.follow(step);
    }

    /// Terminates the worker for good.
    pub fn stop(&self) {
        let lost = self.0.borrow_mut().terminate();
        for reply in lost {
            reply.emit(Reply::Lost("the engine was stopped".into()));
        }
    }

    /// Does what the lifecycle says. Never called with the state borrowed.
    fn follow(&self, step: Step) {
        match step {
            Step::Wait => {}
            Step::Restore => {
                let mut inner = self.0.borrow_mut();
                let image = inner.image.clone();
                let id = inner.next_id;
                inner.next_id += 1;
                inner.life.restoring(id);
                if let Some((_, why)) = inner.post_now(Envelope { id, body: Request::Restore(image) }) {
                    let step = inner.life.restore_failed(&why);
                    drop(inner);
                    self.follow(step);
                }
            }
            Step::Open { restarted } => {
                let (failed, events, catalog) = {
                    let mut inner = self.0.borrow_mut();
                    let queue = std::mem::take(&mut inner.queue);
                    let failed: Vec<(u64, String)> =
                        queue.into_iter().filter_map(|envelope| inner.post_now(envelope)).collect();
                    (failed, inner.events.clone(), inner.restored_catalog.take())
                };
                self.answer_failed_sends(failed);
                match restarted {
                    Some(restarted) => events.emit(EngineEvent::Restarted { restarted, catalog }),
                    None => events.emit(EngineEvent::Started),
                }
            }
            Step::Respawn { reason } => {
                self.end_worker(EngineEvent::Restarting { reason: reason.clone() }, &reason);
                self.spawn();
            }
            Step::Stop { message } => self.end_worker(EngineEvent::Stopped(message.clone()), &message),
        }
    }

    /// Ends the worker: the page hears `event`, then every unanswered asker hears `why`.
    fn end_worker(&self, event: EngineEvent, why: &str) {
        let (lost, events) = {
            let mut inner = self.0.borrow_mut();
            (inner.terminate(), inner.events.clone())
        };
        events.emit(event);
        for reply in lost {
            reply.emit(Reply::Lost(why.to_string()));
        }
    }

    fn answer_failed_sends(&self, failed: Vec<(u64, String)>) {
        for (id, why) in failed {
            let reply = self.0.borrow_mut().askers.remove(&id);
            if let Some(reply) = reply {
                reply.emit(Reply::Answer(send_error(&why)));
            }
        }
    }

    fn spawn(&self) {
        self.0.borrow_mut().spawned = true;
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
            let Some(rc) = weak.upgrade() else { return };
            let step = rc.borrow_mut().life.on_death(&message, now_ms());
            Engine(rc).follow(step);
        });
        let worker = Worker::new(WORKER_SCRIPT);
        let step = {
            let mut inner = self.0.borrow_mut();
            match worker {
                Ok(worker) => {
                    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                    inner.worker = Some(worker);
                    inner._on_message = Some(on_message);
                    inner._on_error = Some(on_error);
                    Step::Wait
                }
                Err(e) => inner.life.on_death(&format!("this browser could not start a worker: {e:?}"), now_ms()),
            }
        };
        // A browser that refuses workers refuses them every time: three refusals stop.
        if step != Step::Wait {
            let engine = self.clone();
            gloo::timers::callback::Timeout::new(0, move || engine.follow(step)).forget();
        }
    }

    fn on_message(weak: &Weak<RefCell<Inner>>, e: MessageEvent) {
        let Some(rc) = weak.upgrade() else { return };
        let engine = Engine(rc);
        let message: Envelope<Response> = match serde_wasm_bindgen::from_value(e.data()) {
            Ok(m) => m,
            Err(err) => {
                // Nothing tells whose answer it was: say it in the console, keep going.
                web_sys::console::error_1(&format!("unreadable answer from the engine: {err}").into());
                return;
            }
        };
        let Envelope { id, body } = message;
        let now = now_ms();
        let step = match body {
            Response::Ready => {
                let mut inner = engine.0.borrow_mut();
                let has_image = !inner.image.is_empty();
                inner.life.on_ready(has_image, now)
            }
            Response::Crashed(why) | Response::Unavailable(why) => engine.0.borrow_mut().life.on_death(&why, now),
            Response::Changed(mut changes) => {
                let catalog = std::mem::take(&mut changes.catalog);
                let events = {
                    let mut inner = engine.0.borrow_mut();
                    inner.image.apply(changes);
                    inner.events.clone()
                };
                events.emit(EngineEvent::Catalog(catalog));
                Step::Wait
            }
            Response::Progress { done, total, step } => {
                let reply = engine.0.borrow().askers.get(&id).cloned();
                if let Some(reply) = reply {
                    reply.emit(Reply::Progress { done, total, step });
                }
                Step::Wait
            }
            answer => {
                let mut inner = engine.0.borrow_mut();
                if inner.life.restoring_id() == Some(id) {
                    match answer {
                        Response::Error(e) => inner.life.restore_failed(&e.message),
                        Response::Loaded { catalog, .. } => {
                            inner.restored_catalog = Some(catalog);
                            inner.life.on_answer(id, true, now)
                        }
                        other => inner.life.restore_failed(&format!("unexpected answer {other:?}")),
                    }
                } else {
                    if inner.loading.as_ref().is_some_and(|(loading, _)| *loading == id) {
                        if let (Some((_, image)), Response::Loaded { .. }) = (inner.loading.take(), &answer) {
                            inner.image = image;
                        }
                    }
                    let step = inner.life.on_answer(id, !matches!(answer, Response::Error(_)), now);
                    let reply = inner.askers.remove(&id);
                    drop(inner);
                    if let Some(reply) = reply {
                        reply.emit(Reply::Answer(answer));
                    }
                    step
                }
            }
        };
        engine.follow(step);
    }
}

impl Inner {
    /// Sends now if the worker takes requests, else queues. Returns the request id, and
    /// why it could not be sent if it could not.
    fn post(&mut self, body: Request) -> (u64, Option<String>) {
        let id = self.next_id;
        self.next_id += 1;
        let envelope = Envelope { id, body };
        if self.life.is_open() {
            return (id, self.post_now(envelope).map(|(_, why)| why));
        }
        self.queue.push(envelope);
        (id, None)
    }

    /// Posts to the worker; on failure returns the id and why.
    fn post_now(&mut self, envelope: Envelope<Request>) -> Option<(u64, String)> {
        let worker = self.worker.as_ref()?;
        let id = envelope.id;
        let carries_files = envelope.body.carries_files();
        let sent = serde_wasm_bindgen::to_value(&envelope).map_err(|e| e.to_string()).and_then(|v| {
            // Parquet bytes move to the worker instead of being copied once more.
            let transfer = js_sys::Array::new();
            if carries_files {
                collect_buffers(&v, &transfer);
            }
            worker.post_message_with_transfer(&v, &transfer).map_err(|e| format!("{e:?}"))
        });
        sent.err().map(|why| (id, why))
    }

    /// Ends the worker. Returns the askers whose requests died with it.
    fn terminate(&mut self) -> Vec<Callback<Reply>> {
        if let Some(worker) = self.worker.take() {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
        self.queue.clear();
        self.loading = None;
        std::mem::take(&mut self.askers).into_values().collect()
    }
}
