//! `wagescope import oews`: hand-built fixtures in the real layouts (tests/fixtures/oews, see
//! make_xlsx.py): lower-case 2019 headers, numbers as text with thousands separators, `#`, `*`,
//! `**`, `~`, ANNUAL/HOURLY-only rows, a code listed as broad and detailed, an industry file with
//! ownership, an XLSX with a title row above the header; and the bad files.

mod common;

use std::path::{Path, PathBuf};

use common::{display, find, num, repo, rows, stderr_of, stdout_of, wagescope};

fn fixture(name: &str) -> String {
    display(&repo().join("tests/fixtures/oews").join(name))
}

/// Import `files` into a fresh directory; returns (dir guard, dataset path, stdout, stderr).
fn import(files: &[&str], extra: &[&str]) -> (tempfile::TempDir, PathBuf, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("dataset");
    let mut cmd = wagescope();
    cmd.args(["import", "oews"]);
    for f in files {
        cmd.arg(fixture(f));
    }
    let output = cmd.args(extra).args(["-o", &display(&out)]).output().expect("run");
    assert!(output.status.success(), "{}", stderr_of(&output));
    (dir, out, stdout_of(&output), stderr_of(&output))
}

#[test]
fn lower_case_2019_national_file_with_every_marker() {
    let (_dir, out, stdout, _) = import(&["national_M2019_dl.csv"], &[]);
    assert!(stdout.contains("OEWS May 2019 (national), 7 rows → 6 occupations, 10 wage rows"), "{stdout}");
    let wages = rows(&out.join("wages.csv"));
    // Numbers as text with thousands separators.
    let all = find(&wages, &[("occupation", "00-0000"), ("basis", "annual")]);
    assert_eq!(num(all[0], "employment"), Some(146_875_480.0));
    assert_eq!(num(all[0], "median"), Some(39_810.0));
    assert_eq!(all[0]["geography"], "US");
    assert_eq!((all[0]["year"].as_str(), all[0]["month"].as_str()), ("2019", "5"));
    // `#`: top-coded statistics are left empty, never used as a wage, and noted.
    let ceo = find(&wages, &[("occupation", "11-1011"), ("basis", "hourly")]);
    assert_eq!(num(ceo[0], "median"), Some(88.35));
    assert_eq!((num(ceo[0], "p75"), num(ceo[0], "p90")), (None, None));
    assert!(ceo[0]["notes"].contains("top-coded at or above the OEWS cap (#), left empty, never a wage: p75, p90"));
    // ANNUAL = TRUE: the hourly columns are `*`, so there is no hourly row, and the annual row says so.
    assert!(find(&wages, &[("occupation", "25-2011"), ("basis", "hourly")]).is_empty());
    let preschool = find(&wages, &[("occupation", "25-2011"), ("basis", "annual")]);
    assert!(
        preschool[0]["notes"].contains("only annual wages for this occupation (ANNUAL = TRUE)"),
        "{}",
        preschool[0]["notes"]
    );
    // HOURLY = TRUE and `**` employment.
    let actors = find(&wages, &[("occupation", "27-2011")]);
    assert_eq!(actors.len(), 1);
    assert_eq!(actors[0]["basis"], "hourly");
    assert_eq!(num(actors[0], "employment"), None);
    assert!(actors[0]["notes"].contains("employment estimate not available (**)"));
    // Listed as broad and detailed with the same code: imported once per basis.
    assert_eq!(find(&wages, &[("occupation", "13-1020")]).len(), 2);
    let occupations = rows(&out.join("occupations.csv"));
    let combined = find(&occupations, &[("code", "29-2098")]);
    assert_eq!(combined[0]["soc_version"], "2018");
    let sources = rows(&out.join("sources.csv"));
    assert_eq!(sources[0]["id"], "national_M2019_dl.csv");
    assert_eq!(sources[0]["data_date"], "2019-05");
}

