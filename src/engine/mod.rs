//! Summaries computed by another engine: the SQL statement wagescope writes for it (`sql`), and
//! the engine's result read back (`aggregates`).

pub mod aggregates;
pub mod spark;
pub mod sql;
