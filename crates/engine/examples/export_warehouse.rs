//! Writes the warehouse export zip of a social network, as the page's "Export warehouse"
//! does: for running its SQL on DuckDB, DataFusion and Spark (`scripts/outgrow-check.sh`,
//! `scripts/outgrow-spark.sh`).
//!
//! `cargo run -p playground-engine --example export_warehouse -- OUT.zip [users] [days]`
//! (default: the small network, 200 users over 30 days).

use playground_engine::protocol::SocialParams;
use playground_engine::Warehouse;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().ok_or("usage: export_warehouse OUT.zip [users] [days]")?;
    let mut params = SocialParams::small();
    if let Some(users) = args.next() {
        params.users = users.parse().map_err(|_| format!("users: not a number: {users}"))?;
    }
    if let Some(days) = args.next() {
        params.days = days.parse().map_err(|_| format!("days: not a number: {days}"))?;
    }
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let file = runtime.block_on(async {
        let mut wh = Warehouse::new().map_err(|e| e.message)?;
        wh.load_social(&params, |_| {}).await.map_err(|e| e.message)?;
        wh.export_warehouse().await.map_err(|e| e.message)
    })?;
    std::fs::write(&out, &file.bytes)?;
    println!("wrote {out}: {} ({} bytes)", file.summary, file.bytes.len());
    Ok(())
}
