//! Reading small polars results back into Rust values (for typed result structs).

use polars::prelude::*;

pub fn strings(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(df.column(name)?.str()?.iter().map(|v| v.map(str::to_string)).collect())
}

pub fn floats(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(df.column(name)?.cast(&DataType::Float64)?.f64()?.iter().collect())
}

pub fn ints(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i64>>> {
    Ok(df.column(name)?.cast(&DataType::Int64)?.i64()?.iter().collect())
}

/// A `Vec<Option<String>>` with nulls as empty strings (for required text columns).
pub fn texts(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(strings(df, name)?.into_iter().map(Option::unwrap_or_default).collect())
}

/// `col(name).is_in([values])`.
pub fn is_in(name: &str, values: &[String]) -> Expr {
    let list = Series::new("values".into(), values);
    col(name).is_in(lit(list).implode(false), false)
}
