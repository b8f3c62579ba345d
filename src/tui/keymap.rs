//! Keys to actions, as data. This module owns the key bindings: it reads the embedded
//! `assets/keymap.toml` (per context, keyed by action, each with its keys, a description and
//! whether it is a status-bar hint), applies the user's `[keys]` overrides, resolves key events
//! (including sequences like `g g`) to [`Action`]s, and generates the help screen and the
//! status-bar hints from that same data. It must not change application state or draw anything,
//! and no key or description may be written anywhere else: callers ask [`Keymap::help`],
//! [`Keymap::hints`] and [`Keymap::keys_for`] instead of spelling keys out themselves.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};
use toml::Spanned;

use super::action::Action;

/// The built-in bindings, compiled into the binary.
const BUILTIN: &str = include_str!("../../assets/keymap.toml");

/// How to write a key, appended to every "not a key" message.
const KEY_SYNTAX: &str = "write one character like \"q\" or \"G\", a name like enter, esc, tab, \
                          space, up, pagedown or f5, a modifier like \"ctrl-d\" or \"alt-x\", \
                          or a sequence like \"g g\"";

/// Which set of bindings is active: what is on top decides how a key is read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Context {
    /// Reading: the panes have the keys.
    Normal,
    /// Typing in the search prompt or the list filter: printable keys are text.
    Prompt,
    /// The help screen is open.
    Help,
    /// The fact matrix is open.
    Matrix,
}

impl Context {
    /// Every context, in the order the help screen lists them.
    pub const ALL: [Context; 4] = [
        Context::Normal,
        Context::Prompt,
        Context::Help,
        Context::Matrix,
    ];

    /// The table name in `keymap.toml`.
    fn section(self) -> &'static str {
        match self {
            Context::Normal => "normal",
            Context::Prompt => "prompt",
            Context::Help => "help",
            Context::Matrix => "matrix",
        }
    }

    /// The heading of this context's section on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Normal => "Reading",
            Context::Prompt => "Search and filter prompt",
            Context::Help => "This help",
            Context::Matrix => "Fact matrix",
        }
    }

    fn index(self) -> usize {
        match self {
            Context::Normal => 0,
            Context::Prompt => 1,
            Context::Help => 2,
            Context::Matrix => 3,
        }
    }

    fn from_section(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|ctx| ctx.section() == name)
    }
}

/// What a key press amounted to.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyResult {
    /// A binding completed.
    Action(Action),
    /// Nothing to do yet: the key started a sequence (like the first `g` of `g g`), or it was a
    /// key release / lone modifier, which is ignored. Callers should do nothing (in a prompt,
    /// insert nothing); [`Keymap::pending`] shows what has been typed so far.
    Pending,
    /// The key means nothing here (in a prompt: it is text).
    Unbound,
}

/// One section of the help screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpSection {
    /// The context's heading, e.g. "Reading".
    pub title: String,
    /// (keys joined like "j / ↓", description), in file order.
    pub rows: Vec<(String, String)>,
}

/// One key press, normalised so that what a terminal reports and what a spec string says
/// compare equal: characters never carry SHIFT (it is in the character already), and
/// shift-tab is always `BackTab` without SHIFT.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
struct Key {
    code: KeyCode,
    mods: KeyModifiers,
}

impl Key {
    fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods;
        let code = match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// The key a terminal event stands for; `None` for a lone modifier press.
    fn from_event(event: KeyEvent) -> Option<Key> {
        match event.code {
            KeyCode::Modifier(_) | KeyCode::Null => None,
            code => Some(Key::new(code, event.modifiers)),
        }
    }
}

/// A key sequence: usually one key, `g g` is two.
type Seq = Vec<Key>;

#[derive(Clone, Debug)]
struct Binding {
    /// The action's snake_case name, as written in the file.
    name: String,
    action: Action,
    keys: Vec<Seq>,
    desc: String,
    hint: bool,
}

/// An entry of `keymap.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    keys: Vec<String>,
    desc: String,
    #[serde(default)]
    hint: bool,
}

type RawFile = BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>;

enum Lookup {
    Exact(Action),
    Prefix,
    Nothing,
}

/// The user's `[keys]` overrides: an action name and the keys that replace its Normal-context
/// keys, in the order they apply (the config file's order).
pub type Overrides = Vec<(String, Vec<String>)>;

/// The active key bindings, per context, plus the keys typed so far of an unfinished sequence.
#[derive(Clone, Debug)]
pub struct Keymap {
    contexts: [Vec<Binding>; 4],
    pending: Seq,
    pending_ctx: Context,
}

