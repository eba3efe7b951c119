//! Horizontal bar chart: one labelled bar per category, value printed at the bar's end.

use anyhow::Result;
use plotters::prelude::*;

use super::Bar;
use super::category::{render, row, value_label};
use super::theme::{self, LABEL_SIZE};

pub fn draw(value_axis: &str, bars: &[Bar]) -> Result<String> {
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    // Leave room to the right of the longest bar for its value text.
    let x_max = if max > 0.0 { max * 1.22 } else { 1.0 };
    render(value_axis, &labels, 0.0..x_max, false, |chart| {
        for (i, bar) in bars.iter().enumerate() {
            let r = row(bars.len(), i);
            let colour = if bar.reference { theme::REFERENCE } else { theme::colour(0) };
            let rect = [(0.0, SegmentValue::Exact(r)), (bar.value, SegmentValue::Exact(r + 1))];
            chart.draw_series(std::iter::once(Rectangle::new(rect, colour.filled())))?;
            let text = Text::new(
                format!(" {}", bar.value_text),
                (bar.value, SegmentValue::CenterOf(r)),
                value_label(LABEL_SIZE),
            );
            chart.draw_series(std::iter::once(text))?;
        }
        Ok(())
    })
}
