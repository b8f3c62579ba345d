//! Markdown files (`.md`, pages saved or converted to Markdown) into candidate blocks.
//!
//! Owns front-matter metadata (title, date, author, outlet between leading `---` or `+++`
//! lines), stripping Markdown markup with `pulldown-cmark` into paragraph / heading /
//! list-item blocks (tables one block per row, images and raw HTML dropped), and marking
//! image captions as debris. It never decides on plain-text debris, datelines or known outlets
//! (that is `clean`), never touches the file system, and must not panic on any input.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::html::{
    RawBlock, assemble, collapse_ws, join_names, parse_date, strip_by, with_headline,
};
use super::{Extracted, PageMeta};
use crate::model::{DebrisKind, PassageKind};

/// Paragraph text longer than this beside an image is prose, not a caption.
const MAX_CAPTION: usize = 400;

pub(crate) fn extract(source: &str) -> Extracted {
    let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let (front, body) = split_front_matter(source);
    let mut meta = front.map(|f| f.meta()).unwrap_or_default();
    let (blocks, first_h1) = blocks(body);
    if meta.title.is_none() {
        meta.title = first_h1;
    }
    let blocks = with_headline(blocks, meta.title.as_deref());
    assemble(blocks, meta, Vec::new())
}

// ---------------------------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------------------------

/// Key/value pairs of a YAML- or TOML-ish front matter block, keys lowercased, in order.
#[derive(Debug, Default)]
struct FrontMatter {
    fields: Vec<(String, Vec<String>)>,
}

impl FrontMatter {
    fn first(&self, keys: &[&str]) -> Option<&[String]> {
        keys.iter().find_map(|k| {
            self.fields
                .iter()
                .find(|(key, values)| key == k && !values.is_empty())
                .map(|(_, v)| v.as_slice())
        })
    }

    fn meta(&self) -> PageMeta {
        let one = |keys: &[&str]| {
            self.first(keys)
                .and_then(|v| v.first())
                .map(|s| collapse_ws(s))
                .filter(|s| !s.is_empty() && !is_url(s))
        };
        let byline = self
            .first(&["author", "authors", "byline", "by", "creator", "creators"])
            .map(|names| {
                let names: Vec<String> = names
                    .iter()
                    .map(|n| strip_by(&collapse_ws(n)))
                    .filter(|n| !n.is_empty())
                    .collect();
                join_names(&names)
            })
            .filter(|b| !b.is_empty());
        PageMeta {
            outlet: one(&[
                "outlet",
                "source",
                "site_name",
                "sitename",
                "site",
                "publisher",
                "publication",
            ]),
            title: one(&["title", "headline"]),
            published: self
                .first(&[
                    "date",
                    "published",
                    "pubdate",
                    "publish_date",
                    "published_at",
                    "date_published",
                    "datepublished",
                    "created",
                ])
                .and_then(|v| v.iter().find_map(|d| parse_date(d))),
            byline,
            url: self
                .first(&["url", "canonical_url", "canonical", "link", "source_url"])
                .and_then(|v| v.first())
                .map(|s| s.trim().to_string())
                .filter(|s| is_url(s)),
        }
    }
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// The front matter (if the file opens with one) and the Markdown after it.
fn split_front_matter(source: &str) -> (Option<FrontMatter>, &str) {
    let mut lines = source.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return (None, source);
    };
    let fence = first.trim_end();
    let closers: &[&str] = match fence {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return (None, source),
    };
    let mut offset = first.len();
    let mut inner = Vec::new();
    for line in lines {
        offset += line.len();
        if closers.contains(&line.trim_end()) {
            let body = source.get(offset..).unwrap_or("");
            return (Some(parse_front_matter(&inner)), body);
        }
        inner.push(line);
    }
    (None, source)
}

fn parse_front_matter(lines: &[&str]) -> FrontMatter {
    let mut fm = FrontMatter::default();
    for raw in lines {
        let line = raw.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let trimmed = line.trim();
        if indented || trimmed.starts_with("- ") {
            // Continues the last key: "  - Jane Doe" or "  name: Jane Doe".
            let Some((_, values)) = fm.fields.last_mut() else {
                continue;
            };
            if let Some(item) = trimmed.strip_prefix("- ") {
                let item = item.trim();
                let item = item.strip_prefix("name:").map_or(item, str::trim);
                values.push(unquote(item));
            } else if let Some(name) = trimmed.strip_prefix("name:") {
                values.push(unquote(name.trim()));
            }
            continue;
        }
        let split = match (trimmed.find(':'), trimmed.find('=')) {
            (Some(c), Some(e)) => Some(c.min(e)),
            (c, e) => c.or(e),
        };
        let Some(at) = split else { continue };
        let key = trimmed[..at].trim().trim_matches('"').to_ascii_lowercase();
        let value = trimmed[at + 1..].trim();
        let values = if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            list.split(',')
                .map(|v| unquote(v.trim()))
                .filter(|v| !v.is_empty())
                .collect()
        } else if value.is_empty() {
            Vec::new()
        } else {
            vec![unquote(value)]
        };
        fm.fields.push((key, values));
    }
    fm
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    s.to_string()
}

