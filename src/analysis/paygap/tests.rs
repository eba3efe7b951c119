//! Hand-computed figures of a small payroll (the working is in the comments).

use super::*;

/// Eight workers and an invalid row. Hours a week → a year × 52 (40 h = 2,080; 20 h = 1,040).
/// name   gender category years basic  hours variable full_pay
/// F1     F      Coders    2    40,000 40    0        yes
/// F2     F      Coders    6    44,000 40    1,000    yes
/// M1     M      Coders    6    50,000 40    2,000    yes
/// M2     M      Coders    6    46,000 40    0        yes
/// F3     F      Managers 10    60,000 20    0        yes
/// M3     M      Managers 12    80,000 40    4,000    yes
/// M4     M      Managers  3    70,000 40    0        no
/// X1     X      Managers  5    52,000 40    0        yes
fn payroll() -> LazyFrame {
    type Row<'a> = (&'a str, &'a str, f64, f64, f64, f64, bool, bool);
    let rows: [Row; 9] = [
        ("F", "Coders", 2.0, 40_000.0, 40.0, 0.0, true, true),
        ("F", "Coders", 6.0, 44_000.0, 40.0, 1_000.0, true, true),
        ("M", "Coders", 6.0, 50_000.0, 40.0, 2_000.0, true, true),
        ("M", "Coders", 6.0, 46_000.0, 40.0, 0.0, true, true),
        ("F", "Managers", 10.0, 60_000.0, 20.0, 0.0, true, true),
        ("M", "Managers", 12.0, 80_000.0, 40.0, 4_000.0, true, true),
        ("M", "Managers", 3.0, 70_000.0, 40.0, 0.0, false, true),
        ("X", "Managers", 5.0, 52_000.0, 40.0, 0.0, true, true),
        ("F", "Coders", 1.0, -5.0, 40.0, 0.0, true, false),
    ];
    df!(
        m::GENDER => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        m::CATEGORY => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        m::YEARS_EXPERIENCE => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        m::ANNUAL_WAGE => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        m::HOURS => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        m::VARIABLE_PAY => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
        m::FULL_PAY => rows.iter().map(|r| r.6).collect::<Vec<_>>(),
        OK => rows.iter().map(|r| r.7).collect::<Vec<_>>(),
        m::WEIGHT => vec![1.0; rows.len()],
    )
    .expect("test frame")
    .lazy()
}

fn options(rules: PayRules, min_n: u64) -> PaygapOptions {
    PaygapOptions {
        rules,
        min_n,
        hours_per_year: 2080.0,
        wage_unit: WageUnit::Year,
        weighted: false,
        gender_column: "gender".into(),
        codes: GenderCodes::default(),
        variable: true,
        hours: true,
        fte: false,
        category: true,
        full_pay: true,
        employer: false,
        dims: vec![CellDim::Experience],
    }
}

#[track_caller]
fn close(got: Option<f64>, want: f64) {
    let got = got.unwrap_or_else(|| panic!("no value, expected {want}"));
    assert!((got - want).abs() < 1e-9 * want.abs().max(1.0), "{got} != {want}");
}

