//! Exports a generated warehouse for the benchmark: the suite's tables as Hive-partitioned
//! Parquet (the exact bytes the playground stores) and as one Arrow IPC stream per table
//! (for engines that cannot read that Parquet), a manifest of the files, and the suite.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::ipc::writer::StreamWriter;
use playground_engine::layout::{partition_path, table_path};
use playground_engine::protocol::SocialParams;
use playground_engine::social::{build_social_with_limit, validate};
use playground_engine::Warehouse;
use serde::{Deserialize, Serialize};

use crate::suite::{suite, LAST_DAY_ONLY, TABLES};

/// Source rows a native export builds at most (ten times the in-browser cap).
pub const NATIVE_MAX_SOURCE_ROWS: u64 = 400_000_000;

/// One exported file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path under the export folder.
    pub path: String,
    /// The partition's day; `None` for an unpartitioned table.
    pub ds: Option<String>,
    /// Size in bytes.
    pub bytes: u64,
}

/// One exported table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableEntry {
    /// Table name.
    pub name: String,
    /// Its Parquet files.
    pub parquet: Vec<FileEntry>,
    /// Its rows as one Arrow IPC stream, `ds` included as a string column.
    pub arrow: FileEntry,
    /// Rows exported.
    pub rows: u64,
}

/// What an export wrote, saved as `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Users generated.
    pub users: u32,
    /// Days generated.
    pub days: u32,
    /// Generator seed.
    pub seed: u64,
    /// First and last day.
    pub first_day: String,
    /// Last day.
    pub last_day: String,
    /// Time to generate and build the warehouse natively.
    pub build_ms: f64,
    /// Why the playground refuses to build this scale in the browser, if it does.
    pub browser_build_refused: Option<String>,
    /// The tables.
    pub tables: Vec<TableEntry>,
}

/// Builds the social network of `users` × `days` and writes it under `out`.
pub async fn export(users: u32, days: u32, out: &Path) -> Result<Manifest, String> {
    let params = SocialParams { users, days, ..SocialParams::default() };
    let mut wh = Warehouse::new().map_err(|e| e.message)?;
    // Built natively, so past the cap that keeps the playground's own in-browser build
    // inside a tab; whether the playground would build it is recorded.
    let report =
        build_social_with_limit(&mut wh, &params, NATIVE_MAX_SOURCE_ROWS, |_| {}).await.map_err(|e| e.message)?;
    let catalog = wh.catalog();
    let days_of = |name: &str| -> Vec<String> {
        catalog
            .tables
            .iter()
            .find(|t| t.name == name)
            .map_or(Vec::new(), |t| t.partitions.iter().map(|p| p.ds.clone()).filter(|d| !d.is_empty()).collect())
    };
    let all_days = days_of("dim_users");
    let (first_day, last_day) = match (all_days.first(), all_days.last()) {
        (Some(f), Some(l)) => (f.clone(), l.clone()),
        _ => return Err("the build wrote no dim_users partitions".into()),
    };
    let write = |rel: &str, bytes: &[u8]| -> Result<u64, String> {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(bytes.len() as u64)
    };

    let mut tables = Vec::new();
    for name in TABLES {
        let partitions = days_of(name);
        let days: Vec<Option<String>> = match (partitions.is_empty(), LAST_DAY_ONLY.contains(&name)) {
            (false, true) => vec![Some(last_day.clone())],
            (false, false) => partitions.into_iter().map(Some).collect(),
            (true, _) => vec![None],
        };
        let mut parquet = Vec::new();
        for ds in days {
            let bytes =
                wh.file_bytes(name, ds.as_deref()).await.ok_or_else(|| format!("{name} has no file for {ds:?}"))?;
            let path = format!(
                "parquet/{}",
                match &ds {
                    Some(ds) => partition_path(name, ds),
                    None => table_path(name),
                }
            );
            parquet.push(FileEntry { bytes: write(&path, &bytes)?, path, ds });
        }
        let filter = if LAST_DAY_ONLY.contains(&name) { format!(" WHERE ds = '{last_day}'") } else { String::new() };
        let batches = wh.collect(&format!("SELECT * FROM {name}{filter}")).await.map_err(|e| e.message)?;
        let batches = batches.iter().map(plain_strings).collect::<Result<Vec<_>, _>>()?;
        let schema = batches[0].schema();
        let mut writer = StreamWriter::try_new(Vec::new(), &schema).map_err(|e| e.to_string())?;
        let mut rows = 0u64;
        for b in &batches {
            rows += b.num_rows() as u64;
            writer.write(b).map_err(|e| e.to_string())?;
        }
        let ipc = writer.into_inner().map_err(|e| e.to_string())?;
        let path = format!("arrow/{name}.arrows");
        let arrow = FileEntry { bytes: write(&path, &ipc)?, path, ds: None };
        tables.push(TableEntry { name: name.to_string(), parquet, arrow, rows });
    }
    let manifest = Manifest {
        users,
        days,
        seed: params.seed,
        first_day: first_day.clone(),
        last_day: last_day.clone(),
        build_ms: report.total_ms,
        browser_build_refused: validate(&params).err(),
        tables,
    };
    write("manifest.json", to_json(&manifest)?.as_bytes())?;
    write("suite.json", to_json(&suite(&first_day, &last_day, users)?)?.as_bytes())?;
    Ok(manifest)
}

/// The batch with DataFusion's string views (`Utf8View`, how it reads Parquet strings)
/// as plain `Utf8`, the string type every Arrow reader knows.
fn plain_strings(batch: &RecordBatch) -> Result<RecordBatch, String> {
    let fields: Vec<Field> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8View => f.as_ref().clone().with_data_type(DataType::Utf8),
            _ => f.as_ref().clone(),
        })
        .collect();
    let columns = batch
        .columns()
        .iter()
        .zip(&fields)
        .map(|(c, f)| cast(c, f.data_type()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| e.to_string())
}

/// Pretty JSON, errors as text.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}
