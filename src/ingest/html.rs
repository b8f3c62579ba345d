//! HTML pages (`.html`, saved web pages) into candidate blocks and the page's own metadata.
//!
//! Owns finding the article body (readability via `dom_smoothie`, with a fallback walk over
//! the whole `<body>`), turning it into paragraph / heading / list-item blocks of plain text,
//! marking blocks the markup itself calls debris (captions, navigation, newsletter boxes), and
//! reading outlet, headline, date and byline from meta tags, JSON-LD and article markup. It
//! also holds the small helpers the Markdown reader shares (dates, whitespace, assembly). It
//! never decides on plain-text debris, datelines or known outlets (that is `clean`), never
//! touches the file system, and must not panic on any input.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate};
use dom_smoothie::{Config, Readability};
use serde_json::Value;

use super::{Block, Extracted, PageMeta};
use crate::model::{DebrisKind, PassageKind, Span};

/// Readability gives up on documents with more elements than this; the fallback walk is
/// linear and takes over.
const MAX_READABILITY_ELEMENTS: usize = 100_000;

/// Deeper element nesting than this is not a real page; skip readability (it recurses).
const MAX_READABILITY_DEPTH: usize = 400;

/// A readability body with less non-debris text than this (in bytes) counts as a failure:
/// the fallback walk is used instead when it finds any text.
const SHORT_BODY: usize = 250;

/// A paragraph longer than this (in characters) is prose; an element holding two of them is
/// not debris whatever its class says.
const PROSE: usize = 100;

/// The most text an `aria-hidden` element may hold and still be skipped.
const MAX_ARIA_HIDDEN: usize = 200;

/// One block of extracted text before assembly: collapsed, trimmed, never empty.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawBlock {
    pub text: String,
    pub kind: PassageKind,
    pub debris: Option<DebrisKind>,
}

impl RawBlock {
    pub(crate) fn new(text: &str, kind: PassageKind, debris: Option<DebrisKind>) -> Option<Self> {
        let text = collapse_ws(text);
        (!text.is_empty()).then_some(Self { text, kind, debris })
    }
}

pub(crate) fn extract(source: &str) -> Extracted {
    let run = std::panic::catch_unwind(|| extract_inner(source));
    run.unwrap_or_else(|_| Extracted {
        warnings: vec!["the HTML could not be parsed; no text was extracted".to_string()],
        ..Extracted::default()
    })
}

fn extract_inner(source: &str) -> Extracted {
    let page = Readability::from(source);
    let meta = page_meta(&page);
    let headline = page_headline(&page).or_else(|| meta.title.clone());

    let mut warnings = Vec::new();
    let depth = max_depth(&page);
    let readable = if depth > MAX_READABILITY_DEPTH {
        None
    } else {
        readable_blocks(source)
    };
    // Readability rebuilds some elements without their classes (a `<div class=newsletter>`
    // holding only text becomes a bare `<p>`), so debris is also looked up by text in a walk
    // of the whole page.
    let readable = readable.map(|mut blocks| {
        mark_from_page(&mut blocks, &walk(&page, Mode::Article));
        blocks
    });
    let blocks = match readable {
        Some(blocks) if body_len(&blocks) >= SHORT_BODY => blocks,
        Some(blocks) => {
            // Readability kept almost nothing (or grabbed a whole tiny page, chrome and
            // all): the fallback walk, which leaves chrome out, does better on small pages.
            let fallback = walk(&page, Mode::Fallback);
            if body_len(&fallback) > 0 {
                warnings.push(fallback_warning());
                fallback
            } else {
                blocks
            }
        }
        None => {
            let fallback = walk(&page, Mode::Fallback);
            if !fallback.is_empty() {
                warnings.push(fallback_warning());
            }
            fallback
        }
    };
    let blocks = with_headline(blocks, headline.as_deref());
    assemble(blocks, meta, warnings)
}

fn fallback_warning() -> String {
    "no article body recognised in the HTML; kept the page's text outside navigation".to_string()
}

/// Mark blocks whose exact text the page's own markup marks as debris wherever it appears.
fn mark_from_page(blocks: &mut [RawBlock], page_blocks: &[RawBlock]) {
    let mut debris: HashMap<&str, Option<DebrisKind>> = HashMap::new();
    for b in page_blocks {
        debris
            .entry(b.text.as_str())
            .and_modify(|d| {
                if *d != b.debris {
                    *d = None;
                }
            })
            .or_insert(b.debris);
    }
    for block in blocks.iter_mut().filter(|b| b.debris.is_none()) {
        if let Some(Some(kind)) = debris.get(block.text.as_str()) {
            block.debris = Some(*kind);
        }
    }
}

/// Bytes of text in blocks not already marked debris.
fn body_len(blocks: &[RawBlock]) -> usize {
    blocks
        .iter()
        .filter(|b| b.debris.is_none())
        .map(|b| b.text.len())
        .sum()
}

/// Run readability on a fresh copy of the page and walk the article it keeps.
fn readable_blocks(source: &str) -> Option<Vec<RawBlock>> {
    let config = Config {
        keep_classes: true,
        max_elements_to_parse: MAX_READABILITY_ELEMENTS,
        ..Config::default()
    };
    let mut reader = Readability::new(source, None, Some(config)).ok()?;
    let article = reader.parse().ok()?;
    let content = Readability::from(article.content.to_string());
    let blocks = walk(&content, Mode::Article);
    (!blocks.is_empty()).then_some(blocks)
}

/// The deepest element nesting in the page, counted without recursion.
fn max_depth(page: &Readability) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(page.doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if deepest > MAX_READABILITY_DEPTH {
            break;
        }
        for child in node.children_it(false) {
            if child.is_element() {
                stack.push((child, depth + 1));
            }
        }
    }
    deepest
}

/// Put the headline first, as a heading, unless the blocks already start with it.
pub(crate) fn with_headline(mut blocks: Vec<RawBlock>, headline: Option<&str>) -> Vec<RawBlock> {
    let Some(head) = headline.and_then(|h| RawBlock::new(h, PassageKind::Heading, None)) else {
        return blocks;
    };
    let starts_with_it = blocks
        .first()
        .is_some_and(|b| same_text(&b.text, &head.text));
    if !starts_with_it {
        blocks.insert(0, head);
    }
    blocks
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    norm(a) == norm(b)
}

/// Join blocks into the extracted text ("\n\n" between blocks) with spans into it.
pub(crate) fn assemble(blocks: Vec<RawBlock>, meta: PageMeta, warnings: Vec<String>) -> Extracted {
    let mut text = String::new();
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        if block.text.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&block.text);
        out.push(Block {
            span: Span::new(start, text.len()),
            kind: block.kind,
            debris: block.debris,
        });
    }
    Extracted {
        text,
        blocks: out,
        meta,
        offsets_are_file_bytes: false,
        warnings,
    }
}

/// Collapse runs of whitespace to one space, drop invisible characters, and trim.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Walking the DOM into blocks
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Readability's article: everything is body unless the markup says debris.
    Article,
    /// The whole `<body>`: page chrome (nav, header, footer, aside, forms) is skipped.
    Fallback,
}

/// What an element inherits from its ancestors.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    debris: Option<DebrisKind>,
    /// Blocks inside a heading or list item take its kind.
    kind: Option<PassageKind>,
    /// Inside `<article>` or `<main>` (a `<header>` there is the article's own).
    in_article: bool,
}

