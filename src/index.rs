//! The index: a persisted tantivy library of articles and passages, and the manifest that
//! says which file versions it holds. Owns tantivy completely (schema, tokenizer, writer,
//! reader, snippets); nothing above this module sees a tantivy type. Never reads source files.

mod directory;
mod manifest;
mod related;
mod schema;
mod search;

use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

pub use directory::Built;
pub(crate) use directory::{
    ARTICLES as ARTICLES_FILE, ENTITIES as ENTITIES_FILE, FACTS as FACTS_FILE,
    STORIES as STORIES_FILE, STORY_INPUTS as STORY_INPUTS_FILE, atomic_write, recorded_build,
};
pub use manifest::{Manifest, ManifestEntry};
pub(crate) use schema::Fields;
pub use search::{QueryError, check_query};

use crate::model::{Article, ArticleSummary};

/// The library format: schema, tokenizer and stored layout, plus the version of what ingest
/// and analysis produce. Bump the numbers when either changes; a library stamped with another
/// format (or built by another release) is rebuilt on open.
pub const FORMAT: &str = concat!(
    "schema 3; analysis 44; briefing ",
    env!("CARGO_PKG_VERSION")
);

/// Memory the writer may use for its in-flight segments, shared by its threads.
const WRITER_BUDGET: usize = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("index at {dir}: {source}")]
    Tantivy {
        dir: String,
        source: tantivy::TantivyError,
    },
    #[error("index at {dir}: {source}")]
    Io { dir: String, source: std::io::Error },
    #[error("index at {dir} is locked by another briefing process")]
    Locked { dir: String },
    #[error("{dir} is not a briefing library{why}; choose an empty or new directory")]
    NotALibrary { dir: String, why: String },
    #[error(
        "{dir} holds a library made by a newer briefing (library format {version}); it is left as it is: use that briefing, or choose an empty or new directory"
    )]
    Newer { dir: String, version: u32 },
    #[error("cannot write {dir}: {reason}")]
    CannotWrite { dir: String, reason: String },
    #[error("stored article data is damaged: {0}")]
    Stored(String),
}

/// An open library index: tantivy plus the manifest of what it holds.
pub struct LibraryIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Where it lives; `None` for an in-memory index.
    dir: Option<PathBuf>,
    /// Why its directory can't be written, for a library opened read-only.
    read_only: Option<String>,
    pub manifest: Manifest,
}

/// Why an existing index could not be used as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reopen {
    /// It opened and matches its manifest.
    Ok,
    /// There was none.
    New,
    /// It was unusable and was rebuilt; the reason.
    Rebuilt(String),
    /// It opened, but its directory can't be written; the reason ("permission denied").
    ReadOnly(String),
    /// A library from before the marker, now marked as ours.
    Adopted,
}

fn tantivy_err(dir: &Option<PathBuf>, source: tantivy::TantivyError) -> IndexError {
    let label = dir_label(dir);
    let reason = match io_error_of(&source) {
        Some(io) => write_failure(io),
        // Tantivy's threads hand some I/O errors over as text.
        None => {
            let text = source.to_string();
            if text.contains("(os error 28)") || text.contains("(os error 122)") {
                Some("no space left on device".to_string())
            } else {
                None
            }
        }
    };
    if let Some(reason) = reason {
        return IndexError::CannotWrite { dir: label, reason };
    }
    if let (Some(d), tantivy::TantivyError::DataCorruption(_)) = (dir, &source) {
        directory::distrust(d);
    }
    IndexError::Tantivy { dir: label, source }
}

/// The I/O error under a tantivy error, where it kept one.
fn io_error_of(e: &tantivy::TantivyError) -> Option<&std::io::Error> {
    use tantivy::TantivyError as T;
    use tantivy::directory::error::{OpenReadError, OpenWriteError};
    match e {
        T::IoError(io) => Some(io),
        T::OpenWriteError(OpenWriteError::IoError { io_error, .. })
        | T::OpenReadError(OpenReadError::IoError { io_error, .. }) => Some(io_error),
        _ => None,
    }
}

/// "no space left on device" or "permission denied" for an error that says the library's
/// directory can't be written; `None` for other errors.
fn write_failure(e: &std::io::Error) -> Option<String> {
    use std::io::ErrorKind as K;
    if directory::is_full(e) {
        Some("no space left on device".into())
    } else if matches!(e.kind(), K::PermissionDenied) {
        Some("permission denied".into())
    } else if matches!(e.kind(), K::ReadOnlyFilesystem) {
        Some("read-only file system".into())
    } else {
        None
    }
}

