//! `summarize` on the aggregated tables: the published figures of one breakdown, each with its
//! source and year, plus the relative figures (premiums) of that dimension.

use polars::prelude::*;
use serde::Serialize;

use super::basis::{Conventions, cpi_series, restate_wages};
use super::figures::{RatioFigure, WageFigure};
use super::frame::is_in;
use super::micro::MicroDim as Dimension;
use super::premium::{self, Premium};
use crate::data::Dataset;
use crate::data::schema::{TableId, col as c, values};

/// The figures of one breakdown.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub dataset: String,
    /// Occupation codes included (the chosen one and the codes it replaced).
    pub occupations: Vec<String>,
    pub by: Option<Dimension>,
    /// One entry per published figure, ordered by year, then "all" first, then group order.
    pub groups: Vec<WageFigure>,
    /// Relative figures (e.g. certified vs uncertified) for the same dimension.
    pub ratios: Vec<RatioFigure>,
    /// Each group's median over the `all` figure of the same source, year and basis.
    pub premiums: Vec<Premium>,
    /// How money figures were restated.
    pub conventions: Conventions,
}

/// The column a dimension lives in.
pub fn dimension_column(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Setting => c::SETTING,
        Dimension::Experience => c::EXPERIENCE,
        Dimension::Certification => c::CERTIFICATION,
        Dimension::Region => "region",
        Dimension::Year => c::YEAR,
    }
}

/// Sort rank of a group within its dimension: `all` first, experience bands in their natural order.
fn group_rank(dimension: Dimension) -> Expr {
    let column = dimension_column(dimension);
    let ordered: &[&str] = match dimension {
        Dimension::Experience => values::EXPERIENCE_BANDS,
        Dimension::Certification => values::CERTIFICATION,
        Dimension::Setting | Dimension::Region | Dimension::Year => &[values::ALL],
    };
    ordered.iter().enumerate().rev().fold(lit(ordered.len() as i32), |acc, (i, value)| {
        when(col(column).eq(lit(*value))).then(lit(i as i32)).otherwise(acc)
    })
}

/// Rows that break pay down by `dimension` (the other dimensions at `all`), or every row.
pub fn summarize(
    dataset: &Dataset,
    occupations: &[String],
    by: Option<Dimension>,
    conventions: &Conventions,
) -> PolarsResult<Summary> {
    let mut wages = dataset.table(TableId::Wages).lazy().filter(is_in(c::OCCUPATION, occupations));
    let mut ratios = dataset.table(TableId::Ratios).lazy().filter(is_in(c::OCCUPATION, occupations));
    let rank = match by {
        Some(dimension) => {
            let others = [Dimension::Setting, Dimension::Experience, Dimension::Certification]
                .into_iter()
                .filter(|d| *d != dimension);
            for other in others {
                wages = wages.filter(col(dimension_column(other)).eq(lit(values::ALL)));
            }
            let name = dimension_column(dimension);
            ratios = ratios.filter(col(c::DIMENSION).eq(lit(name)));
            group_rank(dimension)
        }
        None => lit(0),
    };
    if conventions.restates() {
        wages = restate_wages(wages, conventions, &cpi_series(dataset)?)?;
    }
    let by_value = by.map_or(lit(""), |d| col(dimension_column(d)));
    let sorted = wages
        .with_columns([rank.alias("__rank"), by_value.alias("__group")])
        .sort_by_exprs(
            [
                col(c::YEAR),
                col("__rank"),
                col(c::MEDIAN).fill_null(col(c::MEAN)),
                col("__group"),
                col(c::BASIS),
                col(c::SOURCE),
            ],
            SortMultipleOptions::default()
                .with_order_descending_multi([false, false, true, false, false, false])
                .with_nulls_last(true),
        )
        .collect()?;
    let ratios = ratios.sort([c::DIMENSION, c::GROUP, c::SOURCE], SortMultipleOptions::default()).collect()?;
    let groups = WageFigure::from_frame(&sorted)?;
    let premiums = match by {
        Some(Dimension::Setting) => premium::from_published("setting", &groups, |f| &f.setting),
        Some(Dimension::Experience) => premium::from_published("experience", &groups, |f| &f.experience),
        _ => Vec::new(),
    };
    Ok(Summary {
        dataset: dataset.label.clone(),
        occupations: occupations.to_vec(),
        by,
        premiums,
        groups,
        ratios: RatioFigure::from_frame(&ratios)?,
        conventions: conventions.clone(),
    })
}