enum Step<N> {
    Enter(N, Ctx),
    /// The end of a block element: flush its text.
    Leave,
}

/// Whether the text collected so far came from debris-marked elements only.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Marks {
    #[default]
    Empty,
    All(Option<DebrisKind>),
    Mixed,
}

#[derive(Default)]
struct Acc {
    buf: String,
    marks: Marks,
    after_br: bool,
    cell_sep: bool,
    out: Vec<RawBlock>,
}

impl Acc {
    fn text(&mut self, s: &str, debris: Option<DebrisKind>) {
        if !s.chars().any(|c| !c.is_whitespace()) {
            self.buf.push_str(s);
            return;
        }
        if self.cell_sep {
            self.buf.push_str(" · ");
            self.cell_sep = false;
        }
        self.buf.push_str(s);
        self.after_br = false;
        self.marks = match self.marks {
            Marks::Empty => Marks::All(debris),
            Marks::All(d) if d == debris => Marks::All(d),
            _ => Marks::Mixed,
        };
    }

    fn has_text(&self) -> bool {
        self.marks != Marks::Empty
    }

    fn flush(&mut self, kind: PassageKind) {
        let debris = match std::mem::take(&mut self.marks) {
            Marks::All(d) => d,
            _ => None,
        };
        if let Some(block) = RawBlock::new(&self.buf, kind, debris) {
            self.out.push(block);
        }
        self.buf.clear();
        self.after_br = false;
        self.cell_sep = false;
    }
}

/// Elements whose content is never text a reader sees.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "button", "select", "option", "input", "textarea", "head", "title",
    "meta", "link", "map", "img", "picture", "source",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Page chrome the fallback walk leaves out entirely.
const CHROME: &[&str] = &["nav", "footer", "aside", "form", "dialog"];
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "menu",
];

