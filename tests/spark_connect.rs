//! engine::spark against a real Spark Connect server (cargo feature `spark`).
//!
//! These tests need the server named by SPARK_REMOTE (`.ci/spark-connect start` runs one on
//! sc://localhost:15002) and fail, never skip, when it is not set or does not answer. The server
//! reads the parquet fixtures from this machine's disk, so it has to be a local one.

#![cfg(feature = "spark")]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use polars::prelude::*;
use wagescope::engine::spark::{self, CONNECT_TIMEOUT};
use wagescope::error::exit_code;

fn server() -> String {
    match spark::remote(None) {
        Some(url) => url,
        None => panic!(
            "SPARK_REMOTE is not set: these tests need a Spark Connect server \
             (.ci/spark-connect start, then SPARK_REMOTE=sc://localhost:15002)"
        ),
    }
}

fn query(sql: &[&str]) -> anyhow::Result<DataFrame> {
    let statements: Vec<String> = sql.iter().map(|s| s.to_string()).collect();
    spark::query(&server(), &statements, &[], CONNECT_TIMEOUT)
}

fn names(frame: &DataFrame) -> Vec<String> {
    frame.get_column_names().iter().map(|name| name.to_string()).collect()
}

/// The error of a failed call, checked to be one line and a runtime error (exit 1).
fn runtime_error<T: std::fmt::Debug>(result: anyhow::Result<T>) -> String {
    let error = result.expect_err("the call should have failed");
    let message = format!("{error:#}");
    assert_eq!(exit_code(&error), 1, "{message}");
    assert!(!message.contains('\n'), "one line expected, got:\n{message}");
    message
}

#[test]
fn a_select_comes_back_with_its_types_values_and_nulls() {
    let frame = query(&["SELECT 1 AS x, 'a' AS s, CAST(2.5 AS DOUBLE) AS d, CAST(NULL AS STRING) AS n"]).unwrap();
    assert_eq!(names(&frame), ["x", "s", "d", "n"]);
    assert_eq!(frame.dtypes(), [DataType::Int32, DataType::String, DataType::Float64, DataType::String]);
    assert_eq!(frame.height(), 1);
    assert_eq!(frame.column("x").unwrap().get(0).unwrap(), AnyValue::Int32(1));
    assert_eq!(frame.column("s").unwrap().str().unwrap().get(0), Some("a"));
    assert_eq!(frame.column("d").unwrap().f64().unwrap().get(0), Some(2.5));
    assert_eq!(frame.column("n").unwrap().null_count(), 1);
}

#[test]
fn bigint_decimal_boolean_date_and_many_rows() {
    let frame = query(&["SELECT id, CAST(id AS DECIMAL(12, 2)) / 4 AS wage, id % 2 = 0 AS even, \
         DATE'2024-05-01' + CAST(id AS INT) AS day FROM range(0, 5000, 1, 4)"])
    .unwrap();
    assert_eq!(frame.dtypes(), [DataType::Int64, DataType::Float64, DataType::Boolean, DataType::Date]);
    assert_eq!(frame.height(), 5000);
    let wage = frame.column("wage").unwrap().f64().unwrap();
    assert_eq!(wage.get(4999), Some(1249.75));
    assert_eq!(frame.column("id").unwrap().i64().unwrap().sum(), Some(4999 * 5000 / 2));
    assert_eq!(frame.column("even").unwrap().bool().unwrap().sum(), Some(2500));
}

#[test]
fn a_temporary_view_made_by_a_first_statement_is_seen_by_the_last() {
    let frame = query(&[
        "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT * FROM VALUES (1, 'a'), (2, 'b'), (3, NULL) AS t(id, name)",
        "SELECT name, id * 10 AS ten FROM v WHERE id >= 2 ORDER BY id",
    ])
    .unwrap();
    let names: Vec<Option<&str>> = frame.column("name").unwrap().str().unwrap().iter().collect();
    assert_eq!(names, [Some("b"), None]);
    assert_eq!(frame.column("ten").unwrap().get(1).unwrap(), AnyValue::Int32(30));
}

#[test]
fn an_empty_result_keeps_its_columns() {
    let frame = query(&["SELECT 1 AS x, 'a' AS s WHERE false"]).unwrap();
    assert_eq!(frame.height(), 0);
    assert_eq!(names(&frame), ["x", "s"]);
}

