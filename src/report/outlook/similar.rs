//! "Similar occupations": the nearest detailed occupations in the SOC hierarchy (see
//! [`crate::analysis::outlook::similar`]) with their newest national median, jobs and projected growth, as a
//! table and a bar chart of medians with the occupation itself highlighted. A row whose code is in
//! `linked` (the reports of a batch) links to `{code}.html`, the name a batch gives each report.

use anyhow::Result;
use serde::Serialize;

use super::facts::period;
use super::{RenderedChart, year_text};
use crate::analysis::outlook::compare::TableDate;
use crate::analysis::outlook::similar::{Similar, SimilarBasis, SimilarOccupation, Tier};
use crate::charts::{Bar, ChartKind, ChartSpec, render_svg};
use crate::format::{money, published_percent, thousands};
use crate::report::{Ref, Refs};

#[derive(Debug, Serialize)]
pub struct SimilarRow {
    /// The SOC code of the figures.
    pub code: String,
    pub title: String,
    /// "same broad group" or "same minor group"; for O*NET's list, its tier ("Primary-Short").
    pub tier: String,
    /// O*NET's code of a related occupation (`15-1299.03`), else empty.
    pub onet_code: String,
    /// "figures of SOC 15-1299 (Computer Occupations, All Other), which includes it" when the
    /// figures are of a broader occupation; "no figures for SOC 29-1214 in these data" when there
    /// are none; else empty.
    pub figures_note: String,
    /// Typical education needed for entry (Employment Projections).
    pub education: String,
    pub annual_median: String,
    pub employment: String,
    pub growth: String,
    /// The projection's period ("2023–33").
    pub growth_period: String,
    /// `{code}.html` when the reports are written as a batch, else empty.
    pub href: Option<String>,
    /// The median's and jobs' source, then the projection's.
    pub refs: Vec<Ref>,
}

/// One tier of O*NET's list (or the one group of SOC siblings).
#[derive(Debug, Serialize)]
pub struct SimilarGroup {
    /// "Most similar (O*NET ranks 1–5)".
    pub label: String,
    pub rows: Vec<SimilarRow>,
}

#[derive(Debug, Serialize)]
pub struct SimilarSection {
    /// `onet` or `soc`: which list this is.
    pub kind: String,
    /// How the list was drawn, in a sentence.
    pub caption: String,
    /// The caption's source (the O*NET database).
    pub caption_refs: Vec<Ref>,
    /// O*NET's list by tier: the primary tiers shown, the supplemental one behind "show all".
    pub groups: Vec<SimilarGroup>,
    /// The national table's data date ("2023-05"), empty without one.
    pub date: String,
    pub chart: Option<RenderedChart>,
}

fn named(code: &str, title: Option<&String>) -> String {
    title.map_or_else(|| code.to_string(), |t| format!("{code} ({t})"))
}

fn median(o: &SimilarOccupation) -> Option<f64> {
    o.wages.annual.as_ref().and_then(|f| f.median)
}

fn row(o: &SimilarOccupation, national: Option<&TableDate>, refs: &Refs, linked: &[String]) -> SimilarRow {
    let mut row_refs = Vec::new();
    let date = national.map(|n| year_text(n.year, n.month)).unwrap_or_default();
    if let Some(n) = national
        && (o.wages.annual.is_some() || o.wages.hourly.is_some())
    {
        row_refs.push(refs.get(&n.source, &date));
    }
    let projection = o.projection.as_ref();
    if let Some(p) = projection {
        row_refs.push(refs.get(&p.source, &format!("{}–{}", p.base_year, p.target_year)));
    }
    let top_coded = o.wages.annual.as_ref().is_some_and(|f| {
        f.median.is_none() && f.notes.as_deref().is_some_and(|n| n.contains("top-coded") && n.contains("median"))
    });
    let has_figures = o.wages.annual.is_some() || o.wages.hourly.is_some() || projection.is_some();
    let figures_note = match (&o.soc_title, has_figures) {
        (_, false) if o.onet_code.is_some() => format!("no figures for SOC {} in these data", o.code),
        (Some(t), true) if !t.is_empty() => format!("figures of SOC {} ({t}), which includes it", o.code),
        (Some(_), true) => format!("figures of SOC {}, which includes it", o.code),
        _ => String::new(),
    };
    SimilarRow {
        code: o.code.clone(),
        title: o.title.clone(),
        tier: match o.tier {
            Tier::BroadGroup => "same broad group",
            Tier::MinorGroup => "same minor group",
            Tier::PrimaryShort => "Primary-Short",
            Tier::PrimaryLong => "Primary-Long",
            Tier::Supplemental => "Supplemental",
        }
        .to_string(),
        onet_code: o.onet_code.clone().unwrap_or_default(),
        figures_note,
        education: o.education.clone().unwrap_or_default(),
        annual_median: match median(o) {
            Some(v) => money(v, false),
            None if top_coded => "top-coded (#)".to_string(),
            None => String::new(),
        },
        employment: o.wages.employment().map(|e| thousands(e, 0)).unwrap_or_default(),
        growth: projection.and_then(|p| p.percent_change).map(published_percent).unwrap_or_default(),
        growth_period: projection.map(|p| period(p.base_year, p.target_year)).unwrap_or_default(),
        href: linked.contains(&o.code).then(|| format!("{}.html", o.code)),
        refs: row_refs,
    }
}

