//! Pure computation: a loaded dataset in, typed results out. No printing, no files, no clock.

pub mod basis;
pub mod figures;
pub mod frame;
pub mod market;
pub mod micro;
pub mod occupation;
pub mod outlook;
pub mod paygap;
pub mod premium;
pub mod projection;
pub mod reconcile;
pub mod summary;
pub mod trend;
