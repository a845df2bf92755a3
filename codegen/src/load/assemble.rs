//! Merges parsed files into one model: prelude, `apply`, mixins; then validates it.

use super::prelude;
use crate::error::{Diagnostic, Error, Result};
use crate::model::{traits, Model, Shape, ShapeId, ShapeKind, Traits};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What one model file contributes.
#[derive(Debug, Default)]
pub struct Fragment {
    pub file: PathBuf,
    pub shapes: Vec<Shape>,
    pub applies: Vec<Apply>,
    pub metadata: BTreeMap<String, Value>,
    /// IDL members written `$name`, whose target comes from a resource or a mixin.
    pub elided: Vec<Elided>,
}

/// A member whose target was elided (`$name`): the `for` resource's identifier or
/// property of that name gives it, else the mixins' member of that name.
#[derive(Debug)]
pub struct Elided {
    pub shape: ShapeId,
    pub member: String,
    pub resource: Option<ShapeId>,
    pub file: PathBuf,
}

/// Traits applied to a shape or member (`ns#Shape$member`) defined elsewhere.
#[derive(Debug)]
pub struct Apply {
    pub target: String,
    pub traits: Traits,
}

pub(crate) fn assemble(fragments: Vec<Fragment>) -> Result<Model> {
    let mut model = Model::default();
    let mut origin: BTreeMap<ShapeId, PathBuf> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for shape in prelude::shapes() {
        model.shapes.insert(shape.id.clone(), shape);
    }
    let mut applies = Vec::new();
    let mut elided = Vec::new();
    for fragment in fragments {
        for shape in fragment.shapes {
            if let Some(existing) = model.shapes.get_mut(&shape.id) {
                if shape.id.namespace() == "smithy.api" {
                    // A prelude file (such as the spec's prelude.smithy) may restate the
                    // built-in shapes, documenting them.
                    if existing.kind == shape.kind && existing.members == shape.members {
                        for (k, v) in shape.traits {
                            existing.traits.entry(k).or_insert(v);
                        }
                    } else {
                        diagnostics
                            .push(Diagnostic::new("redefines a prelude shape differently").shape(shape.id.as_str()).file(&fragment.file));
                    }
                    continue;
                }
                if *existing != shape {
                    let first = origin.get(&shape.id).map(|p| p.display().to_string()).unwrap_or_default();
                    diagnostics.push(
                        Diagnostic::new(format!("defined twice, differently (first in {first})"))
                            .shape(shape.id.as_str())
                            .file(&fragment.file),
                    );
                }
                continue;
            }
            origin.insert(shape.id.clone(), fragment.file.clone());
            model.shapes.insert(shape.id.clone(), shape);
        }
        for (k, v) in fragment.metadata {
            match model.metadata.get_mut(&k) {
                None => {
                    model.metadata.insert(k, v);
                }
                // Lists from several files are concatenated; anything else must agree.
                Some(Value::Array(existing)) if v.is_array() => existing.extend(v.as_array().cloned().unwrap_or_default()),
                Some(existing) if *existing == v => {}
                Some(_) => diagnostics
                    .push(Diagnostic::new(format!("metadata `{k}` is defined again with a different value")).file(&fragment.file)),
            }
        }
        elided.extend(fragment.elided);
        applies.extend(fragment.applies.into_iter().map(|a| (a, fragment.file.clone())));
    }
    for (apply, file) in applies {
        let (shape_id, member) = match apply.target.split_once('$') {
            Some((s, m)) => (s, Some(m)),
            None => (apply.target.as_str(), None),
        };
        let shape = ShapeId::parse(shape_id).ok().and_then(|id| model.shapes.get_mut(&id));
        let traits = match (shape, member) {
            (Some(shape), None) => Some(&mut shape.traits),
            (Some(shape), Some(m)) => shape.members.iter_mut().find(|x| x.name == m).map(|x| &mut x.traits),
            (None, _) => None,
        };
        match traits {
            Some(t) => t.extend(apply.traits),
            None => {
                diagnostics.push(Diagnostic::new("`apply` names a shape or member that is not defined").shape(&apply.target).file(&file))
            }
        }
    }
    resolve_elided(&mut model, elided, &mut diagnostics);
    flatten_mixins(&mut model, &mut diagnostics);
    // An operation whose input or output is `smithy.api#Unit` has none (what the IDL gives an
    // operation that names no output).
    for shape in model.shapes.values_mut().filter(|s| s.kind == ShapeKind::Operation) {
        for io in [&mut shape.input, &mut shape.output] {
            if io.as_ref().is_some_and(|id| id.as_str() == prelude::UNIT) {
                *io = None;
            }
        }
    }
    validate(&model, &origin, &mut diagnostics);
    model.sources = crate::model::Sources(origin);
    if diagnostics.is_empty() {
        Ok(model)
    } else {
        Err(Error { diagnostics })
    }
}

