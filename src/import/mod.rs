//! Agency files as downloaded, turned into a dataset directory of our schema (usable with
//! `--data`): one module per foreign format.

pub mod oews;
pub mod onet;
pub mod projections;
pub mod sheet;

use std::path::Path;

use anyhow::{Context as _, Result};
use polars::prelude::*;

use crate::data::schema::{self, TableSpec, col as c};
use crate::error::WagescopeError;

/// The SOC crosswalk shipped in `datasets/`: codes that a later SOC edition replaced.
pub const CROSSWALK: &str = include_str!("../../datasets/soc-crosswalk.csv");

/// (old code, new code) pairs of the crosswalk.
pub fn crosswalk() -> Vec<(String, String)> {
    CROSSWALK
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut parts = l.split(',');
            let old = parts.next()?.trim();
            let _old_version = parts.next()?;
            let new = parts.next()?.trim();
            (!old.is_empty() && !new.is_empty()).then(|| (old.to_string(), new.to_string()))
        })
        .collect()
}

/// The tables of an imported dataset, in our schema.
pub struct Imported {
    pub sources: DataFrame,
    pub occupations: DataFrame,
    pub wages: DataFrame,
    pub employment: DataFrame,
    pub projections: DataFrame,
    pub education: DataFrame,
    pub cycles: DataFrame,
}

/// Add the tables of the dataset directory `base` to the imported dataset in `dir`: rows of both,
/// occupations once each (the base's row, with its aliases and successor links, wins), the base's
/// other tables (credentials, settings, ratios …) as they are. Used when agency files are combined
/// with a dataset of other sources, so reports reconcile them.
pub fn merge_into(dir: &Path, base: &Path) -> Result<()> {
    for spec in schema::DATASET_TABLES.iter().copied() {
        let ours = dir.join(spec.file);
        let theirs = base.join(spec.file);
        if !theirs.is_file() {
            continue;
        }
        let read = |path: &Path| -> Result<DataFrame> {
            let frame = CsvReadOptions::default()
                .with_has_header(true)
                .with_infer_schema_length(Some(0))
                .try_into_reader_with_file_path(Some(path.to_path_buf()))?
                .finish()
                .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
            Ok(conform(frame, spec)?)
        };
        // The base dataset's rows keep their own place: messages about them name its file and line.
        let read_base = |path: &Path| -> Result<DataFrame> {
            let frame = read(path)?;
            if spec.column(c::ORIGIN).is_none() {
                return Ok(frame);
            }
            let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            let lines = match crate::data::csvcheck::check(&bytes, &path.display().to_string()) {
                Ok(structure) => structure.record_lines,
                Err(_) => return Ok(frame),
            };
            let file = path.display().to_string();
            let origins: Vec<String> = lines.iter().map(|l| crate::data::origin::text(&file, false, *l)).collect();
            if origins.len() != frame.height() {
                return Ok(frame);
            }
            let own = Series::new("__own".into(), origins);
            Ok(frame
                .lazy()
                .with_column(lit(own).alias("__own"))
                .with_column(col(c::ORIGIN).fill_null(col("__own")).alias(c::ORIGIN))
                .drop(cols(["__own"]))
                .collect()?)
        };
        let mut merged = if ours.is_file() {
            if spec.file == schema::CYCLES.file {
                // A cycle once: the agency's row (with the all-occupations growth) wins.
                let frames = vec![read(&ours)?.lazy(), read_base(&theirs)?.lazy()];
                concat(frames, UnionArgs::default())?
                    .unique_stable(Some(cols([c::BASE_YEAR, c::TARGET_YEAR])), UniqueKeepStrategy::First)
                    .collect()?
            } else {
                let frames = vec![read_base(&theirs)?.lazy(), read(&ours)?.lazy()];
                let stacked = concat(frames, UnionArgs::default())?;
                if spec.file == schema::OCCUPATIONS.file {
                    stacked.unique_stable(Some(cols([c::CODE])), UniqueKeepStrategy::First).collect()?
                } else {
                    stacked.collect()?
                }
            }
        } else {
            read_base(&theirs)?
        };
        std::fs::write(&ours, csv_bytes(&mut merged)?).with_context(|| format!("writing {}", ours.display()))?;
    }
    Ok(())
}

