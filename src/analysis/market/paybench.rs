//! Pay benchmarking arithmetic (DOMAIN.md §2–§3), pure functions over numbers:
//!
//! - the market value at any percentile, piecewise-linear between the known points;
//! - a pay range from a midpoint policy and a range spread: min = mid × 2 ÷ (2 + s),
//!   max = min × (1 + s), so (max − min) ÷ min = s and mid is halfway between min and max;
//! - a pay's market percentile (piecewise-linear between p10…p90, never extrapolated), compa-ratio
//!   (pay ÷ mid) and range penetration ((pay − min) ÷ (max − min)).

use serde::Serialize;

/// The published percentile points, in order.
pub const POINTS: [(&str, f64); 5] = [("p10", 10.0), ("p25", 25.0), ("median", 50.0), ("p75", 75.0), ("p90", 90.0)];

/// Market percentiles of a cut (any may be missing: published figures often give only some).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Percentiles {
    pub p10: Option<f64>,
    pub p25: Option<f64>,
    pub median: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
}

impl Percentiles {
    /// The known (percentile, value) points in percentile order.
    pub fn known(&self) -> Vec<(f64, f64)> {
        [self.p10, self.p25, self.median, self.p75, self.p90]
            .iter()
            .zip(POINTS)
            .filter_map(|(v, (_, q))| v.map(|v| (q, v)))
            .collect()
    }

    /// Every value multiplied by `factor` (a restatement or a modeled adjustment).
    pub fn scaled(&self, factor: f64) -> Percentiles {
        let f = |v: Option<f64>| v.map(|v| v * factor);
        Percentiles { p10: f(self.p10), p25: f(self.p25), median: f(self.median), p75: f(self.p75), p90: f(self.p90) }
    }

    /// The market value at percentile `q` (0–100): exact at a known point, piecewise-linear
    /// between the two known points around it; `None` outside the known points.
    pub fn value_at(&self, q: f64) -> Option<f64> {
        let known = self.known();
        if let Some((_, v)) = known.iter().find(|(p, _)| (*p - q).abs() < 1e-9) {
            return Some(*v);
        }
        known.windows(2).find(|w| w[0].0 < q && q < w[1].0).map(|w| {
            let ((q0, v0), (q1, v1)) = (w[0], w[1]);
            v0 + (v1 - v0) * (q - q0) / (q1 - q0)
        })
    }

    /// Where `pay` sits in the market (see [`Position`]); `None` with fewer than two known points.
    pub fn position_of(&self, pay: f64) -> Option<Position> {
        let known = self.known();
        let (&(q_lo, v_lo), &(q_hi, v_hi)) = (known.first()?, known.last()?);
        if known.len() < 2 {
            return None;
        }
        if pay < v_lo {
            return Some(Position::Below(q_lo));
        }
        if pay > v_hi {
            return Some(Position::Above(q_hi));
        }
        for w in known.windows(2) {
            let ((q0, v0), (q1, v1)) = (w[0], w[1]);
            if pay <= v1 {
                // Equal neighbouring values (a flat stretch): the lower percentile.
                let q = if v1 > v0 { q0 + (q1 - q0) * (pay - v0) / (v1 - v0) } else { q0 };
                return Some(Position::At(q));
            }
        }
        Some(Position::At(q_hi))
    }
}

/// A pay's place in the market distribution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "percentile", rename_all = "lowercase")]
pub enum Position {
    /// Below the lowest known percentile (usually the 10th): not extrapolated.
    Below(f64),
    /// At this percentile (0–100), interpolated between known points.
    At(f64),
    /// Above the highest known percentile (usually the 90th): not extrapolated.
    Above(f64),
}

impl Position {
    /// "below the 10th", "at the 43rd", "above the 90th".
    pub fn describe(&self) -> String {
        match self {
            Position::Below(q) => format!("below the {} percentile", ordinal(*q)),
            Position::At(q) => format!("at the {} percentile", ordinal(*q)),
            Position::Above(q) => format!("above the {} percentile", ordinal(*q)),
        }
    }
}

