//! The engine worker's life as the page sees it, and what to do at each turn: when to
//! restore the warehouse into a new worker, when to restart it, and when to stop trying.
//! The page's engine client feeds it every event; it holds no browser types, so every
//! rule below is tested natively.
//!
//! - A new worker says `Ready`; if the page holds a warehouse image, the worker is given
//!   it ([`crate::Request::Restore`]) before any other request.
//! - A crash (or a worker error, or a worker that cannot start its engine) restarts the
//!   worker, unless the engine died [`MAX_CRASHES_IN_A_ROW`] times with no request
//!   answered in between.
//! - A crash or an error while restoring stops at once: the same image would fail again.
//!
//! ```
//! use playground_protocol::{Lifecycle, Step};
//! let mut life = Lifecycle::new();
//! assert_eq!(life.on_ready(true, 0.0), Step::Restore);
//! let restore = 1;
//! life.restoring(restore);
//! assert!(matches!(life.on_answer(restore, true, 120.0), Step::Open { .. }));
//! ```

/// Engine deaths in a row, with no request answered in between, after which the page
/// stops restarting it.
pub const MAX_CRASHES_IN_A_ROW: u32 = 3;

/// Where the worker is in its life.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Spawned; its `Ready` has not come.
    Starting,
    /// Loading the page's warehouse image, as request `id`.
    Restoring { id: u64 },
    /// Taking requests.
    Open,
    /// Given up on; nothing is sent until [`Lifecycle::reset`].
    Stopped,
}

/// What the engine client must do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Nothing.
    Wait,
    /// Send the warehouse image as a restore request, ahead of the queue, and report its
    /// id with [`Lifecycle::restoring`].
    Restore,
    /// The worker takes requests: send the queue.
    Open {
        /// Set when this ends a restart: why it restarted and how long it took.
        restarted: Option<Restarted>,
    },
    /// Replace the worker with a new one: `reason` says why.
    Respawn {
        /// Why, for the user.
        reason: String,
    },
    /// Stop the worker and tell the user; the page offers a way out.
    Stop {
        /// What happened, for the user.
        message: String,
    },
}

/// A restart that finished.
#[derive(Debug, Clone, PartialEq)]
pub struct Restarted {
    /// Why the engine restarted.
    pub reason: String,
    /// Whether a warehouse image was loaded back (false: there was nothing to restore).
    pub restored: bool,
    /// From the restart to the engine taking requests again, in milliseconds.
    pub ms: f64,
}

/// The worker's life and the restart rules. Times are milliseconds on any clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Lifecycle {
    phase: Phase,
    /// Whether deaths after `Ready` count towards the stop, not only failed starts. A
    /// pool worker is crashed on purpose and its backfill caps the attempts itself.
    count_open_deaths: bool,
    /// Deaths since a request was last answered.
    crashes: u32,
    /// The restart under way: why, and since when.
    restart: Option<(String, f64)>,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Self::new()
    }
}

impl Lifecycle {
    /// A worker just spawned for the first time.
    pub fn new() -> Self {
        Self { phase: Phase::Starting, count_open_deaths: true, crashes: 0, restart: None }
    }

    /// A backfill pool worker: only failed starts count towards the stop.
    pub fn for_pool() -> Self {
        Self { count_open_deaths: false, ..Self::new() }
    }

    /// Whether requests can be posted now (otherwise they wait in the client's queue).
    pub fn is_open(&self) -> bool {
        self.phase == Phase::Open
    }

    /// The id of the restore request under way, if one is.
    pub fn restoring_id(&self) -> Option<u64> {
        match self.phase {
            Phase::Restoring { id } => Some(id),
            _ => None,
        }
    }

    /// Whether the client gave up on the engine.
    pub fn is_stopped(&self) -> bool {
        self.phase == Phase::Stopped
    }

    /// The worker said `Ready`. `has_image`: the page holds a warehouse to give back.
    pub fn on_ready(&mut self, has_image: bool, now: f64) -> Step {
        if self.phase != Phase::Starting {
            return Step::Wait;
        }
        if has_image {
            // Not open yet: the id comes with `restoring`.
            return Step::Restore;
        }
        self.phase = Phase::Open;
        Step::Open { restarted: self.finish_restart(false, now) }
    }

    /// The restore request went out with this id.
    pub fn restoring(&mut self, id: u64) {
        self.phase = Phase::Restoring { id };
    }

    /// A final answer to request `id` arrived; `ok` is false for an error.
    pub fn on_answer(&mut self, id: u64, ok: bool, now: f64) -> Step {
        if self.phase == (Phase::Restoring { id }) {
            if !ok {
                return self.stop("the warehouse could not be loaded back into the restarted engine".into());
            }
            self.phase = Phase::Open;
            return Step::Open { restarted: self.finish_restart(true, now) };
        }
        // The engine answered a request: it is not crash-looping.
        self.crashes = 0;
        Step::Wait
    }

