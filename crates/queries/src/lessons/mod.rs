//! Guided lessons: the argument for datestamps walked through in order. Each step is a
//! short text, and where it helps a query to run, two to compare, an exercise to check,
//! or a simulated backfill. Plain text, no engine: the page runs them.
//!
//! SQL uses the catalog's placeholders (`{{ date }}`, `{{ today }}`, …; see
//! [`crate::render`]). A lesson and step are named in URLs as `?lesson=<id>&step=<n>`,
//! `n` counted from 1 as on screen.

mod backfills;
pub mod check;
mod history;
pub mod progress;
mod retention;

use playground_protocol::{FailurePlan, Scd2Policy, SimulationRequest};

/// One lesson: steps read in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    /// Stable identifier, used in URLs and in saved progress.
    pub id: &'static str,
    /// Menu title.
    pub title: &'static str,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step of a lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Stable identifier within the lesson, kept in saved progress.
    pub id: &'static str,
    /// Heading.
    pub title: &'static str,
    /// What to read: paragraphs separated by blank lines.
    pub text: &'static str,
    /// What to do.
    pub activity: Activity,
}

/// What a step asks the learner to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Activity {
    /// Run this query (the learner may edit it).
    Query(&'static str),
    /// Run two queries and see whether their results agree.
    Compare {
        /// Left label.
        left_label: &'static str,
        /// Left query.
        left_sql: &'static str,
        /// Right label.
        right_label: &'static str,
        /// Right query.
        right_sql: &'static str,
    },
    /// Edit a query until its result is the expected one.
    Exercise(Exercise),
    /// Simulate a backfill of both models.
    Backfill(BackfillPreset),
    /// Go and do it in the Backfill lab, where the real thing lives.
    BackfillLab {
        /// The button's label.
        label: &'static str,
    },
}

/// A query to fix, checked by comparing its result with the expected one as multisets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// What the learner starts from.
    pub starter_sql: &'static str,
    /// A query that returns the right answer, written another way where possible (so
    /// the check does not just compare a text with itself).
    pub expected_sql: &'static str,
    /// One fix of the starter. Shown on request, and the tests check it passes.
    pub solution_sql: &'static str,
    /// A hint shown on request.
    pub hint: &'static str,
}

/// A simulated backfill's settings, the article's numbers where it gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackfillPreset {
    /// Days backfilled.
    pub days: u32,
    /// Tasks that may run at once.
    pub workers: u32,
    /// A day (counted from 1, as in the text) whose task fails once.
    pub failing_day: Option<u32>,
    /// Whether SCD2 starts over from the first day after a failure, instead of resuming.
    pub start_over: bool,
}

impl BackfillPreset {
    /// The simulation this step runs.
    ///
    /// ```
    /// use playground_protocol::FailurePlan;
    /// use playground_queries::lessons::BackfillPreset;
    /// let p = BackfillPreset { days: 30, workers: 30, failing_day: Some(18), start_over: true };
    /// assert_eq!(p.request().failures, FailurePlan::OnDay(17));
    /// ```
    pub fn request(&self) -> SimulationRequest {
        SimulationRequest {
            days: self.days,
            concurrency: self.workers,
            seed: 1,
            failures: match self.failing_day {
                Some(day) => FailurePlan::OnDay(day.saturating_sub(1)),
                None => FailurePlan::None,
            },
            policy: if self.start_over { Scd2Policy::StartOver } else { Scd2Policy::Resume },
        }
    }
}

/// Every lesson, in order.
pub fn all() -> Vec<Lesson> {
    vec![history::lesson(), retention::lesson(), backfills::lesson()]
}

/// The lesson with this id.
pub fn by_id(id: &str) -> Option<Lesson> {
    all().into_iter().find(|l| l.id == id)
}

/// Where a lesson link points: the lesson, and the step's index from 0. A link naming no
/// step opens the first; one naming a step that does not exist opens the first too, with
/// a message saying so. An unknown lesson is an error naming the ones there are.
///
/// ```
/// use playground_queries::lessons::locate;
/// let (lesson, step, note) = locate("history", Some("2")).unwrap();
/// assert_eq!((lesson.id, step, note), ("history", 1, None));
/// let (_, step, note) = locate("history", Some("99")).unwrap();
/// assert_eq!(step, 0);
/// assert!(note.unwrap().starts_with("There is no step 99"));
/// assert!(locate("nope", None).unwrap_err().contains("history"));
/// ```
pub fn locate(lesson: &str, step: Option<&str>) -> Result<(Lesson, usize, Option<String>), String> {
    let Some(found) = by_id(lesson) else {
        let ids: Vec<&str> = all().iter().map(|l| l.id).collect();
        return Err(format!("There is no lesson {lesson:?}. The lessons are: {}.", ids.join(", ")));
    };
    let steps = found.steps.len();
    let Some(step) = step else { return Ok((found, 0, None)) };
    match step.trim().parse::<usize>() {
        Ok(n) if (1..=steps).contains(&n) => Ok((found, n - 1, None)),
        _ => {
            let note = format!(
                "There is no step {step} in \u{201c}{}\u{201d}: it has steps 1 to {steps}. Showing step 1.",
                found.title
            );
            Ok((found, 0, Some(note)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_step_has_text() {
        let lessons = all();
        let mut ids: Vec<&str> = lessons.iter().map(|l| l.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), lessons.len());
        for l in &lessons {
            let mut steps: Vec<&str> = l.steps.iter().map(|s| s.id).collect();
            steps.sort_unstable();
            steps.dedup();
            assert_eq!(steps.len(), l.steps.len(), "step ids repeat in {}", l.id);
            for s in &l.steps {
                assert!(s.text.len() > 80, "{}/{} says too little", l.id, s.id);
            }
        }
    }

    #[test]
    fn the_argument_is_covered_in_order() {
        let titles: Vec<&str> = all().iter().flat_map(|l| l.steps.iter().map(|s| s.title)).collect();
        let wanted = [
            "SCD1",
            "SCD2",
            "forgotten",
            "WHERE ds",
            "both ways",
            "as printed",
            "30 days",
            "Day 18",
            "December",
            "Five years",
            "is_mutual",
            "Storage",
        ];
        let mut at = 0;
        for w in wanted {
            let found = titles[at..].iter().position(|t| t.contains(w));
            let Some(i) = found else { panic!("no step about {w:?} after step {at}: {titles:?}") };
            at += i + 1;
        }
    }

    #[test]
    fn step_numbers_outside_the_lesson_are_explained() {
        for bad in ["0", "-1", "x", "13.5", "100000000000000000000"] {
            let (_, step, note) = locate("backfills", Some(bad)).unwrap();
            assert_eq!(step, 0);
            let note = note.unwrap();
            assert!(note.contains(&format!("no step {bad}")) && note.contains("steps 1 to"), "{note}");
        }
        let last = by_id("backfills").unwrap().steps.len();
        assert_eq!(locate("backfills", Some(&last.to_string())).unwrap().1, last - 1);
    }
}
