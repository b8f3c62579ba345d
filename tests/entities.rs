//! Entities on the seeds and on NewsWCL50: a hand-labelled expectation of who and what the
//! articles name, which spellings are one referent, and which names must stay apart.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use briefing::library::{Corpus, Library};
use briefing::model::{Entity, EntityKind};

fn open(corpus: &Corpus) -> (tempfile::TempDir, Library) {
    let idx = tempfile::tempdir().unwrap();
    let lib = common::open(corpus, idx.path());
    (idx, lib)
}

fn by_spelling<'a>(es: &'a [Entity], spelling: &str) -> Option<&'a Entity> {
    es.iter()
        .find(|e| e.aliases.iter().any(|a| a.text == spelling))
}

/// Spellings that name one referent in the seeds, and its kind.
const SEED_GOLD: &[(EntityKind, &[&str])] = &[
    (
        EntityKind::Person,
        &["Asaad al-Shibani", "Asaad al-Shaibani"],
    ),
    (
        EntityKind::Person,
        &["Hussein al-Salama", "Hussein Salameh"],
    ),
    (
        EntityKind::Person,
        &["Ahmed al-Sharaa", "Ahmad al-Sharaa", "Al-Sharaa"],
    ),
    (
        EntityKind::Person,
        &["Bashar al-Assad", "Bashar Assad", "Assad"],
    ),
    (EntityKind::Person, &["Benjamin Netanyahu", "Netanyahu"]),
    (EntityKind::Person, &["Tom Barrack"]),
    (EntityKind::Person, &["Gil Reich"]),
    (EntityKind::Person, &["Roman Gofman"]),
    (EntityKind::Person, &["Yechiel Leiter"]),
    (EntityKind::Person, &["Steve Witkoff"]),
    (EntityKind::Person, &["Jared Kushner"]),
    (EntityKind::Person, &["Trump"]),
    // In captions and credits, left out of the body but still read.
    (EntityKind::Person, &["Matias Delacroix"]),
    (EntityKind::Person, &["Natalie Melzer"]),
    (EntityKind::Organization, &["AFP"]),
    (EntityKind::Organization, &["Ministry of Information"]),
    (EntityKind::Place, &["Majdal Shams"]),
    (EntityKind::Place, &["Tel Aviv"]),
    (EntityKind::Place, &["Daraa"]),
    (EntityKind::Organization, &["Associated Press", "AP"]),
    (EntityKind::Organization, &["U.N.", "UN"]),
    (
        EntityKind::Organization,
        &["U.S. State Department", "US State Department"],
    ),
    (
        EntityKind::Organization,
        &["General Intelligence Directorate"],
    ),
    (EntityKind::Organization, &["SANA", "Sana"]),
    (EntityKind::Organization, &["Reuters"]),
    (EntityKind::Organization, &["Axios"]),
    (EntityKind::Organization, &["Haaretz"]),
    (
        EntityKind::Place,
        &["U.S.", "US", "United States", "United States of America"],
    ),
    (EntityKind::Place, &["Syria", "Syrian Arab Republic"]),
    (EntityKind::Place, &["Israel"]),
    (EntityKind::Place, &["Paris"]),
    (EntityKind::Place, &["Damascus"]),
    (EntityKind::Place, &["BEIRUT"]),
    (EntityKind::Place, &["ISLAMABAD"]),
    (EntityKind::Place, &["Golan Heights"]),
    (EntityKind::Place, &["Mount Hermon"]),
    (EntityKind::Place, &["Middle East"]),
    (EntityKind::Place, &["Washington"]),
    (EntityKind::Place, &["Florida"]),
    (EntityKind::Group, &["Druze"]),
    (EntityKind::Group, &["Israeli"]),
    (EntityKind::Group, &["Syrian"]),
    (
        EntityKind::Date,
        &["December 8, 2024", "Dec. 8, 2024", "8 December 2024"],
    ),
];

/// Names that must never share an entity.
const APART: &[(&str, &str)] = &[
    ("Ahmed al-Sharaa", "Asaad al-Shibani"),
    ("Gil Reich", "Roman Gofman"),
    ("Tom Barrack", "Trump"),
    ("U.S. State Department", "United States"),
    ("Bashar al-Assad", "Asaad al-Shibani"),
    ("Syria", "Syrian"),
];

