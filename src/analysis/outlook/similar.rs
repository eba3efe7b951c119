//! Similar occupations: the nearest detailed occupations in the SOC hierarchy. First the other
//! members of the occupation's broad group (codes sharing `XX-XXX`), then the rest of its minor
//! group (`XX-X` for most, `XX-XX` for the three SOC 2018 minor groups coded `XX-XX00`), each tier
//! in code order, at most [`MAX_SIMILAR`].
//!
//! Detailed means: a code ending in 1–9, or a code ending in a single 0 that has no member in the
//! data (OEWS publishes a few broad groups as detailed occupations, e.g. 29-2010 Clinical
//! Laboratory Technologists and Technicians). Group rows (`…00`), the occupation itself and codes
//! a later SOC edition replaced are never listed. With a national wage table the candidates are
//! the occupations it lists (the newest national survey, so no retired code); without one, the
//! dataset's occupations.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::compare::{CodeWages, NationalWages, TableDate};
use crate::analysis::figures::{EducationFigure, Occupation, ProjectionFigure};
use crate::import::onet::{Onet, OnetOccupation};

/// The longest list shown.
pub const MAX_SIMILAR: usize = 12;

/// SOC 2018 minor groups whose members share five characters (`15-12xx` computer occupations,
/// `31-11xx` home health aides and nursing assistants, `51-51xx` printing workers); every other
/// minor group is `XX-X000` and its members share four.
const FIVE_CHARACTER_MINOR_GROUPS: [&str; 3] = ["15-1200", "31-1100", "51-5100"];

/// How close a similar occupation is: O*NET's relatedness tiers, or the SOC group it shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// O*NET's ranks 1–5.
    PrimaryShort,
    /// O*NET's ranks 6–10.
    PrimaryLong,
    /// O*NET's ranks 11–20.
    Supplemental,
    BroadGroup,
    MinorGroup,
}

/// Where the list comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SimilarBasis {
    /// O*NET's related occupations of `code` (an O*NET-SOC code), in O*NET's order.
    Onet { code: String, database: String, source: String },
    /// The occupation's SOC siblings (no O*NET files given).
    SocGroups,
}

/// One similar occupation with its newest national figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarOccupation {
    pub code: String,
    pub title: String,
    pub tier: Tier,
    /// From the national wage table (empty without one, or when it lacks the code).
    pub wages: CodeWages,
    /// The newest projection of the code.
    pub projection: Option<ProjectionFigure>,
    /// For O*NET's related occupations: the O*NET-SOC code (`15-1299.03`); the figures are of
    /// `code`, its SOC occupation.
    pub onet_code: Option<String>,
    /// The SOC occupation's title when the figures are of a broader occupation than the O*NET one
    /// (15-1299 "Computer Occupations, All Other" for Document Management Specialists).
    pub soc_title: Option<String>,
    /// The typical education needed for entry (Employment Projections), when the data have it.
    pub education: Option<String>,
}

/// The list and what it was drawn from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similar {
    pub basis: SimilarBasis,
    /// The national wage table the figures come from, when there is one.
    pub national: Option<TableDate>,
    /// The occupation itself with the same figures (the chart highlights it).
    pub occupation: SimilarOccupation,
    pub broad_group: String,
    pub broad_group_title: Option<String>,
    pub minor_group: String,
    pub minor_group_title: Option<String>,
    /// Candidates found before the cap.
    pub found: usize,
    pub rows: Vec<SimilarOccupation>,
}

/// Is `code` a detailed occupation among `codes` (see the module docs)?
pub fn is_detailed(code: &str, codes: &BTreeSet<&str>) -> bool {
    if !crate::analysis::occupation::is_soc_code(code) || code.ends_with("00") {
        return false;
    }
    // The codes sharing its broad group's prefix sit together in the ordered set: a range, not a
    // scan of every code (this runs for every code of every report in a batch).
    let prefix = &code[..6];
    !code.ends_with('0')
        || !codes.range::<&str, _>(prefix..).take_while(|other| other.starts_with(prefix)).any(|other| *other != code)
}

