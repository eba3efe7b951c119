//! `wagescope import oews FILE… -o DIR`: agency files as downloaded → a dataset directory.

use std::path::Path;

use anyhow::Result;
use polars::prelude::*;

use crate::cli::{Cli, ImportArgs, ImportKind, OewsArgs};
use crate::data::schema::col as c;
use crate::data::{CheckOptions, DataSource, Dataset};
use crate::error::WagescopeError;
use crate::import::{self, oews, sheet};
use crate::output;

pub fn run(cli: &Cli, args: &ImportArgs) -> Result<()> {
    match &args.kind {
        ImportKind::Oews(a) => {
            let summary = import_oews(cli, a, &a.output)?;
            output::print(&summary)
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Import `a.files` into the dataset directory `out`; returns what to print.
pub(super) fn import_oews(cli: &Cli, a: &OewsArgs, out: &Path) -> Result<String> {
    let mut imports = Vec::new();
    let mut lines = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for path in &a.files {
        let name = file_name(path);
        if names.contains(&name) {
            return Err(WagescopeError::Usage(format!(
                "{name} is named twice; each file is a source with its own name"
            ))
            .into());
        }
        names.push(name.clone());
        let year = oews::year_of(&name, a.year).ok_or_else(|| {
            WagescopeError::Usage(format!(
                "cannot tell the year of {}: its name has no year like M2023; pass --year",
                path.display()
            ))
        })?;
        let sheet = sheet::read(path, "an OEWS table", oews::LOOKED_FOR, oews::is_header)?;
        let imported = oews::import(sheet, &name, year, &a.occupation)?;
        for w in &imported.warnings {
            eprintln!("{w}");
        }
        lines.push(format!(
            "{}: OEWS May {} ({}), {} rows → {} occupations, {} wage rows",
            path.display(),
            imported.year,
            imported.scope,
            imported.rows,
            imported.occupations.height(),
            imported.wages.height()
        ));
        imports.push(imported);
    }
    let sources = sources_frame(&imports)?;
    let mut tables = import::combine(&imports, sources)?;
    // The result must load as a dataset: check it before it is written.
    let check_dir = tempfile::tempdir()?;
    let probe = check_dir.path().join("dataset");
    import::write_dataset(&probe, &mut tables)?;
    let options = CheckOptions { hours_per_year: cli.hours_per_year, ..CheckOptions::default() };
    Dataset::load(&DataSource::Dir(probe.clone()), options)?;
    import::write_dataset(out, &mut tables)?;
    lines.push(format!("wrote {} (use it with --data {})", out.display(), out.display()));
    Ok(format!("{}\n", lines.join("\n")))
}

fn sources_frame(imports: &[oews::OewsImport]) -> PolarsResult<DataFrame> {
    let id: Vec<String> = imports.iter().map(|i| i.source_id.clone()).collect();
    let title: Vec<String> = imports
        .iter()
        .map(|i| format!("Occupational Employment and Wage Statistics, May {}: {}", i.year, i.scope))
        .collect();
    let publisher: Vec<&str> = imports.iter().map(|_| "U.S. Bureau of Labor Statistics").collect();
    let kind: Vec<&str> = imports.iter().map(|_| "agency").collect();
    let data_date: Vec<String> = imports.iter().map(|i| format!("{}-05", i.year)).collect();
    let citation: Vec<String> = imports
        .iter()
        .map(|i| {
            format!(
                "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May {} ({})",
                i.year, i.source_id
            )
        })
        .collect();
    let notes: Vec<&str> = imports
        .iter()
        .map(|_| "Imported by wagescope import oews. Markers: * and ** = not available, # = at or above the top-coding cap (left empty, never used as a wage), ~ = fewer than 0.5% of establishments reporting; see each row's notes.")
        .collect();
    DataFrame::new_infer_height(vec![
        Column::new(c::ID.into(), id),
        Column::new(c::TITLE.into(), title),
        Column::new(c::PUBLISHER.into(), publisher),
        Column::new(c::SOURCE_KIND.into(), kind),
        Column::new(c::DATA_DATE.into(), data_date),
        Column::new(c::CITATION.into(), citation),
        Column::new(c::NOTES.into(), notes),
    ])
}
