//! Reader benchmarks: one full frame at 200×50, the first frame on the seeds (warm and cold
//! library, in process), and keypress-to-frame on generated libraries (1k/10k/100k; set
//! `BRIEFING_BENCH_SIZES=1k,10k` to limit). A keypress is `App::update`, the effects it asks
//! for against the library (load an article, search hits, related passages), and a draw.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use briefing::library::{Corpus, Library, OpenOptions};
use briefing::tui::action::Action;
use briefing::tui::app::App;
use briefing::tui::config::PaneRatios;
use briefing::tui::keymap::{Context, Keymap};
use briefing::tui::theme::Theme;
use briefing::tui::{dispatch, dispatch_deferring, view};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SEED: u64 = 0x5eed_b71e_f1a6;

fn open(corpus: &Corpus, index: &Path) -> Library {
    Library::open(
        corpus,
        &OpenOptions {
            index_dir: Some(index.to_path_buf()),
            ..Default::default()
        },
    )
    .unwrap()
}

fn reader(lib: &Library, w: u16, h: u16) -> App {
    let keymap = Keymap::builtin();
    let mut app = App::new(
        "bench".into(),
        keymap.help(),
        keymap.hints(Context::Normal),
        PaneRatios::default(),
    );
    dispatch(&mut app, Some(lib), Action::Resize(w, h));
    dispatch(&mut app, Some(lib), Action::Loaded(lib.articles().unwrap()));
    app
}

fn draw(term: &mut Terminal<TestBackend>, app: &App, theme: &Theme) {
    term.draw(|f| view::draw(f, app, theme)).unwrap();
}

fn frame(c: &mut Criterion) {
    let idx = tempfile::tempdir().unwrap();
    let lib = open(&Corpus::Seeds, idx.path());
    let mut app = reader(&lib, 200, 50);
    dispatch(&mut app, Some(&lib), Action::Search);
    for ch in "buffer zone".chars() {
        dispatch(&mut app, Some(&lib), Action::Input(ch));
    }
    dispatch(&mut app, Some(&lib), Action::Open);
    let theme = Theme::default();
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("frame/200x50/seeds", |b| {
        b.iter(|| draw(&mut term, &app, &theme))
    });
}

/// Whole first frame in process: open the library, list it, open the first article with its
/// related passages, draw. Warm: the library exists; cold: it is built first.
fn first_frame(c: &mut Criterion) {
    let theme = Theme::default();
    let warm = tempfile::tempdir().unwrap();
    drop(open(&Corpus::Seeds, warm.path()));
    let mut g = c.benchmark_group("first_frame/seeds");
    g.sample_size(20);
    g.bench_function("warm", |b| {
        b.iter(|| {
            let lib = open(&Corpus::Seeds, warm.path());
            let app = reader(&lib, 200, 50);
            let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
            draw(&mut term, &app, &theme);
        })
    });
    g.bench_function("cold", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let cold = tempfile::tempdir().unwrap();
                let t = Instant::now();
                let lib = open(&Corpus::Seeds, cold.path());
                let app = reader(&lib, 200, 50);
                let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
                draw(&mut term, &app, &theme);
                total += t.elapsed();
            }
            total
        })
    });
    g.finish();
}

fn sizes() -> Vec<(String, usize)> {
    let wanted = std::env::var("BRIEFING_BENCH_SIZES").unwrap_or_else(|_| "1k,10k,100k".into());
    wanted
        .split(',')
        .filter_map(|s| {
            let s = s.trim();
            let n = s.strip_suffix('k')?.parse::<usize>().ok()? * 1000;
            Some((s.to_string(), n))
        })
        .collect()
}

fn bench_root() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("bench-corpora")
}

/// A generated library of `n` articles: the core bench's corpus when it is there.
fn library(label: &str, n: usize) -> Library {
    let dir = bench_root().join(label);
    if !dir.join("COMPLETE").exists() {
        let tmp = bench_root().join(format!("tui-{label}"));
        if !tmp.join("DONE").exists() {
            corpus::write_corpus(&tmp, n, SEED).unwrap();
            std::fs::write(tmp.join("DONE"), "").unwrap();
        }
        return open(
            &Corpus::Paths(vec![tmp.clone()]),
            &bench_root().join(format!("index-tui-{label}")),
        );
    }
    open(
        &Corpus::Paths(vec![dir]),
        &bench_root().join(format!("index-tui-{label}")),
    )
}

fn keypress(c: &mut Criterion) {
    let theme = Theme::default();
    for (label, n) in sizes() {
        let lib = library(&label, n);
        let mut app = reader(&lib, 200, 50);
        dispatch(&mut app, Some(&lib), Action::Search);
        for ch in "agreement border".chars() {
            dispatch(&mut app, Some(&lib), Action::Input(ch));
        }
        dispatch(&mut app, Some(&lib), Action::Open);
        let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
        let mut g = c.benchmark_group(format!("keypress_to_frame/{label}"));
        g.sample_size(30);
        // `slow`: as the reader does it, related-passage queries go to a background worker
        // (here: a channel nobody answers) and the frame is drawn without waiting for them.
        let (tx, rx) = std::sync::mpsc::channel();
        let mut press_with = |slow: bool, name: &str, actions: &[Action]| {
            g.bench_function(name, |b| {
                b.iter(|| {
                    for a in actions {
                        let deferred = slow.then_some(&tx);
                        dispatch_deferring(&mut app, Some(&lib), a.clone(), deferred);
                    }
                    draw(&mut term, &app, &theme);
                    while rx.try_recv().is_ok() {}
                })
            });
        };
        press_with(
            false,
            "scroll_j_k",
            &[
                Action::FocusNext,
                Action::Down,
                Action::Up,
                Action::FocusPrev,
            ],
        );
        press_with(false, "list_down_up", &[Action::Down, Action::Up]);
        press_with(
            false,
            "next_passage_with_related",
            &[Action::NextPassage, Action::PrevPassage],
        );
        press_with(false, "next_hit_loads_article", &[Action::NextHit]);
        press_with(
            true,
            "next_passage_related_in_background",
            &[Action::NextPassage, Action::PrevPassage],
        );
        press_with(true, "next_hit_related_in_background", &[Action::NextHit]);
        press_with(
            false,
            "search_keystroke",
            &[
                Action::Search,
                Action::Input('s'),
                Action::Backspace,
                Action::Close,
            ],
        );
        g.finish();
    }
}

criterion_group!(benches, frame, first_frame, keypress);
criterion_main!(benches);
