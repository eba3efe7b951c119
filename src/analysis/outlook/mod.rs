//! Everything the outlook report shows, as typed values: pure selection from a loaded dataset.

pub mod area;
pub mod compare;
pub mod handbook;
pub mod onet;
pub mod pay_history;
pub mod similar;

use polars::prelude::*;
use serde::Serialize;

use self::compare::{PayComparison, national_wages, pay_comparison};
use self::similar::{MAX_SIMILAR, Similar, similar};
use crate::analysis::figures::{
    CredentialFigure, EducationFigure, EmploymentFigure, NamedSetting, Occupation, ProjectionFigure, RatioFigure,
    SourceInfo, WageFigure,
};
use crate::analysis::frame::is_in;
use crate::analysis::occupation::Family;
use crate::analysis::projection::{ProjectOptions, Vintage, vintages};
use crate::analysis::reconcile::{Reconciliation, reconcile};
use crate::data::Dataset;
use crate::data::schema::{TableId, col as c, values};
use crate::error::Issue;
use crate::import::onet::Onet;

/// Scenario margin in the report: ± this many percentage points per ten years.
pub const SCENARIO_MARGIN_PP: f64 = 2.0;

/// The outlook for one occupation family.
#[derive(Debug, Clone, Serialize)]
pub struct Outlook {
    pub dataset: String,
    pub family: Family,
    pub hours_per_year: f64,
    /// Whole-occupation estimates (all settings, experience, certification), newest first.
    pub overall: Vec<WageFigure>,
    /// Estimates by work setting (other dimensions at `all`), newest year first, then most employed,
    /// then highest median; every setting (the report shows the largest).
    pub by_setting: Vec<WageFigure>,
    /// Estimates by experience band, in band order.
    pub by_experience: Vec<WageFigure>,
    /// Estimates by certification status.
    pub by_certification: Vec<WageFigure>,
    /// Relative figures between certification groups.
    pub certification_ratios: Vec<RatioFigure>,
    /// Employers' posted pay ranges.
    pub postings: Vec<WageFigure>,
    pub employment: Vec<EmploymentFigure>,
    pub projections: Vec<ProjectionFigure>,
    /// The projections worked out: rates, openings, wording, ±2 pp scenarios.
    pub vintages: Vec<Vintage>,
    /// The log-linear trend of actual employment (see [`report_trends`]): over the data years only,
    /// with a 90% prediction interval at the last one.
    pub trends: Vec<crate::analysis::trend::Trend>,
    pub education: Vec<EducationFigure>,
    pub credentials: Vec<CredentialFigure>,
    pub named_settings: Vec<NamedSetting>,
    pub sources: Vec<SourceInfo>,
    /// Data warnings (contradictions between figures) of the occupations the report shows, for the
    /// methods section.
    pub warnings: Vec<Issue>,
    /// Every source's whole-occupation figure on one basis.
    pub reconciliation: Reconciliation,
    /// The occupation's median beside its major group's and all occupations' (newest national table).
    pub pay_comparison: Option<PayComparison>,
    /// O*NET's related occupations (with `--onet`), else the nearest detailed occupations in the
    /// SOC hierarchy, with their newest figures.
    pub similar: Option<Similar>,
    /// What the occupation does, from O*NET (`--onet`).
    pub onet: Option<self::onet::OnetProfile>,
    /// Why the O*NET sections are left out, when O*NET files were given.
    pub onet_note: Option<String>,
    /// Pay and jobs by state and area (state and metro files); empty for national data.
    pub areas: self::area::AreaPay,
    /// The national median of every year the data give, current and constant dollars.
    pub pay_history: Option<self::pay_history::PayHistory>,
}

fn at_all(dims: &[&str]) -> Expr {
    dims.iter().fold(lit(true), |acc, d| acc.and(col(*d).eq(lit(values::ALL))))
}

/// Select and order every figure of `family` the outlook report shows; with O*NET (`onet`), what the
/// occupation does and O*NET's related occupations.
/// What every occupation's report reads from the whole dataset (the national table's codes, every
/// occupation, projection and entry education): built once, shared by every report of a batch.
pub struct Shared {
    national: Option<self::compare::NationalWages>,
    occupations: Vec<Occupation>,
    projections: Vec<ProjectionFigure>,
    education: Vec<EducationFigure>,
}

impl Shared {
    pub fn new(dataset: &Dataset) -> PolarsResult<Shared> {
        Ok(Shared {
            national: national_wages(dataset)?,
            occupations: Occupation::from_frame(&dataset.table(TableId::Occupations).frame)?,
            projections: ProjectionFigure::from_frame(&dataset.table(TableId::Projections).frame)?,
            education: EducationFigure::from_frame(&dataset.table(TableId::Education).frame)?,
        })
    }
}

/// One occupation's outlook (see [`outlook_with`]), reading the whole dataset for it.
pub fn outlook(dataset: &Dataset, family: &Family, hours_per_year: f64, onet: Option<&Onet>) -> PolarsResult<Outlook> {
    outlook_with(dataset, &Shared::new(dataset)?, family, hours_per_year, onet)
}

