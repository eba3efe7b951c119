//! The gender pay gap of a payroll, by the EU Pay Transparency Directive (2023/970) or the UK
//! Gender Pay Gap Information Regulations 2017 (DOMAIN.md §9).
//!
//! Definitions (each pinned by a hand-computed test):
//! - **Pay.** Basic pay is the wage column, converted to a year's pay (`--wage-unit`): a salary is
//!   taken as what the person is paid, not a full-time equivalent. Hours: `hours` (paid hours a
//!   week, × 52), else `fte` (× `--hours-per-year`), else `--hours-per-year`; an hourly wage is
//!   paid for those hours. Variable pay (`variable_pay`, or several columns summed) is a year's
//!   complementary or variable pay; an empty cell is 0.
//! - **EU** (Art. 3): the pay level is basic + variable pay, a year's and per hour (÷ hours).
//!   Art. 9(1)(a)/(c) the mean and median gap of hourly pay (the annual level beside it);
//!   (b)/(d) the mean and median gap of variable pay among those who receive it; (e) the share of
//!   women and of men who receive it; (f) the share of women and men in each quartile pay band of
//!   hourly pay; (g) by category of workers, the gap of basic hourly pay and of variable pay.
//!   Art. 10: a category whose mean gap of hourly pay is 5% or more either way is flagged, with
//!   the gap within cells of the other dimensions the file has (like for like) beside it.
//! - **UK**: hourly pay is ordinary pay (the wage column ÷ hours) of full-pay relevant employees
//!   (`full_pay`, else everyone); bonus pay is the variable pay over the 12 months to the snapshot
//!   date, of every relevant employee. Mean and median hourly gap, mean and median bonus gap among
//!   those paid a bonus, the share of each sex paid one, and the quartile bands.
//! - **Gap** = (men − women) ÷ men × 100: positive when men are paid more.
//! - **Means** are weighted by `weight` when the file has one, summed exactly (integers, as in
//!   `analysis::micro`); **medians** are the 0.5 percentile of `analysis::micro` (weighted: the
//!   smallest value whose running weight reaches half the total; unweighted: linear interpolation).
//! - **Quartile bands**: workers ranked by hourly pay, split into four bands of equal weight
//!   (equal numbers, unweighted). Workers on one rate across a band boundary are split between
//!   the bands in proportion, so each band keeps that rate's mix of women and men: UK reg. 13(2)
//!   requires it, the Directive is silent, and no one's gender decides on which side of a
//!   boundary they fall.
//! - **Like for like**: within each cell of category × the other dimensions present (experience
//!   band, setting, certification, region), women's and men's mean pay; the gap at a common mix is
//!   Σ wₖ(Mₖ − Fₖ) ÷ Σ wₖMₖ over cells with both, wₖ the cell's weight; the share of the category's
//!   weight in those cells is given beside it.
//! - **Privacy**: a category with fewer than `min_n` women or men (rows of positive weight) is
//!   suppressed, never shown as 0; when exactly one is, the next smallest is too, so the total
//!   does not reveal it; with an `employer` column, a category where one employer holds more than
//!   25% of the weight is suppressed (dominance).

pub mod gender;
pub mod quartiles;

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use self::gender::{Gender, GenderCodes, Reading};
use crate::analysis::micro::percentiles::{W_UNIT, WX_UNIT, fixed};
use crate::analysis::micro::{DOMINANCE_SHARE, lap};
use crate::data::microdata::{OK, WageUnit, experience_code};
use crate::data::schema::micro as m;

/// The Art. 10 threshold: a category's mean gap of 5% or more calls for a joint pay assessment.
pub const ASSESSMENT_GAP: f64 = 5.0;

/// Which rules the figures follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum PayRules {
    /// EU Pay Transparency Directive 2023/970, Art. 9(1) (a)–(g) and Art. 10.
    Eu,
    /// UK Equality Act 2010 (Gender Pay Gap Information) Regulations 2017.
    Uk,
}

impl PayRules {
    pub fn title(self) -> &'static str {
        match self {
            PayRules::Eu => "EU Pay Transparency Directive 2023/970, Art. 9 and 10",
            PayRules::Uk => "UK Equality Act 2010 (Gender Pay Gap Information) Regulations 2017",
        }
    }
}

/// A dimension the like-for-like comparison holds fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CellDim {
    Experience,
    Setting,
    Certification,
    Region,
}

impl CellDim {
    pub fn name(self) -> &'static str {
        match self {
            CellDim::Experience => "experience band",
            CellDim::Setting => "setting",
            CellDim::Certification => "certification",
            CellDim::Region => "region",
        }
    }

    fn column(self) -> &'static str {
        match self {
            CellDim::Experience => m::EXPERIENCE,
            CellDim::Setting => m::SETTING,
            CellDim::Certification => m::CERTIFIED,
            CellDim::Region => m::REGION,
        }
    }

    /// The cell key as grouped: the experience band's code, certification as is, text as a
    /// category code (grouping by small integers, not text).
    fn key(self) -> Expr {
        match self {
            CellDim::Experience => experience_code(col(m::YEARS_EXPERIENCE)).alias(m::EXPERIENCE),
            CellDim::Certification => col(m::CERTIFIED),
            _ => categorical(col(self.column())).alias(self.column()),
        }
    }
}

