//! Stories as a user meets them: the seeds are one story; NewsWCL50 is its ten events of five
//! articles; unrelated articles stay apart; `briefing.toml` pins hold; a generated corpus of
//! stories of 5–8 articles comes out without chaining stories together.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/corpus.rs"]
#[allow(dead_code)]
mod corpus;

mod common;

use std::collections::HashMap;
use std::path::Path;

use briefing::library::Corpus;
use briefing::model::Story;
use common::{copy_seeds, open};

/// Pairwise precision and recall of `stories` against a true story label per file.
fn pairwise(stories: &[Story], truth: &HashMap<String, String>) -> (f64, f64) {
    let mut found: HashMap<&str, usize> = HashMap::new();
    for (k, s) in stories.iter().enumerate() {
        for a in &s.articles {
            found.insert(a.file.as_str(), k);
        }
    }
    let files: Vec<&String> = truth.keys().collect();
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (i, a) in files.iter().enumerate() {
        for b in &files[i + 1..] {
            let same = truth[*a] == truth[*b];
            let together = found[a.as_str()] == found[b.as_str()];
            match (same, together) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (false, false) => {}
            }
        }
    }
    (
        tp as f64 / (tp + fp).max(1) as f64,
        tp as f64 / (tp + fn_).max(1) as f64,
    )
}

#[test]
fn the_seeds_are_one_story() {
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Seeds, idx.path());
    let stories = lib.stories().unwrap();
    assert_eq!(stories.len(), 1, "{stories:#?}");
    let s = &stories[0];
    assert_eq!(s.articles.len(), 5);
    assert!(!s.title.is_empty());
    assert!(!s.pinned);
    // Every outlet named once, sorted; the page that names none is listed last.
    let mut named: Vec<String> = lib
        .articles()
        .unwrap()
        .into_iter()
        .filter_map(|a| a.outlet)
        .collect();
    named.sort();
    named.dedup();
    assert_eq!(s.outlets, named);
    assert!(s.articles.last().unwrap().outlet.is_none());
    for a in lib.articles().unwrap() {
        assert_eq!(lib.story_of(&a.id).unwrap().map(|s| &s.id), Some(&s.id));
    }
    assert!(lib.story_of("no-such-article").unwrap().is_none());
}

#[test]
fn newswcl50_is_ten_stories_of_five() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/newswcl50");
    if !root.is_dir() {
        eprintln!("skipped: {} is not here", root.display());
        return;
    }
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Paths(vec![root]), idx.path());
    let stories = lib.stories().unwrap();
    // The corpus keeps each event in its own folder: that is the truth to check against.
    let event = |file: &str| file.split('/').next().unwrap().to_string();
    let truth: HashMap<String, String> = lib
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| (a.file.clone(), event(&a.file)))
        .collect();
    let (precision, recall) = pairwise(stories, &truth);
    eprintln!("NewsWCL50: pairwise precision {precision:.4}, recall {recall:.4}");
    assert_ten_events_of_five(stories);
    for s in stories {
        assert_eq!(s.outlets.len(), 5, "{:?}", s.outlets);
    }
}

/// `stories` are NewsWCL50's ten events (each a folder), five articles each.
fn assert_ten_events_of_five(stories: &[Story]) {
    let event = |file: &str| file.split('/').next().unwrap().to_string();
    let shapes: Vec<(usize, Vec<String>)> = stories
        .iter()
        .map(|s| {
            let mut events: Vec<String> = s.articles.iter().map(|a| event(&a.file)).collect();
            events.dedup();
            (s.articles.len(), events)
        })
        .collect();
    assert_eq!(stories.len(), 10, "{shapes:?}");
    assert!(
        shapes
            .iter()
            .all(|(n, events)| *n == 5 && events.len() == 1),
        "{shapes:?}"
    );
}

