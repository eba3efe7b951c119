//! The O*NET database as published (DOMAIN.md §8): the folder of text files of any release from
//! 27.0 on (tab-separated, one header row, no quoting), or the release's Excel edition of a file
//! where the text one is missing. Columns are read by their names, never their positions: 27.0 has
//! no `Title` column in most files and no `In Demand`, and writes `n/a` where later releases leave a
//! field empty.
//!
//! Read: `Occupation Data` (required: code, title, description), `Task Statements`, `Technology
//! Skills`, `Tools Used`, `Related Occupations`, `Job Zones`, `Job Zone Reference` (shipped from
//! the 27.0 release when the folder lacks it) and `Alternate Titles`. An occupation with no rows in
//! a file that is present is "not collected by O*NET" for it — never zero. Every problem names the
//! file as given, its line (or sheet and row) and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::*;

use crate::analysis::frame::strings;
use crate::error::{Issue, WagescopeError};

/// The Job Zone Reference of the O*NET 27.0 release (CC BY 4.0, USDOL/ETA), used when a folder
/// does not have its own: the five zones' names and what each asks in education, experience and
/// training.
const SHIPPED_JOB_ZONES: &str = include_str!("../../datasets/onet/job-zone-reference.txt");
pub const SHIPPED_JOB_ZONES_LABEL: &str = "datasets/onet/job-zone-reference.txt (O*NET 27.0)";

const CODE: &str = "O*NET-SOC Code";

/// One file of the release: its name without extension and the columns read.
struct FileSpec {
    name: &'static str,
    required: &'static [&'static str],
    optional: &'static [&'static str],
}

const OCCUPATIONS: FileSpec =
    FileSpec { name: "Occupation Data", required: &[CODE, "Title", "Description"], optional: &[] };
const TASKS: FileSpec =
    FileSpec { name: "Task Statements", required: &[CODE, "Task"], optional: &["Task ID", "Task Type"] };
const TECHNOLOGY: FileSpec = FileSpec {
    name: "Technology Skills",
    required: &[CODE, "Example", "Commodity Title"],
    optional: &["Hot Technology", "In Demand"],
};
const TOOLS: FileSpec = FileSpec { name: "Tools Used", required: &[CODE, "Example", "Commodity Title"], optional: &[] };
const RELATED: FileSpec = FileSpec {
    name: "Related Occupations",
    required: &[CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"],
    optional: &["Related Title"],
};
const JOB_ZONES: FileSpec = FileSpec { name: "Job Zones", required: &[CODE, "Job Zone"], optional: &[] };
const ZONE_REFERENCE: FileSpec = FileSpec {
    name: "Job Zone Reference",
    required: &["Job Zone", "Name", "Experience", "Education", "Job Training"],
    optional: &[],
};
const ALTERNATE: FileSpec = FileSpec { name: "Alternate Titles", required: &[CODE, "Alternate Title"], optional: &[] };

/// The files read, in the order messages list them.
const FILES: [&FileSpec; 8] =
    [&OCCUPATIONS, &TASKS, &TECHNOLOGY, &TOOLS, &RELATED, &JOB_ZONES, &ZONE_REFERENCE, &ALTERNATE];

/// A task statement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Task {
    pub text: String,
    /// `Core`, `Supplemental`, or `None` when O*NET does not say.
    pub kind: Option<String>,
}

/// A technology or tool example with its commodity (a UNSPSC class).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Example {
    pub example: String,
    pub commodity: String,
    /// Technology skills: O*NET's "hot technology" flag (frequently in employers' job postings).
    pub hot: bool,
    /// Technology skills: O*NET's "in demand" flag (27.1 on; `None` in files without the column).
    pub in_demand: Option<bool>,
}

/// A related occupation as O*NET ranks it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Related {
    pub code: String,
    /// `Related Title`, or the title from Occupation Data.
    pub title: String,
    /// `Primary-Short` (1–5), `Primary-Long` (6–10) or `Supplemental` (11–20).
    pub tier: String,
    pub index: u32,
}

