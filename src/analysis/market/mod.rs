//! The market for a benchmark cut (DOMAIN.md §3): who the pay is compared with.
//!
//! - **From microdata**: weighted percentiles of the rows in the cut. When the cut has fewer rows
//!   than the confidentiality threshold (or one employer dominates it), fall back one step at a
//!   time — drop region, then experience, then the credential/certification, then setting — and
//!   record every step with its n. Every cut of one shape (e.g. setting × experience) comes from
//!   one grouped pass over the file, so a roster of any size costs at most one pass per ladder step.
//! - **From published figures only**: start from the published figure closest to the cut that has
//!   a distribution (two or more percentiles), then apply published adjustments for each part of
//!   the cut it does not match — a setting's median over the all-settings median of the same
//!   source, an experience band's median over the all-experience median, the certification ratio —
//!   each step with its source and factor. The result is a *modeled composite* only when at least
//!   one such factor is applied; a figure published for the cut itself (an OEWS metro file's own
//!   percentiles for that metro) is the *published figure*, labelled so ([`label`]).

pub mod benchmark;
pub mod label;
pub mod paybench;
pub mod posting;

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use self::paybench::Percentiles;
use crate::analysis::figures::{RatioFigure, WageFigure};
use crate::analysis::micro::{MicroDim, MicroGroup, MicroSummaryOptions, summarize_many};
use crate::data::schema::{micro as m, values};

/// The certification part of a cut.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Certification {
    Certified,
    NotCertified,
    /// Holds this credential (microdata `credential` column); published figures treat it as certified.
    Credential(String),
}

impl Certification {
    pub fn describe(&self) -> String {
        match self {
            Certification::Certified => "certified".into(),
            Certification::NotCertified => "not certified".into(),
            Certification::Credential(c) => format!("credential {c}"),
        }
    }
}

/// A benchmark cut: the job being priced. `None` = any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cut {
    pub setting: Option<String>,
    /// Experience band (<1, 1-4, 5-9, 10-19, 20+).
    pub experience: Option<String>,
    pub certification: Option<Certification>,
    pub region: Option<String>,
}

/// The parts of a cut, in the order the fallback ladder drops them.
const LADDER: [&str; 4] = ["region", "experience", "certification", "setting"];

