//! One module per subcommand: thin glue from parsed arguments to data, analysis, output.

mod benchmark;
mod benchmark_text;
mod datasets;
mod import;
mod micro_summary;
mod paygap;
mod project;
mod report;
mod sample;
pub(crate) mod sql;
mod summarize;
mod validate;

use std::path::Path;

use anyhow::{Result, anyhow};
use polars::prelude::{DataType, LazyFrame, NULL, PolarsResult, col, lit};
use serde::Serialize;

use crate::analysis::basis::{cpi_span, money_factor};
use crate::analysis::micro::{MicroDim, MicroSummary, MicroSummaryOptions, Summaries};
use crate::cli::{Cli, ColumnArgs, Command, MicroArgs, ReportKind};
use crate::data::microdata::{Mapping, MicroOptions, Microdata};
use crate::data::schema::{micro as m, values};
use crate::data::{CheckOptions, DataSource, Dataset};
use crate::engine::aggregates::Aggregates;
use crate::engine::sql::Dialect;
use crate::error::{Issue, WagescopeError};
use crate::progress::file_size;

/// Run the parsed command line.
pub fn run(cli: &Cli) -> Result<()> {
    let micro = match &cli.command {
        Command::Summarize(args) => Some(&args.micro),
        Command::Benchmark(args) => Some(&args.options.micro),
        Command::Report(args) => match &args.kind {
            ReportKind::Outlook(args) => Some(&args.micro),
            ReportKind::Benchmark(args) => Some(&args.options.micro),
            ReportKind::Paygap(_) => None,
        },
        _ => None,
    };
    if let Some(micro) = micro {
        micro.check_engine().map_err(WagescopeError::Usage)?;
    }
    match &cli.command {
        Command::Datasets(args) => datasets::run(cli, args),
        Command::Validate(args) => validate::run(cli, args),
        Command::Summarize(args) => summarize::run(cli, args),
        Command::Report(args) => match &args.kind {
            ReportKind::Outlook(outlook) => report::outlook(cli, outlook),
            ReportKind::Benchmark(args) => report::benchmark(cli, args),
            ReportKind::Paygap(args) => report::paygap(cli, args),
        },
        Command::Benchmark(args) => benchmark::run(cli, args),
        Command::Import(args) => import::run(cli, args),
        Command::Sql(args) => sql::run(cli, args),
        Command::Sample(args) => sample::run(args),
        Command::Paygap(args) => paygap::run(cli, args),
        Command::Project(args) => project::run(cli, args),
    }
}

/// Where the data comes from: `--data DIR`, the files of `--oews` imported into a temporary
/// directory (deleted when this is dropped), or the embedded dataset.
struct Source {
    source: DataSource,
    /// How the dataset is named in output, when not by its directory.
    label: Option<String>,
    _imported: Option<tempfile::TempDir>,
}

fn source(cli: &Cli) -> Result<Source> {
    if cli.oews.is_empty() && cli.projections.is_empty() {
        return Ok(Source { source: DataSource::from_option(cli.data.as_deref()), label: None, _imported: None });
    }
    let temp = tempfile::tempdir()?;
    let dir = temp.path().join("imported");
    let args = crate::cli::OewsArgs {
        files: cli.oews.clone(),
        output: dir.clone(),
        occupation: Vec::new(),
        year: None,
        projections: cli.projections.clone(),
        format: crate::cli::DatasetFormat::Csv,
    };
    let (_, columns) = import::import_oews(cli, &args, &dir, "")?;
    let label = import::files_label(&args);
    let mut names: Vec<String> =
        cli.oews.iter().chain(cli.projections.iter()).map(|p| p.display().to_string()).collect();
    if let Some(base) = &cli.data {
        crate::import::merge_into(&dir, base)?;
        names.insert(0, base.display().to_string());
    }
    Ok(Source {
        source: DataSource::Imported { dir, columns: std::sync::Arc::new(columns), label },
        label: Some(if cli.data.is_some() { names.join(" + ") } else { format!("BLS files {}", names.join(", ")) }),
        _imported: Some(temp),
    })
}

