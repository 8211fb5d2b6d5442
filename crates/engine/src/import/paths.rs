//! What a picked file's path says: the day it holds (`ds=YYYY-MM-DD` in a folder or file
//! name, as Hive, Spark and DuckDB write partitions), its format, and a table name.

use crate::layout::parse_ds;

/// The formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Apache Parquet (`.parquet`, `.parq`, `.pq`).
    Parquet,
    /// Comma-separated text with a header row (`.csv`).
    Csv,
}

impl FileFormat {
    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            FileFormat::Parquet => "Parquet",
            FileFormat::Csv => "CSV",
        }
    }
}

/// What a path says about its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The partition day, from a `ds=` folder or file name.
    pub ds: Option<String>,
    /// `None` for a file that is neither Parquet nor CSV.
    pub format: Option<FileFormat>,
    /// Metadata a writer leaves beside the data (`_SUCCESS`, `.crc`, `.DS_Store`).
    pub hidden: bool,
    /// The name the table would take from this path: the folder above the `ds=` one,
    /// else the file's own name.
    pub table_hint: Option<String>,
}

/// Reads a path such as `events/ds=2024-10-01/part-0.parquet`.
///
/// ```
/// use playground_engine::import::paths::{locate, FileFormat};
/// let l = locate("events/ds=2024-10-01/part-0.parquet").unwrap();
/// assert_eq!((l.ds.as_deref(), l.format, l.table_hint.as_deref()), (Some("2024-10-01"), Some(FileFormat::Parquet), Some("events")));
/// assert_eq!(locate("ds=2024-10-02.csv").unwrap().ds.as_deref(), Some("2024-10-02"));
/// assert_eq!(locate("My Sales 2024.CSV").unwrap().table_hint.as_deref(), Some("my_sales_2024"));
/// assert!(locate("t/ds=2024-02-30/part-0.parquet").unwrap_err().contains("2024-02-30"));
/// assert!(locate("t/_temporary/ds=2024-10-01/part-0.parquet").unwrap().hidden);
/// ```
pub fn locate(path: &str) -> Result<Located, String> {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".").collect();
    let Some((file, folders)) = parts.split_last() else {
        return Err("a file without a name".to_string());
    };
    let (stem, extension) = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext.to_ascii_lowercase()),
        _ => (*file, String::new()),
    };
    let format = match extension.as_str() {
        "parquet" | "parq" | "pq" => Some(FileFormat::Parquet),
        "csv" => Some(FileFormat::Csv),
        _ => None,
    };
    // A writer's leftovers, and anything in its scratch folders (`_temporary/`,
    // `.ipynb_checkpoints/`), which would otherwise add rows twice.
    let hidden = parts.iter().any(|p| p.starts_with('.') || p.starts_with('_')) || extension == "crc";
    let mut ds = None;
    let mut table_hint = None;
    for (i, part) in folders.iter().chain(std::iter::once(&stem)).enumerate() {
        let Some(day) = part.strip_prefix("ds=") else { continue };
        parse_ds(day).map_err(|e| format!("{path}: {e}"))?;
        if ds.as_deref().is_some_and(|d| d != day) {
            return Err(format!("{path} names two days"));
        }
        if ds.is_none() && i > 0 {
            table_hint = Some(folders[i - 1]);
        }
        ds = Some(day.to_string());
    }
    let table_hint = match (&ds, table_hint) {
        (_, Some(folder)) => table_name(folder),
        (None, None) => table_name(stem),
        (Some(_), None) => None,
    };
    Ok(Located { ds, format, hidden, table_hint })
}

/// A table name made from any text: lower case, `_` for anything but letters and
/// digits, a letter first, at most 63 characters; `None` if nothing is left.
///
/// ```
/// use playground_engine::import::paths::table_name;
/// assert_eq!(table_name("Dim Users (v2)").as_deref(), Some("dim_users_v2"));
/// assert_eq!(table_name("2024 events").as_deref(), Some("t_2024_events"));
/// assert_eq!(table_name("<img src=x onerror=alert(1)>").as_deref(), Some("img_src_x_onerror_alert_1"));
/// assert_eq!(table_name("---"), None);
/// ```
pub fn table_name(text: &str) -> Option<String> {
    let mut name = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    let name = name.trim_matches('_');
    if name.is_empty() {
        return None;
    }
    let mut name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("t_{name}") } else { name.to_string() };
    name.truncate(63);
    Some(name.trim_end_matches('_').to_string())
}

/// The table name used when no path suggests one.
const DEFAULT_NAME: &str = "imported";

/// The first table name the paths suggest, else [`DEFAULT_NAME`]; a reserved word
/// (`order`, `user`) gets `_data` added.
pub(crate) fn suggest_name<'a>(mut located: impl Iterator<Item = &'a Located>) -> String {
    let name = located.find_map(|l| l.table_hint.clone()).unwrap_or_else(|| DEFAULT_NAME.to_string());
    if usable_in_sql(&name) {
        name
    } else {
        format!("{name}_data")
    }
}

/// Words DuckDB, DataFusion or Spark reserve: a table named one of them would need quotes
/// in every query, and the export's set-up SQL for some engine would fail.
#[rustfmt::skip]
const RESERVED: &[&str] = &[
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "between", "both", "by", "case", "cast",
    "check", "collate", "column", "constraint", "create", "cross", "current_date", "current_time",
    "current_timestamp", "default", "delete", "desc", "describe", "distinct", "do", "drop", "else", "end",
    "except", "exists", "false", "fetch", "for", "foreign", "from", "full", "grant", "group", "having", "in",
    "inner", "insert", "intersect", "into", "is", "join", "lateral", "leading", "left", "like", "limit", "natural",
    "not", "null", "offset", "on", "only", "or", "order", "outer", "over", "partition", "pivot", "primary",
    "qualify", "range", "references", "right", "rows", "select", "set", "show", "some", "table", "then", "to",
    "trailing", "true", "union", "unique", "unpivot", "update", "user", "using", "values", "when", "where",
    "window", "with",
];

/// Whether a name can stand as a table in SQL on every engine the export sets up for:
/// not a reserved word, and `SELECT * FROM <name>` parses.
pub(crate) fn usable_in_sql(name: &str) -> bool {
    use datafusion::sql::sqlparser::{dialect::GenericDialect, parser::Parser};
    !RESERVED.contains(&name) && Parser::parse_sql(&GenericDialect {}, &format!("SELECT * FROM {name}")).is_ok()
}
