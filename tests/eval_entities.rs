//! Blind evaluation of entities on real stories: NewsWCL50 events 02, 04 and 06, 01 and 08, 03
//! and 09, and held out 05 and 07, with gold written by annotators who never saw this code or
//! its output (tests/gold/newswcl50_event0*_entities.toml: every named person, organization
//! and place, each with every spelling the five outlets use and the outlets that use it).
//!
//! Each event's five articles are opened as one library, and scored:
//! - found: (gold entity, outlet) pairs where a mention of the right kind covers one of the
//!   entity's spellings in that outlet's article;
//! - tagged right: person, organization and place mentions that cover a gold spelling of an
//!   entity of that kind (`also_org` places may be either);
//! - joined: gold entities with two or more spellings seen whose every spelling ends up in one
//!   entity of ours;
//! - merged: pairs of different gold entities that end up in one entity of ours.
//!
//! `cargo test --release --test eval_entities -- --nocapture` prints the scores;
//! `EVAL_VERBOSE=1` lists each miss, wrong tag, split and merge. The assertions are floors just
//! under the figures reached, so a change that makes them worse fails; the targets are in
//! BENCHMARKS.md. Skipped where ../shared/corpora is not present.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use briefing::library::Corpus;
use briefing::model::EntityKind;

#[derive(serde::Deserialize)]
struct EntityGold {
    entity: Vec<GoldEntity>,
}

#[derive(serde::Deserialize)]
struct GoldEntity {
    kind: String,
    name: String,
    spellings: Vec<String>,
    files: Vec<String>,
    #[serde(default)]
    also_org: bool,
    #[serde(default)]
    ambiguous: Vec<String>,
}

impl GoldEntity {
    fn accepts(&self, kind: EntityKind) -> bool {
        kind.as_str() == self.kind || (self.also_org && kind == EntityKind::Organization)
    }
}

/// One place a gold spelling stands in an article, by byte range in the file.
struct Occurrence {
    entity: usize,
    spelling: usize,
    start: usize,
    end: usize,
}