/// The salary-survey band of a number of years of experience: <1, 1-4, 5-9, 10-19, 20+
/// (the same bands as microdata's `experience`).
pub fn experience_band(years: f64) -> &'static str {
    let bands = &crate::data::schema::values::EXPERIENCE_BANDS[1..];
    match years {
        y if y < 1.0 => bands[0],
        y if y < 5.0 => bands[1],
        y if y < 10.0 => bands[2],
        y if y < 20.0 => bands[3],
        _ => bands[4],
    }
}

/// 10 → "10th", 42.6 → "43rd", 1 → "1st".
pub fn ordinal(q: f64) -> String {
    let n = q.round() as i64;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The midpoint policy: which market percentile the range's midpoint matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Lag the market: the 40th percentile.
    P40,
    /// Match the market: the median.
    P50,
    /// Lead the market: the 60th percentile.
    P60,
    /// Lead the market strongly: the 75th percentile.
    P75,
}

impl Policy {
    pub fn percentile(self) -> f64 {
        match self {
            Policy::P40 => 40.0,
            Policy::P50 => 50.0,
            Policy::P60 => 60.0,
            Policy::P75 => 75.0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Policy::P40 => "p40 (lag the market)",
            Policy::P50 => "p50 (match the market)",
            Policy::P60 => "p60 (lead the market)",
            Policy::P75 => "p75 (lead the market)",
        }
    }
}

/// A pay range: min, mid, max (each rounded to `step`), with the spread asked for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PayRange {
    pub min: f64,
    pub mid: f64,
    pub max: f64,
    /// (max − min) ÷ min before rounding.
    pub spread: f64,
    /// Rounding step (0: not rounded).
    pub step: f64,
}

/// Round to the nearest multiple of `step` (halves away from zero); `step` ≤ 0 leaves `v`.
pub fn round_to(v: f64, step: f64) -> f64 {
    if step > 0.0 { (v / step).round() * step } else { v }
}

/// The range around `mid` with spread `s`: min = mid × 2 ÷ (2 + s), max = min × (1 + s); each of
/// min, mid and max then rounded to the nearest `step`.
pub fn pay_range(mid: f64, spread: f64, step: f64) -> PayRange {
    let min = mid * 2.0 / (2.0 + spread);
    let max = min * (1.0 + spread);
    PayRange { min: round_to(min, step), mid: round_to(mid, step), max: round_to(max, step), spread, step }
}

/// How one pay compares with the market and the range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayCheck {
    pub pay: f64,
    pub position: Option<Position>,
    /// The position in words ("at the 43rd percentile").
    pub position_text: String,
    /// pay ÷ range midpoint.
    pub compa_ratio: f64,
    /// (pay − min) ÷ (max − min): 0 at the minimum, 1 at the maximum, outside 0–1 outside the range.
    pub penetration: Option<f64>,
}

pub fn check(pay: f64, market: &Percentiles, range: &PayRange) -> PayCheck {
    let position = market.position_of(pay);
    PayCheck {
        pay,
        position,
        position_text: position.map_or_else(|| "unknown (too few market percentiles)".into(), |p| p.describe()),
        compa_ratio: pay / range.mid,
        penetration: (range.max > range.min).then(|| (pay - range.min) / (range.max - range.min)),
    }
}