/// Walk the page (or readability's article) into blocks, in document order, without recursion.
fn walk(page: &Readability, mode: Mode) -> Vec<RawBlock> {
    let root = match mode {
        Mode::Article => page.doc.root(),
        Mode::Fallback => page.doc.body().unwrap_or_else(|| page.doc.root()),
    };
    let mut acc = Acc::default();
    let mut open: Vec<PassageKind> = Vec::new();
    let mut stack = vec![Step::Enter(root, Ctx::default())];
    while let Some(step) = stack.pop() {
        let (node, ctx) = match step {
            Step::Leave => {
                let kind = open.pop().unwrap_or(PassageKind::Paragraph);
                acc.flush(kind);
                continue;
            }
            Step::Enter(node, ctx) => (node, ctx),
        };
        if node.is_text() {
            acc.text(&node.text(), ctx.debris);
            continue;
        }
        if !node.is_element() {
            if node.is_document() || node.is_fragment() {
                for child in node.children_it(true) {
                    stack.push(Step::Enter(child, ctx));
                }
            }
            continue;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.as_str();
        // `aria-hidden` hides icons and decorative repeats, but a page saved while a modal
        // was open has it on the whole article: only short elements are skipped for it.
        let aria_hidden = node
            .attr("aria-hidden")
            .is_some_and(|a| a.trim().eq_ignore_ascii_case("true"))
            && node.normalized_char_count() <= MAX_ARIA_HIDDEN;
        let style = node.attr("style").map(|a| a.to_string());
        if SKIPPED.contains(&name)
            || node.has_attr("hidden")
            || aria_hidden
            || style.as_deref().is_some_and(hidden_by_style)
        {
            continue;
        }
        let role = node
            .attr("role")
            .map(|r| r.to_ascii_lowercase())
            .unwrap_or_default();
        let in_article = ctx.in_article || matches!(name, "article" | "main") || role == "main";
        if mode == Mode::Fallback
            && (CHROME.contains(&name)
                || CHROME_ROLES.contains(&role.as_str())
                || (name == "header" && !ctx.in_article))
        {
            continue;
        }
        match name {
            "br" => {
                if acc.after_br && acc.has_text() {
                    acc.flush(open.last().copied().unwrap_or(PassageKind::Paragraph));
                } else {
                    acc.buf.push(' ');
                    acc.after_br = true;
                }
                continue;
            }
            "td" | "th" => acc.cell_sep = acc.has_text(),
            _ => {}
        }

        let mut child_ctx = ctx;
        child_ctx.in_article = in_article;
        let tokens = format!(
            "{} {}",
            node.attr("class").unwrap_or_default(),
            node.attr("id").unwrap_or_default()
        );
        let rel = node.attr("rel").unwrap_or_default().to_ascii_lowercase();
        let itemprop = node
            .attr("itemprop")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let marked = markup_debris(name, &role, &tokens, &rel, &itemprop).filter(|kind| {
            // Class names are a weaker signal: ignore them on containers that hold a lot of
            // text or several paragraphs of prose (`<div class="article-body ad-enabled">`).
            by_name(name, &role).is_some()
                || (node.normalized_char_count() <= class_signal_limit(*kind)
                    && node
                        .descendants_it()
                        .filter(|d| d.has_name("p") && d.normalized_char_count() > PROSE)
                        .nth(1)
                        .is_none())
        });
        if let Some(kind) = marked {
            child_ctx.debris = Some(kind);
        }
        if is_heading(name) {
            child_ctx.kind = Some(PassageKind::Heading);
        } else if name == "li" {
            child_ctx.kind = Some(PassageKind::ListItem);
        }

        if BLOCKS.contains(&name) {
            acc.flush(open.last().copied().unwrap_or(PassageKind::Paragraph));
            open.push(child_ctx.kind.unwrap_or(PassageKind::Paragraph));
            stack.push(Step::Leave);
        }
        for child in node.children_it(true) {
            stack.push(Step::Enter(child, child_ctx));
        }
    }
    acc.flush(PassageKind::Paragraph);
    acc.out
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Whether an inline style hides an element.
fn hidden_by_style(style: &str) -> bool {
    let s: String = style.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// The debris an element's name or ARIA role alone says it is.
fn by_name(name: &str, role: &str) -> Option<DebrisKind> {
    match (name, role) {
        ("figcaption" | "figure", _) => Some(DebrisKind::Caption),
        ("nav", _) | (_, "navigation" | "menu" | "menubar" | "search") => {
            Some(DebrisKind::Navigation)
        }
        ("footer", _) | (_, "contentinfo") => Some(DebrisKind::Footer),
        ("time", _) => Some(DebrisKind::Timestamp),
        _ => None,
    }
}

/// The most text a class-named element may hold and still be taken for that kind of debris.
fn class_signal_limit(kind: DebrisKind) -> usize {
    match kind {
        DebrisKind::Navigation | DebrisKind::Footer => 2000,
        DebrisKind::Caption => 800,
        _ => 300,
    }
}

/// What the markup says an element is, if debris: by name, role, rel, itemprop, class or id.
fn markup_debris(
    name: &str,
    role: &str,
    tokens: &str,
    rel: &str,
    itemprop: &str,
) -> Option<DebrisKind> {
    if matches!(name, "html" | "body" | "main" | "article") {
        return None;
    }
    if let Some(kind) = by_name(name, role) {
        if name == "figure" {
            let t = tokens.to_ascii_lowercase();
            if t.contains("table") || t.contains("quote") {
                return None;
            }
        }
        return Some(kind);
    }
    if rel.split_whitespace().any(|r| r == "author") || itemprop == "author" {
        return Some(DebrisKind::Byline);
    }
    if matches!(itemprop, "datepublished" | "datemodified") {
        return Some(DebrisKind::Timestamp);
    }
    class_debris(tokens)
}

/// Debris named by class or id tokens ("newsletter-signup", "breadcrumbs", "photo-credit").
fn class_debris(tokens: &str) -> Option<DebrisKind> {
    let lower = tokens.to_ascii_lowercase();
    let mut found = None;
    for token in lower.split_whitespace() {
        let joined: String = token
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let parts: Vec<&str> = token
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect();
        let has = |words: &[&str]| parts.iter().any(|p| words.contains(p));
        let kind = if joined.contains("newsletter")
            || joined.contains("signup")
            || joined.contains("subscri")
            || joined.contains("paywall")
            || joined.contains("copyright")
            || has(&["footer", "promo", "cta", "donate", "membership"])
        {
            Some(DebrisKind::Footer)
        } else if joined.contains("caption") || has(&["credit", "credits", "photocredit"]) {
            Some(DebrisKind::Caption)
        } else if joined.contains("breadcrumb")
            || joined.contains("navbar")
            || joined.contains("navigation")
            || joined.contains("related")
            || joined.contains("recommended")
            || joined.contains("readmore")
            || joined.contains("morestories")
            || joined.contains("trending")
            || joined.contains("mostpopular")
            || has(&[
                "nav", "menu", "share", "sharing", "social", "ad", "ads", "advert",
            ])
            || joined.contains("advertisement")
        {
            Some(DebrisKind::Navigation)
        } else if joined.contains("byline") || has(&["author", "authors", "contributor"]) {
            Some(DebrisKind::Byline)
        } else if has(&[
            "timestamp",
            "date",
            "published",
            "pubdate",
            "updated",
            "modified",
        ]) || [
            "timestamp",
            "datemodified",
            "datepublished",
            "publishdate",
            "pubdate",
        ]
        .iter()
        .any(|w| joined.contains(w))
        {
            Some(DebrisKind::Timestamp)
        } else if has(&["kicker", "eyebrow", "overline"]) {
            Some(DebrisKind::SectionLabel)
        } else {
            None
        };
        // Footer and caption signals outrank weaker ones on the same element.
        found = match (found, kind) {
            (None, k) => k,
            (Some(f), None) => Some(f),
            (Some(f), Some(k)) => Some(if rank(k) > rank(f) { k } else { f }),
        };
    }
    found
}

fn rank(kind: DebrisKind) -> u8 {
    match kind {
        DebrisKind::Footer => 5,
        DebrisKind::Caption => 4,
        DebrisKind::Navigation => 3,
        DebrisKind::Byline => 2,
        DebrisKind::Timestamp => 1,
        _ => 0,
    }
}

// ---------------------------------------------------------------------------------------------
// Page metadata
// ---------------------------------------------------------------------------------------------

/// Outlet, headline, date and byline as the page states them, before readability mutates it.
fn page_meta(page: &Readability) -> PageMeta {
    let metas = meta_tags(page);
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| metas.get(*k).filter(|v| !v.is_empty()).cloned())
    };
    let ld = JsonLd::from_page(page);

    // `briefing:*` tags are written by `briefing fetch` from the feed the page came from.
    let outlet = get(&["briefing:outlet", "og:site_name"])
        .or_else(|| ld.as_ref().and_then(JsonLd::publisher))
        .or_else(|| get(&["application-name"]).filter(|s| s.len() < 60));

    let strip = |t: String| strip_outlet_suffix(&t, outlet.as_deref());
    let title = get(&["briefing:title"])
        .or_else(|| get(&["og:title", "twitter:title"]).map(strip))
        .or_else(|| ld.as_ref().and_then(JsonLd::headline))
        .or_else(|| {
            let t = first_text(page, "head title").or_else(|| first_text(page, "title"))?;
            Some(prefer_headline(strip(t), page_headline(page)))
        })
        .or_else(|| page_headline(page))
        .filter(|t| !t.is_empty());

    // The page's own date first; the feed's (`briefing:published`) when it states none.
    let published = get(&[
        "article:published_time",
        "og:article:published_time",
        "og:published_time",
        "article:published",
        "briefing:published",
    ])
    .and_then(|d| parse_date(&d))
    .or_else(|| ld.as_ref().and_then(JsonLd::published))
    .or_else(|| get(&["itemprop:datepublished"]).and_then(|d| parse_date(&d)))
    .or_else(|| {
        META_DATE_NAMES
            .iter()
            .find_map(|k| metas.get(*k).and_then(|d| parse_date(d)))
    })
    .or_else(|| time_in_article(page))
    .or_else(|| ld_date_anywhere(page))
    .or_else(|| date_in_marked_element(page))
    .or_else(|| {
        // A site's own name for it ("sn-post-date", "cXenseParse:recs:publishtime").
        let mut keys: Vec<&String> = metas
            .keys()
            .filter(|k| {
                (k.contains("publish") || k.contains("post-date") || k.contains("pubdate"))
                    && !k.contains("modif")
                    && !k.contains("update")
            })
            .collect();
        keys.sort();
        keys.into_iter().find_map(|k| parse_date(&metas[k]))
    });

    let byline = get(&[
        "briefing:author",
        "author",
        "byl",
        "dc.creator",
        "sailthru.author",
        "parsely-author",
    ])
    .filter(|a| !looks_like_url(a))
    .or_else(|| ld.as_ref().and_then(JsonLd::authors))
    .or_else(|| get(&["article:author"]).filter(|a| !looks_like_url(a)))
    .or_else(|| byline_in_page(page))
    .map(|b| strip_by(&b))
    .filter(|b| !b.is_empty());

    let url = get(&["briefing:url", "og:url"])
        .or_else(|| {
            page.doc
                .select("link[rel=canonical]")
                .nodes()
                .iter()
                .find_map(|n| n.attr("href").map(|h| h.trim().to_string()))
        })
        .filter(|u| looks_like_url(u));

    // Last: the date the page's address carries ("/2019/11/19/", "/2019/nov/18/").
    let published = published.or_else(|| url.as_deref().and_then(date_in_url));

    PageMeta {
        outlet,
        title,
        published,
        byline,
        url,
    }
}

/// `datePublished` or `dateCreated` of any JSON-LD node (a `WebPage`, a `ClaimReview`), for
/// pages whose article node has none, or that have no article node.
fn ld_date_anywhere(page: &Readability) -> Option<NaiveDate> {
    let scripts = ld_scripts(page);
    let mut nodes = Vec::new();
    for text in &scripts {
        if let Some(value) = parse_json_ld(text) {
            flatten_ld(value, &mut nodes, 0);
        }
    }
    let found = nodes.iter().find_map(|n| {
        ["datePublished", "dateCreated"]
            .iter()
            .find_map(|k| n.get(*k)?.as_str().and_then(parse_date))
    });
    found.or_else(|| {
        // JSON-LD that is not valid JSON (a stray quote, a trailing comma) is common: read
        // the value as written.
        scripts.iter().find_map(|text| {
            let at = text.find("\"datePublished\"")?;
            let rest = text[at + 15..].trim_start().strip_prefix(':')?.trim_start();
            let value = rest.strip_prefix('"')?;
            parse_date(&value[..value.find('"')?])
        })
    })
}

/// The text of every `<script type="application/ld+json">` of the page, in order.
fn ld_scripts(page: &Readability) -> Vec<String> {
    page.doc
        .select("script[type]")
        .nodes()
        .iter()
        .filter(|node| {
            node.attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .map(|node| node.text().to_string())
        .collect()
}

/// The first absolute date in a short element the page marks as a date: a class or id word
/// (split at `-` and `_`) that is or starts with "date", or is time, timestamp, pubdate,
/// published or posted (not "candidate", not "updated"), outside navigation, footers, asides.
fn date_in_marked_element(page: &Readability) -> Option<NaiveDate> {
    let selector = "[class*=date], [class*=Date], [class*=time], [class*=Time], \
                    [class*=publish], [class*=posted], [id*=date], [itemprop*=date]";
    let marks_date = |value: &str| {
        value
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .map(str::to_ascii_lowercase)
            .any(|w| {
                matches!(
                    w.as_str(),
                    "time" | "timestamp" | "pubdate" | "published" | "posted" | "postdate"
                ) || (w.starts_with("date") && !w.starts_with("dateline"))
            })
    };
    let sel = page.doc.try_select(selector)?;
    sel.nodes().iter().find_map(|n| {
        let marked = ["class", "id", "itemprop"]
            .iter()
            .any(|a| n.attr(a).is_some_and(|v| marks_date(&v)));
        if !marked {
            return None;
        }
        let in_chrome = n.ancestors_it(None).any(|a| {
            a.node_name()
                .is_some_and(|name| matches!(&*name, "nav" | "footer" | "aside"))
        });
        let text = collapse_ws(&n.text());
        if in_chrome || text.is_empty() || text.len() > 120 {
            return None;
        }
        crate::ingest::dates::find_absolute(&text).map(|f| f.date)
    })
}

/// A date written in a URL's path as year, month and day segments: `/2019/11/19/`,
/// `/2019/nov/18/`, `/2019-11-19/`.
fn date_in_url(url: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    let path = url.split("://").nth(1).unwrap_or(url);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    let today = chrono::Utc::now().date_naive();
    let ok = |d: NaiveDate| (1995..=today.year()).contains(&d.year()) && d <= today;
    for w in parts.windows(3) {
        let (y, m, d) = (w[0], w[1], w[2]);
        if y.len() != 4 {
            continue;
        }
        let Ok(y) = y.parse::<i32>() else { continue };
        let m = m
            .parse::<u32>()
            .ok()
            .or_else(|| crate::ingest::dates::month_number(m));
        let d: String = d.chars().take_while(char::is_ascii_digit).collect();
        if let (Some(m), Ok(d)) = (m, d.parse::<u32>())
            && (1..=2).contains(&w[2].chars().take_while(char::is_ascii_digit).count())
            && let Some(date) = NaiveDate::from_ymd_opt(y, m, d).filter(|&x| ok(x))
        {
            return Some(date);
        }
    }
    parts.iter().find_map(|p| {
        let head: String = p.chars().take(10).collect();
        (head.len() == 10 && head.as_bytes()[4] == b'-' && head.as_bytes()[7] == b'-')
            .then(|| NaiveDate::parse_from_str(&head, "%Y-%m-%d").ok())
            .flatten()
            .filter(|&x| ok(x))
    })
}

const META_DATE_NAMES: &[&str] = &[
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "og:updated_time",
];

/// Every `<meta>` with content, keyed by lowercased `property`, `name`, or `itemprop:` name;
/// the first of each key wins.
fn meta_tags(page: &Readability) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for node in page.doc.select("meta").nodes() {
        let Some(content) = node.attr("content") else {
            continue;
        };
        let content = collapse_ws(&content);
        if content.is_empty() {
            continue;
        }
        let keys = [
            node.attr("property").map(|p| p.to_ascii_lowercase()),
            node.attr("name").map(|n| n.to_ascii_lowercase()),
            node.attr("itemprop")
                .map(|i| format!("itemprop:{}", i.to_ascii_lowercase())),
        ];
        for key in keys.into_iter().flatten() {
            out.entry(key.trim().to_string())
                .or_insert_with(|| content.clone());
        }
    }
    out
}

/// The collapsed text of the first element matching `selector` that has any.
fn first_text(page: &Readability, selector: &str) -> Option<String> {
    let sel = page.doc.try_select(selector)?;
    sel.nodes()
        .iter()
        .map(|n| collapse_ws(&n.text()))
        .find(|t| !t.is_empty())
}

/// The page's headline as shown: the article's `<h1>`, else the first `<h1>`.
fn page_headline(page: &Readability) -> Option<String> {
    first_text(page, "article h1, main h1, [role=main] h1")
        .or_else(|| first_text(page, "body h1"))
        .or_else(|| first_text(page, "h1"))
}

/// The date of the first `<time datetime>` in the article (or anywhere outside page chrome).
fn time_in_article(page: &Readability) -> Option<NaiveDate> {
    let preferred = "time[pubdate][datetime], time[itemprop=datePublished][datetime], \
                     article time[datetime], main time[datetime], [role=main] time[datetime]";
    let from = |selector: &str| -> Option<NaiveDate> {
        let sel = page.doc.try_select(selector)?;
        sel.nodes().iter().find_map(|n| {
            let in_chrome = n.ancestors_it(None).any(|a| {
                a.node_name()
                    .is_some_and(|name| matches!(&*name, "nav" | "footer" | "aside"))
            });
            if in_chrome {
                return None;
            }
            n.attr("datetime").and_then(|d| parse_date(&d))
        })
    };
    from(preferred).or_else(|| from("time[datetime]"))
}

/// A byline from the article markup: `rel=author` links, `itemprop=author`, `.byline`.
fn byline_in_page(page: &Readability) -> Option<String> {
    let names_in = |selector: &str| -> Option<String> {
        let sel = page.doc.try_select(selector)?;
        let mut names: Vec<String> = Vec::new();
        for node in sel.nodes() {
            let name = strip_by(&collapse_ws(&node.text()));
            if !name.is_empty() && name.len() <= 80 && !names.contains(&name) {
                names.push(name);
            }
        }
        (!names.is_empty()).then(|| join_names(&names))
    };
    names_in("[itemprop=author] [itemprop=name]")
        .or_else(|| names_in("[class*=byline] a[rel~=author], [class*=byline] a[href*='/author']"))
        .or_else(|| names_in("a[rel~=author]"))
        .or_else(|| {
            let sel = page.doc.try_select(
                "[itemprop=author], .byline, [class*=byline], [class*=Byline], .author-name, .author",
            )?;
            sel.nodes().iter().find_map(|n| {
                let text = strip_by(&collapse_ws(&n.text()));
                (!text.is_empty() && text.len() <= 120).then_some(text)
            })
        })
}

/// "Jane Doe", "Jane Doe and John Roe", "A, B and C".
pub(crate) fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// Drop a leading "By " (or "Posted by ", "Written by ") from a byline.
pub(crate) fn strip_by(byline: &str) -> String {
    let t = byline.trim();
    let lower = t.to_lowercase();
    for prefix in ["posted by ", "written by ", "words by ", "by: ", "by "] {
        if lower.starts_with(prefix) && t.is_char_boundary(prefix.len()) {
            return t[prefix.len()..].trim().to_string();
        }
    }
    t.to_string()
}

fn looks_like_url(s: &str) -> bool {
    let s = s.trim();
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")
}

/// Strip a trailing " - Outlet" / " | Outlet" when it names the page's own outlet.
fn strip_outlet_suffix(title: &str, outlet: Option<&str>) -> String {
    let title = collapse_ws(title);
    let Some(outlet) = outlet.map(collapse_ws).filter(|o| !o.is_empty()) else {
        return title;
    };
    for sep in TITLE_SEPARATORS {
        if let Some(idx) = title.rfind(sep) {
            let tail = &title[idx + sep.len()..];
            if tail.trim().eq_ignore_ascii_case(&outlet) && idx > 0 {
                return title[..idx].trim().to_string();
            }
        }
    }
    title
}

/// Title separators between a headline and a site name.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " · ", " :: ", " » ", " : "];

/// A `<title>` that is the page's `<h1>` plus a site name ("Headline — Site") gives the `<h1>`.
fn prefer_headline(title: String, h1: Option<String>) -> String {
    let Some(h1) = h1.filter(|h| !h.is_empty() && h.len() < title.len()) else {
        return title;
    };
    let parts_match = TITLE_SEPARATORS.iter().any(|sep| {
        title
            .strip_prefix(h1.as_str())
            .is_some_and(|rest| rest.starts_with(sep))
            || title
                .strip_suffix(h1.as_str())
                .is_some_and(|rest| rest.ends_with(sep))
    });
    if parts_match { h1 } else { title }
}

/// The article object of the page's JSON-LD, with every node by `@id` to resolve references.
struct JsonLd {
    article: Value,
    ids: HashMap<String, Value>,
}

impl JsonLd {
    fn from_page(page: &Readability) -> Option<Self> {
        let mut nodes = Vec::new();
        for text in ld_scripts(page) {
            if let Some(value) = parse_json_ld(&text) {
                flatten_ld(value, &mut nodes, 0);
            }
        }
        let mut ids = HashMap::new();
        for node in &nodes {
            if let Some(id) = node.get("@id").and_then(Value::as_str) {
                ids.entry(id.to_string()).or_insert_with(|| node.clone());
            }
        }
        let mut articles = nodes.iter().filter(|n| is_article_type(n));
        let first = articles.clone().next()?;
        let article = articles
            .find(|n| n.get("headline").is_some())
            .unwrap_or(first)
            .clone();
        Some(Self { article, ids })
    }

    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("@id").and_then(Value::as_str) {
            Some(id) if v.get("name").is_none() => self.ids.get(id).unwrap_or(v),
            _ => v,
        }
    }

    fn name_of(&self, v: &Value) -> Option<String> {
        let name = match v {
            Value::String(s) => s.clone(),
            Value::Object(_) => match self.resolve(v).get("name")? {
                Value::String(s) => s.clone(),
                Value::Array(a) => a.first()?.as_str()?.to_string(),
                _ => return None,
            },
            _ => return None,
        };
        let name = collapse_ws(&decode_entities(&name));
        (!name.is_empty() && !looks_like_url(&name)).then_some(name)
    }

    fn publisher(&self) -> Option<String> {
        match self.article.get("publisher")? {
            Value::Array(list) => list.iter().find_map(|p| self.name_of(p)),
            p => self.name_of(p),
        }
    }

    fn headline(&self) -> Option<String> {
        ["headline", "name"].iter().find_map(|k| {
            let t = collapse_ws(&decode_entities(self.article.get(*k)?.as_str()?));
            (!t.is_empty()).then_some(t)
        })
    }

    fn published(&self) -> Option<NaiveDate> {
        ["datePublished", "dateCreated"]
            .iter()
            .find_map(|k| match self.article.get(*k)? {
                Value::String(s) => parse_date(s),
                Value::Array(a) => a.iter().find_map(|d| parse_date(d.as_str()?)),
                _ => None,
            })
    }

    fn authors(&self) -> Option<String> {
        let authors = self
            .article
            .get("author")
            .or_else(|| self.article.get("creator"))?;
        let list: Vec<&Value> = match authors {
            Value::Array(a) => a.iter().collect(),
            v => vec![v],
        };
        let mut names: Vec<String> = Vec::new();
        for a in list {
            if let Some(name) = self.name_of(a).map(|n| strip_by(&n))
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
        (!names.is_empty()).then(|| join_names(&names))
    }
}

fn parse_json_ld(raw: &str) -> Option<Value> {
    let mut s = raw.trim();
    for (open, close) in [
        ("<![CDATA[", "]]>"),
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
    ] {
        if let Some(rest) = s.strip_prefix(open) {
            s = rest.strip_suffix(close).unwrap_or(rest).trim();
        }
    }
    let s = s.trim_end_matches(';').trim();
    serde_json::from_str(s).ok()
}

/// Every object in a JSON-LD value: arrays and `@graph` lists are opened, a few levels deep.
fn flatten_ld(value: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                flatten_ld(item, out, depth + 1);
            }
        }
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten_ld(graph, out, depth + 1);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

fn is_article_type(node: &Value) -> bool {
    let is_article = |t: &str| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        t.ends_with("Article") || matches!(t, "BlogPosting" | "LiveBlogPosting" | "Report")
    };
    match node.get("@type") {
        Some(Value::String(t)) => is_article(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_article),
        _ => false,
    }
}

