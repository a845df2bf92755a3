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

    fn decode_output<O: StructValue + Default>(&self, _: &str, response: &RawResponse) -> Result<(O, Option<String>), DecodeError> {
        Ok((decode_document(body_text(response)?)?, None))
    }

    fn decode_error<E: StructValue + Default>(&self, response: &RawResponse) -> Result<Option<E>, DecodeError> {
        decode_document(body_text(response)?).map(Some)
    }
}

/// JSON as HTTP bindings and event messages carry it (restJson1 bodies, events' payloads).
pub(crate) struct JsonBody;

impl BodyFormat for JsonBody {
    const CONTENT_TYPE: &'static str = "application/json";
    const EMPTY_DOCUMENT: &'static [u8] = b"{}";
    fn write<T: Value>(tokens: Option<&IdempotencyTokenProvider>, member: &'static Member, value: &T) -> Result<Vec<u8>, BuildError> {
        write_json(tokens, member, value)
    }
    fn read_members<S: StructValue>(target: &mut S, body: &[u8]) -> Result<(), DecodeError> {
        let mut d = JsonDecoder::new(text(body)?);
        d.structure(target)?;
        d.finish()
    }
    fn read_member<S: StructValue>(target: &mut S, index: usize, member: &'static Member, body: &[u8]) -> Result<(), DecodeError> {
        let mut d = JsonDecoder::new(text(body)?);
        target.merge_field(index, member, &mut d)?;
        d.finish()
    }
    fn read_document(body: &[u8]) -> Result<Document, DecodeError> {
        let mut d = JsonDecoder::new(text(body)?);
        let document = d.document(&ROOT)?;
        d.finish()?;
        Ok(document)
    }
}

/// `value` as a JSON document.
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
    fn request_headers(&self, operation: &'static str) -> Vec<(&'static str, String)> {
        let mut headers =
            vec![("content-type", self.content_type.to_owned()), ("x-amz-target", format!("{}.{operation}", self.target_prefix))];
        if self.query_compatible {
            headers.push(("x-amzn-query-mode", "true".to_owned()));
        }
        headers
    }

    fn error_envelope(&self, response: &RawResponse) -> Result<ErrorEnvelope, DecodeError> {
        error_envelope(response, self.query_compatible)
    }

    fn event_request(&self) -> Option<EventRequest> {
        Some(EventRequest { message_content_type: "application/json", content_type: None })
    }
}

/// What a JSON error response (awsJson, restJson1) says about its error: the type from
/// `X-Amzn-Errortype`, `__type` or `code`; with `query_compatible`, the code and fault from
/// `x-amzn-query-error`.
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
    fn null(&mut self, _: &'static Member) -> WriteResult {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn boolean(&mut self, _: &'static Member, value: bool) -> WriteResult {
        self.out.extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }

    fn integer(&mut self, _: &'static Member, value: i64) -> WriteResult {
        self.out.extend_from_slice(format_int(value, &mut [0; 20]).as_bytes());
        Ok(())
    }

    fn float(&mut self, _: &'static Member, value: f64, text: &str) -> WriteResult {
        self.float(value, text);
        Ok(())
    }

    #[inline(always)]
    fn string(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.string(value);
        Ok(())
    }

    fn number(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.out.extend_from_slice(value.as_bytes());
        Ok(())
    }

    fn blob(&mut self, _: &'static Member, value: &[u8]) -> WriteResult {
        self.string(&aws_smithy_types::base64::encode(value));
        Ok(())
    }

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

    fn document(&mut self, _: &'static Member, value: &Document) -> WriteResult {
        self.document(value);
        Ok(())
    }

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
    fn float(&mut self, f: f64, text: &str) {
        if f.is_finite() {
            self.out.extend_from_slice(text.as_bytes());
        } else {
            self.string(text);
        }
    }

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

    fn boolean(&mut self, member: &'static Member) -> Result<bool, DecodeError> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|_| true),
            Some(b'f') => self.literal("false").map(|_| false),
            _ => Err(invalid(member, &self.found(), "a boolean", None)),
        }
    }

    fn integer(&mut self, member: &'static Member, expected: &str) -> Result<i64, DecodeError> {
        match self.number_token() {
            Some(token) => token.parse().map_err(|_| invalid(member, token, expected, None)),
            None => Err(invalid(member, &self.found(), expected, None)),
        }
    }

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

    fn number(&mut self, member: &'static Member) -> Result<String, DecodeError> {
        match self.number_token() {
            Some(token) => Ok(token.to_owned()),
            None => Err(invalid(member, &self.found(), "a number", None)),
        }
    }

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

    fn blob(&mut self, member: &'static Member) -> Result<Blob, DecodeError> {
        let text = self.string()?;
        aws_smithy_types::base64::decode(&*text).map(Blob::new).map_err(|e| invalid(member, &text, "base64", Some(&e)))
    }

    fn document(&mut self, _: &'static Member) -> Result<Document, DecodeError> {
        self.any()
    }

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

    fn structure<S: StructValue>(&mut self, target: &mut S) -> Result<(), DecodeError> {
        self.union(target).map(|_| ())
    }

    fn union<S: StructValue>(&mut self, target: &mut S) -> Result<usize, DecodeError> {
        let mut seen = Seen::default();
        self.object(|d, key| merge_entry(target, &key, d, &mut seen))?;
        Ok(seen.unknown)
    }

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

