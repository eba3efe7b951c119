//! The exact microdata summary as SQL, for data too big for one machine (`wagescope sql`,
//! `--spark`): one statement for DuckDB; for Spark, temporary views up to the bins the refine step
//! keeps (three cached), then one statement with the remaining steps as its CTEs (see
//! [`Spec::statements`]).
//!
//! The SQL is the local engine's method (`analysis::micro::percentiles`), run to the end by the engine,
//! returning one row per group of every grouping asked for:
//!
//! 1. `r`: the source's rows, typed and checked as `summarize --microdata` checks them (the same
//!    wage conversion, bound and required values), each with its wage bin
//!    `FLOOR(SQRT(LEAST(wage, 1e15)) * 4)`, computed in IEEE doubles like ours, so a wage falls in
//!    the same bin. For the sums, wages are cast to `DECIMAL(17,2)` and weights to
//!    `DECIMAL(20,6)`: decimal sums are exact in any order (a double cannot be copied into a
//!    decimal bit for bit, since Spark casts through the double's shortest decimal string).
//! 2. `hist`: rows, weight and weight × wage per finest group and bin; each grouping's histogram
//!    is rolled up from it (`hs`), as `analysis::micro` rolls up its own.
//! 3. Locate: a running weight (or row count) over each group's bins finds the bin holding each
//!    percentile by comparing integers and decimals, never a fractional q: weighted,
//!    `100 × cumulative ≥ pct × total`; unweighted, `cumulative rows ≥ rank` with the ranks
//!    ⌊(n−1)q⌋+1 and ⌈(n−1)q⌉+1 of linear interpolation, computed in doubles as polars does.
//! 4. Refine: only the rows in located bins (found with `EXISTS`, a semi-join) are summed per
//!    wage, and a second running sum within the bin picks each percentile's wage.
//! 5. Each employer's weight per group (the dominance rule) and one output row per group.
//!
//! Keys may be NULL (a missing region is a group of its own): every join on keys is null-safe
//! (`<=>` in Spark, `IS NOT DISTINCT FROM` in DuckDB), as `=` never matches NULL and would
//! silently drop the group.
//!
//! The result holds every group's figures, small groups' too, with the engine's verdict in
//! `suppressed` (fewer than `--min-n` rows, or one employer above 25% of the weight): it is an
//! intermediate, to be kept like the microdata. wagescope applies the suppression rules when it
//! reads it (`engine::aggregates`), exactly as for microdata: the within-cells certification
//! premium combines cells too small to publish one by one.

use std::fmt::Write as _;

use crate::analysis::micro::{MicroDim, PERCENTILES};
use crate::data::schema::{micro as m, values};
use crate::data::wage_unit::WageUnit;

/// The SQL dialects the statement is written for (both tested against the real engines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// Apache Spark SQL (Databricks, EMR, Spark Connect); tested with Spark 4.3.
    Spark,
    /// DuckDB; tested with DuckDB 2.0.
    Duckdb,
}

/// Where the engine reads the rows from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Parquet files: a file, a directory or a glob, local or on object storage.
    Parquet(String),
    /// CSV files with a header line (read as text and typed by the statement).
    Csv(String),
    /// A table or view the engine knows (`db.wages`).
    Table(String),
}

impl Source {
    /// A path (it has a `/` or `://`, or ends in `.parquet` or `.csv`) or else a table name. A path
    /// ending in `.csv` or `.csv.gz` is CSV; every other path is Parquet.
    pub fn parse(text: &str) -> Result<Source, String> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let csv = lower.ends_with(".csv") || lower.ends_with(".csv.gz");
        if text.is_empty() {
            return Err("--source is empty: give a path the engine reads or a table name".into());
        }
        if csv {
            return Ok(Source::Csv(text.to_string()));
        }
        if text.contains('/') || lower.ends_with(".parquet") {
            return Ok(Source::Parquet(text.to_string()));
        }
        let identifier = |part: &str| {
            part.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if text.split('.').all(identifier) {
            Ok(Source::Table(text.to_string()))
        } else {
            Err(format!(
                "--source {text:?} is neither a path (with a '/', or ending in .parquet or .csv) nor a table name (letters, digits, _ and dots)"
            ))
        }
    }

    /// As the user gave it.
    pub fn text(&self) -> &str {
        match self {
            Source::Parquet(s) | Source::Csv(s) | Source::Table(s) => s,
        }
    }
}

/// Statements whose last returns no rows but the source's columns (to learn its names).
pub fn probe(dialect: Dialect, source: &Source) -> Vec<String> {
    let spec = Spec {
        dialect,
        source: source.clone(),
        used: Vec::new(),
        wage_unit: WageUnit::Year,
        wage_factor: 1.0,
        hours_per_year: 2080.0,
        max_wage: m::MAX_WAGE,
        groupings: Vec::new(),
        min_n: 1,
        synthetic: false,
        save_to: None,
    };
    let mut statements = spec.setup();
    statements.push(format!("SELECT * FROM {} LIMIT 0", spec.from()));
    statements
}

