//! The built warehouse kept in the browser's origin-private file system (OPFS), so a
//! repeat visit or a reload loads Parquet bytes instead of building again. What a copy
//! is, and when one may be used, is `playground_protocol::stored`; this file is only the
//! browser glue.
//!
//! Layout: `warehouse/<key>/<copy>/data.bin`, then `manifest.json`, written last. Every
//! write goes to a fresh `<copy>` folder, so two tabs never write the same file, and a
//! copy cut short (a reload mid-write, a full disk) has no manifest and is never loaded.

use js_sys::{Promise, Reflect, Uint8Array};
use playground_protocol::stored::{build_version, key, Manifest, Unusable, ROOT};
use playground_protocol::{SocialParams, WarehouseImage};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    File, FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemGetDirectoryOptions, FileSystemGetFileOptions,
    FileSystemRemoveOptions, FileSystemWritableFileStream,
};

const DATA: &str = "data.bin";
const MANIFEST: &str = "manifest.json";
/// An unfinished copy this old was cut short, not still being written by another tab.
const ABANDONED_MS: f64 = 10.0 * 60.0 * 1000.0;

/// What a look in storage found.
pub enum Found {
    /// A complete copy of the warehouse these settings build.
    Image(WarehouseImage),
    /// No copy for these settings.
    Nothing,
    /// A copy that cannot be used, and why; it was removed.
    Unusable(String),
}

fn js_error(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
}

async fn wait(promise: Promise) -> Result<JsValue, String> {
    JsFuture::from(promise).await.map_err(js_error)
}

/// The storage root, or why there is none (no OPFS, storage refused).
async fn root() -> Result<FileSystemDirectoryHandle, String> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let storage = navigator.storage();
    if storage.is_undefined() {
        return Err("this browser has no storage manager".into());
    }
    let top: FileSystemDirectoryHandle = wait(storage.get_directory()).await?.unchecked_into();
    folder(&top, ROOT, true).await
}

async fn folder(
    parent: &FileSystemDirectoryHandle,
    name: &str,
    create: bool,
) -> Result<FileSystemDirectoryHandle, String> {
    let options = FileSystemGetDirectoryOptions::new();
    options.set_create(create);
    Ok(wait(parent.get_directory_handle_with_options(name, &options)).await?.unchecked_into())
}

async fn file(parent: &FileSystemDirectoryHandle, name: &str) -> Result<File, String> {
    let handle: FileSystemFileHandle = wait(parent.get_file_handle(name)).await?.unchecked_into();
    Ok(wait(handle.get_file()).await?.unchecked_into())
}

async fn text(parent: &FileSystemDirectoryHandle, name: &str) -> Result<String, String> {
    let text = wait(file(parent, name).await?.text()).await?;
    text.as_string().ok_or_else(|| format!("{name} is not text"))
}

async fn bytes(parent: &FileSystemDirectoryHandle, name: &str) -> Result<Vec<u8>, String> {
    let buffer = wait(file(parent, name).await?.array_buffer()).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Writes `chunks` back to back as one file.
async fn write<'a>(
    parent: &FileSystemDirectoryHandle,
    name: &str,
    chunks: impl Iterator<Item = &'a [u8]>,
) -> Result<(), String> {
    let options = FileSystemGetFileOptions::new();
    options.set_create(true);
    let handle: FileSystemFileHandle =
        wait(parent.get_file_handle_with_options(name, &options)).await?.unchecked_into();
    let stream: FileSystemWritableFileStream = wait(handle.create_writable()).await?.unchecked_into();
    for chunk in chunks {
        // A copy in JS memory: a view into wasm memory could move while the write waits.
        let written = stream.write_with_js_u8_array(&Uint8Array::from(chunk)).map_err(js_error)?;
        if let Err(e) = wait(written).await {
            let _ = wait(stream.abort()).await;
            return Err(e);
        }
    }
    wait(stream.close()).await.map(|_| ())
}

async fn names(dir: &FileSystemDirectoryHandle) -> Result<Vec<String>, String> {
    let iter = dir.keys();
    let mut out = Vec::new();
    loop {
        let next = wait(iter.next().map_err(js_error)?).await?;
        if Reflect::get(&next, &"done".into()).map_err(js_error)?.is_truthy() {
            return Ok(out);
        }
        out.extend(Reflect::get(&next, &"value".into()).map_err(js_error)?.as_string());
    }
}

async fn remove(parent: &FileSystemDirectoryHandle, name: &str) -> Result<(), String> {
    let options = FileSystemRemoveOptions::new();
    options.set_recursive(true);
    wait(parent.remove_entry_with_options(name, &options)).await.map(|_| ())
}

