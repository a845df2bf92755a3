//! Format-neutral access to values: `Value`/`Writer` let any serializer write a modeled
//! value through its schema, and `Decode`/`Decoder` let any parser fill one. Generated
//! types implement these with one line per member; the formats live in their own modules.

use super::schema::{ListSchema, MapSchema, Member, Schema, StructSchema};
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// What writing a value gives: nothing, or why the value cannot be sent.
pub(crate) type WriteResult = Result<(), WriteError>;

/// Why a value cannot be sent. Boxed, so that a `WriteResult` is one pointer, which the
/// many small calls of a writer return in a register.
#[derive(Debug)]
pub(crate) struct WriteError(Box<BuildError>);

impl From<BuildError> for WriteError {
    #[cfg_attr(debug_assertions, inline)]
    fn from(e: BuildError) -> Self {
        Self(Box::new(e))
    }
}

impl From<WriteError> for BuildError {
    #[cfg_attr(debug_assertions, inline)]
    fn from(e: WriteError) -> Self {
        *e.0
    }
}

/// A serializer, one per wire format (and the waiters' JMESPath view). Values call it
/// back with what they hold; the calls are generic, so writing an input is static code
/// from the operation down to the bytes (no dynamic call or value view per member).
pub(crate) trait Writer: Sized {
    /// One member of the structure being written, set or not: the writer decides what an
    /// unset one means (nothing, an idempotency token, or a missing-member error).
    fn write_member<T: Value>(&mut self, member: &'static Member, value: &T) -> WriteResult;
    /// Where the first failure of the members being written waits for [`Writer::members`].
    fn failure(&mut self) -> &mut Option<WriteError>;
    /// [`Writer::write_member`], keeping its failure. Generated `write_members` call this
    /// once per member without testing each result: a `?` per member is front-end work in
    /// every build of a crate, for a failure that is rare and reported at the end anyway.
    #[inline]
    fn member<T: Value>(&mut self, member: &'static Member, value: &T) {
        // As aws-sdk-* leaves them out: a member whose default is `false` or zero, at it.
        if member.skip_zero && value.is_zero() {
            return;
        }
        if let Err(e) = self.write_member(member, value) {
            self.fail(e);
        }
    }
    /// Keeps `e` unless an earlier failure is kept already.
    #[cfg_attr(debug_assertions, inline)]
    fn fail(&mut self, e: WriteError) {
        let kept = self.failure();
        if kept.is_none() {
            *kept = Some(e);
        }
    }
    /// Writes the members of `value` (its `write_members`) and reports their first failure.
    /// A failure kept for the structure around it waits meanwhile, so each structure reports
    /// its own.
    #[inline]
    fn members<S: StructValue>(&mut self, value: &S) -> WriteResult {
        // Nothing waits in the common case: no failure to set aside and put back.
        if self.failure().is_none() {
            value.write_members(self);
            return match self.failure().take() {
                Some(e) => Err(e),
                None => Ok(()),
            };
        }
        let outer = self.failure().take();
        value.write_members(self);
        match std::mem::replace(self.failure(), outer) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
    /// An absent item of a sparse list or value of a sparse map.
    fn null(&mut self, member: &'static Member) -> WriteResult;
    fn boolean(&mut self, member: &'static Member, value: bool) -> WriteResult;
    fn integer(&mut self, member: &'static Member, value: i64) -> WriteResult;
    /// An integer of `width` bytes (1, 2, 4 or 8): formats that type integers by their
    /// size (event stream headers) override this; the others write any integer alike.
    #[inline]
    fn sized_integer(&mut self, member: &'static Member, value: i64, width: u8) -> WriteResult {
        let _ = width;
        self.integer(member, value)
    }
    /// A float, with `text`, the shortest decimal that reads back as the same value (for
    /// a `float` member, as the same `f32`): `NaN`, `Infinity` or `-Infinity` when it is
    /// not finite.
    fn float(&mut self, member: &'static Member, value: f64, text: &str) -> WriteResult;
    /// A `float` member's value: formats with a single-precision encoding (CBOR) write it
    /// as one, the others as any float.
    #[cfg_attr(debug_assertions, inline)]
    fn single(&mut self, member: &'static Member, value: f32) -> WriteResult {
        self.float(member, f64::from(value), aws_smithy_types::primitive::Encoder::from(value).encode())
    }
    fn string(&mut self, member: &'static Member, value: &str) -> WriteResult;
    /// A bigInteger or bigDecimal, as its decimal text.
    fn number(&mut self, member: &'static Member, value: &str) -> WriteResult;
    fn blob(&mut self, member: &'static Member, value: &[u8]) -> WriteResult;
    fn timestamp(&mut self, member: &'static Member, value: &DateTime) -> WriteResult;
    fn document(&mut self, member: &'static Member, value: &Document) -> WriteResult;
    fn list<T: Value>(&mut self, member: &'static Member, items: &[T]) -> WriteResult;
    fn map<K: MapKey, V: Value>(&mut self, member: &'static Member, map: &HashMap<K, V>) -> WriteResult;
    /// A structure or union: the writer opens it and lets `value.write_members` fill it.
    fn structure<S: StructValue>(&mut self, member: &'static Member, value: &S) -> WriteResult;
}

/// A modeled value, as serializers see it: it calls the writer with what it holds.
pub(crate) trait Value {
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult;
    /// Whether this is an unset optional member.
    #[cfg_attr(debug_assertions, inline)]
    fn is_absent(&self) -> bool {
        false
    }
    /// Whether this is `false` or zero, which a member defaulting to it leaves unsent.
    #[cfg_attr(debug_assertions, inline)]
    fn is_zero(&self) -> bool {
        false
    }
    /// The text of a string value, for writers with a shorter path for plain strings
    /// (JSON writes a string member's key and its opening quote at once).
    #[inline(always)]
    fn text(&self) -> Option<&str> {
        None
    }
}

/// A generated structure, as the codecs see it: its schema, its members for writers, and
/// a slot per member for decoders. Its `Value` and `Decode` come from the blanket impls
/// below, so each structure needs only this one impl.
pub(crate) trait StructValue {
    fn schema(&self) -> &'static StructSchema;
    /// Calls `w.member` with each member, in schema order; a union calls it with the member
    /// it holds. Failures wait in the writer: callers use [`Writer::members`]. Structures
    /// that are never written (output-only ones) keep the default, which writes no members.
    #[cfg_attr(debug_assertions, inline)]
    fn write_members<W: Writer>(&self, w: &mut W)
    where
        Self: Sized,
    {
        let _ = w;
    }
    /// Decodes the member at `index` into its field. Structures that are never read
    /// (input-only ones) keep the default, which skips the value.
    #[cfg_attr(debug_assertions, inline)]
    fn merge_field<D: Decoder>(&mut self, index: usize, member: &'static Member, d: &mut D) -> Result<(), DecodeError>
    where
        Self: Sized,
    {
        let _ = (index, member);
        d.skip()
    }
}

impl<T: StructValue> Value for T {
    #[inline]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.structure(member, self)
    }
}

impl<T: StructValue + Default> Decode for T {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, _: &'static Member) -> Result<Self, DecodeError> {
        let mut out = T::default();
        d.structure(&mut out)?;
        Ok(out)
    }
}

/// Recursive members are boxed; a box is the structure it holds.
impl<T: StructValue> StructValue for Box<T> {
    #[cfg_attr(debug_assertions, inline)]
    fn schema(&self) -> &'static StructSchema {
        (**self).schema()
    }
    #[cfg_attr(debug_assertions, inline)]
    fn write_members<W: Writer>(&self, w: &mut W) {
        (**self).write_members(w)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn merge_field<D: Decoder>(&mut self, index: usize, member: &'static Member, d: &mut D) -> Result<(), DecodeError> {
        (**self).merge_field(index, member, d)
    }
}

/// What a union's `write_members` fails with for its `Unknown` variant.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn unknown_variant(schema: &'static StructSchema) -> WriteError {
    BuildError::invalid_field(schema.name, "the union's Unknown variant cannot be sent").into()
}

/// Decodes a union: exactly one member, or one the client does not know (`unknown`, the
/// union's `Unknown` variant, which is also where decoding starts).
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn decode_union<T: StructValue, D: Decoder>(d: &mut D, unknown: T) -> Result<T, DecodeError> {
    let schema = unknown.schema();
    let mut union = Counted { value: unknown, known: 0 };
    let unknown = d.union(&mut union)?;
    match union.known + unknown {
        1 => Ok(union.value),
        0 => Err(DecodeError::new(format!("the union {} has no member set", schema.name))),
        n => Err(DecodeError::new(format!("the union {} has {n} members set; exactly one is allowed", schema.name))),
    }
}

/// One entry of a structure read from a document of keyed entries (a JSON object, a CBOR
/// map): the body member `key` names is merged into `target`; a null is an unset member;
/// an entry the schema does not know is skipped and counted in `unknown` (a union's
/// `__type`, its type name, is not a member and not counted).
#[inline]
pub(crate) fn merge_entry<S: StructValue, D: Decoder>(target: &mut S, key: &str, d: &mut D, seen: &mut Seen) -> Result<(), DecodeError> {
    if d.null()? {
        return Ok(());
    }
    let schema = target.schema();
    match schema.find_member(seen.next, |m| same_name(m.body_name, key) && m.location == super::schema::Location::Body) {
        Some(index) => {
            seen.next = index + 1;
            let m = &schema.members[index];
            target.merge_field(index, m, d).map_err(|e| e.in_member(schema.name, m.name))
        }
        None => {
            if key != "__type" {
                seen.unknown += 1;
            }
            d.skip()
        }
    }
}

/// What [`merge_entry`] keeps across the entries of one structure.
#[derive(Default)]
pub(crate) struct Seen {
    /// The index after the last member found: where the search for the next one starts.
    next: usize,
    /// Entries that named no member.
    pub unknown: usize,
}

/// `name == key`, compared inline: member names are short, and a call to `memcmp` per
/// candidate costs more than the comparison.
#[inline]
fn same_name(name: &str, key: &str) -> bool {
    name.len() == key.len() && name.bytes().zip(key.bytes()).all(|(a, b)| a == b)
}

/// A union being decoded, counting the members it is given.
struct Counted<T> {
    value: T,
    known: usize,
}

impl<T: StructValue> StructValue for Counted<T> {
    #[cfg_attr(debug_assertions, inline)]
    fn schema(&self) -> &'static StructSchema {
        self.value.schema()
    }
    #[cfg_attr(debug_assertions, inline)]
    fn merge_field<D: Decoder>(&mut self, index: usize, member: &'static Member, d: &mut D) -> Result<(), DecodeError> {
        self.known += 1;
        self.value.merge_field(index, member, d)
    }
}

/// A stream is the message's body, which the operation pipeline sends itself: serializers
/// see nothing of it.
impl Value for aws_smithy_types::byte_stream::ByteStream {
    #[inline]
    fn write<W: Writer>(&self, _: &'static Member, _: &mut W) -> WriteResult {
        Ok(())
    }
}

impl Value for String {
    #[inline]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.string(member, self)
    }
    #[inline(always)]
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}
impl Value for bool {
    #[inline]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.boolean(member, *self)
    }
    #[inline]
    fn is_zero(&self) -> bool {
        !*self
    }
}
macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl Value for $t {
            #[inline]
            fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
                w.sized_integer(member, i64::from(*self), std::mem::size_of::<$t>() as u8)
            }
            #[inline]
            fn is_zero(&self) -> bool {
                *self == 0
            }
        }
    )*};
}
int_value!(i8, i16, i32, i64);
impl Value for f32 {
    #[cfg_attr(debug_assertions, inline)]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.single(member, *self)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn is_zero(&self) -> bool {
        *self == 0.0
    }
}
impl Value for f64 {
    #[cfg_attr(debug_assertions, inline)]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.float(member, *self, aws_smithy_types::primitive::Encoder::from(*self).encode())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn is_zero(&self) -> bool {
        *self == 0.0
    }
}
impl Value for BigInteger {
    #[cfg_attr(debug_assertions, inline)]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.number(member, self.as_ref())
    }
}
impl Value for BigDecimal {
    #[cfg_attr(debug_assertions, inline)]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.number(member, self.as_ref())
    }
}
impl Value for Document {
    #[cfg_attr(debug_assertions, inline)]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.document(member, self)
    }
}
impl Value for DateTime {
    #[cfg_attr(debug_assertions, inline)]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.timestamp(member, self)
    }
}
impl Value for Blob {
    #[cfg_attr(debug_assertions, inline)]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.blob(member, self.as_ref())
    }
}
impl<T: Value> Value for Option<T> {
    #[inline]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        match self {
            Some(v) => v.write(member, w),
            None => w.null(member),
        }
    }
    #[inline]
    fn is_absent(&self) -> bool {
        self.is_none()
    }
    #[inline(always)]
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(Value::text)
    }
}
impl<T: Value> Value for Vec<T> {
    #[inline]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.list(member, self)
    }
}
/// The key of a map: a string, or a string enum (`HashMap<QueueAttributeName, String>`).
pub(crate) trait MapKey: Eq + std::hash::Hash {
    fn key(&self) -> &str;
    fn from_key(key: String) -> Self;
}
impl MapKey for String {
    #[cfg_attr(debug_assertions, inline)]
    fn key(&self) -> &str {
        self
    }
    #[cfg_attr(debug_assertions, inline)]
    fn from_key(key: String) -> Self {
        key
    }
}
impl<K: MapKey, V: Value> Value for HashMap<K, V> {
    #[inline]
    fn write<W: Writer>(&self, member: &'static Member, w: &mut W) -> WriteResult {
        w.map(member, self)
    }
}

