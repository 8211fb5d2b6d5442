//! A real backfill as asked on the lab's form: how many days from where, on how many
//! workers, with which injected crashes.

use playground_backfill::CrashPlan;

/// A real backfill as asked on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct RealAsk {
    /// How many days.
    pub days: u32,
    /// The first of them; `None` for the last days of the warehouse.
    pub from: Option<String>,
    /// Pool size.
    pub workers: u32,
    /// The attempts that crash their worker.
    pub crashes: CrashPlan,
}

impl RealAsk {
    /// The days asked for, out of the days the warehouse holds, or why they are not all
    /// there.
    pub fn days_in(&self, built: &[String]) -> Result<Vec<String>, String> {
        let count = self.days as usize;
        let start = match &self.from {
            None => Some(built.len().saturating_sub(count)),
            Some(from) => built.iter().position(|d| d == from),
        };
        match start.filter(|s| s + count <= built.len()) {
            Some(s) => Ok(built[s..s + count].to_vec()),
            None => Err(format!(
                "{count} days from {} are not all in the warehouse ({} to {})",
                self.from.as_deref().unwrap_or("the end"),
                built.first().map_or("", String::as_str),
                built.last().map_or("", String::as_str)
            )),
        }
    }
}