/// Copies the files under `from` for which `take` holds into `to`, keeping their paths.
fn copy_tree(from: &Path, to: &Path, take: &dyn Fn(&Path) -> bool) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_tree(&path, &dest, take);
        } else if take(&path) {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

#[test]
fn newswcl50_articles_added_later_join_their_stories_without_a_regroup() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/newswcl50");
    if !root.is_dir() {
        eprintln!("skipped: {} is not here", root.display());
        return;
    }
    // Each event's first article (in file order) is held back, then added.
    let first_of_event = |p: &Path| -> bool {
        let mut files: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| f.is_file())
            .collect();
        files.sort();
        files.first().map(|f| f.as_path()) == Some(p)
    };
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root, dir.path(), &|p| !first_of_event(p));
    let idx = tempfile::tempdir().unwrap();
    let corpus = Corpus::Paths(vec![dir.path().into()]);
    let before = open(&corpus, idx.path()).stories().unwrap().to_vec();
    assert_eq!(before.len(), 10, "{before:#?}");

    copy_tree(&root, dir.path(), &first_of_event);
    let lib = open(&corpus, idx.path());
    let stories = lib.stories().unwrap();
    assert_eq!(lib.stories_updated_for(), Some(10));
    assert_ten_events_of_five(stories);
    drop(lib);

    // Reopened unchanged: read as saved, not brought up to date again.
    let lib = open(&corpus, idx.path());
    let again = lib.stories().unwrap().to_vec();
    assert_eq!(lib.stories_updated_for(), None);
    assert_eq!(again, stories_of(&corpus, idx.path()));

    // One article removed: it leaves its story, the other nine stories are as they were.
    let gone = again[3].articles[0].file.clone();
    std::fs::remove_file(dir.path().join(&gone)).unwrap();
    let lib = open(&corpus, idx.path());
    let after = lib.stories().unwrap();
    assert_eq!(lib.stories_updated_for(), Some(1));
    assert_eq!(after.len(), 10);
    for s in &again {
        if s.articles.iter().any(|a| a.file == gone) {
            let now = after
                .iter()
                .find(|x| x.articles.iter().any(|a| a.file == s.articles[1].file));
            assert_eq!(now.unwrap().articles.len(), 4);
        } else {
            assert!(after.contains(s), "{} changed", s.title);
        }
    }
}

/// The stories of the library in `idx`, as a fresh open reads them.
fn stories_of(corpus: &Corpus, idx: &Path) -> Vec<Story> {
    open(corpus, idx).stories().unwrap().to_vec()
}

const FLOOD: &str = "Valencia floods\n\nTorrential rain swept through the Valencia region \
overnight, flooding villages along the Turia river and forcing rescuers to evacuate hundreds \
of residents from their homes.\n\nRegional emergency services said reservoirs overflowed near \
Chiva and Paiporta, where cars were carried away by the water and the railway line was cut.\n\n\
Forecasters warned that more rainfall would arrive on Thursday, and schools across the \
province stayed closed.\n";

const MATCH: &str = "Late goal sends Rovers into the cup final\n\nA header from captain \
Jamie Oduya in the ninetieth minute sent Blackwater Rovers into the cup final at the expense \
of Harbour City on Saturday.\n\nThe home side had trailed at half-time after a penalty, but \
coach Martina Sorel's substitutions turned the match, and the stadium erupted when the ball \
crossed the line.\n\nRovers meet the holders in the final next month.\n";

/// The seeds plus two unrelated articles, in a folder of their own.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(dir.path());
    std::fs::write(dir.path().join("flood.txt"), FLOOD).unwrap();
    std::fs::write(dir.path().join("match.txt"), MATCH).unwrap();
    dir
}

fn files_of(s: &Story) -> Vec<&str> {
    s.articles.iter().map(|a| a.file.as_str()).collect()
}

#[test]
fn unrelated_articles_stay_apart() {
    let dir = mixed_folder();
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Paths(vec![dir.path().into()]), idx.path());
    let stories = lib.stories().unwrap();
    let shapes: Vec<Vec<&str>> = stories.iter().map(files_of).collect();
    assert_eq!(stories.len(), 3, "{shapes:?}");
    assert_eq!(stories[0].articles.len(), 5, "{shapes:?}");
    assert!(shapes[1..].contains(&vec!["flood.txt"]), "{shapes:?}");
    assert!(shapes[1..].contains(&vec!["match.txt"]), "{shapes:?}");
    let single = stories
        .iter()
        .find(|s| files_of(s) == ["match.txt"])
        .unwrap();
    assert_eq!(single.title, "Late goal sends Rovers into the cup final");
}

