//! Simulating a backfill of this warehouse: task times are the build's real pipeline
//! runs (and the daily aggregate, timed now on a few days), scheduled at any scale.

use playground_protocol::{EngineError, FailurePlan, Model, Simulation, SimulationRequest};

use crate::error::bad_input;
use crate::pipelines::{aggregate, render};
use crate::Warehouse;

use playground_backfill::{simulate, Dag};

/// Five years of days.
pub const MAX_DAYS: u32 = 1826;
/// The most workers a simulation may use.
pub const MAX_CONCURRENCY: u32 = 256;
/// Days the daily aggregate is timed on.
const AGGREGATE_SAMPLES: usize = 5;

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
    /// Simulates backfilling `request.days` days of both models. The daily aggregate is
    /// timed on a few days the first time and remembered until the next build.
    pub async fn simulate(&mut self, request: &SimulationRequest) -> Result<Simulation, EngineError> {
        check(request).map_err(bad_input)?;
        if self.task_ms().is_empty() {
            return Err(bad_input(
                "build the social network first: the simulation draws its task times from the build",
            ));
        }
        if self.aggregate_ms.is_none() {
            let growth = self.storage_growth();
            let step = (growth.len() / AGGREGATE_SAMPLES).max(1);
            let mut timed = [Vec::new(), Vec::new()];
            for point in growth.iter().step_by(step).take(AGGREGATE_SAMPLES) {
                for (i, template) in [aggregate::DATESTAMP_SQL, aggregate::SCD2_SQL].iter().enumerate() {
                    let sql = render(template, &point.ds).map_err(bad_input)?;
                    timed[i].push(self.run(&sql, 10).await?.metrics.elapsed_ms);
                }
            }
            self.aggregate_ms = Some(timed);
        }
        let measured = self.task_ms();
        let aggregate_ms = self.aggregate_ms.clone().unwrap_or_default();
        let growth = self.storage_growth();
        let mut mean_task_ms = Vec::new();
        let mut run = |model: Model, aggregate: &Vec<f64>| {
            let dag = Dag::daily(model, request.days);
            let last = dag.pipelines.len() - 1;
            let costs: Vec<Vec<f64>> = dag
                .pipelines
                .iter()
                .enumerate()
                .map(|(i, p)| if i == last { aggregate.clone() } else { measured.get(*p).cloned().unwrap_or_default() })
                .collect();
            for (p, c) in dag.pipelines.iter().zip(&costs) {
                if !mean_task_ms.iter().any(|(name, _): &(String, f64)| name == p) && !c.is_empty() {
                    mean_task_ms.push((p.to_string(), c.iter().sum::<f64>() / c.len() as f64));
                }
            }
            simulate(&dag, &costs, request.concurrency, request.seed, &request.failures, request.policy)
        };
        let datestamp = run(Model::Datestamp, &aggregate_ms[0]);
        let scd2 = run(Model::Scd2, &aggregate_ms[1]);
        Ok(Simulation { datestamp, scd2, mean_task_ms, measured_days: growth.len() as u32 })
    }
}
