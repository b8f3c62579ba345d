//! Facts on the seeds, scored against a hand-made gold (tests/gold/seed_facts.toml): pairwise
//! precision and recall over pairs of sentences from different articles that report the same
//! fact.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use briefing::analysis::facts::{self, article_text};
use briefing::library::Corpus;
use briefing::model::Article;

use common::gold::{Gold, corpus_articles, cross_pairs, gold_groups};

fn seed_articles() -> (tempfile::TempDir, Vec<Article>) {
    corpus_articles(&Corpus::Seeds)
}

/// Pairwise precision and recall of the facts of `articles` against `gold`, printing the facts,
/// the wrong pairs and the missed ones.
fn score(articles: &[Article], gold: &Gold) -> (f64, f64) {
    let refs: Vec<&Article> = articles.iter().collect();
    let aligned = facts::align(&refs);
    let text = |u: usize| {
        let unit = &aligned.sentences[u];
        article_text(&articles[unit.article], unit.passage, unit.span)
    };
    let gold_groups = gold_groups(&aligned, articles, gold);
    let article_of = |u: usize| aligned.sentences[u].article;
    let want = cross_pairs(&gold_groups, &article_of);
    let got_groups: Vec<Vec<usize>> = aligned.facts.iter().map(|f| f.members.clone()).collect();
    let got = cross_pairs(&got_groups, &article_of);
    let right = got.intersection(&want).count();
    let precision = right as f64 / got.len().max(1) as f64;
    let recall = right as f64 / want.len().max(1) as f64;
    let file = |u: usize| &articles[article_of(u)].file;
    for f in aligned.facts.iter().filter(|f| f.members.len() > 1) {
        eprintln!("FACT {:?} ({:.2})", f.label, f.cohesion);
        for &m in &f.members {
            eprintln!("   {} | {}", file(m), text(m));
        }
    }
    for (a, b) in got.difference(&want) {
        eprintln!(
            "WRONG: {} | {}\n       {} | {}",
            file(*a),
            text(*a),
            file(*b),
            text(*b)
        );
    }
    for (a, b) in want.difference(&got) {
        eprintln!(
            "MISSED ({:.2}): {} | {}\n        {} | {}",
            aligned.similarity(*a, *b),
            file(*a),
            text(*a),
            file(*b),
            text(*b)
        );
    }
    for (f, g) in gold.fact.iter().zip(&gold_groups) {
        let want_f = cross_pairs(std::slice::from_ref(g), &article_of);
        let found = want_f.intersection(&got).count();
        eprintln!("GOLD {found:>2}/{:<2} {}", want_f.len(), f.label);
    }
    eprintln!(
        "pairwise precision {precision:.3} recall {recall:.3} ({right} right of {} found, {} wanted)",
        got.len(),
        want.len()
    );
    (precision, recall)
}

#[test]
fn seed_facts_meet_the_gold() {
    let (_idx, articles) = seed_articles();
    let gold: Gold = toml::from_str(include_str!("gold/seed_facts.toml")).unwrap();
    let (precision, recall) = score(&articles, &gold);
    // 0.947 at 0.659 here. Word overlap alone gave 0.917 at 0.805; the stricter grouping chosen
    // on real stories (meaning vectors, JOIN 0.4, pruning) trades seed recall for precision on
    // real news (held-out NewsWCL50: 0.41 -> 0.65 precision), see BENCHMARKS.md.
    assert!(precision >= 0.9, "precision {precision:.3}");
    assert!(recall >= 0.62, "recall {recall:.3}");
}

