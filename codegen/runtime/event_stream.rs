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
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message, RawMessage};
use aws_smithy_types::str_bytes::StrBytes;
use bytes::{BufMut, Bytes, BytesMut};
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
pub(crate) fn parse_message(frame: Bytes) -> Result<Message, DecodeError> {
    let (headers, payload) = sections(&frame);
    let headers = raw_headers(headers)
        .map(|h| {
            let h = h?;
            let name = str_bytes(frame.slice_ref(h.name)).ok_or_else(|| broken("a header's name is not UTF-8"))?;
            Ok(Header::new(name, h.value(&frame)?))
        })
        .collect::<Result<Vec<_>, DecodeError>>()?;
    Ok(Message::new_from_parts(headers, frame.slice_ref(payload)))
}

/// The headers and the payload of the message `frame` holds.
fn sections(frame: &[u8]) -> (&[u8], &[u8]) {
    let headers_len = u32::from_be_bytes([frame[4], frame[5], frame[6], frame[7]]) as usize;
    (&frame[PRELUDE..PRELUDE + headers_len], &frame[PRELUDE + headers_len..frame.len() - 4])
}

/// A header as it is on the wire: its name, its type, and its value's bytes (a string's
/// or byte array's without their length).
struct RawHeader<'a> {
    name: &'a [u8],
    kind: u8,
    value: &'a [u8],
}

/// The headers in `bytes` (a message's headers section), in turn; after an error, none.
fn raw_headers(mut bytes: &[u8]) -> impl Iterator<Item = Result<RawHeader<'_>, DecodeError>> {
    std::iter::from_fn(move || {
        if bytes.is_empty() {
            return None;
        }
        let header = next_header(&mut bytes);
        if header.is_err() {
            bytes = &[];
        }
        Some(header)
    })
}

/// The header `bytes` starts with; `bytes` moves past it.
fn next_header<'a>(bytes: &mut &'a [u8]) -> Result<RawHeader<'a>, DecodeError> {
    let short = || broken("a header is cut short");
    let name_len = usize::from(bytes[0]);
    if name_len == 0 {
        return Err(broken("a header has an empty name"));
    }
    if bytes.len() < name_len + 2 {
        return Err(short());
    }
    let (name, kind, rest) = (&bytes[1..=name_len], bytes[name_len + 1], &bytes[name_len + 2..]);
    let (start, len) = match kind {
        0 | 1 => (0, 0),
        2 => (0, 1),
        3 => (0, 2),
        4 => (0, 4),
        5 | 8 => (0, 8),
        9 => (0, 16),
        6 | 7 => match rest {
            [high, low, ..] => (2, usize::from(u16::from_be_bytes([*high, *low]))),
            _ => return Err(short()),
        },
        other => return Err(broken(format!("the header {} has the unknown type {other}", String::from_utf8_lossy(name)))),
    };
    let value = rest.get(start..start + len).ok_or_else(short)?;
    *bytes = &rest[start + len..];
    Ok(RawHeader { name, kind, value })
}

impl<'a> RawHeader<'a> {
    /// The value, strings and byte arrays as slices of `frame` (which holds the header).
    fn value(&self, frame: &Bytes) -> Result<HeaderValue, DecodeError> {
        let v = self.value;
        Ok(match self.kind {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Byte(i8::from_be_bytes([v[0]])),
            3 => HeaderValue::Int16(i16::from_be_bytes([v[0], v[1]])),
            4 => HeaderValue::Int32(i32::from_be_bytes([v[0], v[1], v[2], v[3]])),
            5 => HeaderValue::Int64(i64::from_be_bytes(eight(v))),
            6 => HeaderValue::ByteArray(frame.slice_ref(v)),
            7 => HeaderValue::String(
                str_bytes(frame.slice_ref(v))
                    .ok_or_else(|| broken(format!("the header {} is not UTF-8", String::from_utf8_lossy(self.name))))?,
            ),
            8 => HeaderValue::Timestamp(aws_smithy_types::DateTime::from_millis(i64::from_be_bytes(eight(v)))),
            // 9, a UUID: `next_header` lets no other type through.
            _ => {
                let mut uuid = [0u8; 16];
                uuid.copy_from_slice(v);
                HeaderValue::Uuid(u128::from_be_bytes(uuid))
            }
        })
    }

