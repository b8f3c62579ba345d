//! The user's config file for the reader: `$XDG_CONFIG_HOME/briefing/config.toml` (or the file
//! given with `--config`), with a `[theme]` of styles, `[keys]` overriding Normal-context
//! bindings, and `[layout]` pane widths. This module owns reading and checking that file and
//! nothing else: it never fails and never stops the reader — every problem becomes one readable
//! line naming the file, `section.key` and the bad value, and that key keeps its default while
//! the rest applies. It must not print (the caller shows the problems) nor know what a style or
//! a key means beyond asking [`Theme::set`] and [`keymap::check_override`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::keymap;
use super::theme::Theme;

/// The config file's sections.
const SECTIONS: &str = "theme, keys, layout";

/// A config file this large or larger is refused unread: a reader config is a few lines, and
/// reading a huge one (a mistake, or a trap) would hang the start.
pub const MAX_BYTES: u64 = 10_000_000;

/// Bounds of one pane's share, in percent.
const PANE_MIN: i64 = 5;
const PANE_MAX: i64 = 90;

/// How the width is shared between the panes at three-pane widths, in percent; they sum to 100.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PaneRatios {
    /// The article list.
    pub list: u16,
    /// The article being read.
    pub article: u16,
    /// The side panel (related passages).
    pub side: u16,
}

impl Default for PaneRatios {
    fn default() -> PaneRatios {
        PaneRatios {
            list: 25,
            article: 45,
            side: 30,
        }
    }
}

impl PaneRatios {
    /// Scales the three shares so they sum to 100, keeping each at least 1.
    fn normalised(self) -> PaneRatios {
        let values = [self.list, self.article, self.side].map(u32::from);
        let sum: u32 = values.iter().sum();
        if sum == 100 || sum == 0 {
            return self;
        }
        let mut shares = values.map(|v| v * 100 / sum);
        let mut remainders: Vec<(u32, usize)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (v * 100 % sum, i))
            .collect();
        // Hand the points lost to rounding down to the largest remainders, earlier panes first.
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let missing = 100 - shares.iter().sum::<u32>();
        for (_, i) in remainders.iter().take(missing as usize) {
            shares[*i] += 1;
        }
        let [list, article, side] = shares.map(|s| u16::try_from(s.max(1)).unwrap_or(1));
        PaneRatios {
            list,
            article,
            side,
        }
    }
}

/// Everything the config file can set.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The colours, with the file's `[theme]` applied.
    pub theme: Theme,
    /// The file's `[keys]`, checked (each action name is known and every key parses), in the
    /// order the file writes them. Pass to [`keymap::Keymap::with_overrides`].
    pub keys: keymap::Overrides,
    /// The pane widths, normalised to sum to 100.
    pub layout: PaneRatios,
}

impl Config {
    /// Same as [`load`].
    pub fn load(explicit: Option<&Path>) -> (Config, Vec<String>) {
        load(explicit)
    }

    /// Same as [`parse`].
    pub fn parse(text: &str, origin: &str) -> (Config, Vec<String>) {
        parse(text, origin)
    }
}

/// Where the config file lives when `--config` is not given:
/// `$XDG_CONFIG_HOME/briefing/config.toml` on Linux, the platform's equivalent elsewhere.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "briefing")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// Reads the config from `explicit`, or else from [`default_path`]. Never fails: a missing
/// default file is no problem; a missing explicit file, an unreadable file, malformed TOML or
/// bad values each give problems, with defaults standing in for whatever was bad.
pub fn load(explicit: Option<&Path>) -> (Config, Vec<String>) {
    let (path, must_exist) = match explicit {
        Some(path) => (path.to_path_buf(), true),
        None => match default_path() {
            Some(path) => (path, false),
            None => return (Config::default(), Vec::new()),
        },
    };
    if let Ok(meta) = std::fs::metadata(&path)
        && meta.len() >= MAX_BYTES
    {
        return (
            Config::default(),
            vec![format!(
                "{}: {:.1} MB is too large for a config file (the limit is {:.1} MB); not read, \
                 defaults used",
                path.display(),
                meta.len() as f64 / 1e6,
                MAX_BYTES as f64 / 1e6
            )],
        );
    }
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path.display().to_string()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !must_exist => {
            (Config::default(), Vec::new())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => (
            Config::default(),
            vec![format!("{}: no such config file", path.display())],
        ),
        Err(error) => (
            Config::default(),
            vec![format!(
                "{}: cannot read the config file: {error}",
                path.display()
            )],
        ),
    }
}

