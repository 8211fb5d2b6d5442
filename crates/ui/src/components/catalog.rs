//! The catalog sidebar: tables grouped by history model with the storage of each model,
//! then each table's columns and types and its partitions with rows and bytes.

use playground_protocol::{CatalogInfo, HistoryModel, TableInfo};
use yew::prelude::*;

use crate::format::{bytes, thousands};

/// Props of [`Catalog`].
#[derive(Properties, PartialEq)]
pub struct CatalogProps {
    /// The warehouse's tables.
    pub catalog: CatalogInfo,
    /// A table name was clicked: the app puts a starter query in the editor.
    pub on_pick: Callback<String>,
    /// Remove was clicked on an imported table.
    pub on_remove: Callback<String>,
}

fn table(t: &TableInfo, on_pick: &Callback<String>, on_remove: &Callback<String>) -> Html {
    let remove = {
        let name = t.name.clone();
        on_remove.reform(move |_: MouseEvent| name.clone())
    };
    let pick = {
        let name = t.name.clone();
        on_pick.reform(move |_: MouseEvent| name.clone())
    };
    let columns = t.columns.iter().map(|c| {
        html! { <li><span class="col">{ &c.name }</span><span class="type">{ &c.data_type }</span></li> }
    });
    let size = if t.partitioned {
        format!("{} partitions · {} rows · {}", t.partitions.len(), thousands(t.rows()), bytes(t.bytes()))
    } else {
        format!("one file · {} rows · {}", thousands(t.rows()), bytes(t.bytes()))
    };
    let partitions = t.partitions.iter().map(|p| {
        html! {
            <tr><td>{ &p.ds }</td><td class="num">{ thousands(p.rows) }</td><td class="num">{ bytes(p.bytes) }</td></tr>
        }
    });
    html! {
        <details class="table" data-table={t.name.clone()}>
            <summary>
                <button class="table-name" onclick={pick} title="Query this table">{ &t.name }</button>
                <span class="size">{ size }</span>
                if t.imported {
                    <button class="table-remove" onclick={remove} aria-label={format!("Remove {}", t.name)}>{ "Remove" }</button>
                }
            </summary>
            <ul class="columns">{ for columns }</ul>
            if t.partitioned {
                <details class="partitions">
                    <summary>{ "partitions" }</summary>
                    <table>
                        <thead><tr><th>{ "ds" }</th><th class="num">{ "rows" }</th><th class="num">{ "bytes" }</th></tr></thead>
                        <tbody>{ for partitions }</tbody>
                    </table>
                </details>
            }
        </details>
    }
}

/// The list of tables, one group per history model.
#[component]
pub fn Catalog(props: &CatalogProps) -> Html {
    let (on_pick, on_remove) = (&props.on_pick, &props.on_remove);
    let imported: Vec<&TableInfo> = props.catalog.tables.iter().filter(|t| t.imported).collect();
    let groups = HistoryModel::ALL.iter().filter_map(|&model| {
        let tables: Vec<&TableInfo> =
            props.catalog.tables.iter().filter(|t| !t.imported && t.model() == model).collect();
        if tables.is_empty() {
            return None;
        }
        let s = props.catalog.storage_of(model);
        Some(html! {
            <section class="model" data-model={format!("{model:?}")}>
                <h3>{ model.label() }</h3>
                <div class="storage">{ format!("{} · {} rows · {} file{}", bytes(s.bytes), thousands(s.rows), thousands(s.files), if s.files == 1 { "" } else { "s" }) }</div>
                { for tables.into_iter().map(|t| table(t, on_pick, on_remove)) }
            </section>
        })
    });
    html! {
        <div class="catalog" id="catalog">
            <h2>{ "Warehouse" }</h2>
            if props.catalog.tables.is_empty() {
                <p class="muted">{ "Loading tables…" }</p>
            }
            if !imported.is_empty() {
                <section class="model" data-model="Imported">
                    <h3>{ "Imported by you" }</h3>
                    { for imported.into_iter().map(|t| table(t, on_pick, on_remove)) }
                </section>
            }
            { for groups }
        </div>
    }
}
