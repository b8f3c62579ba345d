//! Blind evaluation on real stories: NewsWCL50 events 01, 03, 07 and 08, with gold written by
//! an annotator who never saw this code or its output
//! (tests/gold/newswcl50_event0{1,3,7,8}_*.toml):
//! - facts: pairs of sentences from different outlets put in one fact, precision and recall;
//! - attribution: for each gold sentence, whether the sources the analysis gives are the
//!   sources the annotator gave (none, one or several; a pronoun by what it refers to). The
//!   gold lists the sources the outlet gives, not those inside a source's report ("Comey wrote
//!   that Trump told him": Comey only), so those are compared ([`Framing::outlet_sources`]);
//!   the figure with every source of the list is printed beside it. For sources matched, the
//!   position (before, after, inside the clause) is compared too;
//! - loaded wording: the analysis's loaded-term flags in the outlets' own voice against the
//!   spans the annotator marked as evaluative wording.
//!
//! `cargo test --release --test eval -- --nocapture` prints the scores. The assertions are
//! floors just under the figures reached, so a change that makes them worse fails; they are
//! not the targets (see BENCHMARKS.md). Skipped where ../shared/corpora is not present.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use briefing::analysis::framing::frame_article;
use briefing::library::Corpus;
use briefing::model::{Article, Attribution, Framing, LoadedTerm, Position, Span};
use common::gold::{Gold, corpus_articles, cross_pairs, gold_groups_lenient};

#[derive(serde::Deserialize)]
struct AttributionGold {
    sentence: Vec<GoldSentence>,
}

#[derive(serde::Deserialize)]
struct GoldSentence {
    file: String,
    text: String,
    sources: Vec<GoldSource>,
}

#[derive(serde::Deserialize)]
struct GoldSource {
    source: String,
    #[serde(default, alias = "resolves")]
    refers_to: Option<String>,
    position: String,
}

#[derive(serde::Deserialize)]
struct LoadedGold {
    span: Vec<GoldSpan>,
}

#[derive(serde::Deserialize)]
struct GoldSpan {
    file: String,
    text: String,
    context: String,
}

/// Counts pooled over the events.
#[derive(Default, Debug)]
struct Tally {
    pairs_right: usize,
    pairs_found: usize,
    pairs_wanted: usize,
    sentences: usize,
    sentences_right: usize,
    sentences_not_found: usize,
    sources_wanted: usize,
    sources_found: usize,
    sources_right: usize,
    /// The same sentences scored on every source of the list, nested ones included.
    sentences_right_all: usize,
    positions: usize,
    positions_right: usize,
    flags: usize,
    flags_right: usize,
    spans: usize,
    spans_flagged: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    a as f64 / b.max(1) as f64
}

fn article<'a>(articles: &'a [Article], stem: &str) -> &'a Article {
    articles
        .iter()
        .find(|a| Path::new(&a.file).file_stem().is_some_and(|s| s == stem))
        .unwrap_or_else(|| panic!("no article {stem}"))
}

/// Where `piece` is in the article's body text (article offsets), searching passage by passage.
fn locate(a: &Article, piece: &str) -> Option<Span> {
    a.passages.iter().find_map(|p| {
        let at = p.text.find(piece)?;
        Some(Span::new(
            p.span.start + at,
            p.span.start + at + piece.len(),
        ))
    })
}

/// The words of a source that name it, lowercased, without determiners and punctuation.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| {
            !w.is_empty()
                && !matches!(
                    w.as_str(),
                    "a" | "an" | "the" | "of" | "and" | "s" | "to" | "in" | "on" | "from" | "for"
                )
        })
        .collect()
}

/// Whether a source the analysis gives names the gold source: the same words, or one's words
/// all among the other's ("Trump" for "President Donald Trump"), or at least half shared.
fn same_source(gold: &GoldSource, got: &Attribution) -> bool {
    let want = match &gold.refers_to {
        Some(r) if !r.is_empty() => r.as_str(),
        _ => gold.source.as_str(),
    };
    let w = words(want);
    let candidates = [Some(got.source.as_str()), got.as_written.as_deref()];
    candidates.into_iter().flatten().any(|g| {
        let g = words(g);
        if w.is_empty() || g.is_empty() {
            return false;
        }
        let shared = g.iter().filter(|x| w.contains(x)).count();
        shared == g.len() || shared == w.len() || shared * 2 >= w.len().max(g.len())
    })
}

