//! wagescope: workforce and salary analytics.
//!
//! Layers: `data` reads and checks tables; `analysis` computes typed results from them (pure, no IO);
//! `charts` turns results into SVG; `report` fills templates; `import` reads agency files as published;
//! `commands` glue them for the CLI; `engine` writes the exact summary as SQL for another engine,
//! reads its result back, and runs it on Spark Connect.

pub mod analysis;
pub mod charts;
pub mod cli;
pub mod commands;
pub mod data;
pub mod engine;
pub mod error;
pub mod format;
pub mod import;
pub mod output;
pub mod progress;
pub mod report;
pub mod wage;
