//! The BLS Employment Projections occupation tables as published (DOMAIN.md §6): the workbook
//! `occupation.xlsx` with a dozen sheets, or the tables as separate CSV files. Each table is known by
//! its title (cell A1), never by its position, since editions order their sheets differently:
//!
//! - *projections and worker characteristics* (2024–34: Table 1.2; 2019–29: Table 1.7): employment
//!   in the base and target years, change, openings, median wage, education, experience, training;
//! - *employment by detailed occupation* (2019–29: Table 1.2), read when the edition has no
//!   characteristics table;
//! - *separations and openings* (Table 1.10): exit and transfer rates, exits, transfers, openings;
//! - *factors affecting occupational utilization* (2024–34: Table 1.12): the agency's text per occupation;
//! - *education and training assignments* (2019–29: Table 5.4), when the projections table lacks them.
//!
//! A table without a title is known by its header. Within a table the header is found by its
//! names; the years come from the column names (never hard-coded); employment and openings are in
//! thousands; `—` is not applicable; titles are indented to show the hierarchy; headers may carry
//! footnote markers (`[1]`, `(1)`). The all-occupations row (00-0000) gives the cycle's comparison
//! growth.

use anyhow::Result;
use polars::prelude::*;

use super::sheet::{RawTable, Sheet, number};
use crate::data::origin::ColumnOrigins;
use crate::data::schema::{col as c, values};
use crate::error::{Issue, WagescopeError};

pub const LOOKED_FOR: &str = "a sheet titled \"Occupational projections … and worker characteristics\" or \"Employment by detailed occupation\" (or a header with \"Employment, YEAR\" columns and a National Employment Matrix code column)";

