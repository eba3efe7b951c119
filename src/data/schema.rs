//! The one place where table and column names, types, units and allowed values live.
//!
//! Every other module refers to columns through the constants in [`col`] and to tables through
//! [`TableId`]. `wagescope datasets --schema` prints this module as Markdown, and a test checks
//! that `datasets/README.md` carries exactly that text, so the documentation cannot drift.

use std::fmt::Write as _;

/// Column names, shared by every table that has a column of that meaning.
pub mod col {
    pub const ID: &str = "id";
    pub const TITLE: &str = "title";
    pub const PUBLISHER: &str = "publisher";
    pub const SOURCE_KIND: &str = "kind";
    pub const PUBLISHED: &str = "published";
    pub const DATA_DATE: &str = "data_date";
    pub const CITATION: &str = "citation";
    pub const NOTES: &str = "notes";
    pub const ROUNDING: &str = "rounding";
    pub const ORIGIN: &str = "origin";

    pub const CODE: &str = "code";
    pub const SOC_VERSION: &str = "soc_version";
    pub const ALIASES: &str = "aliases";
    pub const SUCCESSOR: &str = "successor";

    pub const OCCUPATION: &str = "occupation";
    pub const CREDENTIAL: &str = "credential";
    pub const NAME: &str = "name";
    pub const ISSUER: &str = "issuer";
    pub const EXAM_PASS_PCT: &str = "exam_pass_pct";
    pub const EXAM_MINUTES: &str = "exam_minutes";

    pub const PATH: &str = "path";
    pub const MIN_MONTHS: &str = "min_months";
    pub const TYPICAL_MONTHS: &str = "typical_months";
    pub const MAX_MONTHS: &str = "max_months";

    pub const SETTING: &str = "setting";
    pub const YEAR: &str = "year";
    pub const MONTH: &str = "month";
    pub const GEOGRAPHY: &str = "geography";
    pub const EXPERIENCE: &str = "experience";
    pub const CERTIFICATION: &str = "certification";
    pub const BASIS: &str = "basis";
    pub const WAGE_KIND: &str = "kind";
    pub const EMPLOYMENT: &str = "employment";
    pub const MEAN: &str = "mean";
    pub const P10: &str = "p10";
    pub const P25: &str = "p25";
    pub const MEDIAN: &str = "median";
    pub const P75: &str = "p75";
    pub const P90: &str = "p90";
    pub const RANGE_MIN: &str = "range_min";
    pub const RANGE_MAX: &str = "range_max";
    pub const SAMPLE_SIZE: &str = "sample_size";
    pub const SOURCE: &str = "source";
    pub const DERIVED: &str = "derived";
    pub const FORMULA: &str = "formula";
    pub const AREA_TYPE: &str = "area_type";
    pub const STATE: &str = "state";
    pub const LOCATION_QUOTIENT: &str = "location_quotient";
    pub const JOBS_PER_1000: &str = "jobs_per_1000";

    pub const DIMENSION: &str = "dimension";
    pub const GROUP: &str = "group";
    pub const REFERENCE: &str = "reference";
    pub const STATISTIC: &str = "statistic";
    pub const RATIO: &str = "ratio";
    pub const BASE: &str = "base";

    pub const STATUS: &str = "status";
    pub const BASE_YEAR: &str = "base_year";
    pub const TARGET_YEAR: &str = "target_year";
    pub const BASE_EMPLOYMENT: &str = "base_employment";
    pub const TARGET_EMPLOYMENT: &str = "target_employment";
    pub const CHANGE: &str = "change";
    pub const PERCENT_CHANGE: &str = "percent_change";
    pub const ANNUAL_OPENINGS: &str = "annual_openings";
    pub const EXIT_RATE: &str = "exit_rate";
    pub const TRANSFER_RATE: &str = "transfer_rate";
    pub const EXITS: &str = "exits";
    pub const TRANSFERS: &str = "transfers";
    pub const FACTORS: &str = "factors";
    pub const ALL_OCCUPATIONS_PERCENT: &str = "all_occupations_percent";
    pub const PHRASE: &str = "phrase";
    pub const MIN_PERCENT: &str = "min_percent";
    pub const MAX_PERCENT: &str = "max_percent";

    pub const CPI_U: &str = "cpi_u";
}

