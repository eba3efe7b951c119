//! Checks across rows and tables, run after every table parsed: unknown source ids and
//! occupation codes, duplicate keys, percentile order, hourly vs annual consistency, derived
//! figures without a formula, projections that contradict themselves.
//!
//! Each check is one polars query; only offending rows come back to Rust to be named.

use polars::prelude::*;

use super::dataset::{CheckOptions, Dataset};
use super::load::{ROW, Table, cell_text, row_numbers};
use super::rounding::{Quantity, Rounding};
use super::schema::{MONEY_COLUMNS, PERCENTILES, TableId, col as c};
use crate::analysis::frame::{floats, strings, texts};
use crate::error::{Issue, quoted};
use crate::format;

/// One named check over a whole dataset.
type Check = fn(&Dataset, CheckOptions, &mut Vec<Issue>) -> PolarsResult<()>;

/// Run every cross-row and cross-table check.
pub fn cross_checks(dataset: &Dataset, options: CheckOptions) -> Vec<Issue> {
    let mut issues = Vec::new();
    let checks: [(&str, Check); 10] = [
        ("references", references),
        ("rounding", rounding_cells),
        ("duplicate keys", duplicate_keys),
        ("percentile order", percentile_order),
        ("hourly and annual figures", hourly_vs_annual),
        ("units", plausible_units),
        ("derived figures", derived_have_formula),
        ("projections", projections),
        ("durations", durations),
        ("ratios", ratios),
    ];
    for (name, check) in checks {
        if let Err(e) = check(dataset, options, &mut issues) {
            issues.push(Issue::error(&dataset.label, format!("internal error in the {name} check: {e}")));
        }
    }
    issues
}

fn string_list(table: &Table, column: &str) -> PolarsResult<Vec<String>> {
    let values = table.frame.column(column)?.str()?.clone();
    Ok(values.iter().flatten().map(str::to_string).collect())
}

/// Emit an issue for each row of `table` where `condition` holds, built from the `show` cells.
fn each_row(
    table: &Table,
    condition: Expr,
    show: &[&str],
    mut make: impl FnMut(&[String]) -> Issue,
    issues: &mut Vec<Issue>,
) -> PolarsResult<()> {
    let rows = table.rows_where(condition, show)?;
    for (i, row) in row_numbers(&rows).into_iter().enumerate() {
        let cells: Vec<String> =
            show.iter().map(|name| rows.column(name).map(|col| cell_text(col, i)).unwrap_or_default()).collect();
        issues.push(table.locate(make(&cells), row));
    }
    Ok(())
}

fn column_index(table: &Table, name: &str) -> usize {
    table.structure.headers.iter().position(|h| h == name).unwrap_or(0)
}

/// `source` ids must be in sources.csv and occupation codes in occupations.csv.
fn references(dataset: &Dataset, _: CheckOptions, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    let sources = string_list(dataset.table(TableId::Sources), c::ID)?;
    let codes = string_list(dataset.table(TableId::Occupations), c::CODE)?;
    for table in dataset.tables().filter(|t| t.spec.id != TableId::Cpi) {
        for (column, known, what) in [(c::SOURCE, &sources, "sources.csv"), (c::OCCUPATION, &codes, "occupations.csv")]
        {
            if table.spec.column(column).is_none() {
                continue;
            }
            let list = Series::new("known".into(), known.as_slice());
            let unknown = col(column).is_not_null().and(col(column).is_in(lit(list).implode(false), false).not());
            let index = column_index(table, column);
            each_row(
                table,
                unknown,
                &[column],
                |cells| {
                    let hint = crate::data::csvcheck::did_you_mean(&cells[0], known.iter().map(String::as_str));
                    Issue::error(&table.file, format!("unknown {column} id{hint}"))
                        .at_column(index, column)
                        .got(quoted(&cells[0]))
                        .expected(format!("an id listed in {what}"))
                },
                issues,
            )?;
        }
    }
    let occupations = dataset.table(TableId::Occupations);
    let list = Series::new("known".into(), codes.as_slice());
    let index = column_index(occupations, c::SUCCESSOR);
    each_row(
        occupations,
        col(c::SUCCESSOR).is_not_null().and(col(c::SUCCESSOR).is_in(lit(list).implode(false), false).not()),
        &[c::SUCCESSOR],
        |cells| {
            Issue::warning(&occupations.file, "successor code is not an occupation of this dataset")
                .at_column(index, c::SUCCESSOR)
                .got(quoted(&cells[0]))
                .expected("a code listed in occupations.csv")
        },
        issues,
    )
}

