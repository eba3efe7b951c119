//! The "State and area" section of the outlook report: a tile-grid map of the states, a table of
//! the states and territories, the highest-paying states and metro areas, and — with `--area` — the
//! chosen area's pay and jobs beside the nation's. Built from [`AreaPay`]; the template draws the
//! map as SVG from the tile positions here (so every name is escaped by the template engine).

use serde::Serialize;

use super::{stat_text, year_text};
use crate::analysis::outlook::Outlook;
use crate::analysis::outlook::area::{AreaFigure, AreaPay};
use crate::format::{money, thousands};
use crate::report::{Ref, Refs};

/// The tile-grid ("statebins") layout: postal code, name, column, row. Each state is one equal
/// square near its usual place: Alaska top left, Maine top right, Hawaii bottom left, Florida at
/// the bottom. 11 columns × 8 rows.
pub const TILES: [(&str, &str, u8, u8); 51] = [
    ("AK", "Alaska", 0, 0),
    ("ME", "Maine", 10, 0),
    ("WI", "Wisconsin", 5, 1),
    ("VT", "Vermont", 9, 1),
    ("NH", "New Hampshire", 10, 1),
    ("WA", "Washington", 0, 2),
    ("ID", "Idaho", 1, 2),
    ("MT", "Montana", 2, 2),
    ("ND", "North Dakota", 3, 2),
    ("MN", "Minnesota", 4, 2),
    ("IL", "Illinois", 5, 2),
    ("MI", "Michigan", 6, 2),
    ("NY", "New York", 8, 2),
    ("MA", "Massachusetts", 9, 2),
    ("OR", "Oregon", 0, 3),
    ("NV", "Nevada", 1, 3),
    ("WY", "Wyoming", 2, 3),
    ("SD", "South Dakota", 3, 3),
    ("IA", "Iowa", 4, 3),
    ("IN", "Indiana", 5, 3),
    ("OH", "Ohio", 6, 3),
    ("PA", "Pennsylvania", 7, 3),
    ("NJ", "New Jersey", 8, 3),
    ("CT", "Connecticut", 9, 3),
    ("RI", "Rhode Island", 10, 3),
    ("CA", "California", 0, 4),
    ("UT", "Utah", 1, 4),
    ("CO", "Colorado", 2, 4),
    ("NE", "Nebraska", 3, 4),
    ("MO", "Missouri", 4, 4),
    ("KY", "Kentucky", 5, 4),
    ("WV", "West Virginia", 6, 4),
    ("VA", "Virginia", 7, 4),
    ("MD", "Maryland", 8, 4),
    ("DE", "Delaware", 9, 4),
    ("AZ", "Arizona", 1, 5),
    ("NM", "New Mexico", 2, 5),
    ("KS", "Kansas", 3, 5),
    ("AR", "Arkansas", 4, 5),
    ("TN", "Tennessee", 5, 5),
    ("NC", "North Carolina", 6, 5),
    ("SC", "South Carolina", 7, 5),
    ("DC", "District of Columbia", 8, 5),
    ("OK", "Oklahoma", 3, 6),
    ("LA", "Louisiana", 4, 6),
    ("MS", "Mississippi", 5, 6),
    ("AL", "Alabama", 6, 6),
    ("GA", "Georgia", 7, 6),
    ("HI", "Hawaii", 0, 7),
    ("TX", "Texas", 3, 7),
    ("FL", "Florida", 8, 7),
];

/// Tile side and the gap between tiles, in SVG units.
const TILE: u32 = 46;
const GAP: u32 = 4;
const COLUMNS: u32 = 11;
const ROWS: u32 = 8;
const LEGEND_HEIGHT: u32 = 32;
/// A sequential palette (the darker five of ColorBrewer "Blues", 6 classes, so the lowest step
/// still stands out from the page), light = lower pay; with a text colour readable on each.
const STEPS: [(&str, &str); 5] =
    [("#c6dbef", "#222"), ("#9ecae1", "#222"), ("#6baed6", "#222"), ("#3182bd", "#fff"), ("#08519c", "#fff")];
