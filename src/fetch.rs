//! News in: `briefing fetch`. Reads feeds (RSS 2.0, RSS 1.0/RDF, Atom, JSON Feed), OPML lists
//! of feeds (a local file or a URL) and article pages, and saves each new item's page once, as
//! HTML under its outlet's folder in the news folder, with the feed's metadata written into it
//! as `<meta name="briefing:…">` tags that ingest prefers to its own guesses. Where the page
//! can't be had (an error, robots.txt) and the feed carries the item's text, the feed's text
//! is saved instead. Items are known again by canonical URL and by the fingerprint of their
//! text (the same wire story under two URLs is one file with both URLs recorded).
//!
//! Owns the network and the news folder's own records ([`store`]); never sees the index, the
//! analysis or a terminal: progress goes out through a callback, and the caller prints.
//! Writes only inside the news folder.

mod feeds;
mod http;
mod store;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc;

use serde::Serialize;

pub use feeds::{Body, Item, classify, outlet_of_feed_title};
pub use http::{Client, Got, HttpOptions, Validators, user_agent};
pub use store::{FEEDS_FILE, STATE_FILE, Store, StoreError, slug};

use crate::ingest::{Outlets, ReadContext};
use crate::model::Format;

/// How `briefing fetch` runs.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The news folder: feeds.opml, fetch-state.json and the saved articles.
    pub dir: PathBuf,
    pub http: HttpOptions,
    /// Requests in flight at once, over all hosts.
    pub workers: usize,
}

impl FetchOptions {
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            http: HttpOptions::default(),
            workers: 8,
        }
    }
}

/// What one run did.
#[derive(Debug, Default, Serialize)]
pub struct FetchReport {
    /// Feeds that answered (with something new or with "not modified").
    pub feeds_checked: usize,
    /// Of those, the ones that answered "not modified" (304).
    pub feeds_not_modified: usize,
    /// Items never seen before.
    pub new_items: usize,
    /// Files written, relative to the news folder.
    pub saved: Vec<String>,
    /// Of the files written, those saved from the feed's own text.
    pub from_feed_text: usize,
    /// New items whose text is an article saved already (their URL is recorded with it).
    pub duplicates: usize,
    /// Items saved by an earlier run, not fetched again.
    pub already_saved: usize,
    /// Every source or item that failed, with why.
    pub failures: Vec<Failure>,
    /// Items saved from the feed's text, with why their page was not saved.
    pub page_not_saved: Vec<Failure>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Failure {
    pub url: String,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "no feeds to refresh in {0}: give a feed, OPML or article URL (briefing fetch URL --into DIR)"
    )]
    NoFeeds(PathBuf),
}

/// Where a run is: a step done of how many, and what it was.
pub type ProgressFn<'a> = &'a (dyn Fn(usize, usize, &str) + Sync);

/// A source to read: a URL (or a local OPML file) and whether to subscribe to it if it is a
/// feed.
struct Source {
    url: String,
    /// The name an OPML list gives it.
    title: Option<String>,
    subscribe: bool,
}

/// An item to save, and its page when that is already in hand (an article URL given directly).
struct Pending {
    item: Item,
    key: String,
    page: Option<Page>,
    /// The source (feed) it came from, as subscribed.
    source: String,
}

/// A downloaded page: its bytes and the Content-Type the server gave.
type Page = (Vec<u8>, Option<String>);

/// How many items past the next one to save may be downloaded ahead: pages wait in memory.
const AHEAD: usize = 32;
/// Save the state every this many articles, so a killed run loses little.
const FLUSH_EVERY: usize = 25;
/// Fewer words than this is a feed's summary, not an article: saved instead of a page only
/// when the page is gone for good (robots.txt, a 4xx answer), else retried on the next run.
const FULL_TEXT_WORDS: usize = 80;
/// Below this many words a page's text is not fingerprinted (a cookie wall or a paywall's
/// teaser reads the same on every page of a site).
const FINGERPRINT_WORDS: usize = 50;