    /// A string header's value; `None` for other types and for bytes that are not UTF-8.
    fn text(&self) -> Option<&'a str> {
        (self.kind == 7).then(|| std::str::from_utf8(self.value).ok()).flatten()
    }
}

/// The first eight bytes of `v` (a value `next_header` has checked is that long).
fn eight(v: &[u8]) -> [u8; 8] {
    [v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]]
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

/// `bytes` as a string: a static one if it is common, else `bytes` itself; `None` if it is
/// not UTF-8.
fn str_bytes(bytes: Bytes) -> Option<StrBytes> {
    if let Some(common) = COMMON_STRINGS.iter().find(|common| common.as_bytes() == bytes) {
        return Some(StrBytes::from(*common));
    }
    StrBytes::try_from(bytes).ok()
}

/// `headers` in the wire format, appended to `out`.
pub(crate) fn encode_headers(list: &[Header], headers: &mut Vec<u8>) {
    for header in list {
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
}

/// `message` in the wire format.
pub(crate) fn encode_message(message: &Message) -> Vec<u8> {
    let mut headers = Vec::new();
    encode_headers(message.headers(), &mut headers);
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

/// What the receiver needs of a message, read without building it: the protocol's own
/// headers, and the message as a response (its other headers and its payload as the body)
/// for the protocol to read an event or a modeled error from.
struct MessageView<'a> {
    message_type: Option<&'a str>,
    event_type: Option<&'a str>,
    exception_type: Option<&'a str>,
    error_code: Option<&'a str>,
    error_message: Option<&'a str>,
    response: RawResponse,
}

impl<'a> MessageView<'a> {
    /// The view of the message `frame` holds (exactly one, checked by `message_len`).
    fn of(frame: &'a Bytes) -> Result<Self, DecodeError> {
        let (headers, payload) = sections(frame);
        let mut view = MessageView {
            message_type: None,
            event_type: None,
            exception_type: None,
            error_code: None,
            error_message: None,
            response: RawResponse::of_message(frame.slice_ref(payload)),
        };
        for header in raw_headers(headers) {
            let header = header?;
            // Names compared as bytes: only those kept need to be checked as text.
            let slot = match header.name {
                b":message-type" => &mut view.message_type,
                b":event-type" => &mut view.event_type,
                b":exception-type" => &mut view.exception_type,
                b":error-code" => &mut view.error_code,
                b":error-message" => &mut view.error_message,
                // No member is bound to the protocol's other headers.
                [b':', ..] => continue,
                name => {
                    let name = std::str::from_utf8(name).map_err(|_| broken("a header's name is not UTF-8"))?;
                    view.response.add_event_header(name, &header.value(frame)?);
                    continue;
                }
            };
            *slot = header.text();
        }
        Ok(view)
    }
}

/// The messages of a response body, read as they arrive. A message wholly inside a chunk
/// the HTTP client handed over is a slice of that chunk; only one cut across chunks is
/// gathered, copying no more than its own bytes.
struct Frames {
    body: SdkBody,
    /// What is left of the last chunk read.
    chunk: Bytes,
    /// The beginning of a message the chunks cut, gathered.
    partial: BytesMut,
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
        Self { body, chunk: Bytes::new(), partial: BytesMut::new(), ended: false }
    }

    /// The next message's frame, or `None` at the end of the body (between messages).
    async fn next(&mut self) -> Result<Option<Bytes>, ReadFailure> {
        use http_body::Body;
        loop {
            if self.partial.is_empty() {
                match message_len(&self.chunk) {
                    Ok(Some(len)) => return Ok(Some(self.chunk.split_to(len))),
                    Ok(None) => {
                        self.partial.extend_from_slice(&self.chunk);
                        self.chunk.clear();
                    }
                    Err(e) => return Err(ReadFailure::Malformed(e, Some(std::mem::take(&mut self.chunk)))),
                }
            } else {
                match message_len(&self.partial) {
                    Ok(Some(_)) => return Ok(Some(self.partial.split().freeze())),
                    Ok(None) => {
                        // The prelude, then the rest of the length it gives (checked).
                        let wanted = match self.partial.len() {
                            n if n < PRELUDE => PRELUDE - n,
                            n => u32::from_be_bytes([self.partial[0], self.partial[1], self.partial[2], self.partial[3]]) as usize - n,
                        };
                        let taken = self.chunk.split_to(wanted.min(self.chunk.len()));
                        self.partial.extend_from_slice(&taken);
                        if !taken.is_empty() {
                            continue;
                        }
                    }
                    Err(e) => return Err(ReadFailure::Malformed(e, Some(self.partial.split().freeze()))),
                }
            }
            // Everything read so far is used: read on.
            if self.ended {
                if self.partial.is_empty() {
                    return Ok(None);
                }
                let e = broken(format!("the body ends {} bytes into a message", self.partial.len()));
                return Err(ReadFailure::Malformed(e, Some(self.partial.split().freeze())));
            }
            let mut body = std::pin::Pin::new(&mut self.body);
            match std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.chunk = data;
                    }
                }
                Some(Err(e)) => return Err(ReadFailure::Transport(e)),
                None => self.ended = true,
            }
        }
    }

    /// The body from `first` on: `first` (a message read from it, put back), then what
    /// was read past it (a message begun, then the chunk after it), then the rest.
    fn into_body(self, first: Bytes) -> SdkBody {
        if first.is_empty() && self.partial.is_empty() {
            return prefixed(self.chunk, self.body);
        }
        let mut read = BytesMut::with_capacity(first.len() + self.partial.len() + self.chunk.len());
        read.extend_from_slice(&first);
        read.extend_from_slice(&self.partial);
        read.extend_from_slice(&self.chunk);
        prefixed(read.freeze(), self.body)
    }
}

