//! Domain types shared by every layer: articles, passages, sentences, dropped debris and
//! search hits. They carry byte ranges into the article's text and derive `serde` so the CLI
//! can print any of them as JSON. This module holds data only: no I/O, no parsing, no tantivy.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The slice of `text` this span covers, or "" when it does not fit.
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The format a source file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    #[default]
    Text,
    Markdown,
    Html,
}

impl Format {
    /// The format for a file name, by extension; `None` for files `briefing` does not read.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?;
        let is = |e: &str| ext.eq_ignore_ascii_case(e);
        if is("txt") || is("text") {
            Some(Self::Text)
        } else if is("md") || is("markdown") {
            Some(Self::Markdown)
        } else if is("html") || is("htm") || is("xhtml") {
            Some(Self::Html)
        } else {
            None
        }
    }
}

/// What a passage is on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    #[default]
    Paragraph,
    Heading,
    ListItem,
}

/// One paragraph (or heading, or list item) of an article body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Passage {
    /// Position in the article body, from 0.
    pub index: u32,
    pub kind: PassageKind,
    /// Byte range in the article text (the file itself for plain text).
    pub span: Span,
    pub text: String,
    /// Sentence byte ranges in the article text, in order, inside `span`.
    pub sentences: Vec<Span>,
}

/// Why a piece of the page was left out of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DebrisKind {
    /// Navigation words: "Menu", "Search", "Ad", "← News".
    Navigation,
    /// Section labels: "Politics", "World", "Summary", "Key points:".
    SectionLabel,
    /// The outlet's own name line, already recorded as `outlet`.
    OutletLine,
    /// The headline line, recorded as `title` (or a repeat of it).
    Headline,
    /// A publication-time stamp, recorded as `published`.
    Timestamp,
    /// A byline, recorded as `byline`.
    Byline,
    /// Photo captions and credits: "(AP Photo/…)", "FILE - …", "via Wikimedia Commons".
    Caption,
    /// Newsletter, market-data and site footers: "Sign up for daily updates…".
    Footer,
    /// Separators and contributor credits: "——-", "X contributed to this report."
    Credit,
}

/// A piece of the source that is not part of the body, kept so it can be inspected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dropped {
    pub kind: DebrisKind,
    pub span: Span,
    pub text: String,
}

/// How the outlet of an article was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutletEvidence {
    /// Set in the folder's `briefing.toml`.
    Config,
    /// Page metadata (`og:site_name`, JSON-LD publisher).
    Metadata,
    /// A line before the headline naming a known outlet.
    FirstLine,
    /// A dateline credit: "BEIRUT (AP) —".
    Dateline,
    /// A footer: "Welcome to EconoTimes", "© 2024 Reuters".
    Footer,
}

/// One article, read and cleaned: what a reader needs and where it came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Article {
    /// Stable id derived from `file`.
    pub id: String,
    /// Path as given on the command line, or relative to the corpus root.
    pub file: String,
    pub format: Format,
    pub outlet: Option<String>,
    pub outlet_evidence: Option<OutletEvidence>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    /// The article's address on the web: the canonical URL its page or feed gives.
    #[serde(default)]
    pub url: Option<String>,
    pub passages: Vec<Passage>,
    /// Debris removed from the body, in file order.
    pub dropped: Vec<Dropped>,
    /// True when spans are byte offsets into the file itself (plain text read as valid UTF-8);
    /// false when they index text extracted from markup or decoded lossily.
    pub offsets_are_file_bytes: bool,
    /// Problems met while reading that did not stop it (lossy decoding, truncation).
    pub warnings: Vec<String>,
    /// Entity mentions in the body, in text order.
    #[serde(default)]
    pub mentions: Vec<Mention>,
    /// What story grouping compares this article by, computed at analysis time.
    #[serde(default)]
    pub fingerprint: Fingerprint,
}

#[cfg(test)]
impl Article {
    /// A plain-text article of one paragraph, `body`, read from `file`: the start of test
    /// articles, which set what else they need.
    pub(crate) fn with_body(file: &str, body: &str) -> Article {
        Article {
            id: article_id(file),
            file: file.into(),
            passages: vec![Passage {
                span: Span::new(0, body.len()),
                text: body.into(),
                ..Passage::default()
            }],
            offsets_are_file_bytes: true,
            ..Article::default()
        }
    }
}

impl Article {
    /// A copy of everything but the passages (which are left empty).
    pub fn clone_without_passages(&self) -> Article {
        Article {
            id: self.id.clone(),
            file: self.file.clone(),
            format: self.format,
            outlet: self.outlet.clone(),
            outlet_evidence: self.outlet_evidence,
            title: self.title.clone(),
            published: self.published,
            byline: self.byline.clone(),
            dateline: self.dateline.clone(),
            url: self.url.clone(),
            passages: Vec::new(),
            dropped: self.dropped.clone(),
            offsets_are_file_bytes: self.offsets_are_file_bytes,
            warnings: self.warnings.clone(),
            mentions: self.mentions.clone(),
            fingerprint: self.fingerprint.clone(),
        }
    }

    pub fn words(&self) -> usize {
        self.passages.iter().map(|p| word_count(&p.text)).sum()
    }
}

/// Words in `text`: runs of letters or digits, where an apostrophe, hyphen or period between
/// two of them ("don't", "al-Assad", "U.S") does not split the word. Linear, no allocation.
///
/// A word starts at each letter or digit that follows neither a letter or digit nor a joiner
/// that itself follows one. Runs of ASCII are counted a block at a time from that rule; other
/// characters one by one.
pub fn word_count(text: &str) -> usize {
    let b = text.as_bytes();
    let mut count = 0;
    // The two characters before the current one: letter or digit (`a1`, `a2`), joiner (`j1`).
    let (mut a2, mut a1, mut j1) = (false, false, false);
    let mut i = 0;
    while i < b.len() {
        let mut end = i;
        while b.get(end..end + 32).is_some_and(|c| c.is_ascii()) {
            end += 32;
        }
        while end < b.len() && b[end].is_ascii() {
            end += 1;
        }
        if end > i {
            let run = &b[i..end];
            count += ascii_word_starts(run, a2, a1, j1);
            let last = run[run.len() - 1];
            a2 = match run.len() {
                1 => a1,
                n => ascii_alnum(run[n - 2]),
            };
            a1 = ascii_alnum(last);
            j1 = ascii_joiner(last);
            i = end;
        }
        if let Some(c) = text.get(i..).and_then(|t| t.chars().next()) {
            let a = c.is_alphanumeric();
            // Chinese and Japanese write no spaces: each character counts as a word.
            let wide = is_cjk_character(c);
            count += usize::from(a && (wide || !(a1 || j1 && a2)));
            a2 = a1;
            a1 = a && !wide;
            j1 = c == '’';
            i += c.len_utf8();
        }
    }
    count
}

