//! The library as a user meets it: the seeds read right, bad input is reported and skipped,
//! the index persists, updates incrementally, survives damage and a second process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use briefing::library::{Corpus, Library, OpenOptions};
use briefing::model::DebrisKind;
use common::{copy_seeds, open, seeds_dir};

#[test]
fn seeds_parse_to_outlet_title_and_clean_bodies() {
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Seeds, idx.path());
    let arts = lib.articles().unwrap();
    assert_eq!(arts.len(), 5);
    let by_file = |prefix: &str| arts.iter().find(|a| a.file.starts_with(prefix)).unwrap();
    let expect = [
        (
            "000",
            Some("PTV Network"),
            "Israel, Syria resume US-backed talks to advance regional stability",
        ),
        (
            "001",
            Some("Associated Press"),
            "Syrian and Israeli officials set to resume US-mediated talks in Paris",
        ),
        (
            "002",
            Some("EconoTimes"),
            "Israel-Syria Talks in Paris Signal De-Escalation Effort but Key Disputes Remain",
        ),
        (
            "003",
            None,
            "Israel and Syria resume diplomatic dialogue under U.S. mediation",
        ),
        (
            "004",
            None,
            "Israeli and Syrian officials hold 'positive' talks over security agreement",
        ),
    ];
    for (prefix, outlet, title) in expect {
        let a = by_file(prefix);
        assert_eq!(a.outlet.as_deref(), outlet, "{prefix}");
        assert_eq!(a.title.as_deref(), Some(title), "{prefix}");
    }
    assert_eq!(by_file("001").dateline.as_deref(), Some("Beirut"));
    assert_eq!(by_file("000").dateline.as_deref(), Some("Islamabad"));

    // Debris is gone from every body, and kept in `dropped`.
    let debris = [
        "Menu",
        "Search",
        "Ad",
        "← News",
        "Politics",
        "(AP Photo/",
        "(AFP/File Photo)",
        "via Wikimedia Commons",
        "Sign up for daily updates",
        "Market Data",
        "Welcome to EconoTimes",
        "contributed to this report",
        "A DAY AGO",
        "Key points:",
    ];
    for s in &arts {
        let a = lib.article(&s.id).unwrap().unwrap();
        for p in &a.passages {
            for d in debris {
                let line_is_debris = p.text.trim() == d || p.text.contains(d) && d.len() > 6;
                assert!(
                    !line_is_debris,
                    "{}: passage {} keeps debris {d:?}: {:?}",
                    a.file, p.index, p.text
                );
            }
            assert!(!p.sentences.is_empty());
            // Spans are byte ranges into the original file.
            let src = std::fs::read_to_string(seeds_dir().join(&a.file)).unwrap();
            assert_eq!(p.span.of(&src), p.text);
            for sent in &p.sentences {
                assert!(p.text.contains(sent.of(&src)));
            }
        }
        // The headline is not repeated as the first passage.
        assert_ne!(a.passages[0].text.trim(), a.title.clone().unwrap());
    }
    let ap = lib.article(&by_file("001").id).unwrap().unwrap();
    assert!(
        ap.dropped
            .iter()
            .any(|d| d.kind == DebrisKind::Caption && d.text.starts_with("FILE - "))
    );
    let econ = lib.article(&by_file("002").id).unwrap().unwrap();
    assert!(
        econ.dropped
            .iter()
            .any(|d| d.kind == DebrisKind::Footer && d.text.starts_with("Sign up"))
    );
    assert!(
        econ.passages
            .last()
            .unwrap()
            .text
            .contains("remains uncertain")
    );
}

#[test]
fn sentences_survive_abbreviations_in_the_seeds() {
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Seeds, idx.path());
    let ap = lib
        .articles()
        .unwrap()
        .into_iter()
        .find(|a| a.file.starts_with("001"))
        .unwrap();
    let a = lib.article(&ap.id).unwrap().unwrap();
    let src = std::str::from_utf8(briefing::ingest::SEEDS[1].1).unwrap();
    let sentences: Vec<&str> = a
        .passages
        .iter()
        .flat_map(|p| p.sentences.iter().map(|s| s.of(src)))
        .collect();
    assert!(
        sentences
            .iter()
            .any(|s| s.starts_with("BEIRUT (AP)") && s.ends_with("a Syrian official said Monday."))
    );
    assert!(
        sentences
            .iter()
            .any(|s| s.contains("lines prior to Dec. 8, 2024, within the framework"))
    );
    assert!(!sentences.contains(&"U.S."));
}