/// What the payroll has and how to read it.
#[derive(Debug, Clone)]
pub struct PaygapOptions {
    pub rules: PayRules,
    pub min_n: u64,
    pub hours_per_year: f64,
    /// The wage column's unit (its `annual_wage` is already × the unit's factor).
    pub wage_unit: WageUnit,
    pub weighted: bool,
    /// The file's name for its gender column (a 0/1 column is read by its name).
    pub gender_column: String,
    pub codes: GenderCodes,
    pub variable: bool,
    pub hours: bool,
    pub fte: bool,
    pub category: bool,
    pub full_pay: bool,
    pub employer: bool,
    /// The like-for-like cells' dimensions the file has.
    pub dims: Vec<CellDim>,
}

/// Count, weight, mean and median of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Stat {
    /// Rows of positive weight.
    pub n: u64,
    pub weight: f64,
    pub mean: Option<f64>,
    pub median: Option<f64>,
}

/// Women's and men's figures of one measure and their gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub women: Stat,
    pub men: Stat,
    pub other: Option<Stat>,
    /// (men − women) ÷ men × 100 of the means.
    pub mean_gap: Option<f64>,
    pub median_gap: Option<f64>,
    /// Why the figures are withheld ("fewer than 10 women receive it"): a group smaller than
    /// `--min-n` would show one person's pay.
    pub suppression: Option<String>,
}

/// Variable pay: the gap among those who receive it, and who receives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variable {
    #[serde(flatten)]
    pub gap: Gap,
    /// Percent of women (men, others) who receive variable pay.
    pub women_receiving: Option<f64>,
    pub men_receiving: Option<f64>,
    pub other_receiving: Option<f64>,
}

/// One quartile pay band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// "lower", "lower middle", "upper middle", "upper".
    pub band: String,
    /// Percent of the band who are women, men, another gender (they sum to 100).
    pub women: f64,
    pub men: f64,
    pub other: f64,
    /// Percent of all women (all men) who are in this band (each sums to 100 over the bands).
    pub of_women: f64,
    pub of_men: f64,
    /// The hourly pay the band spans.
    /// The lowest band has no lower limit and the highest no upper one: those would be one
    /// person's pay.
    pub from: Option<f64>,
    pub to: Option<f64>,
}

/// One category of workers (Art. 9(1)(g), Art. 10).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    pub category: String,
    /// Women and men (rows of positive weight); null when suppressed.
    pub women: Option<u64>,
    pub men: Option<u64>,
    pub other: Option<u64>,
    /// The gap of basic hourly pay (mean, median).
    pub basic_mean_gap: Option<f64>,
    pub basic_median_gap: Option<f64>,
    /// The gap of variable pay among those who receive it (mean, median).
    pub variable_mean_gap: Option<f64>,
    pub variable_median_gap: Option<f64>,
    /// The mean gap of hourly pay (basic + variable): Art. 10's figure.
    pub pay_mean_gap: Option<f64>,
    /// The same within cells of the other dimensions, at a common mix (module docs).
    pub like_for_like_gap: Option<f64>,
    /// Percent of the category's weight in cells that have both women and men.
    pub like_for_like_share: Option<f64>,
    /// The mean gap is 5% or more either way (Art. 10).
    pub flagged: bool,
    pub suppressed: bool,
    /// Why: "fewer than 10 women", "dominance", "secondary".
    pub suppression: Option<String>,
}

/// Rows read and set aside.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub women: u64,
    pub men: u64,
    pub other: u64,
    /// Valid rows whose gender is missing or not stated: left out of every figure.
    pub gender_missing: u64,
    /// UK: rows that are not full-pay relevant employees (in the bonus figures only).
    pub not_full_pay: u64,
    /// Rows of zero weight (in no figure).
    pub zero_weight: u64,
}

/// The pay gap report's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Paygap {
    pub rules: PayRules,
    pub weighted: bool,
    pub min_n: u64,
    pub counts: Counts,
    /// Hourly pay: (a) and (c) (UK: ordinary pay of full-pay relevant employees).
    pub hourly: Gap,
    /// The annual pay level beside it (EU, Art. 3).
    pub annual: Option<Gap>,
    /// Variable pay, (b), (d), (e) (UK: bonus pay).
    pub variable: Option<Variable>,
    /// (f), lowest to highest.
    pub quartiles: Vec<Band>,
    /// (g) and Art. 10 (EU, when the file has a category column).
    pub categories: Vec<Category>,
    /// The like-for-like cells' dimensions.
    pub cells: Vec<CellDim>,
    /// How each figure is defined, in words.
    pub methods: Vec<String>,
    pub rows_invalid: u64,
    pub rows_valid: u64,
    /// Gender values the file has that cannot be read (the command reports them).
    #[serde(skip)]
    pub unknown_genders: Vec<(String, u64)>,
}

