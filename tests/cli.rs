//! Every command on the embedded data: exit codes, and the figures users see.

mod common;

use common::{stderr_of, stdout_of, wagescope};
use serde_json::Value;

#[test]
fn datasets_lists_tables_occupations_and_sources() {
    let out = wagescope().arg("datasets").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.starts_with("Dataset: datasets/medical-coding (embedded)\n"), "{text}");
    for needle in [
        "| wages.csv           | 13   |",
        "| 29-2072 | 2018 | Medical Records Specialists",
        "000_c3e7182c3828e46c.txt",
        "003_ad72e794b913f29a.txt",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn datasets_json_counts_rows() {
    let out = wagescope().args(["datasets", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows: Vec<(String, u64)> = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["table"].as_str().unwrap().to_string(), t["rows"].as_u64().unwrap()))
        .collect();
    assert!(rows.contains(&("wages.csv".into(), 13)), "{rows:?}");
    assert!(rows.contains(&("projections.csv".into(), 3)), "{rows:?}");
    assert!(rows.contains(&("cpi-u.csv".into(), 26)), "{rows:?}");
    assert_eq!(json["sources"].as_array().unwrap().len(), 6);
    assert_eq!(json["occupations"][1]["successor"], "29-2072");
}

#[test]
fn schema_docs_in_datasets_readme_match_the_code() {
    let out = wagescope().args(["datasets", "--schema"]).output().unwrap();
    assert!(out.status.success());
    let schema = stdout_of(&out);
    let readme = std::fs::read_to_string(common::repo().join("datasets/README.md")).unwrap();
    assert!(
        readme.contains(&schema),
        "datasets/README.md is out of date: paste the output of `wagescope datasets --schema` between its markers"
    );
}

#[test]
fn validate_embedded_is_clean_but_flags_the_hourly_annual_contradiction() {
    let out = wagescope().arg("validate").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "datasets/medical-coding/wages.csv:8:14: warning: hourly median $18.06 × 2,080 h = $37,565 does not match the \
         annual median $41,545 on line 9 (-9.6%), not even with hourly pay to the cent, annual pay to the dollar; the \
         source contradicts itself, or uses other hours (got annual $41,545, expected $37,554 to $37,575)\n\
         datasets/medical-coding (embedded): 0 error(s), 1 warning(s)\n"
    );
}

#[test]
fn validate_json_lists_the_warning_with_its_place() {
    let out = wagescope().args(["validate", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 1);
    let issue = &json["issues"][0];
    assert_eq!(issue["severity"], "warning");
    assert_eq!(issue["file"], "datasets/medical-coding/wages.csv");
    assert_eq!(issue["line"], 8);
}

#[test]
fn other_hours_per_year_change_the_check() {
    // At 2,300 h, $18.06/h = $41,538: within 1% of $41,545, so no warning.
    let out = wagescope().args(["validate", "--hours-per-year", "2300"]).output().unwrap();
    assert!(out.status.success());
    assert!(stdout_of(&out).ends_with("0 error(s), 0 warning(s)\n"), "{}", stdout_of(&out));
}

#[test]
fn summarize_by_setting_json_has_each_figure_with_source_and_year() {
    let out = wagescope().args(["summarize", "--by", "setting", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["by"], "setting");
    let groups = json["groups"].as_array().unwrap();
    let federal = groups.iter().find(|g| g["setting"] == "Federal executive branch").expect("federal row");
    assert_eq!(federal["median"], 42760.0);
    assert_eq!(federal["year"], 2008);
    assert_eq!(federal["basis"], "annual");
    assert_eq!(federal["source"], "003_ad72e794b913f29a.txt");
    // Within 2008: "all" first, then settings by median, highest first.
    let order: Vec<&str> =
        groups.iter().filter(|g| g["year"] == 2008).map(|g| g["setting"].as_str().unwrap()).collect();
    assert_eq!(
        order,
        [
            "all",
            "Federal executive branch",
            "General medical and surgical hospitals",
            "Nursing care facilities",
            "Outpatient care centers",
            "Offices of physicians"
        ]
    );
    // Experience rows are not part of a by-setting breakdown.
    assert!(groups.iter().all(|g| g["experience"] == "all"));
}

#[test]
fn summarize_by_experience_csv() {
    let out = wagescope().args(["summarize", "--by", "experience", "--format", "csv"]).output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "occupation,year,month,geography,setting,experience,certification,basis,kind,employment,mean,p10,p25,median,p75,p90,\
         range_min,range_max,sample_size,source,derived,formula,notes,area_type,state,location_quotient,jobs_per_1000"
    );
    let bands: Vec<String> = text
        .lines()
        .skip(1)
        .filter(|l| l.contains(",hourly,"))
        .map(|l| l.split(',').nth(5).unwrap().to_string())
        .collect();
    assert_eq!(bands, ["all", "10-19", "20+"]);
    assert!(
        text.contains("29-2072,2019,9,US,all,10-19,all,hourly,estimate,,,,,21.33,,,,,,000_c3e7182c3828e46c.txt"),
        "{text}"
    );
}

#[test]
fn summarize_by_certification_shows_the_premium_with_its_base() {
    let out = wagescope().args(["summarize", "--by", "certification"]).output().unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert!(
        text.contains(
            "certified vs uncertified: ×1.27 (+27%; statistic not stated; base: those without certification) — SOC 29-2072, \
             year not stated, source 001_9fa8e87a3ecd5550.txt"
        ),
        "{text}"
    );
}

#[test]
fn summarize_without_by_lists_every_wage_figure() {
    let out = wagescope().args(["summarize", "--format", "json"]).output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["groups"].as_array().unwrap().len(), 13);
    assert_eq!(json["occupations"], serde_json::json!(["29-2072", "29-2071"]));
}

