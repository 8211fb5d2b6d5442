//! The retention question: users with 1000+ followers now and under 200 three months
//! ago (thresholds that shrink on a smaller network, see [`crate::Thresholds`]), the
//! device they used back then, and how many posts they viewed in between from accounts
//! that were mutuals on the day of the view.
//!
//! The datestamp version filters every table to one `ds` (or a `ds` range) and joins the
//! mutual status on the view's own `ds`. The SCD2 version needs the as-of range predicate
//! on every dimension, and a per-view-date range join for relationships.
//! Both count only views of posts by mutuals (a `CASE` inside the count), so a grower
//! who viewed nothing from mutuals still appears, with 0.

use super::Question;

/// The retention question.
pub const QUESTION: Question = Question {
    id: "retention",
    title: "Fast growers: device then, posts from mutuals",
    explanation: "Users with 1000+ followers today who had under 200 three months ago (on a \
network under 10,000 users, a tenth of the network and a fifth of that): which \
device were they on back then, and how many posts did they view in between from accounts \
that were mutuals on the day of the view?",
    datestamp_sql: "WITH today_users AS (
  SELECT user_id, followers AS followers_now
  FROM dim_users
  WHERE ds = '{{ today }}' AND followers >= {{ many_followers }}
),
past_users AS (
  SELECT user_id, followers AS followers_then
  FROM dim_users
  WHERE ds = '{{ past }}' AND followers < {{ few_followers }}
),
past_device AS (
  SELECT user_id, device
  FROM dim_devices
  WHERE ds = '{{ past }}'
),
growers AS (
  SELECT t.user_id, p.followers_then, t.followers_now, d.device
  FROM past_users p
  JOIN today_users t ON t.user_id = p.user_id
  JOIN past_device d ON d.user_id = p.user_id
),
views AS (
  SELECT post_id, viewer_id, poster_id, ds
  FROM fct_post_views
  WHERE ds BETWEEN '{{ past }}' AND '{{ today }}'
),
mutuals AS (
  SELECT user_id, friend_id, ds
  FROM dim_relationships
  WHERE ds BETWEEN '{{ past }}' AND '{{ today }}' AND is_mutual
)
SELECT g.user_id, g.device AS device_then, g.followers_then, g.followers_now,
       count(DISTINCT CASE WHEN m.user_id IS NOT NULL THEN v.post_id END) AS posts_from_mutuals
FROM growers g
LEFT JOIN views v ON v.viewer_id = g.user_id
LEFT JOIN mutuals m
  ON m.user_id = v.viewer_id AND m.friend_id = v.poster_id
  AND m.ds = v.ds -- mutual status as of the view's day
GROUP BY g.user_id, g.device, g.followers_then, g.followers_now
ORDER BY g.user_id",
    scd2_sql: "WITH today_users AS (
  SELECT user_id, followers AS followers_now
  FROM dim_users_scd2
  WHERE valid_from <= DATE '{{ today }}'
    AND (valid_to > DATE '{{ today }}' OR valid_to IS NULL)
    AND followers >= {{ many_followers }}
),
past_users AS (
  SELECT user_id, followers AS followers_then
  FROM dim_users_scd2
  WHERE valid_from <= DATE '{{ past }}'
    AND (valid_to > DATE '{{ past }}' OR valid_to IS NULL)
    AND followers < {{ few_followers }}
),
past_device AS (
  SELECT user_id, device
  FROM dim_devices_scd2
  WHERE valid_from <= DATE '{{ past }}'
    AND (valid_to > DATE '{{ past }}' OR valid_to IS NULL)
),
growers AS (
  SELECT t.user_id, p.followers_then, t.followers_now, d.device
  FROM past_users p
  JOIN today_users t ON t.user_id = p.user_id
  JOIN past_device d ON d.user_id = p.user_id
),
views AS (
  SELECT post_id, viewer_id, poster_id, CAST(ds AS DATE) AS view_date
  FROM fct_post_views
  WHERE ds BETWEEN '{{ past }}' AND '{{ today }}'
)
SELECT g.user_id, g.device AS device_then, g.followers_then, g.followers_now,
       count(DISTINCT CASE WHEN r.user_id IS NOT NULL THEN v.post_id END) AS posts_from_mutuals
FROM growers g
LEFT JOIN views v ON v.viewer_id = g.user_id
LEFT JOIN dim_relationships_scd2 r
  ON r.user_id = v.viewer_id AND r.friend_id = v.poster_id AND r.is_mutual
  -- mutual status as of each view's own date: a range join per view
  AND r.valid_from <= v.view_date
  AND (r.valid_to > v.view_date OR r.valid_to IS NULL)
GROUP BY g.user_id, g.device, g.followers_then, g.followers_now
ORDER BY g.user_id",
    scd1_sql: None,
};
