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

use super::csvcheck::{self, did_you_mean};
use super::load::ROW;
use super::schema::{micro as m, values};
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
        if !m::INPUT.contains(&canonical) {
            return Err(format!(
                "unknown canonical column {canonical:?}{} (canonical columns: {})",
                did_you_mean(canonical, m::INPUT),
                m::INPUT.join(", ")
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
}

/// Which optional canonical columns the file has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Present {
    pub weight: bool,
    pub region: bool,
    pub year: bool,
    pub credential: bool,
    pub employer: bool,
    /// The wage column is hourly (converted to annual at `hours_per_year`).
    pub hourly: bool,
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
    /// Canonical name → the file's column, for every column used.
    used: Vec<(&'static str, String)>,
    hours_per_year: f64,
    /// Canonical typed columns, plus `experience` (band), `annual_wage` (hourly converted) and [`OK`].
    pub lf: LazyFrame,
}

fn usage(message: String) -> anyhow::Error {
    WagescopeError::Usage(message).into()
}

fn data_error(issue: Issue) -> anyhow::Error {
    WagescopeError::Data(vec![issue]).into()
}

impl Microdata {
    /// Open `path`: detect the format, map and check the columns, build the lazy scan.
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
        let used = resolve_columns(&columns, &options.mapping, &file)?;
        let present = Present {
            weight: used.iter().any(|(c, _)| *c == m::WEIGHT),
            region: used.iter().any(|(c, _)| *c == m::REGION),
            year: used.iter().any(|(c, _)| *c == m::YEAR),
            credential: used.iter().any(|(c, _)| *c == m::CREDENTIAL),
            employer: used.iter().any(|(c, _)| *c == m::EMPLOYER),
            hourly: !used.iter().any(|(c, _)| *c == m::ANNUAL_WAGE),
            synthetic: columns.iter().any(|c| c == m::SYNTHETIC),
            boolean_certified: format == Format::Parquet
                && parquet_dtype(path, mapping_theirs(&used, m::CERTIFIED)) == Some(DataType::Boolean),
        };
        let scan = match format {
            Format::Csv => scan_csv(path, &used, true)?,
            Format::Parquet => LazyFrame::scan_parquet(PlRefPath::try_from_path(path)?, ScanArgsParquet::default())?,
        };
        let lf = canonical(scan, &used, present, options.hours_per_year, &[]);
        Ok(Microdata {
            file,
            path: path.to_path_buf(),
            format,
            present,
            used,
            hours_per_year: options.hours_per_year,
            lf,
        })
    }

    /// Every problem in the file (structure first, then values), up to `limit` value problems,
    /// and the number of bad rows. Reads the file again: call it only when rows were found bad.
    pub fn diagnose(&self, limit: usize) -> Result<(u64, Vec<Issue>)> {
        // Where each record starts in the file (quoted fields can span lines).
        let mut structure = None;
        if self.format == Format::Csv {
            let bytes =
                std::fs::read(&self.path).map_err(|source| WagescopeError::Read { path: self.path.clone(), source })?;
            match csvcheck::check(&bytes, &self.file) {
                Err(issues) => return Ok((issues.len() as u64, issues)),
                Ok(found) => structure = Some(found),
            }
        }
        let raw = match self.format {
            Format::Csv => scan_csv(&self.path, &self.used, false)?,
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
            self.hours_per_year,
            &keep,
        )
        .filter(col(OK).not());
        let count = bad.clone().select([len()]).collect()?.column("len")?.idx()?.get(0).unwrap_or(0);
        let rows = bad.limit(limit as IdxSize).collect()?;
        let mut issues = Vec::new();
        let row_numbers = crate::data::load::row_numbers(&rows);
        for (i, row) in row_numbers.into_iter().enumerate() {
            let place = |issue: Issue| match self.format {
                // CSV: one header line; Parquet has rows, not lines.
                Format::Csv => issue.at_line(structure.as_ref().map_or(row as u64 + 2, |s| s.line_of(row))),
                Format::Parquet => Issue { message: format!("row {}: {}", row + 1, issue.message), ..issue },
            };
            let mut found = false;
            for (index, (canonical, theirs)) in self.used.iter().enumerate() {
                let value = rows
                    .column(&raw_name(index))
                    .ok()
                    .and_then(|c| c.str().ok().and_then(|s| s.get(i).map(str::to_string)));
                if let Some((what, expected)) = cell_problem(canonical, value.as_deref()) {
                    found = true;
                    let name = if *canonical == theirs.as_str() {
                        (*canonical).to_string()
                    } else {
                        format!("{theirs} ({canonical})")
                    };
                    let issue = Issue::error(&self.file, format!("column '{name}' {what}"))
                        .at_column(self.column_position(theirs).unwrap_or(index), theirs)
                        .got(value.as_deref().map_or_else(|| "an empty cell".to_string(), quoted))
                        .expected(expected);
                    issues.push(place(issue));
                }
            }
            if !found {
                issues.push(place(Issue::error(&self.file, "the row is invalid")));
            }
        }
        Ok((u64::from(count), issues))
    }

    fn column_position(&self, theirs: &str) -> Option<usize> {
        let columns = match self.format {
            Format::Parquet => parquet_columns(&self.path).ok()?,
            Format::Csv => csv_columns(&read_head(&self.path).ok()?, &self.path, &self.file).ok()?,
        };
        columns.iter().position(|c| c == theirs)
    }
}

/// Why a cell of a canonical column is bad, with what was expected; `None` when it is fine.
fn cell_problem(canonical: &str, value: Option<&str>) -> Option<(&'static str, String)> {
    let text = value.map(str::trim);
    let required = m::REQUIRED.contains(&canonical) || canonical == m::ANNUAL_WAGE || canonical == m::HOURLY_WAGE;
    match (canonical, text) {
        (_, None | Some("")) if required || canonical == m::WEIGHT => Some(("is empty", "a value".into())),
        (_, None | Some("")) => None,
        (m::ANNUAL_WAGE | m::HOURLY_WAGE | m::YEARS_EXPERIENCE | m::WEIGHT, Some(t)) => match t.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => None,
            Ok(v) if v < 0.0 => Some(("is negative", "a number ≥ 0".into())),
            _ if t.contains(['$', ',']) => {
                Some(("is not a number; write numbers without '$' or thousands separators", "a number ≥ 0".into()))
            }
            _ => Some(("is not a number", "a number ≥ 0".into())),
        },
        (m::YEAR, Some(t)) => match t.parse::<i64>() {
            Ok(_) => None,
            Err(_) => Some(("is not a year", "a whole number like 2024".into())),
        },
        (m::CERTIFIED, Some(_)) => {
            let raw = value.unwrap_or_default();
            let accepted = m::TRUE_WORDS.iter().chain(m::FALSE_WORDS.iter()).any(|w| {
                let title: String =
                    w.chars().next().map(|c| c.to_uppercase().chain(w.chars().skip(1)).collect()).unwrap_or_default();
                raw == *w || raw == w.to_uppercase() || raw == title
            });
            if accepted {
                None
            } else {
                Some(("is not a yes/no value", "true/false, yes/no or 1/0 (lower, UPPER or Title case)".into()))
            }
        }
        _ => None,
    }
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

/// Map canonical columns onto the file's, and check the required ones are there.
fn resolve_columns(columns: &[String], mapping: &Mapping, file: &str) -> Result<Vec<(&'static str, String)>> {
    let has = |name: &str| columns.iter().any(|c| c == name);
    let mut used = Vec::new();
    let mut missing = Vec::new();
    for canonical in m::INPUT {
        let theirs = mapping.theirs(canonical);
        let mapped = theirs != canonical;
        if has(theirs) {
            used.push((canonical, theirs.to_string()));
        } else if mapped {
            return Err(usage(format!(
                "--map {canonical}={theirs}: {file} has no column {theirs:?}{} (its columns: {})",
                did_you_mean(theirs, columns.iter().map(String::as_str)),
                columns.join(", ")
            )));
        } else if m::REQUIRED.contains(&canonical) {
            missing.push(canonical);
        }
    }
    let wages = used.iter().filter(|(c, _)| *c == m::ANNUAL_WAGE || *c == m::HOURLY_WAGE).count();
    if wages == 0 {
        missing.push("annual_wage or hourly_wage");
    }
    if wages == 2 {
        // Both present: use the annual one.
        used.retain(|(c, _)| *c != m::HOURLY_WAGE);
    }
    if missing.is_empty() {
        return Ok(used);
    }
    let unknown: Vec<&str> = columns.iter().map(String::as_str).filter(|c| !m::INPUT.contains(c)).collect();
    let hints: Vec<String> = missing
        .iter()
        .map(|name| {
            let base = name.split(' ').next().unwrap_or(name);
            match csvcheck::closest(base, unknown.iter().copied()) {
                Some(guess) => format!("{name} (did you mean {guess:?}?)"),
                None => (*name).to_string(),
            }
        })
        .collect();
    Err(data_error(
        Issue::error(file, format!("missing required column(s) {}", hints.join(", ")))
            .at_line(1)
            .got(format!("columns {}", columns.join(", ")))
            .expected(format!("{}; map your own names with --map canonical=theirs", m::REQUIRED.join(", "))),
    ))
}

/// A lazy CSV scan of the used columns: numbers parsed as numbers (unparseable → null, caught by
/// the OK check) when `typed`, else every column as text (for diagnostics).
fn scan_csv(path: &Path, used: &[(&'static str, String)], typed: bool) -> Result<LazyFrame> {
    let fields = used.iter().map(|(canonical, theirs)| {
        let dtype = match *canonical {
            _ if !typed => DataType::String,
            m::ANNUAL_WAGE | m::HOURLY_WAGE | m::YEARS_EXPERIENCE | m::WEIGHT => DataType::Float64,
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
    Ok(reader
        .finish()
        .map_err(anyhow::Error::from)
        .with_context(|| format!("scanning {}", path.display()))?
        .select(used.iter().map(|(_, theirs)| col(theirs.as_str())).collect::<Vec<_>>()))
}

/// Rename to canonical names, type every column, derive `experience` and `annual_wage`, add [`OK`];
/// `keep` are extra expressions over the scan to carry along (diagnostics keep the raw text).
fn canonical(
    scan: LazyFrame,
    used: &[(&'static str, String)],
    present: Present,
    hours_per_year: f64,
    keep: &[Expr],
) -> LazyFrame {
    let has = |c: &str| used.iter().any(|(u, _)| *u == c);
    let mut exprs = Vec::new();
    for (canonical, theirs) in used {
        let source = col(theirs.as_str());
        let typed = match *canonical {
            m::ANNUAL_WAGE | m::HOURLY_WAGE | m::YEARS_EXPERIENCE | m::WEIGHT => source.cast(DataType::Float64),
            m::YEAR => source.cast(DataType::Int64),
            m::CERTIFIED if present.boolean_certified => source.cast(DataType::Boolean),
            m::CERTIFIED => certified(source),
            _ => source.cast(DataType::String),
        };
        let name = if *canonical == m::HOURLY_WAGE { m::ANNUAL_WAGE } else { canonical };
        let typed = if *canonical == m::HOURLY_WAGE { typed * lit(hours_per_year) } else { typed };
        exprs.push(typed.alias(name));
    }
    if !has(m::WEIGHT) {
        exprs.push(lit(1.0).alias(m::WEIGHT));
    }
    let wage = col(m::ANNUAL_WAGE);
    let years = col(m::YEARS_EXPERIENCE);
    // A number is valid when present, finite (NaN and inf parse as floats) and not negative.
    let valid_number = |e: Expr| e.clone().is_not_null().and(e.clone().is_finite()).and(e.gt_eq(lit(0.0)));
    let mut ok = valid_number(wage).and(valid_number(years));
    for required in [m::OCCUPATION, m::SETTING, m::CERTIFIED] {
        ok = ok.and(col(required).is_not_null());
    }
    if present.weight {
        ok = ok.and(valid_number(col(m::WEIGHT)));
    }
    exprs.extend(keep.iter().cloned());
    // A blank line (every used column empty) is not a record: polars reads one at the end of a
    // file that ends in two newlines.
    scan.filter(blank_row(used).not()).select(exprs).with_columns([
        experience_band(col(m::YEARS_EXPERIENCE)).alias(m::EXPERIENCE),
        ok.fill_null(lit(false)).alias(OK),
    ])
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
    let spellings = |list: &[&str]| {
        let mut words: Vec<String> = Vec::new();
        for w in list {
            let title: String =
                w.chars().next().map(|c| c.to_uppercase().chain(w.chars().skip(1)).collect()).unwrap_or_default();
            for spelling in [(*w).to_string(), w.to_uppercase(), title] {
                if !words.contains(&spelling) {
                    words.push(spelling);
                }
            }
        }
        lit(Series::new("words".into(), words)).implode(false)
    };
    let text = source.cast(DataType::String);
    when(text.clone().is_in(spellings(&m::TRUE_WORDS), false))
        .then(lit(true))
        .when(text.is_in(spellings(&m::FALSE_WORDS), false))
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
