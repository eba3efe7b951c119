//! Charts as data, then SVG: each chart kind builds a [`ChartSpec`] (pure, testable); one
//! renderer per layout turns a spec into an accessible inline SVG string with plotters.

pub mod bars;
pub mod category;
pub mod dots;
pub mod lines;
pub mod ranges;
pub mod scatter;
pub mod theme;
pub mod xy;

use anyhow::Result;
use serde::Serialize;

/// One bar of a bar chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as printed at the end of the bar.
    pub value_text: String,
    /// A reference bar (drawn grey), such as the all-settings median.
    pub reference: bool,
}

/// One row of a range chart: a band from `low` to `high` with a dot at `mid`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeRow {
    pub label: String,
    pub low: f64,
    pub mid: f64,
    pub high: f64,
    /// The middle value as printed beside the band.
    pub mid_text: String,
}

/// One point of a scatter chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    /// The group it is coloured by (one legend entry per group, in first-seen order).
    pub group: String,
}

/// A horizontal band from `low` to `high` behind a scatter chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub low: f64,
    pub high: f64,
    pub label: String,
}

/// One line of a line chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineSeries {
    pub name: String,
    /// (x, y) points in x order.
    pub points: Vec<(f64, f64)>,
    /// Dashed: a projection rather than an observed series.
    pub dashed: bool,
}

/// What a chart shows, independent of how it is drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ChartKind {
    /// Horizontal bars, one per category.
    Bars { value_axis: String, bars: Vec<Bar> },
    /// Lines over a numeric x axis (years).
    /// `breaks` are marked x positions (e.g. an occupation-code change), drawn as labelled
    /// vertical lines.
    Lines { x_axis: String, y_axis: String, series: Vec<LineSeries>, breaks: Vec<(f64, String)> },
    /// One dot per labelled figure on a common value axis, with an optional marked value (a
    /// blended estimate) drawn as a vertical line.
    Dots { value_axis: String, points: Vec<Bar>, marker: Option<Bar> },
    /// One horizontal band per category (e.g. p25–p75) with a dot at the middle value (median),
    /// and an optional marked value (an offer) drawn as a dashed vertical line.
    Ranges { value_axis: String, rows: Vec<RangeRow>, marker: Option<Bar> },
    /// Points on two numeric axes, coloured by group, with an optional horizontal band behind them
    /// (a pay range).
    Scatter { x_axis: String, y_axis: String, points: Vec<Point>, band: Option<Band> },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartSpec {
    /// Unique within a report; used for the SVG's title and description ids.
    pub id: String,
    pub title: String,
    /// What the chart shows, in words: the SVG's `<desc>` for screen readers.
    pub description: String,
    pub kind: ChartKind,
}

/// Draw `spec` as an SVG element with `role="img"`, `<title>` and `<desc>`.
pub fn render_svg(spec: &ChartSpec) -> Result<String> {
    let raw = match &spec.kind {
        ChartKind::Bars { value_axis, bars } => bars::draw(value_axis, bars)?,
        ChartKind::Lines { x_axis, y_axis, series, breaks } => lines::draw(x_axis, y_axis, series, breaks)?,
        ChartKind::Dots { value_axis, points, marker } => dots::draw(value_axis, points, marker.as_ref())?,
        ChartKind::Ranges { value_axis, rows, marker } => ranges::draw(value_axis, rows, marker.as_ref())?,
        ChartKind::Scatter { x_axis, y_axis, points, band } => scatter::draw(x_axis, y_axis, points, band.as_ref())?,
    };
    Ok(accessible(&raw, spec))
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Add role, labelling, title and description to plotters' `<svg …>` element.
fn accessible(svg: &str, spec: &ChartSpec) -> String {
    let id = xml_escape(&spec.id);
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let (open, rest) = svg.split_at(open_end);
    let open = open.replacen(
        "<svg ",
        &format!("<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" "),
        1,
    );
    format!(
        "{open}><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        xml_escape(&spec.title),
        xml_escape(&spec.description),
        &rest[1..]
    )
}

/// Tick label with thousands separators (and a `$` for money axes).
pub fn tick(value: f64, money: bool) -> String {
    let text = crate::format::thousands(value, 0);
    if money { format!("${text}") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_carries_title_desc_and_escapes_labels() {
        let spec = ChartSpec {
            id: "c1".into(),
            title: "Pay <by> setting & more".into(),
            description: "Bars \"quoted\"".into(),
            kind: ChartKind::Bars {
                value_axis: "US$ per year".into(),
                bars: vec![Bar {
                    label: "<script>alert(1)</script>".into(),
                    value: 10.0,
                    value_text: "$10".into(),
                    reference: false,
                }],
            },
        };
        let svg = render_svg(&spec).expect("test value");
        assert!(
            svg.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"c1-title c1-desc\""),
            "{}",
            &svg[..200]
        );
        assert!(svg.contains("<title id=\"c1-title\">Pay &lt;by&gt; setting &amp; more</title>"));
        assert!(svg.contains("<desc id=\"c1-desc\">Bars &quot;quoted&quot;</desc>"));
        assert!(!svg.contains("<script>"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }
}
