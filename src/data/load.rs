//! CSV bytes → a typed polars `DataFrame` for one table, with every problem found on the way.
//!
//! Order of work: structure (`csvcheck`), header against the schema, then each column's values,
//! checked with polars expressions over the whole column (no row loop); only the rows that fail a
//! check are read back, to name them.

use std::io::Cursor;
use std::sync::Arc;

use polars::prelude::*;

use super::csvcheck::{self, Structure, did_you_mean};
use super::origin::{ColumnOrigins, Origins};
use super::schema::{ColumnSpec, Kind, Presence, TableSpec};
use crate::error::{Issue, quoted};
use crate::format;

/// Name of the row-number column added for diagnostics; never part of a table.
pub const ROW: &str = "__row";

/// One loaded table: typed columns in schema order, plus where each row sits in its file.
#[derive(Debug, Clone)]
pub struct Table {
    pub spec: &'static TableSpec,
    /// The file as the user knows it.
    pub file: String,
    pub frame: DataFrame,
    pub structure: Structure,
    /// Where imported rows were read (see [`super::origin`]); `None` for tables of our own.
    pub origins: Option<Origins>,
}

impl Table {
    pub fn lazy(&self) -> LazyFrame {
        self.frame.clone().lazy()
    }

    /// The file line of 0-based row `row`.
    pub fn line_of(&self, row: usize) -> u64 {
        self.structure.line_of(row)
    }

    /// An empty table with the schema's columns (for optional tables a dataset leaves out).
    pub fn empty(spec: &'static TableSpec, file: String) -> Table {
        let columns = spec.columns.iter().map(|c| Column::full_null(c.name.into(), 0, &dtype_of(c.kind))).collect();
        Table {
            spec,
            file,
            frame: DataFrame::new(0, columns).unwrap_or_default(),
            structure: Structure { headers: Vec::new(), record_lines: Vec::new() },
            origins: None,
        }
    }

    /// A text cell of 0-based row `row` (only the rows a message is about are read this way).
    fn text_at(&self, column: &str, row: usize) -> Option<String> {
        let values = self.frame.column(column).ok()?.str().ok()?.clone();
        values.get(row).map(str::to_string)
    }

    /// Where 0-based row `row` is, for a message: "line 9", or in a temporary import the agency
    /// file's place ("national_M2023_dl.xlsx (sheet national), row 12").
    pub fn row_ref(&self, row: usize) -> String {
        match (&self.origins, self.origin_of(row)) {
            (Some(Origins { columns: Some(_), .. }), Some(origin)) => origin,
            _ => format!("line {}", self.line_of(row)),
        }
    }

    fn origin_of(&self, row: usize) -> Option<String> {
        self.origins.as_ref()?.rows.get(row)?.clone()
    }

    /// Place `issue` at 0-based row `row`: the line of this table's file (and where an imported
    /// row came from), or — for a temporary import — the agency file, sheet, row and column the
    /// row was read from. The issue also gets the row's occupation. Call after `at_column`.
    pub fn locate(&self, mut issue: Issue, row: usize) -> Issue {
        use super::schema::col;
        let code = if self.spec.column(col::OCCUPATION).is_some() { col::OCCUPATION } else { col::CODE };
        issue.occupation = self.text_at(code, row);
        issue.line = Some(self.line_of(row));
        let Some(origin) = self.origin_of(row) else { return issue };
        let Some(columns) = self.origins.as_ref().and_then(|o| o.columns.as_ref()) else {
            // A dataset written by `import`: its own line, and where the row came from.
            issue.message = format!("{} (imported from {origin})", issue.message);
            return issue;
        };
        let Some((file, line)) = super::origin::parse(&origin) else { return issue };
        let basis = self.text_at(col::BASIS, row);
        let theirs =
            issue.column_name.as_deref().and_then(|ours| columns.find(&file, self.spec.file, ours, basis.as_deref()));
        // A row of a dataset merged in (`--data` with `--oews`) keeps our column name, without a number.
        issue.column = theirs.as_ref().map(|(index, _)| index + 1);
        if let (Some((_, name)), Some(ours)) = (theirs, &issue.column_name) {
            // "column 'mean'" in the message is the agency's column too.
            issue.message = issue.message.replace(&format!("'{ours}'"), &format!("'{name}'"));
            issue.column_name = Some(name);
        }
        issue.file = file;
        issue.line = Some(line);
        issue
    }

    /// Rows (0-based) where `condition` holds, with the named columns, as a small `DataFrame`
    /// whose first column is [`ROW`].
    pub fn rows_where(&self, condition: Expr, show: &[&str]) -> PolarsResult<DataFrame> {
        let mut select = vec![col(ROW)];
        select.extend(show.iter().map(|c| col(*c)));
        self.lazy().with_row_index(ROW, None).filter(condition).select(select).collect()
    }
}

