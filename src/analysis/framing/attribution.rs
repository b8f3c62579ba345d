//! Attribution inside one sentence: reporting clauses ("a Syrian official told the Associated
//! Press that", "“…,” the statement said", "according to a joint statement released by the
//! U.S. State Department", "which was first reported by The Washington Post"), each with its
//! source words, verb, relay, document and anonymity. Pronoun and definite sources ("he",
//! "the official") are flagged for the caller to resolve against earlier sentences; this
//! module never looks outside its sentence.

use super::Sentence;
use super::lexicon::{Hit, Lexicon, Pat, Verb};
use super::text::{
    self, BETWEEN_SUBJECT_AND_VERB, CLAUSE_OPENERS, SUBORDINATORS, Word, is_capitalised,
    is_clause_punct, is_determiner, is_preposition, key, only_space, singular, trim_range,
};
use crate::ingest::Outlets;
use crate::model::{Clause, EntityKind, Position};

/// What a follow-up source needs resolving to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refer {
    /// "he", "she": the nearest person named before.
    Person,
    /// "it": the nearest organization or place named before.
    Thing,
    /// "they", "we": the nearest source before.
    Plural,
    /// "the official", "the statement": the nearest earlier source with that head noun.
    Definite(String),
}

/// One reporting clause found in a sentence; ranges are bytes of the sentence text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The source's words as written.
    pub src: (usize, usize),
    /// The whole attributing phrase (source, verb, relay).
    pub span: (usize, usize),
    /// Where the verb is.
    pub verb_at: (usize, usize),
    pub verb: String,
    pub source: String,
    pub via: Option<String>,
    pub document: Option<String>,
    pub entity: Option<String>,
    pub distance: bool,
    pub anonymous: bool,
    /// In a relative or subordinate clause ("which was first reported by …").
    pub subordinate: bool,
    pub refer: Option<Refer>,
    /// Head noun of the source, lowercased and singular ("official", "statement").
    pub head: String,
    /// The source names a person.
    pub person: bool,
    /// How the clause is built, which tells on which side its report lies.
    pub kind: Kind,
    /// Where the attributing words stand against the clause they attribute.
    pub position: Position,
    /// The reported clause (sentence bytes), without the attributing words around it.
    pub covers: (usize, usize),
    /// Main, subordinate, or inside another clause's report.
    pub clause: Clause,
    /// "citing Y" after the verb: Y's words, Y being the source this clause relays.
    pub cited: Option<(usize, usize)>,
    /// Where the words after the verb that belong to no report end ("said on Monday"): a
    /// report after the clause starts there.
    pub tail: usize,
}

/// How a reporting clause is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Source then verb: "X said (that) …", "…, X said."
    Subject,
    /// Verb then source, closing a report: "“…,” said the official".
    Inverted,
    /// "according to X".
    According,
    /// "was first reported by X": what is reported stands before it.
    Passive,
    /// A participle hanging on a clause: "X rejected it, saying …".
    Participle,
    /// "citing Y": Y is the source of the clause that cites it.
    Citing,
    /// "reportedly", "is said to": the outlet relays what unnamed others say.
    Hearsay,
}

/// Every reporting clause of `s`, in text order.
pub(crate) fn find(s: &Sentence<'_>, lex: &Lexicon) -> Vec<Found> {
    let cue = s.hits.iter().any(|h| h.pat == Pat::AnonCue);
    let mut out: Vec<Found> = Vec::new();
    for h in &s.hits {
        let Pat::Verb(vi) = h.pat else { continue };
        if s.in_quote(h.start)
            || out
                .iter()
                .any(|f| f.verb_at.0 <= h.start && h.end <= f.verb_at.1.max(f.span.1))
        {
            continue;
        }
        let Some(verb) = lex.verbs.get(usize::from(vi)).copied() else {
            continue;
        };
        // "United States", "Said al-…": a capitalised verb inside a sentence is a name.
        if h.start > 0 && is_capitalised(&s.text[h.start..h.end])
            || s.mention_at(h.start)
                .is_some_and(|m| m.kind != EntityKind::Date)
        {
            continue;
        }
        if let Some(mut f) = one(s, lex, h, verb) {
            // "on condition of anonymity" is said of whom a relay cites, not of the relay.
            f.anonymous |= cue && f.cited.is_none();
            out.push(f);
        }
    }
    let before = out.len();
    for i in 0..s.words.len() {
        let w = s.words[i];
        if s.in_quote(w.start)
            || out
                .iter()
                .any(|f| f.span.0 <= w.start && w.end <= f.span.1.max(f.verb_at.1))
        {
            continue;
        }
        if let Some(mut f) = participle(s, lex, i, &out) {
            f.anonymous |= cue;
            out.push(f);
        }
    }
    hearsay(s, lex, &mut out);
    if out.len() > before {
        out.sort_by_key(|f| f.verb_at.0);
    }
    cited(s, lex, &mut out, cue);
    place(s, &mut out);
    out
}

/// "The suit reportedly seeks …", "the president is said to be weighing …", "they are reported
/// to have met …": words that attribute the clause around them to people the outlet does not
/// name. Each is an anonymous source of its own ("unnamed reports", "unnamed sources"), written
/// as the words themselves, unless a reporting clause already holds them.
fn hearsay(s: &Sentence<'_>, lex: &Lexicon, out: &mut Vec<Found>) {
    let ws = &s.words;
    let mut more = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let lw = lower(s, *w);
        let (a, b, source) = if lw == "reportedly" {
            (w.start, w.end, "unnamed reports")
        } else if matches!(lw.as_str(), "is" | "are" | "was" | "were")
            && let [verb, to, next] = ws.get(i + 1..i + 4).unwrap_or_default()
            && lower(s, *to) == "to"
            && only_space(s.text, w.end, verb.start)
            && only_space(s.text, verb.end, to.start)
            && only_space(s.text, to.end, next.start)
            && infinitive(next.of(s.text))
        {
            match lower(s, *verb).as_str() {
                "said" => (w.start, to.end, "unnamed sources"),
                "reported" => (w.start, to.end, "unnamed reports"),
                _ => continue,
            }
        } else {
            continue;
        };
        let inside_one = out.iter().any(|f| {
            let (lo, hi) = (f.span.0.min(f.verb_at.0), f.span.1.max(f.verb_at.1));
            lo <= a && b <= hi
        });
        if s.in_quote(a) || inside_one {
            continue;
        }
        let h = Hit {
            start: a,
            end: b,
            pat: Pat::AnonCue,
        };
        let mut f = build(
            s,
            lex,
            (a, b),
            &h,
            &s.text[a..b].to_lowercase(),
            Verb::default(),
        );
        f.source = source.to_string();
        f.head = String::new();
        f.entity = None;
        f.person = false;
        f.refer = None;
        f.document = None;
        f.anonymous = true;
        f.kind = Kind::Hearsay;
        f.subordinate = subordinate(s, a);
        more.push(f);
    }
    out.extend(more);
}

/// Whether a word after "to" can be a verb's bare form ("said to be", "reported to have"), not
/// whom something was said to ("said to him", "reported to the police", "said to reporters").
fn infinitive(w: &str) -> bool {
    let lw = w.to_lowercase();
    w.starts_with(char::is_lowercase)
        && !is_determiner(&lw)
        && !matches!(
            lw.as_str(),
            "him" | "her" | "them" | "us" | "me" | "you" | "it" | "whom" | "each"
        )
        && (!lw.ends_with('s') || lw.ends_with("ss"))
}

/// The sources relays cite, each as an attribution of its own: "Reuters reported, citing two
/// diplomats" and "X, citing Y, said" give Y, verb "citing", via the relay.
fn cited(s: &Sentence<'_>, lex: &Lexicon, out: &mut Vec<Found>, cue: bool) {
    let ws = &s.words;
    let mut more = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if i == 0 || lower(s, *w) != "citing" || s.in_quote(w.start) {
            continue;
        }
        let prev = ws[i - 1];
        if s.text[prev.end..w.start].trim() != "," {
            continue;
        }
        // The clause that cites: its relay phrase ends at this comma ("Reuters reported,
        // citing"), or its subject does ("X, citing Y, said").
        let relay = out.iter().position(|f| {
            f.cited.is_some_and(|c| c.0 > w.start && c.0 <= w.end + 1)
                || f.cited.is_none()
                    && s.text
                        .get(f.src.1..w.start)
                        .is_some_and(|t| t.trim() == ",")
        });
        let Some(r) = relay else { continue };
        let (a, b) = match out[r].cited {
            Some(c) => c,
            None => match noun_phrase_after(s, w.end, 8) {
                Some((a, b)) if speaker_like(s, lex, a, b) => (a, b),
                _ => continue,
            },
        };
        let relay = &mut out[r];
        relay.cited = Some((a, b));
        let h = Hit {
            start: w.start,
            end: w.end,
            pat: Pat::AnonCue,
        };
        let mut f = build(s, lex, (a, b), &h, "citing", Verb::default());
        f.via = Some(via_name(&relay.source));
        f.span = (w.start, b);
        f.kind = Kind::Citing;
        f.subordinate = relay.subordinate;
        f.anonymous |= cue;
        more.push(f);
    }
    if !more.is_empty() {
        out.extend(more);
        out.sort_by_key(|f| f.span.0.min(f.verb_at.0));
    }
}

