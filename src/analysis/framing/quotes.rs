//! Quotation marks: which stretches of a passage are quoted. Curly and guillemet marks say
//! which way they face; straight marks are read from their neighbours and, when that does not
//! tell, from whether a quotation is open. Single quotes count only when they cannot be
//! apostrophes and only outside double quotes. A quotation left open runs to the passage end;
//! one closed without an opening runs from the passage start. Byte ranges only.

/// One quoted stretch of a passage: the quoted words, without their marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quoted {
    /// Byte range of the quoted words in the passage text.
    pub start: usize,
    pub end: usize,
    /// The passage has the opening mark (else the quotation began in an earlier passage).
    pub opened: bool,
    /// The passage has the closing mark (else it runs on to the next passage).
    pub closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Double,
    Single,
}

fn is_open_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '“' | '‘')
        }
    }
}

fn is_close_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || (c.is_ascii_punctuation() && c != '\'')
                || matches!(c, '—' | '–' | '”' | '’' | '…')
        }
    }
}

/// The quoted stretches of `text` (a passage), in order.
pub(crate) fn quoted(text: &str) -> Vec<Quoted> {
    if !text.contains(['"', '“', '”', '«', '»', '„', '\'', '‘', '’']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    // (inner start, mark, opened)
    let mut open: Option<(usize, Mark)> = None;
    let mut prev: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        let after = i + c.len_utf8();
        match c {
            '“' | '«' | '„' => {
                if let Some((s, Mark::Double)) = open {
                    // A new quotation opens before the last one closed.
                    out.push(Quoted {
                        start: s,
                        end: i,
                        opened: true,
                        closed: false,
                    });
                }
                open = Some((after, Mark::Double));
            }
            '”' | '»' => match open {
                Some((s, Mark::Double)) => {
                    out.push(Quoted {
                        start: s,
                        end: i,
                        opened: true,
                        closed: true,
                    });
                    open = None;
                }
                Some((_, Mark::Single)) => {
                    open = None;
                }
                // Closed without an opening: the quotation began before this passage.
                None if out.is_empty() => {
                    out.push(Quoted {
                        start: 0,
                        end: i,
                        opened: false,
                        closed: true,
                    });
                }
                None => {}
            },
            '"' => {
                let opens = is_open_context(prev) && !next.is_none_or(char::is_whitespace);
                let closes = is_close_context(next) && !prev.is_none_or(char::is_whitespace);
                match open {
                    Some((s, Mark::Double)) if closes || !opens => {
                        out.push(Quoted {
                            start: s,
                            end: i,
                            opened: true,
                            closed: true,
                        });
                        open = None;
                    }
                    Some((s, Mark::Double)) => {
                        out.push(Quoted {
                            start: s,
                            end: i,
                            opened: true,
                            closed: false,
                        });
                        open = Some((after, Mark::Double));
                    }
                    Some((_, Mark::Single)) | None if opens || !closes => {
                        open = Some((after, Mark::Double));
                    }
                    _ => {
                        if out.is_empty() {
                            out.push(Quoted {
                                start: 0,
                                end: i,
                                opened: false,
                                closed: true,
                            });
                        }
                    }
                }
            }
            // ‘ only opens, ’ only closes, ' does either.
            '‘' | '\'' | '’' => {
                let opens =
                    c != '’' && is_open_context(prev) && next.is_some_and(char::is_alphanumeric);
                if open.is_none() && opens {
                    open = Some((after, Mark::Single));
                } else if c != '‘'
                    && let Some((s, Mark::Single)) = open
                    && is_close_context(next)
                    && prev.is_some_and(|p| !p.is_whitespace())
                {
                    out.push(Quoted {
                        start: s,
                        end: i,
                        opened: true,
                        closed: true,
                    });
                    open = None;
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
    if let Some((s, Mark::Double)) = open {
        out.push(Quoted {
            start: s,
            end: text.len(),
            opened: true,
            closed: false,
        });
    }
    out.retain(|q| q.start < q.end && !text[q.start..q.end].trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<(&str, bool, bool)> {
        quoted(t)
            .iter()
            .map(|q| (&t[q.start..q.end], q.opened, q.closed))
            .collect()
    }

    #[test]
    fn curly_straight_and_single_quotes() {
        assert_eq!(
            texts("“During the talks, Israel emphasized it,” the statement said."),
            [("During the talks, Israel emphasized it,", true, true)]
        );
        assert_eq!(
            texts(r#"An Israeli official told Axios that "the talks were positive"."#),
            [("the talks were positive", true, true)]
        );
        assert_eq!(
            texts("officials hold 'positive' talks over Syria's security"),
            [("positive", true, true)]
        );
        assert_eq!(
            texts("Israeli-Syrian officials’ ‘positive’ talks in the ’90s"),
            [("positive", true, true)]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(texts("Syria's leader and the countries' talks, don't").is_empty());
        assert!(texts("Syria’s leader and the countries’ talks, rock ’n’ roll").is_empty());
    }

    #[test]
    fn unbalanced_quotes_run_to_the_edge() {
        assert_eq!(
            texts("He said “we will not stop. Never."),
            [("we will not stop. Never.", true, false)]
        );
        assert_eq!(
            texts("and that is final,” he said."),
            [("and that is final,", false, true)]
        );
        assert_eq!(
            texts(r#"a "b" c "d"#),
            [("b", true, true), ("d", true, false)]
        );
        assert!(texts("“").is_empty());
        assert!(texts("").is_empty());
    }

    #[test]
    fn single_quotes_inside_double_quotes_stay_inside() {
        assert_eq!(
            texts(r#""The memos made clear the 'cloud' was real," they said."#),
            [("The memos made clear the 'cloud' was real,", true, true)]
        );
    }
}