#[test]
fn stories_are_saved_and_regrouped_only_when_what_they_depend_on_changes() {
    let dir = mixed_folder();
    let idx = tempfile::tempdir().unwrap();
    let corpus = Corpus::Paths(vec![dir.path().into()]);
    let first = open(&corpus, idx.path()).stories().unwrap().to_vec();
    let saved = idx.path().join("briefing-stories.bin");
    assert!(saved.is_file());
    let bytes = std::fs::read(&saved).unwrap();
    // Reopened unchanged: the saved stories, the same as grouped.
    assert_eq!(open(&corpus, idx.path()).stories().unwrap(), &first[..]);

    // Damaged or stale bytes are never trusted: the stories are grouped again and saved.
    let mut damaged = bytes.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x55;
    std::fs::write(&saved, &damaged).unwrap();
    assert_eq!(open(&corpus, idx.path()).stories().unwrap(), &first[..]);
    assert_eq!(std::fs::read(&saved).unwrap(), bytes);
    std::fs::write(&saved, b"not stories").unwrap();
    assert_eq!(open(&corpus, idx.path()).stories().unwrap(), &first[..]);

    // A new article changes the key: it is grouped with the rest, not left out.
    std::fs::write(
        dir.path().join("match2.txt"),
        MATCH.replace("Rovers", "Rangers"),
    )
    .unwrap();
    let grown = open(&corpus, idx.path()).stories().unwrap().to_vec();
    let files: usize = grown.iter().map(|s| s.articles.len()).sum();
    assert_eq!(files, 8, "{grown:#?}");
    assert_ne!(std::fs::read(&saved).unwrap(), bytes);

    // So does a pin.
    std::fs::write(
        dir.path().join("briefing.toml"),
        "[stories]\n\"Weather\" = [\"flood.txt\"]\n",
    )
    .unwrap();
    let pinned = open(&corpus, idx.path()).stories().unwrap().to_vec();
    assert!(
        pinned.iter().any(|s| s.pinned && s.title == "Weather"),
        "{pinned:#?}"
    );
}

/// The reader's article list is saved beside the index like the stories: reopened unchanged it
/// is read back the same, damaged bytes are never trusted, and a changed article is listed as
/// it now reads.
#[test]
fn the_article_list_is_saved_and_read_again_only_while_the_articles_stay_the_same() {
    let dir = mixed_folder();
    let idx = tempfile::tempdir().unwrap();
    let corpus = Corpus::Paths(vec![dir.path().into()]);
    let first = open(&corpus, idx.path()).articles().unwrap();
    let saved = idx.path().join("briefing-articles.bin");
    assert!(saved.is_file());
    let bytes = std::fs::read(&saved).unwrap();
    assert_eq!(open(&corpus, idx.path()).articles().unwrap(), first);

    let mut damaged = bytes.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x55;
    std::fs::write(&saved, &damaged).unwrap();
    assert_eq!(open(&corpus, idx.path()).articles().unwrap(), first);
    assert_eq!(std::fs::read(&saved).unwrap(), bytes);

    std::fs::write(
        dir.path().join("flood.txt"),
        FLOOD.replacen("\n", " (updated)\n", 1),
    )
    .unwrap();
    let now = open(&corpus, idx.path()).articles().unwrap();
    assert_eq!(now.len(), first.len());
    assert!(
        now.iter()
            .any(|a| a.title.as_deref().is_some_and(|t| t.ends_with("(updated)"))),
        "{now:#?}"
    );
    assert_ne!(std::fs::read(&saved).unwrap(), bytes);
}