/// Which way a clause's report lies from its attributing words.
fn direction(s: &Sentence<'_>, f: &Found, lo: usize, hi: usize) -> Position {
    let t = s.text;
    let from = f.tail.clamp(f.span.1, hi.max(f.span.1));
    let left = content(t, lo, f.span.0).filter(|&(a, b)| !adverbial(s, a, b));
    let right = content(t, from, hi);
    let comma_after = t[from..hi.max(from)].trim_start().starts_with(',');
    match f.kind {
        Kind::Passive => Position::After,
        Kind::According | Kind::Participle | Kind::Citing | Kind::Hearsay => match (left, right) {
            (_, None) => Position::After,
            (None, _) => Position::Before,
            _ if matches!(f.kind, Kind::According | Kind::Hearsay) => Position::Inside,
            _ => Position::Before,
        },
        Kind::Inverted => match right {
            Some(_) if comma_after && left.is_some() => Position::Inside,
            Some(_) if left.is_none() => Position::Before,
            _ => Position::After,
        },
        Kind::Subject => {
            let Some((ra, _)) = right else {
                return Position::After;
            };
            let first = t[ra..].split(|c: char| !c.is_alphanumeric()).next();
            let gap = left.is_some()
                && first.is_some_and(|w| is_auxiliary(&w.to_lowercase()) || w == "be");
            if left.is_some() && comma_after || gap {
                Position::Inside
            } else {
                Position::Before
            }
        }
    }
}

/// Fill each clause's position, the clause it covers, and which clause it belongs to. A
/// clause opening a report holds the reporting clauses inside that report ("X said Y told
/// him …"); one that closes a report holds those before it ("X said …, a spokesman said");
/// clauses joined by "and", "but", ";" stand side by side, each over its own part.
fn place(s: &Sentence<'_>, out: &mut [Found]) {
    let n = out.len();
    let len = s.text.len();
    // Citing clauses are placed with their relay.
    let relay_of = |j: usize, out: &[Found]| -> Option<usize> {
        (out[j].kind == Kind::Citing)
            .then(|| {
                out.iter()
                    .position(|r| r.kind != Kind::Citing && r.cited == Some(out[j].src))
            })
            .flatten()
    };
    let own: Vec<usize> = (0..n).filter(|&j| relay_of(j, out).is_none()).collect();
    // Nesting and regions among the clauses that are not citations.
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut dir: Vec<Position> = own.iter().map(|&j| direction(s, &out[j], 0, len)).collect();
    for (x, &j) in own.iter().enumerate().skip(1) {
        if coordinated(s, 0, out[j].span.0) {
            continue;
        }
        // "…, a spokesman said.": a main clause closing the sentence holds every clause before
        // it (a relative clause's "which was first reported by" holds nothing).
        let closer = dir[x] == Position::After
            && !out[j].subordinate
            && matches!(
                out[j].kind,
                Kind::Subject | Kind::Inverted | Kind::According
            );
        // "…, Trump said, according to the memo": a second source beside the first, as with
        // "citing".
        let beside = out[j].kind == Kind::According
            && (0..x).any(|y| {
                let i = own[y];
                out[i].span.1 <= out[j].span.0 && s.text[out[i].span.1..out[j].span.0].trim() == ","
            });
        if beside {
            continue;
        }
        if closer {
            for y in 0..x {
                if parent[own[y]].is_none() && !coordinated(s, out[own[y]].span.1, out[j].span.0) {
                    parent[own[y]] = Some(j);
                }
            }
            continue;
        }
        // Else the nearest earlier clause not held by another holds it when its report
        // follows it: "X said Y told him …".
        let Some(y) = (0..x).rev().find(|&y| parent[own[y]].is_none()) else {
            continue;
        };
        if matches!(dir[y], Position::Before | Position::Inside) {
            parent[j] = Some(own[y]);
        }
    }
    // Regions: the top level split at coordinators, a nested clause inside its holder's.
    let top: Vec<usize> = own
        .iter()
        .copied()
        .filter(|&j| parent[j].is_none())
        .collect();
    let mut region = vec![(0usize, len); n];
    for w in top.windows(2) {
        let (g, f) = (w[0], w[1]);
        let (ceil, floor) = match coordinator_before(s, out[f].span.0) {
            Some((a, b)) if a >= out[g].span.1 => (a, b),
            _ => (out[f].span.0, out[g].span.1),
        };
        region[g].1 = ceil.max(out[g].span.1);
        region[f].0 = floor.min(out[f].span.0);
    }
    for &j in &top {
        let x = own.iter().position(|&k| k == j).unwrap_or(0);
        dir[x] = direction(s, &out[j], region[j].0, region[j].1);
    }
    // Nested clauses, holders first (a holder is placed before what it holds, or after it).
    for _ in 0..n {
        for (x, &j) in own.iter().enumerate() {
            let Some(p) = parent[j] else { continue };
            let px = own.iter().position(|&k| k == p).unwrap_or(0);
            let (lo, hi) = region[p];
            region[j] = match dir[px] {
                Position::After => (lo, out[p].span.0),
                Position::Before => (out[p].span.1, hi),
                Position::Inside => (lo, hi),
            };
            dir[x] = direction(s, &out[j], region[j].0, region[j].1);
        }
    }
    for (x, &j) in own.iter().enumerate() {
        let f = &mut out[j];
        let (lo, hi) = region[j];
        f.position = dir[x];
        f.covers = covered(s, f, lo, hi);
        f.clause = if parent[j].is_some() {
            Clause::Reported
        } else if f.subordinate {
            Clause::Subordinate
        } else {
            Clause::Main
        };
    }
    for j in 0..n {
        if let Some(r) = relay_of(j, out) {
            let (position, covers, clause) = (out[r].position, out[r].covers, out[r].clause);
            let f = &mut out[j];
            (f.position, f.covers, f.clause) = (position, covers, clause);
        }
    }
}

/// The report a clause at `f` covers inside region `[lo, hi)`.
fn covered(s: &Sentence<'_>, f: &Found, lo: usize, hi: usize) -> (usize, usize) {
    let t = s.text;
    let before = || {
        let (a, b) = content(t, lo, f.span.0)?;
        // "Pompeo's trip, which was first reported by": the trip was reported.
        let b = if f.kind == Kind::Passive {
            strip_passive_tail(t, a, b)
        } else {
            b
        };
        (a < b).then_some((a, b))
    };
    let after = || content(t, f.tail.clamp(f.span.1, hi.max(f.span.1)), hi);
    let got = match f.position {
        Position::Before => after(),
        Position::After => before(),
        Position::Inside => match (before(), after()) {
            (Some((a, _)), Some((_, b))) => Some((a, b)),
            (x, y) => x.or(y),
        },
    };
    got.unwrap_or((f.span.1, f.span.1))
}

/// `[a, b)` without the "which was first" or "that were" before a passive verb.
fn strip_passive_tail(t: &str, a: usize, b: usize) -> usize {
    let mut b = b;
    loop {
        let head = t[a..b].trim_end_matches([',', ' ']);
        let Some((rest, last)) = head.rsplit_once(' ') else {
            return a + head.len();
        };
        if matches!(
            last.to_lowercase().as_str(),
            "which"
                | "that"
                | "who"
                | "was"
                | "were"
                | "is"
                | "are"
                | "been"
                | "has"
                | "have"
                | "had"
                | "first"
                | "initially"
                | "originally"
                | "also"
                | "later"
                | "widely"
        ) {
            b = a + rest.len();
        } else {
            return a + head.len();
        }
    }
}

/// Words that join two clauses each with its own source: "X said …, and Y said …".
const COORDINATORS: &[&str] = &[
    "and", "but", "while", "whereas", "although", "though", "yet", "or",
];

/// The coordinator (byte range) right before byte `at`: ", and", "but", ";".
fn coordinator_before(s: &Sentence<'_>, at: usize) -> Option<(usize, usize)> {
    let head = s.text[..at].trim_end();
    if head.ends_with(';') {
        return Some((head.len() - 1, head.len()));
    }
    let ws = &s.words;
    let k = text::words_before(ws, head.len());
    if k == 0 {
        return None;
    }
    let w = ws[k - 1];
    if w.end != head.len() || !COORDINATORS.contains(&lower(s, w).as_str()) {
        return None;
    }
    let start = s.text[..w.start].trim_end();
    let start = start.strip_suffix(',').unwrap_or(start).len();
    Some((start, w.end))
}

/// Whether the clause starting at byte `at` stands beside the one ending at `from`, joined by a
/// coordinator, not inside its report.
fn coordinated(s: &Sentence<'_>, from: usize, at: usize) -> bool {
    coordinator_before(s, at).is_some_and(|(a, _)| a >= from)
}

