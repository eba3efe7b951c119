//! The outlook report's pay-by-work-setting section: one row per setting of the newest year with
//! settings, its employment and its annual and hourly medians side by side (an agency industry
//! table publishes both bases for every industry; two rows per industry read as two industries),
//! the largest [`MAX_SETTINGS`] by employment.

use anyhow::Result;
use serde::Serialize;

use super::{RenderedChart, derived_note, stat_text, year_text};
use crate::analysis::figures::WageFigure;
use crate::analysis::outlook::Outlook;
use crate::charts::{Bar, ChartKind, ChartSpec, render_svg};
use crate::format::{money, thousands};
use crate::report::{Ref, Refs};

/// Settings shown in the table and chart: the largest by employment (by median when the source
/// gives no employment).
pub const MAX_SETTINGS: usize = 10;

/// One setting: the figures of one source, year and code, both bases on one row.
#[derive(Debug, Serialize)]
pub struct SettingRow {
    pub setting: String,
    pub employment: String,
    pub occupation: String,
    pub year: String,
    /// Median pay per year and per hour, as published (empty when the source gives none).
    pub annual_median: String,
    pub hourly_median: String,
    /// Annual percentiles when published (hourly ones when the source gives only hourly pay).
    pub p10: String,
    pub p25: String,
    pub p75: String,
    pub p90: String,
    /// The whole occupation (all settings), shown first as the reference.
    pub reference: bool,
    pub note: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct SettingSection {
    pub chart: Option<RenderedChart>,
    pub rows: Vec<SettingRow>,
    /// The data year of the rows.
    pub year: String,
    /// "The 10 largest of 21 settings by employment", when some are left out.
    pub caption: String,
}

/// A setting's figures on both bases.
struct Merged<'a> {
    annual: Option<&'a WageFigure>,
    hourly: Option<&'a WageFigure>,
}

impl<'a> Merged<'a> {
    fn first(&self) -> &'a WageFigure {
        self.annual.or(self.hourly).expect("a merged setting has a figure")
    }
    fn employment(&self) -> Option<f64> {
        self.annual.and_then(|f| f.employment).or(self.hourly.and_then(|f| f.employment))
    }
    /// The annual median, or the hourly one on an annual basis, for ordering.
    fn annual_value(&self, hours: f64) -> Option<f64> {
        self.annual.and_then(|f| f.median).or(self.hourly.and_then(|f| f.median.map(|m| m * hours)))
    }
}

/// Group figures by setting, source, code and date, keeping first-seen order.
fn merge<'a>(figures: &[&'a WageFigure], name: fn(&WageFigure) -> String) -> Vec<Merged<'a>> {
    let key = |f: &WageFigure| (name(f), f.source.clone(), f.occupation.clone(), f.year, f.month);
    let mut out: Vec<(_, Merged)> = Vec::new();
    for &f in figures {
        let k = key(f);
        let slot = match out.iter().position(|(x, _)| *x == k) {
            Some(i) => &mut out[i].1,
            None => {
                out.push((k, Merged { annual: None, hourly: None }));
                &mut out.last_mut().expect("just pushed").1
            }
        };
        let side = if f.is_hourly() { &mut slot.hourly } else { &mut slot.annual };
        side.get_or_insert(f);
    }
    out.into_iter().map(|(_, m)| m).collect()
}

fn row(refs: &Refs, label: &str, m: &Merged, reference: bool) -> SettingRow {
    let f = m.first();
    // Percentiles on the annual basis when the source publishes them, else hourly.
    let dist = m.annual.filter(|a| a.p10.is_some() || a.p90.is_some()).or(m.hourly).unwrap_or(f);
    let mut sources: Vec<&String> = [m.annual, m.hourly].iter().flatten().map(|x| &x.source).collect();
    sources.dedup();
    SettingRow {
        setting: label.to_string(),
        employment: m.employment().map(|e| thousands(e, 0)).unwrap_or_default(),
        occupation: f.occupation.clone(),
        year: year_text(f.year, f.month),
        annual_median: m.annual.map(|a| stat_text(a, "median", a.median)).unwrap_or_default(),
        hourly_median: m.hourly.map(|h| stat_text(h, "median", h.median)).unwrap_or_default(),
        p10: stat_text(dist, "p10", dist.p10),
        p25: stat_text(dist, "p25", dist.p25),
        p75: stat_text(dist, "p75", dist.p75),
        p90: stat_text(dist, "p90", dist.p90),
        reference,
        note: [
            derived_note(f.derived.as_ref(), f.formula.as_ref()),
            if dist.is_hourly() && dist.p10.or(dist.p90).is_some() {
                "percentiles per hour".into()
            } else {
                String::new()
            },
        ]
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join("; "),
        refs: sources.into_iter().map(|s| refs.get(s, &year_text(f.year, f.month))).collect(),
    }
}

