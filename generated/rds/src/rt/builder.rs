//! The two builder types every structure shares. `types::builders::ExportTaskBuilder` is
//! `Builder<ExportTask>`, and an operation's input builder (which is also the fluent builder
//! its client method returns) is `InputBuilder<StartExportTaskInput>`. What is the same for
//! every structure (derives, `build`, `send`) is written once here; the generated code adds
//! only each structure's setters.
// `send` needs the crate's internal traits as bounds; they stay sealed in `rt`.
#![allow(private_bounds)]

use super::client::{Bound, Handle};
use super::operation::{invoke, OperationError, Output};
use super::StructValue;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::operation::BuildError;
use std::fmt;
use std::sync::Arc;

/// A builder for the structure `T`: one setter per member (`x`, `set_x`, `get_x`), then
/// [`build`](Self::build).
#[derive(Clone, PartialEq, Default)]
pub struct Builder<T> {
    pub(crate) inner: T,
}

impl<T> Builder<T> {
    /// The structure, with the members set so far.
    #[inline]
    pub fn build(self) -> T {
        self.inner
    }
}

impl<T: fmt::Debug> fmt::Debug for Builder<T> {
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Builder").field(&self.inner).finish()
    }
}

/// What an operation's input names: the operation, its output and its error.
pub trait Operation {
    /// The operation's name, as the `Action` parameter carries it.
    const NAME: &'static str;
    /// What a successful call returns.
    type Output;
    /// The operation's error enum.
    type Error;
    /// `@endpoint`'s host prefix, with `{member}` labels the input fills in.
    #[doc(hidden)]
    const HOST_PREFIX: Option<&'static str> = None;
    /// `@requestCompression`: how to gzip the body.
    #[doc(hidden)]
    const REQUEST_COMPRESSION: Option<Compress> = None;
    /// The input member holding the URL this operation is sent to, for the operations a
    /// service customization gives one (Machine Learning's `Predict`).
    #[doc(hidden)]
    const ENDPOINT_MEMBER: Option<&'static str> = None;
    /// Sent without signing (`@optionalAuth`, `@auth([])`, or a service customization).
    #[doc(hidden)]
    const UNSIGNED: bool = false;
    /// The auth schemes the operation may be called with, in order of preference: the
    /// first the config has an identity for is used.
    #[doc(hidden)]
    const AUTH: &'static [super::client::AuthScheme] = &[super::client::AuthScheme::SigV4];
    /// Why this operation cannot be sent by this crate (it streams), if it cannot.
    #[doc(hidden)]
    const UNSUPPORTED: Option<&'static str> = None;
    /// `@httpChecksumRequired`: the `Content-MD5` of a body.
    #[doc(hidden)]
    const CONTENT_MD5: Option<fn(&[u8]) -> String> = None;
    /// Headers computed from the body, by a customization of the service (Glacier's hashes).
    #[doc(hidden)]
    const BODY_DIGESTS: Option<BodyDigests> = None;
    /// `@httpChecksum`: flexible checksums of the request and the response.
    #[doc(hidden)]
    const CHECKSUM: Option<&'static super::operation::HttpChecksum> = None;
    /// The operation has no input (`smithy.api#Unit`): rpcv2Cbor sends no body for it.
    #[doc(hidden)]
    const UNIT_INPUT: bool = false;
    /// `@requiresLength`: the input's stream is sent only when its length is known.
    #[doc(hidden)]
    const REQUIRES_LENGTH: bool = false;
    /// The input's stream (`@streaming` payload), moved out of it to be the request body.
    #[doc(hidden)]
    #[cfg_attr(debug_assertions, inline)]
    fn take_body(&mut self) -> Option<aws_smithy_types::byte_stream::ByteStream> {
        None
    }
    /// The input's event stream, moved out of it to be the request body.
    #[doc(hidden)]
    #[cfg_attr(debug_assertions, inline)]
    fn take_events(&mut self) -> Option<super::client::EventSource> {
        None
    }
    /// `@http`: the method, URI and status code REST protocols use.
    #[doc(hidden)]
    const ROUTE: Option<&'static super::operation::Route> = None;
    /// The endpoint parameters the operation sets (`@staticContextParams`, `@contextParam`,
    /// `@operationContextParams`).
    #[doc(hidden)]
    const ENDPOINT_CONTEXT: &'static [super::operation::ContextParam] = &[];
}