/// The words of `[a, b)` without the space, punctuation, quotation marks and joining words at
/// its ends; `None` when nothing is left.
fn content(t: &str, a: usize, b: usize) -> Option<(usize, usize)> {
    const EDGE: &[char] = &[
        ',', ';', ':', '.', '!', '?', '—', '–', '-', '“', '”', '"', '‘', '’', '\'', '(', ')',
    ];
    let (mut a, mut b) = (a, b.max(a));
    loop {
        let seg = &t[a..b];
        let trimmed = seg.trim_start_matches(|c: char| c.is_whitespace() || EDGE.contains(&c));
        a += seg.len() - trimmed.len();
        let seg = &t[a..b];
        let trimmed = seg.trim_end_matches(|c: char| c.is_whitespace() || EDGE.contains(&c));
        b = a + trimmed.len();
        let seg = &t[a..b];
        let first = seg
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if !first.is_empty()
            && first.len() < seg.len()
            && (first.eq_ignore_ascii_case("that")
                || COORDINATORS.contains(&first.to_lowercase().as_str()))
        {
            a += first.len();
            continue;
        }
        let last = seg
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if !last.is_empty()
            && last.len() < seg.len()
            && COORDINATORS.contains(&last.to_lowercase().as_str())
        {
            b -= last.len();
            continue;
        }
        break;
    }
    t[a..b].chars().any(char::is_alphanumeric).then_some((a, b))
}

/// Whether `[a, b)` is only a short adverbial opening the sentence ("On Monday", "In a
/// statement", "Separately"), not reported words.
fn adverbial(s: &Sentence<'_>, a: usize, b: usize) -> bool {
    let ws = &s.words;
    let (i, j) = (text::word_at_or_after(ws, a), text::words_before(ws, b));
    if i >= j || j - i > 4 || s.quotes.iter().any(|q| q.start < b && a < q.end) {
        return false;
    }
    let first = lower(s, ws[i]);
    (i..j).all(|k| s.is_date_word(k))
        || is_preposition(&first)
        || j - i == 1 && first.ends_with("ly")
        || matches!(
            first.as_str(),
            "separately"
                | "meanwhile"
                | "later"
                | "earlier"
                | "then"
                | "now"
                | "still"
                | "also"
                | "however"
                | "last"
                | "this"
                | "yesterday"
                | "today"
        )
}

/// Participles that report when they hang on a clause (", saying …", "by saying …"):
/// the word, whether a reported clause must follow it, and whether it casts doubt.
const PARTICIPLES: &[(&str, bool, bool)] = &[
    ("saying", false, false),
    ("adding", true, false),
    ("noting", true, false),
    ("stressing", true, false),
    ("explaining", true, false),
    ("warning", true, false),
    ("arguing", true, false),
    ("asserting", true, false),
    ("declaring", true, false),
    ("announcing", true, false),
    ("acknowledging", true, false),
    ("tweeting", true, false),
    ("writing", true, false),
    ("insisting", true, true),
    ("claiming", true, true),
    ("alleging", true, true),
    ("contending", true, true),
    ("charging", true, false),
    ("finding", true, false),
    ("ruling", true, false),
    ("citing", false, false),
    ("accusing", false, false),
    ("blaming", false, false),
    ("calling", false, false),
    ("denying", false, false),
    ("criticizing", false, false),
    ("criticising", false, false),
];

/// A reporting participle at word `i` hanging on the clause before it: "The EU rejected the
/// offer, saying it …" and "Trump justified the action by saying …" both name the subject
/// of that clause as the source. Nothing when that clause already reports (", he said,
/// adding that …") or opens with a relative word.
fn participle(s: &Sentence<'_>, lex: &Lexicon, i: usize, found: &[Found]) -> Option<Found> {
    let ws = &s.words;
    let w = *ws.get(i)?;
    let lw = lower(s, w);
    let &(_, needs_clause, distance) = PARTICIPLES.iter().find(|p| p.0 == lw)?;
    if i == 0 {
        return None;
    }
    let prev = ws[i - 1];
    // The clause the participle hangs on ends before word `k`.
    let k = if s.text[prev.end..w.start].trim() == "," {
        i
    } else if only_space(s.text, prev.end, w.start)
        && lower(s, prev) == "by"
        && i >= 2
        && only_space(s.text, ws[i - 2].end, prev.start)
    {
        i - 1
    } else {
        return None;
    };
    if needs_clause && !clause_follows(s, w.end) {
        return None;
    }
    let mut start = segment_start(s, k);
    // The segment stopped at a reporting verb that reports nothing here, right after the
    // clause's subject: "The defense argued for a lenient sentence, claiming that …".
    if start > 0 && start < k {
        let wider = clause_start_by(s, k, true, true);
        let verb = ws[start - 1];
        if wider < start - 1
            && !found.iter().any(|f| f.verb_at.0 == verb.start)
            && leading_np(s, lex, wider, k)
                .is_some_and(|(_, b)| text::word_at_or_after(ws, b) == start - 1)
        {
            start = wider;
        }
    }
    if start >= k {
        return None;
    }
    // The segment stopped at a reporting verb, or holds one: that clause already reports.
    let from = if start > 0 { ws[start - 1].start } else { 0 };
    let reports = found
        .iter()
        .any(|f| f.verb_at.0 >= from && f.verb_at.0 < ws[k - 1].end);
    let first = lower(s, ws[start]);
    if reports || CLAUSE_OPENERS.contains(&first.as_str()) || first.ends_with("ing") {
        return None;
    }
    let (a, b) = leading_np(s, lex, start, k)?;
    // A clause's subject is short and followed by its verb, never by the participle itself.
    let np_end = text::word_at_or_after(ws, b);
    if np_end >= k || s.text[a..b].split_whitespace().count() > 8 {
        return None;
    }
    let h = Hit {
        start: w.start,
        end: w.end,
        pat: Pat::AnonCue,
    };
    let verb = Verb {
        distance,
        needs_clause,
        ..Verb::default()
    };
    let mut f = build(s, lex, (a, b), &h, &lw, verb);
    f.span = (a, w.end);
    f.subordinate = subordinate(s, a);
    f.kind = Kind::Participle;
    Some(f)
}

fn lower(s: &Sentence<'_>, w: Word) -> String {
    w.of(s.text).to_lowercase()
}

/// The reporting clause around verb hit `h`, if it is one.
fn one(s: &Sentence<'_>, lex: &Lexicon, h: &Hit, verb: Verb) -> Option<Found> {
    let vtext = s.text[h.start..h.end].to_lowercase();
    if vtext == "according to" {
        return according_to(s, lex, h);
    }
    let ws = &s.words;
    let vi = text::word_at_or_after(ws, h.start);
    // What stands right before the verb, adverbs skipped.
    let mut k = vi;
    while k > 0 {
        let lw = lower(s, ws[k - 1]);
        let next = ws.get(k).map_or(h.start, |w| w.start.min(h.start));
        if !only_space(s.text, ws[k - 1].end, next) {
            break;
        }
        // Negated, infinitive, modal ("might announce"), or a noun ("Israel's claims").
        if matches!(
            lw.as_str(),
            "not"
                | "never"
                | "no"
                | "to"
                | "cannot"
                | "will"
                | "would"
                | "could"
                | "can"
                | "may"
                | "might"
                | "must"
                | "should"
                | "shall"
        ) || lw.ends_with("n't")
            || lw.ends_with("n’t")
            || is_determiner(&lw)
            || k == vi
                && (lw.ends_with("'s") || lw.ends_with("’s"))
                && pronoun_has(lex, &lw).is_none()
        {
            return None;
        }
        if matches!(
            lw.as_str(),
            "is" | "was" | "were" | "are" | "been" | "be" | "being"
        ) {
            let negated = ws[k.saturating_sub(4)..k - 1].iter().any(|w| {
                let l = lower(s, *w);
                matches!(l.as_str(), "not" | "never" | "no")
                    || l.ends_with("n't")
                    || l.ends_with("n’t")
            });
            return if negated {
                None
            } else {
                passive_by(s, lex, h, verb)
            };
        }
        if BETWEEN_SUBJECT_AND_VERB.contains(&lw.as_str()) && lw != "on" && lw != "in" {
            k -= 1;
            continue;
        }
        break;
    }
    // "the questions reported by the Times ask …": a participle's agent after "by", with no
    // auxiliary, when it is a named person or organization (the name ends the source).
    if vtext.ends_with("ed") && s.text[h.end..].starts_with(" by ") && !s.in_quote(h.start) {
        let a = h.end + " by ".len();
        let lead = if s.text[a..].starts_with("the ") {
            4
        } else {
            0
        };
        if let Some(m) = s.mentions.iter().find(|m| {
            m.span.start == s.base + a + lead
                && matches!(m.kind, EntityKind::Person | EntityKind::Organization)
        }) {
            return Some(by_agent(s, lex, h, verb, (a, m.span.end - s.base)));
        }
    }
    // "“…,” said the official" / ", says Kim."
    let before = s.text[..h.start].trim_end();
    let inverted = before.ends_with([',', '”', '"', '’', '\''])
        && !before.ends_with("’s")
        && !before.ends_with("'s");
    let takes_object = verb.object_is_via || verb.takes_object;
    if inverted
        && !takes_object
        && let Some((a, b)) = subject_after(s, lex, h.end)
    {
        let mut f = build(s, lex, (a, b), h, &vtext, verb);
        f.span = (h.start, b);
        f.kind = Kind::Inverted;
        after_verb(s, lex, b, &mut f, verb, true);
        return Some(f);
    }
    // A verb of judgement with nothing after it has its object before it, in a relative
    // clause: "a pact that he sharply criticized."
    let after = s.text[h.end..].trim_start();
    if verb.takes_object
        && (after.is_empty()
            || after.starts_with(|c: char| !c.is_alphanumeric() && !matches!(c, '“' | '"' | '‘')))
    {
        return None;
    }
    // "called the lawsuit “frivolous”": naming words without the words quoted were dropped
    // from the sentence's hits already (`framing::quoting_verbs_checked`).
    let (a, b) = subject_before(s, lex, h.start)?;
    let mut f = build(s, lex, (a, b), h, &vtext, verb);
    if let Some(r) = relay_between(s, lex, b, h.start) {
        f.via = Some(r.via);
        f.document = f.document.or(r.document);
    }
    // "“…,” Comey added as …": the report closes before the subject, as after an inverted
    // verb.
    let closes = s.text[..a]
        .trim_end()
        .strip_suffix(['”', '"', '’'])
        .is_some_and(|q| q.ends_with([',', '?', '!']));
    // A comma before the verb closes a quotation ("“…,” Comey added") or an aside ("Delegates,
    // who …, concluded a round of talks"): only after a quotation may the verb report without
    // a clause after it.
    let after_quote = before
        .trim_end_matches(',')
        .trim_end()
        .ends_with(['”', '"', '’', '\'']);
    let end = after_verb(s, lex, h.end, &mut f, verb, after_quote || closes)?;
    f.span = (a, end.max(h.end));
    f.subordinate = subordinate(s, a);
    Some(f)
}

