//! Framing on the seed briefing, sentence by sentence: attributions, hedges, loaded terms,
//! dates and quotations a careful reader finds in the five seed articles (each expectation
//! checked against the seed text), the comparisons the facts layer will make between
//! outlets, and a run over NewsWCL50 and odd input that must never panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use briefing::analysis::framing::{compare_date, frame, frame_article};
use briefing::ingest::{Outlets, ReadContext, SEEDS, parse_bytes};
use briefing::model::{
    Agreement, Article, AttributionOrigin, DateRelation, Format, Framing, HedgeKind, Span,
};

fn read(name: &str, bytes: &[u8], format: Format) -> Article {
    try_read(name, bytes, format).unwrap()
}

/// An analysed article, or why ingest refused the bytes ("no text").
fn try_read(name: &str, bytes: &[u8], format: Format) -> Result<Article, String> {
    let ctx = ReadContext {
        outlets: Outlets::builtin(),
        overrides: None,
        modified: None,
    };
    let mut a = parse_bytes(bytes, name, format, ctx).map_err(|e| e.to_string())?;
    briefing::analysis::analyse(&mut a);
    Ok(a)
}

fn seed(prefix: &str) -> Article {
    let (name, bytes) = SEEDS.iter().find(|(n, _)| n.starts_with(prefix)).unwrap();
    read(name, bytes, Format::Text)
}

fn text_of(a: &Article, span: Span) -> &str {
    let p = a
        .passages
        .iter()
        .find(|p| p.span.start <= span.start && span.end <= p.span.end)
        .expect("span inside a passage");
    &p.text[span.start - p.span.start..span.end - p.span.start]
}

/// The framing of the one sentence of `a` containing `needle`.
fn at(a: &Article, needle: &str) -> Framing {
    let hits: Vec<Span> = a
        .passages
        .iter()
        .flat_map(|p| p.sentences.iter().copied())
        .filter(|sp| text_of(a, *sp).contains(needle))
        .collect();
    assert_eq!(hits.len(), 1, "{needle:?} is in {} sentences", hits.len());
    frame(a, hits[0])
}

#[test]
fn ptv_attributes_to_the_prime_ministers_office_and_says_toppled() {
    let a = seed("000");
    let f = at(
        &a,
        "according to a statement from Israel’s Prime Minister’s Office",
    );
    let at0 = f.governing().unwrap();
    assert_eq!(at0.source, "Israel’s Prime Minister’s Office");
    assert_eq!(at0.document.as_deref(), Some("statement"));
    assert_eq!(at0.verb, "according to");

    let f = at(&a, "the statement said");
    let s = f.governing().unwrap();
    assert_eq!(s.source, "Israel’s Prime Minister’s Office");
    assert_eq!(s.origin, AttributionOrigin::Resolved);
    assert_eq!(f.quotes.len(), 1);
    assert!(
        f.quotes[0]
            .text
            .starts_with("During the talks, Israel emphasized")
    );
    assert_eq!(
        f.quotes[0].speaker.as_deref(),
        Some("Israel’s Prime Minister’s Office")
    );

    let f = at(&a, "what Israel described as");
    assert!(f.hedges.iter().any(|h| h.kind == HedgeKind::Distance));
    let f = at(&a, "The discussions reportedly focus");
    assert!(
        f.hedges
            .iter()
            .any(|h| h.kind == HedgeKind::Reportedly && h.text == "reportedly")
    );
    // The outlet names no source, but says there is one: unnamed reports, as written.
    assert_eq!(f.attributions.len(), 1, "{:?}", f.attributions);
    let unnamed = &f.attributions[0];
    assert!(unnamed.anonymous);
    assert_eq!(unnamed.source, "unnamed reports");
    assert_eq!(unnamed.as_written.as_deref(), Some("reportedly"));

    let f = at(&a, "was toppled on December 8, 2024");
    assert_eq!(f.loaded_terms.len(), 1);
    assert_eq!(f.loaded_terms[0].text, "toppled");
    assert_eq!(f.loaded_terms[0].group, "removal_from_power");
    assert_eq!(f.dates[0].value.as_deref(), Some("2024-12-08"));

    let f = at(&a, "SANA, reported");
    assert_eq!(
        f.governing().unwrap().entity.as_deref(),
        Some("Syrian Arab News Agency")
    );
    let f = at(&a, "Officials said the dialogue");
    assert!(f.governing().unwrap().anonymous);
}