#[test]
fn briefing_toml_pins_files_into_a_named_story() {
    let dir = mixed_folder();
    let seed = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("00"))
        .min()
        .unwrap();
    std::fs::write(
        dir.path().join("briefing.toml"),
        format!("[stories]\n\"Weather and talks\" = [\"flood.txt\", \"{seed}\", \"gone.txt\"]\n"),
    )
    .unwrap();
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Paths(vec![dir.path().into()]), idx.path());
    let stories = lib.stories().unwrap();
    let pinned: Vec<&Story> = stories.iter().filter(|s| s.pinned).collect();
    assert_eq!(pinned.len(), 1, "{stories:#?}");
    assert_eq!(pinned[0].title, "Weather and talks");
    let files = files_of(pinned[0]);
    assert!(
        files.contains(&"flood.txt") && files.contains(&seed.as_str()),
        "{files:?}"
    );
    assert!(!files.contains(&"match.txt"), "{files:?}");
    // The file the pin names that the folder does not hold is reported, by the config's path.
    let problem = lib
        .report
        .problems
        .iter()
        .find(|p| p.reason.contains("gone.txt"))
        .expect("a problem naming gone.txt");
    assert!(problem.path.ends_with("briefing.toml"), "{problem:?}");

    // A malformed pin is reported naming the file, and the folder still loads.
    std::fs::write(
        dir.path().join("briefing.toml"),
        "[stories]\n\"Weather and talks\" = \"flood.txt\"\n",
    )
    .unwrap();
    let lib = open(&Corpus::Paths(vec![dir.path().into()]), idx.path());
    let problem = lib
        .report
        .problems
        .iter()
        .find(|p| p.reason.contains("stories"))
        .expect("a problem about the stories table");
    assert!(problem.path.ends_with("briefing.toml"), "{problem:?}");
    assert!(lib.stories().unwrap().iter().all(|s| !s.pinned));
    assert_eq!(lib.articles().unwrap().len(), 7);
}

#[test]
fn generated_stories_do_not_chain() {
    const ARTICLES: usize = 1000;
    const SEED: u64 = 0x6272_6965_6669_6e67;
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(dir.path(), ARTICLES, SEED).unwrap();
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Paths(vec![dir.path().into()]), idx.path());
    let stories = lib.stories().unwrap();
    // Files are named by article number; the generator lays stories out by number.
    let truth: HashMap<String, String> = (0..ARTICLES)
        .map(|i| {
            let file = corpus::relative_path(i).to_string_lossy().into_owned();
            (file, corpus::story_number(i, SEED).to_string())
        })
        .collect();
    let (precision, recall) = pairwise(stories, &truth);
    eprintln!(
        "generated {ARTICLES}: {} stories, pairwise precision {precision:.4}, recall {recall:.4}",
        stories.len()
    );
    let largest = stories.iter().map(|s| s.articles.len()).max().unwrap();
    assert!(
        largest <= 8,
        "a story of {largest} articles: stories chained"
    );
    assert!(precision >= 0.95, "precision {precision}");
    assert!(recall >= 0.9, "recall {recall}");
}

