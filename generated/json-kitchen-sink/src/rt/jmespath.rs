//! The JMESPath subset waiters and `@operationContextParams` use: field and sub-expressions,
//! projections (`[]`, `[*]`, `[?filter]`), indexes, comparisons, `&&` `||` `!`, literals,
//! raw strings and the `length`, `contains`, `keys` and `values` functions, over a JSON-like
//! view of values.

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
pub(crate) fn from_struct<S: StructValue>(value: &S) -> Json {
    let mut builder = JsonBuilder { value: Json::Null, object: Vec::new() };
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
}

impl JsonBuilder {
    fn set(&mut self, value: Json) -> WriteResult {
        self.value = value;
        Ok(())
    }
}

impl Writer for JsonBuilder {
    fn member<T: Value>(&mut self, member: &'static Member, value: &T) -> WriteResult {
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
    fn null(&mut self, _: &'static Member) -> WriteResult {
        self.set(Json::Null)
    }
    fn boolean(&mut self, _: &'static Member, value: bool) -> WriteResult {
        self.set(Json::Bool(value))
    }
    fn integer(&mut self, _: &'static Member, value: i64) -> WriteResult {
        self.set(Json::Number(value as f64))
    }
    fn float(&mut self, _: &'static Member, value: f64, _: &str) -> WriteResult {
        self.set(Json::Number(value))
    }
    fn string(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.set(Json::String(value.to_owned()))
    }
    fn number(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.set(value.parse().map_or(Json::Null, Json::Number))
    }
    fn blob(&mut self, _: &'static Member, value: &[u8]) -> WriteResult {
        self.set(Json::String(aws_smithy_types::base64::encode(value)))
    }
    fn timestamp(&mut self, _: &'static Member, value: &aws_smithy_types::DateTime) -> WriteResult {
        self.set(Json::Number(value.as_secs_f64()))
    }
    fn document(&mut self, _: &'static Member, value: &aws_smithy_types::Document) -> WriteResult {
        self.set(from_document(value))
    }
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
    fn structure<S: StructValue>(&mut self, _: &'static Member, value: &S) -> WriteResult {
        let outer = std::mem::take(&mut self.object);
        let written = value.write_members(self);
        let object = std::mem::replace(&mut self.object, outer);
        // A union the client does not know the member of is null, as JMESPath sees it.
        self.value = if written.is_ok() { Json::Object(object) } else { Json::Null };
        Ok(())
    }
}

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

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    Literal(Json),
    Dot,
    Star,
    Flatten,
    FilterStart,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    At,
    Not,
    And,
    Or,
    Cmp(&'static str),
}

fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            ' ' | '\t' | '\n' => i += 1,
            '.' => (out.push(Token::Dot), i += 1).1,
            '*' => (out.push(Token::Star), i += 1).1,
            '@' => (out.push(Token::At), i += 1).1,
            ',' => (out.push(Token::Comma), i += 1).1,
            '(' => (out.push(Token::LParen), i += 1).1,
            ')' => (out.push(Token::RParen), i += 1).1,
            ']' => (out.push(Token::RBracket), i += 1).1,
            '[' if next == Some(']') => (out.push(Token::Flatten), i += 2).1,
            '[' if next == Some('?') => (out.push(Token::FilterStart), i += 2).1,
            '[' => (out.push(Token::LBracket), i += 1).1,
            '&' if next == Some('&') => (out.push(Token::And), i += 2).1,
            '|' if next == Some('|') => (out.push(Token::Or), i += 2).1,
            '!' if next == Some('=') => (out.push(Token::Cmp("!=")), i += 2).1,
            '!' => (out.push(Token::Not), i += 1).1,
            '=' if next == Some('=') => (out.push(Token::Cmp("==")), i += 2).1,
            '<' | '>' => {
                let op = match (c, next) {
                    ('<', Some('=')) => "<=",
                    ('>', Some('=')) => ">=",
                    ('<', _) => "<",
                    _ => ">",
                };
                out.push(Token::Cmp(op));
                i += op.len();
            }
            '`' | '\'' => {
                let end = chars[i + 1..].iter().position(|&x| x == c).ok_or_else(|| format!("unterminated {c} in `{src}`"))?;
                let text: String = chars[i + 1..i + 1 + end].iter().collect();
                out.push(Token::Literal(if c == '\'' { Json::String(text) } else { parse_literal(&text)? }));
                i += end + 2;
            }
            '"' => {
                let end = chars[i + 1..].iter().position(|&x| x == '"').ok_or_else(|| format!("unterminated \" in `{src}`"))?;
                out.push(Token::Ident(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push(Token::Ident(chars[start..i].iter().collect()));
            }
            c if c.is_ascii_digit() || c == '-' => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let n: String = chars[start..i].iter().collect();
                out.push(Token::Literal(Json::Number(n.parse().map_err(|_| format!("bad number {n}"))?)));
            }
            other => return Err(format!("unexpected {other:?} in `{src}`")),
        }
    }
    Ok(out)
}

