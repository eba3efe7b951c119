//! The outlook report's context: every figure as display text with its footnote (source and data
//! year), and the charts. Built from [`Outlook`]; the template only lays it out.

pub mod area;
pub mod employment;
pub mod entry;
pub mod facts;
pub mod micro;
pub mod onet;
pub mod pay_compare;
pub mod settings;
pub mod similar;
pub mod sources_say;

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use crate::analysis::basis::hourly_annual_gap;
use crate::analysis::figures::{SourceInfo, WageFigure};
use crate::analysis::outlook::Outlook;
use crate::analysis::reconcile::{Reconciliation, independent, series};
use crate::charts::{Bar, ChartKind, ChartSpec, render_svg};
use crate::data::rounding::{Rounding, hourly_annual_agree};
use crate::format::{money, plain, thousands};
use crate::report::{Ref, Refs};

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
    /// Employment in the group, when the source gives it (agency industry tables).
    pub employment: String,
    pub occupation: String,
    pub year: String,
    pub basis: String,
    pub median: String,
    pub mean: String,
    pub p10: String,
    pub p25: String,
    pub p75: String,
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
    /// "What they do", from O*NET (`--onet`).
    pub what_they_do: Option<self::onet::WhatTheyDo>,
    /// The occupation's median beside its major group's and all occupations' (section "Pay").
    pub pay_compare: Option<self::pay_compare::PayCompareSection>,
    /// The nearest detailed occupations (section "Similar occupations").
    pub similar: Option<self::similar::SimilarSection>,
    /// Absent when fewer than two sources describe the occupation.
    pub sources_say: Option<self::sources_say::SourcesSay>,
    pub pay_by_setting: self::settings::SettingSection,
    pub pay_by_experience: PaySection,
    pub certification: Vec<Statement>,
    pub certification_rows: Vec<PayRow>,
    pub employment: self::employment::EmploymentSection,
    /// "How to become one": the agency's requirements, routes, credentials, where they work.
    pub entry: self::entry::EntrySection,
    pub conventions: Vec<String>,
    pub warnings: Vec<String>,
    pub sources: Vec<SourceInfo>,
    /// "State and area": absent when the data have no state or metro figures.
    pub area: Option<self::area::AreaSection>,
    /// The area of `--area` beside the nation.
    pub area_focus: Option<self::area::AreaFocus>,
    /// The microdata section, with `--microdata`.
    pub microdata: Option<self::micro::MicroSection>,
    /// The sections the data feed, in page order: the table of contents.
    pub toc: Vec<TocEntry>,
}

/// A section of the report that is present, for the table of contents.
#[derive(Debug, Serialize)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
}

pub(super) fn year_text(year: i64, month: Option<i64>) -> String {
    month.map_or_else(|| year.to_string(), |m| format!("{year}-{m:02}"))
}

fn per(figure: &WageFigure) -> &'static str {
    if figure.is_hourly() { "per hour" } else { "per year" }
}

fn opt_money(value: Option<f64>, hourly: bool) -> String {
    value.map(|v| money(v, hourly)).unwrap_or_default()
}

pub(super) fn derived_note(derived: Option<&String>, formula: Option<&String>) -> String {
    match (derived, formula) {
        (Some(d), Some(f)) => format!("derived ({d}): {f}"),
        (Some(d), None) => format!("derived ({d})"),
        _ => String::new(),
    }
}

/// A statistic as shown: the money, or why an agency left it out (OEWS `#` top-coded, `*` not
/// available, as the importer notes them), or empty.
pub(super) fn stat_text(f: &WageFigure, stat: &str, value: Option<f64>) -> String {
    if let Some(v) = value {
        return money(v, f.is_hourly());
    }
    let notes = f.notes.as_deref().unwrap_or_default();
    let listed = |marker: &str| {
        notes
            .split("; ")
            .any(|n| n.contains(marker) && n.rsplit(": ").next().is_some_and(|l| l.split(", ").any(|s| s == stat)))
    };
    if listed("top-coded") {
        "top-coded (#)".to_string()
    } else if listed("not available (*)") {
        "not available (*)".to_string()
    } else {
        String::new()
    }
}

