//! Who is on the network on which day, planned before the first day: most accounts exist
//! already, some sign up during the period; some leave, either deactivating (and maybe
//! coming back) or deleting the account for good. Fast growers neither arrive late nor
//! leave, so the retention question always has them.

use playground_protocol::SocialParams;

use super::draw::{hash, unit, COHORT, LEAVE, POPULARITY, SIGNUP};

/// Share of accounts that sign up during the period rather than before it.
const LATE_SIGNUPS: f64 = 0.15;
/// Share of accounts that leave during the period.
const LEAVERS: f64 = 0.05;
/// Share of leavers who only deactivate (and may return) rather than delete.
const DEACTIVATE: f64 = 0.6;

/// How an account's audience moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cohort {
    /// Few followers until three months before the end, then followed by a tenth of the
    /// network by the last day.
    FastGrower,
    /// Draws new followers more often than most.
    SteadyGrower,
    /// Loses followers now and then.
    Decliner,
    /// Everyone else.
    Stable,
}

/// How an account leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaving {
    /// Deactivated on the day; back on `returns` if that day is in the period.
    Deactivates { returns: u32 },
    /// Deleted for good: the account and its follows are gone.
    Deletes,
}

/// One account's plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// How its audience moves.
    pub cohort: Cohort,
    /// How likely others are to follow it (0 for fast growers: they gain by plan).
    pub popularity: f64,
    /// Day of the period it signs up on; 0 for accounts that existed before.
    pub joins: u32,
    /// Days before the first day it signed up (for accounts that existed before).
    pub age_days: u32,
    /// The day it leaves, and how.
    pub leaves: Option<(u32, Leaving)>,
}

/// Where an account stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not signed up yet.
    NotYet,
    /// On the network.
    Active,
    /// Deactivated: its row and follows are kept, hidden.
    Deactivated,
    /// Deleted: gone.
    Deleted,
}

impl Account {
    /// Its status on `day`.
    pub fn status(&self, day: u32) -> Status {
        if day < self.joins {
            return Status::NotYet;
        }
        match self.leaves {
            Some((left, Leaving::Deletes)) if day >= left => Status::Deleted,
            Some((left, Leaving::Deactivates { returns })) if day >= left && day < returns => Status::Deactivated,
            _ => Status::Active,
        }
    }
}

/// How many accounts of a share of `n` (at least one when the share is not zero).
fn count(share: f64, n: usize) -> usize {
    if share <= 0.0 {
        0
    } else {
        ((share * n as f64).round() as usize).clamp(1, n)
    }
}

/// Every account's plan, by index (user id minus one).
pub fn plan(params: &SocialParams) -> Vec<Account> {
    let seed = params.seed;
    let n = params.users as usize;
    let days = params.days;
    // Cohorts by a seeded shuffle, so each has exactly its share (and a small network
    // still has a fast grower).
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&u| hash(seed, COHORT, u as u64, 0));
    let fast = count(params.fast_growers, n);
    let steady = fast + count(params.steady_growers, n).min(n - fast);
    let declining = steady + count(params.decliners, n).min(n - steady);
    let mut cohorts = vec![Cohort::Stable; n];
    for (rank, &u) in order.iter().enumerate() {
        cohorts[u] = match rank {
            r if r < fast => Cohort::FastGrower,
            r if r < steady => Cohort::SteadyGrower,
            r if r < declining => Cohort::Decliner,
            _ => Cohort::Stable,
        };
    }
    cohorts
        .into_iter()
        .enumerate()
        .map(|(u, cohort)| {
            let uu = u as u64;
            // A heavy tail: most accounts draw few follows, a few draw a hundred times more.
            // Only + - * / here: they round the same everywhere, `powf` does not (wasm's
            // libm and glibc differ in the last bit), and the bytes must not.
            let x = unit(seed, POPULARITY, uu, 0);
            let base = 1.0 / (1.0 - 0.99 * x);
            let popularity = match cohort {
                Cohort::FastGrower => 0.0,
                Cohort::SteadyGrower => 3.0 * base,
                _ => base,
            };
            let late = cohort != Cohort::FastGrower && days > 1 && unit(seed, SIGNUP, uu, 0) < LATE_SIGNUPS;
            let joins = if late { 1 + (hash(seed, SIGNUP, uu, 1) % u64::from(days - 1)) as u32 } else { 0 };
            let age_days = 30 + (hash(seed, SIGNUP, uu, 2) % 1500) as u32;
            let leaves =
                (cohort != Cohort::FastGrower && joins + 1 < days && unit(seed, LEAVE, uu, 0) < LEAVERS).then(|| {
                    let day = joins + 1 + (hash(seed, LEAVE, uu, 1) % u64::from(days - joins - 1)) as u32;
                    let how = if unit(seed, LEAVE, uu, 2) < DEACTIVATE {
                        Leaving::Deactivates { returns: day + 3 + (hash(seed, LEAVE, uu, 3) % 25) as u32 }
                    } else {
                        Leaving::Deletes
                    };
                    (day, how)
                });
            Account { cohort, popularity, joins, age_days, leaves }
        })
        .collect()
}