/// One O*NET occupation's rows. An empty list is "not collected" for a file that is present.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct OnetOccupation {
    pub code: String,
    pub title: String,
    pub description: String,
    pub tasks: Vec<Task>,
    pub technology: Vec<Example>,
    pub tools: Vec<Example>,
    pub related: Vec<Related>,
    pub job_zone: Option<u8>,
    pub alternate_titles: Vec<String>,
}

/// A Job Zone of the reference: what it asks to enter an occupation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JobZone {
    pub zone: u8,
    pub name: String,
    pub education: String,
    pub experience: String,
    pub training: String,
}

/// The O*NET folder, read.
#[derive(Debug, Clone, Default)]
pub struct Onet {
    /// The folder as given.
    pub dir: String,
    /// "29.3", from the release's `Read Me.txt` (or a README in the folder, or its name
    /// `db_29_3_text`).
    pub version: Option<String>,
    /// "May 2025".
    pub release_date: Option<String>,
    /// The files read, as named in messages.
    pub files: Vec<String>,
    /// The files read, as paths (their digests go in a report's footer).
    pub paths: Vec<PathBuf>,
    /// Files of the release the folder does not have (their sections say so).
    pub absent: Vec<&'static str>,
    pub occupations: BTreeMap<String, OnetOccupation>,
    pub job_zones: Vec<JobZone>,
    /// Where the Job Zone Reference came from.
    pub job_zone_source: String,
    pub warnings: Vec<Issue>,
}

impl Onet {
    /// Whether the folder has the file of this name (so an empty list means "not collected").
    pub fn has(&self, file: &str) -> bool {
        !self.absent.contains(&file)
    }

    /// The O*NET occupations of SOC code `soc` (`29-2072` → `29-2072.00`, and more detailed ones
    /// such as `15-1299.03` for `15-1299`), in code order.
    pub fn of_soc(&self, soc: &str) -> Vec<&OnetOccupation> {
        self.occupations.range(format!("{soc}.")..format!("{soc}/")).map(|(_, o)| o).collect()
    }

    /// "O*NET 29.3 Database" (or "O*NET Database" when the version is not known).
    pub fn name(&self) -> String {
        match &self.version {
            Some(v) => format!("O*NET {v} Database"),
            None => "O*NET Database".to_string(),
        }
    }
}

/// A file's rows as text columns, and how to name a row in messages.
struct Table {
    /// "Task Statements.txt" as given (the folder joined).
    label: String,
    frame: DataFrame,
    /// 1-based line (or row) of data row 0.
    first_line: u64,
}

impl Table {
    fn column(&self, name: &str) -> Result<Vec<Option<String>>> {
        if self.frame.column(name).is_err() {
            return Ok(vec![None; self.frame.height()]);
        }
        Ok(strings(&self.frame, name)?)
    }

    fn issue(&self, error: bool, row: usize, column: &str, message: String) -> Issue {
        let index = self.frame.get_column_names().iter().position(|n| n.as_str() == column).unwrap_or(0);
        let issue = if error { Issue::error(&self.label, message) } else { Issue::warning(&self.label, message) };
        issue.at_line(self.first_line + row as u64).at_column(index, column)
    }
}

/// Read the O*NET folder `dir`; any error stops the command, with every problem found.
pub fn read(dir: &Path) -> Result<Onet> {
    match check(dir)? {
        (Some(onet), _) => Ok(onet),
        (None, issues) => Err(WagescopeError::Data(issues).into()),
    }
}

