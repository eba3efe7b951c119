//! Outlook reports for many occupations in one run (`--all-occupations`, several codes,
//! `--output-dir`): one file per occupation and an index, the data read once. Fixtures: the OEWS
//! May 2023 national file trimmed to ten rows (tests/fixtures/batch, values as published) and the
//! Employment Projections workbook in the later layout (tests/fixtures/ep).

mod common;

use common::{display, repo, stderr_of, stdout_of, wagescope};

fn national() -> String {
    display(&repo().join("tests/fixtures/batch/national_M2023_dl.csv"))
}

fn projections() -> String {
    display(&repo().join("tests/fixtures/ep/occupation_2023_33.xlsx"))
}

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The index row of `code`, as its cells' text.
fn index_row(html: &str, code: &str) -> String {
    let start = html.find(&format!("<tr class=\"occ\" data-code=\"{code}\"")).expect("row");
    let row = &html[start..start + html[start..].find("</tr>").expect("end")];
    let mut text = String::new();
    let mut inside = false;
    for ch in row.chars() {
        match ch {
            '<' => {
                inside = true;
                text.push('|');
            }
            '>' => inside = false,
            _ if !inside => text.push(ch),
            _ => {}
        }
    }
    text.split('|').map(str::trim).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" | ")
}

#[test]
fn every_detailed_occupation_and_an_index() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("reports");
    let o = wagescope()
        .args(["--oews", &national(), "--projections", &projections()])
        .args(["report", "outlook", "--all-occupations", "--output-dir", &display(&out)])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(stdout_of(&o).starts_with(&format!("5 report(s) in {}\n", display(&out))), "{}", stdout_of(&o));
    // The total, the major group 29-0000 and the minor group 29-2000 are no occupation; the broad
    // code 29-2010 has no detailed member in the 2023 file, so it is one.
    assert_eq!(
        files(&out),
        ["29-2010.html", "29-2052.html", "29-2072.html", "29-9021.html", "43-6013.html", "index.html"]
    );
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    // The newest median is the EP table's May 2024 $50,250 (OEWS May 2023: $48,780); 185,690 jobs
    // (OEWS May 2023); EP 2023–33: +8.6% (no known Handbook wording for that cycle), +16.8 thousand
    // jobs, 15.0 thousand openings a year; entry education as the EP assigns it. The OEWS title wins.
    assert_eq!(
        index_row(&index, "29-2072"),
        "29-2072 | Medical Records Specialists | Postsecondary nondegree award | $50,250 | 185,690 | +8.6% (2023–33) \
         | wording not known for 2023–2033 | +16,800 | 15,000"
    );
    // No projection in the data for medical secretaries: a dash, never a zero.
    assert_eq!(
        index_row(&index, "43-6013"),
        "43-6013 | Medical Secretaries and Administrative Assistants | not in the data | $40,640 | 749,500 | — | — | —"
    );
    assert!(index.contains("<a href=\"29-9021.html\">Health Information Technologists and Medical Registrars</a>"));
    // SOC order.
    let positions: Vec<usize> = ["29-2010", "29-2052", "29-2072", "29-9021", "43-6013"]
        .iter()
        .map(|c| index.find(&format!("data-code=\"{c}\"")).expect("listed"))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    let coders = std::fs::read_to_string(out.join("29-2072.html")).expect("report");
    assert!(coders.contains("SOC 29-2072"));
}

/// The batch of the O*NET fixtures: the real OEWS rows of 29-2072 and its related occupations, the
/// real 2024–34 workbook rows, O*NET 29.3.
fn finder_batch(dir: &std::path::Path) -> std::path::PathBuf {
    let fixture = |p: &str| display(&repo().join("tests/fixtures").join(p));
    let out = dir.join("finder");
    let o = wagescope()
        .args(["--onet", &fixture("onet/29.3"), "--oews", &fixture("oews/related_M2023_dl.csv")])
        .args(["--projections", &fixture("ep/occupation_2024_34.xlsx")])
        .args(["report", "outlook", "--all-occupations", "--output-dir", &display(&out)])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    out
}