/// Grey, for a state without a figure (the tile also says "no data").
const NO_DATA: (&str, &str) = ("#e0e0e0", "#555");
/// How many areas the "highest-paying" lists show.
const TOP: usize = 5;

/// One square of the map.
#[derive(Debug, Serialize)]
pub struct Tile {
    pub abbr: String,
    pub name: String,
    pub x: u32,
    pub y: u32,
    pub size: u32,
    /// Centre of the tile (text anchor) and the baselines of its two lines.
    pub cx: u32,
    pub label_y: u32,
    pub value_y: u32,
    pub fill: String,
    pub text: String,
    /// "$72k", or "no data".
    pub value: String,
    /// Name and figure, shown on hover.
    pub tooltip: String,
    pub selected: bool,
}

/// One step of the legend.
#[derive(Debug, Serialize)]
pub struct LegendStep {
    pub x: u32,
    pub y: u32,
    pub text_x: u32,
    pub text_y: u32,
    pub fill: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct TileMap {
    pub title: String,
    /// The text alternative: range, highest and lowest.
    pub desc: String,
    pub width: u32,
    pub height: u32,
    pub tiles: Vec<Tile>,
    pub legend: Vec<LegendStep>,
}

/// A row of the area tables.
#[derive(Debug, Serialize)]
pub struct AreaRow {
    pub area: String,
    pub state: String,
    pub area_type: String,
    pub year: String,
    pub occupation: String,
    pub annual_median: String,
    pub hourly_median: String,
    pub employment: String,
    pub location_quotient: String,
    pub jobs_per_1000: String,
    pub selected: bool,
    pub refs: Vec<Ref>,
}

/// The "State and area" section.
#[derive(Debug, Serialize)]
pub struct AreaSection {
    pub map: Option<TileMap>,
    /// States, DC and territories, highest annual median first.
    pub rows: Vec<AreaRow>,
    pub top_states: Vec<AreaRow>,
    pub top_metros: Vec<AreaRow>,
}

/// One line of the `--area` block: the area's figure and the nation's.
#[derive(Debug, Serialize)]
pub struct FocusRow {
    pub label: String,
    pub area: String,
    pub area_refs: Vec<Ref>,
    pub nation: String,
    pub nation_refs: Vec<Ref>,
}

/// The chosen area beside the nation (`--area`).
#[derive(Debug, Serialize)]
pub struct AreaFocus {
    pub name: String,
    pub kind: String,
    pub rows: Vec<FocusRow>,
    pub note: Option<String>,
}

fn kind_text(a: &AreaFigure) -> String {
    match a.area_type.as_deref() {
        Some("metro") => "metropolitan area".into(),
        Some("nonmetro") => "nonmetropolitan area".into(),
        Some(k) => k.into(),
        None => "area".into(),
    }
}

fn employment_text(a: &AreaFigure) -> String {
    match a.employment() {
        Some(e) => thousands(e, 0),
        None => {
            let notes = a.annual.as_ref().or(a.hourly.as_ref()).and_then(|f| f.notes.as_deref()).unwrap_or_default();
            if notes.contains("(**)") { "not available (**)".into() } else { String::new() }
        }
    }
}

fn row(a: &AreaFigure, refs: &Refs, selected: Option<&str>) -> AreaRow {
    let stat = |f: &Option<crate::analysis::figures::WageFigure>| {
        f.as_ref().map(|f| stat_text(f, "median", f.median)).unwrap_or_default()
    };
    AreaRow {
        area: a.name.clone(),
        state: a.state.clone().unwrap_or_default(),
        area_type: kind_text(a),
        year: year_text(a.year, a.month),
        occupation: a.occupation.clone(),
        annual_median: stat(&a.annual),
        hourly_median: stat(&a.hourly),
        employment: employment_text(a),
        location_quotient: a.location_quotient().map(|v| format!("{v:.2}")).unwrap_or_default(),
        jobs_per_1000: a.jobs_per_1000().map(|v| format!("{v:.3}")).unwrap_or_default(),
        selected: selected == Some(a.name.as_str()),
        refs: vec![refs.get(&a.source, &year_text(a.year, a.month))],
    }
}

/// The section, or `None` when the data have no state or metro figures.
pub fn section(pay: &AreaPay, occupation_title: &str, refs: &Refs) -> Option<AreaSection> {
    let selected = pay.selected.as_deref();
    let states: Vec<&AreaFigure> = pay.areas.iter().filter(|a| a.is_state() || a.is_territory()).collect();
    let metros: Vec<&AreaFigure> = pay.areas.iter().filter(|a| a.is_metro()).collect();
    if states.is_empty() && metros.is_empty() {
        return None;
    }
    let with_median = |list: &[&AreaFigure], keep: fn(&AreaFigure) -> bool| -> Vec<AreaRow> {
        list.iter()
            .filter(|a| keep(a) && a.annual_median().is_some())
            .take(TOP)
            .map(|a| row(a, refs, selected))
            .collect()
    };
    let map_states: Vec<&AreaFigure> = states.iter().copied().filter(|a| a.is_state()).collect();
    // A metro area chosen with --area marks its principal state on the map.
    let marked = pay.selected().and_then(|a| a.state.clone());
    Some(AreaSection {
        map: (!map_states.is_empty()).then(|| tile_map(&map_states, occupation_title, marked.as_deref())),
        rows: states.iter().map(|a| row(a, refs, selected)).collect(),
        top_states: with_median(&states, AreaFigure::is_state),
        top_metros: with_median(&metros, AreaFigure::is_metro),
    })
}

/// Equal-width steps over whole thousands of dollars covering `min..=max`: (start, width).
fn steps(min: f64, max: f64) -> (f64, f64) {
    let start = (min / 1000.0).floor() * 1000.0;
    let width = (((max - start) / STEPS.len() as f64) / 1000.0).ceil().max(1.0) * 1000.0;
    // The top value falls in the last step, not one past it.
    let width = if start + width * STEPS.len() as f64 <= max { width + 1000.0 } else { width };
    (start, width)
}

fn short_money(v: f64) -> String {
    format!("${}k", thousands(v / 1000.0, 0))
}

/// The tile-grid map of the 50 states and DC, coloured by annual median.
pub fn tile_map(states: &[&AreaFigure], occupation_title: &str, marked: Option<&str>) -> TileMap {
    let figure = |code: &str| states.iter().find(|a| a.state.as_deref() == Some(code)).copied();
    let valued: Vec<(&AreaFigure, f64)> = states.iter().filter_map(|a| a.annual_median().map(|m| (*a, m))).collect();
    let highest = valued.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let lowest = valued.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let (start, width) = match (lowest, highest) {
        (Some(l), Some(h)) => steps(l.1, h.1),
        _ => (0.0, 1000.0),
    };
    let step_of = |v: f64| (((v - start) / width).floor().max(0.0) as usize).min(STEPS.len() - 1);
    let pitch = TILE + GAP;
    let tiles = TILES
        .iter()
        .map(|(abbr, name, column, row)| {
            let area = figure(abbr);
            let median = area.and_then(AreaFigure::annual_median);
            let (fill, text) = median.map_or(NO_DATA, |m| STEPS[step_of(m)]);
            let shown = area.map_or(*name, |a| a.name.as_str());
            let (x, y) = (u32::from(*column) * pitch + GAP, u32::from(*row) * pitch + GAP);
            Tile {
                abbr: (*abbr).to_string(),
                name: shown.to_string(),
                x,
                y,
                size: TILE,
                cx: x + TILE / 2,
                label_y: y + 21,
                value_y: y + 37,
                fill: fill.to_string(),
                text: text.to_string(),
                value: median.map_or_else(|| "no data".to_string(), short_money),
                tooltip: match median {
                    Some(m) => format!("{shown}: {} a year", money(m, false)),
                    None => format!("{shown}: no data"),
                },
                selected: marked == Some(*abbr),
            }
        })
        .collect();
    let map_height = ROWS * pitch + GAP;
    let legend_width = (COLUMNS * pitch) / (STEPS.len() as u32 + 1);
    let mut legend: Vec<LegendStep> = STEPS
        .iter()
        .enumerate()
        .map(|(i, (fill, _))| {
            let low = start + width * i as f64;
            let x = GAP + i as u32 * legend_width;
            LegendStep {
                x,
                y: map_height + 8,
                text_x: x + 21,
                text_y: map_height + 21,
                fill: (*fill).to_string(),
                label: format!("{}–{}", short_money(low), short_money(low + width)),
            }
        })
        .collect();
    let x = GAP + STEPS.len() as u32 * legend_width;
    legend.push(LegendStep {
        x,
        y: map_height + 8,
        text_x: x + 21,
        text_y: map_height + 21,
        fill: NO_DATA.0.to_string(),
        label: "no data".into(),
    });
    let missing: Vec<&str> = TILES
        .iter()
        .filter(|(abbr, ..)| figure(abbr).and_then(AreaFigure::annual_median).is_none())
        .map(|(_, name, ..)| *name)
        .collect();
    let year = valued.first().map(|(a, _)| year_text(a.year, a.month)).unwrap_or_default();
    let desc = match (highest, lowest) {
        (Some(h), Some(l)) => format!(
            "Tile map of the 50 states and the District of Columbia, each a square coloured by the median annual pay of {occupation_title} ({year}) in {} steps from {} to {}. Highest: {} {}; lowest: {} {}. {}",
            STEPS.len(),
            short_money(start),
            short_money(start + width * STEPS.len() as f64),
            h.0.name,
            money(h.1, false),
            l.0.name,
            money(l.1, false),
            if missing.is_empty() {
                "Every state has a figure.".to_string()
            } else {
                format!("No figure: {}.", missing.join(", "))
            }
        ),
        _ => "Tile map of the 50 states and the District of Columbia: no state has an annual median.".into(),
    };
    TileMap {
        title: format!(
            "Median annual pay by state{}",
            if year.is_empty() { String::new() } else { format!(", {year}") }
        ),
        desc,
        width: COLUMNS * pitch + GAP,
        height: map_height + LEGEND_HEIGHT,
        tiles,
        legend,
    }
}

/// The `--area` block: the chosen area's pay and jobs beside the nation's newest figures.
pub fn focus(o: &Outlook, refs: &Refs) -> Option<AreaFocus> {
    let area = o.areas.selected()?;
    let when = year_text(area.year, area.month);
    let area_ref = || vec![refs.get(&area.source, &when)];
    let national = |hourly: bool| o.overall.iter().find(|f| f.is_hourly() == hourly && f.median.is_some());
    let nation_money = |hourly: bool| {
        national(hourly).map_or((String::new(), Vec::new()), |f| {
            let y = year_text(f.year, f.month);
            (format!("{} ({y})", money(f.median.unwrap_or_default(), hourly)), vec![refs.get(&f.source, &y)])
        })
    };
    let area_money = |f: &Option<crate::analysis::figures::WageFigure>| {
        f.as_ref().map(|f| stat_text(f, "median", f.median)).filter(|t| !t.is_empty()).map(|t| format!("{t} ({when})"))
    };
    let mut rows = Vec::new();
    for (label, figure, hourly) in
        [("Median pay per year", &area.annual, false), ("Median pay per hour", &area.hourly, true)]
    {
        if let Some(text) = area_money(figure) {
            let (nation, nation_refs) = nation_money(hourly);
            rows.push(FocusRow { label: label.into(), area: text, area_refs: area_ref(), nation, nation_refs });
        }
    }
    let employment = employment_text(area);
    if !employment.is_empty() {
        let nation = o.employment.iter().rev().find(|e| e.status == crate::data::schema::values::ACTUAL);
        rows.push(FocusRow {
            label: "Employment".into(),
            area: format!("{employment} ({when})"),
            area_refs: area_ref(),
            nation: nation.map(|e| format!("{} ({})", thousands(e.employment, 0), e.year)).unwrap_or_default(),
            nation_refs: nation.map(|e| vec![refs.get(&e.source, &e.year.to_string())]).unwrap_or_default(),
        });
    }
    if let Some(jobs) = area.jobs_per_1000() {
        // The nation's, when its file publishes JOBS_1000 (national files from 2019 on).
        let nation = o.overall.iter().find(|f| f.jobs_per_1000.is_some());
        rows.push(FocusRow {
            label: "Jobs per 1,000 jobs".into(),
            area: format!("{jobs:.3} ({when})"),
            area_refs: area_ref(),
            nation: nation
                .map(|f| format!("{:.3} ({})", f.jobs_per_1000.unwrap_or_default(), year_text(f.year, f.month)))
                .unwrap_or_default(),
            nation_refs: nation.map(|f| vec![refs.get(&f.source, &year_text(f.year, f.month))]).unwrap_or_default(),
        });
    }
    if let Some(lq) = area.location_quotient() {
        rows.push(FocusRow {
            label: "Location quotient".into(),
            area: format!("{lq:.2} ({when})"),
            area_refs: area_ref(),
            nation: "1.00 (by definition)".into(),
            nation_refs: Vec::new(),
        });
    }
    let national_year = national(false).or(national(true)).map(|f| f.year);
    let note = match national_year {
        Some(y) if y != area.year => Some(format!(
            "Area figures describe {}, national figures {y}: each is in dollars of its own year, so part of the gap is the years between them.",
            area.year
        )),
        None => Some("The data have no national figure for this occupation.".into()),
        _ => None,
    };
    Some(AreaFocus { name: area.name.clone(), kind: kind_text(area), rows, note })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifty_one_tiles_in_distinct_places() {
        let mut places: Vec<(u8, u8)> = TILES.iter().map(|t| (t.2, t.3)).collect();
        places.sort_unstable();
        places.dedup();
        assert_eq!(places.len(), 51, "two states share a square");
        let mut codes: Vec<&str> = TILES.iter().map(|t| t.0).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 51);
        assert!(TILES.iter().all(|t| u32::from(t.2) < COLUMNS && u32::from(t.3) < ROWS));
    }

