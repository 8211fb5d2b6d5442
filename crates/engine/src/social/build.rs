//! Building the social warehouse: land every day's raw snapshot, then build each model
//! set-based, one statement per table over all the days: the datestamp pipelines widened
//! to the range ([`crate::pipelines::render_range`]), the SCD2 tables rebuilt from those
//! snapshots in one pass ([`crate::pipelines::scd2_rebuild`]), each model's daily
//! aggregate after its dimensions. The day-by-day path (the daily run, a backfill, the
//! bug-fix replay) runs the same statements one day at a time.

use std::collections::BTreeMap;

use datafusion::common::instant::Instant;
use playground_protocol::{EngineError, SocialParams, StoragePoint};

use crate::error::bad_input;
use crate::parquet_io::write_parquet;
use crate::pipelines::{aggregate, datestamp, scd1, scd2, ROW_GROUP_ROWS};
use crate::{ms_since, Warehouse};

use super::generator::Generator;
use super::params::{validate, validate_with_limit, MAX_SOURCE_ROWS};

/// Reported after each step of the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildProgress {
    /// Steps done so far.
    pub done: u32,
    /// Steps in all: a day of raw snapshots each, then a statement each.
    pub steps: u32,
    /// What the step just done was.
    pub step: String,
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
    /// The datestamp pipelines, each over all days at once.
    pub datestamp_ms: f64,
    /// The one-pass SCD2 rebuilds.
    pub scd2_ms: f64,
    /// The SCD1 overwrite.
    pub scd1_ms: f64,
    /// All of it.
    pub total_ms: f64,
    /// Storage of each history model after each day.
    pub storage_growth: Vec<StoragePoint>,
    /// Each statement's time, in milliseconds, by output table.
    pub statement_ms: BTreeMap<&'static str, f64>,
}

/// Adds the time since `t` to `table`'s statements and returns it.
fn timed(report: &mut BuildReport, table: &'static str, t: Instant) -> f64 {
    let ms = ms_since(t);
    *report.statement_ms.entry(table).or_default() += ms;
    ms
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

/// Days of the datestamp pipelines in one statement: bounds the rows a statement holds
/// at once (a day of `relationships` at the default size is about 300,000 rows).
pub const DAYS_PER_STATEMENT: u32 = 30;

/// Builds the social warehouse into `wh`. Parameters are checked before any work
/// starts; a failure part-way leaves `wh` part-built, so callers that must keep their
/// previous warehouse build into a fresh one and swap it in on success.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
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
    let chunks = params.days.div_ceil(DAYS_PER_STATEMENT);
    let statements = chunks * (datestamp::PIPELINES.len() as u32 + 1) + scd2::PIPELINES.len() as u32 + 3;
    let steps = params.days + statements;
    let mut done = 0;
    let mut step = |what: String| {
        done += 1;
        progress(BuildProgress { done, steps, step: what });
    };

    let mut days = Vec::with_capacity(params.days as usize);
    for _ in 0..params.days {
        let t = Instant::now();
        let snapshot = generator.next_day().map_err(|e| crate::to_engine_error(&e))?;
        report.generate_ms += ms_since(t);

        let t = Instant::now();
        for (table, batch) in snapshot.tables() {
            let bytes =
                write_parquet(std::slice::from_ref(batch), ROW_GROUP_ROWS).map_err(|e| crate::to_engine_error(&e))?;
            wh.store_partition(table, &snapshot.ds, bytes).await?;
        }
        report.load_raw_ms += ms_since(t);
        step(format!("raw snapshots of {}", snapshot.ds));
        days.push(snapshot.ds);
    }
    let (Some(first), Some(last)) = (days.first().cloned(), days.last().cloned()) else {
        return Err(bad_input("a network needs at least one day"));
    };

    for chunk in days.chunks(DAYS_PER_STATEMENT as usize) {
        let (from, to) = (&chunk[0], &chunk[chunk.len() - 1]);
        for pipeline in &datestamp::PIPELINES {
            let t = Instant::now();
            pipeline.run_range(wh, from, to).await?;
            let ms = timed(&mut report, pipeline.table, t);
            report.datestamp_ms += ms;
            step(format!("{} from {from} to {to}", pipeline.table));
        }
        let t = Instant::now();
        aggregate::run_datestamp_range(wh, from, to).await?;
        let ms = timed(&mut report, aggregate::DATESTAMP_TABLE, t);
        report.datestamp_ms += ms;
        step(format!("{} from {from} to {to}", aggregate::DATESTAMP_TABLE));
    }

    for pipeline in &scd2::PIPELINES {
        let t = Instant::now();
        pipeline.rebuild(wh, &first, &last).await?;
        let ms = timed(&mut report, pipeline.table, t);
        report.scd2_ms += ms;
        step(format!("{} in one pass", pipeline.table));
    }
    let t = Instant::now();
    aggregate::rebuild_scd2(wh, &first, &last).await?;
    let ms = timed(&mut report, aggregate::SCD2_TABLE, t);
    report.scd2_ms += ms;
    step(format!("{} in one pass", aggregate::SCD2_TABLE));

    let t = Instant::now();
    scd1::run(wh, &last).await?;
    let ms = timed(&mut report, scd1::TABLE, t);
    report.scd1_ms += ms;
    step(format!("{} as of {last}", scd1::TABLE));

    report.storage_growth = storage_growth(wh, &days).await?;
    // The pitfall gallery's damaged table.
    scd2::write_botched_copy(wh, &botched_day(params)).await?;
    step(scd2::BOTCHED_TABLE.to_string());
    report.total_ms = ms_since(began);
    Ok(report)
}

