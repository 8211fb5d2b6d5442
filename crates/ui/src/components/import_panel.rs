//! Bring your own data and take the warehouse with you: pick or drop Parquet or CSV files
//! (or a folder of `ds=` partitions), see what they hold, name the table and load it; load
//! a warehouse export back; export the whole warehouse as a zip.

use std::rc::Rc;

use playground_protocol::{ImportFile, ImportPreview, Request, Response};
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::client::Reply;
use crate::files::{self, Picked};
use crate::format::{bytes, thousands};
use crate::page::PageContext;

/// Where an import stands.
#[derive(Clone, PartialEq)]
enum Step {
    Idle,
    /// Reading files or waiting for the engine; what is happening.
    Working(String),
    /// The engine's preview, the name typed so far, and why the last try to load it failed.
    Preview(Rc<ImportPreview>, String, Option<String>),
    /// A warehouse export, read, waiting for the go-ahead to replace the warehouse.
    Export(Rc<ImportFile>),
    /// It worked: what happened, and the table it brought in, if one: the message goes
    /// once that table is removed.
    Done(String, Option<String>),
    /// It did not: why, naming the file.
    Failed(String),
}

/// Props of [`ImportPanel`].
#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    /// The engine is free for a request.
    pub idle: bool,
    /// The tables brought in by a person that the warehouse holds now.
    pub imported: Vec<String>,
}

/// The sidebar's "Your data" section.
#[component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let page = use_context::<PageContext>().expect("the page provides its context");
    let step = use_state(|| Step::Idle);
    let dragging = use_state(|| false);

    // The preview a load was tried from: a refused name (taken, a keyword) leaves the
    // files waiting in the engine, so the person only picks another name.
    let tried = use_mut_ref(|| None::<(Rc<ImportPreview>, String)>);
    let answer = {
        let (step, page, tried) = (step.clone(), page.clone(), tried.clone());
        move |reply: Reply| match reply {
            Reply::Answer(Response::ImportPreview(p)) => {
                let name = p.table.clone();
                step.set(Step::Preview(Rc::new(p), name, None));
            }
            Reply::Answer(Response::Loaded { summary, .. }) => {
                let table = tried.borrow_mut().take().map(|(_, name)| name.trim().to_string());
                step.set(Step::Done(capitalise(&summary), table));
                page.keep();
            }
            Reply::Answer(Response::Error(e)) => match tried.borrow_mut().take() {
                Some((p, name))
                    if e.message.contains("choose another name") || e.message.contains("is not allowed") =>
                {
                    step.set(Step::Preview(p, name, Some(e.message)))
                }
                _ => step.set(Step::Failed(e.message)),
            },
            Reply::Lost(reason) => step.set(Step::Failed(reason)),
            _ => {}
        }
    };
    // Picked files: a single zip is a warehouse export, anything else is previewed.
    let take = {
        let (page, step, answer) = (page.clone(), step.clone(), answer.clone());
        Callback::from(move |picked: Vec<Picked>| {
            if picked.is_empty() {
                return;
            }
            // Files a preview left waiting in the engine are not wanted any more.
            page.ask(Request::CancelImport, |_| {});
            step.set(Step::Working(format!("Reading {}…", count(picked.len(), "file"))));
            let (page, step, answer) = (page.clone(), step.clone(), answer.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let is_zip = picked.len() == 1 && picked[0].path.to_lowercase().ends_with(".zip");
                match files::read_all(picked).await {
                    Err(why) => step.set(Step::Failed(why)),
                    Ok(mut read) if is_zip => step.set(Step::Export(Rc::new(read.remove(0)))),
                    Ok(read) => {
                        step.set(Step::Working("Checking every page of every file…".into()));
                        page.ask(Request::PreviewImport { files: read }, answer);
                    }
                }
            });
        })
    };
    let on_input = {
        let take = take.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                take.emit(files::from_list(&list));
            }
            // The same files picked again are a new pick.
            input.set_value("");
        })
    };
    let on_drop = {
        let (take, step, dragging) = (take.clone(), step.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let Some(transfer) = e.data_transfer() else { return };
            let (take, step) = (take.clone(), step.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match files::from_drop(&transfer).await {
                    Ok(picked) => take.emit(picked),
                    Err(why) => step.set(Step::Failed(why)),
                }
            });
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_name = {
        let step = step.clone();
        Callback::from(move |e: InputEvent| {
            if let Step::Preview(p, ..) = &*step {
                let input: HtmlInputElement = e.target_unchecked_into();
                step.set(Step::Preview(p.clone(), input.value(), None));
            }
        })
    };
    let on_load = {
        let (page, step, answer, tried) = (page.clone(), step.clone(), answer.clone(), tried.clone());
        Callback::from(move |_: MouseEvent| match &*step {
            Step::Preview(p, name, _) => {
                *tried.borrow_mut() = Some((p.clone(), name.clone()));
                let table = name.trim().to_string();
                step.set(Step::Working(format!("Loading {table}…")));
                page.ask(Request::Import { table }, answer.clone());
            }
            Step::Export(file) => {
                tried.borrow_mut().take();
                step.set(Step::Working("Loading the exported warehouse…".into()));
                page.ask(Request::ImportWarehouse { zip: file.bytes.clone() }, answer.clone());
            }
            _ => {}
        })
    };
    let on_cancel = {
        let (page, step) = (page.clone(), step.clone());
        Callback::from(move |_: MouseEvent| {
            page.ask(Request::CancelImport, |_| {});
            step.set(Step::Idle);
        })
    };
    let on_export = {
        let (page, step) = (page.clone(), step.clone());
        Callback::from(move |_: MouseEvent| {
            step.set(Step::Working("Writing the warehouse into a zip…".into()));
            let step = step.clone();
            page.ask(Request::ExportWarehouse, move |reply| match reply {
                Reply::Answer(Response::Exported(file)) => match files::save(&file.name, &file.mime, &file.bytes) {
                    Ok(()) => step.set(Step::Done(format!("Saved {}: {}.", file.name, file.summary), None)),
                    Err(why) => step.set(Step::Failed(why)),
                },
                Reply::Answer(Response::Error(e)) => step.set(Step::Failed(e.message)),
                Reply::Lost(reason) => step.set(Step::Failed(reason)),
                _ => {}
            });
        })
    };

    let busy = !props.idle || matches!(*step, Step::Working(_));
    let body = match &*step {
        Step::Idle => html! {},
        Step::Working(what) => html! { <p class="import-message" id="import-message" role="status">{ what }</p> },
        Step::Done(_, Some(table)) if !props.imported.contains(table) => html! {},
        Step::Done(what, _) => html! { <p class="import-message" id="import-message" role="status">{ what }</p> },
        Step::Failed(why) => html! { <p class="import-message error" id="import-message" role="alert">{ why }</p> },
        Step::Export(file) => html! {
            <div class="import-preview" id="import-preview">
                <p>{ format!("{} ({}) looks like a warehouse export. Loading it replaces every table here.", file.path, bytes(file.bytes.len() as u64)) }</p>
                <div class="import-actions">
                    <button id="import-load" onclick={on_load.clone()} disabled={busy}>{ "Replace the warehouse" }</button>
                    <button id="import-cancel" onclick={on_cancel.clone()}>{ "Cancel" }</button>
                </div>
            </div>
        },
        Step::Preview(p, name, refused) => preview(p, name, refused.as_deref(), busy, &on_name, &on_load, &on_cancel),
    };
    html! {
        <section class="import" id="import" aria-labelledby="import-heading">
            <h2 id="import-heading">{ "Your data" }</h2>
            <div id="import-drop" class={classes!("drop-zone", dragging.then_some("dragging"))}
                ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                <p>{ "Drop Parquet or CSV files, a folder of ds=YYYY-MM-DD partitions, or an exported zip here, or pick them:" }</p>
                <label class="file-pick">{ "Files" }
                    <input id="import-files" type="file" multiple=true accept=".parquet,.parq,.pq,.csv,.zip" onchange={on_input.clone()} disabled={busy} />
                </label>
                <label class="file-pick">{ "A folder" }
                    <input id="import-folder" type="file" webkitdirectory=true onchange={on_input} disabled={busy} />
                </label>
            </div>
            { body }
            <button id="export-warehouse" onclick={on_export} disabled={busy}>{ "Export the warehouse (zip)" }</button>
        </section>
    }
}

