//! Storage: each table's Parquet files in the in-memory object store, checked on the way
//! in and registered with DataFusion as a listing table.

use std::collections::BTreeMap;
use std::sync::Arc;

use bytes::Bytes;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use object_store::path::Path;
use object_store::{ObjectStoreExt, PutPayload};
use playground_protocol::{EngineError, PartitionInfo};

use super::{StoredTable, Warehouse, STORE_URL};
use crate::error::{bad_input, to_engine_error};
use crate::layout::{file_path, parse_ds, partition_path, validate_table_name, PARTITION_COLUMN};

impl Warehouse {
    /// Adds or replaces the `ds` partition of `table` with one Parquet file.
    ///
    /// The file is checked before anything changes: a valid table name, a real calendar
    /// date, Parquet whose every page decodes to the rows its footer declares, no `ds`
    /// column of its own, and the same columns as the table's other partitions. On error
    /// the warehouse is unchanged. The object store swaps the file in whole, so a query
    /// never sees half a partition.
    pub async fn load_partition(
        &mut self,
        table: &str,
        ds: &str,
        parquet: Bytes,
    ) -> Result<PartitionInfo, EngineError> {
        parse_ds(ds).map_err(bad_input)?;
        check_pages(&format!("the file for {table} ds={ds}"), &parquet)?;
        self.store_partition(table, ds, parquet).await
    }

    /// Replaces the whole of an unpartitioned table (an SCD2 or SCD1 table) with one
    /// Parquet file. Checked like [`Warehouse::load_partition`].
    pub async fn load_table(&mut self, table: &str, parquet: Bytes) -> Result<PartitionInfo, EngineError> {
        check_pages(&format!("the file for {table}"), &parquet)?;
        self.store_table(table, parquet).await
    }

    /// Stores a partition this engine wrote itself, or restores one it checked on the
    /// way in: the footer is read, the pages are trusted (decoding them again would
    /// double the cost of every pipeline run and restart).
    pub(crate) async fn store_partition(
        &mut self,
        table: &str,
        ds: &str,
        parquet: Bytes,
    ) -> Result<PartitionInfo, EngineError> {
        parse_ds(ds).map_err(bad_input)?;
        self.store_file(table, Some(ds), parquet).await
    }

    /// Stores a whole table this engine wrote itself; see [`Warehouse::store_partition`].
    pub(crate) async fn store_table(&mut self, table: &str, parquet: Bytes) -> Result<PartitionInfo, EngineError> {
        self.store_file(table, None, parquet).await
    }

    /// The stored Parquet bytes of one file: a partition, or the whole table when `ds`
    /// is `None`.
    pub async fn file_bytes(&self, table: &str, ds: Option<&str>) -> Option<Bytes> {
        let path = Path::from(file_path(table, ds));
        self.store.get(&path).await.ok()?.bytes().await.ok()
    }

    /// Checks files about to be stored together, before any is: each must be readable
    /// Parquet with the columns of its table, and the files of a new table must agree.
    /// A backfill's outputs are stored all or nothing.
    /// Each output is `(table, ds, bytes)`.
    pub(crate) fn check_outputs(&self, outputs: &[(String, String, Bytes)]) -> Result<(), EngineError> {
        let mut seen: BTreeMap<&str, (SchemaRef, &str)> = BTreeMap::new();
        for (table, ds, bytes) in outputs {
            check_pages(&format!("{table} on {ds}"), bytes)?;
            let (schema, _) = read_schema(table, bytes.clone())?;
            if let Some(t) = self.tables.get(table) {
                if !same_columns(&t.file_schema, &schema) {
                    return Err(bad_input(format!(
                        "{table} on {ds} has columns ({}) but the table has ({}); nothing was stored",
                        describe(&schema),
                        describe(&t.file_schema)
                    )));
                }
            }
            let (first, first_ds) = seen.entry(table).or_insert((schema.clone(), ds));
            if !same_columns(first, &schema) {
                return Err(bad_input(format!(
                    "{table} returned ({}) on {ds} but ({}) on {first_ds}: every day of a table needs the same \
                     columns; nothing was stored",
                    describe(&schema),
                    describe(first)
                )));
            }
        }
        Ok(())
    }

    /// Drops the `ds` partition of `table`; the table stays registered with its other
    /// partitions. Dropping a partition that is not there does nothing.
    pub async fn drop_partition(&mut self, table: &str, ds: &str) -> Result<(), EngineError> {
        let Some(t) = self.tables.get_mut(table) else { return Ok(()) };
        if t.partitions.remove(ds).is_none() {
            return Ok(());
        }
        let path = Path::from(partition_path(table, ds));
        self.store.delete(&path).await.map_err(|e| bad_input(format!("could not drop {path}: {e}")))?;
        let key = (table.to_string(), Some(ds.to_string()));
        self.pending.files.remove(&key);
        self.pending.removed.insert(key);
        Ok(())
    }