/// The minor group of a SOC code and the prefix its members share: `29-2072` → (`29-2000`, `29-2`).
pub fn minor_group(code: &str) -> (String, String) {
    let five = format!("{}00", &code[..5]);
    if FIVE_CHARACTER_MINOR_GROUPS.contains(&five.as_str()) {
        (five, code[..5].to_string())
    } else {
        (format!("{}000", &code[..4]), code[..4].to_string())
    }
}

/// The newest national figures and projection of SOC code `code`, as a row of the list.
fn figures_of(
    code: &str,
    tier: Tier,
    occupations: &[Occupation],
    national: Option<&NationalWages>,
    projections: &[ProjectionFigure],
) -> SimilarOccupation {
    SimilarOccupation {
        code: code.to_string(),
        title: occupations.iter().find(|o| o.code == code).map(|o| o.title.clone()).unwrap_or_default(),
        tier,
        wages: national.and_then(|n| n.by_code.get(code)).cloned().unwrap_or_default(),
        projection: projections
            .iter()
            .filter(|p| p.occupation == code)
            .max_by_key(|p| (p.base_year, p.target_year))
            .cloned(),
        onet_code: None,
        soc_title: None,
        education: None,
    }
}

/// The similar occupations of `code`, or `None` when there are none (or `code` is not a SOC code).
pub fn similar(
    code: &str,
    occupations: &[Occupation],
    national: Option<&NationalWages>,
    projections: &[ProjectionFigure],
    max: usize,
) -> Option<Similar> {
    if !crate::analysis::occupation::is_soc_code(code) {
        return None;
    }
    let retired: BTreeSet<&str> =
        occupations.iter().filter(|o| o.successor.is_some()).map(|o| o.code.as_str()).collect();
    let codes: BTreeSet<&str> = match national {
        Some(n) => n.by_code.keys().map(String::as_str).collect(),
        None => occupations.iter().map(|o| o.code.as_str()).collect(),
    };
    let broad_prefix = &code[..6];
    let (minor, minor_prefix) = minor_group(code);
    let title = |c: &str| occupations.iter().find(|o| o.code == c).map(|o| o.title.clone());
    let row = |c: &str, tier: Tier| figures_of(c, tier, occupations, national, projections);
    let mut found: Vec<SimilarOccupation> = codes
        .iter()
        .filter(|c| **c != code && !retired.contains(*c) && is_detailed(c, &codes))
        .filter_map(|c| {
            let tier = if c.starts_with(broad_prefix) {
                Tier::BroadGroup
            } else if c.starts_with(minor_prefix.as_str()) {
                Tier::MinorGroup
            } else {
                return None;
            };
            Some(row(c, tier))
        })
        .collect();
    if found.is_empty() {
        return None;
    }
    found.sort_by(|a, b| (a.tier, &a.code).cmp(&(b.tier, &b.code)));
    let count = found.len();
    found.truncate(max);
    let broad = format!("{broad_prefix}0");
    Some(Similar {
        basis: SimilarBasis::SocGroups,
        national: national.map(|n| n.date.clone()),
        occupation: row(code, Tier::BroadGroup),
        broad_group_title: title(&broad),
        broad_group: broad,
        minor_group_title: title(&minor),
        minor_group: minor,
        found: count,
        rows: found,
    })
}

/// The typical education needed for entry of each code, from the Employment Projections routes.
pub fn entry_education(education: &[EducationFigure]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in education {
        if let Some(("Typical entry-level education", value)) = crate::analysis::figures::assignment(&e.path) {
            out.entry(e.occupation.clone()).or_insert_with(|| value.to_string());
        }
    }
    out
}

