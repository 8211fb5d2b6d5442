//! Building the social warehouse: every day, land the raw snapshot, then run that day's
//! datestamp, SCD2 and SCD1 pipelines, in order, each model's daily aggregate after its
//! dimensions.

use std::collections::BTreeMap;

use datafusion::common::instant::Instant;
use playground_protocol::{EngineError, SocialParams, StoragePoint};

use crate::error::bad_input;
use crate::parquet_io::write_parquet;
use crate::pipelines::{aggregate, datestamp, scd1, scd2, ROW_GROUP_ROWS};
use crate::Warehouse;

use super::generator::Generator;
use super::params::{validate, validate_with_limit, MAX_SOURCE_ROWS};

/// Reported after each day is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildProgress {
    /// Days built so far.
    pub done: u32,
    /// Days in all.
    pub days: u32,
    /// The day just built.
    pub ds: String,
}

/// Where the build's time went, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildReport {
    /// Days built.
    pub days: u32,
    /// Generating the raw snapshots.
    pub generate_ms: f64,
    /// Encoding and storing the raw partitions.
    pub load_raw_ms: f64,
    /// The datestamp pipelines.
    pub datestamp_ms: f64,
    /// The SCD2 merges.
    pub scd2_ms: f64,
    /// The SCD1 overwrite.
    pub scd1_ms: f64,
    /// All of it.
    pub total_ms: f64,
    /// Storage of each history model after each day.
    pub storage_growth: Vec<StoragePoint>,
    /// Every run of every pipeline, in milliseconds, by output table.
    pub task_ms: BTreeMap<&'static str, Vec<f64>>,
}

fn ms_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// The day the damaged `dim_users_scd2_botched` table was botched: the compare view's
/// default as-of day (three months before the last day, or the first day if later),
/// moved to the second day if it is the first, when nothing has been closed yet. The
/// damage shows from that day on, so the default view shows it.
///
/// ```
/// use playground_engine::{protocol::SocialParams, social::botched_day};
/// assert_eq!(botched_day(&SocialParams::default()), "2024-10-16");
/// assert_eq!(botched_day(&SocialParams::small()), "2024-12-19");
/// ```
pub fn botched_day(params: &SocialParams) -> String {
    let Ok(start) = validate(params) else { return params.start.clone() };
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let last = start + chrono::Days::new(u64::from(params.days.saturating_sub(1)));
    let thresholds = playground_queries::Thresholds::for_users(params.users);
    let past = playground_queries::QuestionParams::for_range(&params.start, &day(last), thresholds).past;
    if past > params.start {
        past
    } else {
        day(start + chrono::Days::new(u64::from(params.days > 1)))
    }
}

/// Builds the social warehouse into `wh`, day by day. Parameters are checked before any
/// work starts; a failure part-way leaves `wh` part-built, so callers that must keep
/// their previous warehouse build into a fresh one and swap it in on success.
///
/// ```
/// # futures::executor::block_on(async {
/// use playground_engine::{protocol::SocialParams, social::build_social, Warehouse};
/// let mut wh = Warehouse::new().unwrap();
/// let params = SocialParams { users: 30, days: 3, ..SocialParams::small() };
/// let report = build_social(&mut wh, &params, |_| {}).await.unwrap();
/// assert_eq!(report.days, 3);
/// assert!(wh.catalog().tables.iter().any(|t| t.name == "dim_users_scd2"));
/// # });
/// ```
pub async fn build_social(
    wh: &mut Warehouse,
    params: &SocialParams,
    progress: impl FnMut(BuildProgress),
) -> Result<BuildReport, EngineError> {
    build_social_with_limit(wh, params, MAX_SOURCE_ROWS, progress).await
}

/// Like [`build_social`] with another cap on source rows (see
/// [`validate_with_limit`](crate::social::validate_with_limit)), for native builds.
pub async fn build_social_with_limit(
    wh: &mut Warehouse,
    params: &SocialParams,
    max_source_rows: u64,
    mut progress: impl FnMut(BuildProgress),
) -> Result<BuildReport, EngineError> {
    let start = validate_with_limit(params, max_source_rows).map_err(bad_input)?;
    let began = Instant::now();
    let mut report = BuildReport { days: params.days, ..BuildReport::default() };
    let mut generator = Generator::new(params, start);
    wh.network = Some(params.clone());
    for pipeline in &scd2::PIPELINES {
        pipeline.create_empty(wh).await?;
    }
    for day in 0..params.days {
        let t = Instant::now();
        let snapshot = generator.next_day().map_err(|e| crate::to_engine_error(&e))?;
        report.generate_ms += ms_since(t);

        let t = Instant::now();
        let ds = snapshot.ds.clone();
        for (table, batch) in snapshot.tables() {
            let bytes =
                write_parquet(std::slice::from_ref(batch), ROW_GROUP_ROWS).map_err(|e| crate::to_engine_error(&e))?;
            wh.load_partition(table, &ds, bytes).await?;
        }
        report.load_raw_ms += ms_since(t);

        let t = Instant::now();
        for pipeline in &datestamp::PIPELINES {
            let task = Instant::now();
            pipeline.run(wh, &ds).await?;
            report.task_ms.entry(pipeline.table).or_default().push(ms_since(task));
        }
        let task = Instant::now();
        aggregate::run_datestamp(wh, &ds).await?;
        report.task_ms.entry(aggregate::DATESTAMP_TABLE).or_default().push(ms_since(task));
        report.datestamp_ms += ms_since(t);

        let t = Instant::now();
        for pipeline in &scd2::PIPELINES {
            let task = Instant::now();
            pipeline.run(wh, &ds).await?;
            report.task_ms.entry(pipeline.table).or_default().push(ms_since(task));
        }
        let task = Instant::now();
        aggregate::run_scd2(wh, &ds).await?;
        report.task_ms.entry(aggregate::SCD2_TABLE).or_default().push(ms_since(task));
        report.scd2_ms += ms_since(t);

        let t = Instant::now();
        scd1::run(wh, &ds).await?;
        report.scd1_ms += ms_since(t);

        let datestamped_today: u64 = datestamp::PIPELINES.iter().map(|p| wh.partition_bytes(p.table, &ds)).sum();
        let datestamped_before = report.storage_growth.last().map_or(0, |p| p.datestamped_bytes);
        report.storage_growth.push(StoragePoint {
            ds: ds.clone(),
            datestamped_bytes: datestamped_before + datestamped_today,
            scd2_bytes: scd2::PIPELINES.iter().map(|p| wh.stored_bytes(p.table)).sum(),
            scd1_bytes: wh.stored_bytes(scd1::TABLE),
        });

        progress(BuildProgress { done: day + 1, days: params.days, ds });
    }
    // The pitfall gallery's damaged table.
    scd2::write_botched_copy(wh, &botched_day(params)).await?;
    report.total_ms = ms_since(began);
    Ok(report)
}
