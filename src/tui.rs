//! The terminal reader: a three-pane TUI over the library (ratatui + crossterm). Owns the
//! terminal lifecycle (`ratatui::init`/`restore`, which also restore on panic, and on SIGTERM,
//! SIGHUP or SIGINT before dying of the signal), the event loop, the background thread that
//! opens or builds the library, and carrying out the effects `App::update` asks for. Never
//! sees a tantivy type; logs go to a file.

pub mod action;
pub mod app;
pub mod config;
pub mod keymap;
pub mod layout;
pub mod theme;
pub mod view;
pub mod wrap;

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers, MouseEventKind};

use self::action::Action;
use self::app::{App, Effect};
use self::keymap::{Context, KeyResult, Keymap};
use crate::library::{Corpus, Library, OpenOptions, Progress};
use crate::model::{ArticleSummary, Span};

/// What to open the reader on.
pub struct Options {
    pub corpus: Corpus,
    pub index_dir: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

/// Messages from the thread that opens the library.
enum Opening {
    Progress(Progress, Option<Box<ArticleSummary>>),
    /// The library, with its article list read on the same thread (not the UI's).
    Done(Box<Result<(Library, Vec<ArticleSummary>), crate::library::LibraryError>>),
}

/// Start opening the library in the background; progress and the result arrive on the channel.
fn open_in_background(corpus: Corpus, index_dir: Option<PathBuf>) -> mpsc::Receiver<Opening> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let last = std::sync::Mutex::new(Progress { done: 0, total: 0 });
        let progress_tx = std::sync::Mutex::new(tx.clone());
        let on_article = |a: &ArticleSummary| {
            let p = last
                .lock()
                .map(|p| *p)
                .unwrap_or(Progress { done: 0, total: 0 });
            if let Ok(tx) = progress_tx.lock() {
                let _ = tx.send(Opening::Progress(p, Some(Box::new(a.clone()))));
            }
        };
        let progress = |p: Progress| {
            if let Ok(mut l) = last.lock() {
                *l = p;
            }
        };
        let opts = OpenOptions {
            index_dir,
            progress: Some(&progress),
            on_article: Some(&on_article),
        };
        let result = Library::open(&corpus, &opts).map(|l| {
            let articles = l.articles().unwrap_or_default();
            (l, articles)
        });
        let _ = tx.send(Opening::Done(Box::new(result)));
    });
    rx
}

/// The folders of `corpus` that `briefing fetch` fills: those with a `feeds.opml`.
fn news_dirs(corpus: &Corpus) -> Vec<PathBuf> {
    match corpus {
        Corpus::Seeds => Vec::new(),
        Corpus::Paths(paths) => paths
            .iter()
            .filter(|p| p.join(crate::fetch::FEEDS_FILE).is_file())
            .cloned()
            .collect(),
    }
}

/// Fetch every feed of `dirs` on a thread of its own: progress, then one summary, arrive on
/// the channel as actions; the summary's flag says whether any article was saved.
fn fetch_in_background(dirs: Vec<PathBuf>) -> mpsc::Receiver<(Action, bool)> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut saved = 0;
        let mut failures = 0;
        let mut errors = Vec::new();
        for dir in &dirs {
            let progress_tx = std::sync::Mutex::new(tx.clone());
            let progress = |done: usize, total: usize, _: &str| {
                if let Ok(tx) = progress_tx.lock() {
                    let _ = tx.send((Action::Fetching(Progress { done, total }), false));
                }
            };
            let options = crate::fetch::FetchOptions::new(dir.clone());
            match crate::fetch::fetch(&[], &options, &progress) {
                Ok(report) => {
                    saved += report.saved.len();
                    failures += report.failures.len();
                    for f in &report.failures {
                        tracing::warn!("fetch: {}: {}", f.url, f.reason);
                    }
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
        let plural = if saved == 1 { "" } else { "s" };
        let mut summary = format!("fetched {saved} new article{plural}");
        if failures > 0 {
            let log = crate::cli::log_file()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "the log".into());
            summary += &format!(", {failures} sources or items failed (listed in {log})");
        }
        if let Some(e) = errors.first() {
            summary += &format!("; {e}");
        }
        let failed = failures > 0 || !errors.is_empty();
        let _ = tx.send((Action::Fetched { summary, failed }, saved > 0));
    });
    rx
}

