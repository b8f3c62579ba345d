//! Entity recognition: people, organizations, places, dates and groups in an article's body,
//! offline and deterministic. Rules over tokens plus the gazetteer: known names first
//! (leftmost-longest), then capitalised spans classified by context — a title or role before
//! a name ("Foreign Minister X", "intelligence chief X"), an organization head noun ("… Ministry",
//! "… Directorate"), a reporting verb after ("X said"), a known given name, Arabic name
//! particles ("Hussein al-Salama"), a place cue ("in X"). Title-case lines only keep what the
//! gazetteer or the article's prose confirms. Dates are normalised against the publication date.
//! Pure functions over `model` types; cross-article alias merging is `aliases`' job.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

use super::gazetteer::Gazetteer;
use crate::ingest::dates;
use crate::model::{Article, EntityKind, Mention, PassageKind, Span};

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
}

impl Tok {
    fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

/// Words of `text`: letters/digits with inner hyphens, apostrophes and initialism dots.
fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        // Extend over letters, and over a joiner followed by a letter.
        loop {
            let mut ahead = it.clone();
            match ahead.next() {
                Some((i, c)) if c.is_alphanumeric() => {
                    end = i + c.len_utf8();
                    it.next();
                }
                Some((_, '-' | '\'' | '’' | '.')) => match ahead.next() {
                    Some((i, c)) if c.is_alphanumeric() => {
                        end = i + c.len_utf8();
                        it.next();
                        it.next();
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        // "U.S." and "Mr." keep their final period.
        if text[end..].starts_with('.') {
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
                    | "Rep"
                    | "Prof"
                    | "St"
                    | "Jr"
                    | "Sr"
                    | "Maj"
            );
            if initialism || abbrev {
                end += 1;
                it.next();
            }
        }
        out.push(Tok { start, end });
    }
    out
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

fn is_acronym(w: &str) -> bool {
    let letters: String = w.chars().filter(|c| *c != '.').collect();
    (2..=6).contains(&letters.chars().count()) && letters.chars().all(|c| c.is_uppercase())
}

/// What every month name and abbreviation starts with, to skip date patterns cheaply.
const MONTH_STEMS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

struct Dates {
    month_year: Regex,
    weekday: Regex,
    relative: Regex,
    year: Regex,
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
            year: Regex::new(r"(?-u:\b)(1[89][0-9][0-9]|20[0-9][0-9])(?-u:\b)").ok()?,
        })
    })
    .as_ref()
}

