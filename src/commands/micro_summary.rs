//! `wagescope summarize --microdata FILE`: group statistics of person-level data.

use std::path::Path;

use anyhow::Result;
use comfy_table::{CellAlignment, Table as TextTable, presets};
use serde::Serialize;

use super::{SkippedRows, open_microdata};
use crate::analysis::basis::{Conventions, PayBasis, cpi_series};
use crate::analysis::micro::{MicroDim, MicroGroup, MicroSummary, MicroSummaryOptions, summarize_many};
use crate::analysis::premium::{self, Premium, WithinCells, certification_within_cells};
use crate::cli::{Cli, SummarizeArgs, TableFormat};
use crate::data::microdata::WageUnit;
use crate::data::schema::micro as m;
use crate::format;
use crate::output;

/// Everything `summarize --microdata --format json` prints.
#[derive(Serialize)]
struct Output<'a> {
    file: &'a str,
    /// The file's wage column used (of several, the annual one), and the canonical name when mapped.
    wage_column: &'a str,
    /// What that column pays for: hour, week, month or year.
    wage_unit: WageUnit,
    /// How it was converted to annual pay ("hourly wages × 2,080 hours a year"); null when annual.
    wage_conversion: Option<&'a str>,
    /// The file was made by `wagescope sample`: not real people.
    synthetic: bool,
    #[serde(flatten)]
    summary: &'a MicroSummary,
    skipped_rows: Option<&'a SkippedRows>,
    conventions: &'a Conventions,
    premiums: Vec<Premium>,
    certification_within_cells: Option<WithinCells>,
}

/// `summarize --aggregates FILE` (or `--spark`): the engine's figures, with the rules, premiums
/// and outputs of microdata. Conventions that restate each row's wage (--dollars,
/// --effective-date, --basis hourly) need the rows: an error here.
pub fn run_aggregates(cli: &Cli, args: &SummarizeArgs) -> Result<()> {
    let conventions = Conventions { basis: Some(PayBasis::Annual), ..args.basis.conventions(cli.hours_per_year) };
    super::no_restating(&Conventions { basis: args.basis.basis, ..conventions.clone() })?;
    let by = dims(args);
    let mut cells_wanted = by == [MicroDim::Certification];
    let cells_by = [MicroDim::Setting, MicroDim::Experience, MicroDim::Certification];
    let aggregates = super::engine_result(cli, &args.micro, |has| {
        let mut groupings = vec![by.clone()];
        if cells_wanted && cells_by.iter().all(|d| has(d.column())) {
            groupings.push(cells_by.to_vec());
        }
        groupings
    })?;
    aggregates.check_rows(args.micro.skip_bad_rows)?;
    let options = MicroSummaryOptions {
        by,
        weighted: aggregates.weighted,
        min_n: args.micro.columns.min_n,
        dominance: aggregates.dominance,
        secondary: true,
    };
    let summary = aggregates.summary(&options)?;
    let cells = premium::cells_options(&options);
    cells_wanted &= aggregates.has(&cells.by);
    let within = match cells_wanted {
        true => Some(certification_within_cells(&aggregates.cells(&options)?, summary.min_n)),
        false => None,
    };
    let wage_unit = <WageUnit as clap::ValueEnum>::from_str(&aggregates.wage_unit, true).unwrap_or_default();
    let skipped = (aggregates.rows_invalid > 0).then(|| SkippedRows::counted(aggregates.rows_invalid));
    if let Some(skipped) = &skipped {
        skipped.report(&aggregates.file);
    }
    let out = Output {
        file: &aggregates.file,
        wage_column: &aggregates.wage_column,
        wage_unit,
        wage_conversion: aggregates.wage_conversion.as_deref(),
        synthetic: aggregates.synthetic,
        premiums: premium::from_summary(&summary, PayBasis::Annual.name()),
        summary: &summary,
        skipped_rows: skipped.as_ref(),
        conventions: &conventions,
        certification_within_cells: within,
    };
    print(args, &out)
}

/// The dimensions of --by, each once, in the order given.
fn dims(args: &SummarizeArgs) -> Vec<MicroDim> {
    let mut by: Vec<MicroDim> = Vec::new();
    for d in args.by.iter().map(|d| MicroDim::from(*d)) {
        if !by.contains(&d) {
            by.push(d);
        }
    }
    by
}

fn print(args: &SummarizeArgs, out: &Output) -> Result<()> {
    match args.format {
        TableFormat::Json => output::print(&format!("{}\n", serde_json::to_string_pretty(out)?)),
        TableFormat::Csv => output::print(&csv_text(out.summary)?),
        TableFormat::Table => output::print(&table_text(out)),
    }
}

