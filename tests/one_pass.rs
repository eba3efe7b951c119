//! The outlook report's microdata results come from one read of the file (issue 13): every
//! figure equals what a separate summary of the same file gives, to the last digit.

mod common;

use common::{stderr_of, wagescope};
use polars::prelude::LazyFrame;
use wagescope::analysis::micro::outlook::micro_outlook;
use wagescope::analysis::micro::{MicroDim, MicroSummary, MicroSummaryOptions, summarize};
use wagescope::analysis::premium::{cells_options, certification_within_cells};
use wagescope::data::microdata::{MicroOptions, Microdata};

fn open(path: &std::path::Path) -> Microdata {
    Microdata::open(path, &MicroOptions::default()).expect("open")
}

fn options(microdata: &Microdata, min_n: u64) -> MicroSummaryOptions {
    MicroSummaryOptions {
        by: Vec::new(),
        weighted: microdata.present.weight,
        min_n,
        dominance: microdata.present.employer,
        secondary: true,
    }
}

fn separate(lf: &LazyFrame, options: &MicroSummaryOptions, by: Vec<MicroDim>) -> MicroSummary {
    summarize(lf.clone(), &MicroSummaryOptions { by, ..options.clone() }).expect("summary")
}

/// The report's summaries against separate ones, figure for figure.
fn check(microdata: &Microdata, min_n: u64) {
    let lf = &microdata.lf;
    let options = options(microdata, min_n);
    let dims = [MicroDim::Setting, MicroDim::Experience, MicroDim::Certification];
    let report = micro_outlook(lf, &microdata.file, false, &options, &dims).expect("outlook");
    let overall = separate(lf, &options, Vec::new());
    assert_eq!(report.overall.total, overall.total);
    assert_eq!(report.overall.rows_invalid, overall.rows_invalid);
    for (got, dim) in [
        (&report.by_setting, MicroDim::Setting),
        (&report.by_experience, MicroDim::Experience),
        (&report.by_certification, MicroDim::Certification),
    ] {
        let want = separate(lf, &options, vec![dim]);
        let got = got.as_ref().expect("every breakdown");
        assert_eq!(got.groups, want.groups, "{dim:?}");
        assert_eq!(got.total, want.total, "{dim:?}");
    }
    let cells = summarize(lf.clone(), &cells_options(&options)).expect("cells");
    assert_eq!(report.within_cells, Some(certification_within_cells(&cells, min_n)));
    assert!(report.within_cells.as_ref().is_some_and(|w| w.cells_used > 0));
    assert!(report.left_out().is_empty());
    // Without a dimension, its breakdown (and the within-cells premium) is left out and said so.
    let partial = micro_outlook(lf, &microdata.file, false, &options, &dims[1..]).expect("outlook");
    assert!(partial.by_setting.is_none() && partial.within_cells.is_none());
    assert_eq!(partial.by_experience.as_ref().map(|s| &s.groups), report.by_experience.as_ref().map(|s| &s.groups));
    assert_eq!(partial.left_out().len(), 1, "{:?}", partial.left_out());
    assert!(partial.left_out()[0].contains("no setting column"));
}

#[test]
fn the_fixtures_give_the_same_figures_in_one_pass() {
    let dir = common::repo().join("tests/fixtures/micro");
    for (file, min_n) in [("weighted.csv", 1), ("weighted.csv", 3), ("unweighted.csv", 2)] {
        check(&open(&dir.join(file)), min_n);
    }
}

#[test]
fn a_large_synthetic_file_gives_the_same_figures_in_one_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sample.parquet");
    let out = wagescope()
        .args(["sample", "--rows", "1000000", "--seed", "13", "-o"])
        .arg(&path)
        .output()
        .expect("run sample");
    assert!(out.status.success(), "{}", stderr_of(&out));
    check(&open(&path), 10);
}
