//! The news folder's own records and files: `feeds.opml` (the subscriptions, plain OPML that
//! other readers import), `fetch-state.json` (validators for conditional GET, and every saved
//! article's file, URLs and content fingerprint), and the saved articles themselves,
//! `OUTLET/DATE-TITLE-HASH.html`. Every write goes to a new temporary file in the folder and is
//! renamed over its target, so a crash leaves the old file or the new one, never half; nothing
//! is written outside the folder, and nothing already saved is ever removed.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::http::Validators;

pub const FEEDS_FILE: &str = "feeds.opml";
pub const STATE_FILE: &str = "fetch-state.json";
const STATE_VERSION: u32 = 1;

/// A file of the folder that cannot be read as what it should be.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct StoreError {
    pub path: PathBuf,
    pub reason: String,
}

/// One saved article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Saved {
    /// Path relative to the folder.
    pub file: String,
    /// Every address it was found under, canonical form, first one first.
    pub urls: Vec<String>,
    /// Hash of its text, to know the same story under another address.
    pub fingerprint: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct StateFile {
    version: u32,
    #[serde(default)]
    validators: BTreeMap<String, Validators>,
    #[serde(default)]
    saved: Vec<Saved>,
}

/// The folder, its subscriptions and what has been fetched into it.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    feeds: opml::OPML,
    state: StateFile,
    by_url: HashMap<String, usize>,
    by_print: HashMap<u64, usize>,
    /// `.briefing-fetch.lock`, locked (flock) while this store is open: one fetch at a time
    /// writes to a folder; the lock goes with the process, even a killed one.
    _lock: std::fs::File,
}

pub const LOCK_FILE: &str = ".briefing-fetch.lock";

/// Lock the folder for one fetch, or say another holds it.
fn lock(dir: &Path) -> Result<std::fs::File, String> {
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(libc::O_NOFOLLOW)
        .open(dir.join(LOCK_FILE))
        .map_err(|e| format!("cannot lock it ({LOCK_FILE}: {e})"))?;
    // SAFETY: flock on a descriptor this function owns; no memory is involved.
    let r = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r != 0 {
        return Err("another briefing fetch is writing to it; try again when it ends".into());
    }
    Ok(f)
}