#[test]
fn search_finds_buffer_zone_in_every_seed_that_mentions_it_and_highlights_it() {
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Seeds, idx.path());
    let mut expected: Vec<String> = Vec::new();
    for s in lib.articles().unwrap() {
        let a = lib.article(&s.id).unwrap().unwrap();
        if a.passages
            .iter()
            .any(|p| p.text.to_lowercase().contains("buffer zone"))
        {
            expected.push(a.file.clone());
        }
    }
    assert!(expected.len() >= 3);
    let r = lib.search("\"buffer zone\"", 50).unwrap();
    let mut found: Vec<String> = r.hits.iter().map(|h| h.file.clone()).collect();
    found.sort();
    found.dedup();
    assert_eq!(found, expected);
    assert_eq!(r.total, r.hits.len());
    for h in &r.hits {
        assert!(!h.highlights.is_empty());
        for hl in &h.highlights {
            let word = h.snippet[hl.start..hl.end].to_lowercase();
            assert!(word == "buffer" || word == "zone", "{word}");
        }
        // Passage offsets point at the passage in the original file.
        let src = std::fs::read_to_string(seeds_dir().join(&h.file)).unwrap();
        let passage = &src[h.start.unwrap()..h.end.unwrap()];
        assert!(passage.to_lowercase().contains("buffer zone"));
    }
    // A phrase beats scattered words: the scores are ranked, best first.
    assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn search_ranks_field_queries_and_folds_accents() {
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Seeds, idx.path());
    let r = lib
        .search("outlet:\"associated press\" buffer", 10)
        .unwrap();
    assert!(!r.hits.is_empty());
    assert!(
        r.hits
            .iter()
            .all(|h| h.outlet.as_deref() == Some("Associated Press"))
    );
    // Accent-folded ("Shaibāni" finds "al-Shaibani") and alias-aware (and "al-Shibani").
    let r = lib.search("Shaibāni", 10).unwrap();
    let mut files: Vec<&str> = r.hits.iter().map(|h| &h.file[..3]).collect();
    files.sort();
    assert_eq!(files, ["000", "001", "004"]);
    assert_eq!(
        r.hits
            .iter()
            .filter(|h| h.alias.as_deref() == Some("Shibani"))
            .count(),
        2
    );
    let r = lib.search("title:Paris", 10).unwrap();
    assert!(r.hits.iter().all(|h| h.passage.is_none()));
    assert_eq!(r.hits.len(), 2);
    // Malformed syntax is searched leniently, never an error.
    assert!(lib.search("\"unterminated outlet: (", 10).is_ok());
}

#[test]
fn reopening_an_unchanged_folder_reads_nothing() {
    let corpus = tempfile::tempdir().unwrap();
    let idx = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let c = Corpus::Paths(vec![corpus.path().to_path_buf()]);
    let first = open(&c, idx.path());
    assert_eq!((first.report.added, first.report.analysed), (5, 5));
    drop(first);
    let again = open(&c, idx.path());
    assert_eq!(
        (
            again.report.unchanged,
            again.report.analysed,
            again.report.added
        ),
        (5, 0, 0)
    );
    assert_eq!(again.articles().unwrap().len(), 5);
    // A touched but unedited file is hashed, not re-analysed.
    let f = corpus.path().join("000_9f0136d0578d2de3.txt");
    let bytes = std::fs::read(&f).unwrap();
    std::fs::write(&f, &bytes).unwrap();
    let file = std::fs::File::options().write(true).open(&f).unwrap();
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    drop(again);
    let touched = open(&c, idx.path());
    assert_eq!((touched.report.analysed, touched.report.unchanged), (0, 5));
}

