//! The compare gallery: pairs of queries shown side by side, with the verdict each pair
//! is meant to reach. The honest pairs ask one question of both history models and
//! agree; each SCD2 pitfall sets a subtly wrong SCD2 query next to the right one and
//! disagrees.

use crate::Question;

/// What comparing a scenario's two results should show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Both sides return the same multiset of rows.
    Identical,
    /// The sides differ: a pitfall at work.
    Differ,
}

/// Two queries to run side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// Stable identifier, used in URLs.
    pub id: &'static str,
    /// Gallery title.
    pub title: &'static str,
    /// What it shows, in plain words.
    pub explanation: &'static str,
    /// Label of the left pane.
    pub left_label: &'static str,
    /// Left query.
    pub left_sql: &'static str,
    /// Label of the right pane.
    pub right_label: &'static str,
    /// Right query.
    pub right_sql: &'static str,
    /// The verdict the scenario demonstrates.
    pub expect: Expect,
}

impl Scenario {
    /// A catalog question, datestamps on the left and SCD2 on the right.
    fn from_question(q: Question) -> Self {
        Self {
            id: q.id,
            title: q.title,
            explanation: q.explanation,
            left_label: "Datestamps",
            left_sql: q.datestamp_sql,
            right_label: "SCD2",
            right_sql: q.scd2_sql,
            expect: Expect::Identical,
        }
    }
}

const AS_OF_RIGHT: &str = "SELECT user_id, followers
FROM dim_users_scd2
WHERE valid_from <= DATE '{{ date }}'
  AND (valid_to > DATE '{{ date }}' OR valid_to IS NULL)";

/// Each user's followers and device on the date, from SCD2: both joins tested as of it.
pub const DEVICES_AS_OF_SCD2: &str = "SELECT u.user_id, u.followers, d.device
FROM dim_users_scd2 u
JOIN dim_devices_scd2 d ON d.user_id = u.user_id
  AND d.valid_from <= DATE '{{ date }}'
  AND (d.valid_to > DATE '{{ date }}' OR d.valid_to IS NULL)
WHERE u.valid_from <= DATE '{{ date }}'
  AND (u.valid_to > DATE '{{ date }}' OR u.valid_to IS NULL)";

/// The same from the datestamped tables: one `ds` on both sides.
pub const DEVICES_AS_OF_DATESTAMPS: &str = "SELECT u.user_id, u.followers, d.device
FROM dim_users u
JOIN dim_devices d ON d.user_id = u.user_id AND d.ds = u.ds
WHERE u.ds = '{{ date }}'";

