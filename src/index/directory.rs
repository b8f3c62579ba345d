//! The library directory on disk: whether a directory is ours to write in, which of its files
//! we own, the seal that lets an open notice a damaged file, and a read-only tantivy directory
//! for a library we may read but not write. Never reads source files, and never deletes a file
//! it does not own: only tantivy's index files and our manifest, marker and seal, never a
//! folder, never anything else a user keeps beside them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// The marker: a library directory carries it from the moment we create it.
pub(crate) const MARKER: &str = "briefing-library.toml";
/// The marker format this release writes and understands.
pub(crate) const MARKER_VERSION: u32 = 1;
/// The manifest's file name (see `manifest.rs`).
pub(crate) const MANIFEST: &str = "briefing-manifest.bin";
/// Size and modification time of each index file at the last commit.
pub(crate) const SEAL: &str = "briefing-seal.bin";
/// The stories as last grouped, with the key of what they were grouped from.
pub(crate) const STORIES: &str = "briefing-stories.bin";
/// What the stories were grouped from (each article's fingerprint and metadata), under the
/// stories' key: a few changed files bring the stories up to date from it.
pub(crate) const STORY_INPUTS: &str = "briefing-story-inputs.bin";
/// Each story's facts as last worked out, under a key of what they were worked out from.
pub(crate) const FACTS: &str = "briefing-facts.bin";
/// The entity list as last merged, with the key of what it was merged from.
pub(crate) const ENTITIES: &str = "briefing-entities.bin";
/// Every article's summary (the reader's list), with the key of the articles it describes.
pub(crate) const ARTICLES: &str = "briefing-articles.bin";

/// What a directory named as a library is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// It does not exist.
    Missing,
    /// It exists and is empty.
    Empty,
    /// It carries our marker.
    Marked,
    /// No marker, but a library from before the marker: a manifest and tantivy's meta.json.
    Legacy,
    /// It carries a marker of a newer format than this release knows.
    Newer(u32),
    /// Not ours: a file, or a directory holding other things; how it reads after "DIR is not
    /// a briefing library".
    Foreign(String),
}

/// What `dir` is. Reads only the directory listing and the marker.
pub(crate) fn kind(dir: &Path) -> std::io::Result<Kind> {
    let meta = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Kind::Missing),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return Ok(Kind::Foreign(" (it is a file, not a directory)".into()));
    }
    match std::fs::read_to_string(dir.join(MARKER)) {
        Ok(text) => {
            return Ok(match marker_version(&text) {
                Some(v) if v <= MARKER_VERSION => Kind::Marked,
                Some(v) => Kind::Newer(v),
                None => Kind::Foreign(format!(
                    " and is not empty (its {MARKER} is not a briefing marker)"
                )),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        names.push(entry?.file_name());
    }
    if names.is_empty() {
        return Ok(Kind::Empty);
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    if has(MANIFEST) && has("meta.json") {
        return Ok(Kind::Legacy);
    }
    Ok(Kind::Foreign(" and is not empty".into()))
}

/// The version a marker's text declares, `None` when it is not one of ours.
fn marker_version(text: &str) -> Option<u32> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "briefing-library").then(|| v.trim().parse().ok())?
    })
}

/// Mark `dir` (which exists) as a briefing library. Written atomically.
pub(crate) fn write_marker(dir: &Path) -> std::io::Result<()> {
    atomic_write(&dir.join(MARKER), marker_text(None).as_bytes())
}

/// What a library was built from, as its marker records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Built {
    /// The sample briefing embedded in the binary.
    Sample,
    /// These files and folders, as absolute paths.
    Paths(Vec<PathBuf>),
}

/// The marker's text, naming what the library was built from when that is known.
fn marker_text(built: Option<&Built>) -> String {
    let mut text = format!(
        "# This directory is a briefing library: an index of news articles that briefing built\n\
         # from source files kept elsewhere, and may rebuild from them at any time. briefing\n\
         # writes and deletes only its own files here (tantivy's index files, {MANIFEST},\n\
         # {SEAL}, {STORIES}, {STORY_INPUTS}, {FACTS}, {ENTITIES}, {ARTICLES} and this marker), never anything else.\n\
         briefing-library = {MARKER_VERSION}\n"
    );
    match built {
        None => {}
        Some(Built::Sample) => {
            text.push_str("# Built from the sample briefing.\nsample = true\n");
        }
        Some(Built::Paths(paths)) => {
            text.push_str(
                "# Built from these paths; `briefing --index DIR` with no paths opens them again.\n\
                 sources = [\n",
            );
            for p in paths {
                let quoted = toml::Value::String(p.to_string_lossy().into_owned()).to_string();
                text.push_str(&format!("  {quoted},\n"));
            }
            text.push_str("]\n");
        }
    }
    text
}

