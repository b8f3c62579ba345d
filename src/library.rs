//! The library: the one façade the CLI and TUI call. Opens (or builds, or updates) the
//! persisted index for a corpus — a set of paths, or the seed briefing built into the binary —
//! reading and analysing only files that changed, and answers listing and search requests in
//! the crate's own types. Owns the ingest → analysis → index pipeline; renders nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use serde::Serialize;

mod saved_facts;
pub use saved_facts::FACTS_VERSION;

use crate::index::{IndexError, LibraryIndex, Manifest, ManifestEntry, Reopen};
use crate::ingest::{self, FileStamp, IngestError, Outlets, Problem, ScanEntry};
use crate::model::{
    Article, ArticleSummary, Entities, Entity, EntityKind, RelatedPassage, SearchResults, Story,
};

/// What to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Corpus {
    /// The seed briefing embedded in the binary.
    Seeds,
    /// Files and folders on disk.
    Paths(Vec<PathBuf>),
}

impl Corpus {
    /// What PATHS and `--index DIR` name: the paths when any are given; with none, the
    /// sources the library in DIR records it was built from, so that naming a library alone
    /// opens it as built instead of rebuilding it as the sample; else the sample briefing.
    pub fn for_args(paths: &[PathBuf], index_dir: Option<&Path>) -> Corpus {
        if !paths.is_empty() {
            return Corpus::Paths(paths.to_vec());
        }
        match index_dir.and_then(crate::index::recorded_build) {
            Some(crate::index::Built::Paths(p)) => Corpus::Paths(p),
            Some(crate::index::Built::Sample) | None => Corpus::Seeds,
        }
    }

    /// What the library's marker records for this corpus: the sample, or absolute paths.
    fn built(&self) -> crate::index::Built {
        match self {
            Corpus::Seeds => crate::index::Built::Sample,
            Corpus::Paths(paths) => crate::index::Built::Paths(
                paths
                    .iter()
                    .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
                    .collect(),
            ),
        }
    }

    /// A stable key naming this corpus, for its index directory.
    fn key(&self) -> String {
        match self {
            Corpus::Seeds => {
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                for (name, bytes) in ingest::SEEDS {
                    h.update(name.as_bytes());
                    h.update(bytes);
                }
                format!("seeds-{:016x}", h.digest())
            }
            Corpus::Paths(paths) => {
                let mut canon: Vec<String> = paths
                    .iter()
                    .map(|p| {
                        std::fs::canonicalize(p)
                            .unwrap_or_else(|_| p.clone())
                            .to_string_lossy()
                            .into_owned()
                    })
                    .collect();
                canon.sort();
                let name = paths
                    .first()
                    .and_then(|p| std::fs::canonicalize(p).ok())
                    .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .unwrap_or_else(|| "corpus".into());
                let name: String = name
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || c == '-' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .take(32)
                    .collect();
                format!(
                    "{name}-{:016x}",
                    xxhash_rust::xxh3::xxh3_64(canon.join("\n").as_bytes())
                )
            }
        }
    }
}

/// Progress of a build or update, reported as files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// How to open a library.
#[derive(Default)]
pub struct OpenOptions<'a> {
    /// Where the index lives; default: the user's cache directory, one folder per corpus.
    pub index_dir: Option<PathBuf>,
    /// Called as files are read during a build or update.
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
    /// Called with each article as it is added during a build or update.
    pub on_article: Option<&'a (dyn Fn(&ArticleSummary) + Sync)>,
}

/// What opening did: how much was read, what was wrong with the input, where the index is.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OpenReport {
    pub index_dir: Option<String>,
    pub articles: usize,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Files read and analysed (added or changed content).
    pub analysed: usize,
    /// Input that could not be used, by path and reason. Persisted: reported again while it lasts.
    pub problems: Vec<Problem>,
    /// Notices about the library itself (rebuilt, read-only, in memory).
    pub notices: Vec<String>,
    /// Changed, added or removed files that could not be saved to the library (it is
    /// read-only, or another process holds it): what it shows is as last saved.
    pub unsaved: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("no usable input: {0}")]
    NothingToRead(String),
    #[error(
        "{dir} is not a place for a briefing library: {why}; choose an empty or new directory outside the articles"
    )]
    IndexInCorpus { dir: String, why: String },
    #[error(
        "the library at {dir} may hold files from disk ({files} listed, such as {file}), not the sample briefing, and does not record where they are; name them once: briefing PATHS --index {dir}"
    )]
    OtherSources {
        dir: String,
        file: String,
        files: usize,
    },
}

/// An open library.
pub struct Library {
    index: LibraryIndex,
    pub report: OpenReport,
    /// Entity merges pinned or forbidden in the corpus folder's briefing.toml.
    rules: crate::ingest::EntityRules,
    /// The library's entities, resolved on first use.
    entities: std::sync::OnceLock<std::sync::Arc<Entities>>,
    /// Files pinned into named stories in the corpus folder's briefing.toml.
    pins: Vec<crate::stories::Pin>,
    /// The library's stories, grouped on first use.
    stories: std::sync::OnceLock<Stories>,
    /// Story facts saved by earlier runs (`briefing-facts.bin`), read on first use.
    saved_facts: std::sync::Mutex<Option<saved_facts::Saved>>,
    /// How many changed files the entity list was brought up to date for, instead of merged
    /// whole; `usize::MAX` when it was not (see [`Library::entity_list_updated_for`]).
    entities_updated_for: std::sync::atomic::AtomicUsize,
    /// The same for the stories.
    stories_updated_for: std::sync::atomic::AtomicUsize,
}

/// The entity list as saved (`briefing-entities.bin`): the list, what its merge depended on
/// but the articles (`base`: version, index format, entity rules), and the files and contents
/// it was merged from, so that a few changed files bring it up to date (see
/// `aliases::update`) instead of a whole merge.
#[derive(Serialize)]
struct EntitiesToSave<'a> {
    base: u64,
    seen: &'a [(String, u64)],
    list: &'a Entities,
}

/// [`EntitiesToSave`], read back.
#[derive(serde::Deserialize)]
struct SavedEntities {
    base: u64,
    seen: Vec<(String, u64)>,
    list: Entities,
}

/// The article list as saved (`briefing-articles.bin`), with what it was read from, as
/// [`EntitiesToSave`].
#[derive(Serialize)]
struct ArticlesToSave<'a> {
    base: u64,
    seen: &'a [(String, u64)],
    list: &'a [ArticleSummary],
}

/// [`ArticlesToSave`], read back.
#[derive(serde::Deserialize)]
struct SavedArticles {
    base: u64,
    seen: Vec<(String, u64)>,
    list: Vec<ArticleSummary>,
}

/// The stories as saved (`briefing-stories.bin`), with what they were grouped from, as
/// [`EntitiesToSave`]; the articles' fingerprints are saved apart (`briefing-story-inputs.bin`),
/// read only to bring the stories up to date.
#[derive(Serialize)]
struct StoriesToSave<'a> {
    base: u64,
    seen: &'a [(String, u64)],
    list: &'a [Story],
}

/// Stories and what they were grouped from.
type Grouped = (Vec<Story>, Vec<crate::stories::Input>);

/// [`StoriesToSave`], read back.
#[derive(serde::Deserialize)]
struct SavedStories {
    base: u64,
    seen: Vec<(String, u64)>,
    list: Vec<Story>,
}

/// At most this share of a library's files (one in twenty, and at least
/// [`FEW_CHANGED_FILES`]) may have changed for a saved list to be brought up to date instead
/// of made whole again.
const CHANGED_SHARE: usize = 20;
const FEW_CHANGED_FILES: usize = 64;

/// An article as merging reads it: file, id, outlet and its mentions.
type ReadForMerge = (
    String,
    String,
    Option<String>,
    Vec<crate::analysis::aliases::Named>,
);

/// What merging reads of article `a`, its mentions' words numbered in `words`.
fn read_for_merge(
    a: crate::model::Article,
    words: &mut crate::analysis::aliases::Spellings,
) -> ReadForMerge {
    let named = a
        .mentions
        .iter()
        .map(|m| crate::analysis::aliases::Named::new(m, words))
        .collect();
    (a.file, a.id, a.outlet, named)
}

