//! Lesson 1: three ways to keep a dimension's history, and what each costs the person
//! who queries it.

use super::{Activity, Exercise, Lesson, Step};
use crate::scenarios::{DEVICES_AS_OF_DATESTAMPS, DEVICES_AS_OF_SCD2};

pub(super) fn lesson() -> Lesson {
    Lesson {
        id: "history",
        title: "Keeping history",
        steps: vec![
            Step {
                id: "scd1",
                title: "SCD1: overwrite, and the past is gone",
                text: "The simplest pipeline copies today's users over yesterday's. Every question \
about now is easy. Every question about before is impossible: the old follower counts were \
overwritten, and nothing in the table says what they were.

dim_users_current is such a table. Run the query: it has no date column to filter on, so \
\u{201c}followers on {{ date }}\u{201d} cannot even be written. Whatever day you ask about, \
you get today's numbers.",
                activity: Activity::Query(
                    "SELECT user_id, followers
FROM dim_users_current -- no date to ask about
ORDER BY user_id
LIMIT 20",
                ),
            },
            Step {
                id: "scd2",
                title: "SCD2: history kept, as ranges",
                text: "SCD Type 2 keeps every version of a row. When a user's follower count \
changes, the pipeline closes the current version (sets valid_to, clears is_current) and \
inserts a new one. History survives.

The price is paid by every reader. To see the table as it stood on a day, each query needs \
a range test: valid_from on or before the day, and valid_to after it or missing, because \
the open version has no end. Run it for user {{ user_id }}: first all versions, then the \
one that was true on {{ date }}.",
                activity: Activity::Compare {
                    left_label: "Every version of the user",
                    left_sql: "SELECT user_id, followers, valid_from, valid_to, is_current
FROM dim_users_scd2
WHERE user_id = {{ user_id }}
ORDER BY valid_from",
                    right_label: "The version true on {{ date }}",
                    right_sql: "SELECT user_id, followers, valid_from, valid_to, is_current
FROM dim_users_scd2
WHERE user_id = {{ user_id }}
  AND valid_from <= DATE '{{ date }}'
  AND (valid_to > DATE '{{ date }}' OR valid_to IS NULL)",
                },
            },
            Step {
                id: "forgotten_predicate",
                title: "A forgotten predicate: no error, wrong numbers",
                text: "Join two SCD2 tables and the range test is needed on both. Leave it off \
one join and nothing fails: the query runs and returns plausible rows. It has simply joined \
every device the user ever had to their follower count on {{ date }}, so users who switched \
devices appear more than once.

Fix the query so it returns each user's followers and device as they were on {{ date }}. \
Check compares your rows with the answer from the datestamped tables and lists the rows you \
are missing and the rows you have too many of.",
                activity: Activity::Exercise(Exercise {
                    starter_sql: "SELECT u.user_id, u.followers, d.device
FROM dim_users_scd2 u
JOIN dim_devices_scd2 d ON d.user_id = u.user_id
WHERE u.valid_from <= DATE '{{ date }}'
  AND (u.valid_to > DATE '{{ date }}' OR u.valid_to IS NULL)",
                    expected_sql: DEVICES_AS_OF_DATESTAMPS,
                    solution_sql: DEVICES_AS_OF_SCD2,
                    hint: "The devices table has versions too. Give its join the same \
valid_from / valid_to test the users table has in WHERE.",
                }),
            },
            Step {
                id: "datestamps",
                title: "Datestamps: history is WHERE ds = …",
                text: "The other way: every day, copy the whole snapshot into a new partition \
named by its date, ds. Nothing is updated or closed. Yesterday's partition is what the world \
looked like yesterday, and it never changes.

A question about a day is a filter on that day, on every table, and a join matches the same \
ds on both sides. Only the partitions named are read: the metrics under the result show how \
few files the engine opened. Compare this with the SCD2 query of the last step: same rows, \
no date arithmetic.",
                activity: Activity::Compare {
                    left_label: "Datestamps",
                    left_sql: DEVICES_AS_OF_DATESTAMPS,
                    right_label: "SCD2, both ranges",
                    right_sql: DEVICES_AS_OF_SCD2,
                },
            },
        ],
    }
}