/// Map a terminal event to an action, through the keymap.
pub fn to_action(ev: Event, keymap: &mut Keymap, ctx: Context) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => match keymap.feed(ctx, k) {
            KeyResult::Action(a) => Some(a),
            KeyResult::Pending => None,
            KeyResult::Unbound if ctx == Context::Prompt => match k.code {
                KeyCode::Char(c)
                    if !k
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    Some(Action::Input(c))
                }
                KeyCode::Backspace => Some(Action::Backspace),
                _ => None,
            },
            KeyResult::Unbound => None,
        },
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(_) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Action::Wheel(m.column, m.row, 1)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(m.column, m.row, -1)),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// Carry out one effect against the library; its result comes back as an action.
pub fn execute(effect: &Effect, lib: Option<&Library>, app: &App) -> Option<Action> {
    let Some(lib) = lib else {
        return match effect {
            Effect::Quit => None,
            _ => Some(Action::Error(
                "still opening the library; try again in a moment".into(),
            )),
        };
    };
    let err = |e: crate::library::LibraryError| Some(Action::Error(e.to_string()));
    match effect {
        Effect::Quit => None,
        Effect::LoadArticle { id, passage } => match lib.article(id) {
            Ok(Some(a)) => Some(Action::ArticleLoaded(Box::new(a), *passage)),
            Ok(None) => Some(Action::Error(format!(
                "article {id} is no longer in the library"
            ))),
            Err(e) => err(e),
        },
        Effect::Search(q) => match lib.search(q, 50) {
            Ok(r) => Some(Action::SearchDone(r)),
            Err(e) => err(e),
        },
        Effect::Related { article, passage } => {
            match lib.related(article, *passage, app::RELATED_LIMIT) {
                Ok(r) => Some(Action::RelatedDone(article.clone(), *passage, r)),
                Err(e) => err(e),
            }
        }
        Effect::Facts { article } => match lib.story_facts(article) {
            Ok(f) => Some(Action::FactsDone(article.clone(), f.map(Box::new))),
            Err(e) => err(e),
        },
        Effect::Stories => Some(stories(lib)),
        Effect::LoadEntities => Some(entities(lib)),
        Effect::MarkHits { query } => {
            let open = app.open.as_ref()?;
            let spans = open
                .article
                .passages
                .iter()
                .flat_map(|p| {
                    lib.query_marks(query, &p.text)
                        .into_iter()
                        .map(move |h| Span::new(p.span.start + h.start, p.span.start + h.end))
                })
                .collect();
            Some(Action::HitsMarked(spans))
        }
    }
}

/// The library's stories for the source list, or why they could not be worked out (the list
/// then stays grouped by folder).
fn stories(lib: &Library) -> Action {
    match lib.stories() {
        Ok(list) => Action::StoriesDone(list.to_vec()),
        Err(e) => Action::Error(format!(
            "could not group the articles into stories ({e}); listed by folder"
        )),
    }
}

/// The library's entities for the entity list, card and mention jumps, or why they could not
/// be merged.
fn entities(lib: &Library) -> Action {
    match lib.entities() {
        Ok(list) => {
            // The lookup tables the article pane reads are built here, off the UI thread.
            list.prepare();
            Action::EntitiesLoaded(list.clone())
        }
        Err(e) => Action::Error(e.to_string()),
    }
}

/// Apply `action` and every action its effects lead to.
pub fn dispatch(app: &mut App, lib: Option<&Library>, action: Action) {
    dispatch_deferring(app, lib, action, None);
}

