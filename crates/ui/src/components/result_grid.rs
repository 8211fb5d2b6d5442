//! The result grid: typed column headers, numbers right-aligned, NULLs marked, and
//! how many of the rows are shown.

use playground_protocol::QueryResult;
use yew::prelude::*;

use crate::format::thousands;

/// Props of [`ResultGrid`].
#[derive(Properties, PartialEq)]
pub struct ResultGridProps {
    /// The query result to show.
    pub result: QueryResult,
    /// Prefix of the element ids, so two panes on one page keep theirs apart.
    #[prop_or_default]
    pub id_prefix: AttrValue,
}

/// The first rows of a result as a table.
#[component]
pub fn ResultGrid(props: &ResultGridProps) -> Html {
    let r = &props.result;
    let caption = if (r.kept_rows as u64) < r.total_rows {
        format!("Showing the first {} of {} rows", thousands(r.kept_rows as u64), thousands(r.total_rows))
    } else {
        format!("{} rows", thousands(r.total_rows))
    };
    let header = r.columns.iter().map(|c| {
        let class = if c.values.is_numeric() { "num" } else { "" };
        html! { <th {class}>{ &c.name }<span class="type">{ &c.data_type }</span></th> }
    });
    let rows = (0..r.kept_rows).map(|row| {
        let cells = r.columns.iter().map(|c| {
            let class = if c.values.is_numeric() { "num" } else { "" };
            match c.values.display(row) {
                Some(v) => html! { <td {class}>{ v }</td> },
                None => html! { <td class={classes!(class, "null")}>{ "NULL" }</td> },
            }
        });
        html! { <tr>{ for cells }</tr> }
    });
    html! {
        <section class="results">
            <div class="row-count" id={format!("{}row-count", props.id_prefix)}>{ caption }</div>
            <div class="grid-scroll">
                <table class="result-grid" id={format!("{}result-grid", props.id_prefix)}>
                    <thead><tr>{ for header }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}
