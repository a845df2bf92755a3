//! The query protocols (awsQuery, ec2Query): form-encoded requests, XML responses.

use super::builder::Operation;
use super::client::{Compressor, Handle, RawResponse, Request};
use super::config::IdempotencyTokenProvider;
use super::codec::{Decode, DecodeError, StructValue, Value, ValueRef};
use super::schema::{Member, Schema, SCALAR};
use super::xml::XmlDecoder;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::{CreateUnhandledError, SdkError};
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::error::ErrorMetadata;

/// Outputs carry the request id of the response they came from.
pub(crate) trait Output: Decode + Default {
    fn set_request_id(&mut self, request_id: Option<String>);
}

/// An operation's error enum, built from the error a service returned.
pub(crate) trait OperationError: CreateUnhandledError + Sized {
    /// Builds the modeled error whose code is `code`, or the unhandled variant.
    fn from_code(code: &str, body: &str, meta: ErrorMetadata) -> Result<Self, DecodeError>;
}

/// A modeled error structure: filled from the `<Error>` element, then given its metadata.
pub(crate) trait Fault: Decode {
    fn set_meta(&mut self, meta: ErrorMetadata);
}

/// Decodes the modeled error `T` from an error response body.
pub(crate) fn fault<T: Fault>(body: &str, meta: ErrorMetadata) -> Result<T, DecodeError> {
    let mut d = XmlDecoder::new(body);
    d.root(|_| ())?;
    let mut found = None;
    walk_to_error(&mut d, &mut |d| {
        found = Some(T::decode(d, &ROOT)?);
        Ok(())
    })?;
    let mut fault = found.ok_or_else(|| DecodeError::new("the error response has no <Error> element"))?;
    fault.set_meta(meta);
    Ok(fault)
}

/// A placeholder member for values that are not inside a structure (whole outputs, errors).
pub(crate) static ROOT: Member = Member { name: "", query_name: "", xml_name: "", flattened: false, required: false, idempotency_token: false, sensitive: false, target: &SCALAR };

/// Sends one operation and decodes its output or error. The input is serialized before
/// anything is awaited, so the returned future is `Send` whatever the input is.
pub(crate) fn invoke<'a, T>(
    handle: &'a Handle,
    input: &dyn StructValue,
) -> impl std::future::Future<Output = Result<T::Output, SdkError<T::Error, HttpResponse>>> + Send + 'a
where
    T: Operation,
    T::Output: Output,
    T::Error: OperationError + std::error::Error + Send + Sync + 'static,
{
    let operation = T::NAME;
    let request = prepare(handle, operation, T::HOST_PREFIX, T::REQUEST_COMPRESSION, input);
    async move {
        let request = request.map_err(SdkError::construction_failure)?;
        let response = handle.send(request).await.map_err(|f| f.into_sdk_error())?;
        decode_response(operation, response)
    }
}

/// The request for `input`: its body and, for `@endpoint` operations, its host prefix.
fn prepare(
    handle: &Handle,
    operation: &'static str,
    host_prefix: Option<&'static str>,
    compress: Option<Compressor>,
    input: &dyn StructValue,
) -> Result<Request, BuildError> {
    let tokens = handle.conf.idempotency_token_provider.as_ref();
    let body = serialize(operation, crate::config::SERVICE.api_version, input, crate::config::SERVICE.ec2, tokens)?;
    let host_prefix = host_prefix.map(|template| expand_host_prefix(template, input)).transpose()?;
    Ok(Request { operation, body, host_prefix, compress })
}

