//! The framing lexicons shipped in `assets/framing/` (reporting verbs, source cues, hedges,
//! loaded terms and the inflections the generator cannot guess): parsing them, expanding
//! "topple/v" into its forms, and one case-insensitive aho-corasick automaton over every form
//! that reports whole-word matches. Decides nothing about a sentence.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::model::HedgeKind;

/// The embedded lexicon files, by name.
pub(crate) const FILES: Files = Files {
    verbs: include_str!("../../../assets/framing/verbs.toml"),
    sources: include_str!("../../../assets/framing/sources.toml"),
    hedges: include_str!("../../../assets/framing/hedges.toml"),
    loaded: include_str!("../../../assets/framing/loaded.toml"),
    inflections: include_str!("../../../assets/framing/inflections.toml"),
};

/// The text of each lexicon file.
#[derive(Debug, Clone, Copy)]
pub struct Files {
    pub verbs: &'static str,
    pub sources: &'static str,
    pub hedges: &'static str,
    pub loaded: &'static str,
    pub inflections: &'static str,
}

/// Why a lexicon file could not be used. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("assets/framing/{file}: {source}")]
    Toml {
        file: &'static str,
        #[source]
        source: toml::de::Error,
    },
    #[error("assets/framing/{file}: {what}")]
    Invalid { file: &'static str, what: String },
}

// ---- file shapes ----

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Inflections {
    #[serde(default)]
    verbs: HashMap<String, Vec<String>>,
    #[serde(default)]
    nouns: HashMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerbFile {
    verb: Vec<RawVerb>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVerb {
    forms: Vec<String>,
    #[serde(default)]
    distance: bool,
    #[serde(default)]
    needs_clause: bool,
    #[serde(default)]
    object_is_via: bool,
    #[serde(default)]
    takes_object: bool,
    #[serde(default)]
    needs_quote: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    speakers: Vec<String>,
    pronouns: Vec<String>,
    anonymous_heads: Vec<String>,
    anonymity_cues: Vec<String>,
    documents: Vec<String>,
    audiences: Vec<String>,
    relays: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HedgeFile {
    hedge: Vec<RawHedge>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHedge {
    kind: HedgeKind,
    phrases: Vec<String>,
    #[serde(default)]
    embedded: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoadedFile {
    group: Vec<RawGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: String,
    label: String,
    loaded: Vec<String>,
    neutral: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
}

// ---- the parsed lexicon ----

/// One reporting verb entry; the default is a plain verb that attributes whatever follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Verb {
    pub distance: bool,
    pub needs_clause: bool,
    pub object_is_via: bool,
    /// The verb's object is whom the statement is about, not a speaker after it: "“…,”
    /// accused the senator" is not read as inverted.
    pub takes_object: bool,
    /// Only a reporting verb when a quotation follows within a few words: "called the plan
    /// “reckless”", not "called a meeting".
    pub needs_quote: bool,
}

/// One hedge entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hedge {
    pub kind: HedgeKind,
    pub embedded: bool,
}

/// One loaded-terms group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub label: String,
    /// Loaded words as written in the lexicon, markers removed ("topple").
    pub loaded: Vec<String>,
    /// Neutral words as written in the lexicon, markers removed ("remove from power").
    pub neutral: Vec<String>,
}

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pat {
    Verb(u16),
    /// A hedge; `slot` indexes `slot_heads` when the phrase had a "{}" and this pattern is
    /// the part after it.
    Hedge {
        entry: u16,
        slot: Option<u16>,
    },
    Loaded(u16),
    Neutral(u16),
    Except(u16),
    AnonCue,
}

/// A whole-word match of a lexicon pattern in a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub pat: Pat,
}

/// Everything the framing passes look words up in.
#[derive(Debug)]
pub struct Lexicon {
    pub(crate) verbs: Vec<Verb>,
    pub(crate) hedges: Vec<Hedge>,
    pub groups: Vec<Group>,
    /// Lowercased forms of words that can head a source.
    pub(crate) speakers: HashSet<String>,
    pub(crate) pronouns: HashSet<String>,
    pub(crate) anonymous_heads: HashSet<String>,
    /// Lowercased document nouns and phrases ("statement", "joint statement").
    pub(crate) documents: HashSet<String>,
    /// The most words a document phrase has.
    pub(crate) document_words: usize,
    pub(crate) audiences: HashSet<String>,
    /// Relay phrases, longest first.
    pub(crate) relays: Vec<String>,
    /// The words before a "{}" slot, per slot index ("what").
    pub(crate) slot_heads: Vec<String>,
    patterns: Vec<Pat>,
    automaton: Option<AhoCorasick>,
    /// How many distinct forms each part of the lexicon expanded to.
    pub sizes: Sizes,
}

/// Lexicon sizes, for documentation and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    pub verb_entries: usize,
    pub verb_forms: usize,
    pub hedge_phrases: usize,
    pub groups: usize,
    pub loaded_forms: usize,
    pub neutral_forms: usize,
    pub speakers: usize,
    pub anonymity_cues: usize,
    pub patterns: usize,
}

