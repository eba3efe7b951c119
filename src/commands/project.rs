//! `wagescope project`: the published projections of an occupation, worked out.

use anyhow::Result;
use comfy_table::{CellAlignment, Table as TextTable, presets};
use serde::Serialize;

use super::load;
use crate::analysis::occupation::family;
use crate::analysis::projection::{AtYear, MAX_EXTRAPOLATION_YEARS, ProjectOptions, Vintage, jobs, vintages};
use crate::cli::{Cli, ProjectArgs, Scenario, TableFormat};
use crate::error::WagescopeError;
use crate::format::{signed_percent, thousands};
use crate::output;

/// Level of the trend's prediction interval.
const TREND_LEVEL: f64 = 0.90;

#[derive(Serialize)]
struct Output<'a> {
    dataset: &'a str,
    occupations: Vec<String>,
    to_year: Option<i64>,
    scenario: Scenario,
    margin_pp: f64,
    vintages: &'a [Vintage],
    /// Log-linear trends of each code's actual employment series (three or more years).
    trends: Vec<crate::analysis::trend::Trend>,
}

pub fn run(cli: &Cli, args: &ProjectArgs) -> Result<()> {
    let dataset = load(cli)?;
    let family = family(&dataset, args.occupation.as_deref())?;
    let list =
        vintages(&dataset, &family.codes(), ProjectOptions { to_year: args.to_year, margin_pp: args.margin_pp })?;
    if let Some(year) = args.to_year
        && !list.is_empty()
        && list
            .iter()
            .all(|v| v.at_year.as_ref().is_some_and(|a| a.note.as_deref().is_some_and(|n| n.starts_with("more than"))))
    {
        let windows: Vec<String> =
            list.iter().map(|v| format!("{}–{}", v.figure.base_year, v.figure.target_year)).collect();
        return Err(WagescopeError::Usage(format!(
            "--to-year {year} is more than {MAX_EXTRAPOLATION_YEARS} years outside every projection window ({})",
            windows.join(", ")
        ))
        .into());
    }
    let trend_year = args.to_year.or_else(|| list.iter().map(|v| v.figure.target_year).max()).unwrap_or_default();
    let trends = crate::analysis::projection::trends(&dataset, &family.codes(), trend_year, TREND_LEVEL)?;
    let out = Output {
        trends,
        dataset: &dataset.label,
        occupations: family.codes(),
        to_year: args.to_year,
        scenario: args.scenario,
        margin_pp: args.margin_pp,
        vintages: &list,
    };
    match args.format {
        TableFormat::Json => output::print(&format!("{}\n", serde_json::to_string_pretty(&out)?)),
        TableFormat::Csv => output::print(&csv_text(&out)?),
        TableFormat::Table => output::print(&table_text(&out)),
    }
}