    /// Removes a whole table: its files, its registration and its catalog entry.
    pub(crate) async fn remove_table(&mut self, table: &str) -> Result<(), EngineError> {
        let Some(t) = self.tables.remove(table) else { return Ok(()) };
        let _ = self.ctx.deregister_table(table);
        for ds in t.partitions.keys() {
            let ds = t.partitioned.then(|| ds.clone());
            let path = Path::from(file_path(table, ds.as_deref()));
            self.store.delete(&path).await.map_err(|e| bad_input(format!("could not remove {path}: {e}")))?;
            let key = (table.to_string(), ds);
            self.pending.files.remove(&key);
            self.pending.removed.insert(key);
        }
        Ok(())
    }

    /// Stores one file as a partition (`ds`) or the whole table, checked first.
    pub(crate) async fn store_file(
        &mut self,
        table: &str,
        ds: Option<&str>,
        parquet: Bytes,
    ) -> Result<PartitionInfo, EngineError> {
        validate_table_name(table).map_err(bad_input)?;
        let what = match ds {
            Some(ds) => format!("{table} ds={ds}"),
            None => table.to_string(),
        };
        let size = parquet.len() as u64;
        let (file_schema, rows) = read_schema(&what, parquet.clone())?;
        crate::import::distinct_names(&format!("the file for {what}"), &file_schema)?;
        if ds.is_some() && file_schema.field_with_name(PARTITION_COLUMN).is_ok() {
            return Err(bad_input(format!(
                "the file for {what} has its own `{PARTITION_COLUMN}` column; \
                 the partition directory supplies it, so drop it from the file"
            )));
        }
        if let Some(existing) = self.tables.get(table) {
            if existing.partitioned != ds.is_some() {
                return Err(bad_input(format!(
                    "{table} is {}partitioned by {PARTITION_COLUMN}; load it as a {}",
                    if existing.partitioned { "" } else { "not " },
                    if existing.partitioned { "partition" } else { "whole table" }
                )));
            }
            if !same_columns(&existing.file_schema, &file_schema) {
                return Err(bad_input(format!(
                    "the file for {what} has columns ({}) but {table} has ({})",
                    describe(&file_schema),
                    describe(&existing.file_schema)
                )));
            }
        }

        let path = Path::from(file_path(table, ds));
        self.store
            .put(&path, PutPayload::from_bytes(parquet))
            .await
            .map_err(|e| bad_input(format!("could not store {path}: {e}")))?;
        if !self.tables.contains_key(table) {
            self.register(table, file_schema.clone(), ds.is_some()).await?;
            self.tables.insert(
                table.to_string(),
                StoredTable { file_schema, partitioned: ds.is_some(), partitions: BTreeMap::new() },
            );
        }
        let key = (table.to_string(), ds.map(str::to_string));
        self.pending.removed.remove(&key);
        self.pending.files.insert(key);
        let info = PartitionInfo { ds: ds.unwrap_or_default().to_string(), rows, bytes: size };
        if let Some(t) = self.tables.get_mut(table) {
            t.partitions.insert(info.ds.clone(), info.clone());
        }
        Ok(info)
    }

    async fn register(&self, table: &str, file_schema: SchemaRef, partitioned: bool) -> Result<(), EngineError> {
        let df = |e: datafusion::error::DataFusionError| to_engine_error(&e);
        let table_url = ListingTableUrl::parse(format!("{STORE_URL}/{table}/")).map_err(df)?;
        let mut options = ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension(".parquet");
        if partitioned {
            options = options.with_table_partition_cols(vec![(PARTITION_COLUMN.to_string(), DataType::Utf8)]);
        }
        let config = ListingTableConfig::new(table_url).with_listing_options(options).with_schema(file_schema);
        let provider = ListingTable::try_new(config).map_err(df)?;
        self.ctx.register_table(table, Arc::new(provider)).map_err(df)?;
        Ok(())
    }
}

/// Decodes every page: a file whose footer reads well may still hold damaged pages, and
/// once stored it would fail every query that reads it, after every restart too.
fn check_pages(what: &str, parquet: &Bytes) -> Result<(), EngineError> {
    crate::import::check_parquet(what, parquet.clone()).map(|_| ()).map_err(bad_input)
}

/// A Parquet file's Arrow schema and row count; `what` names it in the error.
fn read_schema(what: &str, parquet: Bytes) -> Result<(SchemaRef, u64), EngineError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(parquet)
        .map_err(|e| bad_input(format!("the file for {what} is not a readable Parquet file: {e}")))?;
    let rows = reader.metadata().file_metadata().num_rows().max(0) as u64;
    Ok((Arc::new(Schema::new(reader.schema().fields().clone())), rows))
}

/// Whether a file with columns `file` fits a table with columns `table`: the same names
/// and types in the same order, and no empty (null) values where the table has none: the
/// table's schema promises the reader there are none.
fn same_columns(table: &Schema, file: &Schema) -> bool {
    table.fields().len() == file.fields().len()
        && table.fields().iter().zip(file.fields().iter()).all(|(t, f)| {
            t.name() == f.name() && t.data_type() == f.data_type() && (t.is_nullable() || !f.is_nullable())
        })
}

fn describe(schema: &Schema) -> String {
    schema
        .fields()
        .iter()
        .map(|f: &Arc<Field>| {
            format!("{} {}{}", f.name(), f.data_type(), if f.is_nullable() { "" } else { " NOT NULL" })
        })
        .collect::<Vec<_>>()
        .join(", ")
}
