//! The command line. Only this module and `main.rs` touch argv, the terminal and exit codes.
//!
//! [`args`] defines the flags; each command lives in its own file ([`run`], [`extract`],
//! [`merge`], [`gazetteer`], [`render`], [`eval`]); [`outputs`] drives the writers of `run`
//! and `merge`; [`dispatch`] maps a parsed command to its function.

pub mod args;
mod eval;
mod explain;
mod extract;
mod gazetteer;
mod merge;
pub mod outdir;
mod outputs;
mod progress;
mod render;
mod run;

use std::io::Write;

use anyhow::bail;

use eventmap::gazetteer::GazetteerBuilder;
use eventmap::render::{Extent, MapOptions};
use eventmap::Gazetteer;

pub use args::{Cli, Command};
use args::{GazArgs, MapArgs};

/// Runs a parsed command.
pub fn dispatch(command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Run(a) => run::run(a),
        Command::Gazetteer(c) => gazetteer::gazetteer(c),
        Command::Render(a) => render::render_cmd(a),
        Command::Eval(a) => eval::eval(a),
        Command::Extract(a) => extract::extract(a),
        Command::Merge(a) => merge::merge(a),
    }
}

/// What a command achieved: everything, or with some inputs failing.
pub enum Outcome {
    Ok,
    SomeFailed,
}

/// Builds the gazetteer; returns it and the number of rows skipped (each reported).
pub(crate) fn build_gazetteer(args: &GazArgs) -> anyhow::Result<(Gazetteer, usize)> {
    let own_files = !(args.geonames.is_empty() && args.places.is_empty());
    if args.no_bundled && !own_files {
        bail!("--no-bundled leaves an empty gazetteer: give --places FILE or --geonames FILE too, or drop --no-bundled");
    }
    let mut b = GazetteerBuilder::new();
    b.bundled(!args.no_bundled);
    for p in &args.geonames {
        b.geonames(p);
    }
    for p in &args.alternate_names {
        b.alternate_names(p);
    }
    for p in &args.admin1_codes {
        b.admin1_codes(p);
    }
    for p in &args.places {
        b.extra(p);
    }
    let (gaz, problems) = b.build()?;
    // Skipped rows are failures (exit 1), so they are reported even with -q.
    for p in problems.iter().take(20) {
        let msg = p.to_string();
        let what = if msg.ends_with("(file skipped)") {
            ""
        } else {
            " (row skipped)"
        };
        eprintln!("eventmap: {msg}{what}");
    }
    if problems.len() > 20 {
        eprintln!(
            "eventmap: {} more malformed gazetteer rows skipped",
            problems.len() - 20
        );
    }
    Ok((gaz, problems.len()))
}

pub(crate) fn map_options(m: &MapArgs) -> anyhow::Result<MapOptions> {
    let extent: Extent = m.extent.parse()?;
    let opts = MapOptions {
        width: m.width,
        height: m.height,
        scale: m.scale,
        title: m.title.clone(),
        extent,
    };
    opts.validate()?;
    Ok(opts)
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
pub(crate) fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

/// Whether file descriptor 1 was closed when the process started (`>&-`). Rust's runtime
/// then opens /dev/null in its place before `main`, so writes would vanish silently; the
/// check runs earlier, from the ELF initialiser list.
pub(crate) fn stdout_is_closed() -> bool {
    STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed)
}

static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static CHECK_STDOUT: extern "C" fn() = {
    extern "C" fn check() {
        // SAFETY: F_GETFD only queries the descriptor's flags.
        let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
        STDOUT_CLOSED.store(closed, std::sync::atomic::Ordering::Relaxed);
    }
    check
};

/// Every half second, gives the memory the allocator holds free back to the system (see
/// [`release_free_memory`]), from a thread of its own for as long as the process runs. glibc
/// gives each extraction worker an arena of its own, and what a worker frees stays with its
/// arena, in pages that also hold live records: a 100 MB run's arenas held some 30 MB for 15 MB
/// in use, and the peak grew with the length of the run (62–67 MB at 100 MB of input, 44–48
/// MB at 1 MB; 57–59 MB with this), at no cost in CPU time measurable by an A/B timer.
pub(crate) fn release_free_memory_periodically() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // Without the thread (the system refuses one) the memory is released at the end only.
    let _ = std::thread::Builder::new()
        .name("release-memory".into())
        .spawn(|| loop {
            std::thread::sleep(std::time::Duration::from_millis(500));
            release_free_memory();
        });
}

/// Gives the memory the allocator holds free back to the system: called between streaming
/// the documents and merging the events, so that the merge's arrays do not come on top of
/// what the parallel extraction used and freed (the threads' allocator arenas keep it).
pub(crate) fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}
