//! Pay and jobs by state and area (OEWS state and metro files, DOMAIN.md §6): one figure per area
//! for the occupation, and the loose matching of a user's area name ("MA", "Massachusetts",
//! "boston") to an area of the data. Pure: a loaded dataset in, typed values out.

use polars::prelude::*;
use serde::Serialize;

use crate::analysis::figures::WageFigure;
use crate::analysis::frame::is_in;
use crate::analysis::occupation::Family;
use crate::data::Dataset;
use crate::data::schema::{TableId, col as c, values};

/// One area's whole-occupation figures of its newest date: the annual and the hourly row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaFigure {
    /// The area as the data name it (OEWS `AREA_TITLE`).
    pub name: String,
    /// `state`, `territory`, `metro`, `nonmetro`, or none when the file does not say.
    pub area_type: Option<String>,
    /// Postal code of the area's state (a metro area's principal state).
    pub state: Option<String>,
    pub occupation: String,
    pub year: i64,
    pub month: Option<i64>,
    pub source: String,
    pub annual: Option<WageFigure>,
    pub hourly: Option<WageFigure>,
}

impl AreaFigure {
    fn first(&self) -> Option<&WageFigure> {
        self.annual.as_ref().or(self.hourly.as_ref())
    }
    pub fn annual_median(&self) -> Option<f64> {
        self.annual.as_ref().and_then(|f| f.median)
    }
    pub fn hourly_median(&self) -> Option<f64> {
        self.hourly.as_ref().and_then(|f| f.median)
    }
    pub fn employment(&self) -> Option<f64> {
        self.annual.as_ref().and_then(|f| f.employment).or(self.hourly.as_ref().and_then(|f| f.employment))
    }
    pub fn location_quotient(&self) -> Option<f64> {
        self.first().and_then(|f| f.location_quotient)
    }
    pub fn jobs_per_1000(&self) -> Option<f64> {
        self.first().and_then(|f| f.jobs_per_1000)
    }
    /// One of the 50 states or DC (the areas a map of the states shows).
    pub fn is_state(&self) -> bool {
        self.area_type.as_deref() == Some(values::STATE)
    }
    pub fn is_territory(&self) -> bool {
        self.area_type.as_deref() == Some(values::TERRITORY)
    }
    pub fn is_metro(&self) -> bool {
        self.area_type.as_deref() == Some(values::METRO)
    }
}

/// Every area's figure for the occupation: highest annual median first (areas without one last,
/// by name).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AreaPay {
    pub areas: Vec<AreaFigure>,
    /// The area `--area` chose, by name.
    pub selected: Option<String>,
}

impl AreaPay {
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }
    pub fn selected(&self) -> Option<&AreaFigure> {
        let name = self.selected.as_deref()?;
        self.areas.iter().find(|a| a.name == name)
    }
    /// The areas as names to match a user's text against.
    pub fn names(&self) -> Vec<AreaName> {
        self.areas
            .iter()
            .map(|a| AreaName { name: a.name.clone(), state: a.state.clone(), area_type: a.area_type.clone() })
            .collect()
    }
}

/// Whole-occupation estimates of every area other than the nation, for the occupation's family:
/// per area the newest date, the current code before a replaced one.
pub fn area_pay(dataset: &Dataset, family: &Family) -> PolarsResult<AreaPay> {
    let codes = family.codes();
    let all = |d: &str| col(d).eq(lit(values::ALL));
    let rows = dataset
        .table(TableId::Wages)
        .lazy()
        .filter(
            is_in(c::OCCUPATION, &codes)
                .and(col(c::WAGE_KIND).eq(lit(values::ESTIMATE)))
                .and(col(c::GEOGRAPHY).neq(lit(values::NATIONAL)))
                .and(all(c::SETTING))
                .and(all(c::EXPERIENCE))
                .and(all(c::CERTIFICATION)),
        )
        .collect()?;
    let figures = WageFigure::from_frame(&rows)?;
    Ok(AreaPay { areas: group(&figures, &family.current.code), selected: None })
}

