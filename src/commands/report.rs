//! `wagescope report …`: build a report's context, render it, write it atomically.

use anyhow::Result;

use super::{CountsInvalid, checked, load, open_microdata, restate_microdata};
use crate::analysis::basis::cpi_series;
use crate::analysis::micro::MicroSummaryOptions;
use crate::analysis::micro_outlook::{MicroOutlook, micro_outlook};
use crate::analysis::occupation::family;
use crate::analysis::outlook::outlook as build_outlook;
use crate::cli::{Cli, OutlookArgs};
use crate::data::Dataset;
use crate::output;
use crate::report;

impl CountsInvalid for MicroOutlook {
    fn invalid_rows(&self) -> u64 {
        self.overall.rows_invalid
    }
    fn valid_rows(&self) -> u64 {
        self.overall.total.n
    }
}

pub fn outlook(cli: &Cli, args: &OutlookArgs) -> Result<()> {
    output::check_output_path(&args.output)?;
    let dataset = load(cli)?;
    let family = family(&dataset, args.occupation.as_deref())?;
    let conventions = super::conventions(cli, &args.basis, &dataset)?;
    let mut outlook = build_outlook(&dataset, &family, cli.hours_per_year)?;
    if let Some(year) = conventions.dollars {
        outlook.reconciliation =
            crate::analysis::reconcile::reconcile(&dataset, &family.codes(), cli.hours_per_year, Some(year))?;
    }
    let micro = match &args.micro.microdata {
        Some(path) => Some(micro_section(cli, args, path, &dataset, &conventions)?),
        None => None,
    };
    let context = report::outlook::context(&outlook, concat!("wagescope ", env!("CARGO_PKG_VERSION")), micro)?;
    let html = report::render("outlook.html", &context)?;
    output::write_atomic(&args.output, html.as_bytes())?;
    output::print(&format!("{}\n", args.output.display()))
}

fn micro_section(
    cli: &Cli,
    args: &OutlookArgs,
    path: &std::path::Path,
    dataset: &Dataset,
    conventions: &crate::analysis::basis::Conventions,
) -> Result<report::micro::MicroSection> {
    let mut microdata = open_microdata(cli, &args.micro, path)?;
    // Microdata wages are annual unless --basis says otherwise: say so in the conventions.
    let conventions = &crate::analysis::basis::Conventions {
        basis: Some(conventions.basis.unwrap_or(crate::analysis::basis::PayBasis::Annual)),
        ..conventions.clone()
    };
    restate_microdata(&mut microdata, conventions, &cpi_series(dataset)?)?;
    let options = MicroSummaryOptions {
        by: Vec::new(),
        weighted: microdata.present.weight,
        min_n: args.micro.min_n,
        dominance: microdata.present.employer,
        secondary: true,
    };
    let (result, skipped) = checked(&microdata, args.micro.skip_bad_rows, |lf| {
        micro_outlook(&lf, &microdata.file, microdata.present.synthetic, &options)
    })?;
    let skipped = skipped.map(|s| {
        format!("{} invalid row(s) were left out (--skip-bad-rows); the first: {}", s.count, s.first.join("; "))
    });
    report::micro::section(&result, conventions.describe(), skipped)
}

pub fn benchmark(cli: &Cli, args: &crate::cli::BenchmarkReportArgs) -> Result<()> {
    output::check_output_path(&args.output)?;
    let (bench, skipped) = super::benchmark::build(cli, &args.options)?;
    let skipped = skipped.map(|s| {
        format!("{} invalid row(s) were left out (--skip-bad-rows); the first: {}", s.count, s.first.join("; "))
    });
    let context = report::benchmark::context(&bench, skipped, concat!("wagescope ", env!("CARGO_PKG_VERSION")))?;
    let html = report::render("benchmark.html", &context)?;
    output::write_atomic(&args.output, html.as_bytes())?;
    output::print(&format!("{}\n", args.output.display()))
}
