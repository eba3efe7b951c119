//! `--export-dir`: each table of a report as a CSV file, from the same rows the HTML shows.
//!
//! A table is a list of serialisable rows and its column names in order. A footnote list
//! (`refs`) becomes text: "[1] source-id (2019); [3] …". A test checks each column list against
//! the row struct it exports, so the two cannot drift apart.

use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde::Serialize;
use serde_json::Value;

/// One exported table: file name and CSV text.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub file: String,
    pub csv: String,
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Object(r) if r.contains_key("n") && r.contains_key("id") => {
                    let year = r.get("year").and_then(Value::as_str).filter(|y| !y.is_empty());
                    format!(
                        "[{}] {}{}",
                        cell(&r["n"]),
                        cell(&r["id"]),
                        year.map_or_else(String::new, |y| format!(" ({y})"))
                    )
                }
                other => cell(other),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// The CSV of `rows` with `columns` in order. Fails if a row lacks a column or has one not listed.
pub fn table<T: Serialize>(file: &str, columns: &[&str], rows: &[T]) -> Result<Export> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(columns)?;
    for row in rows {
        let Value::Object(map) = serde_json::to_value(row)? else { bail!("{file}: a row is not a record") };
        if let Some(extra) = map.keys().find(|k| !columns.contains(&k.as_str())) {
            bail!("{file}: column {extra:?} is not in the export's column list");
        }
        let record: Result<Vec<String>> = columns
            .iter()
            .map(|c| map.get(*c).map(cell).with_context(|| format!("{file}: a row has no {c:?}")))
            .collect();
        writer.write_record(record?)?;
    }
    Ok(Export { file: file.to_string(), csv: String::from_utf8(writer.into_inner()?)? })
}

/// Write every export into `dir` (created if missing), each file complete or absent.
pub fn write_all(dir: &Path, exports: &[Export]) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating export directory {}", dir.display()))?;
    let mut written = Vec::new();
    for e in exports {
        let path = dir.join(&e.file);
        crate::output::write_atomic(&path, e.csv.as_bytes())?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        name: &'static str,
        value: Option<f64>,
        refs: Vec<crate::report::Ref>,
    }

    #[test]
    fn rows_become_csv_with_refs_as_text() {
        let rows = [
            Row {
                name: "a, \"b\"",
                value: Some(1.5),
                refs: vec![crate::report::Ref { n: 2, id: "doc.txt".into(), year: "2019".into() }],
            },
            Row { name: "c", value: None, refs: Vec::new() },
        ];
        let e = table("t.csv", &["name", "value", "refs"], &rows).expect("export");
        assert_eq!(e.csv, "name,value,refs\n\"a, \"\"b\"\"\",1.5,[2] doc.txt (2019)\nc,,\n");
        assert!(table("t.csv", &["name", "value"], &rows).is_err(), "refs not listed");
        assert!(table("t.csv", &["name", "value", "refs", "more"], &rows).is_err(), "more not in the rows");
    }
}
