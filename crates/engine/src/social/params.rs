//! Limits of the simulated social network, checked before any work starts.

use chrono::{Datelike, NaiveDate};
use playground_protocol::SocialParams;

use crate::layout::parse_ds;

/// Largest number of source rows (all days, all raw tables) we agree to build: past it
/// the warehouse (raw and datestamped copies as Parquet, plus DataFusion's working
/// memory) would not fit comfortably in one browser tab.
pub const MAX_SOURCE_ROWS: u64 = 40_000_000;
/// Longest history, in days.
pub const MAX_DAYS: u32 = 730;
/// Fewest users that still give every cohort members.
pub const MIN_USERS: u32 = 20;
/// Fewest days: history needs a day to look back to.
pub const MIN_DAYS: u32 = 2;
/// Source rows per user and day, all raw tables together (measured on the default
/// network: one user row, 1.4 devices, about 6 follows and one view).
const ROWS_PER_USER_DAY: f64 = 9.5;

/// Checks every parameter and returns the first day; the message says what to change.
///
/// ```
/// use playground_engine::protocol::SocialParams;
/// use playground_engine::social::validate;
/// assert!(validate(&SocialParams::default()).is_ok());
/// assert!(validate(&SocialParams { users: 0, ..SocialParams::default() }).is_err());
/// let late = SocialParams { start: "9999-12-01".into(), days: 40, ..SocialParams::default() };
/// assert!(validate(&late).unwrap_err().contains("past 9999-12-31"));
/// ```
pub fn validate(p: &SocialParams) -> Result<NaiveDate, String> {
    validate_with_limit(p, MAX_SOURCE_ROWS)
}

/// Like [`validate`] with another cap on source rows: a native build (the benchmark's
/// export) is not bound by a browser tab's memory.
///
/// ```
/// use playground_engine::protocol::SocialParams;
/// use playground_engine::social::validate_with_limit;
/// let big = SocialParams { users: 100_000, ..SocialParams::default() };
/// assert!(validate_with_limit(&big, 40_000_000).is_err());
/// assert!(validate_with_limit(&big, 400_000_000).is_ok());
/// ```
pub fn validate_with_limit(p: &SocialParams, max_source_rows: u64) -> Result<NaiveDate, String> {
    let start = parse_ds(&p.start).map_err(|e| format!("start date: {e}"))?;
    if p.users < MIN_USERS {
        return Err(format!("users must be at least {MIN_USERS} (got {})", p.users));
    }
    if p.days < MIN_DAYS || p.days > MAX_DAYS {
        return Err(format!("days must be between {MIN_DAYS} and {MAX_DAYS} (got {})", p.days));
    }
    for (name, share) in
        [("fast_growers", p.fast_growers), ("steady_growers", p.steady_growers), ("decliners", p.decliners)]
    {
        if !(0.0..=1.0).contains(&share) {
            return Err(format!("{name} must be a share between 0 and 1 (got {share})"));
        }
    }
    if p.fast_growers + p.steady_growers + p.decliners > 1.0 {
        return Err("fast_growers + steady_growers + decliners must not exceed 1".into());
    }
    let rows = estimated_source_rows(p);
    if rows > max_source_rows {
        return Err(format!(
            "{} users over {} days is about {rows} source rows, more than the {max_source_rows} \
             that fit in browser memory; use fewer users or days",
            p.users, p.days
        ));
    }
    // Days are written YYYY-MM-DD: a fifth digit of year is not a day the warehouse can name.
    let last = start.checked_add_days(chrono::Days::new(u64::from(p.days) - 1)).filter(|d| d.year() <= 9999);
    if last.is_none() {
        return Err(format!(
            "{} days from {} run past 9999-12-31, the last day written YYYY-MM-DD; start earlier",
            p.days, p.start
        ));
    }
    Ok(start)
}

/// Rows in all raw snapshots together: users, devices, relationships and views.
pub fn estimated_source_rows(p: &SocialParams) -> u64 {
    (f64::from(p.users) * f64::from(p.days) * ROWS_PER_USER_DAY) as u64
}
