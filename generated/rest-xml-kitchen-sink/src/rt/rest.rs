//! The REST protocols' HTTP bindings: members bound to the URI path, the query string,
//! headers and the status code rather than the body (`@httpLabel`, `@httpQuery`,
//! `@httpQueryParams`, `@httpHeader`, `@httpPrefixHeaders`, `@httpPayload`,
//! `@httpResponseCode`), over a body format: `rest_json.rs` (restJson1) and `rest_xml.rs`
//! (restXml) are the protocols.

use super::client::{Headers, RawResponse};
use super::codec::{list_schema, map_schema, DecodeError, Decoder, MapKey, StructValue, Value, WriteError, WriteResult, Writer};
use super::config::IdempotencyTokenProvider;
use super::operation::{Route, Segment};
use super::protocol::{unset_member, BodyFormat, Codec, Serialized};
use super::schema::{ListSchema, Location, MapSchema, Member, Schema, ROOT};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::{Blob, DateTime, Document};
use std::borrow::Cow;
use std::collections::HashMap;
use std::marker::PhantomData;

/// A REST protocol: the HTTP bindings over its body format. Its `Codec` is the one below.
pub(crate) trait RestProtocol {
    type Body: BodyFormat;
}

impl<P: RestProtocol> Codec for P {
    #[cfg_attr(debug_assertions, inline)]
    fn serialize<S: StructValue>(
        &self,
        _: &'static str,
        route: Option<&'static Route>,
        _: bool,
        input: &S,
        tokens: Option<&IdempotencyTokenProvider>,
    ) -> Result<Serialized, BuildError> {
        serialize::<S, P::Body>(route, input, tokens)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn decode_output<O: StructValue + Default>(&self, _: &str, response: &RawResponse) -> Result<(O, Option<String>), DecodeError> {
        let mut output = O::default();
        decode_bound::<O, P::Body>(&mut output, response, false)?;
        Ok((output, None))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn decode_error<E: StructValue + Default>(&self, response: &RawResponse) -> Result<Option<E>, DecodeError> {
        let mut error = E::default();
        decode_bound::<E, P::Body>(&mut error, response, true)?;
        Ok(Some(error))
    }
}

/// Whether a body holds no document (nothing, or only whitespace).
#[cfg_attr(debug_assertions, inline)]
fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// The request for `input` as its operation's route and its members' bindings say.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn serialize<S: StructValue, F: BodyFormat>(
    route: Option<&'static Route>,
    input: &S,
    tokens: Option<&IdempotencyTokenProvider>,
) -> Result<Serialized, BuildError> {
    let route = route.ok_or_else(|| BuildError::other("the operation has no @http trait, which its REST protocol needs"))?;
    let mut binder = Binder::<F>::new(tokens);
    binder.members(input)?;
    let mut uri = String::with_capacity(64);
    for segment in route.path {
        if let Segment::InEndpoint(name) = segment {
            let value = binder.labels.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
            let value = value.ok_or_else(|| BuildError::missing_field(name, "it names the request's endpoint and must be set"))?;
            if value.is_empty() {
                return Err(BuildError::invalid_field(name, "it names the request's endpoint and cannot be empty"));
            }
            continue;
        }
        uri.push('/');
        match segment {
            Segment::Literal(text) => uri.push_str(text),
            Segment::Label(name, greedy) => {
                let value = binder.labels.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
                let value = value.ok_or_else(|| BuildError::missing_field(name, "it is a label of the request's URI and must be set"))?;
                if value.is_empty() {
                    return Err(BuildError::invalid_field(name, "it is a label of the request's URI and cannot be empty"));
                }
                percent_encode(&mut uri, value, *greedy);
            }
            Segment::TrimmedLabel(name, prefixes) => {
                let value = binder.labels.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
                let value = value.ok_or_else(|| BuildError::missing_field(name, "it is a label of the request's URI and must be set"))?;
                let trimmed = prefixes.iter().find_map(|p| value.strip_prefix(p)).unwrap_or(value);
                if trimmed.is_empty() {
                    return Err(BuildError::invalid_field(name, "it is a label of the request's URI and cannot be empty"));
                }
                percent_encode(&mut uri, trimmed, false);
            }
            Segment::LabelOr(name, default) => {
                let value = binder.labels.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty());
                percent_encode(&mut uri, value.unwrap_or(default), false);
            }
            Segment::InEndpoint(_) => {}
        }
    }
    // A path the endpoint's own path stands for entirely stays empty: the request goes to
    // the endpoint's path as it is (`/bucket`, not `/bucket/`).
    if uri.is_empty() && !route.path.iter().any(|s| matches!(s, Segment::InEndpoint(_))) {
        uri.push('/');
    }
    let mut separator = '?';
    for (key, value) in route.query {
        uri.push(separator);
        separator = '&';
        uri.push_str(key);
        if let Some(value) = value {
            uri.push('=');
            uri.push_str(value);
        }
    }
    // `@httpQuery` members take precedence over `@httpQueryParams` entries of the same key.
    let explicit = binder.query.len();
    let params = std::mem::take(&mut binder.query_params);
    for (key, value) in params {
        if !binder.query[..explicit].iter().any(|(k, _)| *k == key) {
            binder.query.push((key, value));
        }
    }
    for (key, value) in &binder.query {
        uri.push(separator);
        separator = '&';
        percent_encode(&mut uri, key, false);
        uri.push('=');
        percent_encode(&mut uri, value, false);
    }
    let mut headers = std::mem::take(&mut binder.headers);
    // A header a member names wins over a prefix header of the same name.
    for (name, value) in std::mem::take(&mut binder.prefix_headers) {
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            headers.push((name.into(), value));
        }
    }
    let schema = input.schema();
    let payload = schema.members.iter().find(|m| matches!(m.location, Location::Payload(_)));
    if let Some(stream) = payload.filter(|m| matches!(m.target, Schema::Stream)) {
        // The pipeline sends the stream itself as the body.
        let default_content_type = Some(stream.media_type.unwrap_or("application/octet-stream"));
        return Ok(Serialized { method: route.method, uri, headers, body: Vec::new(), default_content_type });
    }
    let payload = payload.map(|m| m.location == Location::Payload(true));
    let (body, content_type) = match (binder.payload.take(), payload) {
        (Some((body, content_type)), _) => (body, Some(content_type)),
        (None, Some(true)) => (F::EMPTY_DOCUMENT.to_vec(), Some(F::CONTENT_TYPE)),
        // An unset payload that is not a structure: no body.
        (None, Some(false)) => (Vec::new(), None),
        (None, None) if schema.members.iter().any(|m| m.location == Location::Body) => {
            (F::write(tokens, &ROOT, input)?, Some(F::CONTENT_TYPE))
        }
        (None, None) => (Vec::new(), None),
    };
    // A content type the input binds as a header wins.
    if let Some(content_type) = content_type {
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
            headers.push(("content-type".into(), content_type.to_owned()));
        }
    }
    Ok(Serialized { method: route.method, uri, headers, body, default_content_type: None })
}

