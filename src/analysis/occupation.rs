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

/// Resolve `--occupation` (or the default: the one occupation no other code replaced).
pub fn family(dataset: &Dataset, code: Option<&str>) -> Result<Family> {
    let all = Occupation::from_frame(&dataset.table(TableId::Occupations).frame)?;
    let current = match code {
        Some(code) => all.iter().find(|o| o.code == code).cloned().ok_or_else(|| {
            let known: Vec<&str> = all.iter().map(|o| o.code.as_str()).collect();
            WagescopeError::Usage(format!(
                "--occupation {code:?} is not in the dataset{} (known codes: {})",
                did_you_mean(code, known.iter().copied()),
                known.join(", ")
            ))
        })?,
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
                    let codes: Vec<String> = many.iter().map(|o| format!("{} ({})", o.code, o.title)).collect();
                    return Err(WagescopeError::Usage(format!(
                        "the dataset has several occupations; choose one with --occupation: {}",
                        codes.join(", ")
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
