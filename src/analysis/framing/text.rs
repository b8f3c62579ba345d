//! Words and small text tests shared by the framing passes: a sentence's words as byte ranges,
//! capitalisation, possessives and the handful of closed word classes (determiners, auxiliaries,
//! prepositions) the rules need. Pure string work, no lexicon and no article.

/// A word of a sentence: letters and digits, with inner hyphens, apostrophes and initialism
/// dots ("al-Assad", "Syria's", "U.S."), as a byte range into the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
}

impl Word {
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The words of `text`.
pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        loop {
            let mut ahead = it.clone();
            match ahead.next() {
                Some((i, c)) if c.is_alphanumeric() => {
                    end = i + c.len_utf8();
                    it.next();
                }
                Some((_, j @ ('-' | '\'' | '’' | '.' | ','))) => match ahead.next() {
                    // A comma joins only digit groups ("1,200").
                    Some((i, d))
                        if d.is_alphanumeric()
                            && (j != ','
                                || d.is_ascii_digit()
                                    && text[..end].ends_with(|p: char| p.is_ascii_digit())) =>
                    {
                        end = i + d.len_utf8();
                        it.next();
                        it.next();
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        // "U.S.", "J." and "Mr." keep their final period.
        let w = &text[start..end];
        let initial = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
        if text[end..].starts_with('.')
            && (is_initialism(w)
                || initial
                || crate::analysis::segment::ABBREVIATIONS.contains(&w)
                || ["Rep", "Sen", "Gov", "Calif", "Fla", "Va"].contains(&w))
        {
            end += 1;
            it.next();
        }
        out.push(Word { start, end });
    }
    out
}

/// "U.S", "U.N", "a.m": single letters joined by dots.
fn is_initialism(w: &str) -> bool {
    w.contains('.') && w.split('.').all(|p| p.chars().count() == 1)
}

/// First letter is uppercase (or it is a name after an Arabic particle: "al-Sharaa").
pub(crate) fn is_capitalised(w: &str) -> bool {
    let first = w.chars().next();
    if first.is_some_and(char::is_uppercase) {
        return true;
    }
    [
        "al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-", "bin-", "ibn-",
    ]
    .iter()
    .any(|p| {
        w.strip_prefix(p)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_uppercase)
    })
}

/// `w` without a possessive ending.
pub(crate) fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("’s")
        .or_else(|| w.strip_suffix("'s"))
        .or_else(|| w.strip_suffix('’'))
        .or_else(|| w.strip_suffix('\''))
        .unwrap_or(w)
}

/// Lowercase without a possessive ending and a trailing initialism dot.
pub(crate) fn key(w: &str) -> String {
    strip_possessive(w).trim_end_matches('.').to_lowercase()
}

/// A plural's singular, by the regular rules only ("officials" → "official",
/// "agencies" → "agency"); other words unchanged.
pub(crate) fn singular(w: &str) -> &str {
    if w.len() > 4 && w.ends_with("ies") {
        // Caller compares against lexicon forms that include both; keep it cheap.
        return w;
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        return &w[..w.len() - 1];
    }
    w
}

pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "your", "another", "every", "each", "any", "no",
];

pub(crate) fn is_determiner(w: &str) -> bool {
    DETERMINERS.contains(&w)
}

/// Words that sit between a subject and its verb: auxiliaries, adverbs of time and manner.
pub(crate) const BETWEEN_SUBJECT_AND_VERB: &[&str] = &[
    "also",
    "all",
    "both",
    "has",
    "have",
    "had",
    "did",
    "does",
    "do",
    "later",
    "earlier",
    "previously",
    "repeatedly",
    "publicly",
    "privately",
    "separately",
    "recently",
    "already",
    "then",
    "further",
    "again",
    "first",
    "initially",
    "officially",
    "directly",
    "quickly",
    "once",
    "now",
    "still",
    "just",
    "today",
    "yesterday",
    "tonight",
    "long",
    "reportedly",
    "apparently",
    "allegedly",
    "subsequently",
    "immediately",
    "formally",
    "explicitly",
    "openly",
    "flatly",
    "firmly",
    "strongly",
    "clearly",
    "simply",
    "finally",
    "ultimately",
    "meanwhile",
    "however",
    "similarly",
    "likewise",
    "too",
    "even",
    "only",
    "herself",
    "himself",
    "itself",
    "themselves",
    "late",
    "early",
    "on",
    "in",
    "last",
    "this",
    "earlier",
    "always",
    "often",
    "frequently",
    "consistently",
    "insistently",
];

