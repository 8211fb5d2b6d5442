//! The simulated production database of a social network, moved on one day at a time.
//!
//! The follow graph is the source of truth: a user's followers are the accounts that
//! follow them, and a follow is mutual when the other account follows back. Every day
//! some accounts sign up (and follow a few others), some leave (see [`super::accounts`]),
//! some follow someone new (who often follows back), some unfollow, and decliners lose
//! followers. Fast growers are followed by almost nobody until three months before the
//! last day, then by new followers every day until a tenth of the network follows them.
//! Every choice is a hash of the seed and its coordinates, so the same parameters give
//! the same bytes on every platform.

use chrono::NaiveDate;
use datafusion::error::Result;
use playground_protocol::SocialParams;
use playground_queries::{QuestionParams, Thresholds};

use super::accounts::{plan, Account, Cohort, Status};
use super::draw::{hash, pick, unit, DECLINE, DEVICE, FOLLOW, FOLLOW_BACK, GROWTH, SWITCH, TARGET, UNFOLLOW};
use super::raw::DaySnapshot;

/// Devices, by index.
pub const DEVICES: [&str; 4] = ["android", "desktop", "ios", "web"];
/// Accounts anyone else follows on joining: 1 to this many.
const FIRST_FOLLOWS: u64 = 4;
/// Accounts a fast grower follows when the period starts.
const FAST_GROWER_FOLLOWS: usize = 8;
/// Daily chance that an active account follows someone new.
const FOLLOW_RATE: f64 = 0.006;
/// Chance that a newly followed account follows back. A third of follows end up mutual:
/// near a half, inverting `is_mutual` (the bug-fix scenario) would leave the daily count
/// of mutual follows unchanged on some days, and the bug unseen.
const FOLLOW_BACK_RATE: f64 = 0.2;
/// Daily chance that an active account unfollows someone.
const UNFOLLOW_RATE: f64 = 0.004;
/// Daily chance that a decliner loses a follower.
const DECLINE_RATE: f64 = 0.15;
/// Daily chance of a new primary device.
const SWITCH_RATE: f64 = 0.0005;
/// Share of accounts that also use a second device.
const SECOND_DEVICE: f64 = 0.4;

/// The generator's running state: production as of the current day.
pub struct Generator {
    pub(super) seed: u64,
    start: NaiveDate,
    /// The first day, in days since 1970-01-01.
    pub(super) start_epoch: i32,
    days: u32,
    pub(super) day: u32,
    pub(super) accounts: Vec<Account>,
    pub(super) status: Vec<Status>,
    /// Whom each account follows, sorted, with the day of the follow (days since 1970).
    pub(super) following: Vec<Vec<(u32, i32)>>,
    /// Who follows each account, sorted.
    followers: Vec<Vec<u32>>,
    /// Primary and secondary device of each account.
    pub(super) devices: Vec<(u8, Option<u8>)>,
    /// Running sum of popularity, to draw whom to follow.
    popularity_sum: Vec<f64>,
    /// The last day fast growers still have few followers (the question's "three months ago").
    growth_from: u32,
    /// Fast growers' followers on the first day and on the last.
    growth: Vec<Option<(usize, usize)>>,
}

impl Generator {
    /// A generator at the first day. `params` must have passed [`super::validate`].
    pub fn new(params: &SocialParams, start: NaiveDate) -> Self {
        let seed = params.seed;
        let accounts = plan(params);
        let n = accounts.len();
        let thresholds = Thresholds::for_users(params.users);
        let day = |d: u32| (start + chrono::Days::new(u64::from(d))).format("%Y-%m-%d").to_string();
        let past = QuestionParams::for_range(&day(0), &day(params.days.saturating_sub(1)), thresholds).past;
        let growth_from = (0..params.days).find(|&d| day(d) == past).unwrap_or(0);
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        let devices = (0..n as u64)
            .map(|u| {
                let r = unit(seed, DEVICE, u, 0);
                let primary = if r < 0.45 {
                    2
                } else if r < 0.85 {
                    0
                } else if r < 0.95 {
                    3
                } else {
                    1
                };
                let second = unit(seed, DEVICE, u, 1) < SECOND_DEVICE;
                (primary, second.then(|| (primary + 1 + (hash(seed, DEVICE, u, 2) % 3) as u8) % 4))
            })
            .collect();
        let mut popularity_sum = Vec::with_capacity(n);
        let mut sum = 0.0;
        for a in &accounts {
            sum += a.popularity;
            popularity_sum.push(sum);
        }
        let growth = accounts
            .iter()
            .enumerate()
            .map(|(u, a)| {
                (a.cohort == Cohort::FastGrower).then(|| {
                    let few = thresholds.few as u64;
                    let many = thresholds.many as u64;
                    let first = hash(seed, GROWTH, u as u64, 0) % few;
                    let last = many + many * (5 + hash(seed, TARGET, u as u64, 0) % 25) / 100;
                    (first as usize, (last as usize).min(n - 1))
                })
            })
            .collect();
        let mut g = Self {
            seed,
            start,
            start_epoch: (start - epoch).num_days() as i32,
            days: params.days,
            day: 0,
            status: accounts.iter().map(|a| a.status(0)).collect(),
            accounts,
            following: vec![Vec::new(); n],
            followers: vec![Vec::new(); n],
            devices,
            popularity_sum,
            growth_from,
            growth,
        };
        g.first_day();
        g
    }

