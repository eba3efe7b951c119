//! The occupation's pay beside its major group's and all occupations' (the Occupational Outlook
//! Handbook's pay chart), and the national wage table both that and the similar-occupations list
//! read from.
//!
//! The national wage table is one source and one data date, so every figure compared was measured
//! the same way at the same time: the newest national, all-industries estimate date whose source
//! also lists the all-occupations total (SOC 00-0000) with its employment. That is an OEWS national
//! file: the Employment Projections table republishes the total's median but not its employment,
//! and documents do not describe all occupations.

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use crate::analysis::figures::{Occupation, WageFigure};
use crate::data::Dataset;
use crate::data::schema::{TableId, col as c, values};

/// SOC code of all occupations.
pub const ALL_OCCUPATIONS: &str = "00-0000";

/// Which source and data date a national table is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableDate {
    pub source: String,
    pub year: i64,
    pub month: Option<i64>,
}

/// One source's national, all-industries wage estimates at one data date, by occupation code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationalWages {
    pub date: TableDate,
    /// Code → (annual figure, hourly figure), either may be absent.
    pub by_code: BTreeMap<String, CodeWages>,
}

/// The annual and hourly estimate of one code.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CodeWages {
    pub annual: Option<WageFigure>,
    pub hourly: Option<WageFigure>,
}

impl CodeWages {
    /// Employment (OEWS TOT_EMP), from either basis.
    pub fn employment(&self) -> Option<f64> {
        self.annual.as_ref().and_then(|f| f.employment).or_else(|| self.hourly.as_ref().and_then(|f| f.employment))
    }
}

fn national_estimates(dataset: &Dataset) -> LazyFrame {
    dataset.table(TableId::Wages).lazy().filter(
        col(c::GEOGRAPHY)
            .eq(lit(values::NATIONAL))
            .and(col(c::WAGE_KIND).eq(lit(values::ESTIMATE)))
            .and(col(c::SETTING).eq(lit(values::ALL)))
            .and(col(c::EXPERIENCE).eq(lit(values::ALL)))
            .and(col(c::CERTIFICATION).eq(lit(values::ALL))),
    )
}

/// The national wage table (see the module docs), or `None` when no source lists the
/// all-occupations total with its employment.
pub fn national_wages(dataset: &Dataset) -> PolarsResult<Option<NationalWages>> {
    let totals = national_estimates(dataset)
        .filter(col(c::OCCUPATION).eq(lit(ALL_OCCUPATIONS)).and(col(c::EMPLOYMENT).is_not_null()))
        .select([col(c::SOURCE), col(c::YEAR), col(c::MONTH)])
        .unique_stable(None, UniqueKeepStrategy::First)
        .sort_by_exprs(
            [col(c::YEAR), col(c::MONTH), col(c::SOURCE)],
            SortMultipleOptions::default().with_order_descending_multi([true, true, false]).with_nulls_last(true),
        )
        .limit(1)
        .collect()?;
    if totals.height() == 0 {
        return Ok(None);
    }
    let source = totals.column(c::SOURCE)?.str()?.get(0).unwrap_or_default().to_string();
    let year = totals.column(c::YEAR)?.cast(&DataType::Int64)?.i64()?.get(0).unwrap_or_default();
    let month = totals.column(c::MONTH)?.cast(&DataType::Int64)?.i64()?.get(0);
    let same_month = match month {
        Some(m) => col(c::MONTH).eq(lit(m)),
        None => col(c::MONTH).is_null(),
    };
    let rows = national_estimates(dataset)
        .filter(col(c::SOURCE).eq(lit(source.clone())).and(col(c::YEAR).eq(lit(year))).and(same_month))
        .collect()?;
    let mut by_code: BTreeMap<String, CodeWages> = BTreeMap::new();
    for figure in WageFigure::from_frame(&rows)? {
        let entry = by_code.entry(figure.occupation.clone()).or_default();
        let slot = if figure.is_hourly() { &mut entry.hourly } else { &mut entry.annual };
        if slot.is_none() {
            *slot = Some(figure);
        }
    }
    Ok(Some(NationalWages { date: TableDate { source, year, month }, by_code }))
}

/// The SOC major group of a code: `29-2072` → `29-0000`.
pub fn major_group(code: &str) -> Option<String> {
    code.get(..2).filter(|p| p.chars().all(|c| c.is_ascii_digit())).map(|p| format!("{p}-0000"))
}

/// One bar of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparedPay {
    pub code: String,
    pub title: String,
    /// `occupation`, `major group` or `all occupations`.
    pub level: String,
    pub wages: CodeWages,
}

/// The occupation's median beside its major group's and all occupations', from one national table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayComparison {
    pub date: TableDate,
    /// The occupation first, then its major group and all occupations when the table has them.
    pub rows: Vec<ComparedPay>,
}

/// The comparison for `code`, when the national table has the occupation and at least one of its
/// major group and all occupations (each with a median on some basis).
pub fn pay_comparison(
    national: Option<&NationalWages>,
    occupations: &[Occupation],
    code: &str,
) -> Option<PayComparison> {
    let national = national?;
    let title = |c: &str| occupations.iter().find(|o| o.code == c).map(|o| o.title.clone()).unwrap_or_default();
    let has_median = |w: &CodeWages| {
        w.annual.as_ref().is_some_and(|f| f.median.is_some()) || w.hourly.as_ref().is_some_and(|f| f.median.is_some())
    };
    let levels = [
        (Some(code.to_string()), "occupation"),
        (major_group(code).filter(|m| m != code), "major group"),
        (Some(ALL_OCCUPATIONS.to_string()).filter(|a| a != code), "all occupations"),
    ];
    let rows: Vec<ComparedPay> = levels
        .into_iter()
        .filter_map(|(c, level)| {
            let c = c?;
            let wages = national.by_code.get(&c).filter(|w| has_median(w))?;
            Some(ComparedPay { title: title(&c), code: c, level: level.to_string(), wages: wages.clone() })
        })
        .collect();
    (rows.len() >= 2 && rows[0].level == "occupation").then(|| PayComparison { date: national.date.clone(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_groups() {
        assert_eq!(major_group("29-2072").as_deref(), Some("29-0000"));
        assert_eq!(major_group("x"), None);
    }
}
