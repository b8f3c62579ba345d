//! Comparing two outlets' numbers or dates for one fact. Each value is read as the interval
//! its words allow ("more than 1,000" is [1000, ∞), "pre-2024" is the year 2024 with relation
//! "before"); two values agree when the intervals are the same, one is vaguer when its
//! interval holds the other's, and they disagree when the intervals do not meet. Only values
//! that measure the same thing are compared: numbers of one kind and unit, dates with one
//! relation.

use chrono::{Datelike, NaiveDate};

use crate::model::{Agreement, Compared, Comparison, DatePrecision, DateValue, NumberValue};

/// How two numbers relate, or `None` when they count different things (another kind or
/// unit). A number without a unit is compared with any number of the same kind.
pub fn compare_number(a: &NumberValue, b: &NumberValue) -> Option<Agreement> {
    if a.kind != b.kind || !same_unit(a.unit.as_deref(), b.unit.as_deref()) {
        return None;
    }
    let ia = number_interval(a)?;
    let ib = number_interval(b)?;
    Some(relate(ia, ib))
}

/// How two dates relate, or `None` when they cannot be compared (different relations, or a
/// phrase that is not on the calendar on one side and a different phrase on the other).
pub fn compare_date(a: &DateValue, b: &DateValue) -> Option<Agreement> {
    if a.relation != b.relation {
        return None;
    }
    match (date_interval(a), date_interval(b)) {
        (Some(ia), Some(ib)) => {
            let day = |d: NaiveDate| f64::from(d.num_days_from_ce());
            Some(relate(
                (Some(day(ia.0)), Some(day(ia.1))),
                (Some(day(ib.0)), Some(day(ib.1))),
            ))
        }
        (None, None) => {
            let (va, vb) = (a.value.as_deref()?, b.value.as_deref()?);
            va.eq_ignore_ascii_case(vb).then_some(Agreement::Agree)
        }
        _ => None,
    }
}

/// Pair the numbers two passages give for the same things and say how each pair relates.
/// Pairs are made greedily, best agreement first; then, per unit, a single number left on
/// each side is paired too (two versions of one figure that disagree). The rest are
/// reported as found on one side only.
pub fn compare_numbers(a: &[NumberValue], b: &[NumberValue]) -> Comparison {
    pair(a, b, compare_number, |x, y| {
        x.kind == y.kind && same_unit(x.unit.as_deref(), y.unit.as_deref())
    })
}

/// Pair the dates two passages give and say how each pair relates, as [`compare_numbers`]
/// does; dates pair when they have the same relation ("before", "since", none).
pub fn compare_dates(a: &[DateValue], b: &[DateValue]) -> Comparison {
    pair(a, b, compare_date, |x, y| {
        x.relation == y.relation && date_interval(x).is_some() == date_interval(y).is_some()
    })
}

fn rank(g: Agreement) -> u8 {
    match g {
        Agreement::Agree => 0,
        Agreement::FirstVaguer | Agreement::SecondVaguer => 1,
        Agreement::Disagree => 2,
    }
}

fn pair<T>(
    a: &[T],
    b: &[T],
    cmp: impl Fn(&T, &T) -> Option<Agreement>,
    same_key: impl Fn(&T, &T) -> bool,
) -> Comparison {
    let mut candidates: Vec<(u8, usize, usize, Agreement)> = Vec::new();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            if let Some(g) = cmp(x, y)
                && g != Agreement::Disagree
            {
                candidates.push((rank(g), i, j, g));
            }
        }
    }
    candidates.sort_by_key(|&(r, i, j, _)| (r, i, j));
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    let mut pairs = Vec::new();
    for (_, i, j, g) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push(Compared {
                a: i,
                b: j,
                agreement: g,
            });
        }
    }
    // One leftover on each side measuring the same thing: two versions of one figure.
    for i in 0..a.len() {
        if used_a[i] {
            continue;
        }
        let same_a = (0..a.len())
            .filter(|&k| !used_a[k] && same_key(&a[k], &a[i]))
            .count();
        let js: Vec<usize> = (0..b.len())
            .filter(|&j| !used_b[j] && same_key(&a[i], &b[j]))
            .collect();
        if same_a == 1
            && js.len() == 1
            && let Some(g) = cmp(&a[i], &b[js[0]])
        {
            used_a[i] = true;
            used_b[js[0]] = true;
            pairs.push(Compared {
                a: i,
                b: js[0],
                agreement: g,
            });
        }
    }
    pairs.sort_by_key(|p| (p.a, p.b));
    Comparison {
        pairs,
        only_a: (0..a.len()).filter(|&i| !used_a[i]).collect(),
        only_b: (0..b.len()).filter(|&j| !used_b[j]).collect(),
    }
}

