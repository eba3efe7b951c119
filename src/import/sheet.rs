//! An agency table as published — XLSX (calamine) or CSV — read into text columns, with the
//! header row found by its names, so importers interpret every cell themselves (markers such as
//! `*`, `#`, `~`, numbers with thousands separators) with polars expressions over whole columns.

use std::path::Path;

use anyhow::Result;
use calamine::{Data, Reader, open_workbook_auto};
use polars::prelude::*;

use crate::error::{Issue, WagescopeError};

/// A number in a text cell, as agency tables write them: thousands separators and spaces removed;
/// null when the cell is not a number (a marker, `—`, text), which importers then explain.
pub fn number(name: &str) -> Expr {
    col(name).str().replace_all(lit(","), lit(""), true).str().strip_chars(lit(NULL)).cast(DataType::Float64)
}

/// Rows searched for the header (agency files may put a title block above the table).
const HEADER_SEARCH: usize = 20;

/// A table read from a file: every column as text, named as in the header (trimmed).
pub struct Sheet {
    /// The file as named in messages.
    pub file: String,
    /// The worksheet, for XLSX files.
    pub sheet: Option<String>,
    /// 1-based row (XLSX) or line (CSV) of the header.
    pub header_line: usize,
    pub frame: DataFrame,
    /// The 0-based position in the file of each column of `frame` (unnamed columns are dropped).
    pub positions: Vec<usize>,
}

impl Sheet {
    /// The file label of messages: "file (sheet S)" or "file".
    pub fn label(&self) -> String {
        self.place(0).0
    }

    /// The `origin` of each row (see [`crate::data::origin`]) from the 0-based row index in
    /// column `row`: "file (sheet S), row N" or "file, line N".
    pub fn origin(&self, row: &str) -> Expr {
        let prefix = crate::data::origin::prefix(&self.label(), self.sheet.is_some());
        concat_str(
            [lit(prefix), (col(row).cast(DataType::Int64) + lit(self.header_line as i64 + 1)).cast(DataType::String)],
            "",
            false,
        )
    }

    /// The 0-based position in the file of the column named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        let i = self.frame.get_column_names().iter().position(|n| n.as_str() == name)?;
        self.positions.get(i).copied()
    }

    /// "file, sheet S, row R" or "file:R" for the data row with 0-based index `row`.
    pub fn place(&self, row: usize) -> (String, u64) {
        let line = (self.header_line + 1 + row) as u64;
        match &self.sheet {
            Some(s) => (format!("{} (sheet {s})", self.file), line),
            None => (self.file.clone(), line),
        }
    }
}

fn error(file: &str, message: String) -> anyhow::Error {
    WagescopeError::Data(vec![Issue::error(file, message)]).into()
}

/// Read `path`, XLSX or CSV by its first bytes, and find the header row: the first row for which
/// `is_header` holds (given the row's cells, trimmed). `what` names the table in messages.
pub fn read(path: &Path, what: &str, looked_for: &str, is_header: impl Fn(&[String]) -> bool) -> Result<Sheet> {
    let file = path.display().to_string();
    if is_workbook(path, &file, what)? {
        read_workbook(path, &file, what, looked_for, &is_header)
    } else {
        read_csv(path, &file, what, looked_for, &is_header)
    }
}

fn cell_text(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => None,
        Data::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{f:.0}")),
        Data::Float(f) => Some(f.to_string()),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::Error(e) => Some(format!("#ERROR {e:?}")),
        other => Some(other.to_string()),
    }
}

/// One table of an agency file as rows of trimmed text cells (empty cells `None`): a worksheet of
/// a workbook, or a whole CSV file. Small tables only (an EP table has ~1,100 rows); large OEWS CSV
/// files go through [`read`], which hands them to polars' CSV reader.
pub struct RawTable {
    /// The file as named in messages.
    pub file: String,
    /// The worksheet, for XLSX files.
    pub sheet: Option<String>,
    /// For CSV files, the 1-based line of each row (a quoted cell may span lines); empty for sheets,
    /// whose rows are numbered 1, 2, ….
    pub lines: Vec<usize>,
    pub rows: Vec<Vec<Option<String>>>,
}

