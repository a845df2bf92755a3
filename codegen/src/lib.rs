//! Generates Rust client crates from Smithy service models.
//!
//! The stages, each its own module: [`load`] (model files to one validated [`model::Model`]),
//! [`normalize`] (the service as the emitters see it, names resolved by [`naming`]),
//! [`emit`] (formatted files, protocol differences behind [`protocol::Protocol`]).

pub mod docs;
pub mod emit;
pub mod error;
pub mod load;
pub mod model;
pub mod naming;
pub mod normalize;
pub mod protocol;

pub use error::{Diagnostic, Error};

use std::path::Path;

/// Generates the crate for the service in the model at `path` (a file or a directory).
pub fn generate(path: &Path) -> Result<emit::Files, Error> {
    let model = load::from_path(path)?;
    generate_model(&model)
}

/// Generates the crate for the one service in `model`.
pub fn generate_model(model: &model::Model) -> Result<emit::Files, Error> {
    let service = normalize::normalize(model)?;
    emit::emit(&service).map_err(|e| Error::one(Diagnostic::new(e).shape(service.id.as_str())))
}

/// The crate name `generate` gives the service in `model`.
pub fn crate_name(model: &model::Model) -> Result<String, Error> {
    Ok(normalize::normalize(model)?.crate_name)
}
