//! Quantities in one sentence: figures with separators ("1,200", "3.5"), percentages, money
//! ("$4 million"), spelled numbers ("two", "twenty-five", "three hundred"), ranges ("10 to
//! 20", "between 5 and 8"), vague quantities ("dozens", "hundreds of", "several") and the
//! qualifiers that loosen them ("more than", "about", "up to"), each normalised to a value
//! and the interval its words allow. Words inside dates, names ("Channel 12") and times are
//! not quantities.

use super::Sentence;
use super::text::{self, Word, is_capitalised, is_clause_punct};
use crate::model::{EntityKind, NumberKind, NumberValue};

/// How a qualifier loosens a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loosen {
    /// About: 15% either way.
    About,
    /// Nearly: up to 15% below.
    Below,
    /// More than, at least: no upper bound.
    AtLeast,
    /// Up to, fewer than: no lower bound.
    AtMost,
}

/// Qualifiers, longest first within each start word.
const QUALIFIERS: &[(&str, Loosen)] = &[
    ("an estimated", Loosen::About),
    ("approximately", Loosen::About),
    ("roughly", Loosen::About),
    ("around", Loosen::About),
    ("about", Loosen::About),
    ("some", Loosen::About),
    ("estimated", Loosen::About),
    ("circa", Loosen::About),
    ("just under", Loosen::Below),
    ("just shy of", Loosen::Below),
    ("close to", Loosen::Below),
    ("nearly", Loosen::Below),
    ("almost", Loosen::Below),
    ("more than", Loosen::AtLeast),
    ("at least", Loosen::AtLeast),
    ("upwards of", Loosen::AtLeast),
    ("in excess of", Loosen::AtLeast),
    ("no fewer than", Loosen::AtLeast),
    ("no less than", Loosen::AtLeast),
    ("just over", Loosen::AtLeast),
    ("over", Loosen::AtLeast),
    ("above", Loosen::AtLeast),
    ("exceeding", Loosen::AtLeast),
    ("fewer than", Loosen::AtMost),
    ("less than", Loosen::AtMost),
    ("up to", Loosen::AtMost),
    ("as many as", Loosen::AtMost),
    ("as much as", Loosen::AtMost),
    ("at most", Loosen::AtMost),
    ("no more than", Loosen::AtMost),
    ("under", Loosen::AtMost),
    ("below", Loosen::AtMost),
];

const UNITS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 100.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

const ORDINALS: &[(&str, f64)] = &[
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("twentieth", 20.0),
    ("hundredth", 100.0),
];

/// Vague quantities: words, and the interval they allow.
const VAGUE: &[(&str, f64, Option<f64>)] = &[
    ("hundreds of thousands", 2e5, Some(999_999.0)),
    ("hundreds of millions", 2e8, Some(999e6)),
    ("tens of thousands", 2e4, Some(99_999.0)),
    ("tens of millions", 2e7, Some(99e6)),
    ("dozens", 24.0, Some(99.0)),
    ("scores", 40.0, Some(199.0)),
    ("hundreds", 200.0, Some(999.0)),
    ("thousands", 2e3, Some(9_999.0)),
    ("millions", 2e6, Some(999e6)),
    ("billions", 2e9, Some(999e9)),
    ("several", 3.0, Some(9.0)),
    ("a few", 2.0, Some(5.0)),
    ("a handful", 2.0, Some(6.0)),
    ("a couple", 2.0, Some(3.0)),
    ("numerous", 5.0, None),
    ("countless", 100.0, None),
];

const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("pounds", "GBP"),
    ("shekels", "ILS"),
    ("rubles", "RUB"),
    ("roubles", "RUB"),
    ("yuan", "CNY"),
    ("yen", "JPY"),
    ("riyals", "SAR"),
    ("lira", "TRY"),
    ("rupees", "INR"),
    ("won", "KRW"),
];

