//! Reconciliation: when several sources give a figure for the same cut (here the whole occupation:
//! all settings, all experience, all certification), put every figure on one basis — annual pay in
//! constant dollars of one year — and show the spread, a blended estimate, and the figures that
//! contradict each other.
//!
//! Blend weights (documented in the report): a median counts 1, a mean ½ (means are pulled up by
//! the highest earners); a figure loses half its weight for every 5 years it is older than the
//! newest figure. Posted pay ranges are employers' offers, not estimates: they are not blended.

use polars::prelude::*;
use serde::Serialize;

use super::basis::{Conventions, PayBasis, cpi_series, restate_wages};
use super::figures::WageFigure;
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
        (0..left_out.height())
            .map(|i| {
                let year = years[i].unwrap_or_default();
                let why = if geos[i] != NATIONAL {
                    format!("geography {} (the comparison is national)", geos[i])
                } else {
                    format!("no CPI-U value for {year}")
                };
                format!("{} ({year}): {why}", sources[i])
            })
            .collect()
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
    let newest = figures.iter().map(|f| f.year).max().unwrap_or_default();
    let mut out = Vec::new();
    for (i, f) in figures.iter().enumerate() {
        let stats = [("median", f.median, published_median[i], 1.0), ("mean", f.mean, published_mean[i], MEAN_WEIGHT)];
        for (statistic, value, published, weight) in stats {
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
                blend_weight: weight * 0.5_f64.powf((newest - f.year) as f64 / HALF_LIFE_YEARS),
            });
        }
    }
    let low = out.iter().map(|f| f.value).reduce(f64::min);
    let high = out.iter().map(|f| f.value).reduce(f64::max);
    let total_weight: f64 = out.iter().map(|f| f.blend_weight).sum();
    let blended =
        (total_weight > 0.0).then(|| out.iter().map(|f| f.value * f.blend_weight).sum::<f64>() / total_weight);
    Ok(Reconciliation {
        cut: "United States, all settings, all experience levels, certified and not".into(),
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
        contradictions: contradictions(&out, hours_per_year),
        excluded,
        figures: out,
    })
}

/// Same source, date and statistic on two bases that disagree by more than 1% once converted.
fn contradictions(figures: &[SourceFigure], hours_per_year: f64) -> Vec<String> {
    let mut found = Vec::new();
    for (i, a) in figures.iter().enumerate() {
        for b in &figures[i + 1..] {
            let same = a.source == b.source && a.year == b.year && a.month == b.month && a.statistic == b.statistic;
            if !same || a.published_basis == b.published_basis || b.value <= 0.0 {
                continue;
            }
            let gap = (a.value / b.value - 1.0) * 100.0;
            if gap.abs() > 1.0 {
                let (hourly, annual) = if a.published_basis == values::HOURLY { (a, b) } else { (b, a) };
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