/// "was first reported by The Washington Post": the source after "by".
fn passive_by(s: &Sentence<'_>, lex: &Lexicon, h: &Hit, verb: Verb) -> Option<Found> {
    let rest = &s.text[h.end..];
    let by = rest.len() - rest.trim_start().len();
    if !rest.trim_start().to_ascii_lowercase().starts_with("by ") {
        return None;
    }
    let start = h.end + by + 3;
    let (a, b) = noun_phrase_after(s, start, 8)?;
    if !speaker_like(s, lex, a, b) {
        return None;
    }
    Some(by_agent(s, lex, h, verb, (a, b)))
}

/// The attribution of passive verb `h` to its agent `src` after "by".
fn by_agent(s: &Sentence<'_>, lex: &Lexicon, h: &Hit, verb: Verb, src: (usize, usize)) -> Found {
    let vtext = s.text[h.start..h.end].to_lowercase();
    let mut f = build(s, lex, src, h, &vtext, verb);
    f.span = (h.start, src.1);
    f.subordinate = subordinate(s, h.start);
    f.kind = Kind::Passive;
    f
}

/// "according to X": X up to the end of its clause, a trailing date dropped.
fn according_to(s: &Sentence<'_>, lex: &Lexicon, h: &Hit) -> Option<Found> {
    if s.in_quote(h.start) {
        return None;
    }
    let mut end = s.text.len();
    for (i, c) in s.text[h.end..].char_indices() {
        if matches!(c, ',' | ';' | ':' | '(' | '“' | '"' | '!' | '?' | '—' | '–')
            || c == '.' && is_sentence_end(s.text, h.end + i)
        {
            end = h.end + i;
            break;
        }
    }
    let end = drop_trailing_date(s, h.end, end);
    let (a, b) = trim_range(s.text, h.end, end);
    if a >= b || s.text[a..b].split_whitespace().count() > 16 {
        return None;
    }
    let f = build(s, lex, (a, b), h, "according to", Verb::default());
    let named = s
        .mentions_in(s.base + a, s.base + b)
        .iter()
        .any(|m| matches!(m.kind, EntityKind::Person | EntityKind::Organization));
    if f.document.is_none() && !named && !speaker_like(s, lex, a, b) {
        return None;
    }
    Some(Found {
        span: (h.start, b),
        subordinate: false,
        kind: Kind::According,
        ..f
    })
}

/// A period at `i` that ends the sentence (not "U.S." or "Dec.").
fn is_sentence_end(text: &str, i: usize) -> bool {
    text[i + 1..].trim().is_empty()
}

/// Shorten `[start, end)` so it stops before a date (and the preposition before it) at its end.
fn drop_trailing_date(s: &Sentence<'_>, start: usize, end: usize) -> usize {
    let mut end = end;
    for m in s.mentions.iter().rev() {
        if m.kind != EntityKind::Date {
            continue;
        }
        let (ms, me) = (
            m.span.start.saturating_sub(s.base),
            m.span.end.saturating_sub(s.base),
        );
        if ms >= start && me <= end && s.text[me..end].trim().is_empty() {
            end = strip_date_preposition(s.text, start, ms);
        }
    }
    end
}

/// The end of `text[start..at]` once a preposition before a date ("on", "in", "late") goes.
fn strip_date_preposition(text: &str, start: usize, at: usize) -> usize {
    let head = text[start..at].trim_end();
    let cut = head
        .rsplit_once(char::is_whitespace)
        .map_or(("", head), |(a, b)| (a, b));
    if matches!(
        cut.1.to_lowercase().as_str(),
        "on" | "in" | "at" | "late" | "early" | "earlier" | "last" | "this" | "since" | "by"
    ) {
        start + cut.0.len()
    } else {
        start + head.len()
    }
}

/// The word index range of the date mention covering word `i`, if any.
fn date_words(s: &Sentence<'_>, i: usize) -> Option<usize> {
    let w = s.words[i];
    let m = s.mentions.iter().find(|m| {
        m.kind == EntityKind::Date
            && m.span.start <= s.base + w.start
            && s.base + w.end <= m.span.end
    })?;
    Some(text::word_at_or_after(&s.words, m.span.start - s.base))
}

/// The subject of a reporting verb that starts at byte `vstart`.
fn subject_before(s: &Sentence<'_>, lex: &Lexicon, vstart: usize) -> Option<(usize, usize)> {
    let ws = &s.words;
    let mut k = text::words_before(ws, vstart);
    let mut gap_end = vstart;
    // Skip auxiliaries, adverbs, dates and asides between dashes ("Trump has strongly – and
    // repeatedly – denied") between the subject and the verb.
    while k > 0 {
        let w = ws[k - 1];
        if !only_space(s.text, w.end, gap_end) {
            if let Some(open) = dash_aside(s, k, gap_end) {
                k = open;
                gap_end = ws[k - 1].end;
                continue;
            }
            break;
        }
        let lw = lower(s, w);
        if let Some(first) = date_words(s, k - 1) {
            k = first;
            gap_end = ws[k].start;
            if k > 0 {
                let p = lower(s, ws[k - 1]);
                if matches!(
                    p.as_str(),
                    "on" | "in" | "at" | "late" | "early" | "earlier" | "last" | "this" | "since"
                ) && only_space(s.text, ws[k - 1].end, gap_end)
                {
                    k -= 1;
                    gap_end = ws[k].start;
                }
            }
            continue;
        }
        if BETWEEN_SUBJECT_AND_VERB.contains(&lw.as_str())
            && !matches!(
                lw.as_str(),
                "on" | "in" | "last" | "this" | "late" | "early"
            )
            || manner_adverb(s, k - 1)
        {
            k -= 1;
            gap_end = w.start;
            continue;
        }
        break;
    }
    if k == 0 {
        return None;
    }
    let last = ws[k - 1];
    let gap = &s.text[last.end..gap_end];
    if gap.contains(',') {
        return comma_subject(s, lex, k, 0);
    }
    if gap.chars().any(is_clause_punct) {
        return None;
    }
    let lw = lower(s, last);
    if lex.pronouns.contains(lw.as_str()) {
        return Some((last.start, last.end));
    }
    // "He's said": the pronoun, its "has" contracted.
    if let Some(n) = pronoun_has(lex, &lw) {
        return Some((last.start, last.start + n));
    }
    // Coordinated verb: "The president would not disclose the sites but said …".
    if matches!(lw.as_str(), "and" | "but" | "or") {
        let start = clause_start(s, k - 1, true);
        return leading_np(s, lex, start, k - 1);
    }
    let mut start = clause_start(s, k, false);
    let mut limit = 12;
    // "a senior official who spoke on condition of anonymity because he was not authorized to
    // discuss the matter said": a subordinator inside a relative clause does not end the
    // subject; the source is the speaker noun with its whole relative clause.
    if let Some(r) = (segment_start(s, k)..start)
        .rev()
        .find(|&r| lower(s, ws[r]) == "who")
        && r > 0
    {
        let np = clause_start(s, r, false);
        if np < r && r - np <= 8 && speaker_like(s, lex, ws[np].start, ws[r - 1].end) {
            start = np;
            limit = 30;
        }
    }
    let (a, b) = clean_subject(s, start, k)?;
    let mut a = a;
    // A list of names: "the United States, Israel and Syria announced".
    if limit == 12 && s.text[a..b].contains(" and ") {
        a = extend_list(s, a);
    }
    (s.text[a..b].split_whitespace().count() <= limit && speaker_like(s, lex, a, b))
        .then_some((a, b))
}

/// A quotation opens within the first `n` words of `rest`, no clause punctuation crossed.
pub(crate) fn quote_within(rest: &str, n: usize) -> bool {
    for w in rest.split_whitespace().take(n) {
        if w.starts_with(['“', '"', '‘', '\'']) {
            return true;
        }
        // "the D.N.C. allegations", "Mr. Trump's": an abbreviation's period ends nothing.
        let abbreviation = w
            .strip_suffix('.')
            .is_some_and(|x| x.contains('.') || x.len() <= 3 && x.starts_with(char::is_uppercase))
            || w.trim_end_matches(['\'', '’', 's']).contains('.') && !w.ends_with('.');
        if w.contains([',', ';', ':', '(', ')']) || w.contains('.') && !abbreviation {
            return false;
        }
    }
    false
}

