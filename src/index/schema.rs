//! The tantivy schema, its field handles, the text analyzer (English stemming plus ASCII
//! folding, so "Shaibāni" matches "Shaibani"), and turning an [`Article`] into documents:
//! one article document (headline, metadata, structure) and one document per passage.

use rustc_hash::FxHashMap;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
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
                .or_insert_with(|| remembered_spelling_terms(text));
        }
        texts
            .iter()
            .filter_map(|t| self.terms.get(t))
            .flatten()
            .map(String::as_str)
            .collect()
    }
}

/// How many spellings each thread remembers the terms of (the same people are named in many
/// articles) before it starts afresh.
const SPELLINGS_REMEMBERED: usize = 20_000;

/// [`spelling_terms`], remembered across the articles a thread prepares.
fn remembered_spelling_terms(text: &str) -> Vec<String> {
    thread_local! {
        static TERMS: std::cell::RefCell<FxHashMap<String, Vec<String>>> =
            std::cell::RefCell::new(FxHashMap::default());
    }
    TERMS.with_borrow_mut(|terms| {
        if let Some(t) = terms.get(text) {
            return t.clone();
        }
        let t = spelling_terms(text);
        if terms.len() >= SPELLINGS_REMEMBERED {
            terms.clear();
        }
        terms.insert(text.to_string(), t.clone());
        t
    })
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
    url: &'a Option<String>,
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
            url,
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
            url,
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

/// The analyzer every text field uses: words split at anything not a letter or digit, words
/// of 40 bytes or more dropped, lowercased, folded to ASCII ("Shaibāni" matches "Shaibani")
/// and stemmed as English. It gives exactly the tokens of tantivy's chain
/// `SimpleTokenizer` → `RemoveLongFilter(40)` → `LowerCaser` → `AsciiFoldingFilter` →
/// `Stemmer(English)` (a test compares them), in one pass over the text, remembering stems.
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(BriefingTokenizer::new(STEM_CACHE))
}

/// Words of this many bytes or more are not indexed.
const LONGEST: usize = 40;

/// How many words a [`BriefingTokenizer`] remembers the stems of before it starts afresh.
const STEM_CACHE: usize = 50_000;

/// The tokenizer behind [`analyzer`]. News repeats its words, and stemming a word costs far
/// more than looking it up: each tokenizer (one per field and indexing thread) keeps its own
/// bounded word → stem map. Words with letters beyond ASCII go through tantivy's own filters.
pub(crate) struct BriefingTokenizer {
    token: Token,
    stems: FxHashMap<Word, Word>,
    /// Words remembered at most; the memory is emptied when full.
    capacity: usize,
    /// tantivy's stemmer, for one word at a time.
    stemmer: TextAnalyzer,
    /// tantivy's lowercasing and ASCII folding, for one word at a time.
    fold: TextAnalyzer,
}

impl BriefingTokenizer {
    fn new(capacity: usize) -> Self {
        BriefingTokenizer {
            token: Token::default(),
            stems: FxHashMap::default(),
            capacity,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            fold: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }
}

impl Clone for BriefingTokenizer {
    /// A copy that starts with an empty memory.
    fn clone(&self) -> Self {
        BriefingTokenizer {
            token: Token::default(),
            stems: FxHashMap::default(),
            capacity: self.capacity,
            stemmer: self.stemmer.clone(),
            fold: self.fold.clone(),
        }
    }
}

impl Tokenizer for BriefingTokenizer {
    type TokenStream<'a> = BriefingTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BriefingTokenStream<'a> {
        self.token.reset();
        BriefingTokenStream {
            text,
            at: 0,
            tokenizer: self,
        }
    }
}

pub(crate) struct BriefingTokenStream<'a> {
    text: &'a str,
    /// Where the search for the next word starts.
    at: usize,
    tokenizer: &'a mut BriefingTokenizer,
}