/// What the marker in `dir` says the library was built from; `None` when there is no
/// marker, it is not readable, or it does not say (written by an earlier release).
pub(crate) fn recorded_build(dir: &Path) -> Option<Built> {
    #[derive(serde::Deserialize)]
    struct Marker {
        #[serde(default)]
        sample: bool,
        sources: Option<Vec<String>>,
    }
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    marker_version(&text)?;
    let m: Marker = toml::from_str(&text).ok()?;
    match m.sources {
        Some(paths) if !paths.is_empty() => {
            Some(Built::Paths(paths.into_iter().map(PathBuf::from).collect()))
        }
        _ if m.sample => Some(Built::Sample),
        _ => None,
    }
}

/// Record in the marker of `dir` what the library was built from, when it says something
/// else. A path that is not valid UTF-8 is not recorded (the marker would not name it
/// faithfully): the marker then says nothing.
pub(crate) fn record_build(dir: &Path, built: &Built) -> std::io::Result<()> {
    let faithful = match built {
        Built::Sample => true,
        Built::Paths(paths) => paths.iter().all(|p| p.to_str().is_some()),
    };
    let wanted = faithful.then_some(built);
    if recorded_build(dir).as_ref() == wanted {
        return Ok(());
    }
    atomic_write(&dir.join(MARKER), marker_text(wanted).as_bytes())
}