    #[test]
    fn tiles_do_not_overlap_and_sit_where_the_states_are() {
        let map = tile_map(&[], "x", None);
        for (i, a) in map.tiles.iter().enumerate() {
            for b in &map.tiles[i + 1..] {
                let apart = a.x + a.size <= b.x || b.x + b.size <= a.x || a.y + a.size <= b.y || b.y + b.size <= a.y;
                assert!(apart, "{} overlaps {}", a.abbr, b.abbr);
            }
            assert!(a.x + a.size <= map.width && a.y + a.size <= map.height);
        }
        let at = |code: &str| TILES.iter().find(|t| t.0 == code).map(|t| (t.2, t.3)).unwrap();
        assert_eq!(at("AK"), (0, 0), "Alaska top left");
        assert_eq!(at("ME"), (COLUMNS as u8 - 1, 0), "Maine top right");
        assert_eq!(at("HI"), (0, ROWS as u8 - 1), "Hawaii bottom left");
        assert_eq!(at("FL").1, ROWS as u8 - 1, "Florida at the bottom");
        assert!(at("WA").0 < at("MN").0 && at("MN").0 < at("NY").0, "west to east");
        assert!(map.tiles.iter().all(|t| t.value == "no data"));
    }

    #[test]
    fn steps_cover_the_range() {
        let (start, width) = steps(41_500.0, 72_040.0);
        assert_eq!(start, 41_000.0);
        assert!(start + width * 5.0 > 72_040.0);
        let (start, width) = steps(50_000.0, 50_000.0);
        assert!(start <= 50_000.0 && start + width * 5.0 > 50_000.0);
    }
}
