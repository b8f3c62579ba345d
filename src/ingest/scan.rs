//! Scanning the paths a user gave: walk folders recursively, pick the files `briefing` reads,
//! stat them (size, modification time) without reading them, load each folder's
//! `briefing.toml`, and report every path that can't be used with its reason (FIFOs, sockets,
//! devices, and symbolic links out of the folder among them). Never opens anything but folders
//! and `briefing.toml`, and never writes anywhere.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::file_kind;
use super::folder::{FileOverride, FolderConfig};
use crate::model::Format;

/// A file to read, with what is known of it without opening it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanEntry {
    pub path: PathBuf,
    /// Display path: relative to the root when one folder was given, else as given.
    pub file: String,
    pub format: Format,
    pub size: u64,
    pub mtime_ns: i128,
    pub overrides: Option<FileOverride>,
}

/// A path that could not be used, and why. Everything else still loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Scan {
    pub entries: Vec<ScanEntry>,
    pub problems: Vec<Problem>,
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n.len() > 1 && n != "..")
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// README, LICENSE and CHANGELOG files sit beside articles in folders but are not articles.
fn is_project_file(name: &std::ffi::OsStr) -> bool {
    let n = name.as_encoded_bytes();
    let stem = n.split(|&b| b == b'.').next().unwrap_or(n);
    [
        "README",
        "LICENSE",
        "LICENCE",
        "CHANGELOG",
        "CONTRIBUTING",
        "COPYING",
    ]
    .iter()
    .any(|p| stem.eq_ignore_ascii_case(p.as_bytes()))
}

/// The `briefing.toml` files on the way down to a folder, nearest last; a file takes the
/// nearest one that names it. Shared by the folders below, so entering one is cheap.
#[derive(Clone, Default)]
struct Configs(Vec<Arc<FolderConfig>>);

impl Configs {
    /// The configs in force inside `dir`: these plus its own briefing.toml, if it has one.
    fn entering(&self, dir: &Path, problems: &mut Vec<Problem>) -> Configs {
        match FolderConfig::load(dir) {
            Ok(Some(c)) => {
                let mut next = self.clone();
                next.0.push(Arc::new(c));
                next
            }
            Ok(None) => self.clone(),
            Err(e) => {
                problems.push(Problem {
                    path: dir.join(super::folder::FILE_NAME).display().to_string(),
                    reason: format!("ignored: {e}"),
                });
                self.clone()
            }
        }
    }

    fn lookup(&self, path: &Path) -> Option<FileOverride> {
        self.0.iter().rev().find_map(|c| c.for_file(path)).cloned()
    }
}

/// A file found by the walk, with its stat (or why it could not be stat-ed: it went away).
struct Found {
    path: PathBuf,
    meta: std::io::Result<std::fs::Metadata>,
    format: Format,
    overrides: Option<FileOverride>,
}

/// A folder still to list.
struct Task {
    dir: PathBuf,
    /// Names of the folders from the root down to `dir`: sorting by it gives walk order.
    key: Vec<std::ffi::OsString>,
    configs: Configs,
}

/// What listing one folder gave.
struct Listing {
    key: Vec<std::ffi::OsString>,
    files: Vec<Found>,
    problems: Vec<Problem>,
}

/// The walk's shared state: folders to list, how many are being listed, what was found.
struct Walk {
    pending: Vec<Task>,
    active: usize,
    done: Vec<Listing>,
}

