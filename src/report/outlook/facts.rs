//! Quick facts from the projections: the newest vintage's outlook (percent, the agency's wording
//! when the data have it, the comparison with all occupations), its numeric change and openings a
//! year, and the entry requirements the Employment Projections program assigns (education, work
//! experience in a related occupation, on-the-job training), each footnoted to its source.

use super::{Fact, Part};
use crate::analysis::figures::EducationFigure;
use crate::analysis::outlook::Outlook;
use crate::analysis::projection::Vintage;
use crate::format::{published_percent, signed_percent, thousands};
use crate::report::Refs;

pub use crate::analysis::figures::{ASSIGNMENTS, assignment};

/// "2023–33" (the agency's style), or "1998–2008" across a century.
pub fn period(base: i64, target: i64) -> String {
    if base / 100 == target / 100 { format!("{base}–{:02}", target % 100) } else { format!("{base}–{target}") }
}

fn full_period(v: &Vintage) -> String {
    format!("{}–{}", v.figure.base_year, v.figure.target_year)
}

/// Job outlook, employment change and openings a year of the newest projection.
pub fn outlook_facts(o: &Outlook, refs: &Refs) -> Vec<Fact> {
    let Some(v) = o.vintages.last() else { return Vec::new() };
    let p = &v.figure;
    let span = period(p.base_year, p.target_year);
    let fact = |label: String, text: String| Fact {
        label,
        parts: vec![Part { text, refs: vec![refs.get(&p.source, &full_period(v))] }],
        note: None,
    };
    // "+7.1% (2024–34) · much faster than the average for all occupations · all occupations
    // +3.1%", each part footnoted to its own source.
    let mut parts = vec![Part {
        text: format!(
            "{} ({span})",
            p.percent_change.map_or_else(|| "change not stated in percent".to_string(), published_percent)
        ),
        refs: vec![refs.get(&p.source, &full_period(v))],
    }];
    let percent = p.percent_change.or(v.scenarios.base_percent);
    if let (Some(phrase), Some(source)) = (&v.phrase, &v.phrase_source) {
        parts.push(Part { text: phrase.clone(), refs: vec![refs.get(source, "")] });
    }
    if let Some(all) = v.all_occupations_percent {
        let source = v.all_occupations_source.as_deref().unwrap_or(&p.source);
        let text = match (&v.phrase, percent) {
            (None, Some(pc)) if pc > all => format!("above the {} for all occupations", signed_percent(all, 1)),
            (None, Some(pc)) if pc < all => format!("below the {} for all occupations", signed_percent(all, 1)),
            _ => format!("all occupations {}", signed_percent(all, 1)),
        };
        parts.push(Part { text, refs: vec![refs.get(source, &full_period(v))] });
    }
    let note = (v.phrase.is_none() && percent.is_some()).then(|| format!("{}.", super::capitalise(&v.phrase_note)));
    let mut facts = vec![Fact { label: "Job outlook".into(), parts, note }];

    if let Some(change) = p.change {
        let sign = if change > 0.0 { "+" } else { "" };
        facts.push(fact(format!("Employment change, {span}"), format!("{sign}{} jobs", thousands(change, 0))));
    }
    if let Some(openings) = v.openings.per_year {
        let how = if v.openings.basis.starts_with("growth only") {
            " from growth alone (the data have no separation rates, so the true number is larger)".to_string()
        } else {
            format!(" ({})", v.openings.basis)
        };
        facts.push(fact(format!("Openings a year, {span}"), format!("{}{how}", thousands(openings, 0))));
    }
    facts
}

/// The routes of the newest projection source that has any (each assignment once).
pub fn newest_assignments(o: &Outlook) -> Vec<(&'static str, &str, &EducationFigure)> {
    let base_year = |source: &str| {
        o.vintages.iter().filter(|v| v.figure.source == source).map(|v| v.figure.base_year).max().unwrap_or(i64::MIN)
    };
    let newest = o.education.iter().filter(|e| assignment(&e.path).is_some()).max_by_key(|e| base_year(&e.source));
    let Some(newest) = newest else { return Vec::new() };
    let mut out: Vec<(&'static str, &str, &EducationFigure)> = Vec::new();
    for e in o.education.iter().filter(|e| e.source == newest.source) {
        if let Some((label, value)) = assignment(&e.path)
            && !out.iter().any(|(l, _, _)| *l == label)
        {
            out.push((label, value, e));
        }
    }
    out.sort_by_key(|(label, _, _)| ASSIGNMENTS.iter().position(|(l, _)| l == label));
    out
}

/// Typical entry-level education, work experience and on-the-job training.
pub fn requirement_facts(o: &Outlook, refs: &Refs) -> Vec<Fact> {
    newest_assignments(o)
        .into_iter()
        .map(|(label, value, e)| Fact {
            label: label.to_string(),
            parts: vec![Part { text: value.to_string(), refs: vec![refs.get(&e.source, "")] }],
            note: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_assignments() {
        assert_eq!(period(2023, 2033), "2023–33");
        assert_eq!(period(1998, 2008), "1998–2008");
        assert_eq!(
            assignment("typical education needed for entry: Postsecondary nondegree award"),
            Some(("Typical entry-level education", "Postsecondary nondegree award"))
        );
        assert_eq!(assignment("certificate"), None);
        assert_eq!(assignment("note: something"), None);
    }
}
