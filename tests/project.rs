//! `wagescope project` on the embedded vintages, against hand-computed values.

mod common;

use common::{stderr_of, stdout_of, wagescope};
use serde_json::Value;

fn project(args: &[&str]) -> Value {
    let out = wagescope().arg("project").args(args).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn three_vintages_worked_out() {
    let json = project(&[]);
    let v = json["vintages"].as_array().unwrap();
    assert_eq!(v.len(), 3);
    // 2008–2018: 172,500 → 207,600, +35,100, rate (207,600/172,500)^(1/10) − 1 = 1.8690%/yr.
    assert_eq!((v[0]["base_year"].as_i64(), v[0]["target_year"].as_i64()), (Some(2008), Some(2018)));
    assert!((v[0]["annual_rate_percent"].as_f64().unwrap() - 1.8690).abs() < 5e-4);
    assert_eq!(v[0]["change"], 35100.0);
    assert_eq!(v[0]["phrase"], "much faster than average");
    assert_eq!(v[0]["openings"]["per_year"], 3510.0);
    assert_eq!(v[0]["openings"]["basis"], "growth only (no separation rates in the data)");
    // 2019–2029: +8% only: rate 1.08^(1/10) − 1 = 0.7726%; no levels, no openings; the Handbook's
    // 2019–29 wording (shipped, issue 20): 8% or more is "much faster than the average", and all
    // occupations grew 3.7%.
    assert!((v[1]["annual_rate_percent"].as_f64().unwrap() - 0.7726).abs() < 5e-4);
    assert!(v[1]["base_employment"].is_null() && v[1]["openings"]["per_year"].is_null());
    assert_eq!(v[1]["phrase"], "much faster than the average for all occupations");
    assert_eq!(v[1]["phrase_source"], "ooh-2020-21-key-phrases");
    assert_eq!(
        (v[1]["all_occupations_percent"].as_f64(), &v[1]["all_occupations_source"]),
        (Some(3.7), &serde_json::json!("bls-ep-2019-29-release"))
    );
    // 2021–2031: no known Handbook wording: none, and the note says so.
    assert!(v[2]["phrase"].is_null());
    assert_eq!(
        v[2]["phrase_note"],
        "the Handbook's wording for the 2021–2031 projections is not known to wagescope, so the change is not put in its words"
    );
    // 2021–2031: implied base 12,300 / 0.07 ≈ 175,700, derived and marked.
    assert_eq!(v[2]["base_employment"], 175700.0);
    assert_eq!(v[2]["derived"], "base_employment;target_employment");
    assert_eq!(v[2]["openings"]["per_year"], 1230.0);
}

#[test]
fn employment_at_a_year_with_scenarios() {
    let json = project(&["--to-year", "2030", "--scenario", "all"]);
    let at = &json["vintages"][2]["at_year"];
    // Along the levels 175,700 → 188,000 (+7.0006%): 175,700 × (188,000/175,700)^(9/10) = 186,731.7;
    // low/high at 5.0006% and 9.0006% over ten years.
    let pct: f64 = 188_000.0 / 175_700.0 - 1.0;
    let expected = [
        ("low", 175_700.0 * (1.0 + pct - 0.02).powf(0.9)),
        ("base", 175_700.0 * (1.0 + pct).powf(0.9)),
        ("high", 175_700.0 * (1.0 + pct + 0.02).powf(0.9)),
    ];
    for (name, value) in expected {
        assert!((at[name].as_f64().unwrap() - value).abs() < 1e-6, "{name}");
    }
    assert_eq!(at["extrapolated"], false);
    // 2033 is two years past the 2021–2031 window: extrapolated and marked.
    let json = project(&["--to-year", "2033"]);
    let at = &json["vintages"][2]["at_year"];
    assert_eq!(at["extrapolated"], true);
    assert!((at["base"].as_f64().unwrap() - 175_700.0 * (188_000.0_f64 / 175_700.0).powf(1.2)).abs() < 1e-6);
    let text = stdout_of(&wagescope().args(["project", "--to-year", "2033"]).output().unwrap());
    assert!(text.contains("| 2033 (base) |"), "{text}");
    assert!(
        text.contains(&format!(
            "{}*",
            wagescope::format::thousands(175_700.0 * (188_000.0_f64 / 175_700.0).powf(1.2), 0)
        )),
        "{text}"
    );
}

#[test]
fn a_year_far_from_every_window_is_a_usage_error() {
    let out = wagescope().args(["project", "--to-year", "2100"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr_of(&out),
        "error: --to-year 2100 is more than 10 years outside every projection window (2008–2018, 2019–2029, 2021–2031)\n"
    );
    let out = wagescope().args(["project", "--margin-pp", "-1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn csv_output() {
    let text = stdout_of(&wagescope().args(["project", "--format", "csv", "--to-year", "2025"]).output().unwrap());
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "occupation,base_year,target_year,base_employment,target_employment,change,percent_change,annual_rate_percent,phrase,openings_per_year,openings_basis,openings_growth,openings_exits,openings_transfers,all_occupations_percent,year,low,base,high,extrapolated,source"
    );
    assert!(lines.next().unwrap().starts_with("29-2071,2008,2018,172500,207600,35100,20,1.8694,much faster than average,3510,growth only (no separation rates in the data),3510,,,,2025,"));
}

#[test]
fn a_trend_is_fitted_per_code_and_never_across_a_code_change() {
    let employment = "occupation,year,employment,status,source\n\
        29-2071,2008,172500,actual,003_ad72e794b913f29a.txt\n\
        29-2071,2012,180000,actual,003_ad72e794b913f29a.txt\n\
        29-2072,2021,175000,actual,001_9fa8e87a3ecd5550.txt\n\
        29-2072,2022,180000,actual,001_9fa8e87a3ecd5550.txt\n\
        29-2072,2023,183000,actual,001_9fa8e87a3ecd5550.txt\n";
    let dir = common::dataset_with(&[("employment.csv", employment.as_bytes())]);
    let out = wagescope()
        .args(["project", "--to-year", "2026", "--format", "json", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let trends = json["trends"].as_array().unwrap();
    assert_eq!(trends.len(), 1, "29-2071 has two points and 29-2072 three: one trend, never joined");
    let t = &trends[0];
    assert_eq!(t["occupation"], "29-2072");
    // By hand: x̄ = 2022, Sxx = 2, slope = (ln 183,000 − ln 175,000) / 2; prediction at 2026 = ȳ + 4·slope.
    let ys = [175_000.0_f64.ln(), 180_000.0_f64.ln(), 183_000.0_f64.ln()];
    let slope = (ys[2] - ys[0]) / 2.0;
    let estimate = ((ys[0] + ys[1] + ys[2]) / 3.0 + 4.0 * slope).exp();
    assert!((t["estimate"].as_f64().unwrap() - estimate).abs() < 1e-6);
    assert!((t["growth_percent_per_year"].as_f64().unwrap() - (slope.exp() - 1.0) * 100.0).abs() < 1e-9);
    assert!(t["low"].as_f64().unwrap() < estimate && estimate < t["high"].as_f64().unwrap());
    assert_eq!(t["level"], 0.9);
}