#[test]
fn edits_additions_and_removals_update_only_those_files() {
    let corpus = tempfile::tempdir().unwrap();
    let idx = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let c = Corpus::Paths(vec![corpus.path().to_path_buf()]);
    drop(open(&c, idx.path()));

    let edited = corpus.path().join("003_bab2f6869c0912e9.txt");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("A zeppelin sighting was reported over the talks on Wednesday.\n");
    std::fs::write(&edited, text).unwrap();
    std::fs::remove_file(corpus.path().join("004_9dd528d7d0df1b00.txt")).unwrap();
    std::fs::write(
        corpus.path().join("new.md"),
        "# A new headline here\n\nThe zeppelin story continues in a second outlet.\n",
    )
    .unwrap();

    let lib = open(&c, idx.path());
    let r = &lib.report;
    assert_eq!(
        (r.changed, r.added, r.removed, r.unchanged, r.analysed),
        (1, 1, 1, 3, 2)
    );
    assert_eq!(lib.articles().unwrap().len(), 5);
    let hits = lib.search("zeppelin", 10).unwrap();
    let mut files: Vec<&str> = hits.hits.iter().map(|h| h.file.as_str()).collect();
    files.sort();
    assert_eq!(files, ["003_bab2f6869c0912e9.txt", "new.md"]);
    assert_eq!(
        lib.search("Salameh", 10)
            .unwrap()
            .hits
            .iter()
            .filter(|h| h.file.starts_with("004"))
            .count(),
        0
    );
}

