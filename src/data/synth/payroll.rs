//! A deterministic SYNTHETIC payroll (`wagescope sample --payroll`) with a known, built-in gender
//! pay gap, for tests, the README and benchmarks. Not real people.
//!
//! The model, per worker:
//! - gender: 55% women, 44% men, 1% another gender ([`GENDERS`]);
//! - grade (the category of workers): women are more often in the lower grades ([`GRADES`]: the
//!   share of each grade by gender), the *composition* part of the gap;
//! - hours: 40 a week, or part time (20–32 hours) for 25% of women and 8% of men;
//! - basic pay: the grade's base, +2.2% a year of experience (to 25 years), +8% certified, the
//!   setting's factor, log-normal noise (σ 0.10) — and **less for women within the same grade,
//!   experience, setting and certification**: 3% (4% for senior coders, 8% for coding auditors;
//!   [`GRADES`]), the part no objective criterion in the file explains, which `paygap`'s
//!   like-for-like gap recovers (coding auditors are the category Art. 10 flags);
//! - variable pay: a bonus of the grade's 4–10% of basic pay × a uniform 0.5–1.5 (so 2–15%),
//!   paid to 45% of men and 35% of women.
//!
//! Same `rows` and `seed`, same file (PCG-64, re-seeded per chunk, as `wagescope sample`).

use polars::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Gamma, LogNormal};
use rand_pcg::Pcg64Mcg;

use super::{CHUNK, pick};
use crate::data::schema::micro as m;

/// (gender, share).
pub const GENDERS: [(&str, f64, f64); 3] = [("female", 0.55, 0.0), ("male", 0.44, 0.0), ("other", 0.01, 0.0)];
/// A grade: name, share among women, share among men, base pay, bonus as a share of basic pay,
/// and women's basic pay below men's in the same grade, experience, department and certification.
pub type Grade = (&'static str, f64, f64, f64, f64, f64);
pub const GRADES: [Grade; 5] = [
    ("Coder I", 0.34, 0.22, 38_000.0, 0.04, 0.03),
    ("Coder II", 0.30, 0.26, 45_000.0, 0.05, 0.03),
    ("Senior coder", 0.20, 0.24, 54_000.0, 0.06, 0.04),
    ("Coding auditor", 0.11, 0.16, 62_000.0, 0.07, 0.08),
    ("HIM manager", 0.05, 0.12, 78_000.0, 0.10, 0.03),
];
/// (department, share, pay factor).
pub const DEPARTMENTS: [(&str, f64, f64); 3] =
    [("Inpatient", 0.45, 1.04), ("Outpatient", 0.35, 0.98), ("Professional fee", 0.20, 0.96)];
/// Share working part time (20–32 hours a week): women, men.
pub const PART_TIME: (f64, f64) = (0.25, 0.08);
/// Share paid a bonus: women, men.
pub const BONUS: (f64, f64) = (0.35, 0.45);

/// Chunk `index` of a payroll of `total` rows with `seed`.
pub fn chunk(seed: u64, index: u64, total: u64) -> PolarsResult<DataFrame> {
    let start = index * CHUNK as u64;
    let len = total.saturating_sub(start).min(CHUNK as u64) as usize;
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ index.wrapping_add(1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let experience = Gamma::new(1.6, 5.0).map_err(|e| polars_err!(ComputeError: "{e}"))?;
    let noise = LogNormal::new(0.0, 0.10).map_err(|e| polars_err!(ComputeError: "{e}"))?;
    let mut id = Vec::with_capacity(len);
    let (mut gender, mut grade, mut department, mut years) =
        (Vec::with_capacity(len), Vec::with_capacity(len), Vec::with_capacity(len), Vec::with_capacity(len));
    let (mut certified, mut basic, mut bonus, mut hours) =
        (Vec::with_capacity(len), Vec::with_capacity(len), Vec::with_capacity(len), Vec::with_capacity(len));
    for row in 0..len {
        let g = pick(&mut rng, &GENDERS).0;
        let woman = g == "female";
        let mut u: f64 = rng.random();
        let share = |entry: &Grade| if woman { entry.1 } else { entry.2 };
        let grade_entry = GRADES
            .iter()
            .find(|entry| {
                let hit = u < share(entry);
                u -= share(entry);
                hit
            })
            .unwrap_or(&GRADES[0]);
        let d = pick(&mut rng, &DEPARTMENTS);
        let y: f64 = Distribution::<f64>::sample(&experience, &mut rng).min(40.0);
        let y = (y * 10.0).round() / 10.0;
        let cert = rng.random_bool((0.40 + 0.02 * y.min(15.0)).min(0.90));
        let part_time = rng.random_bool(if woman { PART_TIME.0 } else { PART_TIME.1 });
        let h: f64 = if part_time { f64::from(rng.random_range(20u32..=32)) } else { 40.0 };
        let full_time_pay = grade_entry.3
            * d.2
            * (1.0 + 0.022 * y.min(25.0))
            * if cert { 1.08 } else { 1.0 }
            * if woman { 1.0 - grade_entry.5 } else { 1.0 }
            * noise.sample(&mut rng);
        let pay = full_time_pay * h / 40.0;
        let paid_bonus = rng.random_bool(if woman { BONUS.0 } else { BONUS.1 });
        let b = if paid_bonus { pay * grade_entry.4 * rng.random_range(0.5..1.5) } else { 0.0 };
        id.push(format!("P{:08}", start as usize + row + 1));
        gender.push(g);
        grade.push(grade_entry.0);
        department.push(d.0);
        years.push(y);
        certified.push(cert);
        basic.push((pay * 100.0).round() / 100.0);
        bonus.push((b * 100.0).round() / 100.0);
        hours.push(h);
    }
    DataFrame::new(
        len,
        vec![
            Column::new("employee_id".into(), id),
            Column::new(m::GENDER.into(), gender),
            Column::new(m::CATEGORY.into(), grade),
            Column::new(m::SETTING.into(), department),
            Column::new(m::YEARS_EXPERIENCE.into(), years),
            Column::new(m::CERTIFIED.into(), certified),
            Column::new(m::ANNUAL_WAGE.into(), basic),
            Column::new(m::VARIABLE_PAY.into(), bonus),
            Column::new(m::HOURS.into(), hours),
            Column::new_scalar(m::SYNTHETIC.into(), Scalar::from(true), len),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_shares_sum_to_one() {
        let a = chunk(3, 0, 500).expect("chunk");
        assert!(a.equals(&chunk(3, 0, 500).expect("chunk")));
        assert_eq!(a.height(), 500);
        for total in [
            GENDERS.iter().map(|g| g.1).sum::<f64>(),
            GRADES.iter().map(|g| g.1).sum(),
            GRADES.iter().map(|g| g.2).sum(),
            DEPARTMENTS.iter().map(|d| d.1).sum(),
        ] {
            assert!((total - 1.0).abs() < 1e-9, "{total}");
        }
    }
}
