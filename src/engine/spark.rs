//! Spark Connect: run SQL on a Spark server (`sc://host:port`) and read the result back as a polars
//! `DataFrame`, through the Apache `apache-spark-connect` client (cargo feature `spark`).
//!
//! Without the feature, [`query`] and [`columns`] return a usage error (exit 2) that says how to
//! build with it; [`remote`] and [`CONNECT_TIMEOUT`] exist in both builds.
//!
//! Every failure is one line naming the server (`Spark Connect server sc://host:port: …`) and what
//! failed, as a runtime error (exit 1): a server that refuses or does not answer within the connect
//! timeout, or Spark's own error (its error class and the first line of its message; the JVM stack
//! trace is dropped). Only the connection is timed: once the server has answered, a statement runs
//! as long as Spark takes, since a long query on a big cluster is legitimate.

use std::time::Duration;

use anyhow::Result;
use polars::prelude::DataFrame;

#[cfg(not(feature = "spark"))]
use crate::error::WagescopeError;

/// How long [`query`] and [`columns`] wait for the server to accept the connection and answer a
/// first request (its Spark version), DNS look-up included. It holds for a closed port (refused at
/// once), a host that drops packets, and a port that accepts but never speaks gRPC.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default Spark Connect port, as in Spark's own clients.
pub const DEFAULT_PORT: u16 = 15002;

/// The server: the --spark value, else SPARK_REMOTE; None when neither (an empty value counts as
/// none).
pub fn remote(flag: Option<&str>) -> Option<String> {
    let flag = flag.map(str::trim).filter(|url| !url.is_empty()).map(str::to_string);
    flag.or_else(|| std::env::var("SPARK_REMOTE").ok().map(|url| url.trim().to_string()).filter(|url| !url.is_empty()))
}

/// Run `statements` in order on the Spark Connect server `url` (each a full SQL statement; all but
/// the last are commands such as CREATE TEMPORARY VIEW, run in one Spark session so the last one
/// sees them), and return the last one's result as a polars DataFrame.
///
/// Column types read: BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, STRING, DATE, NULL,
/// and DECIMAL (as f64); any other type is an error naming the column, to be CAST in the SQL.
/// `timeout` bounds the connection only (see [`CONNECT_TIMEOUT`]), never the statements.
pub fn query(url: &str, statements: &[String], cleanup: &[String], timeout: Duration) -> Result<DataFrame> {
    imp::query(url, statements, cleanup, timeout)
}

/// The column names of a relation (e.g. ``SELECT * FROM parquet.`/path/x.parquet` ``), from Spark's
/// analysis of it: no rows are read. `timeout` bounds the connection only.
pub fn columns(url: &str, relation_sql: &str, timeout: Duration) -> Result<Vec<String>> {
    imp::columns(url, relation_sql, timeout)
}

/// A Spark Connect URL taken apart: `sc://host[:port][/;param=value…]`.
/// Without the feature only the unit tests use it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(feature = "spark"), allow(dead_code))]
struct Server {
    host: String,
    port: u16,
}

#[cfg_attr(not(feature = "spark"), allow(dead_code))]
impl Server {
    /// Errors are usage errors: the URL came from --spark or SPARK_REMOTE.
    fn parse(url: &str) -> std::result::Result<Server, String> {
        let expected = "expected sc://host[:port], e.g. sc://localhost:15002";
        let bad = |why: &str| format!("--spark / SPARK_REMOTE {url:?}: {why}: {expected}");
        let rest = url.strip_prefix("sc://").ok_or_else(|| bad("not a Spark Connect URL"))?;
        let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
        let (host, port) = match authority.strip_prefix('[') {
            Some(v6) => {
                let end = v6.find(']').ok_or_else(|| bad("unclosed [ in the host"))?;
                (&v6[..end], v6[end + 1..].strip_prefix(':'))
            }
            None => match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            },
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let port = match port {
            Some(port) => port.parse().map_err(|_| bad(&format!("port {port:?} is not a number from 1 to 65535")))?,
            None => DEFAULT_PORT,
        };
        Ok(Server { host: host.to_string(), port })
    }

