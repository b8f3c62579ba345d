//! The reader's state and its one place of change: `App::update(action) -> Vec<Effect>`.
//! Key handlers only map keys to actions; effects (load an article, run a search, find related
//! passages, quit) are carried out by the loop, whose results come back as actions. Nothing
//! here touches the terminal or the library, so every transition is testable without either.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use ratatui::layout::Rect;

use super::action::Action;
use super::config::PaneRatios;
use super::keymap::{Context, HelpSection};
use super::layout::{self, Areas, Mode, Pane};
use super::wrap::{self, Line};
use crate::library::Progress;
use crate::model::{Article, ArticleSummary, RelatedPassage, SearchResults, Span, Story};

/// Rows of the article header that never scroll: outlet line, two headline lines, a rule.
pub const HEADER_ROWS: u16 = 4;
/// Columns left of the article text for the passage-cursor gutter.
pub const GUTTER: u16 = 2;
/// How many related passages the side panel asks for.
pub const RELATED_LIMIT: usize = 8;
/// Columns of a story's title in the status bar's location.
const LOCATION_TITLE: usize = 32;

/// What the loop must do for an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Load article `id` and put the cursor on `passage`.
    LoadArticle {
        id: String,
        passage: Option<u32>,
    },
    /// Run a search for the prompt's query.
    Search(String),
    /// Find passages of other articles related to `passage` of `article`.
    Related {
        article: String,
        passage: u32,
    },
    /// Mark the words of `query` in the open article.
    MarkHits {
        query: String,
    },
    /// Load the library's entities.
    LoadEntities,
    /// Work out the facts of the story of `article`.
    Facts {
        article: String,
    },
    /// Group the library's articles into stories, for the source list.
    Stories,
}

/// One row of the source list: stories (a heading, then a line of counts and dates), outlets
/// within them, articles within those. Until the stories are worked out, folders stand in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A folder with its article count: the grouping shown until the stories are known, or
    /// when they could not be worked out.
    Folder { name: String, articles: usize },
    /// A story's heading: index into `StoryList::heads`.
    Story(usize),
    /// The line under a story's heading: its articles (`shown` of them pass the filter),
    /// outlets and dates.
    StoryInfo { story: usize, shown: usize },
    /// The heading of the articles that no other article tells the story of, after the
    /// stories, with how many are shown.
    Singles { articles: usize },
    /// An outlet within a group, with its article count.
    Outlet {
        name: Option<String>,
        articles: usize,
    },
    /// An article: index into `App::articles`.
    Article(usize),
}

impl Row {
    /// A row that starts a group: a folder, a story, the single-article stories.
    pub fn starts_group(&self) -> bool {
        matches!(
            self,
            Row::Folder { .. } | Row::Story(_) | Row::Singles { .. }
        )
    }
}

/// A story as the source list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryHead {
    pub id: String,
    pub title: String,
    pub articles: usize,
    /// Outlets named.
    pub outlets: usize,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

impl StoryHead {
    /// "5 articles · 3 outlets · Jan 5–6, 2026", with `shown` of the articles passing a filter;
    /// the dates without their year when the whole does not fit in `width` columns.
    pub fn about(&self, shown: usize, width: usize) -> String {
        let articles = match (shown, self.articles) {
            (s, n) if s == n => plural(n, "article"),
            (s, n) => format!("{s} of {}", plural(n, "article")),
        };
        let outlets = match self.outlets {
            0 => "no outlet named".to_string(),
            n => plural(n, "outlet"),
        };
        let with = |year| match date_span(self.first, self.last, year) {
            Some(d) => format!("{articles} · {outlets} · {d}"),
            None => format!("{articles} · {outlets}"),
        };
        let full = with(true);
        if unicode_width::UnicodeWidthStr::width(full.as_str()) <= width {
            full
        } else {
            with(false)
        }
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// "Jan 6, 2026", "Jan 5–6, 2026", "Dec 30 – Jan 6, 2026" or "Dec 30, 2025 – Jan 6, 2026";
/// without `year`, "Jan 6", "Jan 5–6", "Dec 30 – Jan 6".
pub fn date_span(first: Option<NaiveDate>, last: Option<NaiveDate>, year: bool) -> Option<String> {
    let (a, b) = match (first, last) {
        (Some(a), Some(b)) => (a.min(b), a.max(b)),
        (Some(d), None) | (None, Some(d)) => (d, d),
        (None, None) => return None,
    };
    if !year {
        return Some(if a == b {
            b.format("%b %-d").to_string()
        } else if (a.year(), a.month()) == (b.year(), b.month()) {
            format!("{}–{}", a.format("%b %-d"), b.format("%-d"))
        } else {
            format!("{} – {}", a.format("%b %-d"), b.format("%b %-d"))
        });
    }
    Some(if a == b {
        b.format("%b %-d, %Y").to_string()
    } else if (a.year(), a.month()) == (b.year(), b.month()) {
        format!("{}–{}", a.format("%b %-d"), b.format("%-d, %Y"))
    } else if a.year() == b.year() {
        format!("{} – {}", a.format("%b %-d"), b.format("%b %-d, %Y"))
    } else {
        format!("{} – {}", a.format("%b %-d, %Y"), b.format("%b %-d, %Y"))
    })
}

/// The library's stories, laid over `App::articles`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryList {
    /// In the library's order: most articles first, then most recent.
    pub heads: Vec<StoryHead>,
    /// Each story's articles (indices into `App::articles`), by outlet then file as listed.
    pub members: Vec<Vec<usize>>,
    /// For each article (by index into `App::articles`), its story; `NO_STORY` if none.
    pub of_article: Vec<u32>,
}

/// `StoryList::of_article` for an article no story holds.
pub const NO_STORY: u32 = u32::MAX;

impl StoryList {
    /// Lay `stories` over `articles`; articles of a story that are not in `articles` are left
    /// out.
    pub fn new(stories: Vec<Story>, articles: &[ArticleSummary]) -> StoryList {
        let index: HashMap<&str, usize> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut of_article = vec![NO_STORY; articles.len()];
        let mut heads = Vec::with_capacity(stories.len());
        let mut members = Vec::with_capacity(stories.len());
        for (k, story) in stories.into_iter().enumerate() {
            let m: Vec<usize> = story
                .articles
                .iter()
                .filter_map(|a| index.get(a.id.as_str()).copied())
                .collect();
            for &i in &m {
                of_article[i] = k as u32;
            }
            heads.push(StoryHead {
                id: story.id,
                title: story.title,
                articles: story.articles.len(),
                outlets: story.outlets.len(),
                first: story.first,
                last: story.last,
            });
            members.push(m);
        }
        StoryList {
            heads,
            members,
            of_article,
        }
    }

    /// The story of article `i` (index into `App::articles`).
    pub fn of(&self, i: usize) -> Option<usize> {
        match self.of_article.get(i) {
            Some(&k) if k != NO_STORY => Some(k as usize),
            _ => None,
        }
    }

    /// True when story `k` has other articles than one: it gets a heading of its own.
    fn is_shared(&self, k: usize) -> bool {
        self.heads.get(k).is_some_and(|h| h.articles > 1)
    }
}

/// The article being read.
#[derive(Debug, Clone)]
pub struct Open {
    pub article: Article,
    pub lines: Vec<Line>,
    pub width: u16,
    /// First body line shown.
    pub scroll: usize,
    /// Passage under the cursor.
    pub cursor: usize,
    /// Search-hit ranges in the article text.
    pub hits: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Search,
    /// The entity list, filtered by what is typed.
    Entities {
        filter: String,
        selected: usize,
    },
    /// The story's fact matrix, with the selected fact (row) and outlet (column).
    Matrix {
        row: usize,
        col: usize,
    },
}

#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// What is typed in the prompt.
    pub query: String,
    pub results: Option<SearchResults>,
    /// Selected result in the prompt.
    pub selected: usize,
    /// The query whose hits are marked and followed by `n`/`N`.
    pub active: Option<SearchResults>,
    pub hit: usize,
    /// The prompt was opened again on the last query: typing replaces it (as a browser's
    /// address bar does), Backspace edits it.
    pub replace: bool,
}

/// The `]`/`[` ring: the passage we started from and the same fact in other outlets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ring {
    pub items: Vec<(String, u32)>,
    pub pos: usize,
    /// The stops are one fact's versions (else: passages found alike).
    pub fact: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The whole state of the reader.
#[derive(Debug, Clone)]
pub struct App {
    pub title: String,
    pub articles: Vec<ArticleSummary>,
    pub rows: Vec<Row>,
    pub selected: usize,
    pub list_offset: usize,
    pub filter: String,
    pub filtering: bool,
    pub read: HashSet<String>,
    pub open: Option<Open>,
    pub related: Vec<RelatedPassage>,
    pub related_for: Option<(String, u32)>,
    pub side_scroll: usize,
    pub focus: Pane,
    pub show_side: bool,
    pub overlay: Option<Overlay>,
    pub search: SearchState,
    pub message: Option<Message>,
    pub size: (u16, u16),
    pub ratios: PaneRatios,
    pub indexing: Option<Progress>,
    /// Feeds being fetched in the background (`r`): how far.
    pub fetching: Option<Progress>,
    /// `r` was pressed: the loop starts fetching (the app itself does no I/O).
    pub refresh_requested: bool,
    pub ready: bool,
    pub ring: Option<Ring>,
    pub help: Vec<HelpSection>,
    pub hints: Vec<(String, String)>,
    pub quit: bool,
    /// The library's entities, once loaded.
    pub entities: Option<std::sync::Arc<crate::model::Entities>>,
    /// (article, mention start) -> index into `entities`.
    /// The entity `*`/`#` follow and the card shows.
    pub entity: Option<usize>,
    /// Show the entity card instead of related passages.
    pub card: bool,
    /// A `*`/`#` step waiting for the entities to load.
    pub pending_mention: Option<i64>,
    /// The row of the open article in `rows`.
    pub open_row: Option<usize>,
    /// The facts of the open article's story, once worked out.
    pub facts: Option<crate::model::StoryFacts>,
    /// The article whose story's facts were last asked for.
    pub facts_asked: Option<String>,
    /// The library's stories, once worked out; until then the list groups by folder.
    pub stories: Option<StoryList>,
    /// Article id -> index into `articles`.
    pub index_of: HashMap<String, usize>,
    /// Article index -> its row in `rows`; `NO_ROW` when the filter hides it.
    pub row_of: Vec<u32>,
    /// The open article's index in `articles`.
    pub open_index: Option<usize>,
    /// The reader has not done anything yet: what is open and selected is what loading chose,
    /// so the stories may choose again.
    pub untouched: bool,
}

