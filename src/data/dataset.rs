//! A dataset: the tables of one directory (or of the embedded default), loaded and checked.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::csvcheck::did_you_mean;
use polars::prelude::{IdxCa, IdxSize, PolarsResult};

use super::csvcheck::Structure;
use super::load::{Table, parse_table};
use super::origin::{ColumnOrigins, Origins};
use super::schema::{self, DATASET_TABLES, TableId, TableSpec};
use super::{embedded, validate};
use crate::error::{Issue, WagescopeError};

/// Where a dataset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// `datasets/medical-coding`, compiled in.
    Embedded,
    /// A directory with the same layout (`--data DIR`).
    Dir(PathBuf),
    /// A temporary directory of tables imported from agency files (`--oews`, `--projections`, and
    /// `import` checking what it would write): messages name the agency files' places (see
    /// [`super::origin`]), and `label` names the files for problems of a whole table.
    Imported { dir: PathBuf, columns: Arc<ColumnOrigins>, label: String },
}

impl DataSource {
    pub fn from_option(dir: Option<&Path>) -> DataSource {
        dir.map_or(DataSource::Embedded, |d| DataSource::Dir(d.to_path_buf()))
    }

    /// How the dataset is named in output.
    pub fn label(&self) -> String {
        match self {
            DataSource::Embedded => format!("{} (embedded)", embedded::DIR_LABEL),
            DataSource::Dir(d) => d.display().to_string(),
            DataSource::Imported { label, .. } => label.clone(),
        }
    }
}

/// Options that change what counts as a problem.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// Hours in a working year, for the hourly-vs-annual consistency check.
    pub hours_per_year: f64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { hours_per_year: 2080.0 }
    }
}

/// Every table of a dataset, typed, plus the CPI-U series.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub label: String,
    tables: BTreeMap<TableId, Table>,
    /// Warnings found while loading (errors stop the load).
    pub warnings: Vec<Issue>,
}

impl Dataset {
    /// Load and check; any error fails with every problem found.
    pub fn load(source: &DataSource, options: CheckOptions) -> Result<Dataset, WagescopeError> {
        let (dataset, issues) = Dataset::check(source, options)?;
        match dataset {
            Some(mut d) if !issues.iter().any(Issue::is_error) => {
                d.warnings = issues;
                Ok(d)
            }
            _ => Err(WagescopeError::Data(issues.into_iter().filter(Issue::is_error).collect())),
        }
    }

    /// Load and check, returning the dataset when every table could be read, and every problem.
    /// Fails only when the directory itself cannot be read.
    pub fn check(source: &DataSource, options: CheckOptions) -> Result<(Option<Dataset>, Vec<Issue>), WagescopeError> {
        let mut issues = Vec::new();
        let mut tables = BTreeMap::new();
        let mut readable = true;
        if let DataSource::Dir(dir) = source {
            check_directory(dir, &mut issues)?;
        }

        let specs = DATASET_TABLES.into_iter().chain(std::iter::once(&schema::CPI));
        for spec in specs {
            match read_table(source, spec, &mut issues)? {
                Some(table) => {
                    tables.insert(spec.id, table);
                }
                None => readable = false,
            }
        }
        if !readable {
            if let DataSource::Imported { dir, label, .. } = source {
                for issue in issues.iter_mut().filter(|i| Path::new(&i.file).starts_with(dir)) {
                    issue.file.clone_from(label);
                }
            }
            return Ok((None, issues));
        }
        let dataset = Dataset { label: source.label(), tables, warnings: Vec::new() };
        issues.extend(validate::cross_checks(&dataset, options));
        if let DataSource::Imported { dir, label, .. } = source {
            // What was not placed in an agency file (a problem of a whole table) names the files.
            for issue in issues.iter_mut().filter(|i| Path::new(&i.file).starts_with(dir)) {
                issue.file.clone_from(label);
                issue.line = None;
                issue.column = None;
            }
        }
        issues.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        Ok((Some(dataset), issues))
    }

