//! Typed rows of the dataset tables, as analysis results carry them into every output format.

use polars::prelude::*;
use serde::Serialize;

use super::frame::{floats, ints, strings, texts};
use crate::data::schema::col as c;

/// One published wage figure (a row of wages.csv), every statistic optional.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct WageFigure {
    pub occupation: String,
    pub year: i64,
    pub month: Option<i64>,
    pub geography: String,
    pub setting: String,
    pub experience: String,
    pub certification: String,
    pub basis: String,
    pub kind: String,
    pub employment: Option<f64>,
    pub mean: Option<f64>,
    pub p10: Option<f64>,
    pub p25: Option<f64>,
    pub median: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
    pub range_min: Option<f64>,
    pub range_max: Option<f64>,
    pub sample_size: Option<i64>,
    pub source: String,
    pub derived: Option<String>,
    pub formula: Option<String>,
    pub notes: Option<String>,
    /// State, territory, metro or nonmetro area (empty for national figures).
    pub area_type: Option<String>,
    /// The area's state postal code.
    pub state: Option<String>,
    pub location_quotient: Option<f64>,
    pub jobs_per_1000: Option<f64>,
    /// The multiplier applied to restate the money figures (basis, constant dollars, aging);
    /// absent when figures are as published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factor: Option<f64>,
}

impl WageFigure {
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Vec<WageFigure>> {
        let (occupation, year, month, geography) =
            (texts(df, c::OCCUPATION)?, ints(df, c::YEAR)?, ints(df, c::MONTH)?, texts(df, c::GEOGRAPHY)?);
        let (setting, experience, certification) =
            (texts(df, c::SETTING)?, texts(df, c::EXPERIENCE)?, texts(df, c::CERTIFICATION)?);
        let (basis, kind, employment, mean) =
            (texts(df, c::BASIS)?, texts(df, c::WAGE_KIND)?, floats(df, c::EMPLOYMENT)?, floats(df, c::MEAN)?);
        let (p10, p25, median, p75, p90) = (
            floats(df, c::P10)?,
            floats(df, c::P25)?,
            floats(df, c::MEDIAN)?,
            floats(df, c::P75)?,
            floats(df, c::P90)?,
        );
        let (range_min, range_max, sample_size) =
            (floats(df, c::RANGE_MIN)?, floats(df, c::RANGE_MAX)?, ints(df, c::SAMPLE_SIZE)?);
        let (source, derived, formula, notes) =
            (texts(df, c::SOURCE)?, strings(df, c::DERIVED)?, strings(df, c::FORMULA)?, strings(df, c::NOTES)?);
        let (area_type, state, location_quotient, jobs_per_1000) = (
            strings(df, c::AREA_TYPE)?,
            strings(df, c::STATE)?,
            floats(df, c::LOCATION_QUOTIENT)?,
            floats(df, c::JOBS_PER_1000)?,
        );
        let factor = if df.column(super::basis::FACTOR).is_ok() {
            floats(df, super::basis::FACTOR)?
        } else {
            vec![None; df.height()]
        };
        Ok((0..df.height())
            .map(|i| WageFigure {
                factor: factor[i],
                occupation: occupation[i].clone(),
                year: year[i].unwrap_or_default(),
                month: month[i],
                geography: geography[i].clone(),
                setting: setting[i].clone(),
                experience: experience[i].clone(),
                certification: certification[i].clone(),
                basis: basis[i].clone(),
                kind: kind[i].clone(),
                employment: employment[i],
                mean: mean[i],
                p10: p10[i],
                p25: p25[i],
                median: median[i],
                p75: p75[i],
                p90: p90[i],
                range_min: range_min[i],
                range_max: range_max[i],
                sample_size: sample_size[i],
                source: source[i].clone(),
                derived: derived[i].clone(),
                formula: formula[i].clone(),
                notes: notes[i].clone(),
                area_type: area_type[i].clone(),
                state: state[i].clone(),
                location_quotient: location_quotient[i],
                jobs_per_1000: jobs_per_1000[i],
            })
            .collect())
    }

    pub fn is_hourly(&self) -> bool {
        self.basis == crate::data::schema::values::HOURLY
    }
}

