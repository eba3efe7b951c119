//! HTML reports: tera templates (compiled in from `templates/`, autoescaped) filled from a
//! serialisable context. Rendering returns a String; the command writes it.

pub mod benchmark;
pub mod export;
pub mod index;
pub mod outlook;
pub mod page;
pub mod paygap;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Serialize;
use tera::{Context, Tera};

use crate::analysis::figures::SourceInfo;
use crate::error::WagescopeError;
pub use page::PageMeta;

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
const TEMPLATES: [(&str, &str); 6] = [
    ("benchmark.html", include_str!("../../templates/benchmark.html")),
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("outlook.html", include_str!("../../templates/outlook.html")),
    ("paygap.html", include_str!("../../templates/paygap.html")),
];

/// The template engine: the built-in templates, each replaced by a file of the same name in
/// `overrides` (other `.html` files there are added, for includes). Autoescaping stays on for every
/// `.html` template: data is always escaped, only our own SVG is marked safe.
fn engine(overrides: Option<&Path>) -> Result<Tera> {
    let mut templates: Vec<(String, String, String)> =
        TEMPLATES.iter().map(|(name, text)| (name.to_string(), text.to_string(), format!("built-in {name}"))).collect();
    if let Some(dir) = overrides {
        if !dir.is_dir() {
            return Err(WagescopeError::Usage(format!("--templates {}: no such directory", dir.display())).into());
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|source| WagescopeError::Read { path: dir.to_path_buf(), source })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "html"))
            .collect();
        files.sort();
        for path in files {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let text =
                std::fs::read_to_string(&path).map_err(|source| WagescopeError::Read { path: path.clone(), source })?;
            let label = path.display().to_string();
            match templates.iter_mut().find(|(n, _, _)| *n == name) {
                Some(t) => *t = (name, text, label),
                None => templates.push((name, text, label)),
            }
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
        .map_err(|e| template_error(&e, &templates))?;
    Ok(tera)
}

/// A template that does not parse: its file, line and column, and what the parser expected.
fn template_error(error: &tera::Error, templates: &[(String, String, String)]) -> anyhow::Error {
    use std::error::Error as _;
    let mut messages = vec![error.to_string()];
    let mut source = error.source();
    while let Some(e) = source {
        messages.push(e.to_string());
        source = e.source();
    }
    // "Failed to parse \"name\"" names the template; the parser's message holds " --> line:col".
    let file = templates
        .iter()
        .find(|(name, _, _)| messages[0].contains(&format!("\"{name}\"")) || messages[0].contains(&format!("'{name}'")))
        .map_or_else(|| "a template".to_string(), |(_, _, label)| label.clone());
    let detail = messages.last().cloned().unwrap_or_default();
    let at = detail
        .split("-->")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map_or_else(String::new, |lc| format!(":{lc}"));
    let expected = detail.lines().find_map(|l| l.trim().strip_prefix("= ")).unwrap_or(detail.trim());
    anyhow::anyhow!("{file}{at}: template syntax error: {expected}; nothing was written")
}

/// Render a template with a serialisable context and the page fields (under `page`).
pub fn render<T: Serialize, D: Serialize>(
    template: &str,
    document: &Document<T, D>,
    overrides: Option<&Path>,
) -> Result<String> {
    Renderer::new(overrides)?.render(template, document)
}

/// The templates parsed once, for many reports (a batch).
pub struct Renderer {
    tera: Tera,
    overrides: Option<PathBuf>,
}

impl Renderer {
    pub fn new(overrides: Option<&Path>) -> Result<Renderer> {
        Ok(Renderer { tera: engine(overrides)?, overrides: overrides.map(Path::to_path_buf) })
    }

    pub fn render<T: Serialize, D: Serialize>(&self, template: &str, document: &Document<T, D>) -> Result<String> {
        let overrides = self.overrides.as_deref();
        let tera = &self.tera;
        let context = Context::from_serialize(document).context("preparing the report context")?;
        tera.render(template, &context).map_err(|e| {
            use std::error::Error as _;
            let mut chain = e.to_string();
            let mut source = e.source();
            while let Some(s) = source {
                chain.push_str(": ");
                chain.push_str(&s.to_string());
                source = s.source();
            }
            // Name the file the user wrote when the failing template (or one it extends) is an override.
            let overridden: Vec<String> = overrides
                .map(|dir| {
                    TEMPLATES
                        .iter()
                        .map(|(name, _)| dir.join(name))
                        .filter(|p| p.is_file())
                        .map(|p| p.display().to_string())
                        .collect()
                })
                .unwrap_or_default();
            let from = if overridden.is_empty() {
                String::new()
            } else {
                format!(
                    " (templates overridden from {}: {})",
                    overrides.map(|d| d.display().to_string()).unwrap_or_default(),
                    overridden.join(", ")
                )
            };
            anyhow::anyhow!("rendering template {template}{from}: {chain}; nothing was written")
        })
    }
}

/// A report's context with its page fields and the analysis result behind it (raw numbers, each
/// figure with its source): what templates receive and `--format json` writes.
#[derive(Serialize)]
pub struct Document<'a, T: Serialize, D: Serialize> {
    #[serde(flatten)]
    pub report: &'a T,
    pub page: &'a PageMeta,
    pub data: &'a D,
}
