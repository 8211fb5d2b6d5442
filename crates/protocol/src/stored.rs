//! The built warehouse kept in the browser's storage between visits: the name a copy is
//! kept under, and the manifest that says a copy is complete and what it holds.
//!
//! A copy is one data file (every Parquet file of the image, back to back) and a
//! manifest written after it. A copy without a manifest, or whose files do not add up to
//! what the manifest says, was cut short (a reload mid-write, a full disk) and is never
//! loaded. The name holds the build's version and the network's settings, so a copy
//! made by another version or for another network is never found; the manifest repeats
//! both, and [`Manifest::check`] refuses a mismatch all the same.
//!
//! ```
//! use playground_protocol::{stored, SocialParams, StoredFile, WarehouseImage};
//! let params = SocialParams::small();
//! let file = StoredFile { table: "t".into(), ds: Some("2024-01-01".into()), parquet: vec![1, 2, 3] };
//! let image = WarehouseImage { files: vec![file], ..WarehouseImage::default() };
//! let manifest = stored::Manifest::describe(&image, &params, &stored::build_version());
//! assert_eq!(manifest.bytes, 3);
//! let json = manifest.to_json();
//! let back = stored::Manifest::from_json(&json).unwrap();
//! back.check(&params, &stored::build_version()).unwrap();
//! let restored = back.into_image(&[1, 2, 3]).unwrap();
//! assert_eq!(restored, image);
//! ```

use serde::{Deserialize, Serialize};

use crate::{LabMemory, SocialParams, StoredFile, WarehouseImage};

/// The build id the site build stamps in (a hash of the sources that decide what the
/// warehouse holds; `scripts/build-site.sh`), `dev` elsewhere.
pub const BUILD_ID: &str = match option_env!("PLAYGROUND_BUILD_ID") {
    Some(id) => id,
    None => "dev",
};

/// The build a stored copy must come from: the engine's version and [`BUILD_ID`], so any
/// change to how the warehouse is built makes older copies stale.
pub fn build_version() -> String {
    format!("{}+{BUILD_ID}", env!("CARGO_PKG_VERSION"))
}

/// The folder every stored copy lives under.
pub const ROOT: &str = "warehouse";

/// 64-bit FNV-1a, enough to name a folder after a network's settings.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The name copies of the warehouse built from `params` by `version` are kept under.
///
/// ```
/// use playground_protocol::{stored::key, SocialParams};
/// let small = SocialParams::small();
/// assert_eq!(key(&small, "1"), key(&small.clone(), "1"));
/// assert_ne!(key(&small, "1"), key(&small, "2"));
/// assert_ne!(key(&small, "1"), key(&SocialParams { seed: 2, ..small }, "1"));
/// ```
pub fn key(params: &SocialParams, version: &str) -> String {
    let settings = serde_json::to_string(params).unwrap_or_default();
    format!("w{:016x}", fnv(&format!("{version}\n{settings}")))
}

/// One Parquet file in the data file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Table name.
    pub table: String,
    /// The `ds` partition, or `None` for a whole table.
    pub ds: Option<String>,
    /// Its length; files lie back to back in manifest order.
    pub bytes: u64,
}

/// What a complete stored copy holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The build that wrote it.
    pub version: String,
    /// The network it was built from.
    pub params: SocialParams,
    /// Its files, in data-file order.
    pub files: Vec<ManifestFile>,
    /// What the lab remembers beside them.
    pub lab: LabMemory,
    /// Bytes of the data file.
    pub bytes: u64,
}

/// Why a stored copy cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// Made by another build.
    OtherVersion(String),
    /// Built from other settings.
    OtherNetwork,
    /// Cut short, or damaged.
    Damaged(String),
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unusable::OtherVersion(v) => write!(f, "it was built by another version of the playground ({v})"),
            Unusable::OtherNetwork => write!(f, "it was built from other settings"),
            Unusable::Damaged(why) => write!(f, "it is incomplete or damaged: {why}"),
        }
    }
}