/// Like [`dispatch`], but story grouping, related-passage and fact lookups (the slow work on a
/// large library) go to `slow` to be answered in the background, so the frame after a keypress
/// never waits for them.
pub fn dispatch_deferring(
    app: &mut App,
    lib: Option<&Library>,
    action: Action,
    slow: Option<&mpsc::Sender<Effect>>,
) {
    let mut queue = std::collections::VecDeque::from([action]);
    while let Some(a) = queue.pop_front() {
        let mut effects = app.update(a);
        effects.extend(app.settle());
        for e in effects {
            if let (
                Effect::Related { .. }
                | Effect::Facts { .. }
                | Effect::Stories
                | Effect::LoadEntities,
                Some(tx),
                Some(_),
            ) = (&e, slow, lib)
                && tx.send(e.clone()).is_ok()
            {
                continue;
            }
            if let Some(next) = execute(&e, lib, app) {
                queue.push_back(next);
            }
        }
    }
}

/// The background worker for slow lookups: answers only the newest request of each kind
/// waiting (stories, facts, related passages), in that order: the facts of a story need the
/// stories anyway, and the side panel shows a fact before passages merely alike. The entity
/// list (merging every mention of a large library takes long) is worked out on a thread of
/// its own, one at a time, so the side panel is not kept waiting behind it.
fn spawn_slow_worker(
    lib: std::sync::Arc<Library>,
) -> (mpsc::Sender<Effect>, mpsc::Receiver<Action>) {
    let (req_tx, req_rx) = mpsc::channel::<Effect>();
    let (res_tx, res_rx) = mpsc::channel::<Action>();
    let merging = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    std::thread::spawn(move || {
        while let Ok(first) = req_rx.recv() {
            let (mut stories, mut related, mut facts) = (None, None, None);
            for e in std::iter::once(first).chain(req_rx.try_iter()) {
                match e {
                    Effect::Stories => stories = Some(e),
                    Effect::Facts { .. } => facts = Some(e),
                    Effect::LoadEntities => {
                        // A request while a merge runs is answered by that merge.
                        if !merging.swap(true, std::sync::atomic::Ordering::AcqRel) {
                            let (lib, tx, merging) = (lib.clone(), res_tx.clone(), merging.clone());
                            std::thread::spawn(move || {
                                let action = self::entities(&lib);
                                merging.store(false, std::sync::atomic::Ordering::Release);
                                let _ = tx.send(action);
                            });
                        }
                    }
                    _ => related = Some(e),
                }
            }
            for e in [stories, facts, related].into_iter().flatten() {
                let action = match &e {
                    Effect::Stories => self::stories(&lib),
                    Effect::Related { article, passage } => {
                        match lib.related(article, *passage, app::RELATED_LIMIT) {
                            Ok(r) => Action::RelatedDone(article.clone(), *passage, r),
                            Err(err) => Action::Error(err.to_string()),
                        }
                    }
                    Effect::Facts { article } => match lib.story_facts(article) {
                        Ok(f) => Action::FactsDone(article.clone(), f.map(Box::new)),
                        Err(err) => Action::Error(err.to_string()),
                    },
                    _ => continue,
                };
                if res_tx.send(action).is_err() {
                    return;
                }
            }
        }
    });
    (req_tx, res_rx)
}

/// Signals that end the reader the way quitting does: the loop notices, leaves, and the
/// terminal is restored (main screen, cursor shown, raw mode off) before the process dies of
/// the signal.
const ENDING_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
];

/// Have `ENDING_SIGNALS` noted in the flag returned (the signal's number, 0 while none came)
/// instead of killing the process with the terminal still in raw mode on the other screen.
fn watch_signals() -> std::sync::Arc<std::sync::atomic::AtomicUsize> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for sig in ENDING_SIGNALS {
        if let Err(e) = signal_hook::flag::register_usize(sig, flag.clone(), sig as usize) {
            tracing::warn!("cannot watch signal {sig}: {e}");
        }
    }
    end_if_stuck(ENDING_SIGNALS);
    flag
}

/// How long the loop has, after an ending signal, to restore the terminal and end by itself.
const GRACE: Duration = Duration::from_secs(2);

