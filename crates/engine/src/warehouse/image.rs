//! The warehouse as stored bytes: which files changed since the page was last told, and
//! loading a whole image back into a new worker (see `playground_protocol::image`).

use std::collections::BTreeSet;

use bytes::Bytes;
use playground_protocol::{EngineError, FileKey, LabMemory, StoredFile, WarehouseChanges, WarehouseImage};

use super::Warehouse;
use crate::error::bad_input;

/// Changes not yet reported.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    /// The whole warehouse was replaced.
    pub replaced: bool,
    /// Files stored since.
    pub files: BTreeSet<FileKey>,
    /// Files dropped since.
    pub removed: BTreeSet<FileKey>,
    /// The lab memory changed.
    pub lab: bool,
}

impl Warehouse {
    /// What changed since the last call: the files stored (whole), and the lab memory
    /// when it changed. `None` when nothing did.
    pub async fn take_changes(&mut self) -> Option<WarehouseChanges> {
        let pending = std::mem::take(&mut self.pending);
        if !pending.replaced && pending.files.is_empty() && pending.removed.is_empty() && !pending.lab {
            return None;
        }
        let mut files = Vec::with_capacity(pending.files.len());
        for (table, ds) in pending.files {
            files.extend(self.stored_file(table, ds).await);
        }
        let lab = (pending.replaced || pending.lab).then(|| self.lab_memory());
        Some(WarehouseChanges {
            replaced: pending.replaced,
            files,
            removed: pending.removed.into_iter().collect(),
            lab,
            catalog: self.catalog(),
        })
    }

    /// Drops the changes not yet reported, as when nobody keeps them.
    pub(crate) fn forget_changes(&mut self) {
        self.pending = Pending::default();
    }

    /// The whole warehouse as stored bytes.
    pub async fn image(&self) -> WarehouseImage {
        let mut files = Vec::new();
        for (table, t) in &self.tables {
            for p in t.partitions.keys() {
                files.extend(self.stored_file(table.clone(), t.partitioned.then(|| p.clone())).await);
            }
        }
        WarehouseImage { files, lab: self.lab_memory() }
    }

    /// Replaces this warehouse with the one `image` holds. Built aside and swapped in
    /// whole, so a bad file leaves the current warehouse as it was.
    pub async fn restore(&mut self, image: WarehouseImage) -> Result<String, EngineError> {
        let mut next = self.empty_like()?;
        let (count, bytes) = (image.files.len(), image.bytes());
        for file in image.files {
            let what = format!("{}{}", file.table, file.ds.as_deref().map(|d| format!(" ds={d}")).unwrap_or_default());
            let parquet = Bytes::from(file.parquet);
            let loaded = match &file.ds {
                Some(ds) => next.store_partition(&file.table, ds, parquet).await,
                None => next.store_table(&file.table, parquet).await,
            };
            loaded.map_err(|e| bad_input(format!("could not restore {what}: {}", e.message)))?;
        }
        let lab = image.lab;
        next.storage_growth = lab.storage_growth;
        next.task_ms = lab.task_ms.into_iter().collect();
        next.clean = lab.clean.into_iter().map(|f| ((f.table, f.ds), Bytes::from(f.parquet))).collect();
        next.bad_days = lab.bad_days;
        next.network = lab.network;
        next.clean_answer = lab.clean_answer;
        next.imported = lab.imported.into_iter().filter(|t| next.tables.contains_key(t)).collect();
        // The page already holds all of it.
        next.forget_changes();
        *self = next;
        Ok(format!("restored {count} files ({:.1} MB)", bytes as f64 / 1e6))
    }

    /// One file's bytes, copied out of the object store; `None` if it is not there.
    async fn stored_file(&self, table: String, ds: Option<String>) -> Option<StoredFile> {
        let bytes = self.file_bytes(&table, ds.as_deref()).await?;
        Some(StoredFile { table, ds, parquet: bytes.to_vec() })
    }

    fn lab_memory(&self) -> LabMemory {
        LabMemory {
            storage_growth: self.storage_growth.clone(),
            task_ms: self.task_ms.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            clean: self
                .clean
                .iter()
                .map(|((table, ds), b)| StoredFile { table: table.clone(), ds: ds.clone(), parquet: b.to_vec() })
                .collect(),
            bad_days: self.bad_days.clone(),
            network: self.network.clone(),
            clean_answer: self.clean_answer.clone(),
            imported: self.imported.iter().cloned().collect(),
        }
    }
}

impl Warehouse {
    /// This warehouse replaced the one before (a loaded export): the page starts afresh.
    pub(crate) fn mark_replaced(&mut self) {
        self.pending.replaced = true;
    }

    /// The lab memory changed (a planted bug, an import): report it with the next changes.
    pub(crate) fn note_lab_changed(&mut self) {
        self.pending.lab = true;
    }
}
