//! `wagescope benchmark` and `report benchmark`: hand-computed markets, ranges, offers, fallback
//! paths, composites, aging and rosters on tests/fixtures/bench (see its README), and bad input.

mod common;

use common::{repo, stderr_of, stdout_of, wagescope};
use serde_json::Value;

fn fixture(name: &str) -> String {
    repo().join("tests/fixtures/bench").join(name).display().to_string()
}

fn bench(args: &[&str]) -> Value {
    let out = wagescope().arg("benchmark").args(args).args(["--format", "json"]).output().expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_str(&stdout_of(&out)).expect("json")
}

fn close(value: &Value, expected: f64) {
    let v = value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"));
    assert!((v - expected).abs() < 1e-6 * expected.abs().max(1.0), "got {v}, expected {expected}");
}

fn market() -> String {
    fixture("market.csv")
}

#[test]
fn market_range_and_offer_from_microdata() {
    let json = bench(&[
        "--microdata",
        &market(),
        "--setting",
        "hospital",
        "--experience",
        "6",
        "--certified",
        "--offer",
        "65000",
    ]);
    let m = &json["market"];
    assert_eq!(m["method"], "microdata");
    assert_eq!(m["cut"], "setting Hospital · 5-9 years · certified");
    assert_eq!(m["n"], 10);
    close(&m["weight"], 10.0);
    for (name, v) in [("p10", 40_000.0), ("p25", 50_000.0), ("median", 60_000.0), ("p75", 75_000.0), ("p90", 80_000.0)]
    {
        close(&m[name], v);
    }
    // mid 60,000 (p50), s 0.40: min = 60,000 × 2 / 2.4 = 50,000, max = 50,000 × 1.4 = 70,000.
    close(&json["range"]["min"], 50_000.0);
    close(&json["range"]["mid"], 60_000.0);
    close(&json["range"]["max"], 70_000.0);
    let o = &json["offer"];
    // 65,000 lies between the median (60,000) and p75 (75,000): 50 + 25 × 5/15 = 58.33.
    assert_eq!(o["position"]["kind"], "at");
    close(&o["position"]["percentile"], 50.0 + 25.0 / 3.0);
    assert_eq!(o["position_text"], "at the 58th percentile");
    close(&o["compa_ratio"], 65_000.0 / 60_000.0);
    close(&o["penetration"], 0.75);
    assert!(o["verdict"].as_str().expect("verdict").contains("competitive"), "{}", o["verdict"]);
}

#[test]
fn policy_spread_and_rounding() {
    // p40 = 50,000 + 10,000 × 15/25 = 56,000; s 0.5: min = 56,000 × 2 / 2.5 = 44,800 → 45,000
    // (nearest 1,000), max = 44,800 × 1.5 = 67,200 → 67,000.
    let json = bench(&[
        "--microdata",
        &market(),
        "--setting",
        "Hospital",
        "--policy",
        "p40",
        "--spread",
        "0.5",
        "--round",
        "1000",
    ]);
    close(&json["range"]["mid"], 56_000.0);
    close(&json["range"]["min"], 45_000.0);
    close(&json["range"]["max"], 67_000.0);
    assert_eq!(json["policy_percentile"], 40.0);
}

#[test]
fn offers_below_and_above_the_market_are_not_extrapolated() {
    let below = bench(&["--microdata", &market(), "--setting", "Hospital", "--offer", "39000"]);
    assert_eq!(below["offer"]["position_text"], "below the 10th percentile");
    assert!(below["offer"]["verdict"].as_str().expect("verdict").contains("below the range minimum"));
    let above = bench(&["--microdata", &market(), "--setting", "Hospital", "--offer", "90000"]);
    assert_eq!(above["offer"]["position_text"], "above the 90th percentile");
    close(&above["offer"]["position"]["percentile"], 90.0);
}

