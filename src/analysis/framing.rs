//! Framing: how each sentence of an article tells what it tells. For one sentence it finds
//! the attribution (who the outlet says the fact comes from, the reporting verb, the relay,
//! whether the source is anonymous — resolving "he said" and "the official said" to earlier
//! sentences, and letting a quotation that runs over several sentences inherit its speaker),
//! hedges and scare quotes, loaded and neutral wording from the lexicon in
//! `assets/framing/`, numbers and dates normalised, and direct quotations with their
//! speakers. It also compares two outlets' numbers and dates. Pure functions over `model`
//! types: no I/O, no index, no terminal; it reads only the article it is given.

mod attribution;
mod compare;
mod dates;
pub mod lexicon;
mod numbers;
mod quotes;
mod text;
mod wording;

pub use compare::{compare_date, compare_dates, compare_number, compare_numbers};
pub use lexicon::{Lexicon, LexiconError};

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use attribution::{Found, Refer};
use lexicon::Hit;
use text::Word;

use crate::model::{
    Article, Attribution, AttributionOrigin, Clause, EntityKind, Framing, HedgeKind, Marked,
    Mention, Position, Quote, Span,
};

/// How many sentences back a follow-up ("the official said") looks for its antecedent.
const LOOKBACK: usize = 40;
/// How many sentences a quotation is followed across for its speaker.
const QUOTE_REACH: usize = 4;
/// How many links a chain of follow-ups is followed ("the official" → "the official" → "a
/// Syrian official").
const CHAIN: usize = 4;

/// The framing of `sentence` (a byte range of the article text, normally one of a passage's
/// `sentences`). A range outside every passage, or not on character boundaries, frames as
/// nothing.
pub fn frame(article: &Article, sentence: Span) -> Framing {
    Memo::new(article).frame(sentence)
}

/// The framing of every sentence of `article`, in text order: the same as [`frame`] on each,
/// but each sentence is read once for all of them.
pub fn frame_article(article: &Article) -> Vec<(Span, Framing)> {
    let memo = Memo::new(article);
    article
        .passages
        .iter()
        .flat_map(|p| p.sentences.iter().map(|&sp| (sp, memo.frame(sp))))
        .collect()
}

/// One sentence, ready for the passes: its text, words, lexicon hits, quotations and the
/// entity mentions inside it.
pub(crate) struct Sentence<'a> {
    /// Article byte offset of `text[0]`.
    pub base: usize,
    pub text: &'a str,
    /// Index of the passage in the article.
    pub passage: usize,
    /// The sentence's range in the article.
    pub span: Span,
    pub words: Vec<Word>,
    pub hits: Vec<Hit>,
    /// Quoted stretches of the sentence.
    pub quotes: Vec<InQuote>,
    /// Entity mentions inside the sentence, in order.
    pub mentions: &'a [Mention],
}

/// A quoted stretch as seen from one sentence: sentence byte range of the quoted words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InQuote {
    pub start: usize,
    pub end: usize,
    /// The quotation began before this sentence.
    pub from_before: bool,
    /// The quotation goes on after this sentence.
    pub goes_on: bool,
}

/// The sentence's hits without the verbs that report only with the words quoted ("called the
/// plan “reckless”") where those words are not there ("called a meeting", "dismissed the
/// director") or where the verb is part of a hedge ("what it described as “strategic files”"
/// keeps its distance; it names no new source): such a verb is no verb here, and ends no
/// clause.
fn quoting_verbs_checked(s: &Sentence<'_>, lex: &Lexicon) -> Vec<Hit> {
    // The hedges' spans, a "{}" phrase only where its head stands before it.
    let hedges: Vec<(usize, usize)> = s
        .hits
        .iter()
        .filter_map(|h| match h.pat {
            lexicon::Pat::Hedge { slot: None, .. } => Some((h.start, h.end)),
            lexicon::Pat::Hedge {
                slot: Some(slot), ..
            } => {
                let head = lex.slot_heads.get(usize::from(slot))?;
                wording::slot_start(s, h.start, head).map(|a| (a, h.end))
            }
            _ => None,
        })
        .collect();
    s.hits
        .iter()
        .copied()
        .filter(|h| {
            let lexicon::Pat::Verb(vi) = h.pat else {
                return true;
            };
            lex.verbs.get(usize::from(vi)).is_none_or(|v| {
                !v.needs_quote
                    || attribution::quote_within(&s.text[h.end..], 8)
                        && !hedges.iter().any(|&(a, b)| a < h.end && h.start < b)
            })
        })
        .collect()
}

