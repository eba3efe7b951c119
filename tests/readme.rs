//! The README cannot drift (issue 22, item 6): every console example in README.md is run by trycmd,
//! and what the command prints must be what the README shows.
//!
//! The examples run one after the other in one scratch folder, as a reader following the README
//! would, so a file one example writes (`sample -o payroll.csv`) is there for the next. The folder
//! holds the README's inputs: the repository's fixtures under their own paths (`tests/fixtures/…`,
//! `examples/roster.csv`), `my-dataset` (the embedded dataset with a broken `wages.csv`) and
//! `table_1.2.csv` (tests/fixtures/readme/).
//!
//! A block whose info string says `needs=…` runs only where that is at hand; elsewhere it is listed
//! as not run (on stderr) and skipped:
//! - `needs=bls`: the agency files as published (`national_M2023_dl.xlsx`, `wage1_cps1976.csv`…),
//!   found by name under `$WAGESCOPE_REAL_DATA` (`.ci/run` sets it on the developers' machines);
//! - `needs=duckdb`: `$WAGESCOPE_README_PYTHON`, a Python with the `duckdb` package (`.ci/run`: its venv);
//! - `needs=spark`: a build with the `spark` feature and `$SPARK_REMOTE`, a running Spark Connect server;
//! - `needs=slow`: `$WAGESCOPE_README_SLOW` set (every occupation of a BLS file: half a minute in a debug build).
//!
//! Inside an example, `...` on a line of its own stands for any lines and `[..]` for any text in a
//! line (what a reader skips anyway); `? 1` under a command is its exit code.
//!
//! To bring the README up to date after a change of output: `TRYCMD=overwrite cargo test --test
//! readme`, then read the diff (trycmd keeps the `...` and `[..]` where it can).

use std::path::{Path, PathBuf};

/// What a `needs=` tag asks for.
struct Available {
    /// `$WAGESCOPE_REAL_DATA`: a folder holding the agency files the README names.
    real_data: Option<PathBuf>,
    /// `$WAGESCOPE_README_PYTHON`: a Python that can `import duckdb`.
    python: Option<PathBuf>,
    /// Built with `--features spark` and `$SPARK_REMOTE` set.
    spark: bool,
    /// `$WAGESCOPE_README_SLOW` set: examples that take half a minute or more in a debug build run too.
    slow: bool,
}

impl Available {
    fn from_env() -> Self {
        let dir = |var: &str| std::env::var_os(var).map(PathBuf::from).filter(|p| p.exists());
        Available {
            real_data: dir("WAGESCOPE_REAL_DATA"),
            python: dir("WAGESCOPE_README_PYTHON"),
            spark: cfg!(feature = "spark") && std::env::var_os("SPARK_REMOTE").is_some(),
            slow: std::env::var_os("WAGESCOPE_README_SLOW").is_some(),
        }
    }

    /// Why a block tagged `needs=what` cannot run here, or `None` when it can.
    fn lacks(&self, what: &str) -> Option<String> {
        match what {
            "bls" if self.real_data.is_none() => {
                Some("the agency files as published: set WAGESCOPE_REAL_DATA to a folder holding them".into())
            }
            "duckdb" if self.python.is_none() => {
                Some("DuckDB: set WAGESCOPE_README_PYTHON to a Python with the duckdb package".into())
            }
            "spark" if !self.spark => {
                Some("Spark: build with --features spark and set SPARK_REMOTE to a running server".into())
            }
            "slow" if !self.slow => Some("half a minute in a debug build: set WAGESCOPE_README_SLOW=1".into()),
            "bls" | "duckdb" | "spark" | "slow" => None,
            other => panic!("README.md: unknown needs={other} (known: bls, duckdb, spark, slow)"),
        }
    }
}

