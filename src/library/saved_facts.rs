//! Story facts saved beside the index (`briefing-facts.bin`), so a story's facts are worked
//! out once and read back after that, by the reader's side panel and fact matrix and by
//! `briefing facts --story`.
//!
//! Each story's facts are kept under a key of everything they are made from: the facts'
//! version ([`FACTS_VERSION`]), the index format (which carries the analysis version), the
//! story's id and title, and each of its articles' id, file and content hash. A story whose
//! articles change gets a new key, so its old facts are never read again.
//!
//! The file is a magic line, then records appended one after another: key (u64), checksum
//! of the body (xxh3, u64), body length (u64), body (the story's facts as JSON, compressed
//! with LZ4; the facts' framing is written flattened, which only a self-describing format
//! reads back). Little-endian throughout. Opening reads the record heads only, skipping the
//! bodies; a story's facts are one seek and one read. New facts are appended, never written
//! over; when the records of stories that are no more outweigh the rest, the file is written
//! anew with the live ones. A record cut short (a crash mid-write) ends the file: it is cut
//! off before the next append. A record whose body fails its checksum is ignored and its
//! story worked out again.

use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{Story, StoryFacts};

/// The version of the facts: a change to `analysis::facts` or `analysis::framing` (or their
/// assets) that changes what a story's facts are bumps it, so facts saved by an older
/// release are worked out again. The test `saved_facts_version_follows_the_facts` fails
/// when the facts of the sample briefing change and this was not bumped.
pub const FACTS_VERSION: &str = "facts-9";

const MAGIC: &[u8; 16] = b"briefing-facts2\n";
const HEAD: usize = 24;

/// A story's facts to save: their key and their JSON.
pub(crate) type Entry = (u64, Vec<u8>);

/// The key a story's facts are saved under; `hash_of(file)` is the file's content hash.
pub(crate) fn key(format: &str, story: &Story, hash_of: impl Fn(&str) -> Option<u64>) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [FACTS_VERSION, format, &story.id, &story.title] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    for a in &story.articles {
        h.update(a.id.as_bytes());
        h.update(&[0]);
        h.update(a.file.as_bytes());
        h.update(&[0]);
        h.update(&hash_of(&a.file).unwrap_or(0).to_le_bytes());
    }
    h.digest()
}

/// The saved file as opened: where each story's record lies.
#[derive(Debug, Default)]
pub(crate) struct Saved {
    path: Option<PathBuf>,
    /// Key -> (checksum, byte range of the body); a later record of a key wins.
    at: FxHashMap<u64, (u64, Range<u64>)>,
    /// Where the whole records end (appends go there), and the file's length.
    good_end: u64,
    len: u64,
}

