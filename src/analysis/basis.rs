//! Common basis for pay figures (DOMAIN.md §2): hourly ↔ annual, constant dollars, aging.

pub use crate::wage::{annual_from_hourly, hourly_annual_gap};

use polars::prelude::*;
use serde::Serialize;

use crate::data::schema::values;

/// Which unit money figures are stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum PayBasis {
    /// Per year.
    Annual,
    /// Per hour.
    Hourly,
}

impl PayBasis {
    pub fn name(self) -> &'static str {
        match self {
            PayBasis::Annual => values::ANNUAL,
            PayBasis::Hourly => values::HOURLY,
        }
    }
}

/// The common basis every money figure is restated on (DOMAIN.md §2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conventions {
    /// Restate on this basis; `None` keeps each figure's own.
    pub basis: Option<PayBasis>,
    pub hours_per_year: f64,
    /// Constant dollars of this year (CPI-U, annual averages).
    pub dollars: Option<i64>,
    /// Age figures to this date, compounding `aging_rate` per year.
    pub effective_date: Option<(i64, i64, i64)>,
    pub aging_rate: f64,
}

/// The month assumed when a figure's data month is unknown: mid-year.
pub const UNKNOWN_MONTH: i64 = 7;

impl Conventions {
    /// As published: no conversion at all.
    pub fn as_published(hours_per_year: f64) -> Conventions {
        Conventions { basis: None, hours_per_year, dollars: None, effective_date: None, aging_rate: 0.03 }
    }

    /// Whether any figure can change.
    pub fn restates(&self) -> bool {
        self.basis.is_some() || self.dollars.is_some() || self.effective_date.is_some()
    }

    /// The conventions in words, for reports and terminal output.
    pub fn describe(&self) -> Vec<String> {
        let mut lines =
            vec![format!("Hourly ↔ annual at {} paid hours a year.", crate::format::thousands(self.hours_per_year, 0))];
        match self.basis {
            Some(b) => lines.push(format!(
                "Every money figure is restated per {}.",
                if b == PayBasis::Hourly { "hour" } else { "year" }
            )),
            None => lines.push("Money figures are shown on the basis each source used.".into()),
        }
        match self.dollars {
            Some(y) => lines.push(format!(
                "Constant {y} dollars: value × CPI-U({y}) ÷ CPI-U(year of the data), CPI-U US city average, annual averages."
            )),
            None => lines.push("Current dollars of each figure's own year (no inflation adjustment).".into()),
        }
        if let Some((y, m, d)) = self.effective_date {
            lines.push(format!(
                "Aged to {y}-{m:02}-{d:02} at {}% a year, compounded: value × (1 + r)^(months elapsed ÷ 12); a figure with no month is dated July (mid-year).",
                crate::format::plain(self.aging_rate * 100.0)
            ));
        }
        lines
    }
}

/// CPI-U factor to `target` dollars for a data year: CPI(target) ÷ CPI(year); null for a year
/// the series lacks.
fn cpi_factor(cpi: &[(i64, f64)], target: f64, year: Expr) -> Expr {
    cpi.iter().fold(lit(NULL).cast(DataType::Float64), |acc, (y, index)| {
        when(year.clone().eq(lit(*y))).then(lit(target / index)).otherwise(acc)
    })
}

/// The multiplier that restates a money figure of `source_basis`, data `year` and `month` on the
/// conventions. Null when a CPI value is missing for the data year (callers report it).
pub fn money_factor(
    conventions: &Conventions,
    cpi: &[(i64, f64)],
    year: Expr,
    month: Expr,
    source_basis: Expr,
) -> PolarsResult<Expr> {
    let hours = conventions.hours_per_year;
    let mut factor = match conventions.basis {
        Some(PayBasis::Annual) => when(source_basis.eq(lit(values::HOURLY))).then(lit(hours)).otherwise(lit(1.0)),
        Some(PayBasis::Hourly) => when(source_basis.eq(lit(values::ANNUAL))).then(lit(1.0 / hours)).otherwise(lit(1.0)),
        None => lit(1.0),
    };
    if let Some(target_year) = conventions.dollars {
        let target = cpi.iter().find(|(y, _)| *y == target_year).map(|(_, v)| *v).ok_or_else(
            || polars_err!(ComputeError: "no CPI-U value for {} (the series covers {})", target_year, cpi_span(cpi)),
        )?;
        factor = factor * cpi_factor(cpi, target, year.clone());
    }
    if let Some((y, m, _)) = conventions.effective_date {
        let months = (lit(y) - year) * lit(12) + lit(m) - month.fill_null(lit(UNKNOWN_MONTH));
        factor = factor * lit(1.0 + conventions.aging_rate).pow(months.cast(DataType::Float64) / lit(12.0));
    }
    Ok(factor)
}

