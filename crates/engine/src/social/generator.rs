//! The simulated production database of a social network, snapshotted once a day.
//!
//! Four raw tables, as a nightly copy from production would land them:
//! `users` (follower counts), `devices` (each user's primary device), `relationships`
//! (who follows whom, and whether it is mutual) are full snapshots; `post_views` holds
//! that day's views only, like a log. Changes are sparse: on a typical day about 3% of
//! users gain or lose followers, a handful switch device and a few follows become or
//! stop being mutual. A cohort of fast growers goes from under 200 followers to 1000+
//! in the last three months, so the playground's retention question has answers.

use std::sync::Arc;

use chrono::NaiveDate;
use datafusion::arrow::array::{BooleanArray, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::error::Result;
use playground_protocol::SocialParams;

/// People each user follows (fast growers follow more).
pub const FOLLOWS_PER_USER: usize = 3;
const FAST_GROWER_FOLLOWS: usize = 8;
/// Days before the last one when fast growers start to grow ("three months ago").
pub const GROWTH_DAYS: u32 = 92;
const DEVICES: [&str; 4] = ["ios", "android", "web", "desktop"];

/// How a user's follower count moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cohort {
    /// Under 200 followers until three months before the end, then 1000+ by the end.
    FastGrower,
    /// Gains a few followers now and then.
    SteadyGrower,
    /// Loses a few followers now and then.
    Decliner,
    /// Changes rarely, up or down.
    Stable,
}

/// The production database on one day.
#[derive(Debug, Clone)]
pub struct DaySnapshot {
    /// `YYYY-MM-DD`.
    pub ds: String,
    /// `users(user_id, followers)`.
    pub users: RecordBatch,
    /// `devices(user_id, device)`.
    pub devices: RecordBatch,
    /// `relationships(user_id, friend_id, is_mutual)`.
    pub relationships: RecordBatch,
    /// `post_views(post_id, viewer_id, poster_id)`: that day's views.
    pub post_views: RecordBatch,
}