/// The receiving end of an event stream: `recv()` gives its events in order, then `None`.
pub struct EventReceiver<T, E> {
    frames: Frames,
    decode: Option<Decode<T, E>>,
    _types: PhantomData<fn() -> (T, E)>,
}

/// Reads one message (its whole frame) as an event or an error.
type Decode<T, E> = fn(Bytes) -> Result<T, SdkError<E, RawMessage>>;

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
            Ok(Some(frame)) => decode(frame).map(Some),
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

/// The event of type `T` in `message`, as the union's `variant`: its `@eventHeader` members
/// from the message's headers, its `@eventPayload` member or its other members from the
/// payload, in the protocol's document format (`crate::config::EventFormat`), whatever
/// the protocol.
pub(crate) fn event<T: StructValue + Default, U>(message: &RawResponse, variant: fn(T) -> U) -> Result<U, DecodeError> {
    let mut event = T::default();
    super::rest::decode_bound::<T, crate::config::EventFormat>(&mut event, message, false)?;
    Ok(variant(event))
}

/// The modeled error of type `T` in an exception `message`, as the stream error's `variant`:
/// read as events are, with the code and message the metadata gives it.
pub(crate) fn fault<T: super::operation::Fault, E>(
    message: &RawResponse,
    meta: aws_smithy_types::error::ErrorMetadata,
    variant: fn(T) -> E,
) -> Result<E, DecodeError> {
    let mut fault = T::default();
    super::rest::decode_bound::<T, crate::config::EventFormat>(&mut fault, message, true)?;
    fault.set_meta(meta);
    Ok(variant(fault))
}

