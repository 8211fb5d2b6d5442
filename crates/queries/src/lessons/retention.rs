//! Lesson 2: the article's retention question, asked of both models, and the article's
//! own query, whose mutuals count is not what it says.

use super::{Activity, Exercise, Lesson, Step};

/// The article's retention query as printed, its dates and thresholds as placeholders so
/// it runs on any network, with `$count` as the count of posts from mutuals.
macro_rules! article_query {
    ($count:literal) => {
        concat!(
            "WITH
  today_users AS (SELECT user_id, followers AS today_followers
      FROM dim_users WHERE ds = '{{ today }}' AND followers >= {{ many_followers }}),
  past_users AS (SELECT user_id, followers AS past_followers
      FROM dim_users WHERE ds = '{{ past }}' AND followers < {{ few_followers }}),
  past_device AS (SELECT user_id, device
      FROM dim_devices WHERE ds = '{{ past }}'),
  user_device AS (
      SELECT tu.user_id, today_followers, past_followers, pd.device
      FROM past_users pu
      JOIN today_users tu ON pu.user_id = tu.user_id
      JOIN past_device pd ON tu.user_id = pd.user_id),
  views AS (
      SELECT post_id, viewer_id, poster_id, ds
      FROM fct_post_views
      WHERE ds BETWEEN '{{ past }}' AND '{{ today }}')
SELECT
    ud.user_id,
    ud.device AS device_during_growth,
    ",
            $count,
            " AS posts_from_mutuals
FROM user_device ud
LEFT JOIN views
    ON ud.user_id = views.viewer_id
LEFT JOIN dim_relationships past_rels
    ON views.viewer_id = past_rels.user_id
    AND views.poster_id = past_rels.friend_id
    AND views.ds = past_rels.ds -- mutual status AS OF view date
    AND past_rels.is_mutual = true
GROUP BY 1, 2"
        )
    };
}

/// As printed. The `is_mutual = true` test sits in the LEFT JOIN's ON clause, so it
/// decides only which relationship rows join, not which views are counted.
const AS_PRINTED: &str = article_query!("COUNT(DISTINCT views.post_id)");

/// Fixed: a post counts only when a mutual's relationship row joined.
const FIXED: &str = article_query!("COUNT(DISTINCT CASE WHEN past_rels.user_id IS NOT NULL THEN views.post_id END)");

/// The expected answer, written differently: mutual views counted first, then joined
/// to the growers, so it shares no text with the learner's query.
const EXPECTED: &str = "WITH growers AS (
  SELECT now_u.user_id, d.device
  FROM dim_users now_u
  JOIN dim_users then_u ON then_u.user_id = now_u.user_id AND then_u.ds = '{{ past }}'
  JOIN dim_devices d ON d.user_id = now_u.user_id AND d.ds = '{{ past }}'
  WHERE now_u.ds = '{{ today }}'
    AND now_u.followers >= {{ many_followers }} AND then_u.followers < {{ few_followers }}
),
mutual_views AS (
  SELECT v.viewer_id, count(DISTINCT v.post_id) AS n
  FROM fct_post_views v
  JOIN dim_relationships r
    ON r.user_id = v.viewer_id AND r.friend_id = v.poster_id AND r.ds = v.ds AND r.is_mutual
  WHERE v.ds BETWEEN '{{ past }}' AND '{{ today }}'
  GROUP BY v.viewer_id
)
SELECT g.user_id, g.device AS device_during_growth, coalesce(m.n, 0) AS posts_from_mutuals
FROM growers g
LEFT JOIN mutual_views m ON m.viewer_id = g.user_id";

pub(super) fn lesson() -> Lesson {
    let question = crate::by_id("retention").expect("the catalog has the retention question");
    Lesson {
        id: "retention",
        title: "The retention question",
        steps: vec![
            Step {
                id: "both_ways",
                title: "One question, both ways",
                text: "The retention team asks: of the users with {{ many_followers }} or more \
followers on {{ today }} who had fewer than {{ few_followers }} on {{ past }}, which device \
were they on back then, and how many posts did they view in between from accounts that were \
mutuals on the day of the view? (The article's numbers are 1000 and 200 on a network of \
millions; this network scales them to its size.)

Four tables, each as of some day. With datestamps every table is filtered to its ds. With \
SCD2 every join carries a range test, and the relationships join needs one per view date. \
Run both: the answers agree, and the date logic each needed is counted under the results.",
                activity: Activity::Compare {
                    left_label: "Datestamps",
                    left_sql: question.datestamp_sql,
                    right_label: "SCD2",
                    right_sql: question.scd2_sql,
                },
            },
            Step {
                id: "as_printed",
                title: "The article's query, as printed",
                text: "Here is the query from the article that made the case for datestamps, \
with its dates and thresholds filled in for this network. The date logic is right: every \
table is read on its ds. The count is not.

Look at where is_mutual = true sits. In the ON clause of a LEFT JOIN, a condition only \
decides which relationship rows attach to a view; a view with no mutual still stays, with \
NULLs beside it. COUNT(DISTINCT views.post_id) then counts every post the user viewed, \
mutual or not. Check it as it stands to see the difference, then fix the count.",
                activity: Activity::Exercise(Exercise {
                    starter_sql: AS_PRINTED,
                    expected_sql: EXPECTED,
                    solution_sql: FIXED,
                    hint: "Keep the LEFT JOINs (a grower with no mutual views should still show \
0), but count a post only when the relationship row joined: COUNT(DISTINCT CASE WHEN \
past_rels.user_id IS NOT NULL THEN views.post_id END).",
                }),
            },
        ],
    }
}
