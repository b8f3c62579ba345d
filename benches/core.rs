//! Benchmarks of the whole pipeline on generated corpora of 1k, 10k and 100k articles.
//!
//! `cargo bench --bench core` runs everything; `BRIEFING_BENCH_SIZES=1k,10k` limits the corpus
//! sizes (any `<n>k` or plain number works); a criterion filter (`cargo bench --bench core --
//! query`) also selects the figures measured outside criterion, by the same regex, against ids
//! such as `build/100k/process`. Corpora are generated once into `target/bench-corpora/<size>`
//! (a `COMPLETE` marker is written last) and reused while the generator is unchanged.
//!
//! Criterion measures: `ingest_analyse`, `entities` (entity recognition alone),
//! `framing/seeds` and `framing/newswcl50` (every
//! sentence of an article framed; NewsWCL50 only when `../shared/corpora/newswcl50` is
//! here), `build/<size>` (in-process, 1k and 10k),
//! `query/<size>`, `reopen_and_query/<size>` (whole process) and `update_one_file/<size>`.
//! Measured by hand, since they are single runs or not means: the whole-process build with
//! its peak RSS (`build/<size>/process`, the only build of 100k), query latency percentiles
//! (`query/<size>/percentiles`), the peak RSS of a search (`reopen_and_query/<size>/rss`), and
//! story grouping (`stories/<size>`: `Library::stories` on a freshly opened library, with the
//! pairwise precision and recall against the generator's stories, then `briefing stories
//! --json` as a whole process with its peak RSS).
//! Every figure is printed at the end as a Markdown table against the targets, and saved in
//! `target/bench-corpora/summary.md`. Nothing here asserts on wall-clock time.
//!
//! Under `cargo test --benches` (criterion's test mode) everything runs once on 1k.

mod corpus;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use briefing::library::{Corpus, Library, OpenOptions};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

// The allocator the binary ships with (`src/main.rs`), so that in-process figures are those of
// the program: with glibc's, a story's facts (two threads) spent 8% of their time waiting on
// its arena locks.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The seed of every generated corpus ("briefing" in ASCII).
const SEED: u64 = 0x6272_6965_6669_6e67;
/// The release binary, built by Cargo for this bench.
const BIN: &str = env!("CARGO_BIN_EXE_briefing");
/// The article the update benchmark edits.
const EDITED: usize = 7;

// ---------------------------------------------------------------------------------------------
// Small helpers: errors, arguments, sizes.

trait OrDie<T> {
    fn or_die(self, what: &str) -> T;
}

impl<T, E: std::fmt::Display> OrDie<T> for Result<T, E> {
    fn or_die(self, what: &str) -> T {
        match self {
            Ok(v) => v,
            Err(e) => panic!("{what}: {e}"),
        }
    }
}

/// What the command line asks for, read the way criterion reads it.
struct Args {
    /// `cargo bench` (not `cargo test --benches`, not `-- --test`).
    bench: bool,
    /// `--list`: only names are wanted.
    list: bool,
    filter: Option<regex::Regex>,
    exact: Option<String>,
}

fn args() -> &'static Args {
    static A: OnceLock<Args> = OnceLock::new();
    A.get_or_init(|| {
        // Options of criterion's command line that take a value.
        const VALUED: &[&str] = &[
            "-c",
            "--color",
            "--colour",
            "-s",
            "--save-baseline",
            "-b",
            "--baseline",
            "--baseline-lenient",
            "--load-baseline",
            "--sample-size",
            "--warm-up-time",
            "--measurement-time",
            "--nresamples",
            "--noise-threshold",
            "--confidence-level",
            "--significance-level",
            "--plotting-backend",
            "--output-format",
            "--format",
            "--profile-time",
        ];
        let argv: Vec<String> = std::env::args().skip(1).collect();
        let has = |f: &str| argv.iter().any(|a| a == f);
        let mut positional = None;
        let mut skip = false;
        for a in &argv {
            if skip {
                skip = false;
                continue;
            }
            if a.starts_with('-') {
                skip = VALUED.contains(&a.as_str());
                continue;
            }
            positional.get_or_insert(a.clone());
        }
        let exact = has("--exact");
        Args {
            bench: has("--bench") && !has("--test"),
            list: has("--list"),
            filter: match (&positional, exact) {
                (Some(p), false) => regex::Regex::new(p).ok(),
                _ => None,
            },
            exact: if exact { positional } else { None },
        }
    })
}

/// Whether a figure measured by hand, named like a criterion id, is selected.
fn selected(id: &str) -> bool {
    let a = args();
    if a.list {
        return false;
    }
    match (&a.filter, &a.exact) {
        (Some(re), _) => re.is_match(id),
        (None, Some(e)) => id == e,
        (None, None) => true,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Size {
    label: String,
    articles: usize,
}

fn parse_size(s: &str) -> Option<Size> {
    let s = s.trim();
    let n = match s.strip_suffix(['k', 'K']) {
        Some(k) => k.parse::<usize>().ok()? * 1000,
        None => s.parse::<usize>().ok()?,
    };
    (n > 0).then(|| Size {
        label: s.to_lowercase(),
        articles: n,
    })
}

/// The corpus sizes to run: `BRIEFING_BENCH_SIZES`, else 1k, 10k and 100k (1k in test mode).
fn sizes() -> &'static [Size] {
    static S: OnceLock<Vec<Size>> = OnceLock::new();
    S.get_or_init(|| {
        let spec = std::env::var("BRIEFING_BENCH_SIZES").unwrap_or_else(|_| {
            if args().bench {
                "1k,10k,100k".to_string()
            } else {
                "1k".to_string()
            }
        });
        let sizes: Vec<Size> = spec.split(',').filter_map(parse_size).collect();
        if sizes.is_empty() {
            panic!("BRIEFING_BENCH_SIZES={spec:?}: expected sizes such as 1k,10k,100k");
        }
        sizes
    })
}

/// Sizes at or above `min` articles (the heavier benchmarks skip tiny corpora only if asked).
fn sizes_from(min: usize) -> Vec<Size> {
    let all = sizes();
    let big: Vec<Size> = all.iter().filter(|s| s.articles >= min).cloned().collect();
    if big.is_empty() { all.to_vec() } else { big }
}

// ---------------------------------------------------------------------------------------------
// Corpora and libraries on disk.

fn root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-corpora")
}

#[derive(Debug, Clone)]
struct Prepared {
    dir: PathBuf,
    /// The library the query, reopen and update benchmarks use.
    index: PathBuf,
    bytes: u64,
}

