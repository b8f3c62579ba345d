//! Stories: the articles of a library grouped by the event they tell, whichever outlet told
//! it. Works on the fingerprints analysis stored with each article (never the text): candidate
//! pairs come from LSH bands over the MinHash sketches and from posting lists of the rarer
//! salient terms (entity keys and repeated words), each article looking only at a bounded
//! number of partners, so the cost grows near-linearly with the library. Each candidate is
//! verified by estimated Jaccard, a rarity-weighted (tf-idf) cosine of salient terms, and the
//! distance between publication dates when both are known. Clusters grow greedily from the
//! strongest edges; two clusters only join when their members are alike on average (and, for
//! two stories of three articles or more, about as alike across as within), so one loose link
//! never chains unrelated stories together, and no story grows to span more than four weeks of
//! publication dates; an article left alone then joins the one story it is clearly closest
//! to. Files pinned together in `briefing.toml` start as one named story.
//! Pure: fingerprints and metadata in, stories out; it never reads text or files, and never
//! sees the index.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::analysis::fingerprint;
use crate::model::{Article, Fingerprint, Story, StoryArticle};

/// What grouping needs of an article: its metadata and fingerprint, not its text or mentions.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Input {
    pub id: String,
    pub file: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub fingerprint: Fingerprint,
}

impl From<Article> for Input {
    fn from(a: Article) -> Self {
        Input {
            id: a.id,
            file: a.file,
            outlet: a.outlet,
            title: a.title,
            published: a.published,
            fingerprint: a.fingerprint,
        }
    }
}

impl From<&Article> for Input {
    fn from(a: &Article) -> Self {
        Input {
            id: a.id.clone(),
            file: a.file.clone(),
            outlet: a.outlet.clone(),
            title: a.title.clone(),
            published: a.published,
            fingerprint: a.fingerprint.clone(),
        }
    }
}

/// Files a reader pinned into one story (`[stories]` in `briefing.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub name: String,
    /// Display paths, as [`Article::file`].
    pub files: Vec<String>,
}

/// Rows of one LSH band: 4 bins of 16 bits make one 64-bit band key.
const ROWS: usize = 4;
const BANDS: usize = fingerprint::BINS / ROWS;
/// A band bucket holding more articles than this is a coincidence of common words: skipped.
const BUCKET_CAP: usize = 48;
/// A term in more articles than this proposes no candidates (it still counts when scoring).
const TERM_CAP: usize = 256;
/// Candidates one article gathers from term postings, rarest terms first.
const TERM_BUDGET: usize = 320;
/// Times a partner must turn up in an article's buckets and postings to be scored.
const MIN_MEETINGS: usize = 2;
/// A library is treated as at least this large when weighing terms by rarity, so that a
/// small library about one story does not find its own story's words "common".
const MIN_LIBRARY: f32 = 100.0;
/// Pairs of articles sampled to learn how alike any two articles of the library are.
const BACKGROUND_SAMPLE: usize = 4000;
/// The background Jaccard similarity of unrelated news articles (measured on NewsWCL50: the
/// median over pairs of different events is 0.06), and bounds on what a library may teach.
const PRIOR_BACKGROUND: f32 = 0.06;
const MIN_BACKGROUND: f32 = 0.04;
const MAX_BACKGROUND: f32 = 0.15;
/// An edge must score this to be considered.
const EDGE_MIN: f32 = 0.22;
/// Two clusters join when their members score this on average.
const LINK_MIN: f32 = 0.31;
/// Two clusters of three or more join only when their link is at least this share of the
/// looser one's own cohesion.
const COHESION_SHARE: f32 = 0.7;
/// A link at which two clusters are one story whatever their cohesion: outlets that spell
/// names alike form tight sub-clusters of one story.
const SURE_LINK: f32 = 0.42;
/// An article left alone joins a story of two or more when its members score this on
/// average with it, and clearly more than any other story's.
const ATTACH_MIN: f32 = 0.25;
const ATTACH_MARGIN: f32 = 0.05;
/// At most this many members of each side are compared when two clusters meet.
const LINK_SAMPLE: usize = 8;
/// A story is an event: two clusters do not join (nor does an article join a story) when
/// their publication dates together would span more than this many days. An event that goes
/// on longer (a war, a trial) is told as several stories, each of a few weeks. Articles
/// without a date do not count; files pinned together stay together however far apart.
const MAX_SPAN_DAYS: i32 = 28;

/// What the score of a pair is measured against.
struct Scoring {
    /// The estimated Jaccard similarity two articles of this library reach through common
    /// words alone: the median over sampled pairs (most pairs are of different stories).
    background: f32,
}

/// An article as grouping sees it.
struct Item {
    /// MinHash bins; empty for an article without words.
    sketch: Vec<u16>,
    /// Salient terms with tf-idf weights, unit length, sorted by hash.
    terms: Vec<(u32, f32)>,
    /// Whole names of people, for finding partners only.
    people: Vec<u32>,
    /// Days since the epoch of the publication date.
    day: Option<i32>,
}