/// Fetch `urls` (or, with none, every subscribed feed) into `options.dir`.
pub fn fetch(
    urls: &[String],
    options: &FetchOptions,
    progress: ProgressFn<'_>,
) -> Result<FetchReport, FetchError> {
    if urls.is_empty() && !options.dir.join(FEEDS_FILE).exists() {
        return Err(FetchError::NoFeeds(options.dir.clone()));
    }
    let mut store = Store::open(&options.dir)?;
    let client = Client::new(options.http.clone());
    let mut report = FetchReport::default();
    let explicit = !urls.is_empty();
    let wanted: Vec<String> = if explicit {
        urls.to_vec()
    } else {
        store.feed_urls()
    };
    if wanted.is_empty() {
        return Err(FetchError::NoFeeds(options.dir.clone()));
    }

    // Local OPML files are read here; everything else is a URL.
    let mut sources = Vec::new();
    for url in wanted {
        let path = Path::new(&url);
        if !url.contains("://") {
            // A file on disk: an OPML list (another reader's export).
            let read = if path.exists() {
                read_local_opml(path)
            } else {
                Err("no such file (a web address starts with http:// or https://)".into())
            };
            match read {
                Ok(list) => sources.extend(list.into_iter().map(|(title, u)| Source {
                    url: u,
                    title: Some(title),
                    subscribe: true,
                })),
                Err(reason) => report.failures.push(Failure { url, reason }),
            }
        } else {
            sources.push(Source {
                url,
                title: None,
                subscribe: explicit,
            });
        }
    }

    let mut pending: Vec<Pending> = Vec::new();
    let mut fresh: Vec<(String, Validators)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    // Two rounds: the sources, then the feeds an OPML URL among them lists.
    for round in 0..2 {
        if sources.is_empty() {
            break;
        }
        let answers = in_parallel(
            &sources,
            options.workers,
            |s| {
                let known = store.validators(&s.url).cloned();
                client.get(&s.url, known.as_ref())
            },
            progress,
            "feeds",
        );
        let mut next = Vec::new();
        for (source, answer) in sources.iter().zip(answers) {
            let fail = |reason: String| Failure {
                url: source.url.clone(),
                reason,
            };
            match answer {
                Err(reason) => report.failures.push(fail(reason)),
                Ok(Got::NotModified) => {
                    report.feeds_checked += 1;
                    report.feeds_not_modified += 1;
                }
                Ok(Got::Body {
                    bytes,
                    final_url,
                    content_type,
                    validators,
                }) => match classify(&bytes, content_type.as_deref(), &final_url) {
                    Err(reason) => report.failures.push(fail(reason)),
                    Ok(Body::Opml(list)) if round == 0 => {
                        next.extend(list.into_iter().map(|(title, url)| Source {
                            url,
                            title: Some(title),
                            subscribe: source.subscribe,
                        }));
                    }
                    Ok(Body::Opml(_)) => {
                        report.failures.push(fail(
                            "an OPML file listed inside an OPML file: not followed".into(),
                        ));
                    }
                    Ok(Body::Feed { title, items }) => {
                        report.feeds_checked += 1;
                        // Kept once every new item of the feed is saved (below), so an item
                        // that failed is met again next time instead of behind a 304.
                        fresh.push((source.url.clone(), validators));
                        if source.subscribe {
                            let name = source.title.as_deref().or(title.as_deref());
                            store.add_feed(name.unwrap_or(""), &source.url);
                        }
                        for item in items {
                            let key = item_key(&item);
                            if store.saved_at(&key).is_some() {
                                report.already_saved += 1;
                            } else if seen.insert(key.clone()) {
                                pending.push(Pending {
                                    item,
                                    key,
                                    page: None,
                                    source: source.url.clone(),
                                });
                            }
                        }
                    }
                    Ok(Body::Page) => {
                        let key = canonical_url(&final_url);
                        if store.saved_at(&key).is_some() {
                            report.already_saved += 1;
                        } else if seen.insert(key.clone()) {
                            // Its outlet is read from the page, whose address names it first.
                            let item = Item {
                                link: Some(final_url.clone()),
                                ..Item::default()
                            };
                            pending.push(Pending {
                                item,
                                key,
                                page: Some((bytes, content_type.clone())),
                                source: source.url.clone(),
                            });
                        }
                    }
                },
            }
        }
        sources = next;
    }
    report.new_items = pending.len();

    // Pages are downloaded in parallel and saved here, one at a time, in the feeds' order
    // (so which of two addresses of one story is saved does not depend on timing).
    let total = pending.len();
    let queue = Mutex::new(pending.into_iter().enumerate().rev().collect::<Vec<_>>());
    let (tx, rx) = mpsc::channel::<(usize, Pending, Result<Page, String>)>();
    let saving = std::sync::atomic::AtomicUsize::new(0);
    let mut failed_sources: HashSet<String> = HashSet::new();
    std::thread::scope(|scope| {
        for _ in 0..options.workers.clamp(1, total.max(1)) {
            let tx = tx.clone();
            let queue = &queue;
            let client = &client;
            let saving = &saving;
            scope.spawn(move || {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.pop());
                    let Some((i, mut p)) = next else { break };
                    // Not too far ahead of the one being waited for.
                    while i > saving.load(std::sync::atomic::Ordering::Acquire) + AHEAD {
                        std::thread::sleep(std::time::Duration::from_millis(10));
                    }
                    let page = match p.page.take() {
                        Some(page) => Ok(page),
                        None => download_page(client, &p.item),
                    };
                    if tx.send((i, p, page)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut arrived = std::collections::BTreeMap::new();
        let mut next = 0;
        for (done, (i, p, page)) in rx.into_iter().enumerate() {
            progress(done + 1, total, "articles");
            arrived.insert(i, (p, page));
            while let Some((p, page)) = arrived.remove(&next) {
                let failures = report.failures.len();
                let source = p.source.clone();
                let saved = report.saved.len();
                save_item(&mut store, p, page, &mut report);
                if report.failures.len() > failures {
                    failed_sources.insert(source);
                }
                if report.saved.len() > saved && report.saved.len() % FLUSH_EVERY == 0 {
                    drop(store.flush());
                }
                next += 1;
                saving.store(next, std::sync::atomic::Ordering::Release);
            }
        }
    });
    for (url, v) in fresh {
        if !failed_sources.contains(&url) {
            store.set_validators(&url, v);
        }
    }
    store.flush()?;
    Ok(report)
}

/// Run `f` on every source, `workers` at a time, answers in the sources' order.
fn in_parallel<T: Sync, R: Send>(
    sources: &[T],
    workers: usize,
    f: impl Fn(&T) -> R + Sync,
    progress: ProgressFn<'_>,
    what: &str,
) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let answers: Mutex<Vec<Option<R>>> = Mutex::new((0..sources.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, sources.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(s) = sources.get(i) else { break };
                    let r = f(s);
                    if let Ok(mut a) = answers.lock() {
                        a[i] = Some(r);
                    }
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    progress(n, sources.len(), what);
                }
            });
        }
    });
    answers
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

