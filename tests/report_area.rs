//! Issue 12: pay and jobs by state and area, from OEWS state and metro files as downloaded.
//!
//! Fixtures in tests/fixtures/oews/:
//! - `oews_state_M2025_all_states.csv`: the real May 2025 state file (every state, DC, Guam,
//!   Puerto Rico, the Virgin Islands) trimmed to 00-0000 and 29-2072; values as published. The
//!   Virgin Islands publish no 29-2072 row; Vermont's 29-2072 employment, LQ and jobs per 1,000
//!   are `**`.
//! - `oews_metro_M2025.csv`: six rows in the BLS metro layout (`JOBS_1000`, `LOC_QUOTIENT`
//!   before the wages, `OWN_CODE`, `PCT_TOTAL`), values made up for the test, not published
//!   figures: five metro areas (San Francisco's medians and 90th percentiles are `#`) and one
//!   nonmetropolitan area.

mod common;

use common::{oews_fixture, stderr_of, stdout_of, wagescope};
use serde_json::Value;

const NATIONAL: &str = "national_M2023_dl.csv";
const STATES: &str = "oews_state_M2025_all_states.csv";
const METROS: &str = "oews_metro_M2025.csv";

/// `report outlook --occupation 29-2072` on the OEWS fixtures `files`; the output and the process.
fn run(files: &[&str], extra: &[&str], format: &str) -> (String, std::process::Output) {
    let agency: Vec<(&str, &str)> = files.iter().map(|f| ("--oews", *f)).collect();
    common::agency_report(&agency, extra, format)
}

fn report(files: &[&str], extra: &[&str]) -> String {
    let (html, out) = run(files, extra, "html");
    assert!(out.status.success(), "{}", stderr_of(&out));
    html
}

/// The HTML of `<section id="{id}"` … `</section>`, if present.
fn section<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!("<section id=\"{id}\""))?;
    let end = start + html[start..].find("</section>").expect("section end");
    Some(&html[start..end])
}

/// The `<rect class="tile…" data-state="XX" …/>` element of a state.
fn tile<'a>(html: &'a str, state: &str) -> &'a str {
    let at = html.find(&format!("data-state=\"{state}\"")).unwrap_or_else(|| panic!("no tile {state}"));
    let start = html[..at].rfind("<rect").unwrap();
    let end = at + html[at..].find("/>").unwrap();
    &html[start..end]
}

/// The text cells of a table row (`<th>` then `<td>`s), tags stripped.
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in row.split("<t").skip(1) {
        let Some(body) = part.split_once('>').map(|(_, b)| b) else { continue };
        let text = body.split("</t").next().unwrap_or_default();
        // Drop the footnote links and any inner markup.
        let mut plain = String::new();
        let mut depth = 0;
        for ch in text.chars() {
            match ch {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ if depth == 0 => plain.push(ch),
                _ => {}
            }
        }
        out.push(plain.trim().to_string());
    }
    out
}

#[test]
fn issue12_map_has_one_tile_per_state_and_dc() {
    let html = report(&[NATIONAL, STATES], &[]);
    let area = section(&html, "area").expect("State and area section");
    assert!(area.contains("<h2 id=\"area-h\">State and area</h2>"));
    assert!(html.contains("<a href=\"#area\">State and area</a>"), "listed in the table of contents");
    assert_eq!(area.matches("<rect class=\"tile").count(), 51, "50 states and DC");
    for (code, ..) in wagescope::report::outlook::area::TILES {
        assert!(area.contains(&format!(">{code}</text>")), "no label {code}");
    }
    // An SVG that scales to its column, with a text alternative naming the range and extremes.
    let svg = &area[area.find("<svg").unwrap()..area.find("</svg>").unwrap()];
    assert!(svg.contains("role=\"img\"") && svg.contains("viewBox=\"0 0 "), "{svg}");
    assert!(!svg[..svg.find('>').unwrap()].contains(" width="), "no fixed width");
    let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
    assert!(desc.contains("Highest: District of Columbia $72,040; lowest: Mississippi $41,500."), "{desc}");
    // DC (A_MEDIAN 72,040) is the highest: the darkest step; Mississippi (41,500) the lightest.
    assert!(tile(area, "DC").contains("fill=\"#08519c\""), "{}", tile(area, "DC"));
    assert!(tile(area, "MS").contains("fill=\"#c6dbef\""), "{}", tile(area, "MS"));
    // Territories are in the table, not on the map.
    for territory in ["PR", "GU", "VI"] {
        assert!(!area.contains(&format!("data-state=\"{territory}\"")), "{territory} on the map");
    }
    assert!(area.contains("Puerto Rico") && area.contains("Guam"));
}

