//! Where an imported row was read. The importers write each row's place in the agency file into
//! the `origin` column ("occupation.xlsx (sheet Table 1.2), row 119", "oews_state_M2025.csv, line
//! 12") and record which of the agency's columns each of ours came from ([`ColumnOrigins`]). When a
//! dataset is imported on the fly (`--oews`, `--projections`, and `import` checking what it would
//! write) every message about a row names that place — the user's own file as given, its sheet,
//! row and column — never the temporary copy the tables pass through. A dataset written by
//! `import` and read with `--data` is the user's file: messages name its line, and add where the row
//! was imported from.

use std::sync::Arc;

/// The `origin` text of a row: `file (sheet S), row N` for a worksheet, `file, line N` for a CSV
/// file. `file` is the file label of messages (see [`crate::import::sheet::Sheet::place`]).
pub fn text(file_label: &str, sheet: bool, line: u64) -> String {
    format!("{}{line}", prefix(file_label, sheet))
}

/// The `origin` text before the row number: "file (sheet S), row " or "file, line ".
pub fn prefix(file_label: &str, sheet: bool) -> String {
    if sheet { format!("{file_label}, row ") } else { format!("{file_label}, line ") }
}

/// The file label and the row (or line) of an `origin` text.
pub fn parse(text: &str) -> Option<(String, u64)> {
    let (file, line) = text.rsplit_once(", row ").or_else(|| text.rsplit_once(", line "))?;
    Some((file.to_string(), line.trim().parse().ok()?))
}

/// One of our columns read from one of the agency's.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ColumnOrigin {
    /// The agency table's file label, as in `origin` texts.
    file: String,
    /// Our table's file name (`wages.csv`).
    table: String,
    /// Our column.
    column: String,
    /// For wages rows, the basis the agency column holds (OEWS `H_MEDIAN` hourly, `A_MEDIAN`
    /// annual); `None` when the column is the same for every row.
    basis: Option<String>,
    /// 0-based position of the agency's column in its file.
    index: usize,
    /// The agency's column name.
    name: String,
}

/// Which agency column each of our columns was read from, per agency table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnOrigins {
    entries: Vec<ColumnOrigin>,
}

impl ColumnOrigins {
    /// Record that `column` of our table `table` was read from the agency column `name` at
    /// 0-based position `index` of the table labelled `file` (for rows of `basis` only, if given).
    pub fn add(&mut self, file: &str, table: &str, column: &str, basis: Option<&str>, index: usize, name: &str) {
        self.entries.push(ColumnOrigin {
            file: file.to_string(),
            table: table.to_string(),
            column: column.to_string(),
            basis: basis.map(str::to_string),
            index,
            name: name.to_string(),
        });
    }

    pub fn extend(&mut self, other: ColumnOrigins) {
        self.entries.extend(other.entries);
    }

    /// The agency column (0-based position, name) our `column` of `table` was read from, for a row
    /// of the table labelled `file` whose basis is `basis`.
    pub fn find(&self, file: &str, table: &str, column: &str, basis: Option<&str>) -> Option<(usize, String)> {
        self.entries
            .iter()
            .find(|e| {
                e.file == file
                    && e.table == table
                    && e.column == column
                    && (e.basis.is_none() || e.basis.as_deref() == basis)
            })
            .map(|e| (e.index, e.name.clone()))
    }
}

/// How a loaded table's rows relate to the files they were imported from.
#[derive(Debug, Clone)]
pub struct Origins {
    /// Each row's `origin` text, when it has one.
    pub rows: Vec<Option<String>>,
    /// Set when the table is a temporary copy (an import on the fly): messages then name the
    /// agency file's place instead of the table's.
    pub columns: Option<Arc<ColumnOrigins>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_texts_round_trip() {
        let sheet = text("occupation.xlsx (sheet Table 1.2)", true, 119);
        assert_eq!(sheet, "occupation.xlsx (sheet Table 1.2), row 119");
        assert_eq!(parse(&sheet), Some(("occupation.xlsx (sheet Table 1.2)".into(), 119)));
        let csv = text("data/oews_state_M2025.csv", false, 12);
        assert_eq!(parse(&csv), Some(("data/oews_state_M2025.csv".into(), 12)));
        assert_eq!(parse("somewhere"), None);
        let mut columns = ColumnOrigins::default();
        columns.add("n.xlsx (sheet n)", "wages.csv", "median", Some("hourly"), 10, "H_MEDIAN");
        columns.add("n.xlsx (sheet n)", "wages.csv", "median", Some("annual"), 15, "A_MEDIAN");
        columns.add("n.xlsx (sheet n)", "wages.csv", "employment", None, 3, "TOT_EMP");
        assert_eq!(
            columns.find("n.xlsx (sheet n)", "wages.csv", "median", Some("annual")),
            Some((15, "A_MEDIAN".into()))
        );
        assert_eq!(
            columns.find("n.xlsx (sheet n)", "wages.csv", "employment", Some("hourly")),
            Some((3, "TOT_EMP".into()))
        );
        assert_eq!(columns.find("other.xlsx", "wages.csv", "employment", None), None);
    }
}