/// A Han ideograph, hiragana or katakana: Chinese and Japanese characters, which are written
/// without spaces between words. (Korean puts spaces between words, so hangul is not here.)
pub fn is_cjk_character(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'      // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}'    // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'    // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'    // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'    // compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}'    // half-width katakana
        | '\u{20000}'..='\u{2FA1F}') // extensions B–F, compatibility supplement
}

fn ascii_alnum(x: u8) -> bool {
    (x | 0x20).wrapping_sub(b'a') < 26 || x.wrapping_sub(b'0') < 10
}

fn ascii_joiner(x: u8) -> bool {
    x == b'\'' || x == b'-' || x == b'.'
}

/// Word starts in a run of ASCII, given the classes of the two characters before it.
fn ascii_word_starts(run: &[u8], a2: bool, a1: bool, j1: bool) -> usize {
    let start = |a: bool, a1: bool, j1: bool, a2: bool| usize::from(a & !a1 & !(j1 & a2));
    let mut count = start(ascii_alnum(run[0]), a1, j1, a2);
    if run.len() > 1 {
        count += start(
            ascii_alnum(run[1]),
            ascii_alnum(run[0]),
            ascii_joiner(run[0]),
            a1,
        );
    }
    // Blocks of at most 255 bytes, so that a byte-wide sum cannot overflow (and vectorises).
    let mut k = 2;
    while k < run.len() {
        let end = (k + 255).min(run.len());
        let mut block: u8 = 0;
        for m in k..end {
            let (p2, p1, x) = (run[m - 2], run[m - 1], run[m]);
            block +=
                u8::from(ascii_alnum(x) & !ascii_alnum(p1) & !(ascii_joiner(p1) & ascii_alnum(p2)));
        }
        count += usize::from(block);
        k = end;
    }
    count
}

/// A compact summary of what an article is about, for grouping articles into stories without
/// reading their text again: a one-permutation MinHash sketch of its content words and entity
/// keys, and its most salient entity keys, words and people's whole names with their counts.
/// Packed as bytes so the stored article stays small (about 550 bytes).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Fingerprint {
    /// MinHash bins, 16 bits each, little-endian; empty when the article has no content words.
    pub sketch: Vec<u8>,
    /// Entity keys (people's name tokens by transliteration skeleton, organizations, places,
    /// exact dates): 5 bytes each, a 32-bit hash then a count (capped at 255), by hash.
    pub names: Vec<u8>,
    /// The most repeated content words, packed like `names`.
    pub words: Vec<u8>,
    /// People's whole names (all name tokens' skeletons), packed like `names`: rarer than
    /// their parts, so they find an article's partners in a large library.
    pub people: Vec<u8>,
}

impl Fingerprint {
    /// The sketch's bins.
    pub fn bins(&self) -> impl Iterator<Item = u16> + '_ {
        self.sketch
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    }

    /// `(hash, count)` of each entity key.
    pub fn name_terms(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        unpack_terms(&self.names)
    }

    /// `(hash, count)` of each salient word.
    pub fn word_terms(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        unpack_terms(&self.words)
    }

    /// `(hash, count)` of each whole name.
    pub fn people_terms(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        unpack_terms(&self.people)
    }

    pub fn is_empty(&self) -> bool {
        self.sketch.is_empty()
            && self.names.is_empty()
            && self.words.is_empty()
            && self.people.is_empty()
    }
}

fn unpack_terms(bytes: &[u8]) -> impl Iterator<Item = (u32, u8)> + '_ {
    bytes
        .chunks_exact(5)
        .map(|b| (u32::from_le_bytes([b[0], b[1], b[2], b[3]]), b[4]))
}

/// Pack `(hash, count)` terms as [`Fingerprint::names`] stores them.
pub fn pack_terms(terms: &[(u32, u8)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(terms.len() * 5);
    for &(h, n) in terms {
        out.extend_from_slice(&h.to_le_bytes());
        out.push(n);
    }
    out
}

/// The stable id of an article read from `file` (display path): 12 hex digits of its hash.
pub fn article_id(file: &str) -> String {
    let h = xxhash_rust::xxh3::xxh3_64(file.as_bytes());
    format!("{:012x}", h >> 16)
}

/// A highlighted byte range inside a snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
}

/// One ranked search result: a passage of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub article: String,
    pub file: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    /// The passage that matched; `None` when the headline did.
    pub passage: Option<u32>,
    pub score: f32,
    pub snippet: String,
    /// Byte ranges in `snippet` of the words that matched.
    pub highlights: Vec<Highlight>,
    /// The other spelling this hit was found under, when it was not the query's own
    /// ("al-Salama" for a search for "Salameh").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Byte range of the passage in the article text (`None` for a headline hit).
    pub start: Option<usize>,
    pub end: Option<usize>,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// Other spellings searched too, because the query names a known entity.
    #[serde(default)]
    pub aliases: Vec<AliasExpansion>,
}

/// "Salameh" was searched as "Salameh" or "Salama": both spell Hussein al-Salama.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasExpansion {
    /// The words of the query.
    pub term: String,
    /// The entity they name.
    pub entity: String,
    /// The other spellings searched.
    pub also: Vec<String>,
}

/// One row of the article listing: metadata without the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: String,
    pub file: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    /// The article's address on the web, when its page or feed gives one.
    pub url: Option<String>,
    pub paragraphs: usize,
    pub words: usize,
}

impl From<&Article> for ArticleSummary {
    fn from(a: &Article) -> Self {
        Self {
            id: a.id.clone(),
            file: a.file.clone(),
            outlet: a.outlet.clone(),
            title: a.title.clone(),
            published: a.published,
            byline: a.byline.clone(),
            dateline: a.dateline.clone(),
            url: a.url.clone(),
            paragraphs: a.passages.len(),
            words: a.words(),
        }
    }
}

/// A passage from another article that tells much the same thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelatedPassage {
    pub article: String,
    pub file: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub passage: u32,
    pub score: f32,
    pub text: String,
    /// Byte ranges in `text` of the words it shares with the passage it relates to.
    pub shared: Vec<Highlight>,
}

/// What the reader's side panel shows for one passage: the passages of other outlets that
/// report a fact it reports, then the passages most like it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageNeighbours {
    pub article: String,
    pub passage: u32,
    /// The story the article belongs to.
    pub story: Option<String>,
    /// Other outlets' passages that tell a fact this passage tells, most widely reported fact
    /// first, one entry per passage and fact.
    pub same_fact: Vec<SameFactPassage>,
    /// Passages of other articles most like this one (shared distinctive words), best first.
    pub related: Vec<RelatedPassage>,
}

/// A passage of another outlet that tells the same fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SameFactPassage {
    pub fact: String,
    /// The fact's label.
    pub label: String,
    pub article: String,
    pub file: String,
    pub outlet: Option<String>,
    pub passage: u32,
    /// How closely the outlets' versions of the fact agree (the fact's cohesion).
    pub score: f32,
    /// The sentence that tells it.
    pub text: String,
}

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Date,
    /// Nationalities, religious and ethnic groups: "Israeli", "Druze", "Islamist".
    Group,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Date => "date",
            EntityKind::Group => "group",
        }
    }
}

