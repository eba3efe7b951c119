//! `wagescope paygap`: the gender pay gap of a payroll, by the EU Directive's or the UK
//! regulations' definitions (`analysis::paygap`).

use std::path::Path;

use anyhow::Result;
use comfy_table::{CellAlignment, Table as TextTable, presets};
use serde::Serialize;

use super::{CountsInvalid, SkippedRows, checked, mapping_of};
use crate::analysis::paygap::gender::hint;
use crate::analysis::paygap::{CellDim, Gap, PayRules, Paygap, PaygapOptions, paygap};
use crate::cli::{Cli, PaygapArgs, PayrollArgs, TableFormat};
use crate::data::microdata::{MicroOptions, Microdata};
use crate::data::schema::micro as m;
use crate::error::{Issue, WagescopeError};
use crate::format::thousands;
use crate::output;
use crate::report::paygap::{PaygapRun, article_10_lines, band_range, counts_text, indicators, like_for_like, percent};

impl CountsInvalid for Paygap {
    fn invalid_rows(&self) -> u64 {
        self.rows_invalid
    }
    fn valid_rows(&self) -> u64 {
        self.rows_valid
    }
}

/// The file's names for a canonical column, as "theirs (canonical)" when they differ; several
/// (variable pay summed, 0/1 category columns) as "a + b + c (canonical)".
fn named(microdata: &Microdata, canonical: &str) -> Option<String> {
    let theirs: Vec<&str> = microdata.used_columns().filter(|(c, _)| *c == canonical).map(|(_, t)| t).collect();
    match theirs.as_slice() {
        [] => None,
        [one] if *one == canonical => Some(canonical.to_string()),
        _ => Some(format!("{} ({canonical})", theirs.join(" + "))),
    }
}

/// Read the payroll and compute its figures: everything `paygap` and `report paygap` show.
pub fn build(cli: &Cli, args: &PayrollArgs) -> Result<(PaygapRun, Option<SkippedRows>)> {
    if args.rules == PayRules::Uk && args.snapshot_date.is_none() {
        return Err(WagescopeError::Usage(
            "--rules uk needs --snapshot-date YYYY-MM-DD (5 April for private and voluntary sector employers, 31 March for the public sector)".into(),
        )
        .into());
    }
    let mapping = mapping_of(&args.read)?;
    let mut microdata = Microdata::open(
        &args.microdata,
        &MicroOptions {
            mapping,
            hours_per_year: cli.hours_per_year,
            wage_unit: args.read.wage_unit,
            max_wage: args.read.max_wage,
            payroll: true,
        },
    )?;
    if !microdata.has(m::GENDER) {
        return Err(WagescopeError::Usage(format!(
            "{} has no gender column, which paygap needs (its columns: {}); map yours with --map gender=THEIRS (a 0/1 column named female or male is read by its name: --map gender=female)",
            microdata.file,
            microdata.columns().join(", ")
        ))
        .into());
    }
    let has = |c: &str| microdata.has(c);
    let dims: Vec<CellDim> = [
        (m::YEARS_EXPERIENCE, CellDim::Experience),
        (m::SETTING, CellDim::Setting),
        (m::CERTIFIED, CellDim::Certification),
        (m::REGION, CellDim::Region),
    ]
    .iter()
    .filter(|(c, _)| has(c))
    .map(|(_, d)| *d)
    .collect();
    let gender_column = microdata.used_columns().find(|(c, _)| *c == m::GENDER).map(|(_, t)| t.to_string());
    let options = PaygapOptions {
        rules: args.rules,
        min_n: args.min_n,
        hours_per_year: cli.hours_per_year,
        wage_unit: microdata.present.wage_unit,
        weighted: microdata.present.weight,
        gender_column: gender_column.clone().unwrap_or_default(),
        codes: args.gender_values.clone().unwrap_or_default(),
        variable: has(m::VARIABLE_PAY),
        hours: has(m::HOURS),
        fte: has(m::FTE) && !has(m::HOURS),
        category: has(m::CATEGORY),
        full_pay: has(m::FULL_PAY),
        employer: has(m::EMPLOYER),
        dims,
    };
    let (figures, skipped) = checked(&mut microdata, args.skip_bad_rows, |lf| paygap(lf, &options))?;
    let gender_named = named(&microdata, m::GENDER).unwrap_or_default();
    if !figures.unknown_genders.is_empty() {
        let values: Vec<String> = figures.unknown_genders.iter().map(|(v, _)| v.clone()).collect();
        let found = figures
            .unknown_genders
            .iter()
            .map(|(v, n)| format!("{v:?} ({} row{})", thousands(*n as f64, 0), if *n == 1 { "" } else { "s" }))
            .collect::<Vec<_>>()
            .join(", ");
        let index = microdata.columns().iter().position(|c| Some(c) == gender_column.as_ref()).unwrap_or(0);
        return Err(WagescopeError::Data(vec![
            Issue::error(&microdata.file, format!("column '{gender_named}' has values that are not a gender wagescope knows"))
                .at_column(index, gender_column.as_deref().unwrap_or(m::GENDER))
                .got(found)
                .expected(format!(
                    "female/male words (F, M, woman, man; X, other, non-binary), a 0/1 column named female or male, or say what each value means: {}",
                    hint(&values)
                )),
        ])
        .into());
    }
    // The hourly figures' own population (UK: full-pay relevant employees) decides.
    let (women, men) = (figures.hourly.women.n, figures.hourly.men.n);
    if women < args.min_n || men < args.min_n {
        let who = if args.rules == PayRules::Uk { " full-pay relevant" } else { "" };
        let missing = match figures.counts.gender_missing {
            0 => String::new(),
            n => format!("; {} row{} with no gender stated", thousands(n as f64, 0), if n == 1 { "" } else { "s" }),
        };
        return Err(WagescopeError::Data(vec![
            Issue::error(
                &microdata.file,
                format!(
                    "too few women or men for any figure: {} wom{} and {} m{}{who}{}{missing}",
                    thousands(women as f64, 0),
                    if women == 1 { "an" } else { "en" },
                    thousands(men as f64, 0),
                    if men == 1 { "an" } else { "en" },
                    if figures.weighted { " of positive weight" } else { "" }
                ),
            )
            .expected(format!(
                "at least {} of each (--min-n): fewer would let a reader work out a person's pay",
                args.min_n
            )),
        ])
        .into());
    }
    Ok((
        PaygapRun {
            file: microdata.file.clone(),
            rules_title: args.rules.title().to_string(),
            snapshot_date: args.snapshot_date.clone(),
            wage_column: microdata.wage_column(),
            variable_column: named(&microdata, m::VARIABLE_PAY),
            gender_column: gender_named,
            category_column: named(&microdata, m::CATEGORY),
            synthetic: microdata.present.synthetic,
            figures,
        },
        skipped,
    ))
}