#[test]
fn eu_indicators_a_to_f() {
    let gap = paygap(payroll(), &options(PayRules::Eu, 1)).expect("paygap");
    assert_eq!(gap.rows_invalid, 1);
    assert_eq!((gap.counts.women, gap.counts.men, gap.counts.other), (3, 4, 1));
    // (a) Hourly pay level = (basic + variable) ÷ hours a year. Women: 40,000/2,080 +
    // 45,000/2,080 + 60,000/1,040 = 205,000/2,080, mean 205,000/6,240; men: (52,000 + 46,000 +
    // 84,000 + 70,000)/2,080 = 252,000/2,080, mean 252,000/8,320. Gap = 1 − F/M.
    close(gap.hourly.women.mean, 205_000.0 / 6_240.0);
    close(gap.hourly.men.mean, 252_000.0 / 8_320.0);
    close(gap.hourly.mean_gap, (1.0 - (205_000.0 * 8_320.0) / (6_240.0 * 252_000.0)) * 100.0);
    // (c) Medians: women 45,000/2,080; men (52,000 + 70,000)/2 / 2,080 → 1 − 45/61.
    close(gap.hourly.median_gap, (1.0 - 45.0 / 61.0) * 100.0);
    // Mean and median point different ways (−8.5% and +26.2%).
    assert!(gap.hourly.mean_gap.is_some_and(|g| g < 0.0));
    // Annual level: women 40,000, 45,000, 60,000 (mean 48,333.33, median 45,000); men 52,000,
    // 46,000, 84,000, 70,000 (mean 63,000, median 61,000).
    let annual = gap.annual.as_ref().expect("annual");
    close(annual.mean_gap, (1.0 - (145_000.0 / 3.0) / 63_000.0) * 100.0);
    close(annual.median_gap, (1.0 - 45_000.0 / 61_000.0) * 100.0);
    // (b), (d): among those paid variable pay: women 1,000; men 2,000 and 4,000.
    let variable = gap.variable.as_ref().expect("variable");
    close(variable.gap.mean_gap, (1.0 - 1_000.0 / 3_000.0) * 100.0);
    close(variable.gap.median_gap, (1.0 - 1_000.0 / 3_000.0) * 100.0);
    // (e) 1 of 3 women, 2 of 4 men, 0 of 1 other.
    close(variable.women_receiving, 100.0 / 3.0);
    close(variable.men_receiving, 50.0);
    close(variable.other_receiving, 0.0);
    // (f) Ranked: F1 19.23, F2 21.63, M2 22.12, M1 25.00, X1 25.00, M4 33.65, M3 40.38, F3 57.69;
    // bands of 2. M1 and X1 share 25.00 across the lower-middle/upper-middle boundary: half of
    // each in either band.
    let shares: Vec<(f64, f64, f64)> = gap.quartiles.iter().map(|b| (b.women, b.men, b.other)).collect();
    assert_eq!(shares, [(100.0, 0.0, 0.0), (0.0, 75.0, 25.0), (0.0, 75.0, 25.0), (50.0, 50.0, 0.0)]);
    let of_women: Vec<f64> = gap.quartiles.iter().map(|b| b.of_women).collect();
    close(Some(of_women[0]), 200.0 / 3.0);
    close(Some(of_women[3]), 100.0 / 3.0);
    let of_men: Vec<f64> = gap.quartiles.iter().map(|b| b.of_men).collect();
    assert_eq!(of_men, [0.0, 37.5, 37.5, 25.0]);
    assert_eq!((gap.quartiles[1].from, gap.quartiles[1].to), (Some(46_000.0 / 2_080.0), Some(25.0)));
    // The outer limits would be one person's pay (F1's and F3's): not given.
    assert_eq!((gap.quartiles[0].from, gap.quartiles[3].to), (None, None));
}

#[test]
fn eu_categories_and_article_10() {
    let gap = paygap(payroll(), &options(PayRules::Eu, 1)).expect("paygap");
    let [coders, managers] = gap.categories.as_slice() else { panic!("two categories: {:?}", gap.categories) };
    assert_eq!(coders.category, "Coders");
    assert_eq!((coders.women, coders.men), (Some(2), Some(2)));
    // Basic hourly: women 40,000 and 44,000, men 50,000 and 46,000 (÷ 2,080): 1 − 84/96.
    close(coders.basic_mean_gap, 12.5);
    close(coders.basic_median_gap, 12.5);
    // Variable among recipients: 1,000 vs 2,000.
    close(coders.variable_mean_gap, 50.0);
    // Pay level: women 42,500, men 49,000 a year at 2,080 hours: 1 − 42.5/49, flagged (≥ 5%).
    close(coders.pay_mean_gap, (1.0 - 42_500.0 / 49_000.0) * 100.0);
    assert!(coders.flagged);
    // Like for like by experience band: 1-4 holds F1 only (unused); 5-9 holds F2 (45,000) and
    // M1, M2 (52,000, 46,000: mean 49,000): 1 − 45/49, in 3 of the category's 4 workers.
    close(coders.like_for_like_gap, (1.0 - 45.0 / 49.0) * 100.0);
    close(coders.like_for_like_share, 75.0);
    // Managers: basic hourly women 60,000/1,040, men (80,000 + 70,000)/2 / 2,080: 1 − 120/75.
    close(managers.basic_mean_gap, -60.0);
    assert_eq!(managers.variable_mean_gap, None, "no woman receives variable pay");
    close(managers.pay_mean_gap, (1.0 - 120_000.0 / 77_000.0) * 100.0);
    assert!(managers.flagged, "a gap of 5% either way is flagged");
    // 10-19 holds F3 (120,000/2,080 an hour) and M3 (84,000/2,080); M4 (1-4) has no woman;
    // X1 is neither. 2 of the 3 women and men.
    close(managers.like_for_like_gap, (1.0 - 120.0 / 84.0) * 100.0);
    close(managers.like_for_like_share, 200.0 / 3.0);
}

