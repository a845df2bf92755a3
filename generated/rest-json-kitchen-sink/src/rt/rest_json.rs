//! restJson1: the HTTP bindings of `rest.rs` over JSON bodies.

use super::client::RawResponse;
use super::codec::{DecodeError, Decoder, StructValue, Value};
use super::config::IdempotencyTokenProvider;
use super::json::{write_json, JsonDecoder};
use super::protocol::{ErrorEnvelope, Protocol};
use super::rest::{BodyFormat, RestProtocol};
use super::schema::{Member, ROOT};
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::Document;

/// restJson1: HTTP bindings with JSON bodies.
pub(crate) struct RestJson;

impl RestProtocol for RestJson {
    type Body = JsonBody;
}

impl Protocol for RestJson {
    fn request_headers(&self, _: &'static str) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    fn error_envelope(&self, response: &RawResponse) -> Result<ErrorEnvelope, DecodeError> {
        super::json::error_envelope(response, false)
    }
}

pub(crate) struct JsonBody;

impl BodyFormat for JsonBody {
    const CONTENT_TYPE: &'static str = "application/json";
    const EMPTY_DOCUMENT: &'static [u8] = b"{}";
    fn write<T: Value>(tokens: Option<&IdempotencyTokenProvider>, member: &'static Member, value: &T) -> Result<Vec<u8>, BuildError> {
        write_json(tokens, member, value)
    }
    fn read_members<S: StructValue>(target: &mut S, body: &str) -> Result<(), DecodeError> {
        let mut d = JsonDecoder::new(body);
        d.structure(target)?;
        d.finish()
    }
    fn read_member<S: StructValue>(target: &mut S, index: usize, member: &'static Member, body: &str) -> Result<(), DecodeError> {
        let mut d = JsonDecoder::new(body);
        target.merge_field(index, member, &mut d)?;
        d.finish()
    }
    fn read_document(body: &str) -> Result<Document, DecodeError> {
        let mut d = JsonDecoder::new(body);
        let document = d.document(&ROOT)?;
        d.finish()?;
        Ok(document)
    }
}
