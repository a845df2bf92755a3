//! What every generated protocol test uses: a connector that records the request and
//! answers with a canned response, and comparisons of requests and outputs as the Smithy
//! protocol test spec defines them (form bodies parameter by parameter, XML structurally,
//! floats with NaN equal to NaN).
#![allow(dead_code)]

use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorFuture};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The request the client sent, as the test sees it.
#[derive(Debug)]
pub struct Sent {
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Records every request and answers each with the same response.
#[derive(Clone, Debug)]
pub struct Canned {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    sent: Arc<Mutex<Vec<Sent>>>,
}

impl Canned {
    pub fn new(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Self {
        let headers = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Self { status, headers, body: body.to_vec(), sent: Arc::default() }
    }

    /// The one request sent; fails the test if there was not exactly one (`result`, what
    /// the call returned, says why when none was sent).
    pub fn request<T: std::fmt::Debug, E: std::fmt::Debug>(&self, result: &Result<T, E>) -> Sent {
        let mut sent = self.sent.lock().unwrap();
        assert_eq!(sent.len(), 1, "expected exactly one request, the client sent {}; the call returned {result:?}", sent.len());
        sent.remove(0)
    }
}

impl HttpConnector for Canned {
    fn call(&self, mut request: HttpRequest) -> HttpConnectorFuture {
        let status = self.status.try_into().expect("the test's status code is valid");
        let mut response = HttpResponse::new(status, SdkBody::from(self.body.clone()));
        for (name, value) in &self.headers {
            response.headers_mut().append(name.clone(), value.clone());
        }
        let recorded = self.sent.clone();
        HttpConnectorFuture::new(async move {
            // Read as a server would, so that streamed bodies are seen whole.
            let body = std::mem::replace(request.body_mut(), SdkBody::taken());
            let body = aws_smithy_types::byte_stream::ByteStream::new(body).collect().await.expect("the request body reads");
            let sent = Sent {
                method: request.method().to_owned(),
                uri: request.uri().to_owned(),
                headers: request.headers().iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect(),
                body: body.into_bytes().to_vec(),
            };
            recorded.lock().unwrap().push(sent);
            Ok(response)
        })
    }
}

/// What a request test expects.
#[derive(Default)]
pub struct Expected {
    pub method: &'static str,
    pub uri: &'static str,
    pub resolved_host: Option<&'static str>,
    pub query_params: &'static [&'static str],
    pub forbid_query_params: &'static [&'static str],
    pub require_query_params: &'static [&'static str],
    pub headers: &'static [(&'static str, &'static str)],
    pub forbid_headers: &'static [&'static str],
    pub require_headers: &'static [&'static str],
    pub body: Option<&'static str>,
    pub body_media_type: Option<&'static str>,
}

/// Checks `sent` against `expected`, failing with every difference found.
pub fn check_request(sent: &Sent, expected: &Expected) {
    let mut problems = Vec::new();
    if !sent.method.eq_ignore_ascii_case(expected.method) {
        problems.push(format!("method: expected {}, sent {}", expected.method, sent.method));
    }
    let (authority, path, query) = split_uri(&sent.uri);
    if path != expected.uri {
        problems.push(format!("path: expected {:?}, sent {:?}", expected.uri, path));
    }
    if let Some(host) = expected.resolved_host {
        if authority != host {
            problems.push(format!("host: expected {host:?}, sent {authority:?}"));
        }
    }
    let params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    for wanted in expected.query_params {
        if !params.contains(wanted) {
            problems.push(format!("query: expected {wanted:?} in {query:?}"));
        }
    }
    let key = |p: &&str| p.split('=').next().unwrap_or_default().to_owned();
    let keys: Vec<String> = params.iter().map(key).collect();
    for forbidden in expected.forbid_query_params {
        if keys.iter().any(|k| k == forbidden) {
            problems.push(format!("query: {forbidden:?} must not be sent, found in {query:?}"));
        }
    }
    for required in expected.require_query_params {
        if !keys.iter().any(|k| k == required) {
            problems.push(format!("query: {required:?} must be sent, missing from {query:?}"));
        }
    }
    let header =
        |name: &str| -> Vec<&str> { sent.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect() };
    for (name, value) in expected.headers {
        let found = header(name).join(", ");
        if found != *value {
            problems.push(format!("header {name}: expected {value:?}, sent {found:?}"));
        }
    }
    for name in expected.forbid_headers {
        if !header(name).is_empty() {
            problems.push(format!("header {name} must not be sent"));
        }
    }
    for name in expected.require_headers {
        if header(name).is_empty() {
            problems.push(format!("header {name} must be sent"));
        }
    }
    if let Some(body) = expected.body {
        if let Err(problem) = compare_bodies(body, &sent.body, expected.body_media_type) {
            problems.push(format!("body: {problem}"));
        }
    }
    assert!(problems.is_empty(), "the request differs from the expected one:\n  {}\nsent: {sent:?}", problems.join("\n  "));
}

