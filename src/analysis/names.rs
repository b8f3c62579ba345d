//! The learned part of entity recognition: an averaged perceptron that says what a run of
//! capitalised words the rules could not place names (a person, an organization, a place,
//! something else, or nothing), from the run's words, their shapes and the words around it.
//!
//! Its weights (`assets/ner/names.bin`, 2.6 MB, embedded) were trained on the English
//! CoNLL-2003 training set by `assets/ner/build/train.py`, which makes the same candidates and
//! the same feature strings as [`crate::analysis::entities`]; see `assets/ner/README.md` for
//! the data, its licence and the figures. Nothing is downloaded at run time.

use std::sync::OnceLock;

static TABLE: &[u8] = include_bytes!("../../assets/ner/names.bin");

const MAGIC: &[u8; 8] = b"BRFNER01";
const HEADER: usize = 8 + 4 + 4 + 4;

/// What a run of capitalised words names, in the order of the model's classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameClass {
    Nothing,
    Person,
    Organization,
    Place,
    /// Events, works, nationalities, products: a name, but of none of the three kinds.
    Other,
}

const CLASSES: [NameClass; 5] = [
    NameClass::Nothing,
    NameClass::Person,
    NameClass::Organization,
    NameClass::Place,
    NameClass::Other,
];

/// The weights, read in place from the embedded table.
pub struct NameModel {
    buckets: usize,
    scale: f32,
    weights: &'static [u8],
}

/// The embedded model, or `None` if its table is malformed (then the rules work alone).
pub fn model() -> Option<&'static NameModel> {
    static M: OnceLock<Option<NameModel>> = OnceLock::new();
    M.get_or_init(|| parse(TABLE)).as_ref()
}

fn parse(t: &'static [u8]) -> Option<NameModel> {
    if t.get(..8)? != MAGIC {
        return None;
    }
    let u32_at =
        |i: usize| -> Option<u32> { Some(u32::from_le_bytes(t.get(i..i + 4)?.try_into().ok()?)) };
    let buckets = u32_at(8)? as usize;
    let classes = u32_at(12)? as usize;
    let scale = f32::from_le_bytes(t.get(16..20)?.try_into().ok()?);
    let weights = t.get(HEADER..)?;
    (classes == CLASSES.len() && weights.len() == buckets * classes * 2 && buckets > 0).then_some(
        NameModel {
            buckets,
            scale,
            weights,
        },
    )
}

/// The features of one run, as hashed buckets. Each feature is the concatenation of its
/// parts, hashed with 64-bit FNV-1a (as `train.py` hashes its feature strings).
#[derive(Default)]
pub struct Features {
    hashes: Vec<u64>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl Features {
    pub fn clear(&mut self) {
        self.hashes.clear();
    }

    /// Add the feature whose string is `parts` concatenated.
    pub fn add(&mut self, parts: &[&str]) {
        let mut h = FNV_OFFSET;
        for p in parts {
            for b in p.bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(FNV_PRIME);
            }
        }
        self.hashes.push(h);
    }
}

impl NameModel {
    /// The score of each class, in [`NameClass`] order.
    pub fn scores(&self, f: &Features) -> [f32; 5] {
        let mut s = [0i32; 5];
        for h in &f.hashes {
            let row = (h % self.buckets as u64) as usize * CLASSES.len() * 2;
            for (c, out) in s.iter_mut().enumerate() {
                let i = row + c * 2;
                *out += i32::from(i16::from_le_bytes([self.weights[i], self.weights[i + 1]]));
            }
        }
        s.map(|x| x as f32 * self.scale)
    }

    /// The best class, if it beats every other class by at least `margin`.
    pub fn decide(&self, f: &Features, margin: f32) -> Option<NameClass> {
        let s = self.scores(f);
        let mut order: Vec<usize> = (0..s.len()).collect();
        order.sort_by(|a, b| s[*b].total_cmp(&s[*a]));
        (s[order[0]] - s[order[1]] >= margin).then_some(CLASSES[order[0]])
    }
}

/// The shape of a word: capitals as X, small letters as x, digits as d, other characters as
/// themselves, runs collapsed ("McCain" -> "XxXx", "U.S." -> "X.X.").
pub fn shape(w: &str, out: &mut String) {
    let mut last = None;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(k) {
            out.push(k);
            last = Some(k);
        }
    }
}

/// The first `n` characters of `s`.
pub fn first_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// The last `n` characters of `s`.
pub fn last_chars(s: &str, n: usize) -> &str {
    let k = s.chars().count();
    if k <= n {
        return s;
    }
    s.char_indices().nth(k - n).map_or(s, |(i, _)| &s[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_loads_and_hashes_like_the_trainer() {
        let m = model().expect("names.bin parses");
        assert_eq!(m.buckets, 1 << 18);
        // FNV-1a 64 of "bias", as Python computes it in train.py.
        let mut f = Features::default();
        f.add(&["bi", "as"]);
        assert_eq!(f.hashes[0], 0xdeb2_3f9b_d0a8_49a4);
    }

    #[test]
    fn shapes_and_character_slices() {
        let mut s = String::new();
        shape("McCain", &mut s);
        assert_eq!(s, "XxXx");
        s.clear();
        shape("U.S.", &mut s);
        assert_eq!(s, "X.X.");
        assert_eq!(first_chars("Émile", 3), "Émi");
        assert_eq!(last_chars("Zürich", 3), "ich");
        assert_eq!(last_chars("Al", 3), "Al");
    }
}