/// `text` percent-encoded into `out`: everything but RFC 3986's unreserved characters
/// (and `/` in greedy labels, which span path segments).
#[cfg_attr(debug_assertions, inline)]
fn percent_encode(out: &mut String, text: &str, keep_slashes: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') || (keep_slashes && b == b'/') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// Collects the members an input binds to the URI, the query and headers, and its payload.
struct Binder<'t, F> {
    tokens: Option<&'t IdempotencyTokenProvider>,
    labels: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    query_params: Vec<(String, String)>,
    headers: Headers,
    /// Headers of `@httpPrefixHeaders` maps, which give way to those members name.
    prefix_headers: Vec<(String, String)>,
    /// The payload member's body and its content type.
    payload: Option<(Vec<u8>, &'static str)>,
    /// The bound member being written.
    top: &'static Member,
    /// Its values as text (several for a list).
    values: Vec<String>,
    /// A map member's entries.
    entries: Vec<(String, Vec<String>)>,
    in_list: bool,
    failure: Option<WriteError>,
    format: PhantomData<F>,
}

impl<'t, F: BodyFormat> Binder<'t, F> {
    #[cfg_attr(debug_assertions, inline)]
    fn new(tokens: Option<&'t IdempotencyTokenProvider>) -> Self {
        Self {
            tokens,
            labels: Vec::new(),
            query: Vec::new(),
            query_params: Vec::new(),
            headers: Vec::new(),
            prefix_headers: Vec::new(),
            payload: None,
            top: &ROOT,
            values: Vec::new(),
            entries: Vec::new(),
            in_list: false,
            failure: None,
            format: PhantomData,
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn unbindable(&self, what: &str) -> WriteError {
        BuildError::invalid_field(self.top.name, format!("{what} cannot be bound to the HTTP request")).into()
    }

    /// Files the values written for the bound member `member`.
    #[cfg_attr(debug_assertions, inline)]
    fn bind(&mut self, member: &'static Member) {
        let values = std::mem::take(&mut self.values);
        match member.location {
            Location::Label => self.labels.push((member.name, values.join("/"))),
            Location::Query(key) => self.query.extend(values.into_iter().map(|v| (key.to_owned(), v))),
            Location::Header(name) => {
                // A header holding an empty list is not sent.
                if !values.is_empty() {
                    self.headers.push((name.into(), values.join(", ")));
                }
            }
            Location::QueryParams => {
                for (key, values) in std::mem::take(&mut self.entries) {
                    self.query_params.extend(values.into_iter().map(|v| (key.clone(), v)));
                }
            }
            Location::PrefixHeaders(prefix) => {
                for (key, values) in std::mem::take(&mut self.entries) {
                    self.prefix_headers.push((format!("{prefix}{key}"), values.join(", ")));
                }
            }
            Location::Body | Location::Payload(_) | Location::ResponseCode | Location::Unwrapped => {}
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn push(&mut self, text: String) -> WriteResult {
        self.values.push(text);
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn in_payload(&self) -> bool {
        matches!(self.top.location, Location::Payload(_))
    }
}

impl<F: BodyFormat> Writer for Binder<'_, F> {
    #[cfg_attr(debug_assertions, inline)]
    fn failure(&mut self) -> &mut Option<WriteError> {
        &mut self.failure
    }

    #[cfg_attr(debug_assertions, inline)]
    fn write_member<T: Value>(&mut self, member: &'static Member, value: &T) -> WriteResult {
        // Body members are the body format's; a status code and an unwrapped output member
        // are only read.
        if matches!(member.location, Location::Body | Location::ResponseCode | Location::Unwrapped) {
            return Ok(());
        }
        self.top = member;
        self.values.clear();
        self.entries.clear();
        if value.is_absent() {
            // A fresh idempotency token, a missing-member error, or nothing.
            if let Some(token) = unset_member(member, self.tokens)? {
                self.values.push(token);
                self.bind(member);
            }
            return Ok(());
        }
        value.write(member, self)?;
        self.bind(member);
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn null(&mut self, _: &'static Member) -> WriteResult {
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn boolean(&mut self, _: &'static Member, value: bool) -> WriteResult {
        self.push(value.to_string())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn integer(&mut self, _: &'static Member, value: i64) -> WriteResult {
        self.push(value.to_string())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn float(&mut self, _: &'static Member, _: f64, text: &str) -> WriteResult {
        self.push(text.to_owned())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn string(&mut self, _: &'static Member, value: &str) -> WriteResult {
        if self.in_payload() {
            self.payload = Some((value.as_bytes().to_vec(), self.top.media_type.unwrap_or("text/plain")));
            return Ok(());
        }
        let in_header = matches!(self.top.location, Location::Header(_));
        if in_header && self.top.media_type.is_some() {
            return self.push(aws_smithy_types::base64::encode(value));
        }
        // Items of a header list that hold its separators are quoted.
        if in_header && self.in_list && value.contains([',', '"']) {
            return self.push(format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")));
        }
        self.push(value.to_owned())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn number(&mut self, _: &'static Member, value: &str) -> WriteResult {
        self.push(value.to_owned())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, _: &'static Member, value: &[u8]) -> WriteResult {
        if self.in_payload() {
            self.payload = Some((value.to_vec(), self.top.media_type.unwrap_or("application/octet-stream")));
            return Ok(());
        }
        self.push(aws_smithy_types::base64::encode(value))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, member: &'static Member, value: &DateTime) -> WriteResult {
        let format = timestamp_format(self.top, member);
        let text = value.fmt(format).map_err(|e| BuildError::invalid_field(self.top.name, e.to_string()))?;
        self.push(text)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, member: &'static Member, value: &Document) -> WriteResult {
        if !self.in_payload() {
            return Err(self.unbindable("a document"));
        }
        self.payload = Some((F::write(self.tokens, member, value)?, F::CONTENT_TYPE));
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn list<T: Value>(&mut self, member: &'static Member, items: &[T]) -> WriteResult {
        if self.in_list || self.in_payload() {
            return Err(self.unbindable("a nested list"));
        }
        let schema = list_schema(member)?;
        self.in_list = true;
        let result = items.iter().try_for_each(|item| item.write(&schema.member, self));
        self.in_list = false;
        result
    }

    #[cfg_attr(debug_assertions, inline)]
    fn map<K: MapKey, V: Value>(&mut self, member: &'static Member, map: &HashMap<K, V>) -> WriteResult {
        if !matches!(self.top.location, Location::QueryParams | Location::PrefixHeaders(_)) || self.in_list {
            return Err(self.unbindable("a map"));
        }
        let schema = map_schema(member)?;
        for (key, value) in map {
            value.write(&schema.value, self)?;
            let values = std::mem::take(&mut self.values);
            self.entries.push((key.key().to_owned(), values));
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, member: &'static Member, value: &S) -> WriteResult {
        if !self.in_payload() {
            return Err(self.unbindable("a structure"));
        }
        self.payload = Some((F::write(self.tokens, member, value)?, F::CONTENT_TYPE));
        Ok(())
    }
}

/// The format of a timestamp bound to the HTTP message: the member's, or for an item of
/// a bound list, the one its binding gives.
#[cfg_attr(debug_assertions, inline)]
fn timestamp_format(top: &'static Member, member: &'static Member) -> Format {
    let of = |m: &Member| match m.target {
        Schema::Timestamp(format) => Some(*format),
        _ => None,
    };
    if std::ptr::eq(top, member) {
        return of(member).unwrap_or(Format::DateTime);
    }
    top.item_format.or_else(|| of(member)).unwrap_or(Format::DateTime)
}

/// Decodes what a response binds into `target`: headers, the status code, and the body
/// (the payload member, or the body members as a document).
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn decode_bound<S: StructValue, F: BodyFormat>(target: &mut S, response: &RawResponse, error: bool) -> Result<(), DecodeError> {
    let schema = target.schema();
    let mut payload = None;
    let mut has_body = false;
    for (index, member) in schema.members.iter().enumerate() {
        let found = match member.location {
            Location::Header(name) => {
                let values: Vec<&str> = response.headers().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v).collect();
                if values.is_empty() {
                    continue;
                }
                let mut text = values.join(", ");
                if member.media_type.is_some() && matches!(member.target, Schema::Scalar) {
                    let bytes = aws_smithy_types::base64::decode(text.trim()).map_err(|e| {
                        DecodeError::new(format!("the header {name} is not base64: {e}")).in_member(schema.name, member.name)
                    })?;
                    text = String::from_utf8(bytes)
                        .map_err(|_| DecodeError::new(format!("the header {name} is not UTF-8")).in_member(schema.name, member.name))?;
                }
                HeaderDecoder::new(member, vec![(String::new(), text)])
            }
            Location::PrefixHeaders(prefix) => {
                let entries: Vec<(String, String)> = response
                    .headers()
                    .filter(|(k, _)| {
                        k.len() >= prefix.len() && k.is_char_boundary(prefix.len()) && k[..prefix.len()].eq_ignore_ascii_case(prefix)
                    })
                    .map(|(k, v)| (k[prefix.len()..].to_owned(), v.to_owned()))
                    .collect();
                // Without such headers the map is empty, not unset, as in aws-sdk-*.
                HeaderDecoder::new(member, entries)
            }
            Location::ResponseCode => HeaderDecoder::new(member, vec![(String::new(), response.status().to_string())]),
            Location::Payload(_) | Location::Unwrapped => {
                payload = Some(index);
                continue;
            }
            Location::Body => {
                has_body = true;
                continue;
            }
            Location::Label | Location::Query(_) | Location::QueryParams => continue,
        };
        let mut d = found;
        match target.merge_field(index, member, &mut d) {
            Err(_) if member.lenient => {}
            result => result.map_err(|e| e.in_member(schema.name, member.name))?,
        }
    }
    if let Some(index) = payload {
        let member = &schema.members[index];
        if let Schema::Stream = member.target {
            // The pipeline gives the output the body, unread.
        } else if matches!(member.target, Schema::Struct(_)) || member.location == Location::Unwrapped {
            if !is_blank(&response.body) {
                F::read_member(target, index, member, &response.body)?;
            }
        } else if !response.body.is_empty() {
            target.merge_field(index, member, &mut RawDecoder::<F> { body: &response.body, format: PhantomData })?;
        }
    } else if has_body && !is_blank(&response.body) {
        if error {
            F::read_error_members(target, &response.body)?;
        } else {
            F::read_members(target, &response.body)?;
        }
    }
    Ok(())
}

/// Reads header values (and the status code): lists split at commas outside quotes (and at
/// every other comma for HTTP dates, which hold one), maps from prefixed headers.
struct HeaderDecoder {
    top: &'static Member,
    /// Header name (without its prefix) and value: one for a single header.
    entries: Vec<(String, String)>,
    /// The value being read.
    current: String,
}

impl HeaderDecoder {
    #[cfg_attr(debug_assertions, inline)]
    fn new(top: &'static Member, entries: Vec<(String, String)>) -> Self {
        let current = entries.first().map(|(_, v)| v.clone()).unwrap_or_default();
        Self { top, entries, current }
    }
}

/// The items of a header list: split at commas outside quoted strings (which are
/// unquoted), or for HTTP dates at every second comma.
#[cfg_attr(debug_assertions, inline)]
fn split_header_list(value: &str, http_dates: bool) -> Vec<String> {
    let mut items = Vec::new();
    if http_dates {
        let parts: Vec<&str> = value.split(',').collect();
        for pair in parts.chunks(2) {
            items.push(pair.join(",").trim().to_owned());
        }
        return items;
    }
    let mut item = String::new();
    let (mut quoted, mut escaped, mut was_quoted) = (false, false, false);
    for c in value.chars() {
        match c {
            _ if escaped => {
                item.push(c);
                escaped = false;
            }
            '\\' if quoted => escaped = true,
            '"' if quoted => quoted = false,
            '"' if item.trim().is_empty() => {
                item.clear();
                quoted = true;
                was_quoted = true;
            }
            ',' if !quoted => {
                items.push(if was_quoted { std::mem::take(&mut item) } else { item.trim().to_owned() });
                item.clear();
                was_quoted = false;
            }
            _ => item.push(c),
        }
    }
    items.push(if was_quoted { item } else { item.trim().to_owned() });
    items
}

impl Decoder for HeaderDecoder {
    #[cfg_attr(debug_assertions, inline)]
    fn text(&mut self) -> Result<Cow<'_, str>, DecodeError> {
        Ok(Cow::Borrowed(self.current.trim()))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn timestamp(&mut self, member: &'static Member) -> Result<DateTime, DecodeError> {
        let format = timestamp_format(self.top, member);
        let text = self.current.trim();
        let format = if format == Format::DateTime { Format::DateTimeWithOffset } else { format };
        DateTime::from_str(text, format).map_err(|e| super::codec::invalid(member, text, "a timestamp", Some(&e)))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn list<G: FnMut(&mut Self) -> Result<(), DecodeError>>(
        &mut self,
        schema: &'static ListSchema,
        mut item: G,
    ) -> Result<(), DecodeError> {
        let http_dates =
            timestamp_format(self.top, &schema.member) == Format::HttpDate && matches!(schema.member.target, Schema::Timestamp(_));
        for text in split_header_list(&self.current.clone(), http_dates) {
            self.current = text;
            item(self)?;
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn map<G: FnMut(String, &mut Self) -> Result<(), DecodeError>>(
        &mut self,
        _: &'static MapSchema,
        _: bool,
        mut entry: G,
    ) -> Result<(), DecodeError> {
        for (key, value) in std::mem::take(&mut self.entries) {
            self.current = value;
            entry(key, self)?;
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, _: &mut S) -> Result<(), DecodeError> {
        Err(DecodeError::new("a structure cannot be read from a header"))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn skip(&mut self) -> Result<(), DecodeError> {
        Ok(())
    }
}

/// Reads a payload that is the whole body: a blob, a string (or enum), or a document.
struct RawDecoder<'b, F> {
    body: &'b [u8],
    format: PhantomData<F>,
}

impl<F: BodyFormat> Decoder for RawDecoder<'_, F> {
    #[cfg_attr(debug_assertions, inline)]
    fn text(&mut self) -> Result<Cow<'_, str>, DecodeError> {
        std::str::from_utf8(self.body).map(Cow::Borrowed).map_err(|_| DecodeError::new("the response body is not UTF-8"))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn blob(&mut self, _: &'static Member) -> Result<Blob, DecodeError> {
        Ok(Blob::new(self.body.to_vec()))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn document(&mut self, _: &'static Member) -> Result<Document, DecodeError> {
        F::read_document(self.body)
    }

    #[cfg_attr(debug_assertions, inline)]
    fn list<G: FnMut(&mut Self) -> Result<(), DecodeError>>(&mut self, _: &'static ListSchema, _: G) -> Result<(), DecodeError> {
        Err(DecodeError::new("a list cannot be a payload"))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn map<G: FnMut(String, &mut Self) -> Result<(), DecodeError>>(
        &mut self,
        _: &'static MapSchema,
        _: bool,
        _: G,
    ) -> Result<(), DecodeError> {
        Err(DecodeError::new("a map cannot be a payload"))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, _: &mut S) -> Result<(), DecodeError> {
        Err(DecodeError::new("a structure payload is read as a document"))
    }

    #[cfg_attr(debug_assertions, inline)]
    fn skip(&mut self) -> Result<(), DecodeError> {
        Ok(())
    }
}

