//! Times the columns of the microdata read one by one (development aid for benches/run.sh):
//! cargo run --release --example profile_read -- FILE
use std::time::Instant;

use polars::prelude::*;
use wagescope::analysis::micro::MicroDim;
use wagescope::analysis::micro::keys::KeyCoding;
use wagescope::analysis::micro::percentiles;
use wagescope::data::microdata::{MicroOptions, Microdata, OK};
use wagescope::data::schema::micro as m;

fn main() -> PolarsResult<()> {
    let path = std::env::args().nth(1).expect("FILE");
    let md = Microdata::open(std::path::Path::new(&path), &MicroOptions::default()).expect("open");
    let coding = KeyCoding::new(&[MicroDim::Setting, MicroDim::Experience, MicroDim::Certification]);
    let cases: Vec<(&str, Vec<Expr>)> = vec![
        ("wage", vec![col(m::ANNUAL_WAGE)]),
        ("wage, weight", vec![col(m::ANNUAL_WAGE), col(m::WEIGHT)]),
        ("ok", vec![col(OK)]),
        ("bin", vec![percentiles::bin(col(m::ANNUAL_WAGE))]),
        ("gid", vec![coding.gid()]),
        ("employer code", vec![coding.employer()]),
        ("setting text", vec![col(m::SETTING)]),
        ("employer text", vec![col(m::EMPLOYER)]),
        (
            "all six",
            vec![
                coding.gid(),
                col(m::ANNUAL_WAGE),
                col(m::WEIGHT),
                percentiles::bin(col(m::ANNUAL_WAGE)),
                col(OK),
                coding.employer(),
            ],
        ),
    ];
    for (label, exprs) in cases {
        let start = Instant::now();
        let df = md.lf.clone().select(exprs).collect_with_engine(Engine::Streaming)?;
        let df = df.unwrap_single();
        eprintln!(
            "{label:>16}: {:.3} s ({} chunks, aligned: {})",
            start.elapsed().as_secs_f64(),
            df.first_col_n_chunks(),
            !df.should_rechunk()
        );
    }
    Ok(())
}