/// Everything the statement depends on.
#[derive(Debug, Clone)]
pub struct Spec {
    pub dialect: Dialect,
    pub source: Source,
    /// Canonical column → the source's column, for every canonical column the source has
    /// (`data::microdata::resolve_columns`), the wage column among them.
    pub used: Vec<(&'static str, String)>,
    /// What the wage column pays for, and its factor to annual pay.
    pub wage_unit: WageUnit,
    pub wage_factor: f64,
    /// Hours a year of an hourly wage (`--hours-per-year`), for the conversion's description.
    pub hours_per_year: f64,
    /// `--max-wage`: the bound of an annual wage.
    pub max_wage: f64,
    /// The groupings, each a sorted set of dimensions; the total is always computed as well.
    pub groupings: Vec<Vec<MicroDim>>,
    pub min_n: u64,
    /// The source was written by `wagescope sample` (it has a `synthetic` column).
    pub synthetic: bool,
    /// Make the statement save its result here (`--save-to`): DuckDB a Parquet file, Spark a
    /// directory of Parquet files.
    pub save_to: Option<String>,
}

/// The name of the view a CSV source is read through (Spark reads a CSV header only so).
pub const CSV_VIEW: &str = "wagescope_source";
/// Spark: the cached histogram, per finest group and bin (see [`Spec::statements`]).
pub const HIST_VIEW: &str = "wagescope_hist";
/// Spark: the cached located bins, per group and target (see [`Spec::statements`]).
pub const LOCATED_VIEW: &str = "wagescope_located";
/// The steps Spark caches (see [`Spec::statements`]): the histogram ([`HIST_VIEW`]), the located
/// bins ([`LOCATED_VIEW`]) and the finest groups' bins the refine step keeps (`wagescope_want`).
const CACHED: [&str; 3] = ["hist", "locb", "want"];

/// The result's columns, before and after the key columns (see [`Spec::key_columns`]).
pub const HEAD: [&str; 1] = ["grouping"];
pub const TAIL: [&str; 16] = [
    "n",
    "weight",
    "weight_wage",
    "top_employer_weight",
    "p10",
    "p25",
    "median",
    "p75",
    "p90",
    "suppressed",
    "rows_invalid",
    "weighted",
    "min_n",
    "wage_column",
    "wage_unit",
    "wage_conversion",
];
/// Extra result column: the source was made by `wagescope sample`.
pub const SYNTHETIC: &str = "synthetic";

/// How many of the steps `ctes` are Spark views: up to the last cached one (see
/// [`Spec::statements`]); the others are CTEs of the last statement.
fn spark_views<N: AsRef<str>>(ctes: &[(N, String)]) -> usize {
    ctes.iter().rposition(|(name, _)| CACHED.contains(&name.as_ref())).map_or(0, |last| last + 1)
}

/// `select` with `ctes` as its WITH clause (none: `select` alone).
fn with<N: AsRef<str>>(ctes: &[(N, String)], select: &str) -> String {
    if ctes.is_empty() {
        return select.to_string();
    }
    let parts: Vec<String> = ctes.iter().map(|(name, body)| format!("{} AS (\n{body}\n)", name.as_ref())).collect();
    format!("WITH\n{}\n{select}", parts.join(",\n"))
}

/// The `grouping` label of a set of dimensions: names joined by commas, or `total`.
pub fn grouping_label(dims: &[MicroDim]) -> String {
    if dims.is_empty() { "total".to_string() } else { dims.iter().map(|d| d.name()).collect::<Vec<_>>().join(",") }
}

impl Spec {
    fn has(&self, canonical: &str) -> bool {
        self.used.iter().any(|(c, _)| *c == canonical)
    }

    fn theirs(&self, canonical: &str) -> Option<&str> {
        self.used.iter().find(|(c, _)| *c == canonical).map(|(_, t)| t.as_str())
    }

    pub fn weighted(&self) -> bool {
        self.has(m::WEIGHT)
    }

    pub fn dominance(&self) -> bool {
        self.has(m::EMPLOYER)
    }

    /// The source's wage column (the canonical one used).
    pub fn wage_column(&self) -> Option<(&'static str, &str)> {
        self.used.iter().find(|(c, _)| crate::data::micro_cells::is_wage(c)).map(|(c, t)| (*c, t.as_str()))
    }

    /// Every grouping computed: the total first, then each asked for, without repeats.
    pub fn sets(&self) -> Vec<Vec<MicroDim>> {
        let mut sets: Vec<Vec<MicroDim>> = vec![Vec::new()];
        for g in &self.groupings {
            let mut g = g.clone();
            g.sort();
            g.dedup();
            if !sets.contains(&g) {
                sets.push(g);
            }
        }
        sets
    }

    /// The dimensions of every grouping together: the finest grouping, and the result's key columns.
    pub fn key_columns(&self) -> Vec<MicroDim> {
        let mut dims: Vec<MicroDim> = self.groupings.iter().flatten().copied().collect();
        dims.sort();
        dims.dedup();
        dims
    }