impl Paygap {
    /// Categories flagged under Art. 10.
    pub fn flagged(&self) -> impl Iterator<Item = &Category> {
        self.categories.iter().filter(|c| c.flagged)
    }
}

/// (men − women) ÷ men × 100.
pub fn gap(women: Option<f64>, men: Option<f64>) -> Option<f64> {
    match (women, men) {
        (Some(w), Some(m)) if m != 0.0 => Some((m - w) / m * 100.0),
        _ => None,
    }
}

const SEX: &str = "__sex";
const GENDER_RAW: &str = "__gender";
const HOURS_YEAR: &str = "__annual_hours";
const BASIC_ANNUAL: &str = "__basic_annual";
const BASIC_HOURLY: &str = "__basic_hourly";
const VARIABLE: &str = "__variable";
const LEVEL_HOURLY: &str = "__level_hourly";
const LEVEL_ANNUAL: &str = "__level_annual";
const POPULATION: &str = "__population";
const KEY: &str = "__key";

/// Text as a category code of its own list (polars' Categorical): grouping by it groups integers.
fn categorical(text: Expr) -> Expr {
    text.cast(DataType::String)
        .cast(DataType::from_categories(Categories::random("paygap".into(), CategoricalPhysical::U32)))
}

/// The narrow columns of the payroll, read once.
fn narrow(lf: LazyFrame, o: &PaygapOptions) -> LazyFrame {
    let mut columns =
        vec![col(m::GENDER).cast(DataType::String).alias(GENDER_RAW), col(m::ANNUAL_WAGE), col(m::WEIGHT), col(OK)];
    let optional = [
        (o.variable, m::VARIABLE_PAY),
        (o.hours, m::HOURS),
        (o.fte, m::FTE),
        (o.category, m::CATEGORY),
        (o.full_pay, m::FULL_PAY),
        (o.employer, m::EMPLOYER),
    ];
    columns.extend(optional.iter().filter(|(has, _)| *has).map(|(_, c)| match *c {
        m::CATEGORY | m::EMPLOYER => categorical(col(*c)).alias(*c),
        _ => col(*c),
    }));
    columns.extend(o.dims.iter().map(|d| d.key()));
    lf.select(columns)
}

/// The derived pay columns (module docs), in stages (each uses the one before).
fn derived(o: &PaygapOptions) -> Vec<Vec<Expr>> {
    let hours = if o.hours {
        col(m::HOURS) * lit(52.0)
    } else if o.fte {
        col(m::FTE) * lit(o.hours_per_year)
    } else {
        lit(o.hours_per_year)
    };
    let basic = match o.wage_unit {
        // An hourly wage is paid for the hours worked.
        WageUnit::Hour => col(m::ANNUAL_WAGE) / lit(o.hours_per_year) * col(HOURS_YEAR),
        _ => col(m::ANNUAL_WAGE),
    };
    let variable = if o.variable { col(m::VARIABLE_PAY) } else { lit(0.0) };
    let (level_annual, level_hourly, population) = match o.rules {
        PayRules::Eu => {
            (col(BASIC_ANNUAL) + col(VARIABLE), (col(BASIC_ANNUAL) + col(VARIABLE)) / col(HOURS_YEAR), lit(true))
        }
        PayRules::Uk => (col(BASIC_ANNUAL), col(BASIC_HOURLY), if o.full_pay { col(m::FULL_PAY) } else { lit(true) }),
    };
    vec![
        vec![hours.alias(HOURS_YEAR), variable.alias(VARIABLE), population.alias(POPULATION)],
        vec![basic.alias(BASIC_ANNUAL)],
        vec![(col(BASIC_ANNUAL) / col(HOURS_YEAR)).alias(BASIC_HOURLY), level_annual.alias(LEVEL_ANNUAL)],
        vec![level_hourly.alias(LEVEL_HOURLY)],
    ]
}

