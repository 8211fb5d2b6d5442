//! The warehouse as stored bytes, kept by the page so a new worker can be given back the
//! warehouse as it stood: every Parquet file, and what the lab remembers beside them. The
//! engine reports what each request changed ([`WarehouseChanges`]); the page folds the
//! changes into its [`WarehouseImage`] and hands the image to a restarted worker.
//!
//! ```
//! use playground_protocol::{StoredFile, WarehouseChanges, WarehouseImage};
//! let file = |ds: &str, byte: u8| StoredFile { table: "t".into(), ds: Some(ds.into()), parquet: vec![byte] };
//! let mut image = WarehouseImage::default();
//! image.apply(WarehouseChanges { replaced: true, files: vec![file("2024-01-01", 1), file("2024-01-02", 2)], lab: None, ..Default::default() });
//! image.apply(WarehouseChanges { replaced: false, files: vec![file("2024-01-01", 9)], lab: None, ..Default::default() });
//! assert_eq!(image.files.len(), 2);
//! assert_eq!(image.files[0].parquet, vec![9]);
//! assert_eq!(image.bytes(), 2);
//! ```

use serde::{Deserialize, Serialize};

use crate::{CatalogInfo, SocialParams, StoragePoint};

/// Where a file lives: its table, and its `ds` partition (`None` for a whole
/// unpartitioned table).
pub type FileKey = (String, Option<String>);

/// One stored Parquet file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredFile {
    /// Table name.
    pub table: String,
    /// The `ds` partition, or `None` for a whole unpartitioned table.
    pub ds: Option<String>,
    /// The whole file.
    #[serde(with = "serde_bytes")]
    pub parquet: Vec<u8>,
}

impl StoredFile {
    /// Its table and partition.
    pub fn key(&self) -> FileKey {
        (self.table.clone(), self.ds.clone())
    }

    fn cmp_key(&self, other: &StoredFile) -> std::cmp::Ordering {
        (&self.table, &self.ds).cmp(&(&other.table, &other.ds))
    }
}

/// What the warehouse remembers beside its files: the last build's measurements (the
/// simulator's task times, the storage chart) and the planted bug's clean bytes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LabMemory {
    /// Storage of each history model after each day of the last social build.
    pub storage_growth: Vec<StoragePoint>,
    /// Pipeline run times of the last social build, by output table.
    pub task_ms: Vec<(String, Vec<f64>)>,
    /// Clean-build bytes of the files the planted bug changed.
    pub clean: Vec<StoredFile>,
    /// The days the planted bug broke.
    pub bad_days: Vec<String>,
    /// The parameters the social network was built with, if one was.
    pub network: Option<SocialParams>,
    /// The retention question's clean answer (CSV), kept when the bug was planted.
    pub clean_answer: Option<String>,
    /// The tables the person imported, which a new social network keeps.
    #[serde(default)]
    pub imported: Vec<String>,
}

/// What one request changed in the warehouse.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WarehouseChanges {
    /// Everything held before is gone (a new social network replaced it): start from empty.
    pub replaced: bool,
    /// Files added or replaced, whole.
    pub files: Vec<StoredFile>,
    /// Files dropped (raw partitions past a retention window).
    pub removed: Vec<FileKey>,
    /// The lab memory, when it changed.
    pub lab: Option<LabMemory>,
    /// The catalog after the changes, so the page shows what the engine now holds.
    pub catalog: CatalogInfo,
}

/// The whole warehouse as stored bytes: what a restarted worker loads back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WarehouseImage {
    /// Every file, sorted by table and partition.
    pub files: Vec<StoredFile>,
    /// What the lab remembers.
    pub lab: LabMemory,
}

impl WarehouseImage {
    /// Folds one request's changes in: a file replaces the one with its key, a removed
    /// key goes.
    pub fn apply(&mut self, changes: WarehouseChanges) {
        if changes.replaced {
            *self = WarehouseImage::default();
        }
        self.files.retain(|f| !changes.removed.contains(&f.key()));
        for file in changes.files {
            match self.files.binary_search_by(|f| f.cmp_key(&file)) {
                Ok(i) => self.files[i] = file,
                Err(i) => self.files.insert(i, file),
            }
        }
        if let Some(lab) = changes.lab {
            self.lab = lab;
        }
    }

    /// Whether it holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Parquet bytes over all files.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.parquet.len() as u64).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(table: &str, ds: Option<&str>, byte: u8) -> StoredFile {
        StoredFile { table: table.into(), ds: ds.map(str::to_string), parquet: vec![byte] }
    }

    #[test]
    fn a_replacement_starts_from_empty_and_files_stay_sorted() {
        let mut image = WarehouseImage::default();
        image.apply(WarehouseChanges {
            replaced: false,
            files: vec![file("old", None, 0)],
            lab: None,
            ..Default::default()
        });
        let lab = LabMemory { bad_days: vec!["2024-11-01".into()], ..LabMemory::default() };
        image.apply(WarehouseChanges {
            replaced: true,
            files: vec![file("b", Some("2024-01-02"), 1), file("a", None, 2), file("b", Some("2024-01-01"), 3)],
            lab: Some(lab.clone()),
            ..WarehouseChanges::default()
        });
        let keys: Vec<FileKey> = image.files.iter().map(StoredFile::key).collect();
        assert_eq!(
            keys,
            vec![("a".into(), None), ("b".into(), Some("2024-01-01".into())), ("b".into(), Some("2024-01-02".into()))]
        );
        assert_eq!(image.lab, lab);
        // Changes without lab memory keep it.
        image.apply(WarehouseChanges {
            replaced: false,
            files: vec![file("a", None, 7)],
            lab: None,
            ..Default::default()
        });
        assert_eq!(image.files[0].parquet, vec![7]);
        assert_eq!(image.lab, lab);
        // A removed file goes; the others stay.
        image.apply(WarehouseChanges { removed: vec![("b".into(), Some("2024-01-01".into()))], ..Default::default() });
        let keys: Vec<FileKey> = image.files.iter().map(StoredFile::key).collect();
        assert_eq!(keys, vec![("a".into(), None), ("b".into(), Some("2024-01-02".into()))]);
    }
}
