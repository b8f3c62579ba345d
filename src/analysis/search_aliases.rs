//! Alias-aware queries: a word or phrase of the query that names a known entity is searched
//! under all its spellings ("Salameh" as `(Salameh OR Salama)`, `"U.N."` as
//! `("U.N." OR "United Nations" OR UN)`). Rewrites query text only; fields, operators and
//! parentheses pass through untouched. Knows nothing of the index.

use std::collections::{BTreeSet, HashMap};

use crate::model::{AliasExpansion, Entity, EntityKind, SearchHit};

use super::aliases::skeleton;

enum Item {
    Word(String),
    Phrase(String),
    Other(String),
}

fn items(query: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let mut rest = query;
    while !rest.is_empty() {
        let trimmed = rest.trim_start();
        if trimmed.len() < rest.len() {
            out.push(Item::Other(rest[..rest.len() - trimmed.len()].to_string()));
            rest = trimmed;
            continue;
        }
        if let Some(body) = rest.strip_prefix('"') {
            let end = body.find('"').unwrap_or(body.len());
            out.push(Item::Phrase(body[..end].to_string()));
            rest = body.get(end + 1..).unwrap_or("");
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let w = &rest[..end];
        let plain = !w.contains([':', '(', ')', '"', '^', '*', '[', ']', '{', '}'])
            && !w.starts_with(['+', '-'])
            && !matches!(w, "AND" | "OR" | "NOT" | "IN");
        out.push(if plain {
            Item::Word(w.to_string())
        } else {
            Item::Other(w.to_string())
        });
        rest = &rest[end..];
    }
    out
}

fn quote(s: &str) -> String {
    if s.contains(|c: char| !c.is_alphanumeric()) {
        format!("\"{}\"", s.replace('"', ""))
    } else {
        s.to_string()
    }
}

/// The query with every entity name expanded to its spellings, and what was expanded.
pub fn expand(query: &str, entities: &[Entity]) -> (String, Vec<AliasExpansion>) {
    // Whole spellings, and last-name spellings of people by skeleton.
    let mut whole: HashMap<String, usize> = HashMap::new();
    let mut surnames: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        if e.kind == EntityKind::Date || e.aliases.len() < 2 {
            continue;
        }
        for a in &e.aliases {
            whole.entry(a.text.to_lowercase()).or_insert(i);
            if e.kind == EntityKind::Person
                && let Some(last) = a
                    .text
                    .split(|c: char| c.is_whitespace() || c == '-')
                    .next_back()
            {
                surnames
                    .entry(skeleton(last))
                    .or_default()
                    .push((i, last.to_string()));
            }
        }
    }
    let mut notes = Vec::new();
    let mut out = String::new();
    for item in items(query) {
        match item {
            Item::Other(s) => out.push_str(&s),
            Item::Word(w) | Item::Phrase(w) if whole.contains_key(&w.to_lowercase()) => {
                let e = &entities[whole[&w.to_lowercase()]];
                let also: Vec<String> = e
                    .aliases
                    .iter()
                    .map(|a| a.text.clone())
                    .filter(|a| !a.eq_ignore_ascii_case(&w))
                    .collect();
                out.push('(');
                out.push_str(&quote(&w));
                for a in &also {
                    out.push_str(" OR ");
                    out.push_str(&quote(a));
                }
                out.push(')');
                notes.push(AliasExpansion {
                    term: w,
                    entity: e.name.clone(),
                    also,
                });
            }
            Item::Word(w) => {
                let found = surnames.get(&skeleton(&w)).filter(|v| {
                    let ids: BTreeSet<usize> = v.iter().map(|(i, _)| *i).collect();
                    ids.len() == 1
                });
                match found {
                    Some(v) => {
                        let spellings: BTreeSet<&str> = v
                            .iter()
                            .map(|(_, s)| s.as_str())
                            .filter(|s| !s.eq_ignore_ascii_case(&w))
                            .collect();
                        if spellings.is_empty() {
                            out.push_str(&w);
                            continue;
                        }
                        out.push('(');
                        out.push_str(&w);
                        for s in &spellings {
                            out.push_str(" OR ");
                            out.push_str(&quote(s));
                        }
                        out.push(')');
                        notes.push(AliasExpansion {
                            term: w,
                            entity: entities[v[0].0].name.clone(),
                            also: spellings.iter().map(|s| s.to_string()).collect(),
                        });
                    }
                    None => out.push_str(&w),
                }
            }
            Item::Phrase(p) => {
                out.push('"');
                out.push_str(&p);
                out.push('"');
            }
        }
    }
    (out, notes)
}

/// Mark the hits found under another spelling than the query's own.
pub fn label_hits(hits: &mut [SearchHit], notes: &[AliasExpansion]) {
    if notes.is_empty() {
        return;
    }
    for h in hits {
        let words: Vec<String> = h
            .highlights
            .iter()
            .filter_map(|r| h.snippet.get(r.start..r.end))
            .map(str::to_lowercase)
            .collect();
        for n in notes {
            let own: Vec<String> = n
                .term
                .to_lowercase()
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let via = n.also.iter().find(|a| {
                let parts: Vec<String> = a
                    .to_lowercase()
                    .split(|c: char| c.is_whitespace() || c == '-')
                    .map(str::to_string)
                    .collect();
                parts.iter().any(|p| words.contains(p) && !own.contains(p))
            });
            if let Some(v) = via {
                h.alias = Some(v.clone());
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Alias;

    fn entity(name: &str, kind: EntityKind, aliases: &[&str]) -> Entity {
        Entity {
            id: name.into(),
            name: name.into(),
            kind,
            aliases: aliases
                .iter()
                .map(|a| Alias {
                    text: a.to_string(),
                    count: 1,
                    outlets: vec![],
                })
                .collect(),
            outlets: Default::default(),
            mentions: vec![],
            why: vec![],
        }
    }

    #[test]
    fn names_expand_and_the_rest_passes_through() {
        let es = [
            entity(
                "Hussein al-Salama",
                EntityKind::Person,
                &["Hussein al-Salama", "Hussein Salameh"],
            ),
            entity(
                "United Nations",
                EntityKind::Organization,
                &["United Nations", "U.N.", "UN"],
            ),
        ];
        let (q, notes) = expand("Salameh outlet:reuters \"U.N.\" -zone", &es);
        assert_eq!(
            q,
            "(Salameh OR Salama) outlet:reuters (\"U.N.\" OR \"United Nations\" OR UN) -zone"
        );
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].entity, "Hussein al-Salama");
        let (q, notes) = expand("buffer zone", &es);
        assert_eq!((q.as_str(), notes.len()), ("buffer zone", 0));
    }
}