/// The polars type a column of this kind is stored as.
pub fn dtype_of(kind: Kind) -> DataType {
    match kind {
        Kind::Integer { .. } => DataType::Int64,
        Kind::Number { .. } => DataType::Float64,
        Kind::Text | Kind::OneOf(_) | Kind::Pattern { .. } | Kind::ColumnList => DataType::String,
    }
}

/// Text of one cell for a message: numbers as a person writes them, null as an empty string.
pub fn cell_text(column: &Column, row: usize) -> String {
    match column.get(row) {
        Ok(AnyValue::Null) | Err(_) => String::new(),
        Ok(AnyValue::String(s)) => s.to_string(),
        Ok(AnyValue::StringOwned(s)) => s.to_string(),
        Ok(AnyValue::Float64(v)) => format::plain(v),
        Ok(other) => other.to_string(),
    }
}

/// The 0-based row numbers in a `rows_where` result.
pub fn row_numbers(frame: &DataFrame) -> Vec<usize> {
    frame
        .column(ROW)
        .and_then(|c| c.idx().map(|ca| ca.iter().map(|v| v.unwrap_or_default() as usize).collect()))
        .unwrap_or_default()
}

/// Parse and check one table. Problems go to `issues`; `None` when the table cannot be read at all.
/// `imported`: the table is a temporary copy of agency files (an import on the fly), whose rows'
/// `origin` places messages name instead of the copy.
pub fn parse_table(
    spec: &'static TableSpec,
    file: &str,
    bytes: &[u8],
    imported: Option<&Arc<ColumnOrigins>>,
    issues: &mut Vec<Issue>,
) -> Option<Table> {
    let structure = match csvcheck::check(bytes, file) {
        Ok(s) => s,
        Err(found) => {
            issues.extend(found);
            return None;
        }
    };
    if !check_header(spec, file, &structure.headers, issues) {
        return None;
    }
    let raw = match read_strings(bytes) {
        Ok(df) => df,
        Err(e) => {
            issues.push(Issue::error(file, format!("cannot parse the CSV: {e}")));
            return None;
        }
    };
    let origins = raw.column(super::schema::col::ORIGIN).ok().and_then(|c| c.str().ok()).map(|values| Origins {
        rows: values.iter().map(|v| v.map(str::to_string)).collect(),
        columns: imported.cloned(),
    });
    let table = Table { spec, file: file.to_string(), frame: raw, structure, origins };
    let before = issues.len();
    for (index, column) in spec.columns.iter().enumerate() {
        if table.frame.column(column.name).is_ok() {
            let position = table.structure.headers.iter().position(|h| h == column.name).unwrap_or(index);
            if let Err(e) = check_column(&table, column, position, issues) {
                issues.push(Issue::error(file, format!("internal error while checking column '{}': {e}", column.name)));
            }
        }
    }
    let typed = match typed_frame(&table) {
        Ok(df) => df,
        Err(e) => {
            issues.push(Issue::error(file, format!("internal error while typing the table: {e}")));
            return None;
        }
    };
    let table = Table { frame: typed, ..table };
    if issues[before..].iter().all(|i| !i.is_error())
        && let Err(e) = check_at_least_one(&table, issues)
    {
        issues.push(Issue::error(file, format!("internal error: {e}")));
    }
    Some(table)
}

/// Every column as String; empty cells are null. Rows with every cell empty (blank lines, ",,,")
/// are dropped, as the structural pass skips them, so row i is record i of `Structure`.
fn read_strings(bytes: &[u8]) -> PolarsResult<DataFrame> {
    let bytes = csvcheck::strip_bom(bytes).to_vec();
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()?;
    let any_value = df.get_column_names().iter().fold(lit(false), |acc, name| acc.or(col(name.as_str()).is_not_null()));
    df.lazy().filter(any_value).collect()
}

/// Required columns present, unknown columns named. Returns false when the table cannot be used.
fn check_header(spec: &TableSpec, file: &str, headers: &[String], issues: &mut Vec<Issue>) -> bool {
    let known: Vec<&str> = spec.columns.iter().map(|c| c.name).collect();
    let mut usable = true;
    for column in spec.columns.iter().filter(|c| c.presence == Presence::Required) {
        if !headers.iter().any(|h| h == column.name) {
            let unknown = headers.iter().map(String::as_str).filter(|h| !known.contains(h));
            let hint = did_you_mean(column.name, unknown);
            issues.push(
                Issue::error(file, format!("required column '{}' is missing{hint}", column.name))
                    .at_line(1)
                    .got(format!("columns {}", headers.join(",")))
                    .expected(format!("a column named '{}'", column.name)),
            );
            usable = false;
        }
    }
    for (i, header) in headers.iter().enumerate() {
        if !known.contains(&header.as_str()) {
            let hint = did_you_mean(header, known.iter().copied());
            issues.push(
                Issue::warning(file, format!("unknown column '{header}' is ignored{hint}"))
                    .at_line(1)
                    .at_column(i, header)
                    .expected(format!("one of {}", known.join(", "))),
            );
        }
    }
    usable
}

