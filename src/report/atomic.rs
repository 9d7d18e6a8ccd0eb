//! Atomic report files: every report is written to a hidden temporary file
//! beside its destination and renamed over it only once complete, so an
//! interrupted run never leaves a half-written workbook, and the checks
//! that run before any work starts (the output folder is writable, the
//! output is not one of the inputs). The temporary files being written
//! are listed, so that an interrupted run ([`interrupted`]) removes them.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use tempfile::{Builder, NamedTempFile};

/// Writes `path` atomically: `write` fills a temporary file in the same
/// folder, which is then renamed over `path`.
///
/// The temporary file is named `.<file name>.<random>.tmp`; it is removed
/// when `write` or the rename fails, so the previous `path` (if any) is
/// left as it was. The new file is readable by its owner only, because
/// reports hold personal data.
///
/// # Errors
///
/// Any error of `write`, and any error creating, flushing or renaming the
/// temporary file.
pub fn write_file<F>(path: &Path, write: F) -> io::Result<()>
where
    F: FnOnce(&mut File) -> io::Result<()>,
{
    let (mut temp, listed) = temp_beside(path)?;

    write(temp.as_file_mut())?;
    temp.as_file_mut().sync_all()?;

    temp.persist(path).map_err(|err| err.error)?;
    listed.renamed();
    Ok(())
}

/// Writes `path` atomically like [`write_file`], for writers that want a
/// path rather than an open file (`rust_xlsxwriter`'s `save`).
///
/// `write` gets the path of an empty temporary file in the same folder,
/// which it may truncate and rewrite; it is renamed over `path` when
/// `write` succeeds and removed otherwise.
///
/// # Errors
///
/// Any error of `write`, and any error creating or renaming the temporary
/// file (converted into `E`).
pub fn write_path<F, E>(path: &Path, write: F) -> Result<(), E>
where
    F: FnOnce(&Path) -> Result<(), E>,
    E: From<io::Error>,
{
    // Closing our handle first lets the writer open the file itself on
    // every platform; the path still deletes the file when dropped.
    let (temp, listed) = temp_beside(path)?;
    let temp = temp.into_temp_path();

    write(&temp)?;

    temp.persist(path).map_err(|err| E::from(err.error))?;
    listed.renamed();
    Ok(())
}

/// The temporary report files being written, by every thread.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    // The list stays consistent whatever panicked while holding it: each
    // change is one push or one removal.
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A temporary file's place in [`LIVE`]. Dropped before the file was
/// renamed into place (a failed write, a panic), it deletes the file while
/// the list is locked and only then takes it out, so an interrupt never
/// falls between the two and leaves the file behind.
struct Listed {
    path: PathBuf,
    renamed: bool,
}

impl Listed {
    /// Creates a temporary file with `builder` in `dir` and lists it in
    /// one step. The list stays locked while the file is created: an
    /// interrupt either comes first (and the file is never made, because
    /// [`interrupted`] keeps the list locked until the process ends) or
    /// finds the file listed.
    fn create(builder: &Builder, dir: &Path) -> io::Result<(NamedTempFile, Listed)> {
        let mut live = live();
        let temp = builder.tempfile_in(dir)?;
        let path = temp.path().to_path_buf();
        live.push(path.clone());
        Ok((
            temp,
            Listed {
                path,
                renamed: false,
            },
        ))
    }

    /// Marks the file renamed into place: the guard then only takes it
    /// out of the list.
    fn renamed(mut self) {
        self.renamed = true;
    }
}

impl Drop for Listed {
    fn drop(&mut self) {
        let mut live = live();
        if !self.renamed {
            // Gone already when its own guard deleted it first.
            let _ = std::fs::remove_file(&self.path);
        }
        if let Some(at) = live.iter().position(|p| *p == self.path) {
            live.swap_remove(at);
        }
    }
}

/// Removes every temporary report file still being written and exits with
/// `code`: what a Ctrl-C handler calls, so an interrupted run leaves no
/// partial report behind. Reports already renamed into place are whole
/// and stay.
///
/// The list stays locked until the process ends, so no writer can start
/// a new temporary file in between.
pub fn interrupted(code: i32) -> ! {
    let live = live();
    remove_all(&live);
    std::process::exit(code)
}

fn remove_all(paths: &[PathBuf]) {
    for path in paths {
        // A file renamed a moment ago is gone already; nothing to do.
        let _ = std::fs::remove_file(path);
    }
}

/// Checks, before any work starts, that a report can be written to `path`:
/// its folder exists, is a folder, and accepts a new file; and `path` is
/// not itself a folder.
///
/// # Errors
///
/// `NotFound` when the folder is missing, `InvalidInput` when the folder
/// or `path` is the wrong kind of entry, or the error creating a probe
/// file (permission denied, read-only file system).
pub fn check_writable(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        return Err(invalid(path, "is a folder, not a file"));
    }

    let dir = parent(path);
    let meta = std::fs::metadata(dir).map_err(located(dir))?;
    if !meta.is_dir() {
        return Err(invalid(dir, "is not a folder"));
    }

    // The probe is dropped (and deleted) at once: only creating it
    // matters. It is listed like a report, so Ctrl-C removes it too.
    let mut probe = Builder::new();
    probe.prefix(".tenant-audit-probe.").suffix(".tmp");
    Listed::create(&probe, dir).map(drop).map_err(located(dir))
}

