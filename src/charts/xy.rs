//! The frame shared by the charts on two numeric axes (lines over years, scatter): size, mesh,
//! axis labels and the legend, so they look alike and are drawn in one place.

use std::ops::Range;

use anyhow::Result;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::theme::{self, AXIS_SIZE, FONT, LABEL_SIZE, WIDTH};
use super::tick;

/// A chart area with numbers along both axes.
pub type Frame<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draw the frame (`height` pixels; x ticks by `x_label`, y ticks as money when the y axis says
/// `$`), let `draw` fill it, add the legend at `legend`, and return the SVG.
pub fn render(
    (x_axis, y_axis): (&str, &str),
    (x, y): (Range<f64>, Range<f64>),
    height: u32,
    x_label: &dyn Fn(&f64) -> String,
    legend: SeriesLabelPosition,
    draw: impl FnOnce(&mut Frame) -> Result<()>,
) -> Result<String> {
    let money = y_axis.contains('$');
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart =
            ChartBuilder::on(&root).margin(12).x_label_area_size(44).y_label_area_size(84).build_cartesian_2d(x, y)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(theme::GRID)
            .x_desc(x_axis)
            .y_desc(y_axis)
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(x_label)
            .y_label_formatter(&|v| tick(*v, money))
            .label_style((FONT, AXIS_SIZE).into_font().color(&theme::TEXT))
            .axis_desc_style((FONT, LABEL_SIZE).into_font().color(&theme::TEXT))
            .draw()?;
        draw(&mut chart)?;
        chart
            .configure_series_labels()
            .position(legend)
            .background_style(WHITE.mix(0.9))
            .border_style(theme::GRID)
            .label_font((FONT, AXIS_SIZE).into_font().color(&theme::TEXT))
            .draw()?;
        root.present()?;
    }
    Ok(svg)
}
