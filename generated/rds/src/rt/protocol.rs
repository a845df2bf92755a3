//! What differs between wire protocols, behind two traits: the operation pipeline
//! (`operation.rs`) writes requests and reads responses through the service's `Codec`
//! (generic over the input, output and error types, so that they are written and read
//! with static calls) and builds requests and classifies errors through its `Protocol`
//! (a trait object, compiled once). The generated `crate::config::PROTOCOL` is the one
//! value behind both. Each protocol module (`query.rs`, `json.rs`) implements them with
//! the codecs of its wire format.

use super::client::{Headers, RawResponse};
use super::codec::{DecodeError, StructValue, Value};
use super::config::IdempotencyTokenProvider;
use super::operation::Route;
use super::schema::Member;
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_types::Document;

/// The typed side of a protocol: bodies to and from the modeled types.
pub(crate) trait Codec {
    /// The request for `input`: its method, path, the headers it binds, and its body.
    /// `route` is the operation's `@http` trait, which REST protocols follow; `unit_input`
    /// says the operation has no input (`smithy.api#Unit`), for which rpcv2Cbor sends no body.
    fn serialize<S: StructValue>(
        &self,
        operation: &'static str,
        route: Option<&'static Route>,
        unit_input: bool,
        input: &S,
        tokens: Option<&IdempotencyTokenProvider>,
    ) -> Result<Serialized, BuildError>;

    /// The output in a successful response (its default when the body holds none), and
    /// the request id the body carries, if any.
    fn decode_output<O: StructValue + Default>(&self, operation: &str, response: &RawResponse) -> Result<(O, Option<String>), DecodeError>;

    /// The modeled error in an error response, if the response holds one.
    fn decode_error<E: StructValue + Default>(&self, response: &RawResponse) -> Result<Option<E>, DecodeError>;
}

/// A serialized input: what the protocol puts in the HTTP request.
pub(crate) struct Serialized {
    pub method: &'static str,
    /// The path and query, from `/`; appended to the endpoint's path.
    pub uri: String,
    /// The headers the input binds, and the body's content type (REST protocols).
    pub headers: Headers,
    pub body: Vec<u8>,
    /// The content type of a streamed body the input gives none for (presigned requests
    /// leave it out, as aws-sdk-* does).
    pub default_content_type: Option<&'static str>,
}

impl Serialized {
    /// A body POSTed to the endpoint itself, as RPC protocols send every operation.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn post(body: Vec<u8>) -> Self {
        Self { method: "POST", uri: "/".to_owned(), headers: Vec::new(), body, default_content_type: None }
    }
}

/// A document format as HTTP bindings and event messages carry it: a REST protocol's
/// bodies, and an event's payload in every protocol.
pub(crate) trait BodyFormat {
    /// The content type of a body that is a document.
    const CONTENT_TYPE: &'static str;
    /// A document without members (what an unset structure payload is sent as).
    const EMPTY_DOCUMENT: &'static [u8];
    /// `value` as a document.
    fn write<T: Value>(tokens: Option<&IdempotencyTokenProvider>, member: &'static Member, value: &T) -> Result<Vec<u8>, BuildError>;
    /// Decodes the body members of `target` from a document.
    fn read_members<S: StructValue>(target: &mut S, body: &[u8]) -> Result<(), DecodeError>;
    /// Decodes the body members of the error `target` from an error document.
    #[cfg_attr(debug_assertions, inline)]
    fn read_error_members<S: StructValue>(target: &mut S, body: &[u8]) -> Result<(), DecodeError> {
        Self::read_members(target, body)
    }
    /// Decodes member `index` of `target` from a document that is all of it.
    fn read_member<S: StructValue>(target: &mut S, index: usize, member: &'static Member, body: &[u8]) -> Result<(), DecodeError>;
    /// A document as an untyped value.
    fn read_document(body: &[u8]) -> Result<Document, DecodeError>;
}

/// A text format's body as text.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn text(body: &[u8]) -> Result<&str, DecodeError> {
    std::str::from_utf8(body).map_err(|_| DecodeError::new("the body is not UTF-8"))
}

/// The body of a response as text (every protocol's documents are UTF-8).
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn body_text(response: &RawResponse) -> Result<&str, DecodeError> {
    std::str::from_utf8(&response.body).map_err(|_| DecodeError::new("the response body is not UTF-8"))
}

/// What a protocol does that does not depend on the modeled types.
pub(crate) trait Protocol: Sync {
    /// The headers that describe a request body (content type, target).
    fn request_headers(&self, operation: &'static str) -> Vec<(&'static str, String)>;

