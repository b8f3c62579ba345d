//! Text from articles, file names and config files made safe to show on a terminal. This module
//! owns the one decision of which characters could drive a terminal (C0 controls, DEL, C1
//! controls, bidirectional overrides and isolates) and how each is shown instead: [`clean`]
//! for one piece of data in a line of human output, [`Clean`] as the writer every line of
//! human output (stdout and stderr) goes through so nothing can bypass it, [`Styled`] for a
//! line that carries the program's own escapes around cleaned data, and [`same_length`] for
//! the reader, whose byte ranges need a stand-in of the same length, and [`JsonFormatter`]
//! for JSON, which keeps every character exactly but writes the controls serde_json leaves raw
//! (C1, bidirectional) as `\u` escapes. It must not decide layout (the callers put their own
//! newlines) and never changes what JSON says.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether `c` is a bidirectional override or isolate (text that reorders what follows it).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` could drive a terminal or reorder text: a C0 or C1 control, DEL, or a
/// bidirectional control. Tab and newline count too; the writer lets the layout's own through.
pub fn is_hazard(c: char) -> bool {
    c.is_control() || is_bidi(c)
}

/// The visible form of a hazard `c` (`^[` for ESC, `^M` for CR, `^?` for DEL, `\u{9b}` for a
/// C1 control or a bidirectional control); `None` for any other character.
fn visible(c: char, out: &mut impl std::fmt::Write) -> Option<std::fmt::Result> {
    let n = c as u32;
    Some(match c {
        '\x00'..='\x1f' => out
            .write_char('^')
            .and_then(|()| out.write_char(char::from(b'@' + n as u8))),
        '\x7f' => out.write_str("^?"),
        c if is_hazard(c) => write!(out, "\\u{{{n:x}}}"),
        _ => return None,
    })
}

/// One piece of data (a title, a file name, a query) for a line of human output: every hazard
/// in visible form, and a line break or tab (from the data, never the layout) as one space; a
/// CR before a newline goes with it, a bare CR shows as `^M`. Borrowed when nothing changes.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hazard) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(' '),
            '\r' if chars.peek() == Some(&'\n') => {}
            c => {
                if visible(c, &mut out).is_none() {
                    out.push(c);
                }
            }
        }
    }
    Cow::Owned(out)
}

/// `s` with every hazard replaced by a visible stand-in of the same UTF-8 length, so byte
/// ranges into `s` stay valid (the reader paints highlights by range): C0 controls and DEL
/// become `^` (ESC [ 2 J shows as `^[2J`), tabs and line breaks become spaces, C1 controls
/// become `¿`, and bidirectional controls become `�`.
pub fn same_length(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hazard) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let r = match c {
            '\t' | '\n' | '\r' | '\x0b' | '\x0c' => ' ',
            c if (c as u32) < 0x20 || c == '\x7f' => '^',
            c if ('\u{80}'..='\u{9f}').contains(&c) => '¿',
            c if is_bidi(c) => '\u{FFFD}',
            c => c,
        };
        debug_assert_eq!(r.len_utf8(), c.len_utf8());
        out.push(r);
    }
    Cow::Owned(out)
}

/// A line made of cleaned data and the program's own escapes (the bold of a search hit on a
/// terminal): data can only go in through [`Styled::text`], which cleans it, and an escape
/// only as a `&'static str` written in this program. Written whole by [`Clean::styled`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Styled(String);

impl Styled {
    pub fn new() -> Styled {
        Styled::default()
    }

    /// Append data, cleaned.
    pub fn text(&mut self, data: &str) {
        self.0.push_str(&clean(data));
    }

    /// Append one of the program's own escapes.
    pub fn escape(&mut self, own: &'static str) {
        self.0.push_str(own);
    }

    /// Runs of whitespace as one space, none at the ends.
    pub fn squeeze(self) -> Styled {
        Styled(self.0.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A writer for human output: passes text through with every hazard in visible form, except
/// the newlines and tabs the layout writes. Bytes that are not UTF-8 show as `\x9b`. A UTF-8
/// sequence cut between two writes is held until the next write (or `flush`).
pub struct Clean<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence whose end has not been written yet.
    held: Vec<u8>,
}

impl<W: Write> Clean<W> {
    pub fn new(inner: W) -> Clean<W> {
        Clean {
            inner,
            held: Vec::new(),
        }
    }

    /// Write a [`Styled`] line as it is: its data was cleaned when it went in.
    pub fn styled(&mut self, s: &Styled) -> io::Result<()> {
        self.write_held()?;
        self.inner.write_all(s.0.as_bytes())
    }

    fn write_held(&mut self) -> io::Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        let held = std::mem::take(&mut self.held);
        self.write_bytes(&held, true)
    }

    /// Write `buf`, holding an unfinished UTF-8 sequence at its end unless `last`.
    fn write_bytes(&mut self, buf: &[u8], last: bool) -> io::Result<()> {
        let mut rest = buf;
        while !rest.is_empty() {
            let (valid, bad) = match std::str::from_utf8(rest) {
                Ok(s) => (s, None),
                Err(e) => {
                    // Checked by from_utf8: the bytes before valid_up_to are UTF-8.
                    let s = std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or_default();
                    (s, Some(e.error_len()))
                }
            };
            self.write_str(valid)?;
            rest = &rest[valid.len()..];
            match bad {
                None => break,
                Some(None) if !last => {
                    self.held.extend_from_slice(rest);
                    break;
                }
                Some(len) => {
                    let n = len.unwrap_or(rest.len()).min(rest.len());
                    for b in &rest[..n] {
                        write!(self.inner, "\\x{b:02x}")?;
                    }
                    rest = &rest[n..];
                }
            }
        }
        Ok(())
    }

    fn write_str(&mut self, s: &str) -> io::Result<()> {
        let mut from = 0;
        for (i, c) in s.char_indices() {
            if !is_hazard(c) || c == '\n' || c == '\t' {
                continue;
            }
            self.inner.write_all(&s.as_bytes()[from..i])?;
            let mut v = String::new();
            if visible(c, &mut v).is_some() {
                self.inner.write_all(v.as_bytes())?;
            }
            from = i + c.len_utf8();
        }
        self.inner.write_all(&s.as_bytes()[from..])
    }
}

impl<W: Write> Write for Clean<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.held.is_empty() {
            self.write_bytes(buf, false)?;
        } else {
            let mut joined = std::mem::take(&mut self.held);
            joined.extend_from_slice(buf);
            self.write_bytes(&joined, false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_held()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Clean<W> {
    fn drop(&mut self) {
        let _ = self.write_held();
    }
}

/// Pretty JSON whose strings hold exactly their characters, with the C1 controls and
/// bidirectional controls that serde_json writes raw (it escapes only C0) written as `\u009b`
/// escapes instead: the parsed value is the same, and the terminal never sees an 8-bit CSI.
#[derive(Default)]
pub struct JsonFormatter(serde_json::ser::PrettyFormatter<'static>);

impl JsonFormatter {
    pub fn new() -> JsonFormatter {
        JsonFormatter::default()
    }
}

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name<W: ?Sized + Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(w $(, $arg)*)
        }
    )*};
}