#[test]
fn ap_chains_the_anonymous_official_through_the_article() {
    let a = seed("001");
    let f = at(&a, "a Syrian official said Monday");
    let first = f.governing().unwrap();
    assert_eq!(first.source, "a Syrian official");
    assert!(first.anonymous);
    assert_eq!(first.origin, AttributionOrigin::Sentence);

    let f = at(&a, "told The Associated Press");
    let second = f.governing().unwrap();
    assert_eq!(second.source, "a Syrian official");
    assert_eq!(second.as_written.as_deref(), Some("The official"));
    assert_eq!(second.via.as_deref(), Some("Associated Press"));
    assert_eq!(second.verb, "told");
    assert!(second.anonymous);

    let f = at(&a, "In the new round of discussions");
    let last = f.governing().unwrap();
    assert_eq!(last.source, "a Syrian official");
    assert_eq!(last.via.as_deref(), Some("Associated Press"));
    assert_eq!(f.quotes.len(), 1);
    assert_eq!(f.quotes[0].speaker.as_deref(), Some("a Syrian official"));
    assert_eq!(f.dates.len(), 1);
    assert_eq!(f.dates[0].text, "prior to Dec. 8, 2024");
    assert_eq!(f.dates[0].relation, Some(DateRelation::Before));

    let f = at(&a, "insurgents led by");
    let words: Vec<(&str, &str)> = f
        .loaded_terms
        .iter()
        .map(|t| (t.text.as_str(), t.group.as_str()))
        .collect();
    assert_eq!(
        words,
        [
            ("ousted", "removal_from_power"),
            ("autocratic", "autocrat_label"),
        ]
    );
    let f = at(&a, "hundreds of airstrikes");
    assert!(f.numbers[0].vague);
    assert_eq!(f.numbers[0].unit.as_deref(), Some("airstrikes"));
    let f = at(&a, "did not respond to requests for comment");
    assert!(f.attributions.is_empty(), "{:?}", f.attributions);
}

#[test]
fn econotimes_has_state_media_a_joint_statement_and_a_partial_quote() {
    let a = seed("002");
    let f = at(&a, "Syrian state media reported");
    let s = f.governing().unwrap();
    assert_eq!(s.source, "Syrian state media");
    assert!(!s.anonymous);

    let f = at(&a, "According to a joint statement");
    let s = f.governing().unwrap();
    assert_eq!(s.source, "U.S. State Department");
    assert_eq!(s.document.as_deref(), Some("joint statement"));

    let f = at(&a, "strategic files");
    let s = f.governing().unwrap();
    assert_eq!(s.via.as_deref(), Some("Reuters"));
    assert!(s.anonymous);
    assert!(
        f.hedges
            .iter()
            .any(|h| h.text == "what it described as" && h.kind == HedgeKind::Distance)
    );
    assert_eq!(f.quotes[0].text, "strategic files");
    assert_eq!(f.quotes[0].speaker.as_deref(), Some("A Syrian official"));

    let f = at(&a, "operations it says");
    assert_eq!(f.governing().unwrap().source, "Israel");
    assert!(f.hedges.iter().any(|h| h.text == "it says"));

    let f = at(&a, "Rebel forces seized control");
    let groups: Vec<&str> = f.loaded_terms.iter().map(|t| t.group.as_str()).collect();
    assert_eq!(groups, ["taking_control"]);

    let f = at(&a, "expansionist mentality");
    let t = &f.loaded_terms[0];
    assert_eq!((t.text.as_str(), t.quoted), ("expansionist", true));
    assert_eq!(f.quotes[0].speaker.as_deref(), Some("A Syrian official"));
}

