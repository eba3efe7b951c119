//! The period a microdata wage is paid per, and its conversion to annual pay.
//!
//! Survey extracts (the CPS, payroll exports) give hourly, weekly or monthly pay; every analysis
//! works on annual pay, so the one wage column a file has is converted on the way in and the
//! conversion is said in words beside every result built from it.

use serde::Serialize;

use super::schema::micro as m;
use crate::format::{plain, thousands};

/// Weeks in a year for weekly wages (52 paid weeks, the BLS convention behind 2,080 hours).
pub const WEEKS_PER_YEAR: f64 = 52.0;
/// Months in a year for monthly wages.
pub const MONTHS_PER_YEAR: f64 = 12.0;

/// What one wage value pays for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum WageUnit {
    /// Pay per hour (× --hours-per-year).
    Hour,
    /// Pay per week (× 52).
    Week,
    /// Pay per month (× 12).
    Month,
    /// Pay per year (as is).
    #[default]
    Year,
}

impl WageUnit {
    /// The unit of a canonical wage column (`hourly_wage` → hour); `None` for the generic `wage`.
    pub fn of_column(canonical: &str) -> Option<WageUnit> {
        match canonical {
            m::ANNUAL_WAGE => Some(WageUnit::Year),
            m::MONTHLY_WAGE => Some(WageUnit::Month),
            m::WEEKLY_WAGE => Some(WageUnit::Week),
            m::HOURLY_WAGE => Some(WageUnit::Hour),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            WageUnit::Hour => "hour",
            WageUnit::Week => "week",
            WageUnit::Month => "month",
            WageUnit::Year => "year",
        }
    }

    /// Periods per year: the factor from this unit to annual pay.
    pub fn per_year(self, hours_per_year: f64) -> f64 {
        match self {
            WageUnit::Hour => hours_per_year,
            WageUnit::Week => WEEKS_PER_YEAR,
            WageUnit::Month => MONTHS_PER_YEAR,
            WageUnit::Year => 1.0,
        }
    }

    /// The conversion in words ("hourly wages × 2,080 hours a year"); `None` for annual wages.
    pub fn conversion(self, hours_per_year: f64) -> Option<String> {
        let (what, factor, per) = match self {
            WageUnit::Year => return None,
            WageUnit::Hour => ("hourly", hours_per_year, "hours"),
            WageUnit::Week => ("weekly", WEEKS_PER_YEAR, "weeks"),
            WageUnit::Month => ("monthly", MONTHS_PER_YEAR, "months"),
        };
        Some(format!("{what} wages × {} {per} a year", thousands_plain(factor)))
    }
}

/// 2080 → "2,080"; 1950.5 → "1,950.5": thousands separators, and the decimals the value has.
fn thousands_plain(value: f64) -> String {
    let decimals = plain(value).split_once('.').map_or(0, |(_, fraction)| fraction.len());
    thousands(value, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_in_words() {
        assert_eq!(WageUnit::Hour.conversion(2080.0).as_deref(), Some("hourly wages × 2,080 hours a year"));
        assert_eq!(WageUnit::Hour.conversion(1950.5).as_deref(), Some("hourly wages × 1,950.5 hours a year"));
        assert_eq!(WageUnit::Week.conversion(2080.0).as_deref(), Some("weekly wages × 52 weeks a year"));
        assert_eq!(WageUnit::Month.conversion(2080.0).as_deref(), Some("monthly wages × 12 months a year"));
        assert_eq!(WageUnit::Year.conversion(2080.0), None);
    }
}