/// `scheme://authority/path?query` split into authority, path and query.
fn split_uri(uri: &str) -> (&str, &str, &str) {
    let rest = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..], query),
        None => (rest, "/", query),
    }
}

fn compare_bodies(expected: &str, sent: &[u8], media_type: Option<&str>) -> Result<(), String> {
    if media_type == Some("application/cbor") {
        return compare_cbor(expected, sent);
    }
    let sent_text = std::str::from_utf8(sent).map_err(|_| format!("expected {expected:?}, sent non-UTF-8 bytes"))?;
    match media_type {
        Some("application/x-www-form-urlencoded") => {
            let (mut want, mut got) = (form_params(expected)?, form_params(sent_text)?);
            want.sort();
            got.sort();
            if want == got {
                Ok(())
            } else {
                let missing: Vec<_> = want.iter().filter(|p| !got.contains(p)).collect();
                let extra: Vec<_> = got.iter().filter(|p| !want.contains(p)).collect();
                Err(format!("form parameters differ: missing {missing:?}, unexpected {extra:?}"))
            }
        }
        Some(xml) if xml.ends_with("xml") => {
            if expected.trim().is_empty() && sent_text.trim().is_empty() {
                return Ok(());
            }
            let (want, got) = (Element::parse(expected)?, Element::parse(sent_text)?);
            if want == got {
                Ok(())
            } else {
                Err(format!("XML differs:\nexpected {want:?}\n    sent {got:?}"))
            }
        }
        Some("application/json") => {
            let parse = |text: &str, what: &str| {
                serde_json::from_str::<serde_json::Value>(text).map_err(|e| format!("the {what} body is not JSON ({e}): {text:?}"))
            };
            let (want, got) = (parse(expected, "expected")?, parse(sent_text, "sent")?);
            if same_json(&want, &got) {
                Ok(())
            } else {
                Err(format!("JSON differs:\nexpected {want}\n    sent {got}"))
            }
        }
        _ if expected == sent_text => Ok(()),
        _ => Err(format!("expected {expected:?}, sent {sent_text:?}")),
    }
}

/// A CBOR body against the expected one (in base64): equal as data, whatever the widths of
/// numbers and lengths.
fn compare_cbor(expected: &str, sent: &[u8]) -> Result<(), String> {
    let want = aws_smithy_types::base64::decode(expected).map_err(|e| format!("the expected body is not base64: {e}"))?;
    if want.is_empty() || sent.is_empty() {
        return if want.is_empty() && sent.is_empty() { Ok(()) } else { Err(format!("expected {want:02x?}, sent {sent:02x?}")) };
    }
    let (want, got) =
        (Cbor::parse(&want).map_err(|e| format!("expected body: {e}"))?, Cbor::parse(sent).map_err(|e| format!("sent body: {e}"))?);
    if want.same_as(&got) {
        Ok(())
    } else {
        Err(format!("CBOR differs:\nexpected {want:?}\n    sent {got:?}"))
    }
}

