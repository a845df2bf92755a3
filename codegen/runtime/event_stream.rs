//! Event streams (`@streaming` unions) in responses, per amazon-eventstream: the binary
//! framing (a prelude with the total and header lengths and its CRC32, the headers, the
//! payload, the message's CRC32), and the receiver an output holds, which reads messages
//! as the caller asks for them and makes each one an event, a modeled error or an
//! unmodeled one. An event is read by the protocol as a response is: the message's headers
//! stand for the response's and its payload for the body, so `@eventHeader` and
//! `@eventPayload` members decode as HTTP-bound ones do.

use super::client::RawResponse;
use super::codec::{DecodeError, StructValue};
use super::operation::OperationError;
use super::protocol::Codec;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message, RawMessage};
use aws_smithy_types::str_bytes::StrBytes;
use bytes::{Buf, BufMut, Bytes, BytesMut};
use std::marker::PhantomData;

/// The prelude: total length, headers length, and the CRC32 of those eight bytes.
const PRELUDE: usize = 12;
/// The prelude and the message's own CRC32: a message with neither headers nor payload.
const MIN_MESSAGE: usize = PRELUDE + 4;
/// The largest message read: the 24 MB payload and 128 kB of headers the format allows
/// services, with room for a service that sends more (clients must not enforce the limits,
/// but must not be made to buffer without bound either).
const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// Why a stream of messages cannot be read on.
fn broken(what: impl std::fmt::Display) -> DecodeError {
    DecodeError::new(format!("malformed event stream: {what}"))
}

/// The length of the first message in `bytes`, its prelude and CRCs checked; `None` when
/// `bytes` holds only the beginning of one.
fn message_len(bytes: &[u8]) -> Result<Option<usize>, DecodeError> {
    if bytes.len() < PRELUDE {
        return Ok(None);
    }
    let total = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let headers_len = u32::from_be_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let prelude_crc = u32::from_be_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    let computed = crc32fast::hash(&bytes[..8]);
    if computed != prelude_crc {
        return Err(broken(format!("the prelude's CRC32 is {prelude_crc:#010x}, its bytes give {computed:#010x}")));
    }
    if !(MIN_MESSAGE..=MAX_MESSAGE).contains(&total) || headers_len > total - MIN_MESSAGE {
        return Err(broken(format!("a message of {total} bytes cannot hold {headers_len} bytes of headers")));
    }
    if bytes.len() < total {
        return Ok(None);
    }
    let message_crc = u32::from_be_bytes([bytes[total - 4], bytes[total - 3], bytes[total - 2], bytes[total - 1]]);
    let computed = crc32fast::hash(&bytes[..total - 4]);
    if computed != message_crc {
        return Err(broken(format!("the message's CRC32 is {message_crc:#010x}, its bytes give {computed:#010x}")));
    }
    Ok(Some(total))
}

/// The message `frame` holds (exactly one, checked by `message_len`): its headers' names
/// and values and its payload are slices of `frame`, not copies.
fn parse_message(frame: Bytes) -> Result<Message, DecodeError> {
    let headers_len = u32::from_be_bytes([frame[4], frame[5], frame[6], frame[7]]) as usize;
    let headers = decode_headers(&frame, PRELUDE, PRELUDE + headers_len)?;
    let payload = frame.slice(PRELUDE + headers_len..frame.len() - 4);
    Ok(Message::new_from_parts(headers, payload))
}

/// The first message in `bytes`, and the bytes it took; `None` when `bytes` holds only the
/// beginning of one.
pub(crate) fn decode_message(bytes: &[u8]) -> Result<Option<(Message, usize)>, DecodeError> {
    match message_len(bytes)? {
        Some(total) => Ok(Some((parse_message(Bytes::copy_from_slice(&bytes[..total]))?, total))),
        None => Ok(None),
    }
}

