//! What the tabs share with the page: the engine client, and a way to tell the page what
//! they did (a status line, an answer shown, a backfill running). Given to every tab as
//! Yew context, so each tab asks the engine itself and keeps its own answers.

use playground_protocol::Request;
use yew::Callback;

use crate::client::{Engine, Reply};

/// What a tab tells the page.
#[derive(Debug, Clone, PartialEq)]
pub enum PageEvent {
    /// A request went out.
    Asked,
    /// A request was answered or lost.
    Settled,
    /// A result, plan, comparison, simulation or error is on screen: tests and screen
    /// readers learn that something new arrived even when it looks the same.
    Answered,
    /// The status line's new text.
    Status(String),
    /// A real backfill started (`true`) or ended: its pool keeps the page busy.
    BackfillRunning(bool),
    /// The warehouse changed in a way a reload should keep (an import, a removal, a loaded
    /// export): the page keeps it in the browser again.
    Keep,
}

/// The engine and the page's ear, for every tab.
#[derive(Clone, PartialEq)]
pub struct PageContext {
    /// The page's engine client.
    pub engine: Engine,
    /// Where tabs report.
    pub report: Callback<PageEvent>,
}

impl PageContext {
    /// Asks the engine; progress and the answer go to `reply` only. The page counts the
    /// request as in flight until it settles.
    pub fn ask(&self, request: Request, reply: impl Fn(Reply) + 'static) {
        self.report.emit(PageEvent::Asked);
        let report = self.report.clone();
        self.engine.ask(
            request,
            Callback::from(move |r: Reply| {
                let settled = !matches!(r, Reply::Progress { .. });
                reply(r);
                if settled {
                    report.emit(PageEvent::Settled);
                }
            }),
        );
    }

    /// Sets the status line.
    pub fn status(&self, text: impl Into<String>) {
        self.report.emit(PageEvent::Status(text.into()));
    }

    /// Asks the page to keep the warehouse as it now stands.
    pub fn keep(&self) {
        self.report.emit(PageEvent::Keep);
    }

    /// Says an answer is on screen.
    pub fn answered(&self) {
        self.report.emit(PageEvent::Answered);
    }
}