fn corpus_bytes(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for sub in std::fs::read_dir(dir)? {
        let sub = sub?;
        if sub.file_type()?.is_dir() {
            for f in std::fs::read_dir(sub.path())? {
                total += f?.metadata()?.len();
            }
        }
    }
    Ok(total)
}

/// The corpus of `size` on disk, generated unless a complete one from this generator is there.
/// The file the update benchmark edits is put back if a run was interrupted mid-edit.
fn corpus_for(size: &Size) -> Prepared {
    static DONE: Mutex<BTreeMap<String, Prepared>> = Mutex::new(BTreeMap::new());
    let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = done.get(&size.label) {
        return p.clone();
    }
    lock_bench_dir();
    let dir = root().join(&size.label);
    let index = root().join(format!("index-{}", size.label));
    let marker = dir.join("COMPLETE");
    let want = format!(
        "briefing bench corpus: generator {} seed {SEED:#x} articles {}\n",
        corpus::GENERATOR_VERSION,
        size.articles
    );
    let existing = std::fs::read_to_string(&marker)
        .ok()
        .filter(|m| m.starts_with(&want))
        .and_then(|m| {
            m.lines()
                .nth(1)?
                .strip_prefix("bytes ")?
                .parse::<u64>()
                .ok()
        });
    let bytes = match existing {
        Some(b) => b,
        None => {
            match std::fs::remove_dir_all(&dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => panic!("removing {}: {e}", dir.display()),
            }
            let t = Instant::now();
            corpus::write_corpus(&dir, size.articles, SEED).or_die("writing the corpus");
            let secs = t.elapsed().as_secs_f64();
            let bytes = corpus_bytes(&dir).or_die("sizing the corpus");
            std::fs::write(&marker, format!("{want}bytes {bytes}\n")).or_die("writing marker");
            println!(
                "generated {} articles ({:.1} MB) in {} in {secs:.2} s",
                size.articles,
                bytes as f64 / 1e6,
                dir.display()
            );
            record("corpus_gen_s", &size.label, secs);
            bytes
        }
    };
    let edited = dir.join(corpus::relative_path(EDITED.min(size.articles - 1)));
    let original = corpus::article_text(EDITED.min(size.articles - 1), SEED);
    if std::fs::read(&edited).ok().as_deref() != Some(original.as_bytes()) {
        std::fs::write(&edited, original).or_die("restoring the edited article");
    }
    record("corpus_mb", &size.label, bytes as f64 / 1e6);
    let p = Prepared { dir, index, bytes };
    done.insert(size.label.clone(), p.clone());
    p
}

/// Hold `target/bench-corpora/LOCK` for the rest of this run, waiting while another live
/// run of this bench holds it: two runs at once would rebuild, edit and time the same corpora
/// and libraries under each other. A lock left by a process that is gone is taken over.
fn lock_bench_dir() {
    static HELD: OnceLock<()> = OnceLock::new();
    HELD.get_or_init(|| {
        std::fs::create_dir_all(root()).or_die("creating target/bench-corpora");
        let lock = root().join("LOCK");
        let me = std::process::id().to_string();
        let mut waited = false;
        loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock)
            {
                Ok(mut f) => {
                    std::io::Write::write_all(&mut f, me.as_bytes()).or_die("writing the lock");
                    return;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let owner = std::fs::read_to_string(&lock).unwrap_or_default();
                    let owner = owner.trim();
                    let alive = !owner.is_empty() && Path::new("/proc").join(owner).exists();
                    if !alive || owner == me {
                        let _ = std::fs::remove_file(&lock);
                        continue;
                    }
                    if !waited {
                        println!("waiting for the bench run in process {owner} to finish");
                        waited = true;
                    }
                    std::thread::sleep(Duration::from_secs(2));
                }
                Err(e) => panic!("taking {}: {e}", lock.display()),
            }
        }
    });
}

fn unlock_bench_dir() {
    let lock = root().join("LOCK");
    if std::fs::read_to_string(&lock).is_ok_and(|o| o.trim() == std::process::id().to_string()) {
        let _ = std::fs::remove_file(&lock);
    }
}

fn open_library(corpus_dir: &Path, index_dir: &Path) -> Library {
    Library::open(
        &Corpus::Paths(vec![corpus_dir.to_path_buf()]),
        &OpenOptions {
            index_dir: Some(index_dir.to_path_buf()),
            progress: None,
            ..Default::default()
        },
    )
    .or_die("opening the library")
}

/// The corpus of `size` with its library built and up to date (built here if no earlier
/// benchmark of this run built it).
fn library_for(size: &Size) -> Prepared {
    let p = corpus_for(size);
    let t = Instant::now();
    let lib = open_library(&p.dir, &p.index);
    if lib.report.analysed > 0 {
        println!(
            "(library for {} brought up to date: {} files read in {:.1} s)",
            size.label,
            lib.report.analysed,
            t.elapsed().as_secs_f64()
        );
    }
    p
}

// ---------------------------------------------------------------------------------------------
// Child processes: wall time and peak resident memory.

struct ChildRun {
    wall: Duration,
    max_rss_kib: Option<u64>,
}

/// Run the release binary with `args`, stdout discarded, and measure its peak RSS with
/// `/usr/bin/time -v` when installed, else by polling its `/proc/<pid>/status` VmHWM.
fn run_binary(args: &[&std::ffi::OsStr], measure_rss: bool) -> ChildRun {
    let time = Path::new("/usr/bin/time");
    if measure_rss && time.exists() {
        let t = Instant::now();
        let out = Command::new(time)
            .arg("-v")
            .arg(BIN)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .or_die("running /usr/bin/time");
        let wall = t.elapsed();
        let err = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            panic!("{BIN} {args:?} failed: {err}");
        }
        let max_rss_kib = err
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|v| v.trim().parse().ok());
        return ChildRun { wall, max_rss_kib };
    }
    let t = Instant::now();
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .or_die("spawning the binary");
    let status_path = format!("/proc/{}/status", child.id());
    let mut hwm = None;
    let status = loop {
        if let Some(s) = child.try_wait().or_die("waiting for the binary") {
            break s;
        }
        if measure_rss
            && let Ok(s) = std::fs::read_to_string(&status_path)
            && let Some(v) = s.lines().find_map(|l| l.strip_prefix("VmHWM:"))
        {
            hwm = v.trim().trim_end_matches("kB").trim().parse().ok().or(hwm);
        }
        std::thread::sleep(Duration::from_millis(if measure_rss { 2 } else { 1 }));
    };
    let wall = t.elapsed();
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        panic!("{BIN} {args:?} failed: {err}");
    }
    ChildRun {
        wall,
        max_rss_kib: hwm,
    }
}

