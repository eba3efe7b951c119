//! An engine's result read back (`--aggregates FILE`, `--spark`): one row per group of each
//! grouping, as `engine::sql` computes it. wagescope applies the rest as for microdata: the
//! secondary suppression rule (and a stricter `--min-n`), premiums, conventions and reports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::*;

use super::sql::{self, HEAD, SYNTHETIC, TAIL};
use crate::analysis::micro::outlook::MicroOutlook;
use crate::analysis::micro::{self, MicroDim, MicroGroup, MicroSummary, MicroSummaryOptions};
use crate::analysis::premium;
use crate::data::schema::values;
use crate::error::{Issue, WagescopeError};

/// Every dimension a result may have a key column for.
const DIMS: [MicroDim; 5] =
    [MicroDim::Setting, MicroDim::Experience, MicroDim::Certification, MicroDim::Region, MicroDim::Year];

/// A group as the engine returned it.
#[derive(Debug, Clone)]
struct Row {
    keys: BTreeMap<MicroDim, Option<String>>,
    n: u64,
    weight: Option<f64>,
    weight_wage: Option<f64>,
    top: Option<f64>,
    percentiles: [Option<f64>; 5],
}

/// An engine's result: every grouping's groups, and what the statement was written for.
#[derive(Debug, Clone)]
pub struct Aggregates {
    /// The file (or server) as named in messages.
    pub file: String,
    pub weighted: bool,
    /// The engine withheld the figures of groups with fewer rows than this.
    pub min_n: u64,
    /// Rows the engine left out for a missing or invalid value.
    pub rows_invalid: u64,
    /// The source's wage column, what it pays for, and its conversion to annual pay in words.
    pub wage_column: String,
    pub wage_unit: String,
    pub wage_conversion: Option<String>,
    /// The source was made by `wagescope sample`.
    pub synthetic: bool,
    /// The source had employers: the dominance rule applies.
    pub dominance: bool,
    /// Grouping label (`setting,experience`, `total`) → its groups.
    groupings: BTreeMap<String, Vec<Row>>,
}

fn data_error(file: &str, message: String, got: Option<String>, expected: Option<String>) -> anyhow::Error {
    let mut issue = Issue::error(file, message);
    issue.got = got;
    issue.expected = expected;
    WagescopeError::Data(vec![issue]).into()
}

/// The files of an engine's result at `path`: the file itself, or a directory's part files as Spark
/// writes them (every file but those starting with `_` or `.`, such as `_SUCCESS`), in name order.
pub fn result_files(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let read_dir = |e| WagescopeError::Read { path: path.to_path_buf(), source: e };
    let mut parts = Vec::new();
    for entry in std::fs::read_dir(path).map_err(read_dir)? {
        let entry = entry.map_err(read_dir)?;
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.path().is_file() && !name.starts_with(['_', '.']) {
            parts.push(entry.path());
        }
    }
    parts.sort();
    Ok(parts)
}

impl Aggregates {
    /// Read an engine's result from a Parquet or CSV file, or a directory of part files as Spark
    /// writes them ([`result_files`]).
    pub fn read(path: &Path) -> Result<Aggregates> {
        let file = path.display().to_string();
        if path.is_dir() {
            let mut frames = Vec::new();
            for part in &result_files(path)? {
                frames.push(read_frame(part, &file)?);
            }
            let Some(first) = frames.first().cloned() else {
                return Err(data_error(&file, "the directory holds no result files".into(), None, Some(expected())));
            };
            let mut df = first;
            for frame in frames.iter().skip(1) {
                df.vstack_mut(frame)
                    .map_err(|e| data_error(&file, format!("its part files differ: {e}"), None, None))?;
            }
            return Aggregates::from_frame(df, &file);
        }
        Aggregates::from_frame(read_frame(path, &file)?, &file)
    }
}

/// One Parquet or CSV file of a result, as polars reads it (CSV as text).
fn read_frame(path: &Path, file: &str) -> Result<DataFrame> {
    {
        let bytes = std::fs::read(path).map_err(|source| WagescopeError::Read { path: path.to_path_buf(), source })?;
        let df = if bytes.starts_with(b"PAR1") {
            ParquetReader::new(std::io::Cursor::new(bytes)).finish()
        } else {
            CsvReadOptions::default()
                .with_has_header(true)
                .with_infer_schema_length(Some(0))
                .into_reader_with_file_handle(std::io::Cursor::new(bytes))
                .finish()
        }
        .map_err(|e| data_error(file, format!("cannot read the engine's result: {e}"), None, Some(expected())))?;
        Ok(df)
    }
}

