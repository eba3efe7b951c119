//! "How to become one": the education, work experience and on-the-job training the Employment
//! Projections program assigns (newest vintage), the routes documents describe with their
//! durations, credentials, and the settings sources name. Shown only when one of them has data.

use serde::Serialize;

use super::duration;
use super::facts::{assignment, newest_assignments};
use crate::analysis::outlook::Outlook;
use crate::format::plain;
use crate::report::{Ref, Refs};

#[derive(Debug, Serialize)]
pub struct EntryRow {
    pub name: String,
    pub detail: String,
    pub note: String,
    pub refs: Vec<Ref>,
}

/// One line of "what it takes": the Employment Projections' assignment beside what the O*NET job
/// zone says.
#[derive(Debug, Serialize)]
pub struct CompareRow {
    /// "Education", "Work experience", "On-the-job training".
    pub label: String,
    /// The Employment Projections' typical requirement, or empty.
    pub assigned: String,
    pub assigned_refs: Vec<Ref>,
    /// The job zone's description, or empty.
    pub zone: String,
}

/// The O*NET job zone of the occupation beside the agency's requirements.
#[derive(Debug, Serialize)]
pub struct JobZoneSection {
    /// "Job Zone Three: Medium Preparation Needed".
    pub name: String,
    pub zone: u8,
    pub refs: Vec<Ref>,
    pub rows: Vec<CompareRow>,
}

#[derive(Debug, Serialize)]
pub struct EntrySection {
    /// The O*NET job zone beside the agency's requirements (`--onet`).
    pub job_zone: Option<JobZoneSection>,
    /// Why there is no job zone when O*NET files were given ("not collected by O*NET …").
    pub job_zone_note: String,
    /// The agency's assignments: `name` what (typical entry-level education …), `detail` the value.
    pub requirements: Vec<EntryRow>,
    /// Other routes (programmes, degrees), `detail` their duration.
    pub education: Vec<EntryRow>,
    pub credentials: Vec<EntryRow>,
    pub settings: Vec<EntryRow>,
}

impl EntrySection {
    pub fn is_shown(&self) -> bool {
        self.job_zone.is_some()
            || !self.requirements.is_empty()
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
    let (job_zone, job_zone_note) = job_zone(o, refs);
    EntrySection { job_zone, job_zone_note, requirements, education, credentials, settings }
}

/// The job zone beside the agency's education, experience and training (each row its own source).
fn job_zone(o: &Outlook, refs: &Refs) -> (Option<JobZoneSection>, String) {
    use crate::analysis::outlook::onet::Collected;
    let Some(p) = &o.onet else { return (None, String::new()) };
    let Some(zone) = &p.job_zone else {
        let note = match p.job_zone_status {
            Collected::NotInFolder => "Job Zones is not in the O*NET folder given".to_string(),
            _ => format!("O*NET gives no job zone for {} (not collected by O*NET)", p.code),
        };
        return (None, note);
    };
    let assigned = newest_assignments(o);
    let of = |label: &str| assigned.iter().find(|(l, _, _)| *l == label);
    let rows = [
        ("Education", "Typical entry-level education", zone.education.as_str()),
        ("Work experience", "Work experience in a related occupation", zone.experience.as_str()),
        ("Training", "On-the-job training", zone.training.as_str()),
    ]
    .into_iter()
    .map(|(label, assignment, text)| CompareRow {
        label: label.to_string(),
        assigned: of(assignment).map(|(_, v, _)| v.to_string()).unwrap_or_default(),
        assigned_refs: of(assignment).map(|(_, _, e)| vec![refs.get(&e.source, "")]).unwrap_or_default(),
        zone: text.to_string(),
    })
    .collect();
    (
        Some(JobZoneSection { name: zone.name.clone(), zone: zone.zone, refs: vec![refs.get(&p.source, "")], rows }),
        String::new(),
    )
}
