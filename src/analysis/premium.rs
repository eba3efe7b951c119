//! Premiums and differentials: how much more one group earns than a reference group, in percent
//! of the reference (group ÷ reference − 1). The statistic is the median (weighted when the data
//! have weights), so a few very high earners do not drive the figure.
//!
//! - certification: certified vs uncertified, raw, and within setting × experience cells — each
//!   cell's premium weighted by the cell's total weight — so experience and setting are held fixed;
//! - experience: each band vs the entry band (the lowest band with data);
//! - setting: each setting vs all settings.
//!
//! A premium is only computed from groups that are not suppressed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::figures::WageFigure;
use super::micro::{MicroDim, MicroGroup, MicroSummary, MicroSummaryOptions};
use crate::data::schema::values;

/// One premium of a group over its reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Premium {
    /// What the groups differ in: certification, experience or setting.
    pub dimension: String,
    pub group: String,
    pub reference: String,
    /// The statistic compared (median).
    pub statistic: String,
    pub group_value: Option<f64>,
    pub reference_value: Option<f64>,
    /// The basis of the two values: annual or hourly.
    pub basis: String,
    /// (group ÷ reference − 1) × 100; null when either side is suppressed or missing.
    pub premium_percent: Option<f64>,
    /// The base in words.
    pub base: String,
}

fn percent(group: Option<f64>, reference: Option<f64>) -> Option<f64> {
    match (group, reference) {
        (Some(g), Some(r)) if r > 0.0 => Some((g / r - 1.0) * 100.0),
        _ => None,
    }
}

fn key(group: &MicroGroup, dim: MicroDim) -> &str {
    group.keys.get(dim.name()).map_or("", String::as_str)
}

/// Premiums of every group of a one-dimension microdata summary over its reference group.
pub fn from_summary(summary: &MicroSummary, basis: &str) -> Vec<Premium> {
    let [dim] = summary.by.as_slice() else { return Vec::new() };
    let (reference, base): (Option<&MicroGroup>, String) = match dim {
        MicroDim::Certification => (
            summary.groups.iter().find(|g| key(g, *dim) == values::UNCERTIFIED),
            "the median of uncertified workers".into(),
        ),
        MicroDim::Experience => {
            let entry = summary.groups.iter().find(|g| g.median.is_some());
            let label = entry.map_or(String::new(), |g| key(g, *dim).to_string());
            (entry, format!("the median of the entry band ({label} years)"))
        }
        MicroDim::Setting => (Some(&summary.total), "the median of all settings".into()),
        MicroDim::Region | MicroDim::Year => return Vec::new(),
    };
    let Some(reference) = reference else { return Vec::new() };
    summary
        .groups
        .iter()
        .filter(|g| !std::ptr::eq(*g, reference) && !crate::analysis::micro::has_no_weight(g))
        .map(|g| Premium {
            dimension: dim.name().to_string(),
            group: key(g, *dim).to_string(),
            reference: if *dim == MicroDim::Setting {
                values::ALL.to_string()
            } else {
                key(reference, *dim).to_string()
            },
            statistic: "median".into(),
            group_value: g.median,
            reference_value: reference.median,
            basis: basis.to_string(),
            premium_percent: percent(g.median, reference.median),
            base: base.clone(),
        })
        .collect()
}

/// The certification premium with setting and experience held fixed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WithinCells {
    /// Weighted average of the cell premiums, in percent; null when no cell qualifies.
    pub premium_percent: Option<f64>,
    /// Cells (setting × experience band) where both groups have at least `min_n` rows.
    pub cells_used: u64,
    pub cells_total: u64,
    /// Share of the total weight in the cells used.
    pub weight_share: f64,
    pub method: String,
}

/// The summary [`certification_within_cells`] needs: the file by setting, experience and
/// certification with `options`' weighting, unsuppressed (only the combined premium is published).
pub fn cells_options(options: &MicroSummaryOptions) -> MicroSummaryOptions {
    MicroSummaryOptions {
        by: vec![MicroDim::Setting, MicroDim::Experience, MicroDim::Certification],
        min_n: 1,
        dominance: false,
        secondary: false,
        ..options.clone()
    }
}

/// Certified vs uncertified median within each setting × experience cell, combined by cell weight.
/// `cells` is the summary of [`cells_options`]: a cell is used only when both its groups have at
/// least `min_n` rows.
pub fn certification_within_cells(cells: &MicroSummary, min_n: u64) -> WithinCells {
    // (setting, band) → [certified, uncertified]
    let mut pairs: BTreeMap<(&str, &str), [Option<&MicroGroup>; 2]> = BTreeMap::new();
    for g in &cells.groups {
        let key = |dim: MicroDim| g.keys.get(dim.name()).map_or("", String::as_str);
        let side = usize::from(key(MicroDim::Certification) != values::CERTIFIED);
        pairs.entry((key(MicroDim::Setting), key(MicroDim::Experience))).or_default()[side] = Some(g);
    }
    let (mut all_w, mut used_w, mut premium_w, mut cells_used) = (0.0, 0.0, 0.0, 0u64);
    for [certified, uncertified] in pairs.values() {
        let weight = |g: &Option<&MicroGroup>| g.and_then(|g| g.weight).unwrap_or(0.0);
        let cell_w = weight(certified) + weight(uncertified);
        all_w += cell_w;
        let usable = |g: &Option<&MicroGroup>| g.filter(|g| g.n >= min_n).and_then(|g| g.median);
        if let (Some(c), Some(u)) = (usable(certified), usable(uncertified)) {
            cells_used += 1;
            used_w += cell_w;
            premium_w += (c / u - 1.0) * cell_w;
        }
    }
    WithinCells {
        premium_percent: (cells_used > 0).then(|| premium_w / used_w * 100.0),
        cells_used,
        cells_total: pairs.len() as u64,
        weight_share: if all_w > 0.0 { used_w / all_w } else { 0.0 },
        method: format!(
            "median of certified ÷ median of uncertified − 1 in each setting × experience cell where both groups have at least {min_n} rows, averaged with each cell's total weight"
        ),
    }
}

/// Premiums from published figures: each group's median over the figure for `all` of the same
/// source, year and basis (published tables rarely have an entry-band figure).
pub fn from_published(dimension: &str, figures: &[WageFigure], group_of: fn(&WageFigure) -> &str) -> Vec<Premium> {
    figures
        .iter()
        .filter(|f| group_of(f) != values::ALL && f.median.is_some())
        .filter_map(|f| {
            let reference = figures.iter().find(|r| {
                group_of(r) == values::ALL
                    && r.source == f.source
                    && r.year == f.year
                    && r.basis == f.basis
                    && r.geography == f.geography
                    && r.occupation == f.occupation
                    && r.median.is_some()
            })?;
            Some(Premium {
                dimension: dimension.to_string(),
                group: group_of(f).to_string(),
                reference: values::ALL.to_string(),
                statistic: "median".into(),
                group_value: f.median,
                reference_value: reference.median,
                basis: f.basis.clone(),
                premium_percent: percent(f.median, reference.median),
                base: format!(
                    "the all-{dimension} median of the same source ({}), year ({}), geography and basis",
                    f.source, f.year
                ),
            })
        })
        .collect()
}