impl Keymap {
    fn empty() -> Keymap {
        Keymap {
            contexts: [Vec::new(), Vec::new(), Vec::new(), Vec::new()],
            pending: Vec::new(),
            pending_ctx: Context::Normal,
        }
    }

    /// The bindings of `assets/keymap.toml`. (A problem in that file is a bug caught by the
    /// tests; should one slip through, the bad entry is logged and left out.)
    pub fn builtin() -> Keymap {
        let (map, problems) = Keymap::from_toml(BUILTIN);
        for problem in &problems {
            tracing::error!("built-in keymap: {problem}");
        }
        map
    }

    /// The built-in bindings with the user's `[keys]` overrides applied: each maps an action
    /// name to the keys that replace its default keys in the Normal context (an empty list
    /// unbinds it). A key taken by an override is taken away from any other Normal action.
    /// Returns one readable problem per bad entry (unknown action, a key that is not a key),
    /// which is skipped while the rest applies, and one per clash the overrides create: a key
    /// given to several overrides (the last of them in `overrides`, the file's order, gets
    /// it), a key that hides a sequence starting with it.
    pub fn with_overrides(overrides: &[(String, Vec<String>)]) -> (Keymap, Vec<String>) {
        let mut map = Keymap::builtin();
        let mut problems = Vec::new();
        let mut claimed: Vec<(Seq, &str)> = Vec::new();
        // Every override that gives each key, in the order they are applied.
        let mut givers: Vec<(Seq, Vec<&str>)> = Vec::new();
        for (name, specs) in overrides {
            let (action, keys) = match parse_override(name, specs) {
                Ok(parsed) => parsed,
                Err(mut errors) => {
                    problems.append(&mut errors);
                    continue;
                }
            };
            for key in &keys {
                match givers.iter_mut().find(|(seq, _)| seq == key) {
                    Some((_, names)) => names.push(name),
                    None => givers.push((key.clone(), vec![name])),
                }
            }
            claimed.retain(|(seq, _)| !keys.contains(seq));
            claimed.extend(keys.iter().map(|seq| (seq.clone(), name.as_str())));
            map.rebind(Context::Normal, name, action, keys);
        }
        for (key, names) in givers.iter().filter(|(_, names)| names.len() > 1) {
            let (last, rest) = names.split_last().unwrap_or((&"", &[]));
            let both = if rest.len() == 1 { "both " } else { "" };
            problems.push(format!(
                "key \"{}\" is bound to {both}{} and {last} in [keys]; {last} wins (the last \
                 in the file)",
                display_seq(key),
                rest.join(", "),
            ));
        }
        for (short, short_name, long, long_name) in map.shadowed(Context::Normal) {
            let culprit = claimed
                .iter()
                .find(|(seq, _)| *seq == short || *seq == long)
                .map(|(_, name)| *name);
            if let Some(culprit) = culprit {
                problems.push(format!(
                    "keys.{culprit}: \"{}\" ({short_name}) is the start of \"{}\" ({long_name}), \
                     so \"{}\" can never be typed",
                    display_seq(&short),
                    display_seq(&long),
                    display_seq(&long),
                ));
            }
        }
        (map, problems)
    }

