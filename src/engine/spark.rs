//! Placeholder until the Spark Connect client lands (branch `spark`).

use std::time::Duration;

use polars::prelude::DataFrame;

use crate::error::WagescopeError;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub fn remote(flag: Option<&str>) -> Option<String> {
    flag.map(str::to_string).or_else(|| std::env::var("SPARK_REMOTE").ok())
}

pub fn query(_url: &str, _statements: &[String], _timeout: Duration) -> anyhow::Result<DataFrame> {
    Err(WagescopeError::Usage("this wagescope was built without Spark support".into()).into())
}

pub fn columns(_url: &str, _relation_sql: &str, _timeout: Duration) -> anyhow::Result<Vec<String>> {
    Err(WagescopeError::Usage("this wagescope was built without Spark support".into()).into())
}
