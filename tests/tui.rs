//! The reader as a user sees it: whole screens on a `TestBackend`, driven by key scripts over
//! the seed briefing, compared with committed snapshots; colours checked where they carry
//! meaning.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/corpus.rs"]
#[allow(dead_code)]
mod corpus;

mod common;

use briefing::library::{Corpus, Library};
use briefing::tui::action::Action;
use briefing::tui::app::{App, Effect, Row};
use briefing::tui::config::PaneRatios;
use briefing::tui::keymap::{Context, Keymap};
use briefing::tui::theme::Theme;
use briefing::tui::{dispatch, dispatch_deferring, execute, to_action, view};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

struct Reader {
    _idx: tempfile::TempDir,
    lib: Library,
    app: App,
    keymap: Keymap,
    theme: Theme,
}

/// A reader titled `title` with the built-in keys, sized `width` × `height` over `lib`.
fn reader_app(title: &str, lib: &Library, width: u16, height: u16) -> App {
    let keymap = Keymap::builtin();
    let mut app = App::new(
        title.into(),
        keymap.help(),
        keymap.hints(Context::Normal),
        PaneRatios::default(),
    );
    dispatch(&mut app, Some(lib), Action::Resize(width, height));
    app
}

impl Reader {
    fn open(width: u16, height: u16) -> Reader {
        Reader::open_on(&Corpus::Seeds, width, height)
    }

    fn open_on(corpus: &Corpus, width: u16, height: u16) -> Reader {
        let idx = tempfile::tempdir().unwrap();
        let lib = common::open(corpus, idx.path());
        let keymap = Keymap::builtin();
        let mut app = reader_app("sample briefing", &lib, width, height);
        let articles = lib.articles().unwrap();
        dispatch(&mut app, Some(&lib), Action::Loaded(articles));
        Reader {
            _idx: idx,
            lib,
            app,
            keymap,
            theme: Theme::default(),
        }
    }

    /// Press keys: single characters, or named keys in angle brackets ("<Enter>", "<Tab>").
    fn keys(&mut self, script: &str) -> &mut Self {
        let mut chars = script.chars().peekable();
        while let Some(c) = chars.next() {
            let code = if c == '<' && chars.peek().is_some_and(|n| n.is_ascii_uppercase()) {
                let name: String = chars.by_ref().take_while(|&n| n != '>').collect();
                match name.as_str() {
                    "Enter" => KeyCode::Enter,
                    "Esc" => KeyCode::Esc,
                    "Tab" => KeyCode::Tab,
                    "Down" => KeyCode::Down,
                    "Up" => KeyCode::Up,
                    "Backspace" => KeyCode::Backspace,
                    other => panic!("unknown key <{other}>"),
                }
            } else {
                KeyCode::Char(c)
            };
            let ev = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
            if let Some(a) = to_action(ev, &mut self.keymap, self.app.context()) {
                dispatch(&mut self.app, Some(&self.lib), a);
            }
        }
        self
    }

