//! Reconciliation: when several sources give a figure for the same cut (here the whole occupation:
//! all settings, all experience, all certification), put every figure on one basis — annual pay in
//! constant dollars of one year — and show the spread, a blended estimate, and the figures that
//! contradict each other.
//!
//! Blend weights (documented in the report): a median counts 1, a mean ½ (means are pulled up by
//! the highest earners); a figure loses half its weight for every 5 years it is older than the
//! newest figure. Posted pay ranges are employers' offers, not estimates: they are not blended.

use std::collections::BTreeSet;

use polars::prelude::*;
use serde::Serialize;

use super::basis::{Conventions, PayBasis, cpi_series, restate_wages};
use super::figures::{SourceInfo, WageFigure};
use super::frame::is_in;
use crate::data::Dataset;
use crate::data::schema::{TableId, col as c, values};

/// The geography of national figures (datasets/README.md: `US`).
pub const NATIONAL: &str = crate::data::schema::values::NATIONAL;

/// Weight of a mean relative to a median in the blend.
pub const MEAN_WEIGHT: f64 = 0.5;
/// Years after which a figure's blend weight halves.
pub const HALF_LIFE_YEARS: f64 = 5.0;

/// One source's figure on the common basis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceFigure {
    pub source: String,
    pub occupation: String,
    pub year: i64,
    pub month: Option<i64>,
    /// `median` or `mean`.
    pub statistic: String,
    pub published_value: f64,
    pub published_basis: String,
    /// published_value × factor = value.
    pub factor: f64,
    /// Annual, in constant dollars of `dollars_year`.
    pub value: f64,
    /// Weight in the blended estimate.
    pub blend_weight: f64,
}

/// Every source's figure for the whole-occupation cut, on one basis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    pub cut: String,
    pub dollars_year: i64,
    pub hours_per_year: f64,
    pub figures: Vec<SourceFigure>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// (high ÷ low − 1) × 100.
    pub spread_percent: Option<f64>,
    pub blended: Option<f64>,
    pub blend_method: String,
    /// Figures of one source that contradict each other on the common basis.
    pub contradictions: Vec<String>,
    /// Figures left out, and why (a data year without a CPI-U value, a geography other than US).
    pub excluded: Vec<String>,
}