impl<'a> Sentence<'a> {
    /// Sentence `span` of `article`; `quoted` gives the quoted stretches of a passage (by
    /// index), read once per passage however many sentences it has.
    fn new(
        article: &'a Article,
        span: Span,
        lex: &Lexicon,
        quoted: &dyn Fn(usize) -> Rc<[quotes::Quoted]>,
    ) -> Option<Sentence<'a>> {
        let pi = article
            .passages
            .partition_point(|p| p.span.end <= span.start);
        let p = article.passages.get(pi)?;
        if span.start < p.span.start || span.end > p.span.end || span.is_empty() {
            return None;
        }
        let (s0, s1) = (span.start - p.span.start, span.end - p.span.start);
        let text = p.text.get(s0..s1)?;
        // Quotations are read from the passage start, and once for the whole passage (read
        // again for each sentence, a paragraph of thousands of sentences took the square of
        // its length): a quotation still open at the sentence end goes on after it.
        let quotes = quoted(pi)
            .iter()
            .filter(|q| q.start < s1 && s0 < q.end)
            .map(|q| InQuote {
                start: q.start.max(s0) - s0,
                end: q.end.min(s1) - s0,
                from_before: q.start < s0 || !q.opened,
                goes_on: q.end > s1 || !q.closed,
            })
            .collect();
        let ms = &article.mentions;
        let m0 = ms.partition_point(|m| m.span.start < span.start);
        let m1 = ms.partition_point(|m| m.span.start < span.end);
        let mentions = ms.get(m0..m1.max(m0)).unwrap_or(&[]);
        let mut s = Sentence {
            base: span.start,
            text,
            passage: pi,
            span,
            words: text::words(text),
            hits: lex.scan(text),
            quotes,
            mentions,
        };
        s.hits = quoting_verbs_checked(&s, lex);
        Some(s)
    }

    /// Article span of sentence bytes `[a, b)`.
    pub fn abs(&self, a: usize, b: usize) -> Span {
        Span::new(self.base + a, self.base + b)
    }

    /// Whether sentence byte `pos` is inside a quotation.
    pub fn in_quote(&self, pos: usize) -> bool {
        self.quotes.iter().any(|q| q.start <= pos && pos < q.end)
    }

    /// The mention covering sentence byte `pos`.
    pub fn mention_at(&self, pos: usize) -> Option<&'a Mention> {
        let at = self.base + pos;
        self.mentions
            .iter()
            .find(|m| m.span.start <= at && at < m.span.end)
    }

    /// Mentions inside article range `[a, b)`.
    pub fn mentions_in(&self, a: usize, b: usize) -> Vec<&'a Mention> {
        self.mentions
            .iter()
            .filter(|m| a <= m.span.start && m.span.end <= b)
            .collect()
    }

    /// Whether word `i` is part of a date mention.
    pub fn is_date_word(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| {
            self.mention_at(w.start)
                .is_some_and(|m| m.kind == EntityKind::Date)
        })
    }

    /// Share of the sentence's non-space bytes that are quoted.
    fn quoted_share(&self) -> f64 {
        let total = self
            .text
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .count();
        if total == 0 {
            return 0.0;
        }
        let quoted: usize = self
            .quotes
            .iter()
            .map(|q| {
                self.text[q.start..q.end]
                    .bytes()
                    .filter(|b| !b.is_ascii_whitespace())
                    .count()
            })
            .sum();
        quoted as f64 / total as f64
    }
}

/// What one framing run has read of an article: each sentence is tokenised, scanned and
/// searched for reporting clauses once, however many follow-ups look back at it.
struct Memo<'a> {
    article: &'a Article,
    lex: &'a Lexicon,
    read: RefCell<HashMap<Span, Option<Rc<Read<'a>>>>>,
    /// The quoted stretches of each passage read so far, by passage index.
    quoted: RefCell<HashMap<usize, Rc<[quotes::Quoted]>>>,
}