impl Lexicon {
    /// The lexicon shipped in `assets/framing/`, parsed once. A broken asset is a bug caught by
    /// the tests; should it ever ship, framing runs with an empty lexicon and logs why.
    pub fn builtin() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| {
            Lexicon::parse(&FILES).unwrap_or_else(|e| {
                tracing::error!("framing lexicon: {e}");
                Lexicon::empty()
            })
        })
    }

    fn empty() -> Lexicon {
        Lexicon {
            verbs: Vec::new(),
            hedges: Vec::new(),
            groups: Vec::new(),
            speakers: HashSet::new(),
            pronouns: HashSet::new(),
            anonymous_heads: HashSet::new(),
            documents: HashSet::new(),
            document_words: 0,
            audiences: HashSet::new(),
            relays: Vec::new(),
            slot_heads: Vec::new(),
            patterns: Vec::new(),
            automaton: None,
            sizes: Sizes::default(),
        }
    }

    /// Parse and expand the lexicon files.
    pub fn parse(files: &Files) -> Result<Lexicon, LexiconError> {
        let infl: Inflections = parse_toml("inflections.toml", files.inflections)?;
        let verbs: VerbFile = parse_toml("verbs.toml", files.verbs)?;
        let sources: SourceFile = parse_toml("sources.toml", files.sources)?;
        let hedges: HedgeFile = parse_toml("hedges.toml", files.hedges)?;
        let loaded: LoadedFile = parse_toml("loaded.toml", files.loaded)?;
        let ex = Expander { infl: &infl };

        let mut lex = Lexicon::empty();
        let mut patterns: Vec<(String, Pat)> = Vec::new();

        for (i, v) in verbs.verb.iter().enumerate() {
            let id = index(i, "verbs.toml")?;
            lex.verbs.push(Verb {
                distance: v.distance,
                needs_clause: v.needs_clause,
                object_is_via: v.object_is_via,
                takes_object: v.takes_object,
                needs_quote: v.needs_quote,
            });
            if v.forms.is_empty() {
                return Err(invalid(
                    "verbs.toml",
                    format!("verb {} has no forms", i + 1),
                ));
            }
            for f in &v.forms {
                for form in ex.expand("verbs.toml", f)? {
                    // A participle does not open a reporting clause of its own.
                    if form.ends_with("ing") && f.ends_with("/v") {
                        continue;
                    }
                    lex.sizes.verb_forms += 1;
                    patterns.push((form, Pat::Verb(id)));
                }
            }
        }
        lex.sizes.verb_entries = lex.verbs.len();

        let set = |list: &[String], file: &'static str| -> Result<HashSet<String>, LexiconError> {
            let mut out = HashSet::new();
            for w in list {
                out.extend(ex.expand(file, w)?.into_iter().map(|f| f.to_lowercase()));
            }
            Ok(out)
        };
        lex.speakers = set(&sources.speakers, "sources.toml")?;
        lex.pronouns = set(&sources.pronouns, "sources.toml")?;
        lex.anonymous_heads = set(&sources.anonymous_heads, "sources.toml")?;
        lex.documents = set(&sources.documents, "sources.toml")?;
        lex.document_words = lex
            .documents
            .iter()
            .map(|d| d.split_whitespace().count())
            .max()
            .unwrap_or(0);
        lex.audiences = sources.audiences.iter().map(|a| a.to_lowercase()).collect();
        lex.relays = sources.relays.iter().map(|r| r.to_lowercase()).collect();
        lex.relays.sort_by_key(|r| std::cmp::Reverse(r.len()));
        lex.sizes.speakers = lex.speakers.len();
        for cue in &sources.anonymity_cues {
            lex.sizes.anonymity_cues += 1;
            for form in ex.expand("sources.toml", cue)? {
                patterns.push((form, Pat::AnonCue));
            }
        }

        for (i, h) in hedges.hedge.iter().enumerate() {
            let id = index(i, "hedges.toml")?;
            lex.hedges.push(Hedge {
                kind: h.kind,
                embedded: h.embedded,
            });
            for p in &h.phrases {
                lex.sizes.hedge_phrases += 1;
                if let Some((head, tail)) = p.split_once("{}") {
                    let (head, tail) = (head.trim(), tail.trim());
                    if head.is_empty() || tail.is_empty() || tail.contains("{}") {
                        return Err(invalid(
                            "hedges.toml",
                            format!("{p:?}: a slot needs words on both sides"),
                        ));
                    }
                    let slot = index(lex.slot_heads.len(), "hedges.toml")?;
                    lex.slot_heads.push(head.to_lowercase());
                    for form in ex.expand("hedges.toml", tail)? {
                        patterns.push((
                            form,
                            Pat::Hedge {
                                entry: id,
                                slot: Some(slot),
                            },
                        ));
                    }
                } else {
                    for form in ex.expand("hedges.toml", p)? {
                        patterns.push((
                            form,
                            Pat::Hedge {
                                entry: id,
                                slot: None,
                            },
                        ));
                    }
                }
            }
        }

        let mut ids = HashSet::new();
        for (i, g) in loaded.group.iter().enumerate() {
            let id = index(i, "loaded.toml")?;
            if !ids.insert(g.id.clone()) {
                return Err(invalid(
                    "loaded.toml",
                    format!("group id {:?} is used twice", g.id),
                ));
            }
            if g.id.is_empty() || g.loaded.is_empty() {
                return Err(invalid(
                    "loaded.toml",
                    format!("group {:?} needs an id and loaded terms", g.id),
                ));
            }
            let mut group = Group {
                id: g.id.clone(),
                label: g.label.clone(),
                loaded: Vec::new(),
                neutral: Vec::new(),
            };
            for t in &g.loaded {
                group.loaded.push(display(t));
                for form in ex.expand("loaded.toml", t)? {
                    lex.sizes.loaded_forms += 1;
                    patterns.push((form, Pat::Loaded(id)));
                }
            }
            for t in &g.neutral {
                group.neutral.push(display(t));
                // "~said": shown as an alternative, never matched (too common to mean anything).
                if t.starts_with('~') {
                    continue;
                }
                for form in ex.expand("loaded.toml", t)? {
                    lex.sizes.neutral_forms += 1;
                    patterns.push((form, Pat::Neutral(id)));
                }
            }
            for t in &g.except {
                for form in ex.expand("loaded.toml", t)? {
                    patterns.push((form, Pat::Except(id)));
                }
            }
            lex.groups.push(group);
        }
        lex.sizes.groups = lex.groups.len();

        // Both apostrophes.
        let mut more = Vec::new();
        for (p, pat) in &patterns {
            if p.contains('\'') {
                more.push((p.replace('\'', "’"), *pat));
            } else if p.contains('’') {
                more.push((p.replace('’', "'"), *pat));
            }
        }
        patterns.extend(more);
        patterns.sort_by(|a, b| a.0.cmp(&b.0).then(pat_order(&a.1).cmp(&pat_order(&b.1))));
        patterns.dedup();
        lex.sizes.patterns = patterns.len();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(patterns.iter().map(|(p, _)| p.as_str()))
            .map_err(|e| invalid("(automaton)", e.to_string()))?;
        lex.automaton = Some(ac);
        lex.patterns = patterns.into_iter().map(|(_, p)| p).collect();
        Ok(lex)
    }

    /// Every whole-word match of every pattern in `text`, overlapping ones included, in order
    /// of start (longest first at one start).
    pub(crate) fn scan(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            let pat = &text[s..e];
            let first_alnum = pat.chars().next().is_some_and(char::is_alphanumeric);
            let last_alnum = pat.chars().next_back().is_some_and(char::is_alphanumeric);
            let before_ok = !first_alnum
                || !text[..s]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            let after_ok =
                !last_alnum || !text[e..].chars().next().is_some_and(char::is_alphanumeric);
            if before_ok && after_ok {
                out.push(Hit {
                    start: s,
                    end: e,
                    pat: self.patterns[m.pattern().as_usize()],
                });
            }
        }
        out.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        out
    }

    /// The loaded-terms group with id `id`.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }
}

