//! `wagescope validate`: every problem in every table, then exit 1 if any is an error.

use anyhow::{Result, bail};
use serde::Serialize;

use super::{check_options, source};
use crate::cli::{Cli, ListFormat, ValidateArgs};
use crate::data::Dataset;
use crate::error::Issue;
use crate::output;

#[derive(Serialize)]
struct Report<'a> {
    dataset: String,
    errors: usize,
    warnings: usize,
    issues: &'a [Issue],
}

pub fn run(cli: &Cli, args: &ValidateArgs) -> Result<()> {
    let source = source(cli)?;
    let (dataset, mut issues) = Dataset::check(&source.source, check_options(cli))?;
    // The O*NET folder of --onet is checked too: its files' problems with file, line and column.
    if let Some(dir) = &cli.onet {
        issues.extend(crate::import::onet::check(dir)?.1);
    }
    let errors = issues.iter().filter(|i| i.is_error()).count();
    let warnings = issues.len() - errors;
    let label = source
        .label
        .clone()
        .unwrap_or_else(|| dataset.as_ref().map_or_else(|| source.source.label(), |d| d.label.clone()));
    match args.format {
        ListFormat::Json => {
            let report = Report { dataset: label, errors, warnings, issues: &issues };
            output::print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
        }
        ListFormat::Text => {
            let mut text: String = issues.iter().map(|i| format!("{i}\n")).collect();
            text.push_str(&format!("{label}: {errors} error(s), {warnings} warning(s)\n"));
            output::print(&text)?;
        }
    }
    if errors > 0 {
        bail!("validation failed: {errors} error(s)");
    }
    Ok(())
}