/// Canonical column names of person- or job-level microdata (`--microdata FILE`). Files with other
/// names map theirs onto these with `--map canonical=theirs` or `--map-file`.
pub mod micro {
    pub const OCCUPATION: &str = "occupation";
    pub const SETTING: &str = "setting";
    pub const YEARS_EXPERIENCE: &str = "years_experience";
    pub const CERTIFIED: &str = "certified";
    pub const ANNUAL_WAGE: &str = "annual_wage";
    pub const MONTHLY_WAGE: &str = "monthly_wage";
    pub const WEEKLY_WAGE: &str = "weekly_wage";
    pub const HOURLY_WAGE: &str = "hourly_wage";
    /// A wage of a unit the file does not say: `--wage-unit` names it.
    pub const WAGE: &str = "wage";
    pub const WEIGHT: &str = "weight";
    pub const REGION: &str = "region";
    pub const YEAR: &str = "year";
    pub const CREDENTIAL: &str = "credential";
    pub const EMPLOYER: &str = "employer";
    /// Written by `wagescope sample` (always true): marks the file as synthetic so every output
    /// built from it says so.
    pub const SYNTHETIC: &str = "synthetic";
    /// Derived: the experience band of `years_experience` (`<1`, `1-4`, `5-9`, `10-19`, `20+`).
    pub const EXPERIENCE: &str = "experience";
    /// Every canonical input column.
    pub const INPUT: [&str; 14] = [
        OCCUPATION,
        SETTING,
        YEARS_EXPERIENCE,
        CERTIFIED,
        ANNUAL_WAGE,
        MONTHLY_WAGE,
        WEEKLY_WAGE,
        HOURLY_WAGE,
        WAGE,
        WEIGHT,
        REGION,
        YEAR,
        CREDENTIAL,
        EMPLOYER,
    ];
    /// The wage columns, in order of preference when a file has several (the generic `wage` is
    /// used only with `--wage-unit`). Exactly one is required; every other column is optional.
    pub const WAGES: [&str; 4] = [ANNUAL_WAGE, MONTHLY_WAGE, WEEKLY_WAGE, HOURLY_WAGE];
    /// Optional columns that, when a file has them, need a valid value in every row.
    pub const FILLED_WHEN_PRESENT: [&str; 5] = [OCCUPATION, SETTING, YEARS_EXPERIENCE, CERTIFIED, WEIGHT];
    /// Numeric input columns (read as Float64).
    pub const NUMBERS: [&str; 7] =
        [ANNUAL_WAGE, MONTHLY_WAGE, WEEKLY_WAGE, HOURLY_WAGE, WAGE, YEARS_EXPERIENCE, WEIGHT];
    /// Default plausibility bound of a wage after conversion to annual (`--max-wage`): $5 million a
    /// year, about $2,404 an hour at 2,080 hours. Above it a value is more likely a typo (cents,
    /// an extra digit) than a wage.
    pub const MAX_WAGE: f64 = 5_000_000.0;
    /// Payroll columns, read by `paygap` only (other commands leave them alone).
    /// The worker's gender: female, male or another (see `analysis::paygap::gender`).
    pub const GENDER: &str = "gender";
    /// Complementary or variable pay over the year (bonus, overtime, allowances): one column, or
    /// several summed (`--map variable_pay=bonus+overtime`); an empty cell is 0.
    pub const VARIABLE_PAY: &str = "variable_pay";
    /// Paid hours a week (hourly pay = annual pay ÷ (hours × 52)).
    pub const HOURS: &str = "hours";
    /// Full-time equivalent (hourly pay = annual pay ÷ (fte × --hours-per-year)).
    pub const FTE: &str = "fte";
    /// Category of workers (Directive 2023/970 Art. 4): job family, grade.
    pub const CATEGORY: &str = "category";
    /// One of several 0/1 category columns (`--map category=a+b+c`), as diagnostics name it.
    pub const CATEGORY_FLAG: &str = "category (0/1)";
    /// UK rules: whether the employee is a full-pay relevant employee on the snapshot date.
    pub const FULL_PAY: &str = "full_pay";
    /// Every payroll column.
    pub const PAYROLL: [&str; 6] = [GENDER, VARIABLE_PAY, HOURS, FTE, CATEGORY, FULL_PAY];
    /// Payroll columns that, when a file has them, need a valid value in every row.
    pub const PAYROLL_FILLED: [&str; 4] = [HOURS, FTE, CATEGORY, FULL_PAY];
    /// Numeric payroll columns (variable pay is read as text and parsed, so an empty cell is 0
    /// and a word is a bad row).
    pub const PAYROLL_NUMBERS: [&str; 2] = [HOURS, FTE];
    /// A full-time equivalent above this is a bad row (it looks like a percent: 100 for full time).
    pub const MAX_FTE: f64 = 2.0;
    /// Paid hours a week above this are a bad row (a week has 168 hours).
    pub const MAX_HOURS: f64 = 168.0;
    /// Accepted spellings of `certified`, each also in UPPER and Title case.
    pub const TRUE_WORDS: [&str; 5] = ["true", "yes", "y", "1", "t"];
    pub const FALSE_WORDS: [&str; 5] = ["false", "no", "n", "0", "f"];
}