fn preview(
    p: &ImportPreview,
    name: &str,
    refused: Option<&str>,
    busy: bool,
    on_name: &Callback<InputEvent>,
    on_load: &Callback<MouseEvent>,
    on_cancel: &Callback<MouseEvent>,
) -> Html {
    let rows: u64 = p.partitions.iter().map(|d| d.rows).sum();
    let size: u64 = p.partitions.iter().map(|d| d.bytes).sum();
    let days: Vec<&str> = p.partitions.iter().map(|d| d.ds.as_str()).filter(|d| !d.is_empty()).collect();
    let what = match (days.first(), days.last()) {
        (Some(first), Some(last)) => format!("{} ({first} to {last})", count(days.len(), "partition")),
        _ => "one file, not partitioned".to_string(),
    };
    let columns = p.columns.iter().map(|c| {
        html! {
            <li><span class="col">{ &c.name }</span><span class="type">{ &c.data_type }</span>
                if c.inferred { <span class="inferred" title="inferred from the CSV text">{ " inferred" }</span> }</li>
        }
    });
    let taken = p.name_taken && name.trim() == p.table;
    html! {
        <div class="import-preview" id="import-preview">
            <p id="import-summary">{ format!("{}: {what}, {} rows, {}.", p.format, thousands(rows), bytes(size)) }</p>
            <ul class="columns" id="import-columns">{ for columns }</ul>
            { for p.notes.iter().map(|n| html! { <p class="note">{ n }</p> }) }
            <label for="import-name">{ "Table name" }</label>
            <input id="import-name" value={name.to_string()} oninput={on_name.clone()} spellcheck="false" />
            if taken {
                <p class="import-message error" role="alert">{ format!("A table named {} already exists: choose another name.", p.table) }</p>
            } else if let Some(why) = refused {
                <p class="import-message error" id="import-message" role="alert">{ why }</p>
            }
            <div class="import-actions">
                <button id="import-load" onclick={on_load.clone()} disabled={busy || taken || name.trim().is_empty()}>{ "Load" }</button>
                <button id="import-cancel" onclick={on_cancel.clone()}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{} {what}{}", thousands(n as u64), if n == 1 { "" } else { "s" })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>() + ".").unwrap_or_default()
}
