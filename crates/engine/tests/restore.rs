//! Restarting the engine natively: the changes each request reports, folded into an
//! image the way the page folds them, load back into a new warehouse that answers
//! exactly as the old one did: planted bugs, backfilled partitions and imported tables
//! included. The old warehouse is the oracle.

use bytes::Bytes;
use playground_engine::demo::demo_partitions;
use playground_engine::protocol::{
    BackfillPlan, PartitionBytes, Request, Response, SocialParams, TaskPipeline, WarehouseImage,
};
use playground_engine::Warehouse;

/// Answers `request` as the worker does, folding the reported changes into `image`;
/// returns the answer and how many change messages came.
async fn ask(wh: &mut Warehouse, image: &mut WarehouseImage, request: Request) -> (Response, usize) {
    let mut changes = Vec::new();
    let answer = wh
        .answer(request, |r| {
            if let Response::Changed(c) = r {
                changes.push(c);
            }
        })
        .await;
    let count = changes.len();
    for c in changes {
        image.apply(c);
    }
    assert!(!matches!(answer, Response::Error(_)), "{answer:?}");
    (answer, count)
}

async fn restored(image: &WarehouseImage) -> Warehouse {
    let mut next = Warehouse::new().expect("warehouse");
    let answer = next.handle(Request::Restore(image.clone())).await;
    assert!(matches!(answer, Response::Loaded { .. }), "{answer:?}");
    next
}

#[tokio::test]
async fn a_restored_warehouse_holds_what_the_old_one_held_after_bugs_backfills_and_imports() {
    let mut wh = Warehouse::new().unwrap();
    let mut image = WarehouseImage::default();
    ask(&mut wh, &mut image, Request::LoadDemo).await;
    ask(&mut wh, &mut image, Request::LoadSocial { params: SocialParams::small() }).await;
    // Planted bug, then an SCD2 backfill that repairs one model only.
    let (planted, _) = ask(&mut wh, &mut image, Request::PlantBug).await;
    let Response::Bug(planted) = planted else { panic!() };
    assert!(!planted.wrong_datestamp.is_empty() && !planted.wrong_scd2.is_empty());
    ask(&mut wh, &mut image, Request::BackfillScd2 { from: planted.bad_days[0].clone() }).await;
    // An imported table and a partition replaced by hand.
    let (ds, demo_day) = demo_partitions().unwrap().remove(0);
    ask(&mut wh, &mut image, Request::LoadPartition { table: "imported".into(), ds, parquet: demo_day.to_vec() }).await;
    // Raw partitions dropped past a retention window: the image loses them too.
    let (kept, changes) = ask(&mut wh, &mut image, Request::ApplyRetention { keep_days: 25 }).await;
    assert!(matches!(kept, Response::Retention(_)) && changes == 1, "{kept:?}");
    assert!(image.files.iter().all(|f| f.table != "users" || f.ds.as_deref() >= Some("2024-12-23")));

    assert_eq!(image, wh.image().await, "the folded changes are the warehouse's own image");
    let mut back = restored(&image).await;
    assert_eq!(back.catalog(), wh.catalog());
    assert_eq!(back.image().await, wh.image().await);
    assert_eq!(back.network(), Some(&SocialParams::small()));
    // The lab memory came back: the metric is still wrong in datestamps only, and the
    // clean bytes still tell a repair from a rerun of the bug.
    let (Response::Bug(before), Response::Bug(after)) =
        (wh.handle(Request::CheckMetric).await, back.handle(Request::CheckMetric).await)
    else {
        panic!()
    };
    assert_eq!(after, before);
    assert!(!after.wrong_datestamp.is_empty() && after.wrong_scd2.is_empty());
    let plan = Request::PlanBackfill { days: after.bad_days.clone(), new_pipeline: None };
    let Response::BackfillPlanned(BackfillPlan { inputs, pipelines, .. }) = back.handle(plan).await else { panic!() };
    let relationships = pipelines.into_iter().find(|p| p.table == "dim_relationships").unwrap();
    let mut pool = Warehouse::new().unwrap();
    let mut outputs: Vec<PartitionBytes> = Vec::new();
    for ds in &after.bad_days {
        let day = inputs.iter().filter(|i| &i.ds == ds && relationships.sources.contains(&i.table)).cloned().collect();
        let task = Request::RunTask { pipeline: relationships.clone(), ds: ds.clone(), inputs: day, crash: false };
        let Response::TaskDone { output, .. } = pool.handle(task).await else { panic!() };
        outputs.push(output);
    }
    let Response::Stored { partitions, identical, downstream } = back.handle(Request::StoreOutputs(outputs)).await
    else {
        panic!()
    };
    assert_eq!((partitions, identical), (14, 14), "a repair is checked against the clean build that came back");
    assert_eq!(downstream, after.bad_days, "and cascades to the aggregate of exactly those days");
    // The clean retention answer came back too: the fixed model gives it again.
    let Response::Bug(fixed) = back.handle(Request::CheckMetric).await else { panic!() };
    assert_eq!(fixed.retention_right, (true, true));
    // The simulator's measured task times came back too.
    let simulate = Request::Simulate(playground_engine::protocol::SimulationRequest {
        days: 10,
        concurrency: 4,
        seed: 1,
        failures: playground_engine::protocol::FailurePlan::None,
        policy: playground_engine::protocol::Scd2Policy::Resume,
    });
    assert!(matches!(back.handle(simulate).await, Response::Simulated(_)));
}

