//! Helpers for the project's tests: a moto server, a capture server, paths.

pub mod capture;
pub mod events;
pub mod faults;
pub mod moto;

use std::path::{Path, PathBuf};

/// The workspace root (the checkout).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The cargo target directory (for the moto virtualenv).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}
