//! The outlook report's employment and outlook section: the newest projection in a sentence, the
//! chart (estimates, vintage paths, scenario band, trend, code-change marker) and the tables.

use anyhow::Result;
use serde::Serialize;

use super::{RenderedChart, capitalise, derived_note};
use crate::analysis::figures::EmploymentFigure;
use crate::analysis::outlook::Outlook;
use crate::analysis::projection::Vintage;
use crate::charts::{ChartKind, ChartSpec, LineSeries, render_svg};
use crate::format::{signed_percent, thousands};
use crate::report::{Ref, Refs};

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

/// A year of the pay-over-time table.
#[derive(Debug, Serialize)]
pub struct PayYearRow {
    pub year: String,
    pub occupation: String,
    pub annual: String,
    pub hourly: String,
    pub constant: String,
    pub employment: String,
    pub note: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct EmploymentSection {
    /// The national median of every year, in current and constant dollars (empty: under two years).
    pub pay_history: Vec<PayYearRow>,
    /// "constant 2025 dollars (CPI-U)" for the column heading.
    pub pay_history_dollars: String,
    /// The newest projection in a sentence: percent, wording, new jobs, openings.
    pub headline: Option<String>,
    /// The newest projection's openings a year split into growth, labor-force exits and
    /// occupational transfers, when the data have the separations.
    pub openings_split: Option<String>,
    /// The agency's text on the factors behind the newest projection, with its source.
    pub factors: Option<super::Statement>,
    pub chart: Option<RenderedChart>,
    pub history: Vec<EmploymentRow>,
    pub projections: Vec<ProjectionRow>,
}

pub fn employment(o: &Outlook, refs: &Refs) -> Result<EmploymentSection> {
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
    let newest = o.vintages.last();
    let openings_split = newest.and_then(|v| {
        let split = v.openings.split_text()?;
        Some(format!(
            "Openings a year, {}–{}: {} ({}).",
            v.figure.base_year,
            v.figure.target_year,
            split,
            if v.openings.basis == "published" {
                format!("published total {}; the parts are rounded", thousands(v.openings.per_year?, 0))
            } else {
                v.openings.basis.clone()
            }
        ))
    });
    let factors = newest.and_then(|v| {
        let period = format!("{}–{}", v.figure.base_year, v.figure.target_year);
        Some(super::Statement {
            text: v.figure.factors.clone()?,
            detail: format!("Factors behind the {period} projection, in the agency's words"),
            refs: vec![refs.get(&v.figure.source, &period)],
        })
    });
    let (pay_history, pay_history_dollars) = pay_years(o, refs);
    Ok(EmploymentSection {
        pay_history,
        pay_history_dollars,
        headline: headline(o),
        openings_split,
        factors,
        chart: employment_chart(o)?,
        history,
        projections,
    })
}

/// The newest vintage as the Handbook says it: "Employment of Medical Records Specialists is
/// projected to grow 7.1 percent from 2024 to 2034, much faster than the average for all
/// occupations (+3.1%)", then new jobs and openings; without the cycle's wording, the comparison
/// with all occupations and why no wording is given.
fn headline(o: &Outlook) -> Option<String> {
    let v = o.vintages.last()?;
    let p = &v.figure;
    let title = if p.occupation == o.family.current.code {
        o.family.current.title.clone()
    } else {
        format!("SOC {} (now {})", p.occupation, o.family.current.title)
    };
    let percent = p.percent_change.or(v.scenarios.base_percent);
    let amount = |x: f64| {
        let text = crate::format::published_percent(x.abs());
        text.trim_start_matches('+').trim_end_matches('%').to_string()
    };
    let change = match (percent, v.phrase.as_deref()) {
        (Some(x), Some("little or no change")) => {
            format!("show little or no change ({})", crate::format::published_percent(x))
        }
        (Some(x), _) if x < 0.0 => format!("decline {} percent", amount(x)),
        (Some(x), _) => format!("grow {} percent", amount(x)),
        (None, _) => "change by an amount not stated in percent".to_string(),
    };
    let mut text = format!("Employment of {title} is projected to {change} from {} to {}", p.base_year, p.target_year);
    let all = v.all_occupations_percent.map(|a| signed_percent(a, 1));
    match (&v.phrase, &all) {
        // "decline" says no more than the number: the Handbook adds no comparison to it.
        (Some(phrase), _) if phrase.starts_with("decline") || phrase == "little or no change" => {
            if phrase != "decline" && phrase != "little or no change" {
                text.push_str(&format!(" ({phrase}, in the Handbook's words)"));
            }
        }
        (Some(phrase), Some(all)) => text.push_str(&format!(", {phrase} ({all})")),
        (Some(phrase), None) => text.push_str(&format!(", {phrase}")),
        (None, Some(all)) => {
            let word = match percent.zip(v.all_occupations_percent) {
                Some((x, a)) if x > a => "above",
                Some((x, a)) if x < a => "below",
                Some(_) => "equal to",
                None => "beside",
            };
            text.push_str(&format!(", {word} the {all} projected for all occupations"));
        }
        (None, None) => {}
    }
    text.push('.');
    if let Some(change) = p.change {
        text.push_str(&format!(" That is {} jobs", crate::format::signed(change, 0)));
        if let Some(openings) = v.openings.per_year {
            text.push_str(&format!(", and about {} openings a year{}", thousands(openings, 0), openings_basis(v)));
        }
        text.push('.');
    } else if let Some(openings) = v.openings.per_year {
        text.push_str(&format!(" About {} openings a year{}.", thousands(openings, 0), openings_basis(v)));
    }
    if v.phrase.is_none() && percent.is_some() {
        text.push_str(&format!(" {}.", capitalise(&v.phrase_note)));
    }
    Some(text)
}

/// How the openings were counted, for the headline.
fn openings_basis(v: &Vintage) -> String {
    if v.openings.basis.starts_with("growth only") {
        " from growth alone (the data have no separation rates, so the true number is larger)".to_string()
    } else {
        format!(" ({})", v.openings.basis)
    }
}

fn projection_row(p: &Vintage, refs: &Refs) -> ProjectionRow {
    let opt = |v: Option<f64>| v.map(|x| thousands(x, 0)).unwrap_or_else(|| "not stated".into());
    let mut note = derived_note(p.figure.derived.as_ref(), p.figure.formula.as_ref());
    if p.figure.base_employment.is_none() && p.figure.target_employment.is_none() {
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
        period: format!("{}–{}", p.figure.base_year, p.figure.target_year),
        occupation: p.figure.occupation.clone(),
        base: opt(p.figure.base_employment),
        target: opt(p.figure.target_employment),
        change: p.figure.change.map(|c| thousands(c, 0)).unwrap_or_else(|| "not stated".into()),
        percent: p.figure.percent_change.map(crate::format::published_percent).unwrap_or_else(|| "not stated".into()),
        annual_rate: p.figure.annual_rate_percent.map(|r| format!("{r:.2}%")).unwrap_or_default(),
        wording: p.phrase.clone().unwrap_or_else(|| "—".into()),
        openings: p.openings.per_year.map(|o| thousands(o, 0)).unwrap_or_else(|| "—".into()),
        note,
        refs: vec![refs.get(&p.figure.source, &format!("{}–{}", p.figure.base_year, p.figure.target_year))],
    }
}

/// Each projection with both levels as a dashed line; actual employment as points, one series per
/// SOC code so a code change is never drawn as one continuous line.
fn employment_chart(o: &Outlook) -> Result<Option<RenderedChart>> {
    let mut series = Vec::new();
    let mut words = Vec::new();
    // Scenario band of the newest vintage with levels: low and high paths as dashed lines.
    let newest =
        o.vintages.iter().rev().find(|v| v.figure.base_employment.is_some() && v.figure.target_employment.is_some());
    for p in &o.vintages {
        if let (Some(b), Some(t)) = (p.figure.base_employment, p.figure.target_employment) {
            let derived = if p.figure.derived.is_some() { ", levels derived" } else { "" };
            series.push(LineSeries {
                name: format!(
                    "{}–{} projection (SOC {})",
                    p.figure.base_year, p.figure.target_year, p.figure.occupation
                ),
                points: vec![(p.figure.base_year as f64, b), (p.figure.target_year as f64, t)],
                dashed: true,
            });
            words.push(format!(
                "{}–{} projection for SOC {}: {} in {} to {} in {}{derived}",
                p.figure.base_year,
                p.figure.target_year,
                p.figure.occupation,
                thousands(b, 0),
                p.figure.base_year,
                thousands(t, 0),
                p.figure.target_year
            ));
        } else {
            words.push(format!(
                "the {}–{} projection ({}) has no published levels and is not drawn",
                p.figure.base_year,
                p.figure.target_year,
                p.figure.percent_change.map(crate::format::published_percent).unwrap_or_default()
            ));
        }
    }
    if let Some(v) = newest
        && let (Some(b), Some(lo), Some(hi)) =
            (v.figure.base_employment, v.scenarios.low_percent, v.scenarios.high_percent)
    {
        for (name, pct) in [("low", lo), ("high", hi)] {
            let end = b * (1.0 + pct / 100.0);
            series.push(LineSeries {
                name: format!("{name} scenario ({})", signed_percent(pct, 1)),
                points: vec![(v.figure.base_year as f64, b), (v.figure.target_year as f64, end)],
                dashed: true,
            });
            words.push(format!(
                "{name} scenario for {}–{}: {} in {}",
                v.figure.base_year,
                v.figure.target_year,
                thousands(end, 0),
                v.figure.target_year
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
            "log-linear trend of SOC {} employment: fitted to {}–{} and not extended past the data, {} in {} ({:.0}% prediction interval {} to {})",
            t.occupation,
            first,
            t.year,
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

/// Where the occupation code changed: midway between the last year with figures under a replaced
/// code and the first year under its successor (employment and projections both count).
fn code_breaks(o: &Outlook) -> Vec<(f64, String)> {
    let years = |code: &str| {
        let employment = o.employment.iter().filter(|e| e.occupation == code).map(|e| e.year);
        let projections = o
            .vintages
            .iter()
            .filter(|v| v.figure.occupation == code)
            .flat_map(|v| [v.figure.base_year, v.figure.target_year]);
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

/// The pay-over-time rows, oldest first, and the constant-dollar year's heading.
fn pay_years(o: &Outlook, refs: &Refs) -> (Vec<PayYearRow>, String) {
    let Some(h) = &o.pay_history else { return (Vec::new(), String::new()) };
    let hours = crate::format::plain(o.hours_per_year);
    let rows = h
        .years
        .iter()
        .enumerate()
        .map(|(i, y)| {
            let date = super::year_text(y.year, y.month);
            let mut notes = Vec::new();
            if y.from_hourly {
                notes.push(format!("hourly median × {hours} hours (only hourly pay published)"));
            }
            if y.code_changed {
                notes.push(format!("code changed: {} → {}", h.years[i - 1].occupation, y.occupation));
            }
            if y.constant.is_none() {
                notes.push(format!("the CPI series lacks {}", y.year));
            }
            PayYearRow {
                year: date.clone(),
                occupation: y.occupation.clone(),
                annual: crate::format::money(y.annual, false),
                hourly: y.hourly.map(|v| crate::format::money(v, true)).unwrap_or_else(|| "—".into()),
                constant: y.constant.map(|v| crate::format::money(v, false)).unwrap_or_else(|| "—".into()),
                employment: y.employment.map(|e| thousands(e, 0)).unwrap_or_else(|| "—".into()),
                note: notes.join("; "),
                refs: std::iter::once(&y.source).chain(&y.also).map(|s| refs.get(s, &date)).collect(),
            }
        })
        .collect();
    (rows, format!("constant {} dollars (CPI-U)", h.dollars_year))
}
