//! Engine levers measured one at a time, natively, in one run: the same exported warehouse
//! loaded once per lever, with its Parquet recoded (compression, dictionary, page and
//! row-group sizes, page index, rows sorted by user) or with DataFusion options set, then
//! the suite timed with the levers interleaved.
//! `playground-bench levers --data DIR --runs N` prints one table of medians.

use std::path::Path;
use std::time::Instant;

use bytes::Bytes;
use datafusion::arrow::compute::{concat_batches, sort_to_indices, take_record_batch};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::{EnabledStatistics, WriterProperties};
use serde::Serialize;

use crate::native::{load_with, manifest, QueryRun};
use crate::suite::suite;

/// How one lever stores the partitions: writer settings applied to every exported file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Storage {
    /// Page compression.
    pub compression: &'static str,
    /// Dictionary encoding.
    pub dictionary: bool,
    /// Rows per data page at most (`None`: the writer's default, 20,000).
    pub page_rows: Option<usize>,
    /// Rows per row group at most.
    pub row_group_rows: usize,
    /// Page-level statistics (the page index) as well as chunk statistics.
    pub page_index: bool,
    /// Rows of each file sorted by the user they belong to (`user_id`, or `viewer_id`
    /// for views), so a filter on users can skip pages.
    pub by_user: bool,
}

impl Storage {
    /// What the playground writes (`parquet_io::write_parquet`).
    pub const SHIPPED: Storage = Storage {
        compression: "snappy",
        dictionary: true,
        page_rows: None,
        row_group_rows: 64 * 1024,
        // The writer's default: page statistics, so a page index.
        page_index: true,
        by_user: false,
    };

    fn properties(&self) -> Result<WriterProperties, String> {
        let compression = match self.compression {
            "snappy" => Compression::SNAPPY,
            "lz4" => Compression::LZ4_RAW,
            "zstd" => Compression::ZSTD(ZstdLevel::try_new(1).map_err(|e| e.to_string())?),
            "none" => Compression::UNCOMPRESSED,
            other => return Err(format!("unknown compression {other}")),
        };
        let mut b = WriterProperties::builder()
            .set_compression(compression)
            .set_dictionary_enabled(self.dictionary)
            .set_max_row_group_row_count(Some(self.row_group_rows))
            .set_statistics_enabled(if self.page_index { EnabledStatistics::Page } else { EnabledStatistics::Chunk });
        if let Some(rows) = self.page_rows {
            b = b.set_data_page_row_count_limit(rows);
        }
        Ok(b.build())
    }
}

/// One lever: a storage and the DataFusion options set on the session.
#[derive(Debug, Clone, Serialize)]
pub struct Lever {
    /// Short name for the table.
    pub name: &'static str,
    /// How partitions are stored.
    pub storage: Storage,
    /// `datafusion.*` options and their values.
    pub options: Vec<(&'static str, &'static str)>,
}

/// Every lever the issue names, each on its own against the shipped settings.
pub fn levers() -> Vec<Lever> {
    let shipped = Storage::SHIPPED;
    let storage = |name, storage| Lever { name, storage, options: vec![] };
    let option = |name, key, value| Lever { name, storage: shipped, options: vec![(key, value)] };
    vec![
        storage("shipped", shipped),
        storage("uncompressed", Storage { compression: "none", ..shipped }),
        storage("lz4", Storage { compression: "lz4", ..shipped }),
        storage("zstd-1", Storage { compression: "zstd", ..shipped }),
        storage("no dictionary", Storage { dictionary: false, ..shipped }),
        storage("pages of 4k rows", Storage { page_rows: Some(4096), ..shipped }),
        storage("no page index", Storage { page_index: false, ..shipped }),
        storage("row groups of 16k", Storage { row_group_rows: 16 * 1024, ..shipped }),
        storage("row groups of 1M", Storage { row_group_rows: 1 << 20, ..shipped }),
        option("batch 4096", "datafusion.execution.batch_size", "4096"),
        option("batch 32768", "datafusion.execution.batch_size", "32768"),
        option("pushdown_filters", "datafusion.execution.parquet.pushdown_filters", "true"),
        Lever {
            name: "pushdown + reorder",
            storage: shipped,
            options: vec![
                ("datafusion.execution.parquet.pushdown_filters", "true"),
                ("datafusion.execution.parquet.reorder_filters", "true"),
            ],
        },
        option("no statistics", "datafusion.execution.collect_statistics", "false"),
        option("no page index read", "datafusion.execution.parquet.enable_page_index", "false"),
        option("no dynamic filters", "datafusion.optimizer.enable_dynamic_filter_pushdown", "false"),
        // On in DataFusion by default, off in the playground (`Warehouse::with_memory_limit`).
        option("join dynamic filters on", "datafusion.optimizer.enable_join_dynamic_filter_pushdown", "true"),
        Lever {
            name: "by user + 4k pages + join dynamic filters",
            storage: Storage { by_user: true, page_rows: Some(4096), ..shipped },
            options: vec![("datafusion.optimizer.enable_join_dynamic_filter_pushdown", "true")],
        },
        option("repartition off", "datafusion.optimizer.repartition_joins", "false"),
        // The first row's settings again: the noise floor between two identical levers.
        storage("shipped (again)", shipped),
    ]
}

