//! The JSON RPC protocols (awsJson1_0, awsJson1_1): a JSON writer and a typed pull decoder
//! over JSON documents, both driven by the schema tables.

use super::client::RawResponse;
use super::codec::{
    invalid, list_schema, map_schema, merge_entry, parse_float, parse_timestamp, Decode, DecodeError, Decoder, MapKey, Seen, StructValue,
    Value, WriteError, WriteResult, Writer,
};
use super::config::IdempotencyTokenProvider;
use super::operation::Route;
use super::protocol::{
    body_text, error_shape_name, format_int, text, unset_member, BodyFormat, Codec, ErrorEnvelope, EventRequest, Protocol, Serialized,
};
use super::schema::{ListSchema, Location, MapSchema, Member, Schema, ROOT};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::{Blob, DateTime, Document, Number};
use std::borrow::Cow;
use std::collections::HashMap;

/// awsJson1_0 or awsJson1_1 (they differ only in their content type).
pub(crate) struct AwsJson {
    /// `X-Amz-Target` is `{target_prefix}.{Operation}`: the service shape's name.
    pub target_prefix: &'static str,
    /// `application/x-amz-json-1.0` or `1.1`.
    pub content_type: &'static str,
    /// `@awsQueryCompatible`: requests say `x-amzn-query-mode`, and error codes come from
    /// `x-amzn-query-error` as the service's query API reported them.
    pub query_compatible: bool,
}

