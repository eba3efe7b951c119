//! Pay over time: the occupation's national median for every year the data give it, in current
//! dollars and in constant dollars of the newest CPI year (DOMAIN.md §2), with its employment and a
//! mark where the occupation code changed. Hourly-only years are restated at the hours per year.

use serde::Serialize;

use crate::analysis::figures::WageFigure;
use crate::data::schema::values;

/// One year of pay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayYear {
    pub year: i64,
    pub month: Option<i64>,
    pub occupation: String,
    /// The annual median, as published or (hourly-only years) hourly × hours.
    pub annual: f64,
    /// The hourly median, as published, when the source gives one for the year.
    pub hourly: Option<f64>,
    /// `annual` in dollars of `dollars_year`; `None` when the CPI series lacks the year.
    pub constant: Option<f64>,
    pub employment: Option<f64>,
    pub source: String,
    /// Other sources that publish the same median for the same date (the Employment Projections
    /// workbook repeats OEWS's May median): one row, every source footnoted.
    pub also: Vec<String>,
    /// The annual figure is hourly × hours (the source publishes hourly pay only).
    pub from_hourly: bool,
    /// The code differs from the previous year's (e.g. 29-2071 → 29-2072).
    pub code_changed: bool,
}

/// The years, oldest first, and the CPI year of the constant dollars.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayHistory {
    pub years: Vec<PayYear>,
    pub dollars_year: i64,
}

/// One row per date and median: a source repeating another's median for the same date and code
/// joins its row (the one with more figures — hourly pay, jobs — stays), so a year is not listed
/// twice; a different median stays a row of its own, as a disagreement to see.
fn merge_repeats(years: Vec<PayYear>) -> Vec<PayYear> {
    let richness = |y: &PayYear| usize::from(y.hourly.is_some()) + usize::from(y.employment.is_some());
    let mut out: Vec<PayYear> = Vec::new();
    for y in years {
        let same = out.iter_mut().find(|o| {
            (o.year, o.month, &o.occupation) == (y.year, y.month, &y.occupation) && (o.annual - y.annual).abs() < 0.5
        });
        match same {
            Some(o) if richness(&y) > richness(o) => {
                let mut also = std::mem::take(&mut o.also);
                also.push(o.source.clone());
                *o = PayYear { also, ..y };
            }
            Some(o) => o.also.push(y.source),
            None => out.push(y),
        }
    }
    out
}

