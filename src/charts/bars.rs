//! Horizontal bar chart: one labelled bar per category, value printed at the bar's end.

use anyhow::Result;
use plotters::prelude::*;

use super::theme::{self, AXIS_SIZE, BAR_ROW, FONT, LABEL_SIZE, WIDTH};
use super::{Bar, tick};

pub fn draw(value_axis: &str, bars: &[Bar]) -> Result<String> {
    let n = bars.len().max(1);
    let height = 70 + BAR_ROW * n as u32;
    let label_width =
        bars.iter().map(|b| theme::text_width(&b.label, LABEL_SIZE)).max().unwrap_or(60).clamp(60, 300) + 12;
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    // Leave room to the right of the longest bar for its value text.
    let x_max = if max > 0.0 { max * 1.22 } else { 1.0 };
    let money = value_axis.contains('$');
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(44)
            .y_label_area_size(label_width)
            .build_cartesian_2d(0.0..x_max, (0..n).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(theme::GRID)
            .bold_line_style(theme::GRID)
            .x_labels(5)
            .x_desc(value_axis)
            .x_label_formatter(&|v| tick(*v, money))
            .y_labels(n + 1)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => {
                    n.checked_sub(1 + *i).and_then(|k| bars.get(k)).map_or_else(String::new, |b| b.label.clone())
                }
                _ => String::new(),
            })
            .label_style((FONT, AXIS_SIZE).into_font().color(&theme::TEXT))
            .axis_desc_style((FONT, LABEL_SIZE).into_font().color(&theme::TEXT))
            .draw()?;
        // plotters counts segments from the bottom; draw the first bar at the top.
        for (i, bar) in bars.iter().rev().enumerate() {
            let colour = if bar.reference { theme::REFERENCE } else { theme::colour(0) };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, SegmentValue::Exact(i)), (bar.value, SegmentValue::Exact(i + 1))],
                colour.filled(),
            )))?;
            let style = TextStyle::from((FONT, LABEL_SIZE).into_font()).color(&theme::TEXT).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                ),
            );
            chart.draw_series(std::iter::once(Text::new(
                format!(" {}", bar.value_text),
                (bar.value, SegmentValue::CenterOf(i)),
                style,
            )))?;
        }
        root.present()?;
    }
    Ok(svg)
}
