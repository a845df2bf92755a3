//! Event streams in requests (`@streaming` unions an input sends), per amazon-eventstream:
//! the caller's stream of events becomes the request body as it produces them. Each event
//! is written by the protocol as a request is (`@eventHeader` members are the message's
//! typed headers, the payload or the other members its body), then wrapped in a message
//! signed with the chained SigV4 event signature: each signature covers the message and
//! the signature before it, the first the request's. An empty signed message ends the
//! stream, as the AWS SDKs end it.

use super::client::{EventSigning, EventSource};
use super::codec::{StructValue, Value, WriteError, WriteResult, Writer};
use super::event_stream::{encode_headers, encode_message};
use super::operation::Route;
use super::protocol::unset_member;
use super::schema::{Location, Member};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use aws_smithy_types::{DateTime, Document};
use bytes::Bytes;
use futures_core::Stream;
use std::collections::HashMap;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{SystemTime, UNIX_EPOCH};

/// The sending end of an event stream: made from any stream of events (`Ok`) and modeled
/// errors (`Err`, sent as the stream's exceptions), with `From`, as aws-sdk-*'s is.
pub struct EventStreamSender<T, E> {
    /// In a mutex only to make inputs `Sync`, as the client's futures need; it is taken
    /// whole when the request is sent, never locked while shared.
    stream: std::sync::Mutex<CallerStream<T, E>>,
}

/// The caller's stream of events and errors.
type CallerStream<T, E> = Pin<Box<dyn Stream<Item = Result<T, E>> + Send>>;

impl<T, E, S> From<S> for EventStreamSender<T, E>
where
    S: Stream<Item = Result<T, E>> + Send + 'static,
{
    #[cfg_attr(debug_assertions, inline)]
    fn from(stream: S) -> Self {
        Self { stream: std::sync::Mutex::new(Box::pin(stream)) }
    }
}

impl<T, E> std::fmt::Debug for EventStreamSender<T, E> {
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventStreamSender(Box<dyn Stream>)")
    }
}

/// Inputs hold their sender: serializers see nothing of it (the pipeline sends it).
impl<T, E> Value for EventStreamSender<T, E> {
    #[cfg_attr(debug_assertions, inline)]
    fn write<W: Writer>(&self, _: &'static Member, _: &mut W) -> WriteResult {
        Ok(())
    }
}

/// An input stream's union, as generated: each event is a message.
#[doc(hidden)]
pub trait SendEvent {
    fn message(&self) -> Result<Message, BuildError>;
}

impl<T: SendEvent + 'static, E: SendEvent + 'static> EventStreamSender<T, E> {
    /// The caller's events and errors as the request body the pipeline sends.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn into_source(self) -> EventSource {
        let stream = self.stream.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let events: MessageSource = Box::pin(Marshalled { stream });
        EventSource::new(move |signing, initial| {
            let messages = match initial {
                Some(first) => Box::pin(Initial { first: Some(first), rest: events }),
                None => events,
            };
            SdkBody::from_body_1_x(EventBody::new(messages, signing.map(MessageSigner::new)))
        })
    }
}

impl<T: 'static, E: 'static> Default for EventStreamSender<T, E> {
    /// A stream without events.
    #[cfg_attr(debug_assertions, inline)]
    fn default() -> Self {
        Self::from(Ended(std::marker::PhantomData))
    }
}

/// A stream that has ended.
struct Ended<I>(std::marker::PhantomData<fn() -> I>);

impl<I> Stream for Ended<I> {
    type Item = I;
    #[cfg_attr(debug_assertions, inline)]
    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I>> {
        Poll::Ready(None)
    }
}

/// What the pipeline sends: messages ready to be signed, or why the next one cannot be.
pub(crate) type MessageSource = Pin<Box<dyn Stream<Item = Result<Message, BoxError>> + Send>>;

struct Marshalled<T, E> {
    stream: CallerStream<T, E>,
}

impl<T: SendEvent, E: SendEvent> Stream for Marshalled<T, E> {
    type Item = Result<Message, BoxError>;

    #[cfg_attr(debug_assertions, inline)]
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let message = match self.stream.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Ready(Some(Ok(event))) => event.message(),
            Poll::Ready(Some(Err(error))) => error.message(),
        };
        Poll::Ready(Some(message.map_err(BoxError::from)))
    }
}

/// The `initial-request` message, then the events.
struct Initial {
    first: Option<Message>,
    rest: MessageSource,
}

impl Stream for Initial {
    type Item = Result<Message, BoxError>;

    #[cfg_attr(debug_assertions, inline)]
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.first.take() {
            Some(first) => Poll::Ready(Some(Ok(first))),
            None => self.rest.as_mut().poll_next(cx),
        }
    }
}

