//! Issue 12: the outlook report built from BLS files as downloaded. Fixtures are trimmed files of
//! the real layouts in tests/fixtures/oews/ (29-2072 rows with the published values; in
//! national_M2024_dl.csv only the median, which the EP table's 2024 wage column repeats, is
//! given and the other statistics are marked `*`, not available; oews_state_M2025.csv holds the
//! first three states of the 2025 state file).

mod common;

use common::{dataset_with, stderr_of, wagescope};
use serde_json::Value;

/// Run `report outlook --occupation 29-2072` on the given agency files; `format` "html" or "json".
fn report(agency: &[(&str, &str)], extra: &[&str], format: &str) -> String {
    let (text, out) = common::agency_report(agency, extra, format);
    assert!(out.status.success(), "{}", stderr_of(&out));
    text
}

/// OEWS only: 2016 (29-2071), 2021 and 2023 national, 2022 by sector, 2025 by state.
const OEWS_ONLY: [(&str, &str); 5] = [
    ("--oews", "national_M2016_dl.xlsx"),
    ("--oews", "national_M2021_dl.csv"),
    ("--oews", "national_M2023_dl.csv"),
    ("--oews", "oews_sector_M2022_dl.csv"),
    ("--oews", "oews_state_M2025.csv"),
];

/// The HTML of `<section id="{id}"` … `</section>`, if present.
fn section<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!("<section id=\"{id}\""))?;
    let end = start + html[start..].find("</section>").expect("section end");
    Some(&html[start..end])
}

#[test]
fn issue12_one_source_per_year_has_no_sources_say_section() {
    let html = report(&OEWS_ONLY, &[], "html");
    assert!(section(&html, "sources-say").is_none(), "OEWS years are one source: nothing to compare");
    assert!(!html.contains("href=\"#sources-say\""), "not in the table of contents either");
    assert!(!html.contains("What the sources say</h2>"));
    assert!(!html.contains("Left out of the comparison"));
    // State figures are listed line by line only in their own section ("State and area").
    let outside = html.replace(section(&html, "area").expect("state and area section"), "");
    assert!(!outside.contains("Alabama"), "state figures are listed outside their section");
}

#[test]
fn issue12_quick_facts_give_the_newest_year_only() {
    let html = report(&OEWS_ONLY, &[], "html");
    let facts = section(&html, "quick-facts").expect("quick facts");
    // National 2023: A_MEDIAN 48,780, H_MEDIAN 23.45, A_MEAN 53,690, TOT_EMP 185,690.
    assert!(facts.contains("$48,780 per year (2023-05)"), "{facts}");
    assert!(facts.contains("$23.45 per hour (2023-05)"), "{facts}");
    assert!(facts.contains("185,690 jobs (2023; SOC 29-2072)"), "{facts}");
    assert_eq!(facts.matches("per year (").count(), 4, "median, mean, percentiles, lowest/highest 10%: {facts}");
    let means = &facts[facts.find("<dt>Average (mean) pay reported</dt>").expect("means")..];
    let means = &means[..means.find("</dd>").unwrap()];
    assert_eq!(means.matches("class=\"part\"").count(), 1, "{means}");
    assert!(means.contains("$53,690 per year (2023-05)"), "{means}");
    // Older years' figures: 2021 median 46,660 and mean 48,310; 2022 sector cross-industry 46,320;
    // 2016 (29-2071) median 38,040.
    for old in ["$46,660", "$48,310", "$46,320", "$38,040", "(2021", "(2022", "(2016"] {
        assert!(!facts.contains(old), "quick facts show {old}: {facts}");
    }
}

#[test]
fn issue12_pay_by_setting_has_one_row_per_setting() {
    let html = report(&OEWS_ONLY, &[], "html");
    let settings = section(&html, "pay-setting").expect("pay by setting");
    let rows: Vec<&str> = settings.split("<th scope=\"row\" class=\"setting\">").skip(1).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[..r.find("</th>").unwrap()]).collect();
    // The sector file's cross-industry row is the reference; then by employment: 131,270, 4,940,
    // and the government row (OWN_CODE 1, named by the importer), whose TOT_EMP is "#", last.
    assert_eq!(
        names,
        [
            "All settings",
            "Health Care and Social Assistance",
            "Finance and Insurance",
            "Federal, State, and Local Government (federal government)"
        ]
    );
    // Both bases on one row: employment, A_MEDIAN, H_MEDIAN, A_PCT10 … A_PCT90.
    let health: Vec<&str> =
        rows[1].split("<td class=\"num\">").skip(1).map(|c| &c[..c.find("</td>").unwrap()]).collect();
    assert_eq!(health, ["131,270", "$45,470", "$21.86", "$31,840", "$37,130", "$57,260", "$71,420"]);
    assert!(!settings.contains(">annual<") && !settings.contains(">hourly<"), "no basis column: one row per setting");
}

