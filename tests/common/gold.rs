//! Hand-made gold and what the scorers share: a gold's facts as groups of the aligner's
//! sentences, and the pairs of sentences from different articles that a grouping puts together.

use std::collections::{HashMap, HashSet};

use briefing::analysis::facts::{self, article_text};
use briefing::library::Corpus;
use briefing::model::Article;

#[derive(serde::Deserialize)]
pub struct Gold {
    pub fact: Vec<GoldFact>,
}

#[derive(serde::Deserialize)]
pub struct GoldFact {
    pub label: String,
    pub sentences: Vec<(String, String)>,
}

pub fn corpus_articles(corpus: &Corpus) -> (tempfile::TempDir, Vec<Article>) {
    let idx = tempfile::tempdir().unwrap();
    let lib = super::open(corpus, idx.path());
    let mut articles: Vec<Article> = lib
        .articles()
        .unwrap()
        .iter()
        .map(|s| lib.article(&s.id).unwrap().unwrap())
        .collect();
    articles.sort_by(|a, b| a.file.cmp(&b.file));
    (idx, articles)
}

/// Unordered pairs of sentence units from different articles.
pub type Pairs = HashSet<(usize, usize)>;

pub fn cross_pairs(groups: &[Vec<usize>], article_of: &dyn Fn(usize) -> usize) -> Pairs {
    let mut out = HashSet::new();
    for g in groups {
        for &a in g {
            for &b in g {
                if a < b && article_of(a) != article_of(b) {
                    out.insert((a, b));
                }
            }
        }
    }
    out
}

/// The gold's facts as groups of sentence numbers of `aligned`; a gold sentence that is not
/// there is an error in the gold.
pub fn gold_groups(aligned: &facts::Aligned, articles: &[Article], gold: &Gold) -> Vec<Vec<usize>> {
    groups(aligned, articles, gold, None)
}

/// The same for a gold written on the raw text, whose pieces may lie across two of our
/// sentences (the sentence holding the piece's start is taken) or outside the body (a
/// headline): such a sentence gets a number past the aligner's, and `outside` the article it
/// is in, so its pairs are wanted and never found.
pub fn gold_groups_lenient(
    aligned: &facts::Aligned,
    articles: &[Article],
    gold: &Gold,
    outside: &mut Vec<usize>,
) -> Vec<Vec<usize>> {
    groups(aligned, articles, gold, Some(outside))
}

fn groups(
    aligned: &facts::Aligned,
    articles: &[Article],
    gold: &Gold,
    mut outside: Option<&mut Vec<usize>>,
) -> Vec<Vec<usize>> {
    let text = |u: usize| {
        let unit = &aligned.sentences[u];
        article_text(&articles[unit.article], unit.passage, unit.span)
    };
    let n = aligned.sentences.len();
    let mut seen: HashMap<(usize, String), usize> = HashMap::new();
    gold.fact
        .iter()
        .map(|f| {
            f.sentences
                .iter()
                .map(|(prefix, piece)| {
                    let in_unit = (0..n).find(|&u| {
                        articles[aligned.sentences[u].article]
                            .file
                            .starts_with(prefix.as_str())
                            && text(u).contains(piece.as_str())
                    });
                    if let Some(u) = in_unit {
                        return u;
                    }
                    let Some(outside) = outside.as_deref_mut() else {
                        panic!("gold sentence not found: {prefix} {piece:?} ({})", f.label)
                    };
                    let article = articles
                        .iter()
                        .position(|a| a.file.starts_with(prefix.as_str()))
                        .unwrap_or_else(|| panic!("no article {prefix}"));
                    let start = articles[article]
                        .passages
                        .iter()
                        .find_map(|p| p.text.find(piece.as_str()).map(|at| p.span.start + at));
                    let across = start.and_then(|at| {
                        (0..n).find(|&u| {
                            let s = &aligned.sentences[u];
                            s.article == article && s.span.start <= at && at < s.span.end
                        })
                    });
                    across.unwrap_or_else(|| {
                        *seen.entry((article, piece.clone())).or_insert_with(|| {
                            outside.push(article);
                            n + outside.len() - 1
                        })
                    })
                })
                .collect()
        })
        .collect()
}

/// The three-outlet ABP stories whose misses are read (`tests/gold/abp/README.md`).
pub const ABP_READ: &[&str] = &["abp/nc-voter-id", "abp/sc-slager"];

/// The three-outlet ABP stories HELD OUT: scored, never read, no rule made from them (no
/// EVAL_VERBOSE or EVAL_FACTS with their tests). Gold written blind on 2026-12-07
/// (space-force, isis-airstrikes) and 2026-12-08 (the other three); stories and outlets in
/// `tests/gold/abp/README.md`. Once any is read, say so there and write new held-out gold.
pub const ABP_HELD_OUT: &[&str] = &[
    "abp/space-force",
    "abp/isis-airstrikes",
    "abp/kidney-care",
    "abp/sackler-transfers",
    "abp/enda-senate",
];

/// The folder of story `name` and its gold of `kind` ("facts", "entities", "attribution",
/// "loaded"): `event-NN` is NewsWCL50's event folder in `../shared/corpora` with
/// `tests/gold/newswcl50_eventNN_<kind>.toml`; `abp/NAME` is a story kept in
/// `tests/gold/abp/NAME` (articles of the Article-Bias-Prediction corpus) with
/// `tests/gold/abp_NAME_<kind>.toml`.
pub fn story_and_gold(name: &str, kind: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    match name.strip_prefix("abp/") {
        Some(story) => (
            here.join("tests/gold/abp").join(story),
            here.join("tests/gold")
                .join(format!("abp_{story}_{kind}.toml")),
        ),
        None => (
            here.join("../shared/corpora/newswcl50").join(name),
            here.join("tests/gold")
                .join(format!("newswcl50_{}_{kind}.toml", name.replace('-', ""))),
        ),
    }
}
