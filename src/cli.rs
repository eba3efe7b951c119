//! The command line, defined once: clap derive structs whose doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Workforce and salary analytics: wage tables in; summaries, projections and self-contained HTML
/// reports out.
///
/// With no --data, every command uses the embedded medical-coding dataset (medical records
/// specialists, SOC 29-2072), built from four cited source documents.
///
/// Exit codes: 0 success; 1 data or runtime error (every problem is listed on stderr); 2 usage error.
#[derive(Debug, Parser)]
#[command(name = "wagescope", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Read the dataset from DIR (same layout as datasets/medical-coding: sources.csv, wages.csv, …)
    /// instead of the embedded one.
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// Paid hours in a working year, used to set hourly and annual figures side by side
    /// (BLS convention: 52 weeks × 40 hours).
    #[arg(long, global = true, value_name = "HOURS", default_value_t = 2080.0, value_parser = positive)]
    pub hours_per_year: f64,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what is loaded: tables and row counts, occupations, sources.
    Datasets(DatasetsArgs),
    /// Check every table and list every problem as file:line:column; exit 1 if any error.
    Validate(ValidateArgs),
    /// Pay figures for each group (work setting, experience band or certification), each with its
    /// source and data year.
    Summarize(SummarizeArgs),
    /// Write an HTML report.
    Report(ReportArgs),
}

/// Output format of `datasets` and `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Human-readable text.
    Text,
    /// One JSON document on stdout.
    Json,
}

/// Output format of tables of figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// An aligned table for reading in a terminal.
    Table,
    /// One JSON document with stable field names.
    Json,
    /// CSV with a header row, one figure per row.
    Csv,
}

#[derive(Debug, Args)]
pub struct DatasetsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    /// Print the table schemas (columns, types, units, allowed values) as Markdown instead.
    #[arg(long)]
    pub schema: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Output format: text prints one `file:line:column: severity: message` line per problem.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// A dimension to break pay down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// Work setting or industry.
    Setting,
    /// Years of experience band (<1, 1-4, 5-9, 10-19, 20+).
    Experience,
    /// Certified vs not certified.
    Certification,
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// Break pay down by this dimension; without it, every pay figure in the dataset is listed.
    #[arg(long, value_enum)]
    pub by: Option<Dimension>,

    /// Occupation code (SOC) to summarize; figures of the codes it replaced are included.
    /// Default: the dataset's current occupation (the one no other code replaced).
    #[arg(long, value_name = "CODE")]
    pub occupation: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub kind: ReportKind,
}

#[derive(Debug, Subcommand)]
pub enum ReportKind {
    /// Occupational outlook for career advisers: quick facts, pay by setting, experience and
    /// certification, employment and projections, how to enter the field, sources.
    Outlook(OutlookArgs),
}

#[derive(Debug, Args)]
pub struct OutlookArgs {
    /// Write the report to FILE. It is written completely or not at all (temp file + rename).
    #[arg(short, long, value_name = "FILE", default_value = "wagescope-outlook.html")]
    pub output: PathBuf,

    /// Occupation code (SOC) to report on; figures of the codes it replaced are included as history.
    /// Default: the dataset's current occupation.
    #[arg(long, value_name = "CODE")]
    pub occupation: Option<String>,
}

fn positive(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("expected a positive number, got {text:?}")),
    }
}