/// Counts pooled over the events.
#[derive(Default, Debug)]
struct Tally {
    wanted: usize,
    found: usize,
    tagged: usize,
    tagged_right: usize,
    multi: usize,
    joined: usize,
    merged: usize,
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Every whole-word occurrence of each gold spelling in `text` after its first line (the
/// outlet's name), the longest winning where two overlap ("Kim" inside "Kim Jong Il").
fn occurrences(gold: &[GoldEntity], outlet: &str, text: &str) -> Vec<Occurrence> {
    let body = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut all = Vec::new();
    for (e, g) in gold.iter().enumerate() {
        if !g.files.iter().any(|f| f == outlet) {
            continue;
        }
        for (s, spelling) in g.spellings.iter().enumerate() {
            for (start, _) in text[body..].match_indices(spelling.as_str()) {
                let start = body + start;
                let end = start + spelling.len();
                if is_word(text[..start].chars().next_back()) || is_word(text[end..].chars().next())
                {
                    continue;
                }
                all.push(Occurrence {
                    entity: e,
                    spelling: s,
                    start,
                    end,
                });
            }
        }
    }
    all.sort_by_key(|o| (std::cmp::Reverse(o.end - o.start), o.start));
    let mut kept: Vec<Occurrence> = Vec::new();
    for o in all {
        if kept.iter().all(|k| o.end <= k.start || o.start >= k.end) {
            kept.push(o);
        }
    }
    kept
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn score_event(event: &str, t: &mut Tally, verbose: bool) -> bool {
    let (root, gold) = common::gold::story_and_gold(event, "entities");
    if !root.exists() {
        eprintln!("skipped: {} is not here", root.display());
        return false;
    }
    let gold: EntityGold = toml::from_str(&std::fs::read_to_string(gold).unwrap()).unwrap();
    let gold = gold.entity;
    let idx = tempfile::tempdir().unwrap();
    let lib = common::open(&Corpus::Paths(vec![root.clone()]), idx.path());
    let entities = lib.entities().unwrap();

    // Our mentions per outlet: (start, end, kind, entity index).
    let mut ours: BTreeMap<String, Vec<(usize, usize, EntityKind, usize)>> = BTreeMap::new();
    for (i, e) in entities.iter().enumerate() {
        for m in &e.mentions {
            let m = entities.mention(e, &m);
            let outlet = Path::new(&m.file)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            ours.entry(outlet)
                .or_default()
                .push((m.start as usize, m.end as usize, e.kind, i));
        }
    }

    let before = (
        t.wanted,
        t.found,
        t.tagged,
        t.tagged_right,
        t.multi,
        t.joined,
    );
    let merged_before = t.merged;
    // Which of our entities each gold spelling lands in, and which gold entities each of
    // ours holds (ambiguous spellings left out of both).
    let mut landed: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
    let mut holds: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    // The story's files, one per outlet, by name.
    let mut outlets: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "txt").then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    outlets.sort();
    for outlet in &outlets {
        let text = std::fs::read_to_string(root.join(format!("{outlet}.txt"))).unwrap();
        let occ = occurrences(&gold, outlet, &text);
        let mine = ours.get(outlet).cloned().unwrap_or_default();
        let named: Vec<_> = mine
            .iter()
            .filter(|m| {
                matches!(
                    m.2,
                    EntityKind::Person | EntityKind::Organization | EntityKind::Place
                )
            })
            .collect();
        // Found.
        for (e, g) in gold.iter().enumerate() {
            if !g.files.iter().any(|f| f == outlet) {
                continue;
            }
            t.wanted += 1;
            let hit = occ.iter().filter(|o| o.entity == e).any(|o| {
                named
                    .iter()
                    .any(|m| g.accepts(m.2) && overlaps((m.0, m.1), (o.start, o.end)))
            });
            if hit {
                t.found += 1;
            } else if verbose {
                let kinds: Vec<&str> = occ
                    .iter()
                    .filter(|o| o.entity == e)
                    .flat_map(|o| {
                        named
                            .iter()
                            .filter(move |m| overlaps((m.0, m.1), (o.start, o.end)))
                            .map(|m| m.2.as_str())
                    })
                    .collect();
                eprintln!(
                    "  {event} {outlet}: missed {} {} (tagged as {kinds:?})",
                    g.kind, g.name
                );
            }
        }
        // Tagged right.
        for m in &named {
            t.tagged += 1;
            let right = occ
                .iter()
                .any(|o| gold[o.entity].accepts(m.2) && overlaps((m.0, m.1), (o.start, o.end)));
            if right {
                t.tagged_right += 1;
            } else if verbose {
                eprintln!(
                    "  {event} {outlet}: wrong {} {:?}",
                    m.2.as_str(),
                    &text[m.0..m.1]
                );
            }
        }
        // Where the spellings land.
        for o in &occ {
            let g = &gold[o.entity];
            if g.ambiguous.contains(&g.spellings[o.spelling]) {
                continue;
            }
            for m in &mine {
                if overlaps((m.0, m.1), (o.start, o.end)) {
                    landed
                        .entry((o.entity, o.spelling))
                        .or_default()
                        .insert(m.3);
                    holds.entry(m.3).or_default().insert(o.entity);
                }
            }
        }
    }
    // Joined: every spelling seen lands in one and the same entity of ours.
    for (e, g) in gold.iter().enumerate() {
        let spellings: Vec<usize> = (0..g.spellings.len())
            .filter(|s| !g.ambiguous.contains(&g.spellings[*s]))
            .collect();
        if spellings.len() < 2 {
            continue;
        }
        t.multi += 1;
        let sets: Vec<Option<&BTreeSet<usize>>> =
            spellings.iter().map(|s| landed.get(&(e, *s))).collect();
        let one = sets.iter().all(|s| s.is_some_and(|s| s.len() == 1))
            && sets.windows(2).all(|w| w[0] == w[1]);
        if one {
            t.joined += 1;
        } else if verbose {
            let how: Vec<String> = spellings
                .iter()
                .zip(&sets)
                .map(|(s, set)| {
                    let names: Vec<&str> = set
                        .map(|set| set.iter().map(|i| entities[*i].name.as_str()).collect())
                        .unwrap_or_default();
                    format!("{} -> {names:?}", g.spellings[*s])
                })
                .collect();
            eprintln!("  {event}: not joined {}: {}", g.name, how.join("; "));
        }
    }
    // Merged: one entity of ours holding several gold entities.
    for (i, held) in &holds {
        if held.len() > 1 {
            t.merged += held.len() - 1;
            if verbose {
                let names: Vec<&str> = held.iter().map(|e| gold[*e].name.as_str()).collect();
                eprintln!("  {event}: merged in {}: {names:?}", entities[*i].name);
            }
        }
    }
    eprintln!(
        "{event} entities: found {}/{}, tagged right {}/{}, joined {}/{}, merged {}",
        t.found - before.1,
        t.wanted - before.0,
        t.tagged_right - before.3,
        t.tagged - before.2,
        t.joined - before.5,
        t.multi - before.4,
        t.merged - merged_before
    );
    true
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[test]
fn blind_entity_gold_on_real_stories() {
    score_events(&["event-02", "event-04", "event-06"], FLOOR);
}

/// Events 01 and 08 (the Comey memos, Mueller's questions), gold written blind on 2026-12-07
/// after the rules above were made: no rule was tuned on them.
#[test]
fn held_out_entity_gold_on_real_stories() {
    score_events(&["event-01", "event-08"], HELD_OUT_FLOOR);
}

/// Events 03 and 09 (the DNC's lawsuit, Netanyahu's Iran archive), gold written blind on
/// 2026-12-07 by an annotator who saw neither the code nor its output. Scored before the
/// session's changes (found 0.944, tagged right 0.965, joined 0.744, 2 merges) and after the
/// changes made on events 01 and 08 (the same); only then were its misses read, and general
/// rules made for some of them (BENCHMARKS.md): it is no longer held out.
#[test]
fn fresh_entity_gold_on_real_stories() {
    score_events(&["event-03", "event-09"], FRESH_FLOOR);
}

/// Events 05 and 07 (Trump's visit to the UK, the tariff delay), gold written blind on
/// 2026-12-07 by an annotator who saw neither the code nor its output, after the session's
/// last change to recognition or joining: held out, no rule made from them. Session start
/// (579c016): found 0.930, tagged right 0.964, joined 0.806, 1 merge; at 7adb07b: 0.930 /
/// 0.965 / 0.839 / 1. Its misses were read on 2026-12-07 (eighth session), and general rules
/// made for some (a body's section in a country, whole middle names, a country's letters in
/// a name): 0.930 / 0.966 / 0.935 / 0. It is no longer held out.
#[test]
fn last_held_out_entity_gold_on_real_stories() {
    score_events(&["event-05", "event-07"], LAST_FLOOR);
}

/// Event 00 (Pompeo's secret meeting with Kim Jong Un), gold written blind on 2026-12-07 by
/// an annotator who saw neither the code nor its output. Scored blind at 7c7747b: found
/// 0.992, tagged right 0.971, joined 0.706, 1 merge; after the rules made from events 05 and
/// 07 (1dfd7b0), still blind: 0.992 / 0.971 / 0.765 / 1. Only then were its misses read and
/// general rules made for some (prefixes before a hyphen, an ampersand in a body's name, a
/// gazetteer that had West Palm Beach as Palm Beach): 0.992 / 0.976 / 0.824 / 0. It is no
/// longer held out.
#[test]
fn newest_held_out_entity_gold_on_real_stories() {
    score_events(&["event-00"], NEWEST_FLOOR);
}

/// Two three-outlet stories of the Article-Bias-Prediction corpus (kept in tests/gold/abp:
/// North Carolina's voter ID law, 2013, CNN / Fox News / NPR; Michael Slager's sentence, 2017,
/// Mother Jones / Reuters / The Daily Caller), gold written blind on 2026-12-07 by an
/// annotator who saw neither the code nor its output.
#[test]
fn abp_three_outlet_entity_gold() {
    score_events(common::gold::ABP_READ, ABP_FLOOR);
}

/// The held-out three-outlet ABP stories (`common::gold::ABP_HELD_OUT`), entities: scored,
/// never read. Do not look at their misses (no EVAL_VERBOSE with this test) or make rules
/// from them.
#[test]
fn abp_held_out_entity_gold() {
    score_events(common::gold::ABP_HELD_OUT, ABP_HELD_OUT_FLOOR);
}

fn score_events(events: &[&str], floor: (f64, f64, f64, usize)) {
    let verbose = std::env::var_os("EVAL_VERBOSE").is_some();
    let mut t = Tally::default();
    let mut scored = 0;
    for event in events {
        if score_event(event, &mut t, verbose) {
            scored += 1;
        }
    }
    if scored == 0 {
        return;
    }
    let found = ratio(t.found, t.wanted);
    let right = ratio(t.tagged_right, t.tagged);
    let joined = ratio(t.joined, t.multi);
    eprintln!(
        "pooled {}: found with the right kind {found:.3} ({}/{}), tagged right {right:.3} \
         ({}/{}), every spelling joined {joined:.3} ({}/{}), different referents merged {}",
        events.join(" "),
        t.found,
        t.wanted,
        t.tagged_right,
        t.tagged,
        t.joined,
        t.multi,
        t.merged
    );
    let (f, r, j, m) = floor;
    assert!(found >= f, "found {found:.3} fell under {f}");
    assert!(right >= r, "tagged right {right:.3} fell under {r}");
    assert!(joined >= j, "joined {joined:.3} fell under {j}");
    assert!(t.merged <= m, "{} merges, more than {m}", t.merged);
}

/// Floors just under the figures reached: found, tagged right, joined, and the most merges.
const NEWEST_FLOOR: (f64, f64, f64, usize) = (0.98, 0.97, 0.80, 0);
/// Blind on 2026-12-07: 0.905, 0.910, 0.842, 1; 0.985 tagged right once "ID" was no body;
/// found 0.878 once the Daily Caller's footer ("Follow Anders on Twitter", its syndication
/// notice) was dropped as page chrome, with the two names only it held; 0.990 and no merge
/// once "US District Court Judge David Norton" named the court, not the United States.
const ABP_FLOOR: (f64, f64, f64, usize) = (0.87, 0.98, 0.83, 0);
/// Held out, scored blind once on 2026-12-07 (after 10e5b13 and the court rule): found 0.909,
/// tagged right 0.963, joined 0.926, 3 merges. With the kidney-care story added on 2026-12-08
/// (gold written blind that day, scored on that session's last tree): found 0.882, tagged
/// right 0.956, joined 0.853, 4 merges. With sackler-transfers and enda-senate added the same
/// day (five stories): found 0.867, tagged right 0.912, joined 0.759, 6 merges.
const ABP_HELD_OUT_FLOOR: (f64, f64, f64, usize) = (0.86, 0.9, 0.75, 6);
const FLOOR: (f64, f64, f64, usize) = (0.965, 0.965, 0.83, 0);
/// The same for the held-out events.
const HELD_OUT_FLOOR: (f64, f64, f64, usize) = (0.95, 0.98, 0.92, 0);
/// The same for the last held-out events.
const LAST_FLOOR: (f64, f64, f64, usize) = (0.92, 0.96, 0.92, 0);
/// The same for the fresh events.
const FRESH_FLOOR: (f64, f64, f64, usize) = (0.95, 0.98, 0.81, 0);