impl Codec for AwsJson {
    #[cfg_attr(debug_assertions, inline)]
    fn serialize<S: StructValue>(
        &self,
        _: &'static str,
        _: Option<&'static Route>,
        _: bool,
        input: &S,
        tokens: Option<&IdempotencyTokenProvider>,
    ) -> Result<Serialized, BuildError> {
        write_json(tokens, &ROOT, input).map(Serialized::post)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn decode_output<O: StructValue + Default>(&self, _: &str, response: &RawResponse) -> Result<(O, Option<String>), DecodeError> {
        Ok((decode_document(body_text(response)?)?, None))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn decode_error<E: StructValue + Default>(&self, response: &RawResponse) -> Result<Option<E>, DecodeError> {
        decode_document(body_text(response)?).map(Some)
    }
}

/// JSON as HTTP bindings and event messages carry it (restJson1 bodies, events' payloads).
pub(crate) struct JsonBody;

impl BodyFormat for JsonBody {
    const CONTENT_TYPE: &'static str = "application/json";
    const EMPTY_DOCUMENT: &'static [u8] = b"{}";
    #[cfg_attr(debug_assertions, inline)]
    fn write<T: Value>(tokens: Option<&IdempotencyTokenProvider>, member: &'static Member, value: &T) -> Result<Vec<u8>, BuildError> {
        write_json(tokens, member, value)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn read_members<S: StructValue>(target: &mut S, body: &[u8]) -> Result<(), DecodeError> {
        let mut d = JsonDecoder::new(text(body)?);
        d.structure(target)?;
        d.finish()
    }
    #[cfg_attr(debug_assertions, inline)]
    fn read_member<S: StructValue>(target: &mut S, index: usize, member: &'static Member, body: &[u8]) -> Result<(), DecodeError> {
        let mut d = JsonDecoder::new(text(body)?);
        target.merge_field(index, member, &mut d)?;
        d.finish()
    }
    #[cfg_attr(debug_assertions, inline)]
    fn read_document(body: &[u8]) -> Result<Document, DecodeError> {
        let mut d = JsonDecoder::new(text(body)?);
        let document = d.document(&ROOT)?;
        d.finish()?;
        Ok(document)
    }
}

/// `value` as a JSON document.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn write_json<T: Value>(
    tokens: Option<&IdempotencyTokenProvider>,
    member: &'static Member,
    value: &T,
) -> Result<Vec<u8>, BuildError> {
    // Strings are written as they are, then the whole body is checked at once: a test
    // per string costs more than one pass over the body. Should a string need escapes,
    // the body is written again, escaping each string.
    let mut raw = JsonWriter::new(tokens, true);
    value.write(member, &mut raw)?;
    if raw.raw_strings_are_valid() {
        return Ok(raw.out);
    }
    // The same idempotency tokens again: a provider is asked once per request.
    let mut escaped = JsonWriter::new(tokens, false);
    escaped.made_tokens = raw.made_tokens;
    value.write(member, &mut escaped)?;
    Ok(escaped.out)
}

/// The value a JSON document holds; an empty body is the type's default (operations
/// without output members may answer with nothing at all).
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn decode_document<T: Decode + Default>(body: &str) -> Result<T, DecodeError> {
    if body.trim().is_empty() {
        return Ok(T::default());
    }
    let mut d = JsonDecoder::new(body);
    let value = T::decode(&mut d, &ROOT)?;
    d.finish()?;
    Ok(value)
}

impl Protocol for AwsJson {
    #[cfg_attr(debug_assertions, inline)]
    fn request_headers(&self, operation: &'static str) -> Vec<(&'static str, String)> {
        let mut headers =
            vec![("content-type", self.content_type.to_owned()), ("x-amz-target", format!("{}.{operation}", self.target_prefix))];
        if self.query_compatible {
            headers.push(("x-amzn-query-mode", "true".to_owned()));
        }
        headers
    }

    #[cfg_attr(debug_assertions, inline)]
    fn error_envelope(&self, response: &RawResponse) -> Result<ErrorEnvelope, DecodeError> {
        error_envelope(response, self.query_compatible)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn event_request(&self) -> Option<EventRequest> {
        Some(EventRequest { message_content_type: "application/json", content_type: None })
    }
}

/// What a JSON error response (awsJson, restJson1) says about its error: the type from
/// `X-Amzn-Errortype`, `__type` or `code`; with `query_compatible`, the code and fault from
/// `x-amzn-query-error`.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn error_envelope(response: &RawResponse, query_compatible: bool) -> Result<ErrorEnvelope, DecodeError> {
    let body = body_text(response)?;
    let mut envelope = ErrorEnvelope::default();
    let mut type_name = response.header("x-amzn-errortype").map(str::to_owned);
    if !body.trim().is_empty() {
        let mut d = JsonDecoder::new(body);
        let (mut body_type, mut body_code) = (None, None);
        d.object(|d, key| {
            match &*key {
                "__type" => body_type = Some(d.text()?.into_owned()),
                "code" => body_code = Some(d.text()?.into_owned()),
                "message" | "Message" | "errorMessage" if envelope.message.is_none() => {
                    if !d.null()? {
                        envelope.message = Some(d.text()?.into_owned());
                    }
                }
                _ => d.skip()?,
            }
            Ok(())
        })?;
        d.finish()?;
        type_name = type_name.or(body_type).or(body_code);
    }
    envelope.kind = type_name.as_deref().map(error_shape_name);
    envelope.code = envelope.kind.clone();
    if query_compatible {
        envelope.query_compatible(response);
    }
    Ok(envelope)
}

struct JsonWriter<'a> {
    out: Vec<u8>,
    /// The configured idempotency token provider; random UUIDs when there is none.
    tokens: Option<&'a IdempotencyTokenProvider>,
    /// Whether the object being written has no member yet: its `{` is written with its
    /// first key (`{"`), or with its `}` if it stays empty.
    first: bool,
    /// Strings are written without looking for what needs escaping; `quotes` counts the
    /// quotes written around them and member names, for `raw_strings_are_valid`.
    raw: bool,
    quotes: usize,
    /// The idempotency tokens this request has used, in order, and how many of them this
    /// writer has written (a second writing of the request reuses them).
    made_tokens: Vec<String>,
    tokens_written: usize,
    failure: Option<WriteError>,
}

impl<'a> JsonWriter<'a> {
    #[cfg_attr(debug_assertions, inline)]
    fn new(tokens: Option<&'a IdempotencyTokenProvider>, raw: bool) -> Self {
        // Most bodies fit without growing the buffer.
        Self {
            out: Vec::with_capacity(4096),
            tokens,
            first: true,
            raw,
            quotes: 0,
            made_tokens: Vec::new(),
            tokens_written: 0,
            failure: None,
        }
    }