/// Every scenario, in gallery order.
pub fn all() -> Vec<Scenario> {
    let mut out: Vec<Scenario> = crate::all().into_iter().map(Scenario::from_question).collect();
    out.push(Scenario {
        id: "cost_of_history",
        title: "The cost of history",
        explanation: "Snapshots store every unchanged row again every day, so their storage \
grows with days × rows, while SCD2 grows only with changes. A lookup of one day reads one \
small partition of the snapshots, but SCD2 scans the whole table and filters the ranges. \
The charts show both costs, measured in this warehouse.",
        left_label: "Datestamps",
        left_sql: crate::history_cost::POINT_IN_TIME[0].sql,
        right_label: "SCD2",
        right_sql: crate::history_cost::POINT_IN_TIME[1].sql,
        expect: Expect::Identical,
    });
    out.push(Scenario {
        id: "scd1_cannot_answer",
        title: "SCD1 has forgotten the past",
        explanation: "Every user's followers on the as-of date. The datestamped table answers \
from that day's partition. The overwritten SCD1 table has no date to filter on: it returns \
today's counts whatever date is asked, so every user whose count changed since shows up \
in the diff. Ask about today and the two agree.",
        left_label: "Datestamps",
        left_sql: "SELECT user_id, followers
FROM dim_users
WHERE ds = '{{ date }}'",
        right_label: "SCD1 (no history)",
        right_sql: "SELECT user_id, followers
FROM dim_users_current -- no date to filter on",
        expect: Expect::Differ,
    });
    out.push(Scenario {
        id: "pitfall_inclusive_between",
        title: "Pitfall: an inclusive upper bound",
        explanation: "valid_to is exclusive: a version closed on a day is no longer true that \
day. Comparing with >= (as BETWEEN valid_from AND valid_to does) counts both the old and \
the new version of every user who changed on that day.",
        left_label: "SCD2 done right",
        left_sql: AS_OF_RIGHT,
        right_label: "SCD2 with valid_to inclusive",
        right_sql: "SELECT user_id, followers
FROM dim_users_scd2
WHERE valid_from <= DATE '{{ date }}'
  AND (valid_to >= DATE '{{ date }}' OR valid_to IS NULL) -- should be >",
        expect: Expect::Differ,
    });
    out.push(Scenario {
        id: "pitfall_forgotten_null",
        title: "Pitfall: forgetting valid_to IS NULL",
        explanation: "Current versions have no end date. A range test without `OR valid_to IS \
NULL` silently drops every user whose latest version is still open on the date.",
        left_label: "SCD2 done right",
        left_sql: AS_OF_RIGHT,
        right_label: "SCD2 without IS NULL",
        right_sql: "SELECT user_id, followers
FROM dim_users_scd2
WHERE valid_from <= DATE '{{ date }}'
  AND valid_to > DATE '{{ date }}' -- current rows have valid_to NULL",
        expect: Expect::Differ,
    });
    out.push(Scenario {
        id: "pitfall_missing_as_of",
        title: "Pitfall: one join without its as-of predicate",
        explanation: "The device of each user on the date, joined to their followers on that \
date. Leave the as-of test off the devices join and every device the user ever had joins \
in: rows from different points in time, mixed.",
        left_label: "SCD2 done right",
        left_sql: DEVICES_AS_OF_SCD2,
        right_label: "SCD2, devices joined without as-of",
        right_sql: "SELECT u.user_id, u.followers, d.device
FROM dim_users_scd2 u
JOIN dim_devices_scd2 d ON d.user_id = u.user_id -- every version of the device
WHERE u.valid_from <= DATE '{{ date }}'
  AND (u.valid_to > DATE '{{ date }}' OR u.valid_to IS NULL)",
        expect: Expect::Differ,
    });
    out.push(Scenario {
        id: "pitfall_botched_backfill",
        title: "Pitfall: ranges damaged by a botched backfill",
        explanation: "A backfill rewrote one day and left the versions it should have closed \
open. From that day on, users who changed then have two overlapping versions, and an \
as-of query counts them twice. Nothing errors; the numbers are just wrong.",
        left_label: "dim_users_scd2",
        left_sql: AS_OF_RIGHT,
        right_label: "dim_users_scd2_botched",
        right_sql: "SELECT user_id, followers
FROM dim_users_scd2_botched
WHERE valid_from <= DATE '{{ date }}'
  AND (valid_to > DATE '{{ date }}' OR valid_to IS NULL)",
        expect: Expect::Differ,
    });
    out.push(Scenario {
        id: "validity_check",
        title: "The validity check that catches it",
        explanation: "Per key, versions must not overlap, only the last may be open, is_current \
must say whether a version is open, and at most one may be current (none once the account is \
gone; a gap is fine: the account was away). This check lists every key that breaks a rule: \
none in the healthy table, every damaged user in the botched one.",
        left_label: "dim_users_scd2",
        left_sql: validity_check!("dim_users_scd2"),
        right_label: "dim_users_scd2_botched",
        right_sql: validity_check!("dim_users_scd2_botched"),
        expect: Expect::Differ,
    });
    out
}

/// The SCD2 validity check on one table: every key whose versions overlap, stay open
/// before the last one, are flagged current when closed (or the reverse), or have more
/// than one current row. Gaps and keys with no current row are allowed: accounts leave
/// and come back.
macro_rules! validity_check {
    ($table:literal) => {
        concat!(
            "SELECT user_id, count(*) AS broken_versions
FROM (
  SELECT user_id, valid_from, valid_to, is_current,
         lead(valid_from) OVER (PARTITION BY user_id ORDER BY valid_from, valid_to) AS next_from,
         sum(CASE WHEN is_current THEN 1 ELSE 0 END) OVER (PARTITION BY user_id) AS current_rows
  FROM ",
            $table,
            "
)
WHERE current_rows > 1
   OR (next_from IS NOT NULL AND (valid_to IS NULL OR valid_to > next_from))
   OR is_current <> (valid_to IS NULL)
GROUP BY user_id
ORDER BY user_id"
        )
    };
}
use validity_check;

/// The scenario with this id.
pub fn by_id(id: &str) -> Option<Scenario> {
    all().into_iter().find(|s| s.id == id)
}