#[test]
fn a_small_category_is_suppressed_and_so_is_the_next_smallest() {
    let gap = paygap(payroll(), &options(PayRules::Eu, 2)).expect("paygap");
    let [coders, managers] = gap.categories.as_slice() else { panic!("two categories") };
    assert_eq!(managers.suppression.as_deref(), Some("fewer than 2 women"));
    assert_eq!(coders.suppression.as_deref(), Some("secondary"));
    for c in [coders, managers] {
        assert!(c.suppressed && c.women.is_none() && c.pay_mean_gap.is_none() && !c.flagged);
    }
}

#[test]
fn uk_rules_use_ordinary_pay_of_full_pay_employees() {
    let gap = paygap(payroll(), &options(PayRules::Uk, 1)).expect("paygap");
    assert!(gap.categories.is_empty() && gap.annual.is_none());
    assert_eq!(gap.counts.not_full_pay, 1);
    // Ordinary pay ÷ hours, M4 left out: women 40,000, 44,000 (÷ 2,080), 60,000 ÷ 1,040 →
    // 204,000/2,080 in all; men 50,000, 46,000, 80,000 → 176,000/2,080.
    close(gap.hourly.mean_gap, (1.0 - 204.0 / 176.0) * 100.0);
    // Medians: women 44,000/2,080, men 50,000/2,080.
    close(gap.hourly.median_gap, 12.0);
    // Bonus among every relevant employee (M4 too, who has none): as EU's variable pay.
    let bonus = gap.variable.as_ref().expect("bonus");
    close(bonus.gap.mean_gap, (1.0 - 1.0 / 3.0) * 100.0);
    close(bonus.men_receiving, 50.0);
    // 7 full-pay employees, bands of 1.75: F1 19.23, F2 21.15, M2 22.12, M1 24.04, X1 25.00,
    // M3 38.46, F3 57.69. F2 is ¾ lower, ¼ lower middle; M1 ½ and ½; M3 ¼ upper middle, ¾ upper.
    let women: Vec<f64> = gap.quartiles.iter().map(|b| b.women).collect();
    close(Some(women[0]), 100.0);
    close(Some(women[1]), 0.25 / 1.75 * 100.0);
    close(Some(women[2]), 0.0);
    close(Some(women[3]), 100.0 / 1.75);
    close(Some(gap.quartiles[2].other), 100.0 / 1.75);
}

#[test]
fn quartile_ties_keep_the_rate_s_mix() {
    // Rates 10 (1 woman), 20 (2 women, 2 men), 30 (1 man): 6 workers, bands of 1.5. Rate 20
    // spans 1 to 5: ⅛ in the lower band, ⅜ in each middle band, ⅛ in the upper band.
    let bands = quartiles::split(&[10.0, 20.0, 30.0], &[1.0, 2.0, 0.0], &[0.0, 2.0, 1.0], &[0.0; 3]);
    let women: Vec<f64> = bands.iter().map(|b| b.women).collect();
    close(Some(women[0]), 1.25 / 1.5 * 100.0);
    close(Some(women[1]), 50.0);
    close(Some(women[2]), 50.0);
    close(Some(women[3]), 0.25 / 1.5 * 100.0);
    let of_women: Vec<f64> = bands.iter().map(|b| b.of_women).collect();
    close(Some(of_women.iter().sum()), 100.0);
    close(Some(of_women[0]), 1.25 / 3.0 * 100.0);
}

