//! Person- or job-level microdata (a payroll export, a survey file), CSV or Parquet, millions of
//! rows: scanned lazily, renamed to canonical columns, typed, and checked in the same pass as the
//! analysis.
//!
//! Every row gets a boolean [`OK`] column: false when a required value is missing or invalid
//! (non-numeric or negative wage, negative experience, `certified` not a boolean…). Analyses use
//! only OK rows and count the others, so a clean file is read once. When a file has bad rows,
//! [`Microdata::diagnose`] reads it again to name them (file, line, column, value): the slow path
//! runs only when there is something to report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use polars::prelude::*;

use super::csvcheck::{self, Structure, did_you_mean};
use super::load::ROW;
use super::micro_cells::{Rules, cell_problem, is_wage, spellings, year_problem};
use super::schema::{micro as m, values};
pub use super::wage_unit::WageUnit;
use crate::error::{Issue, WagescopeError, quoted};

/// Name of the per-row validity column.
pub const OK: &str = "__ok";

/// Canonical column → the file's own column name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    pairs: BTreeMap<String, String>,
}

impl Mapping {
    /// Parse `canonical=theirs[,canonical=theirs…]` (the `--map` option).
    pub fn parse(spec: &str) -> Result<Mapping, String> {
        let mut mapping = Mapping::default();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (canonical, theirs) =
                pair.split_once('=').ok_or_else(|| format!("expected canonical=theirs, got {pair:?}"))?;
            mapping.insert(canonical.trim(), theirs.trim())?;
        }
        Ok(mapping)
    }

    /// Read a TOML file with a `[columns]` table: `annual_wage = "Base Salary"`.
    pub fn from_toml(path: &Path) -> Result<Mapping> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading map file {}", path.display()))?;
        let doc: toml::Table = toml::from_str(&text).with_context(|| format!("parsing map file {}", path.display()))?;
        let columns = doc.get("columns").and_then(toml::Value::as_table).ok_or_else(|| {
            WagescopeError::Usage(format!(
                "map file {} has no [columns] table (expected e.g. [columns] annual_wage = \"Base Salary\")",
                path.display()
            ))
        })?;
        let mut mapping = Mapping::default();
        for (canonical, theirs) in columns {
            let theirs = theirs.as_str().ok_or_else(|| {
                WagescopeError::Usage(format!("map file {}: {canonical} must be a string", path.display()))
            })?;
            mapping
                .insert(canonical, theirs)
                .map_err(|e| WagescopeError::Usage(format!("map file {}: {e}", path.display())))?;
        }
        Ok(mapping)
    }

    fn insert(&mut self, canonical: &str, theirs: &str) -> Result<(), String> {
        if !m::INPUT.contains(&canonical) && !m::PAYROLL.contains(&canonical) {
            let all: Vec<&str> = m::INPUT.iter().chain(&m::PAYROLL).copied().collect();
            return Err(format!(
                "unknown canonical column {canonical:?}{} (canonical columns: {}; for paygap also {})",
                did_you_mean(canonical, all.iter().copied()),
                m::INPUT.join(", "),
                m::PAYROLL.join(", ")
            ));
        }
        if theirs.is_empty() {
            return Err(format!("no column name given for {canonical}"));
        }
        self.pairs.insert(canonical.to_string(), theirs.to_string());
        Ok(())
    }

    /// Entries of `other` override entries of `self` (`--map` over `--map-file`).
    pub fn merged(mut self, other: &Mapping) -> Mapping {
        self.pairs.extend(other.pairs.clone());
        self
    }

    /// The file's name for a canonical column.
    pub fn theirs<'a>(&'a self, canonical: &'a str) -> &'a str {
        self.pairs.get(canonical).map_or(canonical, String::as_str)
    }
}

/// How to read a microdata file.
#[derive(Debug, Clone)]
pub struct MicroOptions {
    pub mapping: Mapping,
    pub hours_per_year: f64,
    /// The unit of a generic `wage` column (`--wage-unit`); required when the file's wage is one.
    pub wage_unit: Option<WageUnit>,
    /// The plausibility bound of a wage after conversion to annual (`--max-wage`).
    pub max_wage: f64,
    /// Read the payroll columns too ([`m::PAYROLL`]: gender, variable pay, hours…), for `paygap`.
    pub payroll: bool,
}