/// One lever's run: load time, bytes stored and each query's timings.
#[derive(Debug, Clone, Serialize)]
pub struct LeverRun {
    /// The lever.
    pub lever: Lever,
    /// Parquet bytes held.
    pub bytes: u64,
    /// Reading the files, recoding them and loading them.
    pub load_ms: f64,
    /// Each query.
    pub queries: Vec<QueryRun>,
}

/// Rewrites one Parquet file with `storage`'s settings, rows unchanged.
pub fn recode(parquet: Bytes, storage: &Storage) -> Result<Bytes, String> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(parquet).map_err(|e| e.to_string())?;
    let schema = reader.schema().clone();
    let mut out = Vec::new();
    let mut writer =
        ArrowWriter::try_new(&mut out, schema.clone(), Some(storage.properties()?)).map_err(|e| e.to_string())?;
    let batches =
        reader.build().map_err(|e| e.to_string())?.collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())?;
    let mut rows = concat_batches(&schema, &batches).map_err(|e| e.to_string())?;
    let key = ["user_id", "viewer_id"].into_iter().find_map(|c| schema.index_of(c).ok());
    if let (true, Some(key)) = (storage.by_user, key) {
        let order = sort_to_indices(rows.column(key), None, None).map_err(|e| e.to_string())?;
        rows = take_record_batch(&rows, &order).map_err(|e| e.to_string())?;
    }
    writer.write(&rows).map_err(|e| e.to_string())?;
    writer.close().map_err(|e| e.to_string())?;
    Ok(Bytes::from(out))
}

/// Runs the suite over the export under `dir` once per lever. Every lever's warehouse is
/// loaded first, then the runs interleave (query by query, lever by lever, each round
/// starting one lever later) so the machine's drift during the run falls on every lever
/// alike instead of on whichever came last.
pub async fn run(dir: &Path, runs: u32, only: Option<&str>) -> Result<Vec<LeverRun>, String> {
    let manifest = manifest(dir)?;
    let queries = suite(&manifest.first_day, &manifest.last_day, manifest.users)?;
    let mut loaded = Vec::new();
    for lever in levers().into_iter().filter(|l| only.is_none_or(|o| o.split(',').any(|o| l.name == o))) {
        let storage = lever.storage;
        let mut bytes = 0u64;
        let start = Instant::now();
        let wh = load_with(dir, &manifest, |b| {
            let b = if storage == Storage::SHIPPED { b } else { recode(b, &storage)? };
            bytes += b.len() as u64;
            Ok(b)
        })
        .await?;
        let load_ms = start.elapsed().as_secs_f64() * 1000.0;
        {
            let state = wh.context().state_ref();
            let mut state = state.write();
            for (k, v) in &lever.options {
                state.config_mut().options_mut().set(k, v).map_err(|e| format!("{k} = {v}: {e}"))?;
            }
        }
        let queries = queries.iter().map(QueryRun::new).collect();
        eprintln!("[levers] loaded {}", lever.name);
        loaded.push((wh, LeverRun { lever, bytes, load_ms, queries }));
    }
    let n = loaded.len();
    for round in 0..=runs {
        for (qi, q) in queries.iter().enumerate() {
            for k in 0..n {
                let (wh, run) = &mut loaded[(k + round as usize) % n];
                run.queries[qi].once(wh, q, round > 0).await;
            }
        }
        eprintln!("[levers] round {round} of {runs}");
    }
    Ok(loaded.into_iter().map(|(_, run)| run).collect())
}

fn median(q: &QueryRun) -> Option<f64> {
    let mut v = q.ms.clone();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    (n > 0).then(|| if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// The runs as a Markdown table: one row per lever, medians in ms, and each lever's
/// answers checked against the first lever's.
pub fn markdown(runs: &[LeverRun]) -> String {
    let Some(first) = runs.first() else { return String::new() };
    let ids: Vec<&str> = first.queries.iter().map(|q| q.id.as_str()).collect();
    let mut out = format!("| lever | MB | load ms | {} | same answers |\n", ids.join(" | "));
    out += &format!("|---|---:|---:|{}---|\n", "---:|".repeat(ids.len()));
    for r in runs {
        let cells: Vec<String> = r
            .queries
            .iter()
            .map(|q| match (&q.error, median(q)) {
                (Some(_), _) => "error".into(),
                (None, Some(m)) => format!("{m:.1}"),
                _ => "–".into(),
            })
            .collect();
        let same = r.queries.iter().zip(&first.queries).all(|(a, b)| a.result == b.result && a.rows == b.rows);
        out += &format!(
            "| {} | {:.1} | {:.0} | {} | {} |\n",
            r.lever.name,
            r.bytes as f64 / 1e6,
            r.load_ms,
            cells.join(" | "),
            if same { "yes" } else { "NO" }
        );
    }
    out
}
