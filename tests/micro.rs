//! Microdata summaries: hand-computed values on tiny fixtures (tests/fixtures/micro/README.md),
//! suppression, column mapping, bad input.

mod common;

use common::{repo, stderr_of, stdout_of, wagescope};
use serde_json::Value;

fn fixture(name: &str) -> String {
    repo().join("tests/fixtures/micro").join(name).display().to_string()
}

fn summarize(args: &[&str]) -> Value {
    let out = wagescope().arg("summarize").args(args).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn group<'a>(json: &'a Value, key: &str, value: &str) -> &'a Value {
    json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g[key] == value)
        .unwrap_or_else(|| panic!("no group {key}={value}"))
}

#[track_caller]
fn close(value: &Value, expected: f64) {
    let v = value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"));
    assert!((v - expected).abs() < 0.01, "{v} != {expected}");
}

#[test]
fn unweighted_percentiles_interpolate_linearly() {
    let json = summarize(&["--microdata", &fixture("unweighted.csv"), "--by", "setting"]);
    assert_eq!(json["weighted"], false);
    let office = group(&json, "setting", "Office");
    assert_eq!(office["n"], 6);
    for (stat, expected) in [
        ("p10", 20_000.0),
        ("p25", 27_500.0),
        ("median", 40_000.0),
        ("p75", 52_500.0),
        ("p90", 77_500.0),
        ("mean", 45_833.333),
    ] {
        close(&office[stat], expected);
    }
    let total = &json["total"];
    assert_eq!(total["setting"], "all");
    assert_eq!(total["n"], 13);
    for (stat, expected) in [
        ("p10", 16_000.0),
        ("p25", 25_000.0),
        ("median", 40_000.0),
        ("p75", 55_000.0),
        ("p90", 68_000.0),
        ("mean", 42_692.308),
    ] {
        close(&total[stat], expected);
    }
}

#[test]
fn small_groups_are_suppressed_primary_and_secondary() {
    let json = summarize(&["--microdata", &fixture("unweighted.csv"), "--by", "setting"]);
    let clinic = group(&json, "setting", "Clinic");
    assert_eq!(clinic["suppressed"], true);
    assert_eq!(clinic["suppression"], "n < 5");
    assert!(clinic["median"].is_null() && clinic["mean"].is_null() && clinic["weight"].is_null());
    let hospital = group(&json, "setting", "Hospital");
    assert_eq!(hospital["suppressed"], true);
    assert_eq!(hospital["suppression"], "secondary");
    assert_eq!(group(&json, "setting", "Office")["suppressed"], false);
    // A higher threshold suppresses more; the table says why, never shows 0.
    let out = wagescope()
        .args(["summarize", "--microdata", &fixture("unweighted.csv"), "--by", "setting", "--min-n", "6"])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert!(text.contains("| Clinic   |  2 | suppressed (n < 6) |"), "{text}");
    assert!(text.contains("| Hospital |  5 | suppressed (n < 6) |"), "{text}");
}

#[test]
fn certified_spellings_and_experience_bands() {
    let json = summarize(&["--microdata", &fixture("unweighted.csv"), "--by", "certification", "--min-n", "1"]);
    assert_eq!(group(&json, "certification", "certified")["n"], 8);
    assert_eq!(group(&json, "certification", "uncertified")["n"], 5);
    let json = summarize(&["--microdata", &fixture("unweighted.csv"), "--by", "setting,experience", "--min-n", "1"]);
    let hospital: Vec<&str> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["setting"] == "Hospital")
        .map(|g| g["experience"].as_str().unwrap())
        .collect();
    assert_eq!(hospital, ["<1", "1-4", "5-9", "10-19", "20+"], "bands in natural order");
}

#[test]
fn weighted_percentiles_and_dominance() {
    let json = summarize(&["--microdata", &fixture("weighted.csv"), "--by", "setting"]);
    assert_eq!(json["weighted"], true);
    let a = group(&json, "setting", "A");
    close(&a["weight"], 10.0);
    for (stat, expected) in [
        ("p10", 10_000.0),
        ("p25", 20_000.0),
        ("median", 30_000.0),
        ("p75", 40_000.0),
        ("p90", 50_000.0),
        ("mean", 31_000.0),
    ] {
        close(&a[stat], expected);
    }
    assert_eq!(group(&json, "setting", "B")["suppression"], "dominance");
    assert_eq!(group(&json, "setting", "C")["suppression"], "secondary");
    assert!(json["rules"].as_array().unwrap().iter().any(|r| r.as_str().unwrap().starts_with("dominance: ")));
}

