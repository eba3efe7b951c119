//! Deterministic SYNTHETIC microdata for demos, tests and benchmarks (`wagescope sample`).
//!
//! Not real people: wages follow a made-up model with the structure real pay data has (setting,
//! region, experience, certification and year effects, log-normal noise, survey weights, several
//! employers). The same `rows` and `seed` always give the same file: the generator is PCG-64
//! (portable across platforms and versions), re-seeded per fixed-size chunk.

use polars::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Gamma, LogNormal};
use rand_pcg::Pcg64Mcg;

use crate::data::schema::micro as m;

pub mod payroll;

/// Rows per generated chunk; fixed so the output does not depend on how it is written.
pub const CHUNK: usize = 250_000;

/// (setting, share of jobs, pay factor).
pub const SETTINGS: [(&str, f64, f64); 7] = [
    ("Hospital", 0.40, 1.08),
    ("Physician office", 0.22, 0.92),
    ("Outpatient care center", 0.12, 0.98),
    ("Insurance carrier", 0.10, 1.10),
    ("Nursing care facility", 0.08, 0.93),
    ("Government", 0.05, 1.15),
    ("Consulting", 0.03, 1.20),
];
/// (region, share, pay factor).
pub const REGIONS: [(&str, f64, f64); 4] =
    [("Northeast", 0.18, 1.10), ("Midwest", 0.21, 0.95), ("South", 0.38, 0.93), ("West", 0.23, 1.08)];
/// (credential, share among certified people).
pub const CREDENTIALS: [(&str, f64); 4] = [("CPC", 0.60), ("CCS", 0.20), ("RHIT", 0.15), ("CCS-P", 0.05)];
pub const FIRST_YEAR: i64 = 2019;
pub const LAST_YEAR: i64 = 2024;
pub const EMPLOYERS: u32 = 400;
/// Model: base pay, pay growth per year of experience (capped at 25 years), certification premium,
/// yearly wage growth, spread of the log-normal noise.
pub const BASE_PAY: f64 = 33_000.0;
pub const PER_YEAR_OF_EXPERIENCE: f64 = 0.022;
pub const CERTIFIED_PREMIUM: f64 = 0.20;
pub const WAGE_GROWTH: f64 = 0.03;
pub const NOISE_SIGMA: f64 = 0.18;

pub(crate) fn pick<'a>(rng: &mut Pcg64Mcg, table: &'a [(&'a str, f64, f64)]) -> &'a (&'a str, f64, f64) {
    let mut u: f64 = rng.random();
    for entry in table {
        if u < entry.1 {
            return entry;
        }
        u -= entry.1;
    }
    &table[table.len() - 1]
}

/// Chunk `index` of a sample of `total` rows with `seed` (the last chunk may be shorter).
pub fn chunk(seed: u64, index: u64, total: u64) -> PolarsResult<DataFrame> {
    let start = index * CHUNK as u64;
    let len = total.saturating_sub(start).min(CHUNK as u64) as usize;
    // Distinct, well-mixed seeds per chunk (splitmix64 step).
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ index.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let experience = Gamma::new(1.6, 5.0).map_err(|e| polars_err!(ComputeError: "{e}"))?;
    let noise = LogNormal::new(0.0, NOISE_SIGMA).map_err(|e| polars_err!(ComputeError: "{e}"))?;
    let (mut setting, mut years, mut certified, mut wage) =
        (Vec::with_capacity(len), Vec::with_capacity(len), Vec::with_capacity(len), Vec::with_capacity(len));
    let (mut weight, mut region, mut year, mut credential, mut employer) = (
        Vec::with_capacity(len),
        Vec::with_capacity(len),
        Vec::with_capacity(len),
        Vec::with_capacity(len),
        Vec::with_capacity(len),
    );
    for _ in 0..len {
        let s = pick(&mut rng, &SETTINGS);
        let r = pick(&mut rng, &REGIONS);
        let y: f64 = Distribution::<f64>::sample(&experience, &mut rng).min(40.0);
        let y = (y * 10.0).round() / 10.0;
        let cert = rng.random_bool((0.45 + 0.02 * y.min(15.0)).min(0.95));
        let yr = rng.random_range(FIRST_YEAR..=LAST_YEAR);
        let pay = BASE_PAY
            * s.2
            * r.2
            * (1.0 + PER_YEAR_OF_EXPERIENCE * y.min(25.0))
            * if cert { 1.0 + CERTIFIED_PREMIUM } else { 1.0 }
            * (1.0 + WAGE_GROWTH).powi((yr - FIRST_YEAR) as i32)
            * noise.sample(&mut rng);
        let cred = if cert {
            let mut u: f64 = rng.random();
            CREDENTIALS
                .iter()
                .find(|(_, share)| {
                    let hit = u < *share;
                    u -= share;
                    hit
                })
                .map_or("CPC", |(c, _)| c)
        } else {
            ""
        };
        setting.push(s.0);
        region.push(r.0);
        years.push(y);
        certified.push(cert);
        wage.push((pay * 100.0).round() / 100.0);
        weight.push((rng.random_range(0.5..3.0_f64) * 1000.0).round() / 1000.0);
        year.push(yr);
        credential.push(cred);
        employer.push(format!("E{:04}", rng.random_range(1..=EMPLOYERS)));
    }
    DataFrame::new(
        len,
        vec![
            Column::new_scalar(m::OCCUPATION.into(), Scalar::from(PlSmallStr::from("29-2072")), len),
            Column::new(m::SETTING.into(), setting),
            Column::new(m::YEARS_EXPERIENCE.into(), years),
            Column::new(m::CERTIFIED.into(), certified),
            Column::new(m::ANNUAL_WAGE.into(), wage),
            Column::new(m::WEIGHT.into(), weight),
            Column::new(m::REGION.into(), region),
            Column::new(m::YEAR.into(), year),
            Column::new(m::CREDENTIAL.into(), credential),
            Column::new(m::EMPLOYER.into(), employer),
            Column::new_scalar(m::SYNTHETIC.into(), Scalar::from(true), len),
        ],
    )
}

/// Number of chunks for `rows` rows.
pub fn chunks(rows: u64) -> u64 {
    rows.div_ceil(CHUNK as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = chunk(7, 0, 1000).expect("test value");
        let b = chunk(7, 0, 1000).expect("test value");
        assert!(a.equals(&b));
        assert_eq!(a.height(), 1000);
        assert!(!a.equals(&chunk(8, 0, 1000).expect("test value")));
        assert_eq!(chunks(CHUNK as u64 + 1), 2);
        assert_eq!(chunk(7, 1, CHUNK as u64 + 3).expect("test value").height(), 3);
    }

    #[test]
    fn shares_sum_to_one() {
        for total in [
            SETTINGS.iter().map(|s| s.1).sum::<f64>(),
            REGIONS.iter().map(|s| s.1).sum(),
            CREDENTIALS.iter().map(|s| s.1).sum(),
        ] {
            assert!((total - 1.0).abs() < 1e-9, "{total}");
        }
    }
}
