//! The index of a batch of outlook reports: one row per occupation with the newest median pay, jobs,
//! projected growth and openings of its report, linking to it.

use serde::Serialize;

use crate::analysis::outlook::Outlook;
use crate::data::schema::values;
use crate::format::{money, published_percent, thousands};

/// One occupation's row in the index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexRow {
    pub code: String,
    pub title: String,
    /// The report's file name, relative to the index.
    pub href: String,
    pub median: String,
    pub jobs: String,
    pub growth: String,
    pub openings: String,
}

/// The whole context of `index.html`.
#[derive(Debug, Serialize)]
pub struct IndexContext {
    pub title: String,
    pub dataset: String,
    pub rows: Vec<IndexRow>,
    /// Occupations whose report could not be written, with why.
    pub failed: Vec<String>,
    pub median_note: String,
}

const NOT_IN_DATA: &str = "—";

/// The row of `o`'s report, written as `href`: the newest annual median (an hourly one, marked,
/// when only hourly pay is published), the newest employment, the newest projection.
pub fn row(o: &Outlook, href: &str) -> IndexRow {
    // `overall` is newest first.
    let annual = o.overall.iter().find(|f| f.basis == values::ANNUAL && f.median.is_some());
    let hourly = o.overall.iter().find(|f| f.basis == values::HOURLY && f.median.is_some());
    let median = match (annual, hourly) {
        (Some(a), Some(h)) if h.year > a.year => h.median.map(|m| format!("{} an hour", money(m, true))),
        (Some(a), _) => a.median.map(|m| money(m, false)),
        (None, Some(h)) => h.median.map(|m| format!("{} an hour", money(m, true))),
        (None, None) => None,
    };
    let newest_jobs = o
        .employment
        .iter()
        .filter(|e| e.status == values::ACTUAL)
        .max_by_key(|e| e.year)
        .map(|e| e.employment)
        .or_else(|| o.overall.iter().find_map(|f| f.employment));
    let vintage = o.vintages.last();
    IndexRow {
        code: o.family.current.code.clone(),
        title: o.family.current.title.clone(),
        href: href.to_string(),
        median: median.unwrap_or_else(|| NOT_IN_DATA.into()),
        jobs: newest_jobs.map(|j| thousands(j, 0)).unwrap_or_else(|| NOT_IN_DATA.into()),
        growth: vintage
            .and_then(|v| {
                v.figure
                    .percent_change
                    .map(|p| format!("{} ({}–{})", published_percent(p), v.figure.base_year, v.figure.target_year))
            })
            .unwrap_or_else(|| NOT_IN_DATA.into()),
        openings: vintage
            .and_then(|v| v.openings.per_year)
            .map(|o| thousands(o, 0))
            .unwrap_or_else(|| NOT_IN_DATA.into()),
    }
}