/// `template` with each `{member}` replaced by that input member, which must be a valid
/// host label (letters, digits and hyphens, 1 to 63 characters, not starting with a hyphen).
fn expand_host_prefix(template: &str, input: &dyn StructValue) -> Result<String, BuildError> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| BuildError::other(format!("the host prefix {template:?} has an unclosed label")))?;
        let name = &rest[open + 1..close];
        let schema = input.schema();
        let index = schema.members.iter().position(|m| m.name == name).ok_or_else(|| {
            BuildError::other(format!("the host prefix {template:?} names {name}, which {} does not have", schema.name))
        })?;
        let value = match input.field(index).value() {
            ValueRef::Str(s) => s,
            _ => return Err(BuildError::missing_field(schema.members[index].name, "it is a host label and must be set")),
        };
        let valid = !value.is_empty()
            && value.len() <= 63
            && !value.starts_with('-')
            && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !valid {
            return Err(BuildError::invalid_field(
                schema.members[index].name,
                format!("{value:?} is not a valid host label (letters, digits and hyphens, 1 to 63 characters)"),
            ));
        }
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn decode_response<O: Output, E: OperationError + std::error::Error + Send + Sync + 'static>(
    operation: &'static str,
    response: RawResponse,
) -> Result<O, SdkError<E, HttpResponse>> {
    let body = match std::str::from_utf8(&response.body) {
        Ok(body) => body,
        Err(_) => return Err(unreadable(DecodeError::new("the response body is not UTF-8"), response)),
    };
    if (200..300).contains(&response.status()) {
        return match parse_output::<O>(operation, body, crate::config::SERVICE.ec2) {
            Ok((mut output, request_id)) => {
                // The header's request id wins over the body's, as in the AWS SDKs.
                output.set_request_id(response.request_id.clone().or(request_id));
                Ok(output)
            }
            Err(e) => Err(unreadable(e, response)),
        };
    }
    let envelope = match ErrorEnvelope::parse(body) {
        Ok(envelope) => envelope,
        Err(e) => {
            let e = DecodeError::new(format!("HTTP status {} with an unreadable error body: {e}", response.status()));
            return Err(unreadable(e, response));
        }
    };
    let meta = envelope.metadata(response.request_id.as_deref());
    let error = match envelope.code.as_deref() {
        Some(code) => E::from_code(code, body, meta.clone()),
        None => Ok(E::create_unhandled_error(Box::new(meta.clone()), Some(meta))),
    };
    match error {
        Ok(error) => Err(SdkError::service_error(error, response.into_http())),
        Err(e) => Err(unreadable(e, response)),
    }
}

/// A response that could not be read: a service error of the unhandled kind, with the
/// reason as its source, as the AWS SDKs report it (whatever the status). When the value
/// that failed is `@sensitive`, the raw response kept with it has no body.
fn unreadable<E: OperationError>(e: DecodeError, response: RawResponse) -> SdkError<E, HttpResponse> {
    let raw = if e.sensitive { response.into_http_without_body() } else { response.into_http() };
    SdkError::service_error(E::create_unhandled_error(Box::new(e), None), raw)
}

/// Reads `<{Op}Response><{Op}Result>…</{Op}Result><ResponseMetadata>…</ResponseMetadata></{Op}Response>`,
/// or with `ec2`, `<{Op}Response><requestId>…</requestId>…members…</{Op}Response>`.
pub(crate) fn parse_output<O: Decode + Default>(operation: &str, body: &str, ec2: bool) -> Result<(O, Option<String>), DecodeError> {
    // Operations without output members may answer with nothing at all.
    if body.trim().is_empty() {
        return Ok((O::default(), None));
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
        let output = O::decode(&mut d, &ROOT)?;
        return Ok((output, d.request_id.take()));
    }
    let mut output = None;
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
            1 => output = Some(O::decode(&mut d, &ROOT)?),
            2 => {
                while let Some(is_id) = d.next_child(|n| n == b"RequestId")? {
                    if is_id {
                        request_id = Some(super::codec::Decoder::text(&mut d)?.into_owned());
                    } else {
                        super::codec::Decoder::skip(&mut d)?;
                    }
                }
            }
            3 => request_id = Some(super::codec::Decoder::text(&mut d)?.into_owned()),
            _ => super::codec::Decoder::skip(&mut d)?,
        }
    }
    Ok((output.unwrap_or_default(), request_id))
}