/// A relation between two groups (a row of ratios.csv).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatioFigure {
    pub occupation: String,
    pub year: Option<i64>,
    pub dimension: String,
    pub group: String,
    pub reference: String,
    pub statistic: String,
    pub ratio: f64,
    /// (ratio − 1) × 100: "27" for 27% more.
    pub premium_percent: f64,
    pub base: String,
    pub source: String,
    pub notes: Option<String>,
}

impl RatioFigure {
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Vec<RatioFigure>> {
        let (occupation, year, dimension, group) =
            (texts(df, c::OCCUPATION)?, ints(df, c::YEAR)?, texts(df, c::DIMENSION)?, texts(df, c::GROUP)?);
        let (reference, statistic, ratio, base) =
            (texts(df, c::REFERENCE)?, texts(df, c::STATISTIC)?, floats(df, c::RATIO)?, texts(df, c::BASE)?);
        let (source, notes) = (texts(df, c::SOURCE)?, strings(df, c::NOTES)?);
        Ok((0..df.height())
            .map(|i| {
                let ratio = ratio[i].unwrap_or(f64::NAN);
                RatioFigure {
                    occupation: occupation[i].clone(),
                    year: year[i],
                    dimension: dimension[i].clone(),
                    group: group[i].clone(),
                    reference: reference[i].clone(),
                    statistic: statistic[i].clone(),
                    ratio,
                    premium_percent: (ratio - 1.0) * 100.0,
                    base: base[i].clone(),
                    source: source[i].clone(),
                    notes: notes[i].clone(),
                }
            })
            .collect())
    }
}

/// An employment level (a row of employment.csv).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmploymentFigure {
    pub occupation: String,
    pub year: i64,
    pub employment: f64,
    pub status: String,
    pub source: String,
    pub derived: Option<String>,
    pub formula: Option<String>,
    pub notes: Option<String>,
}

impl EmploymentFigure {
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Vec<EmploymentFigure>> {
        let (occupation, year, employment, status) =
            (texts(df, c::OCCUPATION)?, ints(df, c::YEAR)?, floats(df, c::EMPLOYMENT)?, texts(df, c::STATUS)?);
        let (source, derived, formula, notes) =
            (texts(df, c::SOURCE)?, strings(df, c::DERIVED)?, strings(df, c::FORMULA)?, strings(df, c::NOTES)?);
        Ok((0..df.height())
            .map(|i| EmploymentFigure {
                occupation: occupation[i].clone(),
                year: year[i].unwrap_or_default(),
                employment: employment[i].unwrap_or(f64::NAN),
                status: status[i].clone(),
                source: source[i].clone(),
                derived: derived[i].clone(),
                formula: formula[i].clone(),
                notes: notes[i].clone(),
            })
            .collect())
    }
}

/// A source (a row of sources.csv), numbered for footnotes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceInfo {
    /// Footnote number, 1-based, in sources.csv order.
    pub number: usize,
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub kind: String,
    pub published: Option<String>,
    pub data_date: String,
    pub citation: String,
    pub notes: Option<String>,
}

impl SourceInfo {
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Vec<SourceInfo>> {
        let (id, title, publisher, kind) =
            (texts(df, c::ID)?, texts(df, c::TITLE)?, texts(df, c::PUBLISHER)?, texts(df, c::SOURCE_KIND)?);
        let (published, data_date, citation, notes) =
            (strings(df, c::PUBLISHED)?, texts(df, c::DATA_DATE)?, texts(df, c::CITATION)?, strings(df, c::NOTES)?);
        Ok((0..df.height())
            .map(|i| SourceInfo {
                number: i + 1,
                id: id[i].clone(),
                title: title[i].clone(),
                publisher: publisher[i].clone(),
                kind: kind[i].clone(),
                published: published[i].clone(),
                data_date: data_date[i].clone(),
                citation: citation[i].clone(),
                notes: notes[i].clone(),
            })
            .collect())
    }
}

/// The assignments the Employment Projections import writes as routes (`path` = "prefix: value"):
/// (quick-fact label, prefix).
pub const ASSIGNMENTS: [(&str, &str); 3] = [
    ("Typical entry-level education", "typical education needed for entry"),
    ("Work experience in a related occupation", "work experience in a related occupation"),
    ("On-the-job training", "typical on-the-job training"),
];