#[test]
fn bad_input_is_reported_by_path_and_the_rest_still_loads() {
    let corpus = tempfile::tempdir().unwrap();
    let idx = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let d = corpus.path();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("blank.txt"), "\n\n   \n").unwrap();
    std::fs::write(d.join("junk.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 0]).unwrap();
    let mut latin1 =
        b"Caf\xe9 talks resume\n\nThe caf\xe9 owners met the envoy in Paris on Tuesday.\n".to_vec();
    latin1.extend_from_slice(b"Nothing else happened.\n");
    std::fs::write(d.join("latin1.txt"), latin1).unwrap();
    let para =
        "The delegations met again in Paris and talked about the border for hours. ".repeat(20);
    let big: String = std::iter::repeat_n(
        format!("{para}\n\n"),
        10 * 1024 * 1024 / (para.len() + 2) + 1,
    )
    .collect();
    std::fs::write(d.join("huge.txt"), &big).unwrap();
    std::os::unix::fs::symlink(d.join("vanished.txt"), d.join("dangling.txt")).unwrap();
    let missing = d.join("no-such-folder");

    let c = Corpus::Paths(vec![d.to_path_buf(), missing]);
    let lib = open(&c, idx.path());
    let problems: Vec<String> = lib
        .report
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    let has = |file: &str, why: &str| problems.iter().any(|p| p.contains(file) && p.contains(why));
    assert!(has("empty.txt", "empty"), "{problems:?}");
    assert!(has("blank.txt", "no text"), "{problems:?}");
    assert!(has("junk.txt", "binary"), "{problems:?}");
    // Not UTF-8: read as the Latin-1 it is (Windows-1252, its superset), and said so.
    assert!(has("latin1.txt", "decoded as windows-1252"), "{problems:?}");
    assert!(has("no-such-folder", "no such file"), "{problems:?}");
    assert!(has("dangling.txt", "no such file"), "{problems:?}");
    let arts = lib.articles().unwrap();
    assert_eq!(
        arts.len(),
        5 + 2,
        "the seeds, the latin-1 file and the 10 MB file load"
    );
    assert!(
        arts.iter()
            .any(|a| a.file.ends_with("huge.txt") && a.words > 1_500_000)
    );
    assert!(
        lib.search("owners envoy", 5)
            .unwrap()
            .hits
            .iter()
            .any(|h| h.file.ends_with("latin1.txt")),
        "text in another encoding is searchable"
    );
    assert!(
        arts.iter()
            .any(|a| a.file.ends_with("latin1.txt")
                && a.title.as_deref() == Some("Café talks resume")),
        "é decoded"
    );
    // Problems are remembered: reopening reports them again without re-reading.
    drop(lib);
    let again = open(&c, idx.path());
    assert_eq!(again.report.analysed, 0);
    assert!(
        again
            .report
            .problems
            .iter()
            .any(|p| p.path.ends_with("junk.txt"))
    );
}

#[test]
fn a_missing_folder_alone_is_an_error_naming_it() {
    let idx = tempfile::tempdir().unwrap();
    let c = Corpus::Paths(vec![PathBuf::from("/definitely/not/here")]);
    let err = Library::open(
        &c,
        &OpenOptions {
            index_dir: Some(idx.path().into()),
            progress: None,
            ..Default::default()
        },
    )
    .err()
    .unwrap()
    .to_string();
    assert!(
        err.contains("/definitely/not/here") && err.contains("no such file"),
        "{err}"
    );
}

#[test]
fn a_damaged_or_half_written_index_is_rebuilt() {
    let idx = tempfile::tempdir().unwrap();
    drop(open(&Corpus::Seeds, idx.path()));
    std::fs::write(idx.path().join("meta.json"), b"{ not json").unwrap();
    let lib = open(&Corpus::Seeds, idx.path());
    assert!(
        lib.report.notices.iter().any(|n| n.contains("rebuilt")),
        "{:?}",
        lib.report.notices
    );
    assert_eq!(lib.articles().unwrap().len(), 5);
    drop(lib);

    // A manifest from another generation than the index: a crash between the two writes.
    let mut m = briefing::index::Manifest::load(idx.path())
        .unwrap()
        .unwrap();
    m.generation += 1;
    m.save(idx.path()).unwrap();
    let lib = open(&Corpus::Seeds, idx.path());
    assert!(
        lib.report
            .notices
            .iter()
            .any(|n| n.contains("half-written")),
        "{:?}",
        lib.report.notices
    );
    assert_eq!(lib.search("\"buffer zone\"", 10).unwrap().hits.len(), 6);
}

#[test]
fn an_index_directory_that_cannot_be_made_falls_back_to_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let lib = open(&Corpus::Seeds, &file.join("lib"));
    assert!(
        lib.report.notices.iter().any(|n| n.contains("memory")),
        "{:?}",
        lib.report.notices
    );
    assert_eq!(lib.articles().unwrap().len(), 5);
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

#[test]
fn a_second_process_holding_the_writer_leaves_us_read_only() {
    let corpus = tempfile::tempdir().unwrap();
    let idx = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let c = Corpus::Paths(vec![corpus.path().to_path_buf()]);
    drop(open(&c, idx.path()));
    std::fs::write(
        corpus.path().join("extra.txt"),
        "Another headline here\n\nA fresh paragraph about the talks.\n",
    )
    .unwrap();

    let (other, _) = briefing::index::LibraryIndex::open_or_create(idx.path()).unwrap();
    let held = other.writer(1).unwrap();
    let lib = open(&c, idx.path());
    assert!(
        lib.report.notices.iter().any(|n| n.contains("read-only")),
        "{:?}",
        lib.report.notices
    );
    assert_eq!(lib.articles().unwrap().len(), 5);
    drop(lib);
    held.rollback();
    let lib = open(&c, idx.path());
    assert_eq!(lib.articles().unwrap().len(), 6);
}

#[test]
fn folder_config_sets_what_detection_cannot() {
    let corpus = tempfile::tempdir().unwrap();
    let idx = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    std::fs::write(
        corpus.path().join("briefing.toml"),
        "[files.\"004_9dd528d7d0df1b00.txt\"]\noutlet = \"Example Wire\"\npublished = 2026-01-06\n",
    )
    .unwrap();
    let lib = open(&Corpus::Paths(vec![corpus.path().into()]), idx.path());
    let a = lib
        .articles()
        .unwrap()
        .into_iter()
        .find(|a| a.file.starts_with("004"))
        .unwrap();
    assert_eq!(a.outlet.as_deref(), Some("Example Wire"));
    assert_eq!(
        a.published.map(|d| d.to_string()).as_deref(),
        Some("2026-01-06")
    );
}

#[test]
fn a_library_being_built_by_another_process_is_never_wiped() {
    let idx = tempfile::tempdir().unwrap();
    drop(open(&Corpus::Seeds, idx.path()));
    // Another process is (re)building: it holds the writer and no manifest is written yet.
    let (other, _) = briefing::index::LibraryIndex::open_or_create(idx.path()).unwrap();
    let held = other.writer(1).unwrap();
    std::fs::remove_file(idx.path().join("briefing-manifest.bin")).unwrap();
    let files_before = std::fs::read_dir(idx.path()).unwrap().count();
    let lib = open(&Corpus::Seeds, idx.path());
    assert!(
        lib.report
            .notices
            .iter()
            .any(|n| n.contains("locked") && n.contains("memory")),
        "{:?}",
        lib.report.notices
    );
    assert_eq!(
        lib.articles().unwrap().len(),
        5,
        "still usable, from memory"
    );
    assert_eq!(
        std::fs::read_dir(idx.path()).unwrap().count(),
        files_before,
        "nothing wiped"
    );
    held.rollback();
}

#[test]
fn ordinary_words_are_not_expanded_into_names() {
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Seeds, idx.path());
    // "salami" has the same transliteration key as "Salama", but nobody is called Salami.
    assert!(lib.search("salami", 5).unwrap().aliases.is_empty());
    let r = lib.search("Salameh", 5).unwrap();
    assert_eq!(r.aliases.len(), 1);
    // Spellings that only add "al-" are not searched twice.
    assert!(
        r.aliases[0].also.iter().all(|a| !a.starts_with("al-")),
        "{:?}",
        r.aliases
    );
}