// ---------------------------------------------------------------------------------------------
// Markdown body
// ---------------------------------------------------------------------------------------------

/// The paragraph being collected and what it held.
#[derive(Default)]
struct Para {
    buf: String,
    has_image: bool,
    /// Text outside emphasis (a caption is often all italics).
    plain_text: bool,
}

/// The body's blocks, and the text of its first level-1 heading.
fn blocks(body: &str) -> (Vec<RawBlock>, Option<String>) {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out: Vec<RawBlock> = Vec::new();
    let mut first_h1: Option<String> = None;
    let mut para = Para::default();
    let mut kinds: Vec<PassageKind> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut image_depth = 0usize;
    let mut emphasis = 0usize;
    let mut html_block = false;
    let mut heading: Option<HeadingLevel> = None;
    let mut prev_image_only = false;

    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::CodeBlock(_) => {
                    flush(&mut para, &mut out, &kinds, &mut prev_image_only)
                }
                Tag::Heading { level, .. } => {
                    flush(&mut para, &mut out, &kinds, &mut prev_image_only);
                    heading = Some(level);
                    kinds.push(PassageKind::Heading);
                }
                Tag::Item => {
                    flush(&mut para, &mut out, &kinds, &mut prev_image_only);
                    kinds.push(PassageKind::ListItem);
                }
                Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_) => {
                    flush(&mut para, &mut out, &kinds, &mut prev_image_only)
                }
                Tag::TableHead | Tag::TableRow => cells.clear(),
                Tag::TableCell => para = Para::default(),
                Tag::Image { .. } => {
                    image_depth += 1;
                    para.has_image = true;
                }
                Tag::Emphasis | Tag::Strong => emphasis += 1,
                Tag::HtmlBlock => html_block = true,
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::List(_) => {
                    flush(&mut para, &mut out, &kinds, &mut prev_image_only)
                }
                TagEnd::Heading(_) => {
                    if heading == Some(HeadingLevel::H1) && first_h1.is_none() {
                        let text = collapse_ws(&para.buf);
                        if !text.is_empty() {
                            first_h1 = Some(text);
                        }
                    }
                    flush(&mut para, &mut out, &kinds, &mut prev_image_only);
                    kinds.pop();
                    heading = None;
                }
                TagEnd::Item => {
                    flush(&mut para, &mut out, &kinds, &mut prev_image_only);
                    kinds.pop();
                }
                TagEnd::TableCell => {
                    cells.push(collapse_ws(&para.buf));
                    para = Para::default();
                }
                TagEnd::TableHead | TagEnd::TableRow => {
                    let row: Vec<&str> = cells
                        .iter()
                        .map(String::as_str)
                        .filter(|c| !c.is_empty())
                        .collect();
                    if let Some(block) =
                        RawBlock::new(&row.join(" · "), PassageKind::Paragraph, None)
                    {
                        out.push(block);
                    }
                    cells.clear();
                    prev_image_only = false;
                }
                TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                TagEnd::Emphasis | TagEnd::Strong => emphasis = emphasis.saturating_sub(1),
                TagEnd::HtmlBlock => html_block = false,
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if image_depth > 0 || html_block {
                    continue;
                }
                if emphasis == 0 && t.chars().any(|c| !c.is_whitespace()) {
                    para.plain_text = true;
                }
                para.buf.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => para.buf.push(' '),
            Event::Rule => flush(&mut para, &mut out, &kinds, &mut prev_image_only),
            _ => {}
        }
    }
    flush(&mut para, &mut out, &kinds, &mut prev_image_only);
    (out, first_h1)
}

