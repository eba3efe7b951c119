//! Summaries of microdata by any combination of dimensions: count, weight, mean and percentiles
//! (weighted when the file has weights), with statistical-disclosure suppression.
//!
//! Percentile definitions (DOMAIN.md §2), pinned by tests:
//! - unweighted: linear interpolation between order statistics (numpy's and polars' "linear");
//! - weighted: the smallest value whose cumulative weight reaches q × total weight.
//!
//! Suppression, applied to every group and to the total:
//! - primary: fewer than `min_n` rows;
//! - dominance (when an `employer` column exists): one employer holds more than 25% of the weight;
//! - secondary: when exactly one group is suppressed, the smallest other group is suppressed too,
//!   so the hidden group cannot be recovered by subtracting the others from the total.

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use crate::data::microdata::{OK, experience_code};
use crate::data::schema::{micro as m, values};

/// The statistics reported for each group, in order.
pub const PERCENTILES: [(&str, f64); 5] =
    [("p10", 0.10), ("p25", 0.25), ("median", 0.50), ("p75", 0.75), ("p90", 0.90)];

/// Share of a group's weight above which one employer dominates it.
pub const DOMINANCE_SHARE: f64 = 0.25;

/// A dimension microdata can be broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MicroDim {
    Setting,
    Experience,
    Certification,
    Region,
    Year,
}

impl MicroDim {
    /// The output field name (also the canonical column, except certification → `certified`).
    pub fn name(self) -> &'static str {
        match self {
            MicroDim::Setting => m::SETTING,
            MicroDim::Experience => m::EXPERIENCE,
            MicroDim::Certification => "certification",
            MicroDim::Region => m::REGION,
            MicroDim::Year => m::YEAR,
        }
    }

    /// The group key as grouped: certification as the boolean, experience as the band's index in
    /// `EXPERIENCE_BANDS` (1 = `<1` … 5 = `20+`), year as the integer, so the sort and the group-by
    /// move and hash numbers, not text. [`MicroDim::decode`] turns a key into text after aggregating.
    fn code(self) -> Expr {
        match self {
            MicroDim::Certification => col(m::CERTIFIED).alias(self.name()),
            MicroDim::Experience => experience_code(col(m::YEARS_EXPERIENCE)).alias(self.name()),
            MicroDim::Year => col(m::YEAR).alias(self.name()),
            _ => col(self.name()).cast(DataType::String).alias(self.name()),
        }
    }

    /// The group key as text, from its code: certification as `certified`/`uncertified`, experience
    /// as its band, year as digits.
    fn decode(self) -> Expr {
        let code = || col(self.name());
        match self {
            MicroDim::Certification => {
                when(code()).then(lit(values::CERTIFIED)).otherwise(lit(values::UNCERTIFIED)).alias(self.name())
            }
            MicroDim::Experience => values::EXPERIENCE_BANDS
                .iter()
                .enumerate()
                .skip(1)
                .fold(lit(NULL).cast(DataType::String), |acc, (i, band)| {
                    when(code().eq(lit(i as i32))).then(lit(*band)).otherwise(acc)
                })
                .alias(self.name()),
            MicroDim::Year => code().cast(DataType::String).alias(self.name()),
            _ => code(),
        }
    }
}

/// How to summarize.
#[derive(Debug, Clone)]
pub struct MicroSummaryOptions {
    pub by: Vec<MicroDim>,
    /// Use the weight column (weighted percentiles and mean).
    pub weighted: bool,
    /// Groups with fewer rows are suppressed.
    pub min_n: u64,
    /// Apply the dominance rule (the file has an employer column).
    pub dominance: bool,
    /// Apply the secondary rule. Off only where groups are looked up one at a time (benchmark
    /// cuts), never published side by side with their total.
    pub secondary: bool,
}

/// One group (or the total, with every dimension `all`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MicroGroup {
    /// Dimension name → value.
    #[serde(flatten)]
    pub keys: BTreeMap<String, String>,
    /// Valid rows in the group.
    pub n: u64,
    /// Sum of weights (= n when the file has no weights); null when suppressed.
    pub weight: Option<f64>,
    pub mean: Option<f64>,
    pub p10: Option<f64>,
    pub p25: Option<f64>,
    pub median: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
    pub suppressed: bool,
    /// Which rule suppressed the group: `n < 5`, `dominance`, `secondary`.
    pub suppression: Option<String>,
    /// Largest single employer's share of the weight (when employers are known); not published.
    #[serde(skip)]
    pub top_share: Option<f64>,
}

