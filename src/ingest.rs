//! Ingest: from files on disk (or the embedded seeds) to clean [`Article`]s.
//!
//! Owns reading bytes safely (regular files only, size cap, binary detection, decoding UTF-8,
//! UTF-16 and legacy encodings), format extraction (plain text, Markdown, HTML), and
//! recovering what a reader needs from messy page copies: outlet, headline, date, byline,
//! dateline, body passages, and the debris left out. It never writes to a source file and
//! never sees the index or any front end.

mod clean;
pub(crate) mod dates;
mod decode;
mod folder;
mod html;
mod markdown;
mod outlets;
mod scan;
mod text;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{Article, DebrisKind, Format, PassageKind, Span};

pub(crate) use clean::is_section_name;
pub(crate) use clean::{SHOUTED, label_word, title_cased};
pub use folder::{
    EntityRules, FILE_NAME as FOLDER_CONFIG, FileOverride, FolderConfig, FolderConfigError,
};
pub use outlets::Outlets;
pub use scan::{Problem, ScanEntry, scan};

/// Files larger than this are skipped: no news article is this long, and reading one would
/// cost the whole briefing memory and time.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Why one file could not be read. Each names the reason; the caller adds the path.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("the file is empty")]
    Empty,
    #[error("the file holds no text (only whitespace or debris)")]
    NoText,
    #[error("the file looks binary ({0}), not text")]
    Binary(&'static str),
    #[error("the file is too large ({size} bytes; the limit is {limit})")]
    TooLarge { size: u64, limit: u64 },
    #[error("not a format briefing reads (expected .txt, .md or .html)")]
    UnknownFormat,
    #[error("{0}, not a regular file: skipped")]
    NotRegular(&'static str),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What the reader of one file knows besides its bytes.
#[derive(Debug, Clone, Copy)]
pub struct ReadContext<'a> {
    pub outlets: &'a Outlets,
    /// Values the folder's `briefing.toml` sets for this file.
    pub overrides: Option<&'a FileOverride>,
    /// The file's modification time: relative stamps ("A DAY AGO") are resolved against it.
    pub modified: Option<DateTime<Utc>>,
}

/// Text pulled out of one file before cleaning: the text passages will index, the candidate
/// blocks in reading order, and whatever the markup said outright.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extracted {
    pub text: String,
    pub blocks: Vec<Block>,
    pub meta: PageMeta,
    pub offsets_are_file_bytes: bool,
    pub warnings: Vec<String>,
}

/// One candidate passage: a paragraph, heading or list item, or a line of page chrome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Block {
    pub span: Span,
    pub kind: PassageKind,
    /// Set when the markup already says the block is debris (a `<figcaption>`, a `<nav>`).
    pub debris: Option<DebrisKind>,
}

/// Metadata stated by the page itself (HTML meta tags, JSON-LD, Markdown front matter).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PageMeta {
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub byline: Option<String>,
    /// The page's canonical address.
    pub url: Option<String>,
}

/// The outlet lines a folder repeats: a first line shaped like an outlet's ("The Flip Side",
/// "Riverside Courier") followed by a date line, the same in at least three of `files` (plain
/// text and Markdown, read up to their first 512 bytes). They name the outlet in every file
/// that opens with them, as a known outlet's name would.
pub fn outlet_lines_of<'a>(files: impl Iterator<Item = &'a Path>) -> Vec<String> {
    use std::io::Read;
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for path in files {
        if !matches!(
            Format::from_path(path),
            Some(Format::Text | Format::Markdown)
        ) {
            continue;
        }
        let Ok(f) = open_regular(path) else { continue };
        let mut head = Vec::with_capacity(512);
        if f.take(512).read_to_end(&mut head).is_err() {
            continue;
        }
        let text = String::from_utf8_lossy(&head);
        let mut lines = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
            continue;
        };
        if clean::outlet_line_shape(first) && dates::find_absolute(second).is_some() {
            *counts.entry(first.to_string()).or_default() += 1;
        }
    }
    let mut lines: Vec<String> = counts
        .into_iter()
        .filter(|&(_, n)| n >= 3)
        .map(|(l, _)| l)
        .collect();
    lines.sort();
    lines
}

