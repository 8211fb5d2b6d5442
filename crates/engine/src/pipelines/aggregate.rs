//! The daily aggregate downstream of the dimensions, in both models: for one day, the
//! accounts with 1000+ followers and the mutual follows. It is what a broken
//! `dim_relationships` would silently get wrong, and what a backfill must recompute.

/// Datestamp version: one partition of each dimension.
pub const DATESTAMP_SQL: &str = "SELECT CAST('{{ ds }}' AS VARCHAR) AS day,
  (SELECT count(*) FROM dim_users
   WHERE ds = '{{ ds }}' AND followers >= 1000) AS big_accounts,
  (SELECT count(*) FROM dim_relationships
   WHERE ds = '{{ ds }}' AND is_mutual) AS mutual_follows";

/// SCD2 version: the versions valid on the day.
pub const SCD2_SQL: &str = "SELECT CAST('{{ ds }}' AS VARCHAR) AS day,
  (SELECT count(*) FROM dim_users_scd2
   WHERE valid_from <= DATE '{{ ds }}' AND (valid_to > DATE '{{ ds }}' OR valid_to IS NULL)
     AND followers >= 1000) AS big_accounts,
  (SELECT count(*) FROM dim_relationships_scd2
   WHERE valid_from <= DATE '{{ ds }}' AND (valid_to > DATE '{{ ds }}' OR valid_to IS NULL)
     AND is_mutual) AS mutual_follows";