/// A scenario's name and how to read its value from an [`AtYear`].
type ScenarioColumn = (&'static str, fn(&AtYear) -> Option<f64>);

fn scenarios(s: Scenario) -> Vec<ScenarioColumn> {
    let low: ScenarioColumn = ("low", |a| a.low);
    let base: ScenarioColumn = ("base", |a| a.base);
    let high: ScenarioColumn = ("high", |a| a.high);
    match s {
        Scenario::Low => vec![low],
        Scenario::Base => vec![base],
        Scenario::High => vec![high],
        Scenario::All => vec![low, base, high],
    }
}

fn csv_text(out: &Output) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "occupation",
        "base_year",
        "target_year",
        "base_employment",
        "target_employment",
        "change",
        "percent_change",
        "annual_rate_percent",
        "phrase",
        "openings_per_year",
        "openings_basis",
        "openings_growth",
        "openings_exits",
        "openings_transfers",
        "all_occupations_percent",
        "year",
        "low",
        "base",
        "high",
        "extrapolated",
        "source",
    ])?;
    let num = |v: Option<f64>| v.map(crate::format::plain).unwrap_or_default();
    for v in out.vintages {
        let at = v.at_year.as_ref();
        writer.write_record([
            v.figure.occupation.clone(),
            v.figure.base_year.to_string(),
            v.figure.target_year.to_string(),
            num(v.figure.base_employment),
            num(v.figure.target_employment),
            num(v.figure.change),
            num(v.figure.percent_change),
            num(v.figure.annual_rate_percent),
            v.phrase.clone().unwrap_or_default(),
            num(v.openings.per_year),
            v.openings.basis.clone(),
            num(v.openings.growth_per_year),
            num(v.openings.exits_per_year),
            num(v.openings.transfers_per_year),
            num(v.all_occupations_percent),
            at.map(|a| a.year.to_string()).unwrap_or_default(),
            num(at.and_then(|a| a.low)),
            num(at.and_then(|a| a.base)),
            num(at.and_then(|a| a.high)),
            at.map(|a| a.extrapolated.to_string()).unwrap_or_default(),
            v.figure.source.clone(),
        ])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

fn table_text(out: &Output) -> String {
    let mut table = TextTable::new();
    table.load_style(presets::ASCII_MARKDOWN);
    let mut header: Vec<String> =
        ["period", "SOC", "base", "target", "change", "percent", "rate/yr", "wording", "openings/yr"]
            .map(String::from)
            .to_vec();
    let shown = scenarios(out.scenario);
    if let Some(year) = out.to_year {
        header.extend(shown.iter().map(|(name, _)| format!("{year} ({name})")));
    }
    header.push("source".into());
    table.set_header(header);
    let mut notes = Vec::new();
    for v in out.vintages {
        let period = format!("{}–{}", v.figure.base_year, v.figure.target_year);
        let mut row = vec![
            period.clone(),
            v.figure.occupation.clone(),
            jobs(v.figure.base_employment),
            jobs(v.figure.target_employment),
            jobs(v.figure.change),
            v.figure.percent_change.map_or_else(|| "not stated".into(), crate::format::published_percent),
            v.figure.annual_rate_percent.map(|r| format!("{r:.2}%")).unwrap_or_default(),
            v.phrase.clone().unwrap_or_else(|| "—".into()),
            v.openings.per_year.map(|o| thousands(o, 0)).unwrap_or_default(),
        ];
        if let Some(at) = &v.at_year {
            for (_, get) in &shown {
                let mark = if at.extrapolated && get(at).is_some() { "*" } else { "" };
                row.push(get(at).map(|e| format!("{}{mark}", thousands(e, 0))).unwrap_or_else(|| "—".into()));
            }
            if let Some(note) = &at.note {
                notes.push(format!("{period}: {note}"));
            }
        }
        row.push(v.figure.source.clone());
        table.add_row(row);
        if let (Some(d), Some(f)) = (&v.figure.derived, &v.figure.formula) {
            notes.push(format!("{period}: derived {d}: {f}"));
        }
        notes.push(format!("{period}: openings {}; wording: {}", v.openings.basis, v.phrase_note));
        if let (Some(total), Some(split)) = (v.openings.per_year, v.openings.split_text()) {
            notes.push(format!("{period}: {} openings a year = {split}", thousands(total, 0)));
        }
        if let Some(all) = v.all_occupations_percent {
            notes.push(format!("{period}: all occupations {}", signed_percent(all, 1)));
        }
        if let Some(factors) = &v.figure.factors {
            notes.push(format!("{period}: factors (the agency's words): {factors}"));
        }
    }
    for column in [2, 3, 4, 5, 6, 8] {
        if let Some(c) = table.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text =
        format!("Employment projections for SOC {} — {}\n{table}\n", out.occupations.join(", "), out.dataset);
    if out.to_year.is_some() {
        text.push_str(&format!(
            "Scenarios: the published percent change ∓ {} percentage points per ten years; * = extrapolated outside the projection's window.\n",
            crate::format::plain(out.margin_pp)
        ));
    }
    for note in notes {
        text.push_str(&format!("  {note}\n"));
    }
    if out.trends.is_empty() {
        text.push_str("Trend: no occupation code has three or more years of actual employment in the data, so no trend is fitted.\n");
    }
    for t in &out.trends {
        text.push_str(&format!(
            "Trend (SOC {}, {} years of data): {}/yr; {} in {} ({:.0}% interval {} – {}); {}\n",
            t.occupation,
            t.points.len(),
            signed_percent(t.growth_percent_per_year, 2),
            thousands(t.estimate, 0),
            t.year,
            t.level * 100.0,
            thousands(t.low, 0),
            thousands(t.high, 0),
            t.method
        ));
    }
    text
}