#[test]
fn payroll_export_with_its_own_column_names() {
    let by_file = summarize(&[
        "--microdata",
        &fixture("payroll_export.csv"),
        "--map-file",
        &fixture("payroll_map.toml"),
        "--by",
        "setting",
    ]);
    close(&group(&by_file, "setting", "Hospital")["median"], 43_500.0);
    let by_flag = summarize(&[
        "--microdata",
        &fixture("payroll_export.csv"),
        "--map",
        "occupation=Job Code,setting=Department,years_experience=Tenure Years,certified=Credentialed,annual_wage=Base Salary",
        "--by",
        "setting",
    ]);
    assert_eq!(by_file["groups"], by_flag["groups"]);
    // region comes from the map file only
    let by_region = summarize(&[
        "--microdata",
        &fixture("payroll_export.csv"),
        "--map-file",
        &fixture("payroll_map.toml"),
        "--by",
        "region",
        "--min-n",
        "1",
    ]);
    assert_eq!(group(&by_region, "region", "North")["n"], 3);
}

#[test]
fn csv_and_table_outputs() {
    let out = wagescope()
        .args(["summarize", "--microdata", &fixture("unweighted.csv"), "--by", "setting", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        stdout_of(&out),
        "setting,n,weight,mean,p10,p25,median,p75,p90,suppressed,suppression\n\
         Clinic,2,,,,,,,,true,n < 5\n\
         Hospital,5,,,,,,,,true,secondary\n\
         Office,6,6,45833.3333,20000,27500,40000,52500,77500,false,\n\
         all,13,13,42692.3077,16000,25000,40000,55000,68000,false,\n"
    );
}

#[test]
fn bad_rows_are_named_and_fail() {
    let file = fixture("bad_values.csv");
    let out = wagescope().args(["summarize", "--microdata", &file]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = stderr_of(&out).replace(&file, "bad_values.csv");
    let expected = [
        "error: 6 error(s) in the data; nothing was written",
        "bad_values.csv:3:5: error: column 'annual_wage' is not a number (got \"n/a\", expected a wage above 0 and at most $5,000,000 a year (--max-wage; $2,403.85 an hour))",
        "bad_values.csv:4:3: error: column 'years_experience' is negative (got \"-2\", expected a number ≥ 0)",
        "bad_values.csv:5:5: error: column 'annual_wage' is not a number; write numbers without '$' or thousands separators (got \"$45,000\", expected a wage above 0 and at most $5,000,000 a year (--max-wage; $2,403.85 an hour))",
        "bad_values.csv:6:4: error: column 'certified' is not a yes/no value (got \"maybe\", expected true/false, yes/no or 1/0 (lower, UPPER or Title case))",
        "bad_values.csv:7:5: error: column 'annual_wage' is negative (got \"-100\", expected a wage above 0 and at most $5,000,000 a year (--max-wage; $2,403.85 an hour))",
        "bad_values.csv: error: 5 invalid row(s) in all; fix them, or pass --skip-bad-rows to leave them out",
    ];
    assert_eq!(stderr.lines().collect::<Vec<_>>(), expected, "{stderr}");
    assert!(stdout_of(&out).is_empty());
}

#[test]
fn skip_bad_rows_reports_what_it_skipped() {
    let json = summarize(&["--microdata", &fixture("bad_values.csv"), "--skip-bad-rows"]);
    assert_eq!(json["total"]["n"], 5);
    assert_eq!(json["skipped_rows"]["count"], 5);
    assert_eq!(json["skipped_rows"]["first"].as_array().unwrap().len(), 5);
    close(&json["total"]["median"], 45_000.0);
}

#[test]
fn broken_files() {
    for (name, needle) in [
        ("ragged.csv", ":3: error: the row has the wrong number of fields (got 4 fields, expected 5 fields"),
        ("latin1.csv", ":3: error: the file is not valid UTF-8"),
        ("empty.csv", ": error: the file is empty"),
        (
            "missing_columns.csv",
            ":1: error: missing a wage column (is salary the wage? map it with --map annual_wage=salary, or --map wage=salary --wage-unit hour|week|month) (got columns occupation, dept, years, certified, salary, expected one of annual_wage, monthly_wage, weekly_wage, hourly_wage, or wage with --wage-unit",
        ),
    ] {
        let out = wagescope().args(["summarize", "--microdata", &fixture(name)]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr = stderr_of(&out);
        assert!(stderr.contains(needle), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}");
    }
}

#[test]
fn mapping_errors_are_usage_errors() {
    let out = wagescope()
        .args(["summarize", "--microdata", &fixture("payroll_export.csv"), "--map", "annual_wage=Salary"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--map annual_wage=Salary: "), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("has no column \"Salary\"; did you mean \"Base Salary\"?"), "{}", stderr_of(&out));
    let out = wagescope()
        .args(["summarize", "--microdata", &fixture("payroll_export.csv"), "--map", "salary=Base Salary"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("unknown canonical column \"salary\""), "{}", stderr_of(&out));
}

#[test]
fn sample_is_deterministic_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = ["a.csv", "b.csv", "c.parquet"].iter().map(|n| dir.path().join(n)).collect();
    for path in &paths {
        let out = wagescope().args(["sample", "--rows", "3000", "--seed", "11", "-o"]).arg(path).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert!(stdout_of(&out).contains("SYNTHETIC"));
    }
    assert_eq!(std::fs::read(&paths[0]).unwrap(), std::fs::read(&paths[1]).unwrap());
    let csv = summarize(&["--microdata", &paths[0].display().to_string(), "--by", "setting,certification"]);
    let parquet = summarize(&["--microdata", &paths[2].display().to_string(), "--by", "setting,certification"]);
    assert_eq!(csv["groups"], parquet["groups"], "CSV and Parquet give the same figures");
    assert_eq!(csv["total"]["n"], 3000);
}

#[test]
fn microdata_conventions() {
    // No year column: constant dollars cannot be computed.
    let out = wagescope()
        .args(["summarize", "--microdata", &fixture("unweighted.csv"), "--dollars", "2024"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("has no year column"), "{}", stderr_of(&out));
    // Hourly: every statistic ÷ 2,080 (Office median 40,000 → 19.230769).
    let json = summarize(&["--microdata", &fixture("unweighted.csv"), "--by", "setting", "--basis", "hourly"]);
    close(&group(&json, "setting", "Office")["median"], 40_000.0 / 2080.0);
    assert_eq!(json["conventions"]["basis"], "hourly");
}

#[test]
fn microdata_constant_dollars_use_each_rows_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("years.csv");
    std::fs::write(
        &path,
        "occupation,setting,years_experience,certified,annual_wage,year\n\
         29-2072,H,1,yes,10000,2008\n29-2072,H,1,yes,10000,2008\n29-2072,H,1,yes,10000,2008\n\
         29-2072,H,1,yes,10000,2024\n29-2072,H,1,yes,10000,2024\n",
    )
    .unwrap();
    let json = summarize(&["--microdata", &path.display().to_string(), "--dollars", "2024"]);
    // Three rows × 1.456969 and two × 1: median 14,569.65, mean (3 × 14,569.65 + 2 × 10,000) / 5.
    close(&json["total"]["median"], 14_569.65);
    close(&json["total"]["mean"], (3.0 * 14_569.65 + 20_000.0) / 5.0);
}

#[test]
fn certification_premium_raw_and_within_cells() {
    let json = summarize(&["--microdata", &fixture("unweighted.csv"), "--by", "certification", "--min-n", "1"]);
    // Certified: 10 15 25 30 35 50 60 100 → median 32,500; uncertified: 20 40 45 55 70 → 45,000.
    let raw = &json["premiums"][0];
    assert_eq!(raw["group"], "certified");
    assert_eq!(raw["reference"], "uncertified");
    close(&raw["group_value"], 32_500.0);
    close(&raw["reference_value"], 45_000.0);
    close(&raw["premium_percent"], (32_500.0 / 45_000.0 - 1.0) * 100.0);
    // Within cells (min-n 1): Office 1-4: median(15,25,35,100) = 30,000 vs median(45,55) = 50,000 → −40%, weight 6;
    // Clinic 1-4: 60,000 vs 70,000 → −14.2857%, weight 2; Hospital's five cells each have one group only.
    let within = &json["certification_within_cells"];
    close(&within["premium_percent"], (-40.0 * 6.0 + (60.0 / 70.0 - 1.0) * 100.0 * 2.0) / 8.0);
    assert_eq!(within["cells_used"], 2);
    assert_eq!(within["cells_total"], 7);
    close(&within["weight_share"], 8.0 / 13.0);
}

#[test]
fn experience_and_setting_premiums() {
    let json = summarize(&["--microdata", &fixture("unweighted.csv"), "--by", "setting", "--min-n", "1"]);
    let office = json["premiums"].as_array().unwrap().iter().find(|p| p["group"] == "Office").unwrap();
    assert_eq!(office["reference"], "all");
    close(&office["premium_percent"], (40_000.0 / 40_000.0 - 1.0) * 100.0);
    let json = summarize(&["--microdata", &fixture("unweighted.csv"), "--by", "experience", "--min-n", "1"]);
    // Entry band <1 has one row (10,000); 20+ has one row (50,000) → +400%.
    let top = json["premiums"].as_array().unwrap().iter().find(|p| p["group"] == "20+").unwrap();
    assert_eq!(top["reference"], "<1");
    close(&top["premium_percent"], 400.0);
}
