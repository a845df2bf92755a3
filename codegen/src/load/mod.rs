//! Loading: model files into one [`Model`], with the prelude, `apply` statements and
//! mixins resolved, then validated.

mod assemble;
mod idl;
mod json;
mod prelude;

use crate::error::{Diagnostic, Error, Result};
use crate::model::Model;
use std::path::{Path, PathBuf};

pub use assemble::Fragment;

/// Loads one JSON AST document given as text; `file` names it in diagnostics.
pub fn from_json_str(text: &str, file: impl Into<PathBuf>) -> Result<Model> {
    let fragment = json::parse(text, &file.into())?;
    assemble::assemble(vec![fragment])
}

/// Loads one IDL document given as text; `file` names it in diagnostics.
pub fn from_idl_str(text: &str, file: impl Into<PathBuf>) -> Result<Model> {
    let file = file.into();
    let parsed = idl::parse(text, &file).map_err(Error::one)?;
    load_sources(Vec::new(), vec![parsed])
}

/// Loads a model file, or every model file (`.json` and `.smithy`) in a directory
/// (recursively), as one model.
pub fn from_path(path: &Path) -> Result<Model> {
    from_paths(&[path.to_owned()])
}

/// Loads every model file under each of `paths` as one model.
pub fn from_paths(paths: &[PathBuf]) -> Result<Model> {
    let mut files = Vec::new();
    for path in paths {
        collect_files(path, &mut files)?;
    }
    if files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Diagnostic::new(format!("no .json or .smithy model files found in {}", shown.join(", "))).into());
    }
    let mut json = Vec::new();
    let mut idl_files = Vec::new();
    let mut diagnostics = Vec::new();
    for file in files {
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) => {
                diagnostics.push(Diagnostic::new(format!("cannot read: {e}")).file(&file));
                continue;
            }
        };
        match file.extension().and_then(|e| e.to_str()) {
            Some("json") => match json::parse(&text, &file) {
                Ok(f) => json.push(f),
                Err(e) => diagnostics.extend(e.diagnostics),
            },
            Some("smithy") => match idl::parse(&text, &file) {
                Ok(f) => idl_files.push(f),
                Err(d) => diagnostics.push(d),
            },
            _ => diagnostics.push(Diagnostic::new("unsupported model file type: expected .json (JSON AST) or .smithy (IDL)").file(&file)),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error { diagnostics });
    }
    load_sources(json, idl_files)
}

/// Resolves the IDL files against every shape any file defines, then assembles.
fn load_sources(mut fragments: Vec<Fragment>, idl_files: Vec<idl::IdlFile>) -> Result<Model> {
    let mut known = idl::Known::new();
    for shape in prelude::shapes() {
        known.insert(shape.id.clone(), shape.kind);
    }
    known.extend(prelude::traits());
    for fragment in &fragments {
        for shape in &fragment.shapes {
            known.insert(shape.id.clone(), shape.kind);
        }
    }
    for file in &idl_files {
        known.extend(idl::defined(file));
    }
    let mut diagnostics = Vec::new();
    for file in &idl_files {
        match idl::resolve(file, &known) {
            Ok(f) => fragments.push(f),
            Err(ds) => diagnostics.extend(ds),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error { diagnostics });
    }
    assemble::assemble(fragments)
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::one(Diagnostic::new(format!("cannot read: {e}")).file(path)))?;
    if meta.is_file() {
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Error::one(Diagnostic::new(format!("cannot list: {e}")).file(path)))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_files(&entry, out)?;
        } else if entry.extension().is_some_and(|e| e == "json" || e == "smithy") {
            out.push(entry);
        }
    }
    Ok(())
}