/// Words after a figure that are not what it counts.
const NOT_UNITS: &[&str] = &[
    "of", "to", "and", "or", "in", "on", "at", "the", "a", "an", "by", "for", "from", "with",
    "than", "that", "which", "who", "is", "was", "were", "are", "have", "has", "had", "more",
    "less", "per", "percent", "times", "as", "but", "it", "they", "he", "she", "will", "would",
    "its", "their", "his", "her", "into", "over", "under", "after", "before", "our", "your", "my",
    "these", "those", "this", "whose", "such", "all", "most", "some", "many", "each", "every",
    "were", "been", "be", "not", "no", "also", "then", "there",
];

/// Words between a figure and what it counts: "two separate occasions".
fn adjective_like(w: &str) -> bool {
    [
        "separate",
        "other",
        "great",
        "major",
        "main",
        "new",
        "senior",
        "top",
        "key",
        "former",
        "additional",
        "different",
        "young",
        "old",
        "big",
        "small",
        "large",
        "few",
        "more",
        "last",
        "first",
        "next",
        "previous",
        "consecutive",
        "straight",
        "full",
    ]
    .contains(&w)
        || [
            "ed", "ing", "al", "ic", "ive", "ous", "ary", "ful", "less", "able", "ible",
        ]
        .iter()
        .any(|s| w.len() > s.len() + 2 && w.ends_with(s))
}

/// Every word that can start a quantity, lowercase: a cheap gate before reading one.
fn starts_quantity(lw: &str) -> bool {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let mut w: std::collections::HashSet<&'static str> = UNITS
            .iter()
            .chain(ORDINALS)
            .chain(SCALES)
            .map(|(k, _)| *k)
            .collect();
        w.extend(VAGUE.iter().filter_map(|(p, _, _)| p.split(' ').next()));
        w.extend(["a", "dozen"]);
        w
    });
    lw.starts_with(|c: char| c.is_ascii_digit())
        || words.contains(lw)
        || lw.split_once('-').is_some_and(|(t, _)| words.contains(t))
}

fn lookup(table: &[(&str, f64)], w: &str) -> Option<f64> {
    table.iter().find(|(k, _)| *k == w).map(|&(_, v)| v)
}

/// A spelled number word or hyphenated compound ("twenty-five").
fn spelled(w: &str) -> Option<f64> {
    if let Some(v) = lookup(UNITS, w) {
        return Some(v);
    }
    let (t, u) = w.split_once('-')?;
    let (t, u) = (lookup(UNITS, t)?, lookup(UNITS, u)?);
    (t >= 20.0 && t % 10.0 == 0.0 && u < 10.0).then_some(t + u)
}