    /// What an unset member holds: see `unset_member`, whose tokens are kept.
    #[cfg_attr(debug_assertions, inline)]
    fn unset(&mut self, member: &Member) -> Result<Option<String>, BuildError> {
        if !member.idempotency_token {
            return unset_member(member, self.tokens);
        }
        if self.tokens_written == self.made_tokens.len() {
            let token = unset_member(member, self.tokens)?.unwrap_or_default();
            self.made_tokens.push(token);
        }
        self.tokens_written += 1;
        Ok(self.made_tokens.get(self.tokens_written - 1).cloned())
    }

    /// Whether a body written `raw` is what escaping would have written: no string held a
    /// quote (the body has only the quotes counted), a backslash or a control character
    /// (the rest of the body never does).
    #[cfg_attr(debug_assertions, inline)]
    fn raw_strings_are_valid(&self) -> bool {
        let (mut quotes, mut escapes) = (0, 0);
        // Counted in bytes over short chunks, so that the loop runs on whole vectors.
        for chunk in self.out.chunks(128) {
            let (q, e) = chunk.iter().fold((0u8, 0u8), |(q, e), &b| (q + u8::from(b == b'"'), e | u8::from((b < 0x20) | (b == b'\\'))));
            quotes += usize::from(q);
            escapes |= e;
        }
        quotes == self.quotes && escapes == 0
    }
}

impl Writer for JsonWriter<'_> {
    #[cfg_attr(debug_assertions, inline)]
    fn failure(&mut self) -> &mut Option<WriteError> {
        &mut self.failure
    }
    #[inline]
    fn write_member<T: Value>(&mut self, member: &'static Member, value: &T) -> WriteResult {
        // Members bound to the URI or headers (REST protocols) are not in the body.
        if member.location != Location::Body {
            return Ok(());
        }
        if value.is_absent() {
            return match self.unset(member)? {
                Some(token) => {
                    self.key(member);
                    self.string(&token);
                    Ok(())
                }
                None => Ok(()),
            };
        }
        // Writing is bound by the buffer's length, stored and loaded again at each append:
        // a plain string member takes three appends (`,"name":"`, its text, `"`), not six.
        if let (true, Some(text)) = (self.raw, value.text()) {
            self.quotes += 4;
            self.open_key();
            append_short(&mut self.out, member.body_name.as_bytes());
            self.out.extend_from_slice(b"\":\"");
            self.raw_text(text);
            return Ok(());
        }
        self.key(member);
        value.write(member, self)
    }

    // Only sparse lists and maps hold absent values: they are nulls.
    #[cfg_attr(debug_assertions, inline)]
    fn null(&mut self, _: &'static Member) -> WriteResult {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, _: &'static Member, value: bool) -> WriteResult {
        self.out.extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, _: &'static Member, value: i64) -> WriteResult {
        self.out.extend_from_slice(format_int(value, &mut [0; 20]).as_bytes());
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, _: &'static Member, value: f64, text: &str) -> WriteResult {
        self.float(value, text);
        Ok(())
    }