/// Read and check the O*NET folder `dir`: the data when it has no error (its warnings in
/// `warnings`), and every problem found. Fails only when the folder cannot be read at all.
pub fn check(dir: &Path) -> Result<(Option<Onet>, Vec<Issue>)> {
    if !dir.is_dir() {
        return Err(WagescopeError::Usage(format!(
            "--onet {}: no such folder (give the folder of O*NET text files as downloaded, e.g. db_29_3_text)",
            dir.display()
        ))
        .into());
    }
    let mut issues = Vec::new();
    let mut onet = Onet { dir: dir.display().to_string(), ..Onet::default() };
    let mut tables: BTreeMap<&'static str, Table> = BTreeMap::new();
    for spec in FILES {
        match find(dir, spec.name) {
            Some(path) => {
                if let Some(table) = read_table(&path, spec, &mut issues)? {
                    onet.files.push(table.label.clone());
                    onet.paths.push(path.clone());
                    tables.insert(spec.name, table);
                }
            }
            None => onet.absent.push(spec.name),
        }
    }
    if onet.absent.contains(&OCCUPATIONS.name) {
        let found = listing(dir);
        issues.push(
            Issue::error(
                &onet.dir,
                "not an O*NET database folder: it has no Occupation Data.txt (or Occupation Data.xlsx)",
            )
            .got(if found.is_empty() { "an empty folder".to_string() } else { format!("files {}", found.join(", ")) })
            .expected(format!(
                "the text files of an O*NET release (27.0 or later): {}",
                FILES.iter().map(|f| format!("{}.txt", f.name)).collect::<Vec<_>>().join(", ")
            )),
        );
    }
    // Files whose header is wrong are left out; the others are still read, so every problem is found.
    if !tables.contains_key(OCCUPATIONS.name) {
        return Ok((None, issues));
    }
    (onet.version, onet.release_date) = release(dir);
    if let Some(t) = tables.get(OCCUPATIONS.name) {
        occupations(t, &mut onet, &mut issues)?;
    }
    if let Some(t) = tables.get(TASKS.name) {
        tasks(t, &mut onet, &mut issues)?;
    }
    for (spec, tools) in [(&TECHNOLOGY, false), (&TOOLS, true)] {
        if let Some(t) = tables.get(spec.name) {
            examples(t, tools, &mut onet, &mut issues)?;
        }
    }
    if let Some(t) = tables.get(RELATED.name) {
        related(t, &mut onet, &mut issues)?;
    }
    if let Some(t) = tables.get(JOB_ZONES.name) {
        job_zones(t, &mut onet, &mut issues)?;
    }
    if let Some(t) = tables.get(ALTERNATE.name) {
        let (codes, titles) = (t.column(CODE)?, t.column("Alternate Title")?);
        for (code, title) in codes.into_iter().zip(titles) {
            if let (Some(code), Some(title)) = (code, title)
                && let Some(o) = onet.occupations.get_mut(&code)
            {
                o.alternate_titles.push(title);
            }
        }
    }
    match tables.get(ZONE_REFERENCE.name) {
        Some(t) => {
            onet.job_zone_source = t.label.clone();
            onet.job_zones = zone_reference(t, &mut issues)?;
        }
        None => {
            let mut shipped = Vec::new();
            let table =
                text_table(SHIPPED_JOB_ZONES.as_bytes(), SHIPPED_JOB_ZONES_LABEL, &ZONE_REFERENCE, &mut shipped)?;
            onet.job_zone_source = SHIPPED_JOB_ZONES_LABEL.to_string();
            onet.job_zones = match table {
                Some(t) => zone_reference(&t, &mut shipped)?,
                None => Vec::new(),
            };
        }
    }
    if issues.iter().any(Issue::is_error) {
        return Ok((None, issues));
    }
    onet.warnings = issues.clone();
    Ok((Some(onet), issues))
}

/// `NAME.txt`, else `NAME.xlsx`, in `dir` (names compared without case).
fn find(dir: &Path, name: &str) -> Option<PathBuf> {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    ["txt", "xlsx"].iter().find_map(|ext| {
        let wanted = format!("{name}.{ext}").to_lowercase();
        entries.iter().find(|p| p.file_name().is_some_and(|f| f.to_string_lossy().to_lowercase() == wanted)).cloned()
    })
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned())).collect())
        .unwrap_or_default();
    names.sort();
    names.truncate(12);
    names
}

