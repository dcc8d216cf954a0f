//! The one test pipeline (and so the one test gazetteer: the bundled one) of the integration
//! tests, loaded once per test binary. `mod common;` in a test file brings it in.

use std::sync::OnceLock;

use eventmap::Pipeline;

/// The shared pipeline over the bundled gazetteer.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builder().build())
}
