//! Runs the `all` target once on each file given (crashes, hangs, seeds), outside AFL++:
//! `cargo afl build --release && target/release/replay out/default/crashes/*`.

fn main() {
    let t0 = std::time::Instant::now();
    eventmap_fuzz::init();
    eprintln!("init: {:.2?}", t0.elapsed());
    for path in std::env::args().skip(1) {
        let data = std::fs::read(&path).expect("readable file");
        let t = std::time::Instant::now();
        eventmap_fuzz::all(&data);
        eprintln!("{path}: ok in {:.2?}", t.elapsed());
    }
}
