//! The operation pipeline every operation of every protocol goes through: serialize the
//! input (through the service's protocol), send it (`client.rs`: endpoint, signing,
//! retries), then decode the output or the modeled error.

use super::builder::Operation;
use super::client::{Compressor, Handle, RawResponse, Request};
use super::codec::{DecodeError, MapKey, StructValue, Value, WriteResult, Writer};
use super::endpoint::Value as EndpointValue;
use super::protocol::{Codec, EventRequest, Serialized};
use super::schema::{Member, Schema, StructSchema};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::{CreateUnhandledError, SdkError};
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use aws_smithy_types::{DateTime, Document};
use std::collections::HashMap;

/// Outputs carry the request id of the response they came from.
pub(crate) trait Output: StructValue + Default {
    fn set_request_id(&mut self, request_id: Option<String>);
    /// Sets the extended request id, for services that answer with one.
    #[cfg_attr(debug_assertions, inline)]
    fn set_extended_request_id(&mut self, _extended_request_id: Option<String>) {}
    /// Whether the output streams the response body (a `@streaming` payload or events).
    const STREAMING: bool = false;
    /// Whether the streamed body is an event stream (whose first message, in RPC
    /// protocols, holds the output's other members).
    const EVENTS: bool = false;
    /// Gives a streaming output the response body, unread.
    #[cfg_attr(debug_assertions, inline)]
    fn set_body(&mut self, body: aws_smithy_types::byte_stream::ByteStream) {
        let _ = body;
    }
}

/// An operation's error enum, built from the error a service returned.
pub(crate) trait OperationError: CreateUnhandledError + Sized {
    /// Builds the modeled error that `kind` selects (its code, or its shape name for JSON
    /// protocols), or the unhandled variant.
    fn from_code(kind: &str, response: &RawResponse, meta: ErrorMetadata) -> Result<Self, DecodeError>;
}

/// A modeled error structure: decoded from the error response, then given its metadata.
pub(crate) trait Fault: StructValue + Default {
    fn set_meta(&mut self, meta: ErrorMetadata);
}

/// Decodes the modeled error `T` from an error response, as the operation error's
/// `variant` (so that each arm of a generated `from_code` is one call, without a `?`).
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn fault<T: Fault, E>(response: &RawResponse, meta: ErrorMetadata, variant: fn(T) -> E) -> Result<E, DecodeError> {
    let found = crate::config::PROTOCOL.decode_error::<T>(response)?;
    let mut fault = found.ok_or_else(|| DecodeError::new("the error response holds no error"))?;
    fault.set_meta(meta);
    Ok(variant(fault))
}

/// Sends one operation and decodes its output or error. The input is serialized before
/// anything is awaited, so the returned future is `Send` whatever the input is; its stream,
/// if it has one, is moved out of it into the request.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn invoke<'a, T>(
    handle: &'a Handle,
    input: &mut T,
) -> impl std::future::Future<Output = Result<T::Output, SdkError<T::Error, HttpResponse>>> + Send + 'a
where
    T: Operation + StructValue,
    T::Output: Output,
    T::Error: OperationError + std::error::Error + Send + Sync + 'static,
{
    let operation = T::NAME;
    let request = request_for(handle, input);
    async move {
        let request = request.map_err(SdkError::construction_failure)?;
        let mut response = handle.send(request).await.map_err(|f| f.into_sdk_error())?;
        if let Some(read_initial) = crate::config::SERVICE.initial_response.filter(|_| T::Output::EVENTS) {
            // The output's other members come in the stream's first message.
            if (200..300).contains(&response.status()) {
                if let Err(e) = read_initial(&mut response).await {
                    return Err(unreadable(e, response));
                }
            }
        }
        decode_response(operation, response)
    }
}