/// Whether the sources `got` are all and only the gold's `want`; and how many of the gold's
/// are among them.
fn all_and_only(want: &[GoldSource], got: &[&Attribution]) -> (bool, usize) {
    let matched_gold = want
        .iter()
        .filter(|w| got.iter().any(|x| same_source(w, x)))
        .count();
    let matched_got = got
        .iter()
        .filter(|x| want.iter().any(|w| same_source(w, x)))
        .count();
    (
        matched_gold == want.len() && matched_got == got.len(),
        matched_gold,
    )
}

fn position_name(p: Position) -> &'static str {
    match p {
        Position::Before => "before",
        Position::After => "after",
        Position::Inside => "inside",
    }
}

fn score_event(event: &str, t: &mut Tally) -> bool {
    let root = common::gold::story_and_gold(event, "facts").0;
    if !root.exists() {
        eprintln!("skipped: {} is not here", root.display());
        return false;
    }
    let read = |kind: &str| std::fs::read_to_string(common::gold::story_and_gold(event, kind).1);
    let (_idx, articles) = corpus_articles(&Corpus::Paths(vec![root.clone()]));

    // Facts.
    let gold: Gold = toml::from_str(&read("facts").unwrap()).unwrap();
    let refs: Vec<&Article> = articles.iter().collect();
    let aligned = briefing::analysis::facts::align(&refs);
    let mut outside = Vec::new();
    let groups = gold_groups_lenient(&aligned, &articles, &gold, &mut outside);
    let n = aligned.sentences.len();
    let article_of = |u: usize| {
        if u < n {
            aligned.sentences[u].article
        } else {
            outside[u - n]
        }
    };
    let want = cross_pairs(&groups, &article_of);
    let got_groups: Vec<Vec<usize>> = aligned.facts.iter().map(|f| f.members.clone()).collect();
    let got = cross_pairs(&got_groups, &article_of);
    let right = got.intersection(&want).count();
    eprintln!(
        "{event} facts: {right} right of {} pairs found, {} wanted ({} gold sentences outside the body)",
        got.len(),
        want.len(),
        outside.len()
    );
    if let Some(dir) = std::env::var_os("EVAL_DUMP") {
        // The story as data for experiments outside Rust: sentences, gold pairs, likeness.
        let sentences: Vec<serde_json::Value> = (0..n)
            .map(|u| {
                let s = &aligned.sentences[u];
                let a = &articles[s.article];
                serde_json::json!({
                    "id": u,
                    "article": s.article,
                    "outlet": Path::new(&a.file).file_stem().unwrap_or_default().to_string_lossy(),
                    "text": briefing::analysis::facts::article_text(a, s.passage, s.span),
                })
            })
            .collect();
        let mut gold: Vec<_> = want.iter().filter(|(a, b)| *a < n && *b < n).collect();
        gold.sort();
        let mut likeness = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                let v = aligned.similarity(a, b);
                if v > 0.0 {
                    likeness.push((a, b, v));
                }
            }
        }
        let mut ours: Vec<_> = got.iter().collect();
        ours.sort();
        let out = serde_json::json!({
            "event": event,
            "sentences": sentences,
            "gold_pairs": gold,
            "our_pairs": ours,
            "likeness": likeness,
        });
        std::fs::write(
            Path::new(&dir).join(format!("{event}.json")),
            serde_json::to_string(&out).unwrap(),
        )
        .unwrap();
    }
    if std::env::var_os("EVAL_PAIRS").is_some() {
        // How well likeness alone separates the gold's pairs, before any grouping.
        for t in [0.1f32, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6] {
            let mut found = 0;
            let mut right = 0;
            for a in 0..n {
                for b in a + 1..n {
                    if aligned.sentences[a].article != aligned.sentences[b].article
                        && aligned.similarity(a, b) >= t
                    {
                        found += 1;
                        right += usize::from(want.contains(&(a, b)));
                    }
                }
            }
            eprintln!(
                "  {event} likeness >= {t:.2}: precision {:.3} recall {:.3} ({right} of {found})",
                ratio(right, found),
                ratio(right, want.len())
            );
        }
    }
    if let Some(path) = std::env::var_os("EVAL_FACTS") {
        let text = |u: usize| -> String {
            if u >= n {
                return "(outside the body)".into();
            }
            let s = &aligned.sentences[u];
            let a = &articles[s.article];
            let stem = Path::new(&a.file).file_stem().unwrap_or_default();
            let t = briefing::analysis::facts::article_text(a, s.passage, s.span);
            format!(
                "{}: {}",
                stem.to_string_lossy(),
                t.chars().take(160).collect::<String>()
            )
        };
        let sim = |a: usize, b: usize| {
            if a < n && b < n {
                aligned.similarity(a, b)
            } else {
                0.0
            }
        };
        let mut out = format!("# {event}\n## put together, not one fact in the gold\n");
        let mut wrong: Vec<_> = got.difference(&want).collect();
        wrong.sort();
        for &(a, b) in wrong {
            out += &format!("{:.2}\n  {}\n  {}\n", sim(a, b), text(a), text(b));
        }
        out += "## one fact in the gold, not put together\n";
        let mut missed: Vec<_> = want.difference(&got).collect();
        missed.sort();
        for &(a, b) in missed {
            out += &format!("{:.2}\n  {}\n  {}\n", sim(a, b), text(a), text(b));
        }
        let path = Path::new(&path).join(format!("{}.txt", event.replace('/', "-")));
        std::fs::write(&path, out).unwrap();
    }
    t.pairs_right += right;
    t.pairs_found += got.len();
    t.pairs_wanted += want.len();

    // Attribution.
    let framed: Vec<Vec<(Span, Framing)>> = articles.iter().map(frame_article).collect();
    let gold: AttributionGold = toml::from_str(&read("attribution").unwrap()).unwrap();
    for g in &gold.sentence {
        let a = article(&articles, &g.file);
        let i = articles.iter().position(|x| std::ptr::eq(x, a)).unwrap();
        let Some(at) = locate(a, &g.text) else {
            // A headline, or a piece our segmentation put elsewhere: counted as wrong.
            t.sentences += 1;
            t.sentences_not_found += 1;
            t.sources_wanted += g.sources.len();
            continue;
        };
        let Some((_, f)) = framed[i]
            .iter()
            .find(|(s, _)| s.start <= at.start && at.start < s.end)
        else {
            t.sentences += 1;
            t.sentences_not_found += 1;
            t.sources_wanted += g.sources.len();
            continue;
        };
        let got: Vec<&Attribution> = f.outlet_sources().collect();
        let (all_right, matched_gold) = all_and_only(&g.sources, &got);
        let every: Vec<&Attribution> = f.attributions.iter().collect();
        t.sentences_right_all += usize::from(all_and_only(&g.sources, &every).0);
        for w in &g.sources {
            if let Some(x) = got.iter().find(|x| same_source(w, x)) {
                t.positions += 1;
                t.positions_right += usize::from(position_name(x.position) == w.position);
            }
        }
        t.sentences += 1;
        t.sentences_right += usize::from(all_right);
        t.sources_wanted += g.sources.len();
        t.sources_found += got.len();
        t.sources_right += matched_gold;
        if !all_right && std::env::var_os("EVAL_VERBOSE").is_some() {
            let got: Vec<String> = every
                .iter()
                .map(|x| {
                    let nested = if got.iter().any(|y| std::ptr::eq(*y, *x)) {
                        ""
                    } else {
                        "↳ "
                    };
                    format!(
                        "{nested}{} ({}, {})",
                        x.source,
                        x.verb,
                        position_name(x.position)
                    )
                })
                .collect();
            let want: Vec<String> = g
                .sources
                .iter()
                .map(|x| format!("{} ({})", x.source, x.position))
                .collect();
            eprintln!(
                "  {} {:?}\n     want {want:?}\n     got  {got:?}",
                g.file, g.text
            );
        }
    }

    // Loaded wording, in the outlets' own voice.
    if let Ok(loaded) = read("loaded") {
        score_loaded(&articles, &framed, &loaded, t);
    }
    true
}

