//! Scatter chart: people as points (pay against years of experience), coloured by group, with the
//! pay range drawn as a band behind them.

use anyhow::Result;
use plotters::prelude::*;

use super::theme::{self, AXIS_SIZE, FONT, LABEL_SIZE, WIDTH};
use super::{Band, Point, tick};

pub fn draw(x_axis: &str, y_axis: &str, points: &[Point], band: Option<&Band>) -> Result<String> {
    let (mut x1, mut y0, mut y1) = (1.0_f64, f64::MAX, f64::MIN);
    for p in points {
        x1 = x1.max(p.x);
        y0 = y0.min(p.y);
        y1 = y1.max(p.y);
    }
    if let Some(b) = band {
        y0 = y0.min(b.low);
        y1 = y1.max(b.high);
    }
    if y0 > y1 {
        (y0, y1) = (0.0, 1.0);
    }
    let pad = ((y1 - y0) * 0.1).max(1.0);
    let (y0, y1) = ((y0 - pad).max(0.0), y1 + pad);
    let x1 = x1 * 1.08 + 0.5;
    let money = y_axis.contains('$');
    let mut groups: Vec<&str> = Vec::new();
    for p in points {
        if !groups.contains(&p.group.as_str()) {
            groups.push(&p.group);
        }
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 400)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(84)
            .build_cartesian_2d(0.0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(theme::GRID)
            .x_desc(x_axis)
            .y_desc(y_axis)
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|v| tick(*v, false))
            .y_label_formatter(&|v| tick(*v, money))
            .label_style((FONT, AXIS_SIZE).into_font().color(&theme::TEXT))
            .axis_desc_style((FONT, LABEL_SIZE).into_font().color(&theme::TEXT))
            .draw()?;
        if let Some(b) = band {
            let colour = theme::colour(5);
            chart
                .draw_series(std::iter::once(Rectangle::new([(0.0, b.low), (x1, b.high)], colour.mix(0.25).filled())))?
                .label(b.label.clone())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], colour.mix(0.4).filled()));
        }
        for (i, group) in groups.iter().enumerate() {
            let colour = theme::colour(i);
            let shown = points.iter().filter(|p| p.group == *group);
            chart
                .draw_series(shown.map(|p| Circle::new((p.x, p.y), 6, colour.filled())))?
                .label(group.to_string())
                .legend(move |(x, y)| Circle::new((x + 9, y), 5, colour.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(theme::GRID)
            .label_font((FONT, AXIS_SIZE).into_font().color(&theme::TEXT))
            .draw()?;
        root.present()?;
    }
    Ok(svg)
}
