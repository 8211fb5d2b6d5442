//! The pipelines of one history model as a DAG of daily tasks.

use playground_protocol::Model;

use crate::daily::{DATESTAMP_AGGREGATE, DATESTAMP_TABLES, SCD2_AGGREGATE};

/// One task: a pipeline run for one day, and the tasks it waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSpec {
    /// Day of the backfill, from 0.
    pub day: u32,
    /// Index into [`Dag::pipelines`].
    pub pipeline: u32,
    /// Indexes of the tasks that must finish first; always lower than this task's own.
    pub deps: Vec<usize>,
}

/// Every task of a backfill of one model, in an order where dependencies come first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dag {
    /// The model.
    pub model: Model,
    /// Pipeline names; the last is the daily aggregate.
    pub pipelines: Vec<&'static str>,
    /// Tasks, day by day, pipelines in order within a day.
    pub tasks: Vec<TaskSpec>,
}

/// Pipelines of the datestamp model: three dimensions, the fact, the daily aggregate.
pub const DATESTAMP_PIPELINES: [&str; 5] = [
    DATESTAMP_TABLES[0].table,
    DATESTAMP_TABLES[1].table,
    DATESTAMP_TABLES[2].table,
    DATESTAMP_TABLES[3].table,
    DATESTAMP_AGGREGATE,
];

/// Pipelines of the SCD2 model: three merges, the same fact, the daily aggregate.
pub const SCD2_PIPELINES: [&str; 5] =
    ["dim_users_scd2", "dim_devices_scd2", "dim_relationships_scd2", "fct_post_views", SCD2_AGGREGATE];

/// Index of the relationships task in both models (where "fail on day N" strikes).
pub const RELATIONSHIPS: u32 = 2;

const DIMENSIONS: u32 = 3;
const AGGREGATE: u32 = 4;

impl Dag {
    /// The DAG of backfilling `days` days of `model`.
    ///
    /// ```
    /// use playground_backfill::Dag;
    /// use playground_protocol::Model;
    /// let scd2 = Dag::daily(Model::Scd2, 2);
    /// // Day 1's users merge waits for day 0's; the datestamp one waits for nothing.
    /// assert_eq!(scd2.tasks[5].deps, vec![0]);
    /// assert!(Dag::daily(Model::Datestamp, 2).tasks[5].deps.is_empty());
    /// ```
    pub fn daily(model: Model, days: u32) -> Self {
        let per_day = DATESTAMP_PIPELINES.len();
        let mut tasks = Vec::with_capacity(days as usize * per_day);
        for day in 0..days {
            let base = day as usize * per_day;
            for pipeline in 0..per_day as u32 {
                let deps = match (model, pipeline) {
                    // The daily aggregate reads the day's dimensions.
                    (_, AGGREGATE) => (0..DIMENSIONS as usize).map(|p| base + p).collect(),
                    // An SCD2 merge reads the state the previous day's merge left.
                    (Model::Scd2, p) if p < DIMENSIONS && day > 0 => {
                        vec![base - per_day + p as usize]
                    }
                    _ => Vec::new(),
                };
                tasks.push(TaskSpec { day, pipeline, deps });
            }
        }
        let pipelines = match model {
            Model::Datestamp => DATESTAMP_PIPELINES.to_vec(),
            Model::Scd2 => SCD2_PIPELINES.to_vec(),
        };
        Self { model, pipelines, tasks }
    }

    /// For every task, the tasks that wait for it.
    pub fn dependents(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.tasks.len()];
        for (i, t) in self.tasks.iter().enumerate() {
            for &d in &t.deps {
                out[d].push(i);
            }
        }
        out
    }
}
