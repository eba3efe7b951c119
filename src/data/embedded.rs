//! The default dataset (`datasets/medical-coding/`) and the CPI-U series, compiled into the binary
//! so every command works from any directory with no arguments.

/// How the embedded files are named in messages: their path in the repository.
pub const DIR_LABEL: &str = "datasets/medical-coding";
pub const CPI_LABEL: &str = "datasets/cpi-u.csv";

/// The embedded CPI-U table.
pub const CPI: &str = include_str!("../../datasets/cpi-u.csv");

/// The embedded file of that name, if the default dataset has one.
pub fn file(name: &str) -> Option<&'static str> {
    Some(match name {
        "sources.csv" => include_str!("../../datasets/medical-coding/sources.csv"),
        "occupations.csv" => include_str!("../../datasets/medical-coding/occupations.csv"),
        "credentials.csv" => include_str!("../../datasets/medical-coding/credentials.csv"),
        "education.csv" => include_str!("../../datasets/medical-coding/education.csv"),
        "settings.csv" => include_str!("../../datasets/medical-coding/settings.csv"),
        "wages.csv" => include_str!("../../datasets/medical-coding/wages.csv"),
        "ratios.csv" => include_str!("../../datasets/medical-coding/ratios.csv"),
        "employment.csv" => include_str!("../../datasets/medical-coding/employment.csv"),
        "projections.csv" => include_str!("../../datasets/medical-coding/projections.csv"),
        "cycles.csv" => include_str!("../../datasets/medical-coding/cycles.csv"),
        "outlook_phrases.csv" => include_str!("../../datasets/medical-coding/outlook_phrases.csv"),
        _ => return None,
    })
}
