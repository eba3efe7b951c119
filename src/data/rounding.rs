//! What a published figure's rounding allows (DOMAIN.md §7). Agencies publish rounded figures and
//! compute derived ones (a percent change, an annual wage) from the unrounded values, so a check
//! compares a stated figure with the *interval* its rounded inputs allow, never with a point and a
//! fixed tolerance: only a stated value outside that interval is a contradiction.
//!
//! A figure's rounding step comes from its source when the source says how it rounds (the
//! `rounding` column of `sources.csv`; the importers write it for the BLS files: OEWS employment to
//! tens, annual wages to tens of dollars, hourly wages to cents; Employment Projections employment,
//! change and openings to hundreds, percents to a tenth), else from the figure as written: the
//! place of its last decimal (18.06 → 0.01), or for whole jobs and annual dollars the trailing zeros
//! up to hundreds (172,500 → 100; 41,545 → 1). A whole percent is taken to the unit (+20% → 1).
//! Inferring never makes an interval narrower than the truth when the source rounded at least that
//! far, so it can miss a contradiction but never invents one.

use std::fmt;

/// What kind of figure a number is, which decides how its rounding is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// A count of jobs: employment, change, openings, exits, transfers.
    Jobs,
    /// A percent (change over a projection period).
    Percent,
    /// Money per hour.
    Hourly,
    /// Money per year.
    Annual,
}

impl Quantity {
    const ALL: [(Quantity, &'static str); 4] = [
        (Quantity::Jobs, "jobs"),
        (Quantity::Percent, "percent"),
        (Quantity::Hourly, "hourly"),
        (Quantity::Annual, "annual"),
    ];
}

/// How a source rounds each kind of figure, as its `rounding` cell states it: `jobs=100;
/// percent=0.1` (any of `jobs`, `percent`, `hourly`, `annual`; a kind left out is inferred from
/// each figure as written).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rounding {
    steps: [Option<f64>; 4],
}

impl Rounding {
    /// The rounding of the BLS OEWS tables: employment to tens, annual wages to tens of dollars,
    /// hourly wages to cents.
    pub const OEWS: &'static str = "jobs=10; annual=10; hourly=0.01";
    /// The rounding of the BLS Employment Projections tables: thousands with one decimal (jobs to
    /// hundreds), percents to a tenth, the OEWS median wage to tens of dollars.
    pub const EMPLOYMENT_PROJECTIONS: &'static str = "jobs=100; percent=0.1; annual=10";

    /// Parse a `rounding` cell; the error says what is wrong in words.
    pub fn parse(text: &str) -> Result<Rounding, String> {
        let mut rounding = Rounding::default();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((name, step)) = part.split_once('=') else {
                return Err(format!("{part:?} is not KIND=STEP"));
            };
            let Some((index, _)) =
                Quantity::ALL.iter().enumerate().find(|(_, (_, n))| n.eq_ignore_ascii_case(name.trim()))
            else {
                return Err(format!("unknown kind {:?} (expected jobs, percent, hourly or annual)", name.trim()));
            };
            match step.trim().parse::<f64>() {
                Ok(s) if s.is_finite() && s > 0.0 => rounding.steps[index] = Some(s),
                _ => return Err(format!("the step of {} is not a positive number ({:?})", name.trim(), step.trim())),
            }
        }
        Ok(rounding)
    }

    fn declared(&self, quantity: Quantity) -> Option<f64> {
        let index = Quantity::ALL.iter().position(|(q, _)| *q == quantity)?;
        self.steps[index]
    }

    /// The rounding step of `value`: the declared one, else inferred from the value.
    pub fn step(&self, quantity: Quantity, value: f64) -> f64 {
        self.declared(quantity).unwrap_or_else(|| inferred_step(value, quantity))
    }

    /// The interval a published `value` stands for.
    pub fn interval(&self, quantity: Quantity, value: f64) -> Interval {
        Interval::around(value, self.step(quantity, value))
    }

    /// "jobs to the nearest 100, percents to a tenth" for the figures in `kinds`, declared or not.
    pub fn describe(&self, kinds: &[(Quantity, f64)]) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (quantity, value) in kinds {
            let text = words(*quantity, self.step(*quantity, *value));
            if !parts.contains(&text) {
                parts.push(text);
            }
        }
        parts.join(", ")
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = Quantity::ALL
            .iter()
            .filter_map(|(q, n)| self.declared(*q).map(|s| format!("{n}={}", crate::format::plain(s))))
            .collect();
        write!(f, "{}", parts.join("; "))
    }
}

