//! The pay gap report's context: the indicators with their articles, the quartile pay bands, the
//! categories of workers with Art. 10 flags, privacy rules, methods and sources — display text and
//! charts built from [`PaygapRun`]; the template only lays it out.

use anyhow::Result;
use serde::Serialize;

use super::outlook::RenderedChart;
use crate::analysis::paygap::PayRules;
use crate::analysis::paygap::{ASSESSMENT_GAP, CellDim, Gap, Paygap};
use crate::charts::{Bar, ChartKind, ChartSpec, render_svg};
use crate::format::{money, thousands};

/// The figures with what they were computed from.
#[derive(Debug, Serialize)]
pub struct PaygapRun {
    pub file: String,
    pub rules_title: String,
    pub snapshot_date: Option<String>,
    /// The basic-pay column, as the file names it.
    pub wage_column: String,
    /// The variable-pay column(s), as the file names them.
    pub variable_column: Option<String>,
    pub gender_column: String,
    pub category_column: Option<String>,
    pub synthetic: bool,
    #[serde(flatten)]
    pub figures: Paygap,
}

/// The hourly pay a quartile band spans: "up to $23.35" (the lowest), "$23.35 to $28.04",
/// "$34.21 and above" (the highest): the outer limits would be one person's pay.
pub fn band_range(b: &crate::analysis::paygap::Band) -> String {
    match (b.from, b.to) {
        (None, Some(to)) => format!("up to {}", money(to, true)),
        (Some(from), None) => format!("{} and above", money(from, true)),
        (Some(from), Some(to)) => format!("{} to {}", money(from, true), money(to, true)),
        (None, None) => "—".into(),
    }
}

/// A percent with one decimal and its sign ("12.5%", "-3.0%"); "—" when there is none.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.1}%"))
}

/// One indicator: its article, name, women's and men's values and the gap.
#[derive(Debug, Serialize)]
pub struct Indicator {
    pub article: String,
    pub indicator: String,
    pub women: String,
    pub men: String,
    pub gap: String,
}

/// The headline indicators, in the order of Art. 9(1) (or the UK regulations).
pub fn indicators(run: &PaygapRun) -> Vec<Indicator> {
    let f = &run.figures;
    let eu = f.rules == PayRules::Eu;
    let cash = |v: Option<f64>, hourly: bool| v.map_or_else(|| "—".to_string(), |x| money(x, hourly));
    let mut out = Vec::new();
    let mut pair = |article: &str, indicator: &str, gap: &Gap, mean: bool, hourly: bool| {
        let pick = |s: &crate::analysis::paygap::Stat| if mean { s.mean } else { s.median };
        out.push(Indicator {
            article: article.to_string(),
            indicator: indicator.to_string(),
            women: cash(pick(&gap.women), hourly),
            men: cash(pick(&gap.men), hourly),
            gap: match &gap.suppression {
                Some(reason) => format!("withheld: {reason}"),
                None => percent(if mean { gap.mean_gap } else { gap.median_gap }),
            },
        });
    };
    let hourly_name = if eu { "hourly pay" } else { "hourly pay (ordinary pay)" };
    pair(if eu { "9(1)(a)" } else { "reg. 2(1)(a)" }, &format!("mean {hourly_name}"), &f.hourly, true, true);
    pair(if eu { "9(1)(c)" } else { "reg. 2(1)(b)" }, &format!("median {hourly_name}"), &f.hourly, false, true);
    if let Some(annual) = &f.annual {
        pair("3(1)", "mean annual pay", annual, true, false);
        pair("3(1)", "median annual pay", annual, false, false);
    }
    if let Some(v) = &f.variable {
        let what = if eu { "variable pay, those receiving it" } else { "bonus pay, those paid one" };
        pair(if eu { "9(1)(b)" } else { "reg. 2(1)(c)" }, &format!("mean {what}"), &v.gap, true, false);
        pair(if eu { "9(1)(d)" } else { "reg. 2(1)(d)" }, &format!("median {what}"), &v.gap, false, false);
        out.push(Indicator {
            article: if eu { "9(1)(e)" } else { "reg. 2(1)(e)" }.into(),
            indicator: if eu { "receiving variable pay" } else { "paid a bonus" }.into(),
            women: percent(v.women_receiving),
            men: percent(v.men_receiving),
            gap: String::new(),
        });
    }
    out
}