/// Two rows with the same key are an error; both lines are named.
fn duplicate_keys(dataset: &Dataset, _: CheckOptions, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    for table in dataset.tables() {
        let key: Vec<Expr> = table.spec.key.iter().map(|k| col(*k)).collect();
        let duplicates = table
            .lazy()
            .with_row_index(ROW, None)
            .group_by(key)
            .agg([col(ROW).min().alias("first"), col(ROW).alias("row"), len().alias("n")])
            .filter(col("n").gt(lit(1)))
            .explode(by_name(["row"], true, false), ExplodeOptions { empty_as_null: true, keep_nulls: true })
            .filter(col("row").neq(col("first")))
            .sort(["row"], SortMultipleOptions::default())
            .collect()?;
        let firsts = duplicates.column("first")?.idx()?.clone();
        let rows = duplicates.column("row")?.idx()?.clone();
        for (first, row) in firsts.iter().zip(rows.iter()) {
            let (Some(first), Some(row)) = (first, row) else {
                continue;
            };
            issues.push(
                table.locate(
                    Issue::error(
                        &table.file,
                        format!(
                            "duplicate row: same {} as {}",
                            table.spec.key.join(", "),
                            table.row_ref(first as usize)
                        ),
                    )
                    .expected("each key once"),
                    row as usize,
                ),
            );
        }
    }
    Ok(())
}

/// p10 ≤ p25 ≤ median ≤ p75 ≤ p90 wherever both values exist, and range_min ≤ range_max.
fn percentile_order(dataset: &Dataset, _: CheckOptions, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    let wages = dataset.table(TableId::Wages);
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (i, low) in PERCENTILES.iter().enumerate() {
        for high in &PERCENTILES[i + 1..] {
            pairs.push((low, high));
        }
    }
    pairs.push((c::RANGE_MIN, c::RANGE_MAX));
    for (low, high) in pairs {
        let index = column_index(wages, high);
        each_row(
            wages,
            col(low).gt(col(high)),
            &[low, high],
            |cells| {
                Issue::error(&wages.file, format!("{low} is above {high}"))
                    .at_column(index, high)
                    .got(format!("{low} {}, {high} {}", cells[0], cells[1]))
                    .expected("p10 ≤ p25 ≤ median ≤ p75 ≤ p90 and range_min ≤ range_max")
            },
            issues,
        )?;
    }
    Ok(())
}

/// Each source's declared rounding (`sources.csv` column `rounding`); a source without one, or
/// with one that does not parse (the `rounding` check names it), rounds as its figures are written.
fn roundings(dataset: &Dataset) -> PolarsResult<std::collections::HashMap<String, Rounding>> {
    let sources = &dataset.table(TableId::Sources).frame;
    let (ids, cells) = (texts(sources, c::ID)?, strings(sources, c::ROUNDING)?);
    Ok(ids
        .into_iter()
        .zip(cells)
        .map(|(id, cell)| (id, cell.and_then(|t| Rounding::parse(&t).ok()).unwrap_or_default()))
        .collect())
}

/// A `rounding` cell must say how the source rounds in the form the checks read.
fn rounding_cells(dataset: &Dataset, _: CheckOptions, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    let sources = dataset.table(TableId::Sources);
    let cells = strings(&sources.frame, c::ROUNDING)?;
    let index = column_index(sources, c::ROUNDING);
    for (row, cell) in cells.iter().enumerate() {
        let Some(text) = cell else { continue };
        if let Err(why) = Rounding::parse(text) {
            issues.push(sources.locate(
                Issue::error(&sources.file, format!("column 'rounding' cannot be read: {why}"))
                    .at_column(index, c::ROUNDING)
                    .got(quoted(text))
                    .expected("KIND=STEP separated by ';' (kinds jobs, percent, hourly, annual), e.g. jobs=100; percent=0.1"),
                row,
            ));
        }
    }
    Ok(())
}