/// Bytes as text, as ingest reads them (UTF-8, a byte-order mark, or the legacy encoding
/// detected); bytes that look binary are read as UTF-8 with replacement characters.
pub(crate) fn decode_lossless(bytes: &[u8]) -> String {
    match decode::decode(bytes) {
        Ok(d) => d.text.into_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Read one article from its bytes. `file` is the display path; it also fixes the id.
pub fn parse_bytes(
    bytes: &[u8],
    file: &str,
    format: Format,
    ctx: ReadContext<'_>,
) -> Result<Article, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    let decoded = decode::decode(bytes).map_err(IngestError::Binary)?;
    let source = &decoded.text;
    let mut extracted = match format {
        Format::Text => text::extract(source),
        Format::Markdown => markdown::extract(source),
        Format::Html => html::extract(source),
    };
    if !decoded.same_bytes {
        // Offsets index the decoded text, not the file's bytes.
        extracted.offsets_are_file_bytes = false;
    }
    if let Some(w) = decoded.warning {
        tracing::info!("{file}: {w}");
        extracted.warnings.push(w);
    } else if decoded.encoding != "UTF-8" {
        tracing::debug!("{file}: decoded as {}", decoded.encoding);
    }
    let article = clean::finish(extracted, file, format, ctx);
    if article.passages.is_empty() && article.title.is_none() {
        return Err(IngestError::NoText);
    }
    Ok(article)
}

/// Read one file from disk. Errors name the reason; the caller reports it with the path.
///
/// The scan has already skipped special files, but a path can be swapped between the scan and
/// this read: the file is opened without blocking (opening a FIFO for reading otherwise waits
/// for a writer forever) and read only if what was opened is a regular file.
pub fn read_file(
    path: &Path,
    file: &str,
    ctx_outlets: &Outlets,
    overrides: Option<&FileOverride>,
) -> Result<(Article, FileStamp), IngestError> {
    use std::io::Read;
    let format = Format::from_path(path).ok_or(IngestError::UnknownFormat)?;
    let mut f = open_regular(path)?;
    let meta = f.metadata()?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    // Read one byte past the limit, so a file that grows after the stat is still caught.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&mut f).take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    let stamp = FileStamp::new(&meta, &bytes);
    let modified = meta.modified().ok().map(DateTime::<Utc>::from);
    let ctx = ReadContext {
        outlets: ctx_outlets,
        overrides,
        modified,
    };
    Ok((parse_bytes(&bytes, file, format, ctx)?, stamp))
}

/// Open `path` for reading without ever blocking, and only if it is a regular file: a FIFO,
/// socket or device (or a link to one) is refused with [`IngestError::NotRegular`].
pub(crate) fn open_regular(path: &Path) -> Result<std::fs::File, IngestError> {
    use std::os::unix::fs::OpenOptionsExt;
    let not_regular = |kind: std::fs::FileType| IngestError::NotRegular(file_kind(kind));
    // Look first, so a device is never even opened (opening one can have effects)...
    let kind = std::fs::metadata(path)?.file_type();
    if !kind.is_file() {
        return Err(not_regular(kind));
    }
    // ...then check what was opened, which is what will be read.
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| match std::fs::metadata(path) {
            // A socket can't be opened at all (ENXIO): say what it is instead.
            Ok(m) if !m.is_file() => not_regular(m.file_type()),
            _ => IngestError::Io(e),
        })?;
    let kind = f.metadata()?.file_type();
    if !kind.is_file() {
        return Err(not_regular(kind));
    }
    Ok(f)
}

/// What a file that is not a regular one is, for messages: "a FIFO (named pipe)", "a socket".
pub(crate) fn file_kind(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// What the manifest remembers of a file to know, without reading it, that it is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when the platform has none).
    pub mtime_ns: i128,
    /// xxh3 of the content.
    pub hash: u64,
}