/// O*NET's related occupations of `onet_occupation` (the report's occupation in O*NET), in their
/// published order and tiers, each with the figures of its SOC occupation (`15-1299.03` →
/// `15-1299`): the national median and jobs, the newest projection and the entry education.
pub fn related(
    onet: &Onet,
    onet_occupation: &OnetOccupation,
    code: &str,
    occupations: &[Occupation],
    national: Option<&NationalWages>,
    projections: &[ProjectionFigure],
    education: &BTreeMap<String, String>,
) -> Option<Similar> {
    let title = |c: &str| occupations.iter().find(|o| o.code == c).map(|o| o.title.clone());
    let figures = |soc: &str, tier: Tier| SimilarOccupation {
        education: education.get(soc).cloned(),
        ..figures_of(soc, tier, occupations, national, projections)
    };
    let rows: Vec<SimilarOccupation> = onet_occupation
        .related
        .iter()
        .map(|r| {
            let soc = &r.code[..7];
            let tier = match r.tier.as_str() {
                "Primary-Short" => Tier::PrimaryShort,
                "Primary-Long" => Tier::PrimaryLong,
                _ => Tier::Supplemental,
            };
            let mut row = figures(soc, tier);
            let broader = !r.code.ends_with(".00");
            row.soc_title = if broader { title(soc).or_else(|| Some(String::new())) } else { None };
            row.title = r.title.clone();
            row.onet_code = Some(r.code.clone());
            row
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let broad = format!("{}0", &code[..6]);
    let (minor, _) = minor_group(code);
    Some(Similar {
        basis: SimilarBasis::Onet {
            code: onet_occupation.code.clone(),
            database: onet.name(),
            source: super::onet::source_id(onet),
        },
        national: national.map(|n| n.date.clone()),
        occupation: figures(code, Tier::PrimaryShort),
        broad_group_title: title(&broad),
        broad_group: broad,
        minor_group_title: title(&minor),
        minor_group: minor,
        found: rows.len(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::occupation::tests::occupation;

    #[test]
    fn detailed_codes_and_minor_groups() {
        let codes: BTreeSet<&str> =
            ["29-0000", "29-2000", "29-2010", "29-2030", "29-2031", "29-2070", "29-2072", "15-1200"].into();
        assert!(is_detailed("29-2072", &codes));
        assert!(is_detailed("29-2010", &codes), "a single-0 code without members is published as detailed");
        assert!(!is_detailed("29-2030", &codes), "a broad group with a member");
        assert!(!is_detailed("29-2000", &codes) && !is_detailed("29-0000", &codes) && !is_detailed("15-1200", &codes));
        assert_eq!(minor_group("29-2072"), ("29-2000".to_string(), "29-2".to_string()));
        assert_eq!(minor_group("29-1141"), ("29-1000".to_string(), "29-1".to_string()));
        assert_eq!(minor_group("15-1252"), ("15-1200".to_string(), "15-12".to_string()));
    }

    #[test]
    fn broad_group_first_then_minor_group_without_retired_or_groups() {
        let list: Vec<Occupation> = [
            ("29-2000", None),
            ("29-2010", None),
            ("29-2061", None),
            ("29-2070", None),
            ("29-2071", Some("29-2072")),
            ("29-2072", None),
            ("29-2079", None),
            ("29-9021", None),
            ("11-9111", None),
        ]
        .iter()
        .map(|(c, s)| occupation(c, *s))
        .collect();
        let s = similar("29-2072", &list, None, &[], MAX_SIMILAR).expect("similar");
        let codes: Vec<&str> = s.rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["29-2079", "29-2010", "29-2061"]);
        assert_eq!(s.rows[0].tier, Tier::BroadGroup);
        assert_eq!((s.minor_group.as_str(), s.minor_group_title.as_deref()), ("29-2000", Some("title 29-2000")));
        let capped = similar("29-2072", &list, None, &[], 2).expect("similar");
        assert_eq!((capped.rows.len(), capped.found), (2, 3));
        assert!(similar("11-9111", &list, None, &[], MAX_SIMILAR).is_none(), "no other 11-9 occupation");
    }
}
