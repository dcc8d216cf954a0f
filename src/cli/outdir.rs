//! Output sets that are all new or all old.
//!
//! `run --out DIR` writes several files that belong together. They are written into a
//! temporary folder beside `DIR` (`.DIR.eventmap-tmp-PID`) and the folder is moved into place
//! at the end, so a failed, interrupted or concurrent run never leaves a mix of new and old
//! files: on Linux the two folders are swapped in one `renameat2(RENAME_EXCHANGE)`; elsewhere
//! the old folder is renamed aside first. Files in `DIR` that are not part of the set (a
//! README, say) are carried over to the new folder.
//!
//! A lock (`DIR/.eventmap.lock`, `flock`) makes a second run on the same `DIR` fail at once
//! with a message instead of mixing. The lock file is hard-linked into the new folder, so a
//! run that starts during the swap still finds the locked file.
//!
//! Temporary files and folders are registered with [`install_signal_cleanup`]'s handler, which
//! removes them on SIGINT and SIGTERM before exiting (130 / 143); on errors they are removed
//! when the [`OutputSet`] or [`TempFile`] is dropped.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context};

/// Paths to delete if the process is interrupted.
static CLEANUP: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The name of the lock file inside an output folder.
pub const LOCK_NAME: &str = ".eventmap.lock";

fn register(p: &Path) {
    if let Ok(mut v) = CLEANUP.lock() {
        v.push(p.to_path_buf());
    }
}

fn unregister(p: &Path) {
    if let Ok(mut v) = CLEANUP.lock() {
        v.retain(|q| q != p);
    }
}

fn remove_any(p: &Path) {
    if p.is_dir() {
        let _ = std::fs::remove_dir_all(p);
    } else {
        let _ = std::fs::remove_file(p);
    }
}

/// Starts a thread that, on SIGINT or SIGTERM, removes every registered temporary path and
/// exits with 128 + the signal number. Call once, early in `main`.
pub fn install_signal_cleanup() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            // The lock may be held by a thread that will never run again; take what we can.
            let paths = match CLEANUP.try_lock() {
                Ok(v) => v.clone(),
                Err(_) => Vec::new(),
            };
            for p in paths {
                remove_any(&p);
            }
            eprintln!("eventmap: interrupted; nothing was written");
            std::process::exit(128 + sig);
        }
    });
}

/// A file written under a temporary name and renamed into place by [`TempFile::commit`];
/// removed if dropped uncommitted or on a signal.
pub struct TempFile {
    tmp: PathBuf,
    dest: PathBuf,
}

impl TempFile {
    /// Writes `bytes` to a temporary file beside `dest`.
    pub fn write(dest: &Path, bytes: &[u8]) -> anyhow::Result<TempFile> {
        let name = dest
            .file_name()
            .with_context(|| format!("{}: not a file name", dest.display()))?;
        let tmp = dest.with_file_name(format!(
            ".{}.eventmap-tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        register(&tmp);
        let file = TempFile {
            tmp,
            dest: dest.to_path_buf(),
        };
        std::fs::write(&file.tmp, bytes)
            .with_context(|| format!("{}: cannot write", file.dest.display()))?;
        Ok(file)
    }

    /// Moves the file into place.
    pub fn commit(self) -> anyhow::Result<()> {
        std::fs::rename(&self.tmp, &self.dest)
            .with_context(|| format!("{}: cannot write", self.dest.display()))?;
        unregister(&self.tmp);
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.tmp.exists() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        unregister(&self.tmp);
    }
}

/// Writes one file atomically (temporary name, then rename), cleaned up on a signal.
pub fn write_file(dest: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    TempFile::write(dest, bytes)?.commit()
}

/// The files of one run, written into a temporary folder and moved into place together.
pub struct OutputSet {
    out: PathBuf,
    tmp: PathBuf,
    lock: Option<File>,
    names: Vec<String>,
}

impl OutputSet {
    /// Creates `out` if needed, takes its lock and makes the temporary folder beside it.
    pub fn begin(out: &Path) -> anyhow::Result<OutputSet> {
        std::fs::create_dir_all(out)
            .with_context(|| format!("{}: cannot create the --out folder", out.display()))?;
        let lock_path = out.join(LOCK_NAME);
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("{}: the --out folder is not writable", out.display()))?;
        try_lock(&lock).with_context(|| {
            format!(
                "{}: another eventmap run is writing this folder; wait for it or choose another --out",
                out.display()
            )
        })?;
        let name = out
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
        let tmp = parent
            .unwrap_or(Path::new("."))
            .join(format!(".{name}.eventmap-tmp-{}", std::process::id()));
        remove_any(&tmp);
        register(&tmp);
        let set = OutputSet {
            out: out.to_path_buf(),
            tmp,
            lock: Some(lock),
            names: Vec::new(),
        };
        std::fs::create_dir(&set.tmp).with_context(|| {
            format!(
                "{}: cannot create a temporary folder beside --out",
                set.tmp.display()
            )
        })?;
        Ok(set)
    }

    /// Writes one file of the set (into the temporary folder) and returns its final path.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
        let final_path = self.out.join(name);
        std::fs::write(self.tmp.join(name), bytes)
            .with_context(|| format!("{}: cannot write", final_path.display()))?;
        self.names.push(name.to_string());
        Ok(final_path)
    }