/// A pronoun with "has" or "is" contracted onto it ("he's", "it’s"): the pronoun's length in
/// bytes.
fn pronoun_has(lex: &Lexicon, lw: &str) -> Option<usize> {
    let p = lw.strip_suffix("'s").or_else(|| lw.strip_suffix("’s"))?;
    lex.pronouns.contains(p).then_some(p.len())
}

/// Word `i` is a manner adverb between a subject and its verb ("Trump strongly denied"): a
/// lowercase word in "-ly" that no determiner precedes ("the family said" is a noun).
fn manner_adverb(s: &Sentence<'_>, i: usize) -> bool {
    let ws = &s.words;
    let raw = ws[i].of(s.text);
    raw.len() > 4
        && raw.ends_with("ly")
        && raw.starts_with(|c: char| c.is_lowercase())
        && !matches!(
            raw,
            "only" | "early" | "likely" | "daily" | "weekly" | "monthly"
        )
        && (i == 0 || !is_determiner(&lower(s, ws[i - 1])))
}

/// When the gap before byte `gap_end` after word `k - 1` is a dash closing an aside opened by
/// another dash a few words before ("has – and repeatedly – denied"), the word count before
/// the opening dash.
fn dash_aside(s: &Sentence<'_>, k: usize, gap_end: usize) -> Option<usize> {
    let ws = &s.words;
    let is_dash = |a: usize, b: usize| {
        matches!(
            s.text.get(a..b).map(str::trim),
            Some("–" | "—" | "-" | "--")
        )
    };
    if !is_dash(ws[k - 1].end, gap_end) {
        return None;
    }
    (k.saturating_sub(6)..k - 1)
        .rev()
        .find(|&j| j + 1 < k && is_dash(ws[j].end, ws[j + 1].start))
        .map(|j| j + 1)
}

/// The subject when a comma stands right before the verb: skip a relative or participial
/// clause ("The official, who spoke on condition of anonymity, told"), or take an appositive
/// ("Syria's state news agency, SANA, reported").
fn comma_subject(
    s: &Sentence<'_>,
    lex: &Lexicon,
    k: usize,
    depth: usize,
) -> Option<(usize, usize)> {
    if depth > 3 || k == 0 {
        return None;
    }
    if depth == 0
        && let Some(named) = described_person(s, k)
    {
        return Some(named);
    }
    let start = segment_start(s, k);
    let first = lower(s, s.words[start]);
    // "Laiken Jordahl, a campaigner for the Center for Biological Diversity, told": the
    // description is an appositive; the name before it is the subject.
    let appositive = matches!(first.as_str(), "a" | "an")
        && start > 0
        && s.text[s.words[start - 1].end..s.words[start].start].contains(',');
    // "Trump, in a tweet Friday evening, chided …": a short prepositional aside set off by
    // commas says where or how the subject spoke; the subject is before it.
    let aside = matches!(first.as_str(), "in" | "on" | "during" | "via" | "through")
        && k - start <= 8
        && s.words
            .get(k)
            .is_some_and(|w| s.text[s.words[k - 1].end..w.start].contains(','));
    let opener = CLAUSE_OPENERS.contains(&first.as_str())
        || appositive
        || aside
        || first.ends_with("ing") && start < k && !lex.speakers.contains(first.as_str());
    if opener {
        // The clause before it must end with a comma too.
        if start == 0 {
            return None;
        }
        let prev = s.words[start - 1];
        if !s.text[prev.end..s.words[start].start].contains(',') {
            return None;
        }
        return comma_subject(s, lex, start, depth + 1);
    }
    let (a, b) = clean_subject(s, start, k)?;
    if !speaker_like(s, lex, a, b) || s.text[a..b].split_whitespace().count() > 12 {
        return None;
    }
    // Appositive: "Syria's state news agency, SANA".
    if start > 0 && is_capitalised(s.words[start].of(s.text)) {
        let prev = s.words[start - 1];
        if s.text[prev.end..s.words[start].start].trim() == "," {
            let p0 = segment_start(s, start);
            if p0 == 0 && start - p0 <= 6 && speaker_like(s, lex, s.words[p0].start, prev.end) {
                return Some((s.words[p0].start, b));
            }
        }
    }
    Some((a, b))
}

/// Longest description set off by commas between a named person and the verb.
const MAX_DESCRIPTION_WORDS: usize = 20;

/// A named person followed by a description set off by commas, right before the verb that
/// follows word `k - 1`: "Brad Parscale, campaign manager of Donald J. Trump for President,
/// Inc., slammed", "Roger J. Stone Jr., a former adviser to Mr. Trump who is named as a
/// defendant, dismissed". The description may hold commas of its own; it opens on a lowercase
/// word (a list of names, "Smith, Jones and Brown said", does not) and holds no quotation or
/// bracket. The person's name is the source.
fn described_person(s: &Sentence<'_>, k: usize) -> Option<(usize, usize)> {
    let vstart = s.words.get(k).map_or(s.text.len(), |w| w.start);
    s.mentions_in(s.base, s.base + vstart)
        .into_iter()
        .filter(|m| m.kind == EntityKind::Person)
        .find_map(|m| {
            let (a, b) = (m.span.start - s.base, m.span.end - s.base);
            let before = s.text[..a].trim_end();
            if !(before.is_empty() || before.ends_with(',')) || s.in_quote(a) {
                return None;
            }
            let desc = s.text[b..vstart].trim_start().strip_prefix(',')?.trim();
            let desc = desc.strip_suffix(',')?;
            let opens_lower = desc.trim_start().starts_with(|c: char| c.is_lowercase());
            let plain = !desc.contains(['“', '”', '"', '(', ')', ';', ':', '—', '–']);
            (opens_lower && plain && desc.split_whitespace().count() <= MAX_DESCRIPTION_WORDS)
                .then_some((a, b))
        })
}

/// The first word of the clause that ends before word `k`: after clause punctuation, a
/// subordinator, or a quotation.
fn clause_start(s: &Sentence<'_>, k: usize, include_conj: bool) -> usize {
    clause_start_by(s, k, include_conj, false)
}

/// The first word after the clause punctuation before word `k` (subordinators ignored).
fn segment_start(s: &Sentence<'_>, k: usize) -> usize {
    clause_start_by(s, k, false, true)
}

fn clause_start_by(s: &Sentence<'_>, k: usize, include_conj: bool, punct_only: bool) -> usize {
    let ws = &s.words;
    let mut j = k;
    while j > 0 {
        let gap = &s.text[ws[j - 1].end..ws.get(j).map_or(s.text.len(), |w| w.start)];
        if j < k
            && gap
                .chars()
                .any(|c| is_clause_punct(c) || matches!(c, '.' | '!' | '?'))
        {
            break;
        }
        // Another reporting verb ends the clause: "The chairmen said the memos underscore".
        // Not one followed by "not", which reports nothing ("which asked not to be named").
        if j < k
            && !include_conj
            && s.hits
                .iter()
                .any(|h| matches!(h.pat, Pat::Verb(_)) && h.start == ws[j - 1].start)
            && lower(s, ws[j]) != "not"
            // After an article it is a noun: "in a tweet Friday evening".
            && !(j >= 2 && matches!(lower(s, ws[j - 2]).as_str(), "a" | "an" | "the"))
        {
            break;
        }
        if !punct_only && (j < k || include_conj) && !(include_conj && j == k) {
            let lw = lower(s, ws[j - 1]);
            let next_is_det = ws
                .get(j)
                .is_some_and(|w| is_determiner(&lower(s, *w)) || lex_pronoun(&lower(s, *w)));
            // "and"/"or" join names ("Israel and Syria said") unless a new subject follows
            // or a long clause precedes ("… colluded with Russia and Moscow has denied").
            let conj = matches!(lw.as_str(), "and" | "or");
            let long_left = conj && {
                let seg = segment_start(s, j - 1);
                j - 1 - seg > 3
            };
            if SUBORDINATORS.contains(&lw.as_str()) && (!conj || next_is_det || long_left) {
                break;
            }
        }
        j -= 1;
    }
    j
}

fn lex_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "it" | "they" | "we" | "i")
}

/// Words `[start, k)` as a subject: leading connectors and dates removed; byte range.
fn clean_subject(s: &Sentence<'_>, mut start: usize, k: usize) -> Option<(usize, usize)> {
    let ws = &s.words;
    while start < k {
        let lw = lower(s, ws[start]);
        if matches!(
            lw.as_str(),
            "but"
                | "and"
                | "so"
                | "yet"
                | "meanwhile"
                | "however"
                | "also"
                | "still"
                | "instead"
                | "now"
                | "then"
                | "separately"
                | "earlier"
                | "later"
                | "again"
                | "moreover"
                | "indeed"
                | "thus"
                | "hence"
                | "in"
                | "on"
                | "last"
                | "this"
                | "has"
                | "have"
                | "had"
                | "did"
                | "does"
                | "do"
                | "is"
                | "was"
                | "are"
                | "were"
                | "will"
                | "would"
                | "can"
                | "could"
        ) || date_words(s, start).is_some()
        {
            start += 1;
            continue;
        }
        break;
    }
    if start >= k {
        return None;
    }
    let first = lower(s, ws[start]);
    if is_preposition(&first) && first != "of" {
        return None;
    }
    Some(trim_range(s.text, ws[start].start, ws[k - 1].end))
}

