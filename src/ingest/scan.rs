//! Scanning the paths a user gave: walk folders recursively, pick the files `briefing` reads,
//! stat them (size, modification time) without reading them, load each folder's
//! `briefing.toml`, and report every path that can't be used with its reason. Never reads
//! article contents and never writes anywhere.

use std::collections::HashMap;
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
    let name = name.to_string_lossy();
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README" | "LICENSE" | "LICENCE" | "CHANGELOG" | "CONTRIBUTING" | "COPYING"
    )
}

struct Configs {
    by_dir: HashMap<PathBuf, Option<FolderConfig>>,
}

impl Configs {
    /// The override for `path` from the nearest `briefing.toml` at or above its folder, up to `root`.
    fn lookup(
        &mut self,
        path: &Path,
        root: &Path,
        problems: &mut Vec<Problem>,
    ) -> Option<FileOverride> {
        let mut dir = path.parent();
        while let Some(d) = dir {
            let cfg =
                self.by_dir
                    .entry(d.to_path_buf())
                    .or_insert_with(|| match FolderConfig::load(d) {
                        Ok(c) => c,
                        Err(e) => {
                            problems.push(Problem {
                                path: d.join(super::folder::FILE_NAME).display().to_string(),
                                reason: format!("ignored: {e}"),
                            });
                            None
                        }
                    });
            if let Some(o) = cfg.as_ref().and_then(|c| c.for_file(path)) {
                return Some(o.clone());
            }
            if d == root {
                break;
            }
            dir = d.parent();
        }
        None
    }
}

/// Walk `paths` (files and folders) and list the articles in them, in a stable order.
pub fn scan(paths: &[PathBuf]) -> Scan {
    let mut out = Scan::default();
    let mut configs = Configs {
        by_dir: HashMap::new(),
    };
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
        if meta.is_file() {
            let Some(format) = Format::from_path(root) else {
                out.problems.push(Problem {
                    path: root.display().to_string(),
                    reason: "skipped: not a format briefing reads (.txt, .md, .html)".to_string(),
                });
                continue;
            };
            let overrides = root
                .parent()
                .and_then(|p| configs.lookup(root, p, &mut out.problems));
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
        let mut found = Vec::new();
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !hidden(e.file_name()));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(root).display().to_string();
                    let reason = match e.io_error() {
                        Some(io) => format!("cannot read: {}", io_reason(io)),
                        None => "skipped: a symbolic link loop".to_string(),
                    };
                    out.problems.push(Problem { path, reason });
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let Some(format) = Format::from_path(entry.path()) else {
                continue;
            };
            if is_project_file(entry.file_name()) {
                continue;
            }
            let meta = match entry.metadata() {
                Ok(m) => m,
                Err(e) => {
                    let reason = e.io_error().map(io_reason).unwrap_or_else(|| e.to_string());
                    out.problems.push(Problem {
                        path: entry.path().display().to_string(),
                        reason,
                    });
                    continue;
                }
            };
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let file = if single_root {
                rel.to_string_lossy().replace('\\', "/")
            } else {
                root.join(rel).to_string_lossy().replace('\\', "/")
            };
            let overrides = configs.lookup(entry.path(), root, &mut out.problems);
            found.push(ScanEntry {
                path: entry.path().to_path_buf(),
                file,
                format,
                size: meta.len(),
                mtime_ns: super::mtime_ns(&meta),
                overrides,
            });
        }
        out.entries.extend(found);
    }
    let mut seen = std::collections::HashSet::new();
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