/// What merging takes of `articles`: each as a source, and every mention in its article,
/// article by article.
fn merge_input(
    articles: &[ReadForMerge],
) -> (
    Vec<crate::analysis::aliases::Source<'_>>,
    Vec<crate::analysis::aliases::Located<'_>>,
) {
    let sources = articles
        .iter()
        .map(|(file, id, outlet, _)| crate::analysis::aliases::Source {
            id,
            file,
            outlet: outlet.as_deref(),
        })
        .collect();
    // Made as long as it will be: grown by doubling, it held up to twice its room.
    let mut located = Vec::with_capacity(articles.iter().map(|a| a.3.len()).sum());
    located.extend(
        articles
            .iter()
            .enumerate()
            .flat_map(|(i, (_, _, _, mentions))| {
                mentions
                    .iter()
                    .map(move |m| crate::analysis::aliases::Located {
                        article: i as u32,
                        mention: m,
                    })
            }),
    );
    (sources, located)
}

/// The files (with their content hashes, by file) that went or changed between `before` and
/// `now`, and those that came or changed; `None` when more changed than a list is brought up
/// to date for.
fn few_changed<'a>(
    before: &'a [(String, u64)],
    now: &'a [(String, u64)],
) -> Option<(std::collections::HashSet<&'a str>, Vec<&'a str>)> {
    let was: rustc_hash::FxHashMap<&str, u64> =
        before.iter().map(|(f, h)| (f.as_str(), *h)).collect();
    let is: rustc_hash::FxHashMap<&str, u64> = now.iter().map(|(f, h)| (f.as_str(), *h)).collect();
    let gone: std::collections::HashSet<&str> = before
        .iter()
        .filter(|(f, h)| is.get(f.as_str()) != Some(h))
        .map(|(f, _)| f.as_str())
        .collect();
    let added: Vec<&str> = now
        .iter()
        .filter(|(f, h)| was.get(f.as_str()) != Some(h))
        .map(|(f, _)| f.as_str())
        .collect();
    let changed = gone.len().max(added.len());
    (changed <= (now.len() / CHANGED_SHARE).max(FEW_CHANGED_FILES)).then_some((gone, added))
}

/// The stories and, for each article id, the index of its story.
struct Stories {
    list: Vec<Story>,
    of_article: std::collections::HashMap<String, usize>,
}

impl Stories {
    fn new(list: Vec<Story>) -> Self {
        let of_article = list
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.articles.iter().map(move |a| (a.id.clone(), i)))
            .collect();
        Stories { list, of_article }
    }
}

/// The version of the story grouping: a change to `stories.rs` that groups differently bumps
/// it, so stories saved by an older release are grouped again. The test
/// `saved_versions_follow_the_grouping_and_the_merging` fails when the grouping changes and
/// this was not bumped.
pub const STORIES_VERSION: &str = "stories-3";

/// The version of the saved article summaries: a change to [`ArticleSummary`] bumps it.
const ARTICLES_VERSION: &str = "articles-2";

/// The version of the entity merging: a change to `analysis::aliases` that merges differently
/// bumps it, so an entity list saved by an older release is merged again (guarded by the same
/// test as [`STORIES_VERSION`]).
pub const ENTITIES_VERSION: &str = "entities-22";

/// One source to (maybe) read: a scanned file or an embedded seed.
#[derive(Debug, Clone)]
enum Source {
    Disk(ScanEntry),
    Embedded { file: String, bytes: &'static [u8] },
}

impl Source {
    fn file(&self) -> &str {
        match self {
            Source::Disk(e) => &e.file,
            Source::Embedded { file, .. } => file,
        }
    }

    /// True when the manifest's stamp shows this source unchanged without reading it.
    fn unchanged(&self, old: &FileStamp) -> bool {
        match self {
            Source::Disk(e) => e.size == old.size && e.mtime_ns == old.mtime_ns,
            Source::Embedded { bytes, .. } => {
                bytes.len() as u64 == old.size && ingest::content_hash(bytes) == old.hash
            }
        }
    }

    /// Read and analyse it.
    fn read(&self, outlets: &Outlets) -> (FileStamp, Result<Article, IngestError>) {
        match self {
            Source::Disk(e) => {
                match ingest::read_file(&e.path, &e.file, outlets, e.overrides.as_ref()) {
                    Ok((mut a, stamp)) => {
                        crate::analysis::analyse(&mut a);
                        (stamp, Ok(a))
                    }
                    Err(err) => {
                        let stamp = FileStamp {
                            size: e.size,
                            mtime_ns: e.mtime_ns,
                            hash: 0,
                        };
                        (stamp, Err(err))
                    }
                }
            }
            Source::Embedded { file, bytes } => {
                let stamp = FileStamp {
                    size: bytes.len() as u64,
                    mtime_ns: 0,
                    hash: ingest::content_hash(bytes),
                };
                let ctx = ingest::ReadContext {
                    outlets,
                    overrides: None,
                    modified: None,
                };
                let r = ingest::parse_bytes(bytes, file, crate::model::Format::Text, ctx).map(
                    |mut a| {
                        crate::analysis::analyse(&mut a);
                        a
                    },
                );
                (stamp, r)
            }
        }
    }
}

/// "not one file could be read: a.txt: the file is empty; b.txt: …", at most ten reasons.
fn not_one_readable(problems: &[Problem]) -> String {
    const SHOWN: usize = 10;
    let mut why: Vec<String> = problems
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect();
    if problems.len() > SHOWN {
        why.push(format!("and {} more", problems.len() - SHOWN));
    }
    format!("not one file could be read: {}", why.join("; "))
}

/// Refuse to turn a library built from files on disk into the sample briefing: opening the
/// sample in `dir` would remove every article it holds. Only a library that does not record
/// its sources (made by an earlier release) is looked at, and before anything is opened: a
/// library of an older format is cleared when opened, so its manifest is read here whatever
/// its version. One that can't be read is refused too (nothing tells what it holds).
fn refuse_other_sources(dir: &Path) -> Result<(), LibraryError> {
    if crate::index::recorded_build(dir).is_some() || !Manifest::exists(dir) {
        return Ok(());
    }
    let refuse = |file: String, files: usize| LibraryError::OtherSources {
        dir: dir.display().to_string(),
        file,
        files,
    };
    match Manifest::load(dir) {
        Ok(None) => Ok(()),
        Ok(Some(m)) => {
            let seed = |f: &str| ingest::SEEDS.iter().any(|(name, _)| *name == f);
            match m.files.iter().find(|(f, _)| !seed(f)) {
                Some((file, _)) => Err(refuse(file.clone(), m.files.len())),
                None => Ok(()),
            }
        }
        Err(why) => Err(refuse(
            format!("its manifest, which can't be read: {why}"),
            0,
        )),
    }
}

/// Refuse an index directory that is not a briefing library and not empty, or that is the
/// corpus, holds it, or lies inside it: building or rebuilding a library there could delete
/// or index the user's own files; and, for the sample, a library of other files that does
/// not record them. Writes nothing.
pub fn check_index_dir(corpus: &Corpus, dir: &Path) -> Result<(), LibraryError> {
    LibraryIndex::check_dir(dir)?;
    let Corpus::Paths(paths) = corpus else {
        return refuse_other_sources(dir);
    };
    let d = resolved(dir);
    for p in paths {
        let p = resolved(p);
        let why = if d == p {
            format!("it is the corpus {}", p.display())
        } else if p.starts_with(&d) {
            format!("it holds the corpus {}", p.display())
        } else if d.starts_with(&p) {
            format!("it is inside the corpus folder {}", p.display())
        } else {
            continue;
        };
        return Err(LibraryError::IndexInCorpus {
            dir: dir.display().to_string(),
            why,
        });
    }
    Ok(())
}

/// `p` made absolute, with `.` and `..` resolved and symbolic links followed as far as the
/// path exists (a directory not yet made is named under its nearest existing parent).
fn resolved(p: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut lexical = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            c => lexical.push(c),
        }
    }
    let mut rest = Vec::new();
    let mut head = lexical.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(head) {
            return rest
                .iter()
                .rev()
                .fold(real, |acc: PathBuf, part| acc.join(part));
        }
        match (head.parent(), head.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                head = parent;
            }
            _ => return lexical,
        }
    }
}

/// The default place for a corpus's index: `<cache dir>/libraries/<corpus key>`.
pub fn default_index_dir(corpus: &Corpus) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "briefing")?;
    Some(dirs.cache_dir().join("libraries").join(corpus.key()))
}

