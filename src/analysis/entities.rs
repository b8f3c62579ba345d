//! Entity recognition: people, organizations, places, dates and groups in an article's body,
//! offline and deterministic. Rules over tokens plus the gazetteer: known names first
//! (leftmost-longest), then capitalised spans classified by context — a title or role before
//! a name ("Foreign Minister X", "intelligence chief X"), an organization head noun ("… Ministry",
//! "… Directorate"), a reporting verb after ("X said"), a known given name, Arabic name
//! particles ("Hussein al-Salama"), a place cue ("in X"). A run the rules cannot place, or
//! place only by a reporting verb after it, goes to a learned classifier ([`super::names`]).
//! Title-case lines only keep what the gazetteer or the article's prose confirms. Dates are normalised against the publication date.
//! Pure functions over `model` types; cross-article alias merging is `aliases`' job.

use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

use super::gazetteer::Gazetteer;
use super::names::{self, Features, NameClass};
use crate::ingest::dates;
use crate::ingest::{SHOUTED, label_word, title_cased};
use crate::model::{Article, EntityKind, Mention, PassageKind, Span};

mod teams;

/// Lowercase particles inside personal names ("bin", "de", "van").
const NAME_PARTICLES: &[&str] = &[
    "bin", "ibn", "bint", "abu", "de", "da", "di", "du", "del", "della", "van", "von", "der",
    "den", "la", "le", "al", "el", "y", "dos", "das",
];
/// Prefixes joined to a name by a hyphen: "al-Assad", "el-Sisi", "ash-Shara".
const HYPHEN_PARTICLES: &[&str] = &[
    "al-", "el-", "ash-", "as-", "ad-", "an-", "ar-", "at-", "az-", "ath-", "ul-", "Al-", "El-",
];

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    /// [`is_cap`] of the word.
    cap: bool,
    /// The word is all ASCII.
    ascii: bool,
}

impl Tok {
    fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

/// The character starting at byte `i` of `text`, if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        text.get(i..)?.chars().next()
    }
}

/// Words of `text`: letters/digits with inner hyphens, apostrophes and initialism dots.
fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    tokens_into(text, &mut out);
    out
}

/// The first byte at or after `i` that is not an ASCII letter or digit (or `b.len()`), found
/// eight bytes at a time.
pub(crate) fn ascii_word_end(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte of `x` strictly between `lo` and `hi` (bit-twiddling "has
    // between"; bytes from 0x80 up are never).
    let between = |x: u64, lo: u64, hi: u64| {
        let low = x & (ONES * 127);
        (ONES * (127 + hi) - low) & !x & (low + ONES * (127 - lo)) & (ONES * 128)
    };
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let alnum = between(x, 0x2f, 0x3a) | between(x | (ONES * 0x20), 0x60, 0x7b);
        let stop = !alnum & (ONES * 128);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// True when byte `b` (ASCII) joins two parts of a word: "al-Assad", "don't", "U.S".
fn ascii_joiner(b: u8) -> bool {
    matches!(b, b'-' | b'\'' | b'.')
}

/// [`tokens`], appended to `out`.
fn tokens_into(text: &str, out: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            match char_at(text, i) {
                Some(c) if c.is_alphanumeric() => {}
                Some(c) => {
                    i += c.len_utf8();
                    continue;
                }
                None => break,
            }
        }
        let start = i;
        let mut end = start;
        let mut ascii = true;
        // Extend over letters, and over a joiner followed by a letter.
        while end < bytes.len() {
            end = ascii_word_end(bytes, end);
            let Some(&b) = bytes.get(end) else { break };
            let (c, len) = if b < 0x80 {
                (b as char, 1)
            } else {
                match char_at(text, end) {
                    Some(c) => (c, c.len_utf8()),
                    None => break,
                }
            };
            if c.is_alphanumeric() {
                ascii = false;
                end += len;
                continue;
            }
            if (b < 0x80 && ascii_joiner(b)) || c == '’' {
                let next = end + len;
                if let Some(d) = char_at(text, next).filter(|d| d.is_alphanumeric()) {
                    ascii &= c.is_ascii() && d.is_ascii();
                    end = next + d.len_utf8();
                    continue;
                }
            }
            break;
        }
        // "U.S." and "Mr." keep their final period.
        if text.as_bytes().get(end) == Some(&b'.') {
            let w = &text[start..end];
            let initialism = w
                .split('.')
                .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
                || w.contains('.') && w.split('.').all(|p| p.chars().count() == 1);
            let abbrev = matches!(
                w,
                "Mr" | "Mrs"
                    | "Ms"
                    | "Dr"
                    | "Gen"
                    | "Lt"
                    | "Col"
                    | "Sgt"
                    | "Capt"
                    | "Adm"
                    | "Gov"
                    | "Sen"
                    | "Sens"
                    | "Rep"
                    | "Reps"
                    | "Prof"
                    | "St"
                    | "Jr"
                    | "Sr"
                    | "Maj"
            );
            if initialism || abbrev {
                end += 1;
            }
        }
        out.push(Tok {
            start,
            end,
            cap: is_cap(&text[start..end]),
            ascii,
        });
        i = end;
    }
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("’s")
        .or_else(|| w.strip_suffix("'s"))
        .unwrap_or(w)
}

/// The word after a hyphenated name particle: "al-Assad" -> "Assad".
fn after_particle(w: &str) -> Option<&str> {
    if !w.as_bytes().get(1..4).is_some_and(|b| b.contains(&b'-')) {
        return None;
    }
    HYPHEN_PARTICLES
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .filter(|r| r.chars().next().is_some_and(char::is_uppercase))
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase()) || after_particle(w).is_some()
}

/// Whether only spaces (plain or no-break) stand between tokens `a` and `b` of `text`.
fn spaced(text: &str, a: &Tok, b: &Tok) -> bool {
    text[a.end..b.start]
        .chars()
        .all(|c| c == ' ' || c == '\u{a0}')
}

/// Whether the words `before` end with a role or title ("Rep.", "Senate Majority Leader"),
/// read back up to all of them.
fn role_ends(w: &Words<'_>, before: &[Tok], g: &Gazetteer, key: &mut String) -> bool {
    if !before.last().is_some_and(|t| g.ends_role(&w.lower(t))) {
        return false;
    }
    let prev: Vec<Cow<'_, str>> = before.iter().map(|t| w.lower(t)).collect();
    (1..=prev.len()).any(|k| g.is_role_in(&prev[prev.len() - k..], key))
}

/// Words of grammar written with a capital, which are no name and no part of one: pronouns,
/// articles and determiners, auxiliaries and modals, question words, and their contractions
/// ("I’ve", "It's", "We're"). Only the title-case spelling: "IT", "US", "WHO" are acronyms.
/// "May", "Will" and "Can" are left out: they are names too ("Theresa May", "Will Hurd"); so
/// is "A", a label ("Group A", "Plan A").
fn is_function_word(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "I", "Me", "My", "We", "Us", "Our", "You", "Your", "He", "Him", "His", "She", "Her", "It",
        "Its", "They", "Them", "Their", "The", "An", "This", "That", "These", "Those", "Is", "Are",
        "Was", "Were", "Be", "Been", "Has", "Have", "Had", "Does", "Did", "Could", "Would",
        "Should", "Must", "Might", "Shall", "What", "Which", "Who", "Whom", "Whose", "When",
        "Where", "Why", "How", "Not", "There", "Here", "Let",
    ];
    let base = w.split(['\'', '’']).next().unwrap_or(w);
    let contracted = base.len() < w.len()
        && matches!(
            &w[base.len()..],
            "'ve" | "’ve" | "'m" | "’m" | "'d" | "’d" | "'ll" | "’ll" | "'re" | "’re" | "'s" | "’s"
        );
    WORDS.contains(&if contracted { base } else { w })
}

fn is_acronym(w: &str) -> bool {
    // Two to six capitals, dots aside.
    let mut letters = 0;
    for c in w.chars().filter(|c| *c != '.') {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    (2..=6).contains(&letters)
}

/// A month ("Dec.", "December" but not "Dec") or a weekday ("Monday", "Mon").
fn is_month_or_day(w: &str) -> bool {
    // Both begin with one of these three letters (any case); most words are ruled out here.
    const STARTS: &[&[u8; 3]] = &[
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec", b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun",
    ];
    let Some(&[a, b, c]) = w.as_bytes().get(..3) else {
        return false;
    };
    let start = [a, b, c].map(|x| x.to_ascii_lowercase());
    STARTS.contains(&&start)
        && (w.len() > 3 && dates::month_number(w).is_some() || weekday(w).is_some())
}

/// Whether `word` is a month's name with a day of the month after it (`rest`, the text that
/// follows): "Jan. 17", "Jan 7,". A month short enough to be a given name too, "Jan", is a
/// date there and a name elsewhere ("Jan Schakowsky").
fn month_before_day(word: &str, rest: &str) -> bool {
    dates::month_number(word).is_some() && day_follows(rest)
}

/// Whether a day of the month opens `rest`: ". 17 he said", " 7, 2019".
fn day_follows(rest: &str) -> bool {
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && rest[..digits]
            .parse::<u32>()
            .is_ok_and(|d| (1..=31).contains(&d))
        && !rest[digits..].starts_with(|c: char| c.is_alphanumeric())
}

/// Scratch space for [`classify`], kept between calls.
#[derive(Default)]
struct Scratch<'w> {
    words: Vec<&'w str>,
    lower: Vec<Cow<'w, str>>,
    /// For role look-ups.
    key: String,
    /// For the learned classifier.
    features: Features,
    buf: String,
}

/// What every month name and abbreviation starts with, to skip date patterns cheaply.
const MONTH_STEMS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

struct Dates {
    month_year: Regex,
    weekday: Regex,
    relative: Regex,
}

fn date_patterns() -> Option<&'static Dates> {
    static D: OnceLock<Option<Dates>> = OnceLock::new();
    D.get_or_init(|| {
        Some(Dates {
            month_year: Regex::new(r"\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s+(\d{4})\b").ok()?,
            weekday: Regex::new(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b").ok()?,
            relative: Regex::new(
                r"(?i)\b(?:(?:more than|nearly|almost|about|over|less than) )?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:year|month|week|day)s? ago\b|\b(?:last|next|this|earlier this|later this) (?:year|month|week|spring|summer|autumn|fall|winter)\b|\byesterday\b",
            )
            .ok()?,
        })
    })
    .as_ref()
}

