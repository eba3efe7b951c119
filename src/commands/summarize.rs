//! `wagescope summarize`: the published pay figures of one breakdown, each with source and year.

use anyhow::Result;
use comfy_table::{CellAlignment, Table as TextTable, presets};

use super::load;
use crate::analysis::figures::WageFigure;
use crate::analysis::micro::MicroDim;
use crate::analysis::occupation::family;
use crate::analysis::summary::{Summary, dimension_column, summarize};
use crate::cli::{Cli, Dimension, SummarizeArgs, TableFormat};
use crate::error::WagescopeError;
use crate::format;
use crate::output;

pub fn run(cli: &Cli, args: &SummarizeArgs) -> Result<()> {
    if let Some(path) = &args.micro.microdata {
        return super::micro_summary::run(cli, args, path);
    }
    if args.micro.aggregates.is_some() || args.micro.source.is_some() {
        return super::micro_summary::run_aggregates(cli, args);
    }
    let by = match args.by.as_slice() {
        [] => None,
        [one @ (Dimension::Setting | Dimension::Experience | Dimension::Certification)] => Some(MicroDim::from(*one)),
        _ => {
            return Err(WagescopeError::Usage(
                "the published tables break pay down by one of setting, experience or certification; \
                 combinations, region and year need --microdata"
                    .into(),
            )
            .into());
        }
    };
    let dataset = load(cli)?;
    let family = family(&dataset, args.occupation.as_deref())?;
    let conventions = super::conventions(cli, &args.basis, &dataset)?;
    let summary = summarize(&dataset, &family.codes(), by, &conventions)?;
    match args.format {
        TableFormat::Json => output::print(&format!("{}\n", serde_json::to_string_pretty(&summary)?)),
        TableFormat::Csv => output::print(&csv_text(&summary)?),
        TableFormat::Table => output::print(&table_text(&summary)),
    }
}

fn csv_text(summary: &Summary) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for figure in &summary.groups {
        writer.serialize(figure)?;
    }
    if summary.groups.is_empty() {
        // serde writes the header with the first record; an empty result still gets one.
        writer.write_record(crate::data::schema::WAGES.columns.iter().map(|c| c.name))?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

type Stat = (&'static str, fn(&WageFigure) -> Option<String>);
const STATS: [Stat; 7] = [
    ("median", |f| f.median.map(|v| format::money(v, f.is_hourly()))),
    ("mean", |f| f.mean.map(|v| format::money(v, f.is_hourly()))),
    ("p10", |f| f.p10.map(|v| format::money(v, f.is_hourly()))),
    ("p25", |f| f.p25.map(|v| format::money(v, f.is_hourly()))),
    ("p75", |f| f.p75.map(|v| format::money(v, f.is_hourly()))),
    ("p90", |f| f.p90.map(|v| format::money(v, f.is_hourly()))),
    ("posted range", |f| match (f.range_min, f.range_max) {
        (None, None) => None,
        (low, high) => Some(format!(
            "{}–{}",
            low.map(|v| format::money(v, f.is_hourly())).unwrap_or_default(),
            high.map(|v| format::money(v, f.is_hourly())).unwrap_or_default()
        )),
    }),
];

fn table_text(summary: &Summary) -> String {
    // The dimension asked for, or all three when listing every figure.
    let dimensions: Vec<MicroDim> =
        summary.by.map_or_else(|| vec![MicroDim::Setting, MicroDim::Experience, MicroDim::Certification], |d| vec![d]);
    // Only statistics that some row has: an all-empty column is noise.
    let stats: Vec<&Stat> = STATS.iter().filter(|(_, get)| summary.groups.iter().any(|f| get(f).is_some())).collect();
    let mut table = TextTable::new();
    table.load_style(presets::ASCII_MARKDOWN);
    let mut header: Vec<&str> = dimensions.iter().map(|d| dimension_column(*d)).collect();
    // Geography only when the figures span more than one.
    let geographies = summary.groups.iter().map(|f| f.geography.as_str()).collect::<std::collections::BTreeSet<_>>();
    let show_geography = geographies.len() > 1;
    if show_geography {
        header.push("geography");
    }
    header.extend(["SOC", "year", "basis", "kind"]);
    header.extend(stats.iter().map(|(name, _)| *name));
    let restated = summary.conventions.restates();
    if restated {
        header.push("factor");
    }
    header.push("source");
    table.set_header(header);
    for figure in &summary.groups {
        let mut row: Vec<String> = dimensions
            .iter()
            .map(|d| match d {
                MicroDim::Setting => figure.setting.clone(),
                MicroDim::Experience => figure.experience.clone(),
                MicroDim::Certification => figure.certification.clone(),
                MicroDim::Region | MicroDim::Year => String::new(),
            })
            .collect();
        let year = figure.month.map_or_else(|| figure.year.to_string(), |m| format!("{}-{m:02}", figure.year));
        if show_geography {
            row.push(figure.geography.clone());
        }
        row.extend([figure.occupation.clone(), year, figure.basis.clone(), figure.kind.clone()]);
        row.extend(stats.iter().map(|(_, get)| get(figure).unwrap_or_default()));
        if restated {
            row.push(figure.factor.map(|f| format!("×{f:.4}")).unwrap_or_default());
        }
        row.push(figure.source.clone());
        table.add_row(row);
    }
    let first_stat = dimensions.len() + 4 + usize::from(show_geography);
    for column in first_stat..first_stat + stats.len() {
        if let Some(c) = table.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text = format!("Pay figures for SOC {} — {}\n{table}\n", summary.occupations.join(", "), summary.dataset);
    if summary.groups.is_empty() {
        text.push_str("(no published figures for this breakdown)\n");
    }
    if restated {
        text.push_str(&format!("Conventions: {}\n", summary.conventions.describe().join(" ")));
    }
    text.push_str(&super::premium_lines(&summary.premiums));
    if !summary.ratios.is_empty() {
        text.push_str("\nRelative figures\n");
        for r in &summary.ratios {
            let year = r.year.map_or_else(|| "year not stated".to_string(), |y| y.to_string());
            let statistic =
                if r.statistic == "unspecified" { "statistic not stated".to_string() } else { r.statistic.clone() };
            text.push_str(&format!(
                "  {} vs {}: ×{} ({}; {statistic}; base: {}) — SOC {}, {year}, source {}\n",
                r.group,
                r.reference,
                format::plain(r.ratio),
                format::signed_percent(r.premium_percent, 0),
                r.base,
                r.occupation,
                r.source
            ));
        }
    }
    text
}