/// The request an input makes: serialized, with what the pipeline needs to know of the
/// operation.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn request_for<T>(handle: &Handle, input: &mut T) -> Result<Request, BuildError>
where
    T: Operation + StructValue,
    T::Output: Output,
{
    let operation = T::NAME;
    let request = match T::UNSUPPORTED {
        Some(why) => Err(BuildError::other(why)),
        None => {
            let tokens = handle.conf.idempotency_token_provider.as_ref();
            crate::config::PROTOCOL.serialize(operation, T::ROUTE, T::UNIT_INPUT, &*input, tokens).and_then(|serialized| {
                // Only operations with a host prefix read their input for it.
                let host_prefix = match T::HOST_PREFIX {
                    Some(template) => Some(expand_host_prefix(template, &*input)?),
                    None => None,
                };
                Ok(prepare(operation, serialized, host_prefix, T::REQUEST_COMPRESSION))
            })
        }
    };
    request.and_then(|mut request| {
        request.endpoint = match T::ENDPOINT_MEMBER {
            Some(member) => Some(string_member(&*input, member)?),
            None => None,
        };
        request.stream = input.take_body();
        request.events = input.take_events();
        if let (true, Some(sending)) = (request.events.is_some(), crate::config::SERVICE.protocol.event_request()) {
            rpc_event_request(&mut request, sending, input.schema());
        }
        request.requires_length = T::REQUIRES_LENGTH;
        request.keep_stream = T::Output::STREAMING;
        request.events_out = T::Output::EVENTS;
        if let (true, Some(accept)) = (T::Output::EVENTS, crate::config::SERVICE.protocol.event_accept()) {
            request.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("accept"));
            request.headers.push(("accept".into(), accept.to_owned()));
        }
        request.auth = if T::UNSIGNED { &[] } else { T::AUTH };
        request.content_md5 = T::CONTENT_MD5;
        request.body_digests = T::BODY_DIGESTS;
        request.checksum = T::CHECKSUM;
        request.endpoint_context = endpoint_context(T::ENDPOINT_CONTEXT, &*input)?;
        request.create_session = crate::config::CREATE_SESSION;
        Ok(request)
    })
}

/// An RPC protocol's request that sends an event stream: the body is the stream, and the
/// input's other members, if it has any, go first in an `initial-request` message.
#[cfg_attr(debug_assertions, inline)]
fn rpc_event_request(request: &mut Request, sending: EventRequest, input: &StructSchema) {
    let body = std::mem::take(&mut request.body);
    if let (Some(events), true) = (request.events.as_mut(), input.members.iter().any(|m| !matches!(m.target, Schema::Stream))) {
        let headers = [(":message-type", "event"), (":event-type", "initial-request"), (":content-type", sending.message_content_type)];
        let headers = headers.iter().map(|(name, value)| Header::new(*name, HeaderValue::String((*value).into()))).collect();
        events.initial = Some(Message::new_from_parts(headers, body));
    }
    if let Some(content_type) = sending.content_type {
        request.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
        request.headers.push(("content-type".into(), content_type.to_owned()));
    }
}

/// The request for a serialized input (not generic, so that it is compiled once).
#[cfg_attr(debug_assertions, inline)]
fn prepare(operation: &'static str, serialized: Serialized, host_prefix: Option<String>, compress: Option<Compressor>) -> Request {
    let Serialized { method, uri, headers: bound, body, default_content_type } = serialized;
    let mut headers: super::client::Headers =
        crate::config::SERVICE.protocol.request_headers(operation).into_iter().map(|(k, v)| (k.into(), v)).collect();
    headers.extend(bound);
    headers.extend(crate::config::SERVICE.headers.iter().map(|(k, v)| ((*k).into(), (*v).to_owned())));
    Request {
        operation,
        method,
        uri,
        body,
        stream: None,
        events: None,
        requires_length: false,
        keep_stream: false,
        events_out: false,
        headers,
        default_content_type,
        host_prefix,
        compress,
        content_md5: None,
        body_digests: None,
        checksum: None,
        endpoint: None,
        auth: &[super::client::AuthScheme::SigV4],
        endpoint_context: Vec::new(),
        create_session: None,
    }
}