#[test]
fn the_stories_command_prints_stories_and_stable_json() {
    let idx = tempfile::tempdir().unwrap();
    let run = |json: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"));
        c.arg("stories").arg("--index").arg(idx.path()).arg("-q");
        if json {
            c.arg("--json");
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let human = run(false);
    assert!(human.starts_with("1 story from 5 articles"), "{human}");
    assert!(human.contains("001_4d664853be3444cd.txt"), "{human}");
    let v: serde_json::Value = serde_json::from_str(&run(true)).unwrap();
    let stories = v.as_array().unwrap();
    assert_eq!(stories.len(), 1);
    let s = &stories[0];
    for key in [
        "id", "title", "pinned", "articles", "outlets", "first", "last",
    ] {
        assert!(s.get(key).is_some(), "missing {key}: {s}");
    }
    let articles = s["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);
    for key in ["id", "file", "outlet", "title", "published"] {
        assert!(
            articles.iter().all(|a| a.get(key).is_some()),
            "missing {key}"
        );
    }
    assert!(human.contains(s["title"].as_str().unwrap()), "{human}");
}

#[test]
fn story_facts_are_saved_and_worked_out_again_only_when_their_articles_change() {
    let dir = mixed_folder();
    let idx = tempfile::tempdir().unwrap();
    let corpus = Corpus::Paths(vec![dir.path().into()]);
    let lib = open(&corpus, idx.path());
    let story = lib.stories().unwrap()[0].id.clone();
    assert_eq!(lib.saved_facts_for_story(&story).unwrap(), None);
    let first = lib.facts_for_story(&story).unwrap().unwrap();
    assert!(!first.facts.is_empty());
    let saved = idx.path().join("briefing-facts.bin");
    let bytes = std::fs::read(&saved).unwrap();
    drop(lib);

    // Reopened: the same facts, read without working them out.
    let lib = open(&corpus, idx.path());
    assert_eq!(
        lib.saved_facts_for_story(&story).unwrap(),
        Some(first.clone())
    );
    assert_eq!(lib.facts_for_story(&story).unwrap(), Some(first.clone()));
    drop(lib);

    // A damaged entry is never read: worked out again, the same, and saved whole again.
    let mut damaged = bytes.clone();
    let last = damaged.len() - 3;
    damaged[last] ^= 0x55;
    std::fs::write(&saved, &damaged).unwrap();
    let lib = open(&corpus, idx.path());
    assert_eq!(lib.saved_facts_for_story(&story).unwrap(), None);
    assert_eq!(lib.facts_for_story(&story).unwrap(), Some(first.clone()));
    assert_eq!(std::fs::read(&saved).unwrap(), bytes);
    drop(lib);

    // An article of the story changes: its saved facts no longer apply.
    let id = first.articles[0].clone();
    let lib = open(&corpus, idx.path());
    let changed = lib
        .articles()
        .unwrap()
        .iter()
        .find(|a| a.id == id)
        .map(|a| a.file.clone())
        .unwrap();
    drop(lib);
    let path = dir.path().join(&changed);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\nOfficials said the talks would resume in March.\n"),
    )
    .unwrap();
    let lib = open(&corpus, idx.path());
    let story = lib.story_of(&id).unwrap().unwrap().id.clone();
    assert_eq!(lib.saved_facts_for_story(&story).unwrap(), None);
    let again = lib.facts_for_story(&story).unwrap().unwrap();
    assert_eq!(lib.saved_facts_for_story(&story).unwrap(), Some(again));
}

/// What `briefing index` does after grouping: every story of more than one article gets its
/// facts saved, the same as worked out on demand; a second pass works out none, and after an
/// edit only the story whose articles changed.
#[test]
fn every_storys_facts_are_saved_at_once_and_again_only_for_a_changed_story() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(dir.path(), 60, 0x6661_6374_7361_7665).unwrap();
    let idx = tempfile::tempdir().unwrap();
    let corpus = Corpus::Paths(vec![dir.path().into()]);
    let lib = open(&corpus, idx.path());
    let several: Vec<String> = lib
        .stories()
        .unwrap()
        .iter()
        .filter(|s| s.articles.len() > 1)
        .map(|s| s.id.clone())
        .collect();
    assert!(
        several.len() >= 2,
        "the corpus has stories of several articles"
    );
    let calls = std::cell::Cell::new(0);
    let done = lib
        .save_story_facts(&|n, total| {
            assert!(n <= total);
            calls.set(calls.get() + 1);
        })
        .unwrap();
    assert_eq!(done, several.len());
    assert_eq!(calls.get(), several.len());
    let saved: Vec<_> = several
        .iter()
        .map(|id| lib.saved_facts_for_story(id).unwrap().unwrap())
        .collect();
    drop(lib);

    // Reopened: nothing to work out, and what was saved is what working out gives.
    let lib = open(&corpus, idx.path());
    assert_eq!(lib.save_story_facts(&|_, _| {}).unwrap(), 0);
    for (id, facts) in several.iter().zip(&saved) {
        let idx2 = tempfile::tempdir().unwrap();
        let fresh = open(&corpus, idx2.path());
        assert_eq!(fresh.facts_for_story(id).unwrap().as_ref(), Some(facts));
        drop(fresh);
        assert_eq!(lib.saved_facts_for_story(id).unwrap().as_ref(), Some(facts));
    }
    let edited = lib
        .stories()
        .unwrap()
        .iter()
        .find(|s| s.id == several[0])
        .unwrap()
        .articles[0]
        .file
        .clone();
    drop(lib);

    // One article edited: its story alone is worked out again.
    let path = dir.path().join(&edited);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\nOfficials said talks would resume.\n"),
    )
    .unwrap();
    let lib = open(&corpus, idx.path());
    assert_eq!(lib.save_story_facts(&|_, _| {}).unwrap(), 1);
}