fn pat_order(p: &Pat) -> (u8, u32) {
    match *p {
        Pat::Verb(i) => (0, i.into()),
        Pat::Hedge { entry, slot } => (1, u32::from(entry) << 16 | u32::from(slot.unwrap_or(0))),
        Pat::Loaded(i) => (2, i.into()),
        Pat::Neutral(i) => (3, i.into()),
        Pat::Except(i) => (4, i.into()),
        Pat::AnonCue => (5, 0),
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &'static str,
    text: &str,
) -> Result<T, LexiconError> {
    toml::from_str(text).map_err(|source| LexiconError::Toml { file, source })
}

fn invalid(file: &'static str, what: String) -> LexiconError {
    LexiconError::Invalid { file, what }
}

fn index(i: usize, file: &'static str) -> Result<u16, LexiconError> {
    u16::try_from(i).map_err(|_| invalid(file, "too many entries".to_string()))
}

/// A lexicon term as shown to a reader: markers removed.
fn display(t: &str) -> String {
    t.trim_start_matches('~')
        .trim_end_matches("/v")
        .trim_end_matches("/n")
        .trim()
        .to_string()
}

/// Expands "topple/v" and "terror group/n" into their forms.
struct Expander<'a> {
    infl: &'a Inflections,
}

impl Expander<'_> {
    fn expand(&self, file: &'static str, term: &str) -> Result<Vec<String>, LexiconError> {
        let t = term.trim().trim_start_matches('~').trim();
        if t.is_empty() {
            return Err(invalid(file, "an empty term".to_string()));
        }
        if let Some((_, marker)) = t.rsplit_once('/')
            && !matches!(marker, "v" | "n")
            && !marker.contains(' ')
        {
            return Err(invalid(
                file,
                format!("{term:?}: unknown marker /{marker} (use /v or /n)"),
            ));
        }
        let mut out = if let Some(phrase) = t.strip_suffix("/v") {
            let (first, rest) = match phrase.split_once(' ') {
                Some((f, r)) => (f, format!(" {r}")),
                None => (phrase, String::new()),
            };
            self.verb(first)
                .into_iter()
                .map(|f| format!("{f}{rest}"))
                .collect()
        } else if let Some(phrase) = t.strip_suffix("/n") {
            let (head, last) = match phrase.rsplit_once(' ') {
                Some((h, l)) => (format!("{h} "), l),
                None => (String::new(), phrase),
            };
            self.noun(last)
                .into_iter()
                .map(|f| format!("{head}{f}"))
                .collect()
        } else {
            vec![t.to_string()]
        };
        out.dedup();
        Ok(out)
    }

    fn verb(&self, w: &str) -> Vec<String> {
        let mut out = vec![w.to_string()];
        if let Some(forms) = self.infl.verbs.get(w) {
            out.extend(forms.iter().cloned());
            return out;
        }
        out.extend(third_person(w));
        let stem_e = w.strip_suffix('e');
        if let Some(stem) = w.strip_suffix("ie") {
            out.push(format!("{w}d"));
            out.push(format!("{stem}ying"));
        } else if let Some(stem) = stem_e {
            out.push(format!("{w}d"));
            if w.ends_with("ee") || w.ends_with("ye") || w.ends_with("oe") {
                out.push(format!("{w}ing"));
            } else {
                out.push(format!("{stem}ing"));
            }
        } else if let Some(stem) = consonant_y(w) {
            out.push(format!("{stem}ied"));
            out.push(format!("{w}ing"));
        } else if short_cvc(w) {
            let last = w.chars().next_back().unwrap_or_default();
            out.push(format!("{w}{last}ed"));
            out.push(format!("{w}{last}ing"));
        } else {
            out.push(format!("{w}ed"));
            out.push(format!("{w}ing"));
        }
        out
    }

    fn noun(&self, w: &str) -> Vec<String> {
        let mut out = vec![w.to_string()];
        if let Some(forms) = self.infl.nouns.get(w) {
            out.extend(forms.iter().cloned());
            return out;
        }
        out.extend(third_person(w));
        out
    }
}