/// The scratch copy of the README that trycmd runs: every block that cannot run here turned into
/// `console,ignore,…` (with the README's line and the reason in the second value), and a blank
/// line added after each command's output, where trycmd looks for the end of an output that ends
/// with a newline (the README itself stays without it). The third value maps each line of the copy
/// to the README's.
fn gate_blocks(readme: &str, available: &Available) -> (String, Vec<(usize, String)>, Vec<usize>) {
    let mut skipped = Vec::new();
    let mut out = String::with_capacity(readme.len() + 4096);
    let mut map = Vec::new();
    let mut in_console = false;
    let mut after_output = false;
    for (index, line) in readme.split_inclusive('\n').enumerate() {
        let number = index + 1;
        if in_console {
            let closes = line.trim_end() == "```";
            if after_output && (closes || line.starts_with("$ ")) {
                out.push('\n');
                map.push(number);
            }
            in_console = !closes;
            // Any line of a block — a command, its `> ` and `? ` lines, its output — can end
            // what the next command or the fence closes: an output, or none (the blank line
            // then stands for an empty one).
            after_output = true;
        } else if let Some(info) = line.strip_prefix("```console") {
            in_console = true;
            after_output = false;
            let reasons: Vec<String> = info
                .trim()
                .split(',')
                .filter_map(|a| a.strip_prefix("needs="))
                .filter_map(|w| available.lacks(w))
                .collect();
            if !reasons.is_empty() {
                out.push_str(GATED);
                out.push_str(info);
                map.push(number);
                skipped.push((number, reasons.join("; ")));
                continue;
            }
        }
        out.push_str(line);
        map.push(number);
    }
    (out, skipped, map)
}

/// The fence of a block `gate_blocks` turned off (trycmd skips a block whose info string says
/// `ignore`; `gated` tells `ungate` which ones it was).
const GATED: &str = "```console,ignore,gated";