/// How a kind of figure is rounded, in words: "hourly pay to the cent", "jobs to the nearest 100".
fn words(quantity: Quantity, step: f64) -> String {
    let nearest = |unit: &str| format!("the nearest {unit}{}", crate::format::thousands(step, 0));
    let close = |a: f64| (step - a).abs() < 1e-12;
    match quantity {
        Quantity::Jobs if close(1.0) => "jobs to the unit".into(),
        Quantity::Jobs => format!("jobs to {}", nearest("")),
        Quantity::Percent if close(1.0) => "percents to the unit".into(),
        Quantity::Percent if close(0.1) => "percents to a tenth".into(),
        Quantity::Percent => format!("percents to {}", crate::format::plain(step)),
        Quantity::Hourly | Quantity::Annual => {
            let what = if quantity == Quantity::Hourly { "hourly pay" } else { "annual pay" };
            let to = if close(0.01) {
                "the cent".to_string()
            } else if close(1.0) {
                "the dollar".to_string()
            } else if step > 1.0 {
                nearest("$")
            } else {
                format!("${}", crate::format::plain(step))
            };
            format!("{what} to {to}")
        }
    }
}

/// Decimal places of `value` as written (at most 6): 18.06 → 2, 20 → 0.
fn decimals(value: f64) -> i32 {
    (0..=6)
        .find(|d| {
            let scaled = value * 10f64.powi(*d);
            (scaled - scaled.round()).abs() <= 1e-6 * scaled.abs().max(1.0)
        })
        .unwrap_or(6)
}

/// The rounding step a figure shows by itself (see the module docs).
pub fn inferred_step(value: f64, quantity: Quantity) -> f64 {
    let d = decimals(value);
    if d > 0 {
        return 10f64.powi(-d);
    }
    match quantity {
        Quantity::Percent | Quantity::Hourly => 1.0,
        Quantity::Jobs | Quantity::Annual => {
            let whole = value.abs().round() as u64;
            if whole == 0 {
                1.0
            } else if whole.is_multiple_of(100) {
                100.0
            } else if whole.is_multiple_of(10) {
                10.0
            } else {
                1.0
            }
        }
    }
}

/// Do an hourly and an annual figure agree at `hours` a year, within what their rounding allows?
pub fn hourly_annual_agree(hourly: f64, annual: f64, hours: f64, rounding: &Rounding) -> bool {
    rounding.interval(Quantity::Hourly, hourly).scale(hours).overlaps(rounding.interval(Quantity::Annual, annual))
}

/// A closed interval of real numbers: what a rounded figure, or a figure computed from rounded
/// ones, may really be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    /// `value` published rounded to `step`: [value − step/2, value + step/2].
    pub fn around(value: f64, step: f64) -> Interval {
        Interval { lo: value - step / 2.0, hi: value + step / 2.0 }
    }

    /// `self ÷ other`, or `None` when `other` may be zero.
    pub fn checked_div(self, other: Interval) -> Option<Interval> {
        if other.lo <= 0.0 && other.hi >= 0.0 {
            return None;
        }
        let q = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi];
        Some(Interval {
            lo: q.iter().copied().fold(f64::INFINITY, f64::min),
            hi: q.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        })
    }

    pub fn scale(self, k: f64) -> Interval {
        let (a, b) = (self.lo * k, self.hi * k);
        Interval { lo: a.min(b), hi: a.max(b) }
    }

    pub fn shift(self, k: f64) -> Interval {
        Interval { lo: self.lo + k, hi: self.hi + k }
    }

    /// Do the two share a point? Bounds are compared with a margin of 1e-9 of their size, so the
    /// binary error of decimal fractions never makes a contradiction.
    pub fn overlaps(self, other: Interval) -> bool {
        let margin = 1e-9 * self.lo.abs().max(self.hi.abs()).max(other.lo.abs()).max(other.hi.abs()).max(1.0);
        self.lo <= other.hi + margin && other.lo <= self.hi + margin
    }
}