/// Scores the outlets' loaded wording against `gold` (a `*_loaded.toml`) into `t`.
fn score_loaded(articles: &[Article], framed: &[Vec<(Span, Framing)>], gold: &str, t: &mut Tally) {
    let gold: LoadedGold = toml::from_str(gold).unwrap();
    let spans: Vec<(usize, Span)> = gold
        .span
        .iter()
        .filter_map(|g| {
            let a = article(articles, &g.file);
            let i = articles.iter().position(|x| std::ptr::eq(x, a)).unwrap();
            let ctx = locate(a, &g.context)?;
            let off = g.context.find(&g.text)?;
            Some((
                i,
                Span::new(ctx.start + off, ctx.start + off + g.text.len()),
            ))
        })
        .collect();
    let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
    let terms: Vec<(usize, &LoadedTerm)> = framed
        .iter()
        .enumerate()
        .flat_map(|(i, fs)| {
            fs.iter().flat_map(move |(_, f)| {
                f.loaded_terms
                    .iter()
                    .filter(|l| !l.quoted)
                    .map(move |l| (i, l))
            })
        })
        .collect();
    let flags: Vec<(usize, Span)> = terms.iter().map(|(i, l)| (*i, l.span)).collect();
    if std::env::var_os("EVAL_VERBOSE").is_some() {
        for (i, l) in &terms {
            let hit = spans.iter().any(|(j, g)| i == j && overlaps(l.span, *g));
            let file = Path::new(&articles[*i].file).file_stem();
            eprintln!(
                "  flag {} {:?} ({}) in {file:?}",
                if hit { "right" } else { "wrong" },
                l.text,
                l.group
            );
        }
        for g in &gold.span {
            let a = article(articles, &g.file);
            let i = articles.iter().position(|x| std::ptr::eq(x, a)).unwrap();
            let flagged = spans.iter().filter(|(j, _)| *j == i).any(|(_, s)| {
                flags.iter().any(|(k, f)| *k == i && overlaps(*f, *s)) && {
                    let ctx = locate(a, &g.context);
                    ctx.is_some_and(|c| c.start <= s.start && s.end <= c.end)
                }
            });
            if !flagged {
                eprintln!("  span missed {:?} in {}", g.text, g.file);
            }
        }
    }
    t.flags += flags.len();
    t.flags_right += flags
        .iter()
        .filter(|(i, s)| spans.iter().any(|(j, g)| i == j && overlaps(*s, *g)))
        .count();
    t.spans += gold.span.len();
    t.spans_flagged += spans
        .iter()
        .filter(|(j, g)| flags.iter().any(|(i, s)| i == j && overlaps(*s, *g)))
        .count();
}

