//! Every figure of DOMAIN.md §1 is in the embedded dataset, cited to its source document by file
//! name, with the year its data describe.

use polars::prelude::*;
use wagescope::data::schema::{TableId, col as c};
use wagescope::data::{CheckOptions, DataSource, Dataset};

const S000: &str = "000_c3e7182c3828e46c.txt";
const S001: &str = "001_9fa8e87a3ecd5550.txt";
const S002: &str = "002_d39ee81de7286183.txt";
const S003: &str = "003_ad72e794b913f29a.txt";

enum V {
    S(&'static str),
    N(f64),
}
use V::{N, S};

fn dataset() -> Dataset {
    Dataset::load(&DataSource::Embedded, CheckOptions::default()).expect("embedded dataset loads")
}

/// Number of rows of `table` matching every (column, value) condition.
fn count(ds: &Dataset, table: TableId, conditions: &[(&str, V)]) -> usize {
    let predicate = conditions.iter().fold(lit(true), |acc, (column, value)| {
        let cond = match value {
            S(s) => col(*column).eq(lit(*s)),
            N(n) => (col(*column).cast(DataType::Float64) - lit(*n)).abs().lt(lit(1e-9)),
        };
        acc.and(cond)
    });
    ds.table(table).lazy().filter(predicate).collect().unwrap().height()
}

#[track_caller]
fn has(ds: &Dataset, table: TableId, conditions: &[(&str, V)]) {
    assert_eq!(
        count(ds, table, conditions),
        1,
        "expected exactly one row in {table:?} with {:?}",
        conditions.iter().map(|(c, _)| *c).collect::<Vec<_>>()
    );
}

#[test]
fn source_000_how_to_become_2021() {
    let ds = dataset();
    let w = TableId::Wages;
    has(
        &ds,
        w,
        &[
            (c::MEDIAN, N(18.06)),
            (c::BASIS, S("hourly")),
            (c::YEAR, N(2019.0)),
            (c::MONTH, N(9.0)),
            (c::EXPERIENCE, S("all")),
            (c::SOURCE, S(S000)),
        ],
    );
    has(&ds, w, &[(c::MEDIAN, N(41545.0)), (c::BASIS, S("annual")), (c::YEAR, N(2019.0)), (c::SOURCE, S(S000))]);
    has(&ds, w, &[(c::MEDIAN, N(21.33)), (c::EXPERIENCE, S("10-19")), (c::BASIS, S("hourly")), (c::SOURCE, S(S000))]);
    has(&ds, w, &[(c::MEDIAN, N(22.97)), (c::EXPERIENCE, S("20+")), (c::BASIS, S("hourly")), (c::SOURCE, S(S000))]);
    has(
        &ds,
        TableId::Projections,
        &[(c::BASE_YEAR, N(2019.0)), (c::TARGET_YEAR, N(2029.0)), (c::PERCENT_CHANGE, N(8.0)), (c::SOURCE, S(S000))],
    );
    has(&ds, TableId::Education, &[(c::PATH, S("certificate")), (c::TYPICAL_MONTHS, N(10.0)), (c::SOURCE, S(S000))]);
    has(
        &ds,
        TableId::Education,
        &[(c::PATH, S("associate degree")), (c::TYPICAL_MONTHS, N(24.0)), (c::SOURCE, S(S000))],
    );
    has(
        &ds,
        TableId::Credentials,
        &[(c::CREDENTIAL, S("CPC")), (c::EXAM_PASS_PCT, N(70.0)), (c::EXAM_MINUTES, N(340.0)), (c::SOURCE, S(S000))],
    );
}

#[test]
fn source_001_what_is_a_medical_coder_2023() {
    let ds = dataset();
    has(
        &ds,
        TableId::Wages,
        &[(c::MEAN, N(53312.0)), (c::BASIS, S("annual")), (c::YEAR, N(2023.0)), (c::SOURCE, S(S001))],
    );
    has(
        &ds,
        TableId::Projections,
        &[
            (c::BASE_YEAR, N(2021.0)),
            (c::TARGET_YEAR, N(2031.0)),
            (c::PERCENT_CHANGE, N(7.0)),
            (c::CHANGE, N(12300.0)),
            (c::SOURCE, S(S001)),
        ],
    );
    has(
        &ds,
        TableId::Ratios,
        &[
            (c::DIMENSION, S("certification")),
            (c::GROUP, S("certified")),
            (c::REFERENCE, S("uncertified")),
            (c::RATIO, N(1.27)),
            (c::SOURCE, S(S001)),
        ],
    );
    has(
        &ds,
        TableId::Education,
        &[(c::PATH, S("certificate")), (c::MIN_MONTHS, N(9.0)), (c::MAX_MONTHS, N(20.0)), (c::SOURCE, S(S001))],
    );
    has(
        &ds,
        TableId::Education,
        &[(c::PATH, S("associate degree")), (c::TYPICAL_MONTHS, N(24.0)), (c::SOURCE, S(S001))],
    );
    for setting in [
        "Consulting services",
        "Government agencies",
        "Hospitals and clinics",
        "Insurance companies",
        "Nursing homes and assisted living facilities",
        "Remote work",
    ] {
        has(&ds, TableId::Settings, &[(c::SETTING, S(setting)), (c::SOURCE, S(S001))]);
    }
}

#[test]
fn source_002_job_description_2025() {
    let ds = dataset();
    has(
        &ds,
        TableId::Wages,
        &[
            (c::RANGE_MIN, N(45000.0)),
            (c::RANGE_MAX, N(65000.0)),
            (c::WAGE_KIND, S("posting")),
            (c::YEAR, N(2025.0)),
            (c::SOURCE, S(S002)),
        ],
    );
    has(
        &ds,
        TableId::Wages,
        &[(c::MEAN, N(42630.0)), (c::BASIS, S("annual")), (c::YEAR, N(2025.0)), (c::SOURCE, S(S002))],
    );
    for credential in ["CPC", "CCS", "CCS-P"] {
        has(&ds, TableId::Credentials, &[(c::CREDENTIAL, S(credential)), (c::SOURCE, S(S002))]);
    }
    has(&ds, TableId::Credentials, &[(c::CREDENTIAL, S("RHIT")), (c::SOURCE, S(S000))]);
    assert_eq!(
        count(&ds, TableId::Credentials, &[(c::ISSUER, S("AAPC (American Academy of Professional Coders)"))]),
        2
    );
    assert_eq!(
        count(
            &ds,
            TableId::Credentials,
            &[(c::ISSUER, S("AHIMA (American Health Information Management Association)"))]
        ),
        3
    );
}

#[test]
fn source_003_bls_2008() {
    let ds = dataset();
    let w = TableId::Wages;
    has(
        &ds,
        w,
        &[
            (c::SETTING, S("all")),
            (c::MEDIAN, N(30610.0)),
            (c::P10, N(20440.0)),
            (c::P90, N(50060.0)),
            (c::YEAR, N(2008.0)),
            (c::OCCUPATION, S("29-2071")),
            (c::SOURCE, S(S003)),
        ],
    );
    for (setting, median) in [
        ("Federal executive branch", 42760.0),
        ("General medical and surgical hospitals", 32600.0),
        ("Nursing care facilities", 30660.0),
        ("Outpatient care centers", 29160.0),
        ("Offices of physicians", 26210.0),
    ] {
        has(&ds, w, &[(c::SETTING, S(setting)), (c::MEDIAN, N(median)), (c::YEAR, N(2008.0)), (c::SOURCE, S(S003))]);
    }
    has(
        &ds,
        TableId::Employment,
        &[(c::YEAR, N(2008.0)), (c::EMPLOYMENT, N(172500.0)), (c::STATUS, S("actual")), (c::SOURCE, S(S003))],
    );
    has(
        &ds,
        TableId::Employment,
        &[(c::YEAR, N(2018.0)), (c::EMPLOYMENT, N(207600.0)), (c::STATUS, S("projected")), (c::SOURCE, S(S003))],
    );
    has(
        &ds,
        TableId::Projections,
        &[
            (c::BASE_YEAR, N(2008.0)),
            (c::TARGET_YEAR, N(2018.0)),
            (c::BASE_EMPLOYMENT, N(172500.0)),
            (c::TARGET_EMPLOYMENT, N(207600.0)),
            (c::CHANGE, N(35100.0)),
            (c::PERCENT_CHANGE, N(20.0)),
            (c::SOURCE, S(S003)),
        ],
    );
}

#[test]
fn derived_figures_are_marked_with_their_formula() {
    let ds = dataset();
    // 12,300 new jobs at +7% implies a 2021 base of 12,300 / 0.07 = 175,714 ≈ 175,700.
    assert!((12_300.0_f64 / 0.07 - 175_714.0).abs() < 1.0);
    has(
        &ds,
        TableId::Employment,
        &[(c::YEAR, N(2021.0)), (c::EMPLOYMENT, N(175700.0)), (c::DERIVED, S("employment")), (c::SOURCE, S(S001))],
    );
    has(
        &ds,
        TableId::Projections,
        &[
            (c::BASE_EMPLOYMENT, N(175700.0)),
            (c::TARGET_EMPLOYMENT, N(188000.0)),
            (c::DERIVED, S("base_employment;target_employment")),
        ],
    );
    let formulas = ds
        .table(TableId::Projections)
        .lazy()
        .filter(col(c::DERIVED).is_not_null())
        .select([col(c::FORMULA)])
        .collect()
        .unwrap();
    let formula = formulas.column(c::FORMULA).unwrap().str().unwrap().get(0).unwrap().to_string();
    assert!(formula.contains("12,300 ÷ 0.07 = 175,714"), "{formula}");
}

#[test]
fn every_source_document_is_a_source_and_every_row_cites_one() {
    let ds = dataset();
    for id in [S000, S001, S002, S003] {
        has(&ds, TableId::Sources, &[(c::ID, S(id))]);
    }
    // validate() would fail on an unknown id; also check no row lacks a source.
    for table in ds.tables().filter(|t| t.spec.id != TableId::Cpi) {
        if table.spec.column(c::SOURCE).is_some() {
            let missing = table.lazy().filter(col(c::SOURCE).is_null()).collect().unwrap().height();
            assert_eq!(missing, 0, "{}", table.file);
        }
    }
}

#[test]
fn cpi_series_matches_domain_notes() {
    let ds = dataset();
    for (year, cpi) in [(2000.0, 172.2), (2008.0, 215.303), (2019.0, 255.657), (2021.0, 270.970), (2025.0, 321.943)] {
        has(&ds, TableId::Cpi, &[(c::YEAR, N(year)), (c::CPI_U, N(cpi))]);
    }
    assert_eq!(ds.table(TableId::Cpi).frame.height(), 26);
}
