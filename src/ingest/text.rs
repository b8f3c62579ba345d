//! Plain text (`.txt`, text copied from a web page) into candidate blocks.
//!
//! Owns line splitting, paragraph grouping and list-item detection, with byte ranges into the
//! file's own text. It decides nothing about debris, headlines or outlets (that is `clean`).

use super::{Block, Extracted};
use crate::model::{PassageKind, Span};

/// Characters that only pad a line: ASCII whitespace plus no-break and zero-width spaces.
pub(crate) fn is_pad(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// A line of the source: byte range without its line terminator.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push(Line { start, end });
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(Line {
            start,
            end: text.len(),
        });
    }
    out
}

/// Trim padding off both ends of `span` in `text`.
pub(crate) fn trim_span(text: &str, span: Span) -> Span {
    let s = span.of(text);
    let lead = s.len() - s.trim_start_matches(is_pad).len();
    let trimmed = s.trim_matches(is_pad);
    Span::new(span.start + lead, span.start + lead + trimmed.len())
}

/// The list marker at the start of `s` ("- ", "• ", "1. "), as a byte length, if any.
fn bullet_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let (_, c) = chars.next()?;
    if matches!(c, '-' | '*' | '•' | '·' | '–' | '▪' | '►' | '◦' | '‣') {
        let after = c.len_utf8();
        let rest = &s[after..];
        if rest.starts_with(|ch: char| is_pad(ch)) {
            return Some(after + (rest.len() - rest.trim_start_matches(is_pad).len()));
        }
        return None;
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &s[digits..];
        if (rest.starts_with(". ") || rest.starts_with(") ")) && rest.len() > 2 {
            return Some(digits + 2);
        }
    }
    None
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(is_pad)
        .ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '»', '…', ')'])
}

/// True when a group of lines looks hard-wrapped: several lines of similar, prose-like width.
fn hard_wrapped(text: &str, group: &[Line]) -> bool {
    if group.len() < 3 {
        return false;
    }
    let widths: Vec<usize> = group[..group.len() - 1]
        .iter()
        .map(|l| text[l.start..l.end].chars().count())
        .collect();
    let max = widths.iter().copied().max().unwrap_or(0);
    let min = widths.iter().copied().min().unwrap_or(0);
    (40..=100).contains(&max) && min * 10 >= max * 6
}

/// Split plain text into blocks: blank lines separate paragraphs; inside a group of lines, each
/// line is its own block unless the text is hard-wrapped or the next line continues a sentence.
pub(crate) fn extract(source: &str) -> Extracted {
    let text = source.to_string();
    let mut blocks = Vec::new();
    let mut group: Vec<Line> = Vec::new();
    for line in lines(&text)
        .into_iter()
        .chain(std::iter::once(Line { start: 0, end: 0 }))
    {
        let blank = text[line.start..line.end].chars().all(is_pad);
        if !blank {
            group.push(line);
            continue;
        }
        if !group.is_empty() {
            split_group(&text, &group, &mut blocks);
            group.clear();
        }
    }
    Extracted {
        text,
        blocks,
        offsets_are_file_bytes: true,
        ..Default::default()
    }
}

fn split_group(text: &str, group: &[Line], out: &mut Vec<Block>) {
    let wrapped = hard_wrapped(text, group);
    let mut cur: Option<(Span, PassageKind)> = None;
    for line in group {
        let raw = trim_span(text, Span::new(line.start, line.end));
        let s = raw.of(text);
        let bullet = bullet_len(s);
        let continues = match (&cur, bullet) {
            (Some(_), Some(_)) => false,
            (Some((span, _)), None) => {
                let prev = span.of(text);
                let next_lower = s.chars().next().is_some_and(|c| c.is_lowercase());
                (wrapped && !ends_sentence(prev)) || (next_lower && !ends_sentence(prev))
            }
            (None, _) => false,
        };
        if continues {
            if let Some((span, _)) = cur.as_mut() {
                span.end = raw.end;
            }
            continue;
        }
        if let Some((span, kind)) = cur.take() {
            out.push(Block {
                span,
                kind,
                debris: None,
            });
        }
        cur = Some(match bullet {
            Some(n) => (Span::new(raw.start + n, raw.end), PassageKind::ListItem),
            None => (raw, PassageKind::Paragraph),
        });
    }
    if let Some((span, kind)) = cur {
        out.push(Block {
            span,
            kind,
            debris: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<(String, PassageKind)> {
        let e = extract(src);
        e.blocks
            .iter()
            .map(|b| (b.span.of(&e.text).to_string(), b.kind))
            .collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_spans_are_file_bytes() {
        let src = "Title line\n\nFirst para.\r\n\r\n\u{a0}Second para.\u{a0}\n";
        let e = extract(src);
        let t: Vec<&str> = e.blocks.iter().map(|b| b.span.of(src)).collect();
        assert_eq!(t, ["Title line", "First para.", "Second para."]);
        assert!(e.offsets_are_file_bytes);
    }

    #[test]
    fn single_newline_lines_are_separate_blocks() {
        let t = texts("Headline here\nFirst sentence is a paragraph.\nSecond one too.\n");
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn lowercase_continuation_joins_hard_wrap() {
        let t = texts("Sign up for daily updates for the most important\nstories unfolding.");
        assert_eq!(t.len(), 1);
        assert!(t[0].0.starts_with("Sign up") && t[0].0.ends_with("unfolding."));
    }

    #[test]
    fn hard_wrapped_group_joins_even_before_capitals() {
        let src = "The talks between the delegations were held in Paris with\n\
                   United States mediation and went on for two whole days of\n\
                   meetings that the officials described as positive.\n";
        assert_eq!(texts(src).len(), 1);
    }

    #[test]
    fn bullets_become_list_items_without_marker() {
        let t = texts("Key points:\n- One thing.\n- Another thing.\n  • Market Data\n");
        assert_eq!(t[1], ("One thing.".to_string(), PassageKind::ListItem));
        assert_eq!(t[3], ("Market Data".to_string(), PassageKind::ListItem));
    }

    #[test]
    fn hyphenated_word_is_not_a_bullet() {
        assert_eq!(bullet_len("-5 degrees"), None);
        assert_eq!(bullet_len("1. First"), Some(3));
        assert_eq!(bullet_len("2024 was"), None);
    }
}