/// One [`AreaFigure`] per area from whole-occupation figures, ordered by annual median.
pub fn group(figures: &[WageFigure], current_code: &str) -> Vec<AreaFigure> {
    let mut areas: Vec<AreaFigure> = Vec::new();
    // Newest date first, then the current code, so the first figure of an area is the one kept.
    let mut sorted: Vec<&WageFigure> = figures.iter().collect();
    sorted.sort_by_key(|f| (std::cmp::Reverse((f.year, f.month.unwrap_or(0))), f.occupation != current_code));
    for f in sorted {
        let slot = match areas.iter().position(|a| a.name == f.geography) {
            Some(i) => &mut areas[i],
            None => {
                areas.push(AreaFigure {
                    name: f.geography.clone(),
                    area_type: f.area_type.clone(),
                    state: f.state.clone(),
                    occupation: f.occupation.clone(),
                    year: f.year,
                    month: f.month,
                    source: f.source.clone(),
                    annual: None,
                    hourly: None,
                });
                areas.last_mut().expect("just pushed")
            }
        };
        let same = slot.occupation == f.occupation && slot.year == f.year && slot.month == f.month;
        let side = if f.is_hourly() { &mut slot.hourly } else { &mut slot.annual };
        if same && side.is_none() {
            *side = Some(f.clone());
        }
    }
    areas.sort_by(|a, b| {
        let key = |x: &AreaFigure| x.annual_median().unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a)).then_with(|| a.name.cmp(&b.name))
    });
    areas
}

/// An area's name with what else it may be called by (its state's postal code).
#[derive(Debug, Clone, PartialEq)]
pub struct AreaName {
    pub name: String,
    pub state: Option<String>,
    pub area_type: Option<String>,
}

/// Why a user's text names no single area.
#[derive(Debug, Clone, PartialEq)]
pub enum AreaMiss {
    /// The data have no area figures at all.
    NoAreas,
    /// Nothing matches; the nearest names, best first.
    Unknown { nearest: Vec<String> },
    /// Several areas contain the text.
    Ambiguous { matches: Vec<String> },
}

/// How many nearest names an unknown area suggests.
const SUGGESTED: usize = 3;

/// Match `query` loosely to one area: the name (ignoring case), a state's or territory's postal
/// code ("MA"), then a fragment contained in exactly one name ("boston" → "Boston-Cambridge-Nashua,
/// MA-NH"; a fragment that is a state's full name picks the state over its metro areas).
pub fn find_area<'a>(query: &str, areas: &'a [AreaName]) -> Result<&'a AreaName, AreaMiss> {
    if areas.is_empty() {
        return Err(AreaMiss::NoAreas);
    }
    let q = query.trim().to_lowercase();
    let is_state = |a: &AreaName| {
        matches!(a.area_type.as_deref(), Some(values::STATE) | Some(values::TERRITORY) | None) && a.state.is_some()
    };
    if let Some(a) = areas.iter().find(|a| a.name.to_lowercase() == q) {
        return Ok(a);
    }
    if q.len() == 2
        && let Some(a) = areas
            .iter()
            .filter(|a| is_state(a))
            .find(|a| a.state.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(&q)))
    {
        return Ok(a);
    }
    let containing: Vec<&AreaName> =
        areas.iter().filter(|a| !q.is_empty() && a.name.to_lowercase().contains(&q)).collect();
    match containing.as_slice() {
        [one] => Ok(one),
        [] => Err(AreaMiss::Unknown { nearest: nearest(&q, areas) }),
        many => Err(AreaMiss::Ambiguous { matches: many.iter().map(|a| a.name.clone()).collect() }),
    }
}