/// Extend a subject that is a list ("Israel and Syria") back over comma-separated names
/// ("the United States, Israel and Syria").
fn extend_list(s: &Sentence<'_>, a: usize) -> usize {
    let ws = &s.words;
    let mut first = text::word_at_or_after(ws, a);
    loop {
        if first == 0 {
            return ws.get(first).map_or(a, |w| w.start);
        }
        let prev = ws[first - 1];
        if s.text[prev.end..ws[first].start].trim() != "," {
            break;
        }
        let start = segment_start(s, first);
        let n = first - start;
        let named = (start..first).any(|i| {
            let w = ws[i];
            is_capitalised(w.of(s.text)) && s.mention_at(w.start).is_some()
        });
        if n == 0 || n > 4 || !named {
            break;
        }
        first = start;
    }
    ws.get(first).map_or(a, |w| w.start.min(a))
}

/// Auxiliaries and modals: "was", "has", "will", "could", "did", ….
fn is_auxiliary(word: &str) -> bool {
    matches!(
        word,
        "is" | "was"
            | "were"
            | "are"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "did"
            | "does"
            | "do"
            | "should"
            | "may"
            | "might"
            | "must"
    )
}

/// The noun phrase that opens a clause, for a coordinated verb: words up to the first
/// auxiliary or verb.
fn leading_np(s: &Sentence<'_>, lex: &Lexicon, start: usize, k: usize) -> Option<(usize, usize)> {
    let ws = &s.words;
    let mut end = start;
    while end < k && end - start < 6 {
        let lw = lower(s, ws[end]);
        let verbish = is_auxiliary(&lw)
            || matches!(lw.as_str(), "not" | "that" | "to")
            || lw.ends_with("ed") && !lex.speakers.contains(lw.as_str())
            || s.hits
                .iter()
                .any(|h| matches!(h.pat, Pat::Verb(_)) && h.start == ws[end].start);
        if verbish {
            break;
        }
        end += 1;
    }
    if end == start {
        return None;
    }
    let (a, b) = clean_subject(s, start, end)?;
    speaker_like(s, lex, a, b).then_some((a, b))
}

/// The subject after an inverted verb ("said the official", "says Kim"), when short and
/// closed by punctuation or a clause word.
fn subject_after(s: &Sentence<'_>, lex: &Lexicon, from: usize) -> Option<(usize, usize)> {
    let (a, b) = noun_phrase_after(s, from, 8)?;
    let first_raw = s.text[a..b].split_whitespace().next().unwrap_or("");
    let first = key(first_raw);
    let opens_np = is_determiner(&first)
        || is_capitalised(first_raw)
        || lex.speakers.contains(first.as_str())
        || lex.pronouns.contains(first.as_str())
        || first.starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            first.as_str(),
            "one" | "two" | "three" | "several" | "some" | "senior" | "former"
        );
    if first == "that" || is_preposition(&first) || !opens_np {
        return None;
    }
    // The phrase must end the clause.
    let rest = s.text[b..].trim_start();
    let closes = rest.is_empty()
        || rest.starts_with(|c: char| is_clause_punct(c) || matches!(c, '.' | '!' | '?'))
        || {
            let next = rest
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_lowercase();
            matches!(
                next.as_str(),
                "who"
                    | "adding"
                    | "noting"
                    | "in"
                    | "on"
                    | "at"
                    | "during"
                    | "after"
                    | "when"
                    | "while"
                    | "as"
                    | "because"
                    | "according"
                    | "told"
                    | "citing"
            )
        };
    (closes && speaker_like(s, lex, a, b) && last_speaker_like(s, lex, b)).then_some((a, b))
}

/// Whether the last word before `b` can end a source ("the official", "Trump"), not "Iran
/// of".
fn last_speaker_like(s: &Sentence<'_>, lex: &Lexicon, b: usize) -> bool {
    let n = text::words_before(&s.words, b);
    n > 0 && {
        let w = s.words[n - 1];
        let raw = w.of(s.text);
        let k = key(raw);
        is_capitalised(raw)
            || lex.speakers.contains(k.as_str())
            || lex.pronouns.contains(k.as_str())
            || s.mention_at(w.start).is_some()
    }
}

/// Words from byte `from` up to punctuation or a clause word, at most `max` words.
fn noun_phrase_after(s: &Sentence<'_>, from: usize, max: usize) -> Option<(usize, usize)> {
    let ws = &s.words;
    let i0 = text::word_at_or_after(ws, from);
    if i0 >= ws.len() || !only_space(s.text, from, ws[i0].start) {
        // Only a quotation or punctuation follows.
        if i0 >= ws.len() || s.text[from..ws[i0].start].chars().any(is_clause_punct) {
            return None;
        }
    }
    let mut j = i0;
    while j < ws.len() && j - i0 < max {
        if j > i0 {
            let gap = &s.text[ws[j - 1].end..ws[j].start];
            if gap
                .chars()
                .any(|c| is_clause_punct(c) || matches!(c, '.' | '!' | '?'))
            {
                break;
            }
            let lw = lower(s, ws[j]);
            if matches!(
                lw.as_str(),
                "who"
                    | "which"
                    | "that"
                    | "adding"
                    | "noting"
                    | "citing"
                    | "in"
                    | "on"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "when"
                    | "while"
                    | "as"
                    | "because"
                    | "according"
                    | "told"
                    | "said"
                    | "says"
                    | "about"
                    | "if"
                    | "to"
            ) || s.is_date_word(j)
            {
                break;
            }
        }
        j += 1;
    }
    if j == i0 {
        return None;
    }
    if j - i0 >= max && j < ws.len() {
        // Ran out of words before the phrase closed: not a short noun phrase.
        let gap = &s.text[ws[j - 1].end..ws[j].start];
        if !gap.chars().any(|c| is_clause_punct(c) || c == '.') {
            return None;
        }
    }
    let (a, b) = trim_range(s.text, ws[i0].start, ws[j - 1].end);
    (a < b).then_some((a, b))
}

/// Words that end the head of a noun phrase and open its complement: "sources familiar
/// with the matter", "the plan agreed in Paris", "officials who".
const COMPLEMENT: &[&str] = &[
    "familiar",
    "close",
    "briefed",
    "knowledgeable",
    "involved",
    "aware",
    "who",
    "which",
    "that",
    "whose",
    "whom",
];

/// The word index of the head of the noun phrase `[a, b)`: the last word before its first
/// complement (a preposition, "familiar with", a relative pronoun, a participle with its
/// preposition: "obtained by"), else its last word. `None` when the words hold a finite verb
/// ("Trump mobilized the Guard", "Abe arrived") and so are no noun phrase.
pub(crate) fn head_word(s: &Sentence<'_>, lex: &Lexicon, a: usize, b: usize) -> Option<usize> {
    let ws = &s.words;
    let first = text::word_at_or_after(ws, a);
    let end = text::words_before(ws, b);
    if first >= end {
        return None;
    }
    for i in first + 1..end {
        let raw = ws[i].of(s.text);
        if is_capitalised(raw) {
            continue;
        }
        let lw = raw.to_lowercase();
        // "One of the officials", "some of Mr. Trump's critics": the head comes after "of".
        let quantifier = lw == "of"
            && matches!(
                key(ws[i - 1].of(s.text)).as_str(),
                "one"
                    | "two"
                    | "three"
                    | "some"
                    | "many"
                    | "most"
                    | "several"
                    | "all"
                    | "both"
                    | "each"
                    | "none"
                    | "few"
                    | "dozens"
                    | "hundreds"
                    | "thousands"
            );
        if quantifier {
            continue;
        }
        if is_preposition(&lw) || COMPLEMENT.contains(&lw.as_str()) {
            return Some(i - 1);
        }
        // "a website focusing on", "officials speaking on condition of anonymity".
        if lw.len() > 5
            && lw.ends_with("ing")
            && ws
                .get(i + 1)
                .filter(|_| i + 1 < end)
                .is_some_and(|n| is_preposition(&n.of(s.text).to_lowercase()))
        {
            return Some(i - 1);
        }
        let finite = is_auxiliary(&lw);
        let hyphened = s.text[ws[i - 1].end..ws[i].start].contains('-');
        let participle = lw.len() > 4
            && lw.ends_with("ed")
            && !hyphened
            && !lex.speakers.contains(lw.as_str())
            && s.mention_at(ws[i].start).is_none();
        if participle {
            let next = ws.get(i + 1).filter(|_| i + 1 < end).map(|w| w.of(s.text));
            match next {
                // "obtained by", "based in": a complement.
                Some(n) if is_preposition(&n.to_lowercase()) => return Some(i - 1),
                // "closely guarded memos": an adjective before the noun.
                Some(n) if !is_capitalised(n) && !is_determiner(&n.to_lowercase()) => {}
                // "mobilized the Guard", "Abe arrived": a verb.
                _ => return None,
            }
        } else if finite {
            return None;
        }
    }
    Some(end - 1)
}

