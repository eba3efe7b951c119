//! "What they do": the occupation as O*NET describes it — its description, task statements (core
//! first), technology skills grouped by commodity with O*NET's "hot" and "in demand" marks, and
//! tools — concise, the rest behind "show all". A list O*NET did not collect for the occupation says
//! so; nothing is shown as zero.

use serde::Serialize;

use crate::analysis::outlook::onet::{Collected, Listed, OnetProfile};
use crate::import::onet::{Example, Task};
use crate::report::{Ref, Refs};

/// Tasks shown before "show all".
const TASKS_SHOWN: usize = 6;
/// Technology commodities shown before "show all".
const TECHNOLOGY_SHOWN: usize = 6;
/// Tool commodities shown before "show all".
const TOOLS_SHOWN: usize = 4;
/// Unflagged examples of a commodity shown in the summary (every hot or in-demand one is).
const PLAIN_SHOWN: usize = 3;

#[derive(Debug, Serialize)]
pub struct TaskRow {
    pub text: String,
    /// "core", "supplemental" or empty.
    pub kind: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub name: String,
    pub hot: bool,
    pub in_demand: bool,
}

/// The examples of one commodity ("Medical software: Epic Systems, …").
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub commodity: String,
    pub items: Vec<Item>,
    /// Examples left out of this (summary) group, named under "show all".
    pub more: usize,
}

/// One list of the section: what is shown, what is behind "show all", or why there is nothing.
#[derive(Debug, Serialize)]
pub struct Part<T> {
    pub shown: Vec<T>,
    /// Tasks: the rest; technology and tools: every group in full (when the summary leaves any out).
    pub more: Vec<T>,
    /// How many rows O*NET lists.
    pub count: usize,
    /// "not collected by O*NET for this occupation", "Tools Used is not in the O*NET folder", or empty.
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct WhatTheyDo {
    pub code: String,
    pub title: String,
    pub description: String,
    pub refs: Vec<Ref>,
    /// More specific O*NET occupations within the SOC code ("Document Management Specialists
    /// (15-1299.03)").
    pub more_specific: Vec<String>,
    pub tasks: Part<TaskRow>,
    /// O*NET rates no task core or supplemental (29-2072.00): said under the list.
    pub tasks_untyped: bool,
    pub technology: Part<Group>,
    /// The release has O*NET's "in demand" flag (27.1 on).
    pub in_demand_known: bool,
    pub tools: Part<Group>,
}

fn note<T>(list: &Listed<T>) -> String {
    match list.status {
        Collected::Listed => String::new(),
        Collected::NotCollected => "not collected by O*NET for this occupation".to_string(),
        Collected::NotInFolder => format!("{} is not in the O*NET folder given", list.file),
    }
}

fn split<T>(mut items: Vec<T>, shown: usize) -> (Vec<T>, Vec<T>) {
    let more = if items.len() > shown + 1 { items.split_off(shown) } else { Vec::new() };
    (items, more)
}

/// Examples grouped by commodity: commodities with an in-demand example first, then with a hot
/// one, then the others, each alphabetical; within one, in demand, hot, then the rest.
fn groups(examples: &[Example]) -> Vec<Group> {
    let mut commodities: Vec<&str> = examples.iter().map(|e| e.commodity.as_str()).collect();
    commodities.sort_unstable();
    commodities.dedup();
    let rank = |e: &Example| (!e.in_demand.unwrap_or(false), !e.hot);
    let mut out: Vec<(bool, bool, Group)> = commodities
        .into_iter()
        .map(|commodity| {
            let mut of: Vec<&Example> = examples.iter().filter(|e| e.commodity == commodity).collect();
            of.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.example.cmp(&b.example)));
            let demand = of.iter().any(|e| e.in_demand == Some(true));
            let hot = of.iter().any(|e| e.hot);
            let items = of
                .into_iter()
                .map(|e| Item { name: e.example.clone(), hot: e.hot, in_demand: e.in_demand == Some(true) })
                .collect();
            (demand, hot, Group { commodity: commodity.to_string(), items, more: 0 })
        })
        .collect();
    out.sort_by(|a, b| (!a.0, !a.1, &a.2.commodity).cmp(&(!b.0, !b.1, &b.2.commodity)));
    out.into_iter().map(|(_, _, g)| g).collect()
}

