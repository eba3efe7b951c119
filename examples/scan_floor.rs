//! The floor for the microdata benchmark (benches/run.sh): a bare polars scan of the columns
//! `summarize --by setting,experience,certification` reads, with the cheapest aggregate that
//! makes polars parse every one of them. No wagescope code runs here.
//!
//! With `--all`, the bare polars read instead: every column of the file into memory, as
//! `pl.read_csv`/`pl.read_parquet` would, and the size of the frame held in memory.
//!
//! Usage: cargo run --release --example scan_floor -- FILE.{csv,parquet} [--all]

use std::process::ExitCode;
use std::time::Instant;

use polars::prelude::*;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: scan_floor FILE.csv|FILE.parquet");
        return ExitCode::from(2);
    };
    let all = std::env::args().nth(2).is_some_and(|a| a == "--all");
    match if all { read_all(&path) } else { run(&path) } {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn scan(path: &str) -> PolarsResult<LazyFrame> {
    let source = PlRefPath::new(path);
    if path.ends_with(".parquet") {
        LazyFrame::scan_parquet(source, ScanArgsParquet::default())
    } else {
        LazyCsvReader::new(source).with_has_header(true).finish()
    }
}

/// Every column into memory: the floor of any job that reads the whole file.
fn read_all(path: &str) -> PolarsResult<()> {
    let start = Instant::now();
    let df = scan(path)?.collect()?;
    println!(
        "read: {} rows × {} columns of {path} in {:.3} s; held in memory: {:.0} MiB",
        df.height(),
        df.width(),
        start.elapsed().as_secs_f64(),
        df.estimated_size() as f64 / (1024.0 * 1024.0)
    );
    Ok(())
}

fn run(path: &str) -> PolarsResult<()> {
    let start = Instant::now();
    let lf = scan(path)?;
    let columns = ["setting", "years_experience", "certified", "annual_wage", "weight", "employer"];
    let df = lf
        .select([
            len().alias("rows"),
            col("annual_wage").sum().alias("wage_sum"),
            col("weight").sum().alias("weight_sum"),
            col("years_experience").max().alias("years_max"),
            col("setting").n_unique().alias("settings"),
            col("certified").cast(DataType::String).n_unique().alias("certified_values"),
            col("employer").n_unique().alias("employers"),
        ])
        .collect()?;
    println!("{df}");
    println!("floor: scanned {} columns of {path} in {:.3} s", columns.len(), start.elapsed().as_secs_f64());
    Ok(())
}
