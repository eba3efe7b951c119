//! Line chart over years: observed series solid, projections dashed, every point marked.

use anyhow::Result;
use plotters::prelude::*;

use super::theme::{self, AXIS_SIZE, FONT};
use super::{LineSeries as Line, xy};

pub fn draw(x_axis: &str, y_axis: &str, series: &[Line], breaks: &[(f64, String)]) -> Result<String> {
    let points = series.iter().flat_map(|s| s.points.iter());
    let (mut x0, mut x1, mut y1) = (f64::MAX, f64::MIN, 0.0_f64);
    for (x, y) in points {
        x0 = x0.min(*x);
        x1 = x1.max(*x);
        y1 = y1.max(*y);
    }
    if x0 > x1 {
        (x0, x1) = (0.0, 1.0);
    }
    let (x0, x1) = (x0 - 1.0, x1 + 1.0);
    let y_max = if y1 > 0.0 { y1 * 1.15 } else { 1.0 };
    let year = |v: &f64| if v.fract() == 0.0 { format!("{v:.0}") } else { String::new() };
    xy::render((x_axis, y_axis), (x0..x1, 0.0..y_max), 380, &year, SeriesLabelPosition::LowerRight, |chart| {
        for (x, label) in breaks {
            let grey = theme::REFERENCE.stroke_width(2);
            chart.draw_series(DashedLineSeries::new([(*x, 0.0), (*x, y_max)], 4, 4, grey))?;
            let style = TextStyle::from((FONT, AXIS_SIZE).into_font()).color(&theme::TEXT);
            chart.draw_series(std::iter::once(Text::new(format!(" {label}"), (*x, y_max * 0.97), style)))?;
        }
        for (i, line) in series.iter().enumerate() {
            let colour = theme::colour(i);
            let style = colour.stroke_width(3);
            let drawn = if line.dashed {
                chart.draw_series(DashedLineSeries::new(line.points.iter().copied(), 8, 5, style))?
            } else {
                chart.draw_series(LineSeries::new(line.points.iter().copied(), style))?
            };
            drawn
                .label(line.name.clone())
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(3)));
            chart.draw_series(line.points.iter().map(|p| Circle::new(*p, 4, colour.filled())))?;
        }
        Ok(())
    })
}
