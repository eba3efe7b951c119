//! Employment projections (DOMAIN.md §4): each published vintage with its compound annual rate,
//! employment at any year along that path, openings, the agency's wording for the change, and
//! low / base / high scenarios.
//!
//! - annual rate r = (target ÷ base)^(1/years) − 1, or (1 + percent)^(1/years) − 1 when only the
//!   percent is published;
//! - employment in year Y = base × (1 + r)^(Y − base year), an extrapolation outside the window;
//! - openings per year = growth per year + labor-force exits + occupational transfers, the last two
//!   from the separation rates applied to the average of base and target employment; with no rates
//!   and no published openings, growth only — and labelled so;
//! - scenarios: the published percent change ± a margin in percentage points per ten years.

use serde::Serialize;

use super::figures::{ProjectionFigure, annual_rate_percent};
use crate::format::{plain, thousands};

/// How far outside a vintage's window employment is still extrapolated.
pub const MAX_EXTRAPOLATION_YEARS: i64 = 10;

/// One band of an agency's wording: percent changes from `min` to `max` (inclusive, open if None).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhraseBand {
    pub base_year: i64,
    pub target_year: i64,
    pub phrase: String,
    pub min_percent: Option<f64>,
    pub max_percent: Option<f64>,
    pub source: String,
}

/// A projection cycle's all-occupations growth, when known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cycle {
    pub base_year: i64,
    pub target_year: i64,
    pub all_occupations_percent: Option<f64>,
    pub source: String,
    pub notes: Option<String>,
}

impl PhraseBand {
    /// The rows of an `outlook_phrases.csv` table.
    pub fn from_frame(df: &polars::prelude::DataFrame) -> polars::prelude::PolarsResult<Vec<PhraseBand>> {
        use super::frame::{floats, ints, texts};
        use crate::data::schema::col as c;
        let (base, target, phrase) = (ints(df, c::BASE_YEAR)?, ints(df, c::TARGET_YEAR)?, texts(df, c::PHRASE)?);
        let (min, max, source) = (floats(df, c::MIN_PERCENT)?, floats(df, c::MAX_PERCENT)?, texts(df, c::SOURCE)?);
        Ok((0..df.height())
            .map(|i| PhraseBand {
                base_year: base[i].unwrap_or_default(),
                target_year: target[i].unwrap_or_default(),
                phrase: phrase[i].clone(),
                min_percent: min[i],
                max_percent: max[i],
                source: source[i].clone(),
            })
            .collect())
    }
}

impl Cycle {
    /// The rows of a `cycles.csv` table.
    pub fn from_frame(df: &polars::prelude::DataFrame) -> polars::prelude::PolarsResult<Vec<Cycle>> {
        use super::frame::{floats, ints, strings, texts};
        use crate::data::schema::col as c;
        let (base, target, percent) =
            (ints(df, c::BASE_YEAR)?, ints(df, c::TARGET_YEAR)?, floats(df, c::ALL_OCCUPATIONS_PERCENT)?);
        let (source, notes) = (texts(df, c::SOURCE)?, strings(df, c::NOTES)?);
        Ok((0..df.height())
            .map(|i| Cycle {
                base_year: base[i].unwrap_or_default(),
                target_year: target[i].unwrap_or_default(),
                all_occupations_percent: percent[i],
                source: source[i].clone(),
                notes: notes[i].clone(),
            })
            .collect())
    }
}

/// Separations of a vintage: rates in percent per year, and the exits and transfers a year when the
/// agency publishes them (preferred over the rates).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Rates {
    pub exit_rate: Option<f64>,
    pub transfer_rate: Option<f64>,
    pub exits: Option<f64>,
    pub transfers: Option<f64>,
}

/// Average annual openings and how they were obtained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Openings {
    pub per_year: Option<f64>,
    pub growth_per_year: Option<f64>,
    pub exits_per_year: Option<f64>,
    pub transfers_per_year: Option<f64>,
    /// `published`, `growth plus separations`, or `growth only (no separation rates in the data)`.
    pub basis: String,
}

/// Employment in one year along a vintage's path, for each scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtYear {
    pub year: i64,
    pub low: Option<f64>,
    pub base: Option<f64>,
    pub high: Option<f64>,
    /// The year is outside the vintage's base–target window.
    pub extrapolated: bool,
    /// Why no value, when there is none.
    pub note: Option<String>,
}

