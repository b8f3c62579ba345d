//! Facts: within one story, the sentences of different outlets that report the same thing.
//!
//! Each sentence becomes a set of weighted features: content words by Snowball stem, folded
//! through a lexicon of news paraphrases (revive = reactivate, ousted = toppled, talks =
//! negotiations; `assets/facts/lexicon.toml`), entities by the entity they name across
//! spellings (al-Shibani = al-Shaibani, UN = U.N.), dates by their normalised value (and
//! coarser: December 2024 meets Dec. 8, 2024 half-way) and numbers by value. Weights are
//! inverse sentence frequency within the story, so "Israel" in an Israel story counts for
//! little and "1974" for a lot. A sentence is also cut into clauses (at punctuation and at
//! words like "and", "while", "following", "prompting"), since news sentences often report two
//! things ("Damascus seeks reactivation of the 1974 agreement and a withdrawal of Israeli
//! forces"). Sentences and clauses of different articles are scored by cosine and by
//! containment (only through a word rare in the story: a subhead of topic words is contained
//! in dozens of sentences); two sentences are as alike as their most alike parts. Two
//! sentences that share runs of five words (a quotation both outlets carry) are alike however
//! the rest differs. To word overlap is added how alike the sentences' meaning vectors are
//! ([`super::vectors`]: static word-piece vectors distilled from a sentence encoder, the
//! story's own mean taken away), which joins paraphrases that share few words and keeps apart
//! sentences that share names and the story's topic words but say different things.
//!
//! Facts are found in three steps: average-link clustering of whole sentences (cores that a
//! two-fact sentence cannot chain together), then every sentence joins up to two further facts
//! it resembles across most of their articles (so it sits in each fact it reports), then a
//! fact that only regroups sentences told in other facts is dropped.
//! Pure: articles in, groups of sentences out; no I/O, no index, no terminal.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use super::aliases::{Located, Named, Rules, Source, Spellings, fold_lower, resolve};
use crate::model::{Article, EntityKind, Fact, FactPassage, Span};

/// Two groups of sentences join when their average likeness across articles reaches this.
/// Likeness is word overlap plus [`MEANING`] times the likeness of what the sentences are about.
/// Chosen with [`ATTACH`], [`MEANING`] and [`PRUNE_FLOOR`] on a grid over the blind gold of
/// NewsWCL50 events 01 and 07 and the seeds' gold, then checked on events 03 and 08, held out
/// (BENCHMARKS.md): JOIN 0.3 / 0.4 / 0.5 gave held-out precision 0.63 / 0.67 / 0.73 at recall
/// 0.26 / 0.23 / 0.21.
const JOIN: f32 = 0.4;
/// A sentence joins a further fact when its average likeness to the fact's sentences from other
/// articles reaches this, and it is at least [`SUPPORT_FLOOR`] alike to a [`SUPPORT`] share of
/// them. 0.45 / 0.55 / 0.65 gave held-out precision 0.58 / 0.67 / 0.74 at recall 0.25 / 0.23
/// / 0.21, and seed recall 0.63 / 0.66 / 0.56.
const ATTACH: f32 = 0.55;
const SUPPORT: f32 = 0.6;
const SUPPORT_FLOOR: f32 = 0.1;
/// How much the likeness of two sentences' meaning vectors (story-centred, see
/// [`super::vectors`]) adds to their word overlap; only a positive likeness adds. A logistic
/// fit on events 01 and 07 weighed it 0.8 against overlap; in the grouping 0.5 did better
/// (0.3 / 0.5 / 0.8: held-out precision 0.61 / 0.67 / 0.60 at recall 0.23 / 0.23 / 0.28).
const MEANING: f32 = 0.5;
/// A fact keeps a sentence only if it is at least this alike to a [`PRUNE_SUPPORT`] share of
/// the fact's sentences from other articles (0.2 over none: held-out precision 0.41 -> 0.49
/// before [`MEANING`]).
const PRUNE_FLOOR: f32 = 0.2;
const PRUNE_SUPPORT: f32 = 0.6;
/// Further facts a sentence may join: a news sentence seldom reports more than two or three
/// things, and one that seems to report many is saying something general.
const MAX_JOINED: usize = 2;

/// One sentence of one article of the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Index into the articles given to [`align`].
    pub article: usize,
    pub passage: u32,
    /// The sentence's byte range in the article text.
    pub span: Span,
}

/// What is compared: a sentence as features (kept apart from [`Sentence`] so parts of
/// sentences can be compared later).
#[derive(Debug, Clone)]
struct Unit {
    article: usize,
    passage: u32,
    /// The sentence it belongs to.
    sentence: usize,
    /// Its byte range in the article text.
    span: Span,
    /// Its features, sorted by id, each once.
    features: Vec<u32>,
    /// Its words: byte range in the article text and feature (`None` for stop words).
    tokens: Vec<(Span, Option<u32>)>,
    /// Hashes of its runs of [`SHINGLE`] words (stop words included, entities by entity)
    /// holding at least two content words, sorted, each once; empty for clauses.
    shingles: Vec<u64>,
}

/// A group of sentences that report one fact.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Indexes into [`Aligned::sentences`], in article then text order.
    pub members: Vec<usize>,
    /// The sentence most like the others.
    pub central: usize,
    pub label: String,
    /// How tightly the members agree (average similarity across articles; 1 for one sentence).
    pub cohesion: f32,
    /// For each member, the part of it that reports the fact: the sentence, or the clause of it
    /// most like the other members (article coordinates).
    pub parts: Vec<Span>,
}

/// A story's sentences and the facts they group into.
#[derive(Debug, Clone)]
pub struct Aligned {
    pub sentences: Vec<Sentence>,
    /// Most widely reported first.
    pub facts: Vec<Draft>,
    units: Vec<Unit>,
    /// The units of each sentence, the whole sentence first.
    of_sentence: Vec<Vec<usize>>,
    sims: Likeness,
    weights: Vec<f32>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Word,
    Weak,
    Entity,
    Date,
    Number,
}

impl Kind {
    fn factor(self) -> f32 {
        match self {
            Kind::Word => 1.0,
            Kind::Weak => 0.25,
            Kind::Entity => 1.2,
            Kind::Date => 1.5,
            Kind::Number => 2.0,
        }
    }
}

struct Lexicon {
    stop: HashSet<String>,
    weak: HashSet<String>,
    /// Stem -> group.
    same: HashMap<String, u32>,
    /// Multi-word entries, by their first stem: (stems, group).
    phrases: HashMap<String, Vec<(Vec<String>, u32)>>,
    stemmer: frostem::Stemmer,
}

#[derive(serde::Deserialize, Default)]
struct RawLexicon {
    stopwords: Vec<String>,
    weak: Vec<String>,
    same: Vec<RawGroup>,
}

#[derive(serde::Deserialize)]
struct RawGroup {
    words: Vec<String>,
}

impl Lexicon {
    fn builtin() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            // A broken lexicon (caught by the tests) leaves facts to plain word overlap.
            let raw: RawLexicon = toml::from_str(include_str!("../../assets/facts/lexicon.toml"))
                .unwrap_or_else(|e| {
                    tracing::warn!("assets/facts/lexicon.toml: {e}");
                    RawLexicon::default()
                });
            Lexicon::from_raw(raw)
        })
    }

    fn from_raw(raw: RawLexicon) -> Lexicon {
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        let mut lex = Lexicon {
            stop: raw.stopwords.iter().map(|w| fold_lower(w)).collect(),
            weak: HashSet::default(),
            same: HashMap::default(),
            phrases: HashMap::default(),
            stemmer,
        };
        lex.weak = raw.weak.iter().map(|w| lex.stem(&fold_lower(w))).collect();
        for (g, group) in raw.same.iter().enumerate() {
            for entry in &group.words {
                let stems: Vec<String> = words(entry)
                    .map(|(_, w)| lex.stem(&fold_lower(w)))
                    .collect();
                match stems.len() {
                    0 => {}
                    1 => {
                        lex.same.entry(stems[0].clone()).or_insert(g as u32);
                    }
                    _ => lex
                        .phrases
                        .entry(stems[0].clone())
                        .or_default()
                        .push((stems, g as u32)),
                }
            }
        }
        for list in lex.phrases.values_mut() {
            list.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        }
        lex
    }

    fn stem(&self, word: &str) -> String {
        let w = word
            .strip_suffix("’s")
            .or_else(|| word.strip_suffix("'s"))
            .unwrap_or(word);
        self.stemmer.stem(w).into_owned()
    }
}

/// The words of `text`: runs of letters and digits (an apostrophe or a period inside a word,
/// as in "Syria's" or "1,200.5", does not split it), with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_word = chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        let inner = matches!(c, '\'' | '’' | '.' | ',') && start.is_some() && next_is_word;
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

/// Names features and keeps their kinds.
#[derive(Default)]
struct Features {
    ids: HashMap<String, u32>,
    kinds: Vec<Kind>,
    /// A date's coarser forms ("D~2024-12-08", "D~2024-12", "D~2024"), by the date's feature.
    coarser: HashMap<u32, Vec<u32>>,
    scratch: String,
    /// Each word as written: folded and stemmed, once per story.
    forms: HashMap<String, (String, String)>,
}

impl Features {
    /// The id of `prefix` + `key`, allocating its name only the first time.
    fn id_of(&mut self, prefix: &str, key: &str, kind: Kind) -> u32 {
        self.scratch.clear();
        self.scratch.push_str(prefix);
        self.scratch.push_str(key);
        if let Some(&id) = self.ids.get(self.scratch.as_str()) {
            return id;
        }
        let name = self.scratch.clone();
        self.id(name, kind)
    }

    /// `word` folded to lower case, and its stem.
    fn forms(&mut self, word: &str, lex: &Lexicon) -> (String, String) {
        if let Some(known) = self.forms.get(word) {
            return known.clone();
        }
        let folded = fold_lower(word);
        let stem = lex.stem(&folded);
        self.forms
            .insert(word.to_string(), (folded.clone(), stem.clone()));
        (folded, stem)
    }

    fn id(&mut self, name: String, kind: Kind) -> u32 {
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(name).or_insert(next);
        if id == next {
            self.kinds.push(kind);
        }
        id
    }
}

/// Each sentence's meaning vector, in the order [`align`] numbers the sentences, and the
/// vectors' length; `None` when the built-in vectors are not there.
type Meaning = Option<(Vec<f32>, usize)>;

fn meaning(articles: &[&Article]) -> Meaning {
    let v = super::vectors::builtin()?;
    let texts = articles.iter().enumerate().flat_map(|(ai, a)| {
        a.passages.iter().flat_map(move |p| {
            p.sentences
                .iter()
                .map(move |&s| (ai, article_text(a, p.index, s)))
        })
    });
    Some((super::vectors::story_vectors(v, texts), v.dim()))
}

