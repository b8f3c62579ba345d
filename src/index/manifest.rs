//! The manifest: which file versions the index holds (path, size, mtime, content hash, article
//! id) and the problems met reading them, stamped with the schema version and a generation
//! number that must match the tantivy commit payload. Saved atomically (write, then rename).

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::ingest::FileStamp;

const FILE: &str = super::directory::MANIFEST;

/// What the index knows of one source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub stamp: FileStamp,
    /// The article read from it, or `None` when it could not be read.
    pub article: Option<String>,
    /// Why it could not be read.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: String,
    pub generation: u64,
    /// By display path, sorted, each once. A list rather than a map: it decodes (the same
    /// bytes a map would be written as) without a tree insertion per file, which matters when
    /// reopening a library of 100k files; [`Manifest::lookup`] indexes it by hash when needed.
    pub files: Vec<(String, ManifestEntry)>,
}

impl Manifest {
    pub fn new() -> Self {
        Manifest {
            version: super::FORMAT.to_string(),
            generation: 0,
            files: Vec::new(),
        }
    }

    /// The entries by path, for checking many files against it.
    pub fn lookup(&self) -> FxHashMap<&str, &ManifestEntry> {
        let mut map = FxHashMap::with_capacity_and_hasher(self.files.len(), Default::default());
        map.extend(self.files.iter().map(|(f, e)| (f.as_str(), e)));
        map
    }

    /// The entries as a map, for editing.
    pub fn to_map(&self) -> BTreeMap<String, ManifestEntry> {
        self.files.iter().cloned().collect()
    }

    /// Replace the entries with `map`'s (which keeps them sorted and unique).
    pub fn set_files(&mut self, map: BTreeMap<String, ManifestEntry>) {
        self.files = map.into_iter().collect();
    }

    /// Whether `dir` holds a manifest file (readable or not).
    pub fn exists(dir: &Path) -> bool {
        dir.join(FILE).is_file()
    }

    /// The manifest in `dir`, `Ok(None)` when there is none.
    pub fn load(dir: &Path) -> Result<Option<Manifest>, String> {
        let bytes = match std::fs::read(dir.join(FILE)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        postcard::from_bytes(&bytes)
            .map(Some)
            .map_err(|e| e.to_string())
    }

    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        self.save_pending(dir)?;
        Self::publish_pending(dir)
    }

    fn pending(dir: &Path) -> std::path::PathBuf {
        dir.join(format!("{FILE}.tmp"))
    }

    /// Write the manifest in full beside the one in place, to be put in place by
    /// [`Manifest::publish_pending`]: what can fail for lack of space fails here.
    pub fn save_pending(&self, dir: &Path) -> std::io::Result<()> {
        let bytes = postcard::to_stdvec(self).map_err(std::io::Error::other)?;
        super::directory::write_synced(&Self::pending(dir), &bytes)
    }

    /// Put the manifest written by [`Manifest::save_pending`] in place (a rename).
    pub fn publish_pending(dir: &Path) -> std::io::Result<()> {
        std::fs::rename(Self::pending(dir), dir.join(FILE))
    }

    /// Forget a manifest written by [`Manifest::save_pending`].
    pub fn drop_pending(dir: &Path) {
        let _ = std::fs::remove_file(Self::pending(dir));
    }
}

impl Default for Manifest {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_missing_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), None);
        let mut m = Manifest::new();
        m.generation = 3;
        m.files.push((
            "a.txt".into(),
            ManifestEntry {
                stamp: FileStamp {
                    size: 1,
                    mtime_ns: 2,
                    hash: 3,
                },
                article: Some("x".into()),
                problem: None,
            },
        ));
        m.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), Some(m.clone()));
        // Written as a map, read as a list: the two have the same bytes.
        #[derive(Serialize)]
        struct AsMap<'a> {
            version: &'a str,
            generation: u64,
            files: BTreeMap<String, ManifestEntry>,
        }
        let as_map = AsMap {
            version: &m.version,
            generation: m.generation,
            files: m.to_map(),
        };
        let bytes = postcard::to_stdvec(&as_map).unwrap();
        assert_eq!(postcard::from_bytes::<Manifest>(&bytes).unwrap(), m);
        std::fs::write(dir.path().join(FILE), b"\xff\xff\xff").unwrap();
        assert!(Manifest::load(dir.path()).is_err());
    }
}