/// `briefing search QUERY DIR --index IDX --json -q`, timed by the caller.
fn search_process(p: &Prepared, query: &str) -> Command {
    let mut c = Command::new(BIN);
    c.arg("search")
        .arg(query)
        .arg(&p.dir)
        .arg("--index")
        .arg(&p.index)
        .args(["--json", "-q"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

// ---------------------------------------------------------------------------------------------
// Figures collected for the summary table.

static FIGURES: Mutex<BTreeMap<(String, String), f64>> = Mutex::new(BTreeMap::new());
static SAMPLES: Mutex<BTreeMap<(String, String), Vec<Duration>>> = Mutex::new(BTreeMap::new());

fn record(metric: &str, size: &str, value: f64) {
    FIGURES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert((metric.to_string(), size.to_string()), value);
}

fn sample(metric: &str, size: &str, d: Duration) {
    SAMPLES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry((metric.to_string(), size.to_string()))
        .or_default()
        .push(d);
}

/// The samples taken for `metric` at `size`, sorted (and forgotten), if any were.
fn sorted_samples(metric: &str, size: &str) -> Option<Vec<Duration>> {
    let mut s = SAMPLES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&(metric.to_string(), size.to_string()))?;
    s.sort();
    Some(s)
}

/// Print `what` with the UTC time of day, so figures can be matched against a log of other
/// load on the machine.
fn mark(what: &str) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
        % 86_400;
    println!(
        "[{:02}:{:02}:{:02} UTC] {what}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
}

/// Mark the end of criterion benchmark `id`, when it ran.
fn mark_done(id: &str) {
    if selected(id) {
        mark(&format!("{id} done"));
    }
}

/// The `q` quantile (0..=1) of sorted durations, nearest rank.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

// ---------------------------------------------------------------------------------------------
// The benchmarks.

fn ingest_analyse(c: &mut Criterion) {
    if selected("ingest_analyse/400_articles") {
        mark("start");
    }
    use briefing::ingest::{Outlets, ReadContext, parse_bytes};
    let articles: Vec<(String, String)> = (0..400)
        .map(|i| {
            (
                corpus::relative_path(i).to_string_lossy().into_owned(),
                corpus::article_text(i, SEED),
            )
        })
        .collect();
    let bytes: usize = articles.iter().map(|(_, t)| t.len()).sum();
    let outlets = Outlets::builtin();
    let mut g = c.benchmark_group("ingest_analyse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("400_articles", |b| {
        b.iter_custom(|iters| {
            let t = Instant::now();
            for _ in 0..iters {
                for (file, text) in &articles {
                    let ctx = ReadContext {
                        outlets,
                        overrides: None,
                        modified: None,
                    };
                    let mut a =
                        parse_bytes(text.as_bytes(), file, briefing::model::Format::Text, ctx)
                            .or_die("parsing a generated article");
                    briefing::analysis::analyse(&mut a);
                    black_box(a);
                }
            }
            let d = t.elapsed();
            if iters > 0 {
                sample("ingest", "all", d / iters as u32);
            }
            d
        })
    });
    mark_done("ingest_analyse/400_articles");
    g.finish();
    if let Some(s) = sorted_samples("ingest", "all") {
        let med = quantile(&s, 0.5);
        record("ingest_mbps", "all", bytes as f64 / 1e6 / med.as_secs_f64());
    }
}

/// Articles of a set for the framing benchmark: the seeds, or NewsWCL50 when it is here.
fn framing_set(which: &str) -> Vec<briefing::model::Article> {
    use briefing::ingest::{Outlets, ReadContext, parse_bytes};
    let files: Vec<(String, Vec<u8>)> = match which {
        "seeds" => briefing::ingest::SEEDS
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect(),
        // A folder of one real story's articles (`BRIEFING_BENCH_STORY`), when given.
        "real_story" => std::env::var_os("BRIEFING_BENCH_STORY")
            .map(|dir| {
                let mut files: Vec<_> = std::fs::read_dir(dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter_map(|f| {
                        Some((
                            f.path().display().to_string(),
                            std::fs::read(f.path()).ok()?,
                        ))
                    })
                    .collect();
                files.sort();
                files
            })
            .unwrap_or_default(),
        _ => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/newswcl50");
            let mut out = Vec::new();
            for event in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                for f in std::fs::read_dir(event.path())
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    if let Ok(b) = std::fs::read(f.path()) {
                        out.push((f.path().display().to_string(), b));
                    }
                }
            }
            out
        }
    };
    files
        .iter()
        .filter_map(|(name, bytes)| {
            let ctx = ReadContext {
                outlets: Outlets::builtin(),
                overrides: None,
                modified: None,
            };
            let mut a = parse_bytes(bytes, name, briefing::model::Format::Text, ctx).ok()?;
            briefing::analysis::analyse(&mut a);
            Some(a)
        })
        .collect()
}

/// Framing every sentence of the seeds and of NewsWCL50 (skipped when absent), per article.
fn framing(c: &mut Criterion) {
    let mut g = c.benchmark_group("framing");
    g.sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for which in ["seeds", "newswcl50"] {
        let articles = framing_set(which);
        if articles.is_empty() {
            println!("framing/{which}: no articles here, skipped");
            continue;
        }
        g.throughput(Throughput::Elements(articles.len() as u64));
        g.bench_function(which, |b| {
            b.iter_custom(|iters| {
                let t = Instant::now();
                for _ in 0..iters {
                    for a in &articles {
                        black_box(briefing::analysis::framing::frame_article(a));
                    }
                }
                let d = t.elapsed();
                if iters > 0 {
                    sample("framing", which, d / iters as u32);
                }
                d
            })
        });
        mark_done(&format!("framing/{which}"));
        if let Some(s) = sorted_samples("framing", which) {
            let per_article = quantile(&s, 0.5).as_secs_f64() * 1e6 / articles.len() as f64;
            record(&format!("framing_{which}_us"), "all", per_article);
        }
    }
    g.finish();
}

