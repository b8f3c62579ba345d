//! The real binary in a real terminal: tmux runs `briefing`, `send-keys` types, and
//! `capture-pane` reads the screen a user would see. `.ci/run` installs tmux.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "../benches/corpus.rs"]
#[allow(dead_code)]
mod corpus;

/// What the reader shows while an answer is still being worked out.
const WAITING: &[&str] = &[
    "opening the library…",
    "Opening the library…",
    "looking for related passages…",
    "working out the story's facts…",
    "loading entities…",
];

struct Tmux {
    socket: String,
}

impl Tmux {
    /// A tmux server of its own (`socket`) with one session "s" of `width`×`height` running
    /// the shell command `cmd`.
    fn start(socket: String, width: u16, height: u16, cmd: &str) -> Tmux {
        let t = Tmux { socket };
        t.run(&[
            "new-session",
            "-d",
            "-s",
            "s",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            cmd,
        ]);
        t
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A tmux format (`#{alternate_on}`) as the pane sees it now.
    fn pane(&self, format: &str) -> String {
        self.run(&["display", "-p", "-t", "s", format])
            .trim()
            .to_string()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "s"])
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "s", k]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Wait until the screen shows `what` and no waiting line; the time a waiting line was on
    /// screen on the way. Panics (a hang) after `limit`.
    fn settle(&self, what: &str, limit: Duration) -> (String, Duration) {
        let t0 = Instant::now();
        let mut waited = Duration::ZERO;
        loop {
            let screen = self.screen();
            let waiting = WAITING.iter().any(|w| screen.contains(w));
            if waiting {
                waited = t0.elapsed();
            } else if screen.contains(what) {
                return (screen, waited);
            }
            assert!(
                t0.elapsed() < limit,
                "no answer ({what:?}) in {limit:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until the screen shows `what` (the program may still be starting or indexing).
    fn wait_for(&self, what: &str) -> String {
        let mut screen = String::new();
        for _ in 0..300 {
            screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the screen never showed {what:?}; it shows:\n{screen}");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether tmux is here to drive the binary; outside CI a missing tmux skips the test.
fn tmux_or_skip() -> bool {
    if have_tmux() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "tmux is required in CI (.ci/run installs it)"
    );
    eprintln!("skipping: tmux is not installed");
    false
}

#[test]
fn a_user_reads_searches_jumps_and_quits_in_a_real_terminal() {
    if !tmux_or_skip() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_briefing");
    let h = home.path().display();
    let cmd = format!(
        "env HOME={h} XDG_CACHE_HOME={h}/cache XDG_CONFIG_HOME={h}/config TERM=xterm-256color {bin}; echo EXIT=$?; sleep 30"
    );
    let t = Tmux::start(
        format!("briefing-test-{}", std::process::id()),
        180,
        45,
        &cmd,
    );

    // Three panes on the seeds; the side panel fills in with the same fact in other outlets.
    t.wait_for("of 5) · ¶ 1 of");
    // The source list groups the sample by story: its title, then what it holds.
    let s = t.wait_for("5 articles · 3 outlets");
    assert!(s.contains("▾ Syrian and Israeli officials"), "{s}");
    let s = t.wait_for("Same fact, other outlets");
    assert!(s.contains("Sources · 5"), "{s}");
    assert!(s.contains("Associated Press"), "{s}");
    assert!(s.contains("? help"), "status bar hints: {s}");

    // `/` + a query + Enter lands on the hit.
    t.keys(&["/"]);
    t.wait_for("Search · Enter to jump");
    t.keys(&["Salameh"]);
    // Alias-aware: PTV's "Hussein al-Salama" is found too.
    t.wait_for("3 hits");
    t.keys(&["Enter"]);
    let s = t.wait_for("¶ 7/11");
    assert!(s.contains("intelligence chief Hussein al-"), "{s}");

    // `]` moves to another outlet's telling of the same fact.
    t.keys(&["]"]);
    let s = t.wait_for("same fact as told by");
    assert!(
        !s.contains("000_9f0136d0578d2de3.txt · ¶"),
        "still on the first article: {s}"
    );

    // `m` shows who reports what; Esc closes it.
    t.keys(&["m"]);
    let s = t.wait_for("Fact matrix");
    assert!(s.contains("●") && s.contains("·"), "{s}");
    t.keys(&["Escape"]);

    // `q` exits cleanly and gives the terminal back.
    t.keys(&["q"]);
    let s = t.wait_for("EXIT=0");
    assert!(
        !s.contains("Sources ·"),
        "the reader's screen was left behind: {s}"
    );
    assert!(
        Path::new(&format!("{h}/cache/briefing")).exists(),
        "the library was created in the cache dir"
    );
}

/// The reader on the sample in a 160×40 tmux pane of its own, with a home of its own (whose
/// `pid` file holds the reader's pid), its screen up; `then` runs in the pane's shell after
/// the reader ends.
fn reader_in_tmux(name: &str, then: &str) -> (tempfile::TempDir, Tmux) {
    let home = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_briefing");
    let h = home.path().display();
    // `exec`: the pid written is briefing's own.
    let cmd = format!(
        "sh -c 'echo $$ > {h}/pid; exec env HOME={h} XDG_CACHE_HOME={h}/cache \
         XDG_CONFIG_HOME={h}/config TERM=xterm-256color {bin} --index {h}/index'{then}"
    );
    let t = Tmux::start(
        format!("briefing-test-{name}-{}", std::process::id()),
        160,
        40,
        &cmd,
    );
    t.wait_for("Same fact, other outlets");
    (home, t)
}

/// Start `briefing` on the sample in a tmux pane, send it `signal` once its screen is up, and
/// check the pane is given back as quitting leaves it: main screen, cursor shown, no mouse
/// reporting, and the tty back in canonical mode with echo (what `stty -a` says after it).
fn a_signal_restores_the_terminal(signal: &str, number: i32) {
    if !tmux_or_skip() {
        return;
    }
    let (home, t) = reader_in_tmux(
        signal,
        "; echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' \
         | sed 's/^/MODE=/'; sleep 30",
    );
    assert_eq!(
        t.pane("#{alternate_on}"),
        "1",
        "the reader is on the other screen"
    );
    let pid = std::fs::read_to_string(home.path().join("pid")).unwrap();
    let killed = Command::new("kill")
        .args([&format!("-{signal}"), pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());

    let s = t.wait_for("EXIT=");
    assert!(
        s.contains(&format!("EXIT={}", 128 + number)),
        "it should die of SIG{signal}: {s}"
    );
    assert!(
        !s.contains("Sources ·"),
        "the reader's screen was left behind: {s}"
    );
    let s = t.wait_for("MODE=echo");
    assert!(s.contains("MODE=icanon"), "raw mode is still on: {s}");
    assert!(!s.contains("MODE=-"), "raw mode is still on: {s}");
    assert_eq!(t.pane("#{alternate_on}"), "0", "still on the other screen");
    assert_eq!(t.pane("#{cursor_flag}"), "1", "the cursor is hidden");
    assert_eq!(t.pane("#{mouse_any_flag}"), "0", "mouse reporting is on");
}

#[test]
fn sigterm_restores_the_terminal() {
    a_signal_restores_the_terminal("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal() {
    a_signal_restores_the_terminal("HUP", 1);
}

/// Closing the terminal (here: killing the tmux server that holds it) ends the reader. Before,
/// the reader caught the SIGHUP and then spun for ever at full CPU on the dead tty, since the
/// terminal library's poll never returns once the tty reads as end-of-file (seen with two
/// orphaned readers at 69 % CPU each).
#[test]
fn closing_the_terminal_ends_the_reader() {
    if !tmux_or_skip() {
        return;
    }
    let (home, t) = reader_in_tmux("close", "");
    let pid = std::fs::read_to_string(home.path().join("pid")).unwrap();
    let pid = pid.trim().to_string();
    drop(t);
    // A hang check: the process is gone well within the limit, or it never goes.
    let alive = || {
        Command::new("kill")
            .args(["-0", &pid])
            .status()
            .is_ok_and(|s| s.success())
    };
    let t0 = Instant::now();
    while alive() && t0.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let still = alive();
    if still {
        let _ = Command::new("kill").args(["-9", &pid]).status();
    }
    assert!(!still, "the reader outlived its terminal");
    eprintln!(
        "the reader ended {:?} after its terminal closed",
        t0.elapsed()
    );
}

/// The scale issue's hang check: a generated library of 10,000 articles, built by `briefing
/// index`, opened in the reader. Moving through the list, then through an article's passages
/// (the side panel looking for related passages), the fact matrix and the entity list each
/// answer, and no waiting line stays up. The limit is a hang check, not a speed target (this
/// is a debug build); how long each waiting line was up is printed.
#[test]
fn a_ten_thousand_article_library_answers_every_step_in_a_real_terminal() {
    if !tmux_or_skip() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path().display();
    let articles = home.path().join("articles");
    corpus::write_corpus(&articles, 10_000, 0x7465_726d_696e_616c).unwrap();
    let bin = env!("CARGO_BIN_EXE_briefing");
    let index = home.path().join("index");
    let built = Command::new(bin)
        .arg("index")
        .arg(&articles)
        .arg("--index")
        .arg(&index)
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let cmd = format!(
        "env HOME={h} XDG_CACHE_HOME={h}/cache XDG_CONFIG_HOME={h}/config TERM=xterm-256color \
         {bin} {} --index {}; echo EXIT=$?; sleep 30",
        articles.display(),
        index.display()
    );
    let t = Tmux::start(
        format!("briefing-test-10k-{}", std::process::id()),
        180,
        45,
        &cmd,
    );
    let hang = Duration::from_secs(60);
    let mut waits: Vec<(String, Duration)> = Vec::new();
    let mut step = |t: &Tmux, keys: &[&str], what: &str| -> String {
        t.keys(keys);
        let (screen, waited) = t.settle(what, hang);
        waits.push((format!("{keys:?} -> {what:?}"), waited));
        screen
    };
    let s = step(&t, &[], "Sources · ");
    assert!(s.contains("10000") || s.contains("10,000"), "{s}");
    // Down the list, then into the article and through its passages.
    step(&t, &["j", "j", "j"], "¶ 1 of");
    step(&t, &["Tab"], "¶ 1 of");
    for _ in 0..3 {
        step(&t, &["}"], "Same fact, other outlets");
    }
    let s = step(&t, &["m"], "Fact matrix");
    assert!(s.contains("●"), "{s}");
    step(&t, &["Escape"], "Same fact, other outlets");
    let s = step(&t, &["e"], "Entities · type to filter");
    assert!(s.lines().count() > 10, "{s}");
    step(&t, &["Escape"], "Sources · ");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
    for (what, waited) in &waits {
        eprintln!("{what}: a waiting line was up {waited:?}");
    }
}

#[path = "support/site.rs"]
mod site;

/// A news folder made by `briefing fetch` from a local feed; the feed gets a new item; `r` in
/// the reader fetches it, and the new article joins the list.
#[test]
fn r_fetches_new_articles_into_the_open_reader() {
    if !tmux_or_skip() {
        return;
    }
    let site = site::serve();
    let home = tempfile::tempdir().unwrap();
    let news = home.path().join("news");
    let first = site::fetch(&[&format!("{}/rss.xml", site.base)], &news);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let bin = env!("CARGO_BIN_EXE_briefing");
    let h = home.path().display();
    let cmd = format!(
        "env -u http_proxy -u HTTP_PROXY -u https_proxy -u HTTPS_PROXY -u all_proxy -u ALL_PROXY \
         HOME={h} XDG_CACHE_HOME={h}/cache XDG_CONFIG_HOME={h}/config TERM=xterm-256color \
         {bin} {h}/news --index {h}/index"
    );
    let t = Tmux::start(
        format!("briefing-test-refresh-{}", std::process::id()),
        160,
        40,
        &cmd,
    );
    t.wait_for("Harbour bridge approved");
    assert!(!t.screen().contains("Tram line opens"));
    site.seen
        .edition
        .store(1, std::sync::atomic::Ordering::SeqCst);
    t.keys(&["r"]);
    let screen = t.wait_for("Tram line opens");
    assert!(screen.contains("fetched 1 new article"), "{screen}");
    assert_eq!(site::hits(&site, "/a1"), 1, "nothing is fetched twice");
    t.keys(&["q"]);
}