/// `App::row_of` for an article not in the list.
const NO_ROW: u32 = u32::MAX;

/// What a fact-matrix cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// The outlet reports the fact.
    Reported,
    /// The outlet reports it, but its numbers or dates disagree with another outlet's or are
    /// vaguer.
    Differs,
    /// The outlet does not report it.
    Missing,
}

impl App {
    pub fn new(
        title: String,
        help: Vec<HelpSection>,
        hints: Vec<(String, String)>,
        ratios: PaneRatios,
    ) -> App {
        App {
            title,
            articles: Vec::new(),
            rows: Vec::new(),
            selected: 0,
            list_offset: 0,
            filter: String::new(),
            filtering: false,
            read: HashSet::new(),
            open: None,
            related: Vec::new(),
            related_for: None,
            side_scroll: 0,
            focus: Pane::List,
            show_side: true,
            overlay: None,
            search: SearchState::default(),
            message: None,
            size: (80, 24),
            ratios,
            indexing: None,
            fetching: None,
            refresh_requested: false,
            ready: false,
            ring: None,
            help,
            hints,
            quit: false,
            entities: None,
            entity: None,
            card: false,
            pending_mention: None,
            open_row: None,
            facts: None,
            facts_asked: None,
            stories: None,
            index_of: HashMap::new(),
            row_of: Vec::new(),
            open_index: None,
            untouched: true,
        }
    }

    /// Which keymap context the next key is read in.
    pub fn context(&self) -> Context {
        match self.overlay {
            Some(Overlay::Help { .. }) => Context::Help,
            Some(Overlay::Matrix { .. }) => Context::Matrix,
            Some(Overlay::Search) | Some(Overlay::Entities { .. }) => Context::Prompt,
            None if self.filtering => Context::Prompt,
            None => Context::Normal,
        }
    }

    pub fn areas(&self) -> Areas {
        layout::layout(
            Rect::new(0, 0, self.size.0, self.size.1),
            self.focus,
            self.show_side,
            self.ratios,
        )
    }

    /// Columns and rows of article body text at the current size.
    pub fn body_size(&self) -> (u16, u16) {
        let area = self.areas().article.or_else(|| {
            // One-pane mode: the article pane's size when it gets focus.
            layout::layout(
                Rect::new(0, 0, self.size.0, self.size.1),
                Pane::Article,
                self.show_side,
                self.ratios,
            )
            .article
        });
        match area {
            Some(r) => (
                r.width.saturating_sub(2 + GUTTER).max(1),
                r.height.saturating_sub(2 + HEADER_ROWS).max(1),
            ),
            None => (1, 1),
        }
    }

    fn list_height(&self) -> usize {
        self.areas()
            .list
            .map(|r| r.height.saturating_sub(2 + u16::from(self.filtering)))
            .unwrap_or(10)
            .max(1) as usize
    }

    fn side_visible(&self) -> bool {
        layout::mode(self.size.0) == Mode::One || self.show_side
    }

    /// The article summary of the selected row.
    pub fn selected_article(&self) -> Option<&ArticleSummary> {
        match self.rows.get(self.selected) {
            Some(Row::Article(i)) => self.articles.get(*i),
            _ => None,
        }
    }

    /// Where the reader is: story (or folder), outlet k of n, passage i of m.
    pub fn location(&self) -> String {
        let Some(open) = &self.open else {
            return if self.ready {
                format!("{} articles", self.articles.len())
            } else {
                "opening…".into()
            };
        };
        let a = &open.article;
        let siblings = self.story_order();
        let k = siblings
            .iter()
            .position(|s| s.id == a.id)
            .map(|i| i + 1)
            .unwrap_or(0);
        let outlet = a.outlet.as_deref().unwrap_or("unknown outlet");
        let story = self.open_story();
        let group = match (&self.stories, story) {
            (Some(list), Some(k)) => list
                .heads
                .get(k)
                .map(|h| wrap::fit(&h.title, LOCATION_TITLE))
                .unwrap_or_default(),
            _ => match group_of(&a.file) {
                "" => self.title.clone(),
                g => g.to_string(),
            },
        };
        format!(
            "{group} · {outlet} ({k} of {}) · ¶ {} of {}",
            siblings.len(),
            open.cursor + 1,
            a.passages.len()
        )
    }

