//! Mutual follows on a date: how many follows were mutual, and how many users had at
//! least one mutual.

use super::Question;

/// The mutual-counts question.
pub const QUESTION: Question = Question {
    id: "mutual_counts",
    title: "Mutual follows on a date",
    explanation: "On the chosen date, how many follows were mutual, out of how many, and how \
many users had at least one mutual?",
    datestamp_sql: "SELECT count(*) AS follows,
       sum(CASE WHEN is_mutual THEN 1 ELSE 0 END) AS mutual_follows,
       count(DISTINCT CASE WHEN is_mutual THEN user_id END) AS users_with_a_mutual
FROM dim_relationships
WHERE ds = '{{ date }}'",
    scd2_sql: "SELECT count(*) AS follows,
       sum(CASE WHEN is_mutual THEN 1 ELSE 0 END) AS mutual_follows,
       count(DISTINCT CASE WHEN is_mutual THEN user_id END) AS users_with_a_mutual
FROM dim_relationships_scd2
WHERE valid_from <= DATE '{{ date }}'
  AND (valid_to > DATE '{{ date }}' OR valid_to IS NULL)",
    scd1_sql: None,
};
