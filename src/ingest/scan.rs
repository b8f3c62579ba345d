//! Scanning the paths a user gave: walk folders recursively, pick the files `briefing` reads,
//! stat them (size, modification time) without reading them, load each folder's
//! `briefing.toml`, and report every path that can't be used with its reason. Never reads
//! article contents and never writes anywhere.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

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

/// The `briefing.toml` files met so far, deepest last; a file takes the nearest one that names it.
#[derive(Default)]
struct Configs {
    stack: Vec<FolderConfig>,
}

impl Configs {
    /// Load `dir/briefing.toml` if there is one, reporting a bad one.
    fn visit(&mut self, dir: &Path, problems: &mut Vec<Problem>) {
        match FolderConfig::load(dir) {
            Ok(Some(c)) => self.stack.push(c),
            Ok(None) => {}
            Err(e) => problems.push(Problem {
                path: dir.join(super::folder::FILE_NAME).display().to_string(),
                reason: format!("ignored: {e}"),
            }),
        }
    }

    fn lookup(&self, path: &Path) -> Option<FileOverride> {
        self.stack
            .iter()
            .rev()
            .find_map(|c| c.for_file(path))
            .cloned()
    }
}

/// A file found by the walk, not yet stat-ed.
struct Candidate {
    entry: Option<std::fs::DirEntry>,
    path: PathBuf,
    /// Known already when the walk had to follow a symbolic link.
    meta: Option<std::fs::Metadata>,
    format: Format,
    overrides: Option<FileOverride>,
}

/// Walk one folder tree, listing candidate files (no stat yet): skip hidden entries and files
/// of other formats, follow symbolic links without looping, load each folder's briefing.toml.
fn walk(
    dir: &Path,
    configs: &mut Configs,
    seen_dirs: &mut HashSet<(u64, u64)>,
    found: &mut Vec<Candidate>,
    problems: &mut Vec<Problem>,
) {
    use std::os::unix::fs::MetadataExt;
    let depth = configs.stack.len();
    configs.visit(dir, problems);
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Problem {
                path: dir.display().to_string(),
                reason: format!("cannot read: {}", io_reason(&e)),
            });
            configs.stack.truncate(depth);
            return;
        }
    };
    let mut subdirs = Vec::new();
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
        let mut meta = None;
        if ftype.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) => {
                    ftype = m.file_type();
                    meta = Some(m);
                }
                Err(e) => {
                    if Format::from_path(&path).is_some() {
                        problems.push(Problem {
                            path: path.display().to_string(),
                            reason: io_reason(&e),
                        });
                    }
                    continue;
                }
            }
        }
        if ftype.is_dir() {
            subdirs.push(path);
            continue;
        }
        if !ftype.is_file() || is_project_file(&name) {
            continue;
        }
        let Some(format) = Format::from_path(&path) else {
            continue;
        };
        let overrides = configs.lookup(&path);
        found.push(Candidate {
            entry: Some(entry),
            path,
            meta,
            format,
            overrides,
        });
    }
    subdirs.sort();
    for sub in subdirs {
        let Ok(m) = std::fs::metadata(&sub) else {
            continue;
        };
        if !seen_dirs.insert((m.dev(), m.ino())) {
            problems.push(Problem {
                path: sub.display().to_string(),
                reason: "skipped: a symbolic link loop".to_string(),
            });
            continue;
        }
        walk(&sub, configs, seen_dirs, found, problems);
    }
    configs.stack.truncate(depth);
}

/// Stat the candidates, on every core: each stat is relative to its open directory.
fn stat_all(found: Vec<Candidate>) -> Vec<(Candidate, std::io::Result<std::fs::Metadata>)> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(8);
    if found.len() < 2048 || threads < 2 {
        return found.into_iter().map(stat_one).collect();
    }
    let chunk = found.len().div_ceil(threads);
    let mut chunks: Vec<Vec<Candidate>> = Vec::new();
    let mut it = found.into_iter().peekable();
    while it.peek().is_some() {
        chunks.push(it.by_ref().take(chunk).collect());
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| scope.spawn(move || c.into_iter().map(stat_one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn stat_one(mut c: Candidate) -> (Candidate, std::io::Result<std::fs::Metadata>) {
    let m = match (c.meta.take(), &c.entry) {
        (Some(m), _) => Ok(m),
        (None, Some(e)) => e.metadata(),
        (None, None) => std::fs::metadata(&c.path),
    };
    c.entry = None;
    (c, m)
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
        let mut configs = Configs::default();
        if meta.is_file() {
            let Some(format) = Format::from_path(root) else {
                out.problems.push(Problem {
                    path: root.display().to_string(),
                    reason: "skipped: not a format briefing reads (.txt, .md, .html)".to_string(),
                });
                continue;
            };
            if let Some(parent) = root.parent() {
                configs.visit(
                    if parent.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        parent
                    },
                    &mut out.problems,
                );
            }
            let overrides = configs.lookup(root).or_else(|| {
                // A file given as "a.txt" is named "a.txt" in a briefing.toml beside it.
                let name = root.file_name().map(PathBuf::from)?;
                configs
                    .stack
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
        let mut seen_dirs = HashSet::from([(meta.dev(), meta.ino())]);
        let mut found = Vec::new();
        walk(
            root,
            &mut configs,
            &mut seen_dirs,
            &mut found,
            &mut out.problems,
        );
        for (c, meta) in stat_all(found) {
            let meta = match meta {
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
    let mut seen = HashSet::new();
    out.entries.retain(|e| seen.insert(e.file.clone()));
    out
}

#[cfg(test)]
mod tests {
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
}
