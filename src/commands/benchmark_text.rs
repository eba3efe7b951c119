//! `wagescope benchmark` as text: the terminal tables and the CSV (JSON serialises the result).

use anyhow::Result;
use comfy_table::{CellAlignment, Table as TextTable, presets};

use crate::analysis::market::benchmark::{Benchmark, Roster};
use crate::analysis::market::label;
use crate::analysis::market::posting::Posting;
use crate::data::schema::values;
use crate::format::{money, plain, thousands};

fn fmt_money(v: Option<f64>, hourly: bool) -> String {
    v.map_or_else(|| "—".to_string(), |x| money(x, hourly))
}

pub(super) fn csv_text(b: &Benchmark) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let n = |v: Option<f64>| v.map(plain).unwrap_or_default();
    match &b.roster {
        Some(roster) => {
            w.write_record([
                "id",
                "pay",
                "years_experience",
                "certified",
                "cut",
                "market_cut",
                "market_method",
                "market_median",
                "range_min",
                "range_mid",
                "range_max",
                "compa_ratio",
                "penetration",
                "market_position",
                "flags",
            ])?;
            for r in &roster.rows {
                w.write_record([
                    r.id.clone(),
                    plain(r.pay),
                    n(r.years_experience),
                    r.certified.map(|c| c.to_string()).unwrap_or_default(),
                    r.cut.clone(),
                    r.market_cut.clone(),
                    r.market_method.clone(),
                    n(r.market_median),
                    plain(r.range.min),
                    plain(r.range.mid),
                    plain(r.range.max),
                    format!("{:.4}", r.check.compa_ratio),
                    r.check.penetration.map(|p| format!("{p:.4}")).unwrap_or_default(),
                    r.check.position_text.clone(),
                    r.flags.join("; "),
                ])?;
            }
        }
        None => {
            w.write_record([
                "cut",
                "market_cut",
                "market_method",
                "basis",
                "n",
                "p10",
                "p25",
                "median",
                "p75",
                "p90",
                "policy",
                "range_min",
                "range_mid",
                "range_max",
                "offer",
                "offer_compa_ratio",
                "offer_penetration",
                "offer_position",
            ])?;
            let p = &b.market.percentiles;
            let o = b.offer.as_ref();
            w.write_record([
                b.cut.clone(),
                b.market.cut.clone(),
                b.market.method.clone(),
                b.basis.clone(),
                b.market.n.map(|v| v.to_string()).unwrap_or_default(),
                n(p.p10),
                n(p.p25),
                n(p.median),
                n(p.p75),
                n(p.p90),
                b.policy.clone(),
                plain(b.range.min),
                plain(b.range.mid),
                plain(b.range.max),
                n(o.map(|o| o.check.pay)),
                o.map(|o| format!("{:.4}", o.check.compa_ratio)).unwrap_or_default(),
                o.and_then(|o| o.check.penetration).map(|p| format!("{p:.4}")).unwrap_or_default(),
                o.map(|o| o.check.position_text.clone()).unwrap_or_default(),
            ])?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

pub(super) fn table_text(b: &Benchmark) -> String {
    let hourly = b.basis == values::HOURLY;
    let mut t = format!(
        "Pay benchmark — {} — {}{}\nCut asked: {}\n",
        b.occupation,
        b.data,
        if b.synthetic { " [SYNTHETIC DATA: not real people]" } else { "" },
        b.cut
    );
    let market = &b.market;
    if !market.steps.is_empty() {
        let mut steps = TextTable::new();
        steps.load_style(presets::ASCII_MARKDOWN);
        steps.set_header(["cut tried", "dropped", "n", "outcome"]);
        for s in &market.steps {
            steps.add_row([
                s.cut.clone(),
                s.dropped.clone().unwrap_or_default(),
                thousands(s.n as f64, 0),
                s.outcome.clone(),
            ]);
        }
        if let Some(col) = steps.column_mut(2) {
            col.set_cell_alignment(CellAlignment::Right);
        }
        t.push_str(&format!("Fallback path\n{steps}\n"));
    }
    if let Some(base) = &market.base {
        // The label says what the figure is; a composite then shows its base as published.
        t.push_str(&format!("{}\n", market.label));
        if market.method == label::COMPOSITE {
            t.push_str(&format!(
                "  base, as published: {} {} ({} · {} · {}; {}: p10 {} · median {} · p90 {}; source {})\n",
                base.occupation,
                base.year,
                base.setting,
                base.experience,
                base.certification,
                base.basis,
                fmt_money(base.p10, base.is_hourly()),
                fmt_money(base.median, base.is_hourly()),
                fmt_money(base.p90, base.is_hourly()),
                base.source
            ));
        }
        for a in &market.adjustments {
            t.push_str(&format!("  × {:.4}  {}: {} (source {})\n", a.factor, a.dimension, a.how, a.source));
        }
        for note in &market.notes {
            t.push_str(&format!("  note: {note}\n"));
        }
    }
    let p = &market.percentiles;
    let mut table = TextTable::new();
    table.load_style(presets::ASCII_MARKDOWN);
    table.set_header(["market", "n", "p10", "p25", "median", "p75", "p90"]);
    table.add_row([
        market.cut.clone(),
        market.n.map_or_else(|| "—".into(), |n| thousands(n as f64, 0)),
        fmt_money(p.p10, hourly),
        fmt_money(p.p25, hourly),
        fmt_money(p.median, hourly),
        fmt_money(p.p75, hourly),
        fmt_money(p.p90, hourly),
    ]);
    for i in 1..7 {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t.push_str(&format!("{} pay ({})\n{table}\n", if hourly { "Hourly" } else { "Annual" }, market.method));
    let r = &b.range;
    t.push_str(&format!(
        "Pay range (policy {}, spread {}%): min {} · mid {} · max {}\n",
        b.policy,
        plain(r.spread * 100.0),
        money(r.min, hourly),
        money(r.mid, hourly),
        money(r.max, hourly)
    ));
    if let Some(o) = &b.offer {
        t.push_str(&format!(
            "Offer {}: {} · compa-ratio {:.2} · range penetration {}\n  {}\n",
            money(o.check.pay, hourly),
            o.check.position_text,
            o.check.compa_ratio,
            o.check.penetration.map_or_else(|| "—".into(), |p| format!("{:.0}%", p * 100.0)),
            o.verdict
        ));
    }
    if let Some(posting) = &b.posting {
        t.push_str(&posting_text(posting, hourly));
    }
    if let Some(roster) = &b.roster {
        t.push_str(&roster_text(roster, hourly));
    }
    t.push_str("Conventions:\n");
    for line in &b.conventions {
        t.push_str(&format!("  - {line}\n"));
    }
    // Rows left out by --skip-bad-rows go to stderr (`checked`), in every format.
    t
}

/// The posting range: where its ends fall in the market, its width, the flags, and the staff in
/// the cut outside it.
fn posting_text(p: &Posting, hourly: bool) -> String {
    let origin = if p.rule.is_empty() { p.origin.clone() } else { format!("{}: {}", p.origin, p.rule) };
    let mut t = format!("\nPosting range {}–{} ({origin})\n", money(p.min, hourly), money(p.max, hourly));
    let mut table = TextTable::new();
    table.load_style(presets::ASCII_MARKDOWN);
    table.set_header(["posting", "pay", "market position"]);
    table.add_row(["minimum".to_string(), money(p.min, hourly), p.min_position_text.clone()]);
    table.add_row(["maximum".to_string(), money(p.max, hourly), p.max_position_text.clone()]);
    if let Some(col) = table.column_mut(1) {
        col.set_cell_alignment(CellAlignment::Right);
    }
    t.push_str(&format!(
        "{table}\nMidpoint {} · width {:.0}% of the midpoint · spread {:.0}% of the minimum\n",
        money(p.mid, hourly),
        p.width * 100.0,
        p.spread * 100.0
    ));
    for flag in &p.flags {
        t.push_str(&format!("  - {flag}\n"));
    }
    if let Some(s) = &p.staff {
        t.push_str(&format!(
            "Current staff in the cut ({} of {} people in {}; {} in other cuts not compared): {} below the minimum, {} above the maximum, {} within\n",
            s.in_cut,
            s.in_cut + s.other_cuts,
            s.file,
            s.other_cuts,
            s.below_minimum.len(),
            s.above_maximum.len(),
            s.within
        ));
        if !s.below_minimum.is_empty() || !s.above_maximum.is_empty() {
            let mut people = TextTable::new();
            people.load_style(presets::ASCII_MARKDOWN);
            people.set_header(["id", "pay", "against the posting"]);
            for (list, side) in [(&s.below_minimum, "below the minimum"), (&s.above_maximum, "above the maximum")] {
                for person in list {
                    people.add_row([
                        person.id.clone(),
                        money(person.pay, hourly),
                        format!("{} {side}", money(person.gap, hourly)),
                    ]);
                }
            }
            if let Some(col) = people.column_mut(1) {
                col.set_cell_alignment(CellAlignment::Right);
            }
            t.push_str(&format!("{people}\n"));
        }
    }
    t
}

fn roster_text(roster: &Roster, hourly: bool) -> String {
    let mut table = TextTable::new();
    table.load_style(presets::ASCII_MARKDOWN);
    table.set_header([
        "id",
        "pay",
        "market cut",
        "market median",
        "range",
        "compa",
        "penetration",
        "market position",
        "flags",
    ]);
    for r in &roster.rows {
        table.add_row([
            r.id.clone(),
            money(r.pay, hourly),
            r.market_cut.clone(),
            fmt_money(r.market_median, hourly),
            format!("{}–{}", money(r.range.min, hourly), money(r.range.max, hourly)),
            format!("{:.2}", r.check.compa_ratio),
            r.check.penetration.map_or_else(|| "—".into(), |p| format!("{:.0}%", p * 100.0)),
            r.check.position_text.clone(),
            r.flags.join("; "),
        ]);
    }
    let s = &roster.summary;
    let ratio = |v: Option<f64>| v.map_or_else(|| "—".into(), |x| format!("{x:.2}"));
    format!(
        "\nRoster {} ({} people)\n{table}\nBelow range minimum: {} · above range maximum: {} · more than 10% below the market median: {} · median compa-ratio: {}\nCertified: {} people, median compa-ratio {}; uncertified: {} people, median compa-ratio {}; gap {}\n",
        roster.file,
        s.people,
        s.below_range_minimum,
        s.above_range_maximum,
        s.below_market_by_10_percent,
        ratio(s.median_compa_ratio),
        s.certified.people,
        ratio(s.certified.median_compa_ratio),
        s.uncertified.people,
        ratio(s.uncertified.median_compa_ratio),
        s.certified_compa_gap
            .map_or_else(|| "—".into(), |g| if g.abs() < 0.005 { "0.00".to_string() } else { format!("{g:+.2}") })
    )
}