/// Group `articles` into stories (see the module docs). Deterministic: the same articles give
/// the same stories in the same order, whatever their order here.
pub fn group(articles: &[Input], pins: &[Pin]) -> Vec<Story> {
    let n = articles.len();
    if n == 0 {
        return Vec::new();
    }
    let arts = in_file_order(articles);

    let t = std::time::Instant::now();
    let items = prepare(&arts);
    let scoring = Scoring::learn(&items);
    tracing::debug!("stories: {n} articles prepared in {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let edges = candidate_edges(&items, &scoring);
    tracing::debug!("stories: {} edges in {:?}", edges.len(), t.elapsed());
    let t = std::time::Instant::now();
    let clusters = cluster(&items, &scoring, &edges, &pin_groups(&arts, pins));
    tracing::debug!("stories: {} clusters in {:?}", clusters.len(), t.elapsed());
    stories_of(&arts, clusters)
}

/// `articles` in file order: grouping works in it so that ties break the same way every time.
fn in_file_order(articles: &[Input]) -> Vec<&Input> {
    let mut arts: Vec<&Input> = articles.iter().collect();
    arts.sort_by(|a, b| a.file.cmp(&b.file));
    arts
}

/// The stories of `clusters` (members as indices into `arts`, with their pin), largest first.
fn stories_of(arts: &[&Input], clusters: Vec<(Vec<u32>, Option<String>)>) -> Vec<Story> {
    let mut stories: Vec<Story> = clusters
        .into_iter()
        .map(|(members, pin)| story(arts, &members, pin))
        .collect();
    stories.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.last.cmp(&a.last))
            .then(a.title.cmp(&b.title))
            .then(a.id.cmp(&b.id))
    });
    stories
}

/// `saved` stories brought up to date with a few changed files instead of regrouping the
/// library: `articles` are the library's articles now, `fresh` the files among them that are
/// new or changed since `saved` was grouped. Articles no longer in the library, or changed,
/// leave their story (a story left empty goes); each fresh article, in file order, then joins
/// the story it is clearly closest to, by the rules that grouping joins an article to a
/// cluster with ([`LINK_MIN`], or [`ATTACH_MIN`] and [`ATTACH_MARGIN`] for a story of two
/// or more, never past [`MAX_SPAN_DAYS`]), its pin's story when it is pinned, else starts a
/// story of its own. The other stories keep their members, so their ids and saved facts stay.
/// Deterministic, like [`group`].
pub fn update(
    saved: &[Story],
    articles: &[Input],
    fresh: &std::collections::HashSet<&str>,
    pins: &[Pin],
) -> Vec<Story> {
    let n = articles.len();
    if n == 0 {
        return Vec::new();
    }
    let arts = in_file_order(articles);
    let items = prepare(&arts);
    let scoring = Scoring::learn(&items);
    let at: HashMap<&str, u32> = arts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.file.as_str(), i as u32))
        .collect();
    let pin_of = |file: &str| pins.iter().find(|p| p.files.iter().any(|f| f == file));

    // The saved stories' members that are still here, unchanged.
    let mut clusters: Vec<(Vec<u32>, Option<String>)> = Vec::new();
    let mut of: Vec<Option<u32>> = vec![None; n];
    for s in saved {
        let members: Vec<u32> = s
            .articles
            .iter()
            .filter(|a| !fresh.contains(a.file.as_str()))
            .filter_map(|a| {
                let i = *at.get(a.file.as_str())?;
                (arts[i as usize].id == a.id && of[i as usize].is_none()).then_some(i)
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        let pin = members
            .iter()
            .find_map(|&m| pin_of(&arts[m as usize].file))
            .map(|p| p.name.clone());
        for &m in &members {
            of[m as usize] = Some(clusters.len() as u32);
        }
        clusters.push((members, pin));
    }
    let span_of = |members: &[u32]| {
        members
            .iter()
            .filter_map(|&m| items[m as usize].day)
            .fold(None, |s: Option<(i32, i32)>, d| widen(s, Some((d, d))))
    };

    // Only the newcomers' keys are filed: whom they meet, and how many share each key, is
    // all the update asks of the tables.
    let newcomers: Vec<usize> = (0..n).filter(|&i| of[i].is_none()).collect();
    let band_wanted: std::collections::HashSet<u64> = newcomers
        .iter()
        .flat_map(|&i| band_keys(&items[i]))
        .collect();
    let posting_wanted: std::collections::HashSet<u64> = newcomers
        .iter()
        .flat_map(|&i| posting_keys(&items[i]))
        .collect();
    let bands = band_groups(&items, |k| band_wanted.contains(&k));
    let postings = posting_groups(&items, |k| posting_wanted.contains(&k));
    let mut scratch = Scratch::default();
    let mut edges = Vec::new();
    for a in newcomers {
        if let Some(pin) = pin_of(&arts[a].file) {
            let c = clusters
                .iter()
                .position(|(_, p)| p.as_deref() == Some(pin.name.as_str()));
            let c = c.unwrap_or_else(|| {
                clusters.push((Vec::new(), Some(pin.name.clone())));
                clusters.len() - 1
            });
            clusters[c].0.push(a as u32);
            of[a] = Some(c as u32);
            continue;
        }
        edges.clear();
        edges_from(
            a,
            &items,
            &scoring,
            &bands,
            &postings,
            &mut scratch,
            &mut edges,
        );
        let mut near: Vec<u32> = edges
            .iter()
            .map(|&(_, x, y)| if x as usize == a { y } else { x })
            .filter_map(|b| of[b as usize])
            .collect();
        near.sort_unstable();
        near.dedup();
        let day = items[a].day.map(|d| (d, d));
        let mut links: Vec<(f32, u32)> = near
            .into_iter()
            .filter(|&c| !too_long(widen(span_of(&clusters[c as usize].0), day)))
            .map(|c| {
                let link = average_link(&items, &scoring, &[a as u32], &clusters[c as usize].0);
                (link, c)
            })
            .collect();
        links.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let runner_up = links.get(1).map_or(0.0, |l| l.0);
        let into = links.first().filter(|&&(best, c)| {
            best >= LINK_MIN
                || (best >= ATTACH_MIN
                    && best - runner_up >= ATTACH_MARGIN
                    && clusters[c as usize].0.len() > 1)
        });
        let c = match into {
            Some(&(_, c)) => c as usize,
            None => {
                clusters.push((Vec::new(), None));
                clusters.len() - 1
            }
        };
        clusters[c].0.push(a as u32);
        of[a] = Some(c as u32);
    }
    for (members, _) in &mut clusters {
        members.sort_unstable();
    }
    stories_of(&arts, clusters)
}

/// Document frequencies, then each article's tf-idf vector over its salient terms.
fn prepare(arts: &[&Input]) -> Vec<Item> {
    let mut df: HashMap<u32, u32> = HashMap::with_capacity(arts.len() * 8);
    for a in arts {
        let f = &a.fingerprint;
        for (h, _) in f.name_terms().chain(f.word_terms()) {
            *df.entry(h).or_default() += 1;
        }
    }
    let big = (arts.len() as f32).max(MIN_LIBRARY);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    arts.iter()
        .map(|a| {
            let f = &a.fingerprint;
            let mut terms: Vec<(u32, f32)> = f
                .name_terms()
                .chain(f.word_terms())
                .map(|(h, count)| {
                    let d = df.get(&h).copied().unwrap_or(1).max(1) as f32;
                    let idf = (1.0 + big / d).ln();
                    (h, (1.0 + f32::from(count.max(1)).ln()) * idf)
                })
                .collect();
            terms.sort_unstable_by_key(|t| t.0);
            terms.dedup_by(|b, a| {
                if a.0 == b.0 {
                    a.1 += b.1;
                    true
                } else {
                    false
                }
            });
            let norm = terms.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                for t in &mut terms {
                    t.1 /= norm;
                }
            }
            Item {
                sketch: f.bins().collect(),
                terms,
                people: f.people_terms().map(|t| t.0).collect(),
                day: a.published.map(|d| (d - epoch).num_days() as i32),
            }
        })
        .collect()
}