/// Group the sentences of `articles` (one story, told by different outlets) into facts.
pub fn align(articles: &[&Article]) -> Aligned {
    align_with(articles, || meaning(articles))
}

/// [`align`], with the sentences' meaning vectors from `meaning` (called once the rest is
/// ready, so they may be worked out on another thread meanwhile).
fn align_with(articles: &[&Article], meaning: impl FnOnce() -> Meaning) -> Aligned {
    let lex = Lexicon::builtin();
    let entity_of = entities(articles);
    let mut features = Features::default();
    let mut units = Vec::new();
    let mut sentences = Vec::new();
    let mut of_sentence: Vec<Vec<usize>> = Vec::new();
    let mut parts: Vec<(usize, Span)> = Vec::new();
    for (ai, a) in articles.iter().enumerate() {
        let mentions: Vec<(Span, String)> = a
            .mentions
            .iter()
            .filter(|m| m.passage.is_some())
            .filter_map(|m| {
                let name = match m.kind {
                    EntityKind::Date => format!("D:{}", m.value.as_deref()?),
                    _ => format!("E:{}", entity_of.get(&(ai, m.span.start))?),
                };
                Some((m.span, name))
            })
            .collect();
        let titles: Vec<Span> = a
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person)
            .filter_map(|m| title_before(a, m.passage?, m.span))
            .collect();
        for p in &a.passages {
            for s in &p.sentences {
                let si = sentences.len();
                sentences.push(Sentence {
                    article: ai,
                    passage: p.index,
                    span: *s,
                });
                of_sentence.push(Vec::new());
                let ctx = Context {
                    article: ai,
                    passage: p,
                    sentence: si,
                    mentions: &mentions,
                    titles: &titles,
                    lex,
                };
                of_sentence[si].push(units.len());
                units.push(unit(&ctx, *s, &mut features));
                for c in clauses(&p.text, p.span.start, *s, lex) {
                    parts.push((si, c));
                }
            }
        }
    }
    // Whole sentences are units 0..n (unit i is sentence i); their clauses follow, made from the
    // sentence's own words.
    let whole = units.len();
    for &(si, c) in &parts {
        of_sentence[si].push(units.len());
        let part = clause_unit(&units[si], c, &features.coarser);
        units.push(part);
    }
    let (weights, rare) = weigh(&units[..whole], &features, articles.len());
    let unit_sims = similarities(&units, &weights, &rare, whole);
    // Sentences are as alike as their most alike parts, and as what they are about.
    // Whole sentences' own pairs are kept aside on the way, in the table's order, for the
    // clustering below: one walk over the table, not two.
    let mut sims: Likeness = HashMap::with_capacity_and_hasher(unit_sims.len(), Default::default());
    let mut whole_sims: Vec<(Pair, f32)> = Vec::new();
    for (&(a, b), &v) in &unit_sims {
        if (a as usize) < whole && (b as usize) < whole {
            whole_sims.push(((a, b), v));
        }
        let (x, y) = (units[a as usize].sentence, units[b as usize].sentence);
        let e = sims.entry(pair(x, y)).or_insert(0.0);
        *e = e.max(v);
    }
    let meaning = meaning();

    let about = |a: usize, b: usize| -> f32 {
        meaning.as_ref().map_or(0.0, |(vs, dim)| {
            MEANING * super::vectors::cosine(vs, *dim, a, b).max(0.0)
        })
    };
    for (&(a, b), v) in sims.iter_mut() {
        *v = (*v + about(a as usize, b as usize)).clamp(0.0, 1.0);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut centrals: Vec<usize> = Vec::new();
    // Facts are found among whole sentences (so a sentence that reports two facts cannot
    // chain them into one), then every sentence joins each further fact it reports, a clause
    // of it being enough.
    for (k, v) in &mut whole_sims {
        *v = (*v + about(k.0 as usize, k.1 as usize)).clamp(0.0, 1.0);
    }
    let cores = cluster(&units[..whole], &whole_sims);
    // Each sentence's alike sentences, for the passes that weigh a sentence against a group.
    let mut near: Vec<Vec<(u32, f32)>> = vec![Vec::new(); whole];
    for (&(a, b), &v) in &sims {
        if (a as usize) < whole && (b as usize) < whole {
            near[a as usize].push((b, v));
            near[b as usize].push((a, v));
        }
    }
    for list in &mut near {
        list.sort_unstable_by_key(|&(m, _)| m);
    }
    let clustered = prune(
        expand(cores, &units[..whole], &near),
        &units[..whole],
        &near,
    );
    let mut facts_per_sentence = vec![0usize; whole];
    for &m in clustered.iter().flatten() {
        facts_per_sentence[m] += 1;
    }
    for g in clustered {
        let mut members: Vec<usize> = g.clone();
        members.sort_unstable();
        members.dedup();
        if groups.contains(&members) {
            continue;
        }
        centrals.push(central(&g, &sims, &facts_per_sentence));
        groups.push(members);
    }
    // A sentence alone is a fact of its own only when no wider fact holds it already.
    let spread = |m: &Vec<usize>| {
        m.iter()
            .map(|&x| sentences[x].article)
            .collect::<HashSet<_>>()
            .len()
    };
    let covered: HashSet<usize> = groups
        .iter()
        .filter(|m| spread(m) > 1)
        .flatten()
        .copied()
        .collect();
    let facts: Vec<(Vec<usize>, usize)> = groups
        .into_iter()
        .zip(centrals)
        .filter(|(m, _)| spread(m) > 1 || !m.iter().all(|x| covered.contains(x)))
        // A sentence with no word to match on ("a, a, a, …", a row of dashes) reports nothing.
        .filter(|(m, _)| m.len() > 1 || m.iter().any(|&x| !units[x].features.is_empty()))
        .collect();
    // Each fact is drafted on its own: a large story's are shared between two threads, split
    // where half the cost is (a fact's pairs cost the square of its size).
    let draft_all = |list: Vec<(Vec<usize>, usize)>| -> Vec<Draft> {
        list.into_iter()
            .map(|(members, c)| {
                draft(
                    members,
                    c,
                    &units,
                    &of_sentence,
                    &sims,
                    &unit_sims,
                    &weights,
                    articles,
                )
            })
            .collect()
    };
    let facts: Vec<Draft> = if whole >= PARALLEL_UNITS / 2 {
        let mut facts = facts;
        let cost: usize = facts.iter().map(|(m, _)| m.len() * m.len()).sum();
        let mut acc = 0;
        let cut = facts
            .iter()
            .position(|(m, _)| {
                acc += m.len() * m.len();
                acc * 2 >= cost
            })
            .map_or(facts.len(), |i| i + 1);
        let rest = facts.split_off(cut);
        let (mut first, second) = beside(|| draft_all(facts), || draft_all(rest));
        first.extend(second);
        first
    } else {
        draft_all(facts)
    };
    let mut facts = drop_subsumed(facts);
    facts.sort_by(|a, b| {
        let outlets = |d: &Draft| {
            d.members
                .iter()
                .map(|&m| sentences[m].article)
                .collect::<HashSet<_>>()
                .len()
        };
        outlets(b)
            .cmp(&outlets(a))
            .then(b.members.len().cmp(&a.members.len()))
            .then(a.members[0].cmp(&b.members[0]))
    });
    Aligned {
        sentences,
        facts,
        units,
        of_sentence,
        sims,
        weights,
    }
}

/// The capitalised words right before a person's mention ("Prime Minister" Benjamin Netanyahu;
/// "intelligence chief" is not one): the title is part of how the person is named, not
/// something the sentence reports, so it counts as a weak word.
fn title_before(a: &Article, passage: u32, span: Span) -> Option<Span> {
    let p = a.passages.iter().find(|p| p.index == passage)?;
    let before = span
        .start
        .checked_sub(p.span.start)
        .and_then(|end| p.text.get(..end))?;
    let mut start = before.len();
    for w in before.rsplit(' ').skip(1) {
        let capitalised =
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic);
        if !capitalised || start < w.len() + 1 {
            break;
        }
        start -= w.len() + 1;
    }
    (start < before.len()).then(|| Span::new(p.span.start + start, span.start))
}

/// Where a sentence is, for turning it into features.
struct Context<'a> {
    article: usize,
    passage: &'a crate::model::Passage,
    sentence: usize,
    mentions: &'a [(Span, String)],
    /// Titles before people's names: weak words.
    titles: &'a [Span],
    lex: &'a Lexicon,
}

/// Entity numbers by (article, mention start), merged across spellings for this story.
fn entities(articles: &[&Article]) -> HashMap<(usize, usize), usize> {
    let mut words = Spellings::default();
    let named: Vec<Vec<Named>> = articles
        .iter()
        .map(|a| {
            a.mentions
                .iter()
                .filter(|m| m.kind != EntityKind::Date)
                .map(|m| Named::new(m, &mut words))
                .collect()
        })
        .collect();
    let sources: Vec<Source<'_>> = articles
        .iter()
        .map(|a| Source {
            id: &a.id,
            file: &a.file,
            outlet: a.outlet.as_deref(),
        })
        .collect();
    let located: Vec<Located<'_>> = named
        .iter()
        .enumerate()
        .flat_map(|(i, named)| {
            named.iter().map(move |m| Located {
                article: i as u32,
                mention: m,
            })
        })
        .collect();
    let index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut out = HashMap::default();
    let resolved = resolve(&sources, &located, &words, &Rules::default());
    for (n, e) in resolved.iter().enumerate() {
        for m in &e.mentions {
            if let Some(&ai) = index.get(resolved.article_id(&m)) {
                out.insert((ai, m.start as usize), n);
            }
        }
    }
    out
}