impl Library {
    /// Open the library for `corpus`: build it the first time, update only what changed since.
    pub fn open(corpus: &Corpus, opts: &OpenOptions<'_>) -> Result<Library, LibraryError> {
        if let Some(dir) = &opts.index_dir {
            check_index_dir(corpus, dir)?;
        }
        let mut report = OpenReport::default();
        // Reopening: read the index and its manifest while the folders are scanned.
        let existing = matches!(corpus, Corpus::Paths(_))
            && opts
                .index_dir
                .clone()
                .or_else(|| default_index_dir(corpus))
                .is_some_and(|d| d.is_dir());
        let (sources, mut index) = if existing {
            let mut index_report = OpenReport::default();
            let (sources, index) = std::thread::scope(|s| {
                let opening = s.spawn(|| Self::open_index_timed(corpus, opts, &mut index_report));
                let sources = Self::sources(corpus, &mut report);
                let index = opening
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (sources, index)
            });
            report.notices.extend(index_report.notices);
            (sources?, index?)
        } else {
            let sources = Self::sources(corpus, &mut report)?;
            (sources, Self::open_index_timed(corpus, opts, &mut report)?)
        };
        let t = std::time::Instant::now();
        report.index_dir = index.dir().map(|d| d.display().to_string());
        update(&mut index, &sources, opts, &mut report)?;
        index.record_build(&corpus.built());
        if let (Some(why), Some(dir), 0) = (index.read_only(), index.dir(), report.unsaved) {
            report.notices.push(format!(
                "cannot write {}: {why}; showing the library as last saved there",
                dir.display()
            ));
        }
        tracing::debug!("update checked/applied in {:?}", t.elapsed());
        report.articles = index.article_count();
        for (file, entry) in &index.manifest.files {
            if let Some(p) = &entry.problem {
                report.problems.push(Problem {
                    path: file.clone(),
                    reason: p.clone(),
                });
            }
        }
        if matches!(corpus, Corpus::Paths(_))
            && report.articles == 0
            && index
                .manifest
                .files
                .iter()
                .all(|(_, e)| e.article.is_none())
        {
            return Err(LibraryError::NothingToRead(not_one_readable(
                &report.problems,
            )));
        }
        let config = match corpus {
            Corpus::Paths(p) if p.len() == 1 && p[0].is_dir() => {
                crate::ingest::FolderConfig::load(&p[0]).ok().flatten()
            }
            _ => None,
        };
        let (rules, pins) = match config {
            Some(c) => {
                let pins = pins_of(&c, &index.manifest, &mut report);
                (c.entities, pins)
            }
            None => Default::default(),
        };
        Ok(Library {
            index,
            report,
            rules,
            entities: std::sync::OnceLock::new(),
            pins,
            stories: std::sync::OnceLock::new(),
            saved_facts: std::sync::Mutex::new(None),
            entities_updated_for: std::sync::atomic::AtomicUsize::new(usize::MAX),
            stories_updated_for: std::sync::atomic::AtomicUsize::new(usize::MAX),
        })
    }

    /// The sources of `corpus`: the embedded seeds, or what a scan of its paths finds.
    fn sources(corpus: &Corpus, report: &mut OpenReport) -> Result<Vec<Source>, LibraryError> {
        match corpus {
            Corpus::Seeds => Ok(ingest::SEEDS
                .iter()
                .map(|(name, bytes)| Source::Embedded {
                    file: (*name).to_string(),
                    bytes,
                })
                .collect()),
            Corpus::Paths(paths) => {
                let t = std::time::Instant::now();
                let scan = ingest::scan(paths);
                tracing::debug!("scan: {} files in {:?}", scan.entries.len(), t.elapsed());
                report.problems.extend(scan.problems);
                if scan.entries.is_empty() {
                    let why = report
                        .problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ");
                    let why = if why.is_empty() {
                        "no .txt, .md or .html files found".to_string()
                    } else {
                        why
                    };
                    return Err(LibraryError::NothingToRead(why));
                }
                Ok(scan.entries.into_iter().map(Source::Disk).collect())
            }
        }
    }

    fn open_index_timed(
        corpus: &Corpus,
        opts: &OpenOptions<'_>,
        report: &mut OpenReport,
    ) -> Result<LibraryIndex, LibraryError> {
        let t = std::time::Instant::now();
        let index = Self::open_index(corpus, opts, report);
        tracing::debug!("index and manifest opened in {:?}", t.elapsed());
        index
    }

    fn open_index(
        corpus: &Corpus,
        opts: &OpenOptions<'_>,
        report: &mut OpenReport,
    ) -> Result<LibraryIndex, LibraryError> {
        let dir = opts.index_dir.clone().or_else(|| default_index_dir(corpus));
        let Some(dir) = dir else {
            report
                .notices
                .push("no cache directory on this system: the library is kept in memory".into());
            return Ok(LibraryIndex::in_memory()?);
        };
        match LibraryIndex::open_or_create(&dir) {
            Ok((ix, reopen)) => {
                match reopen {
                    Reopen::Rebuilt(why) => report.notices.push(format!(
                        "the library at {} was rebuilt from the source files: {why}",
                        dir.display()
                    )),
                    Reopen::Adopted => report.notices.push(format!(
                        "the library at {} was made by an earlier briefing; it is now marked as a briefing library",
                        dir.display()
                    )),
                    // Read-only is said after the update, with what it could not save.
                    Reopen::ReadOnly(_) | Reopen::Ok | Reopen::New => {}
                }
                Ok(ix)
            }
            // Not ours: refused, and nothing in it is touched.
            Err(e @ (IndexError::NotALibrary { .. } | IndexError::Newer { .. })) => Err(e.into()),
            Err(e) => {
                report.notices.push(format!(
                    "cannot use the library directory ({e}); this session's library is kept in memory"
                ));
                Ok(LibraryIndex::in_memory()?)
            }
        }
    }

    pub fn index_dir(&self) -> Option<&Path> {
        self.index.dir()
    }

    /// One summary per article, in file order. Saved beside the index
    /// (`briefing-articles.bin`) the first time, so that reopening an unchanged library reads a
    /// few bytes per article instead of every stored document (on 37.5k real articles: 1 s and
    /// 290 MB of the index's store mapped into memory).
    ///
    /// When a few files changed since it was saved, the saved list is brought up to date with
    /// them (their summaries read alone) instead of read from every document again.
    pub fn articles(&self) -> Result<Vec<ArticleSummary>, LibraryError> {
        let key = self.library_key(ARTICLES_VERSION, |_| {});
        let base = self.base_key(ARTICLES_VERSION, |_| {});
        let file = crate::index::ARTICLES_FILE;
        let saved = match self.read_saved::<SavedArticles>(file, |_| true) {
            Some((k, saved)) if k == key => return Ok(saved.list),
            Some((_, saved)) if saved.base == base => Some(saved),
            _ => None,
        };
        let seen = self.files_seen();
        let list = match saved.and_then(|saved| self.articles_brought_up_to_date(saved, &seen)) {
            Some(list) => list?,
            None => self.index.summaries()?,
        };
        let saving = ArticlesToSave {
            base,
            seen: &seen,
            list: &list,
        };
        self.write_saved(file, key, &saving);
        Ok(list)
    }

    /// The saved article list brought up to date with the files changed since (`seen` now),
    /// when few changed; `None` otherwise.
    fn articles_brought_up_to_date(
        &self,
        saved: SavedArticles,
        seen: &[(String, u64)],
    ) -> Option<Result<Vec<ArticleSummary>, LibraryError>> {
        let (gone, added) = few_changed(&saved.seen, seen)?;
        Some(self.summaries_brought_up_to_date(saved.list, &gone, &added))
    }

    /// `list` without the articles of the files `gone`, with those of `added`.
    fn summaries_brought_up_to_date(
        &self,
        list: Vec<ArticleSummary>,
        gone: &std::collections::HashSet<&str>,
        added: &[&str],
    ) -> Result<Vec<ArticleSummary>, LibraryError> {
        let mut list: Vec<ArticleSummary> = list
            .into_iter()
            .filter(|a| !gone.contains(a.file.as_str()))
            .collect();
        for id in self.article_ids_of(added) {
            if let Some(a) = self.index.article(id)? {
                list.push(ArticleSummary::from(&a));
            }
        }
        list.sort_by(|a, b| a.file.cmp(&b.file));
        tracing::debug!(
            "articles: brought up to date for {} changed files",
            gone.len().max(added.len())
        );
        Ok(list)
    }

