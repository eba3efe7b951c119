//! Property tests: invariants that must hold for any input.

mod common;

use proptest::prelude::*;
use wagescope::data::{CheckOptions, DataSource, Dataset};
use wagescope::format::thousands;

const HEADER: &str =
    "occupation,year,geography,setting,experience,certification,basis,kind,p10,p25,median,p75,p90,source";

fn wages_csv(values: &[Option<u32>; 5]) -> String {
    let cells: Vec<String> = values.iter().map(|v| v.map(|x| x.to_string()).unwrap_or_default()).collect();
    format!("{HEADER}\n29-2071,2008,US,all,all,all,annual,estimate,{},003_ad72e794b913f29a.txt\n", cells.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// validate reports a percentile-order error exactly when the present percentiles are not
    /// in order p10 ≤ p25 ≤ median ≤ p75 ≤ p90.
    #[test]
    fn percentile_order_error_iff_out_of_order(values in prop::array::uniform5(prop::option::weighted(0.8, 10_000u32..90_000))) {
        prop_assume!(values.iter().any(Option::is_some));
        let dir = common::dataset_with(&[("wages.csv", wages_csv(&values).as_bytes())]);
        let (_, issues) = Dataset::check(&DataSource::Dir(dir.path().to_path_buf()), CheckOptions::default()).unwrap();
        let present: Vec<u32> = values.iter().flatten().copied().collect();
        let ordered = present.windows(2).all(|w| w[0] <= w[1]);
        let order_errors = issues.iter().filter(|i| i.is_error() && i.message.contains(" is above ")).count();
        prop_assert_eq!(order_errors == 0, ordered, "{:?} {:?}", values, issues);
    }

    /// thousands() groups digits and round-trips to the rounded value.
    #[test]
    fn thousands_round_trips(value in -1.0e9f64..1.0e9, decimals in 0usize..3) {
        let text = thousands(value, decimals);
        let parsed: f64 = text.replace(',', "").parse().unwrap();
        let expected: f64 = format!("{value:.decimals$}").parse().unwrap();
        prop_assert!((parsed - expected).abs() < 1e-9, "{} → {}", value, text);
        let int_part = text.trim_start_matches('-').split('.').next().unwrap();
        prop_assert!(int_part.split(',').skip(1).all(|g| g.len() == 3));
        prop_assert!(int_part.split(',').next().unwrap().len() <= 3);
    }
}

mod summaries {
    use polars::prelude::*;
    use proptest::prelude::*;
    use wagescope::analysis::micro::{MicroDim, MicroSummaryOptions, summarize};
    use wagescope::data::microdata::OK;
    use wagescope::data::schema::micro as m;

    /// A canonical microdata frame: one setting, the given wages and weights, all rows valid.
    fn frame(wages: &[f64], weights: &[f64]) -> LazyFrame {
        let n = wages.len();
        df!(
            m::SETTING => vec!["S"; n],
            m::ANNUAL_WAGE => wages.to_vec(),
            m::WEIGHT => weights.to_vec(),
            m::CERTIFIED => vec![true; n],
            OK => vec![true; n],
        )
        .unwrap()
        .lazy()
    }

    fn stats(wages: &[f64], weights: &[f64], weighted: bool) -> [f64; 5] {
        let options =
            MicroSummaryOptions { by: vec![MicroDim::Setting], weighted, min_n: 1, dominance: false, secondary: true };
        let s = summarize(frame(wages, weights), &options).unwrap();
        let g = &s.total;
        [g.p10, g.p25, g.median, g.p75, g.p90].map(|v| v.unwrap())
    }

    /// Reference definition (DOMAIN.md §2): the smallest value whose cumulative weight reaches q × total.
    fn reference(wages: &[f64], weights: &[f64], q: f64) -> f64 {
        let mut pairs: Vec<(f64, f64)> = wages.iter().copied().zip(weights.iter().copied()).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: f64 = weights.iter().sum();
        let mut cum = 0.0;
        for (x, w) in &pairs {
            cum += w;
            if cum >= q * total * (1.0 - 1e-12) {
                return *x;
            }
        }
        pairs.last().unwrap().0
    }

    fn data() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
        (1usize..40).prop_flat_map(|n| {
            (prop::collection::vec(10_000u32..200_000, n), prop::collection::vec(1u32..50, n)).prop_map(|(w, k)| {
                (w.into_iter().map(f64::from).collect(), k.into_iter().map(|x| f64::from(x) / 10.0).collect())
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn percentiles_are_ordered((wages, weights) in data(), weighted in any::<bool>()) {
            let p = stats(&wages, &weights, weighted);
            prop_assert!(p.windows(2).all(|w| w[0] <= w[1]), "{:?}", p);
        }

        #[test]
        fn weighted_matches_the_reference_definition((wages, weights) in data()) {
            let p = stats(&wages, &weights, true);
            for (value, q) in p.iter().zip([0.10, 0.25, 0.50, 0.75, 0.90]) {
                prop_assert_eq!(*value, reference(&wages, &weights, q));
            }
        }

        #[test]
        fn scaling_weights_changes_nothing((wages, weights) in data(), factor in 1u32..1000) {
            let scaled: Vec<f64> = weights.iter().map(|w| w * f64::from(factor) / 7.0).collect();
            prop_assert_eq!(stats(&wages, &weights, true), stats(&wages, &scaled, true));
        }

        #[test]
        fn duplicating_every_row_changes_nothing((wages, weights) in data()) {
            let twice_w: Vec<f64> = wages.iter().chain(&wages).copied().collect();
            let twice_k: Vec<f64> = weights.iter().chain(&weights).copied().collect();
            prop_assert_eq!(stats(&wages, &weights, true), stats(&twice_w, &twice_k, true));
        }
    }
}