/// A header cell without footnote markers ("[1]", "(1)"), spaces collapsed, lower case.
fn clean(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for ch in name.chars() {
        match ch {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    // "(1)": a footnote marker in parentheses (digits only); other parentheses are words.
    let mut words = String::new();
    let mut rest = out.as_str();
    while let Some(open) = rest.find('(') {
        let close = rest[open..].find(')').map(|c| open + c);
        match close {
            Some(close) if close > open + 1 && rest[open + 1..close].chars().all(|c| c.is_ascii_digit()) => {
                words.push_str(&rest[..open]);
                rest = &rest[close + 1..];
            }
            _ => {
                words.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    words.push_str(rest);
    words.to_lowercase().replace("labor-force", "labor force").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The 4-digit years in a header cell ("Employment change, numeric, 2023–33" → [2023]).
fn year_in(name: &str) -> Option<i64> {
    name.split(|c: char| !c.is_ascii_digit()).find(|p| p.len() == 4).and_then(|p| p.parse().ok())
}

/// "Employment, YEAR" columns (not "Employment change", "Employment distribution").
fn is_employment(cleaned: &str) -> bool {
    cleaned.starts_with("employment,") && year_in(cleaned).is_some()
}

/// Does a header row look like the EP occupation table?
pub fn is_header(cells: &[String]) -> bool {
    let cleaned: Vec<String> = cells.iter().map(|c| clean(c)).collect();
    cleaned.iter().filter(|c| is_employment(c)).count() >= 2 && cleaned.iter().any(|c| c.ends_with(" code"))
}

/// The header of any EP occupation table: a code column and a title column.
fn is_table_header(cells: &[String]) -> bool {
    let cleaned: Vec<String> = cells.iter().map(|c| clean(c)).collect();
    cleaned.iter().any(|c| c.ends_with(" code")) && cleaned.iter().any(|c| c.ends_with(" title"))
}

/// The tables of a release that are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Characteristics,
    Employment,
    Separations,
    Factors,
    Assignments,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Characteristics => "occupational projections and worker characteristics",
            Kind::Employment => "employment by detailed occupation",
            Kind::Separations => "occupational separations and openings",
            Kind::Factors => "factors affecting occupational utilization",
            Kind::Assignments => "education and training assignments",
        }
    }
}

/// What a table's title says it is: `Some(Some(kind))` for a table read, `Some(None)` for a table
/// of the release that is not (major groups, top-30 lists, matrices, STEM, attainment, the index),
/// `None` when the title is not one of the release's.
fn by_title(title: &str) -> Option<Option<Kind>> {
    let t = clean(title);
    let has = |w: &str| t.contains(w);
    if has("separations and openings") {
        Some(Some(Kind::Separations))
    } else if has("factors affecting") {
        Some(Some(Kind::Factors))
    } else if has("education and training assignments") {
        Some(Some(Kind::Assignments))
    } else if has("projections") && has("worker characteristics") {
        Some(Some(Kind::Characteristics))
    } else if has("employment by detailed occupation") {
        Some(Some(Kind::Employment))
    } else if [
        "major occupational group",
        "fastest growing",
        "fastest declining",
        "most job growth",
        "largest job declines",
        "industry-occupation matrix",
        "stem occupations",
        "educational attainment",
        "contents",
    ]
    .iter()
    .any(|w| has(w))
    {
        Some(None)
    } else {
        None
    }
}

/// What a table is by its header, for tables whose title is not known (a CSV file without one).
fn by_header(header: &[String]) -> Option<Kind> {
    let cleaned: Vec<String> = header.iter().map(|c| clean(c)).collect();
    let any = |w: &str| cleaned.iter().any(|c| c.starts_with(w));
    let employment = cleaned.iter().filter(|c| is_employment(c)).count() >= 2;
    if any("labor force exit") {
        Some(Kind::Separations)
    } else if cleaned.iter().any(|c| c.contains("factors")) {
        Some(Kind::Factors)
    } else if employment && any("typical education needed") {
        Some(Kind::Characteristics)
    } else if employment && any("occupation type") {
        Some(Kind::Employment)
    } else if any("typical education needed") {
        Some(Kind::Assignments)
    } else {
        None
    }
}

/// A table of the release, found and read.
pub struct Found {
    pub kind: Kind,
    pub sheet: Sheet,
}

/// The tables of `tables` that are read, each kind once (the first found). Tables of no kind are
/// skipped; when none is a projections table, the error lists every table found.
pub fn classify(tables: &[RawTable]) -> Result<Vec<Found>> {
    let mut found: Vec<Found> = Vec::new();
    for table in tables {
        let Some(h) = table.find_header(&is_table_header) else { continue };
        let header: Vec<String> = table.rows[h].iter().map(|c| c.clone().unwrap_or_default()).collect();
        // The title is above the header; a header in the first row has none.
        let title = if h == 0 { String::new() } else { table.title() };
        let kind = match by_title(&title) {
            Some(kind) => kind,
            None => by_header(&header),
        };
        let Some(kind) = kind else { continue };
        if found.iter().any(|f| f.kind == kind) {
            continue;
        }
        found.push(Found { kind, sheet: table.to_sheet(h)? });
    }
    if !found.iter().any(|f| matches!(f.kind, Kind::Characteristics | Kind::Employment)) {
        let file = tables.first().map(|t| t.file.clone()).unwrap_or_default();
        let seen: Vec<String> = tables.iter().map(RawTable::describe).collect();
        return Err(WagescopeError::Data(vec![Issue::error(
            &file,
            format!(
                "no Employment Projections occupation table: looked for {LOOKED_FOR}; found {}",
                if seen.is_empty() { "nothing".to_string() } else { seen.join("; ") }
            ),
        )])
        .into());
    }
    Ok(found)
}

/// What one EP release (a workbook, or its tables as CSV files) imports to.
pub struct ProjectionsImport {
    pub source_id: String,
    pub base_year: i64,
    pub target_year: i64,
    pub projections: DataFrame,
    pub occupations: DataFrame,
    pub education: DataFrame,
    pub wages: DataFrame,
    /// The cycle with the all-occupations growth (00-0000), when the table has that row.
    pub cycles: DataFrame,
    /// The tables read, as "sheet: what" for the import summary and the source's notes.
    pub tables: Vec<String>,
    /// Which of the tables' columns each of our columns was read from.
    pub columns: ColumnOrigins,
}

/// A wage published as a lower bound (">= $239,200", "≥239,200"): top-coded.
fn top_coded(name: &str) -> Expr {
    let t = col(name).str().strip_chars(lit(NULL));
    (t.clone().str().starts_with(lit(">=")).or(t.str().starts_with(lit("≥")))).fill_null(lit(false))
}

/// Not applicable, as the table writes it.
const NOT_APPLICABLE: [&str; 3] = ["—", "–", "-"];

/// Cells of numeric columns that are neither a number, `—`, nor a top-coded wage: errors with sheet,
/// row and column.
fn check_numbers(sheet: &Sheet, columns: &[&String]) -> Result<Vec<Issue>> {
    let mut errors = Vec::new();
    let names: Vec<String> = sheet.frame.get_column_names().iter().map(|n| n.to_string()).collect();
    let indexed = sheet.frame.clone().lazy().with_row_index("__row", None);
    for name in columns {
        let text = col(name.as_str()).str().strip_chars(lit(NULL));
        let na = Series::new("na".into(), NOT_APPLICABLE.map(String::from).to_vec());
        let bad = text
            .clone()
            .is_not_null()
            .and(text.clone().is_in(lit(na).implode(false), false).not())
            .and(top_coded(name).not())
            .and(number(name).is_null());
        let rows = indexed.clone().filter(bad).select([col("__row"), text.alias("__value")]).limit(10).collect()?;
        let index = rows.column("__row")?.idx()?;
        let values = rows.column("__value")?.str()?;
        for (row, value) in index.iter().zip(values.iter()) {
            let (Some(row), Some(value)) = (row, value) else { continue };
            let (file, line) = sheet.place(row as usize);
            let position = names.iter().position(|n| n == *name).unwrap_or(0);
            errors.push(
                Issue::error(&file, format!("{name} is not a number"))
                    .at_line(line)
                    .at_column(position, name)
                    .got(crate::error::quoted(value))
                    .expected("a number (thousands separators allowed), or — for not applicable"),
            );
        }
    }
    Ok(errors)
}

/// A column of `sheet` whose cleaned name passes `test`.
fn column(sheet: &Sheet, test: &dyn Fn(&str) -> bool) -> Option<String> {
    sheet.frame.get_column_names().iter().map(|n| n.to_string()).find(|n| test(&clean(n)))
}

/// A number in thousands, converted to units: published to 0.1 thousand, so whole units (the
/// rounding only removes the binary error of × 1000: 341.6 × 1000 = 341,600.00000000006).
fn in_units(name: &str) -> Expr {
    (number(name) * lit(1000.0)).round(0, RoundMode::HalfToEven)
}

/// An optional numeric column in thousands, converted to units.
fn thousands(name: &Option<String>) -> Expr {
    match name {
        Some(n) => in_units(n),
        None => lit(NULL).cast(DataType::Float64),
    }
}

fn optional_number(name: &Option<String>) -> Expr {
    match name {
        Some(n) => number(n),
        None => lit(NULL).cast(DataType::Float64),
    }
}

/// A code cell as a SOC code ("29-2072"), trimmed.
fn code_of(name: &str) -> Expr {
    col(name).str().strip_chars(lit(NULL))
}

/// The code and title columns of an EP table, or an error naming what it has.
fn code_and_title(sheet: &Sheet, what: &str) -> Result<(String, Option<String>)> {
    let code = column(sheet, &|n| n.ends_with(" code"));
    let title = column(sheet, &|n| n.ends_with(" title"));
    match code {
        Some(code) => Ok((code, title)),
        None => Err(not_table(sheet, what, "a National Employment Matrix code column")),
    }
}

fn not_table(sheet: &Sheet, what: &str, missing: &str) -> anyhow::Error {
    let names: Vec<String> = sheet.frame.get_column_names().iter().map(|n| n.to_string()).collect();
    WagescopeError::Data(vec![Issue::error(
        &sheet.place(0).0,
        format!("not a table of {what}: missing {missing}; found {}", names.join(", ")),
    )])
    .into()
}

/// Interpret the tables of one EP release. `codes` keeps only those occupations (all when empty).
pub fn import(found: Vec<Found>, source_id: &str, codes: &[String]) -> Result<ProjectionsImport> {
    let take = |kind: Kind| found.iter().find(|f| f.kind == kind).map(|f| &f.sheet);
    let (main, main_kind) = match (take(Kind::Characteristics), take(Kind::Employment)) {
        (Some(sheet), _) => (sheet, Kind::Characteristics),
        (None, Some(sheet)) => (sheet, Kind::Employment),
        (None, None) => anyhow::bail!("internal: no projections table among the tables found"),
    };
    // "Table 1.7: occupational projections …" (a CSV file by its name), for each table used.
    let used = |sheet: &Sheet, kind: Kind| {
        let place = sheet.sheet.clone().unwrap_or_else(|| {
            let path = std::path::Path::new(&sheet.file);
            path.file_name().map_or_else(|| sheet.file.clone(), |n| n.to_string_lossy().into_owned())
        });
        format!("{place}: {}", kind.describe())
    };
    let mut imported = import_main(main, source_id, codes)?;
    imported.tables.push(used(main, main_kind));
    // Education, experience and training: from the projections table, else from the assignments table.
    if imported.education.height() == 0
        && let Some(assignments) = take(Kind::Assignments)
    {
        let (code, _) = code_and_title(assignments, Kind::Assignments.describe())?;
        let rows = assignments
            .frame
            .clone()
            .lazy()
            .with_row_index("__line", None)
            .with_column(code_of(&code).alias("__code"))
            .filter(keep(codes));
        imported.education = routes(assignments, rows, source_id, false)?.collect()?;
        imported.tables.push(used(assignments, Kind::Assignments));
    }
    let mut projections = imported.projections.clone().lazy();
    if let Some(separations) = take(Kind::Separations) {
        projections = with_separations(projections, separations, &imported)?;
        imported.tables.push(used(separations, Kind::Separations));
    }
    if let Some(factors) = take(Kind::Factors) {
        projections = with_factors(projections, factors)?;
        imported.tables.push(used(factors, Kind::Factors));
    }
    imported.projections = projections.collect()?;
    Ok(imported)
}

/// Rows to keep: SOC codes (`00-0000` to `99-9999`), and only `codes` when given.
fn keep(codes: &[String]) -> Expr {
    let soc = col("__code").str().contains(lit(r"^[0-9]{2}-[0-9]{4}$"), true).fill_null(lit(false));
    if codes.is_empty() {
        return soc;
    }
    let list = Series::new("codes".into(), codes.to_vec());
    soc.and(col("__code").is_in(lit(list).implode(false), false))
}

/// The separations table's rates, exits, transfers and openings, joined to the projections by
/// occupation; its years must be the projections' years.
fn with_separations(projections: LazyFrame, sheet: &Sheet, main: &ProjectionsImport) -> Result<LazyFrame> {
    let what = Kind::Separations.describe();
    let (code, _) = code_and_title(sheet, what)?;
    let find = |prefix: &str| column(sheet, &|n: &str| n.starts_with(prefix));
    let exit_rate = find("labor force exit rate");
    let transfer_rate = find("occupational transfer rate");
    let exits = find("labor force exits");
    let transfers = find("occupational transfers");
    let openings = find("occupational openings");
    if exit_rate.is_none() && exits.is_none() && transfer_rate.is_none() && transfers.is_none() {
        return Err(not_table(sheet, what, "labor force exit and occupational transfer columns"));
    }
    let mut years: Vec<i64> = sheet
        .frame
        .get_column_names()
        .iter()
        .map(|n| clean(n))
        .filter(|n| is_employment(n))
        .filter_map(|n| year_in(&n))
        .collect();
    years.sort_unstable();
    if let (Some(first), Some(last)) = (years.first(), years.last())
        && (*first, *last) != (main.base_year, main.target_year)
    {
        return Err(WagescopeError::Data(vec![Issue::error(
            &sheet.place(0).0,
            format!(
                "the separations table is for {first}–{last}, the projections table for {}–{}: tables of two releases",
                main.base_year, main.target_year
            ),
        )])
        .into());
    }
    let numeric: Vec<&String> =
        [&exit_rate, &transfer_rate, &exits, &transfers, &openings].into_iter().flatten().collect();
    let errors = check_numbers(sheet, &numeric)?;
    if !errors.is_empty() {
        return Err(WagescopeError::Data(errors).into());
    }
    let separations = sheet
        .frame
        .clone()
        .lazy()
        .select([
            code_of(&code).alias("__code"),
            optional_number(&exit_rate).alias("__exit_rate"),
            optional_number(&transfer_rate).alias("__transfer_rate"),
            thousands(&exits).alias("__exits"),
            thousands(&transfers).alias("__transfers"),
            thousands(&openings).alias("__openings"),
        ])
        .filter(col("__code").is_not_null())
        .unique_stable(Some(cols(["__code"])), UniqueKeepStrategy::First);
    Ok(projections
        .join(separations, [col(c::OCCUPATION)], [col("__code")], JoinArgs::new(JoinType::Left))
        .with_columns([
            col("__exit_rate").alias(c::EXIT_RATE),
            col("__transfer_rate").alias(c::TRANSFER_RATE),
            col("__exits").alias(c::EXITS),
            col("__transfers").alias(c::TRANSFERS),
            col(c::ANNUAL_OPENINGS).fill_null(col("__openings")).alias(c::ANNUAL_OPENINGS),
        ])
        .drop(cols(["__exit_rate", "__transfer_rate", "__exits", "__transfers", "__openings"])))
}

/// The factors table's text, joined to the projections by occupation.
fn with_factors(projections: LazyFrame, sheet: &Sheet) -> Result<LazyFrame> {
    let what = Kind::Factors.describe();
    let (code, _) = code_and_title(sheet, what)?;
    let Some(text) = column(sheet, &|n| n.contains("factors")) else {
        return Err(not_table(sheet, what, "a column of factors"));
    };
    let factors = sheet
        .frame
        .clone()
        .lazy()
        .select([code_of(&code).alias("__code"), col(text.as_str()).str().strip_chars(lit(NULL)).alias("__factors")])
        .filter(col("__code").is_not_null().and(col("__factors").is_not_null()))
        .filter(col("__factors").neq(lit("—")))
        .unique_stable(Some(cols(["__code"])), UniqueKeepStrategy::First);
    Ok(projections
        .join(factors, [col(c::OCCUPATION)], [col("__code")], JoinArgs::new(JoinType::Left))
        .with_column(col("__factors").alias(c::FACTORS))
        .drop(cols(["__factors"])))
}

/// Entry routes: the education, experience and training columns of `sheet`, each a route with its
/// wording, for the rows of `rows` (which carry `__code`).
fn routes(sheet: &Sheet, rows: LazyFrame, source_id: &str, has_origin: bool) -> Result<LazyFrame> {
    let find = |prefix: &str| column(sheet, &|n: &str| n.starts_with(prefix));
    let route = |name: Option<String>, label: &str| -> Option<LazyFrame> {
        let name = name?;
        let text = col(name.as_str()).str().strip_chars(lit(NULL));
        // "None" (no experience, no training needed) is information, as the Handbook prints it; "—"
        // (not applicable, on summary rows) is not.
        let kept = col("__text").is_not_null().and(col("__text").neq(lit("—")));
        let origin = if has_origin { col(c::ORIGIN) } else { sheet.origin("__line").alias(c::ORIGIN) };
        Some(rows.clone().with_column(text.alias("__text")).filter(kept).select([
            col("__code").alias(c::OCCUPATION),
            concat_str([lit(format!("{label}: ")), col("__text")], "", false).alias(c::PATH),
            lit(source_id.to_string()).alias(c::SOURCE),
            origin,
        ]))
    };
    let routes: Vec<LazyFrame> = [
        route(find("typical education needed"), "typical education needed for entry"),
        route(find("work experience in a related occupation"), "work experience in a related occupation"),
        route(find("typical on-the-job training"), "typical on-the-job training"),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(if routes.is_empty() { DataFrame::empty().lazy() } else { concat(routes, UnionArgs::default())? })
}

/// The projections table: projections, occupations, the published median wage, entry routes, and
/// the all-occupations growth.
fn import_main(sheet: &Sheet, source_id: &str, codes: &[String]) -> Result<ProjectionsImport> {
    let names: Vec<String> = sheet.frame.get_column_names().iter().map(|n| n.to_string()).collect();
    let find = |test: &dyn Fn(&str) -> bool| names.iter().find(|n| test(&clean(n))).cloned();
    let code = find(&|n| n.ends_with(" code"));
    let title = find(&|n| n.ends_with(" title"));
    let mut employment: Vec<(i64, String)> =
        names.iter().filter(|n| is_employment(&clean(n))).filter_map(|n| year_in(n).map(|y| (y, n.clone()))).collect();
    employment.sort();
    let missing: Vec<&str> = [
        (code.is_none(), "a National Employment Matrix code column"),
        (title.is_none(), "a title column"),
        (employment.len() < 2, "two \"Employment, YEAR\" columns"),
    ]
    .iter()
    .filter(|(m, _)| *m)
    .map(|(_, what)| *what)
    .collect();
    let (Some(code), Some(title), [(base_year, base), .., (target_year, target)]) =
        (code, title, employment.as_slice())
    else {
        return Err(WagescopeError::Data(vec![Issue::error(
            &sheet.place(0).0,
            format!(
                "not an Employment Projections occupation table: missing {} (looked for {LOOKED_FOR}; found {})",
                missing.join(", "),
                names.join(", ")
            ),
        )])
        .into());
    };
    let (base_year, target_year) = (*base_year, *target_year);
    let numeric = |prefix: &str| find(&|n: &str| n.starts_with(prefix));
    let change = numeric("employment change, numeric");
    let percent = numeric("employment change, percent");
    let openings = numeric("occupational openings");
    let wage = numeric("median annual wage");
    let numeric: Vec<&String> =
        [Some(base), Some(target), change.as_ref(), percent.as_ref(), openings.as_ref(), wage.as_ref()]
            .into_iter()
            .flatten()
            .collect();
    let errors = check_numbers(sheet, &numeric)?;
    if !errors.is_empty() {
        return Err(WagescopeError::Data(errors).into());
    }
    let coded = sheet.frame.clone().lazy().with_row_index("__line", None).with_columns([
        code_of(&code).alias("__code"),
        // Titles are indented to show the hierarchy.
        col(title.as_str()).str().strip_chars(lit(NULL)).alias("__title"),
        sheet.origin("__line").alias(c::ORIGIN),
    ]);
    let rows = coded.clone().filter(keep(codes)).unique_stable(Some(cols(["__code"])), UniqueKeepStrategy::First);
    let projections = rows.clone().select([
        col("__code").alias(c::OCCUPATION),
        lit(base_year).alias(c::BASE_YEAR),
        lit(target_year).alias(c::TARGET_YEAR),
        in_units(base).alias(c::BASE_EMPLOYMENT),
        in_units(target).alias(c::TARGET_EMPLOYMENT),
        thousands(&change).alias(c::CHANGE),
        optional_number(&percent).alias(c::PERCENT_CHANGE),
        thousands(&openings).alias(c::ANNUAL_OPENINGS),
        lit(source_id.to_string()).alias(c::SOURCE),
        lit(format!(
            "BLS Employment Projections {base_year}–{target_year}; employment, change and openings published in thousands, converted to jobs"
        ))
        .alias(c::NOTES),
        col(c::ORIGIN),
    ]);
    // A row with no figure at all (every cell `—`) projects nothing.
    let projections = projections.filter(
        col(c::BASE_EMPLOYMENT)
            .is_not_null()
            .or(col(c::TARGET_EMPLOYMENT).is_not_null())
            .or(col(c::PERCENT_CHANGE).is_not_null()),
    );
    // A top-coded median is no wage: it is noted with the occupation instead.
    let wage_note = match &wage {
        Some(w) => when(top_coded(w))
            .then(concat_str(
                [
                    lit(format!(
                        "Employment Projections: median annual wage, May {}, top-coded, published as ",
                        year_in(w).unwrap_or(base_year)
                    )),
                    col(w.as_str()).str().strip_chars(lit(NULL)),
                ],
                "",
                true,
            ))
            .otherwise(lit(NULL).cast(DataType::String)),
        None => lit(NULL).cast(DataType::String),
    };
    // Columns in the order of the OEWS occupations (code, title, origin) and then notes, as the
    // import stacks the two.
    let occupations = rows.clone().select([
        col("__code").alias(c::CODE),
        col("__title").alias(c::TITLE),
        col(c::ORIGIN),
        wage_note.alias(c::NOTES),
    ]);
    let education = routes(sheet, rows.clone(), source_id, true)?;
    let wage_year = wage.as_deref().and_then(year_in).unwrap_or(base_year);
    let wages = match &wage {
        Some(w) => rows
            .clone()
            .select([
                col("__code").alias(c::OCCUPATION),
                lit(wage_year).alias(c::YEAR),
                lit(5i64).alias(c::MONTH),
                lit(values::NATIONAL).alias(c::GEOGRAPHY),
                lit(values::ALL).alias(c::SETTING),
                lit(values::ALL).alias(c::EXPERIENCE),
                lit(values::ALL).alias(c::CERTIFICATION),
                lit(values::ANNUAL).alias(c::BASIS),
                lit(values::ESTIMATE).alias(c::WAGE_KIND),
                number(w).alias(c::MEDIAN),
                lit(source_id.to_string()).alias(c::SOURCE),
                lit(format!("median annual wage, May {wage_year}, as the Employment Projections table publishes it"))
                    .alias(c::NOTES),
                col(c::ORIGIN),
            ])
            .filter(col(c::MEDIAN).is_not_null()),
        None => DataFrame::empty().lazy(),
    };
    // The all-occupations row gives the cycle's comparison growth, whatever `codes` keeps.
    let cycles = coded.filter(col("__code").eq(lit("00-0000"))).limit(1).select([
        col("__code"),
        lit(base_year).alias(c::BASE_YEAR),
        lit(target_year).alias(c::TARGET_YEAR),
        optional_number(&percent).alias(c::ALL_OCCUPATIONS_PERCENT),
        lit(source_id.to_string()).alias(c::SOURCE),
        lit("Total, all occupations (00-0000), as the Employment Projections table publishes it").alias(c::NOTES),
        col(c::ORIGIN),
    ]);
    let cycles = cycles.drop(cols(["__code"]));
    let results = LazyFrame::collect_all_with_engine(
        vec![
            projections.logical_plan,
            occupations.logical_plan,
            education.logical_plan,
            wages.logical_plan,
            cycles.logical_plan,
        ],
        Engine::Auto,
        OptFlags::default(),
    )?;
    let [projections, occupations, education, wages, cycles]: [DataFrame; 5] =
        results.try_into().map_err(|_| anyhow::anyhow!("internal: expected five results"))?;
    if occupations.height() == 0 {
        let message = if codes.is_empty() {
            "no row has a SOC occupation code (like 29-2072) in the code column".to_string()
        } else {
            format!("none of the occupations {} is in the table", codes.join(", "))
        };
        return Err(WagescopeError::Data(vec![Issue::error(&sheet.place(0).0, message)]).into());
    }
    Ok(ProjectionsImport {
        source_id: source_id.to_string(),
        base_year,
        target_year,
        projections,
        occupations,
        education,
        wages,
        cycles,
        tables: Vec::new(),
        columns: main_columns(sheet, &code, &title, base, target, [&change, &percent, &openings, &wage]),
    })
}

/// Which column of the projections table each of our columns was read from.
fn main_columns(
    sheet: &Sheet,
    code: &str,
    title: &str,
    base: &str,
    target: &str,
    [change, percent, openings, wage]: [&Option<String>; 4],
) -> ColumnOrigins {
    use crate::data::schema::{CYCLES, OCCUPATIONS, PROJECTIONS, WAGES};
    let mut columns = ColumnOrigins::default();
    let label = sheet.label();
    let mut add = |table: &str, ours: &str, theirs: Option<&str>| {
        if let Some(theirs) = theirs
            && let Some(position) = sheet.position(theirs)
        {
            columns.add(&label, table, ours, None, position, theirs);
        }
    };
    add(PROJECTIONS.file, c::OCCUPATION, Some(code));
    add(PROJECTIONS.file, c::BASE_EMPLOYMENT, Some(base));
    add(PROJECTIONS.file, c::TARGET_EMPLOYMENT, Some(target));
    add(PROJECTIONS.file, c::CHANGE, change.as_deref());
    add(PROJECTIONS.file, c::PERCENT_CHANGE, percent.as_deref());
    add(PROJECTIONS.file, c::ANNUAL_OPENINGS, openings.as_deref());
    add(OCCUPATIONS.file, c::CODE, Some(code));
    add(OCCUPATIONS.file, c::TITLE, Some(title));
    add(WAGES.file, c::OCCUPATION, Some(code));
    add(WAGES.file, c::MEDIAN, wage.as_deref());
    add(CYCLES.file, c::ALL_OCCUPATIONS_PERCENT, percent.as_deref());
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells() {
        assert_eq!(clean("Employment, 2023 [1]"), "employment, 2023");
        assert_eq!(clean("  2023 National Employment   Matrix code "), "2023 national employment matrix code");
        assert_eq!(year_in("Employment change, numeric, 2023–33"), Some(2023));
        assert_eq!(year_in("Median annual wage, dollars, 2024[2]"), Some(2024));
        let header: Vec<String> = [
            "2023 National Employment Matrix title",
            "2023 National Employment Matrix code",
            "Employment, 2023",
            "Employment, 2033",
        ]
        .map(String::from)
        .to_vec();
        assert!(is_header(&header));
        assert!(!is_header(&header[..3]));
        // 2019–29 headers: a footnote in parentheses, a line break inside a name.
        assert_eq!(clean("Median annual wage, 2020(1)"), "median annual wage, 2020");
        assert_eq!(clean("Occupation\ntype"), "occupation type");
        assert_eq!(clean("Chief executives (except legislators)"), "chief executives (except legislators)");
        assert_eq!(clean("Labor-force exits, 2023–33"), "labor force exits, 2023–33");
    }

    #[test]
    fn tables_by_title_in_both_editions() {
        let kind = |t: &str| by_title(t).flatten();
        // 2024–34 (and 2021–31 on).
        assert_eq!(
            kind(
                "Table 1.2 Occupational projections, 2024–34, and worker characteristics, 2024\n(Numbers in thousands)"
            ),
            Some(Kind::Characteristics)
        );
        assert_eq!(
            kind("Table 1.10 Occupational separations and openings, projected 2024–34"),
            Some(Kind::Separations)
        );
        assert_eq!(
            kind("Table 1.12 Factors affecting occupational utilization, projected 2024–34"),
            Some(Kind::Factors)
        );
        // 2019–29.
        assert_eq!(
            kind("Table 1.2 Employment by detailed occupation, 2019 and projected 2029"),
            Some(Kind::Employment)
        );
        assert_eq!(
            kind("Table 1.7 Occupational projections, 2019-29, and worker characteristics, 2019"),
            Some(Kind::Characteristics)
        );
        assert_eq!(
            kind("Table 5.4 Education and training assignments by detailed occupation, 2019"),
            Some(Kind::Assignments)
        );
        // Tables of the release that are not read, and titles that are not the release's.
        for skipped in [
            "Table 1.1 Employment by major occupational group, 2019 and projected 2029",
            "Table 1.3 Fastest growing occupations, 2019 and projected 2029",
            "Table 1.9 2019-29 Industry-occupation matrix data, by industry",
            "Table 5.3 Educational attainment for workers 25 years and older by detailed occupation, 2019",
        ] {
            assert_eq!(by_title(skipped), Some(None), "{skipped}");
        }
        assert_eq!(by_title(""), None);
        assert_eq!(by_title("Occupational Employment and Wages, May 2023"), None);
    }

    #[test]
    fn tables_by_header_when_untitled() {
        let header = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let base = ["2024 National Employment Matrix title", "2024 National Employment Matrix code"];
        let with = |more: &[&str]| header(&[&base[..], more].concat());
        assert_eq!(by_header(&with(&["Employment, 2024", "Labor force exit rate, 2024–34"])), Some(Kind::Separations));
        assert_eq!(by_header(&with(&["Factors affecting occupational utilization"])), Some(Kind::Factors));
        assert_eq!(
            by_header(&with(&["Employment, 2024", "Employment, 2034", "Typical education needed for entry"])),
            Some(Kind::Characteristics)
        );
        assert_eq!(
            by_header(&with(&["Occupation type", "Employment, 2024", "Employment, 2034"])),
            Some(Kind::Employment)
        );
        assert_eq!(by_header(&with(&["Typical education needed for entry"])), Some(Kind::Assignments));
        assert_eq!(by_header(&with(&["Employment, 2024", "Employment, 2034"])), None, "a top-30 list");
    }
}