/// A frame with every column of `spec` in order; columns `frame` lacks are empty.
fn conform(frame: DataFrame, spec: &TableSpec) -> PolarsResult<DataFrame> {
    let present: Vec<String> = frame.get_column_names().iter().map(|n| n.to_string()).collect();
    let exprs: Vec<Expr> = spec
        .columns
        .iter()
        .map(|column| {
            if present.iter().any(|p| p == column.name) {
                col(column.name)
            } else {
                lit(NULL).cast(DataType::String).alias(column.name)
            }
        })
        .collect();
    let height = frame.height();
    // Literals over a frame without columns would make one row: keep an empty table empty.
    let conformed = frame.lazy().select(exprs).collect()?;
    Ok(if height == 0 { conformed.head(Some(0)) } else { conformed })
}

/// Combine the imports of several OEWS files and an Employment Projections table into our tables.
pub fn combine(
    imports: &[oews::OewsImport],
    ep: Option<&projections::ProjectionsImport>,
    sources: DataFrame,
) -> Result<Imported> {
    // Frames without columns (nothing of that kind imported) are left out.
    let stack = |frames: Vec<LazyFrame>, spec: &TableSpec| -> PolarsResult<DataFrame> {
        let frames: Vec<LazyFrame> = frames
            .into_iter()
            .map(|f| f.collect())
            .collect::<PolarsResult<Vec<_>>>()?
            .into_iter()
            .filter(|f| f.width() > 0)
            .map(|f| conform(f, spec).map(DataFrame::lazy))
            .collect::<PolarsResult<Vec<_>>>()?;
        if frames.is_empty() {
            return conform(DataFrame::empty(), spec);
        }
        concat(frames, UnionArgs { to_supertypes: true, ..UnionArgs::default() })?.collect()
    };
    let mut wage_frames: Vec<LazyFrame> = imports.iter().map(|i| i.wages.clone().lazy()).collect();
    wage_frames.extend(ep.map(|e| e.wages.clone().lazy()));
    let wages = stack(wage_frames, &schema::WAGES)?;
    // Each code once, with the title and SOC edition of its newest file (the EP table is SOC 2018).
    let mut occupation_frames: Vec<LazyFrame> = imports
        .iter()
        .map(|i| {
            let version = if i.year >= 2019 { "2018" } else { "2010" };
            i.occupations.clone().lazy().with_columns([
                lit(NULL).cast(DataType::String).alias(c::NOTES),
                lit(version).alias(c::SOC_VERSION),
                lit(i.source_id.clone()).alias(c::SOURCE),
                lit(i.year).alias("__year"),
                lit(0i32).alias("__rank"),
            ])
        })
        .collect();
    occupation_frames.extend(ep.map(|e| {
        e.occupations.clone().lazy().with_columns([
            lit("2018").alias(c::SOC_VERSION),
            lit(e.source_id.clone()).alias(c::SOURCE),
            lit(e.base_year).alias("__year"),
            // On a tie with an OEWS year, the OEWS title (in title case) is kept.
            lit(1i32).alias("__rank"),
        ])
    }));
    let occupations = concat(occupation_frames, UnionArgs { to_supertypes: true, ..UnionArgs::default() })?
        .sort(["__year", "__rank"], SortMultipleOptions::default().with_order_descending_multi([true, false]))
        .unique_stable(Some(cols([c::CODE])), UniqueKeepStrategy::First)
        .collect()?;
    let codes: Vec<String> = crate::analysis::frame::texts(&occupations, c::CODE)?;
    // A replaced code points to its successor when the successor is in the dataset too.
    let pairs: Vec<(String, String)> = crosswalk().into_iter().filter(|(_, new)| codes.contains(new)).collect();
    let successor = pairs.iter().fold(lit(NULL).cast(DataType::String), |acc, (old, new)| {
        when(col(c::CODE).eq(lit(old.as_str()))).then(lit(new.as_str())).otherwise(acc)
    });
    let occupations = occupations
        .lazy()
        .with_column(successor.alias(c::SUCCESSOR))
        .sort([c::CODE], SortMultipleOptions::default())
        .collect()?;
    let employment = stack(
        imports
            .iter()
            .map(|i| {
                i.employment.clone().lazy().with_columns([
                    lit(crate::data::schema::values::ACTUAL).alias(c::STATUS),
                    lit(i.source_id.clone()).alias(c::SOURCE),
                    lit(format!("OEWS May {} estimate (TOT_EMP)", i.year)).alias(c::NOTES),
                ])
            })
            .collect(),
        &schema::EMPLOYMENT,
    )?;
    let projections = stack(ep.iter().map(|e| e.projections.clone().lazy()).collect(), &schema::PROJECTIONS)?;
    let education = stack(ep.iter().map(|e| e.education.clone().lazy()).collect(), &schema::EDUCATION)?;
    let cycles = stack(ep.iter().map(|e| e.cycles.clone().lazy()).collect(), &schema::CYCLES)?;
    Ok(Imported {
        sources: conform(sources, &schema::SOURCES)?,
        occupations: conform(occupations, &schema::OCCUPATIONS)?,
        wages,
        employment,
        projections,
        education,
        cycles,
    })
}

