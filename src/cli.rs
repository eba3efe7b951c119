//! The command line, defined once: clap derive structs whose doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::basis::{Conventions, PayBasis};
use crate::analysis::market::paybench::Policy;
use crate::data::microdata::{Mapping, WageUnit};

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

    /// Read BLS OEWS wage files as published (XLSX or CSV): each is imported on the fly, as
    /// `import oews` would. Repeat for several years (a history). With --data, the files are added
    /// to that dataset (so its own sources and the agency's are reconciled); else they are the data.
    #[arg(long, global = true, value_name = "FILE")]
    pub oews: Vec<PathBuf>,

    /// Read the BLS Employment Projections workbook as published (occupation.xlsx: its tables are
    /// found by their titles), or its tables as CSV files (repeat the option for each), with --oews
    /// or alone; with --data, added to that dataset.
    #[arg(long, global = true, value_name = "FILE")]
    pub projections: Vec<PathBuf>,

    /// Read the O*NET database as published: the folder of its text files (any release from 27.0
    /// on, e.g. db_29_3_text), for what an occupation does (tasks, technology, tools), its job zone
    /// and O*NET's related occupations in the outlook report. Columns are read by name.
    #[arg(long, global = true, value_name = "DIR")]
    pub onet: Option<PathBuf>,

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
    /// Employment projections: each published vintage with its annual rate, openings, the agency's
    /// wording and low/base/high scenarios; employment at any year with --to-year.
    Project(ProjectArgs),
    /// Write an HTML report.
    Report(ReportArgs),
    /// Write a deterministic SYNTHETIC microdata file (not real people) for demos, tests and benchmarks.
    Sample(SampleArgs),
    /// The gender pay gap of a payroll: the EU Pay Transparency Directive's indicators (Art. 9(1)
    /// (a)-(g)) and Art. 10 flags with a like-for-like gap, or the UK 2017 regulations' figures.
    Paygap(PaygapArgs),
    /// Pay benchmarking for hiring managers: market percentiles for a job (with a fallback to broader
    /// cuts when it is too small), a pay range, an offer's market position, a roster's compa-ratios.
    Benchmark(BenchmarkArgs),
    /// Print the exact microdata summary as SQL for Spark, DuckDB or another engine (DuckDB: one
    /// statement; Spark: temporary views, three cached, then one statement), for data too big for
    /// one machine; read its result back with --aggregates.
    Sql(SqlArgs),
    /// Import agency files as downloaded (BLS OEWS wage tables) into a dataset directory usable
    /// with --data.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub kind: ImportKind,
}

#[derive(Debug, Subcommand)]
pub enum ImportKind {
    /// BLS Occupational Employment and Wage Statistics tables (national, state, metro or industry;
    /// XLSX or CSV, as published): wages hourly and annual with markers kept (* ** # ~),
    /// occupations with their SOC edition, national employment.
    Oews(OewsArgs),
    /// The BLS Employment Projections workbook (occupation.xlsx) as published, or its tables as CSV
    /// files: projections with openings split into growth, labor-force exits and occupational
    /// transfers, the median wage, education, experience and training, the factors behind the
    /// projection, and the growth of all occupations.
    Projections(ProjectionsArgs),
}

#[derive(Debug, Args)]
pub struct ProjectionsArgs {
    /// The workbook (occupation.xlsx), or one or more of its tables as CSV files (projections and
    /// worker characteristics; separations and openings; factors affecting occupational utilization;
    /// education and training assignments), all of one release.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The dataset directory to write (must not exist, or be empty). Written completely or not at all.
    #[arg(short, long, value_name = "DIR", default_value = "wagescope-projections")]
    pub output: PathBuf,

    /// Keep only these occupation codes (comma-separated). Default: all.
    #[arg(long, value_name = "CODE[,CODE…]", value_delimiter = ',')]
    pub occupation: Vec<String>,

