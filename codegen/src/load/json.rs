//! The Smithy JSON AST reader.

use super::assemble::{Apply, Fragment};
use crate::error::{Diagnostic, Error, Result};
use crate::model::{Member, Shape, ShapeId, ShapeKind, Traits};
use serde_json::{Map, Value};
use std::path::Path;

pub(crate) fn parse(text: &str, file: &Path) -> Result<Fragment> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| Error::one(Diagnostic::new(format!("invalid JSON at line {}, column {}: {e}", e.line(), e.column())).file(file)))?;
    let mut reader = Reader { file, diagnostics: Vec::new() };
    let fragment = reader.document(&doc);
    if reader.diagnostics.is_empty() {
        Ok(fragment)
    } else {
        Err(Error { diagnostics: reader.diagnostics })
    }
}

/// One shape from its JSON AST body: what the IDL reader hands over once resolved.
pub(crate) fn shape_from_ast(
    file: &Path,
    id: ShapeId,
    kind: ShapeKind,
    traits: Traits,
    body: &Map<String, Value>,
) -> Result<Shape, Vec<Diagnostic>> {
    let mut reader = Reader { file, diagnostics: Vec::new() };
    let shape = reader.shape(id, kind, traits, body);
    match shape {
        Some(shape) if reader.diagnostics.is_empty() => Ok(shape),
        _ => Err(reader.diagnostics),
    }
}

