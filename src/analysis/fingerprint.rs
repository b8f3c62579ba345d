//! Article fingerprints for story grouping, computed once per article at analysis time so that
//! grouping a library never reads text again. A fingerprint holds a one-permutation MinHash
//! sketch (one hash per token, bin = hash mod [`BINS`], the minimum kept per bin, empty bins
//! filled by rotation) over the article's content words and entity keys, plus its most salient
//! entity keys and words with their counts. Content words are lowercased and accent-folded,
//! stop words and short words skipped, a plural -s dropped; people's names are keyed by the
//! transliteration skeletons `aliases` uses, so "al-Shibani" and "al-Shaibani" hash alike.
//! Pure and cheap: one pass over the words, one hash each; no library-wide knowledge.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::aliases;
use crate::model::{Article, EntityKind, Fingerprint, pack_terms};

/// Bins of the MinHash sketch (a power of two).
pub const BINS: usize = 128;
/// Entity keys kept per article.
pub const MAX_NAMES: usize = 24;
/// Whole names of people kept per article.
pub const MAX_PEOPLE: usize = 8;
/// Salient words kept per article.
pub const MAX_WORDS: usize = 32;
/// Paragraphs at the top of an article that count double.
const LEDE: u32 = 2;
const SEED: u64 = 0x5354_4f52_4945_5321;

/// Words too common in news prose to say what a story is about.
const STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "according",
    "across",
    "added",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "among",
    "and",
    "another",
    "any",
    "anyone",
    "anything",
    "are",
    "around",
    "asked",
    "away",
    "back",
    "based",
    "became",
    "because",
    "become",
    "been",
    "before",
    "began",
    "behind",
    "being",
    "believe",
    "below",
    "best",
    "better",
    "between",
    "both",
    "but",
    "called",
    "came",
    "can",
    "cannot",
    "could",
    "day",
    "days",
    "did",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "early",
    "either",
    "else",
    "end",
    "even",
    "ever",
    "every",
    "far",
    "few",
    "first",
    "for",
    "former",
    "four",
    "from",
    "full",
    "further",
    "get",
    "gets",
    "getting",
    "give",
    "given",
    "going",
    "good",
    "got",
    "great",
    "had",
    "has",
    "have",
    "having",
    "her",
    "here",
    "hers",
    "herself",
    "high",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "including",
    "instead",
    "into",
    "its",
    "itself",
    "just",
    "know",
    "known",
    "large",
    "last",
    "late",
    "later",
    "least",
    "less",
    "like",
    "likely",
    "long",
    "made",
    "make",
    "makes",
    "making",
    "many",
    "may",
    "might",
    "more",
    "most",
    "much",
    "must",
    "near",
    "need",
    "never",
    "new",
    "news",
    "next",
    "nor",
    "not",
    "now",
    "off",
    "often",
    "old",
    "once",
    "one",
    "only",
    "onto",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "part",
    "past",
    "per",
    "put",
    "rather",
    "really",
    "recent",
    "recently",
    "report",
    "reported",
    "reports",
    "right",
    "said",
    "same",
    "say",
    "saying",
    "says",
    "second",
    "see",
    "seen",
    "set",
    "several",
    "she",
    "should",
    "show",
    "since",
    "small",
    "some",
    "something",
    "still",
    "such",
    "take",
    "taken",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "think",
    "third",
    "this",
    "those",
    "though",
    "three",
    "through",
    "time",
    "times",
    "today",
    "told",
    "too",
    "top",
    "toward",
    "towards",
    "two",
    "under",
    "until",
    "upon",
    "use",
    "used",
    "very",
    "want",
    "was",
    "way",
    "week",
    "well",
    "went",
    "were",
    "what",
    "whatever",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
    "yours",
    // Weekdays: every story has them; exact dates are keyed apart.
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// True when `lower` (a lowercased word) is too common in news prose to be a name.
pub(crate) fn is_stop_word(lower: &str) -> bool {
    STOP_WORDS.contains(&lower)
}

/// Hashes of the stop words, as [`add_words`] hashes words (after dropping a plural -s).
fn stop_hashes() -> &'static ByHash<()> {
    static S: OnceLock<ByHash<()>> = OnceLock::new();
    S.get_or_init(|| {
        STOP_WORDS
            .iter()
            .map(|w| (hash(singular_bytes(w.as_bytes()), WORD), ()))
            .collect()
    })
}