/// Walk one folder tree on every core: skip hidden entries and files of other formats, report
/// and skip FIFOs, sockets and devices, follow symbolic links without looping and never out of
/// the folder, load each folder's briefing.toml, and stat each file
/// relative to its open folder. Returns the files in a stable order (folders sorted, parents
/// first) and the problems met.
fn walk(root: &Path, root_id: (u64, u64)) -> (Vec<Found>, Vec<Problem>) {
    let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let state = std::sync::Mutex::new(Walk {
        pending: vec![Task {
            dir: root.to_path_buf(),
            key: Vec::new(),
            configs: Configs::default(),
        }],
        active: 0,
        done: Vec::new(),
    });
    let wake = std::sync::Condvar::new();
    let seen = std::sync::Mutex::new(HashSet::from([root_id]));
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(8);
    let work = || {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(task) = s.pending.pop() {
                s.active += 1;
                drop(s);
                let (listing, subdirs) = list(task, &inside, &seen);
                s = state.lock().unwrap_or_else(|e| e.into_inner());
                s.active -= 1;
                s.done.push(listing);
                s.pending.extend(subdirs);
                wake.notify_all();
            } else if s.active == 0 {
                return;
            } else {
                s = wake.wait(s).unwrap_or_else(|e| e.into_inner());
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    let mut done = state.into_inner().unwrap_or_else(|e| e.into_inner()).done;
    done.sort_by(|a, b| a.key.cmp(&b.key));
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for l in done {
        files.extend(l.files);
        problems.extend(l.problems);
    }
    (files, problems)
}

/// Why a symbolic link is not followed.
enum Skip {
    /// Broken, and its name is not an article's: not worth a word.
    Quietly,
    Because(String),
}

/// Where the symbolic link `path` leads, if it may be followed: to a regular file or a folder
/// inside `root` (canonical). A link out of the folder, or to a FIFO, socket or device (such as
/// `/dev/zero`), is skipped with its reason.
fn follow(path: &Path, root: &Path) -> Result<std::fs::Metadata, Skip> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if Format::from_path(path).is_some() {
            Skip::Because(io_reason(&e))
        } else {
            Skip::Quietly
        }
    })?;
    let target = std::fs::canonicalize(path).map_err(|e| Skip::Because(io_reason(&e)))?;
    let kind = meta.file_type();
    if !kind.is_file() && !kind.is_dir() {
        return Err(Skip::Because(format!(
            "a symbolic link to {} ({}), not a regular file: skipped",
            file_kind(kind),
            target.display()
        )));
    }
    if !target.starts_with(root) {
        return Err(Skip::Because(format!(
            "a symbolic link leading out of the folder (to {}): skipped",
            target.display()
        )));
    }
    Ok(meta)
}

/// List one folder: its files (stat-ed) and the folders below it, still to list. `root` is the
/// canonical folder the walk started from: symbolic links may not lead out of it.
fn list(
    task: Task,
    root: &Path,
    seen: &std::sync::Mutex<HashSet<(u64, u64)>>,
) -> (Listing, Vec<Task>) {
    use std::os::unix::fs::MetadataExt;
    let mut problems = Vec::new();
    let configs = task.configs.entering(&task.dir, &mut problems);
    let mut files = Vec::new();
    let mut subdirs = Vec::new();
    match std::fs::read_dir(&task.dir) {
        Err(e) => problems.push(Problem {
            path: task.dir.display().to_string(),
            reason: format!("cannot read: {}", io_reason(&e)),
        }),
        Ok(entries) => {
            for entry in entries {
                let Ok(entry) = entry else { continue };
                let name = entry.file_name();
                if hidden(&name) {
                    continue;
                }
                let path = entry.path();
                let Ok(mut ftype) = entry.file_type() else {
                    continue;
                };
                let mut followed = None;
                if ftype.is_symlink() {
                    match follow(&path, root) {
                        Ok(m) => {
                            ftype = m.file_type();
                            followed = Some(m);
                        }
                        Err(Skip::Quietly) => continue,
                        Err(Skip::Because(reason)) => {
                            problems.push(Problem {
                                path: path.display().to_string(),
                                reason,
                            });
                            continue;
                        }
                    }
                }
                if ftype.is_dir() {
                    subdirs.push((name, path));
                    continue;
                }
                if !ftype.is_file() {
                    // Never opened: a FIFO would block the read forever, a device never ends.
                    problems.push(Problem {
                        path: path.display().to_string(),
                        reason: format!("{}, not a regular file: skipped", file_kind(ftype)),
                    });
                    continue;
                }
                if is_project_file(&name) {
                    continue;
                }
                let Some(format) = Format::from_path(&path) else {
                    continue;
                };
                // Relative to the open folder: no path walk per file.
                let meta = followed.map_or_else(|| entry.metadata(), Ok);
                let overrides = configs.lookup(&path);
                files.push(Found {
                    path,
                    meta,
                    format,
                    overrides,
                });
            }
        }
    }
    let mut below = Vec::new();
    for (name, dir) in subdirs {
        let Ok(m) = std::fs::metadata(&dir) else {
            continue;
        };
        let fresh = seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((m.dev(), m.ino()));
        if !fresh {
            problems.push(Problem {
                path: dir.display().to_string(),
                reason: "skipped: a symbolic link loop".to_string(),
            });
            continue;
        }
        let mut key = task.key.clone();
        key.push(name);
        below.push(Task {
            dir,
            key,
            configs: configs.clone(),
        });
    }
    let listing = Listing {
        key: task.key,
        files,
        problems,
    };
    (listing, below)
}