    /// Parses a keymap file; bad entries are reported and left out.
    fn from_toml(text: &str) -> (Keymap, Vec<String>) {
        let mut map = Keymap::empty();
        let mut problems = Vec::new();
        let raw: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(error) => {
                problems.push(format!("not a keymap: {}", error.message()));
                return (map, problems);
            }
        };
        for (section, entries) in raw {
            let Some(ctx) = Context::from_section(&section) else {
                problems.push(format!(
                    "[{section}]: unknown context (contexts: normal, prompt, help)"
                ));
                continue;
            };
            let mut entries: Vec<_> = entries.into_iter().collect();
            entries.sort_by_key(|(_, value)| value.span().start);
            for (name, value) in entries {
                let Some(action) = parse_action(&name) else {
                    problems.push(format!("[{section}] {name}: unknown action"));
                    continue;
                };
                let entry: RawEntry = match value.into_inner().try_into() {
                    Ok(entry) => entry,
                    Err(error) => {
                        problems.push(format!("[{section}] {name}: {}", error.message()));
                        continue;
                    }
                };
                let mut keys: Vec<Seq> = Vec::new();
                for spec in &entry.keys {
                    match parse_seq(spec) {
                        Ok(seq) if !keys.contains(&seq) => keys.push(seq),
                        Ok(_) => {}
                        Err(error) => {
                            problems.push(format!("[{section}] {name} = \"{spec}\": {error}"))
                        }
                    }
                }
                map.contexts[ctx.index()].push(Binding {
                    name,
                    action,
                    keys,
                    desc: entry.desc,
                    hint: entry.hint,
                });
            }
        }
        (map, problems)
    }

    /// Gives `action` exactly `keys` in `ctx`, taking them away from every other action there.
    fn rebind(&mut self, ctx: Context, name: &str, action: Action, keys: Vec<Seq>) {
        let bindings = &mut self.contexts[ctx.index()];
        for binding in bindings.iter_mut() {
            if binding.name != name {
                binding.keys.retain(|seq| !keys.contains(seq));
            }
        }
        match bindings.iter_mut().find(|binding| binding.name == name) {
            Some(binding) => binding.keys = keys,
            None => bindings.push(Binding {
                name: name.to_string(),
                desc: name.replace('_', " "),
                action,
                keys,
                hint: false,
            }),
        }
    }

    /// Pairs of bindings in `ctx` where one is the same as or the start of another, so the
    /// longer one can never complete: (short, its action, long, its action).
    fn shadowed(&self, ctx: Context) -> Vec<(Seq, String, Seq, String)> {
        let all: Vec<(&Seq, &str)> = self.contexts[ctx.index()]
            .iter()
            .flat_map(|b| b.keys.iter().map(move |seq| (seq, b.name.as_str())))
            .collect();
        let mut found = Vec::new();
        for (i, (short, short_name)) in all.iter().enumerate() {
            for (j, (long, long_name)) in all.iter().enumerate() {
                let hides = if short.len() == long.len() {
                    i < j && short == long
                } else {
                    short.len() < long.len() && long.starts_with(short)
                };
                if hides {
                    found.push((
                        (*short).clone(),
                        (*short_name).to_string(),
                        (*long).clone(),
                        (*long_name).to_string(),
                    ));
                }
            }
        }
        found
    }

    fn lookup(&self, ctx: Context, seq: &[Key]) -> Lookup {
        let mut prefix = false;
        for binding in &self.contexts[ctx.index()] {
            for keys in &binding.keys {
                if keys.as_slice() == seq {
                    return Lookup::Exact(binding.action.clone());
                }
                prefix |= keys.len() > seq.len() && keys.starts_with(seq);
            }
        }
        if prefix {
            Lookup::Prefix
        } else {
            Lookup::Nothing
        }
    }

    /// Reads one key event in `ctx`. A key that starts a sequence returns `Pending` and is
    /// kept; the next key either completes it, continues it, or — when no sequence continues
    /// with it — is read on its own (so `g` then `j` is `Down`, `g` then `x` is `Unbound`).
    /// Release events and lone modifier presses return `Pending` and change nothing; a change of
    /// context drops an unfinished sequence.
    pub fn feed(&mut self, ctx: Context, event: KeyEvent) -> KeyResult {
        if event.kind == KeyEventKind::Release {
            return KeyResult::Pending;
        }
        let Some(key) = Key::from_event(event) else {
            return KeyResult::Pending;
        };
        let earlier = std::mem::take(&mut self.pending);
        if !earlier.is_empty() && self.pending_ctx == ctx {
            let mut seq = earlier;
            seq.push(key);
            match self.lookup(ctx, &seq) {
                Lookup::Exact(action) => return KeyResult::Action(action),
                Lookup::Prefix => {
                    self.pending = seq;
                    return KeyResult::Pending;
                }
                Lookup::Nothing => {}
            }
        }
        match self.lookup(ctx, &[key]) {
            Lookup::Exact(action) => KeyResult::Action(action),
            Lookup::Prefix => {
                self.pending = vec![key];
                self.pending_ctx = ctx;
                KeyResult::Pending
            }
            Lookup::Nothing => KeyResult::Unbound,
        }
    }

    /// The keys typed so far of an unfinished sequence, for the status bar ("g").
    pub fn pending(&self) -> Option<String> {
        (!self.pending.is_empty()).then(|| display_seq(&self.pending))
    }

    /// Drops an unfinished sequence (e.g. when an overlay opens).
    pub fn clear_pending(&mut self) {
        self.pending.clear();
    }

    /// The help screen: one section per context, one row per bound action, in file order.
    pub fn help(&self) -> Vec<HelpSection> {
        Context::ALL
            .into_iter()
            .map(|ctx| HelpSection {
                title: ctx.title().to_string(),
                rows: self.contexts[ctx.index()]
                    .iter()
                    .filter(|binding| !binding.keys.is_empty())
                    .map(|binding| (display_keys(&binding.keys), binding.desc.clone()))
                    .collect(),
            })
            .collect()
    }

    /// The status-bar hints of `ctx`: (first key, description) of each `hint = true` entry.
    pub fn hints(&self, ctx: Context) -> Vec<(String, String)> {
        self.contexts[ctx.index()]
            .iter()
            .filter(|binding| binding.hint)
            .filter_map(|binding| {
                let first = binding.keys.first()?;
                Some((display_seq(first), binding.desc.clone()))
            })
            .collect()
    }

    /// Every key bound to `action` in `ctx`, in display form ("j", "↓").
    pub fn keys_for(&self, ctx: Context, action: &Action) -> Vec<String> {
        self.contexts[ctx.index()]
            .iter()
            .filter(|binding| binding.action == *action)
            .flat_map(|binding| binding.keys.iter().map(|seq| display_seq(seq)))
            .collect()
    }

    /// The names of the actions a user may bind (those of the Normal context).
    fn action_names(&self) -> Vec<&str> {
        self.contexts[Context::Normal.index()]
            .iter()
            .map(|binding| binding.name.as_str())
            .collect()
    }
}