/// Allowed values of the enumerated columns.
pub mod values {
    /// `setting`, `experience`, `certification` and `geography` use this for "not broken down".
    pub const ALL: &str = "all";
    /// The `geography` of national figures.
    pub const NATIONAL: &str = "US";
    pub const EXPERIENCE_BANDS: &[&str] = &["all", "<1", "1-4", "5-9", "10-19", "20+"];
    pub const CERTIFIED: &str = "certified";
    pub const UNCERTIFIED: &str = "uncertified";
    pub const CERTIFICATION: &[&str] = &["all", CERTIFIED, UNCERTIFIED];
    pub const HOURLY: &str = "hourly";
    pub const ANNUAL: &str = "annual";
    pub const BASIS: &[&str] = &[HOURLY, ANNUAL];
    pub const ESTIMATE: &str = "estimate";
    pub const POSTING: &str = "posting";
    pub const WAGE_KIND: &[&str] = &[ESTIMATE, POSTING];
    pub const SOURCE_KIND: &[&str] = &["article", "job-posting", "agency", "survey", "dataset"];
    pub const SOC_VERSION: &[&str] = &["2000", "2010", "2018"];
    pub const DIMENSION: &[&str] = &["setting", "experience", "certification", "region"];
    pub const STATISTIC: &[&str] = &["mean", "median", "unspecified"];
    pub const ACTUAL: &str = "actual";
    pub const PROJECTED: &str = "projected";
    pub const STATUS: &[&str] = &[ACTUAL, PROJECTED];
    /// `area_type` of a wage row (OEWS `AREA_TYPE` 2, 3, 4, 6); empty for national figures.
    pub const STATE: &str = "state";
    pub const TERRITORY: &str = "territory";
    pub const METRO: &str = "metro";
    pub const NONMETRO: &str = "nonmetro";
    pub const AREA_TYPE: &[&str] = &[STATE, TERRITORY, METRO, NONMETRO];
}

/// What a cell must hold.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Free text.
    Text,
    /// A whole number within the bounds.
    Integer { min: i64, max: i64 },
    /// A decimal number at or above `min` (no thousands separators, no currency sign).
    Number { min: Option<f64> },
    /// One of a fixed list of values (case-sensitive).
    OneOf(&'static [&'static str]),
    /// Text matching a regular expression, with a human description of the form.
    Pattern { regex: &'static str, form: &'static str },
    /// A `;`-separated list of column names of the same table (used by `derived`).
    ColumnList,
}

impl Kind {
    /// Human description used in error messages ("expected …") and in the schema docs.
    pub fn expected(&self) -> String {
        match self {
            Kind::Text => "text".into(),
            Kind::Integer { min, max } => format!("a whole number from {min} to {max}"),
            Kind::Number { min: Some(m) } if *m == 0.0 => "a number ≥ 0".into(),
            Kind::Number { min: Some(m) } => format!("a number ≥ {m}"),
            Kind::Number { min: None } => "a number".into(),
            Kind::OneOf(v) => format!("one of {}", v.join(", ")),
            Kind::Pattern { form, .. } => (*form).to_string(),
            Kind::ColumnList => "statistic column names separated by ';'".into(),
        }
    }
}

/// Whether a column must be in the file and must have a value in every row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// The column must exist and every row must have a value.
    Required,
    /// The column may be left out of the file; cells may be empty.
    Optional,
}

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub kind: Kind,
    pub presence: Presence,
    pub unit: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
}

/// The tables of a dataset directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableId {
    Sources,
    Occupations,
    Credentials,
    Education,
    Settings,
    Wages,
    Ratios,
    Employment,
    Projections,
    Cycles,
    OutlookPhrases,
    Cpi,
}

/// One table: its file, its columns, its key.
#[derive(Debug)]
pub struct TableSpec {
    pub id: TableId,
    pub file: &'static str,
    pub doc: &'static str,
    /// Must the file exist in a dataset directory?
    pub required: bool,
    pub columns: &'static [ColumnSpec],
    /// Columns that identify a row; two rows with the same key are an error.
    pub key: &'static [&'static str],
    /// Of these columns at least one must have a value in every row.
    pub at_least_one: &'static [&'static str],
}

