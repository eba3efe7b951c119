//! The report's "Posting range" section: the posted (or proposed) range against the market, its
//! flags, and the current staff in the cut outside it — display text from
//! [`Posting`](crate::analysis::market::posting::Posting); the template lays it out.

use serde::Serialize;

use crate::analysis::market::posting::{Posting, StaffPay};
use crate::format::plain;

/// One end (or the midpoint) of the posted range.
#[derive(Debug, Serialize)]
pub struct PointRow {
    pub point: String,
    pub pay: String,
    pub position: String,
}

/// A person in the cut outside the posted range.
#[derive(Debug, Serialize)]
pub struct StaffRow {
    pub id: String,
    pub pay: String,
    pub against: String,
}

#[derive(Debug, Serialize)]
pub struct StaffSection {
    pub file: String,
    /// "4 of the 6 people in roster.csv are in the cut (2 in other cuts are not compared): …".
    pub summary: String,
    pub rows: Vec<StaffRow>,
}

#[derive(Debug, Serialize)]
pub struct PostingSection {
    /// "given" or "proposed".
    pub origin: String,
    /// How a proposed range was built; empty for a given one.
    pub rule: String,
    /// "$50,000–$70,000".
    pub range: String,
    pub rows: Vec<PointRow>,
    /// Width and spread, as `label`/`value` rows.
    pub measures: Vec<super::Row>,
    pub flags: Vec<String>,
    pub staff: Option<StaffSection>,
}

pub fn section(p: &Posting, cash: &dyn Fn(f64) -> String) -> PostingSection {
    let point = |point: &str, pay: f64, position: &str| PointRow {
        point: point.into(),
        pay: cash(pay),
        position: position.into(),
    };
    let rows = vec![
        point("Minimum", p.min, &p.min_position_text),
        point("Midpoint (halfway)", p.mid, ""),
        point("Maximum", p.max, &p.max_position_text),
    ];
    let measures = vec![
        super::row("Width (max − min) ÷ midpoint", format!("{}%", plain((p.width * 100.0).round())), Vec::new()),
        super::row("Spread (max − min) ÷ min", format!("{}%", plain((p.spread * 100.0).round())), Vec::new()),
    ];
    let staff = p.staff.as_ref().map(|s| {
        let people = |list: &[StaffPay], side: &str| -> Vec<StaffRow> {
            list.iter()
                .map(|x| StaffRow { id: x.id.clone(), pay: cash(x.pay), against: format!("{} {side}", cash(x.gap)) })
                .collect()
        };
        let mut rows = people(&s.below_minimum, "below the minimum");
        rows.extend(people(&s.above_maximum, "above the maximum"));
        StaffSection {
            file: s.file.clone(),
            summary: format!(
                "{} of the {} people on the roster are in the cut ({} in other cuts are not compared): {} paid below the minimum, {} above the maximum, {} within the range.",
                s.in_cut,
                s.in_cut + s.other_cuts,
                s.other_cuts,
                s.below_minimum.len(),
                s.above_maximum.len(),
                s.within
            ),
            rows,
        }
    });
    PostingSection {
        origin: p.origin.clone(),
        rule: p.rule.clone(),
        range: format!("{}–{}", cash(p.min), cash(p.max)),
        rows,
        measures,
        flags: p.flags.clone(),
        staff,
    }
}