#[test]
fn industry_file_with_ownership_and_the_tilde_marker() {
    let (_dir, out, stdout, stderr) = import(&["oews_sector_M2022_dl.csv"], &[]);
    assert!(stdout.contains("(national, by industry (sector))"), "{stdout}");
    // A marker in a column that does not use it: a warning with line and column, value not taken.
    let file = fixture("oews_sector_M2022_dl.csv");
    assert!(
        stderr.contains(&format!("{file}:5:12: warning: marker \"#\" in TOT_EMP, where OEWS does not use it")),
        "{stderr}"
    );
    let wages = rows(&out.join("wages.csv"));
    let cross = find(&wages, &[("setting", "all"), ("basis", "annual")]);
    assert_eq!(num(cross[0], "median"), Some(46_320.0));
    let finance = find(&wages, &[("setting", "Finance and Insurance"), ("basis", "annual")]);
    assert_eq!(num(finance[0], "median"), Some(58_870.0));
    assert!(finance[0]["notes"].contains("fewer than 0.5% of establishments reporting (~)"));
    let health = find(&wages, &[("setting", "Health Care and Social Assistance"), ("basis", "annual")]);
    assert_eq!(num(health[0], "employment"), Some(131_270.0));
    let government = find(&wages, &[("setting", "Federal, State, and Local Government (federal government)")]);
    assert_eq!(government.len(), 2);
    assert_eq!(num(government[0], "employment"), None);
    // National employment only from the cross-industry row.
    let employment = rows(&out.join("employment.csv"));
    assert_eq!(employment.len(), 1);
    assert_eq!(num(&employment[0], "employment"), Some(186_400.0));
}

#[test]
fn xlsx_history_links_the_soc_versions_and_reports() {
    let (dir, out, stdout, _) =
        import(&["national_M2016_dl.xlsx", "oews_sector_M2022_dl.csv"], &["--occupation", "29-2071,29-2072"]);
    assert!(
        stdout.contains("national_M2016_dl.xlsx: OEWS May 2016 (national), 3 rows → 1 occupations, 2 wage rows"),
        "{stdout}"
    );
    let occupations = rows(&out.join("occupations.csv"));
    let old = find(&occupations, &[("code", "29-2071")]);
    assert_eq!((old[0]["soc_version"].as_str(), old[0]["successor"].as_str()), ("2010", "29-2072"));
    let wages = rows(&out.join("wages.csv"));
    let w2016 = find(&wages, &[("occupation", "29-2071"), ("basis", "hourly")]);
    assert_eq!(num(w2016[0], "median"), Some(18.29));
    // The imported directory is a dataset: the outlook report for the new code shows the old as history.
    let report = dir.path().join("r.html");
    let output = wagescope()
        .args(["--data", &display(&out), "report", "outlook", "--occupation", "29-2072", "-o", &display(&report)])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr_of(&output));
    let html = std::fs::read_to_string(report).expect("report");
    assert!(html.contains("earlier code: 29-2071"), "history code");
    assert!(html.contains("Finance and Insurance") && html.contains("$58,870"));
}

#[test]
fn bad_files_are_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("never");
    let run = |args: &[&str]| {
        let o = wagescope().args(["import", "oews"]).args(args).args(["-o", &display(&out)]).output().expect("run");
        (o.status.code(), stderr_of(&o))
    };
    let (code, err) = run(&[&fixture("not_oews.csv"), "--year", "2020"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("not an OEWS table: looked for a header row with OCC_CODE and OCC_TITLE; found id, name, salary"),
        "{err}"
    );
    let (code, err) = run(&[&fixture("bad_number_M2021.csv")]);
    assert_eq!(code, Some(1));
    let file = fixture("bad_number_M2021.csv");
    assert!(
        err.contains(&format!("{file}:2:5: error: H_MEDIAN is not a number or an OEWS marker (got \"22.4x\"")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{file}:3:5: error: H_MEDIAN is not a number or an OEWS marker (got \"n/a\"")),
        "{err}"
    );
    let (code, err) = run(&[&fixture("truncated_M2016_dl.xlsx")]);
    assert_eq!(code, Some(1));
    assert!(err.contains("cannot read the workbook") && err.contains("is the file complete?"), "{err}");
    let (code, err) = run(&[&fixture("empty_M2020_dl.xlsx")]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("no sheet looks like an OEWS table") && err.contains("sheet \"national_M2020_dl\": empty"),
        "{err}"
    );
    let (code, err) = run(&[&fixture("not_oews.csv")]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot tell the year of") && err.contains("pass --year"), "{err}");
    assert!(!out.exists(), "nothing written on failure");
    // An existing, non-empty output directory is never overwritten.
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("keep.txt"), "mine").expect("write");
    let (code, err) = run(&[&fixture("national_M2019_dl.csv")]);
    assert_eq!(code, Some(2));
    assert!(err.contains("it exists; choose a new directory"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("keep.txt")).expect("kept"), "mine");
}