/// The release's version and date: `Read Me.txt` ("O*NET 27.0 Database / August 2022 Release"),
/// another README in the folder that names it, or the folder's name (`db_29_3_text`).
fn release(dir: &Path) -> (Option<String>, Option<String>) {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    for name in ["Read Me.txt", "README.md", "readme.txt", "README.txt"] {
        let Ok(text) = std::fs::read_to_string(dir.join(name)) else { continue };
        let Some(at) = text.find("O*NET ") else { continue };
        let rest = &text[at + 6..];
        let version: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        if version.is_empty() || !version.contains('.') {
            continue;
        }
        // The first "Month YYYY" after the version.
        let date = rest.split(|c: char| !c.is_alphanumeric()).collect::<Vec<_>>().windows(2).find_map(|w| {
            (MONTHS.contains(&w[0]) && w[1].len() == 4 && w[1].chars().all(|c| c.is_ascii_digit()))
                .then(|| format!("{} {}", w[0], w[1]))
        });
        return (Some(version.trim_end_matches('.').to_string()), date);
    }
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let parts: Vec<&str> = name.split('_').collect();
    match parts.as_slice() {
        ["db", major, minor, ..] if major.parse::<u32>().is_ok() && minor.parse::<u32>().is_ok() => {
            (Some(format!("{major}.{minor}")), None)
        }
        _ => (None, None),
    }
}

/// Read one file (text or Excel edition) and check its header; `None` when it cannot be used.
fn read_table(path: &Path, spec: &FileSpec, issues: &mut Vec<Issue>) -> Result<Option<Table>> {
    let label = path.display().to_string();
    let is_xlsx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        let bytes = std::fs::read(path).map_err(|source| WagescopeError::Read { path: path.to_path_buf(), source })?;
        return text_table(&bytes, &label, spec, issues);
    }
    let tables = super::sheet::read_tables(path, "an O*NET file")?;
    let Some(raw) = tables.into_iter().find(|t| t.rows.iter().any(|r| r.iter().any(Option::is_some))) else {
        issues.push(Issue::error(&label, "the workbook has no rows").expected(expected_columns(spec)));
        return Ok(None);
    };
    let sheet = raw.to_sheet(0)?;
    let table = Table { label: sheet.label(), frame: sheet.frame.clone(), first_line: sheet.header_line as u64 + 1 };
    Ok(check_header(table, spec, issues))
}

/// A tab-separated O*NET text file: no quoting, `n/a` (27.0) and empty fields are missing.
fn text_table(bytes: &[u8], label: &str, spec: &FileSpec, issues: &mut Vec<Issue>) -> Result<Option<Table>> {
    let text = crate::data::csvcheck::strip_bom(bytes);
    if text.iter().all(u8::is_ascii_whitespace) {
        issues.push(Issue::error(label, "the file is empty").expected(expected_columns(spec)));
        return Ok(None);
    }
    if let Err(e) = std::str::from_utf8(text) {
        let line = text[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        issues.push(Issue::error(label, "the file is not UTF-8 text").at_line(line as u64));
        return Ok(None);
    }
    let parsed = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_parse_options(CsvParseOptions::default().with_separator(b'\t').with_quote_char(None))
        .into_reader_with_file_handle(std::io::Cursor::new(text.to_vec()))
        .finish();
    let frame = match parsed {
        Ok(f) => f,
        Err(e) => {
            issues.push(
                Issue::error(label, format!("cannot read the file as O*NET's tab-separated text: {e}"))
                    .expected("one header row, then rows of tab-separated fields, as many as the header has"),
            );
            return Ok(None);
        }
    };
    let names: Vec<String> = frame.get_column_names().iter().map(|n| n.to_string()).collect();
    let cleaned: Vec<Expr> = names
        .iter()
        .map(|n| {
            let c = col(n.as_str()).str().strip_chars(lit(NULL));
            when(c.clone().eq(lit("")).or(c.clone().eq(lit("n/a"))))
                .then(lit(NULL).cast(DataType::String))
                .otherwise(c)
                .alias(n.as_str())
        })
        .collect();
    let frame = frame.lazy().select(cleaned).collect()?;
    Ok(check_header(Table { label: label.to_string(), frame, first_line: 2 }, spec, issues))
}

fn expected_columns(spec: &FileSpec) -> String {
    format!("a header with {}", spec.required.join(", "))
}

/// The file's header must have the columns read (by name; any order, other columns ignored).
fn check_header(table: Table, spec: &FileSpec, issues: &mut Vec<Issue>) -> Option<Table> {
    let names: Vec<String> = table.frame.get_column_names().iter().map(|n| n.to_string()).collect();
    let missing: Vec<&str> = spec.required.iter().copied().filter(|c| !names.iter().any(|n| n == c)).collect();
    if missing.is_empty() {
        return Some(table);
    }
    issues.push(
        Issue::error(&table.label, format!("not the O*NET {} file: no column {}", spec.name, missing.join(", ")))
            .at_line(table.first_line - 1)
            .got(format!("columns {}", names.join(", ")))
            .expected(format!(
                "{}{}",
                expected_columns(spec),
                if spec.optional.is_empty() {
                    String::new()
                } else {
                    format!(" (and optionally {})", spec.optional.join(", "))
                }
            )),
    );
    None
}

/// An O*NET-SOC code: `29-2072.00`.
fn is_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            2 => *c == b'-',
            7 => *c == b'.',
            _ => c.is_ascii_digit(),
        })
}

