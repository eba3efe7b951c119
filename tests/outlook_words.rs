//! Issue 20: the outlook in the Handbook's words. BLS defines the wording of a projected change per
//! projections cycle; wagescope ships the known definitions with their sources
//! (datasets/handbook/), states the phrase with the percent, and says so when a cycle's wording is
//! not known.

mod common;

use common::{display, repo, stderr_of, wagescope};

fn report(projections: &str, code: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.html");
    let out = wagescope()
        .args(["--projections", projections, "report", "outlook", "--occupation", code, "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn the_2024_34_projection_in_the_handbook_s_words() {
    let book = display(&repo().join("tests/fixtures/ep/occupation_2024_34.xlsx"));
    let html = report(&book, "29-2072");
    // 194.8 → 208.6 thousand, +7.1% (rounded: 7, the 2024–34 "much faster" band starts at 7); all
    // occupations +3.1% (the workbook's 00-0000 row).
    assert!(html.contains(
        "Employment of Medical records specialists is projected to grow 7.1 percent from 2024 to 2034, much faster \
         than the average for all occupations (+3.1%). That is +13,800 jobs, and about 14,200 openings a year"
    ));
    // The wording is footnoted to the Handbook source, which is listed under Sources.
    let n = html.matches("<li id=\"source-").count();
    assert_eq!(n, 2, "the workbook and the Handbook's wording");
    assert!(html.contains("much faster than the average for all occupations<sup class=\"ref\"><a href=\"#source-2\""));
    assert!(html.contains("Occupational Outlook Handbook, 2025–26 Edition"));
    // The projections table's wording column.
    assert!(html.contains("<td>much faster than the average for all occupations</td>"));
    // A decline: medical transcriptionists, 43.9 → 41.8 thousand, -4.9%.
    let html = report(&book, "31-9094");
    assert!(html.contains("is projected to decline 4.9 percent from 2024 to 2034."), "no comparison phrase");
}

#[test]
fn a_cycle_without_known_definitions_says_so() {
    let html = report(&display(&repo().join("tests/fixtures/ep/occupation_2023_33.xlsx")), "29-2072");
    assert!(html.contains("grow 8.6 percent from 2023 to 2033, above the +4.0% projected for all occupations."));
    assert!(html.contains(
        "The Handbook&#x27;s wording for the 2023–2033 projections is not known to wagescope, so the change is not put \
         in its words."
    ));
}
