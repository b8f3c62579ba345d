//! The gazetteer: well-known entities shipped in `assets/gazetteer/` (countries with their
//! demonyms, places, organizations, groups, world figures) and `assets/outlets.toml`, plus
//! the recogniser's cue lists (roles and titles, organization head nouns, place cues,
//! reporting verbs, given names). Owns loading them once and one aho-corasick automaton over
//! every surface form; decides nothing about any particular text.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashSet;
use serde::Deserialize;

use crate::model::EntityKind;

const FILES: &[(&str, &str)] = &[
    (
        "countries.toml",
        include_str!("../../assets/gazetteer/countries.toml"),
    ),
    (
        "places.toml",
        include_str!("../../assets/gazetteer/places.toml"),
    ),
    (
        "organizations.toml",
        include_str!("../../assets/gazetteer/organizations.toml"),
    ),
    (
        "groups.toml",
        include_str!("../../assets/gazetteer/groups.toml"),
    ),
    (
        "people.toml",
        include_str!("../../assets/gazetteer/people.toml"),
    ),
];
const ROLES: &str = include_str!("../../assets/gazetteer/roles.toml");
const GIVEN_NAMES: &str = include_str!("../../assets/gazetteer/given_names.toml");
const OUTLETS: &str = include_str!("../../assets/outlets.toml");

#[derive(Debug, Deserialize)]
struct EntryFile {
    #[serde(default)]
    entry: Vec<RawEntry>,
}

#[derive(Debug, Deserialize)]
struct RawEntry {
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    #[serde(default)]
    acronyms: Vec<String>,
    /// For organizations: "company" for a business.
    #[serde(default)]
    sector: Option<String>,
}

#[derive(Debug, Deserialize)]
struct OutletFile {
    outlet: Vec<OutletEntry>,
}

#[derive(Debug, Deserialize)]
struct OutletEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Cues {
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub org_heads: Vec<String>,
    #[serde(default)]
    pub place_cues: Vec<String>,
    #[serde(default)]
    pub person_verbs: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Names {
    #[serde(default)]
    names: Vec<String>,
    /// Familiar form -> the formal given names it stands for ("Bob" -> "Robert").
    #[serde(default)]
    familiar: std::collections::BTreeMap<String, Vec<String>>,
}

/// A known entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub name: String,
    pub kind: EntityKind,
    /// A business (`sector = "company"` in the list).
    pub company: bool,
    /// A country (listed in `countries.toml`).
    pub country: bool,
}

/// Everything the recogniser looks things up in.
#[derive(Debug)]
pub struct Gazetteer {
    pub known: Vec<Known>,
    /// Surface form -> index into `known`, for every name, alias, acronym and demonym.
    pub surfaces: Vec<(String, usize)>,
    /// Built on first use: searches that only look names up never pay for it.
    automaton: OnceLock<Option<AhoCorasick>>,
    /// Roles and titles, lowercased, their words joined by single spaces ("foreign minister").
    roles: FxHashSet<String>,
    /// The most words a role has.
    role_words: usize,
    /// First and last words of the roles, to rule most words out with one look-up.
    role_firsts: FxHashSet<String>,
    role_lasts: FxHashSet<String>,
    pub org_heads: FxHashSet<String>,
    pub place_cues: FxHashSet<String>,
    pub person_verbs: FxHashSet<String>,
    pub given_names: FxHashSet<String>,
    /// Familiar given names, lowercased, with the formal ones they stand for, lowercased.
    pub familiar: rustc_hash::FxHashMap<String, Vec<String>>,
    /// The other way: formal given names, lowercased, with their familiar forms.
    pub familiar_of: rustc_hash::FxHashMap<String, Vec<String>>,
    /// Lowercased surface -> known index, for lookups by text.
    by_surface: HashMap<String, usize>,
    /// Problems met loading the assets (each names the file).
    pub problems: Vec<String>,
}

fn kind(s: &str) -> Option<EntityKind> {
    Some(match s {
        "person" => EntityKind::Person,
        "organization" | "organisation" => EntityKind::Organization,
        "place" => EntityKind::Place,
        "group" => EntityKind::Group,
        "date" => EntityKind::Date,
        _ => return None,
    })
}

