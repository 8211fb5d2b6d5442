//! The metrics strip: what the last query cost, from DataFusion's execution metrics.

use playground_protocol::QueryMetrics;
use yew::prelude::*;

use crate::format::{bytes, millis, thousands};

/// Props of [`MetricsStrip`].
#[derive(Properties, PartialEq)]
pub struct MetricsStripProps {
    /// Metrics of the last query.
    pub metrics: QueryMetrics,
    /// Prefix of the element ids, so two panes on one page keep theirs apart.
    #[prop_or_default]
    pub id_prefix: AttrValue,
}

/// One line of figures for the last query.
#[component]
pub fn MetricsStrip(props: &MetricsStripProps) -> Html {
    let m = &props.metrics;
    let item = |id: &'static str, label: &'static str, value: String| {
        let id = format!("{}{id}", props.id_prefix);
        html! { <div class="metric" {id}><span class="label">{ label }</span><span class="value">{ value }</span></div> }
    };
    html! {
        <section class="metrics" aria-label="query metrics">
            { item("m-time", "time", millis(m.elapsed_ms)) }
            { item("m-rows-out", "rows out", thousands(m.output_rows)) }
            { item("m-rows-scanned", "rows scanned", thousands(m.rows_scanned)) }
            { item("m-bytes", "bytes scanned", bytes(m.bytes_scanned)) }
            { item("m-partitions", "partitions", m.partitions_summary()) }
            { item("m-row-groups", "row groups",
                format!("{} read, {} pruned", m.row_groups_matched, m.row_groups_pruned)) }
            { item("m-memory", "memory", format!("{} for the query, {} held", bytes(m.memory_peak_bytes), bytes(m.memory_held_bytes))) }
        </section>
    }
}
