//! Reconciliation of the embedded whole-occupation figures, against values computed by hand
//! (CPI-U annual averages from DOMAIN.md §2; 2025 = 321.943).

use wagescope::analysis::reconcile::reconcile;
use wagescope::data::{CheckOptions, DataSource, Dataset};

#[test]
fn every_source_on_one_basis_with_spread_blend_and_contradiction() {
    let ds = Dataset::load(&DataSource::Embedded, CheckOptions::default()).unwrap();
    let codes = vec!["29-2072".to_string(), "29-2071".to_string()];
    let r = reconcile(&ds, &codes, 2080.0, None).unwrap();
    assert_eq!(r.dollars_year, 2025, "defaults to the newest CPI year");
    let values: Vec<(i64, &str, f64, f64)> =
        r.figures.iter().map(|f| (f.year, f.statistic.as_str(), f.value, f.blend_weight)).collect();
    // value × CPI(2025)/CPI(year); hourly × 2,080 first. Weight: median 1, mean 0.5, × 0.5^(age/5).
    let expected = [
        (2008, "median", 30_610.0 * 321.943 / 215.303, 0.5_f64.powf(17.0 / 5.0)),
        (2019, "median", 41_545.0 * 321.943 / 255.657, 0.5_f64.powf(6.0 / 5.0)),
        (2019, "median", 18.06 * 2080.0 * 321.943 / 255.657, 0.5_f64.powf(6.0 / 5.0)),
        (2023, "mean", 53_312.0 * 321.943 / 304.702, 0.5 * 0.5_f64.powf(2.0 / 5.0)),
        (2025, "mean", 42_630.0, 0.5),
    ];
    assert_eq!(values.len(), expected.len());
    for ((y, s, v, w), (ey, es, ev, ew)) in values.iter().zip(expected) {
        assert_eq!((*y, *s), (ey, es));
        assert!((v - ev).abs() < 1e-6, "{y} {s}: {v} vs {ev}");
        assert!((w - ew).abs() < 1e-12, "{y} {s}: weight {w} vs {ew}");
    }
    assert!((r.low.unwrap() - 42_630.0).abs() < 1e-9);
    assert!((r.high.unwrap() - 56_328.56).abs() < 0.01);
    assert!((r.spread_percent.unwrap() - 32.1336).abs() < 1e-3);
    // Σ w·v / Σ w over the five figures = 48,995.54.
    assert!((r.blended.unwrap() - 48_995.54).abs() < 0.01, "{:?}", r.blended);
    assert_eq!(r.contradictions.len(), 1);
    assert!(r.contradictions[0].contains("$18.06 an hour and $41,545 a year"), "{}", r.contradictions[0]);
    assert!(r.contradictions[0].contains("$37,565 (-9.6% against the annual one)"), "{}", r.contradictions[0]);
}

#[test]
fn other_dollar_years() {
    let ds = Dataset::load(&DataSource::Embedded, CheckOptions::default()).unwrap();
    let r = reconcile(&ds, &["29-2071".to_string()], 2080.0, Some(2008)).unwrap();
    assert_eq!(r.figures.len(), 1);
    assert!((r.figures[0].value - 30_610.0).abs() < 1e-9, "2008 figure in 2008 dollars is unchanged");
    assert_eq!(r.blended, Some(r.figures[0].value));
}