    /// The cohort of a user (1-based id).
    pub fn cohort(&self, user_id: i64) -> Option<Cohort> {
        self.accounts.get(usize::try_from(user_id - 1).ok()?).map(|a| a.cohort)
    }

    /// Every account's plan, by index (user id minus one).
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// Snapshots production on the current day, then moves it on by one day.
    pub fn next_day(&mut self) -> Result<DaySnapshot> {
        let ds = (self.start + chrono::Days::new(u64::from(self.day))).format("%Y-%m-%d").to_string();
        let snapshot = DaySnapshot {
            users: self.users_batch()?,
            devices: self.devices_batch()?,
            relationships: self.relationships_batch()?,
            post_views: self.views_batch()?,
            ds,
        };
        self.day += 1;
        if self.day < self.days {
            self.advance();
        }
        Ok(snapshot)
    }

    pub(super) fn active(&self, u: usize) -> bool {
        self.status[u] == Status::Active
    }

    /// `u` follows `v` from today; false if it already did (or `u == v`).
    fn follow(&mut self, u: usize, v: usize, on: i32) -> bool {
        if u == v {
            return false;
        }
        let Err(at) = self.following[u].binary_search_by_key(&(v as u32), |f| f.0) else { return false };
        self.following[u].insert(at, (v as u32, on));
        if let Err(at) = self.followers[v].binary_search(&(u as u32)) {
            self.followers[v].insert(at, u as u32);
        }
        true
    }

    fn unfollow(&mut self, u: usize, v: usize) {
        if let Ok(at) = self.following[u].binary_search_by_key(&(v as u32), |f| f.0) {
            self.following[u].remove(at);
        }
        if let Ok(at) = self.followers[v].binary_search(&(u as u32)) {
            self.followers[v].remove(at);
        }
    }

    /// Someone for `u` to follow, drawn by popularity among active accounts `u` does not
    /// follow yet; `None` after a few misses.
    fn pick_popular(&self, u: usize, a: u64, b: u64) -> Option<usize> {
        let total = *self.popularity_sum.last()?;
        (0..16).find_map(|attempt| {
            let x = unit(self.seed, FOLLOW, a, b.wrapping_mul(31).wrapping_add(attempt)) * total;
            let v = self.popularity_sum.partition_point(|&s| s <= x).min(self.accounts.len() - 1);
            let fresh = v != u && self.following[u].binary_search_by_key(&(v as u32), |f| f.0).is_err();
            (fresh && self.active(v) && self.accounts[v].popularity > 0.0).then_some(v)
        })
    }

    /// A new follow from `u`, and maybe one back (a fast grower gains followers only by
    /// its plan).
    fn follow_someone(&mut self, u: usize, a: u64, b: u64, on: i32) {
        let Some(v) = self.pick_popular(u, a, b) else { return };
        self.follow(u, v, on);
        if self.accounts[u].cohort != Cohort::FastGrower && unit(self.seed, FOLLOW_BACK, a, b) < FOLLOW_BACK_RATE {
            self.follow(v, u, on);
        }
    }

    /// The graph on the first day: everyone there follows a few accounts, some follow
    /// back, and each fast grower has a handful of followers.
    fn first_day(&mut self) {
        let seed = self.seed;
        for u in 0..self.accounts.len() {
            if !self.active(u) {
                continue;
            }
            let k = match self.accounts[u].cohort {
                Cohort::FastGrower => FAST_GROWER_FOLLOWS,
                _ => 1 + (hash(seed, FOLLOW, u as u64, 0) % FIRST_FOLLOWS) as usize,
            };
            for i in 0..k as u64 {
                let age = self.accounts[u].age_days.max(1);
                let on = self.start_epoch - 1 - (hash(seed, FOLLOW, u as u64, 100 + i) % u64::from(age)) as i32;
                self.follow_someone(u, u as u64, 1_000_000 + i, on);
            }
        }
        for u in 0..self.accounts.len() {
            if let Some((first, _)) = self.growth[u] {
                self.gain_followers(u, first, self.start_epoch - 1);
            }
        }
    }

