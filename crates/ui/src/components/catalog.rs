//! The catalog sidebar: tables, their columns and types, and partitions with rows and bytes.

use playground_protocol::CatalogInfo;
use yew::prelude::*;

use crate::format::{bytes, thousands};

/// Props of [`Catalog`].
#[derive(Properties, PartialEq)]
pub struct CatalogProps {
    /// The warehouse's tables.
    pub catalog: CatalogInfo,
    /// A table name was clicked: the app puts a starter query in the editor.
    pub on_pick: Callback<String>,
}

/// The list of tables.
#[component]
pub fn Catalog(props: &CatalogProps) -> Html {
    let tables = props.catalog.tables.iter().map(|t| {
        let pick = {
            let name = t.name.clone();
            props.on_pick.reform(move |_: MouseEvent| name.clone())
        };
        let columns = t.columns.iter().map(|c| {
            html! { <li><span class="col">{ &c.name }</span><span class="type">{ &c.data_type }</span></li> }
        });
        let partitions = t.partitions.iter().map(|p| {
            html! {
                <tr><td>{ &p.ds }</td><td class="num">{ thousands(p.rows) }</td><td class="num">{ bytes(p.bytes) }</td></tr>
            }
        });
        html! {
            <details class="table" open=true>
                <summary>
                    <button class="table-name" onclick={pick} title="Query this table">{ &t.name }</button>
                    <span class="size">{ format!("{} partitions · {} rows · {}", t.partitions.len(), thousands(t.rows()), bytes(t.bytes())) }</span>
                </summary>
                <ul class="columns">{ for columns }</ul>
                <details class="partitions">
                    <summary>{ "partitions" }</summary>
                    <table>
                        <thead><tr><th>{ "ds" }</th><th class="num">{ "rows" }</th><th class="num">{ "bytes" }</th></tr></thead>
                        <tbody>{ for partitions }</tbody>
                    </table>
                </details>
            </details>
        }
    });
    html! {
        <aside class="catalog" id="catalog">
            <h2>{ "Warehouse" }</h2>
            if props.catalog.tables.is_empty() {
                <p class="muted">{ "Loading tables…" }</p>
            }
            { for tables }
        </aside>
    }
}