/// The assignment a route states: (label, value), or `None` for any other route.
pub fn assignment(path: &str) -> Option<(&'static str, &str)> {
    let (prefix, value) = path.split_once(": ")?;
    ASSIGNMENTS.iter().find(|(_, p)| *p == prefix).map(|(label, _)| (*label, value.trim()))
}

/// An occupation (a row of occupations.csv).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occupation {
    pub code: String,
    pub soc_version: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub successor: Option<String>,
    pub source: String,
    pub notes: Option<String>,
}

impl Occupation {
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Vec<Occupation>> {
        let (code, soc_version, title, aliases) =
            (texts(df, c::CODE)?, texts(df, c::SOC_VERSION)?, texts(df, c::TITLE)?, strings(df, c::ALIASES)?);
        let (successor, source, notes) = (strings(df, c::SUCCESSOR)?, texts(df, c::SOURCE)?, strings(df, c::NOTES)?);
        Ok((0..df.height())
            .map(|i| Occupation {
                code: code[i].clone(),
                soc_version: soc_version[i].clone(),
                title: title[i].clone(),
                aliases: aliases[i]
                    .as_deref()
                    .unwrap_or_default()
                    .split(';')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect(),
                successor: successor[i].clone(),
                source: source[i].clone(),
                notes: notes[i].clone(),
            })
            .collect())
    }
}

/// A published projection (a row of projections.csv) with its compound annual rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectionFigure {
    pub occupation: String,
    pub base_year: i64,
    pub target_year: i64,
    pub base_employment: Option<f64>,
    pub target_employment: Option<f64>,
    pub change: Option<f64>,
    pub percent_change: Option<f64>,
    pub annual_openings: Option<f64>,
    /// The agency's text on the factors behind the projection, when published.
    pub factors: Option<String>,
    /// Compound annual growth rate in percent, from the levels when both are known, else from
    /// the percent change: ((1 + p/100)^(1/years) − 1) × 100. `None` when neither is known.
    pub annual_rate_percent: Option<f64>,
    pub source: String,
    pub derived: Option<String>,
    pub formula: Option<String>,
    pub notes: Option<String>,
}

impl ProjectionFigure {
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Vec<ProjectionFigure>> {
        let (occupation, base_year, target_year) =
            (texts(df, c::OCCUPATION)?, ints(df, c::BASE_YEAR)?, ints(df, c::TARGET_YEAR)?);
        let (base, target, change, percent) = (
            floats(df, c::BASE_EMPLOYMENT)?,
            floats(df, c::TARGET_EMPLOYMENT)?,
            floats(df, c::CHANGE)?,
            floats(df, c::PERCENT_CHANGE)?,
        );
        let openings = floats(df, c::ANNUAL_OPENINGS)?;
        let factors = strings(df, c::FACTORS)?;
        let (source, derived, formula, notes) =
            (texts(df, c::SOURCE)?, strings(df, c::DERIVED)?, strings(df, c::FORMULA)?, strings(df, c::NOTES)?);
        Ok((0..df.height())
            .map(|i| {
                let (by, ty) = (base_year[i].unwrap_or_default(), target_year[i].unwrap_or_default());
                ProjectionFigure {
                    occupation: occupation[i].clone(),
                    base_year: by,
                    target_year: ty,
                    base_employment: base[i],
                    target_employment: target[i],
                    change: change[i],
                    percent_change: percent[i],
                    annual_openings: openings[i],
                    factors: factors[i].clone(),
                    annual_rate_percent: annual_rate_percent(by, ty, base[i], target[i], percent[i]),
                    source: source[i].clone(),
                    derived: derived[i].clone(),
                    formula: formula[i].clone(),
                    notes: notes[i].clone(),
                }
            })
            .collect())
    }
}

