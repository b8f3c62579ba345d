//! The `briefing` binary's command line: JSON shapes, human output, exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

#[path = "../benches/corpus.rs"]
#[allow(dead_code)]
mod corpus;

fn briefing(args: &[&str], index: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .arg("--index")
        .arg(index)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn articles_json_has_the_documented_fields() {
    let idx = tempfile::tempdir().unwrap();
    let o = briefing(&["articles", "--json"], idx.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    for key in [
        "id",
        "file",
        "outlet",
        "title",
        "published",
        "byline",
        "dateline",
        "paragraphs",
        "words",
    ] {
        assert!(rows.iter().all(|r| r.get(key).is_some()), "missing {key}");
    }
    assert_eq!(rows[1]["outlet"], "Associated Press");
    assert_eq!(rows[3]["outlet"], serde_json::Value::Null);
}

#[test]
fn verbose_articles_show_what_was_dropped() {
    let idx = tempfile::tempdir().unwrap();
    let o = briefing(&["articles", "--json", "--verbose"], idx.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let dropped = v[2]["dropped"].as_array().unwrap();
    assert!(
        dropped
            .iter()
            .any(|d| d["kind"] == "navigation" && d["text"] == "Menu")
    );
    assert!(dropped.iter().any(|d| d["kind"] == "footer"));
}

#[test]
fn search_json_and_human_output() {
    let idx = tempfile::tempdir().unwrap();
    let o = briefing(
        &["search", "\"buffer zone\"", "--json", "--limit", "3"],
        idx.path(),
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["total"], 6);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    for key in [
        "article",
        "file",
        "outlet",
        "title",
        "passage",
        "score",
        "snippet",
        "highlights",
    ] {
        assert!(hits[0].get(key).is_some(), "missing {key}");
    }
    let h = &hits[0];
    let snippet = h["snippet"].as_str().unwrap();
    let first = &h["highlights"][0];
    let word = &snippet
        [first["start"].as_u64().unwrap() as usize..first["end"].as_u64().unwrap() as usize];
    assert_eq!(word, "buffer");

    let o = briefing(&["search", "Salameh"], idx.path());
    let text = stdout(&o);
    // Alias-aware: "Salameh" also finds PTV's "Hussein al-Salama", and says so.
    assert!(
        text.starts_with(
            "also searched: Salama (spellings of Hussein al-Salama)\n3 hits for: Salameh"
        ),
        "{text}"
    );
    assert!(
        text.contains("[Salameh]")
            && text.contains("(found as \"Salama\")")
            && text.contains("al-[Salama]"),
        "{text}"
    );
}

#[test]
fn exit_codes_usage_2_error_1() {
    let idx = tempfile::tempdir().unwrap();
    let o = briefing(&["search"], idx.path());
    assert_eq!(o.status.code(), Some(2));
    let o = briefing(&["articles", "/no/such/folder"], idx.path());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/no/such/folder") && err.contains("no such file"),
        "{err}"
    );
}

/// A folder holding one readable article, and an index directory for it.
fn folder_with_one_good_article() -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "A headline for it\n\nThe body of the article is here.\n",
    )
    .unwrap();
    (dir, tempfile::tempdir().unwrap())
}

#[test]
fn bad_files_warn_on_stderr_and_the_command_succeeds() {
    let (dir, idx) = folder_with_one_good_article();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let o = briefing(&["articles", dir.path().to_str().unwrap()], idx.path());
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: empty.txt: the file is empty"),
        "{err}"
    );
    assert!(stdout(&o).contains("A headline for it"));
}

#[test]
fn a_fifo_in_the_folder_is_warned_about_and_never_waited_on() {
    let (dir, idx) = folder_with_one_good_article();
    let fifo = dir.path().join("feed.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["articles", "--index"])
        .arg(idx.path())
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Opening the FIFO would block forever: fail instead of hanging the test run.
    let mut waited = 0;
    while child.try_wait().unwrap().is_none() {
        if waited > 600 {
            child.kill().unwrap();
            panic!("briefing is still running after a minute: it waits on the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    }
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "warning: {}: a FIFO (named pipe), not a regular file: skipped",
            fifo.display()
        )),
        "{err}"
    );
    assert!(stdout(&o).contains("A headline for it"));
}

#[test]
fn index_reports_what_it_did() {
    let idx = tempfile::tempdir().unwrap();
    let o = briefing(&["index", "--json"], idx.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["added"].as_u64(), v["analysed"].as_u64()),
        (Some(5), Some(5))
    );
    let o = briefing(&["index", "--json"], idx.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["unchanged"].as_u64(), v["analysed"].as_u64()),
        (Some(5), Some(0))
    );
}

