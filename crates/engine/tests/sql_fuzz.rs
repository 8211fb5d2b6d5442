//! Hostile SQL, natively: ten thousand statements from a grammar over the playground's own
//! tables, then DataFusion's own sqllogictest statements, each run against a small social
//! network. Every one must end in a result or a clear error: no panic, no empty message,
//! and nothing in the warehouse changed. The tally is written to
//! `$CARGO_TARGET_DIR/sql-fuzz.txt` (the test command prints it).
//!
//! A statement that ever failed here is kept in `fuzz/regressions.sql` and run first.

#[path = "fuzz/grammar.rs"]
mod grammar;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use playground_engine::protocol::{CatalogInfo, ErrorKind, SocialParams};
use playground_engine::Warehouse;

/// Statements generated from the grammar.
const GENERATED: usize = 10_000;
/// A statement still running after this long is stopped and counted as a time-out; in the
/// browser the page's time limit would restart the worker.
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// A statement slower than this is named on stderr as it ends.
const SLOW: Duration = Duration::from_secs(1);
/// The native stack for the run. The wasm stack is 4 MiB and the engine refuses chains
/// measured against it; a debug native build uses far larger frames than wasm does.
const STACK: usize = 64 << 20;

/// How one statement ended.
enum Outcome {
    Rows,
    Error(ErrorKind),
    /// An error whose message says it is a DataFusion bug ("Internal error").
    Internal,
    Panic(String),
    TimeOut,
}

#[derive(Default)]
struct Tally {
    run: usize,
    rows: usize,
    errors: BTreeMap<String, usize>,
    internal: Vec<String>,
    panics: Vec<(String, String)>,
    timeouts: Vec<String>,
    slowest: (Duration, String),
}

impl Tally {
    fn add(&mut self, family: &str, sql: &str, outcome: Outcome, took: Duration) {
        self.run += 1;
        if took > self.slowest.0 {
            self.slowest = (took, format!("{family}: {}", preview(sql)));
        }
        match outcome {
            Outcome::Rows => self.rows += 1,
            Outcome::Error(kind) => *self.errors.entry(format!("{kind:?}")).or_default() += 1,
            Outcome::Internal => self.internal.push(format!("{family}: {}", preview(sql))),
            Outcome::Panic(why) => self.panics.push((sql.to_string(), why)),
            Outcome::TimeOut => self.timeouts.push(format!("{family}: {}", preview(sql))),
        }
    }

    fn report(&self, source: &str, elapsed: Duration) -> String {
        let mut out = format!(
            "{source}: {} statements in {:.0} s: {} results, errors {:?}, {} internal errors, {} panics, {} time-outs \
             (over {} s); slowest {:.1} s ({})\n",
            self.run,
            elapsed.as_secs_f64(),
            self.rows,
            self.errors,
            self.internal.len(),
            self.panics.len(),
            self.timeouts.len(),
            TIME_LIMIT.as_secs(),
            self.slowest.0.as_secs_f64(),
            self.slowest.1,
        );
        for s in self.internal.iter().take(5) {
            let _ = writeln!(out, "  internal: {s}");
        }
        for (s, why) in &self.panics {
            let _ = writeln!(out, "  PANIC {}: {}", preview(why), preview(s));
        }
        for s in &self.timeouts {
            let _ = writeln!(out, "  time-out: {s}");
        }
        out
    }
}

fn preview(sql: &str) -> String {
    let flat: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 140 {
        format!("{}… ({} bytes)", flat.chars().take(140).collect::<String>(), sql.len())
    } else {
        flat
    }
}

/// The network the statements run against: small, so that a cross join ends.
fn params() -> SocialParams {
    SocialParams { users: 40, days: 6, start: "2024-01-01".into(), ..SocialParams::default() }
}

