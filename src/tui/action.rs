//! Everything that can happen to the reader, as one enum. User-bindable actions deserialize
//! from snake_case names in the keymap (`assets/keymap.toml`); internal ones (results coming
//! back from the library, resizes, typed characters) are `#[serde(skip)]`.

use serde::{Deserialize, Serialize};

use crate::library::Progress;
use crate::model::{Article, ArticleSummary, RelatedPassage, SearchResults};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave the reader.
    Quit,
    /// Show or hide the key help.
    Help,
    /// Focus the next pane (list → article → side panel).
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Move the selection down, or scroll down one line.
    Down,
    /// Move the selection up, or scroll up one line.
    Up,
    /// Go to the top (`g g`).
    Top,
    /// Go to the bottom.
    Bottom,
    /// Scroll a page down.
    PageDown,
    /// Scroll a page up.
    PageUp,
    /// Open the selected article (or search hit).
    Open,
    /// Move the passage cursor to the next passage.
    NextPassage,
    /// Move the passage cursor to the previous passage.
    PrevPassage,
    /// Open the search prompt.
    Search,
    /// Jump to the next search hit, across articles.
    NextHit,
    /// Jump to the previous search hit.
    PrevHit,
    /// Jump to the same passage as told by the next other outlet.
    NextRelated,
    /// Jump to the same passage as told by the previous other outlet.
    PrevRelated,
    /// Open the next outlet's article in the same story.
    NextOutlet,
    /// Open the previous outlet's article in the same story.
    PrevOutlet,
    /// Filter the source list as you type.
    Filter,
    /// Show or hide the side panel.
    TogglePanel,
    /// Close the overlay or prompt on top.
    Close,
    /// Open the entity list: people, organizations, places, dates, groups, filterable.
    Entities,
    /// Jump to the next mention of the entity under the cursor, across all outlets.
    NextMention,
    /// Jump to the previous mention of the entity under the cursor.
    PrevMention,
    /// Show or hide the card of the entity under the cursor in the side panel.
    EntityCard,
    /// Open the story's fact matrix: facts × outlets.
    Matrix,
    /// Fetch new articles from the feeds of the news folders open (as `briefing fetch`), in
    /// the background; new articles then join the list.
    Refresh,
    /// Move left (in the fact matrix: the previous outlet).
    Left,
    /// Move right (in the fact matrix: the next outlet).
    Right,

    /// The terminal was resized to (columns, rows).
    #[serde(skip)]
    Resize(u16, u16),
    /// A character typed into a prompt.
    #[serde(skip)]
    Input(char),
    /// Delete the character before the prompt cursor.
    #[serde(skip)]
    Backspace,
    /// Mouse click at (column, row).
    #[serde(skip)]
    Click(u16, u16),
    /// Mouse wheel at (column, row): positive scrolls down.
    #[serde(skip)]
    Wheel(u16, u16, i16),
    /// The library finished opening.
    #[serde(skip)]
    Loaded(Vec<ArticleSummary>),
    /// Indexing progressed; a newly read article's summary, when there is one.
    #[serde(skip)]
    Indexing(Progress, Option<Box<ArticleSummary>>),
    /// An article came back from the library, with the passage to put the cursor on.
    #[serde(skip)]
    ArticleLoaded(Box<Article>, Option<u32>),
    /// Search results came back.
    #[serde(skip)]
    SearchDone(SearchResults),
    /// The facts of the story of an article came back (`None`: it is in no story).
    #[serde(skip)]
    FactsDone(String, Option<Box<crate::model::StoryFacts>>),
    /// The library's stories came back: the source list regroups by story.
    #[serde(skip)]
    StoriesDone(Vec<crate::model::Story>),
    /// Related passages for (article, passage) came back.
    #[serde(skip)]
    RelatedDone(String, u32, Vec<RelatedPassage>),
    /// Query highlights for the open article's passages came back: (passage, ranges in article text).
    #[serde(skip)]
    HitsMarked(Vec<crate::model::Span>),
    /// The library's entities came back.
    #[serde(skip)]
    EntitiesLoaded(std::sync::Arc<crate::model::Entities>),
    /// Something failed; show it in the status bar.
    #[serde(skip)]
    Error(String),
    /// Fetching feeds progressed: steps done of how many.
    #[serde(skip)]
    Fetching(Progress),
    /// Fetching ended: what it did, and whether it went wrong somewhere.
    #[serde(skip)]
    Fetched { summary: String, failed: bool },
}

impl Action {
    /// Not something the reader did: a result coming back, progress, a resize.
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            Action::Resize(..)
                | Action::Loaded(_)
                | Action::Indexing(..)
                | Action::ArticleLoaded(..)
                | Action::SearchDone(_)
                | Action::FactsDone(..)
                | Action::StoriesDone(_)
                | Action::RelatedDone(..)
                | Action::HitsMarked(_)
                | Action::EntitiesLoaded(_)
                | Action::Error(_)
                | Action::Fetching(_)
                | Action::Fetched { .. }
        )
    }
}
