//! Broken input: each case names file, line and column, exits 1, and writes nothing.
//! Fixtures: tests/fixtures/bad/ (see its README for what each one breaks).

mod common;

use common::{dataset_with, dataset_with_fixture, stderr_of, stdout_of, wagescope};
use tempfile::TempDir;

/// `validate` on a dataset whose wages.csv is the fixture: exit 1, problems on stdout.
fn validate(dir: &TempDir) -> String {
    let out = wagescope().args(["validate", "--data"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "stdout: {}\nstderr: {}", stdout_of(&out), stderr_of(&out));
    assert!(stderr_of(&out).starts_with("error: validation failed: "), "{}", stderr_of(&out));
    let wages = dir.path().join("wages.csv").display().to_string();
    stdout_of(&out).replace(&wages, "wages.csv")
}

#[test]
fn missing_column_is_named_with_a_suggestion() {
    let text = validate(&dataset_with_fixture("wages.csv", "missing_column"));
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("wages.csv:1: error: required column 'year' is missing; did you mean \"yaer\"? (got columns occupation,yaer,month,"), "{first}");
    assert!(
        text.contains("wages.csv:1:2: warning: unknown column 'yaer' is ignored; did you mean \"year\"?"),
        "{text}"
    );
}

#[test]
fn every_bad_value_is_reported_in_one_run() {
    let text = validate(&dataset_with_fixture("wages.csv", "bad_values"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "wages.csv:2:14: error: column 'median' is not a number (got \"n/a\", expected a number ≥ 0)",
            "wages.csv:3:14: error: column 'median' is negative (got \"-5\", expected a number ≥ 0)",
            "wages.csv:4:14: error: column 'median' is not a number; write numbers without '$' or thousands separators \
             (got \"$45,000\", expected a number ≥ 0)",
            "wages.csv:5:8: error: column 'basis' has a value that is not allowed (got \"yearly\", expected one of hourly, annual)",
        ]
    );
    assert!(lines[4].ends_with(": 4 error(s), 0 warning(s)"), "{}", lines[4]);
}

#[test]
fn unknown_source_id() {
    let text = validate(&dataset_with_fixture("wages.csv", "unknown_source"));
    assert!(
        text.starts_with(
            "wages.csv:2:20: error: unknown source id (got \"004_missing.txt\", expected an id listed in sources.csv)\n"
        ),
        "{text}"
    );
}

#[test]
fn ragged_row() {
    let text = validate(&dataset_with_fixture("wages.csv", "ragged"));
    assert!(text.starts_with("wages.csv:3: error: the row has the wrong number of fields (got 20 fields, expected 23 fields as in the header (occupation,year,"), "{text}");
}

#[test]
fn unclosed_quote() {
    let text = validate(&dataset_with_fixture("wages.csv", "bad_quote"));
    assert!(text.starts_with("wages.csv:3:5: error: a quote opened in field 5 of this row is not closed"), "{text}");
}

#[test]
fn not_utf8() {
    let text = validate(&dataset_with_fixture("wages.csv", "latin1"));
    assert!(
        text.starts_with("wages.csv:3: error: the file is not valid UTF-8 (column 21 of the line); save it as UTF-8 (got byte 0xE9, expected UTF-8 text)\n"),
        "{text}"
    );
}

#[test]
fn percentiles_out_of_order_and_duplicate_key() {
    let text = validate(&dataset_with_fixture("wages.csv", "order"));
    assert!(text.contains("wages.csv:2:14: error: p10 is above median (got p10 45000, median 30610, expected p10 ≤ p25 ≤ median ≤ p75 ≤ p90"), "{text}");
    assert!(text.contains("wages.csv:3: error: duplicate row: same occupation, year, month, geography, setting, experience, certification, basis, kind, source as line 2"), "{text}");
}

#[test]
fn empty_file() {
    let text = validate(&dataset_with_fixture("wages.csv", "empty"));
    assert!(
        text.starts_with("wages.csv: error: the file is empty (expected a header line naming the columns)\n"),
        "{text}"
    );
}