/// One sentence read, with its reporting clauses.
struct Read<'a> {
    s: Sentence<'a>,
    found: Vec<Found>,
}

impl<'a> Memo<'a> {
    fn new(article: &'a Article) -> Memo<'a> {
        Memo {
            article,
            lex: Lexicon::builtin(),
            read: RefCell::new(HashMap::new()),
            quoted: RefCell::new(HashMap::new()),
        }
    }

    /// The quoted stretches of passage `pi` (none for a passage that does not exist).
    fn quoted(&self, pi: usize) -> Rc<[quotes::Quoted]> {
        if let Some(q) = self.quoted.borrow().get(&pi) {
            return q.clone();
        }
        let q: Rc<[quotes::Quoted]> = self
            .article
            .passages
            .get(pi)
            .map(|p| quotes::quoted(&p.text).into())
            .unwrap_or_else(|| Rc::from(Vec::new()));
        self.quoted.borrow_mut().insert(pi, q.clone());
        q
    }

    fn read(&self, sp: Span) -> Option<Rc<Read<'a>>> {
        if let Some(r) = self.read.borrow().get(&sp) {
            return r.clone();
        }
        let r = Sentence::new(self.article, sp, self.lex, &|pi| self.quoted(pi)).map(|s| {
            let found = attribution::find(&s, self.lex);
            Rc::new(Read { s, found })
        });
        self.read.borrow_mut().insert(sp, r.clone());
        r
    }

    fn frame(&self, sp: Span) -> Framing {
        match self.read(sp) {
            Some(r) => frame_sentence(self, &r.s, &r.found),
            None => Framing::default(),
        }
    }
}

fn frame_sentence(m: &Memo<'_>, s: &Sentence<'_>, found: &[Found]) -> Framing {
    let lex = m.lex;
    let resolved: Vec<(&Found, Attribution)> = found
        .iter()
        .map(|f| (f, resolve(m, s, f, found, 0)))
        .collect();
    let inherited = if resolved.is_empty() {
        inherit(m, s)
    } else {
        None
    };
    let mut hedges = wording::hedges(s, lex);
    let (quotes, scare) = quotations(s, &resolved, inherited.as_ref());
    hedges.extend(scare);
    hedges.sort_by_key(|h| h.span.start);
    let (loaded_terms, neutral_terms) = wording::terms(s, lex);
    let dates = dates::find(s, m.article.published);
    let taken: Vec<(usize, usize)> = dates
        .iter()
        .map(|d| (d.span.start - s.base, d.span.end - s.base))
        .collect();
    let numbers = numbers::find(s, &taken);
    let attributions = resolved
        .into_iter()
        .map(|(_, a)| a)
        .chain(inherited)
        .collect();
    Framing {
        attributions,
        hedges,
        loaded_terms,
        neutral_terms,
        numbers,
        dates,
        quotes,
    }
}