/// The seeds, with a paragraph of 20,000 "a, " added to one and a 150 KB paragraph with no full
/// stop to another: analysis cuts both into sentences no longer than the cap, the facts come
/// out, and the run-on text joins no fact that other outlets tell.
#[test]
fn run_on_paragraphs_are_cut_and_leave_the_facts_as_they_were() {
    use briefing::analysis::segment::MAX_SENTENCE_BYTES;
    let dir = tempfile::tempdir().unwrap();
    let filler = "the committee weighed budget items for the coming season without reaching \
                  any firm conclusion while members debated procedure ";
    let run_on = filler.repeat(150_000 / filler.len() + 1);
    for (i, (name, bytes)) in briefing::ingest::SEEDS.iter().enumerate() {
        let mut text = String::from_utf8(bytes.to_vec()).unwrap();
        match i {
            1 => text.push_str(&format!("\n\n{}\n", "a, ".repeat(20_000))),
            2 => text.push_str(&format!("\n\n{run_on}\n")),
            _ => {}
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (_idx, articles) = corpus_articles(&Corpus::Paths(vec![dir.path().to_path_buf()]));
    assert_eq!(articles.len(), 5);
    let sentences = |a: &Article| a.passages.iter().flat_map(|p| p.sentences.clone()).count();
    assert!(sentences(&articles[1]) > 60 && sentences(&articles[2]) > 150);
    for a in &articles {
        for p in &a.passages {
            assert!(p.sentences.iter().all(|s| s.len() <= MAX_SENTENCE_BYTES));
        }
    }
    let gold: Gold = toml::from_str(include_str!("gold/seed_facts.toml")).unwrap();
    let (precision, recall) = score(&articles, &gold);
    // Lower than on the plain seeds (0.917 at 0.805): a word's weight is its inverse frequency
    // among all the story's sentences, and 200 sentences of filler shift every weight. The
    // filler itself joins no fact (below).
    assert!(precision >= 0.65, "precision {precision:.3}");
    assert!(recall >= 0.6, "recall {recall:.3}");
    let refs: Vec<&Article> = articles.iter().collect();
    let found = facts::facts("s", &refs);
    assert!(found.iter().any(|f| f.outlets.len() >= 3), "{found:#?}");
    assert!(
        found
            .iter()
            .flat_map(|f| &f.passages)
            .all(|p| !p.text.starts_with("a, a,")),
        "pieces of \"a, a, …\" have no word to report and are no facts"
    );
    assert!(
        found
            .iter()
            .filter(|f| f.outlets.len() > 1)
            .flat_map(|f| &f.passages)
            .all(|p| !p.text.starts_with("a, a,") && !p.text.contains("committee weighed")),
        "the run-on text joined a fact told by other outlets"
    );
}

#[test]
#[ignore = "diagnostic: prints how pair likeness separates the gold's pairs from the rest"]
fn pair_likeness_against_the_gold() {
    let (_idx, articles) = seed_articles();
    let refs: Vec<&Article> = articles.iter().collect();
    let aligned = facts::align(&refs);
    let text = |u: usize| {
        let unit = &aligned.sentences[u];
        article_text(&articles[unit.article], unit.passage, unit.span)
    };
    let gold: Gold = toml::from_str(include_str!("gold/seed_facts.toml")).unwrap();
    let groups = gold_groups(&aligned, &articles, &gold);
    let article_of = |u: usize| aligned.sentences[u].article;
    let want = cross_pairs(&groups, &article_of);
    let n = aligned.sentences.len();
    let mut scored: Vec<(f32, bool, usize, usize)> = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            if article_of(a) != article_of(b) {
                scored.push((aligned.similarity(a, b), want.contains(&(a, b)), a, b));
            }
        }
    }
    scored.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut right = 0;
    for (i, (s, good, a, b)) in scored.iter().enumerate().take(140) {
        if *good {
            right += 1;
        }
        eprintln!(
            "{s:.2} {} P={:.2} R={:.2} | {} | {}",
            if *good { "GOOD" } else { "bad " },
            right as f64 / (i + 1) as f64,
            right as f64 / want.len() as f64,
            &text(*a)[..text(*a).len().min(70)],
            &text(*b)[..text(*b).len().min(70)]
        );
    }
}

