//! Quartile pay bands (Art. 9(1)(f); UK reg. 13): workers ranked by hourly pay, split into four
//! bands of equal weight, workers on one rate across a boundary split in proportion.
//!
//! The rows are first summed per distinct rate (a polars aggregation, exact integer weights);
//! the walk over the sorted rates is a loop of our own over the aggregate's contiguous slices.

use polars::prelude::*;

use super::Band;
use crate::analysis::micro::percentiles::{W_UNIT, fixed};
use crate::data::schema::micro as m;

const RATE: &str = "__rate";
const NAMES: [&str; 4] = ["lower", "lower middle", "upper middle", "upper"];

/// Per distinct rate of `value` (over rows where `population`): the exact weight of women, men
/// and others, sorted by rate.
pub fn levels(rows: &LazyFrame, value: Expr, population: Expr) -> LazyFrame {
    let of = |sex: &str| {
        fixed(when(col(super::SEX).eq(lit(sex))).then(col(m::WEIGHT)).otherwise(lit(0.0)), W_UNIT).sum().alias(sex)
    };
    rows.clone()
        .filter(population)
        .select([value.alias(RATE), col(super::SEX), col(m::WEIGHT)])
        .group_by([col(RATE)])
        .agg([of("female"), of("male"), of("other")])
        .sort([RATE], SortMultipleOptions::default())
}

/// The four bands from [`levels`]' frame; empty when it has no weight.
pub fn bands(levels: &DataFrame) -> PolarsResult<Vec<Band>> {
    let column = |name: &str| -> PolarsResult<Vec<f64>> {
        let floats = levels.column(name)?.cast(&DataType::Float64)?;
        Ok(floats.f64()?.iter().map(|v| v.unwrap_or(0.0) / if name == RATE { 1.0 } else { W_UNIT }).collect())
    };
    let (rates, women, men, other) = (column(RATE)?, column("female")?, column("male")?, column("other")?);
    Ok(split(&rates, &women, &men, &other))
}

/// The walk: `rates` ascending, each with the weight of women, men and others on it.
pub fn split(rates: &[f64], women: &[f64], men: &[f64], other: &[f64]) -> Vec<Band> {
    let total: f64 = women.iter().chain(men).chain(other).sum();
    let (all_women, all_men): (f64, f64) = (women.iter().sum(), men.iter().sum());
    if total <= 0.0 {
        return Vec::new();
    }
    let quarter = total / 4.0;
    // Per band: women, men, others, lowest and highest rate.
    let mut sums = [[0.0f64; 3]; 4];
    let mut spans = [(f64::INFINITY, f64::NEG_INFINITY); 4];
    let mut start = 0.0;
    for i in 0..rates.len() {
        let on_rate = women[i] + men[i] + other[i];
        if on_rate <= 0.0 {
            continue;
        }
        let end = start + on_rate;
        for (band, sum) in sums.iter_mut().enumerate() {
            let (low, high) = (quarter * band as f64, if band == 3 { total } else { quarter * (band + 1) as f64 });
            let overlap = end.min(high) - start.max(low);
            if overlap > on_rate * 1e-12 {
                let share = overlap / on_rate;
                sum[0] += women[i] * share;
                sum[1] += men[i] * share;
                sum[2] += other[i] * share;
                spans[band] = (spans[band].0.min(rates[i]), spans[band].1.max(rates[i]));
            }
        }
        start = end;
    }
    let percent = |part: f64, whole: f64| if whole > 0.0 { part / whole * 100.0 } else { 0.0 };
    sums.iter()
        .zip(spans)
        .zip(NAMES)
        .map(|((s, (from, to)), name)| {
            let band = s[0] + s[1] + s[2];
            Band {
                band: name.to_string(),
                women: percent(s[0], band),
                men: percent(s[1], band),
                other: percent(s[2], band),
                of_women: percent(s[0], all_women),
                of_men: percent(s[1], all_men),
                from,
                to,
            }
        })
        .collect()
}
