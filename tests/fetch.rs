//! `briefing fetch` against a local HTTP server started by the test (127.0.0.1, a free port):
//! a feed of each format, an OPML list, conditional GET, a redirect, a slow answer, a broken
//! feed, a missing one, an item without a date, a page robots.txt forbids, a page that fails,
//! the same story under two addresses and a response over the size limit. Nothing here
//! reaches any other address.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::sync::atomic::Ordering;

#[path = "support/site.rs"]
mod site;

use site::{fetch, hits, serve};

#[test]
fn feeds_of_every_format_are_fetched_once_and_named_right() {
    let site = serve();
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    let u = |p: &str| format!("{}{p}", site.base);
    let first = fetch(
        &[
            &u("/rss.xml"),
            &u("/list.opml"),
            &u("/gz.xml"),
            &u("/moved"),
            &u("/slow.xml"),
            &u("/broken.xml"),
            &u("/missing.xml"),
            &u("/huge.xml"),
            "--timeout",
            "2",
        ],
        &news,
    );
    let err = String::from_utf8_lossy(&first.stderr);
    // Some sources failed: exit code 1, each named with its reason; the others went on.
    assert_eq!(first.status.code(), Some(1), "{err}");
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let reason = |path: &str| -> String {
        report["failures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["url"] == u(path))
            .map(|f| f["reason"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert!(reason("/slow.xml").starts_with("timed out"), "{report:#}");
    assert!(
        reason("/broken.xml").starts_with("malformed feed"),
        "{report:#}"
    );
    assert!(reason("/missing.xml").starts_with("HTTP 404"), "{report:#}");
    assert_eq!(reason("/huge.xml"), "the response is larger than 50 MB");
    assert_eq!(
        report["failures"].as_array().unwrap().len(),
        4,
        "{report:#}"
    );
    // Saved from the feed's text, each with why the page was not.
    let not_saved = report["page_not_saved"].as_array().unwrap();
    assert_eq!(not_saved.len(), 2, "{report:#}");
    assert!(
        not_saved
            .iter()
            .any(|f| f["reason"] == "HTTP 500 Internal Server Error")
    );
    assert!(
        not_saved
            .iter()
            .any(|f| f["reason"] == "the site's robots.txt does not allow it")
    );
    assert_eq!(
        hits(&site, "/robots.txt"),
        1,
        "robots.txt is asked once per site"
    );
    let saved: Vec<String> = serde_json::from_value(report["saved"].clone()).unwrap();
    // a1 (from RSS; also in the JSON feed by another link), a2 (page failed: the feed's text),
    // a3 (RDF), a4 and a6 (Atom; a6's page is forbidden by robots.txt: the feed's text).
    // a5 is a1's story under another address: recorded with it, not saved twice.
    assert_eq!(saved.len(), 5, "{report:#}");
    assert_eq!(report["from_feed_text"], 2, "{report:#}");
    assert_eq!(report["duplicates"], 1, "{report:#}");
    assert_eq!(
        hits(&site, "/private/a6"),
        0,
        "robots.txt must be respected"
    );
    assert_eq!(hits(&site, "/a1"), 1, "a link given twice is fetched once");
    // At most two requests at a time to the one host.
    let most = site.seen.most_in_flight.load(Ordering::SeqCst);
    assert!((1..=2).contains(&most), "{most} requests at once");
    assert!(
        site.seen
            .user_agents
            .lock()
            .unwrap()
            .iter()
            .all(|a| a.starts_with("briefing/"))
    );
    assert!(
        site.seen
            .accept_encodings
            .lock()
            .unwrap()
            .iter()
            .all(|a| a.contains("gzip") && a.contains("br")),
        "gzip and brotli are accepted"
    );

    // The outlet's folder, the date in the name, the feed's metadata in the page.
    let a1 = saved.iter().find(|f| f.contains("harbour-bridge")).unwrap();
    assert!(a1.starts_with("reuters/2026-12-01-"), "{a1}");
    let text = std::fs::read_to_string(news.join(a1)).unwrap();
    assert!(text.contains(&format!(
        "<meta name=\"briefing:url\" content=\"{}/a1\">",
        site.base
    )));
    assert!(
        saved
            .iter()
            .any(|f| f.starts_with("reuters/undated-ferry-service-cut")),
        "{saved:?}"
    );
    let opml = std::fs::read_to_string(news.join("feeds.opml")).unwrap();
    // /gz.xml came gzip-compressed: read, and remembered like the others.
    for feed in ["/rss.xml", "/rdf.xml", "/atom.xml", "/moved", "/gz.xml"] {
        assert!(opml.contains(&u(feed)), "{feed} remembered: {opml}");
    }
    for failed in ["/slow.xml", "/broken.xml", "/missing.xml"] {
        assert!(!opml.contains(&u(failed)), "{failed} not remembered");
    }
    let state = std::fs::read_to_string(news.join("fetch-state.json")).unwrap();
    assert!(
        state.contains(&format!("{}/a5", site.base)),
        "the second address is recorded"
    );

    // Read like any folder: the feed's title, date and link win over guesses.
    let idx = dir.path().join("idx");
    let o = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("articles")
        .arg(&news)
        .arg("--index")
        .arg(&idx)
        .arg("--json")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.len(), 5);
    let row = rows
        .iter()
        .find(|r| r["title"] == "Harbour bridge approved")
        .unwrap();
    assert_eq!(row["outlet"], "Reuters");
    assert_eq!(row["published"], "2026-12-01");
    // The canonical address: the feed's tracking parameters dropped.
    assert_eq!(row["url"], format!("{}/a1", site.base));
    // The page's metadata goes inside its head, after the doctype.
    assert!(text.starts_with("<!doctype html><html><head>"), "{text}");

    // Refresh with no URL: every remembered feed, conditional GET, nothing fetched again.
    let before = std::fs::read(news.join(a1)).unwrap();
    let again = fetch(&[], &news);
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{err}");
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["feeds_not_modified"], 1, "{report:#}");
    assert_eq!(report["saved"].as_array().unwrap().len(), 0, "{report:#}");
    assert_eq!(hits(&site, "/a1"), 1);
    assert_eq!(hits(&site, "/a3"), 1);
    assert_eq!(std::fs::read(news.join(a1)).unwrap(), before);
}

#[test]
fn a_folder_with_no_feeds_says_how_to_add_one() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    let o = fetch(&[], &news);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no feeds to refresh"));
    assert!(!news.exists(), "nothing is created for nothing");
    // A file that is not there is said to be missing, on stderr; the summary is on stdout.
    let o = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["fetch", "no-such-list.opml", "--into"])
        .arg(&news)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("failed: no-such-list.opml: no such file"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("0 feeds checked"));
}

/// An item whose page fails for now and whose feed holds only a summary is not saved as that
/// summary: it fails, and the next run asks for the feed again (no 304) and tries the page.
#[test]
fn an_item_that_failed_for_now_is_tried_again() {
    let site = serve();
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    let feed = format!("{}/teaser.xml", site.base);
    let first = fetch(&[&feed], &news);
    assert_eq!(first.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(report["saved"].as_array().unwrap().len(), 0, "{report:#}");
    let reason = report["failures"][0]["reason"].as_str().unwrap();
    assert!(reason.starts_with("HTTP 503"), "{reason}");
    assert!(reason.contains("tried again next run"), "{reason}");
    let again = fetch(&[], &news);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["feeds_not_modified"], 0, "{report:#}");
    assert_eq!(hits(&site, "/down"), 2, "the page is tried again");
}