#[test]
fn weighted_figures_and_zero_weights() {
    // Two women (30 an hour weight 3, 40 weight 1) and two men (40 weight 2, 50 weight 0).
    let df = df!(
        m::GENDER => ["female", "female", "male", "male"],
        m::ANNUAL_WAGE => [30.0 * 2_080.0, 40.0 * 2_080.0, 40.0 * 2_080.0, 50.0 * 2_080.0],
        m::WEIGHT => [3.0, 1.0, 2.0, 0.0],
        OK => [true; 4],
    )
    .expect("frame");
    let o = PaygapOptions {
        weighted: true,
        variable: false,
        hours: false,
        category: false,
        full_pay: false,
        dims: Vec::new(),
        ..options(PayRules::Eu, 1)
    };
    let gap = paygap(df.lazy(), &o).expect("paygap");
    // Women: mean (90 + 40)/4 = 32.5, median 30 (running 3 of 4 reaches 2); men: 40 (the
    // zero-weight row counts for nothing), n = 1.
    close(gap.hourly.women.mean, 32.5);
    close(gap.hourly.women.median, 30.0);
    assert_eq!((gap.hourly.men.n, gap.counts.zero_weight), (1, 1));
    close(gap.hourly.mean_gap, (1.0 - 32.5 / 40.0) * 100.0);
    close(gap.hourly.median_gap, 25.0);
}

#[test]
fn unknown_gender_values_are_returned_not_guessed() {
    let df = df!(
        m::GENDER => ["1", "2", "2"],
        m::ANNUAL_WAGE => [40_000.0, 50_000.0, 60_000.0],
        m::WEIGHT => [1.0; 3],
        OK => [true; 3],
    )
    .expect("frame");
    let o = PaygapOptions {
        variable: false,
        hours: false,
        category: false,
        full_pay: false,
        dims: Vec::new(),
        ..options(PayRules::Eu, 1)
    };
    let gap = paygap(df.clone().lazy(), &o).expect("paygap");
    assert_eq!(gap.unknown_genders, [("1".to_string(), 1), ("2".to_string(), 2)]);
    let named = PaygapOptions { codes: GenderCodes::parse("1=female,2=male").expect("codes"), ..o };
    let gap = paygap(df.lazy(), &named).expect("paygap");
    close(gap.hourly.mean_gap, (1.0 - 40.0 / 55.0) * 100.0);
}