    #[inline(always)]
    fn string(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.string(value);
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.out.extend_from_slice(value.as_bytes());
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, _: &'static Member, value: &[u8]) -> WriteResult {
        self.string(&aws_smithy_types::base64::encode(value));
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, member: &'static Member, value: &DateTime) -> WriteResult {
        let format = match member.target {
            Schema::Timestamp(format) => *format,
            _ => Format::EpochSeconds,
        };
        let text = value.fmt(format).map_err(|e| BuildError::invalid_field(member.name, e.to_string()))?;
        if format == Format::EpochSeconds {
            self.out.extend_from_slice(text.as_bytes());
        } else {
            self.string(&text);
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, _: &'static Member, value: &Document) -> WriteResult {
        self.document(value);
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn list<T: Value>(&mut self, member: &'static Member, items: &[T]) -> WriteResult {
        let schema = list_schema(member)?;
        self.out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if let (true, Some(text)) = (self.raw, item.text()) {
                self.quotes += 2;
                if i > 0 {
                    self.out.extend_from_slice(b",\"");
                } else {
                    self.out.push(b'"');
                }
                self.raw_text(text);
                continue;
            }
            if i > 0 {
                self.out.push(b',');
            }
            item.write(&schema.member, self)?;
        }
        self.out.push(b']');
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn map<K: MapKey, V: Value>(&mut self, member: &'static Member, map: &HashMap<K, V>) -> WriteResult {
        let schema = map_schema(member)?;
        if map.is_empty() {
            self.out.extend_from_slice(b"{}");
            return Ok(());
        }
        for (i, (key, value)) in map.iter().enumerate() {
            if self.raw {
                // `{"key":` or `,"key":`, in three appends; `,"key":"` when the value is
                // a plain string, which then takes two more.
                self.quotes += 2;
                self.out.extend_from_slice(if i > 0 { b",\"" } else { b"{\"" });
                append_short(&mut self.out, key.key().as_bytes());
                if let Some(text) = value.text() {
                    self.quotes += 2;
                    self.out.extend_from_slice(b"\":\"");
                    self.raw_text(text);
                    continue;
                }
                self.out.extend_from_slice(b"\":");
            } else {
                self.out.push(if i > 0 { b',' } else { b'{' });
                self.string(key.key());
                self.out.push(b':');
            }
            value.write(&schema.value, self)?;
        }
        self.out.push(b'}');
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, _: &'static Member, value: &S) -> WriteResult {
        let outer = std::mem::replace(&mut self.first, true);
        self.members(value)?;
        // Still `first`: no member was written, nor the `{`. (Appends of one length each:
        // a length chosen at run time would cost a call to `memcpy`.)
        if std::mem::replace(&mut self.first, outer) {
            self.out.extend_from_slice(b"{}");
        } else {
            self.out.push(b'}');
        }
        Ok(())
    }
}

impl JsonWriter<'_> {
    /// `"name":` for the next member of the object being written.
    #[inline]
    fn key(&mut self, member: &Member) {
        // Member names are Smithy identifiers: nothing in them needs escaping.
        self.quotes += 2;
        self.open_key();
        append_short(&mut self.out, member.body_name.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    /// What comes before the next member's name: `{"` for the object's first, `,"` after.
    #[inline(always)]
    fn open_key(&mut self) {
        self.out.extend_from_slice(if std::mem::replace(&mut self.first, false) { b"{\"" } else { b",\"" });
    }

    /// The rest of a string whose opening quote is written, as it is (see `raw`).
    #[inline(always)]
    fn raw_text(&mut self, text: &str) {
        append_short(&mut self.out, text.as_bytes());
        self.out.push(b'"');
    }

    /// A number, or for NaN and the infinities the strings that stand for them.
    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, f: f64, text: &str) {
        if f.is_finite() {
            self.out.extend_from_slice(text.as_bytes());
        } else {
            self.string(text);
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, document: &Document) {
        match document {
            Document::Null => self.out.extend_from_slice(b"null"),
            Document::Bool(b) => self.out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Document::Number(Number::PosInt(n)) => self.out.extend_from_slice(n.to_string().as_bytes()),
            Document::Number(Number::NegInt(n)) => self.out.extend_from_slice(format_int(*n, &mut [0; 20]).as_bytes()),
            Document::Number(Number::Float(f)) => self.float(*f, aws_smithy_types::primitive::Encoder::from(*f).encode()),
            Document::String(s) => self.string(s),
            Document::Array(items) => {
                self.out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.document(item);
                }
                self.out.push(b']');
            }
            Document::Object(entries) => {
                // In the map's order, as aws-sdk-* writes documents: sorting them would
                // cost every crate a sort's code for bytes no service looks at.
                self.out.push(b'{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.string(k);
                    self.out.push(b':');
                    self.document(v);
                }
                self.out.push(b'}');
            }
        }
    }

    /// A JSON string.
    #[inline(always)]
    fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.quotes += 2;
        if !self.raw {
            return self.checked_string(bytes);
        }
        // Three appends, without a `reserve` first: measured, it costs more than it saves.
        self.out.push(b'"');
        append_short(&mut self.out, bytes);
        self.out.push(b'"');
    }

    /// A JSON string, escaped if it needs to be: the second writing of a body. Kept out
    /// of line, so that the raw writing inlined at every string stays small.
    #[inline(never)]
    fn checked_string(&mut self, bytes: &[u8]) {
        if needs_escape(bytes) {
            return self.escaped_string(bytes);
        }
        self.out.reserve(bytes.len() + 2);
        self.out.push(b'"');
        self.out.extend_from_slice(bytes);
        self.out.push(b'"');
    }

    /// A JSON string with escapes, copying the runs between them at once.
    #[inline(never)]
    fn escaped_string(&mut self, bytes: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.reserve(bytes.len() + 8);
        self.out.push(b'"');
        let mut run = 0;
        while let Some(found) = bytes[run..].iter().position(|&b| NEEDS_ESCAPE[b as usize]) {
            let at = run + found;
            self.out.extend_from_slice(&bytes[run..at]);
            match bytes[at] {
                b'"' => self.out.extend_from_slice(b"\\\""),
                b'\\' => self.out.extend_from_slice(b"\\\\"),
                b'\n' => self.out.extend_from_slice(b"\\n"),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                b'\t' => self.out.extend_from_slice(b"\\t"),
                b => self.out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]),
            }
            run = at + 1;
        }
        self.out.extend_from_slice(&bytes[run..]);
        self.out.push(b'"');
    }
}