/// Positions `d` (inside the root element) on the `<Error>` element and hands it to `on_error`.
/// awsQuery nests it as `<ErrorResponse><Error>`, ec2Query as `<Response><Errors><Error>`.
fn walk_to_error(
    d: &mut XmlDecoder<'_>,
    on_error: &mut dyn FnMut(&mut XmlDecoder<'_>) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    use super::codec::Decoder;
    while let Some(which) = d.next_child(|n| match n {
        b"Error" => 1,
        b"Errors" => 2,
        _ => 0,
    })? {
        match which {
            1 => on_error(d)?,
            2 => walk_to_error(d, on_error)?,
            _ => d.skip()?,
        }
    }
    Ok(())
}

/// What every error response says, whatever the error.
#[derive(Debug, Default)]
pub(crate) struct ErrorEnvelope {
    pub code: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
}

impl ErrorEnvelope {
    pub(crate) fn parse(body: &str) -> Result<Self, DecodeError> {
        use super::codec::Decoder;
        let mut d = XmlDecoder::new(body);
        let root_ok = d.root(|n| n == b"ErrorResponse" || n == b"Response")?;
        if !root_ok {
            return Err(DecodeError::new("expected an <ErrorResponse> document"));
        }
        let mut envelope = ErrorEnvelope::default();
        // Request ids sit beside the <Error> element; read them while walking to it.
        loop {
            let which = d.next_child(|n| match n {
                b"Error" => 1,
                b"Errors" => 2,
                b"RequestId" | b"RequestID" => 3,
                _ => 0,
            })?;
            match which {
                None => break,
                Some(1) => envelope.read_error(&mut d)?,
                Some(2) => {
                    while let Some(is_error) = d.next_child(|n| n == b"Error")? {
                        if is_error {
                            envelope.read_error(&mut d)?;
                        } else {
                            d.skip()?;
                        }
                    }
                }
                Some(3) => envelope.request_id = Some(d.text()?.into_owned()),
                Some(_) => d.skip()?,
            }
        }
        Ok(envelope)
    }

    fn read_error(&mut self, d: &mut XmlDecoder<'_>) -> Result<(), DecodeError> {
        use super::codec::Decoder;
        while let Some(which) = d.next_child(|n| match n {
            b"Code" => 1,
            b"Message" => 2,
            _ => 0,
        })? {
            match which {
                1 => self.code = Some(d.text()?.trim().to_owned()),
                2 => self.message = Some(d.text()?.into_owned()),
                _ => d.skip()?,
            }
        }
        Ok(())
    }

    pub(crate) fn metadata(&self, header_request_id: Option<&str>) -> ErrorMetadata {
        let mut meta = ErrorMetadata::builder();
        if let Some(code) = &self.code {
            meta = meta.code(code);
        }
        if let Some(message) = &self.message {
            meta = meta.message(message);
        }
        if let Some(id) = header_request_id.or(self.request_id.as_deref()) {
            meta = meta.custom("aws_request_id", id);
        }
        meta.build()
    }
}

/// Serializes an operation input as a query form body: `Action=…&Version=…&Member=…`.
pub(crate) fn serialize(
    action: &str,
    version: &str,
    input: &dyn StructValue,
    ec2: bool,
    tokens: Option<&IdempotencyTokenProvider>,
) -> Result<Vec<u8>, BuildError> {
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(b"Action=");
    encode_into(&mut out, action);
    out.extend_from_slice(b"&Version=");
    encode_into(&mut out, version);
    let mut key = String::with_capacity(64);
    write_struct(&mut Writer { out: &mut out, ec2, tokens }, &mut key, input)?;
    Ok(out)
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    /// ec2Query writes lists without a `member` segment and leaves empty lists out.
    ec2: bool,
    /// The configured idempotency token provider; random UUIDs when there is none.
    tokens: Option<&'a IdempotencyTokenProvider>,
}

impl Writer<'_> {
    /// Writes `&key=value`; `key` is made of query names, which the schema stores encoded.
    fn pair(&mut self, key: &str, value: &str) {
        self.out.push(b'&');
        self.out.extend_from_slice(key.as_bytes());
        self.out.push(b'=');
        encode_into(self.out, value);
    }
}

