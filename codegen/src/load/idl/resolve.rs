//! Turns a parsed IDL file into the fragment the JSON AST reader would make of the same
//! model: relative shape ids resolved (the `use`d name, then the file's namespace, then
//! the prelude), trait defaults filled in, sugar (inline inputs, `= value`, `///`) expanded.

use super::syntax::{line_column, IdlFile, MemberDef, Node, Ref, ShapeBody, ShapeDef, TraitApp};
use crate::error::Diagnostic;
use crate::load::assemble::{Apply, Elided, Fragment};
use crate::model::{ShapeId, ShapeKind, Traits};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Every shape id the loaded files and the prelude define, with its kind.
pub(crate) type Known = BTreeMap<ShapeId, ShapeKind>;

/// The shape ids `file` defines.
pub(crate) fn defined(file: &IdlFile) -> Vec<(ShapeId, ShapeKind)> {
    let Some(ns) = &file.namespace else { return Vec::new() };
    file.shapes.iter().map(|s| (ShapeId::new(ns, &s.name), s.kind)).collect()
}

pub(crate) fn resolve(file: &IdlFile, known: &Known) -> Result<Fragment, Vec<Diagnostic>> {
    let mut r = Resolver { file, known, diagnostics: Vec::new() };
    let fragment = r.fragment();
    if r.diagnostics.is_empty() {
        Ok(fragment)
    } else {
        Err(r.diagnostics)
    }
}