fn weekday(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

/// Byte ranges of a text, in order and apart, that hold every match a pattern can have in it
/// (every match that yields a date), each beginning and ending next to an ASCII character that
/// is no part of a word (or at an end of the text): the pattern run over each range alone finds
/// what it finds over the whole text, for a fraction of the scanning.
type Windows = Vec<(usize, usize)>;

/// A byte of an ASCII word (what `\w` matches in ASCII).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// An ASCII character that is no part of a word, where a window may end: a regex sees the
/// same word boundary at the end of a window as in the whole text.
fn is_edge(c: char) -> bool {
    c.is_ascii() && !is_word_byte(c as u8)
}

fn char_before(text: &str, p: usize) -> Option<char> {
    text.get(..p)?.chars().next_back()
}

/// From byte `p` of `text` back over white space, then over at most `limit` other characters.
fn back_chunk(text: &str, mut p: usize, limit: usize) -> usize {
    while let Some(c) = char_before(text, p).filter(|c| c.is_whitespace()) {
        p -= c.len_utf8();
    }
    let mut n = 0;
    while let Some(c) = char_before(text, p).filter(|c| n < limit && !c.is_whitespace()) {
        p -= c.len_utf8();
        n += 1;
    }
    p
}

/// `lo..hi` of `text` widened to edges (see [`Windows`]); `also` extends it forwards too.
fn widen(text: &str, mut lo: usize, mut hi: usize, also: Option<char>) -> (usize, usize) {
    while let Some(c) = char_before(text, lo).filter(|&c| !is_edge(c)) {
        lo -= c.len_utf8();
    }
    while let Some(c) = char_at(text, hi).filter(|&c| !is_edge(c) || Some(c) == also) {
        hi += c.len_utf8();
    }
    (lo, hi)
}

/// Ranges sorted and joined where they overlap or touch.
fn merged(mut w: Windows) -> Windows {
    w.sort_unstable();
    let mut out: Windows = Vec::with_capacity(w.len());
    for (lo, hi) in w {
        match out.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// The next byte `x` in `b` at or after `i`, eight bytes at a time.
fn next_byte(b: &[u8], mut i: usize, x: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW: u64 = ONES * 0x7f;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let y = u64::from_le_bytes(word) ^ (ONES * u64::from(x));
        // The high bit of each byte of `y` that is zero, exactly.
        let zero = !(((y & LOW) + LOW) | y | LOW);
        if zero != 0 {
            return Some(i + (zero.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| c == x).map(|k| i + k)
}

/// The next ASCII digit in `b` at or after `i` (or `b.len()`), eight bytes at a time.
fn next_digit(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // The high bit of each byte from b'0' to b'9' (bit-twiddling "has between").
        let low = x & (ONES * 127);
        let digits = (ONES * (127 + 0x3a) - low) & !x & (low + ONES * (127 - 0x2f)) & (ONES * 128);
        if digits != 0 {
            return i + (digits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// One pass over the digits of `text`: the four-digit years 1800–2099 standing alone (not
/// joined to ASCII letters, digits or underscores), and the windows for the patterns that hold
/// a year (`dates::find_all`'s "December 8, 2024", "8 Dec 2024" and "2024-12-08", and
/// "December 2024"). A year that makes a date is a run of exactly four ASCII digits (other
/// digits do not parse, and such a match cannot hide one that does: none can begin inside
/// another), after white space or a word boundary. Before it can stand white space, a day or
/// month word (at most 11 characters with its comma), white space, and a month or day word; an
/// ISO date goes on with "-MM-DD".
fn digit_runs(text: &str) -> (Vec<(usize, usize)>, Windows) {
    let b = text.as_bytes();
    let (mut years, mut windows) = (Vec::new(), Vec::new());
    let mut i = next_digit(b, 0);
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4 {
            let alone = (start == 0 || !is_word_byte(b[start - 1]))
                && b.get(i).is_none_or(|&c| !is_word_byte(c));
            if alone && matches!(b[start..i], [b'1', b'8' | b'9', ..] | [b'2', b'0', ..]) {
                years.push((start, i));
            }
            let lo = back_chunk(text, back_chunk(text, start, 16), 16);
            windows.push(widen(text, lo, i, Some('-')));
        }
        i = next_digit(b, i);
    }
    (years, merged(windows))
}

/// Words the relative-date pattern cannot match without, lowercased: "… ago", "last/next/this
/// <unit>", "yesterday".
const RELATIVE_ANCHORS: &[&str] = &[
    "ago",
    "yesterday",
    "year",
    "month",
    "week",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
];

fn relative_anchors() -> Option<&'static aho_corasick::AhoCorasick> {
    static A: OnceLock<Option<aho_corasick::AhoCorasick>> = OnceLock::new();
    A.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(RELATIVE_ANCHORS)
            .ok()
    })
    .as_ref()
}

/// Windows of `text` (`lower`: the same with ASCII letters lowercased) for the relative-date
/// pattern: up to four words before "ago" ("more than two years ago"), two before a unit
/// ("earlier this year"), none before "yesterday". `None` when the text holds the only two
/// characters that case-fold to an ASCII letter of an anchor ("ſ", the Kelvin sign): then the
/// whole text must be searched.
fn relative_windows(text: &str, lower: &str) -> Option<Windows> {
    if !text.is_ascii() && text.contains(['ſ', '\u{212a}']) {
        return None;
    }
    let mut out = Vec::new();
    // Matches do not overlap: only the "y" ending "yesterday" can begin another anchor
    // ("year"), and the pattern never takes a "year" glued to a word before it.
    for m in relative_anchors()?.find_iter(lower) {
        let words = match RELATIVE_ANCHORS[m.pattern().as_usize()] {
            "ago" => 4,
            "yesterday" => 0,
            _ => 2,
        };
        let mut lo = m.start();
        for _ in 0..words {
            lo = back_chunk(text, lo, usize::MAX);
        }
        out.push(widen(text, lo, m.end(), None));
    }
    Some(merged(out))
}

/// Windows of `text` for the weekday pattern: around each "day".
fn weekday_windows(text: &str) -> Windows {
    let mut out = Vec::new();
    let mut from = 0;
    let b = text.as_bytes();
    while let Some(y) = next_byte(b, from, b'y') {
        from = y + 1;
        if y < 2 || &b[y - 2..y] != b"da" {
            continue;
        }
        let d = y - 2;
        // "Wednes" is the longest part before "day".
        let mut lo = d.saturating_sub(6);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        out.push(widen(text, lo, d + 3, None));
    }
    merged(out)
}

/// Date mentions in `text` (a passage; `lower` is the same with ASCII letters lowercased),
/// normalised against `published` when known.
fn date_mentions(
    text: &str,
    lower: &str,
    published: Option<NaiveDate>,
) -> Vec<(usize, usize, Option<String>)> {
    // Every pattern is searched only around the words it needs (see `Windows`).
    let (numbers, years) = digit_runs(text);
    let mut found: Vec<dates::FoundDate> = Vec::new();
    for &(lo, hi) in &years {
        found.extend(
            dates::find_all(&text[lo..hi])
                .into_iter()
                .map(|f| dates::FoundDate {
                    start: f.start + lo,
                    end: f.end + lo,
                    ..f
                }),
        );
    }
    let patterns = date_patterns();
    // "December 2024": (start, end, month, year).
    let mut month_years: Vec<(usize, usize, &str, &str)> = Vec::new();
    if let Some(p) = patterns {
        for &(lo, hi) in &years {
            for c in p.month_year.captures_iter(&text[lo..hi]) {
                if let (Some(m), Some(mon), Some(y)) = (c.get(0), c.get(1), c.get(2)) {
                    month_years.push((
                        lo + m.start(),
                        lo + m.end(),
                        &text[lo + mon.start()..lo + mon.end()],
                        &text[lo + y.start()..lo + y.end()],
                    ));
                }
            }
        }
    }
    // Both take a capitalised month stem, or (for absolute dates) a hyphen.
    if !found.is_empty() || !month_years.is_empty() {
        let has_month = MONTH_STEMS.iter().any(|m| text.contains(m));
        if !has_month {
            month_years.clear();
            if !text.contains('-') {
                found.clear();
            }
        }
    }
    let mut out: Vec<(usize, usize, Option<String>)> = found
        .into_iter()
        .map(|f| (f.start, f.end, Some(f.date.to_string())))
        .collect();
    let Some(p) = patterns else { return out };
    let free = |out: &Vec<(usize, usize, Option<String>)>, s: usize, e: usize| {
        out.iter().all(|&(a, b, _)| e <= a || s >= b)
    };
    for (s, e, mon, y) in month_years {
        let (Some(mon), Some(y)) = (dates::month_number(mon), y.parse::<i32>().ok()) else {
            continue;
        };
        if free(&out, s, e) {
            out.push((s, e, Some(format!("{y:04}-{mon:02}"))));
        }
    }
    let mut weekdays: Vec<(usize, usize)> = Vec::new();
    for (lo, hi) in weekday_windows(text) {
        weekdays.extend(
            p.weekday
                .find_iter(&text[lo..hi])
                .map(|m| (lo + m.start(), lo + m.end())),
        );
    }
    for (s, e) in weekdays {
        if !free(&out, s, e) {
            continue;
        }
        let value = published.zip(weekday(&text[s..e])).map(|(d, wd)| {
            let back = (7 + d.weekday().num_days_from_monday() as i64
                - wd.num_days_from_monday() as i64)
                % 7;
            (d - Duration::days(back)).to_string()
        });
        out.push((s, e, value));
    }
    let lower_has = || {
        [" ago", "ast ", "ext ", "his ", "esterday"]
            .iter()
            .any(|k| text.contains(k))
    };
    let mut relatives: Vec<(usize, usize)> = Vec::new();
    match relative_windows(text, lower) {
        Some(windows) => {
            for (lo, hi) in windows {
                relatives.extend(
                    p.relative
                        .find_iter(&text[lo..hi])
                        .map(|m| (lo + m.start(), lo + m.end())),
                );
            }
            if !relatives.is_empty() && !lower_has() {
                relatives.clear();
            }
        }
        None if lower_has() => {
            relatives.extend(p.relative.find_iter(text).map(|m| (m.start(), m.end())));
        }
        None => {}
    }
    for (s, e) in relatives {
        if !free(&out, s, e) {
            continue;
        }
        let value = Some(relative_value(&text[s..e].to_lowercase(), published));
        out.push((s, e, value));
    }
    let mut years = numbers;
    if !years.is_empty() && !text.contains("19") && !text.contains("20") {
        years.clear();
    }
    for (s, e) in years {
        let digit_next = text[e..].starts_with(|c: char| {
            c.is_ascii_digit()
                || c == ',' && text[e + 1..].starts_with(|d: char| d.is_ascii_digit())
        });
        let digit_before =
            text[..s].ends_with(|c: char| c.is_ascii_digit() || c == '$' || c == '.');
        if free(&out, s, e) && !digit_next && !digit_before {
            out.push((s, e, Some(text[s..e].to_string())));
        }
    }
    out
}

/// A capitalised span, with what came before and after it.
struct Candidate {
    start: usize,
    end: usize,
    kind: EntityKind,
    /// The kind is the learned model's guess, not a rule's (see [`one_kind_per_name`]).
    learned: bool,
}

/// The value of a relative date phrase (lower case) in an article published on `published`:
/// "last year" → the year before, "yesterday" → the day before, "more than a year ago" →
/// "before <date>", a day or month back from it; the phrase itself when it cannot be placed.
fn relative_value(phrase: &str, published: Option<NaiveDate>) -> String {
    let Some(d) = published else {
        return phrase.to_string();
    };
    if phrase.contains("last year") {
        return format!("{:04}", d.year() - 1);
    }
    if phrase.contains("this year") {
        return format!("{:04}", d.year());
    }
    if phrase == "yesterday" {
        return (d - Duration::days(1)).to_string();
    }
    let now = d.and_hms_opt(12, 0, 0).map(|t| t.and_utc());
    match now
        .and_then(|n| dates::find_relative(phrase, n))
        .map(|f| f.date)
    {
        Some(a) if phrase.starts_with("more than") || phrase.starts_with("over") => {
            format!("before {a}")
        }
        Some(a) => a.to_string(),
        None => phrase.to_string(),
    }
}

/// Surfaces the prose establishes, for title-case lines.
type Confirmed<'a> = FxHashMap<&'a str, EntityKind>;

/// Recognise the entity mentions in `article`.
pub fn recognise(article: &Article, g: &Gazetteer) -> Vec<Mention> {
    let mut mentions: Vec<Mention> = Vec::new();
    let mut title_case: Vec<usize> = Vec::new();

    // Every passage's words in one buffer; `ranges[pi]` are passage `pi`'s.
    let size: usize = article.passages.iter().map(|p| p.text.len()).sum();
    let mut buf: Vec<Tok> = Vec::with_capacity(size / 5);
    let ranges: Vec<std::ops::Range<usize>> = article
        .passages
        .iter()
        .map(|p| {
            let start = buf.len();
            tokens_into(&p.text, &mut buf);
            start..buf.len()
        })
        .collect();
    let all_toks: Vec<&[Tok]> = ranges.iter().map(|r| &buf[r.clone()]).collect();
    let mut common: FxHashSet<&str> = FxHashSet::default();
    for (p, toks) in article.passages.iter().zip(&all_toks) {
        common.extend(
            toks.iter()
                .filter(|t| t.end - t.start >= 3 && p.text.as_bytes()[t.start].is_ascii_lowercase())
                .map(|t| t.text(&p.text)),
        );
    }
    for (pi, p) in article.passages.iter().enumerate() {
        let toks = all_toks[pi];
        if p.kind == PassageKind::Heading || title_case_words(toks) {
            title_case.push(pi);
            continue;
        }
        mentions.extend(passage_mentions(article, pi, toks, g, None, &common));
    }
    let headlines: Vec<&crate::model::Dropped> = article
        .dropped
        .iter()
        .filter(|d| d.kind == crate::model::DebrisKind::Headline)
        .collect();
    if !title_case.is_empty() || !headlines.is_empty() {
        // Surfaces the prose establishes (the last kind given wins), for title-case lines.
        let mut confirmed: Confirmed<'_> = FxHashMap::default();
        for m in mentions.iter().filter(|m| m.kind != EntityKind::Date) {
            confirmed.insert(&m.text, m.kind);
        }
        let mut titled = Vec::new();
        for pi in title_case {
            titled.extend(passage_mentions(
                article,
                pi,
                all_toks[pi],
                g,
                Some(&confirmed),
                &common,
            ));
        }
        // The headline names people and places too ("Apple unveils iPhone in San Francisco"):
        // read as prose when written in sentence case, by what the prose confirms when in
        // title case, where every word is capitalised.
        for d in headlines {
            let toks = tokens(&d.text);
            let chunk = Chunk::of_dropped(d, Some(&common));
            let confirmed_only =
                chunk_mentions(&chunk, article.published, &toks, g, Some(&confirmed));
            let found = if title_case_words(&toks) {
                confirmed_only
            } else {
                // What the prose names is a name in a sentence-case headline too ("as Nielsen
                // visits"), where the headline alone gives the rules too little to go on.
                let mut found = chunk_mentions(&chunk, article.published, &toks, g, None);
                for m in confirmed_only {
                    if !found
                        .iter()
                        .any(|f| f.span.start < m.span.end && m.span.start < f.span.end)
                    {
                        found.push(m);
                    }
                }
                found
            };
            titled.extend(found);
        }
        mentions.extend(titled);
    }
    mentions.extend(debris_mentions(article, g));
    // Before any rule lends their last word to other mentions as a surname.
    mentions.retain(|m| !named_by_mistake(article, m));
    persons_by_later_use(article, g, &all_toks, &mut mentions);
    add_bare_names(article, g, &all_toks, &common, &mut mentions);
    add_bare_companies(article, g, &all_toks, &common, &mut mentions);
    one_kind_per_name(&mut mentions);
    mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    mentions.dedup_by(|b, a| b.span.start < a.span.end);
    coordinated_organizations(article, g, &all_toks, &mut mentions);
    companies_opening_a_list(article, g, &common, &mut mentions);
    full_names_everywhere(article, &mut mentions);
    divided_country_halves(article, g, &all_toks, &mut mentions);
    teams::places_that_play(article, g, &mut mentions);
    chambers(&mut mentions);
    papers_by_short_name(&mut mentions);
    party_tag_states(article, &mut mentions);
    mentions.retain(|m| !shouted_phrase(m, &common) && !exclaimed(article, m));
    mentions
}

/// "The Times" in an article that names The New York Times is that paper, not the London
/// one: a known name of one word after "The", or an organization's one word the gazetteer
/// does not know ("the Post"), stands for the one longer known name in the article that ends
/// with the same word.
fn papers_by_short_name(mentions: &mut [Mention]) {
    let short = |k: &str| {
        k.strip_prefix("The ")
            .filter(|w| !w.contains(' '))
            .map(str::to_string)
    };
    let mut longer: Vec<(String, String)> = Vec::new();
    for m in mentions.iter() {
        if let Some(k) = m
            .known
            .as_deref()
            .filter(|_| m.kind == EntityKind::Organization)
            && let Some((head, last)) = k.rsplit_once(' ')
            && head.contains(' ')
            && !longer.iter().any(|(l, _)| l == k)
        {
            longer.push((k.to_string(), last.to_string()));
        }
    }
    if longer.is_empty() {
        return;
    }
    for m in mentions.iter_mut() {
        // Known as the London paper, or not known: "the Post" beside The Washington Post.
        let word = match m.known.as_deref() {
            Some(k) => short(k),
            None if m.kind == EntityKind::Organization && !m.text.contains(' ') => {
                Some(m.text.clone())
            }
            None => None,
        };
        let Some(word) = word else {
            continue;
        };
        let mut fits = longer.iter().filter(|(_, last)| *last == word);
        if let (Some((name, _)), None) = (fits.next(), fits.next()) {
            m.known = Some(name.clone());
            m.kind = EntityKind::Organization;
        }
    }
}

/// A US state's postal code in a lawmaker's party tag, "(D - CA)", "(R-TX)", is that state:
/// read as a place, not as an acronym's organization. `mentions` are in text order, and stay
/// so.
fn party_tag_states(article: &Article, mentions: &mut Vec<Mention>) {
    static TAG: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(tag) = TAG
        .get_or_init(|| Regex::new(r"\(\s*[DRI]\s*-\s*([A-Z]{2})\s*\)").ok())
        .as_ref()
    else {
        return;
    };
    let mut added = false;
    for (pi, p) in article.passages.iter().enumerate() {
        for c in tag.captures_iter(&p.text) {
            let Some(code) = c.get(1) else { continue };
            let Some(&(_, state)) = US_STATES.iter().find(|(k, _)| *k == code.as_str()) else {
                continue;
            };
            let span = Span::new(p.span.start + code.start(), p.span.start + code.end());
            mentions.retain(|m| {
                m.passage != Some(pi as u32) || m.span.end <= span.start || m.span.start >= span.end
            });
            mentions.push(Mention {
                kind: EntityKind::Place,
                passage: Some(pi as u32),
                span,
                text: code.as_str().to_string(),
                known: Some(state.to_string()),
                value: None,
                learned: false,
            });
            added = true;
        }
    }
    if added {
        mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    }
}

/// US postal codes and the states (and the capital district) the gazetteer names.
const US_STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("FL", "Florida"),
    ("GA", "State of Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York State"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington State"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
];

/// The chambers of a legislature, as news names them alone.
const CHAMBERS: &[&str] = &["House", "Senate"];

/// "The House" and "the Senate" alone are the chambers of a legislature, organizations: not
/// a place ("in the House") nor a person ("fellow House Republicans"), unless the article
/// names a person whose surname it is ("Matt House").
fn chambers(mentions: &mut [Mention]) {
    let surnames: Vec<&str> = CHAMBERS
        .iter()
        .copied()
        .filter(|c| {
            mentions.iter().any(|m| {
                m.kind == EntityKind::Person
                    && m.text.contains(' ')
                    && m.text.rsplit(' ').next() == Some(c)
            })
        })
        .collect();
    for m in mentions.iter_mut() {
        if m.known.is_none()
            && matches!(m.kind, EntityKind::Person | EntityKind::Place)
            && CHAMBERS.contains(&m.text.as_str())
            && !surnames.contains(&m.text.as_str())
        {
            m.kind = EntityKind::Organization;
        }
    }
}

/// Words in capitals that are shouting, not a name: two or more, every one a word the article
/// also writes in lower case or a word of grammar ("NO COLLUSION", "FAKE NEWS"), and no known
/// name. (One word alone may be an acronym the article also uses as a word: "US", "IT".)
fn shouted_phrase(m: &Mention, common: &FxHashSet<&str>) -> bool {
    m.known.is_none()
        && matches!(
            m.kind,
            EntityKind::Person | EntityKind::Organization | EntityKind::Place
        )
        && m.text.contains(' ')
        && m.text.chars().any(char::is_alphabetic)
        && !m.text.chars().any(char::is_lowercase)
        && (m.text.split_whitespace().all(|w| {
            let lower = w.to_lowercase();
            w.chars().count() >= 2
                && (common.contains(lower.as_str()) || is_function_word(&title_cased(w)))
        }) || m
            .text
            .split_whitespace()
            .any(|w| SHOUTED_WORDS.contains(&w)))
}

/// Words that make a phrase in capitals a slogan, not a name: "NO COLLUSION", "NOT GUILTY",
/// "VERY UNFAIR".
const SHOUTED_WORDS: &[&str] = &["NO", "NOT", "NEVER", "VERY", "SO", "TOO", "JUST", "ALL"];

/// A word in capitals right before an exclamation mark is an exclamation, not a name:
/// "WOW!", "SAD!".
fn exclaimed(article: &Article, m: &Mention) -> bool {
    m.known.is_none()
        && m.kind != EntityKind::Date
        && m.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !m.text.chars().any(char::is_lowercase)
        && context(article, m).is_some_and(|(_, after)| after.starts_with('!'))
}

/// The text of mention `m`'s passage before it and after it; `None` for a mention outside
/// the passages (a caption or a credit).
fn context<'a>(article: &'a Article, m: &Mention) -> Option<(&'a str, &'a str)> {
    let p = article.passages.get(m.passage? as usize)?;
    let s = m.span.start.checked_sub(p.span.start)?;
    let e = m.span.end.checked_sub(p.span.start)?;
    Some((p.text.get(..s)?, p.text.get(e..)?))
}

/// The last mark before a word, over spaces and opening quotes: a stop where the word opens
/// a sentence.
fn mark_before(before: &str) -> Option<char> {
    before
        .trim_end_matches([' ', '"', '“', '\'', '‘'])
        .chars()
        .next_back()
}

/// Diseases and viruses that news writes with capitals, lowercased.
const DISEASES: &[&str] = &[
    "covid-19",
    "covid",
    "sars-cov-2",
    "sars",
    "mers",
    "ebola",
    "zika",
    "h1n1",
    "h5n1",
    "hiv",
    "aids",
    "hiv/aids",
    "mpox",
];

/// Seen on real news pages: a link's words ("Read more", "Read More on Bloomberg") taken for
/// a person called Read, and a bill named for its sponsor or its subject ("the Brady Bill",
/// "the 2008 Farm Bill") taken for a person whose given name is its last word.
/// And a disease or its virus ("COVID-19", "Ebola") read as a place or an organization: it
/// is none of the three kinds.
fn named_by_mistake(article: &Article, m: &Mention) -> bool {
    if m.known.is_none() && DISEASES.contains(&strip_possessive(&m.text).to_lowercase().as_str()) {
        return true;
    }
    if m.kind != EntityKind::Person {
        return false;
    }
    if m.text.contains(' ') {
        return m
            .text
            .rsplit(' ')
            .next()
            .is_some_and(|last| last == "Bill" || last == "Act");
    }
    const LINKS: &[&str] = &["Read", "Click", "Watch", "Learn", "See"];
    LINKS.contains(&m.text.as_str())
        && context(article, m).is_some_and(|(_, after)| {
            ["more", "More", "here", "Here"]
                .iter()
                .any(|w| after.strip_prefix(' ').is_some_and(|a| a.starts_with(w)))
        })
}

/// "The North" and "the South" where the article names both halves of a divided country
/// ("North Korea" and "South Korea"): each half by its compass word. Where only one half is
/// named, or the halves are states ("North Carolina"), "the South" may be anything.
/// `mentions` are sorted by start and do not overlap; so are they after.
fn divided_country_halves(
    article: &Article,
    g: &Gazetteer,
    all_toks: &[&[Tok]],
    mentions: &mut Vec<Mention>,
) {
    // The rest of each named country's name after its compass word: "Korea" -> halves.
    let mut halves: FxHashMap<&str, [Option<&str>; 2]> = FxHashMap::default();
    for m in mentions.iter().filter(|m| m.kind == EntityKind::Place) {
        let Some(name) = m.known.as_deref() else {
            continue;
        };
        if !g.lookup(name).is_some_and(|k| k.country) {
            continue;
        }
        for (side, word) in ["North ", "South "].iter().enumerate() {
            if let Some(rest) = name.strip_prefix(word) {
                halves.entry(rest).or_default()[side] = Some(name);
            }
        }
    }
    let divided: Vec<[&str; 2]> = halves
        .values()
        .filter_map(|h| Some([h[0]?, h[1]?]))
        .collect();
    // Both halves of two divided countries: no way to tell which "North" is meant.
    let [pair] = divided[..] else {
        return;
    };
    let pair = pair.map(str::to_string);
    let covered = Covered::new(mentions);
    let mut found = Vec::new();
    for (pi, p) in article.passages.iter().enumerate() {
        let toks = all_toks[pi];
        for (k, t) in toks.iter().enumerate() {
            let word = strip_possessive(t.text(&p.text));
            let side = match word {
                "North" => 0,
                "South" => 1,
                _ => continue,
            };
            let after_the = k > 0
                && matches!(toks[k - 1].text(&p.text), "the" | "The")
                && p.text[toks[k - 1].end..t.start].trim().is_empty()
                // "North and South Korea": the first half named by its compass word alone.
                || toks.get(k + 1).is_some_and(|n| n.text(&p.text) == "and")
                    && toks
                        .get(k + 2)
                        .is_some_and(|n| n.text(&p.text) == ["South", "North"][side]);
            // Alone: not "the North Korean leader", "the South China Sea".
            let alone = toks
                .get(k + 1)
                .is_none_or(|n| !n.cap || !p.text[t.end..n.start].trim().is_empty());
            let (s, e) = (p.span.start + t.start, p.span.start + t.start + word.len());
            if after_the && alone {
                found.push((pi, s, e, side));
            }
        }
    }
    let mut added = false;
    for (pi, s, e, side) in found {
        let at = mentions.partition_point(|m| m.span.start < s);
        match mentions.get_mut(at) {
            // Taken for something unknown ("North" a place of its own): it is the half.
            Some(m) if m.span.start == s && m.span.end == e && m.known.is_none() => {
                m.kind = EntityKind::Place;
                m.known = Some(pair[side].clone());
            }
            _ if !covered.overlaps(s, e) => {
                let text = &article.passages[pi].text;
                let local = s - article.passages[pi].span.start;
                let mut m = bare_mention(
                    EntityKind::Place,
                    pi,
                    Span::new(s, e),
                    &text[local..local + (e - s)],
                );
                m.known = Some(pair[side].clone());
                mentions.push(m);
                added = true;
            }
            _ => {}
        }
    }
    if added {
        mentions.sort_by_key(|m| m.span.start);
    }
}

/// A person's full name the article establishes somewhere ("Rep. Alexandria Ocasio-Cortez") is
/// that person wherever the article writes it, over what the words inside it were taken for
/// elsewhere ("— Alexandria Ocasio-Cortez" read as the place Alexandria and an organization).
/// `mentions` are sorted by start and do not overlap; so are they after.
fn full_names_everywhere(article: &Article, mentions: &mut Vec<Mention>) {
    let names: Vec<&str> = {
        let mut v: Vec<&str> = mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person && !m.learned)
            .map(|m| m.text.as_str())
            .filter(|t| {
                let words: Vec<&str> = t.split(' ').collect();
                words.len() >= 2
                    && words
                        .iter()
                        .all(|w| w.starts_with(char::is_uppercase) && !is_function_word(w))
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    if names.is_empty() {
        return;
    }
    // Built per article for a few names: the quickest to build, not to search.
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&names)
    else {
        return;
    };
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut found: Vec<Mention> = Vec::new();
    let mut dropped: Vec<usize> = Vec::new();
    for (pi, p) in article.passages.iter().enumerate() {
        for hit in ac.find_iter(&p.text) {
            let (ls, le) = (hit.start(), hit.end());
            if word_char(p.text[..ls].chars().next_back()) || word_char(p.text[le..].chars().next())
            {
                continue;
            }
            let (s, e) = (p.span.start + ls, p.span.start + le);
            let first = mentions.partition_point(|m| m.span.end <= s);
            let last = mentions.partition_point(|m| m.span.start < e);
            let inside = &mentions[first..last];
            let already = inside
                .iter()
                .any(|m| m.kind == EntityKind::Person && m.span.start <= s && m.span.end >= e);
            // Only words inside the name, none a known person or organization.
            let within = inside.iter().all(|m| {
                m.span.start >= s
                    && m.span.end <= e
                    && (m.known.is_none() || m.kind == EntityKind::Place)
            });
            if already || !within {
                continue;
            }
            dropped.extend(first..last);
            found.push(bare_mention(
                EntityKind::Person,
                pi,
                Span::new(s, e),
                &p.text[ls..le],
            ));
        }
    }
    if found.is_empty() {
        return;
    }
    let mut k = 0;
    mentions.retain(|_| {
        k += 1;
        dropped.binary_search(&(k - 1)).is_err()
    });
    mentions.extend(found);
    mentions.sort_by_key(|m| m.span.start);
}

/// The end of a generational suffix right after byte `e` of `text` (" Jr.", ", Jr.", " III"),
/// when one is there.
fn generational_after(text: &str, e: usize) -> Option<usize> {
    let rest = text.get(e..)?;
    let after_comma = rest.strip_prefix(',').unwrap_or(rest);
    let word = after_comma.strip_prefix(' ')?;
    let at = e + (rest.len() - word.len());
    ["Jr.", "Sr.", "Jr", "Sr", "III", "II", "IV"]
        .iter()
        .find(|x| {
            word.starts_with(**x)
                && !word[x.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
        })
        .map(|x| at + x.len())
}

/// The spans of a set of mentions, by start, with the furthest end reached so far: whether a
/// range overlaps any of them is a binary search.
struct Covered {
    spans: Vec<(usize, usize)>,
    reach: Vec<usize>,
}

impl Covered {
    fn new(mentions: &[Mention]) -> Self {
        let mut spans: Vec<(usize, usize)> = mentions
            .iter()
            .map(|m| (m.span.start, m.span.end))
            .collect();
        spans.sort_unstable();
        let reach = spans
            .iter()
            .scan(0, |r, &(_, e)| {
                *r = e.max(*r);
                Some(*r)
            })
            .collect();
        Covered { spans, reach }
    }

    fn overlaps(&self, s: usize, e: usize) -> bool {
        let k = self.spans.partition_point(|&(a, _)| a < e);
        k > 0 && self.reach[k - 1] > s
    }
}

/// A mention of one word found by what the rest of the article says it is.
fn bare_mention(kind: EntityKind, passage: usize, span: Span, text: &str) -> Mention {
    Mention {
        kind,
        passage: Some(passage as u32),
        span,
        text: text.to_string(),
        known: None,
        value: None,
        learned: false,
    }
}

/// Whether token `k` of `text` stands alone, not the start or end of a longer run of
/// capitalised words ("Melania Knauss", "Hope Melania", "Newmont Mining").
fn stands_alone(text: &str, toks: &[Tok], k: usize) -> bool {
    let next_to = |a: &Tok, b: &Tok| text[a.end..b.start].trim().is_empty();
    let t = &toks[k];
    let joined_before = k > 0 && toks[k - 1].cap && next_to(&toks[k - 1], t);
    let joined_after = toks.get(k + 1).is_some_and(|n| n.cap && next_to(t, n));
    !(joined_before || joined_after)
}

/// Whether token `k` of `text` is followed right away by a verb people use ("Blanco said").
fn person_verb_after(text: &str, toks: &[Tok], k: usize, g: &Gazetteer) -> bool {
    let t = &toks[k];
    toks.get(k + 1).is_some_and(|n| {
        text[t.end..n.start].trim().is_empty()
            && g.person_verbs.contains(&n.text(text).to_lowercase())
    })
}

/// Words that end a company's registered name: "Newmont Mining Corp", "Bre-X Minerals Ltd".
pub(crate) const COMPANY_ENDS: &[&str] = &[
    "Corp",
    "Corp.",
    "Corporation",
    "Inc",
    "Inc.",
    "Co",
    "Co.",
    "Ltd",
    "Ltd.",
    "LLC",
    "PLC",
    "plc",
    "AG",
    "SA",
    "S.A.",
    "NV",
    "N.V.",
    "Holdings",
    "Group",
    "Airlines",
    "Airways",
];

/// A company the article names in full by its registered name is called by its first word
/// afterwards ("Newmont" after "Newmont Mining Corp", "Bre-X" after "Bre-X Minerals Ltd"):
/// that word standing alone is the organization, unless it is a listed given name, a word the
/// article also writes in lower case, the surname of a person it names in full, or a name the
/// gazetteer knows as something else.
fn add_bare_companies(
    article: &Article,
    g: &Gazetteer,
    all_toks: &[&[Tok]],
    common: &FxHashSet<&str>,
    mentions: &mut Vec<Mention>,
) {
    let mut firsts: FxHashSet<&str> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Organization)
        .filter_map(|m| {
            let words: Vec<&str> = m.text.split_whitespace().collect();
            let (first, last) = (*words.first()?, *words.last()?);
            let first = strip_possessive(first);
            (words.len() >= 2
                && COMPANY_ENDS.contains(&strip_possessive(last))
                && first.chars().count() >= 3
                && first.starts_with(char::is_uppercase)
                && !first.eq_ignore_ascii_case("the")
                && !g.is_given_name(first))
            .then_some(first)
        })
        .collect();
    // A lone capitalised word where only a company stands: "Delta shares rose", "shares of
    // Southwest fell", "Apple CEO Tim Cook", "Delta chief executive Ed Bastian".
    for (pi, p) in article.passages.iter().enumerate() {
        let toks = all_toks[pi];
        for (k, t) in toks.iter().enumerate().filter(|(_, t)| t.cap) {
            let w = t.text(&p.text);
            if w.chars().count() >= 3
                && w.chars().skip(1).any(char::is_lowercase)
                && stands_alone(&p.text, toks, k)
                && (market_cue_after(&p.text, toks, k) || market_cue_before(&p.text, toks, k))
                && !g.is_given_name(w)
                && !is_function_word(w)
            {
                firsts.insert(w);
            }
        }
    }
    if firsts.is_empty() {
        return;
    }

    // A surname of a person the article names in full stays the person's ("Smith" after
    // "John Smith", beside "Smith Group").
    let surnames: FxHashSet<&str> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.text.contains(' '))
        .filter_map(|m| m.text.split_whitespace().next_back())
        .map(strip_possessive)
        .collect();
    let firsts: FxHashSet<String> = firsts
        .into_iter()
        .filter(|w| !common.contains(w.to_lowercase().as_str()) && !surnames.contains(w))
        .map(str::to_string)
        .collect();
    // Lone mentions of the word that nothing known makes something else.
    for m in mentions.iter_mut() {
        if m.known.is_none()
            && matches!(m.kind, EntityKind::Place | EntityKind::Person)
            && firsts.contains(strip_possessive(&m.text))
        {
            m.kind = EntityKind::Organization;
        }
    }
    let covered = Covered::new(mentions);
    let mut extra = Vec::new();
    for (pi, p) in article.passages.iter().enumerate() {
        let toks = all_toks[pi];
        for (k, t) in toks.iter().enumerate().filter(|(_, t)| t.cap) {
            let w = strip_possessive(t.text(&p.text));
            if !firsts.contains(w) {
                continue;
            }
            if !stands_alone(&p.text, toks, k) {
                continue;
            }
            let (s, e) = (p.span.start + t.start, p.span.start + t.start + w.len());
            if covered.overlaps(s, e) {
                continue;
            }
            extra.push(bare_mention(
                EntityKind::Organization,
                pi,
                Span::new(s, e),
                w,
            ));
        }
    }
    mentions.extend(extra);
}

/// What a company's shares do: "Delta shares rose", "shares of Southwest were flat".
const MARKET_MOVES: &[&str] = &[
    "rose", "fell", "jumped", "climbed", "slid", "dropped", "gained", "lost", "tumbled", "surged",
    "sank", "plunged", "rallied", "slipped", "soared", "declined", "dipped", "edged", "closed",
    "ended", "finished", "traded", "were", "have", "are",
];

/// Token `k` is followed by words only a company's name takes: its shares or stock moving
/// ("Delta shares rose", not "Obama shares his view"), its chief executive ("Delta chief
/// executive Ed Bastian", "Apple CEO Tim Cook").
fn market_cue_after(text: &str, toks: &[Tok], k: usize) -> bool {
    let word = |i: usize| toks.get(i).map(|t| t.text(text));
    let Some(n) = toks.get(k + 1) else {
        return false;
    };
    if !text[toks[k].end..n.start].trim().is_empty() {
        return false;
    }
    match n.text(text) {
        // "Apple CEO Tim Cook", "Uralsib analyst Chris Weafer": a lone word before the title
        // of whom a firm employs to run it or to read the markets, and the person's name.
        "CEO" => true,
        "analyst" | "economist" | "strategist" => toks
            .get(k + 2)
            .is_some_and(|t| t.cap && text[n.end..t.start] == *" "),
        "chief" => word(k + 2) == Some("executive"),
        "shares" | "stock" => word(k + 2).is_some_and(|w| MARKET_MOVES.contains(&w)),
        _ => false,
    }
}

/// Token `k` is preceded by "shares of" or "stock of" and followed by a market move: "shares
/// of Southwest fell".
fn market_cue_before(text: &str, toks: &[Tok], k: usize) -> bool {
    let word = |i: usize| toks.get(i).map(|t| t.text(text));
    k >= 2
        && word(k - 1) == Some("of")
        && matches!(word(k - 2), Some("shares" | "Shares" | "stock" | "Stock"))
        && word(k + 1).is_some_and(|w| MARKET_MOVES.contains(&w))
}

/// Names joined by "and", "or", "&" or a comma are of one kind: in "General Motors and Chrysler
/// were flat" a word the model took for a person beside a company the gazetteer knows is an
/// organization too. Only a lone word with nothing making it a person changes: not a listed
/// given name, no full name in the article ending with it ("Comey and the FBI" after "James
/// Comey"), and nowhere in the article after a title or before a verb people use ("Rep.
/// Nadler", "Nadler said"). `mentions` are in text order.
fn coordinated_organizations(
    article: &Article,
    g: &Gazetteer,
    all_toks: &[&[Tok]],
    mentions: &mut [Mention],
) {
    // The companies the gazetteer knows, and those this pass makes, lend their kind: people
    // stand beside government bodies, parties, armed groups and news outlets too often ("the
    // FBI and Mueller", "Slate and Weissmann"), beside companies seldom.
    let mut lends: Vec<bool> = mentions
        .iter()
        .map(|m| {
            m.kind == EntityKind::Organization
                && m.known
                    .as_deref()
                    .and_then(|k| g.lookup(k))
                    .is_some_and(|k| k.company)
        })
        .collect();
    // Most articles name no known company: nothing more to look at, on the path every article
    // takes.
    if !lends.contains(&true) {
        return;
    }
    let surnames: FxHashSet<&str> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.text.contains(' '))
        .filter_map(|m| m.text.split_whitespace().next_back())
        .collect();
    let candidate = |m: &Mention| {
        m.kind == EntityKind::Person
            && m.known.is_none()
            && !m.text.contains(' ')
            && !g.is_given_name(&m.text)
            && !surnames.contains(m.text.as_str())
    };
    let candidates: FxHashSet<&str> = mentions
        .iter()
        .filter(|m| candidate(m))
        .map(|m| m.text.as_str())
        .collect();
    if candidates.is_empty() {
        return;
    }
    // Candidates the article writes as a person's: after a title, or before a verb people use.
    let mut personal: FxHashSet<&str> = FxHashSet::default();
    for (p, toks) in article.passages.iter().zip(all_toks) {
        for (k, t) in toks.iter().enumerate().filter(|(_, t)| t.cap) {
            let word = strip_possessive(t.text(&p.text));
            if !candidates.contains(word) {
                continue;
            }
            let titled = k > 0 && g.ends_role(&toks[k - 1].text(&p.text).to_lowercase());
            if titled || person_verb_after(&p.text, toks, k, g) {
                personal.insert(word);
            }
        }
    }
    let lone: Vec<bool> = mentions
        .iter()
        .map(|m| candidate(m) && !personal.contains(m.text.as_str()))
        .collect();
    // Whether mentions k and k + 1 are joined: the same passage, and only a joiner between.
    let joined = |a: &Mention, b: &Mention| -> bool {
        let (Some(pa), Some(pb)) = (a.passage, b.passage) else {
            return false;
        };
        let Some(p) = article.passages.get(pa as usize).filter(|_| pa == pb) else {
            return false;
        };
        let between = (a.span.end.checked_sub(p.span.start))
            .zip(b.span.start.checked_sub(p.span.start))
            .and_then(|(s, e)| p.text.get(s..e));
        matches!(
            between,
            Some(" and " | " or " | " & " | ", " | ", and " | ", or " | " nor ")
        )
    };
    // Along a list ("Ford, GM and Chrysler") in both directions, so the kind crosses it.
    for _ in 0..2 {
        for k in 0..mentions.len().saturating_sub(1) {
            if !joined(&mentions[k], &mentions[k + 1]) {
                continue;
            }
            let to = if lone[k + 1] && lends[k] {
                k + 1
            } else if lone[k] && lends[k + 1] {
                k
            } else {
                continue;
            };
            mentions[to].kind = EntityKind::Organization;
            lends[to] = true;
        }
    }
}

/// A word opening a sentence or a clause before "and" and a company the gazetteer knows is a
/// company too: "Ford and General Motors were flat", "while Target and Walmart said". A
/// sentence's first word is otherwise no name on its own evidence, a bare "Ford" is left out
/// of the gazetteer (a surname), and a word as common as "target" is not read as a name
/// alone. Not a word the article writes in lower case ("Police and Walmart staff"), a given
/// name, a word of grammar, a month or a day, or a name the gazetteer knows.
/// `mentions` are in text order, and stay so.
fn companies_opening_a_list(
    article: &Article,
    g: &Gazetteer,
    common: &FxHashSet<&str>,
    mentions: &mut Vec<Mention>,
) {
    let company = |m: &Mention| {
        m.kind == EntityKind::Organization
            && m.known
                .as_deref()
                .and_then(|k| g.lookup(k))
                .is_some_and(|k| k.company)
    };
    let mut found: Vec<Mention> = Vec::new();
    for (k, m) in mentions.iter().enumerate().filter(|(_, m)| company(m)) {
        let (Some(pi), Some((before, _))) = (m.passage, context(article, m)) else {
            continue;
        };
        let Some(rest) = before
            .strip_suffix(" and ")
            .or_else(|| before.strip_suffix(" & "))
        else {
            continue;
        };
        let word_start = rest.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
            i + rest[i..].chars().next().map_or(1, char::len_utf8)
        });
        let word = &rest[word_start..];
        // At a sentence's start, or after a word in lower case or a comma mid-sentence
        // ("while Target and Walmart said"): not the end of a longer capitalised name.
        let head = rest[..word_start].trim_end();
        let opens = mark_before(&rest[..word_start])
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | ','))
            || head
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .is_some_and(|w| w.starts_with(char::is_lowercase));
        let lower = word.to_lowercase();
        let start = m.span.start - before.len() + word_start;
        let fits = opens
            && word.chars().count() >= 3
            && word.starts_with(|c: char| c.is_uppercase())
            && word.chars().skip(1).all(char::is_lowercase)
            && !is_function_word(word)
            && !is_month_or_day(word)
            && !OPENERS.contains(&lower.as_str())
            && !common.contains(lower.as_str())
            && !g.is_given_name(word)
            && g.lookup(word).is_none()
            && (k == 0 || mentions[k - 1].span.end <= start);
        if fits {
            found.push(bare_mention(
                EntityKind::Organization,
                pi as usize,
                Span::new(start, start + word.len()),
                word,
            ));
        }
    }
    if !found.is_empty() {
        mentions.extend(found);
        mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    }
}