    /// Write the dataset's tables as CSV or Parquet.
    #[arg(long, value_enum, default_value_t = DatasetFormat::Csv)]
    pub format: DatasetFormat,
}

#[derive(Debug, Args)]
pub struct OewsArgs {
    /// One or more OEWS files (e.g. national_M2023_dl.xlsx); several years make a history.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The dataset directory to write (must not exist, or be empty). Written completely or not at all.
    #[arg(short, long, value_name = "DIR", default_value = "wagescope-oews")]
    pub output: PathBuf,

    /// Keep only these occupation codes (comma-separated, e.g. 29-2072,29-2071). Default: all.
    #[arg(long, value_name = "CODE[,CODE…]", value_delimiter = ',')]
    pub occupation: Vec<String>,

    /// Year of the data, when the file name does not say it (OEWS names: national_M2023_dl.xlsx).
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i64).range(1997..=2100))]
    pub year: Option<i64>,

    /// Also import this BLS Employment Projections workbook (or its tables as CSV files: repeat
    /// the option) into the same dataset.
    #[arg(long, value_name = "FILE")]
    pub projections: Vec<PathBuf>,

    /// Write the dataset's tables as CSV (readable anywhere) or Parquet (smaller, faster); --data
    /// reads either.
    #[arg(long, value_enum, default_value_t = DatasetFormat::Csv)]
    pub format: DatasetFormat,
}

/// How an imported dataset's tables are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DatasetFormat {
    /// One CSV file per table.
    Csv,
    /// One Parquet file per table.
    Parquet,
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
    /// Region (microdata only).
    Region,
    /// Year of the data (microdata only).
    Year,
}

impl From<Dimension> for crate::analysis::micro::MicroDim {
    fn from(d: Dimension) -> Self {
        use crate::analysis::micro::MicroDim;
        match d {
            Dimension::Setting => MicroDim::Setting,
            Dimension::Experience => MicroDim::Experience,
            Dimension::Certification => MicroDim::Certification,
            Dimension::Region => MicroDim::Region,
            Dimension::Year => MicroDim::Year,
        }
    }
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// Break pay down by these dimensions, comma-separated (e.g. setting,experience). The aggregated
    /// tables take one of setting, experience, certification; without --by they list every figure.
    /// Microdata takes any combination, or none for the overall figures.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "DIM[,DIM…]")]
    pub by: Vec<Dimension>,

    /// Occupation code (SOC) to summarize; figures of the codes it replaced are included.
    /// Default: the dataset's current occupation (the one no other code replaced).
    #[arg(long, value_name = "CODE")]
    pub occupation: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,

    #[command(flatten)]
    pub basis: BasisArgs,

    #[command(flatten)]
    pub micro: MicroArgs,
}

/// The common basis money figures are restated on.
#[derive(Debug, Args)]
pub struct BasisArgs {
    /// Restate every money figure per year or per hour (at --hours-per-year). Default: as each
    /// source published it (microdata: annual).
    #[arg(long, value_enum)]
    pub basis: Option<PayBasis>,

    /// Restate money in constant dollars of YEAR with CPI-U annual averages (value × CPI(YEAR) ÷
    /// CPI(year of the data)); the factor is shown with each figure.
    #[arg(long, value_name = "YEAR", conflicts_with = "effective_date")]
    pub dollars: Option<i64>,

    /// Age every figure to this date at --aging-rate, compounded: value × (1 + r)^(months ÷ 12)
    /// (compensation practice for survey data). A figure with no month is dated July.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub effective_date: Option<(i64, i64, i64)>,

    /// Annual aging rate used with --effective-date (0.03 = 3% a year).
    #[arg(long, value_name = "R", default_value_t = 0.03, value_parser = rate)]
    pub aging_rate: f64,
}

impl BasisArgs {
    pub fn conventions(&self, hours_per_year: f64) -> Conventions {
        Conventions {
            basis: self.basis,
            hours_per_year,
            dollars: self.dollars,
            effective_date: self.effective_date,
            aging_rate: self.aging_rate,
        }
    }
}