/// The area `query` names among `areas`, or a usage error for `flag` that says which areas exist.
fn resolve_area(flag: &str, query: &str, areas: &[crate::analysis::outlook::area::AreaName]) -> Result<String> {
    use crate::analysis::outlook::area::{AreaMiss, find_area};
    let quoted = |names: &[String]| names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ");
    let message = match find_area(query, areas) {
        Ok(area) => return Ok(area.name.clone()),
        Err(AreaMiss::NoAreas) => format!(
            "{query:?}: the data have no state or area figures for this occupation (add an OEWS state or metro file with --oews)"
        ),
        Err(AreaMiss::Unknown { nearest }) if nearest.is_empty() => {
            let mut names: Vec<String> = areas.iter().map(|a| a.name.clone()).collect();
            names.sort();
            let shown = names.iter().take(12).cloned().collect::<Vec<_>>();
            let more = if names.len() > shown.len() {
                format!(" and {} more", names.len() - shown.len())
            } else {
                String::new()
            };
            format!("no area matches {query:?}; the data have {}{more}", quoted(&shown))
        }
        Err(AreaMiss::Unknown { nearest }) => {
            format!(
                "no area matches {query:?}; did you mean {}?",
                quoted(&nearest).replacen(", ", " or ", usize::from(nearest.len() == 2))
            )
        }
        Err(AreaMiss::Ambiguous { matches }) => {
            let shown = matches.iter().take(12).cloned().collect::<Vec<_>>();
            format!("{query:?} matches several areas: {}; give more of the name", quoted(&shown))
        }
    };
    Err(WagescopeError::Usage(format!("{flag}: {message}")).into())
}

/// How tables are checked, from the global options.
fn check_options(cli: &Cli) -> CheckOptions {
    CheckOptions { hours_per_year: cli.hours_per_year }
}

/// Load the dataset named by the global options; any data error stops the command.
fn load(cli: &Cli) -> Result<Dataset> {
    let source = source(cli)?;
    let name = source.label.clone().unwrap_or_else(|| source.source.label());
    let _task = crate::progress::Task::start(format!("reading the dataset {name}"));
    let mut dataset = Dataset::load(&source.source, check_options(cli))?;
    if let Some(label) = source.label {
        dataset.label = label;
    }
    Ok(dataset)
}

/// The column mapping of --map-file, then --map.
fn mapping(columns: &ColumnArgs) -> Result<Mapping> {
    mapping_of(&columns.read)
}

/// The column mapping of a `--map-file` and a `--map`, the second overriding the first.
fn mapping_of(read: &crate::cli::ReadArgs) -> Result<Mapping> {
    let mut mapping = match &read.map_file {
        Some(file) => Mapping::from_toml(file)?,
        None => Mapping::default(),
    };
    if let Some(map) = &read.map {
        mapping = mapping.merged(map);
    }
    Ok(mapping)
}

/// Open `--microdata FILE` with the column mapping of `--map-file` and `--map`.
fn open_microdata(cli: &Cli, micro: &MicroArgs, path: &Path) -> Result<Microdata> {
    Microdata::open(
        path,
        &MicroOptions {
            mapping: mapping(&micro.columns)?,
            hours_per_year: cli.hours_per_year,
            wage_unit: micro.columns.read.wage_unit,
            max_wage: micro.columns.read.max_wage,
            payroll: false,
        },
    )
}

/// A usage error when `microdata` lacks canonical column `canonical`, which `what` (a flag and
/// its value, e.g. `--by certification`) needs: names the file's columns and the `--map` fix.
fn require_column(microdata: &Microdata, what: &str, canonical: &str) -> Result<()> {
    if microdata.has(canonical) {
        return Ok(());
    }
    Err(missing_column(&microdata.file, microdata.columns(), what, canonical))
}

/// The usage error of [`require_column`].
fn missing_column(file: &str, columns: &[String], what: &str, canonical: &str) -> anyhow::Error {
    WagescopeError::Usage(format!(
        "{what}: {file} has no {canonical} column, which this needs (its columns: {}); map yours with --map {canonical}=THEIRS",
        columns.join(", ")
    ))
    .into()
}

/// How many invalid rows a microdata result left out.
pub trait CountsInvalid {
    fn invalid_rows(&self) -> u64;
    fn valid_rows(&self) -> u64;
}

impl CountsInvalid for Summaries {
    fn invalid_rows(&self) -> u64 {
        self.summaries.first().map_or(0, |s| s.rows_invalid)
    }
    fn valid_rows(&self) -> u64 {
        self.summaries.first().map_or(0, |s| s.total.n)
    }
}

