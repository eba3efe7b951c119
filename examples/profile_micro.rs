//! Times the parts of a microdata summary (development aid): cargo run --release --example profile_micro -- FILE
use std::time::Instant;

use polars::prelude::*;
use wagescope::analysis::micro::{MicroDim, MicroSummaryOptions, summarize};
use wagescope::data::microdata::{MicroOptions, Microdata, OK};
use wagescope::data::schema::micro as m;

fn time<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    eprintln!("{label:>40}: {:.3} s", start.elapsed().as_secs_f64());
    out
}

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let md = Microdata::open(std::path::Path::new(&path), &MicroOptions::default()).unwrap();
    let lf = md.lf.clone();
    time("count OK", || lf.clone().select([col(OK).sum()]).collect().unwrap());
    time("sum wage", || lf.clone().select([col(m::ANNUAL_WAGE).sum()]).collect().unwrap());
    time("group median", || {
        lf.clone()
            .group_by([col(m::SETTING), col(m::EXPERIENCE), col(m::CERTIFIED)])
            .agg([col(m::ANNUAL_WAGE).median()])
            .collect()
            .unwrap()
    });
    for (weighted, dominance) in [(false, false), (true, false), (true, true)] {
        let options = MicroSummaryOptions {
            by: vec![MicroDim::Setting, MicroDim::Experience, MicroDim::Certification],
            weighted,
            min_n: 5,
            dominance,
            secondary: true,
        };
        time(&format!("summarize weighted={weighted} dominance={dominance}"), || {
            summarize(lf.clone(), &options).unwrap()
        });
    }
}
