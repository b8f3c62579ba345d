//! From a file's bytes to text: UTF-8 (a byte-order mark dropped), UTF-16 announced by a
//! byte-order mark, and, when the bytes are not UTF-8, the legacy encoding chardetng guesses
//! (Windows-1252, Latin-1 and the like), decoded by encoding_rs. Refuses bytes that look
//! binary. Says what it did, so the article can carry it; never looks at what the text says.

use std::borrow::Cow;

use encoding_rs::Encoding;

/// Text decoded from a file, and how.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// The text's bytes are the file's bytes, so offsets into one are offsets into the other.
    pub same_bytes: bool,
    /// The encoding the bytes were read as ("UTF-8", "UTF-16LE", "windows-1252").
    pub encoding: &'static str,
    /// What the reader should know: a guessed encoding, bytes that could not be decoded.
    pub warning: Option<String>,
}

/// Decode `bytes`, or say why they look binary.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, &'static str> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        let (text, lossy) = if encoding == encoding_rs::UTF_8 {
            utf8(body)
        } else {
            // UTF-16: NUL bytes are expected in the file, so look for binary in the text.
            let (text, had_errors) = encoding.decode_without_bom_handling(body);
            if let Some(why) = binary_reason(text.as_bytes()) {
                return Err(why);
            }
            // Random bytes behind a mark hold unpaired surrogates, about one unit in forty.
            let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
            if bad * 100 > text.chars().count() {
                return Err("more than one character in a hundred is malformed UTF-16");
            }
            (text, had_errors)
        };
        return Ok(Decoded {
            text,
            same_bytes: false,
            encoding: encoding.name(),
            warning: lossy.then(|| lossy_warning(encoding.name())),
        });
    }
    if let Some(why) = binary_reason(bytes) {
        return Err(why);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            same_bytes: true,
            encoding: "UTF-8",
            warning: None,
        });
    }
    if mostly_utf8(bytes) {
        // UTF-8 with a few bad bytes (a file cut mid-character, one pasted-in byte): reading
        // it all as another encoding would garble every accented letter to save a few.
        return Ok(Decoded {
            text: String::from_utf8_lossy(bytes),
            same_bytes: false,
            encoding: "UTF-8",
            warning: Some(lossy_warning("UTF-8")),
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut warning = format!(
        "not UTF-8: decoded as {} (a guess from the bytes)",
        encoding.name()
    );
    if had_errors {
        warning.push_str("; bytes it could not decode shown as \u{FFFD}");
    }
    Ok(Decoded {
        text,
        same_bytes: false,
        encoding: encoding.name(),
        warning: Some(warning),
    })
}

fn utf8(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => (String::from_utf8_lossy(bytes), true),
    }
}

fn lossy_warning(encoding: &str) -> String {
    if encoding == "UTF-8" {
        "invalid UTF-8: decoded lossily (bad bytes shown as \u{FFFD})".to_string()
    } else {
        format!("invalid {encoding}: decoded lossily (bad bytes shown as \u{FFFD})")
    }
}

/// True when `bytes`, not valid UTF-8, still hold more well-formed multi-byte UTF-8
/// characters than malformed sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    good > bad
}

/// Why `bytes` look binary, if they do: NUL bytes or mostly control characters near the start.
pub(crate) fn binary_reason(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Some("it contains NUL bytes");
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    if control * 10 > head.len() {
        return Some("more than a tenth of its first bytes are control characters");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "“Café talks,” said Zoë — the minister’s envoy.\n";

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend(b);
        }
        out
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_text_not_binary() {
        for big_endian in [false, true] {
            let bytes = utf16(TEXT, big_endian);
            assert!(binary_reason(&bytes).is_some(), "it does hold NUL bytes");
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, TEXT);
            assert_eq!(d.encoding, if big_endian { "UTF-16BE" } else { "UTF-16LE" });
            assert!(!d.same_bytes);
            assert_eq!(d.warning, None, "a byte-order mark is not a guess");
        }
    }

    #[test]
    fn a_utf8_byte_order_mark_is_dropped() {
        let bytes = [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat();
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, TEXT);
        assert!(!d.same_bytes, "offsets moved by the mark's three bytes");
        let plain = decode(TEXT.as_bytes()).unwrap();
        assert!(plain.same_bytes && matches!(plain.text, Cow::Borrowed(_)));
        assert_eq!(plain.warning, None);
    }

    #[test]
    fn windows_1252_and_latin1_are_guessed_and_said_to_be() {
        // 0x93/0x94 are curly double quotes in Windows-1252, 0xE9 is é, 0x92 a curly apostrophe.
        let cp1252 = b"\x93Caf\xE9 talks,\x94 said the minister\x92s envoy on Monday. The \
            d\xE9l\xE9gation arrived in Gen\xE8ve at noon.\n";
        let d = decode(cp1252).unwrap();
        assert_eq!(
            d.text,
            "“Café talks,” said the minister’s envoy on Monday. The délégation arrived in \
             Genève at noon.\n"
        );
        assert_eq!(d.encoding, "windows-1252");
        assert!(!d.same_bytes);
        let w = d.warning.unwrap();
        assert!(w.contains("windows-1252") && w.contains("guess"), "{w}");

        let latin1 = b"Le pr\xE9sident a d\xE9clar\xE9 que la r\xE9forme \xE9tait \
            n\xE9cessaire. \xC0 Paris, les \xE9l\xE8ves ont fait gr\xE8ve.\n";
        let d = decode(latin1).unwrap();
        assert_eq!(
            d.text,
            "Le président a déclaré que la réforme était nécessaire. À Paris, les élèves ont \
             fait grève.\n"
        );
        assert!(d.warning.is_some());
    }

    #[test]
    fn mostly_utf8_with_a_stray_byte_stays_utf8() {
        let bytes = [TEXT.as_bytes(), b"\xFF", TEXT.as_bytes()].concat();
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with(TEXT) && d.text.contains('\u{FFFD}'));
        assert!(d.warning.unwrap().contains("invalid UTF-8"));
    }

    #[test]
    fn binary_is_still_refused() {
        // A PNG header, then bytes from a fixed xorshift generator.
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..4096 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes.push(x as u8);
        }
        assert_eq!(decode(&bytes).unwrap_err(), "it contains NUL bytes");
        // Random bytes behind a UTF-16 byte-order mark are not text either.
        bytes[..2].copy_from_slice(&[0xFF, 0xFE]);
        assert!(decode(&bytes).is_err());
    }
}