/// The entries of `map`, ordered by key, for formats whose bytes must not depend on the
/// map's own order.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn sorted_entries<K: MapKey, V>(map: &HashMap<K, V>) -> Vec<(&str, &V)> {
    let mut entries: Vec<(&str, &V)> = map.iter().map(|(k, v)| (k.key(), v)).collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

/// The list or map schema of `member`, or an error naming the member whose Rust type and
/// schema disagree (which generated code never does).
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn list_schema(member: &'static Member) -> Result<&'static ListSchema, BuildError> {
    match member.target {
        Schema::List(list) => Ok(list),
        _ => Err(BuildError::other(format!("{} is a list in Rust but not in its schema", member.name))),
    }
}
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn map_schema(member: &'static Member) -> Result<&'static MapSchema, BuildError> {
    match member.target {
        Schema::Map(map) => Ok(map),
        _ => Err(BuildError::other(format!("{} is a map in Rust but not in its schema", member.name))),
    }
}

/// What went wrong while reading a response, with the path to the offending member.
/// Boxed, so that a decoder's results stay small (most are returned in registers).
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Details>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Details {
    message: String,
    /// The value that failed is `@sensitive`: the error, and the raw response kept with
    /// it, must not show the body.
    sensitive: bool,
}

impl DecodeError {
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(Box::new(Details { message: message.into(), sensitive: false }))
    }

    /// An error about a `@sensitive` value (whose message does not repeat it).
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn sensitive(message: impl Into<String>) -> Self {
        Self(Box::new(Details { message: message.into(), sensitive: true }))
    }

    /// Whether the value that failed is `@sensitive`.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn is_sensitive(&self) -> bool {
        self.0.sensitive
    }

    /// Prefixes the message with the member the error happened in.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn in_member(mut self, shape: &str, member: &str) -> Self {
        self.0.message = format!("{shape}.{member}: {}", self.0.message);
        self
    }
}