/// One mention of an entity in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub kind: EntityKind,
    /// The passage it is in; `None` for a mention in a caption or credit left out of the body.
    pub passage: Option<u32>,
    /// Byte range in the article text.
    pub span: Span,
    /// The words as written.
    pub text: String,
    /// The well-known entity it names, when the gazetteer knows it.
    #[serde(default)]
    pub known: Option<String>,
    /// For dates: "2024-12-08", "2024-12", "2024", or the phrase itself when it is relative
    /// and the article's date is unknown ("last year").
    #[serde(default)]
    pub value: Option<String>,
    /// Its kind is the learned model's guess, not a rule's: recognition's own note, while it
    /// makes one name one kind in an article. Never stored.
    #[serde(skip)]
    pub learned: bool,
}

/// How an article whose outlet is unknown is counted and shown among outlets.
pub const OUTLET_NOT_NAMED: &str = "(outlet not named)";

/// One spelling of an entity and who used it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub text: String,
    pub count: usize,
    /// Outlets that used this spelling ("(outlet not named)" for unknown ones), one shared
    /// copy of each name (see [`shared_name`]).
    #[serde(with = "shared_names")]
    pub outlets: Vec<std::sync::Arc<str>>,
}

/// Where an entity is mentioned: compact, since a library of 40k articles has millions (16
/// bytes each: 3 M mentions on 37.5k real articles are 48 MB of the reader's memory). The
/// article is named by its place in [`Entities::articles`], the words by the spelling they
/// are (see [`Entities::mention`] for the article's id and file, and the spelling's text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    /// Index into [`Entities::articles`].
    pub article: u32,
    /// Byte offset into the original file (see `offsets_are_file_bytes`).
    pub start: u32,
    /// The passage, or [`EntityMention::NO_PASSAGE`] for a caption or credit left out of the
    /// body.
    passage: u32,
    /// The mention's length in bytes (a name is never 64 KB long; a longer run is cut).
    len: u16,
    /// Index into the entity's `aliases` (an entity with more than 65,535 spellings counts
    /// the rest under its last).
    alias: u16,
}

impl EntityMention {
    const NO_PASSAGE: u32 = u32::MAX;
    /// What a packed block's first mention is written against (see [`Mentions`]).
    const ZERO: EntityMention = EntityMention {
        article: 0,
        start: 0,
        passage: 0,
        len: 0,
        alias: 0,
    };

    pub fn new(article: u32, passage: Option<u32>, start: u32, end: u32, alias: usize) -> Self {
        EntityMention {
            article,
            start,
            passage: passage.unwrap_or(Self::NO_PASSAGE),
            len: u16::try_from(end.saturating_sub(start)).unwrap_or(u16::MAX),
            alias: u16::try_from(alias).unwrap_or(u16::MAX),
        }
    }

    /// `None` for a mention in a caption or credit left out of the body.
    pub fn passage(&self) -> Option<u32> {
        (self.passage != Self::NO_PASSAGE).then_some(self.passage)
    }

    /// Byte offset of the mention's end in the original file.
    pub fn end(&self) -> u32 {
        self.start + u32::from(self.len)
    }

    /// Index into the entity's `aliases`: the spelling these words are (tidied: "the" and a
    /// possessive "'s" left off, spaces collapsed).
    pub fn alias(&self) -> usize {
        usize::from(self.alias)
    }

    /// The mention is spelling `alias` of its entity.
    pub fn set_alias(&mut self, alias: usize) {
        self.alias = u16::try_from(alias).unwrap_or(u16::MAX);
    }
}

/// An entity's mentions, packed. Each is written as five small numbers (LEB128 varints), most
/// as the difference from the mention before it (same article: the start and passage a few
/// bytes on), so a mention takes 5–8 bytes instead of the 16 of an [`EntityMention`]: the
/// reader holds every mention of the library (4.4 M on 100k articles, 71 MB unpacked). Every
/// [`Mentions::BLOCK`]-th mention is written whole and where it starts is kept, so one
/// article's mentions are found by halving when the mentions come article by article (as
/// merging writes them). Written and read as the list of mentions it replaces: the same
/// JSON and the same saved bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    bytes: Box<[u8]>,
    /// Each block's first article and where the block starts in `bytes`.
    blocks: Box<[(u32, u32)]>,
    len: u32,
    /// The mentions come article by article.
    by_article: bool,
}

impl Mentions {
    /// Mentions per block: a block is decoded whole to reach its last mention.
    const BLOCK: u32 = 16;

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The mentions, in the order they were given.
    pub fn iter(&self) -> MentionsIter<'_> {
        self.iter_from_block(0)
    }

    fn iter_from_block(&self, block: usize) -> MentionsIter<'_> {
        let pos = self
            .blocks
            .get(block)
            .map_or(self.bytes.len(), |b| b.1 as usize);
        MentionsIter {
            bytes: &self.bytes,
            pos,
            index: block as u32 * Self::BLOCK,
            len: self.len,
            prev: EntityMention::ZERO,
        }
    }

    /// The first and last article mentioned, when the mentions come article by article.
    pub fn article_range(&self) -> Option<(u32, u32)> {
        if !self.by_article {
            return None;
        }
        let first = self.blocks.first()?.0;
        let last = self.iter_from_block(self.blocks.len() - 1).last()?;
        Some((first, last.article))
    }

    /// The mentions in article `article`: found by halving over the blocks when the mentions
    /// come article by article, else by reading them all.
    pub fn in_article(&self, article: u32) -> impl Iterator<Item = EntityMention> + '_ {
        let mut from = 0;
        if self.by_article {
            // The first block that opens at or after the article; the block before it may
            // hold the article's first mentions.
            let opens_before = self.blocks.partition_point(|&(a, _)| a < article);
            from = opens_before.saturating_sub(1);
        }
        let by_article = self.by_article;
        self.iter_from_block(from)
            .skip_while(move |m| by_article && m.article < article)
            .take_while(move |m| !by_article || m.article <= article)
            .filter(move |m| m.article == article)
    }
}

impl From<Vec<EntityMention>> for Mentions {
    fn from(list: Vec<EntityMention>) -> Self {
        list.into_iter().collect()
    }
}

impl FromIterator<EntityMention> for Mentions {
    fn from_iter<I: IntoIterator<Item = EntityMention>>(iter: I) -> Self {
        let mut p = Packer::default();
        for m in iter {
            p.push(m);
        }
        p.finish()
    }
}

impl<'a> IntoIterator for &'a Mentions {
    type Item = EntityMention;
    type IntoIter = MentionsIter<'a>;
    fn into_iter(self) -> MentionsIter<'a> {
        self.iter()
    }
}