/// The summary of a microdata file.
#[derive(Debug, Clone, Serialize)]
pub struct MicroSummary {
    pub by: Vec<MicroDim>,
    pub weighted: bool,
    pub percentile_method: String,
    pub min_n: u64,
    /// The suppression rules applied, in words.
    pub rules: Vec<String>,
    pub groups: Vec<MicroGroup>,
    pub total: MicroGroup,
    /// Rows left out because a required value was missing or invalid.
    pub rows_invalid: u64,
}

/// The weighted percentile of `x` at `q`: the smallest value whose cumulative weight reaches
/// q × total weight (a relative tolerance of 1e-12 absorbs float error in the running sum).
/// Sorts within the group; [`aggregations`] avoids that by sorting the whole frame once.
pub fn weighted_percentile(x: Expr, w: Expr, q: f64) -> Expr {
    let sorted_w = w.clone().sort_by([x.clone()], SortMultipleOptions::default());
    weighted_percentile_sorted(x.sort(SortOptions::default()), sorted_w, q)
}

/// [`weighted_percentile`] for values already in ascending order (with their weights).
fn weighted_percentile_sorted(x: Expr, w: Expr, q: f64) -> Expr {
    // Invalid rows (null weight, sorted last) add nothing to the running sum.
    let w = w.fill_null(lit(0.0));
    let threshold = w.clone().sum() * lit(q * (1.0 - 1e-12));
    // The running sum is non-decreasing: a binary search finds the first row reaching the threshold.
    let index = w.cum_sum(false).search_sorted(threshold, SearchSortedSide::Left, false);
    x.gather(index, true).first()
}

/// [`weighted_percentile_sorted`] at every q of `qs` in one pass: one running sum and one binary
/// search for all of them (same thresholds, same result). One value per q, in order: a list per
/// group in a group-by.
fn weighted_percentiles_sorted(x: Expr, w: Expr, qs: &[f64]) -> Expr {
    let w = w.fill_null(lit(0.0));
    let factors = Series::new("q".into(), qs.iter().map(|q| q * (1.0 - 1e-12)).collect::<Vec<_>>());
    let thresholds = w.clone().sum() * lit(factors);
    let index = w.cum_sum(false).search_sorted(thresholds, SearchSortedSide::Left, false);
    x.gather(index, true)
}

/// Column holding the weighted percentiles as a list (see [`aggregations`]).
const WEIGHTED_PERCENTILES: &str = "__percentiles";

/// Weight of one employer within one group (dominance rule), and its largest value in a group.
const EMPLOYER_WEIGHT: &str = "__employer_weight";
const TOP_WEIGHT: &str = "__top_weight";

/// The aggregations of one group. Wages and weights of invalid rows are null (see [`summarize`])
/// and every aggregation skips nulls; rows are sorted by wage so weighted percentiles need no
/// per-group sort. Weighted percentiles come as one list column, [`WEIGHTED_PERCENTILES`];
/// `total` (no group-by) makes it one list, as a group-by does per group.
fn aggregations(weighted: bool, total: bool) -> Vec<Expr> {
    let x = || col(m::ANNUAL_WAGE);
    let w = || col(m::WEIGHT);
    let mut aggs = vec![x().count().cast(DataType::UInt64).alias("n"), w().sum().alias("weight")];
    if weighted {
        aggs.push(((x() * w()).sum() / w().sum()).alias("mean"));
        let qs: Vec<f64> = PERCENTILES.iter().map(|(_, q)| *q).collect();
        let percentiles = weighted_percentiles_sorted(x(), w(), &qs);
        let percentiles = if total { percentiles.implode(false) } else { percentiles };
        aggs.push(percentiles.alias(WEIGHTED_PERCENTILES));
    } else {
        aggs.push(x().mean().alias("mean"));
        aggs.extend(PERCENTILES.iter().map(|(name, q)| x().quantile(lit(*q), QuantileMethod::Linear).alias(*name)));
    }
    aggs
}