/// Mentions in one passage. With `only`, keep capitalised spans only when `only` confirms them.
fn passage_mentions<'a>(
    article: &'a Article,
    pi: usize,
    toks: &[Tok],
    g: &Gazetteer,
    only: Option<&Confirmed<'_>>,
    common: &'a FxHashSet<&'a str>,
) -> Vec<Mention> {
    let p = &article.passages[pi];
    let chunk = Chunk {
        text: &p.text,
        base: p.span.start,
        passage: Some(pi as u32),
        sentences: p
            .sentences
            .iter()
            .map(|s| s.start.saturating_sub(p.span.start))
            .collect(),
        dateline: if pi == 0 && article.dateline.is_some() {
            article.dateline.as_deref()
        } else if pi < 6 {
            // A dateline ingest did not take as one (after a caption): "TIJUANA, Mexico — …".
            shouted_dateline(&p.text)
        } else {
            None
        },
        common: Some(common),
    };
    chunk_mentions(&chunk, article.published, toks, g, only)
}

/// A piece of an article to find mentions in: a passage, or a caption or credit.
struct Chunk<'a> {
    text: &'a str,
    /// Byte offset of `text` in the article text.
    base: usize,
    passage: Option<u32>,
    /// Sentence starts, as offsets into `text`.
    sentences: Vec<usize>,
    /// The article's dateline place, when `text` opens the article.
    dateline: Option<&'a str>,
    /// Words the article also writes in lower case ("summit", "liberty"): capitalised alone,
    /// they are no name unless the rules say so.
    common: Option<&'a FxHashSet<&'a str>>,
}

impl<'a> Chunk<'a> {
    /// A piece left out of the body (headline, caption, credit), read as one sentence.
    fn of_dropped(d: &'a crate::model::Dropped, common: Option<&'a FxHashSet<&'a str>>) -> Self {
        Chunk {
            text: &d.text,
            base: d.span.start,
            passage: None,
            sentences: vec![0],
            dateline: None,
            common,
        }
    }
}

/// A line of four or more words, seven in ten of them capitalised: title case, where
/// capitals say nothing about names.
fn title_case_words(toks: &[Tok]) -> bool {
    toks.len() >= 4 && toks.iter().filter(|t| t.cap).count() * 10 >= toks.len() * 7
}

/// The place of a passage that opens with a dateline in capitals ("TIJUANA, Mexico — …",
/// "GAZA CITY (Reuters) -"), unless the capitals are a caption's shout ("FILE -").
fn shouted_dateline(text: &str) -> Option<&str> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    let re = R
        .get_or_init(|| {
            Regex::new(r"^(\p{Lu}[\p{Lu}'’.\-]+(?: \p{Lu}[\p{Lu}'’.\-]+){0,3})(?:, \p{Lu}[^,—–]{0,30})?\s*(?:\([^)]{1,40}\)\s*)?(?:—|–|--| -|:)\s")
                .ok()
        })
        .as_ref()?;
    let place = re.captures(text)?.get(1)?.as_str();
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 3 && !place.split_whitespace().any(|w| SHOUTED.contains(&w))).then_some(place)
}

fn credit_pattern() -> Option<&'static Regex> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?:Photo|Photos|Image|Images|Pool|Video)\s*/\s*(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,3})").ok())
        .as_ref()
}

/// Mentions in the captions and credits left out of the body ("(AP Photo/Matias Delacroix)",
/// "Natalie Melzer in Tel Aviv contributed…"): they name people, agencies and places too.
fn debris_mentions(article: &Article, g: &Gazetteer) -> Vec<Mention> {
    use crate::model::DebrisKind;
    let mut out = Vec::new();
    for d in article.dropped.iter().filter(|d| {
        matches!(
            d.kind,
            DebrisKind::Caption | DebrisKind::Credit | DebrisKind::Byline
        )
    }) {
        // Credits name their parts with slashes: "AP Photo/Matias Delacroix".
        let chunk = Chunk::of_dropped(d, None);
        let toks = tokens(&d.text);
        let mut found = chunk_mentions(&chunk, article.published, &toks, g, None);
        // "(AP Photo/Matias Delacroix, File)": the name after the slash is the photographer.
        if let Some(c) = credit_pattern().and_then(|re| re.captures(&d.text))
            && let Some(m) = c.get(1)
        {
            let (s, e) = (d.span.start + m.start(), d.span.start + m.end());
            found.retain(|x| x.span.end <= s || x.span.start >= e);
            found.push(Mention {
                kind: EntityKind::Person,
                passage: None,
                span: Span::new(s, e),
                text: m.as_str().to_string(),
                known: None,
                value: None,
                learned: false,
            });
        }
        out.extend(found);
    }
    out
}

/// For each token, whether it overlaps none of the `taken` byte ranges. Tokens are in order.
/// A country's letters written onto a currency sign ("US$100 billion", "HK$5", "A$"): money,
/// not the place.
fn currency_prefix(text: &str, end: usize) -> bool {
    text[end..].starts_with('$')
}

/// Time zones and currency codes written as words ("18:00 UTC", "$99 (USD)"): capitalised,
/// but no organization or place of the story.
const CODES: &[&str] = &[
    "UTC", "GMT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "CET", "CEST", "BST",
    "AEST", "AEDT", "JST", "IST", "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "CHF", "CAD", "AUD",
    "HKD", "INR", "RUB", "KRW", "SEK", "NOK", "DKK", "MXN", "BRL", "ZAR", "SGD", "NZD",
    // Things news writes in capitals that are no body, person or place: a weapon, a
    // measure, a kind of vehicle.
    "GDP", "CPI", "IPO", "IPOs", "ICBM", "ICBMs", "WMD", "WMDs", "IED", "IEDs", "SUV", "SUVs",
    "DNA", "PTSD", "GPS", "VX",
    // Common nouns written in capitals: an identity card, a television, a disease.
    "ID", "IDs", "TV", "TVs", "IQ", "HIV", "AIDS", "ATM", "ATMs", "CCTV", "DVD", "DVDs", "MRI",
    "LGBT", "LGBTQ",
];

/// The word is one of [`CODES`] (time zones, currencies, common nouns in capitals), or a
/// capitalised word written onto a currency sign.
fn is_code(w: &Words<'_>, t: &Tok) -> bool {
    CODES.contains(&w.text(t)) || currency_prefix(w.text, t.end)
}

fn free_tokens(toks: &[Tok], taken: &[(usize, usize)]) -> Vec<bool> {
    let mut sorted = taken.to_vec();
    sorted.sort_unstable();
    // The furthest end among the ranges starting before the current token ends.
    let mut k = 0;
    let mut reach = 0;
    let mut any = false;
    toks.iter()
        .map(|t| {
            while k < sorted.len() && sorted[k].0 < t.end {
                reach = if any {
                    reach.max(sorted[k].1)
                } else {
                    sorted[k].1
                };
                any = true;
                k += 1;
            }
            !(any && reach > t.start)
        })
        .collect()
}

/// A chunk's words as classification reads them, with what is worked out once per chunk.
struct Words<'a> {
    text: &'a str,
    toks: &'a [Tok],
    /// See [`Chunk::common`].
    common: Option<&'a FxHashSet<&'a str>>,
    /// `text` with its ASCII letters lowercased (the same byte offsets).
    lower: String,
    /// Sentence starts as offsets into `text`, sorted, 0 included.
    starts: Vec<usize>,
}

impl<'a> Words<'a> {
    fn new(
        text: &'a str,
        lower: String,
        toks: &'a [Tok],
        sentences: &[usize],
        common: Option<&'a FxHashSet<&'a str>>,
    ) -> Self {
        let mut starts: Vec<usize> = sentences.to_vec();
        starts.push(0);
        starts.sort_unstable();
        starts.dedup();
        Words {
            text,
            toks,
            common,
            lower,
            starts,
        }
    }

    fn text(&self, t: &Tok) -> &'a str {
        t.text(self.text)
    }

    /// The word, lowercased.
    fn lower(&self, t: &Tok) -> Cow<'_, str> {
        if t.ascii {
            Cow::Borrowed(&self.lower[t.start..t.end])
        } else {
            Cow::Owned(self.text(t).to_lowercase())
        }
    }

    /// The word without a possessive "'s", lowercased.
    fn lower_name(&self, t: &Tok) -> Cow<'_, str> {
        let w = strip_possessive(self.text(t));
        if t.ascii {
            Cow::Borrowed(&self.lower[t.start..t.start + w.len()])
        } else {
            Cow::Owned(w.to_lowercase())
        }
    }

    /// Where the sentence holding `t` ends: the next sentence's start, or the end of the text.
    fn sentence_end(&self, t: &Tok) -> usize {
        let k = self.starts.partition_point(|&s| s <= t.start);
        self.starts.get(k).copied().unwrap_or(self.text.len())
    }

    /// True when only punctuation stands between the start of a sentence and `t`.
    fn starts_sentence(&self, t: &Tok) -> bool {
        // The nearest sentence start at or before the word (0 always is one).
        let k = self.starts.partition_point(|&s| s <= t.start);
        let s = self.starts[k.saturating_sub(1)];
        !self.text[s..t.start].chars().any(char::is_alphanumeric)
    }
}

