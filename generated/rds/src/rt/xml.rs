//! A pull decoder over XML documents (quick-xml), driven by the schema tables.

use super::codec::{DecodeError, Decoder, StructValue};
use super::protocol::ErrorEnvelope;
use super::schema::{ListSchema, MapSchema};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

pub(crate) struct XmlDecoder<'a> {
    reader: Reader<&'a [u8]>,
    /// The element the decoder is on was self-closing, so it has no content to read.
    empty: bool,
    /// The start tag of the element the decoder is on, for its attributes.
    start: Option<BytesStart<'a>>,
    /// Set before decoding an ec2Query output: the next structure read is the response
    /// element, whose `<requestId>` child is kept in `request_id`.
    pub(crate) capture_request_id: bool,
    pub(crate) request_id: Option<String>,
}

impl<'a> XmlDecoder<'a> {
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn new(document: &'a str) -> Self {
        Self { reader: Reader::from_str(document), empty: false, start: None, capture_request_id: false, request_id: None }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn event(&mut self) -> Result<Event<'a>, DecodeError> {
        match self.reader.read_event() {
            Ok(Event::Eof) => Err(DecodeError::new(format!(
                "the XML document ends early, at byte {}, inside an unclosed element",
                self.reader.buffer_position()
            ))),
            Ok(event) => Ok(event),
            Err(e) => Err(DecodeError::new(format!("malformed XML at byte {}: {e}", self.reader.error_position()))),
        }
    }

    /// Moves onto the document's root element and returns what `pick` makes of its local name.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn root<R>(&mut self, pick: impl FnOnce(&[u8]) -> R) -> Result<R, DecodeError> {
        loop {
            let event = match self.reader.read_event() {
                Ok(Event::Eof) => return Err(DecodeError::new("the response body has no XML element")),
                Ok(event) => event,
                Err(e) => return Err(DecodeError::new(format!("malformed XML at byte {}: {e}", self.reader.error_position()))),
            };
            match event {
                Event::Start(e) => {
                    self.empty = false;
                    let picked = pick(e.local_name().as_ref().as_bytes());
                    self.start = Some(e);
                    return Ok(picked);
                }
                Event::Empty(e) => {
                    self.empty = true;
                    let picked = pick(e.local_name().as_ref().as_bytes());
                    self.start = Some(e);
                    return Ok(picked);
                }
                Event::Text(t) if !t.xml10_content().trim().is_empty() => {
                    return Err(DecodeError::new("the response body is not XML: text before the first element"))
                }
                _ => {}
            }
        }
    }

    /// Moves onto the next child element of the current one and returns what `pick` makes
    /// of its local name, or `None` once the current element has ended. The caller must
    /// then consume the child (read it or `skip` it) before asking for the next one.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn next_child<R>(&mut self, pick: impl FnOnce(&[u8]) -> R) -> Result<Option<R>, DecodeError> {
        if std::mem::take(&mut self.empty) {
            return Ok(None);
        }
        loop {
            match self.event()? {
                Event::Start(e) => {
                    let picked = pick(e.local_name().as_ref().as_bytes());
                    self.start = Some(e);
                    return Ok(Some(picked));
                }
                Event::Empty(e) => {
                    let picked = pick(e.local_name().as_ref().as_bytes());
                    self.empty = true;
                    self.start = Some(e);
                    return Ok(Some(picked));
                }
                Event::End(_) => return Ok(None),
                _ => {}
            }
        }
    }

    /// Decodes the `@xmlAttribute` members of `target` from the attributes of the element the
    /// decoder is on.
    #[cfg_attr(debug_assertions, inline)]
    fn attributes<S: StructValue>(&mut self, target: &mut S) -> Result<(), DecodeError> {
        let schema = target.schema();
        let Some(start) = self.start.clone() else { return Ok(()) };
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| DecodeError::new(format!("malformed XML attribute: {e}")))?;
            let name = attribute.key.local_name();
            let found =
                schema.members.iter().position(|m| m.attribute && (m.body_name == attribute.key.as_ref() || m.body_name == name.as_ref()));
            if let Some(index) = found {
                let member = &schema.members[index];
                let value = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| DecodeError::new(format!("malformed XML attribute value: {e}")))?;
                let mut d = AttributeDecoder { value };
                target.merge_field(index, member, &mut d).map_err(|e| e.in_member(schema.name, member.name))?;
            }
        }
        Ok(())
    }

    /// Reads a map entry's children: the key first, then the value.
    #[cfg_attr(debug_assertions, inline)]
    fn entry<F: FnMut(String, &mut Self) -> Result<(), DecodeError>>(
        &mut self,
        schema: &'static MapSchema,
        entry: &mut F,
    ) -> Result<(), DecodeError> {
        let mut key = None;
        while let Some(which) = self.next_child(|n| {
            if n == schema.key.body_name.as_bytes() {
                1
            } else if n == schema.value.body_name.as_bytes() {
                2
            } else {
                0
            }
        })? {
            match which {
                1 => key = Some(self.text()?.into_owned()),
                2 => {
                    let Some(key) = key.take() else {
                        return Err(DecodeError::new(format!(
                            "a map entry has <{}> before its <{}>",
                            schema.value.body_name, schema.key.body_name
                        )));
                    };
                    entry(key, self)?;
                }
                _ => self.skip()?,
            }
        }
        Ok(())
    }
}

