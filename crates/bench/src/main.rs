//! `playground-bench export --users N --days D --out DIR` writes a warehouse for the
//! benchmark; `playground-bench native --data DIR --runs N --out FILE` runs the suite on
//! native DataFusion over it, in both modes (Parquet files and in-memory Arrow tables),
//! and writes the timings as JSON; `playground-bench levers --data DIR --runs N` times
//! each storage and DataFusion setting on its own (see `levers`).

use std::path::PathBuf;
use std::process::ExitCode;

use playground_bench::export::{export, to_json};
use playground_bench::native::{bench, Mode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("playground-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn flag<'a>(args: &'a [String], name: &str) -> Result<&'a str, String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
        .ok_or_else(|| format!("missing {name} VALUE"))
}

fn number(args: &[String], name: &str) -> Result<u32, String> {
    let v = flag(args, name)?;
    v.parse().map_err(|_| format!("{name} takes a whole number, not {v:?}"))
}

fn run(args: &[String]) -> Result<(), String> {
    let runtime =
        tokio::runtime::Builder::new_current_thread().build().map_err(|e| format!("no async runtime: {e}"))?;
    match args.first().map(String::as_str) {
        Some("export") => {
            let out = PathBuf::from(flag(args, "--out")?);
            let (users, days) = (number(args, "--users")?, number(args, "--days")?);
            let m = runtime.block_on(export(users, days, &out))?;
            let bytes: u64 = m.tables.iter().flat_map(|t| &t.parquet).map(|f| f.bytes).sum();
            println!(
                "exported {users} users x {days} days ({} to {}) to {}: {bytes} bytes of Parquet, built in {:.0} ms",
                m.first_day,
                m.last_day,
                out.display(),
                m.build_ms
            );
            Ok(())
        }
        Some("native") => {
            let dir = PathBuf::from(flag(args, "--data")?);
            let runs = number(args, "--runs")?.max(1);
            let out = PathBuf::from(flag(args, "--out")?);
            let mut reports = Vec::new();
            for mode in [Mode::Parquet, Mode::Arrow] {
                reports.push(runtime.block_on(bench(&dir, mode, runs))?);
            }
            std::fs::write(&out, to_json(&reports)?).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!("native suite: {} modes x {runs} runs written to {}", reports.len(), out.display());
            Ok(())
        }
        Some("levers") => {
            let dir = PathBuf::from(flag(args, "--data")?);
            let runs = number(args, "--runs")?.max(1);
            let only = flag(args, "--only").ok();
            let runs = runtime.block_on(playground_bench::levers::run(&dir, runs, only))?;
            println!("{}", playground_bench::levers::markdown(&runs));
            if let Ok(out) = flag(args, "--out") {
                std::fs::write(out, to_json(&runs)?).map_err(|e| format!("cannot write {out}: {e}"))?;
            }
            Ok(())
        }
        _ => {
            Err("usage: playground-bench export --users N --days D --out DIR | native --data DIR --runs N --out FILE \
                  | levers --data DIR --runs N [--only NAME,NAME] [--out FILE]"
                .into())
        }
    }
}