/// A CBOR data item, as the comparison sees it.
#[derive(Debug)]
enum Cbor {
    Int(i128),
    Float(f64),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Cbor>),
    Map(Vec<(Cbor, Cbor)>),
    Tag(u64, Box<Cbor>),
    Bool(bool),
    Null,
    Undefined,
}

impl Cbor {
    fn parse(bytes: &[u8]) -> Result<Cbor, String> {
        let mut d = minicbor::Decoder::new(bytes);
        let item = Cbor::item(&mut d)?;
        if d.position() != bytes.len() {
            return Err(format!("{} bytes after the document", bytes.len() - d.position()));
        }
        Ok(item)
    }

    fn item(d: &mut minicbor::Decoder<'_>) -> Result<Cbor, String> {
        use minicbor::data::Type;
        let e = |e: minicbor::decode::Error| e.to_string();
        Ok(match d.datatype().map_err(e)? {
            Type::Bool => Cbor::Bool(d.bool().map_err(e)?),
            Type::Null => {
                d.null().map_err(e)?;
                Cbor::Null
            }
            Type::Undefined => {
                d.undefined().map_err(e)?;
                Cbor::Undefined
            }
            Type::U8 | Type::U16 | Type::U32 | Type::U64 | Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => {
                Cbor::Int(i128::from(d.int().map_err(e)?))
            }
            Type::F16 | Type::F32 | Type::F64 => Cbor::Float(d.f64().map_err(e)?),
            Type::Bytes | Type::BytesIndef => {
                let mut bytes = Vec::new();
                for chunk in d.bytes_iter().map_err(e)? {
                    bytes.extend_from_slice(chunk.map_err(e)?);
                }
                Cbor::Bytes(bytes)
            }
            Type::String | Type::StringIndef => {
                let mut text = String::new();
                for chunk in d.str_iter().map_err(e)? {
                    text.push_str(chunk.map_err(e)?);
                }
                Cbor::Text(text)
            }
            Type::Array | Type::ArrayIndef => {
                let length = d.array().map_err(e)?;
                let mut items = Vec::new();
                while length.is_some_and(|n| (items.len() as u64) < n) || length.is_none() && !Cbor::at_break(d)? {
                    items.push(Cbor::item(d)?);
                }
                Cbor::Array(items)
            }
            Type::Map | Type::MapIndef => {
                let length = d.map().map_err(e)?;
                let mut entries = Vec::new();
                while length.is_some_and(|n| (entries.len() as u64) < n) || length.is_none() && !Cbor::at_break(d)? {
                    entries.push((Cbor::item(d)?, Cbor::item(d)?));
                }
                Cbor::Map(entries)
            }
            Type::Tag => {
                let tag = d.tag().map_err(e)?;
                Cbor::Tag(tag.as_u64(), Box::new(Cbor::item(d)?))
            }
            other => return Err(format!("unexpected {other} at byte {}", d.position())),
        })
    }

    fn at_break(d: &mut minicbor::Decoder<'_>) -> Result<bool, String> {
        if d.datatype().map_err(|e| e.to_string())? == minicbor::data::Type::Break {
            d.set_position(d.position() + 1);
            return Ok(true);
        }
        Ok(false)
    }

