//! The command line: argument parsing (clap), running each subcommand against the
//! [`Library`], and printing aligned human output or stable JSON. Exit codes: 0 ok, 1 error,
//! 2 usage (a bad argument or query). Problems with input files go to stderr and never stop
//! the command. Every line of human output, on stdout and stderr, goes through
//! [`crate::sanitise`]: data in it is [`clean`]ed and the stream is a [`Clean`] writer, so no
//! control character from an article, a file name or a config file reaches the terminal. JSON
//! is written as it is (its serializer escapes controls). Output into a closed pipe
//! (`briefing facts | head`) ends the command quietly.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::library::{Corpus, Library, OpenOptions, OpenReport, Progress};
use crate::model::{Article, ArticleSummary, SearchResults};
use crate::sanitise::{Clean, JsonFormatter, Styled, clean};

/// Human output on stdout: buffered, every byte through the sanitising writer.
type Out = Clean<std::io::BufWriter<std::io::StdoutLock<'static>>>;

fn stdout() -> Out {
    Clean::new(std::io::BufWriter::new(std::io::stdout().lock()))
}

/// Human output on stderr (warnings, notes, the final error), through the sanitising writer.
pub fn stderr() -> Clean<std::io::Stderr> {
    Clean::new(std::io::stderr())
}

/// A mistake in how the command was called (a query that does not parse): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The command line, parsed; or the exit code after clap's help, version or usage error has
/// been printed, through the sanitiser like every other line (a usage error echoes what was
/// typed, and a file name pasted there can hold anything).
pub fn parse() -> Result<Cli, std::process::ExitCode> {
    use clap::Parser;
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(e) => {
            let text = e.render().to_string();
            let written = if e.use_stderr() {
                let mut err = stderr();
                err.write_all(text.as_bytes()).and_then(|()| err.flush())
            } else {
                let mut out = stdout();
                out.write_all(text.as_bytes()).and_then(|()| out.flush())
            };
            drop(written);
            Err(std::process::ExitCode::from(
                u8::try_from(e.exit_code()).unwrap_or(2),
            ))
        }
    }
}

