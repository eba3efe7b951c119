//! The BLS Employment Projections workbook as published (tests/fixtures/ep, see make_ep.py): the
//! 2019–29 workbook trimmed from the real file (Table 1.2 employment only, Table 1.7 projections and
//! characteristics, Table 1.10 separations, Table 5.4 assignments), and the later layout (Table 1.2
//! projections and characteristics, 1.10, 1.12 factors) with its sheets in another order, as a
//! workbook and as separate CSV tables. Every table is found by its title, never by its position.

mod common;

use std::path::PathBuf;

use common::{Row, display, find, num, repo, rows, stderr_of, stdout_of, wagescope};

fn fixture(name: &str) -> String {
    display(&repo().join("tests/fixtures/ep").join(name))
}

/// `import projections FILES…` into a fresh directory; returns (guard, dataset, stdout).
fn import(files: &[String], extra: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("ep");
    let o = wagescope().args(["import", "projections"]).args(files).args(extra).args(["-o", &display(&out)]).output();
    let o = o.expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    (dir, out, stdout_of(&o))
}

#[test]
fn the_2019_29_workbook_reads_table_1_7_1_10_and_the_total() {
    let (_dir, out, stdout) = import(&[fixture("occupation_2019_29.xlsx")], &[]);
    // Table 1.1 (major groups) and Table 1.2 (employment only) are passed over for Table 1.7. Entry
    // routes: education, experience and training of 29-2052, 29-2098 and 29-9098 ("None" included).
    assert!(
        stdout.contains(
            "Employment Projections 2019–2029 → 8 occupations, 9 entry routes (read Table 1.7: occupational \
             projections and worker characteristics; Table 1.10: occupational separations and openings)"
        ),
        "{stdout}"
    );
    let projections = rows(&out.join("projections.csv"));
    assert_eq!(projections.len(), 8, "00-0000, 11-0000, 29-0000, 29-2000, 29-2052, 29-2098, 29-9000, 29-9098");
    // Published: 341.6 → 370.6 thousand, +29.0 (8.5%), openings 27.8; exit rate 2.9%, transfer rate
    // 4.1%, exits 10.2 and transfers 14.7 thousand a year.
    let combined = find(&projections, &[("occupation", "29-2098")])[0];
    let expected = [
        ("base_employment", 341_600.0),
        ("target_employment", 370_600.0),
        ("change", 29_000.0),
        ("percent_change", 8.5),
        ("annual_openings", 27_800.0),
        ("exit_rate", 2.9),
        ("transfer_rate", 4.1),
        ("exits", 10_200.0),
        ("transfers", 14_700.0),
    ];
    for (column, value) in expected {
        assert_eq!(num(combined, column), Some(value), "{column}");
    }
    assert_eq!(combined["factors"], "", "the 2019–29 edition has no factors table");
    // The median wage of May 2020 ("Median annual wage, 2020(1)": a footnote in parentheses).
    let wages = rows(&out.join("wages.csv"));
    let median = find(&wages, &[("occupation", "29-2098")])[0];
    assert_eq!((num(median, "median"), median["year"].as_str()), (Some(44_090.0), "2020"));
    // Experience and training "None" are stated, as the Handbook does.
    let education = rows(&out.join("education.csv"));
    let routes: Vec<&str> = find(&education, &[("occupation", "29-2098")]).iter().map(|r| r["path"].as_str()).collect();
    assert_eq!(
        routes,
        [
            "typical education needed for entry: Postsecondary nondegree award",
            "work experience in a related occupation: None",
            "typical on-the-job training: None"
        ]
    );
    // The all-occupations row: +3.7% over the cycle.
    let cycles = rows(&out.join("cycles.csv"));
    assert_eq!(cycles.len(), 1);
    assert_eq!((cycles[0]["base_year"].as_str(), cycles[0]["target_year"].as_str()), ("2019", "2029"));
    assert_eq!(num(&cycles[0], "all_occupations_percent"), Some(3.7));
}

/// The projections rows without the columns that name the file they came from.
fn figures(rows: &[Row]) -> Vec<Vec<(String, String)>> {
    let mut figures: Vec<Vec<(String, String)>> = rows
        .iter()
        .map(|r| {
            let mut cells: Vec<(String, String)> = r
                .iter()
                .filter(|(k, _)| *k != "source" && *k != "origin")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            cells.sort();
            cells
        })
        .collect();
    figures.sort();
    figures
}