    /// The story of the open article, once stories are known.
    pub fn open_story(&self) -> Option<usize> {
        self.stories.as_ref()?.of(self.open_index?)
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    /// The single place state changes.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if !action.is_internal() {
            self.untouched = false;
        }
        match action {
            Action::Quit => {
                self.quit = true;
                vec![Effect::Quit]
            }
            Action::Help => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help { .. }) => None,
                    _ => Some(Overlay::Help { scroll: 0 }),
                };
                vec![]
            }
            Action::Close => {
                if self.overlay.is_some() {
                    self.overlay = None;
                } else if self.filtering {
                    self.filtering = false;
                } else {
                    self.message = None;
                }
                vec![]
            }
            Action::FocusNext | Action::FocusPrev => {
                let forward = action == Action::FocusNext;
                let mut f = self.focus;
                for _ in 0..3 {
                    f = if forward { f.next() } else { f.prev() };
                    if f != Pane::Side || self.side_visible() {
                        break;
                    }
                }
                self.focus = f;
                self.relayout();
                vec![]
            }
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => self.motion(&action),
            Action::Open => self.open_selected(),
            Action::NextPassage => self.move_cursor(1),
            Action::PrevPassage => self.move_cursor(-1),
            Action::Search => {
                self.overlay = Some(Overlay::Search);
                self.search.replace = !self.search.query.is_empty();
                vec![]
            }
            Action::Input(c) => self.input(Some(c)),
            Action::Backspace => self.input(None),
            Action::NextHit => self.step_hit(1),
            Action::PrevHit => self.step_hit(-1),
            Action::NextRelated => self.step_ring(1),
            Action::PrevRelated => self.step_ring(-1),
            Action::NextOutlet => self.step_outlet(1),
            Action::PrevOutlet => self.step_outlet(-1),
            Action::Filter => {
                self.filtering = true;
                self.focus = Pane::List;
                self.relayout();
                vec![]
            }
            Action::TogglePanel => {
                self.show_side = !self.show_side;
                if !self.side_visible() && self.focus == Pane::Side {
                    self.focus = Pane::Article;
                }
                self.relayout();
                vec![]
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.relayout();
                vec![]
            }
            Action::Click(x, y) => self.click(x, y),
            Action::Wheel(x, y, d) => {
                if let Some(p) = self.areas().pane_at(x, y) {
                    self.scroll_pane(p, i64::from(d) * 3);
                }
                vec![]
            }
            Action::Loaded(articles) => {
                self.articles = articles;
                self.index_of = self
                    .articles
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.id.clone(), i))
                    .collect();
                // Stories are laid over the articles by index: these are new articles. So are
                // the entities' tables (after a refresh, the library is a new one).
                self.stories = None;
                self.entities = None;
                self.ready = true;
                self.indexing = None;
                self.rebuild_rows();
                let mut effects = Vec::new();
                if self.open.is_none() {
                    self.select_first_article();
                    if let Some(a) = self.selected_article() {
                        effects.push(Effect::LoadArticle {
                            id: a.id.clone(),
                            passage: None,
                        });
                    }
                }
                // The list shows folders now; stories replace them when worked out.
                effects.push(Effect::Stories);
                effects
            }
            Action::StoriesDone(stories) => {
                self.stories = Some(StoryList::new(stories, &self.articles));
                self.rebuild_rows();
                if !self.untouched {
                    return self.prefetch_entities().into_iter().collect();
                }
                // Nothing chosen by the reader yet: start at the top, the first story.
                self.select_first_article();
                let mut effects = match self.selected_article() {
                    Some(a) if self.open.as_ref().is_none_or(|o| o.article.id != a.id) => {
                        vec![Effect::LoadArticle {
                            id: a.id.clone(),
                            passage: None,
                        }]
                    }
                    _ => vec![],
                };
                effects.extend(self.prefetch_entities());
                effects
            }
            Action::Indexing(p, summary) => {
                self.indexing = Some(p);
                if let Some(s) = summary {
                    // Opened again after a refresh, a changed article is already listed.
                    if let Some(&i) = self.index_of.get(&s.id) {
                        self.articles[i] = *s;
                        return vec![];
                    }
                    self.index_of.insert(s.id.clone(), self.articles.len());
                    self.articles.push(*s);
                    if self.articles.len() % 64 == 1 || p.done == p.total {
                        self.rebuild_rows();
                    }
                }
                vec![]
            }
            Action::ArticleLoaded(article, passage) => self.article_loaded(*article, passage),
            Action::SearchDone(r) => {
                if r.query == self.search.query {
                    self.search.results = Some(r);
                    self.search.selected = 0;
                }
                vec![]
            }
            Action::RelatedDone(article, passage, related) => {
                if self
                    .open
                    .as_ref()
                    .is_some_and(|o| o.article.id == article && o.cursor as u32 == passage)
                {
                    self.related = related;
                    self.related_for = Some((article, passage));
                    self.side_scroll = 0;
                }
                vec![]
            }
            Action::HitsMarked(spans) => {
                if let Some(o) = &mut self.open {
                    o.hits = spans;
                }
                vec![]
            }
            Action::Error(e) => {
                self.message = Some(Message {
                    text: e,
                    error: true,
                });
                vec![]
            }
            Action::Refresh => {
                if self.fetching.is_some() {
                    self.message = Some(Message {
                        text: "already fetching the feeds".into(),
                        error: false,
                    });
                } else {
                    self.refresh_requested = true;
                    self.fetching = Some(Progress { done: 0, total: 0 });
                    self.message = Some(Message {
                        text: "fetching the feeds…".into(),
                        error: false,
                    });
                }
                vec![]
            }
            Action::Fetching(p) => {
                self.fetching = Some(p);
                self.message = Some(Message {
                    text: format!("fetching the feeds… {}/{}", p.done, p.total),
                    error: false,
                });
                vec![]
            }
            Action::Fetched { summary, failed } => {
                self.fetching = None;
                self.message = Some(Message {
                    text: summary,
                    error: failed,
                });
                vec![]
            }
            Action::Entities => {
                self.overlay = Some(Overlay::Entities {
                    filter: String::new(),
                    selected: 0,
                });
                if self.entities.is_none() {
                    vec![Effect::LoadEntities]
                } else {
                    vec![]
                }
            }
            Action::EntitiesLoaded(list) => {
                self.entities = Some(list);
                match self.pending_mention.take() {
                    Some(d) => self.step_mention(d),
                    None => vec![],
                }
            }
            Action::Matrix => {
                if self.open.is_none() {
                    self.say("open an article first: the matrix shows its story's facts");
                    return vec![];
                }
                self.overlay = Some(Overlay::Matrix { row: 0, col: 0 });
                self.facts_effect()
            }
            Action::Left | Action::Right => {
                let n = self.facts.as_ref().map_or(0, |f| f.outlets.len());
                if let Some(Overlay::Matrix { col, .. }) = &mut self.overlay
                    && n > 0
                {
                    let d = if action == Action::Right { 1 } else { -1 };
                    *col = (*col as i64 + d).rem_euclid(n as i64) as usize;
                }
                vec![]
            }
            Action::FactsDone(article, facts) => {
                if self.facts_asked.as_deref() == Some(article.as_str()) {
                    self.facts = facts.map(|f| *f);
                    if let Some(Overlay::Matrix { row, col }) = &mut self.overlay {
                        let (rows, cols) = self
                            .facts
                            .as_ref()
                            .map_or((0, 0), |f| (f.facts.len(), f.outlets.len()));
                        *row = (*row).min(rows.saturating_sub(1));
                        *col = (*col).min(cols.saturating_sub(1));
                    }
                }
                vec![]
            }
            Action::NextMention => self.step_mention(1),
            Action::PrevMention => self.step_mention(-1),
            Action::EntityCard => {
                self.card = !self.card;
                if self.card && self.entities.is_none() {
                    return vec![Effect::LoadEntities];
                }
                if self.card {
                    self.entity = self.entity_under_cursor().or(self.entity);
                }
                vec![]
            }
        }
    }

    /// The entities shown in the entity list, filtered.
    pub fn entity_rows(&self) -> Vec<usize> {
        let (Some(list), Some(Overlay::Entities { filter, .. })) = (&self.entities, &self.overlay)
        else {
            return Vec::new();
        };
        let needle = filter.to_lowercase();
        (0..list.len())
            .filter(|&i| {
                let e = &list[i];
                needle.is_empty()
                    || e.kind.as_str().starts_with(&needle)
                    || e.aliases
                        .iter()
                        .any(|a| a.text.to_lowercase().contains(&needle))
            })
            .collect()
    }

    /// Once the stories are in, the entity list is read (or merged) in the background, so that
    /// `e`, the card and mention jumps find it ready.
    fn prefetch_entities(&self) -> Option<Effect> {
        self.entities.is_none().then_some(Effect::LoadEntities)
    }

    /// The entity mentioned in the cursor passage: the one `*` already follows if it is there,
    /// else the first person, organization, place or group mentioned.
    pub fn entity_under_cursor(&self) -> Option<usize> {
        let o = self.open.as_ref()?;
        let list = self.entities.as_ref()?;
        let here: Vec<usize> = o
            .article
            .mentions
            .iter()
            .filter(|m| m.passage == Some(o.cursor as u32))
            .filter_map(|m| list.entity_at(&o.article.id, m.span.start))
            .collect();
        if let Some(e) = self.entity.filter(|e| here.contains(e)) {
            return Some(e);
        }
        here.iter()
            .copied()
            .find(|&i| list[i].kind != crate::model::EntityKind::Date)
            .or(here.first().copied())
    }

    /// The passages mentioning entity `e`, in source-list order: (article rank, passage, article).
    fn mention_stops(&self, e: usize) -> Vec<(usize, u32, String)> {
        let Some(list) = &self.entities else {
            return Vec::new();
        };
        let rank: std::collections::HashMap<&str, usize> = self
            .rows
            .iter()
            .filter_map(|r| {
                if let Row::Article(i) = r {
                    self.articles.get(*i)
                } else {
                    None
                }
            })
            .enumerate()
            .map(|(k, a)| (a.id.as_str(), k))
            .collect();
        let mut stops: Vec<(usize, u32, u32)> = list[e]
            .mentions
            .iter()
            .filter_map(|m| Some((*rank.get(list.article_id(&m))?, m.passage()?, m.article)))
            .collect();
        stops.sort_unstable();
        stops.dedup();
        stops
            .into_iter()
            .map(|(rank, passage, a)| {
                let id = list.articles[a as usize].id.clone();
                (rank, passage, id)
            })
            .collect()
    }

    /// Go to the next (`d` = 1) or previous (-1) passage mentioning the entity under the cursor.
    fn step_mention(&mut self, d: i64) -> Vec<Effect> {
        if self.entities.is_none() {
            self.pending_mention = Some(d);
            return vec![Effect::LoadEntities];
        }
        let Some(e) = self.entity_under_cursor() else {
            self.say("no entity in this passage");
            return vec![];
        };
        self.entity = Some(e);
        let Some(list) = &self.entities else {
            return vec![];
        };
        let stops = self.mention_stops(e);
        let ent_name = list[e].name.clone();
        let Some(o) = &self.open else { return vec![] };
        let here_rank = self
            .rows
            .iter()
            .filter_map(|r| {
                if let Row::Article(i) = r {
                    self.articles.get(*i)
                } else {
                    None
                }
            })
            .position(|a| a.id == o.article.id)
            .unwrap_or(0);
        let here = (here_rank, o.cursor as u32);
        let next = if d > 0 {
            stops.iter().find(|s| (s.0, s.1) > here).or(stops.first())
        } else {
            stops
                .iter()
                .rev()
                .find(|s| (s.0, s.1) < here)
                .or(stops.last())
        };
        let Some((_, passage, article)) = next.cloned() else {
            return vec![];
        };
        let k = stops
            .iter()
            .position(|s| s.2 == article && s.1 == passage)
            .map(|k| k + 1)
            .unwrap_or(0);
        let outlet = self
            .articles
            .iter()
            .find(|a| a.id == article)
            .and_then(|a| a.outlet.clone())
            .unwrap_or_else(|| "unknown outlet".into());
        let msg = format!("{ent_name} · {k} of {} passages · {outlet}", stops.len());
        self.say(msg);
        vec![Effect::LoadArticle {
            id: article,
            passage: Some(passage),
        }]
    }

    fn motion(&mut self, action: &Action) -> Vec<Effect> {
        let page = |h: usize| h.saturating_sub(1).max(1) as i64;
        match self.overlay {
            Some(Overlay::Help { ref mut scroll }) => {
                let total: usize = self.help.iter().map(|s| s.rows.len() + 2).sum();
                *scroll = step(*scroll, delta(action, 10), total.saturating_sub(1));
                return vec![];
            }
            Some(Overlay::Search) => {
                let n = self
                    .search
                    .results
                    .as_ref()
                    .map(|r| r.hits.len())
                    .unwrap_or(0);
                self.search.selected =
                    step(self.search.selected, delta(action, 5), n.saturating_sub(1));
                return vec![];
            }
            Some(Overlay::Entities { .. }) => {
                let n = self.entity_rows().len();
                if let Some(Overlay::Entities { selected, .. }) = &mut self.overlay {
                    *selected = step(*selected, delta(action, 10), n.saturating_sub(1));
                }
                return vec![];
            }
            Some(Overlay::Matrix { .. }) => {
                let n = self.facts.as_ref().map_or(0, |f| f.facts.len());
                if let Some(Overlay::Matrix { row, .. }) = &mut self.overlay {
                    *row = step(*row, delta(action, 10), n.saturating_sub(1));
                }
                return vec![];
            }
            None => {}
        }
        match self.focus {
            Pane::List => {
                let d = delta(action, page(self.list_height()));
                self.move_selection(d);
                vec![]
            }
            Pane::Article => {
                let h = self.body_size().1 as usize;
                let d = delta(action, page(h));
                self.scroll_pane(Pane::Article, d);
                vec![]
            }
            Pane::Side => {
                let d = delta(action, 10);
                self.scroll_pane(Pane::Side, d);
                vec![]
            }
        }
    }

    fn scroll_pane(&mut self, pane: Pane, d: i64) {
        match pane {
            Pane::List => self.move_selection(d),
            Pane::Side => self.side_scroll = step(self.side_scroll, d, 10_000),
            Pane::Article => {
                let h = self.body_size().1 as usize;
                let Some(o) = &mut self.open else { return };
                let max = o.lines.len().saturating_sub(h);
                o.scroll = step(o.scroll, d, max);
                // Keep the cursor on a visible passage.
                let visible = o.scroll..(o.scroll + h).min(o.lines.len());
                let cursor_visible = o.lines[visible.clone()]
                    .iter()
                    .any(|l| l.passage == Some(o.cursor));
                if !cursor_visible {
                    let first = o.lines[visible].iter().find_map(|l| l.passage);
                    if let Some(p) = first {
                        self.set_cursor(p);
                    }
                }
            }
        }
    }

    fn set_cursor(&mut self, p: usize) {
        if let Some(o) = &mut self.open
            && o.cursor != p
        {
            o.cursor = p;
            self.ring = None;
        }
    }

    /// Effects to refresh the side panel for the cursor passage.
    fn related_effect(&self) -> Vec<Effect> {
        match &self.open {
            Some(o) if self.related_for != Some((o.article.id.clone(), o.cursor as u32)) => {
                vec![Effect::Related {
                    article: o.article.id.clone(),
                    passage: o.cursor as u32,
                }]
            }
            _ => vec![],
        }
    }

    /// After any change that can move the cursor: ask for its related passages, and for its
    /// story's facts when the article is from another story.
    pub fn settle(&mut self) -> Vec<Effect> {
        let mut effects = self.related_effect();
        effects.extend(self.facts_effect());
        effects
    }

    /// Ask for the facts of the open article's story, unless they are here or asked for.
    fn facts_effect(&mut self) -> Vec<Effect> {
        let Some(o) = &self.open else { return vec![] };
        let id = &o.article.id;
        let have = self
            .facts
            .as_ref()
            .is_some_and(|f| f.articles.iter().any(|a| a == id));
        if have || self.facts_asked.as_ref() == Some(id) {
            return vec![];
        }
        self.facts_asked = Some(id.clone());
        vec![Effect::Facts {
            article: id.clone(),
        }]
    }

    /// The facts the cursor passage of the open article takes part in, most widely reported
    /// first.
    pub fn cursor_facts(&self) -> Vec<&crate::model::Fact> {
        let (Some(o), Some(f)) = (&self.open, &self.facts) else {
            return Vec::new();
        };
        f.facts
            .iter()
            .filter(|fact| {
                fact.passages
                    .iter()
                    .any(|p| p.article == o.article.id && p.passage as usize == o.cursor)
            })
            .collect()
    }

    /// What the matrix shows for fact `row` and outlet `col`.
    pub fn cell(&self, row: usize, col: usize) -> Cell {
        let Some(f) = &self.facts else {
            return Cell::Missing;
        };
        let (Some(fact), Some(outlet)) = (f.facts.get(row), f.outlets.get(col)) else {
            return Cell::Missing;
        };
        if !fact.outlets.contains(outlet) {
            Cell::Missing
        } else if fact.differs.iter().any(|d| d == outlet) {
            Cell::Differs
        } else {
            Cell::Reported
        }
    }

    /// Jump to outlet `col`'s version of fact `row`.
    fn open_cell(&mut self, row: usize, col: usize) -> Vec<Effect> {
        let Some(f) = &self.facts else { return vec![] };
        let (Some(fact), Some(outlet)) = (f.facts.get(row), f.outlets.get(col)) else {
            return vec![];
        };
        let Some(p) = fact.passages.iter().find(|p| &p.outlet_label() == outlet) else {
            let msg = format!("{outlet} does not report this fact");
            self.say(msg);
            return vec![];
        };
        let effect = Effect::LoadArticle {
            id: p.article.clone(),
            passage: Some(p.passage),
        };
        self.overlay = None;
        self.focus = Pane::Article;
        self.relayout();
        vec![effect]
    }

    /// Move the selection `d` articles down (up when negative), skipping headings. Walks only
    /// the rows it passes, never the whole list; a jump past either end lands on the first or
    /// last article.
    fn move_selection(&mut self, d: i64) {
        let is_article = |r: &Row| matches!(r, Row::Article(_));
        let rows = &self.rows;
        let first = rows.iter().position(is_article);
        let last = rows.iter().rposition(is_article);
        let (Some(first), Some(last)) = (first, last) else {
            return;
        };
        // From the selected article, or the next one after a heading.
        let mut cur = rows[self.selected.min(rows.len() - 1)..]
            .iter()
            .position(is_article)
            .map_or(last, |p| self.selected + p);
        if d.unsigned_abs() >= rows.len() as u64 {
            cur = if d > 0 { last } else { first };
        } else {
            for _ in 0..d.unsigned_abs() {
                let next = if d > 0 {
                    rows[cur + 1..]
                        .iter()
                        .position(is_article)
                        .map(|p| cur + 1 + p)
                } else {
                    rows[..cur].iter().rposition(is_article)
                };
                match next {
                    Some(n) => cur = n,
                    None => break,
                }
            }
        }
        self.selected = cur;
        self.keep_selection_visible();
    }

    fn keep_selection_visible(&mut self) {
        let h = self.list_height();
        if self.selected < self.list_offset {
            // Show the headings above the article (story, its line, outlet) when there is
            // room, at least two rows of what comes before.
            let headings = self.rows[..self.selected]
                .iter()
                .rev()
                .take_while(|r| !matches!(r, Row::Article(_)))
                .count();
            let above = headings.max(2).min(h.saturating_sub(1));
            self.list_offset = self.selected.saturating_sub(above);
        } else if self.selected >= self.list_offset + h {
            self.list_offset = self.selected + 1 - h;
        }
        // No empty rows below the list while rows above are scrolled away.
        self.list_offset = self.list_offset.min(self.rows.len().saturating_sub(h));
    }

    fn select_first_article(&mut self) {
        if let Some(i) = self.rows.iter().position(|r| matches!(r, Row::Article(_))) {
            self.selected = i;
            self.list_offset = 0;
        }
    }

    fn open_selected(&mut self) -> Vec<Effect> {
        if let Some(Overlay::Matrix { row, col }) = self.overlay {
            return self.open_cell(row, col);
        }
        if let Some(Overlay::Entities { selected, .. }) = &self.overlay {
            let rows = self.entity_rows();
            let Some(&e) = rows.get(*selected) else {
                return vec![];
            };
            self.overlay = None;
            self.entity = Some(e);
            self.focus = Pane::Article;
            return match self.mention_stops(e).into_iter().next() {
                Some((_, passage, id)) => vec![Effect::LoadArticle {
                    id,
                    passage: Some(passage),
                }],
                None => vec![],
            };
        }
        if self.overlay == Some(Overlay::Search) {
            let Some(results) = self.search.results.clone() else {
                return vec![];
            };
            let Some(hit) = results.hits.get(self.search.selected).cloned() else {
                return vec![];
            };
            self.overlay = None;
            self.search.hit = self.search.selected;
            self.search.active = Some(results);
            self.focus = Pane::Article;
            self.relayout();
            return vec![Effect::LoadArticle {
                id: hit.article,
                passage: hit.passage,
            }];
        }
        if self.filtering {
            self.filtering = false;
            return vec![];
        }
        match self.focus {
            Pane::List => match self.selected_article() {
                Some(a) => {
                    let id = a.id.clone();
                    self.focus = Pane::Article;
                    self.relayout();
                    vec![Effect::LoadArticle { id, passage: None }]
                }
                None => vec![],
            },
            Pane::Side => {
                let Some(r) = self.related.first().cloned() else {
                    return vec![];
                };
                self.focus = Pane::Article;
                vec![Effect::LoadArticle {
                    id: r.article,
                    passage: Some(r.passage),
                }]
            }
            Pane::Article => vec![],
        }
    }

    fn move_cursor(&mut self, d: i64) -> Vec<Effect> {
        let h = self.body_size().1 as usize;
        let Some(o) = &mut self.open else {
            return vec![];
        };
        let n = o.article.passages.len();
        if n == 0 {
            return vec![];
        }
        let next = step(o.cursor, d, n - 1);
        o.cursor = next;
        self.ring = None;
        self.scroll_to_cursor(h);
        self.related_effect()
    }

    /// Scroll so the cursor passage is visible, its first line near the top.
    fn scroll_to_cursor(&mut self, h: usize) {
        let Some(o) = &mut self.open else { return };
        let Some(first) = wrap::first_line_of(&o.lines, o.cursor) else {
            return;
        };
        let last = o
            .lines
            .iter()
            .rposition(|l| l.passage == Some(o.cursor))
            .unwrap_or(first);
        if first < o.scroll || last >= o.scroll + h {
            o.scroll = first.saturating_sub(1).min(o.lines.len().saturating_sub(h));
        }
    }

    fn input(&mut self, c: Option<char>) -> Vec<Effect> {
        let edit = |s: &mut String| match c {
            Some(c) => s.push(c),
            None => {
                s.pop();
            }
        };
        if let Some(Overlay::Entities { filter, selected }) = &mut self.overlay {
            edit(filter);
            *selected = 0;
            return vec![];
        }
        if self.overlay == Some(Overlay::Search) {
            if std::mem::take(&mut self.search.replace) && c.is_some() {
                self.search.query.clear();
                self.search.selected = 0;
            }
            edit(&mut self.search.query);
            if self.search.query.trim().is_empty() {
                self.search.results = None;
                return vec![];
            }
            return vec![Effect::Search(self.search.query.clone())];
        }
        if self.filtering {
            edit(&mut self.filter);
            self.rebuild_rows();
            self.select_first_article();
        }
        vec![]
    }

    fn step_hit(&mut self, d: i64) -> Vec<Effect> {
        let Some(active) = &self.search.active else {
            self.say("no search yet: press / to search");
            return vec![];
        };
        let n = active.hits.len();
        if n == 0 {
            self.say("no hits");
            return vec![];
        }
        let pos = (self.search.hit as i64 + d).rem_euclid(n as i64) as usize;
        self.search.hit = pos;
        let hit = active.hits[pos].clone();
        let msg = format!("hit {} of {} for {}", pos + 1, n, active.query);
        self.say(msg);
        vec![Effect::LoadArticle {
            id: hit.article,
            passage: hit.passage,
        }]
    }

    fn step_ring(&mut self, d: i64) -> Vec<Effect> {
        let Some(o) = &self.open else { return vec![] };
        let origin = (o.article.id.clone(), o.cursor as u32);
        if self
            .ring
            .as_ref()
            .is_none_or(|r| r.items.get(r.pos) != Some(&origin))
        {
            let mut items = vec![origin.clone()];
            // The same fact in the other outlets, one stop per article; else related passages.
            let fact = self
                .cursor_facts()
                .into_iter()
                .find(|f| f.outlets.len() > 1);
            let is_fact = fact.is_some();
            if let Some(fact) = fact {
                for p in &fact.passages {
                    if !items.iter().any(|(a, _)| a == &p.article) {
                        items.push((p.article.clone(), p.passage));
                    }
                }
            } else if self.related_for.as_ref() == Some(&origin) {
                items.extend(self.related.iter().map(|r| (r.article.clone(), r.passage)));
            }
            if items.len() < 2 {
                self.say("no other outlet tells this passage");
                return vec![];
            }
            self.ring = Some(Ring {
                items,
                pos: 0,
                fact: is_fact,
            });
        }
        let Some(ring) = &mut self.ring else {
            return vec![];
        };
        ring.pos = (ring.pos as i64 + d).rem_euclid(ring.items.len() as i64) as usize;
        let (id, passage) = ring.items[ring.pos].clone();
        let (pos, total, what) = (
            ring.pos,
            ring.items.len(),
            if ring.fact { "fact" } else { "passage" },
        );
        let outlet = self
            .articles
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.outlet.clone())
            .unwrap_or_else(|| "unknown outlet".into());
        let msg = if pos == 0 {
            format!("back where you started · {outlet}")
        } else {
            format!("same {what} as told by {outlet} ({pos} of {})", total - 1)
        };
        self.say(msg);
        vec![Effect::LoadArticle {
            id,
            passage: Some(passage),
        }]
    }

    fn step_outlet(&mut self, d: i64) -> Vec<Effect> {
        let Some(o) = &self.open else { return vec![] };
        let order = self.story_order();
        let Some(pos) = order.iter().position(|a| a.id == o.article.id) else {
            return vec![];
        };
        if order.len() < 2 {
            self.say("no other article in this story");
            return vec![];
        }
        let next = order[(pos as i64 + d).rem_euclid(order.len() as i64) as usize];
        vec![Effect::LoadArticle {
            id: next.id.clone(),
            passage: None,
        }]
    }

    /// The articles of the open article's story in source-list order (its folder's, until
    /// stories are known). A story's articles are all of them, whatever the filter shows.
    pub fn story_order(&self) -> Vec<&ArticleSummary> {
        if let (Some(list), Some(i)) = (&self.stories, self.open_index) {
            return match list.of(i) {
                Some(k) => list.members[k]
                    .iter()
                    .filter_map(|&m| self.articles.get(m))
                    .collect(),
                None => self.articles.get(i).into_iter().collect(),
            };
        }
        // A folder is the run of rows around the open article's row.
        let Some(row) = self.open_row.filter(|&r| r < self.rows.len()) else {
            return Vec::new();
        };
        let start = self.rows[..=row]
            .iter()
            .rposition(Row::starts_group)
            .unwrap_or(0);
        let end = self.rows[row + 1..]
            .iter()
            .position(Row::starts_group)
            .map(|p| row + 1 + p)
            .unwrap_or(self.rows.len());
        self.rows[start..end]
            .iter()
            .filter_map(|r| match r {
                Row::Article(i) => self.articles.get(*i),
                _ => None,
            })
            .collect()
    }

    /// The row of article `i`, if the list shows it.
    fn row_of_article(&self, i: usize) -> Option<usize> {
        match self.row_of.get(i) {
            Some(&r) if r != NO_ROW => Some(r as usize),
            _ => None,
        }
    }

    /// Where the open article is in `articles` and in the list, after a load or a rebuild.
    fn find_open_row(&mut self) {
        self.open_index = self
            .open
            .as_ref()
            .and_then(|o| self.index_of.get(&o.article.id).copied());
        self.open_row = self.open_index.and_then(|i| self.row_of_article(i));
    }

    fn click(&mut self, x: u16, y: u16) -> Vec<Effect> {
        let areas = self.areas();
        let Some(pane) = areas.pane_at(x, y) else {
            return vec![];
        };
        self.focus = pane;
        match pane {
            Pane::List => {
                let Some(r) = areas.list else { return vec![] };
                let row = (y.saturating_sub(r.y + 1)) as usize + self.list_offset;
                if matches!(self.rows.get(row), Some(Row::Article(_))) {
                    self.selected = row;
                    if let Some(a) = self.selected_article() {
                        return vec![Effect::LoadArticle {
                            id: a.id.clone(),
                            passage: None,
                        }];
                    }
                }
                vec![]
            }
            Pane::Article => {
                let Some(r) = areas.article else {
                    return vec![];
                };
                let row = y.saturating_sub(r.y + 1 + HEADER_ROWS) as usize;
                if let Some(o) = &self.open
                    && y >= r.y + 1 + HEADER_ROWS
                    && let Some(p) = o.lines.get(o.scroll + row).and_then(|l| l.passage)
                {
                    self.set_cursor(p);
                    return self.related_effect();
                }
                vec![]
            }
            Pane::Side => vec![],
        }
    }

    fn article_loaded(&mut self, article: Article, passage: Option<u32>) -> Vec<Effect> {
        let (w, h) = self.body_size();
        self.read.insert(article.id.clone());
        if let Some(r) = self
            .index_of
            .get(&article.id)
            .and_then(|&i| self.row_of_article(i))
        {
            self.selected = r;
            self.keep_selection_visible();
        }
        let lines = wrap::wrap_article(&article, w);
        let cursor = passage
            .map(|p| p as usize)
            .unwrap_or(0)
            .min(article.passages.len().saturating_sub(1));
        let same = self
            .open
            .as_ref()
            .is_some_and(|o| o.article.id == article.id);
        let keep_hits = self
            .open
            .as_ref()
            .filter(|_| same)
            .map(|o| o.hits.clone())
            .unwrap_or_default();
        self.open = Some(Open {
            article,
            lines,
            width: w,
            scroll: 0,
            cursor,
            hits: keep_hits,
        });
        self.find_open_row();
        self.related.clear();
        self.related_for = None;
        if passage.is_some() {
            self.scroll_to_cursor(h as usize);
        }
        let mut effects = self.related_effect();
        if let Some(active) = &self.search.active {
            effects.push(Effect::MarkHits {
                query: active.query.clone(),
            });
        }
        effects
    }

    /// Re-wrap the open article for the current size, keeping the cursor passage in view.
    fn relayout(&mut self) {
        let (w, h) = self.body_size();
        if let Some(o) = &mut self.open
            && o.width != w
        {
            let top_passage = o
                .lines
                .get(o.scroll)
                .and_then(|l| l.passage)
                .unwrap_or(o.cursor);
            o.lines = wrap::wrap_article(&o.article, w);
            o.width = w;
            o.scroll = wrap::first_line_of(&o.lines, top_passage).unwrap_or(0);
        }
        self.scroll_to_cursor(h as usize);
        self.keep_selection_visible();
    }

    /// Rebuild the source list, filtered: the stories (most articles first, then most recent,
    /// as the library orders them), then the articles alone in their story; or, until stories
    /// are known, one group per folder. Within a group, outlets by name (unnamed last), then
    /// articles by file. The selected article stays selected, on the same screen row when it
    /// can, so a regroup does not move what the reader is looking at.
    pub fn rebuild_rows(&mut self) {
        let keep = self.selected_article().map(|a| a.id.clone());
        let screen_row = self.selected.saturating_sub(self.list_offset);
        let needle = self.filter.to_lowercase();
        let stories = self.stories.as_ref();
        // A story whose title matches shows all its articles.
        let story_hit: Vec<bool> = match stories {
            Some(list) if !needle.is_empty() => list
                .heads
                .iter()
                .map(|h| h.title.to_lowercase().contains(&needle))
                .collect(),
            _ => Vec::new(),
        };
        // The group an article is listed in: its story, or the single-article stories after
        // every story; folders have no number and are grouped by name.
        let singles = stories.map_or(0, |l| l.heads.len());
        let group = |i: usize| match stories.and_then(|l| l.of(i)) {
            Some(k) if stories.is_some_and(|l| l.is_shared(k)) => k,
            _ => singles,
        };
        let matches = |i: usize| {
            let a = &self.articles[i];
            let has = |s: Option<&str>| s.unwrap_or("").to_lowercase().contains(&needle);
            needle.is_empty()
                || has(a.title.as_deref())
                || has(a.outlet.as_deref())
                || a.file.to_lowercase().contains(&needle)
                || stories
                    .and_then(|l| l.of(i))
                    .is_some_and(|k| story_hit.get(k).copied().unwrap_or(false))
        };
        let mut idx: Vec<usize> = (0..self.articles.len()).filter(|&i| matches(i)).collect();
        let by_outlet = |a: &ArticleSummary, b: &ArticleSummary| {
            (a.outlet.is_none(), &a.outlet, &a.file).cmp(&(b.outlet.is_none(), &b.outlet, &b.file))
        };
        let mut rows = Vec::with_capacity(idx.len() * 2);
        if stories.is_some() {
            let keys: Vec<usize> = (0..self.articles.len()).map(group).collect();
            idx.sort_by(|&x, &y| {
                keys[x]
                    .cmp(&keys[y])
                    .then_with(|| by_outlet(&self.articles[x], &self.articles[y]))
            });
            for run in idx.chunk_by(|&x, &y| keys[x] == keys[y]) {
                let k = keys[run[0]];
                if k == singles {
                    rows.push(Row::Singles {
                        articles: run.len(),
                    });
                } else {
                    rows.push(Row::Story(k));
                    rows.push(Row::StoryInfo {
                        story: k,
                        shown: run.len(),
                    });
                }
                push_outlets(&mut rows, &self.articles, run);
            }
        } else {
            idx.sort_by(|&x, &y| {
                let (a, b) = (&self.articles[x], &self.articles[y]);
                group_of(&a.file)
                    .cmp(group_of(&b.file))
                    .then_with(|| by_outlet(a, b))
            });
            for run in idx.chunk_by(|&x, &y| {
                group_of(&self.articles[x].file) == group_of(&self.articles[y].file)
            }) {
                let name = match group_of(&self.articles[run[0]].file) {
                    "" => self.title.clone(),
                    g => g.to_string(),
                };
                rows.push(Row::Folder {
                    name,
                    articles: run.len(),
                });
                push_outlets(&mut rows, &self.articles, run);
            }
        }
        let mut row_of = vec![NO_ROW; self.articles.len()];
        for (r, row) in rows.iter().enumerate() {
            if let Row::Article(i) = row {
                row_of[*i] = r as u32;
            }
        }
        self.rows = rows;
        self.row_of = row_of;
        self.find_open_row();
        let kept = keep
            .and_then(|id| self.index_of.get(&id).copied())
            .and_then(|i| self.row_of_article(i));
        match kept {
            Some(r) => {
                // Same screen row, unless that would hide the article's own headings.
                let headings = self.rows[..r]
                    .iter()
                    .rev()
                    .take_while(|row| !matches!(row, Row::Article(_)))
                    .count();
                self.selected = r;
                self.list_offset = r.saturating_sub(screen_row.max(headings));
            }
            None => self.select_first_article(),
        }
        self.keep_selection_visible();
    }
}

