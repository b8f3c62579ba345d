//! Alias merging across the library: one entity per real-world referent, under every spelling.
//! Spellings are compared token by token after transliteration-aware normalisation (name
//! particles "al-"/"el-" dropped, accents folded, vowels and doubled letters ignored, a final
//! -h dropped, q/k and initial g/k/q equated), never by a loose distance on the whole name; a
//! bare surname joins the one full name it ends (or starts) when that is unambiguous; an
//! acronym joins the one name it abbreviates; gazetteer names are canonical. Every join keeps
//! a one-line reason. Pure: mentions in, entities out.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::gazetteer::Gazetteer;

use crate::model::{
    Alias, Entities, Entity, EntityKind, EntityMention, Mention, MentionedArticle, OUTLET_NOT_NAMED,
};

/// An article mentions come from: its id, its file and its outlet.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub id: &'a str,
    pub file: &'a str,
    pub outlet: Option<&'a str>,
}

/// A mention with the article it came from, by its place among the [`Source`]s given to
/// [`resolve`]: 16 bytes, for the millions a library holds.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    pub article: u32,
    pub mention: &'a Named,
}

/// What merging reads of a mention: its kind, where it is, its words and what the gazetteer
/// or the date reading made of them. 28 bytes, its words kept once in [`Spellings`] and named
/// here by number: a library's merge holds every mention at once (4.4 M on 100k articles),
/// and with its strings shared through pointers a mention took 72 bytes (190 MB more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub kind: EntityKind,
    passage: u32,
    pub start: u32,
    pub end: u32,
    text: u32,
    known: u32,
    value: u32,
}

/// No passage, no known name, no value: [`Named`]'s numbers for `None`.
const NONE: u32 = u32::MAX;

impl Named {
    /// `m`, its words taken from (or added to) `words`.
    pub fn new(m: &Mention, words: &mut Spellings) -> Named {
        Named {
            kind: m.kind,
            passage: m.passage.unwrap_or(NONE),
            start: m.span.start as u32,
            end: m.span.end as u32,
            text: words.number(&m.text),
            known: m.known.as_deref().map_or(NONE, |k| words.number(k)),
            value: m.value.as_deref().map_or(NONE, |v| words.number(v)),
        }
    }

    pub fn passage(&self) -> Option<u32> {
        (self.passage != NONE).then_some(self.passage)
    }

    /// The words as written.
    pub fn text<'w>(&self, words: &'w Spellings) -> &'w str {
        words.text(self.text)
    }

    /// The gazetteer's name for them.
    pub fn known<'w>(&self, words: &'w Spellings) -> Option<&'w str> {
        (self.known != NONE).then(|| words.text(self.known))
    }

    /// A date's value.
    pub fn value<'w>(&self, words: &'w Spellings) -> Option<&'w str> {
        (self.value != NONE).then(|| words.text(self.value))
    }
}

/// The words of the mentions a merge reads, each kept once and numbered (see [`Named`]).
#[derive(Debug, Default)]
pub struct Spellings {
    numbers: HashMap<Arc<str>, u32>,
    list: Vec<Arc<str>>,
}

impl Spellings {
    /// The number of `s`, given on first use.
    pub fn number(&mut self, s: &str) -> u32 {
        if let Some(&n) = self.numbers.get(s) {
            return n;
        }
        // Past 4 G spellings (a library holds a few hundred thousand), the rest share the
        // last number below NONE.
        let n = u32::try_from(self.list.len()).map_or(NONE - 1, |n| n.min(NONE - 1));
        let shared: Arc<str> = s.into();
        self.list.push(shared.clone());
        self.numbers.insert(shared, n);
        n
    }

    /// The words numbered `n`.
    pub fn text(&self, n: u32) -> &str {
        &self.list[n as usize]
    }

    /// Drops the lookup from words to numbers once every mention is numbered: the merge only
    /// reads words by number.
    pub fn freeze(&mut self) {
        self.numbers = HashMap::new();
    }
}

/// Merges a reader pinned or forbade (from `briefing.toml`), by surface form.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub merge: Vec<(String, String)>,
    pub separate: Vec<(String, String)>,
}

pub(crate) const PARTICLES: &[&str] = &[
    "al", "el", "ash", "as", "ad", "an", "ar", "at", "az", "ath", "ul", "bin", "ibn", "bint",
    "the", "mr", "mrs", "ms", "dr",
];

pub(crate) fn fold(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'ḍ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' | 'ġ' => 'g',
        'ḥ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ṣ' => 's',
        'ţ' | 'ť' | 'ṭ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ž' | 'ż' | 'ẓ' => 'z',
        'ʿ' | 'ʾ' | '\'' | '’' | '`' => return None,
        c => c,
    })
}

/// A name token's letters as the transliteration rules read them: lower case, accents folded,
/// letters and digits only; ph->f, dh->d, kh->k, gh->g, ck->k; q, c -> k; an initial g -> k
/// ("Gaddafi" = "Qaddafi"); a final "h" after a vowel dropped ("Salameh" = "Salama").
fn transliterated(token: &str) -> Vec<char> {
    let chars: Vec<char> = token
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(fold)
        .filter(|c| c.is_alphanumeric())
        .collect();
    let mut s: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (out, skip) = match (c, next) {
            ('p', Some('h')) => ('f', 2),
            ('d', Some('h')) => ('d', 2),
            ('k', Some('h')) => ('k', 2),
            ('g', Some('h')) => ('g', 2),
            ('c', Some('k')) => ('k', 2),
            ('q' | 'c', _) => ('k', 1),
            _ => (c, 1),
        };
        s.push(out);
        i += skip;
    }
    if s.first() == Some(&'g') {
        s[0] = 'k';
    }
    let n = s.len();
    if n > 2 && s[n - 1] == 'h' && matches!(s[n - 2], 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
        s.pop();
    }
    s
}

/// The transliteration skeleton of one name token: "al-Shaibani" -> "shbn", "Salameh" -> "slm".
pub fn skeleton(token: &str) -> String {
    let s = transliterated(token);
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    // Consonants in order (doubles collapsed, an initial vowel as "a"), then the number of
    // vowel groups: "shibani" and "shaibani" are both "shbn3", "Kim" (km1) is not "Comey" (km2).
    let mut out = String::with_capacity(s.len() + 2);
    let mut groups = 0;
    let mut in_vowels = false;
    let mut last: Option<char> = None;
    for (i, &c) in s.iter().enumerate() {
        if is_vowel(c) {
            if !in_vowels {
                groups += 1;
            }
            in_vowels = true;
            if i == 0 {
                out.push('a');
                last = Some('a');
            }
            continue;
        }
        in_vowels = false;
        if last == Some(c) {
            continue;
        }
        out.push(c);
        last = Some(c);
    }
    out.push_str(&groups.to_string());
    out
}

/// Whether two spellings of a name token are close enough to be one name written two ways:
/// read as [`transliterated`] ("Gadhafi" / "Qaddafi", "al-Shibani" /
/// "al-Shaibani"), at most one edit in three letters (at least one; two neighbours swapped are
/// one edit: "Strzok" / "Strozk"; "Petrov" / "Petroff" two of six). The skeleton alone
/// is too loose for names written in Latin letters to begin with: "Dole" and "DeLeo", "Cohen"
/// and "Cheney" share one.
pub fn close_spelling(a: &str, b: &str) -> bool {
    let (x, y) = (transliterated(a), transliterated(b));
    if x == y {
        return true;
    }
    let allowed = (x.len().min(y.len()) / 3).max(1);
    x.len().abs_diff(y.len()) <= allowed && edits(&x, &y) <= allowed
}

/// Edits from `a` to `b`: a letter added, dropped or changed, or two neighbours swapped
/// ("Strzok" / "Strozk": one), each counting one (optimal string alignment).
fn edits(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut d: Vec<usize> = (0..w).collect();
    d.resize((a.len() + 1) * w, 0);
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j - 1] + cost)
                .min(d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// Two names, token by token, each pair [`close_spelling`].
fn close_names(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| close_spelling(x, y))
}

/// Lowercase with accents folded: "Shaibāni" -> "shaibani".
pub fn fold_lower(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter_map(fold)
        .collect()
}

/// The spelling key of a person's name: the skeletons of its name tokens
/// ("Hussein al-Salama" and "Hussein Salameh" -> "hsn2 slm3").
pub fn name_key(surface: &str) -> String {
    name_tokens(&tidy(surface))
        .iter()
        .map(|t| skeleton(t))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Generational suffixes: part of a name, and what keeps a son apart from his father.
const GENERATIONAL: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// How many articles a bare first name (or the end of a longer name) may be in and still
/// join the one full name that starts (or ends) with it wherever that is named (see
/// [`resolve`]).
const FEW_ARTICLES: usize = 3;

/// Words that open the names of many bodies and firms, never a short name for one of them.
const OPENERS: &[&str] = &[
    "international",
    "global",
    "national",
    "american",
    "united",
    "general",
    "first",
    "health",
    "associates",
    "world",
    "capital",
    "public",
    "federal",
    "state",
    "city",
    "community",
    "when",
    "and",
    "the",
    "ceo",
    "happy",
    "great",
    "royal",
    "standard",
    "universal",
];

/// Words that, put before a body's or a place's name, name another one: "North Carolina",
/// "National Security Council", "Federal Reserve Board" (see [`Step3::the_one_longer`]).
const QUALIFIERS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "greater",
    "new",
    "old",
    "little",
    "great",
    "national",
    "federal",
    "state",
    "royal",
    "provincial",
    "municipal",
    "county",
    "city",
    "imperial",
    "regional",
    "local",
    "global",
    "world",
    "first",
    "second",
    "third",
];

/// Titles dropped from a name wherever they stand before its last word.
const TITLES: &[&str] = &["the", "mr", "mrs", "ms", "dr"];

/// The name tokens of a surface, particles and titles dropped: "Hussein al-Salama" -> [Hussein, Salama].
/// An Arabic article is dropped only where it is one: in lower case ("al Qaeda") or joined to
/// the next word by a hyphen ("Al-Assad"), or inside a name ("Ayman Al Zawahiri"). Written
/// apart with a capital as the first word, or as the last word, it is a name: "Al Gore",
/// "Ash Carter", "Bruce Ash".
pub fn name_tokens(surface: &str) -> Vec<String> {
    let mut words: Vec<(&str, bool)> = Vec::new();
    let mut rest = surface;
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '-')
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        let hyphen = after.starts_with('-');
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if !word.is_empty() {
            words.push((word, hyphen));
        }
        rest = after.char_indices().nth(1).map_or("", |(i, _)| &after[i..]);
    }
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .filter(|&(i, &(w, hyphen))| {
            let lower = w.to_lowercase();
            if !PARTICLES.contains(&lower.as_str()) {
                return true;
            }
            if TITLES.contains(&lower.as_str()) {
                return false;
            }
            // Only "Al" and "Ash" are also given names ("Al Gore", "Ash Carter"); "Bin Laden"
            // and "El Sisi" open with an article.
            let given = matches!(lower.as_str(), "al" | "ash");
            i == last
                || (given && i == 0 && !hyphen && w.chars().next().is_some_and(char::is_uppercase))
        })
        .map(|(_, &(w, _))| w.to_string())
        .collect()
}

pub fn tidy(surface: &str) -> String {
    let s = surface.trim();
    let s = s
        .strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s);
    let s = s
        .strip_suffix("’s")
        .or_else(|| s.strip_suffix("'s"))
        .unwrap_or(s);
    // "Kim Jong - un" as tokenised sources write it.
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" - ", "-")
}