static TEMP_SEQ: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// Open the folder `dir`, creating it if it is not there.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let err = |path: &Path, reason: String| StoreError {
            path: path.to_path_buf(),
            reason,
        };
        std::fs::create_dir_all(dir).map_err(|e| err(dir, format!("cannot create it: {e}")))?;
        if !dir.is_dir() {
            return Err(err(dir, "not a folder".into()));
        }
        let lock = lock(dir).map_err(|reason| err(dir, reason))?;
        let feeds_path = dir.join(FEEDS_FILE);
        let feeds = match read_small(&feeds_path) {
            Ok(Some(text)) => opml::OPML::from_str(&text)
                .map_err(|e| err(&feeds_path, format!("not OPML ({e}); fix or move it")))?,
            Ok(None) => new_opml(),
            Err(e) => return Err(err(&feeds_path, e)),
        };
        let state_path = dir.join(STATE_FILE);
        let state: StateFile = match read_small(&state_path) {
            Ok(Some(text)) => serde_json::from_str(&text)
                .map_err(|e| err(&state_path, format!("unreadable ({e}); fix or move it")))?,
            Ok(None) => StateFile {
                version: STATE_VERSION,
                ..StateFile::default()
            },
            Err(e) => return Err(err(&state_path, e)),
        };
        let mut store = Store {
            dir: dir.to_path_buf(),
            feeds,
            state,
            by_url: HashMap::new(),
            by_print: HashMap::new(),
            _lock: lock,
        };
        for (i, s) in store.state.saved.iter().enumerate() {
            for u in &s.urls {
                store.by_url.insert(u.clone(), i);
            }
            store.by_print.insert(s.fingerprint, i);
        }
        Ok(store)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The subscribed feeds' URLs, in the order they were added.
    pub fn feed_urls(&self) -> Vec<String> {
        super::feeds::opml_feeds(&self.feeds.to_string().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .map(|(_, url)| url)
            .collect()
    }

    /// Subscribe to `url` (once).
    pub fn add_feed(&mut self, title: &str, url: &str) {
        if self.feed_urls().iter().any(|u| u == url) {
            return;
        }
        let title = if title.trim().is_empty() {
            url
        } else {
            title.trim()
        };
        self.feeds.body.outlines.push(opml::Outline {
            text: title.to_string(),
            title: Some(title.to_string()),
            r#type: Some("rss".to_string()),
            xml_url: Some(url.to_string()),
            ..opml::Outline::default()
        });
    }

    pub fn validators(&self, url: &str) -> Option<&Validators> {
        self.state.validators.get(url)
    }

    pub fn set_validators(&mut self, url: &str, v: Validators) {
        if v == Validators::default() {
            self.state.validators.remove(url);
        } else {
            self.state.validators.insert(url.to_string(), v);
        }
    }

    /// The saved article found under `canonical_url`, if any.
    pub fn saved_at(&self, canonical_url: &str) -> Option<&Saved> {
        self.by_url
            .get(canonical_url)
            .map(|&i| &self.state.saved[i])
    }

    /// The saved article with this text, if any; `url` is recorded as one more of its
    /// addresses.
    pub fn same_text(&mut self, fingerprint: u64, url: &str) -> Option<&Saved> {
        let &i = self.by_print.get(&fingerprint)?;
        let saved = &mut self.state.saved[i];
        if !saved.urls.iter().any(|u| u == url) {
            saved.urls.push(url.to_string());
            self.by_url.insert(url.to_string(), i);
        }
        Some(&self.state.saved[i])
    }

    /// Write `html` as a new article file under `outlet`'s folder, named by date and title,
    /// and record it. Returns its path relative to the folder.
    pub fn save(
        &mut self,
        outlet: &str,
        name: &str,
        html: &str,
        url: &str,
        fingerprint: u64,
    ) -> Result<String, String> {
        let folder = slug(outlet, 40);
        let sub = self.dir.join(&folder);
        match std::fs::symlink_metadata(&sub) {
            Ok(m) if !m.is_dir() => {
                return Err(format!(
                    "{} is in the way: not a folder (a link or a file)",
                    sub.display()
                ));
            }
            Ok(_) => {}
            Err(_) => std::fs::create_dir(&sub)
                .map_err(|e| format!("cannot create {}: {e}", sub.display()))?,
        }
        let stem = slug(name, 80);
        let hash = format!("{:08x}", crate::ingest::content_hash(url.as_bytes()) as u32);
        // A run killed before it recorded what it saved left the file: it is taken as saved.
        // A file of the name that is not this article's is left alone and another name used.
        let mark = format!("<meta name=\"briefing:url\" content=\"{}\">", escape(url));
        let mut chosen = None;
        for n in 1..=9 {
            let file = if n == 1 {
                format!("{folder}/{stem}-{hash}.html")
            } else {
                format!("{folder}/{stem}-{hash}-{n}.html")
            };
            let path = self.dir.join(&file);
            match std::fs::symlink_metadata(&path) {
                Err(_) => {
                    chosen = Some((file, path, true));
                    break;
                }
                Ok(m)
                    if m.is_file()
                        && std::fs::read_to_string(&path).is_ok_and(|t| t.contains(&mark)) =>
                {
                    chosen = Some((file, path, false));
                    break;
                }
                Ok(_) => {}
            }
        }
        let Some((file, path, write)) = chosen else {
            return Err(format!(
                "{folder}/{stem}-{hash}.html and nine more names are taken"
            ));
        };
        if write {
            replace(&self.dir, &path, html.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        let i = self.state.saved.len();
        self.state.saved.push(Saved {
            file: file.clone(),
            urls: vec![url.to_string()],
            fingerprint,
        });
        self.by_url.insert(url.to_string(), i);
        self.by_print.insert(fingerprint, i);
        Ok(file)
    }

    /// Write `feeds.opml` and `fetch-state.json`.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        self.state.version = STATE_VERSION;
        let feeds_path = self.dir.join(FEEDS_FILE);
        let feeds = self.feeds.to_string().map_err(|e| StoreError {
            path: feeds_path.clone(),
            reason: e.to_string(),
        })?;
        replace(&self.dir, &feeds_path, feeds.as_bytes()).map_err(|e| StoreError {
            path: feeds_path,
            reason: format!("cannot write it: {e}"),
        })?;
        let state_path = self.dir.join(STATE_FILE);
        let state = serde_json::to_vec_pretty(&self.state).unwrap_or_default();
        replace(&self.dir, &state_path, &state).map_err(|e| StoreError {
            path: state_path,
            reason: format!("cannot write it: {e}"),
        })
    }
}

fn new_opml() -> opml::OPML {
    opml::OPML {
        head: Some(opml::Head {
            title: Some("briefing subscriptions".to_string()),
            ..opml::Head::default()
        }),
        ..opml::OPML::default()
    }
}

/// A file's text, `None` when it is not there; refused when it is not a regular file or is
/// larger than 20 MB.
fn read_small(path: &Path) -> Result<Option<String>, String> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read it: {e}")),
        Ok(m) if !m.is_file() => Err("not a regular file".into()),
        Ok(m) if m.len() > 20_000_000 => Err(format!("too large ({} bytes)", m.len())),
        Ok(_) => std::fs::read_to_string(path)
            .map(Some)
            .map_err(|e| format!("cannot read it: {e}")),
    }
}