impl FileStamp {
    pub fn new(meta: &std::fs::Metadata, bytes: &[u8]) -> Self {
        Self {
            size: meta.len(),
            mtime_ns: mtime_ns(meta),
            hash: content_hash(bytes),
        }
    }
}

pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

pub fn mtime_ns(meta: &std::fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

/// A source of articles: a path on disk, or one of the seed articles built into the binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// The five seed articles, embedded so `briefing` with no path works from any directory.
pub const SEEDS: &[(&str, &[u8])] = &[
    (
        "000_9f0136d0578d2de3.txt",
        include_bytes!("../seeds/000_9f0136d0578d2de3.txt"),
    ),
    (
        "001_4d664853be3444cd.txt",
        include_bytes!("../seeds/001_4d664853be3444cd.txt"),
    ),
    (
        "002_cc1388eafd22e0d0.txt",
        include_bytes!("../seeds/002_cc1388eafd22e0d0.txt"),
    ),
    (
        "003_bab2f6869c0912e9.txt",
        include_bytes!("../seeds/003_bab2f6869c0912e9.txt"),
    ),
    (
        "004_9dd528d7d0df1b00.txt",
        include_bytes!("../seeds/004_9dd528d7d0df1b00.txt"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_file_refuses_what_is_not_a_regular_file_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("feed.txt");
        scan::tests::mkfifo(&fifo);
        let outlets = Outlets::builtin();
        let err = read_file(&fifo, "feed.txt", outlets, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a FIFO (named pipe), not a regular file: skipped"
        );
        let sock = dir.path().join("sock.txt");
        let _l = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        let err = read_file(&sock, "sock.txt", outlets, None).unwrap_err();
        assert_eq!(err.to_string(), "a socket, not a regular file: skipped");
        let zero = dir.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let err = read_file(&zero, "zero.txt", outlets, None).unwrap_err();
        assert!(matches!(err, IngestError::NotRegular("a character device")));
        let good = dir.path().join("good.txt");
        std::fs::write(&good, "A headline\n\nA first paragraph of the story.\n").unwrap();
        let (a, stamp) = read_file(&good, "good.txt", outlets, None).unwrap();
        assert!(!a.passages.is_empty());
        assert_eq!(stamp.size, 44);
    }

    fn parse(bytes: &[u8]) -> Result<Article, IngestError> {
        let ctx = ReadContext {
            outlets: Outlets::builtin(),
            overrides: None,
            modified: None,
        };
        parse_bytes(bytes, "a.txt", Format::Text, ctx)
    }

    #[test]
    fn articles_in_utf16_and_windows_1252_are_read_with_what_was_guessed() {
        let text = "Envoys meet in Genève\n\n“We are close,” the envoy’s aide said on Monday.\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let a = parse(&le).unwrap();
        assert_eq!(a.title.as_deref(), Some("Envoys meet in Genève"));
        assert_eq!(
            a.passages[0].text,
            "“We are close,” the envoy’s aide said on Monday."
        );
        assert!(!a.offsets_are_file_bytes);
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);

        let cp1252 = b"Envoys meet in Gen\xE8ve\n\n\x93We are close,\x94 the envoy\x92s aide said on Monday.\n";
        let a = parse(cp1252).unwrap();
        assert_eq!(a.title.as_deref(), Some("Envoys meet in Genève"));
        assert_eq!(
            a.passages[0].text,
            "“We are close,” the envoy’s aide said on Monday."
        );
        assert!(!a.offsets_are_file_bytes);
        assert_eq!(
            a.warnings,
            ["not UTF-8: decoded as windows-1252 (a guess from the bytes)"]
        );

        let a = parse(text.as_bytes()).unwrap();
        assert!(a.offsets_are_file_bytes && a.warnings.is_empty());
    }

    #[test]
    fn a_binary_file_is_still_refused() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend((0..2048u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        assert!(matches!(parse(&png), Err(IngestError::Binary(_))));
    }
}
