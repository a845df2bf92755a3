//! rpcv2Cbor (Smithy RPC v2 CBOR): `POST /service/{Service}/operation/{Operation}` with CBOR
//! bodies. A CBOR writer and a typed pull decoder, both driven by the schema tables, over
//! minicbor's encoder and decoder for the low level.
//!
//! Structures are written as indefinite-length maps (their members are known only as they
//! are written), lists and maps with their lengths, timestamps as tag 1 with epoch seconds
//! as a double, `float` members as single precision. The decoder reads what any CBOR writer
//! may send: definite or indefinite lengths, integers and floats of every width (half
//! precision included), chunked strings and byte strings.

use super::client::RawResponse;
use super::codec::{
    invalid, list_schema, map_schema, merge_entry, Decode, DecodeError, Decoder, MapKey, Seen, StructValue, Value, WriteError, WriteResult,
    Writer,
};
use super::config::IdempotencyTokenProvider;
use super::operation::Route;
use super::protocol::{unset_member, BodyFormat, Codec, ErrorEnvelope, EventRequest, Protocol, Serialized};
use super::schema::{ListSchema, Location, MapSchema, Member, ROOT};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::{Blob, DateTime, Document};
use minicbor::data::{Tag, Type};
use std::borrow::Cow;
use std::collections::HashMap;

/// rpcv2Cbor.
pub(crate) struct RpcV2Cbor {
    /// The service shape's name, the `{Service}` of every request's path.
    pub service: &'static str,
    /// `@awsQueryCompatible`: requests say `x-amzn-query-mode`, and error codes come from
    /// `x-amzn-query-error` as the service's query API reported them.
    pub query_compatible: bool,
}

const CONTENT_TYPE: &str = "application/cbor";