#[test]
fn issue12_sections_without_data_are_absent_and_named_once_in_methods() {
    let html = report(&OEWS_ONLY, &[], "html");
    for id in ["pay", "pay-experience", "certification", "entry", "similar", "sources-say"] {
        assert!(section(&html, id).is_none(), "section {id} is shown without data");
        assert!(!html.contains(&format!("href=\"#{id}\"")), "{id} is in the table of contents");
    }
    for id in ["quick-facts", "pay-setting", "history", "outlook", "methods", "sources"] {
        assert!(section(&html, id).is_some() && html.contains(&format!("href=\"#{id}\"")), "{id}");
    }
    let methods = section(&html, "methods").unwrap();
    assert_eq!(html.matches("Not in these data").count(), 1);
    assert!(methods.contains(
        "<li>Not in these data: what the occupation does (O*NET&#x27;s tasks and technology: give the O*NET files with \
         --onet DIR), how to become one (education, training, credentials), pay of the major group and of all \
         occupations (for “Pay”), pay by years of experience, pay by certification, similar occupations, a second \
         source describing the same period (for “What the sources say”).</li>"
    ));
    // The embedded dataset feeds every section but the two that need a national table of all
    // occupations (issue 12: “Pay” and “Similar occupations”); ten are listed (“Pay and jobs over
    // time” and “Job outlook” are two).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.html");
    let out = wagescope().args(["report", "outlook", "-o"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let embedded = std::fs::read_to_string(&path).unwrap();
    assert!(
        embedded.contains(
            "Not in these data: what the occupation does (O*NET&#x27;s tasks and technology: give the O*NET files \
             with --onet DIR), pay of the major group and of all occupations (for “Pay”), similar occupations."
        ),
        "{}",
        section(&embedded, "methods").unwrap()
    );
    let toc = &embedded[embedded.find("<nav class=\"toc\"").unwrap()..embedded.find("</nav>").unwrap()];
    assert_eq!(toc.matches("<li>").count(), 10, "{toc}");
}

#[test]
fn issue12_trend_stays_within_the_data_years() {
    // With the 2023–33 projections the chart runs to 2033; the trend must stop at 2023.
    let mut files = OEWS_ONLY.to_vec();
    files.push(("--projections", "occupation_2023-33.csv"));
    let json: Value = serde_json::from_str(&report(&files, &[], "json")).unwrap();
    let trends = json["data"]["trends"].as_array().unwrap();
    assert_eq!(trends.len(), 1);
    let t = &trends[0];
    assert_eq!(t["occupation"], "29-2072");
    assert_eq!(t["year"], 2023, "evaluated at the last data year, not extrapolated");
    // By hand: 2021 180,570; 2022 186,400; 2023 185,690. x̄ = 2022, Sxx = 2, slope = (y₂₀₂₃ − y₂₀₂₁)/2.
    let ys = [180_570.0_f64.ln(), 186_400.0_f64.ln(), 185_690.0_f64.ln()];
    let slope = (ys[2] - ys[0]) / 2.0;
    let at_2023 = ((ys[0] + ys[1] + ys[2]) / 3.0 + slope).exp();
    assert!((t["estimate"].as_f64().unwrap() - at_2023).abs() < 1e-6, "{t}");
    let series = json["employment"]["chart"]["spec"]["kind"]["series"].as_array().unwrap();
    let last_x = |name: &str| -> f64 {
        let s = series.iter().find(|s| s["name"].as_str().unwrap().starts_with(name)).expect(name);
        s["points"].as_array().unwrap().iter().map(|p| p[0].as_f64().unwrap()).fold(f64::MIN, f64::max)
    };
    assert_eq!(last_x("trend (SOC 29-2072"), 2023.0);
    assert_eq!(last_x("2023–2033 projection"), 2033.0, "the projection itself is drawn to its target");
}

#[test]
fn issue12_retired_code_trend_only_when_the_current_code_has_no_figures() {
    let trends = |employment: &str| -> Vec<Value> {
        let dir = dataset_with(&[("employment.csv", employment.as_bytes())]);
        let path = dir.path().join("r.json");
        let out = wagescope()
            .args(["report", "outlook", "--format", "json", "-o"])
            .arg(&path)
            .arg("--data")
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        json["data"]["trends"].as_array().unwrap().clone()
    };
    let retired = "occupation,year,employment,status,source\n\
        29-2071,2008,172500,actual,003_ad72e794b913f29a.txt\n\
        29-2071,2010,176000,actual,003_ad72e794b913f29a.txt\n\
        29-2071,2012,180000,actual,003_ad72e794b913f29a.txt\n";
    let with_current = format!("{retired}29-2072,2021,175000,actual,001_9fa8e87a3ecd5550.txt\n");
    assert!(trends(&with_current).is_empty(), "29-2072 has one year: no trend, and none on 29-2071's years");
    let only_retired = trends(retired);
    assert_eq!(only_retired.len(), 1);
    assert_eq!(only_retired[0]["occupation"], "29-2071");
    assert_eq!(only_retired[0]["year"], 2012, "ends at the retired code's last year");
}

#[test]
fn issue12_sources_say_sets_oews_beside_the_projections_median_of_the_same_year() {
    let files = [
        ("--oews", "national_M2023_dl.csv"),
        ("--oews", "national_M2024_dl.csv"),
        ("--oews", "oews_state_M2025.csv"),
        ("--projections", "occupation_2023-33.csv"),
    ];
    let html = report(&files, &[], "html");
    let say = section(&html, "sources-say").expect("two sources for 2024: the section is shown");
    let body = &say[say.find("<tbody>").unwrap()..];
    // OEWS May 2024 A_MEDIAN 50,250 [2] and the EP table's May 2024 median 50,250 [4]; in 2025
    // dollars 50,250 × 321.943 / 313.689 = 51,572. OEWS 2023 has no partner; OEWS's hourly 24.16
    // is the same figure as its annual one (24.16 × 2,080 = 50,253) and is not shown twice.
    assert_eq!(body.matches("<tr>").count(), 2, "{body}");
    assert_eq!(body.matches("$50,250 a year").count(), 2, "{body}");
    assert_eq!(body.matches("$51,572").count(), 2, "{body}");
    assert!(body.contains("#source-2\"") && body.contains("#source-4\""), "{body}");
    assert!(!body.contains("2023-05") && !body.contains("an hour") && !body.contains(">mean<"), "{body}");
    assert!(say.contains("Left out of the comparison: figures for 3 areas other than the nation are not compared."));
    assert!(!say.contains("Alabama"), "state figures belong in “State and area”, not in the comparison");
}

#[test]
fn issue12_embedded_sources_say_keeps_its_five_figures() {
    // Four documents, each its own source: all their figures stay, including 000's hourly median,
    // which contradicts its annual one (so it is not the same figure twice).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.html");
    let out = wagescope().args(["report", "outlook", "-o"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let html = std::fs::read_to_string(&path).unwrap();
    let say = section(&html, "sources-say").expect("sources say");
    let body = &say[say.find("<tbody>").unwrap()..];
    assert_eq!(body.matches("<tr>").count(), 5, "{body}");
    assert!(body.contains("$18.06 an hour") && body.contains("$41,545 a year"));
}

#[test]
fn issue12_pay_over_time_in_current_and_constant_dollars_with_the_code_change() {
    let html = report(&OEWS_ONLY[..3], &[], "html");
    let outlook = section(&html, "history").expect("pay and jobs over time");
    let start = outlook.find("Median pay and jobs by year").expect("pay table");
    let table = &outlook[start..start + outlook[start..].find("</table>").unwrap()];
    let rows: Vec<String> = table
        .split("<tr>")
        .skip(2)
        .map(|r| {
            let cells: Vec<&str> = r.split('<').filter_map(|c| c.split_once('>').map(|(_, t)| t.trim())).collect();
            cells.into_iter().filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" | ")
        })
        .collect();
    // Constant 2025 dollars: × 321.943 / CPI of the year (2016 240.007, 2021 270.970, 2023 304.702):
    // 38,040 → 51,026; 46,660 → 55,437; 48,780 → 51,540.
    assert_eq!(
        rows,
        [
            "2016-05 | 29-2071 | $38,040 | $18.29 | $51,026 | 200,140 | [1]",
            "2021-05 | 29-2072 | $46,660 | $22.43 | $55,437 | 180,570 | [2] | code changed: 29-2071 → 29-2072",
            "2023-05 | 29-2072 | $48,780 | $23.45 | $51,540 | 185,690 | [3]",
        ]
    );
    assert!(outlook.contains("not designed as one"), "the OEWS caveat");
}