#[test]
fn the_index_is_an_occupation_finder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = finder_batch(dir.path());
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    // Without scripts the page is the full table: the form is hidden until the script shows it.
    assert!(
        index.contains("<form id=\"finder\" class=\"finder\" role=\"search\" aria-label=\"Occupation Finder\" hidden>")
    );
    assert!(
        index.contains(
            "<p id=\"finder-count\" class=\"count\" role=\"status\" aria-live=\"polite\">100 occupations</p>"
        )
    );
    // Filters in a reader's order: education highest first, training longest first, growth fastest
    // first, pay and new jobs by band.
    let options = |id: &str| -> Vec<String> {
        let start = index.find(&format!("<select id=\"{id}\"")).expect("select");
        let select = &index[start..start + index[start..].find("</select>").expect("end")];
        select.split("<option>").skip(1).map(|o| o.trim_end_matches("</option>").to_string()).collect()
    };
    assert_eq!(
        options("f-education")[..3],
        ["Doctoral or professional degree", "Master&#x27;s degree", "Bachelor&#x27;s degree"]
    );
    assert_eq!(options("f-training").last().map(String::as_str), Some("None"));
    let growth = options("f-growth");
    assert_eq!(growth[0], "much faster than the average for all occupations");
    assert_eq!(growth.last().map(String::as_str), Some("decline"));
    // Only the bands some occupation is in: none of these pays under $30,000.
    assert_eq!(options("f-pay")[0], "$30,000 to $39,999");
    assert_eq!(options("f-new-jobs")[0], "fewer jobs");
    // Rows grouped by major group, each with the values it is filtered and sorted on.
    assert!(index.contains("<tr class=\"group-head\"><th scope=\"rowgroup\" colspan=\"8\">Healthcare practitioners and technical occupations <span class=\"note\">29-0000 · "));
    let start = index.find("<tr class=\"occ\" data-code=\"29-2072\"").expect("29-2072");
    let row = &index[start..start + index[start..].find('>').expect("tag")];
    for attribute in [
        "data-education=\"Postsecondary nondegree award\"",
        "data-training=\"None\"",
        "data-growth=\"much faster than the average for all occupations\"",
        "data-new-jobs=\"5,000 to 19,999 new jobs\"",
        "data-pay=\"$40,000 to $59,999\"",
        "data-median=\"50250\"",
        "data-growth-value=\"7.1\"",
    ] {
        assert!(row.contains(attribute), "{attribute}: {row}");
    }
    // The reports of the batch link to each other through O*NET's related occupations.
    let coders = std::fs::read_to_string(out.join("29-2072.html")).expect("report");
    assert!(coders.contains("<a href=\"31-9094.html\">Medical Transcriptionists</a>"));
}

#[test]
fn a_report_of_the_batch_is_the_report_written_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("two");
    let o = wagescope()
        .args(["--oews", &national(), "--projections", &projections()])
        .args(["report", "outlook", "--occupation", "29-2072, 29-9021", "--output-dir", &display(&out)])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert_eq!(files(&out), ["29-2072.html", "29-9021.html", "index.html"]);
    let single = dir.path().join("single.html");
    let o = wagescope()
        .args(["--oews", &national(), "--projections", &projections()])
        .args(["report", "outlook", "--occupation", "29-9021", "-o", &display(&single)])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert_eq!(
        std::fs::read(out.join("29-9021.html")).expect("batch"),
        std::fs::read(&single).expect("single"),
        "same bytes"
    );
}

#[test]
fn batch_usage_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |extra: &[&str]| {
        wagescope().args(["--oews", &national()]).args(["report", "outlook"]).args(extra).output().expect("run")
    };
    let o = run(&["--occupation", "29-2072,29-9021"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("several occupations make several reports; give --output-dir DIR"));
    // Every unknown code is named, and nothing is written.
    let out = dir.path().join("x");
    let o = run(&["--occupation", "29-2072,29-9999,15-1252", "--output-dir", &display(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(err.contains("--occupation \"29-9999\" matches no code or title"), "{err}");
    assert!(err.contains("--occupation \"15-1252\" matches no code or title"), "{err}");
    assert!(!out.exists());
    let o = run(&["--all-occupations"]);
    assert_eq!(o.status.code(), Some(2), "--all-occupations needs --output-dir");
    let o = run(&["--all-occupations", "--output-dir", &display(&out), "--microdata", "x.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("--microdata, --aggregates and --spark describe one occupation's workers"));
    let o = run(&["--all-occupations", "--output-dir", &display(&out), "--aggregates", "r.parquet"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    // A title with a comma is one occupation, not a list.
    let o = run(&["--occupation", "Secretaries, medical", "-o", &display(&dir.path().join("s.html"))]);
    assert!(stderr_of(&o).contains("matches no code or title"), "{}", stderr_of(&o));
}