/// Once the terminal is gone (its window closed, the tmux server killed), crossterm's `poll`
/// never returns: the dead tty reads as end-of-file forever and its read loop retries at full
/// speed (crossterm issue 793). The loop then never sees the flag, and the reader, having
/// caught SIGHUP, would spin on a core for ever. So a thread of its own waits for the same
/// signals and, if the process is still here `GRACE` after one, ends it as the signal would
/// have (the terminal restored as well as can be).
fn end_if_stuck(signals: [i32; 3]) {
    let mut waiting = match signal_hook::iterator::Signals::new(signals) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!("cannot watch for a stuck reader: {e}");
            return;
        }
    };
    let spawned = std::thread::Builder::new()
        .name("signal-watchdog".into())
        .spawn(move || {
            if let Some(sig) = waiting.forever().next() {
                std::thread::sleep(GRACE);
                tracing::warn!("signal {sig}: the reader did not end by itself; ending it");
                // The terminal may be gone: restoring must not panic (`restore` reports its
                // failure on stderr, the dead tty, and would abort the process).
                let _ = ratatui::try_restore();
                let _ = signal_hook::low_level::emulate_default_handler(sig);
                std::process::exit(128 + sig);
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot watch for a stuck reader: {e}");
    }
}

/// Run the reader until the user quits, or a signal ends it.
///
/// On SIGTERM, SIGHUP or SIGINT the terminal is restored exactly as when quitting, then the
/// process dies of that same signal as it would have without the reader's handler, so the
/// parent sees why it ended (a shell reports 128 + the signal's number, 143 for SIGTERM).
pub fn run(opts: Options) -> anyhow::Result<()> {
    let (config, problems) = config::Config::load(opts.config.as_deref());
    let (mut keymap, key_problems) = Keymap::with_overrides(&config.keys);
    // Key clashes are found once the overrides apply; say which file they come from.
    let origin = opts
        .config
        .clone()
        .or_else(config::default_path)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "config.toml".into());
    let key_problems: Vec<String> = key_problems
        .into_iter()
        .map(|p| format!("{origin}: {p}"))
        .collect();
    let title = match &opts.corpus {
        Corpus::Seeds => "sample briefing".to_string(),
        Corpus::Paths(p) if p.len() == 1 => p[0].display().to_string(),
        Corpus::Paths(p) => format!("{} paths", p.len()),
    };
    let mut app = App::new(
        title,
        keymap.help(),
        keymap.hints(Context::Normal),
        config.layout,
    );
    let theme = config.theme.clone();
    for p in problems.iter().chain(&key_problems) {
        tracing::warn!("config: {p}");
    }
    if let Some(first) = problems.iter().chain(&key_problems).next() {
        let more = problems.len() + key_problems.len() - 1;
        let suffix = if more > 0 {
            format!(" (+{more} more in the log)")
        } else {
            String::new()
        };
        app.update(Action::Error(format!(
            "config: {first}{suffix}; defaults used for it"
        )));
    }

    let news = news_dirs(&opts.corpus);
    let mut opening = open_in_background(opts.corpus.clone(), opts.index_dir.clone());
    let mut fetching: Option<mpsc::Receiver<(Action, bool)>> = None;
    // An opening of the library is under way (the first, or one after a refresh).
    let mut opening_active = true;
    // A refresh saved articles while an opening was under way: open again after it.
    let mut reopen_pending = false;
    let mut lib: Option<std::sync::Arc<Library>> = None;
    let mut slow: Option<(mpsc::Sender<Effect>, mpsc::Receiver<Action>)> = None;

    let signalled = watch_signals();
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    let result = (|| -> anyhow::Result<()> {
        let size = terminal.size()?;
        app.update(Action::Resize(size.width, size.height));
        // Draw only after something happened: an idle reader costs no CPU.
        let mut dirty = true;
        loop {
            if signalled.load(std::sync::atomic::Ordering::Relaxed) != 0 {
                return Ok(());
            }
            if dirty {
                terminal.draw(|f| view::draw(f, &app, &theme))?;
                dirty = false;
            }
            if app.quit {
                return Ok(());
            }
            // Answers from the slow-lookup worker.
            if let Some((tx, rx)) = &slow {
                while let Ok(a) = rx.try_recv() {
                    dispatch_deferring(&mut app, lib.as_deref(), a, Some(tx));
                    dirty = true;
                }
            }
            // `r`: fetch the feeds, then open the library again with what came in.
            // Not while the library is still opening: its first opening (or a rebuild after a
            // format change) holds the index writer. The request waits for it.
            if app.refresh_requested && !opening_active {
                app.refresh_requested = false;
                dirty = true;
                if news.is_empty() {
                    app.update(Action::Fetched {
                        summary: "no feeds here: `briefing fetch URL --into DIR` subscribes a folder, then open DIR".into(),
                        failed: true,
                    });
                } else {
                    fetching = Some(fetch_in_background(news.clone()));
                }
            }
            if let Some(rx) = &fetching {
                let mut reopen = false;
                let mut ended = false;
                loop {
                    match rx.try_recv() {
                        Ok((action, saved)) => {
                            ended |= matches!(action, Action::Fetched { .. });
                            reopen |= saved;
                            app.update(action);
                            dirty = true;
                        }
                        Err(mpsc::TryRecvError::Empty) => break,
                        Err(mpsc::TryRecvError::Disconnected) => {
                            if !ended {
                                app.update(Action::Fetched {
                                    summary: "fetching stopped unexpectedly (see the log)".into(),
                                    failed: true,
                                });
                            }
                            ended = true;
                            dirty = true;
                            break;
                        }
                    }
                }
                if ended {
                    fetching = None;
                }
                reopen_pending |= reopen;
            }
            if reopen_pending && !opening_active {
                reopen_pending = false;
                opening_active = true;
                opening = open_in_background(opts.corpus.clone(), opts.index_dir.clone());
            }
            // Background news first: progress, then the library itself.
            while let Ok(msg) = opening.try_recv() {
                dirty = true;
                if matches!(msg, Opening::Done(_)) {
                    opening_active = false;
                }
                match msg {
                    Opening::Progress(p, s) => {
                        dispatch(&mut app, lib.as_deref(), Action::Indexing(p, s))
                    }
                    Opening::Done(r) => match *r {
                        Ok((l, articles)) => {
                            if let Some(n) = l.report.notices.first() {
                                app.update(Action::Error(n.clone()));
                            } else if !l.report.problems.is_empty() {
                                let p = &l.report.problems;
                                app.update(Action::Error(format!(
                                    "{} file(s) skipped: {}",
                                    p.len(),
                                    p[0]
                                )));
                            }
                            for p in &l.report.problems {
                                tracing::warn!("{p}");
                            }
                            let shared = std::sync::Arc::new(l);
                            slow = Some(spawn_slow_worker(shared.clone()));
                            lib = Some(shared);
                            let tx = slow.as_ref().map(|(tx, _)| tx);
                            dispatch_deferring(
                                &mut app,
                                lib.as_deref(),
                                Action::Loaded(articles),
                                tx,
                            );
                        }
                        Err(e) => {
                            app.ready = true;
                            app.update(Action::Error(e.to_string()));
                        }
                    },
                }
            }
            if event::poll(Duration::from_millis(20))? {
                let ev = event::read()?;
                dirty = true;
                if let Some(a) = to_action(ev, &mut keymap, app.context()) {
                    let tx = slow.as_ref().map(|(tx, _)| tx);
                    dispatch_deferring(&mut app, lib.as_deref(), a, tx);
                }
            }
        }
    })();
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
    // Dropping the terminal would show the cursor too, but a signal ends the process first.
    let _ = terminal.show_cursor();
    ratatui::restore();
    let sig = signalled.load(std::sync::atomic::Ordering::Relaxed) as i32;
    if sig != 0 {
        tracing::info!("signal {sig}: terminal restored; ending as the signal asks");
        // Reset to the default action and raise the signal again; exit as a shell would
        // report it should that fail.
        let _ = signal_hook::low_level::emulate_default_handler(sig);
        std::process::exit(128 + sig);
    }
    result
}