/// The attribution a `Found` makes, its follow-up source resolved against earlier text.
/// `siblings` are the other reporting clauses of its sentence.
fn resolve(
    m: &Memo<'_>,
    s: &Sentence<'_>,
    f: &Found,
    siblings: &[Found],
    depth: usize,
) -> Attribution {
    let mut a = Attribution {
        source: f.source.clone(),
        as_written: None,
        entity: f.entity.clone(),
        via: f.via.clone(),
        document: f.document.clone(),
        verb: f.verb.clone(),
        distance: f.distance,
        anonymous: f.anonymous,
        span: s.abs(f.span.0, f.span.1),
        position: f.position,
        covers: s.abs(f.covers.0, f.covers.1),
        clause: f.clause,
        origin: AttributionOrigin::Sentence,
    };
    if f.kind == attribution::Kind::Hearsay {
        // "unnamed reports", written "reportedly".
        a.as_written = Some(s.text[f.src.0..f.src.1].to_string());
    }
    let at = s.base + f.src.0;
    let antecedent: Option<Attribution> = match &f.refer {
        None => None,
        // "he said": the last person quoted, in this sentence or the one before; else the
        // nearest person named outside quotations.
        // Only to a speaker whose gender, when a title tells it, matches the pronoun.
        Some(Refer::Person) => {
            let want = pronoun_gender(&f.source);
            // "A spokeswoman said … She added": a noun that tells a gender is a person too.
            let fits = |g: &Found| {
                (g.person || noun_gender(&g.head).is_some())
                    && g.refer.is_none()
                    && fits_gender(m, g, want)
            };
            earlier_in_sentence(m, s, f, siblings, depth, &fits)
                .or_else(|| earlier_source(m, s, depth, None, fits, 1))
                .or_else(|| person_referred(m, s, f, want).map(|x| named(x, &a)))
        }
        // "it" only within its own sentence: "operations it says are aimed at".
        Some(Refer::Thing) => nearest_mention(
            m,
            at,
            &[EntityKind::Organization, EntityKind::Place],
            Some(s.span),
        )
        .map(|x| named(x, &a)),
        // "they", "we": a group, an organization or several people, never one named person.
        Some(Refer::Plural) => earlier_source(m, s, depth, None, |g| !one_person(g), 3),
        Some(Refer::Definite(head)) => {
            let head = head.as_str();
            earlier_source(
                m,
                s,
                depth,
                Some(head),
                |g: &Found| {
                    g.head == head || g.document.as_deref().is_some_and(|d| d.ends_with(head))
                },
                LOOKBACK,
            )
            .or_else(|| {
                // "the ministry said": the nearest organization named with that word.
                nearest_mention(m, at, &[EntityKind::Organization], None)
                    .filter(|x| x.text.to_lowercase().contains(head))
                    .map(|x| named(x, &a))
            })
        }
    };
    if let Some(ant) = antecedent {
        a.as_written = Some(std::mem::take(&mut a.source));
        a.source = ant.source;
        a.entity = a.entity.or(ant.entity);
        a.via = a.via.or(ant.via);
        a.document = a.document.or(ant.document);
        a.anonymous |= ant.anonymous;
        a.origin = AttributionOrigin::Resolved;
    } else if f.refer.is_none()
        && let Some((det, rest)) = f.source.split_once(' ')
        && let Some(want) = match det.to_lowercase().as_str() {
            "his" => Some(Gender::Male),
            "her" => Some(Gender::Female),
            _ => None,
        }
        && !rest.trim().is_empty()
    {
        // "His office announced …": whose it is, found as a pronoun's person is; the source
        // reads "Pat McCrory's office", or stays as written.
        if let Some(x) = person_referred(m, s, f, Some(want)) {
            let name = x.known.as_deref().unwrap_or(&x.text);
            a.source = format!("{name}'s {rest}");
            a.as_written = Some(format!("{det} {rest}"));
            a.origin = AttributionOrigin::Resolved;
        }
    }
    a
}

/// The person a pronoun (or "his"/"her") of `f` refers to, outside the sources found: the
/// subject of the sentence before when it opens its sentence ("Slager pulled over Scott. He
/// said he opened fire …"), else the nearest person named before it whose gender fits.
fn person_referred<'a>(
    m: &Memo<'a>,
    s: &Sentence<'_>,
    f: &Found,
    want: Option<Gender>,
) -> Option<&'a Mention> {
    let opens = s.text[..f.src.0].trim().is_empty();
    opens
        .then(|| subject_before(m, s, want))
        .flatten()
        .or_else(|| nearest_person(m, s.base + f.src.0, want))
}

/// A person named as a source earlier in the same sentence ("Trump said …, and he added").
fn earlier_in_sentence(
    m: &Memo<'_>,
    s: &Sentence<'_>,
    f: &Found,
    siblings: &[Found],
    depth: usize,
    fits: &dyn Fn(&Found) -> bool,
) -> Option<Attribution> {
    let g = siblings
        .iter()
        .rev()
        .find(|g| g.span.1 <= f.span.0 && fits(g))?;
    Some(resolve(m, s, g, siblings, depth + 1))
}

/// A person's gender as a title tells it ("Mrs.", "Sir"); nothing else is guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

