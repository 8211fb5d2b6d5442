//! The person's own files as a table: Parquet or CSV, one file or a folder of Hive-style
//! `ds=YYYY-MM-DD` partitions. A preview reads and checks every file and keeps the
//! result aside; nothing changes until the go-ahead, which stores it all or nothing.
//!
//! - [`paths`]: what a file's path says (its day, its format, a table name).
//! - `csv`: CSV text to Arrow with inferred types.
//! - `parquet`: Parquet checked by decoding every page, not only the footer.

mod csv;
mod parquet;
pub mod paths;

use std::collections::{BTreeMap, BTreeSet};

use bytes::Bytes;
use datafusion::arrow::datatypes::{DataType, Schema, SchemaRef};
use playground_protocol::{
    thousands, EngineError, ImportColumn, ImportFile, ImportPreview, PartitionInfo, MAX_IMPORT_BYTES,
};

use crate::error::bad_input;
use crate::layout::{validate_table_name, PARTITION_COLUMN};
use crate::parquet_io::write_parquet;
use crate::pipelines::ROW_GROUP_ROWS;
use crate::Warehouse;
use paths::{locate, suggest_name, usable_in_sql, FileFormat, Located};

pub(crate) use parquet::check as check_parquet;

/// Checked files waiting for the go-ahead: one Parquet file per day (or one for an
/// unpartitioned table), ready to store.
pub(crate) struct Staged {
    pub(crate) files: Vec<(Option<String>, Bytes)>,
}

impl Warehouse {
    /// Reads and checks `files` as one table and says what importing them would load.
    /// The checked files wait for [`Warehouse::import_staged`]; the warehouse does not
    /// change. Every refusal names the file at fault.
    pub async fn preview_import(&mut self, files: Vec<ImportFile>) -> Result<ImportPreview, EngineError> {
        self.staged = None;
        if files.is_empty() {
            return Err(bad_input("no files were picked"));
        }
        let total: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
        if total > MAX_IMPORT_BYTES {
            return Err(bad_input(format!(
                "these files hold {} MB; one import takes at most {} MB in this tab",
                total / 1_000_000,
                MAX_IMPORT_BYTES / 1_000_000
            )));
        }
        let mut notes = Vec::new();
        let mut data = Vec::new();
        let mut skipped = Vec::new();
        for file in files {
            let located = locate(&file.path).map_err(bad_input)?;
            match located.format {
                Some(format) if !located.hidden => data.push((file, located, format)),
                _ => skipped.push(file.path),
            }
        }
        if !skipped.is_empty() {
            notes.push(format!("Skipped, as neither Parquet nor CSV data: {}.", skipped.join(", ")));
        }
        let Some((_, first, format)) = data.first() else {
            return Err(bad_input(format!(
                "nothing to import: neither Parquet (.parquet) nor CSV (.csv): {}",
                skipped.join(", ")
            )));
        };
        let (format, partitioned) = (*format, first.ds.is_some());
        if let Some((f, ..)) = data.iter().find(|(_, _, other)| *other != format) {
            return Err(bad_input(format!(
                "{} is {} but the other files are {}: import one format at a time",
                f.path,
                if format == FileFormat::Csv { "Parquet" } else { "CSV" },
                format.label()
            )));
        }
        if let Some((f, ..)) = data.iter().find(|(_, l, _)| l.ds.is_some() != partitioned) {
            return Err(bad_input(format!(
                "{} {} a ds=YYYY-MM-DD folder or name but other files {}: a table is partitioned by day or not",
                f.path,
                if partitioned { "has no" } else { "has" },
                if partitioned { "do" } else { "do not" }
            )));
        }
        if !partitioned && data.len() > 1 {
            return Err(bad_input(format!(
                "{} files but no ds=YYYY-MM-DD in their paths: put each day's file in a ds= folder, or import one file",
                data.len()
            )));
        }
        let table = suggest_name(data.iter().map(|(_, l, _)| l));
        let (schema, days, inferred) = match format {
            FileFormat::Parquet => read_parquet_files(data)?,
            FileFormat::Csv => read_csv_files(data)?,
        };
        if inferred {
            let types: Vec<String> =
                schema.fields().iter().map(|f| format!("{} {}", f.name(), f.data_type())).collect();
            notes.push(format!("Column types inferred from the CSV text: {}.", types.join(", ")));
        }
        let mut columns: Vec<ImportColumn> = schema
            .fields()
            .iter()
            .map(|f| ImportColumn { name: f.name().clone(), data_type: f.data_type().to_string(), inferred })
            .collect();
        if partitioned {
            columns.push(ImportColumn {
                name: PARTITION_COLUMN.to_string(),
                data_type: DataType::Utf8.to_string(),
                inferred: false,
            });
        }
        let partitions = days
            .iter()
            .map(|(ds, (bytes, rows))| PartitionInfo {
                ds: ds.clone().unwrap_or_default(),
                rows: *rows,
                bytes: bytes.len() as u64,
            })
            .collect();
        self.staged = Some(Staged { files: days.into_iter().map(|(ds, (bytes, _))| (ds, bytes)).collect() });
        Ok(ImportPreview {
            name_taken: self.has_table(&table),
            table,
            format: format.label().to_string(),
            columns,
            partitions,
            notes,
        })
    }