/// Builds a [`Mentions`] one mention at a time.
#[derive(Default)]
struct Packer {
    bytes: Vec<u8>,
    blocks: Vec<(u32, u32)>,
    len: u32,
    prev: Option<EntityMention>,
    out_of_order: bool,
}

impl Packer {
    fn push(&mut self, m: EntityMention) {
        let whole = self.len.is_multiple_of(Mentions::BLOCK);
        if whole {
            self.blocks.push((m.article, self.bytes.len() as u32));
        }
        if let Some(p) = self.prev {
            self.out_of_order |= m.article < p.article;
        }
        let base = match self.prev {
            Some(p) if !whole => p,
            _ => EntityMention::ZERO,
        };
        let same = m.article == base.article;
        put(
            &mut self.bytes,
            zigzag(i64::from(m.article) - i64::from(base.article)),
        );
        let passage = m.passage.wrapping_add(1);
        if same {
            put(
                &mut self.bytes,
                zigzag(i64::from(m.start) - i64::from(base.start)),
            );
            put(
                &mut self.bytes,
                zigzag(i64::from(passage) - i64::from(base.passage.wrapping_add(1))),
            );
        } else {
            put(&mut self.bytes, u64::from(m.start));
            put(&mut self.bytes, u64::from(passage));
        }
        put(&mut self.bytes, u64::from(m.len));
        put(&mut self.bytes, u64::from(m.alias));
        self.prev = Some(m);
        self.len = self.len.saturating_add(1);
    }

    fn finish(self) -> Mentions {
        Mentions {
            bytes: self.bytes.into_boxed_slice(),
            blocks: self.blocks.into_boxed_slice(),
            len: self.len,
            by_article: !self.out_of_order,
        }
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

/// Write `v` as a LEB128 varint.
fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Read a LEB128 varint at `*pos`; 0 past the end (a packed list is only ever read as written).
fn take(bytes: &[u8], pos: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*pos) {
        *pos += 1;
        if shift < 64 {
            v |= u64::from(b & 0x7f) << shift;
        }
        shift += 7;
        if b < 0x80 {
            break;
        }
    }
    v
}

/// The mentions of a [`Mentions`], unpacked one by one.
#[derive(Debug, Clone)]
pub struct MentionsIter<'a> {
    bytes: &'a [u8],
    pos: usize,
    index: u32,
    len: u32,
    prev: EntityMention,
}

impl Iterator for MentionsIter<'_> {
    type Item = EntityMention;

    fn next(&mut self) -> Option<EntityMention> {
        if self.index >= self.len {
            return None;
        }
        let base = if self.index.is_multiple_of(Mentions::BLOCK) {
            EntityMention::ZERO
        } else {
            self.prev
        };
        let b = self.bytes;
        let article = (i64::from(base.article) + unzigzag(take(b, &mut self.pos))) as u32;
        let (start, passage) = if article == base.article {
            let start = i64::from(base.start) + unzigzag(take(b, &mut self.pos));
            let passage =
                i64::from(base.passage.wrapping_add(1)) + unzigzag(take(b, &mut self.pos));
            (start as u32, passage as u32)
        } else {
            (take(b, &mut self.pos) as u32, take(b, &mut self.pos) as u32)
        };
        let m = EntityMention {
            article,
            start,
            passage: passage.wrapping_sub(1),
            len: take(b, &mut self.pos) as u16,
            alias: take(b, &mut self.pos) as u16,
        };
        self.prev = m;
        self.index += 1;
        Some(m)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len.saturating_sub(self.index) as usize;
        (n, Some(n))
    }
}

impl ExactSizeIterator for MentionsIter<'_> {}

impl Serialize for Mentions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Mentions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Mentions;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of mentions")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Mentions, A::Error> {
                // Packed as they are read: the unpacked list is never held whole.
                let mut p = Packer::default();
                while let Some(m) = seq.next_element::<EntityMention>()? {
                    p.push(m);
                }
                Ok(p.finish())
            }
        }
        d.deserialize_seq(Visit)
    }
}

/// An article that entity mentions point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionedArticle {
    pub id: String,
    pub file: String,
}

/// The library's entities, most mentioned first, and the articles their mentions point at.
/// Derefs to the list of entities.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Entities {
    pub articles: Vec<MentionedArticle>,
    pub list: Vec<Entity>,
    /// The mentions' starts and entities of the articles looked at last (see
    /// [`Entities::entity_at`]).
    #[serde(skip)]
    recent: Recent,
    /// Per entity: the first and last article its mentions are in, when they come article
    /// by article as merging writes them; `None` when they do not, or there are none (read
    /// whole).
    #[serde(skip)]
    sorted: std::sync::OnceLock<Vec<Option<(u32, u32)>>>,
    /// Article index by id.
    #[serde(skip)]
    ids: std::sync::OnceLock<Vec<u32>>,
}

impl PartialEq for Entities {
    fn eq(&self, other: &Self) -> bool {
        self.articles == other.articles && self.list == other.list
    }
}

impl std::ops::Deref for Entities {
    type Target = [Entity];
    fn deref(&self) -> &[Entity] {
        &self.list
    }
}

/// A mention with what it points at spelled out, as `briefing entities --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionView<'a> {
    pub article: &'a str,
    pub file: &'a str,
    pub passage: Option<u32>,
    pub start: u32,
    pub end: u32,
    /// The spelling.
    pub text: &'a str,
}

/// An entity as `briefing entities --json` prints it: each mention with its article's id and
/// file and its spelling. See [`Entities::view`].
pub struct EntityView<'a> {
    all: &'a Entities,
    entity: &'a Entity,
}

impl Serialize for EntityView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Mentions<'a>(&'a EntityView<'a>);
        impl Serialize for Mentions<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let EntityView { all, entity } = self.0;
                s.collect_seq(entity.mentions.iter().map(|m| all.mention(entity, &m)))
            }
        }
        let e = self.entity;
        let mut st = s.serialize_struct("Entity", 7)?;
        st.serialize_field("id", &e.id)?;
        st.serialize_field("name", &e.name)?;
        st.serialize_field("kind", &e.kind)?;
        st.serialize_field("aliases", &e.aliases)?;
        st.serialize_field("outlets", &e.outlets)?;
        st.serialize_field("mentions", &Mentions(self))?;
        st.serialize_field("why", &e.why)?;
        st.end()
    }
}

impl Entities {
    /// `e` (one of these entities) with its mentions spelled out, for printing.
    pub fn view<'a>(&'a self, entity: &'a Entity) -> EntityView<'a> {
        EntityView { all: self, entity }
    }

    pub fn new(articles: Vec<MentionedArticle>, list: Vec<Entity>) -> Self {
        Entities {
            articles,
            list,
            ..Default::default()
        }
    }

    /// Mention `m` of entity `e`, with its article's id and file and its spelling.
    pub fn mention<'a>(&'a self, e: &'a Entity, m: &EntityMention) -> MentionView<'a> {
        let a = &self.articles[m.article as usize];
        MentionView {
            article: &a.id,
            file: &a.file,
            passage: m.passage(),
            start: m.start,
            end: m.end(),
            text: e.aliases.get(m.alias()).map_or("", |al| al.text.as_str()),
        }
    }