/// The operation every event is written as: its HTTP bindings are the message's.
static EVENT_ROUTE: Route = Route { method: "POST", path: &[], query: &[], code: 200 };

/// The message of event `kind` (the union member's name) holding `event`.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn event_message<T: StructValue>(kind: &'static str, event: &T) -> Result<Message, BuildError> {
    message([(":message-type", "event"), (":event-type", kind)], event)
}

/// The message of the stream's modeled error `kind` holding `error`.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn exception_message<T: StructValue>(kind: &'static str, error: &T) -> Result<Message, BuildError> {
    message([(":message-type", "exception"), (":exception-type", kind)], error)
}

#[cfg_attr(debug_assertions, inline)]
fn message<T: StructValue>(protocol_headers: [(&'static str, &'static str); 2], value: &T) -> Result<Message, BuildError> {
    let request = super::rest::serialize::<T, crate::config::EventFormat>(Some(&EVENT_ROUTE), value, None)?;
    let mut headers: Vec<Header> =
        protocol_headers.iter().map(|(name, value)| Header::new(*name, HeaderValue::String((*value).into()))).collect();
    if let Some((_, content_type)) = request.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
        headers.push(Header::new(":content-type", HeaderValue::String(content_type.clone().into())));
    }
    let mut writer = EventHeaders { headers, name: "", failure: None };
    writer.members(value)?;
    Ok(Message::new_from_parts(writer.headers, request.body))
}

/// Writes an event's `@eventHeader` members as typed message headers.
struct EventHeaders {
    headers: Vec<Header>,
    /// The header being written: the member's name.
    name: &'static str,
    failure: Option<WriteError>,
}

impl EventHeaders {
    #[cfg_attr(debug_assertions, inline)]
    fn push(&mut self, value: HeaderValue) -> WriteResult {
        // The format gives a string or byte array header two bytes of length.
        let len = match &value {
            HeaderValue::String(text) => text.as_bytes().len(),
            HeaderValue::ByteArray(bytes) => bytes.len(),
            _ => 0,
        };
        if len > usize::from(u16::MAX) {
            return Err(BuildError::invalid_field(self.name, format!("an event header holds at most 65535 bytes, not {len}")).into());
        }
        self.headers.push(Header::new(self.name, value));
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn unsupported(&self, what: &str) -> WriteResult {
        Err(BuildError::invalid_field(self.name, format!("{what} cannot be an event header")).into())
    }
}

impl Writer for EventHeaders {
    #[cfg_attr(debug_assertions, inline)]
    fn write_member<T: Value>(&mut self, member: &'static Member, value: &T) -> WriteResult {
        if !matches!(member.location, Location::Header(_)) {
            return Ok(());
        }
        if value.is_absent() {
            unset_member(member, None)?;
            return Ok(());
        }
        self.name = member.name;
        value.write(member, self)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn failure(&mut self) -> &mut Option<WriteError> {
        &mut self.failure
    }
    #[cfg_attr(debug_assertions, inline)]
    fn null(&mut self, _: &'static Member) -> WriteResult {
        Ok(())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, _: &'static Member, value: bool) -> WriteResult {
        self.push(HeaderValue::Bool(value))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, _: &'static Member, value: i64) -> WriteResult {
        self.push(HeaderValue::Int64(value))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn sized_integer(&mut self, _: &'static Member, value: i64, width: u8) -> WriteResult {
        // In range by construction: the value came from an integer of `width` bytes.
        self.push(match width {
            1 => HeaderValue::Byte(value as i8),
            2 => HeaderValue::Int16(value as i16),
            4 => HeaderValue::Int32(value as i32),
            _ => HeaderValue::Int64(value),
        })
    }
    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, _: &'static Member, _: f64, _: &str) -> WriteResult {
        self.unsupported("a float")
    }
    #[cfg_attr(debug_assertions, inline)]
    fn string(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.push(HeaderValue::String(value.to_owned().into()))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, _: &'static Member, _: &str) -> WriteResult {
        self.unsupported("a big number")
    }
    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, _: &'static Member, value: &[u8]) -> WriteResult {
        self.push(HeaderValue::ByteArray(Bytes::copy_from_slice(value)))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, _: &'static Member, value: &DateTime) -> WriteResult {
        self.push(HeaderValue::Timestamp(*value))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, _: &'static Member, _: &Document) -> WriteResult {
        self.unsupported("a document")
    }
    #[cfg_attr(debug_assertions, inline)]
    fn list<T: Value>(&mut self, _: &'static Member, _: &[T]) -> WriteResult {
        self.unsupported("a list")
    }
    #[cfg_attr(debug_assertions, inline)]
    fn map<K: super::codec::MapKey, V: Value>(&mut self, _: &'static Member, _: &HashMap<K, V>) -> WriteResult {
        self.unsupported("a map")
    }
    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, _: &'static Member, _: &S) -> WriteResult {
        self.unsupported("a structure")
    }
}