#[tokio::test]
async fn the_image_after_many_rebuilds_is_the_size_of_one_warehouse() {
    let mut wh = Warehouse::new().unwrap();
    let mut image = WarehouseImage::default();
    ask(&mut wh, &mut image, Request::LoadDemo).await;
    let small = SocialParams { users: 50, days: 5, ..SocialParams::small() };
    ask(&mut wh, &mut image, Request::LoadSocial { params: small.clone() }).await;
    let once = image.clone();
    for seed in [1, 2, 42] {
        ask(&mut wh, &mut image, Request::LoadSocial { params: SocialParams { seed, ..small.clone() } }).await;
    }
    // Same parameters, same bytes: three rebuilds later the image holds the first one's
    // files and no more (only the measured task times differ).
    assert_eq!(image.files, once.files);
    assert_eq!(image.lab.storage_growth, once.lab.storage_growth);
    assert_eq!(restored(&image).await.catalog(), wh.catalog());
}

#[tokio::test]
async fn only_requests_that_change_the_warehouse_report_changes_and_pool_tasks_never_do() {
    let mut wh = Warehouse::new().unwrap();
    let mut image = WarehouseImage::default();
    assert_eq!(ask(&mut wh, &mut image, Request::LoadDemo).await.1, 1);
    let run = Request::Run { sql: "SELECT count(*) FROM demo_events".into(), max_rows: 10 };
    assert_eq!(ask(&mut wh, &mut image, run).await.1, 0);
    assert_eq!(ask(&mut wh, &mut image, Request::Catalog).await.1, 0);
    // A refused load changes nothing, and says nothing.
    let bad = Request::LoadPartition { table: "t".into(), ds: "2024-02-30".into(), parquet: vec![1, 2, 3] };
    let mut changed = 0;
    let answer = wh.answer(bad, |r| changed += usize::from(matches!(r, Response::Changed(_)))).await;
    assert!(matches!(answer, Response::Error(_)));
    assert_eq!(changed, 0);

    let mut pool = Warehouse::new().unwrap();
    let plan = Request::PlanBackfill { days: vec![], new_pipeline: None };
    let Response::BackfillPlanned(plan) = wh.handle(plan).await else { panic!() };
    assert!(plan.inputs.is_empty());
    let (ds, day) = demo_partitions().unwrap().remove(0);
    let load = Request::LoadPartition { table: "users".into(), ds, parquet: day.to_vec() };
    let mut reported = 0;
    let answer = pool.answer(load, |r| reported += usize::from(matches!(r, Response::Changed(_)))).await;
    assert!(matches!(answer, Response::Loaded { .. }));
    assert_eq!(reported, 1);
    let nope = TaskPipeline { table: "nope".into(), sources: vec![], sql: None };
    let task = Request::RunTask { pipeline: nope, ds: "2024-10-01".into(), inputs: vec![], crash: false };
    let mut reported = 0;
    pool.answer(task, |r| reported += usize::from(matches!(r, Response::Changed(_)))).await;
    assert_eq!(reported, 0, "a pool task's warehouse is scratch space");
}

#[tokio::test]
async fn an_image_with_a_bad_file_is_refused_and_the_warehouse_is_unchanged() {
    let mut wh = Warehouse::new().unwrap();
    wh.load_demo().await.unwrap();
    let mut image = wh.image().await;
    image.files[3].parquet = Bytes::from_static(b"not parquet").to_vec();
    let Response::Error(e) = wh.handle(Request::Restore(image)).await else { panic!() };
    assert!(e.message.contains("could not restore demo_events ds=2024-10-04"), "{}", e.message);
    assert_eq!(wh.catalog().tables[0].partitions.len(), 7);
}
