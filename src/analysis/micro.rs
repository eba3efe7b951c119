//! Summaries of microdata by any combination of dimensions: count, weight, mean and percentiles
//! (weighted when the file has weights), with statistical-disclosure suppression.
//!
//! Percentile definitions (DOMAIN.md §2), pinned by tests:
//! - unweighted: linear interpolation between order statistics (numpy's and polars' "linear");
//! - weighted: the smallest value whose cumulative weight reaches q × total weight.
//!
//! Both are found exactly without sorting the data (`analysis::percentiles`); weights and the
//! means' sums of wages are added exactly, so a file gives the same figures, to the last digit,
//! on every run.
//!
//! Suppression, applied to every group and to the total:
//! - primary: fewer than `min_n` rows;
//! - dominance (when an `employer` column exists): one employer holds more than 25% of the weight;
//! - secondary: when exactly one group is suppressed, the smallest other group is suppressed too,
//!   so the hidden group cannot be recovered by subtracting the others from the total.

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use super::micro_keys::{EMPLOYER_CODE, GID, KeyCoding};
use super::percentiles::{self, BIN, Method, N, VALUES, W, WX};
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

/// A group and its bin, or a group and an employer, as one integer ([`packed_key`]).
const PACKED: &str = "__packed";
/// Bits of [`PACKED`] for the wage bin: bins are below 2²⁷ (`analysis::percentiles::bin`).
const BIN_BITS: u32 = 28;

/// `gid × 2^bits + low`: a group (32 bits) and its bin or employer code in one u64.
fn packed_key(gid: Expr, low: Expr, bits: u32) -> Expr {
    // In u64 first: a literal takes the column's type, and u32 arithmetic would wrap.
    (gid.cast(DataType::UInt64) * lit(1u64 << bits) + low.cast(DataType::UInt64)).alias(PACKED)
}

/// An employer's largest weight in a group (dominance rule).
const TOP_WEIGHT: &str = "__top_weight";

/// Summarize the canonical microdata scan `lf` (see `data::microdata`).
///
/// The file is read once, into its narrow coded columns (group key, wage bin, wage, weight,
/// validity, employer). Stage 1 aggregates them in one streaming pass: per group and wage bin
/// the rows, weight and weight × wage (`analysis::percentiles`), each employer's weight per group
/// (dominance rule), and the count of invalid rows. From the histogram, stage 2 locates the bin
/// that holds each percentile, and stage 3 sorts only the rows of those bins. Groups are keyed by
/// one packed integer (`analysis::micro_keys`), or by the dimensions themselves if a dimension
/// has more values than its share of the integer holds.
pub fn summarize(lf: LazyFrame, options: &MicroSummaryOptions) -> PolarsResult<MicroSummary> {
    let coding = KeyCoding::new(&options.by);
    if let Some(summary) = summarize_with(lf.clone(), options, Some(&coding))? {
        return Ok(summary);
    }
    summarize_with(lf, options, None)?
        .ok_or_else(|| polars_err!(ComputeError: "a summary keyed by its dimensions always completes"))
}