    /// The id of the article mention `m` is in.
    pub fn article_id(&self, m: &EntityMention) -> &str {
        &self.articles[m.article as usize].id
    }

    /// The entity mentioned at byte `start` of article `article` (by id). The article ids and
    /// which entities' mentions come in article order are worked out on first use (call
    /// [`Entities::prepare`] off the UI thread); an article's mentions when it is first asked
    /// about.
    pub fn entity_at(&self, article: &str, start: usize) -> Option<usize> {
        let a = self.article_number(article)?;
        let at = self.at(a);
        let i = at.binary_search_by_key(&(start as u32), |&(s, _)| s).ok()?;
        Some(at[i].1 as usize)
    }

    /// Build the lookup tables [`Entities::entity_at`] reads.
    pub fn prepare(&self) {
        self.ids();
        self.sorted();
    }

    /// The articles' numbers in order of their ids (the ids themselves are not copied: a map
    /// of 100k ids was 7 MB of the reader's memory).
    fn ids(&self) -> &[u32] {
        self.ids.get_or_init(|| {
            let mut v: Vec<u32> = (0..self.articles.len() as u32).collect();
            v.sort_by(|&a, &b| {
                self.articles[a as usize]
                    .id
                    .cmp(&self.articles[b as usize].id)
                    .then(a.cmp(&b))
            });
            v
        })
    }

    /// The number of article `id` (the last listed, should two have it).
    fn article_number(&self, id: &str) -> Option<u32> {
        let ids = self.ids();
        let end = ids.partition_point(|&i| self.articles[i as usize].id.as_str() <= id);
        let last = *ids.get(end.checked_sub(1)?)?;
        (self.articles[last as usize].id == id).then_some(last)
    }

    fn sorted(&self) -> &[Option<(u32, u32)>] {
        self.sorted.get_or_init(|| {
            self.list
                .iter()
                .map(|e| e.mentions.article_range())
                .collect()
        })
    }

    /// One article's mentions: (start, entity), by start; a start told twice keeps the first
    /// entity listed. Worked out when asked, from each entity's mentions (looked up by
    /// halving where they come article by article, as merging writes them), and kept for the
    /// few articles looked at last: a table of every article's mentions held 35 MB of the
    /// reader's memory on 100k articles.
    fn at(&self, article: u32) -> ArticleRows {
        if let Some(rows) = self.recent.get(article) {
            return rows;
        }
        let sorted = self.sorted();
        let mut rows: Vec<(u32, u32)> = Vec::new();
        // The article ranges are one small array: only the entities whose range holds the
        // article have their mentions read.
        for (i, range) in sorted.iter().enumerate() {
            if let Some((first, last)) = *range
                && (article < first || article > last)
            {
                continue;
            }
            rows.extend(
                self.list[i]
                    .mentions
                    .in_article(article)
                    .map(|m| (m.start, i as u32)),
            );
        }
        rows.sort_unstable();
        rows.dedup_by_key(|r| r.0);
        let rows: ArticleRows = rows.into();
        self.recent.put(article, rows.clone());
        rows
    }
}

/// The last few articles' mention tables, most recent first. A copy of the list starts with
/// none.
#[derive(Debug, Default)]
struct Recent(std::sync::Mutex<Vec<(u32, ArticleRows)>>);

/// One article's mentions: (start, entity), by start.
type ArticleRows = std::sync::Arc<[(u32, u32)]>;

impl Recent {
    const KEPT: usize = 8;

    fn get(&self, article: u32) -> Option<ArticleRows> {
        let mut v = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let k = v.iter().position(|(a, _)| *a == article)?;
        let hit = v.remove(k);
        let rows = hit.1.clone();
        v.insert(0, hit);
        Some(rows)
    }

    fn put(&self, article: u32, rows: ArticleRows) {
        let mut v = self.0.lock().unwrap_or_else(|e| e.into_inner());
        v.retain(|(a, _)| *a != article);
        v.insert(0, (article, rows));
        v.truncate(Self::KEPT);
    }
}

impl Clone for Recent {
    fn clone(&self) -> Self {
        Recent::default()
    }
}

/// Mentions per outlet, by outlet name: a map kept as a sorted vector. A library of 40k
/// articles has 150k entities, most told by one or two outlets, and a `BTreeMap` node costs
/// about 400 bytes however few it holds (60 MB of the reader's memory on 37.5k real
/// articles). Written and read as a map, as the `BTreeMap` it replaces was: the same JSON and
/// the same saved bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutletCounts(Vec<(std::sync::Arc<str>, usize)>);

impl OutletCounts {
    /// Count `n` more mentions for `outlet`.
    pub fn add(&mut self, outlet: &str, n: usize) {
        match self.0.binary_search_by(|(o, _)| (**o).cmp(outlet)) {
            Ok(i) => self.0[i].1 += n,
            Err(i) => self.0.insert(i, (shared_name(outlet), n)),
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, outlet: &str) -> Option<usize> {
        self.0
            .binary_search_by(|(o, _)| (**o).cmp(outlet))
            .ok()
            .map(|i| self.0[i].1)
    }

    pub fn contains_key(&self, outlet: &str) -> bool {
        self.get(outlet).is_some()
    }

    /// Outlets and their counts, by outlet name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        self.0.iter().map(|(o, n)| (&**o, *n))
    }
}

/// One copy of each string handed to [`Shared::get`]: the entity list's outlet names (see
/// [`shared_name`]).
#[derive(Debug, Default)]
struct Shared(std::collections::HashSet<std::sync::Arc<str>>);

impl Shared {
    /// The shared copy of `s`, made on first use.
    fn get(&mut self, s: &str) -> std::sync::Arc<str> {
        if let Some(x) = self.0.get(s) {
            return x.clone();
        }
        let x: std::sync::Arc<str> = s.into();
        self.0.insert(x.clone());
        x
    }
}

/// The one shared copy of an outlet's name on this thread. An entity list names a few hundred
/// outlets half a million times (each spelling lists the outlets that use it): one copy each
/// instead of a string per use was 18 MB of the reader's memory on 100k articles.
pub fn shared_name(name: &str) -> std::sync::Arc<str> {
    thread_local! {
        static POOL: std::cell::RefCell<Shared> = std::cell::RefCell::default();
    }
    POOL.with(|pool| pool.borrow_mut().get(name))
}

/// Names written and read as strings, read into shared copies (see [`shared_name`]).
mod shared_names {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(names: &[Arc<str>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(names.iter().map(|n| &**n))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Arc<str>>, D::Error> {
        let names = Vec::<std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(names.iter().map(|n| super::shared_name(n)).collect())
    }
}

impl Serialize for OutletCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(o, n)| (&**o, n)))
    }
}

