//! Test helpers: the binary, and throw-away dataset directories built from the embedded one.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub fn wagescope() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("wagescope")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of datasets/medical-coding in a temp dir, with `replacements` (file name → contents).
pub fn dataset_with(replacements: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = repo().join("datasets/medical-coding");
    for entry in std::fs::read_dir(&source).expect("datasets/medical-coding") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    for (name, contents) in replacements {
        std::fs::write(dir.path().join(name), contents).expect("write replacement");
    }
    dir
}

/// A dataset copy whose `table` is replaced by the fixture `tests/fixtures/bad/<table stem>.<case>.csv`.
pub fn dataset_with_fixture(table: &str, case: &str) -> TempDir {
    let stem = table.trim_end_matches(".csv");
    let fixture = repo().join(format!("tests/fixtures/bad/{stem}.{case}.csv"));
    let bytes = std::fs::read(&fixture).unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
    dataset_with(&[(table, &bytes)])
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn display(path: &Path) -> String {
    path.display().to_string()
}

/// A CSV row as a map from column name to cell.
pub type Row = std::collections::HashMap<String, String>;

/// The rows of a CSV file as maps, via the csv crate the project already uses.
pub fn rows(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).expect("csv");
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.expect("record").iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

/// The rows whose columns have the given values.
pub fn find<'a>(rows: &'a [Row], pairs: &[(&str, &str)]) -> Vec<&'a Row> {
    rows.iter().filter(|r| pairs.iter().all(|(k, v)| r.get(*k).map(String::as_str) == Some(*v))).collect()
}

/// A cell as a number; `None` when empty.
pub fn num(row: &Row, key: &str) -> Option<f64> {
    row.get(key).filter(|v| !v.is_empty()).map(|v| v.parse().expect("number"))
}

/// A file of `tests/fixtures/oews` (the agency-file fixtures, OEWS and EP alike).
pub fn oews_fixture(name: &str) -> String {
    repo().join("tests/fixtures/oews").join(name).display().to_string()
}

/// `report outlook --occupation 29-2072 --format FORMAT` on agency fixtures, each named with its
/// flag (`("--oews", "national_M2023_dl.csv")`), plus `extra` options: the report written (empty
/// if none was) and the process.
pub fn agency_report(agency: &[(&str, &str)], extra: &[&str], format: &str) -> (String, std::process::Output) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("r.{format}"));
    let mut cmd = wagescope();
    for (flag, file) in agency {
        cmd.arg(flag).arg(oews_fixture(file));
    }
    let out = cmd
        .args(["report", "outlook", "--occupation", "29-2072", "--format", format, "-o"])
        .arg(&path)
        .args(extra)
        .output()
        .expect("run wagescope");
    (std::fs::read_to_string(&path).unwrap_or_default(), out)
}