#[cfg(test)]
mod tests {
    use super::{JsonDecoder, JsonWriter};
    use crate::rt::codec::{Decoder, Value};
    use crate::rt::protocol::error_shape_name;
    use crate::rt::schema::{Member, SCALAR};
    use aws_smithy_types::{Document, Number};

    static ANY: Member = Member::of("value", &SCALAR);

    #[test]
    fn error_types_are_sanitized_to_the_shape_name() {
        for raw in [
            "FooError",
            "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            "aws.protocoltests.restjson#FooError",
            "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        ] {
            assert_eq!(error_shape_name(raw), "FooError", "{raw}");
        }
    }

    #[test]
    fn strings_round_trip_through_escapes() {
        let original = "quote \" backslash \\ newline \n tab \t control \u{1} snow ☃ clef 𝄞";
        let mut writer = JsonWriter::new(None, false);
        writer.string(original);
        let text = String::from_utf8(writer.out).expect("UTF-8");
        assert_eq!(JsonDecoder::new(&text).text().expect("reads").as_ref(), original);
        assert_eq!(JsonDecoder::new(r#""\ud834\udd1e \u00e9 \/""#).text().expect("reads").as_ref(), "𝄞 é /");
    }

    #[test]
    fn strings_end_at_their_first_special_byte_wherever_it_falls() {
        // Every position in and around an eight-byte word, for each byte that ends a string
        // or stops the fast scan, with ordinary and non-ASCII bytes before it.
        for len in 0..20 {
            for (special, expected) in [("\"", Some("")), ("\\n\"", Some("\n")), ("\u{1}\"", None)] {
                for filler in ["a", "é"] {
                    let body = filler.repeat(len);
                    let text = format!("\"{body}{special}");
                    let read = JsonDecoder::new(&text).text().map(|s| s.into_owned());
                    match expected {
                        Some(rest) => assert_eq!(read.expect("reads"), format!("{body}{rest}"), "{text:?}"),
                        None => assert!(read.is_err(), "{text:?} was accepted"),
                    }
                }
            }
        }
        assert!(JsonDecoder::new("\"abcdefghijklmnop").text().is_err());
    }

    #[test]
    fn typed_values_refuse_other_types() {
        assert!(JsonDecoder::new("\"true\"").boolean(&ANY).is_err());
        assert!(JsonDecoder::new("1.5").integer(&ANY, "an integer").is_err());
        assert_eq!(JsonDecoder::new("-12").integer(&ANY, "an integer").expect("reads"), -12);
        assert!(JsonDecoder::new("\"1.5\"").float(&ANY).is_err());
        assert!(JsonDecoder::new("\"NaN\"").float(&ANY).expect("reads").is_nan());
        assert_eq!(JsonDecoder::new("1e3").float(&ANY).expect("reads"), 1000.0);
        assert!(JsonDecoder::new("12").text().is_err());
    }

    #[test]
    fn malformed_documents_are_errors_not_panics() {
        for bad in
            ["", "{", "[1,", "\"abc", "{\"a\" 1}", "tru", "-", "1.", "1e", "\"\\u12\"", "\"\\ud834\"", "\"\\x\"", "{\"a\":1,}", "[1 2]"]
        {
            let mut d = JsonDecoder::new(bad);
            assert!(d.skip().and_then(|_| d.finish()).is_err(), "{bad:?} was accepted");
        }
        let deep = "[".repeat(100_000);
        let error = JsonDecoder::new(&deep).skip().expect_err("too deep");
        assert!(error.to_string().contains("nests deeper"), "{error}");
    }

    #[test]
    fn maps_of_any_size_keep_every_entry_and_the_last_of_a_repeated_key() {
        use crate::rt::codec::Decode;
        use crate::rt::schema::{MapSchema, Schema};
        use std::collections::HashMap;
        static MAP_SCHEMA: Schema =
            Schema::Map(MapSchema { key: Member::of("key", &SCALAR), value: Member::of("value", &SCALAR), sparse: false });
        static MAP: Member = Member::of("map", &MAP_SCHEMA);
        // Below, at and past the number of entries gathered before the table is built.
        for size in [0, 1, 7, 8, 9, 30] {
            let entries: Vec<String> = (0..size).map(|i| format!("\"k{i}\":\"v{i}\"")).collect();
            let text = format!("{{{}}}", entries.join(","));
            let map = <HashMap<String, String>>::decode(&mut JsonDecoder::new(&text), &MAP).expect("reads");
            assert_eq!(map.len(), size, "{text}");
            assert!((0..size).all(|i| map[&format!("k{i}")] == format!("v{i}")), "{text}");
        }
        for text in [r#"{"a":"1","b":"2","a":"3"}"#, r#"{"a":"0","b":"2","c":"","d":"","e":"","f":"","g":"","h":"","i":"","a":"3"}"#] {
            let map = <HashMap<String, String>>::decode(&mut JsonDecoder::new(text), &MAP).expect("reads");
            assert_eq!(map["a"], "3", "{text}");
        }
    }

    #[test]
    fn documents_keep_numbers_exact() {
        let document = JsonDecoder::new(r#"{"a":[1,-2,1.5,true,null,"s"],"b":{}}"#).any().expect("reads");
        let Document::Object(entries) = &document else { panic!("an object") };
        assert_eq!(
            entries["a"],
            Document::Array(vec![
                Document::Number(Number::PosInt(1)),
                Document::Number(Number::NegInt(-2)),
                Document::Number(Number::Float(1.5)),
                Document::Bool(true),
                Document::Null,
                Document::String("s".into()),
            ])
        );
        let mut writer = JsonWriter::new(None, false);
        writer.document(&document);
        // Objects are written in the map's order: read back, it is the same document.
        let text = String::from_utf8(writer.out).expect("UTF-8");
        assert_eq!(JsonDecoder::new(&text).any().expect("reads back"), document, "{text}");
    }

    #[test]
    fn the_escape_test_finds_every_byte_that_needs_one() {
        let naive = |s: &[u8]| s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
        let alphabet = [b'a', b'"', b'\\', 0x1f, 0x20, 0x7f, 0x80, 0xff, b'Z', 0x00];
        for len in 0..20 {
            for (at, &special) in (0..len).flat_map(|at| alphabet.iter().map(move |b| (at, b))) {
                let mut s = vec![b'x'; len];
                s[at] = special;
                assert_eq!(super::needs_escape(&s), naive(&s), "{s:?}");
            }
            assert!(!super::needs_escape(&vec![b'x'; len]));
        }
    }

    #[test]
    fn raw_strings_are_refused_exactly_when_they_need_escapes() {
        let alphabet = [b'a', b'"', b'\\', 0x1f, b'\n', 0x7f, b'#', b'Z', 0x00];
        let naive = |s: &[u8]| s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
        for len in 0..12 {
            for (at, &special) in (0..len).flat_map(|at| alphabet.iter().map(move |b| (at, b))) {
                let mut s = vec![b'x'; len];
                s[at] = special;
                let s = String::from_utf8(s).expect("ASCII");
                let mut raw = JsonWriter::new(None, true);
                raw.out.extend_from_slice(b"{\"k\":");
                raw.quotes += 2;
                raw.string(&s);
                assert_eq!(raw.raw_strings_are_valid(), !naive(s.as_bytes()), "{s:?}");
                let mut escaped = JsonWriter::new(None, false);
                escaped.string(&s);
                let mut d = JsonDecoder::new(std::str::from_utf8(&escaped.out).expect("UTF-8"));
                assert_eq!(d.text().expect("a JSON string"), s.as_str());
                d.finish().expect("nothing after the string");
            }
        }
    }

    #[test]
    fn a_body_written_twice_keeps_its_idempotency_token() {
        use crate::rt::codec::{StructValue, Writer};
        use crate::rt::protocol::Codec;
        static MEMBERS: [Member; 2] = [Member::of("text", &SCALAR), Member::of("token", &SCALAR).idempotency_token()];
        static SCHEMA: crate::rt::schema::StructSchema = crate::rt::schema::StructSchema { name: "Input", members: &MEMBERS, xmlns: None };
        struct Input(String, Option<String>);
        impl StructValue for Input {
            fn schema(&self) -> &'static crate::rt::schema::StructSchema {
                &SCHEMA
            }
            fn write_members<W: Writer>(&self, w: &mut W) {
                w.member(&MEMBERS[0], &self.0);
                w.member(&MEMBERS[1], &self.1);
            }
        }
        let made = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = made.clone();
        let provider = crate::rt::config::IdempotencyTokenProvider::new(move || {
            format!("token-{}", counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
        });
        let json = super::AwsJson { target_prefix: "S", content_type: "application/x-amz-json-1.0", query_compatible: false };
        let body = json.serialize("Op", None, false, &Input("a \"quoted\" word".into(), None), Some(&provider)).expect("serializes").body;
        assert_eq!(String::from_utf8(body).expect("UTF-8"), r#"{"text":"a \"quoted\" word","token":"token-0"}"#);
        assert_eq!(made.load(std::sync::atomic::Ordering::SeqCst), 1, "the provider is asked once");
    }

    #[test]
    fn the_first_failure_of_a_structure_is_reported_from_any_depth() {
        use crate::rt::codec::{StructValue, Writer};
        use crate::rt::protocol::Codec;
        static INNER: [Member; 1] = [Member::of("deep", &SCALAR).required()];
        static INNER_SCHEMA: crate::rt::schema::StructSchema =
            crate::rt::schema::StructSchema { name: "Inner", members: &INNER, xmlns: None };
        static OUTER: [Member; 4] = [
            Member::of("inner", &SCALAR),
            Member::of("first", &SCALAR).required(),
            Member::of("second", &SCALAR).required(),
            Member::of("later", &SCALAR),
        ];
        static OUTER_SCHEMA: crate::rt::schema::StructSchema =
            crate::rt::schema::StructSchema { name: "Outer", members: &OUTER, xmlns: None };
        #[derive(Default)]
        struct Inner(Option<String>);
        impl StructValue for Inner {
            fn schema(&self) -> &'static crate::rt::schema::StructSchema {
                &INNER_SCHEMA
            }
            fn write_members<W: Writer>(&self, w: &mut W) {
                w.member(&INNER[0], &self.0);
            }
        }
        struct Outer(Option<Inner>, Option<String>, Option<String>, Option<Inner>);
        impl StructValue for Outer {
            fn schema(&self) -> &'static crate::rt::schema::StructSchema {
                &OUTER_SCHEMA
            }
            fn write_members<W: Writer>(&self, w: &mut W) {
                w.member(&OUTER[0], &self.0);
                w.member(&OUTER[1], &self.1);
                w.member(&OUTER[2], &self.2);
                w.member(&OUTER[3], &self.3);
            }
        }
        let json = super::AwsJson { target_prefix: "S", content_type: "application/x-amz-json-1.0", query_compatible: false };
        let error = |input: &Outer| json.serialize("Op", None, false, input, None).err().expect("a required member is unset").to_string();
        // Each failure is kept until the structure is done; the first one is reported.
        let fine = || Some(Inner(Some("d".into())));
        assert!(error(&Outer(None, None, None, fine())).contains("first"), "kept while a later structure is written");
        assert!(error(&Outer(None, Some("x".into()), None, None)).contains("second"));
        // A nested structure's failure comes out through the member that holds it.
        assert!(error(&Outer(Some(Inner(None)), None, None, None)).contains("deep"));
        assert!(error(&Outer(None, Some("a".into()), Some("b".into()), Some(Inner(None)))).contains("deep"));
        assert!(json.serialize("Op", None, false, &Outer(fine(), Some("a".into()), Some("b".into()), fine()), None).is_ok());
    }

    #[test]
    fn objects_lists_and_strings_of_every_short_length_are_written_whole() {
        use crate::rt::codec::{StructValue, Writer};
        use crate::rt::schema::{ListSchema, MapSchema, Schema, StructSchema};
        use std::collections::HashMap;
        static LIST: Schema = Schema::List(ListSchema { member: Member::of("member", &SCALAR), sparse: false });
        static MAP: Schema = Schema::Map(MapSchema { key: Member::of("key", &SCALAR), value: Member::of("value", &SCALAR), sparse: false });
        static EMPTY_SCHEMA: StructSchema = StructSchema { name: "Empty", members: &[], xmlns: None };
        static EMPTY: Schema = Schema::Struct(&EMPTY_SCHEMA);
        static MEMBERS: [Member; 5] = [
            Member::of("empty", &EMPTY),
            Member::of("nothing", &MAP),
            Member::of("names", &MAP),
            Member::of("words", &LIST),
            Member::of("text", &SCALAR),
        ];
        static SCHEMA: StructSchema = StructSchema { name: "Shapes", members: &MEMBERS, xmlns: None };
        struct Empty;
        impl StructValue for Empty {
            fn schema(&self) -> &'static StructSchema {
                &EMPTY_SCHEMA
            }
        }
        struct Shapes(Option<Empty>, HashMap<String, String>, HashMap<String, String>, Vec<String>, String);
        impl StructValue for Shapes {
            fn schema(&self) -> &'static StructSchema {
                &SCHEMA
            }
            fn write_members<W: Writer>(&self, w: &mut W) {
                w.member(&MEMBERS[0], &self.0);
                w.member(&MEMBERS[1], &self.1);
                w.member(&MEMBERS[2], &self.2);
                w.member(&MEMBERS[3], &self.3);
                w.member(&MEMBERS[4], &self.4);
            }
        }
        // Lengths around the short copies' limit, plain and needing an escape (which
        // writes the body a second time).
        for len in 0..12 {
            for filler in ["a", "\"", "é"] {
                let text = filler.repeat(len);
                let shapes = Shapes(
                    Some(Empty),
                    HashMap::new(),
                    [(text.clone(), text.clone())].into(),
                    vec![text.clone(), String::new(), text.clone()],
                    text.clone(),
                );
                let body = super::write_json(None, &super::ROOT, &shapes).expect("writes");
                let quoted = {
                    let mut w = JsonWriter::new(None, false);
                    w.string(&text);
                    String::from_utf8(w.out).expect("UTF-8")
                };
                let expected = format!(
                    r#"{{"empty":{{}},"nothing":{{}},"names":{{{quoted}:{quoted}}},"words":[{quoted},"",{quoted}],"text":{quoted}}}"#
                );
                assert_eq!(String::from_utf8(body).expect("UTF-8"), expected);
            }
        }
        // A structure with nothing set is an empty object.
        struct Unset(Option<String>);
        impl StructValue for Unset {
            fn schema(&self) -> &'static StructSchema {
                &SCHEMA
            }
            fn write_members<W: Writer>(&self, w: &mut W) {
                w.member(&MEMBERS[4], &self.0);
            }
        }
        assert_eq!(super::write_json(None, &super::ROOT, &Unset(None)).expect("writes"), b"{}");
        assert_eq!(super::write_json(None, &super::ROOT, &Unset(Some("é".into()))).expect("writes"), r#"{"text":"é"}"#.as_bytes());
    }

    #[test]
    fn non_finite_floats_are_strings() {
        let mut writer = JsonWriter::new(None, false);
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.5] {
            f.write(&ANY, &mut writer).expect("writes");
            writer.out.push(b' ');
        }
        0.1f32.write(&ANY, &mut writer).expect("writes");
        assert_eq!(String::from_utf8(writer.out).expect("UTF-8"), "\"NaN\" \"Infinity\" \"-Infinity\" 1.5 0.1");
    }
}
