//! `wagescope benchmark`: the market for a job, a pay range, an offer, a roster.
//! [`build`] is shared with `report benchmark`.

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::*;

use super::{CountsInvalid, SkippedRows, checked, load, open_microdata, restate_microdata};
use crate::analysis::basis::{Conventions, PayBasis, cpi_series, restate_wages};
use crate::analysis::figures::{RatioFigure, SourceInfo, WageFigure};
use crate::analysis::frame::is_in;
use crate::analysis::market::benchmark::{
    Benchmark, RangeOptions, Roster, RosterRow, offer, person_cut, range_on, roster_row, summarize_roster,
};
use crate::analysis::market::paybench::PayRange;
use crate::analysis::market::posting::{self, Posting, PostingArg};
use crate::analysis::market::{Certification, Cut, Market, MicroMarkets, composite};
use crate::analysis::micro::{MicroDim, MicroSummaryOptions};
use crate::analysis::occupation::family;
use crate::analysis::reconcile::NATIONAL;
use crate::cli::{BenchOptions, BenchmarkArgs, Cli, TableFormat};
use crate::data::csvcheck::did_you_mean;
use crate::data::microdata::{Microdata, OK, Present};
use crate::data::roster::{self, Person};
use crate::data::schema::{TableId, col as c, micro as m, values};
use crate::error::{Issue, WagescopeError};
use crate::format::{money, plain};
use crate::output;

pub fn run(cli: &Cli, args: &BenchmarkArgs) -> Result<()> {
    let (bench, _skipped) = build(cli, &args.options)?;
    match args.format {
        TableFormat::Json => output::print(&format!("{}\n", serde_json::to_string_pretty(&bench)?)),
        TableFormat::Csv => output::print(&super::benchmark_text::csv_text(&bench)?),
        TableFormat::Table => output::print(&super::benchmark_text::table_text(&bench)),
    }
}

/// Valid and invalid rows of a microdata file (one cheap pass), for the bad-row check.
struct Validity {
    valid: u64,
    invalid: u64,
}

impl CountsInvalid for Validity {
    fn invalid_rows(&self) -> u64 {
        self.invalid
    }
    fn valid_rows(&self) -> u64 {
        self.valid
    }
}

fn validity(lf: LazyFrame) -> PolarsResult<Validity> {
    let df = lf
        .select([
            col(OK).cast(DataType::UInt64).sum().alias("valid"),
            col(OK).not().cast(DataType::UInt64).sum().alias("invalid"),
        ])
        .collect()?;
    let get = |name: &str| -> PolarsResult<u64> { Ok(df.column(name)?.u64()?.get(0).unwrap_or(0)) };
    Ok(Validity { valid: get("valid")?, invalid: get("invalid")? })
}

