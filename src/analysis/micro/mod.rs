//! Summaries of microdata by any combination of dimensions: count, weight, mean and percentiles
//! (weighted when the file has weights), with statistical-disclosure suppression.
//!
//! Percentile definitions (DOMAIN.md §2), pinned by tests:
//! - unweighted: linear interpolation between order statistics (numpy's and polars' "linear");
//! - weighted: the smallest value whose cumulative weight reaches q × total weight.
//!
//! Both are found exactly without sorting the data (`analysis::micro::percentiles`); weights and the
//! means' sums of wages are added exactly, so a file gives the same figures, to the last digit,
//! on every run.
//!
//! Suppression, applied to every group and to the total:
//! - primary: fewer than `min_n` rows;
//! - dominance (when an `employer` column exists): one employer holds more than 25% of the weight;
//! - secondary: when exactly one group is suppressed, the smallest other group is suppressed too,
//!   so the hidden group cannot be recovered by subtracting the others from the total.

pub mod kernel;
pub mod keys;
pub mod outlook;
pub mod percentiles;

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use self::keys::{EMPLOYER_CODE, GID, KeyCoding};
use self::percentiles::{BIN, Method, N, VALUES, W, WX};
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

    /// The canonical input column the dimension is read from (experience from `years_experience`).
    pub fn column(self) -> &'static str {
        match self {
            MicroDim::Setting => m::SETTING,
            MicroDim::Experience => m::YEARS_EXPERIENCE,
            MicroDim::Certification => m::CERTIFIED,
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

impl MicroGroup {
    /// An unsuppressed group: `percentiles` are p10, p25, median, p75, p90.
    pub fn new(
        keys: BTreeMap<String, String>,
        n: u64,
        weight: Option<f64>,
        mean: Option<f64>,
        percentiles: [Option<f64>; 5],
        top_share: Option<f64>,
    ) -> MicroGroup {
        let [p10, p25, median, p75, p90] = percentiles;
        MicroGroup {
            keys,
            n,
            weight,
            mean,
            p10,
            p25,
            median,
            p75,
            p90,
            suppressed: false,
            suppression: None,
            top_share,
        }
    }
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

/// With `WAGESCOPE_TIMINGS` set, each stage's wall time on stderr (a development aid for
/// benches/run.sh; nothing is printed otherwise).
pub(crate) fn lap(label: &str, since: &mut std::time::Instant) {
    if std::env::var_os("WAGESCOPE_TIMINGS").is_some() {
        eprintln!("{label:>24}: {:.3} s", since.elapsed().as_secs_f64());
    }
    *since = std::time::Instant::now();
}

/// A group and its bin, or a group and an employer, as one integer ([`packed_key`]).
const PACKED: &str = "__packed";
/// Bits of [`PACKED`] for the wage bin: bins are below 2²⁷ (`analysis::micro::percentiles::bin`).
const BIN_BITS: u32 = 28;

/// `gid × 2^bits + low`: a group (32 bits) and its bin or employer code in one u64.
fn packed_key(gid: Expr, low: Expr, bits: u32) -> Expr {
    // In u64 first: a literal takes the column's type, and u32 arithmetic would wrap.
    (gid.cast(DataType::UInt64) * lit(1u64 << bits) + low.cast(DataType::UInt64)).alias(PACKED)
}

/// An employer's largest weight in a group (dominance rule).
const TOP_WEIGHT: &str = "__top_weight";

/// Summarize the canonical microdata scan `lf` (see `data::microdata`) by `options.by`.
pub fn summarize(lf: LazyFrame, options: &MicroSummaryOptions) -> PolarsResult<MicroSummary> {
    summarize_many(lf, std::slice::from_ref(options))?
        .summaries
        .pop()
        .ok_or_else(|| polars_err!(ComputeError: "one summary asked for, none returned"))
}

/// Several summaries of one file, and the file's narrow coded rows they were computed from.
pub struct Summaries {
    /// One per option set, in the order asked.
    pub summaries: Vec<MicroSummary>,
    /// The valid and invalid rows as read: at least `annual_wage`, `weight` and [`OK`], in memory.
    pub rows: DataFrame,
}

/// Summarize the canonical microdata scan `lf` by every option set of `list` (each its own
/// dimensions, minimum and rules; all weighted or all not), reading the file once.
///
/// The file is read once, into narrow coded columns (group key at the finest grouping asked for,
/// wage bin, wage, weight, validity, employer). Stage 1 aggregates them in one streaming pass:
/// per group and wage bin the rows, weight and weight × wage (`analysis::micro::percentiles`), each
/// employer's weight per group (dominance rule), and the count of invalid rows. The histogram's
/// sums are exact integers, so it rolls up exactly to every coarser grouping (and to the total).
/// From each rolled-up histogram, stage 2 locates the bin that holds each percentile; stage 3
/// fetches the rows of every grouping's located bins at once and sorts only those. Groups are
/// keyed by one packed integer (`analysis::micro::keys`), or by the dimensions themselves if a
/// dimension has more values than its share of the integer holds.
pub fn summarize_many(lf: LazyFrame, list: &[MicroSummaryOptions]) -> PolarsResult<Summaries> {
    let mut finest: Vec<MicroDim> = list.iter().flat_map(|o| o.by.iter().copied()).collect();
    finest.sort();
    finest.dedup();
    let coding = KeyCoding::new(&finest);
    if let Some(summaries) = summarize_with(lf.clone(), list, &finest, Some(&coding))? {
        return Ok(summaries);
    }
    summarize_with(lf, list, &finest, None)?
        .ok_or_else(|| polars_err!(ComputeError: "a summary keyed by its dimensions always completes"))
}

/// The keys of one grouping over the finest grouping's frame: packed, [`GID`] with the other
/// dimensions' bits cleared; else the grouping's own dimension columns.
struct Grouping<'a> {
    names: Vec<&'a str>,
    exprs: Vec<Expr>,
}

impl<'a> Grouping<'a> {
    fn new(by: &'a [MicroDim], packed: Option<&KeyCoding>) -> Grouping<'a> {
        match packed {
            _ if by.is_empty() => Grouping { names: Vec::new(), exprs: Vec::new() },
            Some(coding) => Grouping { names: vec![GID], exprs: vec![coding.keep(by)] },
            None => {
                let names: Vec<&str> = by.iter().map(|d| d.name()).collect();
                Grouping { exprs: names.iter().map(|n| col(*n)).collect(), names }
            }
        }
    }

    fn keys(&self) -> Vec<Expr> {
        self.names.iter().map(|n| col(*n)).collect()
    }

    /// `keys…` and `last`, as computed from the finest grouping's columns.
    fn with(&self, last: &str) -> Vec<Expr> {
        self.exprs.iter().cloned().chain([col(last)]).collect()
    }
}

/// [`summarize_many`] with groups keyed by `packed`, or by the dimensions when `None`; `None`
/// back when a packed key did not fit.
fn summarize_with(
    lf: LazyFrame,
    list: &[MicroSummaryOptions],
    finest: &[MicroDim],
    packed: Option<&KeyCoding>,
) -> PolarsResult<Option<Summaries>> {
    let weighted = list.first().is_some_and(|o| o.weighted);
    if list.iter().any(|o| o.weighted != weighted) {
        return Err(polars_err!(ComputeError: "summaries of one file are all weighted or all not"));
    }
    let dominance = list.iter().any(|o| o.dominance);
    let fine = Grouping::new(finest, packed);
    let method = if weighted { Method::Weighted } else { Method::Linear };
    let (mut columns, employer) = match packed {
        Some(coding) => (vec![coding.gid()], EMPLOYER_CODE),
        None => (finest.iter().map(|d| d.code()).collect(), m::EMPLOYER),
    };
    columns.extend([col(m::ANNUAL_WAGE), col(m::WEIGHT), percentiles::bin(col(m::ANNUAL_WAGE)).alias(BIN), col(OK)]);
    if dominance {
        columns.push(packed.map_or_else(|| col(m::EMPLOYER), KeyCoding::employer));
    }
    // One streaming read of the file into its narrow coded columns; every later step reads this
    // frame. (Aggregating straight from the file, one plan per aggregate sharing the scan, and
    // reading it again for the rows near each percentile took 2.6 s instead of 1.6 s for 10M
    // Parquet rows, for 10% less memory.)
    let mut clock = std::time::Instant::now();
    let source_frame = lf.select(columns).collect_with_engine(Engine::Streaming)?.unwrap_single();
    let source = source_frame.clone().lazy();
    lap("read", &mut clock);
    if packed.is_some_and(|coding| !coding.fits()) {
        return Ok(None);
    }
    let valid = source.clone().filter(col(OK));
    let (histogram, rows_invalid, by_employer) = match packed {
        // Packed: one pass of our own over the columns' slices (`micro_kernel`).
        Some(_) => {
            let (histogram, invalid, employers) = kernel::stage1(&source_frame, method, dominance)?;
            (histogram, invalid, employers.map(DataFrame::lazy))
        }
        None => {
            let mut stage1 = vec![
                percentiles::histogram(valid.clone(), fine.with(BIN), method).logical_plan,
                source.clone().select([col(OK).not().cast(DataType::UInt64).sum().alias("invalid")]).logical_plan,
            ];
            if dominance {
                stage1.push(percentiles::employer_weights(valid.clone(), fine.with(employer)).logical_plan);
            }
            // The aggregates in one pass over the source; the sums are exact, so the streaming
            // engine's parallel order does not change them.
            let mut stage1 =
                LazyFrame::collect_all_with_engine(stage1, Engine::Streaming, OptFlags::default())?.into_iter();
            let mut next =
                || stage1.next().ok_or_else(|| polars_err!(ComputeError: "stage 1 returned fewer frames than plans"));
            let histogram = next()?;
            let invalid = invalid_count(&next()?)?;
            (histogram, invalid, if dominance { Some(next()?.lazy()) } else { None })
        }
    };
    lap("stage 1 (histogram)", &mut clock);
    let qs: Vec<f64> = PERCENTILES.iter().map(|(_, q)| *q).collect();
    // Stage 2: each grouping's histogram, rolled up from the finest one (exact integer sums), and
    // its located bins; the total once for all.
    let total = percentiles::locate(percentiles::merged(histogram.clone().lazy()).collect()?, &[], &qs, method)?;
    let groupings: Vec<Grouping> = list.iter().map(|o| Grouping::new(&o.by, packed)).collect();
    let mut located = Vec::with_capacity(list.len());
    for (options, grouping) in list.iter().zip(&groupings) {
        if options.by.is_empty() {
            located.push(None);
            continue;
        }
        let rolled = if options.by.len() == finest.len() {
            histogram.clone()
        } else {
            histogram
                .clone()
                .lazy()
                .group_by(grouping.with(BIN))
                .agg([col(N).sum(), col(W).sum(), col(WX).sum()])
                .collect()?
        };
        located.push(Some(percentiles::locate(rolled, &grouping.names, &qs, method)?));
    }
    // Stage 3 reads the rows once for every grouping and the total: the rows of a located bin.
    let bins_of = |df: DataFrame, key: Expr| -> PolarsResult<Expr> {
        let values = df.lazy().select([key.alias("key")]).collect()?;
        Ok(lit(values.column("key")?.as_materialized_series().clone()).implode(false))
    };
    let mut wanted = col(BIN).is_in(bins_of(total.bins()?, col(BIN))?, false);
    for (grouping, located) in groupings.iter().zip(&located) {
        let Some(located) = located else { continue };
        // Packed, the grouping's own bins; else any group's bins (the join sorts it out).
        wanted = match packed {
            Some(_) => {
                let key = |gid: Expr| packed_key(gid, col(BIN), BIN_BITS);
                let of_row = grouping.exprs.first().cloned().unwrap_or_else(|| col(GID));
                wanted.or(key(of_row).is_in(bins_of(located.bins()?, key(col(GID)))?, false))
            }
            None => wanted.or(col(BIN).is_in(bins_of(located.bins()?, col(BIN))?, false)),
        };
    }
    lap("stage 2 (locate)", &mut clock);
    let candidates = match packed {
        // Packed: which (fine group, bin) pairs of the histogram are wanted (a few thousand rows),
        // then one pass of our own over the rows for those pairs.
        Some(_) => {
            let pairs = histogram.clone().lazy().filter(wanted).select([col(GID), col(BIN)]).collect()?;
            kernel::rows_of(&source_frame, &kernel::key_set(&pairs)?)?.lazy()
        }
        None => {
            let mut narrow_rows = fine.keys();
            narrow_rows.extend([col(BIN), col(m::ANNUAL_WAGE), col(m::WEIGHT)]);
            valid.filter(wanted).select(narrow_rows).collect_with_engine(Engine::Streaming)?.unwrap_single().lazy()
        }
    };
    lap("candidates", &mut clock);
    let mut plans = vec![total.refine(candidates.clone()).logical_plan];
    for ((options, grouping), located) in list.iter().zip(&groupings).zip(&located) {
        let Some(located) = located else { continue };
        let keys = || grouping.keys();
        let mut grouped = located.refine(candidates.clone().with_columns(grouping.exprs.clone()));
        if let Some(by_employer) = &by_employer {
            // Each employer's weight in the grouping's groups, then the largest per group.
            let top = by_employer
                .clone()
                .group_by(grouping.with(employer))
                .agg([col(W).sum()])
                .group_by(keys())
                .agg([col(W).max()])
                .select(keys().into_iter().chain([percentiles::float(W).alias(TOP_WEIGHT)]).collect::<Vec<_>>());
            grouped = grouped
                .join(top, keys(), keys(), JoinArgs { nulls_equal: true, ..JoinArgs::new(JoinType::Left) })
                .with_column((col(TOP_WEIGHT) / col(W)).alias("top_share"));
        }
        if let Some(coding) = packed {
            grouped = grouped.with_columns(coding.unpack(&options.by));
        }
        let dims = || options.by.iter().map(|d| col(d.name())).collect::<Vec<_>>();
        let decode = |lf: LazyFrame, experience: bool| {
            let exprs: Vec<Expr> =
                options.by.iter().filter(|d| (**d == MicroDim::Experience) == experience).map(|d| d.decode()).collect();
            if exprs.is_empty() { lf } else { lf.with_columns(exprs) }
        };
        plans.push(
            decode(decode(grouped, false).sort_by_exprs(dims(), SortMultipleOptions::default()), true).logical_plan,
        );
    }
    if let Some(by_employer) = by_employer {
        let employers = by_employer.group_by([col(employer)]).agg([col(W).sum()]);
        plans.push(employers.select([col(W).max()]).select([percentiles::float(W).alias(TOP_WEIGHT)]).logical_plan);
    }
    let mut results = LazyFrame::collect_all_with_engine(plans, Engine::Auto, OptFlags::default())?.into_iter();
    let mut next =
        || results.next().ok_or_else(|| polars_err!(ComputeError: "stage 3 returned fewer frames than plans"));
    lap("stage 3 (refine)", &mut clock);
    let total_frame = next()?;
    let mut grouped_frames = Vec::with_capacity(list.len());
    for options in list {
        grouped_frames.push(if options.by.is_empty() { None } else { Some(next()?) });
    }
    let top_share = match dominance {
        true => next()?.column(TOP_WEIGHT)?.cast(&DataType::Float64)?.f64()?.get(0),
        false => None,
    };
    let mut total = read_groups(&total_frame, &[], method)?.pop().unwrap_or_else(|| empty_group(&[]));
    total.top_share = top_share.zip(total.weight).map(|(top, weight)| top / weight);
    let mut summaries = Vec::with_capacity(list.len());
    for (options, frame) in list.iter().zip(grouped_frames) {
        let names: Vec<&str> = options.by.iter().map(|d| d.name()).collect();
        let mut groups = match &frame {
            Some(df) => read_groups(df, &names, method)?,
            None => Vec::new(),
        };
        let mut total = total.clone();
        total.keys = names.iter().map(|n| (n.to_string(), values::ALL.to_string())).collect();
        if !options.dominance {
            total.top_share = None;
            groups.iter_mut().for_each(|g| g.top_share = None);
        }
        suppress(&mut groups, &mut total, options);
        summaries.push(MicroSummary {
            by: options.by.clone(),
            weighted,
            percentile_method: method_text(weighted),
            min_n: options.min_n,
            rules: rules(options),
            groups,
            total,
            rows_invalid,
        });
    }
    Ok(Some(Summaries { summaries, rows: source_frame }))
}

/// The percentile definition, in words.
pub fn method_text(weighted: bool) -> String {
    if weighted {
        "weighted: the smallest value whose cumulative weight reaches q × total weight".into()
    } else {
        "linear interpolation between order statistics (numpy/polars \"linear\")".into()
    }
}

/// The suppression rules of `options`, in words.
pub fn rules(options: &MicroSummaryOptions) -> Vec<String> {
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

fn read_groups(df: &DataFrame, names: &[&str], method: Method) -> PolarsResult<Vec<MicroGroup>> {
    use crate::analysis::frame::{floats, strings};
    let keys: Vec<Vec<Option<String>>> = names.iter().map(|n| strings(df, n)).collect::<PolarsResult<_>>()?;
    let n: Vec<u64> = df.column(N)?.cast(&DataType::UInt64)?.u64()?.iter().map(Option::unwrap_or_default).collect();
    let (weight, wx) = (floats(df, W)?, floats(df, WX)?);
    let lists = df.column(VALUES)?.list()?;
    let qs: Vec<f64> = PERCENTILES.iter().map(|(_, q)| *q).collect();
    let top_share = if df.column("top_share").is_ok() { floats(df, "top_share")? } else { vec![None; df.height()] };
    let mut groups = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let values: Vec<Option<f64>> = match lists.get_as_series(i) {
            Some(s) => s.cast(&DataType::Float64)?.f64()?.iter().collect(),
            None => Vec::new(),
        };
        let mut percentiles = <[Option<f64>; 5]>::try_from(method.percentiles(&qs, &values, n[i]))
            .map_err(|_| polars_err!(ComputeError: "expected {} percentiles", PERCENTILES.len()))?;
        // Weights summing to zero give no weighted figure (`suppress` says "no weight").
        let no_weight = method == Method::Weighted && weight[i].is_none_or(|w| w <= 0.0);
        if no_weight {
            percentiles = [None; 5];
        }
        // Weighted mean over the weight; unweighted, over the rows (the sums are of wage × one).
        let denominator = match method {
            Method::Weighted => weight[i],
            Method::Linear => Some(n[i] as f64),
        };
        groups.push(MicroGroup::new(
            names.iter().zip(&keys).map(|(n, k)| (n.to_string(), k[i].clone().unwrap_or_default())).collect(),
            n[i],
            weight[i],
            wx[i].zip(denominator).filter(|_| !no_weight).map(|(wx, d)| wx / d),
            percentiles,
            top_share[i],
        ));
    }
    Ok(groups)
}

/// Withhold a group's figures, saying why.
pub fn hide(group: &mut MicroGroup, reason: String) {
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

/// Why a group whose weights sum to zero has no figure (not a suppression: nothing is hidden).
pub const NO_WEIGHT: &str = "no weight";

/// Whether a group was left without figures because its weights sum to zero.
pub fn has_no_weight(group: &MicroGroup) -> bool {
    group.suppression.as_deref() == Some(NO_WEIGHT)
}

/// Apply the primary, dominance and secondary rules (see the module docs). A group whose weights
/// sum to zero has no figures ("no weight") and hides nothing, so it calls for no secondary
/// suppression.
pub fn suppress(groups: &mut [MicroGroup], total: &mut MicroGroup, options: &MicroSummaryOptions) {
    let primary = |g: &MicroGroup| {
        if g.weight.is_some_and(|w| w <= 0.0) {
            Some(NO_WEIGHT.to_string())
        } else if g.n < options.min_n {
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
    let hidden = groups.iter().filter(|g| g.suppressed && !has_no_weight(g)).count();
    if options.secondary && hidden == 1 && !total.suppressed {
        let smallest = groups.iter_mut().filter(|g| !g.suppressed).min_by_key(|g| (g.n, g.keys.clone()));
        if let Some(group) = smallest {
            hide(group, "secondary".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A canonical microdata frame of every dimension, with missing regions and years, an
    /// invalid row and a dominant employer.
    fn frame() -> LazyFrame {
        // setting, years, certified, wage, weight, region, year, employer, valid
        type Row<'a> = (&'a str, f64, bool, f64, f64, Option<&'a str>, Option<i64>, &'a str, bool);
        let rows: [Row; 14] = [
            ("Hospital", 0.5, true, 41_000.0, 1.0, Some("West"), Some(2023), "E1", true),
            ("Hospital", 2.0, true, 45_000.0, 2.0, Some("West"), Some(2023), "E2", true),
            ("Hospital", 3.0, false, 39_000.0, 1.5, None, Some(2024), "E3", true),
            ("Hospital", 12.0, true, 61_000.0, 1.0, Some("South"), None, "E4", true),
            ("Hospital", 25.0, false, 58_000.0, 0.5, Some("South"), Some(2024), "E5", true),
            ("Hospital", 6.0, true, 52_000.0, 1.0, None, None, "E6", true),
            ("Office", 1.0, false, 33_000.0, 3.0, Some("West"), Some(2023), "E7", true),
            ("Office", 1.5, false, 35_500.0, 1.0, Some("West"), Some(2024), "E7", true),
            ("Office", 8.0, true, 47_250.5, 1.0, Some("South"), Some(2023), "E8", true),
            ("Office", 9.0, true, 49_000.0, 2.5, Some("South"), Some(2023), "E9", true),
            ("Office", 0.0, false, 30_000.0, 1.0, None, Some(2023), "E10", true),
            ("Office", 4.0, true, 44_000.0, 1.0, Some("West"), None, "E11", true),
            ("Office", 30.0, true, 70_000.0, 1.0, Some("West"), Some(2024), "E12", true),
            ("Office", 3.0, true, -1.0, 1.0, Some("West"), Some(2024), "E13", false),
        ];
        df!(
            m::SETTING => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            m::YEARS_EXPERIENCE => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            m::CERTIFIED => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            m::ANNUAL_WAGE => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            m::WEIGHT => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
            m::REGION => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
            m::YEAR => rows.iter().map(|r| r.6).collect::<Vec<_>>(),
            m::EMPLOYER => rows.iter().map(|r| r.7).collect::<Vec<_>>(),
            OK => rows.iter().map(|r| r.8).collect::<Vec<_>>(),
        )
        .expect("test frame")
        .lazy()
    }

    fn options(by: Vec<MicroDim>, weighted: bool) -> MicroSummaryOptions {
        MicroSummaryOptions { by, weighted, min_n: 2, dominance: true, secondary: true }
    }

    #[test]
    fn packed_keys_give_what_the_dimensions_give() {
        use MicroDim::*;
        for by in [
            vec![],
            vec![Setting],
            vec![Experience],
            vec![Certification],
            vec![Region],
            vec![Year],
            vec![Setting, Experience, Certification],
            vec![Region, Year, Setting],
            vec![Year, Certification, Region, Experience, Setting],
        ] {
            for weighted in [true, false] {
                let options = options(by.clone(), weighted);
                let coding = KeyCoding::new(&by);
                let list = std::slice::from_ref(&options);
                let packed = summarize_with(frame(), list, &by, Some(&coding)).expect("packed").expect("fits");
                let plain = summarize_with(frame(), list, &by, None).expect("plain").expect("always");
                let (packed, plain) = (&packed.summaries[0], &plain.summaries[0]);
                assert_eq!(packed.groups, plain.groups, "{by:?} weighted={weighted}");
                assert_eq!(packed.total, plain.total, "{by:?} weighted={weighted}");
                assert_eq!(packed.rows_invalid, 1);
            }
        }
    }

    #[test]
    fn a_histogram_rolls_up_exactly_to_coarser_groupings() {
        use MicroDim::*;
        let plain = |by: Vec<MicroDim>| MicroSummaryOptions { dominance: false, secondary: false, ..options(by, true) };
        let list = [plain(vec![Setting, Experience, Certification]), plain(vec![Setting]), plain(vec![])];
        let all = summarize_many(frame(), &list).expect("summaries").summaries;
        let by_setting = &all[1];
        // Hand-computed from `frame()`. Hospital: 39,000 (1.5), 41,000 (1), 45,000 (2), 52,000 (1),
        // 58,000 (0.5), 61,000 (1); running 1.5, 2.5, 4.5, 5.5, 6, 7 of 7. Thresholds 0.7, 1.75,
        // 3.5, 5.25, 6.3 → 39,000, 41,000, 45,000, 52,000, 61,000; mean 331,500 / 7.
        let hospital = &by_setting.groups[0];
        assert_eq!(hospital.keys["setting"], "Hospital");
        assert_eq!((hospital.n, hospital.weight), (6, Some(7.0)));
        let got = [hospital.p10, hospital.p25, hospital.median, hospital.p75, hospital.p90];
        assert_eq!(got, [39_000.0, 41_000.0, 45_000.0, 52_000.0, 61_000.0].map(Some));
        assert!((hospital.mean.expect("mean") - 331_500.0 / 7.0).abs() < 1e-9);
        // Office (the invalid row left out): 30,000 (1), 33,000 (3), 35,500 (1), 44,000 (1),
        // 47,250.5 (1), 49,000 (2.5), 70,000 (1); running 1, 4, 5, 6, 7, 9.5, 10.5 of 10.5.
        // Thresholds 1.05, 2.625, 5.25, 7.875, 9.45 → 33,000, 33,000, 44,000, 49,000, 49,000.
        let office = &by_setting.groups[1];
        assert_eq!((office.n, office.weight), (7, Some(10.5)));
        let got = [office.p10, office.p25, office.median, office.p75, office.p90];
        assert_eq!(got, [33_000.0, 33_000.0, 44_000.0, 49_000.0, 49_000.0].map(Some));
        // Rolled up from the finest grouping, the same as summarized on its own; the total too.
        let alone = summarize(frame(), &list[1]).expect("alone");
        assert_eq!(by_setting.groups, alone.groups);
        assert_eq!(MicroGroup { keys: alone.total.keys.clone(), ..all[2].total.clone() }, alone.total);
        // Hospital 6 cells; Office 5 (1 and 1.5 years share 1-4 uncertified; 8 and 9, 5-9 certified).
        assert_eq!(all[0].groups.len(), 11, "setting × experience × certification cells in the frame");
    }

    #[test]
    fn missing_keys_are_groups_of_their_own() {
        let options = MicroSummaryOptions { dominance: false, ..options(vec![MicroDim::Region], true) };
        let summary = summarize(frame(), &options).expect("summary");
        let regions: Vec<&str> = summary.groups.iter().map(|g| g.keys["region"].as_str()).collect();
        // A missing region sorts first and shows as empty.
        assert_eq!(regions, ["", "South", "West"]);
        let missing = &summary.groups[0];
        assert_eq!(missing.n, 3);
        assert_eq!(missing.weight, Some(3.5));
        // 39,000 (1.5), 30,000 (1), 52,000 (1): sorted 30,000 39,000 52,000, running 1, 2.5, 3.5;
        // the median's threshold 1.75 is reached at 39,000.
        assert_eq!(missing.median, Some(39_000.0));
        assert_eq!(summary.total.n, 13, "the invalid row is left out");
    }

    #[test]
    fn a_packed_key_that_does_not_fit_is_detected() {
        use MicroDim::*;
        // Five dimensions leave 9 bits to each of setting, region and year: 510 values fit.
        let coding = KeyCoding::new(&[Setting, Region, Year, Experience, Certification]);
        let many: Vec<String> = (0..600).map(|i| format!("S{i}")).collect();
        let df = df!(m::SETTING => many.clone(), m::REGION => many.clone(), m::YEAR => (0..600i64).collect::<Vec<_>>(),
            m::YEARS_EXPERIENCE => vec![1.0; 600], m::CERTIFIED => vec![true; 600])
        .expect("test frame");
        df.lazy().select([coding.gid()]).collect().expect("gid");
        assert!(!coding.fits(), "600 settings do not fit 9 bits");
        let small = KeyCoding::new(&[Setting, Region, Year, Experience, Certification]);
        frame().select([small.gid()]).collect().expect("gid");
        assert!(small.fits());
    }
}
