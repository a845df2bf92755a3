//! Generates Rust client crates from Smithy service models.
//!
//! The stages, each its own module: [`load`] (model files to one validated [`model::Model`]),
//! [`normalize`] (the service as the emitters see it, names resolved by [`naming`]),
//! [`emit`] (formatted files, protocol differences behind [`protocol::Protocol`]).

pub mod docs;
pub mod emit;
pub mod endpoint_tests;
pub mod endpoints;
pub mod error;
pub mod jmespath;
pub mod load;
pub mod model;
pub mod naming;
pub mod normalize;
pub mod protocol;
pub mod protocol_tests;

pub use error::{Diagnostic, Error};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Generates the crate for the service in the model at `path` (a file or a directory).
pub fn generate(path: &Path) -> Result<emit::Files, Error> {
    generate_with(path, &normalize::Options::default())
}

/// [`generate`] with the service and protocol `options` choose.
pub fn generate_with(path: &Path, options: &normalize::Options) -> Result<emit::Files, Error> {
    let model = load::from_path(path)?;
    let service = normalize::normalize_with(&model, options)?;
    emit_service(&service)
}

/// Generates the crate for the one service in `model`.
pub fn generate_model(model: &model::Model) -> Result<emit::Files, Error> {
    generate_model_with(model, &normalize::Options::default())
}

/// [`generate_model`] with `options` (the service, the protocol, the partitions file).
pub fn generate_model_with(model: &model::Model, options: &normalize::Options) -> Result<emit::Files, Error> {
    let service = normalize::normalize_with(model, options)?;
    emit_service(&service)
}

/// Generates every service in a models directory: each `.json` or `.smithy` file, or each
/// directory of model files, is one crate, placed under `<service>/` (the crate name without `sdk-`).
pub fn generate_all(models: &Path, options: &normalize::Options) -> Result<BTreeMap<PathBuf, String>, Error> {
    let read = |e: std::io::Error| Error::one(Diagnostic::new(format!("cannot read: {e}")).file(models));
    let mut entries: Vec<PathBuf> = std::fs::read_dir(models)
        .map_err(read)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "json" || e == "smithy"))
        .collect();
    entries.sort();
    let mut tree = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for entry in entries {
        let generated = load::from_path(&entry).and_then(|model| {
            let service = normalize::normalize_with(&model, options)?;
            let files = emit_service(&service)?;
            Ok((service.crate_name, files))
        });
        match generated {
            Ok((name, files)) => {
                let dir = name.strip_prefix("sdk-").unwrap_or(&name).to_owned();
                for (path, text) in files {
                    tree.insert(Path::new(&dir).join(path), text);
                }
            }
            Err(e) => diagnostics.extend(e.diagnostics),
        }
    }
    if diagnostics.is_empty() {
        Ok(tree)
    } else {
        Err(Error { diagnostics })
    }
}

/// The crate's files, after naming on stderr the operations left out of it.
fn emit_service(service: &normalize::Service) -> Result<emit::Files, Error> {
    for (operation, why) in &service.skipped {
        eprintln!("note: {}: the operation {operation} is not generated: {why}", service.id);
    }
    emit::emit(service).map_err(|e| Error::one(Diagnostic::new(e).shape(service.id.as_str())))
}