/// Whether `[a, b)` is a noun phrase headed by a word that can be a source.
pub(crate) fn speaker_like(s: &Sentence<'_>, lex: &Lexicon, a: usize, b: usize) -> bool {
    let ws = &s.words;
    let Some(h) = head_word(s, lex, a, b) else {
        return false;
    };
    let first = text::word_at_or_after(ws, a);
    let word = ws[h];
    let raw = word.of(s.text);
    let k = key(raw);
    if lex.speakers.contains(k.as_str()) || lex.pronouns.contains(k.as_str()) {
        return true;
    }
    if s.mention_at(word.start)
        .is_some_and(|m| m.kind != EntityKind::Date)
    {
        return true;
    }
    if is_capitalised(raw) {
        // A capitalised word opening the sentence could be any word.
        return word.start > 0 || h > first;
    }
    raw.starts_with(|c: char| c.is_ascii_digit())
        && h > first
        && is_capitalised(ws[h - 1].of(s.text))
}

/// Whether the clause holding byte `a` is a relative or subordinate one.
fn subordinate(s: &Sentence<'_>, a: usize) -> bool {
    let ws = &s.words;
    let i = text::word_at_or_after(ws, a);
    let start = clause_start(s, i, false);
    let lw = |j: usize| lower(s, ws[j]);
    (start < ws.len() && matches!(lw(start).as_str(), "which" | "who" | "whom" | "whose"))
        || start > 0
            && matches!(
                lw(start - 1).as_str(),
                "which"
                    | "who"
                    | "after"
                    | "before"
                    | "when"
                    | "while"
                    | "because"
                    | "since"
                    | "although"
                    | "though"
                    | "if"
                    | "until"
            )
}

/// The part after the verb: who was told, relays, documents, "citing"; and, for verbs that
/// need one, whether a reported clause follows. Returns the end of what belongs to the
/// attribution, or `None` when the verb turns out not to report.
fn after_verb(
    s: &Sentence<'_>,
    lex: &Lexicon,
    from: usize,
    f: &mut Found,
    verb: Verb,
    inverted: bool,
) -> Option<usize> {
    let mut p = from;
    let mut end_after_object = from;
    if verb.object_is_via {
        if let Some((a, b)) = object(s, p) {
            let obj = &s.text[a..b];
            let lo = obj.to_lowercase();
            let audience = lex.audiences.contains(lo.as_str())
                || lo
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| lex.audiences.contains(w));
            if !audience {
                f.via = Some(via_name(obj));
            }
            p = b;
            end_after_object = b;
        } else if !inverted {
            return None;
        }
    }
    let mut end = end_after_object;
    for _ in 0..4 {
        let rest = &s.text[p..];
        let skip = rest.len() - rest.trim_start().len();
        let q = p + skip;
        let lo = s.text[q..].to_ascii_lowercase();
        // A date: "said on Monday".
        let wi = text::word_at_or_after(&s.words, q);
        if wi < s.words.len() && s.words[wi].start == q {
            let mut j = wi;
            let lw = lower(s, s.words[j]);
            if matches!(
                lw.as_str(),
                "on" | "in" | "late" | "early" | "earlier" | "last" | "this"
            ) && j + 1 < s.words.len()
                && s.is_date_word(j + 1)
            {
                j += 1;
            }
            if s.is_date_word(j) {
                while j < s.words.len() && s.is_date_word(j) {
                    j += 1;
                }
                p = s.words[j - 1].end;
                continue;
            }
        }
        // "in an interview with CNN", "told state television", "wrote on X".
        if let Some(r) = relay_at(s, lex, q) {
            f.via.get_or_insert(r.via);
            if let Some(doc) = r.document {
                f.document.get_or_insert(doc);
            }
            p = r.end;
            end = r.end;
            continue;
        }
        // "in a statement", "in a post on X".
        if let Some(after_in) = lo.strip_prefix("in ")
            && let Some((doc, used)) = document_phrase(lex, after_in)
        {
            f.document.get_or_insert(doc);
            p = q + 3 + used;
            end = p;
            continue;
        }
        // "Reuters reported, citing two sources": the sources speak, Reuters relays them
        // (`find` gives the sources their own attribution).
        if let Some(c) = lo.strip_prefix(", citing ").map(|_| q + 9)
            && let Some((a, b)) = noun_phrase_after(s, c, 8)
        {
            f.cited = Some((a, b));
            p = b;
            end = b;
            continue;
        }
        break;
    }
    if verb.needs_clause && !inverted && !clause_follows(s, p) && !document_after(s, lex, p) {
        return None;
    }
    f.tail = p;
    Some(end)
}

/// Words a verb's object may run to before "in a statement" tells that the verb was speech.
const DOCUMENT_REACH: usize = 6;

/// "His office announced the signing in a statement": a document the verb's object is told
/// in, within [`DOCUMENT_REACH`] words and no punctuation after `p`, makes a verb that
/// reports only a clause report its object.
fn document_after(s: &Sentence<'_>, lex: &Lexicon, p: usize) -> bool {
    let rest = &s.text[p..];
    let stop = rest
        .find([',', ';', ':', '.', '"', '“', '('])
        .unwrap_or(rest.len());
    let lo = rest[..stop].to_lowercase();
    let words: Vec<&str> = lo.split_whitespace().take(DOCUMENT_REACH + 1).collect();
    (1..words.len())
        .any(|i| words[i] == "in" && document_phrase(lex, &words[i + 1..].join(" ")).is_some())
}

/// A relay phrase found by [`relay_at`]: the outlet, the document it names, where it ends.
struct Relay {
    via: String,
    document: Option<String>,
    end: usize,
}

/// The relay phrase starting at sentence byte `q`: "in an interview with CNN", "on state
/// television", "to Reuters". A bare "on" or "to" needs a name or a broadcaster after it ("on
/// Monday", "to the border" relay nothing).
fn relay_at(s: &Sentence<'_>, lex: &Lexicon, q: usize) -> Option<Relay> {
    let lo = s.text[q..].to_ascii_lowercase();
    let r = lex
        .relays
        .iter()
        .find(|r| lo.starts_with(r.as_str()) && lo[r.len()..].starts_with(' '))?;
    let (a, b) = noun_phrase_after(s, q + r.len() + 1, 6)?;
    let np = &s.text[a..b];
    let bare = matches!(r.as_str(), "on" | "to");
    let ok = !bare
        || is_capitalised(np.trim_start_matches("the ").trim_start_matches("The "))
            && !s.is_date_word(text::word_at_or_after(&s.words, a))
        || matches!(
            np.to_lowercase().as_str(),
            "state television"
                | "state tv"
                | "state media"
                | "state radio"
                | "social media"
                | "television"
                | "radio"
                | "national television"
        );
    ok.then(|| Relay {
        via: via_name(np),
        document: r
            .split(' ')
            .find(|w| lex.documents.contains(*w))
            .map(str::to_string),
        end: b,
    })
}

/// Participles of a phrase set off by commas between a source and its verb that say where it
/// spoke: "Rice, speaking on PBS, said".
const SPOKE: &[&str] = &["speaking", "talking", "appearing", "writing"];

/// The relay named by a participial phrase between subject end `b` and the verb at `v`:
/// ", speaking on PBS," and ", speaking to Reuters," give PBS and Reuters.
fn relay_between(s: &Sentence<'_>, lex: &Lexicon, b: usize, v: usize) -> Option<Relay> {
    let gap = s.text.get(b..v)?;
    if !gap.trim_start().starts_with(',') || !gap.trim_end().ends_with(',') {
        return None;
    }
    let ws = &s.words;
    let i = text::word_at_or_after(ws, b);
    let w = *ws.get(i).filter(|w| w.end <= v)?;
    if !SPOKE.contains(&lower(s, w).as_str()) || !s.text[b..w.start].trim().eq(",") {
        return None;
    }
    // "speaking to" and "speaking with" are relays in full; else what follows the participle.
    let after = ws.get(i + 1).map_or(v, |x| x.start);
    relay_at(s, lex, w.start)
        .or_else(|| relay_at(s, lex, after))
        .filter(|r| s.text[r.end..v].trim() == ",")
}

/// Whether a reported clause follows byte `p`: "that", a quotation, a colon, the end.
fn clause_follows(s: &Sentence<'_>, p: usize) -> bool {
    let rest = s.text[p..].trim_start();
    if rest.is_empty()
        || rest.starts_with([':', '“', '"', '‘', '.', '!', '?', '—', '–', '\''])
        || rest.starts_with(", “")
        || rest.starts_with(", \"")
        || rest.starts_with(',') && rest[1..].trim().is_empty()
    {
        return true;
    }
    // An indirect question: "asks what Trump knew", "wondered whether the talks would go on".
    let opener = rest.split_whitespace().next().unwrap_or("").to_lowercase();
    if matches!(
        opener.as_str(),
        "whether" | "if" | "what" | "why" | "how" | "when" | "who" | "where"
    ) {
        return true;
    }
    // A clause opened by a pronoun and its verb: "insisted it will not", "warned they would".
    let mut two = rest.split_whitespace().map(|w| w.to_lowercase());
    if let (Some(a), Some(b)) = (two.next(), two.next())
        && matches!(a.as_str(), "he" | "she" | "it" | "they" | "we" | "i")
        && is_auxiliary(b.trim_end_matches([',', ';']))
    {
        return true;
    }
    // A clause opened by a short noun phrase and its auxiliary, no punctuation crossed:
    // "claiming the company had lied", "warned Iran would pay". Not "warning signs and all",
    // nor a relative clause's verb ("threatened the reporters who were …").
    let first = rest.split_whitespace().next().unwrap_or("");
    let opens_np = is_determiner(&first.to_lowercase())
        || first.starts_with(|c: char| c.is_uppercase()) && !is_preposition(&first.to_lowercase());
    if opens_np {
        let mut prev = first.to_lowercase();
        for w in rest.split_whitespace().take(6).skip(1) {
            let lw = w.to_lowercase();
            if is_auxiliary(&lw) {
                return true;
            }
            // A past tense after the noun phrase: "alleges the government notified the
            // campaign". Not an adjective after a determiner or an adverb ("the increased
            // costs", "newly elected").
            if lw.len() > 4
                && lw.ends_with("ed")
                && !is_determiner(&prev)
                && !is_preposition(&prev)
                && !prev.ends_with("ly")
                && !matches!(
                    prev.as_str(),
                    "and" | "or" | "but" | "very" | "more" | "most"
                )
            {
                return true;
            }
            prev.clone_from(&lw);
            if w.contains([',', ';', ':', '.', '“', '"', '(', ')'])
                || matches!(lw.as_str(), "who" | "which" | "that" | "whose" | "whom")
            {
                break;
            }
        }
    }
    // "that" within a few words, no punctuation crossed: "indicated over the past weeks that".
    for (n, w) in rest.split_whitespace().take(7).enumerate() {
        if w.trim_end_matches([',', ';', ':'])
            .eq_ignore_ascii_case("that")
        {
            return true;
        }
        if n > 0 && w.contains([',', ';', ':', '.', '“', '"']) {
            return false;
        }
    }
    false
}

