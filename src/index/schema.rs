//! The tantivy schema, its field handles, the text analyzer (English stemming plus ASCII
//! folding, so "Shaibāni" matches "Shaibani"), and turning an [`Article`] into documents:
//! one article document (headline, metadata, structure) and one document per passage.

use rustc_hash::FxHashMap;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{Index, TantivyDocument};

use serde::Serialize;

use crate::model::{
    Article, ArticleSummary, Dropped, Format, Mention, OutletEvidence, Passage, PassageKind, Span,
};

pub(crate) const TOKENIZER: &str = "briefing";
pub(crate) const KIND_ARTICLE: &str = "article";
pub(crate) const KIND_PASSAGE: &str = "passage";

/// Handles to every field, built once with the schema.
#[derive(Clone)]
pub(crate) struct Fields {
    pub schema: Schema,
    /// "article" or "passage".
    pub kind: Field,
    pub article_id: Field,
    pub file: Field,
    pub outlet: Field,
    /// Headline; on article documents only.
    pub title: Field,
    /// Passage text; on passage documents only.
    pub body: Field,
    /// Headline copy on passage documents, stored only, so hits need no second lookup.
    pub headline: Field,
    pub passage: Field,
    pub start: Field,
    pub end: Field,
    /// Spellings of people's names in the passage, as "key\u{1f}spelling" terms (key: the
    /// transliteration key of the name, or of its last word). Indexed, not stored: the term
    /// dictionary answers "how else is this name spelled here?".
    pub names: Field,
    /// JSON [`ArticleSummary`] on article documents.
    pub summary: Field,
    /// [`Article`] without passage texts (postcard), on article documents.
    pub structure: Field,
}

impl Fields {
    pub fn new() -> Self {
        let mut b = Schema::builder();
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(TOKENIZER)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let kind = b.add_text_field("kind", STRING);
        let article_id = b.add_text_field("article_id", STRING | STORED);
        let file = b.add_text_field("file", STRING | STORED);
        let outlet = b.add_text_field("outlet", text.clone());
        let title = b.add_text_field("title", text.clone());
        let body = b.add_text_field("body", text);
        let headline = b.add_text_field("headline", STORED);
        let passage = b.add_u64_field("passage", STORED | INDEXED | FAST);
        let start = b.add_u64_field("start", STORED);
        let end = b.add_u64_field("end", STORED);
        let names = b.add_text_field("names", STRING);
        let summary = b.add_text_field("summary", STORED);
        let structure = b.add_bytes_field("structure", STORED);
        Fields {
            schema: b.build(),
            kind,
            article_id,
            file,
            outlet,
            title,
            body,
            headline,
            passage,
            start,
            end,
            names,
            summary,
            structure,
        }
    }

    /// The documents for one article: its article document, then one per passage.
    pub fn documents(&self, a: &Article) -> Vec<TantivyDocument> {
        let mut docs = Vec::with_capacity(a.passages.len() + 1);
        let mut head = TantivyDocument::new();
        head.add_text(self.kind, KIND_ARTICLE);
        head.add_text(self.article_id, &a.id);
        head.add_text(self.file, &a.file);
        if let Some(o) = &a.outlet {
            head.add_text(self.outlet, o);
        }
        if let Some(t) = &a.title {
            head.add_text(self.title, t);
        }
        let summary = ArticleSummary::from(a);
        head.add_text(
            self.summary,
            serde_json::to_string(&summary).unwrap_or_default(),
        );
        head.add_bytes(self.structure, &encode_structure(a));
        docs.push(head);
        let mut names = NameTerms::new(a);
        for p in &a.passages {
            let mut d = TantivyDocument::new();
            d.add_text(self.kind, KIND_PASSAGE);
            d.add_text(self.article_id, &a.id);
            d.add_text(self.file, &a.file);
            if let Some(o) = &a.outlet {
                d.add_text(self.outlet, o);
            }
            d.add_text(self.body, &p.text);
            if let Some(t) = &a.title {
                d.add_text(self.headline, t);
            }
            d.add_u64(self.passage, p.index.into());
            for term in names.of_passage(p.index) {
                d.add_text(self.names, term);
            }
            d.add_u64(self.start, p.span.start as u64);
            d.add_u64(self.end, p.span.end as u64);
            docs.push(d);
        }
        docs
    }
}

/// Separates a name key from a spelling in a `names` term.
pub(crate) const NAME_SEP: char = '\u{1f}';