/// Reconcile the whole-occupation figures of `codes` in constant dollars of `dollars_year`
/// (default: the newest CPI year).
pub fn reconcile(
    dataset: &Dataset,
    codes: &[String],
    hours_per_year: f64,
    dollars_year: Option<i64>,
) -> PolarsResult<Reconciliation> {
    let cpi = cpi_series(dataset)?;
    let dollars_year = dollars_year.or_else(|| cpi.iter().map(|c| c.0).max()).unwrap_or_default();
    let conventions = Conventions {
        basis: Some(PayBasis::Annual),
        dollars: Some(dollars_year),
        ..Conventions::as_published(hours_per_year)
    };
    let all = [c::SETTING, c::EXPERIENCE, c::CERTIFICATION]
        .iter()
        .fold(lit(true), |acc, d| acc.and(col(*d).eq(lit(values::ALL))));
    let cpi_years: Vec<String> = cpi.iter().map(|(y, _)| y.to_string()).collect();
    let candidates = dataset
        .table(TableId::Wages)
        .lazy()
        .filter(is_in(c::OCCUPATION, codes).and(all).and(col(c::WAGE_KIND).eq(lit(values::ESTIMATE))));
    let national = col(c::GEOGRAPHY).eq(lit(NATIONAL));
    let has_cpi = is_in("year_text", &cpi_years);
    let left_out = candidates
        .clone()
        .with_column(col(c::YEAR).cast(DataType::String).alias("year_text"))
        .filter(national.clone().and(has_cpi.clone()).not())
        .select([col(c::SOURCE), col(c::YEAR), col(c::GEOGRAPHY)])
        .collect()?;
    let excluded: Vec<String> = {
        let (sources, years, geos) = (
            super::frame::texts(&left_out, c::SOURCE)?,
            super::frame::ints(&left_out, c::YEAR)?,
            super::frame::texts(&left_out, c::GEOGRAPHY)?,
        );
        // National figures without a CPI-U year are named one by one (there are few); other areas
        // are counted in one line: an agency state file has one row per state, and a page of
        // "geography Alabama …" tells a reader nothing.
        let mut lines: Vec<String> = (0..left_out.height())
            .filter(|&i| geos[i] == NATIONAL)
            .map(|i| {
                let year = years[i].unwrap_or_default();
                format!("{} ({year}): no CPI-U value for {year}", sources[i])
            })
            .collect();
        let mut areas: Vec<&String> = geos.iter().filter(|g| *g != NATIONAL).collect();
        areas.sort();
        areas.dedup();
        match areas.len() {
            0 => {}
            1 => lines.push(format!("figures for 1 area other than the nation ({}) are not compared", areas[0])),
            n => lines.push(format!("figures for {n} areas other than the nation are not compared")),
        }
        lines
    };
    let selected = candidates
        .with_column(col(c::YEAR).cast(DataType::String).alias("year_text"))
        .filter(national.and(has_cpi))
        .with_columns([
            col(c::MEDIAN).alias("published_median"),
            col(c::MEAN).alias("published_mean"),
            col(c::BASIS).alias("published_basis"),
        ]);
    let restated = restate_wages(selected, &conventions, &cpi)?
        .sort_by_exprs([col(c::YEAR), col(c::SOURCE), col("published_basis")], SortMultipleOptions::default())
        .collect()?;
    let figures = WageFigure::from_frame(&restated)?;
    let published_median = super::frame::floats(&restated, "published_median")?;
    let published_mean = super::frame::floats(&restated, "published_mean")?;
    let published_basis = super::frame::texts(&restated, "published_basis")?;
    let mut out = Vec::new();
    for (i, f) in figures.iter().enumerate() {
        let stats = [("median", f.median, published_median[i]), ("mean", f.mean, published_mean[i])];
        for (statistic, value, published) in stats {
            let (Some(value), Some(published)) = (value, published) else { continue };
            out.push(SourceFigure {
                source: f.source.clone(),
                occupation: f.occupation.clone(),
                year: f.year,
                month: f.month,
                statistic: statistic.into(),
                published_value: published,
                published_basis: published_basis[i].clone(),
                factor: f.factor.unwrap_or(1.0),
                value,
                blend_weight: 0.0,
            });
        }
    }
    let contradictions = contradictions(&out, hours_per_year);
    Ok(Reconciliation {
        cut: "United States, all settings, all experience levels, certified and not".into(),
        dollars_year,
        hours_per_year,
        contradictions,
        excluded,
        ..blend(out, dollars_year, hours_per_year)
    })
}

/// Weights, range and blend of `figures`: a median counts 1, a mean [`MEAN_WEIGHT`], halved for
/// every [`HALF_LIFE_YEARS`] a figure is older than the newest of them.
fn blend(mut figures: Vec<SourceFigure>, dollars_year: i64, hours_per_year: f64) -> Reconciliation {
    let newest = figures.iter().map(|f| f.year).max().unwrap_or_default();
    for f in &mut figures {
        let weight = if f.statistic == "mean" { MEAN_WEIGHT } else { 1.0 };
        f.blend_weight = weight * 0.5_f64.powf((newest - f.year) as f64 / HALF_LIFE_YEARS);
    }
    let low = figures.iter().map(|f| f.value).reduce(f64::min);
    let high = figures.iter().map(|f| f.value).reduce(f64::max);
    let total_weight: f64 = figures.iter().map(|f| f.blend_weight).sum();
    let blended =
        (total_weight > 0.0).then(|| figures.iter().map(|f| f.value * f.blend_weight).sum::<f64>() / total_weight);
    Reconciliation {
        cut: String::new(),
        dollars_year,
        hours_per_year,
        spread_percent: match (low, high) {
            (Some(l), Some(h)) if l > 0.0 => Some((h / l - 1.0) * 100.0),
            _ => None,
        },
        low,
        high,
        blended,
        blend_method: format!(
            "weighted mean of the figures above: a median counts 1, a mean {MEAN_WEIGHT}, and a figure's weight halves for every {HALF_LIFE_YEARS} years it is older than the newest ({newest}); posted pay ranges are not blended"
        ),
        contradictions: Vec::new(),
        excluded: Vec::new(),
        figures,
    }
}

/// Do the same source's hourly and annual figure (of one statistic, date and cut) disagree at
/// `hours` a year, beyond what their rounding allows (DOMAIN.md §7; rounding read from the figures
/// as written)?
fn disagree(hourly: &SourceFigure, annual: &SourceFigure, hours: f64) -> bool {
    let rounding = crate::data::rounding::Rounding::default();
    !crate::data::rounding::hourly_annual_agree(hourly.published_value, annual.published_value, hours, &rounding)
}

