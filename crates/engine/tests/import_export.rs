//! Bringing files in and taking the warehouse out, natively: a Parquet folder of `ds=`
//! partitions and a CSV become tables that answer queries, survive a restart and a new
//! network, and can be removed; every bad file is refused by name with nothing changed;
//! an exported zip loads back into a warehouse that answers every catalog question as
//! the one it came from did (the old warehouse is the oracle).

use std::sync::Arc;

use bytes::Bytes;
use datafusion::arrow::array::{Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use playground_engine::parquet_io::write_parquet;
use playground_engine::protocol::{
    CatalogInfo, ExportFormat, ImportFile, QueryResult, Request, Response, SocialParams, WarehouseImage,
};
use playground_engine::Warehouse;

fn events(day: i64, extra: bool) -> Bytes {
    let mut fields = vec![Field::new("id", DataType::Int64, false), Field::new("kind", DataType::Utf8, false)];
    let mut columns: Vec<Arc<dyn datafusion::arrow::array::Array>> = vec![
        Arc::new(Int64Array::from_iter_values((0..100).map(|i| day * 1000 + i))),
        Arc::new(StringArray::from_iter_values((0..100).map(|i| if i % 3 == 0 { "view" } else { "click" }))),
    ];
    if extra {
        fields.push(Field::new("more", DataType::Int64, false));
        columns.push(Arc::new(Int64Array::from_iter_values(0..100)));
    }
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap();
    write_parquet(&[batch], 1024).unwrap()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn file(path: &str, bytes: impl Into<Vec<u8>>) -> ImportFile {
    ImportFile { path: path.into(), bytes: bytes.into() }
}

fn folder() -> Vec<ImportFile> {
    (1..=3).map(|d| file(&format!("events/ds=2024-10-0{d}/part-0.parquet"), events(d, false).to_vec())).collect()
}

async fn answer(wh: &Warehouse, sql: &str) -> String {
    playground_engine::fixtures::to_csv(&wh.run(sql, 1_000_000).await.unwrap())
}

async fn demo() -> Warehouse {
    let mut wh = Warehouse::new().unwrap();
    wh.load_demo().await.unwrap();
    wh
}

#[tokio::test]
async fn a_parquet_folder_of_ds_partitions_becomes_a_table_that_answers() {
    let mut wh = demo().await;
    let preview = wh.preview_import(folder()).await.unwrap();
    assert_eq!((preview.table.as_str(), preview.format.as_str(), preview.name_taken), ("events", "Parquet", false));
    let cols: Vec<_> = preview.columns.iter().map(|c| (c.name.as_str(), c.data_type.as_str())).collect();
    assert_eq!(cols, [("id", "Int64"), ("kind", "Utf8"), ("ds", "Utf8")]);
    let days: Vec<_> = preview.partitions.iter().map(|p| (p.ds.as_str(), p.rows)).collect();
    assert_eq!(days, [("2024-10-01", 100), ("2024-10-02", 100), ("2024-10-03", 100)]);
    assert!(!wh.has_table("events"), "a preview changes nothing");

    wh.import_staged("my_events").await.unwrap();
    assert_eq!(
        answer(&wh, "SELECT ds, count(*) AS n FROM my_events GROUP BY ds ORDER BY ds").await,
        "ds,n\n2024-10-01,100\n2024-10-02,100\n2024-10-03,100\n"
    );
    // Hand-computed: ids 2000..2099 on day 2, every third a view.
    assert_eq!(
        answer(
            &wh,
            "SELECT count(*) AS views, min(id) AS first FROM my_events WHERE ds = '2024-10-02' AND kind = 'view'"
        )
        .await,
        "views,first\n34,2000\n"
    );
    let t = wh.catalog().tables.into_iter().find(|t| t.name == "my_events").unwrap();
    assert!(t.imported && t.partitioned && t.partitions.len() == 3);

    // Removable; a built table is not.
    assert!(wh.drop_imported("demo_events").await.unwrap_err().message.contains("only imported tables"));
    wh.drop_imported("my_events").await.unwrap();
    assert!(!wh.has_table("my_events"));
    assert!(wh.run("SELECT * FROM my_events", 1).await.is_err());
}

#[tokio::test]
async fn a_csv_is_typed_by_inference_and_a_bom_is_dropped() {
    let mut wh = demo().await;
    let csv = "\u{feff}user,score,joined,active\n1,2.5,2024-01-02,true\n2,,2024-02-03,false\n";
    let preview = wh.preview_import(vec![file("Scores (2024).csv", csv)]).await.unwrap();
    assert_eq!(preview.table, "scores_2024");
    let cols: Vec<_> = preview.columns.iter().map(|c| (c.name.as_str(), c.data_type.as_str(), c.inferred)).collect();
    assert_eq!(
        cols,
        [("user", "Int64", true), ("score", "Float64", true), ("joined", "Date32", true), ("active", "Boolean", true)]
    );
    assert!(preview.notes.iter().any(|n| n.contains("inferred")));
    wh.import_staged("scores").await.unwrap();
    assert_eq!(
        answer(&wh, "SELECT user, score, joined FROM scores ORDER BY user").await,
        "user,score,joined\n1,2.5,2024-01-02\n2,,2024-02-03\n"
    );
}

#[tokio::test]
async fn several_files_for_one_day_are_joined_and_junk_beside_them_is_skipped() {
    let mut wh = demo().await;
    let mut files = folder();
    files.push(file("events/ds=2024-10-01/part-1.parquet", events(9, false).to_vec()));
    files.push(file("events/_SUCCESS", ""));
    files.push(file("events/.DS_Store", "x"));
    files.push(file("events/_temporary/ds=2024-10-01/part-9.parquet", events(8, false).to_vec()));
    let preview = wh.preview_import(files).await.unwrap();
    assert_eq!(preview.partitions[0].rows, 200, "two files joined, the scratch folder's skipped");
    assert!(preview.notes[0].contains("_SUCCESS"), "{:?}", preview.notes);
    wh.import_staged("events").await.unwrap();
    assert_eq!(answer(&wh, "SELECT count(*) AS n FROM events WHERE ds = '2024-10-01'").await, "n\n200\n");
}

#[tokio::test]
async fn every_bad_file_is_refused_by_name_and_nothing_loaded_changes() {
    let mut wh = demo().await;
    wh.preview_import(folder()).await.unwrap();
    wh.import_staged("events").await.unwrap();
    let before: CatalogInfo = wh.catalog();
    let question = "SELECT ds, count(*) AS n, sum(amount) AS amount FROM demo_events GROUP BY ds ORDER BY ds";
    let answer_before = answer(&wh, question).await;

    let good = events(1, false).to_vec();
    let mut pages = good.clone();
    let end = pages.len() / 2;
    pages[8..end].iter_mut().for_each(|b| *b = 0xFF);
    let xss = "<img src=x onerror=alert(1)>.parquet";
    let twice = {
        let id = Field::new("id", DataType::Int64, false);
        let ids = Arc::new(Int64Array::from_iter_values(0..10));
        let batch = RecordBatch::try_new(Arc::new(Schema::new(vec![id.clone(), id])), vec![ids.clone(), ids]).unwrap();
        write_parquet(&[batch], 1024).unwrap().to_vec()
    };
    let cases: Vec<(Vec<ImportFile>, &str, &str)> = vec![
        (vec![file("cut.parquet", &good[..good.len() - 100])], "cut.parquet", "not a readable Parquet file"),
        (vec![file("pages.parquet", pages)], "pages.parquet", "damaged"),
        (
            vec![
                file("t/ds=2024-10-01/a.parquet", good.clone()),
                file("t/ds=2024-10-02/b.parquet", events(2, true).to_vec()),
            ],
            "t/ds=2024-10-02/b.parquet",
            "same columns",
        ),
        (vec![file("ragged.csv", "a,b\n1,2\n3\n")], "ragged.csv", "as many fields as the header"),
        (vec![file("header.csv", "a,b\n")], "header.csv", "no rows"),
        (vec![file(xss, "not parquet at all")], xss, "not a readable Parquet file"),
        (vec![file("t/ds=2024-02-30/x.parquet", good.clone())], "2024-02-30", "not a calendar day"),
        (vec![file("notes.txt", "hello")], "notes.txt", "neither"),
        // Refused when it is picked, not only when it is loaded.
        (vec![file("twice.parquet", twice)], "twice.parquet", "two columns named id"),
    ];
    for (files, names, says) in cases {
        let e = wh.preview_import(files).await.unwrap_err().message;
        assert!(e.contains(names) && e.contains(says), "expected {names:?} and {says:?} in: {e}");
        assert_eq!(wh.catalog(), before);
    }
    // A name that is taken: the preview says so and the import refuses.
    let preview = wh.preview_import(vec![file("events.parquet", good)]).await.unwrap();
    assert!(preview.name_taken);
    let e = wh.import_staged("events").await.unwrap_err().message;
    assert!(e.contains("already exists"), "{e}");
    let e = wh.import_staged("Bad Name").await.unwrap_err().message;
    assert!(e.contains("not allowed"), "{e}");
    let e = wh.import_staged("order").await.unwrap_err().message;
    assert!(e.contains("reserved word"), "{e}");
    // The files still wait after a refused name.
    wh.import_staged("events_again").await.unwrap();
    wh.drop_imported("events_again").await.unwrap();
    // A file named after a reserved word is offered another name.
    assert_eq!(wh.preview_import(vec![file("order.csv", "a\n1\n")]).await.unwrap().table, "order_data");
    wh.cancel_import();
    assert_eq!(wh.catalog(), before);
    assert_eq!(answer(&wh, question).await, answer_before);
    assert_eq!(answer(&wh, "SELECT count(*) AS n FROM events").await, "n\n300\n");
}

/// Answers as the worker does, folding the reported changes into `image`.
async fn ask(wh: &mut Warehouse, image: &mut WarehouseImage, request: Request) -> Response {
    let mut changes = Vec::new();
    let answer = wh
        .answer(request, |r| {
            if let Response::Changed(c) = r {
                changes.push(c)
            }
        })
        .await;
    changes.into_iter().for_each(|c| image.apply(c));
    assert!(!matches!(answer, Response::Error(_)), "{answer:?}");
    answer
}

fn small() -> SocialParams {
    SocialParams { users: 60, days: 12, ..SocialParams::small() }
}

#[tokio::test]
async fn imported_tables_survive_a_restart_and_a_new_network_and_their_removal_is_kept() {
    let mut wh = Warehouse::new().unwrap();
    let mut image = WarehouseImage::default();
    ask(&mut wh, &mut image, Request::LoadSocial { params: small() }).await;
    ask(&mut wh, &mut image, Request::PreviewImport { files: folder() }).await;
    ask(&mut wh, &mut image, Request::Import { table: "events".into() }).await;
    let mut back = Warehouse::new().unwrap();
    assert!(matches!(back.handle(Request::Restore(image.clone())).await, Response::Loaded { .. }));
    assert_eq!(back.catalog(), wh.catalog());
    assert!(back.catalog().tables.iter().any(|t| t.name == "events" && t.imported));

    // A new network replaces the built tables and keeps the imported one.
    ask(&mut wh, &mut image, Request::LoadSocial { params: SocialParams { seed: 7, ..small() } }).await;
    assert_eq!(answer(&wh, "SELECT count(*) AS n FROM events").await, "n\n300\n");
    ask(&mut wh, &mut image, Request::DropTable { table: "events".into() }).await;
    let mut back = Warehouse::new().unwrap();
    back.handle(Request::Restore(image.clone())).await;
    assert!(!back.has_table("events"));
    assert_eq!(back.catalog(), wh.catalog());
}

#[tokio::test]
async fn an_exported_zip_loads_back_and_answers_every_catalog_question_alike() {
    let mut wh = Warehouse::new().unwrap();
    wh.load_social(&small(), |_| {}).await.unwrap();
    wh.preview_import(folder()).await.unwrap();
    wh.import_staged("events").await.unwrap();
    let zip = wh.export_warehouse().await.unwrap();
    assert_eq!((zip.name.as_str(), zip.mime.as_str()), ("warehouse.zip", "application/zip"));

    let mut back = Warehouse::new().unwrap();
    let mut image = WarehouseImage::default();
    ask(&mut back, &mut image, Request::ImportWarehouse { zip: zip.bytes.clone() }).await;
    assert_eq!(back.catalog(), wh.catalog(), "same tables, partitions, files and the imported flag");
    let days = wh.partition_days("dim_users");
    let sqls = playground_engine::export::sql::questions(&days[0], days.last().unwrap(), wh.thresholds());
    assert!(sqls.len() >= 8, "{}", sqls.len());
    for q in sqls {
        assert_eq!(answer(&back, &q.sql).await, answer(&wh, &q.sql).await, "{}", q.name);
    }
    // The page's copy follows: a restart from the folded changes gives the same warehouse.
    let mut restarted = Warehouse::new().unwrap();
    restarted.handle(Request::Restore(image)).await;
    assert_eq!(restarted.catalog(), wh.catalog());

    // An export with one damaged file: refused by the file's name, all or nothing.
    let mut damaged = zip.bytes.clone();
    let at = find(&damaged, b"warehouse/dim_users/ds=").expect("a dim_users entry") + 400;
    damaged[at..at + 64].iter_mut().for_each(|b| *b ^= 0x5A);
    let e = back.import_warehouse(Bytes::from(damaged)).await.unwrap_err().message;
    assert!(e.contains("warehouse/dim_users/ds="), "{e}");
    assert_eq!(back.catalog(), wh.catalog());

    // Not a zip, and a zip that is not an export: refused, nothing changed.
    for (bytes, says) in
        [(b"PK but not really".to_vec(), "not a zip"), (zip.bytes[..zip.bytes.len() / 2].to_vec(), "not a zip")]
    {
        let e = back.import_warehouse(Bytes::from(bytes)).await.unwrap_err().message;
        assert!(e.contains(says), "{e}");
    }
    assert_eq!(back.catalog(), wh.catalog());
}

#[tokio::test]
async fn a_result_exports_as_csv_and_as_parquet_that_reads_back_the_same() {
    let mut wh = demo().await;
    let sql = "SELECT ds, event_type, count(*) AS n FROM demo_events GROUP BY ds, event_type ORDER BY ds, event_type";
    let csv = wh.export_result(sql, ExportFormat::Csv).await.unwrap();
    assert_eq!(String::from_utf8(csv.bytes).unwrap(), answer(&wh, sql).await);
    let parquet = wh.export_result(sql, ExportFormat::Parquet).await.unwrap();
    wh.preview_import(vec![file("result.parquet", parquet.bytes)]).await.unwrap();
    wh.import_staged("result").await.unwrap();
    assert_eq!(answer(&wh, "SELECT * FROM result ORDER BY ds, event_type").await, answer(&wh, sql).await);
    let r: QueryResult = wh.run("SELECT count(*) FROM result", 1).await.unwrap();
    assert_eq!(r.columns[0].values.display(0).as_deref(), Some(csv.summary.trim_end_matches(" rows")));
}
