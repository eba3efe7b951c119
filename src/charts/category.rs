//! The frame shared by the horizontal category charts (bars, dots, ranges): one row per
//! category, first category at the top, the value axis along the bottom.

use std::ops::Range;

use anyhow::Result;
use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordusize};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::theme::{self, AXIS_SIZE, BAR_ROW, FONT, LABEL_SIZE, WIDTH};
use super::tick;

/// Characters of a category label shown on the axis.
const MAX_LABEL: usize = 42;

/// A chart area with values along x and categories (segments) along y.
pub type Frame<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, SegmentedCoord<RangedCoordusize>>>;

/// The segment of the `i`-th category (plotters counts segments from the bottom).
pub fn row(count: usize, i: usize) -> usize {
    count.saturating_sub(1 + i)
}

/// Text style for a value printed just right of a point.
pub fn value_label(size: u32) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).color(&theme::TEXT).pos(Pos::new(HPos::Left, VPos::Center))
}

/// Draw the frame for `labels` over `x`, let `draw_rows` fill it, and return the SVG.
pub fn render(
    value_axis: &str,
    labels: &[String],
    x: Range<f64>,
    y_grid: bool,
    draw_rows: impl FnOnce(&mut Frame) -> Result<()>,
) -> Result<String> {
    // Long labels (an agency's industry titles) are shortened on the axis; the table beside the
    // chart and the SVG's description keep them whole.
    let labels: Vec<String> = labels.iter().map(|l| theme::shorten(l, MAX_LABEL)).collect();
    let n = labels.len().max(1);
    let height = 80 + BAR_ROW * n as u32;
    let label_width = labels.iter().map(|l| theme::text_width(l, LABEL_SIZE)).max().unwrap_or(60).clamp(60, 320) + 12;
    let money = value_axis.contains('$');
    let mut svg = String::new();
    {
        let root: DrawingArea<SVGBackend, Shift> =
            SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(44)
            .y_label_area_size(label_width)
            .build_cartesian_2d(x, (0..n).into_segmented())?;
        let mut mesh = chart.configure_mesh();
        if !y_grid {
            mesh.disable_y_mesh();
        }
        mesh.light_line_style(WHITE)
            .bold_line_style(theme::GRID)
            .x_labels(6)
            .x_desc(value_axis)
            .x_label_formatter(&|v| tick(*v, money))
            .y_labels(n + 1)
            .y_label_formatter(&|v| match v {
                // plotters also asks for the empty headroom segment above the last row: no label.
                SegmentValue::CenterOf(i) => {
                    n.checked_sub(1 + *i).and_then(|k| labels.get(k)).cloned().unwrap_or_default()
                }
                _ => String::new(),
            })
            .label_style((FONT, AXIS_SIZE).into_font().color(&theme::TEXT))
            .axis_desc_style((FONT, LABEL_SIZE).into_font().color(&theme::TEXT))
            .draw()?;
        draw_rows(&mut chart)?;
        root.present()?;
    }
    Ok(svg)
}
