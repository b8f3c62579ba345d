//! Drawing the reader: the source list, the article view (fixed provenance header, wrapped
//! body painted span by span), the side panel, the status bar and the overlays. Rendering
//! takes `&App` and cannot fail; everything fallible happened in `update`.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Gauge, Paragraph};

use super::app::{App, GUTTER, HEADER_ROWS, Overlay, Row};
use super::layout::{MIN_HEIGHT, MIN_WIDTH, Pane};
use super::theme::Theme;
use super::wrap::{self, display_safe, fit};
use crate::model::Highlight;

/// Draw the whole frame.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let areas = app.areas();
    if areas.too_small {
        let msg = format!(
            "Terminal too small: {}×{}. briefing needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            frame.area().width,
            frame.area().height
        );
        frame.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            frame.area(),
        );
        return;
    }
    if let Some(r) = areas.list {
        draw_list(frame, r, app, theme);
    }
    if let Some(r) = areas.article {
        draw_article(frame, r, app, theme);
    }
    if let Some(r) = areas.side {
        draw_side(frame, r, app, theme);
    }
    draw_status(frame, areas.status, app, theme);
    match app.overlay {
        Some(Overlay::Help { scroll }) => draw_help(frame, app, theme, scroll),
        Some(Overlay::Search) => draw_search(frame, app, theme),
        Some(Overlay::Entities {
            ref filter,
            selected,
        }) => draw_entities(frame, app, theme, filter, selected),
        Some(Overlay::Matrix { row, col }) => draw_matrix(frame, app, theme, row, col),
        None => {}
    }
}

fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.pane_border(focused))
        .title(Span::styled(
            format!(" {title} "),
            theme.pane_title(focused),
        ))
}