    /// What must run before anything reads the source: a CSV source on Spark needs a view first.
    fn setup(&self) -> Vec<String> {
        match (self.dialect, &self.source) {
            (Dialect::Spark, Source::Csv(path)) => vec![format!(
                "CREATE OR REPLACE TEMPORARY VIEW {CSV_VIEW} USING csv OPTIONS (path {}, header 'true')",
                self.string(path)
            )],
            _ => Vec::new(),
        }
    }

    /// The statements to run in order; the last one returns the result.
    ///
    /// DuckDB runs the whole method as one statement: it computes a CTE used twice once. Spark
    /// inlines every CTE where it is used, and column pruning makes the copies differ, so one
    /// statement would read the source and build the histogram again for every use (on a
    /// cluster, a full scan per use). On Spark the steps up to the last cached one are therefore
    /// temporary views of the session, and three small ones are cached (computed once, when cached): the histogram
    /// ([`HIST_VIEW`], groups × bins rows), the located bins ([`LOCATED_VIEW`], groups × targets
    /// rows) and the bins the refine step keeps (`wagescope_want`; cached, its true size lets
    /// Spark broadcast it rather than sort every row for the semi-join). Spark then reads the
    /// source three times: the histogram, the semi-join, and the employer weights. The steps
    /// after the last cached one are read once each, by the result: they are CTEs of the last
    /// statement (under their view names), which read the cached views as views, from the cache.
    /// As views they cost Spark an analysis each against every cached plan, 1.4–1.8 s a view
    /// whatever the rows (BENCHMARKS.md, issue 22). [`Spec::cleanup`] drops the views.
    pub fn statements(&self) -> Vec<String> {
        let mut statements = self.setup();
        let (ctes, select) = self.query_parts();
        let query = match self.dialect {
            Dialect::Duckdb => with(&ctes, &select),
            Dialect::Spark => {
                let (views, inline) = ctes.split_at(spark_views(&ctes));
                for (name, body) in views {
                    let view = self.rel(name);
                    if CACHED.contains(name) {
                        statements.push(format!("DROP VIEW IF EXISTS {view}"));
                        statements.push(format!("CACHE TABLE {view} AS\n{body}"));
                    } else {
                        statements.push(format!("CREATE OR REPLACE TEMPORARY VIEW {view} AS\n{body}"));
                    }
                }
                let inline: Vec<(String, String)> =
                    inline.iter().map(|(name, body)| (self.rel(name), body.clone())).collect();
                with(&inline, &select)
            }
        };
        statements.push(match (&self.save_to, self.dialect) {
            (None, _) => query,
            (Some(path), Dialect::Duckdb) => format!("COPY (\n{query}\n) TO {} (FORMAT parquet)", self.string(path)),
            (Some(path), Dialect::Spark) => {
                format!("INSERT OVERWRITE DIRECTORY {} USING parquet\n{query}", self.string(path))
            }
        });
        statements
    }

    /// Statements that free what [`Spec::statements`] left in the session (Spark's views, and
    /// the cache of three of them), to run once the result is read.
    pub fn cleanup(&self) -> Vec<String> {
        match self.dialect {
            Dialect::Spark => {
                let (ctes, _) = self.query_parts();
                let views = &ctes[..spark_views(&ctes)];
                let mut views: Vec<String> = views.iter().rev().map(|(name, _)| self.rel(name)).collect();
                if let Source::Csv(_) = self.source {
                    views.push(CSV_VIEW.to_string());
                }
                views.iter().map(|v| format!("DROP VIEW IF EXISTS {v}")).collect()
            }
            Dialect::Duckdb => Vec::new(),
        }
    }

    /// How a step of the query is named where another step reads it: the CTE's name (DuckDB), or
    /// on Spark its temporary view's name (also the name of the CTE a step after the last cached
    /// one becomes, see [`Spec::statements`]).
    fn rel(&self, step: &str) -> String {
        match (self.dialect, step) {
            (Dialect::Duckdb, _) => step.to_string(),
            (Dialect::Spark, "hist") => HIST_VIEW.to_string(),
            (Dialect::Spark, "locb") => LOCATED_VIEW.to_string(),
            (Dialect::Spark, _) => format!("wagescope_{step}"),
        }
    }

    /// [`Spec::rel`] under the step's own name, for a reader that names its columns `step.x`.
    fn aliased(&self, step: &str) -> String {
        match self.dialect {
            Dialect::Duckdb => step.to_string(),
            Dialect::Spark => format!("{} {step}", self.rel(step)),
        }
    }