/// The JSON literals waiters use: numbers, booleans, null and strings.
fn parse_literal(text: &str) -> Result<Json, String> {
    let t = text.trim();
    Ok(match t {
        "true" => Json::Bool(true),
        "false" => Json::Bool(false),
        "null" => Json::Null,
        _ if t.starts_with('"') && t.ends_with('"') && t.len() >= 2 => Json::String(t[1..t.len() - 1].to_owned()),
        _ => match t.parse::<f64>() {
            Ok(n) => Json::Number(n),
            Err(_) => Json::String(t.to_owned()),
        },
    })
}

/// The JMESPath functions evaluated here.
const FUNCTIONS: &[&str] = &["length", "contains", "keys", "values"];

#[derive(Clone, Debug)]
enum Expr {
    Current,
    Field(String),
    Literal(Json),
    /// `left` then `right` applied to its result.
    Sub(Box<Expr>, Box<Expr>),
    Index(Box<Expr>, i64),
    /// `left`, flattened or not, then `right` applied to each element (nulls dropped).
    Project {
        left: Box<Expr>,
        flatten: bool,
        filter: Option<Box<Expr>>,
        right: Box<Expr>,
    },
    Cmp(&'static str, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Call(String, Vec<Expr>),
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }
    fn eat(&mut self, t: &Token) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, t: &Token) -> Result<(), String> {
        if self.eat(t) {
            Ok(())
        } else {
            Err(format!("expected {t:?}, found {:?}", self.peek()))
        }
    }
    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.eat(&Token::Or) {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }
    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.not()?;
        while self.eat(&Token::And) {
            left = Expr::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }
    fn not(&mut self) -> Result<Expr, String> {
        if self.eat(&Token::Not) {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        let left = self.path()?;
        if let Some(Token::Cmp(op)) = self.peek().cloned() {
            self.pos += 1;
            return Ok(Expr::Cmp(op, Box::new(left), Box::new(self.path()?)));
        }
        Ok(left)
    }
    fn primary(&mut self) -> Result<Expr, String> {
        match self.peek().cloned() {
            Some(Token::Ident(name)) => {
                self.pos += 1;
                if self.eat(&Token::LParen) {
                    let mut args = Vec::new();
                    if !self.eat(&Token::RParen) {
                        loop {
                            args.push(self.or()?);
                            if self.eat(&Token::RParen) {
                                break;
                            }
                            self.expect(&Token::Comma)?;
                        }
                    }
                    if !FUNCTIONS.contains(&name.as_str()) {
                        return Err(format!("the function {name}() is not supported (only {} are)", FUNCTIONS.join(", ")));
                    }
                    Ok(Expr::Call(name, args))
                } else {
                    Ok(Expr::Field(name))
                }
            }
            Some(Token::Literal(j)) => {
                self.pos += 1;
                Ok(Expr::Literal(j))
            }
            Some(Token::At) => {
                self.pos += 1;
                Ok(Expr::Current)
            }
            Some(Token::LParen) => {
                self.pos += 1;
                let e = self.or()?;
                self.expect(&Token::RParen)?;
                Ok(e)
            }
            Some(Token::Flatten | Token::FilterStart | Token::LBracket) => Ok(Expr::Current),
            other => Err(format!("unexpected {other:?}")),
        }
    }
    /// A primary followed by `.field`, `[n]` and projections.
    fn path(&mut self) -> Result<Expr, String> {
        let primary = self.primary()?;
        self.path_with(primary)
    }

    /// Continues a path from `left`. A projection takes the rest of the path and applies it
    /// to each element.
    fn path_with(&mut self, mut left: Expr) -> Result<Expr, String> {
        loop {
            let (flatten, filter) = if self.eat(&Token::Dot) {
                let right = self.primary()?;
                left = Expr::Sub(Box::new(left), Box::new(right));
                continue;
            } else if self.eat(&Token::Flatten) {
                (true, None)
            } else if self.eat(&Token::FilterStart) {
                let filter = self.or()?;
                self.expect(&Token::RBracket)?;
                (false, Some(Box::new(filter)))
            } else if self.eat(&Token::LBracket) {
                if !self.eat(&Token::Star) {
                    let Some(Token::Literal(Json::Number(n))) = self.peek().cloned() else {
                        return Err("expected an index or `*`".into());
                    };
                    self.pos += 1;
                    self.expect(&Token::RBracket)?;
                    left = Expr::Index(Box::new(left), n as i64);
                    continue;
                }
                self.expect(&Token::RBracket)?;
                (false, None)
            } else {
                return Ok(left);
            };
            let right = self.path_with(Expr::Current)?;
            return Ok(Expr::Project { left: Box::new(left), flatten, filter, right: Box::new(right) });
        }
    }
}

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