#[test]
fn agency_files_directly_with_an_occupation_title_fragment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("coders.html");
    let (xlsx, sector) = (fixture("national_M2016_dl.xlsx"), fixture("oews_sector_M2022_dl.csv"));
    // "medical records" matches 29-2071 and 29-2072; the old code is history of the new one.
    let out = wagescope()
        .args(["--oews", &xlsx, "--oews", &sector, "report", "outlook", "--occupation", "medical records"])
        .args(["-o", &display(&report)])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let html = std::fs::read_to_string(&report).expect("report");
    assert!(html.contains("SOC 29-2072") && html.contains("earlier code: 29-2071"));
    assert!(html.contains("BLS files ") && html.contains("Health Care and Social Assistance"));
    let out = wagescope().args(["--oews", &xlsx, "summarize", "--occupation", "physicians"]).output().expect("run");
    assert!(stdout_of(&out).contains("29-1069"), "{}", stderr_of(&out));
    // Ambiguous: both titles contain "records specialists"; the message lists them.
    let out = wagescope()
        .args([
            "--oews",
            &fixture("national_M2019_dl.csv"),
            "--oews",
            &sector,
            "summarize",
            "--occupation",
            "records specialists",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("matches 2 occupations; give the code of one: 29-2072 Medical Records Specialists; 29-2098 Medical Dosimetrists"), "{err}");
}

