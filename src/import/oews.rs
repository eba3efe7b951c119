//! BLS Occupational Employment and Wage Statistics (OEWS) tables as published (DOMAIN.md §5):
//! national, state, metro or industry files, XLSX or CSV, upper- or lower-case headers, the group
//! column under any of its names, numbers as numbers or as text with thousands separators.
//!
//! Markers keep their meaning: `*` (wage not available) and `**` (employment not available) become
//! empty with the reason in the row's notes; `#` (at or above the top-coding cap) is never taken as
//! the wage — the statistic is left empty and the note says it is top-coded; `~` (fewer than 0.5% of
//! establishments reporting) is noted. Each OEWS row becomes up to two wage rows of our schema
//! (hourly and annual), an occupation, and — for cross-industry rows — an employment figure.

use anyhow::Result;
use polars::prelude::*;

use super::sheet::{Sheet, number};
use crate::data::origin::ColumnOrigins;
use crate::data::schema::{WAGES, col as c, values};
use crate::error::{Issue, WagescopeError};

/// The group column's names across years.
const GROUP_NAMES: [&str; 3] = ["O_GROUP", "OCC_GROUP", "GROUP"];
/// Wage statistics: (our column, OEWS suffix).
const STATS: [(&str, &str); 6] = [
    (c::MEAN, "MEAN"),
    (c::P10, "PCT10"),
    (c::P25, "PCT25"),
    (c::MEDIAN, "MEDIAN"),
    (c::P75, "PCT75"),
    (c::P90, "PCT90"),
];
/// Numeric columns and the markers OEWS uses in each kind.
const EMPLOYMENT_COLUMNS: [&str; 5] = ["TOT_EMP", "EMP_PRSE", "JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL"];
const WAGE_MARKERS: [&str; 2] = ["*", "#"];
const EMPLOYMENT_MARKERS: [&str; 2] = ["**", "~"];
const MARKERS: [&str; 4] = ["*", "**", "#", "~"];
/// Messages listed per kind of problem before "and N more".
const SHOWN: usize = 10;

/// Does a header row look like an OEWS table?
pub fn is_header(cells: &[String]) -> bool {
    let has = |name: &str| cells.iter().any(|c| c.eq_ignore_ascii_case(name));
    has("OCC_CODE") && has("OCC_TITLE")
}

pub const LOOKED_FOR: &str = "OCC_CODE and OCC_TITLE";

/// What one file imports to.
pub struct OewsImport {
    pub year: i64,
    /// "national", "state", "metropolitan area", "industry" …, in words.
    pub scope: String,
    pub source_id: String,
    pub wages: DataFrame,
    /// code, title (distinct).
    pub occupations: DataFrame,
    /// occupation, year, employment (national cross-industry rows).
    pub employment: DataFrame,
    pub rows: usize,
    pub warnings: Vec<Issue>,
    /// Which OEWS column each of our columns was read from.
    pub columns: ColumnOrigins,
}

fn marked(name: &str, marker: &str) -> Expr {
    col(name).eq(lit(marker)).fill_null(lit(false))
}

/// The year of the data: `--year`, else "M2023" / "2023" in the file name.
pub fn year_of(file_name: &str, year: Option<i64>) -> Option<i64> {
    if year.is_some() {
        return year;
    }
    let bytes = file_name.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let digits = &file_name.get(i..i + 4)?;
        let before = if i > 0 { bytes[i - 1] } else { b'_' };
        let after = bytes.get(i + 4).copied().unwrap_or(b'_');
        let year: i64 = digits.parse().ok()?;
        ((1997..=2100).contains(&year) && !before.is_ascii_digit() && !after.is_ascii_digit()).then_some(year)
    })
}