/// Write `bytes` to `path` through a temporary file beside it and a rename.
pub(crate) fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    write_synced(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Write `bytes` to a new file `path` and wait until they are on disk; a file left half
/// written (a full disk) is removed.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let written = (|| {
        let mut f = std::fs::File::create(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Whether `name` is a file the library owns: tantivy's index files and our own, never a
/// lock (held by whoever is working), never the marker, never a folder.
pub(crate) fn owned(name: &str) -> bool {
    if matches!(
        name,
        "meta.json"
            | ".managed.json"
            | MANIFEST
            | SEAL
            | STORIES
            | STORY_INPUTS
            | FACTS
            | ENTITIES
            | ARTICLES
            | "briefing-manifest.bin.tmp"
    ) || name == format!("{SEAL}.tmp")
        || name == format!("{STORIES}.tmp")
        || name == format!("{STORY_INPUTS}.tmp")
        || name == format!("{FACTS}.tmp")
        || name == format!("{ENTITIES}.tmp")
        || name == format!("{ARTICLES}.tmp")
    {
        return true;
    }
    // Segment files: 32 hex digits (the segment id), then a component extension; deletes carry
    // an opstamp too ("<id>.<opstamp>.del").
    let Some((id, rest)) = name.split_once('.') else {
        return false;
    };
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    match rest.split_once('.') {
        None => matches!(
            rest,
            "idx" | "pos" | "term" | "store" | "fast" | "fieldnorm"
        ),
        Some(("store", "temp")) => true,
        Some((stamp, "del")) => !stamp.is_empty() && stamp.bytes().all(|b| b.is_ascii_digit()),
        Some(_) => false,
    }
}

/// Remove the files the library owns in `dir`, and nothing else.
pub(crate) fn clear_owned(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        if entry.file_name().to_str().is_some_and(owned) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Whether the directory's files can be written: tries to open tantivy's meta lock file (one
/// of ours, created by every reader anyway). `Err` carries the reason when they cannot.
pub(crate) fn writable(dir: &Path) -> Result<(), std::io::Error> {
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(".tantivy-meta.lock"))
        .map(drop)
}

/// One index file as it was left by the last commit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Sealed {
    pub name: String,
    pub size: u64,
    pub mtime_ns: i128,
}

/// The stamps of `files` in `dir` as they are now (a missing file is left out).
pub(crate) fn stamps(dir: &Path, files: &[String]) -> Vec<Sealed> {
    files
        .iter()
        .filter_map(|name| {
            let m = std::fs::metadata(dir.join(name)).ok()?;
            Some(Sealed {
                name: name.clone(),
                size: m.len(),
                mtime_ns: crate::ingest::mtime_ns(&m),
            })
        })
        .collect()
}

pub(crate) fn save_seal(dir: &Path, seal: &[Sealed]) -> std::io::Result<()> {
    let bytes = postcard::to_stdvec(seal).map_err(std::io::Error::other)?;
    atomic_write(&dir.join(SEAL), &bytes)
}

/// The seal, `None` when there is none or it can't be read.
pub(crate) fn load_seal(dir: &Path) -> Option<Vec<Sealed>> {
    let bytes = std::fs::read(dir.join(SEAL)).ok()?;
    postcard::from_bytes(&bytes).ok()
}

/// Forget the seal, so that the next open checks every file's checksum: called when a read
/// meets damaged data, so that a damaged library is rebuilt once instead of failing forever.
pub(crate) fn distrust(dir: &Path) {
    match std::fs::remove_file(dir.join(SEAL)) {
        Ok(()) => tracing::warn!(
            "damaged data read from the library at {}: it is checked on the next open",
            dir.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!("cannot mark {} for checking: {e}", dir.display()),
    }
}

/// A tantivy directory that reads a library it may not write: reads go to the files, locks
/// are granted without a lock file (nobody can write here, so there is nothing to exclude),
/// and every write is refused.
#[derive(Clone, Debug)]
pub(crate) struct ReadOnly {
    inner: MmapDirectory,
    path: PathBuf,
}

impl ReadOnly {
    pub(crate) fn open(path: &Path) -> Result<ReadOnly, String> {
        let inner = MmapDirectory::open(path).map_err(|e| e.to_string())?;
        Ok(ReadOnly {
            inner,
            path: path.to_path_buf(),
        })
    }

    fn refused(&self) -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{} is read-only", self.path.display()),
        )
    }
}

impl Directory for ReadOnly {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(self.refused()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(self.refused()),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> std::io::Result<()> {
        Err(self.refused())
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// A file read by positioned reads rather than through a memory map, for scans that read a
/// whole file once: the doc store when the entity list is merged or the stories are first
/// grouped (320 MB at 100k articles). Pages of a mapped file stay in the process's memory
/// as long as the map does (the searcher keeps it for the library's life); a block read
/// here is decoded and dropped, and the pages stay in the system's cache only.
#[derive(Debug)]
pub(crate) struct Streamed {
    file: std::fs::File,
    len: usize,
}

impl Streamed {
    pub(crate) fn open(path: &Path) -> std::io::Result<Streamed> {
        let file = std::fs::File::open(path)?;
        let len = usize::try_from(file.metadata()?.len()).map_err(std::io::Error::other)?;
        Ok(Streamed { file, len })
    }
}

impl tantivy::HasLen for Streamed {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for Streamed {
    fn read_bytes(
        &self,
        range: std::ops::Range<usize>,
    ) -> std::io::Result<tantivy::directory::OwnedBytes> {
        if range.start > range.end || range.end > self.len {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("bytes {range:?} of a file of {} bytes", self.len),
            ));
        }
        let mut buffer = vec![0; range.len()];
        read_at(&self.file, &mut buffer, range.start as u64)?;
        Ok(tantivy::directory::OwnedBytes::new(buffer))
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buffer: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, at)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, mut buffer: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buffer.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buffer, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buffer = &mut buffer[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

/// Whether an I/O error means the disk (or the user's quota) is full.
pub(crate) fn is_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    ) || matches!(e.raw_os_error(), Some(28 | 122))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_files_are_tantivys_and_ours_only() {
        for n in [
            "meta.json",
            ".managed.json",
            "briefing-manifest.bin",
            "briefing-seal.bin",
            "briefing-stories.bin",
            "briefing-facts.bin",
            "briefing-facts.bin.tmp",
            "briefing-entities.bin",
            "0123456789abcdef0123456789abcdef.store",
            "0123456789abcdef0123456789abcdef.idx",
            "0123456789abcdef0123456789abcdef.12.del",
            "0123456789abcdef0123456789abcdef.store.temp",
        ] {
            assert!(owned(n), "{n}");
        }
        for n in [
            MARKER,
            ".tantivy-writer.lock",
            ".tantivy-meta.lock",
            "notes.txt",
            "meta.json.bak",
            "0123456789abcdef0123456789abcdef.txt",
            "0123456789abcdef0123456789abcde.store",
            "0123456789abcdef0123456789abcdef..del",
            "0123456789abcdef0123456789abcdeg.store",
        ] {
            assert!(!owned(n), "{n}");
        }
    }

    #[test]
    fn a_directory_is_told_apart_before_anything_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        assert_eq!(kind(&d.join("new")).unwrap(), Kind::Missing);
        assert_eq!(kind(d).unwrap(), Kind::Empty);
        std::fs::write(d.join("notes.txt"), "mine").unwrap();
        assert!(matches!(kind(d).unwrap(), Kind::Foreign(_)));
        assert!(matches!(
            kind(&d.join("notes.txt")).unwrap(),
            Kind::Foreign(_)
        ));
        std::fs::write(d.join(MANIFEST), "").unwrap();
        std::fs::write(d.join("meta.json"), "{}").unwrap();
        assert_eq!(kind(d).unwrap(), Kind::Legacy);
        write_marker(d).unwrap();
        assert_eq!(kind(d).unwrap(), Kind::Marked);
        std::fs::write(d.join(MARKER), "briefing-library = 7\n").unwrap();
        assert_eq!(kind(d).unwrap(), Kind::Newer(7));
        std::fs::write(d.join(MARKER), "title = 'my notes'\n").unwrap();
        assert!(matches!(kind(d).unwrap(), Kind::Foreign(_)));
    }

    #[test]
    fn clearing_leaves_everything_not_owned() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write_marker(d).unwrap();
        std::fs::write(d.join("meta.json"), "{}").unwrap();
        std::fs::write(d.join("0123456789abcdef0123456789abcdef.store"), "x").unwrap();
        std::fs::write(d.join("notes.txt"), "mine").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/meta.json"), "{}").unwrap();
        clear_owned(d).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [MARKER, "notes.txt", "sub"]);
        assert!(d.join("sub/meta.json").exists());
    }
}
