//! The small warehouse kept in `fixtures/`: its files on disk, and the expected answer of
//! every catalog question as CSV. The `export_fixtures` example writes them; tests read
//! them back and fail when the generator or the pipelines drift from them.

use std::path::{Path, PathBuf};

use playground_protocol::QueryResult;

use crate::compare::rows;
use crate::layout::{partition_path, table_path};
use crate::Warehouse;

/// Where a table file lives under a fixtures folder (same layout as the object store).
pub fn file_path(root: &Path, table: &str, ds: Option<&str>) -> PathBuf {
    root.join(match ds {
        Some(ds) => partition_path(table, ds),
        None => table_path(table),
    })
}

/// Every file of the warehouse: `(table, ds, bytes)`, in catalog order.
pub async fn files(wh: &Warehouse) -> Vec<(String, Option<String>, bytes::Bytes)> {
    let mut out = Vec::new();
    for t in wh.catalog().tables {
        for p in &t.partitions {
            let ds = t.partitioned.then(|| p.ds.clone());
            if let Some(bytes) = wh.file_bytes(&t.name, ds.as_deref()).await {
                out.push((t.name.clone(), ds, bytes));
            }
        }
    }
    out
}

/// A result as CSV: a header of column names, then one line per row; NULL is empty.
/// Values never contain commas in our data, so no quoting is needed.
///
/// ```
/// use playground_engine::fixtures::to_csv;
/// # futures::executor::block_on(async {
/// let wh = playground_engine::Warehouse::new().unwrap();
/// let r = wh.run("SELECT 1 AS a, NULL AS b", 10).await.unwrap();
/// assert_eq!(to_csv(&r), "a,b\n1,\n");
/// # });
/// ```
pub fn to_csv(r: &QueryResult) -> String {
    let mut out = r.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(",");
    out.push('\n');
    for row in rows(r) {
        out.push_str(&row.into_iter().map(Option::unwrap_or_default).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}
