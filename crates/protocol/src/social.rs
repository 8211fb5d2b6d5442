//! The generator's parameters: the social network a warehouse is built from.

use serde::{Deserialize, Serialize};

/// Parameters of the generator. Same parameters, same bytes.
///
/// ```
/// use playground_protocol::SocialParams;
/// let p = SocialParams::default();
/// assert_eq!((p.users, p.days), (10_000, 120));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SocialParams {
    /// Seed of every random choice.
    pub seed: u64,
    /// Number of users.
    pub users: u32,
    /// First snapshot day, `YYYY-MM-DD`.
    pub start: String,
    /// Number of daily snapshots.
    pub days: u32,
    /// Share of users who grow from under 200 to 1000+ followers in the last three months.
    pub fast_growers: f64,
    /// Share of users whose follower count creeps up.
    pub steady_growers: f64,
    /// Share of users who slowly lose followers.
    pub decliners: f64,
}

impl Default for SocialParams {
    /// 10,000 users over 120 days ending 2025-01-16. At about 3% of users changing per
    /// day, the SCD2 tables stay near 50k rows while the daily snapshots hold 1.2M user
    /// rows: sparse change, as in a real product, and the tradeoff the playground shows.
    fn default() -> Self {
        Self {
            seed: 42,
            users: 10_000,
            start: "2024-09-19".into(),
            days: 120,
            fast_growers: 0.003,
            steady_growers: 0.12,
            decliners: 0.05,
        }
    }
}

impl SocialParams {
    /// A small network for tests and fixtures: 200 users over 30 days.
    pub fn small() -> Self {
        Self { users: 200, days: 30, start: "2024-12-18".into(), fast_growers: 0.05, ..Self::default() }
    }
}
