//! The warehouse natively: Hive-partitioned registration, DataFusion's partition and
//! row-group pruning as seen in the metrics, and every error path a user can reach.

use bytes::Bytes;
use playground_engine::demo::{demo_partitions, DEMO_TABLE};
use playground_engine::protocol::{ErrorKind, Request, Response};
use playground_engine::Warehouse;

async fn demo() -> Warehouse {
    let mut wh = Warehouse::new().expect("warehouse");
    wh.load_demo().await.expect("demo loads");
    wh
}

fn cell(r: &playground_engine::protocol::QueryResult, col: usize, row: usize) -> String {
    r.columns[col].values.display(row).unwrap_or_else(|| "NULL".into())
}

#[tokio::test]
async fn demo_table_is_registered_as_hive_partitions() {
    let wh = demo().await;
    let catalog = wh.catalog();
    let t = &catalog.tables[0];
    assert_eq!(t.name, DEMO_TABLE);
    assert_eq!(t.partitions.len(), 7);
    assert_eq!(t.partitions[0].ds, "2024-10-01");
    assert_eq!(t.partitions[6].ds, "2024-10-07");
    assert!(t.partitions.iter().all(|p| p.rows == 800 && p.bytes > 1000));
    let names: Vec<_> = t.columns.iter().map(|c| (c.name.as_str(), c.data_type.as_str())).collect();
    assert_eq!(
        names,
        [("event_id", "Int64"), ("user_id", "Int64"), ("event_type", "Utf8"), ("amount", "Float64"), ("ds", "Utf8")]
    );
    // The files live where a Hive-style reader expects them.
    let r = wh.run("SELECT count(DISTINCT ds) AS days, count(*) AS n FROM demo_events", 10).await.unwrap();
    assert_eq!((cell(&r, 0, 0), cell(&r, 1, 0)), ("7".into(), "5600".into()));
}

#[tokio::test]
async fn ds_filter_prunes_other_partitions_inside_datafusion() {
    let wh = demo().await;
    let r = wh.run("SELECT ds, count(*) AS n FROM demo_events WHERE ds = '2024-10-04' GROUP BY ds", 100).await.unwrap();
    assert_eq!(r.total_rows, 1);
    assert_eq!((cell(&r, 0, 0), cell(&r, 1, 0)), ("2024-10-04".into(), "800".into()));
    let m = &r.metrics;
    assert_eq!((m.partitions_total, m.partitions_scanned, m.partitions_pruned()), (7, 1, 6));
    assert!(r.plan_with_metrics.contains("DataSourceExec"), "{}", r.plan_with_metrics);

    let all = wh.run("SELECT sum(amount) FROM demo_events", 10).await.unwrap();
    assert_eq!((all.metrics.partitions_scanned, all.metrics.partitions_pruned()), (7, 0));
    assert_eq!(all.metrics.rows_scanned, 5600);
    assert!(all.metrics.bytes_scanned > 0);

    let range =
        wh.run("SELECT sum(amount) FROM demo_events WHERE ds BETWEEN '2024-10-02' AND '2024-10-03'", 10).await.unwrap();
    assert_eq!((range.metrics.partitions_scanned, range.metrics.partitions_pruned()), (2, 5));
}

#[tokio::test]
async fn statistics_prune_row_groups() {
    let wh = demo().await;
    let r = wh.run("SELECT count(*) FROM demo_events WHERE event_id BETWEEN 3000 AND 3099", 10).await.unwrap();
    assert_eq!(cell(&r, 0, 0), "100");
    // Ids 3000..3099 live in day 4's file (ids 2400..3199), in its second row group.
    // The other six files are skipped from file statistics, then 3 of day 4's 4 row groups.
    assert_eq!(r.metrics.files_pruned, 6);
    assert_eq!((r.metrics.partitions_scanned, r.metrics.partitions_pruned()), (1, 6));
    assert_eq!(r.metrics.row_groups_matched, 1);
    assert_eq!(r.metrics.row_groups_pruned, 3);
}

#[tokio::test]
async fn large_results_keep_the_first_rows_and_count_the_rest() {
    let wh = demo().await;
    let r = wh.run("SELECT * FROM demo_events ORDER BY event_id", 25).await.unwrap();
    assert_eq!(r.kept_rows, 25);
    assert_eq!(r.total_rows, 5600);
    assert_eq!(r.metrics.output_rows, 5600);
    assert_eq!(r.columns.len(), 5);
    assert!(r.columns[0].values.is_numeric());
    assert_eq!(cell(&r, 0, 24), "24");
}

#[tokio::test]
async fn replacing_a_partition_swaps_it_whole() {
    let mut wh = demo().await;
    let parts = demo_partitions().unwrap();
    // Put day 2's file in day 1's place: same schema, different rows.
    wh.load_partition(DEMO_TABLE, "2024-10-01", parts[1].1.clone()).await.unwrap();
    let r = wh.run("SELECT min(event_id) FROM demo_events WHERE ds = '2024-10-01'", 10).await.unwrap();
    assert_eq!(cell(&r, 0, 0), "800");
    assert_eq!(wh.catalog().tables[0].partitions.len(), 7);
}

#[tokio::test]
async fn bad_sql_reports_line_and_column() {
    let wh = demo().await;
    let e = wh.run("SELECT *\nFROM demo_events\nWHERE ds = = '2024-10-01'", 10).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Syntax);
    let p = e.position.expect("a position");
    assert_eq!(p.line, 3, "{}", e.message);
    assert!(p.column >= 10, "{e:?}");
}

