//! Structural checks of a CSV file before polars parses it: encoding, empty file, ragged rows,
//! unbalanced quotes, duplicate header names.
//!
//! polars reports these as one opaque error without a line number, or (for short rows) not at all.
//! The `csv` crate knows the line of every record, so it reads the file once here, only to
//! point at problems; the data itself is parsed by polars.

use crate::error::{Issue, quoted};

/// What the structural pass learnt about a file that checked clean.
#[derive(Debug, Clone)]
pub struct Structure {
    pub headers: Vec<String>,
    /// `record_lines[i]` is the 1-based line on which data record `i` starts.
    pub record_lines: Vec<u64>,
}

impl Structure {
    /// The file line of data row `row` (0-based), falling back to `row + 2` (one header line).
    pub fn line_of(&self, row: usize) -> u64 {
        self.record_lines.get(row).copied().unwrap_or(row as u64 + 2)
    }
}

/// Strip a UTF-8 byte-order mark (spreadsheet programs write one).
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Check `bytes` (the whole file) and return its header and record lines, or every problem found.
pub fn check(bytes: &[u8], file: &str) -> Result<Structure, Vec<Issue>> {
    let bytes = strip_bom(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![Issue::error(file, "the file is empty").expected("a header line naming the columns")]);
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        let line_start = bytes[..at].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let issue = Issue::error(
            file,
            format!("the file is not valid UTF-8 (column {} of the line); save it as UTF-8", at - line_start + 1),
        )
        .at_line(line)
        .got(format!("byte 0x{:02X}", bytes[at]))
        .expected("UTF-8 text");
        return Err(vec![issue]);
    }

    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(bytes);
    let mut issues = Vec::new();
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            return Err(vec![Issue::error(file, format!("cannot read the header line: {e}")).at_line(1)]);
        }
    };
    for (i, name) in headers.iter().enumerate() {
        if name.is_empty() {
            issues.push(Issue::error(file, "a column has no name in the header").at_line(1).at_column(i, ""));
        }
    }
    issues.extend(duplicate_headers(&headers, file));

    let mut record_lines = Vec::new();
    let mut record = csv::ByteRecord::new();
    // Lines are counted from byte offsets (the reader's own line count is off by one for CRLF files).
    let (mut counted_to, mut line_at) = (0usize, 1u64);
    // The first record with a field that spans lines: where an unclosed quote would open.
    let mut first_multiline: Option<(u64, usize)> = None;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                issues.push(Issue::error(file, format!("malformed CSV: {e}")));
                break;
            }
        }
        let mut offset = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
        // With CRLF endings the reader's record start can sit on the "\n" of the line before.
        while offset < bytes.len() && matches!(bytes[offset], b'\n' | b'\r') {
            offset += 1;
        }
        if offset >= counted_to {
            line_at += bytes[counted_to..offset].iter().filter(|b| **b == b'\n').count() as u64;
            counted_to = offset;
        }
        let line = line_at;
        // A row of empty fields (",,,") carries nothing: polars drops it too (see load.rs).
        if record.iter().all(<[u8]>::is_empty) {
            continue;
        }
        record_lines.push(line);
        if first_multiline.is_none()
            && let Some(field) = record.iter().position(|f| f.contains(&b'\n'))
        {
            first_multiline = Some((line, field));
        }
        if record.len() == headers.len() {
            continue;
        }
        let spans_lines = record.iter().position(|f| f.contains(&b'\n'));
        let issue = match spans_lines {
            Some(field) => Issue::error(
                file,
                format!(
                    "a quote opened in field {} of this row is not closed where the row should end; \
                     the row runs on over the following lines",
                    field + 1
                ),
            )
            .at_line(line)
            .at_column(field, headers.get(field).map_or("", String::as_str))
            .got(format!("{} fields", record.len()))
            .expected(format!("{} fields, each quote closed on its own line", headers.len())),
            None => Issue::error(file, "the row has the wrong number of fields")
                .at_line(line)
                .got(format!("{} fields", record.len()))
                .expected(format!("{} fields as in the header ({})", headers.len(), headers.join(","))),
        };
        issues.push(issue);
    }
    // Quotes come in pairs (an escaped quote is `""`), so an odd count means one was never closed:
    // the reader then swallows the rest of the file into one field, which can look well-formed.
    let quotes = bytes.iter().filter(|b| **b == b'"').count();
    if quotes % 2 == 1 && !issues.iter().any(|i| i.message.contains("quote")) {
        let (line, field) = first_multiline.unwrap_or((record_lines.last().copied().unwrap_or(1), 0));
        issues.push(
            Issue::error(file, format!("a quote opened in field {} of this row is never closed; the rest of the file was read as part of that field", field + 1))
                .at_line(line)
                .at_column(field, headers.get(field).map_or("", String::as_str))
                .got(format!("{quotes} quote characters"))
                .expected("every quoted field closed with a quote"),
        );
    }
    if issues.is_empty() { Ok(Structure { headers, record_lines }) } else { Err(issues) }
}