/// The files of `segments` (their names in the library directory).
fn segment_files(segments: &[tantivy::SegmentMeta]) -> Vec<String> {
    use tantivy::index::SegmentComponent as C;
    let mut names: Vec<String> = segments
        .iter()
        .flat_map(|m| {
            let deletes = m.has_deletes().then_some(C::Delete);
            [
                C::Postings,
                C::Positions,
                C::FastFields,
                C::FieldNorms,
                C::Terms,
                C::Store,
            ]
            .into_iter()
            .chain(deletes)
            .map(|c| m.relative_path(c).to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

fn io_err(dir: &Path, source: std::io::Error) -> IndexError {
    match write_failure(&source) {
        Some(reason) => IndexError::CannotWrite {
            dir: dir.display().to_string(),
            reason,
        },
        None => IndexError::Io {
            dir: dir.display().to_string(),
            source,
        },
    }
}

/// The error for a directory that is not ours to use: another's, or a newer briefing's.
fn refusal(dir: &Path, kind: &directory::Kind) -> Option<IndexError> {
    let dir = dir.display().to_string();
    match kind {
        directory::Kind::Foreign(why) => Some(IndexError::NotALibrary {
            dir,
            why: why.clone(),
        }),
        directory::Kind::Newer(version) => Some(IndexError::Newer {
            dir,
            version: *version,
        }),
        _ => None,
    }
}

fn dir_label(dir: &Option<PathBuf>) -> String {
    dir.as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "(memory)".to_string())
}

/// Decoded blocks a whole-store scan keeps: it reads each block once, in order.
const SCAN_BLOCKS: usize = 2;

impl LibraryIndex {
    /// Open the library in `dir`, or create it there. Only a directory that is new, empty, or
    /// already a briefing library (it carries our marker, or is a library from before the
    /// marker, which is then adopted) is ever used; anything else is refused and left exactly
    /// as it was. In a library of ours, a stale-schema, damaged or half-written index is
    /// rebuilt (the reason is returned), and only the files the library owns are removed for
    /// that. A library whose directory can't be written is opened read-only.
    pub fn open_or_create(dir: &Path) -> Result<(LibraryIndex, Reopen), IndexError> {
        let label = || dir.display().to_string();
        let mut adopted = false;
        let kind = directory::kind(dir).map_err(|e| io_err(dir, e))?;
        if let Some(refused) = refusal(dir, &kind) {
            return Err(refused);
        }
        match kind {
            directory::Kind::Foreign(_) | directory::Kind::Newer(_) => {}
            directory::Kind::Missing => {
                std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
                directory::write_marker(dir).map_err(|e| io_err(dir, e))?;
            }
            directory::Kind::Empty => directory::write_marker(dir).map_err(|e| io_err(dir, e))?,
            directory::Kind::Legacy => adopted = true,
            directory::Kind::Marked => {}
        }
        if let Err(e) = directory::writable(dir) {
            let reason = write_failure(&e).unwrap_or_else(|| e.to_string());
            return match Self::try_open(dir, false) {
                Ok(Some(mut ix)) => {
                    ix.read_only = Some(reason.clone());
                    Ok((ix, Reopen::ReadOnly(reason)))
                }
                Ok(None) => Err(IndexError::CannotWrite {
                    dir: label(),
                    reason,
                }),
                Err(why) => Err(IndexError::CannotWrite {
                    dir: label(),
                    reason: format!(
                        "{reason}, and the library there can't be used as it is: {why}"
                    ),
                }),
            };
        }
        if adopted {
            directory::write_marker(dir).map_err(|e| io_err(dir, e))?;
            tracing::info!(
                "adopted the library at {} (made before the marker)",
                label()
            );
        }
        let reopen = match Self::try_open(dir, true) {
            Ok(Some(ix)) if adopted => return Ok((ix, Reopen::Adopted)),
            Ok(Some(ix)) => return Ok((ix, Reopen::Ok)),
            Ok(None) => Reopen::New,
            Err(why) => Reopen::Rebuilt(why),
        };
        // Held while the library's files are cleared and created anew, so that a library
        // another process is still building (no manifest yet) is never cleared from under it.
        let _guard = if let Reopen::Rebuilt(why) = &reopen {
            use tantivy::directory::{Directory, INDEX_WRITER_LOCK, MmapDirectory};
            let d = MmapDirectory::open(dir).map_err(|e| IndexError::Io {
                dir: label(),
                source: std::io::Error::other(e.to_string()),
            })?;
            let guard = d
                .acquire_lock(&INDEX_WRITER_LOCK)
                .map_err(|_| IndexError::Locked { dir: label() })?;
            tracing::warn!("rebuilding index at {}: {why}", dir.display());
            directory::clear_owned(dir).map_err(|e| io_err(dir, e))?;
            Some(guard)
        } else {
            None
        };
        let fields = Fields::new();
        let index = Index::create_in_dir(dir, fields.schema.clone())
            .map_err(|e| tantivy_err(&Some(dir.to_path_buf()), e))?;
        let ix = Self::finish_open(index, fields, Some(dir.to_path_buf()), Manifest::new())?;
        Ok((ix, reopen))
    }

    /// Refuse a directory that is not ours to use (see [`Self::open_or_create`]) without
    /// writing anything: for a front end to ask before it starts.
    pub fn check_dir(dir: &Path) -> Result<(), IndexError> {
        match directory::kind(dir) {
            Ok(kind) => refusal(dir, &kind).map_or(Ok(()), Err),
            Err(_) => Ok(()),
        }
    }

    /// A throwaway index in memory, for when the index directory can't be used.
    pub fn in_memory() -> Result<LibraryIndex, IndexError> {
        let fields = Fields::new();
        let index = Index::create_in_ram(fields.schema.clone());
        Self::finish_open(index, fields, None, Manifest::new())
    }

    /// `Ok(None)` when there is no index yet; `Err(reason)` when there is one we can't trust.
    /// `writable`: false opens it through a directory that never writes.
    fn try_open(dir: &Path, writable: bool) -> Result<Option<LibraryIndex>, String> {
        let manifest = match Manifest::load(dir) {
            Ok(Some(m)) => m,
            Ok(None) => {
                let has_files = std::fs::read_dir(dir)
                    .map(|d| {
                        d.flatten()
                            .any(|e| e.file_name().to_str().is_some_and(directory::owned))
                    })
                    .unwrap_or(false);
                return if has_files {
                    Err("its manifest is missing".into())
                } else {
                    Ok(None)
                };
            }
            Err(e) => return Err(format!("its manifest is unreadable ({e})")),
        };
        if manifest.version != FORMAT {
            return Err(format!(
                "it was built as {:?} and this is {FORMAT:?}",
                manifest.version
            ));
        }
        let index = if writable {
            Index::open_in_dir(dir).map_err(|e| e.to_string())
        } else {
            directory::ReadOnly::open(dir).and_then(|d| Index::open(d).map_err(|e| e.to_string()))
        }
        .map_err(|e| format!("tantivy could not open it ({e})"))?;
        let metas = index
            .load_metas()
            .map_err(|e| format!("its metadata is unreadable ({e})"))?;
        let payload = metas.payload.as_deref().unwrap_or_default();
        if payload != manifest.generation.to_string() {
            return Err(format!(
                "it is half-written (index generation {payload:?}, manifest generation {})",
                manifest.generation
            ));
        }
        let fields = Fields::new();
        if index.schema() != fields.schema {
            return Err("its schema differs from this version's".into());
        }
        Self::check_files(dir, &index, &metas.segments, writable)?;
        Self::finish_open(index, fields, Some(dir.to_path_buf()), manifest)
            .map(Some)
            .map_err(|e| e.to_string())
    }

    /// Check the index files against the seal the last commit left: a file whose size or
    /// modification time changed since (every file, when there is no seal) must pass its
    /// checksum. Cheap on an untouched library: a stat per file.
    fn check_files(
        dir: &Path,
        index: &Index,
        segments: &[tantivy::SegmentMeta],
        writable: bool,
    ) -> Result<(), String> {
        let now = directory::stamps(dir, &segment_files(segments));
        let seal = directory::load_seal(dir);
        let sealed: rustc_hash::FxHashMap<&str, &directory::Sealed> = seal
            .iter()
            .flatten()
            .map(|s| (s.name.as_str(), s))
            .collect();
        if let Some(gone) = sealed.keys().find(|n| !now.iter().any(|f| f.name == **n)) {
            return Err(format!("its file {gone} is missing"));
        }
        let mut checked = false;
        for f in &now {
            if sealed.get(f.name.as_str()) == Some(&f) {
                continue;
            }
            checked = true;
            match index.directory().validate_checksum(Path::new(&f.name)) {
                Ok(true) => {}
                Ok(false) => {
                    return Err(format!(
                        "its file {} is damaged (checksum mismatch)",
                        f.name
                    ));
                }
                Err(e) => return Err(format!("its file {} is damaged ({e})", f.name)),
            }
        }
        if checked
            && writable
            && let Err(e) = directory::save_seal(dir, &now)
        {
            tracing::warn!("cannot seal the library at {}: {e}", dir.display());
        }
        Ok(())
    }

    /// Record each index file's size and modification time, for [`Self::check_files`].
    fn seal(&self) {
        let (Some(dir), None) = (&self.dir, &self.read_only) else {
            return;
        };
        let Ok(segments) = self.index.searchable_segment_metas() else {
            return;
        };
        let now = directory::stamps(dir, &segment_files(&segments));
        if let Err(e) = directory::save_seal(dir, &now) {
            tracing::warn!("cannot seal the library at {}: {e}", dir.display());
        }
    }

    fn finish_open(
        index: Index,
        fields: Fields,
        dir: Option<PathBuf>,
        manifest: Manifest,
    ) -> Result<Self, IndexError> {
        schema::register_tokenizer(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| tantivy_err(&dir, e))?;
        Ok(LibraryIndex {
            index,
            reader,
            fields,
            dir,
            read_only: None,
            manifest,
        })
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Record in the library's marker what it was built from, so that naming the library
    /// alone opens the same sources again. Nothing for a library in memory or read-only; a
    /// failure costs only that convenience.
    pub fn record_build(&self, built: &Built) {
        let (Some(dir), None) = (&self.dir, &self.read_only) else {
            return;
        };
        if let Err(e) = directory::record_build(dir, built) {
            tracing::debug!("could not record the sources in {}: {e}", dir.display());
        }
    }

    /// Why the library's directory can't be written, when it was opened read-only.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Start a batch of changes, indexed by `threads` threads (two at least). Fails with
    /// [`IndexError::Locked`] when another process holds the writer lock.
    ///
    /// One indexing thread is the longest thread of a build from scratch (it analyses and
    /// inverts every passage) and leaves the second core idle for much of it; with two, a
    /// 100k-article build on two cores went from ~24 s to ~19 s, with two segments instead of
    /// one and no slower queries.
    pub fn writer(&self, threads: usize) -> Result<Writer<'_>, IndexError> {
        if let Some(reason) = &self.read_only {
            return Err(IndexError::CannotWrite {
                dir: dir_label(&self.dir),
                reason: reason.clone(),
            });
        }
        let threads = threads.clamp(2, 8);
        let budget = WRITER_BUDGET.max(threads * 20 * 1024 * 1024);
        let writer: IndexWriter = match self.index.writer_with_num_threads(threads, budget) {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(lock, _)) => {
                use tantivy::directory::error::LockError;
                let dir = dir_label(&self.dir);
                return Err(match &lock {
                    LockError::IoError(io) => match write_failure(io) {
                        Some(reason) => IndexError::CannotWrite { dir, reason },
                        None => IndexError::Locked { dir },
                    },
                    LockError::LockBusy => IndexError::Locked { dir },
                });
            }
            Err(e) => return Err(tantivy_err(&self.dir, e)),
        };
        Ok(Writer {
            ix: self,
            writer,
            added: 0,
        })
    }

    /// Every article's summary, in file order.
    pub fn summaries(&self) -> Result<Vec<ArticleSummary>, IndexError> {
        let mut out: Vec<ArticleSummary> = self.article_docs(|doc| {
            let json = doc
                .get_first(self.fields.summary)
                .and_then(|v| v.as_str())?;
            Some(serde_json::from_str(json).map_err(|e| IndexError::Stored(e.to_string())))
        })?;
        out.sort_by(|a, b| a.file.cmp(&b.file));
        Ok(out)
    }

    /// `read` applied to every stored document it answers for (the article documents), live
    /// documents only, across segments.
    fn article_docs<T>(
        &self,
        read: impl Fn(&TantivyDocument) -> Option<Result<T, IndexError>>,
    ) -> Result<Vec<T>, IndexError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for seg in searcher.segment_readers() {
            let io = |source| IndexError::Io {
                dir: dir_label(&self.dir),
                source,
            };
            // Read from the file rather than through the searcher's map, so that a scan of the
            // whole store does not leave it all in the process's memory (see `Streamed`).
            let store = match &self.dir {
                Some(dir) => {
                    let path = dir.join(format!("{}.store", seg.segment_id().uuid_string()));
                    let file = directory::Streamed::open(&path).map_err(io)?;
                    let whole = tantivy::directory::FileSlice::new(std::sync::Arc::new(file));
                    // Without the footer every index file ends with (the directory strips it).
                    let (_, store) =
                        tantivy::directory::footer::Footer::extract_footer(whole).map_err(io)?;
                    tantivy::store::StoreReader::open(store, SCAN_BLOCKS).map_err(io)?
                }
                None => seg.get_store_reader(SCAN_BLOCKS).map_err(io)?,
            };
            for doc in store.iter::<TantivyDocument>(seg.alive_bitset()) {
                let doc = doc.map_err(|e| tantivy_err(&self.dir, e))?;
                if let Some(item) = read(&doc) {
                    out.push(item?);
                }
            }
        }
        Ok(out)
    }

    /// The spellings of a person's name seen in the library under `key` (see
    /// `analysis::aliases::name_key`), in order, at most `limit` of each segment's.
    pub fn name_spellings(&self, key: &str, limit: usize) -> Result<Vec<String>, IndexError> {
        let prefix = format!("{key}{}", schema::NAME_SEP);
        let searcher = self.reader.searcher();
        let mut out = std::collections::BTreeSet::new();
        for seg in searcher.segment_readers() {
            let inverted = seg
                .inverted_index(self.fields.names)
                .map_err(|e| tantivy_err(&self.dir, e))?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(|source| IndexError::Io {
                    dir: dir_label(&self.dir),
                    source,
                })?;
            let mut n = 0;
            while n < limit && stream.advance() {
                let Some(spelling) = stream.key().strip_prefix(prefix.as_bytes()) else {
                    break;
                };
                out.insert(String::from_utf8_lossy(spelling).into_owned());
                n += 1;
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Whether `word` names a person in most of the passages that have it: passages
    /// with `spellings` (the library's spellings of `word` under name key `key`) among their
    /// names, against passages with the word (its rarest term, for a word of several).
    pub fn mostly_a_name(&self, key: &str, spellings: &[&str], word: &str) -> bool {
        let searcher = self.reader.searcher();
        let df = |t: Term| searcher.doc_freq(&t).unwrap_or(0);
        let named: u64 = spellings
            .iter()
            .map(|s| {
                df(Term::from_field_text(
                    self.fields.names,
                    &format!("{key}{}{s}", schema::NAME_SEP),
                ))
            })
            .sum();
        let mut analyzer = schema::analyzer();
        let mut stream = analyzer.token_stream(word);
        let mut used = u64::MAX;
        while tantivy::tokenizer::TokenStream::advance(&mut stream) {
            let t = tantivy::tokenizer::TokenStream::token(&stream);
            used = used.min(df(Term::from_field_text(self.fields.body, &t.text)));
        }
        used != u64::MAX && named * 2 > used
    }

    /// Every article without its passage texts (metadata, structure, mentions), in file order.
    pub fn structures(&self) -> Result<Vec<Article>, IndexError> {
        let mut out = self.map_structures(|a| a)?;
        out.sort_by(|a, b| a.file.cmp(&b.file));
        Ok(out)
    }

    /// `f` applied to every article without its passage texts as it is read, in index order:
    /// a caller that keeps a little of each article never holds them all.
    pub fn map_structures<T>(&self, f: impl Fn(Article) -> T) -> Result<Vec<T>, IndexError> {
        self.article_docs(|doc| {
            let bytes = doc
                .get_first(self.fields.structure)
                .and_then(|v| v.as_bytes())?;
            Some(schema::decode(bytes).map_err(IndexError::Stored).map(&f))
        })
    }

    /// The whole article with id `id`, passages included.
    pub fn article(&self, id: &str) -> Result<Option<Article>, IndexError> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.article_id, id),
            IndexRecordOption::Basic,
        );
        let hits = searcher
            .search(&q, &TopDocs::with_limit(100_000).order_by_score())
            .map_err(|e| tantivy_err(&self.dir, e))?;
        let mut article: Option<Article> = None;
        let mut texts: Vec<(u32, String)> = Vec::new();
        for (_, addr) in hits {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| tantivy_err(&self.dir, e))?;
            if let Some(bytes) = doc
                .get_first(self.fields.structure)
                .and_then(|v| v.as_bytes())
            {
                article = Some(schema::decode(bytes).map_err(IndexError::Stored)?);
            } else if let (Some(i), Some(t)) = (
                doc.get_first(self.fields.passage).and_then(|v| v.as_u64()),
                doc.get_first(self.fields.body).and_then(|v| v.as_str()),
            ) {
                texts.push((i as u32, t.to_string()));
            }
        }
        let Some(mut a) = article else {
            return Ok(None);
        };
        for (i, t) in texts {
            if let Some(p) = a.passages.get_mut(i as usize) {
                p.text = t;
            }
        }
        Ok(Some(a))
    }

    /// Number of articles the index holds.
    pub fn article_count(&self) -> usize {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind, schema::KIND_ARTICLE),
            IndexRecordOption::Basic,
        );
        searcher.search(&q, &tantivy::collector::Count).unwrap_or(0)
    }

    fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload().map_err(|e| tantivy_err(&self.dir, e))
    }
}