/// The `names` terms of an article's passages: each person's full name under its key, its
/// last word under that word's key ("slm3\u{1f}Salameh"), so a surname finds every spelling,
/// and the full name under "~" and that key, so a surname can be put to a name. Worked out once
/// per spelling, however often the article repeats it.
struct NameTerms<'a> {
    /// Person mentions by passage.
    by_passage: Vec<Vec<&'a str>>,
    terms: FxHashMap<&'a str, Vec<String>>,
}

impl<'a> NameTerms<'a> {
    fn new(a: &'a Article) -> Self {
        let mut by_passage: Vec<Vec<&str>> = vec![Vec::new(); a.passages.len()];
        for m in a
            .mentions
            .iter()
            .filter(|m| m.kind == crate::model::EntityKind::Person)
        {
            if let Some(v) = m
                .passage
                .and_then(|p| by_passage.get_mut(usize::try_from(p).ok()?))
            {
                v.push(&m.text);
            }
        }
        NameTerms {
            by_passage,
            terms: FxHashMap::default(),
        }
    }

    /// The terms of passage `passage`, sorted, each once.
    fn of_passage(&mut self, passage: u32) -> std::collections::BTreeSet<&str> {
        let texts: &[&'a str] = usize::try_from(passage)
            .ok()
            .and_then(|p| self.by_passage.get(p))
            .map_or(&[], |v| v.as_slice());
        for &text in texts {
            self.terms
                .entry(text)
                .or_insert_with(|| spelling_terms(text));
        }
        texts
            .iter()
            .filter_map(|t| self.terms.get(t))
            .flatten()
            .map(String::as_str)
            .collect()
    }
}

/// The `names` terms of one spelling of a person's name (see [`NameTerms`]).
fn spelling_terms(text: &str) -> Vec<String> {
    use crate::analysis::aliases::{name_key, name_tokens, tidy};
    let surface = tidy(text);
    let key = name_key(&surface);
    if key.is_empty() {
        return Vec::new();
    }
    let mut out = vec![format!("{key}{NAME_SEP}{surface}")];
    let words = name_tokens(&surface);
    if let (true, Some(last)) = (words.len() > 1, words.last()) {
        let last_key = name_key(last);
        out.push(format!("{last_key}{NAME_SEP}{last}"));
        // "~slm3": full names by the key of their last word, to name the person.
        out.push(format!("~{last_key}{NAME_SEP}{surface}"));
    }
    out
}

/// The stored form of an article's structure: compact and quick to write and read.
#[cfg(test)]
pub(crate) fn encode(a: &Article) -> Vec<u8> {
    postcard::to_stdvec(a).unwrap_or_default()
}

/// [`encode`] of `a` with its passage texts left empty, written straight from `a` (no copy).
fn encode_structure(a: &Article) -> Vec<u8> {
    postcard::to_stdvec(&Structure::of(a)).unwrap_or_default()
}

/// An [`Article`] as stored, borrowed: the same fields in the same order, so it serializes to
/// the bytes of an article whose passages have empty texts.
#[derive(Serialize)]
struct Structure<'a> {
    id: &'a str,
    file: &'a str,
    format: Format,
    outlet: &'a Option<String>,
    outlet_evidence: Option<OutletEvidence>,
    title: &'a Option<String>,
    published: Option<chrono::NaiveDate>,
    byline: &'a Option<String>,
    dateline: &'a Option<String>,
    passages: Vec<PassageStructure<'a>>,
    dropped: &'a [Dropped],
    offsets_are_file_bytes: bool,
    warnings: &'a [String],
    mentions: &'a [Mention],
    fingerprint: &'a crate::model::Fingerprint,
}

/// A [`Passage`] without its text.
#[derive(Serialize)]
struct PassageStructure<'a> {
    index: u32,
    kind: PassageKind,
    span: Span,
    text: &'static str,
    sentences: &'a [Span],
}

impl<'a> Structure<'a> {
    fn of(a: &'a Article) -> Self {
        // Every field named: a field added to `Article` must be added here too.
        let Article {
            id,
            file,
            format,
            outlet,
            outlet_evidence,
            title,
            published,
            byline,
            dateline,
            passages,
            dropped,
            offsets_are_file_bytes,
            warnings,
            mentions,
            fingerprint,
        } = a;
        Structure {
            id,
            file,
            format: *format,
            outlet,
            outlet_evidence: *outlet_evidence,
            title,
            published: *published,
            byline,
            dateline,
            passages: passages
                .iter()
                .map(|p| {
                    let Passage {
                        index,
                        kind,
                        span,
                        text: _,
                        sentences,
                    } = p;
                    PassageStructure {
                        index: *index,
                        kind: *kind,
                        span: *span,
                        text: "",
                        sentences,
                    }
                })
                .collect(),
            dropped,
            offsets_are_file_bytes: *offsets_are_file_bytes,
            warnings,
            mentions,
            fingerprint,
        }
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Article, String> {
    postcard::from_bytes(bytes).map_err(|e| e.to_string())
}

/// The analyzer every text field uses.
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer {
            capacity: STEM_CACHE,
        })
        .build()
}

