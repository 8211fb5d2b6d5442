//! The storage and session settings the playground ships (`parquet_io::write_parquet` with
//! `pipelines::ROW_GROUP_ROWS`, `Warehouse::new`) keep DataFusion's pruning at every
//! level: whole partitions by `ds`, row groups by their statistics, pages by the page
//! index. The oracle is the layout itself: 150,000 sorted ids per day cut into row groups
//! of 65,536 rows and pages of at most 20,000.

use std::sync::Arc;

use datafusion::arrow::array::{Int64Array, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use playground_engine::parquet_io::write_parquet;
use playground_engine::pipelines::ROW_GROUP_ROWS;
use playground_engine::protocol::QueryResult;
use playground_engine::Warehouse;

const DAYS: [&str; 3] = ["2024-01-01", "2024-01-02", "2024-01-03"];
const ROWS_PER_DAY: i64 = 150_000;

/// Day `d` holds ids `d * 1,000,000 ..` in order, and `v = id % 7`.
fn day(d: i64) -> RecordBatch {
    let schema =
        Arc::new(Schema::new(vec![Field::new("id", DataType::Int64, false), Field::new("v", DataType::Int64, false)]));
    let ids: Vec<i64> = (0..ROWS_PER_DAY).map(|i| d * 1_000_000 + i).collect();
    let v: Vec<i64> = ids.iter().map(|id| id % 7).collect();
    RecordBatch::try_new(schema, vec![Arc::new(Int64Array::from(ids)), Arc::new(Int64Array::from(v))]).expect("batch")
}

async fn warehouse() -> Warehouse {
    let mut wh = Warehouse::new().expect("warehouse");
    for (d, ds) in DAYS.iter().enumerate() {
        let bytes = write_parquet(&[day(d as i64)], ROW_GROUP_ROWS).expect("parquet");
        wh.load_partition("t", ds, bytes).await.expect("loads");
    }
    wh
}

fn cell(r: &QueryResult, col: usize, row: usize) -> String {
    r.columns[col].values.display(row).unwrap_or_else(|| "NULL".into())
}

#[tokio::test]
async fn shipped_layout_prunes_partitions_row_groups_and_pages() {
    let wh = warehouse().await;
    // 150,000 rows in groups of 65,536: three row groups per day.
    let groups = (ROWS_PER_DAY as usize).div_ceil(ROW_GROUP_ROWS) as u64;
    assert_eq!(groups, 3);

    // Row 70,000 of day 2 is in its second row group, in that group's first page.
    let r = wh
        .run("SELECT count(*), sum(v) FROM t WHERE ds = '2024-01-02' AND id BETWEEN 1070000 AND 1070099", 10)
        .await
        .unwrap();
    let expected_sum: i64 = (1_070_000..=1_070_099).map(|id: i64| id % 7).sum();
    assert_eq!((cell(&r, 0, 0), cell(&r, 1, 0)), ("100".into(), expected_sum.to_string()));
    let m = &r.metrics;
    assert_eq!((m.partitions_total, m.partitions_scanned, m.partitions_pruned()), (3, 1, 2));
    assert_eq!((m.row_groups_matched, m.row_groups_pruned), (1, groups - 1));
    // The page index leaves one page of the matched group: at most 20,000 rows (the
    // writer's page row limit, checked every 1,024 rows), not the group's 65,536.
    assert!(
        m.rows_scanned >= 100 && m.rows_scanned <= 20_480,
        "{} rows scanned\n{}",
        m.rows_scanned,
        r.plan_with_metrics
    );
    assert!(r.plan_with_metrics.contains("page_index_rows_pruned"), "{}", r.plan_with_metrics);

    // Without the ds filter the other days' files are skipped from their statistics.
    let r = wh.run("SELECT count(*) FROM t WHERE id BETWEEN 1070000 AND 1070099", 10).await.unwrap();
    assert_eq!(cell(&r, 0, 0), "100");
    assert_eq!(r.metrics.files_pruned, 2);
    assert_eq!((r.metrics.row_groups_matched, r.metrics.row_groups_pruned), (1, groups - 1));
}

#[tokio::test]
async fn joins_still_prune_by_ds_on_both_sides_without_join_dynamic_filters() {
    let wh = warehouse().await;
    let r = wh
        .run(
            "SELECT count(*) FROM t a JOIN t b ON a.id = b.id AND a.ds = b.ds
             WHERE a.ds = '2024-01-03' AND b.ds = '2024-01-03' AND a.v = 0",
            10,
        )
        .await
        .unwrap();
    let expected = (2_000_000..2_000_000 + ROWS_PER_DAY).filter(|id| id % 7 == 0).count();
    assert_eq!(cell(&r, 0, 0), expected.to_string());
    // Both scans of the table's three partitions read day 3's file alone.
    let plan = &r.plan_with_metrics;
    assert_eq!((r.metrics.partitions_total, r.metrics.partitions_scanned), (3, 1), "{plan}");
    assert_eq!(plan.matches("t/ds=2024-01-03/part-0.parquet").count(), 2, "{plan}");
    assert!(!plan.contains("ds=2024-01-01") && !plan.contains("ds=2024-01-02"), "{plan}");
    // The session turns join dynamic filters off (`Warehouse::with_memory_limit` says why).
    assert!(!plan.contains("DynamicFilter"), "{plan}");
}