#[test]
fn seeds_find_every_labelled_entity_with_its_kind_and_merge_every_spelling() {
    let (_idx, lib) = open(&Corpus::Seeds);
    let es = lib.entities().unwrap();
    let mut misses = Vec::new();
    for (kind, spellings) in SEED_GOLD {
        let Some(e) = by_spelling(es, spellings[0]) else {
            misses.push(format!("{} not found", spellings[0]));
            continue;
        };
        if e.kind != *kind {
            misses.push(format!(
                "{} is a {:?}, not a {kind:?}",
                spellings[0], e.kind
            ));
        }
        for s in &spellings[1..] {
            if !e.aliases.iter().any(|a| a.text == *s) {
                misses.push(format!("{s} is not merged into {}", e.name));
            }
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

#[test]
fn seeds_keep_different_referents_apart() {
    let (_idx, lib) = open(&Corpus::Seeds);
    let es = lib.entities().unwrap();
    for (a, b) in APART {
        let (ea, eb) = (by_spelling(es, a), by_spelling(es, b));
        assert!(ea.is_some() && eb.is_some(), "{a} / {b}");
        assert_ne!(
            ea.map(|e| &e.id),
            eb.map(|e| &e.id),
            "{a} and {b} were merged"
        );
    }
}

#[test]
fn seed_precision_on_people_organizations_and_places() {
    // Everything found of these kinds must be a labelled entity: no headline words, no
    // titles, no sentence-initial common words.
    let (_idx, lib) = open(&Corpus::Seeds);
    let es = lib.entities().unwrap();
    let labelled: Vec<&str> = SEED_GOLD
        .iter()
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    let extra: Vec<String> = es
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EntityKind::Person | EntityKind::Organization | EntityKind::Place
            )
        })
        .filter(|e| {
            !e.aliases
                .iter()
                .any(|a| labelled.contains(&a.text.as_str()))
        })
        .map(|e| format!("{} ({:?})", e.name, e.kind))
        .collect();
    // A few true entities are outside the label list (the Prime Minister's Office, the
    // Alpha Line ceasefire line, X the platform); everything else would be a false positive.
    let allowed = [
        "Prime Minister’s Office",
        "Alpha Line (Place)",
        "X (Organization)",
    ];
    let wrong: Vec<&String> = extra
        .iter()
        .filter(|e| !allowed.iter().any(|a| e.starts_with(a)))
        .collect();
    assert!(wrong.is_empty(), "not entities: {wrong:?}");
}

#[test]
fn mentions_point_at_their_words_in_the_file() {
    let (_idx, lib) = open(&Corpus::Seeds);
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let all = lib.entities().unwrap();
    for e in all.iter() {
        for m in &e.mentions {
            let m = all.mention(e, &m);
            let src = std::fs::read_to_string(seeds.join(m.file)).unwrap();
            let words = &src[m.start as usize..m.end as usize];
            assert_eq!(
                briefing::analysis::aliases::tidy(words),
                m.text,
                "{}",
                e.name
            );
        }
    }
}

fn newswcl() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/newswcl50");
    p.is_dir().then_some(p)
}

#[test]
fn newswcl50_spellings_merge_and_similar_names_stay_apart() {
    let Some(dir) = newswcl() else {
        eprintln!("skipping: ../shared/corpora/newswcl50 is not here");
        return;
    };
    let (_idx, lib) = open(&Corpus::Paths(vec![dir]));
    let es = lib.entities().unwrap();
    let kim = by_spelling(es, "Kim Jong Un").unwrap();
    for s in ["Kim Jong-un", "Kim"] {
        assert!(
            kim.aliases.iter().any(|a| a.text == s),
            "{s} not in {:?}",
            kim.aliases
        );
    }
    let comey = by_spelling(es, "James Comey").unwrap();
    assert!(comey.aliases.iter().any(|a| a.text == "Comey"));
    assert_ne!(kim.id, comey.id, "Kim and Comey must stay apart");
    let pompeo = by_spelling(es, "Mike Pompeo").unwrap();
    assert!(pompeo.aliases.iter().any(|a| a.text == "Pompeo"));
    assert_eq!(
        by_spelling(es, "Moon Jae-in").map(|e| e.kind),
        Some(EntityKind::Person)
    );
    // Titles alone are never people.
    for t in ["President", "Mr.", "Secretary"] {
        assert!(
            by_spelling(es, t).is_none_or(|e| e.kind != EntityKind::Person),
            "{t}"
        );
    }
}

#[test]
fn merges_can_be_pinned_or_forbidden_in_briefing_toml() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in briefing::ingest::SEEDS {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    std::fs::write(
        dir.path().join("briefing.toml"),
        "[entities]\nseparate = [[\"Hussein Salameh\", \"Hussein al-Salama\"]]\nmerge = [[\"Gil Reich\", \"Roman Gofman\"]]\n",
    )
    .unwrap();
    let (_idx, lib) = open(&Corpus::Paths(vec![dir.path().into()]));
    let es = lib.entities().unwrap();
    assert_ne!(
        by_spelling(es, "Hussein Salameh").unwrap().id,
        by_spelling(es, "Hussein al-Salama").unwrap().id
    );
    let pinned = by_spelling(es, "Gil Reich").unwrap();
    assert!(pinned.aliases.iter().any(|a| a.text == "Roman Gofman"));
    assert!(
        pinned
            .why
            .iter()
            .any(|w| w.contains("pinned in briefing.toml"))
    );
}