    /// A table; optional tables the dataset leaves out are present and empty.
    pub fn table(&self, id: TableId) -> &Table {
        // Every id is inserted by `check` before a Dataset is built.
        &self.tables[&id]
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.tables.values()
    }

    /// Each table's rows by occupation code (the tables with an `occupation` column), in file
    /// order: found once, so that each report of a batch reads its own rows
    /// ([`Dataset::for_occupations`]) instead of filtering whole tables again and again.
    pub fn occupation_rows(&self) -> PolarsResult<OccupationRows> {
        let mut tables = BTreeMap::new();
        for (id, table) in &self.tables {
            let Some(column) = table.frame.column(schema::col::OCCUPATION).ok() else { continue };
            let mut rows: HashMap<String, Vec<IdxSize>> = HashMap::new();
            for (row, code) in column.str()?.iter().enumerate() {
                if let Some(code) = code {
                    rows.entry(code.to_string()).or_default().push(row as IdxSize);
                }
            }
            tables.insert(*id, rows);
        }
        Ok(OccupationRows { tables })
    }

    /// The dataset as one occupation's report reads it: in the tables with an `occupation` column,
    /// only the rows of `codes`, in file order (with their lines and origins); the other tables
    /// and every warning as they are. Whatever filters by these codes gets the same rows.
    pub fn for_occupations(&self, rows: &OccupationRows, codes: &[String]) -> PolarsResult<Dataset> {
        let mut tables = BTreeMap::new();
        for (id, table) in &self.tables {
            let Some(by_code) = rows.tables.get(id) else {
                tables.insert(*id, table.clone());
                continue;
            };
            let mut picked: Vec<IdxSize> = codes.iter().filter_map(|c| by_code.get(c)).flatten().copied().collect();
            picked.sort_unstable();
            picked.dedup();
            let at = |row: &IdxSize| *row as usize;
            let structure = Structure {
                headers: table.structure.headers.clone(),
                record_lines: picked.iter().map(|r| table.line_of(at(r))).collect(),
            };
            let origins = table.origins.as_ref().map(|o| Origins {
                rows: picked.iter().map(|r| o.rows.get(at(r)).cloned().flatten()).collect(),
                columns: o.columns.clone(),
            });
            let frame = table.frame.take(&IdxCa::from_vec("row".into(), picked))?;
            tables.insert(*id, Table { spec: table.spec, file: table.file.clone(), frame, structure, origins });
        }
        Ok(Dataset { label: self.label.clone(), tables, warnings: self.warnings.clone() })
    }
}

/// Each table's rows by occupation code: see [`Dataset::occupation_rows`].
pub struct OccupationRows {
    tables: BTreeMap<TableId, HashMap<String, Vec<IdxSize>>>,
}

/// A Parquet table as CSV text with a header.
fn parquet_as_csv(path: &Path) -> polars::prelude::PolarsResult<Vec<u8>> {
    use polars::prelude::*;
    let mut frame = LazyFrame::scan_parquet(PlRefPath::try_from_path(path)?, ScanArgsParquet::default())?.collect()?;
    let mut bytes = Vec::new();
    CsvWriter::new(&mut bytes).include_header(true).finish(&mut frame)?;
    Ok(bytes)
}