#[test]
fn unknown_occupation_is_a_usage_error_with_a_suggestion() {
    let out = wagescope().args(["summarize", "--occupation", "29-2073"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr_of(&out),
        "error: --occupation \"29-2073\" matches no code or title; did you mean \"29-2071\"? (known: 29-2072 Medical Records Specialists; 29-2071 Medical Records and Health Information Technicians)\n"
    );
}

#[test]
fn bad_flag_value_is_a_usage_error() {
    let out = wagescope().args(["summarize", "--by", "sector"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("invalid value 'sector' for '--by <DIM[,DIM…]>'"));
    let out = wagescope().args(["validate", "--hours-per-year", "-5"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_data_directory_is_reported() {
    let out = wagescope().args(["validate", "--data", "/nonexistent/wagescope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr_of(&out), "error: cannot read /nonexistent/wagescope: No such file or directory (os error 2)\n");
}

#[test]
fn data_dir_with_the_same_layout_is_read() {
    let dir = common::dataset_with(&[]);
    let out = wagescope().args(["datasets", "--data"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).starts_with(&format!("Dataset: {}\n", dir.path().display())));
}

#[test]
fn help_documents_every_command_and_exit_codes() {
    let out = wagescope().arg("--help").output().unwrap();
    let text = stdout_of(&out);
    for needle in
        ["datasets", "validate", "summarize", "report", "--data <DIR>", "--hours-per-year", "Exit codes: 0 success"]
    {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn constant_dollars_restate_every_figure_with_its_factor() {
    let out =
        wagescope().args(["summarize", "--by", "setting", "--dollars", "2024", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let all_2008 =
        json["groups"].as_array().unwrap().iter().find(|g| g["year"] == 2008 && g["setting"] == "all").unwrap();
    // CPI-U 2024 / 2008 = 313.689 / 215.303 = 1.456965; $30,610 → $44,597.71.
    let factor = all_2008["factor"].as_f64().unwrap();
    assert!((factor - 1.456_965).abs() < 1e-6, "{factor}");
    assert!((all_2008["median"].as_f64().unwrap() - 44_597.71).abs() < 0.01);
    assert_eq!(json["conventions"]["dollars"], 2024);
    let table = stdout_of(&wagescope().args(["summarize", "--by", "setting", "--dollars", "2024"]).output().unwrap());
    assert!(
        table.contains("| all                                    | 29-2071 | 2008    | annual | estimate | $44,598 |"),
        "{table}"
    );
    assert!(table.contains("×1.4570"), "{table}");
    assert!(table.contains("Conventions: Hourly ↔ annual at 2,080 paid hours a year."), "{table}");
}

#[test]
fn basis_and_aging_conversions() {
    let out = wagescope().args(["summarize", "--basis", "hourly", "--format", "json"]).output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups = json["groups"].as_array().unwrap();
    assert!(groups.iter().all(|g| g["basis"] == "hourly"));
    // $41,545 a year / 2,080 h = $19.973557 an hour.
    let annual = groups
        .iter()
        .find(|g| g["source"] == "000_c3e7182c3828e46c.txt" && g["factor"].as_f64().unwrap() < 1.0)
        .unwrap();
    assert!((annual["median"].as_f64().unwrap() - 19.973_557).abs() < 1e-5);
    // Aging 2019-09 → 2025-03-01 at 3%: × 1.03^5.5 = 1.176535.
    let out = wagescope()
        .args(["summarize", "--by", "experience", "--effective-date", "2025-03-01", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let band = json["groups"].as_array().unwrap().iter().find(|g| g["experience"] == "10-19").unwrap();
    assert!((band["median"].as_f64().unwrap() - 21.33 * 1.03_f64.powf(5.5)).abs() < 1e-9);
    assert_eq!(json["conventions"]["aging_rate"], 0.03);
}

#[test]
fn convention_flags_are_checked() {
    for args in [
        &["summarize", "--dollars", "2030"][..],
        &["summarize", "--effective-date", "2025-13-01"],
        &["summarize", "--effective-date", "2025-01-01", "--dollars", "2024"],
        &["summarize", "--aging-rate", "3"],
        &["summarize", "--by", "setting,experience"],
    ] {
        let out = wagescope().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
    }
    let out = wagescope().args(["summarize", "--dollars", "2030"]).output().unwrap();
    assert_eq!(
        stderr_of(&out),
        "error: --dollars 2030: the CPI-U series has no value for 2030 (it covers 2000–2025)\n"
    );
}

#[test]
fn published_experience_premiums_state_their_base() {
    let out = wagescope().args(["summarize", "--by", "experience", "--format", "json"]).output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let premiums = json["premiums"].as_array().unwrap();
    // $21.33 / $18.06 − 1 = +18.106%; $22.97 / $18.06 − 1 = +27.187%.
    let p = |band: &str| premiums.iter().find(|p| p["group"] == band).unwrap()["premium_percent"].as_f64().unwrap();
    assert!((p("10-19") - 18.106).abs() < 1e-3);
    assert!((p("20+") - 27.187).abs() < 1e-3);
    let text = stdout_of(&wagescope().args(["summarize", "--by", "experience"]).output().unwrap());
    assert!(text.contains("  10-19 vs all: +18.1% ($21.33 vs $18.06; base: the all-experience median of the same source (000_c3e7182c3828e46c.txt), year (2019), geography and basis)"), "{text}");
}