/// Scenario percent changes over the vintage's whole window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenarios {
    pub margin_pp_per_decade: f64,
    pub low_percent: Option<f64>,
    pub base_percent: Option<f64>,
    pub high_percent: Option<f64>,
}

/// One published projection, fully worked out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vintage {
    /// The published projection as the data state it (fields appear at the top level in JSON).
    #[serde(flatten)]
    pub figure: ProjectionFigure,
    /// The agency's wording for this percent change in this cycle, when the data have its thresholds.
    pub phrase: Option<String>,
    /// The source of the wording's definitions (a dataset's or the shipped Handbook's).
    pub phrase_source: Option<String>,
    pub phrase_note: String,
    pub all_occupations_percent: Option<f64>,
    /// The source of `all_occupations_percent`.
    pub all_occupations_source: Option<String>,
    pub openings: Openings,
    pub scenarios: Scenarios,
    pub at_year: Option<AtYear>,
}

/// The wording for `percent` among `bands` of the vintage's cycle (percent rounded to whole).
pub fn phrase_for(percent: f64, base_year: i64, target_year: i64, bands: &[PhraseBand]) -> Option<&PhraseBand> {
    let rounded = percent.round();
    bands
        .iter()
        .filter(|b| b.base_year == base_year && b.target_year == target_year)
        .find(|b| b.min_percent.is_none_or(|lo| rounded >= lo) && b.max_percent.is_none_or(|hi| rounded <= hi))
}

impl Openings {
    /// "1,680 from growth + 5,900 labor-force exits + 7,400 occupational transfers" when the exits
    /// and transfers are known; a decline shows as a negative growth term.
    pub fn split_text(&self) -> Option<String> {
        let (exits, transfers) = (self.exits_per_year?, self.transfers_per_year?);
        let growth = self.growth_per_year.map(|g| format!("{} from growth + ", thousands(g, 0))).unwrap_or_default();
        Some(format!(
            "{growth}{} labor-force exits + {} occupational transfers",
            thousands(exits, 0),
            thousands(transfers, 0)
        ))
    }
}

/// Openings per year (see the module docs).
pub fn openings(p: &ProjectionFigure, rates: Rates) -> Openings {
    let years = (p.target_year - p.base_year) as f64;
    let change = p.change.or(match (p.base_employment, p.target_employment) {
        (Some(b), Some(t)) => Some(t - b),
        _ => None,
    });
    let growth = change.filter(|_| years > 0.0).map(|c| c / years);
    let average = match (p.base_employment, p.target_employment) {
        (Some(b), Some(t)) => Some((b + t) / 2.0),
        (Some(b), None) => Some(b),
        _ => None,
    };
    let exits = rates.exits.or(rates.exit_rate.zip(average).map(|(r, e)| r / 100.0 * e));
    let transfers = rates.transfers.or(rates.transfer_rate.zip(average).map(|(r, e)| r / 100.0 * e));
    if let Some(published) = p.annual_openings {
        return Openings {
            per_year: Some(published),
            growth_per_year: growth,
            exits_per_year: exits,
            transfers_per_year: transfers,
            basis: "published".into(),
        };
    }
    let Some(g) = growth else {
        return Openings {
            per_year: None,
            growth_per_year: None,
            exits_per_year: exits,
            transfers_per_year: transfers,
            basis: "not available (no change in employment in the data)".into(),
        };
    };
    let basis = match (exits, transfers) {
        (Some(_), Some(_)) => "growth plus separations",
        (Some(_), None) => "growth plus labor-force exits (no transfer rate in the data)",
        (None, Some(_)) => "growth plus occupational transfers (no exit rate in the data)",
        (None, None) if g < 0.0 => {
            "employment declines: no openings from growth, and separation rates are not in the data"
        }
        (None, None) => "growth only (no separation rates in the data)",
    };
    // Openings cannot be negative: a decline larger than the separations leaves none.
    Openings {
        per_year: Some((g + exits.unwrap_or(0.0) + transfers.unwrap_or(0.0)).max(0.0)),
        growth_per_year: Some(g),
        exits_per_year: exits,
        transfers_per_year: transfers,
        basis: basis.into(),
    }
}

/// Employment in `year` along a path from `base` in `base_year` growing by `percent` over `years`.
pub fn along(base: f64, base_year: i64, years: i64, percent: f64, year: i64) -> Option<f64> {
    let rate = annual_rate_percent(base_year, base_year + years, None, None, Some(percent))? / 100.0;
    Some(base * (1.0 + rate).powf((year - base_year) as f64))
}

