//! The one test gazetteer and pipeline of the unit tests: the bundled gazetteer, loaded once
//! per test binary and shared by every module's tests (integration tests share theirs through
//! `tests/common/mod.rs`).

use std::sync::OnceLock;

use crate::gazetteer::Gazetteer;
use crate::pipeline::Pipeline;

/// The shared pipeline over the bundled gazetteer.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builder().build())
}

/// The shared test gazetteer (the pipeline's).
pub fn gazetteer() -> &'static Gazetteer {
    pipeline().gazetteer()
}
