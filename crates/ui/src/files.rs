//! Files in and out of the page: the files a person picks or drops (folders walked, each
//! with its path inside them), read only once their size is known to fit, and a file the
//! engine made, saved as a download.

use js_sys::{Array, Promise, Uint8Array};
use playground_protocol::{ImportFile, MAX_IMPORT_BYTES};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

/// A picked file and its path in the folder picked (its name alone when no folder).
pub struct Picked {
    /// `events/ds=2024-10-01/part-0.parquet`.
    pub path: String,
    /// The file, not yet read.
    pub file: File,
}

/// The files of an `<input type=file>`, with the paths a folder pick gives them.
pub fn from_list(list: &FileList) -> Vec<Picked> {
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            // A folder pick names each file's path inside it (not in web-sys: non-standard).
            let relative = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            Picked { path: if relative.is_empty() { file.name() } else { relative }, file }
        })
        .collect()
}

/// The files dropped on the page, folders walked to their files.
pub async fn from_drop(transfer: &DataTransfer) -> Result<Vec<Picked>, String> {
    let items = transfer.items();
    // Entries first: the item list empties once the event handler has returned.
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    if entries.is_empty() {
        return Ok(transfer.files().map(|l| from_list(&l)).unwrap_or_default());
    }
    let mut out = Vec::new();
    let mut stack = entries;
    while let Some(entry) = stack.pop() {
        if entry.is_directory() {
            let dir: FileSystemDirectoryEntry = entry.unchecked_into();
            stack.extend(read_directory(&dir).await?);
        } else {
            let path = entry.full_path().trim_start_matches('/').to_string();
            let file_entry: FileSystemFileEntry = entry.unchecked_into();
            let promise =
                Promise::new(&mut |resolve, reject| file_entry.file_with_callback_and_callback(&resolve, &reject));
            let file = JsFuture::from(promise).await.map_err(|e| format!("could not open {path}: {e:?}"))?;
            out.push(Picked { path, file: file.unchecked_into() });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Every entry of a dropped folder (the reader hands them out in batches until empty).
async fn read_directory(dir: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, String> {
    let reader = dir.create_reader();
    let mut all = Vec::new();
    loop {
        let promise = Promise::new(&mut |resolve, reject| {
            let _ = reader.read_entries_with_callback_and_callback(&resolve, &reject);
        });
        let batch: Array =
            JsFuture::from(promise).await.map_err(|e| format!("could not read a folder: {e:?}"))?.unchecked_into();
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter().map(JsCast::unchecked_into));
    }
}

/// Reads the files whole, after checking they fit: a pick larger than
/// [`MAX_IMPORT_BYTES`] is refused, naming its largest file, before any byte is read.
pub async fn read_all(picked: Vec<Picked>) -> Result<Vec<ImportFile>, String> {
    let total: f64 = picked.iter().map(|p| p.file.size()).sum();
    if total > MAX_IMPORT_BYTES as f64 {
        let largest = picked.iter().max_by(|a, b| a.file.size().total_cmp(&b.file.size()));
        let name =
            largest.map(|p| format!(" (the largest, {}, is {} MB)", p.path, mb(p.file.size()))).unwrap_or_default();
        return Err(format!(
            "These files hold {} MB, more than the {} MB this tab can take in one import{name}. Nothing was read.",
            mb(total),
            MAX_IMPORT_BYTES / 1_000_000
        ));
    }
    let mut out = Vec::with_capacity(picked.len());
    for p in picked {
        let buffer =
            JsFuture::from(p.file.array_buffer()).await.map_err(|e| format!("could not read {}: {e:?}", p.path))?;
        out.push(ImportFile { path: p.path, bytes: Uint8Array::new(&buffer).to_vec() });
    }
    Ok(out)
}

fn mb(bytes: f64) -> u64 {
    (bytes / 1e6).round() as u64
}

/// Saves `bytes` as a download named `name`.
pub fn save(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: JsValue| format!("could not save {name}: {e:?}");
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // After the click has started the download.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    Ok(())
}
