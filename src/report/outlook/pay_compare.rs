//! The "Pay" section's comparison: the occupation's median beside its major group's and all
//! occupations', from one national table (the Handbook's pay chart), as bars and a small table.

use anyhow::Result;
use serde::Serialize;

use super::{RenderedChart, year_text};
use crate::analysis::outlook::compare::{ComparedPay, PayComparison};
use crate::charts::{Bar, ChartKind, ChartSpec, render_svg};
use crate::format::{money, thousands};
use crate::report::{Ref, Refs};

#[derive(Debug, Serialize)]
pub struct CompareRow {
    pub label: String,
    pub code: String,
    /// `occupation`, `major group` or `all occupations`.
    pub level: String,
    pub annual_median: String,
    pub hourly_median: String,
    pub employment: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct PayCompareSection {
    /// The data date of the table ("2023-05").
    pub date: String,
    pub chart: Option<RenderedChart>,
    pub rows: Vec<CompareRow>,
}

fn label(row: &ComparedPay) -> String {
    let title = if row.title.is_empty() { row.code.clone() } else { row.title.clone() };
    match row.level.as_str() {
        "occupation" => title,
        "all occupations" => "All occupations".to_string(),
        _ => format!("{title} (major group)"),
    }
}

/// The section, or `None` without a comparison.
pub fn section(comparison: Option<&PayComparison>, refs: &Refs) -> Result<Option<PayCompareSection>> {
    let Some(c) = comparison else { return Ok(None) };
    let date = year_text(c.date.year, c.date.month);
    let median = |w: &Option<crate::analysis::figures::WageFigure>, hourly: bool| {
        w.as_ref().and_then(|f| f.median).map(|v| money(v, hourly)).unwrap_or_default()
    };
    let rows: Vec<CompareRow> = c
        .rows
        .iter()
        .map(|r| CompareRow {
            label: label(r),
            code: r.code.clone(),
            level: r.level.clone(),
            annual_median: median(&r.wages.annual, false),
            hourly_median: median(&r.wages.hourly, true),
            employment: r.wages.employment().map(|e| thousands(e, 0)).unwrap_or_default(),
            refs: vec![refs.get(&c.date.source, &date)],
        })
        .collect();
    // Annual medians when every row has one (OEWS publishes some occupations hourly only).
    let hourly = c.rows.iter().any(|r| r.wages.annual.as_ref().and_then(|f| f.median).is_none());
    let bars: Vec<Bar> = c
        .rows
        .iter()
        .filter_map(|r| {
            let figure = if hourly { r.wages.hourly.as_ref() } else { r.wages.annual.as_ref() };
            let value = figure?.median?;
            Some(Bar {
                label: label(r),
                value,
                value_text: money(value, hourly),
                // The occupation in colour, the groups grey.
                reference: r.level != "occupation",
            })
        })
        .collect();
    let chart = if bars.len() >= 2 {
        let unit = if hourly { "hourly" } else { "annual" };
        let listed: Vec<String> = bars.iter().map(|b| format!("{} {}", b.label, b.value_text)).collect();
        let spec = ChartSpec {
            id: "pay-compare".into(),
            title: format!("Median {unit} pay, {date}: the occupation, its major group and all occupations"),
            description: format!(
                "Bar chart of median {unit} pay in {date}: {}. Source: [{}] {}.",
                listed.join("; "),
                refs.get(&c.date.source, "").n,
                c.date.source
            ),
            kind: ChartKind::Bars {
                value_axis: format!("Median {unit} pay (US$ {})", if hourly { "per hour" } else { "per year" }),
                bars,
            },
        };
        let svg = render_svg(&spec)?;
        Some(RenderedChart { spec, svg })
    } else {
        None
    };
    Ok(Some(PayCompareSection { date, chart, rows }))
}