/// "2000–2025" for a CPI series.
pub fn cpi_span(cpi: &[(i64, f64)]) -> String {
    match (cpi.iter().map(|c| c.0).min(), cpi.iter().map(|c| c.0).max()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "no years".into(),
    }
}

/// The CPI-U series of a dataset as (year, index) pairs.
pub fn cpi_series(dataset: &crate::data::Dataset) -> PolarsResult<Vec<(i64, f64)>> {
    use crate::data::schema::{TableId, col as c};
    let table = &dataset.table(TableId::Cpi).frame;
    let years = super::frame::ints(table, c::YEAR)?;
    let values = super::frame::floats(table, c::CPI_U)?;
    Ok(years.into_iter().zip(values).filter_map(|(y, v)| Some((y?, v?))).collect())
}

/// Name of the restatement factor column added by [`restate_wages`].
pub const FACTOR: &str = "factor";

/// Restate the money columns of wage-table rows on `conventions`, adding a `factor` column.
/// Fails naming the data years the CPI series lacks.
pub fn restate_wages(lf: LazyFrame, conventions: &Conventions, cpi: &[(i64, f64)]) -> PolarsResult<LazyFrame> {
    use crate::data::schema::{MONEY_COLUMNS, col as c};
    let factor = money_factor(conventions, cpi, col(c::YEAR), col(c::MONTH), col(c::BASIS))?;
    let with_factor = lf.with_column(factor.alias(FACTOR));
    let missing = with_factor
        .clone()
        .filter(col(FACTOR).is_null())
        .select([col(c::YEAR).unique().sort(SortOptions::default())])
        .collect()?;
    if missing.height() > 0 {
        let years: Vec<String> =
            super::frame::ints(&missing, c::YEAR)?.into_iter().flatten().map(|y| y.to_string()).collect();
        polars_bail!(ComputeError: "no CPI-U value for data year(s) {} (the series covers {}); add them to cpi-u.csv or drop --dollars", years.join(", "), cpi_span(cpi));
    }
    let mut columns: Vec<Expr> = MONEY_COLUMNS.iter().map(|m| (col(*m) * col(FACTOR)).alias(*m)).collect();
    if let Some(basis) = conventions.basis {
        columns.push(lit(basis.name()).alias(c::BASIS));
    }
    Ok(with_factor.with_columns(columns))
}

#[cfg(test)]
mod factor_tests {
    use super::*;

    fn factor_of(conventions: &Conventions, year: i64, month: Option<i64>, basis: &str) -> Option<f64> {
        let cpi = [(2008, 215.303), (2019, 255.657), (2024, 313.689)];
        let df = df!("year" => [year], "month" => [month], "basis" => [basis]).expect("test value");
        let f = money_factor(conventions, &cpi, col("year"), col("month"), col("basis")).expect("test value");
        df.lazy()
            .select([f.alias("f")])
            .collect()
            .expect("test value")
            .column("f")
            .expect("test value")
            .f64()
            .expect("test value")
            .get(0)
    }

    #[test]
    fn basis_cpi_and_aging_factors() {
        let mut c = Conventions::as_published(2080.0);
        assert_eq!(factor_of(&c, 2019, Some(9), "hourly"), Some(1.0));
        c.basis = Some(PayBasis::Annual);
        assert_eq!(factor_of(&c, 2019, Some(9), "hourly"), Some(2080.0));
        assert_eq!(factor_of(&c, 2019, Some(9), "annual"), Some(1.0));
        c.basis = Some(PayBasis::Hourly);
        assert!((factor_of(&c, 2019, None, "annual").expect("test value") - 1.0 / 2080.0).abs() < 1e-15);
        // 2008 dollars → 2024 dollars: 313.689 / 215.303 = 1.456965…; $30,610 → $44,598.
        let c = Conventions { dollars: Some(2024), ..Conventions::as_published(2080.0) };
        let f = factor_of(&c, 2008, None, "annual").expect("test value");
        assert!((f - 1.456_965).abs() < 1e-6, "{f}");
        assert!((30_610.0 * f - 44_597.71).abs() < 0.01, "{}", 30_610.0 * f);
        assert_eq!(factor_of(&c, 2030, None, "annual"), None, "no CPI for 2030");
        // Aging 2019-09 → 2025-03-01 at 3%: 66 months, 1.03^5.5 = 1.176535…
        let c = Conventions { effective_date: Some((2025, 3, 1)), ..Conventions::as_published(2080.0) };
        let f = factor_of(&c, 2019, Some(9), "annual").expect("test value");
        assert!((f - 1.03_f64.powf(5.5)).abs() < 1e-12 && (f - 1.176_535).abs() < 1e-6, "{f}");
        // Unknown month = July: 2008-07 → 2025-03 is 200 months.
        let f = factor_of(&c, 2008, None, "annual").expect("test value");
        assert!((f - 1.03_f64.powf(200.0 / 12.0)).abs() < 1e-12, "{f}");
    }
}