impl Cut {
    /// "setting Hospital · 5-9 years · certified · region West", or "all jobs in the data".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.setting {
            parts.push(format!("setting {s}"));
        }
        if let Some(e) = &self.experience {
            parts.push(format!("{e} years"));
        }
        if let Some(c) = &self.certification {
            parts.push(c.describe());
        }
        if let Some(r) = &self.region {
            parts.push(format!("region {r}"));
        }
        if parts.is_empty() { "all jobs in the data".into() } else { parts.join(" · ") }
    }

    /// Whether `other` (a person's own cut) lies within this cut: it has this cut's value for every
    /// part this cut names; parts this cut leaves open may be anything.
    pub fn contains(&self, other: &Cut) -> bool {
        fn part<T: PartialEq>(mine: &Option<T>, theirs: &Option<T>) -> bool {
            mine.is_none() || mine == theirs
        }
        part(&self.setting, &other.setting)
            && part(&self.experience, &other.experience)
            && part(&self.certification, &other.certification)
            && part(&self.region, &other.region)
    }

    fn without(&self, part: &str) -> Cut {
        let mut cut = self.clone();
        match part {
            "region" => cut.region = None,
            "experience" => cut.experience = None,
            "certification" => cut.certification = None,
            _ => cut.setting = None,
        }
        cut
    }

    fn has(&self, part: &str) -> bool {
        match part {
            "region" => self.region.is_some(),
            "experience" => self.experience.is_some(),
            "certification" => self.certification.is_some(),
            _ => self.setting.is_some(),
        }
    }

    /// The cut, then each broader cut of the fallback ladder with the part it dropped.
    pub fn ladder(&self) -> Vec<(Option<&'static str>, Cut)> {
        let mut steps = vec![(None, self.clone())];
        let mut cut = self.clone();
        for part in LADDER {
            if cut.has(part) {
                cut = cut.without(part);
                steps.push((Some(part), cut.clone()));
            }
        }
        steps
    }

    /// The microdata group shape of this cut: its dimensions, and the credential filter.
    fn shape(&self) -> (Vec<MicroDim>, Option<String>) {
        let mut dims = Vec::new();
        if self.setting.is_some() {
            dims.push(MicroDim::Setting);
        }
        if self.experience.is_some() {
            dims.push(MicroDim::Experience);
        }
        if matches!(self.certification, Some(Certification::Certified | Certification::NotCertified)) {
            dims.push(MicroDim::Certification);
        }
        if self.region.is_some() {
            dims.push(MicroDim::Region);
        }
        let credential = match &self.certification {
            Some(Certification::Credential(c)) => Some(c.clone()),
            _ => None,
        };
        (dims, credential)
    }

    /// The group keys this cut has in a summary of its shape.
    fn keys(&self) -> BTreeMap<String, String> {
        let mut keys = BTreeMap::new();
        if let Some(s) = &self.setting {
            keys.insert(MicroDim::Setting.name().to_string(), s.clone());
        }
        if let Some(e) = &self.experience {
            keys.insert(MicroDim::Experience.name().to_string(), e.clone());
        }
        match self.certification {
            Some(Certification::Certified) => {
                keys.insert(MicroDim::Certification.name().to_string(), values::CERTIFIED.to_string());
            }
            Some(Certification::NotCertified) => {
                keys.insert(MicroDim::Certification.name().to_string(), values::UNCERTIFIED.to_string());
            }
            _ => {}
        }
        if let Some(r) = &self.region {
            keys.insert(MicroDim::Region.name().to_string(), r.clone());
        }
        keys
    }
}

/// One rung of the fallback ladder as tried.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub cut: String,
    /// The part dropped to reach this cut (none for the cut asked for).
    pub dropped: Option<String>,
    /// Valid rows in the cut.
    pub n: u64,
    /// Used, or why not: "n < 5", "dominance", "no rows".
    pub outcome: String,
}

/// One published adjustment of a modeled composite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adjustment {
    /// setting, experience or certification.
    pub dimension: String,
    pub factor: f64,
    /// How the factor was computed, in words.
    pub how: String,
    pub source: String,
    pub year: Option<i64>,
}

/// The market percentiles for a cut and how they were found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Market {
    /// "published figure" (as published, restated on the conventions only), "modeled composite"
    /// (a published figure × one or more adjustment factors) or "microdata".
    pub method: String,
    /// What the figure is, in one sentence: the published figure with its area, period and source,
    /// or the composite's base and every factor applied, or the microdata file and its records.
    pub label: String,
    /// The cut the percentiles describe (after any fallback).
    pub cut: String,
    /// Annual pay (or hourly, on --basis hourly), on the conventions applied.
    #[serde(flatten)]
    pub percentiles: Percentiles,
    pub mean: Option<f64>,
    /// Valid rows and their weight (microdata).
    pub n: Option<u64>,
    pub weight: Option<f64>,
    /// The fallback path (microdata): every cut tried, in order.
    pub steps: Vec<Step>,
    /// The published figure a composite starts from, and its adjustments.
    pub base: Option<WageFigure>,
    pub adjustments: Vec<Adjustment>,
    /// Parts of the cut no published figure adjusts for, and other caveats.
    pub notes: Vec<String>,
}

impl Market {
    /// Every money figure × `factor` (hourly ↔ annual).
    pub fn scaled(mut self, factor: f64) -> Market {
        self.percentiles = self.percentiles.scaled(factor);
        self.mean = self.mean.map(|v| v * factor);
        self
    }
}

