//! One module per subcommand: thin glue from parsed arguments to data, analysis, output.

mod datasets;
mod report;
mod summarize;
mod validate;

use anyhow::Result;

use crate::cli::{Cli, Command, ReportKind};
use crate::data::{CheckOptions, DataSource, Dataset};

/// Run the parsed command line.
pub fn run(cli: &Cli) -> Result<()> {
    match &cli.command {
        Command::Datasets(args) => datasets::run(cli, args),
        Command::Validate(args) => validate::run(cli, args),
        Command::Summarize(args) => summarize::run(cli, args),
        Command::Report(args) => match &args.kind {
            ReportKind::Outlook(outlook) => report::outlook(cli, outlook),
        },
    }
}

/// Where the data comes from and how it is checked, from the global options.
fn source_and_options(cli: &Cli) -> (DataSource, CheckOptions) {
    (
        DataSource::from_option(cli.data.as_deref()),
        CheckOptions { hours_per_year: cli.hours_per_year, ..CheckOptions::default() },
    )
}

/// Load the dataset named by the global options; any data error stops the command.
fn load(cli: &Cli) -> Result<Dataset> {
    let (source, options) = source_and_options(cli);
    Ok(Dataset::load(&source, options)?)
}