impl<'de> Deserialize<'de> for OutletCounts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<String, usize>::deserialize(d)?;
        Ok(OutletCounts(
            map.into_iter().map(|(o, n)| (shared_name(&o), n)).collect(),
        ))
    }
}

/// One real-world referent across the whole library, under every spelling seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    /// Canonical name: the well-known name, or the most complete form seen.
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<Alias>,
    /// Mentions per outlet.
    pub outlets: OutletCounts,
    pub mentions: Mentions,
    /// Why the spellings were joined, one line per join.
    pub why: Vec<String>,
}

/// One fact of a story: the sentences in which outlets report the same thing, and the outlets
/// of the story that do not report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub id: String,
    pub story: String,
    /// A few words from the sentence most like the others.
    pub label: String,
    /// The outlets that report it (the file name stands in for an outlet not named).
    pub outlets: Vec<String>,
    pub passages: Vec<FactPassage>,
    pub missing_from: Vec<String>,
    /// Outlets whose numbers or dates for it disagree with another outlet's, or are vaguer.
    #[serde(default)]
    pub differs: Vec<String>,
    /// How closely the outlets' versions agree: the average likeness of their sentences (1
    /// for a fact one sentence tells).
    pub cohesion: f32,
}

impl FactPassage {
    /// The name facts give its outlet: the outlet, or the file when none is named.
    pub fn outlet_label(&self) -> String {
        self.outlet.clone().unwrap_or_else(|| self.file.clone())
    }
}

/// The facts of one story, for the reader's side panel and fact matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryFacts {
    pub story: String,
    pub title: String,
    /// The story's articles (ids).
    pub articles: Vec<String>,
    /// The story's outlets, as facts name them.
    pub outlets: Vec<String>,
    pub facts: Vec<Fact>,
}

/// One outlet's telling of a fact: a sentence of one of its passages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactPassage {
    pub article: String,
    pub file: String,
    pub outlet: Option<String>,
    pub passage: u32,
    /// The sentence.
    pub text: String,
    /// Byte offsets of the sentence in the article text.
    pub start: usize,
    pub end: usize,
    /// How the sentence tells it: attribution, hedges, loaded terms, numbers, dates, quotes.
    #[serde(flatten)]
    pub framing: Framing,
}

// ---------------------------------------------------------------------------------------------
// Framing: how a sentence tells what it tells (computed by `analysis::framing`).

/// How one sentence tells its facts: who it is attributed to, how far the outlet stands from
/// it, which words carry a judgement, and the numbers, dates and quotations in it. Every span
/// is a byte range into the article text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Framing {
    /// Every source the sentence gives, in text order: a second speaker ("…, and the governor
    /// said …"), a relay's own source ("X, citing Y, said"), a source nested in another's
    /// report ("X said Y told him …"), a relative clause's "which was first reported by …".
    /// A sentence without a reporting clause of its own that carries on a quotation holds the
    /// attribution it inherits. [`Framing::governing`] picks the one over the main clause.
    #[serde(default)]
    pub attributions: Vec<Attribution>,
    /// Words by which the outlet keeps its distance: "reportedly", "what it described as",
    /// "so-called", scare quotes.
    pub hedges: Vec<Marked>,
    /// Evaluative wording from the loaded-terms lexicon ("ousted", "regime", "insurgents").
    pub loaded_terms: Vec<LoadedTerm>,
    /// Wording from the neutral side of the same lexicon groups ("removed from power",
    /// "government"), so a reader can see which outlet chose which.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub neutral_terms: Vec<LoadedTerm>,
    /// Quantities, dates excluded.
    pub numbers: Vec<NumberValue>,
    pub dates: Vec<DateValue>,
    /// Direct quotations (whole or partial) with their speakers.
    pub quotes: Vec<Quote>,
}

impl Framing {
    /// The attribution that governs the sentence: the first in its main clause, else the
    /// first not nested in another source's report, else the first.
    pub fn governing(&self) -> Option<&Attribution> {
        let a = &self.attributions;
        a.iter()
            .find(|x| x.clause == Clause::Main)
            .or_else(|| a.iter().find(|x| x.clause != Clause::Reported))
            .or_else(|| a.first())
    }

    /// The sources the outlet itself gives for the sentence: all but those nested inside
    /// another source's reported clause (the "Trump" of "Comey wrote that Trump told him").
    pub fn outlet_sources(&self) -> impl Iterator<Item = &Attribution> {
        self.attributions
            .iter()
            .filter(|x| x.clause != Clause::Reported)
    }
}

/// Where the attributing words stand against the clause they attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// Before it: "According to X, …", "X said that …", "…, saying …"; and a source a
    /// sentence inherits from the one before.
    Before,
    /// After it: "…, X said.", "“…,” said X"; and a source inherited from the sentence after.
    After,
    /// Inside it, with reported words on both sides: "…, X said, …", "operations it says are
    /// aimed at …".
    Inside,
}

/// Which clause of the sentence the attributing words belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clause {
    /// The sentence's main clause (or, inherited, the neighbouring sentence's).
    Main,
    /// A relative or subordinate clause: "which was first reported by …", "after X said …".
    Subordinate,
    /// Inside what another source of the sentence reports: the "Trump told him" of "Comey
    /// wrote that Trump told him …".
    Reported,
}

/// Where the attribution of a sentence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionOrigin {
    /// The sentence names its source: "a Syrian official told the Associated Press".
    Sentence,
    /// The sentence has its own reporting clause, but its source is a pronoun or a definite
    /// follow-up ("he said", "the official said", "the statement said") resolved to an earlier
    /// mention.
    Resolved,
    /// The sentence has no reporting clause of its own: it continues a quotation attributed in
    /// a neighbouring sentence of the same passage.
    Inherited,
}

/// Who the outlet says a statement comes from, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The source as the outlet names it: "a Syrian official", "Syrian state media",
    /// "U.S. State Department". For a resolved pronoun or follow-up, the antecedent.
    pub source: String,
    /// The words the sentence itself uses for the source when `source` was resolved
    /// elsewhere ("he", "the official", "the statement").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_written: Option<String>,
    /// The person or organization named in the source, when there is one (the gazetteer's
    /// name when it knows it): "SANA" in "Syria's state news agency, SANA".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Who relayed it to the outlet: "Associated Press" in "told the Associated Press",
    /// "Reuters" in "Reuters reported, citing …", "X" in "said in a post on X".
    pub via: Option<String>,
    /// The kind of text the source spoke through: "statement", "joint statement", "report".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The reporting verb as written, lowercased: "told", "said", "according to".
    pub verb: String,
    /// The verb itself casts doubt on what is reported ("claimed", "alleged").
    pub distance: bool,
    /// The source is not named: "an official", "sources familiar with", "officials", or a
    /// sentence that says it spoke on condition of anonymity.
    pub anonymous: bool,
    /// The attributing words (source through verb and relay) in the article text; for an
    /// inherited attribution, where it was found.
    pub span: Span,
    /// Where those words stand against the clause they attribute.
    pub position: Position,
    /// The reported clause the source is given for, without the attributing words around it
    /// (for [`Position::Inside`], the range from the first reported word to the last, the
    /// attributing words in between). For an inherited attribution, the whole sentence.
    pub covers: Span,
    /// Which clause of the sentence the attributing words belong to.
    pub clause: Clause,
    pub origin: AttributionOrigin,
}