/// The rows with a valid code: (row, code); a bad code is an error naming the cell.
fn coded(table: &Table, column: &str, issues: &mut Vec<Issue>) -> Result<Vec<Option<String>>> {
    let codes = table.column(column)?;
    let mut shown = 0;
    Ok(codes
        .into_iter()
        .enumerate()
        .map(|(row, code)| match code {
            Some(c) if is_code(&c) => Some(c),
            other => {
                if shown < 10 {
                    shown += 1;
                    let got = other.map_or_else(|| "an empty cell".to_string(), |c| crate::error::quoted(&c));
                    issues.push(
                        table
                            .issue(true, row, column, format!("column '{column}' is not an O*NET-SOC code"))
                            .got(got)
                            .expected("a code like 29-2072.00"),
                    );
                }
                None
            }
        })
        .collect())
}

fn occupations(t: &Table, onet: &mut Onet, issues: &mut Vec<Issue>) -> Result<()> {
    let codes = coded(t, CODE, issues)?;
    let (titles, descriptions) = (t.column("Title")?, t.column("Description")?);
    for ((code, title), description) in codes.into_iter().zip(titles).zip(descriptions) {
        let Some(code) = code else { continue };
        onet.occupations.insert(
            code.clone(),
            OnetOccupation {
                code,
                title: title.unwrap_or_default(),
                description: description.unwrap_or_default(),
                ..OnetOccupation::default()
            },
        );
    }
    Ok(())
}

/// Rows of an occupation Occupation Data does not list are passed over, with one warning per file.
fn unknown(t: &Table, count: usize, issues: &mut Vec<Issue>) {
    if count > 0 {
        issues.push(Issue::warning(
            &t.label,
            format!("{count} row(s) of occupations that Occupation Data does not list are passed over"),
        ));
    }
}

fn tasks(t: &Table, onet: &mut Onet, issues: &mut Vec<Issue>) -> Result<()> {
    let codes = coded(t, CODE, issues)?;
    let (texts, kinds) = (t.column("Task")?, t.column("Task Type")?);
    let mut missing = 0;
    for ((code, text), kind) in codes.into_iter().zip(texts).zip(kinds) {
        let (Some(code), Some(text)) = (code, text) else { continue };
        match onet.occupations.get_mut(&code) {
            Some(o) => o.tasks.push(Task { text, kind }),
            None => missing += 1,
        }
    }
    unknown(t, missing, issues);
    Ok(())
}

