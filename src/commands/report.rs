//! `wagescope report …`: build a report's context, render it, write it atomically.

use anyhow::Result;

use super::load;
use crate::analysis::occupation::family;
use crate::analysis::outlook::outlook as build_outlook;
use crate::cli::{Cli, OutlookArgs};
use crate::output;
use crate::report;

pub fn outlook(cli: &Cli, args: &OutlookArgs) -> Result<()> {
    output::check_output_path(&args.output)?;
    let dataset = load(cli)?;
    let family = family(&dataset, args.occupation.as_deref())?;
    let outlook = build_outlook(&dataset, &family, cli.hours_per_year)?;
    let context = report::outlook::context(&outlook, concat!("wagescope ", env!("CARGO_PKG_VERSION")))?;
    let html = report::render("outlook.html", &context)?;
    output::write_atomic(&args.output, html.as_bytes())?;
    output::print(&format!("{}\n", args.output.display()))
}
