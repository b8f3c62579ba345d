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
            let after = body.get(end + 1..).unwrap_or("");
            let suffix = after.find(char::is_whitespace).unwrap_or(after.len());
            if suffix > 0 {
                // `"buffer zone"~2`, `"a phrase"^2`: the phrase and its modifier, as written
                // (an expanded phrase would leave the modifier on nothing).
                let whole = (end + 2 + suffix).min(rest.len());
                out.push(Item::Other(rest[..whole].to_string()));
                rest = &rest[whole..];
                continue;
            }
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

/// Other spellings of a name: the entity's name and every spelling (the term's own included),
/// or `None` when the term names nothing known.
pub type Spellings<'a> = dyn Fn(&str) -> Option<(String, Vec<String>)> + 'a;

/// The query with every word or phrase that names something expanded to its spellings, and
/// what was expanded.
pub fn expand(query: &str, spellings: &Spellings<'_>) -> (String, Vec<AliasExpansion>) {
    let mut notes = Vec::new();
    let mut out = String::new();
    for item in items(query) {
        let (term, phrase) = match item {
            Item::Other(s) => {
                out.push_str(&s);
                continue;
            }
            Item::Word(w) => (w, false),
            Item::Phrase(p) => (p, true),
        };
        let also: Vec<String> = spellings(&term)
            .map(|(entity, all)| {
                let also: Vec<String> = all
                    .into_iter()
                    .filter(|a| !a.eq_ignore_ascii_case(&term))
                    .collect();
                if !also.is_empty() {
                    notes.push(AliasExpansion {
                        term: term.clone(),
                        entity,
                        also: also.clone(),
                    });
                }
                also
            })
            .unwrap_or_default();
        let own = if phrase {
            format!("\"{term}\"")
        } else {
            quote(&term)
        };
        if also.is_empty() {
            out.push_str(&own);
            continue;
        }
        out.push('(');
        out.push_str(&own);
        for a in &also {
            out.push_str(" OR ");
            out.push_str(&quote(a));
        }
        out.push(')');
    }
    (out, notes)
}

/// Spellings from the library's entity table (for callers that have one).
pub fn from_entities(entities: &[Entity]) -> impl Fn(&str) -> Option<(String, Vec<String>)> + '_ {
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
    move |term: &str| {
        if let Some(&i) = whole.get(&term.to_lowercase()) {
            let e = &entities[i];
            return Some((
                e.name.clone(),
                e.aliases.iter().map(|a| a.text.clone()).collect(),
            ));
        }
        let v = surnames.get(&skeleton(term))?;
        let ids: BTreeSet<usize> = v.iter().map(|(i, _)| *i).collect();
        if ids.len() != 1 {
            return None;
        }
        let spellings: BTreeSet<String> = v.iter().map(|(_, s)| s.clone()).collect();
        Some((
            entities[v[0].0].name.clone(),
            spellings.into_iter().collect(),
        ))
    }
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
            mentions: Default::default(),
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
        let lookup = from_entities(&es);
        let (q, notes) = expand("Salameh outlet:reuters \"U.N.\" -zone", &lookup);
        assert_eq!(
            q,
            "(Salameh OR Salama) outlet:reuters (\"U.N.\" OR \"United Nations\" OR UN) -zone"
        );
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].entity, "Hussein al-Salama");
        let (q, notes) = expand("buffer zone", &lookup);
        assert_eq!((q.as_str(), notes.len()), ("buffer zone", 0));
        // A phrase's slop or boost stays on it.
        let (q, _) = expand("\"buffer zone\"~2 Salameh \"U.N.\"^2", &lookup);
        assert_eq!(q, "\"buffer zone\"~2 (Salameh OR Salama) \"U.N.\"^2");
    }
}
