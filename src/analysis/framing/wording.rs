//! Word choice in one sentence: hedges ("reportedly", "what it described as", "it says") and
//! loaded or neutral terms from the lexicon groups, with the exceptions that take a loaded word
//! out of its loaded sense ("sanctions regime"). Scare quotes are found with the quotations,
//! in the caller; this module only reads lexicon hits.

use super::Sentence;
use super::lexicon::{Lexicon, Pat};
use super::text::{self, is_clause_punct};
use crate::model::{EntityKind, LoadedTerm, Marked};

/// The hedges of `s` that are the outlet's own words (not inside a quotation).
pub(crate) fn hedges(s: &Sentence<'_>, lex: &Lexicon) -> Vec<Marked> {
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for h in &s.hits {
        let Pat::Hedge { entry, slot } = h.pat else {
            continue;
        };
        let Some(hedge) = lex.hedges.get(usize::from(entry)) else {
            continue;
        };
        let mut start = h.start;
        if let Some(slot) = slot {
            let Some(head) = lex.slot_heads.get(usize::from(slot)) else {
                continue;
            };
            let Some(a) = slot_start(s, h.start, head) else {
                continue;
            };
            start = a;
        }
        if s.in_quote(start) || s.in_quote(h.end.saturating_sub(1)) {
            continue;
        }
        if hedge.embedded {
            // "operations it says are aimed at", not "…,” it says."
            let before = s.text[..start].trim_end();
            if !before.ends_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
        }
        found.push((start, h.end, usize::from(entry)));
    }
    found.sort_by_key(|&(a, b, _)| (a, std::cmp::Reverse(b)));
    let mut out: Vec<Marked> = Vec::new();
    let mut reach = 0;
    for (a, b, entry) in found {
        if a < reach {
            continue;
        }
        reach = b;
        out.push(Marked {
            text: s.text[a..b].to_string(),
            span: s.abs(a, b),
            kind: lex.hedges[entry].kind,
        });
    }
    out
}

/// Where a "{}" hedge begins: `head` ("what") one to four words before the byte `at`, with
/// no punctuation in between.
pub(crate) fn slot_start(s: &Sentence<'_>, at: usize, head: &str) -> Option<usize> {
    let ws = &s.words;
    let k = text::words_before(ws, at);
    let head_words = head.split(' ').count();
    for n in 1..=4 {
        let Some(last_head) = k.checked_sub(n + 1) else {
            break;
        };
        let Some(first_head) = (last_head + 1).checked_sub(head_words) else {
            break;
        };
        let a = ws[first_head].start;
        if s.text[ws[last_head].end..at]
            .chars()
            .any(|c| is_clause_punct(c) || c == '.')
        {
            break;
        }
        let written: Vec<String> = (first_head..=last_head)
            .map(|i| ws[i].of(s.text).to_lowercase())
            .collect();
        if written.join(" ") == head {
            return Some(a);
        }
    }
    None
}

/// Loaded and neutral terms of `s`.
pub(crate) fn terms(s: &Sentence<'_>, lex: &Lexicon) -> (Vec<LoadedTerm>, Vec<LoadedTerm>) {
    let excepts: Vec<(usize, usize, u16)> = s
        .hits
        .iter()
        .filter_map(|h| match h.pat {
            Pat::Except(g) => Some((h.start, h.end, g)),
            _ => None,
        })
        .collect();
    let excepted = |a: usize, b: usize, g: u16| {
        excepts
            .iter()
            .any(|&(ea, eb, eg)| eg == g && ea < b && a < eb)
    };
    let mut loaded: Vec<(usize, usize, u16)> = Vec::new();
    let mut neutral: Vec<(usize, usize, u16)> = Vec::new();
    for h in &s.hits {
        // Words of a name are not word choices: "Amnesty International", "Liberation Day".
        let in_name = s.mention_at(h.start).is_some_and(|m| {
            matches!(
                m.kind,
                EntityKind::Person | EntityKind::Organization | EntityKind::Place
            ) && (m.known.is_some() || m.span.end - m.span.start > h.end - h.start)
        });
        if in_name {
            continue;
        }
        match h.pat {
            Pat::Loaded(g) if !excepted(h.start, h.end, g) => loaded.push((h.start, h.end, g)),
            Pat::Neutral(g) if !excepted(h.start, h.end, g) => neutral.push((h.start, h.end, g)),
            _ => {}
        }
    }
    // Longest loaded term wins where terms overlap ("the Assad regime" over "regime").
    loaded.sort_by_key(|&(a, b, g)| (std::cmp::Reverse(b - a), a, g));
    let mut kept: Vec<(usize, usize, u16)> = Vec::new();
    for t in loaded {
        if kept.iter().all(|k| t.1 <= k.0 || k.1 <= t.0) {
            kept.push(t);
        }
    }
    kept.sort_by_key(|t| t.0);
    // Neutral terms under a loaded one are part of it; within a group, the longest.
    neutral.sort_by_key(|&(a, b, g)| (std::cmp::Reverse(b - a), a, g));
    let mut kept_n: Vec<(usize, usize, u16)> = Vec::new();
    for t in neutral {
        let under_loaded = kept.iter().any(|k| t.0 < k.1 && k.0 < t.1);
        let dup = kept_n.iter().any(|k| k.2 == t.2 && t.0 < k.1 && k.0 < t.1);
        if !under_loaded && !dup {
            kept_n.push(t);
        }
    }
    kept_n.sort_by_key(|t| (t.0, t.2));
    let make = |(a, b, g): (usize, usize, u16)| {
        let group = &lex.groups[usize::from(g)];
        LoadedTerm {
            text: s.text[a..b].to_string(),
            span: s.abs(a, b),
            group: group.id.clone(),
            neutral: group.neutral.clone(),
            quoted: s.in_quote(a),
        }
    };
    (
        kept.into_iter().map(make).collect(),
        kept_n.into_iter().map(make).collect(),
    )
}