/// "8.2% (in cells holding 75% of the weight)".
pub fn like_for_like(gap: Option<f64>, share: Option<f64>) -> String {
    match (gap, share) {
        (Some(g), Some(s)) => format!("{} ({s:.0}% of weight)", percent(Some(g))),
        _ => "—".into(),
    }
}

/// The Art. 10 verdict in words, one line per flagged category.
pub fn article_10_lines(run: &PaygapRun) -> Vec<String> {
    let flagged: Vec<_> = run.figures.flagged().collect();
    let hidden = run.figures.categories.iter().filter(|c| c.suppressed).count();
    let categories = |n: usize| format!("{n} categor{}", if n == 1 { "y" } else { "ies" });
    // Art. 10 binds every category, published or not: a suppressed one is said, never cleared.
    let unassessed = (hidden > 0).then(|| {
        format!(
            "{} suppressed for privacy {} not assessed here: Art. 10 applies to {} too, so assess {} from the payroll itself.",
            categories(hidden),
            if hidden == 1 { "is" } else { "are" },
            if hidden == 1 { "it" } else { "them" },
            if hidden == 1 { "it" } else { "them" }
        )
    });
    if flagged.is_empty() {
        let shown = if hidden > 0 { "no category shown here has" } else { "no category has" };
        return std::iter::once(format!("Art. 10: {shown} a mean gap of 5% or more either way."))
            .chain(unassessed)
            .collect();
    }
    let mut lines = vec![format!(
        "Art. 10: {} with a mean gap of 5% or more either way: a joint pay assessment is due unless objective, gender-neutral criteria justify the gap (or it is remedied within six months).",
        categories(flagged.len())
    )];
    lines.extend(flagged.into_iter().map(|c| flag_text(c, &run.figures.cells)));
    lines.extend(unassessed);
    lines
}

/// What a flagged category's like-for-like gap says.
pub fn flag_text(c: &crate::analysis::paygap::Category, cells: &[CellDim]) -> String {
    let raw = percent(c.pay_mean_gap);
    let within = cells.iter().map(|d| d.name()).collect::<Vec<_>>().join(", ");
    match (c.like_for_like_gap, c.like_for_like_share) {
        (Some(g), Some(share)) => {
            let verdict = if g.abs() >= ASSESSMENT_GAP {
                "the gap stays at 5% or more among comparable workers: these criteria do not explain it".to_string()
            } else if g.abs() < c.pay_mean_gap.map_or(0.0, f64::abs) {
                format!(
                    "the rest goes with the mix of {within}; whether that justifies it is for the assessment to show"
                )
            } else {
                "these criteria do not narrow it".to_string()
            };
            format!(
                "{}: {raw}; within the same {within}, {} (cells holding {share:.0}% of the category's weight): {verdict}.",
                c.category,
                percent(Some(g))
            )
        }
        _ if cells.is_empty() => format!(
            "{}: {raw}; the file has no experience, setting, certification or region to compare like with like.",
            c.category
        ),
        _ => format!("{}: {raw}; no cell of {within} has both women and men.", c.category),
    }
}

