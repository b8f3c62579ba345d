//! A story as a Markdown briefing: fact by fact, each outlet's version quoted with a
//! citation to its file and passage, and the outlets that leave the fact out. Pure text from
//! model types: no I/O, no index, no terminal. Every piece of data in it is cleaned
//! ([`crate::sanitise::clean`]): no control character from an article reaches the file or
//! the terminal it is printed on.

use std::fmt::Write;

use crate::model::Fact;
use crate::sanitise::clean;

/// The Markdown briefing of a story titled `title` with `facts` (most widely reported first).
pub fn markdown(title: &str, outlets: &[String], facts: &[Fact]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", one_line(title));
    let _ = writeln!(out, "Outlets: {}.\n", one_line(&outlets.join(", ")));
    let shared: Vec<&Fact> = facts.iter().filter(|f| f.outlets.len() > 1).collect();
    let single: Vec<&Fact> = facts.iter().filter(|f| f.outlets.len() <= 1).collect();
    if !shared.is_empty() {
        let _ = writeln!(out, "## Reported by more than one outlet\n");
        for (n, f) in shared.iter().enumerate() {
            fact(&mut out, n + 1, f);
        }
    }
    if !single.is_empty() {
        let _ = writeln!(out, "## Reported by one outlet only\n");
        for (n, f) in single.iter().enumerate() {
            fact(&mut out, shared.len() + n + 1, f);
        }
    }
    out
}

fn fact(out: &mut String, n: usize, f: &Fact) {
    let _ = writeln!(out, "### {n}. {}\n", one_line(&f.label));
    for p in &f.passages {
        let who = one_line(
            p.outlet
                .as_deref()
                .unwrap_or(crate::model::OUTLET_NOT_NAMED),
        );
        let _ = writeln!(
            out,
            "> {}\n>\n> — **{who}**{}, `{}`, paragraph {} (bytes {}–{})\n",
            one_line(&p.text),
            attribution(&p.framing),
            clean(&p.file),
            p.passage + 1,
            p.start,
            p.end
        );
    }
    if !f.differs.is_empty() {
        let _ = writeln!(
            out,
            "Numbers or dates differ or are vaguer in: {}.\n",
            one_line(&f.differs.join(", "))
        );
    }
    if !f.missing_from.is_empty() {
        let _ = writeln!(
            out,
            "Not reported by: {}.\n",
            one_line(&f.missing_from.join(", "))
        );
    }
}

/// ", citing a Syrian official (anonymous) via Associated Press", every source the outlet
/// gives joined by "; ", or nothing when the sentence names no source.
fn attribution(f: &crate::model::Framing) -> String {
    let each: Vec<String> = f
        .outlet_sources()
        .map(|a| {
            let mut s = one_line(&a.source);
            if a.anonymous {
                s.push_str(" (anonymous)");
            }
            if let Some(via) = &a.via {
                s.push_str(&format!(" via {}", one_line(via)));
            }
            s
        })
        .collect();
    if each.is_empty() {
        return String::new();
    }
    format!(", citing {}", each.join("; "))
}

/// Text on one line, cleaned, with Markdown's line-start markers made harmless.
fn one_line(s: &str) -> String {
    let joined = clean(s).split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.chars().next() {
        Some('#' | '>' | '-' | '*' | '+') => format!("\\{joined}"),
        _ => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FactPassage;

    fn passage(outlet: Option<&str>, text: &str) -> FactPassage {
        FactPassage {
            article: "a".into(),
            file: "x.txt".into(),
            outlet: outlet.map(str::to_string),
            passage: 2,
            text: text.into(),
            start: 10,
            end: 20,
            framing: Default::default(),
        }
    }

    #[test]
    fn quotes_each_version_with_its_citation_and_who_left_it_out() {
        let f = Fact {
            id: "f".into(),
            story: "s".into(),
            label: "Talks resume".into(),
            outlets: vec!["AP".into(), "PTV".into()],
            passages: vec![
                passage(Some("AP"), "Talks\nresume."),
                passage(None, "# Talks restart."),
            ],
            missing_from: vec!["Axios".into()],
            differs: Vec::new(),
            cohesion: 0.5,
        };
        let md = markdown("Story", &["AP".into(), "PTV".into(), "Axios".into()], &[f]);
        assert!(md.contains("### 1. Talks resume"), "{md}");
        assert!(md.contains("> Talks resume.\n"), "{md}");
        assert!(
            md.contains("— **AP**, `x.txt`, paragraph 3 (bytes 10–20)"),
            "{md}"
        );
        assert!(md.contains("> \\# Talks restart."), "{md}");
        assert!(md.contains("Not reported by: Axios."), "{md}");
    }
}