    /// Equal as data: numbers by value (an integer equals the float of the same value, and
    /// NaN equals NaN), maps whatever their order.
    fn same_as(&self, other: &Cbor) -> bool {
        match (self, other) {
            (Cbor::Int(a), Cbor::Int(b)) => a == b,
            (Cbor::Float(a), Cbor::Float(b)) => a == b || a.is_nan() && b.is_nan(),
            (Cbor::Int(i), Cbor::Float(f)) | (Cbor::Float(f), Cbor::Int(i)) => *i as f64 == *f,
            (Cbor::Bytes(a), Cbor::Bytes(b)) => a == b,
            (Cbor::Text(a), Cbor::Text(b)) => a == b,
            (Cbor::Array(a), Cbor::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.same_as(b)),
            (Cbor::Map(a), Cbor::Map(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.iter().any(|(k2, v2)| k.same_as(k2) && v.same_as(v2)))
            }
            (Cbor::Tag(t, a), Cbor::Tag(u, b)) => t == u && a.same_as(b),
            (Cbor::Bool(a), Cbor::Bool(b)) => a == b,
            (Cbor::Null, Cbor::Null) | (Cbor::Undefined, Cbor::Undefined) => true,
            _ => false,
        }
    }
}

/// JSON values equal as data: numbers by value (`1` equals `1.0`), objects whatever their order.
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w))),
        _ => a == b,
    }
}

/// The decoded `key=value` pairs of a form body.
fn form_params(body: &str) -> Result<Vec<(String, String)>, String> {
    body.split('&')
        .filter(|p| !p.trim().is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((percent_decode(k.trim())?, percent_decode(v.trim())?))
        })
        .collect()
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3).ok_or_else(|| format!("truncated escape in {s:?}"))?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| format!("bad escape %{hex} in {s:?}"))?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| format!("{s:?} does not decode to UTF-8"))
}

/// An XML element as compared: name, attributes (namespaces included) in any order,
/// trimmed text, and children (see `canonicalize`).
#[derive(Debug, PartialEq)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    /// Orders the children so that documents that mean the same compare equal: structure
    /// members (differently named siblings) in any order, and map entries (runs of
    /// same-named siblings that are each a key and a value) in any order; list items, the
    /// other same-named siblings, keep theirs.
    fn canonicalize(&mut self) {
        self.children.sort_by(|a, b| a.name.cmp(&b.name));
        let mut start = 0;
        while start < self.children.len() {
            let name = self.children[start].name.clone();
            let end = start + self.children[start..].iter().take_while(|c| c.name == name).count();
            let run = &mut self.children[start..end];
            let entries = run.len() > 1
                && run.iter().all(|c| c.children.len() == 2)
                && run.iter().all(|c| c.children[0].name == run[0].children[0].name && c.children[1].name == run[0].children[1].name);
            if entries && (name == "entry" || run[0].children[0].name != run[0].children[1].name) {
                run.sort_by_key(|c| format!("{c:?}"));
            }
            start = end;
        }
    }

    fn parse(text: &str) -> Result<Element, String> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(text);
        let mut stack: Vec<Element> = Vec::new();
        let open = |e: &quick_xml::events::BytesStart<'_>| -> Result<Element, String> {
            let mut attributes = Vec::new();
            for a in e.attributes() {
                let a = a.map_err(|e| e.to_string())?;
                let value = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
                attributes.push((a.key.as_ref().to_owned(), value));
            }
            attributes.sort();
            Ok(Element { name: e.name().as_ref().to_owned(), attributes, text: String::new(), children: Vec::new() })
        };
        loop {
            match reader.read_event().map_err(|e| format!("invalid XML: {e}"))? {
                Event::Start(e) => stack.push(open(&e)?),
                Event::Empty(e) => {
                    let element = open(&e)?;
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => return Ok(element),
                    }
                }
                Event::End(_) => {
                    let mut element = stack.pop().ok_or("unbalanced XML")?;
                    element.text = element.text.trim().to_owned();
                    element.canonicalize();
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => return Ok(element),
                    }
                }
                Event::Text(t) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(top) = stack.last_mut() {
                        match r.resolve_char_ref().map_err(|e| e.to_string())? {
                            Some(c) => top.text.push(c),
                            None => {
                                let name = r.into_inner();
                                let value = quick_xml::escape::resolve_predefined_entity(&name)
                                    .ok_or_else(|| format!("unknown XML entity &{name};"))?;
                                top.text.push_str(value);
                            }
                        }
                    }
                }
                Event::CData(t) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&t.into_inner());
                    }
                }
                Event::Eof => return Err("the XML document has no root element".into()),
                _ => {}
            }
        }
    }
}