/// Count, exact weight and weighted sum, mean and median of `value` over rows where `only`, per
/// group of `keys` (a frame with `KEY`-joined text keys and the stats).
fn stat_plan(rows: &LazyFrame, keys: &[Expr], value: Expr, only: Expr, weighted: bool, median: bool) -> LazyFrame {
    let w = col(m::WEIGHT);
    let mut aggs = vec![
        w.clone().gt(lit(0.0)).cast(DataType::UInt64).sum().alias("n"),
        fixed(w.clone(), W_UNIT).sum().alias("w"),
        fixed(w.clone() * col("__v"), WX_UNIT).sum().alias("wx"),
    ];
    if median {
        let med = if weighted {
            // The smallest value whose running weight reaches half the total (less 1e-12 relative,
            // as `analysis::micro::percentiles`).
            let sorted = col("__v").sort_by([col("__v")], SortMultipleOptions::default());
            let running = w.clone().sort_by([col("__v")], SortMultipleOptions::default()).cum_sum(false);
            sorted.filter(running.gt_eq(w.clone().sum() * lit(0.5 * (1.0 - 1e-12)))).first()
        } else {
            col("__v").median()
        };
        aggs.push(med.alias("median"));
    }
    let mut keyed: Vec<Expr> = keys.to_vec();
    keyed.push(value.alias("__v"));
    keyed.push(w);
    rows.clone().filter(only).select(keyed).group_by(keys.iter().map(|k| col(name_of(k))).collect::<Vec<_>>()).agg(aggs)
}

fn name_of(expr: &Expr) -> String {
    match expr {
        Expr::Column(name) => name.to_string(),
        Expr::Alias(_, name) => name.to_string(),
        _ => KEY.to_string(),
    }
}

/// A collected stats frame as (keys → stat).
fn read_stats(df: &DataFrame, keys: &[String]) -> PolarsResult<BTreeMap<Vec<String>, Stat>> {
    use crate::analysis::frame::floats;
    // Keys read back as text: category codes as their text, the sex and experience codes as digits.
    let key_values: Vec<Vec<Option<String>>> = keys
        .iter()
        .map(|k| {
            let text = df.column(k)?.cast(&DataType::String)?;
            Ok(text.str()?.iter().map(|v| v.map(str::to_string)).collect())
        })
        .collect::<PolarsResult<_>>()?;
    let n: Vec<u64> = df.column("n")?.cast(&DataType::UInt64)?.u64()?.iter().map(Option::unwrap_or_default).collect();
    let w = df.column("w")?.cast(&DataType::Float64)?;
    let wx = df.column("wx")?.cast(&DataType::Float64)?;
    let (w, wx) = (w.f64()?, wx.f64()?);
    let median = if df.column("median").is_ok() { floats(df, "median")? } else { vec![None; df.height()] };
    let mut out = BTreeMap::new();
    for i in 0..df.height() {
        let weight = w.get(i).unwrap_or(0.0) / W_UNIT;
        let sum = wx.get(i).unwrap_or(0.0) / WX_UNIT;
        let has = weight > 0.0;
        out.insert(
            key_values.iter().map(|k| k[i].clone().unwrap_or_default()).collect(),
            Stat { n: n[i], weight, mean: has.then(|| sum / weight), median: if has { median[i] } else { None } },
        );
    }
    Ok(out)
}