fn chunk_mentions(
    chunk: &Chunk<'_>,
    published: Option<NaiveDate>,
    toks: &[Tok],
    g: &Gazetteer,
    only: Option<&Confirmed<'_>>,
) -> Vec<Mention> {
    let text = chunk.text;
    let base = chunk.base;
    let mut out = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let push = |out: &mut Vec<Mention>,
                s: usize,
                e: usize,
                kind: EntityKind,
                known: Option<String>,
                value: Option<String>| {
        out.push(Mention {
            kind,
            passage: chunk.passage,
            span: Span::new(base + s, base + e),
            text: text[s..e].to_string(),
            known,
            value,
            learned: false,
        });
    };

    let lower = text.to_ascii_lowercase();
    for (s, e, v) in date_mentions(text, &lower, published) {
        taken.push((s, e));
        push(&mut out, s, e, EntityKind::Date, None, v);
    }
    let words = Words::new(text, lower, toks, &chunk.sentences, chunk.common);
    let mut scratch = Scratch::default();
    let known_spans = g.find(text);
    for (n, &(s, e, k)) in known_spans.iter().enumerate() {
        // "Al-Sharaa" where the gazetteer lists "Sharaa": the particle belongs to the name.
        // Only a particle that is a word of its own: not the end of "lean-Obama" or
        // "Russian-Trump".
        let s = HYPHEN_PARTICLES
            .iter()
            .find(|p| {
                text[..s].strip_suffix(*p).is_some_and(|before| {
                    before
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric())
                })
            })
            .map(|p| s - p.len())
            .unwrap_or(s);
        if taken.iter().any(|&(a, b)| s < b && e > a)
            || currency_prefix(text, e)
            || compound_prefix_before(text, s)
        {
            continue;
        }
        // "N.C." inside "D.N.C.": letters of a longer abbreviation, no name of their own (not
        // "foxnews.com" in "www.foxnews.com").
        if text[s..e]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '.')
            && text[..s]
                .strip_suffix('.')
                .and_then(|b| b.chars().next_back())
                .is_some_and(|c| c.is_ascii_uppercase())
        {
            continue;
        }
        let known = &g.known[k];
        // "Donald J. Trump for President, Inc.": a campaign's committee, not the person.
        if only.is_none()
            && known.kind == EntityKind::Person
            && let Some(end) = campaign_after(text, e)
            && !taken.iter().any(|&(a, b)| s < b && end > a)
        {
            taken.push((s, end));
            push(&mut out, s, end, EntityKind::Organization, None, None);
            continue;
        }
        // "Vice President Mike Pence": a known one-word name that opens a title with the
        // next word ("Vice" the magazine) is the title's.
        if opens_role(&words, s, e, g, &mut scratch.key) {
            continue;
        }
        // "KCNA Watch": a known organization's letters and one more word that names nothing
        // else make another organization, named after the first.
        if only.is_none()
            && known.kind == EntityKind::Organization
            && let Some(end) = acronym_and_word(&words, s, e, g)
            && known_spans
                .get(n + 1)
                .is_none_or(|&(next, _, _)| next >= end)
            && !taken.iter().any(|&(a, b)| s < b && end > a)
        {
            taken.push((s, end));
            push(&mut out, s, end, EntityKind::Organization, None, None);
            continue;
        }
        // "Amnesty International UK", "Greenpeace USA": a known body and a country's letters
        // right after it name the body's section in that country, one name; it joins the
        // body, and the letters are no place of their own.
        if only.is_none()
            && known.kind == EntityKind::Organization
            && let Some(&(ns, ne, nk)) = known_spans.get(n + 1)
            && text[e..ns] == *" "
            && g.known[nk].country
            && SECTION_LETTERS.contains(&&text[ns..ne])
            && !taken.iter().any(|&(a, b)| s < b && ne > a)
        {
            taken.push((s, ne));
            push(
                &mut out,
                s,
                ne,
                EntityKind::Organization,
                Some(known.name.clone()),
                None,
            );
            continue;
        }
        // "Rep. Alexandria Ocasio-Cortez": a title, then a known place and a surname, is a
        // person whose given name is a place's.
        if only.is_none()
            && known.kind == EntityKind::Place
            && let Some(end) = titled_given_place(&words, s, e, g, &mut scratch.key)
            && !taken.iter().any(|&(a, b)| s < b && end > a)
        {
            let end = s + strip_possessive(&text[s..end]).len();
            taken.push((s, end));
            push(&mut out, s, end, EntityKind::Person, None, None);
            continue;
        }
        // A known name inside a longer one is part of it: "Chicago Board of Trade", "Real
        // Madrid", "Israel Defense Forces".
        if only.is_none()
            && matches!(
                known.kind,
                EntityKind::Place
                    | EntityKind::Person
                    | EntityKind::Group
                    | EntityKind::Organization
            )
            && let Some(c) = longer_name(&words, s, e, g, &mut scratch)
            && !taken.iter().any(|&(a, b)| c.start < b && c.end > a)
        {
            let end = c.start + strip_possessive(&text[c.start..c.end]).len();
            taken.push((c.start, end));
            push(&mut out, c.start, end, c.kind, None, None);
            continue;
        }
        // "Vladimir V. Putin": a given name and a middle initial before a known surname; the
        // known person when the given name is theirs, else another of that family.
        if only.is_none()
            && known.kind == EntityKind::Person
            && let Some((start, given)) = initialled(&words, s, e, g)
            && !taken.iter().any(|&(a, b)| start < b && e > a)
        {
            let same = known.name.split_whitespace().next() == Some(given);
            taken.push((start, e));
            push(
                &mut out,
                start,
                e,
                EntityKind::Person,
                same.then(|| known.name.clone()),
                None,
            );
            continue;
        }
        // A known surname after another given name is someone else of that family:
        // "Melania Trump", "Jeb Bush"; a known place after a listed given name is a person's
        // surname: "Jim Jordan", "Jack Kingston".
        if only.is_none()
            && (known.kind == EntityKind::Person
                || known.kind == EntityKind::Place && !known.name.contains(' '))
            && let Some(start) = other_given_name(
                &words,
                s,
                e,
                g,
                &mut scratch,
                known.kind == EntityKind::Place,
            )
            && !taken.iter().any(|&(a, b)| start < b && e > a)
        {
            taken.push((start, e));
            push(&mut out, start, e, EntityKind::Person, None, None);
            continue;
        }
        // "Donald Trump Jr.", "Trump Jr.": a generational suffix after a known person's name
        // makes another person of the family, the son.
        if known.kind == EntityKind::Person
            && let Some(end) = generational_after(text, e)
            && !taken.iter().any(|&(a, b)| s < b && end > a)
        {
            taken.push((s, end));
            push(&mut out, s, end, EntityKind::Person, None, None);
            continue;
        }
        taken.push((s, e));
        push(&mut out, s, e, known.kind, Some(known.name.clone()), None);
    }
    // The dateline place in capitals: "BEIRUT (AP) —", "WEST PALM BEACH, Fla. —".
    if let Some(place) = chunk.dateline {
        let words = place
            .split(',')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .count();
        if let (Some(first), Some(last)) = (toks.first(), toks.get(words.saturating_sub(1))) {
            let (s, e) = (first.start, last.end);
            let caps = text[s..e].chars().all(|c| !c.is_lowercase());
            let listed = g.lookup(place);
            let other = listed.is_some_and(|k| k.kind != EntityKind::Place);
            // A label in capitals is no place ("OPINION:", "UPDATE:", "RELATED:"); a
            // transcript's speaker is a person ("AMY GOODMAN: …").
            let shouted = listed.is_none()
                && text[s..e]
                    .split_whitespace()
                    .any(|w| label_word(w).is_some());
            let speaker = words >= 2
                && listed.is_none()
                && text[e..].trim_start().starts_with(':')
                && g.is_given_name(&title_cased(toks[0].text(text)));
            let kind = if speaker {
                EntityKind::Person
            } else {
                EntityKind::Place
            };
            if words > 0
                && caps
                && !other
                && !shouted
                && !taken.iter().any(|&(a, b)| s < b && e > a)
            {
                taken.push((s, e));
                let known = listed.map(|k| k.name.clone());
                push(&mut out, s, e, kind, known, None);
            }
        }
    }

    let free = free_tokens(toks, &taken);
    let emit = |out: &mut Vec<Mention>, c: Candidate| {
        let s = c.start;
        // A person's name ends at a possessive: "Richard Nixon’s Watergate".
        let end = match c.kind {
            EntityKind::Person => text[s..c.end]
                .match_indices(['\'', '’'])
                .map(|(k, q)| s + k + q.len())
                .find(|&k| text[k..c.end].starts_with("s ") && k + 2 < c.end)
                .map_or(c.end, |k| k + 1),
            _ => c.end,
        };
        // Nor does it run on into the next copy of itself: "Charles Schumer Charles (Chuck)
        // Ellis Schumer", as some sites' link text reads.
        let end = match text[s..end].rsplit_once(' ') {
            Some((head, last))
                if c.kind == EntityKind::Person
                    && head.contains(' ')
                    && head.split(' ').next() == Some(last) =>
            {
                s + head.len()
            }
            _ => end,
        };
        let surface = strip_possessive(&text[s..end]);
        let e = s + surface.len();
        if let Some(confirmed) = only {
            // An echo of the prose's kind, no evidence of its own.
            if let Some(k) = confirmed.get(surface) {
                push(out, s, e, *k, None, None);
                if let Some(m) = out.last_mut() {
                    m.learned = true;
                }
            }
        } else {
            push(out, s, e, c.kind, None, None);
            if let Some(m) = out.last_mut() {
                m.learned = c.learned;
            }
        }
    };

    let mut i = 0;
    while i < toks.len() {
        if !free[i] || !toks[i].cap || is_code(&words, &toks[i]) {
            i += 1;
            continue;
        }
        // Grow the span over capitalised words, name particles and "of"/"for" joints.
        let mut j = i + 1;
        while j < toks.len() && free[j] {
            let wj = toks[j].text(text);
            let prev = toks[j - 1].text(text);
            let gap = &text[toks[j - 1].end..toks[j].start];
            // "Kim Jong - un", "Mar - a - Lago": sources that spaced out a name's hyphens.
            if gap == " - " && wj.chars().next().is_some_and(char::is_lowercase) && toks[j - 1].cap
            {
                j += 1;
                continue;
            }
            // "Center for Strategic & International Studies": an ampersand joins a body's
            // name once its head noun is in it (not "Trump & Kim" in a headline).
            if gap == " & "
                && toks[j].cap
                && toks[i..j]
                    .iter()
                    .any(|t| g.org_heads.contains(&*words.lower_name(t)))
            {
                j += 1;
                continue;
            }
            let adjacent = spaced(text, &toks[j - 1], &toks[j]);
            if !adjacent || prev.len() != strip_possessive(prev).len() && !toks[j].cap {
                break;
            }
            // A word of grammar starts no part of a name: "Related Story | The Phony Islam".
            if toks[j].cap && !is_function_word(wj) {
                j += 1;
            } else if (NAME_PARTICLES.contains(&wj)
                || matches!(wj, "of" | "for" | "and")
                // "House Committee on Oversight and Government Reform".
                || wj == "on"
                    && matches!(
                        &*words.lower_name(&toks[j - 1]),
                        "committee" | "subcommittee" | "commission" | "council"
                    )
                    && toks
                        .get(j + 1)
                        .is_some_and(|n| !is_month_or_day(n.text(text))))
                && toks
                    .get(j + 1)
                    .is_some_and(|n| free[j + 1] && n.cap && !is_function_word(n.text(text)))
            {
                j += 2;
            } else if matches!(wj, "of" | "for")
                && g.org_heads.contains(&*words.lower_name(&toks[j - 1]))
                && toks
                    .get(j + 1)
                    .is_some_and(|n| free[j + 1] && matches!(n.text(text), "the" | "a"))
                && toks
                    .get(j + 2)
                    .is_some_and(|n| free[j + 2] && n.cap && !is_function_word(n.text(text)))
                && spaced(text, &toks[j], &toks[j + 1])
                && spaced(text, &toks[j + 1], &toks[j + 2])
            {
                // "Organisation of the Islamic Conference", "Movement for a Democratic
                // Slovakia": a body's head noun, then what it is of or for.
                j += 3;
            } else {
                break;
            }
        }
        let span_toks = &toks[i..j];
        i = j;
        // "James Comey Memos just out", "Clinton Emails": a plural the article also writes in
        // lower case, capitalised after a person's name, is not part of the name (but "Rosa
        // Parks": a given name and a plural are a full name).
        if only.is_none()
            && let [head @ .., last] = span_toks
            && let Some(first) = head.first()
            && (head.len() >= 2 || !g.is_given_name(words.text(first)))
            && head.iter().all(|t| t.cap)
            && common_plural(&words, last, g)
            && let Some(c) = classify(&words, head, g, &mut scratch)
            && c.kind == EntityKind::Person
            && !c.learned
            && c.start == head[0].start
        {
            emit(&mut out, c);
            continue;
        }
        // "the Air Force James Roche", "Washington Post Bob Woodward": a body's name ends on its
        // head noun where a person's full name, begun by a given name, follows it.
        if only.is_none()
            && let Some(k) = (1..span_toks.len().saturating_sub(1)).find(|&k| {
                let rest = &span_toks[k..];
                g.org_heads.contains(&*words.lower_name(&span_toks[k - 1]))
                    && g.is_given_name(words.text(&span_toks[k]))
                    && (2..=3).contains(&rest.len())
                    && rest.iter().all(|t| {
                        t.cap
                            && !is_function_word(words.text(t))
                            && !g.org_heads.contains(&*words.lower_name(t))
                    })
            })
        {
            for part in [&span_toks[..k], &span_toks[k..]] {
                if let Some(c) = classify(&words, part, g, &mut scratch) {
                    emit(&mut out, c);
                }
            }
            continue;
        }
        if let Some(c) = classify(&words, span_toks, g, &mut scratch) {
            if only.is_none()
                && c.kind == EntityKind::Person
                && let Some(body) = body_before_title(&words, span_toks, c.start, g, &mut scratch)
            {
                emit(&mut out, body);
            }
            emit(&mut out, c);
            continue;
        }
        if let Some(confirmed) = only {
            // Where the rules see nothing, the longest runs the prose names: "Nielsen" in
            // "as Nielsen visits", "Tijuana" in "Wall Goes Up In Tijuana".
            let mut a = 0;
            while a < span_toks.len() {
                let found = (a..span_toks.len()).rev().find_map(|b| {
                    let (s, e) = (span_toks[a].start, span_toks[b].end);
                    let surface = strip_possessive(&text[s..e]);
                    confirmed
                        .get(surface)
                        .map(|k| (b, s, s + surface.len(), *k))
                });
                match found {
                    Some((b, s, e, k)) => {
                        push(&mut out, s, e, k, None, None);
                        if let Some(m) = out.last_mut() {
                            m.learned = true;
                        }
                        a = b + 1;
                    }
                    None => a += 1,
                }
            }
            continue;
        }
        // "Steve Witkoff and Jared Kushner", "Israel and Syria": each part on its own.
        // The body before a title is read in the first part, or after a person's name:
        // not "Human Services" of "Health and Human Services Secretary Alex Azar".
        let mut after_person = true;
        for part in span_toks.split(|t| matches!(t.text(text), "and" | "of" | "for")) {
            let mut person = false;
            if !part.is_empty()
                && part.len() < span_toks.len()
                && let Some(c) = classify(&words, part, g, &mut scratch)
            {
                person = c.kind == EntityKind::Person;
                if person
                    && after_person
                    && let Some(body) = body_before_title(&words, part, c.start, g, &mut scratch)
                {
                    emit(&mut out, body);
                }
                emit(&mut out, c);
            }
            after_person = person;
        }
    }
    out
}

/// Decide what a capitalised span is, if anything; trims roles and joints off it.
fn classify<'w>(
    w: &'w Words<'_>,
    span: &[Tok],
    g: &Gazetteer,
    scratch: &mut Scratch<'w>,
) -> Option<Candidate> {
    let text = w.text;
    let all = w.toks;
    let Scratch {
        words,
        lower,
        key,
        features,
        buf,
    } = scratch;
    words.clear();
    words.extend(span.iter().map(|t| w.text(t)));
    lower.clear();
    lower.extend(span.iter().map(|t| w.lower_name(t)));
    let (words, lower): (&[&str], &[Cow<'_, str>]) = (words, lower);
    // "Prime Minister's Office", "General Intelligence Directorate": the head noun decides
    // before any title is taken off the front.
    let is_head = |l: &str| g.org_heads.contains(l) || l == "ministry" || l == "directorate";
    // "Shares of Newmont Mining Corp rose": a sentence's opening word the article also writes
    // in lower case, joined by "of", is no part of the name.
    let opener_of = words.len() >= 3
        && words[1] == "of"
        && w.starts_sentence(&span[0])
        && !is_head(&lower[0])
        && w.common.is_some_and(|c| c.contains(&*lower[0]));
    // One letter is an initial or a label ("Brian Mast, R"), no name.
    if words.len() == 1 && words[0].chars().filter(|c| c.is_alphabetic()).count() <= 1 {
        return None;
    }
    if words.len() == 1
        && (is_month_or_day(words[0])
            || month_before_day(words[0], &text[span[0].end..])
            || is_function_word(strip_possessive(words[0])))
    {
        return None;
    }
    // "a summit in May", "since May", "by early May": a month too short to be told from a
    // name by its length ("May", "June") is the month after a word of time.
    if words.len() == 1
        && month_after_time_word(text, all, all.partition_point(|t| t.start < span[0].start))
    {
        return None;
    }
    // "Donald J. Trump for President", "Friends of X for Congress": a campaign's committee,
    // named for the person and the office.
    let name = &words[..words.len().saturating_sub(2)];
    if words.len() >= 3
        && words[words.len() - 2] == "for"
        && CAMPAIGN_OFFICES.contains(&words[words.len() - 1])
        && name
            .iter()
            .all(|x| !is_function_word(x) && !matches!(*x, "of" | "for" | "and"))
        && !lower[..name.len()]
            .iter()
            .any(|l| w.common.is_some_and(|c| c.contains(&**l)))
    {
        return Some(Candidate {
            start: span[0].start,
            end: span[span.len() - 1].end,
            kind: EntityKind::Organization,
            learned: false,
        });
    }
    // "House and Senate": two chambers, no one body.
    if let [a, "and", b] = words[..]
        && [a, b].iter().all(|w| CHAMBERS.contains(w))
    {
        return None;
    }
    // "House Judiciary Chairman Bob Goodlatte and Senate Intelligence Chairman Richard Burr":
    // a title and a given name before "and" make a person, not part of a body's name; the
    // caller reads each part.
    if let Some(and) = words.iter().position(|w| *w == "and")
        && (0..and.saturating_sub(1))
            .any(|k| g.ends_role(&lower[k]) && g.is_given_name(words[k + 1]))
    {
        return None;
    }
    // "Barrick Gold Corp and Bre-X Minerals Ltd", "the State Department and Defense
    // Department": a body's head noun or a company's ending right before "and" closes one
    // name, and what follows is another (the caller reads each part). "Mines and Energy
    // Ministry", "House Ways and Means Committee" have no head before their "and".
    if words.iter().enumerate().any(|(k, w)| {
        *w == "and"
            && k >= 2
            && k + 1 < words.len()
            && (is_head(&lower[k - 1]) || COMPANY_ENDS.contains(&words[k - 1]))
    }) {
        return None;
    }
    if words.len() >= 2
        && (lower.last().is_some_and(|l| is_head(l))
            || lower
                .first()
                .is_some_and(|l| l == "ministry" || l == "department"))
    {
        // A leading article belongs to no name: "the Justice Department", "A U.S. District
        // Court ruled" ("Group A" keeps its label, at the end).
        let skip = if opener_of && words.len() >= 4 {
            2
        } else {
            usize::from(lower[0] == "the" || words.len() >= 3 && matches!(words[0], "A" | "An"))
        };
        return Some(Candidate {
            start: span[skip].start,
            end: span[span.len() - 1].end,
            kind: EntityKind::Organization,
            learned: false,
        });
    }
    // A leading article belongs to no name ("The President said"), nor does a sentence's
    // opening conjunction or preposition ("While Kim", "In Friendship Park").
    // Nor a sentence's opening word the article also writes in lower case, joined by "of"
    // (`opener_of`).
    let the = if opener_of {
        2
    } else {
        usize::from(
            lower[0] == "the"
                || words.len() >= 2 && matches!(words[0], "A" | "An")
                || words.len() >= 2 && w.starts_sentence(&span[0]) && OPENERS.contains(&&*lower[0]),
        )
    };
    let (words, span, lower) = (&words[the..], &span[the..], &lower[the..]);
    if words.is_empty() || words.len() == 1 && is_month_or_day(words[0]) {
        return None;
    }
    // Named by the outlet that carries it: "state news agency Sana", "the newspaper Haaretz";
    // or by the kind of body it is: "the nonprofit group Al Otro Lado", "the firm Fusion GPS".
    let first_idx = all.partition_point(|t| t.start < span[0].start);
    if words.len() <= 3
        && first_idx > 0
        && matches!(text[all[first_idx - 1].end..span[0].start].trim(), "" | ",")
        && !g.starts_role(&lower[0])
        && matches!(
            &*w.lower(&all[first_idx - 1]),
            "agency"
                | "newspaper"
                | "broadcaster"
                | "daily"
                | "channel"
                | "network"
                | "outlet"
                | "website"
                | "tabloid"
                | "magazine"
                | "group"
                | "nonprofit"
                | "charity"
                | "organization"
                | "organisation"
                | "coalition"
                | "firm"
                | "company"
        )
    {
        return Some(Candidate {
            start: span[0].start,
            end: span[span.len() - 1].end,
            kind: EntityKind::Organization,
            learned: false,
        });
    }
    // Roles and titles before the name: "Foreign Minister", "President", "Mr.".
    // (Every candidate begins with the first word: most first words begin no role.)
    let starts_role = g.starts_role(&lower[0]);
    // A title alone names no one: "Sens." whose names stand after its period.
    if words.len() == 1 && starts_role && g.is_role_in(&lower[..1], key) {
        return None;
    }
    let skip = if starts_role {
        (1..words.len())
            .rev()
            .find(|&k| g.is_role_in(&lower[..k], key))
            .unwrap_or(0)
    } else {
        0
    };
    // A role inside the span ends a name that is no one's: "Border Patrol Agent Rodney S.
    // Scott", "FBI Director James Comey". The person is what follows it, when that is a full
    // name or starts with a given name.
    let mut skip = skip;
    // A role begun before the span ends inside it: "State" of "Secretary of State Rex
    // Tillerson" split at its "of".
    let before_role = |t: &Tok| g.starts_role(&w.lower(t));
    if skip == 0
        && first_idx >= 2
        && all[first_idx.saturating_sub(3)..first_idx]
            .iter()
            .any(before_role)
    {
        let prev: Vec<Cow<'_, str>> = all[first_idx.saturating_sub(3)..first_idx]
            .iter()
            .map(|t| w.lower(t))
            .collect();
        'found: for k in (1..words.len()).rev() {
            for b in 1..=prev.len() {
                let joined: Vec<&str> = prev[prev.len() - b..]
                    .iter()
                    .map(|c| &**c)
                    .chain(lower[..k].iter().map(|c| &**c))
                    .collect();
                if g.is_role_in(&joined, key) {
                    skip = k;
                    break 'found;
                }
            }
        }
    }
    if skip == 0 && words.len() >= 3 {
        for k in (1..words.len() - 1).rev() {
            let rest = words.len() - k - 1;
            if g.ends_role(&lower[k])
                && (rest >= 2 || g.is_given_name(words[k + 1]))
                && !words[k + 1..]
                    .iter()
                    .any(|w| matches!(*w, "of" | "for" | "and"))
                && !lower[k + 1..].iter().any(|l| is_head(l))
                && (0..=k).any(|m| {
                    g.is_role_in(&lower[m..=k], key)
                        && !words[..m]
                            .iter()
                            .any(|w| matches!(*w, "of" | "for" | "and"))
                })
            {
                skip = k + 1;
                break;
            }
        }
    }
    // After a title, one word the article also writes in lower case is no name: "Executive
    // Order", not the executive called Order.
    if skip > 0
        && words.len() == skip + 1
        && (w.common.is_some_and(|c| c.contains(&*lower[skip]))
            || g.org_heads.contains(&*lower[skip]))
    {
        return None;
    }
    let role = skip > 0;
    if (skip > 0 || starts_role) && g.is_role_in(&lower[skip..], key) {
        // A title alone ("President", "Mr.") names no one by itself.
        return None;
    }
    let words = &words[skip..];
    let toks = &span[skip..];
    let lower = &lower[skip..];
    // A trailing joint belongs to nothing.
    let mut n = words.len();
    while n > 0 && matches!(words[n - 1], "of" | "for" | "and") {
        n -= 1;
    }
    if n == 0 {
        return None;
    }
    let (words, toks, lower) = (&words[..n], &toks[..n], &lower[..n]);
    let first = toks[0];
    let last = toks[n - 1];
    let idx = all.partition_point(|t| t.start < first.start);
    let after_idx = all.partition_point(|t| t.start <= last.start);
    let before = &all[idx.saturating_sub(4)..idx];
    let between_next = all
        .get(after_idx)
        .map(|t| &text[last.end..t.start])
        .unwrap_or("");

    let org_head = lower.iter().any(|l| is_head(l));
    let has_joint = words.iter().any(|w| matches!(*w, "of" | "for" | "and"));
    // "Changi International Airport", "Brooklyn Bridge": a name ending in a word for a
    // building or a site is that place, whatever its first word would make it alone. Not a
    // given name and the word alone ("John Tower" is a senator), nor a people's adjective
    // ("American Bridge" is a political group).
    if !org_head
        && words.len() >= 2
        && SITE_HEADS.contains(&strip_possessive(words[n - 1]))
        && !(words.len() == 2 && g.is_given_name(words[0]))
        && g.lookup(words[0])
            .is_none_or(|k| k.kind != EntityKind::Group)
    {
        return Some(Candidate {
            start: first.start,
            end: last.end,
            kind: EntityKind::Place,
            learned: false,
        });
    }
    if org_head && words.len() >= 2 {
        return Some(Candidate {
            start: first.start,
            end: last.end,
            kind: EntityKind::Organization,
            learned: false,
        });
    }
    // Said to be a group, a party, a company right after: "Pueblo Sin Fronteras, the
    // transnational group that …".
    if (!w.starts_sentence(&first) || words.len() >= 2) && org_appositive(&text[last.end..], g) {
        return Some(Candidate {
            start: first.start,
            end: last.end,
            kind: EntityKind::Organization,
            learned: false,
        });
    }
    let learned =
        |features: &mut Features, buf: &mut String| learned_kind(w, toks, lower, g, features, buf);
    let candidate = |kind| Candidate {
        start: first.start,
        end: last.end,
        kind,
        learned: false,
    };
    let guessed = |kind| Candidate {
        learned: true,
        ..candidate(kind)
    };
    if has_joint {
        // "Steve Witkoff and Jared Kushner": without an organization head, a joint separates
        // two names (the caller classifies each part) unless the model reads one name
        // ("Bank of England", "Organization of American States").
        let and = words.contains(&"and");
        return learned(features, buf)
            .filter(|k| *k == EntityKind::Organization || *k == EntityKind::Place && !and)
            .map(guessed);
    }
    let given = g.is_given_name(words[0]);
    let particle = words.len() >= 2
        && words
            .iter()
            .any(|w| after_particle(w).is_some() || NAME_PARTICLES.contains(w));
    // A role before the name, a known given name, a name particle, a generational suffix
    // ("Jackson Jr. said", even opening a sentence) or an age after it ("Olimpia Blanco, a
    // 23-year-old immigrant") make it a person. Of the suffixes, "II" is left out here ("World
    // War II"); `generational_after` takes it after a known name.
    let suffixed = words.len() >= 2
        && matches!(
            words[words.len() - 1],
            "Jr." | "Sr." | "Jr" | "Sr" | "III" | "IV"
        )
        && words[0].chars().skip(1).any(char::is_lowercase);
    // Named after who they are to someone: "her 44-year-old mother, Emilia Palacio", "his
    // stepfather Andres".
    let kin = (2..=3).contains(&words.len())
        && !org_head
        && before.last().is_some_and(|t| {
            KIN.contains(&&*w.lower(t)) && matches!(text[t.end..first.start].trim(), "" | ",")
        });
    // "in Everett, Washington", "the Cupertino, California event": one word after a word for
    // where, then a comma and a known place, is a town of that place (not "Everett" the given
    // name, nor "Jordan, Syria and Iraq", a list).
    if words.len() == 1
        && !role
        && before
            .last()
            .is_some_and(|t| matches!(&*w.lower(t), "in" | "at" | "near" | "outside" | "the"))
        && between_next == ", "
        && town_of_place(w, after_idx, g)
    {
        return Some(candidate(EntityKind::Place));
    }
    let named = role
        || given
        || particle
        || suffixed
        || kin
        || !w.starts_sentence(&first) && age_follows(&text[last.end..])
        || before.last().is_some_and(|t| {
            // Right before it: "governor, Senate" lists two offices. A rank that is also an
            // adjective is one only with its capital: "a major Senate debate".
            text[t.end..first.start].trim().is_empty()
                && !matches!(t.text(text), "major" | "general" | "private")
                // "business chief Senate panel": an office after a title is a body.
                && !g.org_heads.contains(&*lower[0])
        }) && role_ends(w, before, g, key);
    let reports = || {
        between_next.trim().is_empty()
            && match all.get(after_idx) {
                Some(t) => g.person_verbs.contains(&*w.lower(t)),
                None => g.person_verbs.contains(""),
            }
            || between_next.starts_with(", who")
    };
    let sentence_initial = || w.starts_sentence(&first);

    if named || (words.len() <= 4 && reports() && (words.len() >= 2 || !sentence_initial())) {
        // A lone capitalised word opening a sentence needs a role or a known name to count.
        if words.len() == 1
            && !role
            && !given
            && after_particle(words[0]).is_none()
            && sentence_initial()
        {
            return None;
        }
        // A reporting verb alone ("Boeing said") is weak: organizations speak too.
        if named {
            return Some(candidate(EntityKind::Person));
        }
        // Without a role or a known name, "X said" is a guess too: a person unless the model
        // reads an organization or a place.
        return Some(guessed(match learned(features, buf) {
            Some(k @ (EntityKind::Organization | EntityKind::Place)) => k,
            _ => EntityKind::Person,
        }));
    }
    if words.len() == 1 && after_particle(words[0]).is_some() {
        return Some(Candidate {
            start: first.start,
            end: last.end,
            kind: EntityKind::Person,
            learned: false,
        });
    }
    if words.len() == 1 && is_acronym(words[0]) && !SHOUTED.contains(&words[0]) {
        return Some(Candidate {
            start: first.start,
            end: last.end,
            kind: EntityKind::Organization,
            learned: false,
        });
    }
    // "the Mueller investigation", "the Steele dossier": a surname used as a modifier of what
    // a person leads or wrote, a guess (a person unless the model reads a body or a place).
    if words.len() == 1
        && !sentence_initial()
        && before.last().is_some_and(|t| w.lower(t) == "the")
        && all
            .get(after_idx)
            .is_some_and(|t| between_next == " " && LED_BY_A_PERSON.contains(&&*w.lower(t)))
        && !w.common.is_some_and(|c| c.contains(&*lower[0]))
        && !is_acronym(words[0])
    {
        return Some(guessed(match learned(features, buf) {
            Some(k @ (EntityKind::Organization | EntityKind::Place)) => k,
            _ => EntityKind::Person,
        }));
    }
    let cue = before
        .last()
        .is_some_and(|t| g.place_cues.contains(&*w.lower(t)));
    // A weak sign ("at Newmont"), a guess as good as the model's.
    if cue && words.len() <= 3 && !sentence_initial() {
        return Some(guessed(EntityKind::Place));
    }
    // "Will the Witch Hunt continue?", "the ' Golden Shower Thing '": words the article also
    // writes in lower case, capitalised for emphasis in a quotation, are a guess too weak to
    // make a name of ("Border Patrol", "Black Lives Matter" in prose stay guesses).
    let quoted = text[..first.start]
        .trim_end()
        .ends_with(['"', '“', '\'', '‘'])
        || text[last.end..]
            .trim_start()
            .starts_with(['"', '”', '\'', '’', '!', '?']);
    if quoted
        && words.len() >= 2
        && lower
            .iter()
            .all(|l| w.common.is_some_and(|c| c.contains(&**l)))
    {
        return None;
    }
    learned(features, buf).map(guessed)
}

/// The words from token `from` on are a known place of one to three words, not followed by
/// another name or a list's "and"/"or": "Washington" of "Everett, Washington at 18:00".
fn town_of_place(w: &Words<'_>, from: usize, g: &Gazetteer) -> bool {
    let (text, all) = (w.text, w.toks);
    (1..=3).any(|n| {
        let Some(run) = all.get(from..from + n) else {
            return false;
        };
        let (first, last) = (run[0], run[n - 1]);
        run.iter().all(|t| t.cap)
            && run.windows(2).all(|p| text[p[0].end..p[1].start] == *" ")
            && g.lookup(&text[first.start..last.end])
                .is_some_and(|k| k.kind == EntityKind::Place)
            && match all.get(from + n) {
                None => true,
                Some(t) => {
                    let gap = &text[last.end..t.start];
                    let next = w.lower(t);
                    !gap.trim().is_empty() && !gap.contains('\'')
                        || !t.cap && !matches!(&*next, "and" | "or") && !g.starts_role(&next)
                }
            }
    })
}

/// "House Judiciary Chairman Bob Goodlatte", "Planned Parenthood President Cecile Richards":
/// the words before a title that the person's name (from `name_start`) follows in one
/// capitalised span name the body the title is of, or the place ("Richmond Mayor Levar
/// Stoney"), as the words read alone say. Not a word the article also writes in lower case
/// alone ("Former"), a given name, a word of rank ("Majority" of "Senate Majority Leader"), a
/// kind of court or district alone ("District Judge"), or more than four words.
fn body_before_title<'w>(
    w: &'w Words<'_>,
    span: &[Tok],
    name_start: usize,
    g: &Gazetteer,
    scratch: &mut Scratch<'w>,
) -> Option<Candidate> {
    let n = span.partition_point(|t| t.start < name_start);
    let lower: Vec<Cow<'_, str>> = span[..n].iter().map(|t| w.lower(t)).collect();
    // Not a sentence's opening word the article also writes in lower case ("Then").
    let opener = |k: usize| {
        w.starts_sentence(&span[k])
            && (OPENERS.contains(&&*lower[k]) || w.common.is_some_and(|c| c.contains(&*lower[k])))
    };
    let from = usize::from(
        lower
            .first()
            .is_some_and(|l| matches!(&**l, "the" | "a" | "an"))
            || n > 0 && opener(0),
    );
    // Where the title begins: the longest title that ends right before the name.
    let m = (from..n).find(|&m| g.is_role_in(&lower[m..n], &mut scratch.key))?;
    // "Senate Majority Leader": the chamber a title names is a body of its own.
    let chamber = |k: usize| {
        lower
            .get(k)
            .is_some_and(|l| CHAMBERS.iter().any(|c| c.eq_ignore_ascii_case(l)))
    };
    let mut m = if m == from && chamber(from) { m + 1 } else { m };
    while m > from && TITLE_MODIFIERS.contains(&&*lower[m - 1]) {
        m -= 1;
    }
    let body = span.get(from..m).filter(|b| !b.is_empty())?;
    let text = |t: &Tok| w.text(t);
    // Capitalised words only: "of", "for" and "and" are no part of it.
    let plain = body.iter().zip(&lower[from..m]).all(|(t, l)| {
        t.cap
            && !is_function_word(text(t))
            && !g.is_given_name(text(t))
            && !is_month_or_day(text(t))
            && !TITLE_MODIFIERS.contains(&&**l)
    });
    let common = |l: &Cow<'_, str>| w.common.is_some_and(|c| c.contains(&**l));
    let chamber = CHAMBERS.contains(&text(&body[0]));
    let jurisdiction = body.len() == 1 && JURISDICTIONS.contains(&&*lower[from]);
    if !plain || body.len() > 4 || jurisdiction || !chamber && lower[from..m].iter().all(common) {
        return None;
    }
    let alone = classify(w, body, g, scratch);
    if alone
        .as_ref()
        .is_some_and(|c| c.start != body[0].start || c.end != body[body.len() - 1].end)
    {
        return None;
    }
    let title = lower[m..n].join(" ");
    // A title held in a body: "Judiciary Chairman", "Zoom CEO".
    let of_body = BODY_TITLES.contains(&title.as_str());
    // One word needs more than its capital: "Communications Director", "Political Director".
    if body.len() == 1 && !chamber && !of_body && alone.is_none() && !is_acronym(text(&body[0])) {
        return None;
    }
    let kind = match alone.as_ref().map(|c| (c.kind, c.learned)) {
        _ if chamber => EntityKind::Organization,
        Some((EntityKind::Person, _)) => return None,
        Some((EntityKind::Place, learned)) if !(learned && of_body) => EntityKind::Place,
        _ if PLACE_TITLES.contains(&title.as_str()) => EntityKind::Place,
        _ => EntityKind::Organization,
    };
    Some(Candidate {
        start: body[0].start,
        end: body[body.len() - 1].end,
        kind,
        learned: false,
    })
}