impl Default for MicroOptions {
    /// No mapping, 2,080 hours a year, no `--wage-unit`, the default `--max-wage`, no payroll
    /// columns.
    fn default() -> Self {
        MicroOptions {
            mapping: Mapping::default(),
            hours_per_year: 2080.0,
            wage_unit: None,
            max_wage: m::MAX_WAGE,
            payroll: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
}

/// Which optional canonical columns the file has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Present {
    pub occupation: bool,
    pub setting: bool,
    /// `years_experience` (and so the derived `experience` band).
    pub experience: bool,
    pub certified: bool,
    pub weight: bool,
    pub region: bool,
    pub year: bool,
    pub credential: bool,
    pub employer: bool,
    /// The wage column is hourly (converted to annual at `hours_per_year`).
    pub hourly: bool,
    /// What the wage column pays for (converted to annual on the way in).
    pub wage_unit: WageUnit,
    /// The file has a `synthetic` column: it was made by `wagescope sample`, not real people.
    pub synthetic: bool,
    /// `certified` is stored as a Boolean (Parquet): no text to interpret.
    #[serde(skip)]
    pub boolean_certified: bool,
}

/// An opened microdata file: a lazy, canonical, typed scan.
#[derive(Clone)]
pub struct Microdata {
    /// The file as the user named it.
    pub file: String,
    path: PathBuf,
    pub format: Format,
    pub present: Present,
    /// The file's columns, in order.
    columns: Vec<String>,
    /// Canonical name → the file's column, for every column used.
    used: Vec<(&'static str, String)>,
    rules: Rules,
    /// The file's last column, when a null there may be a short row rather than an empty cell
    /// (see [`Microdata::open`]); `None` once the structure is known to be sound.
    tail: Option<String>,
    /// Canonical typed columns, plus `experience` (band, when `years_experience` is there),
    /// `annual_wage` (every wage unit converted) and [`OK`].
    pub lf: LazyFrame,
    /// The scan before a restatement by each row's year (`--dollars`, `--effective-date`): rows
    /// without a factor (no year, a year without CPI-U) are then not valid, and when a summary finds
    /// invalid rows, this scan tells why (see `commands::checked`), so a file whose years are all
    /// known is read once.
    pub before_restating: Option<BeforeRestating>,
}

/// What a restatement by each row's year replaced: see [`Microdata::before_restating`].
#[derive(Clone)]
pub struct BeforeRestating {
    /// The scan before the restatement.
    pub lf: LazyFrame,
    /// `--dollars` (each year needs a CPI-U value), and not only `--effective-date`.
    pub dollars: bool,
    /// The CPI-U series, (year, index).
    pub cpi: Vec<(i64, f64)>,
}

fn usage(message: String) -> anyhow::Error {
    WagescopeError::Usage(message).into()
}

fn data_error(issue: Issue) -> anyhow::Error {
    WagescopeError::Data(vec![issue]).into()
}

impl Microdata {
    /// Open `path`: detect the format, map and check the columns, build the lazy scan.
    ///
    /// polars reads a row with too few fields as nulls in the missing ones, the same as empty
    /// cells, and a row with too many as fine unless the last column is read. So the last column
    /// is always read: too many fields then fail the scan, and when that column may legitimately be
    /// empty (unused, or an optional one like `region`), a null in it marks the row as not OK until
    /// [`Microdata::trust_structure`] says the file's rows all have the right length. A file whose
    /// last column is always filled pays nothing for this.
    pub fn open(path: &Path, options: &MicroOptions) -> Result<Microdata> {
        let file = path.display().to_string();
        let head = read_head(path)?;
        if head.iter().all(u8::is_ascii_whitespace) {
            return Err(data_error(
                Issue::error(&file, "the file is empty")
                    .expected("a header line naming the columns, or a Parquet file"),
            ));
        }
        let format = if head.starts_with(b"PAR1") { Format::Parquet } else { Format::Csv };
        let columns = match format {
            Format::Parquet => parquet_columns(path)?,
            Format::Csv => csv_columns(&head, path, &file)?,
        };
        let duplicates = csvcheck::duplicate_headers(&columns, &file);
        if !duplicates.is_empty() {
            return Err(WagescopeError::Data(duplicates).into());
        }
        let inputs: Vec<&'static str> =
            m::INPUT.iter().chain(if options.payroll { &m::PAYROLL[..] } else { &[] }).copied().collect();
        let (used, wage_unit) = resolve_columns(&columns, &options.mapping, options.wage_unit, &file, &inputs)?;
        let has = |canonical: &str| used.iter().any(|(c, _)| *c == canonical);
        let present = Present {
            occupation: has(m::OCCUPATION),
            setting: has(m::SETTING),
            experience: has(m::YEARS_EXPERIENCE),
            certified: has(m::CERTIFIED),
            weight: has(m::WEIGHT),
            region: has(m::REGION),
            year: has(m::YEAR),
            credential: has(m::CREDENTIAL),
            employer: has(m::EMPLOYER),
            hourly: wage_unit == WageUnit::Hour,
            wage_unit,
            synthetic: columns.iter().any(|c| c == m::SYNTHETIC),
            boolean_certified: format == Format::Parquet
                && parquet_dtype(path, mapping_theirs(&used, m::CERTIFIED)) == Some(DataType::Boolean),
        };
        let rules = Rules { wage_unit, hours_per_year: options.hours_per_year, max_wage: options.max_wage };
        let tail = match (format, columns.last()) {
            (Format::Csv, Some(last)) => {
                let filled = used.iter().any(|(c, theirs)| {
                    theirs == last
                        && (is_wage(c) || m::FILLED_WHEN_PRESENT.contains(c) || m::PAYROLL_FILLED.contains(c))
                });
                (!filled).then(|| last.clone())
            }
            _ => None,
        };
        let mut microdata = Microdata {
            file,
            path: path.to_path_buf(),
            format,
            present,
            columns,
            used,
            rules,
            tail,
            lf: LazyFrame::default(),
            before_restating: None,
        };
        microdata.lf = microdata.scan()?;
        Ok(microdata)
    }