/// The exit code for what [`run`] returned, after printing its error (if any) on stderr:
/// 0 for success and for output cut short by a closed pipe (`briefing facts | head`), 2 for a
/// [`UsageError`], 1 for any other error.
pub fn finish(result: anyhow::Result<()>) -> std::process::ExitCode {
    use std::process::ExitCode;
    let Err(e) = result else {
        return ExitCode::SUCCESS;
    };
    let closed_pipe = e.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    });
    if closed_pipe {
        return ExitCode::SUCCESS;
    }
    let mut err = stderr();
    let _ = writeln!(err, "error: {}", clean(&format!("{e:#}")));
    let _ = err.flush();
    if e.downcast_ref::<UsageError>().is_some() {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "briefing",
    version,
    about = "Read several outlets' coverage of one story side by side."
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// Files and folders of articles (.txt, .md, .html); none = the built-in sample briefing.
    pub paths: Vec<PathBuf>,
    /// Keep the library index in DIR instead of the cache directory: a new or empty
    /// directory, or a briefing library; anything else is refused and left untouched.
    #[arg(long, value_name = "DIR", global = true)]
    pub index: Option<PathBuf>,
    /// No progress bar and no warnings on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Reader config file (theme, keys, pane sizes); default: the user config directory's
    /// briefing/config.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Print the library summary instead of opening the reader.
    #[arg(long)]
    pub summary: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the library index for PATHs.
    Index {
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the articles: outlet, headline, date, byline, dateline, size.
    Articles {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long)]
        json: bool,
        /// With --json: also what was dropped as page debris, and how the outlet was found.
        #[arg(long, short)]
        verbose: bool,
    },
    /// People, organizations, places, dates and groups, merged across spellings and outlets.
    Entities {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long)]
        json: bool,
        /// Only this kind: person, organization, place, date, group.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<crate::model::EntityKind>,
        /// Say why the spellings of the entity named NAME were joined.
        #[arg(long, value_name = "NAME")]
        explain: Option<String>,
    },
    /// The facts of each story: the sentences in which outlets report the same thing, how
    /// each tells it, and which outlets leave it out.
    Facts {
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Only the story with this id (see `briefing stories`).
        #[arg(long, value_name = "ID")]
        story: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A story as a Markdown briefing: fact by fact, each outlet's version quoted and cited.
    Export {
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Only the story with this id (default: every story).
        #[arg(long, value_name = "ID")]
        story: Option<String>,
        /// Output format; `md` (Markdown) is the one there is.
        #[arg(long, default_value = "md", value_parser = ["md"])]
        format: String,
    },
    /// Stories: the articles grouped by the event they tell, with outlets and dates.
    Stories {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long)]
        json: bool,
    },
    /// What the reader's side panel shows for one passage: other outlets' passages of the same
    /// fact (with the fact's id), then the passages of other articles most like it.
    Related {
        /// ARTICLE_ID:PASSAGE: an article id as `briefing articles --json` gives it, and a
        /// passage number counted from 0, as `passage` in the JSON output.
        #[arg(value_name = "ARTICLE_ID:PASSAGE", value_parser = parse_passage_ref)]
        target: (String, u32),
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long)]
        json: bool,
        /// How many related passages to show (after the same-fact ones).
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
    },
    /// One article as the reader shows it: where it comes from, its headline, then its
    /// paragraphs, wrapped to the terminal's width (80 columns when not on a terminal).
    ///
    /// TARGET is an article id (`briefing articles --json`), or a file, read on its own to
    /// check what is taken from a page.
    Show {
        #[arg(value_name = "ARTICLE_ID|FILE")]
        target: String,
        #[command(flatten)]
        corpus: CorpusArgs,
        /// The whole article as JSON: metadata, passages with their byte ranges, what was
        /// dropped as page debris.
        #[arg(long)]
        json: bool,
        /// Wrap at this many columns instead of the terminal's width.
        #[arg(long, value_name = "COLUMNS")]
        width: Option<u16>,
    },
    /// Fetch news: feeds (RSS, Atom, JSON Feed), OPML lists of feeds, and article pages.
    ///
    /// Each new item's page is saved once as HTML under its outlet's folder in DIR, with the
    /// feed's title, link, date and author in it. Feeds given are remembered in DIR/feeds.opml
    /// (plain OPML: import one from another reader by giving its file or URL); with no URL,
    /// every remembered feed is refreshed. Exit code 0 only if every source answered.
    Fetch {
        /// Feed, OPML or article URLs, or OPML files on disk.
        #[arg(value_name = "URL")]
        urls: Vec<String>,
        /// The news folder (default: ~/briefing). Read it with `briefing DIR`.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// Requests in flight to one host at once.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=16))]
        per_host: u16,
        /// Seconds one request may take, redirects and body included.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout: u64,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Ranked keyword search with snippets. Phrases in quotes; `outlet:` and `title:` fields.
    ///
    /// Words are ANDed; `OR`, `NOT`, `-word`, `(…)`, `"a phrase"`, `word^2` and `*` (every
    /// article) work as in tantivy's query language. A query that cannot be read (an unclosed
    /// quote or parenthesis, `title:` with no word, an unknown field, `AND` with nothing to
    /// join) is refused with exit code 2 and the character where it goes wrong; it is never
    /// searched as something else.
    Search {
        /// The query, e.g. '"buffer zone"', 'outlet:reuters withdrawal'.
        query: String,
        #[command(flatten)]
        corpus: CorpusArgs,
        #[arg(long)]
        json: bool,
        /// How many hits to show.
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
    },
}

/// Where the reader logs: `<cache dir>/briefing.log`.
pub fn log_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "briefing").map(|d| d.cache_dir().join("briefing.log"))
}

/// Logging: to `<cache dir>/briefing.log` when the reader takes the terminal (never to the
/// screen), to stderr for the other commands; `BRIEFING_LOG` sets the filter (default: warn
/// in the log file, off on stderr).
pub fn init_logging(cli: &Cli) {
    use tracing_subscriber::EnvFilter;
    let tui = cli.command.is_none() && std::io::stdout().is_terminal();
    if tui {
        let file = log_file().and_then(|path| {
            std::fs::create_dir_all(path.parent()?).ok()?;
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .ok()
        });
        if let Some(f) = file {
            let filter =
                EnvFilter::try_from_env("BRIEFING_LOG").unwrap_or_else(|_| EnvFilter::new("warn"));
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .with_writer(std::sync::Mutex::new(f))
                .try_init();
        }
        return;
    }
    let filter = EnvFilter::try_from_env("BRIEFING_LOG").unwrap_or_else(|_| EnvFilter::new("off"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(stderr)
        .try_init();
}

/// Run the parsed command line; the error is printed by the caller with exit code 1.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None if !cli.corpus.summary
            && std::io::stdout().is_terminal()
            && std::io::stdin().is_terminal() =>
        {
            // A library directory we must refuse is refused before the reader takes the screen.
            let corpus = Corpus::for_args(&cli.corpus.paths, cli.corpus.index.as_deref());
            if let Some(dir) = &cli.corpus.index {
                crate::library::check_index_dir(&corpus, dir)?;
            }
            crate::tui::run(crate::tui::Options {
                corpus,
                index_dir: cli.corpus.index.clone(),
                config: cli.corpus.config.clone(),
            })
        }
        None => summary(&cli.corpus),
        Some(Command::Index { corpus, json }) => index(&corpus, json),
        Some(Command::Articles {
            corpus,
            json,
            verbose,
        }) => articles(&corpus, json, verbose),
        Some(Command::Entities {
            corpus,
            json,
            kind,
            explain,
        }) => entities(&corpus, json, kind, explain.as_deref()),
        Some(Command::Facts {
            corpus,
            story,
            json,
        }) => facts(&corpus, story.as_deref(), json),
        Some(Command::Export { corpus, story, .. }) => export(&corpus, story.as_deref()),
        Some(Command::Stories { corpus, json }) => stories(&corpus, json),
        Some(Command::Related {
            target: (article, passage),
            corpus,
            json,
            limit,
        }) => related(&corpus, &article, passage, json, limit),
        Some(Command::Search {
            query,
            corpus,
            json,
            limit,
        }) => search(&corpus, &query, json, limit),
        Some(Command::Show {
            target,
            corpus,
            json,
            width,
        }) => show(&corpus, &target, json, width),
        Some(Command::Fetch {
            urls,
            into,
            per_host,
            timeout,
            json,
        }) => fetch(&urls, into, per_host, timeout, json),
    }
}