/// Kinds of court, district or government that open a title without naming one: "District
/// Judge", "County Executive", "State Senator".
const JURISDICTIONS: &[&str] = &[
    "district",
    "circuit",
    "county",
    "city",
    "state",
    "federal",
    "superior",
    "supreme",
    "municipal",
    "national",
    "regional",
    "provincial",
    "appeals",
    "high",
    "us",
    "u.s.",
];

/// Where a campaign committee's name that a person's name opens ends: " for President" and
/// a company ending after the name at `e` ("…, Inc.").
fn campaign_after(text: &str, e: usize) -> Option<usize> {
    let rest = text[e..].strip_prefix(" for ")?;
    let office = CAMPAIGN_OFFICES
        .iter()
        .find(|o| rest.starts_with(*o) && !rest[o.len()..].starts_with(char::is_alphanumeric))?;
    let end = e + " for ".len() + office.len();
    let inc = [", Inc.", " Inc.", ", Inc"]
        .iter()
        .find(|i| text[end..].starts_with(*i))
        .map_or(0, |i| i.len());
    Some(end + inc)
}

/// What news names after the person who leads it or wrote it: "the Mueller investigation",
/// "the Steele dossier", "the Nunes memo".
const LED_BY_A_PERSON: &[&str] = &[
    "investigation",
    "probe",
    "inquiry",
    "dossier",
    "memo",
    "memos",
    "presidency",
    "administration",
    "nomination",
    "doctrine",
    "team",
];

/// Offices a campaign committee is named for: "Donald J. Trump for President".
const CAMPAIGN_OFFICES: &[&str] = &[
    "President",
    "Congress",
    "Senate",
    "Governor",
    "Mayor",
    "America",
    "Assembly",
];

/// Titles held in a body, a panel or a company: the words before them name it ("Judiciary
/// Chairman", "Zoom CEO").
const BODY_TITLES: &[&str] = &[
    "chairman",
    "chairwoman",
    "chair",
    "co-chair",
    "vice chairman",
    "ranking member",
    "ceo",
    "chief executive",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

/// Titles of a place's officers: the words before them name the place ("Richmond Mayor").
const PLACE_TITLES: &[&str] = &[
    "mayor",
    "governor",
    "gov.",
    "sheriff",
    "lt. gov.",
    "lieutenant governor",
    "police chief",
    "district attorney",
    "attorney general",
    "state attorney",
    "county executive",
];

/// Words before a title that say when or how someone holds it, no body's name.
const TITLE_MODIFIERS: &[&str] = &[
    "former",
    "acting",
    "then",
    "outgoing",
    "incoming",
    "interim",
    "retired",
    "late",
    "current",
    "new",
    "top",
    "senior",
    "ranking",
    "ex",
    "deputy",
    "assistant",
    "chief",
    "first",
    "majority",
    "minority",
];

/// A capitalised plural the article also writes in lower case, that heads no body: "Memos",
/// "Emails", not "Democrats" nor "Services".
fn common_plural(w: &Words<'_>, t: &Tok, g: &Gazetteer) -> bool {
    let word = w.text(t);
    let lower = w.lower(t);
    word.len() >= 4
        && word.ends_with('s')
        && !word.ends_with("ss")
        && t.cap
        && !g.org_heads.contains(&*lower)
        && w.common.is_some_and(|c| c.contains(&*lower))
}

/// Whether the one word at `s..e` and the one or two words after it are a title: "Vice
/// President", "Vice Prime Minister"; not an acronym ("FBI Director").
fn opens_role(w: &Words<'_>, s: usize, e: usize, g: &Gazetteer, key: &mut String) -> bool {
    let toks = w.toks;
    let i = toks.partition_point(|t| t.start < s);
    // Not letters that name a body: "FBI Director" is a title, and the FBI is named in it.
    if toks.get(i).is_none_or(|t| t.start != s || t.end != e)
        || !g.starts_role(&w.lower(&toks[i]))
        || is_acronym(w.text(&toks[i]))
    {
        return false;
    }
    (2..=3).any(|n| {
        toks.get(i..i + n).is_some_and(|run| {
            run.windows(2).all(|p| spaced(w.text, &p[0], &p[1]))
                && g.is_role_in(&run.iter().map(|t| w.lower(t)).collect::<Vec<_>>(), key)
        })
    })
}

/// Where a name begins, and its given name, when the known name at `s..e` follows a listed
/// given name and a middle initial: "Vladimir V. Putin", "George W. Bush".
fn initialled<'t>(w: &Words<'t>, s: usize, e: usize, g: &Gazetteer) -> Option<(usize, &'t str)> {
    let (text, toks) = (w.text, w.toks);
    let i = toks.partition_point(|t| t.start < s);
    let t = toks.get(i).filter(|t| t.start == s && t.end == e)?;
    let initial = &toks[i.checked_sub(1)?];
    let given = &toks[i.checked_sub(2)?];
    let letter = initial.text(text);
    let gap = &text[initial.end..t.start];
    let dotted = letter.len() == 2 && letter.ends_with('.') && gap == " "
        || letter.len() == 1 && gap == ". ";
    let is_initial = letter.starts_with(|c: char| c.is_ascii_uppercase()) && dotted;
    let name = given.text(text);
    (is_initial && &text[given.end..initial.start] == " " && g.is_given_name(name))
        .then_some((given.start, name))
}

/// Where a full name begins when the known one-word name at `s..e` follows a capitalised word
/// that is a given name, not a title or an ordinary word: "Melania" of "Melania Trump" (the
/// gazetteer would have matched "Donald Trump" whole). With `listed`, only a given name the
/// gazetteer lists counts ("Jim" of "Jim Jordan", not "Hashemite" of "Hashemite Jordan").
fn other_given_name(
    w: &Words<'_>,
    s: usize,
    e: usize,
    g: &Gazetteer,
    scratch: &mut Scratch<'_>,
    listed: bool,
) -> Option<usize> {
    let (text, toks) = (w.text, w.toks);
    let i = toks.partition_point(|t| t.start < s);
    let t = toks.get(i).filter(|t| t.start == s && t.end == e)?;
    let p = &toks[i.checked_sub(1)?];
    let word = p.text(text);
    let l = w.lower(p);
    let plain = p.cap
        && spaced(text, p, t)
        && word.chars().skip(1).any(char::is_lowercase)
        && !word.ends_with('.')
        && strip_possessive(word).len() == word.len()
        && l != "the"
        && !g.starts_role(&l)
        && !g.ends_role(&l)
        && !is_month_or_day(word)
        && !w.common.is_some_and(|c| c.contains(&*l));
    if !plain {
        return None;
    }
    // At a sentence's start a common word is no given name ("While Kim", "So Obama").
    let opener =
        w.starts_sentence(p) && (l.chars().count() < 3 || super::fingerprint::is_stop_word(&l));
    // Otherwise the classifier decides; when it is unsure ("first lady Melania Trump"), a
    // capitalised word mid-sentence that names nothing the gazetteer knows is taken as the
    // given name: before a known surname, there is little else it can be.
    let person = g.is_given_name(word)
        || !listed && !opener && {
            let lower = [l.clone(), w.lower(t)];
            match learned_kind(
                w,
                &toks[i - 1..=i],
                &lower,
                g,
                &mut scratch.features,
                &mut scratch.buf,
            ) {
                Some(kind) => kind == EntityKind::Person,
                None => {
                    // At a sentence's start too, before a known person's surname ("Ivanka
                    // Trump tweeted": not "Donald Trump" for his daughter), when the word is
                    // no common English word, no "-ing" or "-ed" word ("Sometimes Trump",
                    // "Removing Trump", "Undisciplined Trump").
                    let person_after = || {
                        g.lookup(t.text(text))
                            .is_some_and(|k| k.kind == EntityKind::Person)
                            && word.len() >= 4
                            && word.chars().all(char::is_alphabetic)
                            && !["ing", "ed", "ly"].iter().any(|x| l.ends_with(x))
                            && !super::vectors::builtin().is_some_and(|v| v.is_word(&l))
                    };
                    w.common.is_some()
                        && (!w.starts_sentence(p) || person_after())
                        && !super::fingerprint::is_stop_word(&l)
                        && !OPENERS.contains(&&*l)
                        && g.lookup(word).is_none()
                }
            }
        };
    person.then_some(p.start)
}

/// The end of the one word after the known acronym at `s..e` that makes a longer name of it:
/// "KCNA Watch", not "FBI Director", "CNN Wolf Blitzer", "NATO said" or "ICE agents".
/// Whether a prefix and a hyphen stand right before `s`: "Trans-Pacific", "Pan-American",
/// "Sino-Japanese" make a word of their own, no mention of the name after them (but
/// "anti-Trump", "inter-Korean", "mid-Missouri" still speak of them).
fn compound_prefix_before(text: &str, s: usize) -> bool {
    let before = text[..s]
        .strip_suffix('-')
        .or_else(|| text[..s].strip_suffix(" - "));
    let Some(before) = before else {
        return false;
    };
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    COMPOUND_PREFIXES.contains(&word.as_str())
}

/// Prefixes that make one word with the name after a hyphen (see [`compound_prefix_before`]).
const COMPOUND_PREFIXES: &[&str] = &[
    "trans", "pan", "sino", "indo", "anglo", "franco", "afro", "euro", "austro", "russo", "greco",
    "judeo", "italo", "hispano", "luso",
];

/// A country's letters that, right after a body's name, name its section there.
const SECTION_LETTERS: &[&str] = &["UK", "U.K.", "USA", "U.S.A."];

fn acronym_and_word(w: &Words<'_>, s: usize, e: usize, g: &Gazetteer) -> Option<usize> {
    let (text, toks) = (w.text, w.toks);
    let i = toks.partition_point(|t| t.start < s);
    let t = toks.get(i).filter(|t| t.start == s && t.end == e)?;
    if !is_acronym(t.text(text)) {
        return None;
    }
    let next = toks.get(i + 1)?;
    let word = next.text(text);
    let lower = w.lower(next);
    let titled = word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).all(char::is_lowercase)
        && word.chars().count() >= 3;
    let plain = titled
        && text[t.end..next.start] == *" "
        && !w.starts_sentence(next)
        && !is_function_word(word)
        && !g.starts_role(&lower)
        && !g.is_given_name(word)
        && !g.person_verbs.contains(&*lower)
        && g.lookup(word).is_none()
        && !is_month_or_day(word);
    // One word only: "UN Security Council" is the known council's, not a new name.
    let alone = toks
        .get(i + 2)
        .is_none_or(|n| !n.cap || text[next.end..n.start] != *" ");
    (plain && alone).then_some(next.end)
}

/// The end of a person's name that starts with the known one-word place at `s..e`, when a title
/// stands right before it and one or two capitalised words right after it: "Rep. Alexandria
/// Ocasio-Cortez", "Sen. Georgia Smith".
fn titled_given_place(
    w: &Words<'_>,
    s: usize,
    e: usize,
    g: &Gazetteer,
    key: &mut String,
) -> Option<usize> {
    let (text, toks) = (w.text, w.toks);
    let i = toks.partition_point(|t| t.start < s);
    toks.get(i).filter(|t| t.start == s && t.end == e)?;
    let p = &toks[i.checked_sub(1)?];
    let titled = spaced(text, p, &toks[i]) && role_ends(w, &toks[i.saturating_sub(3)..i], g, key);
    if !titled {
        return None;
    }
    let mut j = i + 1;
    while j < toks.len()
        && j <= i + 2
        && toks[j].cap
        && spaced(text, &toks[j - 1], &toks[j])
        && !is_function_word(toks[j].text(text))
        && !g.org_heads.contains(&*w.lower(&toks[j]))
        && g.lookup(toks[j].text(text)).is_none()
        && !w.starts_sentence(&toks[j])
    {
        let possessive = strip_possessive(toks[j].text(text)).len() < toks[j].end - toks[j].start;
        j += 1;
        if possessive {
            break;
        }
    }
    (j > i + 1).then(|| toks[j - 1].end)
}

/// The organization or place whose name holds the known name at `s..e`, when the capitalised
/// words around it make a longer name: "Chicago Board of Trade" around Chicago, "Israel
/// Defense Forces" around Israel. Never a person: "Russian President Vladimir Putin" holds
/// "Russian" but is not named by it.
fn longer_name<'w>(
    w: &'w Words<'_>,
    s: usize,
    e: usize,
    g: &Gazetteer,
    scratch: &mut Scratch<'w>,
) -> Option<Candidate> {
    let (text, toks) = (w.text, w.toks);
    let mut i = toks.partition_point(|t| t.start < s);
    let mut j = toks.partition_point(|t| t.end <= e);
    if i >= j {
        return None;
    }
    let (i0, j0) = (i, j);
    let known_place = || {
        g.lookup(&text[s..e])
            .is_some_and(|k| k.kind == EntityKind::Place)
    };
    // "Southern California", "Eastern Ukraine": a compass word makes a region, another place.
    if let Some(p) = i.checked_sub(1).map(|k| &toks[k])
        && REGIONS.contains(&p.text(text))
        && text[p.end..toks[i].start] == *" "
        && known_place()
        && !toks
            .get(i.wrapping_sub(2))
            .is_some_and(|t| t.cap && text[t.end..p.start] == *" ")
        && !toks
            .get(j)
            .is_some_and(|t| t.cap && text[toks[j - 1].end..t.start] == *" ")
    {
        return Some(Candidate {
            start: p.start,
            end: e,
            kind: EntityKind::Place,
            learned: false,
        });
    }
    let spaced = |a: &Tok, b: &Tok| spaced(text, a, b);
    // "Air China", "Air New Zealand": an airline named after the known place.
    if let Some(p) = i.checked_sub(1).map(|k| &toks[k])
        && p.text(text) == "Air"
        && spaced(p, &toks[i])
        && known_place()
    {
        return Some(Candidate {
            start: p.start,
            end: e,
            kind: EntityKind::Organization,
            learned: false,
        });
    }
    let possessive = |t: &Tok| strip_possessive(t.text(text)).len() != t.end - t.start;
    let head = |t: &Tok| g.org_heads.contains(&*w.lower_name(t));
    loop {
        if i > 0
            && toks[i - 1].cap
            && spaced(&toks[i - 1], &toks[i])
            && !possessive(&toks[i - 1])
            && w.lower(&toks[i - 1]) != "the"
            // "Then US District Court …": a sentence's opening word is no part of the name.
            && !(w.starts_sentence(&toks[i - 1]) && OPENERS.contains(&&*w.lower(&toks[i - 1])))
        {
            i -= 1;
            continue;
        }
        // "Civil Aviation Administration of China", "Humane Society of the United States",
        // "Movement for a Democratic Slovakia": a body named for the known place, its head
        // noun right before the "of" or "for".
        if i == i0 {
            let k = if i > 0
                && matches!(&*w.lower(&toks[i - 1]), "the" | "a")
                && spaced(&toks[i - 1], &toks[i])
            {
                i - 1
            } else {
                i
            };
            if k >= 2
                && matches!(toks[k - 1].text(text), "of" | "for")
                && spaced(&toks[k - 1], &toks[k])
                && spaced(&toks[k - 2], &toks[k - 1])
                && toks[k - 2].cap
                && head(&toks[k - 2])
            {
                i = k - 2;
                continue;
            }
        }
        break;
    }
    // "Debbie Wasserman Schultz Servers": a plural the article writes in lower case ends a
    // person's name.
    let person = g
        .lookup(&text[s..e])
        .is_some_and(|k| k.kind == EntityKind::Person);
    while j < toks.len() && !possessive(&toks[j - 1]) && spaced(&toks[j - 1], &toks[j]) {
        if person && common_plural(w, &toks[j], g) {
            break;
        }
        if toks[j].cap {
            j += 1;
        } else if matches!(toks[j].text(text), "of" | "for")
            && toks
                .get(j + 1)
                .is_some_and(|n| n.cap && spaced(&toks[j], n))
        {
            j += 2;
        } else {
            break;
        }
    }
    // "Indianapolis Colts", "Chicago Bulls", "Philadelphia Eagles 37-10": a known place and
    // one capitalised plural after it name a team or a body based there, not the place.
    if i == i0
        && j == j0 + 1
        && known_place()
        && team_plural(strip_possessive(toks[j0].text(text)), g)
    {
        return Some(Candidate {
            start: s,
            end: toks[j0].end,
            kind: EntityKind::Organization,
            learned: false,
        });
    }
    // "Trump Tower", "Reagan Airport", "Lincoln Memorial": a known name and one word for a
    // building or a site after it name that place, not the person or place it is named for.
    if i == i0
        && j == j0 + 1
        && SITE_HEADS.contains(&strip_possessive(toks[j0].text(text)))
        && g.lookup(&text[s..e])
            .is_none_or(|k| !matches!(k.kind, EntityKind::Organization | EntityKind::Group))
    {
        return Some(Candidate {
            start: s,
            end: toks[j0].end,
            kind: EntityKind::Place,
            learned: false,
        });
    }
    // "the United States Barack Obama": a known person's name after the known name is no part
    // of it.
    if let Some(k) = (j0..j).find(|&k| {
        g.lookup(&text[toks[k].start..toks[j - 1].end])
            .is_some_and(|x| x.kind == EntityKind::Person)
    }) {
        j = k;
    }
    // "Israeli Channel 12": the name goes on past what is grown here; leave the known one.
    if (i, j) == (i0, j0)
        || toks.get(j).is_some_and(|t| {
            spaced(&toks[j - 1], t) && t.text(text).starts_with(|c: char| c.is_ascii_digit())
        })
    {
        return None;
    }
    // "US District Court Judge David Norton": the body's name ends on its head noun, where a
    // title or a person's name begins.
    let mut named =
        |t: &Tok| g.is_given_name(t.text(text)) || g.is_role_in(&[w.lower(t)], &mut scratch.key);
    if let Some(k) = (j0..j).find(|&k| named(&toks[k]))
        && k > j0
        && head(&toks[k - 1])
    {
        j = k;
    }
    // No person's name or title added: "Florida Gov. Jeb Bush" is not one name (the known
    // name's own words may look like one: "General Motors").
    if toks[i..i0].iter().chain(&toks[j0..j]).any(&mut named) {
        return None;
    }
    let c = classify(w, &toks[i..j], g, scratch)?;
    let holds = c.start <= s && c.end >= e && (c.start < s || c.end > e);
    (holds && c.kind == EntityKind::Organization).then_some(c)
}

