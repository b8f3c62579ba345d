//! Static word-piece vectors: what a sentence is about, beyond the words it shares with another.
//!
//! The table (`assets/vectors/minilm-l6-static64.bin`, 2.5 MB, built once by
//! `assets/vectors/build/distill.py`) holds one 64-dimension vector per word piece of the
//! all-MiniLM-L6-v2 sentence encoder (Apache-2.0), each piece run through the model alone and
//! the outputs reduced by principal components (the Model2Vec recipe), with a weight per piece
//! that makes frequent pieces count less. A sentence's vector is the weighted mean of its
//! pieces' vectors; within one story the story's mean vector is taken away, so what every
//! sentence of the story shares (its topic) does not count, and what is left tells sentences
//! that say alike things apart from sentences that merely share the topic. Nothing is
//! downloaded: the table is in the binary.
//!
//! Pure and deterministic: text in, vectors out.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use super::aliases::fold;

static TABLE: &[u8] = include_bytes!("../../assets/vectors/minilm-l6-static64.bin");

/// Words longer than this (in characters) are unknown, as in BERT's tokeniser.
const MAX_WORD_CHARS: usize = 100;

/// The vector table.
pub struct Vectors {
    vocab: HashMap<&'static str, u32>,
    dim: usize,
    scale: Vec<f32>,
    weight: Vec<f32>,
    /// Row-major int8 matrix, borrowed from the embedded bytes.
    q: &'static [u8],
}

/// The embedded table, parsed once; `None` (and a warning) if it does not parse, in which case
/// facts fall back to word overlap alone.
pub fn builtin() -> Option<&'static Vectors> {
    static V: OnceLock<Option<Vectors>> = OnceLock::new();
    V.get_or_init(|| {
        Vectors::parse(TABLE)
            .map_err(|e| tracing::warn!("assets/vectors/minilm-l6-static64.bin: {e}"))
            .ok()
    })
    .as_ref()
}

struct Reader {
    bytes: &'static [u8],
    at: usize,
}

impl Reader {
    fn take(&mut self, n: usize) -> Result<&'static [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| format!("truncated at byte {}", self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, String> {
        let b = self.take(n.checked_mul(4).ok_or("size overflow")?)?;
        Ok(b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    fn string(&mut self) -> Result<&'static str, String> {
        let b = self.take(2)?;
        let len = u16::from_le_bytes([b[0], b[1]]) as usize;
        let at = self.at;
        std::str::from_utf8(self.take(len)?)
            .map_err(|_| format!("vocab entry at byte {at} is not UTF-8"))
    }
}

impl Vectors {
    /// Parse the table's format (see `assets/vectors/README.md`).
    fn parse(bytes: &'static [u8]) -> Result<Vectors, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != b"BRFSTAT1" {
            return Err("not a vector table (bad magic)".into());
        }
        let version = r.u32()?;
        if version != 1 {
            return Err(format!("format version {version}, this build reads 1"));
        }
        let v = r.u32()? as usize;
        let dim = r.u32()? as usize;
        let flags = r.u32()?;
        if flags & 1 == 0 || dim == 0 {
            return Err("needs one scale per row and a dimension".into());
        }
        let _sif_a = r.take(4)?;
        let stop = r.u32()? as usize;
        let mut vocab = HashMap::default();
        for id in 0..v {
            vocab.entry(r.string()?).or_insert(id as u32);
        }
        for _ in 0..stop {
            r.string()?;
        }
        let scale = r.f32s(v)?;
        let weight = r.f32s(v)?;
        let q = r.take(v.checked_mul(dim).ok_or("size overflow")?)?;
        if r.at != bytes.len() {
            return Err(format!("{} bytes after the matrix", bytes.len() - r.at));
        }
        Ok(Vectors {
            vocab,
            dim,
            scale,
            weight,
            q,
        })
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Whether `lower` (lowercased) is a whole word of the encoder's vocabulary: the 30,522
    /// pieces hold English's common words ("current", "nothing") and few rarer names.
    pub fn is_word(&self, lower: &str) -> bool {
        self.vocab.contains_key(lower)
    }

    /// Add the weighted vectors of `text`'s word pieces to `acc` (length [`Self::dim`]);
    /// returns how many pieces were added.
    fn accumulate(&self, text: &str, acc: &mut [f32], buf: &mut String) -> usize {
        let mut n = 0;
        for word in basic_words(text) {
            self.pieces(&word, buf, &mut |id| {
                let id = id as usize;
                let w = self.weight[id] * self.scale[id];
                let row = &self.q[id * self.dim..(id + 1) * self.dim];
                for (a, &b) in acc.iter_mut().zip(row) {
                    *a += w * f32::from(b as i8);
                }
                n += 1;
            });
        }
        n
    }

    /// Greedy longest-match-first word pieces of one lowercased word ("##" marks a piece that
    /// continues a word); a word with a stretch no piece matches is unknown and gives none.
    fn pieces(&self, word: &str, buf: &mut String, emit: &mut dyn FnMut(u32)) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.is_empty() || chars.len() > MAX_WORD_CHARS {
            return;
        }
        let mut found: Vec<u32> = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            let from = chars[start].0;
            let mut end = chars.len();
            let mut hit = None;
            while end > start {
                let to = chars.get(end).map_or(word.len(), |c| c.0);
                buf.clear();
                if start > 0 {
                    buf.push_str("##");
                }
                buf.push_str(&word[from..to]);
                if let Some(&id) = self.vocab.get(buf.as_str()) {
                    hit = Some(id);
                    break;
                }
                end -= 1;
            }
            match hit {
                Some(id) => {
                    found.push(id);
                    start = end;
                }
                None => return,
            }
        }
        for id in found {
            emit(id);
        }
    }
}