/// Summarize the canonical microdata scan `lf` (see `data::microdata`) in one pass over the data:
/// groups, total, invalid rows and the employers' weights (dominance rule) are plans over one
/// cached scan.
pub fn summarize(lf: LazyFrame, options: &MicroSummaryOptions) -> PolarsResult<MicroSummary> {
    let names: Vec<&str> = options.by.iter().map(|d| d.name()).collect();
    let keys = || names.iter().map(|n| col(*n)).collect::<Vec<_>>();
    // Invalid rows keep their keys, but their wage and weight are nulled so no statistic sees
    // them (masking rather than filtering keeps one plan over one scan).
    let mut columns: Vec<Expr> = options.by.iter().map(|d| d.code()).collect();
    columns.push(when(col(OK)).then(col(m::ANNUAL_WAGE)).otherwise(lit(NULL)).alias(m::ANNUAL_WAGE));
    columns.push(when(col(OK)).then(col(m::WEIGHT)).otherwise(lit(NULL)).alias(m::WEIGHT));
    columns.push(col(OK));
    if options.dominance {
        columns.push(col(m::EMPLOYER));
    }
    let scanned = lf.select(columns);
    // Only the coded keys, wage and weight go through the sort (not the employer, not text).
    let mut narrow = keys();
    narrow.extend([col(m::ANNUAL_WAGE), col(m::WEIGHT)]);
    let mut prepared = scanned.clone().select(narrow);
    if options.weighted {
        prepared = prepared.sort([m::ANNUAL_WAGE], SortMultipleOptions::default().with_nulls_last(true));
    }
    // Stage 1, one read of the file: the sorted narrow frame, the invalid rows, and (dominance)
    // each employer's weight in each group. Stage 2 aggregates these small or narrow frames.
    let mut stage1 = vec![
        prepared.logical_plan,
        scanned.clone().select([col(OK).not().cast(DataType::UInt64).sum().alias("invalid")]).logical_plan,
    ];
    if options.dominance {
        let mut partition = keys();
        partition.push(col(m::EMPLOYER));
        stage1.push(scanned.group_by(partition).agg([col(m::WEIGHT).sum().alias(EMPLOYER_WEIGHT)]).logical_plan);
    }
    // The streaming engine never holds the employer column whole (its aggregation streams):
    // 10M rows peaked at 1.5 GiB (Parquet) and 2.0 GiB (CSV) instead of 2.1 and 3.2 GiB.
    let mut stage1 = LazyFrame::collect_all_with_engine(stage1, Engine::Streaming, OptFlags::default())?.into_iter();
    // One chunk, as the in-memory sort gives: the total's sums then add in the same order.
    let mut prepared = stage1.next().expect("three plans");
    prepared.rechunk_mut_par();
    let prepared = prepared.lazy();
    let invalid = stage1.next().expect("three plans");
    let by_employer = stage1.next().map(DataFrame::lazy);
    // Keys are decoded after aggregating; groups sort by text, except experience bands, which
    // sort in their natural order: by their code, decoded after the sort.
    let decode = |lf: LazyFrame, experience: bool| {
        let exprs: Vec<Expr> =
            options.by.iter().filter(|d| (**d == MicroDim::Experience) == experience).map(|d| d.decode()).collect();
        if exprs.is_empty() { lf } else { lf.with_columns(exprs) }
    };
    let grouped = if names.is_empty() {
        prepared.clone().select(aggregations(options.weighted, true)).filter(lit(false))
    } else {
        let mut grouped =
            prepared.clone().group_by(keys()).agg(aggregations(options.weighted, false)).filter(col("n").gt(lit(0)));
        if let Some(by_employer) = &by_employer {
            let top = by_employer.clone().group_by(keys()).agg([col(EMPLOYER_WEIGHT).max().alias(TOP_WEIGHT)]);
            grouped = grouped
                .join(top, keys(), keys(), JoinArgs { nulls_equal: true, ..JoinArgs::new(JoinType::Left) })
                .with_column((col(TOP_WEIGHT) / col("weight")).alias("top_share"));
        }
        decode(decode(grouped, false).sort_by_exprs(keys(), SortMultipleOptions::default()), true)
    };
    let mut plans = vec![grouped.logical_plan, prepared.select(aggregations(options.weighted, true)).logical_plan];
    if let Some(by_employer) = by_employer {
        let employers = by_employer.group_by([col(m::EMPLOYER)]).agg([col(EMPLOYER_WEIGHT).sum()]);
        plans.push(employers.select([col(EMPLOYER_WEIGHT).max().alias(TOP_WEIGHT)]).logical_plan);
    }
    let results = LazyFrame::collect_all_with_engine(plans, Engine::Auto, OptFlags::default())?;
    let mut groups = read_groups(&results[0], &names)?;
    let mut total = read_groups(&results[1], &[])?.pop().unwrap_or_else(|| empty_group(&[]));
    total.keys = names.iter().map(|n| (n.to_string(), values::ALL.to_string())).collect();
    if let Some(top) = results.get(2) {
        let top = top.column(TOP_WEIGHT)?.cast(&DataType::Float64)?.f64()?.get(0);
        total.top_share = top.zip(total.weight).map(|(top, weight)| top / weight);
    }
    let rows_invalid = invalid_count(&invalid)?;
    suppress(&mut groups, &mut total, options);
    Ok(MicroSummary {
        by: options.by.clone(),
        weighted: options.weighted,
        percentile_method: if options.weighted {
            "weighted: the smallest value whose cumulative weight reaches q × total weight".into()
        } else {
            "linear interpolation between order statistics (numpy/polars \"linear\")".into()
        },
        min_n: options.min_n,
        rules: rules(options),
        groups,
        total,
        rows_invalid,
    })
}

