//! The index: a persisted tantivy library of articles and passages, and the manifest that
//! says which file versions it holds. Owns tantivy completely (schema, tokenizer, writer,
//! reader, snippets); nothing above this module sees a tantivy type. Never reads source files.

mod manifest;
mod related;
mod schema;
mod search;

use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

pub use manifest::{Manifest, ManifestEntry};
pub(crate) use schema::Fields;
pub use search::{QueryError, check_query};

use crate::model::{Article, ArticleSummary};

/// The library format: schema, tokenizer and stored layout, plus the version of what ingest
/// and analysis produce. Bump the numbers when either changes; a library stamped with another
/// format (or built by another release) is rebuilt on open.
pub const FORMAT: &str = concat!("schema 3; analysis 5; briefing ", env!("CARGO_PKG_VERSION"));

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
}

fn tantivy_err(dir: &Option<PathBuf>, source: tantivy::TantivyError) -> IndexError {
    IndexError::Tantivy {
        dir: dir_label(dir),
        source,
    }
}

fn dir_label(dir: &Option<PathBuf>) -> String {
    dir.as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "(memory)".to_string())
}

impl LibraryIndex {
    /// Open the index in `dir`, or create it. A missing, stale-schema, corrupt or half-written
    /// index is wiped and created anew (the reason is returned); it never fails for that.
    pub fn open_or_create(dir: &Path) -> Result<(LibraryIndex, Reopen), IndexError> {
        let io = |source| IndexError::Io {
            dir: dir.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let reopen = match Self::try_open(dir) {
            Ok(Some(ix)) => return Ok((ix, Reopen::Ok)),
            Ok(None) => Reopen::New,
            Err(why) => Reopen::Rebuilt(why),
        };
        // Held while the directory is wiped and created anew, so that a library another
        // process is still building (no manifest yet) is never wiped from under it.
        let _guard = if let Reopen::Rebuilt(why) = &reopen {
            use tantivy::directory::{Directory, INDEX_WRITER_LOCK, MmapDirectory};
            let d = MmapDirectory::open(dir).map_err(|e| IndexError::Io {
                dir: dir.display().to_string(),
                source: std::io::Error::other(e.to_string()),
            })?;
            let guard = d
                .acquire_lock(&INDEX_WRITER_LOCK)
                .map_err(|_| IndexError::Locked {
                    dir: dir.display().to_string(),
                })?;
            tracing::warn!("rebuilding index at {}: {why}", dir.display());
            wipe_except_locks(dir).map_err(io)?;
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

    /// A throwaway index in memory, for when the index directory can't be used.
    pub fn in_memory() -> Result<LibraryIndex, IndexError> {
        let fields = Fields::new();
        let index = Index::create_in_ram(fields.schema.clone());
        Self::finish_open(index, fields, None, Manifest::new())
    }

    /// `Ok(None)` when there is no index yet; `Err(reason)` when there is one we can't trust.
    fn try_open(dir: &Path) -> Result<Option<LibraryIndex>, String> {
        let manifest = match Manifest::load(dir) {
            Ok(Some(m)) => m,
            Ok(None) => {
                let has_files = std::fs::read_dir(dir)
                    .map(|mut d| d.next().is_some())
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
        let index =
            Index::open_in_dir(dir).map_err(|e| format!("tantivy could not open it ({e})"))?;
        let metas = index
            .load_metas()
            .map_err(|e| format!("its metadata is unreadable ({e})"))?;
        let payload = metas.payload.unwrap_or_default();
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
        Self::finish_open(index, fields, Some(dir.to_path_buf()), manifest)
            .map(Some)
            .map_err(|e| e.to_string())
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
            manifest,
        })
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Start a batch of changes, indexed by `threads` threads (two at least). Fails with
    /// [`IndexError::Locked`] when another process holds the writer lock.
    ///
    /// One indexing thread is the longest thread of a build from scratch (it analyses and
    /// inverts every passage) and leaves the second core idle for much of it; with two, a
    /// 100k-article build on two cores went from ~24 s to ~19 s, with two segments instead of
    /// one and no slower queries.
    pub fn writer(&self, threads: usize) -> Result<Writer<'_>, IndexError> {
        let threads = threads.clamp(2, 8);
        let budget = WRITER_BUDGET.max(threads * 20 * 1024 * 1024);
        let writer: IndexWriter = match self.index.writer_with_num_threads(threads, budget) {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(..)) => {
                return Err(IndexError::Locked {
                    dir: dir_label(&self.dir),
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
            let store = seg.get_store_reader(64).map_err(|source| IndexError::Io {
                dir: dir_label(&self.dir),
                source,
            })?;
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

/// Remove everything in `dir` (an index directory we own) but the lock files we hold.
fn wipe_except_locks(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let p = entry?.path();
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with(".lock"))
        {
            continue;
        }
        if p.is_dir() {
            std::fs::remove_dir_all(&p)?;
        } else {
            std::fs::remove_file(&p)?;
        }
    }
    Ok(())
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
            self.writer
                .add_document(doc)
                .map_err(|e| tantivy_err(&self.ix.dir, e))?;
        }
        self.added += 1;
        Ok(())
    }

    /// Add an article and its passages.
    pub fn add(&mut self, article: &Article) -> Result<(), IndexError> {
        for doc in self.ix.fields.documents(article) {
            self.writer
                .add_document(doc)
                .map_err(|e| tantivy_err(&self.ix.dir, e))?;
        }
        self.added += 1;
        Ok(())
    }

    /// Commit the batch with `manifest` and write the manifest beside it; the commit payload
    /// ties the two so a crash between them is detected on the next open.
    pub fn commit(mut self, manifest: &mut Manifest) -> Result<(), IndexError> {
        manifest.generation += 1;
        let dir = self.ix.dir.clone();
        let mut prepared = self
            .writer
            .prepare_commit()
            .map_err(|e| tantivy_err(&dir, e))?;
        prepared.set_payload(&manifest.generation.to_string());
        prepared.commit().map_err(|e| tantivy_err(&dir, e))?;
        if let Some(d) = &dir {
            manifest.save(d).map_err(|source| IndexError::Io {
                dir: d.display().to_string(),
                source,
            })?;
        }
        self.writer
            .wait_merging_threads()
            .map_err(|e| tantivy_err(&dir, e))?;
        self.ix.reload()
    }

    /// Drop the batch: nothing of it reaches the index.
    pub fn rollback(mut self) {
        if let Err(e) = self.writer.rollback() {
            tracing::warn!("rollback failed: {e}");
        }
    }
}