/// A name with a country's or the UN's letters and an ampersand written out, so that "U.S.
/// Embassy" and "United States Embassy" are one spelling, as are "Strategic & International"
/// and "Strategic and International".
fn letters_spelled_out(form: &str) -> std::borrow::Cow<'_, str> {
    let full = |w: &str| match w {
        "&" => Some("and"),
        "U.S." | "U.S" | "US" => Some("United States"),
        "U.K." | "UK" => Some("United Kingdom"),
        "U.N." | "UN" => Some("United Nations"),
        _ => None,
    };
    if !form.split(' ').any(|w| full(w).is_some()) {
        return std::borrow::Cow::Borrowed(form);
    }
    let words: Vec<&str> = form.split(' ').map(|w| full(w).unwrap_or(w)).collect();
    std::borrow::Cow::Owned(words.join(" "))
}

fn initials(surface: &str) -> String {
    surface
        .split_whitespace()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "the" | "and" | "for"))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

fn acronym_letters(surface: &str) -> Option<String> {
    let letters: String = surface.chars().filter(|c| *c != '.').collect();
    ((2..=6).contains(&letters.chars().count()) && letters.chars().all(|c| c.is_uppercase()))
        .then_some(letters)
}

/// A group of spellings taken to name one referent.
#[derive(Debug, Default)]
struct Cluster {
    kind: Option<EntityKind>,
    known: Option<String>,
    forms: BTreeMap<String, usize>,
    why: Vec<String>,
    alive: bool,
}

/// Union-find over form clusters.
struct Clusters {
    items: Vec<Cluster>,
    parent: Vec<usize>,
}

impl Clusters {
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(
        &mut self,
        a: usize,
        b: usize,
        why: String,
        forbidden: &HashSet<(String, String)>,
    ) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        if self.items[ra].known.is_some()
            && self.items[rb].known.is_some()
            && self.items[ra].known != self.items[rb].known
        {
            return false;
        }
        let fa: Vec<String> = self.items[ra]
            .forms
            .keys()
            .map(|f| f.to_lowercase())
            .collect();
        let fb: Vec<String> = self.items[rb]
            .forms
            .keys()
            .map(|f| f.to_lowercase())
            .collect();
        if fa.iter().any(|x| {
            fb.iter()
                .any(|y| forbidden.contains(&(x.clone(), y.clone())))
        }) {
            return false;
        }
        self.parent[rb] = ra;
        let moved = std::mem::take(&mut self.items[rb]);
        let into = &mut self.items[ra];
        for (f, n) in moved.forms {
            *into.forms.entry(f).or_default() += n;
        }
        into.why.extend(moved.why);
        into.why.push(why);
        if into.known.is_none() {
            into.known = moved.known;
        }
        true
    }
}

/// The indexes the bare-name and acronym step looks candidates up in (see [`resolve`]).
struct Step3 {
    /// Full-name clusters by the skeleton of their last, and of their first, token.
    by_last: HashMap<String, Vec<usize>>,
    by_first: HashMap<String, Vec<usize>>,
    /// For each root, the articles its clusters are mentioned in.
    articles: Vec<HashSet<u32>>,
    /// Clusters of known entities by each spelling, lowercased.
    known_by_form: HashMap<String, Vec<usize>>,
    /// Clusters by the initials of each spelling of two words or more.
    by_initials: HashMap<String, Vec<usize>>,
    /// Organization and place clusters by each ending of two words or more, lowercased, of
    /// each spelling one word longer or more: "friendship park" for "International
    /// Friendship Park". Looked up by a whole shorter name, not by its last word, which
    /// thousands of names share in a large library ("Committee", "Department").
    by_ending: HashMap<String, Vec<usize>>,
    /// Organization clusters by the first word, lowercased, of each spelling that is a
    /// company's name with its ending ("Newmont Mining Corp", "Southwest Airlines").
    by_company_first: HashMap<String, Vec<usize>>,
    /// Organization clusters by each spelling that ends with a committee's head word
    /// ([`PANELS`]), lowercased and without it: "house judiciary" for "House Judiciary
    /// Committee".
    by_panel: HashMap<String, Vec<usize>>,
}

/// Head words of a legislature's or a government's panels, which news drops: "the House
/// Judiciary Committee" is "House Judiciary" before a chairman's name.
const PANELS: &[&str] = &["Committee", "Subcommittee", "Commission", "Panel"];

impl Step3 {
    fn new(
        clusters: &mut Clusters,
        by_skeleton: &HashMap<Vec<String>, Vec<(usize, Vec<String>)>>,
        articles_of: &[HashSet<u32>],
    ) -> Self {
        let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        let suffixes: Vec<String> = GENERATIONAL.iter().map(|g| skeleton(g)).collect();
        for (key, &j) in by_skeleton
            .iter()
            .flat_map(|(key, list)| list.iter().map(move |(j, _)| (key, j)))
        {
            if let (Some(first), Some(last)) = (key.first(), key.last()) {
                by_last.entry(last.clone()).or_default().push(j);
                by_first.entry(first.clone()).or_default().push(j);
                // "Robert S. Mueller III" ends with "Mueller" too, for a bare "Mueller".
                if key.len() >= 3 && suffixes.contains(last) {
                    by_last
                        .entry(key[key.len() - 2].clone())
                        .or_default()
                        .push(j);
                }
            }
        }
        let n = clusters.items.len();
        let mut articles: Vec<HashSet<u32>> = vec![HashSet::new(); n];
        for (k, a) in articles_of.iter().enumerate() {
            let root = clusters.find(k);
            articles[root].extend(a.iter().copied());
        }
        let mut step = Step3 {
            by_last,
            by_first,
            articles,
            known_by_form: HashMap::new(),
            by_initials: HashMap::new(),
            by_ending: HashMap::new(),
            by_company_first: HashMap::new(),
            by_panel: HashMap::new(),
        };
        for j in 0..n {
            let forms: Vec<String> = clusters.items[j].forms.keys().cloned().collect();
            step.index_forms(clusters, j, &forms);
        }
        step
    }

    /// Index `forms`, spellings cluster `j` holds.
    fn index_forms(&mut self, clusters: &Clusters, j: usize, forms: &[String]) {
        for f in forms {
            if clusters.items[j].known.is_some() {
                self.known_by_form
                    .entry(f.to_lowercase())
                    .or_default()
                    .push(j);
            }
            if f.split_whitespace().count() >= 2 {
                self.by_initials.entry(initials(f)).or_default().push(j);
            }
            if clusters.items[j].kind == Some(EntityKind::Organization)
                && let Some(first) = company_first_word(f)
            {
                self.by_company_first
                    .entry(first.to_lowercase())
                    .or_default()
                    .push(j);
            }
            if clusters.items[j].kind == Some(EntityKind::Organization)
                && let Some((named, head)) = f.rsplit_once(' ')
                && PANELS.contains(&head)
            {
                let named = named.strip_prefix("The ").unwrap_or(named);
                self.by_panel
                    .entry(named.to_lowercase())
                    .or_default()
                    .push(j);
            }
            if matches!(
                clusters.items[j].kind,
                Some(EntityKind::Organization | EntityKind::Place)
            ) {
                let words: Vec<String> = f.split_whitespace().map(str::to_lowercase).collect();
                for k in 2..words.len() {
                    let list = self
                        .by_ending
                        .entry(words[words.len() - k..].join(" "))
                        .or_default();
                    // A cluster once per ending, however many of its spellings end so.
                    if list.last() != Some(&j) {
                        list.push(j);
                    }
                }
            }
        }
    }

    /// The one company, other than `root`, whose name with its ending opens with `form`, a
    /// single word ("Newmont" for "Newmont Mining Corp", "Southwest" for "Southwest
    /// Airlines"); a word in more than a few articles must share most of them with it.
    fn the_one_company(
        &self,
        clusters: &mut Clusters,
        root: usize,
        form: &str,
        arts: &HashSet<u32>,
    ) -> Option<usize> {
        // A word that opens many names ("International", "Global", "Health") or a shouted
        // word ("WASHINGTON" over "Washington Post Writers Group") is no company's short name.
        let lower = form.to_lowercase();
        if OPENERS.contains(&lower.as_str()) || QUALIFIERS.contains(&lower.as_str()) {
            return None;
        }
        let roots: Vec<usize> = self
            .by_company_first
            .get(&lower)?
            .iter()
            .map(|&j| clusters.find(j))
            .collect();
        let mut fits: Vec<usize> = roots
            .into_iter()
            .filter(|&r| r != root)
            .filter(|&r| {
                clusters.items[r]
                    .forms
                    .keys()
                    .any(|f| company_first_word(f) == Some(form))
            })
            .collect();
        fits.sort_unstable();
        fits.dedup();
        let [only] = fits[..] else {
            return None;
        };
        // Named in full in one of its articles at least, and in most of them if it is in
        // more than a few.
        (self.shared(only, arts) > 0 && self.stands_for(only, arts)).then_some(only)
    }

    /// How many of `arts` the clusters under root `c` are mentioned in.
    fn shared(&self, c: usize, arts: &HashSet<u32>) -> usize {
        self.articles[c].intersection(arts).count()
    }

    /// Of two or more `roots`, the one that shares more than `times` as many of `arts` as any
    /// other, alone; none when no one clearly does.
    fn clearly_most_shared(
        &self,
        roots: &[usize],
        arts: &HashSet<u32>,
        times: usize,
    ) -> Vec<usize> {
        let mut scored: Vec<(usize, usize)> =
            roots.iter().map(|&c| (self.shared(c, arts), c)).collect();
        scored.sort_unstable_by(|a, b| b.cmp(a));
        match scored[..] {
            [(best, c), (next, _), ..] if best > times * next => vec![c],
            _ => Vec::new(),
        }
    }

    /// The one cluster, other than `root`, of `root`'s kind that holds a spelling ending
    /// with all of `form`'s words and adding only words that make no other place or body of
    /// that name (see [`QUALIFIERS`]; a listed place, people or body, an acronym); `form` is
    /// two words or more. A name in more than a few articles must share most of them (`arts`)
    /// with the longer one.
    fn the_one_longer(
        &self,
        clusters: &mut Clusters,
        root: usize,
        form: &str,
        arts: &HashSet<u32>,
    ) -> Option<usize> {
        let want: Vec<String> = form.split_whitespace().map(str::to_lowercase).collect();
        if want.len() < 2 || want.iter().all(|w| w.chars().all(|c| !c.is_alphabetic())) {
            return None;
        }
        let kind = clusters.items[root].kind;
        let listed = Gazetteer::builtin();
        let mut fits: Vec<usize> = Vec::new();
        for &j in self.by_ending.get(&want.join(" "))? {
            let r = clusters.find(j);
            if r == root || fits.contains(&r) || clusters.items[r].kind != kind {
                continue;
            }
            // Two fit: no telling which; the rest need not be read.
            if fits.len() == 2 {
                break;
            }
            let fit = clusters.items[r].forms.keys().any(|f| {
                let words: Vec<&str> = f.split_whitespace().collect();
                if words.len() <= want.len() {
                    return false;
                }
                let (added, end) = words.split_at(words.len() - want.len());
                let all_added = added.join(" ");
                end.iter().zip(&want).all(|(a, b)| a.to_lowercase() == *b)
                    && !added.iter().any(|w| {
                        let l = w.to_lowercase();
                        QUALIFIERS.contains(&l.as_str())
                            || self.known_by_form.contains_key(&l)
                            || listed.lookup(w).is_some()
                            || acronym_letters(w).is_some()
                            || w.contains('.')
                    })
                    && listed.lookup(&all_added).is_none()
                    && !self.known_by_form.contains_key(&all_added.to_lowercase())
            });
            if fit {
                fits.push(r);
            }
        }
        let [only] = fits[..] else {
            return None;
        };
        self.stands_for(only, arts).then_some(only)
    }

