//! `wagescope import oews FILE… -o DIR`: agency files as downloaded → a dataset directory.

use std::path::Path;

use anyhow::Result;
use polars::prelude::*;

use crate::cli::{Cli, ImportArgs, ImportKind, OewsArgs};
use crate::data::origin::ColumnOrigins;
use crate::data::rounding::Rounding;
use crate::data::schema::col as c;
use crate::data::{CheckOptions, DataSource, Dataset};
use crate::error::WagescopeError;
use crate::import::{self, oews, projections, sheet};
use crate::output;
use crate::progress::{self, Task};

pub fn run(cli: &Cli, args: &ImportArgs) -> Result<()> {
    let summary = match &args.kind {
        ImportKind::Oews(a) => import_oews(cli, a, &a.output, WRITTEN)?.0,
        ImportKind::Projections(p) => {
            let a = OewsArgs {
                files: Vec::new(),
                output: p.output.clone(),
                occupation: p.occupation.clone(),
                year: None,
                projections: p.files.clone(),
                format: p.format,
            };
            import_oews(cli, &a, &p.output, WRITTEN)?.0
        }
    };
    output::print(&summary)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Each file is a source, known by its name: a name may be used once.
fn claim(names: &mut Vec<String>, name: &str) -> Result<()> {
    if names.iter().any(|n| n == name) {
        return Err(
            WagescopeError::Usage(format!("{name} is named twice; each file is a source with its own name")).into()
        );
    }
    names.push(name.to_string());
    Ok(())
}

/// Added to a problem that stops `import`.
const WRITTEN: &str = " (nothing was written)";

/// Import `a.files` (OEWS) and `a.projections` (EP) into the dataset directory `out`; returns what
/// to print, and which agency column each of the dataset's columns was read from. `suffix` is added
/// to each problem that stops it.
pub(super) fn import_oews(cli: &Cli, a: &OewsArgs, out: &Path, suffix: &str) -> Result<(String, ColumnOrigins)> {
    let mut imports = Vec::new();
    let mut lines = Vec::new();
    let mut names: Vec<String> = Vec::new();
    // Files read, then the dataset written (one step): shown when the import takes over a second.
    let task = Task::counted("", (a.files.len() + a.projections.len() + 1) as u64, "steps");
    for path in &a.files {
        let name = file_name(path);
        claim(&mut names, &name)?;
        let year = oews::year_of(&name, a.year).ok_or_else(|| {
            WagescopeError::Usage(format!(
                "cannot tell the year of {}: its name has no year like M2023; pass --year",
                path.display()
            ))
        })?;
        task.set_message(format!("reading {name}{}", progress::file_size(path)));
        let sheet = sheet::read(path, "an OEWS table", oews::LOOKED_FOR, oews::is_header)?;
        task.set_message(format!("converting {name} ({} rows)", sheet.frame.height()));
        let imported = oews::import(sheet, &name, year, &a.occupation)?;
        task.inc(1);
        task.suspend(|| {
            for w in &imported.warnings {
                eprintln!("{w}");
            }
        });
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
    let ep = if a.projections.is_empty() {
        None
    } else {
        let mut tables = Vec::new();
        for path in &a.projections {
            claim(&mut names, &file_name(path))?;
            task.set_message(format!("reading {}{}", file_name(path), progress::file_size(path)));
            tables.extend(sheet::read_tables(path, "an Employment Projections occupation table")?);
            task.inc(1);
        }
        task.set_message(format!("converting {} tables", tables.len()));
        let found = projections::classify(&tables)?;
        // The release is one source, known by the name of the file holding its projections table.
        let main = found
            .iter()
            .find(|f| matches!(f.kind, projections::Kind::Characteristics | projections::Kind::Employment))
            .map(|f| f.sheet.file.clone())
            .unwrap_or_default();
        let name = file_name(Path::new(&main));
        let imported = projections::import(found, &name, &a.occupation)?;
        lines.push(format!(
            "{}: Employment Projections {}–{} → {} occupations, {} entry routes (read {})",
            a.projections.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
            imported.base_year,
            imported.target_year,
            imported.projections.height(),
            imported.education.height(),
            imported.tables.join("; ")
        ));
        Some(imported)
    };
    // Not the path: with --oews it is a temporary directory the user never named.
    task.set_message("writing the dataset");
    let sources = sources_frame(&imports, ep.as_ref())?;
    let mut tables = import::combine(&imports, ep.as_ref(), sources)?;
    let mut columns = ColumnOrigins::default();
    for i in &imports {
        columns.extend(i.columns.clone());
    }
    if let Some(e) = &ep {
        columns.extend(e.columns.clone());
    }
    let columns = std::sync::Arc::new(columns);
    // The result must load as a dataset: it is checked before it is moved into place, and a
    // problem names the agency file's sheet, row and column the row was read from.
    let options = CheckOptions { hours_per_year: cli.hours_per_year };
    let parquet = a.format == crate::cli::DatasetFormat::Parquet;
    let label = files_label(a);
    import::write_dataset(out, &mut tables, parquet, |dir| {
        task.set_message("checking the written dataset");
        let source = DataSource::Imported { dir: dir.to_path_buf(), columns: columns.clone(), label: label.clone() };
        match Dataset::load(&source, options) {
            Ok(_) => Ok(()),
            Err(WagescopeError::Data(issues)) => Err(WagescopeError::Data(
                issues
                    .into_iter()
                    .map(|mut issue| {
                        issue.message = format!("{}{suffix}", issue.message);
                        issue
                    })
                    .collect(),
            )
            .into()),
            Err(other) => Err(other.into()),
        }
    })?;
    drop(task);
    lines.push(format!("wrote {} (use it with --data {})", out.display(), out.display()));
    Ok((format!("{}\n", lines.join("\n")), std::sync::Arc::unwrap_or_clone(columns)))
}

/// The agency files of an import, as named on the command line, for messages about whole tables.
pub(super) fn files_label(a: &OewsArgs) -> String {
    let names: Vec<String> = a.files.iter().chain(&a.projections).map(|p| p.display().to_string()).collect();
    format!("the tables imported from {}", names.join(", "))
}

fn sources_frame(imports: &[oews::OewsImport], ep: Option<&projections::ProjectionsImport>) -> PolarsResult<DataFrame> {
    const MARKERS: &str = "Imported by wagescope import oews. Markers: * and ** = not available, # = at or above the top-coding cap (left empty, never used as a wage), ~ = fewer than 0.5% of establishments reporting; see each row's notes.";
    let mut rows: Vec<[String; 7]> = imports
        .iter()
        .map(|i| {
            [
                i.source_id.clone(),
                format!("Occupational Employment and Wage Statistics, May {}: {}", i.year, i.scope),
                "agency".into(),
                format!("{}-05", i.year),
                format!(
                    "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May {} ({})",
                    i.year, i.source_id
                ),
                MARKERS.into(),
                Rounding::OEWS.into(),
            ]
        })
        .collect();
    if let Some(e) = ep {
        rows.push([
            e.source_id.clone(),
            format!("Employment Projections {}–{}: occupational projections and worker characteristics", e.base_year, e.target_year),
            "agency".into(),
            e.base_year.to_string(),
            format!("U.S. Bureau of Labor Statistics, Employment Projections program, {}–{} ({})", e.base_year, e.target_year, e.source_id),
            format!(
                "Imported by wagescope import projections from {}. Employment, change, exits, transfers and openings converted from thousands; — (not applicable) left empty.",
                e.tables.join("; ")
            ),
            Rounding::EMPLOYMENT_PROJECTIONS.into(),
        ]);
    }
    let column = |i: usize| rows.iter().map(|r| r[i].clone()).collect::<Vec<String>>();
    let publisher: Vec<&str> = rows.iter().map(|_| "U.S. Bureau of Labor Statistics").collect();
    DataFrame::new_infer_height(vec![
        Column::new(c::ID.into(), column(0)),
        Column::new(c::TITLE.into(), column(1)),
        Column::new(c::PUBLISHER.into(), publisher),
        Column::new(c::SOURCE_KIND.into(), column(2)),
        Column::new(c::DATA_DATE.into(), column(3)),
        Column::new(c::CITATION.into(), column(4)),
        Column::new(c::NOTES.into(), column(5)),
        Column::new(c::ROUNDING.into(), column(6)),
    ])
}