impl Gazetteer {
    /// The shipped gazetteer, built once.
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let g = Gazetteer::build();
            for p in &g.problems {
                tracing::error!("gazetteer: {p}");
            }
            g
        })
    }

    fn build() -> Gazetteer {
        let mut problems = Vec::new();
        let mut known: Vec<Known> = Vec::new();
        let mut surfaces: Vec<(String, usize)> = Vec::new();
        let mut add = |known: &mut Vec<Known>,
                       name: &str,
                       k: EntityKind,
                       (company, country): (bool, bool),
                       forms: &mut dyn Iterator<Item = &String>| {
            let idx = known.len();
            known.push(Known {
                name: name.to_string(),
                kind: k,
                company,
                country,
            });
            surfaces.push((name.to_string(), idx));
            for f in forms {
                if !f.trim().is_empty() {
                    surfaces.push((f.trim().to_string(), idx));
                }
            }
        };
        for (file, text) in FILES {
            let parsed: EntryFile = match toml::from_str(text) {
                Ok(p) => p,
                Err(e) => {
                    problems.push(format!("assets/gazetteer/{file}: {e}"));
                    continue;
                }
            };
            for e in parsed.entry {
                let Some(k) = kind(&e.kind) else {
                    problems.push(format!(
                        "assets/gazetteer/{file}: {}: unknown kind {:?}",
                        e.name, e.kind
                    ));
                    continue;
                };
                let company = match e.sector.as_deref() {
                    None => false,
                    Some("company") if k == EntityKind::Organization => true,
                    Some(other) => {
                        problems.push(format!(
                            "assets/gazetteer/{file}: {}: unknown sector {other:?} for a {}",
                            e.name, e.kind
                        ));
                        false
                    }
                };
                let country = *file == "countries.toml" && k == EntityKind::Place;
                add(
                    &mut known,
                    &e.name,
                    k,
                    (company, country),
                    &mut e.aliases.iter().chain(e.acronyms.iter()),
                );
                if let Some((first, rest)) = e.demonyms.split_first() {
                    add(
                        &mut known,
                        first,
                        EntityKind::Group,
                        (false, false),
                        &mut rest.iter(),
                    );
                }
            }
        }
        match toml::from_str::<OutletFile>(OUTLETS) {
            Ok(o) => {
                for e in o.outlet {
                    add(
                        &mut known,
                        &e.name,
                        EntityKind::Organization,
                        (false, false),
                        &mut e.aliases.iter(),
                    );
                }
            }
            Err(e) => problems.push(format!("assets/outlets.toml: {e}")),
        }
        let cues: Cues = toml::from_str(ROLES).unwrap_or_else(|e| {
            problems.push(format!("assets/gazetteer/roles.toml: {e}"));
            Cues::default()
        });
        let names: Names = toml::from_str(GIVEN_NAMES).unwrap_or_else(|e| {
            problems.push(format!("assets/gazetteer/given_names.toml: {e}"));
            Names::default()
        });
        // First spelling wins when two entries claim the same surface.
        let mut by_surface = HashMap::new();
        let mut seen = HashSet::new();
        surfaces.retain(|(s, i)| {
            by_surface.entry(s.to_lowercase()).or_insert(*i);
            seen.insert(s.clone())
        });
        let automaton = OnceLock::new();
        let lower = |v: Vec<String>| {
            v.into_iter()
                .map(|s| s.to_lowercase())
                .collect::<FxHashSet<_>>()
        };
        let role_lists: Vec<Vec<String>> = cues
            .roles
            .iter()
            .map(|r| {
                r.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .filter(|r| !r.is_empty())
            .collect();
        let role_words = role_lists.iter().map(Vec::len).max().unwrap_or(0);
        let roles: FxHashSet<String> = role_lists.iter().map(|r| r.join(" ")).collect();
        let role_firsts = role_lists
            .iter()
            .filter_map(|r| r.first().cloned())
            .collect();
        let role_lasts = role_lists
            .iter()
            .filter_map(|r| r.last().cloned())
            .collect();
        Gazetteer {
            known,
            surfaces,
            automaton,
            roles,
            role_words,
            role_firsts,
            role_lasts,
            org_heads: lower(cues.org_heads),
            place_cues: lower(cues.place_cues),
            person_verbs: lower(cues.person_verbs),
            familiar: names
                .familiar
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_lowercase(),
                        v.iter().map(|f| f.to_lowercase()).collect(),
                    )
                })
                .collect(),
            familiar_of: {
                let mut m: rustc_hash::FxHashMap<String, Vec<String>> = Default::default();
                for (k, v) in &names.familiar {
                    for f in v {
                        m.entry(f.to_lowercase())
                            .or_default()
                            .push(k.to_lowercase());
                    }
                }
                m
            },
            // Each also without its accents, as many sources write it ("Jose", "Jurgen").
            given_names: names
                .names
                .into_iter()
                .flat_map(|n| {
                    let bare: String = n
                        .chars()
                        .map(|c| {
                            let lower = c.to_lowercase().next().unwrap_or(c);
                            match super::aliases::fold(lower) {
                                Some(f) if f != lower && c.is_uppercase() => {
                                    f.to_uppercase().next().unwrap_or(f)
                                }
                                Some(f) if f != lower => f,
                                _ => c,
                            }
                        })
                        .collect();
                    [Some(bare).filter(|b| *b != n), Some(n)]
                        .into_iter()
                        .flatten()
                })
                .collect(),
            by_surface,
            problems,
        }
    }

    /// Known-entity matches in `text`: (start, end, index into `known`), leftmost-longest,
    /// whole words only.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let built = self.automaton.get_or_init(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(self.surfaces.iter().map(|(s, _)| s.as_str()))
                .map_err(|e| tracing::error!("gazetteer automaton: {e}"))
                .ok()
        });
        let Some(ac) = built else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        let is_word = |i: usize| {
            text[i..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric())
        };
        let before_ok = |s: usize| {
            s == 0
                || !text[..s]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric())
        };
        let mut out = Vec::new();
        for m in ac.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let after_ok = e >= bytes.len() || !is_word(e);
            if before_ok(s) && after_ok {
                out.push((s, e, self.surfaces[m.pattern().as_usize()].1));
            }
        }
        out
    }

    /// The known entity a surface names, ignoring case.
    pub fn lookup(&self, surface: &str) -> Option<&Known> {
        self.by_surface
            .get(&surface.to_lowercase())
            .map(|&i| &self.known[i])
    }

    /// Every listed spelling of the known entity `surface` names (itself included).
    pub fn spellings(&self, surface: &str) -> Vec<&str> {
        let Some(&i) = self.by_surface.get(&surface.to_lowercase()) else {
            return Vec::new();
        };
        self.surfaces
            .iter()
            .filter(|(_, k)| *k == i)
            .map(|(s, _)| s.as_str())
            .collect()
    }

    /// True when the lowercased words (each without whitespace) make a role or title
    /// ("foreign minister").
    pub fn is_role<S: AsRef<str>>(&self, words: &[S]) -> bool {
        let mut key = String::new();
        self.is_role_in(words, &mut key)
    }

    /// [`Gazetteer::is_role`], building the look-up key in `key` (a scratch buffer).
    pub(crate) fn is_role_in<S: AsRef<str>>(&self, words: &[S], key: &mut String) -> bool {
        if words.is_empty() || words.len() > self.role_words {
            return false;
        }
        if let [w] = words {
            return self.roles.contains(w.as_ref());
        }
        key.clear();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            key.push_str(w.as_ref());
        }
        self.roles.contains(key.as_str())
    }

    /// True when some role begins with the lowercased `word` ("foreign" of "foreign minister").
    pub(crate) fn starts_role(&self, word: &str) -> bool {
        self.role_firsts.contains(word)
    }

    /// True when some role ends with the lowercased `word` ("minister").
    pub(crate) fn ends_role(&self, word: &str) -> bool {
        self.role_lasts.contains(word)
    }

    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(word)
    }

    /// Every given name, lowercased, that can name the same person as `g` (lowercased): `g`,
    /// the formal names it stands for, their familiar forms, and its own familiar forms.
    pub fn given_variants(&self, g: &str) -> Vec<String> {
        let mut out = vec![g.to_string()];
        for f in self.familiar.get(g).into_iter().flatten() {
            out.push(f.clone());
            out.extend(self.familiar_of.get(f).into_iter().flatten().cloned());
        }
        out.extend(self.familiar_of.get(g).into_iter().flatten().cloned());
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_parses_and_has_entries() {
        let g = Gazetteer::build();
        assert!(g.problems.is_empty(), "{:?}", g.problems);
        assert!(g.known.len() > 500, "{}", g.known.len());
        assert!(g.roles.len() > 100 && g.given_names.len() > 1000);
        assert!(g.is_role(&["foreign", "minister"]));
        assert!(g.org_heads.contains("ministry") && g.person_verbs.contains("said"));
    }

    #[test]
    fn matches_whole_words_longest_first() {
        let g = Gazetteer::builtin();
        let t =
            "the U.S. State Department and the United Nations met in Damascus; USA Today ran it.";
        let found: Vec<&str> = g.find(t).iter().map(|&(s, e, _)| &t[s..e]).collect();
        assert!(found.contains(&"U.S. State Department"), "{found:?}");
        assert!(
            found.contains(&"United Nations") && found.contains(&"Damascus"),
            "{found:?}"
        );
        assert!(!found.contains(&"U.S."), "{found:?}");
        assert_eq!(
            g.lookup("Syrian Arab Republic").map(|k| k.name.as_str()),
            Some("Syria")
        );
        assert_eq!(
            g.lookup("AP").map(|k| k.name.as_str()),
            Some("Associated Press")
        );
    }
}
