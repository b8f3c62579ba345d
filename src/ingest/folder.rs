//! A folder's `briefing.toml`: what the reader knows that detection can't (an outlet the page
//! never names, a headline, a date), set per file. Owns parsing and validating that file;
//! reports bad keys and values by name and never takes the rest of the folder down.
//!
//! ```toml
//! [files."003_bab2f6869c0912e9.txt"]
//! outlet = "Example News"
//! title = "Israel and Syria resume dialogue"
//! published = 2026-01-06        # or "January 6, 2026"
//! byline = "Jane Doe"
//!
//! [stories]
//! "Paris talks" = ["003_bab2f6869c0912e9.txt", "004_0f3c2a.txt"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

pub const FILE_NAME: &str = "briefing.toml";

/// A `briefing.toml` this large or larger is refused unread: 10 MB is room for overrides of
/// some hundred thousand files, and more is a mistake (or a trap) that would hang the scan.
pub const MAX_BYTES: u64 = 10_000_000;

/// Values set for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileOverride {
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub byline: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    files: BTreeMap<String, RawOverride>,
    #[serde(default)]
    entities: EntityRules,
    #[serde(default)]
    stories: BTreeMap<String, toml::Value>,
}

/// `[entities]`: spellings to join or keep apart, whatever the automatic merging says.
///
/// ```toml
/// [entities]
/// merge = [["Abu Mohammed al-Golani", "Ahmed al-Sharaa"]]
/// separate = [["Gil Reich", "Gil Reichman"]]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRules {
    #[serde(default)]
    pub merge: Vec<(String, String)>,
    #[serde(default)]
    pub separate: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    outlet: Option<String>,
    title: Option<String>,
    published: Option<toml::Value>,
    byline: Option<String>,
}

/// A parsed `briefing.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderConfig {
    pub dir: PathBuf,
    /// Keyed by path relative to `dir`, with `/` separators.
    pub files: BTreeMap<String, FileOverride>,
    pub entities: EntityRules,
    /// `[stories]`: files pinned into one story, by the story's name; paths relative to `dir`,
    /// with `/` separators.
    pub stories: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum FolderConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {kind}, not a regular file")]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error(
        "{path}: {} MB is too large for a briefing.toml (the limit is {} MB); not read",
        megabytes(*bytes),
        megabytes(MAX_BYTES)
    )]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error("{path}: files.\"{file}\".{key} = {value}: {why}")]
    BadValue {
        path: PathBuf,
        file: String,
        key: &'static str,
        value: String,
        why: &'static str,
    },
    #[error(
        "{path}: stories.\"{story}\" = {value}: expected a list of file names, such as [\"a.txt\", \"b.txt\"]"
    )]
    BadStory {
        path: PathBuf,
        story: String,
        value: String,
    },
}

impl FolderConfig {
    /// Read `dir/briefing.toml` if there is one; one of [`MAX_BYTES`] or more is refused
    /// from its size alone, before reading.
    pub fn load(dir: &Path) -> Result<Option<FolderConfig>, FolderConfigError> {
        let path = dir.join(FILE_NAME);
        // Never blocks: a briefing.toml that is a FIFO or a device is refused, not opened;
        // one too large is refused from the size of what was opened, before reading.
        let text = match super::open_regular(&path) {
            Ok(f) => match f.metadata() {
                Ok(m) if m.len() >= MAX_BYTES => {
                    return Err(FolderConfigError::TooLarge {
                        path,
                        bytes: m.len(),
                    });
                }
                Ok(_) => std::io::read_to_string(std::io::Read::take(f, MAX_BYTES)),
                Err(e) => Err(e),
            },
            Err(super::IngestError::NotRegular(kind)) => {
                return Err(FolderConfigError::NotRegular { path, kind });
            }
            Err(super::IngestError::Io(e)) => Err(e),
            Err(other) => Err(std::io::Error::other(other.to_string())),
        };
        let text = match text {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(FolderConfigError::Read { path, source }),
        };
        Self::parse(&text, dir).map(Some)
    }

