//! Progress of a run on standard error: a bar with bytes read of the total, documents/s,
//! MB/s and time left while it runs (only on a terminal), and one closing line with the
//! throughput (also when standard error is not a terminal; `-q` silences both).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// Inputs smaller than this finish too fast for a bar to help.
const BAR_MIN_BYTES: u64 = 2 << 20;

/// Counts documents and bytes as the pipeline takes them; shared by worker threads.
pub(super) struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    start: Instant,
    documents: AtomicU64,
    bytes: AtomicU64,
}

impl Progress {
    /// `total` is the number of input bytes, where known; `start` when the run began.
    pub fn new(total: Option<u64>, quiet: bool, start: Instant) -> Progress {
        let show =
            !quiet && std::io::stderr().is_terminal() && total.is_none_or(|t| t >= BAR_MIN_BYTES);
        Progress {
            bar: show.then(|| bar(total)),
            quiet,
            start,
            documents: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    /// One more document of `bytes` bytes was read.
    pub fn document(&self, bytes: u64) {
        let docs = self.documents.fetch_add(1, Ordering::Relaxed) + 1;
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        if let Some(b) = &self.bar {
            b.inc(bytes);
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            b.set_message(format!("{:.0} documents/s", docs as f64 / secs));
        }
    }

    /// Clears the bar and prints the closing line (unless quiet).
    pub fn finish(self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        if !self.quiet {
            eprintln!("eventmap: {}", self.summary());
        }
    }

    fn summary(&self) -> String {
        summary_line(
            self.documents.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
            self.start.elapsed(),
        )
    }
}

fn bar(total: Option<u64>) -> ProgressBar {
    let b = match total {
        Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = if total.is_some() {
        "{bar:30} {decimal_bytes}/{decimal_total_bytes} {mbps} {msg} ETA {eta}"
    } else {
        "{spinner} {decimal_bytes} {mbps} {msg}"
    };
    b.set_style(
        ProgressStyle::with_template(template)
            .expect("valid template")
            .with_key("mbps", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.1} MB/s", s.per_sec() / 1e6);
            }),
    );
    b.enable_steady_tick(Duration::from_millis(200));
    b
}

/// "12,598 documents, 20.0 MB in 3.21 s: 6.2 MB/s, 3,924 documents/s".
fn summary_line(documents: u64, bytes: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64().max(1e-6);
    format!(
        "{} document{}, {:.1} MB in {:.2} s: {:.1} MB/s, {:.0} documents/s",
        documents,
        if documents == 1 { "" } else { "s" },
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        documents as f64 / secs
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_gives_throughput() {
        let s = summary_line(4000, 20_000_000, Duration::from_secs(4));
        assert_eq!(
            s,
            "4000 documents, 20.0 MB in 4.00 s: 5.0 MB/s, 1000 documents/s"
        );
        assert!(summary_line(1, 10, Duration::ZERO).starts_with("1 document, "));
    }
}