fn show(args: &CorpusArgs, target: &str, json: bool, width: Option<u16>) -> anyhow::Result<()> {
    let path = std::path::Path::new(target);
    let article = if path.is_file() {
        let outlets = crate::ingest::Outlets::builtin();
        crate::ingest::read_file(path, target, outlets, None)
            .map(|(a, _)| a)
            .map_err(|e| anyhow::anyhow!("{target}: {e}"))?
    } else {
        let lib = open(args)?;
        match lib.article(target)? {
            Some(a) => a,
            None => anyhow::bail!(
                "no article has id {target:?} and there is no such file; `briefing articles --json` lists the ids"
            ),
        }
    };
    if json {
        return print_json(&article);
    }
    let width = width
        .map(usize::from)
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| {
                    crossterm::terminal::size()
                        .ok()
                        .map(|(w, _)| usize::from(w))
                })
                .flatten()
        })
        .unwrap_or(80)
        .max(20);
    let mut out = stdout();
    for line in article_lines(&article, width) {
        writeln!(out, "{}", clean(&line))?;
    }
    out.flush()?;
    Ok(())
}

/// An article as text lines at most `width` columns wide: the provenance line (outlet, date,
/// byline, dateline), its address, the headline, a rule, then the paragraphs, a blank line
/// between each.
pub fn article_lines(a: &Article, width: usize) -> Vec<String> {
    let mut meta = vec![
        a.outlet
            .clone()
            .unwrap_or_else(|| "Outlet not named".to_string()),
        a.published
            .map(|d| d.format("%e %b %Y").to_string().trim().to_string())
            .unwrap_or_else(|| "date unknown".to_string()),
    ];
    meta.extend(a.byline.as_ref().map(|b| format!("by {b}")));
    meta.extend(a.dateline.clone());
    let wrap = |text: &str| -> Vec<String> {
        textwrap::wrap(text, width)
            .into_iter()
            .map(|l| l.into_owned())
            .collect()
    };
    let mut lines = wrap(&meta.join(" · "));
    lines.extend(a.url.iter().cloned());
    lines.extend(wrap(a.title.as_deref().unwrap_or("(no headline)")));
    lines.push("─".repeat(width.min(80)));
    for (i, p) in a.passages.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(wrap(&p.text));
    }
    lines
}

/// The news folder `briefing fetch` uses when none is given: `~/briefing`.
pub fn default_news_dir() -> anyhow::Result<PathBuf> {
    directories::UserDirs::new()
        .map(|d| d.home_dir().join("briefing"))
        .ok_or_else(|| anyhow::anyhow!("no home folder to put ~/briefing in: give --into DIR"))
}