/// "-s" forms: "says", "clashes", "denies", "torpedoes"/"torpedos".
fn third_person(w: &str) -> Vec<String> {
    if ["s", "x", "z", "ch", "sh"].iter().any(|e| w.ends_with(e)) {
        vec![format!("{w}es")]
    } else if let Some(stem) = consonant_y(w) {
        vec![format!("{stem}ies")]
    } else if w.ends_with('o') {
        vec![format!("{w}s"), format!("{w}es")]
    } else {
        vec![format!("{w}s")]
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// The stem of a word ending in consonant + y ("deny" → "den").
fn consonant_y(w: &str) -> Option<&str> {
    let stem = w.strip_suffix('y')?;
    stem.chars()
        .next_back()
        .filter(|c| !is_vowel(*c))
        .map(|_| stem)
}

/// One syllable ending consonant-vowel-consonant ("slam", "mop"): the consonant doubles.
fn short_cvc(w: &str) -> bool {
    let cs: Vec<char> = w.chars().collect();
    let n = cs.len();
    if n < 3 {
        return false;
    }
    let groups = cs
        .iter()
        .enumerate()
        .filter(|&(i, c)| is_vowel(*c) && (i == 0 || !is_vowel(cs[i - 1])))
        .count();
    groups == 1
        && !is_vowel(cs[n - 1])
        && !matches!(cs[n - 1], 'w' | 'x' | 'y')
        && is_vowel(cs[n - 2])
        && !is_vowel(cs[n - 3])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(t: &str) -> Vec<String> {
        let infl: Inflections = toml::from_str(FILES.inflections).unwrap();
        Expander { infl: &infl }.expand("test", t).unwrap()
    }

    #[test]
    fn every_lexicon_file_parses_and_is_sizeable() {
        let l = Lexicon::parse(&FILES).unwrap();
        let s = l.sizes;
        // The sizes assets/framing/README.md quotes (`-- --nocapture` shows them).
        eprintln!("{s:?}");
        assert!(s.groups >= 50, "{s:?}");
        assert!(s.verb_entries >= 30 && s.verb_forms >= 100, "{s:?}");
        assert!(s.hedge_phrases >= 100, "{s:?}");
        assert!(s.loaded_forms >= 500, "{s:?}");
        assert!(s.speakers >= 200 && s.anonymity_cues >= 20, "{s:?}");
        // Every group has something neutral to show.
        for g in &l.groups {
            assert!(!g.neutral.is_empty(), "{} has no neutral wording", g.id);
        }
    }

    #[test]
    fn verbs_and_nouns_are_inflected() {
        assert_eq!(
            forms("topple/v"),
            ["topple", "topples", "toppled", "toppling"]
        );
        assert_eq!(forms("oust/v"), ["oust", "ousts", "ousted", "ousting"]);
        assert_eq!(forms("deny/v"), ["deny", "denies", "denied", "denying"]);
        assert_eq!(forms("brag/v"), ["brag", "brags", "bragged", "bragging"]);
        assert_eq!(forms("quell/v"), ["quell", "quells", "quelled", "quelling"]);
        assert_eq!(forms("disagree with/v")[2], "disagreed with");
        assert_eq!(
            forms("overthrow/v"),
            [
                "overthrow",
                "overthrows",
                "overthrew",
                "overthrown",
                "overthrowing"
            ]
        );
        assert_eq!(forms("seize control/v")[2], "seized control");
        assert_eq!(forms("terror group/n"), ["terror group", "terror groups"]);
        assert_eq!(forms("atrocity/n"), ["atrocity", "atrocities"]);
        assert_eq!(forms("clash/n"), ["clash", "clashes"]);
        assert_eq!(forms("spokesman/n"), ["spokesman", "spokesmen"]);
        assert_eq!(forms("the fall of"), ["the fall of"]);
    }

    #[test]
    fn bad_files_get_readable_errors() {
        let mut f = FILES;
        f.loaded = "[[group]]\nid = \"x\"\nlabel = \"x\"\nloaded = [\"a/q\"]\nneutral = []\n";
        let e = Lexicon::parse(&f).unwrap_err().to_string();
        assert!(e.contains("loaded.toml") && e.contains("/q"), "{e}");
        f = FILES;
        f.hedges = "[[hedge]]\nkind = \"maybe\"\nphrases = [\"x\"]\n";
        let e = Lexicon::parse(&f).unwrap_err().to_string();
        assert!(e.contains("hedges.toml") && e.contains("maybe"), "{e}");
        f = FILES;
        f.hedges = "[[hedge]]\nkind = \"distance\"\nphrases = [\"what {}\"]\n";
        let e = Lexicon::parse(&f).unwrap_err().to_string();
        assert!(e.contains("slot"), "{e}");
        f = FILES;
        f.loaded = "[[group]]\nid = \"x\"\nlabel = \"\"\nloaded = [\"a\"]\nneutral = []\n[[group]]\nid = \"x\"\nlabel = \"\"\nloaded = [\"b\"]\nneutral = []\n";
        let e = Lexicon::parse(&f).unwrap_err().to_string();
        assert!(e.contains("twice"), "{e}");
    }

    #[test]
    fn scan_matches_whole_words_any_case_and_both_apostrophes() {
        let l = Lexicon::builtin();
        let t = "Rebels TOPPLED the regime’s leader; the regimental band played. Pre-toppled.";
        let hits = l.scan(t);
        let texts: Vec<&str> = hits.iter().map(|h| &t[h.start..h.end]).collect();
        assert!(texts.contains(&"TOPPLED"), "{texts:?}");
        assert!(texts.contains(&"regime"), "{texts:?}");
        assert!(!texts.iter().any(|x| x.eq_ignore_ascii_case("regimental")));
        let t = "He said the coup d’état failed";
        assert!(
            l.scan(t)
                .iter()
                .any(|h| &t[h.start..h.end] == "coup d’état"),
            "curly apostrophe"
        );
    }
}