fn title_gender(word: &str) -> Option<Gender> {
    let w = word.trim_end_matches('.').to_lowercase();
    match w.as_str() {
        "mr" | "sir" | "lord" | "duke" | "earl" | "baron" | "king" | "prince" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "dame" | "lady" | "duchess" | "baroness" | "queen" | "princess"
        | "madam" | "mme" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender a pronoun source asks for: "he" and "she"; nothing for any other.
fn pronoun_gender(source: &str) -> Option<Gender> {
    match source.to_lowercase().as_str() {
        "he" => Some(Gender::Male),
        "she" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender of a mention from a title in it or right before it.
fn mention_gender(article: &Article, x: &Mention) -> Option<Gender> {
    if let Some(g) = x.text.split_whitespace().next().and_then(title_gender) {
        return Some(g);
    }
    let p = article.passages.get(x.passage? as usize)?;
    let local = x.span.start.checked_sub(p.span.start)?;
    let before = p.text.get(..local)?.trim_end();
    before.split_whitespace().next_back().and_then(title_gender)
}

/// The gender of a named person from any mention of that name in the article with a title.
fn name_gender(article: &Article, name: &str) -> Option<Gender> {
    article
        .mentions
        .iter()
        .filter(|x| x.kind == EntityKind::Person)
        .filter(|x| x.known.as_deref().unwrap_or(x.text.as_str()) == name || x.text == name)
        .find_map(|x| mention_gender(article, x))
}

/// Whether source `g` may be what a pronoun of gender `want` refers to: unknown on either
/// side fits; a known, different gender does not.
fn fits_gender(m: &Memo<'_>, g: &Found, want: Option<Gender>) -> bool {
    let Some(want) = want else { return true };
    let known = g
        .source
        .split_whitespace()
        .next()
        .and_then(title_gender)
        .or_else(|| noun_gender(&g.head))
        .or_else(|| g.entity.as_deref().and_then(|e| name_gender(m.article, e)));
    known.is_none_or(|k| k == want)
}

/// The gender a source's head noun tells ("the spokeswoman", "his brother"); nothing for a
/// noun that says none ("the official", "the chairman", which is said of women too).
fn noun_gender(head: &str) -> Option<Gender> {
    match head {
        "spokeswoman" | "congresswoman" | "businesswoman" | "chairwoman" | "woman" | "mother"
        | "daughter" | "wife" | "sister" | "grandmother" | "widow" => Some(Gender::Female),
        "spokesman" | "congressman" | "businessman" | "man" | "father" | "son" | "husband"
        | "brother" | "grandfather" | "widower" => Some(Gender::Male),
        _ => None,
    }
}

/// A source naming exactly one person ("Kim", "Mrs. Okafor"), not a group or a list.
fn one_person(g: &Found) -> bool {
    g.person && g.refer.is_none() && !g.source.contains(" and ") && !g.source.contains(',')
}

/// The person the sentence before `s` (in its passage) opens on, within its first
/// [`SUBJECT_WORDS`] words and outside quotations, when their gender does not rule them out:
/// the subject, which a pronoun opening the next sentence takes up (centering's preference of
/// subjects over objects).
fn subject_before<'a>(
    memo: &Memo<'a>,
    s: &Sentence<'_>,
    want: Option<Gender>,
) -> Option<&'a Mention> {
    let passage = memo.article.passages.get(s.passage)?;
    let before = *sentences_before(memo.article, s, 1).first()?;
    let local = before.start.checked_sub(passage.span.start)?
        ..before.end.checked_sub(passage.span.start)?;
    // Within its passage only.
    let text = passage.text.get(local)?;
    // The byte offset where the sentence's words run past the subject's reach.
    let last = text.split_whitespace().take(SUBJECT_WORDS).last()?;
    let reach = before.start + (last.as_ptr() as usize - text.as_ptr() as usize) + last.len();
    let first = first_mention(memo, before, EntityKind::Person)?;
    (first.span.start < reach && mention_fits_gender(memo.article, first, want)).then_some(first)
}

/// How far into a sentence its subject may start ("North Carolina Gov. Pat McCrory signed").
const SUBJECT_WORDS: usize = 6;

/// The first mention of `kind` in article bytes `span`, when it stands outside quotations.
fn first_mention<'a>(memo: &Memo<'a>, span: Span, kind: EntityKind) -> Option<&'a Mention> {
    let article = memo.article;
    let start = article
        .mentions
        .partition_point(|m| m.span.start < span.start);
    let m = article.mentions[start..]
        .iter()
        .take_while(|m| m.span.start < span.end)
        .find(|m| m.kind == kind)?;
    Unquoted::new(memo).holds(m).then_some(m)
}

