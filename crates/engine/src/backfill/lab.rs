//! Simulating a backfill of this warehouse: task times are real daily runs of its
//! pipelines (`daily_costs`), the daily aggregates included, scheduled at any scale.

use playground_protocol::{EngineError, FailurePlan, Model, Simulation, SimulationRequest};

use crate::error::bad_input;
use crate::Warehouse;

use playground_backfill::{simulate, Dag};

/// Five years of days.
pub const MAX_DAYS: u32 = 1826;
/// The most workers a simulation may use.
pub const MAX_CONCURRENCY: u32 = 256;

fn check(r: &SimulationRequest) -> Result<(), String> {
    if !(1..=MAX_DAYS).contains(&r.days) {
        return Err(format!("days must be between 1 and {MAX_DAYS} (five years), not {}", r.days));
    }
    if !(1..=MAX_CONCURRENCY).contains(&r.concurrency) {
        return Err(format!("concurrency must be between 1 and {MAX_CONCURRENCY}, not {}", r.concurrency));
    }
    match r.failures {
        FailurePlan::OnDay(day) if day >= r.days => {
            Err(format!("the failing day must be inside the backfill: 0 to {}, not {day}", r.days - 1))
        }
        FailurePlan::Random { p } if !(0.0..=0.5).contains(&p) => {
            Err(format!("the failure probability must be between 0 and 0.5, not {p}"))
        }
        _ => Ok(()),
    }
}

impl Warehouse {
    /// Simulates backfilling `request.days` days of both models, each task's time drawn
    /// from real daily runs of that pipeline in this warehouse.
    pub async fn simulate(&mut self, request: &SimulationRequest) -> Result<Simulation, EngineError> {
        check(request).map_err(bad_input)?;
        self.ensure_task_costs().await?;
        let measured = self.task_ms();
        let measured_days = measured.values().map(Vec::len).max().unwrap_or(0) as u32;
        let mut mean_task_ms = Vec::new();
        let mut run = |model: Model| {
            let dag = Dag::daily(model, request.days);
            let costs: Vec<Vec<f64>> =
                dag.pipelines.iter().map(|p| measured.get(*p).cloned().unwrap_or_default()).collect();
            for (p, c) in dag.pipelines.iter().zip(&costs) {
                if !mean_task_ms.iter().any(|(name, _): &(String, f64)| name == p) && !c.is_empty() {
                    mean_task_ms.push((p.to_string(), c.iter().sum::<f64>() / c.len() as f64));
                }
            }
            simulate(&dag, &costs, request.concurrency, request.seed, &request.failures, request.policy)
        };
        let datestamp = run(Model::Datestamp);
        let scd2 = run(Model::Scd2);
        Ok(Simulation { datestamp, scd2, mean_task_ms, measured_days })
    }
}