impl CountsInvalid for MicroSummary {
    fn invalid_rows(&self) -> u64 {
        self.rows_invalid
    }
    fn valid_rows(&self) -> u64 {
        self.total.n
    }
}

/// Rows left out by `--skip-bad-rows`.
#[derive(Debug, Serialize)]
pub struct SkippedRows {
    pub count: u64,
    /// The first few, as `file:line:column: …` messages.
    pub first: Vec<String>,
}

/// --basis hourly, --dollars and --effective-date restate each row's wage, which an engine's
/// result does not hold.
pub fn no_restating(conventions: &crate::analysis::basis::Conventions) -> Result<()> {
    let hourly = conventions.basis == Some(crate::analysis::basis::PayBasis::Hourly);
    if hourly || conventions.dollars.is_some() || conventions.effective_date.is_some() {
        return Err(WagescopeError::Usage(
            "--basis hourly, --dollars and --effective-date restate each row's wage, which an engine's result does not hold: use them with --microdata".into(),
        )
        .into());
    }
    Ok(())
}

impl SkippedRows {
    /// Rows an engine left out: counted, not named (the engine's result holds no rows).
    pub fn counted(count: u64) -> SkippedRows {
        SkippedRows { count, first: Vec::new() }
    }

    /// Say on stderr what was left out of `file`, as for microdata.
    pub fn report(&self, file: &str) {
        eprintln!(
            "{} (the engine counted them in {file}; it does not name them)",
            skipped_text(self.count, &self.first)
        );
    }
}

/// The engine's result of `--aggregates FILE`, or of the statement run with `--spark URL
/// --source S` for the groupings `groupings` gives (it is told which canonical columns the source
/// has).
pub fn engine_result(
    cli: &Cli,
    micro: &MicroArgs,
    groupings: impl Fn(&dyn Fn(&str) -> bool) -> Vec<Vec<MicroDim>>,
) -> Result<Aggregates> {
    if let Some(path) = &micro.aggregates {
        return Aggregates::read(path);
    }
    let (Some(source), Some(url)) = (&micro.source, crate::engine::spark::remote(micro.spark.as_deref())) else {
        return Err(WagescopeError::Usage(
            "--source needs --spark sc://HOST:PORT (or SPARK_REMOTE set); for another engine, print the statement with `wagescope sql` and read its result with --aggregates".into(),
        )
        .into());
    };
    let source = crate::engine::sql::Source::parse(source).map_err(WagescopeError::Usage)?;
    let timeout = crate::engine::spark::CONNECT_TIMEOUT;
    let task = crate::progress::Task::start(format!("running the summary on {url}"));
    let probe = crate::engine::sql::probe(Dialect::Spark, &source);
    let columns: Vec<String> = crate::engine::spark::query(&url, &probe, &[], timeout)?
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mapping = mapping(&micro.columns)?;
    let groupings = groupings(&|canonical: &str| columns.iter().any(|c| c == mapping.theirs(canonical)));
    let spec = sql::spec(cli, &micro.columns, Dialect::Spark, source.clone(), &columns, groupings)?;
    let frame = crate::engine::spark::query(&url, &spec.statements(), &spec.cleanup(), timeout)?;
    drop(task);
    Aggregates::from_frame(frame, &format!("{url} ({})", source.text()))
}

/// How many bad rows a failing run names.
const SHOWN_BAD_ROWS: usize = 20;

/// How to summarize `microdata`: weighted when it has weights, the dominance rule when it has
/// employers; `by` is left empty.
pub fn summary_options(microdata: &Microdata, min_n: u64, secondary: bool) -> MicroSummaryOptions {
    MicroSummaryOptions {
        by: Vec::new(),
        weighted: microdata.present.weight,
        min_n,
        dominance: microdata.present.employer,
        secondary,
    }
}