/// The headers of a message: name, type, value, in turn.
/// They are `frame[start..end]`; names and values are slices of `frame`.
fn decode_headers(frame: &Bytes, start: usize, end: usize) -> Result<Vec<Header>, DecodeError> {
    let short = || broken("a header is cut short");
    let mut headers = Vec::with_capacity(4);
    let mut bytes = &frame[start..end];
    // Where `bytes` starts in `frame`.
    let at = |bytes: &[u8]| end - bytes.len();
    while bytes.has_remaining() {
        let name_len = usize::from(bytes.get_u8());
        if name_len == 0 || bytes.remaining() < name_len + 1 {
            return Err(if name_len == 0 { broken("a header has an empty name") } else { short() });
        }
        let name_at = at(bytes);
        let name = str_bytes(frame, name_at..name_at + name_len).ok_or_else(|| broken("a header's name is not UTF-8"))?;
        bytes.advance(name_len);
        let kind = bytes.get_u8();
        let fixed = |bytes: &[u8], n: usize| if bytes.remaining() < n { Err(short()) } else { Ok(()) };
        let value = match kind {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => {
                fixed(bytes, 1)?;
                HeaderValue::Byte(bytes.get_i8())
            }
            3 => {
                fixed(bytes, 2)?;
                HeaderValue::Int16(bytes.get_i16())
            }
            4 => {
                fixed(bytes, 4)?;
                HeaderValue::Int32(bytes.get_i32())
            }
            5 => {
                fixed(bytes, 8)?;
                HeaderValue::Int64(bytes.get_i64())
            }
            6 | 7 => {
                fixed(bytes, 2)?;
                let len = usize::from(bytes.get_u16());
                fixed(bytes, len)?;
                let value_at = at(bytes);
                bytes.advance(len);
                if kind == 6 {
                    HeaderValue::ByteArray(frame.slice(value_at..value_at + len))
                } else {
                    let value = str_bytes(frame, value_at..value_at + len);
                    HeaderValue::String(value.ok_or_else(|| broken(format!("the header {} is not UTF-8", name.as_str())))?)
                }
            }
            8 => {
                fixed(bytes, 8)?;
                HeaderValue::Timestamp(aws_smithy_types::DateTime::from_millis(bytes.get_i64()))
            }
            9 => {
                fixed(bytes, 16)?;
                HeaderValue::Uuid(bytes.get_u128())
            }
            other => return Err(broken(format!("the header {} has the unknown type {other}", name.as_str()))),
        };
        headers.push(Header::new(name, value));
    }
    Ok(headers)
}

/// The protocol's header names and the values most messages give them: kept static when a
/// header is one of them, rather than sliced from the frame and checked as UTF-8 each time.
const COMMON_STRINGS: [&str; 13] = [
    ":message-type",
    ":event-type",
    ":content-type",
    ":exception-type",
    ":error-code",
    ":error-message",
    "event",
    "exception",
    "error",
    "application/json",
    "application/cbor",
    "application/xml",
    "application/octet-stream",
];

/// `frame[range]` as a string: a static one if it is common, else a slice of `frame`;
/// `None` if it is not UTF-8.
fn str_bytes(frame: &Bytes, range: std::ops::Range<usize>) -> Option<StrBytes> {
    let bytes = &frame[range.clone()];
    if let Some(common) = COMMON_STRINGS.iter().find(|common| common.as_bytes() == bytes) {
        return Some(StrBytes::from(*common));
    }
    StrBytes::try_from(frame.slice(range)).ok()
}

