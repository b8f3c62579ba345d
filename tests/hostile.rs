//! A hostile corpus through every command of the real binary: control characters in every
//! field of every format, in a file name and in `briefing.toml`s, and none of them reaches the
//! terminal from human output (stdout or stderr), while `--json` keeps them exactly. Also:
//! output into a closed pipe ends quietly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// ESC-driven clear screen, OSC 8 hyperlink, OSC 52 clipboard write, 8-bit CSI, BEL, bare CR.
const CLEAR: &str = "\x1b[2J";
const LINK: &str = "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07";
const CLIPBOARD: &str = "\x1b]52;c;cm0gLXJmIH4=\x07";
const CSI8: &str = "\u{9b}31m";
const HOSTILE_NAME: &str = "evil\x1b[2Jname\x07.txt";
const TXT_TITLE: &str = "Syria talks \x1b[2J resume in Paris\x07 again";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// The corpus: one article per format with every field hostile, a hostile file name, a
/// `briefing.toml` whose outlets, titles, bylines and story names hold controls, and a folder
/// whose `briefing.toml` is broken on a line full of escapes.
fn corpus(dir: &Path) {
    let body = format!(
        "Syrian and Israeli officials are set to resume talks in Paris {CLEAR}on a buffer zone, \
         a Syrian official said Monday.{CLIPBOARD}\n\nThe official, Hussein Salameh{CSI8}, said the \
         buffer zone talks\rOVERWRITTEN would continue {LINK} next week in Paris.\n\n\
         Foreign Minister Asaad al-Shibani\x07 will lead the delegation\x7f to the buffer zone talks."
    );
    write(
        dir,
        "a.txt",
        &format!("Associated Press{CLEAR}\n\n{TXT_TITLE}\n\nBy Jane {CSI8}Doe\x1b[0m\n\n{body}\n"),
    );
    write(
        dir,
        "b.md",
        &format!(
            "---\ntitle: \"Markdown {CLEAR}title{CLIPBOARD}\"\nauthor: Mark {CSI8}Down\x07\n\
             outlet: Courier{LINK}\ndate: 2026-01-06\n---\n\n# Heading {CLEAR}here\n\n{body}\n"
        ),
    );
    write(
        dir,
        "c.html",
        &format!(
            "<!DOCTYPE html><html><head><title>Html &#27;[2J title &#7;| Site</title>\
             <meta property=\"og:site_name\" content=\"Evil &#27;]52;c;aGk=&#7;Times\">\
             <meta property=\"og:title\" content=\"Html {CLEAR} og &#x1b;[31mtitle &#x9b;1m\">\
             <meta name=\"author\" content=\"By Ann &#27;[5mBlink\u{9b}\">\
             <meta property=\"article:published_time\" content=\"2026-01-07\">\
             </head><body><article><h1>Html &#27;[2J title</h1>\
             <p class=\"byline\">By Ann &#27;[5mBlink &#7;</p>\
             <p>Syrian and Israeli officials &#27;[2J are set to resume talks in Paris on the \
             buffer zone &#x9b;31m, a Syrian official &#7; said Monday. {CLIPBOARD}</p>\
             <p>The talks on the buffer zone &#13;OVERWRITTEN in Paris will continue, \
             Hussein Salameh said {LINK}.</p>\
             <p>Foreign Minister Asaad al-Shibani &#127; leads the delegation.</p>\
             </article></body></html>"
        ),
    );
    write(
        dir,
        HOSTILE_NAME,
        &format!("PTV News\n\nIsrael and Syria resume buffer zone talks in Paris\n\n{body}\n"),
    );
    write(
        dir,
        "briefing.toml",
        "[files.\"a.txt\"]\nbyline = \"Over \\u001B[2Jride\\u0007\"\n\
         [files.\"b.md\"]\noutlet = \"Outlet \\u001B]52;c;aGk=\\u0007Name\\u009B1m\"\n\
         title = \"Override \\u001B[2J title\\r\\nline\"\n\
         [stories]\n\"Pinned \\u001B[2J story\\u0007\" = [\"a.txt\", \"b.md\"]\n\
         [entities]\nmerge = [[\"Hussein Salameh\", \"Salama \\u001B[2J\"]]\n",
    );
    let bad = dir.join("bad");
    std::fs::create_dir(&bad).unwrap();
    write(
        &bad,
        "briefing.toml",
        "[files.\"x.txt\"]\nouttlet \x1b[2J\x07 = \u{9b}oops\n",
    );
    write(
        &bad,
        "d.txt",
        "Another headline about Paris talks\n\nThe buffer zone talks resumed in Paris.\n",
    );
}

/// The reader config given with `--config`: broken TOML on a line of escapes.
fn hostile_config(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("config\x1b[2J.toml");
    std::fs::write(&path, "[theme]\nsearch_hit = \x1b]52;c;aGk=\x07\n").unwrap();
    path
}

fn run(args: &[&str], corpus: &Path, index: &Path, config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .arg("--index")
        .arg(index)
        .arg("--config")
        .arg(config)
        .arg(corpus)
        .env("NO_COLOR", "1")
        .env("BRIEFING_LOG", "warn")
        .output()
        .unwrap()
}

