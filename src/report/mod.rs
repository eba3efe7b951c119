//! HTML reports: tera templates (compiled in from `templates/`, autoescaped) filled from a
//! serialisable context. Rendering returns a String; the command writes it.

pub mod benchmark;
pub mod employment;
pub mod micro;
pub mod outlook;
pub mod sources_say;

use std::collections::HashMap;

use anyhow::{Context as _, Result};
use serde::Serialize;
use tera::{Context, Tera};

use crate::analysis::figures::SourceInfo;

/// A footnote: source number, id and the data year of the figure it marks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ref {
    pub n: usize,
    pub id: String,
    pub year: String,
}

/// Source id → footnote number.
pub struct Refs {
    numbers: HashMap<String, usize>,
}

impl Refs {
    pub fn new(sources: &[SourceInfo]) -> Refs {
        Refs { numbers: sources.iter().map(|s| (s.id.clone(), s.number)).collect() }
    }

    /// The footnote for `source` (validation guarantees every id is known; 0 marks a gap).
    pub fn get(&self, source: &str, year: &str) -> Ref {
        Ref { n: self.numbers.get(source).copied().unwrap_or(0), id: source.to_string(), year: year.to_string() }
    }
}

/// The built-in templates, by name. Names end in `.html` so tera autoescapes them.
const TEMPLATES: [(&str, &str); 4] = [
    ("benchmark.html", include_str!("../../templates/benchmark.html")),
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("outlook.html", include_str!("../../templates/outlook.html")),
];

fn engine() -> Result<Tera> {
    let mut tera = Tera::default();
    tera.add_raw_templates(TEMPLATES.to_vec()).context("loading the built-in templates")?;
    tera.autoescape_on(vec![".html"]);
    Ok(tera)
}

/// Render a template with a serialisable context.
pub fn render(template: &str, context: &impl Serialize) -> Result<String> {
    let tera = engine()?;
    let context = Context::from_serialize(context).context("preparing the report context")?;
    tera.render(template, &context).with_context(|| format!("rendering template {template}"))
}
