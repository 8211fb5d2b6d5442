//! The suite on native DataFusion: the exported files loaded into the playground's own
//! [`Warehouse`] (the same engine code the browser runs, one partition per query, as in
//! a single wasm thread), each query run once to warm up and then timed.

use std::fs;
use std::path::Path;
use std::time::Instant;

use bytes::Bytes;
use playground_engine::Warehouse;
use serde::Serialize;

use crate::canonical::{self, MAX_ROWS};
use crate::export::Manifest;
use crate::suite::{suite, SuiteQuery};

/// How the tables are held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Hive-partitioned Parquet files in the in-memory object store.
    Parquet,
    /// In-memory tables loaded from the Arrow IPC streams.
    Arrow,
}

/// One query's timings and answer.
#[derive(Debug, Clone, Serialize)]
pub struct QueryRun {
    /// Suite id.
    pub id: String,
    /// Timed runs, in ms.
    pub ms: Vec<f64>,
    /// Rows the query produced.
    pub rows: u64,
    /// Canonical rows when there are at most [`MAX_ROWS`].
    pub result: Option<Vec<String>>,
    /// The error, if it failed.
    pub error: Option<String>,
    /// The last run's physical plan with its metrics (EXPLAIN ANALYZE).
    pub plan: Option<String>,
}

/// One mode's run of the suite.
#[derive(Debug, Clone, Serialize)]
pub struct ModeReport {
    /// How the tables were held.
    pub mode: Mode,
    /// Reading the files and loading them.
    pub load_ms: f64,
    /// Each query.
    pub queries: Vec<QueryRun>,
}

/// Reads the export's manifest.
pub fn manifest(dir: &Path) -> Result<Manifest, String> {
    let path = dir.join("manifest.json");
    let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not a manifest: {e}", path.display()))
}

/// Loads the export under `dir`, described by `manifest`, into a new warehouse, held as
/// `mode` says.
pub async fn load(dir: &Path, manifest: &Manifest, mode: Mode) -> Result<Warehouse, String> {
    match mode {
        Mode::Parquet => load_with(dir, manifest, Ok).await,
        Mode::Arrow => {
            let mut wh = Warehouse::new().map_err(|e| e.message)?;
            for table in &manifest.tables {
                wh.load_arrow_ipc(&table.name, read(dir, &table.arrow.path)?).await.map_err(|e| e.message)?;
            }
            Ok(wh)
        }
    }
}

/// Loads the export's Parquet files into a new warehouse, each passed through `each`
/// first (to recode it, say).
pub async fn load_with(
    dir: &Path,
    manifest: &Manifest,
    mut each: impl FnMut(Bytes) -> Result<Bytes, String>,
) -> Result<Warehouse, String> {
    let mut wh = Warehouse::new().map_err(|e| e.message)?;
    for table in &manifest.tables {
        for file in &table.parquet {
            let bytes = each(read(dir, &file.path)?)?;
            match &file.ds {
                Some(ds) => wh.load_partition(&table.name, ds, bytes).await,
                None => wh.load_table(&table.name, bytes).await,
            }
            .map_err(|e| e.message)?;
        }
    }
    Ok(wh)
}

fn read(dir: &Path, rel: &str) -> Result<Bytes, String> {
    fs::read(dir.join(rel)).map(Bytes::from).map_err(|e| format!("cannot read {rel}: {e}"))
}

/// Runs every query of `queries` once untimed, then `runs` times timed.
pub async fn run_suite(wh: &Warehouse, queries: &[SuiteQuery], runs: u32) -> Vec<QueryRun> {
    let mut out = Vec::new();
    for q in queries {
        let mut run = QueryRun::new(q);
        for i in 0..=runs {
            if !run.once(wh, q, i > 0).await {
                break;
            }
        }
        out.push(run);
    }
    out
}

impl QueryRun {
    /// No runs yet.
    pub fn new(q: &SuiteQuery) -> Self {
        QueryRun { id: q.id.to_string(), ms: Vec::new(), rows: 0, result: None, error: None, plan: None }
    }

    /// Runs `q` once, keeping its time when `timed`; false once it has failed.
    pub async fn once(&mut self, wh: &Warehouse, q: &SuiteQuery, timed: bool) -> bool {
        if self.error.is_some() {
            return false;
        }
        let start = Instant::now();
        match wh.run(&q.sql, MAX_ROWS).await {
            Ok(r) => {
                if timed {
                    self.ms.push(start.elapsed().as_secs_f64() * 1000.0);
                }
                self.rows = r.total_rows;
                self.plan = Some(r.plan_with_metrics.clone());
                self.result = (r.total_rows as usize <= MAX_ROWS && q.kind == "query").then(|| canonical::rows(&r));
                true
            }
            Err(e) => {
                self.error = Some(e.message);
                false
            }
        }
    }
}

/// Loads the export under `dir` as `mode` and runs its suite.
pub async fn bench(dir: &Path, mode: Mode, runs: u32) -> Result<ModeReport, String> {
    let manifest = manifest(dir)?;
    let queries = suite(&manifest.first_day, &manifest.last_day, manifest.users)?;
    let start = Instant::now();
    let wh = load(dir, &manifest, mode).await?;
    let load_ms = start.elapsed().as_secs_f64() * 1000.0;
    Ok(ModeReport { mode, load_ms, queries: run_suite(&wh, &queries, runs).await })
}