/// A story's facts (`analysis::facts::facts`, which uses a second thread beside the calling
/// one: framing and meaning vectors, and a large story's pair rows): a generated story told by
/// 120 articles, NewsWCL50's 50 real articles taken as one story (skipped when absent), and
/// the folder of one real story `BRIEFING_BENCH_STORY` names (skipped when unset).
fn story_facts(c: &mut Criterion) {
    use briefing::ingest::{Outlets, ReadContext, parse_bytes};
    let mut g = c.benchmark_group("story_facts");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    let generated: Vec<briefing::model::Article> = (0..120)
        .filter_map(|pos| {
            let text = corpus::story_article_text(7, pos, SEED);
            let ctx = ReadContext {
                outlets: Outlets::builtin(),
                overrides: None,
                modified: None,
            };
            let name = format!("story/a{pos:03}.txt");
            let mut a =
                parse_bytes(text.as_bytes(), &name, briefing::model::Format::Text, ctx).ok()?;
            briefing::analysis::analyse(&mut a);
            Some(a)
        })
        .collect();
    for (which, articles) in [
        ("120_generated", generated),
        ("newswcl50_as_one", framing_set("newswcl50")),
        ("real_story", framing_set("real_story")),
    ] {
        if articles.is_empty() {
            println!("story_facts/{which}: no articles here, skipped");
            continue;
        }
        let refs: Vec<&briefing::model::Article> = articles.iter().collect();
        g.bench_function(which, |b| {
            b.iter_custom(|iters| {
                let t = Instant::now();
                for _ in 0..iters {
                    black_box(briefing::analysis::facts::facts("story", &refs));
                }
                let d = t.elapsed();
                if iters > 0 {
                    sample("story_facts", which, d / iters as u32);
                }
                d
            })
        });
        mark_done(&format!("story_facts/{which}"));
        if let Some(s) = sorted_samples("story_facts", which) {
            record("story_facts_ms", which, ms(quantile(&s, 0.5)));
        }
    }
    g.finish();
}

/// What the reader's side panel and fact matrix read once a story's facts are saved, on a
/// generated story of 120 articles in a library of its own: the story's saved facts
/// (`Library::saved_facts_for_story`: one seek, one read, LZ4 and JSON decoding) and a
/// passage's neighbours (`Library::neighbours`: the saved facts plus the related-passage
/// query), the `briefing related` lookup without process start.
fn side_panel(c: &mut Criterion) {
    if !selected("side_panel/saved_story_facts") && !selected("side_panel/neighbours") {
        return;
    }
    let dir = tempfile::tempdir().or_die("a temporary folder");
    let corpus_dir = dir.path().join("story");
    std::fs::create_dir_all(&corpus_dir).or_die("the story folder");
    for pos in 0..120 {
        let text = corpus::story_article_text(7, pos, SEED);
        std::fs::write(corpus_dir.join(format!("a{pos:03}.txt")), text).or_die("an article");
    }
    let lib = open_library(&corpus_dir, &dir.path().join("index"));
    let story = lib.stories().or_die("the stories")[0].clone();
    let t = Instant::now();
    let facts = lib
        .facts_for_story(&story.id)
        .or_die("the facts")
        .ok_or("no such story")
        .or_die("the story");
    println!(
        "side_panel: {} articles, {} facts worked out and saved in {:.0} ms",
        story.articles.len(),
        facts.facts.len(),
        ms(t.elapsed())
    );
    let here = facts
        .facts
        .iter()
        .find(|f| f.outlets.len() > 1)
        .map(|f| (f.passages[0].article.clone(), f.passages[0].passage))
        .ok_or("none")
        .or_die("a fact told by two outlets");
    let mut g = c.benchmark_group("side_panel");
    g.sample_size(20).measurement_time(Duration::from_secs(3));
    g.bench_function("saved_story_facts", |b| {
        b.iter_custom(|iters| {
            let t = Instant::now();
            for _ in 0..iters {
                black_box(lib.saved_facts_for_story(&story.id).or_die("reading"));
            }
            let d = t.elapsed();
            if iters > 0 {
                sample("side_panel", "saved_story_facts", d / iters as u32);
            }
            d
        })
    });
    g.bench_function("neighbours", |b| {
        b.iter_custom(|iters| {
            let t = Instant::now();
            for _ in 0..iters {
                black_box(lib.neighbours(&here.0, here.1, 10).or_die("neighbours"));
            }
            let d = t.elapsed();
            if iters > 0 {
                sample("side_panel", "neighbours", d / iters as u32);
            }
            d
        })
    });
    g.finish();
    for which in ["saved_story_facts", "neighbours"] {
        mark_done(&format!("side_panel/{which}"));
        if let Some(s) = sorted_samples("side_panel", which) {
            record("side_panel_ms", which, ms(quantile(&s, 0.5)));
        }
    }
}

/// Entity recognition alone (`analysis::entities::recognise`), one thread, over the same 400
/// articles as `ingest_analyse`, read and split into sentences beforehand.
fn entities(c: &mut Criterion) {
    if selected("entities/400_articles") {
        mark("start");
    }
    use briefing::ingest::{Outlets, ReadContext, parse_bytes};
    let texts: Vec<String> = (0..400).map(|i| corpus::article_text(i, SEED)).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let articles: Vec<briefing::model::Article> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let ctx = ReadContext {
                outlets: Outlets::builtin(),
                overrides: None,
                modified: None,
            };
            let file = corpus::relative_path(i).to_string_lossy().into_owned();
            let mut a = parse_bytes(text.as_bytes(), &file, briefing::model::Format::Text, ctx)
                .or_die("parsing a generated article");
            briefing::analysis::analyse(&mut a);
            a
        })
        .collect();
    let g_ = briefing::analysis::gazetteer::Gazetteer::builtin();
    let mut g = c.benchmark_group("entities");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("400_articles", |b| {
        b.iter_custom(|iters| {
            let t = Instant::now();
            for _ in 0..iters {
                for a in &articles {
                    black_box(briefing::analysis::entities::recognise(a, g_));
                }
            }
            let d = t.elapsed();
            if iters > 0 {
                sample("entities", "all", d / iters as u32);
            }
            d
        })
    });
    mark_done("entities/400_articles");
    g.finish();
    if let Some(s) = sorted_samples("entities", "all") {
        let med = quantile(&s, 0.5);
        record(
            "entities_mbps",
            "all",
            bytes as f64 / 1e6 / med.as_secs_f64(),
        );
    }
}