fn fetch(
    urls: &[String],
    into: Option<PathBuf>,
    per_host: u16,
    timeout: u64,
    json: bool,
) -> anyhow::Result<()> {
    use crate::fetch::{FetchOptions, fetch};
    let dir = match into {
        Some(d) => d,
        None => default_news_dir()?,
    };
    let mut options = FetchOptions::new(dir.clone());
    options.http.per_host = usize::from(per_host);
    options.http.timeout = std::time::Duration::from_secs(timeout);
    let bar = progress_bar(
        std::io::stderr().is_terminal(),
        "{spinner} {msg} {pos}/{len} {wide_bar}",
    );
    let progress = |done: usize, total: usize, what: &str| {
        if let Some(b) = &bar {
            b.set_message(what.to_string());
        }
        advance(bar.as_ref(), done, total);
    };
    let report = fetch(urls, &options, &progress)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if json {
        print_json(&report)?;
    } else {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        let mut out = stdout();
        writeln!(
            out,
            "{} checked ({} not modified) · {}: {} saved ({} from the feed's text), {} already saved under another address · {} saved by an earlier run",
            n(report.feeds_checked, "feed", "feeds"),
            report.feeds_not_modified,
            n(report.new_items, "new item", "new items"),
            report.saved.len(),
            report.from_feed_text,
            report.duplicates,
            report.already_saved,
        )?;
        writeln!(out, "into: {}", clean(&dir.display().to_string()))?;
        out.flush()?;
        let mut err = stderr();
        for f in &report.page_not_saved {
            writeln!(
                err,
                "note: {}: the page was not saved ({}); the feed's text was",
                clean(&f.url),
                clean(&f.reason)
            )?;
        }
        for f in &report.failures {
            writeln!(err, "failed: {}: {}", clean(&f.url), clean(&f.reason))?;
        }
        err.flush()?;
    }
    if !report.failures.is_empty() {
        anyhow::bail!(
            "{} of the sources or items failed ({})",
            report.failures.len(),
            if json {
                "in \"failures\""
            } else {
                "listed above"
            }
        );
    }
    Ok(())
}

/// A progress bar on stderr drawn with `template`, when `show`.
fn progress_bar(show: bool, template: &str) -> Option<indicatif::ProgressBar> {
    show.then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    })
}

/// Show `done` of `total` on `bar`, when there is one.
fn advance(bar: Option<&indicatif::ProgressBar>, done: usize, total: usize) {
    if let Some(b) = bar {
        b.set_length(total as u64);
        b.set_position(done as u64);
    }
}

fn open(args: &CorpusArgs) -> anyhow::Result<Library> {
    let corpus = Corpus::for_args(&args.paths, args.index.as_deref());
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let bar = progress_bar(
        show_bar,
        "{spinner} indexing {pos}/{len} files {wide_bar} {eta}",
    );
    let progress = |p: Progress| advance(bar.as_ref(), p.done, p.total);
    let opts = OpenOptions {
        index_dir: args.index.clone(),
        progress: Some(&progress),
        on_article: None,
    };
    let lib = Library::open(&corpus, &opts)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if !args.quiet {
        report_problems(&lib.report);
    }
    Ok(lib)
}

fn report_problems(r: &OpenReport) {
    let mut err = stderr();
    for n in &r.notices {
        let _ = writeln!(err, "note: {}", clean(n));
    }
    for p in &r.problems {
        let _ = writeln!(err, "warning: {}", clean(&p.to_string()));
    }
    let _ = err.flush();
}

fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    // Buffered: stdout alone flushes at every newline, a write per line of pretty JSON.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut ser = serde_json::Serializer::with_formatter(&mut out, JsonFormatter::new());
    value.serialize(&mut ser)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

