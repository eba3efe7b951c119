//! Wage arithmetic shared by the data checks and the analysis: hourly ↔ annual on a stated number
//! of paid hours (DOMAIN.md §2).

/// Annual equivalent of an hourly wage.
pub fn annual_from_hourly(hourly: f64, hours_per_year: f64) -> f64 {
    hourly * hours_per_year
}

/// Relative gap between an hourly figure (converted to annual) and an annual figure of the same
/// cut: `(hourly × hours − annual) ÷ annual`. `None` when the annual figure is not positive.
pub fn hourly_annual_gap(hourly: f64, annual: f64, hours_per_year: f64) -> Option<f64> {
    (annual > 0.0).then(|| (annual_from_hourly(hourly, hours_per_year) - annual) / annual)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_18_06_vs_41_545_contradiction() {
        // DOMAIN.md §1: $18.06 × 2,080 h = $37,564.80, not $41,545: 9.58% short.
        assert!((annual_from_hourly(18.06, 2080.0) - 37_564.8).abs() < 1e-9);
        let gap = hourly_annual_gap(18.06, 41_545.0, 2080.0).expect("test value");
        assert!((gap - (-0.095_804)).abs() < 1e-5, "{gap}");
        assert_eq!(hourly_annual_gap(10.0, 0.0, 2080.0), None);
    }
}
