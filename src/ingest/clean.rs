//! Cleaning: from extracted blocks to an [`Article`]. Recognises page debris (navigation,
//! section labels, captions, footers, credits), the headline and its repeats, the outlet (first
//! line, dateline credit, footer), the publication stamp, byline and dateline, and keeps every
//! dropped piece with its reason. Heuristics only over the text in hand: no per-site rules,
//! no network, no knowledge of any particular article.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use super::{Block, Extracted, ReadContext, dates};
use crate::model::{
    Article, DebrisKind, Dropped, Format, OutletEvidence, Passage, PassageKind, Span, article_id,
    word_count,
};

const DEBRIS: &str = include_str!("../../assets/debris.toml");

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Lexicon {
    navigation: HashSet<String>,
    section_labels: HashSet<String>,
    footer_prefixes: Vec<String>,
    #[serde(default)]
    player_chrome: Vec<String>,
}

impl Lexicon {
    pub(crate) fn builtin() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| match toml::from_str(DEBRIS) {
            Ok(l) => l,
            Err(e) => {
                tracing::error!("assets/debris.toml is invalid: {e}");
                Lexicon::default()
            }
        })
    }
}

struct Patterns {
    caption_credit: Regex,
    caption_prefix: Regex,
    dateline: Regex,
    agency_only: Regex,
    byline: Regex,
    credit: Regex,
    copyright: Regex,
    welcome: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Option<Patterns>> = OnceLock::new();
    static EMPTY: OnceLock<Patterns> = OnceLock::new();
    let built = P.get_or_init(|| {
        Some(Patterns {
            // "(AP Photo/Matias Delacroix, File)", "(AFP/File Photo)", "(Photo: Reuters)"
            caption_credit: Regex::new(
                r"(?i)\((?:[^()]*\b(?:photo|photograph|photos|image|images|file|pool|getty|via)\b[^()]*)\)\s*$|\b(?:getty images|via wikimedia commons|public domain|creative commons|shutterstock)\b\W*$",
            )
            .ok()?,
            caption_prefix: Regex::new(
                r"^(?:FILE|File)\s*(?:PHOTO\s*)?[-–—:]\s|^(?i:photo|photograph|image|picture|credit|source|caption|pictured|illustration)s?(?:\s+by)?\s*:\s",
            )
            .ok()?,
            // "BEIRUT (AP) —", "ISLAMABAD:", "WEST PALM BEACH, Fla. —"
            dateline: Regex::new(
                r"^(?P<place>[\p{Lu}][\p{Lu}'’.\- ]{2,40}?(?:,\s+[\p{Lu}][\p{L}.]*(?:\s[\p{Lu}][\p{L}.]*)?)?)\s*(?:\((?P<agency>[^)]{1,40})\))?\s*(?P<sep>—|–|--|-|:)\s+\S",
            )
            .ok()?,
            agency_only: Regex::new(r"^\((?P<agency>[^)]{1,40})\)\s*(?:—|–|--|-)\s+\S").ok()?,
            byline: Regex::new(r"^(?i:by|written by|words by|reporting by)\s+(?P<name>\p{Lu}[^\n]{1,120})$").ok()?,
            credit: Regex::new(
                r"(?i)contributed (?:to )?(?:this report|reporting)|^(?:additional )?reporting by\b|^(?:writing|editing) by\b|^compiled by\b",
            )
            .ok()?,
            copyright: Regex::new(r"^(?i:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<owner>[^.|,]{2,60})").ok()?,
            welcome: Regex::new(r"^(?i:welcome to)\s+(?P<site>[\p{Lu}][\p{L}\p{N}.&' -]{1,40}?)[.!]?$").ok()?,
        })
    });
    match built {
        Some(p) => p,
        None => {
            tracing::error!("ingest::clean patterns failed to compile");
            EMPTY.get_or_init(|| Patterns {
                caption_credit: none(),
                caption_prefix: none(),
                dateline: none(),
                agency_only: none(),
                byline: none(),
                credit: none(),
                copyright: none(),
                welcome: none(),
            })
        }
    }
}

fn none() -> Regex {
    #[allow(clippy::unwrap_used)]
    Regex::new("$^").unwrap()
}

