//! `wagescope report …`: build a report's context, render it, write it atomically.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{CountsInvalid, checked, load, open_microdata, restate_microdata, summary_options};
use crate::analysis::basis::cpi_series;
use crate::analysis::micro::MicroDim;
use crate::analysis::micro::outlook::{MicroOutlook, micro_outlook};
use crate::analysis::occupation::family;
use crate::analysis::outlook::outlook as build_outlook;
use crate::cli::{Cli, OutlookArgs, ReportFormat, ReportOptions};
use crate::data::{DataSource, Dataset};
use crate::error::WagescopeError;
use crate::output;
use crate::report;
use crate::report::PageMeta;
use crate::report::page::{Hashing, Inputs};

impl CountsInvalid for MicroOutlook {
    fn invalid_rows(&self) -> u64 {
        self.overall.rows_invalid
    }
    fn valid_rows(&self) -> u64 {
        self.overall.total.n
    }
}

const GENERATOR: &str = concat!("wagescope ", env!("CARGO_PKG_VERSION"));

/// Stack of each batch worker (see `outlook_batch`).
const RENDER_STACK: usize = 16 << 20;

use crate::analysis::micro::lap;

/// The time a batch's reports spent in each stage, summed over the threads (`WAGESCOPE_TIMINGS`).
#[derive(Default)]
struct Spent {
    analysis: std::sync::atomic::AtomicU64,
    render: std::sync::atomic::AtomicU64,
    write: std::sync::atomic::AtomicU64,
}

impl Spent {
    /// Adds the time since `start` to `stage`; returns now, the next stage's start.
    fn add(&self, stage: &std::sync::atomic::AtomicU64, start: std::time::Instant) -> std::time::Instant {
        let now = std::time::Instant::now();
        stage.fetch_add((now - start).as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
        now
    }

    fn print(&self) {
        if std::env::var_os("WAGESCOPE_TIMINGS").is_some() {
            for (label, stage) in [("analysis", &self.analysis), ("render", &self.render), ("write", &self.write)] {
                let seconds = stage.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e9;
                eprintln!("{:>24}: {seconds:.3} s (summed over the threads)", format!("  of which {label}"));
            }
        }
    }
}

/// `work` on each item, on as many plain threads as there are cores, the results in the items'
/// order. Not a rayon pool: a rayon worker that waits for polars' pool steals the next item while
/// it waits, so reports nest on one stack until it overflows (856 reports in a debug build); a
/// plain thread just waits. Each thread has `RENDER_STACK`: rendering a report recurses through the
/// templates deeper than a thread's default 2 MiB allows in a debug build.
fn on_every_core<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    let worker = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { break done };
            done.push((index, work(item)));
        }
    };
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        // As many threads as the system gives (a strict limit may refuse some): the items go to
        // those that started, or to this thread when none did.
        let workers: Vec<_> = (0..threads)
            .map_while(|_| std::thread::Builder::new().stack_size(RENDER_STACK).spawn_scoped(scope, worker).ok())
            .collect();
        if workers.is_empty() {
            return vec![worker()];
        }
        workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut results: Vec<(usize, R)> = done.into_iter().flatten().collect();
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// O*NET alternate titles per occupation the finder searches (they run to the hundreds).
const ALSO_CALLED: usize = 25;

/// Where a report goes, checked before any work: the file (default by kind and format), the
/// templates (parsed now, so a syntax error stops the command at once), the generation time.
struct Target {
    path: PathBuf,
    generated_at: Option<String>,
    /// The templates, parsed before the report's work (a broken `--templates` file stops the
    /// command before it reads any data) and used to render it; `None` for JSON.
    renderer: Option<report::Renderer>,
}

fn target(kind: &str, output: Option<&Path>, options: &ReportOptions) -> Result<Target> {
    let extension = match options.format {
        ReportFormat::Html => "html",
        ReportFormat::Json => "json",
    };
    let path = output.map_or_else(|| PathBuf::from(format!("wagescope-{kind}.{extension}")), Path::to_path_buf);
    output::check_output_path(&path)?;
    let renderer = match options.format {
        ReportFormat::Html => Some(report::Renderer::new(options.templates.as_deref())?),
        ReportFormat::Json => None,
    };
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let generated_at = report::page::generated_at(options.generated_at.as_deref(), epoch.as_deref())?;
    Ok(Target { path, generated_at, renderer })
}