impl TableSpec {
    pub fn column(&self, name: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const fn req(
    name: &'static str,
    kind: Kind,
    unit: &'static str,
    doc: &'static str,
    example: &'static str,
) -> ColumnSpec {
    ColumnSpec { name, kind, presence: Presence::Required, unit, doc, example }
}
const fn opt(
    name: &'static str,
    kind: Kind,
    unit: &'static str,
    doc: &'static str,
    example: &'static str,
) -> ColumnSpec {
    ColumnSpec { name, kind, presence: Presence::Optional, unit, doc, example }
}

const SOC: Kind = Kind::Pattern { regex: r"^[0-9]{2}-[0-9]{4}$", form: "a SOC code like 29-2072" };
const YEAR: Kind = Kind::Integer { min: 1900, max: 2100 };
const MONEY: Kind = Kind::Number { min: Some(0.0) };
const COUNT: Kind = Kind::Number { min: Some(0.0) };
const DATE: Kind =
    Kind::Pattern { regex: r"^[0-9]{4}(-[0-1][0-9](-[0-3][0-9])?)?$", form: "a date YYYY, YYYY-MM or YYYY-MM-DD" };

const SOURCE_COL: ColumnSpec =
    req(col::SOURCE, Kind::Text, "", "Id of the row's source in `sources.csv`.", "000_c3e7182c3828e46c.txt");
const NOTES_COL: ColumnSpec = opt(
    col::NOTES,
    Kind::Text,
    "",
    "Anything a reader should know about this row.",
    "data year not stated; article year used",
);
const ORIGIN_COL: ColumnSpec = opt(
    col::ORIGIN,
    Kind::Text,
    "",
    "Where an imported row was read: the agency file as named on the command line, its sheet and row (or line). Written by `import`; messages about the row name it.",
    "occupation.xlsx, sheet Table 1.2, row 119",
);
const OCC_COL: ColumnSpec =
    req(col::OCCUPATION, SOC, "", "SOC code of the occupation, as listed in `occupations.csv`.", "29-2072");
const DERIVED_COL: ColumnSpec = opt(
    col::DERIVED,
    Kind::ColumnList,
    "",
    "Names of the columns in this row that were derived, not stated by the source (empty: all stated). Requires `formula`.",
    "base_employment;target_employment",
);
const FORMULA_COL: ColumnSpec = opt(
    col::FORMULA,
    Kind::Text,
    "",
    "How the derived values were computed.",
    "base_employment = change / percent_change = 12300 / 0.07",
);

pub const SOURCES: TableSpec = TableSpec {
    id: TableId::Sources,
    file: "sources.csv",
    doc: "Where the figures come from. Every other table's `source` column names an `id` here.",
    required: true,
    columns: &[
        req(col::ID, Kind::Text, "", "Source id; for a document, its file name.", "000_c3e7182c3828e46c.txt"),
        req(col::TITLE, Kind::Text, "", "Title of the document or table.", "How to Become a Medical Coding Specialist"),
        req(
            col::PUBLISHER,
            Kind::Text,
            "",
            "Who published it (or the agency behind the figures).",
            "U.S. Bureau of Labor Statistics",
        ),
        req(col::SOURCE_KIND, Kind::OneOf(values::SOURCE_KIND), "", "What sort of source it is.", "article"),
        opt(col::PUBLISHED, DATE, "date", "When the document was published.", "2021-10-20"),
        req(col::DATA_DATE, DATE, "date", "When its data describe (not when the article appeared).", "2019-09"),
        req(
            col::CITATION,
            Kind::Text,
            "",
            "Full citation as it appears in reports.",
            "\"How to Become…\", 2021-10-20 (shared/sources/000_…txt)",
        ),
        NOTES_COL,
        opt(
            col::ROUNDING,
            Kind::Text,
            "",
            "How the source rounds what it publishes, for the checks of derived figures: `KIND=STEP` separated by ';', kinds `jobs` (employment, change, openings), `percent`, `hourly` and `annual` (money). A kind left out is read from each figure as written (18.06 → to the cent; 172500 → to the hundred). The importers fill it for BLS files.",
            "jobs=100; percent=0.1",
        ),
    ],
    key: &[col::ID],
    at_least_one: &[],
};

pub const OCCUPATIONS: TableSpec = TableSpec {
    id: TableId::Occupations,
    file: "occupations.csv",
    doc: "The occupations the dataset covers, with their SOC version and the code that replaced them.",
    required: true,
    columns: &[
        req(col::CODE, SOC, "", "SOC occupation code.", "29-2072"),
        req(
            col::SOC_VERSION,
            Kind::OneOf(values::SOC_VERSION),
            "",
            "Edition of the Standard Occupational Classification the code belongs to.",
            "2018",
        ),
        req(col::TITLE, Kind::Text, "", "Official title.", "Medical Records Specialists"),
        opt(
            col::ALIASES,
            Kind::Text,
            "",
            "Other names people use, separated by ';'.",
            "medical coder;coding specialist",
        ),
        opt(col::SUCCESSOR, SOC, "", "Code that replaced this one in a later SOC edition.", "29-2072"),
        SOURCE_COL,
        NOTES_COL,
        ORIGIN_COL,
    ],
    key: &[col::CODE],
    at_least_one: &[],
};

pub const CREDENTIALS: TableSpec = TableSpec {
    id: TableId::Credentials,
    file: "credentials.csv",
    doc: "Professional credentials (certifications) for an occupation.",
    required: false,
    columns: &[
        OCC_COL,
        req(col::CREDENTIAL, Kind::Text, "", "Short name of the credential.", "CPC"),
        req(col::NAME, Kind::Text, "", "Full name.", "Certified Professional Coder"),
        req(col::ISSUER, Kind::Text, "", "Body that awards it.", "AAPC"),
        opt(col::EXAM_PASS_PCT, Kind::Number { min: Some(0.0) }, "percent", "Pass mark of the exam.", "70"),
        opt(col::EXAM_MINUTES, Kind::Integer { min: 1, max: 10_000 }, "minutes", "Length of the exam.", "340"),
        SOURCE_COL,
        NOTES_COL,
    ],
    key: &[col::OCCUPATION, col::CREDENTIAL, col::SOURCE],
    at_least_one: &[],
};

pub const EDUCATION: TableSpec = TableSpec {
    id: TableId::Education,
    file: "education.csv",
    doc: "Routes into the occupation and how long they take.",
    required: false,
    columns: &[
        OCC_COL,
        req(col::PATH, Kind::Text, "", "The route (programme or degree).", "certificate"),
        opt(col::MIN_MONTHS, Kind::Number { min: Some(0.0) }, "months", "Shortest stated duration.", "9"),
        opt(col::TYPICAL_MONTHS, Kind::Number { min: Some(0.0) }, "months", "Typical stated duration.", "24"),
        opt(col::MAX_MONTHS, Kind::Number { min: Some(0.0) }, "months", "Longest stated duration.", "20"),
        SOURCE_COL,
        NOTES_COL,
        ORIGIN_COL,
    ],
    key: &[col::OCCUPATION, col::PATH, col::SOURCE],
    at_least_one: &[],
};

pub const SETTINGS: TableSpec = TableSpec {
    id: TableId::Settings,
    file: "settings.csv",
    doc: "Work settings a source names for the occupation (with or without pay figures).",
    required: false,
    columns: &[
        OCC_COL,
        req(col::SETTING, Kind::Text, "", "The work setting as the source names it.", "Hospitals and clinics"),
        SOURCE_COL,
        NOTES_COL,
    ],
    key: &[col::OCCUPATION, col::SETTING, col::SOURCE],
    at_least_one: &[],
};

pub const WAGES: TableSpec = TableSpec {
    id: TableId::Wages,
    file: "wages.csv",
    doc: "Published wage statistics, one row per occupation × year × geography × setting × experience × certification × basis × source. \
          A single figure (an average in an article, a posted pay range) is a row with only the statistics it has.",
    required: true,
    columns: &[
        OCC_COL,
        req(col::YEAR, YEAR, "year", "Year the data describe.", "2019"),
        opt(
            col::MONTH,
            Kind::Integer { min: 1, max: 12 },
            "month",
            "Month the data describe, when the source gives it.",
            "9",
        ),
        req(col::GEOGRAPHY, Kind::Text, "", "Area: `US` for national figures, else a state or area name.", "US"),
        req(
            col::SETTING,
            Kind::Text,
            "",
            "Work setting or industry; `all` when not broken down.",
            "General medical and surgical hospitals",
        ),
        req(
            col::EXPERIENCE,
            Kind::OneOf(values::EXPERIENCE_BANDS),
            "years",
            "Experience band; `all` when not broken down.",
            "10-19",
        ),
        req(
            col::CERTIFICATION,
            Kind::OneOf(values::CERTIFICATION),
            "",
            "Certification status; `all` when not broken down.",
            "certified",
        ),
        req(
            col::BASIS,
            Kind::OneOf(values::BASIS),
            "",
            "Whether the money columns are per hour or per year.",
            "hourly",
        ),
        req(
            col::WAGE_KIND,
            Kind::OneOf(values::WAGE_KIND),
            "",
            "`estimate`: a survey or agency statistic; `posting`: an employer's posted range.",
            "estimate",
        ),
        opt(col::EMPLOYMENT, COUNT, "jobs", "Employment in the cell.", "172500"),
        opt(col::MEAN, MONEY, "US$ per basis", "Mean (average) wage.", "53312"),
        opt(col::P10, MONEY, "US$ per basis", "10th percentile wage.", "20440"),
        opt(col::P25, MONEY, "US$ per basis", "25th percentile wage.", ""),
        opt(col::MEDIAN, MONEY, "US$ per basis", "Median (50th percentile) wage.", "30610"),
        opt(col::P75, MONEY, "US$ per basis", "75th percentile wage.", ""),
        opt(col::P90, MONEY, "US$ per basis", "90th percentile wage.", "50060"),
        opt(col::RANGE_MIN, MONEY, "US$ per basis", "Low end of a posted pay range.", "45000"),
        opt(col::RANGE_MAX, MONEY, "US$ per basis", "High end of a posted pay range.", "65000"),
        opt(
            col::SAMPLE_SIZE,
            Kind::Integer { min: 0, max: i64::MAX },
            "people",
            "Number of observations behind the figures, when known.",
            "412",
        ),
        SOURCE_COL,
        DERIVED_COL,
        FORMULA_COL,
        NOTES_COL,
        opt(
            col::AREA_TYPE,
            Kind::OneOf(values::AREA_TYPE),
            "",
            "What kind of area `geography` is (OEWS `AREA_TYPE` 2, 3, 4, 6); empty for national figures.",
            "state",
        ),
        opt(
            col::STATE,
            Kind::Pattern { regex: r"^[A-Z]{2}$", form: "a two-letter postal code like MA" },
            "",
            "Postal code of the area's state or territory (OEWS `PRIM_STATE`; a metro area's principal state).",
            "MA",
        ),
        opt(
            col::LOCATION_QUOTIENT,
            Kind::Number { min: Some(0.0) },
            "ratio",
            "The occupation's share of the area's jobs over its share of the nation's (OEWS `LOC_QUOTIENT`; 1 = the same).",
            "0.77",
        ),
        opt(
            col::JOBS_PER_1000,
            Kind::Number { min: Some(0.0) },
            "jobs per 1,000",
            "Jobs in the occupation per 1,000 jobs in the area (OEWS `JOBS_1000`).",
            "0.961",
        ),
        ORIGIN_COL,
    ],
    key: &[
        col::OCCUPATION,
        col::YEAR,
        col::MONTH,
        col::GEOGRAPHY,
        col::SETTING,
        col::EXPERIENCE,
        col::CERTIFICATION,
        col::BASIS,
        col::WAGE_KIND,
        col::SOURCE,
    ],
    at_least_one: &[col::MEAN, col::P10, col::P25, col::MEDIAN, col::P75, col::P90, col::RANGE_MIN, col::RANGE_MAX],
};

pub const RATIOS: TableSpec = TableSpec {
    id: TableId::Ratios,
    file: "ratios.csv",
    doc: "Relations between two groups rather than levels, e.g. \"certified coders earn 27% more\" is ratio 1.27 of `certified` to `uncertified`.",
    required: false,
    columns: &[
        OCC_COL,
        opt(col::YEAR, YEAR, "year", "Year the data describe, when known.", "2023"),
        req(col::DIMENSION, Kind::OneOf(values::DIMENSION), "", "What the two groups differ in.", "certification"),
        req(col::GROUP, Kind::Text, "", "The group being compared.", "certified"),
        req(col::REFERENCE, Kind::Text, "", "The group it is compared with (the base).", "uncertified"),
        req(
            col::STATISTIC,
            Kind::OneOf(values::STATISTIC),
            "",
            "Which pay statistic the ratio relates, `unspecified` when the source does not say.",
            "unspecified",
        ),
        req(col::RATIO, Kind::Number { min: Some(0.0) }, "ratio", "group ÷ reference (1.27 = 27% more).", "1.27"),
        req(col::BASE, Kind::Text, "", "The base as the source states it, in words.", "coders without certification"),
        SOURCE_COL,
        NOTES_COL,
    ],
    key: &[col::OCCUPATION, col::YEAR, col::DIMENSION, col::GROUP, col::REFERENCE, col::STATISTIC, col::SOURCE],
    at_least_one: &[],
};

pub const EMPLOYMENT: TableSpec = TableSpec {
    id: TableId::Employment,
    file: "employment.csv",
    doc: "Employment by year: estimates of actual employment and projected levels.",
    required: false,
    columns: &[
        OCC_COL,
        req(col::YEAR, YEAR, "year", "Year of the employment figure.", "2008"),
        req(col::EMPLOYMENT, COUNT, "jobs", "Number employed.", "172500"),
        req(
            col::STATUS,
            Kind::OneOf(values::STATUS),
            "",
            "`actual` (an estimate of the year's employment) or `projected`.",
            "actual",
        ),
        SOURCE_COL,
        DERIVED_COL,
        FORMULA_COL,
        NOTES_COL,
        ORIGIN_COL,
    ],
    key: &[col::OCCUPATION, col::YEAR, col::STATUS, col::SOURCE],
    at_least_one: &[],
};

pub const PROJECTIONS: TableSpec = TableSpec {
    id: TableId::Projections,
    file: "projections.csv",
    doc: "Published employment projections (one row per projection vintage and occupation).",
    required: false,
    columns: &[
        OCC_COL,
        req(col::BASE_YEAR, YEAR, "year", "First year of the projection.", "2008"),
        req(col::TARGET_YEAR, YEAR, "year", "Last year of the projection.", "2018"),
        opt(col::BASE_EMPLOYMENT, COUNT, "jobs", "Employment in the base year.", "172500"),
        opt(col::TARGET_EMPLOYMENT, COUNT, "jobs", "Projected employment in the target year.", "207600"),
        opt(col::CHANGE, Kind::Number { min: None }, "jobs", "Numeric change, target − base.", "35100"),
        opt(col::PERCENT_CHANGE, Kind::Number { min: None }, "percent", "Percent change over the whole period.", "20"),
        opt(
            col::ANNUAL_OPENINGS,
            COUNT,
            "jobs per year",
            "Average annual openings (growth plus replacement), as published.",
            "",
        ),
        opt(
            col::EXIT_RATE,
            Kind::Number { min: Some(0.0) },
            "percent per year",
            "Labor-force exit rate: share of the occupation's workers leaving the labor force each year.",
            "",
        ),
        opt(
            col::TRANSFER_RATE,
            Kind::Number { min: Some(0.0) },
            "percent per year",
            "Occupational transfer rate: share moving to other occupations each year.",
            "",
        ),
        opt(
            col::EXITS,
            COUNT,
            "jobs per year",
            "Labor-force exits a year, as published (annual average over the projection period).",
            "",
        ),
        opt(
            col::TRANSFERS,
            COUNT,
            "jobs per year",
            "Occupational transfers a year, as published (annual average over the projection period).",
            "",
        ),
        opt(
            col::FACTORS,
            Kind::Text,
            "",
            "The agency's text on the factors behind the projection (BLS: factors affecting occupational utilization).",
            "",
        ),
        SOURCE_COL,
        DERIVED_COL,
        FORMULA_COL,
        NOTES_COL,
        ORIGIN_COL,
    ],
    key: &[col::OCCUPATION, col::BASE_YEAR, col::TARGET_YEAR, col::SOURCE],
    at_least_one: &[
        col::BASE_EMPLOYMENT,
        col::TARGET_EMPLOYMENT,
        col::CHANGE,
        col::PERCENT_CHANGE,
        col::ANNUAL_OPENINGS,
    ],
};

pub const CYCLES: TableSpec = TableSpec {
    id: TableId::Cycles,
    file: "cycles.csv",
    doc: "Projection cycles (base year → target year) and the growth of all occupations in each, shown beside an occupation's growth.",
    required: false,
    columns: &[
        req(col::BASE_YEAR, YEAR, "year", "First year of the cycle.", "2008"),
        req(col::TARGET_YEAR, YEAR, "year", "Last year of the cycle.", "2018"),
        opt(
            col::ALL_OCCUPATIONS_PERCENT,
            Kind::Number { min: None },
            "percent",
            "Projected growth of total employment over the cycle.",
            "",
        ),
        SOURCE_COL,
        NOTES_COL,
        ORIGIN_COL,
    ],
    key: &[col::BASE_YEAR, col::TARGET_YEAR],
    at_least_one: &[],
};

pub const OUTLOOK_PHRASES: TableSpec = TableSpec {
    id: TableId::OutlookPhrases,
    file: "outlook_phrases.csv",
    doc: "The wording an agency uses for a projected percent change in one cycle (e.g. \"much faster than average\" for +20% or more in 2008–18). \
          The percent is rounded to a whole number before it is matched; empty bounds are open.",
    required: false,
    columns: &[
        req(col::BASE_YEAR, YEAR, "year", "First year of the cycle.", "2008"),
        req(col::TARGET_YEAR, YEAR, "year", "Last year of the cycle.", "2018"),
        req(col::PHRASE, Kind::Text, "", "The wording.", "much faster than average"),
        opt(
            col::MIN_PERCENT,
            Kind::Number { min: None },
            "percent",
            "Lowest percent change with this wording (inclusive).",
            "20",
        ),
        opt(
            col::MAX_PERCENT,
            Kind::Number { min: None },
            "percent",
            "Highest percent change with this wording (inclusive).",
            "",
        ),
        SOURCE_COL,
    ],
    key: &[col::BASE_YEAR, col::TARGET_YEAR, col::PHRASE],
    at_least_one: &[col::MIN_PERCENT, col::MAX_PERCENT],
};

pub const CPI: TableSpec = TableSpec {
    id: TableId::Cpi,
    file: "cpi-u.csv",
    doc: "CPI-U, US city average, all items, annual average (1982–84 = 100). Shipped in `datasets/cpi-u.csv`, shared by every dataset.",
    required: true,
    columns: &[
        req(col::YEAR, YEAR, "year", "Calendar year.", "2019"),
        req(col::CPI_U, Kind::Number { min: Some(0.0) }, "index, 1982–84 = 100", "Annual average index.", "255.657"),
        req(
            col::SOURCE,
            Kind::Text,
            "",
            "Citation of the series (CPI-U is shared by all datasets, so this is text, not a source id).",
            "BLS CPI-U, series CUUR0000SA0",
        ),
    ],
    key: &[col::YEAR],
    at_least_one: &[],
};

/// The tables of a dataset directory, in load order (sources first: the others refer to it).
pub const DATASET_TABLES: [&TableSpec; 11] = [
    &SOURCES,
    &OCCUPATIONS,
    &CREDENTIALS,
    &EDUCATION,
    &SETTINGS,
    &WAGES,
    &RATIOS,
    &EMPLOYMENT,
    &PROJECTIONS,
    &CYCLES,
    &OUTLOOK_PHRASES,
];

/// The wage statistic columns, in the order p10 ≤ p25 ≤ median ≤ p75 ≤ p90 must hold.
pub const PERCENTILES: [&str; 5] = [col::P10, col::P25, col::MEDIAN, col::P75, col::P90];

/// All money columns of the wages table.
pub const MONEY_COLUMNS: [&str; 8] =
    [col::MEAN, col::P10, col::P25, col::MEDIAN, col::P75, col::P90, col::RANGE_MIN, col::RANGE_MAX];

/// Every table spec, dataset tables and CPI.
pub fn all_tables() -> impl Iterator<Item = &'static TableSpec> {
    DATASET_TABLES.into_iter().chain(std::iter::once(&CPI))
}

/// The schema as Markdown (printed by `wagescope datasets --schema`, embedded in datasets/README.md).
pub fn markdown() -> String {
    let mut out = String::new();
    for t in all_tables() {
        let needed = if t.required { "required" } else { "optional" };
        let _ = writeln!(out, "### `{}` ({needed})\n\n{}\n", t.file, t.doc);
        let _ = writeln!(out, "| column | required | type / allowed values | unit | meaning | example |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for c in t.columns {
            let required = if c.presence == Presence::Required { "yes" } else { "no" };
            let example = if c.example.is_empty() { String::new() } else { format!("`{}`", c.example) };
            let _ = writeln!(
                out,
                "| `{}` | {required} | {} | {} | {} | {example} |",
                c.name,
                c.kind.expected().replace('|', "\\|"),
                c.unit,
                c.doc.replace('|', "\\|"),
            );
        }
        let _ = writeln!(
            out,
            "\nKey (must be unique): {}.",
            t.key.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        );
        if !t.at_least_one.is_empty() {
            let _ = writeln!(
                out,
                "Each row needs at least one of {}.",
                t.at_least_one.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            );
        }
        out.push('\n');
    }
    out
}