#[test]
fn employment_projections_table_as_published() {
    for file in ["occupation_2023-33.csv", "occupation_2023-33.xlsx"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("ep");
        let o =
            wagescope().args(["import", "projections", &fixture(file), "-o", &display(&out)]).output().expect("run");
        assert!(o.status.success(), "{file}: {}", stderr_of(&o));
        assert!(
            stdout_of(&o).contains("Employment Projections 2023–2033 → 5 occupations, 9 entry routes"),
            "{}",
            stdout_of(&o)
        );
        // Years from the header; thousands converted to jobs; header and footnote rows skipped.
        let projections = rows(&out.join("projections.csv"));
        assert_eq!(projections.len(), 5, "{file}");
        let coders = find(&projections, &[("occupation", "29-2072")]);
        assert_eq!((coders[0]["base_year"].as_str(), coders[0]["target_year"].as_str()), ("2023", "2033"));
        assert_eq!(num(coders[0], "base_employment"), Some(194_800.0));
        assert_eq!(num(coders[0], "target_employment"), Some(211_600.0));
        assert_eq!(num(coders[0], "change"), Some(16_800.0));
        assert_eq!(num(coders[0], "percent_change"), Some(8.6));
        assert_eq!(num(coders[0], "annual_openings"), Some(15_000.0));
        // Indented titles are trimmed; the median wage and the education columns are kept.
        let occupations = rows(&out.join("occupations.csv"));
        assert_eq!(find(&occupations, &[("code", "29-2072")])[0]["title"], "Medical records specialists");
        let wages = rows(&out.join("wages.csv"));
        let median = find(&wages, &[("occupation", "29-2072")]);
        assert_eq!((num(median[0], "median"), median[0]["year"].as_str()), (Some(50_250.0), "2024"));
        let education = rows(&out.join("education.csv"));
        let routes: Vec<&str> =
            find(&education, &[("occupation", "29-2052")]).iter().map(|r| r["path"].as_str()).collect();
        assert_eq!(
            routes,
            [
                "typical education needed for entry: High school diploma or equivalent",
                "work experience in a related occupation: None",
                "typical on-the-job training: Moderate-term on-the-job training"
            ]
        );
    }
    // With --oews: one report with wages by industry and the projection.
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("r.html");
    let o = wagescope()
        .args(["--oews", &fixture("oews_sector_M2022_dl.csv"), "--projections", &fixture("occupation_2023-33.xlsx")])
        .args(["report", "outlook", "--occupation", "medical records", "-o", &display(&report)])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    let html = std::fs::read_to_string(report).expect("report");
    assert!(
        html.contains("from 2023 to 2033, above the +4.0% projected for all occupations. That is +16,800 jobs, and about 15,000 openings a year (published)."),
        "projection"
    );
    assert!(html.contains("Postsecondary nondegree award"), "education");
    // Not an EP table: the columns looked for and found.
    let o = wagescope()
        .args(["import", "projections", &fixture("national_M2019_dl.csv"), "-o", &display(&dir.path().join("x"))])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr_of(&o).contains(
            "no Employment Projections occupation table: looked for a sheet titled \"Occupational projections … and worker characteristics\""
        ),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn top_coded_percentiles_show_as_such_in_the_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("ceo.html");
    let o = wagescope()
        .args(["--oews", &fixture("national_M2019_dl.csv"), "report", "outlook", "--occupation", "chief executives"])
        .args(["-o", &display(&report)])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    let html = std::fs::read_to_string(report).expect("report");
    assert!(html.contains(
        "per year (2019-05): 10th $72,050 · 25th $119,240 · median $183,770 · 75th top-coded (#) · 90th top-coded (#)"
    ));
    assert!(html.contains(
        "per hour (2019-05): 10th $34.64 · 25th $57.33 · median $88.35 · 75th top-coded (#) · 90th top-coded (#)"
    ));
}

#[test]
fn bad_cells_in_an_ep_table_and_rows_that_fail_the_checks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = std::fs::read_to_string(repo().join("tests/fixtures/oews/occupation_2023-33.csv")).expect("fixture");
    // Not a number: an error with row and column. A top-coded median: noted, never a wage. A row of
    // dashes: skipped.
    let bad = dir.path().join("ep_bad.csv");
    std::fs::write(&bad, source.replace("\"194.8\",\"211.6\"", "\"19 4.8\",\"n/a\"")).expect("write");
    let o = wagescope()
        .args(["import", "projections", &display(&bad), "-o", &display(&dir.path().join("a"))])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr_of(&o);
    assert!(
        err.contains(&format!("{}:6:4: error: Employment, 2023 is not a number (got \"19 4.8\"", display(&bad))),
        "{err}"
    );
    assert!(err.contains(":6:5: error: Employment, 2033 is not a number (got \"n/a\""), "{err}");
    let top = dir.path().join("ep_top.csv");
    std::fs::write(
        &top,
        source
            .replace("\"67,310\"", "\">=$239,200\"")
            .replace("\"459.6\",\"489.5\",\"29.9\",\"6.5\",\"48.2\"", "\"—\",\"—\",\"—\",\"—\",\"—\""),
    )
    .expect("write");
    let out = dir.path().join("b");
    let o = wagescope().args(["import", "projections", &display(&top), "-o", &display(&out)]).output().expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(
        find(&rows(&out.join("wages.csv")), &[("occupation", "29-9021")]).is_empty(),
        "no wage from a top-coded cell"
    );
    let occupation = rows(&out.join("occupations.csv"));
    assert!(find(&occupation, &[("code", "29-9021")])[0]["notes"].contains("top-coded, published as >=$239,200"));
    assert!(find(&rows(&out.join("projections.csv")), &[("occupation", "29-2052")]).is_empty(), "a row of dashes");
    // OEWS rows that fail the dataset checks name the agency file as given, its line and column
    // (issue 20): not a temporary copy, nor the dataset that was not written.
    let negative = dir.path().join("neg_M2021.csv");
    std::fs::write(
        &negative,
        "OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,H_MEAN,H_MEDIAN\n15-1111,Scientists,detailed,100,-5,20\n",
    )
    .expect("write");
    let target = dir.path().join("c");
    let o = wagescope().args(["import", "oews", &display(&negative), "-o", &display(&target)]).output().expect("run");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr_of(&o);
    assert!(
        err.contains(&format!(
            "{}:2:5: error: column 'H_MEAN' is negative (nothing was written) (got \"-5.0\", expected a number ≥ 0)",
            display(&negative)
        )),
        "{err}"
    );
    assert!(!target.exists());
}

