//! Issue 14: the exact summary as one SQL statement (`wagescope sql`) and an engine's result read
//! back (`--aggregates`). The engine results in tests/fixtures/engine are worked out by hand in
//! its README; CI checks that DuckDB and Spark return exactly them (tests/engines/compare.py).

mod common;

use common::{repo, stderr_of, stdout_of, wagescope};
use serde_json::Value;

fn fixture(path: &str) -> String {
    repo().join("tests/fixtures").join(path).display().to_string()
}

fn json_of(args: &[&str]) -> Value {
    let out = wagescope().args(args).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn group<'a>(json: &'a Value, key: &str, value: &str) -> &'a Value {
    json["groups"].as_array().unwrap().iter().find(|g| g[key] == value).unwrap_or_else(|| panic!("no group {value}"))
}

fn sql(args: &[&str]) -> std::process::Output {
    wagescope().arg("sql").args(args).output().unwrap()
}

#[test]
fn the_weighted_result_gives_the_figures_and_rules_of_the_microdata() {
    let engine = json_of(&["summarize", "--aggregates", &fixture("engine/weighted_by_setting.csv"), "--by", "setting"]);
    // A: 10…60 thousand, weights 2,2,2,2,1,1 (hand-computed in tests/fixtures/micro/README.md).
    let a = group(&engine, "setting", "A");
    let got: Vec<f64> = ["p10", "p25", "median", "p75", "p90"].iter().map(|p| a[p].as_f64().unwrap()).collect();
    assert_eq!(got, [10_000.0, 20_000.0, 30_000.0, 40_000.0, 50_000.0]);
    assert_eq!(a["mean"].as_f64(), Some(31_000.0));
    assert_eq!(a["weight"].as_f64(), Some(10.0));
    // B: employer E7 holds 2 of 5 → dominance; C, the smallest other group, → secondary.
    assert_eq!(group(&engine, "setting", "B")["suppression"], "dominance");
    assert_eq!(group(&engine, "setting", "C")["suppression"], "secondary");
    assert!(group(&engine, "setting", "C")["median"].is_null());
    // The total: 635,000 / 20.
    assert_eq!(engine["total"]["mean"].as_f64(), Some(31_750.0));
    assert_eq!(engine["total"]["median"].as_f64(), Some(30_000.0));
    // The same as the microdata summary, group for group.
    let local = json_of(&["summarize", "--microdata", &fixture("micro/weighted.csv"), "--by", "setting"]);
    assert_eq!(engine["groups"], local["groups"]);
    assert_eq!(engine["total"], local["total"]);
    assert_eq!(engine["rules"], local["rules"]);
}

#[test]
fn the_unweighted_result_keeps_linear_interpolation_and_a_stricter_min_n_applies() {
    let engine =
        json_of(&["summarize", "--aggregates", &fixture("engine/unweighted_by_setting.csv"), "--by", "setting"]);
    let local = json_of(&["summarize", "--microdata", &fixture("micro/unweighted.csv"), "--by", "setting"]);
    assert_eq!(engine["groups"], local["groups"]);
    assert_eq!(engine["weighted"], false);
    assert_eq!(group(&engine, "setting", "Office")["p90"].as_f64(), Some(77_500.0));
    // --min-n 6 hides Hospital (5 rows) as well: two hidden, no secondary.
    let strict = json_of(&[
        "summarize",
        "--aggregates",
        &fixture("engine/unweighted_by_setting.csv"),
        "--by",
        "setting",
        "--min-n",
        "6",
    ]);
    assert_eq!(group(&strict, "setting", "Hospital")["suppression"], "n < 6");
    assert_eq!(group(&strict, "setting", "Clinic")["suppression"], "n < 6");
    assert_eq!(group(&strict, "setting", "Office")["suppressed"], false);
}