/// Decode the HTML entities JSON-LD strings sometimes carry ("&amp;", "&#8217;").
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| decode_entity(&tail[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{00A0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "eacute" => 'é',
        _ => return None,
    })
}

/// The calendar date a date string states, as written (no time-zone conversion): ISO 8601 /
/// RFC 3339 with or without time, RFC 2822, "2024/03/05", "20240305", "March 5, 2024".
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if s.is_empty() {
        return None;
    }
    let plausible = |d: NaiveDate| {
        use chrono::Datelike;
        (1900..=2200).contains(&d.year()).then_some(d)
    };
    // Leading Y-M-D with '-', '/' or '.' separators, then anything (time, zone).
    let head: String = s.chars().take(10).collect();
    let parts: Vec<&str> = head.split(['-', '/', '.']).collect();
    if let [y, m, d, ..] = parts.as_slice()
        && y.len() == 4
        && let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>())
    {
        let d: String = d.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(d) = d.parse::<u32>() {
            return NaiveDate::from_ymd_opt(y, m, d).and_then(plausible);
        }
    }
    // Compact "20240305" or "20240305T101500Z".
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 8
        && s[8..].chars().next().is_none_or(|c| c == 'T' || c == ' ')
        && let (Ok(y), Ok(m), Ok(d)) = (
            digits[..4].parse(),
            digits[4..6].parse(),
            digits[6..8].parse(),
        )
    {
        return NaiveDate::from_ymd_opt(y, m, d).and_then(plausible);
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return plausible(dt.naive_local().date());
    }
    let cleaned = collapse_ws(&s.replace(',', ", ").replace(" ,", ","));
    for fmt in [
        "%B %d, %Y",
        "%b %d, %Y",
        "%b. %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%A, %B %d, %Y",
        "%a, %b %d, %Y",
        "%A %d %B %Y",
        "%B %d %Y",
    ] {
        if let Ok((d, _)) = NaiveDate::parse_and_remainder(&cleaned, fmt) {
            return plausible(d);
        }
    }
    // A date inside a longer stamp: "01:38:07 PM IST Nov 20, 2019".
    crate::ingest::dates::find_absolute(s).and_then(|f| plausible(f.date))
}