/// Words that open a subordinate clause: the subject of a reporting verb starts after them.
pub(crate) const SUBORDINATORS: &[&str] = &[
    "that", "after", "before", "when", "while", "as", "because", "since", "although", "though",
    "if", "until", "whether", "where", "whereas", "once", "unless", "so", "but", "and", "or",
    "yet", "even", "what", "which", "whom", "how", "why",
];

/// Words that open a relative or participial clause set off by commas ("The official, who
/// spoke on condition of anonymity, said").
pub(crate) const CLAUSE_OPENERS: &[&str] = &[
    "who",
    "which",
    "whose",
    "whom",
    "speaking",
    "writing",
    "citing",
    "according",
    "adding",
    "noting",
    "while",
    "although",
    "though",
    "as",
    "in",
    "on",
    "at",
    "after",
    "before",
    "during",
    "following",
    "because",
    "if",
    "when",
    "despite",
    "amid",
    "like",
    "unlike",
    "with",
    "without",
    "for",
    "by",
    "from",
    "through",
    "under",
    "since",
    "until",
    "where",
    "responding",
    "asked",
    "told",
    "quoted",
    "referring",
    "echoing",
    "meanwhile",
    "however",
    "separately",
    "also",
    "too",
    "not",
    "once",
    "now",
    "then",
    "still",
];

pub(crate) const PREPOSITIONS: &[&str] = &[
    "with", "in", "on", "at", "for", "from", "by", "of", "to", "under", "over", "through", "after",
    "into", "without", "during", "despite", "amid", "against", "toward", "towards", "about",
    "between", "among", "across", "around", "behind", "beyond", "near", "upon", "within", "like",
    "unlike", "than", "via",
];

pub(crate) fn is_preposition(w: &str) -> bool {
    PREPOSITIONS.contains(&w)
}

/// True when `c` ends a clause inside a sentence.
pub(crate) fn is_clause_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '(' | ')' | '—' | '–' | '“' | '”' | '"' | '«' | '»' | '[' | ']' | '\n'
    )
}

/// `text` without leading and trailing whitespace and clause punctuation, as a sub-range.
pub(crate) fn trim_range(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let junk = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '—' | '–');
    while s < e {
        match text[s..e].chars().next() {
            Some(c) if junk(c) => s += c.len_utf8(),
            _ => break,
        }
    }
    while e > s {
        match text[s..e].chars().next_back() {
            // Keep the period of "U.S.".
            Some('.') if ends_with_initialism(&text[s..e]) => break,
            Some(c) if junk(c) => e -= c.len_utf8(),
            _ => break,
        }
    }
    (s, e)
}

fn ends_with_initialism(t: &str) -> bool {
    let last = t.rsplit(char::is_whitespace).next().unwrap_or("");
    is_initialism(last.trim_end_matches('.'))
}

/// The index of the first word starting at or after byte `pos`.
pub(crate) fn word_at_or_after(words: &[Word], pos: usize) -> usize {
    words.partition_point(|w| w.start < pos)
}

/// The index one past the last word ending at or before byte `pos`.
pub(crate) fn words_before(words: &[Word], pos: usize) -> usize {
    words.partition_point(|w| w.end <= pos)
}

/// Whether the text between two byte offsets is only whitespace.
pub(crate) fn only_space(text: &str, a: usize, b: usize) -> bool {
    a >= b || text.get(a..b).is_some_and(|t| t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(t: &str) -> Vec<&str> {
        words(t).iter().map(|w| w.of(t)).collect()
    }

    #[test]
    fn words_keep_names_numbers_and_initialisms_whole() {
        assert_eq!(
            ws("Syria’s al-Sharaa met U.S. envoys; 1,200 people, 3.5% and $4."),
            [
                "Syria’s",
                "al-Sharaa",
                "met",
                "U.S.",
                "envoys",
                "1,200",
                "people",
                "3.5",
                "and",
                "4"
            ]
        );
        assert_eq!(ws("officials, who said"), ["officials", "who", "said"]);
        assert_eq!(ws("Paris,France"), ["Paris", "France"]);
        assert_eq!(ws(""), Vec::<&str>::new());
    }

    #[test]
    fn trimming_keeps_initialism_periods() {
        let t = " the U.S. State Department, ";
        let (s, e) = trim_range(t, 0, t.len());
        assert_eq!(&t[s..e], "the U.S. State Department");
        let t = "told the U.S.";
        let (s, e) = trim_range(t, 5, t.len());
        assert_eq!(&t[s..e], "the U.S.");
    }
}