impl fmt::Debug for DecodeError {
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError").field("message", &self.0.message).field("sensitive", &self.0.sensitive).finish()
    }
}

impl fmt::Display for DecodeError {
    #[cfg_attr(debug_assertions, inline)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for DecodeError {}

/// A parser positioned on one value. Each call consumes that whole value. Formats whose
/// scalars are all text (XML) implement `text` and keep the typed methods' defaults, which
/// parse it; typed formats (JSON) override them. Decoding is generic over the decoder, as
/// writing is over the writer: a crate has one decoder, so each type's decoding is compiled
/// once, and only where an operation that reads it is called.
pub(crate) trait Decoder: Sized {
    /// A string value (in text formats, the text of any scalar).
    fn text(&mut self) -> Result<Cow<'_, str>, DecodeError>;
    /// Consumes a null and returns true, or returns false without consuming anything.
    #[cfg_attr(debug_assertions, inline)]
    fn null(&mut self) -> Result<bool, DecodeError> {
        Ok(false)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, member: &'static Member) -> Result<bool, DecodeError> {
        match self.text()?.trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(invalid(member, other, "a boolean", None)),
        }
    }
    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, member: &'static Member, expected: &str) -> Result<i64, DecodeError> {
        let text = self.text()?;
        text.trim().parse().map_err(|_| invalid(member, &text, expected, None))
    }
    /// A number, or `NaN`, `Infinity`, `-Infinity`.
    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, member: &'static Member) -> Result<f64, DecodeError> {
        let text = self.text()?;
        parse_float(member, text.trim())
    }
    /// The decimal text of a number (bigInteger, bigDecimal).
    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, member: &'static Member) -> Result<String, DecodeError> {
        let _ = member;
        Ok(self.text()?.trim().to_owned())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, member: &'static Member) -> Result<DateTime, DecodeError> {
        let text = self.text()?;
        parse_timestamp(member, text.trim())
    }
    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, member: &'static Member) -> Result<Blob, DecodeError> {
        let text = self.text()?;
        aws_smithy_types::base64::decode(text.trim()).map(Blob::new).map_err(|e| invalid(member, &text, "base64", Some(&e)))
    }
    /// An untyped document; formats without one (XML, form) cannot carry it.
    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, member: &'static Member) -> Result<Document, DecodeError> {
        let _ = member;
        Err(DecodeError::new("documents are not supported by this protocol"))
    }
    /// Like `structure`, for a union: returns how many members it had that the schema
    /// does not know (they are the union's `Unknown` variant).
    #[cfg_attr(debug_assertions, inline)]
    fn union<S: StructValue>(&mut self, target: &mut S) -> Result<usize, DecodeError> {
        self.structure(target)?;
        Ok(0)
    }
    /// How many items the list the decoder is on says it has, where the format gives it
    /// before them (a CBOR array's count): lists reserve that many. Zero otherwise.
    #[cfg_attr(debug_assertions, inline)]
    fn items_hint(&self) -> usize {
        0
    }
    /// Calls `item` once per list item.
    fn list<F: FnMut(&mut Self) -> Result<(), DecodeError>>(&mut self, schema: &'static ListSchema, item: F) -> Result<(), DecodeError>;
    /// Calls `entry` once per map entry, or once for the entry it is on when `flattened`.
    fn map<F: FnMut(String, &mut Self) -> Result<(), DecodeError>>(
        &mut self,
        schema: &'static MapSchema,
        flattened: bool,
        entry: F,
    ) -> Result<(), DecodeError>;
    /// Decodes each member present into `target` (`merge_field`, with its index in
    /// `target.schema().members`).
    fn structure<S: StructValue>(&mut self, target: &mut S) -> Result<(), DecodeError>;
    /// Consumes the value without reading it.
    fn skip(&mut self) -> Result<(), DecodeError>;
}