/// An article's documents, built off the writer's thread.
pub struct Prepared(Vec<TantivyDocument>);

impl LibraryIndex {
    /// Build the documents for `article` (any thread).
    pub fn prepare(&self, article: &Article) -> Prepared {
        Prepared(self.fields.documents(article))
    }
}

/// One batch of changes to the index, committed once.
pub struct Writer<'a> {
    ix: &'a LibraryIndex,
    writer: IndexWriter,
    added: usize,
}

impl Writer<'_> {
    /// Remove an article (both its article doc and its passages).
    pub fn delete(&mut self, article_id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.ix.fields.article_id, article_id));
    }

    /// Add documents built by [`LibraryIndex::prepare`].
    pub fn add_prepared(&mut self, docs: Prepared) -> Result<(), IndexError> {
        for doc in docs.0 {
            if let Err(e) = self.writer.add_document(doc) {
                return Err(self.why_killed(e));
            }
        }
        self.added += 1;
        Ok(())
    }

    /// Add an article and its passages.
    pub fn add(&mut self, article: &Article) -> Result<(), IndexError> {
        self.add_prepared(self.ix.prepare(article))
    }

    /// A document was refused because an indexing thread failed: the thread's own error
    /// (a full disk, say), which tantivy hands over when the threads are joined.
    fn why_killed(&mut self, refused: tantivy::TantivyError) -> IndexError {
        match self.writer.prepare_commit() {
            Err(e) => tantivy_err(&self.ix.dir, e),
            Ok(_) => tantivy_err(&self.ix.dir, refused),
        }
    }

    /// Commit the batch with `manifest` and write the manifest beside it; the commit payload
    /// ties the two so a crash between them is detected on the next open. The manifest is
    /// written in full before the commit and put in place after it, so a disk that fills up
    /// fails the batch while the library is still the one it was.
    pub fn commit(mut self, manifest: &mut Manifest) -> Result<(), IndexError> {
        manifest.generation += 1;
        let dir = self.ix.dir.clone();
        if let Some(d) = &dir
            && let Err(e) = manifest.save_pending(d)
        {
            manifest.generation -= 1;
            let err = io_err(d, e);
            self.rollback();
            return Err(err);
        }
        let committed = (|| {
            let mut prepared = self.writer.prepare_commit()?;
            prepared.set_payload(&manifest.generation.to_string());
            prepared.commit()
        })();
        if let Err(e) = committed {
            if let Some(d) = &dir {
                Manifest::drop_pending(d);
            }
            manifest.generation -= 1;
            let err = tantivy_err(&dir, e);
            self.rollback();
            return Err(err);
        }
        if let Some(d) = &dir {
            Manifest::publish_pending(d).map_err(|e| io_err(d, e))?;
        }
        self.writer
            .wait_merging_threads()
            .map_err(|e| tantivy_err(&dir, e))?;
        self.ix.reload()?;
        self.ix.seal();
        Ok(())
    }

    /// Drop the batch: nothing of it reaches the index, and the files it had begun to write
    /// are removed (a library never committed loses all its index files, the marker stays).
    /// A commit that fails does the same.
    pub fn rollback(mut self) {
        if let Err(e) = self.writer.rollback() {
            tracing::warn!("rollback failed: {e}");
        }
        let never_committed = self.ix.manifest.generation == 0;
        drop(self.writer);
        let Some(dir) = &self.ix.dir else { return };
        if never_committed {
            if let Err(e) = directory::clear_owned(dir) {
                tracing::warn!(
                    "cannot clear the unfinished library at {}: {e}",
                    dir.display()
                );
            }
        } else if let Ok(w) = self
            .ix
            .index
            .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
            && let Err(e) = w.garbage_collect_files().wait()
        {
            tracing::warn!(
                "cannot remove the unfinished files in {}: {e}",
                dir.display()
            );
        }
    }
}
