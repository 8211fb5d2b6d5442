//! Bringing files into the warehouse and taking it out again: what the page sends, what
//! the engine shows before it loads anything, and the files it hands back.

use serde::{Deserialize, Serialize};

use crate::PartitionInfo;

/// The most one import may read, in bytes, all its files together. The page refuses a
/// larger pick before reading any of it; the engine checks again. Each byte is held
/// about three times while it loads (the page's copy, the staged file, the stored one).
pub const MAX_IMPORT_BYTES: u64 = 250_000_000;

/// One file the person picked or dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportFile {
    /// Its path inside the folder picked (`events/ds=2024-10-01/part-0.parquet`), or its
    /// name alone; `ds=YYYY-MM-DD` in a folder or file name makes it that day's partition.
    pub path: String,
    /// The whole file.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// What an import would load, shown before anything changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// The table name suggested from the folder or file name; the person may change it.
    pub table: String,
    /// Whether a table of that name already exists (an import never replaces one).
    pub name_taken: bool,
    /// `"Parquet"` or `"CSV"`.
    pub format: String,
    /// Columns in order, the `ds` partition column last when the files have partitions.
    pub columns: Vec<ImportColumn>,
    /// One per file: its day (empty for an unpartitioned table), rows and bytes as stored.
    pub partitions: Vec<PartitionInfo>,
    /// Things the person should know before loading (types inferred from CSV text,
    /// files skipped), in plain words.
    pub notes: Vec<String>,
}

/// One column an import would create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportColumn {
    /// Name as in the file.
    pub name: String,
    /// Arrow type, as DataFusion shows it (`Int64`, `Utf8`, ...).
    pub data_type: String,
    /// Guessed from CSV text rather than read from the file's schema.
    pub inferred: bool,
}

/// How to write a query's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    /// Comma-separated text with a header row.
    Csv,
    /// One Parquet file.
    Parquet,
}

/// A file the engine made for the person to save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedFile {
    /// Suggested file name.
    pub name: String,
    /// Its media type, for the download.
    pub mime: String,
    /// The whole file.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
    /// What it holds, in plain words ("1,234 rows", "27 tables, 40 SQL files").
    pub summary: String,
}