impl Aggregates {
    /// Read an engine's result from a frame (as `--spark` returns it); `file` names it in messages.
    pub fn from_frame(df: DataFrame, file: &str) -> Result<Aggregates> {
        let names: Vec<String> = df.get_column_names().iter().map(|c| c.to_string()).collect();
        let missing: Vec<&str> =
            HEAD.iter().chain(TAIL.iter()).copied().filter(|c| !names.iter().any(|n| n == c)).collect();
        if !missing.is_empty() {
            return Err(data_error(
                file,
                format!("not an engine result of `wagescope sql`: missing column(s) {}", missing.join(", ")),
                Some(format!("columns {}", names.join(", "))),
                Some(expected()),
            ));
        }
        let column = |name: &str, dtype: DataType| -> Result<Series> {
            let raw = df.column(name)?.as_materialized_series().clone();
            let cast = match (&dtype, raw.dtype()) {
                // CSV text: "true"/"false".
                (DataType::Boolean, DataType::String) => raw
                    .str()?
                    .iter()
                    .map(|v| v.map(|t| t.eq_ignore_ascii_case("true")))
                    .collect::<BooleanChunked>()
                    .into_series(),
                _ => raw.strict_cast(&dtype).map_err(|_| {
                    data_error(
                        file,
                        format!("column {name} has values that are not {dtype}"),
                        Some(format!("{}", raw.dtype())),
                        Some(expected()),
                    )
                })?,
            };
            Ok(cast)
        };
        let text = |name: &str| -> Result<Vec<Option<String>>> {
            Ok(column(name, DataType::String)?.str()?.iter().map(|v| v.map(str::to_string)).collect())
        };
        let float =
            |name: &str| -> Result<Vec<Option<f64>>> { Ok(column(name, DataType::Float64)?.f64()?.iter().collect()) };
        let uint =
            |name: &str| -> Result<Vec<Option<u64>>> { Ok(column(name, DataType::UInt64)?.u64()?.iter().collect()) };
        let first = |values: Vec<Option<u64>>| values.into_iter().flatten().next().unwrap_or(0);
        let grouping = text("grouping")?;
        let n = uint("n")?;
        let (weight, weight_wage, top) = (float("weight")?, float("weight_wage")?, float("top_employer_weight")?);
        let percentiles: Vec<Vec<Option<f64>>> =
            micro::PERCENTILES.iter().map(|(name, _)| float(name)).collect::<Result<_>>()?;
        let weighted = column("weighted", DataType::Boolean)?.bool()?.iter().flatten().next().unwrap_or(false);
        let dims: Vec<MicroDim> = DIMS.iter().copied().filter(|d| names.iter().any(|n| n == d.name())).collect();
        let keys: Vec<Vec<Option<String>>> = dims.iter().map(|d| text(d.name())).collect::<Result<_>>()?;
        let mut groupings: BTreeMap<String, Vec<Row>> = BTreeMap::new();
        for i in 0..df.height() {
            let Some(label) = grouping[i].clone() else {
                return Err(data_error(file, format!("row {} has no grouping", i + 1), None, Some(expected())));
            };
            let Some(count) = n[i] else {
                return Err(data_error(file, format!("row {} ({label}) has no n", i + 1), None, Some(expected())));
            };
            let row = Row {
                keys: dims.iter().zip(&keys).map(|(d, k)| (*d, k[i].clone())).collect(),
                n: count,
                weight: weight[i],
                weight_wage: weight_wage[i],
                top: top[i],
                percentiles: std::array::from_fn(|p| percentiles[p][i]),
            };
            groupings.entry(label).or_default().push(row);
        }
        // The source had employers when any group has its largest employer's weight.
        let dominance = groupings.values().flatten().any(|r| r.top.is_some());
        Ok(Aggregates {
            file: file.to_string(),
            weighted,
            min_n: first(uint("min_n")?),
            rows_invalid: first(uint("rows_invalid")?),
            wage_column: text("wage_column")?.into_iter().flatten().next().unwrap_or_default(),
            wage_unit: text("wage_unit")?.into_iter().flatten().next().unwrap_or_else(|| "year".into()),
            wage_conversion: text("wage_conversion")?.into_iter().flatten().next(),
            synthetic: names.iter().any(|n| n == SYNTHETIC),
            dominance,
            groupings,
        })
    }

