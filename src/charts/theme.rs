//! Chart look in one place: sizes, fonts, and the Okabe–Ito colour-blind-safe palette.

use plotters::style::RGBColor;

pub const WIDTH: u32 = 720;
pub const FONT: &str = "sans-serif";
pub const LABEL_SIZE: u32 = 14;
pub const AXIS_SIZE: u32 = 13;
/// Height of one bar row in a horizontal bar chart.
pub const BAR_ROW: u32 = 38;

/// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
];

/// Bars that are a reference (e.g. "all settings") rather than a group.
pub const REFERENCE: RGBColor = RGBColor(120, 120, 120);
pub const GRID: RGBColor = RGBColor(225, 225, 225);
pub const TEXT: RGBColor = RGBColor(34, 34, 34);

pub fn colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// Estimated width in pixels of `text` at `size` (SVG text is laid out by the viewer's font).
pub fn text_width(text: &str, size: u32) -> u32 {
    (text.chars().count() as f64 * f64::from(size) * 0.56).ceil() as u32
}

/// `text` cut to `max` characters with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max.saturating_sub(1)).collect::<String>().trim_end())
    }
}