/// A column named twice, reported at its second place with both (1-based) positions: which of
/// the two a reader would use is a guess, so neither is.
pub fn duplicate_headers(headers: &[String], file: &str) -> Vec<Issue> {
    let mut issues = Vec::new();
    for (i, name) in headers.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = headers[..i].iter().position(|h| h == name) {
            issues.push(
                Issue::error(
                    file,
                    format!(
                        "column '{name}' appears twice in the header, at columns {} and {}; rename or remove one",
                        first + 1,
                        i + 1
                    ),
                )
                .at_line(1)
                .at_column(i, name),
            );
        }
    }
    issues
}

/// The closest name among `candidates` to a misspelled `name`, if it is close enough to suggest.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = name.to_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    // One name inside the other ("Salary" / "Base Salary") is the likeliest meaning.
    let containing = candidates.iter().find(|c| {
        let c = c.to_lowercase();
        c != wanted && wanted.len() >= 3 && (c.contains(&wanted) || (c.len() >= 3 && wanted.contains(&c)))
    });
    if let Some(c) = containing {
        return Some(c);
    }
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// "did you mean …?" text for a value, or an empty string.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates).map_or_else(String::new, |c| format!("; did you mean {}?", quoted(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ragged_row_is_reported_with_its_line() {
        let errs = check(b"a,b,c\n1,2,3\n4,5\n", "t.csv").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].to_string(),
            "t.csv:3: error: the row has the wrong number of fields (got 2 fields, expected 3 fields as in the header (a,b,c))"
        );
    }

    #[test]
    fn unclosed_quote_is_reported_on_the_line_it_opens() {
        let errs = check(b"a,b\n1,\"oops\n2,3\n4,5\n", "t.csv").unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].message.contains("quote"), "{}", errs[0]);
    }

    #[test]
    fn non_utf8_names_line_and_byte() {
        let errs = check(b"a,b\n1,2\n3,caf\xe9\n", "t.csv").unwrap_err();
        assert_eq!(errs[0].line, Some(3));
        assert_eq!(errs[0].got.as_deref(), Some("byte 0xE9"));
        assert!(errs[0].message.contains("column 6"), "{}", errs[0]);
    }

    #[test]
    fn empty_file_and_duplicate_header() {
        assert!(check(b"", "t.csv").unwrap_err()[0].message.contains("empty"));
        let errs = check(b"a,b,a\n1,2,3\n", "t.csv").unwrap_err();
        assert_eq!(errs[0].column, Some(3));
    }

    #[test]
    fn crlf_and_blank_lines_keep_line_numbers() {
        let errs = check(b"a,b,c\r\n1,2,3\r\n4,5\r\n", "t.csv").unwrap_err();
        assert_eq!(errs[0].line, Some(3));
        let s = check(b"a,b\n1,2\n\n3,4\n,\n\n", "t.csv").expect("test value");
        assert_eq!(s.record_lines, vec![2, 4]);
    }

    #[test]
    fn record_lines_follow_multiline_fields() {
        let s = check(b"a,b\n1,\"x\ny\"\n2,3\n", "t.csv").expect("test value");
        assert_eq!(s.record_lines, vec![2, 4]);
        assert_eq!(s.line_of(1), 4);
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("medain", ["median", "mean", "p10"]), Some("median"));
        assert_eq!(closest("zzz", ["median", "mean"]), None);
    }
}