    fn buffer(&self) -> Buffer {
        let (w, h) = self.app.size;
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| view::draw(f, &self.app, &self.theme)).unwrap();
        t.backend().buffer().clone()
    }

    fn screen(&self) -> String {
        let b = self.buffer();
        let mut out = String::new();
        for y in 0..b.area.height {
            let mut line = String::new();
            for x in 0..b.area.width {
                line.push_str(b[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// The first cell of `word` where it first appears inside `area`.
fn find(b: &Buffer, word: &str, area: ratatui::layout::Rect) -> Option<(u16, u16)> {
    for y in area.y..area.y + area.height {
        let cells: Vec<&str> = (area.x..area.x + area.width)
            .map(|x| b[(x, y)].symbol())
            .collect();
        let row: String = cells.concat();
        if let Some(i) = row.find(word) {
            let col = row[..i].chars().count() as u16;
            return Some((area.x + col, y));
        }
    }
    None
}

#[test]
fn opening_shows_three_panes_on_the_seeds() {
    let r = Reader::open(180, 40);
    insta::assert_snapshot!("three_panes_180x40", r.screen());
}

#[test]
fn search_enter_lands_on_the_hit_and_marks_it() {
    let mut r = Reader::open(180, 40);
    r.keys("/Salameh<Enter>");
    let screen = r.screen();
    insta::assert_snapshot!("after_search_salameh", screen);
    let open = r.app.open.as_ref().unwrap();
    // Alias-aware: the best hit spells the name "al-Salama".
    assert!(
        open.article.passages[open.cursor]
            .text
            .contains("Hussein al-Salama")
    );
    // The hit is painted with the theme's search-hit style in the article pane.
    let b = r.buffer();
    let (x, y) = find(&b, "Salama.", r.app.areas().article.unwrap()).unwrap();
    assert_eq!(b[(x, y)].style().fg, r.theme.search_hit().fg);
    assert_eq!(b[(x, y)].style().bg, r.theme.search_hit().bg);
}

#[test]
fn bracket_jumps_to_the_same_passage_in_another_outlet() {
    let mut r = Reader::open(180, 40);
    r.keys("/Salameh<Enter>");
    let first = r.app.open.as_ref().unwrap().article.id.clone();
    r.keys("]");
    let open = r.app.open.as_ref().unwrap();
    assert_ne!(open.article.id, first);
    assert!(
        r.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("same fact as told by")
    );
    insta::assert_snapshot!("after_bracket", r.screen());
}

#[test]
fn narrow_terminals_show_one_pane_and_tab_moves_between_them() {
    let mut r = Reader::open(90, 30);
    r.keys("<Enter>");
    insta::assert_snapshot!("narrow_article", r.screen());
    r.keys("<Tab>");
    assert!(r.screen().contains("Same fact, other outlets"));
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut r = Reader::open(120, 40);
    r.keys("?");
    let s = r.screen();
    assert!(s.contains("Keys"));
    let reading = &r.app.help[0];
    assert!(reading.rows.len() > 15);
    for (keys, desc) in reading.rows.iter().take(25) {
        assert!(
            s.contains(desc.as_str()) && s.contains(keys.as_str()),
            "help lacks {keys} {desc}"
        );
    }
}

#[test]
fn too_small_says_so() {
    let r = Reader::open(30, 8);
    assert!(r.screen().contains("Terminal too small"));
}

#[test]
fn escape_sequences_in_articles_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let idx = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.txt"),
        "A headline that is evil\n\nThe body says \x1b[2J\x1b]0;pwned\x07 and goes on with more words.\n",
    )
    .unwrap();
    let lib = common::open(&Corpus::Paths(vec![dir.path().into()]), idx.path());
    let mut app = reader_app("t", &lib, 120, 20);
    dispatch(
        &mut app,
        Some(&lib),
        Action::Loaded(lib.articles().unwrap()),
    );
    let mut t = Terminal::new(TestBackend::new(120, 20)).unwrap();
    t.draw(|f| view::draw(f, &app, &Theme::default())).unwrap();
    let b = t.backend().buffer();
    let all: String = b.content().iter().map(|c| c.symbol()).collect();
    assert!(!all.contains('\x1b') && !all.contains('\x07'));
    assert!(
        all.contains("^[2J^]0;pwned^"),
        "escape shown as visible text"
    );
}

/// The README's key table is the keymap's help, so the two cannot drift apart.
#[test]
fn readme_key_table_matches_the_keymap() {
    let keymap = Keymap::builtin();
    let mut table = String::from("| keys | action |\n|---|---|\n");
    for (keys, desc) in &keymap.help()[0].rows {
        table.push_str(&format!("| `{}` | {desc} |\n", keys.replace(" / ", "` `")));
    }
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "README.md's key table should read:\n{table}"
    );
}

/// The config example in the README is valid: it parses with no problems.
#[test]
fn readme_config_example_parses_cleanly() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("### Config file").unwrap()..];
    let start = section.find("```toml\n").unwrap() + 8;
    let end = start + section[start..].find("```").unwrap();
    let (config, problems) =
        briefing::tui::config::Config::parse(&section[start..end], "README.md");
    assert!(problems.is_empty(), "{problems:?}");
    let next_related = config.keys.iter().find(|(name, _)| name == "next_related");
    assert_eq!(next_related.map(|(_, keys)| keys.len()), Some(2));
    assert_eq!(
        config.layout,
        PaneRatios {
            list: 25,
            article: 45,
            side: 30
        }
    );
}

