//! The outlook report's context: every figure as display text with its footnote (source and data
//! year), and the charts. Built from [`Outlook`]; the template only lays it out.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use super::{Ref, Refs};
use crate::analysis::basis::hourly_annual_gap;
use crate::analysis::figures::{EmploymentFigure, SourceInfo, WageFigure};
use crate::analysis::outlook::Outlook;
use crate::analysis::projection::Vintage;
use crate::charts::{Bar, ChartKind, ChartSpec, LineSeries, render_svg};
use crate::data::CheckOptions;
use crate::format::{money, plain, signed_percent, thousands};

/// A chart and its SVG.
#[derive(Debug, Serialize)]
pub struct RenderedChart {
    pub spec: ChartSpec,
    pub svg: String,
}

/// One piece of a quick fact: text plus the sources it rests on.
#[derive(Debug, Serialize)]
pub struct Part {
    pub text: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct Fact {
    pub label: String,
    pub parts: Vec<Part>,
    pub note: Option<String>,
}

/// A row of a pay table.
#[derive(Debug, Serialize)]
pub struct PayRow {
    pub group: String,
    pub occupation: String,
    pub year: String,
    pub basis: String,
    pub median: String,
    pub mean: String,
    pub p10: String,
    pub p90: String,
    pub note: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct PaySection {
    pub chart: Option<RenderedChart>,
    pub rows: Vec<PayRow>,
}

#[derive(Debug, Serialize)]
pub struct Statement {
    pub text: String,
    pub detail: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct EmploymentRow {
    pub year: i64,
    pub occupation: String,
    pub employment: String,
    pub status: String,
    pub note: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct ProjectionRow {
    pub period: String,
    pub occupation: String,
    pub base: String,
    pub target: String,
    pub change: String,
    pub percent: String,
    pub annual_rate: String,
    pub wording: String,
    pub openings: String,
    pub note: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct EmploymentSection {
    /// The newest projection in a sentence: percent, wording, new jobs, openings.
    pub headline: Option<String>,
    pub chart: Option<RenderedChart>,
    pub history: Vec<EmploymentRow>,
    pub projections: Vec<ProjectionRow>,
}

#[derive(Debug, Serialize)]
pub struct EntryRow {
    pub name: String,
    pub detail: String,
    pub note: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct EntrySection {
    pub education: Vec<EntryRow>,
    pub credentials: Vec<EntryRow>,
    pub settings: Vec<EntryRow>,
}

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
}

/// The whole context of `outlook.html`.
#[derive(Debug, Serialize)]
pub struct OutlookContext {
    pub title: String,
    pub occupation_code: String,
    pub occupation_title: String,
    pub aliases: Vec<String>,
    pub history_codes: Vec<String>,
    pub dataset: String,
    pub generator: String,
    pub facts: Vec<Fact>,
    pub sources_say: SourcesSay,
    pub pay_by_setting: PaySection,
    pub pay_by_experience: PaySection,
    pub certification: Vec<Statement>,
    pub certification_rows: Vec<PayRow>,
    pub employment: EmploymentSection,
    pub entry: EntrySection,
    pub conventions: Vec<String>,
    pub warnings: Vec<String>,
    pub sources: Vec<SourceInfo>,
    /// The microdata section, with `--microdata`.
    pub microdata: Option<super::micro::MicroSection>,
}

fn year_text(year: i64, month: Option<i64>) -> String {
    month.map_or_else(|| year.to_string(), |m| format!("{year}-{m:02}"))
}

fn per(figure: &WageFigure) -> &'static str {
    if figure.is_hourly() { "per hour" } else { "per year" }
}

fn opt_money(value: Option<f64>, hourly: bool) -> String {
    value.map(|v| money(v, hourly)).unwrap_or_default()
}

fn derived_note(derived: Option<&String>, formula: Option<&String>) -> String {
    match (derived, formula) {
        (Some(d), Some(f)) => format!("derived ({d}): {f}"),
        (Some(d), None) => format!("derived ({d})"),
        _ => String::new(),
    }
}

fn pay_row(refs: &Refs, group: &str, f: &WageFigure) -> PayRow {
    let hourly = f.is_hourly();
    PayRow {
        group: group.to_string(),
        occupation: f.occupation.clone(),
        year: year_text(f.year, f.month),
        basis: f.basis.clone(),
        median: opt_money(f.median, hourly),
        mean: opt_money(f.mean, hourly),
        p10: opt_money(f.p10, hourly),
        p90: opt_money(f.p90, hourly),
        note: derived_note(f.derived.as_ref(), f.formula.as_ref()),
        refs: vec![refs.get(&f.source, &year_text(f.year, f.month))],
    }
}

/// Build the report context (charts included) from the outlook's figures.
pub fn context(
    outlook: &Outlook,
    generator: &str,
    microdata: Option<super::micro::MicroSection>,
) -> Result<OutlookContext> {
    let refs = Refs::new(&outlook.sources);
    let current = &outlook.family.current;
    Ok(OutlookContext {
        title: format!("Occupational outlook: {}", current.title),
        occupation_code: current.code.clone(),
        occupation_title: current.title.clone(),
        aliases: current.aliases.clone(),
        history_codes: outlook
            .family
            .predecessors
            .iter()
            .map(|p| format!("{} ({}, SOC {})", p.code, p.title, p.soc_version))
            .collect(),
        dataset: outlook.dataset.clone(),
        generator: generator.to_string(),
        facts: facts(outlook, &refs),
        sources_say: sources_say(outlook, &refs)?,
        pay_by_setting: pay_by_setting(outlook, &refs)?,
        pay_by_experience: pay_by_experience(outlook, &refs)?,
        certification: certification(outlook, &refs),
        certification_rows: outlook.by_certification.iter().map(|f| pay_row(&refs, &f.certification, f)).collect(),
        employment: employment(outlook, &refs)?,
        entry: entry(outlook, &refs),
        conventions: conventions(outlook),
        warnings: outlook.warnings.iter().map(ToString::to_string).collect(),
        sources: outlook.sources.clone(),
        microdata,
    })
}

fn facts(o: &Outlook, refs: &Refs) -> Vec<Fact> {
    let mut facts = Vec::new();
    // Median pay: the newest whole-occupation median on each basis.
    let newest = |hourly: bool| o.overall.iter().find(|f| f.is_hourly() == hourly && f.median.is_some());
    let medians: Vec<&WageFigure> = [newest(false), newest(true)].into_iter().flatten().collect();
    if !medians.is_empty() {
        let parts = medians
            .iter()
            .map(|f| Part {
                text: format!("{} {} ({})", opt_money(f.median, f.is_hourly()), per(f), year_text(f.year, f.month)),
                refs: vec![refs.get(&f.source, &year_text(f.year, f.month))],
            })
            .collect();
        let note = match (newest(true), newest(false)) {
            (Some(h), Some(a)) if h.year == a.year => {
                match hourly_annual_gap(h.median.unwrap_or(0.0), a.median.unwrap_or(0.0), o.hours_per_year) {
                    Some(gap) if gap.abs() > CheckOptions::default().tolerance => Some(format!(
                        "These two do not agree: {} × {} hours = {}, {:.1}% {} the annual figure. See Methods.",
                        opt_money(h.median, true),
                        thousands(o.hours_per_year, 0),
                        money(h.median.unwrap_or(0.0) * o.hours_per_year, false),
                        gap.abs() * 100.0,
                        if gap < 0.0 { "below" } else { "above" }
                    )),
                    _ => None,
                }
            }
            _ => None,
        };
        facts.push(Fact { label: "Median pay".into(), parts, note });
    }
    let means: Vec<Part> = o
        .overall
        .iter()
        .filter(|f| f.mean.is_some())
        .map(|f| Part {
            text: format!("{} {} ({})", opt_money(f.mean, f.is_hourly()), per(f), year_text(f.year, f.month)),
            refs: vec![refs.get(&f.source, &year_text(f.year, f.month))],
        })
        .collect();
    if !means.is_empty() {
        facts.push(Fact { label: "Average (mean) pay reported".into(), parts: means, note: None });
    }
    if let Some(f) = o.overall.iter().find(|f| f.p10.is_some() && f.p90.is_some()) {
        facts.push(Fact {
            label: "Lowest 10% / highest 10% earn".into(),
            parts: vec![Part {
                text: format!(
                    "less than {} / more than {} {} ({})",
                    opt_money(f.p10, f.is_hourly()),
                    opt_money(f.p90, f.is_hourly()),
                    per(f),
                    f.year
                ),
                refs: vec![refs.get(&f.source, &f.year.to_string())],
            }],
            note: None,
        });
    }
    let postings: Vec<Part> = o
        .postings
        .iter()
        .filter(|f| f.range_min.is_some() || f.range_max.is_some())
        .map(|f| Part {
            text: format!(
                "{} – {} {} ({})",
                opt_money(f.range_min, f.is_hourly()),
                opt_money(f.range_max, f.is_hourly()),
                per(f),
                f.year
            ),
            refs: vec![refs.get(&f.source, &f.year.to_string())],
        })
        .collect();
    if !postings.is_empty() {
        facts.push(Fact { label: "Posted pay range".into(), parts: postings, note: None });
    }
    if let Some(e) = o.employment.iter().rev().find(|e| e.status == "actual") {
        let derived = if e.derived.is_some() { ", derived" } else { "" };
        facts.push(Fact {
            label: "Employment".into(),
            parts: vec![Part {
                text: format!("{} jobs ({}{derived}; SOC {})", thousands(e.employment, 0), e.year, e.occupation),
                refs: vec![refs.get(&e.source, &e.year.to_string())],
            }],
            note: None,
        });
    }
    if let Some(p) = o.projections.last() {
        let mut text = p.percent_change.map_or_else(String::new, |pc| format!("{} ", signed_percent(pc, 0)));
        text.push_str(&format!("from {} to {}", p.base_year, p.target_year));
        if let Some(change) = p.change {
            text.push_str(&format!("; {} new jobs", thousands(change, 0)));
        }
        facts.push(Fact {
            label: "Job outlook".into(),
            parts: vec![Part {
                text, refs: vec![refs.get(&p.source, &format!("{}–{}", p.base_year, p.target_year))]
            }],
            note: None,
        });
    }
    let education = grouped(
        o.education.iter().map(|e| (e.path.clone(), duration(e.min_months, e.typical_months, e.max_months), &e.source)),
        refs,
    );
    if !education.is_empty() {
        facts.push(Fact { label: "Entry education".into(), parts: education, note: None });
    }
    let credentials = grouped(o.credentials.iter().map(|c| (c.credential.clone(), String::new(), &c.source)), refs);
    if !credentials.is_empty() {
        facts.push(Fact { label: "Credentials".into(), parts: credentials, note: None });
    }
    facts
}

/// Group (name, detail, source) by name + detail, keeping first-seen order, merging footnotes.
fn grouped<'a>(items: impl Iterator<Item = (String, String, &'a String)>, refs: &Refs) -> Vec<Part> {
    let mut order: Vec<(String, String)> = Vec::new();
    let mut sources: BTreeMap<(String, String), Vec<Ref>> = BTreeMap::new();
    for (name, detail, source) in items {
        let key = (name, detail);
        if !sources.contains_key(&key) {
            order.push(key.clone());
        }
        let list = sources.entry(key).or_default();
        let r = refs.get(source, "");
        if !list.iter().any(|x| x.n == r.n) {
            list.push(r);
        }
    }
    order
        .into_iter()
        .map(|key| {
            let text = if key.1.is_empty() { key.0.clone() } else { format!("{} ({})", key.0, key.1) };
            Part { text, refs: sources.remove(&key).unwrap_or_default() }
        })
        .collect()
}

/// "9–20 months", "about 24 months", "" from the education columns.
fn duration(min: Option<f64>, typical: Option<f64>, max: Option<f64>) -> String {
    match (min, typical, max) {
        (Some(a), _, Some(b)) => format!("{}–{} months", plain(a), plain(b)),
        (_, Some(t), _) => format!("about {} months", plain(t)),
        (Some(a), None, None) => format!("at least {} months", plain(a)),
        (None, None, Some(b)) => format!("up to {} months", plain(b)),
        (None, None, None) => String::new(),
    }
}

/// A breakdown section: bars for the newest year (with the whole-occupation figure of the same
/// source, year and basis as a grey reference bar) and a table of every figure, reference first.
fn breakdown(
    o: &Outlook,
    rows: &[WageFigure],
    group: fn(&WageFigure) -> String,
    reference_label: &str,
    id: &str,
    what: &str,
    refs: &Refs,
) -> Result<PaySection> {
    let mut table: Vec<PayRow> = rows.iter().map(|f| pay_row(refs, &group(f), f)).collect();
    let Some(first) = rows.iter().find(|f| f.median.is_some()) else {
        return Ok(PaySection { chart: None, rows: table });
    };
    let (year, basis, hourly) = (first.year, first.basis.clone(), first.is_hourly());
    let mut bars = Vec::new();
    let reference =
        o.overall.iter().find(|a| a.year == year && a.basis == basis && a.source == first.source && a.median.is_some());
    if let Some(all) = reference {
        let value = all.median.unwrap_or_default();
        bars.push(Bar { label: reference_label.to_string(), value, value_text: money(value, hourly), reference: true });
        table.insert(0, pay_row(refs, reference_label, all));
    }
    let mut sources: Vec<String> = Vec::new();
    for f in rows.iter().filter(|f| f.year == year && f.basis == basis && f.median.is_some()) {
        let value = f.median.unwrap_or_default();
        bars.push(Bar { label: group(f), value, value_text: money(value, hourly), reference: false });
        if !sources.contains(&f.source) {
            sources.push(f.source.clone());
        }
    }
    let unit = if hourly { "hourly" } else { "annual" };
    let listed: Vec<String> = bars.iter().map(|b| format!("{} {}", b.label, b.value_text)).collect();
    let cited: Vec<String> = sources.iter().map(|s| format!("[{}] {}", refs.get(s, "").n, s)).collect();
    let spec = ChartSpec {
        id: id.to_string(),
        title: format!("Median {unit} pay by {what}, {year}"),
        description: format!(
            "Bar chart of median {unit} pay by {what} in {year}: {}. Source: {}.",
            listed.join("; "),
            cited.join(", ")
        ),
        kind: ChartKind::Bars {
            value_axis: format!("Median {unit} pay (US$ {})", if hourly { "per hour" } else { "per year" }),
            bars,
        },
    };
    let svg = render_svg(&spec)?;
    Ok(PaySection { chart: Some(RenderedChart { spec, svg }), rows: table })
}

fn pay_by_setting(o: &Outlook, refs: &Refs) -> Result<PaySection> {
    breakdown(o, &o.by_setting, |f| f.setting.clone(), "All settings", "pay-by-setting", "work setting", refs)
}

fn pay_by_experience(o: &Outlook, refs: &Refs) -> Result<PaySection> {
    let label = |f: &WageFigure| format!("{} years", f.experience);
    breakdown(o, &o.by_experience, label, "All experience levels", "pay-by-experience", "years of experience", refs)
}

fn certification(o: &Outlook, refs: &Refs) -> Vec<Statement> {
    o.certification_ratios
        .iter()
        .map(|r| {
            let more = if r.ratio >= 1.0 { "more" } else { "less" };
            let statistic = if r.statistic == "unspecified" {
                "pay statistic not stated".to_string()
            } else {
                format!("{} pay", r.statistic)
            };
            let year = r.year.map_or_else(|| "year not stated".to_string(), |y| y.to_string());
            Statement {
                text: format!(
                    "{} earn {}% {more} than {}",
                    capitalise(&r.group),
                    plain((r.premium_percent.abs() * 10.0).round() / 10.0),
                    r.reference
                ),
                detail: format!("Ratio {} relative to {}; {statistic}; {year}.", plain(r.ratio), r.base),
                refs: vec![refs.get(&r.source, &year)],
            }
        })
        .collect()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn employment(o: &Outlook, refs: &Refs) -> Result<EmploymentSection> {
    let history: Vec<EmploymentRow> = o
        .employment
        .iter()
        .map(|e: &EmploymentFigure| EmploymentRow {
            year: e.year,
            occupation: e.occupation.clone(),
            employment: thousands(e.employment, 0),
            status: e.status.clone(),
            note: derived_note(e.derived.as_ref(), e.formula.as_ref()),
            refs: vec![refs.get(&e.source, &e.year.to_string())],
        })
        .collect();
    let projections: Vec<ProjectionRow> = o.vintages.iter().map(|p| projection_row(p, refs)).collect();
    Ok(EmploymentSection { headline: headline(o), chart: employment_chart(o)?, history, projections })
}

/// "+7% from 2021 to 2031 …" for the newest vintage.
fn headline(o: &Outlook) -> Option<String> {
    let v = o.vintages.last()?;
    let mut text = format!(
        "The newest projection in the data, for SOC {}, is {} from {} to {}",
        v.occupation,
        v.percent_change.map_or_else(|| "a change not stated in percent".into(), |p| signed_percent(p, 0)),
        v.base_year,
        v.target_year
    );
    if let Some(change) = v.change {
        text.push_str(&format!(", {} new jobs", thousands(change, 0)));
    }
    if let Some(openings) = v.openings.per_year {
        let basis = if v.openings.basis.starts_with("growth only") {
            " from growth alone (the data have no separation rates, so the true number is larger)".to_string()
        } else {
            format!(" ({})", v.openings.basis)
        };
        text.push_str(&format!(", about {} openings a year{basis}", thousands(openings, 0)));
    }
    text.push_str(&match &v.phrase {
        Some(p) => format!(". In the agency's wording that is “{p}”"),
        None => format!(". It is not put in the agency's words here: {}", v.phrase_note),
    });
    if let Some(all) = v.all_occupations_percent {
        text.push_str(&format!(" (all occupations: {})", signed_percent(all, 1)));
    }
    text.push('.');
    Some(text)
}

fn projection_row(p: &Vintage, refs: &Refs) -> ProjectionRow {
    let opt = |v: Option<f64>| v.map(|x| thousands(x, 0)).unwrap_or_else(|| "not stated".into());
    let mut note = derived_note(p.derived.as_ref(), p.formula.as_ref());
    if p.base_employment.is_none() && p.target_employment.is_none() {
        note = "employment levels not stated; not drawn in the chart".into();
    }
    if p.openings.per_year.is_some() && p.openings.basis != "published" {
        note = [note, format!("openings: {}", p.openings.basis)]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
    }
    ProjectionRow {
        period: format!("{}–{}", p.base_year, p.target_year),
        occupation: p.occupation.clone(),
        base: opt(p.base_employment),
        target: opt(p.target_employment),
        change: p.change.map(|c| thousands(c, 0)).unwrap_or_else(|| "not stated".into()),
        percent: p.percent_change.map(|v| signed_percent(v, 0)).unwrap_or_else(|| "not stated".into()),
        annual_rate: p.annual_rate_percent.map(|r| format!("{r:.2}%")).unwrap_or_default(),
        wording: p.phrase.clone().unwrap_or_else(|| "—".into()),
        openings: p.openings.per_year.map(|o| thousands(o, 0)).unwrap_or_else(|| "—".into()),
        note,
        refs: vec![refs.get(&p.source, &format!("{}–{}", p.base_year, p.target_year))],
    }
}

/// Each projection with both levels as a dashed line; actual employment as points, one series per
/// SOC code so a code change is never drawn as one continuous line.
fn employment_chart(o: &Outlook) -> Result<Option<RenderedChart>> {
    let mut series = Vec::new();
    let mut words = Vec::new();
    // Scenario band of the newest vintage with levels: low and high paths as dashed lines.
    let newest = o.vintages.iter().rev().find(|v| v.base_employment.is_some() && v.target_employment.is_some());
    for p in &o.vintages {
        if let (Some(b), Some(t)) = (p.base_employment, p.target_employment) {
            let derived = if p.derived.is_some() { ", levels derived" } else { "" };
            series.push(LineSeries {
                name: format!("{}–{} projection (SOC {})", p.base_year, p.target_year, p.occupation),
                points: vec![(p.base_year as f64, b), (p.target_year as f64, t)],
                dashed: true,
            });
            words.push(format!(
                "{}–{} projection for SOC {}: {} in {} to {} in {}{derived}",
                p.base_year,
                p.target_year,
                p.occupation,
                thousands(b, 0),
                p.base_year,
                thousands(t, 0),
                p.target_year
            ));
        } else {
            words.push(format!(
                "the {}–{} projection ({}) has no published levels and is not drawn",
                p.base_year,
                p.target_year,
                p.percent_change.map(|v| signed_percent(v, 0)).unwrap_or_default()
            ));
        }
    }
    if let Some(v) = newest
        && let (Some(b), Some(lo), Some(hi)) = (v.base_employment, v.scenarios.low_percent, v.scenarios.high_percent)
    {
        for (name, pct) in [("low", lo), ("high", hi)] {
            let end = b * (1.0 + pct / 100.0);
            series.push(LineSeries {
                name: format!("{name} scenario ({})", signed_percent(pct, 1)),
                points: vec![(v.base_year as f64, b), (v.target_year as f64, end)],
                dashed: true,
            });
            words.push(format!(
                "{name} scenario for {}–{}: {} in {}",
                v.base_year,
                v.target_year,
                thousands(end, 0),
                v.target_year
            ));
        }
    }
    for t in &o.trends {
        let first = t.points.first().map_or(t.year, |p| p.0);
        let start = t.estimate / (1.0 + t.growth_percent_per_year / 100.0).powf((t.year - first) as f64);
        series.push(LineSeries {
            name: format!("trend (SOC {}, {}/yr)", t.occupation, signed_percent(t.growth_percent_per_year, 1)),
            points: vec![(first as f64, start), (t.year as f64, t.estimate)],
            dashed: true,
        });
        words.push(format!(
            "log-linear trend of SOC {} employment: {} in {} ({:.0}% prediction interval {} to {})",
            t.occupation,
            thousands(t.estimate, 0),
            t.year,
            t.level * 100.0,
            thousands(t.low, 0),
            thousands(t.high, 0)
        ));
    }
    if !code_breaks(o).is_empty() {
        words.push(
            "a dashed vertical line marks the change of occupation code; the series on either side are not joined"
                .into(),
        );
    }
    let mut codes: Vec<&str> =
        o.employment.iter().filter(|e| e.status == "actual").map(|e| e.occupation.as_str()).collect();
    codes.dedup();
    for code in codes {
        let points: Vec<(f64, f64)> = o
            .employment
            .iter()
            .filter(|e| e.status == "actual" && e.occupation == code)
            .map(|e| (e.year as f64, e.employment))
            .collect();
        let listed: Vec<String> = points.iter().map(|(y, v)| format!("{} in {y}", thousands(*v, 0))).collect();
        words.push(format!("estimated employment, SOC {code}: {}", listed.join(", ")));
        series.push(LineSeries { name: format!("Employment estimate (SOC {code})"), points, dashed: false });
    }
    if series.is_empty() {
        return Ok(None);
    }
    let spec = ChartSpec {
        id: "employment".into(),
        title: "Employment and published projections".into(),
        description: format!("Line chart of employment by year. {}.", capitalise(&words.join("; "))),
        kind: ChartKind::Lines { x_axis: "Year".into(), y_axis: "Jobs".into(), series, breaks: code_breaks(o) },
    };
    let svg = render_svg(&spec)?;
    Ok(Some(RenderedChart { spec, svg }))
}

fn entry(o: &Outlook, refs: &Refs) -> EntrySection {
    let education = o
        .education
        .iter()
        .map(|e| EntryRow {
            name: e.path.clone(),
            detail: duration(e.min_months, e.typical_months, e.max_months),
            note: e.notes.clone().unwrap_or_default(),
            refs: vec![refs.get(&e.source, "")],
        })
        .collect();
    let credentials = o
        .credentials
        .iter()
        .map(|c| {
            let mut exam = Vec::new();
            if let Some(m) = c.exam_minutes {
                exam.push(format!("exam {} h {} min", m / 60, m % 60));
            }
            if let Some(p) = c.exam_pass_pct {
                exam.push(format!("pass mark {}%", plain(p)));
            }
            EntryRow {
                name: format!("{} — {}", c.credential, c.name),
                detail: if exam.is_empty() { c.issuer.clone() } else { format!("{}; {}", c.issuer, exam.join(", ")) },
                note: c.notes.clone().unwrap_or_default(),
                refs: vec![refs.get(&c.source, "")],
            }
        })
        .collect();
    let settings = o
        .named_settings
        .iter()
        .map(|s| EntryRow {
            name: s.setting.clone(),
            detail: String::new(),
            note: s.notes.clone().unwrap_or_default(),
            refs: vec![refs.get(&s.source, "")],
        })
        .collect();
    EntrySection { education, credentials, settings }
}

fn conventions(o: &Outlook) -> Vec<String> {
    let current = &o.family.current;
    let codes = o.family.predecessors.iter().map(|p| {
        format!(
            "Occupation codes change between SOC editions: {} ({}, SOC {}) was replaced by {} ({}, SOC {}). Figures under each code are kept apart and labelled with their code.",
            p.code, p.title, p.soc_version, current.code, current.title, current.soc_version
        )
    });
    let mut list = vec![
        format!(
            "Hourly and annual figures are related by {} paid hours a year (the BLS convention of 52 weeks × 40 hours); change it with --hours-per-year.",
            thousands(o.hours_per_year, 0)
        ),
        "Every figure is shown as its source published it, in dollars of its own data year; no inflation adjustment is applied, so figures from different years are not directly comparable.".into(),
        "Sources differ in what they measure: a median is not a mean, a posted pay range is an employer's offer rather than a survey estimate, and articles do not always say which statistic they quote. Where a source does not state the statistic, the note on the row says so.".into(),
        "Derived figures (computed here from what a source states) are marked “derived” with their formula.".into(),
        "Employment projections are not forecasts: they assume the economy and the occupation's staffing patterns change as the projecting agency expected when they were made. Each vintage is shown as published, and later vintages revise earlier ones.".into(),
    ];
    list.extend(codes);
    list
}

fn sources_say(o: &Outlook, refs: &Refs) -> Result<SourcesSay> {
    let r = &o.reconciliation;
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
    Ok(SourcesSay {
        chart,
        rows,
        basis,
        summary,
        method: r.blend_method.clone(),
        contradictions: r.contradictions.clone(),
    })
}

/// Where the occupation code changed: midway between the last year with figures under a replaced
/// code and the first year under its successor (employment and projections both count).
fn code_breaks(o: &Outlook) -> Vec<(f64, String)> {
    let years = |code: &str| {
        let employment = o.employment.iter().filter(|e| e.occupation == code).map(|e| e.year);
        let projections = o.vintages.iter().filter(|v| v.occupation == code).flat_map(|v| [v.base_year, v.target_year]);
        employment.chain(projections).collect::<Vec<i64>>()
    };
    let current = &o.family.current.code;
    o.family
        .predecessors
        .iter()
        .filter_map(|p| {
            let old_last = years(&p.code).into_iter().max()?;
            let new_first = years(current).into_iter().min()?;
            let at = if new_first > old_last { (old_last + new_first) as f64 / 2.0 } else { new_first as f64 - 0.5 };
            Some((at, format!("code change {} → {}", p.code, current)))
        })
        .collect()
}
