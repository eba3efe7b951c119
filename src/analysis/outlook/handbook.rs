//! The Occupational Outlook Handbook's own words for a projected change ("much faster than the
//! average for all occupations"), which BLS defines per projections cycle, and the growth of all
//! occupations in each cycle: shipped in `datasets/handbook/` (DOMAIN.md §8), each row with its
//! source, and used for every dataset — a dataset's own `outlook_phrases.csv` and `cycles.csv` rows
//! win for the cycles they cover. A cycle with no known definitions gets no wording, and the report
//! says so.

use std::sync::OnceLock;

use crate::analysis::figures::SourceInfo;
use crate::analysis::projection::{Cycle, PhraseBand};
use crate::data::load::parse_table;
use crate::data::schema::{CYCLES, OUTLOOK_PHRASES, SOURCES};

pub const KEY_PHRASES: &str = include_str!("../../../datasets/handbook/key-phrases.csv");
pub const CYCLES_CSV: &str = include_str!("../../../datasets/handbook/cycles.csv");
pub const SOURCES_CSV: &str = include_str!("../../../datasets/handbook/sources.csv");

/// The shipped wording, cycles and their sources.
#[derive(Debug, Default)]
pub struct Handbook {
    pub bands: Vec<PhraseBand>,
    pub cycles: Vec<Cycle>,
    pub sources: Vec<SourceInfo>,
}

/// The shipped tables, read once. They are checked by the tests (`handbook_tables_are_valid`),
/// so a table that does not parse is a build defect, not user data: it reads as empty.
pub fn handbook() -> &'static Handbook {
    static HANDBOOK: OnceLock<Handbook> = OnceLock::new();
    HANDBOOK.get_or_init(|| read().unwrap_or_default())
}

fn read() -> Option<Handbook> {
    let mut issues = Vec::new();
    let phrases =
        parse_table(&OUTLOOK_PHRASES, "datasets/handbook/key-phrases.csv", KEY_PHRASES.as_bytes(), None, &mut issues)?;
    let cycles = parse_table(&CYCLES, "datasets/handbook/cycles.csv", CYCLES_CSV.as_bytes(), None, &mut issues)?;
    let sources = parse_table(&SOURCES, "datasets/handbook/sources.csv", SOURCES_CSV.as_bytes(), None, &mut issues)?;
    if issues.iter().any(crate::error::Issue::is_error) {
        return None;
    }
    Some(Handbook {
        bands: PhraseBand::from_frame(&phrases.frame).ok()?,
        cycles: Cycle::from_frame(&cycles.frame).ok()?,
        sources: SourceInfo::from_frame(&sources.frame).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::projection::phrase_for;

    #[test]
    fn handbook_tables_are_valid() {
        let mut issues = Vec::new();
        for (spec, name, text) in [
            (&OUTLOOK_PHRASES, "key-phrases.csv", KEY_PHRASES),
            (&CYCLES, "cycles.csv", CYCLES_CSV),
            (&SOURCES, "sources.csv", SOURCES_CSV),
        ] {
            assert!(parse_table(spec, name, text.as_bytes(), None, &mut issues).is_some(), "{name}");
        }
        assert!(issues.is_empty(), "{issues:?}");
        let h = handbook();
        // Every row's source is listed.
        for source in h.bands.iter().map(|b| &b.source).chain(h.cycles.iter().map(|c| &c.source)) {
            assert!(h.sources.iter().any(|s| &s.id == source), "{source}");
        }
        // Each cycle's bands cover every whole percent from -30 to +60 exactly once.
        let mut cycles: Vec<(i64, i64)> = h.bands.iter().map(|b| (b.base_year, b.target_year)).collect();
        cycles.dedup();
        for (base, target) in cycles {
            for percent in -30..=60 {
                let n = h
                    .bands
                    .iter()
                    .filter(|b| (b.base_year, b.target_year) == (base, target))
                    .filter(|b| b.min_percent.is_none_or(|lo| f64::from(percent) >= lo))
                    .filter(|b| b.max_percent.is_none_or(|hi| f64::from(percent) <= hi))
                    .count();
                assert_eq!(n, 1, "{base}–{target} at {percent}%");
            }
        }
    }

    #[test]
    fn the_2024_34_wording() {
        let bands = &handbook().bands;
        let phrase = |p: f64| phrase_for(p, 2024, 2034, bands).map(|b| b.phrase.as_str());
        // 29-2072 medical records specialists, 2024–34: +7.1%, rounded 7: the top band.
        assert_eq!(phrase(7.1), Some("much faster than the average for all occupations"));
        assert_eq!(phrase(6.4), Some("faster than the average for all occupations"));
        assert_eq!(phrase(3.9), Some("about as fast as the average for all occupations"), "rounds to 4");
        assert_eq!(phrase(2.5), Some("about as fast as the average for all occupations"), "2.5 rounds to 3");
        assert_eq!(phrase(0.4), Some("little or no change"));
        assert_eq!(phrase(-0.5), Some("decline"), "-0.5 rounds to -1");
        assert_eq!(phrase_for(5.0, 2023, 2033, bands), None, "no known definitions for 2023–33");
    }
}