fn pay_row(refs: &Refs, group: &str, f: &WageFigure) -> PayRow {
    PayRow {
        group: group.to_string(),
        employment: f.employment.map(|e| thousands(e, 0)).unwrap_or_default(),
        occupation: f.occupation.clone(),
        year: year_text(f.year, f.month),
        basis: f.basis.clone(),
        median: stat_text(f, "median", f.median),
        mean: stat_text(f, "mean", f.mean),
        p10: stat_text(f, "p10", f.p10),
        p25: stat_text(f, "p25", f.p25),
        p75: stat_text(f, "p75", f.p75),
        p90: stat_text(f, "p90", f.p90),
        note: derived_note(f.derived.as_ref(), f.formula.as_ref()),
        refs: vec![refs.get(&f.source, &year_text(f.year, f.month))],
    }
}

/// Build the report context (charts included) from the outlook's figures. `linked`: the codes of
/// the reports written in the same batch, to which similar occupations link (`{code}.html`); a
/// single report passes none.
pub fn context(
    outlook: &Outlook,
    generator: &str,
    microdata: Option<self::micro::MicroSection>,
    linked: &[String],
) -> Result<OutlookContext> {
    let refs = Refs::new(&outlook.sources);
    let current = &outlook.family.current;
    let compared = independent(&outlook.reconciliation, &outlook.sources);
    let facts = facts(outlook, &refs);
    let what_they_do = self::onet::section(outlook.onet.as_ref(), &refs);
    let what_missing = if outlook.onet_note.is_some() {
        ""
    } else {
        "what the occupation does (O*NET's tasks and technology: give the O*NET files with --onet DIR)"
    };
    let pay_compare = self::pay_compare::section(outlook.pay_comparison.as_ref(), &refs)?;
    let similar = self::similar::section(outlook.similar.as_ref(), &refs, linked)?;
    let sources_say = self::sources_say::sources_say(compared.as_ref(), &refs)?;
    let pay_by_setting = self::settings::pay_by_setting(outlook, &refs)?;
    let pay_by_experience = pay_by_experience(outlook, &refs)?;
    let certification = certification(outlook, &refs);
    let certification_rows: Vec<PayRow> =
        outlook.by_certification.iter().map(|f| pay_row(&refs, &f.certification, f)).collect();
    let employment = self::employment::employment(outlook, &refs)?;
    let entry = self::entry::entry(outlook, &refs);
    let area = self::area::section(&outlook.areas, &current.title, &refs);
    let area_focus = self::area::focus(outlook, &refs);
    let history_shown = !employment.pay_history.is_empty() || !employment.history.is_empty();
    let employment_shown =
        employment.headline.is_some() || employment.chart.is_some() || !employment.projections.is_empty();
    let entry_shown = entry.is_shown();
    // (id, table-of-contents title, present, what is missing when absent: "" = nothing to say).
    // In the Occupational Outlook Handbook's order.
    let sections = [
        ("quick-facts", "Quick facts", !facts.is_empty(), ""),
        ("what-they-do", "What they do", what_they_do.is_some(), what_missing),
        ("entry", "How to become one", entry_shown, "how to become one (education, training, credentials)"),
        ("pay", "Pay", pay_compare.is_some(), "pay of the major group and of all occupations (for “Pay”)"),
        ("microdata", "Pay in the microdata", microdata.is_some(), ""),
        ("pay-setting", "Pay by work setting", !pay_by_setting.rows.is_empty(), "pay by work setting"),
        ("pay-experience", "Pay by experience", !pay_by_experience.rows.is_empty(), "pay by years of experience"),
        (
            "certification",
            "Certified vs not certified",
            !certification.is_empty() || !certification_rows.is_empty(),
            "pay by certification",
        ),
        ("history", "Pay and jobs over time", history_shown, "pay and jobs by year"),
        ("outlook", "Job outlook", employment_shown, "employment projections"),
        ("area", "State and area", area.is_some(), ""),
        ("similar", "Similar occupations", similar.is_some(), "similar occupations"),
        (
            "sources-say",
            "What the sources say",
            sources_say.is_some(),
            "a second source describing the same period (for “What the sources say”)",
        ),
        ("methods", "Methods and caveats", true, ""),
        ("sources", "Sources", true, ""),
    ];
    let missing: Vec<&str> =
        sections.iter().filter(|(_, _, present, why)| !present && !why.is_empty()).map(|s| s.3).collect();
    let toc = sections
        .iter()
        .filter(|s| s.2)
        .map(|(id, title, _, _)| TocEntry { id: (*id).to_string(), title: (*title).to_string() })
        .collect();
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
        facts,
        what_they_do,
        pay_compare,
        similar,
        sources_say,
        pay_by_setting,
        pay_by_experience,
        certification,
        certification_rows,
        employment,
        entry,
        conventions: methods(outlook, compared.as_ref(), microdata.as_ref(), &missing),
        warnings: outlook
            .warnings
            .iter()
            .map(|w| match &w.occupation {
                // Another occupation's figure the report shows (its major group, a similar one).
                Some(code) if !outlook.family.codes().contains(code) => format!("{code}: {w}"),
                _ => w.to_string(),
            })
            .collect(),
        sources: outlook.sources.clone(),
        microdata,
        area,
        area_focus,
        toc,
    })
}

