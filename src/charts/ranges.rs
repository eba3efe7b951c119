//! Range chart: one horizontal band per category from `low` to `high` (p25–p75) with a dot at
//! the middle value (the median).

use anyhow::Result;
use plotters::prelude::*;

use super::theme::{self, AXIS_SIZE, BAR_ROW, FONT, LABEL_SIZE, WIDTH};
use super::{RangeRow, tick};

pub fn draw(value_axis: &str, rows: &[RangeRow]) -> Result<String> {
    let n = rows.len().max(1);
    let height = 80 + BAR_ROW * n as u32;
    let label_width =
        rows.iter().map(|r| theme::text_width(&r.label, LABEL_SIZE)).max().unwrap_or(60).clamp(60, 320) + 12;
    let (lo, hi) = rows.iter().fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(r.low), hi.max(r.high)));
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let pad = ((hi - lo) * 0.1).max(1.0);
    let (x0, x1) = ((lo - pad).max(0.0), hi + pad * 2.5);
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
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(theme::GRID)
            .x_labels(6)
            .x_desc(value_axis)
            .x_label_formatter(&|v| tick(*v, money))
            .y_labels(n + 1)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => {
                    n.checked_sub(1 + *i).and_then(|k| rows.get(k)).map_or_else(String::new, |r| r.label.clone())
                }
                _ => String::new(),
            })
            .label_style((FONT, AXIS_SIZE).into_font().color(&theme::TEXT))
            .axis_desc_style((FONT, LABEL_SIZE).into_font().color(&theme::TEXT))
            .draw()?;
        let anchor = plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        );
        for (i, r) in rows.iter().rev().enumerate() {
            // The band takes the middle 40% of the row's height.
            let band = [(r.low, SegmentValue::Exact(i)), (r.high, SegmentValue::Exact(i + 1))];
            chart.draw_series(std::iter::once(Rectangle::new(band, theme::colour(5).mix(0.55).filled())))?;
            chart.draw_series(std::iter::once(Circle::new(
                (r.mid, SegmentValue::CenterOf(i)),
                6,
                theme::colour(0).filled(),
            )))?;
            let style = TextStyle::from((FONT, AXIS_SIZE).into_font()).color(&theme::TEXT).pos(anchor);
            chart.draw_series(std::iter::once(Text::new(
                format!("  {}", r.mid_text),
                (r.high, SegmentValue::CenterOf(i)),
                style,
            )))?;
        }
        root.present()?;
    }
    Ok(svg)
}