/// The section, or `None` without similar occupations. Rows whose code is in `linked` link to
/// `{code}.html`.
pub fn section(similar: Option<&Similar>, refs: &Refs, linked: &[String]) -> Result<Option<SimilarSection>> {
    let Some(s) = similar else { return Ok(None) };
    let national = s.national.as_ref();
    let rows: Vec<SimilarRow> = s.rows.iter().map(|o| row(o, national, refs, linked)).collect();
    let date = national.map(|n| year_text(n.year, n.month)).unwrap_or_default();
    let mut caption_refs = Vec::new();
    let (kind, caption, groups) = match &s.basis {
        SimilarBasis::Onet { code, database, source } => {
            let caption = format!(
                "The related occupations the {database} gives for {code} ({}), in its order and tiers. O*NET ranks \
                 occupations by what their workers do and need to know; each row's pay, jobs, growth and education \
                 are those of its SOC occupation in these data, and a row says so when that is a broader occupation \
                 or has no figures.",
                s.occupation.title,
            );
            caption_refs.push(refs.get(source, ""));
            let tiers = [
                (Tier::PrimaryShort, "Most similar (O*NET ranks 1–5, Primary-Short)"),
                (Tier::PrimaryLong, "Also similar (ranks 6–10, Primary-Long)"),
                (Tier::Supplemental, "Further related (ranks 11–20, Supplemental)"),
            ];
            let mut groups = Vec::new();
            let mut rows = rows.into_iter().zip(s.rows.iter().map(|o| o.tier)).collect::<Vec<_>>();
            for (tier, label) in tiers {
                let (these, rest): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, t)| *t == tier);
                rows = rest;
                if !these.is_empty() {
                    groups.push(SimilarGroup {
                        label: label.to_string(),
                        rows: these.into_iter().map(|(r, _)| r).collect(),
                    });
                }
            }
            ("onet", caption, groups)
        }
        SimilarBasis::SocGroups => {
            let shown = if s.found > s.rows.len() {
                format!("the first {} of {} in code order", s.rows.len(), s.found)
            } else {
                format!("{} in code order", s.found)
            };
            let caption = format!(
                "Other detailed occupations of broad group {} first, then of minor group {}; {shown}. These are \
                 the occupation's neighbours in the SOC classification, not a judgement of similar work: with O*NET \
                 files (--onet DIR), O*NET's related occupations are listed instead.",
                named(&s.broad_group, s.broad_group_title.as_ref()),
                named(&s.minor_group, s.minor_group_title.as_ref()),
            );
            ("soc", caption, vec![SimilarGroup { label: String::new(), rows }])
        }
    };
    Ok(Some(SimilarSection {
        kind: kind.to_string(),
        caption,
        caption_refs,
        chart: chart(s, national, refs, &date)?,
        date,
        groups,
    }))
}