/// What kind of distance a hedge puts between the outlet and what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HedgeKind {
    /// "reportedly", "allegedly", "purportedly", "apparently".
    Reportedly,
    /// The statement is presented as someone's claim: "claims", "alleged", "so-called".
    Claim,
    /// The outlet marks the wording as the source's: "what it described as", "it says".
    Distance,
    /// A short quoted phrase not attributed as speech: 'positive' talks.
    ScareQuote,
    /// Unverified or uncertain: "is believed to", "could not be independently verified".
    Uncertainty,
    /// A vague or unnamed source: "according to reports", "media reports".
    VagueSource,
}

/// A marked stretch of text: a hedge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marked {
    pub text: String,
    pub span: Span,
    pub kind: HedgeKind,
}

/// A word or phrase from the loaded-terms lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadedTerm {
    pub text: String,
    pub span: Span,
    /// The lexicon group's id ("removal_from_power"): terms of one group are alternative
    /// words for the same thing, so outlets can be compared on it.
    pub group: String,
    /// The group's neutral wording ("removed from power", "end of rule").
    pub neutral: Vec<String>,
    /// The term is inside a quotation: the outlet reports someone else's word.
    pub quoted: bool,
}

/// What a number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    Count,
    Money,
    Percent,
    /// "fifth round", "3rd".
    Ordinal,
}

/// A quantity in the text, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberValue {
    /// The words as written, qualifier included: "more than 1,200", "hundreds of".
    pub text: String,
    pub span: Span,
    /// The figure itself (money in units of the currency: "$4 million" is 4000000); `None`
    /// for a range or a vague quantity ("dozens").
    pub value: Option<f64>,
    /// The interval the words allow: "more than 1,000" is [1000, none], "dozens" [24, 99],
    /// "about 200" [170, 230], "10 to 20" [10, 20].
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// What is counted: the noun after the number ("airstrikes", "people"), "percent", or the
    /// currency ("USD", "EUR", "GBP").
    pub unit: Option<String>,
    pub kind: NumberKind,
    /// "more than", "at least", "about", "nearly", "up to".
    pub qualifier: Option<String>,
    /// A qualifier makes it inexact ("about 200", "more than a year").
    pub approximate: bool,
    /// No figure at all: "dozens", "hundreds of", "several", "a handful".
    pub vague: bool,
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
    Decade,
    /// A phrase that could not be placed on the calendar ("last year" in an undated article).
    Relative,
}

/// Where the reported event lies relative to the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRelation {
    /// "before", "prior to", "pre-", "ahead of".
    Before,
    /// "after", "following", "post-".
    After,
    /// "since", "as of".
    Since,
    /// "until", "till", "through".
    Until,
    /// A deadline: "by".
    By,
}

/// A date in the text, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue {
    /// The words as written, relation and qualifier included: "pre-2024", "prior to Dec. 8,
    /// 2024", "late 2024".
    pub text: String,
    pub span: Span,
    /// "2024-12-08", "2024-12", "2024", "1990s", or the phrase itself when it cannot be placed
    /// ("last year" in an undated article, "Tuesday").
    pub value: Option<String>,
    pub precision: DatePrecision,
    /// Coarser than a day ("2024", "December", "late 2024", "the 1990s"), loose ("more than a
    /// year ago") or not placed on the calendar ("last year" in an undated article).
    pub vague: bool,
    pub relation: Option<DateRelation>,
    /// "early", "mid", "late", "around", "the end of".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
}

/// A direct quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// The quoted words in the article text.
    pub span: Span,
    /// Who said it, from the sentence's attribution (resolved) or a neighbouring sentence's.
    pub speaker: Option<String>,
    /// The quotation runs on into a neighbouring sentence.
    #[serde(default)]
    pub continues: bool,
}

/// How two outlets' versions of one number or date relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// The same value at the same precision.
    Agree,
    /// Both can be right, but the first says less ("pre-2024" against "prior to Dec. 8, 2024";
    /// "hundreds" against "more than 300").
    FirstVaguer,
    /// Both can be right, but the second says less.
    SecondVaguer,
    /// They cannot both be right.
    Disagree,
}

/// One pairing made by a comparison: `a` and `b` index the two slices compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compared {
    pub a: usize,
    pub b: usize,
    pub agreement: Agreement,
}

/// The result of comparing two outlets' numbers (or dates) for one fact.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Comparison {
    /// Items paired because they measure the same thing (same unit, same relation).
    pub pairs: Vec<Compared>,
    /// Items of the first slice with no counterpart in the second.
    pub only_a: Vec<usize>,
    /// Items of the second slice with no counterpart in the first.
    pub only_b: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::word_count;

    /// `word_count` as first written: one character at a time.
    fn reference(text: &str) -> usize {
        let mut count = 0;
        let mut in_word = false;
        let mut joiner = false;
        for c in text.chars() {
            if super::is_cjk_character(c) {
                count += 1;
                in_word = false;
                joiner = false;
            } else if c.is_alphanumeric() {
                if !in_word && !joiner {
                    count += 1;
                }
                in_word = true;
                joiner = false;
            } else if in_word && matches!(c, '\'' | '’' | '-' | '.') {
                in_word = false;
                joiner = true;
            } else {
                in_word = false;
                joiner = false;
            }
        }
        count
    }

    #[test]
    fn word_count_examples() {
        assert_eq!(word_count("don't stop al-Assad in the U.S. now"), 7);
        assert_eq!(word_count("a--b a-.b ’tis rock’n’roll Shaibāni 3.5"), 8);
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("叙利亚和以色列"), 7);
        assert_eq!(word_count("巴黎で会談"), 5);
        assert_eq!(word_count("서울에서 회담이 열렸다"), 3);
    }

    #[test]
    fn word_count_is_the_character_rule() {
        const BITS: &[&str] = &[
            "a",
            "Z",
            "9",
            "_",
            "-",
            "'",
            "’",
            ".",
            " ",
            "  ",
            "é",
            "ā",
            "—",
            "“",
            "”",
            "٣",
            "会",
            "か",
            "서울",
            "\n",
            "x",
            "don't",
            "U.S.",
            "al-",
            ",",
            "0123456789abcdefghijklmnopqrstuvwxyz-ABC",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for k in 0..(x % 40) {
                s.push_str(BITS[((x >> (k % 50)) as usize ^ (k as usize * 7)) % BITS.len()]);
            }
            assert_eq!(word_count(&s), reference(&s), "{s:?}");
        }
    }
}

/// One article of a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryArticle {
    pub id: String,
    pub file: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
}