fn rules(options: &MicroSummaryOptions) -> Vec<String> {
    let mut rules = vec![format!("primary: groups with fewer than {} rows are suppressed", options.min_n)];
    if options.dominance {
        rules.push(format!(
            "dominance: groups where one employer holds more than {:.0}% of the weight are suppressed",
            DOMINANCE_SHARE * 100.0
        ));
    }
    if options.secondary {
        rules.push("secondary: when exactly one group is suppressed, the smallest other group is suppressed too, so it cannot be derived from the total".into());
    }
    rules
}

fn empty_group(names: &[&str]) -> MicroGroup {
    MicroGroup {
        keys: names.iter().map(|n| (n.to_string(), String::new())).collect(),
        n: 0,
        weight: None,
        mean: None,
        p10: None,
        p25: None,
        median: None,
        p75: None,
        p90: None,
        suppressed: false,
        suppression: None,
        top_share: None,
    }
}

fn invalid_count(total: &DataFrame) -> PolarsResult<u64> {
    Ok(total.column("invalid")?.cast(&DataType::UInt64)?.u64()?.get(0).unwrap_or(0))
}

fn read_groups(df: &DataFrame, names: &[&str]) -> PolarsResult<Vec<MicroGroup>> {
    use super::frame::{floats, strings};
    let keys: Vec<Vec<Option<String>>> = names.iter().map(|n| strings(df, n)).collect::<PolarsResult<_>>()?;
    let n: Vec<u64> = df.column("n")?.cast(&DataType::UInt64)?.u64()?.iter().map(Option::unwrap_or_default).collect();
    let stat = |name: &str| floats(df, name);
    let (weight, mean) = (stat("weight")?, stat("mean")?);
    let (p10, p25, median, p75, p90) = match df.column(WEIGHTED_PERCENTILES) {
        // One list of the PERCENTILES per row.
        Ok(lists) => {
            let lists = lists.list()?;
            let mut columns: [Vec<Option<f64>>; 5] = Default::default();
            for i in 0..df.height() {
                let values = match lists.get_as_series(i) {
                    Some(s) => s.cast(&DataType::Float64)?.f64()?.iter().collect(),
                    None => Vec::new(),
                };
                for (j, column) in columns.iter_mut().enumerate() {
                    column.push(values.get(j).copied().flatten());
                }
            }
            let [p10, p25, median, p75, p90] = columns;
            (p10, p25, median, p75, p90)
        }
        Err(_) => (stat("p10")?, stat("p25")?, stat("median")?, stat("p75")?, stat("p90")?),
    };
    let top_share = if df.column("top_share").is_ok() { stat("top_share")? } else { vec![None; df.height()] };
    Ok((0..df.height())
        .map(|i| MicroGroup {
            keys: names.iter().zip(&keys).map(|(n, k)| (n.to_string(), k[i].clone().unwrap_or_default())).collect(),
            n: n[i],
            weight: weight[i],
            mean: mean[i],
            p10: p10[i],
            p25: p25[i],
            median: median[i],
            p75: p75[i],
            p90: p90[i],
            suppressed: false,
            suppression: None,
            top_share: top_share[i],
        })
        .collect())
}

fn hide(group: &mut MicroGroup, reason: String) {
    group.suppressed = true;
    group.suppression = Some(reason);
    group.weight = None;
    group.mean = None;
    group.p10 = None;
    group.p25 = None;
    group.median = None;
    group.p75 = None;
    group.p90 = None;
}

/// Apply the primary, dominance and secondary rules (see the module docs).
pub fn suppress(groups: &mut [MicroGroup], total: &mut MicroGroup, options: &MicroSummaryOptions) {
    let primary = |g: &MicroGroup| {
        if g.n < options.min_n {
            Some(format!("n < {}", options.min_n))
        } else if options.dominance && g.top_share.is_some_and(|s| s > DOMINANCE_SHARE) {
            Some("dominance".to_string())
        } else {
            None
        }
    };
    for group in groups.iter_mut().chain(std::iter::once(&mut *total)) {
        if let Some(reason) = primary(group) {
            hide(group, reason);
        }
    }
    let hidden = groups.iter().filter(|g| g.suppressed).count();
    if options.secondary && hidden == 1 && !total.suppressed {
        let smallest = groups.iter_mut().filter(|g| !g.suppressed).min_by_key(|g| (g.n, g.keys.clone()));
        if let Some(group) = smallest {
            hide(group, "secondary".into());
        }
    }
}