/// One occupation's outlook, with what the dataset's reports share built once (`shared`).
pub fn outlook_with(
    dataset: &Dataset,
    shared: &Shared,
    family: &Family,
    hours_per_year: f64,
    onet: Option<&Onet>,
) -> PolarsResult<Outlook> {
    let codes = family.codes();
    let of = |id: TableId| dataset.table(id).lazy().filter(is_in(c::OCCUPATION, &codes));
    // National figures when the data have them: an agency file with every state would otherwise
    // mix areas (a state's median is not the occupation's).
    let national = crate::analysis::reconcile::NATIONAL;
    let has_national = of(TableId::Wages)
        .filter(col(c::GEOGRAPHY).eq(lit(national)))
        .select([len().alias("n")])
        .collect()?
        .column("n")?
        .idx()?
        .get(0)
        .unwrap_or(0)
        > 0;
    // Without national figures, a state's or metro area's figure still is not the occupation's:
    // those are left to the "State and area" section (rows without an area type stay).
    let area = if has_national { col(c::GEOGRAPHY).eq(lit(national)) } else { col(c::AREA_TYPE).is_null() };
    let estimates = || of(TableId::Wages).filter(col(c::WAGE_KIND).eq(lit(values::ESTIMATE)).and(area.clone()));
    let desc = |n: usize, first: &[bool]| {
        let mut flags = first.to_vec();
        flags.resize(n, false);
        SortMultipleOptions::default().with_order_descending_multi(flags).with_nulls_last(true)
    };
    let overall = estimates()
        .filter(at_all(&[c::SETTING, c::EXPERIENCE, c::CERTIFICATION]))
        .sort_by_exprs([col(c::YEAR), col(c::MONTH), col(c::BASIS), col(c::SOURCE)], desc(4, &[true, true]))
        .collect()?;
    let by_setting = estimates()
        .filter(at_all(&[c::EXPERIENCE, c::CERTIFICATION]).and(col(c::SETTING).neq(lit(values::ALL))))
        // Newest year first; within a year, the settings employing the most first (agency industry
        // files give employment), then the highest pay.
        .sort_by_exprs(
            [col(c::YEAR), col(c::EMPLOYMENT), col(c::MEDIAN).fill_null(col(c::MEAN)), col(c::SETTING)],
            desc(4, &[true, true, true]),
        )
        .collect()?;
    let band_rank = values::EXPERIENCE_BANDS
        .iter()
        .enumerate()
        .fold(lit(99), |acc, (i, band)| when(col(c::EXPERIENCE).eq(lit(*band))).then(lit(i as i32)).otherwise(acc));
    let by_experience = estimates()
        .filter(at_all(&[c::SETTING, c::CERTIFICATION]).and(col(c::EXPERIENCE).neq(lit(values::ALL))))
        .sort_by_exprs([col(c::YEAR), band_rank, col(c::SOURCE)], desc(3, &[true]))
        .collect()?;
    let by_certification = estimates()
        .filter(at_all(&[c::SETTING, c::EXPERIENCE]).and(col(c::CERTIFICATION).neq(lit(values::ALL))))
        .sort_by_exprs([col(c::YEAR), col(c::CERTIFICATION), col(c::SOURCE)], desc(3, &[true]))
        .collect()?;
    let ratios = of(TableId::Ratios)
        .filter(col(c::DIMENSION).eq(lit("certification")))
        .sort([c::SOURCE], SortMultipleOptions::default())
        .collect()?;
    let postings = of(TableId::Wages)
        .filter(col(c::WAGE_KIND).eq(lit(values::POSTING)))
        .sort_by_exprs([col(c::YEAR), col(c::SOURCE)], desc(2, &[true]))
        .collect()?;
    let employment = of(TableId::Employment).sort_by_exprs([col(c::YEAR), col(c::STATUS)], desc(2, &[])).collect()?;
    let projections =
        of(TableId::Projections).sort_by_exprs([col(c::BASE_YEAR), col(c::TARGET_YEAR)], desc(2, &[])).collect()?;
    let education = of(TableId::Education).collect()?;
    let credentials = of(TableId::Credentials).collect()?;
    let named = of(TableId::Settings).collect()?;
    let sources = dataset.table(TableId::Sources).frame.clone();
    let employment = EmploymentFigure::from_frame(&employment)?;
    // Beyond the family: the national table's other codes and every code's projections.
    let (national, occupations, all_projections) = (&shared.national, &shared.occupations, &shared.projections);
    let code = &family.current.code;
    let overall = WageFigure::from_frame(&overall)?;
    let pay_history =
        self::pay_history::pay_history(&overall, &crate::analysis::basis::cpi_series(dataset)?, hours_per_year);
    let pay_comparison = pay_comparison(national.as_ref(), occupations, code);
    let onet_occupation = onet.and_then(|o| self::onet::occupation_of(o, code));
    let education = EducationFigure::from_frame(&education)?;
    let similar = match (onet, onet_occupation) {
        (Some(o), Some(occupation)) if !occupation.related.is_empty() => self::similar::related(
            o,
            occupation,
            code,
            occupations,
            national.as_ref(),
            all_projections,
            &self::similar::entry_education(&shared.education),
        ),
        _ => similar(code, occupations, national.as_ref(), all_projections, MAX_SIMILAR),
    };
    let onet_profile = onet.and_then(|o| self::onet::profile(o, code));
    let onet_note = match (onet, &onet_profile) {
        (Some(o), None) => Some(format!(
            "{} ({}) has no occupation for SOC {code}: what the occupation does, its job zone and O*NET's related occupations are left out",
            o.name(),
            o.dir
        )),
        _ => None,
    };
    // The problems of the figures the report uses: the family's, and those of the occupations it
    // sets beside it (their medians, jobs and growth).
    let mut shown = codes.clone();
    shown.extend(pay_comparison.iter().flat_map(|p| p.rows.iter().map(|r| r.code.clone())));
    shown.extend(similar.iter().flat_map(|s| s.rows.iter().map(|r| r.code.clone())));
    let warnings =
        dataset.warnings.iter().filter(|w| w.occupation.as_ref().is_some_and(|o| shown.contains(o))).cloned().collect();
    let vintages = vintages(dataset, &codes, ProjectOptions { to_year: None, margin_pp: SCENARIO_MARGIN_PP })?;
    // The Handbook's wording and all-occupations growth are shipped: their sources join the
    // dataset's when a vintage uses them.
    let mut sources = SourceInfo::from_frame(&sources)?;
    let cited: Vec<&String> =
        vintages.iter().flat_map(|v| v.phrase_source.iter().chain(v.all_occupations_source.iter())).collect();
    for shipped in &self::handbook::handbook().sources {
        if cited.contains(&&shipped.id) && !sources.iter().any(|s| s.id == shipped.id) {
            sources.push(SourceInfo { number: sources.len() + 1, ..shipped.clone() });
        }
    }
    // O*NET is a source when the report uses it (its attribution, CC BY 4.0).
    if let Some(o) = onet.filter(|_| {
        onet_profile.is_some()
            || matches!(similar.as_ref().map(|s| &s.basis), Some(self::similar::SimilarBasis::Onet { .. }))
    }) {
        sources.push(SourceInfo { number: sources.len() + 1, ..self::onet::source(o) });
    }
    Ok(Outlook {
        pay_history,
        pay_comparison,
        similar,
        dataset: dataset.label.clone(),
        family: family.clone(),
        hours_per_year,
        overall,
        by_setting: WageFigure::from_frame(&by_setting)?,
        by_experience: WageFigure::from_frame(&by_experience)?,
        by_certification: WageFigure::from_frame(&by_certification)?,
        certification_ratios: RatioFigure::from_frame(&ratios)?,
        postings: WageFigure::from_frame(&postings)?,
        projections: ProjectionFigure::from_frame(&projections)?,
        education,
        onet: onet_profile,
        onet_note,
        credentials: CredentialFigure::from_frame(&credentials)?,
        named_settings: NamedSetting::from_frame(&named)?,
        sources,
        warnings,
        reconciliation: reconcile(dataset, &codes, hours_per_year, None)?,
        areas: self::area::area_pay(dataset, family)?,
        vintages,
        trends: report_trends(&employment, family, TREND_LEVEL),
        employment,
    })
}