/// Read one table's bytes from the directory or the embedded copy and parse it.
fn read_table(
    source: &DataSource,
    spec: &'static TableSpec,
    issues: &mut Vec<Issue>,
) -> Result<Option<Table>, WagescopeError> {
    let (imported, dir) = match source {
        DataSource::Imported { dir, columns, .. } => (Some(columns), Some(dir)),
        DataSource::Dir(dir) => (None, Some(dir)),
        DataSource::Embedded => (None, None),
    };
    let parsed = match dir {
        None if spec.id == TableId::Cpi => {
            Some(parse_table(spec, embedded::CPI_LABEL, embedded::CPI.as_bytes(), None, issues))
        }
        None => {
            let label = format!("{}/{}", embedded::DIR_LABEL, spec.file);
            match embedded::file(spec.file) {
                Some(text) => Some(parse_table(spec, &label, text.as_bytes(), None, issues)),
                None => Some(Some(Table::empty(spec, label))),
            }
        }
        Some(dir) => {
            let path = dir.join(spec.file);
            let label = path.display().to_string();
            let parquet = path.with_extension("parquet");
            if path.is_file() {
                let bytes =
                    std::fs::read(&path).map_err(|source| WagescopeError::Read { path: path.clone(), source })?;
                Some(parse_table(spec, &label, &bytes, imported, issues))
            } else if parquet.is_file() {
                // A Parquet table (`import --format parquet`) is checked like its CSV form: the
                // same parser and checks, row numbers counted as lines of that form.
                let label = parquet.display().to_string();
                match parquet_as_csv(&parquet) {
                    Ok(bytes) => Some(parse_table(spec, &label, &bytes, imported, issues)),
                    Err(e) => {
                        issues.push(Issue::error(&label, format!("cannot read the Parquet table: {e}")));
                        Some(None)
                    }
                }
            } else if spec.id == TableId::Cpi {
                // A dataset may bring its own CPI series; otherwise the shipped one applies.
                Some(parse_table(spec, embedded::CPI_LABEL, embedded::CPI.as_bytes(), None, issues))
            } else if spec.required {
                issues.push(
                    Issue::error(&label, format!("the dataset has no {} table", spec.file))
                        .expected(format!("a file {}", spec.file)),
                );
                Some(None)
            } else {
                Some(Some(Table::empty(spec, label)))
            }
        }
    };
    Ok(parsed.flatten())
}

/// The directory must exist; CSV files the schema does not know are named (a misspelt table name).
fn check_directory(dir: &Path, issues: &mut Vec<Issue>) -> Result<(), WagescopeError> {
    let entries = std::fs::read_dir(dir).map_err(|source| WagescopeError::Read { path: dir.to_path_buf(), source })?;
    let known: Vec<&str> = DATASET_TABLES.iter().map(|t| t.file).chain([schema::CPI.file]).collect();
    let mut unknown: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".csv") && !known.contains(&name.as_str()))
        .collect();
    unknown.sort();
    for name in unknown {
        let label = dir.join(&name).display().to_string();
        issues.push(Issue::warning(
            &label,
            format!("file is not a table of the dataset and is ignored{}", did_you_mean(&name, known.iter().copied())),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A family's own rows are exactly what filtering each table by its codes gives, in file order.
    #[test]
    fn an_occupations_rows_are_the_filtered_tables() {
        let dataset = Dataset::load(&DataSource::Embedded, CheckOptions::default()).unwrap();
        let rows = dataset.occupation_rows().unwrap();
        for codes in [vec!["29-2072".to_string()], vec!["29-2071".to_string(), "29-2072".to_string()], vec![]] {
            let own = dataset.for_occupations(&rows, &codes).unwrap();
            let mut restricted = 0;
            for table in dataset.tables() {
                let id = table.spec.id;
                let mine = &own.table(id).frame;
                if table.frame.column(schema::col::OCCUPATION).is_ok() {
                    restricted += 1;
                    let filtered = table
                        .lazy()
                        .filter(crate::analysis::frame::is_in(schema::col::OCCUPATION, &codes))
                        .collect()
                        .unwrap();
                    assert!(mine.equals_missing(&filtered), "{}: {codes:?}", table.file);
                    assert_eq!(own.table(id).structure.record_lines.len(), mine.height());
                } else {
                    assert!(mine.equals_missing(&table.frame), "{}", table.file);
                }
            }
            assert!(restricted >= 5, "the wage, employment, projection, education and credential tables");
            assert_eq!(own.warnings.len(), dataset.warnings.len());
        }
    }
}