/// The section: the newest year with settings, one row per setting, the largest first, and the
/// whole occupation of the same source and year as a reference row and grey bar.
pub fn pay_by_setting(o: &Outlook, refs: &Refs) -> Result<SettingSection> {
    let Some(year) = o.by_setting.iter().map(|f| f.year).max() else {
        return Ok(SettingSection { chart: None, rows: Vec::new(), year: String::new(), caption: String::new() });
    };
    let figures: Vec<&WageFigure> = o.by_setting.iter().filter(|f| f.year == year).collect();
    let mut settings = merge(&figures, |f| f.setting.clone());
    let total = settings.len();
    let hours = o.hours_per_year;
    // Most employed first; without employment, the highest median first; then by name.
    settings.sort_by(|a, b| {
        let (ea, eb) = (a.employment().unwrap_or(-1.0), b.employment().unwrap_or(-1.0));
        let (ma, mb) = (a.annual_value(hours).unwrap_or(-1.0), b.annual_value(hours).unwrap_or(-1.0));
        eb.total_cmp(&ea).then(mb.total_cmp(&ma)).then_with(|| a.first().setting.cmp(&b.first().setting))
    });
    settings.truncate(MAX_SETTINGS);
    let sources: Vec<&String> = settings.iter().map(|m| &m.first().source).collect();
    let overall: Vec<&WageFigure> =
        o.overall.iter().filter(|f| f.year == year && sources.contains(&&f.source)).collect();
    let reference = merge(&overall, |_| String::new()).into_iter().next();
    let mut rows: Vec<SettingRow> = Vec::new();
    if let Some(all) = &reference {
        rows.push(row(refs, "All settings", all, true));
    }
    rows.extend(settings.iter().map(|m| row(refs, &m.first().setting, m, false)));
    let caption = if total > settings.len() {
        format!("The {} largest of {total} settings by employment", settings.len())
    } else {
        String::new()
    };
    let chart = chart(&settings, reference.as_ref(), year, refs)?;
    Ok(SettingSection { chart, rows, year: year.to_string(), caption })
}

/// Bars of the median on one basis (annual when any setting has it), reference first.
fn chart(settings: &[Merged], reference: Option<&Merged>, year: i64, refs: &Refs) -> Result<Option<RenderedChart>> {
    let hourly = !settings.iter().any(|m| m.annual.and_then(|a| a.median).is_some());
    let pick = |m: &Merged| if hourly { m.hourly } else { m.annual }.and_then(|f| f.median);
    let mut bars = Vec::new();
    if let Some(value) = reference.and_then(pick) {
        bars.push(Bar { label: "All settings".into(), value, value_text: money(value, hourly), reference: true });
    }
    let mut sources: Vec<String> = Vec::new();
    for m in settings {
        let Some(value) = pick(m) else { continue };
        bars.push(Bar { label: m.first().setting.clone(), value, value_text: money(value, hourly), reference: false });
        if !sources.contains(&m.first().source) {
            sources.push(m.first().source.clone());
        }
    }
    if bars.iter().all(|b| b.reference) {
        return Ok(None);
    }
    let unit = if hourly { "hourly" } else { "annual" };
    let listed: Vec<String> = bars.iter().map(|b| format!("{} {}", b.label, b.value_text)).collect();
    let cited: Vec<String> = sources.iter().map(|s| format!("[{}] {}", refs.get(s, "").n, s)).collect();
    let spec = ChartSpec {
        id: "pay-by-setting".into(),
        title: format!("Median {unit} pay by work setting, {year}"),
        description: format!(
            "Bar chart of median {unit} pay by work setting in {year}: {}. Source: {}.",
            listed.join("; "),
            cited.join(", ")
        ),
        kind: ChartKind::Bars {
            value_axis: format!("Median {unit} pay (US$ {})", if hourly { "per hour" } else { "per year" }),
            bars,
        },
    };
    let svg = render_svg(&spec)?;
    Ok(Some(RenderedChart { spec, svg }))
}