    /// What an error response says about its error: its code, message and request id.
    fn error_envelope(&self, response: &RawResponse) -> Result<ErrorEnvelope, DecodeError>;

    /// RPC protocols: how a request that sends an event stream is made (REST protocols bind
    /// the input's other members to the HTTP request, and return `None`).
    #[cfg_attr(debug_assertions, inline)]
    fn event_request(&self) -> Option<EventRequest> {
        None
    }

    /// The `accept` header of a request whose response is an event stream, where the
    /// protocol names one (rpcv2Cbor: the event stream's type first, then its own).
    #[cfg_attr(debug_assertions, inline)]
    fn event_accept(&self) -> Option<&'static str> {
        None
    }
}

/// How an RPC protocol sends an input's event stream.
pub(crate) struct EventRequest {
    /// The content type of the `initial-request` message, which holds the input's other
    /// members as the protocol writes a request's body.
    pub message_content_type: &'static str,
    /// The request's content type, if not the protocol's own.
    pub content_type: Option<&'static str>,
}

/// What every error response says, whatever the error.
#[derive(Debug, Default)]
pub(crate) struct ErrorEnvelope {
    /// The code the error's metadata reports (`code()`).
    pub code: Option<String>,
    /// What selects the modeled error: the code, or for JSON protocols the error's shape
    /// name (which differs from the code of `@awsQueryCompatible` services).
    pub kind: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// `@awsQueryCompatible`: `Sender` or `Receiver`, from `x-amzn-query-error`.
    pub fault_type: Option<String>,
}

impl ErrorEnvelope {
    /// `@awsQueryCompatible`: the code the service's query API gave this error, and who is
    /// at fault, from `x-amzn-query-error: Code;Sender`.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn query_compatible(&mut self, response: &RawResponse) {
        if let Some((code, fault)) = response.header("x-amzn-query-error").and_then(|v| v.split_once(';')) {
            self.code = Some(code.to_owned());
            self.fault_type = Some(fault.to_owned());
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn metadata(&self, response: &RawResponse) -> ErrorMetadata {
        let mut meta = ErrorMetadata::builder();
        if let Some(code) = &self.code {
            meta = meta.code(code);
        }
        if let Some(message) = &self.message {
            meta = meta.message(message);
        }
        if let Some(id) = response.request_id.as_deref().or(self.request_id.as_deref()) {
            meta = meta.custom("aws_request_id", id);
        }
        if let Some((header, key)) = crate::config::SERVICE.extended_request_id {
            if let Some(id) = response.header(header) {
                meta = meta.custom(key, id);
            }
        }
        if let Some(fault_type) = &self.fault_type {
            meta = meta.custom("type", fault_type);
        }
        meta.build()
    }
}

/// The error's shape name in an error type as services send it: without a `:…` suffix
/// or a `namespace#` prefix.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn error_shape_name(value: &str) -> String {
    let value = value.split(':').next().unwrap_or(value);
    value.split_once('#').map_or(value, |(_, name)| name).trim().to_owned()
}

/// What to write for a member the caller left unset: a fresh idempotency token for
/// `@idempotencyToken` members, an error for `@required` ones, otherwise nothing.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn unset_member(member: &Member, tokens: Option<&IdempotencyTokenProvider>) -> Result<Option<String>, BuildError> {
    if member.idempotency_token {
        return Ok(Some(tokens.map_or_else(super::config::random_uuid, IdempotencyTokenProvider::make_idempotency_token)));
    }
    if member.required {
        return Err(BuildError::missing_field(member.name, "a required member was not set"));
    }
    Ok(None)
}

/// `i` in decimal, written into `buf` without allocating.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn format_int(i: i64, buf: &mut [u8; 20]) -> &str {
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

