//! The gender of a payroll row: female, male or another gender, from the file's own codes.
//!
//! Payrolls write gender as words (`Female`, `M`, `woman`), as a 0/1 column named for one sex (the
//! CPS's `female`), or in codes of their own (`1`/`2`). Known spellings are read as they are; a
//! 0/1 (or true/false) column is read by its name (`female`: 1 is a woman; `male`: 1 is a man);
//! anything else must be named with `--gender-values`, and the error lists the values found.

use std::collections::BTreeMap;

use serde::Serialize;

/// A worker's gender as the Directive's figures use it: the gap is women vs men; other genders
/// are counted and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Female,
    Male,
    Other,
}

impl Gender {
    /// The code the figures are grouped by (female 0, male 1, other 2).
    pub fn code(self) -> u8 {
        self as u8
    }

    /// [`Gender::code`] as the text a grouped result's key reads back as.
    pub fn key(self) -> &'static str {
        match self {
            Gender::Female => "0",
            Gender::Male => "1",
            Gender::Other => "2",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Other => "other",
        }
    }
}

/// What a value of the gender column stands for: a gender, or "not stated" (a missing value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Gender(Gender),
    Missing,
}

const FEMALE: [&str; 5] = ["f", "female", "woman", "w", "women"];
const MALE: [&str; 4] = ["m", "male", "man", "men"];
const OTHER: [&str; 9] =
    ["x", "other", "non-binary", "nonbinary", "non binary", "diverse", "d", "another gender", "nb"];
const MISSING: [&str; 8] = ["", "na", "n/a", "unknown", "not stated", "prefer not to say", "u", "?"];

/// How the file's gender values are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenderCodes {
    /// `--gender-values`: the file's value (trimmed, lower case) → its reading.
    given: BTreeMap<String, Reading>,
}

impl GenderCodes {
    /// Parse `--gender-values 1=female,2=male,3=other,9=missing`.
    pub fn parse(spec: &str) -> Result<GenderCodes, String> {
        let mut given = BTreeMap::new();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (value, meaning) = pair
                .split_once('=')
                .ok_or_else(|| format!("expected VALUE=female|male|other|missing, got {pair:?}"))?;
            let reading = match meaning.trim().to_lowercase().as_str() {
                "female" => Reading::Gender(Gender::Female),
                "male" => Reading::Gender(Gender::Male),
                "other" => Reading::Gender(Gender::Other),
                "missing" => Reading::Missing,
                other => return Err(format!("{value}={other}: a value reads as female, male, other or missing")),
            };
            given.insert(value.trim().to_lowercase(), reading);
        }
        Ok(GenderCodes { given })
    }

    /// The reading of every value of `values` (distinct values of the column named `column`), or
    /// the values that cannot be read.
    pub fn read(&self, column: &str, values: &[String]) -> Result<BTreeMap<String, Reading>, Vec<String>> {
        let lower: Vec<String> = values.iter().map(|v| v.trim().to_lowercase()).collect();
        let binary = !lower.is_empty()
            && lower.iter().all(|v| ["0", "1", "true", "false", "0.0", "1.0"].contains(&v.as_str()) || v.is_empty());
        let name = column.to_lowercase();
        // A 0/1 column named for one sex: 1 (true) is that sex.
        let one = if name.contains("female") || name.contains("woman") || name.contains("women") {
            Some((Gender::Female, Gender::Male))
        } else if name.contains("male") || name == "man" || name == "men" {
            Some((Gender::Male, Gender::Female))
        } else {
            None
        };
        let mut readings = BTreeMap::new();
        let mut unknown = Vec::new();
        for (value, low) in values.iter().zip(&lower) {
            let reading = if let Some(given) = self.given.get(low) {
                Some(*given)
            } else if let (true, Some((yes, no))) = (binary, one) {
                match low.as_str() {
                    "1" | "1.0" | "true" => Some(Reading::Gender(yes)),
                    "0" | "0.0" | "false" => Some(Reading::Gender(no)),
                    _ => Some(Reading::Missing),
                }
            } else if FEMALE.contains(&low.as_str()) {
                Some(Reading::Gender(Gender::Female))
            } else if MALE.contains(&low.as_str()) {
                Some(Reading::Gender(Gender::Male))
            } else if OTHER.contains(&low.as_str()) {
                Some(Reading::Gender(Gender::Other))
            } else if MISSING.contains(&low.as_str()) {
                Some(Reading::Missing)
            } else {
                None
            };
            match reading {
                Some(r) => {
                    readings.insert(value.clone(), r);
                }
                None => unknown.push(value.clone()),
            }
        }
        if unknown.is_empty() { Ok(readings) } else { Err(unknown) }
    }
}

/// What `--gender-values` would read each of `values` as, for the error that lists them.
pub fn hint(values: &[String]) -> String {
    let example: Vec<String> =
        values.iter().take(3).zip(["female", "male", "other"]).map(|(v, g)| format!("{v}={g}")).collect();
    format!("--gender-values '{}'", example.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn words_are_read_in_any_case() {
        let codes = GenderCodes::default();
        let read = codes.read("gender", &strings(&["Female", "M", "woman", "X", "", "Non-binary"])).expect("known");
        assert_eq!(read["Female"], Reading::Gender(Gender::Female));
        assert_eq!(read["M"], Reading::Gender(Gender::Male));
        assert_eq!(read["woman"], Reading::Gender(Gender::Female));
        assert_eq!(read["X"], Reading::Gender(Gender::Other));
        assert_eq!(read["Non-binary"], Reading::Gender(Gender::Other));
        assert_eq!(read[""], Reading::Missing);
    }

    #[test]
    fn a_zero_one_column_is_read_by_its_name() {
        let codes = GenderCodes::default();
        let female = codes.read("female", &strings(&["0", "1"])).expect("named female");
        assert_eq!(female["1"], Reading::Gender(Gender::Female));
        assert_eq!(female["0"], Reading::Gender(Gender::Male));
        let male = codes.read("is_male", &strings(&["1", "0"])).expect("named male");
        assert_eq!(male["1"], Reading::Gender(Gender::Male));
        assert_eq!(male["0"], Reading::Gender(Gender::Female));
        // 0/1 in a column named for neither: which is which cannot be known.
        assert_eq!(codes.read("sex", &strings(&["1", "2"])), Err(strings(&["1", "2"])));
        assert_eq!(codes.read("sex", &strings(&["0", "1"])), Err(strings(&["0", "1"])));
    }

    #[test]
    fn gender_values_name_the_codes() {
        let codes = GenderCodes::parse("1=female, 2=male,3=other,9=missing").expect("parse");
        let read = codes.read("sex", &strings(&["1", "2", "3", "9"])).expect("given");
        assert_eq!(read["2"], Reading::Gender(Gender::Male));
        assert_eq!(read["9"], Reading::Missing);
        assert!(GenderCodes::parse("1=woman").is_err());
        assert!(GenderCodes::parse("1female").is_err());
    }
}