/// A `Y`/`N` flag; anything else is a warning and reads as no.
fn flag(t: &Table, column: &str, values: Vec<Option<String>>, issues: &mut Vec<Issue>) -> Vec<Option<bool>> {
    let mut shown = 0;
    values
        .into_iter()
        .enumerate()
        .map(|(row, v)| match v.as_deref() {
            Some("Y") => Some(true),
            Some("N") => Some(false),
            None => None,
            Some(other) => {
                if shown < 10 {
                    shown += 1;
                    issues.push(
                        t.issue(false, row, column, format!("column '{column}' is not Y or N; read as N"))
                            .got(crate::error::quoted(other))
                            .expected("Y or N"),
                    );
                }
                Some(false)
            }
        })
        .collect()
}

fn examples(t: &Table, tools: bool, onet: &mut Onet, issues: &mut Vec<Issue>) -> Result<()> {
    let codes = coded(t, CODE, issues)?;
    let (examples, commodities) = (t.column("Example")?, t.column("Commodity Title")?);
    let hot = flag(t, "Hot Technology", t.column("Hot Technology")?, issues);
    let has_demand = t.frame.column("In Demand").is_ok();
    let demand = flag(t, "In Demand", t.column("In Demand")?, issues);
    let mut missing = 0;
    for (row, code) in codes.into_iter().enumerate() {
        let (Some(code), Some(example)) = (code, examples[row].clone()) else { continue };
        let Some(o) = onet.occupations.get_mut(&code) else {
            missing += 1;
            continue;
        };
        let item = Example {
            example,
            commodity: commodities[row].clone().unwrap_or_default(),
            hot: hot[row].unwrap_or(false),
            in_demand: if has_demand { Some(demand[row].unwrap_or(false)) } else { None },
        };
        if tools { o.tools.push(item) } else { o.technology.push(item) }
    }
    unknown(t, missing, issues);
    Ok(())
}

fn related(t: &Table, onet: &mut Onet, issues: &mut Vec<Issue>) -> Result<()> {
    let codes = coded(t, CODE, issues)?;
    let others = coded(t, "Related O*NET-SOC Code", issues)?;
    let (titles, tiers, indexes) = (t.column("Related Title")?, t.column("Relatedness Tier")?, t.column("Index")?);
    let mut missing = 0;
    let mut rows: Vec<(String, Related)> = Vec::new();
    for (row, (code, other)) in codes.into_iter().zip(others).enumerate() {
        let (Some(code), Some(other)) = (code, other) else { continue };
        let index = match indexes[row].as_deref().map(str::parse::<f64>) {
            Some(Ok(i)) if i >= 1.0 && i.fract() == 0.0 => i as u32,
            _ => {
                issues.push(
                    t.issue(true, row, "Index", "column 'Index' is not a rank".into())
                        .got(indexes[row].clone().map_or_else(|| "an empty cell".into(), |v| crate::error::quoted(&v)))
                        .expected("a whole number from 1"),
                );
                continue;
            }
        };
        let tier = tiers[row].clone().unwrap_or_default();
        if !["Primary-Short", "Primary-Long", "Supplemental"].contains(&tier.as_str()) {
            issues.push(
                t.issue(
                    false,
                    row,
                    "Relatedness Tier",
                    "column 'Relatedness Tier' has a tier O*NET does not define".into(),
                )
                .got(crate::error::quoted(&tier))
                .expected("Primary-Short, Primary-Long or Supplemental"),
            );
        }
        let title =
            titles[row].clone().or_else(|| onet.occupations.get(&other).map(|o| o.title.clone())).unwrap_or_default();
        rows.push((code, Related { code: other, title, tier, index }));
    }
    for (code, r) in rows {
        match onet.occupations.get_mut(&code) {
            Some(o) => o.related.push(r),
            None => missing += 1,
        }
    }
    for o in onet.occupations.values_mut() {
        o.related.sort_by_key(|r| r.index);
    }
    unknown(t, missing, issues);
    Ok(())
}