#[test]
fn issue12_a_state_without_a_figure_is_grey_and_says_no_data() {
    // Only the first three states of the file: the other 48 tiles have no figure.
    let html = report(&[NATIONAL, "oews_state_M2025.csv"], &[]);
    let area = section(&html, "area").unwrap();
    assert_eq!(area.matches("<rect class=\"tile").count(), 51);
    assert!(tile(area, "MA").contains("fill=\"#e0e0e0\""));
    assert_eq!(area.matches(">no data</text>").count(), 48 + 1, "48 tiles and the legend");
    // Alaska (61,090) is the highest of the three, Alabama (43,810) the lowest.
    assert!(tile(area, "AK").contains("fill=\"#08519c\""));
    assert!(tile(area, "AL").contains("fill=\"#c6dbef\""));
}

#[test]
fn issue12_state_table_is_sorted_by_median_with_the_published_values() {
    let html = report(&[NATIONAL, STATES], &[]);
    let area = section(&html, "area").unwrap();
    let table = &area[area.find("<table class=\"areas\">").unwrap()..];
    let rows: Vec<&str> = table.split("<tr").skip(2).collect();
    // 50 states, DC, Guam and Puerto Rico (the Virgin Islands have no 29-2072 row).
    assert_eq!(rows.len(), 53);
    // District of Columbia, 29-2072: A_MEDIAN 72040, H_MEDIAN 34.63, TOT_EMP 270, LOC_QUOTIENT 0.30,
    // JOBS_1000 0.381; source 2 (the state file), data May 2025.
    assert_eq!(cells(rows[0]), ["District of Columbia", "$72,040", "$34.63", "270", "0.30", "0.381", "[2]"]);
    assert!(rows[0].contains("href=\"#source-2\"") && rows[0].contains("data 2025-05"), "{}", rows[0]);
    assert_eq!(cells(rows[1])[..2], ["Rhode Island", "$63,960"]);
    // Puerto Rico (27,990) is the lowest.
    assert_eq!(cells(rows[52])[..2], ["Puerto Rico territory", "$27,990"]);
    // Vermont's employment is ** in the file: said so, never a zero; LQ and jobs left empty.
    let vermont = rows.iter().find(|r| r.contains(">Vermont<")).unwrap();
    assert_eq!(cells(vermont), ["Vermont", "$57,560", "$27.67", "not available (**)", "", "", "[2]"]);
    // The five highest-paying states, with employment and LQ.
    let top = &area[area.find("<ol class=\"top\">").unwrap()..];
    let top = &top[..top.find("</ol>").unwrap()];
    let names: Vec<&str> = top.split("<strong>").skip(1).map(|s| &s[..s.find("</strong>").unwrap()]).collect();
    assert_eq!(names, ["District of Columbia", "Rhode Island", "Hawaii", "Washington", "California"]);
    assert!(top.contains("<strong>Washington</strong> $62,270 a year"), "{top}");
    assert!(top.contains("5,010 jobs · location quotient 1.13"), "{top}");
    assert!(!area.contains("Highest-paying metropolitan areas"), "no metro file, no metro list");
}