/// Split words glued by a lost line break ("NewsAll" -> "News All", "WorldA DAY" -> "World A DAY").
fn deglue(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(p) = prev
            && p.is_lowercase()
            && c.is_uppercase()
        {
            out.push(' ');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Lowercase words of a chrome line, with arrows, bullets, pipes and padding gone.
fn chrome_words(s: &str) -> String {
    let cleaned: String = deglue(s)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || c == '.' || c == '&' {
                c
            } else {
                ' '
            }
        })
        .collect();
    cleaned
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_navigation(lex: &Lexicon, words: &str) -> bool {
    if words.is_empty() {
        return false;
    }
    lex.navigation.contains(words)
        || words
            .split(' ')
            .all(|w| lex.navigation.contains(w.trim_end_matches('.')))
}

fn is_section_label(lex: &Lexicon, words: &str) -> bool {
    lex.section_labels
        .contains(words.trim_end_matches([':', '.']))
}

/// Whether `name` is a place the gazetteer knows (a country, a capital, a city, a state):
/// "Chicago" as a page's site name is a section of a site, not an outlet. The gazetteer's
/// files are read here as data (ingest does not use the analysis that owns them).
fn is_place(name: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct File {
        entry: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        name: String,
        #[serde(default)]
        aliases: Vec<String>,
    }
    static PLACES: OnceLock<HashSet<String>> = OnceLock::new();
    let places = PLACES.get_or_init(|| {
        let mut out = HashSet::new();
        for text in [
            include_str!("../../assets/gazetteer/countries.toml"),
            include_str!("../../assets/gazetteer/places.toml"),
        ] {
            match toml::from_str::<File>(text) {
                Ok(f) => {
                    for e in f.entry {
                        out.insert(e.name.to_lowercase());
                        out.extend(e.aliases.iter().map(|a| a.to_lowercase()));
                    }
                }
                Err(e) => tracing::error!("gazetteer places unreadable: {e}"),
            }
        }
        out
    });
    places.contains(&name.trim().trim_start_matches("The ").to_lowercase())
}

/// Whether `name`, as a page calls itself, can be an outlet's name: not a web address
/// ("https://…", "www.…"; a brand written as a domain, "Phys.org", is a name), not a section
/// of the site ("U.S.", "World"), not a bare lower-case word ("nj", "oregonlive").
fn plausible_outlet_name(name: &str) -> bool {
    let n = name.trim();
    let lower = n.to_ascii_lowercase();
    let url_like = lower.contains("://") || lower.starts_with("www.") || n.starts_with('@');
    let bare = n
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    !n.is_empty() && n.len() <= 80 && !url_like && !bare && !is_section_name(n) && !is_place(n)
}

/// Whether `s` names a section of a site ("Politics", "U.S.", "World News"), not an outlet.
pub(crate) fn is_section_name(s: &str) -> bool {
    let lex = Lexicon::builtin();
    lex.section_labels.contains(&s.trim().to_lowercase())
        || is_section_label(lex, &chrome_words(s).to_lowercase())
}

/// A line that could be an outlet's, wherever it comes from: a few capitalised words, no
/// sentence's ending, no comma or quote, not a site section or a place.
pub(crate) fn outlet_line_shape(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    (1..=6).contains(&words)
        && t.len() <= 60
        && !ends_with_terminal(t)
        && !t.contains(['"', '“', ','])
        && t.chars().next().is_some_and(|c| c.is_uppercase())
        && !t
            .split_whitespace()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("by"))
        && !is_section_label(Lexicon::builtin(), &chrome_words(t).to_lowercase())
        && !is_place(t)
}

fn is_player_chrome(lex: &Lexicon, line: &str) -> bool {
    let lower = line.to_lowercase();
    lex.player_chrome.iter().any(|p| lower.contains(p.as_str()))
}

fn is_footer(lex: &Lexicon, line: &str) -> bool {
    let start = line.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©');
    let mut end = start.len().min(64);
    while !start.is_char_boundary(end) {
        end -= 1;
    }
    let l = start[..end].to_lowercase();
    lex.footer_prefixes
        .iter()
        .any(|p| l.starts_with(p.as_str()))
        || follow_the_author(&l)
}

/// "Follow Anders on Twitter", "Follow Jane Doe on Facebook": a line inviting readers to
/// follow the author, as a footer opens.
fn follow_the_author(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    (4..=6).contains(&words.len())
        && words[0] == "follow"
        && words[words.len() - 2] == "on"
        && matches!(
            words[words.len() - 1].trim_end_matches(['.', '!']),
            "twitter" | "facebook" | "instagram" | "x" | "threads" | "bluesky"
        )
}

