//! Which attempts of a real backfill crash their worker: the relationships task of one
//! chosen day on its first attempt, and any attempt at random with probability `p`. The
//! random draw hashes the seed with the attempt's day, pipeline and number, so a rerun
//! with the same seed crashes the same attempts whatever order the workers take them in.

use crate::daily::DATESTAMP_TABLES;
use crate::rng::{splitmix64, unit};

/// Crashes at random: each attempt with probability `p`, drawn from `seed`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RandomCrashes {
    /// Probability per attempt, 0 to 1.
    pub p: f64,
    /// Seed of the draw.
    pub seed: u64,
}

/// The failures injected into a real backfill.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CrashPlan {
    /// Day (from 0) whose relationships task crashes its worker on its first attempt.
    pub day: Option<u32>,
    /// Attempts crashed at random.
    pub random: Option<RandomCrashes>,
}

impl RandomCrashes {
    /// Reads the page's probability and seed; an empty probability means no random
    /// crashes.
    pub fn parse(p: &str, seed: &str) -> Result<Option<Self>, String> {
        let p = p.trim();
        if p.is_empty() {
            return Ok(None);
        }
        let probability = p
            .parse::<f64>()
            .ok()
            .filter(|v| (0.0..=1.0).contains(v))
            .ok_or_else(|| format!("the failure probability must be a number from 0 to 1, not {p:?}"))?;
        let seed = seed
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("the seed must be a whole number from 0 to {}, not {:?}", u64::MAX, seed.trim()))?;
        Ok(Some(RandomCrashes { p: probability, seed }))
    }

    /// Whether attempt `attempt` (from 0) of the task (`day`, `pipeline`) crashes.
    pub fn crashes(&self, day: u32, pipeline: u32, attempt: u32) -> bool {
        let key = (u64::from(day) << 32) | (u64::from(pipeline) << 16) | u64::from(attempt & 0xFFFF);
        let draw = splitmix64(splitmix64(self.seed) ^ key);
        unit(draw) < self.p
    }
}

impl CrashPlan {
    /// Whether attempt `attempt` (from 0) of the task (`day`, `pipeline`) crashes its worker.
    pub fn crashes(&self, day: u32, pipeline: u32, attempt: u32) -> bool {
        let relationships = DATESTAMP_TABLES.get(pipeline as usize).is_some_and(|p| p.table == "dim_relationships");
        let chosen = self.day == Some(day) && relationships && attempt == 0;
        chosen || self.random.is_some_and(|r| r.crashes(day, pipeline, attempt))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MAX_ATTEMPTS;

    fn crashed(r: RandomCrashes) -> Vec<(u32, u32, u32)> {
        let mut out = Vec::new();
        for day in 0..100 {
            for pipeline in 0..4 {
                for attempt in 0..MAX_ATTEMPTS {
                    if r.crashes(day, pipeline, attempt) {
                        out.push((day, pipeline, attempt));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn the_same_seed_crashes_the_same_attempts() {
        let r = RandomCrashes { p: 0.2, seed: 7 };
        assert_eq!(crashed(r), crashed(r));
        assert_ne!(crashed(r), crashed(RandomCrashes { p: 0.2, seed: 8 }));
    }

    #[test]
    fn crashes_come_at_the_asked_rate() {
        let n = 100 * 4 * MAX_ATTEMPTS as usize;
        for p in [0.05, 0.2, 0.5] {
            let got = crashed(RandomCrashes { p, seed: 42 }).len() as f64 / n as f64;
            assert!((got - p).abs() < 0.04, "p {p}: crashed {got}");
        }
        assert!(crashed(RandomCrashes { p: 0.0, seed: 1 }).is_empty());
        assert_eq!(crashed(RandomCrashes { p: 1.0, seed: 1 }).len(), n);
    }

    #[test]
    fn retries_draw_afresh() {
        // A task that crashed once is not doomed: some later attempt of it succeeds.
        let r = RandomCrashes { p: 0.3, seed: 3 };
        let first = crashed(r).into_iter().filter(|c| c.2 == 0).collect::<Vec<_>>();
        assert!(!first.is_empty());
        assert!(first.iter().any(|&(d, p, _)| !r.crashes(d, p, 1)));
    }

    #[test]
    fn the_chosen_day_crashes_its_relationships_task_once() {
        let plan = CrashPlan { day: Some(2), random: None };
        assert!(plan.crashes(2, 2, 0));
        assert!(!plan.crashes(2, 2, 1));
        assert!(!plan.crashes(2, 0, 0));
        assert!(!plan.crashes(1, 2, 0));
        assert!(!CrashPlan::default().crashes(2, 2, 0));
    }

    #[test]
    fn bad_probabilities_and_seeds_are_refused() {
        assert_eq!(RandomCrashes::parse("", "x"), Ok(None));
        assert_eq!(RandomCrashes::parse(" 0.1 ", "9"), Ok(Some(RandomCrashes { p: 0.1, seed: 9 })));
        for p in ["1.5", "-0.1", "often", "NaN"] {
            let e = RandomCrashes::parse(p, "1").unwrap_err();
            assert!(e.contains("must be a number from 0 to 1"), "{e}");
        }
        assert!(RandomCrashes::parse("0.1", "-3").unwrap_err().contains("the seed must be a whole number"));
        assert!(RandomCrashes::parse("0.1", "").unwrap_err().contains("the seed must be a whole number"));
    }
}