#[test]
fn issue12_no_state_or_area_section_for_national_data() {
    let html = report(&[NATIONAL], &[]);
    assert!(section(&html, "area").is_none());
    assert!(!html.contains("href=\"#area\""), "not in the table of contents");
    assert!(!html.contains("State and area") && !html.contains("class=\"tile"));
}

#[test]
fn issue12_area_ma_sets_massachusetts_beside_the_nation_and_marks_it() {
    let html = report(&[NATIONAL, STATES], &["--area", "MA"]);
    let aside = &html[html.find("<aside class=\"area-focus\"").expect("area block")..html.find("</aside>").unwrap()];
    assert!(html.find("<aside class=\"area-focus\"").unwrap() < html.find("<section id=\"quick-facts\"").unwrap());
    assert!(aside.contains("Massachusetts beside the nation"), "{aside}");
    let rows: Vec<Vec<String>> = aside.split("<tr>").skip(2).map(cells).collect();
    // Massachusetts 2025: A_MEDIAN 60350, H_MEDIAN 29.02, TOT_EMP 3500, JOBS_1000 0.961, LQ 0.77.
    // Nation 2023: A_MEDIAN 48780, H_MEDIAN 23.45, TOT_EMP 185690.
    assert_eq!(rows[0], ["Median pay per year", "$60,350 (2025-05)[2]", "$48,780 (2023-05)[1]"]);
    assert_eq!(rows[1], ["Median pay per hour", "$29.02 (2025-05)[2]", "$23.45 (2023-05)[1]"]);
    assert_eq!(rows[2], ["Employment", "3,500 (2025-05)[2]", "185,690 (2023)[1]"]);
    assert_eq!(rows[3], ["Jobs per 1,000 jobs", "0.961 (2025-05)[2]", ""]);
    assert_eq!(rows[4], ["Location quotient", "0.77 (2025-05)[2]", "1.00 (by definition)"]);
    assert!(aside.contains("Area figures describe 2025, national figures 2023"), "{aside}");
    let area = section(&html, "area").unwrap();
    assert!(tile(area, "MA").starts_with("<rect class=\"tile selected\""), "{}", tile(area, "MA"));
    assert_eq!(area.matches("class=\"tile selected\"").count(), 1);
    // The full name works as well as the code.
    let by_name = report(&[NATIONAL, STATES], &["--area", "massachusetts"]);
    assert!(by_name.contains("Massachusetts beside the nation"));
}

#[test]
fn issue12_area_boston_finds_the_metro_area_and_lists_the_top_metros() {
    let html = report(&[NATIONAL, STATES, METROS], &["--area", "boston"]);
    assert!(html.contains("Boston-Cambridge-Nashua, MA-NH beside the nation"));
    assert!(html.contains("$61,980 (2025-05)"), "Boston's A_MEDIAN");
    let area = section(&html, "area").unwrap();
    let metros = &area[area.find("Highest-paying metropolitan areas").expect("metro list")..];
    let metros = &metros[..metros.find("</ol>").unwrap()];
    let names: Vec<&str> = metros.split("<strong>").skip(1).map(|s| &s[..s.find("</strong>").unwrap()]).collect();
    // San Francisco's median is # (top-coded): left out, never ranked as zero; the nonmetropolitan
    // area is not a metro area.
    assert_eq!(
        names,
        [
            "Boston-Cambridge-Nashua, MA-NH",
            "Portland-Vancouver-Hillsboro, OR-WA",
            "Portland-South Portland, ME",
            "Jackson, MS"
        ]
    );
    assert!(metros.contains("<li class=\"selected\"><strong>Boston-Cambridge-Nashua, MA-NH</strong> $61,980 a year"));
    assert!(metros.contains("2,150 jobs · location quotient 0.63"), "{metros}");
    assert!(tile(area, "MA").contains("tile selected"), "the metro area's principal state is marked");
}

