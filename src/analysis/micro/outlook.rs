//! What the outlook report shows about a microdata file: the pay distribution, pay by setting
//! (with the p25–p75 band), the experience curve, and the certification premium raw and within
//! setting × experience cells. Pure: a canonical microdata scan in, typed results out.

use polars::prelude::*;
use serde::Serialize;

use super::kernel;
use super::{MicroDim, MicroSummary, MicroSummaryOptions, Summaries, summarize_many};
use crate::analysis::premium::{self, Premium, WithinCells, certification_within_cells};

/// Number of bins of the pay distribution, including the two open-ended ones.
pub const BINS: i64 = 14;

/// One bin of the pay distribution: `[low, high)`, open-ended at either end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub n: u64,
    /// Share of the total weight, in percent; null when suppressed.
    pub share_percent: Option<f64>,
    pub suppressed: bool,
}

/// The microdata part of the outlook report. A breakdown is `None` when the file lacks its
/// dimension (see [`MicroOutlook::left_out`]).
#[derive(Debug, Clone, Serialize)]
pub struct MicroOutlook {
    pub file: String,
    pub synthetic: bool,
    pub overall: MicroSummary,
    pub by_setting: Option<MicroSummary>,
    pub by_experience: Option<MicroSummary>,
    pub by_certification: Option<MicroSummary>,
    pub premiums: Vec<Premium>,
    /// Needs setting, experience and certification.
    pub within_cells: Option<WithinCells>,
    pub histogram: Vec<Bin>,
    /// Computed by another engine (`--aggregates`, `--spark`): no rows here, so no distribution chart.
    pub from_engine: bool,
}

impl MicroOutlook {
    /// What the report leaves out for want of a dimension, in words, one line per dimension.
    pub fn left_out(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let within = if self.within_cells.is_none() && self.by_certification.is_some() {
            " and the certification premium within setting × experience cells"
        } else {
            ""
        };
        if self.by_setting.is_none() {
            lines.push(format!("the file has no setting column, so pay by work setting{within} is left out"));
        }
        if self.by_experience.is_none() {
            let within = if self.by_setting.is_some() { within } else { "" };
            lines.push(format!("the file has no years_experience column, so pay by experience{within} is left out"));
        }
        if self.by_certification.is_none() {
            lines.push(
                "the file has no certified column, so pay by certification and the certification premium are left out"
                    .into(),
            );
        }
        if self.from_engine {
            lines.push(
                "the figures come from an engine's result, which holds no rows, so the distribution chart is left out"
                    .into(),
            );
        }
        lines
    }
}

/// A round bin width near `raw`: 1, 2, 2.5 or 5 × a power of ten.
pub fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let power = 10_f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|k| k * power).find(|step| *step >= raw).unwrap_or(10.0 * power)
}

/// Build every microdata result of the outlook report from one read of the file: the total and
/// a summary by each of `dims` (setting, experience, certification: those the file has), and
/// the within-cells premium when it has all three.
pub fn micro_outlook(
    lf: &LazyFrame,
    file: &str,
    synthetic: bool,
    options: &MicroSummaryOptions,
    dims: &[MicroDim],
) -> PolarsResult<MicroOutlook> {
    let breakdowns = [MicroDim::Setting, MicroDim::Experience, MicroDim::Certification];
    let mut list = vec![MicroSummaryOptions { by: Vec::new(), ..options.clone() }];
    list.extend(
        breakdowns.iter().filter(|d| dims.contains(d)).map(|d| MicroSummaryOptions { by: vec![*d], ..options.clone() }),
    );
    let cells = breakdowns.iter().all(|d| dims.contains(d));
    if cells {
        list.push(premium::cells_options(options));
    }
    let Summaries { summaries, rows } = summarize_many(lf.clone(), &list)?;
    let mut summaries = summaries.into_iter();
    let overall = summaries.next().ok_or_else(|| polars_err!(ComputeError: "no overall summary"))?;
    let mut by = |dim: MicroDim| if dims.contains(&dim) { summaries.next() } else { None };
    let (by_setting, by_experience, by_certification) =
        (by(MicroDim::Setting), by(MicroDim::Experience), by(MicroDim::Certification));
    let within_cells =
        if cells { summaries.next().map(|c| certification_within_cells(&c, options.min_n)) } else { None };
    let start = std::time::Instant::now();
    let histogram = histogram(&rows, &overall, options)?;
    if std::env::var_os("WAGESCOPE_TIMINGS").is_some() {
        eprintln!("{:>24}: {:.3} s", "distribution chart", start.elapsed().as_secs_f64());
    }
    Ok(MicroOutlook {
        file: file.to_string(),
        synthetic,
        premiums: by_certification.as_ref().map(|s| premium::from_summary(s, "annual")).unwrap_or_default(),
        by_setting,
        by_experience,
        by_certification,
        within_cells,
        histogram,
        overall,
        from_engine: false,
    })
}

/// Pay distribution in [`BINS`] bins of a round width spanning p10–p90 with margins; the first
/// and last bins are open-ended so no single extreme wage stands alone. Bins with fewer than
/// `min_n` rows are suppressed. `rows` is the summary's narrow frame (`micro::Summaries::rows`),
/// counted by a kernel of our own (`kernel::distribution`).
fn histogram(rows: &DataFrame, overall: &MicroSummary, options: &MicroSummaryOptions) -> PolarsResult<Vec<Bin>> {
    let (Some(p10), Some(p90)) = (overall.total.p10, overall.total.p90) else { return Ok(Vec::new()) };
    let inner = (BINS - 2) as f64;
    let width = nice_step((p90 - p10) * 1.5 / inner);
    let start = ((p10 - (p90 - p10) * 0.25) / width).floor().max(0.0) * width;
    let counts = kernel::distribution(rows, start, width, BINS as usize)?;
    let total: i128 = counts.iter().map(|(_, w)| w).sum();
    let mut out: Vec<Bin> = counts
        .iter()
        .zip(0..BINS)
        .map(|(&(n, w), b)| {
            let low = (b > 0).then(|| start + (b - 1) as f64 * width);
            let high = (b < BINS - 1).then_some(start + b as f64 * width);
            let suppressed = n > 0 && n < options.min_n;
            // Exact weights: the share is one division of two exact sums.
            let share = (!suppressed && total > 0).then(|| w as f64 / total as f64 * 100.0);
            Bin { low, high, n, share_percent: share, suppressed }
        })
        .collect();
    // Secondary suppression, as for groups: one hidden bin could be recovered from the total.
    if out.iter().filter(|b| b.suppressed).count() == 1
        && let Some(smallest) = out.iter_mut().filter(|b| !b.suppressed && b.n > 0).min_by_key(|b| b.n)
    {
        smallest.suppressed = true;
        smallest.share_percent = None;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::nice_step;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(3_700.0), 5_000.0);
        assert_eq!(nice_step(2_100.0), 2_500.0);
        assert_eq!(nice_step(1_000.0), 1_000.0);
        assert_eq!(nice_step(12.0), 20.0);
        assert_eq!(nice_step(0.0), 1.0);
    }
}