/// Compound annual rate (percent) over `target − base` years; DOMAIN.md §4.
pub fn annual_rate_percent(
    base_year: i64,
    target_year: i64,
    base: Option<f64>,
    target: Option<f64>,
    percent: Option<f64>,
) -> Option<f64> {
    let years = (target_year - base_year) as f64;
    if years <= 0.0 {
        return None;
    }
    let growth = match (base, target, percent) {
        (Some(b), Some(t), _) if b > 0.0 => t / b,
        (_, _, Some(p)) => 1.0 + p / 100.0,
        _ => return None,
    };
    (growth > 0.0).then(|| (growth.powf(1.0 / years) - 1.0) * 100.0)
}

/// A route into the occupation (a row of education.csv).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EducationFigure {
    pub occupation: String,
    pub path: String,
    pub min_months: Option<f64>,
    pub typical_months: Option<f64>,
    pub max_months: Option<f64>,
    pub source: String,
    pub notes: Option<String>,
}

impl EducationFigure {
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Vec<EducationFigure>> {
        let (occupation, path) = (texts(df, c::OCCUPATION)?, texts(df, c::PATH)?);
        let (min, typical, max) =
            (floats(df, c::MIN_MONTHS)?, floats(df, c::TYPICAL_MONTHS)?, floats(df, c::MAX_MONTHS)?);
        let (source, notes) = (texts(df, c::SOURCE)?, strings(df, c::NOTES)?);
        Ok((0..df.height())
            .map(|i| EducationFigure {
                occupation: occupation[i].clone(),
                path: path[i].clone(),
                min_months: min[i],
                typical_months: typical[i],
                max_months: max[i],
                source: source[i].clone(),
                notes: notes[i].clone(),
            })
            .collect())
    }
}

/// A professional credential (a row of credentials.csv).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CredentialFigure {
    pub occupation: String,
    pub credential: String,
    pub name: String,
    pub issuer: String,
    pub exam_pass_pct: Option<f64>,
    pub exam_minutes: Option<i64>,
    pub source: String,
    pub notes: Option<String>,
}

impl CredentialFigure {
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Vec<CredentialFigure>> {
        let (occupation, credential, name, issuer) =
            (texts(df, c::OCCUPATION)?, texts(df, c::CREDENTIAL)?, texts(df, c::NAME)?, texts(df, c::ISSUER)?);
        let (pass, minutes, source, notes) =
            (floats(df, c::EXAM_PASS_PCT)?, ints(df, c::EXAM_MINUTES)?, texts(df, c::SOURCE)?, strings(df, c::NOTES)?);
        Ok((0..df.height())
            .map(|i| CredentialFigure {
                occupation: occupation[i].clone(),
                credential: credential[i].clone(),
                name: name[i].clone(),
                issuer: issuer[i].clone(),
                exam_pass_pct: pass[i],
                exam_minutes: minutes[i],
                source: source[i].clone(),
                notes: notes[i].clone(),
            })
            .collect())
    }
}

/// A work setting a source names (a row of settings.csv).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedSetting {
    pub occupation: String,
    pub setting: String,
    pub source: String,
    pub notes: Option<String>,
}

impl NamedSetting {
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Vec<NamedSetting>> {
        let (occupation, setting, source, notes) =
            (texts(df, c::OCCUPATION)?, texts(df, c::SETTING)?, texts(df, c::SOURCE)?, strings(df, c::NOTES)?);
        Ok((0..df.height())
            .map(|i| NamedSetting {
                occupation: occupation[i].clone(),
                setting: setting[i].clone(),
                source: source[i].clone(),
                notes: notes[i].clone(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::annual_rate_percent;

    #[test]
    fn annual_rate_from_levels_and_from_percent() {
        // 172,500 → 207,600 over 2008–2018: (207600/172500)^(1/10) − 1 = 1.8690%.
        let r = annual_rate_percent(2008, 2018, Some(172_500.0), Some(207_600.0), Some(20.0)).expect("test value");
        assert!((r - 1.8690).abs() < 5e-4, "{r}");
        // +8% over 2019–2029: 1.08^(0.1) − 1 = 0.7726%.
        let r = annual_rate_percent(2019, 2029, None, None, Some(8.0)).expect("test value");
        assert!((r - 0.7726).abs() < 5e-4, "{r}");
        assert_eq!(annual_rate_percent(2019, 2019, None, None, Some(8.0)), None);
        assert_eq!(annual_rate_percent(2019, 2029, None, None, None), None);
    }
}