/// Options for person- or job-level microdata.
#[derive(Debug, Args)]
pub struct MicroArgs {
    /// Summarize this microdata file (CSV or Parquet, recognised by content) instead of the
    /// published tables. Required: one wage column, annual_wage, monthly_wage, weekly_wage or
    /// hourly_wage (or wage with --wage-unit); optional: occupation, setting, years_experience,
    /// certified, weight, region, year, credential, employer.
    #[arg(long, value_name = "FILE", conflicts_with = "aggregates")]
    pub microdata: Option<PathBuf>,

    /// Use an engine's result instead of microdata: the output of the statement `wagescope sql`
    /// writes, run by Spark, DuckDB or another SQL engine and saved as Parquet or CSV (a file, or
    /// a directory of part files as Spark writes them). The
    /// figures are the engine's (exact, the same as --microdata gives for the same rows);
    /// wagescope applies the secondary suppression rule, premiums and reports.
    #[arg(long, value_name = "FILE", conflicts_with = "spark")]
    pub aggregates: Option<PathBuf>,

    /// Run the statement on this Spark Connect server (sc://host:port; default: the SPARK_REMOTE
    /// environment variable when --source is given) over --source, and use its result as
    /// --aggregates. Needs a wagescope built with `--features spark`.
    #[arg(long, value_name = "sc://HOST:PORT")]
    pub spark: Option<String>,

    /// With --spark: the rows to summarize, a path the cluster reads (a Parquet file, directory
    /// or glob such as s3a://bucket/wages/*.parquet; a .csv file with a header) or a table name.
    #[arg(long, value_name = "PATH|TABLE", conflicts_with_all = ["microdata", "aggregates"])]
    pub source: Option<String>,

    #[command(flatten)]
    pub columns: ColumnArgs,

    /// Leave out rows with a missing or invalid value (a wage of 0 or above --max-wage, too)
    /// instead of failing; how many and the first lines are reported on stderr. A row with the
    /// wrong number of fields still fails: its values may sit under the wrong columns.
    #[arg(long)]
    pub skip_bad_rows: bool,
}

impl MicroArgs {
    /// `--spark` with what it runs over: `--source` (a path or table the cluster reads), not
    /// `--microdata` (a file read here). A usage error says which is which.
    pub fn check_engine(&self) -> Result<(), String> {
        match (&self.spark, &self.microdata, &self.source) {
            (Some(_), Some(file), _) => Err(format!(
                "--spark runs the summary on the cluster, over --source: a path or table the cluster reads (e.g. --source /data/wages.parquet, or s3a://bucket/wages/*.parquet); --microdata {} is a file wagescope reads here. Use --spark URL --source {} to have the cluster read it, or --microdata alone",
                file.display(),
                file.display()
            )),
            (Some(_), None, None) => Err(
                "--spark needs --source PATH|TABLE: the rows the cluster reads (a Parquet file, directory or glob, a .csv file, or a table name)".into(),
            ),
            _ => Ok(()),
        }
    }
}

/// How a microdata file's columns are named and its wages read: the same for microdata, a payroll
/// (`paygap`) and the statement an engine runs (`wagescope sql`).
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// What the file's `wage` column pays for: hour (× --hours-per-year; in paygap, paid for the
    /// row's hours), week (× 52), month (× 12) or year. Needed when the wage column is named
    /// `wage` (or mapped with --map wage=THEIRS); the canonical hourly_wage, weekly_wage,
    /// monthly_wage, annual_wage say it.
    #[arg(long, value_enum, value_name = "UNIT")]
    pub wage_unit: Option<WageUnit>,

    /// Plausibility bound of a wage (in paygap, basic pay), in dollars a year after conversion to
    /// annual: a row above it (or with a wage of 0) is a bad row. The default, $5,000,000 a year,
    /// is about $2,404 an hour at 2,080 hours.
    #[arg(long, value_name = "DOLLARS", default_value_t = crate::data::schema::micro::MAX_WAGE, value_parser = positive)]
    pub max_wage: f64,

    /// Map the file's own column names onto canonical ones: canonical=theirs, comma-separated
    /// (e.g. --map annual_wage=Base Salary,setting=Dept; in paygap also gender=Sex,category=Grade,
    /// variable_pay=Bonus+Overtime). Overrides --map-file.
    #[arg(long, value_name = "CANONICAL=THEIRS,…", value_parser = parse_mapping)]
    pub map: Option<Mapping>,

    /// The same mapping in a TOML file: a [columns] table of canonical = "theirs".
    #[arg(long, value_name = "FILE")]
    pub map_file: Option<PathBuf>,
}