/// A small folder where one person's name is spelled three ways and another person's name is
/// also an ordinary word.
fn names_folder(dir: &Path) {
    let files = [
        (
            "a.txt",
            "Reuters\n\nTalks resume in Geneva\n\nForeign Minister Khalid al-Shaibani said on Monday that the talks would resume in Geneva next week.\n\n\"We are ready,\" al-Shaibani told reporters.\n",
        ),
        (
            "b.txt",
            "BBC News\n\nGeneva talks to resume\n\nForeign Minister Khalid Al Shaibani said on Monday that talks would resume.\n\nOfficials said the price of fuel had doubled. The price of bread rose too. Prices of rice fell.\n\nState Department spokesman Ned Pryce said the talks were welcome.\n",
        ),
        (
            "c.txt",
            "Associated Press\n\nMinister backs new talks\n\nForeign Minister Khalid Shibani said the talks would resume.\n\nState Department spokesman Ned Price said on Tuesday that Washington welcomed the talks. The price of oil fell.\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn a_name_finds_every_spelling_but_a_lowercase_word_stays_a_word() {
    let corpus = tempfile::tempdir().unwrap();
    names_folder(corpus.path());
    let idx = tempfile::tempdir().unwrap();
    let lib = open(
        &Corpus::Paths(vec![corpus.path().to_path_buf()]),
        idx.path(),
    );
    for q in ["Shibani", "shibani", "al-Shaibani", "Shaibani"] {
        let r = lib.search(q, 10).unwrap();
        let files: std::collections::BTreeSet<&str> =
            r.hits.iter().map(|h| h.file.as_str()).collect();
        assert_eq!(
            files.into_iter().collect::<Vec<_>>(),
            ["a.txt", "b.txt", "c.txt"],
            "{q}: {:?}",
            r.aliases
        );
        // No spelling that only adds a particle to another is searched as well.
        let also = &r.aliases[0].also;
        assert!(
            also.iter()
                .all(|a| !a.to_lowercase().starts_with("al-")
                    && !a.to_lowercase().starts_with("al ")),
            "{q}: {also:?}"
        );
    }
    // "Price" names Ned Price, also spelled Pryce here...
    let r = lib.search("Price", 10).unwrap();
    assert!(
        r.aliases
            .iter()
            .any(|a| a.also.iter().any(|s| s == "Pryce")),
        "{:?}",
        r.aliases
    );
    // ...but "price" is mostly a word here: typed in lower case it stays a word.
    let r = lib.search("price", 10).unwrap();
    assert!(r.aliases.is_empty(), "{:?}", r.aliases);
    assert!(r.hits.len() >= 2);
}

#[test]
fn a_quoted_phrase_finds_its_words_only_side_by_side() {
    let corpus = tempfile::tempdir().unwrap();
    for i in 0..6 {
        std::fs::write(
            corpus.path().join(format!("{i}.txt")),
            format!(
                "Reuters\n\nStory {i}\n\nThe security agreement was signed on day {i}.\n\nOfficials said security was tight and the agreement would hold.\n\nAn agreement on security came later.\n"
            ),
        )
        .unwrap();
    }
    let idx = tempfile::tempdir().unwrap();
    let lib = open(
        &Corpus::Paths(vec![corpus.path().to_path_buf()]),
        idx.path(),
    );
    let r = lib.search("\"security agreement\"", 20).unwrap();
    assert_eq!(r.total, 6);
    assert!(
        r.hits
            .iter()
            .all(|h| h.snippet.contains("security agreement"))
    );
    assert!(r.hits.iter().all(|h| !h.highlights.is_empty()));
    // Both words, anywhere: every passage of every file.
    assert_eq!(lib.search("security agreement", 20).unwrap().total, 18);
    assert_eq!(
        lib.search("\"agreement on security\"", 20).unwrap().total,
        6
    );
    assert_eq!(lib.search("\"agreement security\"", 20).unwrap().total, 0);
}