/// Cosine of two unit vectors sorted by term.
fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// How far apart two publication dates may be and still be one story: a weight on the score.
fn date_weight(a: Option<i32>, b: Option<i32>) -> f32 {
    match (a, b) {
        (Some(a), Some(b)) => match (a - b).abs() {
            0..=3 => 1.0,
            4..=14 => 0.85,
            15..=60 => 0.6,
            _ => 0.3,
        },
        _ => 1.0,
    }
}

impl Scoring {
    /// Learn the background from pairs sampled across the library. Most pairs of a large
    /// library are of different stories, but in a small one they may all be of one (the
    /// seeds), so the estimate is blended with [`PRIOR_BACKGROUND`] until the library holds
    /// [`MIN_LIBRARY`] articles.
    fn learn(items: &[Item]) -> Scoring {
        let n = items.len();
        let mut js: Vec<f32> = (0..BACKGROUND_SAMPLE.min(n * n.saturating_sub(1) / 2))
            .filter_map(|k| {
                let h = xxhash_rust::xxh3::xxh3_64(&(k as u64).to_le_bytes());
                let (i, j) = ((h as u32 as usize) % n, ((h >> 32) as usize) % n);
                (i != j).then(|| fingerprint::jaccard(&items[i].sketch, &items[j].sketch))
            })
            .collect();
        js.sort_unstable_by(f32::total_cmp);
        let median = js.get(js.len() / 2).copied().unwrap_or(PRIOR_BACKGROUND);
        let trust = (n as f32 / MIN_LIBRARY).min(1.0);
        let background = trust * median + (1.0 - trust) * PRIOR_BACKGROUND;
        Scoring {
            background: background.clamp(MIN_BACKGROUND, MAX_BACKGROUND),
        }
    }

    /// How much two articles look like one story, from 0 to about 1: the cosine of their
    /// salient terms, plus the share of words they have in common beyond the background,
    /// weighed down when their dates are far apart.
    fn score(&self, a: &Item, b: &Item) -> f32 {
        let j = fingerprint::jaccard(&a.sketch, &b.sketch);
        let c = cosine(&a.terms, &b.terms);
        (c + (j - self.background).max(0.0)) * date_weight(a.day, b.day)
    }
}

/// Articles filed under keys (LSH band values, or terms), and for each article the groups of
/// articles it shares a key with: a compressed table, so each article finds its groups
/// without searching.
struct Groups {
    /// Article numbers, grouped by key: group `g` is `members[starts[g]..starts[g + 1]]`.
    members: Vec<u32>,
    starts: Vec<u32>,
    /// For article `i`, `groups[offsets[i]..offsets[i + 1]]`: the groups it is in.
    groups: Vec<u32>,
    offsets: Vec<u32>,
}

impl Groups {
    /// `keys(i)` lists the keys of article `i`.
    fn new<I: Iterator<Item = u64>>(n: usize, keys: impl Fn(usize) -> I) -> Groups {
        let mut rows: Vec<(u64, u32)> = Vec::new();
        let mut offsets: Vec<u32> = Vec::with_capacity(n + 1);
        offsets.push(0);
        for i in 0..n {
            rows.extend(keys(i).map(|k| (k, i as u32)));
            offsets.push(rows.len() as u32);
        }
        rows.sort_unstable();
        let mut groups = vec![0u32; rows.len()];
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        let mut starts: Vec<u32> = Vec::new();
        let mut lo = 0;
        while lo < rows.len() {
            let key = rows[lo].0;
            let hi = lo + rows[lo..].iter().take_while(|r| r.0 == key).count();
            let g = starts.len() as u32;
            starts.push(lo as u32);
            for r in &rows[lo..hi] {
                let slot = &mut fill[r.1 as usize];
                groups[*slot as usize] = g;
                *slot += 1;
            }
            lo = hi;
        }
        starts.push(rows.len() as u32);
        Groups {
            members: rows.into_iter().map(|r| r.1).collect(),
            starts,
            groups,
            offsets,
        }
    }

