//! Which occupation a command is about, and which older codes count as its history.

use anyhow::Result;
use serde::Serialize;

use super::figures::Occupation;
use crate::data::Dataset;
use crate::data::csvcheck::did_you_mean;
use crate::data::schema::TableId;
use crate::error::WagescopeError;

/// The chosen occupation and the codes it replaced (its history under earlier SOC editions).
#[derive(Debug, Clone, Serialize)]
pub struct Family {
    pub current: Occupation,
    /// Codes this occupation replaced, newest first (e.g. 29-2071 for 29-2072).
    pub predecessors: Vec<Occupation>,
}

impl Family {
    /// Every code of the family, current first.
    pub fn codes(&self) -> Vec<String> {
        std::iter::once(&self.current).chain(&self.predecessors).map(|o| o.code.clone()).collect()
    }
}

/// An occupation by its code, or by a fragment of its title (case-insensitive) that matches one.
fn by_code_or_title(all: &[Occupation], text: &str) -> Result<Occupation> {
    if text.trim().is_empty() {
        return Err(
            WagescopeError::Usage("--occupation is empty: give a SOC code or a fragment of a title".into()).into()
        );
    }
    if let Some(o) = all.iter().find(|o| o.code == text.trim()) {
        return Ok(o.clone());
    }
    let fragment = text.trim().to_lowercase();
    let found: Vec<&Occupation> = all.iter().filter(|o| o.title.to_lowercase().contains(&fragment)).collect();
    // A broad SOC group (code ending in 0) with the same title as one of its detailed occupations
    // (whatever the case: OEWS writes "Medical Records Specialists", the projections "Medical
    // records specialists"), and a code replaced by another match, are not separate answers.
    let broad_of = |code: &str| code.get(..6).map(|prefix| format!("{prefix}0"));
    let matches: Vec<&Occupation> = found
        .iter()
        .copied()
        .filter(|o| {
            let broad_twin = o.code.ends_with('0')
                && found.iter().any(|d| {
                    !d.code.ends_with('0')
                        && broad_of(&d.code).as_deref() == Some(o.code.as_str())
                        && d.title.to_lowercase() == o.title.to_lowercase()
                });
            let replaced = o.successor.as_ref().is_some_and(|s| found.iter().any(|d| &d.code == s));
            !broad_twin && !replaced
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let codes: Vec<&str> = all.iter().map(|o| o.code.as_str()).collect();
            let listed = if all.len() <= 12 {
                format!(
                    " (known: {})",
                    all.iter().map(|o| format!("{} {}", o.code, o.title)).collect::<Vec<_>>().join("; ")
                )
            } else {
                format!(" ({} occupations in the dataset; give a code or a fragment of a title)", all.len())
            };
            Err(WagescopeError::Usage(format!(
                "--occupation {text:?} matches no code or title{}{listed}",
                did_you_mean(text, codes.iter().copied())
            ))
            .into())
        }
        many => {
            let shown: Vec<String> = many.iter().take(20).map(|o| format!("{} {}", o.code, o.title)).collect();
            Err(WagescopeError::Usage(format!(
                "--occupation {text:?} matches {} occupations; give the code of one: {}{}",
                many.len(),
                shown.join("; "),
                if many.len() > 20 { "; …" } else { "" }
            ))
            .into())
        }
    }
}

/// Resolve `--occupation` (or the default: the one occupation no other code replaced).
pub fn family(dataset: &Dataset, code: Option<&str>) -> Result<Family> {
    let all = Occupation::from_frame(&dataset.table(TableId::Occupations).frame)?;
    let current = match code {
        Some(code) => by_code_or_title(&all, code)?,
        None => {
            let heads: Vec<&Occupation> = all.iter().filter(|o| o.successor.is_none()).collect();
            match heads.as_slice() {
                [one] => (*one).clone(),
                [] => {
                    return Err(WagescopeError::Usage(
                        "the dataset lists no occupation; add rows to occupations.csv".into(),
                    )
                    .into());
                }
                many => {
                    let codes: Vec<String> =
                        many.iter().take(12).map(|o| format!("{} ({})", o.code, o.title)).collect();
                    return Err(WagescopeError::Usage(format!(
                        "the dataset has {} occupations; choose one with --occupation CODE or a fragment of its title: {}{}",
                        many.len(),
                        codes.join(", "),
                        if many.len() > 12 { ", …" } else { "" }
                    ))
                    .into());
                }
            }
        }
    };
    Ok(family_of(&all, current))
}