/// How microdata columns are named and checked, and the confidentiality threshold: the same for
/// a file read here (--microdata) and for the statement an engine runs (`wagescope sql`).
#[derive(Debug, Args)]
pub struct ColumnArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Confidentiality threshold: groups with fewer valid rows are suppressed (statistics shown as
    /// "suppressed", never 0).
    #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub min_n: u64,
}

/// `wagescope sql`: the exact summary as SQL for another engine.
#[derive(Debug, Args)]
pub struct SqlArgs {
    /// The engine's SQL dialect: spark (Spark SQL, Databricks) or duckdb. Both are tested
    /// against the real engines; the SQL is plain ANSI SQL but for null-safe equality
    /// (`<=>` or `IS NOT DISTINCT FROM`), `try_cast`, how a file is named and, on Spark,
    /// temporary views with CACHE TABLE (the script ends with the DROP VIEWs that free them).
    #[arg(long, value_enum)]
    pub dialect: crate::engine::sql::Dialect,

    /// The rows: a path the engine reads (a Parquet file, directory or glob such as
    /// s3a://bucket/wages/*.parquet; a .csv or .csv.gz file with a header line) or a table name
    /// (db.wages).
    #[arg(long, value_name = "PATH|TABLE")]
    pub source: String,

    /// A grouping to compute, its dimensions comma-separated (e.g. setting,experience); repeat
    /// --by for several groupings. The total is always computed; with --by certification, also
    /// setting,experience,certification (the premium within cells, as `summarize` gives it).
    #[arg(long, value_name = "DIM[,DIM…]", value_parser = parse_grouping)]
    pub by: Vec<Grouping>,

    /// Also the groupings `report outlook --aggregates` needs: setting; experience;
    /// certification; setting,experience,certification (those the source has columns for).
    #[arg(long)]
    pub report: bool,

    /// Also every coarser grouping of each --by, down to the total: what `benchmark
    /// --aggregates` needs for its fallback from a narrow cut to broader ones.
    #[arg(long)]
    pub rollups: bool,

    /// The source's column names, comma-separated, as the engine sees them. Default: a CSV or
    /// Parquet file on this machine is opened for its own columns; for a table, a directory, a glob
    /// or a remote path, the columns `wagescope sample` writes (occupation, setting,
    /// years_experience, certified, annual_wage, weight, region, year, credential, employer,
    /// synthetic), renamed by --map, with a warning on stderr. Rows are checked on every column the
    /// source has, as `summarize --microdata` checks a file.
    #[arg(long, value_delimiter = ',', value_name = "NAME[,NAME…]")]
    pub columns: Vec<String>,

    #[command(flatten)]
    pub read: ColumnArgs,

    /// Make the statement save its result where the engine writes: DuckDB a Parquet file
    /// (COPY … TO), Spark a directory of Parquet files (INSERT OVERWRITE DIRECTORY). Either is
    /// read back with --aggregates PATH. Without it the statement returns the rows.
    #[arg(long, value_name = "PATH")]
    pub save_to: Option<String>,