fn build(c: &mut Criterion) {
    // In-process builds under criterion: 1k and 10k only (100k takes too long to sample).
    let mut g = c.benchmark_group("build");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_millis(1));
    for size in sizes().iter().filter(|s| s.articles <= 10_000) {
        let label = size.label.clone();
        // Throughput needs the byte count before the corpus exists: ~2.9 KB an article. The
        // summary table uses the real size.
        g.throughput(Throughput::Bytes(size.articles as u64 * 2900));
        g.measurement_time(Duration::from_secs_f64(
            (size.articles as f64 / 1000.0 * 0.4 * 10.0).max(3.0),
        ));
        g.bench_function(label.as_str(), |b| {
            let p = corpus_for(size);
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let dir = scratch_dir();
                    let t = Instant::now();
                    let lib = open_library(&p.dir, dir.path());
                    let d = t.elapsed();
                    black_box(&lib.report);
                    drop(lib);
                    total += d;
                    sample("build_inproc", &label, d);
                }
                total
            })
        });
        mark_done(&format!("build/{label}"));
        if let Some(s) = sorted_samples("build_inproc", &label) {
            let p = corpus_for(size);
            record(
                "build_inproc_mbps",
                &label,
                p.bytes as f64 / 1e6 / quantile(&s, 0.5).as_secs_f64(),
            );
        }
    }
    g.finish();

    // Whole-process builds, one each, with peak RSS: the only build of 100k. The library it
    // leaves is the one the later benchmarks use.
    for size in sizes() {
        let id = format!("build/{}/process", size.label);
        if !selected(&id) {
            continue;
        }
        mark(&format!("{id} start"));
        let p = corpus_for(size);
        match std::fs::remove_dir_all(&p.index) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => panic!("removing {}: {e}", p.index.display()),
        }
        let run = run_binary(
            &[
                "index".as_ref(),
                p.dir.as_os_str(),
                "--index".as_ref(),
                p.index.as_os_str(),
                "-q".as_ref(),
            ],
            true,
        );
        let secs = run.wall.as_secs_f64();
        let mbps = p.bytes as f64 / 1e6 / secs;
        let rss = run.max_rss_kib.map(|k| k as f64 / 1024.0);
        println!(
            "{id:<40} {secs:>8.2} s  {mbps:>7.1} MB/s  peak RSS {}",
            rss.map(|r| format!("{r:.0} MiB"))
                .unwrap_or_else(|| "unknown".into())
        );
        record("build_s", &size.label, secs);
        record("build_mbps", &size.label, mbps);
        if let Some(r) = rss {
            record("build_rss_mib", &size.label, r);
        }
        // The same files through a bare tantivy indexer, in the same run: what the build is
        // weighed against.
        let bare = bare_tantivy_index(&p.dir).as_secs_f64();
        println!(
            "{:<40} {bare:>8.2} s  build ÷ bare {:.2}×",
            format!("build/{}/bare_tantivy", size.label),
            secs / bare
        );
        record("bare_tantivy_s", &size.label, bare);
        record("build_vs_bare", &size.label, secs / bare);
    }
    // A folder of real articles (`BRIEFING_BENCH_FOLDER`, e.g. the ABP articles), when given:
    // `briefing index` into a fresh directory and the bare indexer, one after the other.
    if let Some(folder) = std::env::var_os("BRIEFING_BENCH_FOLDER").map(PathBuf::from)
        && selected("build/folder/process")
    {
        let index = scratch_dir();
        let run = run_binary(
            &[
                "index".as_ref(),
                folder.as_os_str(),
                "--index".as_ref(),
                index.path().as_os_str(),
                "-q".as_ref(),
            ],
            true,
        );
        let secs = run.wall.as_secs_f64();
        let bare = bare_tantivy_index(&folder).as_secs_f64();
        println!(
            "build/folder/process {}: {secs:.2} s, peak RSS {}; bare tantivy {bare:.2} s; build ÷ bare {:.2}×",
            folder.display(),
            run.max_rss_kib
                .map(|k| format!("{:.0} MiB", k as f64 / 1024.0))
                .unwrap_or_else(|| "unknown".into()),
            secs / bare
        );
    }
}

/// A fresh directory for an index under the bench root's `tmp`, gone when dropped.
fn scratch_dir() -> tempfile::TempDir {
    let tmp = root().join("tmp");
    std::fs::create_dir_all(&tmp).or_die("creating the temp folder");
    tempfile::tempdir_in(&tmp).or_die("creating a temp index dir")
}

/// How long a bare tantivy indexer takes over the `.txt` files under `dir`: each file's path
/// (a string) and text (tokenised by tantivy's default analyzer), both stored, through one
/// writer with tantivy's own thread count and a 200 MB budget, committed and merged. No
/// decoding checks, no passages, no analysis: the floor a library build is measured against.
fn bare_tantivy_index(dir: &Path) -> Duration {
    use tantivy::schema::{STORED, STRING, Schema, TEXT};
    let mut schema = Schema::builder();
    let path_field = schema.add_text_field("path", STRING | STORED);
    let body_field = schema.add_text_field("body", TEXT | STORED);
    let schema = schema.build();
    let out = scratch_dir();
    let t = Instant::now();
    let index = tantivy::Index::create_in_dir(out.path(), schema).or_die("a bare index");
    let mut writer: tantivy::IndexWriter = index.writer(200_000_000).or_die("a bare writer");
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "txt")
                && let Ok(body) = std::fs::read_to_string(&path)
            {
                let mut doc = tantivy::TantivyDocument::default();
                doc.add_text(path_field, path.to_string_lossy());
                doc.add_text(body_field, &body);
                writer.add_document(doc).or_die("adding a document");
            }
        }
    }
    writer.commit().or_die("committing the bare index");
    writer
        .wait_merging_threads()
        .or_die("merging the bare index");
    t.elapsed()
}