    /// The one panel, other than `root`, that `form` names without its head word: "House
    /// Judiciary" for "House Judiciary Committee", "Oversight" for "Oversight Committee"
    /// (itself joined to "House Oversight Committee" or not, as the story tells).
    fn the_one_panel(
        &self,
        clusters: &mut Clusters,
        root: usize,
        form: &str,
        arts: &HashSet<u32>,
    ) -> Option<usize> {
        let mut fits: Vec<usize> = self
            .by_panel
            .get(&form.to_lowercase())?
            .iter()
            .map(|&j| clusters.find(j))
            .collect();
        fits.retain(|&r| r != root && clusters.items[r].kind == Some(EntityKind::Organization));
        fits.sort_unstable();
        fits.dedup();
        let [only] = fits[..] else {
            return None;
        };
        self.stands_for(only, arts).then_some(only)
    }

    /// Whether a name mentioned in `arts` may stand for root `c`, a longer name it fits: in a
    /// few articles ([`FEW_ARTICLES`]) always; in more, only where most of them (four in five)
    /// name `c` too. Spelled alike across a library, a short name is many things.
    fn stands_for(&self, c: usize, arts: &HashSet<u32>) -> bool {
        arts.len() <= FEW_ARTICLES || self.shared(c, arts) * 5 >= arts.len() * 4
    }

    /// [`Clusters::join`], keeping the indexes up to date: the joined root's spellings and
    /// articles now belong to the other root.
    fn join(
        &mut self,
        clusters: &mut Clusters,
        a: usize,
        b: usize,
        why: String,
        forbidden: &HashSet<(String, String)>,
    ) -> bool {
        let (ra, rb) = (clusters.find(a), clusters.find(b));
        let moved: Vec<String> = clusters.items[rb].forms.keys().cloned().collect();
        let was_known = clusters.items[ra].known.is_some();
        if !clusters.join(a, b, why, forbidden) {
            return false;
        }
        let arts = std::mem::take(&mut self.articles[rb]);
        self.articles[ra].extend(arts);
        // The root holds the moved spellings now, and all of its own if it just became known.
        if !was_known && clusters.items[ra].known.is_some() {
            let all: Vec<String> = clusters.items[ra].forms.keys().cloned().collect();
            self.index_forms(clusters, ra, &all);
        } else {
            self.index_forms(clusters, ra, &moved);
        }
        true
    }
}

/// The first word of a company's name given with its ending ("Newmont" in "Newmont Mining
/// Corp", "Southwest" in "Southwest Airlines"), when it is a capitalised word of three letters
/// or more.
fn company_first_word(form: &str) -> Option<&str> {
    let words: Vec<&str> = form.split_whitespace().collect();
    let (first, last) = (*words.first()?, *words.last()?);
    (words.len() >= 2
        && super::entities::COMPANY_ENDS.contains(&last)
        && first.chars().count() >= 3
        && first.starts_with(char::is_uppercase)
        && !first.eq_ignore_ascii_case("the"))
    .then_some(first)
}