/// What tells an existing file from every other: its device and inode on
/// Unix (which sees through every spelling, symbolic and hard link), its
/// canonical path elsewhere. Taken once for a path compared with many;
/// callers use it to refuse to write a report over one of the inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileId(Identity);

#[cfg(unix)]
type Identity = (u64, u64);

#[cfg(not(unix))]
type Identity = PathBuf;

impl FileId {
    /// The identity of the file at `path`; `None` when there is none.
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;

        let meta = std::fs::metadata(path).ok()?;
        Some(FileId((meta.dev(), meta.ino())))
    }

    /// The identity of the file at `path`; `None` when there is none.
    #[cfg(not(unix))]
    pub fn of(path: &Path) -> Option<FileId> {
        path.canonicalize().ok().map(FileId)
    }
}

/// A hidden temporary file in the folder of `path`, so the final rename
/// never crosses file systems; listed for [`interrupted`].
fn temp_beside(path: &Path) -> io::Result<(NamedTempFile, Listed)> {
    let name = path.file_name().map_or_else(
        || "report".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let prefix = format!(".{name}.");
    let mut builder = Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    Listed::create(&builder, parent(path))
}

/// The folder holding `path`; `.` for a bare file name.
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Prefixes an error's message with the path it is about.
fn located(path: &Path) -> impl Fn(io::Error) -> io::Error + '_ {
    move |err| io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

fn invalid(path: &Path, what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{} {what}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn write_file_replaces_the_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();

        write_file(&path, |f| f.write_all(b"new")).unwrap();

        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(entries(dir.path()), vec!["out.json"]);
    }

    #[test]
    fn failed_write_keeps_the_original_and_removes_the_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();

        let result = write_file(&path, |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });

        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(entries(dir.path()), vec!["out.csv"]);
    }

    #[test]
    fn temp_files_are_hidden_beside_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.xlsx");
        let mut seen = None;

        write_path(&path, |temp: &Path| -> io::Result<()> {
            seen = Some(temp.to_path_buf());
            std::fs::write(temp, "book")
        })
        .unwrap();

        let temp = seen.unwrap();
        let name = temp.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(temp.parent(), Some(dir.path()));
        assert!(name.starts_with(".report.xlsx.") && name.ends_with(".tmp"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "book");
        assert_eq!(entries(dir.path()), vec!["report.xlsx"]);
    }

    #[test]
    fn failed_write_path_removes_the_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.xlsx");

        let result = write_path(&path, |temp: &Path| -> io::Result<()> {
            std::fs::write(temp, "half")?;
            Err(io::Error::other("boom"))
        });

        assert!(result.is_err());
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn temp_files_are_listed_while_written_and_removable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("listed.json");
        write_file(&path, |f| {
            let temp = live().iter().find(|p| p.starts_with(dir.path())).cloned();
            let temp = temp.expect("the temporary file is listed");
            assert!(temp.exists());
            remove_all(std::slice::from_ref(&temp));
            assert!(!temp.exists());
            f.write_all(b"x")
        })
        .unwrap_err();
        assert!(entries(dir.path()).is_empty());
        assert!(!live().iter().any(|p| p.starts_with(dir.path())));
    }

    #[test]
    fn check_writable_needs_an_existing_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_writable(&dir.path().join("a.xlsx")).is_ok());
        assert!(check_writable(&dir.path().join("no/such/a.xlsx")).is_err());
        assert!(check_writable(dir.path()).is_err());

        let file = dir.path().join("plain");
        std::fs::write(&file, "").unwrap();
        assert!(check_writable(&file.join("a.xlsx")).is_err());
        assert_eq!(entries(dir.path()), vec!["plain"]);
    }

    /// Whether `a` and `b` name the same existing file.
    fn same_file(a: &Path, b: &Path) -> bool {
        FileId::of(a).is_some_and(|id| FileId::of(b) == Some(id))
    }

    #[test]
    fn same_file_sees_through_spellings() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("users.csv");
        std::fs::write(&a, "x").unwrap();
        let dotted = dir.path().join(".").join("users.csv");
        let other = dir.path().join("other.csv");

        assert!(same_file(&a, &dotted));
        assert!(!same_file(&a, &other));
        std::fs::write(&other, "x").unwrap();
        assert!(!same_file(&a, &other));
    }

    #[cfg(unix)]
    #[test]
    fn same_file_sees_hard_links() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("users.csv");
        let b = dir.path().join("link.csv");
        std::fs::write(&a, "x").unwrap();
        std::fs::hard_link(&a, &b).unwrap();
        assert!(same_file(&a, &b));
    }
}