impl Saved {
    /// Read the record heads of the file at `path`; a missing or foreign file holds nothing.
    pub(crate) fn open(path: &Path) -> Saved {
        let mut saved = Saved {
            path: Some(path.to_path_buf()),
            ..Saved::default()
        };
        let Ok(file) = std::fs::File::open(path) else {
            return saved;
        };
        saved.len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut r = std::io::BufReader::new(file);
        let mut magic = [0u8; 16];
        if r.read_exact(&mut magic).is_err() || &magic != MAGIC {
            return saved;
        }
        let mut p = MAGIC.len() as u64;
        saved.good_end = p;
        let mut head = [0u8; HEAD];
        while r.read_exact(&mut head).is_ok() {
            let word =
                |i: usize| u64::from_le_bytes(head[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
            let (key, sum, n) = (word(0), word(1), word(2));
            let start = p + HEAD as u64;
            let Some(end) = start.checked_add(n).filter(|&e| e <= saved.len) else {
                break;
            };
            if r.seek_relative(n as i64).is_err() {
                break;
            }
            saved.at.insert(key, (sum, start..end));
            p = end;
            saved.good_end = p;
        }
        saved
    }

    /// Whether facts are saved under `key` (their bytes unchecked).
    pub(crate) fn contains(&self, key: u64) -> bool {
        self.at.contains_key(&key)
    }

    /// The facts saved under `key`, when their bytes are whole.
    pub(crate) fn get(&self, key: u64) -> Option<StoryFacts> {
        let (sum, range) = self.at.get(&key)?;
        let mut file = std::fs::File::open(self.path.as_ref()?).ok()?;
        file.seek(SeekFrom::Start(range.start)).ok()?;
        let mut body = vec![0u8; usize::try_from(range.end - range.start).ok()?];
        file.read_exact(&mut body).ok()?;
        if xxhash_rust::xxh3::xxh3_64(&body) != *sum {
            tracing::debug!("saved facts: entry {key:016x} is damaged");
            return None;
        }
        let json = lz4_flex::decompress_size_prepended(&body).ok()?;
        serde_json::from_slice(&json).ok()
    }

    /// Save `new` (JSON bodies), keeping the records of `live` keys: appended to the file, or
    /// the file written anew when records of other keys would make up most of it. Returns
    /// the file as it is then.
    pub(crate) fn save(self, live: &FxHashSet<u64>, new: &[Entry]) -> std::io::Result<Saved> {
        let Some(path) = self.path.clone() else {
            return Ok(self);
        };
        let bodies: Vec<(u64, Vec<u8>)> = new
            .iter()
            .map(|(k, json)| (*k, lz4_flex::compress_prepend_size(json)))
            .collect();
        let replaced: FxHashSet<u64> = new.iter().map(|(k, _)| *k).collect();
        let kept: Vec<(u64, &(u64, Range<u64>))> = self
            .at
            .iter()
            .filter(|(k, _)| live.contains(k) && !replaced.contains(k))
            .map(|(k, v)| (*k, v))
            .collect();
        let kept_bytes: u64 = kept
            .iter()
            .map(|(_, (_, r))| r.end - r.start + HEAD as u64)
            .sum();
        let stale = self
            .good_end
            .saturating_sub(MAGIC.len() as u64 + kept_bytes);
        let mut out: Vec<u8> = Vec::new();
        let push = |out: &mut Vec<u8>, key: u64, sum: u64, body: &[u8]| {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&sum.to_le_bytes());
            out.extend_from_slice(&(body.len() as u64).to_le_bytes());
            out.extend_from_slice(body);
        };
        if self.good_end == 0 || stale > kept_bytes {
            // Written anew: the live records, then the new.
            out.extend_from_slice(MAGIC);
            if !kept.is_empty() {
                let mut file = std::fs::File::open(&path)?;
                let mut kept = kept;
                kept.sort_by_key(|(_, (_, r))| r.start);
                for (key, (sum, r)) in kept {
                    file.seek(SeekFrom::Start(r.start))?;
                    let mut body = vec![0u8; (r.end - r.start) as usize];
                    file.read_exact(&mut body)?;
                    push(&mut out, key, *sum, &body);
                }
            }
            for (key, body) in &bodies {
                push(&mut out, *key, xxhash_rust::xxh3::xxh3_64(body), body);
            }
            crate::index::atomic_write(&path, &out)?;
        } else {
            for (key, body) in &bodies {
                push(&mut out, *key, xxhash_rust::xxh3::xxh3_64(body), body);
            }
            let mut file = std::fs::OpenOptions::new().write(true).open(&path)?;
            // A record cut short by a crash ends the file: cut it off first.
            if self.len != self.good_end {
                file.set_len(self.good_end)?;
            }
            file.seek(SeekFrom::Start(self.good_end))?;
            file.write_all(&out)?;
        }
        Ok(Saved::open(&path))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn facts(story: &str) -> StoryFacts {
        StoryFacts {
            story: story.into(),
            title: format!("{story} title"),
            articles: vec!["a".into(), "b".into()],
            outlets: vec!["X".into(), "Y".into()],
            facts: vec![],
        }
    }

    fn entry(key: u64, story: &str) -> Entry {
        (key, serde_json::to_vec(&facts(story)).unwrap())
    }

    fn live(keys: &[u64]) -> FxHashSet<u64> {
        keys.iter().copied().collect()
    }

    #[test]
    fn records_are_appended_read_back_and_compacted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("briefing-facts.bin");
        let saved = Saved::open(&path);
        assert_eq!(saved.get(1), None);
        let saved = saved
            .save(&live(&[1, 2]), &[entry(1, "s1"), entry(2, "s2")])
            .unwrap();
        assert_eq!(saved.get(1), Some(facts("s1")));
        assert_eq!(saved.get(2), Some(facts("s2")));
        assert_eq!(saved.get(3), None);

        // Appended: the file grows, what was there stays.
        let before = std::fs::metadata(&path).unwrap().len();
        let saved = saved.save(&live(&[1, 2, 3]), &[entry(3, "s3")]).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() > before);
        let reopened = Saved::open(&path);
        for (k, s) in [(1, "s1"), (2, "s2"), (3, "s3")] {
            assert_eq!(reopened.get(k), Some(facts(s)));
        }

        // Most records stale: written anew with the live ones only.
        let saved = saved.save(&live(&[3, 4]), &[entry(4, "s4")]).unwrap();
        assert_eq!(saved.get(1), None);
        assert_eq!(saved.get(3), Some(facts("s3")));
        assert_eq!(saved.get(4), Some(facts("s4")));
        drop(saved);

        // A flipped byte loses that record only; a record cut short is cut off and the next
        // append lands after the whole ones.
        let bytes = std::fs::read(&path).unwrap();
        let mut damaged = bytes.clone();
        let last = damaged.len() - 2;
        damaged[last] ^= 0x20;
        std::fs::write(&path, &damaged).unwrap();
        let d = Saved::open(&path);
        assert_eq!(d.get(3), Some(facts("s3")));
        assert_eq!(d.get(4), None);
        std::fs::write(&path, &bytes[..bytes.len() - 5]).unwrap();
        let cut = Saved::open(&path);
        assert_eq!(cut.get(3), Some(facts("s3")));
        assert_eq!(cut.get(4), None);
        let again = cut.save(&live(&[3, 4, 5]), &[entry(5, "s5")]).unwrap();
        assert_eq!(Saved::open(&path).get(5), Some(facts("s5")));
        assert_eq!(again.get(3), Some(facts("s3")));
        // A foreign file holds nothing and is written anew.
        std::fs::write(&path, b"not facts at all").unwrap();
        let foreign = Saved::open(&path);
        assert_eq!(foreign.get(3), None);
        let fresh = foreign.save(&live(&[6]), &[entry(6, "s6")]).unwrap();
        assert_eq!(fresh.get(6), Some(facts("s6")));
    }

    #[test]
    fn numbers_read_back_to_the_same_bits() {
        // Without serde_json's float_roundtrip, 7.6499999999999995 reads back as 7.65 and a
        // saved story's facts differ from the same facts worked out.
        for x in [7.6499999999999995f64, 30.599999999999998, 0.1 + 0.2, 1e-7] {
            let back: f64 = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
            assert_eq!(back.to_bits(), x.to_bits(), "{x}");
        }
    }
}
