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
use crate::layout::{parse_ds, partition_path, table_path, validate_table_name, PARTITION_COLUMN};

impl Warehouse {
    /// Adds or replaces the `ds` partition of `table` with one Parquet file.
    ///
    /// The file is checked before anything changes: a valid table name, a real calendar
    /// date, readable Parquet, no `ds` column of its own, and the same columns as the
    /// table's other partitions. On error the warehouse is unchanged. The object store
    /// swaps the file in whole, so a query never sees half a partition.
    pub async fn load_partition(
        &mut self,
        table: &str,
        ds: &str,
        parquet: Bytes,
    ) -> Result<PartitionInfo, EngineError> {
        parse_ds(ds).map_err(bad_input)?;
        self.store_file(table, Some(ds), parquet).await
    }

    /// Replaces the whole of an unpartitioned table (an SCD2 or SCD1 table) with one
    /// Parquet file. Checked like [`Warehouse::load_partition`].
    pub async fn load_table(&mut self, table: &str, parquet: Bytes) -> Result<PartitionInfo, EngineError> {
        self.store_file(table, None, parquet).await
    }

    /// The stored Parquet bytes of one file: a partition, or the whole table when `ds`
    /// is `None`.
    pub async fn file_bytes(&self, table: &str, ds: Option<&str>) -> Option<Bytes> {
        let path = Path::from(match ds {
            Some(ds) => partition_path(table, ds),
            None => table_path(table),
        });
        self.store.get(&path).await.ok()?.bytes().await.ok()
    }

    async fn store_file(
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
        let reader = ParquetRecordBatchReaderBuilder::try_new(parquet.clone())
            .map_err(|e| bad_input(format!("the file for {what} is not a readable Parquet file: {e}")))?;
        let rows = reader.metadata().file_metadata().num_rows().max(0) as u64;
        let file_schema = Arc::new(Schema::new(reader.schema().fields().clone()));
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

        let path = Path::from(match ds {
            Some(ds) => partition_path(table, ds),
            None => table_path(table),
        });
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
        self.pending.files.insert((table.to_string(), ds.map(str::to_string)));
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

fn same_columns(a: &Schema, b: &Schema) -> bool {
    a.fields().len() == b.fields().len()
        && a.fields().iter().zip(b.fields().iter()).all(|(x, y)| x.name() == y.name() && x.data_type() == y.data_type())
}

fn describe(schema: &Schema) -> String {
    schema
        .fields()
        .iter()
        .map(|f: &Arc<Field>| format!("{} {}", f.name(), f.data_type()))
        .collect::<Vec<_>>()
        .join(", ")
}