impl RawTable {
    /// The table's title: the first non-empty cell of the first non-empty row (cell A1 as BLS
    /// publishes its tables), line breaks and runs of spaces collapsed.
    pub fn title(&self) -> String {
        let first = self.rows.iter().find_map(|r| r.iter().flatten().next());
        first.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default()
    }

    /// The header's row index among the first rows: the first for which `is_header` holds.
    pub fn find_header(&self, is_header: &dyn Fn(&[String]) -> bool) -> Option<usize> {
        self.rows.iter().take(HEADER_SEARCH).position(|r| is_header(&texts(r)))
    }

    /// 1-based row (sheet) or line (CSV) of the row with index `i`.
    fn line(&self, i: usize) -> usize {
        self.lines.get(i).copied().unwrap_or(i + 1)
    }

    /// The rows below the header row `h` as a [`Sheet`] of text columns named by the header;
    /// unnamed columns are dropped, a repeated name keeps its first column.
    pub fn to_sheet(&self, h: usize) -> Result<Sheet> {
        let header = texts(&self.rows[h]);
        let body = &self.rows[h + 1..];
        let mut seen: Vec<&str> = Vec::new();
        let mut columns = Vec::new();
        let mut positions = Vec::new();
        for (i, name) in header.iter().enumerate() {
            if name.is_empty() || seen.contains(&name.as_str()) {
                continue;
            }
            seen.push(name);
            let values: Vec<Option<String>> = body.iter().map(|r| r.get(i).cloned().flatten()).collect();
            columns.push(Column::new(name.as_str().into(), values));
            positions.push(i);
        }
        let frame = DataFrame::new(body.len(), columns)?;
        Ok(Sheet { file: self.file.clone(), sheet: self.sheet.clone(), header_line: self.line(h), frame, positions })
    }

    /// "sheet "S": first cells" for messages listing what a file holds.
    pub fn describe(&self) -> String {
        let first = self.rows.iter().find(|r| r.iter().any(Option::is_some));
        let what = match first {
            Some(r) => r.iter().flatten().take(12).cloned().collect::<Vec<_>>().join(", "),
            None => "empty".to_string(),
        };
        match &self.sheet {
            Some(name) => format!("sheet {name:?}: {what}"),
            None => format!("first row: {what}"),
        }
    }
}

fn texts(row: &[Option<String>]) -> Vec<String> {
    row.iter().map(|c| c.clone().unwrap_or_default()).collect()
}

/// Every table of `path`: each worksheet of an XLSX (or XLS) workbook, in the workbook's order, or
/// the one table of a CSV file. `what` names the expected content in messages.
pub fn read_tables(path: &Path, what: &str) -> Result<Vec<RawTable>> {
    let file = path.display().to_string();
    if is_workbook(path, &file, what)? { workbook_tables(path, &file, what) } else { Ok(vec![csv_table(path, &file)?]) }
}

/// Is `path` a workbook (by its first bytes)? An empty file is an error naming `what` was expected.
fn is_workbook(path: &Path, file: &str, what: &str) -> Result<bool> {
    let mut head = [0u8; 4];
    let n = std::io::Read::read(
        &mut std::fs::File::open(path).map_err(|source| WagescopeError::Read { path: path.to_path_buf(), source })?,
        &mut head,
    )
    .map_err(|source| WagescopeError::Read { path: path.to_path_buf(), source })?;
    if n == 0 {
        return Err(error(file, format!("the file is empty (expected {what})")));
    }
    // XLSX files are ZIP archives ("PK\x03\x04"); old XLS files start with the OLE signature.
    Ok(head.starts_with(b"PK") || head == [0xD0, 0xCF, 0x11, 0xE0])
}

fn workbook_tables(path: &Path, file: &str, what: &str) -> Result<Vec<RawTable>> {
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| error(file, format!("cannot read the workbook ({e}); is the file complete? (expected {what})")))?;
    let names = workbook.sheet_names().to_vec();
    let mut tables = Vec::new();
    for name in &names {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| error(file, format!("cannot read sheet {name:?} ({e}); is the file complete?")))?;
        // calamine starts a range at its first used cell: pad so that row and column numbers
        // match the sheet's.
        let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let mut rows: Vec<Vec<Option<String>>> = vec![Vec::new(); top];
        rows.extend(range.rows().map(|r| {
            let mut cells = vec![None; left];
            cells.extend(r.iter().map(cell_text));
            cells
        }));
        tables.push(RawTable { file: file.to_string(), sheet: Some(name.clone()), lines: Vec::new(), rows });
    }
    Ok(tables)
}