fn write_struct(w: &mut Writer<'_>, key: &mut String, value: &dyn StructValue) -> Result<(), BuildError> {
    let schema = value.schema();
    for (index, member) in schema.members.iter().enumerate() {
        let field = value.field(index);
        if matches!(field.value(), ValueRef::Absent) {
            if member.idempotency_token {
                let len = key.len();
                if !key.is_empty() {
                    key.push('.');
                }
                key.push_str(member.query_name);
                let token = w.tokens.map_or_else(super::config::random_uuid, IdempotencyTokenProvider::make_idempotency_token);
                w.pair(key, &token);
                key.truncate(len);
                continue;
            }
            if member.required {
                return Err(BuildError::missing_field(member.name, "a required member was not set"));
            }
            continue;
        }
        let len = key.len();
        if !key.is_empty() {
            key.push('.');
        }
        key.push_str(member.query_name);
        write_value(w, key, field, member)?;
        key.truncate(len);
    }
    Ok(())
}

fn write_value(w: &mut Writer<'_>, key: &mut String, value: &dyn Value, member: &Member) -> Result<(), BuildError> {
    match value.value() {
        ValueRef::Absent => {}
        ValueRef::Bool(b) => w.pair(key, if b { "true" } else { "false" }),
        ValueRef::Int(i) => {
            let mut digits = [0u8; 20];
            w.pair(key, format_int(i, &mut digits));
        }
        ValueRef::Float(f) => w.pair(key, aws_smithy_types::primitive::Encoder::from(f).encode()),
        ValueRef::Str(s) => w.pair(key, s),
        ValueRef::Blob(b) => w.pair(key, &aws_smithy_types::base64::encode(b)),
        ValueRef::Time(t) => {
            let format = match member.target {
                Schema::Timestamp(format) => *format,
                _ => aws_smithy_types::date_time::Format::DateTime,
            };
            let text = t.fmt(format).map_err(|e| BuildError::invalid_field(member.name, e.to_string()))?;
            w.pair(key, &text);
        }
        ValueRef::List(list) => {
            let Schema::List(schema) = member.target else {
                return Err(BuildError::other(format!("{} is a list in Rust but not in its schema", member.name)));
            };
            if list.len() == 0 {
                if !w.ec2 {
                    w.pair(key, "");
                }
                return Ok(());
            }
            let len = key.len();
            for i in 0..list.len() {
                key.truncate(len);
                if !member.flattened && !w.ec2 {
                    key.push('.');
                    key.push_str(schema.member.query_name);
                }
                key.push('.');
                key.push_str(format_int(i as i64 + 1, &mut [0; 20]));
                write_value(w, key, list.item(i), &schema.member)?;
            }
            key.truncate(len);
        }
        ValueRef::Map(map) => {
            let Schema::Map(schema) = member.target else {
                return Err(BuildError::other(format!("{} is a map in Rust but not in its schema", member.name)));
            };
            let len = key.len();
            for (i, (k, v)) in map.entries().into_iter().enumerate() {
                key.truncate(len);
                if !member.flattened {
                    key.push_str(".entry");
                }
                key.push('.');
                key.push_str(format_int(i as i64 + 1, &mut [0; 20]));
                let entry_len = key.len();
                key.push('.');
                key.push_str(schema.key.query_name);
                w.pair(key, k);
                key.truncate(entry_len);
                key.push('.');
                key.push_str(schema.value.query_name);
                write_value(w, key, v, &schema.value)?;
            }
            key.truncate(len);
        }
        ValueRef::Struct(s) => write_struct(w, key, s)?,
    }
    Ok(())
}

/// `i` in decimal, written into `buf` without allocating.
fn format_int(i: i64, buf: &mut [u8; 20]) -> &str {
    let mut n = i.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
}

/// Percent-encodes everything but RFC 3986's unreserved characters, copying runs of
/// unreserved bytes at once.
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

#[cfg(test)]
mod tests {
    use super::{encode_into, expand_host_prefix, format_int, parse_output, ErrorEnvelope};
    use crate::rt::codec::{DecodeError, Decoder};

