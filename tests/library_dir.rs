//! The library directory is the only place `briefing` writes or deletes: a directory that is
//! not a briefing library is refused and left byte for byte as it was, whatever `--index`
//! names; a library of ours that is damaged, on a full disk or read-only fails or recovers
//! without costing anything else.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use briefing::library::Corpus;
use common::{copy_seeds, seeds_dir};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_briefing")
}

fn briefing(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` (recursively) with its bytes, and every folder.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if p.is_dir() {
                out.insert(rel, None);
                stack.push(p);
            } else {
                out.insert(rel, Some(std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

/// A folder of a user's own files: notes, a nested folder, a hidden file.
fn users_folder(dir: &Path) {
    std::fs::create_dir_all(dir.join("drafts/old")).unwrap();
    std::fs::write(dir.join("notes.txt"), "my notes\n").unwrap();
    std::fs::write(dir.join("meta.json"), "{\"mine\": true}").unwrap();
    std::fs::write(dir.join("drafts/old/letter.md"), "# Dear\n").unwrap();
    std::fs::write(dir.join(".hidden"), [0u8, 1, 2, 255]).unwrap();
}

#[test]
fn a_folder_that_is_not_a_library_is_refused_and_left_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    users_folder(&notes);
    let before = snapshot(&notes);
    let seeds = seeds_dir();
    for args in [
        vec!["index", seeds.to_str().unwrap()],
        vec!["articles", seeds.to_str().unwrap()],
        vec!["search", "buffer"],
        vec!["--summary"],
    ] {
        let mut args: Vec<&str> = args;
        args.extend(["--index", notes.to_str().unwrap()]);
        let o = briefing(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!(
                "{} is not a briefing library and is not empty",
                notes.display()
            )) && err.contains("choose an empty or new directory"),
            "{args:?}: {err}"
        );
        assert!(o.stdout.is_empty(), "{args:?}");
        assert_eq!(snapshot(&notes), before, "{args:?} touched the folder");
    }
}

#[test]
fn a_file_named_as_the_library_is_refused_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("library");
    std::fs::write(&file, "not a directory").unwrap();
    let o = briefing(&["index", "--index", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("it is a file, not a directory"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"not a directory");
}

#[test]
fn the_corpus_itself_its_parent_or_a_folder_inside_it_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("news");
    copy_seeds(&corpus);
    std::fs::create_dir(corpus.join("empty")).unwrap();
    let before = snapshot(tmp.path());
    let c = corpus.to_str().unwrap();
    let inside_new = corpus.join("lib");
    let inside_empty = corpus.join("empty");
    let dotted = format!("{c}/../news/./lib");
    for (index, why) in [
        (c.to_string(), "not a briefing library"),
        (
            tmp.path().to_str().unwrap().to_string(),
            "not a briefing library",
        ),
        (
            inside_new.to_str().unwrap().to_string(),
            "inside the corpus folder",
        ),
        (
            inside_empty.to_str().unwrap().to_string(),
            "inside the corpus folder",
        ),
        (dotted, "inside the corpus folder"),
    ] {
        for cmd in ["index", "articles"] {
            let o = briefing(&[cmd, c, "--index", &index]);
            assert_eq!(o.status.code(), Some(1), "{cmd} --index {index}");
            assert!(stderr(&o).contains(why), "{index}: {}", stderr(&o));
            assert_eq!(
                snapshot(tmp.path()),
                before,
                "--index {index} touched files"
            );
        }
    }
    // An empty folder beside the corpus is fine, and holds the library after.
    let beside = tmp.path().join("lib");
    let o = briefing(&["index", c, "--index", beside.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(beside.join("briefing-library.toml").exists());
}

#[test]
fn a_library_from_before_the_marker_is_adopted_not_refused() {
    let idx = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let c = Corpus::Paths(vec![corpus.path().to_path_buf()]);
    drop(common::open(&c, idx.path()));
    // What an earlier release left: the same files, no marker.
    std::fs::remove_file(idx.path().join("briefing-library.toml")).unwrap();
    std::fs::write(idx.path().join("readme-mine.txt"), "kept").unwrap();
    let lib = common::open(&c, idx.path());
    assert_eq!(lib.report.unchanged, 5, "reopened, not rebuilt");
    assert_eq!(lib.report.analysed, 0);
    assert!(
        lib.report.notices.iter().all(|n| !n.contains("rebuilt")),
        "{:?}",
        lib.report.notices
    );
    assert!(idx.path().join("briefing-library.toml").exists());
    assert_eq!(
        std::fs::read(idx.path().join("readme-mine.txt")).unwrap(),
        b"kept"
    );
}

#[test]
fn a_library_of_a_newer_format_is_left_alone() {
    let idx = tempfile::tempdir().unwrap();
    drop(common::open(&Corpus::Seeds, idx.path()));
    std::fs::write(
        idx.path().join("briefing-library.toml"),
        "briefing-library = 99\n",
    )
    .unwrap();
    let before = snapshot(idx.path());
    let o = briefing(&["articles", "--index", idx.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("newer briefing"), "{}", stderr(&o));
    assert_eq!(snapshot(idx.path()), before);
}

#[test]
fn rebuilding_a_damaged_library_removes_only_its_own_files() {
    let idx = tempfile::tempdir().unwrap();
    drop(common::open(&Corpus::Seeds, idx.path()));
    users_folder(&idx.path().join("mine"));
    std::fs::write(idx.path().join("notes.txt"), "beside the index").unwrap();
    std::fs::write(idx.path().join("meta.json"), b"{ not json").unwrap();
    let lib = common::open(&Corpus::Seeds, idx.path());
    assert!(
        lib.report.notices.iter().any(|n| n.contains("rebuilt")),
        "{:?}",
        lib.report.notices
    );
    assert_eq!(lib.articles().unwrap().len(), 5);
    assert_eq!(
        std::fs::read(idx.path().join("notes.txt")).unwrap(),
        b"beside the index"
    );
    let mine = tempfile::tempdir().unwrap();
    users_folder(mine.path());
    assert_eq!(snapshot(&idx.path().join("mine")), snapshot(mine.path()));
}

/// The largest file with `ext` in the library.
fn largest(dir: &Path, ext: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap()
}

#[test]
fn a_damaged_segment_is_found_on_open_and_rebuilt_once() {
    for (ext, how) in [
        ("store", "overwritten"),
        ("idx", "truncated"),
        ("term", "overwritten"),
    ] {
        let idx = tempfile::tempdir().unwrap();
        drop(common::open(&Corpus::Seeds, idx.path()));
        let victim = largest(idx.path(), ext);
        let mut bytes = std::fs::read(&victim).unwrap();
        if how == "truncated" {
            bytes.truncate(bytes.len() / 2);
        } else {
            let mid = bytes.len() / 2;
            let end = (mid + 16).min(bytes.len());
            for b in &mut bytes[mid..end] {
                *b ^= 0x5a;
            }
        }
        std::fs::write(&victim, &bytes).unwrap();

        let lib = common::open(&Corpus::Seeds, idx.path());
        assert!(
            lib.report
                .notices
                .iter()
                .any(|n| n.contains("rebuilt") && n.contains("damaged")),
            "{ext} {how}: {:?}",
            lib.report.notices
        );
        assert_eq!(lib.articles().unwrap().len(), 5);
        assert_eq!(lib.search("\"buffer zone\"", 10).unwrap().hits.len(), 6);
        drop(lib);
        // Not a loop: the rebuilt library opens as it is.
        let lib = common::open(&Corpus::Seeds, idx.path());
        assert!(lib.report.notices.is_empty(), "{:?}", lib.report.notices);
        assert_eq!(lib.report.analysed, 0);
    }
}

#[test]
fn a_folder_where_not_one_file_is_readable_is_an_error_with_the_reasons() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("news");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
    std::fs::write(corpus.join("junk.txt"), [0u8, 159, 146, 150, 0, 0, 1, 2]).unwrap();
    let idx = tmp.path().join("lib");
    for cmd in ["index", "articles"] {
        let o = briefing(&[
            cmd,
            corpus.to_str().unwrap(),
            "--index",
            idx.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        let err = stderr(&o);
        assert!(
            err.contains("not one file could be read")
                && err.contains("empty.txt")
                && err.contains("junk.txt"),
            "{cmd}: {err}"
        );
    }
}

/// A command line run as an unprivileged user where the tests run as root (root writes
/// through any permission bits); `None` where that can't be done here.
fn unprivileged(args: &[&str]) -> Option<Output> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            bin(),
        ]);
        c
    } else {
        Command::new(bin())
    };
    let o = cmd.args(args).env("NO_COLOR", "1").output().ok()?;
    Some(o)
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_read_only_library_opens_read_only_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    chmod(tmp.path(), 0o755);
    let corpus = tmp.path().join("news");
    copy_seeds(&corpus);
    let idx = tmp.path().join("lib");
    let c = corpus.to_str().unwrap();
    let i = idx.to_str().unwrap();
    let o = briefing(&["index", c, "--index", i]);
    assert!(o.status.success(), "{}", stderr(&o));
    for e in std::fs::read_dir(&idx).unwrap() {
        chmod(&e.unwrap().path(), 0o444);
    }
    chmod(&idx, 0o555);
    let Some(o) = unprivileged(&["articles", "--json", c, "--index", i]) else {
        println!("skipped: cannot run as an unprivileged user here");
        return;
    };
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(&format!("cannot write {i}: permission denied")),
        "{err}"
    );
    assert!(!err.contains("locked"), "{err}");
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 5);

    // A change it can't save: shown as last saved, and `index` fails saying why.
    std::fs::write(
        corpus.join("extra.txt"),
        "A headline\n\nA paragraph of news.\n",
    )
    .unwrap();
    chmod(&corpus.join("extra.txt"), 0o644);
    let o = unprivileged(&["articles", "--json", c, "--index", i]).unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 5);
    let o = unprivileged(&["index", c, "--index", i]).unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("cannot write {i}: permission denied")),
        "{}",
        stderr(&o)
    );
    chmod(&idx, 0o755);
}

#[test]
fn a_full_disk_fails_the_build_and_the_previous_library_still_opens() {
    // A 3 MiB file system of our own, in a mount namespace of our own: a real ENOSPC.
    let ok = Command::new("unshare")
        .args(["-rm", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("skipped: cannot make a small file system here (unshare -rm)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("news");
    copy_seeds(&corpus);
    let big = tmp.path().join("big");
    std::fs::create_dir(&big).unwrap();
    // 60 articles of 100 KB of distinct words: far more index than 3 MiB holds.
    let mut seed = 7u64;
    for n in 0..60 {
        let mut text = format!("Headline number {n}\n\n");
        while text.len() < 100_000 {
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let w = seed >> 40;
                text.push_str(&format!("w{w:x} "));
            }
            text.push_str("said.\n\n");
        }
        std::fs::write(big.join(format!("big-{n:03}.txt")), text).unwrap();
    }
    let mnt = tmp.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let lib = mnt.join("lib");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let script = format!(
        r#"
        mount -t tmpfs -o size=3m none '{mnt}' || exit 90
        run() {{ name=$1; shift; '{bin}' "$@" >'{out}'/$name.out 2>'{out}'/$name.err; echo $? >'{out}'/$name.rc; }}
        run first index '{corpus}' --index '{lib}'
        cp '{big}'/*.txt '{corpus}'/
        run full index '{corpus}' --index '{lib}'
        rm '{corpus}'/big-*.txt
        run again articles --json '{corpus}' --index '{lib}'
        du -sk '{lib}' | cut -f1 >'{out}'/kb
        "#,
        mnt = mnt.display(),
        bin = bin(),
        out = out.display(),
        corpus = corpus.display(),
        lib = lib.display(),
        big = big.display(),
    );
    let o = Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    assert_eq!(read("first.rc").trim(), "0", "{}", read("first.err"));
    assert_eq!(read("full.rc").trim(), "1", "{}", read("full.err"));
    let err = read("full.err");
    assert!(
        err.contains(&lib.display().to_string()) && err.contains("no space left"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(read("again.rc").trim(), "0", "{}", read("again.err"));
    assert!(
        !read("again.err").contains("rebuilt"),
        "{}",
        read("again.err")
    );
    let rows: serde_json::Value = serde_json::from_str(&read("again.out")).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 5);
    // What the failed build wrote was removed: the library is its old size, not 3 MiB.
    let kb: u64 = read("kb").trim().parse().unwrap();
    assert!(kb < 1500, "{kb} KiB left behind");
}
