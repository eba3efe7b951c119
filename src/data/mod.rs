//! Reading, checking and holding the input tables.

pub mod csvcheck;
pub mod dataset;
pub mod embedded;
pub mod load;
pub mod micro_cells;
pub mod microdata;
pub mod origin;
pub mod roster;
pub mod rounding;
pub mod schema;
pub mod synth;
pub mod validate;
pub mod wage_unit;

pub use dataset::{CheckOptions, DataSource, Dataset, OccupationRows};
