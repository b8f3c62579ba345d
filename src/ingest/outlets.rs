//! The known-outlet table (`assets/outlets.toml`): canonical names and aliases, and lookups
//! that recognise an outlet named on a line, in a dateline credit or in a footer. Owns only
//! the table; deciding *which* line names the outlet is `clean`'s job.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

const BUILTIN: &str = include_str!("../../assets/outlets.toml");

#[derive(Debug, Deserialize)]
struct OutletsFile {
    outlet: Vec<OutletEntry>,
}

#[derive(Debug, Deserialize)]
struct OutletEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Known outlets, looked up by any of their names.
#[derive(Debug, Default)]
pub struct Outlets {
    names: Vec<String>,
    /// Normalised name or alias -> (index into `names`, exact spelling when case matters).
    keys: HashMap<String, Vec<(usize, Option<String>)>>,
}

/// Lowercase, drop a leading "the", keep letters and digits, single spaces.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| !c.is_alphanumeric() && c != '&') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out.strip_prefix("the ").map(str::to_string).unwrap_or(out)
}

/// Short all-capital aliases ("AP", "FT", "AA") only match when written in capitals.
fn case_matters(alias: &str) -> bool {
    let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 4 && alias.chars().all(|c| !c.is_lowercase())
}

impl Outlets {
    /// The table shipped in `assets/outlets.toml`, parsed once.
    pub fn builtin() -> &'static Outlets {
        static TABLE: OnceLock<Outlets> = OnceLock::new();
        TABLE.get_or_init(|| match Outlets::parse(BUILTIN) {
            Ok(t) => t,
            Err(e) => {
                tracing::error!("assets/outlets.toml is invalid: {e}");
                Outlets::default()
            }
        })
    }

    pub fn parse(toml_text: &str) -> Result<Outlets, toml::de::Error> {
        let file: OutletsFile = toml::from_str(toml_text)?;
        let mut table = Outlets::default();
        for entry in file.outlet {
            let idx = table.names.len();
            for alias in std::iter::once(&entry.name).chain(entry.aliases.iter()) {
                let exact = case_matters(alias).then(|| alias.clone());
                table
                    .keys
                    .entry(normalise(alias))
                    .or_default()
                    .push((idx, exact));
            }
            table.names.push(entry.name);
        }
        Ok(table)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The canonical name of the outlet `s` names in full ("AP" -> "Associated Press").
    pub fn lookup(&self, s: &str) -> Option<&str> {
        let trimmed = s.trim_matches(|c: char| !c.is_alphanumeric());
        let key = normalise(trimmed);
        if key.is_empty() {
            return None;
        }
        let candidates = self.keys.get(&key)?;
        candidates
            .iter()
            .find(|(_, exact)| exact.as_deref().is_none_or(|e| e == trimmed))
            .map(|&(i, _)| self.names[i].as_str())
    }

    /// The canonical name for `s` when known, else `s` itself, tidied.
    pub fn canonical(&self, s: &str) -> String {
        self.lookup(s)
            .map(str::to_string)
            .unwrap_or_else(|| s.trim().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses_and_has_agencies() {
        let t = Outlets::parse(BUILTIN).unwrap();
        assert!(t.len() > 100);
        assert_eq!(t.lookup("AP"), Some("Associated Press"));
        assert_eq!(t.lookup("The Associated Press"), Some("Associated Press"));
        assert_eq!(t.lookup("associated press"), Some("Associated Press"));
        assert_eq!(t.lookup("New York Times"), Some("The New York Times"));
        assert_eq!(t.lookup("Fox News"), Some("Fox News"));
    }

    #[test]
    fn short_aliases_need_capitals_and_words_do_not_match() {
        let t = Outlets::builtin();
        assert_eq!(t.lookup("ap"), None);
        assert_eq!(t.lookup("Menu"), None);
        assert_eq!(t.lookup("Israel and Syria"), None);
    }

    #[test]
    fn unknown_names_stay_as_written() {
        assert_eq!(
            Outlets::builtin().canonical(" The Daily Planet "),
            "The Daily Planet"
        );
    }
}