/// The first byte or character of `bytes` that could drive a terminal, with where it is.
fn first_hazard(bytes: &[u8]) -> Option<String> {
    if let Some(i) = bytes
        .iter()
        .position(|&b| matches!(b, 0x00..=0x08 | 0x0b..=0x1f | 0x7f))
    {
        return Some(format!("byte {:#04x} at {i}", bytes[i]));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Some(format!("not UTF-8 at {}", e.valid_up_to())),
    };
    text.char_indices()
        .find(|(_, c)| ('\u{80}'..='\u{9f}').contains(c))
        .map(|(i, c)| format!("{c:?} at {i}"))
}

fn assert_clean(what: &str, o: &Output) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        if let Some(h) = first_hazard(bytes) {
            panic!(
                "{what}: {stream} has {h}:\n{}",
                String::from_utf8_lossy(bytes).escape_debug()
            );
        }
    }
}

#[test]
fn no_control_character_reaches_the_terminal_from_any_command() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let cfg_dir = tempfile::tempdir().unwrap();
    let config = hostile_config(cfg_dir.path());
    let index = tempfile::tempdir().unwrap();
    let index_dir = index.path().join("idx\x1b[2J");

    let commands: &[&[&str]] = &[
        &["index"],
        &["articles"],
        &["search", "buffer zone"],
        &["search", "Salameh"],
        &["search", "talks \x1b[2J\x07 \u{9b}"],
        &["search", "\"unclosed \x1b]52;c;aGk=\x07"],
        &["search", "evil\x1b[2J:bar"],
        &["stories"],
        &["facts"],
        &["entities"],
        &["entities", "--explain", "Salameh"],
        &["entities", "--explain", "no\x1b[2Jbody"],
        &["export", "--format", "md"],
        &[],
        &["--summary"],
        // clap's usage errors echo what was typed.
        &["--no-such\x1b[2J\u{9b}"],
        &["stories", "--json\x07"],
    ];
    let mut seen = String::new();
    for args in commands {
        let o = run(args, dir.path(), &index_dir, &config);
        assert_clean(&format!("{args:?}"), &o);
        seen.push_str(&String::from_utf8_lossy(&o.stdout));
        seen.push_str(&String::from_utf8_lossy(&o.stderr));
    }
    // The hostile text is there, made visible, not dropped.
    for visible in [
        "^[[2J",
        "^G",
        "\\u{9b}",
        "evil^[[2Jname^G.txt",
        "^[]52;c;aGk=^G",
    ] {
        assert!(seen.contains(visible), "{visible} not shown:\n{seen}");
    }
    // The broken briefing.toml is reported, escapes and all, as visible text.
    assert!(seen.contains("bad/briefing.toml"), "{seen}");
}

#[test]
fn json_output_keeps_the_exact_characters() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let cfg_dir = tempfile::tempdir().unwrap();
    let config = hostile_config(cfg_dir.path());
    let index = tempfile::tempdir().unwrap();
    let o = run(&["articles", "--json"], dir.path(), index.path(), &config);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_clean("articles --json", &o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v.as_array().unwrap();
    let field = |file: &str, key: &str| -> Option<String> {
        rows.iter()
            .find(|r| r["file"] == file)
            .unwrap_or_else(|| panic!("{file} missing: {v}"))[key]
            .as_str()
            .map(str::to_string)
    };
    assert_eq!(
        field("c.html", "outlet").as_deref(),
        Some("Evil \x1b]52;c;aGk=\x07Times"),
        "HTML entities are decoded to the characters they name"
    );
    assert_eq!(
        field("a.txt", "byline").as_deref(),
        Some("Over \x1b[2Jride\x07")
    );
    assert_eq!(
        field("b.md", "outlet").as_deref(),
        Some("Outlet \x1b]52;c;aGk=\x07Name\u{9b}1m")
    );
    assert!(field(HOSTILE_NAME, "title").is_some());

    let o = run(
        &["search", "buffer", "--json"],
        dir.path(),
        index.path(),
        &config,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.iter().any(|h| h["file"] == HOSTILE_NAME), "{v}");
    assert!(
        hits.iter()
            .any(|h| h["snippet"].as_str().unwrap().contains('\x1b')),
        "{v}"
    );
}

/// Output into a reader that is gone (`briefing facts | head`) ends quietly: exit 0, nothing
/// on stderr about the pipe, no panic.
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let index = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["index", "-q", "--index"])
        .arg(index.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    let commands: &[&[&str]] = &[
        &["facts"],
        &["facts", "--json"],
        &["articles"],
        &["articles", "--json"],
        &["stories"],
        &["entities"],
        &["search", "buffer"],
        &["export"],
        &["index"],
        &[],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(*args)
            .arg("--index")
            .arg(index.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before the command has written anything.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !err.contains("Broken pipe") && !err.contains("panicked") && !err.contains("error"),
            "{args:?}: {err}"
        );
        assert!(o.status.success(), "{args:?}: {:?} {err}", o.status);
    }
}