pub fn counts_text(f: &Paygap) -> String {
    let c = &f.counts;
    let mut parts = vec![
        format!("{} wom{}", thousands(c.women as f64, 0), if c.women == 1 { "an" } else { "en" }),
        format!("{} m{}", thousands(c.men as f64, 0), if c.men == 1 { "an" } else { "en" }),
    ];
    if c.other > 0 {
        parts.push(format!(
            "{} of another gender (counted and shown; the gap is women vs men)",
            thousands(c.other as f64, 0)
        ));
    }
    if c.gender_missing > 0 {
        parts.push(format!("{} with gender not stated (left out)", thousands(c.gender_missing as f64, 0)));
    }
    if c.not_full_pay > 0 {
        parts
            .push(format!("{} not full-pay relevant (in the bonus figures only)", thousands(c.not_full_pay as f64, 0)));
    }
    if c.zero_weight > 0 {
        parts.push(format!("{} of zero weight (in no figure)", thousands(c.zero_weight as f64, 0)));
    }
    parts.join(", ")
}

#[derive(Debug, Clone, Serialize)]
pub struct BandRow {
    pub band: String,
    pub hourly_pay: String,
    pub women: String,
    pub men: String,
    pub other: String,
    pub of_women: String,
    pub of_men: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryRow {
    pub category: String,
    pub women: String,
    pub men: String,
    pub basic_mean_gap: String,
    pub basic_median_gap: String,
    pub variable_mean_gap: String,
    pub variable_median_gap: String,
    pub pay_mean_gap: String,
    /// The gap within cells, and the percent of the category's weight in cells with both sexes.
    pub like_for_like: String,
    pub like_for_like_share: String,
    pub article_10: String,
}

/// A source the report's definitions rest on.
#[derive(Debug, Serialize)]
pub struct Source {
    pub title: String,
    pub citation: String,
}

#[derive(Debug, Serialize)]
pub struct PaygapContext {
    pub title: String,
    pub generator: String,
    pub file: String,
    pub eu: bool,
    pub rules_title: String,
    pub snapshot_date: Option<String>,
    pub synthetic: bool,
    pub workers: String,
    pub columns: Vec<String>,
    pub indicators: Vec<Indicator>,
    pub pay_chart: RenderedChart,
    pub bands: Vec<BandRow>,
    pub show_other: bool,
    /// The payroll has variable pay (its columns are shown).
    pub variable: bool,
    pub bands_chart: Option<RenderedChart>,
    pub categories: Vec<CategoryRow>,
    pub category_column: String,
    pub categories_chart: Option<RenderedChart>,
    /// Art. 10: the summary line and one line per flagged category.
    pub article_10: Vec<String>,
    pub flagged: usize,
    pub methods: Vec<String>,
    pub sources: Vec<Source>,
    pub skipped: Option<String>,
}

fn chart(spec: ChartSpec) -> Result<RenderedChart> {
    let svg = render_svg(&spec)?;
    Ok(RenderedChart { spec, svg })
}

pub fn context(run: &PaygapRun, skipped: Option<String>, generator: &str) -> Result<PaygapContext> {
    let f = &run.figures;
    let eu = f.rules == PayRules::Eu;
    let hourly = |v: Option<f64>| v.map_or(0.0, |x| x);
    let cash = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |x| money(x, true));
    let bars = vec![
        Bar {
            label: "Women, mean".into(),
            value: hourly(f.hourly.women.mean),
            value_text: cash(f.hourly.women.mean),
            reference: false,
        },
        Bar {
            label: "Men, mean".into(),
            value: hourly(f.hourly.men.mean),
            value_text: cash(f.hourly.men.mean),
            reference: true,
        },
        Bar {
            label: "Women, median".into(),
            value: hourly(f.hourly.women.median),
            value_text: cash(f.hourly.women.median),
            reference: false,
        },
        Bar {
            label: "Men, median".into(),
            value: hourly(f.hourly.men.median),
            value_text: cash(f.hourly.men.median),
            reference: true,
        },
    ];
    let pay_chart = chart(ChartSpec {
        id: "hourly-pay".into(),
        title: "Hourly pay of women and men".into(),
        description: format!(
            "Mean hourly pay: women {}, men {} (gap {}). Median: women {}, men {} (gap {}).",
            cash(f.hourly.women.mean),
            cash(f.hourly.men.mean),
            percent(f.hourly.mean_gap),
            cash(f.hourly.women.median),
            cash(f.hourly.men.median),
            percent(f.hourly.median_gap)
        ),
        kind: ChartKind::Bars { value_axis: "hourly pay ($)".into(), bars },
    })?;
    let share = |v: f64| format!("{v:.1}%");
    let bands: Vec<BandRow> = f
        .quartiles
        .iter()
        .map(|b| BandRow {
            band: b.band.clone(),
            hourly_pay: band_range(b),
            women: share(b.women),
            men: share(b.men),
            other: share(b.other),
            of_women: share(b.of_women),
            of_men: share(b.of_men),
        })
        .collect();
    // Women's share of everyone banded: the bands hold equal weight, so it is their shares' mean.
    let women_share = f.quartiles.iter().map(|b| b.women).sum::<f64>() / f.quartiles.len().max(1) as f64;
    let bands_chart = if f.quartiles.is_empty() {
        None
    } else {
        let mut bars: Vec<Bar> = f
            .quartiles
            .iter()
            .map(|b| Bar {
                label: format!("{} quartile", b.band),
                value: b.women,
                value_text: share(b.women),
                reference: false,
            })
            .collect();
        bars.push(Bar {
            label: "All four bands".into(),
            value: women_share,
            value_text: share(women_share),
            reference: true,
        });
        Some(chart(ChartSpec {
            id: "quartile-bands".into(),
            title: "Women's share of each quartile pay band".into(),
            description: format!(
                "Percent of each quartile pay band who are women, lowest to highest: {}; of everyone in the bands, {}.",
                f.quartiles.iter().map(|b| format!("{} {}", b.band, share(b.women))).collect::<Vec<_>>().join(", "),
                share(women_share)
            ),
            kind: ChartKind::Bars { value_axis: "women, percent of the band".into(), bars },
        })?)
    };
    let count = |n: Option<u64>| n.map_or_else(String::new, |n| thousands(n as f64, 0));
    let categories: Vec<CategoryRow> = f
        .categories
        .iter()
        .map(|c| {
            let hidden = |text: String| if c.suppressed { String::new() } else { text };
            CategoryRow {
                category: c.category.clone(),
                women: count(c.women),
                men: count(c.men),
                basic_mean_gap: if c.suppressed {
                    format!("suppressed ({})", c.suppression.clone().unwrap_or_default())
                } else {
                    percent(c.basic_mean_gap)
                },
                basic_median_gap: hidden(percent(c.basic_median_gap)),
                variable_mean_gap: hidden(percent(c.variable_mean_gap)),
                variable_median_gap: hidden(percent(c.variable_median_gap)),
                pay_mean_gap: hidden(percent(c.pay_mean_gap)),
                like_for_like: hidden(percent(c.like_for_like_gap)),
                like_for_like_share: hidden(c.like_for_like_share.map_or_else(|| "—".into(), |s| format!("{s:.0}%"))),
                article_10: if c.flagged { "flagged".into() } else { String::new() },
            }
        })
        .collect();
    let shown: Vec<&crate::analysis::paygap::Category> =
        f.categories.iter().filter(|c| !c.suppressed && c.pay_mean_gap.is_some()).collect();
    let categories_chart = if shown.is_empty() {
        None
    } else {
        let points: Vec<Bar> = shown
            .iter()
            .map(|c| Bar {
                label: c.category.clone(),
                value: c.pay_mean_gap.unwrap_or_default(),
                value_text: percent(c.pay_mean_gap),
                reference: !c.flagged,
            })
            .collect();
        let marker = Bar { label: "5% (Art. 10)".into(), value: 5.0, value_text: "5%".into(), reference: false };
        Some(chart(ChartSpec {
            id: "category-gaps".into(),
            title: "Mean gap of hourly pay by category of workers".into(),
            description: format!(
                "Gap (men − women) ÷ men of mean hourly pay in each category not suppressed, with the Art. 10 threshold of 5% marked: {}.",
                shown
                    .iter()
                    .map(|c| format!("{} {}", c.category, percent(c.pay_mean_gap)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            kind: ChartKind::Dots { value_axis: "gap, percent of men's pay".into(), points, marker: Some(marker) },
        })?)
    };
    let mut columns = vec![format!("basic pay: {}", run.wage_column), format!("gender: {}", run.gender_column)];
    if let Some(v) = &run.variable_column {
        columns.push(format!("variable pay: {v}"));
    }
    if let Some(c) = &run.category_column {
        columns.push(format!("category: {c}"));
    }
    let mut sources = vec![Source {
        title: run.file.clone(),
        citation: "The payroll analysed: every figure of this report is computed from it.".into(),
    }];
    sources.push(match f.rules {
        PayRules::Eu => Source {
            title: "Directive (EU) 2023/970 of the European Parliament and of the Council of 10 May 2023 to strengthen the application of the principle of equal pay for equal work or work of equal value between men and women through pay transparency and enforcement mechanisms".into(),
            citation: "OJ L 132, 17.5.2023, p. 21–44: Art. 3 (definitions), Art. 4 (categories of workers), Art. 9 (reporting), Art. 10 (joint pay assessment).".into(),
        },
        PayRules::Uk => Source {
            title: "The Equality Act 2010 (Gender Pay Gap Information) Regulations 2017".into(),
            citation: "SI 2017/172: reg. 2 (information to be published), regs. 3–6 (hourly pay, bonus pay), reg. 13 (quartile pay bands).".into(),
        },
    });
    Ok(PaygapContext {
        title: format!(
            "Gender pay gap — {}",
            std::path::Path::new(&run.file).file_name().map_or(run.file.clone(), |n| n.to_string_lossy().to_string())
        ),
        generator: generator.to_string(),
        file: run.file.clone(),
        eu,
        rules_title: run.rules_title.clone(),
        snapshot_date: run.snapshot_date.clone(),
        synthetic: run.synthetic,
        workers: counts_text(f),
        columns,
        indicators: indicators(run),
        pay_chart,
        show_other: f.counts.other > 0,
        variable: f.variable.is_some(),
        bands,
        bands_chart,
        categories,
        category_column: run.category_column.clone().unwrap_or_default(),
        categories_chart,
        article_10: if f.categories.is_empty() { Vec::new() } else { article_10_lines(run) },
        flagged: f.flagged().count(),
        methods: f.methods.clone(),
        sources,
        skipped,
    })
}

impl CategoryRow {
    /// "—" (no figure) as an empty cell, for the CSV export.
    fn blank_dashes(mut self) -> CategoryRow {
        for cell in [
            &mut self.basic_mean_gap,
            &mut self.basic_median_gap,
            &mut self.variable_mean_gap,
            &mut self.variable_median_gap,
            &mut self.pay_mean_gap,
            &mut self.like_for_like,
            &mut self.like_for_like_share,
        ] {
            if cell == "—" {
                cell.clear();
            }
        }
        self
    }
}

impl PaygapContext {
    /// Every table of the report as CSV (`--export-dir`).
    pub fn exports(&self) -> Result<Vec<super::export::Export>> {
        use super::export::table;
        Ok(vec![
            table("indicators.csv", &["article", "indicator", "women", "men", "gap"], &self.indicators)?,
            table(
                "quartile-bands.csv",
                &["band", "hourly_pay", "women", "men", "other", "of_women", "of_men"],
                &self.bands,
            )?,
            table(
                "categories.csv",
                &[
                    "category",
                    "women",
                    "men",
                    "basic_mean_gap",
                    "basic_median_gap",
                    "variable_mean_gap",
                    "variable_median_gap",
                    "pay_mean_gap",
                    "like_for_like",
                    "like_for_like_share",
                    "article_10",
                ],
                &self.categories.iter().cloned().map(CategoryRow::blank_dashes).collect::<Vec<_>>(),
            )?,
        ])
    }
}