/// A path as shown to users and used as a key: `/`-separated.
fn display(p: &Path) -> String {
    let s = p.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Walk `paths` (files and folders) and list the articles in them, in a stable order.
pub fn scan(paths: &[PathBuf]) -> Scan {
    use std::os::unix::fs::MetadataExt;
    let mut out = Scan::default();
    let single_root = paths.len() == 1 && paths[0].is_dir();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                out.problems.push(Problem {
                    path: root.display().to_string(),
                    reason: io_reason(&e),
                });
                continue;
            }
        };
        if !meta.is_file() && !meta.is_dir() {
            out.problems.push(Problem {
                path: root.display().to_string(),
                reason: format!(
                    "{}, not a regular file: skipped",
                    file_kind(meta.file_type())
                ),
            });
            continue;
        }
        if meta.is_file() {
            let Some(format) = Format::from_path(root) else {
                out.problems.push(Problem {
                    path: root.display().to_string(),
                    reason: "skipped: not a format briefing reads (.txt, .md, .html)".to_string(),
                });
                continue;
            };
            let parent = match root.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let configs = Configs::default().entering(parent, &mut out.problems);
            let overrides = configs.lookup(root).or_else(|| {
                // A file given as "a.txt" is named "a.txt" in a briefing.toml beside it.
                let name = root.file_name().map(PathBuf::from)?;
                configs
                    .0
                    .iter()
                    .find_map(|c| c.files.get(&name.to_string_lossy().into_owned()))
                    .cloned()
            });
            out.entries.push(ScanEntry {
                path: root.clone(),
                file: root.display().to_string(),
                format,
                size: meta.len(),
                mtime_ns: super::mtime_ns(&meta),
                overrides,
            });
            continue;
        }
        let (found, problems) = walk(root, (meta.dev(), meta.ino()));
        out.problems.extend(problems);
        for c in found {
            let meta = match c.meta {
                Ok(m) => m,
                Err(e) => {
                    // Listed, then gone before we could look at it.
                    out.problems.push(Problem {
                        path: c.path.display().to_string(),
                        reason: io_reason(&e),
                    });
                    continue;
                }
            };
            let rel = c.path.strip_prefix(root).unwrap_or(&c.path);
            let file = if single_root {
                display(rel)
            } else {
                display(&root.join(rel))
            };
            out.entries.push(ScanEntry {
                file,
                format: c.format,
                size: meta.len(),
                mtime_ns: super::mtime_ns(&meta),
                overrides: c.overrides,
                path: c.path,
            });
        }
    }
    if paths.len() > 1 {
        // The same file reached through two of the paths given.
        let mut seen = HashSet::new();
        out.entries.retain(|e| seen.insert(e.file.clone()));
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn walks_folders_skips_hidden_and_foreign_files_and_reports_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub/.git")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::fs::write(dir.path().join("sub/b.md"), "x").unwrap();
        std::fs::write(dir.path().join("sub/.git/c.txt"), "x").unwrap();
        std::fs::write(dir.path().join("photo.jpg"), "x").unwrap();
        std::fs::write(
            dir.path().join("briefing.toml"),
            "[files.\"sub/b.md\"]\noutlet = \"Z\"\n",
        )
        .unwrap();
        let s = scan(&[dir.path().to_path_buf(), dir.path().join("nope")]);
        let files: Vec<&str> = s.entries.iter().map(|e| e.file.as_str()).collect();
        assert_eq!(files.len(), 2);
        assert!(files.iter().any(|f| f.ends_with("sub/b.md")));
        assert_eq!(s.problems.len(), 1);
        assert!(s.problems[0].reason.contains("no such file"));
        let b = s.entries.iter().find(|e| e.file.ends_with("b.md")).unwrap();
        assert_eq!(b.overrides.as_ref().unwrap().outlet.as_deref(), Some("Z"));
    }

    #[test]
    fn one_folder_gives_relative_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("e1")).unwrap();
        std::fs::write(dir.path().join("e1/x.txt"), "x").unwrap();
        let s = scan(&[dir.path().to_path_buf()]);
        assert_eq!(s.entries[0].file, "e1/x.txt");
    }

    #[test]
    fn a_bad_briefing_toml_is_reported_and_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::fs::write(dir.path().join("briefing.toml"), "files = [").unwrap();
        let s = scan(&[dir.path().to_path_buf()]);
        assert_eq!(s.entries.len(), 1);
        assert!(
            s.problems[0].path.ends_with("briefing.toml"),
            "{:?}",
            s.problems
        );
    }

    #[test]
    fn the_walk_is_ordered_follows_links_once_and_uses_the_nearest_config() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for sub in ["b/deep", "a", "c"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        for (i, f) in ["b/deep/x.txt", "a/y.txt", "c/z.txt", "top.txt"]
            .iter()
            .enumerate()
        {
            std::fs::write(d.join(f), format!("{i}")).unwrap();
        }
        std::fs::write(
            d.join("briefing.toml"),
            "[files.\"b/deep/x.txt\"]\noutlet = \"Far\"\n",
        )
        .unwrap();
        std::fs::write(
            d.join("b/briefing.toml"),
            "[files.\"deep/x.txt\"]\noutlet = \"Near\"\n",
        )
        .unwrap();
        // A link back up the tree and a link to a folder already listed: both are cut, so no
        // file is read twice.
        std::os::unix::fs::symlink(d, d.join("c/up")).unwrap();
        std::os::unix::fs::symlink(d.join("a"), d.join("c/again")).unwrap();
        let s = scan(&[d.to_path_buf()]);
        let files: Vec<&str> = s.entries.iter().map(|e| e.file.as_str()).collect();
        assert_eq!(
            files,
            ["top.txt", "a/y.txt", "b/deep/x.txt", "c/z.txt"],
            "{:?}",
            s.problems
        );
        let x = &s.entries[2];
        assert_eq!(
            x.overrides.as_ref().unwrap().outlet.as_deref(),
            Some("Near")
        );
        assert!(
            s.problems.iter().any(|p| p.reason.contains("loop")),
            "{:?}",
            s.problems
        );
        assert_eq!(
            scan(&[d.to_path_buf()]).entries,
            s.entries,
            "the same order every time"
        );
    }

    /// A FIFO at `path`, as `mkfifo` makes it.
    pub(crate) fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    }

    #[test]
    fn fifos_sockets_and_links_to_devices_or_out_of_the_folder_are_reported_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("good.txt"), "x").unwrap();
        std::fs::write(d.join("sub/also.txt"), "x").unwrap();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        mkfifo(&d.join("pipe.txt"));
        let _socket = std::os::unix::net::UnixListener::bind(d.join("sock.txt")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap();
        std::os::unix::fs::symlink("/dev/null", d.join("null.md")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), d.join("out.txt")).unwrap();
        std::os::unix::fs::symlink(outside.path(), d.join("elsewhere")).unwrap();
        // A link to a file inside the folder is still followed.
        std::os::unix::fs::symlink(d.join("sub/also.txt"), d.join("link.txt")).unwrap();
        let s = scan(&[d.to_path_buf()]);
        let files: Vec<&str> = s.entries.iter().map(|e| e.file.as_str()).collect();
        assert_eq!(
            files,
            ["good.txt", "link.txt", "sub/also.txt"],
            "{:?}",
            s.problems
        );
        let reason = |name: &str| {
            s.problems
                .iter()
                .find(|p| p.path.ends_with(name))
                .map(|p| p.reason.clone())
                .unwrap_or_else(|| panic!("{name} not reported: {:?}", s.problems))
        };
        assert_eq!(
            reason("pipe.txt"),
            "a FIFO (named pipe), not a regular file: skipped"
        );
        assert_eq!(reason("sock.txt"), "a socket, not a regular file: skipped");
        assert!(
            reason("zero.txt").starts_with("a symbolic link to a character device (/dev/zero)"),
            "{}",
            reason("zero.txt")
        );
        assert!(reason("null.md").contains("/dev/null"));
        assert!(reason("out.txt").contains("leading out of the folder"));
        assert!(reason("elsewhere").contains("leading out of the folder"));
        assert_eq!(s.problems.len(), 6, "{:?}", s.problems);
    }

    #[test]
    fn a_fifo_or_device_given_by_name_is_reported_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("feed.txt");
        mkfifo(&fifo);
        let s = scan(&[fifo.clone(), PathBuf::from("/dev/null")]);
        assert!(s.entries.is_empty());
        assert_eq!(
            s.problems,
            [
                Problem {
                    path: fifo.display().to_string(),
                    reason: "a FIFO (named pipe), not a regular file: skipped".to_string()
                },
                Problem {
                    path: "/dev/null".to_string(),
                    reason: "a character device, not a regular file: skipped".to_string()
                }
            ]
        );
    }

    #[test]
    fn a_briefing_toml_that_is_a_fifo_is_reported_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        mkfifo(&dir.path().join("briefing.toml"));
        let s = scan(&[dir.path().to_path_buf()]);
        assert_eq!(s.entries.len(), 1);
        assert!(
            s.problems
                .iter()
                .any(|p| p.reason.contains("a FIFO (named pipe)")),
            "{:?}",
            s.problems
        );
    }
}