pub(crate) trait Decode: Sized {
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError>;

    /// Stores the value in a member slot. Flattened lists and maps add to what is there.
    #[cfg_attr(debug_assertions, inline)]
    fn merge_into<D: Decoder>(slot: &mut Option<Self>, d: &mut D, member: &'static Member) -> Result<(), DecodeError> {
        *slot = Some(Self::decode(d, member)?);
        Ok(())
    }

    /// Stores the value in a member that is not an `Option`.
    #[cfg_attr(debug_assertions, inline)]
    fn merge_into_value<D: Decoder>(slot: &mut Self, d: &mut D, member: &'static Member) -> Result<(), DecodeError> {
        *slot = Self::decode(d, member)?;
        Ok(())
    }
}

/// Decodes a member into its slot; the one call generated code makes per member.
#[inline]
pub(crate) fn merge<T: Decode, D: Decoder>(slot: &mut Option<T>, member: &'static Member, d: &mut D) -> Result<(), DecodeError> {
    T::merge_into(slot, d, member)
}

/// [`merge`] for a recursive member whose type decodes whole (a union), boxed.
#[inline]
pub(crate) fn merge_boxed<T: Decode, D: Decoder>(slot: &mut Option<Box<T>>, member: &'static Member, d: &mut D) -> Result<(), DecodeError> {
    *slot = Some(Box::new(T::decode(d, member)?));
    Ok(())
}