fn is_caption(line: &str) -> bool {
    let p = patterns();
    p.caption_prefix.is_match(line) || p.caption_credit.is_match(line)
}

fn ends_with_terminal(s: &str) -> bool {
    s.trim_end().ends_with([
        '.', '!', '?', '"', '”', '’', '…', '。', '！', '？', '」', '』',
    ])
}

/// A line that could be a headline: short, one sentence at most, not a dateline lead.
fn headline_like(s: &str) -> bool {
    let words = word_count(s);
    if !(2..=30).contains(&words) || s.len() > 250 {
        return false;
    }
    let inner_stops = s
        .trim_end_matches(['.', '!', '?', '"', '”', '’'])
        .match_indices(". ")
        .filter(|(i, _)| {
            // "U.S. mediation" is not a sentence break: the char before the dot is a lone letter.
            let before = s[..*i].chars().rev().nth(1);
            !matches!(before, Some(c) if !c.is_alphanumeric() || c == '.')
                && !s[..*i].ends_with(|c: char| c.is_uppercase())
        })
        .count();
    // "BEIRUT (AP) — Syrian…" leads a story; "DESPERATION: DNC files…" can head one.
    let dateline_lead = patterns()
        .dateline
        .captures(s)
        .is_some_and(|c| c.name("agency").is_some() || &c["sep"] != ":" || words > 20);
    inner_stops == 0 && !dateline_lead
}

/// A date-stamp line: a date (absolute or relative) plus at most a couple of other words.
fn stamp_date(line: &str, ctx: &ReadContext<'_>) -> Option<Option<chrono::NaiveDate>> {
    const STAMP_WORDS: &[&str] = &[
        "published",
        "updated",
        "posted",
        "last",
        "on",
        "at",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "gmt",
        "utc",
        "est",
        "edt",
        "et",
        "pst",
        "pdt",
        "cst",
        "cdt",
        "bst",
        "cet",
        "cest",
        "ist",
        "time",
        "modified",
        "date",
        "|",
        "-",
        "·",
    ];
    if word_count(line) > 14 {
        return None;
    }
    let degl = deglue(line);
    let (found, relative_unresolved) = match dates::find_absolute(&degl) {
        Some(f) => (Some(f), false),
        None => match ctx.modified {
            Some(now) => (dates::find_relative(&degl, now), false),
            None => (dates::find_relative(&degl, chrono::Utc::now()), true),
        },
    };
    let f = found?;
    let rest = format!("{} {}", &degl[..f.start], &degl[f.end..]);
    let leftover = rest
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| c == ',' || c == ':')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .filter(|w| !STAMP_WORDS.contains(&w.as_str()))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit() || c == ':'))
        .count();
    (leftover <= 2).then_some(if relative_unresolved {
        None
    } else {
        Some(f.date)
    })
}

/// Words in captions and credits that are shouted, not names: "FILE - …", "PHOTO: …".
pub(crate) const SHOUTED: &[&str] = &[
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
    "EDITOR'S",
    "EDITOR’S",
    "NOTE",
    "RELATED",
    "TRENDING",
    "COMMENTARY",
    "PODCAST",
];

/// Title-case a dateline place written in capitals: "WEST PALM BEACH, Fla." -> "West Palm Beach, Fla."
fn tidy_place(place: &str) -> String {
    let place = place.trim().trim_end_matches([',', ':']);
    let (caps, rest) = match place.find(',') {
        Some(i) => (&place[..i], &place[i..]),
        None => (place, ""),
    };
    let words: Vec<String> = caps.split_whitespace().map(title_cased).collect();
    format!("{}{}", words.join(" "), rest)
}

/// A word in capitals as a name is written: "AMY" -> "Amy".
pub(crate) fn title_cased(w: &str) -> String {
    let mut cs = w.chars();
    cs.next().map_or_else(String::new, |f| {
        f.to_uppercase()
            .chain(cs.flat_map(char::to_lowercase))
            .collect()
    })
}

/// The word, its trailing punctuation aside, when it is one of the [`SHOUTED`] labels
/// ("OPINION:", "UPDATE,").
pub(crate) fn label_word(w: &str) -> Option<&str> {
    let w = w.trim_end_matches([':', ',', '.']);
    SHOUTED.contains(&w).then_some(w)
}