impl Codec for RpcV2Cbor {
    #[cfg_attr(debug_assertions, inline)]
    fn serialize<S: StructValue>(
        &self,
        operation: &'static str,
        _: Option<&'static Route>,
        unit_input: bool,
        input: &S,
        tokens: Option<&IdempotencyTokenProvider>,
    ) -> Result<Serialized, BuildError> {
        // An operation without input sends no body at all, and so no content type.
        let (body, headers) = if unit_input {
            (Vec::new(), Vec::new())
        } else {
            (write_cbor(tokens, &ROOT, input)?, vec![("content-type".into(), CONTENT_TYPE.to_owned())])
        };
        let mut serialized = Serialized::post(body);
        serialized.uri = format!("/service/{}/operation/{operation}", self.service);
        serialized.headers = headers;
        Ok(serialized)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn decode_output<O: StructValue + Default>(&self, _: &str, response: &RawResponse) -> Result<(O, Option<String>), DecodeError> {
        Ok((decode_body(&response.body)?, None))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn decode_error<E: StructValue + Default>(&self, response: &RawResponse) -> Result<Option<E>, DecodeError> {
        decode_body(&response.body).map(Some)
    }
}

impl Protocol for RpcV2Cbor {
    #[cfg_attr(debug_assertions, inline)]
    fn request_headers(&self, _: &'static str) -> Vec<(&'static str, String)> {
        let mut headers = vec![("smithy-protocol", "rpc-v2-cbor".to_owned()), ("accept", CONTENT_TYPE.to_owned())];
        if self.query_compatible {
            headers.push(("x-amzn-query-mode", "true".to_owned()));
        }
        headers
    }

    #[cfg_attr(debug_assertions, inline)]
    fn error_envelope(&self, response: &RawResponse) -> Result<ErrorEnvelope, DecodeError> {
        let mut envelope = ErrorEnvelope::default();
        let mut type_name = None;
        if !response.body.is_empty() {
            let mut d = CborDecoder::new(&response.body);
            d.map_entries(|d, key| {
                match &*key {
                    "__type" => type_name = Some(d.text()?.into_owned()),
                    "message" | "Message" | "errorMessage" if envelope.message.is_none() => {
                        if !d.null()? {
                            envelope.message = Some(d.text()?.into_owned());
                        }
                    }
                    _ => d.skip()?,
                }
                Ok(())
            })?;
            d.finish()?;
        }
        envelope.kind = type_name.as_deref().map(super::protocol::error_shape_name);
        envelope.code = envelope.kind.clone();
        if self.query_compatible {
            envelope.query_compatible(response);
        }
        Ok(envelope)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn event_request(&self) -> Option<EventRequest> {
        Some(EventRequest { message_content_type: CONTENT_TYPE, content_type: Some("application/vnd.amazon.eventstream") })
    }

    // As smithy-rs sends it: servers that know only `application/cbor` still answer.
    #[cfg_attr(debug_assertions, inline)]
    fn event_accept(&self) -> Option<&'static str> {
        Some("application/vnd.amazon.eventstream, application/cbor")
    }
}

/// `value` as a CBOR document.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn write_cbor<T: Value>(
    tokens: Option<&IdempotencyTokenProvider>,
    member: &'static Member,
    value: &T,
) -> Result<Vec<u8>, BuildError> {
    let mut w = CborWriter { out: minicbor::Encoder::new(Vec::with_capacity(1024)), tokens, failure: None };
    value.write(member, &mut w)?;
    Ok(w.out.into_writer())
}

/// CBOR as event messages carry it (events' payloads).
pub(crate) struct CborBody;

impl BodyFormat for CborBody {
    const CONTENT_TYPE: &'static str = CONTENT_TYPE;
    // A map of no entries.
    const EMPTY_DOCUMENT: &'static [u8] = &[0xa0];
    #[cfg_attr(debug_assertions, inline)]
    fn write<T: Value>(tokens: Option<&IdempotencyTokenProvider>, member: &'static Member, value: &T) -> Result<Vec<u8>, BuildError> {
        write_cbor(tokens, member, value)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn read_members<S: StructValue>(target: &mut S, body: &[u8]) -> Result<(), DecodeError> {
        let mut d = CborDecoder::new(body);
        d.structure(target)?;
        d.finish()
    }
    #[cfg_attr(debug_assertions, inline)]
    fn read_member<S: StructValue>(target: &mut S, index: usize, member: &'static Member, body: &[u8]) -> Result<(), DecodeError> {
        let mut d = CborDecoder::new(body);
        target.merge_field(index, member, &mut d)?;
        d.finish()
    }
    #[cfg_attr(debug_assertions, inline)]
    fn read_document(body: &[u8]) -> Result<Document, DecodeError> {
        let mut d = CborDecoder::new(body);
        let document = d.document(&ROOT)?;
        d.finish()?;
        Ok(document)
    }
}

/// The value a CBOR document holds; an empty body is the type's default (operations
/// without output members may answer with nothing at all).
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn decode_body<T: Decode + Default>(body: &[u8]) -> Result<T, DecodeError> {
    if body.is_empty() {
        return Ok(T::default());
    }
    let mut d = CborDecoder::new(body);
    let value = T::decode(&mut d, &ROOT)?;
    d.finish()?;
    Ok(value)
}

/// Writes into a `Vec`, which cannot fail: the encoder's `Result`s carry nothing.
type Encoder = minicbor::Encoder<Vec<u8>>;

struct CborWriter<'a> {
    out: Encoder,
    /// The configured idempotency token provider; random UUIDs when there is none.
    tokens: Option<&'a IdempotencyTokenProvider>,
    failure: Option<WriteError>,
}

/// Ignores the encoder's result, whose error type (writing into a `Vec`) has no values.
#[inline]
fn put<T>(_: Result<T, minicbor::encode::Error<std::convert::Infallible>>) {}

impl Writer for CborWriter<'_> {
    #[cfg_attr(debug_assertions, inline)]
    fn failure(&mut self) -> &mut Option<WriteError> {
        &mut self.failure
    }

