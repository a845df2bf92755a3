//! The query protocols (awsQuery, ec2Query): form-encoded requests, XML responses.

use super::client::RawResponse;
use super::codec::{
    list_schema, map_schema, sorted_entries, Decode, DecodeError, Decoder, MapKey, StructValue, Value, WriteError, WriteResult, Writer,
};
use super::config::IdempotencyTokenProvider;
use super::operation::Route;
use super::protocol::{body_text, format_int, unset_member, Codec, ErrorEnvelope, Protocol, Serialized};
use super::schema::{Member, Schema, ROOT};
use super::xml::{parse_error_envelope, walk_to_error, XmlDecoder};
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::{DateTime, Document};
use std::collections::HashMap;

/// awsQuery, or with `ec2`, ec2Query.
pub(crate) struct AwsQuery {
    /// The API version every request carries.
    pub version: &'static str,
    /// ec2Query's names, lists and envelopes rather than awsQuery's.
    pub ec2: bool,
}

impl Codec for AwsQuery {
    #[cfg_attr(debug_assertions, inline)]
    fn serialize<S: StructValue>(
        &self,
        operation: &'static str,
        _: Option<&'static Route>,
        _: bool,
        input: &S,
        tokens: Option<&IdempotencyTokenProvider>,
    ) -> Result<Serialized, BuildError> {
        serialize(operation, self.version, input, self.ec2, tokens).map(Serialized::post)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn decode_output<O: StructValue + Default>(&self, operation: &str, response: &RawResponse) -> Result<(O, Option<String>), DecodeError> {
        parse_output(operation, body_text(response)?, self.ec2)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn decode_error<E: StructValue + Default>(&self, response: &RawResponse) -> Result<Option<E>, DecodeError> {
        let mut d = XmlDecoder::new(body_text(response)?);
        d.root(|_| ())?;
        let mut error = None;
        walk_to_error(&mut d, &mut |d| {
            error = Some(E::decode(d, &ROOT)?);
            Ok(())
        })?;
        Ok(error)
    }
}

impl Protocol for AwsQuery {
    #[cfg_attr(debug_assertions, inline)]
    fn request_headers(&self, _: &'static str) -> Vec<(&'static str, String)> {
        vec![("content-type", "application/x-www-form-urlencoded".to_owned())]
    }

    #[cfg_attr(debug_assertions, inline)]
    fn error_envelope(&self, response: &RawResponse) -> Result<ErrorEnvelope, DecodeError> {
        parse_error_envelope(body_text(response)?)
    }
}

/// Reads `<{Op}Response><{Op}Result>…</{Op}Result><ResponseMetadata>…</ResponseMetadata></{Op}Response>`,
/// or with `ec2`, `<{Op}Response><requestId>…</requestId>…members…</{Op}Response>`.
#[cfg_attr(debug_assertions, inline)]
fn parse_output<O: Decode + Default>(operation: &str, body: &str, ec2: bool) -> Result<(O, Option<String>), DecodeError> {
    let mut output = O::default();
    // Operations without output members may answer with nothing at all.
    if body.trim().is_empty() {
        return Ok((output, None));
    }
    let mut d = XmlDecoder::new(body);
    let expected = |n: &[u8], suffix: &[u8]| n.strip_suffix(suffix) == Some(operation.as_bytes());
    let root_ok = d.root(|n| expected(n, b"Response"))?;
    if !root_ok {
        return Err(DecodeError::new(format!("expected a <{operation}Response> document")));
    }
    if ec2 {
        // ec2Query puts the members right in the response element, beside <requestId>.
        d.capture_request_id = true;
        output = O::decode(&mut d, &ROOT)?;
        return Ok((output, d.request_id.take()));
    }
    let mut request_id = None;
    while let Some(which) = d.next_child(|n| {
        if expected(n, b"Result") {
            1
        } else if n == b"ResponseMetadata" {
            2
        } else if n == b"requestId" {
            3
        } else {
            0
        }
    })? {
        match which {
            1 => output = O::decode(&mut d, &ROOT)?,
            2 => {
                while let Some(is_id) = d.next_child(|n| n == b"RequestId")? {
                    if is_id {
                        request_id = Some(d.text()?.into_owned());
                    } else {
                        d.skip()?;
                    }
                }
            }
            3 => request_id = Some(d.text()?.into_owned()),
            _ => d.skip()?,
        }
    }
    Ok((output, request_id))
}

/// Serializes an operation input as a query form body: `Action=…&Version=…&Member=…`.
#[cfg_attr(debug_assertions, inline)]
fn serialize<S: StructValue>(
    action: &str,
    version: &str,
    input: &S,
    ec2: bool,
    tokens: Option<&IdempotencyTokenProvider>,
) -> Result<Vec<u8>, BuildError> {
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(b"Action=");
    encode_into(&mut out, action);
    out.extend_from_slice(b"&Version=");
    encode_into(&mut out, version);
    let mut writer = FormWriter { out: &mut out, key: String::with_capacity(64), ec2, tokens, failure: None };
    writer.members(input)?;
    Ok(out)
}

/// Writes `key=value` pairs, where the key is the path of query names to the value.
struct FormWriter<'a> {
    out: &'a mut Vec<u8>,
    /// The key of the value being written.
    key: String,
    /// ec2Query writes lists without a `member` segment and leaves empty lists out.
    ec2: bool,
    /// The configured idempotency token provider; random UUIDs when there is none.
    tokens: Option<&'a IdempotencyTokenProvider>,
    failure: Option<WriteError>,
}

impl FormWriter<'_> {
    /// Writes `&key=value`; the key is made of query names, which the schema stores encoded.
    #[cfg_attr(debug_assertions, inline)]
    fn pair(&mut self, value: &str) -> WriteResult {
        self.out.push(b'&');
        self.out.extend_from_slice(self.key.as_bytes());
        self.out.push(b'=');
        encode_into(self.out, value);
        Ok(())
    }