/// [`merge`] for a member that is not an `Option` (required or defaulted).
#[inline]
pub(crate) fn merge_value<T: Decode, D: Decoder>(slot: &mut T, member: &'static Member, d: &mut D) -> Result<(), DecodeError> {
    T::merge_into_value(slot, d, member)
}

/// A value that does not read as its type, with the parser's reason if it gave one. A
/// `@sensitive` value is not repeated, nor the reason (which may quote it).
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn invalid(member: &Member, text: &str, expected: &str, reason: Option<&dyn fmt::Display>) -> DecodeError {
    match reason {
        _ if member.sensitive => DecodeError::sensitive(format!("expected {expected}, found something else (the value is sensitive)")),
        Some(reason) => DecodeError::new(format!("expected {expected}, found {text:?}: {reason}")),
        None => DecodeError::new(format!("expected {expected}, found {text:?}")),
    }
}

impl Decode for String {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, _: &'static Member) -> Result<Self, DecodeError> {
        Ok(d.text()?.into_owned())
    }
}
impl Decode for bool {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        d.boolean(member)
    }
}
macro_rules! int_decode {
    ($($t:ty => $what:literal),*) => {$(
        impl Decode for $t {
            fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
                let i = d.integer(member, $what)?;
                <$t>::try_from(i).map_err(|_| invalid(member, &i.to_string(), $what, None))
            }
        }
    )*};
}
int_decode!(i8 => "a byte", i16 => "a short integer", i32 => "an integer");
impl Decode for i64 {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        d.integer(member, "a long integer")
    }
}
impl Decode for f64 {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        d.float(member)
    }
}
impl Decode for f32 {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        Ok(d.float(member)? as f32)
    }
}
impl Decode for BigInteger {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        let text = d.number(member)?;
        text.parse().map_err(|e| invalid(member, &text, "an integer", Some(&e)))
    }
}
impl Decode for BigDecimal {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        let text = d.number(member)?;
        text.parse().map_err(|e| invalid(member, &text, "a decimal number", Some(&e)))
    }
}
impl Decode for Document {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        d.document(member)
    }
}
impl Decode for DateTime {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        d.timestamp(member)
    }
}
impl Decode for Blob {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        d.blob(member)
    }
}
/// Items of sparse lists and values of sparse maps: a null is `None`.
impl<T: Decode> Decode for Option<T> {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        if d.null()? {
            return Ok(None);
        }
        T::decode(d, member).map(Some)
    }
}