/// Words for a building or a site that, after a name, make the name of a place.
const SITE_HEADS: &[&str] = &[
    "Tower",
    "Towers",
    "Building",
    "Plaza",
    "Airport",
    "Bridge",
    "Stadium",
    "Memorial",
    "Monument",
    "Cathedral",
    "Mosque",
    "Palace",
    "Castle",
    "Prison",
    "Square",
    "Avenue",
    "Boulevard",
    "Street",
];

/// Plurals after a place that still name a place ("Golan Heights", "Niagara Falls"), people
/// of a party or a faith ("Texas Democrats"), or an event or a pact ("Oslo Accords").
const NOT_TEAMS: &[&str] = &[
    "islands",
    "isles",
    "mountains",
    "heights",
    "hills",
    "falls",
    "springs",
    "lakes",
    "plains",
    "keys",
    "highlands",
    "lowlands",
    "territories",
    "flats",
    "woods",
    "gardens",
    "rapids",
    "narrows",
    "straits",
    "fields",
    "meadows",
    "sands",
    "shoals",
    "dunes",
    "valleys",
    "ridges",
    "forks",
    "rocks",
    "downs",
    "marshes",
    "wells",
    "glades",
    "banks",
    "towers",
    "heads",
    "democrats",
    "republicans",
    "conservatives",
    "liberals",
    "socialists",
    "communists",
    "greens",
    "nationalists",
    "unionists",
    "loyalists",
    "independents",
    "progressives",
    "accords",
    "agreements",
    "conventions",
    "talks",
    "games",
    "protocols",
    "treaties",
    "championships",
    "awards",
    "elections",
    "riots",
    "trials",
    "papers",
    "files",
    "tapes",
    "hearings",
    "olympics",
    "affairs",
    "relations",
    "lines",
    "news",
];

/// A capitalised plural that may be a team's or a firm's name after its home's: "Colts",
/// "Cowboys", "Rangers", not "Heights", "Democrats" ([`NOT_TEAMS`]) nor a people ("Kurds").
fn team_plural(word: &str, g: &Gazetteer) -> bool {
    let lower = word.to_lowercase();
    word.len() >= 4
        && word.starts_with(|c: char| c.is_uppercase())
        && word.chars().skip(1).all(|c| c.is_lowercase())
        && lower.ends_with('s')
        && !["ss", "us", "is", "os"].iter().any(|e| lower.ends_with(e))
        && !NOT_TEAMS.contains(&lower.as_str())
        && g.lookup(word).is_none()
        && !g.is_given_name(word)
}

/// Whether `toks[k]` is a month's name after a word of time ([`MONTH_BEFORE`]): "a summit
/// in May", "since early June", where a month as short as a name is no name.
fn month_after_time_word(text: &str, toks: &[Tok], k: usize) -> bool {
    let Some(word) = toks.get(k).map(|t| t.text(text)) else {
        return false;
    };
    k > 0
        && strip_possessive(word) == word
        && dates::month_number(word).is_some()
        && spaced(text, &toks[k - 1], &toks[k])
        && MONTH_BEFORE.contains(&toks[k - 1].text(text).to_lowercase().as_str())
}

/// Who someone is to someone else, said right before their name: "her mother, Emilia
/// Palacio".
const KIN: &[&str] = &[
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "stepfather",
    "stepmother",
    "stepson",
    "stepdaughter",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "cousin",
    "fiancé",
    "fiancée",
    "fiance",
    "fiancee",
    "girlfriend",
    "boyfriend",
    "widow",
    "widower",
    "mom",
    "dad",
];

/// Words after which a month's name is the month: "in May", "since early May", "the end of
/// May".
const MONTH_BEFORE: &[&str] = &[
    "in", "since", "until", "till", "by", "before", "after", "during", "through", "from", "to",
    "of", "early", "late", "mid", "last", "next", "this", "each", "every",
];

/// Words that open a sentence capitalised and begin no name after them.
const OPENERS: &[&str] = &[
    "so",
    "while",
    "but",
    "and",
    "or",
    "in",
    "at",
    "on",
    "if",
    "as",
    "when",
    "after",
    "before",
    "because",
    "since",
    "though",
    "although",
    "yet",
    "then",
    "now",
    "still",
    "also",
    "even",
    "for",
    "from",
    "with",
    "without",
    "by",
    "to",
    "until",
    "unless",
    "once",
    "whether",
    "where",
    "why",
    "how",
    "meanwhile",
    "however",
    "instead",
    "here",
    "there",
    "this",
    "that",
    "these",
    "those",
    "what",
    "which",
    "who",
    "like",
    "unlike",
    "during",
    "despite",
    "under",
    "over",
    "against",
    "among",
    "between",
    "through",
    "into",
    "about",
    "amid",
    "inside",
    "outside",
    "near",
    "behind",
    "both",
    "every",
    "each",
    "all",
    "many",
    "some",
    "most",
    "only",
    "just",
    "not",
    "no",
    "yes",
    "oh",
    "well",
    "indeed",
    "perhaps",
    "maybe",
    "today",
    "tonight",
];

/// Words that make a region of a place: "Southern California", "Central Asia".
const REGIONS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Northeast",
    "Northwest",
    "Southeast",
    "Southwest",
    "Upper",
    "Lower",
];

/// How sure the learned classifier must be: its best class's lead over the next (twice this
/// for one word). Chosen on the CoNLL-2003 development set (F1 0.748 without the model, 0.812
/// at 0, 0.813 at 1.5, 0.815 at 3); 1.5 keeps the NewsWCL50 entity precision at 0.95.
const NAME_MARGIN: f32 = 1.5;

/// What the learned classifier makes of the run `toks` (`lower`: its words without a
/// possessive, lowercased), when it is sure and it is a person, organization or place. The
/// features are those `assets/ner/build/train.py` trains on, string for string.
fn learned_kind(
    w: &Words<'_>,
    toks: &[Tok],
    lower: &[Cow<'_, str>],
    g: &Gazetteer,
    f: &mut Features,
    buf: &mut String,
) -> Option<EntityKind> {
    // Captions and credits are half title case: the model reads prose only.
    w.common?;
    let model = names::model()?;
    let text = w.text;
    let all = w.toks;
    let (first, last) = (toks.first()?, toks.last()?);
    let idx = all.partition_point(|t| t.start < first.start);
    let after = all.partition_point(|t| t.start <= last.start);
    let flag = |b: bool| if b { "True" } else { "False" };
    let init = w.starts_sentence(first);
    let single = toks.len() == 1;
    // One capitalised word is a name only on better evidence than its being capitalised: not
    // at the start of a sentence, not "I" ("I'm"), not a word the article also writes in
    // lower case.
    if single
        && (init
            || lower[0] == "i"
            || lower[0].starts_with("i'")
            || lower[0].starts_with("i’")
            || w.common.is_some_and(|c| c.contains(&*lower[0])))
    {
        return None;
    }
    f.clear();
    f.add(&["bias"]);
    f.add(&["len=", ["1", "2", "3", "4"][toks.len().min(4) - 1]]);
    let (l0, ln) = (&*lower[0], &*lower[lower.len() - 1]);
    f.add(&["first=", l0]);
    f.add(&["last=", ln]);
    f.add(&["suf3=", names::last_chars(ln, 3)]);
    f.add(&["pre3=", names::first_chars(l0, 3)]);
    let word0 = strip_possessive(first.text(text));
    buf.clear();
    names::shape(word0, buf);
    f.add(&["shape1=", buf]);
    buf.clear();
    for (k, t) in toks.iter().enumerate() {
        if k > 0 {
            buf.push(' ');
        }
        names::shape(strip_possessive(t.text(text)), buf);
    }
    f.add(&["shapes=", names::first_chars(buf, 24)]);
    f.add(&["given=", flag(g.is_given_name(word0))]);
    f.add(&["init=", flag(init)]);
    for l in lower {
        f.add(&["w=", l]);
    }
    // The words around the run, within its sentence.
    let prev = (!init).then(|| &all[idx - 1]);
    let p1 = prev.map_or(Cow::Borrowed("<s>"), |t| w.lower(t));
    let p2 = match prev {
        Some(t) if !w.starts_sentence(t) => w.lower(&all[idx - 2]),
        _ => Cow::Borrowed("<s>"),
    };
    let next = all.get(after).filter(|t| !w.starts_sentence(t));
    let n1 = next.map_or(Cow::Borrowed("</s>"), |t| w.lower(t));
    let n2 = match next.and_then(|_| all.get(after + 1)) {
        Some(t) if !w.starts_sentence(t) => w.lower(t),
        _ => Cow::Borrowed("</s>"),
    };
    let gb = prev.map_or("", |t| text[t.end..first.start].trim());
    let ga = match next {
        Some(t) => text[last.end..t.start].trim(),
        None => text[last.end..w.sentence_end(last).max(last.end)].trim(),
    };
    let poss = strip_possessive(last.text(text)).len() != last.end - last.start;
    f.add(&["p1=", &p1]);
    f.add(&["p2=", &p2, " ", &p1]);
    f.add(&["n1=", &n1]);
    f.add(&["n2=", &n1, " ", &n2]);
    f.add(&["gb=", names::first_chars(gb, 3)]);
    f.add(&["ga=", names::first_chars(ga, 3)]);
    f.add(&["poss=", flag(poss)]);
    f.add(&["p1w=", &p1, "|", ln]);
    f.add(&["n1g=", names::first_chars(ga, 1), "|", &n1]);
    let margin = NAME_MARGIN * if single { 2.0 } else { 1.0 };
    match model.decide(f, margin)? {
        NameClass::Person => Some(EntityKind::Person),
        NameClass::Organization => Some(EntityKind::Organization),
        NameClass::Place => Some(EntityKind::Place),
        NameClass::Nothing | NameClass::Other => None,
    }
}

/// Words before a name that make it a place: "in Jordan", "King Abdullah of Jordan".
const PLACE_WORDS: &[&str] = &[
    "in",
    "to",
    "from",
    "into",
    "of",
    "at",
    "across",
    "near",
    "toward",
    "towards",
    "through",
    "around",
    "outside",
    "inside",
    "within",
    "throughout",
    "visit",
    "visited",
    "visiting",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
];

/// Whether a place word stands right before mention `m` (punctuation between: none does).
fn place_word_before(article: &Article, m: &Mention) -> bool {
    let Some(p) = m.passage.and_then(|pi| article.passages.get(pi as usize)) else {
        return true;
    };
    let before = p
        .text
        .get(..m.span.start.saturating_sub(p.span.start))
        .unwrap_or("")
        .trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    !word.is_empty() && PLACE_WORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// Whether the text right after a name gives the person's age: "Olimpia Blanco, 23, said",
/// "Ana Ruiz, a 23-year-old student", "Li Wei, 41-year-old" (hyphens spaced out or not).
fn age_follows(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(", ") else {
        return false;
    };
    let rest = rest
        .strip_prefix("a ")
        .or_else(|| rest.strip_prefix("an "))
        .unwrap_or(rest);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return false;
    }
    let after = &rest[digits..];
    after.starts_with(',')
        || ["-year-old", " - year - old", "-year - old", " - year-old"]
            .iter()
            .any(|y| after.starts_with(y))
}

/// Whether the text right after a name says what kind of body it is: "Pueblo Sin Fronteras,
/// the transnational group that organized …", "Al Otro Lado, a legal aid nonprofit.". Up to
/// three describing words may stand between the article and the head noun, never a word such
/// as "of" ("Ana Ruiz, the head of the group" is a person), and the head noun ends the
/// description ("Ana Ruiz, a group leader" is a person too).
fn org_appositive(text: &str, g: &Gazetteer) -> bool {
    let Some(rest) = text.strip_prefix(", ") else {
        return false;
    };
    let Some(rest) = ["a ", "an ", "the "]
        .iter()
        .find_map(|d| rest.strip_prefix(d))
    else {
        return false;
    };
    const ALSO: &[&str] = &[
        "nonprofit",
        "charity",
        "firm",
        "network",
        "chain",
        "retailer",
    ];
    const NEVER_BETWEEN: &[&str] = &[
        "of", "the", "a", "an", "for", "in", "to", "at", "with", "and", "or", "on", "by", "from",
    ];
    const MAY_FOLLOW: &[&str] = &[
        "that", "which", "whose", "of", "based", "founded", "known", "led", "in", "with", "for",
        "behind", "formed", "created", "run",
    ];
    let clause = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == ' '))
        .next()
        .unwrap_or("");
    let words: Vec<&str> = clause.split_whitespace().take(6).collect();
    (0..words.len().min(4)).any(|k| {
        let lower = words[k].to_lowercase();
        (g.org_heads.contains(&lower) || ALSO.contains(&lower.as_str()))
            && words[..=k]
                .iter()
                .all(|b| b.starts_with(char::is_lowercase))
            && words[..k].iter().all(|b| !NEVER_BETWEEN.contains(b))
            && words.get(k + 1).is_none_or(|n| MAY_FOLLOW.contains(n))
    })
}

/// A name of two or three capitalised words that the model read as an organization or a
/// place, unknown to the gazetteers and with no organization head, is a person when an age
/// follows it ("Olimpia Blanco, a 23-year-old immigrant") or when the article goes on to use
/// its last word alone as a person's, before a verb people use ("Blanco said"): organizations
/// are called by their first word or their whole name, not by their last.
fn persons_by_later_use(
    article: &Article,
    g: &Gazetteer,
    all_toks: &[&[Tok]],
    mentions: &mut [Mention],
) {
    let last_word = |m: &Mention| -> Option<String> {
        let words: Vec<&str> = m.text.split_whitespace().collect();
        if !(2..=3).contains(&words.len())
            || !words.iter().all(|w| w.starts_with(char::is_uppercase))
        {
            return None;
        }
        let last = strip_possessive(words[words.len() - 1]);
        (last.chars().count() >= 3
            && last.chars().skip(1).all(char::is_lowercase)
            && !g.org_heads.contains(&last.to_lowercase()))
        .then(|| last.to_string())
    };
    let candidates: Vec<(usize, String)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            matches!(m.kind, EntityKind::Organization | EntityKind::Place) && m.known.is_none()
        })
        .filter_map(|(k, m)| last_word(m).map(|w| (k, w)))
        .collect();
    if candidates.is_empty() {
        return;
    }
    // A word the article names an organization by is the organization speaking ("Ford says"
    // beside "One Ford", "Ford Motor Co"): it makes no one a person.
    let organizations: FxHashSet<&str> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Organization || m.known.is_some())
        .filter_map(|m| m.text.split_whitespace().next())
        .map(strip_possessive)
        .collect();
    let wanted: FxHashSet<&str> = candidates
        .iter()
        .map(|(_, w)| w.as_str())
        .filter(|w| !organizations.contains(w))
        .collect();
    let mut speaking: FxHashSet<String> = FxHashSet::default();
    for (p, toks) in article.passages.iter().zip(all_toks) {
        for (k, t) in toks.iter().enumerate().filter(|(_, t)| t.cap) {
            let word = t.text(&p.text);
            if !wanted.contains(word) {
                continue;
            }
            // The word alone, not the end of a longer run ("Olimpia Blanco said").
            if k > 0 && toks[k - 1].cap && p.text[toks[k - 1].end..t.start].trim().is_empty() {
                continue;
            }
            if person_verb_after(&p.text, toks, k, g) {
                speaking.insert(word.to_string());
            }
        }
    }
    for (k, w) in candidates {
        let m = &mentions[k];
        let aged = m.passage.is_some_and(|pi| {
            article.passages.get(pi as usize).is_some_and(|p| {
                let end = m.span.end.saturating_sub(p.span.start);
                p.text.get(end..).is_some_and(age_follows)
            })
        });
        if aged || speaking.contains(&w) {
            mentions[k].kind = EntityKind::Person;
            mentions[k].learned = false;
        }
    }
}

/// One name, one kind, in one article: where the learned model called a name one thing and a
/// rule elsewhere in the article called it another ("Ocasio-Cortez" an organization here,
/// "Ocasio-Cortez said" there), the guesses take the kind the rules gave it. Guesses alone
/// are left as they are: a majority of guesses is no evidence. Names the gazetteer knows keep
/// their kind.
fn one_kind_per_name(mentions: &mut [Mention]) {
    const KINDS: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Group,
    ];
    let slot = |k: EntityKind| KINDS.iter().position(|&x| x == k);
    // Per spelling: mentions by kind, from rules and from the model.
    let mut votes: FxHashMap<&str, ([u32; 4], [u32; 4])> = FxHashMap::default();
    for m in mentions.iter().filter(|m| m.known.is_none()) {
        if let Some(i) = slot(m.kind) {
            let v = votes.entry(m.text.as_str()).or_default();
            let side = if m.learned { &mut v.1 } else { &mut v.0 };
            side[i] += 1;
        }
    }
    // The kind with most votes, the first in `KINDS` on a tie; none where no one voted.
    let best = |v: &[u32; 4]| {
        (0..4)
            .filter(|&i| v[i] > 0)
            .max_by(|&a, &b| v[a].cmp(&v[b]).then(b.cmp(&a)))
    };
    let decided: FxHashMap<String, EntityKind> = votes
        .into_iter()
        .filter(|(_, (ruled, guessed))| (0..4).filter(|&i| ruled[i] + guessed[i] > 0).count() > 1)
        .filter_map(|(text, (ruled, _))| best(&ruled).map(|i| (text.to_string(), KINDS[i])))
        .collect();
    if decided.is_empty() {
        return;
    }
    for m in mentions
        .iter_mut()
        .filter(|m| m.learned && m.known.is_none())
    {
        if let Some(&k) = decided.get(m.text.as_str()) {
            m.kind = k;
        }
    }
}

