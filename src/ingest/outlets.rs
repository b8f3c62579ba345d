//! The outlet resolver: the known-outlet table (`assets/outlets.toml`: canonical names,
//! aliases and web domains) and the lookups every input goes through: a name as written
//! ([`Outlets::lookup`]), an outlet line with a qualifier after the name
//! ([`Outlets::lookup_line`]: "CNN (Web News)", "New York Times - News"), and a page's web
//! address ([`Outlets::by_domain`]). Owns only the table; deciding *which* line or tag names
//! the outlet is `clean`'s job.

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
    #[serde(default)]
    domains: Vec<String>,
}

/// Known outlets, looked up by any of their names.
#[derive(Debug, Default, Clone)]
pub struct Outlets {
    names: Vec<String>,
    /// Normalised name or alias -> (index into `names`, exact spelling when case matters).
    keys: HashMap<String, Vec<(usize, Option<String>)>>,
    /// Domain ("nytimes.com") -> index into `names`.
    domains: HashMap<String, usize>,
}

/// Words an outlet line may carry after the outlet's name: what part of it, or where
/// ("NPR Online News", "Fox News Opinion", "BBC World").
const QUALIFIERS: &[&str] = &[
    "opinion",
    "opinions",
    "editorial",
    "editorials",
    "online",
    "news",
    "web",
    "commentary",
    "analysis",
    "blog",
    "blogs",
    "politics",
    "world",
    "us",
    "u.s.",
    "digital",
    "edition",
    "international",
    "live",
    "latest",
];

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
            for d in &entry.domains {
                table
                    .domains
                    .entry(d.trim().trim_start_matches("www.").to_ascii_lowercase())
                    .or_insert(idx);
            }
            table.names.push(entry.name);
        }
        Ok(table)
    }

    /// This table and, as outlets of their own, `lines` that name none of its outlets: the
    /// outlet lines a folder repeats at the top of its files ([`crate::ingest::outlet_lines_of`]).
    pub fn with_outlet_lines(&self, lines: &[String]) -> Outlets {
        let mut table = self.clone();
        for line in lines {
            let line = line.trim();
            if line.is_empty() || self.lookup_line(line).is_some() {
                continue;
            }
            let idx = table.names.len();
            table
                .keys
                .entry(normalise(line))
                .or_default()
                .push((idx, None));
            table.names.push(line.to_string());
        }
        table
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

    /// The outlet an outlet line names: the whole line as [`Self::lookup`] has it, a domain
    /// ("TheBlaze.com"), or a known name followed by a qualifier: in parentheses ("CNN (Web
    /// News)"), after a dash or bar ("New York Times - News"), or as trailing words ("NPR
    /// Online News", "Fox News Opinion"). Only a known outlet is returned.
    pub fn lookup_line(&self, s: &str) -> Option<&str> {
        let line = s.trim();
        if line.is_empty() || line.len() > 120 {
            return None;
        }
        if let Some(name) = self.lookup(line) {
            return Some(name);
        }
        if !line.contains(' ')
            && line.contains('.')
            && let Some(name) = self.by_domain(line)
        {
            return Some(name);
        }
        // Only qualifier words may be cut off: "Time: The deadline nobody met" is a headline.
        let all_qualifiers = |tail: &str| {
            let words: Vec<String> = tail
                .split(|c: char| c.is_whitespace() || c == '/')
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            !words.is_empty() && words.iter().all(|w| QUALIFIERS.contains(&w.as_str()))
        };
        let mut base = line;
        // "(Web News)" at the end.
        if base.ends_with(')')
            && let Some(open) = base.rfind('(')
            && all_qualifiers(&base[open + 1..base.len() - 1])
        {
            base = base[..open].trim_end();
        }
        // "- News", "| Opinion", "— World".
        for sep in [" - ", " | ", " – ", " — ", ": "] {
            if let Some(at) = base.find(sep)
                && all_qualifiers(&base[at + sep.len()..])
            {
                base = base[..at].trim_end();
            }
        }
        if base != line
            && let Some(name) = self.lookup(base)
        {
            return Some(name);
        }
        // Trailing qualifier words, never down to one ordinary word ("Times News" is not The
        // Times; "NPR Online News" is NPR).
        let mut words: Vec<&str> = base.split_whitespace().collect();
        while words.len() > 1
            && words
                .last()
                .is_some_and(|w| QUALIFIERS.contains(&w.to_lowercase().as_str()))
        {
            words.pop();
            let named: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| !w.eq_ignore_ascii_case("the"))
                .collect();
            let acronym = named.len() == 1
                && named[0].len() >= 2
                && named[0]
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            if (named.len() >= 2 || acronym)
                && let Some(name) = self.lookup(&words.join(" "))
            {
                return Some(name);
            }
        }
        None
    }

    /// The outlet that publishes on `host` ("www.nytimes.com", "edition.cnn.com"), or at a
    /// URL: the host, then each parent domain down to two labels.
    pub fn by_domain(&self, host_or_url: &str) -> Option<&str> {
        let s = host_or_url.trim();
        let host = match s.find("://") {
            Some(at) => {
                let rest = &s[at + 3..];
                rest.split(['/', '?', '#']).next().unwrap_or(rest)
            }
            None => s.split('/').next().unwrap_or(s),
        };
        let host = host
            .rsplit_once('@')
            .map_or(host, |(_, h)| h)
            .split(':')
            .next()
            .unwrap_or(host)
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let mut h = host.as_str();
        loop {
            if let Some(&i) = self.domains.get(h) {
                return Some(self.names[i].as_str());
            }
            match h.split_once('.') {
                Some((_, parent)) if parent.contains('.') => h = parent,
                _ => return None,
            }
        }
    }

    /// The canonical name for `s` when known, else `s` itself, tidied.
    pub fn canonical(&self, s: &str) -> String {
        self.lookup_line(s)
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
    fn outlet_lines_with_qualifiers_name_the_outlet() {
        let t = Outlets::builtin();
        for (line, want) in [
            ("CNN (Web News)", "CNN"),
            ("New York Times - News", "The New York Times"),
            ("New York Times (Online News)", "The New York Times"),
            ("Wall Street Journal - Editorial", "The Wall Street Journal"),
            ("NPR Online News", "NPR"),
            ("Fox News Opinion", "Fox News"),
            ("NBC News (Online)", "NBC News"),
            ("TheBlaze.com", "The Blaze"),
            ("RollingStone.com", "Rolling Stone"),
            ("Washington Times", "Washington Times"),
            ("Reuters: World News", "Reuters"),
            ("BBC World", "BBC News"),
        ] {
            assert_eq!(t.lookup_line(line), Some(want), "{line}");
        }
        for line in [
            "World News",
            "Politics - Opinion",
            "Guest Writer - Right",
            "News",
            "Times News",
            "Independent Online",
            "The Sun News",
            "Time: The deadline nobody met",
            "Reuters - Exclusive interview with the minister",
        ] {
            assert_eq!(t.lookup_line(line), None, "{line}");
        }
    }

    #[test]
    fn domains_and_their_subdomains_name_the_outlet() {
        let t = Outlets::builtin();
        assert_eq!(
            t.by_domain("https://www.nytimes.com/2019/11/18/us/x.html"),
            Some("The New York Times")
        );
        assert_eq!(t.by_domain("edition.cnn.com"), Some("CNN"));
        assert_eq!(
            t.by_domain("https://www.nj.com/news/a.html"),
            Some("NJ.com")
        );
        assert_eq!(
            t.by_domain("https://uk.reuters.com/article/x"),
            Some("Reuters")
        );
        assert_eq!(t.by_domain("example.com"), None);
        assert_eq!(t.by_domain("com"), None);
    }

    #[test]
    fn the_table_has_several_hundred_outlets_with_domains() {
        let t = Outlets::builtin();
        assert!(t.len() >= 400, "{}", t.len());
        assert!(t.domains.len() >= 400, "{}", t.domains.len());
    }

    #[test]
    fn unknown_names_stay_as_written() {
        assert_eq!(
            Outlets::builtin().canonical(" The Daily Planet "),
            "The Daily Planet"
        );
    }
}