/// Work out one vintage.
pub fn vintage(
    p: &ProjectionFigure,
    rates: Rates,
    bands: &[PhraseBand],
    cycles: &[Cycle],
    to_year: Option<i64>,
    margin_pp: f64,
) -> Vintage {
    let years = p.target_year - p.base_year;
    // The percent over the window: from the levels when both are known (the stated percent is
    // rounded, and the path should reach the stated target), else the stated percent.
    let percent = match (p.base_employment, p.target_employment) {
        (Some(b), Some(t)) if b > 0.0 => Some((t / b - 1.0) * 100.0),
        _ => p.percent_change,
    };
    let margin = margin_pp * years as f64 / 10.0;
    let scenarios = Scenarios {
        margin_pp_per_decade: margin_pp,
        low_percent: percent.map(|x| x - margin),
        base_percent: percent,
        high_percent: percent.map(|x| x + margin),
    };
    // The wording matches the stated percent (BLS computes it from unrounded employment), else the
    // percent of the levels.
    let (phrase, phrase_source, phrase_note) = match p.percent_change.or(percent) {
        Some(x) => match phrase_for(x, p.base_year, p.target_year, bands) {
            Some(band) => (
                Some(band.phrase.clone()),
                Some(band.source.clone()),
                format!(
                    "{}%{}, in the {}–{} wording of {}",
                    plain((x * 10.0).round() / 10.0),
                    if x.fract() == 0.0 { String::new() } else { format!(" rounded to {}%", plain(x.round())) },
                    p.base_year,
                    p.target_year,
                    band.source
                ),
            ),
            None => (
                None,
                None,
                format!(
                    "the Handbook's wording for the {}–{} projections is not known to wagescope, so the change is not put in its words",
                    p.base_year, p.target_year
                ),
            ),
        },
        None => (None, None, "no percent change in the data".into()),
    };
    let at_year = to_year.map(|year| {
        let outside = if year < p.base_year { p.base_year - year } else { (year - p.target_year).max(0) };
        let extrapolated = outside > 0;
        let none = |note: String| AtYear { year, low: None, base: None, high: None, extrapolated, note: Some(note) };
        if outside > MAX_EXTRAPOLATION_YEARS {
            return none(format!(
                "more than {MAX_EXTRAPOLATION_YEARS} years outside {}–{}: not extrapolated",
                p.base_year, p.target_year
            ));
        }
        match (p.base_employment, scenarios.low_percent, percent, scenarios.high_percent) {
            (Some(b), Some(lo), Some(mid), Some(hi)) => AtYear {
                year,
                low: along(b, p.base_year, years, lo, year),
                base: along(b, p.base_year, years, mid, year),
                high: along(b, p.base_year, years, hi, year),
                extrapolated,
                note: extrapolated.then(|| {
                    format!("extrapolated beyond {}–{} at the projection's annual rate", p.base_year, p.target_year)
                }),
            },
            _ => none("no base employment in the data, so no level can be computed".into()),
        }
    });
    let cycle = cycles.iter().find(|c| c.base_year == p.base_year && c.target_year == p.target_year);
    Vintage {
        figure: p.clone(),
        phrase,
        phrase_source,
        phrase_note,
        all_occupations_percent: cycle.and_then(|c| c.all_occupations_percent),
        all_occupations_source: cycle.filter(|c| c.all_occupations_percent.is_some()).map(|c| c.source.clone()),
        openings: openings(p, rates),
        scenarios,
        at_year,
    }
}