/// The manifest of a finished copy. `None` while there is none, or while it is empty: a
/// manifest being written exists, empty, until its stream closes.
async fn finished(copy: &FileSystemDirectoryHandle) -> Option<Result<Manifest, Unusable>> {
    let json = text(copy, MANIFEST).await.ok().filter(|t| !t.is_empty())?;
    Some(Manifest::from_json(&json))
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A new copy's folder name: when it was started, and a random tail so two tabs
/// starting in the same millisecond still differ.
fn copy_name() -> String {
    format!("{:015}-{:08x}", now_ms() as u64, (js_sys::Math::random() * f64::from(u32::MAX)) as u32)
}

fn started_ms(copy: &str) -> f64 {
    copy.split('-').next().and_then(|t| t.parse().ok()).unwrap_or(0.0)
}

/// Looks for a complete copy of the warehouse `params` builds, newest first.
pub async fn load(params: &SocialParams) -> Result<Found, String> {
    let root = root().await?;
    let version = build_version();
    let Ok(dir) = folder(&root, &key(params, &version), false).await else {
        // Copies under other names are other versions or settings: say so if there are.
        for other in names(&root).await? {
            let Ok(dir) = folder(&root, &other, false).await else { continue };
            for copy in names(&dir).await? {
                let Ok(copy) = folder(&dir, &copy, false).await else { continue };
                if let Some(Ok(manifest)) = finished(&copy).await {
                    if let Err(why @ Unusable::OtherVersion(_)) = manifest.check(params, &version) {
                        return Ok(Found::Unusable(why.to_string()));
                    }
                }
            }
        }
        return Ok(Found::Nothing);
    };
    let mut copies = names(&dir).await?;
    copies.sort_unstable_by(|a, b| b.cmp(a));
    let mut unusable = None;
    for name in copies {
        // Another tab may remove a copy while this one looks: a copy gone is skipped.
        let Ok(copy) = folder(&dir, &name, false).await else { continue };
        let Some(manifest) = finished(&copy).await else {
            // Being written, or cut short.
            continue;
        };
        let found = match manifest.and_then(|m| m.check(params, &version).map(|()| m)) {
            Ok(manifest) => match bytes(&copy, DATA).await {
                Ok(data) => manifest.into_image(&data),
                Err(_) => continue,
            },
            Err(why) => Err(why),
        };
        match found {
            Ok(image) => return Ok(Found::Image(image)),
            Err(why) => {
                let _ = remove(&dir, &name).await;
                unusable = Some(why.to_string());
            }
        }
    }
    Ok(unusable.map_or(Found::Nothing, Found::Unusable))
}

/// Keeps `image` as the warehouse `params` builds, then removes older complete copies
/// (older builds, other settings) and copies abandoned part-way. Returns the bytes kept.
pub async fn save(params: &SocialParams, image: &WarehouseImage) -> Result<u64, String> {
    let needed = image.bytes();
    let root = root().await?;
    let copy_name = copy_name();
    // Older copies go first: a stale one must not hold the quota this one needs.
    tidy(&root, &copy_name).await;
    if let Some((usage, quota)) = estimate().await {
        if usage + needed > quota {
            return Err(format!(
                "the browser grants this page {} of storage and {} is in use; the warehouse needs {}",
                mb(quota),
                mb(usage),
                mb(needed)
            ));
        }
    }
    let version = build_version();
    let name = key(params, &version);
    let dir = folder(&root, &name, true).await?;
    let copy = folder(&dir, &copy_name, true).await?;
    let manifest = Manifest::describe(image, params, &version);
    let written = async {
        write(&copy, DATA, image.files.iter().map(|f| f.parquet.as_slice())).await?;
        write(&copy, MANIFEST, std::iter::once(manifest.to_json().as_bytes())).await
    }
    .await;
    if let Err(e) = written {
        let _ = remove(&dir, &copy_name).await;
        return Err(e);
    }
    // Copies finished meanwhile by other tabs, older than this one.
    tidy(&root, &copy_name).await;
    Ok(needed)
}

/// Removes every complete copy older than `keep` (a newer one is another tab's, and
/// stays), and unfinished ones old enough to be abandoned. Empty folders stay: another
/// tab may be about to write into one. Failures are left for the next tidy.
async fn tidy(root: &FileSystemDirectoryHandle, keep: &str) {
    let Ok(keys) = names(root).await else { return };
    for key in keys {
        let Ok(dir) = folder(root, &key, false).await else { continue };
        let Ok(copies) = names(&dir).await else { continue };
        for copy in copies {
            if copy.as_str() >= keep {
                continue;
            }
            let Ok(handle) = folder(&dir, &copy, false).await else { continue };
            let complete = matches!(finished(&handle).await, Some(Ok(_)));
            if complete || now_ms() - started_ms(&copy) > ABANDONED_MS {
                let _ = remove(&dir, &copy).await;
            }
        }
    }
}

/// Removes every kept copy.
pub async fn clear() -> Result<(), String> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let top: FileSystemDirectoryHandle = wait(navigator.storage().get_directory()).await?.unchecked_into();
    let options = FileSystemRemoveOptions::new();
    options.set_recursive(true);
    match JsFuture::from(top.remove_entry_with_options(ROOT, &options)).await {
        Ok(_) => Ok(()),
        // Nothing was kept.
        Err(e) if e.dyn_ref::<web_sys::DomException>().is_some_and(|e| e.name() == "NotFoundError") => Ok(()),
        Err(e) => Err(js_error(e)),
    }
}

/// Storage in use and granted, in bytes.
async fn estimate() -> Option<(u64, u64)> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate = wait(storage.estimate().ok()?).await.ok()?;
    let field = |name: &str| Reflect::get(&estimate, &name.into()).ok()?.as_f64().map(|n| n as u64);
    Some((field("usage")?, field("quota")?))
}

/// Megabytes, for messages.
pub fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