    /// How messages name the server: scheme, host and port, never the URL's parameters (a token
    /// may be one of them).
    fn name(&self) -> String {
        if self.host.contains(':') {
            format!("sc://[{}]:{}", self.host, self.port)
        } else {
            format!("sc://{}:{}", self.host, self.port)
        }
    }
}

/// What a user can do when nothing answers.
#[cfg_attr(not(feature = "spark"), allow(dead_code))]
const START_HINT: &str =
    "is it running? start one with $SPARK_HOME/sbin/start-connect-server.sh, or .ci/spark-connect start in a checkout";

#[cfg(not(feature = "spark"))]
mod imp {
    use super::*;

    fn not_built() -> anyhow::Error {
        WagescopeError::Usage(
            "this wagescope was built without Spark support: build it with `cargo build --release --features spark` \
             (needs Debian's protobuf-compiler for protoc)"
                .to_string(),
        )
        .into()
    }

    pub fn query(_url: &str, _statements: &[String], _cleanup: &[String], _timeout: Duration) -> Result<DataFrame> {
        Err(not_built())
    }

    pub fn columns(_url: &str, _relation_sql: &str, _timeout: Duration) -> Result<Vec<String>> {
        Err(not_built())
    }
}

// The client's SparkError is large (the crate allows the same lint); it is only passed through here.
#[cfg(feature = "spark")]
#[allow(clippy::result_large_err)]
mod imp {
    use std::net::{TcpStream, ToSocketAddrs};
    use std::sync::mpsc;
    use std::time::Instant;

