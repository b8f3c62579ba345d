//! The reader's colours. This module owns every colour and text modifier the TUI uses: a
//! [`Theme`] is a struct of `Style`s read through semantic accessors (`theme.search_hit()`,
//! `theme.entity("person")`, `theme.pane_border(focused)`), with a restrained default for dark
//! terminals built from the 16 named ANSI colours, and [`Theme::set`] to change one style from
//! the config file. It must not draw anything or decide layout, and no other module may write a
//! colour literal: renderers ask the theme.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

/// What a style value looks like, appended to every parse error.
const STYLE_EXAMPLES: &str = "write a colour like \"yellow\", \"light_blue\", \"dark_gray\" or \
                              \"#ffaa00\", optionally with modifiers and a background, like \
                              \"bold yellow\" or \"black on yellow\" (modifiers: bold, italic, \
                              underlined, reversed, dim)";

/// Every style of the reader.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pane_border: Style,
    pane_border_focused: Style,
    pane_title: Style,
    pane_title_focused: Style,
    header: Style,
    outlet: Style,
    headline: Style,
    meta: Style,
    text: Style,
    passage_cursor: Style,
    passage_rule: Style,
    search_hit: Style,
    shared_word: Style,
    differing_word: Style,
    hedge: Style,
    loaded_term: Style,
    selected: Style,
    selected_focused: Style,
    unread: Style,
    group: Style,
    status: Style,
    status_key: Style,
    status_message: Style,
    status_error: Style,
    overlay: Style,
    overlay_border: Style,
    input: Style,
    entity_person: Style,
    entity_organization: Style,
    entity_place: Style,
    entity_date: Style,
    entity_group: Style,
}

type Slot = fn(&mut Theme) -> &mut Style;

/// The config name of every style, with where it lives. `set` and its error message read this
/// table, so a style added to the struct and here is configurable at once.
const SLOTS: [(&str, Slot); 32] = [
    ("pane_border", |t| &mut t.pane_border),
    ("pane_border_focused", |t| &mut t.pane_border_focused),
    ("pane_title", |t| &mut t.pane_title),
    ("pane_title_focused", |t| &mut t.pane_title_focused),
    ("header", |t| &mut t.header),
    ("outlet", |t| &mut t.outlet),
    ("headline", |t| &mut t.headline),
    ("meta", |t| &mut t.meta),
    ("text", |t| &mut t.text),
    ("passage_cursor", |t| &mut t.passage_cursor),
    ("passage_rule", |t| &mut t.passage_rule),
    ("search_hit", |t| &mut t.search_hit),
    ("shared_word", |t| &mut t.shared_word),
    ("differing_word", |t| &mut t.differing_word),
    ("hedge", |t| &mut t.hedge),
    ("loaded_term", |t| &mut t.loaded_term),
    ("selected", |t| &mut t.selected),
    ("selected_focused", |t| &mut t.selected_focused),
    ("unread", |t| &mut t.unread),
    ("group", |t| &mut t.group),
    ("status", |t| &mut t.status),
    ("status_key", |t| &mut t.status_key),
    ("status_message", |t| &mut t.status_message),
    ("status_error", |t| &mut t.status_error),
    ("overlay", |t| &mut t.overlay),
    ("overlay_border", |t| &mut t.overlay_border),
    ("input", |t| &mut t.input),
    ("entity_person", |t| &mut t.entity_person),
    ("entity_organization", |t| &mut t.entity_organization),
    ("entity_place", |t| &mut t.entity_place),
    ("entity_date", |t| &mut t.entity_date),
    ("entity_group", |t| &mut t.entity_group),
];