/// One message of a stream of `U`'s events: the event, the modeled error it carries (a
/// service error), or the unmodeled error (`:message-type: error`, an unhandled one).
pub(crate) fn decode<U: EventUnion>(frame: Bytes) -> Result<U, SdkError<U::Error, RawMessage>> {
    let view = match MessageView::of(&frame) {
        Ok(view) => view,
        Err(e) => return Err(SdkError::response_error(e, RawMessage::Invalid(Some(frame)))),
    };
    let response = &view.response;
    let result = match view.message_type {
        Some("event") => match view.event_type {
            Some(kind) => U::event(kind, response).map_err(Some),
            None => Err(Some(broken("an event has no :event-type header"))),
        },
        Some("exception") => {
            let kind = view.exception_type.unwrap_or_default();
            // The payload's code and message, as aws-sdk-* reads them (a payload without a
            // code leaves the error's code unset: the variant says what it is).
            let envelope = crate::config::SERVICE.protocol.error_envelope(response).unwrap_or_default();
            let meta = envelope.metadata(response);
            match U::Error::from_code(kind, response, meta) {
                Ok(error) => return Err(SdkError::service_error(error, raw_message(frame))),
                Err(e) => Err(Some(e)),
            }
        }
        Some("error") => {
            let mut meta = aws_smithy_types::error::ErrorMetadata::builder();
            if let Some(code) = view.error_code {
                meta = meta.code(code);
            }
            if let Some(text) = view.error_message {
                meta = meta.message(text);
            }
            let meta = meta.build();
            let error = <U::Error as aws_smithy_runtime_api::client::result::CreateUnhandledError>::create_unhandled_error(
                Box::new(meta.clone()),
                Some(meta),
            );
            return Err(SdkError::service_error(error, raw_message(frame)));
        }
        Some(other) => Err(Some(broken(format!("unknown :message-type {other:?}")))),
        None => Err(Some(broken("a message has no :message-type header"))),
    };
    result.map_err(|e| SdkError::response_error(e.unwrap_or_else(|| broken("unreadable")), raw_message(frame.clone())))
}