struct Reader<'a> {
    file: &'a Path,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, shape: Option<&str>, message: impl Into<String>) {
        let mut d = Diagnostic::new(message).file(self.file);
        if let Some(shape) = shape {
            d = d.shape(shape);
        }
        self.diagnostics.push(d);
    }

    fn document(&mut self, doc: &Value) -> Fragment {
        let mut fragment = Fragment { file: self.file.to_owned(), ..Fragment::default() };
        let Some(root) = doc.as_object() else {
            self.error(None, "a Smithy JSON AST document must be a JSON object");
            return fragment;
        };
        match root.get("smithy").and_then(Value::as_str) {
            Some(v) if v == "2" || v.starts_with("2.") || v == "1" || v.starts_with("1.") => {}
            Some(v) => self.error(None, format!("unsupported Smithy version \"{v}\" (expected \"2.0\")")),
            None => self.error(None, "missing the \"smithy\" version property"),
        }
        if let Some(metadata) = root.get("metadata").and_then(Value::as_object) {
            fragment.metadata = metadata.clone().into_iter().collect();
        }
        let Some(shapes) = root.get("shapes") else { return fragment };
        let Some(shapes) = shapes.as_object() else {
            self.error(None, "\"shapes\" must be an object");
            return fragment;
        };
        for (id, body) in shapes {
            let Some(body) = body.as_object() else {
                self.error(Some(id), "a shape must be a JSON object");
                continue;
            };
            let Some(kind) = body.get("type").and_then(Value::as_str) else {
                self.error(Some(id), "the shape has no \"type\"");
                continue;
            };
            let traits = self.traits(id, body.get("traits"));
            if kind == "apply" {
                fragment.applies.push(Apply { target: id.clone(), traits });
                continue;
            }
            let shape_id = match ShapeId::parse(id) {
                Ok(s) => s,
                Err(e) => {
                    self.error(Some(id), e);
                    continue;
                }
            };
            let Some(kind) = ShapeKind::from_type(kind) else {
                self.error(Some(id), format!("unknown shape type \"{kind}\""));
                continue;
            };
            if let Some(shape) = self.shape(shape_id, kind, traits, body) {
                fragment.shapes.push(shape);
            }
        }
        fragment
    }

    fn traits(&mut self, shape: &str, traits: Option<&Value>) -> Traits {
        let mut out = Traits::new();
        match traits {
            None => {}
            Some(Value::Object(map)) => {
                for (k, v) in map {
                    if !k.contains('#') {
                        self.error(Some(shape), format!("trait `{k}` is not an absolute shape id"));
                    }
                    out.insert(k.clone(), v.clone());
                }
            }
            Some(_) => self.error(Some(shape), "\"traits\" must be an object"),
        }
        out
    }

    fn target(&mut self, shape: &str, what: &str, value: &Value) -> Option<ShapeId> {
        let Some(target) = value.get("target").and_then(Value::as_str) else {
            self.error(Some(shape), format!("{what} has no \"target\""));
            return None;
        };
        match ShapeId::parse(target) {
            Ok(id) => Some(id),
            Err(e) => {
                self.error(Some(shape), format!("{what}: {e}"));
                None
            }
        }
    }

    fn targets(&mut self, shape: &str, what: &str, value: Option<&Value>) -> Vec<ShapeId> {
        match value {
            None => Vec::new(),
            Some(Value::Array(items)) => items.iter().filter_map(|v| self.target(shape, what, v)).collect(),
            Some(_) => {
                self.error(Some(shape), format!("\"{what}\" must be an array"));
                Vec::new()
            }
        }
    }

    fn member(&mut self, shape: &str, name: &str, value: &Value) -> Option<Member> {
        let member_id = format!("{shape}${name}");
        if !value.is_object() {
            self.error(Some(&member_id), "a member must be a JSON object");
            return None;
        }
        let target = self.target(&member_id, "the member", value)?;
        let traits = self.traits(&member_id, value.get("traits"));
        Some(Member { name: name.to_owned(), target, traits })
    }

    fn shape(&mut self, id: ShapeId, kind: ShapeKind, traits: Traits, body: &Map<String, Value>) -> Option<Shape> {
        let name = id.as_str().to_owned();
        let mut shape = Shape::new(id, kind);
        shape.traits = traits;
        shape.mixins = self.targets(&name, "mixins", body.get("mixins"));
        match kind {
            ShapeKind::List => {
                // A list may inherit its member from a mixin.
                if let Some(member) = body.get("member") {
                    shape.members.extend(self.member(&name, "member", member));
                } else if shape.mixins.is_empty() {
                    self.error(Some(&name), "a list needs a \"member\"");
                }
            }
            ShapeKind::Map => {
                for part in ["key", "value"] {
                    if let Some(member) = body.get(part) {
                        shape.members.extend(self.member(&name, part, member));
                    } else if shape.mixins.is_empty() {
                        self.error(Some(&name), format!("a map needs a \"{part}\""));
                    }
                }
            }
            ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum => match body.get("members") {
                None => {}
                Some(Value::Object(members)) => {
                    for (member_name, value) in members {
                        shape.members.extend(self.member(&name, member_name, value));
                    }
                }
                Some(_) => self.error(Some(&name), "\"members\" must be an object"),
            },
            ShapeKind::Operation => {
                shape.input = body.get("input").and_then(|v| self.target(&name, "input", v));
                shape.output = body.get("output").and_then(|v| self.target(&name, "output", v));
                shape.errors = self.targets(&name, "errors", body.get("errors"));
            }
            ShapeKind::Service => {
                shape.version = body.get("version").and_then(Value::as_str).map(str::to_owned);
                shape.operations = self.targets(&name, "operations", body.get("operations"));
                shape.resources = self.targets(&name, "resources", body.get("resources"));
                shape.errors = self.targets(&name, "errors", body.get("errors"));
                if let Some(rename) = body.get("rename").and_then(Value::as_object) {
                    for (from, to) in rename {
                        match (ShapeId::parse(from), to.as_str()) {
                            (Ok(from), Some(to)) => {
                                shape.rename.insert(from, to.to_owned());
                            }
                            _ => self.error(Some(&name), format!("invalid rename entry `{from}`")),
                        }
                    }
                }
            }
            ShapeKind::Resource => {
                // Lifecycle operations first, in the spec's order, then the others.
                for key in ["create", "put", "read", "update", "delete", "list"] {
                    if let Some(v) = body.get(key) {
                        shape.operations.extend(self.target(&name, key, v));
                    }
                }
                shape.operations.extend(self.targets(&name, "operations", body.get("operations")));
                shape.operations.extend(self.targets(&name, "collectionOperations", body.get("collectionOperations")));
                shape.resources = self.targets(&name, "resources", body.get("resources"));
                for (key, place) in [("identifiers", &mut shape.identifiers), ("properties", &mut shape.properties)] {
                    match body.get(key) {
                        None => {}
                        Some(Value::Object(entries)) => {
                            for (n, v) in entries {
                                if let Some(t) = self.target(&name, key, v) {
                                    place.insert(n.clone(), t);
                                }
                            }
                        }
                        Some(_) => self.error(Some(&name), format!("\"{key}\" must be an object")),
                    }
                }
            }
            _ => {}
        }
        Some(shape)
    }
}