#[test]
fn entities_are_coloured_listed_followed_and_carded() {
    let mut r = Reader::open(180, 40);
    // Colour by kind: a person's name in the article pane wears the person colour.
    let b = r.buffer();
    let (x, y) = find(&b, "Hussein", r.app.areas().article.unwrap()).unwrap();
    assert_eq!(b[(x, y)].style().fg, r.theme.entity("person").fg);
    let (x, y) = find(&b, "Paris in hopes", r.app.areas().article.unwrap()).unwrap();
    assert_eq!(b[(x, y)].style().fg, r.theme.entity("place").fg);

    // `e` lists entities; typing filters; Enter goes to the first mention.
    r.keys("e");
    assert!(r.screen().contains("Entities · type to filter"));
    r.keys("salam");
    let listed = r.screen();
    assert!(
        listed.contains("Hussein al-Salama") && listed.contains("1 of"),
        "{listed}"
    );
    r.keys("<Enter>");
    let first = r.app.open.as_ref().unwrap().article.id.clone();

    // `*` follows the same person into another outlet's article, under another spelling.
    r.keys("*");
    let msg = r.app.message.as_ref().unwrap().text.clone();
    assert!(
        msg.starts_with("Hussein al-Salama · 2 of 3 passages"),
        "{msg}"
    );
    let second = r.app.open.as_ref().unwrap().article.id.clone();
    assert_ne!(first, second);
    r.keys("#");
    assert_eq!(r.app.open.as_ref().unwrap().article.id, first);

    // `i`: the card shows every spelling and who used it.
    r.keys("i");
    let card = r.screen();
    assert!(
        card.contains("Entity card") && card.contains("Spellings"),
        "{card}"
    );
    assert!(
        card.contains("Hussein Salameh") && card.contains("Associated Press"),
        "{card}"
    );
    insta::assert_snapshot!("entity_card", card);
}

#[test]
fn the_side_panel_stacks_the_same_fact_and_the_matrix_jumps_to_it() {
    let mut r = Reader::open(180, 40);
    r.keys("/disengagement<Enter>");
    let screen = r.screen();
    assert!(screen.contains("Same fact, other outlets"), "{screen}");
    // Each other outlet's version, with the words the current one lacks marked.
    let b = r.buffer();
    let side = r.app.areas().side.unwrap();
    let here = r.app.open.as_ref().unwrap().article.outlet.clone();
    let versions = r.app.cursor_facts()[0]
        .passages
        .iter()
        .filter(|p| p.outlet != here)
        .count();
    assert!(versions >= 2, "{screen}");
    let marked = (side.y..side.y + side.height)
        .flat_map(|y| (side.x..side.x + side.width).map(move |x| (x, y)))
        .filter(|&(x, y)| b[(x, y)].style().fg == r.theme.differing_word().fg)
        .count();
    assert!(marked > 0, "no differing word marked:\n{screen}");
    r.keys("m");
    insta::assert_snapshot!("fact_matrix", r.screen());
    // The first fact's row: go to the first outlet that reports it.
    let col = (0..r.app.facts.as_ref().unwrap().outlets.len())
        .find(|&c| r.app.cell(0, c) != briefing::tui::app::Cell::Missing)
        .unwrap();
    for _ in 0..col {
        r.keys("l");
    }
    r.keys("<Enter>");
    let open = r.app.open.as_ref().unwrap();
    let fact = &r.app.facts.as_ref().unwrap().facts[0];
    assert!(
        fact.passages
            .iter()
            .any(|p| p.article == open.article.id && p.passage as usize == open.cursor),
        "Enter lands on the outlet's version of the fact"
    );
}

