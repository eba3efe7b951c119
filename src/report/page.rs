//! What every report page carries besides its figures: title, organization, an optional
//! generation time, and a content hash of the inputs, so a reader can tell two reports built from
//! the same data apart from two built from different data — without the time making the bytes
//! differ.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use anyhow::Result;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::data::DataSource;
use crate::data::embedded;
use crate::data::schema::{CPI, DATASET_TABLES};
use crate::error::WagescopeError;

/// Page-level fields, under `page` in every template's context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageMeta {
    pub title: String,
    pub organization: Option<String>,
    /// Only when asked for (`--generated-at` or SOURCE_DATE_EPOCH).
    pub generated_at: Option<String>,
    /// SHA-256 (hex) of the input files' own SHA-256 digests, in the order of `inputs`: one value
    /// that changes when any input's content does, and only then.
    pub input_hash: String,
    /// Each input file with the SHA-256 of its content (`sha256sum FILE` gives the same).
    pub inputs: Vec<InputFile>,
    pub generator: String,
}

/// One input file and the SHA-256 (hex) of its bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputFile {
    pub name: String,
    pub sha256: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 (hex) of a file's bytes, streamed: a large file is never held in memory.
fn sha256_of(path: &Path) -> Result<String> {
    let read_error = |source| WagescopeError::Read { path: path.to_path_buf(), source };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).map_err(read_error)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// A file's SHA-256 computed on a thread of its own, started before the report reads the file and
/// taken ([`Inputs::hashed`]) once the report is built: hashing 10M rows of CSV (727 MB) takes
/// about 0.5 s on one core, which otherwise came after all the rest. Without a thread (the system
/// refused one), the file is hashed when taken.
pub struct Hashing {
    path: PathBuf,
    thread: Option<JoinHandle<Result<String>>>,
}

impl Hashing {
    pub fn start(path: &Path) -> Hashing {
        let owned = path.to_path_buf();
        let thread = std::thread::Builder::new().name("input hash".into()).spawn(move || sha256_of(&owned)).ok();
        Hashing { path: path.to_path_buf(), thread }
    }
}

/// The input files of a report, each hashed as it is read.
#[derive(Default)]
pub struct Inputs {
    files: Vec<InputFile>,
}

impl Inputs {
    fn add_bytes(&mut self, name: &str, bytes: &[u8]) {
        self.files.push(InputFile { name: name.to_string(), sha256: hex(&Sha256::digest(bytes)) });
    }

    /// The dataset's table files (embedded, or those present in the directory), in schema order.
    pub fn dataset(&mut self, source: &DataSource) -> Result<()> {
        for spec in DATASET_TABLES.iter().copied().chain(std::iter::once(&CPI)) {
            match source {
                DataSource::Embedded if spec.file == CPI.file => self.cpi(),
                DataSource::Embedded => {
                    if let Some(text) = embedded::file(spec.file) {
                        self.add_bytes(&format!("{}/{}", embedded::DIR_LABEL, spec.file), text.as_bytes());
                    }
                }
                // An import on the fly is hashed by its agency files, not by the temporary copy.
                DataSource::Imported { .. } => {}
                DataSource::Dir(dir) => {
                    let path = dir.join(spec.file);
                    if path.is_file() {
                        self.file(&path)?;
                    } else if spec.file == CPI.file {
                        self.cpi();
                    }
                }
            }
        }
        Ok(())
    }

    /// The shipped CPI-U series (used for constant dollars).
    pub fn cpi(&mut self) {
        self.add_bytes(embedded::CPI_LABEL, embedded::CPI.as_bytes());
    }

    /// A user's file (microdata, roster), streamed: a large file is never held in memory.
    pub fn file(&mut self, path: &Path) -> Result<()> {
        let sha256 = sha256_of(path)?;
        self.files.push(InputFile { name: path.display().to_string(), sha256 });
        Ok(())
    }