#[test]
fn blind_gold_on_real_stories() {
    score_stories(
        "NewsWCL50 events 01, 03, 07, 08, blind gold, pooled:",
        &["event-01", "event-03", "event-07", "event-08"],
        FLOOR,
    );
}

/// Two three-outlet stories of the Article-Bias-Prediction corpus (tests/gold/abp: North
/// Carolina's voter ID law, CNN / Fox News / NPR; Michael Slager's sentence, Mother Jones /
/// Reuters / The Daily Caller), facts and attribution gold written blind on 2026-12-07 by an
/// annotator who saw neither the code nor its output: the shape of the hidden stories.
#[test]
fn abp_three_outlet_fact_gold() {
    score_stories(
        "Article-Bias-Prediction, two three-outlet stories, blind gold, pooled:",
        common::gold::ABP_READ,
        ABP_FLOOR,
    );
}

/// The held-out three-outlet ABP stories (`common::gold::ABP_HELD_OUT`), facts and
/// attribution: scored, never read. Do not look at their misses (no EVAL_VERBOSE or
/// EVAL_FACTS with this test) or make rules from them.
#[test]
fn abp_held_out_fact_gold() {
    score_stories(
        "Article-Bias-Prediction, five held-out three-outlet stories, blind gold, pooled:",
        common::gold::ABP_HELD_OUT,
        ABP_HELD_OUT_FLOOR,
    );
}