impl Default for Theme {
    /// Restrained, for dark terminals, in named ANSI colours so 16-colour terminals show it
    /// as meant. Body text keeps the terminal's own colour.
    fn default() -> Theme {
        let plain = Style::new();
        let bold = Modifier::BOLD;
        Theme {
            pane_border: plain.fg(Color::DarkGray),
            pane_border_focused: plain.fg(Color::Cyan),
            pane_title: plain.fg(Color::Gray),
            pane_title_focused: plain.fg(Color::Cyan).add_modifier(bold),
            header: plain.fg(Color::Gray),
            outlet: plain.fg(Color::Cyan).add_modifier(bold),
            headline: plain.add_modifier(bold),
            meta: plain.fg(Color::DarkGray),
            text: plain,
            passage_cursor: plain.fg(Color::Yellow).add_modifier(bold),
            passage_rule: plain.fg(Color::DarkGray),
            search_hit: plain.fg(Color::Black).bg(Color::Yellow),
            shared_word: plain.add_modifier(Modifier::UNDERLINED),
            differing_word: plain.fg(Color::Yellow).add_modifier(bold),
            hedge: plain.fg(Color::Magenta).add_modifier(Modifier::ITALIC),
            loaded_term: plain.fg(Color::LightRed).add_modifier(Modifier::UNDERLINED),
            selected: plain.fg(Color::White).bg(Color::DarkGray),
            selected_focused: plain.fg(Color::Black).bg(Color::Cyan),
            unread: plain.add_modifier(bold),
            group: plain.fg(Color::Yellow).add_modifier(bold),
            status: plain.fg(Color::Gray),
            status_key: plain.fg(Color::Cyan).add_modifier(bold),
            status_message: plain.fg(Color::Green),
            status_error: plain.fg(Color::LightRed).add_modifier(bold),
            overlay: plain.fg(Color::White).bg(Color::Black),
            overlay_border: plain.fg(Color::Yellow),
            input: plain.fg(Color::LightYellow),
            entity_person: plain.fg(Color::LightCyan),
            entity_organization: plain.fg(Color::LightMagenta),
            entity_place: plain.fg(Color::LightGreen),
            entity_date: plain.fg(Color::LightBlue),
            entity_group: plain.fg(Color::Magenta),
        }
    }
}

impl Theme {
    /// A pane's border.
    pub fn pane_border(&self, focused: bool) -> Style {
        if focused {
            self.pane_border_focused
        } else {
            self.pane_border
        }
    }

    /// A pane's title, in its border.
    pub fn pane_title(&self, focused: bool) -> Style {
        if focused {
            self.pane_title_focused
        } else {
            self.pane_title
        }
    }

    /// The article's provenance header (source file, outlet, date).
    pub fn header(&self) -> Style {
        self.header
    }

    /// An outlet's name.
    pub fn outlet(&self) -> Style {
        self.outlet
    }

    /// An article's headline.
    pub fn headline(&self) -> Style {
        self.headline
    }

    /// Dates, counts and other dim text.
    pub fn meta(&self) -> Style {
        self.meta
    }

    /// Body text.
    pub fn text(&self) -> Style {
        self.text
    }

    /// The gutter marker (and any background) of the passage under the cursor.
    pub fn passage_cursor(&self) -> Style {
        self.passage_cursor
    }

    /// The faint separator between passages.
    pub fn passage_rule(&self) -> Style {
        self.passage_rule
    }

    /// A search hit in the text.
    pub fn search_hit(&self) -> Style {
        self.search_hit
    }

    /// A word shared with the current passage (side panel); meant to be patched over the text.
    pub fn shared_word(&self) -> Style {
        self.shared_word
    }

    /// A word another outlet's version has and the current one does not (side panel).
    pub fn differing_word(&self) -> Style {
        self.differing_word
    }

    /// A hedge or a distancing phrase ("reportedly", "what it described as").
    pub fn hedge(&self) -> Style {
        self.hedge
    }

    /// Loaded or evaluative wording ("ousted", "regime").
    pub fn loaded_term(&self) -> Style {
        self.loaded_term
    }