/// Two intervals (a `None` bound is open): the same, nested, overlapping or apart.
fn relate(a: (Option<f64>, Option<f64>), b: (Option<f64>, Option<f64>)) -> Agreement {
    let lo = |x: Option<f64>| x.unwrap_or(f64::NEG_INFINITY);
    let hi = |x: Option<f64>| x.unwrap_or(f64::INFINITY);
    let (a0, a1, b0, b1) = (lo(a.0), hi(a.1), lo(b.0), hi(b.1));
    let eq = |x: f64, y: f64| x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs());
    if eq(a0, b0) && eq(a1, b1) {
        return Agreement::Agree;
    }
    if a1 < b0 - 1e-9 || b1 < a0 - 1e-9 {
        return Agreement::Disagree;
    }
    let a_holds_b = a0 <= b0 && b1 <= a1;
    let b_holds_a = b0 <= a0 && a1 <= b1;
    let width = |x: f64, y: f64| y - x;
    if a_holds_b && !b_holds_a {
        Agreement::FirstVaguer
    } else if b_holds_a && !a_holds_b {
        Agreement::SecondVaguer
    } else if width(a0, a1) > width(b0, b1) {
        Agreement::FirstVaguer
    } else if width(b0, b1) > width(a0, a1) {
        Agreement::SecondVaguer
    } else {
        Agreement::Agree
    }
}

fn same_unit(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => unit_key(a) == unit_key(b),
        _ => true,
    }
}

/// "Airstrikes" and "airstrike" are one unit.
fn unit_key(u: &str) -> String {
    let l = u.to_lowercase();
    let l = l.replace("per cent", "percent");
    if let Some(stem) = l.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if l.len() > 3 && l.ends_with('s') && !l.ends_with("ss") {
        return l[..l.len() - 1].to_string();
    }
    l
}

fn number_interval(n: &NumberValue) -> Option<(Option<f64>, Option<f64>)> {
    match (n.low, n.high, n.value) {
        (None, None, None) => None,
        (None, None, Some(v)) => Some((Some(v), Some(v))),
        (lo, hi, _) => Some((lo, hi)),
    }
}

/// The calendar days a date covers, when its value is on the calendar.
fn date_interval(d: &DateValue) -> Option<(NaiveDate, NaiveDate)> {
    let v = d.value.as_deref()?;
    let num = |r: std::ops::Range<usize>| v.get(r).and_then(|x| x.parse::<i32>().ok());
    match d.precision {
        DatePrecision::Day => {
            // The value is written "YYYY-MM-DD"; read by hand, since comparing a large fact's
            // passages pair by pair reads each date many times.
            let b = v.as_bytes();
            let day = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
                let (m, d) = (
                    u32::try_from(num(5..7)?).ok()?,
                    u32::try_from(num(8..10)?).ok()?,
                );
                NaiveDate::from_ymd_opt(num(0..4)?, m, d)?
            } else {
                NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()?
            };
            Some((day, day))
        }
        DatePrecision::Month => {
            let (y, m) = (num(0..4)?, u32::try_from(num(5..7)?).ok()?);
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            Some((first, next.pred_opt()?))
        }
        DatePrecision::Year => {
            let y = num(0..4)?;
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            ))
        }
        DatePrecision::Decade => {
            let y = num(0..4)?;
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y + 9, 12, 31)?,
            ))
        }
        DatePrecision::Relative => None,
    }
}