fn zone_number(t: &Table, row: usize, value: Option<&str>, issues: &mut Vec<Issue>) -> Option<u8> {
    match value.map(str::parse::<f64>) {
        Some(Ok(z)) if (1.0..=5.0).contains(&z) && z.fract() == 0.0 => Some(z as u8),
        _ => {
            issues.push(
                t.issue(true, row, "Job Zone", "column 'Job Zone' is not a job zone".into())
                    .got(value.map_or_else(|| "an empty cell".into(), crate::error::quoted))
                    .expected("a whole number from 1 to 5"),
            );
            None
        }
    }
}

fn job_zones(t: &Table, onet: &mut Onet, issues: &mut Vec<Issue>) -> Result<()> {
    let codes = coded(t, CODE, issues)?;
    let zones = t.column("Job Zone")?;
    let mut missing = 0;
    for (row, code) in codes.into_iter().enumerate() {
        let Some(code) = code else { continue };
        let zone = zone_number(t, row, zones[row].as_deref(), issues);
        match onet.occupations.get_mut(&code) {
            Some(o) => o.job_zone = zone,
            None => missing += 1,
        }
    }
    unknown(t, missing, issues);
    Ok(())
}

fn zone_reference(t: &Table, issues: &mut Vec<Issue>) -> Result<Vec<JobZone>> {
    let zones = t.column("Job Zone")?;
    let (names, education) = (t.column("Name")?, t.column("Education")?);
    let (experience, training) = (t.column("Experience")?, t.column("Job Training")?);
    let mut out = Vec::new();
    for row in 0..t.frame.height() {
        let Some(zone) = zone_number(t, row, zones[row].as_deref(), issues) else { continue };
        out.push(JobZone {
            zone,
            name: names[row].clone().unwrap_or_default(),
            education: education[row].clone().unwrap_or_default(),
            experience: experience[row].clone().unwrap_or_default(),
            training: training[row].clone().unwrap_or_default(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_read_by_header_names_with_alternate_titles() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
        // Columns in another order than the release's, a 27.0-style n/a, a Title column absent.
        write(
            "Occupation Data.txt",
            "Description\tTitle\tO*NET-SOC Code\nCode records.\tMedical Records Specialists\t29-2072.00\n",
        );
        write(
            "Task Statements.txt",
            "O*NET-SOC Code\tTask ID\tTask\tTask Type\n29-2072.00\t1\tCode patient data.\tn/a\n",
        );
        write(
            "Alternate Titles.txt",
            "O*NET-SOC Code\tAlternate Title\tShort Title\n29-2072.00\tMedical Coder\tn/a\n29-2072.00\tCoding Specialist\tn/a\n",
        );
        let onet = read(dir.path()).expect("read");
        let o = &onet.occupations["29-2072.00"];
        assert_eq!((o.title.as_str(), o.description.as_str()), ("Medical Records Specialists", "Code records."));
        assert_eq!(o.tasks, [Task { text: "Code patient data.".into(), kind: None }], "n/a is missing");
        assert_eq!(o.alternate_titles, ["Medical Coder", "Coding Specialist"]);
        assert!(onet.has("Task Statements") && !onet.has("Technology Skills"));
        assert_eq!(onet.job_zones.len(), 5, "the shipped reference");
        assert_eq!(onet.version, None, "no Read Me, no version in the folder's name");
    }

    #[test]
    fn codes_and_the_shipped_job_zones() {
        assert!(is_code("29-2072.00") && is_code("15-1299.03"));
        assert!(!is_code("29-2072") && !is_code("29-2072.0") && !is_code("2a-2072.00"));
        let mut issues = Vec::new();
        let t =
            text_table(SHIPPED_JOB_ZONES.as_bytes(), "x", &ZONE_REFERENCE, &mut issues).expect("read").expect("table");
        let zones = zone_reference(&t, &mut issues).expect("zones");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(zones.len(), 5);
        assert_eq!(zones[2].name, "Job Zone Three: Medium Preparation Needed");
        assert!(zones[2].education.starts_with("Most occupations in this zone require training in vocational schools"));
    }
}
