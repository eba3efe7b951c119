//! The index of a batch of outlook reports: one row per occupation with the newest median pay, jobs,
//! projected growth and openings of its report, linking to it.

use serde::Serialize;

use crate::analysis::outlook::Outlook;
use crate::data::schema::values;
use crate::format::{money, published_percent, thousands};

/// One occupation's row in the index: the figures as shown, and the values the Occupation
/// Finder filters and sorts on.
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
    /// The newest projection's numeric change ("+13,800").
    pub new_jobs: String,
    /// The major group (`29-0000`) and its title, when the data name it.
    pub major_code: String,
    pub major_title: String,
    /// Typical education needed for entry and on-the-job training (Employment Projections).
    pub education: String,
    pub training: String,
    /// The Handbook's wording of the newest projection ("much faster than the average …"), or
    /// why there is none.
    pub growth_phrase: String,
    /// "$40,000 to $59,999" (annual median pay band), "not in the data".
    pub pay_band: String,
    /// Band of the newest projection's numeric change ("1,000 to 4,999 new jobs").
    pub new_jobs_band: String,
    /// Numbers to sort on (empty when not in the data): annual median, jobs, percent change,
    /// numeric change, openings a year.
    pub median_value: Option<f64>,
    pub jobs_value: Option<f64>,
    pub growth_value: Option<f64>,
    pub new_jobs_value: Option<f64>,
    pub openings_value: Option<f64>,
    /// Other names to search by: the dataset's aliases and O*NET's alternate titles, lower case.
    pub also_called: String,
}

/// The Occupation Finder's median pay bands, annual (lower bound, label).
const PAY_BANDS: [(f64, &str); 6] = [
    (f64::NEG_INFINITY, "less than $30,000"),
    (30_000.0, "$30,000 to $39,999"),
    (40_000.0, "$40,000 to $59,999"),
    (60_000.0, "$60,000 to $79,999"),
    (80_000.0, "$80,000 to $99,999"),
    (100_000.0, "$100,000 or more"),
];

/// Bands of projected new jobs (numeric change over the projection).
const JOBS_BANDS: [(f64, &str); 6] = [
    (f64::NEG_INFINITY, "fewer jobs"),
    (0.0, "0 to 999 new jobs"),
    (1_000.0, "1,000 to 4,999 new jobs"),
    (5_000.0, "5,000 to 19,999 new jobs"),
    (20_000.0, "20,000 to 49,999 new jobs"),
    (50_000.0, "50,000 or more new jobs"),
];

fn band(value: Option<f64>, bands: &[(f64, &str)]) -> String {
    match value {
        Some(v) => bands.iter().rev().find(|(lo, _)| v >= *lo).map_or_else(String::new, |(_, l)| (*l).to_string()),
        None => NOT_IN_DATA_WORDS.to_string(),
    }
}

const NOT_IN_DATA_WORDS: &str = "not in the data";

/// The rows of one major group.
#[derive(Debug, Serialize)]
pub struct IndexGroup {
    pub code: String,
    pub title: String,
    pub rows: Vec<IndexRow>,
}

/// The values each filter of the finder offers, in a reader's order.
#[derive(Debug, Serialize, Default)]
pub struct Filters {
    pub education: Vec<String>,
    pub training: Vec<String>,
    pub growth: Vec<String>,
    pub new_jobs: Vec<String>,
    pub pay: Vec<String>,
}

/// The whole context of `index.html`: the Occupation Finder.
#[derive(Debug, Serialize)]
pub struct IndexContext {
    pub title: String,
    pub dataset: String,
    /// Every row, in SOC code order.
    pub rows: Vec<IndexRow>,
    /// The rows by major group, in code order.
    pub groups: Vec<IndexGroup>,
    pub filters: Filters,
    /// Occupations whose report could not be written, with why.
    pub failed: Vec<String>,
    pub median_note: String,
}

const NOT_IN_DATA: &str = "—";

/// BLS's categories of typical education needed for entry, highest first.
const EDUCATION_ORDER: [&str; 8] = [
    "Doctoral or professional degree",
    "Master's degree",
    "Bachelor's degree",
    "Associate's degree",
    "Postsecondary nondegree award",
    "Some college, no degree",
    "High school diploma or equivalent",
    "No formal educational credential",
];
/// BLS's categories of typical on-the-job training, longest first.
const TRAINING_ORDER: [&str; 6] = [
    "Internship/residency",
    "Apprenticeship",
    "Long-term on-the-job training",
    "Moderate-term on-the-job training",
    "Short-term on-the-job training",
    "None",
];

/// The distinct `values`, those of `order` first in its order, the others alphabetical, the
/// "not known" ones last.
fn ordered(values: impl Iterator<Item = String>, order: &[&str]) -> Vec<String> {
    let mut distinct: Vec<String> = values.collect();
    distinct.sort();
    distinct.dedup();
    let rank = |v: &String| {
        let last = v == NOT_IN_DATA_WORDS || v.starts_with("wording not known");
        (last, order.iter().position(|o| o.eq_ignore_ascii_case(v)).unwrap_or(order.len()), v.clone())
    };
    distinct.sort_by_key(rank);
    distinct
}

