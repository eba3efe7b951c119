//! The outlook report as a user gets it: written, self-contained, deterministic, escaped, and
//! carrying every source-document figure with its footnote.

mod common;

use common::{dataset_with, stderr_of, stdout_of, wagescope};

fn render(args: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outlook.html");
    let out = wagescope().args(["report", "outlook", "-o"]).arg(&path).args(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), format!("{}\n", path.display()));
    (std::fs::read_to_string(&path).unwrap(), dir.path().display().to_string())
}

#[test]
fn default_file_name_in_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = wagescope().current_dir(dir.path()).args(["report", "outlook"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "wagescope-outlook.html\n");
    assert!(dir.path().join("wagescope-outlook.html").is_file());
}

#[test]
fn report_is_self_contained_and_deterministic() {
    let (first, _) = render(&[]);
    let (second, _) = render(&[]);
    assert_eq!(first, second, "two renders differ");
    assert!(first.starts_with("<!DOCTYPE html>"));
    for forbidden in ["<script", "<link", "src=\"http", "href=\"http", "@import", "url("] {
        assert!(!first.contains(forbidden), "report contains {forbidden:?}");
    }
    assert!(first.len() < 1_000_000, "report is {} bytes", first.len());
}

#[test]
fn report_shows_every_source_figure_with_its_footnote() {
    let (html, _) = render(&[]);
    // Footnote numbers follow sources.csv order: [1] 000, [2] 001, [3] 002, [4] 003.
    let expected = [
        // 000 (2019 data)
        "$41,545 per year (2019-09)<sup class=\"ref\"><a href=\"#source-1\"",
        "$18.06 per hour (2019-09)<sup class=\"ref\"><a href=\"#source-1\"",
        "$21.33",
        "$22.97",
        "+8%",
        "pass mark 70%",
        "exam 5 h 40 min",
        "about 10 months",
        // 001 (2023)
        "$53,312 per year (2023)<sup class=\"ref\"><a href=\"#source-2\"",
        // Issue 12: the outlook, the numeric change and the openings are separate quick facts.
        "+7% (2021–31)<sup class=\"ref\"><a href=\"#source-2\"",
        "+12,300 jobs<sup class=\"ref\"><a href=\"#source-2\"",
        "Certified earn 27% more than uncertified",
        "9–20 months",
        "Remote work",
        "175,700",
        // 002 (2025)
        "$45,000 – $65,000 per year (2025)<sup class=\"ref\"><a href=\"#source-3\"",
        "$42,630 per year (2025)<sup class=\"ref\"><a href=\"#source-3\"",
        "CCS-P — Certified Coding Specialist-Physician-based",
        // 003 (2008)
        "less than $20,440 &#x2F; more than $50,060 per year (2008)<sup class=\"ref\"><a href=\"#source-4\"",
        "$30,610",
        "$42,760",
        "$32,600",
        "$30,660",
        "$29,160",
        "$26,210",
        "172,500",
        "207,600",
        "35,100",
        "+20%",
        // sources by file name
        "<li id=\"source-1\">",
        "000_c3e7182c3828e46c.txt",
        "001_9fa8e87a3ecd5550.txt",
        "002_d39ee81de7286183.txt",
        "003_ad72e794b913f29a.txt",
        // the contradiction is shown, not hidden
        "$18.06 × 2,080 hours = $37,565, 9.6% below the annual figure",
    ];
    for needle in expected {
        assert!(html.contains(needle), "report lacks {needle:?}");
    }
}

#[test]
fn charts_are_inline_accessible_svg() {
    let (html, _) = render(&[]);
    assert_eq!(html.matches("<svg class=\"chart\" role=\"img\"").count(), 4);
    assert!(html.contains("<title id=\"pay-by-setting-title\">Median annual pay by work setting, 2008</title>"));
    assert!(html.contains(
        "<desc id=\"pay-by-setting-desc\">Bar chart of median annual pay by work setting in 2008: All settings $30,610; \
         Federal executive branch $42,760; General medical and surgical hospitals $32,600;"
    ));
    assert!(html.contains("<title id=\"employment-title\">Employment and published projections</title>"));
    assert!(html.contains("the 2019–2029 projection (+8%) has no published levels and is not drawn"));
}

#[test]
fn data_is_escaped_in_html_and_svg() {
    let wages = std::fs::read_to_string(common::repo().join("datasets/medical-coding/wages.csv")).unwrap();
    let hostile = wages.replace("Federal executive branch", "\"<script>alert(1)</script> & Co\"");
    let dir = dataset_with(&[("wages.csv", hostile.as_bytes())]);
    let (html, _) = render(&["--data", &dir.path().display().to_string()]);
    assert!(!html.contains("<script>"), "unescaped script tag");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; Co"), "table cell not escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), "SVG label not escaped");
}

