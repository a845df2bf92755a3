//! JMESPath expressions (the subset waiters and `@operationContextParams` use) evaluated over
//! a JSON-like view of values. The generator parses each expression and emits it as a static
//! [`Expr`], so no parser is compiled into the crate.

use super::codec::{MapKey, StructValue, Value, WriteResult, Writer};
use super::schema::{Member, Schema, ROOT};
use std::collections::HashMap;

/// A JSON value. Objects keep their entries in a vector (keys are unique: they come from
/// structure members, maps or documents); a B-tree would cost every generated crate several
/// thousand lines of LLVM IR for the few lookups waiters make.
#[derive(Clone, Debug)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    #[cfg_attr(debug_assertions, inline)]
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// JMESPath equality: objects are equal when they have the same keys with equal values, in
/// any order.
impl PartialEq for Json {
    #[cfg_attr(debug_assertions, inline)]
    fn eq(&self, other: &Json) -> bool {
        match (self, other) {
            (Json::Null, Json::Null) => true,
            (Json::Bool(a), Json::Bool(b)) => a == b,
            (Json::Number(a), Json::Number(b)) => a == b,
            (Json::String(a), Json::String(b)) => a == b,
            (Json::Array(a), Json::Array(b)) => a == b,
            (Json::Object(a), Json::Object(b)) => a.len() == b.len() && a.iter().all(|(k, v)| other.get(k) == Some(v)),
            _ => false,
        }
    }
}

/// A structure as JMESPath sees it: members by their model names.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn from_struct<S: StructValue>(value: &S) -> Json {
    let mut builder = JsonBuilder { value: Json::Null, object: Vec::new(), failure: None };
    // Writing into a `JsonBuilder` fails only for a union's Unknown variant, which the
    // builder already shows as null.
    let _ = builder.structure(&ROOT, value);
    builder.value
}

/// Builds the `Json` of the values written into it: each call leaves its value in `value`,
/// and members go into `object`, the object being built.
struct JsonBuilder {
    value: Json,
    object: Vec<(String, Json)>,
    failure: Option<super::codec::WriteError>,
}

impl JsonBuilder {
    #[cfg_attr(debug_assertions, inline)]
    fn set(&mut self, value: Json) -> WriteResult {
        self.value = value;
        Ok(())
    }
}