/// "172,500" or "not stated".
pub fn jobs(value: Option<f64>) -> String {
    value.map_or_else(|| "not stated".into(), |v| thousands(v, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(base: Option<f64>, target: Option<f64>, change: Option<f64>, percent: Option<f64>) -> ProjectionFigure {
        ProjectionFigure {
            occupation: "29-2071".into(),
            base_year: 2008,
            target_year: 2018,
            base_employment: base,
            target_employment: target,
            change,
            percent_change: percent,
            annual_openings: None,
            factors: None,
            annual_rate_percent: annual_rate_percent(2008, 2018, base, target, percent),
            source: "s".into(),
            derived: None,
            formula: None,
            notes: None,
        }
    }

    fn bands() -> Vec<PhraseBand> {
        let band = |phrase: &str, lo: Option<f64>, hi: Option<f64>| PhraseBand {
            base_year: 2008,
            target_year: 2018,
            phrase: phrase.into(),
            min_percent: lo,
            max_percent: hi,
            source: "ooh".into(),
        };
        vec![
            band("much faster than average", Some(20.0), None),
            band("faster than average", Some(14.0), Some(19.0)),
            band("little or no change", Some(-2.0), Some(2.0)),
            band("decline rapidly", None, Some(-10.0)),
        ]
    }

    #[test]
    fn the_2008_2018_vintage_by_hand() {
        // 172,500 → 207,600: +35,100 jobs, +20.35%, rate (207,600/172,500)^(1/10) − 1 = 1.8690%.
        let v = vintage(
            &figure(Some(172_500.0), Some(207_600.0), Some(35_100.0), Some(20.0)),
            Rates::default(),
            &bands(),
            &[],
            Some(2013),
            2.0,
        );
        assert!((v.figure.annual_rate_percent.expect("test value") - 1.8690).abs() < 5e-4);
        assert_eq!(v.phrase.as_deref(), Some("much faster than average"));
        assert_eq!(v.openings.basis, "growth only (no separation rates in the data)");
        assert!((v.openings.per_year.expect("test value") - 3_510.0).abs() < 1e-9);
        // Mid-window along the levels' path: 172,500 × (207,600/172,500)^(5/10) = 189,235.
        let at = v.at_year.expect("test value");
        assert!(!at.extrapolated);
        assert!((at.base.expect("test value") - (172_500.0_f64 * 207_600.0).sqrt()).abs() < 1e-6);
        // ±2 pp per decade around +20.348%: 18.348% and 22.348% over ten years.
        let pct = (207_600.0 / 172_500.0 - 1.0) * 100.0;
        assert!((v.scenarios.low_percent.expect("test value") - (pct - 2.0)).abs() < 1e-9);
        assert!((at.low.expect("test value") - 172_500.0 * (1.0 + (pct - 2.0) / 100.0).sqrt()).abs() < 1e-6);
        assert!((at.high.expect("test value") - 172_500.0 * (1.0 + (pct + 2.0) / 100.0).sqrt()).abs() < 1e-6);
    }

    #[test]
    fn extrapolation_and_its_limit() {
        let v = vintage(
            &figure(Some(172_500.0), Some(207_600.0), Some(35_100.0), Some(20.0)),
            Rates::default(),
            &[],
            &[],
            Some(2020),
            2.0,
        );
        let at = v.at_year.expect("test value");
        assert!(at.extrapolated);
        assert!((at.base.expect("test value") - 172_500.0 * (207_600.0_f64 / 172_500.0).powf(1.2)).abs() < 1e-6);
        assert!(at.note.expect("test value").starts_with("extrapolated"));
        let far =
            vintage(&figure(Some(172_500.0), None, None, Some(20.0)), Rates::default(), &[], &[], Some(2040), 2.0);
        assert_eq!(far.at_year.expect("test value").base, None);
        assert_eq!(far.phrase, None);
        assert_eq!(
            far.phrase_note,
            "the Handbook's wording for the 2008–2018 projections is not known to wagescope, so the change is not put in its words",
            "the bands given (none here) are all there is"
        );
    }

    #[test]
    fn openings_with_separation_rates() {
        // Average employment (172,500 + 207,600)/2 = 190,050; exits 4% = 7,602; transfers 5% = 9,502.5.
        let rates = Rates { exit_rate: Some(4.0), transfer_rate: Some(5.0), ..Rates::default() };
        let o = openings(&figure(Some(172_500.0), Some(207_600.0), Some(35_100.0), Some(20.0)), rates);
        assert_eq!(o.basis, "growth plus separations");
        assert!((o.per_year.expect("test value") - (3_510.0 + 7_602.0 + 9_502.5)).abs() < 1e-9);
    }

    #[test]
    fn declining_employment_and_one_rate() {
        // 180,000 → 170,000 over ten years: growth −1,000 a year; no rates: 0 openings, said so.
        let mut p = figure(Some(180_000.0), Some(170_000.0), Some(-10_000.0), Some(-5.6));
        let o = openings(&p, Rates::default());
        assert_eq!(o.per_year, Some(0.0));
        assert!(o.basis.starts_with("employment declines"));
        // With only an exit rate of 4%: −1,000 + 4% × 175,000 = 6,000 a year.
        let o = openings(&p, Rates { exit_rate: Some(4.0), ..Rates::default() });
        assert_eq!(o.per_year, Some(6_000.0));
        assert_eq!(o.basis, "growth plus labor-force exits (no transfer rate in the data)");
        p.annual_openings = Some(9_999.0);
        assert_eq!(openings(&p, Rates::default()).per_year, Some(9_999.0));
    }

    #[test]
    fn phrases_round_and_respect_open_bounds() {
        let b = bands();
        assert_eq!(phrase_for(19.6, 2008, 2018, &b).expect("test value").phrase, "much faster than average");
        assert_eq!(phrase_for(19.4, 2008, 2018, &b).expect("test value").phrase, "faster than average");
        assert_eq!(phrase_for(-25.0, 2008, 2018, &b).expect("test value").phrase, "decline rapidly");
        assert_eq!(phrase_for(-1.6, 2008, 2018, &b).expect("test value").phrase, "little or no change");
        assert!(phrase_for(8.0, 2019, 2029, &b).is_none());
    }
}

/// Options of `wagescope project`.
#[derive(Debug, Clone, Copy)]
pub struct ProjectOptions {
    pub to_year: Option<i64>,
    pub margin_pp: f64,
}

/// Every vintage of the occupations `codes`, oldest first.
pub fn vintages(
    dataset: &crate::data::Dataset,
    codes: &[String],
    options: ProjectOptions,
) -> polars::prelude::PolarsResult<Vec<Vintage>> {
    use polars::prelude::*;

    use super::frame::{floats, is_in};
    use crate::data::schema::{TableId, col as c};
    let projections = dataset
        .table(TableId::Projections)
        .lazy()
        .filter(is_in(c::OCCUPATION, codes))
        .sort_by_exprs([col(c::BASE_YEAR), col(c::TARGET_YEAR), col(c::OCCUPATION)], SortMultipleOptions::default())
        .collect()?;
    let figures = ProjectionFigure::from_frame(&projections)?;
    let (exit_rates, transfer_rates) = (floats(&projections, c::EXIT_RATE)?, floats(&projections, c::TRANSFER_RATE)?);
    let (exits, transfers) = (floats(&projections, c::EXITS)?, floats(&projections, c::TRANSFERS)?);
    // The dataset's own wording and cycles first; the Handbook's (shipped) for cycles it lacks.
    let handbook = super::outlook::handbook::handbook();
    let mut bands = PhraseBand::from_frame(&dataset.table(TableId::OutlookPhrases).frame)?;
    let extra: Vec<PhraseBand> = handbook
        .bands
        .iter()
        .filter(|h| !bands.iter().any(|b| (b.base_year, b.target_year) == (h.base_year, h.target_year)))
        .cloned()
        .collect();
    bands.extend(extra);
    let mut cycles: Vec<Cycle> = Cycle::from_frame(&dataset.table(TableId::Cycles).frame)?
        .into_iter()
        .filter(|c| c.all_occupations_percent.is_some())
        .collect();
    let extra: Vec<Cycle> = handbook
        .cycles
        .iter()
        .filter(|h| !cycles.iter().any(|c| (c.base_year, c.target_year) == (h.base_year, h.target_year)))
        .cloned()
        .collect();
    cycles.extend(extra);
    Ok(figures
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let rates = Rates {
                exit_rate: exit_rates[i],
                transfer_rate: transfer_rates[i],
                exits: exits[i],
                transfers: transfers[i],
            };
            vintage(p, rates, &bands, &cycles, options.to_year, options.margin_pp)
        })
        .collect())
}

/// Trends fitted to each occupation code's actual employment series (three or more years), one
/// series per code so a code change is never fitted across (see [`super::trend`]).
pub fn trends(
    dataset: &crate::data::Dataset,
    codes: &[String],
    year: i64,
    level: f64,
) -> polars::prelude::PolarsResult<Vec<super::trend::Trend>> {
    use polars::prelude::*;

    use super::figures::EmploymentFigure;
    use super::frame::is_in;
    use crate::data::schema::{TableId, col as c, values};
    let frame = dataset
        .table(TableId::Employment)
        .lazy()
        .filter(is_in(c::OCCUPATION, codes).and(col(c::STATUS).eq(lit(values::ACTUAL))))
        .sort([c::OCCUPATION, c::YEAR], SortMultipleOptions::default())
        .collect()?;
    let figures = EmploymentFigure::from_frame(&frame)?;
    Ok(codes
        .iter()
        .filter_map(|code| {
            let points: Vec<(i64, f64)> =
                figures.iter().filter(|f| &f.occupation == code).map(|f| (f.year, f.employment)).collect();
            super::trend::fit(code, &points, year, level)
        })
        .collect())
}