/// `message` in the wire format.
pub(crate) fn encode_message(message: &Message) -> Vec<u8> {
    let mut headers = BytesMut::new();
    for header in message.headers() {
        let name = header.name().as_bytes();
        headers.put_u8(name.len() as u8);
        headers.put_slice(name);
        match header.value() {
            HeaderValue::Bool(true) => headers.put_u8(0),
            HeaderValue::Bool(false) => headers.put_u8(1),
            HeaderValue::Byte(v) => {
                headers.put_u8(2);
                headers.put_i8(*v);
            }
            HeaderValue::Int16(v) => {
                headers.put_u8(3);
                headers.put_i16(*v);
            }
            HeaderValue::Int32(v) => {
                headers.put_u8(4);
                headers.put_i32(*v);
            }
            HeaderValue::Int64(v) => {
                headers.put_u8(5);
                headers.put_i64(*v);
            }
            HeaderValue::ByteArray(v) => {
                headers.put_u8(6);
                headers.put_u16(v.len() as u16);
                headers.put_slice(v);
            }
            HeaderValue::String(v) => {
                headers.put_u8(7);
                headers.put_u16(v.as_bytes().len() as u16);
                headers.put_slice(v.as_bytes());
            }
            HeaderValue::Timestamp(v) => {
                headers.put_u8(8);
                headers.put_i64(v.to_millis().unwrap_or_default());
            }
            HeaderValue::Uuid(v) => {
                headers.put_u8(9);
                headers.put_u128(*v);
            }
            // `HeaderValue` is non-exhaustive; every type the format has is above.
            _ => headers.put_u8(1),
        }
    }
    let total = PRELUDE + headers.len() + message.payload().len() + 4;
    let mut out = Vec::with_capacity(total);
    out.put_u32(total as u32);
    out.put_u32(headers.len() as u32);
    out.put_u32(crc32fast::hash(&out[..8]));
    out.put_slice(&headers);
    out.put_slice(message.payload());
    out.put_u32(crc32fast::hash(&out));
    out
}

/// A string header of `message`.
fn header<'m>(message: &'m Message, name: &str) -> Option<&'m str> {
    message.headers().iter().find(|h| h.name().as_str() == name).and_then(|h| h.value().as_string().ok()).map(StrBytes::as_str)
}

/// The messages of a response body, read as they arrive.
struct Frames {
    body: SdkBody,
    buffer: BytesMut,
    ended: bool,
}

/// Why the next message could not be had.
enum ReadFailure {
    /// The bytes are not a message (bad CRC, bad lengths, cut short).
    Malformed(DecodeError, Option<Bytes>),
    /// The connection failed.
    Transport(aws_smithy_runtime_api::box_error::BoxError),
}

impl Frames {
    fn new(body: SdkBody) -> Self {
        Self { body, buffer: BytesMut::new(), ended: false }
    }

    /// Reads until the buffer begins with a whole message and returns its length, or
    /// `None` at the end of the body (between messages).
    async fn fill(&mut self) -> Result<Option<usize>, ReadFailure> {
        use http_body::Body;
        loop {
            match message_len(&self.buffer) {
                Ok(Some(len)) => return Ok(Some(len)),
                Ok(None) => {}
                Err(e) => return Err(ReadFailure::Malformed(e, Some(self.buffer.split().freeze()))),
            }
            if self.ended {
                if self.buffer.is_empty() {
                    return Ok(None);
                }
                let e = broken(format!("the body ends {} bytes into a message", self.buffer.len()));
                return Err(ReadFailure::Malformed(e, Some(self.buffer.split().freeze())));
            }
            let mut body = std::pin::Pin::new(&mut self.body);
            match std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.buffer.extend_from_slice(&data);
                    }
                }
                Some(Err(e)) => return Err(ReadFailure::Transport(e)),
                None => self.ended = true,
            }
        }
    }

    /// The next message, or `None` at the end of the body (between messages).
    async fn next(&mut self) -> Result<Option<Message>, ReadFailure> {
        let Some(len) = self.fill().await? else { return Ok(None) };
        let frame = self.buffer.split_to(len).freeze();
        parse_message(frame.clone()).map(Some).map_err(|e| ReadFailure::Malformed(e, Some(frame)))
    }
}

/// The receiving end of an event stream: `recv()` gives its events in order, then `None`.
pub struct EventReceiver<T, E> {
    frames: Frames,
    decode: Option<Decode<T, E>>,
    _types: PhantomData<fn() -> (T, E)>,
}

type Decode<T, E> = fn(Message) -> Result<T, SdkError<E, RawMessage>>;

impl<T, E> EventReceiver<T, E> {
    pub(crate) fn new(body: SdkBody, decode: Decode<T, E>) -> Self {
        Self { frames: Frames::new(body), decode: Some(decode), _types: PhantomData }
    }