/// Checks one `[keys]` override without applying it: `Err` holds one readable problem per bad
/// key (or the unknown action). Used by the config loader to report problems at load time.
pub fn check_override(name: &str, specs: &[String]) -> Result<(), Vec<String>> {
    parse_override(name, specs).map(|_| ())
}

fn parse_override(name: &str, specs: &[String]) -> Result<(Action, Vec<Seq>), Vec<String>> {
    let Some(action) = parse_action(name) else {
        return Err(vec![format!(
            "keys.{name}: unknown action (actions: {})",
            Keymap::builtin().action_names().join(", ")
        )]);
    };
    let mut keys: Vec<Seq> = Vec::new();
    let mut problems = Vec::new();
    for spec in specs {
        match parse_seq(spec) {
            Ok(seq) if !keys.contains(&seq) => keys.push(seq),
            Ok(_) => {}
            Err(error) => problems.push(format!("keys.{name} = \"{spec}\": {error}")),
        }
    }
    if problems.is_empty() {
        Ok((action, keys))
    } else {
        Err(problems)
    }
}

/// The user-bindable action called `name` (snake_case), if there is one.
fn parse_action(name: &str) -> Option<Action> {
    let de: StrDeserializer<'_, ValueError> = name.into_deserializer();
    Action::deserialize(de).ok()
}

/// Parses a key spec: keys separated by spaces.
fn parse_seq(spec: &str) -> Result<Seq, String> {
    let seq = spec
        .split_whitespace()
        .map(parse_key)
        .collect::<Result<Seq, String>>()?;
    if seq.is_empty() {
        return Err(format!(
            "not a key (empty; for the space bar write \"space\"; {KEY_SYNTAX})"
        ));
    }
    Ok(seq)
}

fn strip_modifier(spec: &str) -> Option<(KeyModifiers, &str)> {
    const PREFIXES: [(&str, KeyModifiers); 9] = [
        ("ctrl-", KeyModifiers::CONTROL),
        ("control-", KeyModifiers::CONTROL),
        ("c-", KeyModifiers::CONTROL),
        ("alt-", KeyModifiers::ALT),
        ("meta-", KeyModifiers::ALT),
        ("a-", KeyModifiers::ALT),
        ("m-", KeyModifiers::ALT),
        ("shift-", KeyModifiers::SHIFT),
        ("s-", KeyModifiers::SHIFT),
    ];
    PREFIXES.iter().find_map(|(prefix, mods)| {
        let head = spec.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| (*mods, &spec[prefix.len()..]))
    })
}

/// Parses one key (no spaces): modifiers, then a character or a key name.
fn parse_key(spec: &str) -> Result<Key, String> {
    let not_a_key = |why: String| format!("not a key ({why}; {KEY_SYNTAX})");
    let mut mods = KeyModifiers::NONE;
    let mut rest = spec;
    while rest.chars().count() > 1 {
        let Some((modifier, after)) = strip_modifier(rest) else {
            break;
        };
        if after.is_empty() {
            return Err(not_a_key(format!("nothing after \"{rest}\"")));
        }
        mods |= modifier;
        rest = after;
    }
    let mut chars = rest.chars();
    let mut code = match (chars.next(), chars.next()) {
        (Some(c), None) => match c {
            '↑' => KeyCode::Up,
            '↓' => KeyCode::Down,
            '←' => KeyCode::Left,
            '→' => KeyCode::Right,
            c => KeyCode::Char(c),
        },
        _ => named_key(rest).ok_or_else(|| not_a_key(format!("unknown key name \"{rest}\"")))?,
    };
    if mods.contains(KeyModifiers::SHIFT) {
        match code {
            KeyCode::Char(c) if c.is_ascii_alphabetic() => {
                code = KeyCode::Char(c.to_ascii_uppercase());
            }
            KeyCode::Char(c) => {
                return Err(not_a_key(format!(
                    "shift with \"{c}\": write the character shift gives, like \"G\" or \"}}\""
                )));
            }
            _ => {}
        }
    }
    Ok(Key::new(code, mods))
}

