//! `briefing fetch` against a local HTTP server started by the test (127.0.0.1, a free port):
//! a feed of each format, an OPML list, conditional GET, a redirect, a slow answer, a broken
//! feed, a missing one, an item without a date, a page robots.txt forbids, a page that fails,
//! the same story under two addresses and a response over the size limit. Nothing here
//! reaches any other address.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Response, Server, StatusCode};

/// What the server saw.
#[derive(Default)]
struct Seen {
    /// Requests per path.
    hits: Mutex<HashMap<String, usize>>,
    user_agents: Mutex<Vec<String>>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

struct Site {
    server: Arc<Server>,
    seen: Arc<Seen>,
    base: String,
}

impl Drop for Site {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn paragraphs(topic: &str) -> String {
    [
        format!(
            "Officials in the port city said on Tuesday that the {topic} would go ahead after weeks of talks between the council and the union, which had warned of delays."
        ),
        format!(
            "The council's leader told reporters the {topic} would cost about 40 million dollars and that work would begin in the spring, once the last permits are signed."
        ),
        format!(
            "Residents who spoke at a public meeting were divided: some welcomed the {topic}, while others said the money should go to schools and the harbour wall instead."
        ),
    ]
    .iter()
    .map(|p| format!("<p>{p}</p>"))
    .collect()
}

fn page(title: &str, topic: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><article><h1>{title}</h1>{}</article></body></html>",
        paragraphs(topic)
    )
}

fn answer(
    path: &str,
    headers: &HashMap<String, String>,
    base: &str,
) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    let xml = |s: String| {
        (
            200,
            vec![("Content-Type", "application/xml".to_string())],
            s.into_bytes(),
        )
    };
    match path {
        "/rss.xml" => {
            if headers.get("if-none-match").map(String::as_str) == Some("\"rss-1\"") {
                return (304, vec![], vec![]);
            }
            let body = format!(
                r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Reuters: World News</title><link>{base}/</link>
<item><title>Harbour bridge approved</title><link>{base}/a1?utm_source=rss</link><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><author>jane@example.test (Jane Roe)</author></item>
<item><title>Ferry service cut</title><link>{base}/a2</link><content:encoded><![CDATA[{}]]></content:encoded></item>
</channel></rss>"#,
                paragraphs("ferry cut")
            );
            let mut r = xml(body);
            r.1.push(("ETag", "\"rss-1\"".into()));
            r
        }
        "/rdf.xml" => xml(format!(
            r#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="{base}/rdf.xml"><title>Example Gazette</title><link>{base}/</link></channel>
<item rdf:about="{base}/a3"><title>Tram line opens</title><link>{base}/a3</link><dc:date>2026-12-02T08:00:00Z</dc:date></item>
</rdf:RDF>"#
        )),
        "/atom.xml" => xml(format!(
            r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom Times</title><id>urn:x</id><updated>2026-12-03T00:00:00Z</updated>
<entry><title>Museum reopens</title><id>urn:a4</id><link href="{base}/a4"/><updated>2026-12-03T09:00:00Z</updated></entry>
<entry><title>Secret plan</title><id>urn:a6</id><link href="{base}/private/a6"/><updated>2026-12-03T10:00:00Z</updated><content type="html">{}</content></entry>
</feed>"#,
            paragraphs("secret plan").replace('<', "&lt;").replace('>', "&gt;")
        )),
        "/feed.json" => (
            200,
            vec![("Content-Type", "application/feed+json".into())],
            format!(
                r#"{{"version":"https://jsonfeed.org/version/1.1","title":"Example JSON Post","items":[
{{"id":"5","url":"{base}/a5","title":"Bridge approved, again","date_published":"2026-12-04T07:00:00Z"}},
{{"id":"1b","url":"{base}/a1#comments","title":"Harbour bridge approved"}}]}}"#
            )
            .into_bytes(),
        ),
        "/list.opml" => xml(format!(
            r#"<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body><outline text="Local"><outline text="RDF" type="rss" xmlUrl="{base}/rdf.xml"/><outline text="Atom" type="rss" xmlUrl="{base}/atom.xml"/></outline></body></opml>"#
        )),
        "/moved" => (301, vec![("Location", format!("{base}/feed.json"))], vec![]),
        "/slow.xml" => {
            std::thread::sleep(Duration::from_secs(4));
            xml("<rss version=\"2.0\"><channel><title>Slow</title></channel></rss>".into())
        }
        "/broken.xml" => xml("<rss version=\"2.0\"><channel><title>Broken</title><item><title>x</ti".into()),
        "/robots.txt" => (200, vec![("Content-Type", "text/plain".into())], b"User-agent: *\nDisallow: /private/\n".to_vec()),
        "/a1" => html(page("Harbour bridge approved", "harbour bridge")),
        // The same story as /a1, under another address.
        "/a5" => html(page("Harbour bridge approved", "harbour bridge")),
        "/a2" => (500, vec![], b"oops".to_vec()),
        "/a3" => html(page("Tram line opens", "tram line")),
        "/a4" => html(page("Museum reopens", "museum reopening")),
        "/private/a6" => html(page("Secret plan", "secret plan")),
        _ => (404, vec![], b"not here".to_vec()),
    }
}