/// The names closest to `q` (Jaro–Winkler, on the whole name or any of its words), best first.
fn nearest(q: &str, areas: &[AreaName]) -> Vec<String> {
    let score = |a: &AreaName| {
        let name = a.name.to_lowercase();
        let words = name.split(|ch: char| !ch.is_alphanumeric()).filter(|w| !w.is_empty());
        let code = a.state.as_deref().map_or(0.0, |s| strsim::jaro_winkler(q, &s.to_lowercase()));
        words.map(|w| strsim::jaro_winkler(q, w)).fold(strsim::jaro_winkler(q, &name).max(code), f64::max)
    };
    let mut scored: Vec<(f64, &AreaName)> = areas.iter().map(|a| (score(a), a)).filter(|(s, _)| *s >= 0.7).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    scored.into_iter().take(SUGGESTED).map(|(_, a)| a.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<AreaName> {
        let area = |name: &str, state: &str, kind: &str| AreaName {
            name: name.into(),
            state: Some(state.into()),
            area_type: Some(kind.into()),
        };
        vec![
            area("Massachusetts", "MA", values::STATE),
            area("Maine", "ME", values::STATE),
            area("Boston-Cambridge-Nashua, MA-NH", "MA", values::METRO),
            area("Portland-South Portland, ME", "ME", values::METRO),
            area("Portland-Vancouver-Hillsboro, OR-WA", "OR", values::METRO),
            area("Puerto Rico", "PR", values::TERRITORY),
        ]
    }

    #[test]
    fn names_codes_and_fragments_match() {
        let areas = names();
        let found = |q: &str| find_area(q, &areas).map(|a| a.name.clone());
        assert_eq!(found("MA").unwrap(), "Massachusetts", "postal code: the state, not its metro area");
        assert_eq!(found("ma").unwrap(), "Massachusetts");
        assert_eq!(found("massachusetts").unwrap(), "Massachusetts");
        assert_eq!(found("boston").unwrap(), "Boston-Cambridge-Nashua, MA-NH");
        assert_eq!(found("pr").unwrap(), "Puerto Rico");
        assert_eq!(found("Maine").unwrap(), "Maine", "a whole name wins over a fragment of others");
    }

    #[test]
    fn an_area_keeps_its_newest_figures_of_the_current_code() {
        let figure = |code: &str, year: i64, basis: &str, median: f64| WageFigure {
            occupation: code.into(),
            year,
            month: Some(5),
            geography: "Maine".into(),
            setting: values::ALL.into(),
            experience: values::ALL.into(),
            certification: values::ALL.into(),
            basis: basis.into(),
            kind: values::ESTIMATE.into(),
            employment: None,
            mean: None,
            p10: None,
            p25: None,
            median: Some(median),
            p75: None,
            p90: None,
            range_min: None,
            range_max: None,
            sample_size: None,
            source: format!("s{year}"),
            derived: None,
            formula: None,
            notes: None,
            area_type: Some(values::STATE.into()),
            state: Some("ME".into()),
            location_quotient: None,
            jobs_per_1000: None,
            factor: None,
        };
        let figures = [
            figure("29-2072", 2023, values::ANNUAL, 48_000.0),
            figure("29-2098", 2025, values::ANNUAL, 40_000.0),
            figure("29-2072", 2025, values::HOURLY, 25.0),
            figure("29-2072", 2025, values::ANNUAL, 52_000.0),
        ];
        let areas = group(&figures, "29-2072");
        assert_eq!(areas.len(), 1);
        let maine = &areas[0];
        assert_eq!((maine.year, maine.occupation.as_str()), (2025, "29-2072"));
        assert_eq!((maine.annual_median(), maine.hourly_median()), (Some(52_000.0), Some(25.0)));
    }

    #[test]
    fn unknown_and_ambiguous_names_say_why() {
        let areas = names();
        match find_area("Bostn", &areas) {
            Err(AreaMiss::Unknown { nearest }) => assert_eq!(nearest[0], "Boston-Cambridge-Nashua, MA-NH"),
            other => panic!("{other:?}"),
        }
        match find_area("portland", &areas) {
            Err(AreaMiss::Ambiguous { matches }) => assert_eq!(matches.len(), 2),
            other => panic!("{other:?}"),
        }
        assert_eq!(find_area("MA", &[]), Err(AreaMiss::NoAreas));
    }
}