#[test]
fn issue12_top_coded_wages_are_left_out_never_zero() {
    let (json, out) = run(&[NATIONAL, METROS], &[], "json");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let json: Value = serde_json::from_str(&json).unwrap();
    let areas = json["data"]["areas"]["areas"].as_array().unwrap();
    let sf = areas.iter().find(|a| a["name"] == "San Francisco-Oakland-Fremont, CA").expect("San Francisco");
    assert_eq!(sf["area_type"], "metro");
    assert_eq!(sf["state"], "CA");
    assert!(sf["annual"]["median"].is_null() && sf["annual"]["p90"].is_null(), "{sf}");
    assert_eq!(sf["annual"]["p75"], 87570.0);
    assert!(sf["annual"]["notes"].as_str().unwrap().contains("top-coded"), "{sf}");
    assert_eq!(sf["annual"]["location_quotient"], 0.41);
    assert_eq!(areas.last().unwrap()["name"], "San Francisco-Oakland-Fremont, CA", "no median: last, not lowest");
    let nonmetro = areas.iter().find(|a| a["area_type"] == "nonmetro").expect("nonmetro area");
    assert!(nonmetro["annual"]["employment"].is_null() && nonmetro["annual"]["location_quotient"].is_null());
    let html = report(&[NATIONAL, METROS], &[]);
    assert!(!html.contains("$0 ") && !html.contains(">$0<") && !html.contains("$0.00"));
}

#[test]
fn issue12_unknown_area_is_a_usage_error_naming_the_nearest() {
    let (_, out) = run(&[NATIONAL, STATES, METROS], &["--area", "Bostn"], "html");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("--area: no area matches \"Bostn\"; did you mean \"Boston-Cambridge-Nashua, MA-NH\""),
        "{err}"
    );
    assert!(!err.contains("stack backtrace"));
    let (_, out) = run(&[NATIONAL, METROS], &["--area", "portland"], "html");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("matches several areas"), "{}", stderr_of(&out));
    let (_, out) = run(&[NATIONAL], &["--area", "MA"], "html");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("the data have no state or area figures"), "{}", stderr_of(&out));
}

#[test]
fn issue12_benchmark_region_finds_a_metro_area_of_the_metro_file() {
    // Before: "no published wage figure for US has percentiles or a median".
    let out = wagescope()
        .arg("--oews")
        .arg(oews_fixture(METROS))
        .args(["benchmark", "--occupation", "29-2072", "--region", "Boston", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let json: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(json["cut"], "region Boston-Cambridge-Nashua, MA-NH");
    let base = &json["market"]["base"];
    assert_eq!(base["geography"], "Boston-Cambridge-Nashua, MA-NH", "{base}");
    let out = wagescope()
        .arg("--oews")
        .arg(oews_fixture(METROS))
        .args(["benchmark", "--occupation", "29-2072", "--region", "Bostn"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("did you mean \"Boston-Cambridge-Nashua, MA-NH\""), "{}", stderr_of(&out));
}

#[test]
fn issue12_import_keeps_area_type_state_lq_and_jobs_per_1000() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("d");
    let out = wagescope()
        .args(["import", "oews", "--occupation", "29-2072"])
        .arg(oews_fixture(NATIONAL))
        .arg(oews_fixture(STATES))
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let rows = common::rows(&out_dir.join("wages.csv"));
    let find = |geography: &str| rows.iter().find(|r| r["geography"] == geography && r["basis"] == "annual").unwrap();
    let alabama = find("Alabama");
    assert_eq!(
        (&*alabama["area_type"], &*alabama["state"], &*alabama["location_quotient"], &*alabama["jobs_per_1000"]),
        ("state", "AL", "0.88", "1.101")
    );
    assert_eq!((&*find("Guam")["area_type"], &*find("Guam")["state"]), ("territory", "GU"));
    let vermont = find("Vermont");
    assert_eq!((&*vermont["employment"], &*vermont["location_quotient"], &*vermont["jobs_per_1000"]), ("", "", ""));
    let us = find("US");
    assert_eq!((&*us["area_type"], &*us["state"], &*us["location_quotient"]), ("", "", ""), "national: no area");
}
