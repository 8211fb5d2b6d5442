//! A real datestamp backfill, start to end: the page's engine plans it (the built-in
//! pipelines or a learner's new one, checked) and exports the days' input partitions, a
//! pool of workers runs every task ([`crate::backfill_runner`]), and the page's engine
//! swaps the outputs in. Each step's answer comes back to the step that asked, so the
//! flow reads in order.

use std::cell::RefCell;
use std::rc::Rc;

use playground_backfill::CrashPlan;
use playground_protocol::{NewPipeline, Request, Response};
use yew::Callback;

use crate::backfill_runner::{Runner, RunnerEvent};
use crate::client::Reply;
use crate::page::{PageContext, PageEvent};
use crate::tabs::backfill_state::BackfillAction;

/// Backfills `days` on `workers` pool workers, crashing the attempts `crashes` picks:
/// the built-in datestamp pipelines, or `new_pipeline`. Everything it does is reported
/// to `report`.
pub fn start(
    page: &PageContext,
    days: Vec<String>,
    new_pipeline: Option<NewPipeline>,
    workers: u32,
    crashes: CrashPlan,
    report: Callback<BackfillAction>,
) {
    report.emit(BackfillAction::Runner(RunnerEvent::Started));
    page.report.emit(PageEvent::BackfillRunning(true));
    page.status("Backfilling for real: checking the pipelines and exporting their inputs…");
    let asked = Request::PlanBackfill { days: days.clone(), new_pipeline };
    let flow = page.clone();
    page.ask(asked, move |reply| {
        // 1. The pipelines and every day's input partitions, or why there are none.
        let plan = match reply {
            Reply::Answer(Response::BackfillPlanned(plan)) => plan,
            Reply::Progress { .. } => return,
            other => return end(&flow, &report, other),
        };
        flow.status("Backfilling for real: starting the workers…");
        // 2. Every task on the pool. The pool lives until its last event has unwound.
        let pool: Rc<RefCell<Option<Runner>>> = Rc::default();
        let on_pool = {
            let (pool, page, report) = (pool.clone(), flow.clone(), report.clone());
            Callback::from(move |event: RunnerEvent| {
                let outputs = match &event {
                    RunnerEvent::Progress(live) => {
                        page.status(format!("Backfilling for real: {} of {} tasks", live.done, live.total));
                        return report.emit(BackfillAction::Runner(event));
                    }
                    RunnerEvent::Finished(_, outputs) => Some(outputs.clone()),
                    _ => None,
                };
                report.emit(BackfillAction::Runner(event));
                match outputs {
                    // 3. The outputs swapped in whole, checked against the clean build.
                    Some(outputs) => {
                        page.status("Backfill finished; storing the partitions…");
                        let (to, report) = (page.clone(), report.clone());
                        page.ask(Request::StoreOutputs(outputs), move |reply| end(&to, &report, reply));
                    }
                    None => {
                        page.status("The backfill failed");
                        page.report.emit(PageEvent::BackfillRunning(false));
                    }
                }
                let pool = pool.clone();
                gloo::timers::callback::Timeout::new(0, move || drop(pool.borrow_mut().take())).forget();
            })
        };
        report.emit(BackfillAction::Planned(plan.scd2_merge_ms));
        *pool.borrow_mut() = Some(Runner::start(days.clone(), plan, workers, crashes, on_pool));
    });
}

/// The backfill's last answer: its outputs stored, or why it stopped.
fn end(page: &PageContext, report: &Callback<BackfillAction>, reply: Reply) {
    match reply {
        Reply::Answer(Response::Stored { partitions, identical, downstream }) => {
            page.status("Backfill stored");
            report.emit(BackfillAction::Stored(partitions, identical, downstream));
        }
        Reply::Answer(Response::Error(e)) => {
            page.status("The last request failed");
            report.emit(BackfillAction::RealFailed(Some(e.message)));
        }
        _ => report.emit(BackfillAction::RealFailed(None)),
    }
    page.report.emit(PageEvent::BackfillRunning(false));
}