fn query(c: &mut Criterion) {
    let queries = corpus::queries(SEED);
    let mut g = c.benchmark_group("query");
    g.measurement_time(Duration::from_secs(4));
    for size in sizes() {
        let mut lib: Option<Library> = None;
        let mut k = 0usize;
        g.bench_function(size.label.as_str(), |b| {
            let lib = lib.get_or_insert_with(|| {
                let p = library_for(size);
                open_library(&p.dir, &p.index)
            });
            b.iter(|| {
                let q = &queries[k % queries.len()];
                k += 1;
                black_box(lib.search(q, 10).or_die("searching"))
            })
        });
        mark_done(&format!("query/{}", size.label));

        // Latency percentiles over the fixed queries: criterion reports means only.
        let id = format!("query/{}/percentiles", size.label);
        if !selected(&id) {
            continue;
        }
        mark(&format!("{id} start"));
        let lib = match lib.take() {
            Some(l) => l,
            None => {
                let p = library_for(size);
                open_library(&p.dir, &p.index)
            }
        };
        let missing: Vec<&str> = queries
            .iter()
            .filter(|q| lib.search(q, 10).map(|r| r.hits.is_empty()).unwrap_or(true))
            .map(String::as_str)
            .collect();
        let no_hits = missing.len();
        if no_hits > 0 {
            println!("{id:<40} queries without hits: {}", missing.join(", "));
        }
        let rounds = if args().bench { 20 } else { 1 };
        let mut lat = Vec::with_capacity(rounds * queries.len());
        for _ in 0..rounds {
            for q in &queries {
                let t = Instant::now();
                black_box(lib.search(q, 10).or_die("searching"));
                lat.push(t.elapsed());
            }
        }
        lat.sort();
        let (p50, p90, p99, max) = (
            quantile(&lat, 0.5),
            quantile(&lat, 0.9),
            quantile(&lat, 0.99),
            quantile(&lat, 1.0),
        );
        println!(
            "{id:<40} p50 {:.3} ms  p90 {:.3} ms  p99 {:.3} ms  max {:.3} ms  ({} runs of {} queries; {no_hits} without hits)",
            ms(p50),
            ms(p90),
            ms(p99),
            ms(max),
            rounds,
            queries.len()
        );
        // The slowest queries, to see where the tail comes from.
        let mut per_query: Vec<(Duration, &str)> = queries
            .iter()
            .map(|q| {
                let t = Instant::now();
                black_box(lib.search(q, 10).ok());
                (t.elapsed(), q.as_str())
            })
            .collect();
        per_query.sort_by_key(|&(d, _)| std::cmp::Reverse(d));
        let slow: Vec<String> = per_query
            .iter()
            .take(3)
            .map(|(d, q)| format!("{q} ({:.2} ms)", ms(*d)))
            .collect();
        println!("{:<40} slowest: {}", "", slow.join(", "));
        if std::env::var_os("BRIEFING_BENCH_EACH_QUERY").is_some() {
            for (d, q) in &per_query {
                println!("{:<40} {:>8.3} ms  {q}", "", ms(*d));
            }
        }
        record("query_p50_ms", &size.label, ms(p50));
        record("query_p99_ms", &size.label, ms(p99));
        record("query_max_ms", &size.label, ms(max));
        record("query_no_hits", &size.label, no_hits as f64);
    }
    g.finish();
}

fn reopen_and_query(c: &mut Criterion) {
    let queries = corpus::queries(SEED);
    let mut g = c.benchmark_group("reopen_and_query");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_millis(1));
    for size in sizes() {
        let label = size.label.clone();
        g.measurement_time(Duration::from_secs_f64(
            (size.articles as f64 / 100_000.0 * 8.0).max(2.0),
        ));
        let mut prepared: Option<Prepared> = None;
        let mut k = 0usize;
        g.bench_function(label.as_str(), |b| {
            let p = prepared.get_or_insert_with(|| library_for(size)).clone();
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let q = &queries[k % 10];
                    k += 1;
                    let t = Instant::now();
                    let out = search_process(&p, q).output().or_die("running search");
                    let d = t.elapsed();
                    if !out.status.success() {
                        panic!("search failed: {}", String::from_utf8_lossy(&out.stderr));
                    }
                    total += d;
                    sample("reopen", &label, d);
                }
                total
            })
        });
        mark_done(&format!("reopen_and_query/{label}"));
        if let Some(s) = sorted_samples("reopen", &label) {
            record("reopen_ms_median", &label, ms(quantile(&s, 0.5)));
            record("reopen_ms_max", &label, ms(quantile(&s, 1.0)));
        }

        // Peak memory of a search process (warm page cache).
        let id = format!("reopen_and_query/{label}/rss");
        if !selected(&id) {
            continue;
        }
        mark(&format!("{id} start"));
        let p = library_for(size);
        let mut worst: Option<u64> = None;
        for q in [
            "\"security agreement\"",
            "outlet:reuters ceasefire",
            "Shibani",
        ] {
            let run = run_binary(
                &[
                    "search".as_ref(),
                    q.as_ref(),
                    p.dir.as_os_str(),
                    "--index".as_ref(),
                    p.index.as_os_str(),
                    "--json".as_ref(),
                    "-q".as_ref(),
                ],
                true,
            );
            worst = worst.max(run.max_rss_kib);
        }
        if let Some(kib) = worst {
            let mib = kib as f64 / 1024.0;
            println!("{id:<40} peak RSS {mib:.0} MiB (worst of 3 queries)");
            record("search_rss_mib", &label, mib);
        }
    }
    g.finish();
}

fn update_one_file(c: &mut Criterion) {
    let mut g = c.benchmark_group("update_one_file");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_millis(1));
    for size in sizes_from(10_000) {
        let label = size.label.clone();
        g.measurement_time(Duration::from_secs_f64(
            (size.articles as f64 / 100_000.0 * 10.0).max(2.0),
        ));
        let which = EDITED.min(size.articles - 1);
        let original = corpus::article_text(which, SEED);
        let mut state: Option<(Prepared, PathBuf)> = None;
        let mut edits = 0usize;
        let mut odd_reports = 0usize;
        g.bench_function(label.as_str(), |b| {
            let (p, file) = state
                .get_or_insert_with(|| {
                    let p = library_for(&size);
                    let file = p.dir.join(corpus::relative_path(which));
                    (p, file)
                })
                .clone();
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // Alternate: append a paragraph, then put the original back. Either way
                    // exactly one file differs from what the library holds.
                    edits += 1;
                    let text = if edits % 2 == 1 {
                        format!(
                            "{original}\nAn added paragraph, edit number {edits}: officials said the talks would resume next week in Geneva.\n"
                        )
                    } else {
                        original.clone()
                    };
                    std::fs::write(&file, text).or_die("editing the article");
                    let t = Instant::now();
                    let lib = open_library(&p.dir, &p.index);
                    let d = t.elapsed();
                    if lib.report.analysed != 1 || lib.report.changed != 1 {
                        odd_reports += 1;
                    }
                    drop(lib);
                    total += d;
                    sample("update", &label, d);
                }
                total
            })
        });
        mark_done(&format!("update_one_file/{label}"));
        if let Some((p, file)) = &state {
            if edits % 2 == 1 {
                std::fs::write(file, &original).or_die("restoring the article");
                drop(open_library(&p.dir, &p.index));
            }
            if odd_reports > 0 {
                println!("warning: {odd_reports} updates did not read exactly one changed file");
            }
        }
        if let Some(s) = sorted_samples("update", &label) {
            record("update_ms_median", &label, ms(quantile(&s, 0.5)));
            record("update_ms_max", &label, ms(quantile(&s, 1.0)));
        }
    }
    g.finish();
}