/// Render (or serialise) the report, write it and its table exports, print what was written.
#[allow(clippy::too_many_arguments)]
fn write<T: serde::Serialize, D: serde::Serialize>(
    target: Target,
    template: &str,
    context: &T,
    data: &D,
    default_title: &str,
    options: &ReportOptions,
    inputs: Inputs,
    exports: Vec<report::export::Export>,
) -> Result<()> {
    let (input_hash, inputs) = inputs.finish();
    let page = PageMeta {
        title: options.title.clone().unwrap_or_else(|| default_title.to_string()),
        organization: options.organization.clone(),
        generated_at: target.generated_at,
        input_hash,
        inputs,
        generator: GENERATOR.to_string(),
    };
    let document = report::Document { report: context, page: &page, data };
    let bytes = match options.format {
        ReportFormat::Html => match &target.renderer {
            Some(renderer) => renderer.render(template, &document)?,
            None => report::render(template, &document, options.templates.as_deref())?,
        },
        ReportFormat::Json => format!("{}\n", serde_json::to_string_pretty(&document)?),
    };
    let mut written = Vec::new();
    if let Some(dir) = &options.export_dir {
        written = report::export::write_all(dir, &exports)?;
    }
    output::write_atomic(&target.path, bytes.as_bytes())?;
    let mut lines = vec![target.path.display().to_string()];
    lines.extend(written);
    output::print(&format!("{}\n", lines.join("\n")))
}

/// The O*NET folder of `--onet`, read (its warnings on stderr), or `None`.
fn onet(cli: &Cli) -> Result<Option<crate::import::onet::Onet>> {
    let Some(dir) = &cli.onet else { return Ok(None) };
    let task = crate::progress::Task::start(format!("reading the O*NET files in {}", dir.display()));
    let onet = crate::import::onet::read(dir)?;
    drop(task);
    for w in &onet.warnings {
        eprintln!("{w}");
    }
    Ok(Some(onet))
}

/// Hash the dataset's files: the dataset's tables, the agency files of `--oews`/`--projections`, and
/// the O*NET files read.
fn dataset_inputs(cli: &Cli, inputs: &mut Inputs, onet: Option<&crate::import::onet::Onet>) -> Result<()> {
    for path in onet.iter().flat_map(|o| o.paths.iter()) {
        inputs.file(path)?;
    }
    if cli.oews.is_empty() && cli.projections.is_empty() {
        inputs.dataset(&DataSource::from_option(cli.data.as_deref()))?;
        return Ok(());
    }
    if let Some(base) = &cli.data {
        inputs.dataset(&DataSource::Dir(base.clone()))?;
    }
    for path in cli.oews.iter().chain(cli.projections.iter()) {
        inputs.file(path)?;
    }
    Ok(())
}

/// Hash an engine's result read with `--aggregates`: the file, or each part file of a directory as
/// Spark writes it (the files `engine::aggregates` reads).
fn aggregates_inputs(inputs: &mut Inputs, micro: &crate::cli::MicroArgs) -> Result<()> {
    if let Some(path) = &micro.aggregates {
        for file in crate::engine::aggregates::result_files(path)? {
            inputs.file(&file)?;
        }
    }
    Ok(())
}

pub fn outlook(cli: &Cli, args: &OutlookArgs) -> Result<()> {
    if let Some(list) = args.batch() {
        return outlook_batch(cli, args, &list);
    }
    let target = target("outlook", args.output.as_deref(), &args.report)?;
    // The microdata file's hash runs beside the report's own work (see `Hashing`).
    let micro_hash = args.micro.microdata.as_deref().map(Hashing::start);
    let dataset = load(cli)?;
    let onet = onet(cli)?;
    let family = family(&dataset, args.occupation.as_deref())?;
    let conventions = super::conventions(cli, &args.basis, &dataset)?;
    let mut outlook = build_outlook(&dataset, &family, cli.hours_per_year, onet.as_ref())?;
    if let Some(query) = &args.area {
        outlook.areas.selected = Some(super::resolve_area("--area", query, &outlook.areas.names())?);
    }
    if let Some(year) = conventions.dollars {
        outlook.reconciliation =
            crate::analysis::reconcile::reconcile(&dataset, &family.codes(), cli.hours_per_year, Some(year))?;
    }
    let micro = match &args.micro.microdata {
        Some(path) => Some(micro_section(cli, args, path, &dataset, &conventions)?),
        None if args.micro.aggregates.is_some() || args.micro.source.is_some() => {
            Some(engine_section(cli, args, &conventions)?)
        }
        None => None,
    };
    // One report: no sibling reports to link similar occupations to.
    let context = report::outlook::context(&outlook, GENERATOR, micro, &[])?;
    let mut inputs = Inputs::default();
    dataset_inputs(cli, &mut inputs, onet.as_ref())?;
    if let Some(hashing) = micro_hash {
        inputs.hashed(hashing)?;
    }
    aggregates_inputs(&mut inputs, &args.micro)?;
    let exports = context.exports()?;
    let title = context.title.clone();
    write(target, "outlook.html", &context, &outlook, &title, &args.report, inputs, exports)
}