fn csv_table(path: &Path, file: &str) -> Result<RawTable> {
    let bytes = std::fs::read(path).map_err(|source| WagescopeError::Read { path: path.to_path_buf(), source })?;
    let text = utf8_text(&bytes, file)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text);
    let (mut rows, mut lines) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record.map_err(|e| error(file, format!("cannot read the file as CSV: {e}")))?;
        lines.push(record.position().map_or(rows.len() + 1, |p| p.line() as usize));
        rows.push(record.iter().map(|c| Some(c.trim().to_string()).filter(|c| !c.is_empty())).collect());
    }
    Ok(RawTable { file: file.to_string(), sheet: None, lines, rows })
}

/// The bytes of a CSV file without a byte-order mark, checked to be UTF-8.
fn utf8_text<'a>(bytes: &'a [u8], file: &str) -> Result<&'a [u8]> {
    let text = crate::data::csvcheck::strip_bom(bytes);
    if let Err(e) = std::str::from_utf8(text) {
        let line = text[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        return Err(WagescopeError::Data(vec![
            Issue::error(file, "the file is neither an XLSX workbook nor UTF-8 text").at_line(line as u64),
        ])
        .into());
    }
    Ok(text)
}

fn read_workbook(
    path: &Path,
    file: &str,
    what: &str,
    looked_for: &str,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Result<Sheet> {
    let tables = workbook_tables(path, file, what)?;
    for table in &tables {
        if let Some(h) = table.find_header(is_header) {
            return table.to_sheet(h);
        }
    }
    Err(error(
        file,
        format!(
            "no sheet looks like {what}: looked for a header row with {looked_for}; found {}",
            if tables.is_empty() {
                "no sheets".to_string()
            } else {
                tables.iter().map(RawTable::describe).collect::<Vec<_>>().join("; ")
            }
        ),
    ))
}

fn read_csv(
    path: &Path,
    file: &str,
    what: &str,
    looked_for: &str,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Result<Sheet> {
    let bytes = std::fs::read(path).map_err(|source| WagescopeError::Read { path: path.to_path_buf(), source })?;
    let text = utf8_text(&bytes, file)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text);
    let mut first = Vec::new();
    let mut header_line = None;
    for record in reader.records().take(HEADER_SEARCH) {
        let record = record.map_err(|e| error(file, format!("cannot read the file as CSV: {e}")))?;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        let line = record.position().map_or(1, |p| p.line() as usize);
        if is_header(&cells) {
            header_line = Some((line, cells));
            break;
        }
        if first.is_empty() {
            first = cells;
        }
    }
    let Some((line, header)) = header_line else {
        return Err(error(
            file,
            format!("not {what}: looked for a header row with {looked_for}; found {}", first.join(", ")),
        ));
    };
    let mut names: Vec<String> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        // Unnamed columns get a placeholder; repeated names are an error polars would raise.
        names.push(if h.is_empty() { format!("__unnamed_{i}") } else { h.clone() });
    }
    let schema = Schema::from_iter(names.iter().map(|n| Field::new(n.as_str().into(), DataType::String)));
    let frame = CsvReadOptions::default()
        .with_has_header(false)
        .with_skip_rows(line)
        .with_schema(Some(Arc::new(schema)))
        .with_parse_options(CsvParseOptions::default().with_truncate_ragged_lines(true))
        .into_reader_with_file_handle(std::io::Cursor::new(text.to_vec()))
        .finish()
        .map_err(|e| error(file, format!("cannot read the table below line {line}: {e}")))?;
    // Trim every cell; an empty cell is missing.
    let trimmed: Vec<Expr> = names
        .iter()
        .map(|n| {
            let c = col(n.as_str()).str().strip_chars(lit(NULL));
            when(c.clone().eq(lit(""))).then(lit(NULL).cast(DataType::String)).otherwise(c).alias(n.as_str())
        })
        .collect();
    let frame = frame.lazy().select(trimmed).collect()?;
    let positions = (0..names.len()).collect();
    Ok(Sheet { file: file.to_string(), sheet: None, header_line: line, frame, positions })
}
