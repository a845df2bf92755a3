//! The Smithy IDL 2.0 grammar: text to the syntax of one file, whose shape ids are still
//! as written (relative or absolute). Comments and commas are whitespace; `///` lines
//! before a shape or member become its documentation.

use super::syntax::{line_column, IdlFile, MemberDef, Node, Ref, ShapeBody, ShapeDef, TraitApp};
use crate::error::Diagnostic;
use crate::model::ShapeKind;
use std::path::Path;

/// Parses one file, stopping at the first syntax error.
pub(crate) fn parse(text: &str, file: &Path) -> Result<IdlFile, Diagnostic> {
    let mut p = Parser { src: text, b: text.as_bytes(), i: 0, file, docs: Vec::new(), ws_end: usize::MAX };
    p.file_body()
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    file: &'a Path,
    /// `///` lines seen since the last token.
    docs: Vec<String>,
    /// Where the last whitespace run ended: a token consumed since then drops `docs`.
    ws_end: usize,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.b.get(self.i + n).copied()
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }

    /// A diagnostic at byte offset `at`: `line L, column C: message`.
    fn error_at(&self, at: usize, message: impl AsRef<str>) -> Diagnostic {
        let (line, column) = line_column(self.src, at);
        Diagnostic::new(format!("line {line}, column {column}: {}", message.as_ref())).file(self.file)
    }

    /// "expected X, found Y" at the current position.
    fn expected(&self, what: &str) -> Diagnostic {
        let found = match self.src[self.i.min(self.src.len())..].chars().next() {
            None => "the end of the file".to_owned(),
            Some('\n') => "a line break".to_owned(),
            Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
                let word: String = self.src[self.i..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                format!("`{word}`")
            }
            Some(c) => format!("`{c}`"),
        };
        self.error_at(self.i, format!("expected {what}, found {found}"))
    }

    /// Skips spaces, tabs, line breaks, commas and comments, collecting `///` lines that
    /// start a line.
    fn ws(&mut self) {
        if self.i != self.ws_end {
            self.docs.clear();
        }
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b',' => self.i += 1,
                b'/' if self.peek_at(1) == Some(b'/') => {
                    let start = self.i;
                    let end = self.b[start..].iter().position(|c| *c == b'\n').map_or(self.b.len(), |n| start + n);
                    let text = &self.src[start..end];
                    // A `///` comment documents only when nothing but blanks precede it on
                    // its line (looked up here, once per comment, not per token).
                    let line_start = self.b[..start].iter().rev().take_while(|c| **c != b'\n').all(|c| matches!(c, b' ' | b'\t' | b','));
                    if line_start && text.starts_with("///") {
                        let content = text[3..].strip_prefix(' ').unwrap_or(&text[3..]);
                        self.docs.push(content.trim_end_matches('\r').to_owned());
                    }
                    self.i = end;
                }
                _ => break,
            }
        }
        self.ws_end = self.i;
    }

    fn take_docs(&mut self) -> Option<String> {
        if self.docs.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.docs).join("\n"))
        }
    }

    /// Consumes `c` (after whitespace) or fails naming it.
    fn expect(&mut self, c: u8) -> Result<(), Diagnostic> {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.expected(&format!("`{}`", c as char)))
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// The word at the current position (an identifier), without consuming it.
    fn peek_word(&self) -> &'a str {
        let end = self.b[self.i..].iter().position(|c| !is_ident_char(*c)).map_or(self.b.len(), |n| self.i + n);
        &self.src[self.i..end]
    }

    fn identifier(&mut self, what: &str) -> Result<String, Diagnostic> {
        self.ws();
        match self.peek() {
            Some(c) if is_ident_start(c) => {
                let word = self.peek_word();
                if word.bytes().all(|c| c == b'_') {
                    return Err(self.expected(what));
                }
                self.i += word.len();
                Ok(word.to_owned())
            }
            _ => Err(self.expected(what)),
        }
    }

    /// A keyword such as `namespace`, when the next word is exactly it.
    fn at_keyword(&mut self, keyword: &str) -> bool {
        self.ws();
        self.peek_word() == keyword
    }

    /// `Namespace#Name$member`, `Name`, `Name$member`: as written.
    fn shape_id(&mut self, what: &str) -> Result<Ref, Diagnostic> {
        self.ws();
        let at = self.i;
        let mut text = self.identifier(what)?;
        while self.peek() == Some(b'.') {
            self.i += 1;
            let part = self.identifier_here("a namespace segment after `.`")?;
            text.push('.');
            text.push_str(&part);
        }
        if self.peek() == Some(b'#') {
            self.i += 1;
            let name = self.identifier_here("a shape name after `#`")?;
            text.push('#');
            text.push_str(&name);
        } else if text.contains('.') {
            return Err(self.expected("`#` and a shape name after the namespace"));
        }
        if self.peek() == Some(b'$') {
            self.i += 1;
            let member = self.identifier_here("a member name after `$`")?;
            text.push('$');
            text.push_str(&member);
        }
        Ok(Ref { text, at })
    }

    /// An identifier that must start right here (no whitespace before it).
    fn identifier_here(&mut self, what: &str) -> Result<String, Diagnostic> {
        match self.peek() {
            Some(c) if is_ident_start(c) => {
                let word = self.peek_word();
                self.i += word.len();
                Ok(word.to_owned())
            }
            _ => Err(self.expected(what)),
        }
    }

    fn file_body(&mut self) -> Result<IdlFile, Diagnostic> {
        let mut file = IdlFile { file: self.file.to_owned(), source: self.src.to_owned(), ..IdlFile::default() };
        // Control section.
        loop {
            self.ws();
            if self.peek() != Some(b'$') {
                break;
            }
            self.i += 1;
            let key = self.node_key()?;
            self.expect(b':')?;
            let value = self.node()?;
            let text = match &value {
                Node::Str(s) => Some(s.clone()),
                _ => None,
            };
            match key.as_str() {
                "version" => {
                    let Some(v) = text else { return Err(self.error_at(self.i, "`$version` must be a string")) };
                    if !(v == "2" || v.starts_with("2.") || v == "1" || v.starts_with("1.")) {
                        return Err(self.error_at(self.i, format!("unsupported Smithy IDL version \"{v}\" (expected \"2\")")));
                    }
                    file.version = Some(v);
                }
                "operationInputSuffix" => {
                    file.input_suffix = text.ok_or_else(|| self.error_at(self.i, "`$operationInputSuffix` must be a string"))?
                }
                "operationOutputSuffix" => {
                    file.output_suffix = text.ok_or_else(|| self.error_at(self.i, "`$operationOutputSuffix` must be a string"))?
                }
                // Unknown control statements are ignored, as the spec requires.
                _ => {}
            }
        }
        // Metadata section.
        while self.at_keyword("metadata") {
            self.i += "metadata".len();
            self.ws();
            let key = self.node_key()?;
            self.expect(b'=')?;
            let value = self.node()?;
            file.metadata.push((key, value));
        }
        if self.at_keyword("namespace") {
            self.i += "namespace".len();
            self.ws();
            let mut ns = self.identifier("a namespace")?;
            while self.peek() == Some(b'.') {
                self.i += 1;
                ns.push('.');
                ns.push_str(&self.identifier_here("a namespace segment after `.`")?);
            }
            file.namespace = Some(ns);
            while self.at_keyword("use") {
                self.i += "use".len();
                let id = self.shape_id("an absolute shape id after `use`")?;
                if !id.text.contains('#') || id.text.contains('$') {
                    return Err(self.error_at(id.at, format!("`use` needs an absolute shape id (namespace#Name), not `{}`", id.text)));
                }
                file.uses.push(id);
            }
        }
        loop {
            self.ws();
            if self.at_end() {
                break;
            }
            if file.namespace.is_none() {
                return Err(self.expected("`namespace` before any shape"));
            }
            if self.at_keyword("apply") {
                self.i += "apply".len();
                let target = self.shape_id("the shape to apply traits to")?;
                self.ws();
                let traits = if self.eat(b'{') {
                    let traits = self.traits()?;
                    self.expect(b'}')?;
                    traits
                } else if self.peek() == Some(b'@') {
                    vec![self.trait_app()?]
                } else {
                    return Err(self.expected("a trait (`@name`) or `{` after the apply target"));
                };
                file.applies.push((target, traits));
                continue;
            }
            self.shape_statement(&mut file)?;
        }
        Ok(file)
    }

    fn traits(&mut self) -> Result<Vec<TraitApp>, Diagnostic> {
        let mut out = Vec::new();
        loop {
            self.ws();
            if self.peek() != Some(b'@') {
                return Ok(out);
            }
            out.push(self.trait_app()?);
        }
    }

    fn trait_app(&mut self) -> Result<TraitApp, Diagnostic> {
        self.expect(b'@')?;
        let id = self.shape_id("a trait name after `@`")?;
        // A body only when `(` follows at once: `@foo (` would be ambiguous.
        if self.peek() != Some(b'(') {
            return Ok(TraitApp { id, value: None });
        }
        self.i += 1;
        self.ws();
        if self.peek() == Some(b')') {
            self.i += 1;
            return Ok(TraitApp { id, value: None });
        }
        // `@foo(key: value, …)` is an object without braces.
        let save = self.i;
        let structured = self.node_key().is_ok() && {
            self.ws();
            self.peek() == Some(b':')
        };
        self.i = save;
        self.ws_end = save;
        let value = if structured {
            let mut entries = Vec::new();
            loop {
                self.ws();
                if self.peek() == Some(b')') {
                    break;
                }
                let key = self.node_key()?;
                self.expect(b':')?;
                let value = self.node()?;
                entries.push((key, value));
            }
            Node::Object(entries)
        } else {
            self.node()?
        };
        self.expect(b')')?;
        Ok(TraitApp { id, value: Some(value) })
    }

    fn node_key(&mut self) -> Result<String, Diagnostic> {
        self.ws();
        match self.peek() {
            Some(b'"') => self.quoted(),
            Some(c) if is_ident_start(c) => self.identifier("an object key"),
            _ => Err(self.expected("an object key (an identifier or a quoted string)")),
        }
    }

    fn node(&mut self) -> Result<Node, Diagnostic> {
        self.ws();
        match self.peek() {
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                        return Ok(Node::Array(items));
                    }
                    if self.at_end() {
                        return Err(self.expected("`]` to close the array"));
                    }
                    items.push(self.node()?);
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut entries: Vec<(String, Node)> = Vec::new();
                loop {
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                        return Ok(Node::Object(entries));
                    }
                    if self.at_end() {
                        return Err(self.expected("`}` to close the object"));
                    }
                    let at = self.i;
                    let key = self.node_key()?;
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(self.error_at(at, format!("the key `{key}` appears twice in this object")));
                    }
                    self.expect(b':')?;
                    let value = self.node()?;
                    entries.push((key, value));
                }
            }
            Some(b'"') => {
                if self.b[self.i..].starts_with(b"\"\"\"") {
                    self.text_block().map(Node::Str)
                } else {
                    self.quoted().map(Node::Str)
                }
            }
            Some(c) if c == b'-' || c.is_ascii_digit() => self.number(),
            Some(c) if is_ident_start(c) => match self.peek_word() {
                "true" => {
                    self.i += 4;
                    Ok(Node::Bool(true))
                }
                "false" => {
                    self.i += 5;
                    Ok(Node::Bool(false))
                }
                "null" => {
                    self.i += 4;
                    Ok(Node::Null)
                }
                _ => self.shape_id("a shape id").map(Node::ShapeId),
            },
            _ => Err(self.expected("a value (string, number, boolean, null, array, object or shape id)")),
        }
    }

    fn number(&mut self) -> Result<Node, Diagnostic> {
        let start = self.i;
        let mut end = self.i;
        if self.b.get(end) == Some(&b'-') {
            end += 1;
        }
        while let Some(c) = self.b.get(end) {
            if c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-') {
                end += 1;
            } else {
                break;
            }
        }
        let lexeme = &self.src[start..end];
        // Parsed as JSON parses it, so the IDL and the JSON AST agree on every number.
        match serde_json::from_str::<serde_json::Number>(lexeme) {
            Ok(n) => {
                self.i = end;
                Ok(Node::Number(n))
            }
            Err(_) => Err(self.error_at(start, format!("`{lexeme}` is not a valid number"))),
        }
    }

    /// A `"…"` string, escapes applied.
    fn quoted(&mut self) -> Result<String, Diagnostic> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.src[self.i..].chars().next() else {
                return Err(self.error_at(start, "this string is not closed: expected `\"` before the end of the file"));
            };
            self.i += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => self.escape(&mut out)?,
                '\r' => {
                    if self.peek() == Some(b'\n') {
                        self.i += 1;
                    }
                    out.push('\n');
                }
                c => out.push(c),
            }
        }
    }

    /// After a backslash: one escape sequence, appended to `out`.
    fn escape(&mut self, out: &mut String) -> Result<(), Diagnostic> {
        let at = self.i - 1;
        let Some(c) = self.src[self.i..].chars().next() else {
            return Err(self.error_at(at, "expected an escape sequence after `\\`, found the end of the file"));
        };
        self.i += c.len_utf8();
        match c {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '/' => out.push('/'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '\n' => {}
            '\r' => {
                if self.peek() == Some(b'\n') {
                    self.i += 1;
                }
            }
            'u' => {
                let hex = self.src.get(self.i..self.i + 4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
                let Some(hex) = hex else {
                    return Err(self.error_at(at, "expected four hexadecimal digits after `\\u`"));
                };
                let mut code = u32::from_str_radix(hex, 16).unwrap_or(0);
                self.i += 4;
                // A UTF-16 surrogate pair is two escapes.
                if (0xD800..0xDC00).contains(&code) && self.src[self.i..].starts_with("\\u") {
                    if let Some(low) = self.src.get(self.i + 2..self.i + 6).and_then(|h| u32::from_str_radix(h, 16).ok()) {
                        if (0xDC00..0xE000).contains(&low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                            self.i += 6;
                        }
                    }
                }
                match char::from_u32(code) {
                    Some(c) => out.push(c),
                    None => return Err(self.error_at(at, format!("`\\u{hex}` is not a Unicode scalar value"))),
                }
            }
            other => return Err(self.error_at(at, format!("`\\{other}` is not a valid escape sequence"))),
        }
        Ok(())
    }

    /// A `"""` text block: incidental indentation removed, then escapes applied.
    fn text_block(&mut self) -> Result<String, Diagnostic> {
        let start = self.i;
        self.i += 3;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        match self.peek() {
            Some(b'\n') => self.i += 1,
            Some(b'\r') if self.peek_at(1) == Some(b'\n') => self.i += 2,
            _ => return Err(self.expected("a line break after the opening `\"\"\"` of a text block")),
        }
        let content_start = self.i;
        let mut j = self.i;
        loop {
            match self.b.get(j) {
                None => return Err(self.error_at(start, "this text block is not closed: expected `\"\"\"`")),
                Some(b'\\') => j += 2,
                Some(b'"') if self.b[j..].starts_with(b"\"\"\"") => break,
                Some(_) => j += 1,
            }
        }
        let raw = self.src[content_start..j].replace("\r\n", "\n");
        self.i = j + 3;
        let lines: Vec<&str> = raw.split('\n').collect();
        let last = lines.len() - 1;
        // The closing line counts even when blank: the delimiter's indentation sets the margin.
        let indent = lines
            .iter()
            .enumerate()
            .filter(|(n, l)| *n == last || !l.trim().is_empty())
            .map(|(_, l)| l.len() - l.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        let text: Vec<&str> = lines
            .iter()
            .map(|l| {
                let cut = l.bytes().take(indent).take_while(|b| *b == b' ').count();
                l[cut..].trim_end_matches([' ', '\t'])
            })
            .collect();
        let joined = text.join("\n");
        // Escapes are interpreted after the re-indentation.
        let mut out = String::new();
        let mut sub = Parser { src: &joined, b: joined.as_bytes(), i: 0, file: self.file, docs: Vec::new(), ws_end: 0 };
        while let Some(c) = sub.src[sub.i..].chars().next() {
            sub.i += c.len_utf8();
            if c == '\\' {
                sub.escape(&mut out).map_err(|e| self.error_at(start, format!("in this text block: {}", e.message)))?;
            } else {
                out.push(c);
            }
        }
        Ok(out)
    }

    fn shape_statement(&mut self, file: &mut IdlFile) -> Result<(), Diagnostic> {
        self.ws();
        let docs = self.take_docs();
        let mut traits = self.traits()?;
        add_docs(&mut traits, docs);
        self.ws();
        let keyword_at = self.i;
        let keyword = self.identifier("a shape type (structure, string, operation, …) or `apply`")?;
        let kind = match keyword.as_str() {
            "set" => ShapeKind::List,
            "metadata" => return Err(self.error_at(keyword_at, "`metadata` must come before `namespace`")),
            "use" => return Err(self.error_at(keyword_at, "`use` must come before the shapes, right after `namespace`")),
            "namespace" => return Err(self.error_at(keyword_at, "a file has one `namespace`")),
            other => ShapeKind::from_type(other).ok_or_else(|| {
                self.error_at(keyword_at, format!("expected a shape type (structure, string, operation, …) or `apply`, found `{other}`"))
            })?,
        };
        let name_at = {
            self.ws();
            self.i
        };
        let name = self.identifier("a shape name")?;
        let mut shape = ShapeDef { name, at: name_at, kind, traits, ..ShapeDef::default() };
        match kind {
            ShapeKind::List | ShapeKind::Map | ShapeKind::Structure | ShapeKind::Union => {
                if self.at_keyword("for") {
                    self.i += 3;
                    shape.for_resource = Some(self.shape_id("a resource after `for`")?);
                }
                shape.mixins = self.mixins()?;
                shape.members = self.members(false)?;
            }
            ShapeKind::Enum | ShapeKind::IntEnum => {
                shape.mixins = self.mixins()?;
                shape.members = self.members(true)?;
            }
            ShapeKind::Service | ShapeKind::Resource => {
                shape.mixins = self.mixins()?;
                self.ws();
                if self.peek() != Some(b'{') {
                    return Err(self.expected("`{` to open the shape's properties"));
                }
                match self.node()? {
                    Node::Object(entries) => shape.body = ShapeBody::Entity(entries),
                    _ => return Err(self.expected("an object")),
                }
            }
            ShapeKind::Operation => {
                shape.mixins = self.mixins()?;
                self.operation_body(&mut shape, file)?;
            }
            _ => {
                shape.mixins = self.mixins()?;
            }
        }
        file.shapes.push(shape);
        Ok(())
    }

    fn mixins(&mut self) -> Result<Vec<Ref>, Diagnostic> {
        if !self.at_keyword("with") {
            return Ok(Vec::new());
        }
        self.i += 4;
        self.expect(b'[')?;
        let mut out = Vec::new();
        loop {
            self.ws();
            if self.peek() == Some(b']') {
                self.i += 1;
                if out.is_empty() {
                    return Err(self.error_at(self.i - 1, "`with [...]` needs at least one mixin"));
                }
                return Ok(out);
            }
            out.push(self.shape_id("a mixin shape id or `]`")?);
        }
    }

    /// `{ member* }` of an aggregate or enum shape.
    fn members(&mut self, is_enum: bool) -> Result<Vec<MemberDef>, Diagnostic> {
        self.expect(b'{')?;
        let mut out: Vec<MemberDef> = Vec::new();
        loop {
            self.ws();
            if self.peek() == Some(b'}') {
                self.i += 1;
                return Ok(out);
            }
            let docs = self.take_docs();
            let mut traits = self.traits()?;
            add_docs(&mut traits, docs);
            self.ws();
            let at = self.i;
            let elided = !is_enum && self.peek() == Some(b'$');
            if elided {
                self.i += 1;
            }
            let name = if elided { self.identifier_here("a member name after `$`")? } else { self.identifier("a member name or `}`")? };
            if out.iter().any(|m| m.name == name) {
                return Err(self.error_at(at, format!("the member `{name}` is defined twice")));
            }
            let target = if is_enum || elided {
                None
            } else {
                self.expect(b':')?;
                Some(self.shape_id("the member's target shape")?)
            };
            let value = if self.eat(b'=') { Some(self.node()?) } else { None };
            out.push(MemberDef { name, at, target, traits, value, elided });
        }
    }

    fn operation_body(&mut self, shape: &mut ShapeDef, file: &mut IdlFile) -> Result<(), Diagnostic> {
        self.expect(b'{')?;
        loop {
            self.ws();
            if self.peek() == Some(b'}') {
                self.i += 1;
                return Ok(());
            }
            let at = self.i;
            let key = self.identifier("`input`, `output`, `errors` or `}`")?;
            match key.as_str() {
                "input" | "output" => {
                    self.ws();
                    let slot = if self.b[self.i..].starts_with(b":=") {
                        self.i += 2;
                        let suffix = if key == "input" { &file.input_suffix } else { &file.output_suffix };
                        let name = format!("{}{suffix}", shape.name);
                        self.ws();
                        let docs = self.take_docs();
                        let mut traits = self.traits()?;
                        add_docs(&mut traits, docs);
                        let io_trait = if key == "input" { "smithy.api#input" } else { "smithy.api#output" };
                        traits.push(TraitApp { id: Ref { text: io_trait.into(), at }, value: None });
                        let mut inline = ShapeDef { name: name.clone(), at, kind: ShapeKind::Structure, traits, ..ShapeDef::default() };
                        if self.at_keyword("for") {
                            self.i += 3;
                            inline.for_resource = Some(self.shape_id("a resource after `for`")?);
                        }
                        inline.mixins = self.mixins()?;
                        inline.members = self.members(false)?;
                        file.shapes.push(inline);
                        Ref { text: name, at }
                    } else {
                        self.expect(b':')?;
                        self.shape_id("a structure shape id")?
                    };
                    let place = if key == "input" { &mut shape.input } else { &mut shape.output };
                    if place.is_some() {
                        return Err(self.error_at(at, format!("`{key}` is defined twice")));
                    }
                    *place = Some(slot);
                }
                "errors" => {
                    self.expect(b':')?;
                    self.expect(b'[')?;
                    loop {
                        self.ws();
                        if self.peek() == Some(b']') {
                            self.i += 1;
                            break;
                        }
                        shape.errors.push(self.shape_id("an error shape id or `]`")?);
                    }
                }
                other => return Err(self.error_at(at, format!("expected `input`, `output`, `errors` or `}}`, found `{other}`"))),
            }
        }
    }
}

/// Documentation comments become the documentation trait, before the other traits.
fn add_docs(traits: &mut Vec<TraitApp>, docs: Option<String>) {
    if let Some(docs) = docs {
        traits.insert(0, TraitApp { id: Ref { text: "smithy.api#documentation".into(), at: 0 }, value: Some(Node::Str(docs)) });
    }
}