#[test]
fn the_later_layout_as_a_workbook_and_as_csv_tables() {
    let (_a, book, stdout) = import(&[fixture("occupation_2023_33.xlsx")], &[]);
    // The sheets are in the order 1.12, 1.10, 1.2: found by title all the same; Table 1.1 skipped.
    assert!(
        stdout.contains(
            "→ 5 occupations, 9 entry routes (read Table 1.2: occupational projections and worker \
             characteristics; Table 1.10: occupational separations and openings; Table 1.12: factors affecting \
             occupational utilization)"
        ),
        "{stdout}"
    );
    let projections = rows(&book.join("projections.csv"));
    let coders = find(&projections, &[("occupation", "29-2072")])[0];
    for (column, value) in [("base_employment", 194_800.0), ("annual_openings", 15_000.0), ("exits", 5_900.0)] {
        assert_eq!(num(coders, column), Some(value), "{column}");
    }
    assert_eq!((num(coders, "exit_rate"), num(coders, "transfers")), (Some(2.9), Some(7_400.0)));
    assert!(coders["factors"].starts_with("Employment is projected to grow as an aging population"));
    // Occupations missing from the factors table have none.
    assert_eq!(find(&projections, &[("occupation", "29-9021")])[0]["factors"], "");
    assert_eq!(num(&rows(&book.join("cycles.csv"))[0], "all_occupations_percent"), Some(4.0));
    // The same tables as CSV files (Table 1.12 without a title line: known by its header).
    let table = display(&repo().join("tests/fixtures/oews/occupation_2023-33.csv"));
    let csvs = [table, fixture("table_1.10_2023-33.csv"), fixture("table_1.12_2023-33.csv")];
    let (_b, split, stdout) = import(&csvs, &[]);
    assert!(stdout.contains("table_1.12_2023-33.csv: factors affecting occupational utilization"), "{stdout}");
    assert_eq!(figures(&rows(&split.join("projections.csv"))), figures(&projections));
    // --occupation keeps one occupation and still reads the all-occupations growth.
    let (_c, one, _) = import(&[fixture("occupation_2023_33.xlsx")], &["--occupation", "29-2072"]);
    assert_eq!(rows(&one.join("projections.csv")).len(), 1);
    assert_eq!(num(&rows(&one.join("cycles.csv"))[0], "all_occupations_percent"), Some(4.0));
}

#[test]
fn project_and_the_report_show_the_openings_split_and_the_factors() {
    let book = fixture("occupation_2023_33.xlsx");
    let o = wagescope().args(["--projections", &book, "project", "--occupation", "29-2072"]).output().expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    let text = stdout_of(&o);
    // Growth 16,800 ÷ 10 years = 1,680 a year; exits and transfers as published.
    assert!(
        text.contains(
            "2023–2033: 15,000 openings a year = 1,680 from growth + 5,900 labor-force exits + 7,400 occupational transfers"
        ),
        "{text}"
    );
    assert!(text.contains("2023–2033: all occupations +4.0%"), "{text}");
    let o = wagescope()
        .args(["--projections", &book, "project", "--occupation", "29-2072", "--format", "csv"])
        .output()
        .expect("run");
    let csv = stdout_of(&o);
    assert!(csv.lines().next().expect("header").contains("openings_growth,openings_exits,openings_transfers"));
    assert!(csv.contains(",published,1680,5900,7400,4,"), "{csv}");
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("r.html");
    let o = wagescope()
        .args(["--projections", &book, "report", "outlook", "--occupation", "29-2072", "-o", &display(&report)])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    let html = std::fs::read_to_string(&report).expect("report");
    assert!(
        html.contains("projected to grow 8.6 percent from 2023 to 2033, above the +4.0% projected for all occupations"),
        "comparison growth"
    );
    assert!(html.contains(
        "Openings a year, 2023–2033: 1,680 from growth + 5,900 labor-force exits + 7,400 occupational transfers \
         (published total 15,000; the parts are rounded)."
    ));
    // The agency's text, escaped.
    assert!(html.contains("coded for billing &lt;and&gt; review."), "factors text escaped");
}

#[test]
fn a_workbook_without_projections_and_tables_of_two_releases() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = wagescope()
        .args(["import", "projections", &fixture("no_projections.xlsx"), "-o", &display(&dir.path().join("a"))])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr_of(&o);
    assert!(err.contains("no Employment Projections occupation table"), "{err}");
    assert!(
        err.contains(
            "found sheet \"Index\": Occupation.xlsx Contents; sheet \"Table 1.11\": Table 1.11 Employment in STEM occupations"
        ),
        "{err}"
    );
    assert!(!dir.path().join("a").exists());
    // A separations table of another release is refused, naming both periods.
    let other = dir.path().join("table_1.10_2022-32.csv");
    let text = std::fs::read_to_string(fixture("table_1.10_2023-33.csv")).expect("fixture");
    std::fs::write(&other, text.replace("Employment, 2023", "Employment, 2022")).expect("write");
    let table = display(&repo().join("tests/fixtures/oews/occupation_2023-33.csv"));
    let o = wagescope()
        .args(["import", "projections", &table, &display(&other), "-o", &display(&dir.path().join("b"))])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr_of(&o);
    assert!(
        err.contains(
            "the separations table is for 2022–2033, the projections table for 2023–2033: tables of two releases"
        ),
        "{err}"
    );
    assert!(!dir.path().join("b").exists());
}
