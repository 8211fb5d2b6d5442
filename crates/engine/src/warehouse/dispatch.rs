//! The request dispatcher: one protocol request in, its answer out, with progress and
//! the warehouse's changes reported on the way.

use bytes::Bytes;
use playground_protocol::{Request, Response};

use super::Warehouse;

impl Warehouse {
    /// Answers one protocol request. Errors come back as [`Response::Error`].
    pub async fn handle(&mut self, request: Request) -> Response {
        self.handle_with_progress(request, |_| {}).await
    }

    /// Like [`Warehouse::handle`], reporting [`Response::Progress`] during long loads.
    pub async fn handle_with_progress(&mut self, request: Request, mut progress: impl FnMut(Response)) -> Response {
        let result = match request {
            Request::LoadSocial { params } => self
                .load_social(&params, |p| progress(Response::Progress { done: p.done, total: p.steps, step: p.step }))
                .await
                .map(|summary| Response::Loaded { summary, catalog: self.catalog() }),
            Request::LoadDemo => {
                self.load_demo().await.map(|summary| Response::Loaded { summary, catalog: self.catalog() })
            }
            Request::LoadPartition { table, ds, parquet } => {
                self.load_partition(&table, &ds, Bytes::from(parquet)).await.map(|p| Response::Loaded {
                    summary: format!("loaded {table} ds={ds} ({} rows)", p.rows),
                    catalog: self.catalog(),
                })
            }
            Request::LoadTable { table, parquet } => self.load_table(&table, Bytes::from(parquet)).await.map(|p| {
                Response::Loaded { summary: format!("loaded {table} ({} rows)", p.rows), catalog: self.catalog() }
            }),
            Request::Catalog => Ok(Response::Catalog(self.catalog())),
            Request::Run { sql, max_rows } => self.run(&sql, max_rows).await.map(Response::Query),
            Request::Explain { sql } => self.explain(&sql).await.map(Response::Plan),
            Request::Compare(request) => self.compare(&request).await.map(Response::Compared),
            Request::HistoryCost { date, runs } => self.history_cost(&date, runs).await.map(Response::HistoryCost),
            Request::Simulate(request) => self.simulate(&request).await.map(Response::Simulated),
            Request::PlanBackfill { days, new_pipeline } => {
                self.plan_backfill(&days, new_pipeline.as_ref()).await.map(Response::BackfillPlanned)
            }
            Request::RunTask { pipeline, ds, crash: true, .. } => {
                panic!("injected failure: the {} task for {ds} crashed its worker", pipeline.table)
            }
            Request::RunTask { pipeline, ds, inputs, crash: false } => {
                Warehouse::run_task(&pipeline, &ds, inputs).await.map(|(output, ms)| Response::TaskDone { output, ms })
            }
            Request::PlantBug => self.plant_bug().await.map(Response::Bug),
            Request::CheckMetric => self.check_metric().await.map(Response::Bug),
            Request::BackfillScd2 { from } => self.backfill_scd2(&from).await.map(Response::Scd2Backfilled),
            Request::StoreOutputs(outputs) => self
                .store_outputs(outputs)
                .await
                .map(|(partitions, identical, downstream)| Response::Stored { partitions, identical, downstream }),
            Request::CheckScd2Rebuild => self
                .check_scd2_rebuild(|done, total| {
                    progress(Response::Progress { done, total, step: format!("merged day {done} of {total}") })
                })
                .await
                .map(Response::Scd2Checked),
            Request::ApplyRetention { keep_days } => self.apply_retention(keep_days).await.map(Response::Retention),
            Request::LoadArrowIpc { table, ipc } => {
                self.load_arrow_ipc(&table, Bytes::from(ipc)).await.map(|rows| Response::Loaded {
                    summary: format!("loaded {rows} rows into the in-memory table {table}"),
                    catalog: self.catalog(),
                })
            }
            Request::Restore(image) => {
                self.restore(image).await.map(|summary| Response::Loaded { summary, catalog: self.catalog() })
            }
            Request::PreviewImport { files } => self.preview_import(files).await.map(Response::ImportPreview),
            Request::Import { table } => {
                self.import_staged(&table).await.map(|summary| Response::Loaded { summary, catalog: self.catalog() })
            }
            Request::CancelImport => {
                self.cancel_import();
                Ok(Response::Catalog(self.catalog()))
            }
            Request::DropTable { table } => {
                self.drop_imported(&table).await.map(|summary| Response::Loaded { summary, catalog: self.catalog() })
            }
            Request::ExportResult { sql, format } => self.export_result(&sql, format).await.map(Response::Exported),
            Request::ExportWarehouse => self.export_warehouse().await.map(Response::Exported),
            Request::ImportWarehouse { zip } => self
                .import_warehouse(Bytes::from(zip))
                .await
                .map(|summary| Response::Loaded { summary, catalog: self.catalog() }),
            Request::MemoryUsage => Ok(Response::MemoryUsage { wasm_bytes: crate::wasm_memory_bytes() }),
            Request::CohortGrowth { today, past } => {
                self.cohort_growth(&today, &past).await.map(Response::CohortGrowth)
            }
        };
        result.unwrap_or_else(Response::Error)
    }

    /// Answers one request as the worker sends it: progress as it goes, then what the
    /// request changed in the warehouse ([`Response::Changed`], when it changed anything
    /// and [`Request::reports_changes`]), then the answer. The page folds the changes into
    /// the image it restores a new worker from.
    pub async fn answer(&mut self, request: Request, mut send: impl FnMut(Response)) -> Response {
        let reports = request.reports_changes();
        let answer = self.handle_with_progress(request, &mut send).await;
        if !reports {
            // A pool task's scratch warehouse: forget its changes without copying them.
            self.forget_changes();
        } else if let Some(changes) = self.take_changes().await {
            send(Response::Changed(changes));
        }
        answer
    }
}