/// Parses config text; `origin` (the file's path) starts every problem.
pub fn parse(text: &str, origin: &str) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let mut problems = Vec::new();
    let table: toml::Table = match toml::from_str(text) {
        Ok(table) => table,
        Err(error) => {
            problems.push(describe_toml_error(origin, text, &error));
            return (config, problems);
        }
    };
    for (section, value) in table {
        let toml::Value::Table(entries) = value else {
            problems.push(format!(
                "{origin}: {section} = {value}: unknown setting (sections: {SECTIONS})"
            ));
            continue;
        };
        match section.as_str() {
            "theme" => read_theme(&mut config.theme, entries, origin, &mut problems),
            "keys" => read_keys(
                &mut config.keys,
                entries,
                &key_order(text),
                origin,
                &mut problems,
            ),
            "layout" => config.layout = read_layout(entries, origin, &mut problems),
            _ => problems.push(format!(
                "{origin}: [{section}]: unknown section (sections: {SECTIONS})"
            )),
        }
    }
    (config, problems)
}

fn describe_toml_error(origin: &str, text: &str, error: &toml::de::Error) -> String {
    let message = error.message().lines().next().unwrap_or("invalid TOML");
    match error.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            format!("{origin} line {line}, column {column}: not valid TOML: {message}")
        }
        None => format!("{origin}: not valid TOML: {message}"),
    }
}

fn read_theme(theme: &mut Theme, entries: toml::Table, origin: &str, problems: &mut Vec<String>) {
    for (key, value) in entries {
        let toml::Value::String(style) = &value else {
            problems.push(format!(
                "{origin}: theme.{key} = {value}: expected a style in quotes, like \"black on yellow\""
            ));
            continue;
        };
        if let Err(error) = theme.set(&key, style) {
            problems.push(format!("{origin}: theme.{key} = {value}: {error}"));
        }
    }
}

/// The action names of `[keys]` in the order the file writes them (a parsed table is sorted by
/// name): when two of them give the same key, the later one in the file gets it.
fn key_order(text: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Keys {
        #[serde(default)]
        keys: BTreeMap<String, toml::Spanned<toml::Value>>,
    }
    let Ok(file) = toml::from_str::<Keys>(text) else {
        return Vec::new();
    };
    let mut names: Vec<(usize, String)> = file
        .keys
        .into_iter()
        .map(|(name, value)| (value.span().start, name))
        .collect();
    names.sort();
    names.into_iter().map(|(_, name)| name).collect()
}

fn read_keys(
    keys: &mut keymap::Overrides,
    entries: toml::Table,
    order: &[String],
    origin: &str,
    problems: &mut Vec<String>,
) {
    let mut entries: Vec<(String, toml::Value)> = entries.into_iter().collect();
    entries.sort_by_key(|(action, _)| order.iter().position(|n| n == action));
    for (action, value) in entries {
        let specs: Option<Vec<String>> = match &value {
            toml::Value::String(spec) => Some(vec![spec.clone()]),
            toml::Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_string))
                .collect(),
            _ => None,
        };
        let Some(specs) = specs else {
            problems.push(format!(
                "{origin}: keys.{action} = {value}: expected a list of keys in quotes, like [\"]\", \"ctrl-j\"]"
            ));
            continue;
        };
        match keymap::check_override(&action, &specs) {
            Ok(()) => keys.push((action, specs)),
            Err(errors) => {
                problems.extend(errors.into_iter().map(|error| format!("{origin}: {error}")));
            }
        }
    }
}

