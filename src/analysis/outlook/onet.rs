//! What an occupation is, from O*NET (DOMAIN.md §8): its description, task statements, technology
//! skills, tools and job zone, for the SOC occupation a report is about. The SOC code's own O*NET
//! occupation is `CODE.00`; O*NET may also describe more specific occupations inside it
//! (`15-1299.03` in `15-1299`), which are named. A list O*NET has no rows for is "not collected",
//! never empty figures.

use serde::Serialize;

use crate::analysis::figures::SourceInfo;
use crate::import::onet::{Example, JobZone, Onet, OnetOccupation, Task};

/// Whether O*NET has rows of a kind for the occupation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Collected {
    /// O*NET lists rows.
    Listed,
    /// The file is in the folder but has no row for the occupation: "not collected by O*NET".
    NotCollected,
    /// The folder does not have the file.
    NotInFolder,
}

/// A list from one O*NET file and whether O*NET collected it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed<T> {
    pub status: Collected,
    /// The file's name in the release ("Task Statements").
    pub file: String,
    pub items: Vec<T>,
}

impl<T: Clone> Listed<T> {
    fn of(onet: &Onet, file: &str, items: &[T]) -> Listed<T> {
        let status = if !onet.has(file) {
            Collected::NotInFolder
        } else if items.is_empty() {
            Collected::NotCollected
        } else {
            Collected::Listed
        };
        Listed { status, file: file.to_string(), items: items.to_vec() }
    }
}

/// The O*NET profile of one SOC occupation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnetProfile {
    /// The source id of the O*NET database in the report's sources.
    pub source: String,
    /// "O*NET 29.3 Database".
    pub database: String,
    pub code: String,
    pub title: String,
    pub description: String,
    /// Core tasks first, then supplemental ones, then those O*NET does not type; each in
    /// O*NET's order.
    pub tasks: Listed<Task>,
    pub technology: Listed<Example>,
    pub tools: Listed<Example>,
    pub job_zone: Option<JobZone>,
    /// Job Zones is in the folder but has no zone for the occupation.
    pub job_zone_status: Collected,
    /// More specific O*NET occupations within the SOC code: (O*NET-SOC code, title).
    pub more_specific: Vec<(String, String)>,
}

/// The source row of the O*NET database: its attribution (CC BY 4.0) and what wagescope changed.
pub fn source(onet: &Onet) -> SourceInfo {
    let version = onet.version.clone().unwrap_or_else(|| "(release not stated in the folder)".to_string());
    SourceInfo {
        number: 0,
        id: source_id(onet),
        title: onet.name(),
        publisher: "U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)".into(),
        kind: "agency".into(),
        published: None,
        data_date: onet.release_date.clone().unwrap_or_else(|| "release date not stated".to_string()),
        citation: format!(
            "This report includes information from the O*NET {version} Database by the U.S. Department of Labor, \
             Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license \
             (creativecommons.org/licenses/by/4.0). O*NET® is a trademark of USDOL/ETA"
        ),
        notes: Some(format!(
            "Read from {} ({}). Changed by wagescope: an occupation's rows selected, tasks ordered core first, \
             technology grouped by commodity, O*NET-SOC codes mapped to SOC codes (15-1299.03 to 15-1299) to set the \
             related occupations beside wage and projection figures; nothing reworded.{}",
            onet.dir,
            onet.files.iter().map(|f| file_name(f)).collect::<Vec<_>>().join(", "),
            if onet.job_zone_source.starts_with("datasets/") {
                " Job zone meanings from the O*NET 27.0 Job Zone Reference shipped with wagescope (the folder has none)."
            } else {
                ""
            }
        )),
    }
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path).file_name().map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// `onet-29.3`.
pub fn source_id(onet: &Onet) -> String {
    match &onet.version {
        Some(v) => format!("onet-{v}"),
        None => "onet".to_string(),
    }
}

/// The O*NET occupation that stands for SOC `soc`: `soc.00`, else the only one inside it.
pub fn occupation_of<'a>(onet: &'a Onet, soc: &str) -> Option<&'a OnetOccupation> {
    let all = onet.of_soc(soc);
    all.iter().find(|o| o.code.ends_with(".00")).copied().or_else(|| (all.len() == 1).then(|| all[0]))
}

/// The profile of SOC `soc`, or `None` when O*NET has no occupation for it.
pub fn profile(onet: &Onet, soc: &str) -> Option<OnetProfile> {
    let o = occupation_of(onet, soc)?;
    let rank = |t: &Task| match t.kind.as_deref() {
        Some("Core") => 0,
        Some("Supplemental") => 1,
        _ => 2,
    };
    let mut tasks = o.tasks.clone();
    tasks.sort_by_key(rank);
    let job_zone = o.job_zone.and_then(|z| onet.job_zones.iter().find(|j| j.zone == z).cloned());
    let job_zone_status = match (onet.has("Job Zones"), o.job_zone) {
        (false, _) => Collected::NotInFolder,
        (true, None) => Collected::NotCollected,
        (true, Some(_)) => Collected::Listed,
    };
    Some(OnetProfile {
        source: source_id(onet),
        database: onet.name(),
        code: o.code.clone(),
        title: o.title.clone(),
        description: o.description.clone(),
        tasks: Listed::of(onet, "Task Statements", &tasks),
        technology: Listed::of(onet, "Technology Skills", &o.technology),
        tools: Listed::of(onet, "Tools Used", &o.tools),
        job_zone,
        job_zone_status,
        more_specific: onet
            .of_soc(soc)
            .into_iter()
            .filter(|m| m.code != o.code)
            .map(|m| (m.code.clone(), m.title.clone()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::onet::Onet;

    fn occupation(code: &str, tasks: &[(&str, Option<&str>)]) -> OnetOccupation {
        OnetOccupation {
            code: code.into(),
            title: format!("title {code}"),
            tasks: tasks.iter().map(|(t, k)| Task { text: (*t).into(), kind: k.map(str::to_string) }).collect(),
            ..OnetOccupation::default()
        }
    }

    #[test]
    fn the_soc_code_s_own_occupation_core_tasks_first_and_not_collected() {
        let mut onet = Onet { absent: vec!["Tools Used"], ..Onet::default() };
        for o in [
            occupation("15-1299.00", &[]),
            occupation("15-1299.03", &[("a", None), ("b", Some("Supplemental")), ("c", Some("Core"))]),
            occupation("29-2072.00", &[]),
        ] {
            onet.occupations.insert(o.code.clone(), o);
        }
        let p = profile(&onet, "15-1299").expect("15-1299.00");
        assert_eq!(p.code, "15-1299.00");
        assert_eq!(p.more_specific, [("15-1299.03".to_string(), "title 15-1299.03".to_string())]);
        assert_eq!(p.tasks.status, Collected::NotCollected, "no rows: not collected, never zero");
        assert_eq!(p.tools.status, Collected::NotInFolder);
        assert_eq!(p.job_zone_status, Collected::NotCollected);
        onet.occupations.remove("15-1299.00");
        let p = profile(&onet, "15-1299").expect("the only one inside");
        let order: Vec<&str> = p.tasks.items.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(order, ["c", "b", "a"], "core, supplemental, untyped");
        assert!(profile(&onet, "11-1011").is_none());
    }
}