/// Undoes `gate_blocks` on a copy trycmd rewrote (`TRYCMD=overwrite`): the `ignore` taken out, and
/// the blank line before each command and closing fence of a console block.
fn ungate(text: &str) -> String {
    let text = text.replace(GATED, "```console");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut in_console = false;
    for (i, line) in lines.iter().enumerate() {
        if in_console {
            let next = lines.get(i + 1).copied().unwrap_or("");
            let before_end = next.trim_end() == "```" || next.starts_with("$ ");
            if line.trim_end().is_empty() && before_end {
                continue;
            }
            in_console = line.trim_end() != "```";
        } else if line.starts_with("```console") {
            in_console = true;
        }
        out.push_str(line);
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A file named `name` anywhere under `dir` (the agency files sit in subfolders: bls/, micro/).
fn find(dir: &Path, name: &str) -> Option<PathBuf> {
    // In name order, so that the same folder always gives the same file.
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if let Some(found) = find(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
    }
    None
}

/// The agency files the `needs=bls` examples name, as published.
const REAL_FILES: &[&str] = &[
    "national_M2016_dl.xlsx",
    "national_M2018_dl.xlsx",
    "national_M2021_dl.xlsx",
    "national_M2023_dl.xlsx",
    "oews_natsector_M2022_dl.csv",
    "occupation_2019_29.xlsx",
    "oews_state_M2025.csv",
    "wage1_cps1976.csv",
];

/// The scratch folder the examples run in, with the README's inputs.
fn stage_inputs(repo: &Path, into: &Path, available: &Available) {
    copy_dir(&repo.join("tests/fixtures/micro"), &into.join("tests/fixtures/micro"));
    std::fs::create_dir_all(into.join("examples")).unwrap();
    std::fs::copy(repo.join("examples/roster.csv"), into.join("examples/roster.csv")).unwrap();
    copy_dir(&repo.join("tests/fixtures/readme"), into);
    // The 2024–34 projections workbook as published, trimmed to the rows the examples use
    // (tests/fixtures/ep/make_ep_2024.py): no example prints a figure of a row trimmed away.
    std::fs::copy(repo.join("tests/fixtures/ep/occupation_2024_34.xlsx"), into.join("occupation.xlsx")).unwrap();
    for fixture in [
        "oews/empty_title_M2023_dl.xlsx",
        "oews/occupation_2023-33.csv",
        "ep/table_1.10_2023-33.csv",
        "ep/table_1.12_2023-33.csv",
    ] {
        let path = repo.join("tests/fixtures").join(fixture);
        std::fs::copy(&path, into.join(path.file_name().unwrap())).unwrap();
    }
    // "a copy of the dataset" whose wages.csv has three bad medians and a bad basis.
    copy_dir(&repo.join("datasets/medical-coding"), &into.join("my-dataset"));
    std::fs::copy(repo.join("tests/fixtures/bad/wages.bad_values.csv"), into.join("my-dataset/wages.csv")).unwrap();
    if let Some(dir) = &available.real_data {
        for name in REAL_FILES {
            let found = find(dir, name).unwrap_or_else(|| panic!("{name} is not under {}", dir.display()));
            std::fs::copy(found, into.join(name)).unwrap();
        }
        // The O*NET database's text files, in the folder its zip unpacks to.
        let onet = find(dir, "Occupation Data.txt").unwrap_or_else(|| panic!("no O*NET under {}", dir.display()));
        copy_dir(onet.parent().unwrap(), &into.join("db_29_3_text"));
    }
}

#[test]
fn readme_console_examples_print_what_the_readme_shows() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme_path = repo.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let available = Available::from_env();
    let (gated, skipped, map) = gate_blocks(&readme, &available);
    for (line, reason) in &skipped {
        eprintln!("README.md:{line}: example not run here; it needs {reason}");
    }

    // trycmd runs README.md in README.in/ beside it: both in a scratch folder.
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("README.md");
    std::fs::write(&copy, &gated).unwrap();
    stage_inputs(&repo, &scratch.path().join("README.in"), &available);

    let cases = trycmd::TestCases::new();
    cases.env("NO_COLOR", "1").case(&copy);
    if let Some(python) = &available.python {
        cases.register_bin("python3", python.as_path());
    }
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cases.run()));
    if let Err(failure) = run {
        // trycmd names the copy's lines; say where each command is in README.md.
        let commands: Vec<String> = gated
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with("$ "))
            .map(|(i, _)| format!("{} → {}", i + 1, map[i]))
            .collect();
        eprintln!("Lines of the scratch copy → README.md: {}", commands.join(", "));
        std::panic::resume_unwind(failure);
    }

    if std::env::var("TRYCMD").is_ok_and(|mode| mode == "overwrite") {
        let updated = std::fs::read_to_string(&copy).unwrap();
        if updated != gated {
            std::fs::write(&readme_path, ungate(&updated)).unwrap();
            eprintln!("README.md updated: read the diff");
        }
    }
}

#[test]
fn gating_keeps_the_readmes_lines_and_undoes_cleanly() {
    let readme = "text\n```console,needs=bls\n$ wagescope x\nout\n```\n\n```console\n$ wagescope y\n> --z\n? 1\nout\n\n$ wagescope w\n```\n";
    let none = Available { real_data: None, python: None, spark: false, slow: false };
    let (gated, skipped, map) = gate_blocks(readme, &none);
    assert_eq!(
        gated,
        "text\n```console,ignore,gated,needs=bls\n$ wagescope x\nout\n\n```\n\n```console\n$ wagescope y\n> --z\n? 1\nout\n\n\n$ wagescope w\n\n```\n"
    );
    assert_eq!(
        skipped,
        vec![(2, "the agency files as published: set WAGESCOPE_REAL_DATA to a folder holding them".to_string())]
    );
    assert_eq!(map, vec![1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13, 14, 14]);
    assert_eq!(ungate(&gated), readme);
    let all = Available { real_data: Some(PathBuf::from(".")), python: None, spark: false, slow: false };
    assert_eq!(ungate(&gate_blocks(readme, &all).0), readme);
}
