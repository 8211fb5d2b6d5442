//! What the warehouse holds: tables, their columns and partitions, and the history
//! model each belongs to.

use serde::{Deserialize, Serialize};

/// Tables, their columns and partitions, and the social network they were built from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogInfo {
    /// Sorted by name.
    pub tables: Vec<TableInfo>,
    /// The generator's parameters, when the warehouse holds a social network.
    pub network: Option<crate::SocialParams>,
    /// Every function the engine knows (scalar, aggregate, window), sorted: the editor
    /// completes them.
    #[serde(default)]
    pub functions: Vec<String>,
}

/// One table of the warehouse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableInfo {
    /// Table name as used in SQL.
    pub name: String,
    /// Columns in schema order, the `ds` partition column last.
    pub columns: Vec<ColumnInfo>,
    /// Partitioned by `ds` (one file per day), or a single file for the whole table.
    pub partitioned: bool,
    /// Partitions sorted by date; an unpartitioned table has one entry with an empty `ds`.
    pub partitions: Vec<PartitionInfo>,
    /// The person imported it (and may remove it).
    #[serde(default)]
    pub imported: bool,
}

/// How a table keeps history, told by the warehouse's naming convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HistoryModel {
    /// Raw daily snapshots as they land from production (`users`, `devices`, ...).
    Raw,
    /// Datestamped tables built from them: a full snapshot per `ds` (`dim_*`, `fct_*`).
    Datestamped,
    /// One row per version with `valid_from`, `valid_to`, `is_current` (`*_scd2`).
    Scd2,
    /// Overwritten daily, no history (`*_current`).
    Scd1,
    /// Anything else, such as the demo table.
    Other,
}

impl HistoryModel {
    /// Every model, in the order the catalog lists them.
    pub const ALL: [HistoryModel; 5] =
        [HistoryModel::Raw, HistoryModel::Datestamped, HistoryModel::Scd2, HistoryModel::Scd1, HistoryModel::Other];

    /// A heading for people.
    pub fn label(self) -> &'static str {
        match self {
            HistoryModel::Raw => "Raw daily snapshots",
            HistoryModel::Datestamped => "Datestamped (ds partitions)",
            HistoryModel::Scd2 => "SCD2 (valid_from / valid_to)",
            HistoryModel::Scd1 => "SCD1 (overwritten daily)",
            HistoryModel::Other => "Other",
        }
    }
}

/// The raw snapshot tables, as they land from production each day.
pub const RAW_TABLES: [&str; 4] = ["users", "devices", "relationships", "post_views"];

impl TableInfo {
    /// The history model this table belongs to.
    ///
    /// ```
    /// use playground_protocol::{HistoryModel, TableInfo};
    /// let t = |name: &str| TableInfo { name: name.into(), columns: vec![], partitioned: true, partitions: vec![], imported: false };
    /// assert_eq!(t("dim_users").model(), HistoryModel::Datestamped);
    /// assert_eq!(t("dim_users_scd2").model(), HistoryModel::Scd2);
    /// assert_eq!(t("dim_users_current").model(), HistoryModel::Scd1);
    /// assert_eq!(t("users").model(), HistoryModel::Raw);
    /// assert_eq!(t("agg_daily").model(), HistoryModel::Datestamped);
    /// ```
    pub fn model(&self) -> HistoryModel {
        let n = self.name.as_str();
        if n.ends_with("_scd2") {
            HistoryModel::Scd2
        } else if n.ends_with("_current") {
            HistoryModel::Scd1
        } else if RAW_TABLES.contains(&n) {
            HistoryModel::Raw
        } else if self.partitioned && ["dim_", "fct_", "agg_"].iter().any(|p| n.starts_with(p)) {
            HistoryModel::Datestamped
        } else {
            HistoryModel::Other
        }
    }

    /// Rows over all partitions.
    pub fn rows(&self) -> u64 {
        self.partitions.iter().map(|p| p.rows).sum()
    }
    /// Parquet bytes over all partitions.
    pub fn bytes(&self) -> u64 {
        self.partitions.iter().map(|p| p.bytes).sum()
    }
}

/// A column name and its Arrow type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnInfo {
    /// Column name.
    pub name: String,
    /// Arrow data type, as Arrow prints it (e.g. `Int64`, `Utf8`).
    pub data_type: String,
}

/// One `ds=YYYY-MM-DD` partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionInfo {
    /// The partition date.
    pub ds: String,
    /// Rows in its Parquet file.
    pub rows: u64,
    /// Size of its Parquet file.
    pub bytes: u64,
}

impl CatalogInfo {
    /// Bytes, rows and files of every table of one model.
    pub fn storage_of(&self, model: HistoryModel) -> Storage {
        self.tables.iter().filter(|t| !t.imported && t.model() == model).fold(Storage::default(), |s, t| Storage {
            tables: s.tables + 1,
            bytes: s.bytes + t.bytes(),
            rows: s.rows + t.rows(),
            files: s.files + t.partitions.len() as u64,
        })
    }
}

/// What a set of tables occupies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Storage {
    /// Tables counted.
    pub tables: u64,
    /// Parquet bytes.
    pub bytes: u64,
    /// Rows.
    pub rows: u64,
    /// Parquet files (partitions).
    pub files: u64,
}