/// The nearest person named before article byte `at` whose gender fits `want`.
fn nearest_person<'a>(memo: &Memo<'a>, at: usize, want: Option<Gender>) -> Option<&'a Mention> {
    let mut at = at;
    for _ in 0..12 {
        let x = nearest_mention(memo, at, &[EntityKind::Person], None)?;
        if mention_fits_gender(memo.article, x, want) {
            return Some(x);
        }
        at = x.span.start;
    }
    None
}

/// Whether person mention `x` may be what a pronoun asking for `want` refers to: its gender,
/// from a title or its name, is unknown or the one wanted.
fn mention_fits_gender(article: &Article, x: &Mention, want: Option<Gender>) -> bool {
    let known = mention_gender(article, x)
        .or_else(|| name_gender(article, x.known.as_deref().unwrap_or(x.text.as_str())));
    want.is_none() || known.is_none_or(|k| Some(k) == want)
}

/// An attribution to a named mention (for a pronoun).
fn named(m: &Mention, like: &Attribution) -> Attribution {
    let name = m.known.clone().unwrap_or_else(|| m.text.clone());
    Attribution {
        source: name.clone(),
        entity: Some(name),
        anonymous: false,
        via: None,
        document: None,
        ..like.clone()
    }
}

/// The nearest mention of one of `kinds` ending before article byte `at` (inside `within`
/// when given), leaving out mentions inside quotations: in "“I met Kim,” he said", "he" is
/// not Kim.
fn nearest_mention<'a>(
    memo: &Memo<'a>,
    at: usize,
    kinds: &[EntityKind],
    within: Option<Span>,
) -> Option<&'a Mention> {
    let article = memo.article;
    let end = article.mentions.partition_point(|m| m.span.start < at);
    let mut unquoted = Unquoted::new(memo);
    article.mentions[..end].iter().rev().find(|m| {
        m.span.end <= at
            && kinds.contains(&m.kind)
            && within.is_none_or(|w| m.span.start >= w.start)
            && unquoted.holds(m)
    })
}

/// Whether mentions stand outside the quotations of their passage, each passage's quotations
/// read once for a run of mentions in it.
struct Unquoted<'m, 'a> {
    memo: &'m Memo<'a>,
    quoted: Option<(u32, Rc<[quotes::Quoted]>)>,
}

impl<'m, 'a> Unquoted<'m, 'a> {
    fn new(memo: &'m Memo<'a>) -> Self {
        Unquoted { memo, quoted: None }
    }

    /// `m` is in a passage and outside its quotations.
    fn holds(&mut self, m: &Mention) -> bool {
        let Some(pi) = m.passage else { return false };
        let Some(p) = self.memo.article.passages.get(pi as usize) else {
            return false;
        };
        if self.quoted.as_ref().is_none_or(|(q, _)| *q != pi) {
            self.quoted = Some((pi, self.memo.quoted(pi as usize)));
        }
        let local = m.span.start.saturating_sub(p.span.start);
        !self
            .quoted
            .as_ref()
            .is_some_and(|(_, qs)| qs.iter().any(|q| q.start <= local && local < q.end))
    }
}

/// The sentences before `s` in the article, nearest first, at most `n`.
fn sentences_before(article: &Article, s: &Sentence<'_>, n: usize) -> Vec<Span> {
    let mut out = Vec::new();
    for pi in (0..=s.passage).rev() {
        let Some(p) = article.passages.get(pi) else {
            continue;
        };
        // Sentences are in order: skip those at or after `s` without a look at each (a
        // passage of thousands of sentences is walked once, not once per follow-up).
        let before = p.sentences.partition_point(|sp| sp.end <= s.span.start);
        for sp in p.sentences[..before].iter().rev() {
            out.push(*sp);
            if out.len() >= n {
                return out;
            }
        }
    }
    out
}