#[test]
fn missing_required_table_and_misnamed_file() {
    let dir = dataset_with(&[("wage.csv", b"x\n")]);
    std::fs::remove_file(dir.path().join("wages.csv")).unwrap();
    let text = validate(&dir);
    assert!(
        text.contains(
            "wage.csv: warning: file is not a table of the dataset and is ignored; did you mean \"wages.csv\"?"
        ),
        "{text}"
    );
    assert!(
        text.contains("wages.csv: error: the dataset has no wages.csv table (expected a file wages.csv)"),
        "{text}"
    );
}

#[test]
fn projection_contradictions_are_warnings_and_bad_years_errors() {
    let projections = "occupation,base_year,target_year,base_employment,target_employment,change,percent_change,annual_openings,source\n\
        29-2071,2008,2018,172500,207600,35100,25,,003_ad72e794b913f29a.txt\n\
        29-2071,2018,2008,172500,207600,35100,20,,003_ad72e794b913f29a.txt\n";
    let text = validate(&dataset_with(&[("projections.csv", projections.as_bytes())]));
    // 172,500 → 207,600 (to the nearest 100) is +20.29% to +20.41%: a stated 25% (to the unit)
    // is outside, a stated 20% is not.
    assert!(text.contains("projections.csv:2:7: warning: stated percent change +25% is outside what base employment 172,500 and target 207,600 allow (+20.3% to +20.4% with jobs to the nearest 100, percents to the unit) (got +25%, expected +20.3% to +20.4%)"), "{text}");
    assert!(!text.contains("projections.csv:3:7"), "20% agrees within rounding: {text}");
    assert!(text.contains("projections.csv:3:3: error: the target year is not after the base year (got base 2018, target 2008, expected target_year > base_year)"), "{text}");
}

#[test]
fn negative_employment_in_a_projection() {
    let projections = "occupation,base_year,target_year,base_employment,target_employment,source\n29-2071,2008,2018,-172500,207600,003_ad72e794b913f29a.txt\n";
    let text = validate(&dataset_with(&[("projections.csv", projections.as_bytes())]));
    assert!(
        text.contains(
            "projections.csv:2:4: error: column 'base_employment' is negative (got \"-172500\", expected a number ≥ 0)"
        ),
        "{text}"
    );
}

#[test]
fn derived_without_formula() {
    let employment = "occupation,year,employment,status,source,derived,formula\n29-2072,2021,175700,actual,001_9fa8e87a3ecd5550.txt,employment,\n";
    let text = validate(&dataset_with(&[("employment.csv", employment.as_bytes())]));
    assert!(
        text.contains(
            "employment.csv:2:7: error: derived figures need a formula (got derived \"employment\" and no formula"
        ),
        "{text}"
    );
}

#[test]
fn every_command_refuses_bad_data_and_writes_nothing() {
    let dir = dataset_with_fixture("wages.csv", "bad_values");
    let out_dir = tempfile::tempdir().unwrap();
    let report = out_dir.path().join("report.html");
    let out =
        wagescope().args(["report", "outlook", "--data"]).arg(dir.path()).arg("-o").arg(&report).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = stderr_of(&out);
    assert!(stderr.starts_with("error: 4 error(s) in the data; nothing was written\n"), "{stderr}");
    assert!(stderr.contains("wages.csv:2:14: error: column 'median' is not a number"), "{stderr}");
    assert!(!report.exists(), "a report was written from bad data");
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 0, "temp files left behind");
    for command in [&["summarize"][..], &["datasets"]] {
        let out = wagescope().args(command).arg("--data").arg(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{command:?}");
        assert!(stdout_of(&out).is_empty());
        assert!(!stderr_of(&out).contains("panicked"));
    }
}

#[test]
fn a_figure_on_the_wrong_basis_is_a_warning() {
    let wages = std::fs::read_to_string(common::repo().join("datasets/medical-coding/wages.csv")).unwrap();
    let wrong = wages.replace("all,10-19,all,hourly,estimate,,,,,21.33", "all,10-19,all,hourly,estimate,,,,,44366");
    let dir = dataset_with(&[("wages.csv", wrong.as_bytes())]);
    let out = wagescope().args(["validate", "--data"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings do not fail validation");
    let text = stdout_of(&out);
    assert!(
        text.contains("wages.csv:10:14: warning: hourly median looks like an annual figure; check the basis column (got 44366, expected at most $500 an hour)"),
        "{text}"
    );
}