    /// The ids of the articles read from `files` (in the manifest's terms).
    fn article_ids_of<'a>(&'a self, files: &[&str]) -> Vec<&'a str> {
        let all = &self.index.manifest.files;
        files
            .iter()
            .filter_map(|file| {
                let i = all.binary_search_by(|(f, _)| f.as_str().cmp(file)).ok()?;
                all[i].1.article.as_deref()
            })
            .collect()
    }

    /// A whole article, with passages and sentences.
    pub fn article(&self, id: &str) -> Result<Option<Article>, LibraryError> {
        Ok(self.index.article(id)?)
    }

    /// Check a query strictly before searching it (see [`crate::index::check_query`]): the
    /// command line refuses a malformed query, the reader searches leniently as you type.
    pub fn check_query(query: &str) -> Result<(), crate::index::QueryError> {
        crate::index::check_query(query)
    }

    /// Ranked search. Names are alias-aware: a word or phrase naming a known entity also finds
    /// its other spellings ("Salameh" finds "al-Salama"), and `SearchResults::aliases` says so.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, LibraryError> {
        let (expanded, aliases) =
            crate::analysis::search_aliases::expand(query, &|t| self.spellings(t));
        let mut r = self.index.search(&expanded, limit)?;
        crate::analysis::search_aliases::label_hits(&mut r.hits, &aliases);
        r.query = query.to_string();
        r.aliases = aliases;
        Ok(r)
    }

    /// The spellings of a name: a well-known entity's listed spellings, else the spellings of a
    /// person's name (or surname) seen in this library. Cheap: no library-wide entity table.
    fn spellings(&self, term: &str) -> Option<(String, Vec<String>)> {
        use crate::analysis::{aliases, gazetteer::Gazetteer};
        let g = Gazetteer::builtin();
        let cased = term.chars().any(char::is_uppercase) || term.chars().count() > 4;
        if let Some(k) = g
            .lookup(term)
            .filter(|k| cased && k.kind != EntityKind::Date)
        {
            let all: Vec<String> = g.spellings(term).into_iter().map(str::to_string).collect();
            return Some((k.name.clone(), without_particle_twins(all)));
        }
        let key = aliases::name_key(term);
        if key.is_empty() || key.split(' ').any(|k| k.len() < 3) {
            return None;
        }
        let all = self.index.name_spellings(&key, usize::MAX).ok()?;
        // Only a word this library uses as a name is expanded: "convoy" shares a key with
        // some generated "Kinov", but nobody here is called Convoy.
        let bare = |s: &str| aliases::fold_lower(without_particle(s));
        let own: Vec<&str> = all
            .iter()
            .filter(|s| bare(s) == bare(term))
            .map(String::as_str)
            .collect();
        if own.is_empty() {
            return None;
        }
        // A word typed in lower case may be meant as a word: "price" is expanded only where
        // the library mostly uses it as a name, not where some Ned Price is quoted on oil prices.
        if !term.chars().any(char::is_uppercase) && !self.index.mostly_a_name(&key, &own, term) {
            return None;
        }
        let all = without_particle_twins(all);
        let full = self
            .index
            .name_spellings(&format!("~{key}"), FULL_NAMES_LOOKED_AT)
            .unwrap_or_default();
        let name = full.iter().chain(&all).max_by_key(|s| s.len())?.clone();
        Some((name, all))
    }

    /// Every entity in the library, merged across spellings and outlets; most mentioned first.
    pub fn entities(&self) -> Result<&std::sync::Arc<Entities>, LibraryError> {
        if let Some(e) = self.entities.get() {
            return Ok(e);
        }
        let key = self.entities_key();
        let base = self.entities_base();
        let file = crate::index::ENTITIES_FILE;
        let saved = match self.read_saved::<SavedEntities>(file, |_| true) {
            Some((k, saved)) if k == key => {
                return Ok(self
                    .entities
                    .get_or_init(|| std::sync::Arc::new(saved.list)));
            }
            Some((_, saved)) if saved.base == base => Some(saved),
            _ => None,
        };
        let seen = self.files_seen();
        let list = match saved.and_then(|saved| self.entities_brought_up_to_date(saved, &seen)) {
            Some(list) => list?,
            None => self.merged_whole()?,
        };
        let saving = EntitiesToSave {
            base,
            seen: &seen,
            list: &list,
        };
        self.write_saved(file, key, &saving);
        Ok(self.entities.get_or_init(|| std::sync::Arc::new(list)))
    }

    /// The library's entities merged from every article's mentions.
    fn merged_whole(&self) -> Result<Entities, LibraryError> {
        // Only what merging reads is kept of each article as it is decoded, in file order,
        // each mention small and its words shared (see `Named`).
        let words = std::cell::RefCell::new(crate::analysis::aliases::Spellings::default());
        let mut articles = self
            .index
            .map_structures(|a| read_for_merge(a, &mut words.borrow_mut()))?;
        let mut words = words.into_inner();
        words.freeze();
        articles.sort_by(|a, b| a.0.cmp(&b.0));
        let (sources, located) = merge_input(&articles);
        // The mentions read are done with (dropped on return) before the list is written out.
        Ok(crate::analysis::aliases::resolve(
            &sources,
            &located,
            &words,
            &self.merge_rules(),
        ))
    }

    /// The folder's entity rules, as merging takes them.
    fn merge_rules(&self) -> crate::analysis::aliases::Rules {
        crate::analysis::aliases::Rules {
            merge: self.rules.merge.clone(),
            separate: self.rules.separate.clone(),
        }
    }

    /// The saved entity list brought up to date with the files changed since it was merged
    /// (`seen` now), when few changed; `None` otherwise.
    fn entities_brought_up_to_date(
        &self,
        saved: SavedEntities,
        seen: &[(String, u64)],
    ) -> Option<Result<Entities, LibraryError>> {
        let (gone, added) = few_changed(&saved.seen, seen)?;
        Some(self.mentions_brought_up_to_date(saved.list, &gone, &added))
    }

    /// `list` without the mentions of the files `gone`, with those of `added` (see
    /// `aliases::update`).
    fn mentions_brought_up_to_date(
        &self,
        list: Entities,
        gone: &std::collections::HashSet<&str>,
        added: &[&str],
    ) -> Result<Entities, LibraryError> {
        let t = std::time::Instant::now();
        let changed = gone.len().max(added.len());
        let mut words = crate::analysis::aliases::Spellings::default();
        let mut articles = Vec::with_capacity(added.len());
        for id in self.article_ids_of(added) {
            if let Some(a) = self.index.article(id)? {
                articles.push(read_for_merge(a, &mut words));
            }
        }
        words.freeze();
        let (sources, located) = merge_input(&articles);
        let summaries = self.articles()?;
        let outlets: rustc_hash::FxHashMap<&str, Option<&str>> = summaries
            .iter()
            .map(|a| (a.id.as_str(), a.outlet.as_deref()))
            .collect();
        let outlet_of =
            |id: &str| -> Option<String> { outlets.get(id).copied().flatten().map(str::to_string) };
        let list = crate::analysis::aliases::update(
            list,
            gone,
            &outlet_of,
            &sources,
            &located,
            &words,
            &self.merge_rules(),
        );
        tracing::debug!(
            "entities: brought up to date for {changed} changed files in {:?}",
            t.elapsed()
        );
        self.entities_updated_for
            .store(changed, std::sync::atomic::Ordering::Relaxed);
        Ok(list)
    }

    /// `Some(n)` when this library's entity list was brought up to date for `n` changed files
    /// instead of merged whole (or read as saved).
    pub fn entity_list_updated_for(&self) -> Option<usize> {
        let n = self
            .entities_updated_for
            .load(std::sync::atomic::Ordering::Relaxed);
        (n != usize::MAX).then_some(n)
    }

    /// `Some(n)` when this library's stories were brought up to date for `n` changed files
    /// instead of grouped whole (or read as saved).
    pub fn stories_updated_for(&self) -> Option<usize> {
        let n = self
            .stories_updated_for
            .load(std::sync::atomic::Ordering::Relaxed);
        (n != usize::MAX).then_some(n)
    }

    /// Every file the library holds an article of, with its content hash, by file.
    fn files_seen(&self) -> Vec<(String, u64)> {
        self.index
            .manifest
            .files
            .iter()
            .filter(|(_, e)| e.article.is_some())
            .map(|(f, e)| (f.clone(), e.stamp.hash))
            .collect()
    }

    /// What the entity list depends on besides the articles: the merging's version, the index
    /// format and the folder's entity rules.
    fn entities_base(&self) -> u64 {
        self.base_key(ENTITIES_VERSION, |h| self.hash_rules(h))
    }

    /// The folder's entity rules, into `h`.
    fn hash_rules(&self, h: &mut xxhash_rust::xxh3::Xxh3) {
        for (a, b) in self.rules.merge.iter().chain(&self.rules.separate) {
            h.update(a.as_bytes());
            h.update(&[0]);
            h.update(b.as_bytes());
            h.update(&[1]);
        }
        h.update(&(self.rules.merge.len() as u64).to_le_bytes());
    }

    /// A key of `version`, the index format and what `more` adds: what something saved
    /// depends on besides the articles.
    fn base_key(&self, version: &str, more: impl FnOnce(&mut xxhash_rust::xxh3::Xxh3)) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(version.as_bytes());
        h.update(&[0]);
        h.update(self.index.manifest.version.as_bytes());
        h.update(&[0]);
        more(&mut h);
        h.digest()
    }

    /// The library's articles grouped into stories (the same event told by different outlets),
    /// largest first; grouped on first use from the fingerprints stored at analysis time.
    pub fn stories(&self) -> Result<&[Story], LibraryError> {
        Ok(&self.grouped()?.list)
    }

    /// The story article `article_id` belongs to.
    pub fn story_of(&self, article_id: &str) -> Result<Option<&Story>, LibraryError> {
        let s = self.grouped()?;
        Ok(s.of_article.get(article_id).map(|&i| &s.list[i]))
    }

    fn grouped(&self) -> Result<&Stories, LibraryError> {
        if let Some(s) = self.stories.get() {
            return Ok(s);
        }
        let key = self.stories_key();
        let base = self.base_key(STORIES_VERSION, |h| self.hash_pins(h));
        let file = crate::index::STORIES_FILE;
        let saved = match self.read_saved::<SavedStories>(file, |_| true) {
            Some((k, saved)) if k == key => {
                return Ok(self.stories.get_or_init(|| Stories::new(saved.list)));
            }
            Some((k, saved)) if saved.base == base => Some((k, saved)),
            _ => None,
        };
        let seen = self.files_seen();
        let updated = saved.and_then(|(k, saved)| self.stories_brought_up_to_date(k, saved, &seen));
        let (list, inputs) = match updated {
            Some(done) => done?,
            None => {
                let t = std::time::Instant::now();
                let inputs = self.index.map_structures(crate::stories::Input::from)?;
                tracing::debug!(
                    "stories: {} structures read in {:?}",
                    inputs.len(),
                    t.elapsed()
                );
                let t = std::time::Instant::now();
                let list = crate::stories::group(&inputs, &self.pins);
                tracing::debug!("stories: {} grouped in {:?}", list.len(), t.elapsed());
                (list, inputs)
            }
        };
        self.write_saved(crate::index::STORY_INPUTS_FILE, key, &inputs);
        let saving = StoriesToSave {
            base,
            seen: &seen,
            list: &list,
        };
        self.write_saved(file, key, &saving);
        Ok(self.stories.get_or_init(|| Stories::new(list)))
    }

    /// The saved stories (saved under `key`) brought up to date with the files changed since
    /// (`seen` now), when few changed and what they were grouped from was saved with them;
    /// `None` otherwise. Returns the stories and what they are grouped from now.
    fn stories_brought_up_to_date(
        &self,
        key: u64,
        saved: SavedStories,
        seen: &[(String, u64)],
    ) -> Option<Result<Grouped, LibraryError>> {
        let (gone, added) = few_changed(&saved.seen, seen)?;
        let t = std::time::Instant::now();
        let (_, mut inputs) = self
            .read_saved::<Vec<crate::stories::Input>>(crate::index::STORY_INPUTS_FILE, |k| {
                k == key
            })?;
        inputs.retain(|i| !gone.contains(i.file.as_str()));
        for id in self.article_ids_of(&added) {
            match self.index.article(id) {
                Ok(Some(a)) => inputs.push(crate::stories::Input::from(a)),
                Ok(None) => {}
                Err(e) => return Some(Err(e.into())),
            }
        }
        let mut fresh = gone;
        fresh.extend(added.iter().copied());
        let list = crate::stories::update(&saved.list, &inputs, &fresh, &self.pins);
        let changed = fresh.len();
        tracing::debug!(
            "stories: brought up to date for {changed} changed files in {:?}",
            t.elapsed()
        );
        self.stories_updated_for
            .store(changed, std::sync::atomic::Ordering::Relaxed);
        Some(Ok((list, inputs)))
    }

    /// What the grouping depends on: the library's articles (file, content, id), the pins
    /// and the grouping's own version. Saved stories with another key are stale.
    fn stories_key(&self) -> u64 {
        self.library_key(STORIES_VERSION, |h| self.hash_pins(h))
    }

    /// The pins, into `h`.
    fn hash_pins(&self, h: &mut xxhash_rust::xxh3::Xxh3) {
        for pin in &self.pins {
            h.update(format!("{pin:?}").as_bytes());
        }
    }

    /// What the entity list depends on: the library's articles, the folder's entity rules and
    /// the merging's own version.
    fn entities_key(&self) -> u64 {
        self.library_key(ENTITIES_VERSION, |h| self.hash_rules(h))
    }

    /// A key of `version`, the index format, every article (file, id, content hash) and what
    /// `more` adds.
    fn library_key(&self, version: &str, more: impl FnOnce(&mut xxhash_rust::xxh3::Xxh3)) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(version.as_bytes());
        h.update(self.index.manifest.version.as_bytes());
        for (file, e) in &self.index.manifest.files {
            if let Some(id) = &e.article {
                h.update(file.as_bytes());
                h.update(&[0]);
                h.update(id.as_bytes());
                h.update(&e.stamp.hash.to_le_bytes());
            }
        }
        more(&mut h);
        h.digest()
    }

    /// What an earlier run saved in the library directory as `name`, with the key it was saved
    /// under, when `wanted` takes that key and the bytes are whole; anything else (none saved,
    /// not wanted, damaged) is `None` and the work is done again.
    fn read_saved<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        wanted: impl Fn(u64) -> bool,
    ) -> Option<(u64, T)> {
        let path = self.index.dir()?.join(name);
        let t = std::time::Instant::now();
        let bytes = std::fs::read(&path).ok()?;
        let (head, body) = bytes.split_at_checked(16)?;
        let (saved_key, sum) = head.split_at(8);
        let saved_key = u64::from_le_bytes(saved_key.try_into().ok()?);
        if !wanted(saved_key)
            || u64::from_le_bytes(sum.try_into().ok()?) != xxhash_rust::xxh3::xxh3_64(body)
        {
            tracing::debug!("{} is stale or damaged", path.display());
            return None;
        }
        let value = postcard::from_bytes(body).ok()?;
        tracing::debug!("{} read in {:?}", path.display(), t.elapsed());
        Some((saved_key, value))
    }

    /// Save `value` beside the index as `name` (key, checksum, postcard bytes), so that
    /// reopening an unchanged library reads it instead of doing the work again. Only in a
    /// library directory we may write; a failure costs only the next open's time.
    fn write_saved<T: Serialize + ?Sized>(&self, name: &str, key: u64, value: &T) {
        let Some(dir) = self.index.dir() else {
            return;
        };
        if self.index.read_only().is_some() {
            return;
        }
        let Ok(body) = postcard::to_stdvec(value) else {
            return;
        };
        let mut bytes = Vec::with_capacity(body.len() + 16);
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&body).to_le_bytes());
        bytes.extend_from_slice(&body);
        let path = dir.join(name);
        if let Err(e) = crate::index::atomic_write(&path, &bytes) {
            tracing::debug!("not saved in {}: {e}", path.display());
        }
    }

    /// The entities of one kind, or all.
    pub fn entities_of(&self, kind: Option<EntityKind>) -> Result<Vec<&Entity>, LibraryError> {
        Ok(self
            .entities()?
            .iter()
            .filter(|e| kind.is_none_or(|k| e.kind == k))
            .collect())
    }

    /// The facts told by articles `ids` (one story), most widely reported first.
    pub fn facts_of(
        &self,
        story: &str,
        ids: &[&str],
    ) -> Result<Vec<crate::model::Fact>, LibraryError> {
        let mut articles = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(a) = self.article(id)? {
                articles.push(a);
            }
        }
        articles.sort_by(|a, b| a.file.cmp(&b.file));
        let refs: Vec<&Article> = articles.iter().collect();
        Ok(crate::analysis::facts::facts(story, &refs))
    }

    /// The facts of the story article `article` belongs to, with the story's outlets.
    pub fn story_facts(
        &self,
        article: &str,
    ) -> Result<Option<crate::model::StoryFacts>, LibraryError> {
        match self.story_of(article)? {
            Some(story) => self.facts_of_story(story).map(Some),
            None => Ok(None),
        }
    }

    /// The facts of the story with id `story`, `None` when there is no such story.
    pub fn facts_for_story(
        &self,
        story: &str,
    ) -> Result<Option<crate::model::StoryFacts>, LibraryError> {
        match self.stories()?.iter().find(|s| s.id == story) {
            Some(s) => self.facts_of_story(s).map(Some),
            None => Ok(None),
        }
    }

    /// Every story's facts, largest story first, all held at once: for a large library prefer
    /// [`Library::each_story_facts`], which holds a few stories' facts at a time.
    pub fn all_facts(&self) -> Result<Vec<crate::model::StoryFacts>, LibraryError> {
        let mut all = Vec::new();
        self.each_story_facts(|f| {
            all.push(f);
            Ok::<(), LibraryError>(())
        })?;
        Ok(all)
    }

    /// Every story's facts, handed to `emit` one story at a time in story order (largest
    /// first, as [`Library::stories`]). Stories are worked on on every core, a few ahead of
    /// the one being emitted, so memory holds a handful of stories' facts, never the whole
    /// library's. Stops at the first error, the library's or `emit`'s.
    pub fn each_story_facts<E: From<LibraryError>>(
        &self,
        mut emit: impl FnMut(crate::model::StoryFacts) -> Result<(), E>,
    ) -> Result<(), E> {
        let stories = self.stories()?;
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .min(stories.len().max(1));
        // Facts worked out now are saved once, at the end, not a file rewrite per story.
        let pending = std::sync::Mutex::new(Vec::new());
        let done = in_order_parallel(
            stories,
            threads,
            FACTS_AHEAD_PER_THREAD * threads,
            |story| self.saved_or_worked_out(story, Some(&pending)),
            |facts| emit(facts?),
        );
        self.save_facts(pending.into_inner().unwrap_or_default());
        done
    }

    /// Work out and save the facts of every story of more than one article whose facts are
    /// not saved yet (a story whose articles changed has another key, so only those are
    /// worked out again), on every core, saved a batch at a time. `progress(done, total)`
    /// follows it. Returns how many stories' facts it worked out; none in a library it may
    /// not write to.
    pub fn save_story_facts(&self, progress: &dyn Fn(usize, usize)) -> Result<usize, LibraryError> {
        if self.index.dir().is_none() || self.index.read_only().is_some() {
            return Ok(0);
        }
        let todo: Vec<(&crate::model::Story, u64)> = {
            let stories = self.stories()?;
            let keyed: Vec<(&crate::model::Story, u64)> = stories
                .iter()
                .filter(|s| s.articles.len() > 1)
                .map(|s| (s, self.facts_key(s)))
                .collect();
            self.with_saved_facts(|saved| {
                keyed
                    .into_iter()
                    .filter(|(_, key)| !saved.contains(*key))
                    .collect()
            })
        };
        if todo.is_empty() {
            return Ok(0);
        }
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .min(todo.len());
        let mut batch: Vec<saved_facts::Entry> = Vec::new();
        let mut batch_bytes = 0;
        let mut done = 0;
        in_order_parallel(
            &todo,
            threads,
            FACTS_AHEAD_PER_THREAD * threads,
            |(story, key)| {
                let facts = self.work_out_facts(story)?;
                Ok::<_, LibraryError>((*key, serde_json::to_vec(&facts).unwrap_or_default()))
            },
            |entry| {
                let (key, body) = entry?;
                done += 1;
                progress(done, todo.len());
                if !body.is_empty() {
                    batch_bytes += body.len();
                    batch.push((key, body));
                }
                // Memory holds a batch, not the library's facts.
                if batch_bytes >= FACTS_BATCH_BYTES {
                    self.save_facts(std::mem::take(&mut batch));
                    batch_bytes = 0;
                }
                Ok::<(), LibraryError>(())
            },
        )?;
        self.save_facts(batch);
        Ok(done)
    }

    fn facts_of_story(
        &self,
        story: &crate::model::Story,
    ) -> Result<crate::model::StoryFacts, LibraryError> {
        self.saved_or_worked_out(story, None)
    }

    /// A story's facts as saved, or worked out and saved (now, or into `pending` to be saved
    /// by the caller). Stories of one article are quick to work out and not saved.
    fn saved_or_worked_out(
        &self,
        story: &crate::model::Story,
        pending: Option<&std::sync::Mutex<Vec<saved_facts::Entry>>>,
    ) -> Result<crate::model::StoryFacts, LibraryError> {
        let worth_saving = story.articles.len() > 1 && self.index.dir().is_some();
        if !worth_saving {
            return self.work_out_facts(story);
        }
        let key = self.facts_key(story);
        if let Some(f) = self.with_saved_facts(|saved| saved.get(key)) {
            return Ok(f);
        }
        let facts = self.work_out_facts(story)?;
        if let Ok(body) = serde_json::to_vec(&facts) {
            match pending {
                Some(p) => p
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((key, body)),
                None => self.save_facts(vec![(key, body)]),
            }
        }
        Ok(facts)
    }

    /// The facts saved for story `story`, without working anything out: `None` when there is
    /// no such story or its facts were not saved (or not for its present articles).
    pub fn saved_facts_for_story(
        &self,
        story: &str,
    ) -> Result<Option<crate::model::StoryFacts>, LibraryError> {
        let Some(s) = self.stories()?.iter().find(|s| s.id == story) else {
            return Ok(None);
        };
        let key = self.facts_key(s);
        Ok(self.with_saved_facts(|saved| saved.get(key)))
    }

    fn facts_key(&self, story: &crate::model::Story) -> u64 {
        let files = &self.index.manifest.files;
        saved_facts::key(&self.index.manifest.version, story, |file| {
            let i = files.binary_search_by(|(f, _)| f.as_str().cmp(file)).ok()?;
            Some(files[i].1.stamp.hash)
        })
    }

    /// Run `f` on the saved facts, reading the file on first use.
    fn with_saved_facts<T>(&self, f: impl FnOnce(&saved_facts::Saved) -> T) -> T {
        let mut guard = self.saved_facts.lock().unwrap_or_else(|e| e.into_inner());
        f(guard.get_or_insert_with(|| self.open_saved_facts()))
    }

    /// The saved facts file's record heads, read now.
    fn open_saved_facts(&self) -> saved_facts::Saved {
        match self.index.dir() {
            Some(d) => saved_facts::Saved::open(&d.join(crate::index::FACTS_FILE)),
            None => saved_facts::Saved::default(),
        }
    }

    /// Add `new` to the saved facts, dropping those of stories that are no more (or changed),
    /// and write the file. Only in a library directory we may write; a failure costs only
    /// working the facts out again next time.
    fn save_facts(&self, new: Vec<saved_facts::Entry>) {
        if new.is_empty() || self.index.read_only().is_some() {
            return;
        }
        let Some(dir) = self.index.dir() else {
            return;
        };
        let Ok(stories) = self.stories() else {
            return;
        };
        let live: rustc_hash::FxHashSet<u64> = stories
            .iter()
            .filter(|s| s.articles.len() > 1)
            .map(|s| self.facts_key(s))
            .collect();
        let mut guard = self.saved_facts.lock().unwrap_or_else(|e| e.into_inner());
        let saved = guard.take().unwrap_or_else(|| self.open_saved_facts());
        *guard = Some(match saved.save(&live, &new) {
            Ok(s) => s,
            Err(e) => {
                tracing::debug!("facts: not saved in {}: {e}", dir.display());
                self.open_saved_facts()
            }
        });
    }

    fn work_out_facts(
        &self,
        story: &crate::model::Story,
    ) -> Result<crate::model::StoryFacts, LibraryError> {
        let ids: Vec<&str> = story.articles.iter().map(|a| a.id.as_str()).collect();
        let facts = self.facts_of(&story.id, &ids)?;
        // Named as facts name them: the outlet, or the file when none is named.
        let mut outlets: Vec<String> = story
            .articles
            .iter()
            .map(|a| a.outlet.clone().unwrap_or_else(|| a.file.clone()))
            .collect();
        outlets.sort();
        outlets.dedup();
        Ok(crate::model::StoryFacts {
            story: story.id.clone(),
            title: story.title.clone(),
            articles: story.articles.iter().map(|a| a.id.clone()).collect(),
            outlets,
            facts,
        })
    }

    /// Byte ranges in `text` of the words `query` searches for (stemmed, accent-folded).
    pub fn query_marks(&self, query: &str, text: &str) -> Vec<crate::model::Highlight> {
        let (expanded, _) = crate::analysis::search_aliases::expand(query, &|t| self.spellings(t));
        self.index.query_marks(&expanded, text)
    }

    /// What the side panel shows for passage `passage` of `article`: other outlets' passages
    /// of the facts it tells (from the story's saved facts, worked out and saved when there
    /// are none), then up to `limit` passages of other articles most like it. `None` when
    /// there is no such article or passage.
    pub fn neighbours(
        &self,
        article: &str,
        passage: u32,
        limit: usize,
    ) -> Result<Option<crate::model::PassageNeighbours>, LibraryError> {
        let Some(a) = self.article(article)? else {
            return Ok(None);
        };
        if passage as usize >= a.passages.len() {
            return Ok(None);
        }
        let facts = self.story_facts(article)?;
        let mut same_fact = Vec::new();
        for fact in facts.iter().flat_map(|f| &f.facts) {
            let here = fact
                .passages
                .iter()
                .any(|p| p.article == article && p.passage == passage);
            if !here {
                continue;
            }
            for p in fact.passages.iter().filter(|p| p.article != article) {
                same_fact.push(crate::model::SameFactPassage {
                    fact: fact.id.clone(),
                    label: fact.label.clone(),
                    article: p.article.clone(),
                    file: p.file.clone(),
                    outlet: p.outlet.clone(),
                    passage: p.passage,
                    score: fact.cohesion,
                    text: p.text.clone(),
                });
            }
        }
        Ok(Some(crate::model::PassageNeighbours {
            article: article.to_string(),
            passage,
            story: facts.map(|f| f.story),
            same_fact,
            related: self.related(article, passage, limit)?,
        }))
    }

    /// Passages of other articles most like passage `passage` of `article`, one per article.
    pub fn related(
        &self,
        article: &str,
        passage: u32,
        limit: usize,
    ) -> Result<Vec<RelatedPassage>, LibraryError> {
        Ok(self.index.related(article, passage, limit)?)
    }
}