/// A one-line verdict on an offer.
pub fn verdict(c: &PayCheck, range: &PayRange) -> String {
    let pct = |v: f64| format!("{:.0}%", v * 100.0);
    let place = if c.pay < range.min {
        format!("below the range minimum — likely uncompetitive ({} of the midpoint)", pct(c.compa_ratio))
    } else if c.pay > range.max {
        format!("above the range maximum ({} of the midpoint) — check internal equity", pct(c.compa_ratio))
    } else if c.compa_ratio < 0.95 {
        format!("in the range but below the midpoint ({} of it)", pct(c.compa_ratio))
    } else if c.compa_ratio <= 1.05 {
        format!("at the midpoint ({} of it) — competitive", pct(c.compa_ratio))
    } else {
        format!("in the range, above the midpoint ({} of it) — competitive", pct(c.compa_ratio))
    };
    format!("The offer is {place}; it sits {} of the market.", c.position_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn market() -> Percentiles {
        Percentiles {
            p10: Some(40_000.0),
            p25: Some(45_000.0),
            median: Some(50_000.0),
            p75: Some(56_000.0),
            p90: Some(62_000.0),
        }
    }

    #[test]
    fn range_formulas() {
        // mid 50,000, s 0.40: min = 50,000 × 2 / 2.4 = 41,666.67, max = 41,666.67 × 1.4 = 58,333.33.
        let r = pay_range(50_000.0, 0.40, 0.0);
        assert!((r.min - 41_666.666_667).abs() < 1e-3 && (r.max - 58_333.333_333).abs() < 1e-3, "{r:?}");
        assert!(((r.max - r.min) / r.min - 0.40).abs() < 1e-12);
        assert!(((r.min + r.max) / 2.0 - r.mid).abs() < 1e-9, "mid is halfway");
        // Rounded to 500: 41,500 / 50,000 / 58,500.
        let r = pay_range(50_000.0, 0.40, 500.0);
        assert_eq!((r.min, r.mid, r.max), (41_500.0, 50_000.0, 58_500.0));
        // s 0.5 on 48,000: min 38,400, max 57,600.
        let r = pay_range(48_000.0, 0.5, 0.0);
        assert!((r.min - 38_400.0).abs() < 1e-9 && (r.max - 57_600.0).abs() < 1e-9);
    }

    #[test]
    fn value_at_policy_percentiles() {
        let m = market();
        assert_eq!(m.value_at(50.0), Some(50_000.0));
        // p40: 45,000 + 5,000 × 15/25 = 48,000; p60: 50,000 + 6,000 × 10/25 = 52,400.
        assert!((m.value_at(40.0).expect("p40") - 48_000.0).abs() < 1e-9);
        assert!((m.value_at(60.0).expect("p60") - 52_400.0).abs() < 1e-9);
        assert_eq!(m.value_at(5.0), None);
        let sparse =
            Percentiles { p10: Some(20_440.0), median: Some(30_610.0), p90: Some(50_060.0), ..Default::default() };
        // p40 between p10 and median: 20,440 + 10,170 × 30/40 = 28,067.5.
        assert!((sparse.value_at(40.0).expect("p40") - 28_067.5).abs() < 1e-9);
    }

    #[test]
    fn offer_position_inside_below_above() {
        let m = market();
        // 52,000: between median (50) and p75 (75): 50 + 25 × 2,000/6,000 = 58.33.
        match m.position_of(52_000.0) {
            Some(Position::At(q)) => assert!((q - 58.333_333).abs() < 1e-5, "{q}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(m.position_of(40_000.0), Some(Position::At(10.0)));
        assert_eq!(m.position_of(62_000.0), Some(Position::At(90.0)));
        assert_eq!(m.position_of(39_999.0), Some(Position::Below(10.0)));
        assert_eq!(m.position_of(70_000.0), Some(Position::Above(90.0)));
        assert_eq!(Position::Below(10.0).describe(), "below the 10th percentile");
        assert_eq!(Position::At(58.33).describe(), "at the 58th percentile");
        let one = Percentiles { median: Some(1.0), ..Default::default() };
        assert_eq!(one.position_of(1.0), None, "one point gives no position");
    }

    #[test]
    fn compa_ratio_and_penetration() {
        let r = pay_range(50_000.0, 0.40, 500.0); // 41,500 / 50,000 / 58,500
        let c = check(52_000.0, &market(), &r);
        assert!((c.compa_ratio - 1.04).abs() < 1e-12);
        // (52,000 − 41,500) / 17,000 = 0.617647.
        assert!((c.penetration.expect("range") - 0.617_647).abs() < 1e-6);
        let low = check(40_000.0, &market(), &r);
        assert!(low.penetration.expect("range") < 0.0);
        assert!(verdict(&low, &r).contains("below the range minimum"), "{}", verdict(&low, &r));
        assert!(verdict(&c, &r).contains("at the 58th percentile"), "{}", verdict(&c, &r));
    }

    #[test]
    fn ordinals() {
        assert_eq!(
            [1.0, 2.0, 3.0, 11.0, 12.0, 13.0, 21.0, 90.0].map(ordinal),
            ["1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "90th"]
        );
    }
}