#[test]
#[ignore = "timing: run with --release --ignored --nocapture"]
fn facts_per_story_timing_on_newswcl50() {
    let root = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/newswcl50"
    ));
    if !root.exists() {
        return;
    }
    let idx = tempfile::tempdir().unwrap();
    let lib = common::open(&Corpus::Paths(vec![root.to_path_buf()]), idx.path());
    let summaries = lib.articles().unwrap();
    // Ten articles in one story: two events' articles together.
    let ten: Vec<&str> = summaries
        .iter()
        .filter(|s| s.file.starts_with("event-00/") || s.file.starts_with("event-01/"))
        .map(|s| s.id.as_str())
        .collect();
    let t = std::time::Instant::now();
    let facts = lib.facts_of("s", &ten).unwrap();
    eprintln!(
        "10 articles: {} facts in {:?} with loading",
        facts.len(),
        t.elapsed()
    );
    for event in 0..10 {
        let ids: Vec<&str> = summaries
            .iter()
            .filter(|s| s.file.starts_with(&format!("event-{event:02}/")))
            .map(|s| s.id.as_str())
            .collect();
        let t = std::time::Instant::now();
        let facts = lib.facts_of("s", &ids).unwrap();
        let total = t.elapsed();
        let articles: Vec<Article> = ids
            .iter()
            .map(|id| lib.article(id).unwrap().unwrap())
            .collect();
        let refs: Vec<&Article> = articles.iter().collect();
        let t = std::time::Instant::now();
        let _ = facts::align(&refs);
        let align = t.elapsed();
        let sentences: usize = articles
            .iter()
            .map(|a| a.passages.iter().map(|p| p.sentences.len()).sum::<usize>())
            .sum();
        eprintln!(
            "event-{event:02}: {} articles, {sentences} sentences, {} facts ({} shared): {total:?} with loading, align {align:?}",
            ids.len(),
            facts.len(),
            facts.iter().filter(|f| f.outlets.len() > 1).count()
        );
    }
}

/// A story the aligner was not tuned on: NewsWCL50's event-05 (five outlets on Trump's July
/// 2018 UK visit), with a gold made by someone who had not seen the aligner's output. Run where
/// the corpus is (`../shared/corpora/newswcl50`); it prints where it is not.
#[test]
fn held_out_story_facts_against_an_independent_gold() {
    let root = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/newswcl50/event-05"
    ));
    if !root.exists() {
        eprintln!("skipped: {} is not here", root.display());
        return;
    }
    let (_idx, mut articles) = corpus_articles(&Corpus::Paths(vec![root.to_path_buf()]));
    articles.sort_by(|a, b| a.file.cmp(&b.file));
    let gold: Gold = toml::from_str(include_str!("gold/newswcl50_event05_facts.toml")).unwrap();
    let (precision, recall) = score(&articles, &gold);
    // This gold is looser than the seeds' (one "protests are planned" fact of 22 sentences is
    // 170 of its 394 pairs). Reached: 0.718 at 0.142 once; 0.746 at 0.127 now (2026-12-06);
    // whole-sentence facts gave 0.755 at 0.094.
    // Many wrong pairs are the New York Times' photo captions and subheads, kept as body text.
    assert!(precision >= 0.65, "precision {precision:.3}");
    assert!(recall >= 0.12, "recall {recall:.3}");
}

/// Facts saved in a library are read back while `FACTS_VERSION` and the index format stay
/// the same, so a change to what the facts are must bump one of them. The sample briefing's
/// facts are fingerprinted here under the versions they were taken with: when they change
/// and neither version did, this fails.
#[test]
fn saved_facts_version_follows_the_facts() {
    const RECORDED: (&str, &str, u64) = ("facts-9", "schema 3; analysis 44", 15398777997496875957);
    let idx = tempfile::tempdir().unwrap();
    let lib = common::open(&Corpus::Seeds, idx.path());
    let all = lib.all_facts().unwrap();
    let hash = xxhash_rust::xxh3::xxh3_64(&serde_json::to_vec(&all).unwrap());
    let format = briefing::index::FORMAT;
    let analysis = format.split("; briefing").next().unwrap();
    let now = (briefing::library::FACTS_VERSION, analysis, hash);
    if (now.0, now.1) == (RECORDED.0, RECORDED.1) {
        assert_eq!(
            now.2, RECORDED.2,
            "the sample briefing's facts changed: bump FACTS_VERSION (src/library/saved_facts.rs) \
             and record {now:?} here"
        );
    } else {
        panic!("the versions changed: record {now:?} here");
    }
}