fn index(args: &CorpusArgs, json: bool) -> anyhow::Result<()> {
    let lib = open(args)?;
    let r = &lib.report;
    if json {
        print_json(r)?;
    }
    // Building the library is this command's whole job: it fails when nothing was saved.
    if r.index_dir.is_none() {
        anyhow::bail!("the library could not be saved: {}", r.notices.join("; "));
    }
    if r.unsaved > 0 {
        anyhow::bail!(
            "{} changed files could not be saved to the library: {}",
            r.unsaved,
            r.notices.join("; ")
        );
    }
    // Group the stories now and save them with the library, so that the reader and
    // `briefing stories` open on them without grouping.
    let stories = lib.stories()?.len();
    // And the article list, which the reader opens on, and the entity list (`e`), merged
    // across the library's spellings: a merge is seconds on a large library.
    let t = std::time::Instant::now();
    lib.articles()?;
    tracing::debug!("index: article list in {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let entities = lib.entities()?.len();
    tracing::debug!("index: entity list in {:?}", t.elapsed());
    // And every story's facts (the side panel's, the fact matrix's, `briefing facts`'):
    // worked out once here, again only for a story whose articles change.
    let bar = progress_bar(
        !args.quiet && std::io::stderr().is_terminal(),
        "{spinner} facts of {pos}/{len} stories {wide_bar} {eta}",
    );
    let t = std::time::Instant::now();
    lib.save_story_facts(&|done, total| advance(bar.as_ref(), done, total))?;
    tracing::debug!("index: story facts in {:?}", t.elapsed());
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if json {
        return Ok(());
    }
    let mut out = stdout();
    writeln!(
        out,
        "{} articles · {} added, {} changed, {} removed, {} unchanged · {} read and analysed · {} stories · {} entities",
        r.articles, r.added, r.changed, r.removed, r.unchanged, r.analysed, stories, entities
    )?;
    if let Some(d) = &r.index_dir {
        writeln!(out, "index: {}", clean(d))?;
    }
    out.flush()?;
    Ok(())
}

fn summary(args: &CorpusArgs) -> anyhow::Result<()> {
    let lib = open(args)?;
    let arts = lib.articles()?;
    let outlets: std::collections::BTreeSet<&str> =
        arts.iter().filter_map(|a| a.outlet.as_deref()).collect();
    let unknown = arts.iter().filter(|a| a.outlet.is_none()).count();
    let label = if args.paths.is_empty() {
        "the sample briefing".to_string()
    } else {
        format!("{} path(s)", args.paths.len())
    };
    let mut out = stdout();
    writeln!(
        out,
        "{} articles from {} outlets{} in {label}",
        arts.len(),
        outlets.len(),
        if unknown > 0 {
            format!(" ({unknown} with no outlet named)")
        } else {
            String::new()
        }
    )?;
    for (folder, group) in crate::library::group_by_folder(&arts) {
        if !folder.is_empty() {
            writeln!(out, "\n{}/", clean(&folder))?;
        } else {
            writeln!(out)?;
        }
        print_article_rows(&mut out, &group)?;
    }
    writeln!(
        out,
        "\nTry: briefing search '\"buffer zone\"'   ·   briefing articles --json"
    )?;
    out.flush()?;
    Ok(())
}

/// Truncate to `width` characters, with an ellipsis when cut.
fn fit(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return format!("{s:<width$}");
    }
    let cut: String = s.chars().take(width.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// The width of an outlet column: the longest outlet ("—" for none), 6 to 24 characters.
fn outlet_width<'a>(outlets: impl Iterator<Item = Option<&'a str>>) -> usize {
    outlets
        .map(|o| outlet_or_dash(o).chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 24)
}

/// A publication date, or "—" when there is none.
fn date_or_dash(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// An outlet's name for a column, cleaned, or "—" when there is none.
fn outlet_or_dash(outlet: Option<&str>) -> std::borrow::Cow<'_, str> {
    clean(outlet.unwrap_or("—"))
}

fn print_article_rows(out: &mut Out, rows: &[&ArticleSummary]) -> std::io::Result<()> {
    let outlet_w = outlet_width(rows.iter().map(|a| a.outlet.as_deref()));
    writeln!(
        out,
        "{:<12}  {}  {:<10}  {:>5}  TITLE",
        "ID",
        fit("OUTLET", outlet_w),
        "PUBLISHED",
        "WORDS"
    )?;
    for a in rows {
        writeln!(
            out,
            "{:<12}  {}  {:<10}  {:>5}  {}",
            clean(&a.id),
            fit(&outlet_or_dash(a.outlet.as_deref()), outlet_w),
            date_or_dash(a.published),
            a.words,
            fit(&clean(a.title.as_deref().unwrap_or("(no headline)")), 70).trim_end()
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct VerboseArticle<'a> {
    #[serde(flatten)]
    summary: ArticleSummary,
    format: crate::model::Format,
    outlet_evidence: Option<crate::model::OutletEvidence>,
    offsets_are_file_bytes: bool,
    warnings: &'a [String],
    dropped: &'a [crate::model::Dropped],
}

fn articles(args: &CorpusArgs, json: bool, verbose: bool) -> anyhow::Result<()> {
    let lib = open(args)?;
    let rows = lib.articles()?;
    if json && verbose {
        let full: Vec<Article> = rows
            .iter()
            .filter_map(|r| lib.article(&r.id).ok().flatten())
            .collect();
        let out: Vec<VerboseArticle<'_>> = full
            .iter()
            .map(|a| VerboseArticle {
                summary: ArticleSummary::from(a),
                format: a.format,
                outlet_evidence: a.outlet_evidence,
                offsets_are_file_bytes: a.offsets_are_file_bytes,
                warnings: &a.warnings,
                dropped: &a.dropped,
            })
            .collect();
        return print_json(&out);
    }
    if json {
        return print_json(&rows);
    }
    let refs: Vec<&ArticleSummary> = rows.iter().collect();
    let mut out = stdout();
    print_article_rows(&mut out, &refs)?;
    out.flush()?;
    Ok(())
}

fn parse_kind(s: &str) -> Result<crate::model::EntityKind, String> {
    use crate::model::EntityKind as K;
    [K::Person, K::Organization, K::Place, K::Date, K::Group]
        .into_iter()
        .find(|k| k.as_str() == s.to_lowercase())
        .ok_or_else(|| {
            format!("unknown kind {s:?}: use person, organization, place, date or group")
        })
}

fn entities(
    args: &CorpusArgs,
    json: bool,
    kind: Option<crate::model::EntityKind>,
    explain: Option<&str>,
) -> anyhow::Result<()> {
    let lib = open(args)?;
    let all = lib.entities_of(kind)?;
    let entities = lib.entities()?;
    if let Some(name) = explain {
        let wanted = name.to_lowercase();
        let exact = all.iter().find(|e| {
            e.name.to_lowercase() == wanted
                || e.aliases.iter().any(|a| a.text.to_lowercase() == wanted)
        });
        // Else the entity one of whose spellings contains the words ("al-Shaibani").
        let partial = || {
            all.iter().find(|e| {
                e.aliases.iter().any(|a| {
                    let t = a.text.to_lowercase();
                    t.ends_with(&format!(" {wanted}"))
                        || t.starts_with(&format!("{wanted} "))
                        || t.ends_with(&format!("-{wanted}"))
                })
            })
        };
        let Some(e) = exact.or_else(partial) else {
            anyhow::bail!("no entity is called {name:?}; try `briefing entities` to list them");
        };
        if json {
            return print_json(&entities.view(e));
        }
        let mut out = stdout();
        writeln!(
            out,
            "{} ({}), {} mentions",
            clean(&e.name),
            e.kind.as_str(),
            e.mentions.len()
        )?;
        for a in &e.aliases {
            writeln!(
                out,
                "  {:<32} ×{:<3} {}",
                clean(&a.text),
                a.count,
                clean(&a.outlets.join(", "))
            )?;
        }
        if e.why.is_empty() {
            writeln!(
                out,
                "No spellings were joined: every mention reads \"{}\"{}.",
                clean(&e.name),
                if e.aliases.len() > 1 {
                    " or a known alias"
                } else {
                    ""
                }
            )?;
        } else {
            writeln!(out, "Joined because:")?;
            for w in &e.why {
                writeln!(out, "  - {}", clean(w))?;
            }
        }
        out.flush()?;
        return Ok(());
    }
    if json {
        let views: Vec<_> = all.iter().map(|e| entities.view(e)).collect();
        return print_json(&views);
    }
    let mut out = stdout();
    writeln!(
        out,
        "{:<13} {:<30} {:>4}  {:<7} SPELLINGS",
        "KIND", "NAME", "N", "OUTLETS"
    )?;
    for e in all {
        let spellings: Vec<&str> = e.aliases.iter().map(|a| a.text.as_str()).collect();
        writeln!(
            out,
            "{:<13} {} {:>4}  {:<7} {}",
            e.kind.as_str(),
            fit(&clean(&e.name), 30),
            e.mentions.len(),
            e.outlets.len(),
            clean(&spellings.join(" / "))
        )?;
    }
    out.flush()?;
    Ok(())
}

/// "2026-01-06", "2026-01-06 – 2026-01-08", or "—" when no date is known.
fn date_span(first: Option<chrono::NaiveDate>, last: Option<chrono::NaiveDate>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f != l => format!("{f} – {l}"),
        (Some(f), _) | (None, Some(f)) => f.to_string(),
        (None, None) => "—".to_string(),
    }
}

fn stories(args: &CorpusArgs, json: bool) -> anyhow::Result<()> {
    let lib = open(args)?;
    let stories = lib.stories()?;
    if json {
        return print_json(stories);
    }
    let total: usize = stories.iter().map(|s| s.articles.len()).sum();
    let mut out = stdout();
    writeln!(
        out,
        "{} {} from {total} article{}",
        stories.len(),
        if stories.len() == 1 {
            "story"
        } else {
            "stories"
        },
        if total == 1 { "" } else { "s" }
    )?;
    let outlet_w = outlet_width(
        stories
            .iter()
            .flat_map(|s| &s.articles)
            .map(|a| a.outlet.as_deref()),
    );
    for s in stories {
        writeln!(
            out,
            "\n{:<12}  {} article{} · {} outlet{} · {}{}\n  {}",
            clean(&s.id),
            s.articles.len(),
            if s.articles.len() == 1 { "" } else { "s" },
            s.outlets.len(),
            if s.outlets.len() == 1 { "" } else { "s" },
            date_span(s.first, s.last),
            if s.pinned { " · pinned" } else { "" },
            clean(&s.title)
        )?;
        for a in &s.articles {
            writeln!(
                out,
                "    {:<12}  {}  {:<10}  {}",
                clean(&a.id),
                fit(&outlet_or_dash(a.outlet.as_deref()), outlet_w),
                date_or_dash(a.published),
                clean(&a.file)
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

fn search(args: &CorpusArgs, query: &str, json: bool, limit: usize) -> anyhow::Result<()> {
    if let Err(e) = Library::check_query(query) {
        return Err(UsageError(format!("cannot read the query {query:?}: {e}")).into());
    }
    let lib = open(args)?;
    let results = lib.search(query, limit)?;
    let printed = if json {
        print_json(&results)
    } else {
        print_hits(&results, std::io::stdout().is_terminal()).map_err(anyhow::Error::from)
    };
    // The process ends here: the OS takes back a 100k-file library faster than its
    // destructors would (tens of ms at that size). Nothing is left unwritten: search only reads,
    // and any update was committed in `open`.
    std::mem::forget(lib);
    printed
}

/// "ARTICLE_ID:PASSAGE" as an article id and a passage number.
fn parse_passage_ref(s: &str) -> Result<(String, u32), String> {
    let (id, n) = s
        .rsplit_once(':')
        .ok_or_else(|| format!("{s:?} is not ARTICLE_ID:PASSAGE (e.g. 3f2a9c1b:4)"))?;
    if id.is_empty() {
        return Err(format!("{s:?} names no article before the ':'"));
    }
    let n = n
        .parse::<u32>()
        .map_err(|_| format!("{n:?} is not a passage number (0, 1, 2, …)"))?;
    Ok((id.to_string(), n))
}

fn related(
    args: &CorpusArgs,
    article: &str,
    passage: u32,
    json: bool,
    limit: usize,
) -> anyhow::Result<()> {
    let lib = open(args)?;
    let Some(n) = lib.neighbours(article, passage, limit)? else {
        match lib.article(article)? {
            Some(a) => anyhow::bail!(
                "article {article:?} has {} passages (0 to {}); there is no passage {passage}",
                a.passages.len(),
                a.passages.len().saturating_sub(1)
            ),
            None => anyhow::bail!(
                "no article has id {article:?}; `briefing articles --json` lists them"
            ),
        }
    };
    if json {
        return print_json(&n);
    }
    let mut out = stdout();
    let name =
        |outlet: &Option<String>, file: &str| outlet.clone().unwrap_or_else(|| file.to_string());
    if n.same_fact.is_empty() {
        writeln!(out, "No other outlet tells a fact of this passage.")?;
    } else {
        writeln!(out, "Same fact, other outlets:")?;
        let mut last = "";
        for p in &n.same_fact {
            if p.fact != last {
                writeln!(out, "  {}  {}", clean(&p.fact), clean(&p.label))?;
                last = &p.fact;
            }
            writeln!(
                out,
                "    {} ({}:{}): {}",
                clean(&name(&p.outlet, &p.file)),
                clean(&p.article),
                p.passage,
                clean(&p.text)
            )?;
        }
    }
    if !n.related.is_empty() {
        writeln!(out, "Related passages:")?;
        for p in &n.related {
            writeln!(
                out,
                "  {:.2}  {} ({}:{}): {}",
                p.score,
                clean(&name(&p.outlet, &p.file)),
                clean(&p.article),
                p.passage,
                clean(&p.text)
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Hand `each` the facts of one story (`--story`) or of every story, in story order, one
/// story at a time: output starts before the last story is worked out and memory holds a few
/// stories' facts, never the library's.
/// `one` is the story `--story` named, found by [`story_facts`] before anything is written (an
/// unknown id then leaves stdout empty, not half a JSON array).
fn each_story_facts(
    lib: &Library,
    one: Option<crate::model::StoryFacts>,
    mut each: impl FnMut(crate::model::StoryFacts) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match one {
        Some(f) => each(f),
        None => lib.each_story_facts(each),
    }
}

/// The facts of story `id` when `--story` names one, or an error naming it.
fn story_facts(
    lib: &Library,
    story: Option<&str>,
) -> anyhow::Result<Option<crate::model::StoryFacts>> {
    let Some(id) = story else {
        return Ok(None);
    };
    match lib.facts_for_story(id)? {
        Some(f) => Ok(Some(f)),
        None => anyhow::bail!("no story has id {id:?}; `briefing stories` lists them"),
    }
}

fn facts(args: &CorpusArgs, story: Option<&str>, json: bool) -> anyhow::Result<()> {
    let lib = open(args)?;
    let one = story_facts(&lib, story)?;
    // Buffered: stdout alone flushes at every newline, a write per line of pretty JSON.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        // One JSON array of every story's facts, written story by story as each is worked out;
        // the same bytes `print_json` writes for the whole array.
        use serde::ser::{SerializeSeq, Serializer};
        let mut ser = serde_json::Serializer::with_formatter(&mut out, JsonFormatter::new());
        let mut seq = ser.serialize_seq(None)?;
        each_story_facts(&lib, one, |s| {
            for f in &s.facts {
                seq.serialize_element(f)?;
            }
            Ok(())
        })?;
        seq.end()?;
        writeln!(out)?;
        out.flush()?;
        return Ok(());
    }
    let mut out = Clean::new(out);
    each_story_facts(&lib, one, |s| {
        let shared = s.facts.iter().filter(|f| f.outlets.len() > 1).count();
        writeln!(
            out,
            "{}  {} · {} articles · {} facts, {shared} told by more than one outlet",
            clean(&s.story),
            clean(&s.title),
            s.articles.len(),
            s.facts.len()
        )?;
        for f in s.facts.iter().filter(|f| f.outlets.len() > 1) {
            writeln!(out, "  {}  {}", clean(&f.id), clean(&f.label))?;
            writeln!(out, "      reported by: {}", clean(&f.outlets.join(", ")))?;
            if !f.missing_from.is_empty() {
                writeln!(
                    out,
                    "      not by:      {}",
                    clean(&f.missing_from.join(", "))
                )?;
            }
            if !f.differs.is_empty() {
                writeln!(
                    out,
                    "      numbers or dates differ or vaguer: {}",
                    clean(&f.differs.join(", "))
                )?;
            }
        }
        writeln!(out)?;
        Ok(())
    })?;
    out.flush()?;
    Ok(())
}

fn export(args: &CorpusArgs, story: Option<&str>) -> anyhow::Result<()> {
    let lib = open(args)?;
    let one = story_facts(&lib, story)?;
    let mut out = stdout();
    each_story_facts(&lib, one, |s| {
        write!(
            out,
            "{}",
            crate::export::markdown(&s.title, &s.outlets, &s.facts)
        )?;
        Ok(())
    })?;
    out.flush()?;
    Ok(())
}

/// Mark the highlighted ranges of a snippet: bold on a terminal, [brackets] elsewhere. The
/// snippet's text is cleaned before the marks go in, so the only escapes are the bold's own.
pub fn mark(snippet: &str, highlights: &[crate::model::Highlight], ansi: bool) -> Styled {
    let (open, close) = if ansi {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = Styled::new();
    let mut at = 0;
    for h in highlights {
        if h.start < at
            || h.end > snippet.len()
            || !snippet.is_char_boundary(h.start)
            || !snippet.is_char_boundary(h.end)
        {
            continue;
        }
        out.text(&snippet[at..h.start]);
        out.escape(open);
        out.text(&snippet[h.start..h.end]);
        out.escape(close);
        at = h.end;
    }
    out.text(&snippet[at..]);
    out.squeeze()
}

fn print_hits(r: &SearchResults, ansi: bool) -> std::io::Result<()> {
    let mut out = stdout();
    let shown = r.hits.len();
    for a in &r.aliases {
        writeln!(
            out,
            "also searched: {} (spellings of {})",
            clean(&a.also.join(", ")),
            clean(&a.entity)
        )?;
    }
    writeln!(
        out,
        "{} hits for: {}{}",
        r.total,
        clean(&r.query),
        if shown < r.total {
            format!(", best {shown}")
        } else {
            String::new()
        }
    )?;
    for (i, h) in r.hits.iter().enumerate() {
        let place = match h.passage {
            Some(p) => format!("¶{}", p + 1),
            None => "headline".to_string(),
        };
        writeln!(
            out,
            "\n{:>2}. {:<18} {}  ({} {}, score {:.2})",
            i + 1,
            fit(&outlet_or_dash(h.outlet.as_deref()), 18),
            fit(&clean(h.title.as_deref().unwrap_or("(no headline)")), 60).trim_end(),
            clean(&h.file),
            place,
            h.score
        )?;
        if let Some(a) = &h.alias {
            writeln!(out, "    (found as \"{}\")", clean(a))?;
        }
        write!(out, "    ")?;
        out.styled(&mark(&h.snippet, &h.highlights, ansi))?;
        writeln!(out)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Highlight;

    #[test]
    fn mark_brackets_highlights_and_skips_bad_ranges() {
        let s = "the buffer zone here";
        let h = [
            Highlight { start: 4, end: 10 },
            Highlight { start: 11, end: 15 },
            Highlight { start: 2, end: 99 },
        ];
        assert_eq!(mark(s, &h, false).as_str(), "the [buffer] [zone] here");
    }

    #[test]
    fn date_spans_read_naturally() {
        let d = |n| chrono::NaiveDate::from_ymd_opt(2026, 1, n);
        assert_eq!(date_span(d(6), d(8)), "2026-01-06 – 2026-01-08");
        assert_eq!(date_span(d(6), d(6)), "2026-01-06");
        assert_eq!(date_span(None, None), "—");
    }

    #[test]
    fn fit_cuts_with_ellipsis() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("ab", 4), "ab  ");
    }
}