    /// A file whose hash was started with [`Hashing::start`], in this place of the list.
    pub fn hashed(&mut self, hashing: Hashing) -> Result<()> {
        let sha256 = match hashing.thread.map(JoinHandle::join) {
            Some(Ok(digest)) => digest?,
            Some(Err(_)) => anyhow::bail!("hashing {} failed", hashing.path.display()),
            None => sha256_of(&hashing.path)?,
        };
        self.files.push(InputFile { name: hashing.path.display().to_string(), sha256 });
        Ok(())
    }

    /// (combined hex digest, the files).
    pub fn finish(self) -> (String, Vec<InputFile>) {
        let mut hasher = Sha256::new();
        for f in &self.files {
            hasher.update(f.sha256.as_bytes());
        }
        (hex(&hasher.finalize()), self.files)
    }
}

/// The generation time to print: `--generated-at` as given, else SOURCE_DATE_EPOCH (seconds since
/// 1970) as a UTC date and time, else none. A SOURCE_DATE_EPOCH that is not a whole number is a
/// usage error.
pub fn generated_at(option: Option<&str>, source_date_epoch: Option<&str>) -> Result<Option<String>> {
    if let Some(text) = option {
        return Ok(Some(text.to_string()));
    }
    let Some(epoch) = source_date_epoch.map(str::trim).filter(|e| !e.is_empty()) else { return Ok(None) };
    let seconds: i64 = epoch.parse().map_err(|_| {
        WagescopeError::Usage(format!("SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch:?}"))
    })?;
    Ok(Some(utc(seconds)))
}

/// "2026-11-24 10:00:00 UTC" for seconds since 1970 (proleptic Gregorian; H. Hinnant's
/// days-to-civil algorithm).
pub fn utc(seconds: i64) -> String {
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC", secs / 3_600, secs % 3_600 / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(1_795_521_600), "2026-11-24 12:00:00 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59:59 UTC");
    }

    #[test]
    fn generation_time_sources() {
        assert_eq!(generated_at(Some("today"), Some("0")).expect("ok"), Some("today".into()));
        assert_eq!(generated_at(None, Some("0")).expect("ok"), Some("1970-01-01 00:00:00 UTC".into()));
        assert_eq!(generated_at(None, None).expect("ok"), None);
        assert!(generated_at(None, Some("soon")).is_err());
    }

    #[test]
    fn a_file_hashed_on_its_own_thread_is_hashed_as_read_in_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("micro.csv");
        std::fs::write(&path, b"abc").expect("write");
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let mut inputs = Inputs::default();
        let hashing = Hashing::start(&path);
        inputs.cpi();
        inputs.hashed(hashing).expect("hashed");
        inputs.file(&path).expect("file");
        let (_, files) = inputs.finish();
        assert_eq!(files[0].name, embedded::CPI_LABEL, "in the place it is taken, not started");
        assert_eq!((files[1].sha256.as_str(), files[2].sha256.as_str()), (abc, abc));
        // Without a thread (the system refused one), the file is hashed when taken.
        let mut inputs = Inputs::default();
        inputs.hashed(Hashing { path: path.clone(), thread: None }).expect("hashed without a thread");
        assert_eq!(inputs.finish().1[0].sha256, abc);
        let missing = dir.path().join("gone.csv");
        let error = Inputs::default().hashed(Hashing::start(&missing)).expect_err("missing");
        assert!(format!("{error:#}").contains("gone.csv"), "{error:#}");
    }

    #[test]
    fn the_hash_follows_contents_not_names() {
        let hash = |parts: &[(&str, &[u8])]| {
            let mut inputs = Inputs::default();
            for (name, bytes) in parts {
                inputs.add_bytes(name, bytes);
            }
            inputs.finish()
        };
        assert_eq!(hash(&[("a", b"1")]).0, hash(&[("b", b"1")]).0, "a renamed copy has the same hash");
        assert_ne!(hash(&[("a", b"1")]).0, hash(&[("a", b"2")]).0);
        assert_ne!(hash(&[("a", b"1"), ("b", b"2")]).0, hash(&[("a", b"12")]).0);
        // Each file's digest is the plain SHA-256 of its bytes: sha256sum of "abc".
        assert_eq!(
            hash(&[("x", b"abc")]).1[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