    /// The list selection.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            self.selected_focused
        } else {
            self.selected
        }
    }

    /// An article not read yet, in the list.
    pub fn unread(&self) -> Style {
        self.unread
    }

    /// A group heading in the list.
    pub fn group(&self) -> Style {
        self.group
    }

    /// The status bar.
    pub fn status(&self) -> Style {
        self.status
    }

    /// A key in the status-bar hints.
    pub fn status_key(&self) -> Style {
        self.status_key
    }

    /// A transient message in the status bar.
    pub fn status_message(&self) -> Style {
        self.status_message
    }

    /// An error in the status bar.
    pub fn status_error(&self) -> Style {
        self.status_error
    }

    /// An overlay's body (help, prompt).
    pub fn overlay(&self) -> Style {
        self.overlay
    }

    /// An overlay's border.
    pub fn overlay_border(&self) -> Style {
        self.overlay_border
    }

    /// Text being typed into a prompt.
    pub fn input(&self) -> Style {
        self.input
    }

    /// A named entity of `kind` ("person", "organization", "place", "date", "group"); any
    /// other kind is shown as plain text.
    pub fn entity(&self, kind: &str) -> Style {
        match kind {
            "person" => self.entity_person,
            "organization" => self.entity_organization,
            "place" => self.entity_place,
            "date" => self.entity_date,
            "group" => self.entity_group,
            _ => self.text,
        }
    }

    /// The names `set` accepts, in order.
    pub fn style_names() -> impl Iterator<Item = &'static str> {
        SLOTS.iter().map(|(name, _)| *name)
    }

    /// Sets the style called `key` (an accessor's name; `pane_border`, `pane_title` and
    /// `selected` are the unfocused ones, `…_focused` the focused ones, `entity_person` etc. the
    /// entity kinds) from a value like "yellow", "#ffaa00", "black on yellow" or "bold yellow".
    /// The new style replaces the old one entirely. The error says what is wrong and how to
    /// write it.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let Some((_, slot)) = SLOTS.iter().find(|(name, _)| *name == key) else {
            return Err(format!(
                "unknown style \"{key}\" (styles: {})",
                Theme::style_names().collect::<Vec<_>>().join(", ")
            ));
        };
        let style = parse_style(value)?;
        *slot(self) = style;
        Ok(())
    }
}

/// Parses "[modifier…] [colour] [on colour]" into a style.
pub fn parse_style(value: &str) -> Result<Style, String> {
    let fail = |why: String| Err(format!("{why}; {STYLE_EXAMPLES}"));
    let mut style = Style::new();
    let mut foreground: Option<&str> = None;
    let mut background: Option<&str> = None;
    let mut after_on = false;
    let mut empty = true;
    for word in value.split_whitespace() {
        empty = false;
        if word.eq_ignore_ascii_case("on") {
            if after_on {
                return fail("\"on\" twice".to_string());
            }
            after_on = true;
        } else if let Some(modifier) = parse_modifier(word) {
            style = style.add_modifier(modifier);
        } else {
            let Some(colour) = parse_colour(word) else {
                return fail(format!("\"{word}\" is not a colour or modifier"));
            };
            let (slot, what) = if after_on {
                (&mut background, "background")
            } else {
                (&mut foreground, "colour")
            };
            if let Some(first) = slot {
                return fail(format!("two {what}s, \"{first}\" and \"{word}\""));
            }
            *slot = Some(word);
            style = if after_on {
                style.bg(colour)
            } else {
                style.fg(colour)
            };
        }
    }
    if empty {
        return fail("empty style".to_string());
    }
    if after_on && background.is_none() {
        return fail("\"on\" needs a background colour after it".to_string());
    }
    Ok(style)
}

fn parse_modifier(word: &str) -> Option<Modifier> {
    let modifier = match word.to_ascii_lowercase().as_str() {
        "bold" => Modifier::BOLD,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "reversed" | "reverse" => Modifier::REVERSED,
        "dim" => Modifier::DIM,
        _ => return None,
    };
    Some(modifier)
}