#[cfg(test)]
mod tests {
    use super::*;

    const AP: &str = include_str!("../../tests/fixtures/html/ap_like.html");
    const REUTERS: &str = include_str!("../../tests/fixtures/html/reuters_like.html");
    const BLOG: &str = include_str!("../../tests/fixtures/html/blog_plain.html");

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// (text, kind, debris) of every block, checking the spans and the joined text on the way.
    fn blocks_of(e: &Extracted) -> Vec<(String, PassageKind, Option<DebrisKind>)> {
        assert!(!e.offsets_are_file_bytes);
        let texts: Vec<&str> = e.blocks.iter().map(|b| b.span.of(&e.text)).collect();
        assert_eq!(
            texts.join("\n\n"),
            e.text,
            "text is the blocks joined by blank lines"
        );
        for t in &texts {
            assert!(!t.is_empty());
            assert_eq!(
                *t,
                collapse_ws(t),
                "block text is collapsed and trimmed: {t:?}"
            );
        }
        e.blocks
            .iter()
            .map(|b| (b.span.of(&e.text).to_string(), b.kind, b.debris))
            .collect()
    }

    /// The text of blocks not marked debris.
    fn body(e: &Extracted) -> Vec<String> {
        blocks_of(e)
            .into_iter()
            .filter(|b| b.2.is_none())
            .map(|b| b.0)
            .collect()
    }