/// Bare surnames and first names of people the article names in full ("Assad" after
/// "Bashar Assad", "Al-Sharaa" after "Ahmad al-Sharaa"), wherever they stand.
fn add_bare_names(
    article: &Article,
    g: &Gazetteer,
    all_toks: &[&[Tok]],
    common: &FxHashSet<&str>,
    mentions: &mut Vec<Mention>,
) {
    let mut parts: FxHashSet<&str> = FxHashSet::default();
    // Given names, with the surnames they come with in this article.
    let mut given: FxHashMap<&str, FxHashSet<&str>> = FxHashMap::default();
    let people: FxHashSet<&str> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .map(|m| m.text.as_str())
        .collect();
    for m in mentions.iter().filter(|m| m.kind == EntityKind::Person) {
        let mut words = m.text.split_whitespace().filter(|w| *w != "-");
        let (Some(first), Some(last)) = (words.next(), words.next_back()) else {
            continue;
        };
        // A guess at a sentence's start that no given name backs ("Living Ebola has never
        // been found") lends the article no surname.
        // (A headline's or caption's words, outside the passages, count as opening one.)
        if m.learned
            && !g.is_given_name(first)
            && m.passage
                .map(|pi| article.passages.get(pi as usize))
                .is_none_or(|p| {
                    p.is_some_and(|p| {
                        p.sentences
                            .binary_search_by_key(&m.span.start, |s| s.start)
                            .is_ok()
                    })
                })
        {
            continue;
        }
        // "John Edwards Photos" beside "John Edwards": a word run on after a name the
        // article names is no surname.
        if m.text
            .rsplit_once(' ')
            .is_some_and(|(name, _)| name.contains(' ') && people.contains(name))
        {
            continue;
        }
        let core = after_particle(last).unwrap_or(last);
        if core.chars().count() >= 3 && core.chars().next().is_some_and(char::is_uppercase) {
            parts.insert(core);
            // A given name from a name the model guessed only where it is a listed one:
            // "Democratic National Convention" guessed a person names no "Democratic".
            if first.chars().count() >= 3
                && first.starts_with(char::is_uppercase)
                && first.chars().skip(1).all(char::is_lowercase)
                && after_particle(first).is_none()
                && (!m.learned || g.is_given_name(first))
            {
                given.entry(first).or_default().insert(core);
            }
        }
    }
    // A word the article writes after "the" or "an" as often as not names a thing, not a
    // person ("the Ebola virus", "an Ebola patient"), whatever full name seemed to end with it.
    let mut uses: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
    for (p, toks) in article.passages.iter().zip(all_toks) {
        for (k, t) in toks.iter().enumerate().filter(|(_, t)| t.cap) {
            let Some(&w) = parts.get(strip_possessive(t.text(&p.text))) else {
                continue;
            };
            let used = uses.entry(w).or_default();
            used.1 += 1;
            if k > 0
                && p.text[toks[k - 1].end..t.start].trim().is_empty()
                && matches!(
                    toks[k - 1].text(&p.text),
                    "the" | "The" | "an" | "An" | "a" | "A"
                )
            {
                used.0 += 1;
            }
        }
    }
    parts.retain(|w| {
        uses.get(w)
            .is_none_or(|&(after_article, all)| all < 3 || after_article * 5 < all * 2)
    });
    // A bare given name is the person's where the article names one person of that given name
    // in full ("Melania" after "Melania Trump"), never where it also writes the word in lower
    // case ("Hope", "Will"), where it is a surname too, or where it is a title ("Pope" of
    // "Pope Francis": "the Pope" is whoever holds it).
    let given: FxHashSet<String> = given
        .into_iter()
        .filter(|(name, surnames)| {
            let lower = name.to_lowercase();
            surnames.len() == 1
                && !parts.contains(name)
                && !common.contains(lower.as_str())
                && !g.is_role(&[lower.as_str()])
        })
        .map(|(name, _)| name.to_string())
        .collect();
    if parts.is_empty() {
        return;
    }
    // A one-word name the rules or the model took for something else, when the article names
    // a person of that surname in full, is that person ("Cruz" after "Ted Cruz"); known
    // places and organizations keep their kind.
    let surnames: Vec<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.kind != EntityKind::Person
                && m.kind != EntityKind::Date
                && m.known.is_none()
                && !m.text.contains(' ')
                && parts.contains(after_particle(&m.text).unwrap_or(&m.text))
        })
        .map(|(k, _)| k)
        .collect();
    // A known place of one word that is the surname of a person the article names in full is
    // that person where no place word stands before it: "Jordan said" after "Jim Jordan", but
    // "in Jordan", "King Abdullah of Jordan".
    let place_surnames: Vec<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.kind == EntityKind::Place
                && m.known.is_some()
                && !m.text.contains(' ')
                && parts.contains(m.text.as_str())
                && !place_word_before(article, m)
        })
        .map(|(k, _)| k)
        .collect();
    let parts: FxHashSet<String> = parts.into_iter().map(str::to_string).collect();
    for k in surnames {
        mentions[k].kind = EntityKind::Person;
        mentions[k].learned = false;
    }
    for k in place_surnames {
        mentions[k].kind = EntityKind::Person;
        mentions[k].known = None;
    }
    let covered = Covered::new(mentions);
    let mut extra: Vec<Mention> = Vec::new();
    for (pi, p) in article.passages.iter().enumerate() {
        let toks = all_toks[pi];
        for (k, t) in toks.iter().enumerate().filter(|(_, t)| t.cap) {
            let w = strip_possessive(t.text(&p.text));
            if !w.starts_with(|c: char| c.is_uppercase()) && after_particle(w).is_none() {
                continue;
            }
            let core = after_particle(w).unwrap_or(w);
            // A given name standing alone, not the start or end of another name ("Melania
            // Knauss", "Hope Melania").
            if !(parts.contains(core) || given.contains(w) && stands_alone(&p.text, toks, k))
                || month_before_day(w, &p.text[t.end..])
                || month_after_time_word(&p.text, toks, k)
            {
                continue;
            }
            let (s, e) = (p.span.start + t.start, p.span.start + t.start + w.len());
            if covered.overlaps(s, e) || extra.iter().any(|m| m.span.start < e && m.span.end > s) {
                continue;
            }
            extra.push(bare_mention(EntityKind::Person, pi, Span::new(s, e), w));
        }
    }
    mentions.extend(extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_found() {
        let b: Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
        for x in 0..=255u8 {
            for from in [0, 1, 7, 8, 200, 256, 300, 511, 512] {
                let expected = b.get(from..).and_then(|t| t.iter().position(|&c| c == x));
                assert_eq!(
                    next_byte(&b, from, x),
                    expected.map(|k| k + from),
                    "{x} {from}"
                );
            }
        }
    }

    #[test]
    fn ascii_word_ends() {
        for i in 0..=255u8 {
            let mut b = vec![b'a'; 20];
            b[11] = i;
            let expected = if i.is_ascii_alphanumeric() { 20 } else { 11 };
            for from in [0, 3, 9, 11] {
                assert_eq!(ascii_word_end(&b, from), expected.max(from), "{i} {from}");
            }
        }
    }

    /// An article of `body` analysed: its mentions' words and kinds.
    pub(super) fn kinds(body: &str) -> Vec<(String, EntityKind)> {
        let mut a = Article::with_body("t.txt", body);
        crate::analysis::analyse(&mut a);
        a.mentions
            .iter()
            .map(|m| (m.text.clone(), m.kind))
            .collect()
    }

    #[test]
    fn a_bodys_section_in_a_country_is_one_name_of_the_body() {
        let body = "Protest\n\nKate Allen, director of Amnesty International UK, said the visit \
                    was a disgrace, and Greenpeace USA agreed. The UK government said nothing.\n";
        let k = kinds(body);
        let has = |t: &str, kind| k.contains(&(t.to_string(), kind));
        assert!(
            has("Amnesty International UK", EntityKind::Organization),
            "{k:?}"
        );
        assert!(has("Greenpeace USA", EntityKind::Organization), "{k:?}");
        assert_eq!(
            k.iter().filter(|(t, _)| t == "UK").count(),
            1,
            "only the UK of the government is a place: {k:?}"
        );
        let mut a = Article::with_body("t.txt", body);
        crate::analysis::analyse(&mut a);
        let section = a
            .mentions
            .iter()
            .find(|m| m.text == "Amnesty International UK")
            .unwrap();
        assert_eq!(section.known.as_deref(), Some("Amnesty International"));
    }

    #[test]
    fn prefixed_names_ampersands_and_qualified_places() {
        let k = kinds(
            "Talks\n\nThe Trans-Pacific Partnership and Sino-Japanese ties came up at the \
             Center for Strategic & International Studies. Anti-Trump crowds gathered. Trump \
             flew from West Palm Beach to Palm Beach.\n",
        );
        let has = |t: &str, kind| k.contains(&(t.to_string(), kind));
        assert!(!k.iter().any(|(t, _)| t == "Pacific"), "{k:?}");
        assert!(!k.iter().any(|(t, _)| t == "Japanese"), "{k:?}");
        assert!(
            has(
                "Center for Strategic & International Studies",
                EntityKind::Organization
            ),
            "{k:?}"
        );
        assert_eq!(
            k.iter().filter(|(t, _)| t == "Trump").count(),
            2,
            "anti-Trump still names him: {k:?}"
        );
        let mut a = Article::with_body(
            "t.txt",
            "Trip\n\nTrump flew from West Palm Beach to Palm Beach.\n",
        );
        crate::analysis::analyse(&mut a);
        let known = |t: &str| {
            a.mentions
                .iter()
                .find(|m| m.text == t)
                .and_then(|m| m.known.clone())
        };
        assert_ne!(known("West Palm Beach"), known("Palm Beach"));
    }

    #[test]
    fn a_place_and_a_plural_after_it_name_a_team_not_a_place() {
        let k = kinds(
            "Colts win\n\nThe Indianapolis Colts beat the Philadelphia Eagles 37-10 on Sunday, \
             while Texas Democrats met near Niagara Falls.\n",
        );
        let has = |t: &str, kind| k.contains(&(t.to_string(), kind));
        assert!(has("Indianapolis Colts", EntityKind::Organization), "{k:?}");
        assert!(
            has("Philadelphia Eagles", EntityKind::Organization),
            "{k:?}"
        );
        assert!(has("Texas", EntityKind::Place), "{k:?}");
        assert!(!k.iter().any(|(t, _)| t == "Texas Democrats"), "{k:?}");
        assert!(
            !k.iter()
                .any(|(t, kind)| t.contains("Niagara") && *kind == EntityKind::Organization),
            "{k:?}"
        );
    }

    /// Seen on 4.7k real articles: "Read more" links read as a person called Read; the
    /// Affordable Care Act read as a person, and then every bare "Act" as that person.
    #[test]
    fn links_and_laws_are_no_people() {
        let k = kinds(
            "Budget\n\nMatt House, a spokesman, said the plan was dead. Read more \
             Senators defended the Affordable Care Act. The Act survived, and so did the \
             Brady Bill.\n",
        );
        let person = |t: &str| {
            k.iter()
                .any(|(x, kind)| x == t && *kind == EntityKind::Person)
        };
        assert!(person("Matt House"), "{k:?}");
        for not in ["Read", "Affordable Care Act", "Act", "Brady Bill"] {
            assert!(!person(not), "{not}: {k:?}");
        }
    }

    /// "Ford and General Motors were flat": a bare "Ford" is no gazetteer name (a surname) and
    /// a sentence's first word no name on its own; beside a known company it is one. Not a word
    /// the article writes in lower case.
    #[test]
    fn a_word_opening_a_list_with_a_known_company_is_a_company() {
        let k = kinds(
            "Carmakers\n\nSales slowed in May. Ford and General Motors were flat, while Target \
             and Walmart said traffic held. Police and Walmart staff met, and police said little.\n",
        );
        let org = |t: &str| {
            k.iter()
                .any(|(x, kind)| x == t && *kind == EntityKind::Organization)
        };
        assert!(org("Ford"), "{k:?}");
        assert!(org("General Motors"), "{k:?}");
        assert!(org("Target"), "{k:?}");
        assert!(!k.iter().any(|(x, _)| x == "Police"), "{k:?}");
    }

    /// A one-word company the gazetteer does not know is one where only a company stands:
    /// its shares moving, its chief executive; then every bare mention of it in the article is
    /// the company, a sentence's first word too. A person's shares are not a market's.
    #[test]
    fn a_word_whose_shares_move_is_a_company() {
        let k = kinds(
            "Airlines\n\nDelta said it expected fewer problems. Delta shares rose 2 percent. \
             Shares of Southwest fell. \"We are ready,\" Delta chief executive Ed Bastian said. \
             Obama shares his view of the storm.\n",
        );
        let org = |t: &str| {
            k.iter()
                .filter(|(x, kind)| x == t && *kind == EntityKind::Organization)
                .count()
        };
        assert_eq!(org("Delta"), 3, "{k:?}");
        assert_eq!(org("Southwest"), 1, "{k:?}");
        assert_eq!(org("Obama"), 0, "{k:?}");
        assert!(
            k.iter()
                .any(|(x, kind)| x == "Ed Bastian" && *kind == EntityKind::Person),
            "{k:?}"
        );
    }

    /// Seen on real stories: "the House" read as a place in every US political story; a
    /// tweet's "NO COLLUSION" read as an organization. Not the surname of a person named in
    /// full, not a date in capitals.
    #[test]
    fn a_chamber_is_an_organization_and_shouting_is_no_name() {
        let k = kinds(
            "Vote\n\nThe House voted on Tuesday, and Republicans in the Senate agreed. He wrote \
             NO COLLUSION again LAST WEEK, and there was no collusion in the House.\n",
        );
        let has = |k: &[(String, EntityKind)], t: &str, kind| k.contains(&(t.to_string(), kind));
        assert!(has(&k, "House", EntityKind::Organization), "{k:?}");
        assert!(has(&k, "Senate", EntityKind::Organization), "{k:?}");
        assert!(!k.iter().any(|(t, _)| t == "NO COLLUSION"), "{k:?}");
        assert!(
            !k.iter()
                .any(|(t, kind)| t == "House" && *kind != EntityKind::Organization),
            "{k:?}"
        );
        let k = kinds("Budget\n\nMatt House, a spokesman, said House would answer.\n");
        assert!(has(&k, "Matt House", EntityKind::Person), "{k:?}");
        assert!(has(&k, "House", EntityKind::Person), "{k:?}");
    }

    /// Seen on real news: "Ivanka Trump" opening a sentence was read as "Trump", Donald Trump;
    /// and the rule that fixed it must not take "Sometimes Trump" for a person.
    #[test]
    fn an_unknown_name_opening_a_sentence_before_a_known_surname_is_another_person() {
        let k = kinds(
            "Donors\n\nThe campaign raised money in 2010. Ivanka Trump separately donated to \
             the fund. Sometimes Trump would go further. Removing Trump was never the plan.\n",
        );
        let has = |t: &str| {
            k.iter()
                .any(|(x, kind)| x == t && *kind == EntityKind::Person)
        };
        assert!(has("Ivanka Trump"), "{k:?}");
        assert!(!has("Sometimes Trump"), "{k:?}");
        assert!(!has("Removing Trump"), "{k:?}");
    }

    /// Seen on 37.5k real articles: "The" (850 mentions) and "I’ve" (157) led the people.
    #[test]
    fn words_of_grammar_are_no_names_and_break_a_run() {
        assert!(is_function_word("The") && is_function_word("I’ve") && is_function_word("It's"));
        assert!(
            !is_function_word("THE") && !is_function_word("May") && !is_function_word("O'Brien")
        );
        let k = kinds(
            "Related Story The Phony Islam of the group was read. As I’ve said, it works. \
             Critics said so too (Brian Mast, R).",
        );
        let texts: Vec<&str> = k.iter().map(|(t, _)| t.as_str()).collect();
        assert!(
            texts
                .iter()
                .all(|t| !t.split(' ').any(|w| w == "The" || w == "I’ve") && *t != "R"),
            "{texts:?}"
        );
    }

    #[test]
    fn sites_are_places_makers_are_companies_and_a_body_stops_before_a_full_name() {
        use EntityKind::*;
        let k = kinds(
            "Apple Computer today launched a new version of its phone for the public. The \
             first jet landed at Singapore's Changi International Airport after a long flight. \
             The plant was the original home of Douglas Aircraft, the workers said. He said \
             the Secretary of the Air Force James Roche wanted the deal done this year, and \
             Washington Post Bob Woodward agreed.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("Apple Computer", Organization), "{k:?}");
        assert!(has("Changi International Airport", Place), "{k:?}");
        assert!(has("Douglas Aircraft", Organization), "{k:?}");
        assert!(has("James Roche", Person), "{k:?}");
        assert!(has("Bob Woodward", Person), "{k:?}");
        let k = kinds(
            "The plane made its first test flight Tuesday in Everett, Washington at noon. Jobs \
             spoke at the Cupertino, California event. The money comes late, said Uralsib \
             analyst Chris Weafer on Friday, and Everett Smith agreed.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("Everett", Place), "{k:?}");
        assert!(has("Cupertino", Place), "{k:?}");
        assert!(has("Uralsib", Organization), "{k:?}");
        assert!(has("Everett Smith", Person), "{k:?}");
        let k = kinds(
            "Former Texas senator John Tower was named to lead the inquiry. The group American \
             Bridge released a video on Monday about the senator.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("John Tower", Person), "{k:?}");
        assert!(!has("American Bridge", Place), "{k:?}");
        let k = kinds(
            "In a speech today, President of the United States Barack Obama presented a plan \
             to the public.",
        );
        assert!(
            k.iter().any(|(x, y)| x == "Barack Obama" && *y == Person),
            "{k:?}"
        );
        assert!(
            k.iter().any(|(x, y)| x == "United States" && *y == Place),
            "{k:?}"
        );
        let k = kinds(
            "The jets were delivered to six airlines including Air China and Air New Zealand \
             last year, the company said in its report.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("Air China", Organization), "{k:?}");
        assert!(has("Air New Zealand", Organization), "{k:?}");
        assert!(
            !k.iter()
                .any(|(x, _)| x.contains("Roche") && x.contains("Force")),
            "{k:?}"
        );
    }

    #[test]
    fn a_body_named_for_a_place_is_one_name_a_month_after_in_no_place_and_kin_people() {
        use EntityKind::*;
        let k = kinds(
            "She came with her 44-year-old mother, Emilia Palacio, and her brother Tomas \
             Palacio. Barrick Gold Corp and Bre-X Minerals Ltd signed; the House Ways and \
             Means Committee met. The Civil Aviation Administration of China said flights \
             resume. The Humane \
             Society of the United States objected, as did the Organisation of the Islamic \
             Conference. Leaders of China met in May, and again in early June. Theresa May \
             spoke. Officials said ICBMs were tested.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(
            has("Civil Aviation Administration of China", Organization),
            "{k:?}"
        );
        assert!(
            has("Humane Society of the United States", Organization),
            "{k:?}"
        );
        assert!(
            has("Organisation of the Islamic Conference", Organization),
            "{k:?}"
        );
        // "Leaders" heads no body: China stays the place.
        assert!(has("China", Place), "{k:?}");
        assert!(
            !k.iter()
                .any(|(x, _)| x == "May" || x == "June" || x == "ICBMs"),
            "{k:?}"
        );
        assert!(has("Theresa May", Person), "{k:?}");
        assert!(
            has("Emilia Palacio", Person) && has("Tomas Palacio", Person),
            "{k:?}"
        );
        assert!(has("Barrick Gold Corp", Organization), "{k:?}");
        assert!(has("Bre-X Minerals Ltd", Organization), "{k:?}");
        assert!(has("House Ways and Means Committee", Organization), "{k:?}");
    }

    #[test]
    fn a_title_before_a_place_and_a_surname_makes_a_person_wherever_the_name_stands() {
        use EntityKind::*;
        let k = kinds(
            "Rep. Alexandria Ocasio-Cortez spoke on Monday. Later, Alexandria Ocasio-Cortez \
             wrote again. Voters in Alexandria were unmoved.",
        );
        let count = |t: &str, kind| k.iter().filter(|(x, y)| x == t && *y == kind).count();
        assert_eq!(count("Alexandria Ocasio-Cortez", Person), 2, "{k:?}");
        assert_eq!(count("Alexandria", Place), 1, "{k:?}");
    }

    #[test]
    fn a_guess_takes_the_kind_a_rule_gave_the_same_name_in_the_article() {
        let m = |text: &str, kind, learned| Mention {
            kind,
            passage: Some(0),
            span: Span::new(0, text.len()),
            text: text.to_string(),
            known: None,
            value: None,
            learned,
        };
        use EntityKind::*;
        let mut ms = vec![
            m("Brill", Organization, true),
            m("Brill", Person, false),
            m("Brill", Place, true),
            m("Kedar", Organization, true),
            m("Kedar", Place, true),
            m("Kedar", Place, true),
        ];
        one_kind_per_name(&mut ms);
        let kinds: Vec<EntityKind> = ms.iter().map(|m| m.kind).collect();
        // Guesses alone stay what they were: a majority of guesses is no evidence.
        assert_eq!(kinds, [Person, Person, Person, Organization, Place, Place]);
    }

    #[test]
    fn a_surname_is_not_taken_from_a_word_that_names_a_thing() {
        use EntityKind::*;
        let k = kinds(
            "Living Ebola has never been found in bats. The Ebola virus spreads, and an Ebola \
             patient was seen. Doctors fight Ebola. The rise and fall of John Edwards Photos: \
             John Edwards spoke. Photos were taken. Photos show it.",
        );
        assert!(
            !k.iter()
                .any(|(t, kind)| (t == "Ebola" || t == "Photos") && *kind == Person),
            "{k:?}"
        );
        assert!(
            k.iter()
                .any(|(t, kind)| t == "John Edwards" && *kind == Person),
            "{k:?}"
        );
    }

    #[test]
    fn a_persons_name_ends_at_a_possessive_and_a_title_alone_lends_no_first_name() {
        use EntityKind::*;
        let k = kinds(
            "It was Richard Nixon’s Watergate all over again, said Pope Francis on Monday. \
             The Pope spoke again, and Francis left.",
        );
        assert!(
            k.iter()
                .any(|(t, kind)| t == "Richard Nixon" && *kind == Person),
            "{k:?}"
        );
        assert!(
            !k.iter()
                .any(|(t, _)| t.contains("Watergate") && t.contains("Nixon")),
            "{k:?}"
        );
        assert!(
            !k.iter().any(|(t, kind)| t == "Pope" && *kind == Person),
            "{k:?}"
        );
    }

    #[test]
    fn bodies_before_titles_people_beside_them_and_titles_that_open_with_a_name() {
        use EntityKind::*;
        let k = kinds(
            "The memo was released on Thursday after a long fight in the committee over what \
             it would show to the public, and the talks were long and hard for everyone in the \
             room. It was read by House Judiciary Chairman Bob Goodlatte and Senate \
             Intelligence Chairman Richard Burr on Monday. Former Director James Comey met \
             Vice President Mike Pence, Richmond Mayor Levar Stoney and U.S. District Judge \
             Amy Berman Jackson, and White House Counsel Don McGahn spoke to the House \
             Committee on Oversight and Government Reform on March 5.",
        );
        let has = |text: &str, kind| k.iter().any(|(t, k)| t == text && *k == kind);
        for person in [
            "Bob Goodlatte",
            "Richard Burr",
            "James Comey",
            "Mike Pence",
            "Levar Stoney",
            "Don McGahn",
        ] {
            assert!(has(person, Person), "{person}: {k:?}");
        }
        assert!(has("House Judiciary", Organization), "{k:?}");
        assert!(has("Senate Intelligence", Organization), "{k:?}");
        // A mayor's city is no body.
        assert!(!has("Richmond", Organization), "{k:?}");
        assert!(
            has(
                "House Committee on Oversight and Government Reform",
                Organization
            ),
            "{k:?}"
        );
        // No body of two people, no title word as a body or a magazine, no "District".
        assert!(!k.iter().any(|(t, _)| t.contains(" and Senate")), "{k:?}");
        for wrong in ["Former", "Vice", "District", "Counsel Don McGahn"] {
            assert!(!k.iter().any(|(t, _)| t == wrong), "{wrong}: {k:?}");
        }
    }

    #[test]
    fn slogans_plurals_campaigns_and_letters_of_abbreviations_are_no_names() {
        use EntityKind::*;
        let k = kinds(
            "The D.N.C. said the memos were out. \"James Comey Memos just out and show \
             clearly that there was NO COLLUSION and NO OBSTRUCTION,\" Trump wrote. \"WOW! Will \
             it go on?\" Donald J. Trump for President, Inc. called the suit baseless, and \
             Rosa Parks was remembered. \"Will the Witch Hunt continue?\" he asked; the witch \
             hunt went on, and Is Running for President was a headline.",
        );
        let has = |text: &str, kind| k.iter().any(|(t, k)| t == text && *k == kind);
        assert!(has("James Comey", Person), "{k:?}");
        assert!(has("Rosa Parks", Person), "{k:?}");
        assert!(
            has("Donald J. Trump for President, Inc.", Organization),
            "{k:?}"
        );
        for wrong in [
            "James Comey Memos",
            "NO COLLUSION",
            "NO OBSTRUCTION",
            "WOW",
            "N.C.",
            "Donald J. Trump",
            "Witch Hunt",
            "Is Running for President",
        ] {
            assert!(!k.iter().any(|(t, _)| t == wrong), "{wrong}: {k:?}");
        }
    }

    #[test]
    fn a_surname_before_what_a_person_leads_or_wrote_is_a_person() {
        let k = kinds(
            "The memo was released on Thursday after a long fight in the committee over what \
             it would show to the public. Critics of the Mueller investigation cited the \
             Steele dossier, and the probe went on.",
        );
        for name in ["Mueller", "Steele"] {
            assert!(
                k.contains(&(name.to_string(), EntityKind::Person)),
                "{name}: {k:?}"
            );
        }
    }

    #[test]
    fn a_postal_code_in_a_party_tag_is_the_state() {
        let mut a = Article::with_body(
            "a.txt",
            "The memo was released on Thursday after a long fight in the committee over what \
             it would show to the public. Rep. Adam Schiff (D - CA) and Sen. Ted Cruz (R-TX) \
             spoke, and Rep. Jane Doe (D-GA) agreed.",
        );
        crate::analysis::analyse(&mut a);
        let found: Vec<(&str, EntityKind, Option<&str>)> = a
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.kind, m.known.as_deref()))
            .collect();
        for (code, state) in [
            ("CA", "California"),
            ("TX", "Texas"),
            ("GA", "State of Georgia"),
        ] {
            assert!(
                found.contains(&(code, EntityKind::Place, Some(state))),
                "{code}: {found:?}"
            );
        }
    }

    #[test]
    fn the_short_name_of_a_paper_is_the_paper_the_article_names() {
        let mut a = Article::with_body(
            "a.txt",
            "The New York Times reported it first, and The Washington Post followed. The Times \
             said more on Monday than the Post did.",
        );
        crate::analysis::analyse(&mut a);
        let known: Vec<(String, Option<String>)> = a
            .mentions
            .iter()
            .map(|m| (m.text.clone(), m.known.clone()))
            .collect();
        for (text, paper) in [
            ("The Times", "The New York Times"),
            ("Post", "The Washington Post"),
        ] {
            assert!(
                known
                    .iter()
                    .any(|(t, k)| t == text && k.as_deref() == Some(paper)),
                "{text}: {known:?}"
            );
        }
    }

    #[test]
    fn a_name_does_not_run_on_into_the_next_copy_of_itself() {
        let k = kinds(
            "The plan, pushed by Senate leader Charles Schumer Charles (Chuck) Ellis Schumer, \
             failed on Monday, and Charles Schumer said so.",
        );
        assert!(
            k.iter()
                .all(|(t, _)| t != "Charles Schumer Charles" && !t.ends_with("Schumer Charles")),
            "{k:?}"
        );
        assert!(k.iter().any(|(t, _)| t == "Charles Schumer"), "{k:?}");
    }

    #[test]
    fn an_acronym_and_one_word_is_another_organization() {
        use EntityKind::*;
        let k = kinds(
            "The report is not on the aggregator KCNA Watch (KCNA's site is down). KCNA said \
             so. FBI Director James Comey spoke, and ICE agents came.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("KCNA Watch", Organization), "{k:?}");
        assert!(has("James Comey", Person), "{k:?}");
        assert!(
            !k.iter()
                .any(|(t, _)| t == "FBI Director" || t == "ICE agents"),
            "{k:?}"
        );
    }

    #[test]
    fn an_identity_card_and_an_opening_article_name_nothing() {
        use EntityKind::*;
        let k = kinds(
            "Voters must show a photo ID, and IDs from the DMV count on TV. A U.S. District \
             Court ruled. A Chinese Company bought it. Players of Group A met A. Smith. Then \
             US District Court Judge David Norton spoke, and Florida Gov. Jeb Bush left.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("DMV", Organization), "{k:?}");
        assert!(has("U.S. District Court", Organization), "{k:?}");
        assert!(k.iter().all(|(t, _)| !t.starts_with("A ")), "{k:?}");
        // A body's name ends where a title and a name begin.
        assert!(has("US District Court", Organization), "{k:?}");
        assert!(has("David Norton", Person), "{k:?}");
        assert!(has("Florida", Place) && has("Jeb Bush", Person), "{k:?}");
        assert!(
            !k.iter().any(|(t, _)| t == "ID" || t == "IDs" || t == "TV"),
            "{k:?}"
        );
    }

    #[test]
    fn the_north_and_the_south_are_the_halves_only_where_both_are_named() {
        let known = |body: &str, word: &str| {
            let mut a = Article::with_body("t.txt", body);
            crate::analysis::analyse(&mut a);
            a.mentions
                .iter()
                .filter(|m| m.text == word)
                .map(|m| m.known.clone())
                .collect::<Vec<_>>()
        };
        let both = "North Korea fired a missile. South Korea said the North had tested it. \
                    The South's leader spoke of North and South Korea.";
        assert_eq!(
            known(both, "North"),
            [
                Some("North Korea".to_string()),
                Some("North Korea".to_string())
            ]
        );
        assert_eq!(known(both, "South"), [Some("South Korea".to_string())]);
        // US states are not a divided country: "the South" is a region.
        let states = "North Carolina and South Carolina voted. Republicans won the South.";
        assert!(known(states, "South").iter().all(Option::is_none));
    }

    /// Seen on 37k real articles: "lean-Obama" gave a mention "an-Obama", "liberal-Obama"
    /// one "al-Obama", as if the word's end were an Arabic article.
    #[test]
    fn a_particle_must_be_a_word_of_its_own() {
        let k = kinds(
            "CNN rates it a lean-Obama state. Critics of the liberal-Obama agenda spoke. \
             Bashar al-Assad met Barack Obama.",
        );
        let texts: Vec<&str> = k.iter().map(|(t, _)| t.as_str()).collect();
        assert!(
            texts
                .iter()
                .all(|t| !t.starts_with("an-") && !t.starts_with("al-Obama")),
            "{texts:?}"
        );
        assert!(texts.contains(&"Bashar al-Assad"), "{texts:?}");
    }

    #[test]
    fn a_place_after_a_given_name_is_a_surname_and_a_middle_initial_joins_the_name() {
        use EntityKind::*;
        let k = kinds(
            "Rep. Jim Jordan said on Tuesday that the bill would pass. Jordan spoke after \
             King Abdullah of Jordan met officials in Jordan. Vladimir V. Putin was in Moscow, \
             and George W. Bush was in Texas.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("Jim Jordan", Person), "{k:?}");
        assert!(!k.iter().any(|(x, _)| x == "Jim"), "{k:?}");
        // The bare surname is the person where it is said; after "of" and "in", the country.
        let jordans: Vec<EntityKind> = k
            .iter()
            .filter(|(x, _)| x == "Jordan")
            .map(|(_, y)| *y)
            .collect();
        assert_eq!(jordans, [Person, Place, Place], "{k:?}");
        assert!(has("Vladimir V. Putin", Person), "{k:?}");
        assert!(has("George W. Bush", Person), "{k:?}");
        assert!(!k.iter().any(|(x, _)| x == "Vladimir V."), "{k:?}");
    }

    #[test]
    fn a_generational_suffix_after_a_known_name_makes_the_son() {
        use EntityKind::*;
        let k = kinds(
            "The lawsuit names Donald Trump Jr., the president's son. Trump Jr. did not \
             respond. President Donald Trump called it a sham.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("Donald Trump Jr.", Person), "{k:?}");
        assert!(has("Trump Jr.", Person), "{k:?}");
        assert!(has("Donald Trump", Person), "{k:?}");
        assert!(!k.iter().any(|(x, _)| x == "Jr."), "{k:?}");
    }

    #[test]
    fn an_age_a_surname_that_speaks_and_a_bare_given_name_make_a_person() {
        use EntityKind::*;
        assert!(age_follows(", a 23 - year - old immigrant"));
        assert!(age_follows(", 41, said"));
        assert!(age_follows(", an 18-year-old student"));
        assert!(!age_follows(", a 2018 law"));
        assert!(!age_follows(" 23-year-old"));
        let k = kinds(
            "In the park, Olimpia Blanco, a 23 - year - old immigrant from Mexico, held a sign. \
             Blanco said she was happy. Trump and first lady Melania Trump welcomed the \
             guests. \"Melania and I were honored,\" Trump said. Hope was in short supply.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("Olimpia Blanco", Person), "{k:?}");
        assert!(has("Blanco", Person), "{k:?}");
        assert!(has("Melania", Person), "{k:?}");
        // A given name the article also writes in lower case is left alone.
        let k = kinds(
            "Hope Hicks left the White House. There was hope among aides. Hope said nothing.",
        );
        assert!(!k.iter().any(|(x, _)| x == "Hope"), "{k:?}");
    }

    #[test]
    fn a_name_the_model_misread_is_a_person_when_its_surname_speaks_later() {
        let mut mentions = vec![Mention {
            kind: EntityKind::Organization,
            passage: Some(0),
            span: Span::new(0, 14),
            text: "Marely Ramirez".into(),
            known: None,
            value: None,
            learned: false,
        }];
        let body = "Marely Ramirez walked with the group.\n\nRamirez said she marched too.";
        let a = Article::with_body("t.txt", body);
        let toks: Vec<Vec<Tok>> = a.passages.iter().map(|p| tokens(&p.text)).collect();
        let all: Vec<&[Tok]> = toks.iter().map(Vec::as_slice).collect();
        let g = Gazetteer::builtin();
        persons_by_later_use(&a, g, &all, &mut mentions);
        assert_eq!(mentions[0].kind, EntityKind::Person);
        // An organization called by its first word keeps its kind.
        mentions[0].kind = EntityKind::Organization;
        let a = Article::with_body("t.txt", "Marely Ramirez walked.\n\nMarely said it grew.");
        let toks: Vec<Vec<Tok>> = a.passages.iter().map(|p| tokens(&p.text)).collect();
        let all: Vec<&[Tok]> = toks.iter().map(Vec::as_slice).collect();
        persons_by_later_use(&a, g, &all, &mut mentions);
        assert_eq!(mentions[0].kind, EntityKind::Organization);
    }

    #[test]
    fn a_company_named_in_full_is_called_by_its_first_word() {
        use EntityKind::*;
        let k = kinds(
            "Shares of Newmont Mining Corp rose on Tuesday. Analysts said Newmont would raise \
             its dividend, and Newmont's rivals followed as shares rallied.",
        );
        let bare: Vec<_> = k.iter().filter(|(x, _)| x == "Newmont").collect();
        assert!(
            !bare.is_empty() && bare.iter().all(|(_, y)| *y == Organization),
            "{k:?}"
        );
        // A person's surname stays the person's.
        let k =
            kinds("John Smith founded Smith Group Inc in 1990. Smith said the firm would grow.");
        assert!(k.iter().any(|(x, y)| x == "Smith" && *y == Person), "{k:?}");
    }

    #[test]
    fn a_suffix_makes_a_person_and_a_body_named_before_must_stand_next_to_the_name() {
        use EntityKind::*;
        let k = kinds(
            "Jesse Jackson founded the Rainbow Coalition. Jackson Jr. said his father was \
             proud. Delta Air Lines cut routes and Build-A-Bear Workshop closed stores.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("Jackson Jr.", Person), "{k:?}");
        assert!(has("Delta Air Lines", Organization), "{k:?}");
        assert!(has("Build-A-Bear Workshop", Organization), "{k:?}");
    }

    #[test]
    fn a_month_before_a_day_is_no_name_and_stays_a_given_name_elsewhere() {
        assert!(day_follows(". 17 he said"));
        assert!(day_follows(" 7, 2019"));
        assert!(!day_follows(" Schakowsky"));
        assert!(!day_follows(" 2019"));
        assert!(!day_follows(". 45 people"));
        let k = kinds(
            "Rep. Jan Schakowsky announced Jan. 18 she would join. He spoke on Jan. 7 about it.",
        );
        let jan: Vec<_> = k.iter().filter(|(x, _)| x == "Jan").collect();
        assert!(jan.is_empty(), "{k:?}");
        assert!(
            k.iter()
                .any(|(x, y)| x == "Jan Schakowsky" && *y == EntityKind::Person),
            "{k:?}"
        );
    }

    #[test]
    fn plural_titles_are_titles_and_a_title_alone_names_no_one() {
        let k = kinds(
            "A plan brokered by Republican Sens. Lindsey Graham and John Cornyn failed, and \
             Reps. Jim Jordan and Mark Meadows objected.",
        );
        assert!(
            !k.iter()
                .any(|(x, _)| x.starts_with("Sens") || x.starts_with("Reps")),
            "{k:?}"
        );
        assert!(
            k.iter()
                .any(|(x, y)| x == "Lindsey Graham" && *y == EntityKind::Person),
            "{k:?}"
        );
        assert!(
            k.iter()
                .any(|(x, y)| x == "Jim Jordan" && *y == EntityKind::Person),
            "{k:?}"
        );
    }

    #[test]
    fn a_lone_name_joined_to_an_organization_is_one_too() {
        use EntityKind::*;
        let k = kinds(
            "Shares of General Motors and Chrysler were flat on Tuesday. Former FBI Director \
             James Comey testified. Comey and the FBI declined to comment.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("General Motors", Organization), "{k:?}");
        assert!(has("Chrysler", Organization), "{k:?}");
        // A surname the article gives in full stays the person beside an organization.
        assert!(has("Comey", Person), "{k:?}");
        assert!(has("FBI", Organization), "{k:?}");
    }

    #[test]
    fn the_learned_classifier_places_names_the_rules_cannot() {
        use EntityKind::*;
        let k = kinds(
            "\"We will keep walking,\" said Teodoro Quispe, one of the marchers. Officers at \
             the Texas Department of Public Safety shrugged. Melania Trump visited a school in Ohio. \
             Summit talks resumed on Monday after the summit stalled.",
        );
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("Teodoro Quispe", Person), "{k:?}");
        assert!(
            has("Texas Department of Public Safety", Organization),
            "{k:?}"
        );
        assert!(!k.iter().any(|(x, _)| x == "Texas"), "{k:?}");
        assert!(has("Melania Trump", Person), "{k:?}");
        assert!(!k.iter().any(|(x, _)| x == "Summit"), "{k:?}");
    }

    #[test]
    fn money_and_clock_codes_are_no_names_and_a_known_company_keeps_its_full_name() {
        let k = kinds(
            "The order is worth US$7.2 billion. The jet landed in Paris at 18:00 UTC, and the \
             fee is $99 (USD). General Motors Corporation said on Monday that sales fell.",
        );
        let has = |t: &str| k.iter().any(|(x, _)| x == t);
        assert!(!has("US") && !has("UTC") && !has("USD"), "{k:?}");
        assert!(has("Paris"), "{k:?}");
        assert!(
            k.iter()
                .any(|(x, y)| x == "General Motors Corporation" && *y == EntityKind::Organization),
            "{k:?}"
        );
        assert!(!has("Corporation"), "{k:?}");
    }

    #[test]
    fn roles_openers_regions_datelines_and_headlines() {
        use EntityKind::*;
        let ctx = crate::ingest::ReadContext {
            outlets: crate::ingest::Outlets::builtin(),
            overrides: None,
            modified: None,
        };
        let text = "Wall goes up in Tijuana as Nielsen visits\n\n\
             Members of the caravan at the wall on Sunday.\n\n\
             TIJUANA, Mexico — A long journey ended at the border of Southern California on \
             Sunday. Trump and first lady Melania Trump watched. While Trump spoke, Border Patrol \
             Agent Rodney S. Scott said the crossing was closed. Trump fired H.R. McMaster and \
             Secretary of State Rex Tillerson. In September, Nielsen said so.\n";
        let mut a =
            crate::ingest::parse_bytes(text.as_bytes(), "t.txt", crate::model::Format::Text, ctx)
                .unwrap();
        crate::analysis::analyse(&mut a);
        let k: Vec<(String, EntityKind)> = a
            .mentions
            .iter()
            .map(|m| (m.text.clone(), m.kind))
            .collect();
        let has = |t: &str, kind| k.iter().any(|(x, y)| x == t && *y == kind);
        assert!(has("Melania Trump", Person), "{k:?}");
        assert!(has("Southern California", Place), "{k:?}");
        assert!(!k.iter().any(|(x, _)| x == "California"), "{k:?}");
        assert!(has("TIJUANA", Place), "{k:?}");
        assert!(has("Rodney S. Scott", Person), "{k:?}");
        assert!(has("Rex Tillerson", Person), "{k:?}");
        assert!(
            !k.iter()
                .any(|(x, _)| x.starts_with("While") || x.contains("Agent")),
            "{k:?}"
        );
        assert!(
            !k.iter()
                .any(|(x, _)| x == "September" || x.starts_with("In ")),
            "{k:?}"
        );
        // The headline's names count too.
        assert!(
            k.iter().filter(|(x, _)| x == "Tijuana").count() >= 1,
            "{k:?}"
        );
        assert!(
            k.iter().filter(|(x, _)| x == "Nielsen").count() >= 2,
            "{k:?}"
        );
    }

    #[test]
    fn tokens_keep_initialisms_hyphens_and_titles() {
        let t = "Mr. Kim met the U.S. envoy, al-Shibani's aide, in Tel Aviv.";
        let words: Vec<&str> = tokens(t).iter().map(|k| k.text(t)).collect();
        assert_eq!(
            words,
            [
                "Mr.",
                "Kim",
                "met",
                "the",
                "U.S.",
                "envoy",
                "al-Shibani's",
                "aide",
                "in",
                "Tel",
                "Aviv"
            ]
        );
    }

    /// `date_mentions` as it was written first: every pattern over the whole text.
    fn reference_dates(
        text: &str,
        published: Option<NaiveDate>,
    ) -> Vec<(usize, usize, Option<String>)> {
        let has_month = MONTH_STEMS.iter().any(|m| text.contains(m));
        let mut out: Vec<(usize, usize, Option<String>)> = if has_month || text.contains('-') {
            dates::find_all(text)
                .into_iter()
                .map(|f| (f.start, f.end, Some(f.date.to_string())))
                .collect()
        } else {
            Vec::new()
        };
        let Some(p) = date_patterns() else { return out };
        static YEAR: OnceLock<Regex> = OnceLock::new();
        let year = YEAR
            .get_or_init(|| Regex::new(r"(?-u:\b)(1[89][0-9][0-9]|20[0-9][0-9])(?-u:\b)").unwrap());
        let free = |out: &Vec<(usize, usize, Option<String>)>, s: usize, e: usize| {
            out.iter().all(|&(a, b, _)| e <= a || s >= b)
        };
        let month_years = if has_month {
            p.month_year.captures_iter(text).collect()
        } else {
            Vec::new()
        };
        for c in month_years {
            let (Some(m), Some(mon), Some(y)) = (
                c.get(0),
                dates::month_number(&c[1]),
                c[2].parse::<i32>().ok(),
            ) else {
                continue;
            };
            if free(&out, m.start(), m.end()) {
                out.push((m.start(), m.end(), Some(format!("{y:04}-{mon:02}"))));
            }
        }
        let weekdays = if text.contains("day") {
            p.weekday.find_iter(text).collect()
        } else {
            Vec::new()
        };
        for m in weekdays {
            if !free(&out, m.start(), m.end()) {
                continue;
            }
            let value = published.zip(weekday(m.as_str())).map(|(d, wd)| {
                let back = (7 + d.weekday().num_days_from_monday() as i64
                    - wd.num_days_from_monday() as i64)
                    % 7;
                (d - Duration::days(back)).to_string()
            });
            out.push((m.start(), m.end(), value));
        }
        let lower_has = |w: &[&str]| w.iter().any(|k| text.contains(k));
        let relatives = if lower_has(&[" ago", "ast ", "ext ", "his ", "esterday"]) {
            p.relative.find_iter(text).collect()
        } else {
            Vec::new()
        };
        for m in relatives {
            if !free(&out, m.start(), m.end()) {
                continue;
            }
            let value = Some(relative_value(&m.as_str().to_lowercase(), published));
            out.push((m.start(), m.end(), value));
        }
        let years = if text.contains("19") || text.contains("20") {
            year.find_iter(text).collect()
        } else {
            Vec::new()
        };
        for m in years {
            let digit_next = text[m.end()..].starts_with(|c: char| {
                c.is_ascii_digit()
                    || c == ',' && text[m.end() + 1..].starts_with(|d: char| d.is_ascii_digit())
            });
            let digit_before =
                text[..m.start()].ends_with(|c: char| c.is_ascii_digit() || c == '$' || c == '.');
            if free(&out, m.start(), m.end()) && !digit_next && !digit_before {
                out.push((m.start(), m.end(), Some(m.as_str().to_string())));
            }
        }
        out
    }

    /// A tiny deterministic generator of date-ish texts.
    fn date_soup(seed: u64, n: usize) -> Vec<String> {
        const BITS: &[&str] = &[
            "May",
            "may",
            "MAY",
            "Dec.",
            "December",
            "Sept.",
            "sept",
            "Jan",
            "8",
            "08",
            "12",
            "2024",
            "1999",
            "20245",
            "2024-12-08",
            "2024-13-40",
            "12-08",
            "-",
            "—",
            ",",
            ".",
            "8th",
            "31st",
            "ago",
            "AGO",
            "years",
            "year",
            "a",
            "two",
            "10",
            "123456",
            "more than",
            "over",
            "last",
            "this",
            "earlier this",
            "next",
            "week",
            "fall",
            "Yesterday",
            "yesterday",
            "Monday",
            "Sunday",
            "day",
            "days",
            "x",
            "_",
            "$",
            "(",
            ")",
            "the",
            "Chicago",
            "ago.",
            "2020s",
            "yesterdayear",
            "more than 3 years ago",
            "less than a week ago",
            "earlier this year",
            "later this fall",
            "May 8, 2024",
            "8 December 2024",
            "Sept. 2024",
            "٢٠٢٤",
            "wee\u{212a}",
            "é",
            "’",
            "“May",
            "\u{2009}",
            "Mondayé",
            "ago’",
            "٣",
            "1x2024",
            "_2024",
            "20245-",
            "2024-",
            "1800",
            "2099",
            "2100",
            "été",
            "ſept",
            "Ångström",
        ];
        const GAPS: &[&str] = &[
            " ", " ", " ", "  ", "\n", "", ", ", "\t", "\u{a0}", "\u{3000}",
        ];
        let mut x = seed;
        let mut next = |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as usize
        };
        (0..n)
            .map(|_| {
                let words = 1 + next(14);
                let mut s = String::new();
                for _ in 0..words {
                    s.push_str(BITS[next(BITS.len())]);
                    s.push_str(GAPS[next(GAPS.len())]);
                }
                s
            })
            .collect()
    }

    #[test]
    fn dates_searched_in_windows_are_the_dates_of_the_whole_text() {
        let published = [None, NaiveDate::from_ymd_opt(2026, 1, 7)];
        for (i, t) in date_soup(0x5eed, 40_000).iter().enumerate() {
            let d = published[i % 2];
            assert_eq!(
                date_mentions(t, &t.to_ascii_lowercase(), d),
                reference_dates(t, d),
                "{t:?}"
            );
        }
    }

    #[test]
    fn dates_are_normalised() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 7);
        let t = "On Tuesday, talks from December 8, 2024 and Dec. 8, 2024 to December 2024, the 1974 accord, last year and more than a year ago.";
        let found: Vec<(String, Option<String>)> = date_mentions(t, &t.to_ascii_lowercase(), d)
            .into_iter()
            .map(|(s, e, v)| (t[s..e].to_string(), v))
            .collect();
        let get = |w: &str| {
            found
                .iter()
                .find(|(s, _)| s == w)
                .and_then(|(_, v)| v.clone())
        };
        assert_eq!(get("Tuesday").as_deref(), Some("2026-01-06"));
        assert_eq!(get("December 8, 2024").as_deref(), Some("2024-12-08"));
        assert_eq!(get("Dec. 8, 2024").as_deref(), Some("2024-12-08"));
        assert_eq!(get("December 2024").as_deref(), Some("2024-12"));
        assert_eq!(get("1974").as_deref(), Some("1974"));
        assert_eq!(get("last year").as_deref(), Some("2025"));
        assert_eq!(
            get("more than a year ago").as_deref(),
            Some("before 2025-01-07")
        );
        let undated: Vec<Option<String>> = date_mentions("on Tuesday", "on tuesday", None)
            .into_iter()
            .map(|x| x.2)
            .collect();
        assert_eq!(undated, [None]);
    }
}