/// The object of "told": words up to "that", punctuation, a date, a preposition or a second
/// determiner ("told reporters the meeting was …").
fn object(s: &Sentence<'_>, from: usize) -> Option<(usize, usize)> {
    let ws = &s.words;
    let i0 = text::word_at_or_after(ws, from);
    if i0 >= ws.len() || !only_space(s.text, from, ws[i0].start) {
        return None;
    }
    let mut j = i0;
    while j < ws.len() && j - i0 < 7 {
        let lw = lower(s, ws[j]);
        if j == i0 && lw == "that" {
            return None;
        }
        if j > i0 {
            let gap = &s.text[ws[j - 1].end..ws[j].start];
            if gap.chars().any(|c| is_clause_punct(c) || c == '.')
                || s.is_date_word(j)
                || matches!(
                    lw.as_str(),
                    "that"
                        | "about"
                        | "on"
                        | "in"
                        | "at"
                        | "during"
                        | "after"
                        | "before"
                        | "when"
                        | "while"
                        | "if"
                        | "to"
                        | "he"
                        | "she"
                        | "it"
                        | "they"
                        | "we"
                        | "there"
                        | "this"
                        | "the"
                        | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "its"
                        | "their"
                )
            {
                break;
            }
        }
        j += 1;
    }
    (j > i0).then(|| trim_range(s.text, ws[i0].start, ws[j - 1].end))
}

/// A document phrase at the start of `lo` ("a joint statement", "an interview"): the document
/// and how many bytes it used, relay included ("a post on X").
fn document_phrase(lex: &Lexicon, lo: &str) -> Option<(String, usize)> {
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut pos = 0;
    for w in lo.split(' ').take(lex.document_words + 3) {
        words.push((pos, w));
        pos += w.len() + 1;
    }
    let mut i = 0;
    while i < words.len()
        && matches!(
            words[i].1,
            "a" | "an"
                | "the"
                | "its"
                | "his"
                | "her"
                | "their"
                | "new"
                | "brief"
                | "written"
                | "separate"
                | "televised"
                | "lengthy"
        )
    {
        i += 1;
    }
    for len in (1..=lex.document_words).rev() {
        if i + len > words.len() {
            continue;
        }
        let phrase: Vec<&str> = words[i..i + len]
            .iter()
            .map(|(_, w)| w.trim_end_matches([',', '.', ';', ':']))
            .collect();
        let phrase = phrase.join(" ");
        if lex.documents.contains(&phrase) {
            let (at, last) = words[i + len - 1];
            let used = at + last.trim_end_matches([',', '.', ';', ':']).len();
            return Some((phrase, used));
        }
    }
    None
}

/// An outlet's canonical name, or the words without a leading "the".
fn via_name(np: &str) -> String {
    let np = np.trim();
    if let Some(o) = Outlets::builtin().lookup(np) {
        return o.to_string();
    }
    strip_the(np).to_string()
}

/// "The Associated Press" → "Associated Press"; "the Syrian official" stays.
fn strip_the(np: &str) -> &str {
    let last = np.rsplit(char::is_whitespace).next().unwrap_or("");
    let name = is_capitalised(last) || last.starts_with(|c: char| c.is_ascii_digit());
    for the in ["the ", "The "] {
        if let Some(rest) = np.strip_prefix(the)
            && name
            && is_capitalised(rest)
        {
            return rest;
        }
    }
    np
}

/// A `Found` for source words `src` and verb hit `h`, the source read.
fn build(
    s: &Sentence<'_>,
    lex: &Lexicon,
    src: (usize, usize),
    h: &Hit,
    vtext: &str,
    verb: Verb,
) -> Found {
    let mut f = Found {
        src,
        span: (src.0.min(h.start), src.1.max(h.end)),
        verb_at: (h.start, h.end),
        verb: vtext.to_string(),
        source: String::new(),
        via: None,
        document: None,
        entity: None,
        distance: verb.distance,
        anonymous: false,
        subordinate: false,
        refer: None,
        head: String::new(),
        person: false,
        kind: Kind::Subject,
        position: Position::Before,
        covers: (0, 0),
        clause: Clause::Main,
        cited: None,
        tail: 0,
    };
    fill_source(s, lex, &mut f);
    f
}

/// Read the source words `f.src`: document and its issuer, entity, anonymity, and what a
/// follow-up refers to.
fn fill_source(s: &Sentence<'_>, lex: &Lexicon, f: &mut Found) {
    let (a, b) = f.src;
    let raw = &s.text[a..b];
    let lo = raw.to_ascii_lowercase();
    let mut source = (a, b);
    if let Some((doc, used)) = document_phrase(lex, &lo) {
        f.document = Some(doc);
        // "a statement from X", "a joint statement released by X".
        let rest = &lo[used..];
        let issuer = [
            " from ",
            " by ",
            " of ",
            " released by ",
            " issued by ",
            " published by ",
            " posted by ",
            " shared by ",
            " put out by ",
            " sent by ",
            " signed by ",
        ]
        .iter()
        .find(|p| rest.starts_with(*p))
        .map(|p| a + used + p.len());
        if let Some(i) = issuer {
            source = trim_range(s.text, i, b);
        }
    }
    let (sa, sb) = source;
    let words: Vec<&str> = s.text[sa..sb].split_whitespace().collect();
    let last = head_word(s, lex, sa, sb).map_or(String::new(), |i| key(s.words[i].of(s.text)));
    f.head = lex_singular(lex, &last);
    if let Some(doc) = &f.document
        && source == (a, b)
    {
        f.head = doc.rsplit(' ').next().unwrap_or(doc).to_string();
    }
    let mentions = s.mentions_in(s.base + sa, s.base + sb);
    let person = mentions.iter().any(|m| m.kind == EntityKind::Person);
    f.person = person;
    f.entity = mentions
        .iter()
        .find(|m| matches!(m.kind, EntityKind::Person | EntityKind::Organization))
        .or_else(|| {
            mentions.iter().find(|m| {
                m.kind == EntityKind::Place && strip_the(&s.text[sa..sb]) == m.text.as_str()
            })
        })
        .map(|m| m.known.clone().unwrap_or_else(|| m.text.clone()));
    let named = f.entity.is_some();
    f.anonymous = !person
        && (lex.anonymous_heads.contains(last.as_str())
            || lex.anonymous_heads.contains(f.head.as_str()))
        && f.document.is_none()
        || words.iter().any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "unnamed" | "anonymous" | "unidentified"
            )
        }) && !person;
    f.source = strip_the(&s.text[sa..sb]).to_string();
    f.refer = None;
    if words.len() == 1 && lex.pronouns.contains(last.as_str()) {
        f.refer = match last.as_str() {
            "he" | "she" => Some(Refer::Person),
            "it" => Some(Refer::Thing),
            "they" | "we" => Some(Refer::Plural),
            _ => None,
        };
    } else if words.first().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "the" | "this" | "that" | "these" | "those"
        )
    }) && !named
        && words.len() <= 4
        && words[1..].iter().all(|w| {
            let k = key(w);
            !is_capitalised(w)
                || s.mentions_in(s.base + sa, s.base + sb)
                    .iter()
                    .any(|m| m.kind == EntityKind::Group && m.text.eq_ignore_ascii_case(&k))
                || k.len() <= 4 && w.contains('.')
        })
        && (lex.speakers.contains(f.head.as_str()) || f.document.is_some())
    {
        f.refer = Some(Refer::Definite(f.head.clone()));
    }
}

/// `w`'s singular when the lexicon knows it as a speaker ("officials" → "official").
fn lex_singular(lex: &Lexicon, w: &str) -> String {
    let s = singular(w);
    if s != w && (lex.speakers.contains(s) || lex.anonymous_heads.contains(s)) {
        return s.to_string();
    }
    if let Some(stem) = w.strip_suffix("ies") {
        let y = format!("{stem}y");
        if lex.speakers.contains(y.as_str()) {
            return y;
        }
    }
    w.to_string()
}