fn facts(o: &Outlook, refs: &Refs) -> Vec<Fact> {
    let mut facts = Vec::new();
    // Median pay: the whole-occupation median of the newest date with one, on each basis.
    let newest_date = o.overall.iter().find(|f| f.median.is_some()).map(|f| (f.year, f.month));
    let newest = |hourly: bool| {
        o.overall
            .iter()
            .find(|f| f.is_hourly() == hourly && f.median.is_some() && Some((f.year, f.month)) == newest_date)
    };
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
                let (hm, am) = (h.median.unwrap_or(0.0), a.median.unwrap_or(0.0));
                let agree = hourly_annual_agree(hm, am, o.hours_per_year, &Rounding::default());
                match hourly_annual_gap(hm, am, o.hours_per_year) {
                    Some(gap) if !agree => Some(format!(
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
    // Means: the newest of each series (a yearly agency file is one series, so its older years are
    // left out; separate documents each keep theirs), annual before hourly.
    let series_of = |id: &str| {
        o.sources.iter().find(|s| s.id == id).map_or_else(|| id.to_string(), |s| series(&s.publisher, &s.title))
    };
    let mut seen: Vec<String> = Vec::new();
    let means: Vec<Part> = o
        .overall
        .iter()
        .filter(|f| f.mean.is_some())
        .filter(|f| {
            let key = series_of(&f.source);
            let first = !seen.contains(&key);
            seen.push(key);
            first
        })
        .map(|f| Part {
            text: format!("{} {} ({})", opt_money(f.mean, f.is_hourly()), per(f), year_text(f.year, f.month)),
            refs: vec![refs.get(&f.source, &year_text(f.year, f.month))],
        })
        .collect();
    if !means.is_empty() {
        facts.push(Fact { label: "Average (mean) pay reported".into(), parts: means, note: None });
    }
    // The full distribution (agency tables publish p10…p90 hourly and annual): the newest figure
    // on each basis with three or more percentiles, a left-out one shown as such.
    let distribution = |hourly: bool| {
        o.overall.iter().find(|f| {
            f.is_hourly() == hourly
                && [f.p10, f.p25, f.median, f.p75, f.p90].iter().filter(|v| v.is_some()).count() >= 3
        })
    };
    let parts: Vec<Part> = [distribution(false), distribution(true)]
        .into_iter()
        .flatten()
        .map(|f| Part {
            text: format!(
                "{} ({}): 10th {} · 25th {} · median {} · 75th {} · 90th {}",
                per(f),
                year_text(f.year, f.month),
                stat_text(f, "p10", f.p10),
                stat_text(f, "p25", f.p25),
                stat_text(f, "median", f.median),
                stat_text(f, "p75", f.p75),
                stat_text(f, "p90", f.p90)
            ),
            refs: vec![refs.get(&f.source, &year_text(f.year, f.month))],
        })
        .collect();
    if parts.iter().any(|p| p.text.contains("25th $") || p.text.contains("top-coded")) {
        facts.push(Fact { label: "Pay percentiles".into(), parts, note: None });
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
    // The newest projection (outlook, change, openings) and the agency's entry requirements.
    facts.extend(self::facts::outlook_facts(o, refs));
    facts.extend(self::facts::requirement_facts(o, refs));
    let education = grouped(
        o.education
            .iter()
            .filter(|e| self::facts::assignment(&e.path).is_none())
            .map(|e| (e.path.clone(), duration(e.min_months, e.typical_months, e.max_months), &e.source)),
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
pub(super) fn duration(min: Option<f64>, typical: Option<f64>, max: Option<f64>) -> String {
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

pub(super) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The methods section: every convention applied, then the caveats.
fn methods(
    o: &Outlook,
    compared: Option<&Reconciliation>,
    micro: Option<&self::micro::MicroSection>,
    missing: &[&str],
) -> Vec<String> {
    let mut list = Vec::new();
    // What the data do not cover, in one line, instead of headings with nothing under them.
    if !missing.is_empty() {
        list.push(format!("Not in these data: {}.", missing.join(", ")));
    }
    if let Some(m) = micro.filter(|m| !m.left_out.is_empty()) {
        list.push(format!("Microdata: {}.", m.left_out.join("; ")));
    }
    if let Some(note) = &o.onet_note {
        list.push(format!("{}.", capitalise(note)));
    }
    list.push(match micro {
        Some(m) => format!(
            "Percentiles: published percentiles are shown as each source computed them; microdata percentiles are {}.",
            m.method
        ),
        None => "Percentiles are shown as each source computed them; none are recomputed.".to_string(),
    });
    let mut factors: Vec<(i64, f64)> = compared
        .iter()
        .flat_map(|r| r.figures.iter().map(move |f| (r, f)))
        .map(|(r, f)| {
            let hours = if f.published_basis == crate::data::schema::values::HOURLY { r.hours_per_year } else { 1.0 };
            (f.year, f.factor / hours)
        })
        .collect();
    factors.sort_by_key(|(y, _)| *y);
    factors.dedup_by_key(|(y, _)| *y);
    if let (Some(r), false) = (compared, factors.is_empty()) {
        let list_text: Vec<String> = factors.iter().map(|(y, f)| format!("{y} × {f:.4}")).collect();
        list.push(format!(
            "“What the sources say” restates figures in constant {} dollars: value × CPI-U({}) ÷ CPI-U(data year), CPI-U US city average, annual averages; factors by data year: {}.",
            r.dollars_year,
            r.dollars_year,
            list_text.join(", ")
        ));
    }
    list.push("No figure is aged to a later date (aging applies with --effective-date to microdata only).".into());
    if let Some(m) = micro {
        list.push(format!("Confidentiality of the microdata: {}.", m.rules.join("; ")));
    }
    for v in &o.vintages {
        list.push(format!(
            "Outlook wording for the {}–{} projection: {}.",
            v.figure.base_year, v.figure.target_year, v.phrase_note
        ));
    }
    list.extend(conventions(o));
    list
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
        "Outside “What the sources say”, every figure is shown as its source published it, in dollars of its own data year, so figures from different years are not directly comparable.".into(),
        "Sources differ in what they measure: a median is not a mean, a posted pay range is an employer's offer rather than a survey estimate, and articles do not always say which statistic they quote. Where a source does not state the statistic, the note on the row says so.".into(),
        "Derived figures (computed here from what a source states) are marked “derived” with their formula.".into(),
        "Employment projections are not forecasts: they assume the economy and the occupation's staffing patterns change as the projecting agency expected when they were made. Each vintage is shown as published, and later vintages revise earlier ones.".into(),
    ];
    list.extend(codes);
    list
}

const PAY_COLUMNS: [&str; 13] = [
    "group",
    "employment",
    "occupation",
    "year",
    "basis",
    "median",
    "mean",
    "p10",
    "p25",
    "p75",
    "p90",
    "note",
    "refs",
];
const SETTING_COLUMNS: [&str; 13] = [
    "setting",
    "employment",
    "occupation",
    "year",
    "annual_median",
    "hourly_median",
    "p10",
    "p25",
    "p75",
    "p90",
    "reference",
    "note",
    "refs",
];
const AREA_COLUMNS: [&str; 12] = [
    "area",
    "state",
    "area_type",
    "year",
    "occupation",
    "annual_median",
    "hourly_median",
    "employment",
    "location_quotient",
    "jobs_per_1000",
    "selected",
    "refs",
];
const ENTRY_COLUMNS: [&str; 4] = ["name", "detail", "note", "refs"];
const SOURCE_COLUMNS: [&str; 9] =
    ["number", "id", "title", "publisher", "kind", "published", "data_date", "citation", "notes"];

impl OutlookContext {
    /// Every table of the report as CSV (`--export-dir`).
    pub fn exports(&self) -> Result<Vec<crate::report::export::Export>> {
        use crate::report::export::table;
        let mut out = vec![
            table(
                "sources-say.csv",
                &["statistic", "date", "published", "factor", "value", "weight", "refs"],
                self.sources_say.as_ref().map_or(&[][..], |s| &s.rows),
            )?,
            table("pay-by-setting.csv", &SETTING_COLUMNS, &self.pay_by_setting.rows)?,
            table("pay-by-experience.csv", &PAY_COLUMNS, &self.pay_by_experience.rows)?,
            table("pay-by-certification.csv", &PAY_COLUMNS, &self.certification_rows)?,
            table(
                "employment.csv",
                &["year", "occupation", "employment", "status", "note", "refs"],
                &self.employment.history,
            )?,
            table(
                "projections.csv",
                &[
                    "period",
                    "occupation",
                    "base",
                    "target",
                    "change",
                    "percent",
                    "annual_rate",
                    "wording",
                    "openings",
                    "note",
                    "refs",
                ],
                &self.employment.projections,
            )?,
            table("pay-by-area.csv", &AREA_COLUMNS, self.area.as_ref().map_or(&[][..], |a| &a.rows))?,
            table(
                "education.csv",
                &ENTRY_COLUMNS,
                &self.entry.requirements.iter().chain(&self.entry.education).collect::<Vec<_>>(),
            )?,
            table("credentials.csv", &ENTRY_COLUMNS, &self.entry.credentials)?,
            table("sources.csv", &SOURCE_COLUMNS, &self.sources)?,
        ];
        if let Some(m) = &self.microdata {
            let columns = ["group", "n", "p25", "median", "p75", "mean", "note"];
            out.push(table("microdata-distribution.csv", &["range", "n", "share"], &m.histogram_rows)?);
            out.push(table("microdata-by-setting.csv", &columns, &m.setting_rows)?);
            out.push(table("microdata-by-experience.csv", &columns, &m.experience_rows)?);
            out.push(table("microdata-by-certification.csv", &columns, &m.certification_rows)?);
        }
        Ok(out)
    }
}
