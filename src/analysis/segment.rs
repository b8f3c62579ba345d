//! Sentence segmentation for news prose. Survives abbreviations ("Mr.", "Dec. 8", "Fla."),
//! dotted initialisms ("U.S.", "U.N.", "a.m."), initials, decimals, closing quotes and
//! brackets. Cuts a run-on "sentence" longer than [`MAX_SENTENCE_BYTES`] (a paragraph with no
//! full stop, a list of thousands of commas) into pieces at clause or word boundaries, so every
//! pass over one sentence stays cheap. Returns byte ranges; never allocates the sentences
//! themselves.

use crate::model::Span;

/// Abbreviations that end with a period but rarely end a sentence.
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Lt", "Col", "Sgt", "Capt", "Cmdr", "Adm", "Maj",
    "Gov", "Sen", "Rep", "Pres", "Amb", "Rev", "Hon", "St", "Jr", "Sr", "Inc", "Corp", "Co", "Ltd",
    "Bros", "No", "Nos", "vs", "etc", "approx", "Dept", "est", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur",
    "Thurs", "Fri", "Sat", "Sun", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla",
    "Ga", "Ill", "Ind", "Kan", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont",
    "Neb", "Nev", "Okla", "Ore", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
    "Mt", "Ft", "Fig", "al", "cf", "e.g", "i.e", "ca",
];

/// Words that, after an initialism such as "U.S.", show a new sentence has begun.
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "In",
    "On",
    "But",
    "And",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Its",
    "Their",
    "There",
    "What",
    "When",
    "Where",
    "Who",
    "Why",
    "How",
    "After",
    "Before",
    "As",
    "At",
    "For",
    "If",
    "Officials",
    "Meanwhile",
];

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}' | '」' | '』' | '）' | '】' | '〉' | '》'
    )
}

/// The full stops of Chinese and Japanese text (ideographic and full-width): they end a
/// sentence with no space after, since those scripts put none between sentences.
fn is_wide_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

fn is_opener(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '\'' | '“' | '‘' | '«' | '(' | '[' | '-' | '•' | '—' | '–'
        )
        || (c.is_alphabetic() && !c.is_lowercase())
}

/// The word ending just before byte `dot` in `text` (letters, digits and inner dots).
fn word_before(text: &str, dot: usize) -> &str {
    let head = &text[..dot];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    &head[start..]
}