fn weekday(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

/// Date mentions in `text` (a passage), normalised against `published` when known.
fn date_mentions(text: &str, published: Option<NaiveDate>) -> Vec<(usize, usize, Option<String>)> {
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
        let phrase = m.as_str().to_lowercase();
        let value = match published {
            Some(d) if phrase.contains("last year") => Some(format!("{:04}", d.year() - 1)),
            Some(d) if phrase.contains("this year") => Some(format!("{:04}", d.year())),
            Some(d) if phrase == "yesterday" => Some((d - Duration::days(1)).to_string()),
            Some(d) => {
                let now = d.and_hms_opt(12, 0, 0).map(|t| t.and_utc());
                let approx = now
                    .and_then(|n| dates::find_relative(&phrase, n))
                    .map(|f| f.date);
                match approx {
                    Some(a) if phrase.starts_with("more than") || phrase.starts_with("over") => {
                        Some(format!("before {a}"))
                    }
                    Some(a) => Some(a.to_string()),
                    None => Some(phrase.clone()),
                }
            }
            None => Some(phrase.clone()),
        };
        out.push((m.start(), m.end(), value));
    }
    let years = if text.contains("19") || text.contains("20") {
        p.year.find_iter(text).collect()
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

/// A capitalised span, with what came before and after it.
struct Candidate {
    start: usize,
    end: usize,
    kind: EntityKind,
}

/// Recognise the entity mentions in `article`.
pub fn recognise(article: &Article, g: &Gazetteer) -> Vec<Mention> {
    let mut mentions: Vec<Mention> = Vec::new();
    // Surfaces the prose establishes, for title-case lines and bare surnames.
    let mut confirmed: HashMap<String, EntityKind> = HashMap::new();
    let mut title_case: Vec<usize> = Vec::new();

    let all_toks: Vec<Vec<Tok>> = article.passages.iter().map(|p| tokens(&p.text)).collect();
    for (pi, p) in article.passages.iter().enumerate() {
        let toks = &all_toks[pi];
        let caps = toks.iter().filter(|t| is_cap(t.text(&p.text))).count();
        if p.kind == PassageKind::Heading || (toks.len() >= 4 && caps * 10 >= toks.len() * 7) {
            title_case.push(pi);
            continue;
        }
        let found = passage_mentions(article, pi, toks, g, None);
        for m in &found {
            if m.kind != EntityKind::Date {
                confirmed.insert(m.text.clone(), m.kind);
            }
        }
        mentions.extend(found);
    }
    for pi in title_case {
        mentions.extend(passage_mentions(
            article,
            pi,
            &all_toks[pi],
            g,
            Some(&confirmed),
        ));
    }
    mentions.extend(debris_mentions(article, g));
    add_bare_names(article, &all_toks, &mut mentions);
    mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    mentions.dedup_by(|b, a| b.span.start < a.span.end);
    mentions
}

/// Mentions in one passage. With `only`, keep capitalised spans only when `only` confirms them.
fn passage_mentions(
    article: &Article,
    pi: usize,
    toks: &[Tok],
    g: &Gazetteer,
    only: Option<&HashMap<String, EntityKind>>,
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
        dateline: if pi == 0 {
            article.dateline.as_deref()
        } else {
            None
        },
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
}

/// Words in captions and credits that are shouted, not names: "FILE - …", "PHOTO: …".
const SHOUTED: &[&str] = &[
    "FILE",
    "PHOTO",
    "PHOTOS",
    "VIDEO",
    "WATCH",
    "UPDATE",
    "UPDATED",
    "EXCLUSIVE",
    "BREAKING",
    "LIVE",
    "READ",
    "MORE",
    "NEW",
    "OPINION",
    "ANALYSIS",
    "EDITOR",
    "NOTE",
];

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
        let chunk = Chunk {
            text: &d.text,
            base: d.span.start,
            passage: None,
            sentences: vec![0],
            dateline: None,
        };
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
            });
        }
        out.extend(found);
    }
    out
}

fn chunk_mentions(
    chunk: &Chunk<'_>,
    published: Option<NaiveDate>,
    toks: &[Tok],
    g: &Gazetteer,
    only: Option<&HashMap<String, EntityKind>>,
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
        });
    };

    for (s, e, v) in date_mentions(text, published) {
        taken.push((s, e));
        push(&mut out, s, e, EntityKind::Date, None, v);
    }
    for (s, e, k) in g.find(text) {
        // "Al-Sharaa" where the gazetteer lists "Sharaa": the particle belongs to the name.
        let s = HYPHEN_PARTICLES
            .iter()
            .find(|p| text[..s].ends_with(*p))
            .map(|p| s - p.len())
            .unwrap_or(s);
        if taken.iter().any(|&(a, b)| s < b && e > a) {
            continue;
        }
        let known = &g.known[k];
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
            if words > 0 && caps && !taken.iter().any(|&(a, b)| s < b && e > a) {
                taken.push((s, e));
                let known = g.lookup(place).map(|k| k.name.clone());
                push(&mut out, s, e, EntityKind::Place, known, None);
            }
        }
    }

    let sentence_starts: HashSet<usize> = chunk
        .sentences
        .iter()
        .copied()
        .chain(std::iter::once(0))
        .collect();
    let free = |t: &Tok| !taken.iter().any(|&(a, b)| t.start < b && t.end > a);
    let starts_sentence = |t: &Tok| {
        let before = &text[..t.start];
        let trimmed = before.trim_end_matches(|c: char| !c.is_alphanumeric());
        sentence_starts.contains(&t.start)
            || trimmed.is_empty()
            || sentence_starts
                .iter()
                .any(|&s| s <= t.start && text[s..t.start].chars().all(|c| !c.is_alphanumeric()))
    };

    let mut i = 0;
    while i < toks.len() {
        let w = toks[i].text(text);
        if !free(&toks[i]) || !is_cap(w) {
            i += 1;
            continue;
        }
        // Grow the span over capitalised words, name particles and "of"/"for" joints.
        let mut j = i + 1;
        while j < toks.len() && free(&toks[j]) {
            let wj = toks[j].text(text);
            let prev = toks[j - 1].text(text);
            let gap = &text[toks[j - 1].end..toks[j].start];
            // "Kim Jong - un", "Mar - a - Lago": sources that spaced out a name's hyphens.
            if gap == " - " && wj.chars().next().is_some_and(char::is_lowercase) && is_cap(prev) {
                j += 1;
                continue;
            }
            let adjacent = gap.chars().all(|c| c == ' ' || c == '\u{a0}');
            if !adjacent || prev != strip_possessive(prev) && !is_cap(wj) {
                break;
            }
            if is_cap(wj) {
                j += 1;
            } else if (NAME_PARTICLES.contains(&wj) || matches!(wj, "of" | "for" | "and"))
                && toks
                    .get(j + 1)
                    .is_some_and(|n| free(n) && is_cap(n.text(text)))
            {
                j += 2;
            } else {
                break;
            }
        }
        let span_toks = &toks[i..j];
        i = j;
        let mut found: Vec<Candidate> = classify(text, toks, span_toks, g, &starts_sentence)
            .into_iter()
            .collect();
        if found.is_empty() {
            // "Steve Witkoff and Jared Kushner", "Israel and Syria": each part on its own.
            for part in span_toks.split(|t| matches!(t.text(text), "and" | "of" | "for")) {
                if !part.is_empty() && part.len() < span_toks.len() {
                    found.extend(classify(text, toks, part, g, &starts_sentence));
                }
            }
        }
        for c in found {
            let s = c.start;
            let surface = strip_possessive(&text[s..c.end]);
            let e = s + surface.len();
            if let Some(confirmed) = only {
                if let Some(k) = confirmed.get(surface) {
                    push(&mut out, s, e, *k, None, None);
                }
            } else {
                push(&mut out, s, e, c.kind, None, None);
            }
        }
    }
    out
}