impl Decoder for XmlDecoder<'_> {
    #[cfg_attr(debug_assertions, inline)]
    fn text(&mut self) -> Result<Cow<'_, str>, DecodeError> {
        if std::mem::take(&mut self.empty) {
            return Ok(Cow::Borrowed(""));
        }
        let mut text: Cow<'_, str> = Cow::Borrowed("");
        loop {
            match self.event()? {
                Event::Text(t) => append(&mut text, t.xml10_content()),
                Event::CData(c) => append(&mut text, c.into_inner()),
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().map_err(|e| DecodeError::new(format!("bad character reference: {e}")))? {
                        append(&mut text, Cow::Owned(c.to_string()));
                    } else {
                        let name = r.into_inner();
                        let Some(value) = quick_xml::escape::resolve_predefined_entity(&name) else {
                            return Err(DecodeError::new(format!("unknown XML entity &{name};")));
                        };
                        append(&mut text, Cow::Borrowed(value));
                    }
                }
                Event::Start(_) => {
                    // Mixed content: nested elements carry no part of a scalar's text.
                    self.skip()?;
                }
                Event::End(_) => return Ok(text),
                _ => {}
            }
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn list<F: FnMut(&mut Self) -> Result<(), DecodeError>>(
        &mut self,
        schema: &'static ListSchema,
        mut item: F,
    ) -> Result<(), DecodeError> {
        let name = schema.member.body_name.as_bytes();
        while let Some(is_item) = self.next_child(|n| n == name)? {
            if is_item {
                item(self)?;
            } else {
                self.skip()?;
            }
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn map<F: FnMut(String, &mut Self) -> Result<(), DecodeError>>(
        &mut self,
        schema: &'static MapSchema,
        flattened: bool,
        mut entry: F,
    ) -> Result<(), DecodeError> {
        if flattened {
            return self.entry(schema, &mut entry);
        }
        while let Some(is_entry) = self.next_child(|n| n == b"entry")? {
            if is_entry {
                self.entry(schema, &mut entry)?;
            } else {
                self.skip()?;
            }
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, target: &mut S) -> Result<(), DecodeError> {
        const REQUEST_ID: usize = usize::MAX;
        let schema = target.schema();
        if schema.members.iter().any(|m| m.attribute) {
            self.attributes(target)?;
        }
        let capture = std::mem::take(&mut self.capture_request_id);
        let mut hint = 0;
        while let Some(found) = self.next_child(|n| match schema.member_by_body_name(n, hint) {
            None if capture && n == b"requestId" => Some(REQUEST_ID),
            Some(index) if schema.members[index].attribute => None,
            found => found,
        })? {
            match found {
                Some(REQUEST_ID) => self.request_id = Some(self.text()?.trim().to_owned()),
                Some(index) => {
                    hint = index + 1;
                    let m = &schema.members[index];
                    target.merge_field(index, m, self).map_err(|e| e.in_member(schema.name, m.name))?;
                }
                None => self.skip()?,
            }
        }
        Ok(())
    }

    #[cfg_attr(debug_assertions, inline)]
    fn skip(&mut self) -> Result<(), DecodeError> {
        if std::mem::take(&mut self.empty) {
            return Ok(());
        }
        let mut depth = 1usize;
        loop {
            match self.event()? {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
    }
}

/// Positions `d` (inside the root element) on the `<Error>` element and hands it to `on_error`.
/// awsQuery nests it as `<ErrorResponse><Error>`, ec2Query as `<Response><Errors><Error>`.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn walk_to_error(
    d: &mut XmlDecoder<'_>,
    on_error: &mut dyn FnMut(&mut XmlDecoder<'_>) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    while let Some(which) = d.next_child(|n| match n {
        b"Error" => 1,
        b"Errors" => 2,
        _ => 0,
    })? {
        match which {
            1 => on_error(d)?,
            2 => walk_to_error(d, on_error)?,
            _ => d.skip()?,
        }
    }
    Ok(())
}

/// The code, message and request id of `<ErrorResponse><Error>…` (awsQuery, restXml),
/// `<Response><Errors><Error>…` (ec2Query), or a bare `<Error>…` (restXml's
/// `noErrorWrapping`, which keeps the request id inside it).
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn parse_error_envelope(body: &str) -> Result<ErrorEnvelope, DecodeError> {
    let mut d = XmlDecoder::new(body);
    let root = d.root(|n| match n {
        b"ErrorResponse" | b"Response" => Some(true),
        b"Error" => Some(false),
        _ => None,
    })?;
    let mut envelope = ErrorEnvelope::default();
    match root {
        None => return Err(DecodeError::new("expected an <ErrorResponse> or <Error> document")),
        Some(false) => {
            read_error(&mut envelope, &mut d)?;
            envelope.kind = envelope.code.clone();
            return Ok(envelope);
        }
        Some(true) => {}
    }
    // Request ids sit beside the <Error> element; read them while walking to it.
    loop {
        let which = d.next_child(|n| match n {
            b"Error" => 1,
            b"Errors" => 2,
            b"RequestId" | b"RequestID" => 3,
            _ => 0,
        })?;
        match which {
            None => break,
            Some(1) => read_error(&mut envelope, &mut d)?,
            Some(2) => {
                while let Some(is_error) = d.next_child(|n| n == b"Error")? {
                    if is_error {
                        read_error(&mut envelope, &mut d)?;
                    } else {
                        d.skip()?;
                    }
                }
            }
            Some(3) => envelope.request_id = Some(d.text()?.into_owned()),
            Some(_) => d.skip()?,
        }
    }
    envelope.kind = envelope.code.clone();
    Ok(envelope)
}

#[cfg_attr(debug_assertions, inline)]
fn read_error(envelope: &mut ErrorEnvelope, d: &mut XmlDecoder<'_>) -> Result<(), DecodeError> {
    while let Some(which) = d.next_child(|n| match n {
        b"Code" => 1,
        b"Message" => 2,
        b"RequestId" => 3,
        _ => 0,
    })? {
        match which {
            1 => envelope.code = Some(d.text()?.trim().to_owned()),
            2 => envelope.message = Some(d.text()?.into_owned()),
            3 => envelope.request_id = Some(d.text()?.trim().to_owned()),
            _ => d.skip()?,
        }
    }
    Ok(())
}

/// The value of an attribute, which only scalars can be.
struct AttributeDecoder<'v> {
    value: Cow<'v, str>,
}

impl Decoder for AttributeDecoder<'_> {
    #[cfg_attr(debug_assertions, inline)]
    fn text(&mut self) -> Result<Cow<'_, str>, DecodeError> {
        Ok(Cow::Borrowed(&self.value))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn list<F: FnMut(&mut Self) -> Result<(), DecodeError>>(&mut self, _: &'static ListSchema, _: F) -> Result<(), DecodeError> {
        Err(DecodeError::new("an XML attribute cannot hold a list"))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn map<F: FnMut(String, &mut Self) -> Result<(), DecodeError>>(
        &mut self,
        _: &'static MapSchema,
        _: bool,
        _: F,
    ) -> Result<(), DecodeError> {
        Err(DecodeError::new("an XML attribute cannot hold a map"))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn structure<S: StructValue>(&mut self, _: &mut S) -> Result<(), DecodeError> {
        Err(DecodeError::new("an XML attribute cannot hold a structure"))
    }
    #[cfg_attr(debug_assertions, inline)]
    fn skip(&mut self) -> Result<(), DecodeError> {
        Ok(())
    }
}

#[cfg_attr(debug_assertions, inline)]
fn append<'a>(text: &mut Cow<'a, str>, more: Cow<'a, str>) {
    if text.is_empty() {
        *text = more;
    } else {
        text.to_mut().push_str(&more);
    }
}
