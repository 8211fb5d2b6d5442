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
            { item("m-partitions", "partitions",
                if m.partitions_total == 0 {
                    "none: the tables read are not partitioned".to_string()
                } else if m.answered_from_statistics {
                    "none read: answered from file statistics".to_string()
                } else {
                    format!("{} of {} scanned, {} pruned", m.partitions_scanned, m.partitions_total, m.partitions_pruned())
                }) }
            { item("m-row-groups", "row groups",
                format!("{} read, {} pruned", m.row_groups_matched, m.row_groups_pruned)) }
        </section>
    }
}
