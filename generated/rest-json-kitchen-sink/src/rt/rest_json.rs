//! restJson1: the HTTP bindings of `rest.rs` over JSON bodies.

use super::client::RawResponse;
use super::codec::DecodeError;
use super::json::JsonBody;
use super::protocol::{ErrorEnvelope, Protocol};
use super::rest::RestProtocol;

/// restJson1: HTTP bindings with JSON bodies.
pub(crate) struct RestJson;

impl RestProtocol for RestJson {
    type Body = JsonBody;
}

impl Protocol for RestJson {
    #[cfg_attr(debug_assertions, inline)]
    fn request_headers(&self, _: &'static str) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    #[cfg_attr(debug_assertions, inline)]
    fn error_envelope(&self, response: &RawResponse) -> Result<ErrorEnvelope, DecodeError> {
        super::json::error_envelope(response, false)
    }
}