/// The figures of `r` that different sources give, for a report that sets sources side by side:
/// `None` when fewer than two sources remain, so nothing is compared with itself.
///
/// - One statistic per source and date: a mean beside the same source's median is left out (the
///   median speaks for the source).
/// - One basis per statistic: an hourly figure beside the same source's annual one is the same
///   figure twice (OEWS publishes both), so only the annual one is kept, unless the two disagree
///   beyond their rounding: then both are what the source says, and both stay.
/// - Sources are grouped into series (successive editions of one publication, such as the yearly
///   OEWS files; see [`series`]). A series with figures for several years is shown only in the
///   years another series also covers, so its years are never set against each other; a source
///   with one data year (an article, one projections table) is compared in constant dollars.
pub fn independent(r: &Reconciliation, sources: &[SourceInfo]) -> Option<Reconciliation> {
    let same_release =
        |a: &SourceFigure, b: &SourceFigure| a.source == b.source && a.year == b.year && a.month == b.month;
    let kept: Vec<&SourceFigure> = r
        .figures
        .iter()
        .filter(|f| {
            let median_beside = r.figures.iter().any(|g| same_release(f, g) && g.statistic == "median");
            if f.statistic == "mean" && median_beside {
                return false;
            }
            let annual = r
                .figures
                .iter()
                .find(|g| same_release(f, g) && g.statistic == f.statistic && g.published_basis != values::HOURLY);
            match annual {
                Some(a) if f.published_basis == values::HOURLY && a.value > 0.0 => disagree(f, a, r.hours_per_year),
                _ => true,
            }
        })
        .collect();
    let series_of = |id: &str| {
        sources.iter().find(|s| s.id == id).map_or_else(|| id.to_string(), |s| series(&s.publisher, &s.title))
    };
    let keyed: Vec<(String, &SourceFigure)> = kept.into_iter().map(|f| (series_of(&f.source), f)).collect();
    let years = |key: &str| keyed.iter().filter(|(k, _)| k == key).map(|(_, f)| f.year).collect::<BTreeSet<i64>>();
    let selected: Vec<(String, SourceFigure)> = keyed
        .iter()
        .filter(|(key, f)| years(key).len() == 1 || keyed.iter().any(|(k, g)| k != key && g.year == f.year))
        .map(|(k, f)| (k.clone(), (*f).clone()))
        .collect();
    let distinct: BTreeSet<&String> = selected.iter().map(|(k, _)| k).collect();
    if distinct.len() < 2 {
        return None;
    }
    Some(Reconciliation {
        cut: r.cut.clone(),
        contradictions: r.contradictions.clone(),
        excluded: r.excluded.clone(),
        ..blend(selected.into_iter().map(|(_, f)| f).collect(), r.dollars_year, r.hours_per_year)
    })
}

/// The series a source belongs to: its publisher and the words of its title before any colon,
/// without dates ("Occupational Employment and Wage Statistics, May 2016: national" and "…, May
/// 2023: national by NAICS sector" are one series; the Employment Projections table is another).
pub fn series(publisher: &str, title: &str) -> String {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let head = title.split(':').next().unwrap_or(title);
    let words: Vec<String> = head
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c.is_ascii_punctuation()).to_lowercase())
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()) && !MONTHS.contains(&w.as_str()))
        .collect();
    format!("{publisher}: {}", words.join(" "))
}

/// Same source, date and statistic on two bases that disagree beyond their rounding once converted.
fn contradictions(figures: &[SourceFigure], hours_per_year: f64) -> Vec<String> {
    let mut found = Vec::new();
    for (i, a) in figures.iter().enumerate() {
        for b in &figures[i + 1..] {
            let same = a.source == b.source && a.year == b.year && a.month == b.month && a.statistic == b.statistic;
            if !same || a.published_basis == b.published_basis || b.value <= 0.0 {
                continue;
            }
            let (hourly, annual) = if a.published_basis == values::HOURLY { (a, b) } else { (b, a) };
            if disagree(hourly, annual, hours_per_year) {
                found.push(format!(
                    "{} states a {} of {} an hour and {} a year for the same cut and date; at {} hours a year the hourly figure is {} ({:+.1}% against the annual one)",
                    a.source,
                    a.statistic,
                    crate::format::money(hourly.published_value, true),
                    crate::format::money(annual.published_value, false),
                    crate::format::thousands(hours_per_year, 0),
                    crate::format::money(hourly.published_value * hours_per_year, false),
                    (hourly.value / annual.value - 1.0) * 100.0
                ));
            }
        }
    }
    found
}