/// Interpret an OEWS sheet. `codes` keeps only those occupations (all when empty).
pub fn import(sheet: Sheet, source_id: &str, year: i64, codes: &[String]) -> Result<OewsImport> {
    // Upper-case every header (older files are lower case).
    let mut frame = sheet.frame.clone();
    let names: Vec<String> = frame.get_column_names().iter().map(|n| n.to_uppercase()).collect();
    frame.set_column_names(&names.iter().map(String::as_str).collect::<Vec<_>>())?;
    let has = |name: &str| names.iter().any(|n| n == name);
    let group = GROUP_NAMES.iter().copied().find(|g| has(g));
    let wage_columns: Vec<String> = ["H_", "A_"]
        .iter()
        .flat_map(|p| STATS.iter().map(move |(_, s)| format!("{p}{s}")))
        .filter(|n| has(n))
        .collect();
    let mut missing: Vec<&str> = ["OCC_CODE", "OCC_TITLE"].into_iter().filter(|n| !has(n)).collect();
    if group.is_none() {
        missing.push("O_GROUP (or OCC_GROUP, GROUP)");
    }
    if wage_columns.is_empty() {
        missing.push("wage columns (H_MEDIAN, A_MEDIAN, H_MEAN …)");
    }
    if !missing.is_empty() {
        return Err(WagescopeError::Data(vec![Issue::error(
            &sheet.place(0).0,
            format!(
                "not an OEWS table: missing {} (looked for OCC_CODE, OCC_TITLE, O_GROUP/OCC_GROUP/GROUP and the H_/A_ wage columns; found {})",
                missing.join(", "),
                names.join(", ")
            ),
        )])
        .into());
    }
    if frame.height() == 0 {
        return Err(
            WagescopeError::Data(vec![Issue::error(&sheet.place(0).0, "the table has a header but no rows")]).into()
        );
    }
    let numeric: Vec<String> = wage_columns
        .iter()
        .cloned()
        .chain(EMPLOYMENT_COLUMNS.iter().filter(|n| has(n)).map(|n| n.to_string()))
        .collect();
    let (errors, mut warnings) = check_cells(&frame, &sheet, &numeric)?;
    if !errors.is_empty() {
        return Err(WagescopeError::Data(errors).into());
    }
    let soc = col("OCC_CODE").str().contains(lit(r"^[0-9]{2}-[0-9]{4}$"), true).fill_null(lit(false));
    let mut keep = soc.clone();
    if !codes.is_empty() {
        let list = Series::new("codes".into(), codes.to_vec());
        keep = keep.and(col("OCC_CODE").is_in(lit(list).implode(false), false));
    }
    // A code listed twice in one area and industry (OEWS lists some as both "broad" and
    // "detailed" with the same numbers): keep the most detailed row.
    let group = group.unwrap_or("O_GROUP");
    let rank = ["detailed", "broad", "minor", "major", "total"].iter().enumerate().fold(lit(9i32), |acc, (i, g)| {
        when(col(group).str().to_lowercase().eq(lit(*g))).then(lit(i as i32)).otherwise(acc)
    });
    let mut key = vec![col("OCC_CODE")];
    key.extend(["AREA", "AREA_TITLE", "NAICS", "NAICS_TITLE", "OWN_CODE"].iter().filter(|n| has(n)).map(|n| col(*n)));
    let origin = sheet.origin("__line");
    let lf = frame
        .lazy()
        .with_row_index("__line", None)
        .with_column(origin.alias(c::ORIGIN))
        .filter(keep)
        .with_row_index("__order", None)
        .sort_by_exprs([rank, col("__order")], SortMultipleOptions::default())
        .unique_stable_generic(Some(key), UniqueKeepStrategy::First)
        .sort(["__order"], SortMultipleOptions::default());
    let text = |name: &str, default: &str| if has(name) { col(name) } else { lit(default.to_string()) };
    let area = text("AREA_TITLE", "U.S.");
    let geography =
        when(area.clone().eq(lit("U.S.")).or(area.clone().eq(lit("US"))).or(area.clone().eq(lit("United States"))))
            .then(lit(crate::data::schema::values::NATIONAL))
            .otherwise(area)
            .alias(c::GEOGRAPHY);
    // What the area is (DOMAIN.md §6): AREA_TYPE 2 state, 3 territory, 4 metropolitan, 6
    // nonmetropolitan; national rows (AREA_TYPE 1, or no area columns) have neither type nor state.
    let area_type = if has("AREA_TYPE") {
        [("2", values::STATE), ("3", values::TERRITORY), ("4", values::METRO), ("6", values::NONMETRO)].iter().fold(
            lit(NULL).cast(DataType::String),
            |acc, (code, name)| {
                when(col("AREA_TYPE").str().strip_chars(lit(NULL)).eq(lit(*code))).then(lit(*name)).otherwise(acc)
            },
        )
    } else {
        lit(NULL).cast(DataType::String)
    }
    .alias(c::AREA_TYPE);
    let state = if has("PRIM_STATE") {
        when(geography.clone().eq(lit(values::NATIONAL)))
            .then(lit(NULL).cast(DataType::String))
            .otherwise(col("PRIM_STATE").str().strip_chars(lit(NULL)).str().to_uppercase())
    } else {
        lit(NULL).cast(DataType::String)
    }
    .alias(c::STATE);
    // A file year without the column leaves the figure out (null), never zero.
    let optional_number = |name: &str| if has(name) { number(name) } else { lit(NULL).cast(DataType::Float64) };
    let cross_industry = if has("NAICS") {
        col("NAICS").eq(lit("000000")).fill_null(lit(true))
    } else if has("I_GROUP") {
        col("I_GROUP").eq(lit("cross-industry")).fill_null(lit(true))
    } else {
        lit(true)
    };
    let ownership = if has("OWN_CODE") {
        when(col("OWN_CODE").eq(lit("1")))
            .then(lit(" (federal government)"))
            .when(col("OWN_CODE").eq(lit("2")))
            .then(lit(" (state government)"))
            .when(col("OWN_CODE").eq(lit("3")))
            .then(lit(" (local government)"))
            .when(col("OWN_CODE").eq(lit("123")))
            .then(lit(" (government)"))
            .otherwise(lit(""))
    } else {
        lit("")
    };
    let industry = text("NAICS_TITLE", values::ALL);
    let setting = when(cross_industry.clone())
        .then(lit(values::ALL))
        .otherwise(concat_str([industry, ownership], "", true))
        .alias(c::SETTING);
    let employment_note = if has("TOT_EMP") {
        when(marked("TOT_EMP", "**"))
            .then(lit("employment estimate not available (**)"))
            .otherwise(lit(NULL).cast(DataType::String))
    } else {
        lit(NULL).cast(DataType::String)
    };
    let few_reporting = if has("PCT_RPT") {
        when(marked("PCT_RPT", "~"))
            .then(lit("fewer than 0.5% of establishments reporting (~)"))
            .otherwise(lit(NULL).cast(DataType::String))
    } else {
        lit(NULL).cast(DataType::String)
    };
    let flag = |name: &str| {
        if has(name) { col(name).str().to_uppercase().eq(lit("TRUE")).fill_null(lit(false)) } else { lit(false) }
    };
    let common = |basis: &str| {
        vec![
            col("OCC_CODE").alias(c::OCCUPATION),
            lit(year).alias(c::YEAR),
            lit(5i64).alias(c::MONTH),
            geography.clone(),
            setting.clone(),
            lit(values::ALL).alias(c::EXPERIENCE),
            lit(values::ALL).alias(c::CERTIFICATION),
            lit(basis.to_string()).alias(c::BASIS),
            lit(values::ESTIMATE).alias(c::WAGE_KIND),
            if has("TOT_EMP") { number("TOT_EMP") } else { lit(NULL).cast(DataType::Float64) }.alias(c::EMPLOYMENT),
            area_type.clone(),
            state.clone(),
            optional_number("LOC_QUOTIENT").alias(c::LOCATION_QUOTIENT),
            optional_number("JOBS_1000").alias(c::JOBS_PER_1000),
            col(c::ORIGIN),
        ]
    };
    let per_basis = |prefix: &str, basis: &str| {
        let mut exprs = common(basis);
        let mut topcoded = Vec::new();
        let mut unavailable = Vec::new();
        for (ours, suffix) in STATS {
            let name = format!("{prefix}{suffix}");
            if has(&name) {
                exprs.push(number(&name).alias(ours));
                topcoded.push(when(marked(&name, "#")).then(lit(ours)).otherwise(lit(NULL).cast(DataType::String)));
                unavailable.push(when(marked(&name, "*")).then(lit(ours)).otherwise(lit(NULL).cast(DataType::String)));
            } else {
                exprs.push(lit(NULL).cast(DataType::Float64).alias(ours));
            }
        }
        // "top-coded (#) …: p75, p90" — one note per marker, naming the statistics it hides.
        let listed = |parts: Vec<Expr>, text: &str| {
            let list = concat_str(parts, ", ", true);
            when(list.clone().eq(lit("")).or(list.clone().is_null()))
                .then(lit(NULL).cast(DataType::String))
                .otherwise(concat_str([lit(text.to_string()), list], "", true))
        };
        let mut notes = vec![employment_note.clone(), few_reporting.clone()];
        if !topcoded.is_empty() {
            notes.push(listed(topcoded, "top-coded at or above the OEWS cap (#), left empty, never a wage: "));
            notes.push(listed(unavailable, "wage estimate not available (*): "));
        }
        let only = if basis == values::ANNUAL {
            when(flag("ANNUAL")).then(lit("OEWS publishes only annual wages for this occupation (ANNUAL = TRUE)"))
        } else {
            when(flag("HOURLY")).then(lit("OEWS publishes only hourly wages for this occupation (HOURLY = TRUE)"))
        };
        notes.push(only.otherwise(lit(NULL).cast(DataType::String)));
        exprs.extend([
            lit(NULL).cast(DataType::Float64).alias(c::RANGE_MIN),
            lit(NULL).cast(DataType::Float64).alias(c::RANGE_MAX),
            lit(NULL).cast(DataType::Int64).alias(c::SAMPLE_SIZE),
            lit(source_id.to_string()).alias(c::SOURCE),
            lit(NULL).cast(DataType::String).alias(c::DERIVED),
            lit(NULL).cast(DataType::String).alias(c::FORMULA),
            concat_str(notes, "; ", true).alias(c::NOTES),
        ]);
        // A basis the file does not publish for the row (every statistic empty) is left out.
        let any = STATS.iter().fold(lit(false), |acc, (ours, _)| acc.or(col(*ours).is_not_null()));
        lf.clone().select(exprs).filter(any)
    };
    let wages = concat([per_basis("H_", values::HOURLY), per_basis("A_", values::ANNUAL)], UnionArgs::default())?
        .with_columns([when(col(c::NOTES).eq(lit("")))
            .then(lit(NULL).cast(DataType::String))
            .otherwise(col(c::NOTES))
            .alias(c::NOTES)])
        .sort([c::OCCUPATION, c::GEOGRAPHY, c::SETTING, c::BASIS], SortMultipleOptions::default());
    let occupations = lf
        .clone()
        .select([col("OCC_CODE").alias(c::CODE), col("OCC_TITLE").alias(c::TITLE), col(c::ORIGIN)])
        .unique_stable(Some(cols([c::CODE])), UniqueKeepStrategy::First)
        .sort([c::CODE], SortMultipleOptions::default());
    let employment = lf
        .clone()
        .filter(cross_industry.and(geography.clone().eq(lit(crate::data::schema::values::NATIONAL))))
        .select([
            col("OCC_CODE").alias(c::OCCUPATION),
            lit(year).alias(c::YEAR),
            if has("TOT_EMP") { number("TOT_EMP") } else { lit(NULL).cast(DataType::Float64) }.alias(c::EMPLOYMENT),
            col(c::ORIGIN),
        ])
        .filter(col(c::EMPLOYMENT).is_not_null())
        .unique_stable(Some(cols([c::OCCUPATION])), UniqueKeepStrategy::First);
    let results = LazyFrame::collect_all_with_engine(
        vec![wages.logical_plan, occupations.logical_plan, employment.logical_plan],
        Engine::Auto,
        OptFlags::default(),
    )?;
    let [wages, occupations, employment]: [DataFrame; 3] =
        results.try_into().map_err(|_| anyhow::anyhow!("internal: expected three results"))?;
    if occupations.height() == 0 {
        let message = if codes.is_empty() {
            "no row has a SOC occupation code (like 29-2072) in OCC_CODE".to_string()
        } else {
            format!("none of the occupations {} is in the file", codes.join(", "))
        };
        return Err(WagescopeError::Data(vec![Issue::error(&sheet.place(0).0, message)]).into());
    }
    let scope = scope(&sheet.frame, &names);
    if wages.height() == 0 {
        warnings.push(Issue::warning(&sheet.place(0).0, "no wage statistics in the selected rows"));
    }
    let columns = column_origins(&sheet, &names);
    Ok(OewsImport {
        columns,
        year,
        scope,
        source_id: source_id.to_string(),
        rows: sheet.frame.height(),
        wages,
        occupations,
        employment,
        warnings,
    })
}