    /// Reads only its `Name` member, to test the envelopes around outputs.
    #[derive(Default)]
    struct Named(Option<String>);
    impl crate::rt::codec::Decode for Named {
        fn decode(d: &mut dyn Decoder, _: &'static crate::rt::schema::Member) -> Result<Self, DecodeError> {
            static MEMBERS: [crate::rt::schema::Member; 1] = [crate::rt::schema::Member::of("Name", &crate::rt::schema::SCALAR)];
            static SCHEMA: crate::rt::schema::StructSchema = crate::rt::schema::StructSchema { name: "Named", members: &MEMBERS };
            let mut name = None;
            d.structure(&SCHEMA, &mut |_, _, d| {
                name = Some(d.text()?.into_owned());
                Ok(())
            })?;
            Ok(Named(name))
        }
    }

    #[test]
    fn ec2_outputs_sit_in_the_response_element_beside_their_request_id() {
        let body = "<GetResponse xmlns=\"https://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>req-1</requestId><Name>n</Name></GetResponse>";
        let (output, request_id) = parse_output::<Named>("Get", body, true).expect("parses");
        assert_eq!((output.0.as_deref(), request_id.as_deref()), (Some("n"), Some("req-1")));
        let query = "<GetResponse><GetResult><Name>q</Name></GetResult><ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></GetResponse>";
        let (output, request_id) = parse_output::<Named>("Get", query, false).expect("parses");
        assert_eq!((output.0.as_deref(), request_id.as_deref()), (Some("q"), Some("req-2")));
    }

    /// An input with one `label` string member.
    struct Labelled(Option<String>);
    impl crate::rt::codec::StructValue for Labelled {
        fn schema(&self) -> &'static crate::rt::schema::StructSchema {
            static MEMBERS: [crate::rt::schema::Member; 1] = [crate::rt::schema::Member::of("label", &crate::rt::schema::SCALAR)];
            static SCHEMA: crate::rt::schema::StructSchema = crate::rt::schema::StructSchema { name: "Labelled", members: &MEMBERS };
            &SCHEMA
        }
        fn field(&self, index: usize) -> &dyn crate::rt::codec::Value {
            match (index, &self.0) {
                (0, Some(label)) => label,
                _ => &(),
            }
        }
    }

    #[test]
    fn host_prefixes_take_valid_labels_and_refuse_others() {
        let prefix = |label: Option<&str>| expand_host_prefix("foo.{label}.", &Labelled(label.map(str::to_owned)));
        assert_eq!(prefix(Some("bar-2")).expect("valid"), "foo.bar-2.");
        assert_eq!(expand_host_prefix("data.", &Labelled(None)).expect("no labels"), "data.");
        for bad in [None, Some(""), Some("a.b"), Some("-a"), Some("a b"), Some("x/y")] {
            let error = prefix(bad).expect_err("refused");
            assert!(error.to_string().contains("label"), "{bad:?}: {error}");
        }
        assert!(prefix(Some(&"a".repeat(64))).is_err(), "labels are at most 63 characters");
    }

    #[test]
    fn ec2_errors_carry_their_code_message_and_request_id() {
        let body = "<Response><Errors><Error><Code>InvalidGreeting</Code><Message>Hi</Message></Error></Errors><RequestID>req-3</RequestID></Response>";
        let envelope = ErrorEnvelope::parse(body).expect("parses");
        assert_eq!(envelope.code.as_deref(), Some("InvalidGreeting"));
        assert_eq!(envelope.message.as_deref(), Some("Hi"));
        assert_eq!(envelope.request_id.as_deref(), Some("req-3"));
    }

    #[test]
    fn integers_format_as_decimal() {
        for i in [0, 7, -7, 42, 1_000_000, i64::MAX, i64::MIN] {
            assert_eq!(format_int(i, &mut [0; 20]), i.to_string());
        }
    }

    #[test]
    fn only_unreserved_characters_stay_as_they_are() {
        let mut out = Vec::new();
        encode_into(&mut out, "a-Z_0.9~ /+=&é");
        assert_eq!(out, b"a-Z_0.9~%20%2F%2B%3D%26%C3%A9");
    }
}
