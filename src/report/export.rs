//! `--export-dir`: each table of a report as a CSV file, from the same rows the HTML shows.
//!
//! A table is a list of serialisable rows and its column names in order. A footnote list
//! (`refs`) becomes text: "[1] source-id (2019); [3] …". A figure shown as "$48,780", "187,910" or
//! "+3.9%" is written as the plain number any program reads as one (48780, 187910, 3.9; the column
//! names say the unit); text that is not only a number ("top-coded (#)", "2023–33") stays text. A
//! table with no rows is not written. A test checks each column list against the row struct it
//! exports, so the two cannot drift apart.

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

/// "$48,780" → "48780", "-1,234.5" → "-1234.5", "+3.9%" → "3.9"; `None` for anything else.
fn plain_number(text: &str) -> Option<String> {
    let t = text.trim();
    let (sign, rest) = match t.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", t.strip_prefix('+').unwrap_or(t)),
    };
    let rest = rest.strip_prefix('$').unwrap_or(rest);
    let rest = rest.strip_suffix('%').unwrap_or(rest);
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let groups: Vec<&str> = int.split(',').collect();
    let grouped = groups.len() == 1
        || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !grouped || !groups.iter().all(|g| digits(g)) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let number = groups.concat();
    Some(match frac {
        Some(f) => format!("{sign}{number}.{f}"),
        None => format!("{sign}{number}"),
    })
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => plain_number(s).unwrap_or_else(|| s.clone()),
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

/// Write every export that has rows into `dir` (created if missing), each file complete or absent;
/// a table with no rows (a section the report does not have) is not written.
pub fn write_all(dir: &Path, exports: &[Export]) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating export directory {}", dir.display()))?;
    let mut written = Vec::new();
    for e in exports.iter().filter(|e| e.csv.lines().nth(1).is_some()) {
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
        // Figures as shown become plain numbers; text stays text.
        for (shown, plain) in [
            ("$48,780", "48780"),
            ("187,910", "187910"),
            ("+3.9%", "3.9"),
            ("-1,234.5", "-1234.5"),
            ("$18.06", "18.06"),
            ("0.961", "0.961"),
            ("2008", "2008"),
        ] {
            assert_eq!(plain_number(shown).as_deref(), Some(plain), "{shown}");
        }
        for text in
            ["top-coded (#)", "2023–33", "29-2072", "2019-09", "1,23", "12,3456", "", "$", "+", "1.2.3", "about 5"]
        {
            assert_eq!(plain_number(text), None, "{text}");
        }
        assert!(table("t.csv", &["name", "value", "refs", "more"], &rows).is_err(), "more not in the rows");
    }
}