    #[inline]
    fn write_member<T: Value>(&mut self, member: &'static Member, value: &T) -> WriteResult {
        if member.location != Location::Body {
            return Ok(());
        }
        if value.is_absent() {
            if let Some(token) = unset_member(member, self.tokens)? {
                put(self.out.str(member.body_name));
                put(self.out.str(&token));
            }
            return Ok(());
        }
        put(self.out.str(member.body_name));
        value.write(member, self)
    }

    // Only sparse lists and maps hold absent values: they are nulls.
    #[cfg_attr(debug_assertions, inline)]
    fn null(&mut self, _: &'static Member) -> WriteResult {
        put(self.out.null());
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, _: &'static Member, value: bool) -> WriteResult {
        put(self.out.bool(value));
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, _: &'static Member, value: i64) -> WriteResult {
        put(self.out.i64(value));
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, _: &'static Member, value: f64, _: &str) -> WriteResult {
        put(self.out.f64(value));
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn single(&mut self, _: &'static Member, value: f32) -> WriteResult {
        put(self.out.f32(value));
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn string(&mut self, _: &'static Member, value: &str) -> WriteResult {
        put(self.out.str(value));
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, member: &'static Member, value: &str) -> WriteResult {
        write_number(&mut self.out, value).ok_or_else(|| BuildError::invalid_field(member.name, format!("{value:?} is not a number")))?;
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, _: &'static Member, value: &[u8]) -> WriteResult {
        put(self.out.bytes(value));
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, _: &'static Member, value: &DateTime) -> WriteResult {
        put(self.out.tag(Tag::new(TIMESTAMP)));
        put(self.out.f64(value.as_secs_f64()));
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, member: &'static Member, _: &Document) -> WriteResult {
        Err(BuildError::invalid_field(member.name, "rpcv2Cbor cannot send documents").into())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn list<T: Value>(&mut self, member: &'static Member, items: &[T]) -> WriteResult {
        let schema = list_schema(member)?;
        put(self.out.array(items.len() as u64));
        for item in items {
            item.write(&schema.member, self)?;
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn map<K: MapKey, V: Value>(&mut self, member: &'static Member, map: &HashMap<K, V>) -> WriteResult {
        let schema = map_schema(member)?;
        put(self.out.map(map.len() as u64));
        for (key, value) in map {
            put(self.out.str(key.key()));
            value.write(&schema.value, self)?;
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, _: &'static Member, value: &S) -> WriteResult {
        put(self.out.begin_map());
        self.members(value)?;
        put(self.out.end());
        Ok(())
    }
}

/// CBOR's tags for what Smithy sends: epoch-seconds timestamps, big numbers, decimals.
const TIMESTAMP: u64 = 1;
const POSITIVE_BIGNUM: u64 = 2;
const NEGATIVE_BIGNUM: u64 = 3;
const DECIMAL_FRACTION: u64 = 4;

/// A bigInteger or bigDecimal from its decimal text: an integer when it is one that fits,
/// a bignum (tag 2 or 3) when it is larger, a decimal fraction (tag 4: exponent, mantissa)
/// when it has a fraction or an exponent. `None` when the text is not a number.
#[cfg_attr(debug_assertions, inline)]
fn write_number(out: &mut Encoder, text: &str) -> Option<()> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (significand, exponent) = match digits.split_once(['e', 'E']) {
        Some((s, e)) => (s, e.parse::<i64>().ok()?),
        None => (digits, 0),
    };
    let (whole, fraction) = significand.split_once('.').unwrap_or((significand, ""));
    let mantissa: String = [whole, fraction].concat();
    if mantissa.is_empty() || !mantissa.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let exponent = exponent.checked_sub(i64::try_from(fraction.len()).ok()?)?;
    let decimal = exponent != 0;
    if decimal {
        put(out.tag(Tag::new(DECIMAL_FRACTION)));
        put(out.array(2));
        put(out.i64(exponent));
    }
    write_integer(out, negative, &mantissa);
    Some(())
}

/// A decimal integer (digits only) as a CBOR integer, or a bignum when it does not fit.
#[cfg_attr(debug_assertions, inline)]
fn write_integer(out: &mut Encoder, negative: bool, digits: &str) {
    if let Ok(n) = digits.parse::<u64>() {
        // CBOR's integers reach from -2^64 to 2^64 - 1.
        if let Ok(int) = minicbor::data::Int::try_from(if negative { -i128::from(n) } else { i128::from(n) }) {
            put(out.int(int));
            return;
        }
    }
    // Base 10 to base 256, most significant byte first; a negative bignum holds -1 - n.
    let mut bytes: Vec<u8> = Vec::new();
    for d in digits.bytes() {
        let mut carry = u32::from(d - b'0');
        for byte in bytes.iter_mut().rev() {
            let v = u32::from(*byte) * 10 + carry;
            *byte = v as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            bytes.insert(0, carry as u8);
            carry >>= 8;
        }
    }
    if negative {
        // Subtract one.
        for byte in bytes.iter_mut().rev() {
            let (v, borrow) = byte.overflowing_sub(1);
            *byte = v;
            if !borrow {
                break;
            }
        }
    }
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    put(out.tag(Tag::new(if negative { NEGATIVE_BIGNUM } else { POSITIVE_BIGNUM })));
    put(out.bytes(&bytes[start..]));
}

/// How deeply arrays, maps and tags may nest before a document is refused (rather than
/// exhausting the stack on a hostile one).
const MAX_DEPTH: usize = 200;

/// A pull decoder over one CBOR document.
pub(crate) struct CborDecoder<'a> {
    d: minicbor::Decoder<'a>,
    depth: usize,
}

/// A decoding failure of the low level, where it happened.
#[cfg_attr(debug_assertions, inline)]
fn malformed(e: &minicbor::decode::Error) -> DecodeError {
    DecodeError::new(format!("malformed CBOR: {e}"))
}

/// The length of an array or map: a count, or items until a break (`None`).
type Length = Option<u64>;

impl<'a> CborDecoder<'a> {
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { d: minicbor::Decoder::new(bytes), depth: 0 }
    }

    /// The type of the next item.
    #[inline]
    fn peek(&self) -> Result<Type, DecodeError> {
        self.d.datatype().map_err(|e| malformed(&e))
    }

    /// The initial byte of the next item (its major type and argument), without decoding:
    /// the common items are recognized by it alone, without `datatype`'s classification.
    #[inline]
    fn initial(&self) -> Option<u8> {
        self.d.input().get(self.d.position()).copied()
    }

    /// The next item's head argument (an integer's value, a length, a float's bits) and
    /// the head's size, for the definite encodings (the argument in the initial byte or the
    /// 1, 2, 4 or 8 bytes after it).
    #[inline(always)]
    fn argument(&self) -> Option<(u64, usize)> {
        let input = self.d.input();
        let at = self.d.position();
        let low = *input.get(at)? & 0x1f;
        let be = |n: usize| -> Option<u64> { Some(input.get(at + 1..at + 1 + n)?.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b))) };
        match low {
            0..=23 => Some((u64::from(low), 1)),
            24 => Some((be(1)?, 2)),
            25 => Some((be(2)?, 3)),
            26 => Some((be(4)?, 5)),
            27 => Some((be(8)?, 9)),
            _ => None,
        }
    }

    #[inline]
    fn advance(&mut self, n: usize) {
        self.d.set_position(self.d.position() + n);
    }

    /// What the decoder was on at `at`, for an error message about the item there (built
    /// only when there is an error: items are read far more often than they are wrong).
    #[cfg_attr(debug_assertions, inline)]
    fn found_at(&mut self, at: usize) -> String {
        self.d.set_position(at);
        self.found()
    }

    /// What the decoder is on, for error messages.
    #[cfg_attr(debug_assertions, inline)]
    fn found(&self) -> String {
        match self.d.datatype() {
            Ok(t) => format!("{} at byte {}", describe(t), self.d.position()),
            Err(_) => "the end of the document".to_owned(),
        }
    }

    /// Only the document was there.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn finish(&self) -> Result<(), DecodeError> {
        let rest = self.d.input().len() - self.d.position();
        match rest {
            0 => Ok(()),
            n => Err(DecodeError::new(format!("malformed CBOR: {n} bytes after the document at byte {}", self.d.position()))),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn enter(&mut self) -> Result<(), DecodeError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(DecodeError::new(format!("the CBOR document nests deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    /// Whether an indefinite-length item ends here; the break is consumed.
    #[cfg_attr(debug_assertions, inline)]
    fn at_break(&mut self) -> Result<bool, DecodeError> {
        match self.initial() {
            Some(0xff) => {
                self.advance(1);
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err(DecodeError::new("malformed CBOR: an indefinite-length item is cut short")),
        }
    }

    /// Calls `item` `length` times, or until a break.
    #[cfg_attr(debug_assertions, inline)]
    fn items(&mut self, length: Length, mut item: impl FnMut(&mut Self) -> Result<(), DecodeError>) -> Result<(), DecodeError> {
        self.enter()?;
        match length {
            Some(n) => {
                for _ in 0..n {
                    item(self)?;
                }
            }
            None => {
                while !self.at_break()? {
                    item(self)?;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads an array, calling `item` for each item; `item` must consume it.
    #[cfg_attr(debug_assertions, inline)]
    fn array(&mut self, item: impl FnMut(&mut Self) -> Result<(), DecodeError>) -> Result<(), DecodeError> {
        if !matches!(self.peek()?, Type::Array | Type::ArrayIndef) {
            return Err(DecodeError::new(format!("expected an array, found {}", self.found())));
        }
        let length = self.d.array().map_err(|e| malformed(&e))?;
        self.items(length, item)
    }

    /// Reads a map with text keys, calling `entry` with each key; `entry` must consume the value.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn map_entries(
        &mut self,
        mut entry: impl FnMut(&mut Self, Cow<'a, str>) -> Result<(), DecodeError>,
    ) -> Result<(), DecodeError> {
        if !matches!(self.peek()?, Type::Map | Type::MapIndef) {
            return Err(DecodeError::new(format!("expected a map, found {}", self.found())));
        }
        let length = self.d.map().map_err(|e| malformed(&e))?;
        self.items(length, |d| {
            let key = d.string()?;
            entry(d, key)
        })
    }

    /// A text string, definite or in chunks.
    #[cfg_attr(debug_assertions, inline)]
    fn string(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        // A definite text string: its head, then its bytes.
        if let Some(0x60..=0x7b) = self.initial() {
            if let Some((len, size)) = self.argument() {
                let input: &'a [u8] = self.d.input();
                let start = self.d.position() + size;
                let bytes = usize::try_from(len).ok().and_then(|len| input.get(start..start.checked_add(len)?));
                if let Some(bytes) = bytes {
                    let text = std::str::from_utf8(bytes).map_err(|_| {
                        DecodeError::new(format!("malformed CBOR: a text string at byte {} is not UTF-8", self.d.position()))
                    })?;
                    self.d.set_position(start + bytes.len());
                    return Ok(Cow::Borrowed(text));
                }
            }
        }
        match self.peek()? {
            Type::String => self.d.str().map(Cow::Borrowed).map_err(|e| malformed(&e)),
            Type::StringIndef => {
                let mut text = String::new();
                for chunk in self.d.str_iter().map_err(|e| malformed(&e))? {
                    text.push_str(chunk.map_err(|e| malformed(&e))?);
                }
                Ok(Cow::Owned(text))
            }
            _ => Err(DecodeError::new(format!("expected a string, found {}", self.found()))),
        }
    }

    /// A number of any width, as a double.
    #[cfg_attr(debug_assertions, inline)]
    fn any_float(&mut self) -> Result<Option<f64>, DecodeError> {
        // Doubles and unsigned integers, the usual numbers, straight from their heads.
        match self.initial() {
            Some(0xfb) => {
                if let Some((bits, size)) = self.argument() {
                    self.advance(size);
                    return Ok(Some(f64::from_bits(bits)));
                }
            }
            Some(0x00..=0x1b) => {
                if let Some((n, size)) = self.argument() {
                    self.advance(size);
                    return Ok(Some(n as f64));
                }
            }
            _ => {}
        }
        Ok(Some(match self.peek()? {
            Type::F16 => {
                let at = self.d.position();
                let bits =
                    self.d.input().get(at + 1..at + 3).ok_or_else(|| DecodeError::new("malformed CBOR: a half float is cut short"))?;
                self.d.set_position(at + 3);
                half_to_f64(u16::from_be_bytes([bits[0], bits[1]]))
            }
            Type::F32 | Type::F64 => self.d.f64().map_err(|e| malformed(&e))?,
            Type::U8 | Type::U16 | Type::U32 | Type::U64 => self.d.u64().map_err(|e| malformed(&e))? as f64,
            Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => {
                let n = self.d.int().map_err(|e| malformed(&e))?;
                i128::from(n) as f64
            }
            _ => return Ok(None),
        }))
    }

    /// A tag, if the next item is one; it is consumed.
    #[cfg_attr(debug_assertions, inline)]
    fn tag(&mut self) -> Result<Option<u64>, DecodeError> {
        match self.initial() {
            // Major type 6 with the tag in the initial byte (timestamps are tag 1).
            Some(b @ 0xc0..=0xd7) => {
                self.advance(1);
                return Ok(Some(u64::from(b & 0x1f)));
            }
            Some(0xd8..=0xdb) => {}
            _ => return Ok(None),
        }
        self.d.tag().map(|t| Some(t.as_u64())).map_err(|e| malformed(&e))
    }

    /// A byte string, definite or in chunks.
    #[cfg_attr(debug_assertions, inline)]
    fn bytes(&mut self) -> Result<Option<Cow<'a, [u8]>>, DecodeError> {
        match self.peek()? {
            Type::Bytes => self.d.bytes().map(|b| Some(Cow::Borrowed(b))).map_err(|e| malformed(&e)),
            Type::BytesIndef => {
                let mut bytes = Vec::new();
                for chunk in self.d.bytes_iter().map_err(|e| malformed(&e))? {
                    bytes.extend_from_slice(chunk.map_err(|e| malformed(&e))?);
                }
                Ok(Some(Cow::Owned(bytes)))
            }
            _ => Ok(None),
        }
    }

    /// An integer or a bignum, as decimal text.
    #[cfg_attr(debug_assertions, inline)]
    fn integer_text(&mut self) -> Result<Option<String>, DecodeError> {
        match self.peek()? {
            Type::U8 | Type::U16 | Type::U32 | Type::U64 | Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => {
                let n = self.d.int().map_err(|e| malformed(&e))?;
                return Ok(Some(i128::from(n).to_string()));
            }
            Type::Tag => {}
            _ => return Ok(None),
        }
        let at = self.d.position();
        let negative = match self.tag()? {
            Some(POSITIVE_BIGNUM) => false,
            Some(NEGATIVE_BIGNUM) => true,
            _ => {
                self.d.set_position(at);
                return Ok(None);
            }
        };
        let bytes = self.bytes()?.ok_or_else(|| DecodeError::new(format!("expected a bignum's bytes, found {}", self.found())))?;
        Ok(Some(bignum_text(&bytes, negative)))
    }
}

/// The decimal text of a bignum's big-endian magnitude (for a negative one, -1 - magnitude).
#[cfg_attr(debug_assertions, inline)]
fn bignum_text(bytes: &[u8], negative: bool) -> String {
    // Base 256 to base 10^9, least significant limb first.
    let mut limbs: Vec<u32> = vec![0];
    for &byte in bytes {
        let mut carry = u64::from(byte);
        for limb in &mut limbs {
            let v = u64::from(*limb) * 256 + carry;
            *limb = (v % 1_000_000_000) as u32;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push((carry % 1_000_000_000) as u32);
            carry /= 1_000_000_000;
        }
    }
    if negative {
        // Add one.
        for limb in &mut limbs {
            *limb += 1;
            if *limb < 1_000_000_000 {
                break;
            }
            *limb = 0;
        }
        if limbs.last() == Some(&0) {
            limbs.push(1);
        }
    }
    let mut text = String::from(if negative { "-" } else { "" });
    let mut rest = limbs.iter().rev();
    text.push_str(&rest.next().map_or(0, |l| *l).to_string());
    for limb in rest {
        text.push_str(&format!("{limb:09}"));
    }
    text
}

/// An IEEE 754 half-precision float.
#[cfg_attr(debug_assertions, inline)]
fn half_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    match exponent {
        0 => sign * fraction * 2f64.powi(-24),
        31 if fraction == 0.0 => sign * f64::INFINITY,
        31 => f64::NAN,
        e => sign * (1.0 + fraction / 1024.0) * 2f64.powi(e - 15),
    }
}

/// A CBOR type as error messages name it.
#[cfg_attr(debug_assertions, inline)]
fn describe(t: Type) -> &'static str {
    match t {
        Type::Bool => "a boolean",
        Type::Null | Type::Undefined => "null",
        Type::U8 | Type::U16 | Type::U32 | Type::U64 | Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => "an integer",
        Type::F16 | Type::F32 | Type::F64 => "a float",
        Type::Bytes | Type::BytesIndef => "a byte string",
        Type::String | Type::StringIndef => "a text string",
        Type::Array | Type::ArrayIndef => "an array",
        Type::Map | Type::MapIndef => "a map",
        Type::Tag => "a tag",
        Type::Break => "a break",
        _ => "an unknown item",
    }
}

impl Decoder for CborDecoder<'_> {
    #[cfg_attr(debug_assertions, inline)]
    fn text(&mut self) -> Result<Cow<'_, str>, DecodeError> {
        self.string()
    }

    #[cfg_attr(debug_assertions, inline)]
    fn null(&mut self) -> Result<bool, DecodeError> {
        // Null (0xf6) and undefined (0xf7) are their initial byte alone.
        match self.initial() {
            Some(0xf6 | 0xf7) => {
                self.advance(1);
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err(DecodeError::new("malformed CBOR: the document ends where a value should be")),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, member: &'static Member) -> Result<bool, DecodeError> {
        match self.peek()? {
            Type::Bool => self.d.bool().map_err(|e| malformed(&e)),
            _ => Err(invalid(member, &self.found(), "a boolean", None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, member: &'static Member, expected: &str) -> Result<i64, DecodeError> {
        match self.peek()? {
            Type::U8 | Type::U16 | Type::U32 | Type::U64 | Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => {
                let n = self.d.int().map_err(|e| malformed(&e))?;
                i64::try_from(n).map_err(|_| invalid(member, &i128::from(n).to_string(), expected, None))
            }
            _ => Err(invalid(member, &self.found(), expected, None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, member: &'static Member) -> Result<f64, DecodeError> {
        match self.any_float()? {
            Some(f) => Ok(f),
            None => Err(invalid(member, &self.found(), "a number", None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, member: &'static Member) -> Result<String, DecodeError> {
        let start = self.d.position();
        if let Some(text) = self.integer_text()? {
            return Ok(text);
        }
        let at = self.d.position();
        if self.tag()? == Some(DECIMAL_FRACTION) {
            // [exponent, mantissa]
            let mut parts = Vec::with_capacity(2);
            self.array(|d| {
                parts.push(d.integer_text()?.ok_or_else(|| DecodeError::new(format!("expected an integer, found {}", d.found())))?);
                Ok(())
            })?;
            return match parts.as_slice() {
                [exponent, mantissa] => Ok(format!("{mantissa}e{exponent}")),
                _ => Err(DecodeError::new("malformed CBOR: a decimal fraction is not [exponent, mantissa]")),
            };
        }
        self.d.set_position(at);
        match self.any_float()? {
            Some(f) if f.is_finite() => Ok(f.to_string()),
            _ => Err(invalid(member, &self.found_at(start), "a number", None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, member: &'static Member) -> Result<DateTime, DecodeError> {
        let start = self.d.position();
        match self.tag()? {
            Some(TIMESTAMP) | None => {}
            Some(_) => return Err(invalid(member, &self.found_at(start), "a timestamp (tag 1)", None)),
        }
        match self.any_float()? {
            // Whole seconds, the usual case, as they are.
            Some(secs) if secs.abs() < 1e15 && (secs as i64) as f64 == secs => Ok(DateTime::from_secs(secs as i64)),
            // Others from the shortest decimal that is the same double, as a JSON body would
            // write it: `946845296.123` is 123 milliseconds, not the double's 122.99999 of them.
            Some(secs) if secs.is_finite() => {
                Ok(DateTime::from_str(&secs.to_string(), Format::EpochSeconds).unwrap_or_else(|_| DateTime::from_secs_f64(secs)))
            }
            _ => Err(invalid(member, &self.found_at(start), "a timestamp", None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn items_hint(&self) -> usize {
        // A definite array's count, bounded by the bytes left (each item takes one at least)
        // and by a thousand items (longer lists grow as they are read), so that a hostile
        // count cannot make the list reserve much more than the body.
        match (self.initial(), self.argument()) {
            (Some(0x80..=0x9b), Some((n, _))) => (n as usize).min(self.d.input().len() - self.d.position()).min(1024),
            _ => 0,
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, member: &'static Member) -> Result<Blob, DecodeError> {
        match self.bytes()? {
            Some(bytes) => Ok(Blob::new(bytes.into_owned())),
            None => Err(invalid(member, &self.found(), "a byte string", None)),
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn list<F: FnMut(&mut Self) -> Result<(), DecodeError>>(
        &mut self,
        schema: &'static ListSchema,
        mut item: F,
    ) -> Result<(), DecodeError> {
        self.array(|d| {
            // Dense lists leave nulls out; sparse ones keep them as `None`.
            if !schema.sparse && d.null()? {
                return Ok(());
            }
            item(d)
        })
    }

    #[cfg_attr(debug_assertions, inline)]
    fn map<F: FnMut(String, &mut Self) -> Result<(), DecodeError>>(
        &mut self,
        schema: &'static MapSchema,
        _flattened: bool,
        mut entry: F,
    ) -> Result<(), DecodeError> {
        self.map_entries(|d, key| {
            if !schema.sparse && d.null()? {
                return Ok(());
            }
            entry(key.into_owned(), d)
        })
    }

    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, target: &mut S) -> Result<(), DecodeError> {
        self.union(target).map(|_| ())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn union<S: StructValue>(&mut self, target: &mut S) -> Result<usize, DecodeError> {
        let mut seen = Seen::default();
        self.map_entries(|d, key| merge_entry(target, &key, d, &mut seen))?;
        Ok(seen.unknown)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn skip(&mut self) -> Result<(), DecodeError> {
        match self.peek()? {
            Type::Array | Type::ArrayIndef => self.array(|d| d.skip()),
            Type::Map | Type::MapIndef => {
                let length = self.d.map().map_err(|e| malformed(&e))?;
                self.items(length, |d| {
                    d.skip()?;
                    d.skip()
                })
            }
            Type::Tag => {
                self.tag()?;
                self.enter()?;
                self.skip()?;
                self.depth -= 1;
                Ok(())
            }
            Type::Break => {
                Err(DecodeError::new(format!("malformed CBOR: a break outside an indefinite-length item at byte {}", self.d.position())))
            }
            Type::Unknown(b) => {
                Err(DecodeError::new(format!("malformed CBOR: unknown initial byte {b:#04x} at byte {}", self.d.position())))
            }
            // Scalars, and strings of any length, which do not nest.
            _ => self.d.skip().map_err(|e| malformed(&e)),
        }
    }
}

