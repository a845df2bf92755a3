//! The JMESPath subset waiters and `@operationContextParams` use, parsed at generation time:
//! field and sub-expressions, list projections (`[]`, `[*]`, `[?filter]`), object projections
//! (`.*`), multi-select lists (`[a, b]`), indexes, comparisons,
//! `&&` `||` `!`, literals, raw strings and the `length`, `contains`, `keys` and `values`
//! functions. The generated crate gets the parsed expression as static data
//! (`crate::rt::jmespath::Expr`), so it carries no JMESPath parser and an expression outside
//! the subset is a generation error, not a runtime one.

use proc_macro2::TokenStream;
use quote::quote;

/// A literal: the scalar JSON values waiters compare with.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
}

/// The functions the runtime evaluates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Function {
    Length,
    Contains,
    Keys,
    Values,
}

impl Function {
    const ALL: [(&'static str, Function, usize); 4] = [
        ("length", Function::Length, 1),
        ("contains", Function::Contains, 2),
        ("keys", Function::Keys, 1),
        ("values", Function::Values, 1),
    ];
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Current,
    Field(String),
    Literal(Literal),
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
    /// `left.*`: `right` applied to each value of the object `left` is (nulls dropped).
    ObjectProject {
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `[a, b]`: each expression's value, in a list (null when the current value is null).
    MultiList(Vec<Expr>),
    Compare(Comparison, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Call(Function, Vec<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    Literal(Literal),
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
    Compare(Comparison),
}

/// Parses `src`, or says what in it is outside the supported subset.
pub fn parse(src: &str) -> Result<Expr, String> {
    let tokens = tokenize(src)?;
    let mut parser = Parser { tokens, pos: 0 };
    let expr = parser.or()?;
    match parser.tokens.get(parser.pos) {
        None => Ok(expr),
        Some(t) => Err(format!("unexpected {t:?} in `{src}`")),
    }
}

fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (token, width) = match (c, next) {
            (' ' | '\t' | '\n' | '\r', _) => {
                i += 1;
                continue;
            }
            ('.', _) => (Token::Dot, 1),
            ('*', _) => (Token::Star, 1),
            ('@', _) => (Token::At, 1),
            (',', _) => (Token::Comma, 1),
            ('(', _) => (Token::LParen, 1),
            (')', _) => (Token::RParen, 1),
            (']', _) => (Token::RBracket, 1),
            ('[', Some(']')) => (Token::Flatten, 2),
            ('[', Some('?')) => (Token::FilterStart, 2),
            ('[', _) => (Token::LBracket, 1),
            ('&', Some('&')) => (Token::And, 2),
            ('|', Some('|')) => (Token::Or, 2),
            ('!', Some('=')) => (Token::Compare(Comparison::Ne), 2),
            ('!', _) => (Token::Not, 1),
            ('=', Some('=')) => (Token::Compare(Comparison::Eq), 2),
            ('<', Some('=')) => (Token::Compare(Comparison::Le), 2),
            ('>', Some('=')) => (Token::Compare(Comparison::Ge), 2),
            ('<', _) => (Token::Compare(Comparison::Lt), 1),
            ('>', _) => (Token::Compare(Comparison::Gt), 1),
            ('`' | '\'' | '"', _) => {
                let end = chars[i + 1..].iter().position(|&x| x == c).ok_or_else(|| format!("unterminated {c} in `{src}`"))?;
                let text: String = chars[i + 1..i + 1 + end].iter().collect();
                let token = match c {
                    '\'' => Token::Literal(Literal::String(text)),
                    '"' => Token::Ident(text),
                    _ => Token::Literal(json_literal(&text)?),
                };
                (token, end + 2)
            }
            (c, _) if c.is_ascii_alphabetic() || c == '_' => {
                let len = chars[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count();
                (Token::Ident(chars[i..i + len].iter().collect()), len)
            }
            (c, _) if c.is_ascii_digit() || c == '-' => {
                let len = 1 + chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                let n: String = chars[i..i + len].iter().collect();
                (Token::Literal(Literal::Number(n.parse().map_err(|_| format!("bad number {n} in `{src}`"))?)), len)
            }
            (other, _) => return Err(format!("unexpected {other:?} in `{src}`")),
        };
        out.push(token);
        i += width;
    }
    Ok(out)
}

/// A backquoted JSON literal: numbers, booleans, null and strings (a bare word is a string,
/// as the JMESPath specification allows for compatibility).
fn json_literal(text: &str) -> Result<Literal, String> {
    let t = text.trim();
    Ok(match serde_json::from_str::<serde_json::Value>(t) {
        Ok(serde_json::Value::Null) => Literal::Null,
        Ok(serde_json::Value::Bool(b)) => Literal::Bool(b),
        Ok(serde_json::Value::Number(n)) => Literal::Number(n.as_f64().ok_or_else(|| format!("the number `{t}` is out of range"))?),
        Ok(serde_json::Value::String(s)) => Literal::String(s),
        Ok(_) => return Err(format!("the literal `{t}` is an array or object, which is not supported")),
        Err(_) => Literal::String(t.to_owned()),
    })
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
        let found = self.peek() == Some(t);
        self.pos += found as usize;
        found
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
        if let Some(Token::Compare(op)) = self.peek().cloned() {
            self.pos += 1;
            return Ok(Expr::Compare(op, Box::new(left), Box::new(self.path()?)));
        }
        Ok(left)
    }
    fn primary(&mut self) -> Result<Expr, String> {
        match self.peek().cloned() {
            Some(Token::Ident(name)) => {
                self.pos += 1;
                if !self.eat(&Token::LParen) {
                    return Ok(Expr::Field(name));
                }
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
                let Some((_, function, arity)) = Function::ALL.iter().find(|(n, _, _)| *n == name) else {
                    let names: Vec<&str> = Function::ALL.iter().map(|(n, _, _)| *n).collect();
                    return Err(format!("the function {name}() is not supported (only {} are)", names.join(", ")));
                };
                if args.len() != *arity {
                    return Err(format!("{name}() takes {arity} argument(s), not {}", args.len()));
                }
                Ok(Expr::Call(*function, args))
            }
            Some(Token::Literal(l)) => {
                self.pos += 1;
                Ok(Expr::Literal(l))
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
            // A bracket that holds an index or `*` starts a path from the current value;
            // any other holds a multi-select list.
            Some(Token::LBracket) if !matches!(self.tokens.get(self.pos + 1), Some(Token::Star | Token::Literal(Literal::Number(_)))) => {
                self.pos += 1;
                let mut items = vec![self.or()?];
                while self.eat(&Token::Comma) {
                    items.push(self.or()?);
                }
                self.expect(&Token::RBracket)?;
                Ok(Expr::MultiList(items))
            }
            Some(Token::Flatten | Token::FilterStart | Token::LBracket) => Ok(Expr::Current),
            other => Err(format!("unexpected {other:?}")),
        }
    }
    /// A primary followed by `.field`, `[n]` and projections.
    fn path(&mut self) -> Result<Expr, String> {
        let primary = self.primary()?;
        self.path_with(primary, false)
    }

    /// Continues a path from `left`. A projection takes the rest of the path and applies it
    /// to each element, up to a flatten (`[]`), which applies to the projection's result (as
    /// JMESPath's grammar has it: `a[].b[]` flattens `a[].b`).
    fn path_with(&mut self, mut left: Expr, in_projection: bool) -> Result<Expr, String> {
        loop {
            let (flatten, filter) = if self.eat(&Token::Dot) {
                if self.eat(&Token::Star) {
                    let right = self.path_with(Expr::Current, true)?;
                    left = Expr::ObjectProject { left: Box::new(left), right: Box::new(right) };
                    continue;
                }
                let right = self.primary()?;
                left = Expr::Sub(Box::new(left), Box::new(right));
                continue;
            } else if in_projection && self.peek() == Some(&Token::Flatten) {
                return Ok(left);
            } else if self.eat(&Token::Flatten) {
                (true, None)
            } else if self.eat(&Token::FilterStart) {
                let filter = self.or()?;
                self.expect(&Token::RBracket)?;
                (false, Some(Box::new(filter)))
            } else if self.eat(&Token::LBracket) {
                if !self.eat(&Token::Star) {
                    let Some(Token::Literal(Literal::Number(n))) = self.peek().cloned() else {
                        return Err("expected an index or `*`".into());
                    };
                    if n.fract() != 0.0 {
                        return Err(format!("the index {n} is not an integer"));
                    }
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
            let right = self.path_with(Expr::Current, true)?;
            left = Expr::Project { left: Box::new(left), flatten, filter, right: Box::new(right) };
        }
    }
}

/// The expression as a constant `crate::rt::jmespath::Expr`, nested by reference so that it
/// can sit in a static.
pub fn tokens(expr: &Expr) -> TokenStream {
    let boxed = |e: &Expr| {
        let e = tokens(e);
        quote!(&#e)
    };
    let body = match expr {
        Expr::Current => quote!(Current),
        Expr::Field(name) => quote!(Field(#name)),
        Expr::Literal(l) => {
            let l = match l {
                Literal::Null => quote!(Null),
                Literal::Bool(b) => quote!(Bool(#b)),
                Literal::Number(n) => quote!(Number(#n)),
                Literal::String(s) => quote!(String(#s)),
            };
            quote!(Literal(crate::rt::jmespath::Literal::#l))
        }
        Expr::Sub(l, r) => {
            let (l, r) = (boxed(l), boxed(r));
            quote!(Sub(#l, #r))
        }
        Expr::Index(l, n) => {
            let l = boxed(l);
            quote!(Index(#l, #n))
        }
        Expr::Project { left, flatten, filter, right } => {
            let (left, right) = (boxed(left), boxed(right));
            let filter = match filter {
                Some(f) => {
                    let f = boxed(f);
                    quote!(Some(#f))
                }
                None => quote!(None),
            };
            quote!(Project { left: #left, flatten: #flatten, filter: #filter, right: #right })
        }
        Expr::ObjectProject { left, right } => {
            let (left, right) = (boxed(left), boxed(right));
            quote!(ObjectProject { left: #left, right: #right })
        }
        Expr::MultiList(items) => {
            let items = items.iter().map(tokens);
            quote!(MultiList(&[#(#items),*]))
        }
        Expr::Compare(op, l, r) => {
            let op = quote::format_ident!("{}", format!("{op:?}"));
            let (l, r) = (boxed(l), boxed(r));
            quote!(Compare(crate::rt::jmespath::Comparison::#op, #l, #r))
        }
        Expr::And(l, r) => {
            let (l, r) = (boxed(l), boxed(r));
            quote!(And(#l, #r))
        }
        Expr::Or(l, r) => {
            let (l, r) = (boxed(l), boxed(r));
            quote!(Or(#l, #r))
        }
        Expr::Not(x) => {
            let x = boxed(x);
            quote!(Not(#x))
        }
        Expr::Call(f, args) => {
            let f = quote::format_ident!("{}", format!("{f:?}"));
            let args = args.iter().map(tokens);
            quote!(Call(crate::rt::jmespath::Function::#f, &[#(#args),*]))
        }
    };
    quote!(crate::rt::jmespath::Expr::#body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.into()))
    }

    #[test]
    fn parses_paths_projections_and_filters() {
        assert_eq!(parse("Table.TableStatus").unwrap(), Expr::Sub(field("Table"), field("TableStatus")));
        assert_eq!(parse("a[-1]").unwrap(), Expr::Index(field("a"), -1));
        assert_eq!(
            parse("Items[].Name").unwrap(),
            Expr::Project {
                left: field("Items"),
                flatten: true,
                filter: None,
                right: Box::new(Expr::Sub(Box::new(Expr::Current), field("Name")))
            }
        );
        let Expr::Project { filter: Some(f), flatten: false, .. } = parse("a[?b == `1`].c").unwrap() else { panic!() };
        assert_eq!(*f, Expr::Compare(Comparison::Eq, field("b"), Box::new(Expr::Literal(Literal::Number(1.0)))));
        assert_eq!(parse("keys(RequestItems)").unwrap(), Expr::Call(Function::Keys, vec![Expr::Field("RequestItems".into())]));
        assert_eq!(
            parse("!(a || b) && 'x' != \"y z\"").unwrap(),
            Expr::And(
                Box::new(Expr::Not(Box::new(Expr::Or(field("a"), field("b"))))),
                Box::new(Expr::Compare(Comparison::Ne, Box::new(Expr::Literal(Literal::String("x".into()))), field("y z")))
            )
        );
        assert_eq!(parse("`\"ACTIVE\"`").unwrap(), Expr::Literal(Literal::String("ACTIVE".into())));
        assert_eq!(parse("`true`").unwrap(), Expr::Literal(Literal::Bool(true)));
    }

    #[test]
    fn a_flatten_applies_to_the_projection_before_it() {
        let current = |name: &str| Box::new(Expr::Sub(Box::new(Expr::Current), field(name)));
        let inner = Expr::Project { left: field("a"), flatten: true, filter: None, right: current("b") };
        assert_eq!(parse("a[].b[].c").unwrap(), Expr::Project { left: Box::new(inner), flatten: true, filter: None, right: current("c") });
        // `[*]` nests, as JMESPath's projections do.
        let Expr::Project { right, .. } = parse("a[*].b[*]").unwrap() else { panic!() };
        assert!(matches!(*right, Expr::Project { .. }));
    }

    #[test]
    fn parses_object_projections_and_multi_select_lists() {
        assert_eq!(
            parse("Attributes.*.Status").unwrap(),
            Expr::ObjectProject { left: field("Attributes"), right: Box::new(Expr::Sub(Box::new(Expr::Current), field("Status"))) }
        );
        let Expr::Call(Function::Contains, args) = parse("contains(Groups[].[length(Instances) >= MinSize][], `false`)").unwrap() else {
            panic!()
        };
        let Expr::Project { left, flatten: true, right, .. } = &args[0] else { panic!("{:?}", args[0]) };
        assert!(matches!(**right, Expr::Current));
        let Expr::Project { right: select, .. } = &**left else { panic!() };
        let Expr::Sub(_, list) = &**select else { panic!() };
        assert!(matches!(&**list, Expr::MultiList(items) if items.len() == 1));
        assert_eq!(parse("[a, b]").unwrap(), Expr::MultiList(vec![Expr::Field("a".into()), Expr::Field("b".into())]));
    }

    #[test]
    fn names_what_is_outside_the_subset() {
        assert!(parse("sort_by(a, &b)").unwrap_err().contains("sort_by"), "unknown functions and `&` are errors");
        assert!(parse("max(a)").unwrap_err().contains("max() is not supported"));
        assert!(parse("length(a, b)").unwrap_err().contains("takes 1"));
        assert!(parse("a[1.5]").is_err());
        assert!(parse("`[1]`").unwrap_err().contains("array or object"));
        assert!(parse("a.`b").unwrap_err().contains("unterminated"));
        assert!(parse("a b").unwrap_err().contains("unexpected"));
        assert!(parse("a | b").is_err(), "pipes are not in the subset");
    }
}
