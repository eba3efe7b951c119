//! The BLS Employment Projections table "Occupational projections and worker characteristics"
//! (occupation.xlsx, or a CSV of it) as published (DOMAIN.md §6): header and footnote rows around
//! the table, the years read from the column names (never hard-coded), employment and openings in
//! thousands, `—` for not applicable, titles indented to show the hierarchy, footnote markers such
//! as `[1]` in the header. Rows become projections, occupations, the published median wage, and the
//! education and training columns as each occupation's entry routes.

use anyhow::Result;
use polars::prelude::*;

use super::sheet::{Sheet, number};
use crate::data::schema::{col as c, values};
use crate::error::{Issue, WagescopeError};

pub const LOOKED_FOR: &str = "\"Employment, YEAR\" columns and a National Employment Matrix code column";

/// A header cell without footnote markers ("[1]"), spaces collapsed, lower case.
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
    out.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The 4-digit years in a header cell ("Employment change, numeric, 2023–33" → [2023]).
fn year_in(name: &str) -> Option<i64> {
    name.split(|c: char| !c.is_ascii_digit()).find(|p| p.len() == 4).and_then(|p| p.parse().ok())
}

/// Does a header row look like the EP occupation table?
pub fn is_header(cells: &[String]) -> bool {
    let cleaned: Vec<String> = cells.iter().map(|c| clean(c)).collect();
    cleaned.iter().filter(|c| c.starts_with("employment,") && year_in(c).is_some()).count() >= 2
        && cleaned.iter().any(|c| c.ends_with(" code"))
}

