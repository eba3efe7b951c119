//! Range chart: one horizontal band per category from `low` to `high` (p25–p75) with a dot at
//! the middle value (the median), and an optional marked value (an offer) drawn as a dashed
//! vertical line.

use anyhow::Result;
use plotters::prelude::*;

use super::category::{render, row, value_label};
use super::theme::{self, AXIS_SIZE};

/// Thickness of a band, in pixels (a row is `theme::BAR_ROW` high).
const BAND: u32 = 18;
use super::{Bar, RangeRow};

pub fn draw(value_axis: &str, rows: &[RangeRow], marker: Option<&Bar>) -> Result<String> {
    let labels: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
    let (lo, hi) = rows.iter().fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(r.low), hi.max(r.high)));
    let (lo, hi) = marker.map_or((lo, hi), |m| (lo.min(m.value), hi.max(m.value)));
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let pad = ((hi - lo) * 0.1).max(1.0);
    render(value_axis, &labels, (lo - pad).max(0.0)..hi + pad * 2.5, false, |chart| {
        if let Some(m) = marker {
            let line = [(m.value, SegmentValue::Exact(0)), (m.value, SegmentValue::Exact(rows.len()))];
            chart.draw_series(DashedLineSeries::new(line, 6, 4, theme::colour(3).stroke_width(3)))?;
            let at = (m.value, SegmentValue::Exact(rows.len()));
            chart.draw_series(std::iter::once(Text::new(format!(" {}", m.value_text), at, value_label(AXIS_SIZE))))?;
        }
        for (i, r) in rows.iter().enumerate() {
            let s = row(rows.len(), i);
            // A thick line at the row's centre: a band with a gap above and below it.
            let band = vec![(r.low, SegmentValue::CenterOf(s)), (r.high, SegmentValue::CenterOf(s))];
            chart.draw_series(std::iter::once(PathElement::new(band, theme::colour(5).mix(0.7).stroke_width(BAND))))?;
            chart.draw_series(std::iter::once(Circle::new(
                (r.mid, SegmentValue::CenterOf(s)),
                6,
                theme::colour(0).filled(),
            )))?;
            let text =
                Text::new(format!("  {}", r.mid_text), (r.high, SegmentValue::CenterOf(s)), value_label(AXIS_SIZE));
            chart.draw_series(std::iter::once(text))?;
        }
        Ok(())
    })
}