#[test]
fn unnamed_outlets_quote_officials_and_their_relays() {
    let a = seed("003");
    let f = at(&a, "A Syrian official told the Associated Press");
    let s = f.governing().unwrap();
    assert_eq!(s.via.as_deref(), Some("Associated Press"));
    assert_eq!(f.dates[1].text, "before December 2024");
    let f = at(&a, "Reporting also indicated");
    assert!(f.governing().unwrap().anonymous);

    let a = seed("004");
    let f = at(&a, "An Israeli official told Axios");
    let s = f.governing().unwrap();
    assert_eq!(
        (s.source.as_str(), s.via.as_deref()),
        ("An Israeli official", Some("Axios"))
    );
    assert_eq!(f.quotes[0].text, "the talks were positive");
    assert_eq!(f.quotes[0].speaker.as_deref(), Some("An Israeli official"));

    let f = at(&a, "the official said");
    let s = f.governing().unwrap();
    assert_eq!(s.source, "An Israeli official");
    assert_eq!(s.via.as_deref(), Some("Axios"));
    assert_eq!(s.origin, AttributionOrigin::Resolved);

    let f = at(&a, "in contravention of international law");
    let texts: Vec<&str> = f.loaded_terms.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        ["in contravention of international law", "the fall of"]
    );
    let f = at(&a, "take \"confidence-building measures\"");
    assert!(
        f.hedges
            .iter()
            .any(|h| h.kind == HedgeKind::ScareQuote && h.text == "confidence-building measures")
    );
}

#[test]
fn outlets_compare_on_the_withdrawal_line_and_the_word_for_the_ouster() {
    let first_date = |prefix: &str, needle: &str| {
        let a = seed(prefix);
        at(&a, needle)
            .dates
            .into_iter()
            .find(|d| d.relation == Some(DateRelation::Before))
            .unwrap()
    };
    let ptv = first_date("000", "pre-2024 positions");
    let ap = first_date("001", "prior to Dec. 8, 2024");
    let unnamed = first_date("003", "before December 2024");
    let fourth = first_date("004", "before 8 December 2024");
    assert_eq!(compare_date(&ptv, &ap), Some(Agreement::FirstVaguer));
    assert_eq!(compare_date(&unnamed, &ap), Some(Agreement::FirstVaguer));
    assert_eq!(compare_date(&fourth, &ap), Some(Agreement::Agree));

    // Four outlets tell the end of Assad's rule; all in one lexicon group, each in its words.
    let mut words = Vec::new();
    for (prefix, needle) in [
        ("000", "was toppled on"),
        ("001", "ousted the country"),
        ("002", "ouster of former President"),
        ("004", "the fall of Bashar"),
    ] {
        let a = seed(prefix);
        let f = at(&a, needle);
        let t = f
            .loaded_terms
            .iter()
            .find(|t| t.group == "removal_from_power")
            .unwrap_or_else(|| panic!("{prefix}: {:?}", f.loaded_terms));
        words.push(t.text.clone());
    }
    assert_eq!(words, ["toppled", "ousted", "ouster", "the fall of"]);
}

#[test]
fn every_span_points_at_its_words_in_every_seed() {
    for (name, bytes) in SEEDS {
        let a = read(name, bytes, Format::Text);
        let src = std::str::from_utf8(bytes).unwrap();
        for (sp, f) in frame_article(&a) {
            assert!(sp.end <= src.len());
            for h in &f.hedges {
                assert_eq!(&src[h.span.start..h.span.end], h.text, "{name}");
            }
            for t in f.loaded_terms.iter().chain(&f.neutral_terms) {
                assert_eq!(&src[t.span.start..t.span.end], t.text, "{name}");
            }
            for q in &f.quotes {
                assert_eq!(&src[q.span.start..q.span.end], q.text, "{name}");
            }
            for d in &f.dates {
                assert_eq!(&src[d.span.start..d.span.end], d.text, "{name}");
            }
            for n in &f.numbers {
                assert_eq!(&src[n.span.start..n.span.end], n.text, "{name}");
            }
            for a in &f.attributions {
                assert!(
                    a.span.start < a.span.end && a.span.end <= src.len(),
                    "{name}"
                );
            }
        }
    }
}

fn newswcl() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/newswcl50");
    p.is_dir().then_some(p)
}