fn eval(e: &Expr, j: &Json) -> Json {
    match e {
        Expr::Current => j.clone(),
        Expr::Field(name) => j.get(name).cloned().unwrap_or(Json::Null),
        Expr::Literal(l) => l.clone(),
        Expr::Sub(l, r) => {
            let left = eval(l, j);
            if left == Json::Null {
                Json::Null
            } else {
                eval(r, &left)
            }
        }
        Expr::Index(l, n) => match eval(l, j) {
            Json::Array(a) => {
                let i = if *n < 0 { a.len() as i64 + n } else { *n };
                usize::try_from(i).ok().and_then(|i| a.get(i).cloned()).unwrap_or(Json::Null)
            }
            _ => Json::Null,
        },
        Expr::Project { left, flatten, filter, right } => {
            let items = match eval(left, j) {
                Json::Array(a) if *flatten => {
                    a.into_iter().flat_map(|x| if let Json::Array(inner) = x { inner } else { vec![x] }).collect()
                }
                Json::Array(a) => a,
                Json::Object(o) if !*flatten && filter.is_none() => o.into_iter().map(|(_, v)| v).collect(),
                _ => return Json::Null,
            };
            Json::Array(
                items
                    .iter()
                    .filter(|x| filter.as_ref().is_none_or(|f| truthy(&eval(f, x))))
                    .map(|x| eval(right, x))
                    .filter(|x| *x != Json::Null)
                    .collect(),
            )
        }
        Expr::Cmp(op, l, r) => {
            let (a, b) = (eval(l, j), eval(r, j));
            match (*op, &a, &b) {
                ("==", _, _) => Json::Bool(a == b),
                ("!=", _, _) => Json::Bool(a != b),
                (op, Json::Number(x), Json::Number(y)) => Json::Bool(match op {
                    "<" => x < y,
                    "<=" => x <= y,
                    ">" => x > y,
                    _ => x >= y,
                }),
                _ => Json::Null,
            }
        }
        Expr::And(l, r) => {
            let left = eval(l, j);
            if truthy(&left) {
                eval(r, j)
            } else {
                left
            }
        }
        Expr::Or(l, r) => {
            let left = eval(l, j);
            if truthy(&left) {
                left
            } else {
                eval(r, j)
            }
        }
        Expr::Not(x) => Json::Bool(!truthy(&eval(x, j))),
        Expr::Call(name, args) => {
            let args: Vec<Json> = args.iter().map(|a| eval(a, j)).collect();
            match (name.as_str(), args.as_slice()) {
                ("length", [Json::Array(a)]) => Json::Number(a.len() as f64),
                ("length", [Json::Object(o)]) => Json::Number(o.len() as f64),
                ("length", [Json::String(s)]) => Json::Number(s.chars().count() as f64),
                ("contains", [Json::Array(a), x]) => Json::Bool(a.contains(x)),
                ("contains", [Json::String(s), Json::String(x)]) => Json::Bool(s.contains(x.as_str())),
                ("keys", [Json::Object(o)]) => Json::Array(o.iter().map(|(k, _)| Json::String(k.clone())).collect()),
                ("values", [Json::Object(o)]) => Json::Array(o.iter().map(|(_, v)| v.clone()).collect()),
                _ => Json::Null,
            }
        }
    }
}

/// Evaluates `expression` against `value`.
pub(crate) fn search(expression: &str, value: &Json) -> Result<Json, String> {
    let tokens = tokenize(expression)?;
    let mut parser = Parser { tokens, pos: 0 };
    let expr = parser.or()?;
    if parser.pos != parser.tokens.len() {
        return Err(format!("unexpected {:?} in `{expression}`", parser.tokens[parser.pos]));
    }
    Ok(eval(&expr, value))
}
