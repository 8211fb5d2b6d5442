//! Scan metrics read from an executed physical plan: what the Parquet scans opened,
//! read and skipped. Partition pruning is DataFusion's; here we only count its effect.

use std::collections::BTreeSet;
use std::sync::Arc;

use datafusion::datasource::physical_plan::FileScanConfig;
use datafusion::datasource::source::DataSourceExec;
use datafusion::physical_plan::metrics::MetricValue;
use datafusion::physical_plan::ExecutionPlan;
use playground_protocol::QueryMetrics;

use crate::layout::split_partition_path;

/// A partition listed for a scan but then skipped whole because its Parquet statistics
/// rule out the filter counts as pruned: the file was never read.
///
/// Sums the scan metrics of every `DataSourceExec` in `plan`. `partitions_total` is the
/// partition count of the tables the query reads, so pruned = total - opened.
pub(crate) fn scan_metrics(plan: &Arc<dyn ExecutionPlan>, partitions_total: u64) -> QueryMetrics {
    let mut m = QueryMetrics::default();
    let mut opened: BTreeSet<(String, String)> = BTreeSet::new();
    let mut scans = 0;
    visit(plan, &mut |node| {
        let Some(scan) = node.downcast_ref::<DataSourceExec>() else {
            return;
        };
        scans += 1;
        if let Some(config) = scan.data_source().downcast_ref::<FileScanConfig>() {
            for file in config.file_groups.iter().flat_map(|g| g.iter()) {
                if let Some((table, ds)) = split_partition_path(file.object_meta.location.as_ref()) {
                    opened.insert((table.to_string(), ds.to_string()));
                }
            }
        }
        if let Some(metrics) = node.metrics() {
            m.rows_scanned += metrics.output_rows().unwrap_or(0) as u64;
            m.bytes_scanned += metrics.sum_by_name("bytes_scanned").map(|v| v.as_usize() as u64).unwrap_or(0);
            for metric in metrics.iter() {
                if let MetricValue::PruningMetrics { name, pruning_metrics } = metric.value() {
                    match name.as_ref() {
                        "row_groups_pruned_statistics" => {
                            m.row_groups_pruned += pruning_metrics.pruned() as u64;
                            m.row_groups_matched += pruning_metrics.matched() as u64;
                        }
                        "files_ranges_pruned_statistics" => {
                            m.files_pruned += pruning_metrics.pruned() as u64;
                        }
                        _ => {}
                    }
                }
            }
        }
    });
    // With no scan in the plan, DataFusion answered from file statistics alone.
    m.answered_from_statistics = scans == 0 && partitions_total > 0;
    m.partitions_total = partitions_total;
    m.partitions_scanned = (opened.len() as u64).saturating_sub(m.files_pruned);
    m
}

fn visit(plan: &Arc<dyn ExecutionPlan>, f: &mut impl FnMut(&Arc<dyn ExecutionPlan>)) {
    f(plan);
    for child in plan.children() {
        visit(child, f);
    }
}

/// Bytes of this WebAssembly instance's linear memory, which only grows: its high-water
/// mark. `None` outside WebAssembly.
///
/// ```
/// # #[cfg(not(target_arch = "wasm32"))]
/// assert_eq!(playground_engine::wasm_memory_bytes(), None);
/// ```
pub fn wasm_memory_bytes() -> Option<u64> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(core::arch::wasm32::memory_size(0) as u64 * 65_536)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}