struct Resolver<'a> {
    file: &'a IdlFile,
    known: &'a Known,
    diagnostics: Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn error(&mut self, at: usize, shape: Option<&str>, message: impl Into<String>) {
        let (line, column) = line_column(&self.file.source, at);
        let mut d = Diagnostic::new(format!("line {line}, column {column}: {}", message.into())).file(&self.file.file);
        if let Some(shape) = shape {
            d = d.shape(shape);
        }
        self.diagnostics.push(d);
    }

    fn namespace(&self) -> &str {
        self.file.namespace.as_deref().unwrap_or("")
    }

    /// A shape id as the spec resolves it: absolute as written; else the `use`d shape of
    /// that name, a shape of the file's namespace, a prelude shape, or (undefined) the
    /// file's namespace.
    fn id(&mut self, r: &Ref) -> String {
        if r.text.contains('#') {
            let root = r.text.split('$').next().unwrap_or_default();
            if let Err(e) = ShapeId::parse(root) {
                self.error(r.at, None, e);
            }
            return r.text.clone();
        }
        let (name, member) = match r.text.split_once('$') {
            Some((n, m)) => (n, Some(m)),
            None => (r.text.as_str(), None),
        };
        let root = self.root_id(name).to_string();
        match member {
            Some(m) => format!("{root}${m}"),
            None => root,
        }
    }

    fn root_id(&self, name: &str) -> ShapeId {
        if let Some(used) = self.file.uses.iter().find(|u| u.text.rsplit('#').next() == Some(name)) {
            let (ns, n) = used.text.split_once('#').unwrap_or_default();
            return ShapeId::new(ns, n);
        }
        if let Some(ns) = &self.file.namespace {
            let local = ShapeId::new(ns, name);
            if self.known.contains_key(&local) {
                return local;
            }
        }
        let prelude = ShapeId::new("smithy.api", name);
        if self.known.contains_key(&prelude) || self.file.namespace.is_none() {
            return prelude;
        }
        ShapeId::new(self.namespace(), name)
    }

    fn node(&mut self, node: &Node) -> Value {
        match node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::Str(s) => Value::String(s.clone()),
            Node::ShapeId(r) => Value::String(self.id(r)),
            Node::Array(items) => Value::Array(items.iter().map(|n| self.node(n)).collect()),
            Node::Object(entries) => Value::Object(entries.iter().map(|(k, v)| (k.clone(), self.node(v))).collect()),
        }
    }

    fn traits(&mut self, apps: &[TraitApp], owner: &str) -> Traits {
        let mut out = Traits::new();
        for app in apps {
            let id = self.id(&app.id);
            let value = match &app.value {
                Some(node) => self.node(node),
                None => self.omitted_value(&id),
            };
            if out.contains_key(&id) {
                self.error(app.id.at, Some(owner), format!("the trait `{id}` is applied twice"));
            }
            out.insert(id, value);
        }
        out
    }

    /// An omitted trait value: `{}` for structures and maps, `[]` for lists, else `null`.
    fn omitted_value(&self, trait_id: &str) -> Value {
        let kind = ShapeId::parse(trait_id).ok().and_then(|id| self.known.get(&id).copied());
        match kind {
            Some(ShapeKind::List) => json!([]),
            Some(ShapeKind::Structure | ShapeKind::Map | ShapeKind::Union) => json!({}),
            Some(_) => Value::Null,
            // A trait no loaded file defines: most are annotations, which take `{}`.
            None => json!({}),
        }
    }

    fn target(&mut self, r: &Ref) -> Value {
        json!({ "target": self.id(r) })
    }

    fn fragment(&mut self) -> Fragment {
        let mut fragment = Fragment { file: self.file.file.clone(), ..Fragment::default() };
        for (key, node) in &self.file.metadata {
            let value = self.node(node);
            fragment.metadata.insert(key.clone(), value);
        }
        let ns = self.namespace().to_owned();
        for shape in &self.file.shapes {
            let id = ShapeId::new(&ns, &shape.name);
            let (body, elided) = self.shape_body(shape, &id);
            let traits = self.traits(&shape.traits, id.as_str());
            match crate::load::json::shape_from_ast(&self.file.file, id.clone(), shape.kind, traits, &body) {
                Ok(s) => fragment.shapes.push(s),
                Err(ds) => self.diagnostics.extend(ds),
            }
            fragment.elided.extend(elided);
        }
        for (target, apps) in &self.file.applies {
            let id = self.id(target);
            let traits = self.traits(apps, &id);
            fragment.applies.push(Apply { target: id, traits });
        }
        fragment
    }

    /// The shape's JSON AST body (members, mixins, operation and entity properties), and
    /// its elided members.
    fn shape_body(&mut self, shape: &ShapeDef, id: &ShapeId) -> (Map<String, Value>, Vec<Elided>) {
        let mut body = Map::new();
        let mut elided = Vec::new();
        if !shape.mixins.is_empty() {
            let mixins: Vec<Value> = shape.mixins.iter().map(|m| self.target(m)).collect();
            body.insert("mixins".into(), Value::Array(mixins));
        }
        let resource = shape.for_resource.as_ref().map(|r| self.id(r));
        let mut members = Map::new();
        for member in &shape.members {
            let (value, elide) = self.member(shape, id, member, resource.as_deref());
            elided.extend(elide);
            members.insert(member.name.clone(), value);
        }
        match shape.kind {
            ShapeKind::List | ShapeKind::Map => {
                for (name, value) in members {
                    let allowed = if shape.kind == ShapeKind::List { &["member"][..] } else { &["key", "value"][..] };
                    if allowed.contains(&name.as_str()) {
                        body.insert(name, value);
                    } else {
                        let at = shape.members.iter().find(|m| m.name == name).map_or(shape.at, |m| m.at);
                        let what =
                            if shape.kind == ShapeKind::List { "a list has only `member`" } else { "a map has only `key` and `value`" };
                        self.error(at, Some(id.as_str()), format!("unexpected member `{name}`: {what}"));
                    }
                }
            }
            ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum => {
                body.insert("members".into(), Value::Object(members));
            }
            ShapeKind::Operation => {
                if let Some(input) = &shape.input {
                    let v = self.target(input);
                    body.insert("input".into(), v);
                }
                if let Some(output) = &shape.output {
                    let v = self.target(output);
                    body.insert("output".into(), v);
                }
                if !shape.errors.is_empty() {
                    let errors: Vec<Value> = shape.errors.iter().map(|e| self.target(e)).collect();
                    body.insert("errors".into(), Value::Array(errors));
                }
            }
            ShapeKind::Service | ShapeKind::Resource => {
                if let ShapeBody::Entity(entries) = &shape.body {
                    for (key, node) in entries {
                        let value = self.entity_property(shape, id, key, node);
                        body.insert(key.clone(), value);
                    }
                }
            }
            _ => {}
        }
        (body, elided)
    }

    fn member(&mut self, shape: &ShapeDef, id: &ShapeId, member: &MemberDef, resource: Option<&str>) -> (Value, Option<Elided>) {
        let member_id = format!("{id}${}", member.name);
        let mut traits = self.traits(&member.traits, &member_id);
        let is_enum = matches!(shape.kind, ShapeKind::Enum | ShapeKind::IntEnum);
        if let Some(value) = &member.value {
            let key = if is_enum { "smithy.api#enumValue" } else { "smithy.api#default" };
            if traits.contains_key(key) {
                self.error(
                    member.at,
                    Some(&member_id),
                    format!("`= value` and `@{}` both set the member's value", key.trim_start_matches("smithy.api#")),
                );
            }
            let v = self.node(value);
            traits.insert(key.into(), v);
        }
        let (target, elided) = match (&member.target, member.elided) {
            (Some(t), _) => (self.id(t), None),
            (None, true) => (
                // Found in the resource or the mixins once every file is loaded.
                crate::load::prelude::UNIT.to_owned(),
                Some(Elided {
                    shape: id.clone(),
                    member: member.name.clone(),
                    resource: resource.and_then(|r| ShapeId::parse(r).ok()),
                    file: self.file.file.clone(),
                }),
            ),
            (None, false) => (crate::load::prelude::UNIT.to_owned(), None),
        };
        let mut value = json!({ "target": target });
        if !traits.is_empty() {
            value["traits"] = Value::Object(traits.into_iter().collect());
        }
        (value, elided)
    }

    /// A service or resource property in JSON AST form: shape references become
    /// `{"target": …}` objects.
    fn entity_property(&mut self, shape: &ShapeDef, id: &ShapeId, key: &str, node: &Node) -> Value {
        let value = self.node(node);
        let as_target = |v: &Value| match v {
            Value::String(s) => json!({ "target": s }),
            other => other.clone(),
        };
        match key {
            "operations" | "resources" | "errors" | "collectionOperations" => match &value {
                Value::Array(items) => Value::Array(items.iter().map(as_target).collect()),
                _ => {
                    self.error(shape.at, Some(id.as_str()), format!("`{key}` must be a list of shape ids"));
                    value
                }
            },
            "create" | "put" | "read" | "update" | "delete" | "list" => as_target(&value),
            "identifiers" | "properties" => match &value {
                Value::Object(entries) => Value::Object(entries.iter().map(|(k, v)| (k.clone(), as_target(v))).collect()),
                _ => {
                    self.error(shape.at, Some(id.as_str()), format!("`{key}` must map names to shape ids"));
                    value
                }
            },
            _ => value,
        }
    }
}