#[test]
fn a_missing_parquet_path_names_the_server_and_the_path() {
    let missing = "/nonexistent/wagescope/oews.parquet";
    let message = runtime_error(query(&[&format!("SELECT * FROM parquet.`{missing}`")]));
    assert!(message.starts_with(&format!("Spark Connect server {}: ", server())), "{message}");
    assert!(message.contains("PATH_NOT_FOUND") && message.contains(missing), "{message}");
}

#[test]
fn a_missing_table_or_column_is_spark_s_error() {
    let message = runtime_error(query(&["SELECT * FROM no_such_table_here"]));
    assert!(message.contains("TABLE_OR_VIEW_NOT_FOUND") && message.contains("no_such_table_here"), "{message}");
    let message = runtime_error(query(&["SELECT no_such_column FROM VALUES (1) AS t(a)"]));
    assert!(message.contains("UNRESOLVED_COLUMN") && message.contains("no_such_column"), "{message}");
}

#[test]
fn a_syntax_error_names_the_server_and_which_statement() {
    let message = runtime_error(query(&["SELEC 1"]));
    assert!(message.starts_with(&format!("Spark Connect server {}: the query failed: ", server())), "{message}");
    assert!(message.contains("PARSE_SYNTAX_ERROR"), "{message}");
    let message = runtime_error(query(&["CREATE TEMPORARY VIEW", "SELECT 1"]));
    assert!(message.contains("(statement 1 of 2)"), "{message}");
}

#[test]
fn columns_of_a_parquet_file_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wages.parquet");
    let mut frame =
        df!("soc" => ["11-1011", "15-1252"], "annual_median" => [206_680.0, 132_270.0], "year" => [2024i64, 2024])
            .unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut frame).unwrap();
    let sql = format!("SELECT * FROM parquet.`{}`", path.display());
    assert_eq!(spark::columns(&server(), &sql, CONNECT_TIMEOUT).unwrap(), ["soc", "annual_median", "year"]);
    let message =
        runtime_error(spark::columns(&server(), "SELECT * FROM parquet.`/nonexistent/x.parquet`", CONNECT_TIMEOUT));
    assert!(message.contains("PATH_NOT_FOUND"), "{message}");
}

/// A port on this machine that nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn a_closed_port_fails_at_once_naming_the_server() {
    let url = format!("sc://127.0.0.1:{}", closed_port());
    let started = Instant::now();
    let message = runtime_error(spark::query(&url, &["SELECT 1".to_string()], &[], CONNECT_TIMEOUT));
    assert!(started.elapsed() < CONNECT_TIMEOUT + Duration::from_secs(3), "took {:?}", started.elapsed());
    assert!(
        message.starts_with(&format!("Spark Connect server {url}: cannot connect: connection refused")),
        "{message}"
    );
    assert!(message.contains("start-connect-server.sh"), "{message}");
}

#[test]
fn a_port_that_accepts_but_never_answers_times_out() {
    // The kernel completes the TCP handshake for a listener that never accepts: gRPC then waits.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("sc://127.0.0.1:{}", silent.local_addr().unwrap().port());
    let timeout = Duration::from_secs(2);
    let started = Instant::now();
    let message = runtime_error(spark::columns(&url, "SELECT 1", timeout));
    assert!(started.elapsed() < timeout + Duration::from_secs(3), "took {:?}", started.elapsed());
    assert!(message.starts_with(&format!("Spark Connect server {url}: cannot connect within 2 s")), "{message}");
}

#[test]
fn a_host_that_drops_the_connection_attempt_times_out() {
    // A listener with a full accept queue: Linux drops further SYNs, as a firewalled or absent host
    // does, so the TCP connect itself waits (sc://10.255.255.1 would test the same off this machine).
    use socket2::{Domain, Socket, Type};
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener.bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into()).unwrap();
    listener.listen(0).unwrap();
    let address = listener.local_addr().unwrap().as_socket().unwrap();
    let _fillers: Vec<Socket> = (0..4)
        .map(|_| {
            let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
            socket.set_nonblocking(true).unwrap();
            let _ = socket.connect(&address.into());
            socket
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let probe = TcpStream::connect_timeout(&address, Duration::from_millis(500));
    assert!(probe.is_err(), "the test's premise failed: the kernel accepted a connection past a full queue");

    let url = format!("sc://{address}");
    let timeout = Duration::from_secs(2);
    let started = Instant::now();
    let message = runtime_error(spark::query(&url, &["SELECT 1".to_string()], &[], timeout));
    assert!(started.elapsed() < timeout + Duration::from_secs(3), "took {:?}", started.elapsed());
    assert!(
        message.starts_with(&format!("Spark Connect server {url}: cannot connect within 2 s (is it running?")),
        "{message}"
    );
}
