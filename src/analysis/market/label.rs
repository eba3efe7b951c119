//! What a market figure is, in one sentence for every output (terminal, JSON `market.label`, the
//! report's callout): a **published figure** used as published (only restated on the conventions),
//! a **modeled composite** (a published figure × one or more published adjustment factors, each
//! named), or **microdata** percentiles. The method is decided by the factors applied, never by
//! where the figures come from: an OEWS metro file's own percentiles for that metro are the
//! published figure of the cut, not a composite.

use crate::analysis::figures::WageFigure;
use crate::data::schema::values;

/// `market.method` of a published figure used as is.
pub const PUBLISHED: &str = "published figure";
/// `market.method` of a published figure × adjustment factors.
pub const COMPOSITE: &str = "modeled composite";
/// `market.method` of percentiles computed from microdata rows.
pub const MICRODATA: &str = "microdata";

/// "May 2025", or "2008" when the month is unknown.
pub fn period(f: &WageFigure) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match f.month.and_then(|m| usize::try_from(m).ok()).and_then(|m| m.checked_sub(1)).and_then(|i| MONTHS.get(i)) {
        Some(month) => format!("{month} {}", f.year),
        None => f.year.to_string(),
    }
}

/// "national" or the area's name.
pub fn area(f: &WageFigure) -> String {
    if f.geography == values::NATIONAL { "national".to_string() } else { f.geography.clone() }
}

/// "29-2072 · Boston-Cambridge-Nashua, MA-NH · May 2025 · annual · source oews_metro_M2025.csv",
/// with the figure's setting, experience or certification when it names one.
pub fn figure(f: &WageFigure) -> String {
    let mut parts = vec![f.occupation.clone(), area(f), period(f)];
    for (part, value) in [("setting", &f.setting), ("experience", &f.experience), ("certification", &f.certification)] {
        if value != values::ALL {
            parts.push(format!("{part} {value}"));
        }
    }
    parts.push(f.basis.clone());
    parts.push(format!("source {}", f.source));
    parts.join(" · ")
}

/// The restatement on the conventions, when there is one: "; restated on the conventions × 1.4953".
fn restated(restate: f64) -> String {
    if (restate - 1.0).abs() > 1e-12 { format!("; restated on the conventions × {restate:.4}") } else { String::new() }
}

/// "Published figure: 29-2072 · Boston-Cambridge-Nashua, MA-NH · May 2025 · annual · source
/// oews_metro_M2025.csv". `uncovered` names parts of the cut asked for that no published
/// figure adjusts for (the figure describes the broader cut).
pub fn published(base: &WageFigure, restate: f64, uncovered: &[String]) -> String {
    let mut label = format!("Published figure: {}{}", figure(base), restated(restate));
    if !uncovered.is_empty() {
        label.push_str(&format!(
            "; it does not cover {} (no published figure adjusts for {})",
            uncovered.join(", "),
            if uncovered.len() == 1 { "it" } else { "them" }
        ));
    }
    label
}

/// "Modeled composite: the national figure (29-2071 · 2008 · source …) × the General medical and
/// surgical hospitals setting ratio 1.0650 × …". `factors` are the phrases of the factors applied.
pub fn composite(base: &WageFigure, restate: f64, factors: &[String], uncovered: &[String]) -> String {
    let mut label = format!(
        "Modeled composite: the {} figure ({} · {} · source {}) × {}{}",
        area(base),
        base.occupation,
        period(base),
        base.source,
        factors.join(" × "),
        restated(restate)
    );
    if !uncovered.is_empty() {
        label.push_str(&format!("; not adjusted for {}", uncovered.join(", ")));
    }
    label
}

/// "Microdata: weighted percentiles of 358 records of coders.parquet".
pub fn microdata(file: &str, n: u64, weighted: bool) -> String {
    format!(
        "Microdata: {} percentiles of {} records of {file}",
        if weighted { "weighted" } else { "unweighted" },
        crate::format::thousands(n as f64, 0)
    )
}