#[test]
fn newswcl50_frames_every_sentence_without_panicking() {
    let Some(dir) = newswcl() else {
        eprintln!("skipping: ../shared/corpora/newswcl50 is not here");
        return;
    };
    let mut files = Vec::new();
    for event in std::fs::read_dir(&dir).unwrap() {
        let event = event.unwrap().path();
        if event.is_dir() {
            for f in std::fs::read_dir(&event).unwrap() {
                files.push(f.unwrap().path());
            }
        }
    }
    files.sort();
    assert_eq!(files.len(), 50);
    let (mut sentences, mut attributed, mut quotes) = (0, 0, 0);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let a = read(&path.display().to_string(), &bytes, Format::Text);
        for (sp, f) in frame_article(&a) {
            sentences += 1;
            attributed += usize::from(!f.attributions.is_empty());
            quotes += f.quotes.len();
            let text = text_of(&a, sp);
            for q in &f.quotes {
                assert!(text.contains(&q.text), "{}: {:?}", path.display(), q.text);
            }
        }
    }
    // News prose attributes a good share of what it says.
    assert!(sentences > 1500, "{sentences}");
    assert!(attributed * 4 > sentences, "{attributed} of {sentences}");
    assert!(quotes > 300, "{quotes}");

    // Two sentences read by hand (Fox News on the Pompeo–Kim meeting).
    let fox = dir.join("event-00/fox-news.txt");
    let a = read("fox-news.txt", &std::fs::read(fox).unwrap(), Format::Text);
    let f = at(&a, "Fox News has confirmed");
    let s = f.governing().unwrap();
    assert_eq!(
        (s.source.as_str(), s.verb.as_str()),
        ("Fox News", "confirmed")
    );
    assert!(f.loaded_terms.iter().any(|t| t.text == "dictator"));
    let f = at(
        &a,
        "Denuclearization will be a great thing for World, but also for North Korea!\" he tweeted",
    );
    let s = f.governing().unwrap();
    assert_eq!(s.source, "Donald Trump");
    assert_eq!(s.as_written.as_deref(), Some("he"));
}

#[test]
fn odd_input_never_panics() {
    let odd: &[&str] = &[
        "Outlet\n\nHeadline\n\n“\n",
        "Outlet\n\nHeadline\n\nHe said “we will never stop. Never.\n\nAnd that is final,” he said.\n",
        "Outlet\n\nHeadline\n\n\"\"\"\" ''' ‘ ’ « » „\n",
        "Outlet\n\nHeadline\n\nИзраиль и Сирия «возобновили» переговоры, сообщил чиновник.\n",
        "Outlet\n\nHeadline\n\n以色列和叙利亚恢复谈判，官员说。\n\nعلى حد قول المسؤول\n",
        "Outlet\n\nHeadline\n\nÇa a été dit selon l’AFP, 1 200 personnes; more than $ and between 5 and.\n",
        "Outlet\n\nHeadline\n\naccording to\n\nsaid\n\nwhat was described as\n\nthe official said\n",
    ];
    let mut framed = 0;
    for (i, text) in odd.iter().enumerate() {
        // Ingest may refuse a page with no text at all; that is its call.
        let Ok(a) = try_read(&format!("odd{i}.txt"), text.as_bytes(), Format::Text) else {
            continue;
        };
        framed += 1;
        for (_, f) in frame_article(&a) {
            serde_json::to_string(&f).unwrap();
        }
        // Empty, inverted and out-of-range sentences frame as nothing.
        assert_eq!(frame(&a, Span::new(3, 3)), Framing::default());
        assert_eq!(frame(&a, Span::new(10, 2)), Framing::default());
        assert_eq!(
            frame(&a, Span::new(1 << 40, (1 << 40) + 5)),
            Framing::default()
        );
    }
    assert!(framed >= 5, "{framed}");
    // Arbitrary ranges: mid-word, mid-character, across sentences and passages.
    let a = seed("002");
    let end = a.passages.last().unwrap().span.end;
    let mut framed_spans = 0;
    for start in (0..end).step_by(37) {
        for len in [0, 1, 5, 40, 160, 700] {
            let f = frame(&a, Span::new(start, start + len));
            serde_json::to_string(&f).unwrap();
            framed_spans += usize::from(f != Framing::default());
        }
    }
    assert!(framed_spans > 0);
    // Letters whose lowercase has another length ("İ", the Kelvin sign).
    let text = "Outlet\n\nHeadline\n\nİİİ officials said in a statement on Monday that Kelvin sources, citing İzmir officials, reported “İ”.\n";
    let a = read("case.txt", text.as_bytes(), Format::Text);
    for (_, f) in frame_article(&a) {
        serde_json::to_string(&f).unwrap();
    }
    let html = "<html><body><article><p>“Unbalanced, the minister said.</p><p>Officials said “yes” and ‘no’.</p></article></body></html>";
    let a = read("odd.html", html.as_bytes(), Format::Html);
    for (_, f) in frame_article(&a) {
        serde_json::to_string(&f).unwrap();
    }
}