fn download_page(client: &Client, item: &Item) -> Result<Page, String> {
    let Some(link) = item.link.as_deref() else {
        return Err("the item has no link".into());
    };
    if !client.allowed(link) {
        return Err("the site's robots.txt does not allow it".into());
    }
    match client.get(link, None)? {
        Got::Body {
            bytes,
            content_type,
            ..
        } => Ok((bytes, content_type)),
        Got::NotModified => Err("the server answered 304 to a first request".into()),
    }
}

/// Save one item: its page with the feed's metadata, or the feed's text when the page could
/// not be had; or record it as another address of an article saved already.
fn save_item(store: &mut Store, p: Pending, page: Result<Page, String>, report: &mut FetchReport) {
    let url = p.item.link.clone().unwrap_or_else(|| p.key.clone());
    let from_page = page.as_ref().ok().and_then(|(bytes, content_type)| {
        let text = page_text(bytes, content_type.as_deref());
        let html = with_metadata(&text, &p.item, &p.key, p.item.outlet.as_deref());
        let read = read_saved(&html)?;
        Some((html, read))
    });
    let (html, read, from_feed) = match (from_page, &p.item.content) {
        (Some((html, read)), _) => (html, read, false),
        (None, Some(content)) => {
            let html = from_feed_text(&p.item, content, &p.key);
            let reason = match &page {
                Err(reason) => reason.clone(),
                Ok(_) => "no article text in the page".into(),
            };
            // A page gone for good: the feed's text, however short. A passing failure (a
            // timeout, a 5xx): only a full text, else the item is tried again next run.
            let for_good = reason.contains("robots.txt")
                || reason.starts_with("HTTP 4")
                || reason == "no article text in the page";
            match read_saved(&html).filter(|r| for_good || r.words >= FULL_TEXT_WORDS) {
                Some(read) => {
                    report.page_not_saved.push(Failure {
                        url: url.clone(),
                        reason,
                    });
                    (html, read, true)
                }
                None => {
                    report.failures.push(Failure {
                        url,
                        reason: format!(
                            "{reason}; the feed holds only a summary: tried again next run"
                        ),
                    });
                    return;
                }
            }
        }
        (None, None) => {
            let reason = match page {
                Err(reason) => reason,
                Ok(_) => "no article text in the page".into(),
            };
            report.failures.push(Failure { url, reason });
            return;
        }
    };
    // A short text (a cookie wall, a teaser) is not compared: it is the same on many pages.
    let fingerprint = if read.words >= FINGERPRINT_WORDS {
        read.fingerprint
    } else {
        crate::ingest::content_hash(p.key.as_bytes())
    };
    if store.same_text(fingerprint, &p.key).is_some() {
        report.duplicates += 1;
        return;
    }
    // The feed's outlet when the table knows it, else the page's own (its domain, its site
    // name), else what the feed's title seems to name.
    let outlet = p
        .item
        .outlet
        .clone()
        .or(read.outlet)
        .or_else(|| p.item.outlet_guess.clone())
        .unwrap_or_else(|| "unknown outlet".into());
    // The date the saved article will be read with: the page's own, else the feed's.
    let date = read
        .published
        .or_else(|| p.item.published.map(|d| d.date_naive()))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "undated".into());
    let name = format!("{date} {}", p.item.title.as_deref().unwrap_or("untitled"));
    match store.save(&outlet, &name, &html, &p.key, fingerprint) {
        Ok(file) => {
            report.from_feed_text += usize::from(from_feed);
            report.saved.push(file);
        }
        Err(reason) => report.failures.push(Failure { url, reason }),
    }
}

