//! Messages behind the compare view's charts: what history costs in storage as days
//! accumulate, what a point-in-time lookup costs in each model, and the fast growers'
//! follower counts over time.

use serde::{Deserialize, Serialize};

/// Storage of each history model after one day's build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoragePoint {
    /// The day just built.
    pub ds: String,
    /// All datestamped partitions so far (`dim_*` tables).
    pub datestamped_bytes: u64,
    /// The SCD2 tables as that day's merges left them.
    pub scd2_bytes: u64,
    /// The overwritten SCD1 table.
    pub scd1_bytes: u64,
}

/// One model's point-in-time lookup, timed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LookupCost {
    /// Which model, e.g. "Datestamps".
    pub model: String,
    /// The lookup as it ran.
    pub sql: String,
    /// Median over the runs, in milliseconds.
    pub median_ms: f64,
    /// Bytes the scans fetched.
    pub bytes_scanned: u64,
    /// Rows the scans produced.
    pub rows_scanned: u64,
}

/// The cost of history, for the storage and lookup charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryCost {
    /// One point per day built, in order.
    pub growth: Vec<StoragePoint>,
    /// The same lookup in every model.
    pub lookups: Vec<LookupCost>,
}

/// One user's follower count per day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowerSeries {
    /// The user.
    pub user_id: i64,
    /// `(ds, followers)` in date order.
    pub points: Vec<(String, i64)>,
}
