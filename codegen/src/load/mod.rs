//! Loading: model files into one [`Model`], with the prelude, `apply` statements and
//! mixins resolved, then validated.

mod assemble;
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

/// Loads a model file, or every model file in a directory (recursively), as one model.
pub fn from_path(path: &Path) -> Result<Model> {
    let mut files = Vec::new();
    collect_files(path, &mut files)?;
    if files.is_empty() {
        return Err(Diagnostic::new("no .json model files found").file(path).into());
    }
    let mut fragments = Vec::new();
    let mut diagnostics = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| Error::one(Diagnostic::new(format!("cannot read: {e}")).file(&file)))?;
        let parsed = match file.extension().and_then(|e| e.to_str()) {
            Some("json") => json::parse(&text, &file),
            _ => Err(Error::one(
                Diagnostic::new("unsupported model file type: only Smithy JSON AST (.json) is read yet").file(&file),
            )),
        };
        match parsed {
            Ok(f) => fragments.push(f),
            Err(e) => diagnostics.extend(e.diagnostics),
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
        } else if entry.extension().is_some_and(|e| e == "json") {
            out.push(entry);
        }
    }
    Ok(())
}