/// BERT's basic tokenisation, lowercased and accents folded: words split at spaces, each
/// punctuation mark a word of its own, control characters dropped.
fn basic_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else if c.is_control() || c == '\u{fffd}' {
            continue;
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                if let Some(f) = fold(l) {
                    cur.push(f);
                }
            }
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            out.push(c.to_string());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The story-centred, unit-length vectors of `texts` (one story's sentences, each with the
/// article it is in), flat: sentence `i` is `[i * dim, (i + 1) * dim)`; a sentence with no
/// known piece is all zeros (alike to nothing). The story's centre is the mean of its articles'
/// means, so one article with hundreds of sentences of filler does not move it.
pub fn story_vectors<'a>(v: &Vectors, texts: impl Iterator<Item = (usize, &'a str)>) -> Vec<f32> {
    let dim = v.dim;
    let mut out: Vec<f32> = Vec::new();
    let mut has: Vec<bool> = Vec::new();
    let mut articles: Vec<usize> = Vec::new();
    let mut buf = String::new();
    for (article, text) in texts {
        articles.push(article);
        let at = out.len();
        out.resize(at + dim, 0.0);
        let n = v.accumulate(text, &mut out[at..], &mut buf);
        if n > 0 {
            for x in &mut out[at..] {
                *x /= n as f32;
            }
        }
        has.push(n > 0);
    }
    // Each article's mean, then their mean.
    let mut sums: HashMap<usize, (Vec<f32>, usize)> = HashMap::default();
    for ((row, &h), &a) in out.chunks_exact(dim).zip(&has).zip(&articles) {
        if h {
            let e = sums.entry(a).or_insert_with(|| (vec![0.0; dim], 0));
            for (m, x) in e.0.iter_mut().zip(row) {
                *m += x;
            }
            e.1 += 1;
        }
    }
    if sums.is_empty() {
        return out;
    }
    let mut mean = vec![0.0f32; dim];
    for (sum, n) in sums.values() {
        for (m, x) in mean.iter_mut().zip(sum) {
            *m += x / *n as f32 / sums.len() as f32;
        }
    }
    for (row, &h) in out.chunks_exact_mut(dim).zip(&has) {
        if !h {
            continue;
        }
        for (x, m) in row.iter_mut().zip(&mean) {
            *x -= m;
        }
        let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > f32::EPSILON {
            for x in row.iter_mut() {
                *x /= norm;
            }
        } else {
            row.fill(0.0);
        }
    }
    out
}

/// Cosine of sentences `a` and `b` of [`story_vectors`]'s output.
pub fn cosine(vectors: &[f32], dim: usize, a: usize, b: usize) -> f32 {
    let (x, y) = (
        &vectors[a * dim..(a + 1) * dim],
        &vectors[b * dim..(b + 1) * dim],
    );
    // Eight running sums, not one: the compiler turns them into vector lanes, where one sum
    // added to in order is a chain of dependent additions (a large story asks for this on
    // hundreds of thousands of pairs).
    let mut lanes = [0.0f32; 8];
    let (xc, yc) = (x.chunks_exact(8), y.chunks_exact(8));
    let tail: f32 = xc
        .remainder()
        .iter()
        .zip(yc.remainder())
        .map(|(p, q)| p * q)
        .sum();
    for (p, q) in xc.zip(yc) {
        for k in 0..8 {
            lanes[k] += p[k] * q[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(word: &str) -> Vec<String> {
        let v = builtin().expect("the table parses");
        let mut out = Vec::new();
        let mut buf = String::new();
        let inv: HashMap<u32, &str> = v.vocab.iter().map(|(k, id)| (*id, *k)).collect();
        v.pieces(word, &mut buf, &mut |id| out.push(inv[&id].to_string()));
        out
    }

    #[test]
    fn the_table_parses_and_words_split_into_pieces() {
        let v = builtin().expect("the embedded table parses");
        assert_eq!(v.dim(), 64);
        assert_eq!(pieces("tariffs"), ["tariffs"]);
        assert_eq!(pieces("postponement"), ["post", "##pone", "##ment"]);
        assert!(pieces(&"a".repeat(MAX_WORD_CHARS + 1)).is_empty());
        assert_eq!(
            basic_words("Don't, U.S. Café!"),
            ["don", "'", "t", ",", "u", ".", "s", ".", "cafe", "!"]
        );
    }

    #[test]
    fn a_paraphrase_is_nearer_than_a_sentence_on_the_same_topic() {
        let v = builtin().expect("the embedded table parses");
        let story = [
            "The president postponed the tariffs on steel for thirty days.",
            "Trump delayed the steel tariffs by a month.",
            "Canada is the largest exporter of steel to the United States.",
            "The European Union said it would not negotiate under threat.",
            "Shares of steel makers fell on Monday.",
        ];
        let vs = story_vectors(v, story.iter().copied().enumerate());
        let near = cosine(&vs, v.dim(), 0, 1);
        let topic = cosine(&vs, v.dim(), 0, 2);
        assert!(near > topic, "paraphrase {near} vs topic {topic}");
    }

    #[test]
    fn a_sentence_with_no_known_piece_is_alike_to_nothing() {
        let v = builtin().expect("the embedded table parses");
        let vs = story_vectors(
            v,
            ["", "Steel tariffs were delayed."].into_iter().enumerate(),
        );
        assert_eq!(cosine(&vs, v.dim(), 0, 1), 0.0);
    }
}