    fn body_has(e: &Extracted, needle: &str) -> bool {
        body(e).iter().any(|t| t.contains(needle))
    }

    fn debris_of(e: &Extracted, needle: &str) -> Option<DebrisKind> {
        blocks_of(e)
            .into_iter()
            .find(|b| b.0.contains(needle))
            .and_then(|b| b.2)
    }

    #[test]
    fn ap_like_page_metadata() {
        let e = extract(AP);
        assert_eq!(
            e.meta,
            PageMeta {
                outlet: Some("AP News".into()),
                title: Some("Floodwaters swamp coastal towns as storm stalls over Gulf".into()),
                published: date(2024, 3, 5),
                byline: Some("Jane Doe and John Roe".into()),
                url: Some("https://apnews.com/article/gulf-storm-flooding-4f2a9c81e7d3b6a0".into()),
            }
        );
    }

    #[test]
    fn ap_like_page_body_and_debris() {
        let e = extract(AP);
        let blocks = blocks_of(&e);
        assert_eq!(
            blocks[0],
            (
                "Floodwaters swamp coastal towns as storm stalls over Gulf".to_string(),
                PassageKind::Heading,
                None
            )
        );
        for para in [
            "LAKE CHARLES, La. (AP) — A slow-moving storm",
            "“It came up in about two hours,” said Marie Thibodeaux",
            "Gov. Jeff Landry declared a state of emergency",
            "The National Weather Service said the storm would linger",
            "In Port Arthur, Texas, Mayor Thurman Bartie",
            "More than 200 schools canceled classes",
            "Associated Press writer Sara Cline",
        ] {
            assert!(
                body_has(&e, para),
                "missing paragraph {para:?} in {blocks:#?}"
            );
        }
        assert!(
            blocks
                .iter()
                .any(|b| b.0 == "Schools and airports closed" && b.1 == PassageKind::Heading)
        );
        // Page chrome is left out, or marked as the debris it is.
        for chrome in [
            "Menu",
            "Search",
            "Subscribe",
            "Politics",
            "Sign in",
            "U.S. News",
            "Sign up for the Morning Wire",
            "Our flagship newsletter",
            "By signing up you agree",
            "Advertisement",
            "AP Photo/Gerald Herbert",
            "Related coverage",
            "Texas homeowners face steep flood insurance",
            "Copyright 2024 The Associated Press",
            "Contact Us",
            "Share",
        ] {
            assert!(
                !body_has(&e, chrome),
                "chrome {chrome:?} left in the body: {blocks:#?}"
            );
        }
        assert_eq!(
            debris_of(&e, "Sign up for the Morning Wire"),
            Some(DebrisKind::Footer)
        );
        assert_eq!(
            debris_of(&e, "Our flagship newsletter"),
            Some(DebrisKind::Footer)
        );
        assert_eq!(debris_of(&e, "Advertisement"), Some(DebrisKind::Navigation));
        // Scripts, styles and noscript never reach the text at all.
        for hidden in [
            "dataLayer",
            "Do not index this",
            "position: sticky",
            "enable JavaScript",
        ] {
            assert!(!e.text.contains(hidden), "{hidden:?} leaked into the text");
        }
        assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    }

    #[test]
    fn reuters_like_page_reads_json_ld_graph() {
        let e = extract(REUTERS);
        assert_eq!(e.meta.outlet.as_deref(), Some("Reuters"));
        assert_eq!(
            e.meta.title.as_deref(),
            Some("Fed holds rates steady, signals just one cut this year")
        );
        // The date as written in the page's own zone (UTC would be June 12).
        assert_eq!(e.meta.published, date(2024, 6, 11));
        assert_eq!(
            e.meta.byline.as_deref(),
            Some("Howard Schneider and Ann Saphir")
        );
    }

    #[test]
    fn reuters_like_page_body_and_debris() {
        let e = extract(REUTERS);
        let blocks = blocks_of(&e);
        assert_eq!(
            blocks[0].0,
            "Fed holds rates steady, signals just one cut this year"
        );
        assert_eq!(blocks[0].1, PassageKind::Heading);
        let body = body(&e);
        assert!(body[1].starts_with("WASHINGTON, June 11 (Reuters) - The Federal Reserve held"));
        for para in [
            "\"modest further progress\"",
            "But new projections showed officials expect inflation",
            "\"We want to see more good data,\" Fed Chair Jerome Powell",
            "with the S&P 500 closing at a record high",
            "The policy rate has been held in the 5.25%-5.50% range",
            "Reporting by Howard Schneider and Ann Saphir; Editing by Andrea Ricci",
        ] {
            assert!(
                body.iter().any(|b| b.contains(para)),
                "missing {para:?} in {blocks:#?}"
            );
        }
        // Each Reuters `<div>` paragraph is its own block.
        assert!(body.iter().all(|b| b.len() < 400), "{body:#?}");
        for chrome in [
            "Skip to main content",
            "Exclusive news, data and analytics",
            "Menu",
            "Sign In",
            "Breakingviews",
            "REUTERS/Kevin Lamarque",
            "Purchase Licensing Rights",
            "Sign up here",
            "Read Next",
            "Treasury yields slide",
            "About Reuters",
            "All quotes delayed",
            "Fusion",
        ] {
            assert!(
                !body.iter().any(|b| b.contains(chrome)),
                "{chrome:?} in {blocks:#?}"
            );
        }
        assert_eq!(
            debris_of(&e, "REUTERS/Kevin Lamarque"),
            Some(DebrisKind::Caption)
        );
        assert_eq!(debris_of(&e, "Sign up here"), Some(DebrisKind::Footer));
    }

    #[test]
    fn blog_page_without_metadata() {
        let e = extract(BLOG);
        assert_eq!(
            e.meta,
            PageMeta {
                outlet: None,
                title: Some("What the first frost taught me".into()),
                published: date(2023, 11, 2),
                byline: Some("Sam Whitfield".into()),
                url: None,
            }
        );
        let blocks = blocks_of(&e);
        assert_eq!(blocks[0].0, "What the first frost taught me");
        assert_eq!(blocks[0].1, PassageKind::Heading);
        for para in [
            "The first proper frost arrived on Wednesday night",
            "I lost the last of the courgettes",
            "The bigger lesson was about the shed.",
            "keep a notebook",
        ] {
            assert!(body_has(&e, para), "missing {para:?} in {blocks:#?}");
        }
        for chrome in [
            "Notes from an allotment",
            "Archive",
            "Menu",
            "Frost on the cavolo nero",
            "Subscribe to get new posts",
            "Posted in",
            "lost all my dahlias",
            "Recent Posts",
            "Proudly powered by WordPress",
        ] {
            assert!(!body_has(&e, chrome), "{chrome:?} in {blocks:#?}");
        }
        assert_eq!(
            debris_of(&e, "Frost on the cavolo nero"),
            Some(DebrisKind::Caption)
        );
    }