    /// The canonical lazy frame of the file.
    fn scan(&self) -> Result<LazyFrame> {
        let scan = match self.format {
            Format::Csv => scan_csv(&self.path, &self.used, self.columns.last(), true)?,
            Format::Parquet => {
                LazyFrame::scan_parquet(PlRefPath::try_from_path(&self.path)?, ScanArgsParquet::default())?
            }
        };
        Ok(canonical(scan, &self.used, self.present, &self.rules, self.tail.as_deref(), &[]))
    }

    /// Whether the file has canonical column `canonical` (after `--map`), e.g. `certified`.
    pub fn has(&self, canonical: &str) -> bool {
        self.used.iter().any(|(c, _)| *c == canonical)
    }

    /// Every column used: canonical name and the file's name (variable pay may have several).
    pub fn used_columns(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.used.iter().map(|(c, theirs)| (*c, theirs.as_str()))
    }

    /// The file's own column names, in order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The wage column used: the file's name, and the canonical one when they differ
    /// (`"HOURLY (wage)"`).
    pub fn wage_column(&self) -> String {
        self.used
            .iter()
            .find(|(c, _)| is_wage(c))
            .map(|(c, theirs)| if c == theirs { theirs.clone() } else { format!("{theirs} ({c})") })
            .unwrap_or_default()
    }

    /// How wages were converted to annual pay, in words ("hourly wages × 2,080 hours a year");
    /// `None` for annual wages.
    pub fn wage_conversion(&self) -> Option<String> {
        self.rules.wage_unit.conversion(self.rules.hours_per_year)
    }

    /// Whether rows were set aside because the file's last column was null, which is either an
    /// empty cell or a short row: [`Microdata::structure`] tells which.
    pub fn may_have_short_rows(&self) -> bool {
        self.tail.is_some()
    }

    /// [`OK`] on the values alone: true for a row whose values are valid even when its last column
    /// is null (which unsets [`OK`] until [`Microdata::trust_structure`]).
    pub fn values_ok(&self) -> Expr {
        if self.tail.is_some() { col(OK_VALUES) } else { col(OK) }
    }

    /// Rows where `condition` is not true are not valid either (counted, reported, or skipped
    /// with `--skip-bad-rows`, as rows with a bad value are).
    pub fn require(&mut self, condition: Expr) {
        let condition = condition.fill_null(lit(false));
        let mut columns = vec![col(OK).and(condition.clone()).alias(OK)];
        if self.tail.is_some() {
            columns.push(col(OK_VALUES).and(condition).alias(OK_VALUES));
        }
        self.lf = self.lf.clone().with_columns(columns);
    }

    /// Every structural problem of a CSV file (ragged rows, quotes, encoding), or where each of its
    /// records starts. Reads the whole file: the slow path.
    pub fn structure(&self) -> Result<Option<Result<Structure, Vec<Issue>>>> {
        if self.format != Format::Csv {
            return Ok(None);
        }
        let bytes =
            std::fs::read(&self.path).map_err(|source| WagescopeError::Read { path: self.path.clone(), source })?;
        Ok(Some(csvcheck::check(&bytes, &self.file)))
    }

    /// The file's rows all have the right number of fields: a null last column is an empty cell.
    /// Keeps whatever was done to [`Microdata::lf`] since it was opened (a restatement).
    pub fn trust_structure(&mut self) {
        if self.tail.take().is_some() {
            self.lf = self.lf.clone().with_column(col(OK_VALUES).alias(OK));
        }
    }

    /// Every problem in the file (structure first, then values), up to `limit` value problems,
    /// and the number of bad rows. Reads the file again: call it only when rows were found bad.
    pub fn diagnose(&self, limit: usize) -> Result<(u64, Vec<Issue>)> {
        match self.structure()? {
            Some(Err(issues)) => Ok((issues.len() as u64, issues)),
            Some(Ok(found)) => self.diagnose_rows(limit, Some(&found)),
            None => self.diagnose_rows(limit, None),
        }
    }