    /// The next event, or `None` once the stream has ended. A modeled error the service
    /// sends in the stream is a service error of its type; an unreadable message is a
    /// response error holding what was read of it.
    pub async fn recv(&mut self) -> Result<Option<T>, SdkError<E, RawMessage>> {
        let Some(decode) = self.decode else { return Ok(None) };
        match self.frames.next().await {
            Ok(Some(message)) => decode(message).map(Some),
            Ok(None) => Ok(None),
            Err(failure) => {
                // A stream that failed is over: the bytes after a bad message cannot be trusted.
                self.decode = None;
                Err(match failure {
                    ReadFailure::Malformed(e, bytes) => SdkError::response_error(e, RawMessage::Invalid(bytes)),
                    ReadFailure::Transport(e) => SdkError::response_error(e, RawMessage::Invalid(None)),
                })
            }
        }
    }
}

impl<T, E> Default for EventReceiver<T, E> {
    /// A stream without events.
    fn default() -> Self {
        Self { frames: Frames::new(SdkBody::empty()), decode: None, _types: PhantomData }
    }
}

impl<T, E> std::fmt::Debug for EventReceiver<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventReceiver").finish_non_exhaustive()
    }
}

/// Outputs hold their receiver: serializers see nothing of it.
impl<T, E> super::codec::Value for EventReceiver<T, E> {
    fn write<W: super::codec::Writer>(&self, _: &'static super::schema::Member, _: &mut W) -> super::codec::WriteResult {
        Ok(())
    }
}

/// An event stream's union, as generated: each event is a member.
pub(crate) trait EventUnion: Sized {
    /// The stream's error enum.
    type Error: OperationError;
    /// The event `kind` (`:event-type`) names, read from `message`; `Unknown` for a kind
    /// the crate does not know.
    fn event(kind: &str, message: &RawResponse) -> Result<Self, DecodeError>;
}

/// The event of type `T` in `message`, as the union's `variant`.
pub(crate) fn event<T: StructValue + Default, U>(message: &RawResponse, variant: fn(T) -> U) -> Result<U, DecodeError> {
    let (event, _) = crate::config::PROTOCOL.decode_output::<T>("", message)?;
    Ok(variant(event))
}

/// One message of a stream of `U`'s events: the event, the modeled error it carries (a
/// service error), or the unmodeled error (`:message-type: error`, an unhandled one).
pub(crate) fn decode<U: EventUnion>(message: Message) -> Result<U, SdkError<U::Error, RawMessage>> {
    let as_response = RawResponse::of_message(&message);
    let result = match header(&message, ":message-type") {
        Some("event") => match header(&message, ":event-type") {
            Some(kind) => U::event(kind, &as_response).map_err(Some),
            None => Err(Some(broken("an event has no :event-type header"))),
        },
        Some("exception") => {
            let kind = header(&message, ":exception-type").unwrap_or_default();
            // The payload's code and message, as aws-sdk-* reads them (a payload without a
            // code leaves the error's code unset: the variant says what it is).
            let envelope = crate::config::SERVICE.protocol.error_envelope(&as_response).unwrap_or_default();
            let meta = envelope.metadata(&as_response);
            match U::Error::from_code(kind, &as_response, meta) {
                Ok(error) => return Err(SdkError::service_error(error, RawMessage::Decoded(message))),
                Err(e) => Err(Some(e)),
            }
        }
        Some("error") => {
            let mut meta = aws_smithy_types::error::ErrorMetadata::builder();
            if let Some(code) = header(&message, ":error-code") {
                meta = meta.code(code);
            }
            if let Some(text) = header(&message, ":error-message") {
                meta = meta.message(text);
            }
            let meta = meta.build();
            let error = <U::Error as aws_smithy_runtime_api::client::result::CreateUnhandledError>::create_unhandled_error(
                Box::new(meta.clone()),
                Some(meta),
            );
            return Err(SdkError::service_error(error, RawMessage::Decoded(message)));
        }
        Some(other) => Err(Some(broken(format!("unknown :message-type {other:?}")))),
        None => Err(Some(broken("a message has no :message-type header"))),
    };
    result.map_err(|e| SdkError::response_error(e.unwrap_or_else(|| broken("unreadable")), RawMessage::Decoded(message)))
}