/// Reads an event stream's `initial-response` message into a response's body.
#[doc(hidden)]
pub type InitialResponse =
    for<'a> fn(&'a mut RawResponse) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), DecodeError>> + Send + 'a>>;

/// An operation's `@http` trait: what REST protocols send it as.
#[doc(hidden)]
pub struct Route {
    pub method: &'static str,
    /// The URI pattern's path segments.
    pub path: &'static [Segment],
    /// The pattern's literal query parameters (a key alone has no value).
    pub query: &'static [(&'static str, Option<&'static str>)],
    /// The status code of a successful response.
    pub code: u16,
}

#[doc(hidden)]
pub enum Segment {
    Literal(&'static str),
    /// The input member (by model name) whose value fills the segment; a greedy label may
    /// span several segments.
    Label(&'static str, bool),
    /// A label that takes this value when the member is unset or empty (a customization).
    LabelOr(&'static str, &'static str),
    /// A label whose value loses the first of these prefixes it starts with (a customization).
    TrimmedLabel(&'static str, &'static [&'static str]),
    /// A label the endpoint carries, in its host or its path, so the path leaves it out: S3's
    /// bucket, which the endpoint rules place (a customization). The member must be set.
    InEndpoint(&'static str),
}

/// An operation's `@httpChecksum` trait: which checksums its requests carry and which of
/// its responses' checksums are checked.
#[doc(hidden)]
pub struct HttpChecksum {
    /// The header of `requestAlgorithmMember`, which names the request's algorithm.
    pub algorithm_header: Option<&'static str>,
    /// `requestChecksumRequired`: a checksum is sent even when the configuration asks for
    /// checksums only where required.
    pub required: bool,
    /// The header of `requestValidationModeMember` (`ENABLED` asks for checked responses).
    pub validation_header: Option<&'static str>,
    /// `responseAlgorithms` this client computes, in the order it prefers them.
    pub response_algorithms: &'static [&'static str],
    /// A fresh checksum of an algorithm by name, `None` for one this client does not compute.
    pub checksum_of: fn(&str) -> Option<Box<dyn super::client::Digest>>,
    /// The request's checksum, by the configuration (`rt::flexible_checksums::prepare`).
    pub prepare: PrepareChecksum,
    /// A streamed response body that fails at its end if it does not match the checksum
    /// the response's headers carry.
    pub check_stream: fn(&'static HttpChecksum, &ResponseHeaders, SdkBody) -> SdkBody,
    /// Why a response body read whole does not match the checksum its headers carry.
    pub check_bytes: fn(&'static HttpChecksum, &ResponseHeaders, &[u8]) -> Option<String>,
}

type ResponseHeaders = [(String, String)];
type SdkBody = aws_smithy_types::body::SdkBody;
type PrepareChecksum = fn(
    &'static HttpChecksum,
    &super::config::Config,
    &mut super::client::Headers,
    SdkBody,
) -> Result<super::client::ChecksummedRequest, String>;

/// An endpoint parameter an operation sets (by its index in the rule set's parameters).
#[doc(hidden)]
pub struct ContextParam {
    pub param: usize,
    pub source: ContextSource,
}

#[doc(hidden)]
pub enum ContextSource {
    /// `@staticContextParams`
    Str(&'static str),
    Bool(bool),
    Strs(&'static [&'static str]),
    /// `@contextParam`: the input member of this (model) name.
    Member(&'static str),
    /// `@operationContextParams`: a JMESPath expression over the input.
    Path(&'static super::jmespath::Expr),
}

/// The values of the endpoint parameters the operation sets, from the input where they
/// come from it.
#[cfg_attr(debug_assertions, inline)]
fn endpoint_context<S: StructValue>(
    context: &'static [ContextParam],
    input: &S,
) -> Result<Vec<(usize, EndpointValue<'static>)>, BuildError> {
    let mut out = Vec::with_capacity(context.len());
    for c in context {
        let value = match &c.source {
            ContextSource::Str(s) => EndpointValue::Str((*s).into()),
            ContextSource::Bool(b) => EndpointValue::Bool(*b),
            ContextSource::Strs(items) => EndpointValue::Array(items.iter().map(|s| EndpointValue::Str((*s).into())).collect()),
            ContextSource::Member(name) => {
                let mut finder = MemberValue::new(name);
                finder.members(input)?;
                finder.value
            }
            ContextSource::Path(path) => from_json(super::jmespath::search(path, &super::jmespath::from_struct(input))),
        };
        out.push((c.param, value));
    }
    Ok(out)
}

/// A JMESPath result as an endpoint parameter: strings, booleans and lists of strings.
#[cfg_attr(debug_assertions, inline)]
fn from_json(json: super::jmespath::Json) -> EndpointValue<'static> {
    use super::jmespath::Json;
    match json {
        Json::String(s) => EndpointValue::Str(s.into()),
        Json::Bool(b) => EndpointValue::Bool(b),
        Json::Array(items) => {
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                let value = from_json(item);
                if value != EndpointValue::None {
                    values.push(value);
                }
            }
            EndpointValue::Array(values)
        }
        _ => EndpointValue::None,
    }
}

/// Finds one member of a structure and keeps its value: a string, a boolean, or a list of
/// strings (what endpoint parameters and host labels take).
struct MemberValue<'n> {
    name: &'n str,
    /// The member, once found.
    member: Option<&'static Member>,
    value: EndpointValue<'static>,
    /// 0 outside the member, 1 inside it, 2 inside a list it holds.
    depth: u8,
    failure: Option<super::codec::WriteError>,
}

impl<'n> MemberValue<'n> {
    #[cfg_attr(debug_assertions, inline)]
    fn new(name: &'n str) -> Self {
        Self { name, member: None, value: EndpointValue::None, depth: 0, failure: None }
    }

    /// The member's value when it is a string.
    #[cfg_attr(debug_assertions, inline)]
    fn string(self) -> Option<String> {
        self.value.into_string()
    }

    #[cfg_attr(debug_assertions, inline)]
    fn put(&mut self, value: EndpointValue<'static>) -> WriteResult {
        match (&mut self.value, self.depth) {
            (EndpointValue::Array(items), 2) => items.push(value),
            (slot, 1) => *slot = value,
            _ => {}
        }
        Ok(())
    }
}

impl Writer for MemberValue<'_> {
    #[cfg_attr(debug_assertions, inline)]
    fn failure(&mut self) -> &mut Option<super::codec::WriteError> {
        &mut self.failure
    }
    #[cfg_attr(debug_assertions, inline)]
    fn write_member<T: Value>(&mut self, member: &'static Member, value: &T) -> WriteResult {
        if self.depth == 0 && member.name == self.name {
            self.member = Some(member);
        }
        if self.depth == 0 && member.name == self.name && !value.is_absent() {
            self.depth = 1;
            value.write(member, self)?;
            self.depth = 0;
        }
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn string(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.put(EndpointValue::Str(value.to_owned().into()))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, _: &'static Member, value: bool) -> WriteResult {
        self.put(EndpointValue::Bool(value))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn list<T: Value>(&mut self, member: &'static Member, items: &[T]) -> WriteResult {
        if self.depth != 1 {
            return Ok(());
        }
        self.value = EndpointValue::Array(Vec::new());
        self.depth = 2;
        let item = match member.target {
            super::schema::Schema::List(list) => &list.member,
            _ => member,
        };
        for value in items {
            value.write(item, self)?;
        }
        self.depth = 1;
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn null(&mut self, _: &'static Member) -> WriteResult {
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, _: &'static Member, _: i64) -> WriteResult {
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, _: &'static Member, _: f64, _: &str) -> WriteResult {
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, _: &'static Member, _: &str) -> WriteResult {
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, _: &'static Member, _: &[u8]) -> WriteResult {
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, _: &'static Member, _: &DateTime) -> WriteResult {
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, _: &'static Member, _: &Document) -> WriteResult {
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn map<K: MapKey, V: Value>(&mut self, _: &'static Member, _: &HashMap<K, V>) -> WriteResult {
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, _: &'static Member, _: &S) -> WriteResult {
        Ok(())
    }
}

/// The value of the string member `name` of `input`, which must be set.
#[cfg_attr(debug_assertions, inline)]
fn string_member<S: StructValue>(input: &S, name: &str) -> Result<String, BuildError> {
    let mut finder = MemberValue::new(name);
    finder.members(input)?;
    match (finder.member, finder.string()) {
        (Some(_), Some(value)) => Ok(value),
        (Some(member), None) => Err(BuildError::missing_field(member.name, "the request is sent to the URL it holds")),
        (None, _) => Err(BuildError::other(format!("{} has no member {name}", input.schema().name))),
    }
}

/// `template` with each `{member}` replaced by that input member, which must be a valid
/// host label (letters, digits and hyphens, 1 to 63 characters, not starting with a hyphen).
#[cfg_attr(debug_assertions, inline)]
fn expand_host_prefix<S: StructValue>(template: &str, input: &S) -> Result<String, BuildError> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| BuildError::other(format!("the host prefix {template:?} has an unclosed label")))?;
        let name = &rest[open + 1..close];
        let mut finder = MemberValue::new(name);
        finder.members(input)?;
        let member = finder.member;
        let value = finder.string();
        let Some(member) = member else {
            return Err(BuildError::other(format!(
                "the host prefix {template:?} names {name}, which {} does not have",
                input.schema().name
            )));
        };
        let Some(value) = value else {
            return Err(BuildError::missing_field(member.name, "it is a host label and must be set"));
        };
        let valid = !value.is_empty()
            && value.len() <= 63
            && !value.starts_with('-')
            && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !valid {
            return Err(BuildError::invalid_field(
                member.name,
                format!("{value:?} is not a valid host label (letters, digits and hyphens, 1 to 63 characters)"),
            ));
        }
        out.push_str(&value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg_attr(debug_assertions, inline)]
fn decode_response<O: Output, E: OperationError + std::error::Error + Send + Sync + 'static>(
    operation: &'static str,
    mut response: RawResponse,
) -> Result<O, SdkError<E, HttpResponse>> {
    let protocol = crate::config::SERVICE.protocol;
    if (200..300).contains(&response.status()) && !response.is_error_document() {
        if let Some(why) = response.checksum_mismatch.take() {
            return Err(unreadable(DecodeError::new(why), response));
        }
        let stream = response.stream.take();
        return match crate::config::PROTOCOL.decode_output::<O>(operation, &response) {
            Ok((mut output, request_id)) => {
                // The header's request id wins over the body's, as in the AWS SDKs.
                output.set_request_id(response.request_id.clone().or(request_id));
                if let Some((header, _)) = crate::config::SERVICE.extended_request_id {
                    output.set_extended_request_id(response.header(header).map(str::to_owned));
                }
                if let Some(body) = stream {
                    output.set_body(aws_smithy_types::byte_stream::ByteStream::new(*body));
                }
                Ok(output)
            }
            Err(e) => Err(unreadable(e, response)),
        };
    }
    let envelope = match protocol.error_envelope(&response) {
        Ok(envelope) => envelope,
        Err(e) => {
            let e = DecodeError::new(format!("HTTP status {} with an unreadable error body: {e}", response.status()));
            return Err(unreadable(e, response));
        }
    };
    let meta = envelope.metadata(&response);
    let error = match envelope.kind.as_deref() {
        Some(kind) => E::from_code(kind, &response, meta.clone()),
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
#[cfg_attr(debug_assertions, inline)]
fn unreadable<E: OperationError>(e: DecodeError, response: RawResponse) -> SdkError<E, HttpResponse> {
    let raw = if e.is_sensitive() { response.into_http_without_body() } else { response.into_http() };
    SdkError::service_error(E::create_unhandled_error(Box::new(e), None), raw)
}

