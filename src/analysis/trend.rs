//! A log-linear trend fitted to an employment series (three or more actual observations of one
//! occupation code), projected to a year with a prediction interval.
//!
//! ln(employment) = a + b·year by ordinary least squares; growth per year = e^b − 1. At year t0
//! the prediction is e^(a + b·t0) and the interval e^(ŷ ± t(1 − α/2, n − 2) · s · √(1 + 1/n +
//! (t0 − t̄)² / Sxx)), s² = residual sum of squares / (n − 2): the usual OLS prediction interval
//! on the log scale, mapped back.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A fitted trend and its projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub occupation: String,
    /// (year, employment) observations used.
    pub points: Vec<(i64, f64)>,
    pub growth_percent_per_year: f64,
    pub year: i64,
    pub estimate: f64,
    /// Prediction interval at `level`.
    pub low: f64,
    pub high: f64,
    pub level: f64,
    pub method: String,
}

/// Fit and project; `None` with fewer than three points or a non-positive employment.
pub fn fit(occupation: &str, points: &[(i64, f64)], year: i64, level: f64) -> Option<Trend> {
    let n = points.len();
    if n < 3 || points.iter().any(|(_, e)| *e <= 0.0) {
        return None;
    }
    let nf = n as f64;
    let xs: Vec<f64> = points.iter().map(|(y, _)| *y as f64).collect();
    let ys: Vec<f64> = points.iter().map(|(_, e)| e.ln()).collect();
    let x_mean = xs.iter().sum::<f64>() / nf;
    let y_mean = ys.iter().sum::<f64>() / nf;
    let sxx: f64 = xs.iter().map(|x| (x - x_mean).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - x_mean) * (y - y_mean)).sum();
    let slope = sxy / sxx;
    let intercept = y_mean - slope * x_mean;
    let ssr: f64 = xs.iter().zip(&ys).map(|(x, y)| (y - (intercept + slope * x)).powi(2)).sum();
    let s = (ssr / (nf - 2.0)).sqrt();
    let t0 = year as f64;
    let predicted = intercept + slope * t0;
    let se = s * (1.0 + 1.0 / nf + (t0 - x_mean).powi(2) / sxx).sqrt();
    let t = StudentsT::new(0.0, 1.0, nf - 2.0).ok()?.inverse_cdf(1.0 - (1.0 - level) / 2.0);
    Some(Trend {
        occupation: occupation.to_string(),
        points: points.to_vec(),
        growth_percent_per_year: (slope.exp() - 1.0) * 100.0,
        year,
        estimate: predicted.exp(),
        low: (predicted - t * se).exp(),
        high: (predicted + t * se).exp(),
        level,
        method: format!(
            "log-linear least squares on {n} observations; {:.0}% prediction interval with Student's t ({} degrees of freedom)",
            level * 100.0,
            n - 2
        ),
    })
}

/// The trend over the observed years only: fitted, and evaluated at the last observed year (no
/// extrapolation).
pub fn fit_within(occupation: &str, points: &[(i64, f64)], level: f64) -> Option<Trend> {
    let last = points.iter().map(|p| p.0).max()?;
    fit(occupation, points, last, level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_exponential_series_has_a_zero_width_interval() {
        // 100,000 growing 2% a year exactly: the fit recovers 2% and predicts 100,000 × 1.02^10.
        let points: Vec<(i64, f64)> = (0..5).map(|i| (2010 + i, 100_000.0 * 1.02_f64.powi(i as i32))).collect();
        let t = fit("x", &points, 2020, 0.9).expect("test value");
        assert!((t.growth_percent_per_year - 2.0).abs() < 1e-9);
        assert!((t.estimate - 100_000.0 * 1.02_f64.powi(10)).abs() < 1e-6);
        assert!((t.high - t.low).abs() < 1e-6);
    }

    #[test]
    fn noisy_series_by_hand() {
        // ln E at years 0,1,2 = ln 100, ln 110, ln 115 (years 2000–2002), predicted at 2003.
        let points = [(2000, 100.0), (2001, 110.0), (2002, 115.0)];
        let t = fit("x", &points, 2003, 0.9).expect("test value");
        let ys = [100.0_f64.ln(), 110.0_f64.ln(), 115.0_f64.ln()];
        let slope = (ys[2] - ys[0]) / 2.0; // x̄ = 1, Sxx = 2, Sxy = y2 − y0
        let intercept_at_1 = (ys[0] + ys[1] + ys[2]) / 3.0;
        assert!((t.growth_percent_per_year - (slope.exp() - 1.0) * 100.0).abs() < 1e-9);
        let predicted = intercept_at_1 + slope * 2.0;
        assert!((t.estimate - predicted.exp()).abs() < 1e-9);
        // Residuals: e_i = y_i − (ȳ + slope·(x_i − 1)); s² = Σe²/1; se = s·√(1 + 1/3 + 4/2).
        let resid: f64 =
            ys.iter().enumerate().map(|(i, y)| (y - (intercept_at_1 + slope * (i as f64 - 1.0))).powi(2)).sum();
        let se = resid.sqrt() * (1.0 + 1.0 / 3.0 + 2.0_f64).sqrt();
        // t(0.95, 1 df) = 6.313752.
        assert!((t.high - (predicted + 6.313_752 * se).exp()).abs() / t.high < 1e-6);
        assert!((t.low - (predicted - 6.313_752 * se).exp()).abs() / t.low < 1e-6);
    }

    #[test]
    fn within_the_data_the_trend_ends_at_the_last_year() {
        let points = [(2021, 175_000.0), (2022, 180_000.0), (2023, 183_000.0)];
        let t = fit_within("x", &points, 0.9).expect("test value");
        assert_eq!(t.year, 2023);
        // ȳ + slope·(2023 − 2022), slope = (ln 183,000 − ln 175,000) / 2.
        let ys = [175_000.0_f64.ln(), 180_000.0_f64.ln(), 183_000.0_f64.ln()];
        let expected = ((ys[0] + ys[1] + ys[2]) / 3.0 + (ys[2] - ys[0]) / 2.0).exp();
        assert!((t.estimate - expected).abs() < 1e-6);
    }

    #[test]
    fn too_few_points() {
        assert!(fit("x", &[(2000, 1.0), (2001, 2.0)], 2005, 0.9).is_none());
    }
}
