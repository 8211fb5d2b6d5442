//! The cost of history: one point-in-time lookup asked of each model, and the fast
//! growers' follower counts over time.

/// One model's way of asking "every user's followers on `{{ date }}`".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointInTime {
    /// The model, as the chart labels it.
    pub model: &'static str,
    /// The lookup, with `{{ date }}`.
    pub sql: &'static str,
}

/// The lookup in each model. SCD1 cannot take a date: it always answers for today.
pub const POINT_IN_TIME: [PointInTime; 3] = [
    PointInTime {
        model: "Datestamps",
        sql: "SELECT count(*) AS users, sum(followers) AS followers
FROM dim_users
WHERE ds = '{{ date }}'",
    },
    PointInTime {
        model: "SCD2",
        sql: "SELECT count(*) AS users, sum(followers) AS followers
FROM dim_users_scd2
WHERE valid_from <= DATE '{{ date }}'
  AND (valid_to > DATE '{{ date }}' OR valid_to IS NULL)",
    },
    PointInTime {
        model: "SCD1 (today only)",
        sql: "SELECT count(*) AS users, sum(followers) AS followers
FROM dim_users_current",
    },
];

/// Every day's follower count of the retention question's cohort: under 200 followers
/// on `{{ past }}`, 1000+ on `{{ today }}`.
pub const COHORT_GROWTH_SQL: &str = "WITH cohort AS (
  SELECT now.user_id
  FROM dim_users now
  JOIN dim_users back_then ON back_then.user_id = now.user_id
  WHERE now.ds = '{{ today }}' AND now.followers >= {{ many_followers }}
    AND back_then.ds = '{{ past }}' AND back_then.followers < {{ few_followers }}
)
SELECT u.user_id, u.ds, u.followers
FROM dim_users u
JOIN cohort c ON c.user_id = u.user_id
ORDER BY u.user_id, u.ds";