fn csv_bytes(frame: &mut DataFrame) -> PolarsResult<Vec<u8>> {
    let mut bytes = Vec::new();
    CsvWriter::new(&mut bytes).include_header(true).finish(frame)?;
    Ok(bytes)
}

/// Write the tables as a dataset directory `out`, completely or not at all: into a temporary
/// directory beside it, which `check` inspects (loads it as a dataset) before it is renamed into
/// place. `out` must not exist, or be an empty directory.
pub fn write_dataset(
    out: &Path,
    tables: &mut Imported,
    parquet: bool,
    check: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    if out.exists() {
        let empty = out.is_dir() && std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty {
            return Err(WagescopeError::Usage(format!(
                "-o {}: it exists; choose a new directory (an import never overwrites files)",
                out.display()
            ))
            .into());
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(WagescopeError::Usage(format!(
            "-o {}: directory {} does not exist",
            out.display(),
            parent.display()
        ))
        .into());
    }
    let temp = tempfile::Builder::new()
        .prefix(".wagescope-import-")
        .tempdir_in(&parent)
        .with_context(|| format!("creating a temporary directory in {}", parent.display()))?;
    for (name, frame) in [
        (schema::SOURCES.file, &mut tables.sources),
        (schema::OCCUPATIONS.file, &mut tables.occupations),
        (schema::WAGES.file, &mut tables.wages),
        (schema::EMPLOYMENT.file, &mut tables.employment),
        (schema::PROJECTIONS.file, &mut tables.projections),
        (schema::EDUCATION.file, &mut tables.education),
        (schema::CYCLES.file, &mut tables.cycles),
    ] {
        let path = temp.path().join(name);
        if parquet {
            let path = path.with_extension("parquet");
            let file = std::fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?;
            ParquetWriter::new(file).finish(frame).map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
        } else {
            std::fs::write(&path, csv_bytes(frame)?).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    check(temp.path())?;
    if out.exists() {
        std::fs::remove_dir(out).with_context(|| format!("replacing the empty directory {}", out.display()))?;
    }
    let kept = temp.keep();
    std::fs::rename(&kept, out).with_context(|| format!("moving the dataset into {}", out.display()))?;
    Ok(())
}