/// Compute the pay gap figures of the canonical payroll scan `lf` (see `data::microdata`, opened
/// with the payroll columns).
pub fn paygap(lf: LazyFrame, o: &PaygapOptions) -> PolarsResult<Paygap> {
    let mut clock = std::time::Instant::now();
    let frame = narrow(lf, o).collect_with_engine(Engine::Streaming)?.unwrap_single();
    lap("read", &mut clock);
    let ok = frame.column(OK)?.bool()?;
    let rows_invalid = ok.len() as u64 - ok.sum().map_or(0, u64::from);
    let valid = frame.clone().lazy().filter(col(OK));
    // The gender column's distinct values, read by their spelling or the column's name.
    let distinct = valid.clone().group_by([col(GENDER_RAW)]).agg([len().alias("rows")]).collect()?;
    let values: Vec<Option<String>> = crate::analysis::frame::strings(&distinct, GENDER_RAW)?;
    let counts: Vec<u64> =
        distinct.column("rows")?.cast(&DataType::UInt64)?.u64()?.iter().map(Option::unwrap_or_default).collect();
    let present: Vec<String> = values.iter().flatten().cloned().collect();
    let readings = match o.codes.read(&o.gender_column, &present) {
        Ok(readings) => readings,
        Err(unknown) => {
            let mut unknown_genders: Vec<(String, u64)> = unknown
                .into_iter()
                .map(|u| {
                    let count =
                        values.iter().zip(&counts).find(|(v, _)| v.as_deref() == Some(&u)).map_or(0, |(_, c)| *c);
                    (u, count)
                })
                .collect();
            unknown_genders.sort();
            return Ok(empty(o, rows_invalid, unknown_genders));
        }
    };
    let listed = |gender: Gender| -> Expr {
        let of: Vec<String> =
            readings.iter().filter(|(_, r)| **r == Reading::Gender(gender)).map(|(v, _)| v.clone()).collect();
        crate::analysis::frame::is_in(GENDER_RAW, &of)
    };
    let sex = when(listed(Gender::Female))
        .then(lit(Gender::Female.code()).cast(DataType::UInt32))
        .when(listed(Gender::Male))
        .then(lit(Gender::Male.code()).cast(DataType::UInt32))
        .when(listed(Gender::Other))
        .then(lit(Gender::Other.code()).cast(DataType::UInt32))
        .otherwise(lit(NULL).cast(DataType::UInt32))
        .alias(SEX);
    // The derived columns once, in memory, and only those every figure below reads.
    let mut keep = vec![
        col(SEX),
        col(m::WEIGHT),
        col(VARIABLE),
        col(BASIC_HOURLY),
        col(LEVEL_HOURLY),
        col(LEVEL_ANNUAL),
        col(POPULATION),
    ];
    keep.extend(
        [(o.category, m::CATEGORY), (o.employer, m::EMPLOYER)].iter().filter(|(has, _)| *has).map(|(_, c)| col(*c)),
    );
    keep.extend(o.dims.iter().map(|d| col(d.column())));
    let all = derived(o).into_iter().fold(valid.with_column(sex), LazyFrame::with_columns).select(keep).collect()?;
    drop(frame);
    let all = all.lazy();
    lap("derived", &mut clock);
    let rows = all.clone().filter(col(SEX).is_not_null());
    // Every count and aggregate in one parallel collection over the in-memory rows.
    let by_sex = [col(SEX)];
    let variable_paid = col(VARIABLE).gt(lit(0.0));
    let mut plans = vec![
        all.clone()
            .select([
                col(SEX).is_null().cast(DataType::UInt64).sum().alias("missing"),
                col(POPULATION).not().and(col(SEX).is_not_null()).cast(DataType::UInt64).sum().alias("not_full_pay"),
                col(m::WEIGHT).eq(lit(0.0)).cast(DataType::UInt64).sum().alias("zero_weight"),
                len().cast(DataType::UInt64).alias("valid"),
            ])
            .logical_plan,
        stat_plan(&rows, &by_sex, col(LEVEL_HOURLY), col(POPULATION), o.weighted, true).logical_plan,
        stat_plan(&rows, &by_sex, col(LEVEL_ANNUAL), col(POPULATION), o.weighted, true).logical_plan,
        stat_plan(&rows, &by_sex, col(VARIABLE), variable_paid.clone(), o.weighted, true).logical_plan,
        // Every relevant employee, for the share receiving variable pay.
        stat_plan(&rows, &by_sex, lit(0.0), lit(true), o.weighted, false).logical_plan,
    ];
    let categories = o.category && o.rules == PayRules::Eu;
    if categories {
        let by_category = [col(m::CATEGORY), col(SEX)];
        let mut cells: Vec<Expr> = vec![col(m::CATEGORY)];
        cells.extend(o.dims.iter().map(|d| col(d.column())));
        cells.push(col(SEX));
        plans.extend([
            stat_plan(&rows, &by_category, col(BASIC_HOURLY), lit(true), o.weighted, true).logical_plan,
            stat_plan(&rows, &by_category, col(VARIABLE), variable_paid, o.weighted, true).logical_plan,
            stat_plan(&rows, &by_category, col(LEVEL_HOURLY), lit(true), o.weighted, false).logical_plan,
            stat_plan(&rows, &cells, col(LEVEL_HOURLY), lit(true), o.weighted, false).logical_plan,
        ]);
        if o.employer {
            plans.push(
                rows.clone()
                    .group_by([col(m::CATEGORY), col(m::EMPLOYER)])
                    .agg([col(m::WEIGHT).sum().alias("w")])
                    .group_by([col(m::CATEGORY)])
                    .agg([col("w").max().alias("top"), col("w").sum().alias("all")])
                    .logical_plan,
            );
            plans.push(rows.clone().group_by([col(m::EMPLOYER)]).agg([len()]).logical_plan);
        }
    }
    lap("genders", &mut clock);
    let mut results = LazyFrame::collect_all_with_engine(plans, Engine::Auto, OptFlags::default())?.into_iter();
    lap("figures", &mut clock);
    let mut next = || results.next().ok_or_else(|| polars_err!(ComputeError: "fewer frames than plans"));
    let tally = next()?;
    let get = |name: &str| -> PolarsResult<u64> {
        Ok(tally.column(name)?.cast(&DataType::UInt64)?.u64()?.get(0).unwrap_or(0))
    };
    let sexes = [SEX.to_string()];
    let hourly_stats = read_stats(&next()?, &sexes)?;
    let annual_stats = read_stats(&next()?, &sexes)?;
    let variable_stats = read_stats(&next()?, &sexes)?;
    let everyone = read_stats(&next()?, &sexes)?;
    // Fewer than --min-n people of another gender are banded with nobody: their share of a band
    // would place them. The bands are then of women and men, as the UK regulations' are.
    let few_others = everyone.get(&vec![Gender::Other.key().to_string()]).is_some_and(|s| s.n > 0 && s.n < o.min_n);
    let banded = if few_others {
        col(POPULATION).and(col(SEX).neq(lit(Gender::Other.code()).cast(DataType::UInt32)))
    } else {
        col(POPULATION)
    };
    let bands = quartiles::bands(&rows, col(LEVEL_HOURLY), banded)?;
    lap("quartiles", &mut clock);
    let of = |map: &BTreeMap<Vec<String>, Stat>, g: Gender| map.get(&vec![g.key().to_string()]).copied();
    // Every figure rests on at least --min-n people of each sex, or is withheld; another gender's
    // figures are shown only for at least --min-n people too.
    let gap_of = |map: &BTreeMap<Vec<String>, Stat>, who: &str| {
        let (women, men) = (of(map, Gender::Female).unwrap_or_default(), of(map, Gender::Male).unwrap_or_default());
        let other = of(map, Gender::Other).filter(|s| s.n >= o.min_n);
        let few = |stat: &Stat, sex: &str| {
            (stat.n < o.min_n).then(|| format!("fewer than {} {sex} {who}", o.min_n).trim_end().to_string())
        };
        match few(&women, "women").or_else(|| few(&men, "men")) {
            Some(reason) => Gap {
                women: Stat { mean: None, median: None, ..women },
                men: Stat { mean: None, median: None, ..men },
                other,
                mean_gap: None,
                median_gap: None,
                suppression: Some(reason),
            },
            None => Gap {
                mean_gap: gap(women.mean, men.mean),
                median_gap: gap(women.median, men.median),
                women,
                men,
                other,
                suppression: None,
            },
        }
    };
    let receiving = |g: Gender| -> Option<f64> {
        let all = of(&everyone, g)?.weight;
        (all > 0.0).then(|| of(&variable_stats, g).map_or(0.0, |s| s.weight) / all * 100.0)
    };
    let counts = Counts {
        women: of(&everyone, Gender::Female).map_or(0, |s| s.n),
        men: of(&everyone, Gender::Male).map_or(0, |s| s.n),
        other: of(&everyone, Gender::Other).map_or(0, |s| s.n),
        gender_missing: get("missing")?,
        not_full_pay: if o.rules == PayRules::Uk { get("not_full_pay")? } else { 0 },
        zero_weight: if o.weighted { get("zero_weight")? } else { 0 },
    };
    let mut category_rows = Vec::new();
    if categories {
        let keys = [m::CATEGORY.to_string(), SEX.to_string()];
        let basic = read_stats(&next()?, &keys)?;
        let variable = read_stats(&next()?, &keys)?;
        let pay = read_stats(&next()?, &keys)?;
        let mut cell_keys = vec![m::CATEGORY.to_string()];
        cell_keys.extend(o.dims.iter().map(|d| d.column().to_string()));
        cell_keys.push(SEX.to_string());
        let cells = read_stats(&next()?, &cell_keys)?;
        // The dominance rule protects employers in a file that pools several (a survey, a group's
        // companies); one employer's own payroll is 100% that employer in every category.
        let top = if o.employer { Some(next()?) } else { None };
        let employers = if o.employer { next()?.height() } else { 0 };
        let top = top.filter(|_| employers > 1);
        category_rows = category_figures(&basic, &variable, &pay, &cells, top.as_ref(), o)?;
    }
    Ok(Paygap {
        rules: o.rules,
        weighted: o.weighted,
        min_n: o.min_n,
        hourly: gap_of(&hourly_stats, if o.rules == PayRules::Uk { "full-pay relevant employees" } else { "" }),
        annual: (o.rules == PayRules::Eu).then(|| gap_of(&annual_stats, "")),
        variable: o.variable.then(|| Variable {
            gap: gap_of(&variable_stats, if o.rules == PayRules::Uk { "paid a bonus" } else { "receive variable pay" }),
            women_receiving: receiving(Gender::Female),
            men_receiving: receiving(Gender::Male),
            other_receiving: receiving(Gender::Other),
        }),
        quartiles: bands,
        categories: category_rows,
        cells: if categories { o.dims.clone() } else { Vec::new() },
        methods: {
            let mut lines = methods(o);
            if few_others {
                lines.push(format!(
                    "Fewer than {} people of another gender: they are counted, but their pay is in no figure and the quartile bands are of women and men only, so that no one is placed.",
                    o.min_n
                ));
            }
            if counts.gender_missing > 0 {
                lines.push(format!(
                    "{} row{} with no gender stated (an empty cell, or a value read as missing) {} left out of every figure.",
                    counts.gender_missing,
                    if counts.gender_missing == 1 { "" } else { "s" },
                    if counts.gender_missing == 1 { "is" } else { "are" }
                ));
            }
            lines
        },
        rows_invalid,
        rows_valid: get("valid")?,
        counts,
        unknown_genders: Vec::new(),
    })
}