/// An hourly and an annual figure for the same cut and source must agree at `hours_per_year`
/// within what their rounding allows (DOMAIN.md §7): the interval of hourly × hours and the
/// interval of the annual figure share a point.
fn hourly_vs_annual(dataset: &Dataset, options: CheckOptions, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    let wages = dataset.table(TableId::Wages);
    let key: Vec<&str> = wages.spec.key.iter().copied().filter(|k| *k != c::BASIS).collect();
    let side = |basis: &str| {
        wages
            .lazy()
            .with_row_index(ROW, None)
            .filter(col(c::BASIS).eq(lit(basis)))
            .with_column(col(c::MONTH).fill_null(lit(0)))
    };
    let mut args = JoinArgs::new(JoinType::Inner).with_suffix(Some("_annual".into()));
    args.nulls_equal = true;
    let keys: Vec<Expr> = key.iter().map(|k| col(*k)).collect();
    let pairs = side(crate::data::schema::values::HOURLY)
        .join(side(crate::data::schema::values::ANNUAL), keys.clone(), keys, args)
        .collect()?;
    let roundings = roundings(dataset)?;
    let sources = texts(&pairs, c::SOURCE)?;
    let hourly_rows = pairs.column(ROW)?.idx()?.clone();
    let annual_rows = pairs.column(&format!("{ROW}_annual"))?.idx()?.clone();
    let hours = options.hours_per_year;
    for stat in MONEY_COLUMNS {
        let (hourly, annual) = (floats(&pairs, stat)?, floats(&pairs, &format!("{stat}_annual"))?);
        for i in 0..pairs.height() {
            let (Some(h), Some(a), Some(hr), Some(ar)) = (hourly[i], annual[i], hourly_rows.get(i), annual_rows.get(i))
            else {
                continue;
            };
            let rounding = roundings.get(&sources[i]).copied().unwrap_or_default();
            let implied = rounding.interval(Quantity::Hourly, h).scale(hours);
            if a <= 0.0 || implied.overlaps(rounding.interval(Quantity::Annual, a)) {
                continue;
            }
            let off = crate::wage::hourly_annual_gap(h, a, hours).unwrap_or_default();
            let annual_side = rounding.interval(Quantity::Annual, a);
            // How far apart: in percent, or in dollars when that rounds to nothing.
            let apart = if off.abs() >= 0.0005 {
                format!("{:+.1}%", off * 100.0)
            } else {
                let gap = (implied.lo - annual_side.hi).max(annual_side.lo - implied.hi);
                format!("${gap:.2} beyond rounding")
            };
            let range = format!("{} to {}", format::money(implied.lo, false), format::money(implied.hi, false));
            let index = column_index(wages, stat);
            let (here, there) = (wages.row_ref(hr as usize), wages.row_ref(ar as usize));
            let place = if here == there { "on the same row".to_string() } else { format!("on {there}") };
            issues.push(
                wages.locate(
                    Issue::warning(
                        &wages.file,
                        format!(
                            "hourly {stat} {} × {} h = {} does not match the annual {stat} {} {place} ({apart}), \
                             not even with {}; the source contradicts itself, or uses other hours",
                            format::money(h, true),
                            format::thousands(hours, 0),
                            format::money(crate::wage::annual_from_hourly(h, hours), false),
                            format::money(a, false),
                            rounding.describe(&[(Quantity::Hourly, h), (Quantity::Annual, a)]),
                        ),
                    )
                    .at_column(index, stat)
                    .got(format!("annual {}", format::money(a, false)))
                    .expected(range),
                    hr as usize,
                ),
            );
        }
    }
    Ok(())
}

/// Highest plausible hourly wage and lowest plausible annual wage: a figure beyond these is most
/// likely on the other basis (an annual salary in an hourly row, or the reverse).
const MAX_HOURLY: f64 = 500.0;
const MIN_ANNUAL: f64 = 2_000.0;

/// Money figures that look like they are on the other basis.
fn plausible_units(dataset: &Dataset, _: CheckOptions, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    let wages = dataset.table(TableId::Wages);
    let hourly = col(c::BASIS).eq(lit(crate::data::schema::values::HOURLY));
    let annual = col(c::BASIS).eq(lit(crate::data::schema::values::ANNUAL));
    for stat in MONEY_COLUMNS {
        let index = column_index(wages, stat);
        let cases = [
            (
                hourly.clone().and(col(stat).gt(lit(MAX_HOURLY))),
                "hourly",
                "an annual figure",
                format!("at most ${MAX_HOURLY} an hour"),
            ),
            (
                annual.clone().and(col(stat).lt(lit(MIN_ANNUAL))).and(col(stat).gt(lit(0.0))),
                "annual",
                "an hourly figure",
                format!("at least ${MIN_ANNUAL} a year"),
            ),
        ];
        for (condition, basis, looks_like, expected) in cases {
            each_row(
                wages,
                condition,
                &[stat],
                |cells| {
                    Issue::warning(
                        &wages.file,
                        format!("{basis} {stat} looks like {looks_like}; check the basis column"),
                    )
                    .at_column(index, stat)
                    .got(cells[0].clone())
                    .expected(expected.clone())
                },
                issues,
            )?;
        }
    }
    Ok(())
}