    /// The restore was answered with this error: say it, then stop.
    pub fn restore_failed(&mut self, why: &str) -> Step {
        self.stop(format!("the warehouse could not be loaded back into the restarted engine: {why}"))
    }

    /// The engine died: it panicked (`Crashed`), the worker raised an error, or it could
    /// not start its engine (`Unavailable`).
    pub fn on_death(&mut self, why: &str, now: f64) -> Step {
        match self.phase {
            Phase::Stopped => Step::Wait,
            Phase::Restoring { .. } => self.stop(format!(
                "the engine crashed while the warehouse was being loaded back ({why}); loading it again would crash again"
            )),
            Phase::Starting | Phase::Open => {
                let starting = self.phase == Phase::Starting;
                if starting || self.count_open_deaths {
                    self.crashes += 1;
                }
                if self.crashes >= MAX_CRASHES_IN_A_ROW {
                    return self.stop(if starting {
                        format!("the engine failed to start {MAX_CRASHES_IN_A_ROW} times in a row and was stopped (last: {why})")
                    } else {
                        format!(
                            "the engine crashed {MAX_CRASHES_IN_A_ROW} times in a row with no request answered in \
                             between (last: {why}), so it was stopped instead of restarted again"
                        )
                    });
                }
                self.respawn(format!("the engine {} ({why})", if starting { "could not start" } else { "crashed" }), now)
            }
        }
    }

    /// The user stopped what the engine was doing (Cancel): replace the worker.
    pub fn cancel(&mut self, reason: &str, now: f64) -> Step {
        if self.phase == Phase::Stopped {
            return Step::Wait;
        }
        self.respawn(reason.to_string(), now)
    }

    /// The user chose a way out after a stop: start over with a new worker.
    pub fn reset(&mut self, reason: &str, now: f64) -> Step {
        self.crashes = 0;
        self.respawn(reason.to_string(), now)
    }

    fn respawn(&mut self, reason: String, now: f64) -> Step {
        self.phase = Phase::Starting;
        // A restart during a restart keeps the first one's clock.
        let started = self.restart.as_ref().map_or(now, |(_, t)| *t);
        self.restart = Some((reason.clone(), started));
        Step::Respawn { reason }
    }

    fn stop(&mut self, message: String) -> Step {
        self.phase = Phase::Stopped;
        self.restart = None;
        Step::Stop { message }
    }

