//! Benchmark: builds the default social warehouse natively and prints where the time
//! went, per step and per output table (each built set-based, all days at once), plus
//! the rows and bytes of each table.
//!
//! `cargo run -p playground-engine --example build_social --profile fast [-- USERS DAYS]`

use playground_engine::protocol::SocialParams;
use playground_engine::social::build_social;
use playground_engine::Warehouse;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut params = SocialParams::default();
    if let Some(users) = args.first() {
        params.users = users.parse()?;
    }
    if let Some(days) = args.get(1) {
        params.days = days.parse()?;
    }
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(async {
        let mut wh = Warehouse::new().map_err(|e| e.message)?;
        let r = build_social(&mut wh, &params, |_| {}).await.map_err(|e| e.message)?;
        println!(
            "built {} users x {} days in {:.0} ms: generate {:.0}, raw {:.0}, datestamp {:.0}, scd2 {:.0}, scd1 {:.0}",
            params.users, params.days, r.total_ms, r.generate_ms, r.load_raw_ms, r.datestamp_ms, r.scd2_ms, r.scd1_ms
        );
        for (table, ms) in &r.statement_ms {
            println!("{table:<24} {ms:>8.1} ms, all days");
        }
        for t in wh.catalog().tables {
            println!("{:<24} {:>10} rows {:>12} bytes {:>4} files", t.name, t.rows(), t.bytes(), t.partitions.len());
        }
        Ok::<_, String>(())
    })?;
    Ok(())
}