/// Match a user's value to a known one: exact, then ignoring case, then a unique fragment.
fn resolve(value: &str, known: &[String]) -> Result<String, String> {
    let v = value.trim();
    let lower = v.to_lowercase();
    if let Some(k) = known.iter().find(|k| *k == v).or_else(|| known.iter().find(|k| k.to_lowercase() == lower)) {
        return Ok(k.clone());
    }
    let fragments: Vec<&String> = known.iter().filter(|k| k.to_lowercase().contains(&lower)).collect();
    match fragments.as_slice() {
        [one] => Ok((*one).clone()),
        [] if known.is_empty() => Err(format!("{v:?}: the data have no breakdown of this kind")),
        [] => Err(format!(
            "unknown value {v:?}{} (known: {})",
            did_you_mean(v, known.iter().map(String::as_str)),
            known.join(", ")
        )),
        many => {
            Err(format!("{v:?} matches several: {}", many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")))
        }
    }
}

fn usage(flag: &str, message: String) -> anyhow::Error {
    WagescopeError::Usage(format!("{flag}: {message}")).into()
}

/// Known setting, region and credential values: the distinct values in the microdata, or the
/// published figures' settings and areas.
#[derive(Default)]
struct Known {
    occupations: Vec<String>,
    settings: Vec<String>,
    regions: Vec<String>,
    credentials: Vec<String>,
    /// The published figures' states and areas (with their postal codes), for `--region`.
    areas: Vec<crate::analysis::outlook::area::AreaName>,
}

fn known_in_microdata(md: &Microdata) -> Result<Known> {
    let mut columns = Vec::new();
    if md.present.occupation {
        columns.push(m::OCCUPATION);
    }
    if md.present.setting {
        columns.push(m::SETTING);
    }
    if md.present.region {
        columns.push(m::REGION);
    }
    if md.present.credential {
        columns.push(m::CREDENTIAL);
    }
    if columns.is_empty() {
        return Ok(Known::default());
    }
    let df = md
        .lf
        .clone()
        .filter(col(OK))
        .group_by(columns.iter().map(|n| col(*n)).collect::<Vec<_>>())
        .agg([len()])
        .collect()?;
    let distinct = |name: &str| -> Result<Vec<String>> {
        if df.column(name).is_err() {
            return Ok(Vec::new());
        }
        let mut v: Vec<String> = crate::analysis::frame::strings(&df, name)?
            .into_iter()
            .flatten()
            .filter(|v| !v.trim().is_empty())
            .collect();
        v.sort();
        v.dedup();
        Ok(v)
    };
    Ok(Known {
        occupations: distinct(m::OCCUPATION)?,
        settings: distinct(m::SETTING)?,
        regions: distinct(m::REGION)?,
        credentials: distinct(m::CREDENTIAL)?,
        areas: Vec::new(),
    })
}

/// The cut of the command-line options, with names resolved against the data.
/// What the microdata file has, for messages about cut options it cannot serve.
struct MicroInfo {
    file: String,
    columns: Vec<String>,
    present: Present,
}

impl MicroInfo {
    /// A usage error when `cut` breaks down by a column the file lacks; `flag` names the option
    /// (or roster column) that asked for each part.
    fn check(&self, cut: &Cut, flag: impl Fn(&str) -> String) -> Result<()> {
        let certification = matches!(cut.certification, Some(Certification::Certified | Certification::NotCertified));
        for (asked, part, canonical, present) in [
            (cut.setting.is_some(), "setting", m::SETTING, self.present.setting),
            (cut.experience.is_some(), "experience", m::YEARS_EXPERIENCE, self.present.experience),
            (certification, "certification", m::CERTIFIED, self.present.certified),
        ] {
            if asked && !present {
                return Err(super::missing_column(&self.file, &self.columns, &flag(part), canonical));
            }
        }
        Ok(())
    }
}

fn cut_of(o: &BenchOptions, known: &Known, microdata: Option<&MicroInfo>) -> Result<Cut> {
    if let Some(md) = microdata {
        let asked = Cut {
            setting: o.setting.clone(),
            experience: o.experience.clone(),
            certification: if o.certified {
                Some(Certification::Certified)
            } else if o.not_certified {
                Some(Certification::NotCertified)
            } else {
                None
            },
            region: None,
        };
        md.check(&asked, |part| match part {
            "setting" => format!("--setting {:?}", o.setting.as_deref().unwrap_or_default()),
            "experience" => format!("--experience {}", o.experience.as_deref().unwrap_or_default()),
            _ if o.certified => "--certified".to_string(),
            _ => "--not-certified".to_string(),
        })?;
    }
    let setting =
        o.setting.as_deref().map(|s| resolve(s, &known.settings).map_err(|e| usage("--setting", e))).transpose()?;
    let region = match (&o.region, microdata) {
        (Some(r), Some(md)) if !md.present.region => {
            return Err(usage(
                "--region",
                format!("{r:?}: {} has no region column (map yours with --map region=THEIRS)", md.file),
            ));
        }
        (Some(r), Some(_)) => Some(resolve(r, &known.regions).map_err(|e| usage("--region", e))?),
        // Published figures: a state or area of the data, matched loosely ("MA", "boston").
        (Some(r), None) => Some(super::resolve_area("--region", r, &known.areas)?),
        (None, _) => None,
    };
    let certification = match (&o.credential, microdata) {
        (Some(cred), Some(md)) if !md.present.credential => {
            return Err(usage(
                "--credential",
                format!("{cred:?}: {} has no credential column (map yours with --map credential=THEIRS)", md.file),
            ));
        }
        (Some(cred), Some(_)) => {
            Some(Certification::Credential(resolve(cred, &known.credentials).map_err(|e| usage("--credential", e))?))
        }
        (Some(cred), None) => Some(Certification::Credential(cred.trim().to_string())),
        (None, _) if o.certified => Some(Certification::Certified),
        (None, _) if o.not_certified => Some(Certification::NotCertified),
        (None, _) => None,
    };
    Ok(Cut { setting, experience: o.experience.clone(), certification, region })
}

/// Where market figures come from.
enum Provider {
    Micro(Box<MicroMarkets>),
    Published { figures: Vec<WageFigure>, ratios: Vec<RatioFigure>, geographies: Vec<String>, basis: PayBasis },
}

/// The markets of the cuts asked for so far (a roster asks for the same cut many times).
struct Markets {
    provider: Provider,
    found: BTreeMap<Cut, Market>,
}

impl Markets {
    fn new(provider: Provider) -> Markets {
        Markets { provider, found: BTreeMap::new() }
    }

    /// The market of `cut`, or a data error naming the cut when even the broadest cut is empty.
    fn market(&mut self, cut: &Cut) -> Result<Market> {
        if let Some(m) = self.found.get(cut) {
            return Ok(m.clone());
        }
        let market = match &mut self.provider {
            Provider::Micro(markets) => {
                let (market, steps) = markets.market(cut)?;
                market.ok_or_else(|| {
                    let path: Vec<String> =
                        steps.iter().map(|s| format!("{} (n = {}: {})", s.cut, s.n, s.outcome)).collect();
                    WagescopeError::Data(vec![Issue::error(
                        &markets.file,
                        format!(
                            "no market for {}: every fallback is empty or suppressed: {}",
                            cut.describe(),
                            path.join(" → ")
                        ),
                    )])
                })?
            }
            Provider::Published { figures, ratios, geographies, basis } => {
                let geography =
                    cut.region.as_ref().filter(|r| geographies.contains(r)).map_or(NATIONAL, String::as_str);
                composite(figures, ratios, cut, geography, basis.name())
                    .map_err(|e| WagescopeError::Data(vec![Issue::error("published wage figures", e)]))?
            }
        };
        self.found.insert(cut.clone(), market.clone());
        Ok(market)
    }

    /// The published sources every market found so far rests on.
    fn sources(&self) -> Vec<&str> {
        self.found
            .values()
            .flat_map(|m| {
                m.base.iter().map(|b| b.source.as_str()).chain(m.adjustments.iter().map(|a| a.source.as_str()))
            })
            .collect()
    }
}

/// The market data of a benchmark and what is known about it.
struct MarketData {
    markets: Markets,
    known: Known,
    /// The occupation compared, in words.
    occupation: String,
    /// The file or dataset, as named in output.
    data: String,
    synthetic: bool,
    /// Every source of the dataset (published figures); the used ones are kept.
    sources: Vec<SourceInfo>,
    skipped: Option<SkippedRows>,
    micro: Option<MicroInfo>,
}

/// Markets from a microdata file, restated on the conventions and checked for bad rows.
fn from_microdata(
    cli: &Cli,
    o: &BenchOptions,
    path: &std::path::Path,
    conventions: &Conventions,
    cpi: &[(i64, f64)],
) -> Result<MarketData> {
    let mut md = open_microdata(cli, &o.micro, path)?;
    if let Some(code) = &o.occupation {
        super::require_column(&md, &format!("--occupation {code}"), m::OCCUPATION)?;
    }
    restate_microdata(&mut md, conventions, cpi)?;
    let (_, skipped) = checked(&mut md, o.micro.skip_bad_rows, validity)?;
    let known = known_in_microdata(&md)?;
    let code = o
        .occupation
        .as_deref()
        .map(|c| resolve(c, &known.occupations).map_err(|e| usage("--occupation", e)))
        .transpose()?;
    let lf = match &code {
        Some(code) => md.lf.clone().filter(col(m::OCCUPATION).eq(lit(code.as_str()))),
        None => md.lf.clone(),
    };
    let occupation = match (&code, known.occupations.as_slice()) {
        (Some(c), _) => format!("occupation {c}"),
        (None, _) if !md.present.occupation => "every row in the file (no occupation column)".to_string(),
        (None, [one]) => format!("occupation {one}"),
        (None, many) => format!("every occupation in the file ({})", many.join(", ")),
    };
    // The secondary rule is off: cuts are looked up one at a time, never published beside a total.
    let markets = MicroMarkets::new(lf, super::summary_options(&md, o.micro.columns.min_n, false), &md.file);
    Ok(MarketData {
        markets: Markets::new(Provider::Micro(Box::new(markets))),
        known,
        occupation,
        data: md.file.clone(),
        synthetic: md.present.synthetic,
        sources: Vec::new(),
        skipped,
        micro: Some(MicroInfo { file: md.file.clone(), columns: md.columns().to_vec(), present: md.present }),
    })
}

/// Markets from an engine's result (`--aggregates`, `--spark`): the groupings of `wagescope sql
/// --by … --rollups`, every row of its source (no occupation filter).
fn from_engine(cli: &Cli, o: &BenchOptions, conventions: &Conventions) -> Result<MarketData> {
    super::no_restating(conventions)?;
    if let Some(code) = &o.occupation {
        return Err(usage(
            "--occupation",
            format!(
                "{code}: an engine's result covers every row of its source; filter the occupation in the source (a view or table) instead"
            ),
        ));
    }
    let dims = [MicroDim::Setting, MicroDim::Experience, MicroDim::Certification, MicroDim::Region];
    let aggregates = super::engine_result(cli, &o.micro, |has| {
        super::sql::rollups(&[dims.iter().copied().filter(|d| has(d.column())).collect()])
    })?;
    aggregates.check_rows(o.micro.skip_bad_rows)?;
    let keys = aggregates.key_values();
    let has = |d: MicroDim| keys.contains_key(&d);
    let present = Present {
        setting: has(MicroDim::Setting),
        experience: has(MicroDim::Experience),
        certified: has(MicroDim::Certification),
        region: has(MicroDim::Region),
        weight: aggregates.weighted,
        employer: aggregates.dominance,
        synthetic: aggregates.synthetic,
        ..Present::default()
    };
    let values = |d: MicroDim| keys.get(&d).cloned().unwrap_or_default();
    let known = Known { settings: values(MicroDim::Setting), regions: values(MicroDim::Region), ..Known::default() };
    let columns: Vec<String> = keys.keys().map(|d| d.column().to_string()).collect();
    let skipped = (aggregates.rows_invalid > 0).then(|| SkippedRows::counted(aggregates.rows_invalid));
    if let Some(skipped) = &skipped {
        skipped.report(&aggregates.file);
    }
    let options = MicroSummaryOptions {
        by: Vec::new(),
        weighted: aggregates.weighted,
        min_n: o.micro.columns.min_n,
        dominance: aggregates.dominance,
        // Cuts are looked up one at a time, never published beside a total.
        secondary: false,
    };
    let file = aggregates.file.clone();
    let synthetic = aggregates.synthetic;
    Ok(MarketData {
        markets: Markets::new(Provider::Micro(Box::new(MicroMarkets::from_aggregates(Box::new(aggregates), options)))),
        known,
        occupation: "every row of the engine's source".to_string(),
        data: file.clone(),
        synthetic,
        sources: Vec::new(),
        skipped,
        micro: Some(MicroInfo { file, columns, present }),
    })
}

/// Markets modeled from the dataset's published figures of the occupation family.
fn from_published(
    o: &BenchOptions,
    dataset: &crate::data::Dataset,
    conventions: &Conventions,
    basis: PayBasis,
) -> Result<MarketData> {
    let family = family(dataset, o.occupation.as_deref())?;
    let codes = family.codes();
    let wages = dataset
        .table(TableId::Wages)
        .lazy()
        .filter(is_in(c::OCCUPATION, &codes).and(col(c::WAGE_KIND).eq(lit(values::ESTIMATE))));
    // As published, each with the factor that restates it (restating keeps the row order).
    let restated = restate_wages(wages.clone(), conventions, &cpi_series(dataset)?)?.collect()?;
    let mut figures = WageFigure::from_frame(&wages.collect()?)?;
    for (figure, r) in figures.iter_mut().zip(WageFigure::from_frame(&restated)?) {
        figure.factor = r.factor;
    }
    let ratios = RatioFigure::from_frame(
        &dataset.table(TableId::Ratios).lazy().filter(is_in(c::OCCUPATION, &codes)).collect()?,
    )?;
    let distinct = |get: fn(&WageFigure) -> &str| {
        let mut v: Vec<String> = figures.iter().map(|f| get(f).to_string()).filter(|s| s != values::ALL).collect();
        v.sort();
        v.dedup();
        v
    };
    let known = Known {
        settings: distinct(|f| &f.setting),
        regions: distinct(|f| &f.geography),
        credentials: Vec::new(),
        occupations: codes.clone(),
        areas: Vec::new(),
    };
    let mut areas: Vec<crate::analysis::outlook::area::AreaName> = Vec::new();
    for f in figures.iter().filter(|f| f.geography != NATIONAL) {
        if !areas.iter().any(|a| a.name == f.geography) {
            areas.push(crate::analysis::outlook::area::AreaName {
                name: f.geography.clone(),
                state: f.state.clone(),
                area_type: f.area_type.clone(),
            });
        }
    }
    let known = Known { areas, ..known };
    let geographies = known.regions.clone();
    Ok(MarketData {
        markets: Markets::new(Provider::Published { figures, ratios, geographies, basis }),
        known,
        occupation: format!("{} ({})", family.current.title, family.current.code),
        data: dataset.label.clone(),
        synthetic: false,
        sources: SourceInfo::from_frame(&dataset.table(TableId::Sources).frame)?,
        skipped: None,
        micro: None,
    })
}

/// Run the benchmark the options describe.
pub fn build(cli: &Cli, o: &BenchOptions) -> Result<(Benchmark, Option<SkippedRows>)> {
    let basis = o.basis.basis.unwrap_or(PayBasis::Annual);
    let round = o.round.unwrap_or(if basis == PayBasis::Hourly { 0.25 } else { 500.0 });
    let range_options = RangeOptions { policy: o.policy, spread: o.spread, round };
    let people = o.roster.as_deref().map(roster::read).transpose()?;
    let engine = o.micro.aggregates.is_some() || o.micro.source.is_some();
    let rows = o.micro.microdata.is_some() || engine;
    let dataset = if !rows || o.basis.dollars.is_some() { Some(load(cli)?) } else { None };
    let conventions = match &dataset {
        Some(d) => super::conventions(cli, &o.basis, d)?,
        None => o.basis.conventions(cli.hours_per_year),
    };
    let mut conventions = Conventions { basis: Some(basis), ..conventions };
    // Published figures are years old: unless told otherwise, compare in today's money — constant
    // dollars of the newest CPI year — as an offer is made today.
    let published = !rows;
    if published
        && conventions.dollars.is_none()
        && conventions.effective_date.is_none()
        && let Some(d) = &dataset
    {
        conventions.dollars = cpi_series(d)?.iter().map(|(y, _)| *y).max();
    }
    let cpi = match &dataset {
        Some(d) if conventions.dollars.is_some() => cpi_series(d)?,
        _ => Vec::new(),
    };
    let mut found = match (&o.micro.microdata, &dataset) {
        (Some(path), _) => from_microdata(cli, o, path, &conventions, &cpi)?,
        (None, _) if engine => from_engine(cli, o, &conventions)?,
        (None, Some(dataset)) => from_published(o, dataset, &conventions, basis)?,
        (None, None) => return Err(anyhow::anyhow!("internal: no dataset loaded for the published figures")),
    };
    let microdata_present = rows;
    let cut = cut_of(o, &found.known, found.micro.as_ref())?;
    let mut market = found.markets.market(&cut)?;
    if let (Some(base), Some((year, _, _))) = (&market.base, conventions.effective_date)
        && (year - base.year).abs() > 5
    {
        market.notes.push(format!(
            "The base figure describes {}: aging it {} years {} at {}% a year is a rough estimate, not a market survey.",
            base.year,
            (year - base.year).abs(),
            if year < base.year { "backwards" } else { "forward" },
            plain(conventions.aging_rate * 100.0)
        ));
    }
    let range = range_on(&market, &range_options).ok_or_else(|| no_policy_point(&market, &range_options))?;
    if range_options.round > range.mid.max(range.min) / 2.0 || range.min <= 0.0 {
        return Err(usage(
            "--round",
            format!(
                "a step of {} is too coarse for a market midpoint of {}",
                plain(range_options.round),
                money(
                    market.percentiles.value_at(range_options.policy.percentile()).unwrap_or(0.0),
                    basis == PayBasis::Hourly
                )
            ),
        ));
    }
    if let (Some(amount), Some(median)) = (o.offer, market.percentiles.median) {
        check_basis("--offer", amount, median, basis)?;
    }
    let offer = o.offer.map(|amount| offer(amount, &market, &range));
    let roster = match (people, &o.roster) {
        (Some(people), Some(path)) => {
            let markets = (&mut found.markets, found.micro.as_ref());
            Some(roster_of(&people, path, &cut, &found.known, markets, &range_options, basis)?)
        }
        _ => None,
    };
    let posting = o
        .posting
        .map(|arg| {
            let staff = roster.as_ref().map(|(roster, cuts)| (roster, cuts.as_slice()));
            posting_of(arg, (&cut, &market), (&range, &range_options), basis, staff)
        })
        .transpose()?;
    let roster = roster.map(|(roster, _)| roster);
    let used = found.markets.sources();
    let sources = found.sources.iter().filter(|s| used.contains(&s.id.as_str())).cloned().collect();
    let bench = Benchmark {
        occupation: found.occupation.clone(),
        data: found.data.clone(),
        synthetic: found.synthetic,
        cut: cut.describe(),
        basis: basis.name().to_string(),
        policy: o.policy.name().to_string(),
        policy_percentile: o.policy.percentile(),
        market,
        range,
        offer,
        roster,
        posting,
        conventions: conventions_text(&conventions, &range_options, o.micro.columns.min_n, microdata_present),
        sources,
    };
    Ok((bench, found.skipped))
}

/// A pay more than 10× away from the market median is on the other basis (an annual salary with
/// --basis hourly, or an hourly rate without it): refuse it rather than compute nonsense.
fn check_basis(what: &str, pay: f64, median: f64, basis: PayBasis) -> Result<()> {
    if median > 0.0 && (pay > median * 10.0 || pay < median / 10.0) {
        let per = if basis == PayBasis::Hourly { "hour" } else { "year" };
        return Err(WagescopeError::Usage(format!(
            "{what} {}: pay is per {per} here, and the market median is {} per {per}; is it on the other basis? (use --basis {} for {} pay)",
            plain(pay),
            money(median, basis == PayBasis::Hourly),
            if basis == PayBasis::Hourly { "annual" } else { "hourly" },
            if basis == PayBasis::Hourly { "annual" } else { "hourly" },
        ))
        .into());
    }
    Ok(())
}

fn no_policy_point(market: &Market, options: &RangeOptions) -> anyhow::Error {
    let known: Vec<String> = market.percentiles.known().iter().map(|(q, _)| format!("p{q}")).collect();
    WagescopeError::Data(vec![Issue::error(
        &market.cut,
        format!(
            "the market has no value at the policy percentile {} (it has {}); choose another --policy",
            plain(options.policy.percentile()),
            if known.is_empty() { "no percentiles".to_string() } else { known.join(", ") }
        ),
    )])
    .into()
}

fn conventions_text(conventions: &Conventions, r: &RangeOptions, min_n: u64, microdata: bool) -> Vec<String> {
    let mut lines = conventions.describe();
    if conventions.effective_date.is_none() {
        lines.push("Not aged: figures are as of their own data dates (pass --effective-date to age them).".into());
    }
    lines.push(format!(
        "Pay range: midpoint at the market's {}; spread {}% (min = mid × 2 ÷ (2 + s), max = min × (1 + s)); {}.",
        r.policy.name(),
        plain(r.spread * 100.0),
        if r.round > 0.0 {
            format!("min, mid and max rounded to the nearest {}", plain(r.round))
        } else {
            "not rounded".into()
        }
    ));
    lines.push("Market percentile of a pay: piecewise-linear between the known percentiles; below the lowest or above the highest is not extrapolated.".into());
    if microdata {
        lines.push(format!(
            "Microdata cuts with fewer than {min_n} rows, or where one employer holds more than 25% of the weight, fall back to a broader cut (region, then experience, then certification, then setting dropped)."
        ));
    }
    lines
}

fn roster_of(
    people: &[Person],
    path: &std::path::Path,
    cut: &Cut,
    known: &Known,
    (markets, micro_info): (&mut Markets, Option<&MicroInfo>),
    range_options: &RangeOptions,
    basis: PayBasis,
) -> Result<(Roster, Vec<Cut>)> {
    let file = path.display().to_string();
    // The file's own column order, for column numbers in messages (read::roster checked it).
    let header: Vec<String> = csv::Reader::from_path(path)
        .and_then(|mut r| {
            r.headers().map(|h| h.iter().map(|c| c.trim().trim_start_matches('\u{feff}').to_string()).collect())
        })
        .unwrap_or_default();
    let micro = matches!(markets.provider, Provider::Micro(_));
    let mut issues = Vec::new();
    let mut cuts = Vec::new();
    for p in people {
        let mut check = |value: &Option<String>, column: &str, list: &[String]| match value {
            Some(v) if micro || column == m::SETTING => match resolve(v, list) {
                Ok(k) => Some(k),
                Err(e) => {
                    let index = header.iter().position(|h| h == column).unwrap_or(0);
                    issues.push(
                        Issue::error(&file, format!("column '{column}': {e}")).at_line(p.line).at_column(index, column),
                    );
                    None
                }
            },
            other => other.clone(),
        };
        let setting = check(&p.setting, m::SETTING, &known.settings);
        let region = check(&p.region, m::REGION, &known.regions);
        let person = person_cut(p, cut, setting, region);
        if let Some(info) = micro_info {
            info.check(&person, |part| format!("--roster {file} line {} ({part})", p.line))?;
        }
        cuts.push(person);
    }
    if !issues.is_empty() {
        return Err(WagescopeError::Data(issues).into());
    }
    // Every person's market from one read of a microdata file.
    if let Provider::Micro(micro) = &mut markets.provider {
        micro.prepare(&cuts)?;
    }
    let mut rows: Vec<RosterRow> = Vec::with_capacity(people.len());
    let mut issues = Vec::new();
    for (p, person_cut) in people.iter().zip(&cuts) {
        let market = markets.market(person_cut)?;
        let range = range_on(&market, range_options).ok_or_else(|| no_policy_point(&market, range_options))?;
        if let Some(median) = market.percentiles.median
            && let Err(e) = check_basis("pay", p.pay, median, basis)
        {
            issues.push(Issue::error(&file, format!("id {}: {e}", p.id)).at_line(p.line));
            continue;
        }
        rows.push(roster_row(p, person_cut, &market, range));
    }
    if !issues.is_empty() {
        return Err(WagescopeError::Data(issues).into());
    }
    let summary = summarize_roster(&rows);
    Ok((Roster { file, rows, summary }, cuts))
}

/// `--posting`: the range given, or the recommended one, judged against the market of `cut` and
/// against the roster people whose own cut lies within it (`staff`: the roster and each row's cut).
fn posting_of(
    arg: PostingArg,
    (cut, market): (&Cut, &Market),
    (range, options): (&PayRange, &RangeOptions),
    basis: PayBasis,
    staff: Option<(&Roster, &[Cut])>,
) -> Result<Posting> {
    let (min, max, rule) = match arg {
        PostingArg::Propose => posting::propose(range, options),
        PostingArg::Range { min, max } => {
            if let Some(median) = market.percentiles.median {
                check_basis("--posting", min, median, basis)?;
                check_basis("--posting", max, median, basis)?;
            }
            (min, max, String::new())
        }
    };
    let policy = format!("the market's p{}", plain(options.policy.percentile()));
    let judged = posting::judge(min, max, &market.percentiles, range, &policy, basis == PayBasis::Hourly);
    let mut judged = match arg {
        PostingArg::Propose => Posting { origin: "proposed".into(), rule, ..judged },
        PostingArg::Range { .. } => judged,
    };
    if let Some((roster, cuts)) = staff {
        let (in_cut, others): (Vec<_>, Vec<_>) = roster.rows.iter().zip(cuts).partition(|(_, c)| cut.contains(c));
        let people: Vec<(String, u64, f64)> = in_cut.iter().map(|(r, _)| (r.id.clone(), r.line, r.pay)).collect();
        judged = posting::with_staff(judged, &roster.file, &people, others.len());
    }
    Ok(judged)
}
