//! Benchmark: builds the default social warehouse natively and prints where the time
//! went, per pipeline family, plus the rows and bytes of each history model.
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
        for (pipeline, ms) in &r.task_ms {
            println!("{pipeline:<24} {:>8.1} ms a day (mean)", ms.iter().sum::<f64>() / ms.len().max(1) as f64);
        }
        for t in wh.catalog().tables {
            println!("{:<24} {:>10} rows {:>12} bytes {:>4} files", t.name, t.rows(), t.bytes(), t.partitions.len());
        }
        Ok::<_, String>(())
    })?;
    Ok(())
}