/// Several outlook reports from one reading of the data: one file per occupation in
/// `--output-dir`, and `index.html` listing them. An occupation whose report fails is listed (on
/// stderr and in the index) and the others are still written; the exit code is then 1.
fn outlook_batch(cli: &Cli, args: &OutlookArgs, list: &[String]) -> Result<()> {
    let usage = |m: String| -> anyhow::Error { WagescopeError::Usage(m).into() };
    let Some(dir) = &args.output_dir else {
        return Err(usage(format!(
            "--occupation {}: several occupations make several reports; give --output-dir DIR",
            list.join(",")
        )));
    };
    if args.micro.microdata.is_some() || args.micro.aggregates.is_some() || args.micro.source.is_some() {
        return Err(usage(
            "--microdata, --aggregates and --spark describe one occupation's workers: use them without --output-dir"
                .into(),
        ));
    }
    if args.report.export_dir.is_some() {
        return Err(usage("--export-dir writes one report's tables: use it without --output-dir".into()));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(usage(format!("--output-dir {}: it is a file, not a directory", dir.display())));
    }
    let extension = match args.report.format {
        ReportFormat::Html => "html",
        ReportFormat::Json => "json",
    };
    let renderer = report::Renderer::new(args.report.templates.as_deref())?;
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let generated_at = report::page::generated_at(args.report.generated_at.as_deref(), epoch.as_deref())?;
    let mut since = std::time::Instant::now();
    let dataset = load(cli)?;
    let onet = onet(cli)?;
    lap("read the files", &mut since);
    let families = if args.all_occupations {
        crate::analysis::occupation::all_families(&dataset)?
    } else {
        crate::analysis::occupation::families(&dataset, list)?
    };
    let conventions = super::conventions(cli, &args.basis, &dataset)?;
    std::fs::create_dir_all(dir).map_err(|source| WagescopeError::Read { path: dir.clone(), source })?;
    let mut inputs = Inputs::default();
    dataset_inputs(cli, &mut inputs, onet.as_ref())?;
    let (input_hash, inputs) = inputs.finish();
    let page = |title: String| PageMeta {
        title,
        organization: args.report.organization.clone(),
        generated_at: generated_at.clone(),
        input_hash: input_hash.clone(),
        inputs: inputs.clone(),
        generator: GENERATOR.to_string(),
    };
    let progress = crate::progress::Task::counted("", families.len() as u64, "reports");
    // Similar occupations link to each other's reports within the batch.
    let linked: Vec<String> = families.iter().map(|f| f.current.code.clone()).collect();
    // The finder groups rows by major group and searches other names too (O*NET's titles).
    let titles: std::collections::BTreeMap<String, String> = crate::analysis::figures::Occupation::from_frame(
        &dataset.table(crate::data::schema::TableId::Occupations).frame,
    )?
    .into_iter()
    .map(|o| (o.code, o.title))
    .collect();
    // What every report reads from the whole dataset, built once for the batch.
    let shared = crate::analysis::outlook::Shared::new(&dataset)?;
    // Each report reads its own rows: the tables split by occupation once.
    let rows = dataset.occupation_rows()?;
    lap("families, hashes, shared", &mut since);
    let spent = Spent::default();
    // Reports are independent: written on every core, collected in the families' order.
    let results: Vec<(String, Result<report::index::IndexRow>)> = on_every_core(&families, |family| {
        let code = family.current.code.clone();
        let file = format!("{code}.{extension}");
        // A bug in one report (a panic, its message already on stderr) is that report's failure:
        // the others are still written and the index lists it under "Not written".
        let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<report::index::IndexRow> {
            // The family's rows of every table (and all of the others): the same figures, fewer rows.
            let start = std::time::Instant::now();
            let own = dataset.for_occupations(&rows, &family.codes())?;
            let mut outlook =
                crate::analysis::outlook::outlook_with(&own, &shared, family, cli.hours_per_year, onet.as_ref())?;
            if let Some(year) = conventions.dollars {
                outlook.reconciliation =
                    crate::analysis::reconcile::reconcile(&own, &family.codes(), cli.hours_per_year, Some(year))?;
            }
            let analysed = spent.add(&spent.analysis, start);
            let context = report::outlook::context(&outlook, GENERATOR, None, &linked)?;
            let page = page(context.title.clone());
            let document = report::Document { report: &context, page: &page, data: &outlook };
            let bytes = match args.report.format {
                ReportFormat::Html => renderer.render("outlook.html", &document)?,
                ReportFormat::Json => format!("{}\n", serde_json::to_string_pretty(&document)?),
            };
            let rendered = spent.add(&spent.render, analysed);
            output::write_atomic(&dir.join(&file), bytes.as_bytes())?;
            spent.add(&spent.write, rendered);
            let major = crate::analysis::outlook::compare::major_group(&code).and_then(|m| titles.get(&m).cloned());
            let also_called = onet
                .as_ref()
                .and_then(|o| crate::analysis::outlook::onet::occupation_of(o, &code))
                .map(|o| {
                    let own = (o.title != family.current.title).then(|| o.title.clone());
                    own.into_iter().chain(o.alternate_titles.iter().take(ALSO_CALLED).cloned()).collect::<Vec<_>>()
                })
                .unwrap_or_default();
            Ok(report::index::row(&outlook, &file, &major.unwrap_or_default(), &also_called))
        }))
        .unwrap_or_else(|_| {
            Err(anyhow::anyhow!("internal error: the report could not be built (a bug; please report it)"))
        });
        progress.inc(1);
        (format!("{code} {}", family.current.title), written)
    });
    let (mut rows, mut failed) = (Vec::new(), Vec::new());
    for (name, written) in results {
        match written {
            Ok(row) => rows.push(row),
            Err(e) => failed.push(format!("{name}: {e}")),
        }
    }
    drop(progress);
    lap("reports", &mut since);
    spent.print();
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    let index = report::index::IndexContext::new(
        args.report.title.clone().unwrap_or_else(|| "Occupation Finder".to_string()),
        dataset.label.clone(),
        rows,
        failed.clone(),
        format!("pay per year unless marked; hourly × {} hours where only hourly pay is published", cli.hours_per_year),
    );
    let index_page = page(index.title.clone());
    let document = report::Document { report: &index, page: &index_page, data: &index.rows };
    let bytes = match args.report.format {
        ReportFormat::Html => renderer.render("index.html", &document)?,
        ReportFormat::Json => format!("{}\n", serde_json::to_string_pretty(&document)?),
    };
    let index_path = dir.join(format!("index.{extension}"));
    output::write_atomic(&index_path, bytes.as_bytes())?;
    lap("index", &mut since);
    output::print(&format!("{} report(s) in {}\n{}\n", index.rows.len(), dir.display(), index_path.display()))?;
    if failed.is_empty() {
        return Ok(());
    }
    Err(WagescopeError::Data(
        failed
            .iter()
            .map(|f| crate::error::Issue::error(&dir.display().to_string(), format!("not written: {f}")))
            .collect(),
    )
    .into())
}

