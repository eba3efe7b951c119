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
