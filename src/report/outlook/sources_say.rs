//! The outlook report's "what the sources say" section: every source's whole-occupation figure on
//! one basis, with a dot plot, the spread, the blend and the contradictions. Only figures of
//! different sources are set side by side (see [`crate::analysis::reconcile::independent`]).

use anyhow::Result;
use serde::Serialize;

use super::{RenderedChart, year_text};
use crate::analysis::reconcile::Reconciliation;
use crate::charts::{Bar, ChartKind, ChartSpec, render_svg};
use crate::format::{money, thousands};
use crate::report::{Ref, Refs};

/// A row of the "what the sources say" table.
#[derive(Debug, Serialize)]
pub struct ReconRow {
    pub statistic: String,
    pub date: String,
    pub published: String,
    pub factor: String,
    pub value: String,
    pub weight: String,
    pub refs: Vec<Ref>,
}

/// Every source's whole-occupation figure on one basis, with spread and blend.
#[derive(Debug, Serialize)]
pub struct SourcesSay {
    pub chart: Option<RenderedChart>,
    pub rows: Vec<ReconRow>,
    pub basis: String,
    pub summary: String,
    pub method: String,
    pub contradictions: Vec<String>,
    pub excluded: Vec<String>,
}

/// The section, from the figures [`crate::analysis::reconcile::independent`] keeps; `None` (no section) when fewer than two
/// sources describe the occupation.
pub fn sources_say(r: Option<&Reconciliation>, refs: &Refs) -> Result<Option<SourcesSay>> {
    let Some(r) = r else { return Ok(None) };
    let rows: Vec<ReconRow> = r
        .figures
        .iter()
        .map(|f| {
            let hourly = f.published_basis == crate::data::schema::values::HOURLY;
            ReconRow {
                statistic: f.statistic.clone(),
                date: year_text(f.year, f.month),
                published: format!(
                    "{} {}",
                    money(f.published_value, hourly),
                    if hourly { "an hour" } else { "a year" }
                ),
                factor: format!("×{:.4}", f.factor),
                value: money(f.value, false),
                weight: format!("{:.2}", f.blend_weight),
                refs: vec![refs.get(&f.source, &year_text(f.year, f.month))],
            }
        })
        .collect();
    let basis = format!(
        "annual pay in constant {} dollars (CPI-U), hourly figures × {} hours",
        r.dollars_year,
        thousands(r.hours_per_year, 0)
    );
    let summary = match (r.low, r.high, r.blended) {
        (Some(low), Some(high), Some(blended)) => format!(
            "On this basis the sources range from {} to {} ({} apart); the blended estimate is {}.",
            money(low, false),
            money(high, false),
            r.spread_percent.map(|s| format!("{s:.0}%")).unwrap_or_default(),
            money(blended, false)
        ),
        _ => "The dataset has no whole-occupation figures to compare.".into(),
    };
    let chart = if r.figures.is_empty() {
        None
    } else {
        let points: Vec<Bar> = r
            .figures
            .iter()
            .map(|f| Bar {
                label: format!(
                    "[{}] {} {}{}",
                    refs.get(&f.source, "").n,
                    f.statistic,
                    year_text(f.year, f.month),
                    if f.published_basis == crate::data::schema::values::HOURLY { " (hourly)" } else { "" }
                ),
                value: f.value,
                value_text: money(f.value, false),
                reference: f.statistic == "mean",
            })
            .collect();
        let marker = r.blended.map(|b| Bar {
            label: "Blended estimate".into(),
            value: b,
            value_text: money(b, false),
            reference: false,
        });
        let listed: Vec<String> = points.iter().map(|p| format!("{} {}", p.label, p.value_text)).collect();
        let spec = ChartSpec {
            id: "sources-say".into(),
            title: format!("What each source says, in {} dollars a year", r.dollars_year),
            description: format!(
                "Dot plot of each source's whole-occupation pay figure restated as annual pay in constant {} dollars: {}.{}",
                r.dollars_year,
                listed.join("; "),
                marker
                    .as_ref()
                    .map(|m| format!(" The dashed line marks the blended estimate, {}.", m.value_text))
                    .unwrap_or_default()
            ),
            kind: ChartKind::Dots {
                value_axis: format!("Annual pay (US$, {} dollars)", r.dollars_year),
                points,
                marker,
            },
        };
        let svg = render_svg(&spec)?;
        Some(RenderedChart { spec, svg })
    };
    Ok(Some(SourcesSay {
        chart,
        rows,
        basis,
        summary,
        method: r.blend_method.clone(),
        contradictions: r.contradictions.clone(),
        excluded: r.excluded.clone(),
    }))
}
