//! restXml: the HTTP bindings of `rest.rs` over XML bodies, and the XML writer they are
//! written with (`@xmlName`, `@xmlAttribute`, `@xmlFlattened`, `@xmlNamespace`).

use super::client::RawResponse;
use super::codec::{list_schema, map_schema, DecodeError, Decoder, MapKey, StructValue, Value, WriteError, WriteResult, Writer};
use super::config::IdempotencyTokenProvider;
use super::protocol::{body_text, text, unset_member, BodyFormat, ErrorEnvelope, Protocol};
use super::rest::RestProtocol;
use super::schema::{Member, Schema};
use super::xml::{parse_error_envelope, walk_to_error, XmlDecoder};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::{DateTime, Document};
use std::collections::HashMap;

/// restXml: HTTP bindings with XML bodies. Error responses are read whether the service
/// wraps them in `<ErrorResponse>` or not (`noErrorWrapping`), so the setting needs no field.
pub(crate) struct RestXml;

impl RestProtocol for RestXml {
    type Body = XmlBody;
}

impl Protocol for RestXml {
    #[cfg_attr(debug_assertions, inline)]
    fn request_headers(&self, _: &'static str) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    #[cfg_attr(debug_assertions, inline)]
    fn error_envelope(&self, response: &RawResponse) -> Result<ErrorEnvelope, DecodeError> {
        let body = body_text(response)?;
        // An error without a body (a HEAD request's, say) is known by its status alone.
        if body.trim().is_empty() {
            let code = match response.status() {
                404 => "NotFound",
                _ => "",
            };
            let code = (!code.is_empty()).then(|| code.to_owned());
            return Ok(ErrorEnvelope { kind: code.clone(), code, ..ErrorEnvelope::default() });
        }
        parse_error_envelope(body)
    }
}

pub(crate) struct XmlBody;

impl BodyFormat for XmlBody {
    const CONTENT_TYPE: &'static str = "application/xml";
    // An unset structure payload is no body at all.
    const EMPTY_DOCUMENT: &'static [u8] = b"";
    #[cfg_attr(debug_assertions, inline)]
    fn write<T: Value>(tokens: Option<&IdempotencyTokenProvider>, member: &'static Member, value: &T) -> Result<Vec<u8>, BuildError> {
        let mut writer = XmlWriter { out: String::with_capacity(256), tokens, failure: None, attributes: false, depth: 0, renamed: None };
        value.write(member, &mut writer)?;
        Ok(writer.out.into_bytes())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn read_members<S: StructValue>(target: &mut S, body: &[u8]) -> Result<(), DecodeError> {
        let mut d = XmlDecoder::new(text(body)?);
        // The document's root is the structure's element, as aws-sdk-* requires it to be.
        let expected = target.schema().name;
        let local = expected.rsplit(':').next().unwrap_or(expected).as_bytes();
        if let Some(root) = d.root(|name| (name != local).then(|| String::from_utf8_lossy(name).into_owned()))? {
            return Err(DecodeError::new(format!("the response's XML root is <{root}>, where <{expected}> was expected")));
        }
        d.structure(target)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn read_error_members<S: StructValue>(target: &mut S, body: &[u8]) -> Result<(), DecodeError> {
        let mut d = XmlDecoder::new(text(body)?);
        // `<Error>` itself (noErrorWrapping), or inside `<ErrorResponse>`.
        if d.root(|n| n == b"Error")? {
            return d.structure(target);
        }
        walk_to_error(&mut d, &mut |d| d.structure(target))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn read_member<S: StructValue>(target: &mut S, index: usize, member: &'static Member, body: &[u8]) -> Result<(), DecodeError> {
        let mut d = XmlDecoder::new(text(body)?);
        d.root(|_| ())?;
        target.merge_field(index, member, &mut d)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn read_document(_: &[u8]) -> Result<Document, DecodeError> {
        Err(DecodeError::new("restXml does not support documents"))
    }
}

/// Writes a value as XML, driven by the schema tables: each member an element named by its
/// `body_name`, or an attribute of its structure's element.
struct XmlWriter<'t> {
    out: String,
    tokens: Option<&'t IdempotencyTokenProvider>,
    failure: Option<WriteError>,
    /// Writing the attributes of the start tag being written: only `@xmlAttribute` members
    /// are written, as ` name="value"`; then only the others, as elements.
    attributes: bool,
    /// How many structures deep the writer is: only the document's root takes its
    /// structure's own namespace.
    depth: usize,
    /// The name and namespace the next element takes instead of its member's: an item of a
    /// flattened list is named as the structure member that holds the list.
    renamed: Option<(&'static str, Option<&'static str>)>,
}

impl XmlWriter<'_> {
    /// The element name and namespace of a value of `member`.
    #[cfg_attr(debug_assertions, inline)]
    fn element(&mut self, member: &'static Member) -> (&'static str, Option<&'static str>) {
        self.renamed.take().unwrap_or((member.body_name, member.xmlns))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn open(&mut self, name: &str, xmlns: Option<&str>) {
        self.out.push('<');
        self.out.push_str(name);
        if let Some(xmlns) = xmlns {
            self.out.push(' ');
            self.out.push_str(xmlns);
        }
        self.out.push('>');
    }

    #[cfg_attr(debug_assertions, inline)]
    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// A scalar: an attribute's value, or an element holding the text.
    #[cfg_attr(debug_assertions, inline)]
    fn scalar(&mut self, member: &'static Member, text: &str) -> WriteResult {
        if self.attributes {
            self.out.push(' ');
            self.out.push_str(member.body_name);
            self.out.push_str("=\"");
            escape(&mut self.out, text);
            self.out.push('"');
            return Ok(());
        }
        let (name, xmlns) = self.element(member);
        self.open(name, xmlns);
        escape(&mut self.out, text);
        self.close(name);
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn not_an_attribute(&self, member: &'static Member, what: &str) -> WriteError {
        BuildError::invalid_field(member.name, format!("{what} cannot be an XML attribute")).into()
    }
}

/// `text` escaped for XML as aws-sdk-* escapes it, in text and attributes alike: markup
/// characters and quotes as entities, and line ends (CR, LF, NEL, LINE SEPARATOR) as
/// character references, so that parsers keep them as they are.
#[cfg_attr(debug_assertions, inline)]
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#xD;"),
            '\n' => out.push_str("&#xA;"),
            '\u{85}' => out.push_str("&#x85;"),
            '\u{2028}' => out.push_str("&#x2028;"),
            c => out.push(c),
        }
    }
}

impl Writer for XmlWriter<'_> {
    #[cfg_attr(debug_assertions, inline)]
    fn failure(&mut self) -> &mut Option<WriteError> {
        &mut self.failure
    }

