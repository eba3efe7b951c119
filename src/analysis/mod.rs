//! Pure computation: a loaded dataset in, typed results out. No printing, no files, no clock.

pub mod area;
pub mod basis;
pub mod benchmark;
pub mod compare;
pub mod figures;
pub mod frame;
pub mod handbook;
pub mod market;
pub mod micro;
pub mod micro_kernel;
pub mod micro_keys;
pub mod micro_outlook;
pub mod occupation;
pub mod onet;
pub mod outlook;
pub mod pay_history;
pub mod paybench;
pub mod percentiles;
pub mod premium;
pub mod projection;
pub mod reconcile;
pub mod similar;
pub mod summary;
pub mod trend;