/// End the current block: push it (a caption when it sits with or just under an image).
fn flush(
    para: &mut Para,
    out: &mut Vec<RawBlock>,
    kinds: &[PassageKind],
    prev_image_only: &mut bool,
) {
    let p = std::mem::take(para);
    let kind = kinds.last().copied().unwrap_or(PassageKind::Paragraph);
    let text = collapse_ws(&p.buf);
    if text.is_empty() {
        if p.has_image {
            *prev_image_only = true;
        }
        return;
    }
    let short = text.len() <= MAX_CAPTION;
    let caption = kind == PassageKind::Paragraph
        && short
        && (p.has_image || (*prev_image_only && !p.plain_text));
    *prev_image_only = false;
    let debris = caption.then_some(DebrisKind::Caption);
    if let Some(block) = RawBlock::new(&text, kind, debris) {
        out.push(block);
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    const COURIER: &str = include_str!("../../tests/fixtures/md/courier_front_matter.md");
    const SAVED: &str = include_str!("../../tests/fixtures/md/saved_page_plain.md");

    /// (text, kind, debris) of every block, checking the spans and the joined text on the way.
    fn blocks_of(e: &Extracted) -> Vec<(String, PassageKind, Option<DebrisKind>)> {
        assert!(!e.offsets_are_file_bytes);
        let texts: Vec<&str> = e.blocks.iter().map(|b| b.span.of(&e.text)).collect();
        assert_eq!(texts.join("\n\n"), e.text);
        for t in &texts {
            assert!(!t.is_empty());
            assert_eq!(*t, collapse_ws(t));
        }
        e.blocks
            .iter()
            .map(|b| (b.span.of(&e.text).to_string(), b.kind, b.debris))
            .collect()
    }

    fn find<'a>(
        blocks: &'a [(String, PassageKind, Option<DebrisKind>)],
        needle: &str,
    ) -> &'a (String, PassageKind, Option<DebrisKind>) {
        blocks
            .iter()
            .find(|b| b.0.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in {blocks:#?}"))
    }

    #[test]
    fn front_matter_gives_metadata() {
        let e = extract(COURIER);
        assert_eq!(
            e.meta,
            PageMeta {
                outlet: Some("Riverside Courier".into()),
                title: Some("Council approves protected bike lanes on Main Street".into()),
                published: NaiveDate::from_ymd_opt(2024, 4, 18),
                byline: Some("Priya Natarajan and Tom Becker".into()),
                url: Some(
                    "https://www.riversidecourier.example/news/2024/04/18/main-street-bike-lanes"
                        .into()
                ),
            }
        );
        assert!(!e.text.contains("canonical_url") && !e.text.contains("city council]"));
    }

    #[test]
    fn markup_is_stripped_into_blocks() {
        let e = extract(COURIER);
        let blocks = blocks_of(&e);
        let headline = "Council approves protected bike lanes on Main Street";
        assert_eq!(
            blocks[0],
            (headline.to_string(), PassageKind::Heading, None)
        );
        assert_eq!(
            blocks.iter().filter(|b| b.0 == headline).count(),
            1,
            "no repeat"
        );

        let lede = find(&blocks, "RIVERSIDE — The city council");
        assert_eq!(lede.1, PassageKind::Paragraph);
        assert!(
            lede.0
                .contains("voted 5-2 on Wednesday night to approve a plan"),
            "emphasis"
        );
        assert!(
            lede.0
                .contains("ending a two-year fight over the downtown corridor."),
            "link"
        );
        assert!(!e.text.contains("https://") && !e.text.contains("**"));

        assert_eq!(find(&blocks, "What changes").1, PassageKind::Heading);
        let items: Vec<&str> = blocks
            .iter()
            .filter(|b| b.1 == PassageKind::ListItem)
            .map(|b| b.0.as_str())
            .collect();
        assert_eq!(
            items,
            [
                "Protected lanes between 1st and 9th streets",
                "Loss of 42 on-street parking spaces",
                "Construction starting in June, with work done at night",
            ]
        );
        let quote = find(&blocks, "This is about keeping people alive");
        assert_eq!(quote.1, PassageKind::Paragraph);
        assert!(
            quote
                .0
                .ends_with("three serious crashes on this stretch since January.\"")
        );

        for row in [
            "Option · Cost · Votes",
            "Protected lanes · $2.1 million · 5",
            "Painted lanes · $400,000 · 2",
        ] {
            assert!(blocks.iter().any(|b| b.0 == row), "{row:?} in {blocks:#?}");
        }
        assert_eq!(find(&blocks, "Ayes:").0, "Ayes: 5 Noes: 2");

        // Images and raw HTML are dropped; the caption under the image is marked.
        assert!(!e.text.contains("Cyclists ride along Main Street\n"));
        assert!(!e.text.contains("newsletter") && !e.text.contains("Sign up"));
        let caption = find(&blocks, "(Courier Photo/Lena Ortiz)");
        assert_eq!(caption.2, Some(DebrisKind::Caption));
        assert_eq!(
            find(&blocks, "By Priya Natarajan").2,
            None,
            "italics alone are not a caption"
        );
        assert!(
            blocks
                .last()
                .is_some_and(|b| b.0.starts_with("Mayor Alan Cho"))
        );
    }

    #[test]
    fn page_without_front_matter() {
        let e = extract(SAVED);
        let headline = "Wildfire smoke pushes air quality to hazardous levels across the region";
        assert_eq!(
            e.meta,
            PageMeta {
                title: Some(headline.into()),
                ..PageMeta::default()
            }
        );
        let blocks = blocks_of(&e);
        // The headline leads; the chrome before it stays for the cleaner to recognise.
        assert_eq!(
            blocks[0],
            (headline.to_string(), PassageKind::Heading, None)
        );
        assert_eq!(find(&blocks, "Skip to content").1, PassageKind::Paragraph);
        assert_eq!(find(&blocks, "Opinion").1, PassageKind::ListItem);
        assert_eq!(
            find(&blocks, "(AP Photo/Seth Wenig)").2,
            Some(DebrisKind::Caption)
        );
        assert!(
            !e.text.contains("Smoke over the skyline"),
            "alt text dropped"
        );
        let items: Vec<&str> = blocks
            .iter()
            .filter(|b| b.1 == PassageKind::ListItem)
            .map(|b| b.0.as_str())
            .skip(3)
            .collect();
        assert_eq!(
            items,
            [
                "Stay indoors and close windows.",
                "Run an air purifier if you have one.",
                "Replace the filter if it is more than three months old.",
                "Check the air quality index before going out.",
            ]
        );
        let lede = find(&blocks, "Thick smoke from hundreds of wildfires");
        assert!(
            lede.0.contains("to the north drifted over the region"),
            "soft breaks: {lede:?}"
        );
        assert_eq!(lede.2, None);
    }

    #[test]
    fn front_matter_variants() {
        let md = "+++\r\ntitle = \"Toml title\"\r\ndate = \"March 5, 2024\"\r\nauthors = [\"A\", 'B', \"C\"]\r\n\
                  source = \"https://example.com/x\"\r\n+++\r\nBody text.\r\n";
        let e = extract(md);
        assert_eq!(e.meta.title.as_deref(), Some("Toml title"));
        assert_eq!(e.meta.published, NaiveDate::from_ymd_opt(2024, 3, 5));
        assert_eq!(e.meta.byline.as_deref(), Some("A, B and C"));
        assert_eq!(e.meta.outlet, None, "a URL is not an outlet");
        assert_eq!(
            blocks_of(&e)
                .iter()
                .map(|b| b.0.as_str())
                .collect::<Vec<_>>(),
            ["Toml title", "Body text."]
        );

        let md = "---\nheadline: 'Quoted: with colon'\nauthor: By Jane Doe\nsite_name: The Paper\n\
                  published: 2023-12-31T23:59:59+14:00\nauthor_extra:\n  name: Ignored\n...\n# Other H1\n\ntext";
        let m = extract(md).meta;
        assert_eq!(m.title.as_deref(), Some("Quoted: with colon"));
        assert_eq!(m.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(m.outlet.as_deref(), Some("The Paper"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2023, 12, 31));

        let md = "---\nauthor:\n  - name: Ann One\n  - name: Bob Two\n---\nText";
        assert_eq!(
            extract(md).meta.byline.as_deref(),
            Some("Ann One and Bob Two")
        );

        // No closing fence: not front matter, just Markdown (a rule and a paragraph).
        let e = extract("---\ntitle: nope\nstill body");
        assert_eq!(e.meta, PageMeta::default());
        assert!(e.text.contains("title: nope still body"));
    }

    #[test]
    fn odd_input_never_panics() {
        let deep_quote = ">".repeat(5_000) + " deep";
        let deep_list = (0..500)
            .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
            .collect::<String>();
        let inputs = [
            "",
            "\u{FEFF}",
            "---",
            "---\n---",
            "+++\n+++\n",
            "# ",
            "![only an image](x.png)",
            "| a |\n|---|\n",
            "<div>\n<p>html only</p>\n</div>",
            "```\nunclosed code",
            "* * *\n- \n-\n1.\n",
            "[link]: https://example.com\n\n[link]",
            "\u{0}\u{FFFD}\u{7}",
            &deep_quote,
            &deep_list,
        ];
        for input in inputs {
            blocks_of(&extract(input));
        }
        assert!(extract("").blocks.is_empty());
        assert!(extract("<div>\n<p>html only</p>\n</div>").blocks.is_empty());
        assert!(extract(&deep_list).text.contains("item 499"));
    }

    #[test]
    fn image_with_text_in_one_paragraph_is_a_caption() {
        let e = extract(
            "Intro paragraph here.\n\n![alt](a.jpg) Police at the scene. REUTERS/Jo Lee\n\nNext paragraph.",
        );
        let blocks = blocks_of(&e);
        assert_eq!(find(&blocks, "REUTERS/Jo Lee").2, Some(DebrisKind::Caption));
        assert_eq!(find(&blocks, "Next paragraph.").2, None);
        assert_eq!(find(&blocks, "Intro paragraph here.").2, None);
    }
}