    fn finish_restart(&mut self, restored: bool, now: f64) -> Option<Restarted> {
        self.restart.take().map(|(reason, started)| Restarted { reason, restored, ms: now - started })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A worker that starts and takes requests, with or without an image to restore.
    fn open(life: &mut Lifecycle, has_image: bool, restore_id: u64, now: f64) -> Step {
        match life.on_ready(has_image, now) {
            Step::Restore => {
                life.restoring(restore_id);
                life.on_answer(restore_id, true, now)
            }
            step => step,
        }
    }

    #[test]
    fn a_first_start_opens_without_a_restart_to_report() {
        let mut life = Lifecycle::new();
        assert!(!life.is_open());
        assert_eq!(life.on_ready(false, 5.0), Step::Open { restarted: None });
        assert!(life.is_open());
    }

    #[test]
    fn a_cancel_restores_the_image_then_opens_and_times_the_restart() {
        let mut life = Lifecycle::new();
        open(&mut life, false, 0, 0.0);
        assert_eq!(life.cancel("Query cancelled", 100.0), Step::Respawn { reason: "Query cancelled".into() });
        assert!(!life.is_open(), "requests wait until the warehouse is back");
        assert_eq!(life.on_ready(true, 700.0), Step::Restore);
        life.restoring(9);
        assert_eq!(life.restoring_id(), Some(9));
        assert!(!life.is_open(), "the restore goes first");
        let step = life.on_answer(9, true, 1100.0);
        assert_eq!(
            step,
            Step::Open { restarted: Some(Restarted { reason: "Query cancelled".into(), restored: true, ms: 1000.0 }) }
        );
        assert_eq!(life.restoring_id(), None);
    }

    // Bug 1: a crash during start-up restarted forever, because `Ready` reset the count.
    #[test]
    fn crashes_at_start_up_stop_after_three_even_when_each_worker_said_ready() {
        let mut life = Lifecycle::new();
        for _ in 0..MAX_CRASHES_IN_A_ROW - 1 {
            assert!(matches!(life.on_ready(false, 0.0), Step::Open { .. }));
            assert!(matches!(life.on_death("boom", 0.0), Step::Respawn { .. }));
        }
        life.on_ready(false, 0.0);
        match life.on_death("boom", 0.0) {
            Step::Stop { message } => {
                assert!(message.contains("crashed 3 times in a row") && message.contains("boom"), "{message}")
            }
            other => panic!("expected a stop, got {other:?}"),
        }
        assert!(life.is_stopped());
        assert_eq!(life.on_ready(false, 0.0), Step::Wait, "a stopped engine stays stopped");
        assert_eq!(life.cancel("Query cancelled", 0.0), Step::Wait);
    }

    // Bug 1: a deterministic crash while loading the warehouse back would loop forever.
    #[test]
    fn a_crash_while_restoring_stops_at_once() {
        let mut life = Lifecycle::new();
        open(&mut life, false, 0, 0.0);
        life.cancel("Query cancelled", 0.0);
        assert_eq!(life.on_ready(true, 0.0), Step::Restore);
        life.restoring(4);
        match life.on_death("stack overflow", 0.0) {
            Step::Stop { message } => assert!(message.contains("loaded back") && message.contains("stack overflow")),
            other => panic!("expected a stop, got {other:?}"),
        }
    }

    // Bug 2: a worker that could not start its engine never said Ready; now it counts
    // as a death, and three stop.
    #[test]
    fn a_worker_that_cannot_start_its_engine_is_retried_then_stopped() {
        let mut life = Lifecycle::new();
        assert!(matches!(life.on_death("no memory", 0.0), Step::Respawn { .. }));
        assert!(matches!(life.on_death("no memory", 0.0), Step::Respawn { .. }));
        match life.on_death("no memory", 0.0) {
            Step::Stop { message } => assert!(message.contains("failed to start 3 times"), "{message}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_pool_worker_restarts_after_every_crash_but_not_after_failed_starts() {
        let mut life = Lifecycle::for_pool();
        open(&mut life, false, 0, 0.0);
        for _ in 0..10 {
            assert!(matches!(life.on_death("injected failure", 0.0), Step::Respawn { .. }));
            assert!(matches!(open(&mut life, false, 0, 0.0), Step::Open { .. }));
        }
        let mut life = Lifecycle::for_pool();
        life.on_death("script", 0.0);
        life.on_death("script", 0.0);
        assert!(matches!(life.on_death("script", 0.0), Step::Stop { .. }));
    }

    // Bug 6: "Reloaded" was shown even when a replayed load failed.
    #[test]
    fn a_restore_that_fails_stops_with_its_reason_instead_of_reporting_success() {
        let mut life = Lifecycle::new();
        open(&mut life, false, 0, 0.0);
        life.cancel("Query cancelled", 0.0);
        life.on_ready(true, 0.0);
        life.restoring(2);
        assert!(matches!(life.on_answer(2, false, 0.0), Step::Stop { .. }));
        assert!(life.is_stopped());
        match Lifecycle::new().restore_failed("bad parquet") {
            Step::Stop { message } => assert!(message.contains("bad parquet")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_answered_request_clears_the_count_so_rare_crashes_always_restart() {
        let mut life = Lifecycle::new();
        for round in 0..10 {
            assert!(matches!(open(&mut life, round > 0, 100 + round, 0.0), Step::Open { .. }));
            life.on_answer(round, true, 0.0);
            assert!(matches!(life.on_death("one bad query", 0.0), Step::Respawn { .. }), "round {round}");
        }
    }

    #[test]
    fn crashing_queries_in_a_row_stop_after_three_even_with_successful_restores() {
        let mut life = Lifecycle::new();
        open(&mut life, false, 0, 0.0);
        for round in 0..MAX_CRASHES_IN_A_ROW {
            let step = life.on_death("engine_panic", 0.0);
            if round + 1 < MAX_CRASHES_IN_A_ROW {
                assert!(matches!(step, Step::Respawn { .. }));
                open(&mut life, true, 50 + u64::from(round), 0.0);
            } else {
                assert!(matches!(step, Step::Stop { .. }));
            }
        }
        assert!(matches!(life.reset("Reset to the default warehouse", 0.0), Step::Respawn { .. }));
        assert!(matches!(open(&mut life, false, 0, 1.0), Step::Open { restarted: Some(_) }));
    }

    #[test]
    fn a_restart_during_a_restart_is_timed_from_the_first() {
        let mut life = Lifecycle::new();
        open(&mut life, false, 0, 0.0);
        life.cancel("Query cancelled", 10.0);
        life.on_death("worker error", 20.0);
        match open(&mut life, true, 3, 510.0) {
            Step::Open { restarted: Some(r) } => {
                assert_eq!((r.ms, r.reason.as_str()), (500.0, "the engine could not start (worker error)"))
            }
            other => panic!("{other:?}"),
        }
    }
}
