//! A hiring manager's roster (`--roster FILE.csv`): `id, pay` and any of `setting,
//! years_experience, certified, region` per person. A roster is a list of people, not a
//! million-row table, so it is read record by record with the `csv` crate, which knows each
//! record's line: every problem is reported with file, line, column and value, all at once.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;

use super::csvcheck;
use super::schema::micro as m;
use crate::error::{Issue, WagescopeError, quoted};

pub const ID: &str = "id";
pub const PAY: &str = "pay";
/// The columns a roster may have; others are ignored.
pub const COLUMNS: [&str; 6] = [ID, PAY, m::SETTING, m::YEARS_EXPERIENCE, m::CERTIFIED, m::REGION];

/// One person on the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// The user's own id (may appear in their report).
    pub id: String,
    /// The file line of the record.
    pub line: u64,
    pub pay: f64,
    pub setting: Option<String>,
    pub years_experience: Option<f64>,
    pub certified: Option<bool>,
    pub region: Option<String>,
}

/// true/false, yes/no, y/n, 1/0, t/f in any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    if m::TRUE_WORDS.contains(&t.as_str()) {
        Some(true)
    } else if m::FALSE_WORDS.contains(&t.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Read and check a roster: every problem at once, or the people.
pub fn read(path: &Path) -> Result<Vec<Person>> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| WagescopeError::Read { path: path.to_path_buf(), source })?;
    let structure = csvcheck::check(&bytes, &file).map_err(WagescopeError::Data)?;
    let position = |name: &str| structure.headers.iter().position(|h| h == name);
    let missing: Vec<&str> = [ID, PAY].into_iter().filter(|c| position(c).is_none()).collect();
    if !missing.is_empty() {
        return Err(WagescopeError::Data(vec![
            Issue::error(&file, format!("missing required column(s) {}", missing.join(", ")))
                .at_line(1)
                .got(format!("columns {}", structure.headers.join(", ")))
                .expected(format!("id and pay, optionally {}", COLUMNS[2..].join(", "))),
        ])
        .into());
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(csvcheck::strip_bom(&bytes));
    let mut people = Vec::new();
    let mut issues = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| WagescopeError::Data(vec![Issue::error(&file, e.to_string())]))?;
        let line = structure.line_of(row);
        let cell = |name: &str| {
            position(name).and_then(|i| record.get(i)).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
        };
        let problem = |name: &str, message: &str, value: Option<&str>, expected: &str| {
            Issue::error(&file, format!("column '{name}' {message}"))
                .at_line(line)
                .at_column(position(name).unwrap_or(0), name)
                .got(value.map_or_else(|| "an empty cell".into(), quoted))
                .expected(expected)
        };
        let id = cell(ID);
        match &id {
            None => issues.push(problem(ID, "is empty", None, "an id for each person")),
            Some(id) => match seen.get(id) {
                Some(first) => issues.push(problem(
                    ID,
                    &format!("repeats the id of line {first}"),
                    Some(id),
                    "a unique id per person",
                )),
                None => {
                    seen.insert(id.clone(), line);
                }
            },
        }
        let pay = cell(PAY);
        let pay = match pay.as_deref().map(|p| (p, p.parse::<f64>())) {
            Some((_, Ok(v))) if v.is_finite() && v > 0.0 => Some(v),
            Some((p, Ok(_))) => {
                issues.push(problem(PAY, "is not a positive amount", Some(p), "a number > 0"));
                None
            }
            Some((p, Err(_))) => {
                let hint = if p.contains(['$', ',']) {
                    "is not a number; write it without '$' or thousands separators"
                } else {
                    "is not a number"
                };
                issues.push(problem(PAY, hint, Some(p), "a number > 0"));
                None
            }
            None => {
                issues.push(problem(PAY, "is empty", None, "a number > 0"));
                None
            }
        };
        let years = match cell(m::YEARS_EXPERIENCE) {
            None => None,
            Some(t) => match t.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => {
                    issues.push(problem(m::YEARS_EXPERIENCE, "is not a number of years", Some(&t), "a number ≥ 0"));
                    None
                }
            },
        };
        let certified = match cell(m::CERTIFIED) {
            None => None,
            Some(t) => {
                let v = parse_bool(&t);
                if v.is_none() {
                    issues.push(problem(m::CERTIFIED, "is not a yes/no value", Some(&t), "true/false, yes/no or 1/0"));
                }
                v
            }
        };
        if let (Some(id), Some(pay)) = (id, pay) {
            people.push(Person {
                id,
                line,
                pay,
                setting: cell(m::SETTING),
                years_experience: years,
                certified,
                region: cell(m::REGION),
            });
        }
    }
    if !issues.is_empty() {
        return Err(WagescopeError::Data(issues).into());
    }
    if people.is_empty() {
        return Err(WagescopeError::Data(vec![
            Issue::error(&file, "the roster has no people").expected("a header line and one row per person"),
        ])
        .into());
    }
    Ok(people)
}
