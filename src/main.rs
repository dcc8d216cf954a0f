//! The `eventmap` binary: parses flags, runs a command, maps the outcome to an exit code
//! (0 ok, 1 finished but some inputs failed, 2 usage or fatal error).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    cli::outdir::install_signal_cleanup();
    cli::release_free_memory_periodically();
    oversubscribe_workers();
    match cli::dispatch(args.command) {
        Ok(cli::Outcome::Ok) => ExitCode::SUCCESS,
        Ok(cli::Outcome::SomeFailed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("eventmap: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// On more than one core, two more extraction workers than cores, unless `RAYON_NUM_THREADS`
/// says otherwise. The thread that reads documents and writes their rows is not a worker and
/// runs in bursts; with only as many workers as cores, the finished records wait for it while
/// the workers run out of tasks, and a 2-core run spent a fifth more CPU than a 1-core one.
/// With two more, a 5 MB run takes about a tenth less CPU and wall time on 2 cores
/// (BENCHMARKS.md) for a few MiB of per-worker memory; on one core they cost CPU instead.
fn oversubscribe_workers() {
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 {
        return;
    }
    // Fails only if the pool was already built, which leaves rayon's default in place.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(cores + 2)
        .build_global();
}