/// A number, or one of the texts of a non-finite float.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn parse_float(member: &Member, text: &str) -> Result<f64, DecodeError> {
    match text {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        t => t.parse().map_err(|_| invalid(member, t, "a number", None)),
    }
}

/// A timestamp in the format the member's schema names.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn parse_timestamp(member: &Member, text: &str) -> Result<DateTime, DecodeError> {
    use aws_smithy_types::date_time::Format;
    let format = match member.target {
        Schema::Timestamp(Format::EpochSeconds) => Format::EpochSeconds,
        Schema::Timestamp(Format::HttpDate) => Format::HttpDate,
        // Services send offsets (`-01:00`) too; they are read as the instant they name.
        _ => Format::DateTimeWithOffset,
    };
    match DateTime::from_str(text, format) {
        Ok(time) => Ok(time),
        // Epoch seconds in exponent form (`1.5E9`) are still a number of seconds.
        Err(e) => match (format, text.parse::<f64>()) {
            (Format::EpochSeconds, Ok(secs)) if secs.is_finite() => Ok(DateTime::from_secs_f64(secs)),
            _ => Err(invalid(member, text, "a timestamp", Some(&e))),
        },
    }
}
impl<T: Decode> Decode for Vec<T> {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        let mut items = Vec::new();
        decode_items(&mut items, d, member)?;
        Ok(items)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn merge_into<D: Decoder>(slot: &mut Option<Self>, d: &mut D, member: &'static Member) -> Result<(), DecodeError> {
        decode_items(slot.get_or_insert_with(Vec::new), d, member)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn merge_into_value<D: Decoder>(slot: &mut Self, d: &mut D, member: &'static Member) -> Result<(), DecodeError> {
        decode_items(slot, d, member)
    }
}
#[cfg_attr(debug_assertions, inline)]
fn decode_items<T: Decode, D: Decoder>(items: &mut Vec<T>, d: &mut D, member: &'static Member) -> Result<(), DecodeError> {
    let Schema::List(list) = member.target else {
        return Err(DecodeError::new(format!("{} is not a list", member.name)));
    };
    if member.flattened {
        // Each flattened occurrence is one item.
        items.push(T::decode(d, &list.member)?);
        return Ok(());
    }
    items.reserve(d.items_hint());
    d.list(list, |d| {
        items.push(T::decode(d, &list.member)?);
        Ok(())
    })
}
impl<K: MapKey, V: Decode> Decode for HashMap<K, V> {
    #[cfg_attr(debug_assertions, inline)]
    fn decode<D: Decoder>(d: &mut D, member: &'static Member) -> Result<Self, DecodeError> {
        let mut map = HashMap::new();
        decode_entries(&mut map, d, member)?;
        Ok(map)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn merge_into<D: Decoder>(slot: &mut Option<Self>, d: &mut D, member: &'static Member) -> Result<(), DecodeError> {
        decode_entries(slot.get_or_insert_with(HashMap::new), d, member)
    }
    #[cfg_attr(debug_assertions, inline)]
    fn merge_into_value<D: Decoder>(slot: &mut Self, d: &mut D, member: &'static Member) -> Result<(), DecodeError> {
        decode_entries(slot, d, member)
    }
}
#[cfg_attr(debug_assertions, inline)]
fn decode_entries<K: MapKey, V: Decode, D: Decoder>(
    map: &mut HashMap<K, V>,
    d: &mut D,
    member: &'static Member,
) -> Result<(), DecodeError> {
    // Small entries are gathered sixteen at a time (most maps fit, and a table of that many
    // buckets is one allocation); large ones four, to keep the stack small.
    if std::mem::size_of::<(K, V)>() <= 128 {
        gather_entries::<K, V, D, 16>(map, d, member)
    } else {
        gather_entries::<K, V, D, 4>(map, d, member)
    }
}

/// Decodes a map's entries, the first `GATHERED` of them onto the stack, so that a small
/// map's table is allocated once at its final size instead of growing (and hashing every
/// key again) as entries come.
#[cfg_attr(debug_assertions, inline)]
fn gather_entries<K: MapKey, V: Decode, D: Decoder, const GATHERED: usize>(
    map: &mut HashMap<K, V>,
    d: &mut D,
    member: &'static Member,
) -> Result<(), DecodeError> {
    let Schema::Map(schema) = member.target else {
        return Err(DecodeError::new(format!("{} is not a map", member.name)));
    };
    let mut gathered: [Option<(K, V)>; GATHERED] = [const { None }; GATHERED];
    let mut count = 0;
    d.map(schema, member.flattened, |key, d| {
        let (key, value) = (K::from_key(key), V::decode(d, &schema.value)?);
        if count < GATHERED {
            gathered[count] = Some((key, value));
        } else {
            if count == GATHERED {
                map.reserve(2 * GATHERED);
                map.extend(gathered.iter_mut().filter_map(Option::take));
            }
            map.insert(key, value);
        }
        count += 1;
        Ok(())
    })?;
    if count <= GATHERED {
        map.reserve(count);
        map.extend(gathered.iter_mut().filter_map(Option::take));
    }
    Ok(())
}