/// Gives each elided member its target: the resource's identifier or property of that
/// name, else the member of that name in the shape's mixins (searched depth first).
fn resolve_elided(model: &mut Model, elided: Vec<Elided>, diagnostics: &mut Vec<Diagnostic>) {
    fn from_mixins(model: &Model, shape: &ShapeId, member: &str, depth: usize) -> Option<ShapeId> {
        let s = model.shapes.get(shape)?;
        for mixin in &s.mixins {
            let Some(m) = model.shapes.get(mixin) else { continue };
            if let Some(found) = m.member(member) {
                return Some(found.target.clone());
            }
            if depth < 32 {
                if let Some(found) = from_mixins(model, mixin, member, depth + 1) {
                    return Some(found);
                }
            }
        }
        None
    }
    for e in elided {
        let resource = match &e.resource {
            None => None,
            Some(r) => match model.shapes.get(r) {
                Some(shape) if shape.kind == ShapeKind::Resource => Some(shape),
                _ => {
                    diagnostics.push(Diagnostic::new(format!("`for {r}` does not name a resource")).shape(e.shape.as_str()).file(&e.file));
                    continue;
                }
            },
        };
        let from_resource = resource.and_then(|r| r.identifiers.get(&e.member).or_else(|| r.properties.get(&e.member)).cloned());
        let Some(target) = from_resource.or_else(|| from_mixins(model, &e.shape, &e.member, 0)) else {
            let place = match &e.resource {
                Some(r) => format!("no identifier or property of `{r}` and no member of its mixins"),
                None => "no member of its mixins".to_owned(),
            };
            diagnostics.push(
                Diagnostic::new(format!("the elided member `${}` matches {place}", e.member))
                    .shape(format!("{}${}", e.shape, e.member))
                    .file(&e.file),
            );
            continue;
        };
        if let Some(member) = model.shapes.get_mut(&e.shape).and_then(|s| s.members.iter_mut().find(|m| m.name == e.member)) {
            member.target = target;
        }
    }
}

/// Copies each mixin's members and traits into the shapes that use it.
fn flatten_mixins(model: &mut Model, diagnostics: &mut Vec<Diagnostic>) {
    let ids: Vec<ShapeId> = model.shapes.values().filter(|s| !s.mixins.is_empty()).map(|s| s.id.clone()).collect();
    let mut done: BTreeSet<ShapeId> = BTreeSet::new();
    for id in ids {
        let mut stack = Vec::new();
        resolve_mixins(model, &id, &mut done, &mut stack, diagnostics);
    }
}

fn resolve_mixins(
    model: &mut Model,
    id: &ShapeId,
    done: &mut BTreeSet<ShapeId>,
    stack: &mut Vec<ShapeId>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if done.contains(id) {
        return;
    }
    if stack.contains(id) {
        let cycle: Vec<String> = stack.iter().map(ToString::to_string).collect();
        diagnostics.push(Diagnostic::new(format!("mixins form a cycle: {} -> {id}", cycle.join(" -> "))).shape(id.as_str()));
        done.insert(id.clone());
        return;
    }
    let Some(mixins) = model.shapes.get(id).map(|s| s.mixins.clone()) else { return };
    stack.push(id.clone());
    let mut members = Vec::new();
    let mut inherited = Traits::new();
    for mixin in &mixins {
        resolve_mixins(model, mixin, done, stack, diagnostics);
        let Some(m) = model.shapes.get(mixin) else {
            diagnostics.push(Diagnostic::new(format!("mixin `{mixin}` is not defined")).shape(id.as_str()));
            continue;
        };
        if !m.has_trait(traits::MIXIN) {
            diagnostics.push(Diagnostic::new(format!("`{mixin}` is used as a mixin but lacks the @mixin trait")).shape(id.as_str()));
            continue;
        }
        let local: BTreeSet<String> = m.traits[traits::MIXIN]
            .get("localTraits")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        for (k, v) in &m.traits {
            if k != traits::MIXIN && !local.contains(k) {
                inherited.insert(k.clone(), v.clone());
            }
        }
        for member in &m.members {
            if !members.iter().any(|x: &crate::model::Member| x.name == member.name) {
                members.push(member.clone());
            }
        }
    }
    stack.pop();
    if let Some(shape) = model.shapes.get_mut(id) {
        for own in std::mem::take(&mut shape.members) {
            match members.iter_mut().find(|m| m.name == own.name) {
                // Redeclaring a mixin member can only add traits.
                Some(m) if m.target != own.target => diagnostics.push(
                    Diagnostic::new(format!(
                        "redeclares the mixin member `{}` with target `{}` instead of `{}`",
                        own.name, own.target, m.target
                    ))
                    .shape(format!("{id}${}", own.name)),
                ),
                Some(m) => m.traits.extend(own.traits),
                None => members.push(own),
            }
        }
        shape.members = members;
        for (k, v) in inherited {
            shape.traits.entry(k).or_insert(v);
        }
    }
    done.insert(id.clone());
}

