//! Issue 20: checks know the rounding of what they check (DOMAIN.md §7), and every message names the
//! user's file as given — sheet, row and column — never a temporary copy.
//!
//! `occupation_2024_34.xlsx` is the real 2024–34 workbook trimmed (tests/fixtures/ep/make_ep_2024.py):
//! 84 of its rows have a stated percent more than half a point from the percent of the rounded
//! employment (gambling managers: 5.1 → 5.2 thousand, +1.2%), which a check with a fixed tolerance
//! called contradictions. With employment to 0.1 thousand, none is.

mod common;

use common::{display, repo, stdout_of, wagescope};

fn fixture(path: &str) -> String {
    display(&repo().join("tests/fixtures").join(path))
}

#[test]
fn the_real_2024_34_rows_hold_no_contradiction() {
    let out = wagescope().args(["--projections", &fixture("ep/occupation_2024_34.xlsx"), "validate"]).output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.ends_with(": 0 error(s), 0 warning(s)\n"), "{text}");
    assert!(!text.contains(".tmp"), "no temporary copy is named: {text}");
}

/// The EP table as a CSV file with the real rows of gambling managers (5.1 → 5.2, +1.2%: within
/// rounding) and medical records specialists, whose percent is changed from 7.1 to 9.1: outside
/// 194.8 → 208.6 thousand's +7.0% to +7.1%.
const TABLE: &str = "\"Table 1.2 Occupational projections, 2024–34, and worker characteristics, 2024\"\n\
    2024 National Employment Matrix title,2024 National Employment Matrix code,Occupation type,\"Employment, 2024\",\"Employment, 2034\",\"Employment change, numeric, 2024–34\",\"Employment change, percent, 2024–34\",\"Occupational openings, 2024–34 annual average\"\n\
    \"Total, all occupations\",00-0000,Summary,\"169,956.1\",\"175,167.9\",\"5,211.8\",3.1,\"18,863.3\"\n\
    Gambling managers,11-9071,Line item,5.1,5.2,0.1,1.2,0.4\n\
    Medical records specialists,29-2072,Line item,194.8,208.6,13.8,9.1,14.2\n\
    Medical transcriptionists,31-9094,Line item,43.9,41.8,-2.2,-4.9,7.4\n";

#[test]
fn a_real_contradiction_names_the_file_line_and_column_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("table_1.2.csv");
    std::fs::write(&table, TABLE).unwrap();
    let out = wagescope().args(["--projections", &display(&table), "validate", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((json["errors"].as_u64(), json["warnings"].as_u64()), (Some(0), Some(1)), "{json}");
    let issue = &json["issues"][0];
    assert_eq!(issue["file"], display(&table));
    assert_eq!(issue["line"], 5);
    assert_eq!(issue["column"], 7);
    assert_eq!(issue["column_name"], "Employment change, percent, 2024–34");
    assert_eq!(issue["occupation"], "29-2072");
    // 194.8 → 208.6 thousand, each ± 50 jobs: 208,550 ÷ 194,850 − 1 = +7.03% to 208,650 ÷ 194,750 − 1 = +7.14%.
    assert_eq!(
        issue["message"],
        "stated percent change +9.1% is outside what base employment 194,800 and target 208,600 allow (+7.0% to \
         +7.1% with jobs to the nearest 100, percents to a tenth)"
    );
    assert_eq!(issue["got"], "+9.1%");
    assert_eq!(issue["expected"], "+7.0% to +7.1%");
}

#[test]
fn an_empty_title_in_a_workbook_names_its_sheet_row_and_column() {
    let book = fixture("oews/empty_title_M2023_dl.xlsx");
    let expected = format!(
        "{book} (sheet national_M2023_dl):4:2: error: column 'OCC_TITLE' is empty (got an empty cell, expected text)"
    );
    let out = wagescope().args(["--oews", &book, "report", "outlook", "-o", "/nonexistent/x.html"]).output().unwrap();
    // The output directory is checked first: a usage error, before the data is read.
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let out = wagescope()
        .args(["--oews", &book, "report", "outlook", "--occupation", "29-2072", "-o"])
        .arg(dir.path().join("r.html"))
        .output()
        .unwrap();
    let err = common::stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&expected), "{err}");
    assert!(!err.contains(".tmp"), "{err}");
    // `import` says nothing was written, and names the workbook too.
    let target = dir.path().join("data");
    let out = wagescope().args(["import", "oews", &book, "-o"]).arg(&target).output().unwrap();
    let err = common::stderr_of(&out);
    assert!(err.contains(&expected.replace(" (got", " (nothing was written) (got")), "{err}");
    assert!(!target.exists());
}

#[test]
fn a_dataset_written_by_import_names_its_own_line_and_where_the_row_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("table_1.2.csv");
    std::fs::write(&table, TABLE).unwrap();
    let data = dir.path().join("ep");
    let out = wagescope().args(["import", "projections", &display(&table), "-o"]).arg(&data).output().unwrap();
    assert!(out.status.success(), "{}", common::stderr_of(&out));
    let out = wagescope().arg("--data").arg(&data).arg("validate").output().unwrap();
    let text = stdout_of(&out);
    let line = text.lines().find(|l| l.contains("stated percent change +9.1%")).unwrap_or_default();
    assert!(line.starts_with(&format!("{}:", display(&data.join("projections.csv")))), "{text}");
    assert!(line.contains(&format!("(imported from {}, line 5)", display(&table))), "{text}");
}

#[test]
fn a_report_shows_only_the_problems_of_the_figures_it_uses() {
    // Gambling managers' percent made contradictory (+5.2% for 5.1 → 5.2 thousand); the coders'
    // row is as published.
    let table = TABLE.replace("0.1,1.2,0.4", "0.1,5.2,0.4").replace("13.8,9.1,", "13.8,7.1,");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("table_1.2.csv");
    std::fs::write(&path, table).unwrap();
    let report = |code: &str| {
        let file = dir.path().join(format!("{code}.html"));
        let out = wagescope()
            .args(["--projections", &display(&path), "report", "outlook", "--occupation", code, "-o"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", common::stderr_of(&out));
        std::fs::read_to_string(file).unwrap()
    };
    let coders = report("29-2072");
    assert!(!coders.contains("Where the data disagree"), "another occupation's problem");
    let gambling = report("11-9071");
    assert!(gambling.contains("Where the data disagree"));
    assert!(
        gambling.contains("stated percent change +5.2% is outside what base employment 5,100 and target 5,200 allow")
    );
    // The file as given (its slashes escaped in HTML), line and column.
    assert!(gambling.contains("table_1.2.csv:4:7: warning:"), "{gambling}");
}