/// Which OEWS column (by its upper-cased `names`) each of our columns is read from.
fn column_origins(sheet: &Sheet, names: &[String]) -> ColumnOrigins {
    let mut columns = ColumnOrigins::default();
    let label = sheet.label();
    let mut add = |table: &str, ours: &str, basis: Option<&str>, theirs: &str| {
        if let Some(i) = names.iter().position(|n| n == theirs) {
            let position = sheet.positions.get(i).copied().unwrap_or(i);
            let original = sheet.frame.get_column_names().get(i).map_or(theirs.to_string(), |n| n.to_string());
            columns.add(&label, table, ours, basis, position, &original);
        }
    };
    for (ours, theirs) in [
        (c::OCCUPATION, "OCC_CODE"),
        (c::GEOGRAPHY, "AREA_TITLE"),
        (c::SETTING, "NAICS_TITLE"),
        (c::EMPLOYMENT, "TOT_EMP"),
        (c::LOCATION_QUOTIENT, "LOC_QUOTIENT"),
        (c::JOBS_PER_1000, "JOBS_1000"),
        (c::STATE, "PRIM_STATE"),
        (c::AREA_TYPE, "AREA_TYPE"),
    ] {
        add(WAGES.file, ours, None, theirs);
    }
    for (prefix, basis) in [("H_", values::HOURLY), ("A_", values::ANNUAL)] {
        for (ours, suffix) in STATS {
            add(WAGES.file, ours, Some(basis), &format!("{prefix}{suffix}"));
        }
    }
    add(crate::data::schema::OCCUPATIONS.file, c::CODE, None, "OCC_CODE");
    add(crate::data::schema::OCCUPATIONS.file, c::TITLE, None, "OCC_TITLE");
    add(crate::data::schema::EMPLOYMENT.file, c::OCCUPATION, None, "OCC_CODE");
    add(crate::data::schema::EMPLOYMENT.file, c::EMPLOYMENT, None, "TOT_EMP");
    columns
}