fn html(s: String) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    std::thread::sleep(Duration::from_millis(150));
    (
        200,
        vec![("Content-Type", "text/html; charset=utf-8".into())],
        s.into_bytes(),
    )
}

fn serve() -> Site {
    let server = Arc::new(Server::http("127.0.0.1:0").unwrap());
    let port = server.server_addr().to_ip().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let seen = Arc::new(Seen::default());
    let (s, sn, b) = (Arc::clone(&server), Arc::clone(&seen), base.clone());
    std::thread::spawn(move || {
        for request in s.incoming_requests() {
            let seen = Arc::clone(&sn);
            let base = b.clone();
            std::thread::spawn(move || {
                let path = request.url().split('?').next().unwrap_or("").to_string();
                // The slow answer outlives the client's timeout (the client has let go of it),
                // so it is not counted as in flight.
                let counted = usize::from(path != "/slow.xml");
                let now = seen.in_flight.fetch_add(counted, Ordering::SeqCst) + counted;
                seen.most_in_flight.fetch_max(now, Ordering::SeqCst);
                let headers: HashMap<String, String> = request
                    .headers()
                    .iter()
                    .map(|h| {
                        (
                            h.field.as_str().as_str().to_ascii_lowercase(),
                            h.value.as_str().to_string(),
                        )
                    })
                    .collect();
                *seen.hits.lock().unwrap().entry(path.clone()).or_default() += 1;
                seen.user_agents
                    .lock()
                    .unwrap()
                    .push(headers.get("user-agent").cloned().unwrap_or_default());
                if path == "/huge.xml" {
                    let len = 51 * 1024 * 1024;
                    let body = std::io::Read::take(std::io::repeat(b'a'), len as u64);
                    let r = Response::new(StatusCode(200), vec![], body, Some(len), None);
                    seen.in_flight.fetch_sub(counted, Ordering::SeqCst);
                    drop(request.respond(r));
                    return;
                }
                let (code, hdrs, body) = answer(&path, &headers, &base);
                let mut r = Response::from_data(body).with_status_code(StatusCode(code));
                // A kept-alive connection holds one of tiny_http's threads: close each.
                r.add_header(Header::from_bytes("Connection", "close").unwrap());
                for (k, v) in hdrs {
                    r.add_header(Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap());
                }
                seen.in_flight.fetch_sub(counted, Ordering::SeqCst);
                drop(request.respond(r));
            });
        }
    });
    Site { server, seen, base }
}

fn fetch(args: &[&str], dir: &std::path::Path) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_briefing"));
    c.arg("fetch")
        .args(args)
        .arg("--into")
        .arg(dir)
        .arg("--json");
    for v in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        c.env_remove(v);
    }
    c.output().unwrap()
}

fn hits(site: &Site, path: &str) -> usize {
    site.seen
        .hits
        .lock()
        .unwrap()
        .get(path)
        .copied()
        .unwrap_or(0)
}

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
    assert!(
        err.contains(&format!("failed: {}: timed out", u("/slow.xml"))),
        "{err}"
    );
    assert!(
        err.contains(&format!("failed: {}: malformed feed", u("/broken.xml"))),
        "{err}"
    );
    assert!(
        err.contains(&format!("failed: {}: HTTP 404", u("/missing.xml"))),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "failed: {}: the response is larger than 50 MB",
            u("/huge.xml")
        )),
        "{err}"
    );
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
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

    // The outlet's folder, the date in the name, the feed's metadata in the page.
    let a1 = saved.iter().find(|f| f.contains("harbour-bridge")).unwrap();
    assert!(a1.starts_with("reuters/2026-12-01-"), "{a1}");
    let text = std::fs::read_to_string(news.join(a1)).unwrap();
    assert!(text.contains(&format!(
        "<meta name=\"briefing:url\" content=\"{}/a1?utm_source=rss\">",
        site.base
    )));
    assert!(
        saved
            .iter()
            .any(|f| f.starts_with("reuters/undated-ferry-service-cut")),
        "{saved:?}"
    );
    let opml = std::fs::read_to_string(news.join("feeds.opml")).unwrap();
    for feed in ["/rss.xml", "/rdf.xml", "/atom.xml", "/moved"] {
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
    assert_eq!(row["url"], format!("{}/a1?utm_source=rss", site.base));

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
    let o = fetch(&[], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no feeds to refresh"));
}
