//! The manifest: which file versions the index holds (path, size, mtime, content hash, article
//! id) and the problems met reading them, stamped with the schema version and a generation
//! number that must match the tantivy commit payload. Saved atomically (write, then rename).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::ingest::FileStamp;

const FILE: &str = "briefing-manifest.bin";

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
    /// Keyed by display path.
    pub files: BTreeMap<String, ManifestEntry>,
}

impl Manifest {
    pub fn new() -> Self {
        Manifest {
            version: super::FORMAT.to_string(),
            generation: 0,
            files: BTreeMap::new(),
        }
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
        let bytes = postcard::to_stdvec(self).map_err(std::io::Error::other)?;
        let tmp = dir.join(format!("{FILE}.tmp"));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, dir.join(FILE))
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
        m.files.insert(
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
        );
        m.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), Some(m));
        std::fs::write(dir.path().join(FILE), b"\xff\xff\xff").unwrap();
        assert!(Manifest::load(dir.path()).is_err());
    }
}
