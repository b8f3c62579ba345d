//! The command line: argument parsing (clap), running each subcommand against the
//! [`Library`], and printing aligned human output or stable JSON. Exit codes: 0 ok, 1 error,
//! 2 usage. Problems with input files go to stderr and never stop the command.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::library::{Corpus, Library, OpenOptions, OpenReport, Progress};
use crate::model::{Article, ArticleSummary, SearchResults};

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
    /// Keep the library index in DIR instead of the cache directory.
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
    /// Ranked keyword search with snippets. Phrases in quotes; `outlet:` and `title:` fields.
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

/// Logging: to `<cache dir>/briefing.log` when the reader takes the terminal (never to the
/// screen), to stderr for the other commands; `BRIEFING_LOG` sets the filter (default: warn
/// in the log file, off on stderr).
pub fn init_logging(cli: &Cli) {
    use tracing_subscriber::EnvFilter;
    let tui = cli.command.is_none() && std::io::stdout().is_terminal();
    if tui {
        let file = directories::ProjectDirs::from("", "", "briefing").and_then(|d| {
            std::fs::create_dir_all(d.cache_dir()).ok()?;
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(d.cache_dir().join("briefing.log"))
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
        .with_writer(std::io::stderr)
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
            if let Some(dir) = &cli.corpus.index {
                crate::library::check_index_dir(&Corpus::from_args(&cli.corpus.paths), dir)?;
            }
            crate::tui::run(crate::tui::Options {
                corpus: Corpus::from_args(&cli.corpus.paths),
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
        Some(Command::Search {
            query,
            corpus,
            json,
            limit,
        }) => search(&corpus, &query, json, limit),
    }
}

fn open(args: &CorpusArgs) -> anyhow::Result<Library> {
    let corpus = Corpus::from_args(&args.paths);
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let bar = show_bar.then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} indexing {pos}/{len} files {wide_bar} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let progress = |p: Progress| {
        if let Some(b) = &bar {
            b.set_length(p.total as u64);
            b.set_position(p.done as u64);
        }
    };
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
    let mut err = std::io::stderr().lock();
    for n in &r.notices {
        let _ = writeln!(err, "note: {n}");
    }
    for p in &r.problems {
        let _ = writeln!(err, "warning: {p}");
    }
}

fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    // Buffered: stdout alone flushes at every newline, a write per line of pretty JSON.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value)?;
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
    if json {
        return Ok(());
    }
    println!(
        "{} articles · {} added, {} changed, {} removed, {} unchanged · {} read and analysed",
        r.articles, r.added, r.changed, r.removed, r.unchanged, r.analysed
    );
    if let Some(d) = &r.index_dir {
        println!("index: {d}");
    }
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
    println!(
        "{} articles from {} outlets{} in {label}",
        arts.len(),
        outlets.len(),
        if unknown > 0 {
            format!(" ({unknown} with no outlet named)")
        } else {
            String::new()
        }
    );
    for (folder, group) in crate::library::group_by_folder(&arts) {
        if !folder.is_empty() {
            println!("\n{folder}/");
        } else {
            println!();
        }
        print_article_rows(&group);
    }
    println!("\nTry: briefing search '\"buffer zone\"'   ·   briefing articles --json");
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
        .map(|o| o.unwrap_or("—").chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 24)
}

/// A publication date, or "—" when there is none.
fn date_or_dash(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

fn print_article_rows(rows: &[&ArticleSummary]) {
    let outlet_w = outlet_width(rows.iter().map(|a| a.outlet.as_deref()));
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{:<12}  {}  {:<10}  {:>5}  TITLE",
        "ID",
        fit("OUTLET", outlet_w),
        "PUBLISHED",
        "WORDS"
    );
    for a in rows {
        let _ = writeln!(
            out,
            "{:<12}  {}  {:<10}  {:>5}  {}",
            a.id,
            fit(a.outlet.as_deref().unwrap_or("—"), outlet_w),
            date_or_dash(a.published),
            a.words,
            fit(a.title.as_deref().unwrap_or("(no headline)"), 70).trim_end()
        );
    }
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
    print_article_rows(&refs);
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
            return print_json(e);
        }
        println!(
            "{} ({}), {} mentions",
            e.name,
            e.kind.as_str(),
            e.mentions.len()
        );
        for a in &e.aliases {
            println!("  {:<32} ×{:<3} {}", a.text, a.count, a.outlets.join(", "));
        }
        if e.why.is_empty() {
            println!(
                "No spellings were joined: every mention reads {:?}{}.",
                e.name,
                if e.aliases.len() > 1 {
                    " or a known alias"
                } else {
                    ""
                }
            );
        } else {
            println!("Joined because:");
            for w in &e.why {
                println!("  - {w}");
            }
        }
        return Ok(());
    }
    if json {
        return print_json(&all);
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{:<13} {:<30} {:>4}  {:<7} SPELLINGS",
        "KIND", "NAME", "N", "OUTLETS"
    );
    for e in all {
        let spellings: Vec<&str> = e.aliases.iter().map(|a| a.text.as_str()).collect();
        let _ = writeln!(
            out,
            "{:<13} {} {:>4}  {:<7} {}",
            e.kind.as_str(),
            fit(&e.name, 30),
            e.mentions.len(),
            e.outlets.len(),
            spellings.join(" / ")
        );
    }
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
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} {} from {total} article{}",
        stories.len(),
        if stories.len() == 1 {
            "story"
        } else {
            "stories"
        },
        if total == 1 { "" } else { "s" }
    );
    let outlet_w = outlet_width(
        stories
            .iter()
            .flat_map(|s| &s.articles)
            .map(|a| a.outlet.as_deref()),
    );
    for s in stories {
        let _ = writeln!(
            out,
            "\n{:<12}  {} article{} · {} outlet{} · {}{}\n  {}",
            s.id,
            s.articles.len(),
            if s.articles.len() == 1 { "" } else { "s" },
            s.outlets.len(),
            if s.outlets.len() == 1 { "" } else { "s" },
            date_span(s.first, s.last),
            if s.pinned { " · pinned" } else { "" },
            s.title
        );
        for a in &s.articles {
            let _ = writeln!(
                out,
                "    {:<12}  {}  {:<10}  {}",
                a.id,
                fit(a.outlet.as_deref().unwrap_or("—"), outlet_w),
                date_or_dash(a.published),
                a.file
            );
        }
    }
    Ok(())
}