/// The same event told by one or more outlets: articles grouped by what they say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    /// Stable while the story's smallest article id stays in it.
    pub id: String,
    /// The most representative headline, or the name a reader pinned it under; never empty.
    pub title: String,
    /// Set when `briefing.toml` pinned articles into this story.
    pub pinned: bool,
    /// By outlet, then file; articles with no outlet named last.
    pub articles: Vec<StoryArticle>,
    /// The outlets named, sorted.
    pub outlets: Vec<String>,
    /// Earliest and latest publication dates known.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

#[cfg(test)]
mod entity_tests {
    use super::*;

    fn entity(name: &str, mentions: Vec<EntityMention>) -> Entity {
        Entity {
            id: name.to_lowercase(),
            name: name.into(),
            kind: EntityKind::Person,
            aliases: vec![],
            outlets: OutletCounts::default(),
            mentions: mentions.into(),
            why: vec![],
        }
    }

    #[test]
    fn a_mention_keeps_its_passage_offsets_and_spelling_and_cuts_what_cannot_fit() {
        let m = EntityMention::new(7, Some(3), 100, 112, 2);
        assert_eq!(
            (m.article, m.passage(), m.start, m.end(), m.alias()),
            (7, Some(3), 100, 112, 2)
        );
        assert_eq!(EntityMention::new(0, None, 5, 9, 0).passage(), None);
        let long = EntityMention::new(0, Some(0), 10, 10 + 100_000, 70_000);
        assert_eq!((long.end(), long.alias()), (10 + 65_535, 65_535));
    }

    #[test]
    fn packed_mentions_give_back_what_was_packed_and_are_saved_as_the_plain_list() {
        // Article by article over several blocks, with far jumps, no passage, long and
        // repeated starts; then the same out of article order.
        let mut list: Vec<EntityMention> = Vec::new();
        for a in [0u32, 1, 5, 5_000, 4_000_000_000] {
            for k in 0..40u32 {
                let start = if k % 7 == 0 {
                    4_000_000_000 - k
                } else {
                    k * 300
                };
                let passage = (k % 5 != 0).then_some(k / 3);
                list.push(EntityMention::new(
                    a,
                    passage,
                    start,
                    start + k % 20,
                    k as usize % 9,
                ));
            }
        }
        let mut shuffled = list.clone();
        shuffled.swap(3, 150);
        shuffled.reverse();
        for (given, in_order) in [(&list, true), (&shuffled, false)] {
            let packed = Mentions::from(given.clone());
            assert_eq!(packed.len(), given.len());
            assert_eq!(packed.iter().collect::<Vec<_>>(), *given);
            assert_eq!(packed.iter().len(), given.len());
            assert_eq!(
                packed.article_range(),
                in_order.then_some((0, 4_000_000_000))
            );
            for a in [0u32, 1, 2, 5, 5_000, 4_000_000_000, u32::MAX] {
                let want: Vec<EntityMention> =
                    given.iter().copied().filter(|m| m.article == a).collect();
                assert_eq!(
                    packed.in_article(a).collect::<Vec<_>>(),
                    want,
                    "article {a}"
                );
            }
            // The same bytes and JSON as the list it stands for, and read back the same.
            let bytes = postcard::to_stdvec(given).unwrap();
            assert_eq!(postcard::to_stdvec(&packed).unwrap(), bytes);
            assert_eq!(postcard::from_bytes::<Mentions>(&bytes).unwrap(), packed);
            let json = serde_json::to_string(given).unwrap();
            assert_eq!(serde_json::to_string(&packed).unwrap(), json);
            assert_eq!(serde_json::from_str::<Mentions>(&json).unwrap(), packed);
        }
        // Smaller than the plain list, by more than half.
        let packed = Mentions::from(list.clone());
        assert!(packed.bytes.len() + packed.blocks.len() * 8 < list.len() * 16 / 2);
        assert!(Mentions::default().is_empty());
        assert_eq!(Mentions::default().article_range(), None);
        assert_eq!(Mentions::default().in_article(0).count(), 0);
    }

    #[test]
    fn outlet_counts_stay_sorted_and_read_as_a_map() {
        let mut c = OutletCounts::default();
        for o in ["Reuters", "AP", "Reuters", "BBC"] {
            c.add(o, 1);
        }
        assert_eq!(
            c.iter().collect::<Vec<_>>(),
            [("AP", 1), ("BBC", 1), ("Reuters", 2)]
        );
        assert_eq!((c.get("Reuters"), c.contains_key("CNN")), (Some(2), false));
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, r#"{"AP":1,"BBC":1,"Reuters":2}"#);
        let map: std::collections::BTreeMap<String, usize> = serde_json::from_str(&json).unwrap();
        let bytes = postcard::to_stdvec(&map).unwrap();
        assert_eq!(postcard::to_stdvec(&c).unwrap(), bytes);
        assert_eq!(postcard::from_bytes::<OutletCounts>(&bytes).unwrap(), c);
    }

    #[test]
    fn the_entity_at_an_offset_is_looked_up_per_article() {
        let articles = ["a", "b", "c"]
            .map(|id| MentionedArticle {
                id: id.into(),
                file: format!("{id}.txt"),
            })
            .to_vec();
        let m = |article, start| EntityMention::new(article, Some(0), start, start + 3, 0);
        let list = Entities::new(
            articles,
            vec![
                entity("One", vec![m(2, 40), m(0, 10)]),
                entity("Two", vec![m(2, 5), m(2, 40)]),
            ],
        );
        list.prepare();
        // "One"'s mentions are out of article order: read whole; "Two"'s are in order.
        assert_eq!(list.sorted(), [None, Some((2, 2))]);
        assert_eq!(list.entity_at("a", 10), Some(0));
        assert_eq!(list.entity_at("c", 5), Some(1));
        // A start told twice keeps the first entity listed.
        assert_eq!(list.entity_at("c", 40), Some(0));
        assert_eq!(list.entity_at("b", 10), None);
        assert_eq!(list.entity_at("a", 11), None);
        assert_eq!(list.entity_at("z", 10), None);
        // Asked again, from the articles kept; a copy of the list keeps none and agrees.
        assert_eq!(list.entity_at("c", 5), Some(1));
        let copy = list.clone();
        assert_eq!(copy.entity_at("c", 40), Some(0));
        // More articles than are kept: the first is worked out again, the same.
        let many: Vec<MentionedArticle> = (0..20)
            .map(|k| MentionedArticle {
                id: format!("x{k}"),
                file: format!("x{k}.txt"),
            })
            .collect();
        let list = Entities::new(
            many,
            vec![entity("Three", (0..20).map(|k| m(k, 7 + k)).collect())],
        );
        for k in 0..20u32 {
            assert_eq!(list.entity_at(&format!("x{k}"), 7 + k as usize), Some(0));
        }
        assert_eq!(list.entity_at("x0", 7), Some(0));
        assert_eq!(list.entity_at("x0", 8), None);
    }
}