/// The JSON of `paygap`: the figures and what was left out.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    run: &'a PaygapRun,
    skipped_rows: Option<&'a SkippedRows>,
}

pub fn run(cli: &Cli, args: &PaygapArgs) -> Result<()> {
    let (run, skipped) = build(cli, &args.payroll)?;
    match args.format {
        TableFormat::Json => {
            let out = Output { run: &run, skipped_rows: skipped.as_ref() };
            output::print(&format!("{}\n", serde_json::to_string_pretty(&out)?))
        }
        TableFormat::Csv => output::print(&csv_text(&run)?),
        TableFormat::Table => output::print(&text(&run)),
    }
}

fn text(run: &PaygapRun) -> String {
    let f = &run.figures;
    let mut out = format!(
        "Gender pay gap — {}{} ({}{})\n",
        run.file,
        if run.synthetic { " [SYNTHETIC DATA: not real people]" } else { "" },
        run.rules_title,
        run.snapshot_date.as_ref().map_or_else(String::new, |d| format!("; snapshot {d}"))
    );
    out.push_str(&format!("Workers: {}.\n", counts_text(f)));
    let mut table = TextTable::new();
    table.load_style(presets::ASCII_MARKDOWN);
    table.set_header(["", "indicator", "women", "men", "gap (men − women) ÷ men"]);
    for i in indicators(run) {
        table.add_row([i.article, i.indicator, i.women, i.men, i.gap]);
    }
    right(&mut table, 2..5);
    out.push_str(&format!("{table}\n"));
    if !f.quartiles.is_empty() {
        let mut bands = TextTable::new();
        bands.load_style(presets::ASCII_MARKDOWN);
        let other = f.counts.other > 0;
        let mut header = vec!["quartile pay band", "hourly pay", "women", "men"];
        if other {
            header.push("another gender");
        }
        header.extend(["of all women", "of all men"]);
        bands.set_header(header);
        for b in &f.quartiles {
            let mut row = vec![b.band.clone(), band_range(b), share(b.women), share(b.men)];
            if other {
                row.push(share(b.other));
            }
            row.extend([share(b.of_women), share(b.of_men)]);
            bands.add_row(row);
        }
        right(&mut bands, 1..7);
        out.push_str(&format!(
            "\nQuartile pay bands ({}): four bands of equal size by hourly pay, lowest to highest\n{bands}\n",
            if f.rules == PayRules::Eu { "Art. 9(1)(f)" } else { "reg. 2(1)(f)" }
        ));
    }
    if !f.categories.is_empty() {
        let mut cats = TextTable::new();
        cats.load_style(presets::ASCII_MARKDOWN);
        let variable = f.variable.is_some();
        let mut header = vec!["category", "women", "men", "basic mean", "basic median"];
        if variable {
            header.extend(["variable mean", "variable median"]);
        }
        header.extend(["pay mean", "like for like", "Art. 10"]);
        cats.set_header(header);
        for c in &f.categories {
            if c.suppressed {
                cats.add_row(vec![
                    c.category.clone(),
                    String::new(),
                    String::new(),
                    format!("suppressed ({})", c.suppression.clone().unwrap_or_default()),
                ]);
                continue;
            }
            let count = |n: Option<u64>| n.map_or_else(String::new, |n| thousands(n as f64, 0));
            let mut row = vec![
                c.category.clone(),
                count(c.women),
                count(c.men),
                percent(c.basic_mean_gap),
                percent(c.basic_median_gap),
            ];
            if variable {
                row.extend([percent(c.variable_mean_gap), percent(c.variable_median_gap)]);
            }
            row.extend([
                percent(c.pay_mean_gap),
                like_for_like(c.like_for_like_gap, c.like_for_like_share),
                if c.flagged { "≥ 5% either way".into() } else { String::new() },
            ]);
            cats.add_row(row);
        }
        right(&mut cats, 1..if variable { 9 } else { 7 });
        out.push_str(&format!(
            "\nGaps by category of workers (Art. 9(1)(g); {}), (men − women) ÷ men\n{cats}\n",
            run.category_column.as_deref().unwrap_or(m::CATEGORY)
        ));
        for (i, line) in article_10_lines(run).iter().enumerate() {
            out.push_str(&if i == 0 { format!("{line}\n") } else { format!("  - {line}\n") });
        }
    }
    out.push_str("\nMethods:\n");
    for line in &f.methods {
        out.push_str(&format!("  - {line}\n"));
    }
    out
}