/// The message `frame` holds, as errors carry it.
fn raw_message(frame: Bytes) -> RawMessage {
    match parse_message(frame.clone()) {
        Ok(message) => RawMessage::Decoded(message),
        Err(_) => RawMessage::Invalid(Some(frame)),
    }
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
    let mut frames = Frames::new(*body);
    let first = match frames.next().await {
        Ok(first) => first,
        Err(ReadFailure::Malformed(e, _)) => return Err(e),
        Err(ReadFailure::Transport(e)) => return Err(DecodeError::new(format!("the event stream failed before its first message: {e}"))),
    };
    let mut put_back = Bytes::new();
    if let Some(first) = first {
        let view = MessageView::of(&first)?;
        if view.message_type == Some("event") && view.event_type == Some("initial-response") {
            response.body = view.response.body;
        } else {
            // A first message of another kind is left for the receiver.
            drop(view);
            put_back = first;
        }
    }
    response.stream = Some(Box::new(frames.into_body(put_back)));
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
    use super::{encode_message, DecodeError, MessageView};
    use aws_smithy_types::event_stream::{Header, HeaderValue, Message};

    /// The first message in `bytes`, and the bytes it took; `None` when `bytes` holds only the
    /// beginning of one.
    fn decode_message(bytes: &[u8]) -> Result<Option<(Message, usize)>, DecodeError> {
        match super::message_len(bytes)? {
            Some(total) => Ok(Some((super::parse_message(bytes::Bytes::copy_from_slice(&bytes[..total]))?, total))),
            None => Ok(None),
        }
    }

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
    fn views_read_the_protocol_headers_and_keep_the_others_for_members() {
        let frame = bytes::Bytes::from(encode_message(&sample()));
        let view = MessageView::of(&frame).expect("a valid message");
        assert_eq!(view.message_type, Some("event"));
        assert_eq!(view.event_type, None);
        let headers: Vec<(&str, &str)> = view.response.headers().collect();
        assert_eq!(
            headers,
            [
                ("yes", "true"),
                ("no", "false"),
                ("byte", "-3"),
                ("short", "-300"),
                ("int", "70000"),
                ("long", "-9000000000"),
                ("bytes", "AP8="),
                ("time", "Tue, 14 Nov 2023 22:13:20 GMT"),
                ("uuid", "0123456789abcdef0123456789abcdef"),
            ]
        );
        assert_eq!(&view.response.body[..], b"{\"a\":1}");
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

    use crate::test_support::{ready, Chunked};

    /// Every message read from `data` given in chunks of `chunk` bytes, then how it ended.
    fn read_chunked(data: &[u8], chunk: usize) -> (Vec<bytes::Bytes>, Result<(), String>) {
        let body = aws_smithy_types::body::SdkBody::from_body_1_x(Chunked { data: data.to_vec().into(), chunk });
        let mut frames = super::Frames::new(body);
        let mut messages = Vec::new();
        loop {
            match ready(frames.next()) {
                Ok(Some(frame)) => messages.push(frame),
                Ok(None) => return (messages, Ok(())),
                Err(super::ReadFailure::Malformed(e, _)) => return (messages, Err(e.to_string())),
                Err(super::ReadFailure::Transport(e)) => return (messages, Err(e.to_string())),
            }
        }
    }

    #[test]
    fn messages_are_read_whole_however_the_body_is_cut() {
        let mut message = sample();
        let mut encoded = Vec::new();
        for payload_len in [0, 1, 30, 300] {
            message = message.add_header(Header::new("n", HeaderValue::Int32(payload_len as i32)));
            encoded.push(encode_message(&Message::new_from_parts(message.headers().to_vec(), vec![7u8; payload_len])));
        }
        let all = encoded.concat();
        for chunk in (1..=all.len()).filter(|&c| c < 64 || c % 17 == 0 || c == all.len()) {
            let (messages, end) = read_chunked(&all, chunk);
            assert_eq!(end, Ok(()), "chunks of {chunk}");
            assert_eq!(
                messages.iter().map(|m| &m[..]).collect::<Vec<_>>(),
                encoded.iter().map(Vec::as_slice).collect::<Vec<_>>(),
                "{chunk}"
            );
            // Cut short: the messages before the cut, then an error naming it.
            let (messages, end) = read_chunked(&all[..all.len() - 3], chunk);
            assert_eq!(messages.len(), 3, "chunks of {chunk}");
            assert!(end.expect_err("cut short").contains("bytes into a message"), "chunks of {chunk}");
            // A corrupted byte in the third message: the two before it, then its error.
            let mut bad = all.clone();
            bad[encoded[0].len() + encoded[1].len() + 20] ^= 1;
            let (messages, end) = read_chunked(&bad, chunk);
            assert_eq!(messages.len(), 2, "chunks of {chunk}");
            assert!(end.expect_err("corrupted").contains("CRC32"), "chunks of {chunk}");
        }
    }

    #[test]
    fn a_first_message_put_back_is_read_again_with_the_rest() {
        use http_body::Body as _;
        let first_message = encode_message(&sample());
        let all = [first_message.clone(), encode_message(&sample().add_header(Header::new("second", HeaderValue::Bool(true))))].concat();
        for chunk in [1, 5, 12, 20, all.len() / 2, all.len()] {
            // Put back, or kept (an `initial-response`): the body goes on from there.
            for put_back in [true, false] {
                let body = aws_smithy_types::body::SdkBody::from_body_1_x(Chunked { data: all.clone().into(), chunk });
                let mut frames = super::Frames::new(body);
                let first = ready(frames.next()).ok().flatten().expect("a first message");
                let mut rest = frames.into_body(if put_back { first } else { bytes::Bytes::new() });
                let mut again = Vec::new();
                while let Some(frame) = ready(std::future::poll_fn(|cx| std::pin::Pin::new(&mut rest).poll_frame(cx))) {
                    again.extend_from_slice(&frame.expect("reads").into_data().unwrap_or_default());
                }
                let expected = if put_back { &all[..] } else { &all[first_message.len()..] };
                assert_eq!(&again[..], expected, "chunks of {chunk}, put back: {put_back}");
            }
        }
    }
}
