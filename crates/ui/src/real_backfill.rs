//! A real datestamp backfill, start to end: the page's engine exports the days' raw
//! partitions, a pool of workers runs every task ([`crate::backfill_runner`]), and the
//! page's engine swaps the outputs in. Each step's answer comes back to the step that
//! asked, so the flow reads in order.

use std::cell::RefCell;
use std::rc::Rc;

use playground_protocol::{Request, Response};
use yew::Callback;

use crate::backfill_runner::{Runner, RunnerEvent};
use crate::client::{Engine, Reply};
use crate::session::{Action, Ask};
use playground_backfill::CrashPlan;

/// Backfills `days` on `workers` pool workers, crashing the attempts `crashes` picks;
/// everything it does is reported to `report`.
pub fn start(engine: &Engine, days: Vec<String>, workers: u32, crashes: CrashPlan, report: Callback<Action>) {
    report.emit(Action::Runner(RunnerEvent::Started));
    report.emit(Action::Asked(Ask::RealBackfill));
    let asked = days.clone();
    let store_with = engine.clone();
    let on_inputs = Callback::from(move |reply: Reply| {
        // 1. The raw partitions of every day, or why there are none.
        let inputs = match reply {
            Reply::Answer(Response::Exported(inputs)) => inputs,
            Reply::Progress { .. } => return,
            other => return report.emit(Action::Replied(Ask::RealBackfill, other)),
        };
        report.emit(Action::Replied(Ask::RealBackfill, Reply::Answer(Response::Exported(Vec::new()))));
        // 2. Every task on the pool. The pool lives until its last event has unwound.
        let pool: Rc<RefCell<Option<Runner>>> = Rc::default();
        let on_pool = {
            let (pool, engine, report) = (pool.clone(), store_with.clone(), report.clone());
            Callback::from(move |event: RunnerEvent| {
                let outputs = match &event {
                    RunnerEvent::Finished(_, outputs) => Some(outputs.clone()),
                    RunnerEvent::Failed(_) => None,
                    _ => return report.emit(Action::Runner(event)),
                };
                report.emit(Action::Runner(event));
                // 3. The outputs swapped in whole, checked against the clean build.
                if let Some(outputs) = outputs {
                    report.emit(Action::Asked(Ask::RealBackfill));
                    let report = report.clone();
                    engine.ask(
                        Request::StoreOutputs(outputs),
                        Callback::from(move |reply| report.emit(Action::Replied(Ask::RealBackfill, reply))),
                    );
                }
                let pool = pool.clone();
                gloo::timers::callback::Timeout::new(0, move || drop(pool.borrow_mut().take())).forget();
            })
        };
        *pool.borrow_mut() = Some(Runner::start(days.clone(), inputs, workers, crashes, on_pool));
    });
    engine.ask(Request::ExportInputs { days: asked }, on_inputs);
}
