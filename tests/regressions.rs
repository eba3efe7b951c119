//! Regressions found by the review of the first session's change; each test names the defect.

mod common;

use common::{dataset_with, stderr_of, stdout_of, wagescope};
use serde_json::Value;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const HEADER: &str = "occupation,setting,years_experience,certified,annual_wage";

#[test]
fn nan_and_infinite_numbers_are_invalid_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "nan.csv",
        &format!("{HEADER}\n29-2072,H,3,yes,40000\n29-2072,H,3,yes,NaN\n29-2072,H,inf,yes,41000\n"),
    );
    let out = wagescope().args(["summarize", "--microdata", &file]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = stderr_of(&out);
    assert!(stderr.contains(":3:5: error: column 'annual_wage' is not a number (got \"NaN\""), "{stderr}");
    assert!(stderr.contains(":4:3: error: column 'years_experience' is not a number (got \"inf\""), "{stderr}");
}

/// The years are checked in the summary's one read (issue 22, item 1): a year without CPI-U is
/// still the usage error it was, with or without --skip-bad-rows, and so is a missing year.
#[test]
fn constant_dollars_need_a_cpi_for_every_year_in_one_read() {
    let dir = tempfile::tempdir().unwrap();
    // A file of two rows with these years, summarized with --dollars 2024 and `extra`.
    let run = |name: &str, [first, second]: [&str; 2], extra: &[&str]| {
        let file = write(
            &dir,
            name,
            &format!("{HEADER},year\n29-2072,H,3,yes,40000,{first}\n29-2072,O,3,yes,41000,{second}\n"),
        );
        let mut args = vec!["summarize", "--microdata", &file, "--dollars", "2024"];
        args.extend(extra);
        let out = wagescope().args(&args).output().unwrap();
        (out.status.code(), stdout_of(&out), stderr_of(&out))
    };
    for extra in [&["--min-n", "1"][..], &["--min-n", "1", "--skip-bad-rows"]] {
        let (code, _, stderr) = run("yr.csv", ["2020", "1990"], extra);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("has years 1990–2020, but the CPI-U series covers 2000–2025"), "{stderr}");
    }
    let (code, _, stderr) = run("no.csv", ["2020", ""], &["--min-n", "1", "--skip-bad-rows"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("1 row(s) have no year"), "{stderr}");
    assert!(stderr.contains("no.csv:3:6: error: column 'year' is empty (got an empty cell"), "{stderr}");
    // Each row without a year is named at its line and column, with its value.
    let (code, _, stderr) = run("words.csv", ["2020", "abc"], &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("words.csv:3:6: error: column 'year' is not a year (got \"abc\", expected a year: --dollars and --effective-date need the year of every row)"),
        "{stderr}"
    );
    // Every year known: the figures are restated, nothing is invalid.
    let (code, stdout, stderr) = run("ok.csv", ["2024", "2024"], &["--min-n", "1", "--format", "csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("2,2,40500,"), "{stdout}");
}

#[test]
fn constant_dollars_need_every_rows_year() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "yr.csv", &format!("{HEADER},year\n29-2072,H,3,yes,40000,2020\n29-2072,O,3,yes,41000,\n"));
    let out =
        wagescope().args(["summarize", "--microdata", &file, "--dollars", "2024", "--min-n", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("1 row(s) have no year, and --dollars / --effective-date need the year of every row"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_single_suppressed_histogram_bin_is_protected() {
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("h.csv");
    assert!(
        wagescope()
            .args(["sample", "--rows", "400", "--seed", "1", "-o"])
            .arg(&sample)
            .output()
            .unwrap()
            .status
            .success()
    );
    let report = dir.path().join("r.html");
    let out =
        wagescope().args(["report", "outlook", "-o"]).arg(&report).arg("--microdata").arg(&sample).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let html = std::fs::read_to_string(&report).unwrap();
    let start = html.find("Distribution of annual pay (the numbers behind the chart)").unwrap();
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    assert_ne!(table.matches(">suppressed<").count(), 1, "one hidden bin could be derived from the total");
}

#[test]
fn reconciliation_is_national_and_skips_years_without_cpi() {
    let wages = std::fs::read_to_string(common::repo().join("datasets/medical-coding/wages.csv")).unwrap();
    let extra = "29-2072,2026,,US,all,all,all,annual,estimate,,50000,,,,,,,,,001_9fa8e87a3ecd5550.txt,,,\n\
                 29-2071,2008,,California,all,all,all,annual,estimate,,,,,45000,,,,,,003_ad72e794b913f29a.txt,,,\n";
    let dir = dataset_with(&[("wages.csv", format!("{wages}{extra}").as_bytes())]);
    let out_dir = tempfile::tempdir().unwrap();
    let report = out_dir.path().join("r.html");
    let out =
        wagescope().args(["report", "outlook", "-o"]).arg(&report).arg("--data").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "a 2026 figure must not stop the report: {}", stderr_of(&out));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("Left out of the comparison:"));
    assert!(html.contains("001_9fa8e87a3ecd5550.txt (2026): no CPI-U value for 2026"));
    // Areas other than the nation are counted in one line, not listed figure by figure (issue 12).
    assert!(html.contains("figures for 1 area other than the nation (California) are not compared"));
    assert!(!html.contains("geography California"));
    // Premiums use the US all-settings figure, not California's.
    let out = wagescope().args(["summarize", "--by", "setting", "--data"]).arg(dir.path()).output().unwrap();
    assert!(stdout_of(&out).contains("Federal executive branch vs all: +39.7%"), "{}", stdout_of(&out));
    assert!(
        stdout_of(&out).contains("| geography |") || stdout_of(&out).contains(" geography "),
        "geography column when figures span several"
    );
}

#[test]
fn trailing_blank_lines_and_crlf_keep_datasets_valid_and_lines_right() {
    let wages = std::fs::read_to_string(common::repo().join("datasets/medical-coding/wages.csv")).unwrap();
    let dir = dataset_with(&[("wages.csv", format!("{wages}\n\n").as_bytes())]);
    let out = wagescope().args(["validate", "--data"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stdout_of(&out));
    let crlf = wages.replace('\n', "\r\n");
    let dir = dataset_with(&[("wages.csv", crlf.as_bytes())]);
    let out = wagescope().args(["validate", "--data"]).arg(dir.path()).output().unwrap();
    assert!(stdout_of(&out).contains("wages.csv:8:14: warning: hourly median $18.06"), "{}", stdout_of(&out));
}

#[test]
fn microdata_line_numbers_after_a_multi_line_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "nl.csv", &format!("{HEADER}\n29-2072,\"Hos\npital\",3,yes,100\n29-2072,H,3,yes,oops\n\n"));
    let out = wagescope().args(["summarize", "--microdata", &file, "--min-n", "1"]).output().unwrap();
    assert!(stderr_of(&out).contains("nl.csv:4:5: error: column 'annual_wage' is not a number"), "{}", stderr_of(&out));
}

#[test]
fn impossible_dates_and_empty_files() {
    let out = wagescope().args(["summarize", "--effective-date", "2025-02-30"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = wagescope().args(["summarize", "--effective-date", "2024-02-29", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["conventions"]["effective_date"], serde_json::json!([2024, 2, 29]));
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "header_only.csv", &format!("{HEADER}\n"));
    let out = wagescope().args(["summarize", "--microdata", &file]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("error: the file has no data rows"), "{}", stderr_of(&out));
}