    /// The statements as a script: each ends in `;`, with a comment saying what it computes.
    pub fn script(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "-- wagescope {}: the exact microdata summary ({} dialect)",
            env!("CARGO_PKG_VERSION"),
            match self.dialect {
                Dialect::Spark => "Spark SQL",
                Dialect::Duckdb => "DuckDB",
            }
        );
        let _ = writeln!(out, "-- source: {}", self.source.text());
        let groupings: Vec<String> = self.sets().iter().map(|s| grouping_label(s)).collect();
        let _ = writeln!(out, "-- groupings: {}", groupings.join("; "));
        let _ = writeln!(
            out,
            "-- {}; column suppressed marks groups with fewer than {} rows{} (the result holds every group's figures: keep it like the microdata)",
            if self.weighted() { "weighted percentiles" } else { "unweighted percentiles (linear interpolation)" },
            self.min_n,
            if self.dominance() { " or one employer above 25% of the weight" } else { "" }
        );
        let result = self.save_to.as_deref().unwrap_or("RESULT");
        let _ = writeln!(
            out,
            "-- read the result with: wagescope summarize|report outlook|benchmark --aggregates {result}"
        );
        for statement in self.statements() {
            let _ = writeln!(out, "{statement};");
        }
        let cleanup = self.cleanup();
        if !cleanup.is_empty() {
            let _ = writeln!(out, "-- once the result is read: drop the views (and the cache) the statements made");
            for statement in cleanup {
                let _ = writeln!(out, "{statement};");
            }
        }
        out
    }