/// The nearest earlier reporting clause that `wanted` accepts, itself resolved. With a
/// `hint`, only sentences containing that word (any case) are read: most are skipped
/// without tokenising them.
fn earlier_source(
    m: &Memo<'_>,
    s: &Sentence<'_>,
    depth: usize,
    hint: Option<&str>,
    wanted: impl Fn(&Found) -> bool,
    reach: usize,
) -> Option<Attribution> {
    if depth >= CHAIN {
        return None;
    }
    for sp in sentences_before(m.article, s, reach) {
        if let Some(h) = hint
            && !sentence_text(m.article, sp).is_some_and(|t| contains_ignore_case(t, h))
        {
            continue;
        }
        let Some(prev) = m.read(sp) else {
            continue;
        };
        if let Some(g) = prev.found.iter().rev().find(|g| wanted(g)) {
            return Some(resolve(m, &prev.s, g, &prev.found, depth + 1));
        }
    }
    None
}

/// The text of sentence `sp` of `article`.
fn sentence_text(article: &Article, sp: Span) -> Option<&str> {
    let pi = article.passages.partition_point(|p| p.span.end <= sp.start);
    let p = article.passages.get(pi)?;
    p.text
        .get(sp.start.checked_sub(p.span.start)?..sp.end.checked_sub(p.span.start)?)
}

/// Whether `hay` contains the ASCII word `needle` in any case.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    !n.is_empty() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// For a sentence without a reporting clause of its own that is mostly a quotation, or
/// continues one: the attribution of the neighbouring sentence that carries it.
fn inherit(m: &Memo<'_>, s: &Sentence<'_>) -> Option<Attribution> {
    let continues = s.quotes.iter().any(|q| q.from_before || q.goes_on);
    if !continues && s.quoted_share() < 0.5 {
        return None;
    }
    let p = m.article.passages.get(s.passage)?;
    let idx = p
        .sentences
        .binary_search_by_key(&s.span.start, |sp| sp.start)
        .ok()
        .filter(|&i| p.sentences[i] == s.span)?;
    // Ahead, while the quotation runs on.
    let mut open = s.quotes.last().is_some_and(|q| q.goes_on);
    for sp in p.sentences.iter().skip(idx + 1).take(QUOTE_REACH) {
        if !open {
            break;
        }
        let next = m.read(*sp)?;
        if let Some(f) = next.found.first() {
            let a = resolve(m, &next.s, f, &next.found, 0);
            return Some(inherited(a, s, Position::After));
        }
        open = next.s.quotes.last().is_some_and(|q| q.goes_on);
    }
    // Behind: the sentence that opened this run of quotations.
    for sp in p.sentences[..idx].iter().rev().take(QUOTE_REACH) {
        let prev = m.read(*sp)?;
        if prev.s.quotes.is_empty() {
            break;
        }
        if let Some(f) = prev.found.first() {
            let a = resolve(m, &prev.s, f, &prev.found, 0);
            return Some(inherited(a, s, Position::Before));
        }
    }
    None
}

/// Attribution `a` of a neighbouring sentence, as inherited by `s`: it covers the whole
/// sentence and stands `position` it.
fn inherited(mut a: Attribution, s: &Sentence<'_>, position: Position) -> Attribution {
    let (x, y) = text::trim_range(s.text, 0, s.text.len());
    a.origin = AttributionOrigin::Inherited;
    a.position = position;
    a.covers = s.abs(x, y);
    a.clause = Clause::Main;
    a
}