/// [`summarize`] with groups keyed by `packed`, or by the dimensions when `None`; `None` back
/// when a packed key did not fit.
fn summarize_with(
    lf: LazyFrame,
    options: &MicroSummaryOptions,
    packed: Option<&KeyCoding>,
) -> PolarsResult<Option<MicroSummary>> {
    let names: Vec<&str> = options.by.iter().map(|d| d.name()).collect();
    let key_names: Vec<&str> = if packed.is_some() { vec![GID] } else { names.clone() };
    let keys = || key_names.iter().map(|n| col(*n)).collect::<Vec<_>>();
    let method = if options.weighted { Method::Weighted } else { Method::Linear };
    let (mut columns, employer) = match packed {
        Some(coding) => (vec![coding.gid()], EMPLOYER_CODE),
        None => (options.by.iter().map(|d| d.code()).collect(), m::EMPLOYER),
    };
    columns.extend([col(m::ANNUAL_WAGE), col(m::WEIGHT), percentiles::bin(col(m::ANNUAL_WAGE)).alias(BIN), col(OK)]);
    if options.dominance {
        columns.push(packed.map_or_else(|| col(m::EMPLOYER), KeyCoding::employer));
    }
    // One streaming read of the file into its narrow coded columns; every later step reads this
    // frame. (Aggregating straight from the file, one plan per aggregate sharing the scan, and
    // reading it again for the rows near each percentile took 2.6 s instead of 1.6 s for 10M
    // Parquet rows, for 10% less memory.)
    let source = lf.select(columns).collect_with_engine(Engine::Streaming)?.unwrap_single().lazy();
    let valid = source.clone().filter(col(OK));
    // Packed, the group and the bin (or the employer) form one integer; unpacked, separate keys.
    let (histogram_by, employer_by) = match packed {
        Some(_) => (vec![packed_key(col(GID), col(BIN), BIN_BITS)], vec![packed_key(col(GID), col(employer), 32)]),
        None => {
            let with = |last: &str| keys().into_iter().chain([col(last)]).collect::<Vec<_>>();
            (with(BIN), with(employer))
        }
    };
    let mut stage1 = vec![
        percentiles::histogram(valid.clone(), histogram_by, method).logical_plan,
        source.select([col(OK).not().cast(DataType::UInt64).sum().alias("invalid")]).logical_plan,
    ];
    if options.dominance {
        stage1.push(percentiles::employer_weights(valid.clone(), employer_by).logical_plan);
    }
    // The aggregates in one pass over the source; the sums are exact, so the streaming engine's
    // parallel order does not change them.
    let mut stage1 = LazyFrame::collect_all_with_engine(stage1, Engine::Streaming, OptFlags::default())?.into_iter();
    let mut next =
        || stage1.next().ok_or_else(|| polars_err!(ComputeError: "stage 1 returned fewer frames than plans"));
    // A packed aggregate's key split back into the group and its bin (or employer code).
    let unpacked = |frame: DataFrame, last: &str, bits: u32, dtype: DataType| -> PolarsResult<DataFrame> {
        if packed.is_none() {
            return Ok(frame);
        }
        frame
            .lazy()
            .with_columns([
                col(PACKED).floor_div(lit(1u64 << bits)).cast(DataType::UInt32).alias(GID),
                (col(PACKED) % lit(1u64 << bits)).cast(dtype).alias(last),
            ])
            .collect()
    };
    let histogram = unpacked(next()?, BIN, BIN_BITS, DataType::Int32)?;
    let invalid = next()?;
    let by_employer =
        if options.dominance { Some(unpacked(next()?, employer, 32, DataType::UInt32)?.lazy()) } else { None };
    if packed.is_some_and(|coding| !coding.fits()) {
        return Ok(None);
    }
    let qs: Vec<f64> = PERCENTILES.iter().map(|(_, q)| *q).collect();
    let total = percentiles::locate(percentiles::merged(histogram.clone().lazy()).collect()?, &[], &qs, method)?;
    let groups = if names.is_empty() { None } else { Some(percentiles::locate(histogram, &key_names, &qs, method)?) };
    // Stage 3 reads the rows once for every group and the total: the rows of a located bin.
    let bins_of = |df: DataFrame, key: Expr| -> PolarsResult<Expr> {
        let values = df.lazy().select([key.alias("key")]).collect()?;
        Ok(lit(values.column("key")?.as_materialized_series().clone()).implode(false))
    };
    let mut wanted = col(BIN).is_in(bins_of(total.bins()?, col(BIN))?, false);
    if let Some(groups) = &groups {
        // With a packed key, the group's own bins; else any group's bins (the join sorts it out).
        let key = |gid: Expr| packed_key(gid, col(BIN), BIN_BITS);
        wanted = match packed {
            Some(_) => wanted.or(key(col(GID)).is_in(bins_of(groups.bins()?, key(col(GID)))?, false)),
            None => wanted.or(col(BIN).is_in(bins_of(groups.bins()?, col(BIN))?, false)),
        };
    }
    let mut narrow_rows = keys();
    narrow_rows.extend([col(BIN), col(m::ANNUAL_WAGE), col(m::WEIGHT)]);
    let candidates =
        valid.filter(wanted).select(narrow_rows).collect_with_engine(Engine::Streaming)?.unwrap_single().lazy();
    let decode = |lf: LazyFrame, experience: bool| {
        let exprs: Vec<Expr> =
            options.by.iter().filter(|d| (**d == MicroDim::Experience) == experience).map(|d| d.decode()).collect();
        if exprs.is_empty() { lf } else { lf.with_columns(exprs) }
    };
    let mut plans = vec![total.refine(candidates.clone()).logical_plan];
    if let Some(groups) = &groups {
        let mut grouped = groups.refine(candidates);
        if let Some(by_employer) = &by_employer {
            let top = by_employer
                .clone()
                .group_by(keys())
                .agg([col(W).max()])
                .select(keys().into_iter().chain([percentiles::float(W).alias(TOP_WEIGHT)]).collect::<Vec<_>>());
            grouped = grouped
                .join(top, keys(), keys(), JoinArgs { nulls_equal: true, ..JoinArgs::new(JoinType::Left) })
                .with_column((col(TOP_WEIGHT) / col(W)).alias("top_share"));
        }
        if let Some(coding) = packed {
            grouped = grouped.with_columns(coding.unpack());
        }
        let dims = || names.iter().map(|n| col(*n)).collect::<Vec<_>>();
        plans.push(
            decode(decode(grouped, false).sort_by_exprs(dims(), SortMultipleOptions::default()), true).logical_plan,
        );
    }
    if let Some(by_employer) = by_employer {
        let employers = by_employer.group_by([col(employer)]).agg([col(W).sum()]);
        plans.push(employers.select([col(W).max()]).select([percentiles::float(W).alias(TOP_WEIGHT)]).logical_plan);
    }
    let mut results = LazyFrame::collect_all_with_engine(plans, Engine::Auto, OptFlags::default())?.into_iter();
    let total_frame = results.next();
    let groups_frame = if names.is_empty() { None } else { results.next() };
    let top_frame = results.next();
    let mut groups = match &groups_frame {
        Some(df) => read_groups(df, &names, method)?,
        None => Vec::new(),
    };
    let mut total = match &total_frame {
        Some(df) => read_groups(df, &[], method)?.pop().unwrap_or_else(|| empty_group(&[])),
        None => empty_group(&[]),
    };
    total.keys = names.iter().map(|n| (n.to_string(), values::ALL.to_string())).collect();
    if let Some(top) = top_frame {
        let top = top.column(TOP_WEIGHT)?.cast(&DataType::Float64)?.f64()?.get(0);
        total.top_share = top.zip(total.weight).map(|(top, weight)| top / weight);
    }
    let rows_invalid = invalid_count(&invalid)?;
    suppress(&mut groups, &mut total, options);
    Ok(Some(MicroSummary {
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
    }))
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

fn read_groups(df: &DataFrame, names: &[&str], method: Method) -> PolarsResult<Vec<MicroGroup>> {
    use super::frame::{floats, strings};
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
        let [p10, p25, median, p75, p90] = <[Option<f64>; 5]>::try_from(method.percentiles(&qs, &values, n[i]))
            .map_err(|_| polars_err!(ComputeError: "expected {} percentiles", PERCENTILES.len()))?;
        // Weighted mean over the weight; unweighted, over the rows (the sums are of wage × one).
        let denominator = match method {
            Method::Weighted => weight[i],
            Method::Linear => Some(n[i] as f64),
        };
        groups.push(MicroGroup {
            keys: names.iter().zip(&keys).map(|(n, k)| (n.to_string(), k[i].clone().unwrap_or_default())).collect(),
            n: n[i],
            weight: weight[i],
            mean: wx[i].zip(denominator).map(|(wx, d)| wx / d),
            p10,
            p25,
            median,
            p75,
            p90,
            suppressed: false,
            suppression: None,
            top_share: top_share[i],
        });
    }
    Ok(groups)
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
                let packed = summarize_with(frame(), &options, Some(&coding)).expect("packed").expect("fits");
                let plain = summarize_with(frame(), &options, None).expect("plain").expect("always");
                assert_eq!(packed.groups, plain.groups, "{by:?} weighted={weighted}");
                assert_eq!(packed.total, plain.total, "{by:?} weighted={weighted}");
                assert_eq!(packed.rows_invalid, 1);
            }
        }
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