/// Summaries computed elsewhere (another engine's result, `--aggregates` or `--spark`): what the
/// markets need of them. The engine implements it; the analysis does not know which engine ran.
pub trait SummarySource {
    /// The result, as named in messages.
    fn name(&self) -> &str;
    /// The summary by `options.by`, with `options`' rules (or the engine's stricter ones).
    fn summary(&self, options: &MicroSummaryOptions) -> anyhow::Result<crate::analysis::micro::MicroSummary>;
}

/// Microdata summaries by cut shape, computed once each and shared by every cut of that shape.
pub struct MicroMarkets {
    /// The file, as named in messages.
    pub file: String,
    lf: LazyFrame,
    options: MicroSummaryOptions,
    by_shape: BTreeMap<(Vec<MicroDim>, Option<String>), Vec<MicroGroup>>,
    /// Another engine's result (`--aggregates`, `--spark`), read instead of `lf`.
    aggregates: Option<Box<dyn SummarySource>>,
}

impl MicroMarkets {
    /// `lf` is the canonical microdata scan, already narrowed to the occupation; `options.by`
    /// is set per cut shape.
    pub fn new(lf: LazyFrame, options: MicroSummaryOptions, file: &str) -> MicroMarkets {
        MicroMarkets { file: file.to_string(), lf, options, by_shape: BTreeMap::new(), aggregates: None }
    }

    /// Markets from an engine's result: each cut shape is one of its groupings (`wagescope sql
    /// --rollups` writes every one a fallback ladder may need).
    pub fn from_aggregates(aggregates: Box<dyn SummarySource>, options: MicroSummaryOptions) -> MicroMarkets {
        let file = aggregates.name().to_string();
        MicroMarkets {
            file,
            lf: LazyFrame::default(),
            options,
            by_shape: BTreeMap::new(),
            aggregates: Some(aggregates),
        }
    }

    /// Summarize the file for every rung of every cut's ladder not summarized yet, in one read
    /// of the file per credential filter (one read in all when no cut names a credential).
    pub fn prepare(&mut self, cuts: &[Cut]) -> PolarsResult<()> {
        let mut wanted: BTreeMap<Option<String>, Vec<Vec<MicroDim>>> = BTreeMap::new();
        for (_, rung) in cuts.iter().flat_map(Cut::ladder) {
            let shape = rung.shape();
            if self.by_shape.contains_key(&shape) {
                continue;
            }
            let (dims, credential) = shape;
            let list = wanted.entry(credential).or_default();
            if !list.contains(&dims) {
                list.push(dims);
            }
        }
        if let Some(aggregates) = &self.aggregates {
            for (credential, shapes) in wanted {
                if let Some(c) = &credential {
                    return Err(
                        polars_err!(ComputeError: "--credential {c}: an engine's result has no credential breakdown; use --microdata"),
                    );
                }
                for dims in shapes {
                    let options = MicroSummaryOptions { by: dims.clone(), ..self.options.clone() };
                    let summary = aggregates.summary(&options).map_err(|e| polars_err!(ComputeError: "{e:#}"))?;
                    let groups = if dims.is_empty() { vec![summary.total] } else { summary.groups };
                    self.by_shape.insert((dims, None), groups);
                }
            }
            return Ok(());
        }
        for (credential, shapes) in wanted {
            let lf = match &credential {
                Some(c) => self.lf.clone().filter(col(m::CREDENTIAL).eq(lit(c.as_str()))),
                None => self.lf.clone(),
            };
            let list: Vec<MicroSummaryOptions> =
                shapes.iter().map(|dims| MicroSummaryOptions { by: dims.clone(), ..self.options.clone() }).collect();
            for (dims, summary) in shapes.into_iter().zip(summarize_many(lf, &list)?.summaries) {
                let groups = if dims.is_empty() { vec![summary.total] } else { summary.groups };
                self.by_shape.insert((dims, credential.clone()), groups);
            }
        }
        Ok(())
    }