    /// The bad rows of a file whose structure is sound: up to `limit` value problems, and the
    /// number of bad rows. `structure` places CSV records on their lines (quoted fields can span
    /// lines).
    pub fn diagnose_rows(&self, limit: usize, structure: Option<&Structure>) -> Result<(u64, Vec<Issue>)> {
        let restating = self.before_restating.is_some() && self.present.year;
        let raw = match self.format {
            Format::Csv => scan_csv(&self.path, &self.used, None, false)?,
            Format::Parquet => {
                LazyFrame::scan_parquet(PlRefPath::try_from_path(&self.path)?, ScanArgsParquet::default())?
            }
        };
        // Raw text of every used column, beside the OK flag computed exactly as in the fast path.
        let raw_name = |i: usize| format!("__raw{i}");
        let text: Vec<Expr> = self
            .used
            .iter()
            .enumerate()
            .map(|(i, (_, theirs))| col(theirs.as_str()).cast(DataType::String).alias(raw_name(i)))
            .collect();
        let mut keep = text.iter().enumerate().map(|(i, _)| col(raw_name(i))).collect::<Vec<_>>();
        keep.push(col(ROW));
        let bad = canonical(
            // Blank rows go before numbering, as the structural pass skips them too.
            raw.filter(blank_row(&self.used).not()).with_row_index(ROW, None).with_columns(text),
            &self.used,
            self.present,
            &self.rules,
            None,
            &keep,
        )
        // Restated by each row's year: a row without a year is bad too (see `before_restating`).
        .filter(if restating { col(OK).not().or(col(m::YEAR).is_null()) } else { col(OK).not() });
        let count = bad.clone().select([len()]).collect()?.column("len")?.idx()?.get(0).unwrap_or(0);
        let rows = bad.limit(limit as IdxSize).collect()?;
        let mut issues = Vec::new();
        let one_hot = one_hot_parts(&self.used);
        let row_numbers = crate::data::load::row_numbers(&rows);
        for (i, row) in row_numbers.into_iter().enumerate() {
            let place = |issue: Issue| match self.format {
                // CSV: one header line; Parquet has rows, not lines.
                Format::Csv => issue.at_line(structure.map_or(row as u64 + 2, |s| s.line_of(row))),
                Format::Parquet => Issue { message: format!("row {}: {}", row + 1, issue.message), ..issue },
            };
            let mut found = false;
            let value_of = |index: usize| {
                rows.column(&raw_name(index)).ok().and_then(|c| c.str().ok().and_then(|s| s.get(i).map(str::to_string)))
            };
            // Variable pay in a row without basic pay is named as such.
            let variable_paid = self.used.iter().enumerate().any(|(index, (c, _))| {
                *c == m::VARIABLE_PAY
                    && value_of(index).and_then(|v| v.trim().parse::<f64>().ok()).is_some_and(|v| v > 0.0)
            });
            for (index, (canonical, theirs)) in self.used.iter().enumerate() {
                let value = value_of(index);
                let rule = if *canonical == m::CATEGORY && !one_hot.is_empty() { m::CATEGORY_FLAG } else { canonical };
                let problem = if restating && *canonical == m::YEAR {
                    year_problem(value.as_deref())
                } else {
                    cell_problem(rule, value.as_deref(), &self.rules)
                };
                if let Some((what, expected)) = problem {
                    let (what, expected) = if is_wage(canonical) && variable_paid && what == "is empty" {
                        (
                            "is empty, but the row has variable pay".to_string(),
                            "the basic pay the variable pay comes with".to_string(),
                        )
                    } else {
                        (what, expected)
                    };
                    found = true;
                    let name = if *canonical == theirs.as_str() {
                        (*canonical).to_string()
                    } else {
                        format!("{theirs} ({canonical})")
                    };
                    let issue = Issue::error(&self.file, format!("column '{name}' {what}"))
                        .at_column(self.columns.iter().position(|c| c == theirs).unwrap_or(index), theirs)
                        .got(value.as_deref().map_or_else(|| "an empty cell".to_string(), quoted))
                        .expected(expected);
                    issues.push(place(issue));
                }
            }
            if !found {
                let message = if one_hot.is_empty() {
                    "the row is invalid".to_string()
                } else {
                    format!("the row has 1 in more than one of its category columns ({})", one_hot.join(", "))
                };
                issues.push(place(Issue::error(&self.file, message)));
            }
        }
        Ok((u64::from(count), issues))
    }
}

/// The column names of a CSV or Parquet file (told apart by content), as `Microdata::open` reads
/// them: for `wagescope sql`, which writes a statement over a file it does not read.
pub fn file_columns(path: &Path) -> Result<Vec<String>> {
    let file = path.display().to_string();
    let head = read_head(path)?;
    if head.starts_with(b"PAR1") { parquet_columns(path) } else { csv_columns(&head, path, &file) }
}

fn read_head(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .map_err(|source| WagescopeError::Read { path: path.to_path_buf(), source })?;
    Ok(head)
}

fn parquet_columns(path: &Path) -> Result<Vec<String>> {
    let mut lf = LazyFrame::scan_parquet(PlRefPath::try_from_path(path)?, ScanArgsParquet::default())
        .map_err(anyhow::Error::from)
        .with_context(|| format!("reading Parquet file {}", path.display()))?;
    let schema = lf
        .collect_schema()
        .map_err(anyhow::Error::from)
        .with_context(|| format!("reading the schema of Parquet file {}", path.display()))?;
    Ok(schema.iter_names().map(|n| n.to_string()).collect())
}

/// The file's name for a canonical column among the used ones.
fn mapping_theirs<'a>(used: &'a [(&'static str, String)], canonical: &str) -> &'a str {
    used.iter().find(|(c, _)| *c == canonical).map_or("", |(_, t)| t.as_str())
}

/// The stored type of one Parquet column.
fn parquet_dtype(path: &Path, column: &str) -> Option<DataType> {
    let mut lf = LazyFrame::scan_parquet(PlRefPath::try_from_path(path).ok()?, ScanArgsParquet::default()).ok()?;
    lf.collect_schema().ok()?.get(column).cloned()
}

fn csv_columns(head: &[u8], path: &Path, file: &str) -> Result<Vec<String>> {
    let head = csvcheck::strip_bom(head);
    if std::str::from_utf8(head).is_err_and(|e| e.error_len().is_some()) {
        let bytes = std::fs::read(path).map_err(|source| WagescopeError::Read { path: path.to_path_buf(), source })?;
        if let Err(issues) = csvcheck::check(&bytes, file) {
            return Err(WagescopeError::Data(issues).into());
        }
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(head);
    let headers = reader
        .headers()
        .map_err(|e| data_error(Issue::error(file, format!("cannot read the header line: {e}")).at_line(1)))?;
    Ok(headers.iter().map(|h| h.trim().to_string()).collect())
}

/// Map canonical columns onto the file's and pick the one wage column: `--wage-unit` picks the
/// generic `wage`; otherwise the first of [`m::WAGES`] the file has (annual first).
pub fn resolve_columns(
    columns: &[String],
    mapping: &Mapping,
    wage_unit: Option<WageUnit>,
    file: &str,
    inputs: &[&'static str],
) -> Result<(Vec<(&'static str, String)>, WageUnit)> {
    let has = |name: &str| columns.iter().any(|c| c == name);
    // A column mapped to a role takes that role and no other: a CPS extract's `occupation` mapped
    // to setting is not also the occupation. Two roles mapped to one column is a real conflict.
    let mut targets: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (canonical, theirs) in &mapping.pairs {
        if !inputs.contains(&canonical.as_str()) {
            return Err(usage(format!(
                "--map {canonical}={theirs}: {canonical} is a payroll column, read by `wagescope paygap` only"
            )));
        }
        if theirs == canonical {
            continue;
        }
        // Several columns summed or one per category ("a+b+c"), unless a column has that name.
        let parts: Vec<&str> = if theirs.contains('+') && !columns.iter().any(|c| c == theirs) {
            theirs.split('+').map(str::trim).collect()
        } else {
            vec![theirs.as_str()]
        };
        for (i, part) in parts.iter().enumerate() {
            if parts[..i].contains(part) {
                return Err(usage(format!("--map {canonical}={theirs}: column {part:?} is named twice")));
            }
            targets.entry(part).or_default().push(canonical.as_str());
        }
    }
    if let Some((theirs, roles)) = targets.iter().find(|(_, roles)| roles.len() > 1) {
        return Err(usage(format!(
            "--map: column {theirs:?} of {file} is mapped to {}; a column takes one role",
            roles.join(" and ")
        )));
    }
    let mut used = Vec::new();
    for &canonical in inputs {
        let theirs = mapping.theirs(canonical);
        let mapped = theirs != canonical;
        if !mapped && targets.contains_key(theirs) {
            continue;
        }
        if has(theirs) {
            used.push((canonical, theirs.to_string()));
        } else if [m::VARIABLE_PAY, m::CATEGORY].contains(&canonical) && mapped && theirs.contains('+') {
            // Several columns summed (--map variable_pay=bonus+overtime), or a category from 0/1
            // columns, one per category (--map category=profocc+clerocc+servocc).
            for part in theirs.split('+').map(str::trim) {
                if !has(part) {
                    return Err(usage(format!(
                        "--map {canonical}={theirs}: {file} has no column {part:?}{} (its columns: {})",
                        did_you_mean(part, columns.iter().map(String::as_str)),
                        columns.join(", ")
                    )));
                }
                used.push((canonical, part.to_string()));
            }
        } else if mapped {
            return Err(usage(format!(
                "--map {canonical}={theirs}: {file} has no column {theirs:?}{} (its columns: {})",
                did_you_mean(theirs, columns.iter().map(String::as_str)),
                columns.join(", ")
            )));
        }
    }
    let theirs_of = |canonical: &str| used.iter().find(|(c, _)| *c == canonical).map(|(_, t)| t.clone());
    let (wage, unit) = match (wage_unit, theirs_of(m::WAGE)) {
        (Some(unit), Some(_)) => (m::WAGE, unit),
        (Some(unit), None) => {
            return Err(usage(format!(
                "--wage-unit {}: {file} has no column named wage (map yours with --map wage=THEIRS; its columns: {})",
                unit.name(),
                columns.join(", ")
            )));
        }
        (None, generic) => match m::WAGES.iter().find(|c| theirs_of(c).is_some()) {
            Some(canonical) => (*canonical, WageUnit::of_column(canonical).unwrap_or_default()),
            None => {
                if let Some(theirs) = generic {
                    let name = if theirs == m::WAGE { theirs } else { format!("{theirs:?} (mapped to wage)") };
                    return Err(usage(format!(
                        "{file}: column {name} does not say what period it pays for: add --wage-unit hour, week, month or year"
                    )));
                }
                return Err(missing_wage(columns, file));
            }
        },
    };
    used.retain(|(c, _)| !is_wage(c) || *c == wage);
    // Hours a week, when a file has them, make the fte column unused (and unchecked).
    if used.iter().any(|(c, _)| *c == m::HOURS) {
        used.retain(|(c, _)| *c != m::FTE);
    }
    Ok((used, unit))
}

fn missing_wage(columns: &[String], file: &str) -> anyhow::Error {
    let unknown: Vec<&str> = columns.iter().map(String::as_str).filter(|c| !m::INPUT.contains(c)).collect();
    let guess = ["wage", "salary", "pay", "earnings"]
        .iter()
        .find_map(|w| unknown.iter().find(|c| c.to_lowercase().contains(w)))
        .map_or_else(String::new, |c| {
            format!(
                " (is {c} the wage? map it with --map annual_wage={c}, or --map wage={c} --wage-unit hour|week|month)"
            )
        });
    data_error(
        Issue::error(file, format!("missing a wage column{guess}"))
            .at_line(1)
            .got(format!("columns {}", columns.join(", ")))
            .expected(format!(
                "one of {}, or wage with --wage-unit; map your own names with --map canonical=theirs",
                m::WAGES.join(", ")
            )),
    )
}

/// A lazy CSV scan of the used columns (and `tail`, the file's last column, so a row with too many
/// fields fails the scan): numbers parsed as numbers (unparseable → null, caught by the OK check)
/// when `typed`, else every column as text (for diagnostics).
fn scan_csv(path: &Path, used: &[(&'static str, String)], tail: Option<&String>, typed: bool) -> Result<LazyFrame> {
    let fields = used.iter().map(|(canonical, theirs)| {
        let dtype = match *canonical {
            _ if !typed => DataType::String,
            c if m::NUMBERS.contains(&c) || m::PAYROLL_NUMBERS.contains(&c) => DataType::Float64,
            m::YEAR => DataType::Int64,
            _ => DataType::String,
        };
        Field::new(theirs.as_str().into(), dtype)
    });
    let overwrite = Arc::new(Schema::from_iter(fields));
    let mut reader = LazyCsvReader::new(PlRefPath::try_from_path(path)?)
        .with_has_header(true)
        .with_dtype_overwrite(Some(overwrite))
        .with_ignore_errors(true);
    if !typed {
        reader = reader.with_infer_schema_length(Some(0));
    }
    let mut columns: Vec<Expr> = used.iter().map(|(_, theirs)| col(theirs.as_str())).collect();
    if let Some(tail) = tail.filter(|t| !used.iter().any(|(_, theirs)| theirs == *t)) {
        columns.push(col(tail.as_str()).alias(TAIL));
    }
    Ok(reader
        .finish()
        .map_err(anyhow::Error::from)
        .with_context(|| format!("scanning {}", path.display()))?
        .select(columns))
}

/// Whether every variable-pay cell of a row is empty or a number ≥ 0.
const VARIABLE_OK: &str = "__variable_ok";
/// Whether a row's 0/1 category columns are all 0 or 1, with at most one 1.
const ONE_HOT_OK: &str = "__one_hot_ok";

/// The columns of a category given as 0/1 columns, one per category (empty when the category is
/// one column).
fn one_hot_parts(used: &[(&'static str, String)]) -> Vec<String> {
    let parts: Vec<String> = used.iter().filter(|(c, _)| *c == m::CATEGORY).map(|(_, t)| t.clone()).collect();
    if parts.len() > 1 { parts } else { Vec::new() }
}

/// A one-hot value read as text: Some(true) for 1/true/yes, Some(false) for 0/false/no.
fn flag(source: Expr) -> Expr {
    let words = |list: &[&str]| lit(Series::new("words".into(), spellings(list))).implode(false);
    let text = source.cast(DataType::String).str().strip_chars(lit(NULL));
    when(text.clone().is_in(words(&m::TRUE_WORDS), false).or(text.clone().eq(lit("1.0"))))
        .then(lit(true))
        .when(text.clone().is_in(words(&m::FALSE_WORDS), false).or(text.eq(lit("0.0"))))
        .then(lit(false))
        .otherwise(lit(NULL).cast(DataType::Boolean))
}

/// The category of a row from its 0/1 columns: the name of the column that is 1, or "none of …"
/// when none is; and whether the row's columns are all 0/1 with at most one 1.
fn one_hot_category(parts: &[String]) -> (Expr, Expr) {
    let none = format!("none of {}", parts.join(", "));
    let category = parts.iter().rev().fold(lit(none), |acc, part| {
        when(flag(col(part.as_str())).fill_null(lit(false))).then(lit(part.clone())).otherwise(acc)
    });
    let ones = parts
        .iter()
        .fold(lit(0u32), |acc, part| acc + flag(col(part.as_str())).fill_null(lit(false)).cast(DataType::UInt32));
    let all_flags = parts.iter().fold(lit(true), |acc, part| acc.and(flag(col(part.as_str())).is_not_null()));
    (category, all_flags.and(ones.lt_eq(lit(1u32))))
}

/// The file's last column when it is not a used one (see [`scan_csv`]), then whether it is null.
const TAIL: &str = "__tail";
/// [`OK`] on the values alone, while a null last column also unsets OK (see [`Microdata::open`]).
const OK_VALUES: &str = "__ok_values";

/// Rename to canonical names, type every column, convert the wage to annual, derive `experience`,
/// add [`OK`]; `tail` is the file's last column when a null there should mark the row (see
/// [`Microdata::open`]); `keep` are extra expressions over the scan to carry along (diagnostics
/// keep the raw text). Every expression is element-wise and cheap: this runs on every row.
fn canonical(
    scan: LazyFrame,
    used: &[(&'static str, String)],
    present: Present,
    rules: &Rules,
    tail: Option<&str>,
    keep: &[Expr],
) -> LazyFrame {
    let has = |c: &str| used.iter().any(|(u, _)| *u == c);
    let factor = rules.factor();
    let mut exprs = Vec::new();
    // Variable pay: each column parsed from its text (an empty cell is 0, a word a bad row), summed.
    let mut variable: Option<(Expr, Expr)> = None;
    let one_hot = one_hot_parts(used);
    if !one_hot.is_empty() {
        let (category, ok) = one_hot_category(&one_hot);
        exprs.push(category.alias(m::CATEGORY));
        exprs.push(ok.alias(ONE_HOT_OK));
    }
    for (canonical, theirs) in used {
        let source = col(theirs.as_str());
        if *canonical == m::CATEGORY && !one_hot.is_empty() {
            continue;
        }
        if *canonical == m::VARIABLE_PAY {
            let text = source.cast(DataType::String).str().strip_chars(lit(NULL));
            let value = text.clone().cast(DataType::Float64);
            let ok = text
                .clone()
                .is_null()
                .or(text.eq(lit("")))
                .or(value.clone().is_finite().and(value.clone().gt_eq(lit(0.0))))
                .fill_null(lit(false));
            let value = value.fill_null(lit(0.0));
            variable = Some(match variable {
                None => (value, ok),
                Some((sum, all)) => (sum + value, all.and(ok)),
            });
            continue;
        }
        let typed = match *canonical {
            c if m::NUMBERS.contains(&c) || m::PAYROLL_NUMBERS.contains(&c) => source.cast(DataType::Float64),
            m::YEAR => source.cast(DataType::Int64),
            m::CERTIFIED if present.boolean_certified => source.cast(DataType::Boolean),
            m::CERTIFIED | m::FULL_PAY => certified(source),
            _ => source.cast(DataType::String),
        };
        let typed = match (is_wage(canonical), factor) {
            (false, _) => typed.alias(*canonical),
            (true, 1.0) => typed.alias(m::ANNUAL_WAGE),
            (true, factor) => (typed * lit(factor)).alias(m::ANNUAL_WAGE),
        };
        exprs.push(typed);
    }
    if !has(m::WEIGHT) {
        exprs.push(lit(1.0).alias(m::WEIGHT));
    }
    let variable_ok = variable.map(|(sum, ok)| {
        exprs.push(sum.alias(m::VARIABLE_PAY));
        exprs.push(ok.alias(VARIABLE_OK));
        col(VARIABLE_OK)
    });
    let suspect = tail.map(|tail| {
        let raw = used.iter().find(|(_, theirs)| theirs == tail).map_or(TAIL, |(_, theirs)| theirs.as_str());
        col(raw).is_null().alias(TAIL)
    });
    exprs.extend(suspect.clone());
    let wage = col(m::ANNUAL_WAGE);
    // A number is valid when present, finite (NaN and inf parse as floats) and not negative.
    let valid_number = |e: Expr| e.clone().is_not_null().and(e.clone().is_finite()).and(e.gt_eq(lit(0.0)));
    // A wage also above 0 and, once annual, within the plausibility bound (cell_problem says why).
    let mut ok = valid_number(wage.clone()).and(wage.clone().gt(lit(0.0))).and(wage.lt_eq(lit(rules.max_wage)));
    if has(m::YEARS_EXPERIENCE) {
        ok = ok.and(valid_number(col(m::YEARS_EXPERIENCE)));
    }
    for filled in [m::OCCUPATION, m::SETTING, m::CERTIFIED, m::CATEGORY, m::FULL_PAY] {
        if has(filled) {
            ok = ok.and(col(filled).is_not_null());
        }
    }
    if has(m::HOURS) {
        ok = ok.and(
            valid_number(col(m::HOURS)).and(col(m::HOURS).gt(lit(0.0))).and(col(m::HOURS).lt_eq(lit(m::MAX_HOURS))),
        );
    }
    if has(m::FTE) {
        ok = ok.and(valid_number(col(m::FTE)).and(col(m::FTE).gt(lit(0.0))).and(col(m::FTE).lt_eq(lit(m::MAX_FTE))));
    }
    if let Some(variable_ok) = variable_ok {
        ok = ok.and(variable_ok);
    }
    if !one_hot.is_empty() {
        ok = ok.and(col(ONE_HOT_OK));
    }
    if present.weight {
        ok = ok.and(valid_number(col(m::WEIGHT)));
    }
    let ok = ok.fill_null(lit(false));
    let mut derived = match suspect {
        // The values' verdict is kept beside OK for `trust_structure`.
        Some(_) => vec![ok.clone().alias(OK_VALUES), ok.and(col(TAIL).not()).alias(OK)],
        None => vec![ok.alias(OK)],
    };
    exprs.extend(keep.iter().cloned());
    if has(m::YEARS_EXPERIENCE) {
        derived.push(experience_band(col(m::YEARS_EXPERIENCE)).alias(m::EXPERIENCE));
    }
    // A blank line (every used column empty) is not a record: polars reads one at the end of a
    // file that ends in two newlines.
    scan.filter(blank_row(used).not()).select(exprs).with_columns(derived)
}

/// A row with every used column empty: a blank line, not a record.
fn blank_row(used: &[(&'static str, String)]) -> Expr {
    used.iter().fold(lit(true), |acc, (_, theirs)| acc.and(col(theirs.as_str()).is_null()))
}

/// true/false, yes/no, y/n, 1/0, t/f — each in lower, UPPER or Title case — → Boolean; anything
/// else → null (an invalid row). Two set lookups per row (`is_in`), no per-row string work; an
/// element-wise expression, so the streaming engine keeps it streaming (`replace_strict` is not
/// element-wise there and held the whole column: 1.2 GB for 10M CSV rows).
fn certified(source: Expr) -> Expr {
    let words = |list: &[&str]| lit(Series::new("words".into(), spellings(list))).implode(false);
    let text = source.cast(DataType::String);
    when(text.clone().is_in(words(&m::TRUE_WORDS), false))
        .then(lit(true))
        .when(text.is_in(words(&m::FALSE_WORDS), false))
        .then(lit(false))
        .otherwise(lit(NULL).cast(DataType::Boolean))
}

/// The salary-survey experience band of a number of years: <1, 1-4, 5-9, 10-19, 20+.
pub fn experience_band(years: Expr) -> Expr {
    let bands = &values::EXPERIENCE_BANDS[1..];
    when(years.clone().lt(lit(1.0)))
        .then(lit(bands[0]))
        .when(years.clone().lt(lit(5.0)))
        .then(lit(bands[1]))
        .when(years.clone().lt(lit(10.0)))
        .then(lit(bands[2]))
        .when(years.clone().lt(lit(20.0)))
        .then(lit(bands[3]))
        .when(years.is_not_null())
        .then(lit(bands[4]))
        .otherwise(lit(NULL).cast(DataType::String))
}

/// The index in `EXPERIENCE_BANDS` of [`experience_band`]'s band (1 = `<1` … 5 = `20+`; null
/// when `years` is): a small integer to group and sort by instead of the band's text.
pub fn experience_code(years: Expr) -> Expr {
    when(years.clone().lt(lit(1.0)))
        .then(lit(1))
        .when(years.clone().lt(lit(5.0)))
        .then(lit(2))
        .when(years.clone().lt(lit(10.0)))
        .then(lit(3))
        .when(years.clone().lt(lit(20.0)))
        .then(lit(4))
        .when(years.is_not_null())
        .then(lit(5))
        .otherwise(lit(NULL).cast(DataType::Int32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn experience_code_is_the_index_of_the_band() {
        let years = [
            None,
            Some(-1.0),
            Some(0.0),
            Some(0.99),
            Some(1.0),
            Some(4.99),
            Some(5.0),
            Some(9.5),
            Some(10.0),
            Some(19.99),
            Some(20.0),
            Some(45.0),
            Some(f64::NAN),
            Some(f64::INFINITY),
        ];
        let df = df!("years" => years).expect("test frame");
        let out = df
            .lazy()
            .select([
                experience_band(col("years")).alias("band"),
                experience_code(col("years")).cast(DataType::Int64).alias("code"),
            ])
            .collect()
            .expect("test query");
        let bands: Vec<Option<&str>> = out.column("band").expect("band").str().expect("text").iter().collect();
        let codes: Vec<Option<i64>> = out.column("code").expect("code").i64().expect("ints").iter().collect();
        for (band, code) in bands.iter().zip(&codes) {
            assert_eq!(*band, code.map(|c| values::EXPERIENCE_BANDS[c as usize]));
        }
    }
}
