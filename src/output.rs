//! The only places that write: stdout (tolerating a closed pipe) and output files (atomically).

use std::io::{ErrorKind, Write};
use std::path::Path;

use anyhow::{Context, Result};

use crate::error::WagescopeError;

/// Print to stdout; a reader that closed the pipe early (`| head`) is not an error.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(e).context("writing to standard output"),
        _ => Ok(()),
    }
}

/// Fail early (before any computation) when `path` cannot be written: its directory must exist.
pub fn check_output_path(path: &Path) -> Result<()> {
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Err(WagescopeError::Usage(format!(
            "cannot write {}: directory {} does not exist",
            path.display(),
            dir.display()
        ))
        .into());
    }
    if path.is_dir() {
        return Err(WagescopeError::Usage(format!(
            "cannot write {}: it is a directory; give a file name",
            path.display()
        ))
        .into());
    }
    Ok(())
}

fn parent_dir(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Write `bytes` to `path` completely or not at all (see [`write_atomic_with`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |file| Ok(file.write_all(bytes)?))
}

/// Write `path` completely or not at all: `write` fills a temp file in the same directory, which is
/// synced and renamed over the target only if `write` succeeds (else it is removed).
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    let dir = parent_dir(path);
    let mut temp = tempfile::Builder::new()
        .prefix(".wagescope-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    write(temp.as_file_mut()).with_context(|| format!("writing {}", path.display()))?;
    temp.as_file().sync_all().with_context(|| format!("writing {}", path.display()))?;
    // A temp file is created private (0600); a report is an ordinary document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("setting permissions of {}", path.display()))?;
    }
    temp.persist(path).map_err(|e| e.error).with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}