    /// Stores the files of the last preview as the new table `table`: all of them or,
    /// if any is refused, none.
    pub async fn import_staged(&mut self, table: &str) -> Result<String, EngineError> {
        validate_table_name(table).map_err(bad_input)?;
        if !usable_in_sql(table) {
            return Err(bad_input(format!(
                "{table} is a reserved word in SQL: choose another name (say {table}_data)"
            )));
        }
        if self.has_table(table) {
            return Err(bad_input(format!(
                "a table named {table} already exists: choose another name (imported tables can be removed first)"
            )));
        }
        let Some(staged) = self.staged.take() else {
            return Err(bad_input("there is nothing to import: pick the files again"));
        };
        let (count, mut rows) = (staged.files.len(), 0);
        for (ds, bytes) in staged.files {
            match self.store_file(table, ds.as_deref(), bytes).await {
                Ok(info) => rows += info.rows,
                Err(e) => {
                    // The refusal is what the person needs to read; the clean-up is best effort.
                    let _ = self.remove_table(table).await;
                    return Err(e);
                }
            }
        }
        self.imported.insert(table.to_string());
        self.note_lab_changed();
        let partitions = if count == 1 { "one file".to_string() } else { format!("{count} partitions") };
        Ok(format!("imported {table}: {partitions}, {} rows", thousands(rows)))
    }

    /// Forgets the files of the last preview.
    pub fn cancel_import(&mut self) {
        self.staged = None;
    }

    /// Removes a table the person imported; the tables the playground built stay.
    pub async fn drop_imported(&mut self, table: &str) -> Result<String, EngineError> {
        if !self.imported.contains(table) {
            return Err(bad_input(if self.has_table(table) {
                format!("{table} was built by the playground, not imported: only imported tables can be removed")
            } else {
                format!("there is no table named {table}")
            }));
        }
        self.remove_table(table).await?;
        self.imported.remove(table);
        self.note_lab_changed();
        Ok(format!("removed {table}"))
    }
}

/// A day's stored file and its rows, by day (`None` for an unpartitioned table).
type Days = BTreeMap<Option<String>, (Bytes, u64)>;

