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

/// Decode `bytes`, or say why they look binary. Text that was UTF-8 read as Windows-1252
/// before it was saved (mojibake: "Obamaâ€™s" for "Obama’s", once or twice over) is read back.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, &'static str> {
    let mut d = decode_bytes(bytes)?;
    if let Some(fixed) = repair_mojibake(&d.text) {
        // Repaired, so not a problem to report on every open (a warning would be); the log
        // says it at debug level.
        tracing::debug!("text saved as UTF-8 read as Windows-1252 (mojibake) was read back");
        d.text = Cow::Owned(fixed);
        d.same_bytes = false;
    }
    Ok(d)
}

/// The byte `c` stands for in Windows-1252, for the characters that stand for one of 0x80
/// and up (the five bytes 1252 leaves undefined come through decoders as C1 controls).
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{FF}' => return u8::try_from(u32::from(c)).ok(),
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// `text` with every run of characters that spells a UTF-8 sequence in Windows-1252 ("â€™")
/// replaced by the character it encodes ("’"), again while that changes anything (text
/// garbled twice over); `None` when there is none.
fn repair_mojibake(text: &str) -> Option<String> {
    // Every garbled sequence starts with the 1252 reading of a UTF-8 lead byte, 0xC2 to 0xF4.
    let suspect = |t: &str| t.contains(['Â', 'Ã', 'â', 'Ä', 'Å', 'Ð', 'Ñ', 'Ø', 'Ù']);
    if !suspect(text) {
        return None;
    }
    let mut current: Option<String> = None;
    for _ in 0..3 {
        let t = current.as_deref().unwrap_or(text);
        let Some(next) = repair_once(t) else { break };
        let again = suspect(&next);
        current = Some(next);
        if !again {
            break;
        }
    }
    current
}

fn repair_once(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let len = match cp1252_byte(c) {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            _ => 0,
        };
        if len > 0 && i + len <= chars.len() {
            let bytes: Option<Vec<u8>> = chars[i..i + len]
                .iter()
                .enumerate()
                .map(|(k, &ch)| {
                    let b = cp1252_byte(ch)?;
                    (k == 0 || (0x80..=0xBF).contains(&b)).then_some(b)
                })
                .collect();
            // Only what mojibake is made of: accented Latin letters and the punctuation,
            // currency and symbols of 1252 (so "ESPAÑ’" is not read as Cyrillic).
            // Two bytes make a Latin letter or sign (U+0080–U+017F: "é", "ł"; 1252's "˜", "ˆ");
            // "É…" in capitals is not "Ʌ".
            let two_bytes_latin = |s: &&str| {
                len != 2
                    || s.chars()
                        .all(|ch| matches!(u32::from(ch), 0x80..=0x17F | 0x2B0..=0x2FF))
            };
            let latin_or_punctuation = |s: &&str| {
                s.chars().all(|ch| {
                    matches!(u32::from(ch), 0x80..=0x24F | 0x2B0..=0x2FF | 0x2000..=0x206F | 0x20A0..=0x20CF | 0x2100..=0x214F)
                })
            };
            if let Some(s) = bytes
                .as_deref()
                .and_then(|b| std::str::from_utf8(b).ok())
                .filter(latin_or_punctuation)
                .filter(two_bytes_latin)
            {
                out.push_str(s);
                changed = true;
                i += len;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

fn decode_bytes(bytes: &[u8]) -> Result<Decoded<'_>, &'static str> {
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
    fn mojibake_once_or_twice_over_is_read_back() {
        let once = "Obamaâ€™s plan â€” CafÃ©";
        assert_eq!(decode(once.as_bytes()).unwrap().text, "Obama’s plan — Café");
        assert_eq!(
            decode("â€ËœThe Tax, â€Ëœpaid, â€Â\u{9d} end".as_bytes())
                .unwrap()
                .text,
            "‘The Tax, ‘paid, ” end"
        );
        let twice = "ObamaÃ¢â‚¬â„¢s";
        let d = decode(twice.as_bytes()).unwrap();
        assert_eq!(d.text, "Obama’s");
        assert!(!d.same_bytes && d.warning.is_none());
        // Real text with those letters stays as it is.
        for fine in [
            "Ångström, São Paulo, Ørsted, château, Ñandú, Â la carte",
            "ESPAÑ’S “NIÑO»",
            "CAFÉ… ÉTÉ…",
            TEXT,
        ] {
            let d = decode(fine.as_bytes()).unwrap();
            assert_eq!(d.text, fine);
            assert!(d.same_bytes);
        }
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