/// How many words a [`CachedStemmer`] remembers before it starts afresh.
const STEM_CACHE: usize = 50_000;

/// tantivy's English [`Stemmer`] with a memory: news repeats its words, and stemming a word
/// costs far more than looking it up. Each analyzer (one per field and indexing thread) keeps
/// its own bounded word → stem map; stems are exactly the stemmer's.
#[derive(Clone, Copy)]
pub(crate) struct CachedStemmer {
    /// Words remembered at most; the memory is emptied when full.
    capacity: usize,
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner,
            stems: FxHashMap::default(),
            stemmer: plain_stemmer(),
            capacity: self.capacity,
        }
    }
}

/// The stemmer alone, for one word at a time.
fn plain_stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::English))
        .build()
}

/// A word of at most 31 bytes kept inline, as four machine words (its length, then its
/// bytes, then zeros): comparing and hashing two follows no pointer and calls nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word([u64; 4]);

impl std::hash::Hash for Word {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for w in self.0 {
            state.write_u64(w);
        }
    }
}

impl Word {
    fn new(s: &str) -> Option<Word> {
        let mut bytes = [0u8; 32];
        bytes[0] = u8::try_from(s.len()).ok()?;
        bytes.get_mut(1..=s.len())?.copy_from_slice(s.as_bytes());
        let mut words = [0u64; 4];
        for (w, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            *w = u64::from_le_bytes(b);
        }
        Some(Word(words))
    }

    /// Appends the word to `out`.
    fn push_to(&self, out: &mut String) {
        let mut bytes = [0u8; 32];
        for (chunk, w) in bytes.chunks_exact_mut(8).zip(self.0) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        let len = usize::from(bytes[0]);
        // Made from a `str` and cut at its end: always valid.
        out.push_str(std::str::from_utf8(&bytes[1..=len]).unwrap_or_default());
    }
}

pub(crate) struct CachedStemmerFilter<T> {
    inner: T,
    stems: FxHashMap<Word, Word>,
    stemmer: TextAnalyzer,
    capacity: usize,
}

impl<T: Clone> Clone for CachedStemmerFilter<T> {
    /// A copy that starts with an empty memory.
    fn clone(&self) -> Self {
        CachedStemmerFilter {
            inner: self.inner.clone(),
            stems: FxHashMap::default(),
            stemmer: self.stemmer.clone(),
            capacity: self.capacity,
        }
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
            stemmer: &mut self.stemmer,
            capacity: self.capacity,
        }
    }
}

pub(crate) struct CachedStemmerStream<'a, S> {
    tail: S,
    stems: &'a mut FxHashMap<Word, Word>,
    stemmer: &'a mut TextAnalyzer,
    capacity: usize,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let Some(word) = Word::new(&token.text) else {
            // Too long to remember.
            let mut one = self.stemmer.token_stream(&token.text);
            if one.advance() {
                let stem = std::mem::take(&mut one.token_mut().text);
                drop(one);
                token.text = stem;
            }
            return true;
        };
        if let Some(stem) = self.stems.get(&word) {
            token.text.clear();
            stem.push_to(&mut token.text);
            return true;
        }
        let mut one = self.stemmer.token_stream(&token.text);
        let stem = if one.advance() {
            std::mem::take(&mut one.token_mut().text)
        } else {
            token.text.clone()
        };
        drop(one);
        if let Some(short) = Word::new(&stem) {
            if self.stems.len() >= self.capacity {
                self.stems.clear();
            }
            self.stems.insert(word, short);
        }
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

