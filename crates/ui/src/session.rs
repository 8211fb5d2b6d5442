//! What the page knows of the engine and of each request it asked. Every answer comes
//! back to the [`Ask`] that sent it (the engine client pairs them by request id), so
//! nothing here guesses whose answer an answer is.

use std::rc::Rc;

use playground_protocol::{
    BugReport, CatalogInfo, CompareRequest, EngineError, FollowerSeries, HistoryCost, QueryResult, Response,
    Scd2Backfill, Simulation,
};
use playground_queries::QuestionParams;
use yew::Reducible;

use playground_backfill::{LiveRun, RealReport};

use crate::backfill_runner::RunnerEvent;
use crate::client::{EngineEvent, Reply};
use crate::components::build_form::Progress;
use crate::components::compare_view::CompareAnswer;
use crate::format::millis;

/// What a request was asked for: where its answer goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// A load: the demo table, a social network.
    Load,
    /// Run or explain the editor's SQL.
    Query {
        /// The SQL as sent, so an error can point into it.
        sql: String,
    },
    /// Both sides of a comparison.
    Compare {
        /// The scenario compared.
        scenario: String,
        /// What was asked.
        request: CompareRequest,
    },
    /// A chart's data beside a comparison.
    Chart,
    /// A simulated backfill.
    Simulate,
    /// The real backfill's raw inputs, then its outputs stored.
    RealBackfill,
    /// The SCD2 backfill.
    Scd2Backfill,
    /// Plant the bug, or check the metric.
    Bug,
}

/// What happened, for the reducer.
pub enum Action {
    /// A request went out.
    Asked(Ask),
    /// Its progress or answer came back.
    Replied(Ask, Reply),
    /// The real backfill's pool moved on.
    Runner(RunnerEvent),
    /// The engine's life: a restart, or a stop.
    Life(EngineEvent),
}

/// The page's state.
#[derive(Clone, PartialEq, Default)]
pub struct Session {
    pub catalog: CatalogInfo,
    pub ready: bool,
    /// Requests sent and not yet answered.
    pub pending: u32,
    pub result: Option<QueryResult>,
    pub explained: Option<String>,
    pub error: Option<(EngineError, String)>,
    pub status: String,
    /// Answers shown so far (results, plans, errors, restarts): lets tests and screen
    /// readers know something new arrived even when it looks the same.
    pub answers: u64,
    pub notice: Option<String>,
    /// Why the engine was stopped; the page offers a way out.
    pub stopped: Option<String>,
    pub progress: Option<Progress>,
    pub comparison: Option<CompareAnswer>,
    pub compare_error: Option<EngineError>,
    pub cohort: Option<Vec<FollowerSeries>>,
    pub history_cost: Option<HistoryCost>,
    pub simulation: Option<Simulation>,
    pub simulations: u64,
    pub simulation_error: Option<EngineError>,
    /// A real backfill is under way (from the export to the stored outputs).
    pub real_running: bool,
    pub real_progress: Option<(u32, u32)>,
    /// The real backfill as it goes, kept after a failure to show what led to it.
    pub real_live: Option<LiveRun>,
    pub real_reports: Vec<RealReport>,
    /// Partitions stored and byte-identical, for the last real backfill.
    pub real_stored: Option<(u32, u32)>,
    pub real_error: Option<String>,
    pub scd2_backfill: Option<Scd2Backfill>,
    pub scd2_error: Option<String>,
    pub bug: Option<BugReport>,
}

impl Session {
    /// Whether a request (or a real backfill's pool) keeps the engine busy.
    pub fn busy(&self) -> bool {
        self.pending > 0 || self.real_running
    }

    /// First and last snapshot of the social network, once it is built.
    pub fn social_range(&self) -> Option<(String, String)> {
        let t = self.catalog.tables.iter().find(|t| t.name == "dim_users")?;
        Some((t.partitions.first()?.ds.clone(), t.partitions.last()?.ds.clone()))
    }

    /// Partitions of a table (0 if it is not there).
    pub fn partitions_of(&self, table: &str) -> u32 {
        self.catalog.tables.iter().find(|t| t.name == table).map_or(0, |t| t.partitions.len() as u32)
    }

    /// Days of raw snapshots, in order.
    pub fn days_built(&self) -> Vec<String> {
        self.catalog
            .tables
            .iter()
            .find(|t| t.name == "users")
            .map(|t| t.partitions.iter().map(|p| p.ds.clone()).collect())
            .unwrap_or_default()
    }

    /// Dates for the query catalog, from the range of `dim_users` snapshots.
    pub fn question_params(&self) -> Option<QuestionParams> {
        let (first, last) = self.social_range()?;
        Some(QuestionParams::for_range(&first, &last))
    }

    fn asked(&mut self, ask: Ask) {
        self.pending += 1;
        self.notice = None;
        match ask {
            Ask::Load => {}
            Ask::Query { .. } => {
                self.error = None;
                // A new answer replaces the old one; a stale grid under an error misleads.
                self.result = None;
                self.explained = None;
                self.status = "Running…".into();
            }
            Ask::Compare { request, .. } => {
                self.compare_error = None;
                self.status = format!("Running both sides, {} times each…", request.runs);
            }
            Ask::Chart => {}
            Ask::Simulate => {
                self.simulation_error = None;
                self.status = "Simulating both backfills…".into();
            }
            Ask::RealBackfill => {}
            Ask::Scd2Backfill => {
                self.scd2_error = None;
                self.status = "Backfilling SCD2: rewinding, then replaying day after day…".into();
            }
            Ask::Bug => self.status = "Checking the metric…".into(),
        }
    }