/// The rows of one group's articles (`run`, sorted by outlet): each outlet, then its articles.
fn push_outlets(rows: &mut Vec<Row>, articles: &[ArticleSummary], run: &[usize]) {
    for same in run.chunk_by(|&x, &y| articles[x].outlet == articles[y].outlet) {
        rows.push(Row::Outlet {
            name: articles[same[0]].outlet.clone(),
            articles: same.len(),
        });
        rows.extend(same.iter().map(|&k| Row::Article(k)));
    }
}

/// The folder part of a display path: the group an article belongs to until stories exist.
pub fn group_of(file: &str) -> &str {
    file.rfind('/').map(|i| &file[..i]).unwrap_or("")
}

fn delta(action: &Action, page: i64) -> i64 {
    match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::Top => i64::MIN / 2,
        Action::Bottom => i64::MAX / 2,
        _ => 0,
    }
}

/// `cur + d`, kept within `0..=max`.
fn step(cur: usize, d: i64, max: usize) -> usize {
    (cur as i64).saturating_add(d).clamp(0, max as i64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Passage, PassageKind, SearchHit};

    fn summary(id: &str, file: &str, outlet: Option<&str>) -> ArticleSummary {
        ArticleSummary {
            id: id.into(),
            file: file.into(),
            outlet: outlet.map(Into::into),
            title: Some(format!("Headline of {id}")),
            published: None,
            byline: None,
            dateline: None,
            url: None,
            paragraphs: 3,
            words: 30,
        }
    }

    fn article(id: &str, n: usize) -> Article {
        let mut at = 0;
        let passages = (0..n)
            .map(|i| {
                let text = format!("Passage {i} of {id} has a few words in it to wrap.");
                let span = Span::new(at, at + text.len());
                at += text.len() + 2;
                Passage {
                    index: i as u32,
                    kind: PassageKind::Paragraph,
                    span,
                    text,
                    sentences: vec![],
                }
            })
            .collect();
        Article {
            id: id.into(),
            file: format!("{id}.txt"),
            format: Format::Text,
            outlet: Some(format!("Outlet {id}")),
            outlet_evidence: None,
            title: Some(format!("Headline of {id}")),
            published: None,
            byline: None,
            dateline: None,
            url: None,
            passages,
            dropped: vec![],
            offsets_are_file_bytes: true,
            warnings: vec![],
            mentions: vec![],
            fingerprint: Default::default(),
        }
    }

    fn related(id: &str, passage: u32) -> RelatedPassage {
        RelatedPassage {
            article: id.into(),
            file: format!("{id}.txt"),
            outlet: Some(format!("Outlet {id}")),
            title: None,
            passage,
            score: 1.0,
            text: "same fact".into(),
            shared: vec![],
        }
    }

    /// An app with no keys, 200 × 50, with nothing loaded.
    fn blank_app() -> App {
        let mut app = App::new(
            "t".into(),
            vec![],
            vec![],
            PaneRatios {
                list: 25,
                article: 45,
                side: 30,
            },
        );
        app.update(Action::Resize(200, 50));
        app
    }

    fn app() -> App {
        let mut app = blank_app();
        let effects = app.update(Action::Loaded(vec![
            summary("b", "b.txt", Some("Outlet b")),
            summary("a", "a.txt", Some("Outlet a")),
            summary("c", "c.txt", None),
        ]));
        assert_eq!(
            effects,
            [
                Effect::LoadArticle {
                    id: "a".into(),
                    passage: None
                },
                Effect::Stories
            ]
        );
        app
    }

    #[test]
    fn loading_lists_groups_outlets_and_opens_the_first_article() {
        let mut app = app();
        assert!(matches!(app.rows[0], Row::Folder { articles: 3, .. }));
        assert_eq!(
            app.rows
                .iter()
                .filter(|r| matches!(r, Row::Outlet { .. }))
                .count(),
            3
        );
        // Articles whose outlet is unknown come last.
        assert!(matches!(app.rows.last(), Some(Row::Article(2))));
        let effects = app.update(Action::ArticleLoaded(Box::new(article("a", 4)), None));
        assert_eq!(
            effects,
            [Effect::Related {
                article: "a".into(),
                passage: 0
            }]
        );
        assert!(app.read.contains("a"));
        assert_eq!(app.selected_article().map(|a| a.id.as_str()), Some("a"));
    }

    #[test]
    fn passage_motion_asks_for_related_passages() {
        let mut app = app();
        app.update(Action::ArticleLoaded(Box::new(article("a", 4)), None));
        app.update(Action::RelatedDone("a".into(), 0, vec![related("b", 2)]));
        assert_eq!(app.related.len(), 1);
        let effects = app.update(Action::NextPassage);
        assert_eq!(
            effects,
            [Effect::Related {
                article: "a".into(),
                passage: 1
            }]
        );
        // A late answer for the old passage is ignored.
        app.update(Action::RelatedDone("a".into(), 0, vec![related("c", 0)]));
        assert_eq!(app.related[0].article, "b");
        assert_eq!(
            app.related_for,
            Some(("a".into(), 0)),
            "still waiting for passage 1's answer"
        );
        app.update(Action::PrevPassage);
        app.update(Action::PrevPassage);
        assert_eq!(app.open.as_ref().unwrap().cursor, 0);
    }

    fn story_facts() -> crate::model::StoryFacts {
        let passage = |id: &str, passage: u32| crate::model::FactPassage {
            article: id.into(),
            file: format!("{id}.txt"),
            outlet: Some(format!("Outlet {id}")),
            passage,
            text: format!("Passage {passage} of {id}."),
            start: 0,
            end: 10,
            framing: Default::default(),
        };
        let fact = |passages: Vec<crate::model::FactPassage>, differs: Vec<String>| {
            let outlets: Vec<String> = passages
                .iter()
                .map(|p| p.outlet.clone().unwrap_or_default())
                .collect();
            crate::model::Fact {
                id: "f".into(),
                story: "s".into(),
                label: "a fact".into(),
                missing_from: ["Outlet a", "Outlet b", "Outlet c"]
                    .iter()
                    .filter(|o| !outlets.contains(&o.to_string()))
                    .map(|o| o.to_string())
                    .collect(),
                outlets,
                passages,
                differs,
                cohesion: 0.5,
            }
        };
        crate::model::StoryFacts {
            story: "s".into(),
            title: "A story".into(),
            articles: vec!["a".into(), "b".into(), "c".into()],
            outlets: vec!["Outlet a".into(), "Outlet b".into(), "Outlet c".into()],
            facts: vec![
                fact(
                    vec![passage("a", 2), passage("c", 0)],
                    vec!["Outlet c".into()],
                ),
                fact(vec![passage("b", 1)], vec![]),
            ],
        }
    }

    #[test]
    fn facts_are_asked_for_once_and_brackets_follow_them() {
        let mut app = app();
        app.update(Action::ArticleLoaded(Box::new(article("a", 4)), Some(2)));
        assert_eq!(
            app.settle()
                .iter()
                .filter(|e| matches!(e, Effect::Facts { .. }))
                .count(),
            1
        );
        assert!(
            !app.settle()
                .iter()
                .any(|e| matches!(e, Effect::Facts { .. }))
        );
        app.update(Action::FactsDone("a".into(), Some(Box::new(story_facts()))));
        assert_eq!(app.cursor_facts().len(), 1);
        // The fact's other version comes before any related passage.
        app.update(Action::RelatedDone("a".into(), 2, vec![related("b", 3)]));
        let e = app.update(Action::NextRelated);
        assert_eq!(
            e,
            [Effect::LoadArticle {
                id: "c".into(),
                passage: Some(0)
            }]
        );
        assert!(
            app.message
                .as_ref()
                .unwrap()
                .text
                .contains("same fact as told by")
        );
    }

    #[test]
    fn the_matrix_shows_who_reports_what_and_enter_goes_there() {
        let mut app = app();
        app.update(Action::ArticleLoaded(Box::new(article("a", 4)), Some(2)));
        app.settle();
        app.update(Action::FactsDone("a".into(), Some(Box::new(story_facts()))));
        app.update(Action::Matrix);
        assert_eq!(app.context(), Context::Matrix);
        assert_eq!(app.cell(0, 0), Cell::Reported);
        assert_eq!(app.cell(0, 1), Cell::Missing);
        assert_eq!(app.cell(0, 2), Cell::Differs);
        assert_eq!(app.cell(1, 1), Cell::Reported);
        // Not reported: Enter says so and stays.
        app.update(Action::Right);
        assert!(app.update(Action::Open).is_empty());
        assert!(
            app.message
                .as_ref()
                .unwrap()
                .text
                .contains("does not report")
        );
        app.update(Action::Down);
        let e = app.update(Action::Open);
        assert_eq!(
            e,
            [Effect::LoadArticle {
                id: "b".into(),
                passage: Some(1)
            }]
        );
        assert_eq!(app.overlay, None);
    }

    #[test]
    fn related_ring_visits_each_outlet_and_comes_back() {
        let mut app = app();
        app.update(Action::ArticleLoaded(Box::new(article("a", 4)), Some(2)));
        app.update(Action::RelatedDone(
            "a".into(),
            2,
            vec![related("b", 1), related("c", 3)],
        ));
        let e = app.update(Action::NextRelated);
        assert_eq!(
            e,
            [Effect::LoadArticle {
                id: "b".into(),
                passage: Some(1)
            }]
        );
        app.update(Action::ArticleLoaded(Box::new(article("b", 4)), Some(1)));
        assert!(app.message.as_ref().unwrap().text.contains("Outlet b"));
        let e = app.update(Action::NextRelated);
        assert_eq!(
            e,
            [Effect::LoadArticle {
                id: "c".into(),
                passage: Some(3)
            }]
        );
        app.update(Action::ArticleLoaded(Box::new(article("c", 4)), Some(3)));
        let e = app.update(Action::NextRelated);
        assert_eq!(
            e,
            [Effect::LoadArticle {
                id: "a".into(),
                passage: Some(2)
            }]
        );
        app.update(Action::ArticleLoaded(Box::new(article("a", 4)), Some(2)));
        let e = app.update(Action::PrevRelated);
        assert_eq!(
            e,
            [Effect::LoadArticle {
                id: "c".into(),
                passage: Some(3)
            }]
        );
    }

    #[test]
    fn search_prompt_runs_live_and_enter_jumps_to_the_hit() {
        let mut app = app();
        app.update(Action::Search);
        assert_eq!(app.context(), Context::Prompt);
        app.update(Action::Input('z'));
        let e = app.update(Action::Input('o'));
        assert_eq!(e, [Effect::Search("zo".into())]);
        let hit = |article: &str, passage: u32| SearchHit {
            article: article.into(),
            file: format!("{article}.txt"),
            outlet: None,
            title: None,
            passage: Some(passage),
            score: 1.0,
            snippet: String::new(),
            highlights: vec![],
            alias: None,
            start: None,
            end: None,
        };
        let results = SearchResults {
            query: "zo".into(),
            total: 2,
            hits: vec![hit("b", 2), hit("c", 0)],
            aliases: vec![],
        };
        app.update(Action::SearchDone(results));
        app.update(Action::Down);
        let e = app.update(Action::Open);
        assert_eq!(
            e,
            [Effect::LoadArticle {
                id: "c".into(),
                passage: Some(0)
            }]
        );
        assert_eq!(app.overlay, None);
        assert_eq!(app.focus, Pane::Article);
        let e = app.update(Action::ArticleLoaded(Box::new(article("c", 2)), Some(0)));
        assert!(e.contains(&Effect::MarkHits { query: "zo".into() }));
        let e = app.update(Action::NextHit);
        assert_eq!(
            e,
            [Effect::LoadArticle {
                id: "b".into(),
                passage: Some(2)
            }]
        );
    }

    /// Seen by a new user: `/` again showed the last query and typing appended to it.
    #[test]
    fn the_search_prompt_reopens_on_the_last_query_and_typing_replaces_it() {
        let mut app = app();
        app.update(Action::Search);
        for c in "paris".chars() {
            app.update(Action::Input(c));
        }
        app.update(Action::Close);
        app.update(Action::Search);
        assert_eq!(app.search.query, "paris");
        let e = app.update(Action::Input('r'));
        assert_eq!(e, [Effect::Search("r".into())]);
        // Backspace on a reopened prompt edits the last query instead.
        app.update(Action::Close);
        app.update(Action::Search);
        let e = app.update(Action::Backspace);
        assert!(e.is_empty() && app.search.query.is_empty());
        app.update(Action::Close);
        app.update(Action::Search);
        for c in "talks".chars() {
            app.update(Action::Input(c));
        }
        app.update(Action::Close);
        app.update(Action::Search);
        app.update(Action::Backspace);
        assert_eq!(app.search.query, "talk");
    }

    #[test]
    fn filter_narrows_the_list_as_you_type() {
        let mut app = app();
        app.update(Action::Filter);
        for c in "outlet b".chars() {
            app.update(Action::Input(c));
        }
        let shown: Vec<&str> = app
            .rows
            .iter()
            .filter_map(|r| {
                if let Row::Article(i) = r {
                    Some(app.articles[*i].id.as_str())
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(shown, ["b"]);
        app.update(Action::Close);
        assert!(!app.filtering);
        assert_eq!(app.context(), Context::Normal);
    }

    #[test]
    fn narrow_terminals_cycle_through_all_panes_and_wide_ones_skip_a_hidden_panel() {
        let mut app = app();
        app.update(Action::Resize(80, 24));
        let mut seen = vec![app.focus];
        for _ in 0..3 {
            app.update(Action::FocusNext);
            seen.push(app.focus);
        }
        assert_eq!(seen, [Pane::List, Pane::Article, Pane::Side, Pane::List]);
        app.update(Action::Resize(120, 40));
        app.update(Action::TogglePanel);
        app.update(Action::FocusNext);
        app.update(Action::FocusNext);
        assert_eq!(app.focus, Pane::List);
    }

    #[test]
    fn resizing_rewraps_and_keeps_the_cursor_passage_in_view() {
        let mut app = app();
        app.update(Action::ArticleLoaded(Box::new(article("a", 40)), Some(30)));
        let before = app.open.as_ref().unwrap().lines.len();
        app.update(Action::Resize(100, 30));
        let o = app.open.as_ref().unwrap();
        assert!(o.lines.len() > before);
        let h = app.body_size().1 as usize;
        let visible = &o.lines[o.scroll..(o.scroll + h).min(o.lines.len())];
        assert!(visible.iter().any(|l| l.passage == Some(30)));
    }

    /// Two folders, x/ and y/, whose articles tell two stories across them.
    fn two_folders() -> App {
        let mut app = blank_app();
        app.update(Action::Loaded(vec![
            summary("a", "x/a.txt", Some("Outlet a")),
            summary("b", "y/b.txt", Some("Outlet b")),
            summary("c", "x/c.txt", None),
            summary("d", "y/d.txt", Some("Outlet a")),
        ]));
        app
    }

    /// A story of `members` (id, file, outlet), listed by outlet then file as the library does.
    fn story(id: &str, title: &str, members: &[(&str, &str, Option<&str>)]) -> Story {
        let articles: Vec<crate::model::StoryArticle> = members
            .iter()
            .map(|(id, file, outlet)| crate::model::StoryArticle {
                id: id.to_string(),
                file: file.to_string(),
                outlet: outlet.map(Into::into),
                title: None,
                published: None,
            })
            .collect();
        let mut outlets: Vec<String> = articles.iter().filter_map(|a| a.outlet.clone()).collect();
        outlets.sort();
        outlets.dedup();
        Story {
            id: id.into(),
            title: title.into(),
            pinned: false,
            articles,
            outlets,
            first: NaiveDate::from_ymd_opt(2026, 1, 5),
            last: NaiveDate::from_ymd_opt(2026, 1, 6),
        }
    }

    fn stories() -> Vec<Story> {
        vec![
            story(
                "s1",
                "Talks in Paris",
                &[
                    ("a", "x/a.txt", Some("Outlet a")),
                    ("d", "y/d.txt", Some("Outlet a")),
                    ("b", "y/b.txt", Some("Outlet b")),
                ],
            ),
            story("s2", "A lone report", &[("c", "x/c.txt", None)]),
        ]
    }

    fn listed(app: &App) -> Vec<String> {
        app.rows
            .iter()
            .map(|r| match r {
                Row::Folder { name, articles } => format!("folder {name} ({articles})"),
                Row::Story(k) => format!("story {}", app.stories.as_ref().unwrap().heads[*k].title),
                Row::StoryInfo { story, shown } => {
                    format!(
                        "  {}",
                        app.stories.as_ref().unwrap().heads[*story].about(*shown, 80)
                    )
                }
                Row::Singles { articles } => format!("singles ({articles})"),
                Row::Outlet { name, articles } => {
                    format!("  {} · {articles}", name.as_deref().unwrap_or("-"))
                }
                Row::Article(i) => format!("    {}", app.articles[*i].id),
            })
            .collect()
    }

    #[test]
    fn stories_regroup_the_list_keeping_the_selection_and_the_open_article() {
        let mut app = two_folders();
        assert_eq!(
            listed(&app),
            [
                "folder x (2)",
                "  Outlet a · 1",
                "    a",
                "  - · 1",
                "    c",
                "folder y (2)",
                "  Outlet a · 1",
                "    d",
                "  Outlet b · 1",
                "    b",
            ]
        );
        // A short terminal: the list scrolls.
        app.update(Action::Resize(200, 10));
        app.update(Action::ArticleLoaded(Box::new(article("d", 4)), Some(2)));
        // The reader moves on to another article without opening it.
        app.update(Action::Down);
        assert_eq!(app.selected_article().unwrap().id, "b");
        assert!(app.list_offset > 0);
        let screen_row = app.selected - app.list_offset;

        // Nothing to load but the entity list, asked for once the stories are in.
        assert_eq!(
            app.update(Action::StoriesDone(stories())),
            [Effect::LoadEntities]
        );
        assert_eq!(
            listed(&app),
            [
                "story Talks in Paris",
                "  3 articles · 2 outlets · Jan 5–6, 2026",
                "  Outlet a · 2",
                "    a",
                "    d",
                "  Outlet b · 1",
                "    b",
                "singles (1)",
                "  - · 1",
                "    c",
            ]
        );
        assert_eq!(app.selected_article().unwrap().id, "b");
        assert_eq!(
            app.selected - app.list_offset,
            screen_row,
            "the selection did not move on screen"
        );
        let o = app.open.as_ref().unwrap();
        assert_eq!((o.article.id.as_str(), o.cursor), ("d", 2));
        assert_eq!(app.open_row, Some(4));
        assert!(
            app.location()
                .starts_with("Talks in Paris · Outlet d (2 of 3) · ¶ 3 of 4"),
            "{}",
            app.location()
        );
    }

    #[test]
    fn a_regroup_never_hides_the_headings_of_the_selected_article() {
        let mut app = two_folders();
        assert_eq!(app.selected_article().unwrap().id, "a");
        app.update(Action::StoriesDone(stories()));
        assert_eq!(app.selected_article().unwrap().id, "a");
        assert_eq!(app.list_offset, 0, "the story's title is on screen");
    }

    #[test]
    fn stories_before_the_reader_does_anything_start_at_the_first_story() {
        let other = || {
            vec![
                story(
                    "s1",
                    "Talks in Paris",
                    &[
                        ("d", "y/d.txt", Some("Outlet a")),
                        ("b", "y/b.txt", Some("Outlet b")),
                    ],
                ),
                story("s2", "One", &[("a", "x/a.txt", Some("Outlet a"))]),
                story("s3", "Two", &[("c", "x/c.txt", None)]),
            ]
        };
        let d = vec![
            Effect::LoadArticle {
                id: "d".into(),
                passage: None,
            },
            Effect::LoadEntities,
        ];
        // Loading opened the first folder's first article; nobody chose it.
        let mut app = two_folders();
        app.update(Action::ArticleLoaded(Box::new(article("a", 2)), None));
        assert_eq!(app.update(Action::StoriesDone(other())), d);
        assert_eq!(app.selected_article().unwrap().id, "d");
        assert_eq!(app.list_offset, 0);
        // Once the reader has moved, the stories leave their choice alone.
        let mut app = two_folders();
        app.update(Action::ArticleLoaded(Box::new(article("a", 2)), None));
        app.update(Action::Down);
        app.update(Action::Up);
        assert_eq!(
            app.update(Action::StoriesDone(other())),
            [Effect::LoadEntities]
        );
        assert_eq!(app.selected_article().unwrap().id, "a");
    }

    #[test]
    fn next_outlet_follows_the_story_not_the_folder() {
        let mut app = two_folders();
        app.update(Action::ArticleLoaded(Box::new(article("a", 2)), None));
        // By folder, a's neighbour is c (x/).
        let load = |id: &str| {
            vec![Effect::LoadArticle {
                id: id.into(),
                passage: None,
            }]
        };
        assert_eq!(app.update(Action::NextOutlet), load("c"));
        app.update(Action::StoriesDone(stories()));
        assert_eq!(app.update(Action::NextOutlet), load("d"));
        app.update(Action::ArticleLoaded(Box::new(article("d", 2)), None));
        assert_eq!(app.update(Action::NextOutlet), load("b"));
        app.update(Action::ArticleLoaded(Box::new(article("b", 2)), None));
        assert_eq!(app.update(Action::NextOutlet), load("a"), "round the story");
        assert_eq!(app.update(Action::PrevOutlet), load("d"));
        // Stepping follows the story even when the filter hides part of it.
        app.update(Action::Filter);
        for c in "outlet b".chars() {
            app.update(Action::Input(c));
        }
        assert_eq!(app.update(Action::NextOutlet), load("a"));
        app.update(Action::Close);
        // An article alone in its story has nowhere to go.
        app.update(Action::ArticleLoaded(Box::new(article("c", 2)), None));
        assert!(app.update(Action::NextOutlet).is_empty());
        assert_eq!(
            app.message.as_ref().unwrap().text,
            "no other article in this story"
        );
        assert!(
            app.location()
                .starts_with("A lone report · Outlet c (1 of 1)"),
            "{}",
            app.location()
        );
    }

    #[test]
    fn the_filter_matches_story_titles_and_counts_what_it_shows() {
        let mut app = two_folders();
        app.update(Action::StoriesDone(stories()));
        app.update(Action::Filter);
        for c in "outlet b".chars() {
            app.update(Action::Input(c));
        }
        assert_eq!(
            listed(&app),
            [
                "story Talks in Paris",
                "  1 of 3 articles · 2 outlets · Jan 5–6, 2026",
                "  Outlet b · 1",
                "    b",
            ]
        );
        for _ in 0.."outlet b".len() {
            app.update(Action::Backspace);
        }
        for c in "paris".chars() {
            app.update(Action::Input(c));
        }
        let shown: Vec<String> = listed(&app)
            .into_iter()
            .filter(|r| r.starts_with("    "))
            .collect();
        assert_eq!(
            shown,
            ["    a", "    d", "    b"],
            "every article of the story"
        );
    }

    #[test]
    fn moving_down_the_list_skips_headings_and_stops_at_the_ends() {
        let mut app = two_folders();
        app.update(Action::StoriesDone(stories()));
        let mut seen = vec![app.selected_article().unwrap().id.clone()];
        for _ in 0..5 {
            app.update(Action::Down);
            seen.push(app.selected_article().unwrap().id.clone());
        }
        assert_eq!(seen, ["a", "d", "b", "c", "c", "c"]);
        app.update(Action::Top);
        assert_eq!(app.selected_article().unwrap().id, "a");
        app.update(Action::Bottom);
        assert_eq!(app.selected_article().unwrap().id, "c");
        app.update(Action::Up);
        assert_eq!(app.selected_article().unwrap().id, "b");
    }

    #[test]
    fn a_story_line_says_how_many_articles_and_outlets_and_when() {
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
        let mut h = StoryHead {
            id: "s".into(),
            title: "t".into(),
            articles: 1,
            outlets: 0,
            first: None,
            last: None,
        };
        assert_eq!(h.about(1, 80), "1 article · no outlet named");
        (h.articles, h.outlets, h.first, h.last) = (5, 1, d(1, 6), d(1, 6));
        assert_eq!(h.about(5, 80), "5 articles · 1 outlet · Jan 6, 2026");
        (h.articles, h.outlets) = (8, 7);
        h.first = NaiveDate::from_ymd_opt(2025, 12, 28);
        // A narrow list pane keeps the counts and the days, not the years.
        assert_eq!(
            h.about(2, 80),
            "2 of 8 articles · 7 outlets · Dec 28, 2025 – Jan 6, 2026"
        );
        assert_eq!(h.about(8, 36), "8 articles · 7 outlets · Dec 28 – Jan 6");
        assert_eq!(date_span(d(1, 5), d(1, 6), true).unwrap(), "Jan 5–6, 2026");
        assert_eq!(date_span(d(1, 5), d(1, 6), false).unwrap(), "Jan 5–6");
        assert_eq!(
            date_span(d(2, 5), d(1, 6), true).unwrap(),
            "Jan 6 – Feb 5, 2026"
        );
    }

    #[test]
    fn help_toggles_and_quit_quits() {
        let mut app = app();
        app.update(Action::Help);
        assert_eq!(app.context(), Context::Help);
        app.update(Action::Close);
        assert_eq!(app.overlay, None);
        assert_eq!(app.update(Action::Quit), [Effect::Quit]);
        assert!(app.quit);
    }
}
