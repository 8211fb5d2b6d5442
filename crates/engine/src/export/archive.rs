//! The whole warehouse as one zip and back: Hive-partitioned Parquet under `warehouse/`,
//! the SQL of every pipeline and question, set-up SQL for DuckDB, DataFusion and Spark,
//! the playground's answers, a README, and a manifest that lets the playground load it
//! again. Entries are stored, not deflated: Parquet is compressed already.

use std::io::{Cursor, Read, Write};

use bytes::Bytes;
use playground_protocol::{EngineError, ExportedFile, SocialParams};
use serde_json::{json, Value};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::sql::{self, TableEntry, ENGINES};
use crate::error::bad_input;
use crate::fixtures::to_csv;
use crate::layout::{file_path, split_file_path};
use crate::Warehouse;

/// What `manifest.json` says it is.
const FORMAT: &str = "datestamp-playground-warehouse";
const VERSION: u64 = 1;
/// The folder the tables' files are under.
const TABLES_DIR: &str = "warehouse/";

/// Writes zip entries, each error said once.
struct Archive(ZipWriter<Cursor<Vec<u8>>>);

impl Archive {
    fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), EngineError> {
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(false);
        self.0.start_file(name, options).map_err(|e| bad_input(format!("could not write {name} into the zip: {e}")))?;
        self.0.write_all(bytes).map_err(|e| bad_input(format!("could not write {name} into the zip: {e}")))
    }
}

impl Warehouse {
    /// The whole warehouse as a zip (see the module docs).
    pub async fn export_warehouse(&self) -> Result<ExportedFile, EngineError> {
        let mut zip = Archive(ZipWriter::new(Cursor::new(Vec::new())));
        let names = self.table_names();
        let mut tables = Vec::new();
        let mut entries = Vec::new();
        let mut files = 0;
        for name in &names {
            let Some((schema, partitioned)) = self.table_layout(name) else { continue };
            let days = if partitioned { self.partition_days(name) } else { Vec::new() };
            let keys: Vec<Option<&str>> =
                if partitioned { days.iter().map(|d| Some(d.as_str())).collect() } else { vec![None] };
            for ds in keys {
                let bytes = self.file_bytes(name, ds).await.ok_or_else(|| bad_input(format!("{name} lost a file")))?;
                zip.add(&format!("{TABLES_DIR}{}", file_path(name, ds)), &bytes)?;
                files += 1;
            }
            let columns: Vec<Value> =
                schema.fields().iter().map(|f| json!({"name": f.name(), "type": f.data_type().to_string()})).collect();
            tables.push(json!({
                "name": name, "partitioned": partitioned, "partitions": days, "columns": columns,
                "imported": self.imported.contains(name),
            }));
            entries.push(TableEntry { name, partitioned });
        }
        for engine in ENGINES {
            zip.add(&format!("sql/setup/{engine}.sql"), sql::setup(engine, &entries).as_bytes())?;
        }

        let days = self.partition_days("dim_users");
        let range = days.first().zip(days.last()).map(|(f, l)| (f.as_str(), l.as_str()));
        let (mut questions, mut pipelines) = (Vec::new(), Vec::new());
        if let (Some((first, last)), Some(_)) = (range, self.network()) {
            let thresholds = self.thresholds();
            for q in sql::questions(first, last, thresholds) {
                let answer = to_csv(&self.run(&q.sql, usize::MAX).await?);
                let (file, answer_file) = (format!("sql/questions/{}.sql", q.name), format!("answers/{}.csv", q.name));
                zip.add(&file, format!("{}\n", q.sql).as_bytes())?;
                zip.add(&answer_file, answer.as_bytes())?;
                questions.push(json!({
                    "name": q.name, "title": q.title, "model": q.model, "sql": file, "answer": answer_file,
                }));
            }
            let columns = |t: &str| self.table_layout(t).map(|(s, _)| s.as_ref().clone());
            for p in sql::pipelines(first, last, thresholds, columns) {
                let dir = match p.kind {
                    "datestamp" | "scd1" => p.kind,
                    _ => "scd2",
                };
                let file = match p.kind {
                    "datestamp" | "scd1" => format!("sql/pipelines/{dir}/{}.sql", p.table),
                    kind => format!("sql/pipelines/{dir}/{}_{}.sql", p.table, kind.trim_start_matches("scd2_")),
                };
                zip.add(&file, format!("{}\n", p.sql).as_bytes())?;
                pipelines.push(json!({"table": p.table, "kind": p.kind, "sql": file}));
            }
        }
        let manifest = json!({
            "format": FORMAT, "version": VERSION,
            "first_day": range.map(|r| r.0), "last_day": range.map(|r| r.1),
            "network": self.network(),
            "tables": tables, "questions": questions, "pipelines": pipelines,
        });
        let manifest = serde_json::to_vec_pretty(&manifest).map_err(|e| bad_input(e.to_string()))?;
        zip.add("manifest.json", &manifest)?;
        zip.add("README.md", sql::readme(names.len(), range).as_bytes())?;
        let bytes = zip.0.finish().map_err(|e| bad_input(format!("could not finish the zip: {e}")))?.into_inner();
        Ok(ExportedFile {
            name: "warehouse.zip".into(),
            mime: "application/zip".into(),
            summary: format!(
                "{} tables in {files} Parquet files, {} questions with answers, {} pipeline statements",
                names.len(),
                questions.len(),
                pipelines.len()
            ),
            bytes,
        })
    }