/// Write `bytes` to a fresh temporary file in `dir`, then rename it to `path` (which must be
/// in `dir`): the old file or the new one, never half of either.
fn replace(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = dir.join(format!(
        ".briefing-fetch-{}-{}.tmp",
        std::process::id(),
        TEMP_SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        // create_new: never follows a link planted at the temporary name.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        drop(std::fs::remove_file(&tmp));
    }
    written
}

/// Text for an HTML attribute value.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A file or folder name from any text: lower-case ASCII letters and digits joined by single
/// hyphens, at most `max` bytes, never empty, never `.` or `..`.
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if out.len() >= max {
                break;
            }
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "untitled".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_names() {
        assert_eq!(slug("The New York Times", 40), "the-new-york-times");
        assert_eq!(slug("../../etc/passwd", 40), "etc-passwd");
        assert_eq!(slug("..", 40), "untitled");
        assert_eq!(slug("北京", 40), "untitled");
        assert!(slug(&"word ".repeat(50), 20).len() <= 21);
    }

    #[test]
    fn subscriptions_and_saved_articles_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.add_feed("Example", "https://example.test/feed");
        store.add_feed("Example", "https://example.test/feed");
        let file = store
            .save(
                "Example News",
                "2026-12-06 A title",
                "<p>x</p>",
                "https://e.test/a",
                7,
            )
            .unwrap();
        assert_eq!(file.split('/').next(), Some("example-news"));
        store.flush().unwrap();
        drop(store);
        let mut again = Store::open(dir.path()).unwrap();
        assert_eq!(
            again.feed_urls(),
            vec!["https://example.test/feed".to_string()]
        );
        assert!(again.saved_at("https://e.test/a").is_some());
        assert!(again.same_text(7, "https://mirror.test/a").is_some());
        assert!(again.saved_at("https://mirror.test/a").is_some());
    }

    #[test]
    fn a_file_a_killed_run_left_is_taken_and_another_name_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let url = "https://e.test/a";
        let html = format!("<meta name=\"briefing:url\" content=\"{url}\"><p>x</p>");
        let first = {
            let mut store = Store::open(dir.path()).unwrap();
            store
                .save("Example", "2026-12-06 A", &html, url, 7)
                .unwrap()
            // dropped without flush: as if killed
        };
        let mut again = Store::open(dir.path()).unwrap();
        assert!(again.saved_at(url).is_none());
        assert_eq!(
            again
                .save("Example", "2026-12-06 A", &html, url, 7)
                .unwrap(),
            first
        );
        // Someone else's file at the name an article wants: kept, and another name used.
        let other = "https://e.test/b";
        let mut store = again;
        let name = format!(
            "example/2026-12-06-b-{:08x}.html",
            crate::ingest::content_hash(other.as_bytes()) as u32
        );
        std::fs::write(dir.path().join(&name), "mine").unwrap();
        let saved = store
            .save("Example", "2026-12-06 B", "<p>b</p>", other, 8)
            .unwrap();
        assert_ne!(saved, name);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&name)).unwrap(),
            "mine"
        );
    }

    #[test]
    fn one_fetch_at_a_time_writes_to_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let _first = Store::open(dir.path()).unwrap();
        let e = Store::open(dir.path()).unwrap_err();
        assert!(e.to_string().contains("another briefing fetch"), "{e}");
    }

    #[test]
    fn a_malformed_state_file_is_named_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(STATE_FILE), "{ not json").unwrap();
        let e = Store::open(dir.path()).unwrap_err();
        assert!(e.to_string().contains(STATE_FILE), "{e}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(STATE_FILE)).unwrap(),
            "{ not json"
        );
    }
}