fn validate(model: &Model, origin: &BTreeMap<ShapeId, PathBuf>, diagnostics: &mut Vec<Diagnostic>) {
    let at = |id: &ShapeId, member: Option<&str>, message: String| {
        let name = match member {
            Some(m) => format!("{id}${m}"),
            None => id.to_string(),
        };
        let mut d = Diagnostic::new(message).shape(name);
        if let Some(file) = origin.get(id) {
            d = d.file(file);
        }
        d
    };
    let kind_of = |id: &ShapeId| model.get(id).map(|s| (s.kind, s.has_trait(traits::MIXIN), s.has_trait(traits::ERROR)));
    for shape in model.shapes.values() {
        let id = &shape.id;
        for member in &shape.members {
            match kind_of(&member.target) {
                None => {
                    diagnostics.push(at(id, Some(&member.name), format!("the member targets `{}`, which is not defined", member.target)))
                }
                Some((kind, _, _)) if !kind.is_data() => diagnostics.push(at(
                    id,
                    Some(&member.name),
                    format!("the member targets `{}`, a {}; members must target data shapes", member.target, kind.type_name()),
                )),
                Some((_, true, _)) => {
                    diagnostics.push(at(id, Some(&member.name), format!("the member targets `{}`, a mixin", member.target)))
                }
                _ => {}
            }
        }
        if shape.has_trait(traits::MIXIN) {
            continue;
        }
        let mut seen = BTreeSet::new();
        for member in &shape.members {
            if !seen.insert(member.name.to_ascii_lowercase()) {
                diagnostics.push(at(id, Some(&member.name), "member names must be unique, ignoring case".into()));
            }
        }
        match shape.kind {
            ShapeKind::List if shape.members.len() != 1 || shape.members[0].name != "member" => {
                diagnostics.push(at(id, None, "a list must have exactly one member, named `member`".into()));
            }
            ShapeKind::Map => {
                let names: Vec<&str> = shape.members.iter().map(|m| m.name.as_str()).collect();
                if names != ["key", "value"] {
                    diagnostics.push(at(id, None, "a map must have a `key` and a `value` member".into()));
                } else if let Some((kind, _, _)) = kind_of(&shape.members[0].target) {
                    if !matches!(kind, ShapeKind::String | ShapeKind::Enum) {
                        diagnostics.push(at(id, Some("key"), format!("a map key must be a string, not a {}", kind.type_name())));
                    }
                }
            }
            ShapeKind::Enum | ShapeKind::IntEnum => {
                for member in &shape.members {
                    if member.target.as_str() != prelude::UNIT {
                        diagnostics.push(at(id, Some(&member.name), "enum members must target smithy.api#Unit".into()));
                    }
                }
                if shape.members.is_empty() {
                    diagnostics.push(at(id, None, "an enum needs at least one member".into()));
                }
            }
            ShapeKind::Operation => {
                for (what, target) in [("input", &shape.input), ("output", &shape.output)] {
                    let Some(target) = target else { continue };
                    match kind_of(target) {
                        Some((ShapeKind::Structure, _, _)) => {}
                        Some((kind, _, _)) => diagnostics.push(at(
                            id,
                            None,
                            format!("the {what} `{target}` is a {}; it must be a structure", kind.type_name()),
                        )),
                        None => diagnostics.push(at(id, None, format!("the {what} `{target}` is not defined"))),
                    }
                }
                for error in &shape.errors {
                    check_error(error, id, &kind_of, &at, diagnostics);
                }
            }
            ShapeKind::Service | ShapeKind::Resource => {
                for op in &shape.operations {
                    match kind_of(op) {
                        Some((ShapeKind::Operation, _, _)) => {}
                        Some((kind, _, _)) => {
                            diagnostics.push(at(id, None, format!("`{op}` is listed as an operation but is a {}", kind.type_name())))
                        }
                        None => diagnostics.push(at(id, None, format!("the operation `{op}` is not defined"))),
                    }
                }
                for resource in &shape.resources {
                    match kind_of(resource) {
                        Some((ShapeKind::Resource, _, _)) => {}
                        Some((kind, _, _)) => {
                            diagnostics.push(at(id, None, format!("`{resource}` is listed as a resource but is a {}", kind.type_name())))
                        }
                        None => diagnostics.push(at(id, None, format!("the resource `{resource}` is not defined"))),
                    }
                }
                for error in &shape.errors {
                    check_error(error, id, &kind_of, &at, diagnostics);
                }
            }
            _ => {}
        }
    }
}

/// A shape's kind, whether it is a mixin, whether it is an error.
type KindOf<'a> = dyn Fn(&ShapeId) -> Option<(ShapeKind, bool, bool)> + 'a;

fn check_error(
    error: &ShapeId,
    id: &ShapeId,
    kind_of: &KindOf,
    at: &dyn Fn(&ShapeId, Option<&str>, String) -> Diagnostic,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match kind_of(error) {
        Some((ShapeKind::Structure, _, true)) => {}
        Some((ShapeKind::Structure, _, false)) => diagnostics.push(at(id, None, format!("the error `{error}` lacks the @error trait"))),
        Some((kind, _, _)) => {
            diagnostics.push(at(id, None, format!("the error `{error}` is a {}; it must be a structure", kind.type_name())))
        }
        None => diagnostics.push(at(id, None, format!("the error `{error}` is not defined"))),
    }
}