/// Merge the mentions of a whole library into entities.
pub fn resolve(
    sources: &[Source<'_>],
    mentions: &[Located<'_>],
    words: &Spellings,
    rules: &Rules,
) -> Entities {
    // 1. One cluster per (kind, spelling), or per known entity.
    let mut index: HashMap<(EntityKind, String), usize> = HashMap::new();
    let mut clusters = Clusters {
        items: Vec::new(),
        parent: Vec::new(),
    };
    let mut of_mention: Vec<u32> = Vec::with_capacity(mentions.len());
    for m in mentions {
        let form = tidy(m.mention.text(words));
        let known = m.mention.known(words);
        let key = match (known, m.mention.kind) {
            (Some(k), _) => (m.mention.kind, format!("known:{k}")),
            (None, EntityKind::Date) => (
                EntityKind::Date,
                m.mention
                    .value(words)
                    .map_or_else(|| form.to_lowercase(), str::to_string),
            ),
            (None, kind) => (kind, letters_spelled_out(&form).to_lowercase()),
        };
        let id = *index.entry(key).or_insert_with(|| {
            clusters.items.push(Cluster {
                kind: Some(m.mention.kind),
                known: known.map(str::to_string),
                alive: true,
                ..Default::default()
            });
            clusters.parent.push(clusters.parent.len());
            clusters.parent.len() - 1
        });
        *clusters.items[id].forms.entry(form).or_default() += 1;
        of_mention.push(id as u32);
    }
    let forbidden: HashSet<(String, String)> = rules
        .separate
        .iter()
        .flat_map(|(a, b)| {
            [
                (a.to_lowercase(), b.to_lowercase()),
                (b.to_lowercase(), a.to_lowercase()),
            ]
        })
        .collect();

    // 1b. A name of two words or more, one kind across the library: the kind most of its
    // mentions have, when two in three have it ("Mitt Romney" guessed an organization in some
    // articles is the person of most). Known names and dates keep theirs; one word may be
    // two things ("Jordan"), and its bare mentions join full names only later.
    let mut kinds_of: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for ((kind, form), &id) in &index {
        let c = &clusters.items[id];
        if *kind == EntityKind::Date || c.known.is_some() || !form.contains(' ') {
            continue;
        }
        kinds_of
            .entry(form.as_str())
            .or_default()
            .push((id, c.forms.values().sum()));
    }
    // A spelling of a known name is that name's, whatever kind it was guessed elsewhere.
    let mut known_spelling: HashMap<String, Option<usize>> = HashMap::new();
    for (id, c) in clusters.items.iter().enumerate() {
        if c.known.is_some() && c.kind != Some(EntityKind::Date) {
            for f in c.forms.keys().filter(|f| f.contains(' ')) {
                known_spelling
                    .entry(f.to_lowercase())
                    .and_modify(|k| *k = k.filter(|&k| k == id))
                    .or_insert(Some(id));
            }
        }
    }
    let mut split: Vec<Vec<(usize, usize)>> = kinds_of
        .into_iter()
        .filter_map(|(form, mut v)| {
            if let Some(&known) = known_spelling.get(form) {
                // One known entity spells it: it wins; two: no telling.
                v.push((known?, usize::MAX));
                return Some(v);
            }
            (v.len() > 1).then_some(v)
        })
        .collect();
    // In cluster order, whatever order the hash map gave: the joins, and the reasons they
    // leave, come out the same on every run.
    for v in &mut split {
        v.sort_unstable();
    }
    split.sort_unstable();
    for mut v in split {
        v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let total: usize = v.iter().map(|x| x.1.min(1 << 40)).sum();
        let (win, top) = v[0];
        // Four in five: a guess made in most articles is still a guess ("Planned Parenthood
        // said" read as a person).
        if top < usize::MAX && top * 5 < total * 4 {
            continue;
        }
        let kind_name = |c: &Clusters, id: usize| c.items[id].kind.map_or("", |k| k.as_str());
        let won = kind_name(&clusters, win);
        for &(loser, n) in &v[1..] {
            let form = clusters.items[loser]
                .forms
                .keys()
                .next()
                .cloned()
                .unwrap_or_default();
            let why = if top == usize::MAX {
                let known = clusters.items[win].known.clone().unwrap_or_default();
                format!(
                    "{form} ({} {n}) = {known}: a spelling of a known name",
                    kind_name(&clusters, loser)
                )
            } else {
                format!(
                    "{form} ({} {n}) = {form} ({won} {top}): one name, the kind most of its \
                     mentions have",
                    kind_name(&clusters, loser)
                )
            };
            clusters.join(win, loser, why, &forbidden);
        }
    }

    // 2. Full person names with the same token skeletons are one person.
    let n = clusters.items.len();
    let first_form = |c: &Cluster| c.forms.keys().next().cloned().unwrap_or_default();
    // Each skeleton's clusters, with the tokens of the spelling that placed each there: one
    // skeleton may be several people whose names only sound alike ("Robert Dole", "Robert
    // DeLeo").
    let mut by_skeleton: HashMap<Vec<String>, Vec<(usize, Vec<String>)>> = HashMap::new();
    for i in 0..n {
        if clusters.items[i].kind != Some(EntityKind::Person) {
            continue;
        }
        let forms: Vec<String> = clusters.items[i].forms.keys().cloned().collect();
        for form in forms {
            let toks = name_tokens(&form);
            if toks.len() < 2 {
                continue;
            }
            let key: Vec<String> = toks.iter().map(|t| skeleton(t)).collect();
            let same = by_skeleton
                .get(&key)
                .and_then(|list| list.iter().find(|(_, t)| close_names(t, &toks)))
                .map(|&(j, _)| j);
            match same {
                Some(j) => {
                    let root = clusters.find(j);
                    let other = first_form(&clusters.items[root]);
                    let why = format!(
                        "{other} = {form}: same name, token by token ({})",
                        key.join(" ")
                    );
                    clusters.join(j, i, why, &forbidden);
                }
                None => by_skeleton.entry(key).or_default().push((i, toks)),
            }
        }
    }

    // The articles of each spelling's cluster, by number: a set of numbers is a quarter of the
    // room of a set of ids, and there is one per spelling.
    let articles_of: Vec<HashSet<u32>> = {
        let mut v: Vec<HashSet<u32>> = vec![HashSet::new(); n];
        for (m, &c) in mentions.iter().zip(&of_mention) {
            v[c as usize].insert(m.article);
        }
        v
    };

    // 2b. A middle initial names the same person ("John R. Bolton" = "John Bolton", "Jesse L.
    // Jackson Jr." = "Jesse Jackson Jr."; a suffix stays part of the name, so a father and son
    // stay apart), unless two different initials share the rest ("George W. Bush", "George
    // H. W. Bush"): then neither joins.
    type Indexed<'a> = (usize, &'a String);
    // A one-letter capital between a name's first and last token ("R." in "John R. Bolton").
    let middle_initial = |k: usize, len: usize, t: &str| {
        k > 0 && k + 1 < len && t.chars().count() == 1 && t.chars().all(char::is_uppercase)
    };
    // Or a whole middle name, between a listed given name and a surname: "Sarah Huckabee
    // Sanders" = "Sarah Sanders". It counts as its initial, so "George W. Bush" and "George
    // Walker Bush" agree.
    let listed = Gazetteer::builtin();
    let middle_name = |k: usize, toks: &[String]| {
        let t = &toks[k];
        toks.len() == 3
            && k == 1
            && listed.is_given_name(&toks[0])
            && t.chars().count() >= 3
            && t.chars().next().is_some_and(char::is_uppercase)
            && t.chars().skip(1).all(char::is_lowercase)
            && !GENERATIONAL.contains(&fold_lower(&toks[2]).as_str())
            // Not a name written family name first: "Kim Jong Il" is not "Kim Il".
            && toks[2].chars().count() >= 3
    };
    // Per skeleton of the name without its initials: (initials, spelling, cluster, tokens of
    // the name without its initials).
    type Initialled = (String, String, usize, Vec<String>);
    let mut initialled: HashMap<Vec<String>, Vec<Initialled>> = HashMap::new();
    for i in 0..n {
        if clusters.items[i].kind != Some(EntityKind::Person) {
            continue;
        }
        for form in clusters.items[i].forms.keys() {
            let toks = name_tokens(form);
            let (inner, rest): (Vec<Indexed>, Vec<Indexed>) = toks
                .iter()
                .enumerate()
                .partition(|(k, t)| middle_initial(*k, toks.len(), t) || middle_name(*k, &toks));
            if inner.is_empty() || rest.len() < 2 {
                continue;
            }
            let initials: String = inner.iter().filter_map(|(_, t)| t.chars().next()).collect();
            let key: Vec<String> = rest.iter().map(|(_, t)| skeleton(t)).collect();
            let rest: Vec<String> = rest.into_iter().map(|(_, t)| t.clone()).collect();
            initialled
                .entry(key)
                .or_default()
                .push((initials, form.clone(), i, rest));
        }
    }
    for (key, forms) in &initialled {
        let first = &forms[0].0;
        if forms.iter().any(|(x, _, _, _)| x != first) {
            continue;
        }
        for (_, form, i, rest) in forms {
            let Some(j) = by_skeleton
                .get(key)
                .and_then(|list| list.iter().find(|(_, t)| close_names(t, rest)))
                .map(|&(j, _)| j)
            else {
                continue;
            };
            let whole = name_tokens(form)
                .iter()
                .any(|t| t.chars().count() > 1 && !rest.contains(t));
            // A whole middle name tells a person apart more than an initial does ("John
            // Quincy Adams", "John Bel Edwards"): the name without it joins where it is in a
            // few articles, or in one with the full name.
            if whole
                && articles_of[j].len() > FEW_ARTICLES
                && articles_of[j].is_disjoint(&articles_of[*i])
            {
                continue;
            }
            let root = clusters.find(j);
            let other = first_form(&clusters.items[root]);
            let middle = if whole { "name" } else { "initial" };
            let why = format!("{other} = {form}: the same name with a middle {middle}");
            clusters.join(j, *i, why, &forbidden);
        }
    }

    // 2c. A familiar given name names the same person as the formal one ("Bob Goodlatte" =
    // "Robert W. Goodlatte", "Rudy Giuliani" = "Rudolph W. Giuliani"), and a numbered suffix
    // the same person as the name without it ("Robert S. Mueller III" = "Robert Mueller")
    // where no other generation of that name is in the library. "Jr." and "Sr." keep a
    // father and son apart ("Jesse Jackson", "Jesse Jackson Jr."). A spelling joins only when
    // one person alone fits it. Spellings are read as given name, surname and suffix, middle
    // initials left out, the surname spelled alike letter for letter; longer names are left to
    // the steps before.
    let numbered = |s: &Option<String>| matches!(s.as_deref(), Some("ii" | "iii" | "iv"));
    type Parsed = (String, Option<String>, usize, String);
    let mut by_surname: HashMap<String, Vec<Parsed>> = HashMap::new();
    for i in 0..n {
        if clusters.items[i].kind != Some(EntityKind::Person) {
            continue;
        }
        for form in clusters.items[i].forms.keys() {
            let toks = name_tokens(form);
            let mut core: Vec<&String> = toks
                .iter()
                .enumerate()
                .filter(|(k, t)| !middle_initial(*k, toks.len(), t))
                .map(|(_, t)| t)
                .collect();
            let suffix = core
                .last()
                .map(|t| fold_lower(t))
                .filter(|t| GENERATIONAL.contains(&t.as_str()));
            if suffix.is_some() {
                core.pop();
            }
            if let [given, surname] = core[..] {
                // Spelled the same: surnames that only sound alike are other people
                // ("Cohen", "Cheney").
                by_surname.entry(fold_lower(surname)).or_default().push((
                    fold_lower(given),
                    suffix,
                    i,
                    form.clone(),
                ));
            }
        }
    }
    let mut surnames: Vec<&String> = by_surname.keys().collect();
    surnames.sort_unstable();
    for surname in surnames {
        let people = &by_surname[surname];
        // The spellings by given name: a spelling looks up only the given names that can be
        // its own, not every name sharing the surname (thousands in a large library).
        let mut by_given: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, p) in people.iter().enumerate() {
            by_given.entry(p.0.as_str()).or_default().push(k);
        }
        for (given, suffix, i, form) in people {
            let alike: Vec<&Parsed> = listed
                .given_variants(given)
                .iter()
                .filter_map(|g| by_given.get(g.as_str()))
                .flatten()
                .map(|&k| &people[k])
                .collect();
            // Another generation of the name: a suffix other than the two compared.
            let generations = |a: &Option<String>, b: &Option<String>| {
                alike
                    .iter()
                    .any(|(_, s2, _, _)| s2.is_some() && s2 != a && s2 != b)
            };
            let fits = |(g, s, _, _): &&&Parsed| {
                if g == given && s == suffix {
                    return false;
                }
                if s == suffix {
                    return true;
                }
                // A numbered name and the name without a suffix, when no other generation
                // of it is named.
                (numbered(s) && suffix.is_none() || numbered(suffix) && s.is_none())
                    && !generations(s, suffix)
            };
            let own = clusters.find(*i);
            let mut roots: Vec<(usize, &String)> = alike
                .iter()
                .filter(fits)
                .map(|(_, _, j, f)| (clusters.find(*j), f))
                .filter(|&(r, _)| r != own)
                .collect();
            roots.sort_unstable();
            roots.dedup_by_key(|x| x.0);
            if let [(only, other)] = roots[..] {
                let why = format!("{form} = {other}: the same given name, surname and generation");
                clusters.join(only, *i, why, &forbidden);
            }
        }
    }

    // 3. A bare name joins the one full name it ends (or else starts); acronyms their name.
    // Looked up once per bare name or acronym, so kept as indexes instead of scans of every
    // cluster (a library of 100k articles has hundreds of thousands): full names by their last
    // and first token's skeleton; the articles of each cluster's root; known clusters by
    // their spellings in lower case; clusters by the initials of their spellings of two words
    // or more. Spellings only move on a join, from the joined root into the other, and
    // [`Step3::join`] follows them; an index entry whose cluster has lost the spelling since
    // is checked and passed over.
    let mut step = Step3::new(&mut clusters, &by_skeleton, &articles_of);
    for (i, arts_i) in articles_of.iter().enumerate() {
        let kind = clusters.items[i].kind;
        let forms: Vec<String> = clusters.items[i].forms.keys().cloned().collect();
        for form in forms {
            let toks = name_tokens(&form);
            let root = clusters.find(i);
            if kind == Some(EntityKind::Person)
                && toks.len() == 1
                && clusters.items[root].known.is_none()
            {
                let sk = skeleton(&toks[0]);
                let exact = fold_lower(&toks[0]);
                // The full names it is spelled letter for letter at the end, or the start, of.
                let spelled_at =
                    |clusters: &mut Clusters, ends: &HashMap<String, Vec<usize>>, last| {
                        let mut v: Vec<usize> = ends
                            .get(&sk)
                            .into_iter()
                            .flatten()
                            .map(|&j| clusters.find(j))
                            .collect();
                        v.sort_unstable();
                        v.dedup();
                        v.retain(|&c| {
                            clusters.items[c].forms.keys().any(|f| {
                                let t = name_tokens(f);
                                let at = if last { t.last() } else { t.first() };
                                t.len() >= 2 && at.is_some_and(|x| fold_lower(x) == exact)
                            })
                        });
                        v
                    };
                // "Kim" beside Kim Jong Un and some Tony Kim, "Hillary" beside Hillary Clinton
                // and a "Crooked Hillary": a bare name opening a known person's name is that
                // person's where it shares clearly more articles with them than with any
                // full name it ends.
                let opening: Vec<usize> = spelled_at(&mut clusters, &step.by_first, false)
                    .into_iter()
                    .filter(|&c| clusters.items[c].known.is_some())
                    .collect();
                let mut scored: Vec<(usize, usize)> = opening
                    .iter()
                    .map(|&c| (step.shared(c, arts_i), c))
                    .collect();
                scored.sort_unstable_by(|a, b| b.cmp(a));
                if let Some(&(best, known)) = scored.first() {
                    // Several known names open with it (Kim Jong Un, Kim Yo Jong): the one in
                    // clearly the most of its articles.
                    let next_known = scored.get(1).map_or(0, |x| x.0);
                    let ending = spelled_at(&mut clusters, &step.by_last, true);
                    let rival = ending
                        .iter()
                        .filter(|&&c| c != known)
                        .map(|&c| step.shared(c, arts_i))
                        .max()
                        .unwrap_or(0)
                        .max(next_known);
                    if !ending.is_empty() && best > 2 * rival {
                        let full = first_form(&clusters.items[known]);
                        let why = format!(
                            "{form} = {full}: the first name of a known name, in more of its \
                             articles than any name it ends"
                        );
                        step.join(&mut clusters, known, i, why, &forbidden);
                        continue;
                    }
                }
                for position in [true, false] {
                    let ends = if position {
                        &step.by_last
                    } else {
                        &step.by_first
                    };
                    let mut candidates: Vec<usize> = ends
                        .get(&sk)
                        .map(|v| v.to_vec())
                        .unwrap_or_default()
                        .into_iter()
                        .map(|j| clusters.find(j))
                        .collect();
                    candidates.sort_unstable();
                    candidates.dedup();
                    // Two letters of skeleton are too few to tell names apart by sound
                    // ("Ron" and "Ryan"): only the same spelling joins.
                    let short = sk.chars().filter(|c| c.is_alphabetic()).count() < 3;
                    // (Looked up only where it decides: candidates only shrink below.)
                    let spelled = if short || candidates.len() > 1 {
                        spelled_at(&mut clusters, ends, position)
                    } else {
                        Vec::new()
                    };
                    if short {
                        candidates.retain(|c| spelled.contains(c));
                    }
                    if !position {
                        // A bare first name joins only a full name that spells it letter
                        // for letter: given names that sound alike are different names
                        // ("Bruce" and "Barack" share a skeleton).
                        candidates.retain(|&c| {
                            clusters.items[c].forms.keys().any(|f| {
                                name_tokens(f)
                                    .first()
                                    .is_some_and(|x| fold_lower(x) == exact)
                            })
                        });
                    }
                    if candidates.len() > 1 {
                        // Several full names fit by sound ("Youn" and "Yoon"): the one that
                        // spells it letter for letter, when only one does.
                        let alike: Vec<usize> = candidates
                            .iter()
                            .copied()
                            .filter(|c| spelled.contains(c))
                            .collect();
                        if alike.len() == 1 {
                            candidates = alike;
                        }
                    }
                    if candidates.len() > 1 {
                        // Several full names fit: take the one that shares the most articles
                        // with the bare name, when one clearly does.
                        candidates = step.clearly_most_shared(&candidates, arts_i, 1);
                    }
                    // A bare first name in more than a few articles stands for the full name
                    // only where that full name is named too: most of its articles must name
                    // it. Spelled alike across a library, "Michael" is many people (684 bare
                    // "Michael"s of 37.5k real articles had joined Michael Cohen, 216
                    // "Andrew"s Andrew Jackson); in one story's few articles, "Brigitte" is
                    // the one Brigitte the story names in full.
                    if !position
                        && let [only] = candidates[..]
                        && !step.stands_for(only, arts_i)
                    {
                        break;
                    }
                    // Spelled close to it, not only alike in skeleton ("Cheney" is not
                    // "Richard Cohen"); looked at for the one left only, as a common
                    // surname may have thousands of full names by skeleton.
                    if let [only] = candidates[..]
                        && !clusters.items[only].forms.keys().any(|f| {
                            let mut t = name_tokens(f);
                            // "Robert S. Mueller III" ends with "Mueller" too.
                            if t.len() >= 3
                                && t.last()
                                    .is_some_and(|x| GENERATIONAL.contains(&fold_lower(x).as_str()))
                            {
                                t.pop();
                            }
                            let at = if position { t.last() } else { t.first() };
                            t.len() >= 2 && at.is_some_and(|x| close_spelling(x, &toks[0]))
                        })
                    {
                        break;
                    }
                    if let [only] = candidates[..] {
                        let full = first_form(&clusters.items[only]);
                        let part = if position { "surname" } else { "first name" };
                        let why =
                            format!("{form} = {full}: the {part} of the only full name it fits");
                        step.join(&mut clusters, only, i, why, &forbidden);
                        break;
                    }
                    if !candidates.is_empty() {
                        break;
                    }
                }
            }
            // "Ocasio-Cortez" joins the one full name that ends with that double surname
            // ("Alexandria Ocasio-Cortez"): written as one word, it is a surname, not a name.
            if kind == Some(EntityKind::Person)
                && toks.len() >= 2
                && form.contains('-')
                && !form.contains(char::is_whitespace)
                && clusters.items[root].known.is_none()
            {
                let want: Vec<String> = toks.iter().map(|t| fold_lower(t)).collect();
                let mut fits: Vec<usize> = step
                    .by_last
                    .get(&skeleton(&toks[toks.len() - 1]))
                    .into_iter()
                    .flatten()
                    .map(|&j| clusters.find(j))
                    .collect::<Vec<usize>>()
                    .into_iter()
                    .filter(|&j| j != root)
                    .filter(|&j| {
                        clusters.items[j].forms.keys().any(|f| {
                            let t = name_tokens(f);
                            t.len() > want.len()
                                && t[t.len() - want.len()..]
                                    .iter()
                                    .map(|x| fold_lower(x))
                                    .eq(want.iter().cloned())
                        })
                    })
                    .collect();
                fits.sort_unstable();
                fits.dedup();
                // Several fit ("Candidate Ocasio-Cortez" is one more): the one that shares
                // the most articles with it, when one clearly does.
                if fits.len() > 1 {
                    fits = step.clearly_most_shared(&fits, arts_i, 2);
                }
                if let [only] = fits[..] {
                    let full = first_form(&clusters.items[only]);
                    let why = format!("{form} = {full}: the surname of the full name it fits");
                    step.join(&mut clusters, only, i, why, &forbidden);
                    continue;
                }
            }
            // "Jackson Jr." joins the one full name that ends with that surname and suffix
            // ("Jesse L. Jackson Jr."), "Donald Jr." the one that opens with that given name
            // and ends with the suffix ("Donald Trump Jr."); never the father's.
            if kind == Some(EntityKind::Person)
                && let [surname, suffix] = &toks[..]
                && GENERATIONAL.contains(&fold_lower(suffix).as_str())
            {
                let (sur, suf) = (skeleton(surname), skeleton(suffix));
                let roots: Vec<usize> = step
                    .by_last
                    .get(&suf)
                    .into_iter()
                    .flatten()
                    .map(|&j| clusters.find(j))
                    .collect();
                let mut fits: Vec<usize> = roots
                    .into_iter()
                    .filter(|&j| j != root)
                    .filter(|&j| {
                        clusters.items[j].forms.keys().any(|f| {
                            let t = name_tokens(f);
                            // "Donald Jr." is the given name and suffix of "Donald Trump Jr.".
                            t.len() >= 3
                                && skeleton(&t[t.len() - 1]) == suf
                                && (skeleton(&t[t.len() - 2]) == sur
                                    || fold_lower(&t[0]) == fold_lower(surname))
                        })
                    })
                    .collect();
                fits.sort_unstable();
                fits.dedup();
                if let [only] = fits[..] {
                    let full = first_form(&clusters.items[only]);
                    let why = format!(
                        "{form} = {full}: the surname and suffix of the only full name they fit"
                    );
                    step.join(&mut clusters, only, i, why, &forbidden);
                    continue;
                }
            }
            if matches!(
                kind,
                Some(EntityKind::Organization) | Some(EntityKind::Place)
            ) && clusters.items[root].known.is_none()
                // Two letters are too few: "Co" is no "CO" (Colorado in a party tag).
                && form.chars().filter(|c| c.is_alphabetic()).count() >= 3
            {
                // "Sana" and the known "SANA": the same name in other capitals.
                let lower = form.to_lowercase();
                let same: Option<usize> = step
                    .known_by_form
                    .get(&lower)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|&j| {
                        j != i
                            && clusters.items[j].known.is_some()
                            && clusters.items[j]
                                .forms
                                .keys()
                                .any(|f| f.to_lowercase() == lower)
                            // The same spelling read as another kind was read so in its
                            // context ("beaten by Barcelona": the club, not the city).
                            && (clusters.items[j].kind == kind
                                || !clusters.items[j].forms.contains_key(form.as_str()))
                    })
                    .min();
                if let Some(j) = same {
                    let full = first_form(&clusters.items[j]);
                    step.join(
                        &mut clusters,
                        j,
                        i,
                        format!("{form} = {full}: the same name, other capitals"),
                        &forbidden,
                    );
                    continue;
                }
            }
            // "Newmont" joins "Newmont Mining Corp": a company is called by the first word of
            // its registered name once it has been named in full.
            if kind == Some(EntityKind::Organization)
                && toks.len() == 1
                && clusters.items[root].known.is_none()
                && let Some(only) = step.the_one_company(&mut clusters, root, &form, arts_i)
            {
                let full = first_form(&clusters.items[only]);
                let why = format!("{form} = {full}: the first word of the only company it opens");
                step.join(&mut clusters, only, i, why, &forbidden);
                continue;
            }
            // "House Judiciary" joins "House Judiciary Committee": a panel named without
            // its head word, where the story has one panel of that name.
            if kind == Some(EntityKind::Organization)
                && clusters.items[root].known.is_none()
                && let Some(only) = step.the_one_panel(&mut clusters, root, &form, arts_i)
            {
                let full = first_form(&clusters.items[only]);
                let why = format!("{form} = {full}: the only panel of that name");
                step.join(&mut clusters, only, i, why, &forbidden);
                continue;
            }
            // "Friendship Park" joins "International Friendship Park": a body's or a
            // place's name that ends the one longer name of its kind, where what the longer
            // one adds does not make another place or body of the same name ("North",
            // "National", a place or an acronym: "Texas Supreme Court", "UN Security
            // Council").
            if matches!(
                kind,
                Some(EntityKind::Organization) | Some(EntityKind::Place)
            ) && clusters.items[root].known.is_none()
                && let Some(only) = step.the_one_longer(&mut clusters, root, &form, arts_i)
            {
                let full = first_form(&clusters.items[only]);
                let why = format!("{form} = {full}: the end of the only longer name it fits");
                step.join(&mut clusters, only, i, why, &forbidden);
                continue;
            }
            if matches!(
                kind,
                Some(EntityKind::Organization) | Some(EntityKind::Place)
            ) && let Some(letters) = acronym_letters(&form)
            {
                let matching: Vec<usize> = step
                    .by_initials
                    .get(&letters)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|&j| {
                        j != i
                            && (clusters.items[j].kind == kind || clusters.items[j].known.is_some())
                    })
                    .filter(|&j| {
                        clusters.items[j]
                            .forms
                            .keys()
                            .any(|f| f.split_whitespace().count() >= 2 && initials(f) == letters)
                    })
                    .collect();
                let candidates: Vec<usize> = matching
                    .into_iter()
                    .map(|j| clusters.find(j))
                    .collect::<HashSet<_>>()
                    .into_iter()
                    .collect();
                if let [only] = candidates[..] {
                    let full = first_form(&clusters.items[only]);
                    step.join(
                        &mut clusters,
                        only,
                        i,
                        format!("{form} = {full}: its initials"),
                        &forbidden,
                    );
                }
            }
        }
    }

    // The bare-name step's indexes and article sets are done with: the entity list built
    // below is the merge's largest allocation, and it need not sit on top of them.
    drop(step);
    drop(articles_of);

    // 4. Pinned merges.
    for (a, b) in &rules.merge {
        let find_form = |clusters: &mut Clusters, f: &str| {
            (0..n).find(|&j| {
                clusters.items[j].alive
                    && clusters.items[j]
                        .forms
                        .keys()
                        .any(|x| x.eq_ignore_ascii_case(f))
            })
        };
        if let (Some(x), Some(y)) = (find_form(&mut clusters, a), find_form(&mut clusters, b)) {
            clusters.join(
                x,
                y,
                format!("{a} = {b}: pinned in briefing.toml"),
                &HashSet::new(),
            );
        }
    }

    // 5. Entities, with every mention.
    let mut entity_of: HashMap<usize, usize> = HashMap::new();
    let mut out: Vec<Entity> = Vec::new();
    // Each entity's mentions, packed once its spellings are in their final order. Each list
    // is made as long as it will be: grown by doubling, the lists took up to twice their
    // mentions' room at the merge's peak.
    let mut lists: Vec<Vec<EntityMention>> = Vec::new();
    let mut per_root: Vec<u32> = vec![0; clusters.items.len()];
    for &c in &of_mention {
        per_root[clusters.find(c as usize)] += 1;
    }
    let mut articles: Vec<MentionedArticle> = Vec::new();
    let mut article_of: HashMap<(&str, &str), u32> = HashMap::new();
    let mut last: Option<((&str, &str), u32)> = None;
    for (m, &c) in mentions.iter().zip(&of_mention) {
        // Mentions come article by article: the table is consulted once per article.
        let source = &sources[m.article as usize];
        let key = (source.id, source.file);
        let article = match last {
            Some((k, i)) if k == key => i,
            _ => {
                let i = *article_of.entry(key).or_insert_with(|| {
                    articles.push(MentionedArticle {
                        id: source.id.to_string(),
                        file: source.file.to_string(),
                    });
                    (articles.len() - 1) as u32
                });
                last = Some((key, i));
                i
            }
        };
        let root = clusters.find(c as usize);
        let e = *entity_of.entry(root).or_insert_with(|| {
            let cl = &clusters.items[root];
            let name = cl.known.clone().unwrap_or_else(|| canonical(&cl.forms));
            let kind = cl.kind.unwrap_or(EntityKind::Organization);
            out.push(Entity {
                id: entity_id(kind, &name),
                name,
                kind,
                aliases: Vec::new(),
                outlets: crate::model::OutletCounts::default(),
                mentions: Default::default(),
                why: cl.why.clone(),
            });
            lists.push(Vec::with_capacity(per_root[root] as usize));
            out.len() - 1
        });
        let outlet = source.outlet.unwrap_or(OUTLET_NOT_NAMED);
        let ent = &mut out[e];
        ent.outlets.add(outlet, 1);
        let text = tidy(m.mention.text(words));
        let alias = match ent.aliases.iter().position(|a| a.text == text) {
            Some(i) => {
                let a = &mut ent.aliases[i];
                a.count += 1;
                if !a.outlets.iter().any(|o| **o == *outlet) {
                    a.outlets.push(crate::model::shared_name(outlet));
                }
                i
            }
            None => {
                ent.aliases.push(Alias {
                    text,
                    count: 1,
                    outlets: vec![crate::model::shared_name(outlet)],
                });
                ent.aliases.len() - 1
            }
        };
        lists[e].push(EntityMention::new(
            article,
            m.mention.passage(),
            m.mention.start,
            m.mention.end,
            alias,
        ));
    }
    for (e, mut list) in out.iter_mut().zip(lists) {
        let listed: Vec<String> = e
            .aliases
            .iter()
            .filter(|a| {
                a.text != e.name
                    && e.why.iter().all(|w| {
                        !w.starts_with(&format!("{} =", a.text))
                            && !w.contains(&format!("= {}:", a.text))
                    })
            })
            .map(|a| a.text.clone())
            .collect();
        if e.aliases.len() > 1 && !listed.is_empty() && e.why.is_empty() {
            e.why.push(format!(
                "{} = {}: listed spellings of a well-known name (assets/gazetteer)",
                listed.join(", "),
                e.name
            ));
        }
        spellings_in_order(e, &mut list);
        e.mentions = list.into();
    }
    most_mentioned_first(&mut out);
    Entities::new(articles, out)
}