/// Deterministic randomness: a SplitMix64 hash of the seed and a few coordinates, so
/// every choice is reproducible on every platform.
fn hash(seed: u64, a: u64, b: u64, c: u64) -> u64 {
    let mut z = seed
        ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ c.wrapping_mul(0x1656_67B1_9E37_79F9);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform number in `[0, 1)`.
fn unit(seed: u64, a: u64, b: u64, c: u64) -> f64 {
    (hash(seed, a, b, c) >> 11) as f64 / (1u64 << 53) as f64
}

// Salts keep the random streams of different decisions apart.
const COHORT: u64 = 1;
const START_FOLLOWERS: u64 = 2;
const CHANGE: u64 = 3;
const STEP: u64 = 4;
const DEVICE: u64 = 5;
const SWITCH: u64 = 6;
const FRIEND: u64 = 7;
const MUTUAL: u64 = 8;
const FLIP: u64 = 9;
const VIEWS: u64 = 10;
const TARGET: u64 = 11;

/// The generator's running state: production as of the latest day generated.
pub struct Generator {
    params: SocialParams,
    start: NaiveDate,
    day: u32,
    cohorts: Vec<Cohort>,
    followers: Vec<i64>,
    targets: Vec<i64>,
    devices: Vec<usize>,
    /// (user, friend) pairs, sorted, each with its mutual flag.
    follows: Vec<(i64, i64)>,
    mutual: Vec<bool>,
}

impl Generator {
    /// A generator at the first day. `params` must have passed [`super::validate`].
    pub fn new(params: &SocialParams, start: NaiveDate) -> Self {
        let seed = params.seed;
        let n = params.users as u64;
        let cohorts: Vec<Cohort> = (0..n)
            .map(|u| {
                let r = unit(seed, COHORT, u, 0);
                if r < params.fast_growers {
                    Cohort::FastGrower
                } else if r < params.fast_growers + params.steady_growers {
                    Cohort::SteadyGrower
                } else if r < params.fast_growers + params.steady_growers + params.decliners {
                    Cohort::Decliner
                } else {
                    Cohort::Stable
                }
            })
            .collect();
        let followers = (0..n)
            .map(|u| {
                let r = hash(seed, START_FOLLOWERS, u, 0);
                match cohorts[u as usize] {
                    Cohort::FastGrower => 40 + (r % 140) as i64,
                    // A long tail: most accounts are small, a few are large.
                    _ => {
                        let x = unit(seed, START_FOLLOWERS, u, 1);
                        (20.0 + 3000.0 * x * x * x) as i64 + (r % 20) as i64
                    }
                }
            })
            .collect();
        let targets = (0..n).map(|u| 1050 + (hash(seed, TARGET, u, 0) % 1500) as i64).collect();
        let devices = (0..n)
            .map(|u| {
                let r = unit(seed, DEVICE, u, 0);
                if r < 0.45 {
                    0
                } else if r < 0.85 {
                    1
                } else if r < 0.95 {
                    2
                } else {
                    3
                }
            })
            .collect();
        let mut follows = Vec::new();
        for u in 0..n {
            let k = match cohorts[u as usize] {
                Cohort::FastGrower => FAST_GROWER_FOLLOWS,
                _ => FOLLOWS_PER_USER,
            };
            let mut friends: Vec<i64> = Vec::with_capacity(k);
            let mut attempt = 0;
            while friends.len() < k && attempt < 10 * k as u64 {
                let f = (hash(seed, FRIEND, u, attempt) % n) as i64;
                attempt += 1;
                if f != u as i64 && !friends.contains(&f) {
                    friends.push(f);
                }
            }
            follows.extend(friends.into_iter().map(|f| (u as i64 + 1, f + 1)));
        }
        follows.sort_unstable();
        let mutual = follows.iter().map(|&(u, f)| unit(seed, MUTUAL, u as u64, f as u64) < 0.4).collect();
        Self { params: params.clone(), start, day: 0, cohorts, followers, targets, devices, follows, mutual }
    }

    /// The cohort of a user (1-based id).
    pub fn cohort(&self, user_id: i64) -> Option<Cohort> {
        self.cohorts.get(usize::try_from(user_id - 1).ok()?).copied()
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
        self.advance();
        Ok(snapshot)
    }

    /// Applies one day of change to production.
    fn advance(&mut self) {
        let seed = self.params.seed;
        let day = u64::from(self.day);
        let growth_start = self.params.days.saturating_sub(GROWTH_DAYS);
        let last = self.params.days.saturating_sub(1);
        for u in 0..self.followers.len() {
            let uu = u as u64;
            let step = (hash(seed, STEP, uu, day) % 20) as i64 + 1;
            let p = unit(seed, CHANGE, uu, day);
            let f = &mut self.followers[u];
            match self.cohorts[u] {
                Cohort::FastGrower if self.day >= growth_start && self.day <= last => {
                    // Linear climb to the target by the last day, with a little noise.
                    let span = f64::from((last - growth_start).max(1));
                    let done = f64::from(self.day - growth_start) / span;
                    let planned = 190.0 + (self.targets[u] as f64 - 190.0) * done;
                    *f = (planned as i64 + (step % 7) - 3).max(*f);
                }
                Cohort::SteadyGrower if p < 0.10 => *f += step,
                Cohort::Decliner if p < 0.05 => *f = (*f - step / 2 - 1).max(0),
                Cohort::Stable if p < 0.01 => *f = (*f + step % 7 - 3).max(0),
                _ => {}
            }
            if unit(seed, SWITCH, uu, day) < 0.0005 {
                self.devices[u] = (self.devices[u] + 1 + (step as usize % 3)) % DEVICES.len();
            }
        }
        for (i, &(user, friend)) in self.follows.iter().enumerate() {
            if unit(seed, FLIP, (user as u64) << 32 | friend as u64, day) < 0.001 {
                self.mutual[i] = !self.mutual[i];
            }
        }
    }

    fn user_ids(&self) -> Int64Array {
        Int64Array::from_iter_values(1..=self.followers.len() as i64)
    }

    fn users_batch(&self) -> Result<RecordBatch> {
        Ok(RecordBatch::try_new(
            users_schema(),
            vec![Arc::new(self.user_ids()), Arc::new(Int64Array::from(self.followers.clone()))],
        )?)
    }

    fn devices_batch(&self) -> Result<RecordBatch> {
        let names: StringArray = self.devices.iter().map(|&d| Some(DEVICES[d])).collect();
        Ok(RecordBatch::try_new(devices_schema(), vec![Arc::new(self.user_ids()), Arc::new(names)])?)
    }

    fn relationships_batch(&self) -> Result<RecordBatch> {
        Ok(RecordBatch::try_new(
            relationships_schema(),
            vec![
                Arc::new(Int64Array::from_iter_values(self.follows.iter().map(|p| p.0))),
                Arc::new(Int64Array::from_iter_values(self.follows.iter().map(|p| p.1))),
                Arc::new(BooleanArray::from(self.mutual.clone())),
            ],
        )?)
    }

    /// About one view per user per day, three for fast growers; most views are of
    /// posts by someone the viewer follows. A post is one poster's post of one day.
    fn views_batch(&self) -> Result<RecordBatch> {
        let seed = self.params.seed;
        let day = u64::from(self.day);
        let n = self.followers.len() as u64;
        let (mut post, mut viewer, mut poster) = (Vec::new(), Vec::new(), Vec::new());
        let mut first_follow = 0usize;
        for u in 0..n {
            let user = u as i64 + 1;
            let mut end = first_follow;
            while end < self.follows.len() && self.follows[end].0 == user {
                end += 1;
            }
            let friends = &self.follows[first_follow..end];
            first_follow = end;
            let views = match self.cohorts[u as usize] {
                Cohort::FastGrower => 3,
                _ => (hash(seed, VIEWS, u, day) % 3) as usize, // 0, 1 or 2: one on average
            };
            for v in 0..views as u64 {
                let r = hash(seed, VIEWS, u, day * 16 + v + 1);
                let who = if !friends.is_empty() && r % 10 < 7 {
                    friends[(r / 10) as usize % friends.len()].1
                } else {
                    ((r / 10) % n) as i64 + 1
                };
                if who == user {
                    continue;
                }
                post.push(who * 10_000 + day as i64);
                viewer.push(user);
                poster.push(who);
            }
        }
        Ok(RecordBatch::try_new(
            post_views_schema(),
            vec![
                Arc::new(Int64Array::from(post)),
                Arc::new(Int64Array::from(viewer)),
                Arc::new(Int64Array::from(poster)),
            ],
        )?)
    }
}

/// `users(user_id, followers)`.
pub fn users_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("user_id", DataType::Int64, false),
        Field::new("followers", DataType::Int64, false),
    ]))
}

/// `devices(user_id, device)`.
pub fn devices_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("user_id", DataType::Int64, false),
        Field::new("device", DataType::Utf8, false),
    ]))
}

/// `relationships(user_id, friend_id, is_mutual)`.
pub fn relationships_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("user_id", DataType::Int64, false),
        Field::new("friend_id", DataType::Int64, false),
        Field::new("is_mutual", DataType::Boolean, false),
    ]))
}

/// `post_views(post_id, viewer_id, poster_id)`.
pub fn post_views_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("post_id", DataType::Int64, false),
        Field::new("viewer_id", DataType::Int64, false),
        Field::new("poster_id", DataType::Int64, false),
    ]))
}