fn share(value: f64) -> String {
    format!("{value:.1}%")
}

fn right(table: &mut TextTable, columns: std::ops::Range<usize>) {
    for column in columns {
        if let Some(c) = table.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// One row per figure: the indicators, the bands, then each category's figures; `note` says why a
/// figure is withheld, or that a category is flagged under Art. 10.
fn csv_text(run: &PaygapRun) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["section", "name", "figure", "women", "men", "gap_percent", "note"])?;
    // Six decimals: the exact sums' fixed point (2⁻³² of pay × weight) shows from about the ninth.
    let number = |v: Option<f64>| v.map_or_else(String::new, |x| ((x * 1e6).round() / 1e6).to_string());
    let f = &run.figures;
    let uk = f.rules == PayRules::Uk;
    let mut rows: Vec<[String; 7]> = Vec::new();
    let mut gap_rows = |name: &str, gap: &Gap| {
        let note = gap.suppression.clone().map(|r| format!("withheld: {r}")).unwrap_or_default();
        rows.push([
            "indicator".into(),
            name.into(),
            "mean".into(),
            number(gap.women.mean),
            number(gap.men.mean),
            number(gap.mean_gap),
            note.clone(),
        ]);
        rows.push([
            "indicator".into(),
            name.into(),
            "median".into(),
            number(gap.women.median),
            number(gap.men.median),
            number(gap.median_gap),
            note,
        ]);
    };
    gap_rows(if uk { "hourly pay (ordinary pay)" } else { "hourly pay" }, &f.hourly);
    if let Some(annual) = &f.annual {
        gap_rows("annual pay", annual);
    }
    if let Some(v) = &f.variable {
        let name = if uk { "bonus pay" } else { "variable pay" };
        gap_rows(name, &v.gap);
        let receiving = if uk { "paid a bonus" } else { "receiving variable pay" };
        rows.push([
            "indicator".into(),
            receiving.into(),
            "percent".into(),
            number(v.women_receiving),
            number(v.men_receiving),
            String::new(),
            String::new(),
        ]);
    }
    for b in &f.quartiles {
        rows.push([
            "quartile band".into(),
            b.band.clone(),
            "percent of the band".into(),
            b.women.to_string(),
            b.men.to_string(),
            String::new(),
            String::new(),
        ]);
        rows.push([
            "quartile band".into(),
            b.band.clone(),
            "percent of all of the sex".into(),
            b.of_women.to_string(),
            b.of_men.to_string(),
            String::new(),
            String::new(),
        ]);
    }
    for c in &f.categories {
        let note = match (&c.suppression, c.flagged) {
            (Some(reason), _) => format!("suppressed: {reason}"),
            (None, true) => "Art. 10: mean gap of 5% or more either way".into(),
            (None, false) => String::new(),
        };
        let count = |n: Option<u64>| n.map_or_else(String::new, |n| n.to_string());
        let mut add = |figure: &str, women: String, men: String, gap: Option<f64>| {
            rows.push(["category".into(), c.category.clone(), figure.into(), women, men, number(gap), note.clone()]);
        };
        add("workers", count(c.women), count(c.men), None);
        add("basic pay per hour, mean", String::new(), String::new(), c.basic_mean_gap);
        add("basic pay per hour, median", String::new(), String::new(), c.basic_median_gap);
        if f.variable.is_some() {
            add("variable pay, mean", String::new(), String::new(), c.variable_mean_gap);
            add("variable pay, median", String::new(), String::new(), c.variable_median_gap);
        }
        add("hourly pay, mean", String::new(), String::new(), c.pay_mean_gap);
        add("hourly pay, mean, like for like", String::new(), String::new(), c.like_for_like_gap);
    }
    for row in rows {
        writer.write_record(row)?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// The input file, for the report's list of inputs.
pub fn input_path(args: &PayrollArgs) -> &Path {
    &args.microdata
}