/// `briefing index` leaves the library ready to read: the stories grouped, the entity list
/// merged and the stories' facts are saved with it, and the list it saved is the one a later
/// command reads.
#[test]
fn index_saves_the_stories_and_the_entity_list() {
    let idx = tempfile::tempdir().unwrap();
    let o = briefing(&["index"], idx.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    let line = out.lines().next().unwrap_or_default();
    let entities = line
        .split(" · ")
        .find_map(|part| part.strip_suffix(" entities"))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or_else(|| panic!("no entity count in {line:?}"));
    for file in [
        "briefing-stories.bin",
        "briefing-entities.bin",
        "briefing-facts.bin",
    ] {
        assert!(idx.path().join(file).is_file(), "{file} not saved");
    }
    let o = briefing(&["entities", "--json"], idx.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(entities));
}

/// Naming a library with no paths opens what it was built from; it never turns a library of
/// the user's articles into the sample briefing (which would drop every article in it).
#[test]
fn a_library_named_alone_opens_its_own_sources_not_the_sample() {
    let (dir, idx) = folder_with_one_good_article();
    let o = briefing(&["index", dir.path().to_str().unwrap()], idx.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let marker = std::fs::read_to_string(idx.path().join("briefing-library.toml")).unwrap();
    assert!(marker.contains("sources = ["), "{marker}");

    let o = briefing(&["articles", "--json"], idx.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let titles: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert_eq!(titles, ["A headline for it"]);

    // A library from a release that did not record its sources is refused, not rebuilt.
    let old = marker[..marker.find("# Built from").unwrap()].to_string();
    std::fs::write(idx.path().join("briefing-library.toml"), old).unwrap();
    let o = briefing(&["articles", "--json"], idx.path());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("good.txt") && err.contains("PATHS --index"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
    // Nor when it was made by an older format, which opening would clear (the manifest's
    // version names the release that wrote it).
    let manifest = idx.path().join("briefing-manifest.bin");
    let bytes = std::fs::read(&manifest).unwrap();
    let format = briefing::index::FORMAT.as_bytes();
    let at = bytes
        .windows(format.len())
        .position(|w| w == format)
        .unwrap();
    let mut older = bytes.clone();
    older[at + format.len() - 1] ^= 1;
    std::fs::write(&manifest, &older).unwrap();
    let o = briefing(&["articles", "--json"], idx.path());
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(
        std::fs::read(&manifest).unwrap(),
        older,
        "the library was cleared"
    );
    std::fs::write(&manifest, &bytes).unwrap();
    let o = briefing(
        &["articles", "--json", dir.path().to_str().unwrap()],
        idx.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "the library was kept");
}

#[test]
fn facts_json_has_the_documented_fields_and_export_quotes_each_outlet() {
    let idx = tempfile::tempdir().unwrap();
    let o = briefing(&["facts", "--json"], idx.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let facts = v.as_array().unwrap();
    for key in ["id", "story", "label", "passages", "missing_from"] {
        assert!(facts.iter().all(|f| f.get(key).is_some()), "missing {key}");
    }
    for key in [
        "article",
        "file",
        "outlet",
        "passage",
        "text",
        "start",
        "end",
        "attributions",
        "hedges",
        "loaded_terms",
        "numbers",
        "dates",
        "quotes",
    ] {
        assert!(
            facts
                .iter()
                .flat_map(|f| f["passages"].as_array().unwrap())
                .all(|p| p.get(key).is_some()),
            "passage missing {key}"
        );
    }
    // Each passage lists every source of its sentence, each with its whole record.
    let sources: Vec<&serde_json::Value> = facts
        .iter()
        .flat_map(|f| f["passages"].as_array().unwrap())
        .flat_map(|p| p["attributions"].as_array().unwrap())
        .collect();
    assert!(!sources.is_empty(), "no passage gives a source");
    for a in &sources {
        for key in [
            "source",
            "verb",
            "via",
            "anonymous",
            "span",
            "position",
            "covers",
            "clause",
        ] {
            assert!(a.get(key).is_some(), "attribution missing {key}: {a}");
        }
        assert!(
            ["before", "after", "inside"].contains(&a["position"].as_str().unwrap()),
            "{a}"
        );
        assert!(
            ["main", "subordinate", "reported"].contains(&a["clause"].as_str().unwrap()),
            "{a}"
        );
    }
    assert!(
        sources
            .iter()
            .any(|a| a["via"] == "Associated Press" && a["anonymous"] == true),
        "the anonymous official who told the AP"
    );
    // The 1974 agreement is told by several outlets, and whoever leaves it out is named.
    let agreement = facts
        .iter()
        .find(|f| {
            f["passages"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["text"].as_str().unwrap().contains("1974"))
                .count()
                >= 3
        })
        .expect("a fact about the 1974 agreement");
    let told = agreement["passages"].as_array().unwrap().len();
    let missing = agreement["missing_from"].as_array().unwrap().len();
    assert!(told >= 3 && told + missing >= 5, "{agreement}");
    // A fact's passage carries its sentence's byte range in the file.
    let p = &agreement["passages"][0];
    let file = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("seeds")
            .join(p["file"].as_str().unwrap()),
    )
    .unwrap();
    let (s, e) = (
        p["start"].as_u64().unwrap() as usize,
        p["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&file[s..e], p["text"].as_str().unwrap());

    let story = agreement["story"].as_str().unwrap();
    let o = briefing(&["export", "--story", story], idx.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = stdout(&o);
    assert!(md.starts_with("# "), "{md}");
    assert!(md.contains("— **Associated Press**"), "{md}");
    assert!(md.contains("Not reported by:"), "{md}");
    let o = briefing(&["facts", "--story", "no-such-story"], idx.path());
    assert_eq!(o.status.code(), Some(1));
}

/// `facts --json` writes story by story as each is worked out; the bytes are those of the one
/// array it used to build whole: every story's facts, largest story first, pretty-printed.
#[test]
fn streamed_facts_json_is_the_whole_array_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(dir.path(), 40, 0x7374_7265_616d).unwrap();
    let idx = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["facts", "--json", "-q", "--index"])
        .arg(idx.path())
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // The old shape, worked out story by story on one thread in this process.
    let idx2 = tempfile::tempdir().unwrap();
    let lib = briefing::library::Library::open(
        &briefing::library::Corpus::Paths(vec![dir.path().into()]),
        &briefing::library::OpenOptions {
            index_dir: Some(idx2.path().into()),
            ..Default::default()
        },
    )
    .unwrap();
    let stories = lib.stories().unwrap();
    assert!(stories.len() >= 3, "several stories, so order matters");
    let mut facts = Vec::new();
    for s in stories {
        facts.extend(lib.facts_for_story(&s.id).unwrap().unwrap().facts);
    }
    assert!(!facts.is_empty());
    let whole = serde_json::to_string_pretty(&facts).unwrap() + "\n";
    assert_eq!(stdout(&o), whole);
}

/// An unknown story id is an error with nothing on stdout: a script reading the JSON gets no
/// half-written array.
#[test]
fn facts_of_an_unknown_story_print_no_json() {
    let idx = tempfile::tempdir().unwrap();
    let o = briefing(
        &["facts", "--story", "000000000000", "--json", "-q"],
        idx.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(stdout(&o), "", "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no story has id"),
        "{o:?}"
    );
}

/// A query that cannot be read is refused with exit code 2 and the place it goes wrong; it is
/// never searched as something else and reported as 0 hits.
#[test]
fn malformed_queries_are_usage_errors_naming_the_character() {
    let idx = tempfile::tempdir().unwrap();
    for (query, column, says) in [
        ("\"unclosed", 1, "quote is never closed"),
        ("talks title:", 7, "`title:` needs a word"),
        ("AND AND", 1, "AND needs a word on each side"),
        ("outlet:", 1, "`outlet:` needs a word"),
        ("(a", 1, "( is never closed"),
        ("talks OR", 7, "OR needs a word on each side"),
        ("a)", 2, ") closes nothing"),
        ("nosuch:word", 1, "unknown field `nosuch:`"),
    ] {
        let o = briefing(&["search", query], idx.path());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{query}: {err}");
        assert!(
            err.contains(says) && err.contains(&format!("(at character {column})")),
            "{query}: {err}"
        );
        assert!(o.stdout.is_empty(), "{query}: {}", stdout(&o));
    }
    // A phrase with slop is well formed, and finds at least what the phrase finds.
    let o = briefing(&["search", "\"buffer zone\"~2", "--json"], idx.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 6, "{v}");
    // `*` is every article, not a mistake.
    let o = briefing(&["search", "*", "--json"], idx.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 5, "{v}");
}

#[test]
fn related_gives_same_fact_passages_then_related_ones() {
    let idx = tempfile::tempdir().unwrap();
    let facts: serde_json::Value =
        serde_json::from_str(&stdout(&briefing(&["facts", "--json"], idx.path()))).unwrap();
    // A passage that tells a fact other outlets tell too.
    let fact = facts
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["outlets"].as_array().unwrap().len() > 1)
        .unwrap();
    let here = &fact["passages"][0];
    let target = format!(
        "{}:{}",
        here["article"].as_str().unwrap(),
        here["passage"].as_u64().unwrap()
    );
    let o = briefing(&["related", &target, "--json", "-n", "3"], idx.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["article"], here["article"]);
    assert_eq!(v["passage"], here["passage"]);
    assert_eq!(v["story"], fact["story"]);
    let same = v["same_fact"].as_array().unwrap();
    assert!(
        same.iter().any(|p| p["fact"] == fact["id"]),
        "{same:#?} lacks {}",
        fact["id"]
    );
    for p in same {
        assert_ne!(p["article"], here["article"]);
        for key in [
            "fact", "label", "file", "outlet", "passage", "score", "text",
        ] {
            assert!(p.get(key).is_some(), "missing {key}");
        }
    }
    let related = v["related"].as_array().unwrap();
    assert!(!related.is_empty() && related.len() <= 3, "{related:#?}");
    assert!(related.iter().all(|p| p["article"] != here["article"]));

    // Human output names the sections; bad targets are errors that say why.
    let o = briefing(&["related", &target], idx.path());
    assert!(
        stdout(&o).starts_with("Same fact, other outlets:"),
        "{}",
        stdout(&o)
    );
    let article = here["article"].as_str().unwrap();
    let o = briefing(&["related", &format!("{article}:9999")], idx.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("there is no passage 9999"));
    let o = briefing(&["related", "no-such-article:0"], idx.path());
    assert_eq!(o.status.code(), Some(1));
    let o = briefing(&["related", "no-colon"], idx.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn show_prints_one_article_wrapped_and_clean() {
    let idx = tempfile::tempdir().unwrap();
    let o = briefing(&["articles", "--json"], idx.path());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let ap = rows
        .iter()
        .find(|r| r["outlet"] == "Associated Press")
        .unwrap();
    let o = briefing(
        &["show", ap["id"].as_str().unwrap(), "--width", "50"],
        idx.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Associated Press · "), "{text}");
    assert!(
        ap["title"].as_str().unwrap().starts_with(lines[1]),
        "{text}"
    );
    assert!(lines.iter().all(|l| l.chars().count() <= 50), "{text}");
    assert!(text.contains("\n\n"), "paragraphs apart: {text}");

    // A file on its own, with a control sequence in its headline: shown, never sent.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.txt");
    std::fs::write(
        &file,
        "Council \x1b[2J approves the bridge\n\nThe council approved the harbour bridge on Tuesday after a long debate about its cost and design.\n",
    )
    .unwrap();
    let o = briefing(&["show", file.to_str().unwrap()], idx.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!o.stdout.contains(&0x1b), "{}", stdout(&o));
    assert!(stdout(&o).contains("^[[2J"), "{}", stdout(&o));

    let o = briefing(&["show", "no-such-id"], idx.path());
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn an_outlet_line_the_folder_repeats_names_the_outlet() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir(&news).unwrap();
    let body = "The council approved the harbour bridge on Tuesday after a long debate about its cost, officials said.";
    for (i, label) in [
        "The Flip Side",
        "The Flip Side",
        "The Flip Side",
        "Quiet Corner",
        "Quiet Corner",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(
            news.join(format!("{i}.txt")),
            format!(
                "{label}\n2026-03-0{}\n\nHeadline number {i}\n\n{body} Item {i}.\n",
                i + 1
            ),
        )
        .unwrap();
    }
    let idx = dir.path().join("idx");
    let o = briefing(&["articles", news.to_str().unwrap(), "--json"], &idx);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    for r in &rows {
        let n: usize = r["file"].as_str().unwrap()[..1].parse().unwrap();
        // Three files open with it: an outlet. Two: not enough to tell.
        if n < 3 {
            assert_eq!(r["outlet"], "The Flip Side", "{r}");
            assert_eq!(r["title"], format!("Headline number {n}"), "{r}");
        } else {
            assert_eq!(r["outlet"], serde_json::Value::Null, "{r}");
        }
    }
}