/// What a page to save says: the fingerprint of its article text (its words, lower-cased),
/// the outlet it names and its date; `None` when it holds no article text.
struct Read {
    fingerprint: u64,
    outlet: Option<String>,
    published: Option<chrono::NaiveDate>,
    words: usize,
}

fn read_saved(html: &str) -> Option<Read> {
    let ctx = ReadContext {
        outlets: Outlets::builtin(),
        overrides: None,
        modified: None,
    };
    let article =
        crate::ingest::parse_bytes(html.as_bytes(), "fetched.html", Format::Html, ctx).ok()?;
    if article.passages.is_empty() {
        return None;
    }
    let mut words = String::new();
    for p in &article.passages {
        for w in p
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            words.extend(w.chars().flat_map(char::to_lowercase));
            words.push(' ');
        }
    }
    Some(Read {
        fingerprint: crate::ingest::content_hash(words.as_bytes()),
        words: article.words(),
        outlet: article.outlet,
        published: article.published,
    })
}

/// A page's bytes as text: UTF-8 when they are; else in the charset the server's Content-Type
/// names; else decoded as ingest would (a byte-order mark, or the encoding the bytes look like).
fn page_text(bytes: &[u8], content_type: Option<&str>) -> String {
    if std::str::from_utf8(bytes).is_err()
        && let Some(encoding) = content_type
            .and_then(charset_of)
            .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
    {
        return encoding.decode(bytes).0.into_owned();
    }
    crate::ingest::decode_lossless(bytes)
}

/// The `charset` parameter of a Content-Type ("text/html; charset=ISO-8859-1").
fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"'))
    })
}

/// The page with the feed's metadata as `<meta>` tags at the start of its `<head>` (after the
/// doctype; the first `<meta charset>` wins, so the page is read as the UTF-8 it is saved as).
/// The address recorded is the canonical one, without tracking parameters.
fn with_metadata(page: &str, item: &Item, key: &str, outlet: Option<&str>) -> String {
    let page = page.trim_start_matches('\u{feff}');
    let at = insertion_point(page);
    let mut out = String::with_capacity(page.len() + 600);
    out.push_str(&page[..at]);
    out.push_str("\n<!-- saved by briefing fetch -->\n<meta charset=\"utf-8\">\n");
    let mut meta = |name: &str, value: Option<&str>| {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            out.push_str(&format!(
                "<meta name=\"briefing:{name}\" content=\"{}\">\n",
                escape(v)
            ));
        }
    };
    meta("url", Some(key));
    meta("title", item.title.as_deref());
    meta(
        "published",
        item.published
            .map(|d| d.format("%Y-%m-%d").to_string())
            .as_deref(),
    );
    meta("author", item.author.as_deref());
    meta("outlet", outlet);
    meta("feed", Some(item.feed.as_str()));
    out.push_str(&page[at..]);
    out
}