    /// The groups article `i` is in, as slices of article numbers (itself included).
    fn of(&self, i: usize) -> impl Iterator<Item = &[u32]> + '_ {
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        self.groups[a..b].iter().map(|&g| {
            let (lo, hi) = (self.starts[g as usize], self.starts[g as usize + 1]);
            &self.members[lo as usize..hi as usize]
        })
    }
}

fn band_key(sketch: &[u16], band: usize) -> u64 {
    let key = sketch[band * ROWS..(band + 1) * ROWS]
        .iter()
        .fold(0u64, |k, &b| k << 16 | u64::from(b));
    key ^ (band as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Articles a worker takes at a time.
const CHUNK: usize = 256;

/// A worker's buffers, reused from article to article.
#[derive(Default)]
struct Scratch<'g> {
    candidates: Vec<u32>,
    rare: Vec<&'g [u32]>,
}

/// Push the edges from article `a` to the partners its band buckets and term postings
/// propose (rarest terms first, within [`TERM_BUDGET`]), as `(score, lower, higher)`.
fn edges_from<'g>(
    a: usize,
    items: &[Item],
    scoring: &Scoring,
    bands: &'g Groups,
    postings: &'g Groups,
    scratch: &mut Scratch<'g>,
    out: &mut Vec<(f32, u32, u32)>,
) {
    let cands = &mut scratch.candidates;
    cands.clear();
    for m in bands.of(a) {
        if m.len() > 1 && m.len() <= BUCKET_CAP {
            cands.extend_from_slice(m);
        }
    }
    let rare = &mut scratch.rare;
    rare.clear();
    rare.extend(
        postings
            .of(a)
            .filter(|m| m.len() > 1 && m.len() <= TERM_CAP),
    );
    rare.sort_by_key(|m| m.len());
    let mut budget = TERM_BUDGET;
    for m in rare.iter() {
        if m.len() > budget {
            break;
        }
        budget -= m.len();
        cands.extend_from_slice(m);
    }
    cands.sort_unstable();
    // A partner met once (one common-ish band or term) is chance; partners in one story meet
    // through several names and words.
    let mut k = 0;
    while k < cands.len() {
        let b = cands[k];
        let run = cands[k..].iter().take_while(|&&c| c == b).count();
        k += run;
        if run < MIN_MEETINGS || b as usize == a {
            continue;
        }
        let s = scoring.score(&items[a], &items[b as usize]);
        if s >= EDGE_MIN {
            let (x, y) = (a.min(b as usize), a.max(b as usize));
            out.push((s, x as u32, y as u32));
        }
    }
}

/// The LSH band keys of an article's sketch (none for a sketch that is not whole).
fn band_keys(it: &Item) -> impl Iterator<Item = u64> + '_ {
    let full = it.sketch.len() == fingerprint::BINS;
    (0..if full { BANDS } else { 0 }).map(move |b| band_key(&it.sketch, b))
}

/// The posting keys of an article: terms propose partners, and so do people's whole names
/// (which are not scored: their parts already are).
fn posting_keys(it: &Item) -> impl Iterator<Item = u64> + '_ {
    it.terms
        .iter()
        .map(|t| u64::from(t.0))
        .chain(it.people.iter().map(|&p| u64::from(p) | 1 << 32))
}

/// The articles filed under their sketches' LSH bands, keys for which `keep` holds only.
fn band_groups(items: &[Item], keep: impl Fn(u64) -> bool) -> Groups {
    Groups::new(items.len(), |i| band_keys(&items[i]).filter(|k| keep(*k)))
}

/// The articles filed under their posting keys, keys for which `keep` holds only.
fn posting_groups(items: &[Item], keep: impl Fn(u64) -> bool) -> Groups {
    Groups::new(items.len(), |i| {
        posting_keys(&items[i]).filter(|k| keep(*k))
    })
}