#[test]
fn agency_files_added_to_a_dataset_are_reconciled_with_its_sources() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("r.json");
    let o = wagescope()
        .args([
            "--data",
            &display(&repo().join("datasets/medical-coding")),
            "--oews",
            &fixture("oews_sector_M2022_dl.csv"),
        ])
        .args(["report", "outlook", "--occupation", "29-2072", "--format", "json", "-o", &display(&report)])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(report).expect("json")).expect("parse");
    let sources: Vec<&str> = json["data"]["reconciliation"]["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter_map(|f| f["source"].as_str())
        .collect();
    assert!(sources.contains(&"oews_sector_M2022_dl.csv"), "{sources:?}");
    assert!(sources.contains(&"000_c3e7182c3828e46c.txt"), "{sources:?}");
    assert_eq!(
        json["dataset"],
        format!("{} + {}", display(&repo().join("datasets/medical-coding")), fixture("oews_sector_M2022_dl.csv"))
    );
}

#[test]
fn a_parquet_dataset_reads_like_a_csv_one() {
    let (dir, csv_out, _, _) = import(&["oews_sector_M2022_dl.csv"], &[]);
    let parquet_out = dir.path().join("pq");
    let o = wagescope()
        .args([
            "import",
            "oews",
            &fixture("oews_sector_M2022_dl.csv"),
            "--format",
            "parquet",
            "-o",
            &display(&parquet_out),
        ])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(parquet_out.join("wages.parquet").is_file() && !parquet_out.join("wages.csv").exists());
    let summary = |data: &Path| {
        let o = wagescope()
            .args([
                "--data",
                &display(data),
                "summarize",
                "--occupation",
                "29-2072",
                "--by",
                "setting",
                "--format",
                "csv",
            ])
            .output()
            .expect("run");
        assert!(o.status.success(), "{}", stderr_of(&o));
        stdout_of(&o)
    };
    assert_eq!(summary(&csv_out), summary(&parquet_out));
}

/// Issue 13, item 5: progress is drawn on stderr only when it is a terminal. Here stderr is a pipe
/// and the import runs for more than a second (the delay before progress shows), so nothing but
/// the command's own output may appear.
#[test]
fn issue_13_no_progress_on_stderr_when_it_is_not_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = std::fs::read_to_string(fixture("oews_state_M2025_all_states.csv")).expect("fixture");
    let mut lines = fixture.lines();
    let mut text = format!("{}\n", lines.next().expect("header"));
    let body: Vec<&str> = lines.collect();
    // 40 copies of every state row, each copy its own (made-up) occupation code.
    for copy in 0..40 {
        for (i, line) in body.iter().enumerate() {
            let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
            cells[7] = format!("{:02}-{:04}", 31 + copy, i);
            cells[8] = format!("Occupation {copy} {i}");
            text.push_str(&cells.join(","));
            text.push('\n');
        }
    }
    let file = dir.path().join("oews_state_M2025.csv");
    std::fs::write(&file, text).expect("write");
    let out = dir.path().join("dataset");
    let started = std::time::Instant::now();
    let o = wagescope().args(["import", "oews", &display(&file), "-o", &display(&out)]).output().expect("run");
    let took = started.elapsed();
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert_eq!(stderr_of(&o), "", "took {took:?}");
    assert!(stdout_of(&o).contains("4280 rows"), "{}", stdout_of(&o));
}
