//! The outlook report's microdata section: distribution, pay by setting (p25–p75 bands), the
//! experience curve and the certification premium, from aggregates only (never a person's row).

use anyhow::Result;
use serde::Serialize;

use super::RenderedChart;
use crate::analysis::micro::outlook::MicroOutlook;
use crate::analysis::micro::{MicroDim, MicroGroup, MicroSummary};
use crate::charts::{Bar, ChartKind, ChartSpec, LineSeries, RangeRow, render_svg};
use crate::format::{money, signed_percent, thousands};

/// A group row of a microdata table.
#[derive(Debug, Serialize)]
pub struct MicroRow {
    pub group: String,
    pub n: String,
    pub p25: String,
    pub median: String,
    pub p75: String,
    pub mean: String,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct HistogramRow {
    pub range: String,
    pub n: String,
    pub share: String,
}

/// Everything the template shows about a microdata file.
#[derive(Debug, Serialize)]
pub struct MicroSection {
    pub file: String,
    pub synthetic: bool,
    pub summary: String,
    pub method: String,
    pub rules: Vec<String>,
    pub conventions: Vec<String>,
    pub skipped: Option<String>,
    pub histogram: Option<RenderedChart>,
    pub histogram_rows: Vec<HistogramRow>,
    pub settings: Option<RenderedChart>,
    pub setting_rows: Vec<MicroRow>,
    pub experience: Option<RenderedChart>,
    pub experience_rows: Vec<MicroRow>,
    pub certification_rows: Vec<MicroRow>,
    pub premiums: Vec<String>,
    /// What is left out for want of a column, in words (also listed under Methods).
    pub left_out: Vec<String>,
    /// The figures are an engine's result (`--aggregates`, `--spark`), not the rows themselves.
    pub from_engine: bool,
}

fn cash(v: Option<f64>) -> String {
    v.map(|x| money(x, false)).unwrap_or_default()
}

fn rows(summary: &MicroSummary, dim: MicroDim) -> Vec<MicroRow> {
    let row = |g: &MicroGroup, label: String| MicroRow {
        group: label,
        n: thousands(g.n as f64, 0),
        p25: cash(g.p25),
        median: cash(g.median),
        p75: cash(g.p75),
        mean: cash(g.mean),
        note: g
            .suppression
            .as_ref()
            .map(|s| if crate::analysis::micro::has_no_weight(g) { s.clone() } else { format!("suppressed ({s})") })
            .unwrap_or_default(),
    };
    let mut out: Vec<MicroRow> =
        summary.groups.iter().map(|g| row(g, g.keys.get(dim.name()).cloned().unwrap_or_default())).collect();
    out.push(row(&summary.total, "All".into()));
    out
}

/// Build the section; `conventions` and `skipped` are already in words.
pub fn section(o: &MicroOutlook, conventions: Vec<String>, skipped: Option<String>) -> Result<MicroSection> {
    let total = &o.overall.total;
    let who = if o.synthetic { "synthetic records" } else { "records" };
    let summary = format!(
        "{} {who}{}: median {}, middle half {} – {}, 10th–90th percentile {} – {}.",
        thousands(total.n as f64, 0),
        if o.overall.weighted { " (weighted)" } else { "" },
        cash(total.median),
        cash(total.p25),
        cash(total.p75),
        cash(total.p10),
        cash(total.p90)
    );
    let premiums = o
        .premiums
        .iter()
        .map(|p| {
            format!(
                "Raw premium: certified workers' median pay is {} against uncertified workers' ({} vs {}), before taking setting and experience into account.",
                p.premium_percent.map_or_else(|| "not available".into(), |v| signed_percent(v, 1)),
                cash(p.group_value),
                cash(p.reference_value)
            )
        })
        .chain(o.within_cells.iter().map(|w| format!(
            "Within cells: with setting and experience held fixed, the premium is {} ({} of {} setting × experience cells, {:.0}% of the weight): {}.",
            w.premium_percent.map_or_else(|| "not available".into(), |v| signed_percent(v, 1)),
            w.cells_used,
            w.cells_total,
            w.weight_share * 100.0,
            w.method
        )))
        .collect();
    Ok(MicroSection {
        file: o.file.clone(),
        synthetic: o.synthetic,
        summary,
        method: o.overall.percentile_method.clone(),
        rules: o.overall.rules.clone(),
        conventions,
        skipped,
        histogram: histogram_chart(o)?,
        histogram_rows: o
            .histogram
            .iter()
            .map(|b| HistogramRow {
                range: bin_label(b.low, b.high),
                n: if b.suppressed { "suppressed".into() } else { thousands(b.n as f64, 0) },
                share: b.share_percent.map(|s| format!("{s:.1}%")).unwrap_or_default(),
            })
            .collect(),
        settings: o.by_setting.as_ref().map(settings_chart).transpose()?.flatten(),
        setting_rows: o.by_setting.as_ref().map(|s| rows(s, MicroDim::Setting)).unwrap_or_default(),
        experience: o.by_experience.as_ref().map(experience_chart).transpose()?.flatten(),
        experience_rows: o.by_experience.as_ref().map(|s| rows(s, MicroDim::Experience)).unwrap_or_default(),
        certification_rows: o.by_certification.as_ref().map(|s| rows(s, MicroDim::Certification)).unwrap_or_default(),
        premiums,
        left_out: o.left_out(),
        from_engine: o.from_engine,
    })
}

fn bin_label(low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (None, Some(h)) => format!("under {}", money(h, false)),
        (Some(l), None) => format!("{} and over", money(l, false)),
        (Some(l), Some(h)) => format!("{} – {}", money(l, false), money(h, false)),
        (None, None) => String::new(),
    }
}