fn normalise_title(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

struct Outlet {
    name: String,
    evidence: OutletEvidence,
}

/// Build the article from extracted blocks.
pub(crate) fn finish(ex: Extracted, file: &str, format: Format, ctx: ReadContext<'_>) -> Article {
    let lex = Lexicon::builtin();
    let pats = patterns();
    let text = &ex.text;
    // The page's address names the outlet when the table knows its domain; else what the
    // page calls itself, unless that is a section ("U.S."), a bare word ("nj") or an address.
    let mut outlet: Option<Outlet> = ex
        .meta
        .url
        .as_deref()
        .and_then(|u| ctx.outlets.by_domain(u))
        .map(str::to_string)
        .or_else(|| {
            let o = ex.meta.outlet.as_deref()?;
            if let Some(known) = ctx
                .outlets
                .lookup_line(o)
                .or_else(|| ctx.outlets.by_domain(o))
            {
                return Some(known.to_string());
            }
            plausible_outlet_name(o).then(|| o.trim().to_string())
        })
        .map(|name| Outlet {
            name,
            evidence: OutletEvidence::Metadata,
        });
    let mut title: Option<String> = ex.meta.title.clone();
    let mut published = ex.meta.published;
    let mut byline = ex.meta.byline.clone();
    let url = ex.meta.url.clone();
    let mut dateline: Option<String> = None;
    let mut dropped: Vec<Dropped> = Vec::new();
    let mut body: Vec<(Span, PassageKind)> = Vec::new();
    let mut in_footer = false;

    let drop = |dropped: &mut Vec<Dropped>, kind: DebrisKind, span: Span| {
        dropped.push(Dropped {
            kind,
            span,
            text: span.of(text).to_string(),
        });
    };

    for (i, Block { span, kind, debris }) in ex.blocks.iter().copied().enumerate() {
        let t = span.of(text);
        if let Some(k) = debris {
            drop(&mut dropped, k, span);
            continue;
        }
        let header = body.is_empty();
        let wc = word_count(t);
        // Chrome lines are short; long paragraphs skip the per-word lexicon checks.
        let words = if wc <= 8 {
            chrome_words(t)
        } else {
            String::new()
        };
        let remaining = ex.blocks.len() - i;

        if !t.chars().any(char::is_alphanumeric) {
            drop(&mut dropped, DebrisKind::Credit, span);
            continue;
        }
        // A repeat of the headline starts with its first word; only then compare in full.
        let first_word = |x: &str| x.split_whitespace().next().map(str::to_lowercase);
        if let Some(tt) = &title
            && t.len() <= tt.len() * 2 + 400
            && first_word(t) == first_word(tt)
        {
            let nt = normalise_title(tt);
            let nl = normalise_title(t);
            if !nt.is_empty() && nl.starts_with(&nt) && (header || nl == nt) {
                let kind = if nl == nt {
                    DebrisKind::Headline
                } else {
                    DebrisKind::Caption
                };
                drop(&mut dropped, kind, span);
                continue;
            }
        }
        if is_navigation(lex, &words) || is_player_chrome(lex, t) {
            drop(&mut dropped, DebrisKind::Navigation, span);
            continue;
        }
        if is_section_label(lex, &words) {
            drop(&mut dropped, DebrisKind::SectionLabel, span);
            continue;
        }
        if header
            && title.is_none()
            // An outlet the table does not know is learned from the folder, where it repeats
            // (`ingest::outlet_lines_of`); one file alone can't tell it from a headline.
            && let Some(name) = ctx.outlets.lookup_line(t).map(str::to_string)
        {
            if outlet.is_none() {
                outlet = Some(Outlet {
                    name,
                    evidence: OutletEvidence::FirstLine,
                });
            }
            drop(&mut dropped, DebrisKind::OutletLine, span);
            continue;
        }
        if (header || remaining <= 4)
            && let Some(date) = stamp_date(t, &ctx)
        {
            if published.is_none() {
                published = date;
            }
            drop(&mut dropped, DebrisKind::Timestamp, span);
            continue;
        }
        if wc <= 80 && is_caption(t) {
            drop(&mut dropped, DebrisKind::Caption, span);
            continue;
        }
        if let Some(c) = pats.welcome.captures(t) {
            if outlet.is_none() {
                let name = ctx.outlets.canonical(&c["site"]);
                outlet = Some(Outlet {
                    name,
                    evidence: OutletEvidence::Footer,
                });
            }
            in_footer = true;
            drop(&mut dropped, DebrisKind::Footer, span);
            continue;
        }
        if is_footer(lex, t) {
            if let Some(c) = pats.copyright.captures(t)
                && let (None, Some(name)) = (&outlet, ctx.outlets.lookup(c["owner"].trim()))
            {
                outlet = Some(Outlet {
                    name: name.to_string(),
                    evidence: OutletEvidence::Footer,
                });
            }
            in_footer = true;
            drop(&mut dropped, DebrisKind::Footer, span);
            continue;
        }
        if wc <= 40 && pats.credit.is_match(t) {
            drop(&mut dropped, DebrisKind::Credit, span);
            continue;
        }
        if wc <= 14
            && let Some(c) = pats.byline.captures(t)
        {
            if byline.is_none() {
                byline = Some(c["name"].trim().trim_end_matches(['.', ',']).to_string());
            }
            drop(&mut dropped, DebrisKind::Byline, span);
            continue;
        }
        if in_footer && wc <= 12 {
            drop(&mut dropped, DebrisKind::Footer, span);
            continue;
        }
        if header && title.is_none() && headline_like(t) {
            title = Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
            drop(&mut dropped, DebrisKind::Headline, span);
            continue;
        }
        if header && wc <= 3 && !ends_with_terminal(t) && kind != PassageKind::ListItem {
            drop(&mut dropped, DebrisKind::SectionLabel, span);
            continue;
        }
        if header && dateline.is_none() {
            if let Some(c) = pats.dateline.captures(t) {
                let place = &c["place"];
                // A label in capitals ("OPINION:", "UPDATE:") opens no dateline.
                // ("NEW YORK —" is a place, "NEW:" a label.)
                let label = place.trim() == "NEW"
                    || place
                        .split_whitespace()
                        .any(|w| label_word(w).is_some_and(|w| w != "NEW"));
                if place.chars().filter(|c| c.is_uppercase()).count() >= 3 && !label {
                    dateline = Some(tidy_place(place));
                }
                if let (None, Some(a)) = (&outlet, c.name("agency"))
                    && let Some(name) = ctx.outlets.lookup(a.as_str())
                {
                    outlet = Some(Outlet {
                        name: name.to_string(),
                        evidence: OutletEvidence::Dateline,
                    });
                }
            } else if let Some(c) = pats.agency_only.captures(t)
                && let (None, Some(name)) = (&outlet, ctx.outlets.lookup(&c["agency"]))
            {
                outlet = Some(Outlet {
                    name: name.to_string(),
                    evidence: OutletEvidence::Dateline,
                });
            }
        }
        let kind = if kind == PassageKind::Paragraph && wc <= 10 && !ends_with_terminal(t) {
            PassageKind::Heading
        } else {
            kind
        };
        body.push((span, kind));
    }

    // A heading left dangling at the very end is page chrome, not content.
    while matches!(body.last(), Some((_, PassageKind::Heading))) {
        if let Some((span, _)) = body.pop() {
            drop(&mut dropped, DebrisKind::Footer, span);
        }
    }
    dropped.sort_by_key(|d| d.span.start);

    if let Some(o) = ctx.overrides {
        if let Some(name) = &o.outlet {
            outlet = Some(Outlet {
                name: name.clone(),
                evidence: OutletEvidence::Config,
            });
        }
        if o.title.is_some() {
            title = o.title.clone();
        }
        if o.published.is_some() {
            published = o.published;
        }
        if o.byline.is_some() {
            byline = o.byline.clone();
        }
    }

    let passages = body
        .into_iter()
        .enumerate()
        .map(|(i, (span, kind))| Passage {
            index: i as u32,
            kind,
            span,
            text: span.of(text).to_string(),
            sentences: Vec::new(),
        })
        .collect();
    Article {
        id: article_id(file),
        file: file.to_string(),
        format,
        outlet: outlet.as_ref().map(|o| o.name.clone()),
        outlet_evidence: outlet.map(|o| o.evidence),
        title,
        published,
        byline,
        dateline,
        url,
        passages,
        dropped,
        offsets_are_file_bytes: ex.offsets_are_file_bytes,
        warnings: ex.warnings,
        mentions: Vec::new(),
        fingerprint: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Outlets, text};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn read(src: &str) -> Article {
        let ctx = ReadContext {
            outlets: Outlets::builtin(),
            overrides: None,
            modified: Some(Utc.with_ymd_and_hms(2026, 1, 7, 10, 0, 0).unwrap()),
        };
        finish(text::extract(src), "x.txt", Format::Text, ctx)
    }

    const BODY: &str = "Delegates met on Tuesday in Paris to talk about the border and the buffer zone, officials said.\n";

    #[test]
    fn outlet_lines_with_a_qualifier_or_unknown_but_shaped_so_are_outlets() {
        let a = read(&format!(
            "CNN (Web News)\n2018-04-20\n\nTalks resume in Paris\n\n{BODY}"
        ));
        assert_eq!(a.outlet.as_deref(), Some("CNN"));
        assert_eq!(a.title.as_deref(), Some("Talks resume in Paris"));
        // A headline right before the date, with a publisher's word in it, stays the headline
        // (an unknown outlet is learned only where a folder repeats it).
        let a = read(&format!(
            "Times Square Reopens\nJanuary 5, 2026\n\nMore text here\n\n{BODY}"
        ));
        assert_eq!(a.outlet, None);
        assert_eq!(a.title.as_deref(), Some("Times Square Reopens"));
        // Learned from the folder: an outlet.
        let learned = Outlets::builtin().with_outlet_lines(&["Riverside Daily Courier".into()]);
        let ctx = ReadContext {
            outlets: &learned,
            overrides: None,
            modified: None,
        };
        let a = finish(
            text::extract(&format!(
                "Riverside Daily Courier\nJanuary 5, 2026\n\nTalks resume in Paris\n\n{BODY}"
            )),
            "x.txt",
            Format::Text,
            ctx,
        );
        assert_eq!(a.outlet.as_deref(), Some("Riverside Daily Courier"));
        assert_eq!(a.title.as_deref(), Some("Talks resume in Paris"));
    }

    #[test]
    fn a_page_is_named_by_its_domain_and_never_by_a_section_or_a_bare_word() {
        let page = |site: &str, url: &str| {
            let html = format!(
                "<html><head><meta property=\"og:site_name\" content=\"{site}\"><link rel=\"canonical\" href=\"{url}\"><title>Talks resume</title></head><body><article><h1>Talks resume</h1><p>{BODY}</p></article></body></html>"
            );
            let ctx = ReadContext {
                outlets: Outlets::builtin(),
                overrides: None,
                modified: None,
            };
            finish(
                crate::ingest::html::extract(&html),
                "x.html",
                Format::Html,
                ctx,
            )
        };
        assert_eq!(
            page("U.S.", "https://www.reuters.com/article/us-x")
                .outlet
                .as_deref(),
            Some("Reuters")
        );
        assert_eq!(
            page("", "https://www.nytimes.com/2019/x.html")
                .outlet
                .as_deref(),
            Some("The New York Times")
        );
        assert_eq!(page("nj", "https://example.test/a").outlet, None);
        assert_eq!(page("U.S.", "https://example.test/a").outlet, None);
        assert_eq!(page("Chicago", "https://example.test/a").outlet, None);
        assert_eq!(page("Texas", "https://example.test/a").outlet, None);
        assert_eq!(
            page("https://www.example.test", "https://example.test/a").outlet,
            None
        );
        assert_eq!(
            page("Phys.org", "https://example.test/a").outlet.as_deref(),
            Some("Phys.org")
        );
        assert_eq!(
            page("The Daily Planet", "https://example.test/a")
                .outlet
                .as_deref(),
            Some("The Daily Planet")
        );
    }

    #[test]
    fn lexicon_parses() {
        let l: Lexicon = toml::from_str(DEBRIS).unwrap();
        assert!(l.navigation.contains("menu") && l.section_labels.contains("politics"));
    }

    #[test]
    fn header_chrome_outlet_stamp_title_and_repeat() {
        let a = read(
            "Menu\n\nSearch\n\nReuters\nWorldA DAY AGO\n\nTalks resume in Paris\n\nTalks resume in Paris\n\nDelegates met on Tuesday in Paris to talk about the border and the buffer zone.\n",
        );
        assert_eq!(a.outlet.as_deref(), Some("Reuters"));
        assert_eq!(a.outlet_evidence, Some(OutletEvidence::FirstLine));
        assert_eq!(a.title.as_deref(), Some("Talks resume in Paris"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2026, 1, 6));
        assert_eq!(a.passages.len(), 1);
        let kinds: Vec<DebrisKind> = a.dropped.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                DebrisKind::Navigation,
                DebrisKind::Navigation,
                DebrisKind::OutletLine,
                DebrisKind::Timestamp,
                DebrisKind::Headline,
                DebrisKind::Headline
            ]
        );
    }

    #[test]
    fn dateline_gives_place_and_agency() {
        let a = read(
            "A headline for the story\n\nLONDON (Reuters) — The minister resigned on Monday after a long row.\n",
        );
        assert_eq!(a.dateline.as_deref(), Some("London"));
        assert_eq!(a.outlet.as_deref(), Some("Reuters"));
        assert_eq!(a.outlet_evidence, Some(OutletEvidence::Dateline));
        let b = read(
            "Headline words here\n\nWEST PALM BEACH, Fla. — President Trump said things today.\n",
        );
        assert_eq!(b.dateline.as_deref(), Some("West Palm Beach, Fla."));
        assert_eq!(b.outlet, None);
    }

    #[test]
    fn captions_footers_and_credits_are_dropped() {
        let a = read(
            "Headline here now\n\nFILE - Soldiers cross a fence, Dec. 15, 2024. (AP Photo/Jane Roe, File)\n\nThe body sentence is here and it is long enough.\n\nA man speaks at a podium. (Photo: Getty Images)\n\nJane Roe contributed to this report.\n\nWelcome to Daily Planet\n\nSign up for daily updates.\n",
        );
        assert_eq!(a.passages.len(), 1);
        assert_eq!(a.outlet.as_deref(), Some("Daily Planet"));
        assert_eq!(a.outlet_evidence, Some(OutletEvidence::Footer));
        assert!(
            a.dropped
                .iter()
                .filter(|d| d.kind == DebrisKind::Caption)
                .count()
                == 2
        );
    }

    #[test]
    fn a_tip_line_and_a_syndication_notice_are_a_footer() {
        let a = read(
            "Headline here now\n\nThe body sentence is here and it is long enough.\n\nFollow \
             Anders on Twitter\n\nSend Tips: anders@example.org\n\nContent created by The Daily \
             Example Foundation is available without charge to any eligible news publisher.\n\n\
             For licensing opportunities of our original content, please contact us.\n",
        );
        assert_eq!(a.passages.len(), 1, "{:?}", a.passages);
        // "Follow the money" opens no footer: it does not end on a network.
        let b = read(
            "Headline here now\n\nThe body sentence is here and it is long enough.\n\nFollow \
             the money through the shell companies.\n",
        );
        assert_eq!(b.passages.len(), 2, "{:?}", b.passages);
    }

    #[test]
    fn a_players_and_a_gallerys_widgets_are_dropped_and_the_body_after_them_kept() {
        let a = read(
            "Headline here now\n\nThe body sentence is here and it is long enough.\n\nJUST WATCHED \
             Sen. Cruz on the bill Replay More Videos ... MUST WATCH Sen. Cruz on the bill 08:33\n\n\
             Photos: The epidemic A man walks past. Hide Caption 1 of 45 Photos: The epidemic\n\n\
             The second body sentence is here, after the player.\n",
        );
        assert_eq!(a.passages.len(), 2, "{:?}", a.passages);
        assert_eq!(
            a.dropped
                .iter()
                .filter(|d| d.kind == DebrisKind::Navigation)
                .count(),
            2
        );
    }

    #[test]
    fn no_outlet_is_null_not_a_guess() {
        let a = read(
            "Israeli and Syrian officials hold talks\nSyria and Israel on Tuesday concluded a round of talks.\n",
        );
        assert_eq!(a.outlet, None);
        assert_eq!(
            a.title.as_deref(),
            Some("Israeli and Syrian officials hold talks")
        );
    }

    #[test]
    fn byline_and_inner_heading() {
        let a = read(
            "Big news headline\n\nBy Jane Doe\n\nFirst paragraph has enough words to count.\n\nA quiet subhead\n\nSecond paragraph follows here.\n",
        );
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(a.passages[1].kind, PassageKind::Heading);
    }

    #[test]
    fn a_long_lead_is_not_a_title() {
        let a = read(
            "The New York Times\n\nWASHINGTON — The president dispatched the director to the capital to meet its leader in recent weeks to lay the groundwork for a summit meeting between the two, people said.\n",
        );
        assert_eq!(a.title, None);
        assert_eq!(a.outlet.as_deref(), Some("The New York Times"));
        assert_eq!(a.dateline.as_deref(), Some("Washington"));
    }
}