/// The source list groups a folder by story: folders first while the stories are worked out,
/// then each story (title; articles, outlets, dates) with its outlets and articles, and the
/// articles no other article tells last; the selection and the open article stay put.
#[test]
fn the_source_list_regroups_a_folder_by_story() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(dir.path(), 13, 0x6c69_7374).unwrap();
    std::fs::write(
        dir.path().join("s0000").join("lone.txt"),
        "Reuters\n\nCity council approves bicycle lanes on the harbour road\n\n\
         The city council on Tuesday approved six kilometres of protected bicycle lanes along \
         the harbour road, after two years of consultation with shop owners and residents.\n\n\
         Work on the lanes is due to start in the spring and to last about eight months, the \
         council's transport committee said.\n",
    )
    .unwrap();
    let idx = tempfile::tempdir().unwrap();
    let lib = common::open(&Corpus::Paths(vec![dir.path().into()]), idx.path());
    let mut app = reader_app("t", &lib, 180, 40);
    // As the reader's loop does: slow work goes to the worker, here a channel.
    let (tx, rx) = std::sync::mpsc::channel();
    dispatch_deferring(
        &mut app,
        Some(&lib),
        Action::Loaded(lib.articles().unwrap()),
        Some(&tx),
    );
    assert!(
        matches!(app.rows[0], Row::Folder { articles: 14, .. }),
        "one folder until the stories are known: {:?}",
        app.rows[0]
    );
    let ev = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let mut keymap = Keymap::builtin();
    for c in ['j', 'j', 'j', '\n'] {
        let ev = if c == '\n' {
            Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
        } else {
            ev(c)
        };
        if let Some(a) = to_action(ev, &mut keymap, app.context()) {
            dispatch_deferring(&mut app, Some(&lib), a, Some(&tx));
        }
    }
    let open = app.open.as_ref().unwrap().article.id.clone();
    let selected = app.selected_article().unwrap().id.clone();
    assert_eq!(open, selected);

    // The worker answers: stories first, as it does.
    let asked: Vec<Effect> = rx.try_iter().collect();
    assert!(asked.contains(&Effect::Stories), "{asked:?}");
    for e in &asked {
        if let Some(a) = execute(e, Some(&lib), &app) {
            dispatch(&mut app, Some(&lib), a);
        }
    }
    assert!(matches!(app.rows[0], Row::Story(0)), "{:?}", app.rows[0]);
    assert!(
        matches!(
            app.rows.iter().rev().find(|r| r.starts_group()),
            Some(Row::Singles { articles: 1 })
        ),
        "the lone article is listed after the stories: {:?}",
        app.stories.as_ref().unwrap().heads
    );
    assert_eq!(app.open.as_ref().unwrap().article.id, open);
    assert_eq!(app.selected_article().unwrap().id, selected);
    assert_eq!(app.open_row, Some(app.selected));

    // `o` goes to the next article of the same story, whichever folder holds it.
    let story = app.open_story().unwrap();
    let members = &app.stories.as_ref().unwrap().members[story];
    let k = members
        .iter()
        .position(|&i| app.articles[i].id == open)
        .unwrap();
    let next = app.articles[members[(k + 1) % members.len()]].id.clone();
    if let Some(a) = to_action(ev('o'), &mut keymap, app.context()) {
        dispatch(&mut app, Some(&lib), a);
    }
    assert_eq!(app.open.as_ref().unwrap().article.id, next);
    let title = &app.stories.as_ref().unwrap().heads[story].title;
    let short: String = title.chars().take(20).collect();
    assert!(app.location().starts_with(&short), "{}", app.location());

    // The list pane as the reader sees it.
    let mut t = Terminal::new(TestBackend::new(180, 40)).unwrap();
    t.draw(|f| view::draw(f, &app, &Theme::default())).unwrap();
    let b = t.backend().buffer();
    let list = app.areas().list.unwrap();
    let mut pane = String::new();
    for y in list.y..list.y + list.height {
        let row: String = (list.x..list.x + list.width)
            .map(|x| b[(x, y)].symbol())
            .collect();
        pane.push_str(row.trim_end());
        pane.push('\n');
    }
    insta::assert_snapshot!("source_list_by_story", pane);
}

/// The entity list is merged by the background worker, never in the frame after `e`: the
/// overlay opens at once saying so, and fills when the worker answers.
#[test]
fn the_entity_list_is_merged_off_the_ui_thread() {
    let mut r = Reader::open(180, 40);
    // Once the stories are in, the list is asked for without a key (here answered at once).
    assert!(r.app.entities.is_some(), "not prefetched");
    // As on a library whose merge has not answered yet.
    r.app.entities = None;
    let (tx, rx) = std::sync::mpsc::channel();
    let ev = Event::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE));
    let a = to_action(ev, &mut r.keymap, r.app.context()).unwrap();
    dispatch_deferring(&mut r.app, Some(&r.lib), a, Some(&tx));
    assert!(r.app.entities.is_none());
    assert!(r.screen().contains("loading entities…"), "{}", r.screen());
    let asked: Vec<Effect> = rx.try_iter().collect();
    assert!(asked.contains(&Effect::LoadEntities), "{asked:?}");
    for e in &asked {
        if let Some(a) = execute(e, Some(&r.lib), &r.app) {
            dispatch(&mut r.app, Some(&r.lib), a);
        }
    }
    assert!(r.screen().contains("Hussein al-Salama"), "{}", r.screen());
}

/// Right-to-left text keeps its logical order on screen: the terminal lays it out, the
/// reader neither reverses nor reorders it (Arabic and Hebrew pages of tests/fixtures/scripts).
#[test]
fn right_to_left_articles_are_drawn_in_their_logical_order() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts");
    for (file, words) in [
        ("ar.html", "استأنف مسؤولون سوريون"),
        ("he.html", "בכירים סורים וישראלים"),
    ] {
        let r = Reader::open_on(&Corpus::Paths(vec![dir.join(file)]), 160, 40);
        let screen = r.screen();
        assert!(
            screen.contains(words),
            "{file}: {words:?} not on screen:\n{screen}"
        );
    }
}
