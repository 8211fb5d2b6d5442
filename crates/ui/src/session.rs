//! What the page itself holds: the engine's state (ready, busy, restarted, stopped), the
//! catalog, the status line, and the loads that build the warehouse. Each tab keeps its
//! own answers.

use std::rc::Rc;

use playground_protocol::{CatalogInfo, Response};
use playground_queries::{QuestionParams, Thresholds};
use yew::Reducible;

use crate::client::{EngineEvent, Reply};
use crate::components::build_form::Progress;
use crate::format::millis;
use crate::page::PageEvent;

/// What happened, for the reducer.
pub enum Action {
    /// A tab said something.
    Page(PageEvent),
    /// A load's progress or answer.
    Load(Reply),
    /// The engine's life: a restart, a stop, a changed catalog.
    Life(EngineEvent),
    /// What this browser keeps of the warehouse.
    Kept(Kept),
}

/// The warehouse kept in this browser's storage, as far as the page knows.
#[derive(Clone, PartialEq, Default, Debug)]
pub enum Kept {
    /// Not looked yet (or the page opened the demo table alone).
    #[default]
    Unknown,
    /// Looking for a kept copy.
    Looking,
    /// A kept copy was loaded: its size and the time from the look to a queryable warehouse.
    Loaded {
        /// Parquet bytes.
        bytes: u64,
        /// Milliseconds.
        ms: f64,
    },
    /// Building, with why a kept copy was not used when there was one.
    Building(Option<String>),
    /// Writing the built warehouse to storage.
    Saving,
    /// Kept.
    Saved {
        /// Parquet bytes.
        bytes: u64,
    },
    /// Could not be kept or loaded: why.
    Refused(String),
    /// The user removed it.
    Cleared,
}

/// The page's state.
#[derive(Clone, PartialEq, Default)]
pub struct Session {
    pub catalog: CatalogInfo,
    pub ready: bool,
    /// Requests sent and not yet answered.
    pub pending: u32,
    /// A real backfill's pool is running.
    pub backfilling: bool,
    pub status: String,
    /// Answers shown so far (results, plans, errors, restarts): lets tests and screen
    /// readers know something new arrived even when it looks the same.
    pub answers: u64,
    pub notice: Option<String>,
    /// The last load's error.
    pub load_error: Option<playground_protocol::EngineError>,
    /// Why the engine was stopped; the page offers a way out.
    pub stopped: Option<String>,
    pub progress: Option<Progress>,
    /// The engine worker has started (its wasm downloaded and compiled).
    pub engine_started: bool,
    /// What this browser keeps.
    pub kept: Kept,
}

impl Session {
    /// Whether a request (or a real backfill's pool) keeps the engine busy.
    pub fn busy(&self) -> bool {
        self.pending > 0 || self.backfilling
    }

    /// What Run waits for, while it cannot run.
    pub fn waiting_for(&self) -> Option<String> {
        if self.ready {
            return None;
        }
        Some(if !self.engine_started {
            "Waiting for the engine to download and start…".to_string()
        } else if let Some(p) = &self.progress {
            format!("Waiting for the warehouse: step {} of {} ({})", p.done, p.total, p.step)
        } else if self.kept == Kept::Looking || matches!(self.kept, Kept::Loaded { .. }) {
            "Waiting for the kept warehouse to load…".to_string()
        } else {
            "Waiting for the warehouse to load…".to_string()
        })
    }

    /// First and last snapshot of the social network, once it is built.
    pub fn social_range(&self) -> Option<(String, String)> {
        let t = self.catalog.tables.iter().find(|t| t.name == "dim_users")?;
        Some((t.partitions.first()?.ds.clone(), t.partitions.last()?.ds.clone()))
    }

    /// Days of raw snapshots, in order (none before the social network is built).
    pub fn days_built(&self) -> Vec<String> {
        self.days_of("users")
    }

    /// Days of `dim_users` partitions: every day the datestamped tables answer.
    pub fn days_datestamped(&self) -> Vec<String> {
        self.days_of("dim_users")
    }

    fn days_of(&self, table: &str) -> Vec<String> {
        if self.social_range().is_none() {
            return Vec::new();
        }
        self.catalog
            .tables
            .iter()
            .find(|t| t.name == table)
            .map(|t| t.partitions.iter().map(|p| p.ds.clone()).collect())
            .unwrap_or_default()
    }

    /// Dates for the query catalog, from the range of `dim_users` snapshots, and the
    /// thresholds of the network the engine built.
    pub fn question_params(&self) -> Option<QuestionParams> {
        let (first, last) = self.social_range()?;
        Some(QuestionParams::for_range(&first, &last, self.thresholds()))
    }

    /// What "many" and "few" followers mean on the network the engine built.
    pub fn thresholds(&self) -> Thresholds {
        self.catalog.network.as_ref().map(|n| Thresholds::for_users(n.users)).unwrap_or_default()
    }

    fn page(&mut self, event: PageEvent) {
        match event {
            PageEvent::Asked => {
                self.pending += 1;
                self.notice = None;
                self.load_error = None;
            }
            PageEvent::Settled => self.pending = self.pending.saturating_sub(1),
            PageEvent::Answered => self.answers += 1,
            PageEvent::Status(text) => self.status = text,
            PageEvent::BackfillRunning(running) => self.backfilling = running,
            // The page's report handles it before it comes here.
            PageEvent::Keep => {}
        }
    }

    fn load(&mut self, reply: Reply) {
        match reply {
            Reply::Progress { done, total, step } => {
                self.status = format!("Building the social network: step {done} of {total}");
                self.progress = Some(Progress { done, total, step });
            }
            Reply::Answer(Response::Loaded { summary, catalog }) => {
                self.catalog = catalog;
                self.ready = true;
                self.progress = None;
                if !summary.is_empty() {
                    self.status = format!("Ready: {summary}");
                }
            }
            Reply::Answer(Response::Error(e)) => {
                self.answers += 1;
                self.status = "The last request failed".into();
                self.progress = None;
                self.load_error = Some(e);
            }
            _ => self.progress = None,
        }
    }

    fn life(&mut self, event: EngineEvent) {
        match event {
            EngineEvent::Catalog(catalog) => self.catalog = catalog,
            EngineEvent::Started => self.engine_started = true,
            EngineEvent::Restarting { reason } => {
                self.answers += 1;
                self.ready = false;
                self.backfilling = false;
                self.progress = None;
                self.status = "Restarting the engine…".into();
                self.notice = Some(format!("{reason}. Restarting the engine and loading the warehouse back…"));
            }
            EngineEvent::Restarted { restarted: r, catalog } => {
                self.ready = true;
                self.engine_started = true;
                self.stopped = None;
                // What the new engine holds; with nothing restored, it holds nothing yet.
                self.catalog = catalog.unwrap_or_default();
                self.status = "Ready".into();
                self.notice = Some(if r.restored {
                    format!("{}. Engine restarted; warehouse restored in {}.", r.reason, millis(r.ms))
                } else {
                    format!("{}. Engine restarted in {}; there was no warehouse to restore.", r.reason, millis(r.ms))
                });
            }
            EngineEvent::Stopped(message) => {
                self.answers += 1;
                self.ready = false;
                self.pending = 0;
                self.backfilling = false;
                self.progress = None;
                self.status = "The engine is stopped".into();
                self.stopped = Some(message);
            }
        }
    }
}

impl Reducible for Session {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Page(event) => s.page(event),
            Action::Load(reply) => s.load(reply),
            Action::Life(event) => s.life(event),
            Action::Kept(kept) => s.kept = kept,
        }
        Rc::new(s)
    }
}