fn micro_section(
    cli: &Cli,
    args: &OutlookArgs,
    path: &std::path::Path,
    dataset: &Dataset,
    conventions: &crate::analysis::basis::Conventions,
) -> Result<report::outlook::micro::MicroSection> {
    let mut microdata = open_microdata(cli, &args.micro, path)?;
    // Microdata wages are annual unless --basis says otherwise: say so in the conventions.
    let conventions = &crate::analysis::basis::Conventions {
        basis: Some(conventions.basis.unwrap_or(crate::analysis::basis::PayBasis::Annual)),
        ..conventions.clone()
    };
    restate_microdata(&mut microdata, conventions, &cpi_series(dataset)?)?;
    let options = summary_options(&microdata, args.micro.columns.min_n, true);
    // The breakdowns the file has columns for; the others are left out and said so.
    let dims: Vec<MicroDim> = [MicroDim::Setting, MicroDim::Experience, MicroDim::Certification]
        .into_iter()
        .filter(|dim| microdata.has(dim.column()))
        .collect();
    let (file, synthetic) = (microdata.file.clone(), microdata.present.synthetic);
    let (result, skipped) =
        checked(&mut microdata, args.micro.skip_bad_rows, |lf| micro_outlook(&lf, &file, synthetic, &options, &dims))?;
    let skipped = skipped.map(|s| {
        format!("{} invalid row(s) were left out (--skip-bad-rows); the first: {}", s.count, s.first.join("; "))
    });
    let mut described = conventions.describe();
    if let Some(conversion) = microdata.wage_conversion() {
        described.push(format!("Microdata wages converted to annual pay: {conversion} ({}).", microdata.wage_column()));
    }
    report::outlook::micro::section(&result, described, skipped)
}

