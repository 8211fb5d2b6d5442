//! Followers of one user on a date: a single point-in-time lookup. The SCD1 table can
//! only say how many followers the user has today, whatever date is asked.

use super::Question;

/// The followers-on-a-date question.
pub const QUESTION: Question = Question {
    id: "followers_on_date",
    title: "Followers of a user on a date",
    explanation: "How many followers did this user have on the chosen date? The datestamp \
table reads one partition; the SCD2 table needs the row whose validity range covers the \
date; the overwritten SCD1 table only knows today.",
    datestamp_sql: "SELECT user_id, followers
FROM dim_users
WHERE ds = '{{ date }}' AND user_id = {{ user_id }}",
    scd2_sql: "SELECT user_id, followers
FROM dim_users_scd2
WHERE user_id = {{ user_id }}
  AND valid_from <= DATE '{{ date }}'
  AND (valid_to > DATE '{{ date }}' OR valid_to IS NULL)",
    scd1_sql: Some(
        "SELECT user_id, followers
FROM dim_users_current -- no date to filter on: this is today's count
WHERE user_id = {{ user_id }}",
    ),
};