/// The growth wordings from the fastest down, across editions of the Handbook.
fn growth_rank(phrase: &str) -> usize {
    const ORDER: [&str; 8] = [
        "much faster",
        "faster",
        "about as fast",
        "slower",
        "more slowly",
        "little or no",
        "decline slowly",
        "decline",
    ];
    ORDER.iter().position(|o| phrase.starts_with(o)).unwrap_or(ORDER.len())
}

impl IndexContext {
    /// The finder of `rows` (in code order): grouped by major group, with each filter's values.
    pub fn new(title: String, dataset: String, rows: Vec<IndexRow>, failed: Vec<String>, median_note: String) -> Self {
        let mut groups: Vec<IndexGroup> = Vec::new();
        for r in &rows {
            match groups.last_mut() {
                Some(g) if g.code == r.major_code => g.rows.push(r.clone()),
                _ => groups.push(IndexGroup {
                    code: r.major_code.clone(),
                    title: if r.major_title.is_empty() {
                        format!("Major group {}", r.major_code)
                    } else {
                        r.major_title.clone()
                    },
                    rows: vec![r.clone()],
                }),
            }
        }
        let mut growth: Vec<String> = rows.iter().map(|r| r.growth_phrase.clone()).collect();
        growth.sort();
        growth.dedup();
        growth
            .sort_by_key(|g| (g == NOT_IN_DATA_WORDS || g.starts_with("wording not known"), growth_rank(g), g.clone()));
        let filters = Filters {
            education: ordered(rows.iter().map(|r| r.education.clone()), &EDUCATION_ORDER),
            training: ordered(rows.iter().map(|r| r.training.clone()), &TRAINING_ORDER),
            growth,
            new_jobs: ordered(rows.iter().map(|r| r.new_jobs_band.clone()), &JOBS_BANDS.map(|(_, l)| l)),
            pay: ordered(rows.iter().map(|r| r.pay_band.clone()), &PAY_BANDS.map(|(_, l)| l)),
        };
        IndexContext { title, dataset, rows, groups, filters, failed, median_note }
    }
}

/// The row of `o`'s report, written as `href`: the newest annual median (an hourly one, marked,
/// when only hourly pay is published), the newest employment, the newest projection, the entry
/// requirements; `major_title` names the major group, `also_called` other names to search by.
pub fn row(o: &Outlook, href: &str, major_title: &str, also_called: &[String]) -> IndexRow {
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
    let annual_value = match (annual, hourly) {
        (Some(a), Some(h)) if h.year > a.year => h.median.map(|m| m * o.hours_per_year),
        (Some(a), _) => a.median,
        (None, Some(h)) => h.median.map(|m| m * o.hours_per_year),
        (None, None) => None,
    };
    let assigned = crate::report::outlook::facts::newest_assignments(o);
    let assignment = |label: &str| {
        assigned
            .iter()
            .find(|(l, _, _)| *l == label)
            .map_or_else(|| NOT_IN_DATA_WORDS.to_string(), |(_, v, _)| (*v).to_string())
    };
    let percent = vintage.and_then(|v| v.figure.percent_change.or(v.scenarios.base_percent));
    let change = vintage.and_then(|v| {
        v.figure.change.or(match (v.figure.base_employment, v.figure.target_employment) {
            (Some(b), Some(t)) => Some(t - b),
            _ => None,
        })
    });
    let growth_phrase = match vintage {
        Some(v) => v
            .phrase
            .clone()
            .unwrap_or_else(|| format!("wording not known for {}–{}", v.figure.base_year, v.figure.target_year)),
        None => NOT_IN_DATA_WORDS.to_string(),
    };
    let major_code = crate::analysis::outlook::compare::major_group(&o.family.current.code).unwrap_or_default();
    let mut words: Vec<String> = o.family.current.aliases.iter().chain(also_called).map(|w| w.to_lowercase()).collect();
    words.dedup();
    IndexRow {
        major_title: major_title.to_string(),
        major_code,
        education: assignment("Typical entry-level education"),
        training: assignment("On-the-job training"),
        growth_phrase,
        pay_band: band(annual_value, &PAY_BANDS),
        new_jobs_band: band(change, &JOBS_BANDS),
        new_jobs: change.map(|c| crate::format::signed(c, 0)).unwrap_or_else(|| NOT_IN_DATA.into()),
        median_value: annual_value,
        jobs_value: newest_jobs,
        growth_value: percent,
        new_jobs_value: change,
        openings_value: vintage.and_then(|v| v.openings.per_year),
        also_called: words.join("; "),
        code: o.family.current.code.clone(),
        title: o.family.current.title.clone(),
        href: href.to_string(),
        median: median.unwrap_or_else(|| NOT_IN_DATA.into()),
        jobs: newest_jobs.map(|j| thousands(j, 0)).unwrap_or_else(|| NOT_IN_DATA.into()),
        growth: vintage
            .and_then(|v| {
                v.figure.percent_change.map(|p| {
                    format!(
                        "{} ({})",
                        published_percent(p),
                        crate::report::outlook::facts::period(v.figure.base_year, v.figure.target_year)
                    )
                })
            })
            .unwrap_or_else(|| NOT_IN_DATA.into()),
        openings: vintage
            .and_then(|v| v.openings.per_year)
            .map(|o| thousands(o, 0))
            .unwrap_or_else(|| NOT_IN_DATA.into()),
    }
}
