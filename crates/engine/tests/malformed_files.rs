//! Broken files, natively: every file of `fuzz/broken_files.rs` (truncated at every region,
//! flipped bytes in pages, wrong magic, lying footers, huge declared sizes, schema
//! mismatches, CSV that is ragged, binary or enormous) goes through `load_partition`,
//! `load_table` and the import path (preview, then load). Each is refused with a message
//! or loaded and answers a query of all its rows with the rows it reported, never a
//! panic, and the tables already loaded answer exactly as before. The tally is written to
//! `$CARGO_TARGET_DIR/malformed-files.txt`.

#[path = "fuzz/broken_files.rs"]
mod broken_files;

use std::panic::{catch_unwind, AssertUnwindSafe};

use broken_files::{Broken, Format};
use playground_engine::protocol::{EngineError, ImportFile};
use playground_engine::Warehouse;

/// The table already loaded, on two days, that nothing may change.
const TABLE: &str = "events";
const DAYS: [&str; 2] = ["2024-01-01", "2024-01-02"];
/// Where a broken file is offered as a partition.
const NEW_DAY: &str = "2024-01-03";
/// What the loaded table answers; the same query must answer the same after every file.
const CHECK: &str = "SELECT ds, count(*), sum(user_id), count(name), sum(score), min(joined), \
                     count(active) FILTER (WHERE active) FROM events GROUP BY ds ORDER BY ds";

#[derive(Default)]
struct Tally {
    tried: usize,
    refused: usize,
    loaded: usize,
    panics: Vec<String>,
    changed: Vec<String>,
    silent: Vec<String>,
    /// Loaded, then a query of it failed: the file should have been refused.
    unqueryable: Vec<String>,
}

/// How a load ended: refused (`Err`), or loaded and then queried (`Ok`), the query's
/// failure being the inner `Err`.
type Loaded = Result<Result<String, String>, EngineError>;

async fn answer(wh: &Warehouse) -> String {
    let r = wh.run(CHECK, 100).await.expect("the loaded table answers");
    format!("{:?}", r.columns)
}

/// Runs `attempt` on the warehouse, counting how it ended; a panic is caught and counted.
fn attempt(
    rt: &tokio::runtime::Runtime,
    wh: &mut Warehouse,
    tally: &mut Tally,
    what: String,
    attempt: impl AsyncFnOnce(&mut Warehouse) -> Loaded,
) {
    tally.tried += 1;
    match catch_unwind(AssertUnwindSafe(|| rt.block_on(attempt(wh)))) {
        Err(_) => tally.panics.push(what),
        Ok(Err(e)) if e.message.trim().is_empty() => tally.silent.push(what),
        Ok(Err(_)) => tally.refused += 1,
        Ok(Ok(Ok(_))) => tally.loaded += 1,
        Ok(Ok(Err(why))) => tally.unqueryable.push(format!("{what}: {why}")),
    }
}

/// Loads a file as a partition, checks the new day answers with the rows it reported,
/// then drops it again.
async fn as_partition(wh: &mut Warehouse, bytes: bytes::Bytes) -> Loaded {
    let info = wh.load_partition(TABLE, NEW_DAY, bytes).await?;
    let sql = format!("SELECT * FROM {TABLE} WHERE ds = '{NEW_DAY}'");
    let all = wh.run(&sql, 1).await;
    wh.drop_partition(TABLE, NEW_DAY).await?;
    Ok(match all {
        Ok(all) if all.total_rows == info.rows => Ok(format!("loaded {} rows", info.rows)),
        Ok(all) => Err(format!("reported {} rows, answered {}", info.rows, all.total_rows)),
        Err(e) => Err(e.message),
    })
}

/// Loads a file as a new whole table, queries all of it, then removes it.
async fn as_table(wh: &mut Warehouse, bytes: bytes::Bytes) -> Loaded {
    let info = wh.load_table("fresh", bytes).await?;
    let all = wh.run("SELECT * FROM fresh", 10).await;
    drop_fresh(wh).await;
    Ok(match all {
        Ok(all) if all.total_rows == info.rows => Ok(format!("loaded {} rows", info.rows)),
        Ok(all) => Err(format!("reported {} rows, answered {}", info.rows, all.total_rows)),
        Err(e) => Err(e.message),
    })
}