#[test]
fn the_entity_list_is_saved_and_merged_again_only_when_its_inputs_change() {
    let dir = mixed_folder();
    let idx = tempfile::tempdir().unwrap();
    let corpus = Corpus::Paths(vec![dir.path().into()]);
    let first = open(&corpus, idx.path())
        .entities()
        .unwrap()
        .as_ref()
        .clone();
    assert!(!first.is_empty());
    let saved = idx.path().join("briefing-entities.bin");
    let bytes = std::fs::read(&saved).unwrap();
    // Reopened unchanged: the saved list, the same as merged.
    assert_eq!(
        open(&corpus, idx.path()).entities().unwrap().as_ref(),
        &first
    );
    // Damaged bytes are never trusted: merged again, and saved whole again.
    let mut damaged = bytes.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0x55;
    std::fs::write(&saved, &damaged).unwrap();
    assert_eq!(
        open(&corpus, idx.path()).entities().unwrap().as_ref(),
        &first
    );
    assert_eq!(std::fs::read(&saved).unwrap(), bytes);
    // A rule in briefing.toml changes the key, and the list follows it.
    std::fs::write(
        dir.path().join("briefing.toml"),
        "[entities]\nseparate = [[\"Hussein al-Salama\", \"Hussein Salameh\"]]\n",
    )
    .unwrap();
    let ruled = open(&corpus, idx.path())
        .entities()
        .unwrap()
        .as_ref()
        .clone();
    assert_ne!(std::fs::read(&saved).unwrap(), bytes);
    assert!(ruled.len() >= first.len());
}