/// One sentence or clause as features.
fn unit(ctx: &Context<'_>, span: Span, features: &mut Features) -> Unit {
    let (p, mentions, lex) = (ctx.passage, ctx.mentions, ctx.lex);
    let base = p.span.start;
    let text = p
        .text
        .get(span.start.saturating_sub(base)..span.end.saturating_sub(base))
        .unwrap_or("");
    let offset = span.start;
    let mut ids: Vec<u32> = Vec::new();
    let mut tokens: Vec<(Span, Option<u32>)> = Vec::new();
    // Entities and dates first: the words inside them are not read again.
    let inside: Vec<&(Span, String)> = mentions
        .iter()
        .filter(|(m, _)| m.start >= span.start && m.end <= span.end)
        .collect();
    for (m, name) in &inside {
        let kind = if name.starts_with("D:") {
            Kind::Date
        } else {
            Kind::Entity
        };
        let id = features.id(name.clone(), kind);
        ids.push(id);
        tokens.push((*m, Some(id)));
        if kind == Kind::Date {
            // "2024-12-08" also meets "December 2024" and "2024", for less.
            let coarser: Vec<u32> =
                std::iter::successors(Some(&name[2..]), |v| v.rfind('-').map(|cut| &v[..cut]))
                    .map(|v| features.id(format!("D~{v}"), Kind::Word))
                    .collect();
            ids.extend(&coarser);
            features.coarser.insert(id, coarser);
        }
    }
    // (offset, word, folded, stem); stop words are stemmed too: "take control" is a phrase.
    let ws: Vec<(usize, &str, String, String)> = words(text)
        .filter(|(i, _)| {
            let at = offset + i;
            !inside.iter().any(|(m, _)| at >= m.start && at < m.end)
        })
        .map(|(i, w)| {
            let (folded, stem) = features.forms(w, lex);
            (offset + i, w, folded, stem)
        })
        .collect();
    let mut i = 0;
    while i < ws.len() {
        let (at, w, folded, stem) = &ws[i];
        let word_span = Span::new(*at, at + w.len());
        // A multi-word paraphrase ("take control") first.
        if let Some(list) = lex.phrases.get(stem) {
            let hit = list.iter().find(|(stems, _)| {
                stems.len() <= ws.len() - i
                    && stems.iter().zip(&ws[i..]).all(|(s, (_, _, _, w))| s == w)
            });
            if let Some((stems, g)) = hit {
                let id = features.id(format!("G:{g}"), Kind::Word);
                ids.push(id);
                let (last_at, last_w, _, _) = &ws[i + stems.len() - 1];
                tokens.push((Span::new(*at, last_at + last_w.len()), Some(id)));
                i += stems.len();
                continue;
            }
        }
        i += 1;
        if lex.stop.contains(folded) || (w.chars().count() < 2 && !w.chars().all(char::is_numeric))
        {
            tokens.push((word_span, None));
            continue;
        }
        let digits: String = w.chars().filter(char::is_ascii_digit).collect();
        let id = if !digits.is_empty() && digits.len() * 2 >= w.len() {
            features.id_of("N:", &digits, Kind::Number)
        } else if let Some(g) = lex.same.get(stem) {
            features.id(format!("G:{g}"), Kind::Word)
        } else if lex.weak.contains(stem)
            || ctx
                .titles
                .iter()
                .any(|t| word_span.start >= t.start && word_span.end <= t.end)
        {
            features.id_of("W:", stem, Kind::Weak)
        } else {
            features.id_of("W:", stem, Kind::Word)
        };
        ids.push(id);
        tokens.push((word_span, Some(id)));
    }
    tokens.sort_by_key(|(s, _)| s.start);
    ids.sort_unstable();
    ids.dedup();
    let shingles = shingles(&tokens, text, offset);
    Unit {
        article: ctx.article,
        passage: p.index,
        sentence: ctx.sentence,
        span,
        features: ids,
        tokens,
        shingles,
    }
}

/// Strong features (weight ≥ 1) a clause must share with another unit for their likeness to
/// count; two whole sentences need two.
const CLAUSE_STRONG: u32 = 3;
/// Content words a clause needs to stand alone.
const CLAUSE_MIN_WORDS: usize = 3;

/// The most clauses one sentence is cut into; the last takes the rest of the sentence.
const MAX_CLAUSES: usize = 12;

/// Words that start a new clause or a new reported event in news sentences.
const CLAUSE_WORDS: &[&str] = &[
    "and",
    "but",
    "while",
    "whereas",
    "after",
    "following",
    "prompting",
    "who",
    "which",
    "where",
    "amid",
    "as",
    "before",
    "since",
    "because",
    "although",
    "though",
];

/// Words that open a sentence on a concession.
const CONCESSIVE: &[&str] = &[
    "while", "although", "though", "despite", "whereas", "whilst",
];

/// The clauses of sentence `span` (article coordinates) of a passage whose text starts at
/// `base`: stretches cut at punctuation and at words that open a clause, each with at least
/// [`CLAUSE_MIN_WORDS`] content words (shorter stretches join the next), and at most
/// [`MAX_CLAUSES`] of them. None when the sentence is one clause.
fn clauses(text: &str, base: usize, span: Span, lex: &Lexicon) -> Vec<Span> {
    let Some(sentence) = text.get(span.start.saturating_sub(base)..span.end.saturating_sub(base))
    else {
        return Vec::new();
    };
    let offset = span.start;
    // Cut points (sentence-relative bytes) and content words per stretch.
    let mut cuts: Vec<usize> = vec![0];
    let mut prev_end = 0;
    for (i, w) in words(sentence) {
        let gap = &sentence[prev_end..i];
        let lower = fold_lower(w);
        let punct = gap.contains([',', ';', ':', '(', ')', '—', '–']);
        if i > 0 && (punct || CLAUSE_WORDS.contains(&lower.as_str())) {
            cuts.push(i);
        }
        prev_end = i + w.len();
    }
    cuts.push(sentence.len());
    cuts.dedup();
    let content = |a: usize, b: usize| {
        words(&sentence[a..b])
            .filter(|(_, w)| !lex.stop.contains(&fold_lower(w)) && w.chars().count() > 1)
            .count()
    };
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    // Content words since `start`, counted once per stretch: a run of thousands of commas
    // with no content word between them costs one pass, not one per comma.
    let mut have = 0;
    for win in cuts.windows(2) {
        if out.len() == MAX_CLAUSES {
            break;
        }
        have += content(win[0], win[1]);
        if have >= CLAUSE_MIN_WORDS {
            out.push((start, win[1]));
            start = win[1];
            have = 0;
        }
    }
    if start < sentence.len() {
        match out.last_mut() {
            Some(last) => last.1 = sentence.len(),
            None => return Vec::new(),
        }
    }
    if out.len() < 2 {
        return Vec::new();
    }
    // "While the new mechanism is an opening, the path remains uncertain": a sentence that opens
    // on a concession takes that part as known and reports the rest.
    let opens_on_concession = words(sentence)
        .next()
        .is_some_and(|(_, w)| CONCESSIVE.contains(&fold_lower(w).as_str()));
    if opens_on_concession {
        out.remove(0);
    }
    out.into_iter()
        .map(|(a, b)| {
            let piece = &sentence[a..b];
            let lead = piece.len() - piece.trim_start().len();
            let trail = piece.len() - piece.trim_end().len();
            Span::new(offset + a + lead, offset + b - trail)
        })
        .collect()
}

/// The clause `span` of sentence unit `whole`: its words, and the coarser forms of its dates.
fn clause_unit(whole: &Unit, span: Span, coarser: &HashMap<u32, Vec<u32>>) -> Unit {
    let tokens: Vec<(Span, Option<u32>)> = whole
        .tokens
        .iter()
        .filter(|(t, _)| t.start >= span.start && t.end <= span.end)
        .copied()
        .collect();
    let mut features: Vec<u32> = Vec::new();
    for &(_, f) in &tokens {
        if let Some(f) = f {
            features.push(f);
            if let Some(more) = coarser.get(&f) {
                features.extend(more);
            }
        }
    }
    features.sort_unstable();
    features.dedup();
    Unit {
        article: whole.article,
        passage: whole.passage,
        sentence: whole.sentence,
        span,
        features,
        tokens,
        shingles: Vec::new(),
    }
}

/// A feature in more than one unit in this many of the story (and in more than [`COMMON_MIN`])
/// is one of the story's common words: it adds to the likeness of pairs found through rarer
/// features but finds none itself. Stories of a few articles never reach it.
const COMMON_SHARE: usize = 20;
const COMMON_MIN: usize = 200;
/// Units from which a story's pairs are scored on two threads.
const PARALLEL_UNITS: usize = 2000;
/// Words in a run that counts as the same wording.
const SHINGLE: usize = 5;
/// A run of words in more sentences than this is a stock phrase of the story, not shared wording.
const SHINGLE_MAX_SENTENCES: usize = 12;
/// Two sentences share wording when they share this many runs (six words in a row, or more).
const SHARED_RUNS: u32 = 2;
/// Shared wording makes two sentences at least this alike, rising to 1 as the runs cover the
/// shorter sentence (on events 01 and 07 it raised precision 0.467 -> 0.488 at equal recall).
const SHARED_WORDING: f32 = 0.3;
/// Likeness of a clause wholly contained in another unit is its containment times this.
const CONTAIN: f32 = 0.7;
/// Containment counts only when the two units share a rare word of the story: one in at most
/// this many sentences per article told. A short sentence made of the story's topic words
/// alone ("What has Trump said about Mueller's investigation?") is contained in dozens of
/// sentences and reports none of them; cosine still weighs it. On the blind NewsWCL50 gold
/// (events 01, 03, 07, 08) 3 took precision 0.631 -> 0.664 at recall 0.234 -> 0.231 (2: 0.683
/// at 0.225; 4: 0.646 at 0.237), held-out event-05 0.704 -> 0.746 at the same recall, the seeds
/// unchanged; a share of all sentences instead (2–10 %) cost the seeds a tenth of their recall,
/// since there every outlet tells each fact.
const RARE_PER_ARTICLE: f32 = 3.0;

