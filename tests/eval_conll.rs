//! Entities against a public benchmark: the CoNLL++ test set (Wang et al. 2019, the CoNLL-2003
//! English test set with its label errors corrected; github.com/ZihanWangKi/CrossWeigh,
//! data/conllpp_test.txt). Not kept in this repository (Reuters text): point `CONLLPP` at the
//! file to run it, e.g.
//!
//! ```text
//! git -C <CrossWeigh clone> show HEAD:data/conllpp_test.txt > /tmp/conllpp_test.txt
//! CONLLPP=/tmp/conllpp_test.txt cargo test --release --test eval_conll -- --nocapture
//! ```
//!
//! Only prose sentences are scored (at least six tokens, ending in sentence punctuation, most
//! words in lower case): the set's sports tables and all-capital headlines are not what a
//! reader drops into `briefing`. Each CoNLL document's prose sentences become one plain-text
//! article, one paragraph a sentence, read through the whole pipeline (ingest, recognition,
//! joining). Person, organization and place mentions are scored against PER, ORG and LOC by
//! exact span (the CoNLL measure) and by overlap; MISC gold and our dates and groups
//! (nationalities) are left out of both sides.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use briefing::library::Corpus;
use briefing::model::EntityKind;

/// One gold or found entity: file number, byte range, type (PER, ORG, LOC).
type Labelled = (usize, usize, usize, &'static str);

struct Sentence {
    tokens: Vec<String>,
    tags: Vec<String>,
}

fn documents(text: &str) -> Vec<Vec<Sentence>> {
    let mut docs: Vec<Vec<Sentence>> = Vec::new();
    let mut sent = Sentence {
        tokens: Vec::new(),
        tags: Vec::new(),
    };
    let flush = |sent: &mut Sentence, docs: &mut Vec<Vec<Sentence>>| {
        if !sent.tokens.is_empty() {
            if docs.is_empty() {
                docs.push(Vec::new());
            }
            docs.last_mut().unwrap().push(std::mem::replace(
                sent,
                Sentence {
                    tokens: Vec::new(),
                    tags: Vec::new(),
                },
            ));
        }
    };
    for line in text.lines() {
        if line.starts_with("-DOCSTART-") {
            flush(&mut sent, &mut docs);
            docs.push(Vec::new());
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            flush(&mut sent, &mut docs);
            continue;
        }
        sent.tokens.push(cols[0].to_string());
        sent.tags.push(cols[cols.len() - 1].to_string());
    }
    flush(&mut sent, &mut docs);
    docs
}

fn is_prose(s: &Sentence) -> bool {
    let n = s.tokens.len();
    let ends = s
        .tokens
        .iter()
        .rev()
        .find(|t| !matches!(t.as_str(), "\"" | "'" | ")"))
        .is_some_and(|t| matches!(t.as_str(), "." | "?" | "!"));
    let words: Vec<&String> = s
        .tokens
        .iter()
        .filter(|t| t.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let lower = words
        .iter()
        .filter(|t| t.chars().next().is_some_and(char::is_lowercase))
        .count();
    n >= 6 && ends && lower * 2 >= words.len()
}

/// No space before these tokens.
fn glued(t: &str) -> bool {
    matches!(
        t,
        "," | "." | ";" | ":" | "!" | "?" | ")" | "%" | "'s" | "n't" | "'"
    )
}

fn label(tag: &str) -> Option<&'static str> {
    match tag.get(2..) {
        Some("PER") => Some("PER"),
        Some("ORG") => Some("ORG"),
        Some("LOC") => Some("LOC"),
        _ => None,
    }
}

/// The sentence appended to `out` as text, with its gold PER/ORG/LOC entities as byte ranges.
fn write_sentence(s: &Sentence, file: usize, out: &mut String, gold: &mut Vec<Labelled>) {
    let mut open: Option<(usize, usize, &'static str)> = None;
    for (i, (tok, tag)) in s.tokens.iter().zip(&s.tags).enumerate() {
        if i > 0 && !glued(tok) && !out.ends_with('(') {
            out.push(' ');
        }
        let start = out.len();
        out.push_str(tok);
        let end = out.len();
        let ty = label(tag);
        let continues = tag.starts_with("I-") && open.is_some_and(|o| Some(o.2) == ty);
        if continues {
            if let Some(o) = open.as_mut() {
                o.1 = end;
            }
            continue;
        }
        if let Some((a, b, t)) = open.take() {
            gold.push((file, a, b, t));
        }
        if let Some(t) = ty {
            open = Some((start, end, t));
        }
    }
    if let Some((a, b, t)) = open {
        gold.push((file, a, b, t));
    }
}

fn kind_label(k: EntityKind) -> Option<&'static str> {
    match k {
        EntityKind::Person => Some("PER"),
        EntityKind::Organization => Some("ORG"),
        EntityKind::Place => Some("LOC"),
        EntityKind::Date | EntityKind::Group => None,
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[test]
fn conllpp_test_prose() {
    let Some(path) = std::env::var_os("CONLLPP") else {
        eprintln!("skipped: set CONLLPP to the CoNLL++ test file to run this");
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut gold: Vec<Labelled> = Vec::new();
    let mut sentences = 0;
    let mut files = 0;
    let mut texts: Vec<String> = Vec::new();
    for doc in documents(&text) {
        let prose: Vec<&Sentence> = doc.iter().filter(|s| is_prose(s)).collect();
        if prose.is_empty() {
            continue;
        }
        let mut out = String::new();
        writeln!(out, "Test article {files}\n").unwrap();
        for s in prose {
            write_sentence(s, files, &mut out, &mut gold);
            out.push_str("\n\n");
            sentences += 1;
        }
        std::fs::write(dir.path().join(format!("doc{files:04}.txt")), &out).unwrap();
        texts.push(out);
        files += 1;
    }
    let idx = tempfile::tempdir().unwrap();
    let lib = common::open(&Corpus::Paths(vec![dir.path().to_path_buf()]), idx.path());
    let mut found: Vec<Labelled> = Vec::new();
    let all = lib.entities().unwrap();
    for e in all.iter() {
        let Some(ty) = kind_label(e.kind) else {
            continue;
        };
        for m in &e.mentions {
            let m = all.mention(e, &m);
            let n: usize = m
                .file
                .trim_end_matches(".txt")
                .rsplit("doc")
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap();
            found.push((n, m.start as usize, m.end as usize, ty));
        }
    }
    found.sort_unstable();
    found.dedup();

    let verbose = std::env::var_os("EVAL_VERBOSE").is_some();
    let mut by_type: BTreeMap<&str, [usize; 4]> = BTreeMap::new(); // gold, found, exact, overlap-recall
    let gold_set: std::collections::HashSet<Labelled> = gold.iter().copied().collect();
    let overlap = |a: &Labelled, b: &Labelled| a.0 == b.0 && a.1 < b.2 && b.1 < a.2 && a.3 == b.3;
    for g in &gold {
        let e = by_type.entry(g.3).or_default();
        e[0] += 1;
        if found.iter().any(|f| overlap(f, g)) {
            e[3] += 1;
        } else if verbose {
            let near: Vec<String> = found
                .iter()
                .filter(|f| g.0 == f.0 && g.1 < f.2 && f.1 < g.2)
                .map(|f| format!("{} {:?}", f.3, &texts[f.0][f.1..f.2]))
                .collect();
            eprintln!(
                "  missed {} {:?}, found {near:?}",
                g.3,
                &texts[g.0][g.1..g.2]
            );
        }
    }
    let mut overlap_precise = 0;
    for f in &found {
        let e = by_type.entry(f.3).or_default();
        e[1] += 1;
        if gold_set.contains(f) {
            e[2] += 1;
        } else if verbose {
            let near: Vec<String> = gold
                .iter()
                .filter(|g| g.0 == f.0 && g.1 < f.2 && f.1 < g.2)
                .map(|g| format!("{} {:?}", g.3, &texts[g.0][g.1..g.2]))
                .collect();
            eprintln!("  found {} {:?}, gold {near:?}", f.3, &texts[f.0][f.1..f.2]);
        }
        if gold.iter().any(|g| overlap(f, g)) {
            overlap_precise += 1;
        }
    }
    let (mut g_all, mut f_all, mut x_all, mut o_all) = (0, 0, 0, 0);
    for (ty, [g, f, x, o]) in &by_type {
        let (p, r) = (*x as f64 / *f.max(&1) as f64, *x as f64 / *g.max(&1) as f64);
        eprintln!(
            "{ty}: gold {g}, found {f}, exact P {p:.3} R {r:.3} F1 {:.3}; overlap recall {:.3}",
            f1(p, r),
            *o as f64 / *g.max(&1) as f64
        );
        (g_all, f_all, x_all, o_all) = (g_all + g, f_all + f, x_all + x, o_all + o);
    }
    let (p, r) = (
        x_all as f64 / f_all.max(1) as f64,
        x_all as f64 / g_all.max(1) as f64,
    );
    let (op, or) = (
        overlap_precise as f64 / f_all.max(1) as f64,
        o_all as f64 / g_all.max(1) as f64,
    );
    eprintln!(
        "CoNLL++ test, {sentences} prose sentences in {files} articles: PER/ORG/LOC exact P {p:.3} \
         R {r:.3} F1 {:.3}; overlap P {op:.3} R {or:.3} F1 {:.3}",
        f1(p, r),
        f1(op, or)
    );
    assert!(f1(p, r) >= FLOOR, "F1 {:.3} fell under {FLOOR}", f1(p, r));
}

/// Just under the exact-span F1 reached.
const FLOOR: f64 = 0.845;