/// Entity `e`'s spellings, most used first (the outlets of each by name), those no mention
/// uses left out; its `mentions` follow their spelling to its new place.
fn spellings_in_order(e: &mut Entity, mentions: &mut [EntityMention]) {
    let mut place = vec![0u32; e.aliases.len()];
    let mut sorted: Vec<(usize, Alias)> = std::mem::take(&mut e.aliases)
        .into_iter()
        .enumerate()
        .filter(|(_, a)| a.count > 0)
        .collect();
    sorted.sort_by(|(_, a), (_, b)| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
    for (new, (old, _)) in sorted.iter().enumerate() {
        place[*old] = new as u32;
    }
    e.aliases = sorted.into_iter().map(|(_, a)| a).collect();
    for m in mentions {
        m.set_alias(place[m.alias()] as usize);
    }
    for a in &mut e.aliases {
        a.outlets.sort();
    }
}

/// Most mentioned first, then by name.
fn most_mentioned_first(list: &mut [Entity]) {
    list.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then(a.name.cmp(&b.name))
    });
}

/// `old`, a merged list, brought up to date with a few articles' changes without merging the
/// library again: the mentions of the articles in `gone` (by file) leave, and the mentions of
/// `added` (merged among themselves by [`resolve`]) join the entity of the same id (the same
/// known name, or the same kind and name), else the one entity that has one of their
/// spellings, else make a new entity. What only the whole library can tell (a kind most of a
/// name's mentions have, a bare name in many articles) is as the last whole merge left it, so
/// a library merges whole again when many articles change. `outlet_of` gives the outlet of an
/// article still in the library, by id. Counts, spellings' order and the list's order are
/// worked out again from the mentions.
pub fn update(
    old: Entities,
    gone: &HashSet<&str>,
    outlet_of: &dyn Fn(&str) -> Option<String>,
    sources: &[Source<'_>],
    mentions: &[Located<'_>],
    words: &Spellings,
    rules: &Rules,
) -> Entities {
    let fresh = resolve(sources, mentions, words, rules);
    let Entities {
        articles: old_articles,
        list: old_list,
        ..
    } = old;
    // The article table: the old one without the articles gone, then the new articles.
    let mut articles: Vec<MentionedArticle> = Vec::new();
    let mut outlets: Vec<Arc<str>> = Vec::new();
    let mut old_place: Vec<Option<u32>> = Vec::with_capacity(old_articles.len());
    for a in old_articles {
        if gone.contains(a.file.as_str()) {
            old_place.push(None);
            continue;
        }
        old_place.push(Some(articles.len() as u32));
        let outlet = outlet_of(&a.id).unwrap_or_else(|| OUTLET_NOT_NAMED.to_string());
        outlets.push(crate::model::shared_name(&outlet));
        articles.push(a);
    }
    let outlet_by_id: HashMap<&str, Option<&str>> =
        sources.iter().map(|s| (s.id, s.outlet)).collect();
    let mut fresh_place: Vec<u32> = Vec::with_capacity(fresh.articles.len());
    for a in &fresh.articles {
        fresh_place.push(articles.len() as u32);
        let outlet = outlet_by_id
            .get(a.id.as_str())
            .copied()
            .flatten()
            .unwrap_or(OUTLET_NOT_NAMED);
        outlets.push(crate::model::shared_name(outlet));
        articles.push(a.clone());
    }

    // The old entities, each mention of an article gone left out.
    let mut list: Vec<(Entity, Vec<EntityMention>)> = old_list
        .into_iter()
        .map(|mut e| {
            let kept: Vec<EntityMention> = e
                .mentions
                .iter()
                .filter_map(|mut m| {
                    m.article = old_place[m.article as usize]?;
                    Some(m)
                })
                .collect();
            e.mentions = Default::default();
            (e, kept)
        })
        .collect();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_spelling: HashMap<(EntityKind, String), Option<usize>> = HashMap::new();
    for (k, (e, _)) in list.iter().enumerate() {
        by_id.insert(e.id.clone(), k);
        for a in &e.aliases {
            by_spelling
                .entry((e.kind, a.text.clone()))
                .and_modify(|v| *v = None)
                .or_insert(Some(k));
        }
    }
    for f in fresh.list.iter() {
        let target = by_id.get(&f.id).copied().or_else(|| {
            f.aliases.iter().find_map(|a| {
                by_spelling
                    .get(&(f.kind, a.text.clone()))
                    .copied()
                    .flatten()
            })
        });
        let k = match target {
            Some(k) => k,
            None => {
                let e = Entity {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    kind: f.kind,
                    aliases: Vec::new(),
                    outlets: Default::default(),
                    mentions: Default::default(),
                    why: Vec::new(),
                };
                by_id.insert(f.id.clone(), list.len());
                list.push((e, Vec::new()));
                list.len() - 1
            }
        };
        let (e, kept) = &mut list[k];
        for w in &f.why {
            if !e.why.contains(w) {
                e.why.push(w.clone());
            }
        }
        let spelling: Vec<usize> = f
            .aliases
            .iter()
            .map(|a| match e.aliases.iter().position(|x| x.text == a.text) {
                Some(i) => i,
                None => {
                    e.aliases.push(Alias {
                        text: a.text.clone(),
                        count: 0,
                        outlets: Vec::new(),
                    });
                    e.aliases.len() - 1
                }
            })
            .collect();
        for mut m in f.mentions.iter() {
            m.article = fresh_place[m.article as usize];
            m.set_alias(spelling[m.alias()]);
            kept.push(m);
        }
    }

    // Counts and orders from the mentions now held.
    let mut out: Vec<Entity> = Vec::with_capacity(list.len());
    for (mut e, mut kept) in list {
        if kept.is_empty() {
            continue;
        }
        e.outlets = Default::default();
        for a in &mut e.aliases {
            a.count = 0;
            a.outlets.clear();
        }
        for m in &kept {
            let outlet = &outlets[m.article as usize];
            e.outlets.add(outlet, 1);
            if let Some(a) = e.aliases.get_mut(m.alias()) {
                a.count += 1;
                if !a.outlets.iter().any(|o| o == outlet) {
                    a.outlets.push(outlet.clone());
                }
            }
        }
        spellings_in_order(&mut e, &mut kept);
        // Article by article, as a whole merge writes them.
        kept.sort_by_key(|m| (m.article, m.start));
        e.mentions = kept.into();
        out.push(e);
    }
    most_mentioned_first(&mut out);
    Entities::new(articles, out)
}

/// The most complete spelling not run on into the text: most name tokens, then most words,
/// then most used, then alphabetical.
fn canonical(forms: &BTreeMap<String, usize>) -> String {
    // A spelling run on into the text by a hyphen: "Paul Ryan-the", "Paul Ryan-led" (not
    // "Kim Jong-un").
    let run_on = |f: &str| {
        f.rsplit_once('-').is_some_and(|(_, p)| {
            p.starts_with(char::is_lowercase)
                && (p.ends_with("ed")
                    || matches!(
                        p,
                        "the"
                            | "a"
                            | "an"
                            | "and"
                            | "or"
                            | "of"
                            | "to"
                            | "in"
                            | "on"
                            | "for"
                            | "with"
                            | "both"
                            | "era"
                            | "style"
                            | "like"
                    ))
        })
    };
    forms
        .iter()
        .max_by(|(a, na), (b, nb)| {
            let words = |f: &str| f.split(|c: char| c.is_whitespace() || c == '-').count();
            run_on(b)
                .cmp(&run_on(a))
                .then(name_tokens(a).len().cmp(&name_tokens(b).len()))
                .then(words(a).cmp(&words(b)))
                .then(na.cmp(nb))
                .then(b.cmp(a))
        })
        .map(|(f, _)| f.clone())
        .unwrap_or_default()
}

fn entity_id(kind: EntityKind, name: &str) -> String {
    let slug: String = name
        .to_lowercase()
        .chars()
        .filter_map(fold)
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("{}:{slug}", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn skeletons_join_transliterations_and_keep_different_names_apart() {
        let same = [
            ("al-Shibani", "al-Shaibani"),
            ("Salama", "Salameh"),
            ("Ahmed", "Ahmad"),
            ("Gaddafi", "Qaddafi"),
            ("Sharaa", "Shara"),
            ("Shaibāni", "Shaibani"),
        ];
        for (a, b) in same {
            assert_eq!(
                skeleton(name_tokens(a).last().unwrap()),
                skeleton(name_tokens(b).last().unwrap()),
                "{a} / {b}"
            );
        }
        for (a, b) in [
            ("Sharaa", "Shibani"),
            ("Reich", "Gofman"),
            ("Barrack", "Trump"),
            ("Assad", "Sharaa"),
            ("Kim", "Comey"),
            ("Michael", "Michelle"),
        ] {
            assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
        }
    }

    /// A mention with its article spelled out, as the tests write them.
    struct Located<'a> {
        article: &'a str,
        file: &'a str,
        outlet: Option<&'a str>,
        mention: &'a Named,
    }

    /// [`super::resolve`] of mentions written with their articles.
    fn resolve(located: &[Located<'_>], rules: &Rules) -> Entities {
        let mut sources: Vec<Source<'_>> = Vec::new();
        let compact: Vec<super::Located<'_>> = located
            .iter()
            .map(|l| {
                let same = sources.last().is_some_and(|s: &Source<'_>| {
                    (s.id, s.file, s.outlet) == (l.article, l.file, l.outlet)
                });
                if !same {
                    sources.push(Source {
                        id: l.article,
                        file: l.file,
                        outlet: l.outlet,
                    });
                }
                super::Located {
                    article: (sources.len() - 1) as u32,
                    mention: l.mention,
                }
            })
            .collect();
        WORDS.with(|words| super::resolve(&sources, &compact, &words.borrow(), rules))
    }

    thread_local! {
        /// The words of a test's mentions (each test runs on a thread of its own).
        static WORDS: std::cell::RefCell<Spellings> = std::cell::RefCell::default();
    }

    fn mention(kind: EntityKind, text: &str) -> Named {
        named(kind, text, None)
    }

    /// A mention the gazetteer knows as `name`.
    fn known(kind: EntityKind, text: &str, name: &str) -> Named {
        named(kind, text, Some(name))
    }

    fn named(kind: EntityKind, text: &str, known: Option<&str>) -> Named {
        let m = Mention {
            kind,
            passage: Some(0),
            span: Span::new(0, text.len()),
            text: text.into(),
            known: known.map(str::to_string),
            value: None,
            learned: false,
        };
        WORDS.with(|words| Named::new(&m, &mut words.borrow_mut()))
    }

    /// The entities of person mentions given as (article, outlet, text).
    fn resolve_people(data: &[(&str, &str, &str)]) -> Vec<Entity> {
        resolve_as(EntityKind::Person, data)
    }

    /// Mentions of one kind: (article, outlet, spelling).
    fn resolve_as(kind: EntityKind, data: &[(&str, &str, &str)]) -> Vec<Entity> {
        let ms: Vec<Named> = data.iter().map(|(_, _, t)| mention(kind, t)).collect();
        let located: Vec<Located<'_>> = data
            .iter()
            .zip(&ms)
            .map(|((a, o, _), m)| Located {
                article: a,
                file: a,
                outlet: Some(o),
                mention: m,
            })
            .collect();
        resolve(&located, &Rules::default()).list
    }

    /// The id of the entity that has spelling `t`.
    fn id_of(es: &[Entity], t: &str) -> String {
        es.iter()
            .find(|e| e.aliases.iter().any(|a| a.text == t))
            .map(|e| e.id.clone())
            .unwrap()
    }

    #[test]
    fn a_name_ending_the_one_longer_name_of_its_kind_joins_it() {
        let es = resolve_as(
            EntityKind::Place,
            &[
                ("a1", "AP", "International Friendship Park"),
                ("a1", "AP", "Friendship Park"),
                ("a2", "Fox", "Friendship Park"),
            ],
        );
        assert_eq!(
            id_of(&es, "Friendship Park"),
            id_of(&es, "International Friendship Park")
        );
        assert!(
            es.iter()
                .any(|e| e.why.iter().any(|w| w.contains("longer name")))
        );

        // Two longer names end with it: no telling which.
        let es = resolve_as(
            EntityKind::Place,
            &[
                ("a1", "AP", "International Friendship Park"),
                ("a1", "AP", "Friendship Park"),
                ("a1", "AP", "Border Friendship Park"),
            ],
        );
        assert_eq!(es.len(), 3);
        // A people's name makes another body of that name.
        let es = resolve_as(
            EntityKind::Organization,
            &[
                ("a1", "AP", "Security Council"),
                ("a2", "AP", "Russian Security Council"),
            ],
        );
        assert_eq!(es.len(), 2);
        // What the longer name adds makes another body of that name.
        for longer in [
            "National Security Council",
            "Texas Supreme Court",
            "U.S. Supreme Court",
            "North Carolina",
        ] {
            let short = longer.split_once(' ').unwrap().1;
            let es = resolve_as(
                EntityKind::Organization,
                &[("a1", "AP", longer), ("a1", "AP", short)],
            );
            assert_ne!(id_of(&es, short), id_of(&es, longer), "{longer}");
        }
        // In many articles, it stands for the longer name only where that is named too.
        let mut data = vec![("a1", "AP", "International Friendship Park")];
        for a in ["a1", "a2", "a3", "a4", "a5"] {
            data.push((a, "AP", "Friendship Park"));
        }
        let es = resolve_as(EntityKind::Place, &data);
        assert_ne!(
            id_of(&es, "Friendship Park"),
            id_of(&es, "International Friendship Park")
        );
    }

    /// Names written two ways join; names that only share a skeleton do not.
    #[test]
    fn close_spellings_are_transliterations_and_typos_not_other_names() {
        for (a, b) in [
            ("Shibani", "Shaibani"),
            ("Gadhafi", "Qaddafi"),
            ("Strzok", "Strozk"),
            ("Nielsen", "Neilsen"),
            ("Paulsen", "Paulson"),
            ("Mohammed", "Muhammad"),
        ] {
            assert!(close_spelling(a, b), "{a} / {b}");
            assert_eq!(skeleton(a), skeleton(b), "{a} / {b}");
        }
        for (a, b) in [("Dole", "DeLeo"), ("Cohen", "Cheney"), ("Baer", "Beyer")] {
            assert_eq!(skeleton(a), skeleton(b), "{a} / {b}");
            assert!(!close_spelling(a, b), "{a} / {b}");
        }
        let es = resolve_as(
            EntityKind::Person,
            &[("a1", "AP", "Robert Dole"), ("a2", "AP", "Robert DeLeo")],
        );
        assert_ne!(id_of(&es, "Robert Dole"), id_of(&es, "Robert DeLeo"));
    }

    /// Seen on real stories (NewsWCL50): "Bob Goodlatte" and "Robert W. Goodlatte", "Rudy
    /// Giuliani" and "Rudolph W. Giuliani", "Robert Mueller" and "Robert S. Mueller III" are
    /// one person each; a son with "Jr." stays apart from his father, names that only sound
    /// alike stay apart, and "Chris" is not "Christine".
    #[test]
    fn familiar_given_names_and_numbered_suffixes_name_one_person() {
        let es = resolve_as(
            EntityKind::Person,
            &[
                ("a1", "AP", "Bob Goodlatte"),
                ("a2", "NYT", "Robert W. Goodlatte"),
                ("a1", "AP", "Rudy Giuliani"),
                ("a2", "NYT", "Rudolph W. Giuliani"),
                ("a1", "AP", "Robert Mueller"),
                ("a2", "NYT", "Robert S. Mueller III"),
                ("a1", "AP", "Jesse Jackson"),
                ("a2", "NYT", "Jesse Jackson Jr."),
                ("a1", "AP", "Dick Cheney"),
                ("a2", "NYT", "Richard Cohen"),
                ("a1", "AP", "Chris Matthews"),
                ("a2", "NYT", "Christine Matthews"),
            ],
        );
        for (a, b) in [
            ("Bob Goodlatte", "Robert W. Goodlatte"),
            ("Rudy Giuliani", "Rudolph W. Giuliani"),
            ("Robert Mueller", "Robert S. Mueller III"),
        ] {
            assert_eq!(id_of(&es, a), id_of(&es, b), "{a} / {b}");
        }
        for (a, b) in [
            ("Jesse Jackson", "Jesse Jackson Jr."),
            ("Dick Cheney", "Richard Cohen"),
            ("Chris Matthews", "Christine Matthews"),
        ] {
            assert_ne!(id_of(&es, a), id_of(&es, b), "{a} / {b}");
        }
        // Another generation of the name in the library: the numbered one stays apart.
        let es = resolve_as(
            EntityKind::Person,
            &[
                ("a1", "AP", "Robert Mueller"),
                ("a2", "NYT", "Robert S. Mueller III"),
                ("a3", "NYT", "Robert Mueller Jr."),
            ],
        );
        assert_ne!(
            id_of(&es, "Robert Mueller"),
            id_of(&es, "Robert S. Mueller III")
        );
    }

    /// "Newmont" after "Newmont Mining Corp": a company's first word is its short name where
    /// it was named in full; not a word that opens many names, not in other capitals, not
    /// in an article that never names the company.
    #[test]
    fn a_company_is_called_by_the_first_word_of_its_name() {
        let es = resolve_as(
            EntityKind::Organization,
            &[
                ("a1", "AP", "Newmont Mining Corp"),
                ("a1", "AP", "Newmont"),
                ("a2", "AP", "Southwest Airlines"),
                ("a2", "AP", "Southwest"),
                ("a3", "AP", "International Crisis Group"),
                ("a3", "AP", "International"),
                ("a4", "AP", "Washington Post Writers Group"),
                ("a4", "AP", "WASHINGTON"),
                ("a5", "AP", "Barrick Gold Corp"),
                ("a6", "AP", "Barrick"),
            ],
        );
        assert_eq!(id_of(&es, "Newmont"), id_of(&es, "Newmont Mining Corp"));
        assert_eq!(id_of(&es, "Southwest"), id_of(&es, "Southwest Airlines"));
        assert!(
            es.iter()
                .any(|e| e.why.iter().any(|w| w.contains("only company it opens")))
        );
        for (short, full) in [
            ("International", "International Crisis Group"),
            ("WASHINGTON", "Washington Post Writers Group"),
            ("Barrick", "Barrick Gold Corp"),
        ] {
            assert_ne!(id_of(&es, short), id_of(&es, full), "{short}");
        }
    }

    #[test]
    fn an_article_is_dropped_only_where_it_is_one() {
        let t = |s: &str| name_tokens(s).join(" ");
        assert_eq!(t("Hussein al-Salama"), "Hussein Salama");
        assert_eq!(t("Bashar al Assad"), "Bashar Assad");
        assert_eq!(t("Ayman Al Zawahiri"), "Ayman Zawahiri");
        assert_eq!(t("Al-Assad"), "Assad");
        assert_eq!(t("Mr. Trump"), "Trump");
        assert_eq!(t("Bruce Ash"), "Bruce Ash");
        assert_eq!(t("Al Gore"), "Al Gore");
        assert_eq!(t("Ash Carter"), "Ash Carter");
        assert_eq!(t("Bin Laden"), "Laden");
        assert_eq!(t("Osama bin Laden"), "Osama Laden");
        assert_eq!(t("El Sisi"), "Sisi");
        assert_eq!(t("Mr."), "");
    }

    /// Seen on 37k real articles: "Bruce Ash" (an Arizona elector) was read as "Bruce", which
    /// sounds like "Barack", and joined Barack Obama.
    #[test]
    fn a_first_name_joins_only_a_full_name_spelling_it() {
        let es = resolve_people(&[
            ("a1", "AP", "Barack Obama"),
            ("a1", "AP", "Obama"),
            ("a2", "X", "Bruce Ash"),
            ("a3", "Y", "Bruce"),
            ("a4", "Z", "Barack"),
        ]);
        assert_ne!(id_of(&es, "Bruce Ash"), id_of(&es, "Barack Obama"));
        assert_ne!(id_of(&es, "Bruce"), id_of(&es, "Barack Obama"));
        assert_eq!(id_of(&es, "Barack"), id_of(&es, "Barack Obama"));
        assert_eq!(id_of(&es, "Obama"), id_of(&es, "Barack Obama"));
    }

    #[test]
    fn people_merge_across_outlets_by_tokens_and_surnames() {
        let data = [
            ("a1", "AP", "Asaad al-Shibani"),
            ("a2", "X", "Asaad al-Shaibani"),
            ("a1", "AP", "Hussein Salameh"),
            ("a3", "PTV", "Hussein al-Salama"),
            ("a1", "AP", "Bashar Assad"),
            ("a3", "PTV", "Bashar al-Assad"),
            ("a1", "AP", "Assad"),
            ("a2", "X", "Gil Reich"),
            ("a2", "X", "Roman Gofman"),
            ("a2", "X", "Kim Jong Un"),
            ("a3", "PTV", "Kim Jong-un"),
            ("a3", "PTV", "Kim"),
        ];
        let es = resolve_people(&data);
        let names: Vec<(&str, usize)> = es
            .iter()
            .map(|e| (e.name.as_str(), e.aliases.len()))
            .collect();
        assert_eq!(es.len(), 6, "{names:?}");
        let assad = es
            .iter()
            .find(|e| e.aliases.iter().any(|a| a.text == "Assad"))
            .unwrap();
        assert_eq!(assad.aliases.len(), 3);
        assert!(assad.why.iter().any(|w| w.contains("surname")));
        let kim = es
            .iter()
            .find(|e| e.aliases.iter().any(|a| a.text == "Kim"))
            .unwrap();
        assert_eq!(kim.aliases.len(), 3, "{:?}", kim.aliases);
    }

    #[test]
    fn a_bare_first_name_across_many_articles_joins_only_where_the_full_name_is_named() {
        // "Michael" in six articles, "Michael Cohen" named in one of them: many Michaels.
        let mut data = vec![("a1", "AP", "Michael Cohen")];
        let ids = ["a1", "a2", "a3", "a4", "a5", "a6"];
        data.extend(ids.iter().map(|a| (*a, "AP", "Michael")));
        let es = resolve_people(&data);
        let cohen = es.iter().find(|e| e.name == "Michael Cohen").unwrap();
        assert_eq!(cohen.aliases.len(), 1, "{:?}", cohen.aliases);
        // "Brigitte" in one article of a story, "Brigitte Macron" in another: the one Brigitte.
        let es = resolve_people(&[("a1", "AP", "Brigitte Macron"), ("a2", "X", "Brigitte")]);
        assert_eq!(
            es.len(),
            1,
            "{:?}",
            es.iter().map(|e| &e.name).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_bare_name_fitting_two_by_sound_joins_the_one_spelled_alike() {
        let es = resolve_people(&[
            ("a1", "AP", "Youn Kun-young"),
            ("a1", "AP", "Yoon Young-chan"),
            ("a1", "AP", "Youn"),
            ("a2", "X", "Yoon"),
        ]);
        let of = |t: &str| {
            es.iter()
                .find(|e| e.aliases.iter().any(|a| a.text == t))
                .map(|e| e.name.clone())
        };
        assert_eq!(of("Youn").as_deref(), Some("Youn Kun-young"));
        assert_eq!(of("Yoon").as_deref(), Some("Yoon Young-chan"));
    }

    #[test]
    fn a_full_name_takes_the_kind_of_four_in_five_of_its_mentions_or_of_the_known_name() {
        let ms: Vec<Named> = [
            (EntityKind::Person, "Scott Pruitt"),
            (EntityKind::Person, "Scott Pruitt"),
            (EntityKind::Person, "Scott Pruitt"),
            (EntityKind::Person, "Scott Pruitt"),
            (EntityKind::Organization, "Scott Pruitt"),
            (EntityKind::Person, "Planned Parenthood"),
            (EntityKind::Person, "Planned Parenthood"),
            (EntityKind::Organization, "Planned Parenthood"),
            (EntityKind::Place, "Jordan"),
            (EntityKind::Person, "Jordan"),
        ]
        .into_iter()
        .map(|(k, t)| mention(k, t))
        .collect();
        let located: Vec<Located<'_>> = ms
            .iter()
            .enumerate()
            .map(|(i, m)| Located {
                article: ["a1", "a2", "a3", "a4", "a5"][i % 5],
                file: "f",
                outlet: None,
                mention: m,
            })
            .collect();
        let es = resolve(&located, &Rules::default()).list;
        let kinds = |name: &str| -> Vec<EntityKind> {
            let mut k: Vec<EntityKind> = es
                .iter()
                .filter(|e| e.aliases.iter().any(|a| a.text == name))
                .map(|e| e.kind)
                .collect();
            k.sort_by_key(|k| k.as_str());
            k
        };
        assert_eq!(kinds("Scott Pruitt"), [EntityKind::Person]);
        // Two in three is not enough, and one word may be two things.
        assert_eq!(kinds("Planned Parenthood").len(), 2);
        assert_eq!(kinds("Jordan").len(), 2);
    }

    #[test]
    fn a_bare_first_name_of_a_known_name_goes_to_it_where_they_share_articles() {
        let mut ms: Vec<(&str, Named)> = Vec::new();
        for a in ["a1", "a2", "a3", "a4"] {
            ms.push((a, known(EntityKind::Person, "Kim Jong Un", "Kim Jong Un")));
            ms.push((a, mention(EntityKind::Person, "Kim")));
        }
        ms.push(("a5", mention(EntityKind::Person, "Tony Kim")));
        ms.push(("a5", mention(EntityKind::Person, "Ron")));
        ms.push(("a6", mention(EntityKind::Person, "Paul Ryan")));
        let located: Vec<Located<'_>> = ms
            .iter()
            .map(|(a, m)| Located {
                article: a,
                file: a,
                outlet: None,
                mention: m,
            })
            .collect();
        let es = resolve(&located, &Rules::default()).list;
        assert_eq!(id_of(&es, "Kim"), id_of(&es, "Kim Jong Un"));
        // Two consonants are too few to join by sound: "Ron" is not "Ryan".
        assert_ne!(id_of(&es, "Ron"), id_of(&es, "Paul Ryan"));
        assert_eq!(
            canonical(
                &[
                    ("Paul Ryan-the".to_string(), 1),
                    ("Paul Ryan".to_string(), 1)
                ]
                .into_iter()
                .collect()
            ),
            "Paul Ryan"
        );
    }

    #[test]
    fn a_hyphenated_surname_joins_the_full_name_that_ends_with_it() {
        let es = resolve_people(&[
            ("a1", "o1", "Alexandria Ocasio-Cortez"),
            ("a1", "o1", "Ocasio-Cortez"),
            ("a2", "o2", "Ocasio-Cortez"),
            ("a3", "o1", "Cindy Hyde-Smith"),
            ("a4", "o2", "Jane Smith"),
            ("a5", "o2", "Hyde-Smith"),
        ]);
        assert_eq!(
            id_of(&es, "Ocasio-Cortez"),
            id_of(&es, "Alexandria Ocasio-Cortez")
        );
        assert_eq!(id_of(&es, "Hyde-Smith"), id_of(&es, "Cindy Hyde-Smith"));
        assert_ne!(id_of(&es, "Hyde-Smith"), id_of(&es, "Jane Smith"));
    }

    #[test]
    fn a_surname_with_its_suffix_joins_the_son_not_the_father() {
        let es = resolve_people(&[
            ("a", "AP", "Jesse L. Jackson Jr."),
            ("a", "AP", "Jackson Jr."),
            ("a", "AP", "Jesse Jackson"),
            ("a", "AP", "Jackson Sr."),
        ]);
        let id = |t: &str| id_of(&es, t);
        assert_eq!(id("Jackson Jr."), id("Jesse L. Jackson Jr."));
        assert_ne!(id("Jackson Jr."), id("Jesse Jackson"));
        // No full name ends "Jackson Sr.": it joins nobody.
        assert_ne!(id("Jackson Sr."), id("Jesse Jackson"));
        assert_ne!(id("Jackson Sr."), id("Jesse L. Jackson Jr."));
        // A given name and the suffix: the son too.
        let es = resolve_people(&[
            ("a", "AP", "Donald Trump Jr."),
            ("a", "AP", "Donald Jr."),
            ("a", "AP", "Donald Trump"),
        ]);
        let id = |t: &str| id_of(&es, t);
        assert_eq!(id("Donald Jr."), id("Donald Trump Jr."));
        assert_ne!(id("Donald Jr."), id("Donald Trump"));
    }

    #[test]
    fn a_panel_named_without_its_head_word_joins_the_one_panel_of_that_name() {
        let es = resolve_as(
            EntityKind::Organization,
            &[
                ("a", "AP", "House Judiciary Committee"),
                ("b", "AP", "House Judiciary"),
                ("c", "AP", "Senate Intelligence Committee"),
                ("c", "AP", "House Intelligence Committee"),
                ("d", "AP", "Intelligence"),
            ],
        );
        let id = |t: &str| id_of(&es, t);
        assert_eq!(id("House Judiciary"), id("House Judiciary Committee"));
        // Two panels of that name: the bare "Intelligence" joins neither.
        assert_ne!(id("Intelligence"), id("House Intelligence Committee"));
        assert_ne!(id("Intelligence"), id("Senate Intelligence Committee"));
    }

    #[test]
    fn a_bare_surname_joins_the_one_full_name_that_ends_with_it_and_a_suffix() {
        let es = resolve_people(&[("a", "AP", "Robert S. Mueller III"), ("a", "AP", "Mueller")]);
        assert_eq!(es.len(), 1, "{es:?}");
        // Father and son both there: the bare surname stays with the one spelled as it is.
        let es = resolve_people(&[
            ("a", "AP", "Jesse L. Jackson Jr."),
            ("a", "AP", "Jesse Jackson"),
            ("a", "AP", "Jackson"),
        ]);
        let id = |t: &str| id_of(&es, t);
        assert_eq!(id("Jackson"), id("Jesse Jackson"));
        assert_ne!(id("Jackson"), id("Jesse L. Jackson Jr."));
    }

    #[test]
    fn middle_initials_join_but_suffixes_and_other_initials_keep_people_apart() {
        let names = [
            "John R. Bolton",
            "John Bolton",
            "Jesse L. Jackson Jr.",
            "Jesse Jackson Jr.",
            "Jesse Jackson",
            "George W. Bush",
            "George H. W. Bush",
            "George Bush",
        ];
        let ms: Vec<Named> = names
            .iter()
            .map(|t| mention(EntityKind::Person, t))
            .collect();
        let located: Vec<Located<'_>> = ms
            .iter()
            .map(|m| Located {
                article: "a",
                file: "a",
                outlet: None,
                mention: m,
            })
            .collect();
        let es = resolve(&located, &Rules::default());
        let id = |t: &str| id_of(&es, t);
        assert_eq!(id("John R. Bolton"), id("John Bolton"));
        assert_eq!(id("Jesse L. Jackson Jr."), id("Jesse Jackson Jr."));
        assert_ne!(id("Jesse Jackson Jr."), id("Jesse Jackson"));
        assert_ne!(id("George W. Bush"), id("George H. W. Bush"));
        assert_ne!(id("George W. Bush"), id("George Bush"));
        let bolton = es.iter().find(|e| e.name.contains("Bolton")).unwrap();
        assert!(bolton.why.iter().any(|w| w.contains("middle initial")));
    }

    #[test]
    fn a_whole_middle_name_joins_where_the_short_name_is_rare_or_beside_it() {
        // Two outlets, one with the middle name: one person.
        let es = resolve_people(&[
            ("a1", "Fox", "Sarah Sanders"),
            ("a2", "USA Today", "Sarah Huckabee Sanders"),
            ("a3", "AP", "George Walker Bush"),
            ("a3", "AP", "George W. Bush"),
            ("a4", "AP", "George Bush"),
        ]);
        assert_eq!(
            id_of(&es, "Sarah Sanders"),
            id_of(&es, "Sarah Huckabee Sanders")
        );
        assert!(
            es.iter()
                .any(|e| e.why.iter().any(|w| w.contains("with a middle name")))
        );
        // The initial and the name it stands for agree.
        assert_eq!(id_of(&es, "George Walker Bush"), id_of(&es, "George Bush"));
        assert_eq!(id_of(&es, "George W. Bush"), id_of(&es, "George Bush"));

        // A short name in many articles that never name the longer one is someone else
        // ("John Adams", "John Quincy Adams").
        let mut data: Vec<(&str, &str, &str)> = ["b1", "b2", "b3", "b4", "b5"]
            .iter()
            .map(|a| (*a, "AP", "John Adams"))
            .collect();
        data.push(("b6", "AP", "John Quincy Adams"));
        let es = resolve_people(&data);
        assert_ne!(id_of(&es, "John Adams"), id_of(&es, "John Quincy Adams"));
        // Beside it in one article, it is the same person.
        data.push(("b6", "AP", "John Adams"));
        let es = resolve_people(&data);
        assert_eq!(id_of(&es, "John Adams"), id_of(&es, "John Quincy Adams"));

        // A name written family name first keeps its last word: "Kim Jong Il" is not "Kim Il".
        let es = resolve_people(&[("c1", "AP", "Kim Jong Il"), ("c2", "AP", "Kim Il")]);
        assert_ne!(id_of(&es, "Kim Jong Il"), id_of(&es, "Kim Il"));
    }

    #[test]
    fn a_countrys_letters_and_its_name_spell_one_body() {
        let es = resolve_as(
            EntityKind::Organization,
            &[
                ("a1", "AP", "U.S. Embassy"),
                ("a2", "Fox", "United States Embassy"),
                ("a3", "Fox", "US Embassy"),
                ("a3", "Fox", "UK Embassy"),
            ],
        );
        assert_eq!(
            id_of(&es, "U.S. Embassy"),
            id_of(&es, "United States Embassy")
        );
        assert_eq!(
            id_of(&es, "US Embassy"),
            id_of(&es, "United States Embassy")
        );
        assert_ne!(id_of(&es, "UK Embassy"), id_of(&es, "US Embassy"));
    }

    #[test]
    fn acronyms_join_their_name_and_separate_rules_hold() {
        let ms = [
            mention(EntityKind::Organization, "United Nations"),
            mention(EntityKind::Organization, "U.N."),
            mention(EntityKind::Organization, "UN"),
        ];
        let located: Vec<Located<'_>> = ms
            .iter()
            .map(|m| Located {
                article: "a",
                file: "a",
                outlet: None,
                mention: m,
            })
            .collect();
        assert_eq!(resolve(&located, &Rules::default()).len(), 1);
        let ms = [
            mention(EntityKind::Person, "Bashar Assad"),
            mention(EntityKind::Person, "Bashar al-Assad"),
        ];
        let located: Vec<Located<'_>> = ms
            .iter()
            .map(|m| Located {
                article: "a",
                file: "a",
                outlet: None,
                mention: m,
            })
            .collect();
        let rules = Rules {
            separate: vec![("Bashar Assad".into(), "Bashar al-Assad".into())],
            ..Rules::default()
        };
        assert_eq!(resolve(&located, &rules).len(), 2);
    }
}