/// The family of `current` among `all`: the codes it replaced, transitively.
pub fn family_of(all: &[Occupation], current: Occupation) -> Family {
    let mut predecessors = Vec::new();
    let mut frontier = vec![current.code.clone()];
    while let Some(code) = frontier.pop() {
        for o in all.iter().filter(|o| o.successor.as_deref() == Some(code.as_str())) {
            if o.code != current.code && !predecessors.iter().any(|p: &Occupation| p.code == o.code) {
                predecessors.push(o.clone());
                frontier.push(o.code.clone());
            }
        }
    }
    Family { current, predecessors }
}

/// Is `code` a SOC code of the form `NN-NNNN`?
pub fn is_soc_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 7 && b[2] == b'-' && b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit())
}

/// The detailed occupations of `all` (see [`super::outlook::similar::is_detailed`]: not the total, a major or
/// minor group, nor a broad group that has detailed members in the data; a broad code with no member,
/// as OEWS publishes 29-2010, is an occupation of its own), and not a code a later one in the data
/// replaced (its figures are the successor's history).
pub fn detailed(all: &[Occupation]) -> Vec<Occupation> {
    let codes: std::collections::BTreeSet<&str> = all.iter().map(|o| o.code.as_str()).collect();
    all.iter()
        .filter(|o| super::outlook::similar::is_detailed(&o.code, &codes))
        .filter(|o| o.successor.as_ref().is_none_or(|s| !codes.contains(s.as_str())))
        .cloned()
        .collect()
}

/// Resolve several `--occupation` values (codes or title fragments): every problem is listed.
pub fn families(dataset: &Dataset, texts: &[String]) -> Result<Vec<Family>> {
    let all = Occupation::from_frame(&dataset.table(TableId::Occupations).frame)?;
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for text in texts {
        match by_code_or_title(&all, text) {
            Ok(o) => {
                if !found.iter().any(|f: &Family| f.current.code == o.code) {
                    found.push(family_of(&all, o));
                }
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    if !problems.is_empty() {
        return Err(WagescopeError::Usage(problems.join("\n")).into());
    }
    Ok(found)
}

/// Every detailed occupation of the dataset (see [`detailed`]), each with its family, by code.
pub fn all_families(dataset: &Dataset) -> Result<Vec<Family>> {
    let all = Occupation::from_frame(&dataset.table(TableId::Occupations).frame)?;
    let mut list = detailed(&all);
    list.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(list.into_iter().map(|o| family_of(&all, o)).collect())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An occupation with a placeholder title, for tests.
    pub(crate) fn occupation(code: &str, successor: Option<&str>) -> Occupation {
        Occupation {
            code: code.into(),
            soc_version: "2018".into(),
            title: format!("title {code}"),
            aliases: Vec::new(),
            successor: successor.map(String::from),
            source: "s".into(),
            notes: None,
        }
    }

    #[test]
    fn detailed_occupations_leave_out_groups_and_replaced_codes() {
        let all: Vec<Occupation> = [
            ("00-0000", None),
            ("29-0000", None),
            ("29-2000", None),
            ("29-2010", None), // broad, with members 29-2011 and 29-2012
            ("29-2011", None),
            ("29-2012", None),
            ("29-2040", None), // broad, no member in the data: an occupation of its own
            ("29-2071", Some("29-2072")),
            ("29-2072", None),
            ("29-9098", Some("29-9999")), // its successor is not in the data: kept
            ("15-1200", None),            // a minor group ending in 00
            ("15-1211", None),
            ("bad", None),
        ]
        .iter()
        .map(|(c, s)| occupation(c, *s))
        .collect();
        let codes: Vec<String> = detailed(&all).into_iter().map(|o| o.code).collect();
        assert_eq!(codes, ["29-2011", "29-2012", "29-2040", "29-2072", "29-9098", "15-1211"]);
        assert!(is_soc_code("29-2072") && !is_soc_code("29-207") && !is_soc_code("29_2072") && !is_soc_code("2a-2072"));
    }

    /// OEWS's broad group 29-2070 and the projections' 29-2072 differ only in case: one answer.
    /// A broad group of another family with the same title is still a second answer.
    #[test]
    fn a_broad_twin_is_matched_whatever_the_case() {
        let titled = |code: &str, title: &str| Occupation { title: title.into(), ..occupation(code, None) };
        let all = [titled("29-2070", "Medical Records Specialists"), titled("29-2072", "Medical records specialists")];
        assert_eq!(by_code_or_title(&all, "medical records").unwrap().code, "29-2072");
        let other =
            [titled("29-2072", "Medical records specialists"), titled("31-9090", "Medical records specialists")];
        assert!(by_code_or_title(&other, "medical records").is_err());
    }
}
