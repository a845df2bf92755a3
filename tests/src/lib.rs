//! Helpers for the project's tests: a moto server, a capture server, paths.

pub mod capture;
pub mod moto;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_owned).unwrap_or_default()
}

/// Where official models are read from: `../shared/aws-models` beside the checkout.
pub fn aws_models() -> PathBuf {
    root().join("../shared/aws-models")
}

/// The cargo target directory (for the moto virtualenv).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}