/// Every (year, source) with a national whole-occupation median in `overall` (annual preferred),
/// oldest first; `None` for fewer than two years, which are no history.
pub fn pay_history(overall: &[WageFigure], cpi: &[(i64, f64)], hours_per_year: f64) -> Option<PayHistory> {
    let (dollars_year, newest) = cpi.iter().copied().max_by_key(|(y, _)| *y)?;
    let mut keys: Vec<(i64, Option<i64>, String)> = overall
        .iter()
        .filter(|f| f.median.is_some() && f.kind == values::ESTIMATE)
        .map(|f| (f.year, f.month, f.source.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    let mut years: Vec<PayYear> = Vec::new();
    for (year, month, source) in keys {
        let of = |basis: &str| {
            overall.iter().find(|f| {
                f.year == year && f.month == month && f.source == source && f.basis == basis && f.median.is_some()
            })
        };
        let (annual, hourly) = (of(values::ANNUAL), of(values::HOURLY));
        let Some(figure) = annual.or(hourly) else { continue };
        let value = match (annual.and_then(|f| f.median), hourly.and_then(|f| f.median)) {
            (Some(a), _) => a,
            (None, Some(h)) => h * hours_per_year,
            (None, None) => continue,
        };
        let factor = cpi.iter().find(|(y, _)| *y == year).map(|(_, c)| newest / c);
        let code_changed = years.last().is_some_and(|p| p.occupation != figure.occupation);
        years.push(PayYear {
            year,
            month,
            occupation: figure.occupation.clone(),
            annual: value,
            hourly: hourly.and_then(|f| f.median),
            constant: factor.map(|f| value * f),
            employment: annual.and_then(|f| f.employment).or(hourly.and_then(|f| f.employment)),
            source,
            also: Vec::new(),
            from_hourly: annual.is_none(),
            code_changed,
        });
    }
    let years = merge_repeats(years);
    let distinct = years.iter().map(|y| y.year).collect::<std::collections::BTreeSet<_>>().len();
    (distinct >= 2).then_some(PayHistory { years, dollars_year })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(occupation: &str, year: i64, basis: &str, median: f64, employment: Option<f64>) -> WageFigure {
        let mut f =
            WageFigure { kind: values::ESTIMATE.into(), geography: values::NATIONAL.into(), ..WageFigure::default() };
        f.occupation = occupation.into();
        f.year = year;
        f.month = Some(5);
        f.basis = basis.into();
        f.median = Some(median);
        f.employment = employment;
        f.source = format!("national_M{year}_dl.xlsx");
        f
    }

    #[test]
    fn current_and_constant_dollars_with_the_code_change() {
        // 2016 $38,040 (29-2071); 2023 $48,780 (29-2072); 2019 hourly only $20.00 × 2,080 = $41,600.
        let overall = [
            figure("29-2072", 2023, values::ANNUAL, 48_780.0, Some(185_690.0)),
            figure("29-2072", 2023, values::HOURLY, 23.45, Some(185_690.0)),
            figure("29-2071", 2016, values::ANNUAL, 38_040.0, Some(200_140.0)),
            figure("29-2098", 2019, values::HOURLY, 20.0, None),
        ];
        let cpi = [(2016, 240.007), (2019, 255.657), (2023, 304.702), (2024, 313.689)];
        let h = pay_history(&overall, &cpi, 2080.0).expect("three years");
        assert_eq!(h.dollars_year, 2024);
        let years: Vec<(i64, &str, f64, bool, bool)> =
            h.years.iter().map(|y| (y.year, y.occupation.as_str(), y.annual, y.from_hourly, y.code_changed)).collect();
        assert_eq!(
            years,
            [
                (2016, "29-2071", 38_040.0, false, false),
                (2019, "29-2098", 41_600.0, true, true),
                (2023, "29-2072", 48_780.0, false, true)
            ]
        );
        // 38,040 × 313.689 / 240.007 = 49,718.256…; 48,780 × 313.689 / 304.702 = 50,218.736…
        assert!((h.years[0].constant.expect("cpi") - 38_040.0 * 313.689 / 240.007).abs() < 1e-6);
        assert!((h.years[2].constant.expect("cpi") - 50_218.736).abs() < 0.001);
        assert_eq!((h.years[2].hourly, h.years[2].employment), (Some(23.45), Some(185_690.0)));
        // A year the CPI lacks has no constant-dollar figure, never a guess.
        let h = pay_history(&overall, &cpi[1..], 2080.0).expect("history");
        assert_eq!(h.years[0].constant, None);
        // One year is no history.
        assert_eq!(pay_history(&overall[..2], &cpi, 2080.0), None);
        // The Employment Projections workbook repeats May 2023's $48,780: one row, both sources;
        // a different median of the same date stays a row of its own.
        let mut ep = figure("29-2072", 2023, values::ANNUAL, 48_780.0, None);
        ep.source = "occupation.xlsx".into();
        let mut other = figure("29-2072", 2023, values::ANNUAL, 49_000.0, None);
        other.source = "article.txt".into();
        let with_ep = [overall.to_vec(), vec![ep, other]].concat();
        let h = pay_history(&with_ep, &cpi, 2080.0).expect("history");
        let may_2023: Vec<(&str, &[String])> =
            h.years.iter().filter(|y| y.year == 2023).map(|y| (y.source.as_str(), y.also.as_slice())).collect();
        assert_eq!(
            may_2023,
            [("article.txt", &[][..]), ("national_M2023_dl.xlsx", &["occupation.xlsx".to_string()][..])],
            "OEWS (hourly and jobs too) keeps the row; sources of one date in name order"
        );
    }
}