    fn replied(&mut self, ask: Ask, reply: Reply) {
        let answer = match reply {
            Reply::Progress { done, total, step } => {
                self.status = format!("Building the social network: day {done} of {total}");
                self.progress = Some(Progress { done, total, step });
                return;
            }
            Reply::Answer(answer) => answer,
            // The restart notice says why; the asker only stops waiting.
            Reply::Lost(_) => {
                self.pending = self.pending.saturating_sub(1);
                self.progress = None;
                if ask == Ask::RealBackfill {
                    self.real_running = false;
                }
                return;
            }
        };
        self.pending = self.pending.saturating_sub(1);
        if matches!(
            answer,
            Response::Query(_)
                | Response::Plan(_)
                | Response::Compared(_)
                | Response::Simulated(_)
                | Response::Error(_)
        ) {
            self.answers += 1;
        }
        if let Response::Error(e) = answer {
            self.failed(ask, e);
            return;
        }
        match (ask, answer) {
            (_, Response::Loaded { summary, catalog }) => {
                self.catalog = catalog;
                self.ready = true;
                self.progress = None;
                if !summary.is_empty() {
                    self.status = format!("Ready: {summary}");
                }
            }
            (_, Response::Query(result)) => {
                self.status = format!("Query finished in {}", millis(result.metrics.elapsed_ms));
                self.result = Some(result);
                self.explained = None;
            }
            (_, Response::Plan(plan)) => {
                self.status = "Plan ready (not run)".into();
                self.explained = Some(plan);
            }
            (Ask::Compare { scenario, request }, Response::Compared(comparison)) => {
                self.status = "Comparison finished".into();
                self.comparison = Some(CompareAnswer { scenario, request, comparison });
            }
            (_, Response::CohortGrowth(series)) => self.cohort = Some(series),
            (_, Response::HistoryCost(cost)) => self.history_cost = Some(cost),
            (_, Response::Simulated(simulation)) => {
                self.status = "Simulation finished".into();
                self.simulation = Some(simulation);
                self.simulations += 1;
            }
            (_, Response::Exported(_)) => self.status = "Backfilling for real: starting the workers…".into(),
            (_, Response::Stored { partitions, identical }) => {
                self.real_running = false;
                self.real_stored = Some((partitions, identical));
                self.status = "Backfill stored".into();
            }
            (_, Response::Bug(report)) => {
                self.status = "Metric checked".into();
                self.bug = Some(report);
            }
            (_, Response::Scd2Backfilled(report)) => {
                self.status = "SCD2 backfill finished".into();
                self.scd2_backfill = Some(report);
            }
            (_, Response::Catalog(catalog)) => self.catalog = catalog,
            _ => {}
        }
    }

    fn failed(&mut self, ask: Ask, e: EngineError) {
        self.status = "The last request failed".into();
        self.progress = None;
        match ask {
            Ask::Load | Ask::Bug => self.error = Some((e, String::new())),
            Ask::Query { sql } => self.error = Some((e, sql)),
            Ask::Compare { .. } | Ask::Chart => self.compare_error = Some(e),
            Ask::Simulate => self.simulation_error = Some(e),
            Ask::RealBackfill => {
                self.real_running = false;
                self.real_error = Some(e.message);
            }
            Ask::Scd2Backfill => self.scd2_error = Some(e.message),
        }
    }

    fn runner(&mut self, event: RunnerEvent) {
        match event {
            RunnerEvent::Started => {
                self.real_running = true;
                self.real_error = None;
                self.real_stored = None;
                self.real_progress = None;
                self.real_live = None;
                self.status = "Backfilling for real: exporting the raw partitions…".into();
            }
            RunnerEvent::Progress(live) => {
                self.status = format!("Backfilling for real: {} of {} tasks", live.done, live.total);
                self.real_progress = Some((live.done, live.total));
                self.real_live = Some(live);
            }
            RunnerEvent::Finished(report, _) => {
                self.status = "Backfill finished; storing the partitions…".into();
                let tasks = report.tasks();
                self.real_progress = Some((tasks, tasks));
                self.real_live = None;
                self.real_reports.push(report);
            }
            RunnerEvent::Failed(message) => {
                self.real_running = false;
                self.status = "The backfill failed".into();
                self.real_error = Some(message);
            }
        }
    }

    fn life(&mut self, event: EngineEvent) {
        match event {
            EngineEvent::Catalog(catalog) => self.catalog = catalog,
            EngineEvent::Restarting { reason } => {
                self.answers += 1;
                self.ready = false;
                self.progress = None;
                self.status = "Restarting the engine…".into();
                self.notice = Some(format!("{reason}. Restarting the engine and loading the warehouse back…"));
            }
            EngineEvent::Restarted { restarted: r, catalog } => {
                self.ready = true;
                // What the new engine holds; with nothing restored, it holds nothing yet.
                self.catalog = catalog.unwrap_or_default();
                self.stopped = None;
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
                self.real_running = false;
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
            Action::Asked(ask) => s.asked(ask),
            Action::Replied(ask, reply) => s.replied(ask, reply),
            Action::Runner(event) => s.runner(event),
            Action::Life(event) => s.life(event),
        }
        Rc::new(s)
    }
}