fn stories(_: &mut Criterion) {
    for size in sizes() {
        let id = format!("stories/{}", size.label);
        if !selected(&id) {
            continue;
        }
        let p = library_for(size);
        mark(&format!("{id} start"));
        // Grouping runs once per opened library, so each round opens it afresh (not timed).
        let rounds = match size.articles {
            n if n >= 100_000 => 1,
            n if n >= 10_000 => 3,
            _ => 5,
        };
        let rounds = if args().bench { rounds } else { 1 };
        let mut times = Vec::with_capacity(rounds);
        let mut quality = None;
        for _ in 0..rounds {
            let lib = open_library(&p.dir, &p.index);
            let t = Instant::now();
            let stories = lib.stories().or_die("grouping stories");
            times.push(t.elapsed());
            quality.get_or_insert_with(|| story_quality(stories, size.articles));
        }
        times.sort();
        let med = quantile(&times, 0.5);
        let (count, precision, recall) = quality.unwrap_or_default();
        println!(
            "{id:<40} {:>8.2} s  {count} stories of {} articles, pairwise precision {precision:.4}, recall {recall:.4}",
            med.as_secs_f64(),
            size.articles
        );
        record("stories_s", &size.label, med.as_secs_f64());
        record("stories_precision", &size.label, precision);
        record("stories_recall", &size.label, recall);

        let run = run_binary(
            &[
                "stories".as_ref(),
                p.dir.as_os_str(),
                "--index".as_ref(),
                p.index.as_os_str(),
                "--json".as_ref(),
                "-q".as_ref(),
            ],
            true,
        );
        let rss = run.max_rss_kib.map(|k| k as f64 / 1024.0);
        println!(
            "{:<40} {:>8.2} s  whole process (briefing stories --json), peak RSS {}",
            format!("{id}/process"),
            run.wall.as_secs_f64(),
            rss.map(|r| format!("{r:.0} MiB"))
                .unwrap_or_else(|| "unknown".into())
        );
        record("stories_process_s", &size.label, run.wall.as_secs_f64());
        if let Some(r) = rss {
            record("stories_rss_mib", &size.label, r);
        }
    }
}

/// Stories found, and pairwise precision and recall against the generator's own stories
/// (articles are numbered in their file names, and laid out story by story).
fn story_quality(stories: &[briefing::model::Story], articles: usize) -> (usize, f64, f64) {
    let number = |file: &str| -> Option<usize> {
        let name = Path::new(file).file_stem()?.to_str()?;
        name.strip_prefix('a')?.parse().ok()
    };
    let mut together = 0u64;
    let mut right = 0u64;
    for s in stories {
        let k = s.articles.len() as u64;
        together += k * k.saturating_sub(1) / 2;
        let mut by_true: BTreeMap<usize, u64> = BTreeMap::new();
        for a in &s.articles {
            if let Some(i) = number(&a.file) {
                *by_true.entry(corpus::story_number(i, SEED)).or_default() += 1;
            }
        }
        right += by_true
            .values()
            .map(|&c| c * c.saturating_sub(1) / 2)
            .sum::<u64>();
    }
    let mut truth: BTreeMap<usize, u64> = BTreeMap::new();
    for i in 0..articles {
        *truth.entry(corpus::story_number(i, SEED)).or_default() += 1;
    }
    let should: u64 = truth.values().map(|&c| c * c.saturating_sub(1) / 2).sum();
    (
        stories.len(),
        right as f64 / together.max(1) as f64,
        right as f64 / should.max(1) as f64,
    )
}

// ---------------------------------------------------------------------------------------------
// The summary table.