#[test]
fn uk_quartile_ties_keep_the_rate_s_mix_too() {
    // Six full-pay employees at 10, 20, 20, 20, 20, 30 an hour (2 women and 2 men on 20): bands of
    // 1.5; the rate 20 spans 1 to 5, so ⅛ of it is in the lower band, ⅜ in each middle one and ⅛ in
    // the upper, women and men alike (reg. 13(2)). A missing gender is left out and said.
    let genders = ["F", "F", "M", "F", "M", "M", ""];
    let hourly = [10.0, 20.0, 20.0, 20.0, 20.0, 30.0, 25.0];
    let df = df!(
        m::GENDER => genders,
        m::ANNUAL_WAGE => hourly.map(|h| h * 2_080.0),
        m::FULL_PAY => [true; 7],
        m::WEIGHT => [1.0; 7],
        OK => [true; 7],
    )
    .expect("frame");
    let o =
        PaygapOptions { variable: false, hours: false, category: false, dims: Vec::new(), ..options(PayRules::Uk, 1) };
    let gap = paygap(df.lazy(), &o).expect("paygap");
    let women: Vec<f64> = gap.quartiles.iter().map(|b| b.women).collect();
    close(Some(women[0]), 1.25 / 1.5 * 100.0);
    close(Some(women[1]), 50.0);
    close(Some(women[2]), 50.0);
    close(Some(women[3]), 0.25 / 1.5 * 100.0);
    assert_eq!(gap.counts.gender_missing, 1);
    assert!(gap.methods.iter().any(|l| l.starts_with("1 row with no gender stated")), "{:?}", gap.methods);
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Each band's women, men and others sum to 100%, and each sex's four shares sum to 100%,
        /// whatever the rates, ties and weights.
        #[test]
        fn quartile_shares_sum_to_100(people in prop::collection::vec((1u32..40, 0u8..3, 1u32..4), 1..60)) {
            let mut rates: Vec<f64> = Vec::new();
            let (mut women, mut men, mut other) = (Vec::new(), Vec::new(), Vec::new());
            let mut sorted = people.clone();
            sorted.sort();
            for (rate, sex, weight) in sorted {
                if rates.last() != Some(&f64::from(rate)) {
                    rates.push(f64::from(rate));
                    women.push(0.0);
                    men.push(0.0);
                    other.push(0.0);
                }
                let slot = match sex { 0 => &mut women, 1 => &mut men, _ => &mut other };
                *slot.last_mut().expect("a rate") += f64::from(weight);
            }
            let bands = quartiles::split(&rates, &women, &men, &other);
            prop_assert_eq!(bands.len(), 4);
            for b in &bands {
                prop_assert!((b.women + b.men + b.other - 100.0).abs() < 1e-9, "{:?}", b);
            }
            if women.iter().sum::<f64>() > 0.0 {
                prop_assert!((bands.iter().map(|b| b.of_women).sum::<f64>() - 100.0).abs() < 1e-9);
            }
            if men.iter().sum::<f64>() > 0.0 {
                prop_assert!((bands.iter().map(|b| b.of_men).sum::<f64>() - 100.0).abs() < 1e-9);
            }
        }

        /// A payroll where every woman has a man with the same pay, hours, variable pay, category
        /// and experience has no gap anywhere.
        #[test]
        fn identical_pay_has_zero_gaps(pairs in prop::collection::vec((20_000u32..90_000, 0u32..3_000, 20u32..45, 0u8..3, 0u32..30), 1..20)) {
            let mut gender = Vec::new();
            let (mut wage, mut variable, mut hours, mut category, mut years) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (w, v, h, c, y) in &pairs {
                for sex in ["female", "male"] {
                    gender.push(sex);
                    wage.push(f64::from(*w));
                    variable.push(f64::from(*v));
                    hours.push(f64::from(*h));
                    category.push(format!("C{c}"));
                    years.push(f64::from(*y));
                }
            }
            let n = gender.len();
            let df = df!(
                m::GENDER => gender, m::ANNUAL_WAGE => wage, m::VARIABLE_PAY => variable, m::HOURS => hours,
                m::CATEGORY => category, m::YEARS_EXPERIENCE => years, m::WEIGHT => vec![1.0; n], OK => vec![true; n],
            ).expect("frame");
            let o = PaygapOptions { full_pay: false, ..options(PayRules::Eu, 1) };
            let gap = paygap(df.lazy(), &o).expect("paygap");
            let zero = |g: Option<f64>| g.is_none_or(|g| g.abs() < 1e-9);
            prop_assert!(zero(gap.hourly.mean_gap) && zero(gap.hourly.median_gap), "{:?}", gap.hourly);
            let annual = gap.annual.as_ref().expect("annual");
            prop_assert!(zero(annual.mean_gap) && zero(annual.median_gap));
            let variable = gap.variable.as_ref().expect("variable");
            prop_assert!(zero(variable.gap.mean_gap) && zero(variable.gap.median_gap));
            prop_assert_eq!(variable.women_receiving, variable.men_receiving);
            for b in &gap.quartiles {
                prop_assert!((b.women - b.men).abs() < 1e-9, "{:?}", b);
            }
            for c in &gap.categories {
                prop_assert!(zero(c.pay_mean_gap) && zero(c.basic_median_gap) && zero(c.like_for_like_gap) && !c.flagged, "{:?}", c);
            }
        }
    }
}
