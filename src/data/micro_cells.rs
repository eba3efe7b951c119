//! What makes one microdata cell bad, in words: the slow path of [`super::microdata::Microdata::diagnose`].
//!
//! The fast path (the `OK` expression of `canonical`) decides the same thing element-wise; the
//! two must agree, so every rule here has its twin there.

use super::schema::micro as m;
use super::wage_unit::WageUnit;
use crate::format::{money, plain};

/// The value rules that depend on the command line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// What the wage column pays for, and its factor to annual pay.
    pub wage_unit: WageUnit,
    pub hours_per_year: f64,
    /// The plausibility bound of a wage after conversion to annual (`--max-wage`).
    pub max_wage: f64,
}

impl Rules {
    /// The factor from the file's wage unit to annual pay.
    pub fn factor(&self) -> f64 {
        self.wage_unit.per_year(self.hours_per_year)
    }
}

/// A wage column of any unit.
pub fn is_wage(canonical: &str) -> bool {
    canonical == m::WAGE || m::WAGES.contains(&canonical)
}

/// Why a row's year cannot restate its pay (`--dollars`, `--effective-date`), with what was
/// expected; `None` when it is a whole number.
pub fn year_problem(value: Option<&str>) -> Option<(String, String)> {
    let expected = "a year: --dollars and --effective-date need the year of every row".to_string();
    match value.map(str::trim) {
        None | Some("") => Some(("is empty".into(), expected)),
        Some(t) if t.parse::<i64>().is_err() => Some(("is not a year".into(), expected)),
        Some(_) => None,
    }
}

/// Why a cell of a canonical column is bad, with what was expected; `None` when it is fine.
pub fn cell_problem(canonical: &str, value: Option<&str>, rules: &Rules) -> Option<(String, String)> {
    let text = value.map(str::trim);
    let filled = is_wage(canonical)
        || m::FILLED_WHEN_PRESENT.contains(&canonical)
        || m::PAYROLL_FILLED.contains(&canonical)
        || canonical == m::CATEGORY_FLAG;
    let problem = |what: &str, expected: &str| Some((what.to_string(), expected.to_string()));
    match (canonical, text) {
        (_, None | Some("")) if filled => problem("is empty", "a value"),
        (_, None | Some("")) => None,
        (c, Some(t)) if is_wage(c) => wage_problem(t, rules),
        (m::HOURS | m::FTE, Some(t)) => match t.parse::<f64>() {
            Ok(v) if canonical == m::HOURS && v > m::MAX_HOURS => {
                problem("is more than the 168 hours of a week", "paid hours a week, above 0 and at most 168")
            }
            Ok(v) if canonical == m::FTE && v > m::MAX_FTE => problem(
                "is above 2 (a percent? 100 would be full time)",
                "a full-time equivalent such as 1 (full time) or 0.5 (half time)",
            ),
            Ok(v) if v.is_finite() && v > 0.0 => None,
            Ok(_) => problem("is zero or negative", "a number above 0"),
            _ => problem("is not a number", "a number above 0"),
        },
        (m::YEARS_EXPERIENCE | m::WEIGHT | m::VARIABLE_PAY, Some(t)) => match t.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => None,
            Ok(v) if v < 0.0 => problem("is negative", "a number ≥ 0"),
            _ if t.contains(['$', ',']) => {
                problem("is not a number; write numbers without '$' or thousands separators", "a number ≥ 0")
            }
            _ => problem("is not a number", "a number ≥ 0"),
        },
        (m::YEAR, Some(t)) => match t.parse::<i64>() {
            Ok(_) => None,
            Err(_) => problem("is not a year", "a whole number like 2024"),
        },
        (m::CATEGORY_FLAG, Some(t)) => {
            let yes_no = spellings(&m::TRUE_WORDS).iter().chain(&spellings(&m::FALSE_WORDS)).any(|w| w == t);
            if yes_no || t == "1.0" || t == "0.0" {
                None
            } else {
                problem("is not 0 or 1", "1 for the row's category, 0 for the others")
            }
        }
        (m::CERTIFIED | m::FULL_PAY, Some(_)) => {
            let raw = value.unwrap_or_default();
            if spellings(&m::TRUE_WORDS).iter().chain(&spellings(&m::FALSE_WORDS)).any(|w| w == raw) {
                None
            } else {
                problem("is not a yes/no value", "true/false, yes/no or 1/0 (lower, UPPER or Title case)")
            }
        }
        _ => None,
    }
}

/// Every accepted spelling of yes/no words: each as listed, in UPPER and in Title case.
pub fn spellings(list: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in list {
        let title: String =
            w.chars().next().map(|c| c.to_uppercase().chain(w.chars().skip(1)).collect()).unwrap_or_default();
        for spelling in [(*w).to_string(), w.to_uppercase(), title] {
            if !words.contains(&spelling) {
                words.push(spelling);
            }
        }
    }
    words
}

/// A wage must be a number above 0 and, converted to annual pay, at most `--max-wage`.
fn wage_problem(text: &str, rules: &Rules) -> Option<(String, String)> {
    let bound = || {
        let hourly = rules.max_wage / rules.hours_per_year;
        format!(
            "a wage above 0 and at most {} a year (--max-wage; {} an hour)",
            dollars(rules.max_wage),
            money(hourly, true)
        )
    };
    match text.parse::<f64>() {
        Ok(v) if !v.is_finite() => Some(("is not a number".into(), bound())),
        Ok(v) if v < 0.0 => Some(("is negative".into(), bound())),
        Ok(0.0) => Some(("is 0, which is not a wage".into(), bound())),
        Ok(v) if v * rules.factor() > rules.max_wage => {
            let annual = v * rules.factor();
            let converted = match rules.wage_unit {
                WageUnit::Year => String::new(),
                WageUnit::Hour => format!(" ({} an hour = {} a year)", plain(v), dollars(annual)),
                unit => format!(" ({} a {} = {} a year)", plain(v), unit.name(), dollars(annual)),
            };
            Some((
                format!(
                    "is implausibly high{converted}: above the bound of {} a year; raise --max-wage if it is real",
                    dollars(rules.max_wage)
                ),
                bound(),
            ))
        }
        Ok(_) => None,
        Err(_) if text.contains(['$', ',']) => {
            Some(("is not a number; write numbers without '$' or thousands separators".into(), bound()))
        }
        Err(_) => Some(("is not a number".into(), bound())),
    }
}

fn dollars(value: f64) -> String {
    money(value, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: Rules = Rules { wage_unit: WageUnit::Hour, hours_per_year: 2080.0, max_wage: 5_000_000.0 };

    #[test]
    fn wages_must_be_positive_and_plausible() {
        assert_eq!(cell_problem(m::WAGE, Some("25.5"), &RULES), None);
        assert_eq!(cell_problem(m::WAGE, Some("0"), &RULES).map(|p| p.0).as_deref(), Some("is 0, which is not a wage"));
        let (what, expected) = cell_problem(m::WAGE, Some("2500"), &RULES).expect("too high");
        assert_eq!(
            what,
            "is implausibly high (2500 an hour = $5,200,000 a year): above the bound of $5,000,000 a year; raise --max-wage if it is real"
        );
        assert_eq!(expected, "a wage above 0 and at most $5,000,000 a year (--max-wage; $2,403.85 an hour)");
        // Optional columns may be empty, but not once present for a dimension.
        assert!(cell_problem(m::REGION, Some(""), &RULES).is_none());
        assert!(cell_problem(m::SETTING, Some(""), &RULES).is_some());
    }
}