/// National, state, metropolitan …, from AREA_TYPE and I_GROUP when the file has them.
fn scope(frame: &DataFrame, names: &[String]) -> String {
    let first = |name: &str| -> Option<String> {
        let i = names.iter().position(|n| n == name)?;
        frame.columns().get(i)?.str().ok()?.get(0).map(str::to_string)
    };
    let area = match first("AREA_TYPE").as_deref() {
        Some("2") => "state",
        Some("3") | Some("4") | Some("6") => "metropolitan and nonmetropolitan area",
        _ => "national",
    };
    // Any industry row (not cross-industry) makes it an industry file.
    let industry = names.iter().position(|n| n == "I_GROUP").and_then(|i| {
        let groups = frame.columns().get(i)?.str().ok()?.clone();
        groups.iter().flatten().find(|g| *g != "cross-industry").map(str::to_string)
    });
    match industry {
        Some(g) => format!("{area}, by industry ({g})"),
        None => area.to_string(),
    }
}

/// Cells that are neither a number nor a marker (errors), and markers in a column that does not
/// use them (warnings), with sheet, row and column.
fn check_cells(frame: &DataFrame, sheet: &Sheet, numeric: &[String]) -> Result<(Vec<Issue>, Vec<Issue>)> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let indexed = frame.clone().lazy().with_row_index("__row", None);
    for name in numeric {
        let allowed: &[&str] =
            if name.starts_with("H_") || name.starts_with("A_") { &WAGE_MARKERS } else { &EMPLOYMENT_MARKERS };
        let column_index = frame.get_column_names().iter().position(|n| n.as_str() == name).unwrap_or(0);
        let is_marker = |set: &[&str]| {
            let list = Series::new("m".into(), set.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            col(name.as_str()).is_in(lit(list).implode(false), false).fill_null(lit(false))
        };
        let bad = col(name.as_str()).is_not_null().and(number(name).is_null()).and(is_marker(&MARKERS).not());
        let misplaced = is_marker(&MARKERS).and(is_marker(allowed).not());
        for (condition, is_error) in [(bad, true), (misplaced, false)] {
            let rows = indexed.clone().filter(condition).select([col("__row"), col(name.as_str())]).collect()?;
            let index = rows.column("__row")?.idx()?;
            let cells = rows.column(name.as_str())?.str()?;
            for (i, (row, value)) in index.iter().zip(cells.iter()).enumerate() {
                let (Some(row), Some(value)) = (row, value) else { continue };
                let (file, line) = sheet.place(row as usize);
                if i == SHOWN {
                    let more = rows.height() - SHOWN;
                    let list = if is_error { &mut errors } else { &mut warnings };
                    list.push(Issue::warning(&file, format!("column {name}: {more} more like the above")));
                    break;
                }
                let issue = if is_error {
                    Issue::error(&file, format!("{name} is not a number or an OEWS marker"))
                        .got(crate::error::quoted(value))
                        .expected("a number (thousands separators allowed) or one of * ** # ~")
                } else {
                    Issue::warning(
                        &file,
                        format!("marker {value:?} in {name}, where OEWS does not use it; read as not available"),
                    )
                };
                let issue = issue.at_line(line).at_column(column_index, name);
                if is_error { errors.push(issue) } else { warnings.push(issue) }
            }
        }
    }
    Ok((errors, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_file_names() {
        assert_eq!(year_of("national_M2023_dl.xlsx", None), Some(2023));
        assert_eq!(year_of("oews_natsector_M2022_dl.csv", None), Some(2022));
        assert_eq!(year_of("state_M2019_dl.xlsx", Some(2018)), Some(2018));
        assert_eq!(year_of("wages.xlsx", None), None);
        assert_eq!(year_of("x_120230_y.csv", None), None, "not a year inside a longer number");
    }
}
