//! The real backfill's pool of Web Workers: one engine per worker, each with its own
//! DataFusion. What runs where, retries and the attempt cap are decided by
//! [`playground_backfill::Pool`]; this file starts the workers, tells the pool what they
//! did and carries out what it says.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;
use playground_backfill::{Command, CrashPlan, LiveRun, Pool, PoolEvent, RealReport};
use playground_protocol::{BackfillPlan, PartitionBytes, Request, Response};
use yew::Callback;

use crate::client::{now_ms, Engine, EngineEvent, Reply};

/// What the runner tells the page.
#[derive(Debug, Clone, PartialEq)]
pub enum RunnerEvent {
    /// The backfill began: its inputs are being exported.
    Started,
    /// The backfill so far, at most every [`playground_backfill::PROGRESS_EVERY_MS`].
    Progress(LiveRun),
    /// Every task finished: the report, and the outputs to store.
    Finished(RealReport, Vec<PartitionBytes>),
    /// The backfill stopped; nothing was stored.
    Failed(String),
}

/// How long a pool worker may take to answer its first request before the backfill
/// says it could not be started.
const START_TIMEOUT_MS: u32 = 20_000;

struct State {
    pool: Pool,
    engines: Vec<Engine>,
    events: Callback<RunnerEvent>,
    /// Gives up on workers that never answer.
    _start_timer: Option<Timeout>,
}

/// A running backfill; dropping it stops its workers.
pub struct Runner(Rc<RefCell<State>>);

impl Runner {
    /// Starts `workers` engines and backfills `days` as `plan` says, crashing the
    /// attempts `crashes` picks.
    pub fn start(
        days: Vec<String>,
        plan: BackfillPlan,
        workers: u32,
        crashes: CrashPlan,
        events: Callback<RunnerEvent>,
    ) -> Self {
        let pool = Pool::new(days, plan.pipelines, plan.inputs, workers, crashes, now_ms());
        let state = Rc::new(RefCell::new(State { pool, engines: Vec::new(), events, _start_timer: None }));
        let weak = Rc::downgrade(&state);
        let engines: Vec<Engine> = (0..workers as usize)
            .map(|i| {
                let weak = weak.clone();
                Engine::start_pool_worker(Callback::from(move |e| on_life(&weak, i, e)))
            })
            .collect();
        // The first answer says the worker is up.
        for (i, engine) in engines.iter().enumerate() {
            ask(engine, &weak, i, Request::Catalog);
        }
        let timer = Timeout::new(START_TIMEOUT_MS, move || {
            feed(&weak, PoolEvent::StartTimedOut { seconds: START_TIMEOUT_MS / 1000 });
        });
        let mut s = state.borrow_mut();
        s.engines = engines;
        s._start_timer = Some(timer);
        drop(s);
        Runner(state)
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let engines = match self.0.try_borrow_mut() {
            Ok(mut s) => std::mem::take(&mut s.engines),
            Err(_) => return,
        };
        for engine in engines {
            engine.stop();
        }
    }
}

/// Asks `worker`'s engine; the answer goes to the pool as that worker's event.
fn ask(engine: &Engine, weak: &Weak<RefCell<State>>, worker: usize, request: Request) {
    let weak = weak.clone();
    engine.ask(
        request,
        Callback::from(move |reply| {
            let event = match reply {
                Reply::Answer(Response::Catalog(_)) => PoolEvent::Up(worker),
                Reply::Answer(Response::TaskDone { output, ms }) => PoolEvent::Done { worker, output, ms },
                Reply::Answer(Response::Error(e)) => PoolEvent::TaskError { worker, message: e.message },
                // A lost request is told by the worker's restart, which comes first.
                _ => return,
            };
            feed(&weak, event);
        }),
    );
}

fn on_life(weak: &Weak<RefCell<State>>, worker: usize, event: EngineEvent) {
    let event = match event {
        EngineEvent::Restarting { .. } => PoolEvent::Died(worker),
        EngineEvent::Restarted { .. } => PoolEvent::Back(worker),
        EngineEvent::Stopped(message) => PoolEvent::Stopped { worker, message },
        EngineEvent::Catalog(_) | EngineEvent::Started => return,
    };
    feed(weak, event);
}

/// Tells the pool what happened and carries out what it says, with nothing borrowed.
fn feed(weak: &Weak<RefCell<State>>, event: PoolEvent) {
    let Some(rc) = weak.upgrade() else { return };
    let (commands, engines, events) = {
        let Ok(mut s) = rc.try_borrow_mut() else { return };
        (s.pool.on(event, now_ms()), s.engines.clone(), s.events.clone())
    };
    for command in commands {
        match command {
            Command::Run { worker, pipeline, ds, inputs, crash } => {
                let request = Request::RunTask { pipeline, ds, inputs, crash };
                ask(&engines[worker], weak, worker, request);
            }
            Command::Ping(worker) => ask(&engines[worker], weak, worker, Request::Catalog),
            Command::Progress(live) => events.emit(RunnerEvent::Progress(live)),
            Command::Finished(report, outputs) => events.emit(RunnerEvent::Finished(report, outputs)),
            Command::Failed(message) => events.emit(RunnerEvent::Failed(message)),
        }
    }
}
