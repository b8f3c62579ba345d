//! What a downloaded body is: an OPML list of feeds, a feed (RSS 2.0, RSS 1.0/RDF, Atom or
//! JSON Feed, all read by `feed-rs`), or a web page; and a feed's items as the fetcher needs
//! them (link, title, date, author, the outlet, the text the feed carries). Pure: bytes in,
//! values out.

use chrono::{DateTime, Utc};

use crate::ingest::Outlets;

/// One feed item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    /// The article's address, as the feed gives it.
    pub link: Option<String>,
    pub title: Option<String>,
    /// The date and time as the feed wrote them, in its own time zone (held as if UTC): an
    /// item of 23:40 -05:00 on 9 March is of 9 March, as its publisher dates it.
    pub published: Option<DateTime<Utc>>,
    pub author: Option<String>,
    /// The outlet the feed's title names, when the outlet table knows it.
    pub outlet: Option<String>,
    /// Else what the feed's title seems to name ("Example Herald" of "Politics | Example
    /// Herald"): used only when the page names no outlet itself.
    pub outlet_guess: Option<String>,
    /// The feed the item came from.
    pub feed: String,
    /// The item's full text (content:encoded, Atom content), HTML or plain, when it has one.
    pub content: Option<String>,
    /// The feed's own id for the item (a fallback key when it has no link).
    pub id: String,
}

/// A downloaded body, read.
#[derive(Debug)]
pub enum Body {
    /// An OPML file: the feeds it lists, as (title, URL).
    Opml(Vec<(String, String)>),
    Feed {
        title: Option<String>,
        items: Vec<Item>,
    },
    /// An HTML page: an article to save as it is.
    Page,
}

/// Read `bytes` fetched from `url` (`content_type` as the server gave it).
pub fn classify(bytes: &[u8], content_type: Option<&str>, url: &str) -> Result<Body, String> {
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if head.is_empty() {
        return Err("the response is empty".into());
    }
    if head.contains("<opml") {
        return opml_feeds(&String::from_utf8_lossy(bytes)).map(Body::Opml);
    }
    let html = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("html"));
    let looks_feed = head.starts_with('{')
        || head.contains("<rss")
        || head.contains("<rdf:rdf")
        || head.contains("<feed");
    if (html || head.contains("<html") || head.starts_with("<!doctype html")) && !looks_feed {
        return Ok(Body::Page);
    }
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        .timestamp_parser(local_timestamp)
        .build()
        .parse(bytes)
        .map_err(|e| {
            if looks_feed {
                format!("malformed feed: {e}")
            } else {
                "not a feed, an OPML file or a web page".to_string()
            }
        })?;
    let title = feed.title.as_ref().map(|t| plain(&t.content));
    let (outlet, guess) = title
        .as_deref()
        .map(outlet_of_feed_title)
        .unwrap_or_default();
    let items = feed
        .entries
        .into_iter()
        .map(|e| item(e, outlet.as_deref(), guess.as_deref(), url))
        .collect();
    Ok(Body::Feed { title, items })
}

fn item(e: feed_rs::model::Entry, outlet: Option<&str>, guess: Option<&str>, feed: &str) -> Item {
    let link = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| e.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let author = e
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().map(str::trim))
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let content = e
        .content
        .and_then(|c| c.body)
        .or_else(|| e.summary.map(|s| s.content))
        .filter(|c| !c.trim().is_empty());
    Item {
        link,
        title: e.title.map(|t| plain(&t.content)).filter(|t| !t.is_empty()),
        published: e.published.or(e.updated),
        author: (!author.is_empty()).then_some(author),
        outlet: outlet.map(str::to_string),
        outlet_guess: guess.map(str::to_string),
        feed: feed.to_string(),
        content,
        id: e.id,
    }
}

/// A feed's timestamp as written, in its own zone: RFC 2822 (RSS), RFC 3339 (Atom, JSON
/// Feed), or any date ingest can read in it (at midnight).
fn local_timestamp(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    let local = chrono::DateTime::parse_from_rfc2822(s)
        .or_else(|_| chrono::DateTime::parse_from_rfc3339(s))
        .map(|d| d.naive_local())
        .ok()
        .or_else(|| {
            crate::ingest::dates::find_absolute(s).and_then(|f| f.date.and_hms_opt(0, 0, 0))
        })?;
    Some(DateTime::from_naive_utc_and_offset(local, Utc))
}