/// Equality as protocol tests mean it: NaN equals NaN.
pub trait Same {
    fn same(&self, other: &Self) -> bool;
}

macro_rules! same_by_eq {
    ($($t:ty),*) => {$(
        impl Same for $t {
            fn same(&self, other: &Self) -> bool {
                self == other
            }
        }
    )*};
}
same_by_eq!(
    bool,
    i8,
    i16,
    i32,
    i64,
    String,
    aws_smithy_types::Blob,
    aws_smithy_types::DateTime,
    aws_smithy_types::BigInteger,
    aws_smithy_types::BigDecimal
);

impl Same for aws_smithy_types::Document {
    fn same(&self, other: &Self) -> bool {
        use aws_smithy_types::{Document, Number};
        let number = |n: &Number| match *n {
            Number::PosInt(i) => i as f64,
            Number::NegInt(i) => i as f64,
            Number::Float(f) => f,
        };
        match (self, other) {
            (Document::Number(a), Document::Number(b)) => number(a).same(&number(b)),
            (Document::Array(a), Document::Array(b)) => a.same(b),
            (Document::Object(a), Document::Object(b)) => a.same(b),
            _ => self == other,
        }
    }
}

impl Same for f32 {
    fn same(&self, other: &Self) -> bool {
        self == other || (self.is_nan() && other.is_nan())
    }
}

impl Same for f64 {
    fn same(&self, other: &Self) -> bool {
        self == other || (self.is_nan() && other.is_nan())
    }
}

impl<T: Same> Same for Option<T> {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.same(b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl<T: Same> Same for Box<T> {
    fn same(&self, other: &Self) -> bool {
        (**self).same(other)
    }
}

impl<T: Same> Same for Vec<T> {
    fn same(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.same(b))
    }
}

impl<K: Eq + std::hash::Hash, T: Same> Same for HashMap<K, T> {
    fn same(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k).is_some_and(|o| v.same(o)))
    }
}

/// Fails the test when a member differs from what the test expects.
pub fn check_member<T: Same + std::fmt::Debug>(name: &str, actual: &T, expected: &T) {
    assert!(actual.same(expected), "member {name}: expected {expected:?}, got {actual:?}");
}

/// Compares a streamed member by its bytes, read to the end.
pub async fn check_stream(
    name: &str,
    actual: aws_smithy_types::byte_stream::ByteStream,
    expected: aws_smithy_types::byte_stream::ByteStream,
) {
    let actual = actual.collect().await.expect("the output's stream reads").into_bytes();
    let expected = expected.collect().await.expect("the expected stream reads").into_bytes();
    assert_eq!(actual, expected, "member {name}");
}

/// The caller's events of an event-stream case, as the `Stream` an `EventStreamSender`
/// takes (without a futures crate).
pub struct Ready<I>(pub I);

impl<I: Iterator + Unpin> futures_core::Stream for Ready<I> {
    type Item = I::Item;
    fn poll_next(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}

/// One event-stream message: its headers (name, type, value bytes) in order, and payload.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMessage {
    pub headers: Vec<(String, u8, Vec<u8>)>,
    pub payload: Vec<u8>,
}