/// A target's text and its test.
type Target = (&'static str, fn(f64) -> bool);

struct Row {
    metric: &'static str,
    label: &'static str,
    unit: &'static str,
    decimals: usize,
    target: Option<Target>,
}

const ROWS: &[Row] = &[
    Row {
        metric: "corpus_mb",
        label: "Corpus size",
        unit: "MB",
        decimals: 1,
        target: None,
    },
    Row {
        metric: "corpus_gen_s",
        label: "Corpus generation (when not cached)",
        unit: "s",
        decimals: 2,
        target: None,
    },
    Row {
        metric: "ingest_mbps",
        label: "ingest_analyse: parse + analyse, one thread",
        unit: "MB/s",
        decimals: 1,
        target: None,
    },
    Row {
        metric: "framing_seeds_us",
        label: "Framing every sentence of an article, seeds (median)",
        unit: "µs",
        decimals: 0,
        target: Some(("≤ 1000 µs", |v| v <= 1000.0)),
    },
    Row {
        metric: "framing_newswcl50_us",
        label: "Framing every sentence of an article, NewsWCL50 (median)",
        unit: "µs",
        decimals: 0,
        target: Some(("≤ 1000 µs", |v| v <= 1000.0)),
    },
    Row {
        metric: "entities_mbps",
        label: "entities: entity recognition alone, one thread",
        unit: "MB/s",
        decimals: 1,
        target: Some(("≥ 50 MB/s", |v| v >= 50.0)),
    },
    Row {
        metric: "build_mbps",
        label: "Build from scratch, whole process",
        unit: "MB/s",
        decimals: 1,
        target: Some(("≥ 15 MB/s", |v| v >= 15.0)),
    },
    Row {
        metric: "build_s",
        label: "Build from scratch, whole process",
        unit: "s",
        decimals: 2,
        target: None,
    },
    Row {
        metric: "bare_tantivy_s",
        label: "The same files through a bare tantivy indexer, in process",
        unit: "s",
        decimals: 2,
        target: None,
    },
    Row {
        metric: "build_vs_bare",
        label: "Build from scratch ÷ bare tantivy indexer",
        unit: "×",
        decimals: 2,
        target: Some(("≤ 2×", |v| v <= 2.0)),
    },
    Row {
        metric: "build_inproc_mbps",
        label: "Build from scratch, in process (criterion, median)",
        unit: "MB/s",
        decimals: 1,
        target: None,
    },
    Row {
        metric: "build_rss_mib",
        label: "Peak RSS while building",
        unit: "MiB",
        decimals: 0,
        target: Some(("≤ 1024 MiB", |v| v <= 1024.0)),
    },
    Row {
        metric: "reopen_ms_median",
        label: "Reopen unchanged library + query, whole process (median)",
        unit: "ms",
        decimals: 1,
        target: Some(("≤ 150 ms", |v| v <= 150.0)),
    },
    Row {
        metric: "reopen_ms_max",
        label: "Reopen unchanged library + query, whole process (max)",
        unit: "ms",
        decimals: 1,
        target: None,
    },
    Row {
        metric: "query_p50_ms",
        label: "Query with snippets, in process, p50",
        unit: "ms",
        decimals: 3,
        target: Some(("≤ 1 ms", |v| v <= 1.0)),
    },
    Row {
        metric: "query_p99_ms",
        label: "Query with snippets, in process, p99",
        unit: "ms",
        decimals: 3,
        target: Some(("≤ 10 ms", |v| v <= 10.0)),
    },
    Row {
        metric: "query_max_ms",
        label: "Query with snippets, in process, max",
        unit: "ms",
        decimals: 3,
        target: None,
    },
    Row {
        metric: "query_no_hits",
        label: "Benchmark queries without hits (of 50)",
        unit: "",
        decimals: 0,
        target: None,
    },
    Row {
        metric: "update_ms_median",
        label: "Update after editing one file (median)",
        unit: "ms",
        decimals: 0,
        target: Some(("≤ 1000 ms", |v| v <= 1000.0)),
    },
    Row {
        metric: "update_ms_max",
        label: "Update after editing one file (max)",
        unit: "ms",
        decimals: 0,
        target: None,
    },
    Row {
        metric: "stories_s",
        label: "Stories: `Library::stories` on an opened library",
        unit: "s",
        decimals: 2,
        target: Some(("≤ 60 s", |v| v <= 60.0)),
    },
    Row {
        metric: "stories_precision",
        label: "Stories: pairwise precision against the generator",
        unit: "",
        decimals: 4,
        target: None,
    },
    Row {
        metric: "stories_recall",
        label: "Stories: pairwise recall against the generator",
        unit: "",
        decimals: 4,
        target: None,
    },
    Row {
        metric: "stories_process_s",
        label: "Stories, whole process (`briefing stories --json`)",
        unit: "s",
        decimals: 2,
        target: None,
    },
    Row {
        metric: "stories_rss_mib",
        label: "Peak RSS of `briefing stories`",
        unit: "MiB",
        decimals: 0,
        target: None,
    },
    Row {
        metric: "search_rss_mib",
        label: "Peak RSS of a search process",
        unit: "MiB",
        decimals: 0,
        target: Some(("≤ 300 MiB", |v| v <= 300.0)),
    },
];

fn summary(_: &mut Criterion) {
    unlock_bench_dir();
    if args().list {
        return;
    }
    let figures = FIGURES.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if figures.is_empty() {
        return;
    }
    let labels: Vec<String> = sizes().iter().map(|s| s.label.clone()).collect();
    let largest = labels.last().cloned().unwrap_or_default();
    let mut out = String::new();
    out.push_str(&format!(
        "| Figure | {} | Target | {} vs target |\n|---|{}---|---|\n",
        labels.join(" | "),
        largest,
        "---:|".repeat(labels.len())
    ));
    for row in ROWS {
        let per_size: Vec<Option<f64>> = labels
            .iter()
            .map(|l| {
                figures
                    .get(&(row.metric.to_string(), l.clone()))
                    .or_else(|| figures.get(&(row.metric.to_string(), "all".to_string())))
                    .copied()
            })
            .collect();
        if per_size.iter().all(Option::is_none) {
            continue;
        }
        let cells: Vec<String> = per_size
            .iter()
            .map(|v| match v {
                Some(v) => format!("{:.*} {}", row.decimals, v, row.unit)
                    .trim_end()
                    .to_string(),
                None => "—".to_string(),
            })
            .collect();
        let (target, verdict) = match (row.target, per_size.last().copied().flatten()) {
            (Some((t, ok)), Some(v)) => (t, if ok(v) { "met" } else { "**missed**" }),
            (Some((t, _)), None) => (t, "—"),
            (None, _) => ("", ""),
        };
        out.push_str(&format!(
            "| {} | {} | {target} | {verdict} |\n",
            row.label,
            cells.join(" | ")
        ));
    }
    if !args().bench {
        // `cargo test --benches`: one run of each, possibly of a debug build. Not figures.
        println!("\nSmoke run (test mode, every benchmark once; not measurements):\n\n{out}");
        return;
    }
    println!("\nSummary (targets are for 100k articles on a 2-core machine):\n\n{out}");
    let path = root().join("summary.md");
    if std::fs::create_dir_all(root()).is_ok() && std::fs::write(&path, &out).is_ok() {
        println!("(also written to {})", path.display());
    }
}

/// The reader's article pane: which entity each mention of an article is, asked of the
/// library's merged entity list for an article not looked at before (the list keeps the last
/// eight articles' answers; these come from every mention of the library, packed, see
/// `model::Mentions`). The list is read as saved (merged first if it is not).
fn article_entities(c: &mut Criterion) {
    let mut g = c.benchmark_group("article_entities");
    g.sample_size(20).measurement_time(Duration::from_secs(3));
    for size in sizes() {
        let label = size.label.clone();
        if !selected(&format!("article_entities/{label}")) {
            continue;
        }
        let p = library_for(size);
        let lib = open_library(&p.dir, &p.index);
        let list = lib.entities().or_die("merging the entity list").clone();
        list.prepare();
        let ids: Vec<String> = list.articles.iter().map(|a| a.id.clone()).collect();
        // Articles spread over the list, each asked once per lap: never one of the last eight.
        let step = (ids.len() / 997).max(1);
        let mut k = 0usize;
        g.bench_function(label.as_str(), |b| {
            b.iter_custom(|iters| {
                let t = Instant::now();
                for _ in 0..iters {
                    let id = &ids[(k * step) % ids.len().max(1)];
                    k += 1;
                    black_box(list.entity_at(id, 0));
                }
                let d = t.elapsed();
                if iters > 0 {
                    sample("article_entities", &label, d / iters as u32);
                }
                d
            })
        });
        mark_done(&format!("article_entities/{label}"));
        if let Some(s) = sorted_samples("article_entities", &label) {
            record("article_entities_ms", &label, ms(quantile(&s, 0.5)));
        }
    }
    g.finish();
}

criterion_group!(
    benches,
    ingest_analyse,
    framing,
    story_facts,
    side_panel,
    entities,
    build,
    query,
    reopen_and_query,
    article_entities,
    update_one_file,
    stories,
    summary
);
criterion_main!(benches);
