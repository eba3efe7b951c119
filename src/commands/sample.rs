//! `wagescope sample`: write deterministic synthetic microdata (CSV or Parquet).

use std::io::Write;

use anyhow::{Context, Result};
use polars::prelude::*;

use crate::cli::SampleArgs;
use crate::data::synth;
use crate::output;

pub fn run(args: &SampleArgs) -> Result<()> {
    output::check_output_path(&args.output)?;
    let parquet = args.output.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    output::write_atomic_with(
        &args.output,
        |file| {
            if parquet { write_parquet(file, args) } else { write_csv(file, args) }
        },
    )?;
    output::print(&format!(
        "{}\nwrote {} rows of SYNTHETIC {} (seed {}; not real people)\n",
        args.output.display(),
        args.rows,
        if args.payroll { "payroll" } else { "microdata" },
        args.seed
    ))
}

fn write_csv(file: &mut std::fs::File, args: &SampleArgs) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    for index in 0..synth::chunks(args.rows) {
        let mut chunk = generate(args, index)?;
        CsvWriter::new(&mut out)
            .include_header(index == 0)
            .finish(&mut chunk)
            .map_err(anyhow::Error::from)
            .context("writing CSV")?;
    }
    out.flush()?;
    Ok(())
}

fn write_parquet(file: &mut std::fs::File, args: &SampleArgs) -> Result<()> {
    let first = generate(args, 0)?;
    let mut writer =
        ParquetWriter::new(file).batched(first.schema()).map_err(anyhow::Error::from).context("starting Parquet")?;
    writer.write_batch(&first)?;
    for index in 1..synth::chunks(args.rows) {
        writer.write_batch(&generate(args, index)?)?;
    }
    writer.finish().map_err(anyhow::Error::from).context("finishing Parquet")?;
    Ok(())
}

/// Chunk `index` of the sample `args` asks for: microdata, or a payroll.
fn generate(args: &SampleArgs, index: u64) -> PolarsResult<DataFrame> {
    if args.payroll {
        synth::payroll::chunk(args.seed, index, args.rows)
    } else {
        synth::chunk(args.seed, index, args.rows)
    }
}