    /// The groupings the result holds, as labels.
    pub fn groupings(&self) -> Vec<&str> {
        self.groupings.keys().map(String::as_str).collect()
    }

    /// Each dimension's values in the result (of every grouping with it), sorted, without empties.
    pub fn key_values(&self) -> BTreeMap<MicroDim, Vec<String>> {
        let mut out: BTreeMap<MicroDim, Vec<String>> = BTreeMap::new();
        for row in self.groupings.values().flatten() {
            for (dim, value) in &row.keys {
                if let Some(v) = value.as_ref().filter(|v| !v.trim().is_empty()) {
                    out.entry(*dim).or_default().push(v.clone());
                }
            }
        }
        for values in out.values_mut() {
            values.sort();
            values.dedup();
        }
        out
    }

    /// Whether the result holds the grouping of `dims` (in any order).
    pub fn has(&self, dims: &[MicroDim]) -> bool {
        self.groupings.contains_key(&label(dims))
    }

    /// Rows with a missing or invalid value fail, as in `summarize --microdata`, unless `skip`:
    /// the engine counted them but cannot say which they are.
    pub fn check_rows(&self, skip: bool) -> Result<()> {
        if self.rows_invalid > 0 && !skip {
            return Err(data_error(
                &self.file,
                format!(
                    "the engine left out {} row(s) with a missing or invalid value (a wage of 0 or above the bound, an empty required column); find them in the source, or pass --skip-bad-rows to leave them out",
                    crate::format::thousands(self.rows_invalid as f64, 0)
                ),
                None,
                None,
            ));
        }
        Ok(())
    }

    /// The summary by `options.by`, as `analysis::micro::summarize` gives it for the rows: the
    /// engine's figures, its primary and dominance suppression, a stricter `--min-n` and the
    /// secondary rule applied here.
    pub fn summary(&self, options: &MicroSummaryOptions) -> Result<MicroSummary> {
        self.summary_at(options, options.min_n.max(self.min_n))
    }

    /// The setting × experience × certification cells the within-cells premium combines
    /// ([`premium::cells_options`]), unsuppressed as the local engine computes them: the result
    /// holds every group's figures, and a cell too small to publish still counts in the share of
    /// the weight the premium covers.
    pub fn cells(&self, options: &MicroSummaryOptions) -> Result<MicroSummary> {
        let cells = premium::cells_options(options);
        self.summary_at(&cells, cells.min_n)
    }

    fn summary_at(&self, options: &MicroSummaryOptions, min_n: u64) -> Result<MicroSummary> {
        let names: Vec<&str> = options.by.iter().map(|d| d.name()).collect();
        let total_rows = self.groupings.get("total").cloned().unwrap_or_default();
        let rows = match self.groupings.get(&label(&options.by)) {
            _ if options.by.is_empty() => Vec::new(),
            Some(rows) => rows.clone(),
            // No row of the grouping: fine only when there are no valid rows at all.
            None if total_rows.iter().all(|r| r.n == 0) => Vec::new(),
            None => {
                return Err(WagescopeError::Usage(format!(
                    "{} has no grouping by {} (it has {}): write the statement with `wagescope sql --by {} …` and run it again",
                    self.file,
                    label(&options.by),
                    self.groupings().join("; "),
                    names.join(",")
                ))
                .into());
            }
        };
        let mut groups: Vec<MicroGroup> = rows.iter().map(|r| self.group(r, &options.by)).collect();
        groups.sort_by_cached_key(|g| options.by.iter().map(|d| sort_key(*d, &g.keys[d.name()])).collect::<Vec<_>>());
        let mut total = match total_rows.first() {
            Some(row) => self.group(row, &options.by),
            None => MicroGroup { n: 0, ..self.group(&Row::empty(), &options.by) },
        };
        total.keys = names.iter().map(|n| (n.to_string(), values::ALL.to_string())).collect();
        let options = MicroSummaryOptions { min_n, dominance: options.dominance && self.dominance, ..options.clone() };
        micro::suppress(&mut groups, &mut total, &options);
        Ok(MicroSummary {
            by: options.by.clone(),
            weighted: self.weighted,
            percentile_method: micro::method_text(self.weighted),
            min_n,
            rules: micro::rules(&options),
            groups,
            total,
            rows_invalid: self.rows_invalid,
        })
    }