/// Rows where a non-empty cell is not a valid value of `column`'s kind.
fn invalid_value(column: &ColumnSpec) -> Expr {
    let c = || col(column.name);
    let present = c().is_not_null();
    let bad = match column.kind {
        Kind::Text | Kind::ColumnList => lit(false),
        Kind::Integer { min, max } => {
            let v = c().cast(DataType::Int64);
            v.clone().is_null().or(v.clone().lt(lit(min))).or(v.gt(lit(max)))
        }
        Kind::Number { min } => {
            let v = c().cast(DataType::Float64);
            let mut bad = v.clone().is_null().or(v.clone().is_finite().not());
            if let Some(min) = min {
                bad = bad.or(v.lt(lit(min)));
            }
            bad
        }
        Kind::OneOf(allowed) => {
            let allowed = Series::new("allowed".into(), allowed);
            c().is_in(lit(allowed).implode(false), false).not()
        }
        Kind::Pattern { regex, .. } => c().str().contains(lit(regex), true).not(),
    };
    present.and(bad)
}

fn check_column(table: &Table, column: &ColumnSpec, position: usize, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    let file = &table.file;
    let at = |row: usize, issue: Issue| table.locate(issue.at_column(position, column.name), row);
    if column.presence == Presence::Required {
        let missing = table.rows_where(col(column.name).is_null(), &[])?;
        for row in row_numbers(&missing) {
            let issue = Issue::error(file, format!("column '{}' is empty", column.name))
                .got("an empty cell")
                .expected(column.kind.expected());
            issues.push(at(row, issue));
        }
    }
    let bad = table.rows_where(invalid_value(column), &[column.name])?;
    let values = bad.column(column.name)?;
    for (i, row) in row_numbers(&bad).into_iter().enumerate() {
        let value = cell_text(values, i);
        issues.push(at(row, describe_bad_value(file, column, &value)));
    }
    Ok(())
}

/// The message for a cell that fails its column's kind, with a hint for the common mistakes.
fn describe_bad_value(file: &str, column: &ColumnSpec, value: &str) -> Issue {
    let name = column.name;
    let message = match column.kind {
        Kind::Number { .. } | Kind::Integer { .. } => match value.trim().parse::<f64>() {
            Ok(v) if v < 0.0 => format!("column '{name}' is negative"),
            Ok(v) if v.is_finite() => format!("column '{name}' is out of range"),
            _ if value.contains(['$', ',']) => {
                format!("column '{name}' is not a number; write numbers without '$' or thousands separators")
            }
            _ => format!("column '{name}' is not a number"),
        },
        Kind::OneOf(allowed) => {
            format!("column '{name}' has a value that is not allowed{}", did_you_mean(value, allowed.iter().copied()))
        }
        Kind::Pattern { .. } => format!("column '{name}' is not in the expected form"),
        Kind::Text | Kind::ColumnList => format!("column '{name}' is invalid"),
    };
    Issue::error(file, message).got(quoted(value)).expected(column.kind.expected())
}

/// Cast each column to its schema type; add optional columns the file left out as nulls.
fn typed_frame(table: &Table) -> PolarsResult<DataFrame> {
    let height = table.frame.height();
    let exprs: Vec<Expr> = table
        .spec
        .columns
        .iter()
        .map(|c| {
            let dtype = dtype_of(c.kind);
            if table.frame.column(c.name).is_ok() {
                col(c.name).cast(dtype).alias(c.name)
            } else {
                lit(NULL).cast(dtype).alias(c.name)
            }
        })
        .collect();
    let typed = table.frame.clone().lazy().select(exprs).collect()?;
    debug_assert_eq!(typed.height(), height);
    Ok(typed)
}

/// Each row needs at least one of the table's `at_least_one` columns.
fn check_at_least_one(table: &Table, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    let Some(first) = table.spec.at_least_one.first() else {
        return Ok(());
    };
    let none = table.spec.at_least_one.iter().skip(1).fold(col(*first).is_null(), |acc, c| acc.and(col(*c).is_null()));
    let rows = table.rows_where(none, &[])?;
    for row in row_numbers(&rows) {
        issues.push(
            table.locate(
                Issue::error(&table.file, "the row has no figure")
                    .got("all statistic columns empty")
                    .expected(format!("a value in at least one of {}", table.spec.at_least_one.join(", "))),
                row,
            ),
        );
    }
    Ok(())
}