/// What one EP table imports to.
pub struct ProjectionsImport {
    pub source_id: String,
    pub base_year: i64,
    pub target_year: i64,
    pub projections: DataFrame,
    pub occupations: DataFrame,
    pub education: DataFrame,
    pub wages: DataFrame,
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

/// Interpret an EP sheet. `codes` keeps only those occupations (all when empty).
pub fn import(sheet: Sheet, source_id: &str, codes: &[String]) -> Result<ProjectionsImport> {
    let names: Vec<String> = sheet.frame.get_column_names().iter().map(|n| n.to_string()).collect();
    let find = |test: &dyn Fn(&str) -> bool| names.iter().find(|n| test(&clean(n))).cloned();
    let code = find(&|n| n.ends_with(" code"));
    let title = find(&|n| n.ends_with(" title"));
    let mut employment: Vec<(i64, String)> = names
        .iter()
        .filter(|n| clean(n).starts_with("employment,") && !clean(n).starts_with("employment change"))
        .filter_map(|n| year_in(n).map(|y| (y, n.clone())))
        .collect();
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
    let education = numeric("typical education needed");
    let experience = numeric("work experience in a related occupation");
    let training = numeric("typical on-the-job training");
    let numeric: Vec<&String> =
        [Some(base), Some(target), change.as_ref(), percent.as_ref(), openings.as_ref(), wage.as_ref()]
            .into_iter()
            .flatten()
            .collect();
    let errors = check_numbers(&sheet, &numeric)?;
    if !errors.is_empty() {
        return Err(WagescopeError::Data(errors).into());
    }
    let thousands = |name: &Option<String>| match name {
        Some(n) => number(n) * lit(1000.0),
        None => lit(NULL).cast(DataType::Float64),
    };
    let soc = col(code.as_str()).str().strip_chars(lit(NULL)).str().contains(lit(r"^[0-9]{2}-[0-9]{4}$"), true);
    let mut keep = soc.fill_null(lit(false));
    if !codes.is_empty() {
        let list = Series::new("codes".into(), codes.to_vec());
        keep = keep.and(col(code.as_str()).str().strip_chars(lit(NULL)).is_in(lit(list).implode(false), false));
    }
    let rows = sheet
        .frame
        .clone()
        .lazy()
        .filter(keep)
        .with_columns([
            col(code.as_str()).str().strip_chars(lit(NULL)).alias("__code"),
            // Titles are indented to show the hierarchy.
            col(title.as_str()).str().strip_chars(lit(NULL)).alias("__title"),
        ])
        .unique_stable(Some(cols(["__code"])), UniqueKeepStrategy::First);
    let projections = rows.clone().select([
        col("__code").alias(c::OCCUPATION),
        lit(base_year).alias(c::BASE_YEAR),
        lit(target_year).alias(c::TARGET_YEAR),
        (number(base) * lit(1000.0)).alias(c::BASE_EMPLOYMENT),
        (number(target) * lit(1000.0)).alias(c::TARGET_EMPLOYMENT),
        thousands(&change).alias(c::CHANGE),
        match &percent {
            Some(p) => number(p),
            None => lit(NULL).cast(DataType::Float64),
        }
        .alias(c::PERCENT_CHANGE),
        thousands(&openings).alias(c::ANNUAL_OPENINGS),
        lit(source_id.to_string()).alias(c::SOURCE),
        lit(format!(
            "BLS Employment Projections {base_year}–{target_year}; employment, change and openings published in thousands, converted to jobs"
        ))
        .alias(c::NOTES),
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
    let occupations =
        rows.clone().select([col("__code").alias(c::CODE), col("__title").alias(c::TITLE), wage_note.alias(c::NOTES)]);
    // Entry routes: the education, experience and training columns, each a route with its wording.
    let route = |name: &Option<String>, label: &str| -> Option<LazyFrame> {
        let name = name.as_ref()?;
        let text = col(name.as_str()).str().strip_chars(lit(NULL));
        let kept = col("__text").is_not_null().and(col("__text").neq(lit("—"))).and(col("__text").neq(lit("None")));
        Some(rows.clone().with_column(text.alias("__text")).filter(kept).select([
            col("__code").alias(c::OCCUPATION),
            concat_str([lit(format!("{label}: ")), col("__text")], "", false).alias(c::PATH),
            lit(source_id.to_string()).alias(c::SOURCE),
        ]))
    };
    let routes: Vec<LazyFrame> = [
        route(&education, "typical education needed for entry"),
        route(&experience, "work experience in a related occupation"),
        route(&training, "typical on-the-job training"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let education = if routes.is_empty() { DataFrame::empty().lazy() } else { concat(routes, UnionArgs::default())? };
    let wage_year = wage.as_deref().and_then(year_in).unwrap_or(base_year);
    let wages = match &wage {
        Some(w) => rows
            .clone()
            .select([
                col("__code").alias(c::OCCUPATION),
                lit(wage_year).alias(c::YEAR),
                lit(5i64).alias(c::MONTH),
                lit(crate::analysis::reconcile::NATIONAL).alias(c::GEOGRAPHY),
                lit(values::ALL).alias(c::SETTING),
                lit(values::ALL).alias(c::EXPERIENCE),
                lit(values::ALL).alias(c::CERTIFICATION),
                lit(values::ANNUAL).alias(c::BASIS),
                lit(values::ESTIMATE).alias(c::WAGE_KIND),
                number(w).alias(c::MEDIAN),
                lit(source_id.to_string()).alias(c::SOURCE),
                lit(format!("median annual wage, May {wage_year}, as the Employment Projections table publishes it"))
                    .alias(c::NOTES),
            ])
            .filter(col(c::MEDIAN).is_not_null()),
        None => DataFrame::empty().lazy(),
    };
    let results = LazyFrame::collect_all_with_engine(
        vec![projections.logical_plan, occupations.logical_plan, education.logical_plan, wages.logical_plan],
        Engine::Auto,
        OptFlags::default(),
    )?;
    let [projections, occupations, education, wages]: [DataFrame; 4] =
        results.try_into().map_err(|_| anyhow::anyhow!("internal: expected four results"))?;
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
    })
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
    }
}
