//! "How to become one": the education, work experience and on-the-job training the Employment
//! Projections program assigns (newest vintage), the routes documents describe with their
//! durations, credentials, and the settings sources name. Shown only when one of them has data.

use serde::Serialize;

use super::outlook::duration;
use super::outlook_facts::{assignment, newest_assignments};
use super::{Ref, Refs};
use crate::analysis::outlook::Outlook;
use crate::format::plain;

#[derive(Debug, Serialize)]
pub struct EntryRow {
    pub name: String,
    pub detail: String,
    pub note: String,
    pub refs: Vec<Ref>,
}

#[derive(Debug, Serialize)]
pub struct EntrySection {
    /// The agency's assignments: `name` what (typical entry-level education …), `detail` the value.
    pub requirements: Vec<EntryRow>,
    /// Other routes (programmes, degrees), `detail` their duration.
    pub education: Vec<EntryRow>,
    pub credentials: Vec<EntryRow>,
    pub settings: Vec<EntryRow>,
}

impl EntrySection {
    pub fn is_shown(&self) -> bool {
        !self.requirements.is_empty()
            || !self.education.is_empty()
            || !self.credentials.is_empty()
            || !self.settings.is_empty()
    }
}

pub fn entry(o: &Outlook, refs: &Refs) -> EntrySection {
    let requirements = newest_assignments(o)
        .into_iter()
        .map(|(label, value, e)| EntryRow {
            name: label.to_string(),
            detail: value.to_string(),
            note: e.notes.clone().unwrap_or_default(),
            refs: vec![refs.get(&e.source, "")],
        })
        .collect();
    let education = o
        .education
        .iter()
        .filter(|e| assignment(&e.path).is_none())
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
    EntrySection { requirements, education, credentials, settings }
}