fn read_layout(entries: toml::Table, origin: &str, problems: &mut Vec<String>) -> PaneRatios {
    let mut ratios = PaneRatios::default();
    for (key, value) in entries {
        let slot = match key.as_str() {
            "list" => &mut ratios.list,
            "article" => &mut ratios.article,
            "side" => &mut ratios.side,
            _ => {
                problems.push(format!(
                    "{origin}: layout.{key}: unknown setting (settings: list, article, side)"
                ));
                continue;
            }
        };
        match value
            .as_integer()
            .filter(|n| (PANE_MIN..=PANE_MAX).contains(n))
            .and_then(|n| u16::try_from(n).ok())
        {
            Some(percent) => *slot = percent,
            None => problems.push(format!(
                "{origin}: layout.{key} = {value}: expected a whole percentage from \
                 {PANE_MIN} to {PANE_MAX}"
            )),
        }
    }
    ratios.normalised()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::parse_style;

    const ORIGIN: &str = "/home/u/.config/briefing/config.toml";

    /// The keys `config` gives `action`.
    fn keys_of<'a>(config: &'a Config, action: &str) -> &'a [String] {
        let found = config.keys.iter().find(|(name, _)| name == action);
        found.map(|(_, keys)| keys.as_slice()).unwrap_or(&[])
    }

    fn only_problem(problems: &[String]) -> &str {
        assert_eq!(problems.len(), 1, "{problems:?}");
        &problems[0]
    }

    #[test]
    fn a_good_file_applies_everything() {
        let (config, problems) = parse(
            "[theme]\nsearch_hit = \"black on yellow\"\nentity_place = \"bold green\"\n\
             [keys]\nnext_related = [\"]\", \"ctrl-j\"]\nsearch = \"s\"\n\
             [layout]\nlist = 30\narticle = 40\nside = 30\n",
            ORIGIN,
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            config.theme.search_hit(),
            parse_style("black on yellow").unwrap()
        );
        assert_eq!(
            config.theme.entity("place"),
            parse_style("bold green").unwrap()
        );
        assert_eq!(keys_of(&config, "next_related"), ["]", "ctrl-j"]);
        assert_eq!(keys_of(&config, "search"), ["s"]);
        assert_eq!(
            config.layout,
            PaneRatios {
                list: 30,
                article: 40,
                side: 30
            }
        );
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let (config, problems) = parse("", ORIGIN);
        assert!(problems.is_empty());
        assert_eq!(config.theme, Theme::default());
        assert!(config.keys.is_empty());
        assert_eq!(config.layout, PaneRatios::default());
    }

    #[test]
    fn malformed_toml_is_one_problem_with_the_line() {
        let (config, problems) = parse(
            "[theme]\nsearch_hit = \"black on yellow\"\nshared_word = bold\n",
            ORIGIN,
        );
        let problem = only_problem(&problems);
        assert!(
            problem.starts_with(&format!("{ORIGIN} line 3, column 15: not valid TOML")),
            "{problem}"
        );
        assert_eq!(config.theme, Theme::default());
    }

    #[test]
    fn a_bad_colour_names_the_key_and_value_and_keeps_the_rest() {
        let (config, problems) = parse(
            "[theme]\nsearch_hit = \"purplish\"\noutlet = \"red\"\n",
            ORIGIN,
        );
        let problem = only_problem(&problems);
        assert!(
            problem.starts_with(&format!(
                "{ORIGIN}: theme.search_hit = \"purplish\": \"purplish\" is not a colour"
            )),
            "{problem}"
        );
        assert_eq!(config.theme.search_hit(), Theme::default().search_hit());
        assert_eq!(config.theme.outlet(), parse_style("red").unwrap());
    }

    #[test]
    fn a_style_that_is_not_a_string_is_reported() {
        let (_, problems) = parse("[theme]\nsearch_hit = 3\n", ORIGIN);
        let problem = only_problem(&problems);
        assert!(
            problem.contains("theme.search_hit = 3: expected a style in quotes"),
            "{problem}"
        );
    }

    #[test]
    fn bad_key_lists_are_reported_and_skipped() {
        let (config, problems) = parse(
            "[keys]\nnext_related = [\"]\", \"ctrl-\"]\nprev_related = 5\n\
             frobnicate = [\"x\"]\nsearch = [\"s\"]\n",
            ORIGIN,
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems.iter().any(|p| p.starts_with(&format!(
                "{ORIGIN}: keys.next_related = \"ctrl-\": not a key (nothing after \"ctrl-\""
            ))),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.starts_with(&format!(
                "{ORIGIN}: keys.prev_related = 5: expected a list of keys"
            ))),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&format!("{ORIGIN}: keys.frobnicate: unknown action"))),
            "{problems:?}"
        );
        assert_eq!(config.keys.len(), 1);
        assert_eq!(keys_of(&config, "search"), ["s"]);
        // What survives applies without further complaint.
        let (_, problems) = keymap::Keymap::with_overrides(&config.keys);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_key_bound_twice_goes_to_the_later_in_the_file_and_says_so() {
        let (config, problems) = parse(
            "[keys]\nsearch = \"x\"\nnext_hit = [\"x\", \"y\"]\n",
            ORIGIN,
        );
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<&str> = config.keys.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["search", "next_hit"],
            "the file's order, not the names'"
        );
        let (mut map, problems) = keymap::Keymap::with_overrides(&config.keys);
        assert_eq!(
            problems,
            [
                "key \"x\" is bound to both search and next_hit in [keys]; next_hit wins (the \
              last in the file)"
            ]
        );
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(
            map.feed(keymap::Context::Normal, x),
            keymap::KeyResult::Action(crate::tui::action::Action::NextHit)
        );
    }

    #[test]
    fn out_of_range_layout_keeps_the_default_for_that_pane() {
        let (config, problems) = parse("[layout]\nlist = 95\narticle = 50\nside = 2.5\n", ORIGIN);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems.iter().any(|p| p.starts_with(&format!(
                "{ORIGIN}: layout.list = 95: expected a whole percentage from 5 to 90"
            ))),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&format!("{ORIGIN}: layout.side = 2.5:"))),
            "{problems:?}"
        );
        // list 25 (default), article 50, side 30 (default): scaled to sum to 100.
        assert_eq!(
            config.layout,
            PaneRatios {
                list: 24,
                article: 48,
                side: 28
            }
        );
    }

    #[test]
    fn layout_is_normalised_to_100() {
        for (list, article, side) in [(50, 50, 50), (10, 10, 10), (90, 90, 5), (25, 45, 30)] {
            let ratios = PaneRatios {
                list,
                article,
                side,
            }
            .normalised();
            assert_eq!(
                ratios.list + ratios.article + ratios.side,
                100,
                "{ratios:?}"
            );
        }
        assert_eq!(
            PaneRatios {
                list: 50,
                article: 50,
                side: 50
            }
            .normalised(),
            PaneRatios {
                list: 34,
                article: 33,
                side: 33
            }
        );
    }

    #[test]
    fn unknown_sections_and_keys_are_reported() {
        let (config, problems) = parse(
            "width = 3\n[colours]\nred = 1\n[theme]\nserch_hit = \"red\"\nheader = \"blue\"\n\
             [layout]\nwidth = 40\n",
            ORIGIN,
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
        for expected in [
            "width = 3: unknown setting (sections: theme, keys, layout)",
            "[colours]: unknown section (sections: theme, keys, layout)",
            "theme.serch_hit = \"red\": unknown style \"serch_hit\"",
            "layout.width: unknown setting (settings: list, article, side)",
        ] {
            assert!(
                problems
                    .iter()
                    .any(|p| p.starts_with(&format!("{ORIGIN}: {expected}"))),
                "{expected}: {problems:?}"
            );
        }
        assert_eq!(config.theme.header(), parse_style("blue").unwrap());
    }

    #[test]
    fn load_reads_an_explicit_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[layout]\nlist = 20\narticle = 50\nside = 30\n").unwrap();
        let (config, problems) = load(Some(&path));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.layout.list, 20);
    }

    #[test]
    fn a_config_of_10_mb_or_more_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let f = std::fs::File::create(&path).unwrap();
        // Sparse: 12 MB of nothing on disk; read, it would not even be TOML.
        f.set_len(12_000_000).unwrap();
        let (config, problems) = load(Some(&path));
        assert_eq!(
            only_problem(&problems),
            format!(
                "{}: 12.0 MB is too large for a config file (the limit is 10.0 MB); not read, \
                 defaults used",
                path.display()
            )
        );
        assert_eq!(config.layout, PaneRatios::default());
    }

    #[test]
    fn a_missing_explicit_file_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope.toml");
        let (config, problems) = load(Some(&path));
        let problem = only_problem(&problems);
        assert_eq!(problem, format!("{}: no such config file", path.display()));
        assert_eq!(config.layout, PaneRatios::default());
    }

    #[test]
    fn the_default_path_is_briefing_config_toml() {
        if let Some(path) = default_path() {
            assert!(path.ends_with("briefing/config.toml"), "{}", path.display());
        }
    }
}