    /// The microdata part of the outlook report: the total, each breakdown the result has, and
    /// the within-cells premium when it has the cells (`wagescope sql --report`). No distribution
    /// chart: that needs the rows.
    pub fn outlook(&self, options: &MicroSummaryOptions) -> Result<MicroOutlook> {
        let overall = self.summary(&MicroSummaryOptions { by: Vec::new(), ..options.clone() })?;
        let by = |dim: MicroDim| -> Result<Option<MicroSummary>> {
            match self.has(&[dim]) {
                true => Ok(Some(self.summary(&MicroSummaryOptions { by: vec![dim], ..options.clone() })?)),
                false => Ok(None),
            }
        };
        let (by_setting, by_experience, by_certification) =
            (by(MicroDim::Setting)?, by(MicroDim::Experience)?, by(MicroDim::Certification)?);
        let cells = premium::cells_options(options);
        let within_cells = match self.has(&cells.by) {
            true => Some(premium::certification_within_cells(&self.cells(options)?, overall.min_n)),
            false => None,
        };
        Ok(MicroOutlook {
            file: self.file.clone(),
            synthetic: self.synthetic,
            premiums: by_certification.as_ref().map(|s| premium::from_summary(s, "annual")).unwrap_or_default(),
            by_setting,
            by_experience,
            by_certification,
            within_cells,
            histogram: Vec::new(),
            overall,
            from_engine: true,
        })
    }

    /// A group as the rows give it, unsuppressed. The engine's verdict (column `suppressed`) is
    /// the same rules' with its own --min-n; `micro::suppress` applies them where the figures are
    /// used, so a cell used unsuppressed (the within-cells premium) keeps its figures.
    fn group(&self, row: &Row, by: &[MicroDim]) -> MicroGroup {
        MicroGroup::new(
            by.iter().map(|d| (d.name().to_string(), row.keys.get(d).cloned().flatten().unwrap_or_default())).collect(),
            row.n,
            row.weight,
            // Weighted, weight × wage over the weight; unweighted, the weight is the row count.
            // Weights summing to zero give no figure ("no weight").
            row.weight_wage.zip(row.weight.filter(|w| *w > 0.0)).map(|(wx, w)| wx / w),
            if row.weight.is_some_and(|w| w <= 0.0) { [None; 5] } else { row.percentiles },
            row.top.zip(row.weight).map(|(top, w)| top / w),
        )
    }
}

impl Row {
    fn empty() -> Row {
        Row { keys: BTreeMap::new(), n: 0, weight: None, weight_wage: None, top: None, percentiles: [None; 5] }
    }
}

fn label(dims: &[MicroDim]) -> String {
    let mut dims = dims.to_vec();
    dims.sort();
    dims.dedup();
    sql::grouping_label(&dims)
}

/// The order `analysis::micro` gives groups: by each dimension's text, a missing value first;
/// experience by band.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Missing,
    Number(i64),
    Text(String),
}

fn sort_key(dim: MicroDim, value: &str) -> SortKey {
    if value.is_empty() {
        return SortKey::Missing;
    }
    match dim {
        MicroDim::Experience => {
            SortKey::Number(values::EXPERIENCE_BANDS.iter().position(|b| *b == value).unwrap_or(usize::MAX) as i64)
        }
        _ => SortKey::Text(value.to_string()),
    }
}

/// What a result must hold, in words.
fn expected() -> String {
    format!(
        "the result of `wagescope sql` as Parquet or CSV: columns {}, the key columns ({}), {}",
        HEAD.join(", "),
        DIMS.iter().map(|d| d.name()).collect::<Vec<_>>().join(", "),
        TAIL.join(", ")
    )
}

impl crate::analysis::market::SummarySource for Aggregates {
    fn name(&self) -> &str {
        &self.file
    }

    fn summary(&self, options: &MicroSummaryOptions) -> Result<MicroSummary> {
        Aggregates::summary(self, options)
    }
}