fn empty(o: &PaygapOptions, rows_invalid: u64, unknown_genders: Vec<(String, u64)>) -> Paygap {
    let none = Gap {
        women: Stat::default(),
        men: Stat::default(),
        other: None,
        mean_gap: None,
        median_gap: None,
        suppression: None,
    };
    Paygap {
        rules: o.rules,
        weighted: o.weighted,
        min_n: o.min_n,
        counts: Counts::default(),
        hourly: none,
        annual: None,
        variable: None,
        quartiles: Vec::new(),
        categories: Vec::new(),
        cells: Vec::new(),
        methods: Vec::new(),
        rows_invalid,
        rows_valid: 1,
        unknown_genders,
    }
}

type Stats = BTreeMap<Vec<String>, Stat>;

/// Each category's figures, with the privacy rules applied (module docs).
fn category_figures(
    basic: &Stats,
    variable: &Stats,
    pay: &Stats,
    cells: &Stats,
    top: Option<&DataFrame>,
    o: &PaygapOptions,
) -> PolarsResult<Vec<Category>> {
    let names: Vec<String> = {
        let mut names: Vec<String> = basic.keys().map(|k| k[0].clone()).collect();
        names.dedup();
        names
    };
    let dominance: BTreeMap<String, f64> = match top {
        Some(df) => {
            let keys: Vec<Option<String>> =
                df.column(m::CATEGORY)?.cast(&DataType::String)?.str()?.iter().map(|v| v.map(str::to_string)).collect();
            let tops = crate::analysis::frame::floats(df, "top")?;
            let alls = crate::analysis::frame::floats(df, "all")?;
            keys.into_iter()
                .zip(tops.into_iter().zip(alls))
                .filter_map(|(k, (t, a))| Some((k?, t? / a.filter(|a| *a > 0.0)?)))
                .collect()
        }
        None => BTreeMap::new(),
    };
    let mut out = Vec::new();
    for name in names {
        let stat = |map: &Stats, g: Gender| map.get(&vec![name.clone(), g.key().to_string()]).copied();
        let n = |g: Gender| stat(basic, g).map_or(0, |s| s.n);
        let mean_gap = |map: &Stats| {
            gap(stat(map, Gender::Female).and_then(|s| s.mean), stat(map, Gender::Male).and_then(|s| s.mean))
        };
        let median_gap = |map: &Stats| {
            gap(stat(map, Gender::Female).and_then(|s| s.median), stat(map, Gender::Male).and_then(|s| s.median))
        };
        // Like for like: the cells of this category with both women and men.
        let (mut common_men, mut common_women, mut used, mut total) = (0.0, 0.0, 0.0, 0.0);
        let mut by_cell: BTreeMap<&[String], [Option<Stat>; 2]> = BTreeMap::new();
        for (key, s) in cells.range(vec![name.clone()]..) {
            if key[0] != name {
                break;
            }
            let (cell, sex) = key.split_at(key.len() - 1);
            let side = match sex[0].as_str() {
                k if k == Gender::Female.key() => 0,
                k if k == Gender::Male.key() => 1,
                _ => continue,
            };
            by_cell.entry(cell).or_default()[side] = Some(*s);
        }
        for [women, men] in by_cell.values() {
            let weight = |s: &Option<Stat>| s.map_or(0.0, |s| s.weight);
            let cell_weight = weight(women) + weight(men);
            total += cell_weight;
            if let (Some(fw), Some(mw)) = (women.and_then(|s| s.mean), men.and_then(|s| s.mean)) {
                used += cell_weight;
                common_women += cell_weight * fw;
                common_men += cell_weight * mw;
            }
        }
        let has_cells = !o.dims.is_empty() && used > 0.0;
        let pay_gap = mean_gap(pay);
        let mut category = Category {
            category: name.clone(),
            women: Some(n(Gender::Female)),
            men: Some(n(Gender::Male)),
            other: Some(n(Gender::Other)),
            basic_mean_gap: mean_gap(basic),
            basic_median_gap: median_gap(basic),
            variable_mean_gap: if o.variable { mean_gap(variable) } else { None },
            variable_median_gap: if o.variable { median_gap(variable) } else { None },
            pay_mean_gap: pay_gap,
            like_for_like_gap: has_cells.then(|| (common_men - common_women) / common_men * 100.0),
            like_for_like_share: (has_cells && total > 0.0).then(|| used / total * 100.0),
            flagged: pay_gap.is_some_and(|g| g.abs() >= ASSESSMENT_GAP),
            suppressed: false,
            suppression: None,
        };
        // A category without women (or men) has no gap to show, and hides nothing by its counts.
        let few = |g: Gender| (1..o.min_n).contains(&n(g));
        let reason = if few(Gender::Female) {
            Some(format!("fewer than {} women", o.min_n))
        } else if few(Gender::Male) {
            Some(format!("fewer than {} men", o.min_n))
        } else if dominance.get(&name).is_some_and(|s| *s > DOMINANCE_SHARE) {
            Some("dominance".to_string())
        } else {
            None
        };
        if let Some(reason) = reason {
            hide(&mut category, reason);
        }
        out.push((category, n(Gender::Female).min(n(Gender::Male))));
    }
    // Secondary: one hidden category could be worked out from the total and the others.
    if out.iter().filter(|(c, _)| c.suppressed).count() == 1
        && let Some((next, _)) =
            out.iter_mut().filter(|(c, _)| !c.suppressed).min_by(|a, b| (a.1, &a.0.category).cmp(&(b.1, &b.0.category)))
    {
        hide(next, "secondary".into());
    }
    Ok(out.into_iter().map(|(c, _)| c).collect())
}