fn histogram_chart(o: &MicroOutlook) -> Result<Option<RenderedChart>> {
    if o.histogram.is_empty() {
        return Ok(None);
    }
    let bars: Vec<Bar> = o
        .histogram
        .iter()
        .map(|b| Bar {
            label: bin_label(b.low, b.high),
            value: b.share_percent.unwrap_or(0.0),
            value_text: b.share_percent.map_or_else(|| "suppressed".into(), |s| format!("{s:.1}%")),
            reference: false,
        })
        .collect();
    let listed: Vec<String> = bars.iter().map(|b| format!("{} {}", b.label, b.value_text)).collect();
    let spec = ChartSpec {
        id: "micro-distribution".into(),
        title: "Distribution of annual pay".into(),
        description: format!(
            "Bar chart of the share of {} in each annual pay band: {}.",
            if o.synthetic { "synthetic records" } else { "records" },
            listed.join("; ")
        ),
        kind: ChartKind::Bars { value_axis: "Share of all records (%)".into(), bars },
    };
    let svg = render_svg(&spec)?;
    Ok(Some(RenderedChart { spec, svg }))
}

fn settings_chart(summary: &MicroSummary) -> Result<Option<RenderedChart>> {
    let rows: Vec<RangeRow> = summary
        .groups
        .iter()
        .filter_map(|g| {
            Some(RangeRow {
                label: g.keys.get(MicroDim::Setting.name())?.clone(),
                low: g.p25?,
                mid: g.median?,
                high: g.p75?,
                mid_text: money(g.median?, false),
            })
        })
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    let listed: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} median {} (middle half {} – {})",
                r.label,
                r.mid_text,
                money(r.low, false),
                money(r.high, false)
            )
        })
        .collect();
    let spec = ChartSpec {
        id: "micro-settings".into(),
        title: "Annual pay by work setting: median and middle half (25th–75th percentile)".into(),
        description: format!("Range chart by work setting: {}. Suppressed settings are not drawn.", listed.join("; ")),
        kind: ChartKind::Ranges { value_axis: "Annual pay (US$)".into(), rows, marker: None },
    };
    let svg = render_svg(&spec)?;
    Ok(Some(RenderedChart { spec, svg }))
}

/// Band midpoints in years, for placing bands on a year axis.
fn band_midpoint(band: &str) -> Option<f64> {
    Some(match band {
        "<1" => 0.5,
        "1-4" => 2.5,
        "5-9" => 7.0,
        "10-19" => 14.5,
        "20+" => 25.0,
        _ => return None,
    })
}

fn experience_chart(summary: &MicroSummary) -> Result<Option<RenderedChart>> {
    let points = |get: fn(&MicroGroup) -> Option<f64>| -> Vec<(f64, f64)> {
        summary
            .groups
            .iter()
            .filter_map(|g| Some((band_midpoint(g.keys.get(MicroDim::Experience.name())?)?, get(g)?)))
            .collect()
    };
    let median = points(|g| g.median);
    if median.is_empty() {
        return Ok(None);
    }
    let listed: Vec<String> = summary
        .groups
        .iter()
        .filter_map(|g| Some(format!("{} years {}", g.keys.get(MicroDim::Experience.name())?, money(g.median?, false))))
        .collect();
    let spec = ChartSpec {
        id: "micro-experience".into(),
        title: "The experience curve: annual pay by years of experience".into(),
        description: format!(
            "Line chart of median annual pay by experience band, plotted at each band's midpoint, with the 25th and 75th percentiles as dashed lines. Medians: {}.",
            listed.join("; ")
        ),
        kind: ChartKind::Lines {
            x_axis: "Years of experience (band midpoint)".into(),
            y_axis: "Annual pay (US$)".into(),
            series: vec![
                LineSeries { name: "Median".into(), points: median, dashed: false },
                LineSeries { name: "25th percentile".into(), points: points(|g| g.p25), dashed: true },
                LineSeries { name: "75th percentile".into(), points: points(|g| g.p75), dashed: true },
            ],
            breaks: Vec::new(),
        },
    };
    let svg = render_svg(&spec)?;
    Ok(Some(RenderedChart { spec, svg }))
}