impl Manifest {
    /// The manifest of `image`, built from `params` by `version`. The data file is the
    /// image's files back to back, in order ([`WarehouseImage::files`]).
    pub fn describe(image: &WarehouseImage, params: &SocialParams, version: &str) -> Self {
        Manifest {
            version: version.to_string(),
            params: params.clone(),
            files: image
                .files
                .iter()
                .map(|f| ManifestFile { table: f.table.clone(), ds: f.ds.clone(), bytes: f.parquet.len() as u64 })
                .collect(),
            lab: image.lab.clone(),
            bytes: image.bytes(),
        }
    }

    /// As stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored manifest.
    pub fn from_json(json: &str) -> Result<Self, Unusable> {
        serde_json::from_str(json).map_err(|e| Unusable::Damaged(format!("unreadable manifest: {e}")))
    }

    /// Whether this copy is the warehouse `params` builds with `version`, and adds up.
    pub fn check(&self, params: &SocialParams, version: &str) -> Result<(), Unusable> {
        if self.version != version {
            return Err(Unusable::OtherVersion(self.version.clone()));
        }
        if &self.params != params {
            return Err(Unusable::OtherNetwork);
        }
        let sum: u64 = self.files.iter().map(|f| f.bytes).sum();
        if sum != self.bytes {
            return Err(Unusable::Damaged(format!("its files add up to {sum} bytes, not {}", self.bytes)));
        }
        Ok(())
    }

    /// The image, cut from the data file. A data file of another length is refused.
    pub fn into_image(self, data: &[u8]) -> Result<WarehouseImage, Unusable> {
        if data.len() as u64 != self.bytes {
            return Err(Unusable::Damaged(format!("the data file has {} bytes, not {}", data.len(), self.bytes)));
        }
        let mut at = 0usize;
        let mut files = Vec::with_capacity(self.files.len());
        for f in self.files {
            let end = at.saturating_add(f.bytes as usize);
            let Some(parquet) = data.get(at..end) else {
                return Err(Unusable::Damaged(format!("{} runs past the end of the data file", f.table)));
            };
            files.push(StoredFile { table: f.table, ds: f.ds, parquet: parquet.to_vec() });
            at = end;
        }
        Ok(WarehouseImage { files, lab: self.lab })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> WarehouseImage {
        let file = |table: &str, ds: Option<&str>, bytes: &[u8]| StoredFile {
            table: table.into(),
            ds: ds.map(str::to_string),
            parquet: bytes.to_vec(),
        };
        WarehouseImage {
            files: vec![
                file("a", None, &[1, 2]),
                file("b", Some("2024-01-01"), &[3]),
                file("b", Some("2024-01-02"), &[]),
            ],
            lab: LabMemory { bad_days: vec!["2024-01-02".into()], ..LabMemory::default() },
        }
    }

    #[test]
    fn a_copy_round_trips_through_its_manifest_and_data_file() {
        let params = SocialParams::small();
        let m = Manifest::from_json(&Manifest::describe(&image(), &params, "v1").to_json()).unwrap();
        assert_eq!(m.check(&params, "v1"), Ok(()));
        assert_eq!(m.into_image(&[1, 2, 3]).unwrap(), image());
    }

    #[test]
    fn another_version_another_network_or_a_short_data_file_is_refused() {
        let params = SocialParams::small();
        let m = Manifest::describe(&image(), &params, "v1");
        assert_eq!(m.check(&params, "v2"), Err(Unusable::OtherVersion("v1".into())));
        assert_eq!(m.check(&SocialParams { users: 201, ..params.clone() }, "v1"), Err(Unusable::OtherNetwork));
        assert!(matches!(m.clone().into_image(&[1, 2]), Err(Unusable::Damaged(_))));
        let mut lying = m;
        lying.files[0].bytes = 5;
        assert!(matches!(lying.check(&params, "v1"), Err(Unusable::Damaged(_))));
        assert!(matches!(Manifest::from_json("{\"version\":"), Err(Unusable::Damaged(_))));
    }
}