#[test]
fn output_directory_must_exist_and_nothing_is_left_on_failure() {
    let out = wagescope().args(["report", "outlook", "-o", "/nonexistent/dir/x.html"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr_of(&out),
        "error: cannot write /nonexistent/dir/x.html: directory /nonexistent/dir does not exist\n"
    );
}

#[test]
fn an_existing_report_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.html");
    std::fs::write(&path, "old").unwrap();
    let out = wagescope().args(["report", "outlook", "-o"]).arg(&path).output().unwrap();
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("<!DOCTYPE html>"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "temp file left behind");
}

#[test]
fn report_reconciles_the_sources() {
    let (html, _) = render(&[]);
    assert!(html.contains("<h2 id=\"sources-say-h\">What the sources say</h2>"));
    assert!(
        html.contains(
            "On this basis the sources range from $42,630 to $56,329 (32% apart); the blended estimate is $48,996."
        ),
        "summary"
    );
    assert!(html.contains("<title id=\"sources-say-title\">What each source says, in 2025 dollars a year</title>"));
    assert!(html.contains(
        "<strong>Contradiction:</strong> 000_c3e7182c3828e46c.txt states a median of $18.06 an hour and $41,545 a year"
    ));
}

#[test]
fn report_with_synthetic_microdata() {
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("sample.parquet");
    let out = wagescope().args(["sample", "--rows", "4000", "--seed", "5", "-o"]).arg(&sample).output().unwrap();
    assert!(out.status.success());
    let (html, _) = render(&["--microdata", &sample.display().to_string()]);
    assert!(html.contains("<strong>SYNTHETIC DATA.</strong>"), "synthetic banner");
    assert!(html.contains("<h2 id=\"microdata-h\">Pay in the microdata</h2>"));
    for id in ["micro-distribution", "micro-settings", "micro-experience"] {
        assert!(html.contains(&format!("<title id=\"{id}-title\">")), "chart {id}");
    }
    assert!(html.contains("Raw premium: certified workers&#x27; median pay is +"), "raw premium");
    assert!(
        html.contains("Within cells: with setting and experience held fixed, the premium is +"),
        "premium within cells"
    );
    assert!(html.contains("No individual record appears in this report."));
    // Employer ids are never printed.
    assert!(!html.contains("E0001") && !html.contains("E0123"));
    let (again, _) = render(&["--microdata", &sample.display().to_string()]);
    assert_eq!(html, again, "deterministic with microdata too");
}

#[test]
fn report_with_bad_microdata_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.html");
    let bad = common::repo().join("tests/fixtures/micro/bad_values.csv");
    let out = wagescope().args(["report", "outlook", "-o"]).arg(&path).arg("--microdata").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("column 'annual_wage' is not a number"));
    assert!(!path.exists());
    let out = wagescope()
        .args(["report", "outlook", "-o"])
        .arg(&path)
        .arg("--microdata")
        .arg(&bad)
        .arg("--skip-bad-rows")
        .arg("--min-n")
        .arg("1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(std::fs::read_to_string(&path).unwrap().contains("5 invalid row(s) were left out (--skip-bad-rows)"));
}

#[test]
fn report_job_outlook_section() {
    let (html, _) = render(&[]);
    // The Handbook's sentence (issue 20); 2021–31 has no known wording, and the report says so.
    assert!(html.contains(
        "Employment of Medical Records Specialists is projected to grow 7 percent from 2021 to 2031. That is +12,300 \
         jobs, and about 1,230 openings a year from growth alone"
    ));
    assert!(html.contains("The Handbook&#x27;s wording for the 2021–2031 projections is not known to wagescope"));
    assert!(html.contains("<td>much faster than average</td>"), "2008–18 wording from the OOH thresholds");
    assert!(html.contains("low scenario for 2021–2031: 184,486 in 2031"), "scenario band described in the chart text");
    assert!(html.contains("<strong>How far to trust a projection.</strong>"));
}

#[test]
fn report_marks_the_code_change_and_draws_a_trend_when_the_series_allows() {
    let (html, _) = render(&[]);
    assert!(html.contains("a dashed vertical line marks the change of occupation code"));
    assert!(html.contains("code change 29-2071 → 29-2072"));
    assert!(!html.contains("log-linear trend"), "two actual points under different codes: no trend");
    let employment = "occupation,year,employment,status,source\n\
        29-2072,2021,175000,actual,001_9fa8e87a3ecd5550.txt\n\
        29-2072,2022,180000,actual,001_9fa8e87a3ecd5550.txt\n\
        29-2072,2023,183000,actual,001_9fa8e87a3ecd5550.txt\n";
    let dir = dataset_with(&[("employment.csv", employment.as_bytes())]);
    let (html, _) = render(&["--data", &dir.path().display().to_string()]);
    assert!(html.contains("log-linear trend of SOC 29-2072 employment:"), "trend described in the chart text");
}