fn hide(category: &mut Category, reason: String) {
    *category = Category {
        category: std::mem::take(&mut category.category),
        women: None,
        men: None,
        other: None,
        basic_mean_gap: None,
        basic_median_gap: None,
        variable_mean_gap: None,
        variable_median_gap: None,
        pay_mean_gap: None,
        like_for_like_gap: None,
        like_for_like_share: None,
        flagged: false,
        suppressed: true,
        suppression: Some(reason),
    };
}

/// How each figure is defined, in words, for the report's Methods.
fn methods(o: &PaygapOptions) -> Vec<String> {
    let year = crate::format::thousands(o.hours_per_year, 0);
    let hours_line = match (o.hours, o.fte, o.wage_unit) {
        (true, _, WageUnit::Hour) => {
            "Hourly pay is the wage column (plus variable pay per hour paid); a year's pay = hourly wage × (paid hours a week × 52).".to_string()
        }
        (true, _, _) => "Hourly pay = a year's pay ÷ (paid hours a week × 52).".to_string(),
        (false, true, WageUnit::Hour) => format!(
            "Hourly pay is the wage column (plus variable pay per hour paid); a year's pay = hourly wage × (fte × {year} hours)."
        ),
        (false, true, _) => format!("Hourly pay = a year's pay ÷ (fte × {year} hours)."),
        (false, false, WageUnit::Hour) => format!(
            "Hourly pay is the wage column; the file has no hours or fte column, so a year's pay is the hourly wage × {year} hours for everyone: the annual figures treat part-time workers as full time."
        ),
        (false, false, _) => format!(
            "Hourly pay = a year's pay ÷ {year} hours for everyone: the file has no hours or fte column, so the hourly figures treat part-time pay as if it were full time."
        ),
    };
    let mut lines = vec![
        "Gap = (men − women) ÷ men × 100, as the Directive and the UK regulations define it: positive when men are paid more.".to_string(),
        hours_line,
    ];
    lines.push(match o.rules {
        PayRules::Eu if !o.variable => "Pay level (Art. 3): basic pay plus complementary or variable pay, a year's and per hour. The file has no variable_pay column, so pay is basic pay only and indicators (b), (d) and (e) are not computed.".into(),
        PayRules::Eu => "Pay level (Art. 3): basic pay plus complementary or variable pay, a year's and per hour. Variable pay gaps (Art. 9(1)(b), (d)) compare those who receive it.".into(),
        PayRules::Uk => format!(
            "Hourly pay is ordinary pay of full-pay relevant employees ({}); bonus pay is the variable pay over the 12 months to the snapshot date, of every relevant employee, and its gaps compare those paid a bonus. Bonus paid within the snapshot pay period, which reg. 3 adds to hourly pay, is not separable from a year's variable pay and is not added.",
            if o.full_pay { "rows whose full_pay is yes" } else { "the file has no full_pay column: every employee is taken as full-pay relevant" }
        ) + " Under these rules variable_pay must hold bonus pay only (reg. 4): overtime pay is neither bonus nor ordinary pay, and allowances belong in the wage column as ordinary pay (reg. 3).",
    });
    lines.push(if o.weighted {
        "Means and medians are weighted by the weight column (the median is the smallest value whose running weight reaches half the total); rows of zero weight count for nothing.".into()
    } else {
        "Medians interpolate linearly between the two middle values.".into()
    });
    lines.push("Quartile pay bands: workers ranked by hourly pay in four bands of equal size; workers on one rate across a boundary are split between the bands in proportion, so each band keeps that rate's mix of women and men (UK reg. 13(2)).".into());
    if o.category && o.rules == PayRules::Eu {
        lines.push(format!(
            "Categories with fewer than {} women or men are suppressed (never shown as 0); when exactly one is, the next smallest is too, so the total does not reveal it{}.",
            o.min_n,
            if o.employer {
                "; so is a category where one employer holds more than 25% of the weight, when the file pools several employers"
            } else {
                ""
            }
        ));
        lines.push(if o.dims.is_empty() {
            "Like for like: the file has no experience, setting, certification or region column, so no gap within cells is computed.".into()
        } else {
            format!(
                "Like for like: women's and men's mean hourly pay within each cell of category × {}, combined at each cell's weight over the cells that have both (Σ w(M − F) ÷ Σ wM).",
                o.dims.iter().map(|d| d.name()).collect::<Vec<_>>().join(" × ")
            )
        });
    }
    lines
}

#[cfg(test)]
mod tests;
