//! `wagescope datasets`: what is loaded (tables, rows, occupations, sources), or the schema.

use anyhow::Result;
use comfy_table::{Table as TextTable, presets};
use serde::Serialize;

use super::load;
use crate::analysis::figures::{Occupation, SourceInfo};
use crate::cli::{Cli, DatasetsArgs, ListFormat};
use crate::data::schema::{self, TableId};
use crate::output;

#[derive(Serialize)]
struct TableInfo {
    table: &'static str,
    file: String,
    rows: usize,
}

#[derive(Serialize)]
struct Inventory {
    dataset: String,
    tables: Vec<TableInfo>,
    occupations: Vec<Occupation>,
    sources: Vec<SourceInfo>,
}

pub fn run(cli: &Cli, args: &DatasetsArgs) -> Result<()> {
    if args.schema {
        return output::print(&schema::markdown());
    }
    let dataset = load(cli)?;
    let inventory = Inventory {
        dataset: dataset.label.clone(),
        tables: dataset
            .tables()
            .map(|t| TableInfo { table: t.spec.file, file: t.file.clone(), rows: t.frame.height() })
            .collect(),
        occupations: Occupation::from_frame(&dataset.table(TableId::Occupations).frame)?,
        sources: SourceInfo::from_frame(&dataset.table(TableId::Sources).frame)?,
    };
    match args.format {
        ListFormat::Json => output::print(&format!("{}\n", serde_json::to_string_pretty(&inventory)?)),
        ListFormat::Text => output::print(&text(&inventory)),
    }
}

fn text(inv: &Inventory) -> String {
    let mut tables = TextTable::new();
    tables.load_style(presets::ASCII_MARKDOWN).set_header(["table", "rows", "file"]);
    for t in &inv.tables {
        tables.add_row([t.table.to_string(), t.rows.to_string(), t.file.clone()]);
    }
    let mut occupations = TextTable::new();
    occupations.load_style(presets::ASCII_MARKDOWN).set_header(["code", "SOC", "title", "replaced by"]);
    for o in &inv.occupations {
        occupations.add_row([
            o.code.clone(),
            o.soc_version.clone(),
            o.title.clone(),
            o.successor.clone().unwrap_or_default(),
        ]);
    }
    let mut sources = TextTable::new();
    sources.load_style(presets::ASCII_MARKDOWN).set_header(["#", "id", "data", "title"]);
    for s in &inv.sources {
        sources.add_row([s.number.to_string(), s.id.clone(), s.data_date.clone(), s.title.clone()]);
    }
    format!("Dataset: {}\n\nTables\n{tables}\n\nOccupations\n{occupations}\n\nSources\n{sources}\n", inv.dataset)
}
