//! Typed errors and the data-problem record (`Issue`) that loaders and `validate` collect.
//!
//! An `Issue` always names the file, and where one exists the line and column, the value found and
//! what was expected, so `file:line:column: error: …` can be acted on without opening a debugger.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// How bad a data problem is: errors fail `validate` and stop every other command; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one place of one input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    /// The file as the user knows it (a path, or `datasets/…` for the embedded data).
    pub file: String,
    /// 1-based line in the file (the header is line 1).
    pub line: Option<u64>,
    /// 1-based column (field) number.
    pub column: Option<usize>,
    /// The column's name, when the problem is in one column.
    pub column_name: Option<String>,
    pub message: String,
    pub got: Option<String>,
    pub expected: Option<String>,
    /// The occupation (SOC code) of the row the problem is in, when it is in one: a report shows
    /// only the problems of the figures it uses.
    pub occupation: Option<String>,
}

impl Issue {
    pub fn error(file: &str, message: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Error,
            file: file.to_string(),
            line: None,
            column: None,
            column_name: None,
            message: message.into(),
            got: None,
            expected: None,
            occupation: None,
        }
    }

    pub fn warning(file: &str, message: impl Into<String>) -> Self {
        Issue { severity: Severity::Warning, ..Issue::error(file, message) }
    }

    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at_column(mut self, index0: usize, name: &str) -> Self {
        self.column = Some(index0 + 1);
        self.column_name = Some(name.to_string());
        self
    }

    pub fn got(mut self, got: impl Into<String>) -> Self {
        self.got = Some(got.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", self.message)?;
        match (&self.got, &self.expected) {
            (Some(got), Some(expected)) => write!(f, " (got {got}, expected {expected})"),
            (Some(got), None) => write!(f, " (got {got})"),
            (None, Some(expected)) => write!(f, " (expected {expected})"),
            (None, None) => Ok(()),
        }
    }
}

/// Quote a cell value for a message, so empty strings and spaces stay visible.
pub fn quoted(value: &str) -> String {
    format!("{value:?}")
}

/// Errors that stop a command. Each maps to an exit code (see [`exit_code`]).
#[derive(Debug, thiserror::Error)]
pub enum WagescopeError {
    /// The data did not load or check clean; every problem found is listed.
    #[error("{}", render_issues(.0))]
    Data(Vec<Issue>),
    /// A file or directory named by the user could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Options that parse but do not make sense together (exit 2, like clap's own usage errors).
    #[error("{0}")]
    Usage(String),
}

fn render_issues(issues: &[Issue]) -> String {
    let errors = issues.iter().filter(|i| i.is_error()).count();
    let mut lines = vec![format!("{errors} error(s) in the data; nothing was written")];
    lines.extend(issues.iter().map(ToString::to_string));
    lines.join("\n")
}

/// The error as a user reads it: the chain of contexts, without the query plan polars appends
/// to its messages ("Resolved plan until failure: …"), which names internal columns and tells a
/// user nothing.
pub fn user_text(error: &anyhow::Error) -> String {
    let text = format!("{error:#}");
    match text.find("\n\nResolved plan until failure") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}

/// Exit codes, documented in the README: 0 ok, 1 data or runtime error, 2 usage error.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    match error.downcast_ref::<WagescopeError>() {
        Some(WagescopeError::Usage(_)) => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod user_text_tests {
    use super::*;

    #[test]
    fn a_polars_plan_never_reaches_the_user() {
        let polars = anyhow::anyhow!(
            "cannot create series from UInt8\n\nResolved plan until failure:\n\n\t---> FAILED HERE RESOLVING 'select' <---\nFILTER col(\"__ok\")"
        );
        let error = polars.context("reading payroll.csv");
        assert_eq!(user_text(&error), "reading payroll.csv: cannot create series from UInt8");
        let data = anyhow::anyhow!("line one\nline two");
        assert_eq!(user_text(&data), "line one\nline two");
    }
}