/// Appends `bytes`, copying up to 8 of them as a value of their length. Most of what a
/// body is written from is that short (member names, map keys, enum values, numbers);
/// `extend_from_slice` calls `memcpy` for any length not known when compiling, which
/// measured as a fifth of the writing time.
#[inline(always)]
fn append_short(out: &mut Vec<u8>, bytes: &[u8]) {
    match *bytes {
        [] => {}
        [a] => out.push(a),
        [a, b] => out.extend_from_slice(&[a, b]),
        [a, b, c] => out.extend_from_slice(&[a, b, c]),
        [a, b, c, d] => out.extend_from_slice(&[a, b, c, d]),
        [a, b, c, d, e] => out.extend_from_slice(&[a, b, c, d, e]),
        [a, b, c, d, e, f] => out.extend_from_slice(&[a, b, c, d, e, f]),
        [a, b, c, d, e, f, g] => out.extend_from_slice(&[a, b, c, d, e, f, g]),
        [a, b, c, d, e, f, g, h] => out.extend_from_slice(&[a, b, c, d, e, f, g, h]),
        _ => out.extend_from_slice(bytes),
    }
}

/// Whether any byte of `bytes` must be escaped in a JSON string. Most strings are short
/// and need no escape: a table lookup per byte without a branch is the fastest test of
/// those (measured against word-at-a-time tests, which pay for their length cases).
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| any | NEEDS_ESCAPE[b as usize])
}

/// The bytes a JSON string cannot hold as they are: controls, `"` and `\\`.
static NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    table
};

