//! Story facts saved beside the index (`briefing-facts.bin`), so a story's facts are worked
//! out once and read back after that, by the reader's side panel and fact matrix and by
//! `briefing facts --story`.
//!
//! Each story's facts are kept under a key of everything they are made from: the facts'
//! version ([`FACTS_VERSION`]), the index format (which carries the analysis version), the
//! story's id and title, and each of its articles' id, file and content hash. A story whose
//! articles change gets a new key, so its old facts are never read again, and they are left
//! out the next time the file is written. Entries carry a checksum: a damaged one is ignored
//! and worked out again.
//!
//! The file: a magic line, then entries of key (u64), checksum of the body (xxh3, u64), body
//! length (u64), body (the story's facts as JSON; the facts' framing is written flattened,
//! which only a self-describing format reads back). Little-endian throughout.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{Story, StoryFacts};

/// The version of the facts: a change to `analysis::facts` or `analysis::framing` (or their
/// assets) that changes what a story's facts are bumps it, so facts saved by an older
/// release are worked out again. The test `saved_facts_version_follows_the_facts` fails
/// when the facts of the sample briefing change and this was not bumped.
pub const FACTS_VERSION: &str = "facts-1";

const MAGIC: &[u8; 16] = b"briefing-facts1\n";

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

/// The saved file as read: its bytes and where each entry's body lies.
#[derive(Default)]
pub(crate) struct Saved {
    bytes: Vec<u8>,
    at: FxHashMap<u64, (u64, std::ops::Range<usize>)>,
}

impl Saved {
    /// Parse `bytes`; anything unreadable leaves what came before it (or nothing).
    pub(crate) fn parse(bytes: Vec<u8>) -> Saved {
        let mut at = FxHashMap::default();
        if bytes.starts_with(MAGIC) {
            let mut p = MAGIC.len();
            let u64_at = |p: usize| -> Option<u64> {
                Some(u64::from_le_bytes(bytes.get(p..p + 8)?.try_into().ok()?))
            };
            while let (Some(key), Some(sum), Some(len)) = (u64_at(p), u64_at(p + 8), u64_at(p + 16))
            {
                let start = p + 24;
                let Some(end) = usize::try_from(len)
                    .ok()
                    .and_then(|l| start.checked_add(l))
                    .filter(|&e| e <= bytes.len())
                else {
                    break;
                };
                at.insert(key, (sum, start..end));
                p = end;
            }
        }
        Saved { bytes, at }
    }

    /// The facts saved under `key`, when their bytes are whole.
    pub(crate) fn get(&self, key: u64) -> Option<StoryFacts> {
        let (sum, range) = self.at.get(&key)?;
        let body = self.bytes.get(range.clone())?;
        if xxhash_rust::xxh3::xxh3_64(body) != *sum {
            tracing::debug!("saved facts: entry {key:016x} is damaged");
            return None;
        }
        serde_json::from_slice(body).ok()
    }

    /// The file with the entries of `live` kept and `new` added (a key in both: the new).
    pub(crate) fn with(&self, live: &FxHashSet<u64>, new: &[Entry]) -> Vec<u8> {
        let replaced: FxHashSet<u64> = new.iter().map(|(k, _)| *k).collect();
        let mut out =
            Vec::with_capacity(self.bytes.len() + new.iter().map(|n| n.1.len()).sum::<usize>());
        out.extend_from_slice(MAGIC);
        let mut push = |key: u64, sum: u64, body: &[u8]| {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&sum.to_le_bytes());
            out.extend_from_slice(&(body.len() as u64).to_le_bytes());
            out.extend_from_slice(body);
        };
        let mut kept: Vec<(&u64, &(u64, std::ops::Range<usize>))> = self
            .at
            .iter()
            .filter(|(k, _)| live.contains(k) && !replaced.contains(k))
            .collect();
        kept.sort_by_key(|(_, (_, r))| r.start);
        for (&key, (sum, range)) in kept {
            push(key, *sum, &self.bytes[range.clone()]);
        }
        for (key, body) in new {
            push(*key, xxhash_rust::xxh3::xxh3_64(body), body);
        }
        out
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

    fn body(story: &str) -> Vec<u8> {
        serde_json::to_vec(&facts(story)).unwrap()
    }

    #[test]
    fn entries_round_trip_and_damage_or_staleness_is_never_read() {
        let empty = Saved::parse(Vec::new());
        let live: FxHashSet<u64> = [1, 2].into_iter().collect();
        let bytes = empty.with(&live, &[(1, body("s1")), (2, body("s2"))]);
        let saved = Saved::parse(bytes.clone());
        assert_eq!(saved.get(1), Some(facts("s1")));
        assert_eq!(saved.get(2), Some(facts("s2")));
        assert_eq!(saved.get(3), None);

        // Only live entries are kept; a new body replaces the old under its key.
        let live: FxHashSet<u64> = [2, 3].into_iter().collect();
        let next = Saved::parse(saved.with(&live, &[(2, body("s2b")), (3, body("s3"))]));
        assert_eq!(next.get(1), None);
        assert_eq!(next.get(2), Some(facts("s2b")));
        assert_eq!(next.get(3), Some(facts("s3")));

        // A flipped byte in an entry's body loses that entry only.
        let mut damaged = bytes.clone();
        let last = damaged.len() - 2;
        damaged[last] ^= 0x20;
        let d = Saved::parse(damaged);
        assert_eq!(d.get(1), Some(facts("s1")));
        assert_eq!(d.get(2), None);
        // Truncated, foreign or empty bytes: what is whole, or nothing.
        let cut = Saved::parse(bytes[..bytes.len() - 5].to_vec());
        assert_eq!(cut.get(1), Some(facts("s1")));
        assert_eq!(cut.get(2), None);
        assert_eq!(Saved::parse(b"not facts at all".to_vec()).get(1), None);
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