/// A few files changed: the saved entity list is brought up to date (the changed articles'
/// mentions out, their new mentions joined to the entities of their names) instead of merged
/// whole, and it holds what a whole merge holds; so is the article list. Many changed:
/// merged whole.
#[test]
fn a_few_changed_files_bring_the_entity_and_article_lists_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(dir.path(), 200, 0x656e_7469_7469_6573).unwrap();
    let idx = tempfile::tempdir().unwrap();
    let corpus = Corpus::Paths(vec![dir.path().into()]);
    let lib = open(&corpus, idx.path());
    lib.entities().unwrap();
    assert_eq!(lib.entity_list_updated_for(), None);
    drop(lib);

    // One file edited, one removed, one added.
    let edited = dir.path().join(corpus::relative_path(3));
    let text = std::fs::read_to_string(&edited).unwrap();
    // Into the body, before the footer a generated article ends with.
    let at = text[200..].find("\n\n").unwrap() + 200;
    std::fs::write(
        &edited,
        format!(
            "{}\n\nOfficials of the Zephyr Widget Corporation met Hussein Salameh in \
             Damascus.{}",
            &text[..at],
            &text[at..]
        ),
    )
    .unwrap();
    let removed = corpus::relative_path(7);
    std::fs::remove_file(dir.path().join(&removed)).unwrap();
    std::fs::write(
        dir.path().join("extra.txt"),
        "Talks resume\n\nHussein Salameh told the Zephyr Widget Corporation that talks in \
         Damascus would resume on Monday, officials said.\n",
    )
    .unwrap();
    let lib = open(&corpus, idx.path());
    let updated = lib.entities().unwrap().as_ref().clone();
    assert_eq!(lib.entity_list_updated_for(), Some(2));
    let ids = |es: &briefing::model::Entities| {
        let mut m = HashMap::new();
        for e in es.iter() {
            for x in e.mentions.iter() {
                m.insert(
                    (es.articles[x.article as usize].id.clone(), x.start, x.end()),
                    e.id.clone(),
                );
            }
        }
        m
    };
    let zephyr = updated
        .iter()
        .find(|e| e.name == "Zephyr Widget Corporation")
        .expect("the new company is listed");
    let files = |e: &briefing::model::Entity| -> Vec<String> {
        e.mentions
            .iter()
            .map(|m| updated.articles[m.article as usize].file.clone())
            .collect()
    };
    assert_eq!(
        files(zephyr).len(),
        2,
        "its two mentions in two files join: {:?}",
        updated
            .iter()
            .filter(|e| e.name.contains("Zephyr"))
            .map(|e| (&e.name, files(e)))
            .collect::<Vec<_>>()
    );
    assert_eq!(zephyr.outlets.iter().map(|(_, n)| n).sum::<usize>(), 2);
    // The article list, brought up to date the same way, is what reading every document gives.
    let listed = lib.articles().unwrap();
    drop(lib);

    // What a whole merge of the same files gives.
    let idx2 = tempfile::tempdir().unwrap();
    let fresh = open(&corpus, idx2.path());
    assert_eq!(listed, fresh.articles().unwrap());
    let whole = fresh.entities().unwrap().as_ref().clone();
    let (a, b) = (ids(&updated), ids(&whole));
    assert_eq!(
        a.keys().collect::<std::collections::BTreeSet<_>>(),
        b.keys().collect::<std::collections::BTreeSet<_>>(),
        "every mention, once"
    );
    let differ = a.iter().filter(|(k, v)| b.get(*k) != Some(*v)).count();
    assert!(differ * 200 <= a.len(), "{differ} of {} mentions", a.len());

    // Many files changed: merged whole.
    for i in 10..80 {
        let p = dir.path().join(corpus::relative_path(i));
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("{text}\nOfficials said talks would resume.\n")).unwrap();
    }
    let lib = open(&corpus, idx.path());
    lib.entities().unwrap();
    assert_eq!(lib.entity_list_updated_for(), None);
}

/// Stories and the entity list are saved beside the index and read back while their version
/// (and the index format) stay the same, so a change to how articles are grouped or mentions
/// merged must bump `STORIES_VERSION` or `ENTITIES_VERSION`. Their output on a generated
/// corpus of 300 articles and on the sample briefing is fingerprinted here under the versions
/// it was taken with: when it changes and no version did, this fails.
#[test]
fn saved_versions_follow_the_grouping_and_the_merging() {
    const RECORDED: (&str, &str, &str, u64, u64) = (
        "stories-3",
        "entities-22",
        "schema 3; analysis 44",
        14370010182026557398,
        17449172743523275549,
    );
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(dir.path(), 300, 0x7665_7273_696f_6e73).unwrap();
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Paths(vec![dir.path().into()]), idx.path());
    let stories = serde_json::to_vec(lib.stories().unwrap()).unwrap();
    let idx = tempfile::tempdir().unwrap();
    let seeds = open(&Corpus::Seeds, idx.path());
    let entities = serde_json::to_vec(seeds.entities().unwrap().as_ref()).unwrap();
    let analysis = briefing::index::FORMAT.split("; briefing").next().unwrap();
    let now = (
        briefing::library::STORIES_VERSION,
        briefing::library::ENTITIES_VERSION,
        analysis,
        xxhash_rust::xxh3::xxh3_64(&stories),
        xxhash_rust::xxh3::xxh3_64(&entities),
    );
    assert_eq!(
        (now.0, now.1, now.2),
        (RECORDED.0, RECORDED.1, RECORDED.2),
        "a version changed: record {now:?} here"
    );
    assert_eq!(
        now.3, RECORDED.3,
        "the stories changed: bump STORIES_VERSION (src/library.rs) and record {now:?} here"
    );
    assert_eq!(
        now.4, RECORDED.4,
        "the entities changed: bump ENTITIES_VERSION (src/library.rs) and record {now:?} here"
    );
}
