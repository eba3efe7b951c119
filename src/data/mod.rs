//! Reading, checking and holding the input tables.

pub mod csvcheck;
pub mod dataset;
pub mod embedded;
pub mod load;
pub mod microdata;
pub mod roster;
pub mod schema;
pub mod synth;
pub mod validate;

pub use dataset::{CheckOptions, DataSource, Dataset};