fn draw_list(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Pane::List;
    let title = if app.filter.is_empty() {
        match &app.stories {
            Some(l) => format!(
                "Sources · {} · {}",
                app.articles.len(),
                match l.heads.len() {
                    1 => "1 story".to_string(),
                    n => format!("{n} stories"),
                }
            ),
            None => format!("Sources · {}", app.articles.len()),
        }
    } else {
        let shown = app
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Article(_)))
            .count();
        format!(
            "Sources · {shown} of {} match “{}”",
            app.articles.len(),
            display_safe(&app.filter)
        )
    };
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut body = inner;
    // Background work: fetching feeds (`r`), then indexing what came in; or the first opening.
    let progress = app
        .fetching
        .map(|p| ("fetching", p))
        .or_else(|| app.indexing.map(|p| ("indexing", p)));
    if let Some((what, p)) = progress {
        let gauge_area = Rect { height: 1, ..inner };
        let ratio = if p.total == 0 {
            0.0
        } else {
            p.done as f64 / p.total as f64
        };
        frame.render_widget(
            Gauge::default()
                .gauge_style(theme.status_key())
                .label(format!("{what} {}/{}", p.done, p.total))
                .ratio(ratio.clamp(0.0, 1.0)),
            gauge_area,
        );
        body.y += 1;
        body.height = body.height.saturating_sub(1);
    } else if !app.ready {
        frame.render_widget(
            Paragraph::new("opening the library…").style(theme.meta()),
            body,
        );
        return;
    }
    if app.filtering {
        let prompt = Rect {
            y: body.y + body.height.saturating_sub(1),
            height: 1,
            ..body
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("filter: ", theme.status_key()),
                Span::styled(display_safe(&app.filter).into_owned(), theme.input()),
                Span::styled("▏", theme.input()),
            ])),
            prompt,
        );
        body.height = body.height.saturating_sub(1);
    }
    let width = body.width as usize;
    let lines: Vec<Line<'_>> = app
        .rows
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(body.height as usize)
        .map(|(i, row)| match row {
            Row::Folder { name, articles } => Line::styled(
                fit(&format!("▾ {} ({articles})", display_safe(name)), width),
                theme.group(),
            ),
            Row::Story(k) => {
                let title = app
                    .stories
                    .as_ref()
                    .and_then(|l| l.heads.get(*k))
                    .map_or("", |h| h.title.as_str());
                Line::styled(
                    fit(&format!("▾ {}", display_safe(title)), width),
                    theme.group(),
                )
            }
            Row::StoryInfo { story, shown } => {
                let about = app
                    .stories
                    .as_ref()
                    .and_then(|l| l.heads.get(*story))
                    .map(|h| h.about(*shown, width.saturating_sub(2)))
                    .unwrap_or_default();
                Line::styled(fit(&format!("  {about}"), width), theme.meta())
            }
            Row::Singles { articles } => Line::styled(
                fit(&format!("▾ Single-article stories ({articles})"), width),
                theme.group(),
            ),
            Row::Outlet { name, articles } => {
                let name = name.as_deref().unwrap_or(crate::model::OUTLET_NOT_NAMED);
                Line::styled(
                    fit(&format!("  {} · {articles}", display_safe(name)), width),
                    theme.outlet(),
                )
            }
            Row::Article(k) => {
                let a = &app.articles[*k];
                let mark = if app.read.contains(&a.id) {
                    "  "
                } else {
                    "• "
                };
                let date = a
                    .published
                    .map(|d| d.format("%b %d").to_string())
                    .unwrap_or_default();
                let meta = format!(" {date} {}w", a.words);
                let title = a.title.as_deref().unwrap_or("(no headline)");
                let room = width.saturating_sub(4 + meta.chars().count());
                let selected = i == app.selected;
                let style = if selected {
                    theme.selected(focused)
                } else {
                    theme.text()
                };
                Line::from(vec![
                    Span::styled("  ", style),
                    Span::styled(mark, if selected { style } else { theme.unread() }),
                    Span::styled(format!("{:<room$}", fit(&display_safe(title), room)), style),
                    Span::styled(meta, if selected { style } else { theme.meta() }),
                ])
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
}

/// Split `text` (a line's slice, starting at article offset `base`) into spans styled by
/// the ranges that cover each piece.
pub fn paint<'a>(
    text: &'a str,
    base: usize,
    plain: Style,
    marks: &[(std::ops::Range<usize>, Style)],
) -> Vec<Span<'a>> {
    let end = base + text.len();
    let mut cuts = vec![base, end];
    for (r, _) in marks {
        for p in [r.start, r.end] {
            if p > base && p < end && text.is_char_boundary(p - base) {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| {
            let style = marks
                .iter()
                .filter(|(r, _)| r.start <= w[0] && w[1] <= r.end)
                .fold(plain, |s, (_, m)| s.patch(*m));
            Span::styled(&text[w[0] - base..w[1] - base], style)
        })
        .collect()
}

fn draw_article(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Pane::Article;
    let Some(open) = &app.open else {
        let block = pane_block("Article".into(), focused, theme);
        let msg = if app.ready {
            "Select an article and press Enter."
        } else {
            "Opening the library…"
        };
        frame.render_widget(Paragraph::new(msg).style(theme.meta()).block(block), area);
        return;
    };
    let a = &open.article;
    // A fetched article is named by its address on the web, a file on disk by its path.
    let block = pane_block(
        format!(
            "{} · ¶ {}/{}",
            display_safe(a.url.as_deref().unwrap_or(&a.file)),
            open.cursor + 1,
            a.passages.len()
        ),
        focused,
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;

    // Provenance header: never scrolls.
    let mut meta = vec![
        a.outlet
            .clone()
            .unwrap_or_else(|| "Outlet not named".into()),
    ];
    meta.push(
        a.published
            .map(|d| d.format("%e %b %Y").to_string().trim().to_string())
            .unwrap_or_else(|| "date unknown".into()),
    );
    if let Some(b) = &a.byline {
        meta.push(format!("by {b}"));
    }
    if let Some(d) = &a.dateline {
        meta.push(d.clone());
    }
    let title = display_safe(a.title.as_deref().unwrap_or("(no headline)")).into_owned();
    let title_lines = wrap::wrap_ranges(&title, width);
    let mut header = vec![Line::styled(
        fit(&display_safe(&meta.join(" · ")), width),
        theme.header(),
    )];
    for (i, r) in title_lines.iter().take(2).enumerate() {
        let t = &title[r.clone()];
        let t = if i == 1 && title_lines.len() > 2 {
            fit(&format!("{t} …"), width)
        } else {
            t.to_string()
        };
        header.push(Line::styled(t, theme.headline()));
    }
    while header.len() < usize::from(HEADER_ROWS) - 1 {
        header.push(Line::default());
    }
    header.push(Line::styled("─".repeat(width), theme.passage_rule()));
    frame.render_widget(
        Paragraph::new(header),
        Rect {
            height: HEADER_ROWS.min(inner.height),
            ..inner
        },
    );

    let body = Rect {
        y: inner.y + HEADER_ROWS,
        height: inner.height.saturating_sub(HEADER_ROWS),
        ..inner
    };
    // Entities coloured by kind; the one `*` follows underlined; search hits on top.
    let followed = app.entity.zip(app.entities.as_ref());
    let mut hits: Vec<(std::ops::Range<usize>, Style)> = a
        .mentions
        .iter()
        .map(|m| {
            let mut style = theme.entity(m.kind.as_str());
            if followed.is_some_and(|(e, list)| list.entity_at(&a.id, m.span.start) == Some(e)) {
                style = style.add_modifier(ratatui::style::Modifier::UNDERLINED);
            }
            (m.span.start..m.span.end, style)
        })
        .collect();
    hits.extend(
        open.hits
            .iter()
            .map(|s| (s.start..s.end, theme.search_hit())),
    );
    let lines: Vec<Line<'_>> = open
        .lines
        .iter()
        .skip(open.scroll)
        .take(body.height as usize)
        .map(|l| {
            let Some(p) = l.passage else {
                return Line::default();
            };
            let passage = &a.passages[p];
            let text = passage.text.get(l.local.clone()).unwrap_or("");
            let cursor = p == open.cursor;
            let gutter = if cursor {
                Span::styled("▌ ", theme.passage_cursor())
            } else {
                Span::raw(" ".repeat(GUTTER.into()))
            };
            let plain = if l.heading {
                theme.headline()
            } else {
                theme.text()
            };
            let indent = if passage.kind == crate::model::PassageKind::ListItem {
                if l.local.start == 0 { "• " } else { "  " }
            } else {
                ""
            };
            let mut spans = vec![gutter, Span::styled(indent, plain)];
            let safe = display_safe(text);
            spans.extend(
                paint(&safe, l.global().start, plain, &hits)
                    .into_iter()
                    .map(|s| Span::styled(s.content.into_owned(), s.style)),
            );
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
}

fn highlight_ranges(h: &[Highlight], style: Style) -> Vec<(std::ops::Range<usize>, Style)> {
    h.iter().map(|h| (h.start..h.end, style)).collect()
}

fn draw_side(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Pane::Side;
    let shared = app.cursor_facts().into_iter().any(|f| f.outlets.len() > 1);
    let title = if app.card {
        "Entity card"
    } else if shared {
        "Same fact, other outlets"
    } else {
        "Related passages, other articles"
    };
    let block = pane_block(title.into(), focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    if app.card {
        entity_card(&mut lines, app, theme, width);
    } else if shared {
        fact_panel(&mut lines, app, theme, width);
    } else {
        related_panel(&mut lines, app, theme, width);
    }
    let visible: Vec<Line<'static>> = lines
        .into_iter()
        .skip(app.side_scroll)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// The passages of other articles (any outlet) related to the cursor passage, each with the words it shares
/// marked.
fn related_panel(lines: &mut Vec<Line<'static>>, app: &App, theme: &Theme, width: usize) {
    match &app.open {
        None => lines.push(Line::styled(
            "Open an article to compare outlets.",
            theme.meta(),
        )),
        Some(o) if app.related_for.as_ref() != Some(&(o.article.id.clone(), o.cursor as u32)) => {
            lines.push(Line::styled("looking for related passages…", theme.meta()))
        }
        Some(_) if app.related.is_empty() => lines.push(Line::styled(
            "No other outlet tells this passage.",
            theme.meta(),
        )),
        Some(_) => {
            for (i, r) in app.related.iter().enumerate() {
                if i > 0 {
                    lines.push(Line::styled("─".repeat(width), theme.passage_rule()));
                }
                let outlet = r
                    .outlet
                    .clone()
                    .unwrap_or_else(|| "Outlet not named".into());
                lines.push(Line::from(vec![
                    Span::styled(
                        fit(&display_safe(&outlet), width.saturating_sub(8)),
                        theme.outlet(),
                    ),
                    Span::styled(format!("  ¶{}", r.passage + 1), theme.meta()),
                ]));
                if let Some(t) = &r.title {
                    lines.push(Line::styled(fit(&display_safe(t), width), theme.meta()));
                }
                let text = display_safe(&r.text).into_owned();
                let marks = highlight_ranges(&r.shared, theme.shared_word());
                push_painted(lines, &text, width, theme.text(), &marks);
            }
        }
    }
}

/// The facts the cursor passage reports, each with every other outlet's version stacked: the
/// outlet, its sentence with the words the current version does not have marked, and the
/// outlets that do not report it.
fn fact_panel(lines: &mut Vec<Line<'static>>, app: &App, theme: &Theme, width: usize) {
    let Some(o) = &app.open else { return };
    let facts: Vec<&crate::model::Fact> = app
        .cursor_facts()
        .into_iter()
        .filter(|f| f.outlets.len() > 1)
        .collect();
    for (i, fact) in facts.iter().enumerate() {
        if i > 0 {
            lines.push(Line::styled("═".repeat(width), theme.passage_rule()));
        }
        let label = display_safe(&fact.label).into_owned();
        for (k, piece) in wrap::wrap_ranges(&label, width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let mark = if k == 0 { "◆ " } else { "  " };
            lines.push(Line::styled(
                format!("{mark}{}", &label[piece]),
                theme.headline(),
            ));
        }
        let base = fact
            .passages
            .iter()
            .filter(|p| p.article == o.article.id && p.passage as usize == o.cursor)
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for p in fact.passages.iter().filter(|p| p.article != o.article.id) {
            let outlet = p.outlet_label();
            lines.push(Line::from(vec![
                Span::styled(
                    fit(&display_safe(&outlet), width.saturating_sub(8)),
                    theme.outlet(),
                ),
                Span::styled(format!("  ¶{}", p.passage + 1), theme.meta()),
            ]));
            for b in badges(&p.framing) {
                push_wrapped(lines, &b, width, theme.meta());
            }
            let text = display_safe(&p.text).into_owned();
            // Hedges and loaded words over the words this version has and the current lacks.
            // Sentence-relative range of an article-text span, when it lies in the sentence.
            let local = |sp: crate::model::Span| -> Option<std::ops::Range<usize>> {
                let r = sp.start.checked_sub(p.start)?..sp.end.checked_sub(p.start)?;
                (r.end <= text.len() && r.start < r.end).then_some(r)
            };
            let mut marks: Vec<(std::ops::Range<usize>, Style)> =
                crate::analysis::facts::differing_words(&base, &text)
                    .into_iter()
                    .map(|s| (s.start..s.end, theme.differing_word()))
                    .collect();
            let framed = p
                .framing
                .hedges
                .iter()
                .map(|h| (h.span, theme.hedge()))
                .chain(
                    p.framing
                        .loaded_terms
                        .iter()
                        .map(|l| (l.span, theme.loaded_term())),
                );
            for (sp, style) in framed {
                if let Some(r) = local(sp) {
                    marks.retain(|(m, _)| m.end <= r.start || m.start >= r.end);
                    marks.push((r, style));
                }
            }
            marks.sort_by_key(|(r, _)| r.start);
            push_painted(lines, &text, width, theme.text(), &marks);
        }
        // Loaded wording beside what the other outlets chose.
        for w in wording(fact) {
            push_wrapped(lines, &w, width, theme.loaded_term());
        }
        if !fact.differs.is_empty() {
            let d = format!(
                "≠ numbers or dates differ or are vaguer: {}",
                fact.differs.join(", ")
            );
            push_wrapped(lines, &d, width, theme.loaded_term());
        }
        if !fact.missing_from.is_empty() {
            let missing = format!("not reported by: {}", fact.missing_from.join(", "));
            push_wrapped(lines, &missing, width, theme.meta());
        }
    }
}

/// `text`, made safe for the terminal and wrapped to `width`, one line per row in `style`.
fn push_wrapped(lines: &mut Vec<Line<'static>>, text: &str, width: usize, style: Style) {
    let safe = display_safe(text);
    for piece in wrap::wrap_ranges(&safe, width) {
        lines.push(Line::styled(safe[piece].to_string(), style));
    }
}

/// `text` (already made safe) wrapped to `width`, with `marks` (byte ranges in `text`)
/// painted over `base`.
fn push_painted(
    lines: &mut Vec<Line<'static>>,
    text: &str,
    width: usize,
    base: Style,
    marks: &[(std::ops::Range<usize>, Style)],
) {
    for range in wrap::wrap_ranges(text, width) {
        let spans: Vec<Span<'static>> = paint(&text[range.clone()], range.start, base, marks)
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect();
        lines.push(Line::from(spans));
    }
}

/// Who a version attributes itself to, a line per source in text order: "a Syrian official
/// via Associated Press · told · anonymous"; a source inside another's report is marked "↳"
/// ("Comey wrote that Trump told him …"); "no source given" when there is none.
fn badges(f: &crate::model::Framing) -> Vec<String> {
    let hedged = !f.hedges.is_empty();
    if f.attributions.is_empty() {
        let hedged = if hedged { " · hedged" } else { "" };
        return vec![format!("[no source given{hedged}]")];
    }
    f.attributions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let nested = if a.clause == crate::model::Clause::Reported {
                "↳ "
            } else {
                ""
            };
            let mut out = format!("[{nested}{}", a.source);
            if let Some(via) = &a.via {
                out.push_str(&format!(" via {via}"));
            }
            out.push_str(&format!(" · {}", a.verb));
            if a.anonymous {
                out.push_str(" · anonymous");
            }
            if a.distance || hedged && i == 0 {
                out.push_str(" · hedged");
            }
            out.push(']');
            out
        })
        .collect()
}

/// For each loaded-wording group a fact's versions touch: who used which words, loaded or
/// neutral ("ousted (Associated Press) · toppled (PTV Network) · neutral: the fall of (…)").
fn wording(fact: &crate::model::Fact) -> Vec<String> {
    let mut groups: Vec<&str> = fact
        .passages
        .iter()
        .flat_map(|p| p.framing.loaded_terms.iter().map(|l| l.group.as_str()))
        .collect();
    groups.sort_unstable();
    groups.dedup();
    groups
        .into_iter()
        .map(|g| {
            let mut loaded = Vec::new();
            let mut neutral = Vec::new();
            for p in &fact.passages {
                let who = p.outlet_label();
                for l in p.framing.loaded_terms.iter().filter(|l| l.group == g) {
                    loaded.push(format!("{} ({who})", l.text));
                }
                for l in p.framing.neutral_terms.iter().filter(|l| l.group == g) {
                    neutral.push(format!("{} ({who})", l.text));
                }
            }
            let mut line = format!("wording: {}", loaded.join(" · "));
            if !neutral.is_empty() {
                line.push_str(&format!(" · neutral: {}", neutral.join(" · ")));
            }
            line
        })
        .collect()
}

/// The story's fact matrix: a row per fact, a column per outlet; ● reports it, ≠ reports it
/// with numbers or dates that disagree, · does not.
fn draw_matrix(frame: &mut Frame<'_>, app: &App, theme: &Theme, row: usize, col: usize) {
    let wide = frame.area().width.saturating_sub(4).min(140);
    let inner = overlay(
        frame,
        theme,
        wide,
        " Fact matrix · ● reported · ≠ numbers or dates differ · · not reported · Enter go · Esc ",
    );
    let width = inner.width as usize;
    let Some(f) = &app.facts else {
        frame.render_widget(
            Paragraph::new(Line::styled("working out the story's facts…", theme.meta())),
            inner,
        );
        return;
    };
    // Columns as wide as the outlets' readable names need (up to 9), narrower only where
    // the labels would get too little room.
    let n = f.outlets.len().max(1);
    let widest = f
        .outlets
        .iter()
        .map(|o| outlet_heading(o, 9).chars().count())
        .max()
        .unwrap_or(3);
    let fits = |w: usize| width.saturating_sub((w + 1) * n + 1) >= 30;
    let name_w = (3..=widest.clamp(3, 9))
        .rev()
        .find(|&w| fits(w))
        .unwrap_or(3);
    let cell_w = name_w + 1;
    let label_w = width.saturating_sub(cell_w * n + 1).max(10);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let outlet = f.outlets.get(col).map(String::as_str).unwrap_or("");
    lines.push(Line::from(vec![
        Span::styled(fit(&display_safe(&f.title), label_w), theme.headline()),
        Span::styled(format!(" outlet: {}", display_safe(outlet)), theme.outlet()),
    ]));
    let mut head = vec![Span::styled(" ".repeat(label_w + 1), theme.meta())];
    for (c, o) in f.outlets.iter().enumerate() {
        let short = outlet_heading(&display_safe(o), name_w);
        let style = if c == col {
            theme.selected(true)
        } else {
            theme.meta()
        };
        head.push(Span::styled(format!("{short:^name_w$} "), style));
    }
    lines.push(Line::from(head));
    let room = (inner.height as usize).saturating_sub(2);
    let first = row.saturating_sub(room.saturating_sub(1));
    for (r, fact) in f.facts.iter().enumerate().skip(first).take(room) {
        let label_style = if r == row {
            theme.selected(false)
        } else {
            theme.text()
        };
        let mut spans = vec![Span::styled(
            format!(
                "{:<w$} ",
                fit(&display_safe(&fact.label), label_w),
                w = label_w
            ),
            label_style,
        )];
        for c in 0..f.outlets.len() {
            let (mark, style) = match app.cell(r, c) {
                super::app::Cell::Reported => ("●", theme.outlet()),
                super::app::Cell::Differs => ("≠", theme.loaded_term()),
                super::app::Cell::Missing => ("·", theme.meta()),
            };
            let style = if r == row && c == col {
                theme.selected(true)
            } else {
                style
            };
            spans.push(Span::styled(format!("{mark:^name_w$}"), style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// An outlet's name for a matrix column at most `width` characters wide: in full where it
/// fits; else its acronym words and the initials of its other words ("The New York Times" →
/// "NYT", "USA Today" → "USAT"); a file name (an outlet not named) by its stem up to the first
/// `_` ("003"); a single long word cut with an ellipsis.
fn outlet_heading(outlet: &str, width: usize) -> String {
    let n = outlet.chars().count();
    if n <= width {
        return outlet.to_string();
    }
    let is_file = [".txt", ".md", ".markdown", ".html", ".htm"]
        .iter()
        .any(|e| outlet.ends_with(e));
    if is_file {
        let stem = outlet.split(['.', '_']).next().unwrap_or(outlet);
        return fit(stem, width).trim_end().to_string();
    }
    let words: Vec<&str> = outlet
        .split_whitespace()
        .filter(|w| !matches!(*w, "The" | "the" | "of" | "and" | "&"))
        .collect();
    if words.len() >= 2 {
        let short: String = words
            .iter()
            .map(|w| {
                let upper = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && w.chars().all(|c| !c.is_lowercase());
                if upper {
                    w.to_string()
                } else {
                    w.chars().take(1).collect()
                }
            })
            .collect();
        if short.chars().count() <= width {
            return short;
        }
    }
    fit(outlet, width).trim_end().to_string()
}

/// The card of the entity under the cursor: kind, name, every spelling and who used it,
/// first mention per outlet.
fn entity_card(lines: &mut Vec<Line<'static>>, app: &App, theme: &Theme, width: usize) {
    let (Some(list), Some(e)) = (
        &app.entities,
        app.entity.or_else(|| app.entity_under_cursor()),
    ) else {
        lines.push(Line::styled(
            "No entity under the cursor (i hides the card).",
            theme.meta(),
        ));
        return;
    };
    let e = &list[e];
    lines.push(Line::from(vec![
        Span::styled(
            fit(&display_safe(&e.name), width.saturating_sub(14)),
            theme.entity(e.kind.as_str()),
        ),
        Span::styled(format!("  {}", e.kind.as_str()), theme.meta()),
    ]));
    lines.push(Line::styled(
        format!(
            "{} mentions in {} outlets",
            e.mentions.len(),
            e.outlets.len()
        ),
        theme.meta(),
    ));
    lines.push(Line::default());
    lines.push(Line::styled("Spellings", theme.group()));
    for a in &e.aliases {
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", display_safe(&a.text)), theme.text()),
            Span::styled(format!(" ×{}", a.count), theme.meta()),
        ]));
        lines.push(Line::styled(
            fit(&format!("    {}", a.outlets.join(", ")), width),
            theme.meta(),
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled("First mention per outlet", theme.group()));
    // Mentions come article by article: each article is looked up once, and the walk stops
    // once every outlet has its line (a name with 100k mentions costs a few lookups a frame).
    let mut seen = std::collections::HashSet::new();
    let mut last = None;
    let outlets = if e.outlets.contains_key(crate::model::OUTLET_NOT_NAMED) {
        usize::MAX
    } else {
        e.outlets.len()
    };
    for m in &e.mentions {
        if seen.len() >= outlets {
            break;
        }
        if last == Some(m.article) {
            continue;
        }
        last = Some(m.article);
        let summary = app
            .index_of
            .get(list.article_id(&m))
            .and_then(|&i| app.articles.get(i));
        let outlet = summary
            .map(|a| a.outlet.clone().unwrap_or_else(|| format!("({})", a.file)))
            .unwrap_or_default();
        if seen.insert(outlet.clone()) {
            let m = list.mention(e, &m);
            lines.push(Line::styled(
                fit(
                    &format!(
                        "  {outlet} {}: {}",
                        m.passage
                            .map(|p| format!("¶{}", p + 1))
                            .unwrap_or_else(|| "caption".into()),
                        display_safe(m.text)
                    ),
                    width,
                ),
                theme.text(),
            ));
        }
    }
    if !e.why.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled("Why these spellings are one", theme.group()));
        for w in &e.why {
            for r in wrap::wrap_ranges(w, width.saturating_sub(2)) {
                lines.push(Line::styled(format!("  {}", &w[r]), theme.meta()));
            }
        }
    }
}

fn draw_entities(frame: &mut Frame<'_>, app: &App, theme: &Theme, filter: &str, selected: usize) {
    let wide = frame.area().width.saturating_sub(8).min(100);
    let inner = overlay(
        frame,
        theme,
        wide,
        " Entities · type to filter · Enter to go to the first mention · Esc ",
    );
    let width = inner.width as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled("filter: ", theme.status_key()),
        Span::styled(display_safe(filter).into_owned(), theme.input()),
        Span::styled("▏", theme.input()),
    ])];
    let Some(list) = &app.entities else {
        lines.push(Line::styled("loading entities…", theme.meta()));
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let rows = app.entity_rows();
    lines.push(Line::styled(
        format!("{} of {} entities", rows.len(), list.len()),
        theme.meta(),
    ));
    let room = (inner.height as usize).saturating_sub(2);
    let first = selected.saturating_sub(room.saturating_sub(1));
    for (k, &i) in rows.iter().enumerate().skip(first).take(room) {
        let e = &list[i];
        let outlets: Vec<String> = e.outlets.iter().map(|(o, n)| format!("{o} {n}")).collect();
        let style = if k == selected {
            theme.selected(true)
        } else {
            theme.text()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:<13}", e.kind.as_str()),
                if k == selected {
                    style
                } else {
                    theme.entity(e.kind.as_str())
                },
            ),
            Span::styled(format!("{:<32}", fit(&display_safe(&e.name), 31)), style),
            Span::styled(
                fit(
                    &format!("{:>4}  {}", e.mentions.len(), outlets.join(" · ")),
                    width.saturating_sub(45),
                ),
                if k == selected { style } else { theme.meta() },
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_status(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let left = format!(" {} ", display_safe(&app.location()));
    let mut spans = vec![Span::styled(left.clone(), theme.status())];
    let used = left.chars().count();
    let room = (area.width as usize).saturating_sub(used + 1);
    match &app.message {
        Some(m) => {
            let style = if m.error {
                theme.status_error()
            } else {
                theme.status_message()
            };
            spans.push(Span::styled(
                format!(" {}", fit(&display_safe(&m.text), room)),
                style,
            ));
        }
        None => {
            let mut w = 0;
            for (k, d) in &app.hints {
                let piece = format!(" {k} {d} ");
                if w + piece.chars().count() > room {
                    break;
                }
                w += piece.chars().count();
                spans.push(Span::styled(format!(" {k}"), theme.status_key()));
                spans.push(Span::styled(format!(" {d} "), theme.status()));
            }
        }
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status()),
        area,
    );
}

/// Clear a centred box `width` wide (nearly full height), frame it, and return its inside.
fn overlay(frame: &mut Frame<'_>, theme: &Theme, width: u16, title: &str) -> Rect {
    let area = centered(frame.area(), width, frame.area().height.saturating_sub(4));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.overlay_border())
        .title(title.to_string())
        .style(theme.overlay());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn draw_help(frame: &mut Frame<'_>, app: &App, theme: &Theme, scroll: usize) {
    let inner = overlay(frame, theme, 64, " Keys · Esc to close ");
    let mut lines = Vec::new();
    for s in &app.help {
        lines.push(Line::styled(s.title.clone(), theme.group()));
        for (k, d) in &s.rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {k:<14}"), theme.status_key()),
                Span::styled(d.clone(), theme.overlay()),
            ]));
        }
        lines.push(Line::default());
    }
    // At the end (G, End) the last screenful shows, not an empty box.
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    let visible: Vec<Line<'_>> = lines
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

fn draw_search(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let wide = frame.area().width.saturating_sub(8).min(110);
    let inner = overlay(
        frame,
        theme,
        wide,
        " Search · Enter to jump · Esc to close ",
    );
    let width = inner.width as usize;
    // The last query, shown selected until a key replaces it or Backspace edits it.
    let query = if app.search.replace {
        theme
            .input()
            .add_modifier(ratatui::style::Modifier::REVERSED)
    } else {
        theme.input()
    };
    let mut lines = vec![Line::from(vec![
        Span::styled("/ ", theme.status_key()),
        Span::styled(display_safe(&app.search.query).into_owned(), query),
        Span::styled("▏", theme.input()),
    ])];
    match &app.search.results {
        None => lines.push(Line::styled(
            "type to search: words, \"a phrase\", outlet:reuters, title:paris",
            theme.meta(),
        )),
        Some(r) => {
            lines.push(Line::styled(format!("{} hits", r.total), theme.meta()));
            let per_hit = 3usize;
            let room = (inner.height as usize).saturating_sub(2) / per_hit;
            let first = app.search.selected.saturating_sub(room.saturating_sub(1));
            for (i, h) in r.hits.iter().enumerate().skip(first).take(room.max(1)) {
                let selected = i == app.search.selected;
                let style = if selected {
                    theme.selected(true)
                } else {
                    theme.outlet()
                };
                let place = h
                    .passage
                    .map(|p| format!("¶{}", p + 1))
                    .unwrap_or_else(|| "headline".into());
                lines.push(Line::styled(
                    fit(
                        &format!(
                            "{} {} · {} · {place}",
                            if selected { "▶" } else { " " },
                            h.outlet.as_deref().unwrap_or("Outlet not named"),
                            display_safe(h.title.as_deref().unwrap_or("(no headline)"))
                        ),
                        width,
                    ),
                    style,
                ));
                let snippet = display_safe(&h.snippet).into_owned();
                let marks = highlight_ranges(&h.highlights, theme.search_hit());
                let first_line = wrap::wrap_ranges(&snippet, width.saturating_sub(4))
                    .into_iter()
                    .next()
                    .unwrap_or(0..0);
                let mut spans = vec![Span::raw("    ")];
                spans.extend(
                    paint(
                        &snippet[first_line.clone()],
                        first_line.start,
                        theme.text(),
                        &marks,
                    )
                    .into_iter()
                    .map(|s| Span::styled(s.content.into_owned(), s.style)),
                );
                lines.push(Line::from(spans));
                lines.push(Line::default());
            }
        }
    }
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Left), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_columns_name_outlets_readably() {
        let h = |o: &str| outlet_heading(o, 9);
        assert_eq!(h("The New York Times"), "NYT");
        assert_eq!(h("USA Today"), "USA Today");
        assert_eq!(outlet_heading("USA Today", 5), "USAT");
        assert_eq!(h("Associated Press"), "AP");
        assert_eq!(h("Breitbart"), "Breitbart");
        assert_eq!(h("EconoTimes"), "EconoTim…");
        assert_eq!(h("003_bab2f6869c0912e9.txt"), "003");
        assert_eq!(outlet_heading("Wall Street Journal", 3), "WSJ");
    }
    use ratatui::style::{Color, Modifier};

    #[test]
    fn paint_splits_at_mark_boundaries_and_patches_styles() {
        let plain = Style::default();
        let hit = Style::default().fg(Color::Yellow);
        let bold = Style::default().add_modifier(Modifier::BOLD);
        // The line "buffer zone here" starts at article offset 100.
        let spans = paint(
            "buffer zone here",
            100,
            plain,
            &[(100..106, hit), (95..111, bold)],
        );
        let parts: Vec<(&str, Style)> = spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style))
            .collect();
        assert_eq!(
            parts,
            [
                ("buffer", hit.patch(bold)),
                (" zone", bold),
                (" here", plain)
            ]
        );
    }

    #[test]
    fn fit_respects_display_width() {
        assert_eq!(fit("会谈在巴黎", 5), "会谈…");
        assert_eq!(fit("short", 10), "short");
    }

    /// An attribution as the framing pass would give it, for the badge tests.
    fn source(
        source: &str,
        verb: &str,
        via: Option<&str>,
        anonymous: bool,
        clause: crate::model::Clause,
    ) -> crate::model::Attribution {
        crate::model::Attribution {
            source: source.into(),
            as_written: None,
            entity: None,
            via: via.map(str::to_string),
            document: None,
            verb: verb.into(),
            distance: verb == "claimed",
            anonymous,
            span: crate::model::Span::new(0, 1),
            position: crate::model::Position::Before,
            covers: crate::model::Span::new(1, 2),
            clause,
            origin: crate::model::AttributionOrigin::Sentence,
        }
    }

    #[test]
    fn badges_give_every_source_of_the_sentence_a_line() {
        use crate::model::{Clause, Framing};
        let f = Framing {
            attributions: vec![
                source("Comey", "wrote", None, false, Clause::Main),
                source("Trump", "told", None, false, Clause::Reported),
                source("a senior official", "told", Some("CNN"), true, Clause::Main),
                source("the union", "claimed", None, false, Clause::Subordinate),
            ],
            ..Framing::default()
        };
        assert_eq!(
            badges(&f),
            [
                "[Comey · wrote]",
                "[↳ Trump · told]",
                "[a senior official via CNN · told · anonymous]",
                "[the union · claimed · hedged]",
            ]
        );
        assert_eq!(badges(&Framing::default()), ["[no source given]"]);
    }
}