/// The microdata section from an engine's result (`--aggregates`, `--spark`): the groupings of
/// `wagescope sql --report`.
fn engine_section(
    cli: &Cli,
    args: &OutlookArgs,
    conventions: &crate::analysis::basis::Conventions,
) -> Result<report::outlook::micro::MicroSection> {
    super::no_restating(conventions)?;
    let aggregates = super::engine_result(cli, &args.micro, |has| super::sql::report_groupings(has))?;
    aggregates.check_rows(args.micro.skip_bad_rows)?;
    let options = crate::analysis::micro::MicroSummaryOptions {
        by: Vec::new(),
        weighted: aggregates.weighted,
        min_n: args.micro.columns.min_n,
        dominance: aggregates.dominance,
        secondary: true,
    };
    let result = aggregates.outlook(&options)?;
    let skipped = (aggregates.rows_invalid > 0)
        .then(|| format!("{} invalid row(s) were left out by the engine (--skip-bad-rows)", aggregates.rows_invalid));
    let mut described = crate::analysis::basis::Conventions {
        basis: Some(crate::analysis::basis::PayBasis::Annual),
        ..conventions.clone()
    }
    .describe();
    if let Some(conversion) = &aggregates.wage_conversion {
        described.push(format!("Microdata wages converted to annual pay: {conversion} ({}).", aggregates.wage_column));
    }
    described.push(format!(
        "Microdata figures computed by another engine from the statement of `wagescope sql` (exact; the same method and rules): {}.",
        aggregates.file
    ));
    report::outlook::micro::section(&result, described, skipped)
}

pub fn benchmark(cli: &Cli, args: &crate::cli::BenchmarkReportArgs) -> Result<()> {
    let target = target("benchmark", args.output.as_deref(), &args.report)?;
    let micro_hash = args.options.micro.microdata.as_deref().map(Hashing::start);
    let (bench, skipped) = super::benchmark::build(cli, &args.options)?;
    let skipped = skipped.map(|s| {
        format!("{} invalid row(s) were left out (--skip-bad-rows); the first: {}", s.count, s.first.join("; "))
    });
    let context = report::benchmark::context(&bench, skipped, GENERATOR)?;
    let mut inputs = Inputs::default();
    match micro_hash {
        Some(hashing) => {
            inputs.hashed(hashing)?;
            if args.options.basis.dollars.is_some() {
                inputs.cpi();
            }
        }
        None => {
            dataset_inputs(cli, &mut inputs, None)?;
            aggregates_inputs(&mut inputs, &args.options.micro)?;
        }
    }
    if let Some(path) = &args.options.roster {
        inputs.file(path)?;
    }
    let exports = context.exports()?;
    let title = context.title.clone();
    write(target, "benchmark.html", &context, &bench, &title, &args.report, inputs, exports)
}

pub fn paygap(cli: &Cli, args: &crate::cli::PaygapReportArgs) -> Result<()> {
    let target = target("paygap", args.output.as_deref(), &args.report)?;
    let payroll_hash = Hashing::start(super::paygap::input_path(&args.payroll));
    let (run, skipped) = super::paygap::build(cli, &args.payroll)?;
    let skipped = skipped.map(|s| {
        format!("{} invalid row(s) were left out (--skip-bad-rows); the first: {}", s.count, s.first.join("; "))
    });
    let context = report::paygap::context(&run, skipped, GENERATOR)?;
    let mut inputs = Inputs::default();
    inputs.hashed(payroll_hash)?;
    let exports = context.exports()?;
    let title = context.title.clone();
    write(target, "paygap.html", &context, &run, &title, &args.report, inputs, exports)
}

#[cfg(test)]
mod tests {
    use super::on_every_core;

    #[test]
    fn every_item_once_in_the_items_order() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = on_every_core(&items, |i| i * i);
        assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        assert!(on_every_core(&Vec::<u64>::new(), |i| *i).is_empty());
    }

    /// Each item waits for polars' pool, as a report does: plain threads wait, where a rayon
    /// worker would take the next item onto its stack while it waits.
    #[test]
    fn items_that_run_polars_queries_do_not_nest() {
        use polars::prelude::*;
        let items: Vec<i64> = (0..64).collect();
        let sums = on_every_core(&items, |i| {
            let frame = df!("x" => (0..100i64).map(|x| x + i).collect::<Vec<_>>()).unwrap();
            let out = frame.lazy().select([col("x").sum()]).collect().unwrap();
            out.column("x").unwrap().i64().unwrap().get(0).unwrap()
        });
        assert_eq!(sums, items.iter().map(|i| 4950 + 100 * i).collect::<Vec<_>>());
    }
}
