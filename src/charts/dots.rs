//! Dot plot: one row per figure, a dot at its value, and a dashed vertical line for a marked
//! value (the blended estimate), so the spread between sources is visible at a glance.

use anyhow::Result;
use plotters::prelude::*;

use super::theme::{self, AXIS_SIZE, BAR_ROW, FONT, LABEL_SIZE, WIDTH};
use super::{Bar, tick};

pub fn draw(value_axis: &str, points: &[Bar], marker: Option<&Bar>) -> Result<String> {
    let n = points.len().max(1);
    let height = 80 + BAR_ROW * n as u32;
    let label_width =
        points.iter().map(|p| theme::text_width(&p.label, LABEL_SIZE)).max().unwrap_or(60).clamp(60, 320) + 12;
    let values = points.iter().map(|p| p.value).chain(marker.map(|m| m.value));
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let pad = ((hi - lo) * 0.12).max(hi.abs() * 0.05).max(1.0);
    let (x0, x1) = ((lo - pad).max(0.0), hi + pad * 2.0);
    let money = value_axis.contains('$');
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(44)
            .y_label_area_size(label_width)
            .build_cartesian_2d(x0..x1, (0..n).into_segmented())?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(theme::GRID)
            .x_labels(6)
            .x_desc(value_axis)
            .x_label_formatter(&|v| tick(*v, money))
            .y_labels(n + 1)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => {
                    n.checked_sub(1 + *i).and_then(|k| points.get(k)).map_or_else(String::new, |p| p.label.clone())
                }
                _ => String::new(),
            })
            .label_style((FONT, AXIS_SIZE).into_font().color(&theme::TEXT))
            .axis_desc_style((FONT, LABEL_SIZE).into_font().color(&theme::TEXT))
            .draw()?;
        if let Some(m) = marker {
            chart.draw_series(DashedLineSeries::new(
                [(m.value, SegmentValue::Exact(0)), (m.value, SegmentValue::Exact(n))],
                6,
                4,
                theme::colour(1).stroke_width(2),
            ))?;
        }
        let anchor = plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        );
        for (i, p) in points.iter().rev().enumerate() {
            let colour = if p.reference { theme::REFERENCE } else { theme::colour(0) };
            chart.draw_series(std::iter::once(Circle::new(
                (p.value, SegmentValue::CenterOf(i)),
                6,
                colour.filled(),
            )))?;
            let style = TextStyle::from((FONT, AXIS_SIZE).into_font()).color(&theme::TEXT).pos(anchor);
            chart.draw_series(std::iter::once(Text::new(
                format!("  {}", p.value_text),
                (p.value, SegmentValue::CenterOf(i)),
                style,
            )))?;
        }
        root.present()?;
    }
    Ok(svg)
}