/// Where the metadata goes in `page`: after its `<head>` tag, else after `<html>` or the
/// doctype, else at the start (looked for in the first 8 kB only).
fn insertion_point(page: &str) -> usize {
    let mut end = page.len().min(8192);
    while !page.is_char_boundary(end) {
        end -= 1;
    }
    let head = page[..end].to_ascii_lowercase();
    let after_tag = |name: &str| {
        let mut from = 0;
        while let Some(i) = head[from..].find(name) {
            let start = from + i;
            let next = head.as_bytes().get(start + name.len()).copied();
            if matches!(next, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')) {
                return head[start..].find('>').map(|j| start + j + 1);
            }
            from = start + name.len();
        }
        None
    };
    after_tag("<head")
        .or_else(|| after_tag("<html"))
        .or_else(|| after_tag("<!doctype"))
        .unwrap_or(0)
}

/// A page made from the feed's own text for the item.
fn from_feed_text(item: &Item, content: &str, key: &str) -> String {
    let title = escape(item.title.as_deref().unwrap_or(""));
    let body = if content.contains('<') {
        content.to_string()
    } else {
        content
            .split("\n\n")
            .map(|p| format!("<p>{}</p>\n", escape(p.trim())))
            .collect()
    };
    let outlet = item.outlet.as_deref().or(item.outlet_guess.as_deref());
    with_metadata(
        &format!(
            "<!doctype html>\n<html><head><title>{title}</title></head>\n<body><article>\n<h1>{title}</h1>\n{body}\n</article></body></html>\n"
        ),
        item,
        key,
        outlet,
    )
}

use store::escape;

fn read_local_opml(path: &Path) -> Result<Vec<(String, String)>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    if !meta.is_file() || meta.len() > 20_000_000 {
        return Err("not an OPML file (a folder, a special file, or larger than 20 MB)".into());
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
    feeds::opml_feeds(&text)
}

/// The key an item is known by: its canonical URL, or the feed's id for it.
fn item_key(item: &Item) -> String {
    match &item.link {
        Some(link) => canonical_url(link),
        None => format!("{}#{}", item.feed, item.id),
    }
}

/// A URL as one article has it however it was linked: no fragment, no tracking parameters
/// (utm_*, fbclid, gclid…), host in lower case, default port dropped.
pub fn canonical_url(link: &str) -> String {
    let Ok(mut url) = url::Url::parse(link.trim()) else {
        return link.trim().to_string();
    };
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !(k.starts_with("utm_")
                || matches!(
                    k.as_str(),
                    "fbclid" | "gclid" | "dclid" | "mc_cid" | "mc_eid" | "cmpid" | "ocid" | "smid"
                ))
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_read_in_the_charset_its_server_names() {
        // Russian in Windows-1251 bytes: a guess from so few bytes could go wrong; the header says.
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Привет, мир");
        assert_eq!(
            page_text(&bytes, Some("text/html; Charset=\"windows-1251\"")),
            "Привет, мир"
        );
        assert_eq!(
            page_text("plain".as_bytes(), Some("text/html; charset=koi8-r")),
            "plain"
        );
        assert_eq!(charset_of("text/html"), None);
    }

    #[test]
    fn canonical_urls_drop_tracking_and_fragments() {
        assert_eq!(
            canonical_url("https://Example.COM:443/a/b?utm_source=x&id=3#top"),
            "https://example.com/a/b?id=3"
        );
        assert_eq!(
            canonical_url("https://example.com/a?utm_medium=rss"),
            "https://example.com/a"
        );
    }

    #[test]
    fn saved_pages_carry_the_feed_metadata_first() {
        let item = Item {
            link: Some("https://e.test/a".into()),
            title: Some("Talks \"resume\" <today>".into()),
            outlet: Some("Reuters".into()),
            ..Item::default()
        };
        let html = with_metadata("<html><body><p>x</p></body></html>", &item, "k", None);
        assert!(html.contains(
            r#"<meta name="briefing:title" content="Talks &quot;resume&quot; &lt;today&gt;">"#
        ));
        assert!(
            html.starts_with("<html>\n<!-- saved by briefing fetch -->"),
            "{html}"
        );
        let page = "<!DOCTYPE html>\n<HTML lang=en><Head data-x=1><title>T</title></head></html>";
        let html = with_metadata(page, &item, "k", None);
        assert!(html.starts_with("<!DOCTYPE html>\n<HTML lang=en><Head data-x=1>\n<!-- saved"));
    }
}
