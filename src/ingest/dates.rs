//! Dates as pages print them: "December 8, 2024", "Dec. 8, 2024", "8 December 2024",
//! "2024-12-08T10:00:00Z", and relative stamps ("A DAY AGO", "3 hours ago", "Yesterday")
//! resolved against a reference time. Parsing only; which line is a stamp is `clean`'s call.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use regex::Regex;

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

fn month(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    MONTHS.iter().find(|(m, _)| *m == n).map(|&(_, v)| v)
}

const MONTH_RE: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

struct Patterns {
    iso: Regex,
    mdy: Regex,
    dmy: Regex,
    relative: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        iso: Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap_or_else(|_| never()),
        mdy: Regex::new(&format!(r"(?i)\b({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"))
            .unwrap_or_else(|_| never()),
        dmy: Regex::new(&format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_RE}),?\s+(\d{{4}})\b"))
            .unwrap_or_else(|_| never()),
        relative: Regex::new(
            r"(?i)\b(?:(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\s+(second|minute|min|hour|hr|day|week|month|year)s?\s+ago|(yesterday)|(today|just now))\b",
        )
        .unwrap_or_else(|_| never()),
    })
}

/// The patterns above are literals checked by tests; a failure to compile them is a bug.
fn never() -> Regex {
    #[allow(clippy::unwrap_used)]
    Regex::new("$^").unwrap()
}

/// A date found in a piece of text, with the byte range it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
    pub relative: bool,
}

/// The first absolute date written in `s`.
pub(crate) fn find_absolute(s: &str) -> Option<FoundDate> {
    find_all(s).into_iter().next()
}

/// Every absolute date written in `s`, in order, not overlapping.
pub(crate) fn find_all(s: &str) -> Vec<FoundDate> {
    let p = patterns();
    let mut out: Vec<FoundDate> = Vec::new();
    let iso = if s.contains("-0") || s.contains("-1") {
        p.iso.captures_iter(s).collect()
    } else {
        Vec::new()
    };
    for c in iso {
        let d = (|| {
            NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
        })();
        if let (Some(date), Some(m)) = (d, c.get(0)) {
            out.push(FoundDate {
                date,
                start: m.start(),
                end: m.end(),
                relative: false,
            });
        }
    }
    for c in p.mdy.captures_iter(s) {
        let d =
            (|| NaiveDate::from_ymd_opt(c[3].parse().ok()?, month(&c[1])?, c[2].parse().ok()?))();
        if let (Some(date), Some(m)) = (d, c.get(0)) {
            out.push(FoundDate {
                date,
                start: m.start(),
                end: m.end(),
                relative: false,
            });
        }
    }
    for c in p.dmy.captures_iter(s) {
        let d =
            (|| NaiveDate::from_ymd_opt(c[3].parse().ok()?, month(&c[2])?, c[1].parse().ok()?))();
        if let (Some(date), Some(m)) = (d, c.get(0)) {
            out.push(FoundDate {
                date,
                start: m.start(),
                end: m.end(),
                relative: false,
            });
        }
    }
    out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut kept: Vec<FoundDate> = Vec::new();
    for f in out {
        if kept.last().is_none_or(|k| f.start >= k.end) {
            kept.push(f);
        }
    }
    kept
}

/// The month number of a month name or abbreviation ("Dec.", "December").
pub(crate) fn month_number(name: &str) -> Option<u32> {
    month(name)
}

fn number(word: &str) -> Option<u32> {
    const WORDS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    let w = word.to_ascii_lowercase();
    if w == "a" || w == "an" {
        return Some(1);
    }
    WORDS
        .iter()
        .position(|x| *x == w)
        .map(|i| i as u32 + 1)
        .or_else(|| w.parse().ok())
}

/// A relative stamp in `s` ("A DAY AGO", "3 hours ago", "Yesterday") resolved against `now`.
pub(crate) fn find_relative(s: &str, now: DateTime<Utc>) -> Option<FoundDate> {
    let c = patterns().relative.captures(s)?;
    let m = c.get(0)?;
    let at = if c.get(3).is_some() {
        now - Duration::days(1)
    } else if c.get(4).is_some() {
        now
    } else {
        let n = number(c.get(1)?.as_str())?;
        let unit = c.get(2)?.as_str().to_ascii_lowercase();
        match unit.as_str() {
            "second" => now - Duration::seconds(n.into()),
            "minute" | "min" => now - Duration::minutes(n.into()),
            "hour" | "hr" => now - Duration::hours(n.into()),
            "day" => now - Duration::days(n.into()),
            "week" => now - Duration::weeks(n.into()),
            "month" => now.checked_sub_months(Months::new(n))?,
            _ => now.with_year(now.year() - n as i32)?,
        }
    };
    Some(FoundDate {
        date: at.date_naive(),
        start: m.start(),
        end: m.end(),
        relative: true,
    })
}

/// A date written in ISO-8601 / RFC 3339 form ("2026-01-06", "2026-01-06T09:30:00+02:00"),
/// taken as written (no time-zone shift).
pub(crate) fn parse_iso(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Parse a date a user wrote in `briefing.toml`: ISO, or "January 6, 2026" style.
pub(crate) fn parse_user_date(s: &str) -> Option<NaiveDate> {
    parse_iso(s).or_else(|| find_absolute(s).map(|f| f.date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_usual_spellings_are_one_date() {
        for s in [
            "December 8, 2024",
            "Dec. 8, 2024",
            "8 December 2024",
            "Dec 8 2024",
            "2024-12-08",
            "8th Dec. 2024",
        ] {
            assert_eq!(
                find_absolute(s).map(|f| f.date),
                Some(d(2024, 12, 8)),
                "{s}"
            );
        }
        assert_eq!(
            find_absolute("Updated 10:32 AM EST, January 6, 2026").map(|f| f.date),
            Some(d(2026, 1, 6))
        );
        assert_eq!(find_absolute("no date here, only 1974"), None);
        assert_eq!(find_absolute("February 30, 2024"), None);
    }

    #[test]
    fn relative_stamps_resolve_against_now() {
        let now = Utc.with_ymd_and_hms(2026, 1, 7, 12, 0, 0).unwrap();
        assert_eq!(
            find_relative("World A DAY AGO", now).map(|f| f.date),
            Some(d(2026, 1, 6))
        );
        assert_eq!(
            find_relative("3 hours ago", now).map(|f| f.date),
            Some(d(2026, 1, 7))
        );
        assert_eq!(
            find_relative("Yesterday", now).map(|f| f.date),
            Some(d(2026, 1, 6))
        );
        assert_eq!(
            find_relative("two weeks ago", now).map(|f| f.date),
            Some(d(2025, 12, 24))
        );
        assert_eq!(find_relative("a year of talks", now), None);
    }

    #[test]
    fn iso_and_user_dates() {
        assert_eq!(parse_iso("2026-01-06T09:30:00+02:00"), Some(d(2026, 1, 6)));
        assert_eq!(parse_user_date("January 6, 2026"), Some(d(2026, 1, 6)));
        assert_eq!(parse_user_date("soon"), None);
    }
}