/// The index of the first byte from `i` that ends or escapes a string (`"`, `\\`, a
/// control character), or `bytes.len()`: eight bytes at a time, then one at a time.
#[inline]
fn special_byte(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let quote = w ^ (ONES * b'"' as u64);
        let backslash = w ^ (ONES * b'\\' as u64);
        // A byte's high bit is set where it is zero (below 0x20 for the first); a borrow can
        // only mark bytes after the first true one, so the lowest mark is exact.
        let marks = (w.wrapping_sub(ONES * 0x20) | quote.wrapping_sub(ONES) | backslash.wrapping_sub(ONES)) & !w & HIGH;
        if marks != 0 {
            return i + (marks.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| !NEEDS_ESCAPE[b as usize]) {
        i += 1;
    }
    i
}

/// How deeply arrays and objects may nest before a document is refused (rather than
/// exhausting the stack on a hostile one).
const MAX_DEPTH: usize = 200;

/// A pull decoder over one JSON document.
pub(crate) struct JsonDecoder<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> JsonDecoder<'a> {
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, pos: 0, depth: 0 }
    }

    /// The next byte after white space, which is not consumed. The decoder's small steps are
    /// `#[inline]`: called from the generic code of every structure, in whichever codegen
    /// unit it lands, they must not depend on sharing one with it to be inlined.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(self.pos) {
            self.pos += 1;
        }
        bytes.get(self.pos).copied()
    }

    /// What the decoder is on, for error messages.
    #[cfg_attr(debug_assertions, inline)]
    fn found(&mut self) -> String {
        match self.peek() {
            None => "the end of the document".to_owned(),
            Some(_) => {
                let rest = &self.text[self.pos..];
                let end = rest.char_indices().nth(12).map_or(rest.len(), |(i, _)| i);
                format!("`{}` at byte {}", &rest[..end], self.pos)
            }
        }
    }

    #[cold]
    #[cfg_attr(debug_assertions, inline)]
    fn error(&mut self, expected: &str) -> DecodeError {
        DecodeError::new(format!("malformed JSON: expected {expected}, found {}", self.found()))
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> Result<(), DecodeError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("`{}`", char::from(byte))))
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn literal(&mut self, word: &'static str) -> Result<(), DecodeError> {
        self.peek();
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error(word))
        }
    }

    /// Only white space is left.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn finish(&mut self) -> Result<(), DecodeError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(DecodeError::new(format!("malformed JSON: {} after the document", self.found()))),
        }
    }

    #[inline]
    fn enter(&mut self) -> Result<(), DecodeError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(DecodeError::new(format!("the JSON document nests deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    /// Reads an object, calling `entry` with each key; `entry` must consume the value.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn object(&mut self, mut entry: impl FnMut(&mut Self, Cow<'a, str>) -> Result<(), DecodeError>) -> Result<(), DecodeError> {
        if self.peek() != Some(b'{') {
            return Err(self.error("an object"));
        }
        self.pos += 1;
        self.enter()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                let key = self.string()?;
                self.expect(b':')?;
                entry(self, key)?;
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.error("`,` or `}`")),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads an array, calling `item` for each item; `item` must consume it.
    #[cfg_attr(debug_assertions, inline)]
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Result<(), DecodeError>) -> Result<(), DecodeError> {
        if self.peek() != Some(b'[') {
            return Err(self.error("an array"));
        }
        self.pos += 1;
        self.enter()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                item(self)?;
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.error("`,` or `]`")),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// A string token, borrowed unless it has escapes.
    #[inline]
    fn string(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        if self.peek() != Some(b'"') {
            return Err(self.error("a string"));
        }
        let bytes = self.text.as_bytes();
        let start = self.pos + 1;
        let i = special_byte(bytes, start);
        if let Some(&b) = bytes.get(i) {
            match b {
                b'"' => {
                    self.pos = i + 1;
                    return Ok(Cow::Borrowed(&self.text[start..i]));
                }
                b'\\' => return self.escaped_string(start, i).map(Cow::Owned),
                _ => return Err(DecodeError::new(format!("malformed JSON: a control character in a string at byte {i}"))),
            }
        }
        Err(DecodeError::new("malformed JSON: a string is not closed before the end of the document"))
    }

    /// The rest of a string from its first escape at `escape`.
    #[cfg_attr(debug_assertions, inline)]
    fn escaped_string(&mut self, start: usize, escape: usize) -> Result<String, DecodeError> {
        let bytes = self.text.as_bytes();
        let mut out = String::with_capacity(escape - start + 16);
        out.push_str(&self.text[start..escape]);
        let mut i = escape;
        let mut run = escape;
        loop {
            let Some(&b) = bytes.get(i) else {
                return Err(DecodeError::new("malformed JSON: a string is not closed before the end of the document"));
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[run..i]);
                    self.pos = i + 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..i]);
                    let Some(&kind) = bytes.get(i + 1) else {
                        return Err(DecodeError::new("malformed JSON: a string ends in an escape"));
                    };
                    i += 2;
                    match kind {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let high = self.hex4(i)?;
                            i += 4;
                            let code = if (0xD800..0xDC00).contains(&high) {
                                // A surrogate pair: the low half must follow as `\uDC00`-`\uDFFF`.
                                if bytes.get(i) != Some(&b'\\') || bytes.get(i + 1) != Some(&b'u') {
                                    return Err(DecodeError::new(format!("malformed JSON: an unpaired surrogate at byte {}", i - 6)));
                                }
                                let low = self.hex4(i + 2)?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(DecodeError::new(format!("malformed JSON: an unpaired surrogate at byte {}", i - 6)));
                                }
                                i += 6;
                                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                high
                            };
                            let c = char::from_u32(code)
                                .ok_or_else(|| DecodeError::new(format!("malformed JSON: an unpaired surrogate at byte {}", i - 6)))?;
                            out.push(c);
                        }
                        other => {
                            return Err(DecodeError::new(format!(
                                "malformed JSON: unknown escape `\\{}` at byte {}",
                                char::from(other),
                                i - 2
                            )))
                        }
                    }
                    run = i;
                }
                0..=0x1f => return Err(DecodeError::new(format!("malformed JSON: a control character in a string at byte {i}"))),
                _ => i += 1,
            }
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn hex4(&self, at: usize) -> Result<u32, DecodeError> {
        self.text
            .get(at..at + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| DecodeError::new(format!("malformed JSON: a bad `\\u` escape at byte {}", at - 2)))
    }

    /// A number token's text, checked against JSON's number grammar.
    #[inline]
    fn number_token(&mut self) -> Option<&'a str> {
        self.peek();
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        self.pos = i;
        Some(&self.text[start..i])
    }

    /// Any value, as a document.
    #[cfg_attr(debug_assertions, inline)]
    fn any(&mut self) -> Result<Document, DecodeError> {
        Ok(match self.peek() {
            Some(b'n') => {
                self.literal("null")?;
                Document::Null
            }
            Some(b't') => {
                self.literal("true")?;
                Document::Bool(true)
            }
            Some(b'f') => {
                self.literal("false")?;
                Document::Bool(false)
            }
            Some(b'"') => Document::String(self.string()?.into_owned()),
            Some(b'[') => {
                let mut items = Vec::new();
                self.array(|d| {
                    items.push(d.any()?);
                    Ok(())
                })?;
                Document::Array(items)
            }
            Some(b'{') => {
                let mut entries = HashMap::new();
                self.object(|d, key| {
                    entries.insert(key.into_owned(), d.any()?);
                    Ok(())
                })?;
                Document::Object(entries)
            }
            _ => {
                let Some(token) = self.number_token() else { return Err(self.error("a value")) };
                let number = if let Ok(n) = token.parse::<u64>() {
                    Number::PosInt(n)
                } else if let Ok(n) = token.parse::<i64>() {
                    Number::NegInt(n)
                } else {
                    Number::Float(token.parse().map_err(|_| self.error("a number"))?)
                };
                Document::Number(number)
            }
        })
    }
}

