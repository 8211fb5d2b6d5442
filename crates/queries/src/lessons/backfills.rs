//! Lesson 3: backfills. A day of SCD2 depends on the day before; a day of datestamps
//! depends only on its own inputs. The article's numbers, simulated with task times
//! measured in this warehouse, then a real repair and the bill for the storage.

use super::{Activity, BackfillPreset, Lesson, Step};

pub(super) fn lesson() -> Lesson {
    Lesson {
        id: "backfills",
        title: "Backfills",
        steps: vec![
            Step {
                id: "thirty_days",
                title: "30 days, in order or in parallel",
                text: "A month of a table turns out to be wrong and must be rebuilt. In SCD2, \
day 2's merge starts from the state day 1 left behind, so the 30 days run one after another, \
each waiting for the last. With datestamps, day 2 reads only day 2's snapshots, so all 30 \
days can run at once, as far as the workers allow.

Simulate both on 30 workers. Each task's time is drawn from real daily runs of this \
warehouse's pipelines. Datestamps finish in about the time of one day; SCD2 takes the sum.",
                activity: Activity::Backfill(BackfillPreset {
                    days: 30,
                    workers: 30,
                    failing_day: None,
                    start_over: true,
                }),
            },
            Step {
                id: "day_18",
                title: "Day 18 fails",
                text: "Now one task fails on day 18. For datestamps it is one day to retry; \
the other 29 are done and correct. For SCD2 the chain is broken, and the state written by \
days 1 to 17 was built from inputs you are now unsure of, so the safe course is to start \
again from day 1.

The chart marks the failed attempt and the work thrown away when SCD2 starts over.",
                activity: Activity::Backfill(BackfillPreset {
                    days: 30,
                    workers: 30,
                    failing_day: Some(18),
                    start_over: true,
                }),
            },
            Step {
                id: "december",
                title: "December too: 31 more runs in a row",
                text: "The bug also touched December. For datestamps that is 31 more \
independent days: with enough workers the wall-clock time hardly moves. For SCD2 it is 31 \
more links in the chain, each after the one before, and November must finish first.",
                activity: Activity::Backfill(BackfillPreset {
                    days: 61,
                    workers: 30,
                    failing_day: None,
                    start_over: true,
                }),
            },
            Step {
                id: "five_years",
                title: "Five years of history",
                text: "A new table needs five years of history, 1,826 days. The SCD2 chain is \
1,826 runs long whatever the hardware. The datestamp backfill is limited only by how many \
tasks may run at once: here 32 workers, so about 57 rounds. The gap is no longer a few \
times; it is as wide as the pool.",
                activity: Activity::Backfill(BackfillPreset {
                    days: 1826,
                    workers: 32,
                    failing_day: None,
                    start_over: true,
                }),
            },
            Step {
                id: "is_mutual_bug",
                title: "A bug in is_mutual, fixed by a backfill",
                text: "For two weeks in November the relationships pipeline wrote is_mutual \
inverted, and the daily mutual-follows metric went wrong. The fix to the code is one line. \
The fix to the data is a backfill.

In the Backfill lab, plant the bug, check the metric against the raw snapshots, then repair \
both models: the datestamp repair reruns the 14 bad days in parallel workers and swaps in \
their partitions; the SCD2 repair rewinds to the first bad day and replays every day since, \
to the last one.",
                activity: Activity::BackfillLab { label: "Open the bug fix in the Backfill lab" },
            },
            Step {
                id: "storage",
                title: "Storage against engineer time",
                text: "Datestamps store every unchanged row again every day. Count the rows \
each model keeps for the users table: the snapshots hold one row per user per day; SCD2 one \
per version.

That is the honest cost. It buys a history any analyst can query with a filter, pipelines \
that give the same output for the same day however often they run, and repairs that are a \
parallel rerun rather than a hand-written migration. Disk is cheap and getting cheaper; the \
hours of the people who write, check and repair range logic are not. The Compare tab's \
\u{201c}The cost of history\u{201d} measures the bytes and the lookup time of both.",
                activity: Activity::Query(
                    "SELECT 'datestamps' AS model, count(*) AS rows_kept, count(DISTINCT ds) AS days
FROM dim_users
UNION ALL
SELECT 'SCD2', count(*), count(DISTINCT valid_from)
FROM dim_users_scd2",
                ),
            },
        ],
    }
}