/// Scores `stories` pooled, prints the figures under `title` and checks them against `floor`.
fn score_stories(title: &str, stories: &[&str], floor: (f64, f64, f64)) {
    let mut t = Tally::default();
    let mut ran = false;
    for event in stories {
        ran |= score_event(event, &mut t);
    }
    if !ran {
        return;
    }
    let found = ratio(t.pairs_right, t.pairs_wanted);
    let right = ratio(t.pairs_right, t.pairs_found);
    let attribution = ratio(t.sentences_right, t.sentences);
    eprintln!("{title}");
    eprintln!(
        "  fact pairs found  {found:.3}  ({} of {} gold pairs)",
        t.pairs_right, t.pairs_wanted
    );
    eprintln!(
        "  fact pairs right  {right:.3}  ({} of {} pairs put together)",
        t.pairs_right, t.pairs_found
    );
    eprintln!(
        "  attribution right {attribution:.3}  ({} of {} sentences; {} not found as sentences)",
        t.sentences_right, t.sentences, t.sentences_not_found
    );
    eprintln!(
        "  attribution right, nested sources counted too {:.3}",
        ratio(t.sentences_right_all, t.sentences)
    );
    eprintln!(
        "  position right {:.3}  ({} of {} gold sources found)",
        ratio(t.positions_right, t.positions),
        t.positions_right,
        t.positions
    );
    eprintln!(
        "  sources: recall {:.3} ({} of {}), {} given",
        ratio(t.sources_right, t.sources_wanted),
        t.sources_right,
        t.sources_wanted,
        t.sources_found
    );
    if t.spans > 0 {
        print_loaded(&t);
    }
    // Floors just under what is reached today (see BENCHMARKS.md): a regression fails here.
    assert!(found >= floor.0, "fact pairs found {found:.3}");
    assert!(right >= floor.1, "fact pairs right {right:.3}");
    assert!(attribution >= floor.2, "attribution right {attribution:.3}");
}

/// Loaded wording on events whose gold was written after the lexicon's last change and kept
/// out of its choice (tests/gold/newswcl50_event0{2,9}_loaded.toml): a held-out check of
/// the flags. Prints the figures; floors as for the other events.
#[test]
fn held_out_loaded_wording() {
    let mut t = Tally::default();
    for event in ["event-02", "event-09"] {
        let (root, gold) = common::gold::story_and_gold(event, "loaded");
        if !root.exists() || !gold.exists() {
            eprintln!("skipped: {event}");
            continue;
        }
        let (_idx, articles) = corpus_articles(&Corpus::Paths(vec![root]));
        let framed: Vec<Vec<(Span, Framing)>> = articles.iter().map(frame_article).collect();
        score_loaded(
            &articles,
            &framed,
            &std::fs::read_to_string(gold).unwrap(),
            &mut t,
        );
    }
    if t.spans == 0 {
        return;
    }
    eprintln!("NewsWCL50 events 02 and 09, held-out loaded-wording gold:");
    let (flags_right, spans_flagged) = print_loaded(&t);
    assert!(
        flags_right >= LOADED_FLOOR.0,
        "flags right {flags_right:.3}"
    );
    assert!(
        spans_flagged >= LOADED_FLOOR.1,
        "spans flagged {spans_flagged:.3}"
    );
}

/// Loaded flags right, loaded spans flagged, on the held-out events: just under the figures
/// reached (0.714, 0.358; BENCHMARKS.md).
const LOADED_FLOOR: (f64, f64) = (0.69, 0.34);

/// Prints the loaded-wording figures of `t`; returns flags right and spans flagged.
fn print_loaded(t: &Tally) -> (f64, f64) {
    let flags_right = ratio(t.flags_right, t.flags);
    let spans_flagged = ratio(t.spans_flagged, t.spans);
    eprintln!(
        "  loaded flags right {flags_right:.3}  ({} of {} flags)",
        t.flags_right, t.flags
    );
    eprintln!(
        "  loaded spans flagged {spans_flagged:.3}  ({} of {} spans)",
        t.spans_flagged, t.spans
    );
    (flags_right, spans_flagged)
}

/// Fact pairs found, fact pairs right, attribution right.
const FLOOR: (f64, f64, f64) = (0.22, 0.6, 0.8);
/// Blind on 2026-12-07: 0.157, 0.560, 0.714; read since, now 0.180, 0.615, 0.790.
const ABP_FLOOR: (f64, f64, f64) = (0.17, 0.6, 0.77);
/// Held out, scored blind once on 2026-12-07 (the tree of that commit): 0.217, 0.442, 0.604;
/// with the kidney-care story added on 2026-12-08: 0.240, 0.480, 0.689; with sackler-transfers
/// and enda-senate too (five stories, this floor's tree): 0.245, 0.519, 0.700.
const ABP_HELD_OUT_FLOOR: (f64, f64, f64) = (0.23, 0.5, 0.67);
