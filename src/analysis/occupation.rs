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
    // A broad SOC group (code ending in 0) with the same title as a detailed occupation, and a code
    // replaced by another match, are not separate answers.
    let matches: Vec<&Occupation> = found
        .iter()
        .copied()
        .filter(|o| {
            let broad_twin =
                o.code.ends_with('0') && found.iter().any(|d| !d.code.ends_with('0') && d.title == o.title);
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
    Ok(Family { current, predecessors })
}
