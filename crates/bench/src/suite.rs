//! The benchmark's query suite: the work this playground does, asked of every engine with
//! the same SQL text. Where DuckDB needs another text, the rewrite and its reason are kept
//! next to the original.

use playground_engine::pipelines::{datestamp, scd2};
use playground_queries::history_cost::POINT_IN_TIME;
use playground_queries::{by_id, render, QuestionParams, Thresholds};
use serde::Serialize;

/// One query of the suite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuiteQuery {
    /// Stable identifier, used in reports.
    pub id: &'static str,
    /// What it measures.
    pub title: &'static str,
    /// `query` answers a question (its rows are compared across engines); `build` computes
    /// one day of a table (only its row count is compared).
    pub kind: &'static str,
    /// The text every engine runs, placeholders filled.
    pub sql: String,
    /// DuckDB's text when it must differ.
    pub duckdb_sql: Option<String>,
    /// Why DuckDB's text differs.
    pub rewrite: Option<&'static str>,
}

/// Placeholder values for a warehouse of `users` holding `first` to `last`: "today" is
/// the last day, the past and the as-of day three months earlier.
///
/// ```
/// let p = playground_bench::suite::params("2024-09-19", "2025-01-16", 10_000);
/// assert_eq!((p.past.as_str(), p.thresholds.many), ("2024-10-16", 1000));
/// ```
pub fn params(first: &str, last: &str, users: u32) -> QuestionParams {
    QuestionParams::for_range(first, last, Thresholds::for_users(users))
}

/// The suite for a warehouse holding `first` to `last`.
///
/// ```
/// let suite = playground_bench::suite::suite("2024-09-19", "2025-01-16", 10_000).unwrap();
/// assert_eq!(suite[0].id, "retention_datestamp");
/// assert!(suite.iter().all(|q| !q.sql.contains("{{")));
/// ```
pub fn suite(first: &str, last: &str, users: u32) -> Result<Vec<SuiteQuery>, String> {
    let p = params(first, last, users);
    let day = |sql: &str| render(&sql.replace("{{ ds }}", "{{ today }}"), &p);
    let retention = by_id("retention").ok_or("the catalog has no retention question")?;
    // DuckDB sums BIGINT into HUGEINT (128 bits); the cast brings the type back so both
    // engines answer with the same type.
    let sum_cast = "DuckDB sums BIGINT into a 128-bit HUGEINT: sum() is cast back to BIGINT";
    let lookup = |i: usize| render(POINT_IN_TIME[i].sql, &p);
    let cast_sum = |sql: String| sql.replace("sum(followers)", "CAST(sum(followers) AS BIGINT)");
    let relationships_scd2 =
        scd2::PIPELINES.iter().find(|s| s.table == "dim_relationships_scd2").ok_or("no SCD2 relationships pipeline")?;
    let relationships = datestamp::PIPELINES
        .iter()
        .find(|s| s.table == "dim_relationships")
        .ok_or("no datestamp relationships pipeline")?;
    let lookup_ds = lookup(0)?;
    let lookup_scd2 = lookup(1)?;
    Ok(vec![
        SuiteQuery {
            id: "retention_datestamp",
            title: "Retention question, datestamp style",
            kind: "query",
            sql: render(retention.datestamp_sql, &p)?,
            duckdb_sql: None,
            rewrite: None,
        },
        SuiteQuery {
            id: "retention_scd2",
            title: "Retention question, SCD2 style",
            kind: "query",
            sql: render(retention.scd2_sql, &p)?,
            duckdb_sql: None,
            rewrite: None,
        },
        SuiteQuery {
            id: "lookup_datestamp",
            title: "Point-in-time lookup: ds = d",
            kind: "query",
            duckdb_sql: Some(cast_sum(lookup_ds.clone())),
            sql: lookup_ds,
            rewrite: Some(sum_cast),
        },
        SuiteQuery {
            id: "lookup_scd2",
            title: "Point-in-time lookup: SCD2 as of d",
            kind: "query",
            duckdb_sql: Some(cast_sum(lookup_scd2.clone())),
            sql: lookup_scd2,
            rewrite: Some(sum_cast),
        },
        SuiteQuery {
            id: "full_scan",
            title: "Full scan aggregate over every partition",
            kind: "query",
            sql: "SELECT ds, count(*) AS views, count(DISTINCT viewer_id) AS viewers
FROM fct_post_views
GROUP BY ds
ORDER BY ds"
                .to_string(),
            duckdb_sql: None,
            rewrite: None,
        },
        SuiteQuery {
            id: "views_join_relationships",
            title: "fct_post_views joined with dim_relationships on (user, friend, ds)",
            kind: "query",
            sql: "SELECT v.ds, count(*) AS views, count(r.user_id) AS from_friends,
       count(CASE WHEN r.is_mutual THEN 1 END) AS from_mutuals
FROM fct_post_views v
LEFT JOIN dim_relationships r
  ON r.user_id = v.viewer_id AND r.friend_id = v.poster_id AND r.ds = v.ds
GROUP BY v.ds
ORDER BY v.ds"
                .to_string(),
            duckdb_sql: None,
            rewrite: None,
        },
        SuiteQuery {
            id: "build_datestamp_day",
            title: "Build one day's dim_relationships partition",
            kind: "build",
            sql: day(&relationships.sql())?,
            duckdb_sql: None,
            rewrite: None,
        },
        SuiteQuery {
            id: "build_scd2_day",
            title: "One day's SCD2 merge of dim_relationships_scd2",
            kind: "build",
            sql: day(&relationships_scd2.merge_sql_over(relationships_scd2.transform))?,
            duckdb_sql: None,
            rewrite: None,
        },
    ])
}

/// The tables the suite reads, and of the raw `users` and `relationships` tables only the
/// last day, which the build queries read.
pub const TABLES: [&str; 9] = [
    "dim_users",
    "dim_devices",
    "dim_relationships",
    "fct_post_views",
    "dim_users_scd2",
    "dim_devices_scd2",
    "dim_relationships_scd2",
    "users",
    "relationships",
];

/// The raw tables of which only the last day is exported.
pub const LAST_DAY_ONLY: [&str; 2] = ["users", "relationships"];