/// Decide what a capitalised span is, if anything; trims roles and joints off it.
fn classify(
    text: &str,
    all: &[Tok],
    span: &[Tok],
    g: &Gazetteer,
    starts_sentence: &dyn Fn(&Tok) -> bool,
) -> Option<Candidate> {
    let words: Vec<&str> = span.iter().map(|t| t.text(text)).collect();
    let lower: Vec<String> = words
        .iter()
        .map(|w| strip_possessive(w).to_lowercase())
        .collect();
    // "Prime Minister's Office", "General Intelligence Directorate": the head noun decides
    // before any title is taken off the front.
    let head = |l: &[String]| {
        l.last().is_some_and(|w| {
            g.org_heads.contains(w.as_str()) || w == "ministry" || w == "directorate"
        })
    };
    let is_month_or_day =
        |w: &str| dates::month_number(w).is_some() && w.len() > 3 || weekday(w).is_some();
    if words.len() == 1 && is_month_or_day(words[0]) {
        return None;
    }
    if words.len() >= 2
        && (head(&lower)
            || lower
                .first()
                .is_some_and(|w| w == "ministry" || w == "department"))
    {
        let skip = usize::from(lower[0] == "the");
        return Some(Candidate {
            start: span[skip].start,
            end: span[span.len() - 1].end,
            kind: EntityKind::Organization,
        });
    }
    // A leading article belongs to no name ("The President said").
    let the = usize::from(lower[0] == "the");
    let (words, span, lower) = (&words[the..], &span[the..], &lower[the..]);
    if words.is_empty() {
        return None;
    }
    // Named by the outlet that carries it: "state news agency Sana", "the newspaper Haaretz".
    let first_idx = all.partition_point(|t| t.start < span[0].start);
    let before = first_idx
        .checked_sub(1)
        .map(|k| all[k].text(text).to_lowercase());
    if words.len() <= 3
        && before.as_deref().is_some_and(|w| {
            matches!(
                w,
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
            )
        })
    {
        return Some(Candidate {
            start: span[0].start,
            end: span[span.len() - 1].end,
            kind: EntityKind::Organization,
        });
    }
    // Roles and titles before the name: "Foreign Minister", "President", "Mr.".
    let skip = (1..words.len())
        .rev()
        .find(|&k| g.is_role(&lower[..k]))
        .unwrap_or(0);
    let role = skip > 0;
    if g.is_role(&lower[skip..]) {
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
    let prev_words: Vec<String> = all[idx.saturating_sub(4)..idx]
        .iter()
        .map(|t| t.text(text).to_lowercase())
        .collect();
    let next_word = all
        .get(after_idx)
        .map(|t| t.text(text).to_lowercase())
        .unwrap_or_default();
    let between_next = all
        .get(after_idx)
        .map(|t| &text[last.end..t.start])
        .unwrap_or("");

    let org_head = lower
        .iter()
        .any(|w| g.org_heads.contains(w.as_str()) || w == "ministry" || w == "directorate");
    let has_joint = words.iter().any(|w| matches!(*w, "of" | "for" | "and"));
    if org_head && words.len() >= 2 {
        return Some(Candidate {
            start: first.start,
            end: last.end,
            kind: EntityKind::Organization,
        });
    }
    if has_joint {
        // "Steve Witkoff and Jared Kushner": without an organization head, a joint separates
        // two names; the caller classifies each part.
        return None;
    }
    let role_before =
        role || (1..=prev_words.len()).any(|k| g.is_role(&prev_words[prev_words.len() - k..]));
    let given = g.is_given_name(words[0]);
    let particle = words.len() >= 2
        && words
            .iter()
            .any(|w| after_particle(w).is_some() || NAME_PARTICLES.contains(w));
    let reports = between_next.trim().is_empty() && g.person_verbs.contains(&next_word)
        || between_next.starts_with(", who");
    let sentence_initial = starts_sentence(&first);

    if role_before
        || given
        || particle
        || (reports && words.len() <= 4 && (!sentence_initial || words.len() >= 2))
    {
        // A lone capitalised word opening a sentence needs a role or a known name to count.
        if words.len() == 1
            && sentence_initial
            && !role
            && !given
            && after_particle(words[0]).is_none()
        {
            return None;
        }
        return Some(Candidate {
            start: first.start,
            end: last.end,
            kind: EntityKind::Person,
        });
    }
    if words.len() == 1 && after_particle(words[0]).is_some() {
        return Some(Candidate {
            start: first.start,
            end: last.end,
            kind: EntityKind::Person,
        });
    }
    if words.len() == 1 && is_acronym(words[0]) && !SHOUTED.contains(&words[0]) {
        return Some(Candidate {
            start: first.start,
            end: last.end,
            kind: EntityKind::Organization,
        });
    }
    let cue = prev_words
        .last()
        .is_some_and(|w| g.place_cues.contains(w.as_str()));
    if cue && words.len() <= 3 && !sentence_initial {
        return Some(Candidate {
            start: first.start,
            end: last.end,
            kind: EntityKind::Place,
        });
    }
    None
}

/// Bare surnames and first names of people the article names in full ("Assad" after
/// "Bashar Assad", "Al-Sharaa" after "Ahmad al-Sharaa"), wherever they stand.
fn add_bare_names(article: &Article, all_toks: &[Vec<Tok>], mentions: &mut Vec<Mention>) {
    let mut parts: HashSet<String> = HashSet::new();
    for m in mentions.iter().filter(|m| m.kind == EntityKind::Person) {
        let words: Vec<&str> = m.text.split_whitespace().filter(|w| *w != "-").collect();
        if let (true, Some(last)) = (words.len() >= 2, words.last()) {
            let core = after_particle(last).unwrap_or(last);
            if core.chars().count() >= 3 && core.chars().next().is_some_and(char::is_uppercase) {
                parts.insert(core.to_string());
            }
        }
    }
    if parts.is_empty() {
        return;
    }
    let mut extra = Vec::new();
    for (pi, p) in article.passages.iter().enumerate() {
        for t in &all_toks[pi] {
            let w = strip_possessive(t.text(&p.text));
            if !w.starts_with(|c: char| c.is_uppercase()) && after_particle(w).is_none() {
                continue;
            }
            let core = after_particle(w).unwrap_or(w);
            if !parts.contains(core) {
                continue;
            }
            let (s, e) = (p.span.start + t.start, p.span.start + t.start + w.len());
            if mentions
                .iter()
                .chain(extra.iter())
                .any(|m: &Mention| m.span.start < e && m.span.end > s)
            {
                continue;
            }
            extra.push(Mention {
                kind: EntityKind::Person,
                passage: Some(pi as u32),
                span: Span::new(s, e),
                text: w.to_string(),
                known: None,
                value: None,
            });
        }
    }
    mentions.extend(extra);
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn dates_are_normalised() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 7);
        let t = "On Tuesday, talks from December 8, 2024 and Dec. 8, 2024 to December 2024, the 1974 accord, last year and more than a year ago.";
        let found: Vec<(String, Option<String>)> = date_mentions(t, d)
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
        let undated: Vec<Option<String>> = date_mentions("on Tuesday", None)
            .into_iter()
            .map(|x| x.2)
            .collect();
        assert_eq!(undated, [None]);
    }
}