impl BriefingTokenStream<'_> {
    /// The next run of letters and digits at or after `self.at`, as a byte range.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let text = self.text;
        let b = text.as_bytes();
        let mut i = self.at;
        // Up to a letter or digit.
        let start = loop {
            let &x = b.get(i)?;
            if x < 0x80 {
                if x.is_ascii_alphanumeric() {
                    break i;
                }
                i += 1;
            } else {
                let c = text.get(i..)?.chars().next()?;
                if c.is_alphanumeric() {
                    break i;
                }
                i += c.len_utf8();
            }
        };
        // Then over letters and digits.
        let mut end = start;
        loop {
            end = crate::analysis::entities::ascii_word_end(b, end);
            match b.get(end) {
                Some(&x) if x >= 0x80 => match text.get(end..).and_then(|t| t.chars().next()) {
                    Some(c) if c.is_alphanumeric() => end += c.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        self.at = end;
        Some((start, end))
    }

    /// Stem `word` (lowercased and folded; `key` is its [`Word`], when it fits one) into the
    /// token's text.
    fn stem(&mut self, key: Option<Word>, word: &str) {
        let t = &mut *self.tokenizer;
        if let Some(stem) = key.and_then(|k| t.stems.get(&k)) {
            t.token.text.clear();
            stem.push_to(&mut t.token.text);
            return;
        }
        let mut one = t.stemmer.token_stream(word);
        let stem = if one.advance() {
            std::mem::take(&mut one.token_mut().text)
        } else {
            word.to_string()
        };
        drop(one);
        if let (Some(key), Some(value)) = (key, Word::new(&stem)) {
            if t.stems.len() >= t.capacity {
                t.stems.clear();
            }
            t.stems.insert(key, value);
        }
        t.token.text = stem;
    }
}

impl TokenStream for BriefingTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((start, end)) = self.next_word() else {
                return false;
            };
            let token = &mut self.tokenizer.token;
            token.position = token.position.wrapping_add(1);
            if end - start >= LONGEST {
                continue;
            }
            token.offset_from = start;
            token.offset_to = end;
            let word = &self.text[start..end];
            if word.is_ascii() {
                // ASCII needs no folding; the look-up key is lowercased as it is read.
                let key = Word::lowercase_ascii(self.text.as_bytes(), start, word.len());
                if let Some(stem) = key.and_then(|k| self.tokenizer.stems.get(&k)) {
                    let text = &mut self.tokenizer.token.text;
                    text.clear();
                    stem.push_to(text);
                } else {
                    self.stem(key, &word.to_ascii_lowercase());
                }
            } else {
                let mut one = self.tokenizer.fold.token_stream(word);
                let folded = if one.advance() {
                    std::mem::take(&mut one.token_mut().text)
                } else {
                    word.to_string()
                };
                drop(one);
                self.stem(Word::new(&folded), &folded);
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.tokenizer.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokenizer.token
    }
}

/// A word of at most 31 bytes kept inline, as four machine words (its bytes, zeros, and its
/// length in the last byte): comparing and hashing two follows no pointer and calls nothing.
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
    const MAX: usize = 31;

    fn new(s: &str) -> Option<Word> {
        if s.len() > Self::MAX {
            return None;
        }
        let mut bytes = [0u8; 32];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        bytes[31] = s.len() as u8;
        let mut words = [0u64; 4];
        for (w, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            *w = u64::from_le_bytes(b);
        }
        Some(Word(words))
    }

    /// `text[start..start + len]` (ASCII) lowercased, read eight bytes at a time.
    fn lowercase_ascii(text: &[u8], start: usize, len: usize) -> Option<Word> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        if len > Self::MAX {
            return None;
        }
        let mut words = [0u64; 4];
        for (k, w) in words.iter_mut().enumerate() {
            let off = k * 8;
            if off >= len {
                break;
            }
            let n = (len - off).min(8);
            let at = start + off;
            let x = match text.get(at..at + 8) {
                Some(chunk) => {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(chunk);
                    u64::from_le_bytes(b)
                }
                None => {
                    let mut b = [0u8; 8];
                    b[..n].copy_from_slice(text.get(at..at + n)?);
                    u64::from_le_bytes(b)
                }
            };
            let x = if n == 8 {
                x
            } else {
                x & ((1u64 << (8 * n)) - 1)
            };
            // The high bit of each byte from b'A' to b'Z' ("has between"), moved to 0x20.
            let low = x & (ONES * 127);
            let upper =
                (ONES * (127 + 0x5b) - low) & !x & (low + ONES * (127 - 0x40)) & (ONES * 128);
            *w = x | (upper >> 2);
        }
        words[3] |= (len as u64) << 56;
        Some(Word(words))
    }

    fn bytes(&self) -> ([u8; 32], usize) {
        let mut bytes = [0u8; 32];
        for (chunk, w) in bytes.chunks_exact_mut(8).zip(self.0) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        let len = usize::from(bytes[31]).min(Self::MAX);
        (bytes, len)
    }

    /// Appends the word to `out`.
    fn push_to(&self, out: &mut String) {
        let (bytes, len) = self.bytes();
        // Made from a `str` and cut at its end: always valid.
        out.push_str(std::str::from_utf8(&bytes[..len]).unwrap_or_default());
    }
}