#[test]
fn fallback_path_drops_region_then_experience_then_certification_then_setting() {
    let json = bench(&[
        "--microdata",
        &market(),
        "--setting",
        "Hospital",
        "--experience",
        "6",
        "--certified",
        "--region",
        "West",
    ]);
    let steps = json["market"]["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["cut"], "setting Hospital · 5-9 years · certified · region West");
    assert_eq!(steps[0]["n"], 3);
    assert_eq!(steps[0]["outcome"], "n < 5");
    assert_eq!(steps[1]["dropped"], "region");
    assert_eq!(steps[1]["n"], 10);
    assert_eq!(steps[1]["outcome"], "used");

    let json = bench(&["--microdata", &market(), "--setting", "Clinic", "--experience", "2", "--not-certified"]);
    let path: Vec<(String, u64)> = json["market"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| (s["dropped"].as_str().unwrap_or("-").to_string(), s["n"].as_u64().expect("n")))
        .collect();
    let expected = [("-", 2), ("experience", 2), ("certification", 2), ("setting", 12)];
    assert_eq!(path, expected.map(|(d, n)| (d.to_string(), n)));
    // All 12 rows: p10 = 2nd value (1.2 of 12) 32,000; median = 6th 55,000; p90 = 11th 80,000.
    close(&json["market"]["p10"], 32_000.0);
    close(&json["market"]["median"], 55_000.0);
    close(&json["market"]["p90"], 80_000.0);

    // No rows at all for 20+ years: say so, then drop experience.
    let json = bench(&["--microdata", &market(), "--setting", "Hospital", "--experience", "25"]);
    assert_eq!(json["market"]["steps"][0]["outcome"], "no rows");
    assert_eq!(json["market"]["cut"], "setting Hospital");
}

#[test]
fn an_empty_cut_after_every_fallback_is_an_error() {
    let out = wagescope()
        .args(["benchmark", "--microdata", &market(), "--setting", "Clinic", "--min-n", "50"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("no market for setting Clinic"), "{err}");
    assert!(err.contains("setting Clinic (n = 2: n < 50) → all jobs in the data (n = 12: n < 50)"), "{err}");
}

#[test]
fn modeled_composite_from_published_figures() {
    let json = bench(&["--setting", "hospitals", "--experience", "12", "--certified"]);
    let m = &json["market"];
    assert_eq!(m["method"], "modeled composite");
    assert_eq!(m["base"]["source"], "003_ad72e794b913f29a.txt");
    assert_eq!(m["base"]["year"], 2008);
    let factors: Vec<f64> =
        m["adjustments"].as_array().expect("adjustments").iter().map(|a| a["factor"].as_f64().expect("f")).collect();
    // Published figures are restated in constant dollars of the newest CPI year by default:
    // 2008 → 2025 is 321.943 ÷ 215.303. Setting: 32,600 ÷ 30,610 (2008); experience 10-19:
    // $21.33 ÷ $18.06 (2019); certification: 1.27 ÷ (1 + 0.27 × 0.5), half the base assumed certified.
    let expected = [321.943 / 215.303, 32_600.0 / 30_610.0, 21.33 / 18.06, 1.27 / 1.135];
    assert_eq!(factors.len(), 4);
    assert_eq!(m["adjustments"][0]["dimension"], "conventions");
    for (got, want) in factors.iter().zip(expected) {
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    }
    let product: f64 = expected.iter().product();
    close(&m["median"], 30_610.0 * product);
    close(&m["p10"], 20_440.0 * product);
    close(&m["p90"], 50_060.0 * product);
    assert!(m["p25"].is_null());
    assert_eq!(json["sources"].as_array().expect("sources").len(), 3);
}

/// Regression: a metro file's own percentiles for that metro were called "Modeled composite. No
/// published figure covers this cut exactly", though no factor was applied.
#[test]
fn a_cut_published_exactly_is_the_published_figure_not_a_composite() {
    let metro = repo().join("tests/fixtures/oews/oews_metro_M2025.csv").display().to_string();
    let args = ["--oews", metro.as_str(), "benchmark", "--occupation", "29-2072", "--region", "Boston"];
    let out = wagescope().args(args).args(["--format", "json"]).output().expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let json: Value = serde_json::from_str(&stdout_of(&out)).expect("json");
    let m = &json["market"];
    assert_eq!(m["method"], "published figure");
    assert_eq!(
        m["label"],
        "Published figure: 29-2072 · Boston-Cambridge-Nashua, MA-NH · May 2025 · annual · source oews_metro_M2025.csv"
    );
    assert_eq!(m["adjustments"], serde_json::json!([]));
    close(&m["median"], 61_980.0);
    assert!(!m["notes"].to_string().contains("modeled composite"), "{}", m["notes"]);

    let text = stdout_of(&wagescope().args(args).output().expect("run"));
    assert!(text.contains("\nPublished figure: 29-2072 · Boston-Cambridge-Nashua, MA-NH · May 2025"), "{text}");
    assert!(text.contains("Annual pay (published figure)") && !text.contains("omposite"), "{text}");

    let dir = tempfile::tempdir().expect("temp dir");
    let html_file = dir.path().join("b.html");
    let out = wagescope()
        .args(["--oews", metro.as_str(), "report", "benchmark", "--occupation", "29-2072", "--region", "Boston"])
        .args(["-o", &common::display(&html_file)])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let html = std::fs::read_to_string(html_file).expect("report");
    assert!(html.contains("<strong>Published figure.</strong>"), "published callout");
    assert!(html.contains("May 2025 · annual · source oews_metro_M2025.csv"));
    assert!(!html.contains("Modeled composite") && !html.contains("modeled composite"), "no composite callout");
}

#[test]
fn a_cut_with_a_factor_is_a_modeled_composite_naming_the_factor() {
    // The embedded dataset publishes hospitals' median only: the national 2008 distribution × the
    // setting ratio 32,600 ÷ 30,610 = 1.0650.
    let json = bench(&["--setting", "hospitals"]);
    let m = &json["market"];
    assert_eq!(m["method"], "modeled composite");
    let label = m["label"].as_str().expect("label");
    assert!(
        label.starts_with(
            "Modeled composite: the national figure (29-2071 · 2008 · source 003_ad72e794b913f29a.txt) × the General medical and surgical hospitals setting ratio 1.0650"
        ),
        "{label}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let html_file = dir.path().join("c.html");
    let out = wagescope()
        .args(["report", "benchmark", "--setting", "hospitals", "-o", &common::display(&html_file)])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let html = std::fs::read_to_string(html_file).expect("report");
    assert!(html.contains("<strong>Modeled composite.</strong> No published figure covers this cut exactly"));
    assert!(html.contains("setting ratio 1.0650") && html.contains("How the composite is built"));
}

#[test]
fn composite_notes_what_it_cannot_adjust_and_ages_to_a_date() {
    let json = bench(&["--experience", "6", "--effective-date", "2025-07-01"]);
    let notes = json["market"]["notes"].to_string();
    assert!(notes.contains("No published experience figure for 5-9"), "{notes}");
    // 2008 (month unknown → July) to 2025-07: 204 months at 3% a year = 1.03^17.
    close(&json["market"]["median"], 30_610.0 * 1.03_f64.powi(17));
    assert!(json["conventions"].to_string().contains("Aged to 2025-07-01"));
}

#[test]
fn hourly_basis() {
    // Median 60,000 a year = 28.846 an hour; range rounded to the nearest 0.25.
    let json = bench(&["--microdata", &market(), "--setting", "Hospital", "--basis", "hourly", "--offer", "30"]);
    close(&json["market"]["median"], 60_000.0 / 2080.0);
    close(&json["range"]["mid"], 28.75);
    assert_eq!(json["basis"], "hourly");
}

#[test]
fn roster_against_each_persons_own_cut() {
    let json = bench(&["--microdata", &market(), "--roster", &fixture("roster.csv")]);
    let rows = json["roster"]["rows"].as_array().expect("rows");
    let row = |id: &str| rows.iter().find(|r| r["id"] == id).expect("person");
    let e1 = row("E1");
    close(&e1["compa_ratio"], 65_000.0 / 60_000.0);
    close(&e1["penetration"], 0.75);
    assert_eq!(e1["flags"].as_array().expect("flags").len(), 0);
    let e2 = row("E2");
    // 45,000: p10 40,000 … p25 50,000 → 10 + 15 × 0.5 = 17.5.
    close(&e2["position"]["percentile"], 17.5);
    close(&e2["penetration"], -0.25);
    assert_eq!(e2["flags"], serde_json::json!(["below range minimum", "more than 10% below the market median"]));
    assert_eq!(row("E3")["flags"], serde_json::json!(["above range maximum"]));
    let e4 = row("E4");
    assert_eq!(e4["market_cut"], "all jobs in the data");
    // All 12 rows: mid 55,000 → min 45,833.33 → 46,000, max 64,166.67 → 64,000.
    close(&e4["range"]["min"], 46_000.0);
    close(&e4["range"]["max"], 64_000.0);
    assert_eq!(e4["position_text"], "below the 10th percentile");
    let s = &json["roster"]["summary"];
    assert_eq!(
        (s["people"].as_u64(), s["below_range_minimum"].as_u64(), s["above_range_maximum"].as_u64()),
        (Some(4), Some(2), Some(1))
    );
    assert_eq!(s["below_market_by_10_percent"], 2);
    // Compa-ratios 1.0833, 0.75, 1.25, 0.5636: median (0.75 + 1.0833) / 2.
    close(&s["median_compa_ratio"], (0.75 + 65_000.0 / 60_000.0) / 2.0);
    close(&s["certified_compa_gap"], 65_000.0 / 60_000.0 - 31_000.0 / 55_000.0);
}

#[test]
fn roster_problems_are_listed_with_lines() {
    let out = wagescope().args(["benchmark", "--roster", &fixture("roster-bad.csv")]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    let file = fixture("roster-bad.csv");
    for expected in [
        format!(
            "{file}:3:2: error: column 'pay' is not a number; write it without '$' or thousands separators (got \"$45,000\""
        ),
        format!("{file}:4:1: error: column 'id' repeats the id of line 2"),
        format!("{file}:4:2: error: column 'pay' is not a number (got \"abc\""),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in\n{err}");
    }
    let missing = tempfile::NamedTempFile::new().expect("temp");
    std::fs::write(missing.path(), "id,salary\n1,3\n").expect("write");
    let out = wagescope().args(["benchmark", "--roster", &common::display(missing.path())]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("missing required column(s) pay (got columns id, salary"), "{}", stderr_of(&out));
}

#[test]
fn usage_errors() {
    for (args, message) in [
        (vec!["--offer", "0"], "expected a positive number"),
        (vec!["--offer=-5"], "expected a positive number"),
        (vec!["--spread", "0"], "expected a range spread in (0, 2]"),
        (vec!["--spread", "2.5"], "expected a range spread in (0, 2]"),
        (vec!["--experience", "lots"], "expected years of experience"),
        (vec!["--certified", "--not-certified"], "cannot be used with"),
    ] {
        let out = wagescope().arg("benchmark").args(&args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr_of(&out).contains(message), "{args:?}: {}", stderr_of(&out));
    }
    let out = wagescope().args(["benchmark", "--microdata", &market(), "--setting", "Hospitl"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out)
            .contains("--setting: unknown value \"Hospitl\"; did you mean \"Hospital\"? (known: Clinic, Hospital)"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn csv_output_one_row_per_person() {
    let out = wagescope()
        .args(["benchmark", "--microdata", &market(), "--roster", &fixture("roster.csv"), "--format", "csv"])
        .output()
        .expect("run");
    let text = stdout_of(&out);
    assert!(text.starts_with("id,pay,years_experience,certified,cut,market_cut"), "{text}");
    assert_eq!(text.lines().count(), 5);
    assert!(text.contains("E3,75000,8,true,"), "{text}");
}

#[test]
fn report_benchmark_is_complete_escaped_and_deterministic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, "id,pay,setting,years_experience,certified\n<script>alert(1)</script>,52000,Hospital,6,yes\n\"A & B\",61000,Hospital,9,no\n").expect("write");
    let render = |name: &str| {
        let out_file = dir.path().join(name);
        let out = wagescope()
            .args([
                "report",
                "benchmark",
                "--microdata",
                &market(),
                "--setting",
                "Hospital",
                "--experience",
                "6",
                "--certified",
                "--offer",
                "65000",
            ])
            .args(["--roster", &common::display(&roster), "-o", &common::display(&out_file)])
            .output()
            .expect("run");
        assert!(out.status.success(), "{}", stderr_of(&out));
        std::fs::read_to_string(out_file).expect("report")
    };
    let html = render("a.html");
    assert_eq!(html, render("b.html"), "same inputs, same bytes");
    for expected in [
        "<h2 id=\"cut-h\">The cut and the market</h2>",
        "Fallback path",
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"market-title market-desc\"",
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"roster-title roster-desc\"",
        "The offer is",
        "$65,000",
        "&lt;script&gt;alert(1)&lt;&#x2F;script&gt;",
        "A &amp; B",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    assert!(!html.contains("<script>"), "roster ids are escaped");
    assert!(!html.contains("src=") && !html.contains("href=\"http") && !html.contains("url("), "nothing fetched");
}

/// The README's hiring-manager walk-through writes its report (what the commands print is checked
/// by tests/readme.rs, which runs the README's examples).
#[test]
fn readme_benchmark_walkthrough_writes_the_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str]| {
        let out = wagescope().current_dir(dir.path()).args(args).output().expect("run");
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        stdout_of(&out)
    };
    run(&["sample", "--rows", "20000", "--seed", "7", "-o", "coders.parquet"]);
    let command = "benchmark --microdata coders.parquet --setting Hospital --experience 6 --certified --region West --offer 52000";
    let args: Vec<&str> = command.split(' ').collect();
    std::fs::copy(repo().join("examples/roster.csv"), dir.path().join("roster.csv")).expect("copy roster");
    let mut report = vec!["report"];
    report.extend(&args);
    report.extend(["--roster", "roster.csv"]);
    assert_eq!(run(&report), "wagescope-benchmark.html\n");
    let html = std::fs::read_to_string(dir.path().join("wagescope-benchmark.html")).expect("report");
    assert!(html.contains("Synthetic data.") && html.contains("MC-107") && html.contains("$52,000"));
}

/// `--posting MIN-MAX` against the 10 certified Hospital rows (p10 40,000 · p25 50,000 · median
/// 60,000 · p75 75,000 · p90 80,000) and roster-posting.csv (see tests/fixtures/bench/README.md).
#[test]
fn posting_range_against_the_market_and_the_staff_in_the_cut() {
    let cut = ["--microdata", &market(), "--setting", "Hospital", "--experience", "6", "--certified"];
    let roster = fixture("roster-posting.csv");
    let mut args = cut.to_vec();
    args.extend(["--posting", "$50,000–$70,000", "--roster", &roster]);
    let json = bench(&args);
    let p = &json["posting"];
    assert_eq!(p["origin"], "given");
    assert_eq!(p["rule"], "");
    close(&p["min"], 50_000.0);
    close(&p["max"], 70_000.0);
    close(&p["mid"], 60_000.0);
    // 50,000 is p25 exactly; 70,000: 50 + 25 × (70,000 − 60,000) ÷ (75,000 − 60,000) = 66.67.
    assert_eq!(p["min_position"], serde_json::json!({"kind": "at", "percentile": 25.0}));
    close(&p["max_position"]["percentile"], 50.0 + 25.0 * 10.0 / 15.0);
    assert_eq!(p["max_position_text"], "at the 67th percentile");
    // Width 20,000 ÷ 60,000; spread 20,000 ÷ 50,000.
    close(&p["width"], 1.0 / 3.0);
    close(&p["spread"], 0.4);
    assert_eq!(
        p["flags"],
        serde_json::json!([
            "the range spans p25–p67 of the market",
            "1 of 4 current staff in the cut is paid below the minimum",
            "1 of 4 current staff in the cut is paid above the maximum"
        ])
    );
    // In the cut (Hospital · 5-9 years · certified): P-1 (50,000, at the minimum), P-2 (48,000),
    // Jane Roe (72,500), P-4 (70,000, at the maximum). P-5 (3 years) and P-6 (Clinic) are not.
    let s = &p["staff"];
    assert_eq!((s["in_cut"].as_u64(), s["other_cuts"].as_u64(), s["within"].as_u64()), (Some(4), Some(2), Some(2)));
    assert_eq!(s["below_minimum"], serde_json::json!([{"id": "P-2", "line": 3, "pay": 48000.0, "gap": 2000.0}]));
    assert_eq!(s["above_maximum"], serde_json::json!([{"id": "Jane Roe", "line": 4, "pay": 72500.0, "gap": 2500.0}]));

    let out = wagescope().arg("benchmark").args(&args).output().expect("run");
    let text = stdout_of(&out);
    for expected in [
        "Posting range $50,000–$70,000 (given)\n",
        "| minimum | $50,000 | at the 25th percentile |\n",
        "| maximum | $70,000 | at the 67th percentile |\n",
        "Midpoint $60,000 · width 33% of the midpoint · spread 40% of the minimum\n",
        "  - the range spans p25–p67 of the market\n",
        "1 below the minimum, 1 above the maximum, 2 within\n",
        "| P-2      | $48,000 | $2,000 below the minimum |\n",
        "| Jane Roe | $72,500 | $2,500 above the maximum |\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn posting_outside_the_market_is_flagged_in_plain_words() {
    let json = bench(&["--microdata", &market(), "--setting", "Hospital", "--posting", "38k-90k"]);
    let p = &json["posting"];
    assert_eq!(p["min_position_text"], "below the 10th percentile");
    assert_eq!(p["max_position_text"], "above the 90th percentile");
    assert_eq!(
        p["flags"],
        serde_json::json!([
            "the range spans from below p10 to above p90 of the market",
            "the minimum is below the market's p10 ($40,000)",
            "the maximum is above the market's p90 ($80,000)",
            "the range is wide: the maximum is 137% above the minimum, more than the 30–60% typical of pay ranges"
        ])
    );
    assert!(p["staff"].is_null(), "no roster, no staff");
}

#[test]
fn posting_without_a_value_proposes_the_recommended_range() {
    // `--posting` takes no value here: the next option is still read as an option.
    let json = bench(&["--microdata", &market(), "--setting", "Hospital", "--posting", "--offer", "65000"]);
    let p = &json["posting"];
    assert_eq!(p["origin"], "proposed");
    close(&p["min"], json["range"]["min"].as_f64().expect("min"));
    close(&p["max"], json["range"]["max"].as_f64().expect("max"));
    assert_eq!(
        p["rule"],
        "the recommended pay range: midpoint at the market's p50 (match the market), spread 40% (min = mid × 2 ÷ (2 + s), max = min × (1 + s)), each end rounded to the nearest 500"
    );
    close(&json["offer"]["pay"], 65_000.0);
    let out = wagescope()
        .args(["benchmark", "--microdata", &market(), "--setting", "Hospital", "--posting"])
        .output()
        .expect("run");
    assert!(stdout_of(&out).contains("Posting range $50,000–$70,000 (proposed: the recommended pay range: midpoint"));
}

#[test]
fn posting_usage_errors_say_what_was_expected() {
    for (value, message) in [
        ("62000-50000", "the minimum 62000 is above the maximum 50000"),
        ("abc", "expected MIN-MAX on the command's pay basis, e.g. 50000-62000, '$50,000–$62,000' or 50k-62k"),
        ("55000", "expected MIN-MAX"),
        ("0-5", "expected MIN-MAX"),
    ] {
        let out = wagescope().args(["benchmark", "--microdata", &market(), "--posting", value]).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{value}");
        let err = stderr_of(&out);
        assert!(err.contains("--posting") && err.contains(message), "{value}: {err}");
    }
    // An hourly range against an annual market: the other basis, a usage error.
    let out = wagescope().args(["benchmark", "--microdata", &market(), "--posting", "24-30"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--posting 24: pay is per year here"), "{}", stderr_of(&out));
}

#[test]
fn report_benchmark_posting_section_is_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "id,pay,setting,years_experience,certified\n<b>Ann & Bo</b>,45000,Hospital,6,yes\nE9,60000,Hospital,6,yes\n",
    )
    .expect("write");
    let out_file = dir.path().join("p.html");
    let out = wagescope()
        .args(["report", "benchmark", "--microdata", &market(), "--setting", "Hospital", "--experience", "6"])
        .args(["--certified", "--posting", "50k-70k", "--roster", &common::display(&roster)])
        .args(["-o", &common::display(&out_file)])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let html = std::fs::read_to_string(out_file).expect("report");
    for expected in [
        "<li><a href=\"#posting\">Posting range</a></li>",
        "<h2 id=\"posting-h\">Posting range</h2>",
        "The range to post: <strong>$50,000–$70,000</strong>.",
        "<tr><th scope=\"row\">Minimum</th><td class=\"num\">$50,000</td><td>at the 25th percentile</td></tr>",
        "<li>the range spans p25–p67 of the market</li>",
        "2 of the 2 people on the roster are in the cut (0 in other cuts are not compared): 1 paid below the minimum, 0 above the maximum, 1 within the range.",
        "<tr><th scope=\"row\">&lt;b&gt;Ann &amp; Bo&lt;&#x2F;b&gt;</th><td class=\"num\">$45,000</td><td>$5,000 below the minimum</td></tr>",
        "Posting range $50,000 (at the 25th percentile) to $70,000 (at the 67th percentile).",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    assert!(!html.contains("<b>Ann"), "roster ids are escaped");
}
