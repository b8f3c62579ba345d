//! Dates in one sentence: the entity recogniser's date mentions (normalised against the
//! publication date) plus what it leaves out — decades ("the 1990s"), a month and day without
//! a year ("Dec. 15"), a month alone ("in December") — each with its precision, the relation
//! the sentence puts it in ("pre-2024", "prior to Dec. 8, 2024", "since 1967") and qualifiers
//! ("late 2024", "the end of 2025").

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::Sentence;
use crate::ingest::dates as ingest_dates;
use crate::model::{DatePrecision, DateRelation, DateValue, EntityKind};

/// The month number of a month name or abbreviation ("Dec.", "December").
pub(crate) fn month_number(w: &str) -> Option<u32> {
    if w.is_empty() || !w.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    ingest_dates::month_number(w)
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

struct Patterns {
    decade: Regex,
    month_day: Regex,
    day_month: Regex,
    bare_month: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static P: OnceLock<Option<Patterns>> = OnceLock::new();
    P.get_or_init(|| {
        let months = MONTHS.join("|");
        Some(Patterns {
            decade: Regex::new(r"\b((?:1[5-9]|20)\d0)s\b").ok()?,
            month_day: Regex::new(
                r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b",
            )
            .ok()?,
            day_month: Regex::new(&format!(
                r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({months}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?"
            ))
            .ok()?,
            bare_month: Regex::new(&format!(
                r"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Bb]efore|[Aa]fter|[Ff]rom|[Tt]hrough|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id|[Ll]ast|[Tt]his|[Nn]ext|[Oo]f)[\s-]+({months})\b"
            ))
            .ok()?,
        })
    })
    .as_ref()
}

/// Words before a date that place the event relative to it, longest first.
const RELATIONS: &[(&str, DateRelation)] = &[
    ("prior to", DateRelation::Before),
    ("ahead of", DateRelation::Before),
    ("before", DateRelation::Before),
    ("earlier than", DateRelation::Before),
    ("pre-", DateRelation::Before),
    ("pre -", DateRelation::Before),
    ("pre", DateRelation::Before),
    ("after", DateRelation::After),
    ("following", DateRelation::After),
    ("later than", DateRelation::After),
    ("post-", DateRelation::After),
    ("post -", DateRelation::After),
    ("since", DateRelation::Since),
    ("as of", DateRelation::Since),
    ("until", DateRelation::Until),
    ("till", DateRelation::Until),
    ("through", DateRelation::Until),
    ("up to", DateRelation::Until),
    ("by", DateRelation::By),
    ("no later than", DateRelation::By),
];

/// Words before a date that make it less precise.
const QUALIFIERS: &[&str] = &[
    "the end of",
    "the beginning of",
    "the start of",
    "the middle of",
    "the first half of",
    "the second half of",
    "the turn of",
    "the spring of",
    "the summer of",
    "the autumn of",
    "the fall of",
    "the winter of",
    "early",
    "mid-",
    "mid",
    "late",
    "around",
    "circa",
    "about",
    "roughly",
    "sometime in",
];

/// `head` ends with the words `p` (lowercase ASCII) on a word boundary, in any case; the
/// byte where `p` starts.
fn ends_with_words(head: &str, p: &str) -> Option<usize> {
    let at = head.len().checked_sub(p.len())?;
    let tail = head.as_bytes().get(at..)?;
    if !tail.eq_ignore_ascii_case(p.as_bytes()) || !head.is_char_boundary(at) {
        return None;
    }
    let boundary = !head[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    boundary.then_some(at)
}

/// The dates of `s`, as written and normalised.
pub(crate) fn find(s: &Sentence<'_>, published: Option<NaiveDate>) -> Vec<DateValue> {
    // (start, end, value) in sentence bytes.
    let mut raw: Vec<(usize, usize, Option<String>)> = s
        .mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Date)
        .filter_map(|m| {
            let a = m.span.start.checked_sub(s.base)?;
            let b = m.span.end.checked_sub(s.base)?;
            (b <= s.text.len() && s.text.is_char_boundary(a) && s.text.is_char_boundary(b))
                .then(|| (a, b, m.value.clone()))
        })
        .collect();
    if let Some(p) = patterns() {
        let free = |raw: &Vec<(usize, usize, Option<String>)>, a: usize, b: usize| {
            raw.iter().all(|&(x, y, _)| b <= x || y <= a)
        };
        if s.text.contains("0s") {
            for c in p.decade.captures_iter(s.text) {
                let (Some(m), Some(d)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                if free(&raw, m.start(), m.end()) {
                    raw.push((m.start(), m.end(), Some(format!("{}s", d.as_str()))));
                }
            }
        }
        let has_month = MONTHS.iter().any(|m| s.text.contains(&m[..3]));
        if has_month {
            let month_days = p
                .month_day
                .captures_iter(s.text)
                .filter_map(|c| Some((c.get(0)?, c.get(1)?, c.get(2)?)));
            let day_months = p
                .day_month
                .captures_iter(s.text)
                .filter_map(|c| Some((c.get(0)?, c.get(2)?, c.get(1)?)));
            let found: Vec<_> = month_days.chain(day_months).collect();
            for (m, mon, day) in found {
                let rest = &s.text[m.end()..];
                let with_year = rest
                    .trim_start_matches([',', ' '])
                    .starts_with(|c: char| c.is_ascii_digit());
                if with_year || !free(&raw, m.start(), m.end()) {
                    continue;
                }
                let (Some(mo), Ok(d)) = (month_number(mon.as_str()), day.as_str().parse::<u32>())
                else {
                    continue;
                };
                let value = match published {
                    Some(p) => {
                        let y = if (mo, d) > (p.month(), p.day()) {
                            p.year() - 1
                        } else {
                            p.year()
                        };
                        NaiveDate::from_ymd_opt(y, mo, d).map(|d| d.to_string())
                    }
                    None => Some(m.as_str().to_string()),
                };
                if value.is_some() {
                    raw.push((m.start(), m.end(), value));
                }
            }
            for c in p.bare_month.captures_iter(s.text) {
                let Some(mon) = c.get(1) else { continue };
                let rest = s.text[mon.end()..].trim_start_matches([',', ' ']);
                if rest.starts_with(|c: char| c.is_ascii_digit())
                    || !free(&raw, mon.start(), mon.end())
                {
                    continue;
                }
                let Some(mo) = month_number(mon.as_str()) else {
                    continue;
                };
                let next = c
                    .get(0)
                    .is_some_and(|m| m.as_str().to_lowercase().starts_with("next"));
                let value = match published {
                    Some(p) => {
                        let y = if next {
                            if mo > p.month() {
                                p.year()
                            } else {
                                p.year() + 1
                            }
                        } else if mo > p.month() {
                            p.year() - 1
                        } else {
                            p.year()
                        };
                        format!("{y:04}-{mo:02}")
                    }
                    None => mon.as_str().to_string(),
                };
                raw.push((mon.start(), mon.end(), Some(value)));
            }
        }
    }
    raw.sort_by_key(|r| r.0);
    raw.into_iter().map(|(a, b, v)| read(s, a, b, v)).collect()
}

/// One date: precision, relation, qualifier, and the words that say them.
fn read(s: &Sentence<'_>, a: usize, b: usize, value: Option<String>) -> DateValue {
    let written = &s.text[a..b];
    let mut relation = None;
    let mut qualifier: Option<String> = None;
    let (mut value, mut precision, mut loose) = normalise(written, value);
    if let Some(v) = value.as_deref()
        && let Some(rest) = v.strip_prefix("before ")
    {
        relation = Some(DateRelation::Before);
        let (v2, p2, _) = normalise(rest, Some(rest.to_string()));
        value = v2;
        precision = p2;
        loose = true;
    }
    let mut start = a;
    // Qualifier, then relation, each maybe after "the".
    let head = s.text[..start].trim_end();
    if let Some(q) = QUALIFIERS
        .iter()
        .find_map(|q| ends_with_words(head, q).map(|at| (q, at)))
    {
        qualifier = Some(q.0.trim_end_matches('-').to_string());
        start = q.1;
    } else if s.text[..start].ends_with("mid-") {
        qualifier = Some("mid".to_string());
        start -= 4;
    }
    let mut head = s.text[..start].trim_end();
    let mut attached = s.text[..start].len() == head.len();
    if let Some(at) = ends_with_words(head, "the") {
        head = head[..at].trim_end();
        attached = false;
    }
    for &(p, rel) in RELATIONS {
        // "pre-2024" and "post-war" attach; the others stand as words.
        if p.ends_with('-') && !attached && !p.ends_with(" -") {
            continue;
        }
        if p == "pre" && !s.text[..start].ends_with("pre ") {
            continue;
        }
        if let Some(at) = ends_with_words(head, p) {
            if relation.is_none() {
                relation = Some(rel);
            }
            start = at;
            break;
        }
    }
    // "late Thursday" is still a day; "late 2024" is vaguer than 2024 said outright.
    let vague = precision != DatePrecision::Day || loose;
    DateValue {
        text: s.text[start..b].to_string(),
        span: s.abs(start, b),
        value,
        precision,
        vague,
        relation,
        qualifier,
    }
}

/// A mention's value read for precision: ISO day, month, year, decade, a weekday, or a phrase.
/// The third item says the value is itself loose ("before 2025-01-06" for "more than a year
/// ago").
fn normalise(written: &str, value: Option<String>) -> (Option<String>, DatePrecision, bool) {
    let Some(v) = value else {
        // An unplaced weekday ("Tuesday" in an undated article).
        return (Some(written.to_string()), DatePrecision::Day, false);
    };
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let precision = match b.len() {
        10 if digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) => {
            DatePrecision::Day
        }
        7 if digits(0..4) && b[4] == b'-' && digits(5..7) => DatePrecision::Month,
        4 if digits(0..4) => DatePrecision::Year,
        5 if digits(0..4) && b[4] == b's' => DatePrecision::Decade,
        _ if v.starts_with("before ") => return (Some(v), DatePrecision::Relative, true),
        _ if MONTHS.contains(&v.as_str()) => DatePrecision::Month,
        _ if month_number(v.split_whitespace().next().unwrap_or("")).is_some()
            && v.split_whitespace().count() == 2 =>
        {
            DatePrecision::Day
        }
        _ => DatePrecision::Relative,
    };
    (Some(v), precision, false)
}