pub fn run(cli: &Cli, args: &SummarizeArgs, path: &Path) -> Result<()> {
    let mut microdata = open_microdata(cli, &args.micro, path)?;
    // The dataset is read only for its CPI series, which only --dollars needs (loading the
    // embedded one costs about 0.2 s); a dataset named with --data is still loaded and checked.
    let (conventions, cpi) = if args.basis.dollars.is_some() || cli.data.is_some() {
        let dataset = super::load(cli)?;
        (super::conventions(cli, &args.basis, &dataset)?, cpi_series(&dataset)?)
    } else {
        (args.basis.conventions(cli.hours_per_year), Vec::new())
    };
    // Microdata wages are annual unless --basis says otherwise: say so in the conventions.
    let conventions = Conventions { basis: Some(conventions.basis.unwrap_or(PayBasis::Annual)), ..conventions };
    super::restate_microdata(&mut microdata, &conventions, &cpi)?;
    let by = dims(args);
    for dim in &by {
        super::require_column(&microdata, &format!("--by {}", dim.name()), dim.column())?;
    }
    let options = MicroSummaryOptions { by, ..super::summary_options(&microdata, args.micro.columns.min_n, true) };
    // By certification alone (and the file has setting and experience too), the within-cells
    // premium as well: one read of the file for both.
    let cells =
        options.by == [MicroDim::Certification] && [m::SETTING, m::YEARS_EXPERIENCE].iter().all(|c| microdata.has(c));
    let mut list = vec![options.clone()];
    if cells {
        list.push(premium::cells_options(&options));
    }
    let (summaries, skipped) =
        super::checked(&mut microdata, args.micro.skip_bad_rows, |lf| summarize_many(lf, &list))?;
    let mut summaries = summaries.summaries.into_iter();
    let summary = summaries.next().ok_or_else(|| anyhow::anyhow!("no summary computed"))?;
    let within = summaries.next().map(|cells| certification_within_cells(&cells, options.min_n));
    let wage_column = microdata.wage_column();
    let wage_conversion = microdata.wage_conversion();
    let out = Output {
        file: &microdata.file,
        wage_column: &wage_column,
        wage_unit: microdata.present.wage_unit,
        wage_conversion: wage_conversion.as_deref(),
        synthetic: microdata.present.synthetic,
        summary: &summary,
        skipped_rows: skipped.as_ref(),
        conventions: &conventions,
        premiums: premium::from_summary(&summary, conventions.basis.unwrap_or(PayBasis::Annual).name()),
        certification_within_cells: within,
    };
    print(args, &out)
}

const STATS: [&str; 6] = ["mean", "p10", "p25", "median", "p75", "p90"];

fn stats(g: &MicroGroup) -> [Option<f64>; 6] {
    [g.mean, g.p10, g.p25, g.median, g.p75, g.p90]
}

fn rows(summary: &MicroSummary) -> impl Iterator<Item = &MicroGroup> {
    summary.groups.iter().chain(std::iter::once(&summary.total))
}

fn csv_text(summary: &MicroSummary) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let dims: Vec<&str> = summary.by.iter().map(|d| d.name()).collect();
    let mut header: Vec<&str> = dims.clone();
    header.extend(["n", "weight"]);
    header.extend(STATS);
    header.extend(["suppressed", "suppression"]);
    writer.write_record(&header)?;
    let number = |v: Option<f64>| v.map(format::plain).unwrap_or_default();
    for g in rows(summary) {
        let mut record: Vec<String> = dims.iter().map(|d| g.keys.get(*d).cloned().unwrap_or_default()).collect();
        record.push(g.n.to_string());
        record.push(number(g.weight));
        record.extend(stats(g).into_iter().map(number));
        record.push(g.suppressed.to_string());
        record.push(g.suppression.clone().unwrap_or_default());
        writer.write_record(&record)?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

fn table_text(out: &Output) -> String {
    let summary = out.summary;
    let dims: Vec<&str> = summary.by.iter().map(|d| d.name()).collect();
    let mut table = TextTable::new();
    table.load_style(presets::ASCII_MARKDOWN);
    let mut header: Vec<&str> = dims.clone();
    header.push("n");
    if summary.weighted {
        header.push("weight");
    }
    header.extend(STATS);
    table.set_header(header);
    for g in rows(summary) {
        let mut row: Vec<String> = dims.iter().map(|d| g.keys.get(*d).cloned().unwrap_or_default()).collect();
        row.push(format::thousands(g.n as f64, 0));
        if g.suppressed {
            let reason = g.suppression.clone().unwrap_or_default();
            if summary.weighted {
                row.push(String::new());
            }
            row.push(if crate::analysis::micro::has_no_weight(g) { reason } else { format!("suppressed ({reason})") });
            row.extend(std::iter::repeat_n(String::new(), STATS.len() - 1));
        } else {
            if summary.weighted {
                row.push(g.weight.map(|w| format::thousands(w, 1)).unwrap_or_default());
            }
            let hourly = out.conventions.basis == Some(PayBasis::Hourly);
            row.extend(stats(g).into_iter().map(|v| v.map(|x| format::money(x, hourly)).unwrap_or_default()));
        }
        table.add_row(row);
    }
    let first = dims.len();
    for column in first..first + 2 + STATS.len() {
        if let Some(c) = table.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let per = if out.conventions.basis == Some(PayBasis::Hourly) { "Hourly" } else { "Annual" };
    let mut text = format!(
        "{per} pay — {}{} ({} percentiles; {})\n{table}\n",
        out.file,
        if out.synthetic { " [SYNTHETIC DATA: not real people]" } else { "" },
        if summary.weighted { "weighted" } else { "unweighted" },
        summary.percentile_method
    );
    text.push_str(&format!("Wages: column {}", out.wage_column));
    match out.wage_conversion {
        Some(conversion) => text.push_str(&format!(", {conversion}.\n")),
        None => text.push_str(", annual.\n"),
    }
    text.push_str(&format!("Suppression: {}.\n", summary.rules.join("; ")));
    if out.conventions.restates() {
        text.push_str(&format!("Conventions: {}\n", out.conventions.describe().join(" ")));
    }
    text.push_str(&super::premium_lines(&out.premiums));
    if let Some(w) = &out.certification_within_cells {
        let pct = w.premium_percent.map_or_else(|| "n/a".to_string(), |v| format::signed_percent(v, 1));
        text.push_str(&format!(
            "  certified vs uncertified, setting and experience held fixed: {pct} ({} of {} setting × experience cells, {:.0}% of the weight; {})\n",
            w.cells_used,
            w.cells_total,
            w.weight_share * 100.0,
            w.method
        ));
    }
    // Rows left out by --skip-bad-rows are reported on stderr by `checked`, in every format.
    text
}
