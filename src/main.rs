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
    match cli::dispatch(args.command) {
        Ok(cli::Outcome::Ok) => ExitCode::SUCCESS,
        Ok(cli::Outcome::SomeFailed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("eventmap: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