    /// Adds `.segment` to the key (or `segment` at the top level); returns the length to
    /// truncate it back to.
    #[cfg_attr(debug_assertions, inline)]
    fn push_segment(&mut self, segment: &str) -> usize {
        let len = self.key.len();
        if len > 0 {
            self.key.push('.');
        }
        self.key.push_str(segment);
        len
    }

    /// Adds `.index` (counted from 1) to the key.
    #[cfg_attr(debug_assertions, inline)]
    fn push_index(&mut self, index: usize) {
        self.key.push('.');
        self.key.push_str(format_int(index as i64 + 1, &mut [0; 20]));
    }
}

impl Writer for FormWriter<'_> {
    #[cfg_attr(debug_assertions, inline)]
    fn failure(&mut self) -> &mut Option<WriteError> {
        &mut self.failure
    }
    #[cfg_attr(debug_assertions, inline)]
    fn write_member<T: Value>(&mut self, member: &'static Member, value: &T) -> WriteResult {
        if value.is_absent() {
            if let Some(token) = unset_member(member, self.tokens)? {
                let len = self.push_segment(member.query_name);
                self.pair(&token)?;
                self.key.truncate(len);
            }
            return Ok(());
        }
        let len = self.push_segment(member.query_name);
        value.write(member, self)?;
        self.key.truncate(len);
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn null(&mut self, _: &'static Member) -> WriteResult {
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, _: &'static Member, value: bool) -> WriteResult {
        self.pair(if value { "true" } else { "false" })
    }

    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, _: &'static Member, value: i64) -> WriteResult {
        self.pair(format_int(value, &mut [0; 20]))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, _: &'static Member, _: f64, text: &str) -> WriteResult {
        self.pair(text)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn string(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.pair(value)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.pair(value)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, _: &'static Member, value: &[u8]) -> WriteResult {
        self.pair(&aws_smithy_types::base64::encode(value))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, member: &'static Member, value: &DateTime) -> WriteResult {
        let format = match member.target {
            Schema::Timestamp(format) => *format,
            _ => aws_smithy_types::date_time::Format::DateTime,
        };
        let text = value.fmt(format).map_err(|e| BuildError::invalid_field(member.name, e.to_string()))?;
        self.pair(&text)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, member: &'static Member, _: &Document) -> WriteResult {
        Err(BuildError::invalid_field(member.name, "documents cannot be sent in a query request").into())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn list<T: Value>(&mut self, member: &'static Member, items: &[T]) -> WriteResult {
        let schema = list_schema(member)?;
        if items.is_empty() {
            return if self.ec2 { Ok(()) } else { self.pair("") };
        }
        let len = self.key.len();
        for (i, item) in items.iter().enumerate() {
            if !member.flattened && !self.ec2 {
                self.key.push('.');
                self.key.push_str(schema.member.query_name);
            }
            self.push_index(i);
            item.write(&schema.member, self)?;
            self.key.truncate(len);
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn map<K: MapKey, V: Value>(&mut self, member: &'static Member, map: &HashMap<K, V>) -> WriteResult {
        let schema = map_schema(member)?;
        let len = self.key.len();
        for (i, (key, value)) in sorted_entries(map).into_iter().enumerate() {
            if !member.flattened {
                self.key.push_str(".entry");
            }
            self.push_index(i);
            let entry = self.key.len();
            self.key.push('.');
            self.key.push_str(schema.key.query_name);
            self.pair(key)?;
            self.key.truncate(entry);
            self.key.push('.');
            self.key.push_str(schema.value.query_name);
            value.write(&schema.value, self)?;
            self.key.truncate(len);
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, _: &'static Member, value: &S) -> WriteResult {
        self.members(value)
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, copying runs of
/// unreserved bytes at once.
#[cfg_attr(debug_assertions, inline)]
fn encode_into(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = s.as_bytes();
    out.reserve(bytes.len());
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if UNRESERVED[b as usize] {
            continue;
        }
        out.extend_from_slice(&bytes[run..i]);
        out.extend_from_slice(&[b'%', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
        run = i + 1;
    }
    out.extend_from_slice(&bytes[run..]);
}

/// RFC 3986's unreserved characters, by byte: a table lookup is cheaper than four tests.
static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