/// A hasher for keys that already are hashes.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ByHash<V> = HashMap<u64, V, BuildHasherDefault<Identity>>;

/// Kinds of term, hashed apart so a word and a name never collide.
const WORD: u64 = 0;
const PERSON: u64 = 1;
const KNOWN: u64 = 2;
const ORGANIZATION: u64 = 3;
const PLACE: u64 = 4;
const DATE: u64 = 5;
const FULL_NAME: u64 = 6;

fn hash(bytes: &[u8], kind: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(bytes, SEED ^ kind.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// One-permutation MinHash: the smallest hash seen in each bin.
struct Sketch {
    mins: [u64; BINS],
}

impl Sketch {
    fn new() -> Self {
        Sketch {
            mins: [u64::MAX; BINS],
        }
    }

    fn add(&mut self, h: u64) {
        let bin = (h as usize) & (BINS - 1);
        let v = h >> BINS.trailing_zeros();
        if v < self.mins[bin] {
            self.mins[bin] = v;
        }
    }

    /// The bins as 16-bit values; an empty bin takes the value of the next filled bin to its
    /// right, mixed with the distance (densification by rotation), so two sketches compare
    /// bin by bin. Empty when nothing was added.
    fn finish(&self) -> Vec<u8> {
        if self.mins.iter().all(|&m| m == u64::MAX) {
            return Vec::new();
        }
        let top = |v: u64| (v >> (64 - BINS.trailing_zeros() - 16)) as u16;
        let mut out = Vec::with_capacity(BINS * 2);
        for j in 0..BINS {
            let v = if self.mins[j] != u64::MAX {
                top(self.mins[j])
            } else {
                let (t, m) = (1..BINS)
                    .map(|t| (t, self.mins[(j + t) % BINS]))
                    .find(|&(_, m)| m != u64::MAX)
                    .unwrap_or((0, 0));
                let mut key = [0u8; 16];
                key[..8].copy_from_slice(&m.to_le_bytes());
                key[8..].copy_from_slice(&(t as u64).to_le_bytes());
                top(hash(&key, WORD) >> BINS.trailing_zeros())
            };
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }
}

/// Term counts of one article: (count, length of the term, for ties).
type Counts = ByHash<(u32, u8)>;

/// Lowercased, accent-folded `text` into `buf`.
fn fold_into(text: &str, buf: &mut String) {
    buf.clear();
    for c in text.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            for l in c.to_lowercase() {
                if let Some(f) = aliases::fold(l) {
                    buf.push(f);
                }
            }
        }
    }
}

/// Add `weight` for each entity key of a mention to `names` (and each new key to the
/// sketch). People's names give one key per name token, by transliteration skeleton
/// ("Hussein al-Salama": Hussein, Salama), so a bare surname meets the full name, and a name
/// of two tokens or more also counts whole in `people`; groups and vague dates give none.
fn add_mention(
    m: &crate::model::Mention,
    weight: u32,
    sketch: &mut Sketch,
    names: &mut Counts,
    people: &mut Counts,
    buf: &mut String,
) {
    let mut add = |bytes: &[u8], kind: u64| {
        let h = hash(bytes, kind);
        let e = names.entry(h).or_insert_with(|| {
            sketch.add(h);
            (0, bytes.len().min(255) as u8)
        });
        e.0 += weight;
    };
    if let Some(k) = m.known.as_deref()
        && m.kind != EntityKind::Date
    {
        fold_into(k, buf);
        add(buf.as_bytes(), KNOWN);
        return;
    }
    match m.kind {
        EntityKind::Person => {
            // Each name token; the whole name apart (a surname alone is shared by many people).
            buf.clear();
            let mut tokens = 0;
            for token in m.text.split(|c: char| c.is_whitespace() || c == '-') {
                let t = token.trim_matches(|c: char| !c.is_alphanumeric());
                let t = t
                    .strip_suffix("'s")
                    .or_else(|| t.strip_suffix("’s"))
                    .unwrap_or(t);
                if t.is_empty() || aliases::PARTICLES.iter().any(|p| t.eq_ignore_ascii_case(p)) {
                    continue;
                }
                let sk = aliases::skeleton(t);
                if sk.len() >= 3 {
                    add(sk.as_bytes(), PERSON);
                }
                buf.push_str(&sk);
                buf.push(' ');
                tokens += 1;
            }
            if tokens >= 2 {
                let h = hash(buf.as_bytes(), FULL_NAME);
                people.entry(h).or_insert((0, buf.len().min(255) as u8)).0 += weight;
            }
        }
        EntityKind::Organization | EntityKind::Place => {
            fold_into(&m.text, buf);
            let s = buf.trim();
            let s = s.strip_prefix("the ").unwrap_or(s);
            let s = s
                .strip_suffix("'s")
                .or_else(|| s.strip_suffix("’s"))
                .unwrap_or(s);
            let kind = if m.kind == EntityKind::Place {
                PLACE
            } else {
                ORGANIZATION
            };
            if !s.is_empty() {
                add(s.as_bytes(), kind);
            }
        }
        EntityKind::Date => {
            if let Some(v) = m.value.as_deref()
                && v.len() == 10
                && v.as_bytes()[4] == b'-'
                && v.as_bytes()[7] == b'-'
            {
                add(v.as_bytes(), DATE);
            }
        }
        EntityKind::Group => {}
    }
}

/// Count one word (lowercased and folded) into `counts` and the sketch, unless it is short or
/// a stop word.
fn add_word(word: &[u8], digits: bool, w: u32, sketch: &mut Sketch, counts: &mut Counts) {
    if word.len() < 3 {
        return;
    }
    let word = if digits { word } else { singular_bytes(word) };
    let h = hash(word, WORD);
    if !digits && stop_hashes().contains_key(&h) {
        return;
    }
    let e = counts.entry(h).or_insert_with(|| {
        sketch.add(h);
        (0, word.len().min(255) as u8)
    });
    e.0 += w;
}

/// A word without a plural -s: "tariffs" -> "tariff" (not "business", "status", "crisis").
fn singular_bytes(word: &[u8]) -> &[u8] {
    match word {
        [.., b's', b's'] | [.., b'u', b's'] | [.., b'i', b's'] => word,
        [rest @ .., b's'] if word.len() >= 5 => rest,
        _ => word,
    }
}

/// Byte classes for the word scanner.
const SEP: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const NON_ASCII: u8 = 4;
const CLASS: [u8; 256] = {
    let mut t = [SEP; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if b >= 0x80 {
            NON_ASCII
        } else if (b as u8).is_ascii_alphabetic() {
            LETTER
        } else if (b as u8).is_ascii_digit() {
            DIGIT
        } else {
            SEP
        };
        b += 1;
    }
    t
};

/// Count the content words of `text` into `counts` (weight `w` each) and the sketch. Runs of
/// ASCII letters and digits are lowercased on the stack; words with other letters, and
/// numbers written "1,250" or "3.5", go through `buf` a character at a time.
fn add_words(text: &str, w: u32, sketch: &mut Sketch, counts: &mut Counts, buf: &mut String) {
    let bytes = text.as_bytes();
    let mut low = [0u8; 48];
    let mut i = 0;
    while i < bytes.len() {
        let class = CLASS[usize::from(bytes[i])];
        if class == SEP {
            i += 1;
            continue;
        }
        let start = i;
        if class != NON_ASCII {
            let len = bytes[i..]
                .iter()
                .take_while(|&&b| CLASS[usize::from(b)] & (LETTER | DIGIT) != 0)
                .count();
            let run = &bytes[i..i + len];
            i += len;
            let digits = run.iter().all(u8::is_ascii_digit);
            let next = bytes.get(i).map(|&b| CLASS[usize::from(b)]);
            let joined_number = digits
                && matches!(bytes.get(i), Some(b',' | b'.'))
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            if next != Some(NON_ASCII) && !joined_number {
                if (3..=low.len()).contains(&len) {
                    // ASCII letters lowercase by setting 0x20; digits already have it.
                    let word = &mut low[..len];
                    word.copy_from_slice(run);
                    for b in word.iter_mut() {
                        *b |= 0x20;
                    }
                    add_word(word, digits, w, sketch, counts);
                }
                continue;
            }
        }
        // One word a character at a time, from its start.
        buf.clear();
        let mut digits = true;
        let mut k = start;
        while let Some(c) = text.get(k..).and_then(|t| t.chars().next()) {
            if c.is_ascii_alphanumeric() {
                buf.push(c.to_ascii_lowercase());
                digits &= c.is_ascii_digit();
                k += 1;
            } else if !c.is_ascii() && c.is_alphanumeric() {
                for l in c.to_lowercase() {
                    if let Some(f) = aliases::fold(l) {
                        buf.push(f);
                    }
                }
                digits = false;
                k += c.len_utf8();
            } else if matches!(c, ',' | '.')
                && digits
                && !buf.is_empty()
                && bytes.get(k + 1).is_some_and(u8::is_ascii_digit)
            {
                k += 1;
            } else {
                break;
            }
        }
        if k == start {
            // A character that is not a letter or digit ("—", "’").
            k += text
                .get(k..)
                .and_then(|t| t.chars().next())
                .map_or(1, char::len_utf8);
        } else {
            add_word(buf.as_bytes(), digits, w, sketch, counts);
        }
        i = k;
    }
}

/// The `max` terms with the highest counts (ties: longer terms, then hash), as packed bytes
/// sorted by hash.
fn top_terms(counts: &Counts, max: usize) -> Vec<u8> {
    let mut all: Vec<(u32, u8, u64)> = counts.iter().map(|(&h, &(n, l))| (n, l, h)).collect();
    let rank = |a: &(u32, u8, u64), b: &(u32, u8, u64)| {
        b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
    };
    if all.len() > max {
        all.select_nth_unstable_by(max, rank);
        all.truncate(max);
    }
    let mut terms: Vec<(u32, u8)> = all
        .iter()
        .map(|&(n, _, h)| ((h >> 32) as u32, n.min(255) as u8))
        .collect();
    terms.sort_unstable();
    terms.dedup_by_key(|t| t.0);
    pack_terms(&terms)
}

/// The fingerprint of an analysed article (passages and mentions filled in).
pub fn fingerprint(article: &Article) -> Fingerprint {
    let mut sketch = Sketch::new();
    let mut words = Counts::with_capacity_and_hasher(512, Default::default());
    let mut buf = String::with_capacity(64);
    // News puts the event in the headline and the first paragraphs: their words count more.
    if let Some(t) = &article.title {
        add_words(t, 3, &mut sketch, &mut words, &mut buf);
    }
    for p in &article.passages {
        let w = if p.index < LEDE { 2 } else { 1 };
        add_words(&p.text, w, &mut sketch, &mut words, &mut buf);
    }
    // Most names recur: key each distinct spelling once.
    let mut distinct: ByHash<(u32, &crate::model::Mention)> =
        ByHash::with_capacity_and_hasher(article.mentions.len(), Default::default());
    for m in &article.mentions {
        let w = if m.passage.is_some_and(|p| p < LEDE) {
            2
        } else {
            1
        };
        let key = hash(m.text.as_bytes(), 16 + m.kind as u64);
        distinct.entry(key).or_insert((0, m)).0 += w;
    }
    // Counting and sketching are order-free, so the map's order does not matter.
    let mut names = Counts::with_capacity_and_hasher(distinct.len() * 2, Default::default());
    let mut people = Counts::default();
    for (w, m) in distinct.into_values() {
        add_mention(m, w, &mut sketch, &mut names, &mut people, &mut buf);
    }
    Fingerprint {
        sketch: sketch.finish(),
        names: top_terms(&names, MAX_NAMES),
        words: top_terms(&words, MAX_WORDS),
        people: top_terms(&people, MAX_PEOPLE),
    }
}

/// The share of equal bins of two sketches (see [`Fingerprint::bins`]): an estimate of the
/// Jaccard similarity of the sets they were made from. 0 when either is empty.
pub fn jaccard(a: &[u16], b: &[u16]) -> f32 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same: usize = a.iter().zip(b).map(|(x, y)| usize::from(x == y)).sum();
    same as f32 / a.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Mention, Span};

    fn article(title: &str, body: &str, mentions: &[(EntityKind, &str)]) -> Article {
        Article {
            title: Some(title.into()),
            mentions: mentions
                .iter()
                .map(|&(kind, text)| Mention {
                    kind,
                    passage: Some(0),
                    span: Span::new(0, 0),
                    text: text.into(),
                    known: None,
                    value: None,
                    learned: false,
                })
                .collect(),
            ..Article::with_body("x.txt", body)
        }
    }

    const BODY: &str = "Syrian and Israeli officials resumed talks in Paris on a security \
        agreement, a demilitarised buffer zone and the withdrawal of troops to the 1974 \
        disengagement lines, with a joint communication cell to reduce tensions. The \
        negotiations, mediated by Washington, follow months of stalled contacts and border \
        clashes near Quneitra, where farmers reported incursions.";

    #[test]
    fn sketch_has_every_bin_and_is_deterministic() {
        let a = article("Talks resume in Paris", BODY, &[]);
        let f = fingerprint(&a);
        assert_eq!(f.sketch.len(), BINS * 2);
        assert_eq!(f, fingerprint(&a));
        assert!(fingerprint(&article("", "", &[])).sketch.is_empty());
    }

    #[test]
    fn jaccard_estimate_tracks_overlap() {
        let bins = |f: &Fingerprint| f.bins().collect::<Vec<u16>>();
        let a = bins(&fingerprint(&article("Talks resume in Paris", BODY, &[])));
        let same = bins(&fingerprint(&article("Talks resume in Paris", BODY, &[])));
        let half = bins(&fingerprint(&article(
            "Talks resume in Paris",
            &format!(
                "{} Separately, a storm flooded coastal villages, rescuers evacuated \
                 thousands of residents, reservoirs overflowed and electricity failed across \
                 provinces while forecasters warned heavier rainfall would arrive overnight.",
                &BODY[..BODY.len() / 2]
            ),
            &[],
        )));
        let other = bins(&fingerprint(&article(
            "Storm floods coast",
            "A storm flooded coastal villages, rescuers evacuated thousands of residents, \
             reservoirs overflowed and electricity failed across provinces while forecasters \
             warned heavier rainfall would arrive overnight.",
            &[],
        )));
        assert_eq!(jaccard(&a, &same), 1.0);
        let j_half = jaccard(&a, &half);
        let j_other = jaccard(&a, &other);
        assert!(j_half > 0.15 && j_half < 0.8, "{j_half}");
        assert!(j_other < 0.1, "{j_other}");
        assert_eq!(jaccard(&a, &[]), 0.0);
    }

    #[test]
    fn words_are_folded_stopped_and_singular() {
        let a = fingerprint(&article(
            "",
            "The Tariffs, the tariff; TARIFFS and Tarïff.",
            &[],
        ));
        let terms: Vec<(u32, u8)> = a.word_terms().collect();
        assert_eq!(terms.len(), 1, "{terms:?}");
        // Four times, in the first paragraph (which counts double).
        assert_eq!(terms[0].1, 8);
        let n = fingerprint(&article("", "1,250 or 1250, not 12 or 3.", &[]));
        let counts: Vec<u8> = n.word_terms().map(|t| t.1).collect();
        assert_eq!(counts, vec![4], "{counts:?}");
    }

    #[test]
    fn spellings_of_one_name_share_keys() {
        let a = fingerprint(&article(
            "",
            BODY,
            &[
                (EntityKind::Person, "Asaad al-Shibani"),
                (EntityKind::Person, "Hussein al-Salama"),
            ],
        ));
        let b = fingerprint(&article(
            "",
            BODY,
            &[
                (EntityKind::Person, "Asaad al-Shaibani"),
                (EntityKind::Person, "Salameh"),
            ],
        ));
        let keys = |f: &Fingerprint| f.name_terms().map(|t| t.0).collect::<Vec<_>>();
        let (ka, kb) = (keys(&a), keys(&b));
        // Asaad, Shibani; Hussein, Salama.
        assert_eq!(ka.len(), 4);
        // Asaad, Shaibani; Salameh.
        assert_eq!(kb.len(), 3);
        assert!(kb.iter().all(|k| ka.contains(k)), "{ka:?} {kb:?}");
        // The whole names: al-Shibani's is shared, al-Salama's is not said whole in b.
        let whole = |f: &Fingerprint| f.people_terms().map(|t| t.0).collect::<Vec<_>>();
        assert_eq!(whole(&a).len(), 2);
        assert_eq!(whole(&b).len(), 1);
        assert!(whole(&a).contains(&whole(&b)[0]));
    }

    #[test]
    fn salient_lists_are_capped() {
        let body: String = (0..200).map(|i| format!("word{i} ")).collect();
        let f = fingerprint(&article("", &body, &[]));
        assert_eq!(f.words.len(), MAX_WORDS * 5);
    }
}
