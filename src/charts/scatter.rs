//! Scatter chart: people as points (pay against years of experience), coloured by group, with the
//! pay range drawn as a band behind them.

use anyhow::Result;
use plotters::prelude::*;

use super::theme;
use super::{Band, Point, tick, xy};

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
    let mut groups: Vec<&str> = Vec::new();
    for p in points {
        if !groups.contains(&p.group.as_str()) {
            groups.push(&p.group);
        }
    }
    let x_label = |v: &f64| tick(*v, false);
    xy::render((x_axis, y_axis), (0.0..x1, y0..y1), 400, &x_label, SeriesLabelPosition::UpperLeft, |chart| {
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
        Ok(())
    })
}