    fn group(&mut self, cut: &Cut) -> PolarsResult<Option<MicroGroup>> {
        let shape = cut.shape();
        if !self.by_shape.contains_key(&shape) {
            self.prepare(std::slice::from_ref(cut))?;
        }
        let keys = cut.keys();
        Ok(self.by_shape.get(&shape).and_then(|groups| {
            groups.iter().find(|g| g.keys.iter().all(|(k, v)| keys.get(k).is_none_or(|want| want == v))).cloned()
        }))
    }

    /// The market of `cut`: the first rung of its ladder that is not suppressed. `None` when even
    /// the broadest cut is empty or suppressed.
    pub fn market(&mut self, cut: &Cut) -> PolarsResult<(Option<Market>, Vec<Step>)> {
        let mut steps = Vec::new();
        for (dropped, rung) in cut.ladder() {
            let group = self.group(&rung)?;
            let (n, outcome) = match &group {
                None => (0, "no rows".to_string()),
                Some(g) if crate::analysis::micro::has_no_weight(g) => (0, "no weight".to_string()),
                Some(g) if g.n == 0 => (0, "no rows".to_string()),
                Some(g) if g.suppressed => (g.n, g.suppression.clone().unwrap_or_else(|| "suppressed".into())),
                Some(g) => (g.n, "used".to_string()),
            };
            steps.push(Step {
                cut: rung.describe(),
                dropped: dropped.map(str::to_string),
                n,
                outcome: outcome.clone(),
            });
            if let (Some(g), "used") = (group, outcome.as_str()) {
                let market = Market {
                    method: label::MICRODATA.into(),
                    label: label::microdata(&self.file, g.n, self.options.weighted),
                    cut: rung.describe(),
                    percentiles: Percentiles { p10: g.p10, p25: g.p25, median: g.median, p75: g.p75, p90: g.p90 },
                    mean: g.mean,
                    n: Some(g.n),
                    weight: g.weight,
                    steps: steps.clone(),
                    base: None,
                    adjustments: Vec::new(),
                    notes: Vec::new(),
                };
                return Ok((Some(market), steps));
            }
        }
        Ok((None, steps))
    }
}

fn points(f: &WageFigure) -> usize {
    [f.p10, f.p25, f.median, f.p75, f.p90].iter().filter(|v| v.is_some()).count()
}

/// Whether a published figure is compatible with the cut: each of its dimensions is `all` or the
/// cut's value. Returns how many of the cut's parts it matches exactly.
fn matches(f: &WageFigure, cut: &Cut) -> Option<usize> {
    let part = |figure: &str, want: Option<&str>| match want {
        _ if figure == values::ALL => Some(0),
        Some(w) if w == figure => Some(1),
        _ => None,
    };
    let certification = match &cut.certification {
        Some(Certification::NotCertified) => Some(values::UNCERTIFIED),
        Some(_) => Some(values::CERTIFIED),
        None => None,
    };
    Some(
        part(&f.setting, cut.setting.as_deref())?
            + part(&f.experience, cut.experience.as_deref())?
            + part(&f.certification, certification)?,
    )
}

/// Share of the all-coders base assumed certified when a certified ÷ uncertified ratio is applied
/// to it (the published sources do not give the share).
pub const ASSUMED_CERTIFIED_SHARE: f64 = 0.5;

