//! Wrapping an article into screen lines that remember where they came from: each line knows
//! its passage and its byte range in the article text, so "jump to passage N" is an exact
//! scroll offset and highlights land on the right characters. Also makes text safe to show:
//! control characters and escape sequences are replaced by visible stand-ins of the same byte
//! length (so byte ranges stay valid), never written to the terminal as they are.

use std::borrow::Cow;

use crate::model::{Article, PassageKind};

/// One screen line of the article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The passage this line shows, or `None` for the blank line between passages.
    pub passage: Option<usize>,
    /// Byte range inside the passage text.
    pub local: std::ops::Range<usize>,
    /// Byte offset of the passage in the article text (add to `local` for article offsets).
    pub base: usize,
    pub heading: bool,
}

impl Line {
    /// Byte range in the article text.
    pub fn global(&self) -> std::ops::Range<usize> {
        self.base + self.local.start..self.base + self.local.end
    }
}

/// Cut `s` to `width` columns, with an ellipsis when cut.
pub fn fit(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width {
            if width > 0 {
                while w + 1 > width {
                    match out.pop() {
                        Some(p) => w -= p.width().unwrap_or(0),
                        None => break,
                    }
                }
                out.push('…');
            }
            return out;
        }
        out.push(c);
        w += cw;
    }
    out
}

/// `s` with every character that could drive the terminal replaced by a visible stand-in of
/// the same UTF-8 length (see [`crate::sanitise::same_length`], the one place that decides).
pub use crate::sanitise::same_length as display_safe;

/// Wrap `text` to `width` columns; byte ranges of the lines in `text`.
pub fn wrap_ranges(text: &str, width: usize) -> Vec<std::ops::Range<usize>> {
    let safe = display_safe(text);
    let width = width.max(1);
    let opts = textwrap::Options::new(width).break_words(true);
    let mut out = Vec::new();
    let mut from = 0usize;
    for piece in textwrap::wrap(&safe, opts) {
        let start = match piece {
            Cow::Borrowed(b) => (b.as_ptr() as usize).saturating_sub(safe.as_ptr() as usize),
            Cow::Owned(ref o) => safe[from..]
                .find(o.as_str())
                .map(|i| from + i)
                .unwrap_or(from),
        };
        let end = (start + piece.len()).min(text.len());
        if start > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push(start..end);
        from = end;
    }
    if out.is_empty() {
        out.push(0..0);
    }
    out
}

/// The body of `article` as screen lines `width` columns wide, a blank line between passages.
pub fn wrap_article(article: &Article, width: u16) -> Vec<Line> {
    let mut lines = Vec::new();
    for (i, p) in article.passages.iter().enumerate() {
        if i > 0 {
            lines.push(Line {
                passage: None,
                local: 0..0,
                base: p.span.start,
                heading: false,
            });
        }
        let heading = p.kind == PassageKind::Heading;
        let indent = if p.kind == PassageKind::ListItem {
            2
        } else {
            0
        };
        for r in wrap_ranges(&p.text, usize::from(width).saturating_sub(indent)) {
            lines.push(Line {
                passage: Some(i),
                local: r,
                base: p.span.start,
                heading,
            });
        }
    }
    lines
}

/// The first line of passage `passage` in `lines`.
pub fn first_line_of(lines: &[Line], passage: usize) -> Option<usize> {
    lines.iter().position(|l| l.passage == Some(passage))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Passage, Span};
    use unicode_width::UnicodeWidthStr;

    fn article(texts: &[&str]) -> Article {
        let mut at = 0;
        let passages = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let span = Span::new(at, at + t.len());
                at += t.len() + 2;
                Passage {
                    index: i as u32,
                    kind: PassageKind::Paragraph,
                    span,
                    text: t.to_string(),
                    sentences: vec![],
                }
            })
            .collect();
        Article {
            id: "x".into(),
            file: "x.txt".into(),
            format: Format::Text,
            outlet: None,
            outlet_evidence: None,
            title: None,
            published: None,
            byline: None,
            dateline: None,
            url: None,
            passages,
            dropped: vec![],
            offsets_are_file_bytes: true,
            warnings: vec![],
            mentions: vec![],
            fingerprint: Default::default(),
        }
    }

    #[test]
    fn lines_cover_the_text_and_fit_the_width() {
        let t = "Syrian and Israeli officials are set to resume U.S.-mediated talks in Paris in hopes of reaching a security agreement.";
        let rs = wrap_ranges(t, 30);
        assert!(rs.len() >= 4);
        for r in &rs {
            assert!(t[r.clone()].width() <= 30, "{:?}", &t[r.clone()]);
        }
        let joined: Vec<&str> = rs.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(joined.join(" "), t);
    }

    #[test]
    fn wide_characters_count_double() {
        let t = "会谈在巴黎举行会谈在巴黎举行 and 🇸🇾 flags and café";
        for r in wrap_ranges(t, 10) {
            assert!(t[r].width() <= 10);
        }
    }

    #[test]
    fn passages_are_separated_and_map_to_article_offsets() {
        let a = article(&[
            "First passage here.",
            "Second passage is a little longer than the first one.",
        ]);
        let lines = wrap_article(&a, 20);
        let blank = lines.iter().position(|l| l.passage.is_none()).unwrap();
        assert_eq!(lines[blank + 1].passage, Some(1));
        assert_eq!(first_line_of(&lines, 1), Some(blank + 1));
        let l = &lines[blank + 1];
        assert_eq!(l.global().start, a.passages[1].span.start);
    }
}