pub(crate) fn register_tokenizer(index: &Index) {
    index.tokenizers().register(TOKENIZER, analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};

    fn tokens(s: &str) -> Vec<String> {
        let mut a = analyzer();
        let mut ts = a.token_stream(s);
        let mut out = Vec::new();
        while ts.advance() {
            out.push(ts.token().text.clone());
        }
        out
    }

    /// Every token of `s` through `a`: text, byte offsets, position.
    fn all_tokens(a: &mut TextAnalyzer, s: &str) -> Vec<(String, usize, usize, usize, usize)> {
        let mut ts = a.token_stream(s);
        let mut out = Vec::new();
        while ts.advance() {
            let t = ts.token();
            out.push((
                t.text.clone(),
                t.offset_from,
                t.offset_to,
                t.position,
                t.position_length,
            ));
        }
        out
    }

    /// tantivy's own chain, which [`analyzer`] reproduces.
    fn plain() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build()
    }

    #[test]
    fn the_analyzer_gives_tantivys_tokens() {
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
             internationalisationsprocessingsystems internationalisationsprocessingsystem \
             abcdefghijklmnopqrstuvwxyzabcdefghijklm abcdefghijklmnopqrstuvwxyzabcdefghijklmn \
             ÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅ ÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅÅ x²³ ﬁnancial Straße İstanbul ǅemal 会谈 ",
        );
        let plain_tokens = all_tokens(&mut plain(), &text);
        assert!(plain_tokens.len() > 5_000, "{}", plain_tokens.len());
        // Twice through one analyzer (the second time from memory), and with a tiny memory,
        // emptied again and again.
        let mut a = analyzer();
        assert_eq!(all_tokens(&mut a, &text), plain_tokens);
        assert_eq!(all_tokens(&mut a, &text), plain_tokens);
        let mut small = TextAnalyzer::from(BriefingTokenizer::new(7));
        assert_eq!(all_tokens(&mut small, &text), plain_tokens);
        // Bits of text with every kind of character boundary.
        const BITS: &[&str] = &[
            "a",
            "Z",
            "9",
            "é",
            "É",
            "ß",
            "ǅ",
            "İ",
            "Σ",
            "ς",
            "会",
            "²",
            "٣",
            " ",
            "-",
            "'",
            "’",
            ".",
            "\u{a0}",
            "\u{200b}",
            "\u{301}",
            "_",
            "ﬁ",
            "Å",
            "running",
            "Agreements",
        ];
        let mut x: u64 = 0x853c_49e6_748f_ea9b;
        for _ in 0..5_000 {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut y = x;
            for _ in 0..(x % 60) {
                y = y
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(BITS[(y >> 33) as usize % BITS.len()]);
            }
            assert_eq!(
                all_tokens(&mut a, &s),
                all_tokens(&mut plain(), &s),
                "{s:?}"
            );
        }
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