/// Scored pairs `(score, a, b)` with `a < b`, every pair once, best first.
fn candidate_edges(items: &[Item], scoring: &Scoring) -> Vec<(f32, u32, u32)> {
    let n = items.len();
    let bands = band_groups(items, |_| true);
    let postings = posting_groups(items, |_| true);
    let threads = std::thread::available_parallelism()
        .map(|t| t.get())
        .unwrap_or(2)
        .min(n.div_ceil(CHUNK))
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut edges: Vec<(f32, u32, u32)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (bands, postings, next) = (&bands, &postings, &next);
                scope.spawn(move || {
                    let mut out = Vec::new();
                    let mut scratch = Scratch::default();
                    loop {
                        let start = next.fetch_add(CHUNK, std::sync::atomic::Ordering::Relaxed);
                        if start >= n {
                            break;
                        }
                        for a in start..(start + CHUNK).min(n) {
                            edges_from(a, items, scoring, bands, postings, &mut scratch, &mut out);
                        }
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    edges.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    edges.dedup_by(|b, a| a.1 == b.1 && a.2 == b.2);
    edges
}

/// Indices (in file order) of the articles each pin names, and its name; a file pinned twice
/// stays in the first pin that names it.
fn pin_groups(arts: &[&Input], pins: &[Pin]) -> Vec<(String, Vec<u32>)> {
    let by_file: HashMap<&str, u32> = arts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.file.as_str(), i as u32))
        .collect();
    let mut taken = BTreeSet::new();
    pins.iter()
        .map(|p| {
            let members: Vec<u32> = p
                .files
                .iter()
                .filter_map(|f| by_file.get(f.as_str()).copied())
                .filter(|&i| taken.insert(i))
                .collect();
            (p.name.clone(), members)
        })
        .filter(|(_, m)| !m.is_empty())
        .collect()
}

/// Greedy average-link clustering over the edges, best first, from the pinned groups.
/// Returns each cluster's members (sorted) and its pin name.
fn cluster(
    items: &[Item],
    scoring: &Scoring,
    edges: &[(f32, u32, u32)],
    pins: &[(String, Vec<u32>)],
) -> Vec<(Vec<u32>, Option<String>)> {
    let n = items.len();
    let mut root: Vec<u32> = (0..n as u32).collect();
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    let mut pin: Vec<Option<usize>> = vec![None; n];
    // The earliest and latest publication day of each cluster's dated members.
    let mut span: Vec<Option<(i32, i32)>> = items.iter().map(|it| it.day.map(|d| (d, d))).collect();
    for (k, (_, group)) in pins.iter().enumerate() {
        let head = group[0];
        pin[head as usize] = Some(k);
        for &m in &group[1..] {
            root[m as usize] = head;
            let moved = std::mem::take(&mut members[m as usize]);
            members[head as usize].extend(moved);
            span[head as usize] = widen(span[head as usize], span[m as usize]);
        }
    }
    // Cluster pairs that failed to join, with their sizes then: tried again only once either
    // has grown. Cohesions are kept until a cluster changes.
    let mut refused: HashMap<(u32, u32), (usize, usize)> = HashMap::new();
    let mut cohesions: Vec<Option<f32>> = vec![None; n];
    for &(score, a, b) in edges {
        if score < LINK_MIN {
            break;
        }
        let (ra, rb) = (root[a as usize], root[b as usize]);
        if ra == rb {
            continue;
        }
        let (pa, pb) = (pin[ra as usize], pin[rb as usize]);
        if pa.is_some() && pb.is_some() {
            continue;
        }
        let key = (ra.min(rb), ra.max(rb));
        let sizes = (members[key.0 as usize].len(), members[key.1 as usize].len());
        if refused.get(&key) == Some(&sizes) {
            continue;
        }
        if too_long(widen(span[ra as usize], span[rb as usize])) {
            continue;
        }
        let (ma, mb) = (&members[ra as usize], &members[rb as usize]);
        let link = average_link(items, scoring, ma, mb);
        let mut joins = link >= LINK_MIN;
        // Two stories already told by several articles each join only when they are about
        // as alike across as within (or alike beyond doubt): two events of one week sharing
        // their cast stay apart.
        if joins && link < SURE_LINK && ma.len() >= 3 && mb.len() >= 3 {
            let ca = *cohesions[ra as usize].get_or_insert_with(|| cohesion(items, scoring, ma));
            let cb = *cohesions[rb as usize].get_or_insert_with(|| cohesion(items, scoring, mb));
            joins = link >= COHESION_SHARE * ca.min(cb);
        }
        if !joins {
            refused.insert(key, sizes);
            continue;
        }
        // The larger cluster absorbs the smaller.
        let (into, from) = if members[ra as usize].len() >= members[rb as usize].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let moved = std::mem::take(&mut members[from as usize]);
        for &m in &moved {
            root[m as usize] = into;
        }
        members[into as usize].extend(moved);
        pin[into as usize] = pa.or(pb);
        cohesions[into as usize] = None;
        span[into as usize] = widen(span[into as usize], span[from as usize]);
    }

    // An article left on its own joins the story it is clearly closest to, on less evidence
    // than it takes to start one: an outlet's looser telling of an event others told alike.
    let mut partners: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(_, a, b) in edges {
        partners[a as usize].push(b);
        partners[b as usize].push(a);
    }
    for a in 0..n {
        if members[a].len() != 1 || root[a] != a as u32 || pin[a].is_some() {
            continue;
        }
        let mut near: Vec<u32> = partners[a].iter().map(|&b| root[b as usize]).collect();
        near.sort_unstable();
        near.dedup();
        let mut links: Vec<(f32, u32)> = near
            .into_iter()
            .filter(|&r| members[r as usize].len() > 1)
            .filter(|&r| !too_long(widen(span[a], span[r as usize])))
            .map(|r| {
                (
                    average_link(items, scoring, &members[a], &members[r as usize]),
                    r,
                )
            })
            .collect();
        links.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let Some(&(best, into)) = links.first() else {
            continue;
        };
        let runner_up = links.get(1).map_or(0.0, |l| l.0);
        if best >= ATTACH_MIN && best - runner_up >= ATTACH_MARGIN {
            root[a] = into;
            let moved = std::mem::take(&mut members[a]);
            members[into as usize].extend(moved);
            span[into as usize] = widen(span[into as usize], span[a]);
        }
    }
    (0..n)
        .filter(|&i| root[i] == i as u32)
        .map(|i| {
            let mut m = std::mem::take(&mut members[i]);
            m.sort_unstable();
            (m, pin[i].map(|k| pins[k].0.clone()))
        })
        .collect()
}

/// The days two spans cover together.
fn widen(a: Option<(i32, i32)>, b: Option<(i32, i32)>) -> Option<(i32, i32)> {
    match (a, b) {
        (Some(x), Some(y)) => Some((x.0.min(y.0), x.1.max(y.1))),
        (x, None) | (None, x) => x,
    }
}

fn too_long(span: Option<(i32, i32)>) -> bool {
    span.is_some_and(|(first, last)| last - first > MAX_SPAN_DAYS)
}

/// The mean score between the members of two clusters, over at most [`LINK_SAMPLE`] members
/// of each (spread over the cluster).
fn average_link(items: &[Item], scoring: &Scoring, a: &[u32], b: &[u32]) -> f32 {
    let sample = |m: &[u32]| -> Vec<u32> {
        if m.len() <= LINK_SAMPLE {
            m.to_vec()
        } else {
            (0..LINK_SAMPLE)
                .map(|k| m[k * m.len() / LINK_SAMPLE])
                .collect()
        }
    };
    let (sa, sb) = (sample(a), sample(b));
    let mut total = 0.0;
    for &x in &sa {
        for &y in &sb {
            total += scoring.score(&items[x as usize], &items[y as usize]);
        }
    }
    total / (sa.len() * sb.len()) as f32
}

/// The mean score between the members of a cluster, over at most [`LINK_SAMPLE`] of them.
fn cohesion(items: &[Item], scoring: &Scoring, m: &[u32]) -> f32 {
    let sample: Vec<u32> = if m.len() <= LINK_SAMPLE {
        m.to_vec()
    } else {
        (0..LINK_SAMPLE)
            .map(|k| m[k * m.len() / LINK_SAMPLE])
            .collect()
    };
    let (mut total, mut pairs) = (0.0, 0);
    for (i, &x) in sample.iter().enumerate() {
        for &y in &sample[i + 1..] {
            total += scoring.score(&items[x as usize], &items[y as usize]);
            pairs += 1;
        }
    }
    if pairs == 0 {
        1.0
    } else {
        total / pairs as f32
    }
}

/// Content words of a headline, for picking the most representative one.
fn headline_words(title: &str) -> BTreeSet<String> {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(crate::analysis::aliases::fold_lower)
        .map(|w| w.trim_end_matches('s').to_string())
        .collect()
}

/// The story made of `members` (indices into `arts`).
fn story(arts: &[&Input], members: &[u32], pin: Option<String>) -> Story {
    let mut list: Vec<&Input> = members.iter().map(|&i| arts[i as usize]).collect();
    list.sort_by(|a, b| {
        (a.outlet.is_none(), &a.outlet, &a.file).cmp(&(b.outlet.is_none(), &b.outlet, &b.file))
    });
    let smallest = list.iter().map(|a| a.id.as_str()).min().unwrap_or("");
    let id = format!(
        "{:012x}",
        xxhash_rust::xxh3::xxh3_64(format!("story:{smallest}").as_bytes()) >> 16
    );
    let title = pin
        .clone()
        .filter(|p| !p.trim().is_empty())
        .or_else(|| representative_headline(&list))
        .unwrap_or_else(|| {
            format!(
                "(no headline) {}",
                list.first().map_or("", |a| a.file.as_str())
            )
        });
    let outlets: BTreeSet<String> = list.iter().filter_map(|a| a.outlet.clone()).collect();
    Story {
        id,
        title,
        pinned: pin.is_some(),
        first: list.iter().filter_map(|a| a.published).min(),
        last: list.iter().filter_map(|a| a.published).max(),
        outlets: outlets.into_iter().collect(),
        articles: list
            .iter()
            .map(|a| StoryArticle {
                id: a.id.clone(),
                file: a.file.clone(),
                outlet: a.outlet.clone(),
                title: a.title.clone(),
                published: a.published,
            })
            .collect(),
    }
}

/// The headline sharing the most words with the others (ties: the shorter, then the first).
fn representative_headline(list: &[&Input]) -> Option<String> {
    let heads: Vec<(&str, BTreeSet<String>)> = list
        .iter()
        .filter_map(|a| a.title.as_deref())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| (t, headline_words(t)))
        .collect();
    heads
        .iter()
        .enumerate()
        .map(|(i, (t, w))| {
            let shared: usize = heads
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, (_, o))| w.intersection(o).count())
                .sum();
            (shared, std::cmp::Reverse(t.len()), std::cmp::Reverse(i), *t)
        })
        .max()
        .map(|(_, _, _, t)| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(file: &str, title: &str, body: &str, published: Option<NaiveDate>) -> Input {
        let mut a = Article {
            outlet: Some(format!("Outlet {}", &file[..1])),
            title: Some(title.into()),
            published,
            ..Article::with_body(file, body)
        };
        a.fingerprint = fingerprint::fingerprint(&a);
        Input::from(a)
    }

    const TALKS: [&str; 3] = [
        "Syrian and Israeli negotiators resumed talks in Paris on a security agreement, a \
         demilitarised buffer zone near Quneitra and a joint communication cell, mediated by \
         envoy Barrack after months of stalled contacts.",
        "Negotiators from Israel and Syria met in Paris again: the security agreement under \
         discussion covers a buffer zone around Quneitra and a joint communication cell, \
         envoy Barrack said after the talks resumed.",
        "Talks between Syria and Israel resumed in Paris, where envoy Barrack pressed for a \
         security agreement, a buffer zone by Quneitra and a communication cell to prevent \
         clashes, after contacts stalled for months.",
    ];
    const FLOOD: [&str; 2] = [
        "Floodwaters swept through Valencia after torrential rainfall overnight; rescuers \
         evacuated residents from drowned villages and reservoirs overflowed, the regional \
         emergency agency reported.",
        "Torrential rainfall flooded Valencia overnight as reservoirs overflowed; rescuers \
         evacuated residents of drowned villages, according to the regional emergency agency.",
    ];

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 1, d)
    }

    #[test]
    fn one_event_is_one_story_and_another_stays_apart() {
        let arts = vec![
            article(
                "a1.txt",
                "Israel, Syria resume talks in Paris",
                TALKS[0],
                day(6),
            ),
            article("b1.txt", "Syria and Israel meet in Paris", TALKS[1], day(6)),
            article("c1.txt", "Paris talks resume", TALKS[2], None),
            article("d2.txt", "Valencia floods", FLOOD[0], day(7)),
            article("e2.txt", "Floods in Valencia", FLOOD[1], day(8)),
        ];
        let stories = group(&arts, &[]);
        let files: Vec<Vec<&str>> = stories
            .iter()
            .map(|s| s.articles.iter().map(|a| a.file.as_str()).collect())
            .collect();
        assert_eq!(
            files,
            vec![vec!["a1.txt", "b1.txt", "c1.txt"], vec!["d2.txt", "e2.txt"]]
        );
        assert_eq!(stories[0].first, day(6));
        assert_eq!(stories[0].last, day(6));
        assert_eq!(stories[1].outlets, vec!["Outlet d", "Outlet e"]);
        assert!(!stories[0].title.is_empty());
        // Deterministic whatever the input order.
        let mut rev = arts.clone();
        rev.reverse();
        assert_eq!(group(&rev, &[]), stories);
    }

    /// The file lists of `stories`, in their order.
    fn files(stories: &[Story]) -> Vec<Vec<&str>> {
        stories
            .iter()
            .map(|s| s.articles.iter().map(|a| a.file.as_str()).collect())
            .collect()
    }

    #[test]
    fn a_new_article_joins_its_story_without_a_regroup() {
        let arts = vec![
            article("a1.txt", "Israel, Syria resume talks", TALKS[0], day(6)),
            article("b1.txt", "Syria and Israel meet in Paris", TALKS[1], day(6)),
            article("d2.txt", "Valencia floods", FLOOD[0], day(7)),
            article("e2.txt", "Floods in Valencia", FLOOD[1], day(8)),
        ];
        let saved = group(&arts, &[]);
        let mut now = arts.clone();
        now.push(article("c1.txt", "Paris talks resume", TALKS[2], day(7)));
        let fresh = ["c1.txt"].into_iter().collect();
        let updated = update(&saved, &now, &fresh, &[]);
        assert_eq!(updated, group(&now, &[]));
        assert_eq!(
            files(&updated),
            vec![vec!["a1.txt", "b1.txt", "c1.txt"], vec!["d2.txt", "e2.txt"]]
        );
        // The story the newcomer did not join keeps its id and members.
        assert!(saved.contains(&updated[1]));

        // An article of another event starts a story of its own; nothing else moves.
        now.push(article(
            "f3.txt",
            "Wildfire near Athens",
            "A wildfire raged through pine forests north of Athens as firefighters battled \
             strong winds and residents of several suburbs were told to leave their homes.",
            day(9),
        ));
        let fresh = ["f3.txt"].into_iter().collect();
        let again = update(&updated, &now, &fresh, &[]);
        assert_eq!(
            files(&again),
            vec![
                vec!["a1.txt", "b1.txt", "c1.txt"],
                vec!["d2.txt", "e2.txt"],
                vec!["f3.txt"]
            ]
        );
        assert_eq!(again[..2], updated[..]);
    }

    #[test]
    fn a_removed_or_changed_article_leaves_its_story() {
        let arts = vec![
            article("a1.txt", "Israel, Syria resume talks", TALKS[0], day(6)),
            article("b1.txt", "Syria and Israel meet in Paris", TALKS[1], day(6)),
            article("c1.txt", "Paris talks resume", TALKS[2], day(7)),
            article("d2.txt", "Valencia floods", FLOOD[0], day(7)),
            article("e2.txt", "Floods in Valencia", FLOOD[1], day(8)),
        ];
        let saved = group(&arts, &[]);
        // b1 removed; c1 rewritten about the flood.
        let mut now: Vec<Input> = arts
            .iter()
            .filter(|a| a.file != "b1.txt" && a.file != "c1.txt")
            .cloned()
            .collect();
        now.push(article("c1.txt", "Valencia under water", FLOOD[1], day(8)));
        let fresh = ["c1.txt", "b1.txt"].into_iter().collect();
        let updated = update(&saved, &now, &fresh, &[]);
        assert_eq!(
            files(&updated),
            vec![vec!["c1.txt", "d2.txt", "e2.txt"], vec!["a1.txt"]]
        );
        // Nothing left: no stories.
        assert!(update(&saved, &[], &fresh, &[]).is_empty());
    }

    #[test]
    fn a_pinned_newcomer_joins_its_pin() {
        let pins = [Pin {
            name: "Mine".into(),
            files: vec!["a1.txt".into(), "e2.txt".into()],
        }];
        let arts = vec![
            article("a1.txt", "Israel, Syria resume talks", TALKS[0], day(6)),
            article("d2.txt", "Valencia floods", FLOOD[0], day(7)),
        ];
        let saved = group(&arts, &pins);
        let mut now = arts.clone();
        now.push(article("e2.txt", "Floods in Valencia", FLOOD[1], day(8)));
        let fresh = ["e2.txt"].into_iter().collect();
        let updated = update(&saved, &now, &fresh, &pins);
        // The flood article already told stays in its own story: an update joins newcomers,
        // it does not join stories (a whole regroup would put it beside its pinned partner).
        let mine = updated.iter().find(|s| s.pinned).unwrap();
        assert_eq!(mine.title, "Mine");
        assert_eq!(
            files(std::slice::from_ref(mine)),
            vec![vec!["a1.txt", "e2.txt"]]
        );
    }

    #[test]
    fn a_story_spans_weeks_not_months() {
        // The same telling, day by day: a chain of near-identical articles a week apart each
        // would join into one story of months. No story spans more than four weeks.
        let date =
            |d: i64| NaiveDate::from_ymd_opt(2026, 1, 1).map(|x| x + chrono::Duration::days(d));
        let arts: Vec<Input> = (0..10)
            .map(|k| {
                article(
                    &format!("{}{k}.txt", (b'a' + k as u8) as char),
                    "Israel, Syria resume talks in Paris",
                    TALKS[k % 3],
                    date(7 * k as i64),
                )
            })
            .collect();
        let stories = group(&arts, &[]);
        assert!(stories.len() >= 3, "{stories:#?}");
        for s in &stories {
            let (first, last) = (s.first.unwrap(), s.last.unwrap());
            assert!((last - first).num_days() <= 28, "{s:#?}");
        }
        // Within four weeks they are one story.
        let near: Vec<Input> = arts[..4].to_vec();
        assert_eq!(group(&near, &[]).len(), 1);
    }

    #[test]
    fn the_same_words_months_apart_score_lower() {
        let arts = [
            article("a.txt", "Valencia floods", FLOOD[0], day(7)),
            article("b.txt", "Floods in Valencia", FLOOD[1], day(8)),
            article(
                "c.txt",
                "Floods in Valencia",
                FLOOD[1],
                NaiveDate::from_ymd_opt(2025, 3, 1),
            ),
        ];
        let refs: Vec<&Input> = arts.iter().collect();
        let items = prepare(&refs);
        let s = Scoring { background: 0.05 };
        assert!(s.score(&items[0], &items[1]) > s.score(&items[0], &items[2]) + 0.2);
    }

    #[test]
    fn pins_join_what_text_would_not_and_keep_their_name() {
        let arts = vec![
            article(
                "a1.txt",
                "Israel, Syria resume talks in Paris",
                TALKS[0],
                None,
            ),
            article("d2.txt", "Valencia floods", FLOOD[0], None),
            article("e2.txt", "Floods in Valencia", FLOOD[1], None),
        ];
        let pins = [Pin {
            name: "Mixed".into(),
            files: vec!["a1.txt".into(), "d2.txt".into(), "missing.txt".into()],
        }];
        let stories = group(&arts, &pins);
        let mixed = stories.iter().find(|s| s.pinned).unwrap();
        assert_eq!(mixed.title, "Mixed");
        let files: Vec<&str> = mixed.articles.iter().map(|a| a.file.as_str()).collect();
        assert!(
            files.contains(&"a1.txt") && files.contains(&"d2.txt"),
            "{files:?}"
        );
    }

    #[test]
    fn two_pins_never_merge() {
        let arts = vec![
            article("a1.txt", "Valencia floods", FLOOD[0], None),
            article("b1.txt", "Floods in Valencia", FLOOD[1], None),
        ];
        let pins = [
            Pin {
                name: "One".into(),
                files: vec!["a1.txt".into()],
            },
            Pin {
                name: "Two".into(),
                files: vec!["b1.txt".into(), "a1.txt".into()],
            },
        ];
        let stories = group(&arts, &pins);
        assert_eq!(stories.len(), 2, "{stories:#?}");
    }

    #[test]
    fn average_link_refuses_a_chain() {
        // a ~ b and b ~ c strongly, a and c not at all: c must not join {a, b} through b.
        let mk = |terms: &[(u32, f32)]| Item {
            sketch: Vec::new(),
            people: Vec::new(),
            terms: {
                let norm = terms.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
                terms.iter().map(|&(h, w)| (h, w / norm)).collect()
            },
            day: None,
        };
        let items = vec![
            mk(&[(1, 1.0), (2, 1.0)]),
            mk(&[(1, 1.0), (2, 1.0), (3, 1.0)]),
            mk(&[(3, 1.0), (4, 1.0), (5, 1.0)]),
        ];
        let s = Scoring { background: 0.05 };
        let edges = vec![
            (s.score(&items[0], &items[1]), 0, 1),
            (s.score(&items[1], &items[2]), 1, 2),
        ];
        assert!(
            edges[0].0 > edges[1].0 && edges[1].0 >= LINK_MIN,
            "{edges:?}"
        );
        let clusters = cluster(&items, &s, &edges, &[]);
        assert_eq!(
            clusters,
            vec![(vec![0, 1], None), (vec![2], None)],
            "{clusters:?}"
        );
    }

    #[test]
    fn headline_sharing_most_words_wins_and_never_empty() {
        let a = article("a.txt", "Israel and Syria resume talks in Paris", "", None);
        let b = article("b.txt", "Syria talks resume", "", None);
        let c = article("c.txt", "Weather", "", None);
        assert_eq!(
            representative_headline(&[&c, &a, &b]).as_deref(),
            Some("Syria talks resume")
        );
        let mut untitled = article("u.txt", "", "", None);
        untitled.title = None;
        let s = story(&[&untitled], &[0], None);
        assert!(!s.title.is_empty());
    }
}