fn named_key(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    let code = match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" | "bksp" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        other => {
            let n: u8 = other.strip_prefix('f')?.parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
    };
    Some(code)
}

/// How a key is shown in help and hints: "C-c", "↓", "PgDn", "S-Tab".
fn display_key(key: &Key) -> String {
    let mut out = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        out.push_str("C-");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        out.push_str("A-");
    }
    if key.mods.contains(KeyModifiers::SHIFT) {
        out.push_str("S-");
    }
    match key.code {
        KeyCode::Char(' ') => out.push_str("Space"),
        KeyCode::Char(c) => out.push(c),
        KeyCode::Up => out.push('↑'),
        KeyCode::Down => out.push('↓'),
        KeyCode::Left => out.push('←'),
        KeyCode::Right => out.push('→'),
        KeyCode::Enter => out.push_str("Enter"),
        KeyCode::Esc => out.push_str("Esc"),
        KeyCode::Tab => out.push_str("Tab"),
        KeyCode::BackTab => out.push_str("S-Tab"),
        KeyCode::Backspace => out.push_str("Bksp"),
        KeyCode::Home => out.push_str("Home"),
        KeyCode::End => out.push_str("End"),
        KeyCode::PageUp => out.push_str("PgUp"),
        KeyCode::PageDown => out.push_str("PgDn"),
        KeyCode::Delete => out.push_str("Del"),
        KeyCode::Insert => out.push_str("Ins"),
        KeyCode::F(n) => out.push_str(&format!("F{n}")),
        other => out.push_str(&other.to_string()),
    }
    out
}

fn display_seq(seq: &[Key]) -> String {
    seq.iter().map(display_key).collect::<Vec<_>>().join(" ")
}