    pub fn parse(text: &str, dir: &Path) -> Result<FolderConfig, FolderConfigError> {
        let path = dir.join(FILE_NAME);
        let raw: RawConfig = toml::from_str(text).map_err(|e| FolderConfigError::Parse {
            path: path.clone(),
            message: e.to_string().trim_end().replace('\n', " "),
        })?;
        let mut files = BTreeMap::new();
        for (file, o) in raw.files {
            let published = match o.published {
                None => None,
                Some(toml::Value::Datetime(dt)) => match dt.date {
                    Some(d) => NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()),
                    None => None,
                }
                .map(Some)
                .ok_or_else(|| bad(&path, &file, "published", dt.to_string()))?,
                Some(toml::Value::String(s)) => Some(
                    super::dates::parse_user_date(&s)
                        .ok_or_else(|| bad(&path, &file, "published", format!("{s:?}")))?,
                ),
                Some(other) => return Err(bad(&path, &file, "published", other.to_string())),
            };
            let key = normalise(&file);
            files.insert(
                key,
                FileOverride {
                    outlet: o.outlet,
                    title: o.title,
                    published,
                    byline: o.byline,
                },
            );
        }
        let mut stories = BTreeMap::new();
        for (story, value) in raw.stories {
            let bad = || FolderConfigError::BadStory {
                path: path.clone(),
                story: story.clone(),
                value: value.to_string(),
            };
            let toml::Value::Array(items) = &value else {
                return Err(bad());
            };
            let files = items
                .iter()
                .map(|v| v.as_str().map(normalise).filter(|f| !f.is_empty()))
                .collect::<Option<Vec<String>>>()
                .filter(|f| !f.is_empty())
                .ok_or_else(bad)?;
            stories.insert(story, files);
        }
        Ok(FolderConfig {
            dir: dir.to_path_buf(),
            files,
            entities: raw.entities,
            stories,
        })
    }

    /// What the config sets for `path`, if `path` is inside this config's folder.
    pub fn for_file(&self, path: &Path) -> Option<&FileOverride> {
        let rel = path.strip_prefix(&self.dir).ok()?;
        let key = rel.to_string_lossy().replace('\\', "/");
        self.files.get(&key)
    }
}

/// `bytes` in megabytes (10⁶ bytes), one decimal.
fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

/// A file name as written in the config, as a key: `/` separators, no leading `./`.
fn normalise(file: &str) -> String {
    file.replace('\\', "/").trim_start_matches("./").to_string()
}

fn bad(path: &Path, file: &str, key: &'static str, value: String) -> FolderConfigError {
    FolderConfigError::BadValue {
        path: path.to_path_buf(),
        file: file.to_string(),
        key,
        value,
        why: "expected a date such as 2026-01-06 or \"January 6, 2026\"",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_parse_with_both_date_forms() {
        let cfg = FolderConfig::parse(
            "[files.\"a.txt\"]\noutlet = \"X News\"\npublished = 2026-01-06\n[files.\"sub/b.txt\"]\npublished = \"Jan. 7, 2026\"\n",
            Path::new("/c"),
        )
        .unwrap();
        let a = cfg.for_file(Path::new("/c/a.txt")).unwrap();
        assert_eq!(a.outlet.as_deref(), Some("X News"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2026, 1, 6));
        assert_eq!(
            cfg.for_file(Path::new("/c/sub/b.txt")).unwrap().published,
            NaiveDate::from_ymd_opt(2026, 1, 7)
        );
        assert!(cfg.for_file(Path::new("/elsewhere/a.txt")).is_none());
    }

    #[test]
    fn stories_pin_files_by_name() {
        let cfg = FolderConfig::parse(
            "[stories]\n\"Paris talks\" = [\"./a.txt\", \"sub\\\\b.txt\"]\n",
            Path::new("/c"),
        )
        .unwrap();
        assert_eq!(
            cfg.stories.get("Paris talks"),
            Some(&vec!["a.txt".to_string(), "sub/b.txt".to_string()])
        );
    }

    #[test]
    fn a_briefing_toml_of_10_mb_or_more_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let f = std::fs::File::create(dir.path().join(FILE_NAME)).unwrap();
        // Sparse: 10 MB of nothing on disk; read, it would not even be TOML.
        f.set_len(MAX_BYTES).unwrap();
        let e = FolderConfig::load(dir.path()).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains(
                "briefing.toml: 10.0 MB is too large for a briefing.toml (the limit is 10.0 MB)"
            ),
            "{msg}"
        );
        f.set_len(MAX_BYTES - 1).unwrap();
        let e = FolderConfig::load(dir.path()).unwrap_err();
        assert!(!e.to_string().contains("too large"), "{e}");
    }

    #[test]
    fn bad_values_and_keys_are_named() {
        let e = FolderConfig::parse(
            "[files.\"a.txt\"]\npublished = \"someday\"\n",
            Path::new("/c"),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("files.\"a.txt\".published") && msg.contains("someday"),
            "{msg}"
        );
        let e = FolderConfig::parse("[files.\"a.txt\"]\noutlet_name = \"X\"\n", Path::new("/c"))
            .unwrap_err();
        assert!(e.to_string().contains("outlet_name"), "{e}");
        let e =
            FolderConfig::parse("[stories]\n\"Talks\" = \"a.txt\"\n", Path::new("/c")).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("briefing.toml") && msg.contains("stories.\"Talks\""),
            "{msg}"
        );
        let e = FolderConfig::parse("[stories]\n\"Talks\" = [\"a.txt\", 3]\n", Path::new("/c"))
            .unwrap_err();
        assert!(e.to_string().contains("list of file names"), "{e}");
        let e = FolderConfig::parse("files = [", Path::new("/c")).unwrap_err();
        assert!(e.to_string().contains("briefing.toml"), "{e}");
    }
}
