//! Every script read right: one news page per script (Chinese, Japanese, Korean, Arabic,
//! Hebrew, Russian, Hindi) in `tests/fixtures/scripts/`, shaped like a real one (site header
//! and menu, headline, byline, paragraphs, related links, footer), each with the body it must
//! give (`<lang>.expected.txt`, paragraphs apart by a blank line).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use briefing::ingest::{Outlets, read_file};

const SCRIPTS: &[&str] = &["zh", "ja", "ko", "ar", "he", "ru", "hi"];

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scripts")
        .join(name)
}

#[test]
fn every_script_keeps_its_body_and_drops_the_page_chrome() {
    for lang in SCRIPTS {
        let path = fixture(&format!("{lang}.html"));
        let (a, _) = read_file(&path, &format!("{lang}.html"), Outlets::builtin(), None)
            .unwrap_or_else(|e| panic!("{lang}: {e}"));
        let want = std::fs::read_to_string(fixture(&format!("{lang}.expected.txt"))).unwrap();
        let want: Vec<&str> = want.trim().split("\n\n").collect();
        let got: Vec<&str> = a.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(got, want, "{lang}: the body");
        assert!(
            a.title.as_deref().is_some_and(|t| !t.contains('|')),
            "{lang}: {:?}",
            a.title
        );
        assert!(a.outlet.is_some(), "{lang}: the site's name");
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2026-12-01"),
            "{lang}"
        );
        assert!(a.words() >= 40, "{lang}: {} words", a.words());
    }
}

#[test]
fn every_script_s_sentences_end_at_its_full_stops() {
    for (lang, sentences) in [
        ("zh", 5),
        ("ja", 6),
        ("ko", 6),
        ("ar", 4),
        ("he", 4),
        ("ru", 5),
        ("hi", 6),
    ] {
        let path = fixture(&format!("{lang}.html"));
        let (a, _) = read_file(&path, "x.html", Outlets::builtin(), None).unwrap();
        let n: usize = a
            .passages
            .iter()
            .map(|p| briefing::analysis::segment::sentences(&p.text).len())
            .sum();
        assert_eq!(n, sentences, "{lang}");
    }
}

/// Right-to-left text is kept in its logical order (the terminal lays it out): `show` prints
/// each paragraph exactly as written.
#[test]
fn right_to_left_text_keeps_its_order() {
    for lang in ["ar", "he"] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["show", "--width", "400"])
            .arg(fixture(&format!("{lang}.html")))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let shown = String::from_utf8(o.stdout).unwrap();
        let want = std::fs::read_to_string(fixture(&format!("{lang}.expected.txt"))).unwrap();
        for p in want.trim().split("\n\n") {
            assert!(shown.contains(p), "{lang}: {p}\nnot in\n{shown}");
        }
    }
}