fn part<T>(items: Vec<T>, count: usize, shown: usize, note: String) -> Part<T> {
    let (shown, more) = split(items, shown);
    Part { shown, more, count, note }
}

/// The first `shown` groups, each with its flagged examples and a few others; behind "show all",
/// every group in full — when the summary leaves anything out.
fn summary(groups: Vec<Group>, count: usize, shown: usize, note: String) -> Part<Group> {
    let digest: Vec<Group> = groups
        .iter()
        .take(shown)
        .map(|g| {
            let flagged = g.items.iter().filter(|i| i.hot || i.in_demand).count();
            let keep = flagged + PLAIN_SHOWN;
            let left = g.items.len().saturating_sub(keep);
            // "and 1 more" is no shorter than the one it hides.
            let keep = if left <= 1 { g.items.len() } else { keep };
            Group { commodity: g.commodity.clone(), items: g.items[..keep].to_vec(), more: g.items.len() - keep }
        })
        .collect();
    let complete = digest.len() == groups.len() && digest.iter().all(|g| g.more == 0);
    Part { shown: digest, more: if complete { Vec::new() } else { groups }, count, note }
}

pub fn section(p: Option<&OnetProfile>, refs: &Refs) -> Option<WhatTheyDo> {
    let p = p?;
    let tasks: Vec<TaskRow> = p
        .tasks
        .items
        .iter()
        .map(|t: &Task| TaskRow { text: t.text.clone(), kind: t.kind.as_deref().unwrap_or_default().to_lowercase() })
        .collect();
    let tasks_untyped = !tasks.is_empty() && tasks.iter().all(|t| t.kind.is_empty());
    let technology = groups(&p.technology.items);
    let tools = groups(&p.tools.items);
    Some(WhatTheyDo {
        code: p.code.clone(),
        title: p.title.clone(),
        description: p.description.clone(),
        refs: vec![refs.get(&p.source, "")],
        more_specific: p.more_specific.iter().map(|(c, t)| format!("{t} ({c})")).collect(),
        tasks: part(tasks, p.tasks.items.len(), TASKS_SHOWN, note(&p.tasks)),
        tasks_untyped,
        in_demand_known: p.technology.items.iter().any(|e| e.in_demand.is_some()),
        technology: summary(technology, p.technology.items.len(), TECHNOLOGY_SHOWN, note(&p.technology)),
        tools: summary(tools, p.tools.items.len(), TOOLS_SHOWN, note(&p.tools)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(commodity: &str, name: &str, hot: bool, in_demand: Option<bool>) -> Example {
        Example { example: name.into(), commodity: commodity.into(), hot, in_demand }
    }

    #[test]
    fn commodities_with_in_demand_then_hot_examples_first() {
        let g = groups(&[
            example("Accounting software", "Billing software", false, Some(false)),
            example("Medical software", "MEDITECH", true, Some(false)),
            example("Medical software", "Epic Systems", true, Some(true)),
            example("Word processing software", "Microsoft Word", true, Some(true)),
            example("Data base", "SQL", true, Some(false)),
        ]);
        let order: Vec<&str> = g.iter().map(|g| g.commodity.as_str()).collect();
        assert_eq!(order, ["Medical software", "Word processing software", "Data base", "Accounting software"]);
        let medical: Vec<&str> = g[0].items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(medical, ["Epic Systems", "MEDITECH"]);
        // "Show all" only when it hides more than one.
        assert_eq!(split(vec![1, 2, 3], 2), (vec![1, 2, 3], vec![]));
        assert_eq!(split(vec![1, 2, 3, 4], 2), (vec![1, 2], vec![3, 4]));
        // The summary keeps flagged examples and three others; the full list is behind "show all".
        let many: Vec<Example> =
            (0..8).map(|i| example("Medical software", &format!("e{i}"), i == 5, Some(false))).collect();
        let part = summary(groups(&many), 8, 6, String::new());
        let names: Vec<&str> = part.shown[0].items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!((names, part.shown[0].more), (vec!["e5", "e0", "e1", "e2"], 4));
        assert_eq!(part.more[0].items.len(), 8);
        let few = summary(groups(&many[..4]), 4, 6, String::new());
        assert_eq!((few.shown[0].items.len(), few.more.len()), (4, 0), "one hidden is shown instead");
    }
}
