//! Writes the hostile inputs the browser tests feed the playground: a sample of generated
//! SQL statements and every broken file, from the same generators as the native fuzz
//! tests (`tests/fuzz/`).
//!
//! ```text
//! cargo run --example hostile_corpus -- <out dir> [statements]
//! ```
//! writes `<out>/sql-sample.json` (`[{"family", "sql"}]`, for a network of 40 users over
//! 6 days from 2024-01-01) and `<out>/broken/<name>` for each broken file.

#[path = "../tests/fuzz/broken_files.rs"]
mod broken_files;
#[path = "../tests/fuzz/grammar.rs"]
mod grammar;

use std::path::PathBuf;

/// Longest statement in the browser's sample: the editor takes a pasted 100 KB in well
/// under a second; the native run covers the rest.
const MAX_BROWSER_SQL: usize = 100_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().ok_or("usage: hostile_corpus <out dir> [statements]")?);
    let count: usize = args.next().map_or(Ok(1000), |n| n.parse())?;
    let sample: Vec<serde_json::Value> = grammar::cases_for(7, count * 2, "2024-01-01", 6)
        .into_iter()
        .filter(|c| c.sql.len() <= MAX_BROWSER_SQL)
        .take(count)
        .map(|c| serde_json::json!({ "family": c.family, "sql": c.sql }))
        .collect();
    if sample.len() < count {
        return Err(format!("only {} statements of {count} fit the browser's size", sample.len()).into());
    }
    std::fs::create_dir_all(out.join("broken"))?;
    std::fs::write(out.join("sql-sample.json"), serde_json::to_string(&sample)?)?;
    let broken = broken_files::corpus();
    for file in &broken {
        std::fs::write(out.join("broken").join(&file.name), &file.bytes)?;
    }
    println!("wrote {} statements and {} broken files to {}", sample.len(), broken.len(), out.display());
    Ok(())
}