/// Run `analyse` over the microdata. Invalid rows fail the command, naming them (file, line,
/// column, value), unless `skip` is set, when they are left out, counted, and the count and first
/// lines go to stderr (every output format). A file polars cannot read at all (a ragged row, bad
/// encoding) is diagnosed the same way; a row with the wrong number of fields fails even with
/// `skip`, as its values may sit under the wrong columns.
fn checked<T: CountsInvalid>(
    microdata: &mut Microdata,
    skip: bool,
    analyse: impl Fn(LazyFrame) -> PolarsResult<T>,
) -> Result<(T, Option<SkippedRows>)> {
    let task =
        crate::progress::Task::start(format!("reading {}{}", microdata.file, file_size(Path::new(&microdata.file))));
    let run = |microdata: &Microdata| -> Result<T> {
        match analyse(microdata.lf.clone()) {
            Ok(result) => Ok(result),
            Err(error) => {
                let (_, issues) = microdata.diagnose(SHOWN_BAD_ROWS)?;
                if issues.is_empty() {
                    return Err(anyhow!(error).context(format!("reading {}", microdata.file)));
                }
                Err(WagescopeError::Data(issues).into())
            }
        }
    };
    let mut result = run(microdata)?;
    if result.invalid_rows() > 0 {
        // Rows without a year or a CPI-U value, when restated by year: said as such first.
        year_problems(microdata)?;
    }
    if result.invalid_rows() == 0 {
        if result.valid_rows() == 0 {
            return Err(WagescopeError::Data(vec![
                Issue::error(&microdata.file, "the file has no data rows")
                    .expected("a header line and at least one row"),
            ])
            .into());
        }
        return Ok((result, None));
    }
    // Bad rows: first the file's structure (ragged rows, quotes), which --skip-bad-rows does not
    // skip, as a row with the wrong number of fields may have its values under the wrong columns.
    let structure = match microdata.structure()? {
        Some(Err(issues)) => return Err(WagescopeError::Data(issues).into()),
        Some(Ok(structure)) => Some(structure),
        None => None,
    };
    if microdata.may_have_short_rows() {
        // Rows set aside for a null last column had every field: the nulls are empty cells.
        microdata.trust_structure();
        result = run(microdata)?;
    }
    let invalid = result.invalid_rows();
    if invalid == 0 {
        return Ok((result, None));
    }
    // The reading is over: clear the progress line before anything else goes to stderr.
    drop(task);
    let (_, mut issues) = microdata.diagnose_rows(SHOWN_BAD_ROWS, structure.as_ref())?;
    if skip {
        let first: Vec<String> = issues.iter().take(5).map(ToString::to_string).collect();
        eprintln!("{}", skipped_text(invalid, &first));
        return Ok((result, Some(SkippedRows { count: invalid, first })));
    }
    issues.push(Issue::error(
        &microdata.file,
        format!(
            "{invalid} invalid row(s) in all{}; fix them, or pass --skip-bad-rows to leave them out",
            if invalid as usize > SHOWN_BAD_ROWS {
                format!(", the first {SHOWN_BAD_ROWS} listed")
            } else {
                String::new()
            }
        ),
    ));
    Err(WagescopeError::Data(issues).into())
}

/// What `--skip-bad-rows` left out, for stderr.
fn skipped_text(count: u64, first: &[String]) -> String {
    let mut text = format!("warning: skipped {count} invalid row(s) (--skip-bad-rows)");
    if !first.is_empty() {
        text.push_str(&format!("; the first {}:", first.len()));
        for line in first {
            text.push_str(&format!("\n  {line}"));
        }
    }
    text
}

/// The conventions of `--basis`, `--dollars`, `--effective-date`, checked against the CPI series.
fn conventions(
    cli: &Cli,
    args: &crate::cli::BasisArgs,
    dataset: &Dataset,
) -> Result<crate::analysis::basis::Conventions> {
    let conventions = args.conventions(cli.hours_per_year);
    if let Some(year) = conventions.dollars {
        let cpi = crate::analysis::basis::cpi_series(dataset)?;
        if !cpi.iter().any(|(y, _)| *y == year) {
            return Err(WagescopeError::Usage(format!(
                "--dollars {year}: the CPI-U series has no value for {year} (it covers {})",
                crate::analysis::basis::cpi_span(&cpi)
            ))
            .into());
        }
    }
    Ok(conventions)
}