impl Writer for JsonBuilder {
    #[cfg_attr(debug_assertions, inline)]
    fn failure(&mut self) -> &mut Option<super::codec::WriteError> {
        &mut self.failure
    }
    #[cfg_attr(debug_assertions, inline)]
    fn write_member<T: Value>(&mut self, member: &'static Member, value: &T) -> WriteResult {
        if value.is_absent() {
            return Ok(());
        }
        value.write(member, self)?;
        let v = std::mem::replace(&mut self.value, Json::Null);
        if v != Json::Null {
            self.object.push((member.name.to_owned(), v));
        }
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn null(&mut self, _: &'static Member) -> WriteResult {
        self.set(Json::Null)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, _: &'static Member, value: bool) -> WriteResult {
        self.set(Json::Bool(value))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, _: &'static Member, value: i64) -> WriteResult {
        self.set(Json::Number(value as f64))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, _: &'static Member, value: f64, _: &str) -> WriteResult {
        self.set(Json::Number(value))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn string(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.set(Json::String(value.to_owned()))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.set(value.parse().map_or(Json::Null, Json::Number))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, _: &'static Member, value: &[u8]) -> WriteResult {
        self.set(Json::String(aws_smithy_types::base64::encode(value)))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, _: &'static Member, value: &aws_smithy_types::DateTime) -> WriteResult {
        self.set(Json::Number(value.as_secs_f64()))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, _: &'static Member, value: &aws_smithy_types::Document) -> WriteResult {
        self.set(from_document(value))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn list<T: Value>(&mut self, member: &'static Member, items: &[T]) -> WriteResult {
        let item = match member.target {
            Schema::List(l) => &l.member,
            _ => member,
        };
        let mut array = Vec::with_capacity(items.len());
        for value in items {
            value.write(item, self)?;
            array.push(std::mem::replace(&mut self.value, Json::Null));
        }
        self.set(Json::Array(array))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn map<K: MapKey, V: Value>(&mut self, member: &'static Member, map: &HashMap<K, V>) -> WriteResult {
        let value_member = match member.target {
            Schema::Map(m) => &m.value,
            _ => member,
        };
        let mut object = Vec::with_capacity(map.len());
        for (key, value) in map {
            value.write(value_member, self)?;
            object.push((key.key().to_owned(), std::mem::replace(&mut self.value, Json::Null)));
        }
        self.set(Json::Object(object))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, _: &'static Member, value: &S) -> WriteResult {
        let outer = std::mem::take(&mut self.object);
        let written = self.members(value);
        let object = std::mem::replace(&mut self.object, outer);
        // A union the client does not know the member of is null, as JMESPath sees it.
        self.value = if written.is_ok() { Json::Object(object) } else { Json::Null };
        Ok(())
    }
}

#[cfg_attr(debug_assertions, inline)]
fn from_document(document: &aws_smithy_types::Document) -> Json {
    use aws_smithy_types::{Document, Number};
    match document {
        Document::Null => Json::Null,
        Document::Bool(b) => Json::Bool(*b),
        Document::Number(Number::PosInt(n)) => Json::Number(*n as f64),
        Document::Number(Number::NegInt(n)) => Json::Number(*n as f64),
        Document::Number(Number::Float(f)) => Json::Number(*f),
        Document::String(s) => Json::String(s.clone()),
        Document::Array(items) => Json::Array(items.iter().map(from_document).collect()),
        Document::Object(entries) => Json::Object(entries.iter().map(|(k, v)| (k.clone(), from_document(v))).collect()),
    }
}

/// A literal of an expression.
#[doc(hidden)]
pub enum Literal {
    Null,
    Bool(bool),
    Number(f64),
    String(&'static str),
}

#[doc(hidden)]
pub enum Function {
    Length,
    Contains,
    Keys,
    Values,
}

#[doc(hidden)]
pub enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A parsed expression, as the generator emits it.
#[doc(hidden)]
pub enum Expr {
    Current,
    Field(&'static str),
    Literal(Literal),
    /// `left` then `right` applied to its result.
    Sub(&'static Expr, &'static Expr),
    Index(&'static Expr, i64),
    /// `left`, flattened or not, then `right` applied to each element (nulls dropped).
    Project {
        left: &'static Expr,
        flatten: bool,
        filter: Option<&'static Expr>,
        right: &'static Expr,
    },
    /// `left.*`: `right` applied to each value of the object `left` is (nulls dropped).
    ObjectProject {
        left: &'static Expr,
        right: &'static Expr,
    },
    /// `[a, b]`: each expression's value, in a list.
    MultiList(&'static [Expr]),
    Compare(Comparison, &'static Expr, &'static Expr),
    And(&'static Expr, &'static Expr),
    Or(&'static Expr, &'static Expr),
    Not(&'static Expr),
    Call(Function, &'static [Expr]),
}

#[cfg_attr(debug_assertions, inline)]
fn truthy(j: &Json) -> bool {
    match j {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::String(s) => !s.is_empty(),
        Json::Array(a) => !a.is_empty(),
        Json::Object(o) => !o.is_empty(),
        Json::Number(_) => true,
    }
}

/// Evaluates `expr` against `value`. Loops rather than iterator chains: this is compiled
/// into every crate with waiters or operation context parameters.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn search(expr: &Expr, value: &Json) -> Json {
    match expr {
        Expr::Current => value.clone(),
        Expr::Field(name) => value.get(name).cloned().unwrap_or(Json::Null),
        Expr::Literal(l) => match l {
            Literal::Null => Json::Null,
            Literal::Bool(b) => Json::Bool(*b),
            Literal::Number(n) => Json::Number(*n),
            Literal::String(s) => Json::String((*s).to_owned()),
        },
        Expr::Sub(l, r) => match search(l, value) {
            Json::Null => Json::Null,
            left => search(r, &left),
        },
        Expr::Index(l, n) => match search(l, value) {
            Json::Array(mut a) => {
                let i = if *n < 0 { a.len() as i64 + n } else { *n };
                match usize::try_from(i) {
                    Ok(i) if i < a.len() => a.swap_remove(i),
                    _ => Json::Null,
                }
            }
            _ => Json::Null,
        },
        Expr::Project { left, flatten, filter, right } => {
            let items = match search(left, value) {
                Json::Array(a) if *flatten => {
                    let mut flat = Vec::with_capacity(a.len());
                    for item in a {
                        match item {
                            Json::Array(inner) => flat.extend(inner),
                            other => flat.push(other),
                        }
                    }
                    flat
                }
                Json::Array(a) => a,
                _ => return Json::Null,
            };
            project(&items, *filter, right)
        }
        Expr::ObjectProject { left, right } => match search(left, value) {
            Json::Object(o) => {
                let mut values = Vec::with_capacity(o.len());
                for (_, v) in o {
                    values.push(v);
                }
                project(&values, None, right)
            }
            _ => Json::Null,
        },
        Expr::MultiList(items) => {
            if *value == Json::Null {
                return Json::Null;
            }
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter() {
                out.push(search(item, value));
            }
            Json::Array(out)
        }
        Expr::Compare(op, l, r) => {
            let (a, b) = (search(l, value), search(r, value));
            match (op, &a, &b) {
                (Comparison::Eq, _, _) => Json::Bool(a == b),
                (Comparison::Ne, _, _) => Json::Bool(a != b),
                (Comparison::Lt, Json::Number(x), Json::Number(y)) => Json::Bool(x < y),
                (Comparison::Le, Json::Number(x), Json::Number(y)) => Json::Bool(x <= y),
                (Comparison::Gt, Json::Number(x), Json::Number(y)) => Json::Bool(x > y),
                (Comparison::Ge, Json::Number(x), Json::Number(y)) => Json::Bool(x >= y),
                _ => Json::Null,
            }
        }
        Expr::And(l, r) => {
            let left = search(l, value);
            if truthy(&left) {
                search(r, value)
            } else {
                left
            }
        }
        Expr::Or(l, r) => {
            let left = search(l, value);
            if truthy(&left) {
                left
            } else {
                search(r, value)
            }
        }
        Expr::Not(x) => Json::Bool(!truthy(&search(x, value))),
        Expr::Call(function, args) => call(function, args, value),
    }
}

/// `right` applied to each of `items` that passes `filter`, the nulls left out.
#[cfg_attr(debug_assertions, inline)]
fn project(items: &[Json], filter: Option<&Expr>, right: &Expr) -> Json {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if let Some(f) = filter {
            if !truthy(&search(f, item)) {
                continue;
            }
        }
        let projected = search(right, item);
        if projected != Json::Null {
            out.push(projected);
        }
    }
    Json::Array(out)
}

#[cfg_attr(debug_assertions, inline)]
fn call(function: &Function, args: &[Expr], value: &Json) -> Json {
    let Some(first) = args.first() else { return Json::Null };
    let first = search(first, value);
    match (function, first) {
        (Function::Length, Json::Array(a)) => Json::Number(a.len() as f64),
        (Function::Length, Json::Object(o)) => Json::Number(o.len() as f64),
        (Function::Length, Json::String(s)) => Json::Number(s.chars().count() as f64),
        (Function::Contains, subject) => {
            let Some(needle) = args.get(1) else { return Json::Null };
            match (subject, search(needle, value)) {
                (Json::Array(a), x) => Json::Bool(a.contains(&x)),
                (Json::String(s), Json::String(x)) => Json::Bool(s.contains(x.as_str())),
                _ => Json::Null,
            }
        }
        (Function::Keys, Json::Object(o)) => {
            let mut keys = Vec::with_capacity(o.len());
            for (k, _) in o {
                keys.push(Json::String(k));
            }
            Json::Array(keys)
        }
        (Function::Values, Json::Object(o)) => {
            let mut values = Vec::with_capacity(o.len());
            for (_, v) in o {
                values.push(v);
            }
            Json::Array(values)
        }
        _ => Json::Null,
    }
}
