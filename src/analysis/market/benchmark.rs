//! A pay benchmark: the market for a cut, the pay range built on it, an offer's place, and a
//! roster's compa-ratios — the one result every output format (terminal, JSON, CSV, HTML) serialises.

use serde::Serialize;

use super::paybench::{PayCheck, PayRange, Policy, check, experience_band, pay_range, verdict};
use super::{Certification, Cut, Market};
use crate::analysis::figures::SourceInfo;
use crate::data::roster::Person;

/// How the range is built.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RangeOptions {
    pub policy: Policy,
    pub spread: f64,
    /// Rounding step for min, mid, max.
    pub round: f64,
}

/// An offer tested against the market and the range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    #[serde(flatten)]
    pub check: PayCheck,
    pub verdict: String,
}

/// Flags raised for a person on the roster.
pub const BELOW_MIN: &str = "below range minimum";
pub const ABOVE_MAX: &str = "above range maximum";
pub const BELOW_MARKET: &str = "more than 10% below the market median";

/// One person of the roster against their own market cut.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterRow {
    pub id: String,
    pub line: u64,
    pub pay: f64,
    pub years_experience: Option<f64>,
    pub certified: Option<bool>,
    /// The cut asked for this person, and the one whose market was used (after any fallback).
    pub cut: String,
    pub market_cut: String,
    pub market_method: String,
    pub market_median: Option<f64>,
    pub range: PayRange,
    #[serde(flatten)]
    pub check: PayCheck,
    pub flags: Vec<String>,
}

/// Count, median pay and median compa-ratio of a set of people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupStats {
    pub people: usize,
    pub median_pay: Option<f64>,
    pub median_compa_ratio: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterSummary {
    pub people: usize,
    pub below_range_minimum: usize,
    pub above_range_maximum: usize,
    pub below_market_by_10_percent: usize,
    pub median_compa_ratio: Option<f64>,
    pub certified: GroupStats,
    pub uncertified: GroupStats,
    /// Median compa-ratio of certified minus uncertified people (each against their own market):
    /// negative when certified people sit lower in their ranges.
    pub certified_compa_gap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Roster {
    pub file: String,
    pub rows: Vec<RosterRow>,
    pub summary: RosterSummary,
}

/// Everything a benchmark found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Benchmark {
    /// The occupation compared, in words.
    pub occupation: String,
    /// Where the market figures come from: a microdata file or a dataset.
    pub data: String,
    /// The microdata was made by `wagescope sample`: not real people.
    pub synthetic: bool,
    /// The cut asked for.
    pub cut: String,
    /// annual or hourly.
    pub basis: String,
    pub policy: String,
    pub policy_percentile: f64,
    pub market: Market,
    pub range: PayRange,
    pub offer: Option<Offer>,
    pub roster: Option<Roster>,
    /// A posted range (`--posting`) judged against the market and the staff in the cut.
    pub posting: Option<super::posting::Posting>,
    /// The conventions applied, in words.
    pub conventions: Vec<String>,
    /// Published sources the figures come from (composite only).
    pub sources: Vec<SourceInfo>,
}

/// The range on a market: mid = the market at the policy percentile. `None` when the market's
/// known percentiles do not reach it.
pub fn range_on(market: &Market, options: &RangeOptions) -> Option<PayRange> {
    let mid = market.percentiles.value_at(options.policy.percentile())?;
    Some(pay_range(mid, options.spread, options.round))
}

pub fn offer(amount: f64, market: &Market, range: &PayRange) -> Offer {
    let check = check(amount, &market.percentiles, range);
    let verdict = verdict(&check, range);
    Offer { check, verdict }
}

/// A person's own cut: their roster values, the benchmark's cut where the roster has none.
pub fn person_cut(person: &Person, base: &Cut, setting: Option<String>, region: Option<String>) -> Cut {
    Cut {
        setting: setting.or_else(|| base.setting.clone()),
        experience: person.years_experience.map(|y| experience_band(y).to_string()).or_else(|| base.experience.clone()),
        certification: match person.certified {
            Some(true) => Some(Certification::Certified),
            Some(false) => Some(Certification::NotCertified),
            None => base.certification.clone(),
        },
        region: region.or_else(|| base.region.clone()),
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

fn group_stats(rows: &[&RosterRow]) -> GroupStats {
    GroupStats {
        people: rows.len(),
        median_pay: median(&mut rows.iter().map(|r| r.pay).collect::<Vec<_>>()),
        median_compa_ratio: median(&mut rows.iter().map(|r| r.check.compa_ratio).collect::<Vec<_>>()),
    }
}

/// Compare one person with their market and its range; flag what a reviewer should look at.
pub fn roster_row(person: &Person, cut: &Cut, market: &Market, range: PayRange) -> RosterRow {
    let check = check(person.pay, &market.percentiles, &range);
    let mut flags = Vec::new();
    if person.pay < range.min {
        flags.push(BELOW_MIN.to_string());
    }
    if person.pay > range.max {
        flags.push(ABOVE_MAX.to_string());
    }
    if market.percentiles.median.is_some_and(|m| person.pay < 0.9 * m) {
        flags.push(BELOW_MARKET.to_string());
    }
    RosterRow {
        id: person.id.clone(),
        line: person.line,
        pay: person.pay,
        years_experience: person.years_experience,
        certified: person.certified,
        cut: cut.describe(),
        market_cut: market.cut.clone(),
        market_method: market.method.clone(),
        market_median: market.percentiles.median,
        range,
        check,
        flags,
    }
}

/// Counts per flag, the median compa-ratio, and certified vs uncertified.
pub fn summarize_roster(rows: &[RosterRow]) -> RosterSummary {
    let count = |flag: &str| rows.iter().filter(|r| r.flags.iter().any(|f| f == flag)).count();
    let all: Vec<&RosterRow> = rows.iter().collect();
    let certified: Vec<&RosterRow> = rows.iter().filter(|r| r.certified == Some(true)).collect();
    let uncertified: Vec<&RosterRow> = rows.iter().filter(|r| r.certified == Some(false)).collect();
    let (certified, uncertified) = (group_stats(&certified), group_stats(&uncertified));
    let certified_compa_gap = match (certified.median_compa_ratio, uncertified.median_compa_ratio) {
        (Some(a), Some(b)) => Some(a - b),
        _ => None,
    };
    RosterSummary {
        people: rows.len(),
        below_range_minimum: count(BELOW_MIN),
        above_range_maximum: count(ABOVE_MAX),
        below_market_by_10_percent: count(BELOW_MARKET),
        median_compa_ratio: group_stats(&all).median_compa_ratio,
        certified,
        uncertified,
        certified_compa_gap,
    }
}