/// Premiums as terminal lines: "  Hospital vs all: +8.2% (median $52,000 vs $48,000; base: …)".
fn premium_lines(premiums: &[crate::analysis::premium::Premium]) -> String {
    use crate::format::{money, signed_percent};
    if premiums.is_empty() {
        return String::new();
    }
    let mut text = String::from("\nPremiums (median of each group vs its reference)\n");
    for p in premiums {
        let hourly = p.basis == crate::data::schema::values::HOURLY;
        let value = |v: Option<f64>| v.map_or_else(|| "suppressed".to_string(), |x| money(x, hourly));
        let pct = p.premium_percent.map_or_else(|| "n/a".to_string(), |v| signed_percent(v, 1));
        text.push_str(&format!(
            "  {} vs {}: {pct} ({} vs {}; base: {})\n",
            p.group,
            p.reference,
            value(p.group_value),
            value(p.reference_value),
            p.base
        ));
    }
    text
}

/// Restate the microdata's wages on the conventions (its wages are annual; CPI and aging use its
/// `year` column, the month being unknown).
pub(crate) fn restate_microdata(
    microdata: &mut Microdata,
    conventions: &crate::analysis::basis::Conventions,
    cpi: &[(i64, f64)],
) -> Result<()> {
    if !conventions.restates() {
        return Ok(());
    }
    let needs_year = conventions.dollars.is_some() || conventions.effective_date.is_some();
    if needs_year && !microdata.present.year {
        return Err(WagescopeError::Usage(format!(
            "--dollars and --effective-date need the year of each row, and {} has no year column (map yours with --map year=THEIRS)",
            microdata.file
        ))
        .into());
    }
    let factor = money_factor(conventions, cpi, col(m::YEAR), lit(NULL).cast(DataType::Int64), lit(values::ANNUAL))?;
    if needs_year {
        // One read: a row without a factor (no year, a year without CPI-U) is not valid, and only
        // when a summary finds invalid rows does `year_problems` read the file again to say why.
        microdata.before_restating = Some(crate::data::microdata::BeforeRestating {
            lf: microdata.lf.clone(),
            dollars: conventions.dollars.is_some(),
            cpi: cpi.to_vec(),
        });
        microdata.require(factor.clone().is_not_null());
    }
    microdata.lf = microdata.lf.clone().with_column((col(m::ANNUAL_WAGE) * factor).alias(m::ANNUAL_WAGE));
    Ok(())
}

/// Why rows have no restatement factor, when a file restated by each row's year has invalid
/// rows: rows without a year (a data error, or the file's structure when a short row reads as an
/// empty year) or years outside the CPI-U series (a usage error), as they were said before the
/// summary read the file once. Nothing when every valid row's year is known (the invalid rows have
/// bad values, reported as such).
fn year_problems(microdata: &Microdata) -> Result<()> {
    let Some(before) = &microdata.before_restating else { return Ok(()) };
    let cpi = &before.cpi;
    let valid = before.lf.clone().filter(microdata.values_ok());
    let range = valid
        .select([
            col(m::YEAR).min().alias("min"),
            col(m::YEAR).max().alias("max"),
            col(m::YEAR).null_count().cast(DataType::UInt64).alias("missing"),
        ])
        .collect()?;
    let (min, max) = (range.column("min")?.i64()?.get(0), range.column("max")?.i64()?.get(0));
    let missing = range.column("missing")?.u64()?.get(0).unwrap_or(0);
    if missing > 0 {
        // The file's structure first (a short row reads as an empty year), then each row without a
        // year at its line and column, with the other bad rows, then the count.
        let structure = match microdata.structure()? {
            Some(Err(issues)) => return Err(WagescopeError::Data(issues).into()),
            Some(Ok(structure)) => Some(structure),
            None => None,
        };
        let (_, mut issues) = microdata.diagnose_rows(SHOWN_BAD_ROWS, structure.as_ref())?;
        issues.push(
            Issue::error(
                &microdata.file,
                format!("{missing} row(s) have no year, and --dollars / --effective-date need the year of every row"),
            )
            .expected("a year in every row, or drop --dollars / --effective-date"),
        );
        return Err(WagescopeError::Data(issues).into());
    }
    let known = |y: Option<i64>| y.is_none_or(|y| cpi.iter().any(|(c, _)| *c == y));
    if before.dollars && (!known(min) || !known(max)) {
        return Err(WagescopeError::Usage(format!(
            "--dollars: {} has years {}–{}, but the CPI-U series covers {}",
            microdata.file,
            min.unwrap_or_default(),
            max.unwrap_or_default(),
            cpi_span(cpi)
        ))
        .into());
    }
    Ok(())
}