/// A figure written in digits at the start of `w`: its value and the rest of the word.
fn digits(w: &str) -> Option<(f64, &str)> {
    let end = w
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || (c == ',' || c == '.') && w[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .map_or(w.len(), |(i, _)| i);
    if end == 0 {
        return None;
    }
    let v: f64 = w[..end].replace(',', "").parse().ok()?;
    Some((v, &w[end..]))
}

struct Reader<'s, 'a> {
    s: &'s Sentence<'a>,
    lw: Vec<String>,
    taken: &'s [(usize, usize)],
}

impl Reader<'_, '_> {
    fn word(&self, i: usize) -> &str {
        self.lw.get(i).map_or("", String::as_str)
    }

    fn w(&self, i: usize) -> Word {
        self.s.words[i]
    }

    /// Words `i` and `j` are adjacent, with only spaces between.
    fn joined(&self, i: usize, j: usize) -> bool {
        j < self.s.words.len() && text::only_space(self.s.text, self.w(i).end, self.w(j).start)
    }

    /// The phrase `p` (lowercase words) starts at word `i`; returns the index after it.
    fn phrase_at(&self, i: usize, p: &str) -> Option<usize> {
        let mut j = i;
        for part in p.split(' ') {
            if self.word(j) != part || j > i && !self.joined(j - 1, j) {
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    /// The phrase `p` ends right before word `i`; returns its first word index.
    fn phrase_before(&self, i: usize, p: &str) -> Option<usize> {
        let n = p.split(' ').count();
        let start = i.checked_sub(n)?;
        (self.phrase_at(start, p) == Some(i) && self.joined(i - 1, i)).then_some(start)
    }

    fn blocked(&self, i: usize) -> bool {
        let w = self.w(i);
        self.taken.iter().any(|&(a, b)| w.start < b && a < w.end)
            || self.s.mention_at(w.start).is_some_and(|m| {
                matches!(
                    m.kind,
                    EntityKind::Person
                        | EntityKind::Organization
                        | EntityKind::Place
                        | EntityKind::Date
                )
            })
    }
}

/// The quantities of `s`, leaving out words inside `taken` (dates), as sentence byte ranges.
pub(crate) fn find(s: &Sentence<'_>, taken: &[(usize, usize)]) -> Vec<NumberValue> {
    let lw: Vec<String> = s
        .words
        .iter()
        .map(|w| w.of(s.text).to_lowercase())
        .collect();
    if !lw.iter().any(|w| starts_quantity(w) && w != "a") {
        return Vec::new();
    }
    let r = Reader {
        s,
        lw: s
            .words
            .iter()
            .map(|w| w.of(s.text).to_lowercase())
            .collect(),
        taken,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.words.len() {
        match read_at(&r, i) {
            Some((n, next)) => {
                out.push(n);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// One quantity starting at word `i`: the value and the index of the word after it.
fn read_at(r: &Reader<'_, '_>, i: usize) -> Option<(NumberValue, usize)> {
    let s = r.s;
    if r.blocked(i) {
        return None;
    }
    let w0 = r.word(i).to_string();
    let mut kind = NumberKind::Count;
    let mut value: Option<f64>;
    let mut low: Option<f64>;
    let mut high: Option<f64>;
    let mut vague = false;
    let mut approximate = false;
    let mut unit: Option<String> = None;
    let mut end = i + 1;
    let start_byte = r.w(i).start;
    let mut qualifier: Option<String> = None;
    let mut suffix_unit: Option<String> = None;

    // Vague quantities first ("a few", "hundreds of thousands").
    if let Some(&(p, lo, hi)) = VAGUE.iter().find(|(p, _, _)| r.phrase_at(i, p).is_some()) {
        let j = r.phrase_at(i, p)?;
        if (p == "scores" || p == "a couple") && r.word(j) != "of" {
            return None;
        }
        vague = true;
        value = None;
        low = Some(lo);
        high = hi;
        end = j;
    } else if w0 == "a" && r.word(i + 1) == "dozen" || w0 == "dozen" {
        end = if w0 == "a" { i + 2 } else { i + 1 };
        value = Some(12.0);
        low = Some(10.0);
        high = Some(14.0);
        approximate = true;
    } else if let Some(v) = lookup(ORDINALS, &w0) {
        kind = NumberKind::Ordinal;
        value = Some(v);
        low = value;
        high = value;
    } else if let Some((v, rest)) = digits(&w0) {
        // Identifiers and times: "Channel 12", "No. 2", "10 a.m.", "3:30".
        if i > 0 {
            let prev = s.words[i - 1].of(s.text);
            let gap = &s.text[s.words[i - 1].end..r.w(i).start];
            let month = super::dates::month_number(prev).is_some();
            let identifier = is_capitalised(prev)
                && i > 1
                && !month
                && !QUALIFIERS.iter().any(|(q, _)| q.eq_ignore_ascii_case(prev))
                && gap.trim().is_empty();
            if identifier || prev.eq_ignore_ascii_case("no") && gap.trim() == "." {
                return None;
            }
        }
        let after = &s.text[r.w(i).end..];
        if after.starts_with(':') && after[1..].starts_with(|c: char| c.is_ascii_digit())
            || matches!(
                r.word(i + 1),
                "a.m." | "p.m." | "a.m" | "p.m" | "gmt" | "utc" | "am" | "pm"
            )
        {
            return None;
        }
        value = Some(v);
        let rest_l = rest.to_ascii_lowercase();
        match rest_l.as_str() {
            "" => {}
            "st" | "nd" | "rd" | "th" => kind = NumberKind::Ordinal,
            "s" | "'s" | "’s" => return None, // decades are dates
            "m" => value = Some(v * 1e6),
            "bn" | "b" => value = Some(v * 1e9),
            "k" => value = Some(v * 1e3),
            _ => {
                // "10-20" or "55-year-old".
                let tail = rest.trim_start_matches(['-', '–']);
                if let Some((hi, "")) = digits(tail) {
                    low = Some(v);
                    high = Some(hi);
                    let text = s.text[r.w(i).start..r.w(i).end].to_string();
                    let unit = unit_after(r, i + 1);
                    return Some((
                        NumberValue {
                            text,
                            span: s.abs(r.w(i).start, r.w(i).end),
                            value: None,
                            low,
                            high,
                            unit,
                            kind,
                            qualifier: None,
                            approximate: true,
                            vague: false,
                        },
                        i + 1,
                    ));
                }
                if rest.starts_with('-') && tail.chars().all(|c| c.is_alphabetic() || c == '-') {
                    suffix_unit = Some(tail.to_lowercase());
                } else {
                    return None;
                }
            }
        }
        low = value;
        high = value;
    } else {
        // Spelled: "two", "twenty-five", "three hundred", "a million".
        let first = if w0 == "a" || w0 == "one" {
            let scaled = lookup(SCALES, r.word(i + 1)).is_some() && r.joined(i, i + 1);
            let qualified = w0 == "one" && i > 0 && qualifier_before(r, i).is_some();
            (scaled || qualified).then_some(1.0)
        } else {
            spelled(&w0)
        }?;
        let mut total = 0.0;
        let mut current = first;
        let mut j = i + 1;
        while j < s.words.len() && r.joined(j - 1, j) {
            let wj = r.word(j);
            if let Some(sc) = lookup(SCALES, wj) {
                if sc == 100.0 {
                    current *= sc;
                } else {
                    total += current * sc;
                    current = 0.0;
                }
            } else if let Some(v) = spelled(wj).filter(|_| current % 100.0 == 0.0 || current == 0.0)
            {
                current += v;
            } else if wj == "and" && spelled(r.word(j + 1)).is_some() && r.joined(j, j + 1) {
                // "three hundred and fifty"
            } else {
                break;
            }
            j += 1;
        }
        value = Some(total + current);
        low = value;
        high = value;
        end = j;
    }

    // Scale words after a figure: "4 million", "1.5 billion".
    if !vague
        && kind == NumberKind::Count
        && let Some(sc) = lookup(SCALES, r.word(end))
        && r.joined(end - 1, end)
        && digits(&w0).is_some()
    {
        value = value.map(|v| v * sc);
        low = value;
        high = value;
        end += 1;
    }

    // Money before: "$4 million", "US$2", "€3".
    let before = &s.text[..start_byte];
    let mut first_byte = start_byte;
    for (sym, code) in [
        ("US$", "USD"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "JPY"),
    ] {
        if before.ends_with(sym) || before.trim_end().ends_with(sym) && before.ends_with(' ') {
            kind = NumberKind::Money;
            unit = Some(code.to_string());
            first_byte = before.trim_end().len() - sym.len();
            break;
        }
    }
    // Percent and currency words after.
    let mut last_byte = r.w(end - 1).end;
    let after = &s.text[last_byte..];
    if after.starts_with('%') {
        kind = NumberKind::Percent;
        unit = Some("percent".to_string());
        last_byte += 1;
    } else if let Some(j) = r
        .phrase_at(end, "percentage points")
        .filter(|_| r.joined(end - 1, end))
    {
        kind = NumberKind::Percent;
        unit = Some("percentage points".to_string());
        last_byte = r.w(j - 1).end;
        end = j;
    } else if let Some(j) = r
        .phrase_at(end, "percent")
        .or_else(|| r.phrase_at(end, "per cent"))
        .filter(|_| r.joined(end - 1, end))
    {
        kind = NumberKind::Percent;
        unit = Some("percent".to_string());
        last_byte = r.w(j - 1).end;
        end = j;
    } else if unit.is_none()
        && let Some(&(_, code)) = CURRENCY_WORDS.iter().find(|(w, _)| r.word(end) == *w)
        && r.joined(end - 1, end)
    {
        kind = NumberKind::Money;
        unit = Some(code.to_string());
        last_byte = r.w(end).end;
        end += 1;
    }

    // Ranges: "10 to 20", "between 5 and 8", "5-8".
    let between = i > 0 && r.word(i - 1) == "between";
    if !vague
        && matches!(r.word(end), "to" | "and")
        && (r.word(end) != "and" || between)
        && r.joined(end - 1, end)
        && let Some(hi) = digits(r.word(end + 1))
            .filter(|(_, rest)| rest.is_empty())
            .map(|(v, _)| v)
            .or_else(|| spelled(r.word(end + 1)))
        && r.joined(end, end + 1)
        && value.is_some_and(|v| v <= hi)
    {
        low = value;
        high = Some(hi);
        value = None;
        approximate = true;
        last_byte = r.w(end + 1).end;
        end += 2;
    }
    let mut first_text = first_byte;
    if between {
        first_text = r.w(i - 1).start;
    }

    // Qualifiers before.
    if let Some((q, loosen, qstart)) = qualifier_before(r, i) {
        if !(q == "over" && digits(&w0).is_none() && !vague) {
            approximate = true;
            qualifier = Some(q.to_string());
            first_text = first_text.min(qstart);
            match loosen {
                Loosen::About => {
                    if let Some(v) = value {
                        low = Some(v * 0.85);
                        high = Some(v * 1.15);
                    }
                }
                Loosen::Below => {
                    if let Some(v) = value {
                        low = Some(v * 0.85);
                        high = Some(v);
                    }
                }
                Loosen::AtLeast => {
                    low = low.or(value);
                    high = None;
                }
                Loosen::AtMost => {
                    high = if vague { high } else { value.or(high) };
                    low = None;
                }
            }
        }
    } else if vague {
        qualifier = Some(r.lw[i..end].join(" "));
    }
    if unit.is_none() {
        unit = suffix_unit.or_else(|| unit_after(r, end));
    }
    let text = s.text[first_text..last_byte].to_string();
    Some((
        NumberValue {
            text,
            span: s.abs(first_text, last_byte),
            value,
            low,
            high,
            unit,
            kind,
            qualifier,
            approximate,
            vague,
        },
        end,
    ))
}

/// A qualifier ending right before word `i`: its words, effect and start byte.
fn qualifier_before(r: &Reader<'_, '_>, i: usize) -> Option<(&'static str, Loosen, usize)> {
    QUALIFIERS.iter().find_map(|&(q, l)| {
        let start = r.phrase_before(i, q)?;
        Some((q, l, r.w(start).start))
    })
}

/// What a figure counts: the noun after it ("airstrikes"), past "of" and a capitalised
/// adjective ("two Israeli soldiers" → "soldiers").
fn unit_after(r: &Reader<'_, '_>, mut j: usize) -> Option<String> {
    let s = r.s;
    if j >= s.words.len() || !r.joined(j - 1, j) {
        return None;
    }
    if r.word(j) == "of" && j + 1 < s.words.len() && r.joined(j, j + 1) {
        j += 1;
        if matches!(r.word(j), "the" | "these" | "those" | "its" | "their") {
            j += 1;
        }
    }
    if j >= s.words.len()
        || s.text[s.words[j - 1].end..s.words[j].start]
            .chars()
            .any(|c| is_clause_punct(c) || c == '.')
    {
        return None;
    }
    let w = s.words[j].of(s.text);
    let lw = r.word(j);
    if NOT_UNITS.contains(&lw) || lw.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if !is_capitalised(w) && adjective_like(lw) {
        // "two separate occasions" → "occasions"; "two agreed" → nothing.
        let next = r.word(j + 1);
        return (j + 1 < s.words.len()
            && r.joined(j, j + 1)
            && !NOT_UNITS.contains(&next)
            && !is_capitalised(s.words[j + 1].of(s.text))
            && !adjective_like(next)
            && next.chars().all(char::is_alphabetic))
        .then(|| next.to_string());
    }
    if is_capitalised(w) {
        let next = r.word(j + 1);
        if j + 1 < s.words.len()
            && r.joined(j, j + 1)
            && !NOT_UNITS.contains(&next)
            && !is_capitalised(s.words[j + 1].of(s.text))
        {
            return Some(next.to_string());
        }
        return Some(text::strip_possessive(w).to_string());
    }
    Some(text::strip_possessive(lw).to_string())
}