    /// Creates one file of the set (in the temporary folder) for a writer to stream into;
    /// returns it and its final path.
    pub fn create(&mut self, name: &str) -> anyhow::Result<(File, PathBuf)> {
        let final_path = self.out.join(name);
        let f = File::create(self.tmp.join(name))
            .with_context(|| format!("{}: cannot write", final_path.display()))?;
        self.names.push(name.to_string());
        Ok((f, final_path))
    }

    /// Moves the set into place: `out` then holds exactly the files written, plus the files
    /// of the old `out` that are not eventmap outputs.
    pub fn commit(mut self, known: &[&str]) -> anyhow::Result<()> {
        let lock_src = self.out.join(LOCK_NAME);
        let _ = std::fs::hard_link(&lock_src, self.tmp.join(LOCK_NAME));
        self.carry_over(known)?;
        let old = swap_into_place(&self.tmp, &self.out)?;
        // `self.tmp` now holds the old set (or nothing): remove it.
        if let Some(old) = old {
            let _ = std::fs::remove_dir_all(old);
        }
        unregister(&self.tmp);
        drop(self.lock.take());
        Ok(())
    }

    /// Moves files of the old folder that this run does not write into the new one.
    fn carry_over(&self, known: &[&str]) -> anyhow::Result<()> {
        let entries = std::fs::read_dir(&self.out)
            .with_context(|| format!("{}: cannot list", self.out.display()))?;
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name == LOCK_NAME || known.contains(&name.as_str()) || self.names.contains(&name) {
                continue;
            }
            std::fs::rename(e.path(), self.tmp.join(&name)).with_context(|| {
                format!(
                    "{}: cannot move into the new output set",
                    e.path().display()
                )
            })?;
        }
        Ok(())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        if self.tmp.exists() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
        unregister(&self.tmp);
    }
}

/// Puts `new` at `dest`; returns where the old folder went (to be removed), if anywhere.
fn swap_into_place(new: &Path, dest: &Path) -> anyhow::Result<Option<PathBuf>> {
    #[cfg(target_os = "linux")]
    if exchange(new, dest).is_ok() {
        return Ok(Some(new.to_path_buf()));
    }
    let aside = new.with_extension("old");
    std::fs::rename(dest, &aside)
        .with_context(|| format!("{}: cannot replace the output folder", dest.display()))?;
    if let Err(e) = std::fs::rename(new, dest) {
        let _ = std::fs::rename(&aside, dest);
        return Err(e)
            .with_context(|| format!("{}: cannot move the new output set", dest.display()));
    }
    Ok(Some(aside))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(unix)]
fn try_lock(f: &File) -> anyhow::Result<()> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: the descriptor is open for the life of `f`.
    let r = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        Ok(())
    } else {
        bail!("locked ({})", std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn try_lock(_f: &File) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_old_files_and_keeps_foreign_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("map.png"), b"old").unwrap();
        std::fs::write(out.join("places.geojson"), b"old").unwrap();
        std::fs::write(out.join("notes.md"), b"mine").unwrap();
        let mut set = OutputSet::begin(&out).unwrap();
        set.write("places.geojson", b"new").unwrap();
        // Not yet visible.
        assert_eq!(std::fs::read(out.join("places.geojson")).unwrap(), b"old");
        set.commit(&["places.geojson", "map.png"]).unwrap();
        assert_eq!(std::fs::read(out.join("places.geojson")).unwrap(), b"new");
        assert!(
            !out.join("map.png").exists(),
            "a file of the old set survived"
        );
        assert_eq!(std::fs::read(out.join("notes.md")).unwrap(), b"mine");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "temporary folders left: {left:?}");
    }

    #[test]
    fn dropped_set_leaves_old_files_and_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("places.geojson"), b"old").unwrap();
        {
            let mut set = OutputSet::begin(&out).unwrap();
            set.write("places.geojson", b"new").unwrap();
        }
        assert_eq!(std::fs::read(out.join("places.geojson")).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn second_set_on_one_folder_fails_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let _first = OutputSet::begin(&out).unwrap();
        let err = OutputSet::begin(&out).err().expect("second lock must fail");
        assert!(
            format!("{err:#}").contains("another eventmap run"),
            "{err:#}"
        );
    }
}