    /// Write the statement to this file (written completely or not at all) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A set of dimensions to group by, as given to `sql --by`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping(pub Vec<crate::analysis::micro::MicroDim>);

fn parse_grouping(text: &str) -> Result<Grouping, String> {
    let mut dims = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let dim = Dimension::from_str(part, true).map_err(|_| {
            format!("unknown dimension {part:?}: expected setting, experience, certification, region or year")
        })?;
        dims.push(crate::analysis::micro::MicroDim::from(dim));
    }
    if dims.is_empty() {
        return Err("expected dimensions, comma-separated (e.g. setting,experience)".into());
    }
    dims.sort();
    dims.dedup();
    Ok(Grouping(dims))
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Number of rows to write.
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub rows: u64,

    /// Random seed: the same rows and seed always give the same file.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,

    /// Output file: Parquet when it ends in .parquet, CSV otherwise. Written completely or not at all.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    /// Write a synthetic payroll instead (employee_id, gender, category, setting,
    /// years_experience, certified, annual_wage, variable_pay, hours) with a known built-in gender
    /// pay gap, for `wagescope paygap`: women are more often in lower grades and part time, and
    /// paid 3% less than men in the same grade, experience, department and certification (4% among
    /// senior coders, 8% among coding auditors).
    #[arg(long)]
    pub payroll: bool,
}

/// A projection scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    /// The published percent change minus the margin.
    Low,
    /// The published percent change.
    Base,
    /// The published percent change plus the margin.
    High,
    /// All three.
    All,
}

#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// Also give employment in YEAR along each vintage's compound path; years outside a vintage's
    /// window are extrapolated (and marked so) up to 10 years out.
    #[arg(long, value_name = "YEAR")]
    pub to_year: Option<i64>,

    /// Which scenario's employment to show at --to-year.
    #[arg(long, value_enum, default_value_t = Scenario::Base)]
    pub scenario: Scenario,

    /// Scenario margin in percentage points per ten years: low and high are the published percent
    /// change minus and plus this (scaled to the vintage's length).
    #[arg(long, value_name = "PP", default_value_t = 2.0, value_parser = non_negative)]
    pub margin_pp: f64,

    /// Occupation code (SOC); the codes it replaced are included. Default: the dataset's current one.
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
    /// Pay benchmark for hiring managers: the cut and its fallback path, market percentiles with the
    /// pay range and the offer marked, the roster, sources and conventions.
    Benchmark(BenchmarkReportArgs),
    /// Gender pay gap report for employers: the indicators with their definitions, quartile pay
    /// bands, categories of workers with Art. 10 flags, privacy rules and methods.
    Paygap(PaygapReportArgs),
}

#[derive(Debug, Args)]
pub struct OutlookArgs {
    /// Write the report to FILE (default: wagescope-outlook.html, or .json with --format json). It is
    /// written completely or not at all (temp file + rename).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub report: ReportOptions,

    /// Occupation to report on: a SOC code or a fragment of its title; figures of the codes it
    /// replaced are included as history. Several codes, comma-separated (29-2072,29-9021), write one
    /// report each into --output-dir. Default: the dataset's current occupation.
    #[arg(long, value_name = "CODE|TITLE")]
    pub occupation: Option<String>,

    /// Write a report for every detailed occupation in the data (not the groups, not codes a later
    /// one replaced) into --output-dir, reading the data once.
    #[arg(long, conflicts_with = "occupation", requires = "output_dir")]
    pub all_occupations: bool,

    /// Write one report per occupation into DIR (created if missing), named CODE.html, plus
    /// index.html listing them all with median pay, jobs, growth and openings, each linking to its
    /// report. Each file is written completely or not at all.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub output_dir: Option<PathBuf>,

    #[command(flatten)]
    pub basis: BasisArgs,

    #[command(flatten)]
    pub micro: MicroArgs,

    /// A state or area to set beside the nation at the top of the report and to mark on the map:
    /// a name or fragment, case-insensitive ("Massachusetts", "MA", "boston"). Needs state or
    /// metro figures (an OEWS state or metro file with --oews); an unknown name lists the nearest.
    #[arg(long, value_name = "NAME")]
    pub area: Option<String>,
}