/// `derived` must name numeric columns of the row that have a value, and come with a `formula`.
fn derived_have_formula(dataset: &Dataset, _: CheckOptions, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    for table in dataset.tables().filter(|t| t.spec.column(c::DERIVED).is_some()) {
        let index = column_index(table, c::FORMULA);
        each_row(
            table,
            col(c::DERIVED).is_not_null().and(col(c::FORMULA).is_null()),
            &[c::DERIVED],
            |cells| {
                Issue::error(&table.file, "derived figures need a formula")
                    .at_column(index, c::FORMULA)
                    .got(format!("derived {} and no formula", quoted(&cells[0])))
                    .expected("the formula that produced them")
            },
            issues,
        )?;
        let numeric: Vec<&str> = table
            .spec
            .columns
            .iter()
            .filter(|s| matches!(s.kind, super::schema::Kind::Number { .. }))
            .map(|s| s.name)
            .collect();
        let allowed = Series::new("allowed".into(), numeric.as_slice());
        let listed = table
            .lazy()
            .with_row_index(ROW, None)
            .select([col(ROW), col(c::DERIVED).str().split(lit(";")).alias("name")])
            .explode(by_name(["name"], true, false), ExplodeOptions { empty_as_null: true, keep_nulls: true })
            .with_column(col("name").str().strip_chars(lit(NULL)))
            .filter(col("name").is_not_null().and(col("name").is_in(lit(allowed).implode(false), false).not()))
            .collect()?;
        let names = listed.column("name")?.clone();
        let index = column_index(table, c::DERIVED);
        for (i, row) in row_numbers(&listed).into_iter().enumerate() {
            issues.push(
                table.locate(
                    Issue::error(&table.file, "derived names a column that is not a figure of this table")
                        .at_column(index, c::DERIVED)
                        .got(quoted(&cell_text(&names, i)))
                        .expected(format!("names from {}", numeric.join(", "))),
                    row,
                ),
            );
        }
    }
    Ok(())
}

