//! A news site on 127.0.0.1 (a free port) for the fetch tests: feeds of every format, an OPML
//! list, conditional GET, a redirect, a slow answer, a broken feed, robots.txt, pages, and a
//! record of what was asked. Nothing here reaches any other address.

#![allow(dead_code)]

use std::collections::HashMap;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Response, Server, StatusCode};

/// What the server saw.
#[derive(Default)]
pub struct Seen {
    /// Requests per path.
    pub hits: Mutex<HashMap<String, usize>>,
    pub user_agents: Mutex<Vec<String>>,
    pub accept_encodings: Mutex<Vec<String>>,
    pub in_flight: AtomicUsize,
    pub most_in_flight: AtomicUsize,
    /// 1 and up: the RSS feed has a new edition, with one more item (a3).
    pub edition: AtomicUsize,
}

pub struct Site {
    server: Arc<Server>,
    pub seen: Arc<Seen>,
    pub base: String,
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
    edition: usize,
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
            let etag = format!("\"rss-{}\"", edition + 1);
            if headers.get("if-none-match") == Some(&etag) {
                return (304, vec![], vec![]);
            }
            let more = if edition > 0 {
                format!("<item><title>Tram line opens</title><link>{base}/a3</link></item>")
            } else {
                String::new()
            };
            let body = format!(
                r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Reuters: World News</title><link>{base}/</link>
<item><title>Harbour bridge approved</title><link>{base}/a1?utm_source=rss</link><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><author>jane@example.test (Jane Roe)</author></item>
<item><title>Ferry service cut</title><link>{base}/a2</link><content:encoded><![CDATA[{}]]></content:encoded></item>
{more}</channel></rss>"#,
                paragraphs("ferry cut")
            );
            let mut r = xml(body);
            r.1.push(("ETag", etag));
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
        // A feed whose one item has only a summary, and whose page is down for now.
        "/teaser.xml" => {
            if headers.get("if-none-match").map(String::as_str) == Some("\"t-1\"") {
                return (304, vec![], vec![]);
            }
            let mut r = xml(format!(
                r#"<rss version="2.0"><channel><title>Example Teaser News</title><item><title>Storm nears</title><link>{base}/down</link><description>A storm nears the coast.</description></item></channel></rss>"#
            ));
            r.1.push(("ETag", "\"t-1\"".into()));
            r
        }
        "/down" => (503, vec![], b"busy".to_vec()),
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

pub fn serve() -> Site {
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
                seen.accept_encodings
                    .lock()
                    .unwrap()
                    .push(headers.get("accept-encoding").cloned().unwrap_or_default());
                if path == "/gz.xml" {
                    // The RDF feed, gzip-compressed on the wire.
                    let (_, _, body) = answer("/rdf.xml", &headers, &base, 0);
                    let mut z =
                        flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                    std::io::Write::write_all(&mut z, &body).unwrap();
                    let mut r = Response::from_data(z.finish().unwrap());
                    r.add_header(Header::from_bytes("Content-Encoding", "gzip").unwrap());
                    r.add_header(
                        Header::from_bytes("Content-Type", "application/rss+xml").unwrap(),
                    );
                    r.add_header(Header::from_bytes("Connection", "close").unwrap());
                    seen.in_flight.fetch_sub(counted, Ordering::SeqCst);
                    drop(request.respond(r));
                    return;
                }
                if path == "/huge.xml" {
                    let len = 51 * 1024 * 1024;
                    let body = std::io::Read::take(std::io::repeat(b'a'), len as u64);
                    let r = Response::new(StatusCode(200), vec![], body, Some(len), None);
                    seen.in_flight.fetch_sub(counted, Ordering::SeqCst);
                    drop(request.respond(r));
                    return;
                }
                let (code, hdrs, body) =
                    answer(&path, &headers, &base, seen.edition.load(Ordering::SeqCst));
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

pub fn fetch(args: &[&str], dir: &std::path::Path) -> Output {
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

pub fn hits(site: &Site, path: &str) -> usize {
    site.seen
        .hits
        .lock()
        .unwrap()
        .get(path)
        .copied()
        .unwrap_or(0)
}
