//! `wagescope sql`: the exact microdata summary as SQL for another engine
//! (`engine::sql`), and the spec it is written from (shared with `--spark`).

use anyhow::Result;

use crate::analysis::micro::MicroDim;
use crate::cli::{Cli, ColumnArgs, SqlArgs};
use crate::data::microdata::resolve_columns;
use crate::data::schema::micro as m;
use crate::engine::sql::{Dialect, Source, Spec};
use crate::error::WagescopeError;
use crate::output;

pub fn run(cli: &Cli, args: &SqlArgs) -> Result<()> {
    let source = Source::parse(&args.source).map_err(WagescopeError::Usage)?;
    let mapping = super::mapping(&args.read)?;
    let columns: Vec<String> = if !args.columns.is_empty() {
        args.columns.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()
    } else if let Some(path) = local_file(&source) {
        // A file wagescope can open: its own columns, as the engine will see them.
        crate::data::microdata::file_columns(path)?
    } else {
        let assumed: Vec<String> = SAMPLE_COLUMNS.iter().map(|c| mapping.theirs(c).to_string()).collect();
        eprintln!(
            "warning: the columns of {} are not known here ({}); the statement assumes the columns `wagescope sample` writes ({}): give the source's own with --columns NAME,…",
            source.text(),
            match source {
                Source::Table(_) => "a table the engine knows",
                _ => "a path only the engine reads",
            },
            assumed.join(", ")
        );
        assumed
    };
    let mut groupings: Vec<Vec<MicroDim>> = args.by.iter().map(|g| g.0.clone()).collect();
    let has = |canonical: &str| columns.iter().any(|c| c == mapping.theirs(canonical));
    // By certification alone, `summarize` also gives the premium within setting × experience
    // cells: the statement computes those cells too when the source has the columns.
    let cells = [MicroDim::Setting, MicroDim::Experience, MicroDim::Certification];
    if groupings.iter().any(|g| g == &[MicroDim::Certification]) && cells.iter().all(|d| has(d.column())) {
        groupings.push(cells.to_vec());
    }
    if args.report {
        groupings.extend(report_groupings(&has));
    }
    if args.rollups {
        groupings = rollups(&groupings);
    }
    let mut spec = spec(cli, &args.read, args.dialect, source, &columns, groupings)?;
    spec.save_to = args.save_to.clone();
    let script = spec.script();
    match &args.output {
        Some(path) => {
            output::check_output_path(path)?;
            output::write_atomic(path, script.as_bytes())
        }
        None => output::print(&script),
    }
}

/// The source as a file on this machine, when it is one (not a table, directory, glob or remote
/// path).
fn local_file(source: &Source) -> Option<&std::path::Path> {
    match source {
        Source::Csv(path) | Source::Parquet(path) => {
            let path = std::path::Path::new(path.as_str());
            (path.is_file() && !path.to_string_lossy().to_ascii_lowercase().ends_with(".gz")).then_some(path)
        }
        Source::Table(_) => None,
    }
}

/// The columns `wagescope sample` writes: what `sql` assumes a source it cannot open has, without
/// --columns.
const SAMPLE_COLUMNS: [&str; 11] = [
    m::OCCUPATION,
    m::SETTING,
    m::YEARS_EXPERIENCE,
    m::CERTIFIED,
    m::ANNUAL_WAGE,
    m::WEIGHT,
    m::REGION,
    m::YEAR,
    m::CREDENTIAL,
    m::EMPLOYER,
    m::SYNTHETIC,
];

/// The groupings the outlook report shows, of those the source has columns for (`has` takes a
/// canonical column).
pub fn report_groupings(has: &dyn Fn(&str) -> bool) -> Vec<Vec<MicroDim>> {
    let breakdowns = [MicroDim::Setting, MicroDim::Experience, MicroDim::Certification];
    let mut groupings: Vec<Vec<MicroDim>> = breakdowns.iter().filter(|d| has(d.column())).map(|d| vec![*d]).collect();
    if groupings.len() == breakdowns.len() {
        groupings.push(breakdowns.to_vec());
    }
    groupings
}

/// Each grouping and every grouping with some of its dimensions left out.
pub fn rollups(groupings: &[Vec<MicroDim>]) -> Vec<Vec<MicroDim>> {
    let mut out: Vec<Vec<MicroDim>> = Vec::new();
    for g in groupings {
        for mask in 0..(1u32 << g.len()) {
            let subset: Vec<MicroDim> =
                g.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, d)| *d).collect();
            if !subset.is_empty() && !out.contains(&subset) {
                out.push(subset);
            }
        }
    }
    out.sort_by_key(|g| (g.len(), g.clone()));
    out
}

/// The statement's spec for a source with `columns` (its own names): the columns resolved as
/// `summarize --microdata` resolves a file's, every grouping's dimensions checked to be there.
pub fn spec(
    cli: &Cli,
    read: &ColumnArgs,
    dialect: Dialect,
    source: Source,
    columns: &[String],
    groupings: Vec<Vec<MicroDim>>,
) -> Result<Spec> {
    let mapping = super::mapping(read)?;
    let (used, wage_unit) =
        resolve_columns(columns, &mapping, read.read.wage_unit, source.text(), &crate::data::schema::micro::INPUT)?;
    for grouping in &groupings {
        for dim in grouping {
            if !used.iter().any(|(c, _)| *c == dim.column()) {
                return Err(super::missing_column(
                    source.text(),
                    columns,
                    &format!("--by {}", dim.name()),
                    dim.column(),
                ));
            }
        }
    }
    Ok(Spec {
        dialect,
        synthetic: columns.iter().any(|c| c == m::SYNTHETIC),
        source,
        used,
        wage_unit,
        wage_factor: wage_unit.per_year(cli.hours_per_year),
        hours_per_year: cli.hours_per_year,
        max_wage: read.read.max_wage,
        groupings,
        min_n: read.min_n,
        save_to: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use MicroDim::*;

    #[test]
    fn rollups_are_every_nonempty_subset_once() {
        let got = rollups(&[vec![Setting, Region], vec![Setting]]);
        assert_eq!(got, vec![vec![Setting], vec![Region], vec![Setting, Region]]);
    }

    #[test]
    fn the_report_needs_the_cells_only_with_all_three_breakdowns() {
        assert_eq!(report_groupings(&|_| true).len(), 4);
        assert_eq!(report_groupings(&|c| c != m::CERTIFIED), vec![vec![Setting], vec![Experience]]);
    }
}