/// For RPC protocols, whose outputs' other members come in the stream's first message
/// (`initial-response`): reads that message and makes its payload the response's body, for
/// the output to be decoded from. A first message of another kind is left for the receiver.
pub(crate) fn initial_response(
    response: &mut RawResponse,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), DecodeError>> + Send + '_>> {
    Box::pin(read_initial_response(response))
}

async fn read_initial_response(response: &mut RawResponse) -> Result<(), DecodeError> {
    let Some(body) = response.stream.take() else { return Ok(()) };
    let mut frames = Frames::new(body);
    let first = match frames.fill().await {
        Ok(len) => len,
        Err(ReadFailure::Malformed(e, _)) => return Err(e),
        Err(ReadFailure::Transport(e)) => return Err(DecodeError::new(format!("the event stream failed before its first message: {e}"))),
    };
    if let Some(len) = first {
        // Looked at in a copy: a first message of another kind stays in the buffer.
        let message = parse_message(Bytes::copy_from_slice(&frames.buffer[..len]))?;
        let initial = header(&message, ":message-type") == Some("event") && header(&message, ":event-type") == Some("initial-response");
        if initial {
            frames.buffer.advance(len);
            response.body = message.payload().clone();
        }
    }
    response.stream = Some(prefixed(frames.buffer.freeze(), frames.body));
    Ok(())
}

/// `rest` with `prefix` (bytes already read from it) put back in front.
fn prefixed(prefix: Bytes, rest: SdkBody) -> SdkBody {
    if prefix.is_empty() {
        return rest;
    }
    SdkBody::from_body_1_x(Prefixed { prefix: Some(prefix), rest })
}

struct Prefixed {
    prefix: Option<Bytes>,
    rest: SdkBody,
}

impl http_body::Body for Prefixed {
    type Data = Bytes;
    type Error = aws_smithy_runtime_api::box_error::BoxError;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if let Some(prefix) = self.prefix.take() {
            return std::task::Poll::Ready(Some(Ok(http_body::Frame::data(prefix))));
        }
        std::pin::Pin::new(&mut self.rest).poll_frame(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::{decode_message, encode_message};
    use aws_smithy_types::event_stream::{Header, HeaderValue, Message};

    fn sample() -> Message {
        Message::new_from_parts(
            vec![
                Header::new(":message-type", HeaderValue::String("event".into())),
                Header::new("yes", HeaderValue::Bool(true)),
                Header::new("no", HeaderValue::Bool(false)),
                Header::new("byte", HeaderValue::Byte(-3)),
                Header::new("short", HeaderValue::Int16(-300)),
                Header::new("int", HeaderValue::Int32(70_000)),
                Header::new("long", HeaderValue::Int64(-9_000_000_000)),
                Header::new("bytes", HeaderValue::ByteArray(vec![0u8, 255].into())),
                Header::new("time", HeaderValue::Timestamp(aws_smithy_types::DateTime::from_millis(1_700_000_000_123))),
                Header::new("uuid", HeaderValue::Uuid(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef)),
            ],
            &b"{\"a\":1}"[..],
        )
    }

    #[test]
    fn messages_round_trip_with_every_header_type() {
        let bytes = encode_message(&sample());
        let (message, used) = decode_message(&bytes).expect("valid").expect("whole");
        assert_eq!(used, bytes.len());
        assert_eq!(message, sample());
        for cut in [0, 5, 12, bytes.len() - 1] {
            assert!(decode_message(&bytes[..cut]).expect("a valid beginning").is_none(), "{cut} bytes are not a message yet");
        }
    }

    #[test]
    fn corrupted_messages_are_errors() {
        let bytes = encode_message(&sample());
        for at in [2, 9, 20, bytes.len() - 8, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[at] ^= 0x40;
            let error = decode_message(&bad).expect_err("a corrupted byte").to_string();
            assert!(error.contains("CRC32") || error.contains("cannot hold"), "byte {at}: {error}");
        }
    }
}