fn display_keys(keys: &[Seq]) -> String {
    keys.iter()
        .map(|seq| display_seq(seq))
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every user-bindable action, by the name the keymap file uses.
    const BINDABLE: [&str; 29] = [
        "quit",
        "help",
        "focus_next",
        "focus_prev",
        "down",
        "up",
        "top",
        "bottom",
        "page_down",
        "page_up",
        "open",
        "next_passage",
        "prev_passage",
        "search",
        "next_hit",
        "prev_hit",
        "next_related",
        "prev_related",
        "next_outlet",
        "prev_outlet",
        "filter",
        "toggle_panel",
        "close",
        "entities",
        "next_mention",
        "prev_mention",
        "entity_card",
        "matrix",
        "refresh",
    ];

    /// Actions bound only in the fact matrix.
    const MATRIX_ONLY: [&str; 2] = ["left", "right"];

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn ch(c: char) -> KeyEvent {
        press(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn action(name: &str) -> Action {
        parse_action(name).unwrap()
    }

    fn overrides(entries: &[(&str, &[&str])]) -> Overrides {
        entries
            .iter()
            .map(|(name, keys)| {
                (
                    name.to_string(),
                    keys.iter().map(|k| k.to_string()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn builtin_keymap_parses_cleanly() {
        let (map, problems) = Keymap::from_toml(BUILTIN);
        assert_eq!(problems, Vec::<String>::new());
        for ctx in Context::ALL {
            let bindings = &map.contexts[ctx.index()];
            assert!(!bindings.is_empty(), "{ctx:?} has no bindings");
            for binding in bindings {
                assert!(!binding.keys.is_empty(), "{} has no keys", binding.name);
                assert!(
                    !binding.desc.trim().is_empty(),
                    "{} has no desc",
                    binding.name
                );
            }
        }
    }

    #[test]
    fn every_bindable_action_is_in_normal_and_parses() {
        let map = Keymap::builtin();
        let mut names = map.action_names();
        names.sort_unstable();
        let mut expected = BINDABLE.to_vec();
        expected.sort_unstable();
        assert_eq!(names, expected);
        for name in BINDABLE.iter().chain(&MATRIX_ONLY) {
            assert!(parse_action(name).is_some(), "{name}");
        }
        for name in MATRIX_ONLY {
            assert!(
                !map.keys_for(Context::Matrix, &action(name)).is_empty(),
                "{name}"
            );
        }
        assert!(parse_action("resize").is_none());
        assert!(parse_action("input").is_none());
        assert!(parse_action("Quit").is_none());
    }

    #[test]
    fn builtin_has_no_clashing_keys() {
        let map = Keymap::builtin();
        for ctx in Context::ALL {
            let clashes = map.shadowed(ctx);
            assert!(clashes.is_empty(), "{ctx:?}: {clashes:?}");
        }
    }

    #[test]
    fn single_keys_resolve() {
        let mut map = Keymap::builtin();
        assert_eq!(
            map.feed(Context::Normal, ch('q')),
            KeyResult::Action(Action::Quit)
        );
        assert_eq!(
            map.feed(
                Context::Normal,
                press(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            KeyResult::Action(Action::Quit)
        );
        assert_eq!(map.feed(Context::Normal, ch('c')), KeyResult::Unbound);
        assert_eq!(
            map.feed(Context::Normal, ch(']')),
            KeyResult::Action(Action::NextRelated)
        );
        assert_eq!(
            map.feed(
                Context::Normal,
                press(KeyCode::PageDown, KeyModifiers::NONE)
            ),
            KeyResult::Action(Action::PageDown)
        );
    }

    #[test]
    fn g_g_is_a_sequence() {
        let mut map = Keymap::builtin();
        assert_eq!(map.feed(Context::Normal, ch('g')), KeyResult::Pending);
        assert_eq!(map.pending().as_deref(), Some("g"));
        assert_eq!(
            map.feed(Context::Normal, ch('g')),
            KeyResult::Action(Action::Top)
        );
        assert_eq!(map.pending(), None);
    }

    #[test]
    fn broken_sequence_is_unbound_and_cleared() {
        let mut map = Keymap::builtin();
        assert_eq!(map.feed(Context::Normal, ch('g')), KeyResult::Pending);
        assert_eq!(map.feed(Context::Normal, ch('x')), KeyResult::Unbound);
        assert_eq!(map.pending(), None);
        // The next `g` starts afresh rather than completing the old one.
        assert_eq!(map.feed(Context::Normal, ch('g')), KeyResult::Pending);
        assert_eq!(
            map.feed(Context::Normal, ch('g')),
            KeyResult::Action(Action::Top)
        );
    }

    #[test]
    fn pending_prefix_does_not_swallow_a_bound_key() {
        let mut map = Keymap::builtin();
        assert_eq!(map.feed(Context::Normal, ch('g')), KeyResult::Pending);
        assert_eq!(
            map.feed(Context::Normal, ch('j')),
            KeyResult::Action(Action::Down)
        );
        assert_eq!(map.pending(), None);
    }

    #[test]
    fn release_events_are_ignored() {
        let mut map = Keymap::builtin();
        let mut release = ch('q');
        release.kind = KeyEventKind::Release;
        assert_eq!(map.feed(Context::Normal, release), KeyResult::Pending);
        // A release between the two `g`s does not break the sequence.
        assert_eq!(map.feed(Context::Normal, ch('g')), KeyResult::Pending);
        let mut g_up = ch('g');
        g_up.kind = KeyEventKind::Release;
        assert_eq!(map.feed(Context::Normal, g_up), KeyResult::Pending);
        assert_eq!(
            map.feed(Context::Normal, ch('g')),
            KeyResult::Action(Action::Top)
        );
    }

    #[test]
    fn uppercase_matches_with_or_without_shift() {
        let mut map = Keymap::builtin();
        assert_eq!(
            map.feed(Context::Normal, ch('G')),
            KeyResult::Action(Action::Bottom)
        );
        assert_eq!(
            map.feed(
                Context::Normal,
                press(KeyCode::Char('G'), KeyModifiers::SHIFT)
            ),
            KeyResult::Action(Action::Bottom)
        );
        assert_eq!(
            map.feed(
                Context::Normal,
                press(KeyCode::Char('N'), KeyModifiers::SHIFT)
            ),
            KeyResult::Action(Action::PrevHit)
        );
        // Lowercase `g` is still the sequence start, not Bottom.
        assert_eq!(map.feed(Context::Normal, ch('g')), KeyResult::Pending);
    }

    #[test]
    fn backtab_matches_with_or_without_shift() {
        let mut map = Keymap::builtin();
        for event in [
            press(KeyCode::BackTab, KeyModifiers::NONE),
            press(KeyCode::BackTab, KeyModifiers::SHIFT),
            press(KeyCode::Tab, KeyModifiers::SHIFT),
        ] {
            assert_eq!(
                map.feed(Context::Normal, event),
                KeyResult::Action(Action::FocusPrev)
            );
        }
        assert_eq!(
            map.feed(Context::Normal, press(KeyCode::Tab, KeyModifiers::NONE)),
            KeyResult::Action(Action::FocusNext)
        );
    }

    #[test]
    fn prompt_leaves_printable_keys_as_text() {
        let mut map = Keymap::builtin();
        for c in ['q', 'j', 'g', '?', '/', 'G'] {
            assert_eq!(map.feed(Context::Prompt, ch(c)), KeyResult::Unbound, "{c}");
        }
        assert_eq!(
            map.feed(Context::Prompt, press(KeyCode::Enter, KeyModifiers::NONE)),
            KeyResult::Action(Action::Open)
        );
        assert_eq!(
            map.feed(
                Context::Prompt,
                press(KeyCode::Char('n'), KeyModifiers::CONTROL)
            ),
            KeyResult::Action(Action::Down)
        );
        assert_eq!(
            map.feed(Context::Prompt, press(KeyCode::Esc, KeyModifiers::NONE)),
            KeyResult::Action(Action::Close)
        );
    }

    #[test]
    fn help_context_closes_on_question_mark() {
        let mut map = Keymap::builtin();
        assert_eq!(
            map.feed(Context::Help, ch('?')),
            KeyResult::Action(Action::Close)
        );
        assert_eq!(
            map.feed(Context::Normal, ch('?')),
            KeyResult::Action(Action::Help)
        );
    }

    #[test]
    fn a_context_change_drops_the_unfinished_sequence() {
        let mut map = Keymap::builtin();
        assert_eq!(map.feed(Context::Normal, ch('g')), KeyResult::Pending);
        assert_eq!(map.feed(Context::Prompt, ch('g')), KeyResult::Unbound);
        assert_eq!(map.pending(), None);
    }

    #[test]
    fn overrides_replace_defaults() {
        let (mut map, problems) =
            Keymap::with_overrides(&overrides(&[("next_related", &["]", "ctrl-j"])]));
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            map.feed(
                Context::Normal,
                press(KeyCode::Char('j'), KeyModifiers::CONTROL)
            ),
            KeyResult::Action(Action::NextRelated)
        );
        assert_eq!(
            map.keys_for(Context::Normal, &Action::NextRelated),
            ["]", "C-j"]
        );

        let (mut map, problems) = Keymap::with_overrides(&overrides(&[("quit", &["x"])]));
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(map.feed(Context::Normal, ch('q')), KeyResult::Unbound);
        assert_eq!(
            map.feed(Context::Normal, ch('x')),
            KeyResult::Action(Action::Quit)
        );
        // Only Normal is overridden: the help screen still closes on `q`.
        assert_eq!(
            map.feed(Context::Help, ch('q')),
            KeyResult::Action(Action::Close)
        );
    }

    #[test]
    fn an_override_takes_its_key_from_other_actions() {
        let (mut map, problems) = Keymap::with_overrides(&overrides(&[("search", &["n"])]));
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            map.feed(Context::Normal, ch('n')),
            KeyResult::Action(Action::Search)
        );
        assert!(map.keys_for(Context::Normal, &Action::NextHit).is_empty());
        let normal = &map.help()[0];
        assert!(
            !normal
                .rows
                .iter()
                .any(|(_, desc)| desc == "next search hit")
        );
    }

    #[test]
    fn bad_overrides_are_reported_by_name_and_skipped() {
        let (mut map, problems) = Keymap::with_overrides(&overrides(&[
            ("next_related", &["ctrl-"]),
            ("frobnicate", &["x"]),
            ("prev_related", &["nope", "ctrl-k"]),
            ("search", &["s"]),
        ]));
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("keys.next_related = \"ctrl-\": not a key (nothing after")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("keys.frobnicate: unknown action")
                    && p.contains("next_related")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("keys.prev_related = \"nope\"")
                    && p.contains("unknown key name")),
            "{problems:?}"
        );
        // The bad entries kept their defaults; the good one applied.
        assert_eq!(
            map.feed(Context::Normal, ch(']')),
            KeyResult::Action(Action::NextRelated)
        );
        assert_eq!(
            map.feed(Context::Normal, ch('[')),
            KeyResult::Action(Action::PrevRelated)
        );
        assert_eq!(
            map.feed(Context::Normal, ch('s')),
            KeyResult::Action(Action::Search)
        );
        assert_eq!(map.feed(Context::Normal, ch('/')), KeyResult::Unbound);
    }

    #[test]
    fn an_override_that_hides_a_sequence_is_reported() {
        let (mut map, problems) = Keymap::with_overrides(&overrides(&[("search", &["g"])]));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("keys.search: \"g\" (search) is the start of \"g g\" (top)")
        );
        assert_eq!(
            map.feed(Context::Normal, ch('g')),
            KeyResult::Action(Action::Search)
        );
    }

    #[test]
    fn two_overrides_with_one_key_are_reported() {
        let (mut map, problems) =
            Keymap::with_overrides(&overrides(&[("next_hit", &["x"]), ("search", &["x"])]));
        assert_eq!(
            problems,
            [
                "key \"x\" is bound to both next_hit and search in [keys]; search wins (the last in the file)"
            ]
        );
        assert_eq!(
            map.feed(Context::Normal, ch('x')),
            KeyResult::Action(Action::Search)
        );
        // Three overrides with one key: still one message, and it names who really gets it.
        let (mut map, problems) = Keymap::with_overrides(&overrides(&[
            ("search", &["x"]),
            ("next_hit", &["x", "y"]),
            ("matrix", &["x"]),
        ]));
        assert_eq!(
            problems,
            [
                "key \"x\" is bound to search, next_hit and matrix in [keys]; matrix wins (the last in the file)"
            ]
        );
        assert_eq!(
            map.feed(Context::Normal, ch('x')),
            KeyResult::Action(Action::Matrix)
        );
        assert_eq!(
            map.feed(Context::Normal, ch('y')),
            KeyResult::Action(Action::NextHit)
        );
    }

    #[test]
    fn help_lists_every_normal_action_exactly_once() {
        let map = Keymap::builtin();
        let help = map.help();
        let titles: Vec<&str> = help.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Reading",
                "Search and filter prompt",
                "This help",
                "Fact matrix"
            ]
        );
        let normal = &help[0];
        assert_eq!(normal.rows.len(), BINDABLE.len());
        for name in BINDABLE {
            let keys = map.keys_for(Context::Normal, &action(name)).join(" / ");
            let count = normal.rows.iter().filter(|(k, _)| *k == keys).count();
            assert_eq!(count, 1, "{name}: {keys}");
        }
        // File order, joined display forms.
        assert_eq!(normal.rows[0], ("q / C-c".to_string(), "quit".to_string()));
        assert!(
            normal
                .rows
                .contains(&("j / ↓".to_string(), "move / scroll down".to_string()))
        );
        assert!(
            normal
                .rows
                .contains(&("g g / Home".to_string(), "top".to_string()))
        );
    }

    #[test]
    fn hints_come_from_the_file() {
        let map = Keymap::builtin();
        for ctx in Context::ALL {
            assert!(!map.hints(ctx).is_empty(), "{ctx:?}");
        }
        let normal = map.hints(Context::Normal);
        assert!(normal.contains(&("q".to_string(), "quit".to_string())));
        assert!(normal.contains(&("]".to_string(), "same fact, next outlet".to_string())));
        assert!(!normal.iter().any(|(_, desc)| desc == "page down"));
    }

    #[test]
    fn display_forms() {
        for (spec, shown) in [
            ("up", "↑"),
            ("down", "↓"),
            ("left", "←"),
            ("right", "→"),
            ("enter", "Enter"),
            ("esc", "Esc"),
            ("tab", "Tab"),
            ("shift-tab", "S-Tab"),
            ("backtab", "S-Tab"),
            ("pageup", "PgUp"),
            ("pagedown", "PgDn"),
            ("home", "Home"),
            ("end", "End"),
            ("ctrl-c", "C-c"),
            ("alt-x", "A-x"),
            ("g g", "g g"),
            ("space", "Space"),
            ("f5", "F5"),
            ("shift-g", "G"),
            ("shift-up", "S-↑"),
            ("C-d", "C-d"),
            ("-", "-"),
            ("ctrl--", "C--"),
        ] {
            assert_eq!(display_seq(&parse_seq(spec).unwrap()), shown, "{spec}");
        }
    }

    #[test]
    fn bad_specs_say_why() {
        for (spec, why) in [
            ("", "empty"),
            ("   ", "empty"),
            ("ctrl-", "nothing after \"ctrl-\""),
            ("enterr", "unknown key name \"enterr\""),
            ("f13", "unknown key name \"f13\""),
            ("shift-1", "shift with \"1\""),
            ("g xx", "unknown key name \"xx\""),
        ] {
            let error = parse_seq(spec).unwrap_err();
            assert!(error.starts_with("not a key ("), "{spec}: {error}");
            assert!(error.contains(why), "{spec}: {error}");
            assert!(error.contains("\"g g\""), "{spec}: {error}");
        }
    }

    #[test]
    fn a_bad_keymap_file_is_reported_entry_by_entry() {
        let (map, problems) = Keymap::from_toml(
            "[normal]\nquit = { keys = [\"q\"], desc = \"quit\" }\n\
             jump = { keys = [\"j\"], desc = \"jump\" }\n\
             up = { keys = [\"ctrl-\"], desc = \"up\" }\n\
             down = { keys = [\"j\"] }\n\
             [other]\n",
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("jump: unknown action")));
        assert!(problems.iter().any(|p| p.contains("up = \"ctrl-\"")));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("down") && p.contains("desc"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("[other]: unknown context"))
        );
        assert_eq!(map.keys_for(Context::Normal, &Action::Quit), ["q"]);
    }
}