    fn ident(&self, name: &str) -> String {
        match self.dialect {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::Duckdb => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    fn string(&self, text: &str) -> String {
        let text = text.replace('\'', "''");
        match self.dialect {
            // Spark reads backslash escapes in string literals.
            Dialect::Spark => format!("'{}'", text.replace('\\', "\\\\")),
            Dialect::Duckdb => format!("'{text}'"),
        }
    }

    /// A double, exactly: parsed from its shortest round-trip text (a bare `1.5` is a DECIMAL in
    /// both dialects).
    fn double(&self, value: f64) -> String {
        format!("CAST('{value:?}' AS DOUBLE)")
    }

    fn null_safe(&self, a: &str, b: &str) -> String {
        match self.dialect {
            Dialect::Spark => format!("{a} <=> {b}"),
            Dialect::Duckdb => format!("{a} IS NOT DISTINCT FROM {b}"),
        }
    }

    fn try_cast(&self, expr: &str, to: &str) -> String {
        match self.dialect {
            Dialect::Spark => format!("try_cast({expr} AS {to})"),
            Dialect::Duckdb => format!("TRY_CAST({expr} AS {to})"),
        }
    }

    fn from(&self) -> String {
        match (&self.source, self.dialect) {
            (Source::Table(name), _) => name.clone(),
            (Source::Parquet(path), Dialect::Spark) => format!("parquet.{}", self.ident(path)),
            (Source::Csv(_), Dialect::Spark) => CSV_VIEW.to_string(),
            (Source::Parquet(path), Dialect::Duckdb) => format!("read_parquet({})", self.string(path)),
            (Source::Csv(path), Dialect::Duckdb) => {
                format!("read_csv({}, header = true, all_varchar = true)", self.string(path))
            }
        }
    }

    /// The source column of `canonical`, quoted.
    fn src(&self, canonical: &str) -> Option<String> {
        self.theirs(canonical).map(|t| self.ident(t))
    }

    /// `t`: the source's columns typed, under short internal names.
    fn typed(&self) -> Vec<String> {
        let mut cols = Vec::new();
        if let Some((_, theirs)) = self.wage_column() {
            let wage = self.try_cast(&self.ident(theirs), "DOUBLE");
            cols.push(if self.wage_factor == 1.0 {
                format!("{wage} AS wage")
            } else {
                format!("{wage} * {} AS wage", self.double(self.wage_factor))
            });
        }
        let as_double = |c: &str| self.src(c).map(|s| self.try_cast(&s, "DOUBLE"));
        let as_text = |c: &str| self.src(c).map(|s| format!("CAST({s} AS STRING)"));
        if let Some(w) = as_double(m::WEIGHT) {
            cols.push(format!("{w} AS weight_raw"));
        }
        if let Some(y) = as_double(m::YEARS_EXPERIENCE) {
            cols.push(format!("{y} AS years"));
        }
        if let Some(text) = as_text(m::CERTIFIED) {
            let words = |list: &[&str]| {
                crate::data::micro_cells::spellings(list).iter().map(|w| self.string(w)).collect::<Vec<_>>().join(", ")
            };
            cols.push(format!(
                "CASE WHEN {text} IN ({}) THEN TRUE WHEN {text} IN ({}) THEN FALSE END AS cert",
                words(&m::TRUE_WORDS),
                words(&m::FALSE_WORDS)
            ));
        }
        for (canonical, name) in
            [(m::SETTING, "setting"), (m::REGION, "region"), (m::EMPLOYER, "employer"), (m::OCCUPATION, "occupation")]
        {
            if let Some(text) = as_text(canonical) {
                cols.push(format!("{text} AS {name}"));
            }
        }
        if let Some(y) = self.src(m::YEAR) {
            cols.push(format!("CAST({} AS STRING) AS yr", self.try_cast(&y, "BIGINT")));
        }
        cols
    }

    /// The row check: `summarize --microdata`'s, element for element (`data::microdata::canonical`).
    fn ok(&self) -> String {
        let infinity = "CAST('Infinity' AS DOUBLE)";
        let number = |c: &str| format!("{c} >= 0 AND {c} < {infinity}");
        let mut checks = vec![format!("wage > 0 AND wage <= {}", self.double(self.max_wage))];
        checks.push(format!("{} IS NOT NULL", self.try_cast("wage", "DECIMAL(17,2)")));
        if self.has(m::YEARS_EXPERIENCE) {
            checks.push(number("years"));
        }
        if self.weighted() {
            checks.push(number("weight_raw"));
            checks.push(format!("{} IS NOT NULL", self.try_cast("weight_raw", "DECIMAL(20,6)")));
        }
        for (canonical, name) in [(m::OCCUPATION, "occupation"), (m::SETTING, "setting"), (m::CERTIFIED, "cert")] {
            if self.has(canonical) {
                checks.push(format!("{name} IS NOT NULL"));
            }
        }
        format!("COALESCE({}, FALSE)", checks.join(" AND "))
    }

    /// The key of a dimension as text, from `t`'s typed columns.
    fn key_expr(&self, dim: MicroDim) -> String {
        match dim {
            MicroDim::Setting => "setting".into(),
            MicroDim::Region => "region".into(),
            MicroDim::Year => "yr".into(),
            MicroDim::Certification => {
                format!("CASE WHEN cert THEN '{}' ELSE '{}' END", values::CERTIFIED, values::UNCERTIFIED)
            }
            MicroDim::Experience => {
                let bands = &values::EXPERIENCE_BANDS[1..];
                format!(
                    "CASE WHEN years < 1 THEN '{}' WHEN years < 5 THEN '{}' WHEN years < 10 THEN '{}' WHEN years < 20 THEN '{}' ELSE '{}' END",
                    bands[0], bands[1], bands[2], bands[3], bands[4]
                )
            }
        }
    }

    /// The query's CTEs in order, by name, and its final SELECT (see [`Spec::statements`] for how
    /// each dialect runs them).
    fn query_parts(&self) -> (Vec<(&'static str, String)>, String) {
        let fine = self.key_columns();
        let sets = self.sets();
        let k = |d: &MicroDim| format!("k_{}", d.name());
        let keys = |prefix: &str| fine.iter().map(|d| format!("{prefix}{}", k(d))).collect::<Vec<_>>();
        // `a.k… <=> b.k…` over `dims`, each as ` AND …`.
        let on = |a: &str, b: &str, dims: &[MicroDim]| -> String {
            dims.iter()
                .map(|d| format!(" AND {}", self.null_safe(&format!("{a}.{}", k(d)), &format!("{b}.{}", k(d)))))
                .collect()
        };
        let list = |items: Vec<String>| items.iter().map(|i| format!("{i}, ")).collect::<String>();
        let set_group = |set: &[MicroDim]| list(set.iter().map(k).collect());
        let weighted = self.weighted();
        let dominance = self.dominance();
        // Every grouping rolled up from `from` in one aggregation (GROUPING SETS, so `from` is
        // read once): `g` is the grouping's number, keys outside it are NULL (a NULL key inside
        // it is a group of its own: GROUPING() tells them apart).
        let rollup = |from: &str, inner: &str, measures: &str| -> String {
            let fine_keys = list(keys(""));
            if fine.is_empty() {
                return format!("  SELECT 0 AS g, {inner}, {measures} FROM {from} GROUP BY {inner}");
            }
            // The grouping's bits, first key highest (Spark's GROUPING_ID would have to list
            // every grouping column, bin and wage too).
            let n = fine.len();
            let all = keys("")
                .iter()
                .enumerate()
                .map(|(i, key)| format!("GROUPING({key}) * {}", 1u64 << (n - 1 - i)))
                .collect::<Vec<_>>()
                .join(" + ");
            let g: String = sets
                .iter()
                .enumerate()
                .map(|(g, set)| {
                    let id = fine.iter().fold(0u64, |id, d| (id << 1) | u64::from(!set.contains(d)));
                    format!(" WHEN {id} THEN {g}")
                })
                .collect();
            let grouping_sets: Vec<String> = sets.iter().map(|set| format!("({}{inner})", set_group(set))).collect();
            format!(
                "  SELECT CASE {all}{g} END AS g, {fine_keys}{inner}, {measures} FROM {from}\n  GROUP BY GROUPING SETS ({})",
                grouping_sets.join(", ")
            )
        };
        let window = |partition: &str, order: &str| {
            format!("OVER (PARTITION BY {partition} ORDER BY {order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)")
        };
        let group_cols = |prefix: &str| {
            let mut cols = vec![format!("{prefix}g")];
            cols.extend(keys(prefix));
            cols.join(", ")
        };
        // Whether a running measure reaches target q.t of a group: exact comparisons of decimals
        // (weighted) or of a count with the rank polars' linear method uses.
        let reach = |cw: &str, cn: &str, tw: &str, tn: &str| -> String {
            if weighted {
                format!("100 * ({cw}) >= q.qp * {tw}")
            } else {
                let h = format!("CAST({tn} - 1 AS DOUBLE) * (CAST(q.qp AS DOUBLE) / 100)");
                format!("{cn} >= CASE WHEN q.hi = 1 THEN CEIL({h}) ELSE FLOOR({h}) END + 1")
            }
        };

        let mut ctes: Vec<(&'static str, String)> = Vec::new();
        // t: typed; r: checked, keyed, binned.
        ctes.push(("t", format!("  SELECT {}\n  FROM {}", self.typed().join(",\n    "), self.from())));
        ctes.push(("c", format!("  SELECT t.*, {} AS ok FROM {}", self.ok(), self.aliased("t"))));
        let mut r_cols: Vec<String> = vec!["ok".into()];
        // Keys are not guarded by `ok` (an invalid row only counts in `bad`, whatever its keys):
        // Spark would copy the whole check into every key of the semi-join, twice for a
        // null-safe key, and evaluate it for every row (measured 3× slower at 1M rows).
        r_cols.extend(fine.iter().map(|d| format!("{} AS {}", self.key_expr(*d), k(d))));
        r_cols.push(format!(
            "CASE WHEN ok THEN CAST(FLOOR(SQRT(LEAST(wage, {})) * {}) AS INT) END AS bin",
            self.double(1e15),
            self.double(4.0)
        ));
        r_cols.push("wage".into());
        r_cols.push("CASE WHEN ok THEN CAST(wage AS DECIMAL(17,2)) END AS wd".into());
        r_cols.push(if weighted {
            "CASE WHEN ok THEN CAST(weight_raw AS DECIMAL(20,6)) END AS wt".into()
        } else {
            "CAST(1 AS DECIMAL(20,6)) AS wt".into()
        });
        if dominance {
            r_cols.push("employer".into());
        }
        ctes.push(("r", format!("  SELECT {}\n  FROM {}", r_cols.join(",\n    "), self.aliased("c"))));
        let fine_keys = list(keys(""));
        ctes.push((
            "hist",
            format!(
                // n: rows of positive weight (a zero weight counts for nothing, not even towards
                // --min-n); rows_n: every row, for the count of invalid ones.
                "  SELECT ok, {fine_keys}bin, COUNT(*) AS rows_n, SUM(CASE WHEN wt > 0 THEN 1 ELSE 0 END) AS n, SUM(wt) AS w, SUM(wd * wt) AS wx FROM {} GROUP BY ok, {fine_keys}bin",
                self.rel("r")
            ),
        ));
        ctes.push((
            "bad",
            format!("  SELECT COALESCE(SUM(rows_n), 0) AS rows_invalid FROM {} WHERE NOT ok", self.rel("hist")),
        ));
        ctes.push(("h", format!("  SELECT {fine_keys}bin, n, w, wx FROM {} WHERE ok", self.rel("hist"))));
        // hs: each grouping's histogram, rolled up from the finest.
        ctes.push(("hs", rollup(&self.rel("h"), "bin", "SUM(n) AS n, SUM(w) AS w, SUM(wx) AS wx")));
        let part = group_cols("");
        ctes.push((
            "cum",
            format!(
                "  SELECT g, {fine_keys}bin, n, w, wx,\n    SUM(w) {} AS cw,\n    SUM(n) {} AS cn,\n    SUM(w) OVER (PARTITION BY {part}) AS tw,\n    SUM(n) OVER (PARTITION BY {part}) AS tn\n  FROM {}",
                window(&part, "bin"),
                window(&part, "bin"),
                self.rel("hs")
            ),
        ));
        // qs: the targets: weighted, one per percentile; unweighted, the lower then the upper rank.
        let mut targets = Vec::new();
        for (hi, side) in [0, 1].iter().enumerate().take(if weighted { 1 } else { 2 }) {
            for (i, (_, p)) in PERCENTILES.iter().enumerate() {
                let t = hi * PERCENTILES.len() + i;
                targets.push(format!("SELECT {t} AS t, {} AS qp, {side} AS hi", (p * 100.0).round() as i64));
            }
        }
        ctes.push(("qs", format!("  {}", targets.join("\n  UNION ALL "))));
        // locb: each group's bin of each target, with what comes before it (`bw`, `bn`) and the
        // group's totals: the first bin whose running measure reaches the target, i.e. the one
        // that reaches it while the measure before it does not (or the group's first bin). The
        // running measures never decrease, so that is one bin per group and target, found in
        // one pass over `cum`.
        let c_part = group_cols("c.");
        ctes.push((
            "locb",
            format!(
                "  SELECT {c_part}, q.t, c.bin, c.cw - c.w AS bw, c.cn - c.n AS bn, c.tw, c.tn FROM {} c CROSS JOIN {} q\n  WHERE {} AND (c.cn = c.n OR NOT ({}))",
                self.rel("cum"),
                self.rel("qs"),
                reach("c.cw", "c.cn", "c.tw", "c.tn"),
                reach("c.cw - c.w", "c.cn - c.n", "c.tw", "c.tn")
            ),
        ));
        // want: the finest groups' bins that hold a percentile of some grouping's group.
        let want: Vec<String> = sets
            .iter()
            .enumerate()
            .map(|(g, set)| {
                format!(
                    "  SELECT {}h.bin FROM {} JOIN {} l ON l.g = {g} AND l.bin = h.bin{}",
                    list(keys("h.")),
                    self.aliased("h"),
                    self.rel("locb"),
                    on("l", "h", set)
                )
            })
            .collect();
        ctes.push(("want", want.join("\n  UNION\n")));
        // cand: the rows of those bins (the semi-join; 1-5% of rows).
        ctes.push((
            "cand",
            format!(
                "  SELECT {}r.bin, r.wage, r.wt FROM {} WHERE r.ok AND EXISTS (SELECT 1 FROM {} x WHERE x.bin = r.bin{})",
                list(keys("r.")),
                self.aliased("r"),
                self.rel("want"),
                on("x", "r", &fine)
            ),
        ));
        ctes.push(("rr", rollup(&self.rel("cand"), "bin, wage", "SUM(wt) AS w, COUNT(*) AS c")));
        let b_part = format!("{}, b.t", group_cols("b."));
        ctes.push((
            "rt",
            format!(
                "  SELECT {b_part}, rr.wage, b.bw, b.bn, b.tw, b.tn,\n    SUM(rr.w) {} AS rw,\n    SUM(rr.c) {} AS rc\n  FROM {} b JOIN {} ON b.g = rr.g AND b.bin = rr.bin{}",
                window(&b_part, "rr.wage"),
                window(&b_part, "rr.wage"),
                self.rel("locb"),
                self.aliased("rr"),
                on("b", "rr", &fine)
            ),
        ));
        let x_part = group_cols("x.");
        ctes.push((
            "pv",
            format!(
                "  SELECT {x_part}, x.t, MIN(x.wage) AS v FROM {} x JOIN {} q ON q.t = x.t WHERE {} GROUP BY {x_part}, x.t",
                self.rel("rt"),
                self.rel("qs"),
                reach("x.bw + x.rw", "x.bn + x.rc", "x.tw", "x.tn")
            ),
        ));
        let pivot: Vec<String> =
            (0..targets.len()).map(|t| format!("MAX(CASE WHEN t = {t} THEN v END) AS v{t}")).collect();
        ctes.push(("pct", format!("  SELECT {part}, {} FROM {} GROUP BY {part}", pivot.join(", "), self.rel("pv"))));
        ctes.push((
            "tot",
            format!("  SELECT {part}, SUM(n) AS n, SUM(w) AS w, SUM(wx) AS wx FROM {} GROUP BY {part}", self.rel("hs")),
        ));
        if dominance {
            ctes.push((
                "ef",
                format!(
                    "  SELECT {fine_keys}employer, SUM(wt) AS w FROM {} WHERE ok GROUP BY {fine_keys}employer",
                    self.rel("r")
                ),
            ));
            // Each employer's weight in each group of every grouping, then the largest per group.
            ctes.push(("ee", rollup(&self.rel("ef"), "employer", "SUM(w) AS w")));
            ctes.push(("et", format!("  SELECT {part}, MAX(w) AS top FROM {} GROUP BY {part}", self.rel("ee"))));
        }
        // o: every group with its figures and whether they are withheld.
        let top = if dominance { "CAST(e.top AS DOUBLE)" } else { "CAST(NULL AS DOUBLE)" };
        let dominated = if dominance { " WHEN 4 * e.top > s.w THEN 'dominance'" } else { "" };
        let mut o_cols = vec![group_cols("s."), "s.n".into(), "s.w".into(), "s.wx".into(), format!("{top} AS top")];
        o_cols.extend((0..targets.len()).map(|t| format!("p.v{t}")));
        o_cols.push(format!(
            "CASE WHEN s.w <= 0 THEN 'no weight' WHEN s.n < {} THEN 'n < {}'{dominated} END AS hidden",
            self.min_n, self.min_n
        ));
        let mut joins = format!(" LEFT JOIN {} p ON p.g = s.g{}", self.rel("pct"), on("p", "s", &fine));
        if dominance {
            joins.push_str(&format!(" LEFT JOIN {} e ON e.g = s.g{}", self.rel("et"), on("e", "s", &fine)));
        }
        ctes.push(("o", format!("  SELECT {} FROM {} s{joins}", o_cols.join(", "), self.rel("tot"))));
        // The result.
        let labels: String =
            sets.iter().enumerate().map(|(g, set)| format!(" WHEN {g} THEN '{}'", grouping_label(set))).collect();
        let mut out = vec![format!("CASE o.g{labels} END AS {}", self.ident("grouping"))];
        out.extend(fine.iter().map(|d| format!("o.{} AS {}", k(d), self.ident(d.name()))));
        out.push(format!("CAST(o.n AS BIGINT) AS {}", self.ident("n")));
        let shown = |expr: &str, name: &str| format!("{expr} AS {}", self.ident(name));
        out.push(shown("CAST(o.w AS DOUBLE)", "weight"));
        out.push(shown("CAST(o.wx AS DOUBLE)", "weight_wage"));
        out.push(shown("o.top", "top_employer_weight"));
        for (i, (name, p)) in PERCENTILES.iter().enumerate() {
            let value = if weighted {
                format!("o.v{i}")
            } else {
                let (lo, hi) = (format!("o.v{i}"), format!("o.v{}", i + PERCENTILES.len()));
                let h = format!("(CAST(o.n - 1 AS DOUBLE) * (CAST({} AS DOUBLE) / 100))", (p * 100.0).round() as i64);
                format!("CASE WHEN {lo} = {hi} THEN {lo} ELSE ({h} - FLOOR({h})) * ({hi} - {lo}) + {lo} END")
            };
            out.push(shown(&value, name));
        }
        out.push(format!("o.hidden AS {}", self.ident("suppressed")));
        out.push(format!("CAST(bad.rows_invalid AS BIGINT) AS {}", self.ident("rows_invalid")));
        out.push(format!("{} AS {}", if weighted { "TRUE" } else { "FALSE" }, self.ident("weighted")));
        out.push(format!("CAST({} AS BIGINT) AS {}", self.min_n, self.ident("min_n")));
        let wage_column = self.wage_column().map_or("", |(_, theirs)| theirs);
        out.push(format!("{} AS {}", self.string(wage_column), self.ident("wage_column")));
        out.push(format!("{} AS {}", self.string(self.wage_unit.name()), self.ident("wage_unit")));
        let conversion = self
            .wage_unit
            .conversion(self.hours_per_year)
            .map_or_else(|| "CAST(NULL AS STRING)".to_string(), |c| self.string(&c));
        out.push(format!("{conversion} AS {}", self.ident("wage_conversion")));
        if self.synthetic {
            out.push(format!("TRUE AS {}", self.ident(SYNTHETIC)));
        }
        let order = group_cols("o.").split(", ").map(|c| format!("{c} NULLS FIRST")).collect::<Vec<_>>().join(", ");
        let select = format!(
            "SELECT\n  {}\nFROM {} CROSS JOIN {}\nORDER BY {order}",
            out.join(",\n  "),
            self.aliased("o"),
            self.aliased("bad")
        );
        (ctes, select)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_a_path_by_its_shape_else_a_table() {
        assert_eq!(Source::parse("s3a://b/wages/*.parquet"), Ok(Source::Parquet("s3a://b/wages/*.parquet".into())));
        assert_eq!(Source::parse("wages.parquet"), Ok(Source::Parquet("wages.parquet".into())));
        assert_eq!(Source::parse("data/wages"), Ok(Source::Parquet("data/wages".into())));
        assert_eq!(Source::parse("/x/w.CSV"), Ok(Source::Csv("/x/w.CSV".into())));
        assert_eq!(Source::parse("w.csv.gz"), Ok(Source::Csv("w.csv.gz".into())));
        assert_eq!(Source::parse("hr.wages_2025"), Ok(Source::Table("hr.wages_2025".into())));
        assert!(Source::parse("wages; DROP TABLE x").is_err());
        assert!(Source::parse("").is_err());
    }

    #[test]
    fn names_and_texts_are_quoted_for_each_dialect() {
        let spec = |dialect| Spec {
            dialect,
            source: Source::Parquet("it's\\here.parquet".into()),
            used: vec![(m::ANNUAL_WAGE, "Base `Pay\"".into())],
            wage_unit: WageUnit::Year,
            wage_factor: 1.0,
            hours_per_year: 2080.0,
            max_wage: 1.5e6,
            groupings: Vec::new(),
            min_n: 5,
            synthetic: false,
            save_to: None,
        };
        let spark = spec(Dialect::Spark).script();
        assert!(spark.contains("parquet.`it's\\here.parquet`"), "{spark}");
        assert!(spark.contains("try_cast(`Base ``Pay\"` AS DOUBLE)"), "{spark}");
        let duck = spec(Dialect::Duckdb).script();
        assert!(duck.contains("read_parquet('it''s\\here.parquet')"), "{duck}");
        assert!(duck.contains("TRY_CAST(\"Base `Pay\"\"\" AS DOUBLE)"), "{duck}");
        assert!(duck.contains("wage <= CAST('1500000.0' AS DOUBLE)"));
        // Spark reads backslashes in string literals as escapes.
        assert_eq!(spec(Dialect::Spark).string("a\\b'c"), "'a\\\\b''c'");
    }
}
