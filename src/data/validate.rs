//! Checks across rows and tables, run after every table parsed: unknown source ids and
//! occupation codes, duplicate keys, percentile order, hourly vs annual consistency, derived
//! figures without a formula, projections that contradict themselves.
//!
//! Each check is one polars query; only offending rows come back to Rust to be named.

use polars::prelude::*;

use super::dataset::{CheckOptions, Dataset};
use super::load::{ROW, Table, cell_text, row_numbers};
use super::schema::{MONEY_COLUMNS, PERCENTILES, TableId, col as c};
use crate::error::{Issue, quoted};
use crate::format;

/// One named check over a whole dataset.
type Check = fn(&Dataset, CheckOptions, &mut Vec<Issue>) -> PolarsResult<()>;

/// Run every cross-row and cross-table check.
pub fn cross_checks(dataset: &Dataset, options: CheckOptions) -> Vec<Issue> {
    let mut issues = Vec::new();
    let checks: [(&str, Check); 9] = [
        ("references", references),
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
        issues.push(make(&cells).at_line(table.line_of(row)));
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
                Issue::error(
                    &table.file,
                    format!(
                        "duplicate row: same {} as line {}",
                        table.spec.key.join(", "),
                        table.line_of(first as usize)
                    ),
                )
                .at_line(table.line_of(row as usize))
                .expected("each key once"),
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

/// An hourly and an annual figure for the same cut and source should agree at `hours_per_year`.
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
    let hourly_rows = pairs.column(ROW)?.idx()?.clone();
    let annual_rows = pairs.column(&format!("{ROW}_annual"))?.idx()?.clone();
    for stat in MONEY_COLUMNS {
        let hourly = pairs.column(stat)?.f64()?.clone();
        let annual = pairs.column(&format!("{stat}_annual"))?.f64()?.clone();
        for i in 0..pairs.height() {
            let (Some(h), Some(a), Some(hr), Some(ar)) =
                (hourly.get(i), annual.get(i), hourly_rows.get(i), annual_rows.get(i))
            else {
                continue;
            };
            let implied = crate::wage::annual_from_hourly(h, options.hours_per_year);
            let Some(off) = crate::wage::hourly_annual_gap(h, a, options.hours_per_year) else {
                continue;
            };
            if off.abs() > options.tolerance {
                issues.push(
                    Issue::warning(
                        &wages.file,
                        format!(
                            "hourly {stat} {} × {} h = {} does not match the annual {stat} on line {} ({:+.1}%); \
                             the source contradicts itself, or uses other hours",
                            format::money(h, true),
                            format::thousands(options.hours_per_year, 0),
                            format::money(implied, false),
                            wages.line_of(ar as usize),
                            off * 100.0
                        ),
                    )
                    .at_line(wages.line_of(hr as usize))
                    .got(format!("annual {}", format::money(a, false)))
                    .expected(format!("about {}", format::money(implied, false))),
                );
            }
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
                Issue::error(&table.file, "derived names a column that is not a figure of this table")
                    .at_line(table.line_of(row))
                    .at_column(index, c::DERIVED)
                    .got(quoted(&cell_text(&names, i)))
                    .expected(format!("names from {}", numeric.join(", "))),
            );
        }
    }
    Ok(())
}

/// Target after base; stated change and percent agree with base and target (within rounding).
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
    let implied_change = col(c::TARGET_EMPLOYMENT) - col(c::BASE_EMPLOYMENT);
    // Employment is published rounded to hundreds: allow that much.
    let index = column_index(table, c::CHANGE);
    each_row(
        table,
        (col(c::CHANGE) - implied_change).abs().gt(lit(100.0)),
        &[c::CHANGE, c::BASE_EMPLOYMENT, c::TARGET_EMPLOYMENT],
        |cells| {
            Issue::warning(&table.file, format!("stated change contradicts base {} and target {}", cells[1], cells[2]))
                .at_column(index, c::CHANGE)
                .got(cells[0].clone())
                .expected("target_employment − base_employment")
        },
        issues,
    )?;
    // Percent changes are published rounded to whole percent: allow half a point.
    let base = col(c::BASE_EMPLOYMENT).fill_null(col(c::TARGET_EMPLOYMENT) - col(c::CHANGE));
    let implied_percent = (col(c::CHANGE).fill_null(col(c::TARGET_EMPLOYMENT) - col(c::BASE_EMPLOYMENT)) / base
        * lit(100.0))
    .alias("implied");
    let rows = table
        .lazy()
        .with_row_index(ROW, None)
        .with_column(implied_percent)
        .filter((col(c::PERCENT_CHANGE) - col("implied")).abs().gt(lit(0.5)))
        .select([
            col(ROW),
            col(c::PERCENT_CHANGE),
            col("implied"),
            col(c::BASE_EMPLOYMENT),
            col(c::TARGET_EMPLOYMENT),
            col(c::CHANGE),
        ])
        .collect()?;
    let index = column_index(table, c::PERCENT_CHANGE);
    let (stated, implied) = (rows.column(c::PERCENT_CHANGE)?.f64()?.clone(), rows.column("implied")?.f64()?.clone());
    let figure = |name: &str, i: usize| {
        rows.column(name).ok().and_then(|c| c.f64().ok()?.get(i)).map(|v| format!("{name} {}", format::thousands(v, 0)))
    };
    for (i, row) in row_numbers(&rows).into_iter().enumerate() {
        let (Some(s), Some(m)) = (stated.get(i), implied.get(i)) else {
            continue;
        };
        let named: Vec<String> =
            [c::BASE_EMPLOYMENT, c::TARGET_EMPLOYMENT, c::CHANGE].iter().filter_map(|n| figure(n, i)).collect();
        issues.push(
            Issue::warning(
                &table.file,
                format!(
                    "stated percent change {}% contradicts {} by more than rounding",
                    format::plain(s),
                    named.join(" and ")
                ),
            )
            .at_line(table.line_of(row))
            .at_column(index, c::PERCENT_CHANGE)
            .got(format!("{}%", format::plain(s)))
            .expected(format!("{m:.1}% from change ÷ base employment")),
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