/// Computes headers from a request body (a service customization: Glacier's hashes).
#[doc(hidden)]
pub type BodyDigests = fn(&[u8]) -> Vec<(&'static str, String)>;

/// Compresses a request body (`@requestCompression`).
#[doc(hidden)]
pub type Compress = fn(&[u8]) -> std::io::Result<Vec<u8>>;

/// The builder of an operation's input, which is also the fluent builder the client's
/// method for that operation returns: set the members, then [`send`](Self::send).
#[derive(Clone, PartialEq, Default)]
pub struct InputBuilder<T> {
    pub(crate) inner: T,
    /// The client that made this builder, if one did.
    pub(crate) client: Bound,
}

impl<T: Default> InputBuilder<T> {
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn new(handle: Arc<Handle>) -> Self {
        Self { inner: T::default(), client: Bound::new(handle) }
    }
}

impl<T> InputBuilder<T> {
    /// The input as set so far.
    #[inline]
    pub fn as_input(&self) -> &Self {
        self
    }

    /// The input, with the members set so far. Required members are checked when the
    /// request is sent.
    #[inline]
    pub fn build(self) -> Result<T, BuildError> {
        Ok(self.inner)
    }
}

impl<T> InputBuilder<T>
where
    T: Operation + StructValue + Send + Sync + 'static,
    T::Output: Output + Send,
    T::Error: OperationError + std::error::Error + Send + Sync + 'static,
{
    /// Sends the request with the client that made this builder, and waits for the
    /// response.
    ///
    /// Fails without sending anything when a required member is not set, or when the
    /// builder came from `builder()` rather than a client (use [`send_with`](Self::send_with)).
    #[cfg_attr(debug_assertions, inline)]
    pub async fn send(self) -> Result<T::Output, SdkError<T::Error, HttpResponse>> {
        let handle = self.client.handle(T::NAME).map_err(SdkError::construction_failure)?;
        let mut input = self.inner;
        invoke::<T>(&handle, &mut input).await
    }

    /// Sends the request with `client`, and waits for the response.
    #[cfg_attr(debug_assertions, inline)]
    pub async fn send_with(self, client: &super::client::Client) -> Result<T::Output, SdkError<T::Error, HttpResponse>> {
        let mut input = self.inner;
        invoke::<T>(&self.client.with_override(&client.handle), &mut input).await
    }

    /// This call with more settings: [`config_override`](CustomizableOperation::config_override),
    /// [`mutate_request`](CustomizableOperation::mutate_request), then
    /// [`send`](CustomizableOperation::send).
    #[cfg_attr(debug_assertions, inline)]
    pub fn customize(self) -> CustomizableOperation<T> {
        CustomizableOperation { builder: self }
    }
}

impl<T> InputBuilder<T> {
    /// Overrides the client's configuration (region, endpoint, credentials, retries,
    /// timeouts, …) for this call only; what `config` leaves unset stays as the client has it.
    #[cfg_attr(debug_assertions, inline)]
    pub fn config_override(mut self, config: impl Into<super::config::Builder>) -> Self {
        self.client.config_override(config.into().build());
        self
    }
}

/// An operation call being customized before it is sent (what `customize()` returns).
pub struct CustomizableOperation<T> {
    builder: InputBuilder<T>,
}

impl<T> CustomizableOperation<T>
where
    T: Operation + StructValue + Send + Sync + 'static,
    T::Output: Output + Send,
    T::Error: OperationError + std::error::Error + Send + Sync + 'static,
{
    /// Overrides the client's configuration for this call only.
    #[cfg_attr(debug_assertions, inline)]
    pub fn config_override(mut self, config: impl Into<super::config::Builder>) -> Self {
        self.builder = self.builder.config_override(config);
        self
    }

    /// Changes the HTTP request before it is signed and sent: its headers, URI or body
    /// (a streaming body cannot be signed, and fails the call). Every attempt sends the
    /// changed request.
    #[cfg_attr(debug_assertions, inline)]
    pub fn mutate_request<F>(mut self, f: F) -> Self
    where
        F: Fn(&mut aws_smithy_runtime_api::client::orchestrator::HttpRequest) + Send + Sync + 'static,
    {
        self.builder.client.mutate_request(Arc::new(f));
        self
    }

    /// Sends the request and waits for the response.
    #[cfg_attr(debug_assertions, inline)]
    pub async fn send(self) -> Result<T::Output, SdkError<T::Error, HttpResponse>> {
        self.builder.send().await
    }
}

impl<T: fmt::Debug> fmt::Debug for CustomizableOperation<T> {
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CustomizableOperation").field(&self.builder).finish()
    }
}

impl<T: fmt::Debug> fmt::Debug for InputBuilder<T> {
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("InputBuilder").field(&self.inner).finish()
    }
}