    /// Replaces this warehouse with the one a zip from [`Warehouse::export_warehouse`]
    /// holds. Every file is checked, page by page, in a warehouse built aside; a bad one
    /// leaves this warehouse as it was.
    pub async fn import_warehouse(&mut self, zip: Bytes) -> Result<String, EngineError> {
        let zip_len = zip.len() as u64;
        let mut archive = ZipArchive::new(Cursor::new(zip))
            .map_err(|e| bad_input(format!("this file is not a zip the playground can read ({e})")))?;
        let manifest: Value = {
            let mut entry = archive.by_name("manifest.json").map_err(|_| {
                bad_input("this zip has no manifest.json: it was not exported by the playground (import its Parquet files instead)")
            })?;
            let mut text = String::new();
            entry.read_to_string(&mut text).map_err(|e| bad_input(format!("manifest.json could not be read ({e})")))?;
            serde_json::from_str(&text).map_err(|e| bad_input(format!("manifest.json is not valid JSON ({e})")))?
        };
        if manifest["format"] != FORMAT || manifest["version"] != VERSION {
            return Err(bad_input(format!(
                "this zip's manifest.json does not describe a playground warehouse of version {VERSION}"
            )));
        }
        let mut next = self.empty_like()?;
        let mut files = 0;
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).map_err(|e| bad_input(format!("entry {i} of the zip: {e}")))?;
            let name = entry
                .name()
                .map_err(|e| bad_input(format!("entry {i} of the zip has no readable name ({e})")))?
                .to_string();
            let Some(path) = name.strip_prefix(TABLES_DIR).filter(|_| entry.is_file()) else { continue };
            let (table, ds) = split_file_path(path).ok_or_else(|| {
                bad_input(format!(
                    "{name} is not where a table's file goes (warehouse/<table>/ds=<day>/part-0.parquet)"
                ))
            })?;
            // The header's size is not trusted for an allocation: a damaged one could ask for
            // more than the zip holds.
            if entry.size() > zip_len {
                return Err(bad_input(format!("{name} claims {} bytes, more than the whole zip holds", entry.size())));
            }
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| bad_input(format!("{name} could not be read from the zip ({e})")))?;
            let bytes = Bytes::from(bytes);
            crate::import::check_parquet(&name, bytes.clone()).map_err(bad_input)?;
            next.store_file(table, ds, bytes).await?;
            files += 1;
        }
        for table in manifest["tables"].as_array().into_iter().flatten() {
            if let (Some(name), Some(true)) = (table["name"].as_str(), table["imported"].as_bool()) {
                if next.has_table(name) {
                    next.imported.insert(name.to_string());
                }
            }
        }
        next.network = serde_json::from_value::<Option<SocialParams>>(manifest["network"].clone()).ok().flatten();
        next.mark_replaced();
        let tables = next.table_names().len();
        *self = next;
        Ok(format!("loaded the exported warehouse: {tables} tables from {files} files"))
    }
}