/// Prediction-interval level of the report's trend.
pub const TREND_LEVEL: f64 = 0.9;

/// The trend the report draws: fitted to one code's actual employment (three or more years) and
/// drawn over those years only, never past the last one. The current code's series when it has
/// any actual figure, else the newest replaced code's: a line is never fitted across a code
/// change, and never to a retired code's years when the current code has figures of its own.
pub fn report_trends(
    employment: &[EmploymentFigure],
    family: &Family,
    level: f64,
) -> Vec<crate::analysis::trend::Trend> {
    let series = |code: &str| -> Vec<(i64, f64)> {
        let mut points: Vec<(i64, f64)> = employment
            .iter()
            .filter(|e| e.occupation == code && e.status == values::ACTUAL)
            .map(|e| (e.year, e.employment))
            .collect();
        points.sort_by_key(|p| p.0);
        points
    };
    let current = series(&family.current.code);
    let chosen = if current.is_empty() {
        // The replaced code with the newest figures.
        family
            .predecessors
            .iter()
            .map(|p| (p.code.clone(), series(&p.code)))
            .filter(|(_, points)| !points.is_empty())
            .max_by_key(|(_, points)| points.last().map(|p| p.0))
    } else {
        Some((family.current.code.clone(), current))
    };
    chosen.and_then(|(code, points)| crate::analysis::trend::fit_within(&code, &points, level)).into_iter().collect()
}