fn run_one(rt: &tokio::runtime::Runtime, wh: &Warehouse, sql: &str) -> Outcome {
    let ran = catch_unwind(AssertUnwindSafe(|| {
        rt.block_on(async { tokio::time::timeout(TIME_LIMIT, wh.run(sql, 50)).await })
    }));
    match ran {
        Err(panic) => Outcome::Panic(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
        Ok(Err(_)) => Outcome::TimeOut,
        Ok(Ok(Ok(_))) => Outcome::Rows,
        Ok(Ok(Err(e))) => {
            assert!(!e.message.trim().is_empty(), "an error without a message for: {}", preview(sql));
            if e.message.contains("Internal error") {
                Outcome::Internal
            } else {
                Outcome::Error(e.kind)
            }
        }
    }
}

/// A table's partitions: day, rows and bytes.
type Partitions = Vec<(String, u64, u64)>;

/// What a read-only statement must never change: every table, partition and row count.
fn fingerprint(c: &CatalogInfo) -> Vec<(String, Partitions)> {
    c.tables
        .iter()
        .map(|t| (t.name.clone(), t.partitions.iter().map(|p| (p.ds.clone(), p.rows, p.bytes)).collect()))
        .collect()
}

/// The statements of the regression file, split at lines of `-- next`.
fn regressions() -> Vec<String> {
    include_str!("fuzz/regressions.sql")
        .split("\n-- next\n")
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.lines().all(|l| l.trim_start().starts_with("--")))
        .map(str::to_string)
        .collect()
}

/// DataFusion's own sqllogictest statements (see `fuzz/slt_corpus.NOTICE`).
fn slt_statements() -> Vec<(String, String)> {
    let corpus: serde_json::Value =
        serde_json::from_str(include_str!("fuzz/slt_corpus.json")).expect("the sqllogictest corpus is JSON");
    corpus
        .as_array()
        .expect("the corpus is a list")
        .iter()
        .filter_map(|r| Some((r["file"].as_str()?.to_string(), r["sql"].as_str()?.to_string())))
        .collect()
}

fn fuzz() -> String {
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a runtime");
    let mut wh = Warehouse::new().expect("a warehouse");
    rt.block_on(wh.load_social(&params(), |_| {})).expect("the network builds");
    let before = fingerprint(&wh.catalog());
    let mut report = String::new();

    let sources: [(&str, Vec<(String, String)>); 3] = [
        ("regressions", regressions().into_iter().map(|s| ("regression".to_string(), s)).collect()),
        (
            "grammar",
            grammar::cases_for(2026, GENERATED, &params().start, params().days)
                .into_iter()
                .map(|c| (c.family.to_string(), c.sql))
                .collect(),
        ),
        ("sqllogictest", slt_statements()),
    ];
    let mut panics = 0;
    for (source, cases) in sources {
        let started = Instant::now();
        let mut tally = Tally::default();
        for (i, (family, sql)) in cases.iter().enumerate() {
            let t0 = Instant::now();
            let outcome = run_one(&rt, &wh, sql);
            let took = t0.elapsed();
            // Said as it happens, so a run that drags shows where.
            if took > SLOW {
                eprintln!("slow ({:.1} s) {source} #{i} {family}: {}", took.as_secs_f64(), preview(sql));
            }
            if (i + 1) % 2_000 == 0 {
                eprintln!("{source}: {} of {} in {:.0} s", i + 1, cases.len(), started.elapsed().as_secs_f64());
            }
            tally.add(family, sql, outcome, took);
        }
        report += &tally.report(source, started.elapsed());
        panics += tally.panics.len();
        assert_eq!(fingerprint(&wh.catalog()), before, "{source} changed the warehouse");
    }
    assert_eq!(panics, 0, "panics:\n{report}");
    report
}

#[test]
fn every_statement_ends_in_a_result_or_a_clear_error() {
    let report = std::thread::Builder::new()
        .name("sql-fuzz".into())
        .stack_size(STACK)
        .spawn(fuzz)
        .expect("a thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let _ = std::fs::write(format!("{target}/sql-fuzz.txt"), &report);
    eprintln!("{report}");
}