    #[test]
    fn falls_back_to_body_text_outside_chrome_when_readability_finds_nothing() {
        let html = "<html><head><title>Short note</title></head><body>\
            <nav><ul><li>Home</li><li>News</li></ul></nav>\
            <header><div>Menu</div></header>\
            <div class='post'>Line one of the note.<br><br>Line two of the note.</div>\
            <ul><li>First point</li><li>Second point</li></ul>\
            <aside>Related stories</aside><footer>© 2024 Example</footer></body></html>";
        let e = extract(html);
        let blocks = blocks_of(&e);
        let texts: Vec<&str> = blocks.iter().map(|b| b.0.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Short note",
                "Line one of the note.",
                "Line two of the note.",
                "First point",
                "Second point"
            ],
            "{blocks:#?}"
        );
        assert_eq!(blocks[0].1, PassageKind::Heading);
        assert_eq!(blocks[3].1, PassageKind::ListItem);
        assert_eq!(e.meta.title.as_deref(), Some("Short note"));
    }

    #[test]
    fn page_saved_with_a_modal_open_keeps_its_article() {
        let para = "The harbour authority said on Friday that the new breakwater would be \
                    finished by the spring, two years later than first planned. ";
        let html = format!(
            "<html><body><div id='app' aria-hidden='true'><article><h1>Breakwater delayed</h1>\
             <p>{para}<span aria-hidden='true'>★</span></p><p>{para}</p><p>{para}</p></article>\
             </div><div role='dialog'><p>We value your privacy. Accept all cookies?</p></div>\
             <p hidden>Hidden teaser</p><p style='display: none'>Styled away</p></body></html>"
        );
        let e = extract(&html);
        let body = body(&e);
        assert!(
            body.iter()
                .filter(|b| b.starts_with("The harbour authority"))
                .count()
                == 3,
            "{body:#?}"
        );
        assert!(
            !e.text.contains('★') && !e.text.contains("privacy"),
            "{body:#?}"
        );
        assert!(!e.text.contains("Hidden teaser") && !e.text.contains("Styled away"));
    }

    #[test]
    fn class_names_do_not_mark_prose_as_debris() {
        let para = "Officials said the bridge would reopen to traffic next week after engineers \
                    finished checking the bearings that had been damaged by the flood waters.";
        let html = format!(
            "<html><body><article><h1>Bridge to reopen</h1>\
             <div class='story-body ad-enabled share-tools'><p>{para}</p><p>{para}</p>\
             <div class='newsletter-box'><p>Get our newsletter.</p></div></div>\
             </article></body></html>"
        );
        let e = extract(&html);
        assert_eq!(
            body(&e)
                .iter()
                .filter(|b| b.starts_with("Officials said"))
                .count(),
            2
        );
        assert_eq!(
            debris_of(&e, "Get our newsletter."),
            Some(DebrisKind::Footer)
        );
    }

    #[test]
    fn tables_give_one_block_per_row() {
        let mut html = String::from("<html><body><article><h1>Results</h1>");
        for i in 0..6 {
            html.push_str(&format!(
                "<p>Paragraph {i} of a long enough article body to be taken as the content of \
                 the page by readability, which wants several hundred characters.</p>"
            ));
        }
        html.push_str(
            "<table><thead><tr><th>Party</th><th>Seats</th></tr></thead>\
             <tbody><tr><td>Labour</td><td>411</td></tr><tr><td>Conservative</td><td></td>\
             <td>121</td></tr></tbody></table></article></body></html>",
        );
        let e = extract(&html);
        let texts: Vec<String> = blocks_of(&e).into_iter().map(|b| b.0).collect();
        for row in ["Party · Seats", "Labour · 411", "Conservative · 121"] {
            assert!(texts.iter().any(|t| t == row), "{row:?} not in {texts:#?}");
        }
    }

    #[test]
    fn entities_decoded_and_whitespace_collapsed() {
        let html = "<html><body><p>Fish &amp; chips&nbsp;cost &pound;5 &mdash; \n\t  \
                    &ldquo;cheap&rdquo;, said O&#39;Brien &#x2014; really.</p></body></html>";
        let e = extract(html);
        assert_eq!(
            blocks_of(&e)
                .last()
                .map(|b| b.0.clone())
                .unwrap_or_default(),
            "Fish & chips cost £5 — “cheap”, said O'Brien — really."
        );
    }

    #[test]
    fn malformed_and_hostile_input_never_panics() {
        // Past the depth readability is trusted with (html5ever itself is quadratic in depth).
        let deep = "<div>".repeat(3_000) + "deep text" + &"</div>".repeat(3);
        // Just under it, with enough text for readability to run.
        let nested = "<section><div>".repeat(MAX_READABILITY_DEPTH / 2 - 5)
            + &"<p>Some paragraph text that goes on for a while, long enough to score.</p>"
                .repeat(20);
        let wide = "<p>x</p>".repeat(50_000);
        let inputs = [
            "",
            " ",
            "<",
            "<<<>>>&&&;;",
            "<html><body><p>unclosed <b>bold <i>italic",
            "</p></div></body></html>",
            "<script>only a script</script>",
            "<html><head><script type='application/ld+json'>{not json</script></head></html>",
            "<html><head><script type='application/ld+json'>[1, \"a\", null, {\"@graph\": 3}]</script></head></html>",
            "\u{FFFD}\u{FFFD}\u{0}\u{1}garbage",
            "<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>",
            &deep,
            &nested,
            &wide,
        ];
        for input in inputs {
            let e = extract(input);
            blocks_of(&e);
        }
        assert!(extract(&deep).text.contains("deep text"));
        assert!(extract(&nested).text.contains("long enough to score"));
        assert!(extract("<<<>>>&&&;;").meta == PageMeta::default());
        assert!(extract("").blocks.is_empty());
        assert!(
            !extract("<script>only a script</script>")
                .text
                .contains("only a script")
        );
    }

    #[test]
    fn dates_parse_as_written() {
        assert_eq!(parse_date("2024-03-05T14:22:10Z"), date(2024, 3, 5));
        assert_eq!(parse_date("2024-06-11T23:30:00-04:00"), date(2024, 6, 11));
        assert_eq!(
            parse_date("2024-06-12T01:30:00.000+09:00"),
            date(2024, 6, 12)
        );
        assert_eq!(parse_date(" 2024-03-05 "), date(2024, 3, 5));
        assert_eq!(parse_date("2024/03/05 10:00"), date(2024, 3, 5));
        assert_eq!(parse_date("20240305"), date(2024, 3, 5));
        assert_eq!(parse_date("20240305T101500Z"), date(2024, 3, 5));
        assert_eq!(
            parse_date("Tue, 05 Mar 2024 23:22:10 -0800"),
            date(2024, 3, 5)
        );
        assert_eq!(parse_date("March 5, 2024"), date(2024, 3, 5));
        assert_eq!(parse_date("Mar. 5, 2024"), date(2024, 3, 5));
        assert_eq!(parse_date("5 March 2024"), date(2024, 3, 5));
        assert_eq!(parse_date("Tuesday, March 5, 2024"), date(2024, 3, 5));
        assert_eq!(parse_date("2024-13-40"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("12345678901"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("0001-01-01"), None);
    }

    #[test]
    fn dates_from_broken_json_ld_a_marked_element_or_the_address() {
        let date = |head: &str, body: &str| {
            extract(&format!(
                "<html><head>{head}</head><body>{body}<article><p>Text of the article, long enough to be one.</p></article></body></html>"
            ))
            .meta
            .published
        };
        // Not valid JSON (a stray quote), but the date is as written.
        assert_eq!(
            date(
                r#"<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A "quoted" word", "datePublished": "2019-11-18T16:06:51-05:00"}</script>"#,
                ""
            ),
            NaiveDate::from_ymd_opt(2019, 11, 18)
        );
        assert_eq!(
            date(
                r#"<script type="application/ld+json">{"@type": "WebPage", "datePublished": "01:38:07 PM IST Nov 20, 2019"}</script>"#,
                ""
            ),
            NaiveDate::from_ymd_opt(2019, 11, 20)
        );
        assert_eq!(
            date(
                "",
                r#"<div class="post-date">Posted November 20, 2019</div>"#
            ),
            NaiveDate::from_ymd_opt(2019, 11, 20)
        );
        assert_eq!(
            date(
                "",
                r#"<footer><span class="date">May 1, 2001</span></footer>"#
            ),
            None
        );
        assert_eq!(
            date(
                "",
                r#"<p class="candidate-bio">Elected Nov 3, 2020</p><span class="last-updated">May 1, 2001</span>"#
            ),
            None
        );
        assert_eq!(
            date(
                r#"<link rel="canonical" href="https://www.example.com/story/news/2019/11/19/a-b/123/">"#,
                ""
            ),
            NaiveDate::from_ymd_opt(2019, 11, 19)
        );
        assert_eq!(
            date(
                r#"<meta property="og:url" content="https://www.example.com/x/2019/nov/18/a/">"#,
                ""
            ),
            NaiveDate::from_ymd_opt(2019, 11, 18)
        );
        assert_eq!(
            date(
                r#"<meta property="og:url" content="https://www.example.com/article/3834/1">"#,
                ""
            ),
            None
        );
    }

    fn with_ld(ld: &str, head: &str) -> PageMeta {
        let html = format!(
            "<html><head>{head}<script type=\"application/ld+json\">{ld}</script></head>\
             <body><p>Text.</p></body></html>"
        );
        extract(&html).meta
    }

    #[test]
    fn json_ld_author_and_publisher_forms() {
        let m = with_ld(
            r#"{"@context":"https://schema.org","@type":"ReportageNewsArticle","headline":"H &amp; T",
                "author":"By Ana Lima","publisher":{"@type":"Organization","name":"Folha"},
                "datePublished":"2023-01-09"}"#,
            "",
        );
        assert_eq!(m.byline.as_deref(), Some("Ana Lima"));
        assert_eq!(m.outlet.as_deref(), Some("Folha"));
        assert_eq!(m.title.as_deref(), Some("H & T"));
        assert_eq!(m.published, date(2023, 1, 9));

        let m = with_ld(
            r#"[{"@type":"WebSite","name":"Site"},{"@type":["Article"],
                "author":[{"@type":"Person","name":"A One"},{"name":"B Two"},"C Three"],
                "publisher":{"name":"Daily Planet"}}]"#,
            "",
        );
        assert_eq!(m.byline.as_deref(), Some("A One, B Two and C Three"));
        assert_eq!(m.outlet.as_deref(), Some("Daily Planet"));

        let m = with_ld(
            r#"{"@type":"NewsArticle","author":{"@type":"Person","name":"Solo Writer"}}"#,
            r#"<meta name="author" content="Meta Author">"#,
        );
        assert_eq!(
            m.byline.as_deref(),
            Some("Meta Author"),
            "meta author comes first"
        );

        let m = with_ld(
            r#"{"@type":"Recipe","author":"Chef","publisher":{"name":"Food"}}"#,
            "",
        );
        assert_eq!(m.byline, None, "only article types count");
        assert_eq!(m.outlet, None);
    }

    #[test]
    fn title_drops_outlet_suffix() {
        let html = r#"<html><head><meta property="og:site_name" content="The Daily Planet">
            <title>Heat wave grips Metropolis - The Daily Planet</title></head>
            <body><p>Body.</p></body></html>"#;
        let m = extract(html).meta;
        assert_eq!(m.title.as_deref(), Some("Heat wave grips Metropolis"));
        assert_eq!(m.outlet.as_deref(), Some("The Daily Planet"));

        let html = r#"<html><head><meta property="og:site_name" content="Planet">
            <meta property="og:title" content="Storm | Planet"></head><body></body></html>"#;
        assert_eq!(extract(html).meta.title.as_deref(), Some("Storm"));

        let html = "<html><head><title>Cats - Dogs</title></head><body></body></html>";
        assert_eq!(
            extract(html).meta.title.as_deref(),
            Some("Cats - Dogs"),
            "unknown outlet kept"
        );
    }

    #[test]
    fn metadata_from_meta_names_and_markup() {
        let html = r#"<html><head><meta name="date" content="2022-08-30">
            <meta name="author" content="https://example.com/staff/x"></head>
            <body><article><h1>Headline here</h1><p class="byline">By Kim Park</p>
            <p>Text.</p></article></body></html>"#;
        let m = extract(html).meta;
        assert_eq!(m.published, date(2022, 8, 30));
        assert_eq!(
            m.byline.as_deref(),
            Some("Kim Park"),
            "a URL is not a byline"
        );
        assert_eq!(m.title.as_deref(), Some("Headline here"));

        let html = r#"<html><body><nav><time datetime="2001-01-01">old</time></nav>
            <article><time datetime="2021-05-06T08:00:00+02:00">May 6</time><p>Text.</p>
            </article></body></html>"#;
        assert_eq!(extract(html).meta.published, date(2021, 5, 6));
    }

    #[test]
    fn helpers() {
        assert_eq!(join_names(&["A".into()]), "A");
        assert_eq!(join_names(&["A".into(), "B".into()]), "A and B");
        assert_eq!(
            join_names(&["A".into(), "B".into(), "C".into()]),
            "A, B and C"
        );
        assert_eq!(strip_by("By JANE DOE"), "JANE DOE");
        assert_eq!(strip_by("by: Jane"), "Jane");
        assert_eq!(strip_by("Bylines Inc"), "Bylines Inc");
        assert_eq!(collapse_ws("  a \u{00A0}\n b\u{200B}c  "), "a bc");
        assert_eq!(
            decode_entities("R&amp;D &#8217; &bogus; &"),
            "R&D ’ &bogus; &"
        );
        assert_eq!(
            class_debris("NewsletterSignup inline-module"),
            Some(DebrisKind::Footer)
        );
        assert_eq!(class_debris("breadcrumbs"), Some(DebrisKind::Navigation));
        assert_eq!(class_debris("photo-credit"), Some(DebrisKind::Caption));
        assert_eq!(class_debris("article-body paragraph"), None);
        assert_eq!(class_debris("heading loaded"), None);
    }
}