/// A colour name ("light_blue", "dark-gray", "default" for the terminal's own), "#rrggbb", or
/// an index 0–255 of the terminal's palette.
fn parse_colour(word: &str) -> Option<Color> {
    if word.eq_ignore_ascii_case("default") {
        return Some(Color::Reset);
    }
    Color::from_str(word).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_distinguish_what_matters() {
        let theme = Theme::default();
        assert_ne!(theme.pane_border(true), theme.pane_border(false));
        assert_ne!(theme.pane_title(true), theme.pane_title(false));
        assert_ne!(theme.selected(true), theme.selected(false));
        assert_ne!(theme.search_hit(), theme.text());
        assert_ne!(theme.status_error(), theme.status_message());
        let kinds = ["person", "organization", "place", "date", "group"];
        for (i, a) in kinds.iter().enumerate() {
            assert_ne!(theme.entity(a), theme.text(), "{a}");
            for b in &kinds[i + 1..] {
                assert_ne!(theme.entity(a), theme.entity(b), "{a} vs {b}");
            }
        }
        assert_eq!(theme.entity("spaceship"), theme.text());
    }

    #[test]
    fn defaults_use_only_named_ansi_colours() {
        let theme = Theme::default();
        let mut copy = theme.clone();
        for (name, slot) in SLOTS {
            let style = *slot(&mut copy);
            for colour in [style.fg, style.bg].into_iter().flatten() {
                assert!(
                    !matches!(colour, Color::Rgb(..) | Color::Indexed(_)),
                    "{name}: {colour:?}"
                );
            }
        }
    }

    #[test]
    fn every_style_is_settable_by_a_unique_name() {
        let names: Vec<&str> = Theme::style_names().collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        for name in names {
            let mut theme = Theme::default();
            theme.set(name, "#010203 on #040506").unwrap();
            assert_ne!(theme, Theme::default(), "{name} changed nothing");
        }
    }

    #[test]
    fn set_reaches_the_accessors() {
        let mut theme = Theme::default();
        theme.set("search_hit", "black on yellow").unwrap();
        assert_eq!(
            theme.search_hit(),
            Style::new().fg(Color::Black).bg(Color::Yellow)
        );
        theme.set("entity_person", "bold light_blue").unwrap();
        assert_eq!(
            theme.entity("person"),
            Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::BOLD)
        );
        theme.set("pane_border_focused", "red").unwrap();
        assert_eq!(theme.pane_border(true), Style::new().fg(Color::Red));
        assert_ne!(theme.pane_border(false), Style::new().fg(Color::Red));
    }

    #[test]
    fn documented_forms_parse() {
        let plain = Style::new();
        for (value, expected) in [
            ("yellow", plain.fg(Color::Yellow)),
            ("light_blue", plain.fg(Color::LightBlue)),
            ("dark_gray", plain.fg(Color::DarkGray)),
            ("dark-grey", plain.fg(Color::DarkGray)),
            ("#ff8800", plain.fg(Color::Rgb(255, 136, 0))),
            ("black on yellow", plain.fg(Color::Black).bg(Color::Yellow)),
            (
                "bold yellow",
                plain.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            ),
            ("on blue", plain.bg(Color::Blue)),
            (
                "default on dark_gray",
                plain.fg(Color::Reset).bg(Color::DarkGray),
            ),
            ("reversed", plain.add_modifier(Modifier::REVERSED)),
            (
                "bold italic white on #202020",
                plain
                    .fg(Color::White)
                    .bg(Color::Rgb(32, 32, 32))
                    .add_modifier(Modifier::BOLD | Modifier::ITALIC),
            ),
            (
                "underlined dim 244",
                plain
                    .fg(Color::Indexed(244))
                    .add_modifier(Modifier::UNDERLINED | Modifier::DIM),
            ),
        ] {
            assert_eq!(parse_style(value), Ok(expected), "{value}");
        }
    }

    #[test]
    fn bad_values_are_rejected_with_a_reason_and_an_example() {
        for (value, why) in [
            ("purplish", "\"purplish\" is not a colour or modifier"),
            ("bold purplish on black", "\"purplish\" is not a colour"),
            ("#12345", "\"#12345\" is not a colour"),
            ("", "empty style"),
            ("   ", "empty style"),
            ("yellow on", "\"on\" needs a background colour"),
            ("yellow red", "two colours, \"yellow\" and \"red\""),
            ("on red on blue", "\"on\" twice"),
            ("on red blue", "two backgrounds"),
        ] {
            let mut theme = Theme::default();
            let error = theme.set("search_hit", value).unwrap_err();
            assert!(error.starts_with(why), "{value}: {error}");
            assert!(error.contains("\"black on yellow\""), "{value}: {error}");
            assert_eq!(theme, Theme::default(), "{value} changed the theme");
        }
    }

    #[test]
    fn unknown_style_names_list_the_known_ones() {
        let mut theme = Theme::default();
        let error = theme.set("serch_hit", "red").unwrap_err();
        assert!(error.starts_with("unknown style \"serch_hit\""), "{error}");
        assert!(error.contains("search_hit"), "{error}");
        assert!(error.contains("entity_person"), "{error}");
    }

    /// STYLE.md: no colour literal outside the theme module. Test code may name colours.
    #[test]
    fn no_colour_literals_outside_the_theme() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![dir.join("tui.rs")];
        for entry in std::fs::read_dir(dir.join("tui")).unwrap() {
            files.push(entry.unwrap().path());
        }
        for file in files {
            if file.file_name().is_some_and(|n| n == "theme.rs")
                || file.extension().is_none_or(|e| e != "rs")
            {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in code.lines().enumerate() {
                assert!(
                    !line.contains("Color::"),
                    "{}:{}: colour outside the theme: {line}",
                    file.display(),
                    n + 1
                );
            }
        }
    }
}