#[test]
fn a_grouping_the_result_lacks_is_a_usage_error_naming_the_command() {
    let out = wagescope()
        .args(["summarize", "--aggregates", &fixture("engine/weighted_by_setting.csv"), "--by", "experience"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("has no grouping by experience (it has setting; total)"), "{err}");
    assert!(err.contains("wagescope sql --by experience"), "{err}");
}

#[test]
fn a_file_that_is_not_a_result_names_the_missing_columns() {
    let out = wagescope()
        .args(["summarize", "--aggregates", &fixture("micro/weighted.csv"), "--by", "setting"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("not an engine result of `wagescope sql`: missing column(s) grouping, n,"), "{err}");
    assert!(err.contains("columns occupation, setting"), "{err}");
}

#[test]
fn rows_the_engine_left_out_fail_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("engine/weighted_by_setting.csv")).unwrap();
    // Three invalid rows counted by the engine.
    let bad = text.replace(",0,true,5,", ",3,true,5,");
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, bad).unwrap();
    let path = path.display().to_string();
    let out = wagescope().args(["summarize", "--aggregates", &path, "--by", "setting"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("the engine left out 3 row(s)"), "{}", stderr_of(&out));
    let out =
        wagescope().args(["summarize", "--aggregates", &path, "--by", "setting", "--skip-bad-rows"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("skipped 3 invalid row(s)"), "{}", stderr_of(&out));
}

#[test]
fn restating_each_row_needs_the_rows() {
    let out = wagescope()
        .args(["summarize", "--aggregates", &fixture("engine/weighted_by_setting.csv"), "--basis", "hourly"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("use them with --microdata"), "{}", stderr_of(&out));
}

#[test]
fn the_statement_reads_the_source_each_dialect_names() {
    let duck = sql(&["--dialect", "duckdb", "--source", "data/wages.parquet", "--by", "setting,region"]);
    assert!(duck.status.success(), "{}", stderr_of(&duck));
    let text = stdout_of(&duck);
    assert!(text.contains("FROM read_parquet('data/wages.parquet')"), "{text}");
    assert!(text.contains("IS NOT DISTINCT FROM"));
    assert!(text.contains("-- groupings: total; setting,region"));
    // Wages cast to cents, weights to six decimals, for exact sums; bins as the local engine's.
    assert!(text.contains("CAST(wage AS DECIMAL(17,2))") && text.contains("CAST(weight_raw AS DECIMAL(20,6))"));
    assert!(text.contains("FLOOR(SQRT(LEAST(wage, CAST('1000000000000000.0' AS DOUBLE))) * CAST('4.0' AS DOUBLE))"));
    // Spark: a CSV needs a view with its header; keys joined null-safe.
    let spark = sql(&["--dialect", "spark", "--source", "s3a://bucket/wages.csv", "--by", "region"]);
    let text = stdout_of(&spark);
    assert!(text.contains("CREATE OR REPLACE TEMPORARY VIEW wagescope_source USING csv OPTIONS (path 's3a://bucket/wages.csv', header 'true');"), "{text}");
    assert!(text.contains("<=>") && !text.contains("IS NOT DISTINCT FROM"));
    let table = sql(&["--dialect", "spark", "--source", "payroll.wages_2025"]);
    assert!(stdout_of(&table).contains("FROM payroll.wages_2025"));
}

#[test]
fn the_statement_checks_rows_on_the_columns_the_source_has() {
    let out = sql(&[
        "--dialect",
        "duckdb",
        "--source",
        "x.csv",
        "--columns",
        "Pay,Dept,Yrs",
        "--map",
        "wage=Pay,setting=Dept,years_experience=Yrs",
        "--wage-unit",
        "hour",
        "--by",
        "setting",
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    // Hourly pay × 2,080, the bound, the years checked; unweighted (no weight column).
    assert!(text.contains(r#"TRY_CAST("Pay" AS DOUBLE) * CAST('2080.0' AS DOUBLE) AS wage"#), "{text}");
    assert!(text.contains("wage <= CAST('5000000.0' AS DOUBLE)"));
    assert!(text.contains("years >= 0"));
    assert!(text.contains("CAST(1 AS DECIMAL(20,6)) AS wt"));
    assert!(text.contains("'hourly wages × 2,080 hours a year' AS \"wage_conversion\""));
}

#[test]
fn the_statement_refuses_what_the_source_cannot_give() {
    let out =
        sql(&["--dialect", "duckdb", "--source", "x.csv", "--columns", "annual_wage,setting", "--by", "certification"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--by certification: x.csv has no certified column"), "{}", stderr_of(&out));
    let out = sql(&["--dialect", "duckdb", "--source", "x.csv", "--columns", "salary,setting"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("missing a wage column"), "{}", stderr_of(&out));
    let out = sql(&["--dialect", "duckdb", "--source", "my table"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("neither a path"), "{}", stderr_of(&out));
    let out = sql(&["--dialect", "duckdb", "--source", "x.parquet", "--by", "settings"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("unknown dimension \"settings\""), "{}", stderr_of(&out));
}

#[test]
fn report_and_rollups_ask_for_every_grouping_needed() {
    let out = sql(&["--dialect", "duckdb", "--source", "x.parquet", "--report"]);
    assert!(
        stdout_of(&out)
            .contains("-- groupings: total; setting; experience; certification; setting,experience,certification")
    );
    let out = sql(&["--dialect", "duckdb", "--source", "x.parquet", "--by", "setting,region", "--rollups"]);
    assert!(stdout_of(&out).contains("-- groupings: total; setting; region; setting,region"), "{}", stdout_of(&out));
}

#[test]
fn the_report_from_a_result_says_what_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    let out = wagescope()
        .args(["report", "outlook", "--aggregates", &fixture("engine/weighted_by_setting.csv"), "-o"])
        .arg(&html)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("holds no rows, so the distribution chart is left out"));
    assert!(text.contains("computed by another engine"));
    assert!(text.contains("$31,000"), "A's mean is shown");
}

#[test]
fn the_statement_is_written_completely_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.sql");
    let out = sql(&["--dialect", "spark", "--source", "t", "-o", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("-- wagescope") && text.trim_end().ends_with(';'));
}

#[test]
fn save_to_makes_the_engine_write_what_aggregates_reads() {
    let duck = stdout_of(&sql(&["--dialect", "duckdb", "--source", "w.parquet", "--save-to", "out/r.parquet"]));
    assert!(duck.contains("COPY (\nWITH") && duck.contains(") TO 'out/r.parquet' (FORMAT parquet);"), "{duck}");
    assert!(duck.contains("--aggregates out/r.parquet"));
    let spark = stdout_of(&sql(&["--dialect", "spark", "--source", "w.parquet", "--save-to", "s3a://b/result"]));
    assert!(
        spark.contains("INSERT OVERWRITE DIRECTORY 's3a://b/result' USING parquet\nWITH\nwagescope_cand AS (\n"),
        "{spark}"
    );
    // Spark: the steps up to the last cached one as views, three of them cached; the steps after
    // it as CTEs of the last statement, reading the cached views by name; the source named once;
    // the views dropped after the result, and only they.
    for view in ["wagescope_hist", "wagescope_located", "wagescope_want"] {
        assert!(spark.contains(&format!("DROP VIEW IF EXISTS {view};\nCACHE TABLE {view} AS\n")), "{view}: {spark}");
    }
    assert_eq!(spark.matches("WITH\n").count(), 1, "{spark}");
    assert_eq!(spark.matches("CREATE OR REPLACE TEMPORARY VIEW").count(), 8, "t c r bad h hs cum qs: {spark}");
    assert_eq!(spark.matches("parquet.`w.parquet`").count(), 1, "{spark}");
    let result = spark.find("INSERT OVERWRITE").unwrap();
    let (last, cleanup) = spark[result..].split_once(";\n").unwrap();
    assert!(last.contains("FROM wagescope_want x") && last.contains("FROM wagescope_located b"), "{last}");
    assert!(
        cleanup.starts_with("-- once the result is read")
            && cleanup.contains("DROP VIEW IF EXISTS wagescope_want;\nDROP VIEW IF EXISTS wagescope_located;")
            && cleanup.trim_end().ends_with("DROP VIEW IF EXISTS wagescope_t;")
            && !cleanup.contains("wagescope_cand"),
        "{cleanup}"
    );
    // A directory of part files, as Spark writes it: every part read, _SUCCESS ignored.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("engine/weighted_by_setting.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(dir.path().join("part-00000.csv"), format!("{}\n{}\n{}\n", lines[0], lines[1], lines[2])).unwrap();
    std::fs::write(dir.path().join("part-00001.csv"), format!("{}\n{}\n{}\n", lines[0], lines[3], lines[4])).unwrap();
    std::fs::write(dir.path().join("_SUCCESS"), "").unwrap();
    let from_dir = json_of(&["summarize", "--aggregates", dir.path().to_str().unwrap(), "--by", "setting"]);
    let from_file =
        json_of(&["summarize", "--aggregates", &fixture("engine/weighted_by_setting.csv"), "--by", "setting"]);
    assert_eq!(from_dir["groups"], from_file["groups"]);
    assert_eq!(from_dir["total"], from_file["total"]);
    // The reports read such a directory too, and name each part file among their inputs (report
    // outlook failed with "Is a directory" while hashing its inputs; report benchmark did not
    // list the result at all).
    let out = tempfile::tempdir().unwrap();
    for kind in ["outlook", "benchmark"] {
        let html = out.path().join(format!("{kind}.html"));
        let run = wagescope()
            .args(["report", kind, "--aggregates", dir.path().to_str().unwrap(), "-o"])
            .arg(&html)
            .output()
            .unwrap();
        assert!(run.status.success(), "{kind}: {}", stderr_of(&run));
        let text = std::fs::read_to_string(&html).unwrap();
        let inputs = &text[text.rfind("<p>Inputs: ").expect("inputs")..];
        assert!(inputs.contains("part-00000.csv") && inputs.contains("part-00001.csv"), "{kind}: {inputs}");
        assert!(!inputs.contains("_SUCCESS"), "{kind}: {inputs}");
    }
}

#[test]
fn by_certification_brings_the_cells_of_the_within_cells_premium() {
    let out = sql(&["--dialect", "duckdb", "--source", "x.parquet", "--by", "certification"]);
    assert!(stdout_of(&out).contains("-- groupings: total; certification; setting,experience,certification"));
    let out = sql(&[
        "--dialect",
        "duckdb",
        "--source",
        "x.csv",
        "--columns",
        "annual_wage,certified",
        "--by",
        "certification",
    ]);
    assert!(stdout_of(&out).contains("-- groupings: total; certification\n"), "{}", stdout_of(&out));
}

/// Equal group for group: n, percentiles and suppression exactly; weight and mean to a relative
/// 1e-12 (the engine sums decimals, the local engine binary fixed point: both exact, then rounded).
fn assert_same_summary(engine: &Value, local: &Value) {
    let (e, l) = (engine["groups"].as_array().unwrap(), local["groups"].as_array().unwrap());
    assert_eq!(e.len(), l.len());
    for (eg, lg) in e.iter().chain([&engine["total"]]).zip(l.iter().chain([&local["total"]])) {
        for (key, value) in lg.as_object().unwrap() {
            match key.as_str() {
                "weight" | "mean" => {
                    let close = match (eg[key].as_f64(), value.as_f64()) {
                        (Some(a), Some(b)) => (a - b).abs() <= 1e-12 * b.abs(),
                        (a, b) => a == b,
                    };
                    assert!(close, "{key}: engine {}, local {value} in {lg}", eg[key]);
                }
                _ => assert_eq!(&eg[key], value, "{key} in {lg}"),
            }
        }
    }
}

#[test]
fn the_browser_checks_report_result_is_what_the_local_engine_gives_for_its_sample() {
    // tests/fixtures/engine/report_sample_5k.csv: DuckDB's result of `wagescope sql --report` over
    // `wagescope sample --rows 5000 --seed 11` (tests/browser/run.sh builds a report from it; CI
    // checks that DuckDB and Spark still return exactly these rows).
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("s.csv");
    let out = wagescope().args(["sample", "--rows", "5000", "--seed", "11", "-o"]).arg(&sample).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let result = fixture("engine/report_sample_5k.csv");
    for by in ["setting", "experience", "certification", "setting,experience,certification"] {
        let engine = json_of(&["summarize", "--aggregates", &result, "--by", by]);
        let local = json_of(&["summarize", "--microdata", sample.to_str().unwrap(), "--by", by]);
        assert_eq!(engine["groups"].as_array().unwrap().len(), local["groups"].as_array().unwrap().len(), "{by}");
        assert_same_summary(&engine, &local);
        if by == "certification" {
            let (e, l) = (&engine["certification_within_cells"], &local["certification_within_cells"]);
            assert_eq!(e["cells_used"].as_u64(), Some(32), "{e}");
            for key in ["premium_percent", "weight_share"] {
                let (a, b) = (e[key].as_f64().unwrap(), l[key].as_f64().unwrap());
                assert!((a - b).abs() <= 1e-12 * b.abs(), "within cells {key}: engine {a}, local {b}");
            }
            assert_eq!((&e["cells_total"], &e["method"]), (&l["cells_total"], &l["method"]));
        }
    }
}

/// Issue 22, item 4: a file wagescope can open gives its own columns; a table without --columns
/// is said to be assumed to have the sample's.
#[test]
fn the_statement_reads_the_columns_of_a_file_it_can_open() {
    let file = repo().join("tests/fixtures/micro/zero_weight.csv").display().to_string();
    let out = sql(&["--dialect", "duckdb", "--source", &file, "--by", "setting"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    // Its columns are annual_wage, setting and weight: nothing of the sample's employer or year.
    assert!(!text.contains("\"employer\"") && !text.contains("\"year\""), "{text}");
    assert!(text.contains("TRY_CAST(\"weight\" AS DOUBLE)"), "{text}");
    assert!(stderr_of(&out).is_empty(), "{}", stderr_of(&out));
    let table = sql(&["--dialect", "duckdb", "--source", "db.wages", "--by", "setting"]);
    assert!(table.status.success());
    assert!(
        stderr_of(&table).contains("warning: the columns of db.wages are not known here (a table the engine knows)"),
        "{}",
        stderr_of(&table)
    );
}

/// Issue 22, item 4: `--spark` with `--microdata` says what each reads.
#[test]
fn spark_reads_source_and_says_so() {
    let out =
        wagescope().args(["summarize", "--spark", "sc://localhost:1", "--microdata", "wages.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("--spark runs the summary on the cluster, over --source"), "{err}");
    assert!(err.contains("Use --spark URL --source wages.csv"), "{err}");
    let out = wagescope().args(["benchmark", "--spark", "sc://localhost:1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--spark needs --source PATH|TABLE"), "{}", stderr_of(&out));
}