#[tokio::test]
async fn unknown_table_and_column_are_named() {
    let wh = demo().await;
    let e = wh.run("SELECT * FROM no_such_table", 10).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Plan);
    assert!(e.message.contains("no_such_table"), "{}", e.message);

    let e = wh.run("SELECT no_such_column FROM demo_events", 10).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Plan);
    assert!(e.message.contains("no_such_column"), "{}", e.message);
    assert_eq!(e.position.map(|p| (p.line, p.column)), Some((1, 8)));
}

#[tokio::test]
async fn writes_and_empty_input_are_refused() {
    let wh = demo().await;
    for sql in ["CREATE TABLE t AS SELECT 1", "DROP TABLE demo_events", "SET datafusion.execution.batch_size = 1"] {
        let e = wh.run(sql, 10).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotAllowed, "{sql}: {e:?}");
    }
    let e = wh.run("  ;  ", 10).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::BadInput);
    // Still there and still answering.
    let r = wh.run("SELECT count(*) FROM demo_events", 10).await.unwrap();
    assert_eq!(cell(&r, 0, 0), "5600");
    // Answered from file statistics: the table's 7 partitions listed, none opened, none
    // counted as pruned, and the strip says so rather than calling the table unpartitioned.
    assert!(r.metrics.answered_from_statistics);
    assert_eq!((r.metrics.partitions_total, r.metrics.partitions_scanned, r.metrics.partitions_pruned()), (7, 0, 0));
    assert_eq!(r.metrics.partitions_summary(), "none of 7 read: answered from file statistics");
}

#[tokio::test]
async fn bad_loads_are_refused_and_change_nothing() {
    let mut wh = demo().await;
    let before = wh.catalog();
    let good = demo_partitions().unwrap()[0].1.clone();
    let cases: Vec<(&str, &str, Bytes, &str)> = vec![
        ("demo_events", "2024-02-30", good.clone(), "calendar day"),
        ("demo_events", "yesterday", good.clone(), "calendar day"),
        ("Demo Events", "2024-10-01", good.clone(), "not allowed"),
        ("demo_events", "2024-10-08", Bytes::from_static(b"not parquet at all"), "not a readable Parquet"),
        ("demo_events", "2024-10-08", good.slice(0..good.len() / 2), "not a readable Parquet"),
    ];
    for (table, ds, bytes, expect) in cases {
        let e = wh.load_partition(table, ds, bytes).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadInput);
        assert!(e.message.contains(expect), "{table} {ds}: {}", e.message);
    }
    // A file with other columns, and one carrying its own ds column.
    let mut other = Warehouse::new().unwrap();
    let odd = playground_engine::parquet_io::write_parquet(
        &other.context().sql("SELECT 1 AS x").await.unwrap().collect().await.unwrap(),
        100,
    )
    .unwrap();
    let e = wh.load_partition("demo_events", "2024-10-08", odd).await.unwrap_err();
    assert!(
        e.message.contains("has columns (x Int64 NOT NULL) but demo_events has (event_id Int64 NOT NULL"),
        "{}",
        e.message
    );
    let with_ds = playground_engine::parquet_io::write_parquet(
        &other.context().sql("SELECT 1 AS x, 'a' AS ds").await.unwrap().collect().await.unwrap(),
        100,
    )
    .unwrap();
    let e = other.load_partition("t", "2024-10-08", with_ds).await.unwrap_err();
    assert!(e.message.contains("own `ds` column"), "{}", e.message);
    assert_eq!(wh.catalog(), before);
}

#[tokio::test]
async fn memory_limit_turns_a_runaway_query_into_an_error() {
    let mut wh = Warehouse::with_memory_limit(4 << 20).unwrap();
    wh.load_demo().await.unwrap();
    let e = wh
        .run("SELECT a.event_id, b.event_id FROM demo_events a, demo_events b ORDER BY a.amount, b.amount", 10)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Execution);
    assert!(e.message.contains("Resources exhausted"), "{}", e.message);
    let r = wh.run("SELECT count(*) FROM demo_events", 10).await.unwrap();
    assert_eq!(cell(&r, 0, 0), "5600");
}

#[tokio::test]
async fn requests_are_answered_through_the_protocol() {
    let mut wh = Warehouse::new().unwrap();
    match wh.handle(Request::LoadDemo).await {
        Response::Loaded { catalog, .. } => assert_eq!(catalog.tables.len(), 1),
        other => panic!("{other:?}"),
    }
    match wh.handle(Request::Explain { sql: "SELECT * FROM demo_events WHERE ds = '2024-10-02'".into() }).await {
        Response::Plan(p) => assert!(p.contains("DataSourceExec"), "{p}"),
        other => panic!("{other:?}"),
    }
    match wh.handle(Request::Run { sql: "SELEC 1".into(), max_rows: 5 }).await {
        Response::Error(e) => assert_eq!(e.kind, ErrorKind::Syntax),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
#[should_panic(expected = "boom")]
async fn engine_panic_panics_on_purpose() {
    let wh = demo().await;
    let _ = wh.run("SELECT engine_panic('boom')", 10).await;
}

#[tokio::test]
async fn the_catalog_names_the_functions_the_editor_completes() {
    let wh = demo().await;
    let functions = wh.catalog().functions;
    // Scalar, aggregate and window functions, each once, in order.
    for f in ["date_trunc", "count", "approx_distinct", "row_number", "lag", "coalesce"] {
        assert!(functions.iter().any(|n| n == f), "{f} missing from {} functions", functions.len());
    }
    assert!(functions.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
}
