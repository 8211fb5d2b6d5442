//! What each dimension holds on one day, as SQL over that day's raw snapshots. The
//! datestamp pipelines store these rows as the day's partition; the SCD2 merges diff them
//! against the open versions; the SCD1 overwrite keeps today's. One text per dimension,
//! so the models can only differ in how they keep history, never in what a row says.
//!
//! Every step carries `ds` and joins on it, and the output ends with `ds`: the day's
//! filter `ds = '{{ ds }}'` can become a range (see [`super::render_range`]) and the same
//! text builds many days in one statement, each row landing in its own day's partition.
//!
//! An account counts while it is active: deactivated accounts (whose rows and follows
//! production keeps) and deleted ones drop out, and so do their follows. The common
//! steps are written once (the macros below) and spliced into each text.

/// The day's active accounts.
macro_rules! active {
    () => {
        "active AS (
  SELECT ds, user_id, signed_up
  FROM users
  WHERE ds = '{{ ds }}' AND status = 'active'
)"
    };
}

/// The day's follows between active accounts.
macro_rules! follows {
    () => {
        "follows AS (
  SELECT r.ds, r.user_id, r.friend_id
  FROM relationships r
  JOIN active a ON a.ds = r.ds AND a.user_id = r.user_id
  JOIN active b ON b.ds = r.ds AND b.user_id = r.friend_id
  WHERE r.ds = '{{ ds }}'
)"
    };
}

/// Each account's primary device: the most sessions in the last 28 days. A ranking, not
/// an ordered aggregate (`first_value(device ORDER BY …)`), so the text runs unchanged on
/// DuckDB and Spark too (the warehouse export carries it).
macro_rules! primary_device {
    () => {
        "primary_device AS (
  SELECT ds, user_id, device
  FROM (
    SELECT ds, user_id, device,
           row_number() OVER (PARTITION BY ds, user_id ORDER BY sessions DESC, device) AS place
    FROM devices
    WHERE ds = '{{ ds }}'
  ) ranked
  WHERE place = 1
)"
    };
}

/// `dim_users(user_id, signed_up, followers, following, device)`: followers and
/// following counted from the day's follows between active accounts, and the primary
/// device.
pub const USERS: &str = concat!(
    "WITH ",
    active!(),
    ",\n",
    follows!(),
    ",
followers AS (
  SELECT ds, friend_id AS user_id, count(*) AS followers FROM follows GROUP BY ds, friend_id
),
following AS (
  SELECT ds, user_id, count(*) AS following FROM follows GROUP BY ds, user_id
),\n",
    primary_device!(),
    "
SELECT a.user_id, a.signed_up,
       coalesce(f.followers, 0) AS followers,
       coalesce(g.following, 0) AS following,
       p.device, a.ds
FROM active a
JOIN primary_device p ON p.ds = a.ds AND p.user_id = a.user_id
LEFT JOIN followers f ON f.ds = a.ds AND f.user_id = a.user_id
LEFT JOIN following g ON g.ds = a.ds AND g.user_id = a.user_id"
);

/// `dim_devices(user_id, device)`: each active account's primary device.
pub const DEVICES: &str = concat!(
    "WITH ",
    active!(),
    ",\n",
    primary_device!(),
    "
SELECT p.user_id, p.device, p.ds
FROM primary_device p
JOIN active a ON a.ds = p.ds AND a.user_id = p.user_id"
);

/// The expression that decides `is_mutual`: the reverse follow exists that day.
pub const MUTUAL: &str = "back.user_id IS NOT NULL AS is_mutual";

/// `dim_relationships(user_id, friend_id, is_mutual)`: follows between active accounts,
/// mutual when the other account follows back on the same day.
pub const RELATIONSHIPS: &str = concat!(
    "WITH ",
    active!(),
    ",\n",
    follows!(),
    "
SELECT f.user_id, f.friend_id, back.user_id IS NOT NULL AS is_mutual, f.ds
FROM follows f
-- Both ends of f are active, so its reverse needs no check of its own.
LEFT JOIN (SELECT ds, user_id, friend_id FROM relationships WHERE ds = '{{ ds }}') back
  ON back.ds = f.ds AND back.user_id = f.friend_id AND back.friend_id = f.user_id"
);

/// `fct_post_views(post_id, viewer_id, poster_id)`: the day's views.
pub const POST_VIEWS: &str = "SELECT post_id, viewer_id, poster_id, ds
FROM post_views
WHERE ds = '{{ ds }}'";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mutual_expression_is_in_the_relationships_text_once() {
        // The bug-fix scenario breaks the pipeline by replacing it.
        assert_eq!(RELATIONSHIPS.matches(MUTUAL).count(), 1);
    }
}