/// An article read, analysed and made into index documents by a worker.
struct Ready {
    summary: ArticleSummary,
    warnings: Vec<String>,
    docs: crate::index::Prepared,
}

/// Bring `index` up to date with `sources`: read what is new or changed, drop what is gone,
/// commit once. Another process holding the writer leaves the library read-only, as it was.
fn update(
    index: &mut LibraryIndex,
    sources: &[Source],
    opts: &OpenOptions<'_>,
    report: &mut OpenReport,
) -> Result<(), LibraryError> {
    let old = index.manifest.lookup();
    let mut to_read: Vec<&Source> = Vec::new();
    for s in sources {
        match old.get(s.file()) {
            Some(e) if s.unchanged(&e.stamp) => report.unchanged += 1,
            Some(_) => {
                report.changed += 1;
                to_read.push(s);
            }
            None => {
                report.added += 1;
                to_read.push(s);
            }
        }
    }
    // Every source is a distinct path, so when all the manifest's files were met, none went.
    let removed: Vec<String> = if report.unchanged + report.changed == old.len() {
        Vec::new()
    } else {
        let present: rustc_hash::FxHashSet<&str> = sources.iter().map(Source::file).collect();
        old.keys()
            .filter(|f| !present.contains(*f))
            .map(|f| f.to_string())
            .collect()
    };
    drop(old);
    report.removed = removed.len();
    if to_read.is_empty() && removed.is_empty() {
        return Ok(());
    }

    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let mut writer = match index.writer(threads) {
        Ok(w) => w,
        Err(IndexError::Locked { dir }) => {
            report.unsaved = to_read.len() + removed.len();
            report.notices.push(format!(
                "another briefing process is updating the library at {dir}; showing it read-only, as last saved ({} changed files not included)",
                report.unsaved
            ));
            return Ok(());
        }
        Err(IndexError::CannotWrite { dir, reason }) => {
            report.unsaved = to_read.len() + removed.len();
            report.notices.push(format!(
                "cannot write {dir}: {reason}; showing the library as last saved there ({} changed files not included)",
                report.unsaved
            ));
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    let mut manifest: Manifest = index.manifest.clone();
    let mut files = manifest.to_map();
    for f in &removed {
        if let Some(id) = files.remove(f).and_then(|e| e.article) {
            writer.delete(&id);
        }
    }

    // Outlet lines the folder repeats at the top of its files name their outlet too.
    let learned = ingest::outlet_lines_of(sources.iter().filter_map(|s| match s {
        Source::Disk(e) => Some(e.path.as_path()),
        Source::Embedded { .. } => None,
    }));
    let with_learned;
    let outlets = if learned.is_empty() {
        Outlets::builtin()
    } else {
        tracing::info!("outlet lines repeated in the folder: {}", learned.len());
        with_learned = Outlets::builtin().with_outlet_lines(&learned);
        &with_learned
    };
    let total = to_read.len();
    // Workers read, analyse and turn articles into index documents; this thread only adds them.
    let (tx, rx) = mpsc::sync_channel::<(usize, FileStamp, Result<Ready, IngestError>)>(256);
    let ix: &LibraryIndex = index;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let result: Result<(), LibraryError> = std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let next = &next;
            let to_read = &to_read;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(src) = to_read.get(i) else { break };
                    let (stamp, r) = src.read(outlets);
                    let r = r.map(|a| Ready {
                        summary: ArticleSummary::from(&a),
                        warnings: a.warnings.clone(),
                        docs: ix.prepare(&a),
                    });
                    if tx.send((i, stamp, r)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut done = 0;
        for (i, stamp, r) in rx {
            let file = to_read[i].file().to_string();
            let previous = files.get(&file).cloned();
            // Touched but not edited: same content hash, so keep what the index holds.
            if let (Some(prev), Ok(_)) = (&previous, &r)
                && prev.stamp.hash == stamp.hash
                && prev.article.is_some()
            {
                report.changed -= 1;
                report.unchanged += 1;
                files.insert(
                    file,
                    ManifestEntry {
                        stamp,
                        ..prev.clone()
                    },
                );
                done += 1;
                continue;
            }
            if let Some(id) = previous.and_then(|p| p.article) {
                writer.delete(&id);
            }
            let entry = match r {
                Ok(a) => {
                    writer.add_prepared(a.docs)?;
                    if let Some(f) = opts.on_article {
                        f(&a.summary);
                    }
                    report.analysed += 1;
                    let problem = (!a.warnings.is_empty()).then(|| a.warnings.join("; "));
                    ManifestEntry {
                        stamp,
                        article: Some(a.summary.id),
                        problem,
                    }
                }
                Err(e) => ManifestEntry {
                    stamp,
                    article: None,
                    problem: Some(e.to_string()),
                },
            };
            files.insert(file, entry);
            done += 1;
            if let Some(p) = opts.progress {
                p(Progress { done, total });
            }
        }
        Ok(())
    });
    match result {
        Ok(()) => {
            manifest.set_files(files);
            writer.commit(&mut manifest)?;
            index.manifest = manifest;
            Ok(())
        }
        Err(e) => {
            writer.rollback();
            Err(e)
        }
    }
}

/// The story pins of a folder's config, each file checked against the library: a file it
/// does not hold is reported by the config's path and left out.
fn pins_of(
    config: &crate::ingest::FolderConfig,
    manifest: &Manifest,
    report: &mut OpenReport,
) -> Vec<crate::stories::Pin> {
    let path = config.dir.join(crate::ingest::FOLDER_CONFIG);
    let known_files = manifest.lookup();
    config
        .stories
        .iter()
        .map(|(name, files)| {
            let (known, missing): (Vec<&String>, Vec<&String>) = files.iter().partition(|f| {
                known_files
                    .get(f.as_str())
                    .is_some_and(|e| e.article.is_some())
            });
            for f in missing {
                report.problems.push(Problem {
                    path: path.display().to_string(),
                    reason: format!("stories.{name:?}: no article {f:?} in this folder"),
                });
            }
            crate::stories::Pin {
                name: name.clone(),
                files: known.into_iter().cloned().collect(),
            }
        })
        .collect()
}

/// A name without a leading particle, hyphenated or not: "al-Shibani" and "Al Shibani" ->
/// "Shibani".
fn without_particle(s: &str) -> &str {
    let t = s.trim();
    [
        "al-", "el-", "Al-", "El-", "ash-", "as-", "ad-", "al ", "el ", "Al ", "El ",
    ]
    .iter()
    .find_map(|p| t.strip_prefix(p))
    .unwrap_or(t)
}

/// Drop spellings the index cannot tell from another one: those that only add a name particle
/// to another ("al-Shibani" or "Al Shibani" beside "Shibani": the index splits "al-Shibani" into
/// "al" and "shibani", so the bare word already finds it, and a phrase on the very common "al"
/// only costs time), and those with the same words ("Salma al-Salama", "Salma Al Salama").
fn without_particle_twins(spellings: Vec<String>) -> Vec<String> {
    // The words the analyzer sees, before stemming.
    let words = |s: &str| {
        crate::analysis::aliases::fold_lower(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let plain: std::collections::HashSet<String> = spellings.iter().map(|s| words(s)).collect();
    let mut seen = std::collections::HashSet::new();
    spellings
        .into_iter()
        .filter(|s| {
            let own = words(s);
            let bare = words(without_particle(s));
            (bare == own || !plain.contains(&bare)) && seen.insert(own)
        })
        .collect()
}

/// How many full names ending in a searched surname are looked at to name the person (the
/// longest is taken): a common surname ends hundreds of names, and reading them all cost more
/// than the search itself.
const FULL_NAMES_LOOKED_AT: usize = 32;

/// Files grouped by folder, for front ends that list "one group per folder" until stories exist.
pub fn group_by_folder(articles: &[ArticleSummary]) -> BTreeMap<String, Vec<&ArticleSummary>> {
    let mut groups: BTreeMap<String, Vec<&ArticleSummary>> = BTreeMap::new();
    for a in articles {
        let folder = Path::new(&a.file)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        groups.entry(folder).or_default().push(a);
    }
    groups
}

/// How many stories' facts each thread may work out ahead of the one being written: enough to
/// keep every core busy while a large story is written, few enough that memory stays small.
const FACTS_AHEAD_PER_THREAD: usize = 2;

/// How many bytes of facts' JSON `briefing index` holds before it saves them.
const FACTS_BATCH_BYTES: usize = 32 << 20;

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `work` applied to every item on `threads` threads, the results handed to `emit` in item
/// order, each as soon as it and those before it are done. Items are taken at most `window`
/// ahead of the next to emit, so at most `window` results wait in memory however many items
/// there are. Stops at `emit`'s first error; a panic in `work` is resumed on the caller's thread.
fn in_order_parallel<T: Sync, R: Send, E>(
    items: &[T],
    threads: usize,
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    use std::sync::{Condvar, Mutex};

    struct State<R> {
        /// Items taken by a worker: `0..taken`.
        taken: usize,
        /// Items emitted: `0..emitted`.
        emitted: usize,
        ready: BTreeMap<usize, R>,
        stop: bool,
        panicked: bool,
    }
    /// Raised by a worker that unwinds, so the caller never waits for a result that won't come.
    struct Alarm<'a, R> {
        state: &'a Mutex<State<R>>,
        cv: &'a Condvar,
    }
    impl<R> Drop for Alarm<'_, R> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                lock(self.state).panicked = true;
                self.cv.notify_all();
            }
        }
    }

    let window = window.max(1);
    let state = Mutex::new(State {
        taken: 0,
        emitted: 0,
        ready: BTreeMap::new(),
        stop: false,
        panicked: false,
    });
    let cv = Condvar::new();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let _alarm = Alarm {
                        state: &state,
                        cv: &cv,
                    };
                    loop {
                        let i = {
                            let mut s = lock(&state);
                            loop {
                                if s.stop || s.taken >= items.len() {
                                    return;
                                }
                                if s.taken < s.emitted + window {
                                    break;
                                }
                                s = cv
                                    .wait(s)
                                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                            }
                            s.taken += 1;
                            s.taken - 1
                        };
                        let r = work(&items[i]);
                        lock(&state).ready.insert(i, r);
                        cv.notify_all();
                    }
                })
            })
            .collect();
        let mut result = Ok(());
        for next in 0..items.len() {
            let r = {
                let mut s = lock(&state);
                loop {
                    if let Some(r) = s.ready.remove(&next) {
                        s.emitted = next + 1;
                        break Some(r);
                    }
                    if s.panicked {
                        break None;
                    }
                    s = cv
                        .wait(s)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
            };
            // The window moved: a waiting worker may take the next item while this one is
            // emitted.
            cv.notify_all();
            let Some(r) = r else { break };
            if let Err(e) = emit(r) {
                result = Err(e);
                break;
            }
        }
        lock(&state).stop = true;
        cv.notify_all();
        for w in workers {
            if let Err(p) = w.join() {
                std::panic::resume_unwind(p);
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn in_order_parallel_emits_in_order_and_holds_at_most_the_window() {
        let items: Vec<u64> = (0..200).collect();
        // Results worked out but not yet emitted, and the most there ever were.
        let waiting = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let r: Result<(), ()> = in_order_parallel(
            &items,
            3,
            4,
            |&i| {
                // Uneven work, so items finish out of order and must wait their turn.
                std::thread::sleep(std::time::Duration::from_micros((i % 7) * 40));
                let now = waiting.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                i * 10
            },
            |v| {
                // A slow writer: without the window, the workers would run far ahead.
                std::thread::sleep(std::time::Duration::from_micros(200));
                waiting.fetch_sub(1, Ordering::SeqCst);
                seen.push(v);
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(seen, items.iter().map(|i| i * 10).collect::<Vec<_>>());
        let most = most.load(Ordering::SeqCst);
        assert!(
            most <= 4 + 1,
            "{most} results waited at once; the window is 4, plus the one being emitted"
        );
    }

    #[test]
    fn in_order_parallel_stops_at_the_first_emit_error() {
        let items: Vec<usize> = (0..1000).collect();
        let worked = AtomicUsize::new(0);
        let mut emitted = Vec::new();
        let r = in_order_parallel(
            &items,
            2,
            4,
            |&i| {
                worked.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| {
                if i == 3 {
                    return Err(format!("broken pipe at {i}"));
                }
                emitted.push(i);
                Ok(())
            },
        );
        assert_eq!(r, Err("broken pipe at 3".to_string()));
        assert_eq!(emitted, [0, 1, 2]);
        // Nothing is worked out far past the failure.
        let worked = worked.load(Ordering::SeqCst);
        assert!(worked <= 3 + 1 + 4, "{worked} items worked out");
    }

    #[test]
    fn in_order_parallel_resumes_a_worker_panic_instead_of_waiting_forever() {
        let items: Vec<usize> = (0..50).collect();
        let caught = std::panic::catch_unwind(|| {
            let _ = in_order_parallel(
                &items,
                2,
                4,
                |&i| {
                    if i == 7 {
                        panic!("bad story {i}");
                    }
                    i
                },
                |_| Ok::<(), ()>(()),
            );
        });
        let payload = caught.expect_err("the panic reaches the caller");
        assert_eq!(
            payload.downcast_ref::<String>().map(String::as_str),
            Some("bad story 7")
        );
    }
}
