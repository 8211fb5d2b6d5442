//! Where partitions live in the object store, and the checks on names and dates
//! that keep user input from reaching it malformed.

use chrono::NaiveDate;

/// The only partition column, a day as `YYYY-MM-DD`.
pub const PARTITION_COLUMN: &str = "ds";

/// Object path of one partition's file: `<table>/ds=<ds>/part-0.parquet`.
///
/// ```
/// assert_eq!(
///     playground_engine::layout::partition_path("dim_users", "2024-10-01"),
///     "dim_users/ds=2024-10-01/part-0.parquet"
/// );
/// ```
pub fn partition_path(table: &str, ds: &str) -> String {
    format!("{table}/{PARTITION_COLUMN}={ds}/part-0.parquet")
}

/// Object path of an unpartitioned table's single file: `<table>/data.parquet`.
///
/// ```
/// assert_eq!(playground_engine::layout::table_path("dim_users_scd2"), "dim_users_scd2/data.parquet");
/// ```
pub fn table_path(table: &str) -> String {
    format!("{table}/data.parquet")
}

/// Object path of a table's file: the `ds` partition's, or the whole table's (`None`).
///
/// ```
/// use playground_engine::layout::file_path;
/// assert_eq!(file_path("t", Some("2024-10-01")), "t/ds=2024-10-01/part-0.parquet");
/// assert_eq!(file_path("t", None), "t/data.parquet");
/// ```
pub fn file_path(table: &str, ds: Option<&str>) -> String {
    match ds {
        Some(ds) => partition_path(table, ds),
        None => table_path(table),
    }
}

/// The table and day of a path made by [`file_path`], the day checked; `None` for any
/// other path.
///
/// ```
/// use playground_engine::layout::split_file_path;
/// assert_eq!(split_file_path("t/ds=2024-10-01/part-0.parquet"), Some(("t", Some("2024-10-01"))));
/// assert_eq!(split_file_path("t/data.parquet"), Some(("t", None)));
/// assert_eq!(split_file_path("t/ds=2024-02-30/part-0.parquet"), None);
/// assert_eq!(split_file_path("t/ds=2024-10-01/other.parquet"), None);
/// ```
pub fn split_file_path(path: &str) -> Option<(&str, Option<&str>)> {
    match path.split('/').collect::<Vec<_>>().as_slice() {
        [table, "data.parquet"] => Some((table, None)),
        [_, _, "part-0.parquet"] => {
            let (table, ds) = split_partition_path(path)?;
            parse_ds(ds).ok()?;
            Some((table, Some(ds)))
        }
        _ => None,
    }
}

/// Splits an object path made by [`partition_path`] into table and `ds`.
///
/// ```
/// use playground_engine::layout::split_partition_path;
/// assert_eq!(
///     split_partition_path("t/ds=2024-10-01/part-0.parquet"),
///     Some(("t", "2024-10-01"))
/// );
/// assert_eq!(split_partition_path("t/part-0.parquet"), None);
/// ```
pub fn split_partition_path(path: &str) -> Option<(&str, &str)> {
    let mut parts = path.split('/');
    let table = parts.next()?;
    let ds = parts.next()?.strip_prefix("ds=")?;
    Some((table, ds))
}

/// Checks a table name: lower-case letters, digits and `_`, starting with a letter.
///
/// ```
/// use playground_engine::layout::validate_table_name;
/// assert!(validate_table_name("dim_users").is_ok());
/// assert!(validate_table_name("Users; DROP").is_err());
/// ```
pub fn validate_table_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if first_ok && name.len() <= 63 && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        Ok(())
    } else {
        Err(format!(
            "table name {name:?} is not allowed: use lower-case letters, digits and _, starting with a letter (at most 63 characters)"
        ))
    }
}

/// Parses a partition date, accepting only real calendar days written `YYYY-MM-DD`
/// (the rule is [`playground_queries::is_iso_date`], the one the page checks with too).
///
/// ```
/// use playground_engine::layout::parse_ds;
/// assert!(parse_ds("2024-02-29").is_ok());
/// assert!(parse_ds("2023-02-29").is_err());
/// assert!(parse_ds("2024-2-1").is_err());
/// ```
pub fn parse_ds(ds: &str) -> Result<NaiveDate, String> {
    playground_queries::is_iso_date(ds)
        .then(|| NaiveDate::parse_from_str(ds, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("partition date {ds:?} is not a calendar day written YYYY-MM-DD"))
}