/// A modeled composite for `cut` from published `figures` (estimates of one occupation family, as
/// published, each with the `factor` that restates it on the conventions) and `ratios`. Ratios are
/// taken between figures of the same source, year and basis, so they need no restating; the
/// base figure's factor is applied as a step of its own. `geography` is the area compared
/// (national unless the cut names a region the figures cover); `prefer_basis` breaks ties between
/// an hourly and an annual figure. Fails with a message when no
/// published figure has a distribution.
pub fn composite(
    figures: &[WageFigure],
    ratios: &[RatioFigure],
    cut: &Cut,
    geography: &str,
    prefer_basis: &str,
) -> Result<Market, String> {
    let in_area: Vec<&WageFigure> =
        figures.iter().filter(|f| f.geography == geography && f.kind == values::ESTIMATE).collect();
    // The base: compatible, with a distribution (2+ percentiles) if any has one; then the closest
    // to the cut, the fullest distribution, the latest year.
    let candidates: Vec<(&WageFigure, usize)> =
        in_area.iter().filter_map(|f| matches(f, cut).map(|k| (*f, k))).filter(|(f, _)| points(f) > 0).collect();
    let with_spread: Vec<(&WageFigure, usize)> = candidates.iter().copied().filter(|(f, _)| points(f) >= 2).collect();
    let pool = if with_spread.is_empty() { &candidates } else { &with_spread };
    let (base, _) = pool
        .iter()
        // Ties go to the figure already on the basis asked for (the published annual figure, not
        // hourly × hours).
        .max_by(|(a, ka), (b, kb)| {
            (ka, points(a), a.year, a.month.unwrap_or(0), a.basis == prefer_basis).cmp(&(
                kb,
                points(b),
                b.year,
                b.month.unwrap_or(0),
                b.basis == prefer_basis,
            ))
        })
        .copied()
        .ok_or_else(|| format!("no published wage figure for {geography} has percentiles or a median"))?;
    let mut adjustments = Vec::new();
    let mut notes = Vec::new();
    let mut factor = 1.0;
    // What the figures cover of the cut (the base's own parts, and each part a factor adjusts
    // for), each factor in words for the label, and the parts no published figure adjusts for.
    let mut covered = Cut::default();
    let mut phrases = Vec::new();
    let mut uncovered = Vec::new();
    // Setting and experience: a published median of the group over the all-groups median of the
    // same source, year, area and basis.
    for (dimension, want, get) in [
        ("setting", cut.setting.as_deref(), (|f: &WageFigure| f.setting.as_str()) as fn(&WageFigure) -> &str),
        ("experience", cut.experience.as_deref(), |f: &WageFigure| f.experience.as_str()),
    ] {
        let Some(want) = want else { continue };
        let mut cover = || {
            if dimension == "setting" {
                covered.setting = Some(want.to_string());
            } else {
                covered.experience = Some(want.to_string());
            }
        };
        if get(base) == want {
            cover();
            continue;
        }
        let pair = in_area
            .iter()
            .filter(|g| get(g) == want && g.median.is_some())
            .filter_map(|g| {
                let all = in_area.iter().find(|a| {
                    get(a) == values::ALL
                        && a.source == g.source
                        && a.year == g.year
                        && a.basis == g.basis
                        && a.setting == if dimension == "setting" { values::ALL } else { &g.setting }
                        && a.experience == if dimension == "experience" { values::ALL } else { &g.experience }
                        && a.certification == g.certification
                        && a.median.is_some()
                })?;
                Some((*g, *all))
            })
            .max_by_key(|(g, _)| (g.year, g.month.unwrap_or(0)));
        match pair {
            Some((g, all)) => {
                let (gm, am) = (g.median.unwrap_or(f64::NAN), all.median.unwrap_or(f64::NAN));
                let f = gm / am;
                let unit = |v: f64| crate::format::money(v, g.is_hourly());
                adjustments.push(Adjustment {
                    dimension: dimension.into(),
                    factor: f,
                    how: format!(
                        "median of {want} {} ÷ median of all {} {}",
                        unit(gm),
                        if dimension == "setting" { "settings" } else { "experience levels" },
                        unit(am)
                    ),
                    source: g.source.clone(),
                    year: Some(g.year),
                });
                phrases.push(if dimension == "setting" {
                    format!("the {want} setting ratio {f:.4}")
                } else {
                    format!("the {want} years experience ratio {f:.4}")
                });
                factor *= f;
                cover();
            }
            None => {
                uncovered.push(if dimension == "setting" {
                    format!("setting {want}")
                } else {
                    format!("{want} years")
                });
                notes.push(format!(
                    "No published {dimension} figure for {want}: the market is not adjusted for {dimension}."
                ));
            }
        }
    }
    if let Some(c) = &cut.certification {
        // Published figures do not distinguish credentials: a credential counts as certified.
        let as_published = match c {
            Certification::NotCertified => Certification::NotCertified,
            _ => Certification::Certified,
        };
        if let Certification::Credential(name) = c {
            notes.push(format!("Published figures do not distinguish credentials: {name} is treated as certified."));
        }
        if base.certification == values::ALL {
            let ratio = ratios.iter().find(|r| {
                r.dimension == "certification" && r.group == values::CERTIFIED && r.reference == values::UNCERTIFIED
            });
            match ratio {
                Some(r) => {
                    let s = ASSUMED_CERTIFIED_SHARE;
                    let mix = 1.0 + (r.ratio - 1.0) * s;
                    let (f, whom) = match c {
                        Certification::NotCertified => (1.0 / mix, "not certified"),
                        _ => (r.ratio / mix, "certified"),
                    };
                    adjustments.push(Adjustment {
                        dimension: "certification".into(),
                        factor: f,
                        how: format!(
                            "{whom}: published ratio certified ÷ uncertified {} applied to a base assumed {:.0}% certified ({} ÷ {})",
                            crate::format::plain(r.ratio),
                            s * 100.0,
                            if matches!(c, Certification::NotCertified) {
                                "1".to_string()
                            } else {
                                crate::format::plain(r.ratio)
                            },
                            crate::format::plain(mix)
                        ),
                        source: r.source.clone(),
                        year: r.year,
                    });
                    phrases.push(format!("the {whom} ratio {f:.4}"));
                    factor *= f;
                    covered.certification = Some(as_published);
                }
                None => {
                    uncovered.push(as_published.describe());
                    notes
                        .push("No published certification ratio: the market is not adjusted for certification.".into());
                }
            }
        } else {
            covered.certification = Some(as_published);
        }
    }
    match &cut.region {
        Some(region) if geography != region => {
            uncovered.push(format!("region {region}"));
            notes.push(format!("No published figures for region {region}: national figures are used."));
        }
        region => covered.region = region.clone(),
    }
    let modeled = !adjustments.is_empty();
    if modeled {
        notes.push(
            "A modeled composite: the base figure's whole distribution is scaled by each factor, assuming the adjustment shifts every percentile alike.".into(),
        );
    }
    let restate = base.factor.unwrap_or(1.0);
    if (restate - 1.0).abs() > 1e-12 {
        adjustments.insert(
            0,
            Adjustment {
                dimension: "conventions".into(),
                factor: restate,
                how: format!(
                    "the {} {} figure restated on the conventions applied (basis, constant dollars, aging; see the conventions)",
                    base.year, base.basis
                ),
                source: base.source.clone(),
                year: Some(base.year),
            },
        );
        factor *= restate;
    }
    let base_percentiles =
        Percentiles { p10: base.p10, p25: base.p25, median: base.median, p75: base.p75, p90: base.p90 };
    let (method, label) = if modeled {
        (label::COMPOSITE, label::composite(base, restate, &phrases, &uncovered))
    } else {
        (label::PUBLISHED, label::published(base, restate, &uncovered))
    };
    Ok(Market {
        method: method.into(),
        label,
        // The cut the figures describe: the parts the base figure matches or a factor adjusts for.
        cut: covered.describe(),
        percentiles: base_percentiles.scaled(factor),
        mean: base.mean.map(|v| v * factor),
        n: None,
        weight: None,
        steps: Vec::new(),
        base: Some(base.clone()),
        adjustments,
        notes,
    })
}

#[cfg(test)]
mod tests;