    /// Gives fast grower `g` new followers until `target` active accounts follow it: half
    /// the time one of the accounts it follows follows back, else anyone.
    fn gain_followers(&mut self, g: usize, target: usize, on: i32) {
        let n = self.accounts.len() as u64;
        let mut have = self.followers[g].iter().filter(|&&f| self.active(f as usize)).count();
        let day = u64::from(self.day);
        let mut attempt = 0u64;
        while have < target && attempt < 40 * target as u64 + 100 {
            let r = hash(self.seed, GROWTH, (g as u64) << 20 | day, attempt);
            attempt += 1;
            let candidate = if r % 2 == 0 && !self.following[g].is_empty() {
                self.following[g][pick(r >> 1, self.following[g].len())].0 as usize
            } else {
                ((r >> 1) % n) as usize
            };
            if self.active(candidate)
                && self.accounts[candidate].cohort != Cohort::FastGrower
                && self.follow(candidate, g, on)
            {
                have += 1;
            }
        }
    }

    /// Applies one day of change, for the day now current.
    fn advance(&mut self) {
        let (seed, day) = (self.seed, self.day);
        let today = self.start_epoch + day as i32;
        for u in 0..self.accounts.len() {
            let (before, now) = (self.status[u], self.accounts[u].status(day));
            self.status[u] = now;
            match (before, now) {
                (Status::NotYet, Status::Active) => {
                    for i in 0..1 + hash(seed, FOLLOW, u as u64, 0) % FIRST_FOLLOWS {
                        self.follow_someone(u, u as u64, u64::from(day) << 8 | i, today);
                    }
                }
                (_, Status::Deleted) if before != Status::Deleted => self.delete(u),
                _ => {}
            }
        }
        let dd = u64::from(day);
        for u in 0..self.accounts.len() {
            let uu = u as u64;
            if !self.active(u) {
                continue;
            }
            let cohort = self.accounts[u].cohort;
            if cohort != Cohort::FastGrower {
                if unit(seed, FOLLOW, uu, dd) < FOLLOW_RATE {
                    self.follow_someone(u, uu, dd << 8 | 200, today);
                }
                if unit(seed, UNFOLLOW, uu, dd) < UNFOLLOW_RATE && !self.following[u].is_empty() {
                    let v = self.following[u][pick(hash(seed, UNFOLLOW, uu, dd), self.following[u].len())].0;
                    self.unfollow(u, v as usize);
                }
            }
            if cohort == Cohort::Decliner && unit(seed, DECLINE, uu, dd) < DECLINE_RATE && !self.followers[u].is_empty()
            {
                let f = self.followers[u][pick(hash(seed, DECLINE, uu, dd), self.followers[u].len())];
                self.unfollow(f as usize, u);
            }
            if unit(seed, SWITCH, uu, dd) < SWITCH_RATE {
                let (primary, second) = self.devices[u];
                self.devices[u] = match second {
                    Some(s) => (s, Some(primary)),
                    None => ((primary + 1 + (hash(seed, SWITCH, uu, dd) % 3) as u8) % 4, Some(primary)),
                };
            }
        }
        if day > self.growth_from {
            let span = u64::from(self.days - 1 - self.growth_from).max(1);
            let done = u64::from(day - self.growth_from);
            for g in 0..self.accounts.len() {
                if let Some((first, last)) = self.growth[g] {
                    let target = first + ((last - first) as u64 * done).div_ceil(span) as usize;
                    self.gain_followers(g, target.min(last), today);
                }
            }
        }
    }

    /// A deleted account's follows go with it, both ways.
    fn delete(&mut self, u: usize) {
        for (v, _) in std::mem::take(&mut self.following[u]) {
            if let Ok(at) = self.followers[v as usize].binary_search(&(u as u32)) {
                self.followers[v as usize].remove(at);
            }
        }
        for f in std::mem::take(&mut self.followers[u]) {
            if let Ok(at) = self.following[f as usize].binary_search_by_key(&(u as u32), |x| x.0) {
                self.following[f as usize].remove(at);
            }
        }
    }
}