/// The messages of an event-stream body, read independently of the crate's decoder (the
/// lengths and header encoding of amazon-eventstream; CRCs are the crate's own tests').
pub fn event_messages(mut bytes: &[u8]) -> Result<Vec<EventMessage>, String> {
    let be32 = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let mut out = Vec::new();
    while !bytes.is_empty() {
        if bytes.len() < 16 {
            return Err(format!("{} bytes left, less than a message", bytes.len()));
        }
        let (total, headers_len) = (be32(&bytes[0..4]), be32(&bytes[4..8]));
        if total > bytes.len() || 12 + headers_len + 4 > total {
            return Err(format!("a message of {total} bytes with {headers_len} of headers does not fit"));
        }
        let mut headers_bytes = &bytes[12..12 + headers_len];
        let mut headers = Vec::new();
        while !headers_bytes.is_empty() {
            let name_len = usize::from(headers_bytes[0]);
            let name = String::from_utf8_lossy(&headers_bytes[1..1 + name_len]).into_owned();
            let kind = headers_bytes[1 + name_len];
            let rest = &headers_bytes[2 + name_len..];
            let value_len = match kind {
                0 | 1 => 0,
                2 => 1,
                3 => 2,
                4 => 4,
                5 | 8 => 8,
                9 => 16,
                6 | 7 => 2 + usize::from(u16::from_be_bytes([rest[0], rest[1]])),
                other => return Err(format!("header {name} has unknown type {other}")),
            };
            let value = match kind {
                6 | 7 => rest[2..value_len].to_vec(),
                _ => rest[..value_len].to_vec(),
            };
            headers.push((name, kind, value));
            headers_bytes = &rest[value_len..];
        }
        let payload = bytes[12 + headers_len..total - 4].to_vec();
        out.push(EventMessage { headers, payload });
        bytes = &bytes[total..];
    }
    Ok(out)
}

/// What a sent event is expected to be: the case's message (base64) and its body's media type.
pub struct ExpectedEvent {
    pub bytes: &'static str,
    pub media_type: Option<&'static str>,
}

/// Checks an event-stream request body: each message is wrapped in a signed one, and the
/// messages inside are the expected ones (headers in any order, JSON payloads as data),
/// then the empty signed message that ends the stream.
pub fn check_sent_events(body: &[u8], expected: &[ExpectedEvent]) {
    let envelopes = event_messages(body).unwrap_or_else(|e| panic!("the request body is not event-stream messages: {e}"));
    assert_eq!(envelopes.len(), expected.len() + 1, "every event, then the empty message that ends the stream");
    for envelope in &envelopes {
        let names: Vec<&str> = envelope.headers.iter().map(|(n, _, _)| n.as_str()).collect();
        assert!(names.contains(&":chunk-signature") && names.contains(&":date"), "an unsigned message: {names:?}");
    }
    assert!(envelopes[expected.len()].payload.is_empty(), "the last message is empty");
    for (i, (envelope, want)) in envelopes.iter().zip(expected).enumerate() {
        let sent = event_messages(&envelope.payload).unwrap_or_else(|e| panic!("message {i} wraps no message: {e}"));
        let want_bytes = aws_smithy_types::base64::decode(want.bytes).expect("the case's bytes are base64");
        let want_message = event_messages(&want_bytes).expect("the case's bytes are a message");
        let ([sent], [wanted]) = (&sent[..], &want_message[..]) else { panic!("message {i} wraps {} messages", sent.len()) };
        let mut sent_headers = sent.headers.clone();
        let mut wanted_headers = wanted.headers.clone();
        sent_headers.sort();
        wanted_headers.sort();
        assert_eq!(sent_headers, wanted_headers, "message {i}'s headers");
        if want.media_type == Some("application/json") {
            let parse = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).expect("a JSON payload");
            let (a, b) = (parse(&sent.payload), parse(&wanted.payload));
            assert!(same_json(&a, &b), "message {i}'s payload: expected {b}, sent {a}");
        } else {
            assert_eq!(sent.payload, wanted.payload, "message {i}'s payload");
        }
    }
}

/// The bytes of a case's messages (base64 each), one after the other.
pub fn event_bytes(messages: &[&str]) -> Vec<u8> {
    messages.iter().flat_map(|m| aws_smithy_types::base64::decode(m).expect("the case's bytes are base64")).collect()
}