impl OutlookArgs {
    /// The occupations of a batch (`--all-occupations`, `--output-dir`, or several codes), or `None`
    /// for one report.
    pub fn batch(&self) -> Option<Vec<String>> {
        let list: Vec<String> = self
            .occupation
            .iter()
            .flat_map(|o| o.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        // A title may hold a comma ("Secretaries, except legal"): a list is of codes only.
        let codes = list.len() > 1 && list.iter().all(|c| crate::analysis::occupation::is_soc_code(c));
        if self.all_occupations || self.output_dir.is_some() || codes {
            Some(if codes { list } else { self.occupation.iter().cloned().collect() })
        } else {
            None
        }
    }
}

/// The job being priced and how: the options `benchmark` and `report benchmark` share.
#[derive(Debug, Args)]
pub struct BenchOptions {
    /// Work setting of the job, as the data names it (case-insensitive; a fragment that matches one
    /// setting works, e.g. "hospitals"). An unknown setting lists the known ones.
    #[arg(long, value_name = "SETTING")]
    pub setting: Option<String>,

    /// Years of experience (e.g. 6, placed in its band) or a band: <1, 1-4, 5-9, 10-19, 20+.
    #[arg(long, value_name = "YEARS|BAND", value_parser = parse_experience, allow_hyphen_values = true)]
    pub experience: Option<String>,

    /// Compare with certified workers only.
    #[arg(long, conflicts_with_all = ["not_certified", "credential"])]
    pub certified: bool,

    /// Compare with workers without a certification only.
    #[arg(long, conflicts_with = "credential")]
    pub not_certified: bool,

    /// Compare with holders of this credential only (microdata `credential` column, e.g. CPC);
    /// published figures treat it as certified.
    #[arg(long, value_name = "NAME")]
    pub credential: Option<String>,

    /// Region of the job: microdata, a value of the `region` column; published figures, a state or
    /// area of an OEWS state or metro file, matched loosely like `report outlook --area` ("MA",
    /// "Massachusetts", "boston"). An unknown name is a usage error listing the nearest.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Occupation code (SOC). Microdata: only rows of this code (default: every row). Published
    /// figures: this code and the codes it replaced (default: the dataset's current occupation).
    #[arg(long, value_name = "CODE")]
    pub occupation: Option<String>,

    /// Midpoint policy: the market percentile the range midpoint matches (p40 lags the market,
    /// p50 matches it, p60 and p75 lead it). Percentiles between published points are interpolated
    /// linearly.
    #[arg(long, value_enum, default_value_t = Policy::P50)]
    pub policy: Policy,

    /// Range spread s = (max − min) ÷ min, in (0, 2]: min = mid × 2 ÷ (2 + s), max = min × (1 + s).
    #[arg(long, value_name = "S", default_value_t = 0.40, value_parser = spread, allow_hyphen_values = true)]
    pub spread: f64,

    /// Round the range's min, mid and max to the nearest multiple of this amount (0: no rounding).
    /// Default: 500 for annual pay, 0.25 with --basis hourly.
    #[arg(long, value_name = "STEP", value_parser = non_negative, allow_hyphen_values = true)]
    pub round: Option<f64>,

    /// An offer to test against the market and the range: annual pay, or hourly with --basis hourly.
    #[arg(long, value_name = "AMOUNT", value_parser = positive, allow_hyphen_values = true)]
    pub offer: Option<f64>,