pub(crate) fn register_tokenizer(index: &Index) {
    index.tokenizers().register(TOKENIZER, analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    fn tokens(s: &str) -> Vec<String> {
        let mut a = analyzer();
        let mut ts = a.token_stream(s);
        let mut out = Vec::new();
        while ts.advance() {
            out.push(ts.token().text.clone());
        }
        out
    }

    /// The analyzer as it was before stems were remembered.
    fn plain_tokens(s: &str) -> Vec<String> {
        let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut ts = a.token_stream(s);
        let mut out = Vec::new();
        while ts.advance() {
            out.push(ts.token().text.clone());
        }
        out
    }

    #[test]
    fn remembered_stems_are_the_stemmers_stems() {
        let mut text = String::new();
        for f in ["BENCHMARKS.md", "README.md"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(f);
            text.push_str(&std::fs::read_to_string(path).unwrap_or_default());
        }
        for dir in ["seeds", "assets/gazetteer"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for e in std::fs::read_dir(path).unwrap().flatten() {
                text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
        text.push_str(
            " generously generous generation general Shaibāni Ελλάδα CAFÉ naïve zones zone \
             running runs ran agreed agreement agreements consolidated consolidation \
             internationalisationsprocessingsystems internationalisationsprocessingsystem ",
        );
        // Twice through one analyzer (the second time from memory), and through a fresh one.
        let mut a = analyzer();
        let run = |a: &mut TextAnalyzer| {
            let mut ts = a.token_stream(&text);
            let mut out = Vec::new();
            while ts.advance() {
                out.push((
                    ts.token().text.clone(),
                    ts.token().offset_from,
                    ts.token().position,
                ));
            }
            out
        };
        let first = run(&mut a);
        let again = run(&mut a);
        let plain = plain_tokens(&text);
        assert!(plain.len() > 5_000, "{}", plain.len());
        assert_eq!(first.iter().map(|t| t.0.clone()).collect::<Vec<_>>(), plain);
        assert_eq!(first, again);
        // A small memory, emptied again and again, changes nothing either.
        let mut small = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(CachedStemmer { capacity: 7 })
            .build();
        assert_eq!(run(&mut small), first);
    }

    /// Articles to check the stored forms on: the seeds, read and analysed.
    fn seed_articles() -> Vec<Article> {
        use crate::ingest::{Outlets, ReadContext, parse_bytes};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let bytes = std::fs::read(e.path()).unwrap();
            let ctx = ReadContext {
                outlets: Outlets::builtin(),
                overrides: None,
                modified: None,
            };
            let name = e.file_name().to_string_lossy().into_owned();
            let mut a = parse_bytes(&bytes, &name, crate::model::Format::Text, ctx).unwrap();
            crate::analysis::analyse(&mut a);
            out.push(a);
        }
        assert!(out.len() >= 5 && out.iter().all(|a| !a.mentions.is_empty()));
        out
    }

    #[test]
    fn the_structure_is_the_article_without_its_texts() {
        for a in seed_articles() {
            let mut skeleton = a.clone();
            for p in &mut skeleton.passages {
                p.text.clear();
            }
            let bytes = encode_structure(&a);
            assert_eq!(bytes, encode(&skeleton));
            assert_eq!(decode(&bytes).unwrap(), skeleton);
        }
    }

    #[test]
    fn name_terms_per_passage() {
        use crate::analysis::aliases::{name_key, name_tokens, tidy};
        let mut any = 0;
        for a in seed_articles() {
            let mut names = NameTerms::new(&a);
            for p in &a.passages {
                // Worked out directly for this passage.
                let mut expected = std::collections::BTreeSet::new();
                for m in a.mentions.iter().filter(|m| {
                    m.passage == Some(p.index) && m.kind == crate::model::EntityKind::Person
                }) {
                    let surface = tidy(&m.text);
                    let key = name_key(&surface);
                    if key.is_empty() {
                        continue;
                    }
                    expected.insert(format!("{key}{NAME_SEP}{surface}"));
                    let words = name_tokens(&surface);
                    if let (true, Some(last)) = (words.len() > 1, words.last()) {
                        let last_key = name_key(last);
                        expected.insert(format!("{last_key}{NAME_SEP}{last}"));
                        expected.insert(format!("~{last_key}{NAME_SEP}{surface}"));
                    }
                }
                let got: std::collections::BTreeSet<String> = names
                    .of_passage(p.index)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                any += got.len();
                assert_eq!(got, expected);
            }
        }
        assert!(any > 10, "{any}");
    }

    #[test]
    fn folding_and_stemming() {
        assert_eq!(tokens("Shaibāni"), tokens("shaibani"));
        assert_eq!(tokens("zones"), tokens("zone"));
        assert_eq!(tokens("al-Shibani"), ["al", "shibani"]);
    }
}
