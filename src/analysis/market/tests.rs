//! `composite` on hand-built figures: which markets are published figures and which are modeled
//! composites, and what their labels say.

use super::*;
use crate::data::schema::values;

const BOSTON: &str = "Boston-Cambridge-Nashua, MA-NH";

/// An OEWS-style figure: all settings, experience and certification; a distribution.
fn figure(geography: &str, setting: &str, median: f64) -> WageFigure {
    WageFigure {
        occupation: "29-2072".into(),
        year: 2025,
        month: Some(5),
        geography: geography.into(),
        setting: setting.into(),
        experience: values::ALL.into(),
        certification: values::ALL.into(),
        basis: values::ANNUAL.into(),
        kind: values::ESTIMATE.into(),
        p10: Some(median * 0.7),
        p25: Some(median * 0.8),
        median: Some(median),
        p75: Some(median * 1.2),
        p90: Some(median * 1.4),
        source: "oews_metro_M2025.csv".into(),
        factor: Some(1.0),
        ..WageFigure::default()
    }
}

/// The nation (a distribution), its hospitals (a median only: a ratio, not a base) and Boston.
fn figures() -> Vec<WageFigure> {
    let hospital =
        WageFigure { p10: None, p25: None, p75: None, p90: None, ..figure(values::NATIONAL, "Hospital", 54_000.0) };
    vec![figure(values::NATIONAL, values::ALL, 50_000.0), hospital, figure(BOSTON, values::ALL, 61_980.0)]
}

#[test]
fn a_cut_published_exactly_is_the_published_figure() {
    let cut = Cut { region: Some(BOSTON.into()), ..Cut::default() };
    let m = composite(&figures(), &[], &cut, BOSTON, values::ANNUAL).expect("market");
    assert_eq!(m.method, "published figure");
    assert_eq!(m.cut, format!("region {BOSTON}"));
    assert!(m.adjustments.is_empty());
    assert_eq!(m.percentiles.median, Some(61_980.0), "as published");
    assert_eq!(
        m.label,
        format!("Published figure: 29-2072 · {BOSTON} · May 2025 · annual · source oews_metro_M2025.csv")
    );
    assert!(!m.notes.iter().any(|n| n.contains("modeled composite")), "{:?}", m.notes);
}

#[test]
fn a_cut_with_a_factor_is_a_modeled_composite_naming_it() {
    let cut = Cut { setting: Some("Hospital".into()), ..Cut::default() };
    let m = composite(&figures(), &[], &cut, values::NATIONAL, values::ANNUAL).expect("market");
    assert_eq!(m.method, "modeled composite");
    // 54,000 ÷ 50,000 = 1.08.
    assert_eq!(m.adjustments.len(), 1);
    assert!((m.adjustments[0].factor - 1.08).abs() < 1e-12);
    assert_eq!(
        m.label,
        "Modeled composite: the national figure (29-2072 · May 2025 · source oews_metro_M2025.csv) × the Hospital setting ratio 1.0800"
    );
    assert!((m.percentiles.median.expect("median") - 54_000.0).abs() < 1e-9);
    assert!(m.notes.iter().any(|n| n.starts_with("A modeled composite")), "{:?}", m.notes);
}

#[test]
fn a_setting_published_with_a_distribution_is_its_own_published_figure() {
    let mut figures = figures();
    figures[1] = figure(values::NATIONAL, "Hospital", 54_000.0);
    let cut = Cut { setting: Some("Hospital".into()), ..Cut::default() };
    let m = composite(&figures, &[], &cut, values::NATIONAL, values::ANNUAL).expect("market");
    assert_eq!(m.method, "published figure");
    assert!(m.label.contains("· national · May 2025 · setting Hospital · annual ·"), "{}", m.label);
}

#[test]
fn a_restatement_alone_keeps_the_published_figure() {
    let mut figures = figures();
    for f in &mut figures {
        f.factor = Some(1.1);
    }
    let cut = Cut { region: Some(BOSTON.into()), ..Cut::default() };
    let m = composite(&figures, &[], &cut, BOSTON, values::ANNUAL).expect("market");
    assert_eq!(m.method, "published figure");
    assert_eq!(m.adjustments.len(), 1, "the conventions step is shown");
    assert_eq!(m.adjustments[0].dimension, "conventions");
    assert!(m.label.ends_with("; restated on the conventions × 1.1000"), "{}", m.label);
    assert!((m.percentiles.median.expect("median") - 61_980.0 * 1.1).abs() < 1e-6);
}

#[test]
fn a_part_no_figure_adjusts_for_is_named_and_left_out_of_the_cut() {
    let cut = Cut { region: Some(BOSTON.into()), experience: Some("5-9".into()), ..Cut::default() };
    let m = composite(&figures(), &[], &cut, BOSTON, values::ANNUAL).expect("market");
    assert_eq!(m.method, "published figure");
    assert_eq!(m.cut, format!("region {BOSTON}"), "the figure describes all experience levels");
    assert!(m.label.ends_with("; it does not cover 5-9 years (no published figure adjusts for it)"), "{}", m.label);
}
