//! Dot plot: one row per figure, a dot at its value, and a dashed vertical line for a marked
//! value (the blended estimate), so the spread between sources is visible at a glance.

use anyhow::Result;
use plotters::prelude::*;

use super::Bar;
use super::category::{render, row, value_label};
use super::theme::{self, AXIS_SIZE};

pub fn draw(value_axis: &str, points: &[Bar], marker: Option<&Bar>) -> Result<String> {
    let labels: Vec<String> = points.iter().map(|p| p.label.clone()).collect();
    let values = points.iter().map(|p| p.value).chain(marker.map(|m| m.value));
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let pad = ((hi - lo) * 0.12).max(hi.abs() * 0.05).max(1.0);
    let n = points.len().max(1);
    // Start at 0 when every value is positive; negative values (a pay gap) get their room.
    let start = if lo >= 0.0 { (lo - pad).max(0.0) } else { lo - pad };
    render(value_axis, &labels, start..hi + pad * 2.0, true, |chart| {
        if let Some(m) = marker {
            let line = [(m.value, SegmentValue::Exact(0)), (m.value, SegmentValue::Exact(n))];
            chart.draw_series(DashedLineSeries::new(line, 6, 4, theme::colour(1).stroke_width(2)))?;
        }
        for (i, p) in points.iter().enumerate() {
            let at = (p.value, SegmentValue::CenterOf(row(points.len(), i)));
            let colour = if p.reference { theme::REFERENCE } else { theme::colour(0) };
            chart.draw_series(std::iter::once(Circle::new(at.clone(), 6, colour.filled())))?;
            chart.draw_series(std::iter::once(Text::new(format!("  {}", p.value_text), at, value_label(AXIS_SIZE))))?;
        }
        Ok(())
    })
}