fn is_initialism(w: &str) -> bool {
    // "U.S", "U.N", "D.C", "C.I.A", "a.m": single letters joined by dots.
    let parts: Vec<&str> = w.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

fn next_word(text: &str, from: usize) -> &str {
    let rest = &text[from..];
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Decide whether a period at byte `dot` ends a sentence, given the next word starts at `next`.
fn period_ends_sentence(text: &str, dot: usize, next: usize) -> bool {
    let w = word_before(text, dot);
    let w_trim = w.trim_start_matches(['-']);
    if ABBREVIATIONS.contains(&w_trim) {
        return false;
    }
    let is_single_initial = w_trim.chars().count() == 1 && w_trim.chars().all(char::is_uppercase);
    if is_single_initial {
        return false;
    }
    if is_initialism(w_trim) {
        return STARTERS.contains(&next_word(text, next));
    }
    true
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…') || is_wide_terminal(c) || is_other_terminal(c)
}

/// The full stops of Hindi and other Indic scripts (danda ।, double danda ॥) and the Arabic
/// question mark and Urdu full stop (؟ ۔): followed by a space, like '!' and '?'.
fn is_other_terminal(c: char) -> bool {
    matches!(c, '।' | '॥' | '؟' | '۔')
}

/// The character starting at byte `i` of `text`, if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// The byte offset of the next terminal punctuation mark at or after byte `from`.
fn next_terminal(text: &str, mut from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // The high bit of each byte of `x` that is zero, at least at the lowest such byte.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let b = text.as_bytes();
    // '…' is E2 80 A6 in UTF-8; '。' E3 80 82; '！' EF BC 81, '？' EF BC 9F, '｡' EF BD A1;
    // the others are ASCII, never part of a longer character.
    let is_mark = |i: usize| {
        matches!(b[i], b'.' | b'!' | b'?')
            || b[i] == 0xE2 && b.get(i + 1..i + 3) == Some(&[0x80, 0xA6])
            || b[i] == 0xE3 && b.get(i + 1..i + 3) == Some(&[0x80, 0x82])
            || b[i] == 0xEF
                && matches!(
                    b.get(i + 1..i + 3),
                    Some([0xBC, 0x81] | [0xBC, 0x9F] | [0xBD, 0xA1])
                )
            // '।' E0 A5 A4, '॥' E0 A5 A5, '؟' D8 9F, '۔' DB 94.
            || b[i] == 0xE0 && matches!(b.get(i + 1..i + 3), Some([0xA5, 0xA4 | 0xA5]))
            || b[i] == 0xD8 && b.get(i + 1) == Some(&0x9F)
            || b[i] == 0xDB && b.get(i + 1) == Some(&0x94)
    };
    while let Some(chunk) = b.get(from..from + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let found = zero(x ^ (ONES * u64::from(b'.')))
            | zero(x ^ (ONES * u64::from(b'!')))
            | zero(x ^ (ONES * u64::from(b'?')))
            | zero(x ^ (ONES * 0xE2))
            | zero(x ^ (ONES * 0xE3))
            | zero(x ^ (ONES * 0xEF))
            | zero(x ^ (ONES * 0xE0))
            | zero(x ^ (ONES * 0xD8))
            | zero(x ^ (ONES * 0xDB));
        if found == 0 {
            from += 8;
            continue;
        }
        let i = from + (found.trailing_zeros() / 8) as usize;
        if is_mark(i) {
            return Some(i);
        }
        from = i + 1;
    }
    (from..b.len()).find(|&i| is_mark(i))
}

/// The longest sentence kept whole, in bytes (about 170 words of news prose; the longest real
/// sentences in news run to 100). Longer runs are cut: the analyses that compare a sentence's
/// words and clauses with each other would otherwise grow with its square.
pub const MAX_SENTENCE_BYTES: usize = 1000;

/// Sentence byte ranges in `text`, trimmed, in order, covering every non-blank character; none
/// longer than [`MAX_SENTENCE_BYTES`].
pub fn sentences(text: &str) -> Vec<Span> {
    let whole = whole_sentences(text);
    if whole.iter().all(|s| s.len() <= MAX_SENTENCE_BYTES) {
        return whole;
    }
    let mut out = Vec::with_capacity(whole.len());
    for s in whole {
        cut_long(text, s, &mut out);
    }
    out
}

/// Cut sentence `s` of `text` into trimmed pieces of at most [`MAX_SENTENCE_BYTES`]: after the
/// last clause mark (`,` `;` `:` a dash) in the second half of the allowance, else at the last
/// space, else (one endless word) at a character boundary.
fn cut_long(text: &str, s: Span, out: &mut Vec<Span>) {
    let mut start = s.start;
    while s.end - start > MAX_SENTENCE_BYTES {
        let mut limit = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &text[start..limit];
        let half = window.len() / 2;
        let after_mark = window
            .char_indices()
            .rev()
            .take_while(|&(i, _)| i >= half)
            .find(|&(_, c)| matches!(c, ',' | ';' | ':' | '—' | '–'))
            .map(|(i, c)| i + c.len_utf8());
        let at_space = || {
            window
                .char_indices()
                .rev()
                .take_while(|&(i, _)| i > 0)
                .find(|&(_, c)| c.is_whitespace())
                .map(|(i, _)| i)
        };
        let cut = start + after_mark.or_else(at_space).unwrap_or(window.len());
        push_trimmed(text, start, cut, out);
        start = cut;
    }
    push_trimmed(text, start, s.end, out);
}

/// Sentence byte ranges in `text`, however long.
fn whole_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut from = 0;
    while let Some(pos) = next_terminal(text, from) {
        let Some(c) = char_at(text, pos) else { break };
        // Run of terminal punctuation, then closers.
        let mut j = pos + c.len_utf8();
        while let Some(d) = char_at(text, j).filter(|&d| is_terminal(d)) {
            j += d.len_utf8();
        }
        let closers_from = j;
        while let Some(d) = char_at(text, j).filter(|&d| is_closer(d)) {
            j += d.len_utf8();
        }
        let quoted = j > closers_from;
        let end = j;
        let mut k = j;
        while let Some(d) = char_at(text, k).filter(|d| d.is_whitespace()) {
            k += d.len_utf8();
        }
        let boundary = match char_at(text, k) {
            None => true,
            // 「本当か？」と記者は聞いた。: a quote the sentence goes on from (と, って).
            Some(next) if is_wide_terminal(c) => !(quoted && is_hiragana(next)),
            Some(_) if k == j => false, // no space after: "U.S.-mediated", "3.5", "example.com"
            Some(next) => is_opener(next) && (c != '.' || period_ends_sentence(text, pos, k)),
        };
        if boundary {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
        from = j;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if !t.is_empty() {
        out.push(Span::new(start + lead, start + lead + t.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.of(text)).collect()
    }

    /// `sentences` as first written, over a vector of characters.
    fn reference(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0usize;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            if !matches!(
                c,
                '.' | '!' | '?' | '…' | '。' | '！' | '？' | '｡' | '।' | '॥' | '؟' | '۔'
            ) {
                i += 1;
                continue;
            }
            // Run of terminal punctuation, then closers.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '…' | '。' | '！' | '？' | '｡' | '।' | '॥' | '؟' | '۔'
                )
            {
                j += 1;
            }
            let closers_from = j;
            while j < chars.len() && is_closer(chars[j].1) {
                j += 1;
            }
            let end = chars.get(j).map(|&(p, _)| p).unwrap_or(text.len());
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let boundary = if k == chars.len() {
                true
            } else if matches!(c, '。' | '！' | '？' | '｡') {
                !(j > closers_from && ('\u{3041}'..='\u{309F}').contains(&chars[k].1))
            } else if k == j {
                false // no space after: "U.S.-mediated", "3.5", "example.com"
            } else {
                let next = chars[k].0;
                is_opener(chars[k].1) && (c != '.' || period_ends_sentence(text, pos, next))
            };
            if boundary {
                push_trimmed(text, start, end, &mut out);
                start = end;
            }
            i = j.max(i + 1);
        }
        push_trimmed(text, start, text.len(), &mut out);
        out
    }

    #[test]
    fn same_sentences_as_the_character_vector_version() {
        const BITS: &[&str] = &[
            "The",
            "U.S.",
            "Mr.",
            "Dec.",
            "8",
            "3.5",
            ".",
            "!",
            "?",
            "…",
            "...",
            "?!",
            "”",
            "’",
            ")",
            "\"",
            " ",
            "  ",
            "\n",
            "\u{a0}",
            "he",
            "It",
            "“",
            "(",
            "-",
            "—",
            "a.m.",
            "e.g.",
            "J.",
            "Šarā",
            "会谈。",
            "他说！",
            "吗？」",
            "と述べた。",
            "कहा। ",
            "यह",
            "هل؟ ",
            "قال",
            "｡",
            "」",
            "example.com",
            "U.S.-mediated",
            "Officials",
            "x",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut s = String::new();
            let mut y = x;
            for _ in 0..(x % 30) {
                y = y
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(BITS[(y >> 33) as usize % BITS.len()]);
            }
            assert_eq!(sentences(&s), reference(&s), "{s:?}");
        }
    }

    #[test]
    fn chinese_and_japanese_full_stops_end_sentences_without_a_space() {
        assert_eq!(
            split("叙利亚和以色列官员将在巴黎恢复会谈。一名叙利亚官员周一表示！会谈会成功吗？"),
            [
                "叙利亚和以色列官员将在巴黎恢复会谈。",
                "一名叙利亚官员周一表示！",
                "会谈会成功吗？"
            ]
        );
        assert_eq!(
            split("「交渉は続く」と述べた。「本当か？」と記者は聞いた。"),
            ["「交渉は続く」と述べた。", "「本当か？」と記者は聞いた。"]
        );
    }

    #[test]
    fn hindi_and_arabic_full_stops_end_sentences() {
        assert_eq!(
            split("अधिकारियों ने बातचीत शुरू की। दोनों पक्ष उम्मीद कर रहे हैं।"),
            ["अधिकारियों ने बातचीत शुरू की।", "दोनों पक्ष उम्मीद कर रहे हैं।"]
        );
        assert_eq!(
            split("هل تنجح المحادثات؟ لا أحد يعرف."),
            ["هل تنجح المحادثات؟", "لا أحد يعرف."]
        );
    }

    #[test]
    fn abbreviations_dates_and_initialisms_do_not_split() {
        let t = "Syrian and Israeli officials are set to resume U.S.-mediated talks, a Syrian official said Monday. The withdrawal to the lines prior to Dec. 8, 2024, was sought by Mr. Kim and the U.S. State Department.";
        assert_eq!(split(t).len(), 2);
    }

    #[test]
    fn initialism_before_a_sentence_starter_splits() {
        let t = "The envoy flew to the U.S. The talks resumed on Tuesday.";
        assert_eq!(
            split(t),
            [
                "The envoy flew to the U.S.",
                "The talks resumed on Tuesday."
            ]
        );
    }

    #[test]
    fn quotes_close_the_sentence_they_end() {
        let t = "“Both countries expressed a desire,” the official said. He added: “It went well.” Then he left.";
        assert_eq!(
            split(t),
            [
                "“Both countries expressed a desire,” the official said.",
                "He added: “It went well.”",
                "Then he left."
            ]
        );
    }

    #[test]
    fn decimals_initials_and_lowercase_continuations() {
        let t = "Growth was 3.5 percent, said J. Smith of Acme Inc. in a note. Prices rose e.g. in food.";
        assert_eq!(split(t).len(), 2);
    }

    #[test]
    fn spans_cover_all_text_and_questions_split() {
        let t = "  Is it over? No! It is not…  ";
        let s = split(t);
        assert_eq!(s, ["Is it over?", "No!", "It is not…"]);
    }

    #[test]
    fn multibyte_text_is_safe() {
        let t = "Shaibāni met al-Šarā. 会谈在巴黎举行。 Next sentence.";
        assert_eq!(
            split(t),
            [
                "Shaibāni met al-Šarā.",
                "会谈在巴黎举行。",
                "Next sentence."
            ]
        );
    }

    #[test]
    fn run_on_sentences_are_cut_at_commas_or_spaces_under_the_cap() {
        let commas = "a, ".repeat(20_000);
        let pieces = sentences(&commas);
        assert!(pieces.len() >= commas.len() / MAX_SENTENCE_BYTES);
        for p in &pieces {
            assert!(p.len() <= MAX_SENTENCE_BYTES, "{}", p.len());
            assert!(p.of(&commas).ends_with(','), "cut after a comma");
        }
        // Every non-blank byte is in a piece, in order.
        let kept: usize = pieces
            .iter()
            .map(|p| p.of(&commas).replace(' ', "").len())
            .sum();
        assert_eq!(kept, commas.replace(' ', "").len());

        let words = "the envoys met again in Damascus ".repeat(5_000);
        let pieces = sentences(&words);
        for p in &pieces {
            let t = p.of(&words);
            assert!(p.len() <= MAX_SENTENCE_BYTES && !t.contains("  "));
            let vocabulary = ["the", "envoys", "met", "again", "in", "Damascus"];
            assert!(
                t.split(' ').all(|w| vocabulary.contains(&w)),
                "cut inside a word: {t}"
            );
        }

        let endless = "é".repeat(3_000);
        let pieces = sentences(&endless);
        assert_eq!(pieces.len(), 6);
        assert!(pieces.iter().all(|p| p.len() <= MAX_SENTENCE_BYTES));
        assert_eq!(
            pieces.iter().map(|p| p.of(&endless)).collect::<String>(),
            endless
        );
    }

    #[test]
    fn sentences_under_the_cap_are_not_cut() {
        let t = format!("{}, he said. Next.", "word ".repeat(190).trim_end());
        assert_eq!(split(&t).len(), 2);
    }
}