/// Target after base; a stated change and percent agree with base and target within what their
/// rounding allows (DOMAIN.md §7): the change with target − base, the percent with target ÷ base
/// − 1 (or change ÷ base when a level is missing), each as an interval of the rounded inputs.
fn projections(dataset: &Dataset, _: CheckOptions, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    let table = dataset.table(TableId::Projections);
    let index = column_index(table, c::TARGET_YEAR);
    each_row(
        table,
        col(c::TARGET_YEAR).lt_eq(col(c::BASE_YEAR)),
        &[c::BASE_YEAR, c::TARGET_YEAR],
        |cells| {
            Issue::error(&table.file, "the target year is not after the base year")
                .at_column(index, c::TARGET_YEAR)
                .got(format!("base {}, target {}", cells[0], cells[1]))
                .expected("target_year > base_year")
        },
        issues,
    )?;
    let roundings = roundings(dataset)?;
    let frame = &table.frame;
    let (base, target) = (floats(frame, c::BASE_EMPLOYMENT)?, floats(frame, c::TARGET_EMPLOYMENT)?);
    let (change, percent, sources) =
        (floats(frame, c::CHANGE)?, floats(frame, c::PERCENT_CHANGE)?, texts(frame, c::SOURCE)?);
    let jobs = |v: f64| format::thousands(v, 0);
    for row in 0..frame.height() {
        let rounding = roundings.get(&sources[row]).copied().unwrap_or_default();
        let int = |q: Quantity, v: Option<f64>| v.map(|v| rounding.interval(q, v));
        let (b, t, ch) =
            (int(Quantity::Jobs, base[row]), int(Quantity::Jobs, target[row]), int(Quantity::Jobs, change[row]));
        let steps: Vec<(Quantity, f64)> = [base[row], target[row], change[row]]
            .into_iter()
            .flatten()
            .map(|v| (Quantity::Jobs, v))
            .chain(percent[row].map(|p| (Quantity::Percent, p)))
            .collect();
        if let (Some(b), Some(t), Some(ch), Some(stated)) = (b, t, ch, change[row]) {
            let implied = t - b;
            if !ch.overlaps(implied) {
                let index = column_index(table, c::CHANGE);
                issues.push(table.locate(
                    Issue::warning(
                        &table.file,
                        format!(
                            "stated change {} is outside what base employment {} and target {} allow ({} to {} with {})",
                            format::signed(stated, 0),
                            jobs(base[row].unwrap_or_default()),
                            jobs(target[row].unwrap_or_default()),
                            format::signed(implied.lo, 0),
                            format::signed(implied.hi, 0),
                            rounding.describe(&steps)
                        ),
                    )
                    .at_column(index, c::CHANGE)
                    .got(format::signed(stated, 0))
                    .expected(format!("{} to {}", format::signed(implied.lo, 0), format::signed(implied.hi, 0))),
                    row,
                ));
            }
        }
        let Some(stated) = percent[row] else { continue };
        // The percent the rounded levels allow: target ÷ base − 1, else change ÷ base, else
        // change ÷ (target − change).
        let (implied, from) = match (b, t, ch) {
            (Some(b), Some(t), _) => (
                t.checked_div(b).map(|q| q.shift(-1.0).scale(100.0)),
                format!(
                    "base employment {} and target {}",
                    jobs(base[row].unwrap_or_default()),
                    jobs(target[row].unwrap_or_default())
                ),
            ),
            (Some(b), None, Some(ch)) => (
                ch.checked_div(b).map(|q| q.scale(100.0)),
                format!(
                    "base employment {} and change {}",
                    jobs(base[row].unwrap_or_default()),
                    format::signed(change[row].unwrap_or_default(), 0)
                ),
            ),
            (None, Some(t), Some(ch)) => (
                ch.checked_div(t - ch).map(|q| q.scale(100.0)),
                format!(
                    "target employment {} and change {}",
                    jobs(target[row].unwrap_or_default()),
                    format::signed(change[row].unwrap_or_default(), 0)
                ),
            ),
            _ => (None, String::new()),
        };
        let Some(implied) = implied else { continue };
        if rounding.interval(Quantity::Percent, stated).overlaps(implied) {
            continue;
        }
        let range = format!("{}% to {}%", format::signed(implied.lo, 1), format::signed(implied.hi, 1));
        let index = column_index(table, c::PERCENT_CHANGE);
        issues.push(
            table.locate(
                Issue::warning(
                    &table.file,
                    format!(
                        "stated percent change {} is outside what {from} allow ({range} with {})",
                        format::published_percent(stated),
                        rounding.describe(&steps)
                    ),
                )
                .at_column(index, c::PERCENT_CHANGE)
                .got(format::published_percent(stated))
                .expected(range),
                row,
            ),
        );
    }
    Ok(())
}

/// min_months ≤ typical_months ≤ max_months.
fn durations(dataset: &Dataset, _: CheckOptions, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    let table = dataset.table(TableId::Education);
    for (low, high) in
        [(c::MIN_MONTHS, c::TYPICAL_MONTHS), (c::TYPICAL_MONTHS, c::MAX_MONTHS), (c::MIN_MONTHS, c::MAX_MONTHS)]
    {
        let index = column_index(table, high);
        each_row(
            table,
            col(low).gt(col(high)),
            &[low, high],
            |cells| {
                Issue::error(&table.file, format!("{low} is above {high}"))
                    .at_column(index, high)
                    .got(format!("{low} {}, {high} {}", cells[0], cells[1]))
                    .expected("min_months ≤ typical_months ≤ max_months")
            },
            issues,
        )?;
    }
    Ok(())
}

/// A ratio compares two different groups.
fn ratios(dataset: &Dataset, _: CheckOptions, issues: &mut Vec<Issue>) -> PolarsResult<()> {
    let table = dataset.table(TableId::Ratios);
    let index = column_index(table, c::REFERENCE);
    each_row(
        table,
        col(c::GROUP).eq(col(c::REFERENCE)),
        &[c::GROUP],
        |cells| {
            Issue::error(&table.file, "a ratio compares a group with itself")
                .at_column(index, c::REFERENCE)
                .got(quoted(&cells[0]))
                .expected("a reference group other than the group")
        },
        issues,
    )
}