    /// A job posting's pay range to judge, MIN-MAX on the command's basis (annual, or hourly with
    /// --basis hourly): 50000-62000, '$50,000–$62,000' or 50k-62k, MIN ≤ MAX. Shows where the
    /// minimum and maximum fall in the market (as --offer is placed), the range's width, plain-word
    /// flags, and with --roster who in the cut is paid below the minimum or above the maximum.
    /// `--posting` without a value proposes the recommended pay range (--policy, --spread, --round)
    /// and states that rule.
    #[arg(
        long,
        value_name = "MIN-MAX",
        num_args = 0..=1,
        default_missing_value = crate::analysis::market::posting::PROPOSE,
        value_parser = crate::analysis::market::posting::parse
    )]
    pub posting: Option<crate::analysis::market::posting::PostingArg>,

    /// A CSV of your people: columns `id` and `pay` (annual, or hourly with --basis hourly), and any
    /// of `setting`, `years_experience`, `certified`, `region`; each person is compared with their own
    /// market cut (the cut options above fill in columns the roster lacks).
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,

    /// Restate pay per year (default) or per hour at --hours-per-year; --effective-date ages every
    /// figure to one date at --aging-rate; --dollars restates in constant dollars.
    #[command(flatten)]
    pub basis: BasisArgs,

    #[command(flatten)]
    pub micro: MicroArgs,
}

#[derive(Debug, Args)]
pub struct BenchmarkArgs {
    #[command(flatten)]
    pub options: BenchOptions,

    /// Output format (csv: the market and range as one row, or one row per person with --roster).
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct BenchmarkReportArgs {
    #[command(flatten)]
    pub options: BenchOptions,

    /// Write the report to FILE (default: wagescope-benchmark.html, or .json with --format json). It
    /// is written completely or not at all (temp file + rename).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub report: ReportOptions,
}

/// How a payroll is read for `paygap` and `report paygap`.
#[derive(Debug, Args)]
pub struct PayrollArgs {
    /// The payroll (CSV or Parquet). Required: gender (or a 0/1 column such as female, mapped with
    /// --map gender=female) and one wage column, annual_wage, monthly_wage, weekly_wage or
    /// hourly_wage (or wage with --wage-unit): basic pay. Optional: variable_pay (or several
    /// columns summed: --map variable_pay=bonus+overtime; under --rules uk, bonus pay only),
    /// hours (paid hours a week) or fte, category (category of workers, or 0/1 columns one per
    /// category: --map category=a+b+c), full_pay (UK), weight, years_experience, setting,
    /// certified, region, employer.
    #[arg(long, value_name = "FILE")]
    pub microdata: PathBuf,

    /// Which rules the figures follow: eu (Directive 2023/970: Art. 9(1) indicators and Art. 10
    /// flags by category) or uk (Gender Pay Gap Information Regulations 2017: ordinary pay of
    /// full-pay relevant employees, bonus over 12 months).
    #[arg(long, value_enum, default_value_t = crate::analysis::paygap::PayRules::Eu)]
    pub rules: crate::analysis::paygap::PayRules,

    /// The snapshot date the pay is taken on (YYYY-MM-DD): required with --rules uk (5 April
    /// for private and voluntary sector employers, 31 March for the public sector); under eu, the
    /// end of the reporting period, shown in the report.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_text)]
    pub snapshot_date: Option<String>,

    /// What the gender column's values mean, when they are not words (female/male/woman/man,
    /// F/M, X/other/non-binary) or a 0/1 column named female or male: VALUE=female|male|other|
    /// missing, comma-separated (e.g. --gender-values 1=female,2=male,9=missing).
    #[arg(long, value_name = "VALUE=GENDER,…", value_parser = parse_gender_values)]
    pub gender_values: Option<crate::analysis::paygap::gender::GenderCodes>,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Privacy threshold: a category with fewer women or fewer men than this (rows of positive
    /// weight) is suppressed, never shown as 0, and so is the next smallest when only one is. The
    /// whole payroll needs this many of each for any figure. The default follows British
    /// Columbia's pay transparency calculator (at least 10 of a gender).
    #[arg(long, value_name = "K", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub min_n: u64,

    /// Leave out rows with a missing or invalid value (zero or negative hours, negative pay,
    /// variable pay without basic pay…) instead of failing; how many and the first lines are
    /// reported on stderr.
    #[arg(long)]
    pub skip_bad_rows: bool,
}

/// `wagescope paygap`.
#[derive(Debug, Args)]
pub struct PaygapArgs {
    #[command(flatten)]
    pub payroll: PayrollArgs,

