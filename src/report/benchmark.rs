//! The benchmark report's context: the cut and its fallback path, the market with the pay range
//! and the offer, the roster, sources and conventions — display text and charts built from
//! [`Benchmark`]; the template only lays it out.

pub mod posting;

use anyhow::Result;
use serde::Serialize;

use super::outlook::RenderedChart;
use super::{Ref, Refs};
use crate::analysis::figures::SourceInfo;
use crate::analysis::market::Step;
use crate::analysis::market::benchmark::Benchmark;
use crate::charts::{Band, Bar, ChartKind, ChartSpec, Point, RangeRow, render_svg};
use crate::format::{money, plain, thousands};

#[derive(Debug, Serialize)]
pub struct Row {
    pub label: String,
    pub value: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct AdjustmentRow {
    pub dimension: String,
    pub factor: String,
    pub how: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct PersonRow {
    pub id: String,
    pub pay: String,
    pub years: String,
    pub certified: String,
    pub market_cut: String,
    pub market_median: String,
    pub range: String,
    pub compa_ratio: String,
    pub penetration: String,
    pub position: String,
    pub flags: String,
}

#[derive(Debug, Serialize)]
pub struct RosterSection {
    pub file: String,
    pub chart: Option<RenderedChart>,
    pub rows: Vec<PersonRow>,
    pub summary: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct BenchmarkContext {
    pub title: String,
    pub generator: String,
    pub dataset: String,
    pub synthetic: bool,
    pub occupation: String,
    pub cut: String,
    pub basis: String,
    pub method: String,
    /// What the market figure is, after the method's name: the published figure with its area,
    /// period and source, or a composite's base and factors (`market.label` without its prefix).
    pub label: String,
    pub market_cut: String,
    pub n: String,
    pub steps: Vec<Step>,
    pub base: Option<Row>,
    pub adjustments: Vec<AdjustmentRow>,
    pub notes: Vec<String>,
    /// Market percentiles, range and offer as rows (the chart's numbers as a table).
    pub market_rows: Vec<Row>,
    pub range_rows: Vec<Row>,
    pub market_chart: RenderedChart,
    pub offer: Option<Vec<Row>>,
    pub verdict: Option<String>,
    pub roster: Option<RosterSection>,
    /// With `--posting`: the section "Posting range".
    pub posting: Option<posting::PostingSection>,
    pub conventions: Vec<String>,
    pub sources: Vec<SourceInfo>,
    pub skipped: Option<String>,
}

/// "Published figure: 29-2072 · …" → "29-2072 · …": the template names the method itself.
fn label_detail(label: &str) -> String {
    label.split_once(": ").map_or_else(|| label.to_string(), |(_, detail)| detail.to_string())
}

fn row(label: impl Into<String>, value: impl Into<String>, refs: Vec<Ref>) -> Row {
    Row { label: label.into(), value: value.into(), refs }
}

/// `skipped` describes rows left out by --skip-bad-rows.
pub fn context(b: &Benchmark, skipped: Option<String>, generator: &str) -> Result<BenchmarkContext> {
    let hourly = b.basis == crate::data::schema::values::HOURLY;
    let refs = Refs::new(&b.sources);
    let m = &b.market;
    let base_refs = m.base.iter().map(|f| refs.get(&f.source, &f.year.to_string())).collect::<Vec<_>>();
    let cash = |v: f64| money(v, hourly);
    let unit = if hourly { "US$ per hour" } else { "US$ per year" };
    let p = &m.percentiles;
    let market_rows: Vec<Row> = [
        ("10th percentile", p.p10),
        ("25th percentile", p.p25),
        ("Median", p.median),
        ("75th percentile", p.p75),
        ("90th percentile", p.p90),
    ]
    .into_iter()
    .map(|(label, v)| {
        row(
            label,
            v.map_or_else(|| "not published".to_string(), cash),
            if v.is_some() { base_refs.clone() } else { Vec::new() },
        )
    })
    .collect();
    let r = &b.range;
    let range_rows = vec![
        row("Minimum", cash(r.min), Vec::new()),
        row(format!("Midpoint (market {})", b.policy), cash(r.mid), Vec::new()),
        row("Maximum", cash(r.max), Vec::new()),
        row("Spread (max − min) ÷ min", format!("{}%", plain(r.spread * 100.0)), Vec::new()),
    ];
    let offer = b.offer.as_ref().map(|o| {
        vec![
            row("Offer", cash(o.check.pay), Vec::new()),
            row("Market position", o.check.position_text.clone(), Vec::new()),
            row("Compa-ratio (offer ÷ midpoint)", format!("{:.2}", o.check.compa_ratio), Vec::new()),
            row(
                "Range penetration",
                o.check.penetration.map_or_else(|| "—".to_string(), |v| format!("{:.0}%", v * 100.0)),
                Vec::new(),
            ),
        ]
    });
    let market_chart = market_chart(b, unit, &cash)?;
    let roster = b.roster.as_ref().map(|roster| roster_section(b, roster, unit, &cash)).transpose()?;
    Ok(BenchmarkContext {
        title: format!("Pay benchmark: {}", b.occupation),
        generator: generator.to_string(),
        dataset: b.data.clone(),
        synthetic: b.synthetic,
        occupation: b.occupation.clone(),
        cut: b.cut.clone(),
        basis: if hourly { "per hour".into() } else { "per year".into() },
        method: m.method.clone(),
        label: label_detail(&m.label),
        market_cut: m.cut.clone(),
        n: m.n.map_or_else(String::new, |n| thousands(n as f64, 0)),
        steps: m.steps.clone(),
        base: m.base.as_ref().map(|f| {
            row(
                format!(
                    "{} · {} · {} · {} · {} · {}",
                    f.occupation, f.year, f.geography, f.setting, f.experience, f.certification
                ),
                format!(
                    "as published ({}): p10 {} · median {} · p90 {}",
                    f.basis,
                    f.p10.map_or("—".into(), |v| money(v, f.is_hourly())),
                    f.median.map_or("—".into(), |v| money(v, f.is_hourly())),
                    f.p90.map_or("—".into(), |v| money(v, f.is_hourly()))
                ),
                base_refs.clone(),
            )
        }),
        adjustments: m
            .adjustments
            .iter()
            .map(|a| AdjustmentRow {
                dimension: a.dimension.clone(),
                factor: format!("× {:.4}", a.factor),
                how: a.how.clone(),
                refs: vec![refs.get(&a.source, &a.year.map_or_else(String::new, |y| y.to_string()))],
            })
            .collect(),
        notes: m.notes.clone(),
        market_rows,
        range_rows,
        market_chart,
        offer,
        verdict: b.offer.as_ref().map(|o| o.verdict.clone()),
        roster,
        posting: b.posting.as_ref().map(|p| posting::section(p, &cash)),
        conventions: b.conventions.clone(),
        sources: b.sources.clone(),
        skipped,
    })
}

fn market_chart(b: &Benchmark, unit: &str, cash: &dyn Fn(f64) -> String) -> Result<RenderedChart> {
    let p = &b.market.percentiles;
    let known = p.known();
    let mut rows = Vec::new();
    if let (Some(&(qlo, lo)), Some(&(qhi, hi))) = (known.first(), known.last()) {
        rows.push(RangeRow {
            label: format!("Market p{}–p{}", plain(qlo), plain(qhi)),
            low: lo,
            mid: p.median.unwrap_or((lo + hi) / 2.0),
            high: hi,
            mid_text: format!("median {}", p.median.map_or("—".into(), cash)),
        });
    }
    if let (Some(lo), Some(hi)) = (p.p25, p.p75) {
        rows.push(RangeRow {
            label: "Market p25–p75".into(),
            low: lo,
            mid: p.median.unwrap_or((lo + hi) / 2.0),
            high: hi,
            mid_text: String::new(),
        });
    }
    let r = &b.range;
    rows.push(RangeRow {
        label: "Pay range".into(),
        low: r.min,
        mid: r.mid,
        high: r.max,
        mid_text: format!("mid {}", cash(r.mid)),
    });
    if let Some(posting) = &b.posting {
        rows.push(RangeRow {
            label: "Posting range".into(),
            low: posting.min,
            mid: posting.mid,
            high: posting.max,
            mid_text: String::new(),
        });
    }
    let marker = b.offer.as_ref().map(|o| Bar {
        label: "Offer".into(),
        value: o.check.pay,
        value_text: format!("offer {}", cash(o.check.pay)),
        reference: false,
    });
    let mut description = format!(
        "Market pay for {} ({}): {}. Pay range {} to {}, midpoint {}.",
        b.market.cut,
        b.market.method,
        known.iter().map(|(q, v)| format!("p{} {}", plain(*q), cash(*v))).collect::<Vec<_>>().join(", "),
        cash(r.min),
        cash(r.max),
        cash(r.mid)
    );
    if let Some(p) = &b.posting {
        description.push_str(&format!(
            " Posting range {} ({}) to {} ({}).",
            cash(p.min),
            p.min_position_text,
            cash(p.max),
            p.max_position_text
        ));
    }
    if let Some(o) = &b.offer {
        description.push_str(&format!(" The offer of {} is {}.", cash(o.check.pay), o.check.position_text));
    }
    let spec = ChartSpec {
        id: "market".into(),
        title: format!("Market percentiles and the pay range ({unit})"),
        description,
        kind: ChartKind::Ranges { value_axis: format!("Pay ({unit})"), rows, marker },
    };
    let svg = render_svg(&spec)?;
    Ok(RenderedChart { spec, svg })
}

fn roster_section(
    b: &Benchmark,
    roster: &crate::analysis::market::benchmark::Roster,
    unit: &str,
    cash: &dyn Fn(f64) -> String,
) -> Result<RosterSection> {
    let group = |c: Option<bool>| match c {
        Some(true) => "certified",
        Some(false) => "not certified",
        None => "certification unknown",
    };
    let points: Vec<Point> = roster
        .rows
        .iter()
        .filter_map(|r| r.years_experience.map(|x| Point { x, y: r.check.pay, group: group(r.certified).into() }))
        .collect();
    let left_out = roster.rows.len() - points.len();
    let chart = if points.is_empty() {
        None
    } else {
        let r = &b.range;
        let spec = ChartSpec {
            id: "roster".into(),
            title: format!("Roster pay against years of experience ({unit})"),
            description: format!(
                "{} people plotted by years of experience and pay, coloured by certification, over the pay range of the benchmark cut ({} to {}).{} The table below lists every person.",
                points.len(),
                cash(r.min),
                cash(r.max),
                if left_out > 0 {
                    format!(" {left_out} without years of experience are not plotted.")
                } else {
                    String::new()
                }
            ),
            kind: ChartKind::Scatter {
                x_axis: "Years of experience".into(),
                y_axis: format!("Pay ({unit})"),
                points,
                band: Some(Band { low: r.min, high: r.max, label: format!("pay range for {}", b.cut) }),
            },
        };
        let svg = render_svg(&spec)?;
        Some(RenderedChart { spec, svg })
    };
    let rows = roster
        .rows
        .iter()
        .map(|r| PersonRow {
            id: r.id.clone(),
            pay: cash(r.pay),
            years: r.years_experience.map_or_else(String::new, plain),
            certified: r.certified.map_or_else(String::new, |c| if c { "yes".into() } else { "no".into() }),
            market_cut: r.market_cut.clone(),
            market_median: r.market_median.map_or_else(|| "—".into(), cash),
            range: format!("{}–{}", cash(r.range.min), cash(r.range.max)),
            compa_ratio: format!("{:.2}", r.check.compa_ratio),
            penetration: r.check.penetration.map_or_else(|| "—".into(), |v| format!("{:.0}%", v * 100.0)),
            position: r.check.position_text.clone(),
            flags: r.flags.join("; "),
        })
        .collect();
    let s = &roster.summary;
    let ratio = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |x| format!("{x:.2}"));
    let summary = vec![
        row("People", s.people.to_string(), Vec::new()),
        row("Below the range minimum", s.below_range_minimum.to_string(), Vec::new()),
        row("Above the range maximum", s.above_range_maximum.to_string(), Vec::new()),
        row("More than 10% below the market median", s.below_market_by_10_percent.to_string(), Vec::new()),
        row("Median compa-ratio", ratio(s.median_compa_ratio), Vec::new()),
        row(
            "Certified: people, median compa-ratio",
            format!("{}, {}", s.certified.people, ratio(s.certified.median_compa_ratio)),
            Vec::new(),
        ),
        row(
            "Not certified: people, median compa-ratio",
            format!("{}, {}", s.uncertified.people, ratio(s.uncertified.median_compa_ratio)),
            Vec::new(),
        ),
        row(
            "Gap, certified − not certified",
            s.certified_compa_gap.map_or_else(
                || "—".to_string(),
                |g| if g.abs() < 0.005 { "0.00".to_string() } else { format!("{g:+.2}") },
            ),
            Vec::new(),
        ),
    ];
    Ok(RosterSection { file: roster.file.clone(), chart, rows, summary })
}

impl BenchmarkContext {
    /// Every table of the report as CSV (`--export-dir`).
    pub fn exports(&self) -> Result<Vec<super::export::Export>> {
        use super::export::table;
        let rows = ["label", "value", "refs"];
        let mut out = vec![
            table("fallback-path.csv", &["cut", "dropped", "n", "outcome"], &self.steps)?,
            table("composite.csv", &["dimension", "factor", "how", "refs"], &self.adjustments)?,
            table("market.csv", &rows, &self.market_rows)?,
            table("pay-range.csv", &rows, &self.range_rows)?,
        ];
        if let Some(offer) = &self.offer {
            out.push(table("offer.csv", &rows, offer)?);
        }
        if let Some(p) = &self.posting {
            out.push(table("posting.csv", &["point", "pay", "position"], &p.rows)?);
            if let Some(staff) = &p.staff {
                out.push(table("posting-staff.csv", &["id", "pay", "against"], &staff.rows)?);
            }
        }
        if let Some(r) = &self.roster {
            let columns = [
                "id",
                "pay",
                "years",
                "certified",
                "market_cut",
                "market_median",
                "range",
                "compa_ratio",
                "penetration",
                "position",
                "flags",
            ];
            out.push(table("roster.csv", &columns, &r.rows)?);
            out.push(table("roster-summary.csv", &rows, &r.summary)?);
        }
        let sources = ["number", "id", "title", "publisher", "kind", "published", "data_date", "citation", "notes"];
        out.push(table("sources.csv", &sources, &self.sources)?);
        Ok(out)
    }
}