/// Words shortly before a quotation that present it as someone's speech or writing, so that
/// a short one is a partial quotation, not the outlet's irony.
const SPEECH: &[&str] = &[
    "called",
    "calls",
    "call",
    "calling",
    "described",
    "describes",
    "describing",
    "dubbed",
    "dubs",
    "termed",
    "labeled",
    "labelled",
    "branded",
    "named",
    "known as",
    "referred to",
    "characterized",
    "characterised",
    "dismissed",
    "dismissing",
    "denounced",
    "likened",
    "likening",
    "saying",
    "writing",
    "wrote",
    "reading",
    "read",
    "chanted",
    "chanting",
    "tweeted",
    "tweeting",
    "posted",
    "posting",
    "declared",
    "declaring",
    "vowed",
    "vowing",
    "promised",
    "promising",
    "pledged",
    "pledging",
    "warned",
    "warning",
    "praised",
    "praising",
    "hailed",
    "hailing",
    "derided",
    "deriding",
    "mocked",
    "mocking",
    "criticized",
    "criticised",
    "accused",
    "accusing",
    "urged",
    "urging",
    "asked",
    "asking",
    "insisted",
    "insisting",
    "argued",
    "arguing",
    "promise",
    "vow",
    "statement",
    "message",
    "sign",
    "slogan",
    "slogans",
    "words",
    "phrase",
    "so-called",
    "as saying",
    "quoted",
];

/// Whether quotation `q` is introduced as speech: a colon or comma right before it, or a
/// speech word among the few words before it in its clause.
fn speech_intro(s: &Sentence<'_>, q: &InQuote) -> bool {
    let head = s.text[..q.start].trim_end_matches(['“', '"', '‘', '\'', '«', ' ']);
    if head.ends_with([':', ',']) {
        return true;
    }
    let k = text::words_before(&s.words, head.len());
    let from = k.saturating_sub(8);
    let window: Vec<String> = s.words[from..k]
        .iter()
        .map(|w| w.of(s.text).to_lowercase())
        .collect();
    let joined = window.join(" ");
    SPEECH.iter().any(|w| {
        if w.contains(' ') {
            joined.contains(w)
        } else {
            window.iter().any(|x| x == w)
        }
    })
}

/// The first person or organization named before quotation `q` in its sentence, outside
/// quotations: the speaker of a quotation introduced by "Sessions called the caravan …".
fn named_before(s: &Sentence<'_>, q: &InQuote) -> Option<String> {
    s.mentions
        .iter()
        .filter(|m| matches!(m.kind, EntityKind::Person | EntityKind::Organization))
        .filter(|m| m.span.end <= s.base + q.start && !s.in_quote(m.span.start - s.base))
        .map(|m| m.known.clone().unwrap_or_else(|| m.text.clone()))
        .next()
}

/// Quotations with their speakers, and the short unattributed ones as scare quotes.
fn quotations(
    s: &Sentence<'_>,
    found: &[(&Found, Attribution)],
    inherited: Option<&Attribution>,
) -> (Vec<Quote>, Vec<Marked>) {
    let mut quotes = Vec::new();
    let mut scare = Vec::new();
    for q in &s.quotes {
        let (a, b) = text::trim_range(s.text, q.start, q.end);
        let (a, b) = trim_quote(s.text, a, b);
        if a >= b {
            continue;
        }
        let inner = &s.text[a..b];
        let words = inner.split_whitespace().count();
        // The nearest attribution outside the quotation.
        let speaker = found
            .iter()
            .min_by_key(|(f, _)| {
                if f.span.1 <= q.start {
                    q.start - f.span.1
                } else {
                    f.span.0.saturating_sub(q.end)
                }
            })
            .map(|(_, a)| a.source.clone())
            .or_else(|| inherited.map(|a| a.source.clone()));
        let whole = s.words.iter().all(|w| w.start >= q.start && w.end <= q.end);
        let speech = speaker.is_some() || speech_intro(s, q);
        let speaker = speaker.or_else(|| speech.then(|| named_before(s, q)).flatten());
        if words <= 4 && !q.from_before && !q.goes_on && !whole && !speech {
            scare.push(Marked {
                text: inner.to_string(),
                span: s.abs(a, b),
                kind: HedgeKind::ScareQuote,
            });
            continue;
        }
        quotes.push(Quote {
            text: inner.to_string(),
            span: s.abs(a, b),
            speaker,
            continues: q.from_before || q.goes_on,
        });
    }
    (quotes, scare)
}

/// The quoted words without a trailing comma.
fn trim_quote(t: &str, a: usize, b: usize) -> (usize, usize) {
    let inner = &t[a..b];
    let trimmed = inner.trim_end_matches([',', ' ']);
    (a, a + trimmed.len())
}

#[cfg(test)]
mod tests;
