//! Engines that run a statement somewhere other than in this process and hand back a polars
//! `DataFrame`. Each is compiled in always, so the CLI can name it; its client sits behind a cargo
//! feature, and without the feature its functions return a usage error saying how to build it.

pub mod spark;