/// Bars of annual medians, highest first, the occupation itself in colour and the others grey.
fn chart(s: &Similar, national: Option<&TableDate>, refs: &Refs, date: &str) -> Result<Option<RenderedChart>> {
    let Some(n) = national else { return Ok(None) };
    let this = |o: &SimilarOccupation| o.code == s.occupation.code;
    // O*NET's list: its primary tiers (ranks 1–10), each SOC occupation once, named by the
    // occupation whose figures the bar shows (a broader SOC occupation by its own title).
    let drawn: Vec<&SimilarOccupation> = s.rows.iter().filter(|o| !matches!(o.tier, Tier::Supplemental)).fold(
        Vec::new(),
        |mut kept: Vec<&SimilarOccupation>, o| {
            if !kept.iter().any(|k| k.code == o.code) && o.code != s.occupation.code {
                kept.push(o);
            }
            kept
        },
    );
    let mut bars: Vec<(f64, Bar)> = std::iter::once(&s.occupation)
        .chain(drawn.iter().copied())
        .filter_map(|o| {
            let value = median(o)?;
            let label = match &o.soc_title {
                Some(t) if !t.is_empty() => t.clone(),
                _ => o.title.clone(),
            };
            // The axis keeps the title whole; colour and the description say which is this one.
            Some((value, Bar { label, value, value_text: money(value, false), reference: !this(o) }))
        })
        .collect();
    if bars.len() < 2 {
        return Ok(None);
    }
    bars.sort_by(|a, b| b.0.total_cmp(&a.0));
    let bars: Vec<Bar> = bars.into_iter().map(|(_, b)| b).collect();
    let missing = drawn.len() + 1 - bars.len();
    let listed: Vec<String> = bars
        .iter()
        .map(|b| format!("{}{} {}", b.label, if b.reference { "" } else { " (this occupation)" }, b.value_text))
        .collect();
    let spec = ChartSpec {
        id: "similar".into(),
        title: format!("Median annual pay, {date}: {} and similar occupations", s.occupation.title),
        description: format!(
            "Bar chart of median annual pay in {date}, highest first: {}.{} Source: [{}] {}.",
            listed.join("; "),
            if missing > 0 { format!(" {missing} without an annual median are not drawn.") } else { String::new() },
            refs.get(&n.source, "").n,
            n.source
        ),
        kind: ChartKind::Bars { value_axis: "Median annual pay (US$ per year)".into(), bars },
    };
    let svg = render_svg(&spec)?;
    Ok(Some(RenderedChart { spec, svg }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::outlook::compare::CodeWages;

    fn occupation(code: &str, tier: Tier) -> SimilarOccupation {
        SimilarOccupation {
            code: code.into(),
            title: format!("title {code}"),
            tier,
            wages: CodeWages::default(),
            projection: None,
            onet_code: None,
            soc_title: None,
            education: None,
        }
    }

    fn similar() -> Similar {
        Similar {
            basis: crate::analysis::outlook::similar::SimilarBasis::SocGroups,
            national: None,
            occupation: occupation("29-2072", Tier::BroadGroup),
            broad_group: "29-2070".into(),
            broad_group_title: None,
            minor_group: "29-2000".into(),
            minor_group_title: Some("Health Technologists and Technicians".into()),
            found: 2,
            rows: vec![occupation("29-2079", Tier::BroadGroup), occupation("29-2061", Tier::MinorGroup)],
        }
    }

    #[test]
    fn rows_link_to_code_html_only_in_a_batch() {
        let refs = Refs::new(&[]);
        // A batch of 29-2072 and 29-2061: only the report written is linked.
        let batch = section(Some(&similar()), &refs, &["29-2072".into(), "29-2061".into()]).unwrap().unwrap();
        let hrefs: Vec<Option<&str>> = batch.groups[0].rows.iter().map(|r| r.href.as_deref()).collect();
        assert_eq!(hrefs, [None, Some("29-2061.html")]);
        let single = section(Some(&similar()), &refs, &[]).unwrap().unwrap();
        assert!(single.groups[0].rows.iter().all(|r| r.href.is_none()));
        assert_eq!(
            single.caption,
            "Other detailed occupations of broad group 29-2070 first, then of minor group 29-2000 (Health \
             Technologists and Technicians); 2 in code order. These are the occupation's neighbours in the SOC \
             classification, not a judgement of similar work: with O*NET files (--onet DIR), O*NET's related \
             occupations are listed instead."
        );
        assert!(single.chart.is_none(), "no national table, no medians to draw");
        assert!(section(None, &refs, &[]).unwrap().is_none());
    }
}