/// Storage of each model after each day. Datestamped: the partitions so far, exactly.
/// SCD2: the tables' bytes in proportion to the versions that existed by that day (a
/// version table's bytes grow with its rows). SCD1: the one day's users.
async fn storage_growth(wh: &Warehouse, days: &[String]) -> Result<Vec<StoragePoint>, EngineError> {
    let mut scd2_by_day = vec![0.0; days.len()];
    for pipeline in &scd2::PIPELINES {
        let total = wh.stored_bytes(pipeline.table) as f64;
        let sql = format!("SELECT valid_from AS day, count(*) AS n FROM {} GROUP BY valid_from", pipeline.table);
        let opened: BTreeMap<String, u64> = rows_by_day(&wh.collect(&sql).await?);
        let versions: u64 = opened.values().sum();
        let mut so_far = 0;
        for (i, ds) in days.iter().enumerate() {
            so_far += opened.get(ds).copied().unwrap_or(0);
            scd2_by_day[i] += total * so_far as f64 / versions.max(1) as f64;
        }
    }
    let mut datestamped = 0;
    Ok(days
        .iter()
        .zip(scd2_by_day)
        .map(|(ds, scd2_bytes)| {
            datestamped += datestamp::PIPELINES.iter().map(|p| wh.partition_bytes(p.table, ds)).sum::<u64>();
            StoragePoint {
                ds: ds.clone(),
                datestamped_bytes: datestamped,
                scd2_bytes: scd2_bytes.round() as u64,
                scd1_bytes: wh.partition_bytes("dim_users", ds),
            }
        })
        .collect())
}

/// A `(day DATE, n BIGINT)` result as a map by `YYYY-MM-DD`.
fn rows_by_day(batches: &[datafusion::arrow::array::RecordBatch]) -> BTreeMap<String, u64> {
    use datafusion::arrow::array::{Array, Date32Array, Int64Array};
    let mut out = BTreeMap::new();
    for b in batches {
        let (Some(day), Some(n)) =
            (b.column(0).as_any().downcast_ref::<Date32Array>(), b.column(1).as_any().downcast_ref::<Int64Array>())
        else {
            continue;
        };
        for i in 0..b.num_rows() {
            if let Some(date) = day.is_valid(i).then(|| day.value_as_date(i)).flatten() {
                out.insert(date.format("%Y-%m-%d").to_string(), n.value(i).max(0) as u64);
            }
        }
    }
    out
}