impl std::ops::Sub for Interval {
    type Output = Interval;

    fn sub(self, other: Interval) -> Interval {
        Interval { lo: self.lo - other.hi, hi: self.hi - other.lo }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn steps_as_written() {
        assert_eq!(inferred_step(18.06, Quantity::Hourly), 0.01);
        assert_eq!(inferred_step(41_545.0, Quantity::Annual), 1.0);
        assert_eq!(inferred_step(30_610.0, Quantity::Annual), 10.0);
        assert_eq!(inferred_step(172_500.0, Quantity::Jobs), 100.0);
        assert_eq!(inferred_step(1_000_000.0, Quantity::Jobs), 100.0, "at most hundreds");
        assert_eq!(inferred_step(20.0, Quantity::Percent), 1.0, "a whole percent is to the unit");
        assert_eq!(inferred_step(-4.7, Quantity::Percent), 0.1);
        assert_eq!(inferred_step(0.0, Quantity::Jobs), 1.0);
    }

    #[test]
    fn declared_rounding_parses_and_wins() {
        let r = Rounding::parse(Rounding::EMPLOYMENT_PROJECTIONS).expect("valid");
        assert_eq!(r.step(Quantity::Jobs, 5_000.0), 100.0);
        assert_eq!(r.step(Quantity::Percent, 1.0), 0.1, "1.0 in the workbook is a tenth, not a unit");
        assert_eq!(r.step(Quantity::Hourly, 18.06), 0.01, "not declared: inferred");
        assert_eq!(r.to_string(), "jobs=100; percent=0.1; annual=10");
        assert_eq!(Rounding::parse("").expect("empty"), Rounding::default());
        assert!(Rounding::parse("jobs").is_err());
        assert!(Rounding::parse("people=10").unwrap_err().contains("unknown kind"));
        assert!(Rounding::parse("jobs=-1").is_err());
        assert_eq!(
            r.describe(&[(Quantity::Jobs, 5_100.0), (Quantity::Jobs, 5_200.0), (Quantity::Percent, 1.2)]),
            "jobs to the nearest 100, percents to a tenth"
        );
    }

    #[test]
    fn interval_arithmetic_of_the_domain_example() {
        // DOMAIN.md §7: 5.1 → 5.2 thousand is anything from +0.0% to +3.9%.
        let (base, target) = (Interval::around(5_100.0, 100.0), Interval::around(5_200.0, 100.0));
        let percent = target.checked_div(base).expect("base > 0").shift(-1.0).scale(100.0);
        assert!(close(percent.lo, 0.0), "{percent:?}");
        assert!(close(percent.hi, (5_250.0 / 5_050.0 - 1.0) * 100.0), "{percent:?}");
        assert!(percent.hi > 3.96 && percent.hi < 3.97);
        // A stated 1.2% (to a tenth) is inside; 4.1% is not.
        assert!(Interval::around(1.2, 0.1).overlaps(percent));
        assert!(!Interval::around(4.1, 0.1).overlaps(percent));
        assert_eq!(Interval::around(1.0, 1.0).checked_div(Interval { lo: -1.0, hi: 1.0 }), None);
        let d = Interval { lo: -6.0, hi: 2.0 }.checked_div(Interval { lo: 2.0, hi: 4.0 }).expect("positive");
        assert_eq!((d.lo, d.hi), (-3.0, 1.0));
        assert_eq!(Interval { lo: 1.0, hi: 2.0 }.scale(-2.0), Interval { lo: -4.0, hi: -2.0 });
    }

    #[test]
    fn hourly_times_hours_against_an_annual_figure() {
        // $18.06 an hour (to the cent) × 2,080 h is $37,554.40–$37,575.20: $41,545 is far outside.
        let implied = Interval::around(18.06, 0.01).scale(2080.0);
        assert!(close(implied.lo, 37_554.4) && close(implied.hi, 37_575.2));
        assert!(!implied.overlaps(Interval::around(41_545.0, 1.0)));
        // OEWS: $23.45 (cents) × 2,080 = $48,776 ± 10.40; A_MEDIAN $48,780 (tens) agrees.
        assert!(Interval::around(23.45, 0.01).scale(2080.0).overlaps(Interval::around(48_780.0, 10.0)));
    }
}