/// Hashes of the runs of [`SHINGLE`] tokens of a sentence (text starting at article offset
/// `offset`) that hold at least two content words: the same wording, punctuation and case
/// aside, whatever else the sentences say.
fn shingles(tokens: &[(Span, Option<u32>)], text: &str, offset: usize) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let keys: Vec<(u64, bool)> = tokens
        .iter()
        .map(|(sp, f)| match f {
            Some(id) => (u64::from(*id) | 1 << 40, true),
            None => {
                let mut h = rustc_hash::FxHasher::default();
                let w = text
                    .get(sp.start.saturating_sub(offset)..sp.end.saturating_sub(offset))
                    .unwrap_or("");
                fold_lower(w).hash(&mut h);
                (h.finish() & !(1 << 40), false)
            }
        })
        .collect();
    let mut out: Vec<u64> = keys
        .windows(SHINGLE)
        .filter(|win| win.iter().filter(|(_, c)| *c).count() >= 2)
        .map(|win| {
            let mut h = rustc_hash::FxHasher::default();
            for (key, _) in win {
                key.hash(&mut h);
            }
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Inverse sentence frequency within the story, times the kind's factor; and which features
/// are rare in the story ([`RARE_PER_ARTICLE`]): in few sentences for the number of articles
/// told.
fn weigh(units: &[Unit], features: &Features, articles: usize) -> (Vec<f32>, Vec<bool>) {
    let mut df = vec![0u32; features.kinds.len()];
    for u in units {
        for &f in &u.features {
            df[f as usize] += 1;
        }
    }
    let n = units.len().max(1) as f32;
    let weights: Vec<f32> = df
        .iter()
        .zip(&features.kinds)
        .map(|(&d, k)| (1.0 + n / d.max(1) as f32).ln() * k.factor())
        .collect();
    // As heavy as a plain word in that many sentences: a number or a date (weighed more) may
    // be in a few more, a weak word must be in far fewer.
    let least = (1.0 + n / (RARE_PER_ARTICLE * articles.max(1) as f32)).ln();
    let rare = weights.iter().map(|&w| w >= least).collect();
    (weights, rare)
}

/// Similarities of every pair of units from different articles, sparse: (i, j) -> sim, i < j.
/// Word overlap (cosine of the weighted features, or containment when three or more strong
/// features are shared), and shared wording: runs of [`SHINGLE`] words two whole sentences both
/// have, as when two outlets quote the same words with different punctuation around them.
fn similarities(units: &[Unit], w: &[f32], rare: &[bool], whole: usize) -> Likeness {
    let norms: Vec<f32> = units
        .iter()
        .map(|u| u.features.iter().map(|&f| w[f as usize]).sum())
        .collect();
    // Which units have each feature, to score only pairs sharing one. Pairs are found through
    // the story's less common features; a feature in more than `common` units (the story's
    // topic words, in a story of hundreds of articles) still counts in a pair's likeness but
    // does not make pairs, which would cost the square of its frequency.
    let nfeatures = w.len();
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); nfeatures];
    for (i, u) in units.iter().enumerate() {
        for &f in &u.features {
            postings[f as usize].push(i as u32);
        }
    }
    let common = (units.len() / COMMON_SHARE).max(COMMON_MIN);
    let is_common = |f: u32| postings[f as usize].len() > common;
    // Each unit's common features alone (few), so a pair's shared common features are found
    // by walking two short lists, not both units' every feature.
    let commons: Vec<Vec<u32>> = units
        .iter()
        .map(|u| {
            u.features
                .iter()
                .copied()
                .filter(|&f| is_common(f))
                .collect()
        })
        .collect();
    let article_of: Vec<u32> = units.iter().map(|u| u.article as u32).collect();
    // Row by row: unit i against every later unit j, accumulated in dense scratch arrays.
    // Each pair's likeness is worked out as its row is, and only the pairs that count are
    // kept: a story of hundreds of articles has tens of millions of pairs sharing a word.
    // `rows(first, step)` does every step-th row from `first`.
    let rows = |first: usize, step: usize| -> Vec<(Pair, f32)> {
        let mut weight = vec![0.0f32; units.len()];
        let mut strong_n = vec![0u32; units.len()];
        let mut shares_rare = vec![false; units.len()];
        let mut seen = vec![false; units.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut kept: Vec<(Pair, f32)> = Vec::new();
        for (i, u) in units.iter().enumerate().skip(first).step_by(step) {
            let own = u.article as u32;
            for &f in u.features.iter().filter(|&&f| !is_common(f)) {
                let wf = w[f as usize];
                let strong = u32::from(wf >= 1.0);
                let list = &postings[f as usize];
                let from = list.partition_point(|&j| j as usize <= i);
                for &j in &list[from..] {
                    let j = j as usize;
                    if article_of[j] == own {
                        continue;
                    }
                    if !seen[j] {
                        seen[j] = true;
                        touched.push(j as u32);
                    }
                    weight[j] += wf;
                    strong_n[j] += strong;
                    shares_rare[j] |= rare[f as usize];
                }
            }
            for &j in &touched {
                let j = j as usize;
                let (mut s, mut strong) = (weight[j], strong_n[j]);
                // The common features the two also share.
                let (a, b) = (&commons[i], &commons[j]);
                let (mut x, mut y) = (0, 0);
                while x < a.len() && y < b.len() {
                    match a[x].cmp(&b[y]) {
                        std::cmp::Ordering::Less => x += 1,
                        std::cmp::Ordering::Greater => y += 1,
                        std::cmp::Ordering::Equal => {
                            let wf = w[a[x] as usize];
                            s += wf;
                            strong += u32::from(wf >= 1.0);
                            x += 1;
                            y += 1;
                        }
                    }
                }
                let has_rare = std::mem::take(&mut shares_rare[j]);
                weight[j] = 0.0;
                strong_n[j] = 0;
                seen[j] = false;
                // A clause says less than a sentence: it must share more to count.
                let need = if i >= whole || j >= whole {
                    CLAUSE_STRONG
                } else {
                    2
                };
                if strong < need {
                    continue;
                }
                let cos = s / (norms[i] * norms[j]).sqrt().max(f32::EPSILON);
                let contain = s / norms[i].min(norms[j]).max(f32::EPSILON);
                let sim = if strong >= 3 && has_rare {
                    cos.max(contain * CONTAIN)
                } else {
                    cos
                };
                if sim > 0.05 {
                    kept.push((pair(i, j), sim));
                }
            }
            touched.clear();
        }
        kept
    };
    // A large story's rows are shared between two threads (every other row each, as the
    // first rows, against more later units, cost more).
    let kept = if units.len() >= PARALLEL_UNITS {
        let (mut kept, odd) = beside(|| rows(0, 2), || rows(1, 2));
        kept.extend(odd);
        kept
    } else {
        rows(0, 1)
    };
    // The same wording: runs of words two whole sentences share.
    // Every (run, sentence), sorted: the sentences of one run lie together, in order.
    let mut runs: Vec<(u64, u32)> = units[..whole]
        .iter()
        .enumerate()
        .flat_map(|(i, u)| u.shingles.iter().map(move |&h| (h, i as u32)))
        .collect();
    runs.sort_unstable();
    let mut verbatim: HashMap<Pair, u32> = HashMap::default();
    for list in runs
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|l| l.len() <= SHINGLE_MAX_SENTENCES)
    {
        for (x, &(_, i)) in list.iter().enumerate() {
            for &(_, j) in &list[x + 1..] {
                if article_of[i as usize] != article_of[j as usize] {
                    *verbatim.entry((i, j)).or_default() += 1;
                }
            }
        }
    }
    // Each pair was kept once, from its row: the table is made at its final size.
    let mut out: Likeness =
        HashMap::with_capacity_and_hasher(kept.len() + verbatim.len(), Default::default());
    out.extend(kept);
    for ((i, j), q) in verbatim {
        if q < SHARED_RUNS {
            continue;
        }
        let (ui, uj) = (&units[i as usize], &units[j as usize]);
        let fewer = ui.shingles.len().min(uj.shingles.len()).max(1) as f32;
        let v = SHARED_WORDING + (1.0 - SHARED_WORDING) * (q as f32 / fewer).min(1.0);
        let e = out.entry((i, j)).or_insert(0.0);
        *e = e.max(v);
    }
    out
}