/// Parquet files checked page by page; a day with several files gets them joined into one.
fn read_parquet_files(data: Vec<(ImportFile, Located, FileFormat)>) -> Result<(SchemaRef, Days, bool), EngineError> {
    let mut by_day: BTreeMap<Option<String>, Vec<ImportFile>> = BTreeMap::new();
    for (file, located, _) in data {
        by_day.entry(located.ds).or_default().push(file);
    }
    let mut first: Option<(String, SchemaRef)> = None;
    let mut days = Days::new();
    for (ds, files) in by_day {
        let mut batches = Vec::new();
        let mut rows = 0;
        let single = files.len() == 1;
        let mut stored = None;
        for file in files {
            let bytes = Bytes::from(file.bytes);
            let schema = if single {
                let (schema, n) = parquet::check(&file.path, bytes.clone()).map_err(bad_input)?;
                rows = n;
                stored = Some(bytes);
                schema
            } else {
                let (schema, mut b) = parquet::read(&file.path, bytes).map_err(bad_input)?;
                rows += b.iter().map(|b| b.num_rows() as u64).sum::<u64>();
                batches.append(&mut b);
                schema
            };
            check_columns(&file.path, &schema, ds.is_some(), &mut first)?;
        }
        let bytes = match stored {
            Some(bytes) => bytes,
            None => write_parquet(&batches, ROW_GROUP_ROWS).map_err(|e| {
                bad_input(format!("the files for ds={} could not be joined into one: {e}", ds.as_deref().unwrap_or("")))
            })?,
        };
        days.insert(ds, (bytes, rows));
    }
    let schema = first.map(|(_, s)| s).unwrap_or_else(|| Schema::empty().into());
    Ok((schema, days, false))
}

/// CSV files read with one agreed schema and written as Parquet, one file per day.
fn read_csv_files(data: Vec<(ImportFile, Located, FileFormat)>) -> Result<(SchemaRef, Days, bool), EngineError> {
    let mut inferred = Vec::new();
    for (file, located, _) in &data {
        let schema = csv::infer(&file.path, &file.bytes).map_err(bad_input)?;
        let mut first = None;
        check_columns(&file.path, &SchemaRef::new(schema.clone()), located.ds.is_some(), &mut first)?;
        inferred.push((file.path.clone(), schema));
    }
    let schema = csv::agree(&inferred).map_err(bad_input)?;
    let mut by_day: BTreeMap<Option<String>, Vec<_>> = BTreeMap::new();
    for (file, located, _) in &data {
        let batches = csv::read(&file.path, &file.bytes, schema.clone()).map_err(bad_input)?;
        by_day.entry(located.ds.clone()).or_default().extend(batches);
    }
    let mut days = Days::new();
    for (ds, batches) in by_day {
        let rows = batches.iter().map(|b| b.num_rows() as u64).sum();
        let bytes = write_parquet(&batches, ROW_GROUP_ROWS).map_err(|e| crate::to_engine_error(&e))?;
        days.insert(ds, (bytes, rows));
    }
    Ok((schema, days, true))
}

/// Refuses a file with two columns of one name: no query could tell them apart. `what`
/// names the file.
pub(crate) fn distinct_names(what: &str, schema: &Schema) -> Result<(), EngineError> {
    let mut seen = BTreeSet::new();
    match schema.fields().iter().find(|f| !seen.insert(f.name().as_str())) {
        Some(f) => Err(bad_input(format!("{what} has two columns named {}", f.name()))),
        None => Ok(()),
    }
}

/// A file's column names must differ, a partition's file must not hold `ds` itself, and
/// every file must have the columns the first one had; `first` remembers it.
fn check_columns(
    what: &str,
    schema: &SchemaRef,
    partitioned: bool,
    first: &mut Option<(String, SchemaRef)>,
) -> Result<(), EngineError> {
    distinct_names(what, schema)?;
    if partitioned && schema.field_with_name(PARTITION_COLUMN).is_ok() {
        return Err(bad_input(format!(
            "{what} has its own `{PARTITION_COLUMN}` column; its ds= folder gives the day, so drop the column from the file"
        )));
    }
    match first {
        None => *first = Some((what.to_string(), schema.clone())),
        Some((first_what, first_schema)) => {
            let same = first_schema.fields().len() == schema.fields().len()
                && first_schema
                    .fields()
                    .iter()
                    .zip(schema.fields())
                    .all(|(a, b)| a.name() == b.name() && a.data_type() == b.data_type());
            if !same {
                return Err(bad_input(format!(
                    "{what} has columns ({}) but {first_what} has ({}): every day of a table needs the same columns",
                    describe(schema),
                    describe(first_schema)
                )));
            }
        }
    }
    Ok(())
}

fn describe(schema: &Schema) -> String {
    schema.fields().iter().map(|f| format!("{} {}", f.name(), f.data_type())).collect::<Vec<_>>().join(", ")
}