/// The feeds an OPML file lists, outlines inside outlines included.
pub fn opml_feeds(text: &str) -> Result<Vec<(String, String)>, String> {
    let doc = opml::OPML::from_str(text).map_err(|e| format!("malformed OPML: {e}"))?;
    let mut out = Vec::new();
    let mut stack: Vec<&opml::Outline> = doc.body.outlines.iter().rev().collect();
    while let Some(o) = stack.pop() {
        if let Some(url) = o
            .xml_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            let title = o.title.clone().unwrap_or_else(|| o.text.clone());
            out.push((title, url.to_string()));
        }
        stack.extend(o.outlines.iter().rev());
    }
    Ok(out)
}

/// The outlet a feed's title names, known or guessed: "NYT > Top Stories" is The New York
/// Times, "Reuters: World News" Reuters, "BBC News - World" BBC News (known); of a title no part
/// of which is a known outlet, the guess is its first part that is not a site's section
/// ("Politics | Example Herald" → "Example Herald").
pub fn outlet_of_feed_title(title: &str) -> (Option<String>, Option<String>) {
    let outlets = Outlets::builtin();
    if let Some(known) = outlets.lookup_line(title) {
        return (Some(known.to_string()), None);
    }
    let parts: Vec<&str> = title
        .split([':', '|', '>', '»', '–', '—'])
        .flat_map(|p| p.split(" - "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(known) = parts.iter().find_map(|p| outlets.lookup(p)) {
        return (Some(known.to_string()), None);
    }
    let guess = parts
        .iter()
        .find(|p| !crate::ingest::is_section_name(p))
        .map(|p| p.to_string());
    (None, guess)
}

/// A feed's text field as plain text: tags dropped, whitespace collapsed.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_date_is_the_date_its_publisher_wrote() {
        let d = |s: &str| local_timestamp(s).map(|d| d.date_naive().to_string());
        assert_eq!(
            d("Mon, 09 Mar 2026 23:40:00 -0500").as_deref(),
            Some("2026-03-09")
        );
        assert_eq!(
            d("2026-03-09T23:40:00-05:00").as_deref(),
            Some("2026-03-09")
        );
        assert_eq!(d("March 9, 2026").as_deref(), Some("2026-03-09"));
        assert_eq!(d("soon"), None);
    }

    #[test]
    fn a_feed_title_names_its_outlet() {
        let known = |t: &str| outlet_of_feed_title(t).0;
        let guess = |t: &str| outlet_of_feed_title(t).1;
        assert_eq!(
            known("NYT > Top Stories").as_deref(),
            Some("The New York Times")
        );
        assert_eq!(known("Reuters: World News").as_deref(), Some("Reuters"));
        assert_eq!(known("Example Daily - Politics"), None);
        assert_eq!(
            guess("Example Daily - Politics").as_deref(),
            Some("Example Daily")
        );
        assert_eq!(
            guess("Politics | Example Herald").as_deref(),
            Some("Example Herald")
        );
    }

    #[test]
    fn each_kind_of_body_is_told_apart() {
        let rss =
            br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Reuters: World</title>
            <item><title>A</title><link>https://x.test/a</link></item></channel></rss>"#;
        let Ok(Body::Feed { items, .. }) =
            classify(rss, Some("application/rss+xml"), "https://x.test/f")
        else {
            panic!("an RSS feed")
        };
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].link.as_deref(), Some("https://x.test/a"));
        assert_eq!(items[0].outlet.as_deref(), Some("Reuters"));
        assert!(items[0].published.is_none());
        let page = b"<!doctype html><html><body><p>Hi</p></body></html>";
        assert!(matches!(
            classify(page, Some("text/html"), "https://x.test/"),
            Ok(Body::Page)
        ));
        let opml = br#"<opml version="2.0"><head/><body><outline text="News">
            <outline text="A" xmlUrl="https://a.test/feed"/></outline></body></opml>"#;
        let Ok(Body::Opml(feeds)) = classify(opml, None, "file.opml") else {
            panic!("an OPML")
        };
        assert_eq!(
            feeds,
            vec![("A".to_string(), "https://a.test/feed".to_string())]
        );
        let broken = b"<rss version=\"2.0\"><channel><item><title>x</ti";
        assert!(
            classify(broken, None, "https://x.test/")
                .is_err_and(|e| e.starts_with("malformed feed"))
        );
        assert!(classify(b"hello", None, "https://x.test/").is_err());
    }
}