fn search(args: &CorpusArgs, query: &str, json: bool, limit: usize) -> anyhow::Result<()> {
    let lib = open(args)?;
    let results = lib.search(query, limit)?;
    let printed = if json {
        print_json(&results)
    } else {
        print_hits(&results, std::io::stdout().is_terminal());
        Ok(())
    };
    // The process ends here: the OS takes back a 100k-file library faster than its
    // destructors would (tens of ms at that size). Nothing is left unwritten: search only reads,
    // and any update was committed in `open`.
    std::mem::forget(lib);
    printed
}

/// Hand `each` the facts of one story (`--story`) or of every story, in story order, one
/// story at a time: output starts before the last story is worked out and memory holds a few
/// stories' facts, never the library's.
fn each_story_facts(
    lib: &Library,
    story: Option<&str>,
    mut each: impl FnMut(crate::model::StoryFacts) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match story {
        Some(id) => match lib.facts_for_story(id)? {
            Some(f) => each(f),
            None => anyhow::bail!("no story has id {id:?}; `briefing stories` lists them"),
        },
        None => lib.each_story_facts(each),
    }
}

fn facts(args: &CorpusArgs, story: Option<&str>, json: bool) -> anyhow::Result<()> {
    let lib = open(args)?;
    // Buffered: stdout alone flushes at every newline, a write per line of pretty JSON.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        // One JSON array of every story's facts, written story by story as each is worked out;
        // the same bytes `print_json` writes for the whole array.
        use serde::ser::{SerializeSeq, Serializer};
        let mut ser = serde_json::Serializer::pretty(&mut out);
        let mut seq = ser.serialize_seq(None)?;
        each_story_facts(&lib, story, |s| {
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
    each_story_facts(&lib, story, |s| {
        let shared = s.facts.iter().filter(|f| f.outlets.len() > 1).count();
        writeln!(
            out,
            "{}  {} · {} articles · {} facts, {shared} told by more than one outlet",
            s.story,
            s.title,
            s.articles.len(),
            s.facts.len()
        )?;
        for f in s.facts.iter().filter(|f| f.outlets.len() > 1) {
            writeln!(out, "  {}  {}", f.id, f.label)?;
            writeln!(out, "      reported by: {}", f.outlets.join(", "))?;
            if !f.missing_from.is_empty() {
                writeln!(out, "      not by:      {}", f.missing_from.join(", "))?;
            }
            if !f.differs.is_empty() {
                writeln!(
                    out,
                    "      numbers or dates differ or vaguer: {}",
                    f.differs.join(", ")
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
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    each_story_facts(&lib, story, |s| {
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

/// Mark the highlighted ranges of a snippet: bold on a terminal, [brackets] elsewhere.
pub fn mark(snippet: &str, highlights: &[crate::model::Highlight], ansi: bool) -> String {
    let (open, close) = if ansi {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::with_capacity(snippet.len() + highlights.len() * 8);
    let mut at = 0;
    for h in highlights {
        if h.start < at
            || h.end > snippet.len()
            || !snippet.is_char_boundary(h.start)
            || !snippet.is_char_boundary(h.end)
        {
            continue;
        }
        out.push_str(&snippet[at..h.start]);
        out.push_str(open);
        out.push_str(&snippet[h.start..h.end]);
        out.push_str(close);
        at = h.end;
    }
    out.push_str(&snippet[at..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn print_hits(r: &SearchResults, ansi: bool) {
    let mut out = std::io::stdout().lock();
    let shown = r.hits.len();
    for a in &r.aliases {
        let _ = writeln!(
            out,
            "also searched: {} (spellings of {})",
            a.also.join(", "),
            a.entity
        );
    }
    let _ = writeln!(
        out,
        "{} hits for: {}{}",
        r.total,
        r.query,
        if shown < r.total {
            format!(", best {shown}")
        } else {
            String::new()
        }
    );
    for (i, h) in r.hits.iter().enumerate() {
        let place = match h.passage {
            Some(p) => format!("¶{}", p + 1),
            None => "headline".to_string(),
        };
        let _ = writeln!(
            out,
            "\n{:>2}. {:<18} {}  ({} {}, score {:.2})",
            i + 1,
            fit(h.outlet.as_deref().unwrap_or("—"), 18),
            fit(h.title.as_deref().unwrap_or("(no headline)"), 60).trim_end(),
            h.file,
            place,
            h.score
        );
        if let Some(a) = &h.alias {
            let _ = writeln!(out, "    (found as {a:?})");
        }
        let _ = writeln!(out, "    {}", mark(&h.snippet, &h.highlights, ansi));
    }
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
        assert_eq!(mark(s, &h, false), "the [buffer] [zone] here");
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
