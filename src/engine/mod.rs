//! Summaries computed by another engine: the SQL statement wagescope writes for it (`sql`), the
//! engine's result read back (`aggregates`), and the Spark Connect client that runs the statement
//! itself (`spark`, with the cargo feature `spark`).

pub mod aggregates;
pub mod spark;
pub mod sql;
