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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    Paragraph,
    Heading,
    ListItem,
}

/// One paragraph (or heading, or list item) of an article body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
            passages: Vec::new(),
            dropped: self.dropped.clone(),
            offsets_are_file_bytes: self.offsets_are_file_bytes,
            warnings: self.warnings.clone(),
            mentions: self.mentions.clone(),
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
            count += usize::from(a && !a1 && !(j1 && a2));
            a2 = a1;
            a1 = a;
            j1 = c == '’';
            i += c.len_utf8();
        }
    }
    count
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
}

/// One spelling of an entity and who used it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub text: String,
    pub count: usize,
    /// Outlets that used this spelling ("(outlet not named)" for unknown ones).
    pub outlets: Vec<String>,
}

/// Where an entity is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    pub article: String,
    pub file: String,
    /// `None` for a mention in a caption or credit left out of the body.
    pub passage: Option<u32>,
    /// Byte offsets into the original file (see `offsets_are_file_bytes`).
    pub start: usize,
    pub end: usize,
    pub text: String,
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
    pub outlets: std::collections::BTreeMap<String, usize>,
    pub mentions: Vec<EntityMention>,
    /// Why the spellings were joined, one line per join.
    pub why: Vec<String>,
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
            if c.is_alphanumeric() {
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