    use anyhow::anyhow;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type};
    use arrow_array::{Array, RecordBatch};
    use arrow_schema::DataType as ArrowType;
    use polars::prelude::{Column, DataType, IntoColumn, NamedFrom, PlSmallStr, Series};
    use spark_connect::{SparkError, SparkSession};

    use super::*;
    use crate::error::WagescopeError;

    pub fn query(url: &str, statements: &[String], cleanup: &[String], timeout: Duration) -> Result<DataFrame> {
        let Some((last, commands)) = statements.split_last() else {
            return Err(anyhow!("no SQL statement to run on Spark"));
        };
        let (server, session) = connect(url, timeout)?;
        let failed = |index: usize, error: &SparkError| {
            let which = if statements.len() > 1 {
                format!(" (statement {} of {})", index + 1, statements.len())
            } else {
                String::new()
            };
            anyhow!("Spark Connect server {}: the query failed{which}: {}", server.name(), spark_message(error))
        };
        let run = || -> Result<DataFrame> {
            for (index, statement) in commands.iter().enumerate() {
                session.sql(statement).and_then(|df| df.collect_record_batches()).map_err(|e| failed(index, &e))?;
            }
            let result = session.sql(last).map_err(|e| failed(commands.len(), &e))?;
            let batches = result.collect_record_batches().map_err(|e| failed(commands.len(), &e))?;
            to_polars(&batches).map_err(|e| anyhow!("Spark Connect server {}: the result: {e}", server.name()))
        };
        let frame = run();
        // Frees what the statements cached, and the session's temporary views, on the server;
        // a failure here changes nothing.
        for statement in cleanup {
            let _ = session.sql(statement).and_then(|df| df.collect_record_batches());
        }
        let _ = session.stop();
        frame
    }

    pub fn columns(url: &str, relation_sql: &str, timeout: Duration) -> Result<Vec<String>> {
        let (server, session) = connect(url, timeout)?;
        let names = session.sql(relation_sql).and_then(|df| df.columns()).map_err(|e| {
            anyhow!("Spark Connect server {}: cannot read the columns: {}", server.name(), spark_message(&e))
        });
        let _ = session.stop();
        names
    }

    /// A session whose server has answered, within `timeout`.
    ///
    /// The client dials lazily and retries an unavailable server with backoff for minutes, so the
    /// dial (a plain TCP connect first: a refused port fails at once) and a first request run on a
    /// thread of their own, and this waits for it at most `timeout`. A thread left waiting on a
    /// dead server ends with the process.
    fn connect(url: &str, timeout: Duration) -> Result<(Server, SparkSession)> {
        let server = Server::parse(url).map_err(WagescopeError::Usage)?;
        let (sender, receiver) = mpsc::channel();
        let (dial_server, dial_url) = (server.clone(), url.to_string());
        std::thread::Builder::new()
            .name("spark-connect-dial".to_string())
            .spawn(move || {
                let _ = sender.send(dial(&dial_server, &dial_url, timeout));
            })
            .map_err(|e| anyhow!("Spark Connect server {}: cannot start the connection: {e}", server.name()))?;
        let within = || format!("cannot connect within {} ({START_HINT})", seconds(timeout));
        match receiver.recv_timeout(timeout) {
            Ok(Ok(session)) => Ok((server, session)),
            Ok(Err(Dial::TimedOut)) | Err(_) => Err(anyhow!("Spark Connect server {}: {}", server.name(), within())),
            Ok(Err(Dial::Failed(why))) => Err(anyhow!("Spark Connect server {}: {why}", server.name())),
        }
    }

    enum Dial {
        TimedOut,
        Failed(String),
    }

    fn dial(server: &Server, url: &str, timeout: Duration) -> std::result::Result<SparkSession, Dial> {
        let deadline = Instant::now() + timeout;
        let addresses: Vec<_> = (server.host.as_str(), server.port)
            .to_socket_addrs()
            .map_err(|e| Dial::Failed(format!("cannot connect: cannot resolve the host {:?}: {e}", server.host)))?
            .collect();
        let mut last_error = None;
        let mut reached = false;
        for address in &addresses {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Dial::TimedOut);
            }
            match TcpStream::connect_timeout(address, left) {
                Ok(_) => {
                    reached = true;
                    break;
                }
                Err(e) => last_error = Some(e),
            }
        }
        if !reached {
            return Err(match last_error {
                Some(e) if e.kind() == std::io::ErrorKind::TimedOut => Dial::TimedOut,
                Some(e) => Dial::Failed(format!("cannot connect: {} ({START_HINT})", io_message(&e))),
                None => Dial::Failed(format!("cannot connect: the host {:?} has no address", server.host)),
            });
        }
        let session = SparkSession::builder()
            .remote(url)
            .get_or_create()
            .map_err(|e| Dial::Failed(format!("cannot connect: {}", spark_message(&e))))?;
        session.version().map_err(|e| Dial::Failed(format!("cannot connect: {}", spark_message(&e))))?;
        Ok(session)
    }

    /// "connection refused", not "Connection refused (os error 111)".
    fn io_message(error: &std::io::Error) -> String {
        let text = error.to_string();
        let text = text.split(" (os error").next().unwrap_or(&text);
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => text.to_string(),
        }
    }

    /// Spark's error class and the first line of its message; the JVM stack trace, the plan and
    /// the query context lines that follow are dropped.
    pub(super) fn spark_message(error: &SparkError) -> String {
        let text = if error.message.is_empty() { error.to_string() } else { error.message.clone() };
        let first = text.lines().map(str::trim).find(|line| !line.is_empty()).unwrap_or("");
        // Analysis errors end their first line with "; line 1 pos 7;" before the plan.
        let first = first.trim_end_matches([';', ' ']).to_string();
        let class = &error.error_class;
        if class.is_empty() || first.contains(&format!("[{class}]")) {
            first
        } else if first.is_empty() {
            format!("[{class}]")
        } else {
            format!("[{class}] {first}")
        }
    }

    fn seconds(duration: Duration) -> String {
        format!("{} s", duration.as_secs_f64())
    }

    /// The batches as one DataFrame, column by column.
    pub(super) fn to_polars(batches: &[RecordBatch]) -> std::result::Result<DataFrame, String> {
        let Some(first) = batches.first() else {
            return Ok(DataFrame::empty());
        };
        let schema = first.schema();
        let height = batches.iter().map(RecordBatch::num_rows).sum();
        let columns = schema
            .fields()
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let arrays: Vec<&dyn Array> = batches.iter().map(|batch| batch.column(index).as_ref()).collect();
                column(field.name(), field.data_type(), &arrays, height)
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        DataFrame::new(height, columns).map_err(|e| e.to_string())
    }

    fn column(
        name: &str,
        dtype: &ArrowType,
        arrays: &[&dyn Array],
        height: usize,
    ) -> std::result::Result<Column, String> {
        fn gather<'a, T, I>(arrays: &[&'a dyn Array], values: impl Fn(&'a dyn Array) -> I) -> Vec<Option<T>>
        where
            I: Iterator<Item = Option<T>>,
        {
            arrays.iter().flat_map(|array| values(*array)).collect()
        }
        let label = PlSmallStr::from(name);
        let series = match dtype {
            ArrowType::Null => Series::full_null(label, height, &DataType::Null),
            ArrowType::Boolean => Series::new(label, gather(arrays, |a| a.as_boolean().iter())),
            ArrowType::Int8 => Series::new(label, gather(arrays, |a| a.as_primitive::<Int8Type>().iter())),
            ArrowType::Int16 => Series::new(label, gather(arrays, |a| a.as_primitive::<Int16Type>().iter())),
            ArrowType::Int32 => Series::new(label, gather(arrays, |a| a.as_primitive::<Int32Type>().iter())),
            ArrowType::Int64 => Series::new(label, gather(arrays, |a| a.as_primitive::<Int64Type>().iter())),
            ArrowType::Float32 => Series::new(label, gather(arrays, |a| a.as_primitive::<Float32Type>().iter())),
            ArrowType::Float64 => Series::new(label, gather(arrays, |a| a.as_primitive::<Float64Type>().iter())),
            ArrowType::Utf8 => Series::new(label, gather(arrays, |a| a.as_string::<i32>().iter())),
            ArrowType::LargeUtf8 => Series::new(label, gather(arrays, |a| a.as_string::<i64>().iter())),
            ArrowType::Utf8View => Series::new(label, gather(arrays, |a| a.as_string_view().iter())),
            ArrowType::Decimal128(_, scale) => {
                let unit = 10f64.powi(i32::from(*scale));
                let values = gather(arrays, |a| a.as_primitive::<Decimal128Type>().iter());
                Series::new(label, values.into_iter().map(|v| v.map(|v| v as f64 / unit)).collect::<Vec<_>>())
            }
            ArrowType::Date32 => {
                let days =
                    Series::new(label, gather(arrays, |a| a.as_primitive::<arrow_array::types::Date32Type>().iter()));
                days.cast(&DataType::Date).map_err(|e| e.to_string())?
            }
            other => {
                return Err(format!(
                    "column `{name}` has the Arrow type {other}, which wagescope does not read: CAST it to DOUBLE, \
                     BIGINT, STRING or DATE in the SQL"
                ));
            }
        };
        Ok(series.into_column())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_prefers_the_flag_and_ignores_empty_values() {
        // SPARK_REMOTE is not touched here (tests run in parallel): only the flag's side.
        assert_eq!(remote(Some("sc://a:1")), Some("sc://a:1".to_string()));
        assert_eq!(remote(Some("  sc://a:1 ")), Some("sc://a:1".to_string()));
        if std::env::var_os("SPARK_REMOTE").is_none() {
            assert_eq!(remote(None), None);
            assert_eq!(remote(Some("")), None);
        }
    }

    #[test]
    fn urls_are_taken_apart_and_named_without_their_parameters() {
        let parse = |url: &str| Server::parse(url).map(|s| s.name());
        assert_eq!(parse("sc://localhost:15002").unwrap(), "sc://localhost:15002");
        assert_eq!(parse("sc://spark.example").unwrap(), "sc://spark.example:15002");
        assert_eq!(parse("sc://h:443/;use_ssl=true;token=SECRET").unwrap(), "sc://h:443");
        assert_eq!(parse("sc://[::1]:15003").unwrap(), "sc://[::1]:15003");
        assert_eq!(Server::parse("sc://[::1]").unwrap(), Server { host: "::1".to_string(), port: 15002 });
        for bad in ["localhost:15002", "http://h:1", "sc://", "sc://:1", "sc://h:port", "sc://h:99999", "sc://[::1"] {
            let message = Server::parse(bad).unwrap_err();
            assert!(message.contains("expected sc://host[:port]"), "{bad}: {message}");
            assert!(message.contains(&format!("{bad:?}")), "{bad}: {message}");
        }
    }

    #[cfg(not(feature = "spark"))]
    #[test]
    fn without_the_feature_both_calls_are_usage_errors() {
        let error = query("sc://localhost:15002", &["SELECT 1".to_string()], &[], CONNECT_TIMEOUT).unwrap_err();
        assert_eq!(crate::error::exit_code(&error), 2);
        assert!(error.to_string().contains("--features spark"), "{error}");
        assert!(error.to_string().contains("protobuf-compiler"), "{error}");
        let error = columns("sc://localhost:15002", "SELECT 1", CONNECT_TIMEOUT).unwrap_err();
        assert_eq!(crate::error::exit_code(&error), 2);
    }

    #[cfg(feature = "spark")]
    mod with_spark {
        use std::sync::Arc;

        use arrow_array::{ArrayRef, BooleanArray, Decimal128Array, Int64Array, RecordBatch, StringArray};
        use polars::prelude::{AnyValue, DataType};
        use spark_connect::SparkError;

        use super::super::imp::{spark_message, to_polars};
        use super::*;

        #[test]
        fn spark_errors_keep_the_class_and_first_line_only() {
            let mut error = SparkError::connect_msg(
                "[PATH_NOT_FOUND] Path does not exist: file:/nope.parquet. SQLSTATE: 42K03\n\tat org.apache.spark...",
            );
            error.error_class = "PATH_NOT_FOUND".to_string();
            assert_eq!(
                spark_message(&error),
                "[PATH_NOT_FOUND] Path does not exist: file:/nope.parquet. SQLSTATE: 42K03"
            );
            error.message = "Path does not exist\nmore".to_string();
            assert_eq!(spark_message(&error), "[PATH_NOT_FOUND] Path does not exist");
            assert_eq!(spark_message(&SparkError::connect_msg("\n[Unavailable] refused\nx")), "[Unavailable] refused");
            let unresolved = "[UNRESOLVED_COLUMN] `nope` cannot be resolved. SQLSTATE: 42703; line 1 pos 7;\n'Project";
            assert_eq!(
                spark_message(&SparkError::connect_msg(unresolved)),
                "[UNRESOLVED_COLUMN] `nope` cannot be resolved. SQLSTATE: 42703; line 1 pos 7"
            );
        }

        #[test]
        fn malformed_urls_are_usage_errors() {
            let error = query("localhost:15002", &["SELECT 1".to_string()], &[], CONNECT_TIMEOUT).unwrap_err();
            assert_eq!(crate::error::exit_code(&error), 2, "{error}");
        }

        #[test]
        fn batches_become_one_frame_with_nulls_and_decimals_as_f64() {
            let batch = |ints: Vec<Option<i64>>,
                         names: Vec<Option<&str>>,
                         flags: Vec<Option<bool>>,
                         cents: Vec<Option<i128>>| {
                let decimals = Decimal128Array::from(cents).with_precision_and_scale(10, 2).unwrap();
                RecordBatch::try_from_iter([
                    ("i", Arc::new(Int64Array::from(ints)) as ArrayRef),
                    ("s", Arc::new(StringArray::from(names)) as ArrayRef),
                    ("b", Arc::new(BooleanArray::from(flags)) as ArrayRef),
                    ("d", Arc::new(decimals) as ArrayRef),
                ])
                .unwrap()
            };
            let frame = to_polars(&[
                batch(vec![Some(1), None], vec![Some("a"), None], vec![Some(true), None], vec![Some(250), None]),
                batch(vec![Some(3)], vec![Some("c")], vec![Some(false)], vec![Some(-5)]),
            ])
            .unwrap();
            assert_eq!(frame.shape(), (3, 4));
            let dtypes: Vec<DataType> = frame.dtypes();
            assert_eq!(dtypes, [DataType::Int64, DataType::String, DataType::Boolean, DataType::Float64]);
            let d = frame.column("d").unwrap();
            assert_eq!(d.get(0).unwrap(), AnyValue::Float64(2.5));
            assert_eq!(d.get(1).unwrap(), AnyValue::Null);
            assert_eq!(d.get(2).unwrap(), AnyValue::Float64(-0.05));
            assert_eq!(frame.column("s").unwrap().null_count(), 1);
            assert_eq!(to_polars(&[]).unwrap().shape(), (0, 0));
        }
    }
}
