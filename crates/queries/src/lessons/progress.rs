//! A learner's progress through the lessons: where they are in each and which steps
//! they have done. Kept by the page in local storage as a few lines of text; anything
//! unreadable there is dropped, never an error, so a damaged entry costs progress, not
//! the lesson.

use std::collections::{BTreeMap, BTreeSet};

use super::by_id;

/// Progress through every lesson.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// The lesson open last.
    pub last: Option<String>,
    /// The step open in each lesson, from 0.
    at: BTreeMap<String, usize>,
    /// Steps done, as (lesson, step id).
    done: BTreeSet<(String, String)>,
}

impl Progress {
    /// Reads stored progress, keeping only lessons and steps that exist.
    ///
    /// ```
    /// use playground_queries::lessons::progress::Progress;
    /// let mut p = Progress::default();
    /// p.open("history", 2);
    /// p.complete("history", "forgotten_predicate");
    /// let back = Progress::parse(&p.to_text());
    /// assert_eq!(back, p);
    /// assert_eq!(back.step("history"), 2);
    /// assert_eq!(Progress::parse("garbage\nat history 999\ndone nope x"), Progress::default());
    /// ```
    pub fn parse(text: &str) -> Self {
        let mut p = Self::default();
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["last", lesson] if by_id(lesson).is_some() => p.last = Some(lesson.to_string()),
                ["at", lesson, n] => {
                    let steps = by_id(lesson).map_or(0, |l| l.steps.len());
                    if let Some(n) = n.parse::<usize>().ok().filter(|&n| n < steps) {
                        p.at.insert(lesson.to_string(), n);
                    }
                }
                ["done", lesson, step] if by_id(lesson).is_some_and(|l| l.steps.iter().any(|s| s.id == *step)) => {
                    p.done.insert((lesson.to_string(), step.to_string()));
                }
                _ => {}
            }
        }
        p
    }

    /// The text [`Progress::parse`] reads back.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if let Some(l) = &self.last {
            out.push_str(&format!("last {l}\n"));
        }
        for (l, n) in &self.at {
            out.push_str(&format!("at {l} {n}\n"));
        }
        for (l, s) in &self.done {
            out.push_str(&format!("done {l} {s}\n"));
        }
        out
    }

    /// The learner is on this step (from 0) of this lesson.
    pub fn open(&mut self, lesson: &str, step: usize) {
        self.last = Some(lesson.to_string());
        self.at.insert(lesson.to_string(), step);
    }

    /// The step open in a lesson, from 0 (the first when never opened).
    pub fn step(&self, lesson: &str) -> usize {
        self.at.get(lesson).copied().unwrap_or(0)
    }

    /// The learner finished this step: ran it, or passed its check.
    pub fn complete(&mut self, lesson: &str, step: &str) {
        self.done.insert((lesson.to_string(), step.to_string()));
    }

    /// Whether this step is done.
    pub fn is_done(&self, lesson: &str, step: &str) -> bool {
        self.done.contains(&(lesson.to_string(), step.to_string()))
    }

    /// Steps done in a lesson.
    pub fn done_in(&self, lesson: &str) -> usize {
        self.done.iter().filter(|(l, _)| l == lesson).count()
    }
}