/// Signs messages with the chained SigV4 event signature (`AWS4-HMAC-SHA256-PAYLOAD`).
pub(crate) struct MessageSigner {
    access_key: String,
    secret_key: String,
    region: String,
    service: String,
    /// The last signature, in hex: the request's before the first message.
    previous: String,
    clock: Option<aws_smithy_async::time::SharedTimeSource>,
}

impl std::fmt::Debug for MessageSigner {
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageSigner").field("access_key", &self.access_key).field("region", &self.region).finish_non_exhaustive()
    }
}

impl MessageSigner {
    /// A signer whose first signature follows the request's.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn new(signing: EventSigning) -> Self {
        Self {
            access_key: signing.credentials.access_key_id().to_owned(),
            secret_key: signing.credentials.secret_access_key().to_owned(),
            region: signing.region,
            service: signing.service,
            previous: signing.seed,
            clock: signing.clock,
        }
    }

    /// The time by the configured clock.
    #[cfg_attr(debug_assertions, inline)]
    fn now(&self) -> SystemTime {
        self.clock.as_ref().map_or_else(SystemTime::now, |clock| clock.now())
    }

    /// The signed message carrying `payload` (an encoded message, or nothing to end the
    /// stream), signed at `time` (to the second, as the `:date` header carries it).
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn sign(&mut self, payload: &[u8], time: SystemTime) -> Vec<u8> {
        let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let time = UNIX_EPOCH + std::time::Duration::from_secs(seconds);
        let date = Header::new(":date", HeaderValue::Timestamp(DateTime::from_secs(seconds as i64)));
        let mut date_header = Vec::new();
        encode_headers(std::slice::from_ref(&date), &mut date_header);
        let date_time = super::client::compact_date_time(seconds as i64);
        let day = &date_time[..8.min(date_time.len())];
        let hex = super::checksums::hex;
        let sha256 = super::checksums::sha256;
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256-PAYLOAD\n{date_time}\n{day}/{}/{}/aws4_request\n{}\n{}\n{}",
            self.region,
            self.service,
            self.previous,
            hex(&sha256(&date_header)),
            hex(&sha256(payload)),
        );
        let key = aws_sigv4::sign::v4::generate_signing_key(&self.secret_key, time, &self.region, &self.service);
        let signature = aws_sigv4::sign::v4::calculate_signature(key, string_to_sign.as_bytes());
        let raw = unhex(&signature);
        self.previous = signature;
        let envelope = Message::new_from_parts(
            vec![Header::new(":chunk-signature", HeaderValue::ByteArray(raw.into())), date],
            Bytes::copy_from_slice(payload),
        );
        encode_message(&envelope)
    }
}

/// Bytes from lowercase hex (a signature's).
#[cfg_attr(debug_assertions, inline)]
fn unhex(text: &str) -> Vec<u8> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => 0,
    };
    text.as_bytes().chunks(2).map(|pair| (digit(pair[0]) << 4) | pair.get(1).map_or(0, |&c| digit(c))).collect()
}

/// The request body of an input event stream: each message as the caller's stream gives
/// it, signed when the request is, then the empty signed message that ends the stream.
pub(crate) struct EventBody {
    /// In a mutex only to make the body `Sync`, as `SdkBody` needs; it is never locked
    /// (`get_mut` through the body's own `&mut`).
    source: std::sync::Mutex<MessageSource>,
    signer: Option<MessageSigner>,
    ended: bool,
}

impl EventBody {
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn new(source: MessageSource, signer: Option<MessageSigner>) -> Self {
        Self { source: std::sync::Mutex::new(source), signer, ended: false }
    }
}

impl http_body::Body for EventBody {
    type Data = Bytes;
    type Error = BoxError;

    #[cfg_attr(debug_assertions, inline)]
    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let this = &mut *self;
        let source = match this.source.get_mut() {
            Ok(source) => source,
            Err(poisoned) => poisoned.into_inner(),
        };
        let frame = match source.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Some(Ok(message))) => {
                let bytes = encode_message(&message);
                match &mut this.signer {
                    Some(signer) => {
                        let now = signer.now();
                        signer.sign(&bytes, now)
                    }
                    None => bytes,
                }
            }
            Poll::Ready(Some(Err(e))) => {
                this.ended = true;
                return Poll::Ready(Some(Err(e)));
            }
            Poll::Ready(None) => {
                this.ended = true;
                match &mut this.signer {
                    Some(signer) => {
                        let now = signer.now();
                        signer.sign(&[], now)
                    }
                    None => return Poll::Ready(None),
                }
            }
        };
        Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from(frame)))))
    }
}