    #[cfg_attr(debug_assertions, inline)]
    fn write_member<T: Value>(&mut self, member: &'static Member, value: &T) -> WriteResult {
        // Members bound elsewhere (headers, URI) are not in the body; attributes are written
        // in their own pass.
        if !matches!(member.location, super::schema::Location::Body) || member.attribute != self.attributes {
            return Ok(());
        }
        if value.is_absent() {
            if let Some(token) = unset_member(member, self.tokens)? {
                return self.scalar(member, &token);
            }
            return Ok(());
        }
        value.write(member, self)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn null(&mut self, _: &'static Member) -> WriteResult {
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, member: &'static Member, value: bool) -> WriteResult {
        self.scalar(member, if value { "true" } else { "false" })
    }

    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, member: &'static Member, value: i64) -> WriteResult {
        self.scalar(member, super::protocol::format_int(value, &mut [0; 20]))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, member: &'static Member, _: f64, text: &str) -> WriteResult {
        self.scalar(member, text)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn string(&mut self, member: &'static Member, value: &str) -> WriteResult {
        self.scalar(member, value)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, member: &'static Member, value: &str) -> WriteResult {
        self.scalar(member, value)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, member: &'static Member, value: &[u8]) -> WriteResult {
        self.scalar(member, &aws_smithy_types::base64::encode(value))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, member: &'static Member, value: &DateTime) -> WriteResult {
        let format = match member.target {
            Schema::Timestamp(format) => *format,
            _ => Format::DateTime,
        };
        let text = value.fmt(format).map_err(|e| BuildError::invalid_field(member.name, e.to_string()))?;
        self.scalar(member, &text)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, member: &'static Member, _: &Document) -> WriteResult {
        Err(BuildError::invalid_field(member.name, "restXml cannot carry documents").into())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn list<T: Value>(&mut self, member: &'static Member, items: &[T]) -> WriteResult {
        if self.attributes {
            return Err(self.not_an_attribute(member, "a list"));
        }
        let schema = list_schema(member)?;
        let (name, xmlns) = self.element(member);
        if member.flattened {
            // Each item is an element named as the member, with the member's namespace.
            for item in items {
                self.renamed = Some((name, xmlns));
                item.write(&schema.member, self)?;
            }
            self.renamed = None;
            return Ok(());
        }
        self.open(name, xmlns);
        for item in items {
            item.write(&schema.member, self)?;
        }
        self.close(name);
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn map<K: MapKey, V: Value>(&mut self, member: &'static Member, map: &HashMap<K, V>) -> WriteResult {
        if self.attributes {
            return Err(self.not_an_attribute(member, "a map"));
        }
        let schema = map_schema(member)?;
        let (name, xmlns) = self.element(member);
        let entry = if member.flattened { name } else { "entry" };
        if !member.flattened {
            self.open(name, xmlns);
        }
        for (key, value) in map {
            self.open(entry, if member.flattened { xmlns } else { None });
            self.scalar(&schema.key, key.key())?;
            value.write(&schema.value, self)?;
            self.close(entry);
        }
        if !member.flattened {
            self.close(name);
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, member: &'static Member, value: &S) -> WriteResult {
        if self.attributes {
            return Err(self.not_an_attribute(member, "a structure"));
        }
        let schema = value.schema();
        let (name, xmlns) = self.element(member);
        // The document's root is named by its structure unless a payload member names it.
        let name = if name.is_empty() { schema.name } else { name };
        let xmlns = xmlns.or(if self.depth == 0 { schema.xmlns } else { None });
        self.out.push('<');
        self.out.push_str(name);
        if let Some(xmlns) = xmlns {
            self.out.push(' ');
            self.out.push_str(xmlns);
        }
        if schema.members.iter().any(|m| m.attribute) {
            self.attributes = true;
            let written = self.members(value);
            self.attributes = false;
            written?;
        }
        self.out.push('>');
        self.depth += 1;
        let written = self.members(value);
        self.depth -= 1;
        written?;
        self.close(name);
        Ok(())
    }
}