/// `main()` here and `side()` on a second thread at the same time; a panic on either is raised
/// here.
fn beside<A, B: Send>(main: impl FnOnce() -> A, side: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|scope| {
        let side = scope.spawn(side);
        let a = main();
        let b = side
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// Two units or sentences, the lower first: a key of [`Likeness`]. Numbers of units fit in 32
/// bits; the keys are half the size of two `usize`s, and so are the tables, which for a large
/// story hold hundreds of thousands of pairs.
type Pair = (u32, u32);

/// Likeness of pairs, sparse: pairs absent are not alike at all.
type Likeness = HashMap<Pair, f32>;

fn pair(a: usize, b: usize) -> Pair {
    (a.min(b) as u32, a.max(b) as u32)
}

fn sim(sims: &Likeness, a: usize, b: usize) -> f32 {
    sims.get(&pair(a, b)).copied().unwrap_or(0.0)
}

/// Average-link clustering of sentences across articles: two groups join while the average
/// likeness of their sentence pairs from different articles reaches [`JOIN`]. Averaging keeps
/// facts from running into each other through one loose pair. (Clustering clauses instead of
/// sentences was tried: it lost precision, short clauses meeting by chance; clauses count in
/// [`expand`] instead.)
fn cluster(units: &[Unit], sims: &[(Pair, f32)]) -> Vec<Vec<usize>> {
    let n = units.len();
    // Each row sized once for its pairs, as a plain list: a large story has most of a million
    // pairs, and a table per row cost more to fill than the clustering itself.
    let mut degree = vec![0usize; n];
    for &((a, b), _) in sims {
        degree[a as usize] += 1;
        degree[b as usize] += 1;
    }
    let mut rows: Vec<Vec<(u32, f32)>> = degree.iter().map(|&d| Vec::with_capacity(d)).collect();
    for &((a, b), s) in sims {
        rows[a as usize].push((b, s));
        rows[b as usize].push((a, s));
    }
    let mut groups = Groups {
        members: (0..n).map(|i| vec![i]).collect(),
        hist: (0..n).map(|i| vec![(units[i].article, 1)]).collect(),
        rows,
        parent: (0..n as u32).collect(),
        version: vec![0; n],
        slot: vec![u32::MAX; n],
    };
    join(&mut groups);
    let mut out: Vec<Vec<usize>> = (0..n)
        .filter(|&c| groups.parent[c] as usize == c)
        .map(|c| {
            let mut g = std::mem::take(&mut groups.members[c]);
            g.sort_unstable();
            g
        })
        .collect();
    out.sort();
    out
}

/// A candidate merge, ordered as the merges are wanted: likeness first (its bits, non-negative,
/// order as it does), then the lower pair first. The groups' versions when it was queued tell
/// whether either has changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    likeness: u32,
    x: std::cmp::Reverse<u32>,
    y: std::cmp::Reverse<u32>,
    versions: (u32, u32),
}

impl Candidate {
    fn new(likeness: f32, a: usize, b: usize, groups: &Groups) -> Self {
        let (x, y) = (a.min(b), a.max(b));
        Candidate {
            likeness: likeness.max(0.0).to_bits(),
            x: std::cmp::Reverse(x as u32),
            y: std::cmp::Reverse(y as u32),
            versions: (groups.version[x], groups.version[y]),
        }
    }
}

/// Merge groups, best candidate first, while one reaches [`JOIN`]. Every merge queues its
/// group's pairs anew, so a candidate is stale, and skipped, when either of its groups has
/// changed since it was queued (merging away is a change too). Pairs below JOIN are never
/// queued, which is most of them.
fn join(groups: &mut Groups) {
    let mut queue: std::collections::BinaryHeap<Candidate> = std::collections::BinaryHeap::new();
    for c in 0..groups.rows.len() {
        for &(d, sum) in &groups.rows[c] {
            let d = d as usize;
            if c < d
                && let Some(v) = groups.average(c, d, sum)
                && v >= JOIN
            {
                queue.push(Candidate::new(v, c, d, groups));
            }
        }
    }
    while let Some(candidate) = queue.pop() {
        let (a, b) = (candidate.x.0 as usize, candidate.y.0 as usize);
        if candidate.versions != (groups.version[a], groups.version[b]) {
            continue;
        }
        groups.merge(a, b);
        for &(c, sum) in &groups.rows[a] {
            let c = c as usize;
            if let Some(v) = groups.average(c, a, sum)
                && v >= JOIN
            {
                queue.push(Candidate::new(v, a, c, groups));
            }
        }
    }
}

/// Let a sentence join every further fact (of at least two articles) that it resembles, on
/// average across articles, at least [`ATTACH`], and resembles at all (≥ [`SUPPORT_FLOOR`]) in
/// most ([`SUPPORT`]) of the fact's sentences from other articles: one very alike sentence of
/// a fact is not enough, since it may be alike for another fact it also reports.
fn expand(groups: Vec<Vec<usize>>, units: &[Unit], near: &[Vec<(u32, f32)>]) -> Vec<Vec<usize>> {
    // (likeness, fact) of every further fact each sentence could join.
    let mut offers: Vec<Vec<(f32, usize)>> = vec![Vec::new(); units.len()];
    // Per candidate: summed likeness to the fact's members from other articles, and how many
    // of those it resembles at all. Only a sentence alike to some member can reach ATTACH.
    let mut sum = vec![0.0f32; units.len()];
    let mut support = vec![0u32; units.len()];
    let mut member = vec![false; units.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let mut per_article: HashMap<usize, u32> = HashMap::default();
        for &m in g {
            *per_article.entry(units[m].article).or_default() += 1;
        }
        if per_article.len() < 2 {
            continue;
        }
        for &m in g {
            member[m] = true;
        }
        for &m in g {
            for &(u, v) in &near[m] {
                let u = u as usize;
                if member[u] || units[u].article == units[m].article {
                    continue;
                }
                if sum[u] == 0.0 && support[u] == 0 {
                    touched.push(u);
                }
                sum[u] += v;
                support[u] += u32::from(v >= SUPPORT_FLOOR);
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for &u in &touched {
            let n = g.len() as u32 - per_article.get(&units[u].article).copied().unwrap_or(0);
            if n > 0 {
                let n = n as f32;
                let average = sum[u] / n;
                if average >= ATTACH && support[u] as f32 >= (SUPPORT * n).ceil() {
                    offers[u].push((average, gi));
                }
            }
            sum[u] = 0.0;
            support[u] = 0;
        }
        touched.clear();
        for &m in g {
            member[m] = false;
        }
    }
    let mut out = groups;
    for (u, mut list) in offers.into_iter().enumerate() {
        list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, gi) in list.into_iter().take(MAX_JOINED) {
            out[gi].push(u);
        }
    }
    for g in &mut out {
        g.sort_unstable();
    }
    out
}

/// Take out of each fact, least alike first, every sentence that is not at least
/// [`PRUNE_FLOOR`] alike to a [`PRUNE_SUPPORT`] share of the fact's sentences from other
/// articles: average likeness lets a group keep a sentence that only some members resemble.
fn prune(groups: Vec<Vec<usize>>, units: &[Unit], near: &[Vec<(u32, f32)>]) -> Vec<Vec<usize>> {
    let (floor, need) = (PRUNE_FLOOR, PRUNE_SUPPORT);
    let mut member = vec![false; units.len()];
    // How many of a member's fellow members from other articles it resembles at all.
    let mut alike = vec![0u32; units.len()];
    groups
        .into_iter()
        .map(|mut g| {
            let mut per_article: HashMap<usize, u32> = HashMap::default();
            for &m in &g {
                member[m] = true;
                *per_article.entry(units[m].article).or_default() += 1;
            }
            for &u in &g {
                alike[u] = near[u]
                    .iter()
                    .filter(|&&(m, v)| {
                        let m = m as usize;
                        member[m] && v >= floor && units[m].article != units[u].article
                    })
                    .count() as u32;
            }
            loop {
                let size = g.len() as u32;
                let worst = g
                    .iter()
                    .filter_map(|&u| {
                        let others =
                            size - per_article.get(&units[u].article).copied().unwrap_or(0);
                        (others > 0).then(|| (alike[u] as f32 / others as f32, u))
                    })
                    .filter(|(v, _)| *v < need)
                    .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let Some((_, w)) = worst else { break };
                g.retain(|&m| m != w);
                member[w] = false;
                if let Some(k) = per_article.get_mut(&units[w].article) {
                    *k -= 1;
                }
                for &(m, v) in &near[w] {
                    let m = m as usize;
                    if member[m] && v >= floor && units[m].article != units[w].article {
                        alike[m] -= 1;
                    }
                }
            }
            for &m in &g {
                member[m] = false;
            }
            g
        })
        .collect()
}

/// Drop, loosest first, every fact all of whose sentences are in other facts: it only
/// regroups what is told elsewhere (two sentences that each report two facts pull them into
/// one). A fact with one sentence of its own stays: dropped, that sentence would be in no
/// fact at all, its likeness to the others lost (a lead 1.00 alike to another outlet's).
fn drop_subsumed(facts: Vec<Draft>) -> Vec<Draft> {
    let mut order: Vec<usize> = (0..facts.len()).collect();
    order.sort_by(|&a, &b| {
        facts[a]
            .cohesion
            .total_cmp(&facts[b].cohesion)
            .then(a.cmp(&b))
    });
    let mut keep = vec![true; facts.len()];
    // How many kept facts of two or more sentences hold each sentence.
    let mut holders: HashMap<usize, u32> = HashMap::default();
    for f in facts.iter().filter(|f| f.members.len() > 1) {
        for &m in &f.members {
            *holders.entry(m).or_default() += 1;
        }
    }
    for &f in &order {
        if facts[f].members.len() < 2 {
            continue;
        }
        // Told elsewhere: held by a kept fact besides this one.
        let own = facts[f]
            .members
            .iter()
            .filter(|m| holders.get(m).is_none_or(|&h| h < 2))
            .count();
        if own == 0 {
            keep[f] = false;
            for m in &facts[f].members {
                if let Some(h) = holders.get_mut(m) {
                    *h -= 1;
                }
            }
        }
    }
    facts
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(f, _)| f)
        .collect()
}

/// Groups being clustered: members, articles per group, and the summed likeness between
/// groups that have any.
struct Groups {
    members: Vec<Vec<usize>>,
    /// (article, members from it), sorted by article: sparse, since a group holds few of a
    /// story's articles and a story may have hundreds.
    hist: Vec<Vec<(usize, u32)>>,
    /// Each group's summed likeness to the groups it has pairs with, by the group the other
    /// side was when the entry was written ([`Groups::find`] gives the group it is in now). A
    /// row is brought up to date only when its own group merges: a merge leaves its
    /// neighbours' rows as they are.
    rows: Vec<Vec<(u32, f32)>>,
    /// The group each merged-away group went into (union-find; a live group is its own).
    parent: Vec<u32>,
    /// How many merges each group has taken part in: a queued candidate is stale once either
    /// side's count has moved.
    version: Vec<u32>,
    /// Scratch for combining two rows: where a group is in the row being made.
    slot: Vec<u32>,
}

impl Groups {
    /// Average likeness of groups `a` and `b` over their pairs from different articles.
    fn average(&self, a: usize, b: usize, sum: f32) -> Option<f32> {
        let (ha, hb) = (&self.hist[a], &self.hist[b]);
        // The smaller histogram is looked up in the larger: a group of one sentence against
        // one of many is one search, not a walk over the larger group's articles.
        let (small, large) = if ha.len() <= hb.len() {
            (ha, hb)
        } else {
            (hb, ha)
        };
        let same: u32 = small
            .iter()
            .filter_map(|&(article, n)| {
                let k = large.binary_search_by_key(&article, |&(x, _)| x).ok()?;
                Some(n * large[k].1)
            })
            .sum();
        let count = (self.members[a].len() * self.members[b].len()) as f32 - same as f32;
        (count > 0.0).then(|| sum / count)
    }

    /// The live group that group `g` is part of now.
    fn find(&mut self, mut g: usize) -> usize {
        while self.parent[g] as usize != g {
            let up = self.parent[g] as usize;
            self.parent[g] = self.parent[up];
            g = up;
        }
        g
    }

    /// Merge group `b` into `a`: members, articles, and one row for both, each neighbour once
    /// by the group it is in now.
    fn merge(&mut self, a: usize, b: usize) {
        let moved = std::mem::take(&mut self.members[b]);
        self.members[a].extend(moved);
        let hb = std::mem::take(&mut self.hist[b]);
        for (article, count) in hb {
            let ha = &mut self.hist[a];
            match ha.binary_search_by_key(&article, |&(x, _)| x) {
                Ok(k) => ha[k].1 += count,
                Err(k) => ha.insert(k, (article, count)),
            }
        }
        self.parent[b] = a as u32;
        self.version[a] += 1;
        self.version[b] += 1;
        let ra = std::mem::take(&mut self.rows[a]);
        let rb = std::mem::take(&mut self.rows[b]);
        let mut row: Vec<(u32, f32)> = Vec::with_capacity(ra.len().max(rb.len()));
        for (c, s) in ra.into_iter().chain(rb) {
            let c = self.find(c as usize);
            if c == a {
                continue;
            }
            match self.slot[c] {
                u32::MAX => {
                    self.slot[c] = row.len() as u32;
                    row.push((c as u32, s));
                }
                k => row[k as usize].1 += s,
            }
        }
        for &(c, _) in &row {
            self.slot[c as usize] = u32::MAX;
        }
        self.rows[a] = row;
    }
}

/// The unit of a cluster most like the others, of those in the fewest facts: the label is cut
/// from it, and a sentence that reports this fact alone names it best.
fn central(group: &[usize], sims: &Likeness, facts_of: &[usize]) -> usize {
    let score = |u: usize| -> f32 { group.iter().map(|&m| sim(sims, u, m)).sum() };
    let fewest = group.iter().map(|&m| facts_of[m]).min().unwrap_or(0);
    group
        .iter()
        .copied()
        .filter(|&m| facts_of[m] == fewest)
        .max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
        .unwrap_or(group[0])
}

/// A fact from its sentences and its central unit.
#[allow(clippy::too_many_arguments)]
fn draft(
    members: Vec<usize>,
    central: usize,
    units: &[Unit],
    of_sentence: &[Vec<usize>],
    sims: &Likeness,
    unit_sims: &Likeness,
    w: &[f32],
    articles: &[&Article],
) -> Draft {
    let mut cross = 0.0;
    let mut count = 0usize;
    for (x, &a) in members.iter().enumerate() {
        for &b in &members[x + 1..] {
            if units[of_sentence[a][0]].article != units[of_sentence[b][0]].article {
                cross += sim(sims, a, b);
                count += 1;
            }
        }
    }
    let cohesion = if count == 0 {
        1.0
    } else {
        cross / count as f32
    };
    let parts: Vec<Span> = members
        .iter()
        .map(|&m| reporting_part(m, &members, units, of_sentence, unit_sims))
        .collect();
    // The central sentence as a statement: the part of it that reports the fact when that part
    // reads as one (it opens the sentence or on a capital, and ends the sentence or at a
    // punctuation mark), else the whole sentence.
    let c = &units[central];
    let text = |sp: Span| article_text(articles[c.article], c.passage, sp);
    let part = members
        .iter()
        .position(|&m| m == central)
        .map(|i| parts[i])
        .filter(|p| {
            let opens =
                p.start == c.span.start || text(*p).chars().next().is_some_and(char::is_uppercase);
            let closes = p.end >= c.span.end
                || text(Span::new(p.end, c.span.end))
                    .trim_start()
                    .starts_with([',', ';', ':', '—', '–', '(']);
            opens && closes
        })
        .unwrap_or(c.span);
    let label = statement(text(part))
        .filter(|l| l.split_whitespace().count() >= 4)
        // Whole sentences only (unit i is sentence i): clauses would count words twice.
        .unwrap_or_else(|| label(central, &members, units, w, articles));
    Draft {
        members,
        central: units[central].sentence,
        label,
        cohesion,
        parts,
    }
}

/// The part of sentence `m` that reports the fact of `members`: the stretch of its clauses that
/// are at least half as like the other articles' members as its most alike clause (the whole
/// sentence when it has no clauses).
fn reporting_part(
    m: usize,
    members: &[usize],
    units: &[Unit],
    of_sentence: &[Vec<usize>],
    unit_sims: &Likeness,
) -> Span {
    let likeness = |u: usize| -> f32 {
        members
            .iter()
            .filter(|&&o| units[o].article != units[m].article)
            .map(|&o| {
                of_sentence[o]
                    .iter()
                    .map(|&v| sim(unit_sims, u, v))
                    .fold(0.0, f32::max)
            })
            .sum()
    };
    let clauses: Vec<(f32, Span)> = of_sentence[m][1..]
        .iter()
        .map(|&u| (likeness(u), units[u].span))
        .collect();
    let best = clauses.iter().map(|c| c.0).fold(0.0, f32::max);
    let whole = units[m].span;
    if clauses.is_empty() || best <= 0.0 {
        return whole;
    }
    // The clauses about as like the fact as the best one, and what lies between them.
    let kept = clauses.iter().filter(|c| c.0 * 2.0 >= best).map(|c| c.1);
    let start = kept.clone().map(|s| s.start).min().unwrap_or(whole.start);
    let end = kept.map(|s| s.end).max().unwrap_or(whole.end);
    Span::new(start, end)
}

/// A short label: the stretch of the central unit that holds the features the fact's
/// sentences share most (or its weightiest features when it stands alone), at most 14 words.
fn label(
    central: usize,
    group: &[usize],
    units: &[Unit],
    w: &[f32],
    articles: &[&Article],
) -> String {
    let c = &units[central];
    let mut count: HashMap<u32, usize> = HashMap::default();
    for &m in group {
        if units[m].article != c.article {
            for &f in &units[m].features {
                *count.entry(f).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(u32, f32)> = c
        .features
        .iter()
        .map(|&f| {
            let shared = count.get(&f).copied().unwrap_or(0) as f32;
            (f, w[f as usize] * (1.0 + shared))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: HashSet<u32> = ranked.iter().take(4).map(|(f, _)| *f).collect();
    let at: Vec<usize> = c
        .tokens
        .iter()
        .enumerate()
        .filter(|(_, (_, f))| f.is_some_and(|f| top.contains(&f)))
        .map(|(i, _)| i)
        .collect();
    let article = articles[c.article];
    let (Some(&first), Some(&last)) = (at.first(), at.last()) else {
        return clip(article_text(article, c.passage, c.span), 14);
    };
    let last = last.min(first + 13);
    // A name keeps the title right before it: "Foreign Minister Asaad al-Shibani".
    let mut first = first;
    while first > 0 {
        let (prev, this) = (c.tokens[first - 1].0, c.tokens[first].0);
        let word = article_text(article, c.passage, prev);
        let gap = article_text(article, c.passage, Span::new(prev.end, this.start));
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(char::is_alphabetic);
        if !(capitalised && gap == " " && last - first < 13) {
            break;
        }
        first -= 1;
    }
    let start = c.tokens[first].0.start;
    let end = c.tokens[last].0.end;
    let out = article_text(article, c.passage, Span::new(start, end))
        .trim_start_matches(|ch: char| !ch.is_alphanumeric() && !"“\"'‘".contains(ch))
        .trim_end_matches([',', ';', ':', '—', '–', '-', ' '])
        .to_string();
    capitalised(closed_quotes(out))
}

/// `s` with its first letter upper-cased.
fn capitalised(mut s: String) -> String {
    if let Some(ch) = s.chars().next() {
        let upper: String = ch.to_uppercase().collect();
        s.replace_range(..ch.len_utf8(), &upper);
    }
    s
}

/// Words that report speech, for finding the attribution around a statement.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "reported",
    "reports",
    "announced",
    "added",
    "stated",
    "confirmed",
    "according",
    "wrote",
    "tweeted",
    "declared",
    "noted",
    "insisted",
];

/// `sentence` as a short, complete statement for a label: without its dateline ("BEIRUT (AP)
/// —"), without the attribution around what it reports ("According to X, …", "X said that
/// …", "…, a Syrian official said Monday."), cut at a clause boundary to at most 20 words.
/// `None` when nothing is left.
fn statement(sentence: &str) -> Option<String> {
    let words_in = |t: &str| t.split_whitespace().count();
    let reporting = |t: &str| {
        t.split(|c: char| !c.is_alphanumeric())
            .any(|w| REPORTING.contains(&w.to_lowercase().as_str()))
    };
    let mut t = sentence.trim();
    // A dateline: a short capitalised lead closed by a dash.
    for dash in [" — ", " – ", " -- "] {
        if let Some((lead, rest)) = t.split_once(dash)
            && words_in(lead) <= 6
            && lead
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
                == lead.chars().any(char::is_alphabetic)
            && !rest.is_empty()
        {
            t = rest.trim_start();
        }
    }
    // "According to X, …"
    if t.to_lowercase().starts_with("according to ")
        && let Some((lead, rest)) = t.split_once(", ")
        && words_in(lead) <= 15
    {
        t = rest;
    }
    // "X said (that) …", "X told Y that …", "Syria's news agency, SANA, reported that …": a
    // reporting verb in the first fifteen words, then "that"; or a short subject and "said".
    // ASCII lowercasing keeps byte offsets, so positions found in `lower` are positions in `t`.
    let lower = t.to_ascii_lowercase();
    if let Some(at) = lower.find(" that ")
        && words_in(&t[..at]) <= 15
        && reporting(&t[..at])
    {
        t = &t[at + " that ".len()..];
    } else if let Some((verb, at)) = [" said ", " says ", " told reporters "]
        .iter()
        .find_map(|v| lower.find(v).map(|at| (v, at)))
        && words_in(&t[..at]) <= 6
        && !t[..at].contains(',')
        && words_in(&t[at + verb.len()..]) >= 5
    {
        t = &t[at + verb.len()..];
    }
    // "…, a Syrian official said Monday." and "…, according to officials."
    let mut t = t
        .trim_end_matches(['.', '"', '”', '’', '\'', ' '])
        .to_string();
    if let Some(at) = [", ", ",\" ", ",” "]
        .iter()
        .filter_map(|sep| t.rfind(sep))
        .max()
        && words_in(&t[at..]) <= 10
        && reporting(&t[at..])
        && words_in(&t[..at]) >= 4
    {
        t.truncate(at);
    }
    // At most 20 words, cut at the last clause boundary that leaves six or more.
    if words_in(&t) > 20 {
        // The end of the 20th word, whatever spaces (several, or no-break) stand between words.
        let limit = t.split_whitespace().take(20).last().map_or(t.len(), |w| {
            w.as_ptr() as usize - t.as_ptr() as usize + w.len()
        });
        let cut = [", ", "; ", " — ", " – ", " (", ": "]
            .iter()
            .filter_map(|b| t[..limit].rfind(b))
            .filter(|&i| words_in(&t[..i]) >= 6)
            .max();
        t = match cut {
            Some(i) => t[..i].to_string(),
            None => clip(&t, 18),
        };
    }
    let t = t
        .trim_matches(|c: char| matches!(c, ',' | ';' | ':' | ' ' | '"' | '“' | '”'))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!t.is_empty()).then(|| capitalised(closed_quotes(t)))
}

/// `t` with a quotation it opens and the trimming or the cut left open closed again:
/// "Macron called the talks \"very frank\"", not "… \"very frank".
/// Only a quotation that opens: a lone quote mark after a space or at the start, a “ after
/// the last ”; a lone closing mark (the cut began inside the quotation) is left as it is.
fn closed_quotes(mut t: String) -> String {
    let opens_last = t.rfind('"').is_some_and(|i| {
        t[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '(')
    });
    if opens_last && t.matches('"').count() % 2 == 1 {
        t.push('"');
    }
    if t.rfind('“')
        .is_some_and(|o| t.rfind('”').is_none_or(|c| c < o))
    {
        t.push('”');
    }
    t
}

fn clip(text: &str, words: usize) -> String {
    let mut out: Vec<&str> = text.split_whitespace().take(words + 1).collect();
    let more = out.len() > words;
    out.truncate(words);
    let mut s = out.join(" ");
    if more {
        s.push('…');
    }
    s
}

/// The text of `span` (article coordinates) in passage `passage` of `article`.
pub fn article_text(article: &Article, passage: u32, span: Span) -> &str {
    article
        .passages
        .iter()
        .find(|p| p.index == passage)
        .and_then(|p| {
            p.text
                .get(span.start.checked_sub(p.span.start)?..span.end.checked_sub(p.span.start)?)
        })
        .unwrap_or("")
}

/// Byte ranges in `other` of the words that `base` does not say in any form (by stem, through
/// the paraphrase lexicon; stop words never count): how `other`'s version differs.
pub fn differing_words(base: &str, other: &str) -> Vec<Span> {
    let lex = Lexicon::builtin();
    let key = |w: &str| -> Option<String> {
        let folded = fold_lower(w);
        if lex.stop.contains(&folded) || folded.chars().count() < 2 {
            return None;
        }
        let stem = lex.stem(&folded);
        Some(match lex.same.get(&stem) {
            Some(g) => format!("G:{g}"),
            None => stem,
        })
    };
    let have: HashSet<String> = words(base).filter_map(|(_, w)| key(w)).collect();
    words(other)
        .filter(|(_, w)| key(w).is_some_and(|k| !have.contains(&k)))
        .map(|(i, w)| Span::new(i, i + w.len()))
        .collect()
}

/// The name a fact gives an article's outlet: the outlet, or the file when none is named.
pub fn outlet_label(a: &Article) -> String {
    a.outlet.clone().unwrap_or_else(|| a.file.clone())
}

/// The facts of story `story`, told by `articles`: each with its passages and the outlets of
/// the story that leave it out.
pub fn facts(story: &str, articles: &[&Article]) -> Vec<Fact> {
    // The sentences' meaning vectors and each sentence's framing are the articles' alone: they
    // are worked out on a second thread while the articles are aligned.
    let frame_all = || -> Vec<HashMap<usize, crate::model::Framing>> {
        articles
            .iter()
            .map(|a| {
                super::framing::frame_article(a)
                    .into_iter()
                    .map(|(span, f)| (span.start, f))
                    .collect()
            })
            .collect()
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let (aligned, framed) = beside(
        // Should the other thread panic before sending, no vectors come, and its panic is
        // raised again here once aligning is done.
        || align_with(articles, || rx.recv().ok().flatten()),
        move || {
            // The receiver may be gone only if aligning panicked.
            let _ = tx.send(meaning(articles));
            frame_all()
        },
    );
    let mut all: Vec<String> = articles.iter().map(|a| outlet_label(a)).collect();
    all.sort();
    all.dedup();
    let mut ids: HashSet<String> = HashSet::default();
    aligned
        .facts
        .iter()
        .map(|d| {
            let passages: Vec<FactPassage> = d
                .members
                .iter()
                .map(|&m| {
                    let s = aligned.sentences[m];
                    let a = articles[s.article];
                    FactPassage {
                        article: a.id.clone(),
                        file: a.file.clone(),
                        outlet: a.outlet.clone(),
                        passage: s.passage,
                        text: article_text(a, s.passage, s.span).to_string(),
                        start: s.span.start,
                        end: s.span.end,
                        framing: framed[s.article]
                            .get(&s.span.start)
                            .cloned()
                            .unwrap_or_default(),
                    }
                })
                .collect();
            let mut outlets: Vec<String> = d
                .members
                .iter()
                .map(|&m| outlet_label(articles[aligned.sentences[m].article]))
                .collect();
            outlets.sort();
            outlets.dedup();
            let missing_from = all
                .iter()
                .filter(|o| !outlets.contains(o))
                .cloned()
                .collect();
            let differs = differs(&passages, &d.parts);
            let id = fact_id(story, &passages, &mut ids);
            Fact {
                id,
                story: story.to_string(),
                label: d.label.clone(),
                outlets,
                passages,
                missing_from,
                differs,
                cohesion: d.cohesion,
            }
        })
        .collect()
}

/// A fact's id: a hash of its story and every passage it holds (article id and byte range),
/// so it is the same in every run and after every reindex that leaves the fact as it is, and
/// unique within the story (`taken`): a sentence may open two facts, and two facts never have
/// the same passages, but should a hash collide it is rehashed with a counter.
fn fact_id(story: &str, passages: &[FactPassage], taken: &mut HashSet<String>) -> String {
    let mut key: Vec<(&str, usize, usize)> = passages
        .iter()
        .map(|p| (p.article.as_str(), p.start, p.end))
        .collect();
    key.sort_unstable();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(story.as_bytes());
    for (article, start, end) in key {
        h.update(format!("/{article}:{start}-{end}").as_bytes());
    }
    let mut n = 0u64;
    loop {
        let mut h = h.clone();
        if n > 0 {
            h.update(&n.to_le_bytes());
        }
        let id = format!("{:012x}", h.digest() >> 16);
        if taken.insert(id.clone()) {
            return id;
        }
        n += 1;
    }
}

/// The outlets whose numbers or dates for a fact disagree with another outlet's, or are vaguer
/// than another's for the same thing.
/// Only the figures in the part of each passage that reports the fact count: the other clause
/// of a two-fact sentence has figures of its own. An outlet differs when its figures disagree
/// with more than half of the outlets it can be compared with, or are vaguer than another's.
fn differs(passages: &[FactPassage], parts: &[Span]) -> Vec<String> {
    use crate::model::Agreement;
    let inside = |span: Span, part: Span| span.start >= part.start && span.end <= part.end;
    let figures: Vec<(Vec<crate::model::NumberValue>, Vec<crate::model::DateValue>)> = passages
        .iter()
        .zip(parts)
        .map(|(p, &part)| {
            let numbers = p.framing.numbers.iter().filter(|n| inside(n.span, part));
            let dates = p.framing.dates.iter().filter(|d| inside(d.span, part));
            (numbers.cloned().collect(), dates.cloned().collect())
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    // Per outlet: the other outlets it was compared with on some figure, and those it disagrees
    // with. Who disagrees with most of the others is the odd one out; when two outlets only
    // have each other, both are; of three that split two to one, the one.
    let mut compared: HashMap<String, (HashSet<String>, HashSet<String>)> = HashMap::default();
    let labels: Vec<String> = passages.iter().map(FactPassage::outlet_label).collect();
    // Only passages that give a figure can be compared: a fact of hundreds of passages, most
    // with none, is not walked pair by pair.
    let with: Vec<usize> = (0..passages.len())
        .filter(|&i| !figures[i].0.is_empty() || !figures[i].1.is_empty())
        .collect();
    for (x, &i) in with.iter().enumerate() {
        for &j in &with[x + 1..] {
            let (la, lb) = (&labels[i], &labels[j]);
            if la == lb {
                continue;
            }
            let n = super::framing::compare_numbers(&figures[i].0, &figures[j].0);
            let d = super::framing::compare_dates(&figures[i].1, &figures[j].1);
            for c in n.pairs.iter().chain(&d.pairs) {
                compared.entry(la.clone()).or_default().0.insert(lb.clone());
                compared.entry(lb.clone()).or_default().0.insert(la.clone());
                match c.agreement {
                    Agreement::Agree => {}
                    Agreement::FirstVaguer => out.push(la.clone()),
                    Agreement::SecondVaguer => out.push(lb.clone()),
                    Agreement::Disagree => {
                        compared.entry(la.clone()).or_default().1.insert(lb.clone());
                        compared.entry(lb.clone()).or_default().1.insert(la.clone());
                    }
                }
            }
        }
    }
    for (outlet, (with, against)) in compared {
        if against.len() * 2 > with.len() {
            out.push(outlet);
        }
    }
    out.sort();
    out.dedup();
    out
}

impl Aligned {
    /// The facts sentence `sentence` is part of.
    pub fn facts_of(&self, sentence: usize) -> impl Iterator<Item = usize> + '_ {
        self.facts
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.members.contains(&sentence))
            .map(|(i, _)| i)
    }

    /// The sentence of article `article` that holds byte `at` (or the last one before it).
    pub fn sentence_at(&self, article: usize, at: usize) -> Option<usize> {
        self.sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| s.article == article && s.span.start <= at)
            .map(|(i, _)| i)
            .next_back()
    }

    /// How alike two sentences are, from 0 (nothing in common) up.
    pub fn similarity(&self, a: usize, b: usize) -> f32 {
        sim(&self.sims, a, b)
    }

    /// Byte ranges (article text) of the words of sentence `other` that sentence `base` does
    /// not say in any form: what differs in `other`'s version.
    pub fn differences(&self, base: usize, other: usize) -> Vec<Span> {
        let have: HashSet<u32> = self.of_sentence[base]
            .iter()
            .flat_map(|&u| self.units[u].features.iter().copied())
            .collect();
        self.of_sentence[other]
            .iter()
            .flat_map(|&u| self.units[u].tokens.iter())
            .filter(|(_, f)| {
                f.is_some_and(|f| !have.contains(&f) && self.weights[f as usize] > 0.3)
            })
            .map(|(s, _)| *s)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_survive_no_break_spaces_and_letters_that_lowercase_longer() {
        // Two no-break spaces stand for one; the 20-word cut must land between characters.
        let nbsp = "Nearly four months later, on Feb. 22, the pair \u{a0} was hit with additional tax \
                    evasion and bank fraud charges \u{a0} and the amount of money Manafort was \
                    accused of laundering through offshore accounts increased to $30 million";
        let l = statement(nbsp).unwrap();
        assert!(l.starts_with("Nearly four months later"), "{l}");
        // 'İ' lowercases to two characters: offsets found in the lowercase text must still fit.
        let dotted = "İİİİ İstanbul officials said the bridge will reopen to traffic next week.";
        assert!(statement(dotted).is_some());
    }

    #[test]
    fn labels_are_statements_without_dateline_or_attribution() {
        let st = |t: &str| statement(t).unwrap();
        assert_eq!(
            st(
                "BEIRUT (AP) — Officials are set to resume talks in Paris, a Syrian official said Monday."
            ),
            "Officials are set to resume talks in Paris"
        );
        assert_eq!(
            st(
                "According to a joint statement released on Tuesday, the mechanism is intended to coordinate on security."
            ),
            "The mechanism is intended to coordinate on security"
        );
        assert_eq!(
            st(
                "The state news agency, SANA, reported that the delegation was led by the foreign minister."
            ),
            "The delegation was led by the foreign minister"
        );
        assert_eq!(
            st("The governments said the sides agreed to establish a joint mechanism."),
            "The sides agreed to establish a joint mechanism"
        );
        assert_eq!(
            st("\"Hopefully, that meeting will be a great success,\" the president said."),
            "Hopefully, that meeting will be a great success"
        );
        // Long: cut at the last clause boundary within twenty words.
        let long = st(
            "The talks focused on reviving the 1974 disengagement agreement, which established a buffer zone between the two countries after the war that ended that year.",
        );
        assert_eq!(
            long,
            "The talks focused on reviving the 1974 disengagement agreement"
        );
        // A quotation the sentence ends on stays closed.
        assert_eq!(
            st("Macron described the discussions as \"very frank.\""),
            "Macron described the discussions as \"very frank\""
        );
        assert_eq!(
            st("He called it “a disgrace.”"),
            "He called it “a disgrace”"
        );
        assert_eq!(
            closed_quotes("frank\" and he left".into()),
            "frank\" and he left"
        );
        // An ordinary sentence is kept whole, spaces tidied.
        assert_eq!(
            st("Israel  reaffirmed its commitment to stability."),
            "Israel reaffirmed its commitment to stability"
        );
    }

    /// A sentence of article `article` with `features`.
    fn unit_of(article: usize, sentence: usize, features: &[u32]) -> Unit {
        Unit {
            article,
            passage: 0,
            sentence,
            span: Span::new(0, 0),
            features: features.to_vec(),
            tokens: Vec::new(),
            shingles: Vec::new(),
        }
    }

    #[test]
    fn containment_needs_a_rare_word_of_the_story() {
        // Features 0-2 are the story's topic words, 3-9 rare words; all weigh the same.
        let w = vec![1.5f32; 10];
        let rare: Vec<bool> = (0..10).map(|f| f >= 3).collect();
        let units = [
            // A subhead of topic words alone, and a long sentence holding them and more.
            unit_of(0, 0, &[0, 1, 2]),
            unit_of(1, 1, &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
            // A short sentence holding the same topic words and one rare word of the long one.
            unit_of(2, 2, &[0, 1, 2, 3]),
        ];
        let sims = similarities(&units, &w, &rare, units.len());
        let cosine = 4.5 / (4.5f32 * 15.0).sqrt();
        // Topic words alone: cosine only, however wholly the subhead is contained.
        assert!((sims[&(0, 1)] - cosine).abs() < 1e-4, "{sims:?}");
        // A rare word shared: containment counts.
        assert!((sims[&(1, 2)] - CONTAIN).abs() < 1e-4, "{sims:?}");
    }

    #[test]
    fn words_keep_inner_apostrophes_and_numbers_together() {
        let w: Vec<&str> = words("Syria’s 1,200 troops—U.N.-patrolled zone.")
            .map(|(_, w)| w)
            .collect();
        assert_eq!(
            w,
            ["Syria’s", "1,200", "troops", "U.N", "patrolled", "zone"]
        );
    }

    #[test]
    fn differing_words_skip_paraphrases_and_stop_words() {
        let base = "Insurgents ousted Assad in December.";
        let other = "Rebels toppled Assad in a lightning offensive.";
        let diff: Vec<&str> = differing_words(base, other)
            .iter()
            .map(|s| &other[s.start..s.end])
            .collect();
        assert_eq!(diff, ["lightning", "offensive"]);
    }

    fn clause_texts(sentence: &str) -> Vec<String> {
        let span = Span::new(100, 100 + sentence.len());
        clauses(sentence, 100, span, Lexicon::builtin())
            .iter()
            .map(|c| sentence[c.start - 100..c.end - 100].to_string())
            .collect()
    }

    #[test]
    fn clauses_of_a_run_on_sentence_are_few_and_cover_it() {
        // Thousands of cut points with no content word between them: no clause at all.
        assert!(clause_texts(&"a, ".repeat(20_000)).is_empty());
        let listing = "Damascus envoys met Israeli officials, ".repeat(40);
        let parts = clause_texts(listing.trim_end());
        assert_eq!(parts.len(), MAX_CLAUSES, "{parts:?}");
        assert!(parts[0].starts_with("Damascus envoys met Israeli officials"));
        assert!(
            parts[MAX_CLAUSES - 1].ends_with("Israeli officials,"),
            "the last clause takes the rest"
        );
    }

    #[test]
    fn clauses_cut_two_reports_apart_and_keep_short_stretches_whole() {
        let two = "A Syrian official said Damascus seeks reactivation of the 1974 disengagement \
                   agreement and a withdrawal of Israeli forces to positions held before 2024.";
        let parts = clause_texts(two);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts[0].ends_with("disengagement agreement"), "{parts:?}");
        assert!(parts[1].starts_with("and a withdrawal"), "{parts:?}");
        // "Israel and Syria" is no clause boundary worth a unit: too short to stand alone.
        assert!(clause_texts("Israel and Syria resumed talks in Paris.").is_empty());
        // A sentence that opens on a concession reports only the rest.
        let concession = "While the new communication mechanism represents a diplomatic opening, \
                          the path to lasting de-escalation between the two remains uncertain.";
        let parts = clause_texts(concession);
        assert_eq!(parts.len(), 1, "{parts:?}");
        assert!(parts[0].starts_with("the path"), "{parts:?}");
    }

    #[test]
    fn a_title_before_a_name_is_found_and_a_lower_case_role_is_not() {
        use crate::model::Passage;
        let text =
            "Prime Minister Benjamin Netanyahu spoke, and intelligence chief Hussein Salameh.";
        let article = Article {
            passages: vec![Passage {
                index: 0,
                span: Span::new(10, 10 + text.len()),
                text: text.into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let at = |name: &str| {
            let i = text.find(name).unwrap() + 10;
            Span::new(i, i + name.len())
        };
        let title = title_before(&article, 0, at("Benjamin Netanyahu")).unwrap();
        assert_eq!(&text[title.start - 10..title.end - 10], "Prime Minister ");
        assert_eq!(title_before(&article, 0, at("Hussein Salameh")), None);
    }

    /// An article of `outlet` saying `text`, then something of its own.
    fn told_by(outlet: &str, text: &str, aside: &str) -> Article {
        let body = format!("{text} {aside}");
        let mut a = Article::with_body(&format!("{outlet}.txt"), &body);
        a.outlet = Some(outlet.into());
        a.passages[0].sentences = vec![
            Span::new(0, text.len()),
            Span::new(text.len() + 1, body.len()),
        ];
        a
    }

    #[test]
    fn the_outlet_whose_figure_disagrees_with_the_others_is_the_one_that_differs() {
        let told = |n: &str| {
            format!(
                "The army said its jets struck {n} militant positions near the northern \
                 border town overnight in the heaviest raids this year."
            )
        };
        let articles = [
            told_by("Alpha", &told("120"), "Farmers fear for the harvest."),
            told_by("Beta", &told("120"), "Schools stayed closed on Monday."),
            told_by(
                "Gamma",
                &told("350"),
                "The ministry gave no casualty figures.",
            ),
        ];
        let refs: Vec<&Article> = articles.iter().collect();
        let facts = facts("s", &refs);
        let fact = facts
            .iter()
            .find(|f| f.outlets.len() == 3)
            .expect("the three versions are one fact");
        assert_eq!(fact.differs, ["Gamma"]);
    }

    fn draft_of(members: &[usize], cohesion: f32) -> Draft {
        Draft {
            members: members.to_vec(),
            central: members[0],
            label: String::new(),
            cohesion,
            parts: Vec::new(),
        }
    }

    /// Average-link clustering worked out the slow, obvious way: every step, every two groups'
    /// average over their pairs from different articles; the best merges (ties: the group of
    /// the lower first sentence, then the other's), while one reaches JOIN.
    fn cluster_by_hand(articles: &[usize], sims: &[(Pair, f32)]) -> Vec<Vec<usize>> {
        let like: HashMap<Pair, f32> = sims.iter().copied().collect();
        let mut groups: Vec<Vec<usize>> = (0..articles.len()).map(|i| vec![i]).collect();
        loop {
            let mut best: Option<(f32, usize, usize)> = None;
            for x in 0..groups.len() {
                for y in x + 1..groups.len() {
                    let (mut sum, mut count) = (0.0f32, 0usize);
                    for &a in &groups[x] {
                        for &b in &groups[y] {
                            if articles[a] != articles[b] {
                                count += 1;
                                sum += like.get(&pair(a, b)).copied().unwrap_or(0.0);
                            }
                        }
                    }
                    if count == 0 {
                        continue;
                    }
                    let v = sum / count as f32;
                    let key = (groups[x][0], groups[y][0]);
                    let better = best.is_none_or(|(bv, bx, by)| {
                        v > bv || (v == bv && key < (groups[bx][0], groups[by][0]))
                    });
                    if v >= JOIN && better {
                        best = Some((v, x, y));
                    }
                }
            }
            let Some((_, x, y)) = best else { break };
            let moved = groups.remove(y);
            groups[x].extend(moved);
            groups[x].sort_unstable();
            groups.sort();
        }
        groups
    }

    #[test]
    fn clustering_merges_as_average_link_does() {
        // Small random stories: likeness in sixteenths (sums exact in f32, so ties are ties).
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..200 {
            let n = 2 + next(14) as usize;
            let articles: Vec<usize> = (0..n).map(|_| next(4) as usize).collect();
            let mut sims = Vec::new();
            for a in 0..n {
                for b in a + 1..n {
                    if articles[a] != articles[b] && next(3) > 0 {
                        sims.push((pair(a, b), (1 + next(16)) as f32 / 16.0));
                    }
                }
            }
            let units: Vec<Unit> = articles
                .iter()
                .enumerate()
                .map(|(i, &article)| Unit {
                    article,
                    passage: 0,
                    sentence: i,
                    span: Span::new(i, i + 1),
                    features: Vec::new(),
                    tokens: Vec::new(),
                    shingles: Vec::new(),
                })
                .collect();
            assert_eq!(
                cluster(&units, &sims),
                cluster_by_hand(&articles, &sims),
                "articles {articles:?}, likeness {sims:?}"
            );
        }
    }

    #[test]
    fn a_fact_that_only_regroups_other_facts_is_dropped() {
        let facts = vec![
            draft_of(&[0, 1, 2], 0.6),
            draft_of(&[3, 4, 5], 0.5),
            // Two two-fact sentences (2 and 3) and one of each fact's: nothing of its own.
            draft_of(&[1, 2, 3, 4], 0.3),
            // Sentences of its own: kept.
            draft_of(&[2, 6, 7], 0.2),
        ];
        let kept: Vec<Vec<usize>> = drop_subsumed(facts)
            .into_iter()
            .map(|d| d.members)
            .collect();
        assert_eq!(kept, vec![vec![0, 1, 2], vec![3, 4, 5], vec![2, 6, 7]]);
    }

    #[test]
    fn the_lexicon_loads_and_folds_paraphrases_by_stem() {
        let lex = Lexicon::builtin();
        let g = |w: &str| lex.same.get(&lex.stem(w)).copied();
        assert!(
            toml::from_str::<RawLexicon>(include_str!("../../assets/facts/lexicon.toml")).is_ok()
        );
        assert!(g("reviving").is_some());
        assert_eq!(g("reviving"), g("reactivate"));
        assert_eq!(g("ousted"), g("toppled"));
        assert_ne!(g("ousted"), g("reviving"));
        assert!(lex.phrases.contains_key(&lex.stem("take")));
    }
}