/// Previews a file as an import and loads it, queries it, then removes it.
async fn as_import(wh: &mut Warehouse, file: &Broken) -> Loaded {
    let preview = wh.preview_import(vec![ImportFile { path: file.name.clone(), bytes: file.bytes.to_vec() }]).await?;
    wh.import_staged("imported_file").await?;
    let all = wh.run("SELECT * FROM imported_file", 10).await;
    wh.drop_imported("imported_file").await?;
    let previewed: u64 = preview.partitions.iter().map(|p| p.rows).sum();
    Ok(match all {
        Ok(all) if all.total_rows == previewed => Ok(format!("imported {previewed} rows")),
        Ok(all) => Err(format!("previewed {previewed} rows, answered {}", all.total_rows)),
        Err(e) => Err(e.message),
    })
}

async fn drop_fresh(wh: &mut Warehouse) {
    // `fresh` is not an import, so it goes the way a new network would: rebuilt without it.
    let files = playground_engine::fixtures::files(wh).await;
    let mut next = Warehouse::new().unwrap();
    for (table, ds, bytes) in files.into_iter().filter(|(t, _, _)| t != "fresh") {
        match ds {
            Some(ds) => next.load_partition(&table, &ds, bytes).await.unwrap(),
            None => next.load_table(&table, bytes).await.unwrap(),
        };
    }
    *wh = next;
}

#[test]
fn every_broken_file_is_refused_or_loaded_and_nothing_loaded_changes() {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let mut wh = Warehouse::new().unwrap();
    rt.block_on(async {
        for ds in DAYS {
            wh.load_partition(TABLE, ds, broken_files::good_parquet()).await.unwrap();
        }
    });
    let before = rt.block_on(answer(&wh));
    let corpus = broken_files::corpus();
    let (parquet, csv) = corpus.iter().fold((0, 0), |(p, c), f| match f.format {
        Format::Parquet => (p + 1, c),
        Format::Csv => (p, c + 1),
    });
    assert!(parquet >= 90 && csv >= 35, "{parquet} Parquet and {csv} CSV files");

    let mut tally = Tally::default();
    for file in &corpus {
        if matches!(file.format, Format::Parquet) {
            let bytes = file.bytes.clone();
            attempt(&rt, &mut wh, &mut tally, format!("{} as a partition", file.name), async |wh| {
                as_partition(wh, bytes).await
            });
            let bytes = file.bytes.clone();
            attempt(&rt, &mut wh, &mut tally, format!("{} as a table", file.name), async |wh| {
                as_table(wh, bytes).await
            });
        }
        attempt(&rt, &mut wh, &mut tally, format!("{} imported", file.name), async |wh| as_import(wh, file).await);
        if rt.block_on(answer(&wh)) != before {
            tally.changed.push(file.name.clone());
        }
    }
    let report = format!(
        "broken files: {} files ({parquet} Parquet, {csv} CSV), {} attempts: {} refused with a message, {} loaded \
         and queried, {} loaded but not queryable, {} panics, {} refused without a message, {} changed loaded \
         data\n{}",
        corpus.len(),
        tally.tried,
        tally.refused,
        tally.loaded,
        tally.unqueryable.len(),
        tally.panics.len(),
        tally.silent.len(),
        tally.changed.len(),
        [&tally.unqueryable, &tally.panics, &tally.silent, &tally.changed]
            .iter()
            .flat_map(|v| v.iter())
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let _ = std::fs::write(format!("{target}/malformed-files.txt"), &report);
    eprintln!("{report}");
    let failed = [&tally.unqueryable, &tally.panics, &tally.silent, &tally.changed];
    assert!(failed.iter().all(|f| f.is_empty()), "{report}");
    assert!(tally.refused > 0 && tally.loaded > 0, "{report}");
}