impl serde_json::ser::Formatter for JsonFormatter {
    delegate! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }

    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        let mut from = 0;
        for (i, c) in s.char_indices() {
            if is_hazard(c) {
                w.write_all(&s.as_bytes()[from..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                from = i + c.len_utf8();
            }
        }
        w.write_all(&s.as_bytes()[from..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through_writer(pieces: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = Clean::new(&mut out);
            for p in pieces {
                w.write_all(p).unwrap();
            }
            w.flush().unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn clean_shows_controls_in_caret_and_escape_form() {
        assert_eq!(clean("plain café"), Cow::Borrowed("plain café"));
        assert_eq!(clean("a\x1b[2Jb\x07"), "a^[[2Jb^G");
        assert_eq!(clean("\x1b]52;c;aGk=\x07"), "^[]52;c;aGk=^G");
        assert_eq!(clean("x\u{9b}31m y\u{85}"), "x\\u{9b}31m y\\u{85}");
        assert_eq!(clean("del\x7f nul\x00"), "del^? nul^@");
        assert_eq!(clean("evil\u{202E}txt"), "evil\\u{202e}txt");
    }

    #[test]
    fn clean_turns_data_line_breaks_into_spaces_and_shows_a_bare_cr() {
        assert_eq!(clean("one\ntwo\tthree\r\nfour"), "one two three four");
        assert_eq!(clean("overwrite\rme"), "overwrite^Mme");
        assert_eq!(clean("vt\x0bff\x0c"), "vt^Kff^L");
    }

    #[test]
    fn the_writer_keeps_layout_newlines_and_shows_everything_else() {
        let s = through_writer(&[b"row\t1\n", b"\x1b[2J\r\x7f\n"]);
        assert_eq!(s, "row\t1\n^[[2J^M^?\n");
    }

    #[test]
    fn the_writer_catches_a_c1_control_cut_between_writes_and_shows_bad_bytes() {
        // U+009B is C2 9B in UTF-8.
        assert_eq!(through_writer(&[b"a\xc2", b"\x9b1m"]), "a\\u{9b}1m");
        assert_eq!(through_writer(&[b"x\x9by"]), "x\\x9by");
        assert_eq!(through_writer(&[b"cut \xe2\x80"]), "cut \\xe2\\x80");
        assert_eq!(through_writer(&["é…".as_bytes()]), "é…");
    }

    #[test]
    fn styled_text_is_cleaned_and_own_escapes_pass() {
        let mut s = Styled::new();
        s.text("a \x1b[31m ");
        s.escape("\x1b[1m");
        s.text("hit\n");
        s.escape("\x1b[0m");
        let s = s.squeeze();
        assert_eq!(s.as_str(), "a ^[[31m \x1b[1mhit \x1b[0m");
        let mut out = Vec::new();
        Clean::new(&mut out).styled(&s).unwrap();
        assert_eq!(out, s.as_str().as_bytes());
    }

    #[test]
    fn json_escapes_c1_and_bidi_controls_and_parses_back_exactly() {
        use serde::Serialize;
        let value = vec!["esc \x1b[2J csi \u{9b}31m rlo \u{202E} café \" \n".to_string()];
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, JsonFormatter::new());
        value.serialize(&mut ser).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        assert!(
            text.contains("\\u009b31m") && text.contains("\\u202e"),
            "{text}"
        );
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        // The same layout as serde_json's own pretty printer.
        let mut plain = serde_json::to_string_pretty(&vec!["a", "b"]).unwrap();
        let mut ours = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut ours, JsonFormatter::new());
        vec!["a", "b"].serialize(&mut ser).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), std::mem::take(&mut plain));
    }

    #[test]
    fn same_length_keeps_byte_length() {
        let evil = "before \x1b[2J\x1b]0;pwned\x07 after \u{202E}evil\u{9b}";
        let safe = same_length(evil);
        assert_eq!(safe.len(), evil.len());
        assert!(!safe.chars().any(|c| c.is_control()));
        assert!(safe.contains("^[2J^]0;pwned^"));
        assert!(!safe.contains('\u{202E}'));
    }
}