impl Decoder for JsonDecoder<'_> {
    #[inline]
    fn text(&mut self) -> Result<Cow<'_, str>, DecodeError> {
        self.string()
    }

    #[inline]
    fn null(&mut self) -> Result<bool, DecodeError> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, member: &'static Member) -> Result<bool, DecodeError> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|_| true),
            Some(b'f') => self.literal("false").map(|_| false),
            _ => Err(invalid(member, &self.found(), "a boolean", None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, member: &'static Member, expected: &str) -> Result<i64, DecodeError> {
        match self.number_token() {
            Some(token) => token.parse().map_err(|_| invalid(member, token, expected, None)),
            None => Err(invalid(member, &self.found(), expected, None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, member: &'static Member) -> Result<f64, DecodeError> {
        if self.peek() == Some(b'"') {
            // Only the non-finite values are strings.
            let text = self.string()?;
            return match &*text {
                "NaN" | "Infinity" | "-Infinity" => parse_float(member, &text),
                _ => Err(invalid(member, &text, "a number", None)),
            };
        }
        match self.number_token() {
            Some(token) => parse_float(member, token),
            None => Err(invalid(member, &self.found(), "a number", None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, member: &'static Member) -> Result<String, DecodeError> {
        match self.number_token() {
            Some(token) => Ok(token.to_owned()),
            None => Err(invalid(member, &self.found(), "a number", None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, member: &'static Member) -> Result<DateTime, DecodeError> {
        if self.peek() == Some(b'"') {
            let text = self.string()?;
            return parse_timestamp(member, &text);
        }
        match self.number_token() {
            Some(token) => {
                static EPOCH: Member = Member::of("", &super::schema::EPOCH_SECONDS);
                parse_timestamp(&EPOCH, token).map_err(|_| invalid(member, token, "a timestamp", None))
            }
            None => Err(invalid(member, &self.found(), "a timestamp", None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, member: &'static Member) -> Result<Blob, DecodeError> {
        let text = self.string()?;
        aws_smithy_types::base64::decode(&*text).map(Blob::new).map_err(|e| invalid(member, &text, "base64", Some(&e)))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, _: &'static Member) -> Result<Document, DecodeError> {
        self.any()
    }

    #[cfg_attr(debug_assertions, inline)]
    fn list<F: FnMut(&mut Self) -> Result<(), DecodeError>>(
        &mut self,
        schema: &'static ListSchema,
        mut item: F,
    ) -> Result<(), DecodeError> {
        self.array(|d| {
            // Dense lists leave nulls out; sparse ones keep them as `None`.
            if !schema.sparse && d.null()? {
                return Ok(());
            }
            item(d)
        })
    }

    #[cfg_attr(debug_assertions, inline)]
    fn map<F: FnMut(String, &mut Self) -> Result<(), DecodeError>>(
        &mut self,
        schema: &'static MapSchema,
        _flattened: bool,
        mut entry: F,
    ) -> Result<(), DecodeError> {
        self.object(|d, key| {
            if !schema.sparse && d.null()? {
                return Ok(());
            }
            entry(key.into_owned(), d)
        })
    }

    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, target: &mut S) -> Result<(), DecodeError> {
        self.union(target).map(|_| ())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn union<S: StructValue>(&mut self, target: &mut S) -> Result<usize, DecodeError> {
        let mut seen = Seen::default();
        self.object(|d, key| merge_entry(target, &key, d, &mut seen))?;
        Ok(seen.unknown)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn skip(&mut self) -> Result<(), DecodeError> {
        match self.peek() {
            Some(b'{') => self.object(|d, _| d.skip()),
            Some(b'[') => self.array(|d| d.skip()),
            Some(b'"') => self.string().map(|_| ()),
            Some(b'n') => self.literal("null"),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            _ => match self.number_token() {
                Some(_) => Ok(()),
                None => Err(self.error("a value")),
            },
        }
    }
}