    /// Output format: table (for a terminal), json (every figure), csv (one row per figure).
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `wagescope report paygap`.
#[derive(Debug, Args)]
pub struct PaygapReportArgs {
    #[command(flatten)]
    pub payroll: PayrollArgs,

    /// Write the report to FILE (default: wagescope-paygap.html, or .json with --format json). It
    /// is written completely or not at all (temp file + rename).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub report: ReportOptions,
}

fn parse_date_text(text: &str) -> Result<String, String> {
    parse_date(text).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn parse_gender_values(text: &str) -> Result<crate::analysis::paygap::gender::GenderCodes, String> {
    crate::analysis::paygap::gender::GenderCodes::parse(text)
}

/// What a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML file.
    Html,
    /// The full report context as JSON: every figure with its source, the charts' specs and SVG.
    Json,
}

/// Options every report takes: format, branding, templates, exports, timestamp.
#[derive(Debug, Args)]
pub struct ReportOptions {
    /// Write HTML, or the report's full context as JSON (the machine-readable twin).
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,

    /// Report title (default: built from the occupation).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// Organization named in the header and footer (e.g. your school or company).
    #[arg(long, value_name = "NAME")]
    pub organization: Option<String>,

    /// Read templates from DIR: a file there named like a built-in template (base.html,
    /// macros.html, outlook.html, benchmark.html, paygap.html) replaces it; templates/README.md lists the context
    /// variables each receives. Data stays autoescaped.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Also write each table of the report as a CSV file into DIR (created if missing).
    #[arg(long, value_name = "DIR")]
    pub export_dir: Option<PathBuf>,

    /// Print this generation time in the footer (any text, e.g. 2026-11-24T10:00:00Z). Without it
    /// the report carries no time unless SOURCE_DATE_EPOCH is set (seconds since 1970, shown in
    /// UTC), so the same inputs give the same bytes.
    #[arg(long, value_name = "TIME")]
    pub generated_at: Option<String>,
}

fn parse_experience(text: &str) -> Result<String, String> {
    let bands = &crate::data::schema::values::EXPERIENCE_BANDS[1..];
    if let Some(band) = bands.iter().find(|b| **b == text.trim()) {
        return Ok((*band).to_string());
    }
    match text.trim().parse::<f64>() {
        Ok(y) if y.is_finite() && y >= 0.0 => Ok(crate::analysis::market::paybench::experience_band(y).to_string()),
        _ => Err(format!("expected years of experience (a number ≥ 0) or a band ({}), got {text:?}", bands.join(", "))),
    }
}

fn spread(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 2.0 => Ok(v),
        _ => Err(format!("expected a range spread in (0, 2] such as 0.40, got {text:?}")),
    }
}

fn positive(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("expected a positive number, got {text:?}")),
    }
}

fn parse_mapping(text: &str) -> Result<Mapping, String> {
    Mapping::parse(text)
}

fn parse_date(text: &str) -> Result<(i64, i64, i64), String> {
    let parts: Vec<&str> = text.split('-').collect();
    let numbers: Option<Vec<i64>> = parts.iter().map(|p| p.parse().ok()).collect();
    let days_in = |y: i64, m: i64| match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    match numbers.as_deref() {
        Some([y, m, d]) if parts[0].len() == 4 && (1..=12).contains(m) && (1..=days_in(*y, *m)).contains(d) => {
            Ok((*y, *m, *d))
        }
        _ => Err(format!("expected a real date YYYY-MM-DD, got {text:?}")),
    }
}

fn rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > -1.0 && v < 1.0 => Ok(v),
        _ => Err(format!("expected a rate between -1 and 1 such as 0.03, got {text:?}")),
    }
}

fn non_negative(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("expected a number ≥ 0, got {text:?}")),
    }
}
